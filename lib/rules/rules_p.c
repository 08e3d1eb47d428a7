/*
** rules_p.c — family P, programme coverage (§3.3: «соответствие учебному
** плану и тематическому планированию»): hours held against the curriculum
** and the thematic plan, control works, practical/lab hours, and the
** topics held against the plan in order (P06).
**
** A discipline taught in subgroups gives each subgroup the curriculum's
** hours (formats.md): for subgroup s, held = whole-group lessons + lessons
** of s; the plan is its subgroup-0 rows + rows of s; the curriculum row of s
** if there is one, else the whole group's.
*/
#include "rules/align.h"
#include "rules/rules_ctx.h"
#include "util/buf.h"
#include "util/sort.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct p_lesson {
	int64_t disc;
	ej_day day;
	int pair, subgroup;
	double hours;
	char type;        /* 't' theory, 'p' practical, 'l' lab, 'c' control, 'o' other */
	char *topic;
};

struct p_plan {
	int64_t disc;
	int subgroup, lesson_no, semester;
	ej_day day;       /* planned date or EJ_DAY_NONE */
	double hours;
	char type;
	char *topic;
};

struct p_cur {
	int64_t disc;
	int semester, subgroup, control_works;   /* control_works −1 = not given */
	double hours, practice, lab;
	int64_t teacher;
};

/* Topics live in chunks of one arena: two allocations per megabyte, not
** one per row. */
struct p_chunk {
	struct p_chunk *next;
	size_t used, size;
	char text[];
};

struct p_data {
	struct p_lesson *l; size_t nl, al;
	struct p_plan *p; size_t np, ap;
	struct p_cur *c; size_t nc, ac;
	struct p_chunk *topics;
	/* P06: word sets of one discipline's lessons and plan rows, kept for
	** its next subgroup. */
	int64_t words_disc;
	struct ej_words *lw, *pw;
	size_t alw, apw;
};

static char type_code(const char *t)
{
	if (!t) return 't';
	if (!strcmp(t, "practical")) return 'p';
	if (!strcmp(t, "lab")) return 'l';
	if (!strcmp(t, "control")) return 'c';
	if (!strcmp(t, "theory")) return 't';
	return 'o';
}

static void p_free(struct p_data *d)
{
	while (d->topics) {
		struct p_chunk *c = d->topics;
		d->topics = c->next;
		free(c);
	}
	free(d->l); free(d->p); free(d->c);
	free(d->lw); free(d->pw);
	memset(d, 0, sizeof(*d));
}

/* Copy column c (NULL stays NULL) into d's topic arena. */
static char *dup_col(struct p_data *d, sqlite3_stmt *st, int c)
{
	const unsigned char *t = sqlite3_column_text(st, c);
	size_t n;
	char *r;

	if (!t)
		return NULL;
	n = (size_t)sqlite3_column_bytes(st, c) + 1;
	if (!d->topics || d->topics->size - d->topics->used < n) {
		size_t size = n > (1u << 20) ? n : (1u << 20);
		struct p_chunk *k = ej_malloc(sizeof(*k) + size);
		k->next = d->topics;
		k->used = 0;
		k->size = size;
		d->topics = k;
	}
	r = d->topics->text + d->topics->used;
	memcpy(r, t, n);
	d->topics->used += n;
	return r;
}

/* Lessons by discipline, date, pair and subgroup (the key is unique). */
static int cmp_lesson(const void *pa, const void *pb)
{
	const struct p_lesson *a = pa, *b = pb;

	if (a->disc != b->disc) return a->disc < b->disc ? -1 : 1;
	if (a->day != b->day) return a->day < b->day ? -1 : 1;
	if (a->pair != b->pair) return a->pair < b->pair ? -1 : 1;
	return a->subgroup < b->subgroup ? -1 : a->subgroup > b->subgroup;
}

