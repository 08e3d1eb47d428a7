/*
** test_align.c — topic normalisation, similarity, Russian-language and
** bare-type tests, the in-order plan alignment of P06, and the byte-level
** fast paths (topic scripts, ej_rc_iso_day) against the general decoders.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/align.h"
#include "util/utf8.h"
#include "util/date.h"
#include "rules/rules_ctx.h"

static double sim(const char *a, const char *b)
{
	struct ej_words x, y;

	ej_topic_words(a, &x);
	ej_topic_words(b, &y);
	return ej_topic_similarity(&x, &y);
}

static void test_similarity(void **state)
{
	static const struct { const char *a, *b; double lo, hi; } t[] = {
		{ "Циклы for и while", "Цикл for и цикл while", 0.99, 1.0 },
		{ "Массивы и списки", "Массивы", 0.6, 0.7 },
		{ "Практическая работа №3. Массивы", "Массивы", 0.99, 1.0 },
		{ "Переменные, типы данных.", "переменные и ТИПЫ данных", 0.99, 1.0 },
		{ "Ёмкость конденсатора", "емкость конденсатора", 0.99, 1.0 },
		{ "Техника безопасности", "Функции и процедуры", 0.0, 0.0 },
		{ "", "Функции", 0.0, 0.0 },
		{ "Тема 12", "Тема 13", 0.0, 0.0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		double s = sim(t[i].a, t[i].b);
		if (s < t[i].lo - 1e-9 || s > t[i].hi + 1e-9)
			fail_msg("«%s» ~ «%s» = %.3f, want %.2f..%.2f", t[i].a, t[i].b, s, t[i].lo, t[i].hi);
	}
}

static void test_russian(void **state)
{
	(void)state;
	assert_true(ej_topic_is_russian("Циклы for и while в языке программирования Python"));
	assert_true(ej_topic_is_russian("Запросы SQL"));
	assert_false(ej_topic_is_russian("Loops in Python"));
	assert_false(ej_topic_is_russian("Present Simple: упр."));
	assert_false(ej_topic_is_russian("123"));
	assert_true(ej_topic_is_bare_type("Практическая работа №3"));
	assert_true(ej_topic_is_bare_type("Лабораторная работа № 12."));
	assert_true(ej_topic_is_bare_type("Контрольная работа"));
	assert_true(ej_topic_is_bare_type("Экскурсия"));
	assert_false(ej_topic_is_bare_type("Практическая работа №3. Массивы"));
	assert_false(ej_topic_is_bare_type("Экскурсия на хлебозавод"));
	assert_false(ej_topic_is_bare_type(""));
}

/* The byte-level fast paths (ASCII, two-byte Cyrillic) agree with the
** decoder on malformed and non-Russian UTF-8 too. */
static void test_fast_paths(void **state)
{
	static const char *const t[] = {
		"\xD0", "\xD0" "Abc", "ab\xD1", "\xC0\xB0\xC0\xB0", "\xC1\xBF",
		"\xD3\x80\xD3\x80 x",                 /* U+04C0: Cyrillic, lead 0xD3 */
		"\xD4\x80\xD4\x80 x",                 /* U+0500: not counted */
		"\xE2\x80\x94 \xD0\xB0\xD0\xB1 ab", /* em dash */
		"\xF0\x9F\x98\x80 ok", "\xED\xA0\x80\xD0\xB0", "\xFF\xFE\xD0\xB0",
		"Цик\x80лы цикл", "і ї є ґ abc", "Ёжик ёжик ЁЖИК", "Массив массивы масси",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t cy = 0, la = 0;
		ej_utf8_count_scripts(t[i], &cy, &la);
		if (ej_topic_is_russian(t[i]) != (cy > 0 && cy >= la))
			fail_msg("ej_topic_is_russian(\"%s\") disagrees with the decoder", t[i]);
	}
	/* An invalid byte inside a word does not split it; stems of 5 and 6+ letters. */
	assert_true(sim("Цик\x80лы", "Циклы") > 0.99);
	assert_true(sim("Массиву", "Массивы") > 0.99);  /* «масси» both */
	assert_true(sim("Массив", "Массивы") < 0.01);   /* «масс» ≠ «масси» */
	assert_true(sim("Ёжик ЁЖИК", "ежик") > 0.99);
	assert_true(sim("Масс", "Массы") > 0.99);        /* 4 letters kept = the 5-letter stem */
	assert_true(sim("Массивами", "Массивы") < 0.01); /* «массива» ≠ «масси» */
}

