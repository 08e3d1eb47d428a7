/*
** date.c — civil dates as day numbers (Howard Hinnant's days_from_civil /
** civil_from_days, proleptic Gregorian) and the text forms the college's
** exports use.  Parsers are strict: the whole text must be one date (or
** timestamp) with optional surrounding blanks, nothing else.
*/
#include "util/date.h"

#include <stdlib.h>
#include <string.h>

/* Hinnant: days since 1970-01-01 of y-m-d (no validation). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Years 1..9999 only: the text forms have four-digit years. */
int ej_day_from_ymd(int y, int m, int d, ej_day *out)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*out = (ej_day)days_from_civil(y, m, d);
	return 0;
}

/* Hinnant's civil_from_days. */
void ej_day_to_ymd(ej_day day, int *y, int *m, int *d)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = mm;
	*d = dd;
}

/* 1970-01-01 was a Thursday (4). */
int ej_day_weekday(ej_day day)
{
	int64_t w = ((int64_t)day + 3) % 7;     /* 0 = Monday */
	if (w < 0)
		w += 7;
	return (int)w + 1;
}

/* ---- parsing ----------------------------------------------------------- */

struct scan {
	const char *s;
	size_t n, i;
};

static bool sc_blank(const struct scan *c, size_t *len)
{
	unsigned char ch;

	if (c->i >= c->n)
		return false;
	ch = (unsigned char)c->s[c->i];
	if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
		*len = 1;
		return true;
	}
	if (ch == 0xC2 && c->i + 1 < c->n && (unsigned char)c->s[c->i + 1] == 0xA0) {
		*len = 2;                     /* NBSP, as spreadsheets write it */
		return true;
	}
	return false;
}

static size_t sc_skip_blanks(struct scan *c)
{
	size_t len, skipped = 0;

	while (sc_blank(c, &len)) {
		c->i += len;
		skipped++;
	}
	return skipped;
}