/* Plan rows by discipline, lesson number and subgroup (unique). */
static int cmp_plan(const void *pa, const void *pb)
{
	const struct p_plan *a = pa, *b = pb;

	if (a->disc != b->disc) return a->disc < b->disc ? -1 : 1;
	if (a->lesson_no != b->lesson_no) return a->lesson_no < b->lesson_no ? -1 : 1;
	return a->subgroup < b->subgroup ? -1 : a->subgroup > b->subgroup;
}

/* Lessons up to the checked day (the whole year so far: plans count from
** the semester's start), plan rows and curriculum of disciplines in scope. */
static int p_load(struct ej_rctx *rc, struct p_data *d, bool topics)
{
	static const char sql_l[] =
		"SELECT l.discipline_id, l.date, l.pair, l.subgroup, l.hours, l.lesson_type, l.topic"
		" FROM lesson l JOIN temp.chk_disc c ON c.id = l.discipline_id"
		" WHERE +l.date <= ?3";   /* a scan: the date index would cost a lookup a row */
	static const char sql_p[] =
		"SELECT p.discipline_id, p.subgroup, p.lesson_no, p.semester, p.planned_date,"
		" p.hours, p.lesson_type, p.topic"
		" FROM plan p JOIN temp.chk_disc c ON c.id = p.discipline_id";
	static const char sql_c[] =
		"SELECT u.discipline_id, u.semester, u.subgroup, u.hours, coalesce(u.practice, 0),"
		" coalesce(u.lab, 0), coalesce(u.control_works, -1), coalesce(u.teacher_id, 0)"
		" FROM curriculum u JOIN temp.chk_disc c ON c.id = u.discipline_id"
		" ORDER BY u.discipline_id, u.semester, u.subgroup";
	sqlite3_stmt *st;
	int s;

	if (!(st = ej_rc_prepare(rc, sql_l)))
		return EJ_EIO;
	ej_rc_bind_period(rc, st);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct p_lesson *l;
		EJ_GROW(d->l, d->nl + 1, d->al);
		l = &d->l[d->nl++];
		l->disc = sqlite3_column_int64(st, 0);
		l->day = ej_rc_iso_day((const char *)sqlite3_column_text(st, 1));
		l->pair = sqlite3_column_int(st, 2);
		l->subgroup = sqlite3_column_int(st, 3);
		l->hours = sqlite3_column_double(st, 4);
		l->type = type_code((const char *)sqlite3_column_text(st, 5));
		l->topic = topics ? dup_col(d, st, 6) : NULL;
	}
	sqlite3_finalize(st);
	if (ej_rc_done(rc, s))
		return EJ_EIO;
	/* Sorted here, not by SQLite: its sorter copies every topic. */
	ej_qsort(d->l, d->nl, sizeof(d->l[0]), cmp_lesson);

	if (!(st = ej_rc_prepare(rc, sql_p)))
		return EJ_EIO;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct p_plan *p;
		EJ_GROW(d->p, d->np + 1, d->ap);
		p = &d->p[d->np++];
		p->disc = sqlite3_column_int64(st, 0);
		p->subgroup = sqlite3_column_int(st, 1);
		p->lesson_no = sqlite3_column_int(st, 2);
		p->day = ej_rc_iso_day((const char *)sqlite3_column_text(st, 4));
		p->semester = sqlite3_column_type(st, 3) != SQLITE_NULL ? sqlite3_column_int(st, 3) :
			      p->day != EJ_DAY_NONE ? ej_rc_semester(rc, p->day) : 0;
		p->hours = sqlite3_column_double(st, 5);
		p->type = type_code((const char *)sqlite3_column_text(st, 6));
		p->topic = topics ? dup_col(d, st, 7) : NULL;
	}
	sqlite3_finalize(st);
	if (ej_rc_done(rc, s))
		return EJ_EIO;
	ej_qsort(d->p, d->np, sizeof(d->p[0]), cmp_plan);

	if (!(st = ej_rc_prepare(rc, sql_c)))
		return EJ_EIO;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct p_cur *c;
		EJ_GROW(d->c, d->nc + 1, d->ac);
		c = &d->c[d->nc++];
		c->disc = sqlite3_column_int64(st, 0);
		c->semester = sqlite3_column_int(st, 1);
		c->subgroup = sqlite3_column_int(st, 2);
		c->hours = sqlite3_column_double(st, 3);
		c->practice = sqlite3_column_double(st, 4);
		c->lab = sqlite3_column_double(st, 5);
		c->control_works = sqlite3_column_int(st, 6);
		c->teacher = sqlite3_column_int64(st, 7);
	}
	sqlite3_finalize(st);
	return ej_rc_done(rc, s) ? EJ_EIO : 0;
}

