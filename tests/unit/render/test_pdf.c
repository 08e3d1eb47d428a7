/* Unit tests for lib/render/pdf.c and pdfa.c: measuring, wrapping (table-
** driven), tables across pages, page selection, sticky errors, font lookup
** failures, deterministic bytes, and the PDF/A objects in the saved file. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "render/pdf.h"
#include "util/buf.h"
#include "util/xalloc.h"

static const struct ej_pdf_opts base_opts = {
	.margin_left_mm = 30, .margin_right_mm = 10, .margin_top_mm = 20, .margin_bottom_mm = 20,
	.title = "Проверка", .header_left = "Группа ИСП-21", .header_right = "ЖУ-ТЕСТ",
};

static struct ej_pdf *new_pdf(const struct ej_pdf_opts *o)
{
	struct ej_err err = { 0 };
	struct ej_pdf *p = ej_pdf_new(o ? o : &base_opts, &err);

	if (!p)
		fail_msg("ej_pdf_new: %s", err.msg);
	return p;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = ej_malloc((size_t)len + 1);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	*n = (size_t)len;
	return buf;
}

static bool contains(const char *buf, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(buf + i, needle, k) == 0)
			return true;
	return false;
}

/* ---- measuring -------------------------------------------------------------- */

static void test_width(void **state)
{
	struct ej_pdf *p = new_pdf(NULL);
	double w1, w2;

	(void)state;
	ej_pdf_font(p, EJ_PDF_REGULAR, 10);
	assert_true(ej_pdf_width(p, "") == 0);
	w1 = ej_pdf_width(p, "Ж");
	assert_true(w1 > 3 && w1 < 12);
	assert_true(fabs(ej_pdf_width(p, "ЖЖЖ") - 3 * w1) < 1e-6);
	ej_pdf_font(p, EJ_PDF_REGULAR, 20);
	w2 = ej_pdf_width(p, "Ж");
	assert_true(fabs(w2 - 2 * w1) < 1e-6);
	/* bold is wider than regular for the same text */
	ej_pdf_font(p, EJ_PDF_BOLD, 20);
	w1 = ej_pdf_width(p, "Журнал учебных занятий");
	ej_pdf_font(p, EJ_PDF_REGULAR, 20);
	assert_true(w1 > ej_pdf_width(p, "Журнал учебных занятий"));
	/* a partial length measures a prefix */
	assert_true(fabs(ej_pdf_widthn(p, "ЖЖЖ", 2) - w2) < 1e-6);
	ej_pdf_free(p);
}

/* ---- wrapping ------------------------------------------------------------------ */

struct wrap_case {
	const char *text;
	double width;        /* points at 10 pt */
	const char *expect;  /* lines joined by '|' */
};

static const struct wrap_case wrap_cases[] = {
	{ "", 100, "" },
	{ "Тема", 100, "Тема" },
	{ "Основы алгоритмизации и программирования", 1000, "Основы алгоритмизации и программирования" },
	{ "Основы алгоритмизации и программирования", 110, "Основы алгоритмизации|и программирования" },
	{ "Основы алгоритмизации и программирования", 85, "Основы|алгоритмизации и|программирования" },
	{ "первая\nвторая строка", 500, "первая|вторая строка" },
	{ "как в Windows\r\nи в старом Mac\rконец", 500, "как в Windows|и в старом Mac|конец" },
	{ "  пробелы   в начале", 500, "пробелы   в начале" },
	{ "слово    слово", 30, "слово|слово" },
	/* a word wider than the cell is cut inside */
	{ "Электроэнергетика", 40, "Электроэ|нергетик|а" },
};

static void join_lines(const char *s, const struct ej_pdf_span *ln, size_t n, char *out,
		       size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (i)
			out[o++] = '|';
		assert_true(o + ln[i].len + 2 < size);
		memcpy(out + o, s + ln[i].off, ln[i].len);
		o += ln[i].len;
	}
	out[o] = '\0';
}

