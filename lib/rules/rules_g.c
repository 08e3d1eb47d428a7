/*
** rules_g.c — family G, objectivity of current and final marks (§3.3:
** «объективности выставленных текущих и итоговых оценок; наличию
** контрольных и текущих проверочных работ»).
*/
#include "rules/markpass.h"
#include "util/sort.h"
#include "util/xalloc.h"
#include "rules/rules_ctx.h"
#include "util/numwords.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool no_finals(struct ej_rctx *rc, const struct ej_rule *r)
{
	if (ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM final LIMIT 1)"))
		return false;
	ej_rc_unchecked(rc, r, "итоговые отметки (ведомость итоговых или сетка с итогом)");
	return true;
}

/* §3.3: at a semester's end every enrolled student has a final mark in each
** discipline whose curriculum has an attestation that semester. */
int ej_rule_g01(struct ej_rctx *rc, const struct ej_rule *r)
{
	static const char sql[] =
		"SELECT c.id, s.student_id, s.subgroup,"
		" (SELECT u.attestation FROM curriculum u WHERE u.discipline_id = c.id"
		"   AND u.semester = ?5 AND u.attestation IS NOT NULL LIMIT 1)"
		" FROM temp.chk_disc c JOIN stay s ON s.group_id = c.group_id"
		" WHERE EXISTS (SELECT 1 FROM curriculum u WHERE u.discipline_id = c.id"
		"   AND u.semester = ?5 AND u.attestation IS NOT NULL)"
		" AND (s.enrolled IS NULL OR s.enrolled <= ?6)"
		" AND (s.left_on IS NULL OR s.left_on > ?6)"
		" AND NOT EXISTS (SELECT 1 FROM final f WHERE f.discipline_id = c.id"
		"   AND f.student_id = s.student_id AND f.semester = ?5)"
		" ORDER BY c.id, s.student_id";
	sqlite3_stmt *st;
	int k, s = SQLITE_DONE;

	if (no_finals(rc, r))
		return 0;
	if (!ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM curriculum WHERE attestation IS NOT NULL LIMIT 1)")) {
		ej_rc_unchecked(rc, r, NULL);
		return 0;
	}
	if (!(st = ej_rc_prepare(rc, sql)))
		return EJ_EIO;
	for (k = 1; k <= 2; k++) {
		const struct ej_day_range *sem = &rc->cfg->semester[k - 1];
		ej_day at = sem->to < rc->checked ? sem->to : rc->checked;
		char iso[11];
		int64_t last_disc = 0, last_stu = 0;

		if (!rc->sem_final[k - 1])
			continue;
		ej_day_iso(at, iso);
		sqlite3_reset(st);
		sqlite3_bind_int(st, 5, k);
		sqlite3_bind_text(st, 6, iso, -1, SQLITE_TRANSIENT);
		while ((s = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t disc = sqlite3_column_int64(st, 0), stu = sqlite3_column_int64(st, 1);
			int sg = sqlite3_column_int(st, 2);
			char where[256];
			struct ej_finding *f;

			if (disc == last_disc && stu == last_stu)
				continue;   /* two stays in the same group */
			last_disc = disc;
			last_stu = stu;
			ej_rc_where_st(rc, disc, 0, stu, where, sizeof(where));
			f = ej_rc_add(rc, r, disc, 0, ej_rc_disc_teacher(rc, disc, sg, sem->from), stu,
				      EJ_DAY_NONE, "Нет итоговой отметки за %d семестр (%s)", k, where);
			ej_rc_period(f, sem->from, sem->to);
			ej_rc_fig_text(f, "attestation", (const char *)sqlite3_column_text(st, 3));
		}
		if (s != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	return ej_rc_done(rc, s);
}

/*
** Finals of the semesters whose end is checked (semester 0 = year: the
** whole year's marks), with the weighted mean and count of current marks.
** fn is called per final; G02 and G03 share it.
*/
typedef void (*final_fn)(struct ej_rctx *rc, const struct ej_rule *r, int64_t disc, int64_t stu,
			 int sem, const char *kind, const char *value, bool has_mean,
			 double mean, int ngrades, ej_day from, ej_day to);

static int scan_finals(struct ej_rctx *rc, const struct ej_rule *r, final_fn fn)
{
	static const char sql[] =
		"SELECT f.discipline_id, f.student_id, f.final_kind, f.value"
		" FROM final f JOIN temp.chk_disc c ON c.id = f.discipline_id"
		" WHERE f.semester = ?1 ORDER BY f.discipline_id, f.student_id";
	sqlite3_stmt *st;
	int k, s = SQLITE_DONE;

	if ((s = ej_mp_run(rc)))
		return s;
	if (!(st = ej_rc_prepare(rc, sql)))
		return EJ_EIO;
	for (k = 0; k <= 2; k++) {
		ej_day from, to;
		int ix = k == 0 ? 3 : k;   /* the pass's sums: [1], [2] semesters, [3] year */

		if (k == 0) {
			if (!rc->sem_final[1])
				continue;
			from = rc->cfg->semester[0].from;
			to = rc->cfg->semester[1].to;
		} else {
			if (!rc->sem_final[k - 1])
				continue;
			from = rc->cfg->semester[k - 1].from;
			to = rc->cfg->semester[k - 1].to;
		}
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, k);
		while ((s = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t disc = sqlite3_column_int64(st, 0), stu = sqlite3_column_int64(st, 1);
			const struct ej_mp_stat *x = ej_mp_stat(rc, disc, stu);

			fn(rc, r, disc, stu, k, (const char *)sqlite3_column_text(st, 2),
			   (const char *)sqlite3_column_text(st, 3), x->wtot[ix] > 0,
			   x->wtot[ix] > 0 ? x->wsum[ix] / x->wtot[ix] : 0, x->grades[ix], from, to);
		}
		if (s != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	return ej_rc_done(rc, s);
}

static void sem_words(int sem, char *buf, size_t size)
{
	if (sem == 0)
		snprintf(buf, size, "за год");
	else
		snprintf(buf, size, "за %d семестр", sem);
}

static void g02_one(struct ej_rctx *rc, const struct ej_rule *r, int64_t disc, int64_t stu,
		    int sem, const char *kind, const char *value, bool has_mean,
		    double mean, int ngrades, ej_day from, ej_day to)
{
	const struct ej_rc_disc *d = ej_rc_disc(rc, disc);
	char m[32], sw[32];
	struct ej_finding *f;
	double fv;

	(void)kind; (void)ngrades;
	if (!has_mean || !ej_mark_is_numeric(value))
		return;
	fv = value[0] - '0';
	if (fabs(fv - mean) < 1.0 - 1e-9)
		return;
	ej_rc_num(mean, 2, m, sizeof(m));
	sem_words(sem, sw, sizeof(sw));
	f = ej_rc_add(rc, r, disc, 0, ej_rc_disc_teacher(rc, disc, 0, from), stu, EJ_DAY_NONE,
		      "Итоговая отметка %s при среднем текущем %s (%s, %s, %s; %s)",
		      value, m, d->code ? d->code : "?",
		      rc->groups[d->group_id].name ? rc->groups[d->group_id].name : "?",
		      ej_rc_student_short(rc, stu), sw);
	ej_rc_period(f, from, to);
	ej_rc_fig(f, "final", fv);
	ej_rc_fig(f, "mean_current", round(mean * 100) / 100);
	ej_rc_fig(f, "difference", round((fv - mean) * 100) / 100);
}

/* §3.3: a final within one point of the weighted mean of current marks. */
int ej_rule_g02(struct ej_rctx *rc, const struct ej_rule *r)
{
	if (no_finals(rc, r))
		return 0;
	return scan_finals(rc, r, g02_one);
}

static void g03_one(struct ej_rctx *rc, const struct ej_rule *r, int64_t disc, int64_t stu,
		    int sem, const char *kind, const char *value, bool has_mean,
		    double mean, int ngrades, ej_day from, ej_day to)
{
	int need = rc->cfg->policy.finals_min_current_marks;
	const struct ej_rc_disc *d = ej_rc_disc(rc, disc);
	char sw[32];
	struct ej_finding *f;

	(void)kind; (void)has_mean; (void)mean;
	if (!value || !strcmp(value, "осв") || !strcmp(value, "на") || ngrades >= need)
		return;
	sem_words(sem, sw, sizeof(sw));
	f = ej_rc_add(rc, r, disc, 0, ej_rc_disc_teacher(rc, disc, 0, from), stu, EJ_DAY_NONE,
		      "Итоговая отметка %s %s выставлена при %d %s (нужно не меньше %d) (%s, %s, %s)",
		      value, sw, ngrades, ej_plural(ngrades, "текущей отметке", "текущих отметках",
						    "текущих отметках"),
		      need, d->code ? d->code : "?",
		      rc->groups[d->group_id].name ? rc->groups[d->group_id].name : "?",
		      ej_rc_student_short(rc, stu));
	ej_rc_period(f, from, to);
	ej_rc_fig(f, "current_marks", ngrades);
	ej_rc_fig(f, "required", need);
}

/* §3.3: a final rests on at least finals.min_current_marks current marks. */
int ej_rule_g03(struct ej_rctx *rc, const struct ej_rule *r)
{
	if (no_finals(rc, r))
		return 0;
	return scan_finals(rc, r, g03_one);
}

/* A G04 candidate: a student present at a control lesson without a mark. */
struct g04_row {
	int64_t disc, teacher, student;
	ej_day day;
	int sg, pair;
	size_t seq;   /* scan order: equal keys keep it */
};

static int cmp_g04(const void *pa, const void *pb)
{
	const struct g04_row *a = pa, *b = pb;

	if (a->disc != b->disc) return a->disc < b->disc ? -1 : 1;
	if (a->day != b->day) return a->day < b->day ? -1 : 1;
	if (a->pair != b->pair) return a->pair < b->pair ? -1 : 1;
	if (a->student != b->student) return a->student < b->student ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* §3.3: a student present at a control work has a mark for it.  The marks
** of control-lesson days come from the mark pass (ej_mp_control_marked):
** a mark in the lesson's pair or in pair 0, other than «оп». */
int ej_rule_g04(struct ej_rctx *rc, const struct ej_rule *r)
{
	static const char sql[] =
		"SELECT l.discipline_id, l.subgroup, l.date, l.pair, l.teacher_id, s.student_id"
		" FROM lesson l JOIN temp.chk_disc c ON c.id = l.discipline_id"
		" JOIN stay s ON s.group_id = c.group_id AND (l.subgroup = 0 OR s.subgroup = l.subgroup)"
		"   AND (s.enrolled IS NULL OR s.enrolled <= l.date)"
		"   AND (s.left_on IS NULL OR s.left_on > l.date)"
		" WHERE l.lesson_type = 'control' AND l.date BETWEEN ?1 AND ?2";
	sqlite3_stmt *st;
	int s, status;
	struct g04_row *v = NULL;
	size_t n = 0, a = 0, seq = 0, i;
	const struct g04_row *last = NULL;

	if (!ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM mark LIMIT 1)") ||
	    !ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM stay LIMIT 1)")) {
		ej_rc_unchecked(rc, r, "отметки и составы групп");
		return 0;
	}
	if ((status = ej_mp_run(rc)))
		return status;
	if (!(st = ej_rc_prepare(rc, sql)))
		return EJ_EIO;
	ej_rc_bind_period(rc, st);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct g04_row x;

		x.disc = sqlite3_column_int64(st, 0);
		x.sg = sqlite3_column_int(st, 1);
		x.day = ej_rc_iso_day((const char *)sqlite3_column_text(st, 2));
		x.pair = sqlite3_column_int(st, 3);
		x.teacher = sqlite3_column_int64(st, 4);
		x.student = sqlite3_column_int64(st, 5);
		x.seq = seq++;
		if (ej_mp_control_marked(rc, x.disc, x.student, x.day, x.pair) ||
		    ej_mp_control_marked(rc, x.disc, x.student, x.day, 0))
			continue;
		EJ_GROW(v, n + 1, a);
		v[n++] = x;
	}
	sqlite3_finalize(st);
	if ((status = ej_rc_done(rc, s)))
		goto done;
	ej_qsort(v, n, sizeof(v[0]), cmp_g04);
	for (i = 0; i < n; i++) {
		const struct g04_row *x = &v[i];
		char day[11], where[256];
		struct ej_finding *f;

		if (last && x->disc == last->disc && x->student == last->student &&
		    x->day == last->day && x->pair == last->pair)
			continue;
		last = x;
		ej_day_ru(x->day, day);
		ej_rc_where_st(rc, x->disc, x->sg, x->student, where, sizeof(where));
		f = ej_rc_add(rc, r, x->disc, x->sg, x->teacher, x->student, x->day,
			      "Нет отметки за контрольную работу %s, %d пара, отсутствие не отмечено (%s)",
			      day, x->pair, where);
		f->pair = x->pair;
	}
done:
	free(v);
	return status;
}

/* §3.3: no mark for a student recorded absent at the same lesson.  Two
** values in one lesson always differ in seq, so only cells the mark pass saw
** with seq > 0 can hold both; the pass reads their values back by the unique
** key on its own connection (markpass.c). */
int ej_rule_g05(struct ej_rctx *rc, const struct ej_rule *r)
{
	const struct ej_mp_hit *h;
	size_t n, i;
	int status;

	if ((status = ej_mp_run(rc)))
		return status;
	h = ej_mp_hits(rc, MP_G05, &n);
	for (i = 0; i < n; i++) {
		char day[11], where[256];
		struct ej_finding *f;
		int64_t t = h[i].teacher;

		if (!h[i].both)   /* read back by the pass (markpass.c) */
			continue;
		if (!t)
			t = ej_rc_disc_teacher(rc, h[i].disc, h[i].subgroup, h[i].day);
		ej_day_ru(h[i].day, day);
		ej_rc_where_st(rc, h[i].disc, h[i].subgroup, h[i].student, where, sizeof(where));
		f = ej_rc_add(rc, r, h[i].disc, h[i].subgroup, t, h[i].student, h[i].day,
			      "Отметка выставлена отсутствовавшему %s, %d пара — «%s» (%s)",
			      day, h[i].pair, h[i].vals, where);
		f->pair = h[i].pair;
	}
	return 0;
}
