/*
** config.c — ejournal.ini (cli.md «Config file», docs/config.md), read with
** libinih through ini_parse_stream() and our own reader, which counts lines
** so that every message names FILE:LINE.
**
** Sections: [institution], [year], [department "Name"], [policy], [print].
** Unknown sections and keys are warned about (once each) and ignored; a bad
** value stops the load with EJ_EUSAGE and "FILE:LINE: key «K»: …".
*/
#include "util/config.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PH_NAME     "(наименование организации не задано в ejournal.ini)"
#define PH_SHORT    "(организация не задана в ejournal.ini)"
#define PH_CITY     "(город не задан в ejournal.ini)"
#define PH_DIRECTOR "(директор не задан в ejournal.ini)"
#define MAX_LINE    65536

/* ---- defaults ------------------------------------------------------------ */

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? ej_strdup(v) : NULL;
}

/* Semesters of the academic year starting in start_year (cli.md example). */
static void default_semesters(struct ej_config *c, int which_mask)
{
	int y = c->start_year;

	if (which_mask & 1) {
		ej_day_from_ymd(y, 9, 1, &c->semester[0].from);
		ej_day_from_ymd(y, 12, 28, &c->semester[0].to);
	}
	if (which_mask & 2) {
		ej_day_from_ymd(y + 1, 1, 12, &c->semester[1].from);
		ej_day_from_ymd(y + 1, 6, 30, &c->semester[1].to);
	}
}

static void set_year_name(struct ej_config *c)
{
	free(c->year_name);
	c->year_name = ej_asprintf("%d/%d", c->start_year, c->start_year + 1);
}

/*
** Built-in values: the academic year (September to August) that contains
** `today`, its default semesters, no holidays, no departments, the policy
** thresholds of rules.md and visible placeholders for the institution.
** Overwrites *c without freeing: call on a fresh struct or after release.
*/
void ej_config_defaults(struct ej_config *c, ej_day today)
{
	int y, m, d;

	memset(c, 0, sizeof(*c));
	c->institution_is_default = true;
	c->inst_name = ej_strdup(PH_NAME);
	c->inst_short = ej_strdup(PH_SHORT);
	c->city = ej_strdup(PH_CITY);
	c->director = ej_strdup(PH_DIRECTOR);
	c->director_title = ej_strdup("Директор");
	c->deputy = NULL;

	if (today == EJ_DAY_NONE)
		today = 0;
	ej_day_to_ymd(today, &y, &m, &d);
	c->start_year = m >= 9 ? y : y - 1;
	if (c->start_year < 1)
		c->start_year = 1;
	if (c->start_year > 9998)
		c->start_year = 9998;
	set_year_name(c);
	default_semesters(c, 3);

	c->policy.grace_written_work_days = 7;
	c->policy.lessons_per_mark = 3;
	c->policy.min_per_semester = 3;
	c->policy.max_share_below = 20;
	c->policy.max_lag_hours = 4;
	c->policy.min_topic_similarity = 0.5;
	c->policy.finals_min_current_marks = 3;
	c->policy.low_percent = 80;

	c->print_duplex = false;
	c->print_pdfa = true;
	c->margin_left_mm = 30;
	c->margin_right_mm = 10;
	c->margin_top_mm = 20;
	c->margin_bottom_mm = 20;
}

/* Frees every string and array; safe on a defaults-only or zeroed config. */
void ej_config_release(struct ej_config *c)
{
	size_t i;

	if (!c)
		return;
	free(c->path);
	free(c->inst_name);
	free(c->inst_short);
	free(c->city);
	free(c->director);
	free(c->director_title);
	free(c->deputy);
	free(c->year_name);
	free(c->holidays);
	for (i = 0; i < c->ndepartments; i++) {
		free(c->departments[i].name);
		free(c->departments[i].head);
	}
	free(c->departments);
	memset(c, 0, sizeof(*c));
}

/* ---- loading ------------------------------------------------------------- */

