/*
** test_numwords.c — number words with gender and тысяча agreement, plurals.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "util/numwords.h"

static void test_words(void **state)
{
	static const struct { long n; enum ej_gender g; const char *out; } t[] = {
		{ 0, EJ_MASC, "ноль" },
		{ 1, EJ_MASC, "один" },
		{ 1, EJ_FEM, "одна" },
		{ 1, EJ_NEUT, "одно" },
		{ 2, EJ_FEM, "две" },
		{ 2, EJ_NEUT, "два" },
		{ 10, EJ_MASC, "десять" },
		{ 11, EJ_MASC, "одиннадцать" },
		{ 19, EJ_FEM, "девятнадцать" },
		{ 20, EJ_MASC, "двадцать" },
		{ 40, EJ_MASC, "сорок" },
		{ 90, EJ_MASC, "девяносто" },
		{ 100, EJ_MASC, "сто" },
		{ 111, EJ_MASC, "сто одиннадцать" },
		{ 121, EJ_MASC, "сто двадцать один" },
		{ 122, EJ_MASC, "сто двадцать два" },
		{ 125, EJ_MASC, "сто двадцать пять" },
		{ 200, EJ_MASC, "двести" },
		{ 999, EJ_MASC, "девятьсот девяносто девять" },
		{ 1000, EJ_MASC, "одна тысяча" },
		{ 1001, EJ_MASC, "одна тысяча один" },
		{ 2000, EJ_MASC, "две тысячи" },
		{ 2002, EJ_FEM, "две тысячи две" },
		{ 5000, EJ_MASC, "пять тысяч" },
		{ 11000, EJ_MASC, "одиннадцать тысяч" },
		{ 21000, EJ_MASC, "двадцать одна тысяча" },
		{ 22500, EJ_MASC, "двадцать две тысячи пятьсот" },
		{ 100000, EJ_MASC, "сто тысяч" },
		{ 1000000, EJ_MASC, "один миллион" },
		{ 2000001, EJ_MASC, "два миллиона один" },
		{ 5432100, EJ_MASC, "пять миллионов четыреста тридцать две тысячи сто" },
		{ 999999999, EJ_MASC, "девятьсот девяносто девять миллионов девятьсот "
				      "девяносто девять тысяч девятьсот девяносто девять" },
		{ 1000000000, EJ_MASC, "" },
		{ -1, EJ_MASC, "" },
	};
	char out[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ej_num_words(t[i].n, t[i].g, out, sizeof(out));
		if (strcmp(out, t[i].out))
			fail_msg("%ld: «%s», want «%s»", t[i].n, out, t[i].out);
	}
}

static void test_truncation(void **state)
{
	char out[16];

	(void)state;
	memset(out, 'x', sizeof(out));
	ej_num_words(121, EJ_MASC, out, sizeof(out));     /* "сто двадцать" is 23 bytes */
	assert_string_equal(out, "сто");
	ej_num_words(1, EJ_MASC, out, 1);
	assert_string_equal(out, "");
}

static void test_plural(void **state)
{
	static const struct { long n; const char *out; } t[] = {
		{ 0, "листов" }, { 1, "лист" }, { 2, "листа" }, { 4, "листа" }, { 5, "листов" },
		{ 11, "листов" }, { 12, "листов" }, { 14, "листов" }, { 15, "листов" },
		{ 21, "лист" }, { 22, "листа" }, { 25, "листов" }, { 101, "лист" },
		{ 111, "листов" }, { 112, "листов" }, { 121, "лист" }, { 122, "листа" },
		{ 125, "листов" }, { 1000, "листов" }, { 1001, "лист" }, { -3, "листа" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_string_equal(ej_plural(t[i].n, "лист", "листа", "листов"), t[i].out);
}

/* The phrase documents print: «сто двадцать один лист». */
static void test_phrase(void **state)
{
	static const struct { long n; const char *out; } t[] = {
		{ 121, "сто двадцать один лист" },
		{ 122, "сто двадцать два листа" },
		{ 125, "сто двадцать пять листов" },
		{ 111, "сто одиннадцать листов" },
		{ 1000, "одна тысяча листов" },
		{ 0, "ноль листов" },
	};
	char w[128], out[192];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ej_num_words(t[i].n, EJ_MASC, w, sizeof(w));
		snprintf(out, sizeof(out), "%s %s", w, ej_plural(t[i].n, "лист", "листа", "листов"));
		assert_string_equal(out, t[i].out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_plural),
		cmocka_unit_test(test_phrase),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
