/*
** test_utf8.c — strict validation, decoding, case folding, trimming, scripts.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/utf8.h"

static void test_valid(void **state)
{
	static const struct { const char *s; size_t n; bool ok; size_t bad; } t[] = {
		{ "", 0, true, 0 },
		{ "abc", 3, true, 0 },
		{ "Журнал ёЁ", 17, true, 0 },
		{ "\xE2\x82\xAC", 3, true, 0 },            /* € */
		{ "\xF0\x9F\x98\x80", 4, true, 0 },        /* emoji */
		{ "ab\x80", 3, false, 2 },                 /* stray continuation */
		{ "a\xC0\xAF", 3, false, 1 },              /* overlong '/' */
		{ "\xC1\xBF", 2, false, 0 },               /* overlong */
		{ "\xE0\x80\xAF", 3, false, 0 },           /* overlong 3-byte */
		{ "\xF0\x80\x80\xAF", 4, false, 0 },       /* overlong 4-byte */
		{ "x\xED\xA0\x80", 4, false, 1 },          /* surrogate U+D800 */
		{ "\xF4\x90\x80\x80", 4, false, 0 },       /* > U+10FFFF */
		{ "\xF5\x80\x80\x80", 4, false, 0 },
		{ "\xD0", 1, false, 0 },                   /* truncated */
		{ "\xD0\x90\xE2\x82", 4, false, 2 },       /* А then truncated */
		{ "\xFF", 1, false, 0 },
		{ "\xCF\xE0\xF0", 3, false, 0 },           /* CP1251 «Пар» */
	};
	size_t i, bad;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		bad = 999;
		assert_int_equal(ej_utf8_valid(t[i].s, t[i].n, &bad), t[i].ok);
		if (!t[i].ok)
			assert_int_equal(bad, t[i].bad);
	}
	assert_true(ej_utf8_valid("a\xD0", 1, NULL));   /* only n bytes looked at */
}

static void test_decode_encode(void **state)
{
	static const uint32_t cps[] = { 0, 'A', 0x7F, 0x80, 0x401, 0x44F, 0x7FF, 0x800,
					0xFFFD, 0xFFFF, 0x10000, 0x10FFFF };
	char b[8];
	uint32_t cp;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		k = ej_utf8_encode(cps[i], b);
		assert_int_equal(ej_utf8_decode(b, k, &cp), k);
		assert_int_equal(cp, cps[i]);
		assert_int_equal(ej_utf8_decode(b, k - 1 + (k == 1), &cp), k == 1 ? 1 : 0);
	}
	assert_int_equal(ej_utf8_encode(0xD800, b), 3);          /* → U+FFFD */
	assert_memory_equal(b, "\xEF\xBF\xBD", 3);
	assert_int_equal(ej_utf8_decode("", 0, &cp), 0);
}

static void test_len(void **state)
{
	(void)state;
	assert_int_equal(ej_utf8_len(""), 0);
	assert_int_equal(ej_utf8_len("abc"), 3);
	assert_int_equal(ej_utf8_len("Ёлка"), 4);
	assert_int_equal(ej_utf8_len("a€😀"), 3);
}

static void test_lower(void **state)
{
	static const struct { const char *in; bool fold; const char *out; } t[] = {
		{ "", false, "" },
		{ "ABC xyz 123", false, "abc xyz 123" },
		{ "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ", false, "абвгдежзийклмнопрстуфхцчшщъыьэюя" },
		{ "Ёлка ёж", false, "ёлка ёж" },
		{ "Ёлка ёж", true, "елка еж" },
		{ "Іван Ўсё", false, "іван ўсё" },
		{ "SQL и Python", true, "sql и python" },
		{ "bad\xFF" "Б", false, "bad\xFF" "б" },        /* invalid bytes kept */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *r = ej_utf8_lower(t[i].in, t[i].fold);
		assert_string_equal(r, t[i].out);
		free(r);
	}
	assert_int_equal(ej_utf8_upper_cp(0x451), 0x401);
	assert_int_equal(ej_utf8_upper_cp(0x44F), 0x42F);
	assert_int_equal(ej_utf8_upper_cp('q'), 'Q');
	assert_int_equal(ej_utf8_upper_cp(0x4E8), 0x4E8);
}

