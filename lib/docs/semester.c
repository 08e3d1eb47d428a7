#include "util/sort.h"
#include "docs/semester.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docs/docctx.h"
#include "docs/lessonfigs.h"
#include "figures/figures.h"
#include "render/pdf.h"
#include "render/xlsx.h"
#include "rules/rules.h"
#include "util/date.h"
#include "util/fio.h"
#include "util/numwords.h"
#include "util/xalloc.h"

struct person {
	int64_t id;
	char *name;            /* «Фамилия И. О.» */
	char *role;            /* «преподаватель», «куратор группы ИСП-21» … */
};

/* A substitution recorded in the journal (§2.5.2). */
struct subst {
	char date[11];
	char *group, *disc, *teacher, *note;
};

/* Final-mark figures of a discipline or a group (figures.h definitions). */
struct finfig {
	long students, success, quality;
	double msum, mcnt;           /* numeric finals: sum and count */
};

struct sgroup {
	int64_t id;
	const char *name;            /* borrowed from a gd row */
	struct finfig f;
};

struct sem {
	struct ej_doc_ctx d;
	struct subst *subs;
	size_t nsubs, asubs;
	/* figures.h, group × discipline, current marks: hours, fill, current
	** mean, names.  fin[i] holds row i's final-mark figures and grp the
	** groups', both summed from one student × discipline pass over the
	** finals (see take_finals). */
	struct ej_fig_table gd;
	struct finfig *fin;
	struct sgroup *grp;
	size_t ngrp;
	size_t nteachers;            /* teachers among the people concerned */
	struct ej_findings findings;
	struct ej_lf lf;
	struct person *people;
	size_t npeople, apeople;
	double threshold;
	/* Totals for the conclusions. */
	double held, curriculum;
	int lagging, control_required, control_held, control_missing, substitutions;
	int g_findings, s_findings, t_err, t_warn, f_err, f_warn;
	long lessons, with_topic, with_hw, on_time, n, success, quality, grades;
	double mark_sum;
	long mark_count;
};

static double nan_if_neg(double v)
{
	return v < 0 ? NAN : v;
}

static void num(double v, int dec, char *buf, size_t size)
{
	ej_doc_num(nan_if_neg(v), dec, buf, size);
}

/* ------------------------------------------------------------------ data */

static void add_person(struct sem *s, int64_t id, const char *short_name, const char *role)
{
	size_t i;

	if (!id || !short_name)
		return;
	for (i = 0; i < s->npeople; i++)
		if (s->people[i].id == id) {
			if (!strstr(s->people[i].role, role)) {
				char *r = ej_asprintf("%s; %s", s->people[i].role, role);
				free(s->people[i].role);
				s->people[i].role = r;
			}
			return;
		}
	EJ_GROW(s->people, s->npeople + 1, s->apeople);
	s->people[s->npeople].id = id;
	s->people[s->npeople].name = ej_strdup(short_name);
	s->people[s->npeople].role = ej_strdup(role);
	s->npeople++;
}

static int cmp_person(const void *a, const void *b)
{
	const struct person *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* §3.4: everyone concerned signs — the teachers of the disciplines checked
** and of the findings, and the curators of the groups. */
static int gather_people(struct sem *s, struct ej_err *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < s->gd.n; i++)
		add_person(s, s->gd.rows[i].teacher_id, s->gd.rows[i].teacher_short,
			   "преподаватель");
	for (i = 0; i < s->findings.n; i++)
		if (s->findings.v[i].severity != EJ_SEV_UNCHECKED)
			add_person(s, s->findings.v[i].teacher_id, s->findings.v[i].teacher_short,
				   "преподаватель");
	st = ej_db_prepare(s->d.db,
		"SELECT t.id, t.short_name, g.name FROM grp g JOIN teacher t ON t.id = g.curator_id "
		" WHERE g.id = ?1", err);
	if (!st)
		return err->code;
	for (i = 0; i < s->ngrp; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, s->grp[i].id);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			char role[160];
			snprintf(role, sizeof(role), "куратор группы %s", ej_db_col_text(st, 2));
			add_person(s, sqlite3_column_int64(st, 0), ej_db_col_text(st, 1), role);
		}
	}
	sqlite3_finalize(st);
	if (s->npeople > 1)
		ej_qsort(s->people, s->npeople, sizeof(*s->people), cmp_person);
	for (i = 0; i < s->npeople; i++)
		s->nteachers += strstr(s->people[i].role, "преподаватель") != NULL;
	return 0;
}

struct sdrow {
	int64_t group, student;
	size_t gd;                   /* index of the discipline's gd row */
	const struct ej_fig_row *r;
};

static int cmp_sdrow(const void *pa, const void *pb)
{
	const struct sdrow *a = pa, *b = pb;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return a->student < b->student ? -1 : a->student > b->student;
}

struct didx {
	int64_t id;
	size_t i;
};

static int cmp_didx(const void *pa, const void *pb)
{
	const struct didx *a = pa, *b = pb;

	return a->id < b->id ? -1 : a->id > b->id;
}

