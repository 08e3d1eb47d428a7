#include "docs/summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docs/docctx.h"
#include "docs/sumdata.h"
#include "render/xlsx.h"
#include "util/xalloc.h"

/* Overview columns. */
enum {
	OV_NO, OV_GROUP, OV_DEPT, OV_N, OV_EXC, OV_GOOD, OV_ONE3, OV_FAIL, OV_SUCC, OV_QUAL,
	OV_MEAN, OV_MISSED, OV_MISSED_EXC, OV_MISSED_UNEXC, OV_NCOLS
};

static const char *const ov_labels[OV_NCOLS] = {
	"№", "Группа", "Отделение", "Студентов (N)", "Отличники", "Хорошисты",
	"С одной «3»", "Неуспевающие", "Успеваемость", "Качество знаний",
	"Средний балл", "Пропущено, ч", "по уважительной", "без уважительной",
};
static const double ov_widths[OV_NCOLS] = {
	5, 14, 28, 11, 11, 11, 11, 13, 13, 13, 10, 11, 13, 13,
};

#define GROUP_HEADER_ROW 3

/* A value of a final as the cell shows it: numbers as numbers. */
static void write_mark(struct ej_xlsx *x, lxw_worksheet *ws, int row, int col, const char *v)
{
	if (!v)
		ej_xlsx_str(x, ws, row, col, NULL, x->text);
	else if (v[0] >= '1' && v[0] <= '5' && v[1] == '\0')
		ej_xlsx_num(x, ws, row, col, v[0] - '0', x->integer);
	else
		ej_xlsx_str(x, ws, row, col, v, x->text);
}

static void range_ref(int r1, int c1, int r2, int c2, char *out, size_t size)
{
	char a[16], b[16];

	ej_xlsx_cell_ref(r1, c1, a);
	ej_xlsx_cell_ref(r2, c2, b);
	snprintf(out, size, "%s:%s", a, b);
}

/* One group's sheet: students × disciplines, then the per-discipline rows. */
static void write_group_sheet(struct ej_xlsx *x, struct ej_doc_ctx *d,
			      const struct ej_sum_group *g, double threshold,
			      struct ej_err *err)
{
	lxw_worksheet *ws = ej_xlsx_sheet(x, g->name);
	struct ej_tpl_vars v;
	char *text, rng[40], f[512];
	int nd = (int)g->ndiscs, ns = (int)g->nstudents;
	int c_mean = 2 + nd, c5 = c_mean + 1, c_exc = c5 + 4, c_unexc = c_exc + 1;
	int first = GROUP_HEADER_ROW + 1, last = GROUP_HEADER_ROW + ns;
	int r, c, i;

	if (!ws)
		return;
	ej_tpl_vars_init(&v);
	ej_tpl_set(&v, "group", g->name);
	text = ej_doc_text(d, "summary.title", &v, err);
	ej_xlsx_str(x, ws, 0, 0, text, x->title);
	free(text);
	text = ej_doc_text(d, "summary.subtitle", &v, err);
	ej_xlsx_str(x, ws, 1, 0, text, x->subtitle);
	free(text);
	ej_tpl_vars_release(&v);

