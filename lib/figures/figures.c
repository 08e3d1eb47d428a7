/*
** figures.c — see figures.h for the definitions.
**
** A few aggregate queries (marks or finals per discipline × student,
** absences, lessons per discipline × teacher, plan and curriculum hours per
** discipline), then the rows of the asked level are built in C from those
** per-discipline-per-student facts.  No query runs per row.
*/
#include "figures/figures.h"
#include "store/q_rules.h"
#include "util/xalloc.h"

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

struct disc {
	int64_t id, group, teacher;
	char *code, *name, *group_name;
	double plan_due, curriculum;
};

/* One student in one discipline. */
struct ds {
	int64_t disc, student;
	long ok, good, bad, three, exempt, grades, c5, c4, c3, c2;
	double wsum, wtot;
	double abs_exc, abs_unexc;
	bool enrolled;
};

struct facts {
	struct disc *d; size_t nd, ad;
	struct hmap dix;              /* disc id → index */
	struct ds *s; size_t ns, as;
	struct hmap six;              /* (disc, student) → index */
	struct hmap enrolled;         /* (group, student) enrolled at the end */
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

static void classify(struct ds *x, const char *v, long n)
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

static int load_facts(struct ej_db *db, const struct ej_config *cfg, const struct ej_scope *sc,
		      enum ej_fig_basis basis, struct facts *f, struct ej_err *err)
{
	static const char sql_d[] =
		"SELECT d.id, d.group_id, d.code, d.name, g.name,"
		" coalesce((SELECT u.teacher_id FROM curriculum u WHERE u.discipline_id = d.id"
		"   AND u.teacher_id IS NOT NULL ORDER BY u.subgroup LIMIT 1),"
		"  (SELECT l.teacher_id FROM lesson l WHERE l.discipline_id = d.id"
		"   AND l.teacher_id IS NOT NULL GROUP BY l.teacher_id ORDER BY count(*) DESC LIMIT 1), 0),"
		" (SELECT coalesce(sum(p.hours), 0) FROM plan p WHERE p.discipline_id = d.id"
		"   AND p.subgroup IN (0, (SELECT min(subgroup) FROM plan p2 WHERE p2.discipline_id = d.id))"
		"   AND p.planned_date BETWEEN ?1 AND ?3),"
		" (SELECT coalesce(sum(u.hours), 0) FROM curriculum u WHERE u.discipline_id = d.id"
		"   AND u.subgroup = (SELECT min(subgroup) FROM curriculum u2 WHERE u2.discipline_id = d.id)"
		"   AND u.semester IN (?4, ?5))"
		" FROM discipline d JOIN temp.fig_disc c ON c.id = d.id JOIN grp g ON g.id = d.group_id";
	static const char sql_cur[] =
		"SELECT m.discipline_id, m.student_id, m.value, count(*),"
		" sum(CASE WHEN m.value IN ('1','2','3','4','5') THEN m.weight * CAST(m.value AS REAL) END),"
		" sum(CASE WHEN m.value IN ('1','2','3','4','5') THEN m.weight END)"
		" FROM mark m JOIN temp.fig_disc c ON c.id = m.discipline_id"
		" WHERE m.date BETWEEN ?1 AND ?2 GROUP BY m.discipline_id, m.student_id, m.value";
	static const char sql_fin[] =
		"SELECT f.discipline_id, f.student_id, f.value, count(*),"
		" sum(CASE WHEN f.value IN ('1','2','3','4','5') THEN CAST(f.value AS REAL) END),"
		" sum(CASE WHEN f.value IN ('1','2','3','4','5') THEN 1 END)"
		" FROM final f JOIN temp.fig_disc c ON c.id = f.discipline_id"
		" WHERE f.semester IN (?4, ?5, ?6) GROUP BY f.discipline_id, f.student_id, f.value";
	static const char sql_abs[] =
		"SELECT m.discipline_id, m.student_id, m.value = 'н',"
		" sum(coalesce((SELECT l.hours FROM lesson l WHERE l.discipline_id = m.discipline_id"
		"   AND l.subgroup = m.subgroup AND l.date = m.date AND l.pair = m.pair), 2))"
		" FROM mark m JOIN temp.fig_disc c ON c.id = m.discipline_id"
		" WHERE m.date BETWEEN ?1 AND ?2 AND m.value IN ('н', 'б', 'у')"
		" GROUP BY m.discipline_id, m.student_id, m.value = 'н'";
	static const char sql_en[] =
		"SELECT s.group_id, s.student_id FROM stay s"
		" WHERE s.group_id IN (SELECT group_id FROM temp.fig_disc)"
		" AND (s.enrolled IS NULL OR s.enrolled <= ?2) AND (s.left_on IS NULL OR s.left_on > ?2)";
	sqlite3_stmt *st = NULL;
	int s, k;
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