/*
** Final-mark figures from one lib/figures pass at the student × discipline
** level.  figures.h defines a discipline's N as the students counted in it
** and a group's as the students counted in any of its disciplines, who
** succeed only when succeeding in every counted one: these are the sums
** below.  Finals weigh 1, so means are sums over numeric marks.  Rows of
** students who left carry students = 0 and are left out, as in figures.h.
*/
static int take_finals(struct sem *s, struct ej_fig_table *sdt)
{
	const struct ej_fig_table sd = *sdt;
	struct didx *ix = NULL;
	struct sdrow *rows = NULL;
	size_t nrows = 0, i, j;

	s->fin = ej_calloc(s->gd.n ? s->gd.n : 1, sizeof(*s->fin));
	ix = ej_calloc(s->gd.n ? s->gd.n : 1, sizeof(*ix));
	for (i = 0; i < s->gd.n; i++) {
		ix[i].id = s->gd.rows[i].discipline_id;
		ix[i].i = i;
		/* Groups in the order of the (sorted) rows. */
		if (!s->ngrp || s->grp[s->ngrp - 1].id != s->gd.rows[i].group_id) {
			s->grp = ej_reallocarray(s->grp, s->ngrp + 1, sizeof(*s->grp));
			memset(&s->grp[s->ngrp], 0, sizeof(s->grp[0]));
			s->grp[s->ngrp].id = s->gd.rows[i].group_id;
			s->grp[s->ngrp].name = s->gd.rows[i].group;
			s->ngrp++;
		}
	}
	if (s->gd.n > 1)
		ej_qsort(ix, s->gd.n, sizeof(*ix), cmp_didx);
	rows = ej_calloc(sd.n ? sd.n : 1, sizeof(*rows));
	for (i = 0; i < sd.n; i++) {
		const struct ej_fig_row *r = &sd.rows[i];
		struct didx key = { r->discipline_id, 0 }, *hit;
		struct finfig *f;
		long cnt = r->marks.count5 + r->marks.count4 + r->marks.count3 + r->marks.count2;

		if (r->marks.students <= 0 || !s->gd.n ||
		    !(hit = ej_bsearch(&key, ix, s->gd.n, sizeof(*ix), cmp_didx)))
			continue;
		f = &s->fin[hit->i];
		f->students += r->marks.students;
		f->success += r->marks.success;
		f->quality += r->marks.quality;
		if (r->marks.mean >= 0 && cnt > 0) {
			f->msum += r->marks.mean * (double)cnt;
			f->mcnt += (double)cnt;
		}
		rows[nrows].group = s->gd.rows[hit->i].group_id;
		rows[nrows].student = r->student_id;
		rows[nrows].gd = hit->i;
		rows[nrows].r = r;
		nrows++;
	}
	/* Per student of a group: counted in any discipline, succeeding in all. */
	if (nrows > 1)
		ej_qsort(rows, nrows, sizeof(*rows), cmp_sdrow);
	for (i = 0; i < nrows; i = j) {
		bool fail = false, notgood = false;
		double msum = 0, mcnt = 0;
		size_t g;

		for (j = i; j < nrows && rows[j].group == rows[i].group &&
			    rows[j].student == rows[i].student; j++) {
			const struct ej_fig_marks *m = &rows[j].r->marks;
			long cnt = m->count5 + m->count4 + m->count3 + m->count2;
			fail |= !m->success;
			notgood |= !m->quality;
			if (m->mean >= 0 && cnt > 0) {
				msum += m->mean * (double)cnt;
				mcnt += (double)cnt;
			}
		}
		for (g = 0; g < s->ngrp && s->grp[g].id != rows[i].group; g++)
			;
		if (g == s->ngrp)
			continue;
		s->grp[g].f.students++;
		s->grp[g].f.success += !fail;
		s->grp[g].f.quality += !notgood;
		s->grp[g].f.msum += msum;
		s->grp[g].f.mcnt += mcnt;
	}
	free(rows);
	free(ix);
	return 0;
}

static double fin_pct_success(const struct finfig *f)
{
	return ej_fig_pct(f->success, f->students);
}

static double fin_pct_quality(const struct finfig *f)
{
	return ej_fig_pct(f->quality, f->students);
}

static double fin_mean(const struct finfig *f)
{
	return f->mcnt > 0 ? f->msum / f->mcnt : NAN;
}