struct load {
	struct ej_config *c;
	const char *file;
	FILE *fp;
	const struct ej_diag_sink *diag;
	struct ej_err *err;
	bool failed;
	int line;                 /* line the handler is looking at */
	bool at_line_start;
	size_t line_len;
	char *warned_section;     /* last unknown section warned about */
	struct ej_buf linebuf;    /* the line being read, for section headers */
	char *section;            /* current section, full length (inih cuts at 50 bytes) */
	size_t holidays_alloc, departments_alloc;
	bool has_name, has_sem[2], has_short;
	int name_line, sem_line[2];
};

/*
** A complete line: when it is a section header, remember its full name
** (inih truncates section names to 50 bytes, too short for «department
** "Отделение информационных технологий"»).  Same syntax as inih: the name
** runs from '[' to the first ']'.
*/
static void section_line(struct load *L)
{
	const char *p = ej_buf_str(&L->linebuf), *e;
	char *t = ej_utf8_trim(p, strlen(p));

	if (t[0] == '[' && (e = strchr(t + 1, ']')) != NULL) {
		free(L->section);
		L->section = ej_utf8_trim(t + 1, (size_t)(e - t - 1));
	}
	free(t);
	ej_buf_reset(&L->linebuf);
}

/* fgets-style reader that counts lines (a long line may come in pieces). */
static char *reader(char *str, int num, void *stream)
{
	struct load *L = stream;
	char *r = fgets(str, num, L->fp);
	size_t n;

	if (!r)
		return NULL;
	if (L->at_line_start) {
		L->line++;
		L->line_len = 0;
	}
	n = strlen(r);
	L->line_len += n;
	L->at_line_start = n > 0 && r[n - 1] == '\n';
	if (L->line_len >= MAX_LINE - 3) {
		if (!L->failed) {
			L->failed = true;
			ej_err_set(L->err, EJ_EUSAGE, "%s:%d: line longer than %d bytes",
				   L->file, L->line, MAX_LINE - 3);
		}
		return r;
	}
	ej_buf_add(&L->linebuf, r, n);
	if (L->at_line_start)
		section_line(L);
	return r;
}

static int fail(struct load *L, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record the first error; returns 0 so that inih stops. */
static int fail(struct load *L, const char *key, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	if (L->failed)
		return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	L->failed = true;
	ej_err_set(L->err, EJ_EUSAGE, "%s:%d: key «%s»: %s", L->file, L->line, key, msg);
	return 0;
}

/* Whole decimal number within [min, max]. */
static int value_int(struct load *L, const char *key, const char *v, long min, long max,
		     int *out)
{
	const char *p = v;
	long n = 0;
	bool neg = false;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!*p)
		return fail(L, key, "«%s» is not a whole number", v);
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return fail(L, key, "«%s» is not a whole number", v);
		if (n > 100000000L)
			return fail(L, key, "%s must be between %ld and %ld", v, min, max);
		n = n * 10 + (*p - '0');
	}
	if (neg)
		n = -n;
	if (n < min || n > max)
		return fail(L, key, "%s must be between %ld and %ld", v, min, max);
	*out = (int)n;
	return 1;
}

/* Decimal number («0.5» or «0,5»; no locale) within [min, max]. */
static int value_num(struct load *L, const char *key, const char *v, double min, double max,
		     double *out)
{
	const char *p = v;
	double n = 0, scale = 1;
	bool neg = false, digits = false, frac = false;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			digits = true;
			if (frac) {
				scale /= 10;
				n += (*p - '0') * scale;
			} else if (n < 1e9) {
				n = n * 10 + (*p - '0');
			}
		} else if ((*p == '.' || *p == ',') && !frac) {
			frac = true;
		} else {
			break;
		}
	}
	if (*p || !digits)
		return fail(L, key, "«%s» is not a number", v);
	if (neg)
		n = -n;
	if (n < min || n > max)
		return fail(L, key, "%s must be between %g and %g", v, min, max);
	*out = n;
	return 1;
}

static int value_bool(struct load *L, const char *key, const char *v, bool *out)
{
	static const char *const yes[] = { "yes", "true", "1", "on", "да" };
	static const char *const no[] = { "no", "false", "0", "off", "нет" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (ej_utf8_eq_fold(v, yes[i])) {
			*out = true;
			return 1;
		}
		if (ej_utf8_eq_fold(v, no[i])) {
			*out = false;
			return 1;
		}
	}
	return fail(L, key, "«%s» is not yes/no (also true/false, 1/0)", v);
}

