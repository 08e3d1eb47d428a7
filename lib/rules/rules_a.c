/*
** rules_a.c — family A, накопляемость (§2.5.3: «Преподаватели обязаны
** обеспечивать накопляемость оценок обучающимися»).
**
** A01: a student with fewer marks in a discipline over the period than
** floor(lessons attended / accumulation.lessons_per_mark), or — over a whole
** semester spent in the group — fewer than accumulation.min_per_semester.
** A02: a group × discipline where more than accumulation.max_share_below %
** of its students fall under A01.
**
** One pass: lessons of the scope by discipline, stays by group, and one
** aggregate query over marks (grades and lessons missed per student ×
** discipline, for the period and for each semester).
*/
#include "util/sort.h"
#include "rules/markpass.h"
#include "rules/rules_ctx.h"
#include "util/numwords.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct a_lesson { int64_t disc; ej_day day; int subgroup; };
struct a_stay { int64_t student, group; int subgroup; ej_day from, to; /* inclusive */ };

static int cmp_stay(const void *pa, const void *pb)
{
	const struct a_stay *a = pa, *b = pb;

	if (a->group != b->group) return a->group < b->group ? -1 : 1;
	if (a->student != b->student) return a->student < b->student ? -1 : 1;
	return a->from < b->from ? -1 : a->from > b->from;
}

struct a_data {
	struct a_lesson *lessons; size_t nlessons, alessons;
	struct a_stay *stays; size_t nstays, astays;
};

static int cmp_lesson(const void *pa, const void *pb)
{
	const struct a_lesson *a = pa, *b = pb;

	if (a->disc != b->disc) return a->disc < b->disc ? -1 : 1;
	if (a->day != b->day) return a->day < b->day ? -1 : 1;
	return a->subgroup < b->subgroup ? -1 : a->subgroup > b->subgroup;
}

static void a_free(struct a_data *a)
{
	free(a->lessons); free(a->stays);
}

static int a_load(struct ej_rctx *rc, struct a_data *a)
{
	static const char sql_l[] =
		"SELECT l.discipline_id, l.date, l.subgroup FROM lesson l"
		" JOIN temp.chk_disc c ON c.id = l.discipline_id"
		" WHERE +l.date BETWEEN ?1 AND ?2";   /* the key index covers it; sorted below */
	static const char sql_s[] =
		"SELECT s.student_id, s.group_id, s.subgroup, s.enrolled, s.left_on FROM stay s"
		" WHERE s.group_id IN (SELECT group_id FROM temp.chk_disc)";
	sqlite3_stmt *st;
	int s;

	if (!(st = ej_rc_prepare(rc, sql_l)))
		return EJ_EIO;
	ej_rc_bind_period(rc, st);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		EJ_GROW(a->lessons, a->nlessons + 1, a->alessons);
		a->lessons[a->nlessons].disc = sqlite3_column_int64(st, 0);
		a->lessons[a->nlessons].day = ej_rc_iso_day((const char *)sqlite3_column_text(st, 1));
		a->lessons[a->nlessons].subgroup = sqlite3_column_int(st, 2);
		a->nlessons++;
	}
	sqlite3_finalize(st);
	if (ej_rc_done(rc, s))
		return EJ_EIO;
	/* By discipline and date: a_run counts each discipline's run. */
	ej_qsort(a->lessons, a->nlessons, sizeof(a->lessons[0]), cmp_lesson);

	if (!(st = ej_rc_prepare(rc, sql_s)))
		return EJ_EIO;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct a_stay *y;
		ej_day e = ej_rc_iso_day((const char *)sqlite3_column_text(st, 3));
		ej_day l = ej_rc_iso_day((const char *)sqlite3_column_text(st, 4));
		EJ_GROW(a->stays, a->nstays + 1, a->astays);
		y = &a->stays[a->nstays++];
		y->student = sqlite3_column_int64(st, 0);
		y->group = sqlite3_column_int64(st, 1);
		y->subgroup = sqlite3_column_int(st, 2);
		y->from = e == EJ_DAY_NONE ? INT32_MIN + 1 : e;
		y->to = l == EJ_DAY_NONE ? INT32_MAX - 1 : l - 1;
	}
	sqlite3_finalize(st);
	if (ej_rc_done(rc, s))
		return EJ_EIO;
	ej_qsort(a->stays, a->nstays, sizeof(a->stays[0]), cmp_stay);

	return ej_mp_run(rc);
}

/* One student's figures in one discipline. */
struct a_student {
	int64_t student;
	int subgroup;
	int lessons[3];       /* lessons of the discipline while in the group: period, sem 1, sem 2 */
	bool whole_sem[2];    /* in the group for the whole semester, inside the period */
};

/* Count the discipline's lessons [lb, le) that a stay sees. */
static void count_lessons(const struct a_data *a, size_t lb, size_t le, const struct a_stay *y,
			  const struct ej_rctx *rc, struct a_student *out)
{
	size_t i;

	for (i = lb; i < le; i++) {
		const struct a_lesson *l = &a->lessons[i];
		int sem;
		if (l->day < y->from || l->day > y->to)
			continue;
		if (l->subgroup != 0 && l->subgroup != y->subgroup)
			continue;
		out->lessons[0]++;
		if ((sem = ej_rc_semester(rc, l->day)))
			out->lessons[sem]++;
	}
}