/* Substitutions of the period inside the scope's filters. */
static int load_substitutions(struct sem *s, struct ej_err *err)
{
	sqlite3_stmt *st = ej_db_prepare(s->d.db,
		"SELECT l.date, g.name, g.department, d.code, d.name, t.name, t.short_name, "
		"       l.substitute_note, r.name, r.short_name "
		"  FROM lesson l JOIN discipline d ON d.id = l.discipline_id "
		"  JOIN grp g ON g.id = d.group_id LEFT JOIN teacher t ON t.id = l.teacher_id "
		"  LEFT JOIN teacher r ON r.id = l.substitute_for "
		" WHERE l.date BETWEEN ?1 AND ?2 AND l.substitute_note IS NOT NULL "
		"   AND trim(l.substitute_note) <> '' "
		" ORDER BY l.date, g.name, d.code, l.pair", err);
	int rc;

	if (!st)
		return err->code;
	sqlite3_bind_text(st, 1, s->d.from_iso, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->d.to_iso, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const struct ej_scope *sc = s->d.scope;
		struct subst *x;
		ej_day day;
		const char *date = ej_db_col_text(st, 0);
		if (!ej_doc_group_in_scope(sc, ej_db_col_text(st, 1), ej_db_col_text(st, 2)) ||
		    !ej_doc_disc_in_scope(sc, ej_db_col_text(st, 3), ej_db_col_text(st, 4)) ||
		    (sc->teacher &&
		     !ej_doc_teacher_in_scope(sc, ej_db_col_text(st, 5), ej_db_col_text(st, 6)) &&
		     !ej_doc_teacher_in_scope(sc, ej_db_col_text(st, 8), ej_db_col_text(st, 9))))
			continue;
		EJ_GROW(s->subs, s->nsubs + 1, s->asubs);
		x = &s->subs[s->nsubs++];
		if (date && !ej_date_parse(date, strlen(date), &day))
			ej_day_ru(day, x->date);
		else
			snprintf(x->date, sizeof(x->date), "—");
		x->group = ej_strdup(ej_db_col_text(st, 1));
		x->disc = ej_asprintf("%s %s", ej_db_col_text(st, 3), ej_db_col_text(st, 4));
		x->teacher = ej_strdup(ej_db_col_text(st, 6) ? ej_db_col_text(st, 6) : "—");
		x->note = ej_strdup(ej_db_col_text(st, 7));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ej_db_fail(s->d.db, err, "substitutions");
	return 0;
}

/* Practical + lab hours planned and held for row r's k-th subgroup line (the
** discipline's when it is not taught in subgroups). */
static void lf_practice(const struct ej_lf_disc *lf, const struct ej_fig_row *r, int k,
			double *plan, double *held)
{
	int j;

	*plan = *held = NAN;
	if (!lf)
		return;
	if (!r->nsub || !lf->nsub) {
		if (k == 0) {
			*plan = lf->practice_plan;
			*held = lf->practice_held;
		}
		return;
	}
	for (j = 0; j < lf->nsub; j++)
		if (lf->sub[j].subgroup == r->sub[k].subgroup) {
			*plan = lf->sub[j].practice_plan;
			*held = lf->sub[j].practice_held;
		}
}

static int gather(struct sem *s, struct ej_err *err)
{
	struct ej_check_opts co = { 0 };
	size_t i;
	int rc;

	struct ej_fig_table sd;
	struct ej_fig_req req[2] = {
		{ EJ_FIG_GROUP_DISC, EJ_FIG_CURRENT, &s->gd },
		{ EJ_FIG_STUDENT_DISC, EJ_FIG_FINALS, &sd },
	};

	struct ej_fig_job *job;
	struct ej_err ferr = { 0 };
	int frc;

	/* Current and final-mark figures from one read of the semester, in a
	** thread while the check runs. */
	ej_fig_table_init(&sd);
	job = ej_figures_start(s->d.db, s->d.cfg, s->d.scope, req, 2);
	co.config = s->d.cfg;
	co.scope = s->d.scope;
	rc = ej_check_run(s->d.db, &co, &s->findings, err);
	frc = ej_figures_join(job, &ferr);
	if (!rc && frc) {
		if (err)
			*err = ferr;
		rc = frc;
	}
	if (!rc) {
		ej_doc_sort_by_group(&s->gd);
		rc = take_finals(s, &sd);
	}
	ej_fig_table_release(&sd);
	if (rc)
		return rc;
	ej_findings_sort_by_teacher(&s->findings);
	if ((rc = ej_lf_load(s->d.db, s->d.scope, s->d.scope->semester, &s->lf, err)))
		return rc;
	if ((rc = load_substitutions(s, err)))
		return rc;
	s->substitutions = (int)s->nsubs;

	for (i = 0; i < s->gd.n; i++) {
		const struct ej_fig_row *r = &s->gd.rows[i];
		const struct ej_lf_disc *lf = ej_lf_find(&s->lf, r->discipline_id);
		int k, nu = r->nsub ? r->nsub : 1;
		s->held += r->hours.held;
		s->curriculum += r->hours.curriculum;
		/* §3.3: a lag over plan.max_lag_hours is a deviation — per
		** subgroup for a discipline taught in subgroups (formats.md). */
		for (k = 0; k < nu; k++) {
			const struct ej_fig_hours *h = r->nsub ? &r->sub[k].hours : &r->hours;
			if (h->curriculum > 0 &&
			    fabs(h->curriculum - h->held) > s->d.cfg->policy.max_lag_hours)
				s->lagging++;
		}
		if (lf && lf->nsub) {
			/* Per subgroup, never summed (formats.md). */
			for (k = 0; k < lf->nsub; k++) {
				int rq = lf->sub[k].required, hd = lf->sub[k].held;
				s->control_required += rq;
				s->control_held += hd < rq ? hd : rq;
				s->control_missing += hd < rq;
			}
		} else if (lf) {
			s->control_required += lf->control_required;
			s->control_held += lf->control_held < lf->control_required
					   ? lf->control_held : lf->control_required;
			s->control_missing += lf->control_held < lf->control_required;
		}
	}
	/* College fill rates: the group × discipline counts summed (each lesson
	** belongs to exactly one discipline). */
	for (i = 0; i < s->gd.n; i++) {
		const struct ej_fig_fill *f = &s->gd.rows[i].fill;
		s->lessons += f->lessons;
		s->with_topic += f->with_topic;
		s->with_hw += f->with_homework;
		s->on_time += f->on_time;
	}
	for (i = 0; i < s->ngrp; i++) {
		const struct finfig *f = &s->grp[i].f;
		s->n += f->students;
		s->success += f->success;
		s->quality += f->quality;
		s->mark_count += (long)f->mcnt;
		s->mark_sum += f->msum;
	}
	for (i = 0; i < s->findings.n; i++) {
		const struct ej_finding *f = &s->findings.v[i];
		bool e = f->severity == EJ_SEV_ERROR, w = f->severity == EJ_SEV_WARNING;
		switch (f->rule[0]) {
		case 'G': s->g_findings += e || w; break;
		case 'S': s->s_findings += e || w; break;
		case 'T': s->t_err += e; s->t_warn += w; break;
		case 'F': s->f_err += e; s->f_warn += w; break;
		default: break;
		}
	}
	return gather_people(s, err);
}

/* ------------------------------------------------------------------ wording */

/* The conclusion and recommendation keys chosen from the figures; the
** sentences themselves are in templates/reports.txt. */
struct verdict {
	const char *concl, *rec;     /* rec NULL = nothing to recommend */
};

static void verdicts(const struct sem *s, struct verdict v[5])
{
	double ontime = ej_fig_pct(s->on_time, s->lessons);

	v[0].concl = s->lagging ? "semester.concl.coverage.lag" : "semester.concl.coverage.ok";
	v[0].rec = s->lagging ? "semester.rec.coverage" : NULL;
	v[1].concl = s->control_missing ? "semester.concl.control.missing" : "semester.concl.control.ok";
	v[1].rec = s->control_missing ? "semester.rec.control" : NULL;
	v[2].concl = s->g_findings ? "semester.concl.objectivity.issues" : "semester.concl.objectivity.ok";
	v[2].rec = s->g_findings ? "semester.rec.objectivity" : NULL;
	v[3].concl = s->s_findings ? "semester.concl.subst.issues" : "semester.concl.subst.ok";
	v[3].rec = s->s_findings ? "semester.rec.subst" : NULL;
	v[4].concl = ontime >= 0 && ontime < s->threshold ? "semester.concl.timeliness.low"
							   : "semester.concl.timeliness.ok";
	v[4].rec = ontime >= 0 && ontime < s->threshold ? "semester.rec.timeliness" : NULL;
}

static void set_vars(struct sem *s, struct ej_tpl_vars *v)
{
	ej_tpl_set_num(v, "held", s->held, 0);
	ej_tpl_set_num(v, "plan", s->curriculum, 0);
	ej_tpl_set_num(v, "coverage_pct", s->curriculum > 0 ? 100.0 * s->held / s->curriculum : NAN, 1);
	ej_tpl_set_num(v, "max_lag", s->d.cfg->policy.max_lag_hours, 0);
	ej_tpl_setf(v, "lagging", "%d", s->lagging);
	ej_tpl_setf(v, "control_required", "%d", s->control_required);
	ej_tpl_setf(v, "control_held", "%d", s->control_held);
	ej_tpl_setf(v, "control_missing", "%d", s->control_missing);
	ej_tpl_set_num(v, "success_pct", nan_if_neg(ej_fig_pct(s->success, s->n)), 1);
	ej_tpl_set_num(v, "quality_pct", nan_if_neg(ej_fig_pct(s->quality, s->n)), 1);
	ej_tpl_set_num(v, "mean", s->mark_count ? s->mark_sum / (double)s->mark_count : NAN, 2);
	ej_tpl_setf(v, "g_findings", "%d", s->g_findings);
	ej_tpl_setf(v, "s_findings", "%d", s->s_findings);
	ej_tpl_setf(v, "substitutions", "%d", s->substitutions);
	ej_tpl_setf(v, "lessons", "%ld", s->lessons);
	ej_tpl_set_num(v, "topic_pct", nan_if_neg(ej_fig_pct(s->with_topic, s->lessons)), 1);
	ej_tpl_set_num(v, "homework_pct", nan_if_neg(ej_fig_pct(s->with_hw, s->lessons)), 1);
	ej_tpl_set_num(v, "ontime_pct", nan_if_neg(ej_fig_pct(s->on_time, s->lessons)), 1);
	ej_tpl_setf(v, "t_errors", "%d", s->t_err);
	ej_tpl_setf(v, "t_warnings", "%d", s->t_warn);
	ej_tpl_setf(v, "f_errors", "%d", s->f_err);
	ej_tpl_setf(v, "f_warnings", "%d", s->f_warn);
	ej_tpl_set_num(v, "threshold", s->threshold, 0);
	ej_tpl_setf(v, "semester", "%d", s->d.scope->semester);
	ej_tpl_setf(v, "groups_count", "%zu", s->ngrp);
	ej_tpl_set(v, "groups_word", ej_plural((long)s->ngrp, "группа", "группы", "групп"));
	ej_tpl_setf(v, "disciplines_count", "%zu", s->gd.n);
	ej_tpl_set(v, "disciplines_word", ej_plural((long)s->gd.n, "дисциплина", "дисциплины",
						    "дисциплин"));
	/* Dative after «по»: по 1 дисциплине, по 4 дисциплинам. */
	ej_tpl_set(v, "lagging_word", ej_plural(s->lagging, "дисциплине", "дисциплинам",
						"дисциплинам"));
	ej_tpl_set(v, "control_missing_word", ej_plural(s->control_missing, "дисциплине",
							"дисциплинам", "дисциплинам"));
	ej_tpl_set(v, "control_word", ej_plural(s->control_held, "контрольная работа",
						"контрольные работы", "контрольных работ"));
	ej_tpl_setf(v, "teachers_count", "%zu", s->nteachers);
	ej_tpl_set(v, "teachers_word", ej_plural((long)s->nteachers, "преподаватель",
						 "преподавателя", "преподавателей"));
	ej_tpl_set(v, "checker", s->d.cfg->deputy && *s->d.cfg->deputy ? s->d.cfg->deputy
								       : "____________");
	{
		char *t = ej_doc_text(&s->d, "semester.checker_title", NULL, NULL);
		ej_tpl_set(v, "checker_title", t ? t : "");
		free(t);
	}
}

/* ------------------------------------------------------------------ PDF */

static const struct ej_pdf_col cov_cols[] = {
	{ "Группа", 44, EJ_PDF_LEFT },
	{ "Дисциплина", 0, EJ_PDF_LEFT },
	{ "По уч. плану, ч", 40, EJ_PDF_CENTER },
	{ "По КТП на дату, ч", 40, EJ_PDF_CENTER },
	{ "Прове- дено, ч", 38, EJ_PDF_CENTER },
	{ "Выпол- нение, %", 40, EJ_PDF_CENTER },
	{ "Откло- нение, ч", 40, EJ_PDF_CENTER },
	{ "Практ./ лаб. по плану, ч", 44, EJ_PDF_CENTER },
	{ "Практ./ лаб. прове- дено, ч", 44, EJ_PDF_CENTER },
};

static const struct ej_pdf_col ctl_cols[] = {
	{ "Группа", 50, EJ_PDF_LEFT },
	{ "Дисциплина", 0, EJ_PDF_LEFT },
	{ "Преподаватель", 100, EJ_PDF_LEFT },
	{ "Требуется", 56, EJ_PDF_CENTER },
	{ "Проведено", 56, EJ_PDF_CENTER },
};

static const struct ej_pdf_col obj_group_cols[] = {
	{ "Группа", 0, EJ_PDF_LEFT },
	{ "Студентов (N)", 62, EJ_PDF_CENTER },
	{ "Успеваемость, %", 70, EJ_PDF_CENTER },
	{ "Качество знаний, %", 70, EJ_PDF_CENTER },
	{ "Средний балл", 62, EJ_PDF_CENTER },
};

static const struct ej_pdf_col obj_cols[] = {
	{ "Группа", 44, EJ_PDF_LEFT },
	{ "Дисциплина", 0, EJ_PDF_LEFT },
	{ "N", 26, EJ_PDF_CENTER },
	{ "Успев., %", 42, EJ_PDF_CENTER },
	{ "Кач., %", 42, EJ_PDF_CENTER },
	{ "Ср. балл итог.", 42, EJ_PDF_CENTER },
	{ "Ср. балл текущ.", 42, EJ_PDF_CENTER },
	{ "Разница", 42, EJ_PDF_CENTER },
};

static const struct ej_pdf_col subst_cols[] = {
	{ "Дата", 58, EJ_PDF_LEFT },
	{ "Группа", 44, EJ_PDF_LEFT },
	{ "Дисциплина", 130, EJ_PDF_LEFT },
	{ "Провёл(а)", 80, EJ_PDF_LEFT },
	{ "Запись о замене", 0, EJ_PDF_LEFT },
};

static const struct ej_pdf_col find_cols[] = {
	{ "Дата", 58, EJ_PDF_LEFT },
	{ "Правило", 40, EJ_PDF_CENTER },
	{ "Преподаватель", 78, EJ_PDF_LEFT },
	{ "Содержание", 0, EJ_PDF_LEFT },
};

static const struct ej_pdf_col sum_cols[] = {
	{ "Правило", 44, EJ_PDF_CENTER },
	{ "Что проверяется", 0, EJ_PDF_LEFT },
	{ "Ошибок", 52, EJ_PDF_CENTER },
	{ "Замечаний", 60, EJ_PDF_CENTER },
};

static const struct ej_pdf_col ack_cols[] = {
	{ "№", 24, EJ_PDF_CENTER },
	{ "Ф. И. О.", 120, EJ_PDF_LEFT },
	{ "Должность", 0, EJ_PDF_LEFT },
	{ "Подпись", 80, EJ_PDF_CENTER },
	{ "Дата", 70, EJ_PDF_CENTER },
};

static double section(struct ej_pdf *p, double y, struct sem *s, const char *key,
		      struct ej_err *err)
{
	char *text = ej_doc_text(&s->d, key, NULL, err);
	struct ej_pdf_box b;

	y = ej_doc_pdf_need(p, y + 6, 70, false);
	b = ej_pdf_box(p);
	ej_pdf_font(p, EJ_PDF_BOLD, 12);
	y += ej_pdf_paragraph(p, b.left, y, b.right - b.left, EJ_PDF_LEFT, 15,
			      text ? text : key) + 4;
	free(text);
	return y;
}

/* Findings of the families in fam (e.g. "G", "S") as a table. */
static double findings_table(struct ej_pdf *p, double y, struct sem *s, const char *fam)
{
	struct ej_pdf_table t;
	struct ej_pdf_box b = ej_pdf_box(p);
	size_t i, shown = 0;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < s->findings.n; i++) {
		const struct ej_finding *f = &s->findings.v[i];
		char date[32];
		const char *cells[4];
		if (f->severity == EJ_SEV_UNCHECKED || !strchr(fam, f->rule[0]))
			continue;
		if (!shown++)
			ej_pdf_table_begin(&t, p, find_cols, 4, b.left, y, b.right - b.left, 8.5);
		ej_doc_finding_date(f, date, sizeof(date));
		cells[0] = date;
		cells[1] = f->rule;
		cells[2] = f->teacher_short;
		cells[3] = f->message;
		ej_pdf_table_row(&t, cells, false);
	}
	return shown ? t.y + 6 : y;
}