	/* Header. */
	worksheet_set_column(ws, 0, 0, 5, NULL);
	worksheet_set_column(ws, 1, 1, 26, NULL);
	worksheet_set_column(ws, 2, (lxw_col_t)(1 + (nd ? nd : 1)), 9, NULL);
	worksheet_set_column(ws, (lxw_col_t)c_mean, (lxw_col_t)c_unexc, 9, NULL);
	worksheet_set_row(ws, GROUP_HEADER_ROW, 75, NULL);
	ej_xlsx_str(x, ws, GROUP_HEADER_ROW, 0, "№", x->header);
	ej_xlsx_str(x, ws, GROUP_HEADER_ROW, 1, "Студент", x->header);
	for (c = 0; c < nd; c++) {
		char h[512];
		snprintf(h, sizeof(h), "%s %s", g->discs[c].code, g->discs[c].name);
		ej_xlsx_str(x, ws, GROUP_HEADER_ROW, 2 + c, h, x->header);
	}
	ej_xlsx_str(x, ws, GROUP_HEADER_ROW, c_mean, "Средний балл", x->header);
	ej_xlsx_str(x, ws, GROUP_HEADER_ROW, c5 + 0, "«5»", x->header);
	ej_xlsx_str(x, ws, GROUP_HEADER_ROW, c5 + 1, "«4»", x->header);
	ej_xlsx_str(x, ws, GROUP_HEADER_ROW, c5 + 2, "«3»", x->header);
	ej_xlsx_str(x, ws, GROUP_HEADER_ROW, c5 + 3, "«2»", x->header);
	ej_xlsx_str(x, ws, GROUP_HEADER_ROW, c_exc, "Пропущено по уважит., ч", x->header);
	ej_xlsx_str(x, ws, GROUP_HEADER_ROW, c_unexc, "Пропущено без уважит., ч", x->header);
	/* Before the rows: with constant_memory the library checks ranges
	** against the rows already flushed. */
	ej_xlsx_table_finish(x, ws, GROUP_HEADER_ROW, ns ? last : GROUP_HEADER_ROW, c_unexc, 2);

	/* Students. */
	for (i = 0; i < ns; i++) {
		const struct ej_sum_student *s = &g->students[i];
		r = first + i;
		ej_xlsx_int(x, ws, r, 0, i + 1);
		ej_xlsx_str(x, ws, r, 1, s->short_name, x->text);
		for (c = 0; c < nd; c++)
			write_mark(x, ws, r, 2 + c, s->marks[c]);
		if (nd > 0) {
			range_ref(r, 2, r, 1 + nd, rng, sizeof(rng));
			snprintf(f, sizeof(f), "=IF(COUNT(%s)=0,\"\",AVERAGE(%s))", rng, rng);
			/* Formulas over the row, cached with what they compute. */
			ej_xlsx_formula(x, ws, r, c_mean, f, s->row_mean, x->num2);
			for (c = 0; c < 4; c++) {
				snprintf(f, sizeof(f), "=COUNTIF(%s,%d)", rng, 5 - c);
				ej_xlsx_formula(x, ws, r, c5 + c, f, s->row_count[5 - c], x->integer);
			}
		} else {
			for (c = c_mean; c < c_exc; c++)
				ej_xlsx_str(x, ws, r, c, NULL, x->text);
		}
		ej_xlsx_num(x, ws, r, c_exc, s->missed_exc, x->integer);
		ej_xlsx_num(x, ws, r, c_unexc, s->missed_unexc, x->integer);
	}

	/* Under the table: per-discipline mean, success and quality. */
	r = last + 2;
	if (nd > 0 && ns > 0) {
		static const char *const labels[3] = { "Средний балл", "Успеваемость", "Качество знаний" };
		/* Row by row: constant_memory writes rows strictly in order.  The
		** discipline's figures (lib/figures, the final each cell shows) are
		** values, not formulas over the cells shown. */
		for (i = 0; i < 3; i++) {
			ej_xlsx_str(x, ws, r + i, 0, NULL, x->total_text);
			ej_xlsx_str(x, ws, r + i, 1, labels[i], x->total_text);
			for (c = 0; c < nd; c++) {
				const struct ej_sum_disc *ds = &g->discs[c];
				if (i == 0)
					ej_xlsx_num(x, ws, r, 2 + c, ds->mean, x->total_num2);
				else
					ej_xlsx_pct(x, ws, r + i, 2 + c, i == 1 ? ds->success : ds->quality,
						    x->total_pct);
			}
		}
		ej_xlsx_mark_below(x, ws, r + 1, 2, r + 2, 1 + nd, threshold / 100.0);
	}
	/* Conditional formats after the cells (constant_memory). */
	if (ns > 0 && nd > 0) {
		ej_xlsx_mark_equal(x, ws, first, 2, last, 1 + nd, 2);
		ej_xlsx_mark_below(x, ws, first, c_mean, last, c_mean, 3.0);
	}
}

