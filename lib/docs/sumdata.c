#include "util/sort.h"
#include "docs/sumdata.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docs/docctx.h"
#include "figures/figures.h"
#include "util/date.h"
#include "util/xalloc.h"

/* Preference of a final's kind when a cell has several (attestation first). */
static void free_group(struct ej_sum_group *g)
{
	size_t i, j;

	for (i = 0; i < g->ndiscs; i++) {
		free(g->discs[i].code);
		free(g->discs[i].name);
	}
	for (i = 0; i < g->nstudents; i++) {
		for (j = 0; j < g->ndiscs; j++)
			free(g->students[i].marks[j]);
		free(g->students[i].marks);
		free(g->students[i].name);
		free(g->students[i].short_name);
	}
	free(g->discs);
	free(g->students);
	free(g->name);
	free(g->dept);
}

void ej_sum_release(struct ej_sum_data *d)
{
	size_t i;

	for (i = 0; i < d->ngroups; i++)
		free_group(&d->groups[i]);
	free(d->groups);
	memset(d, 0, sizeof(*d));
}

/* A percentage from figures.h: −1 = no data. */
static double fig_pct(double v)
{
	return v < 0 ? NAN : v;
}

static int load_group(struct ej_db *db, const struct ej_scope *scope, struct ej_sum_group *g,
		      const char *from, const char *to, struct ej_err *err)
{
	sqlite3_stmt *st = NULL;
	int **rank = NULL;
	size_t i, j, alloc = 0;
	int rc;

	(void)from;

	/* Disciplines with a curriculum in the term or a final in it. */
	st = ej_db_prepare(db,
		"SELECT d.id, d.code, d.name, "
		"       (SELECT c.teacher_id FROM curriculum c WHERE c.discipline_id = d.id "
		"         AND (?2 = 0 OR c.semester = ?2) ORDER BY c.semester DESC, c.subgroup LIMIT 1) "
		"  FROM discipline d WHERE d.group_id = ?1 AND ("
		"   EXISTS (SELECT 1 FROM curriculum c WHERE c.discipline_id = d.id AND (?2 = 0 OR c.semester = ?2)) "
		"   OR EXISTS (SELECT 1 FROM final f WHERE f.discipline_id = d.id AND (?2 = 0 OR f.semester = ?2))) "
		" ORDER BY d.code, d.name", err);
	if (!st)
		return err->code;
	sqlite3_bind_int64(st, 1, g->id);
	sqlite3_bind_int(st, 2, scope->semester);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ej_sum_disc *d;
		if (!ej_doc_disc_in_scope(scope, ej_db_col_text(st, 1), ej_db_col_text(st, 2)))
			continue;
		EJ_GROW(g->discs, g->ndiscs + 1, alloc);
		d = &g->discs[g->ndiscs++];
		memset(d, 0, sizeof(*d));
		d->id = sqlite3_column_int64(st, 0);
		d->code = ej_strdup(ej_db_col_text(st, 1));
		d->name = ej_strdup(ej_db_col_text(st, 2));
		d->teacher_id = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ej_db_fail(db, err, "disciplines");

	/* rules.md: students enrolled at the period's end; those who left are out. */
	st = ej_db_prepare(db,
		"SELECT DISTINCT s.id, s.name, s.short_name FROM stay y JOIN student s ON s.id = y.student_id "
		" WHERE y.group_id = ?1 AND (y.enrolled IS NULL OR y.enrolled <= ?2) "
		"   AND (y.left_on IS NULL OR y.left_on > ?2) ORDER BY s.name, s.id", err);
	if (!st)
		return err->code;
	sqlite3_bind_int64(st, 1, g->id);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	alloc = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ej_sum_student *s;
		EJ_GROW(g->students, g->nstudents + 1, alloc);
		s = &g->students[g->nstudents++];
		memset(s, 0, sizeof(*s));
		s->id = sqlite3_column_int64(st, 0);
		s->name = ej_strdup(ej_db_col_text(st, 1));
		s->short_name = ej_strdup(ej_db_col_text(st, 2));
		s->marks = ej_calloc(g->ndiscs ? g->ndiscs : 1, sizeof(char *));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ej_db_fail(db, err, "students");
	if (!g->nstudents || !g->ndiscs)
		goto done_cells;

	/* Finals: for the year (semester 0 asked) a year mark wins, else the
	** newest semester's; within a semester the attestation kind wins. */
	rank = ej_calloc(g->nstudents, sizeof(int *));
	for (i = 0; i < g->nstudents; i++) {
		rank[i] = ej_calloc(g->ndiscs, sizeof(int));
		for (j = 0; j < g->ndiscs; j++)
			rank[i][j] = 1 << 20;
	}
	st = ej_db_prepare(db,
		"SELECT f.discipline_id, f.student_id, f.value, f.final_kind, f.semester "
		"  FROM final f JOIN discipline d ON d.id = f.discipline_id "
		" WHERE d.group_id = ?1 AND (?2 = 0 OR f.semester = ?2)", err);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, g->id);
	sqlite3_bind_int(st, 2, scope->semester);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t did = sqlite3_column_int64(st, 0), sid = sqlite3_column_int64(st, 1);
		const char *val = ej_db_col_text(st, 2);
		int sem = sqlite3_column_int(st, 4), r;
		size_t si, di;

		for (di = 0; di < g->ndiscs && g->discs[di].id != did; di++)
			;
		for (si = 0; si < g->nstudents && g->students[si].id != sid; si++)
			;
		if (di == g->ndiscs || si == g->nstudents || !val)
			continue;
		/* The same final the figures count (figures.h, ej_fig_final_rank):
		** year first, then the newest semester, then the attestation kind. */
		r = ej_fig_final_rank(sem, ej_db_col_text(st, 3));
		if (r < rank[si][di]) {
			rank[si][di] = r;
			free(g->students[si].marks[di]);
			g->students[si].marks[di] = ej_strdup(val);
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		ej_db_fail(db, err, "finals");
		goto fail;
	}