static void test_wrap_table(void **state)
{
	struct ej_pdf *p = new_pdf(NULL);

	(void)state;
	ej_pdf_font(p, EJ_PDF_REGULAR, 10);
	for (size_t i = 0; i < sizeof(wrap_cases) / sizeof(wrap_cases[0]); i++) {
		const struct wrap_case *c = &wrap_cases[i];
		const struct ej_pdf_span *ln;
		char got[512];
		size_t n = ej_pdf_wrap(p, c->text, c->width, &ln);

		join_lines(c->text, ln, n, got, sizeof(got));
		if (strcmp(got, c->expect) != 0)
			fail_msg("case %zu «%s» at %.0f pt: got «%s», want «%s»", i, c->text,
				 c->width, got, c->expect);
		/* every line fits unless it is a single cut character run */
		for (size_t k = 0; k < n; k++)
			assert_true(ej_pdf_widthn(p, c->text + ln[k].off, ln[k].len) <= c->width + 0.01);
	}
	ej_pdf_free(p);
}

/* ---- tables ---------------------------------------------------------------------- */

static int pages_started;

static double on_page(void *ctx, struct ej_pdf *p)
{
	(void)ctx;
	pages_started++;
	return ej_pdf_box(p).top + 20;
}

static void test_table_splits(void **state)
{
	static const struct ej_pdf_col cols[] = {
		{ "№", 20, EJ_PDF_RIGHT }, { "Тема занятия", 0, EJ_PDF_LEFT },
		{ "Преподаватель", 100, EJ_PDF_LEFT },
	};
	struct ej_pdf_opts o = base_opts;
	struct ej_pdf *p;
	struct ej_pdf_table t;
	struct ej_pdf_box b;
	double last_y = 0;
	int rows = 120;

	(void)state;
	o.duplex = true;
	p = new_pdf(&o);
	pages_started = 0;
	ej_pdf_add_page(p, true);
	b = ej_pdf_box(p);
	memset(&t, 0, sizeof(t));
	t.on_page = on_page;
	ej_pdf_table_begin(&t, p, cols, 3, b.left, b.top, b.right - b.left, 9);
	/* widths: the free column takes what is left */
	assert_true(fabs(t.w[1] - (b.right - b.left - 120)) < 1e-6);
	for (int i = 0; i < rows; i++) {
		char n[16];
		const char *cells[3] = { n, i % 7 ? "Короткая тема" :
			"Очень длинная тема занятия, которая переносится на несколько строк внутри ячейки таблицы и делает строку выше остальных", "Иванова А. Б." };
		int before = ej_pdf_page_count(p);

		snprintf(n, sizeof(n), "%d", i + 1);
		assert_int_equal(ej_pdf_table_row(&t, cells, false), 0);
		/* a row never crosses the bottom margin */
		assert_true(t.y <= ej_pdf_box(p).bottom + 0.01);
		if (ej_pdf_page_count(p) == before)
			assert_true(t.y > last_y);
		/* duplex: on even pages the table moves with the mirrored margin */
		assert_true(fabs(t.x[0] - ej_pdf_box(p).left) < 1e-6);
		last_y = t.y;
	}
	assert_true(ej_pdf_page_count(p) > 2);
	assert_int_equal(pages_started, ej_pdf_page_count(p) - 1);
	assert_int_equal(ej_pdf_error(p, NULL), 0);
	ej_pdf_free(p);
}

/* A row taller than a whole page (a topic pasted many times over) is cut to
** the page, ending in «…»: it neither splits nor runs off the bottom, and the
** next row goes on as usual. */
static void test_table_row_taller_than_page(void **state)
{
	static const struct ej_pdf_col cols[] = {
		{ "№", 20, EJ_PDF_RIGHT }, { "Тема занятия", 160, EJ_PDF_LEFT },
		{ "Домашнее задание", 0, EJ_PDF_LEFT },
	};
	struct ej_pdf *p = new_pdf(NULL);
	struct ej_pdf_table t;
	struct ej_pdf_box b;
	struct ej_buf big;
	char path[] = "/tmp/ejpdfcutXXXXXX", cmd[160], *txt;
	struct ej_err err = { 0 };
	size_t n;
	int fd;

	(void)state;
	ej_buf_init(&big, 0);
	for (int i = 0; i < 600; i++)
		ej_buf_printf(&big, "слово%d ", i);
	ej_pdf_add_page(p, true);
	b = ej_pdf_box(p);
	memset(&t, 0, sizeof(t));
	ej_pdf_table_begin(&t, p, cols, 3, b.left, b.top, b.right - b.left, 9);
	{
		const char *first[3] = { "1", "Короткая тема", "§1" };
		const char *huge[3] = { "2", ej_buf_str(&big), "§2" };
		const char *after[3] = { "3", "Следующая тема", "§3" };
		assert_int_equal(ej_pdf_table_row(&t, first, false), 0);
		assert_true(ej_pdf_table_row_height(&t, huge) > b.bottom - b.top);
		assert_int_equal(ej_pdf_table_row(&t, huge, false), 0);
		assert_int_equal(ej_pdf_page_count(p), 2);
		assert_true(t.y <= ej_pdf_box(p).bottom + 0.01);
		assert_int_equal(ej_pdf_table_row(&t, after, false), 0);
		assert_int_equal(ej_pdf_page_count(p), 3);
	}
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(ej_pdf_save(p, path, &err), 0);
	snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' '%s.txt'", path, path);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s.txt", path);
	txt = slurp(cmd, &n);
	assert_true(contains(txt, n, "слово0 "));
	assert_true(contains(txt, n, "…"));
	assert_false(contains(txt, n, "слово599"));      /* the cut-off words are gone */
	assert_true(contains(txt, n, "Следующая тема"));
	free(txt);
	unlink(cmd);
	unlink(path);
	ej_buf_release(&big);
	ej_pdf_free(p);
}

