#include "render/xlsx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/atomic.h"
#include "util/date.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define SHEET_NAME_MAX 31   /* Excel's limit, in characters */

static void note(struct ej_xlsx *x, lxw_error e, const char *where)
{
	if (e != LXW_NO_ERROR && x->status == LXW_NO_ERROR) {
		x->status = e;
		snprintf(x->status_where, sizeof(x->status_where), "%s", where);
	}
}

/* A fixed document date keeps workbooks byte-comparable run to run. */
static time_t default_created(void)
{
	long long v;

	if (ej_source_date_epoch(&v) && v > 0)
		return (time_t)v;
	return (time_t)946684800;   /* 2000-01-01 00:00:00 UTC */
}

static lxw_format *fmt_new(lxw_workbook *wb, bool border)
{
	lxw_format *f = workbook_add_format(wb);

	format_set_font_name(f, "Liberation Serif");
	format_set_font_size(f, 11);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

static void make_formats(struct ej_xlsx *x)
{
	lxw_workbook *wb = x->wb;

	x->title = fmt_new(wb, false);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	x->subtitle = fmt_new(wb, false);
	format_set_italic(x->subtitle);
	x->plain = fmt_new(wb, false);
	x->header = fmt_new(wb, true);
	format_set_bold(x->header);
	format_set_text_wrap(x->header);
	format_set_align(x->header, LXW_ALIGN_CENTER);
	format_set_align(x->header, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(x->header, 0xD9D9D9);
	x->text = fmt_new(wb, true);
	x->wrap = fmt_new(wb, true);
	format_set_text_wrap(x->wrap);
	x->integer = fmt_new(wb, true);
	format_set_num_format(x->integer, "0");
	x->num2 = fmt_new(wb, true);
	format_set_num_format(x->num2, "0.00");
	x->pct = fmt_new(wb, true);
	format_set_num_format(x->pct, "0.0%");
	x->total_text = fmt_new(wb, true);
	format_set_bold(x->total_text);
	x->total_int = fmt_new(wb, true);
	format_set_bold(x->total_int);
	format_set_num_format(x->total_int, "0");
	x->total_num2 = fmt_new(wb, true);
	format_set_bold(x->total_num2);
	format_set_num_format(x->total_num2, "0.00");
	x->total_pct = fmt_new(wb, true);
	format_set_bold(x->total_pct);
	format_set_num_format(x->total_pct, "0.0%");
	/* Conditional formats take only the differential parts. */
	x->bad = workbook_add_format(wb);
	format_set_bg_color(x->bad, 0xFFC7CE);
	format_set_font_color(x->bad, 0x9C0006);
}

int ej_xlsx_open(struct ej_xlsx *x, const char *path, const struct ej_xlsx_opts *o,
		 struct ej_err *err)
{
	lxw_workbook_options wo = { 0 };
	lxw_doc_properties props = { 0 };

	memset(x, 0, sizeof(*x));
	x->path = ej_strdup(path);
	x->tmp = ej_atomic_tmpname(path);
	x->mode = o && o->mode ? o->mode : 0644;
	wo.constant_memory = o && o->constant_memory;
	x->wb = workbook_new_opt(x->tmp, &wo);
	if (!x->wb) {
		ej_err_set(err, EJ_EIO, "%s: cannot start the workbook", path);
		free(x->path);
		free(x->tmp);
		memset(x, 0, sizeof(*x));
		return EJ_EIO;
	}
	props.title = (char *)(o && o->title ? o->title : "");
	props.subject = (char *)(o && o->subject ? o->subject : "");
	props.company = (char *)(o && o->company ? o->company : "");
	props.author = (char *)"ejournal";
	props.created = o && o->created ? o->created : default_created();
	note(x, workbook_set_properties(x->wb, &props), "properties");
	make_formats(x);
	return 0;
}

static void free_names(struct ej_xlsx *x)
{
	size_t i;

	for (i = 0; i < x->nnames; i++)
		free(x->names[i]);
	free(x->names);
	x->names = NULL;
	x->nnames = 0;
}

int ej_xlsx_close(struct ej_xlsx *x, struct ej_err *err)
{
	lxw_error e;
	int rc = 0;

	if (!x->wb)
		return ej_err_set(err, EJ_EIO, "workbook already closed");
	e = workbook_close(x->wb);
	x->wb = NULL;
	if (x->status != LXW_NO_ERROR) {
		rc = ej_err_set(err, EJ_EIO, "%s: %s (%s)", x->path,
				lxw_strerror(x->status), x->status_where);
		unlink(x->tmp);
	} else if (e != LXW_NO_ERROR) {
		rc = ej_err_set(err, EJ_EIO, "%s: %s", x->path, lxw_strerror(e));
		unlink(x->tmp);
	} else {
		rc = ej_atomic_rename(x->tmp, x->path, x->mode, err);
		if (rc)
			unlink(x->tmp);
	}
	free(x->path);
	free(x->tmp);
	free_names(x);
	x->path = x->tmp = NULL;
	return rc;
}

void ej_xlsx_abort(struct ej_xlsx *x)
{
	if (x->wb) {
		workbook_close(x->wb);
		x->wb = NULL;
	}
	if (x->tmp)
		unlink(x->tmp);
	free(x->path);
	free(x->tmp);
	free_names(x);
	x->path = x->tmp = NULL;
}

/* Copy at most max code points of s, replacing the characters Excel forbids
** in sheet names; an apostrophe may not start or end a name. */
static char *clean_name(const char *s, size_t max)
{
	size_t n = strlen(s), i = 0, count = 0;
	char *out = ej_malloc(n + 1), *o = out;

	while (i < n && count < max) {
		uint32_t cp;
		size_t k = ej_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		if (strchr("[]:*?/\\", (int)cp) && cp < 128)
			*o++ = '_';
		else if (cp < 32)
			*o++ = ' ';
		else {
			memcpy(o, s + i, k);
			o += k;
		}
		i += k;
		count++;
	}
	while (o > out && o[-1] == ' ')
		o--;
	*o = '\0';
	if (out[0] == '\'')
		out[0] = '_';
	if (o > out && o[-1] == '\'')
		o[-1] = '_';
	if (!out[0]) {
		free(out);
		out = ej_strdup("Лист");
	}
	return out;
}

static bool name_used(const struct ej_xlsx *x, const char *name)
{
	size_t i;

	/* Excel compares sheet names case-insensitively. */
	for (i = 0; i < x->nnames; i++)
		if (ej_utf8_eq_fold(x->names[i], name))
			return true;
	return false;
}

lxw_worksheet *ej_xlsx_sheet(struct ej_xlsx *x, const char *name)
{
	char *base = clean_name(name ? name : "", SHEET_NAME_MAX), *cand = ej_strdup(base);
	lxw_worksheet *ws;
	int k = 2;

	while (name_used(x, cand)) {
		char suffix[16], *shorter;
		snprintf(suffix, sizeof(suffix), " (%d)", k++);
		shorter = clean_name(base, SHEET_NAME_MAX - strlen(suffix));
		free(cand);
		cand = ej_asprintf("%s%s", shorter, suffix);
		free(shorter);
	}
	ws = workbook_add_worksheet(x->wb, cand);
	if (!ws) {
		note(x, LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED, "sheet name");
		free(cand);
	} else {
		x->names = ej_reallocarray(x->names, x->nnames + 1, sizeof(*x->names));
		x->names[x->nnames++] = cand;
		worksheet_set_paper(ws, 9);          /* A4 */
	}
	free(base);
	return ws;
}

const char *ej_xlsx_sheet_name(lxw_worksheet *ws)
{
	return ws->name;
}

void ej_xlsx_str(struct ej_xlsx *x, lxw_worksheet *ws, int row, int col,
		 const char *s, lxw_format *fmt)
{
	if (!s || !*s) {
		if (fmt || x->text)
			note(x, worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col,
						      fmt ? fmt : x->text), "blank");
		return;
	}
	note(x, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s,
				       fmt ? fmt : x->text), "string");
}