/* One discipline's slices of the three arrays. */
struct p_disc {
	int64_t disc;
	struct p_lesson *l; size_t nl;
	struct p_plan *p; size_t np;
	struct p_cur *c; size_t nc;
	int subgroups[8]; size_t nsub;   /* {0} or the subgroups > 0 it is taught in */
};

static void add_sub(struct p_disc *x, int sg)
{
	size_t i;

	if (sg <= 0)
		return;
	for (i = 0; i < x->nsub; i++)
		if (x->subgroups[i] == sg)
			return;
	if (x->nsub < 8)
		x->subgroups[x->nsub++] = sg;
}

/* Iterate disciplines present in any of the arrays, in id order. */
static bool p_next(struct p_data *d, size_t *il, size_t *ip, size_t *ic, struct p_disc *x)
{
	int64_t disc = INT64_MAX;
	size_t i;

	if (*il < d->nl && d->l[*il].disc < disc) disc = d->l[*il].disc;
	if (*ip < d->np && d->p[*ip].disc < disc) disc = d->p[*ip].disc;
	if (*ic < d->nc && d->c[*ic].disc < disc) disc = d->c[*ic].disc;
	if (disc == INT64_MAX)
		return false;
	memset(x, 0, sizeof(*x));
	x->disc = disc;
	x->l = d->l + *il;
	while (*il < d->nl && d->l[*il].disc == disc) { (*il)++; x->nl++; }
	x->p = d->p + *ip;
	while (*ip < d->np && d->p[*ip].disc == disc) { (*ip)++; x->np++; }
	x->c = d->c + *ic;
	while (*ic < d->nc && d->c[*ic].disc == disc) { (*ic)++; x->nc++; }
	for (i = 0; i < x->nl; i++) add_sub(x, x->l[i].subgroup);
	for (i = 0; i < x->np; i++) add_sub(x, x->p[i].subgroup);
	for (i = 0; i < x->nc; i++) add_sub(x, x->c[i].subgroup);
	if (x->nsub == 0)
		x->subgroups[x->nsub++] = 0;
	return true;
}

static bool sg_sees(int row_sg, int sg)
{
	return row_sg == 0 || row_sg == sg;
}

/* Curriculum row for semester and subgroup (falling back to the whole group). */
static const struct p_cur *cur_for(const struct p_disc *x, int sem, int sg)
{
	const struct p_cur *whole = NULL;
	size_t i;

	for (i = 0; i < x->nc; i++) {
		if (x->c[i].semester != sem)
			continue;
		if (x->c[i].subgroup == sg)
			return &x->c[i];
		if (x->c[i].subgroup == 0)
			whole = &x->c[i];
	}
	return whole;
}

struct p_sums { double hours, prac; int controls, rows; };

/* Held lessons of subgroup sg in [from, to]. */
static struct p_sums held_sum(const struct p_disc *x, int sg, ej_day from, ej_day to)
{
	struct p_sums s = { 0, 0, 0, 0 };
	size_t i;

	for (i = 0; i < x->nl; i++) {
		const struct p_lesson *l = &x->l[i];
		if (l->day < from || l->day > to || !sg_sees(l->subgroup, sg))
			continue;
		s.hours += l->hours;
		s.rows++;
		if (l->type == 'p' || l->type == 'l') s.prac += l->hours;
		if (l->type == 'c') s.controls++;
	}
	return s;
}