static int a_run(struct ej_rctx *rc, const struct ej_rule *r, bool emit_a01, bool emit_a02)
{
	const struct ej_policy *pol = &rc->cfg->policy;
	const struct ej_rule *r01 = ej_rule_find("A01"), *r02 = ej_rule_find("A02");
	struct a_data a;
	struct a_student *studs = NULL;
	size_t astuds = 0, lb, le, sb, se, i;
	int status;
	int per = pol->lessons_per_mark > 0 ? pol->lessons_per_mark : 3;

	(void)r;
	memset(&a, 0, sizeof(a));
	if ((status = a_load(rc, &a)))
		goto done;
	for (lb = 0; lb < a.nlessons; lb = le) {
		int64_t disc = a.lessons[lb].disc;
		const struct ej_rc_disc *d = ej_rc_disc(rc, disc);
		size_t nstuds = 0, under = 0, evaluated = 0;

		for (le = lb; le < a.nlessons && a.lessons[le].disc == disc; le++)
			;
		/* Stays of the discipline's group, merged per student. */
		for (sb = 0; sb < a.nstays && a.stays[sb].group < d->group_id; sb++)
			;
		for (se = sb; se < a.nstays && a.stays[se].group == d->group_id; se++) {
			const struct a_stay *y = &a.stays[se];
			struct a_student *cur;
			int k;
			if (!nstuds || studs[nstuds - 1].student != y->student) {
				EJ_GROW(studs, nstuds + 1, astuds);
				memset(&studs[nstuds], 0, sizeof(studs[0]));
				studs[nstuds].student = y->student;
				nstuds++;
			}
			cur = &studs[nstuds - 1];
			cur->subgroup = y->subgroup;
			count_lessons(&a, lb, le, y, rc, cur);
			for (k = 0; k < 2; k++) {
				const struct ej_day_range *sem = &rc->cfg->semester[k];
				if (y->from <= sem->from && y->to >= sem->to &&
				    rc->scope->from <= sem->from && rc->scope->to >= sem->to)
					cur->whole_sem[k] = true;
			}
		}
		for (i = 0; i < nstuds; i++) {
			struct a_student *s = &studs[i];
			const struct ej_mp_stat *m = ej_mp_stat(rc, disc, s->student);
			int attended, need, k, sem_short = 0;
			bool low;

			if (s->lessons[0] == 0)
				continue;
			evaluated++;
			attended = s->lessons[0] - m->missed[0];
			if (attended < 0)
				attended = 0;
			need = attended / per;
			low = m->grades[0] < need;
			for (k = 0; k < 2 && !low; k++) {
				if (s->whole_sem[k] && s->lessons[k + 1] > 0 &&
				    m->grades[k + 1] < pol->min_per_semester) {
					low = true;
					sem_short = k + 1;
				}
			}
			if (!low)
				continue;
			under++;
			if (emit_a01) {
				char where[256];
				struct ej_finding *f;
				int64_t t = ej_rc_disc_teacher(rc, disc, s->subgroup, rc->checked);

				ej_rc_where_st(rc, disc, 0, s->student, where, sizeof(where));
				if (sem_short)
					f = ej_rc_add(rc, r01, disc, 0, t, s->student, EJ_DAY_NONE,
						"Мало отметок за %d семестр: %d при норме не меньше %d (%s)",
						sem_short,
						m->grades[sem_short], pol->min_per_semester, where);
				else
					f = ej_rc_add(rc, r01, disc, 0, t, s->student, EJ_DAY_NONE,
						"Мало отметок: %d %s, посещено занятий: %d, "
						"нужно не меньше %d (%s)",
						m->grades[0],
						ej_plural(m->grades[0], "отметка", "отметки", "отметок"),
						attended, need, where);
				ej_rc_period(f, rc->scope->from, rc->scope->to);
				ej_rc_fig(f, "marks", sem_short ? m->grades[sem_short] : m->grades[0]);
				ej_rc_fig(f, "lessons_attended", sem_short ?
					  s->lessons[sem_short] - m->missed[sem_short] : attended);
				ej_rc_fig(f, "required", sem_short ? pol->min_per_semester : need);
			}
		}
		if (emit_a02 && evaluated > 0 &&
		    (double)under * 100.0 > pol->max_share_below * (double)evaluated) {
			char where[256], pct[32];
			struct ej_finding *f;
			double share = 100.0 * (double)under / (double)evaluated;

			ej_rc_where(rc, disc, 0, where, sizeof(where));
			ej_rc_num(share, 1, pct, sizeof(pct));
			f = ej_rc_add(rc, r02, disc, 0, ej_rc_disc_teacher(rc, disc, 0, rc->checked), 0,
				      EJ_DAY_NONE,
				      "Накопляемость ниже нормы у %zu из %zu обучающихся (%s %%, допустимо не более %g %%) (%s)",
				      under, evaluated, pct, pol->max_share_below, where);
			ej_rc_period(f, rc->scope->from, rc->scope->to);
			ej_rc_fig(f, "students_below", (double)under);
			ej_rc_fig(f, "students", (double)evaluated);
			ej_rc_fig(f, "share_below_pct", share);
			ej_rc_fig(f, "max_share_pct", pol->max_share_below);
		}
	}
done:
	free(studs);
	a_free(&a);
	return status;
}

/* §2.5.3: A01 (and A02 in the same pass when both are selected). */
int ej_rule_a01(struct ej_rctx *rc, const struct ej_rule *r)
{
	return a_run(rc, r, true, ej_rc_selected(rc, "A02"));
}

/* §2.5.3: A02 alone when A01 is not selected (else A01's pass made it). */
int ej_rule_a02(struct ej_rctx *rc, const struct ej_rule *r)
{
	if (ej_rc_selected(rc, "A01"))
		return 0;
	return a_run(rc, r, false, true);
}