	if (!(st = ej_db_prepare(db, sql_d, err)))
		return EJ_EIO;
	bind_period(st, f);
	sqlite3_bind_int(st, 4, sem1 ? 1 : -1);
	sqlite3_bind_int(st, 5, sem2 ? 2 : -1);
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
		d->teacher = sqlite3_column_int64(st, 5);
		d->plan_due = sqlite3_column_double(st, 6);
		d->curriculum = sqlite3_column_double(st, 7);
		*hget(&f->dix, d->id, 0, true) = ++f->nd;
	}
	sqlite3_finalize(st);
	if (step_done(db, s, err))
		return EJ_EIO;

	if (!(st = ej_db_prepare(db, basis == EJ_FIG_FINALS ? sql_fin : sql_cur, err)))
		return EJ_EIO;
	bind_period(st, f);
	if (basis == EJ_FIG_FINALS) {
		sqlite3_bind_int(st, 4, sem1 ? 1 : -1);
		sqlite3_bind_int(st, 5, sem2 ? 2 : -1);
		sqlite3_bind_int(st, 6, sem2 ? 0 : -1);
	}
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct ds *x = ds_get(f, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
		classify(x, ej_db_col_text(st, 2), sqlite3_column_int(st, 3));
		x->wsum += sqlite3_column_double(st, 4);
		x->wtot += sqlite3_column_double(st, 5);
	}
	sqlite3_finalize(st);
	if (step_done(db, s, err))
		return EJ_EIO;

	if (!(st = ej_db_prepare(db, sql_abs, err)))
		return EJ_EIO;
	bind_period(st, f);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct ds *x = ds_get(f, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
		if (sqlite3_column_int(st, 2))
			x->abs_unexc += sqlite3_column_double(st, 3);
		else
			x->abs_exc += sqlite3_column_double(st, 3);
	}
	sqlite3_finalize(st);
	if (step_done(db, s, err))
		return EJ_EIO;

	if (!(st = ej_db_prepare(db, sql_en, err)))
		return EJ_EIO;
	bind_period(st, f);
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		*hget(&f->enrolled, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), true) = 1;
	sqlite3_finalize(st);
	if (step_done(db, s, err))
		return EJ_EIO;

	/* Enrolled students with nothing in a discipline still exist there. */
	for (k = 0; k < (int)f->nd; k++) {
		size_t j;
		for (j = 0; j < f->enrolled.cap; j++)
			if (f->enrolled.v[j] && f->enrolled.k1[j] == f->d[k].group)
				ds_get(f, f->d[k].id, f->enrolled.k2[j]);
	}
	for (k = 0; k < (int)f->ns; k++) {
		size_t *di = hget(&f->dix, f->s[k].disc, 0, false);
		if (di)
			f->s[k].enrolled = hget(&f->enrolled, f->d[*di - 1].group, f->s[k].student, false) != NULL;
	}
	return 0;
}

