/*
** align.h — topic text for the F and P rules: normalised word sets, their
** similarity, and the in-order alignment of held lessons with the thematic
** plan that rule P06 uses (§3.3).
**
** Normalising a topic (rules.md P06): lower case, ё→е, punctuation and
** numbers removed, lesson-type words («практическая», «работа», «№» …)
** removed, words of one or two letters dropped, and a crude Russian stem
** (a word of 6+ letters loses its last two, of 5 letters its last one) so
** «Циклы» and «цикл» compare equal.  A word set is sorted unique hashes.
*/
#ifndef EJ_RULES_ALIGN_H
#define EJ_RULES_ALIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EJ_TOPIC_MAX_WORDS 48

struct ej_words {
	uint32_t w[EJ_TOPIC_MAX_WORDS];
	size_t n;
};

/* Fill out with the normalised word set of topic (NULL = empty). */
void ej_topic_words(const char *topic, struct ej_words *out);

/* Dice coefficient 2|A∩B| / (|A|+|B|) in [0, 1]; 0 when either is empty. */
double ej_topic_similarity(const struct ej_words *a, const struct ej_words *b);

/* §2.5.4: a topic is in Russian when it has Cyrillic letters and no fewer
** Cyrillic than Latin letters (SQL, Python inside a Russian phrase are fine). */
bool ej_topic_is_russian(const char *topic);

/* §2.5.4: true when nothing is left of the topic once the lesson-type name
** and its number are removed («Практическая работа №3»). */
bool ej_topic_is_bare_type(const char *topic);

/*
** Align lessons (in date order) with plan rows (in lesson_no order): a
** monotone one-to-one matching that maximises the summed similarity, only
** pairs with similarity >= min_sim and |i − j| <= band may match.
** match[i] = matched plan index or −1; sim[i] (optional) = the similarity
** of the match, or of the best plan row within the band when unmatched.
*/
void ej_align_topics(const struct ej_words *lessons, size_t nl,
		     const struct ej_words *plan, size_t np,
		     double min_sim, size_t band, int *match, double *sim);

#endif
