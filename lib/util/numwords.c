/*
** numwords.c — Russian cardinal numbers in words and plural agreement,
** as documents write sheet and hour counts («сто двадцать один лист»).
*/
#include "util/numwords.h"

#include <stdbool.h>
#include <string.h>

static const char *const units_m[10] = {
	"", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"
};
static const char *const teens[10] = {
	"десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать",
	"пятнадцать", "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"
};
static const char *const tens[10] = {
	"", "", "двадцать", "тридцать", "сорок", "пятьдесят",
	"шестьдесят", "семьдесят", "восемьдесят", "девяносто"
};
static const char *const hundreds[10] = {
	"", "сто", "двести", "триста", "четыреста", "пятьсот",
	"шестьсот", "семьсот", "восемьсот", "девятьсот"
};

struct out {
	char *p;
	size_t size;
	bool full;       /* a word did not fit: nothing more is written */
};

/*
** Append w with a separating space.  A word that does not fit ends the
** output there (never cut inside a UTF-8 sequence, never a wrong number
** made of the words that did fit after a missing one).
*/
static void put(struct out *o, const char *w)
{
	size_t len = strlen(o->p), wl = strlen(w), sep = len ? 1 : 0;

	if (!*w || o->full)
		return;
	if (len + sep + wl >= o->size) {
		o->full = true;
		return;
	}
	if (sep)
		o->p[len++] = ' ';
	memcpy(o->p + len, w, wl + 1);
}

/* 1..999 in words, with the gender of the last word for 1 and 2. */
static void triple(struct out *o, int n, enum ej_gender g)
{
	int h = n / 100, t = n / 10 % 10, u = n % 10;

	put(o, hundreds[h]);
	if (t == 1) {
		put(o, teens[u]);
		return;
	}
	put(o, tens[t]);
	if (u == 1 && g != EJ_MASC)
		put(o, g == EJ_FEM ? "одна" : "одно");
	else if (u == 2 && g == EJ_FEM)
		put(o, "две");
	else
		put(o, units_m[u]);
}

/* 0 ≤ n < 10^9; out of range gives "". */
void ej_num_words(long n, enum ej_gender g, char *out, size_t size)
{
	struct out o = { out, size, false };
	int mil, th, rest;

	if (size == 0)
		return;
	out[0] = '\0';
	if (n < 0 || n >= 1000000000L)
		return;
	if (n == 0) {
		put(&o, "ноль");
		return;
	}
	mil = (int)(n / 1000000);
	th = (int)(n / 1000 % 1000);
	rest = (int)(n % 1000);
	if (mil) {
		triple(&o, mil, EJ_MASC);
		put(&o, ej_plural(mil, "миллион", "миллиона", "миллионов"));
	}
	if (th) {
		triple(&o, th, EJ_FEM);                 /* «тысяча» is feminine */
		put(&o, ej_plural(th, "тысяча", "тысячи", "тысяч"));
	}
	if (rest)
		triple(&o, rest, g);
}

/* Russian agreement: 1, 21, 101 → one; 2–4, 22–24 → few; 0, 5–20, 111–114 → many. */
const char *ej_plural(long n, const char *one, const char *few, const char *many)
{
	long a = n < 0 ? -n : n;
	long d100 = a % 100, d10 = a % 10;

	if (d100 >= 11 && d100 <= 14)
		return many;
	if (d10 == 1)
		return one;
	if (d10 >= 2 && d10 <= 4)
		return few;
	return many;
}