/* Plan rows of subgroup sg in semester sem; due_by != EJ_DAY_NONE keeps only
** rows with a planned date on or before it. */
static struct p_sums plan_sum(const struct p_disc *x, int sg, int sem, ej_day due_by)
{
	struct p_sums s = { 0, 0, 0, 0 };
	size_t i;

	for (i = 0; i < x->np; i++) {
		const struct p_plan *p = &x->p[i];
		if (!sg_sees(p->subgroup, sg) || p->semester != sem)
			continue;
		if (due_by != EJ_DAY_NONE && (p->day == EJ_DAY_NONE || p->day > due_by))
			continue;
		s.hours += p->hours;
		s.rows++;
		if (p->type == 'p' || p->type == 'l') s.prac += p->hours;
		if (p->type == 'c') s.controls++;
	}
	return s;
}

static void hours_str(double h, char *buf, size_t size)
{
	if (fabs(h - floor(h)) < 1e-9)
		snprintf(buf, size, "%.0f", h);
	else
		ej_rc_num(h, 1, buf, size);
}

static int64_t p_teacher(struct ej_rctx *rc, const struct p_disc *x, int sem, int sg)
{
	const struct p_cur *c = cur_for(x, sem, sg);

	if (c && c->teacher)
		return c->teacher;
	return ej_rc_disc_teacher(rc, x->disc, sg, sem ? rc->cfg->semester[sem - 1].from : rc->checked);
}

/* The semester (1/2) being run "during": the one holding the checked day,
** when its end-of-semester checks do not run; 0 otherwise. */
static int current_semester(const struct ej_rctx *rc)
{
	int k = ej_rc_semester(rc, rc->checked);

	return k && !rc->sem_final[k - 1] ? k : 0;
}

static bool semester_in_scope(const struct ej_rctx *rc, int k)
{
	const struct ej_day_range *s = &rc->cfg->semester[k - 1];
	return rc->scope->from <= s->to && rc->scope->to >= s->from;
}

typedef int (*p_fn)(struct ej_rctx *rc, const struct ej_rule *r, struct p_disc *x, int sg);

void ej_rc_p_free(struct ej_rctx *rc)
{
	if (rc->pdata) {
		p_free(rc->pdata);
		free(rc->pdata);
		rc->pdata = NULL;
	}
}

static int p_each(struct ej_rctx *rc, const struct ej_rule *r, p_fn fn)
{
	struct p_disc x;
	size_t il = 0, ip = 0, ic = 0, k;
	int status;

	if (!rc->pdata) {
		rc->pdata = ej_calloc(1, sizeof(*rc->pdata));
		if ((status = p_load(rc, rc->pdata, true)))
			return status;
	}
	while (p_next(rc->pdata, &il, &ip, &ic, &x))
		for (k = 0; k < x.nsub; k++)
			if ((status = fn(rc, r, &x, x.subgroups[k])))
				return status;
	return 0;
}

/* ---- P01 ---------------------------------------------------------------- */

static int p01_one(struct ej_rctx *rc, const struct ej_rule *r, struct p_disc *x, int sg)
{
	int k;

	for (k = 1; k <= 2; k++) {
		const struct ej_day_range *sem = &rc->cfg->semester[k - 1];
		const struct p_cur *c = cur_for(x, k, sg);
		struct p_sums h;
		char where[256], a[32], b[32], dv[32];
		struct ej_finding *f;
		double diff;

		if (!rc->sem_final[k - 1] || !c)
			continue;
		h = held_sum(x, sg, sem->from, sem->to);
		diff = h.hours - c->hours;
		if (fabs(diff) < 0.01)
			continue;
		ej_rc_where(rc, x->disc, sg, where, sizeof(where));
		hours_str(h.hours, a, sizeof(a));
		hours_str(c->hours, b, sizeof(b));
		hours_str(fabs(diff), dv, sizeof(dv));
		f = ej_rc_add(rc, r, x->disc, sg, p_teacher(rc, x, k, sg), 0, EJ_DAY_NONE,
			      "За %d семестр проведено %s ч при %s ч по учебному плану (%s %s ч) (%s)",
			      k, a, b, diff < 0 ? "недовыполнение" : "перевыполнение", dv, where);
		ej_rc_period(f, sem->from, sem->to);
		ej_rc_fig(f, "held_hours", h.hours);
		ej_rc_fig(f, "curriculum_hours", c->hours);
		ej_rc_fig(f, "difference_hours", diff);
	}
	return 0;
}