static int write_pdf(struct sem *s, const struct ej_tpl_vars *v, const char *path,
		     struct ej_err *err)
{
	struct ej_pdf_opts po;
	struct ej_pdf *p;
	struct ej_pdf_box b;
	struct ej_pdf_table t;
	struct verdict vd[5];
	char *text = NULL, seed[96];
	double y;
	size_t i;
	int nrec = 0;

	snprintf(seed, sizeof(seed), "semester-%d-%s", s->d.scope->semester, s->d.from_iso);
	ej_doc_pdf_opts(&s->d, &po, "Справка по итогам проверки электронного журнала", seed);
	po.header_left = ej_tpl_get(&s->d.vars, "institution.short_name");
	p = ej_pdf_new(&po, err);
	if (!p)
		return err->code;
	ej_pdf_add_page(p, false);
	b = ej_pdf_box(p);
	y = b.top;
	ej_pdf_font(p, EJ_PDF_REGULAR, 11);
	y += ej_pdf_paragraph(p, b.left, y, b.right - b.left, EJ_PDF_CENTER, 14,
			      ej_tpl_get(&s->d.vars, "institution.name")) + 12;
	if (!(text = ej_doc_text(&s->d, "semester.title", v, err)))
		goto fail;
	y = ej_doc_pdf_title(p, y, text, 14);
	free(text);
	if (!(text = ej_doc_text(&s->d, "semester.intro", v, err)))
		goto fail;
	y = ej_doc_pdf_paragraphs(p, y, text, 12, false);
	free(text);
	text = NULL;

