#include "docs/monthly.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docs/docctx.h"
#include "docs/lessonfigs.h"
#include "figures/figures.h"
#include "render/chart.h"
#include "render/pdf.h"
#include "render/xlsx.h"
#include "rules/rules.h"
#include "util/date.h"
#include "util/xalloc.h"

/* Findings counted per teacher / per discipline. */
struct fcount {
	int64_t id;
	int errors, warnings;
	int64_t *below;            /* distinct students under the accumulation norm (A01) */
	size_t nbelow, abelow;
};

struct fcounts {
	struct fcount *v;
	size_t n, alloc;
};

static struct fcount *fc_get(struct fcounts *c, int64_t id)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->v[i].id == id)
			return &c->v[i];
	EJ_GROW(c->v, c->n + 1, c->alloc);
	memset(&c->v[c->n], 0, sizeof(c->v[0]));
	c->v[c->n].id = id;
	return &c->v[c->n++];
}

static const struct fcount *fc_find(const struct fcounts *c, int64_t id)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->v[i].id == id)
			return &c->v[i];
	return NULL;
}

static void fc_add(struct fcount *f, const struct ej_finding *x)
{
	size_t i;

	if (x->severity == EJ_SEV_ERROR)
		f->errors++;
	else if (x->severity == EJ_SEV_WARNING)
		f->warnings++;
	/* §2.5.3: A01 names a student under the accumulation norm. */
	if (!strcmp(x->rule, "A01") && x->student_id) {
		for (i = 0; i < f->nbelow; i++)
			if (f->below[i] == x->student_id)
				return;
		EJ_GROW(f->below, f->nbelow + 1, f->abelow);
		f->below[f->nbelow++] = x->student_id;
	}
}

static void fc_release(struct fcounts *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].below);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

struct monthly {
	struct ej_doc_ctx d;
	struct ej_fig_table teachers, gd;
	struct ej_findings findings;
	struct fcounts by_teacher, by_disc;
	struct ej_lf lf;
	double threshold;
	/* Who signs: one line per department head concerned (or the deputy). */
	char **sign_title, **sign_name, **sign_dept;
	size_t nsign;
};

/* A percentage from figures.h: −1 = no data. */
static double pct_or_nan(double v)
{
	return v < 0 ? NAN : v;
}

static void cell_pct(double v, char *buf, size_t size)
{
	ej_doc_num(pct_or_nan(v), 1, buf, size);
}

static void add_signer(struct monthly *m, const char *title_key, const char *name,
		       const char *dept, struct ej_err *err)
{
	char *title = ej_doc_text(&m->d, title_key, NULL, err);

	m->sign_title = ej_reallocarray(m->sign_title, m->nsign + 1, sizeof(char *));
	m->sign_name = ej_reallocarray(m->sign_name, m->nsign + 1, sizeof(char *));
	m->sign_dept = ej_reallocarray(m->sign_dept, m->nsign + 1, sizeof(char *));
	m->sign_title[m->nsign] = title ? title : ej_strdup("");
	m->sign_name[m->nsign] = ej_strdup(name && *name ? name : "____________");
	m->sign_dept[m->nsign] = dept ? ej_strdup(dept) : NULL;
	m->nsign++;
}

/* §3.2: the department head signs; a college-wide report carries a line
** for each department's head, or the deputy's when none is configured. */
static void pick_signers(struct monthly *m, struct ej_err *err)
{
	const struct ej_config *cfg = m->d.cfg;
	const char *dept = m->d.scope->department;
	size_t i;

	if (dept) {
		add_signer(m, "monthly.head_title", ej_config_department_head(cfg, dept), NULL, err);
	} else if (cfg->ndepartments == 1) {
		add_signer(m, "monthly.head_title", cfg->departments[0].head, NULL, err);
	} else if (cfg->ndepartments > 1) {
		for (i = 0; i < cfg->ndepartments; i++)
			add_signer(m, "monthly.head_title", cfg->departments[i].head,
				   cfg->departments[i].name, err);
	} else {
		add_signer(m, "monthly.head_title.college", cfg->deputy, NULL, err);
	}
}

