/*
** xlsx.h — workbooks the reports write, over libxlsxwriter.
**
** One place for what every ejournal workbook shares (documents.md §2–4):
** a fixed set of formats (header, text, integers, two-decimal numbers,
** percentages stored as real fractions with a «0,0 %»-style format), the
** table finish (frozen header row, autofilter, print setup: A4 landscape,
** fit to one page wide, header row repeated on every printed page),
** conditional formatting of figures under a threshold, sheet names that
** Excel accepts, a deterministic `created` date, and the atomic write
** (libxlsxwriter writes by name: we write ej_atomic_tmpname(path) and
** rename on success, so a failure never leaves a half workbook).
**
** Numbers are written as numbers; NAN means «no figure» and leaves the cell
** empty.  Every libxlsxwriter return code is checked: the first failure is
** kept in x->status and reported by ej_xlsx_close().
*/
#ifndef EJ_RENDER_XLSX_H
#define EJ_RENDER_XLSX_H

#include <stdbool.h>
#include <time.h>
#include <xlsxwriter.h>

#include "util/err.h"

struct ej_xlsx_opts {
	bool constant_memory;    /* rows strictly in order, ~no memory per row */
	int mode;                /* file mode: 0644, 0600 for personal data */
	time_t created;          /* document date; 0 = $SOURCE_DATE_EPOCH or 2000-01-01 */
	const char *title, *subject, *company;
};

struct ej_xlsx {
	lxw_workbook *wb;
	char *path, *tmp;
	int mode;
	lxw_error status;        /* first libxlsxwriter error, LXW_NO_ERROR if none */
	char status_where[128];
	/* Formats. */
	lxw_format *title;       /* bold 14 pt */
	lxw_format *subtitle;    /* 11 pt italic */
	lxw_format *header;      /* bold, wrapped, centred, bordered, grey */
	lxw_format *text;        /* bordered text */
	lxw_format *wrap;        /* bordered, wrapped, top-aligned */
	lxw_format *integer;     /* 0 */
	lxw_format *num2;        /* 0.00 */
	lxw_format *pct;         /* 0.0% of a fraction */
	lxw_format *total_text;  /* bold text for total rows */
	lxw_format *total_num2, *total_pct, *total_int;
	lxw_format *bad;         /* conditional: light red fill, dark red text */
	lxw_format *plain;       /* no borders */
	char **names;            /* sheet names used, for uniqueness */
	size_t nnames;
};

/* Start a workbook to be written at path.  Returns 0 or EJ_EIO. */
int ej_xlsx_open(struct ej_xlsx *x, const char *path, const struct ej_xlsx_opts *o,
		 struct ej_err *err);
/* Write it out and rename into place with the mode; frees everything. */
int ej_xlsx_close(struct ej_xlsx *x, struct ej_err *err);
/* Give up: remove the temporary, free everything.  Safe after close. */
void ej_xlsx_abort(struct ej_xlsx *x);

/* A worksheet named after name, made acceptable to Excel (≤ 31 characters,
** no []:*?/\, unique in the workbook: «ИСП-21 (2)»).  NULL on failure. */
lxw_worksheet *ej_xlsx_sheet(struct ej_xlsx *x, const char *name);
/* The name a sheet got (for chart ranges and formulas). */
const char *ej_xlsx_sheet_name(lxw_worksheet *ws);

/* Cell writers; fmt NULL = the helper's usual format.  They record the first
** error in x->status. */
void ej_xlsx_str(struct ej_xlsx *x, lxw_worksheet *ws, int row, int col,
		 const char *s, lxw_format *fmt);
void ej_xlsx_num(struct ej_xlsx *x, lxw_worksheet *ws, int row, int col,
		 double v, lxw_format *fmt);
void ej_xlsx_int(struct ej_xlsx *x, lxw_worksheet *ws, int row, int col, double v);
/* A percentage given as 0..100, stored as the fraction v/100 with a % format. */
void ej_xlsx_pct(struct ej_xlsx *x, lxw_worksheet *ws, int row, int col,
		 double pct100, lxw_format *fmt);
/* A formula with its computed value cached (readers without a calculator,
** e.g. openpyxl data_only, see the value); NAN caches an empty string. */
void ej_xlsx_formula(struct ej_xlsx *x, lxw_worksheet *ws, int row, int col,
		     const char *formula, double value, lxw_format *fmt);

/* Header row: labels with the header format, and column widths (characters;
** widths may be NULL). */
void ej_xlsx_header(struct ej_xlsx *x, lxw_worksheet *ws, int row,
		    const char *const *labels, const double *widths, int ncols);
/* Finish a table whose header is at header_row and data run to last_row
** (inclusive) over columns 0..last_col: freeze below the header (and
** freeze_cols columns), autofilter when there are rows, landscape A4, fit
** to one page wide, repeat the header row when printing, footer with page
** numbers.  With constant_memory call it before writing the data rows
** (the library checks the ranges against rows already flushed). */
void ej_xlsx_table_finish(struct ej_xlsx *x, lxw_worksheet *ws, int header_row,
			  int last_row, int last_col, int freeze_cols);
/* Mark cells of the range whose value is < threshold (numbers as stored:
** a fraction for percentages) with the «bad» format. */
void ej_xlsx_mark_below(struct ej_xlsx *x, lxw_worksheet *ws, int r1, int c1,
			int r2, int c2, double threshold);
/* Mark cells equal to value (e.g. the mark 2). */
void ej_xlsx_mark_equal(struct ej_xlsx *x, lxw_worksheet *ws, int r1, int c1,
			int r2, int c2, double value);

/* A column chart of nseries series (names may be NULL): categories and
** values are ranges of sheet data (rows r1..r2 of cat_col and val_cols[i]),
** placed at (row, col).  pct: the values are fractions and the axis shows
** 0–100 %. */
void ej_xlsx_bar_chart(struct ej_xlsx *x, lxw_worksheet *ws, int row, int col,
		       const char *title, lxw_worksheet *data, int r1, int r2, int cat_col,
		       const int *val_cols, const char *const *names, int nseries, bool pct);

/* "A1"-style reference of (row, col), zero-based: (0,0) → "A1". */
void ej_xlsx_cell_ref(int row, int col, char out[16]);

#endif
