/*
** figures.c — see figures.h for the definitions.
**
** A few aggregate queries (marks or finals per discipline × student,
** absences, lessons per discipline × teacher, plan and curriculum hours per
** discipline), then the rows of the asked level are built in C from those
** per-discipline-per-student facts.  No query runs per row.
*/
#include "util/sort.h"
#include "figures/figures.h"
#include "store/q_rules.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a small (id, id) → index hash -------------------------------------- */

struct hmap {
	int64_t *k1, *k2;
	size_t *v;
	size_t cap, n;
};

static size_t hslot(const struct hmap *h, int64_t a, int64_t b)
{
	uint64_t x = (uint64_t)a * 0x9E3779B97F4A7C15ull ^ ((uint64_t)b + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
	return (size_t)(x ^ (x >> 29)) & (h->cap - 1);
}

static void hinit(struct hmap *h, size_t want)
{
	h->cap = 64;
	while (h->cap < want * 2)
		h->cap *= 2;
	h->k1 = ej_calloc(h->cap, sizeof(*h->k1));
	h->k2 = ej_calloc(h->cap, sizeof(*h->k2));
	h->v = ej_calloc(h->cap, sizeof(*h->v));
	h->n = 0;
}

static void hfree(struct hmap *h)
{
	free(h->k1); free(h->k2); free(h->v);
	memset(h, 0, sizeof(*h));
}

/* Value + 1 stored; 0 = empty slot. */
static size_t *hget(struct hmap *h, int64_t a, int64_t b, bool add)
{
	size_t i;

	if (add && (h->n + 1) * 2 > h->cap) {
		struct hmap g;
		size_t j;
		hinit(&g, h->cap);
		for (j = 0; j < h->cap; j++)
			if (h->v[j])
				*hget(&g, h->k1[j], h->k2[j], true) = h->v[j];
		hfree(h);
		*h = g;
	}
	for (i = hslot(h, a, b); h->v[i]; i = (i + 1) & (h->cap - 1))
		if (h->k1[i] == a && h->k2[i] == b)
			return &h->v[i];
	if (!add)
		return NULL;
	h->k1[i] = a;
	h->k2[i] = b;
	h->n++;
	return &h->v[i];
}

/* ---- facts -------------------------------------------------------------- */

/* Per (discipline, subgroup) hours; subgroup 0 = the whole group. */
struct dsub {
	bool has_cur, has_plan, has_held;
	double cur, plan, held;
	int64_t cteacher, lteacher;
	long lcount;            /* lessons of lteacher */
};

struct disc {
	int64_t id, group, teacher;
	char *code, *name, *group_name;
	double plan_due, curriculum;
	struct dsub sg[EJ_FIG_MAX_SUB];   /* [0] whole group, [1..] subgroups */
};

/* Marks of one student in one discipline, on one basis. */
struct mst {
	long ok, good, bad, three, exempt, grades, c5, c4, c3, c2;
	double wsum, wtot;
};

/* One student in one discipline. */
struct ds {
	int64_t disc, student;
	struct mst m[2];              /* [EJ_FIG_CURRENT], [EJ_FIG_FINALS] */
	double abs_exc, abs_unexc;
	int fin_rank;                 /* the winning final's rank, 0 = none yet */
	char fin_val[16];
	bool enrolled;
};

/* Lessons of the period per discipline × subgroup × teacher. */
struct fillrow {
	int64_t disc, teacher;
	int subgroup;
	long lessons, topic, homework, on_time, known;
	double hours;
};

struct enr {
	int64_t group, student;
};

struct facts {
	struct disc *d; size_t nd, ad;
	struct hmap dix;              /* disc id → index */
	struct ds *s; size_t ns, as;
	struct hmap six;              /* (disc, student) → index */
	struct hmap enrolled;         /* (group, student) enrolled at the end */
	struct enr *en; size_t nen, aen;   /* the same, ordered by group */
	struct fillrow *fr; size_t nfr, afr;
	char from[11], to[11], due[11];
};

static char *dupc(sqlite3_stmt *st, int c)
{
	const char *t = ej_db_col_text(st, c);
	return t ? ej_strdup(t) : NULL;
}

static struct ds *ds_get(struct facts *f, int64_t disc, int64_t stu)
{
	size_t *v = hget(&f->six, disc, stu, true);

	if (!*v) {
		EJ_GROW(f->s, f->ns + 1, f->as);
		memset(&f->s[f->ns], 0, sizeof(f->s[0]));
		f->s[f->ns].disc = disc;
		f->s[f->ns].student = stu;
		*v = ++f->ns;
	}
	return &f->s[*v - 1];
}

static struct disc *disc_of(struct facts *f, int64_t id)
{
	size_t *v = hget(&f->dix, id, 0, false);

	return v ? &f->d[*v - 1] : NULL;
}

static int step_done(struct ej_db *db, int rc, struct ej_err *err)
{
	return rc == SQLITE_DONE ? 0 : ej_db_fail(db, err, "figures");
}

static void bind_period(sqlite3_stmt *st, const struct facts *f)
{
	int n = sqlite3_bind_parameter_count(st);

	if (n >= 1) sqlite3_bind_text(st, 1, f->from, -1, SQLITE_STATIC);
	if (n >= 2) sqlite3_bind_text(st, 2, f->to, -1, SQLITE_STATIC);
	if (n >= 3) sqlite3_bind_text(st, 3, f->due, -1, SQLITE_STATIC);
}

static void classify(struct mst *x, const char *v, long n)
{
	if (!v)
		return;
	if (!strcmp(v, "осв")) { x->exempt += n; return; }
	if (!strcmp(v, "5")) { x->c5 += n; x->ok += n; x->good += n; }
	else if (!strcmp(v, "4")) { x->c4 += n; x->ok += n; x->good += n; }
	else if (!strcmp(v, "3")) { x->c3 += n; x->ok += n; x->three += n; }
	else if (!strcmp(v, "зач")) { x->ok += n; x->good += n; }
	else if (!strcmp(v, "2") || !strcmp(v, "1")) { x->c2 += n; x->bad += n; }
	else if (!strcmp(v, "незач") || !strcmp(v, "на")) { x->bad += n; }
	else return;
	x->grades += n;
}

static bool is_numeric(const char *v)
{
	return v && v[0] >= '1' && v[0] <= '5' && !v[1];
}

int ej_fig_final_rank(int semester, const char *final_kind)
{
	static const char *const order[] = { "exam", "diff_credit", "credit", "semester",
					     "year", "final" };
	size_t i;
	int k = 99;

	for (i = 0; final_kind && i < sizeof(order) / sizeof(order[0]); i++)
		if (!strcmp(final_kind, order[i])) {
			k = (int)i;
			break;
		}
	/* Year first, then semester 2, then 1; +1 keeps 0 for "none". */
	return (semester == 0 ? 0 : 3 - semester) * 100 + k + 1;
}

static int cmp_enr(const void *pa, const void *pb)
{
	const struct enr *a = pa, *b = pb;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return a->student < b->student ? -1 : a->student > b->student;
}

/* Discipline rows, curriculum and plan hours per subgroup. */
static int load_discs(struct ej_db *db, struct facts *f, int sem1, int sem2, struct ej_err *err)
{
	static const char sql_d[] =
		"SELECT d.id, d.group_id, d.code, d.name, g.name"
		" FROM temp.fig_disc c CROSS JOIN discipline d ON d.id = c.id JOIN grp g ON g.id = d.group_id";
	static const char sql_u[] =
		"SELECT u.discipline_id, u.subgroup, u.semester IN (?4, ?5), u.hours, u.teacher_id"
		" FROM temp.fig_disc c CROSS JOIN curriculum u ON u.discipline_id = c.id"
		" ORDER BY u.discipline_id, u.subgroup, u.semester";
	static const char sql_p[] =
		"SELECT p.discipline_id, p.subgroup, sum(CASE WHEN p.planned_date BETWEEN ?1 AND ?3"
		"  THEN p.hours ELSE 0 END)"
		" FROM temp.fig_disc c CROSS JOIN plan p ON p.discipline_id = c.id GROUP BY 1, 2";
	sqlite3_stmt *st;
	int s;

	if (!(st = ej_db_prepare(db, sql_d, err)))
		return EJ_EIO;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct disc *d;
		EJ_GROW(f->d, f->nd + 1, f->ad);
		d = &f->d[f->nd];
		memset(d, 0, sizeof(*d));
		d->id = sqlite3_column_int64(st, 0);
		d->group = sqlite3_column_int64(st, 1);
		d->code = dupc(st, 2);
		d->name = dupc(st, 3);
		d->group_name = dupc(st, 4);
		*hget(&f->dix, d->id, 0, true) = ++f->nd;
	}
	sqlite3_finalize(st);
	if (step_done(db, s, err))
		return EJ_EIO;

	if (!(st = ej_db_prepare(db, sql_u, err)))
		return EJ_EIO;
	sqlite3_bind_int(st, 4, sem1 ? 1 : -1);
	sqlite3_bind_int(st, 5, sem2 ? 2 : -1);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct disc *d = disc_of(f, sqlite3_column_int64(st, 0));
		int sg = sqlite3_column_int(st, 1);
		if (!d || sg < 0 || sg >= EJ_FIG_MAX_SUB)
			continue;
		d->sg[sg].has_cur = true;
		if (sqlite3_column_int(st, 2))
			d->sg[sg].cur += sqlite3_column_double(st, 3);
		if (!d->sg[sg].cteacher)
			d->sg[sg].cteacher = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	if (step_done(db, s, err))
		return EJ_EIO;

	if (!(st = ej_db_prepare(db, sql_p, err)))
		return EJ_EIO;
	bind_period(st, f);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct disc *d = disc_of(f, sqlite3_column_int64(st, 0));
		int sg = sqlite3_column_int(st, 1);
		if (!d || sg < 0 || sg >= EJ_FIG_MAX_SUB)
			continue;
		d->sg[sg].has_plan = true;
		d->sg[sg].plan += sqlite3_column_double(st, 2);
	}
	sqlite3_finalize(st);
	return step_done(db, s, err) ? EJ_EIO : 0;
}