static void write_overview(struct ej_xlsx *x, lxw_worksheet *ws, struct ej_doc_ctx *d,
			   const struct ej_sum_data *sd, double threshold, struct ej_err *err)
{
	char *text, f[256], rng[40], rng2[40];
	int first = GROUP_HEADER_ROW + 1, ng = (int)sd->ngroups, last = first + ng - 1;
	int r, i, tot = first + ng;

	text = ej_doc_text(d, "summary.overview.title", NULL, err);
	ej_xlsx_str(x, ws, 0, 0, text, x->title);
	free(text);
	text = ej_doc_text(d, "summary.subtitle", NULL, err);
	ej_xlsx_str(x, ws, 1, 0, text, x->subtitle);
	free(text);
	worksheet_set_row(ws, GROUP_HEADER_ROW, 45, NULL);
	ej_xlsx_header(x, ws, GROUP_HEADER_ROW, ov_labels, ov_widths, OV_NCOLS);
	ej_xlsx_table_finish(x, ws, GROUP_HEADER_ROW, ng ? last : GROUP_HEADER_ROW,
			     OV_NCOLS - 1, 2);
	for (i = 0; i < ng; i++) {
		const struct ej_sum_group *g = &sd->groups[i];
		r = first + i;
		ej_xlsx_int(x, ws, r, OV_NO, i + 1);
		ej_xlsx_str(x, ws, r, OV_GROUP, g->name, x->text);
		ej_xlsx_str(x, ws, r, OV_DEPT, g->dept, x->text);
		ej_xlsx_int(x, ws, r, OV_N, g->n);
		ej_xlsx_int(x, ws, r, OV_EXC, g->excellent);
		ej_xlsx_int(x, ws, r, OV_GOOD, g->good);
		ej_xlsx_int(x, ws, r, OV_ONE3, g->one3);
		ej_xlsx_int(x, ws, r, OV_FAIL, g->failing);
		ej_xlsx_pct(x, ws, r, OV_SUCC, g->success, NULL);
		ej_xlsx_pct(x, ws, r, OV_QUAL, g->quality, NULL);
		ej_xlsx_num(x, ws, r, OV_MEAN, g->mean, x->num2);
		{
			char a[16], b[16];
			ej_xlsx_cell_ref(r, OV_MISSED_EXC, a);
			ej_xlsx_cell_ref(r, OV_MISSED_UNEXC, b);
			snprintf(f, sizeof(f), "=%s+%s", a, b);
			ej_xlsx_formula(x, ws, r, OV_MISSED, f, g->missed_exc + g->missed_unexc,
					x->integer);
		}
		ej_xlsx_int(x, ws, r, OV_MISSED_EXC, g->missed_exc);
		ej_xlsx_int(x, ws, r, OV_MISSED_UNEXC, g->missed_unexc);
	}
	/* Totals: sums, and the college's percentages weighted by N. */
	ej_xlsx_str(x, ws, tot, OV_NO, NULL, x->total_text);
	ej_xlsx_str(x, ws, tot, OV_GROUP, "Итого", x->total_text);
	ej_xlsx_str(x, ws, tot, OV_DEPT, NULL, x->total_text);
	if (ng > 0) {
		static const int sums[] = { OV_N, OV_EXC, OV_GOOD, OV_ONE3, OV_FAIL,
					    OV_MISSED, OV_MISSED_EXC, OV_MISSED_UNEXC };
		double vals[] = { sd->total.n, sd->total.excellent, sd->total.good, sd->total.one3,
				  sd->total.failing,
				  sd->total.missed_exc + sd->total.missed_unexc,
				  sd->total.missed_exc, sd->total.missed_unexc };
		for (i = 0; i < (int)(sizeof(sums) / sizeof(sums[0])); i++) {
			range_ref(first, sums[i], last, sums[i], rng, sizeof(rng));
			snprintf(f, sizeof(f), "=SUM(%s)", rng);
			ej_xlsx_formula(x, ws, tot, sums[i], f, vals[i], x->total_int);
		}
		range_ref(first, OV_N, last, OV_N, rng, sizeof(rng));
		range_ref(first, OV_SUCC, last, OV_SUCC, rng2, sizeof(rng2));
		snprintf(f, sizeof(f), "=IFERROR(SUMPRODUCT(%s,%s)/SUM(%s),\"\")", rng, rng2, rng);
		ej_xlsx_formula(x, ws, tot, OV_SUCC, f,
				isnan(sd->total.success) ? 0 : sd->total.success / 100.0, x->total_pct);
		range_ref(first, OV_QUAL, last, OV_QUAL, rng2, sizeof(rng2));
		snprintf(f, sizeof(f), "=IFERROR(SUMPRODUCT(%s,%s)/SUM(%s),\"\")", rng, rng2, rng);
		ej_xlsx_formula(x, ws, tot, OV_QUAL, f,
				isnan(sd->total.quality) ? 0 : sd->total.quality / 100.0, x->total_pct);
		ej_xlsx_num(x, ws, tot, OV_MEAN, sd->total.mean, x->total_num2);
		ej_xlsx_mark_below(x, ws, first, OV_SUCC, tot, OV_QUAL, threshold / 100.0);
	}
	if (ng > 0) {
		text = ej_doc_text(d, "summary.chart.title", NULL, err);
		static const int vcols[2] = { OV_SUCC, OV_QUAL };
		const char *const names[2] = { ov_labels[OV_SUCC], ov_labels[OV_QUAL] };
		ej_xlsx_bar_chart(x, ws, tot + 2, 1, text, ws, first, last, OV_GROUP,
				  vcols, names, 2, true);
		free(text);
	}
}