/* §3.3: at the semester's end, hours held equal the curriculum's. */
int ej_rule_p01(struct ej_rctx *rc, const struct ej_rule *r)
{
	if (!ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM curriculum LIMIT 1)")) {
		ej_rc_unchecked(rc, r, NULL);
		return 0;
	}
	return p_each(rc, r, p01_one);
}

/* ---- P02 ---------------------------------------------------------------- */

/* P02's semester: the one holding the checked day, else the last begun. */
static int lag_semester(const struct ej_rctx *rc)
{
	int k = ej_rc_semester(rc, rc->checked);

	if (k)
		return k;
	if (rc->checked >= rc->cfg->semester[1].from)
		return 2;
	return rc->checked >= rc->cfg->semester[0].from ? 1 : 0;
}

static int p02_one(struct ej_rctx *rc, const struct ej_rule *r, struct p_disc *x, int sg)
{
	int k = lag_semester(rc);
	const struct ej_day_range *sem;
	struct p_sums h, p;
	double lag;
	char where[256], a[32], b[32], lg[32], day[11];
	struct ej_finding *f;

	if (!k)
		return 0;
	sem = &rc->cfg->semester[k - 1];
	p = plan_sum(x, sg, k, rc->checked);
	if (p.rows == 0)
		return 0;
	h = held_sum(x, sg, sem->from, rc->checked < sem->to ? rc->checked : sem->to);
	lag = p.hours - h.hours;
	if (lag <= rc->cfg->policy.max_lag_hours + 1e-9)
		return 0;
	ej_rc_where(rc, x->disc, sg, where, sizeof(where));
	hours_str(h.hours, a, sizeof(a));
	hours_str(p.hours, b, sizeof(b));
	hours_str(lag, lg, sizeof(lg));
	ej_day_ru(rc->checked, day);
	f = ej_rc_add(rc, r, x->disc, sg, p_teacher(rc, x, k, sg), 0, EJ_DAY_NONE,
		      "Отставание от тематического плана на %s ч: к %s проведено %s ч, по плану %s ч (%s)",
		      lg, day, a, b, where);
	ej_rc_period(f, sem->from, rc->checked);
	ej_rc_fig(f, "held_hours", h.hours);
	ej_rc_fig(f, "planned_hours", p.hours);
	ej_rc_fig(f, "lag_hours", lag);
	ej_rc_fig(f, "max_lag_hours", rc->cfg->policy.max_lag_hours);
	return 0;
}

/* §3.3: during the semester, no more than plan.max_lag_hours behind the plan. */
int ej_rule_p02(struct ej_rctx *rc, const struct ej_rule *r)
{
	if (!ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM plan WHERE planned_date IS NOT NULL LIMIT 1)")) {
		ej_rc_unchecked(rc, r, "тематический план с плановыми датами");
		return 0;
	}
	return p_each(rc, r, p02_one);
}

/* ---- P03 ---------------------------------------------------------------- */