/* Read min..max decimal digits; returns the count read (0 = none / too few). */
static int sc_digits(struct scan *c, int min, int max, int *val)
{
	int k = 0, v = 0;

	while (k < max && c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9') {
		v = v * 10 + (c->s[c->i] - '0');
		c->i++;
		k++;
	}
	if (k < min)
		return 0;
	/* More digits than allowed: "123.10.2025" is not a date. */
	if (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9')
		return 0;
	*val = v;
	return k;
}

static bool sc_char(struct scan *c, char ch)
{
	if (c->i < c->n && c->s[c->i] == ch) {
		c->i++;
		return true;
	}
	return false;
}

/*
** One date at the cursor: Д[Д].М[М].ГГГГ, Д[Д].М[М].ГГ (20ГГ), ГГГГ-М[М]-Д[Д],
** or (when short_year ≥ 0) Д[Д].М[М] with the academic-year rule.
** *iso tells whether the ISO form was read.
*/
static int sc_date(struct scan *c, int short_year, ej_day *out, bool *iso)
{
	size_t start = c->i;
	int a, b, y, k;

	*iso = false;
	k = sc_digits(c, 1, 4, &a);
	if (k == 4) {
		if (!sc_char(c, '-') || !sc_digits(c, 1, 2, &b) || !sc_char(c, '-') ||
		    !sc_digits(c, 1, 2, &y))
			goto fail;
		*iso = true;
		return ej_day_from_ymd(a, b, y, out);
	}
	if (k == 0 || k > 2 || !sc_char(c, '.') || !sc_digits(c, 1, 2, &b))
		goto fail;
	if (sc_char(c, '.')) {
		k = sc_digits(c, 2, 4, &y);
		if (k == 2)
			y += 2000;
		else if (k != 4)
			goto fail;
	} else if (short_year >= 0) {
		/* Sept–Dec belong to the first calendar year of the academic year. */
		y = b >= 9 ? short_year : short_year + 1;
	} else {
		goto fail;
	}
	return ej_day_from_ymd(y, b, a, out);
fail:
	c->i = start;
	return -1;
}

static int parse_date(const char *s, size_t n, int short_year, ej_day *out)
{
	struct scan c = { s, n, 0 };
	ej_day d;
	bool iso;

	if (!s)
		return -1;
	sc_skip_blanks(&c);
	if (sc_date(&c, short_year, &d, &iso))
		return -1;
	sc_skip_blanks(&c);
	if (c.i != c.n)
		return -1;
	*out = d;
	return 0;
}

int ej_date_parse(const char *s, size_t n, ej_day *out)
{
	return parse_date(s, n, -1, out);
}

int ej_date_parse_short(const char *s, size_t n, int start_year, ej_day *out)
{
	if (start_year < 1 || start_year > 9998)
		return -1;
	return parse_date(s, n, start_year, out);
}

/*
** Date, then optionally blanks (or 'T' after an ISO date) and Ч[Ч]:ММ[:СС].
** Hours 0–23, minutes and seconds 0–59.
*/
int ej_time_parse(const char *s, size_t n, ej_time *out)
{
	struct scan c = { s, n, 0 };
	int hh = 0, mm = 0, ss = 0;
	bool iso, sep = false, tsep = false;
	ej_day d;

	if (!s)
		return -1;
	sc_skip_blanks(&c);
	if (sc_date(&c, -1, &d, &iso))
		return -1;
	if (iso && sc_char(&c, 'T'))
		sep = tsep = true;
	else if (sc_skip_blanks(&c) > 0)
		sep = true;
	if (tsep || (sep && c.i < c.n)) {
		if (!sc_digits(&c, 1, 2, &hh) || !sc_char(&c, ':') || !sc_digits(&c, 2, 2, &mm))
			return -1;
		if (sc_char(&c, ':') && !sc_digits(&c, 2, 2, &ss))
			return -1;
		if (hh > 23 || mm > 59 || ss > 59)
			return -1;
		sc_skip_blanks(&c);
	}
	if (c.i != c.n)
		return -1;
	*out = ej_time_from_day(d) + (ej_time)hh * 3600 + mm * 60 + ss;
	return 0;
}

ej_time ej_time_from_day(ej_day day)
{
	return (ej_time)day * EJ_DAY_SECONDS;
}

ej_day ej_time_day(ej_time t)
{
	ej_time q = t / EJ_DAY_SECONDS;

	if (t % EJ_DAY_SECONDS < 0)
		q--;
	return (ej_day)q;
}

/* ---- formatting: EJ_DAY_NONE / EJ_TIME_NONE give "" -------------------- */

/* Write v (0 ≤ v < 10^width) as exactly `width` digits; returns the end. */
static char *put_num(char *o, unsigned v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		o[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return o + width;
}

/* Years outside 1..9999 cannot be written in four digits; clamp them. */
static unsigned year4(int y)
{
	return y < 0 ? 0u : y > 9999 ? 9999u : (unsigned)y;
}

void ej_day_iso(ej_day day, char out[11])
{
	int y, m, d;
	char *o = out;

	if (day != EJ_DAY_NONE) {
		ej_day_to_ymd(day, &y, &m, &d);
		o = put_num(o, year4(y), 4);
		*o++ = '-';
		o = put_num(o, (unsigned)m, 2);
		*o++ = '-';
		o = put_num(o, (unsigned)d, 2);
	}
	*o = '\0';
}

void ej_day_ru(ej_day day, char out[11])
{
	int y, m, d;
	char *o = out;

	if (day != EJ_DAY_NONE) {
		ej_day_to_ymd(day, &y, &m, &d);
		o = put_num(o, (unsigned)d, 2);
		*o++ = '.';
		o = put_num(o, (unsigned)m, 2);
		*o++ = '.';
		o = put_num(o, year4(y), 4);
	}
	*o = '\0';
}

void ej_day_ru_short(ej_day day, char out[6])
{
	int y, m, d;
	char *o = out;

	if (day != EJ_DAY_NONE) {
		ej_day_to_ymd(day, &y, &m, &d);
		o = put_num(o, (unsigned)d, 2);
		*o++ = '.';
		o = put_num(o, (unsigned)m, 2);
	}
	*o = '\0';
}

void ej_time_iso(ej_time t, char out[20])
{
	ej_day day;
	unsigned sec;
	char *o;

	if (t == EJ_TIME_NONE) {
		out[0] = '\0';
		return;
	}
	day = ej_time_day(t);
	sec = (unsigned)(t - ej_time_from_day(day));
	ej_day_iso(day, out);
	o = out + 10;
	*o++ = ' ';
	o = put_num(o, sec / 3600, 2);
	*o++ = ':';
	o = put_num(o, sec / 60 % 60, 2);
	*o++ = ':';
	o = put_num(o, sec % 60, 2);
	*o = '\0';
}

static const char *const month_nom[12] = {
	"январь", "февраль", "март", "апрель", "май", "июнь",
	"июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"
};
static const char *const month_gen[12] = {
	"января", "февраля", "марта", "апреля", "мая", "июня",
	"июля", "августа", "сентября", "октября", "ноября", "декабря"
};

/* «январь»…«декабрь»; "" for a month outside 1–12. */
const char *ej_month_name(int month)
{
	return month >= 1 && month <= 12 ? month_nom[month - 1] : "";
}

/* «января»…«декабря»; "" for a month outside 1–12. */
const char *ej_month_name_gen(int month)
{
	return month >= 1 && month <= 12 ? month_gen[month - 1] : "";
}

bool ej_source_date_epoch(long long *out)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (!s || !*s)
		return false;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < 0)
		return false;
	*out = v;
	return true;
}