/* A non-empty text value, stored in *dst. */
static int value_str(struct load *L, const char *key, const char *v, char **dst)
{
	if (!*v)
		return fail(L, key, "empty value");
	set_str(dst, v);
	return 1;
}

/*
** «ДД.ММ.ГГГГ-ДД.ММ.ГГГГ» (any date form of ej_date_parse on each side, an
** en dash allowed) or, when allow_single, one date.  Returns 0 on success,
** -1 for text that is no range, -2 when the end is before the start.
*/
static int parse_range(const char *s, size_t n, bool allow_single, struct ej_day_range *r)
{
	size_t i, k;

	if (allow_single && ej_date_parse(s, n, &r->from) == 0) {
		r->to = r->from;
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '-')
			k = 1;
		else if (n - i >= 3 && !memcmp(s + i, "\xE2\x80\x93", 3))   /* – */
			k = 3;
		else if (n - i >= 3 && !memcmp(s + i, "\xE2\x80\x94", 3))   /* — */
			k = 3;
		else
			continue;
		if (ej_date_parse(s, i, &r->from) == 0 &&
		    ej_date_parse(s + i + k, n - i - k, &r->to) == 0)
			return r->to < r->from ? -2 : 0;
	}
	return -1;
}

static int value_semester(struct load *L, const char *key, const char *v, int idx)
{
	struct ej_day_range r;
	char a[11], b[11];
	int rc = parse_range(v, strlen(v), false, &r);

	if (rc == -1)
		return fail(L, key, "«%s» is not a date range ДД.ММ.ГГГГ-ДД.ММ.ГГГГ", v);
	if (rc == -2) {
		ej_day_ru(r.from, a);
		ej_day_ru(r.to, b);
		return fail(L, key, "the end %s is before the start %s", b, a);
	}
	L->c->semester[idx] = r;
	L->has_sem[idx] = true;
	L->sem_line[idx] = L->line;
	return 1;
}

/* Comma list of days and ranges; appended to the holidays. */
static int value_holidays(struct load *L, const char *key, const char *v)
{
	struct ej_config *c = L->c;
	const char *p = v;

	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *item = ej_utf8_trim(p, n);
		struct ej_day_range r;
		int rc = *item ? parse_range(item, strlen(item), true, &r) : 1;

		if (rc < 0) {
			fail(L, key, rc == -1 ? "«%s» is not a date or a range ДД.ММ.ГГГГ-ДД.ММ.ГГГГ"
					      : "«%s»: the end is before the start", item);
			free(item);
			return 0;
		}
		if (rc == 0) {
			EJ_GROW(c->holidays, c->nholidays + 1, L->holidays_alloc);
			c->holidays[c->nholidays++] = r;
		}
		free(item);
		p += n;
		if (*p == ',')
			p++;
	}
	return 1;
}

/* «2025/2026» (or «2025-2026»): consecutive years. */
static int value_year_name(struct load *L, const char *key, const char *v)
{
	int a = 0, b = 0, i;
	const char *p = v;

	for (i = 0; i < 4 && *p >= '0' && *p <= '9'; i++, p++)
		a = a * 10 + (*p - '0');
	if (i != 4 || (*p != '/' && *p != '-'))
		goto bad;
	p++;
	for (i = 0; i < 4 && *p >= '0' && *p <= '9'; i++, p++)
		b = b * 10 + (*p - '0');
	if (i != 4 || *p)
		goto bad;
	if (b != a + 1 || a < 1 || a > 9998)
		return fail(L, key, "«%s»: the second year must follow the first", v);
	L->c->start_year = a;
	L->has_name = true;
	L->name_line = L->line;
	return 1;
bad:
	return fail(L, key, "«%s» is not an academic year ГГГГ/ГГГГ", v);
}

static void warn_key(struct load *L, const char *section, const char *key)
{
	ej_diag(L->diag, EJ_DIAG_WARNING, "%s:%d: unknown key «%s» in [%s] (ignored)",
		L->file, L->line, key, section);
}

