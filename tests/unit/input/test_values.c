/*
** test_values.c — cell values: marks (several per cell, no Latin
** look-alikes), lesson types, attestation forms, final kinds, yes/no,
** numbers, discipline «индекс название», and the matching key.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "input/values.h"

static void test_marks(void **state)
{
	static const struct { const char *in; int rc; const char *want; } t[] = {
		{ "5", 0, "5" }, { "4", 0, "4" }, { "3", 0, "3" }, { "2", 0, "2" }, { "1", 0, "1" },
		{ "зач", 0, "зач" }, { "Зачтено", 0, "зач" }, { "з", 0, "зач" },
		{ "незач", 0, "незач" }, { "не зачтено", 0, "незач" }, { "НЗ", 0, "незач" },
		{ "н/а", 0, "на" }, { "на", 0, "на" }, { "Н/А", 0, "на" },
		{ "осв", 0, "осв" }, { "н", 0, "н" }, { "Н", 0, "н" }, { "б", 0, "б" },
		{ "у", 0, "у" }, { "уп", 0, "у" }, { "оп", 0, "оп" },
		{ "5/4", 0, "5,4" }, { "5 4", 0, "5,4" }, { "н/2", 0, "н,2" }, { "н 2", 0, "н,2" },
		{ " 5 / 4 ", 0, "5,4" }, { "н/а/5", 0, "на,5" }, { "не зачтено 3", 0, "незач,3" },
		{ "6", -1, "" }, { "0", -1, "" }, { "5+", -1, "" }, { "4-", -1, "" },
		{ "H", -1, "" },               /* Latin H for н */
		{ "y", -1, "" },               /* Latin y for у */
		{ "6/4", -1, "" }, { "5//", 0, "5" }, { "отл", -1, "" }, { "55", -1, "" },
		{ "", -3, "" }, { "  ", -3, "" },
	};
	size_t i, n, k;
	const char *v[EJ_MARK_MAXVALS];

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char got[64] = "";
		int rc = ej_mark_parse(t[i].in, v, EJ_MARK_MAXVALS, &n);
		if (rc != t[i].rc)
			fail_msg("«%s»: rc %d, want %d", t[i].in, rc, t[i].rc);
		if (rc)
			continue;
		for (k = 0; k < n; k++) {
			strcat(got, k ? "," : "");
			strcat(got, v[k]);
		}
		if (strcmp(got, t[i].want))
			fail_msg("«%s»: got «%s», want «%s»", t[i].in, got, t[i].want);
	}
	assert_int_equal(ej_mark_parse("5/4/3", v, 2, &n), -2);
	assert_int_equal(ej_mark_parse("5", v, 0, &n), -2);          /* the one-digit path too */
	assert_int_equal(ej_mark_parse("4", v, 1, &n), 0);
	assert_int_equal(n, 1);
	assert_true(ej_mark_is_attendance("н"));
	assert_true(ej_mark_is_attendance("оп"));
	assert_false(ej_mark_is_attendance("5"));
	assert_false(ej_mark_is_attendance("на"));
}

static void test_lesson_types(void **state)
{
	static const struct { const char *in; const char *want; } t[] = {
		{ "", "theory" }, { "Теоретическое занятие", "theory" }, { "Лекция", "theory" },
		{ "Урок", "theory" }, { "комбинированный урок", "theory" },
		{ "Комбинированное занятие", "theory" },
		{ "Практическая работа", "practical" }, { "ПЗ", "practical" }, { "пр", "practical" },
		{ "Практическое  занятие", "practical" },
		{ "Лабораторная работа", "lab" }, { "ЛР", "lab" },
		{ "Контрольная работа", "control" }, { "КР", "control" }, { "Тест", "control" },
		{ "Зачётная работа", "control" }, { "зачетная работа", "control" },
		{ "Проверочная работа", "control" }, { "Тестирование", "control" },
		{ "Экскурсия", "excursion" }, { "Семинар", "seminar" },
		{ "Консультация", "consultation" }, { "Экзамен", "exam" }, { "Зачёт", "exam" },
		{ "Дифференцированный зачёт", "exam" }, { "Дифзачёт", "exam" },
		{ "Самостоятельная работа", "self_study" },
		{ "Курсовое проектирование", "project" }, { "Курсовая работа", "project" },
		{ "Индивидуальный проект", "project" },
		{ "Игра", NULL }, { "Lab", "lab" },
	};
	size_t i;
	const char *out;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int rc = ej_lesson_type_parse(t[i].in, &out);
		if (!t[i].want) {
			assert_int_equal(rc, -1);
			continue;
		}
		if (rc || strcmp(out, t[i].want))
			fail_msg("«%s»: rc %d", t[i].in, rc);
	}
}

