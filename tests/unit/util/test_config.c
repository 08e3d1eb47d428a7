/*
** test_config.c — defaults, a complete good file, every kind of bad value
** (message names FILE:LINE and the key), warnings through a diag sink.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/config.h"

static char dir[] = "/tmp/ej-test-config.XXXXXX";
static char path[256];

/* Collects warnings: count and the concatenated text. */
struct sink_log {
	int n;
	char text[4096];
};

static void emit(void *ctx, enum ej_diag_level level, const char *msg)
{
	struct sink_log *l = ctx;
	size_t len = strlen(l->text);

	assert_int_equal(level, EJ_DIAG_WARNING);
	l->n++;
	snprintf(l->text + len, sizeof(l->text) - len, "%s\n", msg);
}

static void write_ini(const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static ej_day D(int y, int m, int d)
{
	ej_day day;

	assert_int_equal(ej_day_from_ymd(y, m, d, &day), 0);
	return day;
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/ejournal.ini", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	rmdir(dir);
	return 0;
}

static void test_defaults(void **state)
{
	static const struct { int y, m, d, start; } t[] = {
		{ 2025, 10, 14, 2025 }, { 2026, 3, 15, 2025 }, { 2026, 8, 31, 2025 },
		{ 2026, 9, 1, 2026 }, { 2025, 1, 1, 2024 },
	};
	struct ej_config c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ej_config_defaults(&c, D(t[i].y, t[i].m, t[i].d));
		assert_int_equal(c.start_year, t[i].start);
		assert_int_equal(c.semester[0].from, D(t[i].start, 9, 1));
		assert_int_equal(c.semester[0].to, D(t[i].start, 12, 28));
		assert_int_equal(c.semester[1].from, D(t[i].start + 1, 1, 12));
		assert_int_equal(c.semester[1].to, D(t[i].start + 1, 6, 30));
		ej_config_release(&c);
	}
	ej_config_defaults(&c, D(2025, 10, 14));
	assert_null(c.path);
	assert_string_equal(c.year_name, "2025/2026");
	assert_true(c.institution_is_default);
	assert_non_null(strstr(c.inst_name, "не задано в ejournal.ini"));
	assert_non_null(c.inst_short);
	assert_non_null(c.city);
	assert_non_null(c.director);
	assert_string_equal(c.director_title, "Директор");
	assert_null(c.deputy);
	assert_int_equal(c.nholidays, 0);
	assert_int_equal(c.ndepartments, 0);
	assert_int_equal(c.policy.grace_written_work_days, 7);
	assert_int_equal(c.policy.lessons_per_mark, 3);
	assert_int_equal(c.policy.min_per_semester, 3);
	assert_true(c.policy.max_share_below == 20);
	assert_true(c.policy.max_lag_hours == 4);
	assert_true(c.policy.min_topic_similarity == 0.5);
	assert_int_equal(c.policy.finals_min_current_marks, 3);
	assert_true(c.policy.low_percent == 80);
	assert_false(c.print_duplex);
	assert_true(c.print_pdfa);
	assert_true(c.margin_left_mm == 30 && c.margin_right_mm == 10);
	assert_true(c.margin_top_mm == 20 && c.margin_bottom_mm == 20);
	assert_false(ej_config_is_holiday(&c, D(2025, 11, 4)));
	assert_int_equal(ej_config_semester_of(&c, D(2025, 9, 1)), 1);
	assert_int_equal(ej_config_semester_of(&c, D(2025, 12, 29)), 0);
	assert_int_equal(ej_config_semester_of(&c, D(2026, 6, 30)), 2);
	assert_null(ej_config_department_head(&c, "Отделение"));
	ej_config_release(&c);
	ej_config_release(&c);            /* released twice: still safe */
}