static int do_institution(struct load *L, const char *k, const char *v)
{
	struct ej_config *c = L->c;

	if (!strcasecmp(k, "name")) {
		c->institution_is_default = false;
		return value_str(L, k, v, &c->inst_name);
	}
	if (!strcasecmp(k, "short_name")) {
		L->has_short = true;
		return value_str(L, k, v, &c->inst_short);
	}
	if (!strcasecmp(k, "city"))
		return value_str(L, k, v, &c->city);
	if (!strcasecmp(k, "director"))
		return value_str(L, k, v, &c->director);
	if (!strcasecmp(k, "director_title"))
		return value_str(L, k, v, &c->director_title);
	if (!strcasecmp(k, "deputy")) {
		set_str(&c->deputy, *v ? v : NULL);
		return 1;
	}
	warn_key(L, "institution", k);
	return 1;
}

static int do_year(struct load *L, const char *k, const char *v)
{
	if (!strcasecmp(k, "name"))
		return value_year_name(L, k, v);
	if (!strcasecmp(k, "semester1"))
		return value_semester(L, k, v, 0);
	if (!strcasecmp(k, "semester2"))
		return value_semester(L, k, v, 1);
	if (!strcasecmp(k, "holidays"))
		return value_holidays(L, k, v);
	warn_key(L, "year", k);
	return 1;
}

static int do_policy(struct load *L, const char *k, const char *v)
{
	struct ej_policy *p = &L->c->policy;

	if (!strcasecmp(k, "grace.written_work_days"))
		return value_int(L, k, v, 0, 366, &p->grace_written_work_days);
	if (!strcasecmp(k, "accumulation.lessons_per_mark"))
		return value_int(L, k, v, 1, 100, &p->lessons_per_mark);
	if (!strcasecmp(k, "accumulation.min_per_semester"))
		return value_int(L, k, v, 0, 1000, &p->min_per_semester);
	if (!strcasecmp(k, "accumulation.max_share_below"))
		return value_num(L, k, v, 0, 100, &p->max_share_below);
	if (!strcasecmp(k, "plan.max_lag_hours"))
		return value_num(L, k, v, 0, 10000, &p->max_lag_hours);
	if (!strcasecmp(k, "plan.min_topic_similarity"))
		return value_num(L, k, v, 0, 1, &p->min_topic_similarity);
	if (!strcasecmp(k, "finals.min_current_marks"))
		return value_int(L, k, v, 0, 1000, &p->finals_min_current_marks);
	if (!strcasecmp(k, "report.low_percent"))
		return value_num(L, k, v, 0, 100, &p->low_percent);
	warn_key(L, "policy", k);
	return 1;
}

static int do_print(struct load *L, const char *k, const char *v)
{
	struct ej_config *c = L->c;

	if (!strcasecmp(k, "duplex"))
		return value_bool(L, k, v, &c->print_duplex);
	if (!strcasecmp(k, "pdfa"))
		return value_bool(L, k, v, &c->print_pdfa);
	if (!strcasecmp(k, "margin_left"))
		return value_num(L, k, v, 0, 100, &c->margin_left_mm);
	if (!strcasecmp(k, "margin_right"))
		return value_num(L, k, v, 0, 100, &c->margin_right_mm);
	if (!strcasecmp(k, "margin_top"))
		return value_num(L, k, v, 0, 100, &c->margin_top_mm);
	if (!strcasecmp(k, "margin_bottom"))
		return value_num(L, k, v, 0, 100, &c->margin_bottom_mm);
	warn_key(L, "print", k);
	return 1;
}

/*
** The name in «department "Name"» (straight or «» quotes, or none); NULL
** when the section is not a department.  Caller frees.
*/
static char *department_name(const char *section)
{
	static const char kw[] = "department";
	const char *p;
	size_t n;
	char *name, *t;

	if (strncasecmp(section, kw, sizeof(kw) - 1) != 0)
		return NULL;
	p = section + sizeof(kw) - 1;
	if (*p != ' ' && *p != '\t')
		return NULL;
	t = ej_utf8_trim(p, strlen(p));
	n = strlen(t);
	if (n >= 2 && t[0] == '"' && t[n - 1] == '"')
		name = ej_utf8_trim(t + 1, n - 2);
	else if (n >= 4 && !strncmp(t, "«", 2) && !strcmp(t + n - 2, "»"))
		name = ej_utf8_trim(t + 2, n - 4);
	else
		name = ej_strdup(t);
	free(t);
	return name;
}