done_cells:
	if (rank) {
		for (i = 0; i < g->nstudents; i++)
			free(rank[i]);
		free(rank);
	}
	return 0;
fail:
	sqlite3_finalize(st);
	if (rank) {
		for (i = 0; i < g->nstudents; i++)
			free(rank[i]);
		free(rank);
	}
	return err->code ? err->code : EJ_EIO;
}

/* Index entries: a student or a discipline id → its group and position. */
struct idx {
	int64_t id;
	size_t g, k;
};

static int cmp_idx(const void *pa, const void *pb)
{
	const struct idx *a = pa, *b = pb;

	return a->id < b->id ? -1 : a->id > b->id;
}

static const struct idx *idx_find(const struct idx *v, size_t n, int64_t id)
{
	struct idx key = { id, 0, 0 };

	return n ? ej_bsearch(&key, v, n, sizeof(*v), cmp_idx) : NULL;
}

/* Per student or per discipline: the sums of its student × discipline rows. */
struct fsum {
	long students, success, quality, counted_units, c5, c4, c3, c2;
	double msum, mcnt, exc, unexc;
	bool any, fail, notgood;
};

static void fsum_add(struct fsum *f, const struct ej_fig_row *r)
{
	const struct ej_fig_marks *m = &r->marks;
	long cnt = m->count5 + m->count4 + m->count3 + m->count2;

	f->students += m->students;
	f->success += m->success;
	f->quality += m->quality;
	if (m->students > 0) {
		f->any = true;
		if (!m->success)
			f->fail = true;
		if (!m->quality)
			f->notgood = true;
	}
	f->c5 += m->count5;
	f->c4 += m->count4;
	f->c3 += m->count3;
	f->c2 += m->count2;
	if (m->mean >= 0 && cnt > 0) {
		f->msum += m->mean * (double)cnt;
		f->mcnt += (double)cnt;
	}
	f->exc += r->absence.hours_excused;
	f->unexc += r->absence.hours_unexcused;
}