static int p03_one(struct ej_rctx *rc, const struct ej_rule *r, struct p_disc *x, int sg)
{
	int k;

	if (x->np == 0)
		return 0;
	for (k = 1; k <= 2; k++) {
		const struct p_cur *c = cur_for(x, k, sg);
		struct p_sums p;
		char where[256], a[32], b[32];
		struct ej_finding *f;

		if (!c || !semester_in_scope(rc, k))
			continue;
		p = plan_sum(x, sg, k, EJ_DAY_NONE);
		if (fabs(p.hours - c->hours) < 0.01)
			continue;
		ej_rc_where(rc, x->disc, sg, where, sizeof(where));
		hours_str(p.hours, a, sizeof(a));
		hours_str(c->hours, b, sizeof(b));
		f = ej_rc_add(rc, r, x->disc, sg, p_teacher(rc, x, k, sg), 0, EJ_DAY_NONE,
			      "Тематический план на %d семестр — %s ч, а по учебному плану %s ч (%s)",
			      k, a, b, where);
		ej_rc_period(f, rc->cfg->semester[k - 1].from, rc->cfg->semester[k - 1].to);
		ej_rc_fig(f, "plan_hours", p.hours);
		ej_rc_fig(f, "curriculum_hours", c->hours);
	}
	return 0;
}

/* §3.3: the thematic plan adds up to the curriculum's hours. */
int ej_rule_p03(struct ej_rctx *rc, const struct ej_rule *r)
{
	if (!ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM curriculum LIMIT 1)") ||
	    !ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM plan LIMIT 1)")) {
		ej_rc_unchecked(rc, r, NULL);
		return 0;
	}
	return p_each(rc, r, p03_one);
}

/* ---- P04, P05 ----------------------------------------------------------- */

/* The semesters P04/P05 judge and up to which day: a finished (final)
** semester in full, the current one up to the checked day by plan dates. */
static bool judged(const struct ej_rctx *rc, int k, ej_day *due)
{
	if (rc->sem_final[k - 1]) {
		*due = EJ_DAY_NONE;
		return true;
	}
	if (current_semester(rc) == k) {
		*due = rc->checked;
		return true;
	}
	return false;
}

static int p04_one(struct ej_rctx *rc, const struct ej_rule *r, struct p_disc *x, int sg)
{
	int k;

	for (k = 1; k <= 2; k++) {
		const struct ej_day_range *sem = &rc->cfg->semester[k - 1];
		const struct p_cur *c = cur_for(x, k, sg);
		ej_day due;
		struct p_sums p, h;
		int need;
		char where[256];
		struct ej_finding *f;

		if (!judged(rc, k, &due))
			continue;
		p = plan_sum(x, sg, k, due);
		need = p.controls;
		if (due == EJ_DAY_NONE && c && c->control_works > need)
			need = c->control_works;
		h = held_sum(x, sg, sem->from, due == EJ_DAY_NONE ? sem->to : due);
		if (h.controls >= need)
			continue;
		ej_rc_where(rc, x->disc, sg, where, sizeof(where));
		f = ej_rc_add(rc, r, x->disc, sg, p_teacher(rc, x, k, sg), 0, EJ_DAY_NONE,
			      "Проведено контрольных работ: %d, требуется %d (%d семестр) (%s)",
			      h.controls, need, k, where);
		ej_rc_period(f, sem->from, due == EJ_DAY_NONE ? sem->to : due);
		ej_rc_fig(f, "held_controls", h.controls);
		ej_rc_fig(f, "required_controls", need);
	}
	return 0;
}

/* §3.3: «наличию контрольных и текущих проверочных работ». */
int ej_rule_p04(struct ej_rctx *rc, const struct ej_rule *r)
{
	if (!ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM curriculum WHERE control_works IS NOT NULL LIMIT 1)") &&
	    !ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM plan LIMIT 1)")) {
		ej_rc_unchecked(rc, r, NULL);
		return 0;
	}
	return p_each(rc, r, p04_one);
}