/* ---- pages and errors -------------------------------------------------------------- */

static void test_select_page_and_box(void **state)
{
	struct ej_pdf_opts o = base_opts;
	struct ej_pdf *p;
	struct ej_pdf_box b1, b2;
	struct ej_err err = { 0 };

	(void)state;
	o.duplex = true;
	p = new_pdf(&o);
	ej_pdf_add_page(p, true);
	ej_pdf_add_page(p, true);
	assert_int_equal(ej_pdf_page_number(p), 2);
	b2 = ej_pdf_box(p);
	assert_int_equal(ej_pdf_select_page(p, 1), 0);
	assert_int_equal(ej_pdf_page_number(p), 1);
	b1 = ej_pdf_box(p);
	/* landscape A4 with 30 mm stitched margin, mirrored on the even page */
	assert_true(fabs(b1.left - EJ_PDF_MM(30)) < 1e-6);
	assert_true(fabs(b1.right - (841.89 - EJ_PDF_MM(10))) < 0.01);
	assert_true(fabs(b2.left - EJ_PDF_MM(10)) < 1e-6);
	assert_true(fabs(b1.bottom - (595.276 - EJ_PDF_MM(20))) < 0.01);
	/* selecting a page that does not exist is a sticky error */
	assert_int_not_equal(ej_pdf_select_page(p, 9), 0);
	assert_int_not_equal(ej_pdf_text(p, 10, 10, "текст"), 0);
	assert_int_equal(ej_pdf_save(p, "/tmp/never-written.pdf", &err), EJ_EIO);
	assert_non_null(strstr(err.msg, "no page 9"));
	assert_int_not_equal(access("/tmp/never-written.pdf", F_OK), 0);
	ej_pdf_free(p);
}

static void test_missing_font(void **state)
{
	struct ej_pdf_opts o = base_opts;
	struct ej_err err = { 0 };

	(void)state;
	o.font_file[EJ_PDF_BOLD] = "NoSuchSerif-Bold.ttf";
	assert_null(ej_pdf_new(&o, &err));
	assert_int_equal(err.code, EJ_EIO);
	assert_non_null(strstr(err.msg, "NoSuchSerif-Bold.ttf"));
}

/* A file that is not a TrueType font: libharu's error handler records the
** error (no longjmp, no abort) and the document is refused. */
static void test_broken_font(void **state)
{
	char dir[] = "/tmp/ejpdf-font.XXXXXX", path[128], sub[96];
	struct ej_pdf_opts o = base_opts;
	struct ej_err err = { 0 };
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/fonts", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(path, sizeof(path), "%s/Broken.ttf", sub);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs("this is not a font, just some bytes to fail the table directory", f);
	fclose(f);
	setenv("EJOURNAL_DATADIR", dir, 1);
	o.font_file[EJ_PDF_REGULAR] = "Broken.ttf";
	assert_null(ej_pdf_new(&o, &err));
	assert_int_equal(err.code, EJ_EIO);
	assert_non_null(strstr(err.msg, "libharu error"));
	unsetenv("EJOURNAL_DATADIR");
	unlink(path);
	rmdir(sub);
	rmdir(dir);
}