/*
** Every figure comes from lib/figures: one pass at the student ×
** discipline level (FINALS basis over the scope), summed up.  figures.h
** defines a student's row over a group as counted when counted in any
** discipline and succeeding only when succeeding in every counted one, and a
** discipline's N as the students counted in it — exactly these sums; finals
** weigh 1, so means are the rows' means weighted by their numeric marks.
** One ej_figures pass instead of three (student, discipline, group) keeps
** the summary of a large college within its time budget.
*/
static int take_figures(struct ej_db *db, const struct ej_config *cfg,
			const struct ej_scope *scope, struct ej_sum_data *out, struct ej_err *err)
{
	struct ej_fig_table sd;
	struct ej_sum_group *t = &out->total;
	struct idx *si = NULL, *di = NULL;
	struct fsum **ss = NULL, **ds = NULL;
	size_t nsi = 0, ndi = 0, i, j;
	int rc;

	ej_fig_table_init(&sd);
	if ((rc = ej_figures(db, cfg, scope, EJ_FIG_STUDENT_DISC, EJ_FIG_FINALS, &sd, err)))
		goto out;
	ss = ej_calloc(out->ngroups ? out->ngroups : 1, sizeof(*ss));
	ds = ej_calloc(out->ngroups ? out->ngroups : 1, sizeof(*ds));
	for (i = 0; i < out->ngroups; i++) {
		struct ej_sum_group *g = &out->groups[i];
		ss[i] = ej_calloc(g->nstudents ? g->nstudents : 1, sizeof(struct fsum));
		ds[i] = ej_calloc(g->ndiscs ? g->ndiscs : 1, sizeof(struct fsum));
		si = ej_reallocarray(si, nsi + g->nstudents + 1, sizeof(*si));
		di = ej_reallocarray(di, ndi + g->ndiscs + 1, sizeof(*di));
		for (j = 0; j < g->nstudents; j++)
			si[nsi++] = (struct idx){ g->students[j].id, i, j };
		for (j = 0; j < g->ndiscs; j++)
			di[ndi++] = (struct idx){ g->discs[j].id, i, j };
	}
	if (nsi > 1)
		ej_qsort(si, nsi, sizeof(*si), cmp_idx);
	if (ndi > 1)
		ej_qsort(di, ndi, sizeof(*di), cmp_idx);
	for (i = 0; i < sd.n; i++) {
		const struct ej_fig_row *r = &sd.rows[i];
		const struct idx *a = idx_find(si, nsi, r->student_id);
		const struct idx *b = idx_find(di, ndi, r->discipline_id);
		/* Only the enrolled students listed, in their own group's disciplines. */
		if (!a || !b || a->g != b->g)
			continue;
		fsum_add(&ss[a->g][a->k], r);
		fsum_add(&ds[b->g][b->k], r);
	}

	for (i = 0; i < out->ngroups; i++) {
		struct ej_sum_group *g = &out->groups[i];
		double msum = 0, mcnt = 0;

		for (j = 0; j < g->nstudents; j++) {
			struct ej_sum_student *s = &g->students[j];
			const struct fsum *f = &ss[i][j];
			size_t c;
			int rsum = 0, rcnt = 0;
			/* Spreadsheet evaluation of the row's formulas (not a figure). */
			for (c = 0; c < g->ndiscs; c++) {
				const char *v = s->marks[c];
				if (v && v[0] >= '1' && v[0] <= '5' && v[1] == '\0') {
					s->row_count[v[0] - '0']++;
					rsum += v[0] - '0';
					rcnt++;
				}
			}
			s->row_mean = rcnt ? (double)rsum / rcnt : NAN;
			s->mean = f->mcnt > 0 ? f->msum / f->mcnt : NAN;
			s->count[5] = (int)f->c5;
			s->count[4] = (int)f->c4;
			s->count[3] = (int)f->c3;
			s->count[2] = (int)f->c2;
			s->missed_exc = f->exc;
			s->missed_unexc = f->unexc;
			s->counted = f->any;
			s->succeeds = f->any && !f->fail;
			s->quality = f->any && !f->notgood;
			s->cls = 0;
			if (s->counted) {
				if (!s->succeeds)
					s->cls = 2;                   /* неуспевающий */
				else if (s->quality && f->c4 == 0 && f->c5 > 0)
					s->cls = 5;                   /* отличник */
				else if (s->quality && f->c4 > 0)
					s->cls = 4;                   /* хорошист */
				else if (f->c3 == 1)
					s->cls = 3;                   /* с одной «3» */
			}
			g->n += s->counted;
			g->succeeding += s->succeeds;
			g->qualified += s->quality;
			g->missed_exc += s->missed_exc;
			g->missed_unexc += s->missed_unexc;
			msum += f->msum;
			mcnt += f->mcnt;
			g->excellent += s->cls == 5;
			g->good += s->cls == 4;
			g->one3 += s->cls == 3;
			g->failing += s->cls == 2;
		}
		for (j = 0; j < g->ndiscs; j++) {
			struct ej_sum_disc *d = &g->discs[j];
			const struct fsum *f = &ds[i][j];
			d->n = (int)f->students;
			d->mean = f->mcnt > 0 ? f->msum / f->mcnt : NAN;
			d->success = fig_pct(ej_fig_pct(f->success, f->students));
			d->quality = fig_pct(ej_fig_pct(f->quality, f->students));
		}
		g->success = fig_pct(ej_fig_pct(g->succeeding, g->n));
		g->quality = fig_pct(ej_fig_pct(g->qualified, g->n));
		g->mean = mcnt > 0 ? msum / mcnt : NAN;
		g->mark_sum = msum;
		g->mark_count = (int)mcnt;
		t->n += g->n;
		t->excellent += g->excellent;
		t->good += g->good;
		t->one3 += g->one3;
		t->failing += g->failing;
		t->succeeding += g->succeeding;
		t->qualified += g->qualified;
		t->missed_exc += g->missed_exc;
		t->missed_unexc += g->missed_unexc;
		t->mark_sum += g->mark_sum;
		t->mark_count += g->mark_count;
	}
	t->success = fig_pct(ej_fig_pct(t->succeeding, t->n));
	t->quality = fig_pct(ej_fig_pct(t->qualified, t->n));
	t->mean = t->mark_count ? t->mark_sum / t->mark_count : NAN;
out:
	for (i = 0; ss && i < out->ngroups; i++) {
		free(ss[i]);
		free(ds[i]);
	}
	free(ss);
	free(ds);
	free(si);
	free(di);
	ej_fig_table_release(&sd);
	return rc;
}