static int p05_one(struct ej_rctx *rc, const struct ej_rule *r, struct p_disc *x, int sg)
{
	int k;

	for (k = 1; k <= 2; k++) {
		const struct ej_day_range *sem = &rc->cfg->semester[k - 1];
		ej_day due;
		struct p_sums p, h;
		char where[256], a[32], b[32];
		struct ej_finding *f;

		if (!judged(rc, k, &due))
			continue;
		p = plan_sum(x, sg, k, due);
		if (p.prac <= 0)
			continue;
		h = held_sum(x, sg, sem->from, due == EJ_DAY_NONE ? sem->to : due);
		if (h.prac + 0.01 >= p.prac)
			continue;
		ej_rc_where(rc, x->disc, sg, where, sizeof(where));
		hours_str(h.prac, a, sizeof(a));
		hours_str(p.prac, b, sizeof(b));
		f = ej_rc_add(rc, r, x->disc, sg, p_teacher(rc, x, k, sg), 0, EJ_DAY_NONE,
			      "Практических и лабораторных занятий проведено %s ч, по плану %s ч (%d семестр) (%s)",
			      a, b, k, where);
		ej_rc_period(f, sem->from, due == EJ_DAY_NONE ? sem->to : due);
		ej_rc_fig(f, "held_practical_hours", h.prac);
		ej_rc_fig(f, "planned_practical_hours", p.prac);
	}
	return 0;
}

/* §3.3: practical and lab hours as planned. */
int ej_rule_p05(struct ej_rctx *rc, const struct ej_rule *r)
{
	if (!ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM plan LIMIT 1)")) {
		ej_rc_unchecked(rc, r, NULL);
		return 0;
	}
	return p_each(rc, r, p05_one);
}

/* ---- P06 ---------------------------------------------------------------- */

/* Normalise the topics of x's lessons and plan rows into d->lw and d->pw,
** once per discipline (its subgroups share the whole-group rows). */
static void p06_words(struct p_data *d, const struct p_disc *x)
{
	size_t i;

	if (d->lw && d->words_disc == x->disc)
		return;
	EJ_GROW(d->lw, x->nl + 1, d->alw);
	EJ_GROW(d->pw, x->np + 1, d->apw);
	for (i = 0; i < x->nl; i++)
		ej_topic_words(x->l[i].topic, &d->lw[i]);
	for (i = 0; i < x->np; i++)
		ej_topic_words(x->p[i].topic, &d->pw[i]);
	d->words_disc = x->disc;
}