static void facts_free(struct facts *f)
{
	size_t i;

	for (i = 0; i < f->nd; i++) {
		free(f->d[i].code); free(f->d[i].name); free(f->d[i].group_name);
	}
	free(f->d); free(f->s);
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

static void acc_student(struct acc *a, size_t row, const struct ds *x, bool pairs)
{
	bool counted = x->enrolled && x->grades > 0;
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
	if (x->bad)
		a->st[*v - 1].fail = true;
	if (x->bad || x->three)
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

static int fill_names(struct ej_db *db, struct ej_fig_table *t, size_t start, struct ej_err *err)
{
	sqlite3_stmt *te = ej_db_prepare(db, "SELECT name, short_name FROM teacher WHERE id = ?1", err);
	sqlite3_stmt *stu = te ? ej_db_prepare(db, "SELECT name, short_name FROM student WHERE id = ?1", err) : NULL;
	size_t i;

	if (!te || !stu) {
		sqlite3_finalize(te);
		return EJ_EIO;
	}
	for (i = start; i < t->n; i++) {
		struct ej_fig_row *r = &t->rows[i];
		if (r->teacher_id) {
			sqlite3_bind_int64(te, 1, r->teacher_id);
			if (sqlite3_step(te) == SQLITE_ROW) {
				r->teacher = dupc(te, 0);
				r->teacher_short = dupc(te, 1);
			}
			sqlite3_reset(te);
		}
		if (r->student_id) {
			sqlite3_bind_int64(stu, 1, r->student_id);
			if (sqlite3_step(stu) == SQLITE_ROW) {
				r->student = dupc(stu, 0);
				r->student_short = dupc(stu, 1);
			}
			sqlite3_reset(stu);
		}
	}
	sqlite3_finalize(te);
	sqlite3_finalize(stu);
	return 0;
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

int ej_figures(struct ej_db *db, const struct ej_config *cfg, const struct ej_scope *scope,
	       enum ej_fig_level level, enum ej_fig_basis basis,
	       struct ej_fig_table *t, struct ej_err *err)
{
	static const char sql_fill[] =
		"SELECT l.discipline_id, coalesce(l.teacher_id, 0), count(*),"
		" sum(l.topic IS NOT NULL AND trim(l.topic) <> ''),"
		" sum(l.homework IS NOT NULL AND trim(l.homework) <> ''),"
		" sum(l.recorded_at IS NULL OR substr(l.recorded_at, 1, 10) <= l.date),"
		" sum(l.recorded_at IS NOT NULL), sum(l.hours)"
		" FROM lesson l JOIN temp.fig_disc c ON c.id = l.discipline_id"
		" WHERE l.date BETWEEN ?1 AND ?2 GROUP BY l.discipline_id, l.teacher_id";
	struct facts f;
	struct hmap ix;
	struct acc a;
	sqlite3_stmt *st = NULL;
	size_t start = t->n, i, w;
	int status = 0, s;

	memset(&f, 0, sizeof(f));
	memset(&a, 0, sizeof(a));
	hinit(&ix, 256);
	hinit(&a.seen, 4096);
	if ((status = ej_qr_scope_disciplines(db, scope, "fig_disc", err)))
		goto done;
	if ((status = load_facts(db, cfg, scope, basis, &f, err)))
		goto done;

	/* Marks and absences. */
	for (i = 0; i < f.ns; i++) {
		const struct ds *x = &f.s[i];
		size_t *di = hget(&f.dix, x->disc, 0, false), r;
		const struct disc *d;
		struct ej_fig_row *row;

		if (!di)
			continue;
		/* Students who left are out of a group's or teacher's figures. */
		if (!x->enrolled && level != EJ_FIG_STUDENT && level != EJ_FIG_STUDENT_DISC)
			continue;
		d = &f.d[*di - 1];
		switch (level) {
		case EJ_FIG_TEACHER: r = row_for(t, &ix, level, d->teacher, 0); break;
		case EJ_FIG_GROUP_DISC: r = row_for(t, &ix, level, d->id, 0); break;
		case EJ_FIG_GROUP: r = row_for(t, &ix, level, d->group, 0); break;
		case EJ_FIG_STUDENT:
			if (!x->enrolled && !x->grades && !x->abs_exc && !x->abs_unexc)
				continue;
			r = row_for(t, &ix, level, x->student, d->group);
			break;
		default:
			if (!x->enrolled && !x->grades && !x->abs_exc && !x->abs_unexc)
				continue;
			r = row_for(t, &ix, level, x->student, d->id);
			break;
		}
		row = &t->rows[r];
		acc_student(&a, r, x, level == EJ_FIG_TEACHER);
		if (x->enrolled && !x->grades && x->exempt)
			row->marks.exempt++;
		else if (x->enrolled && !x->grades)
			row->marks.no_marks++;
		row->marks.grades += x->grades;
		row->marks.count5 += x->c5;
		row->marks.count4 += x->c4;
		row->marks.count3 += x->c3;
		row->marks.count2 += x->c2;
		row->marks.mean += x->wsum;        /* sums for now */
		row->absence.hours_total += x->wtot; /* weight total, for now */
		row->absence.hours_excused += x->abs_exc;
		row->absence.hours_unexcused += x->abs_unexc;
	}
	acc_finish(&a, t);

	/* Disciplines give names and hours to their rows. */
	for (i = 0; i < f.nd; i++) {
		const struct disc *d = &f.d[i];
		size_t r;
		struct ej_fig_row *row;
		if (level == EJ_FIG_STUDENT || level == EJ_FIG_STUDENT_DISC)
			break;
		r = row_for(t, &ix, level, level == EJ_FIG_TEACHER ? d->teacher :
			    level == EJ_FIG_GROUP ? d->group : d->id, 0);
		row = &t->rows[r];
		row->hours.plan_due += d->plan_due;
		row->hours.curriculum += d->curriculum;
		if (level == EJ_FIG_TEACHER) {
			row->teacher_id = d->teacher;
		} else {
			row->group_id = d->group;
			if (!row->group)
				row->group = ej_strdup(d->group_name);
			if (level == EJ_FIG_GROUP_DISC) {
				row->discipline_id = d->id;
				row->teacher_id = d->teacher;
				row->discipline_code = ej_strdup(d->code);
				row->discipline_name = ej_strdup(d->name);
			}
		}
	}
	if (level == EJ_FIG_STUDENT || level == EJ_FIG_STUDENT_DISC) {
		for (i = 0; i < f.ns; i++) {
			size_t *di = hget(&f.dix, f.s[i].disc, 0, false), *v;
			const struct disc *d;
			if (!di)
				continue;
			d = &f.d[*di - 1];
			v = hget(&ix, f.s[i].student, level == EJ_FIG_STUDENT ? d->group : d->id, false);
			if (!v)
				continue;
			t->rows[*v - 1].student_id = f.s[i].student;
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
	if (level != EJ_FIG_STUDENT && level != EJ_FIG_STUDENT_DISC) {
		if (!(st = ej_db_prepare(db, sql_fill, err))) {
			status = EJ_EIO;
			goto done;
		}
		bind_period(st, &f);
		while ((s = sqlite3_step(st)) == SQLITE_ROW) {
			size_t *di = hget(&f.dix, sqlite3_column_int64(st, 0), 0, false), r;
			struct ej_fig_row *row;
			const struct disc *d;
			if (!di)
				continue;
			d = &f.d[*di - 1];
			r = row_for(t, &ix, level, level == EJ_FIG_TEACHER ? sqlite3_column_int64(st, 1) :
				    level == EJ_FIG_GROUP ? d->group : d->id, 0);
			row = &t->rows[r];
			if (level == EJ_FIG_TEACHER)
				row->teacher_id = sqlite3_column_int64(st, 1);
			row->fill.lessons += sqlite3_column_int(st, 2);
			row->fill.with_topic += sqlite3_column_int(st, 3);
			row->fill.with_homework += sqlite3_column_int(st, 4);
			row->fill.on_time += sqlite3_column_int(st, 5);
			row->fill.recorded_known += sqlite3_column_int(st, 6);
			row->fill.hours_held += sqlite3_column_double(st, 7);
			row->hours.held += sqlite3_column_double(st, 7);
		}
		sqlite3_finalize(st);
		if ((status = step_done(db, s, err)))
			goto done;
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
	qsort(t->rows + start, t->n - start, sizeof(t->rows[0]), cmp_row);
done:
	ej_db_exec(db, "DROP TABLE IF EXISTS temp.fig_disc", NULL);
	facts_free(&f);
	hfree(&ix);
	hfree(&a.seen);
	free(a.st);
	return status;
}