static int gather(struct monthly *m, struct ej_err *err)
{
	struct ej_check_opts co = { 0 };
	size_t i;
	int rc;

	struct ej_fig_req req[2] = {
		{ EJ_FIG_TEACHER, EJ_FIG_CURRENT, &m->teachers },
		{ EJ_FIG_GROUP_DISC, EJ_FIG_CURRENT, &m->gd },
	};

	struct ej_fig_job *job;
	struct ej_err ferr = { 0 };
	int frc;

	/* Both tables from one read of the month's marks and lessons, in a
	** thread while the check runs. */
	job = ej_figures_start(m->d.db, m->d.cfg, m->d.scope, req, 2);
	co.config = m->d.cfg;
	co.scope = m->d.scope;
	rc = ej_check_run(m->d.db, &co, &m->findings, err);
	frc = ej_figures_join(job, &ferr);
	if (rc)
		return rc;
	if (frc) {
		if (err)
			*err = ferr;
		return frc;
	}
	ej_doc_sort_by_group(&m->gd);
	ej_findings_sort_by_teacher(&m->findings);
	for (i = 0; i < m->findings.n; i++) {
		const struct ej_finding *f = &m->findings.v[i];
		if (f->severity == EJ_SEV_UNCHECKED)
			continue;
		fc_add(fc_get(&m->by_teacher, f->teacher_id), f);
		if (f->discipline_id)
			fc_add(fc_get(&m->by_disc, f->discipline_id), f);
	}
	return ej_lf_load(m->d.db, m->d.scope, m->d.scope->semester, &m->lf, err);
}

/* ------------------------------------------------------------------ PDF */

static const struct ej_pdf_col teacher_cols[] = {
	{ "Преподаватель", 0, EJ_PDF_LEFT },
	{ "Проведено занятий", 62, EJ_PDF_CENTER },
	{ "С темой, %", 62, EJ_PDF_CENTER },
	{ "С домашним заданием, %", 72, EJ_PDF_CENTER },
	{ "Внесено в день занятия, %", 72, EJ_PDF_CENTER },
	{ "Студентов ниже нормы накопляемости", 92, EJ_PDF_CENTER },
	{ "Ошибок", 55, EJ_PDF_CENTER },
	{ "Замечаний", 62, EJ_PDF_CENTER },
};

static const struct ej_pdf_col gd_cols[] = {
	{ "Группа", 50, EJ_PDF_LEFT },
	{ "Дисциплина", 0, EJ_PDF_LEFT },
	{ "Преподаватель", 86, EJ_PDF_LEFT },
	{ "Занятий", 40, EJ_PDF_CENTER },
	{ "С темой, %", 40, EJ_PDF_CENTER },
	{ "С д/з, %", 40, EJ_PDF_CENTER },
	{ "В день занятия, %", 46, EJ_PDF_CENTER },
	{ "Ниже нормы накопл.", 50, EJ_PDF_CENTER },
	{ "Ошибок", 38, EJ_PDF_CENTER },
	{ "Замеч.", 38, EJ_PDF_CENTER },
	{ "По КТП, ч", 50, EJ_PDF_CENTER },
	{ "Прове- дено, ч", 46, EJ_PDF_CENTER },
	{ "Отста- вание, ч", 46, EJ_PDF_CENTER },
};

static const struct ej_pdf_col finding_cols[] = {
	{ "Дата", 60, EJ_PDF_LEFT },
	{ "Правило", 44, EJ_PDF_CENTER },
	{ "Вид", 58, EJ_PDF_LEFT },
	{ "Группа", 52, EJ_PDF_LEFT },
	{ "Дисциплина", 110, EJ_PDF_LEFT },
	{ "Студент", 92, EJ_PDF_LEFT },
	{ "Содержание", 0, EJ_PDF_LEFT },
};

static double caption(struct ej_pdf *p, double y, const char *text)
{
	struct ej_pdf_box b;

	y = ej_doc_pdf_need(p, y, 70, true);
	b = ej_pdf_box(p);
	ej_pdf_font(p, EJ_PDF_BOLD, 12);
	y += ej_pdf_paragraph(p, b.left, y, b.right - b.left, EJ_PDF_LEFT, 15, text);
	return y + 4;
}

static char *textf(struct monthly *m, const char *key, struct ej_err *err)
{
	return ej_doc_text(&m->d, key, NULL, err);
}