	/* 1. Programme coverage. */
	y = section(p, y, s, "semester.s1.caption", err);
	memset(&t, 0, sizeof(t));
	ej_pdf_table_begin(&t, p, cov_cols, 9, b.left, y, b.right - b.left, 8.5);
	for (i = 0; i < s->gd.n; i++) {
		const struct ej_fig_row *r = &s->gd.rows[i];
		const struct ej_lf_disc *lf = ej_lf_find(&s->lf, r->discipline_id);
		int k, nu = r->nsub ? r->nsub : 1;
		/* formats.md: a discipline taught in subgroups gets a row per
		** subgroup, each against the curriculum's hours. */
		for (k = 0; k < nu; k++) {
			const struct ej_fig_hours *h = r->nsub ? &r->sub[k].hours : &r->hours;
			char dn[512], c2[16], c3[16], c4[16], c5[16], c6[16], c7[16], c8[16];
			const char *cells[9] = { r->group, dn, c2, c3, c4, c5, c6, c7, c8 };
			if (r->nsub)
				snprintf(dn, sizeof(dn), "%s %s, подгр. %d", r->discipline_code,
					 r->discipline_name, r->sub[k].subgroup);
			else
				snprintf(dn, sizeof(dn), "%s %s", r->discipline_code, r->discipline_name);
			num(h->curriculum, 0, c2, sizeof(c2));
			num(h->plan_due, 0, c3, sizeof(c3));
			num(h->held, 0, c4, sizeof(c4));
			ej_doc_num(h->curriculum > 0 ? 100.0 * h->held / h->curriculum : NAN,
				   1, c5, sizeof(c5));
			ej_doc_num(h->held - h->curriculum, 0, c6, sizeof(c6));
			{
				double pp = NAN, ph = NAN;
				lf_practice(lf, r, k, &pp, &ph);
				ej_doc_num(pp, 0, c7, sizeof(c7));
				ej_doc_num(ph, 0, c8, sizeof(c8));
			}
			ej_pdf_table_row(&t, cells, false);
		}
	}
	y = findings_table(p, t.y + 6, s, "P");

	/* 2. Control works. */
	y = section(p, y, s, "semester.s2.caption", err);
	memset(&t, 0, sizeof(t));
	ej_pdf_table_begin(&t, p, ctl_cols, 5, b.left, y, b.right - b.left, 9);
	for (i = 0; i < s->gd.n; i++) {
		const struct ej_fig_row *r = &s->gd.rows[i];
		const struct ej_lf_disc *lf = ej_lf_find(&s->lf, r->discipline_id);
		int k;
		if (!lf || (!lf->control_required && !lf->control_held))
			continue;
		/* One row per subgroup of a discipline taught in subgroups. */
		for (k = 0; k < (lf->nsub ? lf->nsub : 1); k++) {
			char dn[512], c3[16], c4[16];
			const char *te = r->teacher_short;
			const char *cells[5] = { r->group, dn, te, c3, c4 };
			int j;
			if (lf->nsub) {
				snprintf(dn, sizeof(dn), "%s %s, подгр. %d", r->discipline_code,
					 r->discipline_name, lf->sub[k].subgroup);
				for (j = 0; j < r->nsub; j++)
					if (r->sub[j].subgroup == lf->sub[k].subgroup &&
					    r->sub[j].teacher_short[0])
						cells[2] = r->sub[j].teacher_short;
				snprintf(c3, sizeof(c3), "%d", lf->sub[k].required);
				snprintf(c4, sizeof(c4), "%d", lf->sub[k].held);
			} else {
				snprintf(dn, sizeof(dn), "%s %s", r->discipline_code, r->discipline_name);
				snprintf(c3, sizeof(c3), "%d", lf->control_required);
				snprintf(c4, sizeof(c4), "%d", lf->control_held);
			}
			ej_pdf_table_row(&t, cells, false);
		}
	}
	y = t.y + 6;

	/* 3. Objectivity. */
	y = section(p, y, s, "semester.s3.caption", err);
	memset(&t, 0, sizeof(t));
	ej_pdf_table_begin(&t, p, obj_group_cols, 5, b.left, y, b.right - b.left, 9);
	for (i = 0; i < s->ngrp; i++) {
		const struct finfig *f = &s->grp[i].f;
		char c1[24], c2[16], c3[16], c4[16];
		const char *cells[5] = { s->grp[i].name, c1, c2, c3, c4 };
		snprintf(c1, sizeof(c1), "%ld", f->students);
		num(fin_pct_success(f), 1, c2, sizeof(c2));
		num(fin_pct_quality(f), 1, c3, sizeof(c3));
		ej_doc_num(fin_mean(f), 2, c4, sizeof(c4));
		ej_pdf_table_row(&t, cells, false);
	}
	y = t.y + 8;
	memset(&t, 0, sizeof(t));
	y = ej_doc_pdf_need(p, y, 60, false);
	ej_pdf_table_begin(&t, p, obj_cols, 8, b.left, y, b.right - b.left, 8.5);
	for (i = 0; i < s->gd.n; i++) {
		const struct ej_fig_row *r = &s->gd.rows[i];
		const struct finfig *f = &s->fin[i];
		double fm = fin_mean(f), cm = nan_if_neg(r->marks.mean);
		char dn[512], c2[16], c3[16], c4[16], c5[16], c6[16], c7[16];
		const char *cells[8] = { r->group, dn, c2, c3, c4, c5, c6, c7 };
		snprintf(dn, sizeof(dn), "%s %s", r->discipline_code, r->discipline_name);
		snprintf(c2, sizeof(c2), "%ld", f->students);
		num(fin_pct_success(f), 1, c3, sizeof(c3));
		num(fin_pct_quality(f), 1, c4, sizeof(c4));
		ej_doc_num(fm, 2, c5, sizeof(c5));
		ej_doc_num(cm, 2, c6, sizeof(c6));
		ej_doc_num(fm - cm, 2, c7, sizeof(c7));
		ej_pdf_table_row(&t, cells, false);
	}
	y = t.y + 8;
	if (s->g_findings) {
		char *cap = ej_doc_text(&s->d, "semester.s3.g.caption", NULL, err);
		y = ej_doc_pdf_need(p, y, 50, false);
		ej_pdf_font(p, EJ_PDF_BOLD, 10.5);
		ej_pdf_text(p, b.left, y + 11, cap ? cap : "");
		free(cap);
		y = findings_table(p, y + 16, s, "G");
	}

