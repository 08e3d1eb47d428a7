/* Unit tests for lib/render/xlsx.c.  Workbooks are read back by an
** independent reader (openpyxl under /usr/bin/python3). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "render/xlsx.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ejxlsxXXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Run a python snippet on the workbook; its stdout is compared with want. */
static void py_expect(const char *path, const char *code, const char *want)
{
	char script[256], cmd[512], got[4096];
	FILE *fp;
	size_t n;

	snprintf(script, sizeof(script), "%s/check.py", dir);
	fp = fopen(script, "w");
	assert_non_null(fp);
	fprintf(fp, "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1])\n%s\n", code);
	fclose(fp);
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' '%s' 2>&1", script, path);
	fp = popen(cmd, "r");
	assert_non_null(fp);
	n = fread(got, 1, sizeof(got) - 1, fp);
	got[n] = '\0';
	pclose(fp);
	if (strcmp(got, want) != 0)
		fail_msg("python said:\n%s\nwanted:\n%s", got, want);
}

static void test_table_roundtrip(void **state)
{
	struct ej_xlsx x;
	struct ej_err err = { 0 };
	struct ej_xlsx_opts o = { .mode = 0600, .created = 1760000000, .title = "Проба" };
	static const char *const hdr[] = { "Группа", "Успеваемость", "Средний балл", "Пропуски" };
	static const double w[] = { 20, 14, 12, 10 };
	lxw_worksheet *ws, *ws2, *ws3;
	char path[128];
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/t.xlsx", dir);
	assert_int_equal(ej_xlsx_open(&x, path, &o, &err), 0);
	ws = ej_xlsx_sheet(&x, "ИСП/21: [первая]*очень длинное имя листа больше лимита");
	ws2 = ej_xlsx_sheet(&x, "Свод");
	ws3 = ej_xlsx_sheet(&x, "свод");
	assert_non_null(ws);
	assert_non_null(ws2);
	assert_non_null(ws3);
	ej_xlsx_header(&x, ws, 0, hdr, w, 4);
	ej_xlsx_str(&x, ws, 1, 0, "ИСП-21", NULL);
	ej_xlsx_pct(&x, ws, 1, 1, 85.0, NULL);
	ej_xlsx_num(&x, ws, 1, 2, 4.25, NULL);
	ej_xlsx_int(&x, ws, 1, 3, 12);
	ej_xlsx_str(&x, ws, 2, 0, "ИСП-22", NULL);
	ej_xlsx_pct(&x, ws, 2, 1, NAN, NULL);
	ej_xlsx_num(&x, ws, 2, 2, 3.5, NULL);
	ej_xlsx_int(&x, ws, 2, 3, 4);
	ej_xlsx_formula(&x, ws, 3, 3, "=SUM(D2:D3)", 16, x.total_int);
	ej_xlsx_mark_below(&x, ws, 1, 1, 2, 1, 0.8);
	ej_xlsx_mark_equal(&x, ws, 1, 2, 2, 2, 2);
	ej_xlsx_table_finish(&x, ws, 0, 2, 3, 1);
	{
		static const int vc[1] = { 1 };
		static const char *const nm[1] = { "Успеваемость" };
		ej_xlsx_bar_chart(&x, ws2, 0, 0, "Успеваемость", ws, 1, 2, 0, vc, nm, 1, true);
	}
	assert_int_equal(ej_xlsx_close(&x, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	py_expect(path,
		"print(wb.sheetnames)\n"
		"ws = wb.worksheets[0]\n"
		"print(ws['B2'].value, ws['B2'].number_format, ws['C2'].value, ws['D2'].value)\n"
		"print(ws['B3'].value, type(ws['D3'].value).__name__)\n"
		"print(ws['D4'].value)\n"
		"print(ws.freeze_panes, ws.auto_filter.ref)\n"
		"# fitToWidth None = the default 1 (one page wide)\n"
		"print(ws.page_setup.orientation, ws.page_setup.paperSize, ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight)\n"
		"print(ws.print_title_rows)\n"
		"cf = ws.conditional_formatting\n"
		"print(sorted((str(r.sqref), r.rules[0].operator, r.rules[0].formula[0]) for r in cf))\n"
		"print(len(wb.worksheets[1]._charts))\n"
		"print(wb.properties.created.isoformat(), wb.properties.title)\n",
		"['ИСП_21_ _первая__очень длинное', 'Свод', 'свод (2)']\n"
		"0.85 0.0% 4.25 12\n"
		"None int\n"
		"=SUM(D2:D3)\n"
		"B2 A1:D3\n"
		"landscape 9 True None 0\n"
		"$1:$1\n"
		"[('B2:B3', 'lessThan', '0.8'), ('C2:C3', 'equal', '2')]\n"
		"1\n"
		"2025-10-09T08:53:20 Проба\n");
	/* The cached value of the formula, as a reader without a calculator sees it. */
	py_expect(path,
		"wb = openpyxl.load_workbook(sys.argv[1], data_only=True)\n"
		"print(wb.worksheets[0]['D4'].value)",
		"16\n");
	/* No temporary left beside it. */
	{
		char cmd[160], out[64] = "";
		FILE *fp;
		snprintf(cmd, sizeof(cmd), "ls -A '%s' | grep -c tmp", dir);
		fp = popen(cmd, "r");
		assert_non_null(fgets(out, sizeof(out), fp));
		pclose(fp);
		assert_string_equal(out, "0\n");
	}
}

/* constant_memory: rows in order work; a row written out of order is an
** error reported at close, and no file appears under the final name. */
static void test_constant_memory_errors(void **state)
{
	struct ej_xlsx x;
	struct ej_err err = { 0 };
	struct ej_xlsx_opts o = { .constant_memory = true };
	lxw_worksheet *ws;
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/cm.xlsx", dir);
	assert_int_equal(ej_xlsx_open(&x, path, &o, &err), 0);
	ws = ej_xlsx_sheet(&x, "A");
	ej_xlsx_int(&x, ws, 5, 0, 1);
	ej_xlsx_int(&x, ws, 2, 0, 1);      /* earlier row: dropped by the library */
	assert_int_not_equal(ej_xlsx_close(&x, &err), 0);
	assert_int_equal(err.code, EJ_EIO);
	assert_int_equal(access(path, F_OK), -1);
}

static void test_cell_ref(void **state)
{
	static const struct { int r, c; const char *want; } t[] = {
		{ 0, 0, "A1" }, { 9, 25, "Z10" }, { 0, 26, "AA1" }, { 99, 701, "ZZ100" },
		{ 0, 702, "AAA1" },
	};
	char out[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ej_xlsx_cell_ref(t[i].r, t[i].c, out);
		assert_string_equal(out, t[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_roundtrip),
		cmocka_unit_test(test_constant_memory_errors),
		cmocka_unit_test(test_cell_ref),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
