/*
** fio.c — Russian personal names: «Фамилия Имя Отчество» ↔ «Фамилия И. О.».
**
** A name is split into words at blanks (ASCII blanks and NBSP); after the
** surname, dots also end a word, so «И.И.» is two initials.  The Turkic
** patronymic particles («оглы», «кызы», …) are words of the patronymic and
** give no initial: «Алиев Рашид Тимур оглы» → «Алиев Р. Т.».
*/
#include "util/fio.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 16

struct word {
	const char *p;
	size_t n;
	bool dotted;     /* followed by a dot («И.») */
};

struct fio {
	struct word surname;
	struct word given[MAX_WORDS];    /* given names and patronymic words */
	size_t ngiven;
};

static size_t blank_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\v' || *s == '\f')
		return 1;
	if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
	    (unsigned char)s[2] == 0xBF)
		return 3;                 /* a stray BOM is a blank here */
	return 0;
}

/* Split s into blank-separated words (up to max); returns the count. */
static size_t split_blanks(const char *s, struct word *w, size_t max)
{
	size_t n = 0, k;

	while (*s) {
		const char *b;
		while ((k = blank_len(s)) > 0)
			s += k;
		if (!*s)
			break;
		b = s;
		while (*s && blank_len(s) == 0)
			s++;
		if (n < max) {
			w[n].p = b;
			w[n].n = (size_t)(s - b);
			w[n].dotted = false;
			n++;
		}
	}
	return n;
}

/* Number of code points in a word, and its first code point. */
static size_t word_cps(const struct word *w, uint32_t *first)
{
	size_t i = 0, k, n = 0;
	uint32_t cp;

	*first = 0;
	while (i < w->n) {
		k = ej_utf8_decode(w->p + i, w->n - i, &cp);
		if (k == 0)
			k = 1, cp = 0xFFFD;
		if (n == 0)
			*first = cp;
		n++;
		i += k;
	}
	return n;
}

/* «И.», «И.О.», «И.О», «И»: one-letter pieces separated by dots. */
static bool is_initials_word(const struct word *w)
{
	size_t i = 0, k;
	uint32_t cp;
	bool want_letter = true;

	if (w->n == 0)
		return false;
	while (i < w->n) {
		if (want_letter) {
			k = ej_utf8_decode(w->p + i, w->n - i, &cp);
			if (k == 0 || cp == '.' || cp == '-')
				return false;
			i += k;
			want_letter = false;
		} else {
			if (w->p[i] != '.')
				return false;
			i++;
			want_letter = true;
		}
	}
	return true;
}

static bool is_particle(const struct word *w)
{
	static const char *const particles[] = {
		"оглы", "оглу", "улы", "уулу", "кызы", "гызы"
	};
	char low[16];
	size_t i = 0, k, o = 0;
	uint32_t cp;

	if (w->n > 8)                   /* four Cyrillic letters at most */
		return false;
	while (i < w->n) {
		k = ej_utf8_decode(w->p + i, w->n - i, &cp);
		if (k == 0)
			return false;
		o += ej_utf8_encode(ej_utf8_lower_cp(cp, true), low + o);
		i += k;
	}
	low[o] = '\0';
	for (i = 0; i < sizeof(particles) / sizeof(particles[0]); i++)
		if (strcmp(low, particles[i]) == 0)
			return true;
	return false;
}

/* Split one word at dots into pieces appended to f->given. */
static void add_given(struct fio *f, const struct word *w)
{
	size_t i = 0, b;

	while (i < w->n) {
		b = i;
		while (i < w->n && w->p[i] != '.')
			i++;
		if (i > b && f->ngiven < MAX_WORDS) {
			struct word *g = &f->given[f->ngiven++];
			g->p = w->p + b;
			g->n = i - b;
			g->dotted = i < w->n;
		}
		while (i < w->n && w->p[i] == '.')
			i++;
	}
}

/*
** Parse a name.  Normally the surname comes first; «И. И. Иванов» (initials
** first, as signatures are written) is recognised too.  Returns false for
** an empty name.
*/
static bool fio_parse(const char *s, struct fio *f)
{
	struct word w[MAX_WORDS];
	size_t n, i, sur = 0;

	memset(f, 0, sizeof(*f));
	if (!s)
		return false;
	n = split_blanks(s, w, MAX_WORDS);
	if (n == 0)
		return false;
	if (n > 1 && is_initials_word(&w[0]) && !is_initials_word(&w[n - 1])) {
		bool all = true;
		for (i = 0; i + 1 < n; i++)
			all = all && is_initials_word(&w[i]);
		if (all)
			sur = n - 1;
	}
	f->surname = w[sur];
	for (i = 0; i < n; i++)
		if (i != sur)
			add_given(f, &w[i]);
	return true;
}