static const char good[] =
	"\xEF\xBB\xBF; ejournal.ini as in cli.md\n"
	"[institution]\n"
	"name = Государственное бюджетное профессиональное образовательное учреждение "
	"Московской области «Физико-технический колледж»\n"
	"short_name = ГБПОУ МО «Физтех-колледж»\n"
	"city = г. Долгопрудный\n"
	"director = А.А. Летуновский\n"
	"director_title = Директор\n"
	"deputy = И.П. Петрова\n"
	"\n"
	"[year]\r\n"
	"name = 2025/2026\r\n"
	"semester1 = 01.09.2025-28.12.2025\n"
	"semester2 = 12.01.2026 - 30.06.2026\n"
	"holidays = 04.11.2025, 31.12.2025-11.01.2026, 23.02.2026, 09.03.2026, 01.05.2026, "
	"11.05.2026, 12.06.2026\n"
	"\n"
	"[department \"Отделение информационных технологий\"]\n"
	"head = Е.В. Смирнова\n"
	"[department «Экономическое отделение»]\n"
	"  head = О. Н. Кузнецова   ; inline comment\n"
	"\n"
	"[policy]\n"
	"grace.written_work_days = 5\n"
	"accumulation.lessons_per_mark = 4\n"
	"accumulation.min_per_semester = 2\n"
	"accumulation.max_share_below = 25.5\n"
	"plan.max_lag_hours = 6\n"
	"plan.min_topic_similarity = 0,6\n"
	"finals.min_current_marks = 5\n"
	"report.low_percent = 75\n"
	"\n"
	"[print]\n"
	"duplex = yes\n"
	"pdfa = no\n"
	"margin_left = 25\n"
	"margin_right = 15\n"
	"margin_top = 10.5\n"
	"margin_bottom = 12\n";