static int write_pdf(struct monthly *m, const char *path, struct ej_err *err)
{
	struct ej_pdf_opts po;
	struct ej_pdf *p;
	struct ej_pdf_box b;
	struct ej_pdf_table t;
	struct ej_chart_bar *bars = NULL;
	char *text = NULL, seed[96];
	double y;
	size_t i;
	int sk;

	snprintf(seed, sizeof(seed), "monthly-%s-%s", m->d.from_iso, m->d.to_iso);
	ej_doc_pdf_opts(&m->d, &po, "Отчёт о ведении электронного журнала", seed);
	po.header_left = ej_tpl_get(&m->d.vars, "institution.short_name");
	p = ej_pdf_new(&po, err);
	if (!p)
		return err->code;
	ej_pdf_add_page(p, true);
	b = ej_pdf_box(p);
	y = b.top;
	if (!(text = textf(m, "monthly.title", err)))
		goto fail;
	y = ej_doc_pdf_title(p, y, text, 14);
	free(text);
	if (!(text = textf(m, "monthly.subtitle", err)))
		goto fail;
	ej_pdf_font(p, EJ_PDF_ITALIC, 11);
	y += ej_pdf_paragraph(p, b.left, y, b.right - b.left, EJ_PDF_CENTER, 14, text) + 8;
	free(text);

	/* 1. Teachers. */
	if (!(text = textf(m, "monthly.teachers.caption", err)))
		goto fail;
	y = caption(p, y, text);
	free(text);
	text = NULL;
	memset(&t, 0, sizeof(t));
	ej_pdf_table_begin(&t, p, teacher_cols, 8, b.left, y, b.right - b.left, 9.5);
	for (i = 0; i < m->teachers.n; i++) {
		const struct ej_fig_row *r = &m->teachers.rows[i];
		const struct fcount *fc = fc_find(&m->by_teacher, r->teacher_id);
		char c1[16], c2[16], c3[16], c4[16], c5[16], c6[16], c7[16];
		const char *cells[8] = { r->teacher_short ? r->teacher_short : "—",
					 c1, c2, c3, c4, c5, c6, c7 };
		snprintf(c1, sizeof(c1), "%ld", r->fill.lessons);
		cell_pct(r->fill.pct_topic, c2, sizeof(c2));
		cell_pct(r->fill.pct_homework, c3, sizeof(c3));
		cell_pct(r->fill.pct_on_time, c4, sizeof(c4));
		snprintf(c5, sizeof(c5), "%zu", fc ? fc->nbelow : 0);
		snprintf(c6, sizeof(c6), "%d", fc ? fc->errors : 0);
		snprintf(c7, sizeof(c7), "%d", fc ? fc->warnings : 0);
		ej_pdf_table_row(&t, cells, false);
	}
	y = t.y + 14;

	/* 2. Group × discipline. */
	if (!(text = textf(m, "monthly.groups.caption", err)))
		goto fail;
	y = caption(p, y, text);
	free(text);
	text = NULL;
	memset(&t, 0, sizeof(t));
	ej_pdf_table_begin(&t, p, gd_cols, 13, b.left, y, b.right - b.left, 8.5);
	for (i = 0; i < m->gd.n; i++) {
		const struct ej_fig_row *r = &m->gd.rows[i];
		const struct fcount *fc = fc_find(&m->by_disc, r->discipline_id);
		const struct ej_lf_disc *lf = ej_lf_find(&m->lf, r->discipline_id);
		char dn[512], c3[16], c4[16], c5[16], c6[16], c7[16], c8[16], c9[16], c10[16],
		     c11[16], c12[16];
		const char *cells[13] = { r->group, dn,
			lf && lf->teachers[0] ? lf->teachers : (r->teacher_short ? r->teacher_short : ""),
			c3, c4, c5, c6, c7, c8, c9, c10, c11, c12 };
		snprintf(dn, sizeof(dn), "%s %s", r->discipline_code ? r->discipline_code : "",
			 r->discipline_name ? r->discipline_name : "");
		snprintf(c3, sizeof(c3), "%ld", r->fill.lessons);
		cell_pct(r->fill.pct_topic, c4, sizeof(c4));
		cell_pct(r->fill.pct_homework, c5, sizeof(c5));
		cell_pct(r->fill.pct_on_time, c6, sizeof(c6));
		snprintf(c7, sizeof(c7), "%zu", fc ? fc->nbelow : 0);
		snprintf(c8, sizeof(c8), "%d", fc ? fc->errors : 0);
		snprintf(c9, sizeof(c9), "%d", fc ? fc->warnings : 0);
		/* formats.md: a discipline taught in subgroups compares hours per
		** subgroup — a line for each under the discipline's row. */
		ej_doc_num(r->nsub ? NAN : r->hours.plan_due, 0, c10, sizeof(c10));
		ej_doc_num(r->nsub ? NAN : r->hours.held, 0, c11, sizeof(c11));
		ej_doc_num(r->nsub ? NAN : r->hours.lag, 0, c12, sizeof(c12));
		ej_pdf_table_row(&t, cells, false);
		for (sk = 0; sk < r->nsub; sk++) {
			const struct ej_fig_sub *u = &r->sub[sk];
			char sn[64];
			const char *sc[13] = { r->group, sn, u->teacher_short, "", "", "", "", "", "", "",
					       c10, c11, c12 };
			snprintf(sn, sizeof(sn), "   подгр. %d", u->subgroup);
			ej_doc_num(u->hours.plan_due, 0, c10, sizeof(c10));
			ej_doc_num(u->hours.held, 0, c11, sizeof(c11));
			ej_doc_num(u->hours.lag, 0, c12, sizeof(c12));
			ej_pdf_table_row(&t, sc, false);
		}
	}
	y = t.y + 14;

	/* 3. Findings grouped by teacher, by date. */
	if (!(text = textf(m, "monthly.findings.caption", err)))
		goto fail;
	y = caption(p, y, text);
	free(text);
	text = NULL;
	{
		size_t shown = 0;
		for (i = 0; i < m->findings.n; ) {
			const struct ej_finding *f0 = &m->findings.v[i];
			const char *who = f0->teacher_short ? f0->teacher_short : "Преподаватель не указан";
			size_t j, cnt = 0;
			char head[256];

			for (j = i; j < m->findings.n && m->findings.v[j].teacher_id == f0->teacher_id; j++)
				cnt += m->findings.v[j].severity != EJ_SEV_UNCHECKED;
			if (cnt == 0) {
				i = j;
				continue;
			}
			snprintf(head, sizeof(head), "%s (%zu)", who, cnt);
			y = ej_doc_pdf_need(p, y, 60, true);
			ej_pdf_font(p, EJ_PDF_BOLD, 10.5);
			ej_pdf_text(p, b.left, y + 11, head);
			y += 16;
			memset(&t, 0, sizeof(t));
			ej_pdf_table_begin(&t, p, finding_cols, 7, b.left, y, b.right - b.left, 8.5);
			for (; i < j; i++) {
				const struct ej_finding *f = &m->findings.v[i];
				char date[32], dn[512];
				const char *cells[7];
				if (f->severity == EJ_SEV_UNCHECKED)
					continue;
				ej_doc_finding_date(f, date, sizeof(date));
				snprintf(dn, sizeof(dn), "%s %s", f->discipline_code ? f->discipline_code : "",
					 f->discipline_name ? f->discipline_name : "");
				cells[0] = date;
				cells[1] = f->rule;
				cells[2] = ej_severity_ru(f->severity);
				cells[3] = f->group;
				cells[4] = dn;
				cells[5] = f->student_short;
				cells[6] = f->message;
				ej_pdf_table_row(&t, cells, false);
				shown++;
			}
			y = t.y + 10;
		}
		if (!shown) {
			if (!(text = textf(m, "monthly.findings.none", err)))
				goto fail;
			y = ej_doc_pdf_paragraphs(p, y, text, 11, true);
			free(text);
			text = NULL;
		}
		/* Rules that could not run are named once, for the record. */
		for (i = 0; i < m->findings.n; i++) {
			const struct ej_finding *f = &m->findings.v[i];
			if (f->severity != EJ_SEV_UNCHECKED)
				continue;
			{
				char line[1200];
				snprintf(line, sizeof(line), "%s: %s", f->rule, f->message);
				ej_pdf_font(p, EJ_PDF_ITALIC, 9);
				y = ej_doc_pdf_need(p, y, 12, true);
				ej_pdf_font(p, EJ_PDF_ITALIC, 9);
				y += ej_pdf_paragraph(p, b.left, y, b.right - b.left, EJ_PDF_LEFT, 11, line);
			}
		}
		y += 8;
	}

	/* 4. Chart of the on-time percentage by teacher. */
	if (!(text = textf(m, "monthly.chart.caption", err)))
		goto fail;
	y = caption(p, y, text);
	free(text);
	text = NULL;
	bars = ej_calloc(m->teachers.n ? m->teachers.n : 1, sizeof(*bars));
	for (i = 0; i < m->teachers.n; i++) {
		bars[i].label = m->teachers.rows[i].teacher_short;
		bars[i].value = pct_or_nan(m->teachers.rows[i].fill.pct_on_time);
	}
	y = ej_doc_pdf_need(p, y, m->teachers.n < 20 ? ej_chart_height(m->teachers.n) : 120, true);
	y = ej_chart_bars(p, b.left, y, (b.right - b.left) * 0.8, bars, m->teachers.n, 100, " %",
			  m->threshold, 1);

	/* Note and signature(s), kept together on one page. */
	{
		struct ej_tpl_vars v;
		size_t k;
		ej_tpl_vars_init(&v);
		ej_tpl_set_num(&v, "threshold", m->threshold, 0);
		text = ej_doc_text(&m->d, "monthly.note", &v, err);
		if (!text) {
			ej_tpl_vars_release(&v);
			goto fail;
		}
		y = ej_doc_pdf_need(p, y + 4, 60 + 30.0 * (double)m->nsign, true);
		ej_pdf_font(p, EJ_PDF_ITALIC, 9);
		y += ej_pdf_paragraph(p, b.left, y, b.right - b.left, EJ_PDF_LEFT, 11, text) + 18;
		free(text);
		text = NULL;
		for (k = 0; k < m->nsign; k++) {
			ej_tpl_set(&v, "head", m->sign_name[k]);
			ej_tpl_set(&v, "head_title", m->sign_title[k]);
			ej_tpl_set(&v, "department", m->sign_dept[k] ? m->sign_dept[k] : "");
			text = ej_doc_text(&m->d, m->sign_dept[k] ? "monthly.signature.department"
					   : "monthly.signature", &v, err);
			if (!text) {
				ej_tpl_vars_release(&v);
				goto fail;
			}
			y = ej_doc_pdf_paragraphs(p, y, text, 12, true) + 10;
			free(text);
			text = NULL;
		}
		ej_tpl_vars_release(&v);
	}
	free(bars);
	return ej_doc_pdf_finish(p, path, true, err);
fail:
	free(bars);
	free(text);
	return ej_doc_pdf_finish(p, path, false, err);
}

