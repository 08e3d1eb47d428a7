/*
** rules.c — the rule registry, rule selection, the findings list, and one
** check run: scope resolution into the TEMP table chk_disc, name caches, and
** the post-filters (teacher, department) that apply to every rule.
*/
#include "util/sort.h"
#include "rules/markpass.h"
#include "rules/rules_ctx.h"
#include "store/q_rules.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define E EJ_SEV_ERROR
#define W EJ_SEV_WARNING

static const struct ej_rule registry[] = {
	{ "D01", 'D', E, "§2.1.8, §4.2.2", "отметка обучающегося вне группы",
	  "составы групп (зачисление, выбытие)", false, ej_rule_d01 },
	{ "D02", 'D', E, "§4.2.2", "отметка без занятия в журнале",
	  "записи о занятиях", false, ej_rule_d02 },
	{ "D03", 'D', W, "§4.2.2", "занятие вне учебного календаря",
	  "записи о занятиях", false, ej_rule_d03 },
	{ "D04", 'D', E, "§4.2.2", "запись датирована позже выгрузки",
	  "время выгрузки", false, ej_rule_d04 },
	{ "F01", 'F', E, "§2.5.1, §2.5.4", "не указана тема занятия",
	  "записи о занятиях", false, ej_rule_f01 },
	{ "F02", 'F', W, "§2.5.1", "не указано домашнее задание",
	  "записи о занятиях", false, ej_rule_f02 },
	{ "F03", 'F', E, "§2.5.4", "тема записана не на русском языке",
	  "записи о занятиях", false, ej_rule_f03 },
	{ "F04", 'F', E, "§2.5.4", "не указана тема практической, лабораторной, контрольной работы или экскурсии",
	  "записи о занятиях", false, ej_rule_f04 },
	{ "F05", 'F', E, "§2.5.1, §2.5.2", "занятие по расписанию не заполнено",
	  "расписание занятий", false, ej_rule_f05 },
	{ "F06", 'F', W, "§2.5.1", "посещаемость не отмечена",
	  "отметка о посещаемости в выгрузке занятий", false, ej_rule_f06 },
	{ "T01", 'T', E, "§2.5.2", "занятие записано не в день проведения",
	  "время внесения записей о занятиях (recorded_at)", false, ej_rule_t01 },
	{ "T02", 'T', E, "§2.5.2", "отметка выставлена задним числом",
	  "время выставления отметок (recorded_at)", false, ej_rule_t02 },
	{ "T03", 'T', E, "§2.5.2", "отметка исправлена задним числом",
	  "время изменения отметок (modified_at) или несколько выгрузок", false, ej_rule_t03 },
	{ "A01", 'A', W, "§2.5.3", "недостаточная накопляемость отметок",
	  "записи о занятиях и отметки", false, ej_rule_a01 },
	{ "A02", 'A', E, "§2.5.3", "накопляемость ниже нормы у большой доли группы",
	  "записи о занятиях и отметки", false, ej_rule_a02 },
	{ "P01", 'P', E, "§3.3", "часы за семестр не совпадают с учебным планом",
	  "учебный план", true, ej_rule_p01 },
	{ "P02", 'P', W, "§3.3", "отставание от тематического плана",
	  "тематический план с плановыми датами", false, ej_rule_p02 },
	{ "P03", 'P', E, "§3.3", "часы тематического плана не совпадают с учебным планом",
	  "учебный план и тематический план", false, ej_rule_p03 },
	{ "P04", 'P', E, "§3.3", "проведено меньше контрольных работ, чем требуется",
	  "учебный план или тематический план", false, ej_rule_p04 },
	{ "P05", 'P', W, "§3.3", "проведено меньше практических и лабораторных часов, чем запланировано",
	  "тематический план", false, ej_rule_p05 },
	{ "P06", 'P', W, "§3.3", "темы занятий расходятся с тематическим планом",
	  "тематический план", false, ej_rule_p06 },
	{ "G01", 'G', E, "§3.3", "нет итоговой отметки",
	  "учебный план с формами аттестации", true, ej_rule_g01 },
	{ "G02", 'G', E, "§3.3", "необъективная итоговая отметка",
	  "итоговые отметки", true, ej_rule_g02 },
	{ "G03", 'G', W, "§3.3", "итоговая отметка при малом числе текущих",
	  "итоговые отметки", true, ej_rule_g03 },
	{ "G04", 'G', W, "§3.3", "нет отметки за контрольную работу у присутствовавшего",
	  "записи о занятиях и отметки", false, ej_rule_g04 },
	{ "G05", 'G', W, "§3.3", "отметка отсутствовавшему",
	  "отметки", false, ej_rule_g05 },
	{ "S01", 'S', E, "§2.5.2, §3.3", "занятие провёл не тот преподаватель, замена не отмечена",
	  "расписание или учебный план с преподавателями", false, ej_rule_s01 },
	{ "S02", 'S', E, "§2.5.2, §3.3", "замена оформлена неверно",
	  "расписание или учебный план с преподавателями", false, ej_rule_s02 },
	{ "S03", 'S', E, "§2.5.5", "запись в подгруппе не тем преподавателем или не тем обучающимся",
	  "деление на подгруппы", false, ej_rule_s03 },
};

