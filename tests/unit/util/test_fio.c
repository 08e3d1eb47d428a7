/*
** test_fio.c — short forms, matching keys, recognising short forms, joining.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/fio.h"

static const struct {
	const char *in, *shortf, *key_full, *key_short;
	bool is_short;
} cases[] = {
	{ "Иванов Иван Иванович", "Иванов И. И.", "иванов иван иванович", "иванов и.и.", false },
	{ "Иванов И.И.", "Иванов И. И.", "иванов и и", "иванов и.и.", true },
	{ "Иванов И. И.", "Иванов И. И.", "иванов и и", "иванов и.и.", true },
	{ "иванов  и. и.", "иванов И. И.", "иванов и и", "иванов и.и.", true },
	{ "Иванов И.И", "Иванов И. И.", "иванов и и", "иванов и.и.", true },
	{ "Иванов Иван", "Иванов И.", "иванов иван", "иванов и.", false },
	{ "Иванов И.", "Иванов И.", "иванов и", "иванов и.", true },
	{ "Иванов", "Иванов", "иванов", "иванов", false },
	{ "  Петрова-Водкина   Анна  Сергеевна ", "Петрова-Водкина А. С.",
	  "петрова-водкина анна сергеевна", "петрова-водкина а.с.", false },
	{ "Алиев Рашид Тимур оглы", "Алиев Р. Т.", "алиев рашид тимур оглы", "алиев р.т.", false },
	{ "Мамедова Айгюн Фарид кызы", "Мамедова А. Ф.", "мамедова айгюн фарид кызы",
	  "мамедова а.ф.", false },
	{ "Алиев Р.Т.", "Алиев Р. Т.", "алиев р т", "алиев р.т.", true },
	{ "Пётр Ёлкин", "Пётр Ё.", "петр елкин", "петр е.", false },
	{ "Ёлкин Пётр Семёнович", "Ёлкин П. С.", "елкин петр семенович", "елкин п.с.", false },
	{ "ЁЛКИН ПЁТР СЕМЁНОВИЧ", "ЁЛКИН П. С.", "елкин петр семенович", "елкин п.с.", false },
	{ "\xC2\xA0Смирнова\xC2\xA0Елена Викторовна", "Смирнова Е. В.",
	  "смирнова елена викторовна", "смирнова е.в.", false },
	{ "Е.В. Смирнова", "Смирнова Е. В.", "смирнова е в", "смирнова е.в.", true },
	{ "А.А. Летуновский", "Летуновский А. А.", "летуновский а а", "летуновский а.а.", true },
	{ "Smith John", "Smith J.", "smith john", "smith j.", false },
	{ "", "", "", "", false },
	{ "   ", "", "", "", false },
};

static void test_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = ej_fio_short(cases[i].in);
		char *kf = ej_fio_key_full(cases[i].in);
		char *ks = ej_fio_key_short(cases[i].in);
		if (strcmp(s, cases[i].shortf) || strcmp(kf, cases[i].key_full) ||
		    strcmp(ks, cases[i].key_short) ||
		    ej_fio_is_short(cases[i].in) != cases[i].is_short)
			fail_msg("«%s»: short «%s» key_full «%s» key_short «%s» is_short %d",
				 cases[i].in, s, kf, ks, ej_fio_is_short(cases[i].in));
		free(s);
		free(kf);
		free(ks);
	}
}

/* Full and short forms of one person meet on the short key. */
static void test_match(void **state)
{
	static const char *const same[][2] = {
		{ "Иванов Иван Иванович", "иванов  и. и." },
		{ "Семёнова Алёна Петровна", "Семенова А.П." },
		{ "Алиев Рашид Тимур оглы", "АЛИЕВ Р. Т." },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		char *a = ej_fio_key_short(same[i][0]), *b = ej_fio_key_short(same[i][1]);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	{
		char *a = ej_fio_key_full("Семёнова  Алёна Петровна");
		char *b = ej_fio_key_full("семенова алена петровна ");
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	{
		char *a = ej_fio_key_short("Иванов Иван Петрович");
		char *b = ej_fio_key_short("Иванов И. И.");
		assert_string_not_equal(a, b);
		free(a);
		free(b);
	}
}

static void test_join(void **state)
{
	static const struct { const char *l, *f, *m, *out; } t[] = {
		{ "Иванов", "Иван", "Иванович", "Иванов Иван Иванович" },
		{ " Иванов ", "Иван", "", "Иванов Иван" },
		{ "Иванов", NULL, "Иванович", "Иванов Иванович" },
		{ "", "", "", "" },
		{ NULL, NULL, NULL, "" },
		{ "Алиев", "Рашид", "Тимур оглы", "Алиев Рашид Тимур оглы" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *r = ej_fio_join(t[i].l, t[i].f, t[i].m);
		assert_string_equal(r, t[i].out);
		free(r);
	}
	assert_false(ej_fio_is_short(NULL));
	{
		char *r = ej_fio_short(NULL);
		assert_string_equal(r, "");
		free(r);
	}
}

/* Random names from a small alphabet (fixed seed): no crash, and the short
** key of a name equals the short key of its short form. */
static void test_random(void **state)
{
	static const char *const parts[] = {
		"Иванов", "И.", "И", ".", " ", "  ", "\xC2\xA0", "оглы", "Ёж", "-", "a",
		"Пётр.", "\xEF\xBB\xBF", "\xD0", "ПЕТРОВА-ВОДКИНА", "Анна", "Сергеевна",
	};
	unsigned seed = 777;
	char name[256];
	int round, i, n;

	(void)state;
	for (round = 0; round < 5000; round++) {
		char *sh, *k1, *k2, *kf;
		name[0] = '\0';
		seed = seed * 1103515245u + 12345u;
		n = (int)((seed >> 16) % 8);
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			strcat(name, parts[(seed >> 16) % (sizeof(parts) / sizeof(parts[0]))]);
		}
		sh = ej_fio_short(name);
		k1 = ej_fio_key_short(name);
		k2 = ej_fio_key_short(sh);
		kf = ej_fio_key_full(name);
		(void)ej_fio_is_short(name);
		if (strcmp(k1, k2))
			fail_msg("«%s»: short «%s», keys «%s» ≠ «%s»", name, sh, k1, k2);
		free(sh);
		free(k1);
		free(k2);
		free(kf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