void ej_xlsx_num(struct ej_xlsx *x, lxw_worksheet *ws, int row, int col,
		 double v, lxw_format *fmt)
{
	if (isnan(v)) {
		note(x, worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col,
					      fmt ? fmt : x->num2), "blank");
		return;
	}
	note(x, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v,
				       fmt ? fmt : x->num2), "number");
}

void ej_xlsx_int(struct ej_xlsx *x, lxw_worksheet *ws, int row, int col, double v)
{
	ej_xlsx_num(x, ws, row, col, v, x->integer);
}

void ej_xlsx_pct(struct ej_xlsx *x, lxw_worksheet *ws, int row, int col,
		 double pct100, lxw_format *fmt)
{
	ej_xlsx_num(x, ws, row, col, isnan(pct100) ? NAN : pct100 / 100.0,
		    fmt ? fmt : x->pct);
}

void ej_xlsx_formula(struct ej_xlsx *x, lxw_worksheet *ws, int row, int col,
		     const char *formula, double value, lxw_format *fmt)
{
	if (isnan(value))   /* the formula yields "" */
		note(x, worksheet_write_formula_str(ws, (lxw_row_t)row, (lxw_col_t)col, formula,
						    fmt ? fmt : x->num2, ""), "formula");
	else
		note(x, worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)col, formula,
						    fmt ? fmt : x->num2, value), "formula");
}