#undef E
#undef W

const struct ej_rule *ej_rules_all(size_t *n)
{
	*n = sizeof(registry) / sizeof(registry[0]);
	return registry;
}

const struct ej_rule *ej_rule_find(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		if (!strcasecmp(registry[i].id, id))
			return &registry[i];
	return NULL;
}

const char *ej_severity_name(enum ej_severity s)
{
	return s == EJ_SEV_ERROR ? "error" : s == EJ_SEV_WARNING ? "warning" : "unchecked";
}

const char *ej_severity_ru(enum ej_severity s)
{
	return s == EJ_SEV_ERROR ? "ошибка" : s == EJ_SEV_WARNING ? "замечание" : "не проверено";
}

int ej_rules_select(const char *spec, bool *sel, size_t nsel, struct ej_err *err)
{
	size_t n, i;
	const char *p = spec;

	ej_rules_all(&n);
	if (nsel < n)
		return ej_err_set(err, EJ_EIO, "rule selection array too small");
	for (i = 0; i < n; i++)
		sel[i] = !spec || !*spec;
	if (!spec || !*spec)
		return 0;
	while (*p) {
		char item[16];
		size_t len = strcspn(p, ", ");
		bool any = false;

		if (len == 0) { p++; continue; }
		if (len >= sizeof(item))
			return ej_err_set(err, EJ_EUSAGE, "--rules: unknown rule «%.*s»", (int)len, p);
		memcpy(item, p, len);
		item[len] = '\0';
		for (i = 0; i < n; i++) {
			bool fam = len == 1 && (item[0] & ~0x20) == registry[i].family;
			if (fam || !strcasecmp(item, registry[i].id)) {
				sel[i] = true;
				any = true;
			}
		}
		if (!any)
			return ej_err_set(err, EJ_EUSAGE,
				"--rules: unknown rule or family «%s» (ids D01…S03, families D F T A P G S)", item);
		p += len;
	}
	return 0;
}

/* ---- findings list ------------------------------------------------------ */

void ej_findings_init(struct ej_findings *l)
{
	memset(l, 0, sizeof(*l));
}

static void finding_release(struct ej_finding *f)
{
	int i;

	free(f->group); free(f->discipline_code); free(f->discipline_name);
	free(f->teacher); free(f->teacher_short); free(f->student);
	free(f->student_short); free(f->message);
	for (i = 0; i < f->nfigures; i++)
		free(f->figures[i].text);
}

void ej_findings_release(struct ej_findings *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		finding_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return !a - !b;   /* NULL last */
	return strcmp(a, b);
}

static ej_day finding_day(const struct ej_finding *f)
{
	return f->date != EJ_DAY_NONE ? f->date : f->period_from;
}