static int p06_one(struct ej_rctx *rc, const struct ej_rule *r, struct p_disc *x, int sg)
{
	const double thr = rc->cfg->policy.min_topic_similarity;
	struct ej_words *lw = NULL, *pw = NULL;
	const struct p_lesson **ls = NULL;
	const struct p_plan **ps = NULL;
	int *match = NULL, last = -1;
	double *sim = NULL;
	size_t nl = 0, np = 0, due = 0, i, band;
	bool *used = NULL, first_sg = x->subgroups[0] == sg;
	struct ej_buf missing;
	int nmissing = 0;

	if (x->np == 0)
		return 0;
	ls = ej_calloc(x->nl + 1, sizeof(*ls));
	ps = ej_calloc(x->np + 1, sizeof(*ps));
	for (i = 0; i < x->nl; i++)
		if (sg_sees(x->l[i].subgroup, sg))
			ls[nl++] = &x->l[i];
	for (i = 0; i < x->np; i++)
		if (sg_sees(x->p[i].subgroup, sg)) {
			ps[np++] = &x->p[i];
			if (x->p[i].day != EJ_DAY_NONE && x->p[i].day <= rc->checked)
				due++;
		}
	lw = ej_reallocarray(NULL, nl + 1, sizeof(*lw));   /* filled below */
	pw = ej_reallocarray(NULL, np + 1, sizeof(*pw));
	match = ej_calloc(nl + 1, sizeof(*match));
	sim = ej_calloc(nl + 1, sizeof(*sim));
	used = ej_calloc(np + 1, sizeof(*used));
	p06_words(rc->pdata, x);
	for (i = 0; i < nl; i++)
		lw[i] = rc->pdata->lw[ls[i] - x->l];
	for (i = 0; i < np; i++)
		pw[i] = rc->pdata->pw[ps[i] - x->p];
	band = 10 + (due > nl ? due - nl : nl - due);
	ej_align_topics(lw, nl, pw, np, thr, band, match, sim);
	for (i = 0; i < nl; i++)
		if (match[i] >= 0) {
			used[match[i]] = true;
			if (match[i] > last)
				last = match[i];
		}
	/* A lesson continuing its neighbour's topic (a second pair on it) is
	** in the plan too. */
	for (i = 0; i < nl; i++) {
		int nb = -1;
		if (match[i] >= 0)
			continue;
		if (i > 0 && match[i - 1] >= 0 &&
		    ej_topic_similarity(&lw[i], &pw[match[i - 1]]) >= thr)
			nb = match[i - 1];
		else if (i + 1 < nl && match[i + 1] >= 0 &&
			 ej_topic_similarity(&lw[i], &pw[match[i + 1]]) >= thr)
			nb = match[i + 1];
		if (nb >= 0)
			match[i] = nb;
	}
	/* (a) held lessons matching no planned topic near their place. */
	for (i = 0; i < nl; i++) {
		const struct p_lesson *l = ls[i];
		char day[11], where[256], sv[32];
		struct ej_finding *f;

		if (match[i] >= 0 || lw[i].n == 0)
			continue;
		if (l->day < rc->scope->from || l->day > rc->scope->to)
			continue;
		if (l->subgroup == 0 && !first_sg)
			continue;   /* a whole-group lesson is reported once */
		ej_day_ru(l->day, day);
		ej_rc_where(rc, x->disc, l->subgroup, where, sizeof(where));
		ej_rc_num(sim[i], 2, sv, sizeof(sv));
		f = ej_rc_add(rc, r, x->disc, l->subgroup,
			      ej_rc_disc_teacher(rc, x->disc, l->subgroup, l->day), 0, l->day,
			      "Тема занятия %s, %d пара, «%s» не соответствует тематическому плану "
			      "(наибольшее сходство с темами плана рядом — %s) (%s)",
			      day, l->pair, l->topic ? l->topic : "", sv, where);
		f->pair = l->pair;
		ej_rc_fig(f, "similarity", sim[i]);
		ej_rc_fig(f, "min_similarity", thr);
	}
	/* (b) planned topics due by the checked day and skipped: a later
	** planned topic has been held. */
	ej_buf_init(&missing, 0);
	for (i = 0; (int)i < last; i++) {
		const struct p_plan *p = ps[i];
		if (used[i] || pw[i].n == 0 || (p->day != EJ_DAY_NONE && p->day > rc->checked))
			continue;
		if (p->day != EJ_DAY_NONE && p->day < rc->scope->from)
			continue;
		if (p->subgroup == 0 && !first_sg)
			continue;
		ej_buf_printf(&missing, "%s№%d «%s»", nmissing ? ", " : "", p->lesson_no,
			      p->topic ? p->topic : "");
		nmissing++;
	}
	if (nmissing) {
		char where[256];
		struct ej_finding *f;
		int k = ej_rc_semester(rc, rc->checked);

		ej_rc_where(rc, x->disc, sg, where, sizeof(where));
		f = ej_rc_add(rc, r, x->disc, sg, p_teacher(rc, x, k, sg), 0, EJ_DAY_NONE,
			      "Не проведены темы тематического плана (%d): %s (%s)",
			      nmissing, ej_buf_str(&missing), where);
		ej_rc_period(f, rc->scope->from, rc->checked);
		ej_rc_fig(f, "topics_missed", nmissing);
	}
	ej_buf_release(&missing);
	free(ls); free(ps); free(lw); free(pw); free(match); free(sim); free(used);
	return 0;
}

/* §3.3: topics held follow the thematic plan (in order, tolerant of a skip). */
int ej_rule_p06(struct ej_rctx *rc, const struct ej_rule *r)
{
	if (!ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM plan LIMIT 1)")) {
		ej_rc_unchecked(rc, r, NULL);
		return 0;
	}
	return p_each(rc, r, p06_one);
}