/* The period's lessons per discipline × subgroup × teacher (fill rates,
** held hours, the teacher who gave most lessons). */
static int load_lessons(struct ej_db *db, struct facts *f, struct ej_err *err)
{
	static const char sql_fill[] =
		"SELECT l.discipline_id, l.subgroup, coalesce(l.teacher_id, 0), count(*),"
		" sum(l.topic IS NOT NULL AND trim(l.topic) <> ''),"
		" sum(l.homework IS NOT NULL AND trim(l.homework) <> ''),"
		" sum(l.recorded_at IS NULL OR substr(l.recorded_at, 1, 10) <= l.date),"
		" sum(l.recorded_at IS NOT NULL), sum(l.hours)"
		" FROM temp.fig_disc c CROSS JOIN lesson l ON l.discipline_id = c.id"
		" WHERE l.date BETWEEN ?1 AND ?2 GROUP BY 1, 2, 3";
	sqlite3_stmt *st;
	int s;

	if (!(st = ej_db_prepare(db, sql_fill, err)))
		return EJ_EIO;
	bind_period(st, f);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct fillrow *r;
		struct disc *d;
		int sg;
		EJ_GROW(f->fr, f->nfr + 1, f->afr);
		r = &f->fr[f->nfr++];
		r->disc = sqlite3_column_int64(st, 0);
		r->subgroup = sg = sqlite3_column_int(st, 1);
		r->teacher = sqlite3_column_int64(st, 2);
		r->lessons = sqlite3_column_int(st, 3);
		r->topic = sqlite3_column_int(st, 4);
		r->homework = sqlite3_column_int(st, 5);
		r->on_time = sqlite3_column_int(st, 6);
		r->known = sqlite3_column_int(st, 7);
		r->hours = sqlite3_column_double(st, 8);
		if ((d = disc_of(f, r->disc)) && sg >= 0 && sg < EJ_FIG_MAX_SUB) {
			d->sg[sg].has_held = true;
			d->sg[sg].held += r->hours;
			if (r->teacher && r->lessons > d->sg[sg].lcount) {
				d->sg[sg].lcount = r->lessons;
				d->sg[sg].lteacher = r->teacher;
			}
		}
	}
	sqlite3_finalize(st);
	return step_done(db, s, err) ? EJ_EIO : 0;
}

