/*
** bare_grid.c — the floor for `ejournal print`: a bare libharu program that
** draws N landscape A4 journal grid pages (a 28-row × 30-date grid of short
** Cyrillic marks, names, header, footer) with the same fonts in the same
** UTF-8 mode, and saves one PDF.  tests/bench/bench_print.sh compares its
** pages per second with ejournal's.
**
**   cc -O2 -o bare_grid tests/bench/bare_grid.c -lhpdf
**   ./bare_grid PAGES OUT.pdf REGULAR.ttf BOLD.ttf [DOCS]
** With DOCS the pages are spread over that many documents (OUT.pdf is
** overwritten each time), as ejournal writes one file per group: each
** document pays for loading its fonts and saving.  Prints «PAGES SECONDS».
*/
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void on_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
	(void)u;
	fprintf(stderr, "bare_grid: libharu error 0x%04X (detail %u)\n", (unsigned)e, (unsigned)d);
	exit(1);
}

int main(int argc, char **argv)
{
	static const char *const marks[] = { "5", "4", "3", "н", "5/4", "б", "у", "2", "" };
	static const char *const names[] = { "Абрамов К. А.", "Алёшин П. С.", "Белова Д. И.",
					     "Григорьев А. О.", "Егорова М. С.", "Журавлёв И. И." };
	struct timespec t0, t1;
	HPDF_Doc pdf;
	HPDF_Font reg, bold;
	long total, docs = 1;

	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: bare_grid PAGES OUT.pdf REGULAR.ttf BOLD.ttf [DOCS]\n");
		return 2;
	}
	total = strtol(argv[1], NULL, 10);
	if (argc == 6)
		docs = strtol(argv[5], NULL, 10);
	if (docs < 1)
		docs = 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long doc = 0; doc < docs; doc++) {
	long n = total / docs + (doc < total % docs);
	pdf = HPDF_New(on_error, NULL);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	reg = HPDF_GetFont(pdf, HPDF_LoadTTFontFromFile(pdf, argv[3], HPDF_TRUE), "UTF-8");
	bold = HPDF_GetFont(pdf, HPDF_LoadTTFontFromFile(pdf, argv[4], HPDF_TRUE), "UTF-8");
	for (long p = 0; p < n; p++) {
		HPDF_Page pg = HPDF_AddPage(pdf);
		float x0 = 85, top = 500, rh = 14, cw = 19.5f, xd = x0 + 142;
		char buf[64];

		HPDF_Page_SetSize(pg, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
		HPDF_Page_SetLineWidth(pg, 0.35f);
		for (int r = 0; r <= 30; r++) {
			HPDF_Page_MoveTo(pg, x0, top - r * rh);
			HPDF_Page_LineTo(pg, 813, top - r * rh);
		}
		for (int c = 0; c <= 30; c++) {
			HPDF_Page_MoveTo(pg, xd + c * cw, top);
			HPDF_Page_LineTo(pg, xd + c * cw, top - 30 * rh);
		}
		HPDF_Page_Stroke(pg);
		HPDF_Page_BeginText(pg);
		HPDF_Page_SetFontAndSize(pg, bold, 11);
		HPDF_Page_TextOut(pg, x0, 540, "ОП.01 Основы алгоритмизации и программирования");
		HPDF_Page_SetFontAndSize(pg, bold, 8);
		for (int c = 0; c < 30; c++) {
			snprintf(buf, sizeof(buf), "%02d", c + 1);
			HPDF_Page_TextOut(pg, xd + c * cw + 5, top - 2 * rh + 4, buf);
		}
		HPDF_Page_SetFontAndSize(pg, reg, 8.5f);
		for (int r = 0; r < 28; r++) {
			float y = top - (r + 3) * rh + 4;
			snprintf(buf, sizeof(buf), "%d", r + 1);
			HPDF_Page_TextOut(pg, x0 + 4, y, buf);
			HPDF_Page_TextOut(pg, x0 + 20, y, names[r % 6]);
			for (int c = 0; c < 30; c++) {
				const char *m = marks[(r * 7 + c * 3 + p) % 9];
				if (*m) {
					float w = HPDF_Page_TextWidth(pg, m);
					HPDF_Page_TextOut(pg, xd + c * cw + (cw - w) / 2, y, m);
				}
			}
		}
		HPDF_Page_SetFontAndSize(pg, reg, 8);
		snprintf(buf, sizeof(buf), "Лист %ld из %ld", p + 1, n);
		HPDF_Page_TextOut(pg, 740, 30, buf);
		HPDF_Page_TextOut(pg, x0, 570, "ГБПОУ МО «Физтех-колледж» · Журнал учебных занятий · группа ИСП-21");
		HPDF_Page_EndText(pg);
	}
	HPDF_SaveToFile(pdf, argv[2]);
	HPDF_Free(pdf);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%ld %.3f\n", total, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