/* Order of ej_findings_sort_by_teacher (rules.h). */
static int cmp_teacher(const void *pa, const void *pb)
{
	const struct ej_finding *a = pa, *b = pb;
	int c;
	ej_day da = finding_day(a), db = finding_day(b);

	/* Rules that could not be checked come last, by rule id. */
	if ((a->severity == EJ_SEV_UNCHECKED) != (b->severity == EJ_SEV_UNCHECKED))
		return a->severity == EJ_SEV_UNCHECKED ? 1 : -1;
	if (a->severity == EJ_SEV_UNCHECKED)
		return strcmp(a->rule, b->rule);
	if ((c = strcmp_null(a->teacher_short, b->teacher_short)))
		return c;
	if (da != db)
		return da < db ? -1 : 1;
	if ((c = strcmp_null(a->group, b->group)))
		return c;
	if ((c = strcmp_null(a->discipline_code, b->discipline_code)))
		return c;
	if (a->pair != b->pair)
		return a->pair - b->pair;
	if ((c = strcmp(a->rule, b->rule)))
		return c;
	return strcmp_null(a->student, b->student);
}

void ej_findings_sort_by_teacher(struct ej_findings *l)
{
	if (l->n > 1)
		ej_qsort(l->v, l->n, sizeof(l->v[0]), cmp_teacher);
}

/* ---- helpers for rules -------------------------------------------------- */

bool ej_rc_selected(const struct ej_rctx *rc, const char *id)
{
	const struct ej_rule *r = ej_rule_find(id);

	if (!r)
		return false;
	if (r->end_of_semester && !rc->sem_final[0] && !rc->sem_final[1])
		return false;
	return !rc->opts->selected || rc->opts->selected[r - registry];
}

static const struct ej_rc_disc no_disc;

const struct ej_rc_disc *ej_rc_disc(const struct ej_rctx *rc, int64_t id)
{
	if (id > 0 && (size_t)id < rc->ndiscs)
		return &rc->discs[id];
	return &no_disc;
}

const char *ej_rc_student_short(const struct ej_rctx *rc, int64_t id)
{
	if (id > 0 && (size_t)id < rc->nstudents && rc->students[id].short_name)
		return rc->students[id].short_name;
	return "?";
}

const char *ej_rc_teacher_short(const struct ej_rctx *rc, int64_t id)
{
	if (id > 0 && (size_t)id < rc->nteachers && rc->teachers[id].short_name)
		return rc->teachers[id].short_name;
	return "не указан";
}

void ej_rc_where(const struct ej_rctx *rc, int64_t disc, int subgroup, char *buf, size_t size)
{
	const struct ej_rc_disc *d = ej_rc_disc(rc, disc);
	const char *g = d->group_id > 0 && (size_t)d->group_id < rc->ngroups ?
			rc->groups[d->group_id].name : NULL;

	if (subgroup > 0)
		snprintf(buf, size, "%s, %s, подгруппа %d", d->code ? d->code : "?", g ? g : "?", subgroup);
	else
		snprintf(buf, size, "%s, %s", d->code ? d->code : "?", g ? g : "?");
}

void ej_rc_where_st(const struct ej_rctx *rc, int64_t disc, int subgroup, int64_t student,
		    char *buf, size_t size)
{
	size_t n;

	ej_rc_where(rc, disc, subgroup, buf, size);
	n = strlen(buf);
	snprintf(buf + n, size - n, ", %s", ej_rc_student_short(rc, student));
}