/* Append the upper-case first letter of each given word (not particles), at most two. */
static void put_initials(struct ej_buf *b, const struct fio *f, const char *sep, bool lower)
{
	size_t i, got = 0;
	uint32_t cp;
	char enc[4];

	for (i = 0; i < f->ngiven && got < 2; i++) {
		if (is_particle(&f->given[i]))
			continue;
		word_cps(&f->given[i], &cp);
		cp = lower ? ej_utf8_lower_cp(cp, true) : ej_utf8_upper_cp(cp);
		if (got)
			ej_buf_adds(b, sep);
		ej_buf_add(b, enc, ej_utf8_encode(cp, enc));
		ej_buf_addc(b, '.');
		got++;
	}
}

static bool has_initials(const struct fio *f)
{
	size_t i;

	for (i = 0; i < f->ngiven; i++)
		if (!is_particle(&f->given[i]))
			return true;
	return false;
}

char *ej_fio_short(const char *full)
{
	struct ej_buf b;
	struct fio f;

	ej_buf_init(&b, 0);
	if (fio_parse(full, &f)) {
		ej_buf_add(&b, f.surname.p, f.surname.n);
		if (has_initials(&f)) {
			ej_buf_addc(&b, ' ');
			put_initials(&b, &f, " ", false);
		}
	}
	return ej_buf_detach(&b, NULL);
}

/* All words (dots dropped) in lower case with ё→е, one space apart. */
char *ej_fio_key_full(const char *name)
{
	struct ej_buf b;
	struct fio f;
	size_t i;
	char *raw, *low;

	ej_buf_init(&b, 0);
	if (fio_parse(name, &f)) {
		ej_buf_add(&b, f.surname.p, f.surname.n);
		for (i = 0; i < f.ngiven; i++) {
			ej_buf_addc(&b, ' ');
			ej_buf_add(&b, f.given[i].p, f.given[i].n);
		}
	}
	raw = ej_buf_detach(&b, NULL);
	low = ej_utf8_lower(raw, true);
	free(raw);
	return low;
}

/* «фамилия и.о.»: lower case, ё→е, initials without spaces. */
char *ej_fio_key_short(const char *name)
{
	struct ej_buf b;
	struct fio f;
	char *raw, *low;

	ej_buf_init(&b, 0);
	if (fio_parse(name, &f)) {
		ej_buf_add(&b, f.surname.p, f.surname.n);
		if (has_initials(&f)) {
			ej_buf_addc(&b, ' ');
			put_initials(&b, &f, "", true);
		}
	}
	raw = ej_buf_detach(&b, NULL);
	low = ej_utf8_lower(raw, true);
	free(raw);
	return low;
}

/* A surname followed only by initials («Иванов И.И.», «Иванов И. И.», «Иванов И»). */
bool ej_fio_is_short(const char *name)
{
	struct word w[MAX_WORDS];
	size_t n, i;

	if (!name)
		return false;
	n = split_blanks(name, w, MAX_WORDS);
	if (n < 2)
		return false;
	for (i = 1; i < n; i++)
		if (!is_initials_word(&w[i]))
			break;
	if (i == n)
		return true;
	/* «И. И. Иванов» */
	for (i = 0; i + 1 < n; i++)
		if (!is_initials_word(&w[i]))
			return false;
	return !is_initials_word(&w[n - 1]);
}

/* Trimmed non-empty parts joined by single spaces. */
char *ej_fio_join(const char *last, const char *first, const char *middle)
{
	const char *parts[3] = { last, first, middle };
	struct ej_buf b;
	size_t i;

	ej_buf_init(&b, 0);
	for (i = 0; i < 3; i++) {
		char *t;
		if (!parts[i])
			continue;
		t = ej_utf8_trim(parts[i], strlen(parts[i]));
		if (*t) {
			if (b.len)
				ej_buf_addc(&b, ' ');
			ej_buf_adds(&b, t);
		}
		free(t);
	}
	return ej_buf_detach(&b, NULL);
}
