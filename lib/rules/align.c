/*
** align.c — topic normalisation, similarity and plan alignment (P06, F03,
** F04).  See align.h for the definitions.
*/
#include "rules/align.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MAX_WORD_CP 64

/* Lesson-type words and fillers that say nothing about the content. */
static const char *const type_words[] = {
	"практическая", "практическое", "практические", "практической", "практическим",
	"практика", "практикум",
	"лабораторная", "лабораторное", "лабораторные", "лабораторной",
	"контрольная", "контрольной", "контрольные", "проверочная", "проверочной",
	"самостоятельная", "самостоятельной", "зачетная", "зачетной", "зачет",
	"работа", "работы", "работе", "занятие", "занятия", "урок", "урока",
	"тема", "теме", "темы", "экскурсия", "экскурсии", "тест", "тестирование",
	"семинар", "консультация", "лекция", "теоретическое", "комбинированное",
	"комбинированный", "дифференцированный", "экзамен", "часть",
};

static uint32_t lower_cp(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 0x20;
	if (cp >= 0x0410 && cp <= 0x042F)
		return cp + 0x20;
	if (cp == 0x0401 || cp == 0x0451)
		return 0x0435;
	return cp;
}

static bool is_letter(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 0x0430 && cp <= 0x044F);
}

static uint32_t fnv(const uint32_t *cp, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= cp[i];
		h *= 16777619u;
	}
	return h;
}

/* Hashes of the type words (of their code points), built on first use,
** with a 256-bit filter on the hash's low byte: most words miss it. */
#define NTYPE (sizeof(type_words) / sizeof(type_words[0]))
static uint32_t type_hash[NTYPE];
static uint64_t type_filter[4];
static bool type_hash_ready;

static void init_type_hash(void)
{
	size_t i, k, o, n;
	uint32_t cp[MAX_WORD_CP];

	for (i = 0; i < NTYPE; i++) {
		const char *w = type_words[i];
		size_t len = strlen(w);
		for (o = 0, n = 0; o < len && n < MAX_WORD_CP; o += k) {
			k = ej_utf8_decode(w + o, len - o, &cp[n]);
			if (!k)
				break;
			n++;
		}
		type_hash[i] = fnv(cp, n);
		type_filter[(type_hash[i] >> 6) & 3] |= 1ull << (type_hash[i] & 63);
	}
	type_hash_ready = true;
}

static bool is_type_word(uint32_t h)
{
	size_t i;

	if (!type_hash_ready)
		init_type_hash();
	if (!(type_filter[(h >> 6) & 3] & (1ull << (h & 63))))
		return false;
	for (i = 0; i < NTYPE; i++)
		if (type_hash[i] == h)
			return true;
	return false;
}

/* Sort a short array of hashes (a topic has a few words): insertion sort. */
static void sort_u32(uint32_t *v, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		uint32_t x = v[i];
		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Finish one word: drop type words and short words, stem, hash.  The stem's
** hash is the running FNV hash after its last letter, so one pass gives
** both it and the whole word's. */
static void flush_word(const uint32_t *cp, size_t n, struct ej_words *out)
{
	size_t stem = n >= 6 ? n - 2 : n == 5 ? n - 1 : n, i;
	uint32_t h = 2166136261u, hs;

	if (n <= 2 || out->n >= EJ_TOPIC_MAX_WORDS)
		return;
	for (i = 0; i < stem; i++) {
		h ^= cp[i];
		h *= 16777619u;
	}
	hs = h;
	for (; i < n; i++) {
		h ^= cp[i];
		h *= 16777619u;
	}
	if (is_type_word(h))
		return;
	out->w[out->n++] = hs;
}

void ej_topic_words(const char *topic, struct ej_words *out)
{
	const unsigned char *p = (const unsigned char *)topic;
	uint32_t word[MAX_WORD_CP], cp;
	size_t len = topic ? strlen(topic) : 0, i = 0, k, wn = 0, r, w;

	out->n = 0;
	while (i < len) {
		unsigned char c = p[i];
		/* Fast paths for ASCII and two-byte sequences (Cyrillic); the
		** rest, and anything malformed, through ej_utf8_decode. */
		if (c < 0x80) {
			cp = c;
			i++;
		} else if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (p[i + 1] & 0xC0) == 0x80) {
			cp = ((uint32_t)(c & 0x1F) << 6) | (p[i + 1] & 0x3F);
			i += 2;
		} else {
			k = ej_utf8_decode(topic + i, len - i, &cp);
			if (k == 0) { i++; continue; }
			i += k;
		}
		cp = lower_cp(cp);
		if (is_letter(cp)) {
			if (wn < MAX_WORD_CP)
				word[wn++] = cp;
			continue;
		}
		flush_word(word, wn, out);
		wn = 0;
	}
	flush_word(word, wn, out);
	sort_u32(out->w, out->n);
	for (r = w = 0; r < out->n; r++)
		if (w == 0 || out->w[w - 1] != out->w[r])
			out->w[w++] = out->w[r];
	out->n = w;
}