struct ej_finding *ej_rc_add(struct ej_rctx *rc, const struct ej_rule *r,
			     int64_t disc, int subgroup, int64_t teacher, int64_t student,
			     ej_day date, const char *fmt, ...)
{
	struct ej_findings *l = rc->out;
	struct ej_finding *f;
	const struct ej_rc_disc *d = ej_rc_disc(rc, disc);
	va_list ap;
	char msg[2048];

	EJ_GROW(l->v, l->n + 1, l->alloc);
	f = &l->v[l->n++];
	memset(f, 0, sizeof(*f));
	f->rule = r->id;
	f->severity = r->severity;
	f->date = date;
	f->period_from = f->period_to = EJ_DAY_NONE;
	f->discipline_id = disc;
	f->subgroup = subgroup;
	f->teacher_id = teacher;
	f->student_id = student;
	if (disc > 0) {
		f->group_id = d->group_id;
		f->discipline_code = ej_strdup(d->code);
		f->discipline_name = ej_strdup(d->name);
		if (d->group_id > 0 && (size_t)d->group_id < rc->ngroups)
			f->group = ej_strdup(rc->groups[d->group_id].name);
	}
	if (teacher > 0 && (size_t)teacher < rc->nteachers) {
		f->teacher = ej_strdup(rc->teachers[teacher].name);
		f->teacher_short = ej_strdup(rc->teachers[teacher].short_name);
	}
	if (student > 0 && (size_t)student < rc->nstudents) {
		f->student = ej_strdup(rc->students[student].name);
		f->student_short = ej_strdup(rc->students[student].short_name);
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f->message = ej_strdup(msg);
	return f;
}

void ej_rc_period(struct ej_finding *f, ej_day from, ej_day to)
{
	f->date = EJ_DAY_NONE;
	f->period_from = from;
	f->period_to = to;
}

void ej_rc_fig(struct ej_finding *f, const char *name, double value)
{
	if (f->nfigures >= EJ_FINDING_MAX_FIGURES)
		return;
	f->figures[f->nfigures].name = name;
	f->figures[f->nfigures].value = value;
	f->figures[f->nfigures].text = NULL;
	f->nfigures++;
}

void ej_rc_fig_text(struct ej_finding *f, const char *name, const char *text)
{
	if (f->nfigures >= EJ_FINDING_MAX_FIGURES)
		return;
	f->figures[f->nfigures].name = name;
	f->figures[f->nfigures].value = 0;
	f->figures[f->nfigures].text = ej_strdup(text ? text : "");
	f->nfigures++;
}

void ej_rc_unchecked(struct ej_rctx *rc, const struct ej_rule *r, const char *what)
{
	struct ej_finding *f = ej_rc_add(rc, r, 0, 0, 0, 0, EJ_DAY_NONE,
		"%s (%s): не проверено: нет данных — %s", r->id, r->title, what ? what : r->needs);

	f->severity = EJ_SEV_UNCHECKED;
	ej_rc_period(f, rc->scope->from, rc->scope->to);
}

static bool dig(char c)
{
	return c >= '0' && c <= '9';
}

ej_day ej_rc_iso_day(const char *s)
{
	ej_day d;

	/* The stored form ГГГГ-ММ-ДД directly (ej_date_parse reads it alike);
	** anything else through ej_date_parse. */
	if (s && dig(s[0]) && dig(s[1]) && dig(s[2]) && dig(s[3]) && s[4] == '-' &&
	    dig(s[5]) && dig(s[6]) && s[7] == '-' && dig(s[8]) && dig(s[9])) {
		if (ej_day_from_ymd((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
				    (s[3] - '0'), (s[5] - '0') * 10 + (s[6] - '0'),
				    (s[8] - '0') * 10 + (s[9] - '0'), &d))
			return EJ_DAY_NONE;
		return d;
	}
	if (!s || strlen(s) < 10 || ej_date_parse(s, 10, &d))
		return EJ_DAY_NONE;
	return d;
}

void ej_rc_num(double v, int digits, char *buf, size_t size)
{
	char *p;

	snprintf(buf, size, "%.*f", digits, v);
	if ((p = strchr(buf, '.')))
		*p = ',';
}

int ej_rc_semester(const struct ej_rctx *rc, ej_day d)
{
	if (d >= rc->cfg->semester[0].from && d <= rc->cfg->semester[0].to)
		return 1;
	if (d >= rc->cfg->semester[1].from && d <= rc->cfg->semester[1].to)
		return 2;
	return 0;
}

bool ej_mark_is_numeric(const char *v)
{
	return v && v[0] >= '1' && v[0] <= '5' && v[1] == '\0';
}

bool ej_mark_is_grade(const char *v)
{
	return ej_mark_is_numeric(v) || (v && (!strcmp(v, "зач") || !strcmp(v, "незач")));
}

bool ej_mark_is_absence(const char *v)
{
	return v && (!strcmp(v, "н") || !strcmp(v, "б") || !strcmp(v, "у"));
}

sqlite3_stmt *ej_rc_prepare(struct ej_rctx *rc, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(rc->db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		ej_db_fail(rc->db, rc->err, "check query");
		return NULL;
	}
	return st;
}

void ej_rc_bind_period(struct ej_rctx *rc, sqlite3_stmt *st)
{
	int n = sqlite3_bind_parameter_count(st);

	if (n >= 1)
		sqlite3_bind_text(st, 1, rc->from_iso, -1, SQLITE_STATIC);
	if (n >= 2)
		sqlite3_bind_text(st, 2, rc->to_iso, -1, SQLITE_STATIC);
	if (n >= 3)
		sqlite3_bind_text(st, 3, rc->checked_iso, -1, SQLITE_STATIC);
	if (n >= 4)
		sqlite3_bind_text(st, 4, rc->export_iso, -1, SQLITE_STATIC);
}

int ej_rc_done(struct ej_rctx *rc, int step_rc)
{
	if (step_rc == SQLITE_DONE)
		return 0;
	return ej_db_fail(rc->db, rc->err, "check query");
}

bool ej_rc_any(struct ej_rctx *rc, const char *sql)
{
	sqlite3_stmt *st = NULL;
	bool any = false;

	if (sqlite3_prepare_v2(rc->db->h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		any = sqlite3_column_int64(st, 0) > 0;
	sqlite3_finalize(st);
	return any;
}

/* ---- one run ------------------------------------------------------------ */

static int64_t max_id(struct ej_rctx *rc, const char *table)
{
	char sql[96];
	sqlite3_stmt *st;
	int64_t n = 0;

	snprintf(sql, sizeof(sql), "SELECT coalesce(max(id), 0) FROM %s", table);
	if (!(st = ej_rc_prepare(rc, sql)))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (n > 50000000) {
		ej_err_set(rc->err, EJ_EDATA, "%s ids are too sparse (max id %lld)", table, (long long)n);
		return -1;
	}
	return n;
}

static char *col_dup(sqlite3_stmt *st, int c)
{
	const unsigned char *t = sqlite3_column_text(st, c);
	return t ? ej_strdup((const char *)t) : NULL;
}

static int load_caches(struct ej_rctx *rc)
{
	sqlite3_stmt *st = NULL;
	int64_t n;
	int s;

	if ((n = max_id(rc, "teacher")) < 0) return EJ_EIO;
	rc->nteachers = (size_t)n + 1;
	rc->teachers = ej_calloc(rc->nteachers, sizeof(*rc->teachers));
	if (!(st = ej_rc_prepare(rc, "SELECT id, name, short_name, department FROM teacher")))
		return EJ_EIO;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct ej_rc_teacher *t = &rc->teachers[sqlite3_column_int64(st, 0)];
		t->name = col_dup(st, 1); t->short_name = col_dup(st, 2); t->dept = col_dup(st, 3);
	}
	sqlite3_finalize(st);
	if (ej_rc_done(rc, s)) return EJ_EIO;

	if ((n = max_id(rc, "grp")) < 0) return EJ_EIO;
	rc->ngroups = (size_t)n + 1;
	rc->groups = ej_calloc(rc->ngroups, sizeof(*rc->groups));
	if (!(st = ej_rc_prepare(rc, "SELECT id, name, department FROM grp")))
		return EJ_EIO;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct ej_rc_group *g = &rc->groups[sqlite3_column_int64(st, 0)];
		g->name = col_dup(st, 1); g->dept = col_dup(st, 2);
	}
	sqlite3_finalize(st);
	if (ej_rc_done(rc, s)) return EJ_EIO;

	if ((n = max_id(rc, "student")) < 0) return EJ_EIO;
	rc->nstudents = (size_t)n + 1;
	rc->students = ej_calloc(rc->nstudents, sizeof(*rc->students));
	if (!(st = ej_rc_prepare(rc, "SELECT id, name, short_name FROM student")))
		return EJ_EIO;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct ej_rc_student *t = &rc->students[sqlite3_column_int64(st, 0)];
		t->name = col_dup(st, 1); t->short_name = col_dup(st, 2);
	}
	sqlite3_finalize(st);
	if (ej_rc_done(rc, s)) return EJ_EIO;

	if ((n = max_id(rc, "discipline")) < 0) return EJ_EIO;
	rc->ndiscs = (size_t)n + 1;
	rc->discs = ej_calloc(rc->ndiscs, sizeof(*rc->discs));
	if (!(st = ej_rc_prepare(rc, "SELECT id, group_id, code, name FROM discipline")))
		return EJ_EIO;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct ej_rc_disc *d = &rc->discs[sqlite3_column_int64(st, 0)];
		d->group_id = sqlite3_column_int64(st, 1);
		d->code = col_dup(st, 2); d->name = col_dup(st, 3);
	}
	sqlite3_finalize(st);
	if (ej_rc_done(rc, s)) return EJ_EIO;

	if (!(st = ej_rc_prepare(rc, "SELECT discipline_id, semester, subgroup, teacher_id FROM curriculum "
				 "WHERE teacher_id IS NOT NULL")))
		return EJ_EIO;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		int sem = sqlite3_column_int(st, 1), sg = sqlite3_column_int(st, 2);
		if (id > 0 && (size_t)id < rc->ndiscs && sem >= 1 && sem <= 2 && sg >= 0 && sg < 4)
			rc->discs[id].cur_teacher[sem - 1][sg] = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (ej_rc_done(rc, s)) return EJ_EIO;

	/* Ordered so the most frequent teacher of a discipline comes last. */
	if (!(st = ej_rc_prepare(rc, "SELECT discipline_id, teacher_id, count(*) AS n FROM lesson NOT INDEXED "
				 "GROUP BY discipline_id, teacher_id ORDER BY discipline_id, n")))
		return EJ_EIO;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id > 0 && (size_t)id < rc->ndiscs) {
			rc->discs[id].has_lessons = true;
			if (sqlite3_column_type(st, 1) != SQLITE_NULL)
				rc->discs[id].main_teacher = sqlite3_column_int64(st, 1);
		}
	}
	sqlite3_finalize(st);
	return ej_rc_done(rc, s) ? EJ_EIO : 0;
}