/* ---- saving ---------------------------------------------------------------------------- */

static void draw_sample(struct ej_pdf *p)
{
	struct ej_pdf_box b;

	ej_pdf_add_page(p, true);
	b = ej_pdf_box(p);
	ej_pdf_font(p, EJ_PDF_BOLD, 14);
	ej_pdf_text_align(p, b.left, b.top + 20, b.right - b.left, EJ_PDF_CENTER, "ЖУРНАЛ учебных занятий");
	ej_pdf_font(p, EJ_PDF_ITALIC, 10);
	ej_pdf_paragraph(p, b.left, b.top + 40, 200, EJ_PDF_LEFT, 12,
			 "Ёлкин Пётр Семёнович — подгруппа 1, замена: Петров В. Г.");
	ej_pdf_line(p, b.left, b.top + 80, b.right, b.top + 80);
	ej_pdf_fill(p, b.left, b.top + 90, 50, 10, 0.9);
	ej_pdf_add_page(p, false);
	ej_pdf_page_note(p, "Раздел");
}

static void test_save_deterministic_pdfa(void **state)
{
	struct ej_pdf_opts o = base_opts;
	char path1[] = "/tmp/ejpdf-unit-1.pdf", path2[] = "/tmp/ejpdf-unit-2.pdf";
	struct ej_err err = { 0 };
	char *a, *b;
	size_t na, nb;

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1767000000", 1);
	o.pdfa = true;
	o.title = "Журнал & <проверка>";
	o.id_seed = "seed-1";
	for (int i = 0; i < 2; i++) {
		struct ej_pdf *p = new_pdf(&o);
		draw_sample(p);
		assert_int_equal(ej_pdf_page_count(p), 2);
		if (ej_pdf_save(p, i ? path2 : path1, &err) != 0)
			fail_msg("save: %s", err.msg);
		ej_pdf_free(p);
	}
	a = slurp(path1, &na);
	b = slurp(path2, &nb);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	assert_true(na > 1000 && memcmp(a, "%PDF-1.4", 8) == 0);
	/* PDF/A objects libharu lacks */
	assert_true(contains(a, na, "/GTS_PDFA1"));
	assert_true(contains(a, na, "/DestOutputProfile "));    /* the key, then a value */
	assert_false(contains(a, na, "/DestOutputProfile  "));  /* not libharu's "key " */
	assert_true(contains(a, na, "<pdfaid:part>1</pdfaid:part>"));
	assert_true(contains(a, na, "Журнал &amp; &lt;проверка&gt;"));   /* escaped XMP */
	assert_true(contains(a, na, "<xmp:CreateDate>2025-12-29T09:20:00+00:00</xmp:CreateDate>"));
	assert_true(contains(a, na, "/CIDSet"));
	assert_true(contains(a, na, "/CapHeight"));
	assert_true(contains(a, na, "/ID ["));
	assert_true(contains(a, na, "/Subtype /XML"));
	free(b);
	free(a);
	/* another seed, another /ID */
	{
		struct ej_pdf *p;
		o.id_seed = "seed-2";
		p = new_pdf(&o);
		draw_sample(p);
		assert_int_equal(ej_pdf_save(p, path2, &err), 0);
		ej_pdf_free(p);
		a = slurp(path1, &na);
		b = slurp(path2, &nb);
		assert_true(na != nb || memcmp(a, b, na) != 0);
		free(a);
		free(b);
	}
	unlink(path1);
	unlink(path2);
	unsetenv("SOURCE_DATE_EPOCH");
}

static void test_save_no_dir(void **state)
{
	struct ej_pdf *p = new_pdf(NULL);
	struct ej_err err = { 0 };

	(void)state;
	draw_sample(p);
	assert_int_not_equal(ej_pdf_save(p, "/nonexistent-dir/x.pdf", &err), 0);
	assert_true(err.msg[0] != '\0');
	ej_pdf_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_wrap_table),
		cmocka_unit_test(test_table_splits),
		cmocka_unit_test(test_table_row_taller_than_page),
		cmocka_unit_test(test_select_page_and_box),
		cmocka_unit_test(test_missing_font),
		cmocka_unit_test(test_broken_font),
		cmocka_unit_test(test_save_deterministic_pdfa),
		cmocka_unit_test(test_save_no_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