/* ------------------------------------------------------------------ XLSX */

static int write_xlsx(struct monthly *m, const char *path, struct ej_err *err)
{
	static const char *const th[] = {
		"Преподаватель", "Проведено занятий", "С темой", "С домашним заданием",
		"Внесено в день занятия", "Студентов ниже нормы накопляемости", "Ошибок", "Замечаний",
	};
	static const double tw[] = { 28, 12, 11, 13, 13, 16, 9, 10 };
	static const char *const gh[] = {
		"Группа", "Индекс", "Дисциплина", "Преподаватель", "Занятий", "С темой",
		"С д/з", "В день занятия", "Ниже нормы накопляемости", "Ошибок", "Замечаний",
		"По КТП, ч", "Проведено, ч", "Отставание, ч",
	};
	static const double gw[] = { 10, 9, 30, 22, 9, 9, 9, 11, 13, 8, 10, 11, 11, 11 };
	static const char *const fh[] = {
		"Преподаватель", "Дата", "Правило", "Вид", "Группа", "Индекс", "Дисциплина",
		"Студент", "Содержание",
	};
	static const double fw[] = { 22, 12, 8, 11, 10, 9, 26, 20, 70 };
	struct ej_xlsx x;
	struct ej_xlsx_opts o = { 0 };
	lxw_worksheet *ws;
	char *name, *title;
	size_t i;
	int r, nt = (int)m->teachers.n;

	title = ej_doc_text(&m->d, "monthly.title", NULL, err);
	o.created = m->d.created;
	o.title = title;
	o.company = m->d.cfg->inst_short;
	if (ej_xlsx_open(&x, path, &o, err)) {
		free(title);
		return err->code;
	}
	for (char *c = title; c && *c; c++)
		if (*c == '\n')
			*c = ' ';

	/* Teachers. */
	name = ej_doc_text(&m->d, "monthly.sheet.teachers", NULL, err);
	ws = ej_xlsx_sheet(&x, name ? name : "Преподаватели");
	free(name);
	ej_xlsx_str(&x, ws, 0, 0, title, x.title);
	ej_xlsx_header(&x, ws, 2, th, tw, 8);
	for (i = 0; i < m->teachers.n; i++) {
		const struct ej_fig_row *rr = &m->teachers.rows[i];
		const struct fcount *fc = fc_find(&m->by_teacher, rr->teacher_id);
		r = 3 + (int)i;
		ej_xlsx_str(&x, ws, r, 0, rr->teacher_short, NULL);
		ej_xlsx_int(&x, ws, r, 1, (double)rr->fill.lessons);
		ej_xlsx_pct(&x, ws, r, 2, pct_or_nan(rr->fill.pct_topic), NULL);
		ej_xlsx_pct(&x, ws, r, 3, pct_or_nan(rr->fill.pct_homework), NULL);
		ej_xlsx_pct(&x, ws, r, 4, pct_or_nan(rr->fill.pct_on_time), NULL);
		ej_xlsx_int(&x, ws, r, 5, fc ? (double)fc->nbelow : 0);
		ej_xlsx_int(&x, ws, r, 6, fc ? fc->errors : 0);
		ej_xlsx_int(&x, ws, r, 7, fc ? fc->warnings : 0);
	}
	if (nt > 0) {
		static const int vc[1] = { 4 };
		const char *const nm[1] = { "Внесено в день занятия" };
		ej_xlsx_mark_below(&x, ws, 3, 2, 2 + nt, 4, m->threshold / 100.0);
		ej_xlsx_bar_chart(&x, ws, 4 + nt, 0, th[4], ws, 3, 2 + nt, 0, vc, nm, 1, true);
	}
	ej_xlsx_table_finish(&x, ws, 2, 2 + nt, 7, 1);

	/* Group × discipline. */
	name = ej_doc_text(&m->d, "monthly.sheet.groups", NULL, err);
	ws = ej_xlsx_sheet(&x, name ? name : "Группы и дисциплины");
	free(name);
	ej_xlsx_str(&x, ws, 0, 0, title, x.title);
	ej_xlsx_header(&x, ws, 2, gh, gw, 14);
	r = 2;
	for (i = 0; i < m->gd.n; i++) {
		const struct ej_fig_row *rr = &m->gd.rows[i];
		const struct fcount *fc = fc_find(&m->by_disc, rr->discipline_id);
		const struct ej_lf_disc *lf = ej_lf_find(&m->lf, rr->discipline_id);
		int k, nu = rr->nsub ? rr->nsub : 1;
		r++;
		ej_xlsx_str(&x, ws, r, 0, rr->group, NULL);
		ej_xlsx_str(&x, ws, r, 1, rr->discipline_code, NULL);
		ej_xlsx_str(&x, ws, r, 2, rr->discipline_name, NULL);
		ej_xlsx_str(&x, ws, r, 3, lf && lf->teachers[0] ? lf->teachers : rr->teacher_short, NULL);
		ej_xlsx_int(&x, ws, r, 4, (double)rr->fill.lessons);
		ej_xlsx_pct(&x, ws, r, 5, pct_or_nan(rr->fill.pct_topic), NULL);
		ej_xlsx_pct(&x, ws, r, 6, pct_or_nan(rr->fill.pct_homework), NULL);
		ej_xlsx_pct(&x, ws, r, 7, pct_or_nan(rr->fill.pct_on_time), NULL);
		ej_xlsx_int(&x, ws, r, 8, fc ? (double)fc->nbelow : 0);
		ej_xlsx_int(&x, ws, r, 9, fc ? fc->errors : 0);
		ej_xlsx_int(&x, ws, r, 10, fc ? fc->warnings : 0);
		/* Hours per subgroup (formats.md): a row for each subgroup, with
		** only the hours, under the discipline's. */
		for (k = 0; k < nu; k++) {
			const struct ej_fig_hours *h = rr->nsub ? &rr->sub[k].hours : &rr->hours;
			char a[16], bref[16], f[64];
			if (rr->nsub) {
				char sn[512];
				r++;
				snprintf(sn, sizeof(sn), "%s, подгр. %d", rr->discipline_name,
					 rr->sub[k].subgroup);
				ej_xlsx_str(&x, ws, r, 0, rr->group, NULL);
				ej_xlsx_str(&x, ws, r, 1, rr->discipline_code, NULL);
				ej_xlsx_str(&x, ws, r, 2, sn, NULL);
				ej_xlsx_str(&x, ws, r, 3, rr->sub[k].teacher_short, NULL);
			}
			ej_xlsx_num(&x, ws, r, 11, h->plan_due, x.integer);
			ej_xlsx_num(&x, ws, r, 12, h->held, x.integer);
			ej_xlsx_cell_ref(r, 11, a);
			ej_xlsx_cell_ref(r, 12, bref);
			snprintf(f, sizeof(f), "=%s-%s", a, bref);
			ej_xlsx_formula(&x, ws, r, 13, f, h->lag, x.integer);
		}
	}
	if (m->gd.n) {
		ej_xlsx_mark_below(&x, ws, 3, 5, r, 7, m->threshold / 100.0);
		/* A lag over plan.max_lag_hours is marked too (§3.3, rule P02). */
		{
			lxw_conditional_format cf = { 0 };
			cf.type = LXW_CONDITIONAL_TYPE_CELL;
			cf.criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN;
			cf.value = m->d.cfg->policy.max_lag_hours;
			cf.format = x.bad;
			worksheet_conditional_format_range(ws, 3, 13, (lxw_row_t)r, 13, &cf);
		}
	}
	ej_xlsx_table_finish(&x, ws, 2, m->gd.n ? r : 2, 13, 3);

	/* Findings. */
	name = ej_doc_text(&m->d, "monthly.sheet.findings", NULL, err);
	ws = ej_xlsx_sheet(&x, name ? name : "Нарушения");
	free(name);
	ej_xlsx_str(&x, ws, 0, 0, title, x.title);
	ej_xlsx_header(&x, ws, 2, fh, fw, 9);
	r = 3;
	for (i = 0; i < m->findings.n; i++) {
		const struct ej_finding *f = &m->findings.v[i];
		char date[32];
		if (f->severity == EJ_SEV_UNCHECKED)
			continue;
		ej_doc_finding_date(f, date, sizeof(date));
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
	free(title);
	return ej_xlsx_close(&x, err);
}

int ej_monthly_write(struct ej_db *db, const struct ej_config *cfg,
		     const struct ej_scope *scope, const char *pdf_path,
		     const char *xlsx_path, struct ej_err *err)
{
	struct monthly m;
	int rc, y, mo, dd;

	memset(&m, 0, sizeof(m));
	ej_fig_table_init(&m.teachers);
	ej_fig_table_init(&m.gd);
	ej_findings_init(&m.findings);
	if ((rc = ej_doc_ctx_init(&m.d, db, cfg, scope, err)) != 0)
		goto out_nodoc;
	m.threshold = cfg->policy.low_percent > 0 ? cfg->policy.low_percent : 80;
	ej_day_to_ymd(scope->from, &y, &mo, &dd);
	ej_tpl_set(&m.d.vars, "month_name", ej_month_name(mo));
	ej_tpl_setf(&m.d.vars, "month_year", "%d", y);
	pick_signers(&m, err);
	if ((rc = gather(&m, err)) != 0)
		goto out;
	if (pdf_path && (rc = write_pdf(&m, pdf_path, err)) != 0)
		goto out;
	if (xlsx_path && (rc = write_xlsx(&m, xlsx_path, err)) != 0)
		goto out;
out:
	ej_doc_ctx_release(&m.d);
out_nodoc:
	ej_fig_table_release(&m.teachers);
	ej_fig_table_release(&m.gd);
	ej_findings_release(&m.findings);
	fc_release(&m.by_teacher);
	fc_release(&m.by_disc);
	ej_lf_release(&m.lf);
	for (size_t i = 0; i < m.nsign; i++) {
		free(m.sign_title[i]);
		free(m.sign_name[i]);
		free(m.sign_dept[i]);
	}
	free(m.sign_title);
	free(m.sign_name);
	free(m.sign_dept);
	return rc;
}