static bool disc_has_subgroups(const struct disc *d)
{
	int k;

	for (k = 1; k < EJ_FIG_MAX_SUB; k++)
		if (d->sg[k].has_cur || d->sg[k].has_plan || d->sg[k].has_held)
			return true;
	return false;
}

/* A subgroup's hours: its own rows, plus (plan, held) or else (curriculum)
** the whole group's. */
static void sub_hours(const struct disc *d, int k, struct ej_fig_hours *h, int64_t *teacher)
{
	const struct dsub *a = &d->sg[k], *z = &d->sg[0];

	h->curriculum = a->has_cur ? a->cur : z->cur;
	h->plan_due = a->plan + (k ? z->plan : 0);
	h->held = a->held + (k ? z->held : 0);
	h->lag = h->plan_due - h->held;
	*teacher = a->cteacher ? a->cteacher : z->cteacher ? z->cteacher :
		   a->lteacher ? a->lteacher : z->lteacher;
}

/* The discipline's teacher and hours (sums over its subgroups). */
static void disc_finish(struct disc *d)
{
	int k;
	long best = 0;

	d->teacher = 0;
	for (k = 0; k < EJ_FIG_MAX_SUB && !d->teacher; k++)
		d->teacher = d->sg[k].cteacher;
	if (!d->teacher)
		for (k = 0; k < EJ_FIG_MAX_SUB; k++)
			if (d->sg[k].lcount > best) {
				best = d->sg[k].lcount;
				d->teacher = d->sg[k].lteacher;
			}
	d->plan_due = d->curriculum = 0;
	if (!disc_has_subgroups(d)) {
		d->plan_due = d->sg[0].plan;
		d->curriculum = d->sg[0].cur;
		return;
	}
	for (k = 1; k < EJ_FIG_MAX_SUB; k++) {
		struct ej_fig_hours h;
		int64_t t;
		if (!(d->sg[k].has_cur || d->sg[k].has_plan || d->sg[k].has_held))
			continue;
		sub_hours(d, k, &h, &t);
		d->plan_due += h.plan_due;
		d->curriculum += h.curriculum;
	}
}

/* The discipline's held hours as its row shows them. */
static double disc_held(const struct disc *d)
{
	double held = 0;
	int k;

	if (!disc_has_subgroups(d))
		return d->sg[0].held;
	for (k = 1; k < EJ_FIG_MAX_SUB; k++)
		if (d->sg[k].has_cur || d->sg[k].has_plan || d->sg[k].has_held)
			held += d->sg[k].held + d->sg[0].held;
	return held;
}

/* A lesson's (subgroup, date, pair) as one number: the date's digits
** YYYYMMDD (0 when malformed). */
static int64_t lesson_key(int subgroup, const char *date, int pair)
{
	int64_t d = 0;
	int i;

	for (i = 0; date && date[i] && i < 10; i++)
		if (date[i] >= '0' && date[i] <= '9')
			d = d * 10 + (date[i] - '0');
	return ((int64_t)subgroup << 48) ^ (d << 8) ^ (int64_t)(pair & 0xff);
}