	/* 4. Substitutions. */
	y = section(p, y, s, "semester.s4.caption", err);
	if (!(text = ej_doc_text(&s->d, "semester.s4.text", v, err)))
		goto fail;
	y = ej_doc_pdf_paragraphs(p, y, text, 12, false) + 4;
	free(text);
	text = NULL;
	if (s->nsubs) {
		memset(&t, 0, sizeof(t));
		y = ej_doc_pdf_need(p, y, 50, false);
		ej_pdf_table_begin(&t, p, subst_cols, 5, b.left, y, b.right - b.left, 8.5);
		for (i = 0; i < s->nsubs; i++) {
			const char *cells[5] = { s->subs[i].date, s->subs[i].group, s->subs[i].disc,
						 s->subs[i].teacher, s->subs[i].note };
			ej_pdf_table_row(&t, cells, false);
		}
		y = t.y + 8;
	}
	y = findings_table(p, y, s, "S");

	/* 5. Timeliness and filling: T and F summarised by rule. */
	y = section(p, y, s, "semester.s5.caption", err);
	if (!(text = ej_doc_text(&s->d, "semester.s5.text", v, err)))
		goto fail;
	y = ej_doc_pdf_paragraphs(p, y, text, 12, false) + 4;
	free(text);
	text = NULL;
	{
		size_t nr, k;
		const struct ej_rule *rules = ej_rules_all(&nr);
		memset(&t, 0, sizeof(t));
		y = ej_doc_pdf_need(p, y, 60, false);
		ej_pdf_table_begin(&t, p, sum_cols, 4, b.left, y, b.right - b.left, 9);
		for (k = 0; k < nr; k++) {
			int e = 0, w = 0;
			char c2[16], c3[16];
			const char *cells[4] = { rules[k].id, rules[k].title, c2, c3 };
			if (rules[k].family != 'T' && rules[k].family != 'F')
				continue;
			for (i = 0; i < s->findings.n; i++)
				if (!strcmp(s->findings.v[i].rule, rules[k].id)) {
					e += s->findings.v[i].severity == EJ_SEV_ERROR;
					w += s->findings.v[i].severity == EJ_SEV_WARNING;
				}
			snprintf(c2, sizeof(c2), "%d", e);
			snprintf(c3, sizeof(c3), "%d", w);
			ej_pdf_table_row(&t, cells, false);
		}
		y = t.y + 6;
	}

	/* 6. Conclusions and recommendations, chosen from the figures. */
	y = section(p, y, s, "semester.s6.caption", err);
	verdicts(s, vd);
	for (i = 0; i < 5; i++) {
		char *c = ej_doc_text(&s->d, vd[i].concl, v, err), line[2048];
		if (!c)
			goto fail;
		snprintf(line, sizeof(line), "%zu. %s", i + 1, c);
		free(c);
		y = ej_doc_pdf_paragraphs(p, y, line, 12, false);
	}
	if (!(text = ej_doc_text(&s->d, "semester.rec.intro", v, err)))
		goto fail;
	ej_pdf_font(p, EJ_PDF_BOLD, 12);
	y = ej_doc_pdf_need(p, y + 6, 30, false);
	ej_pdf_font(p, EJ_PDF_BOLD, 12);
	ej_pdf_text(p, b.left, y + 12, text);
	y += 17;
	free(text);
	text = NULL;
	for (i = 0; i < 5; i++) {
		char *c, line[2048];
		if (!vd[i].rec)
			continue;
		if (!(c = ej_doc_text(&s->d, vd[i].rec, v, err)))
			goto fail;
		snprintf(line, sizeof(line), "%d) %s", ++nrec, c);
		free(c);
		y = ej_doc_pdf_paragraphs(p, y, line, 12, false);
	}
	if (!nrec) {
		if (!(text = ej_doc_text(&s->d, "semester.rec.none", v, err)))
			goto fail;
		y = ej_doc_pdf_paragraphs(p, y, text, 12, false);
		free(text);
		text = NULL;
	}

	/* 7. Signature and acknowledgement (§3.4). */
	if (!(text = ej_doc_text(&s->d, "semester.signature", v, err)))
		goto fail;
	y = ej_doc_pdf_need(p, y + 24, 30, false);
	y = ej_doc_pdf_paragraphs(p, y, text, 12, false);
	free(text);
	text = NULL;
	if (!(text = ej_doc_text(&s->d, "semester.ack.caption", v, err)))
		goto fail;
	y = ej_doc_pdf_need(p, y + 16, 60, false);
	ej_pdf_font(p, EJ_PDF_BOLD, 12);
	ej_pdf_text(p, b.left, y + 12, text);
	y += 20;
	free(text);
	text = NULL;
	memset(&t, 0, sizeof(t));
	ej_pdf_table_begin(&t, p, ack_cols, 5, b.left, y, b.right - b.left, 10);
	for (i = 0; i < s->npeople; i++) {
		char no[24];
		const char *cells[5] = { no, s->people[i].name, s->people[i].role, "", "" };
		snprintf(no, sizeof(no), "%zu", i + 1);
		ej_pdf_table_row(&t, cells, false);
	}
	return ej_doc_pdf_finish(p, path, true, err);
fail:
	free(text);
	return ej_doc_pdf_finish(p, path, false, err);
}

/* ------------------------------------------------------------------ XLSX */

