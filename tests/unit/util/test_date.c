/*
** test_date.c — day arithmetic, the date/timestamp parsers, formatting.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/date.h"

static void test_ymd(void **state)
{
	static const struct { int y, m, d; ej_day day; int wd; } t[] = {
		{ 1970, 1, 1, 0, 4 },
		{ 1969, 12, 31, -1, 3 },
		{ 2000, 2, 29, 11016, 2 },
		{ 2025, 9, 1, 20332, 1 },
		{ 2025, 10, 14, 20375, 2 },
		{ 2026, 6, 30, 20634, 2 },
		{ 2025, 9, 7, 20338, 7 },
		{ 1900, 3, 1, -25508, 4 },
		{ 2400, 2, 29, 157113, 2 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ej_day d;
		int y, m, dd;
		assert_int_equal(ej_day_from_ymd(t[i].y, t[i].m, t[i].d, &d), 0);
		assert_int_equal(d, t[i].day);
		ej_day_to_ymd(d, &y, &m, &dd);
		assert_int_equal(y, t[i].y);
		assert_int_equal(m, t[i].m);
		assert_int_equal(dd, t[i].d);
		assert_int_equal(ej_day_weekday(d), t[i].wd);
	}
}

static void test_ymd_roundtrip(void **state)
{
	ej_day d, e;
	int y, m, dd;

	(void)state;
	for (d = -719162; d <= 2932896; d += 7) {
		ej_day_to_ymd(d, &y, &m, &dd);
		assert_int_equal(ej_day_from_ymd(y, m, dd, &e), 0);
		assert_int_equal(e, d);
	}
}

static void test_invalid_ymd(void **state)
{
	static const int bad[][3] = {
		{ 2025, 2, 29 }, { 1900, 2, 29 }, { 2025, 4, 31 }, { 2025, 13, 1 },
		{ 2025, 0, 10 }, { 2025, 1, 0 }, { 2025, 1, 32 }, { 0, 1, 1 }, { 10000, 1, 1 },
	};
	size_t i;
	ej_day d;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(ej_day_from_ymd(bad[i][0], bad[i][1], bad[i][2], &d), -1);
	assert_int_equal(ej_day_from_ymd(2024, 2, 29, &d), 0);
	assert_int_equal(ej_day_from_ymd(2000, 2, 29, &d), 0);
}

static void test_parse(void **state)
{
	static const struct { const char *s; int y, m, d; } t[] = {
		{ "14.10.2025", 2025, 10, 14 },
		{ "14.10.25", 2025, 10, 14 },
		{ "2025-10-14", 2025, 10, 14 },
		{ "1.9.2025", 2025, 9, 1 },
		{ "01.09.2025", 2025, 9, 1 },
		{ "  29.02.2024\t", 2024, 2, 29 },
		{ "\xC2\xA0" "05.01.26 ", 2026, 1, 5 },
		{ "2026-1-5", 2026, 1, 5 },
		{ "31.12.99", 2099, 12, 31 },
	};
	static const char *const bad[] = {
		"", "   ", "29.02.2025", "31.04.2025", "14.10.2025x", "x14.10.2025",
		"14.10", "14.10.", "14/10/2025", "14.10.202", "14.10.20255", "123.10.2025",
		"14.100.2025", "2025-10-14 12:00", "14.10.2025.", "14 .10.2025", "-1.10.2025",
		"2025-13-01", "00.10.2025", "14.00.2025", "25-10-14", "14,10,2025",
	};
	size_t i;
	ej_day d, e;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(ej_date_parse(t[i].s, strlen(t[i].s), &d), 0);
		assert_int_equal(ej_day_from_ymd(t[i].y, t[i].m, t[i].d, &e), 0);
		assert_int_equal(d, e);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		d = 12345;
		if (ej_date_parse(bad[i], strlen(bad[i]), &d) == 0)
			fail_msg("accepted «%s»", bad[i]);
		assert_int_equal(d, 12345);
	}
	/* Only n bytes are read. */
	assert_int_equal(ej_date_parse("14.10.2025;x", 10, &d), 0);
	assert_int_equal(ej_date_parse("14.10.2025", 9, &d), -1);    /* "14.10.202" */
}

static void test_parse_short(void **state)
{
	static const struct { const char *s; int start; int y, m, d; } t[] = {
		{ "01.09", 2025, 2025, 9, 1 },
		{ "28.12", 2025, 2025, 12, 28 },
		{ "12.01", 2025, 2026, 1, 12 },
		{ "30.06", 2025, 2026, 6, 30 },
		{ "31.08", 2025, 2026, 8, 31 },
		{ "29.02", 2023, 2024, 2, 29 },
		{ "3.9", 2025, 2025, 9, 3 },
		{ "14.10.2024", 2025, 2024, 10, 14 },
	};
	size_t i;
	ej_day d, e;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(ej_date_parse_short(t[i].s, strlen(t[i].s), t[i].start, &d), 0);
		assert_int_equal(ej_day_from_ymd(t[i].y, t[i].m, t[i].d, &e), 0);
		assert_int_equal(d, e);
	}
	assert_int_equal(ej_date_parse_short("29.02", 5, 2024, &d), -1);   /* 2025 */
	assert_int_equal(ej_date_parse_short("32.01", 5, 2025, &d), -1);
	assert_int_equal(ej_date_parse_short("01.09 x", 7, 2025, &d), -1);
	assert_int_equal(ej_date_parse_short("Итог", strlen("Итог"), 2025, &d), -1);
}