/*
** One ordered pass over the period's marks of the scope's disciplines:
** current marks (when want_cur) and absences with their lessons' hours.
** The CROSS JOIN makes SQLite walk the disciplines and range-scan the
** mark key (discipline_id, date, …) instead of the whole table.
*/
static int load_marks(struct ej_db *db, struct facts *f, bool want_cur, struct ej_err *err)
{
	/* Lessons whose hours are not the default 2: few; an absence at any
	** other lesson (or at none) counts 2 hours. */
	static const char sql_h[] =
		"SELECT l.discipline_id, l.subgroup, l.date, l.pair, l.hours"
		" FROM temp.fig_disc c CROSS JOIN lesson l ON l.discipline_id = c.id"
		" WHERE l.date BETWEEN ?1 AND ?2 AND l.hours <> 2";
	static const char sql_all[] =
		"SELECT m.discipline_id, m.student_id, m.value, m.weight, m.subgroup, m.date, m.pair"
		" FROM temp.fig_disc c CROSS JOIN mark m ON m.discipline_id = c.id"
		" WHERE m.date BETWEEN ?1 AND ?2";
	static const char sql_abs[] =
		"SELECT m.discipline_id, m.student_id, m.value, m.weight, m.subgroup, m.date, m.pair"
		" FROM temp.fig_disc c CROSS JOIN mark m ON m.discipline_id = c.id"
		" WHERE m.date BETWEEN ?1 AND ?2 AND m.value IN ('н', 'б', 'у')";
	sqlite3_stmt *st;
	struct ds *x = NULL;
	struct hmap hours;            /* (disc, subgroup·date·pair) → index + 1 */
	double *hv = NULL;
	size_t nh = 0, ah = 0;
	int s;

	hinit(&hours, 64);
	if (!(st = ej_db_prepare(db, sql_h, err)))
		goto fail;
	bind_period(st, f);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		EJ_GROW(hv, nh + 1, ah);
		hv[nh] = sqlite3_column_double(st, 4);
		*hget(&hours, sqlite3_column_int64(st, 0),
		      lesson_key(sqlite3_column_int(st, 1), ej_db_col_text(st, 2),
				 sqlite3_column_int(st, 3)), true) = ++nh;
	}
	sqlite3_finalize(st);
	if (step_done(db, s, err))
		goto fail;

	if (!(st = ej_db_prepare(db, want_cur ? sql_all : sql_abs, err)))
		goto fail;
	bind_period(st, f);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t di = sqlite3_column_int64(st, 0), si = sqlite3_column_int64(st, 1);
		const char *v = ej_db_col_text(st, 2);
		if (!v)
			continue;
		if (!x || x->disc != di || x->student != si)
			x = ds_get(f, di, si);
		if ((v[0] == '\xd0' || v[0] == '\xd1') && (!strcmp(v, "н") || !strcmp(v, "б") ||
							   !strcmp(v, "у"))) {
			double h = 2;
			if (nh) {
				size_t *k = hget(&hours, di, lesson_key(sqlite3_column_int(st, 4),
									ej_db_col_text(st, 5),
									sqlite3_column_int(st, 6)), false);
				if (k)
					h = hv[*k - 1];
			}
			if (!strcmp(v, "н"))
				x->abs_unexc += h;
			else
				x->abs_exc += h;
			continue;
		}
		classify(&x->m[EJ_FIG_CURRENT], v, 1);
		if (is_numeric(v)) {
			double w = sqlite3_column_double(st, 3);
			x->m[EJ_FIG_CURRENT].wsum += w * (double)(v[0] - '0');
			x->m[EJ_FIG_CURRENT].wtot += w;
		}
	}
	sqlite3_finalize(st);
	hfree(&hours);
	free(hv);
	return step_done(db, s, err) ? EJ_EIO : 0;
fail:
	hfree(&hours);
	free(hv);
	return EJ_EIO;
}

/* One final per student × discipline (ej_fig_final_rank). */
static int load_finals(struct ej_db *db, const struct ej_scope *sc, struct facts *f,
		       int sem1, int sem2, struct ej_err *err)
{
	static const char sql_fin[] =
		"SELECT f.discipline_id, f.student_id, f.value, f.final_kind, f.semester"
		" FROM temp.fig_disc c CROSS JOIN final f ON f.discipline_id = c.id"
		" WHERE f.semester IN (?1, ?2, ?3)";
	sqlite3_stmt *st;
	size_t i;
	int s;

	if (!(st = ej_db_prepare(db, sql_fin, err)))
		return EJ_EIO;
	if (sc->semester == 1 || sc->semester == 2) {
		sqlite3_bind_int(st, 1, sc->semester);
		sqlite3_bind_int(st, 2, -1);
		sqlite3_bind_int(st, 3, -1);
	} else {
		sqlite3_bind_int(st, 1, sem1 ? 1 : -1);
		sqlite3_bind_int(st, 2, sem2 ? 2 : -1);
		sqlite3_bind_int(st, 3, sem2 ? 0 : -1);
	}
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = ej_db_col_text(st, 2);
		int r = ej_fig_final_rank(sqlite3_column_int(st, 4), ej_db_col_text(st, 3));
		struct ds *x;
		if (!v || strlen(v) >= sizeof(x->fin_val))
			continue;
		x = ds_get(f, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
		if (!x->fin_rank || r < x->fin_rank) {
			x->fin_rank = r;
			snprintf(x->fin_val, sizeof(x->fin_val), "%s", v);
		}
	}
	sqlite3_finalize(st);
	if (step_done(db, s, err))
		return EJ_EIO;
	for (i = 0; i < f->ns; i++) {
		struct ds *x = &f->s[i];
		if (!x->fin_rank)
			continue;
		classify(&x->m[EJ_FIG_FINALS], x->fin_val, 1);
		if (is_numeric(x->fin_val)) {
			x->m[EJ_FIG_FINALS].wsum += (double)(x->fin_val[0] - '0');
			x->m[EJ_FIG_FINALS].wtot += 1;
		}
	}
	return 0;
}