static struct ej_department *department_get(struct load *L, const char *name)
{
	struct ej_config *c = L->c;
	struct ej_department *d;
	size_t i;

	for (i = 0; i < c->ndepartments; i++)
		if (ej_utf8_eq_fold(c->departments[i].name, name))
			return &c->departments[i];
	EJ_GROW(c->departments, c->ndepartments + 1, L->departments_alloc);
	d = &c->departments[c->ndepartments++];
	d->name = ej_strdup(name);
	d->head = NULL;
	return d;
}

static int do_department(struct load *L, const char *dept, const char *k, const char *v)
{
	struct ej_department *d;

	if (!*dept)
		return fail(L, k, "the section [department \"…\"] has no department name");
	if (strcasecmp(k, "head") != 0) {
		char sec[512];
		snprintf(sec, sizeof(sec), "department \"%s\"", dept);
		warn_key(L, sec, k);
		return 1;
	}
	d = department_get(L, dept);
	return value_str(L, k, v, &d->head);
}

/* inih handler: one key = value of one section. */
static int handler(void *user, const char *inih_section, const char *key, const char *value)
{
	struct load *L = user;
	const char *section = L->section ? L->section : "";
	char *v, *dept;
	size_t n, bad;
	int rc;

	(void)inih_section;
	if (L->failed)
		return 0;
	n = strlen(value);
	if (!ej_utf8_valid(value, n, &bad) || !ej_utf8_valid(key, strlen(key), &bad) ||
	    !ej_utf8_valid(section, strlen(section), &bad)) {
		L->failed = true;
		ej_err_set(L->err, EJ_EUSAGE,
			   "%s:%d: the file is not in UTF-8: save it as UTF-8", L->file, L->line);
		return 0;
	}
	/* name = "…": the quotes are not part of the value. */
	if (n >= 2 && value[0] == '"' && value[n - 1] == '"')
		v = ej_strndup(value + 1, n - 2);
	else
		v = ej_strdup(value);

	if (!strcasecmp(section, "institution")) {
		rc = do_institution(L, key, v);
	} else if (!strcasecmp(section, "year")) {
		rc = do_year(L, key, v);
	} else if (!strcasecmp(section, "policy")) {
		rc = do_policy(L, key, v);
	} else if (!strcasecmp(section, "print")) {
		rc = do_print(L, key, v);
	} else if ((dept = department_name(section)) != NULL) {
		rc = do_department(L, dept, key, v);
		free(dept);
	} else {
		if (!*section) {
			ej_diag(L->diag, EJ_DIAG_WARNING,
				"%s:%d: key «%s» outside any section (ignored)",
				L->file, L->line, key);
		} else if (!L->warned_section || strcmp(L->warned_section, section)) {
			ej_diag(L->diag, EJ_DIAG_WARNING, "%s:%d: unknown section [%s] (ignored)",
				L->file, L->line, section);
			set_str(&L->warned_section, section);
		}
		rc = 1;
	}
	free(v);
	return rc;
}

/* Academic-year consistency once the whole file is read. */
static int finish(struct load *L)
{
	struct ej_config *c = L->c;
	int y, m, d, i, mask = 0;
	ej_day lo, hi;
	char a[11], b[11];

	if (!L->has_name && L->has_sem[0]) {
		ej_day_to_ymd(c->semester[0].from, &y, &m, &d);
		c->start_year = m >= 7 ? y : y - 1;
	}
	if (c->start_year < 1 || c->start_year > 9998) {
		L->line = L->sem_line[0];
		return fail(L, "semester1", "the year is out of range");
	}
	set_year_name(c);
	for (i = 0; i < 2; i++)
		if (!L->has_sem[i])
			mask |= 1 << i;
	default_semesters(c, mask);

	/* Both semesters inside July of the first year … August of the second. */
	ej_day_from_ymd(c->start_year, 7, 1, &lo);
	ej_day_from_ymd(c->start_year + 1, 8, 31, &hi);
	for (i = 0; i < 2; i++) {
		if (!L->has_sem[i])
			continue;
		if (c->semester[i].from < lo || c->semester[i].to > hi) {
			L->line = L->sem_line[i];
			return fail(L, i ? "semester2" : "semester1",
				    "lies outside the academic year %s", c->year_name);
		}
	}
	if (c->semester[1].from <= c->semester[0].to) {
		ej_day_ru(c->semester[1].from, a);
		ej_day_ru(c->semester[0].to, b);
		L->line = L->has_sem[1] ? L->sem_line[1] : L->sem_line[0];
		return fail(L, "semester2", "starts %s, not after the end of semester 1 (%s)",
			    a, b);
	}
	if (!c->institution_is_default && !L->has_short)
		set_str(&c->inst_short, c->inst_name);
	return 1;
}