int ej_summary_write(struct ej_db *db, const struct ej_config *cfg,
		     const struct ej_scope *scope, const char *xlsx_path,
		     struct ej_err *err)
{
	struct ej_doc_ctx d;
	struct ej_sum_data sd;
	struct ej_xlsx x;
	struct ej_xlsx_opts o = { 0 };
	lxw_worksheet *ov;
	double threshold = cfg->policy.low_percent > 0 ? cfg->policy.low_percent : 80;
	char *sheet = NULL, *term = NULL, *title = NULL;
	struct ej_tpl_vars v;
	size_t i;
	int rc;

	if (ej_doc_ctx_init(&d, db, cfg, scope, err))
		return err->code;
	ej_tpl_vars_init(&v);
	ej_tpl_setf(&v, "semester", "%d", scope->semester);
	term = ej_doc_text(&d, scope->semester ? "summary.term.semester" : "summary.term.year",
			   &v, err);
	ej_tpl_vars_release(&v);
	if (!term) {
		ej_doc_ctx_release(&d);
		return err->code;
	}
	ej_tpl_set(&d.vars, "term", term);
	free(term);
	rc = ej_sum_load(db, cfg, scope, &sd, err);
	if (rc) {
		ej_doc_ctx_release(&d);
		return rc;
	}
	title = ej_doc_text(&d, "summary.overview.title", NULL, err);
	o.constant_memory = true;
	o.created = d.created;
	o.title = title;
	o.company = cfg->inst_short;
	rc = ej_xlsx_open(&x, xlsx_path, &o, err);
	if (rc)
		goto out;
	sheet = ej_doc_text(&d, "summary.overview.sheet", NULL, err);
	ov = ej_xlsx_sheet(&x, sheet ? sheet : "Свод");
	if (!ov) {
		ej_xlsx_abort(&x);
		rc = ej_err_set(err, EJ_EIO, "%s: cannot add a sheet", xlsx_path);
		goto out;
	}
	for (i = 0; i < sd.ngroups; i++)
		write_group_sheet(&x, &d, &sd.groups[i], threshold, err);
	write_overview(&x, ov, &d, &sd, threshold, err);
	worksheet_activate(ov);
	rc = ej_xlsx_close(&x, err);
out:
	free(sheet);
	free(title);
	ej_sum_release(&sd);
	ej_doc_ctx_release(&d);
	return rc;
}