static int load_facts(struct ej_db *db, const struct ej_config *cfg, const struct ej_scope *sc,
		      bool want_cur, bool want_fin, struct facts *f, struct ej_err *err)
{
	static const char sql_en[] =
		"SELECT s.group_id, s.student_id FROM stay s"
		" WHERE s.group_id IN (SELECT group_id FROM temp.fig_disc)"
		" AND (s.enrolled IS NULL OR s.enrolled <= ?2) AND (s.left_on IS NULL OR s.left_on > ?2)";
	sqlite3_stmt *st = NULL;
	int s;
	size_t k;
	int sem1 = sc->from <= cfg->semester[0].to && sc->to >= cfg->semester[0].from;
	int sem2 = sc->from <= cfg->semester[1].to && sc->to >= cfg->semester[1].from;
	ej_day due = sc->to;

	ej_day_iso(sc->from, f->from);
	ej_day_iso(sc->to, f->to);
	if ((st = ej_db_prepare(db, "SELECT max(exported_at) FROM batch", err))) {
		const char *t;
		ej_day e;
		if (sqlite3_step(st) == SQLITE_ROW && (t = ej_db_col_text(st, 0)) &&
		    strlen(t) >= 10 && !ej_date_parse(t, 10, &e) && e < due)
			due = e;
		sqlite3_finalize(st);
	}
	ej_day_iso(due, f->due);
	hinit(&f->dix, 256);
	hinit(&f->six, 4096);
	hinit(&f->enrolled, 4096);

	if (load_discs(db, f, sem1, sem2, err) || load_lessons(db, f, err))
		return EJ_EIO;
	for (k = 0; k < f->nd; k++)
		disc_finish(&f->d[k]);
	if (load_marks(db, f, want_cur, err))
		return EJ_EIO;
	if (want_fin && load_finals(db, sc, f, sem1, sem2, err))
		return EJ_EIO;

	if (!(st = ej_db_prepare(db, sql_en, err)))
		return EJ_EIO;
	bind_period(st, f);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		size_t *v = hget(&f->enrolled, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), true);
		if (*v)
			continue;
		*v = 1;
		EJ_GROW(f->en, f->nen + 1, f->aen);
		f->en[f->nen].group = sqlite3_column_int64(st, 0);
		f->en[f->nen].student = sqlite3_column_int64(st, 1);
		f->nen++;
	}
	sqlite3_finalize(st);
	if (step_done(db, s, err))
		return EJ_EIO;
	if (f->nen > 1)
		ej_qsort(f->en, f->nen, sizeof(*f->en), cmp_enr);

	/* Enrolled students with nothing in a discipline still exist there. */
	for (k = 0; k < f->nd; k++) {
		size_t lo = 0, hi = f->nen;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (f->en[mid].group < f->d[k].group)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < f->nen && f->en[lo].group == f->d[k].group; lo++)
			ds_get(f, f->d[k].id, f->en[lo].student);
	}
	for (k = 0; k < f->ns; k++) {
		struct disc *d = disc_of(f, f->s[k].disc);
		if (d)
			f->s[k].enrolled = hget(&f->enrolled, d->group, f->s[k].student, false) != NULL;
	}
	return 0;
}

static void facts_free(struct facts *f)
{
	size_t i;

	for (i = 0; i < f->nd; i++) {
		free(f->d[i].code); free(f->d[i].name); free(f->d[i].group_name);
	}
	free(f->d); free(f->s); free(f->en); free(f->fr);
	hfree(&f->dix); hfree(&f->six); hfree(&f->enrolled);
}

/* ---- rows --------------------------------------------------------------- */

void ej_fig_table_init(struct ej_fig_table *t)
{
	memset(t, 0, sizeof(*t));
}

void ej_fig_table_release(struct ej_fig_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++) {
		struct ej_fig_row *r = &t->rows[i];
		free(r->teacher); free(r->teacher_short); free(r->group);
		free(r->discipline_code); free(r->discipline_name);
		free(r->student); free(r->student_short);
	}
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

double ej_fig_pct(long a, long b)
{
	return b > 0 ? 100.0 * (double)a / (double)b : -1;
}

const struct ej_fig_row *ej_fig_find(const struct ej_fig_table *t, int64_t id, int64_t id2)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct ej_fig_row *r = &t->rows[i];
		switch (r->level) {
		case EJ_FIG_TEACHER: if (r->teacher_id == id) return r; break;
		case EJ_FIG_GROUP_DISC: if (r->discipline_id == id) return r; break;
		case EJ_FIG_GROUP: if (r->group_id == id) return r; break;
		case EJ_FIG_STUDENT: if (r->student_id == id && (!id2 || r->group_id == id2)) return r; break;
		case EJ_FIG_STUDENT_DISC: if (r->student_id == id && r->discipline_id == id2) return r; break;
		}
	}
	return NULL;
}

/* Per-row accumulator of student outcomes: (row, student) → state. */
struct acc {
	struct hmap seen;     /* (row, student) → 1 + index into st */
	struct { bool counted, fail, notgood; } *st;
	size_t n, alloc;
};

static void acc_student(struct acc *a, size_t row, const struct ds *x, const struct mst *m,
			bool pairs)
{
	bool counted = x->enrolled && m->grades > 0;
	size_t *v;

	if (!x->enrolled)
		return;
	/* pairs: each discipline a separate unit (teacher rows). */
	v = hget(&a->seen, (int64_t)row, pairs ? x->student * 100003 + x->disc : x->student, true);
	if (!*v) {
		EJ_GROW(a->st, a->n + 1, a->alloc);
		memset(&a->st[a->n], 0, sizeof(a->st[0]));
		*v = ++a->n;
	}
	if (!counted)
		return;
	a->st[*v - 1].counted = true;
	if (m->bad)
		a->st[*v - 1].fail = true;
	if (m->bad || m->three)
		a->st[*v - 1].notgood = true;
}