static void test_good(void **state)
{
	struct ej_config c;
	struct ej_err err = { 0 };
	struct sink_log log = { 0 };
	struct ej_diag_sink sink = { emit, &log };

	(void)state;
	write_ini(good);
	ej_config_defaults(&c, D(2024, 3, 3));
	if (ej_config_load(&c, path, &sink, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(log.n, 0);
	assert_string_equal(c.path, path);
	assert_false(c.institution_is_default);
	assert_string_equal(c.inst_name, "Государственное бюджетное профессиональное "
			    "образовательное учреждение Московской области «Физико-технический колледж»");
	assert_string_equal(c.inst_short, "ГБПОУ МО «Физтех-колледж»");
	assert_string_equal(c.city, "г. Долгопрудный");
	assert_string_equal(c.director, "А.А. Летуновский");
	assert_string_equal(c.director_title, "Директор");
	assert_string_equal(c.deputy, "И.П. Петрова");
	assert_string_equal(c.year_name, "2025/2026");
	assert_int_equal(c.start_year, 2025);
	assert_int_equal(c.semester[0].from, D(2025, 9, 1));
	assert_int_equal(c.semester[0].to, D(2025, 12, 28));
	assert_int_equal(c.semester[1].from, D(2026, 1, 12));
	assert_int_equal(c.semester[1].to, D(2026, 6, 30));
	assert_int_equal(c.nholidays, 7);
	assert_true(ej_config_is_holiday(&c, D(2025, 11, 4)));
	assert_true(ej_config_is_holiday(&c, D(2025, 12, 31)));
	assert_true(ej_config_is_holiday(&c, D(2026, 1, 5)));
	assert_true(ej_config_is_holiday(&c, D(2026, 1, 11)));
	assert_false(ej_config_is_holiday(&c, D(2026, 1, 12)));
	assert_false(ej_config_is_holiday(&c, D(2025, 11, 5)));
	assert_false(ej_config_is_holiday(&c, D(2025, 11, 9)));   /* a Sunday: not a holiday */
	assert_true(ej_config_is_holiday(&c, D(2026, 6, 12)));
	assert_int_equal(ej_config_semester_of(&c, D(2025, 12, 28)), 1);
	assert_int_equal(ej_config_semester_of(&c, D(2026, 1, 5)), 0);
	assert_int_equal(ej_config_semester_of(&c, D(2026, 1, 12)), 2);
	assert_int_equal(c.ndepartments, 2);
	assert_string_equal(ej_config_department_head(&c, "Отделение информационных технологий"),
			    "Е.В. Смирнова");
	assert_string_equal(ej_config_department_head(&c, " отделение ИНФОРМАЦИОННЫХ технологий"),
			    "Е.В. Смирнова");
	assert_string_equal(ej_config_department_head(&c, "Экономическое отделение"),
			    "О. Н. Кузнецова");
	assert_null(ej_config_department_head(&c, "Нет такого"));
	assert_int_equal(c.policy.grace_written_work_days, 5);
	assert_int_equal(c.policy.lessons_per_mark, 4);
	assert_int_equal(c.policy.min_per_semester, 2);
	assert_true(c.policy.max_share_below == 25.5);
	assert_true(c.policy.max_lag_hours == 6);
	assert_true(c.policy.min_topic_similarity > 0.5999 && c.policy.min_topic_similarity < 0.6001);
	assert_int_equal(c.policy.finals_min_current_marks, 5);
	assert_true(c.policy.low_percent == 75);
	assert_true(c.print_duplex);
	assert_false(c.print_pdfa);
	assert_true(c.margin_left_mm == 25 && c.margin_right_mm == 15);
	assert_true(c.margin_top_mm == 10.5 && c.margin_bottom_mm == 12);
	ej_config_release(&c);
}

/* The shipped example must load without warnings. */
static void test_example(void **state)
{
	static const char *const where[] = {
		"templates/ejournal.ini.example", "../templates/ejournal.ini.example",
		"../../templates/ejournal.ini.example", "../../../templates/ejournal.ini.example",
	};
	struct ej_config c;
	struct ej_err err = { 0 };
	struct sink_log log = { 0 };
	struct ej_diag_sink sink = { emit, &log };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		if (access(where[i], R_OK) == 0)
			break;
	if (i == sizeof(where) / sizeof(where[0]))
		skip();
	ej_config_defaults(&c, D(2025, 10, 1));
	if (ej_config_load(&c, where[i], &sink, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(log.n, 0);
	assert_false(c.institution_is_default);
	assert_int_equal(c.start_year, 2025);
	assert_true(c.nholidays > 0);
	assert_true(c.ndepartments > 0);
	ej_config_release(&c);
}

static void test_bad(void **state)
{
	static const struct { const char *text, *want; } t[] = {
		{ "[policy]\ngrace.written_work_days = семь\n",
		  ":2: key «grace.written_work_days»: «семь» is not a whole number" },
		{ "[policy]\n\n; comment\nplan.min_topic_similarity = 1.5\n",
		  ":4: key «plan.min_topic_similarity»: 1.5 must be between 0 and 1" },
		{ "[policy]\naccumulation.lessons_per_mark = 0\n",
		  ":2: key «accumulation.lessons_per_mark»: 0 must be between 1 and 100" },
		{ "[policy]\naccumulation.max_share_below = 20%\n",
		  ":2: key «accumulation.max_share_below»: «20%» is not a number" },
		{ "[policy]\nreport.low_percent = 101\n", ":2: key «report.low_percent»" },
		{ "[policy]\nfinals.min_current_marks = 99999999999999\n",
		  ":2: key «finals.min_current_marks»" },
		{ "[year]\nsemester1 = 28.12.2025-01.09.2025\n",
		  ":2: key «semester1»: the end 01.09.2025 is before the start 28.12.2025" },
		{ "[year]\nname = 2025/2026\nsemester1 = 31.02.2025-28.12.2025\n",
		  ":3: key «semester1»: «31.02.2025-28.12.2025» is not a date range" },
		{ "[year]\nsemester2 = 12.01.2026\n", ":2: key «semester2»: «12.01.2026» is not a date range" },
		{ "[year]\nholidays = 04.11.2025, 32.12.2025\n",
		  ":2: key «holidays»: «32.12.2025» is not a date" },
		{ "[year]\nholidays = 11.01.2026-31.12.2025\n",
		  ":2: key «holidays»: «11.01.2026-31.12.2025»: the end is before the start" },
		{ "[year]\nname = 2025/2027\n", ":2: key «name»: «2025/2027»: the second year" },
		{ "[year]\nname = двадцать пятый\n", ":2: key «name»: «двадцать пятый» is not an academic year" },
		{ "[year]\nname = 2025/2026\n\nsemester1 = 01.09.2024-28.12.2024\n",
		  ":4: key «semester1»: lies outside the academic year 2025/2026" },
		{ "[year]\nsemester1 = 01.09.2025-28.12.2025\nsemester2 = 20.12.2025-30.06.2026\n",
		  ":3: key «semester2»: starts 20.12.2025, not after the end of semester 1 (28.12.2025)" },
		{ "[print]\nduplex = maybe\n", ":2: key «duplex»: «maybe» is not yes/no" },
		{ "[print]\npdfa = yes\nmargin_left = -5\n", ":3: key «margin_left»: -5 must be between 0 and 100" },
		{ "[print]\nmargin_top = 1e3\n", ":2: key «margin_top»: «1e3» is not a number" },
		{ "[institution]\nname =\n", ":2: key «name»: empty value" },
		{ "[institution]\nname = ok\nthis line is garbage\n", ":3: syntax error" },
		{ "[department \"\"]\nhead = X\n", ":2: key «head»: the section [department" },
		{ "[institution]\ncity = \xC3\xEE\xF0\xEE\xE4\n", ":2: the file is not in UTF-8" },
	};
	size_t i;
	char want[512];

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ej_config c;
		struct ej_err err = { 0 };
		int rc;

		write_ini(t[i].text);
		ej_config_defaults(&c, D(2025, 10, 1));
		rc = ej_config_load(&c, path, NULL, &err);
		snprintf(want, sizeof(want), "%s%s", path, t[i].want);
		if (rc != EJ_EUSAGE || err.code != EJ_EUSAGE || !strstr(err.msg, want))
			fail_msg("case %zu: rc %d, message «%s», want «%s»", i, rc, err.msg, want);
		ej_config_release(&c);
	}
}

static void test_warnings(void **state)
{
	struct ej_config c;
	struct ej_err err = { 0 };
	struct sink_log log = { 0 };
	struct ej_diag_sink sink = { emit, &log };
	char want[512];

	(void)state;
	write_ini("stray = 1\n"
		  "[policy]\n"
		  "grace.written_work_days = 3\n"
		  "grace.oral_days = 2\n"
		  "[colors]\n"
		  "a = 1\n"
		  "b = 2\n"
		  "[print]\n"
		  "paper = A4\n"
		  "[department \"ИТ\"]\n"
		  "deputy = X\n");
	ej_config_defaults(&c, D(2025, 10, 1));
	assert_int_equal(ej_config_load(&c, path, &sink, &err), 0);
	assert_int_equal(c.policy.grace_written_work_days, 3);
	assert_int_equal(log.n, 5);
	snprintf(want, sizeof(want), "%s:1: key «stray» outside any section", path);
	assert_non_null(strstr(log.text, want));
	snprintf(want, sizeof(want), "%s:4: unknown key «grace.oral_days» in [policy]", path);
	assert_non_null(strstr(log.text, want));
	snprintf(want, sizeof(want), "%s:6: unknown section [colors]", path);
	assert_non_null(strstr(log.text, want));
	snprintf(want, sizeof(want), "%s:9: unknown key «paper» in [print]", path);
	assert_non_null(strstr(log.text, want));
	snprintf(want, sizeof(want), "%s:11: unknown key «deputy» in [department \"ИТ\"]", path);
	assert_non_null(strstr(log.text, want));
	ej_config_release(&c);
}

static void test_year_derived(void **state)
{
	struct ej_config c;
	struct ej_err err = { 0 };

	(void)state;
	/* start_year from semester 1, semester 2 by default. */
	write_ini("[year]\nsemester1 = 02.09.2024-27.12.2024\n");
	ej_config_defaults(&c, D(2025, 10, 1));
	assert_int_equal(ej_config_load(&c, path, NULL, &err), 0);
	assert_int_equal(c.start_year, 2024);
	assert_string_equal(c.year_name, "2024/2025");
	assert_int_equal(c.semester[0].from, D(2024, 9, 2));
	assert_int_equal(c.semester[1].from, D(2025, 1, 12));
	assert_int_equal(c.semester[1].to, D(2025, 6, 30));
	ej_config_release(&c);

	/* Name only: both semesters by default for that year. */
	write_ini("[year]\nname = 2023-2024\n");
	ej_config_defaults(&c, D(2025, 10, 1));
	assert_int_equal(ej_config_load(&c, path, NULL, &err), 0);
	assert_int_equal(c.start_year, 2023);
	assert_string_equal(c.year_name, "2023/2024");
	assert_int_equal(c.semester[0].from, D(2023, 9, 1));
	assert_int_equal(c.semester[1].to, D(2024, 6, 30));
	ej_config_release(&c);

	/* No [year]: from today; a name without short_name is both. */
	write_ini("[institution]\nname = \"Колледж связи\"\n");
	ej_config_defaults(&c, D(2026, 2, 1));
	assert_int_equal(ej_config_load(&c, path, NULL, &err), 0);
	assert_int_equal(c.start_year, 2025);
	assert_string_equal(c.inst_name, "Колледж связи");
	assert_string_equal(c.inst_short, "Колледж связи");
	assert_false(c.institution_is_default);
	assert_null(c.deputy);
	ej_config_release(&c);

	/* ISO dates and an en dash in ranges; empty holiday items are ignored. */
	write_ini("[year]\nsemester1 = 2025-09-01 – 2025-12-28\n"
		  "holidays = 2025-11-04,, 2026-01-01-2026-01-08 ,\n");
	ej_config_defaults(&c, D(2025, 10, 1));
	if (ej_config_load(&c, path, NULL, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(c.nholidays, 2);
	assert_true(ej_config_is_holiday(&c, D(2026, 1, 8)));
	assert_false(ej_config_is_holiday(&c, D(2026, 1, 9)));
	ej_config_release(&c);

	/* A BOM right before the first section header; ASCII case is ignored. */
	write_ini("\xEF\xBB\xBF[Print]\nDuplex = да\n[DEPARTMENT \"ИТ\"]\nHead = X\n");
	ej_config_defaults(&c, D(2025, 10, 1));
	assert_int_equal(ej_config_load(&c, path, NULL, &err), 0);
	assert_true(c.print_duplex);
	assert_string_equal(ej_config_department_head(&c, "ит"), "X");
	ej_config_release(&c);
}

static void test_missing_file(void **state)
{
	struct ej_config c;
	struct ej_err err = { 0 };
	char p[300];

	(void)state;
	snprintf(p, sizeof(p), "%s/nope.ini", dir);
	ej_config_defaults(&c, D(2025, 10, 1));
	assert_int_equal(ej_config_load(&c, p, NULL, &err), EJ_EUSAGE);
	assert_non_null(strstr(err.msg, p));
	assert_non_null(strstr(err.msg, "No such file"));
	assert_true(c.institution_is_default);
	ej_config_release(&c);
}

static void test_long_line(void **state)
{
	struct ej_config c;
	struct ej_err err = { 0 };
	char *text = malloc(20000), *name = malloc(20000);
	size_t i;

	(void)state;
	name[0] = '\0';
	for (i = 0; i < 1000; i++)
		strcat(name, "Кол");
	snprintf(text, 20000, "[institution]\nname = %s\n[policy]\nplan.max_lag_hours = x\n", name);
	write_ini(text);
	ej_config_defaults(&c, D(2025, 10, 1));
	assert_int_equal(ej_config_load(&c, path, NULL, &err), EJ_EUSAGE);
	assert_string_equal(c.inst_name, name);
	assert_non_null(strstr(err.msg, ":4: key «plan.max_lag_hours»"));
	ej_config_release(&c);
	free(text);
	free(name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_year_derived),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_long_line),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