static void test_time(void **state)
{
	static const struct { const char *s; const char *iso; } t[] = {
		{ "14.10.2025", "2025-10-14 00:00:00" },
		{ "14.10.2025 18:04", "2025-10-14 18:04:00" },
		{ "14.10.2025   18:04:59", "2025-10-14 18:04:59" },
		{ "14.10.25 9:05", "2025-10-14 09:05:00" },
		{ "2025-10-14T18:04", "2025-10-14 18:04:00" },
		{ "2025-10-14T18:04:05", "2025-10-14 18:04:05" },
		{ "2025-10-14 23:59:59", "2025-10-14 23:59:59" },
		{ " 1.9.2025 00:00 ", "2025-09-01 00:00:00" },
		{ "31.12.1969 23:00", "1969-12-31 23:00:00" },
	};
	static const char *const bad[] = {
		"", "14.10.2025 24:00", "14.10.2025 12:60", "14.10.2025 12:00:60",
		"14.10.2025 12", "14.10.2025 12:5", "14.10.2025T12:00", "2025-10-14T",
		"14.10.202512:00", "14.10.2025 12:00 x", "14.10.2025 12:00:", "2025-10-14 T12:00",
		"14.10.2025 -1:00", "14.10.2025 123:00", "31.02.2025 10:00",
	};
	size_t i;
	ej_time tm;
	char out[20];

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (ej_time_parse(t[i].s, strlen(t[i].s), &tm) != 0)
			fail_msg("rejected «%s»", t[i].s);
		ej_time_iso(tm, out);
		assert_string_equal(out, t[i].iso);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (ej_time_parse(bad[i], strlen(bad[i]), &tm) == 0)
			fail_msg("accepted «%s»", bad[i]);
}

static void test_time_day(void **state)
{
	ej_day d;

	(void)state;
	assert_int_equal(ej_time_day(0), 0);
	assert_int_equal(ej_time_day(86399), 0);
	assert_int_equal(ej_time_day(86400), 1);
	assert_int_equal(ej_time_day(-1), -1);
	assert_int_equal(ej_time_day(-86400), -1);
	assert_int_equal(ej_time_day(-86401), -2);
	assert_int_equal(ej_day_from_ymd(2025, 10, 14, &d), 0);
	assert_int_equal(ej_time_day(ej_time_from_day(d) + 3600), d);
}

static void test_format(void **state)
{
	char a[11], b[11], c[6], t[20];
	ej_day d;

	(void)state;
	assert_int_equal(ej_day_from_ymd(2025, 9, 1, &d), 0);
	ej_day_iso(d, a);
	ej_day_ru(d, b);
	ej_day_ru_short(d, c);
	assert_string_equal(a, "2025-09-01");
	assert_string_equal(b, "01.09.2025");
	assert_string_equal(c, "01.09");
	ej_time_iso(ej_time_from_day(d) + 18 * 3600 + 4 * 60 + 7, t);
	assert_string_equal(t, "2025-09-01 18:04:07");
	ej_day_iso(EJ_DAY_NONE, a);
	ej_day_ru(EJ_DAY_NONE, b);
	ej_time_iso(EJ_TIME_NONE, t);
	assert_string_equal(a, "");
	assert_string_equal(b, "");
	assert_string_equal(t, "");
	/* Round trip through the parser. */
	for (d = 18000; d < 22000; d++) {
		ej_day e;
		ej_day_ru(d, b);
		assert_int_equal(ej_date_parse(b, strlen(b), &e), 0);
		assert_int_equal(e, d);
		ej_day_iso(d, a);
		assert_int_equal(ej_date_parse(a, strlen(a), &e), 0);
		assert_int_equal(e, d);
	}
}

static void test_months(void **state)
{
	(void)state;
	assert_string_equal(ej_month_name(1), "январь");
	assert_string_equal(ej_month_name(5), "май");
	assert_string_equal(ej_month_name(12), "декабрь");
	assert_string_equal(ej_month_name_gen(3), "марта");
	assert_string_equal(ej_month_name_gen(5), "мая");
	assert_string_equal(ej_month_name_gen(8), "августа");
	assert_string_equal(ej_month_name(0), "");
	assert_string_equal(ej_month_name_gen(13), "");
}

/* Random short strings (fixed seed): whatever is accepted is a real date
** that formats back to a text the parser accepts again. */
static void test_random(void **state)
{
	static const char alphabet[] = "0123456789012345.-.- T:";
	unsigned seed = 4242;
	char s[24], iso[20];
	int round;

	(void)state;
	for (round = 0; round < 200000; round++) {
		size_t n, i;
		ej_day d, e;
		ej_time t, u;

		seed = seed * 1103515245u + 12345u;
		n = 6 + (seed >> 16) % 15;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		if (ej_date_parse(s, n, &d) == 0) {
			ej_day_iso(d, iso);
			assert_int_equal(ej_date_parse(iso, strlen(iso), &e), 0);
			assert_int_equal(d, e);
		}
		if (ej_time_parse(s, n, &t) == 0) {
			ej_time_iso(t, iso);
			assert_int_equal(ej_time_parse(iso, strlen(iso), &u), 0);
			assert_true(t == u);
		}
		(void)ej_date_parse_short(s, n, 2025, &d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ymd),
		cmocka_unit_test(test_ymd_roundtrip),
		cmocka_unit_test(test_invalid_ymd),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_short),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_time_day),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