static void acc_finish(struct acc *a, struct ej_fig_table *t)
{
	size_t j;

	for (j = 0; j < a->seen.cap; j++) {
		struct ej_fig_row *r;
		if (!a->seen.v[j])
			continue;
		r = &t->rows[a->seen.k1[j]];
		if (!a->st[a->seen.v[j] - 1].counted)
			continue;
		r->marks.students++;
		if (!a->st[a->seen.v[j] - 1].fail)
			r->marks.success++;
		if (!a->st[a->seen.v[j] - 1].notgood)
			r->marks.quality++;
	}
}

static size_t row_for(struct ej_fig_table *t, struct hmap *ix, enum ej_fig_level lv,
		      int64_t a, int64_t b)
{
	size_t *v = hget(ix, a, b, true);

	if (!*v) {
		EJ_GROW(t->rows, t->n + 1, t->alloc);
		memset(&t->rows[t->n], 0, sizeof(t->rows[0]));
		t->rows[t->n].level = lv;
		*v = ++t->n;
	}
	return *v - 1;
}

/* Names by id, each asked from the database once. */
struct ncache {
	sqlite3_stmt *st;
	struct hmap ix;
	char **full, **brief;
	size_t n, alloc;
};

static void nc_get(struct ncache *c, int64_t id, const char **full, const char **brief)
{
	size_t *v = hget(&c->ix, id, 0, true);

	if (!*v) {
		if (c->n + 1 > c->alloc) {
			c->alloc = c->alloc ? c->alloc * 2 : 64;
			c->full = ej_reallocarray(c->full, c->alloc, sizeof(char *));
			c->brief = ej_reallocarray(c->brief, c->alloc, sizeof(char *));
		}
		c->full[c->n] = c->brief[c->n] = NULL;
		sqlite3_bind_int64(c->st, 1, id);
		if (sqlite3_step(c->st) == SQLITE_ROW) {
			c->full[c->n] = dupc(c->st, 0);
			c->brief[c->n] = dupc(c->st, 1);
		}
		sqlite3_reset(c->st);
		*v = ++c->n;
	}
	*full = c->full[*v - 1];
	*brief = c->brief[*v - 1];
}

static void nc_free(struct ncache *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->full[i]);
		free(c->brief[i]);
	}
	free(c->full);
	free(c->brief);
	sqlite3_finalize(c->st);
	if (c->ix.cap)
		hfree(&c->ix);
}

static char *dup_or_null(const char *s)
{
	return s ? ej_strdup(s) : NULL;
}

static int fill_names(struct ej_db *db, struct ej_fig_table *t, size_t start, struct ej_err *err)
{
	struct ncache te, stu;
	const char *full, *brief;
	size_t i;
	int k, rc = EJ_EIO;

	memset(&te, 0, sizeof(te));
	memset(&stu, 0, sizeof(stu));
	if (!(te.st = ej_db_prepare(db, "SELECT name, short_name FROM teacher WHERE id = ?1", err)) ||
	    !(stu.st = ej_db_prepare(db, "SELECT name, short_name FROM student WHERE id = ?1", err)))
		goto fail;
	hinit(&te.ix, 256);
	hinit(&stu.ix, 1024);
	for (i = start; i < t->n; i++) {
		struct ej_fig_row *r = &t->rows[i];
		if (r->teacher_id) {
			nc_get(&te, r->teacher_id, &full, &brief);
			r->teacher = dup_or_null(full);
			r->teacher_short = dup_or_null(brief);
		}
		for (k = 0; k < r->nsub; k++) {
			if (!r->sub[k].teacher_id)
				continue;
			nc_get(&te, r->sub[k].teacher_id, &full, &brief);
			if (brief)
				snprintf(r->sub[k].teacher_short, sizeof(r->sub[k].teacher_short), "%s", brief);
		}
		if (r->student_id) {
			nc_get(&stu, r->student_id, &full, &brief);
			r->student = dup_or_null(full);
			r->student_short = dup_or_null(brief);
		}
	}
	rc = 0;
fail:
	nc_free(&te);
	nc_free(&stu);
	return rc;
}

static int null_strcmp(const char *a, const char *b)
{
	if (!a || !b)
		return !a - !b;
	return strcmp(a, b);
}

static int cmp_row(const void *pa, const void *pb)
{
	const struct ej_fig_row *a = pa, *b = pb;
	int c;

	if ((c = null_strcmp(a->teacher_short, b->teacher_short))) return c;
	if ((c = null_strcmp(a->group, b->group))) return c;
	if ((c = null_strcmp(a->student, b->student))) return c;
	return null_strcmp(a->discipline_code, b->discipline_code);
}

static void finish_row(struct ej_fig_row *r)
{
	struct ej_fig_fill *f = &r->fill;

	f->pct_topic = ej_fig_pct(f->with_topic, f->lessons);
	f->pct_homework = ej_fig_pct(f->with_homework, f->lessons);
	f->pct_on_time = ej_fig_pct(f->on_time, f->lessons);
	r->marks.pct_success = ej_fig_pct(r->marks.success, r->marks.students);
	r->marks.pct_quality = ej_fig_pct(r->marks.quality, r->marks.students);
	r->absence.hours_total = r->absence.hours_excused + r->absence.hours_unexcused;
	r->hours.lag = r->hours.plan_due - r->hours.held;
}

/* Rows of one level and basis from the facts; appended to t. */
static int build_level(struct ej_db *db, struct facts *f, const struct ej_scope *scope,
		       enum ej_fig_level level, enum ej_fig_basis basis,
		       struct ej_fig_table *t, struct ej_err *err)
{
	struct hmap ix;
	struct acc a;
	size_t start = t->n, i, w;
	int status = 0;

	memset(&a, 0, sizeof(a));
	hinit(&ix, 256);
	hinit(&a.seen, 4096);