/* ej_rc_iso_day's fast path for ГГГГ-ММ-ДД agrees with ej_date_parse. */
static void test_iso_day(void **state)
{
	static const char *const t[] = {
		"2026-01-31", "2026-02-29", "2024-02-29", "2026-13-01", "2026-00-10",
		"2026-04-31", "0000-01-01", "9999-12-31", "2026-01-31 10:00:00",
		"2026-1-31", "2026-01-3", "31.01.2026", " 2026-01-31", "2026-01-31x",
		"20260-1-31", "", "2026-01", "2026-01-31T08:00",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ej_day want = EJ_DAY_NONE, d;
		if (strlen(t[i]) >= 10 && !ej_date_parse(t[i], 10, &d))
			want = d;
		if (ej_rc_iso_day(t[i]) != want)
			fail_msg("ej_rc_iso_day(\"%s\") = %ld, want %ld", t[i],
				 (long)ej_rc_iso_day(t[i]), (long)want);
	}
	assert_int_equal(ej_rc_iso_day(NULL), EJ_DAY_NONE);
}

static void words(const char *const *t, size_t n, struct ej_words *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		ej_topic_words(t[i], &w[i]);
}

/* One skipped plan topic: every later lesson still finds its own topic. */
static void test_align_skip(void **state)
{
	static const char *const plan[] = {
		"Введение", "Переменные", "Условные операторы", "Циклы", "Массивы",
		"Функции", "Рекурсия", "Строки",
	};
	static const char *const held[] = {
		"Введение", "Переменные", "Циклы", "Массивы", "Функции", "Рекурсия", "Строки",
	};
	struct ej_words p[8], l[7];
	int match[7];
	static const int want[7] = { 0, 1, 3, 4, 5, 6, 7 };
	size_t i;

	(void)state;
	words(plan, 8, p);
	words(held, 7, l);
	ej_align_topics(l, 7, p, 8, 0.5, 10, match, NULL);
	for (i = 0; i < 7; i++)
		assert_int_equal(match[i], want[i]);
}

/* An extra lesson and a repeated topic; the band keeps far matches out. */
static void test_align_extra(void **state)
{
	static const char *const plan[] = { "Введение", "Переменные", "Циклы", "Массивы" };
	static const char *const held[] = {
		"Введение", "Техника безопасности", "Переменные", "Циклы", "Циклы", "Массивы",
	};
	struct ej_words p[4], l[6];
	int match[6];
	double s[6];
	static const int want[6] = { 0, -1, 1, 2, -1, 3 };
	size_t i;

	(void)state;
	words(plan, 4, p);
	words(held, 6, l);
	ej_align_topics(l, 6, p, 4, 0.5, 10, match, s);
	for (i = 0; i < 6; i++)
		assert_int_equal(match[i], want[i]);
	assert_true(s[1] < 0.5);
	/* band 0: only the same index may match */
	ej_align_topics(l, 6, p, 4, 0.5, 0, match, NULL);
	assert_int_equal(match[0], 0);
	assert_int_equal(match[2], -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_similarity),
		cmocka_unit_test(test_russian),
		cmocka_unit_test(test_fast_paths),
		cmocka_unit_test(test_iso_day),
		cmocka_unit_test(test_align_skip),
		cmocka_unit_test(test_align_extra),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