static int write_xlsx(struct sem *s, const char *path, struct ej_err *err)
{
	static const char *const ch[] = {
		"Группа", "Индекс", "Дисциплина", "Преподаватель", "По учебному плану, ч",
		"По КТП на дату, ч", "Проведено, ч", "Выполнение", "Отклонение, ч",
		"Практ./лаб. по плану, ч", "Практ./лаб. проведено, ч",
		"Контрольных требуется", "Контрольных проведено", "Замен",
	};
	static const double cw[] = { 10, 9, 30, 20, 11, 11, 11, 11, 11, 12, 12, 12, 12, 8 };
	static const char *const oh[] = {
		"Группа", "Индекс", "Дисциплина", "Студентов (N)", "Успеваемость", "Качество знаний",
		"Средний балл итоговый", "Средний балл текущий", "Разница",
		"Пропущено по уважит., ч", "Пропущено без уважит., ч",
	};
	static const double ow[] = { 10, 9, 30, 11, 12, 12, 12, 12, 10, 12, 12 };
	static const char *const fh[] = {
		"Преподаватель", "Дата", "Правило", "Вид", "Группа", "Индекс", "Дисциплина",
		"Студент", "Содержание",
	};
	static const double fw[] = { 22, 12, 8, 11, 10, 9, 26, 20, 70 };
	static const char *const ah[] = { "№", "Ф. И. О.", "Должность", "Подпись", "Дата" };
	static const double aw[] = { 5, 24, 40, 18, 14 };
	struct ej_xlsx x;
	struct ej_xlsx_opts o = { 0 };
	lxw_worksheet *ws;
	char *title, *name;
	size_t i;
	int r, n = (int)s->gd.n;

	title = ej_doc_text(&s->d, "semester.title", NULL, err);
	for (char *c = title; c && *c; c++)
		if (*c == '\n')
			*c = ' ';
	o.created = s->d.created;
	o.title = title;
	o.company = s->d.cfg->inst_short;
	if (ej_xlsx_open(&x, path, &o, err)) {
		free(title);
		return err->code;
	}
	/* 1–2, 4: programme coverage, control works, substitutions. */
	name = ej_doc_text(&s->d, "semester.sheet.coverage", NULL, err);
	ws = ej_xlsx_sheet(&x, name ? name : "Программы");
	free(name);
	ej_xlsx_str(&x, ws, 0, 0, title, x.title);
	ej_xlsx_header(&x, ws, 2, ch, cw, 14);
	r = 2;
	for (i = 0; i < s->gd.n; i++) {
		const struct ej_fig_row *rr = &s->gd.rows[i];
		const struct ej_lf_disc *lf = ej_lf_find(&s->lf, rr->discipline_id);
		int k, nu = rr->nsub ? rr->nsub : 1;
		/* One row per subgroup of a discipline taught in subgroups
		** (formats.md); the discipline's practice, control works and
		** substitutions stay on its first row. */
		for (k = 0; k < nu; k++) {
			const struct ej_fig_hours *h = rr->nsub ? &rr->sub[k].hours : &rr->hours;
			char a[16], bb[16], f[128], nm[512];
			r++;
			if (rr->nsub)
				snprintf(nm, sizeof(nm), "%s, подгр. %d", rr->discipline_name,
					 rr->sub[k].subgroup);
			else
				snprintf(nm, sizeof(nm), "%s", rr->discipline_name);
			ej_xlsx_str(&x, ws, r, 0, rr->group, NULL);
			ej_xlsx_str(&x, ws, r, 1, rr->discipline_code, NULL);
			ej_xlsx_str(&x, ws, r, 2, nm, NULL);
			ej_xlsx_str(&x, ws, r, 3, rr->nsub && rr->sub[k].teacher_short[0]
				    ? rr->sub[k].teacher_short : rr->teacher_short, NULL);
			ej_xlsx_num(&x, ws, r, 4, h->curriculum, x.integer);
			ej_xlsx_num(&x, ws, r, 5, h->plan_due, x.integer);
			ej_xlsx_num(&x, ws, r, 6, h->held, x.integer);
			ej_xlsx_cell_ref(r, 6, a);
			ej_xlsx_cell_ref(r, 4, bb);
			snprintf(f, sizeof(f), "=IF(%s>0,%s/%s,\"\")", bb, a, bb);
			if (h->curriculum > 0)
				ej_xlsx_formula(&x, ws, r, 7, f, h->held / h->curriculum, x.pct);
			else
				ej_xlsx_str(&x, ws, r, 7, NULL, x.pct);
			snprintf(f, sizeof(f), "=%s-%s", a, bb);
			ej_xlsx_formula(&x, ws, r, 8, f, h->held - h->curriculum, x.integer);
			{
				double pp = NAN, ph = NAN;
				lf_practice(lf, rr, k, &pp, &ph);
				ej_xlsx_num(&x, ws, r, 9, pp, x.integer);
				ej_xlsx_num(&x, ws, r, 10, ph, x.integer);
			}
			if (lf && lf->nsub && rr->nsub) {
				int j;
				double rq = NAN, hd = NAN;
				for (j = 0; j < lf->nsub; j++)
					if (lf->sub[j].subgroup == rr->sub[k].subgroup) {
						rq = lf->sub[j].required;
						hd = lf->sub[j].held;
					}
				ej_xlsx_num(&x, ws, r, 11, rq, x.integer);
				ej_xlsx_num(&x, ws, r, 12, hd, x.integer);
			} else {
				ej_xlsx_num(&x, ws, r, 11, lf && !k ? lf->control_required : NAN, x.integer);
				ej_xlsx_num(&x, ws, r, 12, lf && !k ? lf->control_held : NAN, x.integer);
			}
			ej_xlsx_num(&x, ws, r, 13, lf && !k ? lf->substitutions : NAN, x.integer);
		}
	}
	if (r > 2)
		ej_xlsx_mark_below(&x, ws, 3, 7, r, 7, s->threshold / 100.0);
	ej_xlsx_table_finish(&x, ws, 2, r > 2 ? r : 2 + n, 13, 3);

	/* 3: objectivity. */
	name = ej_doc_text(&s->d, "semester.sheet.objectivity", NULL, err);
	ws = ej_xlsx_sheet(&x, name ? name : "Объективность");
	free(name);
	ej_xlsx_str(&x, ws, 0, 0, title, x.title);
	ej_xlsx_header(&x, ws, 2, oh, ow, 11);
	for (i = 0; i < s->gd.n; i++) {
		const struct ej_fig_row *rr = &s->gd.rows[i];
		const struct finfig *ff = &s->fin[i];
		char a[16], bb[16], f[128];
		double fm = fin_mean(ff), cm = nan_if_neg(rr->marks.mean);
		r = 3 + (int)i;
		ej_xlsx_str(&x, ws, r, 0, rr->group, NULL);
		ej_xlsx_str(&x, ws, r, 1, rr->discipline_code, NULL);
		ej_xlsx_str(&x, ws, r, 2, rr->discipline_name, NULL);
		ej_xlsx_int(&x, ws, r, 3, (double)ff->students);
		ej_xlsx_pct(&x, ws, r, 4, nan_if_neg(fin_pct_success(ff)), NULL);
		ej_xlsx_pct(&x, ws, r, 5, nan_if_neg(fin_pct_quality(ff)), NULL);
		ej_xlsx_num(&x, ws, r, 6, fm, x.num2);
		ej_xlsx_num(&x, ws, r, 7, cm, x.num2);
		ej_xlsx_cell_ref(r, 6, a);
		ej_xlsx_cell_ref(r, 7, bb);
		snprintf(f, sizeof(f), "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),%s-%s,\"\")", a, bb, a, bb);
		if (isnan(fm) || isnan(cm))
			ej_xlsx_str(&x, ws, r, 8, NULL, x.num2);
		else
			ej_xlsx_formula(&x, ws, r, 8, f, fm - cm, x.num2);
		ej_xlsx_num(&x, ws, r, 9, rr->absence.hours_excused, x.integer);
		ej_xlsx_num(&x, ws, r, 10, rr->absence.hours_unexcused, x.integer);
	}
	if (n)
		ej_xlsx_mark_below(&x, ws, 3, 4, 2 + n, 5, s->threshold / 100.0);
	ej_xlsx_table_finish(&x, ws, 2, 2 + n, 10, 3);

	/* 4: substitutions. */
	{
		static const char *const sh[] = { "Дата", "Группа", "Дисциплина", "Провёл(а)",
						  "Запись о замене" };
		static const double sw[] = { 12, 10, 36, 22, 60 };
		name = ej_doc_text(&s->d, "semester.sheet.subst", NULL, err);
		ws = ej_xlsx_sheet(&x, name ? name : "Замены");
		free(name);
		ej_xlsx_str(&x, ws, 0, 0, title, x.title);
		ej_xlsx_header(&x, ws, 2, sh, sw, 5);
		for (i = 0; i < s->nsubs; i++) {
			r = 3 + (int)i;
			ej_xlsx_str(&x, ws, r, 0, s->subs[i].date, NULL);
			ej_xlsx_str(&x, ws, r, 1, s->subs[i].group, NULL);
			ej_xlsx_str(&x, ws, r, 2, s->subs[i].disc, NULL);
			ej_xlsx_str(&x, ws, r, 3, s->subs[i].teacher, NULL);
			ej_xlsx_str(&x, ws, r, 4, s->subs[i].note, x.wrap);
		}
		ej_xlsx_table_finish(&x, ws, 2, 2 + (int)s->nsubs, 4, 1);
	}

	/* Every finding. */
	name = ej_doc_text(&s->d, "semester.sheet.findings", NULL, err);
	ws = ej_xlsx_sheet(&x, name ? name : "Замечания");
	free(name);
	ej_xlsx_str(&x, ws, 0, 0, title, x.title);
	ej_xlsx_header(&x, ws, 2, fh, fw, 9);
	r = 3;
	for (i = 0; i < s->findings.n; i++) {
		const struct ej_finding *f = &s->findings.v[i];
		char date[32];
		if (f->severity == EJ_SEV_UNCHECKED)
			continue;
		ej_doc_finding_date(f, date, sizeof(date));
		for (char *c = date; *c; c++)
			if (*c == '\n')
				*c = ' ';
		ej_xlsx_str(&x, ws, r, 0, f->teacher_short, NULL);
		ej_xlsx_str(&x, ws, r, 1, date, NULL);
		ej_xlsx_str(&x, ws, r, 2, f->rule, NULL);
		ej_xlsx_str(&x, ws, r, 3, ej_severity_ru(f->severity), NULL);
		ej_xlsx_str(&x, ws, r, 4, f->group, NULL);
		ej_xlsx_str(&x, ws, r, 5, f->discipline_code, NULL);
		ej_xlsx_str(&x, ws, r, 6, f->discipline_name, NULL);
		ej_xlsx_str(&x, ws, r, 7, f->student_short, NULL);
		ej_xlsx_str(&x, ws, r, 8, f->message, x.wrap);
		r++;
	}
	ej_xlsx_table_finish(&x, ws, 2, r - 1, 8, 1);

	/* Acknowledgement list. */
	name = ej_doc_text(&s->d, "semester.sheet.ack", NULL, err);
	ws = ej_xlsx_sheet(&x, name ? name : "Ознакомлены");
	free(name);
	ej_xlsx_str(&x, ws, 0, 0, title, x.title);
	ej_xlsx_header(&x, ws, 2, ah, aw, 5);
	for (i = 0; i < s->npeople; i++) {
		r = 3 + (int)i;
		ej_xlsx_int(&x, ws, r, 0, (double)i + 1);
		ej_xlsx_str(&x, ws, r, 1, s->people[i].name, NULL);
		ej_xlsx_str(&x, ws, r, 2, s->people[i].role, NULL);
		ej_xlsx_str(&x, ws, r, 3, NULL, NULL);
		ej_xlsx_str(&x, ws, r, 4, NULL, NULL);
	}
	ej_xlsx_table_finish(&x, ws, 2, 2 + (int)s->npeople, 4, 0);
	free(title);
	return ej_xlsx_close(&x, err);
}

