#include "render/chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define BAR_H 12.0
#define BAR_GAP 5.0
#define AXIS_H 16.0

double ej_chart_height(size_t n)
{
	return (double)n * (BAR_H + BAR_GAP) + AXIS_H + 6;
}

static void value_text(double v, const char *suffix, char *buf, size_t size)
{
	char *dot;

	if (isnan(v)) {
		snprintf(buf, size, "—");
		return;
	}
	snprintf(buf, size, "%.1f%s", v, suffix ? suffix : "");
	if ((dot = strchr(buf, '.')))
		*dot = ',';
}

/* Scale ticks 0, 25, 50, 75, 100 % of max under the bars. */
static void axis(struct ej_pdf *p, double x0, double bw, double y, double max,
		 const char *suffix)
{
	int i;
	char buf[32];

	ej_pdf_line_width(p, 0.5);
	ej_pdf_line(p, x0, y, x0 + bw, y);
	ej_pdf_font(p, EJ_PDF_REGULAR, 8);
	for (i = 0; i <= 4; i++) {
		double tx = x0 + bw * i / 4.0;
		ej_pdf_line(p, tx, y, tx, y + 3);
		snprintf(buf, sizeof(buf), "%g%s", max * i / 4.0, suffix ? suffix : "");
		ej_pdf_text_align(p, tx - 20, y + 11, 40, EJ_PDF_CENTER, buf);
	}
}

double ej_chart_bars(struct ej_pdf *p, double x, double y, double w,
		     const struct ej_chart_bar *bars, size_t n, double max,
		     const char *suffix, double threshold, int landscape)
{
	double label_w = w * 0.30, val_w = 48, x0 = x + label_w + 6;
	double bw = w - label_w - 6 - val_w, top = y;
	size_t i;
	char buf[32];

	if (max <= 0)
		max = 100;
	for (i = 0; i < n; i++) {
		struct ej_pdf_box b = ej_pdf_box(p);
		double v = bars[i].value, len;

		if (y + BAR_H + BAR_GAP + AXIS_H > b.bottom) {
			/* Close this page's part of the chart, continue on the next. */
			axis(p, x0, bw, y, max, suffix);
			if (threshold >= 0) {
				double tx = x0 + bw * (threshold > max ? max : threshold) / max;
				ej_pdf_line(p, tx, top - 2, tx, y);
			}
			ej_pdf_add_page(p, landscape != 0);
			b = ej_pdf_box(p);
			y = top = b.top;
		}
		ej_pdf_font(p, EJ_PDF_REGULAR, 9);
		ej_pdf_text_fit(p, x, y + BAR_H - 3, label_w, EJ_PDF_RIGHT,
				bars[i].label ? bars[i].label : "");
		if (!isnan(v)) {
			len = bw * (v < 0 ? 0 : v > max ? max : v) / max;
			ej_pdf_fill(p, x0, y, len > 0.5 ? len : 0.5, BAR_H,
				    threshold >= 0 && v < threshold ? 0.35 : 0.72);
			ej_pdf_line_width(p, 0.3);
			ej_pdf_rect(p, x0, y, len > 0.5 ? len : 0.5, BAR_H);
		} else {
			len = 0;
		}
		value_text(v, suffix, buf, sizeof(buf));
		ej_pdf_font(p, EJ_PDF_REGULAR, 9);
		ej_pdf_text(p, x0 + len + 4, y + BAR_H - 3, buf);
		y += BAR_H + BAR_GAP;
	}
	axis(p, x0, bw, y, max, suffix);
	if (threshold >= 0) {
		double tx = x0 + bw * (threshold > max ? max : threshold) / max;
		ej_pdf_line_width(p, 1.0);
		ej_pdf_line(p, tx, top - 2, tx, y);
		ej_pdf_line_width(p, 0.5);
	}
	return y + AXIS_H + 6;
}