	/* Marks and absences. */
	for (i = 0; i < f->ns; i++) {
		const struct ds *x = &f->s[i];
		const struct mst *m = &x->m[basis];
		struct ds one;
		size_t *di = hget(&f->dix, x->disc, 0, false), r;
		const struct disc *d;
		struct ej_fig_row *row;

		if (!di)
			continue;
		/* Students who left are out of a group's or teacher's figures. */
		if (!x->enrolled && level != EJ_FIG_STUDENT && level != EJ_FIG_STUDENT_DISC)
			continue;
		d = &f->d[*di - 1];
		switch (level) {
		case EJ_FIG_TEACHER: r = row_for(t, &ix, level, d->teacher, 0); break;
		case EJ_FIG_GROUP_DISC: r = row_for(t, &ix, level, d->id, 0); break;
		case EJ_FIG_GROUP: r = row_for(t, &ix, level, d->group, 0); break;
		case EJ_FIG_STUDENT:
			if (!x->enrolled && !m->grades && !x->abs_exc && !x->abs_unexc)
				continue;
			r = row_for(t, &ix, level, x->student, d->group);
			break;
		default:
			if (!x->enrolled && !m->grades && !x->abs_exc && !x->abs_unexc)
				continue;
			r = row_for(t, &ix, level, x->student, d->id);
			break;
		}
		row = &t->rows[r];
		one.disc = x->disc;
		one.student = x->student;
		one.enrolled = x->enrolled;
		acc_student(&a, r, &one, m, level == EJ_FIG_TEACHER);
		if (x->enrolled && !m->grades && m->exempt)
			row->marks.exempt++;
		else if (x->enrolled && !m->grades)
			row->marks.no_marks++;
		row->marks.grades += m->grades;
		row->marks.count5 += m->c5;
		row->marks.count4 += m->c4;
		row->marks.count3 += m->c3;
		row->marks.count2 += m->c2;
		row->marks.mean += m->wsum;          /* sums for now */
		row->absence.hours_total += m->wtot; /* weight total, for now */
		row->absence.hours_excused += x->abs_exc;
		row->absence.hours_unexcused += x->abs_unexc;
	}
	acc_finish(&a, t);

	/* Disciplines give names and hours to their rows. */
	for (i = 0; i < f->nd && level != EJ_FIG_STUDENT && level != EJ_FIG_STUDENT_DISC; i++) {
		const struct disc *d = &f->d[i];
		struct ej_fig_row *row;
		int k;

		if (level == EJ_FIG_TEACHER && disc_has_subgroups(d)) {
			/* Each subgroup's plan goes to its own teacher. */
			for (k = 1; k < EJ_FIG_MAX_SUB; k++) {
				struct ej_fig_hours h;
				int64_t te;
				if (!(d->sg[k].has_cur || d->sg[k].has_plan || d->sg[k].has_held))
					continue;
				sub_hours(d, k, &h, &te);
				row = &t->rows[row_for(t, &ix, level, te, 0)];
				row->teacher_id = te;
				row->hours.plan_due += h.plan_due;
				row->hours.curriculum += h.curriculum;
			}
			continue;
		}
		row = &t->rows[row_for(t, &ix, level, level == EJ_FIG_TEACHER ? d->teacher :
				       level == EJ_FIG_GROUP ? d->group : d->id, 0)];
		row->hours.plan_due += d->plan_due;
		row->hours.curriculum += d->curriculum;
		if (level == EJ_FIG_TEACHER) {
			row->teacher_id = d->teacher;
			continue;
		}
		row->hours.held += disc_held(d);
		row->group_id = d->group;
		if (!row->group)
			row->group = ej_strdup(d->group_name);
		if (level != EJ_FIG_GROUP_DISC)
			continue;
		row->discipline_id = d->id;
		row->teacher_id = d->teacher;
		row->discipline_code = ej_strdup(d->code);
		row->discipline_name = ej_strdup(d->name);
		if (disc_has_subgroups(d))
			for (k = 1; k < EJ_FIG_MAX_SUB && row->nsub < EJ_FIG_MAX_SUB; k++) {
				struct ej_fig_sub *u = &row->sub[row->nsub];
				if (!(d->sg[k].has_cur || d->sg[k].has_plan || d->sg[k].has_held))
					continue;
				u->subgroup = k;
				sub_hours(d, k, &u->hours, &u->teacher_id);
				row->nsub++;
			}
	}
	if (level == EJ_FIG_STUDENT || level == EJ_FIG_STUDENT_DISC) {
		for (i = 0; i < f->ns; i++) {
			size_t *di = hget(&f->dix, f->s[i].disc, 0, false), *v;
			const struct disc *d;
			if (!di)
				continue;
			d = &f->d[*di - 1];
			v = hget(&ix, f->s[i].student, level == EJ_FIG_STUDENT ? d->group : d->id, false);
			if (!v)
				continue;
			t->rows[*v - 1].student_id = f->s[i].student;
			t->rows[*v - 1].group_id = d->group;
			if (!t->rows[*v - 1].group)
				t->rows[*v - 1].group = ej_strdup(d->group_name);
			if (level == EJ_FIG_STUDENT_DISC && !t->rows[*v - 1].discipline_code) {
				t->rows[*v - 1].discipline_id = d->id;
				t->rows[*v - 1].teacher_id = d->teacher;
				t->rows[*v - 1].discipline_code = ej_strdup(d->code);
				t->rows[*v - 1].discipline_name = ej_strdup(d->name);
			}
		}
	}