static void test_trim(void **state)
{
	static const struct { const char *in; const char *out; } t[] = {
		{ "", "" },
		{ "   ", "" },
		{ "a", "a" },
		{ " \t a b \r\n", "a b" },
		{ "\xC2\xA0Иванов\xC2\xA0", "Иванов" },
		{ "\xEF\xBB\xBF" "ФИО", "ФИО" },
		{ "\xEF\xBB\xBF \xC2\xA0 x y\xC2\xA0 \xC2\xA0", "x y" },
		{ "Я\xC2\xA0Я", "Я\xC2\xA0Я" },                 /* inner NBSP stays */
		{ "x\xEF\xBB\xBF", "x\xEF\xBB\xBF" },           /* BOM only at the start */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *r = ej_utf8_trim(t[i].in, strlen(t[i].in));
		assert_string_equal(r, t[i].out);
		free(r);
	}
	{
		char *r = ej_utf8_trim("  ab  cd", 5);          /* only n bytes */
		assert_string_equal(r, "ab");
		free(r);
	}
}

static void test_scripts(void **state)
{
	static const struct { const char *s; size_t cy, la; } t[] = {
		{ "", 0, 0 },
		{ "Основы SQL", 6, 3 },
		{ "Present Simple", 0, 13 },
		{ "Ёжик ӨҮ 123 !", 6, 0 },
		{ "Python: циклы for и while", 6, 14 },
	};
	size_t i, cy, la;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ej_utf8_count_scripts(t[i].s, &cy, &la);
		assert_int_equal(cy, t[i].cy);
		assert_int_equal(la, t[i].la);
	}
}

static void test_eq_fold(void **state)
{
	(void)state;
	assert_true(ej_utf8_eq_fold("Отделение ИТ", "  отделение ит "));
	assert_true(ej_utf8_eq_fold("Пётр", "ПЕТР"));
	assert_false(ej_utf8_eq_fold("Петр", "Петра"));
	assert_true(ej_utf8_eq_fold(NULL, NULL));
	assert_false(ej_utf8_eq_fold("a", NULL));
}

/* Random bytes (fixed seed): the functions agree with each other and never
** read past the end (run under ASan/valgrind). */
static void test_random(void **state)
{
	static const unsigned char alphabet[] = {
		'a', ' ', 0xC2, 0xA0, 0xD0, 0x81, 0x90, 0xBF, 0xD1, 0x91, 0xE2, 0x82, 0xAC,
		0xEF, 0xBB, 0xBF, 0xF0, 0x9F, 0x98, 0xED, 0xA0, 0xC0, 0xFF, 0x80,
	};
	unsigned seed = 12345;
	char s[24];
	int round;

	(void)state;
	for (round = 0; round < 20000; round++) {
		size_t n = (seed >> 16) % sizeof(s), i, off = 0, pos = 0, k;
		uint32_t cp;
		bool valid = true;
		char *r;

		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = (char)alphabet[(seed >> 16) % sizeof(alphabet)];
		}
		seed = seed * 1103515245u + 12345u;
		while (pos < n) {
			k = ej_utf8_decode(s + pos, n - pos, &cp);
			if (!k) {
				valid = false;
				break;
			}
			pos += k;
		}
		assert_int_equal(ej_utf8_valid(s, n, &off), valid);
		if (!valid)
			assert_int_equal(off, pos);
		r = ej_utf8_trim(s, n);
		assert_true(strlen(r) <= n);
		free(r);
		{
			char z[25];
			memcpy(z, s, n);
			z[n] = '\0';
			r = ej_utf8_lower(z, true);
			assert_int_equal(strlen(r), strlen(z));
			free(r);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_decode_encode),
		cmocka_unit_test(test_len),
		cmocka_unit_test(test_lower),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_scripts),
		cmocka_unit_test(test_eq_fold),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
