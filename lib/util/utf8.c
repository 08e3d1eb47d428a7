/*
** utf8.c — strict UTF-8 decoding and the little case folding the project
** needs (ASCII and Cyrillic).  No locale is consulted.
*/
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/*
** Decode one code point.  Rejects truncated sequences, stray continuation
** bytes, overlong forms, surrogates and values above U+10FFFF.
*/
size_t ej_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, min;
	size_t len, i;

	if (n == 0)
		return 0;
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2; c &= 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; c &= 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; c &= 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* Valid when every code point decodes; *bad_off (if given) gets the first bad byte. */
bool ej_utf8_valid(const char *s, size_t n, size_t *bad_off)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = ej_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			if (bad_off)
				*bad_off = i;
			return false;
		}
		i += k;
	}
	return true;
}

/* Encode cp; an impossible code point is written as U+FFFD. */
size_t ej_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Code points in s: every byte that is not a continuation byte counts. */
size_t ej_utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

uint32_t ej_utf8_lower_cp(uint32_t cp, bool fold_yo)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 0x20;
	if (cp >= 0x0410 && cp <= 0x042F)          /* А–Я */
		return cp + 0x20;
	if (cp == 0x0401 || cp == 0x0451)          /* Ё, ё */
		return fold_yo ? 0x0435 : 0x0451;
	if (cp >= 0x0400 && cp <= 0x040F)          /* Ѐ–Џ (Ukrainian, Belarusian…) */
		return cp + 0x50;
	return cp;
}

uint32_t ej_utf8_upper_cp(uint32_t cp)
{
	if (cp >= 'a' && cp <= 'z')
		return cp - 0x20;
	if (cp >= 0x0430 && cp <= 0x044F)
		return cp - 0x20;
	if (cp >= 0x0450 && cp <= 0x045F)
		return cp - 0x50;
	return cp;
}

bool ej_utf8_is_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\v' ||
	       cp == '\f' || cp == '\r' || cp == 0xA0;
}

/*
** Lower-case copy.  Bytes that do not decode are copied unchanged, so the
** function never loses data on invalid input.
*/
char *ej_utf8_lower(const char *s, bool fold_yo)
{
	size_t n = strlen(s), i = 0, k, o = 0;
	char *out = ej_malloc(n + 1);     /* lower case never grows here */
	uint32_t cp;

	while (i < n) {
		k = ej_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			out[o++] = s[i++];
			continue;
		}
		cp = ej_utf8_lower_cp(cp, fold_yo);
		o += ej_utf8_encode(cp, out + o);
		i += k;
	}
	out[o] = '\0';
	return out;
}

/* Length of a blank (or, when allow_bom, a BOM) starting at s, else 0. */
static size_t blank_at(const char *s, size_t n, bool allow_bom)
{
	uint32_t cp;
	size_t k = ej_utf8_decode(s, n, &cp);

	if (k && (ej_utf8_is_blank(cp) || (allow_bom && cp == 0xFEFF)))
		return k;
	return 0;
}

/* Copy of s[0..n) without leading blanks/NBSP/BOM and trailing blanks/NBSP. */
char *ej_utf8_trim(const char *s, size_t n)
{
	size_t b = 0, e = n, k;

	while (b < e && (k = blank_at(s + b, e - b, true)) > 0)
		b += k;
	while (e > b) {
		unsigned char c = (unsigned char)s[e - 1];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') {
			e--;
		} else if (e - b >= 2 && c == 0xA0 && (unsigned char)s[e - 2] == 0xC2) {
			e -= 2;
		} else {
			break;
		}
	}
	return ej_strndup(s + b, e - b);
}

/* Cyrillic = U+0400–U+04FF; Latin = ASCII letters only. */
void ej_utf8_count_scripts(const char *s, size_t *cyrillic, size_t *latin)
{
	size_t n = strlen(s), i = 0, k, cy = 0, la = 0;
	uint32_t cp;

	while (i < n) {
		k = ej_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		if (cp >= 0x0400 && cp <= 0x04FF)
			cy++;
		else if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
			la++;
		i += k;
	}
	if (cyrillic)
		*cyrillic = cy;
	if (latin)
		*latin = la;
}

/* Equal after trimming, lower-casing and folding ё→е. NULL equals only NULL. */
bool ej_utf8_eq_fold(const char *a, const char *b)
{
	char *ta, *tb, *la, *lb;
	bool eq;

	if (!a || !b)
		return a == b;
	ta = ej_utf8_trim(a, strlen(a));
	tb = ej_utf8_trim(b, strlen(b));
	la = ej_utf8_lower(ta, true);
	lb = ej_utf8_lower(tb, true);
	eq = strcmp(la, lb) == 0;
	free(ta);
	free(tb);
	free(la);
	free(lb);
	return eq;
}