/*
** Overlay the file at `path` on *c (which holds defaults).  On failure *c
** stays valid for ej_config_release() but may hold part of the file.
*/
int ej_config_load(struct ej_config *c, const char *path,
		   const struct ej_diag_sink *diag, struct ej_err *err)
{
	struct load L;
	bool s_stack = ini_use_stack, s_realloc = ini_allow_realloc;
	bool s_multi = ini_allow_multiline, s_stop = ini_stop_on_first_error;
	bool s_novalue = ini_allow_no_value;
	int s_max = ini_max_line, rc, status = EJ_OK;

	memset(&L, 0, sizeof(L));
	L.c = c;
	L.file = path;
	L.diag = diag;
	L.err = err;
	L.at_line_start = true;
	ej_buf_init(&L.linebuf, 0);
	L.holidays_alloc = c->nholidays;
	L.departments_alloc = c->ndepartments;
	L.fp = fopen(path, "r");
	if (!L.fp)
		return ej_err_set(err, errno == ENOENT ? EJ_EUSAGE : EJ_EIO,
				  "cannot open the config %s: %s", path, strerror(errno));
	set_str(&c->path, path);

	/* Debian's libinih reads these at run time: heap line buffer that grows
	** (long institution names), no Python-style continuation lines (an
	** indented key is a key), stop at the first error. */
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_max_line = MAX_LINE;
	ini_allow_multiline = false;
	ini_stop_on_first_error = true;
	ini_allow_no_value = false;
	rc = ini_parse_stream(reader, &L, handler, &L);
	ini_use_stack = s_stack;
	ini_allow_realloc = s_realloc;
	ini_max_line = s_max;
	ini_allow_multiline = s_multi;
	ini_stop_on_first_error = s_stop;
	ini_allow_no_value = s_novalue;

	if (ferror(L.fp) && !L.failed) {
		L.failed = true;
		ej_err_set(err, EJ_EIO, "%s: read error", path);
	}
	fclose(L.fp);
	if (!L.failed && rc == -2) {
		L.failed = true;
		ej_err_set(err, EJ_EIO, "%s: out of memory", path);
	} else if (!L.failed && rc != 0) {
		L.failed = true;
		ej_err_set(err, EJ_EUSAGE,
			   "%s:%d: syntax error: expected «[section]» or «key = value»", path, rc);
	}
	if (!L.failed)
		finish(&L);
	if (L.failed)
		status = err && err->code ? err->code : EJ_EUSAGE;
	free(L.warned_section);
	free(L.section);
	ej_buf_release(&L.linebuf);
	return status;
}

/* ---- queries ------------------------------------------------------------- */

/* The [year] holidays list only; Sundays are the caller's concern. */
bool ej_config_is_holiday(const struct ej_config *c, ej_day day)
{
	size_t i;

	for (i = 0; i < c->nholidays; i++)
		if (day >= c->holidays[i].from && day <= c->holidays[i].to)
			return true;
	return false;
}

int ej_config_semester_of(const struct ej_config *c, ej_day day)
{
	int i;

	for (i = 0; i < 2; i++)
		if (day >= c->semester[i].from && day <= c->semester[i].to)
			return i + 1;
	return 0;
}

/* Department names compare case- and ё-insensitively, trimmed. */
const char *ej_config_department_head(const struct ej_config *c, const char *dept)
{
	size_t i;

	if (!dept)
		return NULL;
	for (i = 0; i < c->ndepartments; i++)
		if (ej_utf8_eq_fold(c->departments[i].name, dept))
			return c->departments[i].head;
	return NULL;
}