void ej_xlsx_header(struct ej_xlsx *x, lxw_worksheet *ws, int row,
		    const char *const *labels, const double *widths, int ncols)
{
	int c;

	for (c = 0; c < ncols; c++) {
		if (widths)
			note(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
						     widths[c], NULL), "column");
		ej_xlsx_str(x, ws, row, c, labels[c], x->header);
	}
}

void ej_xlsx_table_finish(struct ej_xlsx *x, lxw_worksheet *ws, int header_row,
			  int last_row, int last_col, int freeze_cols)
{
	worksheet_freeze_panes(ws, (lxw_row_t)(header_row + 1), (lxw_col_t)freeze_cols);
	if (last_row > header_row)
		note(x, worksheet_autofilter(ws, (lxw_row_t)header_row, 0,
					     (lxw_row_t)last_row, (lxw_col_t)last_col),
		     "autofilter");
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	note(x, worksheet_repeat_rows(ws, (lxw_row_t)header_row, (lxw_row_t)header_row),
	     "repeat rows");
	worksheet_set_margins(ws, 0.79, 0.39, 0.59, 0.59);   /* 20/10/15/15 mm */
	note(x, worksheet_set_footer(ws, "&CЛист &P из &N"), "footer");
}

static void mark(struct ej_xlsx *x, lxw_worksheet *ws, int r1, int c1, int r2, int c2,
		 uint8_t criteria, double value)
{
	lxw_conditional_format cf = { 0 };

	if (r2 < r1 || c2 < c1)
		return;
	cf.type = LXW_CONDITIONAL_TYPE_CELL;
	cf.criteria = criteria;
	cf.value = value;
	cf.format = x->bad;
	note(x, worksheet_conditional_format_range(ws, (lxw_row_t)r1, (lxw_col_t)c1,
						   (lxw_row_t)r2, (lxw_col_t)c2, &cf),
	     "conditional format");
}

void ej_xlsx_mark_below(struct ej_xlsx *x, lxw_worksheet *ws, int r1, int c1,
			int r2, int c2, double threshold)
{
	mark(x, ws, r1, c1, r2, c2, LXW_CONDITIONAL_CRITERIA_LESS_THAN, threshold);
}

void ej_xlsx_mark_equal(struct ej_xlsx *x, lxw_worksheet *ws, int r1, int c1,
			int r2, int c2, double value)
{
	mark(x, ws, r1, c1, r2, c2, LXW_CONDITIONAL_CRITERIA_EQUAL_TO, value);
}

void ej_xlsx_bar_chart(struct ej_xlsx *x, lxw_worksheet *ws, int row, int col,
		       const char *title, lxw_worksheet *data, int r1, int r2, int cat_col,
		       const int *val_cols, const char *const *names, int nseries, bool pct)
{
	lxw_chart *chart;
	lxw_chart_options opt = { 0 };
	int i, ncat = r2 - r1 + 1;

	if (r2 < r1 || nseries < 1)
		return;
	chart = workbook_add_chart(x->wb, LXW_CHART_COLUMN);
	if (!chart) {
		note(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart");
		return;
	}
	for (i = 0; i < nseries; i++) {
		lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
		if (!s) {
			note(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart series");
			return;
		}
		chart_series_set_categories(s, data->name, (lxw_row_t)r1, (lxw_col_t)cat_col,
					    (lxw_row_t)r2, (lxw_col_t)cat_col);
		chart_series_set_values(s, data->name, (lxw_row_t)r1, (lxw_col_t)val_cols[i],
					(lxw_row_t)r2, (lxw_col_t)val_cols[i]);
		if (names && names[i])
			chart_series_set_name(s, names[i]);
	}
	if (title)
		chart_title_set_name(chart, title);
	chart_legend_set_position(chart, nseries > 1 ? LXW_CHART_LEGEND_BOTTOM
				  : LXW_CHART_LEGEND_NONE);
	if (pct) {
		chart_axis_set_min(chart->y_axis, 0);
		chart_axis_set_max(chart->y_axis, 1);
		chart_axis_set_num_format(chart->y_axis, "0%");
	}
	/* Wider for many categories. */
	opt.x_scale = ncat > 8 ? 1.0 + (ncat - 8) * 0.08 : 1.0;
	if (opt.x_scale > 4.0)
		opt.x_scale = 4.0;
	opt.y_scale = 1.3;
	note(x, worksheet_insert_chart_opt(ws, (lxw_row_t)row, (lxw_col_t)col, chart, &opt),
	     "chart");
}

void ej_xlsx_cell_ref(int row, int col, char out[16])
{
	char letters[8];
	int n = 0, c = col + 1;

	while (c > 0 && n < 7) {
		int r = (c - 1) % 26;
		letters[n++] = (char)('A' + r);
		c = (c - 1) / 26;
	}
	{
		int i, j = 0;
		for (i = n - 1; i >= 0; i--)
			out[j++] = letters[i];
		snprintf(out + j, (size_t)(16 - j), "%d", row + 1);
	}
}