int64_t ej_rc_disc_teacher(const struct ej_rctx *rc, int64_t disc, int subgroup, ej_day day)
{
	const struct ej_rc_disc *d = ej_rc_disc(rc, disc);
	int sem = ej_rc_semester(rc, day), i;

	if (subgroup < 0 || subgroup > 3)
		subgroup = 0;
	if (sem) {
		if (d->cur_teacher[sem - 1][subgroup]) return d->cur_teacher[sem - 1][subgroup];
		if (d->cur_teacher[sem - 1][0]) return d->cur_teacher[sem - 1][0];
	}
	if (d->main_teacher)
		return d->main_teacher;
	for (i = 0; i < 2; i++)
		if (d->cur_teacher[i][subgroup]) return d->cur_teacher[i][subgroup];
	return 0;
}

static void free_caches(struct ej_rctx *rc)
{
	size_t i;

	for (i = 0; i < rc->nteachers; i++) {
		free(rc->teachers[i].name); free(rc->teachers[i].short_name); free(rc->teachers[i].dept);
	}
	for (i = 0; i < rc->ngroups; i++) {
		free(rc->groups[i].name); free(rc->groups[i].dept);
	}
	for (i = 0; i < rc->nstudents; i++) {
		free(rc->students[i].name); free(rc->students[i].short_name);
	}
	for (i = 0; i < rc->ndiscs; i++) {
		free(rc->discs[i].code); free(rc->discs[i].name);
	}
	free(rc->teachers); free(rc->groups); free(rc->students); free(rc->discs);
}