static void test_forms(void **state)
{
	const char *out;
	int yn;
	double d;
	long l;

	(void)state;
	assert_int_equal(ej_attestation_parse("", &out), 0);
	assert_null(out);
	assert_int_equal(ej_attestation_parse("Экзамен", &out), 0);
	assert_string_equal(out, "exam");
	assert_int_equal(ej_attestation_parse("Зачёт", &out), 0);
	assert_string_equal(out, "credit");
	assert_int_equal(ej_attestation_parse("Дифференцированный зачёт", &out), 0);
	assert_string_equal(out, "diff_credit");
	assert_int_equal(ej_attestation_parse("Другие формы контроля", &out), 0);
	assert_string_equal(out, "other");
	assert_int_equal(ej_attestation_parse("Реферат", &out), -1);

	assert_int_equal(ej_final_kind_parse("семестровая", &out), 0);
	assert_string_equal(out, "semester");
	assert_int_equal(ej_final_kind_parse("Дифзачёт", &out), 0);
	assert_string_equal(out, "diff_credit");
	assert_int_equal(ej_final_kind_parse("годовая", &out), 0);
	assert_string_equal(out, "year");
	assert_int_equal(ej_final_kind_parse("итоговая", &out), 0);
	assert_string_equal(out, "final");
	assert_int_equal(ej_final_kind_parse("четвертная", &out), -1);

	assert_int_equal(ej_yesno_parse("Да", &yn), 0);
	assert_int_equal(yn, 1);
	assert_int_equal(ej_yesno_parse("нет", &yn), 0);
	assert_int_equal(yn, 0);
	assert_int_equal(ej_yesno_parse("", &yn), 0);
	assert_int_equal(yn, -1);
	assert_int_equal(ej_yesno_parse("может", &yn), -1);

	assert_int_equal(ej_number_parse("1,5", &d), 0);
	assert_true(d == 1.5);
	assert_int_equal(ej_number_parse("2", &d), 0);
	assert_true(d == 2);
	assert_int_equal(ej_number_parse("2 ч", &d), -1);
	assert_int_equal(ej_number_parse("1", &d), 0);               /* one digit: no strtod */
	assert_true(d == 1.0);
	assert_int_equal(ej_number_parse("0", &d), 0);
	assert_true(d == 0.0);
	assert_int_equal(ej_number_parse("9", &d), 0);
	assert_true(d == 9.0);
	assert_int_equal(ej_number_parse("1x", &d), -1);
	assert_int_equal(ej_number_parse("", &d), -1);
	assert_int_equal(ej_number_parse("nan", &d), -1);
	assert_int_equal(ej_int_parse("12", 1, 12, &l), 0);
	assert_int_equal(l, 12);
	assert_int_equal(ej_int_parse("13", 1, 12, &l), -1);
	assert_int_equal(ej_int_parse("-1", 0, 12, &l), -1);
	assert_int_equal(ej_int_parse("99999999999", 0, 2000000000, &l), -1);
}

static void test_disc_split(void **state)
{
	static const struct { const char *in; const char *code; const char *rest; } t[] = {
		{ "ОП.01", "ОП.01", "" },
		{ "ОП.01 Основы программирования", "ОП.01", "Основы программирования" },
		{ "МДК.01.01 Разработка программных модулей", "МДК.01.01", "Разработка программных модулей" },
		{ "ОУД.04", "ОУД.04", "" }, { "ЕН.01", "ЕН.01", "" }, { "ПМ.02", "ПМ.02", "" },
		{ "УП.01", "УП.01", "" }, { "ПП.01", "ПП.01", "" },
		{ "ОП.01. Основы", "ОП.01", "Основы" },
		{ "Основы программирования", NULL, NULL },
		{ "ОП", NULL, NULL }, { "ОП.", NULL, NULL }, { "оп.01", NULL, NULL },
		{ "ОП.01x", NULL, NULL },
	};
	size_t i;
	char code[64];
	const char *rest;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		bool ok = ej_disc_split(t[i].in, code, sizeof(code), &rest);
		if (!t[i].code) {
			if (ok)
				fail_msg("«%s» taken as an index «%s»", t[i].in, code);
			continue;
		}
		if (!ok)
			fail_msg("«%s» not split", t[i].in);
		assert_string_equal(code, t[i].code);
		assert_string_equal(rest, t[i].rest);
	}
}

static void test_fold(void **state)
{
	static const struct { const char *in; const char *want; } t[] = {
		{ "  Дата   Занятия ", "дата занятия" }, { "ЁЛКА ёлка", "елка елка" },
		{ "№ П/П", "№ п/п" }, { "ID", "id" }, { "Подгр.", "подгр." },
		{ "\xC2\xA0Тема\xC2\xA0урока", "тема урока" }, { "", "" },
		{ "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ", "абвгдежзийклмнопрстуфхцчшщъыьэюя" },
	};
	char out[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ej_fold(t[i].in, out, sizeof(out));
		assert_string_equal(out, t[i].want);
	}
	/* Truncation keeps whole characters. */
	assert_int_equal(ej_fold("Дата", out, 4), 2);
	assert_string_equal(out, "д");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_lesson_types),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_disc_split),
		cmocka_unit_test(test_fold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