double ej_topic_similarity(const struct ej_words *a, const struct ej_words *b)
{
	size_t i = 0, j = 0, common = 0;

	if (!a->n || !b->n)
		return 0;
	while (i < a->n && j < b->n) {
		if (a->w[i] == b->w[j]) { common++; i++; j++; }
		else if (a->w[i] < b->w[j]) i++;
		else j++;
	}
	return 2.0 * (double)common / (double)(a->n + b->n);
}

bool ej_topic_is_russian(const char *topic)
{
	/* ej_utf8_count_scripts, with ASCII and two-byte Cyrillic (leads
	** 0xD0–0xD3: U+0400–U+04FF) counted in place; the rest decoded. */
	const unsigned char *p = (const unsigned char *)(topic ? topic : "");
	size_t n = strlen((const char *)p), i = 0, k, cy = 0, la = 0;
	uint32_t cp;

	while (i < n) {
		unsigned char c = p[i];
		if (c < 0x80) {
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
				la++;
			i++;
			continue;
		}
		if (c >= 0xD0 && c <= 0xD3 && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
			cy++;
			i += 2;
			continue;
		}
		k = ej_utf8_decode((const char *)p + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		if (cp >= 0x0400 && cp <= 0x04FF)
			cy++;
		i += k;
	}
	return cy > 0 && cy >= la;
}

bool ej_topic_is_bare_type(const char *topic)
{
	struct ej_words w;
	const char *p;
	bool has_letters = false;

	/* Any letter at all?  An empty topic is F01's business, not F04's. */
	for (p = topic ? topic : ""; *p; p++)
		if ((unsigned char)*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			has_letters = true;
	if (!has_letters)
		return topic && *topic;
	ej_topic_words(topic, &w);
	return w.n == 0;
}

enum { MOVE_NONE, MOVE_SKIP_LESSON, MOVE_SKIP_PLAN, MOVE_MATCH };

void ej_align_topics(const struct ej_words *lessons, size_t nl,
		     const struct ej_words *plan, size_t np,
		     double min_sim, size_t band, int *match, double *sim)
{
	size_t W = np + 1, i, j;
	double *D = ej_reallocarray(NULL, (nl + 1) * W, sizeof(double));   /* every cell set below */
	double *S = ej_calloc((nl + 1) * W, sizeof(double));
	unsigned char *M = ej_malloc((nl + 1) * W);                 /* likewise */

	/* Similarities within the band; 0 outside it (a pair matches only
	** with a positive similarity). */
	for (i = 0; i < nl; i++) {
		double best = 0;
		size_t lo = i > band ? i - band : 0, hi = band < np && i < np - band ? i + band + 1 : np;
		for (j = lo; j < hi; j++) {
			double s = ej_topic_similarity(&lessons[i], &plan[j]);
			if (s > best)
				best = s;
			S[(i + 1) * W + j + 1] = s;
		}
		match[i] = -1;
		if (sim)
			sim[i] = best;
	}
	for (i = 0; i <= nl; i++) {
		for (j = 0; j <= np; j++) {
			double best = 0;
			unsigned char mv = MOVE_NONE;
			if (i > 0 && D[(i - 1) * W + j] >= best) {
				best = D[(i - 1) * W + j];
				mv = MOVE_SKIP_LESSON;
			}
			if (j > 0 && D[i * W + j - 1] > best) {
				best = D[i * W + j - 1];
				mv = MOVE_SKIP_PLAN;
			} else if (j > 0 && mv == MOVE_NONE) {
				mv = MOVE_SKIP_PLAN;
			}
			if (i > 0 && j > 0) {
				double s = S[i * W + j];
				if (s >= min_sim && s > 0 && D[(i - 1) * W + j - 1] + s > best) {
					best = D[(i - 1) * W + j - 1] + s;
					mv = MOVE_MATCH;
				}
			}
			D[i * W + j] = best;
			M[i * W + j] = mv;
		}
	}
	i = nl;
	j = np;
	while (i > 0 || j > 0) {
		unsigned char mv = M[i * W + j];
		if (mv == MOVE_MATCH) {
			match[i - 1] = (int)(j - 1);
			if (sim)
				sim[i - 1] = S[i * W + j];
			i--; j--;
		} else if (mv == MOVE_SKIP_LESSON) {
			i--;
		} else {
			j--;
		}
	}
	free(D);
	free(S);
	free(M);
}
