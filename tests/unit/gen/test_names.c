/*
** test_names.c — Russian names: female surname forms, gender agreement of
** drawn names, short forms; the topic catalogue obeys F03 and F04.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gen/catalog.h"
#include "gen/names.h"
#include "gen/rng.h"

static const struct { const char *male, *female; } surnames[] = {
	{ "Иванов", "Иванова" }, { "Соловьёв", "Соловьёва" }, { "Зайцев", "Зайцева" },
	{ "Ильин", "Ильина" }, { "Тверской", "Тверская" }, { "Толстой", "Толстая" },
	{ "Вишневский", "Вишневская" }, { "Городецкий", "Городецкая" },
	{ "Шевченко", "Шевченко" }, { "Белых", "Белых" }, { "Черных", "Черных" },
};

static void test_surname_female(void **state)
{
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(surnames) / sizeof(surnames[0]); i++) {
		ej_surname_female(surnames[i].male, buf, sizeof(buf));
		assert_string_equal(buf, surnames[i].female);
	}
}

static int ends(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && !memcmp(s + n - m, suf, m);
}

static int in_table(int female, const char *first)
{
	size_t i;

	for (i = 0; i < ej_names_first_count(female); i++)
		if (!strcmp(ej_names_first(female, i), first))
			return 1;
	return 0;
}

/* Every drawn name agrees in gender in all three parts. */
static void test_agreement(void **state)
{
	struct ej_rng r;
	struct ej_person_name p;
	int k, female;

	(void)state;
	ej_rng_seed(&r, 2025);
	for (k = 0; k < 5000; k++) {
		female = k & 1;
		ej_name_draw(&r, female, &p);
		assert_int_equal(p.female, female);
		assert_true(in_table(female, p.first));
		assert_false(in_table(!female, p.first));
		if (female) {
			assert_true(ends(p.middle, "вна") || ends(p.middle, "чна"));
			assert_false(ends(p.last, "ов") || ends(p.last, "ев") || ends(p.last, "ин") ||
				     ends(p.last, "ий") || ends(p.last, "ой"));
		} else {
			assert_true(ends(p.middle, "вич") || ends(p.middle, "ич"));
			assert_false(ends(p.last, "ова") || ends(p.last, "ева") || ends(p.last, "ая"));
		}
	}
}

static void test_full_and_short(void **state)
{
	struct ej_person_name p = { "Ёлкина", "Алёна", "Петровна", 1 };
	char buf[160];

	(void)state;
	ej_name_full(&p, buf, sizeof(buf));
	assert_string_equal(buf, "Ёлкина Алёна Петровна");
	ej_name_short(&p, buf, sizeof(buf));
	assert_string_equal(buf, "Ёлкина А. П.");
}

/* Cyrillic and Latin letters of a UTF-8 string. */
static void count_letters(const char *s, int *cyr, int *lat)
{
	const unsigned char *p = (const unsigned char *)s;

	*cyr = *lat = 0;
	while (*p) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			(*lat)++;
		else if (*p == 0xD0 || *p == 0xD1)
			(*cyr)++, p++;
		p++;
	}
}

/* Rule F03: every topic the generator writes is Russian (more Cyrillic than
** Latin letters); F04: every practical/control subject says something. */
static void test_topics_are_russian(void **state)
{
	int a, cyr, lat;

	(void)state;
	for (a = 0; a < AR_COUNT; a++) {
		const struct cat_area_topics *t = ej_cat_area(a);
		const char *const *lists[3] = { t->theory, t->practical, t->control };
		int l, i;

		assert_non_null(t->theory[0]);
		assert_non_null(t->practical[0]);
		assert_non_null(t->control[0]);
		for (l = 0; l < 3; l++)
			for (i = 0; lists[l][i]; i++) {
				count_letters(lists[l][i], &cyr, &lat);
				if (cyr <= lat)
					fail_msg("area %d: «%s» is not Russian enough", a, lists[l][i]);
				assert_true(strlen(lists[l][i]) > 8);
			}
		/* the F03 plant's topic is really not Russian */
		count_letters(t->english, &cyr, &lat);
		assert_int_equal(cyr, 0);
		assert_true(lat > 5);
	}
	for (a = 0; a < (int)ej_cat_nhomework; a++) {
		const char *p = ej_cat_homework[a];
		int fmt = 0;

		while ((p = strstr(p, "%d")))
			fmt++, p += 2;
		count_letters(ej_cat_homework[a], &cyr, &lat);
		assert_true(cyr > 10);
		assert_int_equal(lat, fmt);   /* only the %d placeholders */
	}
}

/* Curricula: 15–18 pairs a week, indices unique within a group's profile. */
static void test_profiles(void **state)
{
	int fam, course, s;
	size_t n, i, j;

	(void)state;
	for (fam = 0; fam < 2; fam++)
		for (course = 1; course <= 4; course++) {
			const struct cat_disc *d = ej_cat_profile(fam, course, &n);

			assert_non_null(d);
			assert_true(n <= 16);
			for (s = 0; s < 2; s++) {
				int pairs = 0;

				for (i = 0; i < n; i++)
					pairs += d[i].slots[s];
				assert_true(pairs >= 15 && pairs <= 18);
			}
			for (i = 0; i < n; i++)
				for (j = i + 1; j < n; j++)
					assert_string_not_equal(d[i].index, d[j].index);
		}
	assert_null(ej_cat_profile(2, 1, &n));
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_surname_female),
		cmocka_unit_test(test_agreement),
		cmocka_unit_test(test_full_and_short),
		cmocka_unit_test(test_topics_are_russian),
		cmocka_unit_test(test_profiles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
