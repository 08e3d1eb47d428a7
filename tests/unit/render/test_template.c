/* Unit tests for lib/render/template.c: parsing blocks, expanding
** placeholders, and the errors a college's edit can cause. */
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

#include "render/template.h"

static const char sample[] =
	"\xEF\xBB\xBF# wording of the reports\n"
	"\n"
	"[title]\n"
	"Справка за {{semester}} семестр {{ year }} учебного года\n"
	"\n"
	"\n"
	"[two.lines]\n"
	"\n"
	"Первая строка {{a}}\r\n"
	"# comment inside is skipped\n"
	"вторая {{b}}{{a}}\n"
	"[literal]\n"
	"{{{{не заполнитель}} и {{a}}\n"
	"[empty]\n"
	"[bad]\n"
	"строка\n"
	"ещё {{нет_такого}}\n"
	"[open]\n"
	"без конца {{a\n";

struct expand_case {
	const char *key;
	const char *want;      /* NULL = expect an error */
	const char *err_part;  /* substring of the error message */
};

static const struct expand_case cases[] = {
	{ "title", "Справка за 1 семестр 2025/2026 учебного года", NULL },
	{ "two.lines", "Первая строка А\nвторая ББА", NULL },
	{ "literal", "{{не заполнитель}} и А", NULL },
	{ "empty", "", NULL },
	{ "bad", NULL, "sample.txt:17: unknown placeholder {{нет_такого}} in [bad]" },
	{ "open", NULL, "without «}}»" },
	{ "missing", NULL, "no block [missing]" },
};

static void test_expand_table(void **state)
{
	struct ej_err err = { 0 };
	struct ej_tpl *t = ej_tpl_parse(sample, sizeof(sample) - 1, "sample.txt", &err);
	struct ej_tpl_vars v;
	size_t i;

	(void)state;
	assert_non_null(t);
	ej_tpl_vars_init(&v);
	ej_tpl_set(&v, "semester", "1");
	ej_tpl_set(&v, "year", "2025/2026");
	ej_tpl_set(&v, "a", "x");
	ej_tpl_set(&v, "a", "А");         /* replaces */
	ej_tpl_setf(&v, "b", "%s%s", "Б", "Б");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got;
		ej_err_clear(&err);
		got = ej_tpl_render(t, cases[i].key, &v, &err);
		if (cases[i].want) {
			if (!got)
				fail_msg("%s: %s", cases[i].key, err.msg);
			assert_string_equal(got, cases[i].want);
		} else {
			assert_null(got);
			assert_int_equal(err.code, EJ_EDATA);
			if (!strstr(err.msg, cases[i].err_part))
				fail_msg("%s: error «%s» lacks «%s»", cases[i].key, err.msg,
					 cases[i].err_part);
		}
		free(got);
	}
	assert_true(ej_tpl_has(t, "empty"));
	assert_false(ej_tpl_has(t, "nope"));
	ej_tpl_vars_release(&v);
	ej_tpl_free(t);
}

struct parse_err_case {
	const char *text;
	const char *err_part;
};

static const struct parse_err_case parse_errs[] = {
	{ "текст до блока\n[a]\nx\n", "x.txt:1: text before the first [block]" },
	{ "[a]\nx\n[b]\ny\n[a]\nz\n", "x.txt:5: block [a] given twice" },
	{ "[a]\n\xff\xfe\n", "invalid UTF-8" },
};

static void test_parse_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(parse_errs) / sizeof(parse_errs[0]); i++) {
		struct ej_err err = { 0 };
		struct ej_tpl *t = ej_tpl_parse(parse_errs[i].text, strlen(parse_errs[i].text),
						"x.txt", &err);
		assert_null(t);
		assert_int_equal(err.code, EJ_EDATA);
		if (!strstr(err.msg, parse_errs[i].err_part))
			fail_msg("case %zu: «%s» lacks «%s»", i, err.msg, parse_errs[i].err_part);
	}
}

static void test_numbers(void **state)
{
	struct ej_tpl_vars v;

	(void)state;
	ej_tpl_vars_init(&v);
	ej_tpl_set_num(&v, "p", 85.714, 2);
	ej_tpl_set_num(&v, "q", 100.0, 1);
	ej_tpl_set_num(&v, "r", NAN, 2);
	ej_tpl_set_num(&v, "s", 4.0, 0);
	assert_string_equal(ej_tpl_get(&v, "p"), "85,71");
	assert_string_equal(ej_tpl_get(&v, "q"), "100,0");
	assert_string_equal(ej_tpl_get(&v, "r"), "—");
	assert_string_equal(ej_tpl_get(&v, "s"), "4");
	assert_null(ej_tpl_get(&v, "none"));
	ej_tpl_vars_release(&v);
}

/* A college edits the installed file: the edit is what gets expanded. */
static void test_load_from_datadir(void **state)
{
	char dir[] = "/tmp/ejtplXXXXXX", path[256];
	struct ej_err err = { 0 };
	struct ej_tpl *t;
	struct ej_tpl_vars v;
	char *got;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/templates", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/templates/t.txt", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("[x]\nКолледж: {{institution.short_name}}\n", fp);
	fclose(fp);
	setenv("EJOURNAL_DATADIR", dir, 1);
	t = ej_tpl_load("t.txt", &err);
	assert_non_null(t);
	ej_tpl_vars_init(&v);
	ej_tpl_set(&v, "institution.short_name", "ГБПОУ «Колледж»");
	got = ej_tpl_render(t, "x", &v, &err);
	assert_string_equal(got, "Колледж: ГБПОУ «Колледж»");
	free(got);
	ej_tpl_vars_release(&v);
	ej_tpl_free(t);
	assert_null(ej_tpl_load("absent.txt", &err));
	assert_int_equal(err.code, EJ_EIO);
	unlink(path);
	snprintf(path, sizeof(path), "%s/templates", dir);
	rmdir(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expand_table),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_load_from_datadir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