int ej_semester_write(struct ej_db *db, const struct ej_config *cfg,
		      const struct ej_scope *scope, const char *pdf_path,
		      const char *xlsx_path, struct ej_err *err)
{
	struct sem s;
	struct ej_tpl_vars v;
	size_t i;
	int rc;

	memset(&s, 0, sizeof(s));
	ej_fig_table_init(&s.gd);
	ej_findings_init(&s.findings);
	ej_tpl_vars_init(&v);
	if ((rc = ej_doc_ctx_init(&s.d, db, cfg, scope, err)) != 0)
		goto out_nodoc;
	s.threshold = cfg->policy.low_percent > 0 ? cfg->policy.low_percent : 80;
	ej_tpl_setf(&s.d.vars, "semester", "%d", scope->semester);
	if ((rc = gather(&s, err)) != 0)
		goto out;
	set_vars(&s, &v);
	if (pdf_path && (rc = write_pdf(&s, &v, pdf_path, err)) != 0)
		goto out;
	if (xlsx_path && (rc = write_xlsx(&s, xlsx_path, err)) != 0)
		goto out;
out:
	ej_doc_ctx_release(&s.d);
out_nodoc:
	ej_tpl_vars_release(&v);
	ej_fig_table_release(&s.gd);
	free(s.fin);
	free(s.grp);
	ej_findings_release(&s.findings);
	ej_lf_release(&s.lf);
	for (i = 0; i < s.npeople; i++) {
		free(s.people[i].name);
		free(s.people[i].role);
	}
	for (i = 0; i < s.nsubs; i++) {
		free(s.subs[i].group);
		free(s.subs[i].disc);
		free(s.subs[i].teacher);
		free(s.subs[i].note);
	}
	free(s.subs);
	free(s.people);
	return rc;
}