	/* Fill rates: by the lesson's teacher for teacher rows. */
	for (i = 0; i < f->nfr && level != EJ_FIG_STUDENT && level != EJ_FIG_STUDENT_DISC; i++) {
		const struct fillrow *fr = &f->fr[i];
		const struct disc *d = disc_of(f, fr->disc);
		struct ej_fig_row *row;
		if (!d)
			continue;
		row = &t->rows[row_for(t, &ix, level, level == EJ_FIG_TEACHER ? fr->teacher :
				       level == EJ_FIG_GROUP ? d->group : d->id, 0)];
		if (level == EJ_FIG_TEACHER) {
			row->teacher_id = fr->teacher;
			row->hours.held += fr->hours;
		}
		row->fill.lessons += fr->lessons;
		row->fill.with_topic += fr->topic;
		row->fill.with_homework += fr->homework;
		row->fill.on_time += fr->on_time;
		row->fill.recorded_known += fr->known;
		row->fill.hours_held += fr->hours;
	}

	/* Means from the sums; absences total restored. */
	for (i = start; i < t->n; i++) {
		struct ej_fig_row *r = &t->rows[i];
		double wt = r->absence.hours_total;
		r->marks.mean = wt > 0 ? r->marks.mean / wt : -1;
		finish_row(r);
	}
	if ((status = fill_names(db, t, start, err)))
		goto done;
	/* The teacher filter keeps that teacher's rows. */
	if (scope->teacher) {
		for (i = w = start; i < t->n; i++) {
			struct ej_fig_row *r = &t->rows[i];
			if (ej_qr_teacher_match(scope->teacher, r->teacher, r->teacher_short)) {
				t->rows[w++] = *r;
			} else {
				free(r->teacher); free(r->teacher_short); free(r->group);
				free(r->discipline_code); free(r->discipline_name);
				free(r->student); free(r->student_short);
			}
		}
		t->n = w;
	}
	ej_qsort(t->rows + start, t->n - start, sizeof(t->rows[0]), cmp_row);
done:
	hfree(&ix);
	hfree(&a.seen);
	free(a.st);
	return status;
}

int ej_figures_many(struct ej_db *db, const struct ej_config *cfg, const struct ej_scope *scope,
		    const struct ej_fig_req *req, size_t nreq, struct ej_err *err)
{
	struct facts f;
	bool cur = false, fin = false;
	size_t i;
	int status = 0;

	memset(&f, 0, sizeof(f));
	for (i = 0; i < nreq; i++) {
		cur |= req[i].basis == EJ_FIG_CURRENT;
		fin |= req[i].basis == EJ_FIG_FINALS;
	}
	if ((status = ej_qr_scope_disciplines(db, scope, "fig_disc", err)))
		goto done;
	if ((status = load_facts(db, cfg, scope, cur, fin, &f, err)))
		goto done;
	for (i = 0; i < nreq && !status; i++)
		status = build_level(db, &f, scope, req[i].level, req[i].basis, req[i].out, err);
done:
	ej_db_exec(db, "DROP TABLE IF EXISTS temp.fig_disc", NULL);
	facts_free(&f);
	return status;
}

int ej_figures(struct ej_db *db, const struct ej_config *cfg, const struct ej_scope *scope,
	       enum ej_fig_level level, enum ej_fig_basis basis,
	       struct ej_fig_table *t, struct ej_err *err)
{
	struct ej_fig_req r = { level, basis, t };

	return ej_figures_many(db, cfg, scope, &r, 1, err);
}

/* ---- in a thread ---------------------------------------------------------- */

struct ej_fig_job {
	struct ej_db *db;             /* the caller's: the inline fallback */
	struct ej_db own;             /* the thread's read-only connection */
	const struct ej_config *cfg;
	const struct ej_scope *scope;
	const struct ej_fig_req *req;
	size_t nreq;
	bool started;
	pthread_t th;
	int status;
	struct ej_err err;
};

static void *fig_thread(void *arg)
{
	struct ej_fig_job *job = arg;

	job->status = ej_figures_many(&job->own, job->cfg, job->scope, job->req, job->nreq,
				      &job->err);
	return NULL;
}

struct ej_fig_job *ej_figures_start(struct ej_db *db, const struct ej_config *cfg,
				    const struct ej_scope *scope,
				    const struct ej_fig_req *req, size_t nreq)
{
	struct ej_fig_job *job = ej_calloc(1, sizeof(*job));
	const char *path = db->path;

	job->db = db;
	job->cfg = cfg;
	job->scope = scope;
	job->req = req;
	job->nreq = nreq;
	if (!path || !*path || !strcmp(path, ":memory:"))
		return job;
	if (sqlite3_open_v2(path, &job->own.h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		sqlite3_close(job->own.h);
		job->own.h = NULL;
		return job;
	}
	sqlite3_busy_timeout(job->own.h, 5000);
	sqlite3_exec(job->own.h, "PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY",
		     NULL, NULL, NULL);
	job->own.path = db->path;     /* borrowed: for error messages */
	if (pthread_create(&job->th, NULL, fig_thread, job)) {
		sqlite3_close(job->own.h);
		job->own.h = NULL;
		return job;
	}
	job->started = true;
	return job;
}

int ej_figures_join(struct ej_fig_job *job, struct ej_err *err)
{
	int status;

	if (!job->started) {
		status = ej_figures_many(job->db, job->cfg, job->scope, job->req, job->nreq, err);
	} else {
		pthread_join(job->th, NULL);
		sqlite3_close(job->own.h);
		status = job->status;
		if (status && err)
			*err = job->err;
	}
	free(job);
	return status;
}
