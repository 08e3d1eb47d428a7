/*
** chart.h — a bar chart drawn into a PDF page with the pdf.h layer
** (documents.md §2: on-time percentage by teacher).  Horizontal bars, one
** per category, label on the left, value at the bar's end, a vertical line
** at the threshold; bars under the threshold drawn darker.  Everything is
** vector drawing and real text, so pdftotext reads the labels and values.
*/
#ifndef EJ_RENDER_CHART_H
#define EJ_RENDER_CHART_H

#include <stddef.h>

#include "render/pdf.h"

struct ej_chart_bar {
	const char *label;
	double value;        /* NAN = no figure: no bar, «—» */
};

/* Height the chart will take for n bars. */
double ej_chart_height(size_t n);

/* Draw n bars in [x, x + w] from top y; values run 0..max (max > 0),
** suffix follows each value («%»), threshold < 0 = none.  Starts a new page
** (landscape as given) when a bar would cross the bottom margin.  Returns
** the y below the chart. */
double ej_chart_bars(struct ej_pdf *p, double x, double y, double w,
		     const struct ej_chart_bar *bars, size_t n, double max,
		     const char *suffix, double threshold, int landscape);

#endif