int ej_sum_load(struct ej_db *db, const struct ej_config *cfg, const struct ej_scope *scope,
		struct ej_sum_data *out, struct ej_err *err)
{
	sqlite3_stmt *st;
	char from[11], to[11];
	size_t alloc = 0, i;
	int rc;

	memset(out, 0, sizeof(*out));
	ej_day_iso(scope->from, from);
	ej_day_iso(scope->to, to);
	st = ej_db_prepare(db, "SELECT id, name, department, curator_id FROM grp ORDER BY name", err);
	if (!st)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ej_sum_group *g;
		if (!ej_doc_group_in_scope(scope, ej_db_col_text(st, 1), ej_db_col_text(st, 2)))
			continue;
		EJ_GROW(out->groups, out->ngroups + 1, alloc);
		g = &out->groups[out->ngroups++];
		memset(g, 0, sizeof(*g));
		g->id = sqlite3_column_int64(st, 0);
		g->name = ej_strdup(ej_db_col_text(st, 1));
		g->dept = ej_strdup(ej_db_col_text(st, 2));
		g->curator_id = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ej_db_fail(db, err, "groups");
	for (i = 0; i < out->ngroups; i++)
		if ((rc = load_group(db, scope, &out->groups[i], from, to, err)) != 0) {
			ej_sum_release(out);
			return rc;
		}
	if ((rc = take_figures(db, cfg, scope, out, err)) != 0) {
		ej_sum_release(out);
		return rc;
	}
	return 0;
}