/* The disciplines the scope's filters keep: TEMP table chk_disc (for joins)
** and the in_scope flags of the cache. */
static int build_scope_table(struct ej_rctx *rc)
{
	sqlite3_stmt *st;
	int s;

	if (ej_qr_scope_disciplines(rc->db, rc->scope, "chk_disc", rc->err))
		return EJ_EIO;
	if (!(st = ej_rc_prepare(rc, "SELECT id FROM temp.chk_disc")))
		return EJ_EIO;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id > 0 && (size_t)id < rc->ndiscs)
			rc->discs[id].in_scope = true;
	}
	sqlite3_finalize(st);
	return ej_rc_done(rc, s) ? EJ_EIO : 0;
}

static void resolve_dates(struct ej_rctx *rc)
{
	sqlite3_stmt *st;
	ej_day exp = EJ_DAY_NONE;
	int i;

	ej_day_iso(rc->scope->from, rc->from_iso);
	ej_day_iso(rc->scope->to, rc->to_iso);
	if ((st = ej_rc_prepare(rc, "SELECT max(exported_at) FROM batch"))) {
		if (sqlite3_step(st) == SQLITE_ROW)
			exp = ej_rc_iso_day((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	rc->have_batches = exp != EJ_DAY_NONE;
	if (exp != EJ_DAY_NONE)
		ej_day_iso(exp, rc->export_iso);
	else
		snprintf(rc->export_iso, sizeof(rc->export_iso), "9999-12-31");
	rc->checked = rc->scope->to;
	if (exp != EJ_DAY_NONE && exp < rc->checked)
		rc->checked = exp;
	ej_day_iso(rc->checked, rc->checked_iso);
	/* §3.3: a semester's end-of-semester checks run when the period
	** reaches its end date, or with --final for semesters it overlaps. */
	for (i = 0; i < 2; i++) {
		const struct ej_day_range *sem = &rc->cfg->semester[i];
		bool reach = rc->scope->from <= sem->to && rc->scope->to >= sem->to;
		bool overlap = rc->scope->from <= sem->to && rc->scope->to >= sem->from;
		rc->sem_final[i] = reach || (rc->opts->final && overlap);
	}
}

/* Teacher and (for groups without one) department filters. */
static bool keep_finding(const struct ej_rctx *rc, const struct ej_finding *f)
{
	const struct ej_scope *s = rc->scope;

	if (f->severity == EJ_SEV_UNCHECKED)
		return true;
	if (s->teacher && !ej_qr_teacher_match(s->teacher, f->teacher, f->teacher_short))
		return false;
	if (s->department) {
		const struct ej_rc_group *g = f->group_id > 0 && (size_t)f->group_id < rc->ngroups ?
					      &rc->groups[f->group_id] : NULL;
		const char *td = f->teacher_id > 0 && (size_t)f->teacher_id < rc->nteachers ?
				 rc->teachers[f->teacher_id].dept : NULL;
		if (g && g->dept)
			return ej_utf8_eq_fold(s->department, g->dept);
		return td && ej_utf8_eq_fold(s->department, td);
	}
	return true;
}

/* Rules that take their data from the shared pass over marks. */
static bool uses_marks(const char *id)
{
	static const char *const ids[] = {
		"D01", "D02", "D04", "S03", "T02", "T03", "G04", "G05", "A01", "A02", "G02", "G03",
	};
	size_t i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (!strcmp(id, ids[i]))
			return true;
	return false;
}

int ej_check_run(struct ej_db *db, const struct ej_check_opts *o,
		 struct ej_findings *out, struct ej_err *err)
{
	struct ej_rctx rc;
	size_t n, i, start = out->n, w;
	const struct ej_rule *rules = ej_rules_all(&n);
	int status = 0, pass;

	memset(&rc, 0, sizeof(rc));
	rc.db = db;
	rc.cfg = o->config;
	rc.scope = o->scope;
	rc.opts = o;
	rc.out = out;
	rc.err = err;
	/* A 32 MB page cache: lessons, plan and stays are read by several
	** rules; the mark table (≈1 M rows) is read once, by markpass.c. */
	ej_db_exec(db, "PRAGMA cache_size = -32768;"
		   "PRAGMA temp_store = MEMORY", NULL);
	if ((status = load_caches(&rc)))
		goto done;
	resolve_dates(&rc);
	if ((status = build_scope_table(&rc)))
		goto done;
	/* The rules that read the marks go last: their shared pass runs in a
	** thread meanwhile (markpass.h). */
	for (i = 0; i < n; i++)
		if (uses_marks(rules[i].id) && ej_rc_selected(&rc, rules[i].id)) {
			ej_mp_start(&rc);
			break;
		}
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			if ((int)uses_marks(rules[i].id) != pass || !ej_rc_selected(&rc, rules[i].id))
				continue;
			if ((status = rules[i].fn(&rc, &rules[i])))
				goto done;
		}
	/* Post-filters: every rule gets the same teacher/department filter. */
	for (i = w = start; i < out->n; i++) {
		if (keep_finding(&rc, &out->v[i]))
			out->v[w++] = out->v[i];
		else
			finding_release(&out->v[i]);
	}
	out->n = w;
done:
	ej_db_exec(db, "DROP TABLE IF EXISTS temp.chk_disc", NULL);
	ej_mp_free(&rc);
	ej_rc_p_free(&rc);
	free_caches(&rc);
	return status;
}
