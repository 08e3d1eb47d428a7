/*
** test_columns.c — header aliases (per column, per-kind exceptions,
** case/ё/blanks) and kind recognition (required columns, most recognised,
** ties by file name, errors naming the missing column).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "input/columns.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_aliases(void **state)
{
	static const struct { enum ej_kind k; const char *h; int col; } t[] = {
		{ EJ_KIND_MARKS, "Дата", EJ_COL_DATE },
		{ EJ_KIND_MARKS, "дата урока", EJ_COL_DATE },
		{ EJ_KIND_MARKS, "  ДАТА  ЗАНЯТИЯ ", EJ_COL_DATE },
		{ EJ_KIND_MARKS, "№ пары", EJ_COL_PAIR },
		{ EJ_KIND_MARKS, "Урок", EJ_COL_PAIR },
		{ EJ_KIND_MARKS, "Учебная группа", EJ_COL_GROUP },
		{ EJ_KIND_MARKS, "Подгр.", EJ_COL_SUBGROUP },
		{ EJ_KIND_MARKS, "Предмет", EJ_COL_DISCIPLINE },
		{ EJ_KIND_MARKS, "Дисциплина (МДК)", EJ_COL_DISCIPLINE },
		{ EJ_KIND_MARKS, "ФИО", EJ_COL_STUDENT },           /* marks: ФИО = student */
		{ EJ_KIND_MARKS, "Ученик", EJ_COL_STUDENT },
		{ EJ_KIND_MARKS, "ID", EJ_COL_STUDENT_ID },
		{ EJ_KIND_MARKS, "Оценка", EJ_COL_MARK },
		{ EJ_KIND_MARKS, "Дата выставления", EJ_COL_RECORDED_AT },
		{ EJ_KIND_MARKS, "Изменено", EJ_COL_MODIFIED_AT },
		{ EJ_KIND_MARKS, "Вес", EJ_COL_WEIGHT },
		{ EJ_KIND_MARKS, "Форма контроля", EJ_COL_MARK_KIND },
		{ EJ_KIND_MARKS, "mark", EJ_COL_MARK },               /* English canonical */
		{ EJ_KIND_MARKS, "Тема", -1 },                         /* not a marks column */
		{ EJ_KIND_TEACHERS, "ФИО", EJ_COL_NAME },             /* teachers: ФИО = name */
		{ EJ_KIND_TEACHERS, "Преподаватель", EJ_COL_NAME },
		{ EJ_KIND_TEACHERS, "Табельный номер", EJ_COL_TEACHER_ID },
		{ EJ_KIND_TEACHERS, "ПЦК", EJ_COL_DEPARTMENT },
		{ EJ_KIND_LESSONS, "Преподаватель", EJ_COL_TEACHER },
		{ EJ_KIND_LESSONS, "Замена", EJ_COL_SUBSTITUTE_FOR },
		{ EJ_KIND_LESSONS, "Посещаемость отмечена", EJ_COL_ATTENDANCE_TAKEN },
		{ EJ_KIND_LESSONS, "Д/З", EJ_COL_HOMEWORK },
		{ EJ_KIND_PLAN, "Дата", EJ_COL_PLANNED_DATE },        /* plan: Дата = planned */
		{ EJ_KIND_PLAN, "№ п/п", EJ_COL_LESSON_NO },
		{ EJ_KIND_PLAN, "№", EJ_COL_LESSON_NO },
		{ EJ_KIND_STUDENTS, "Личный номер", EJ_COL_STUDENT_ID },
		{ EJ_KIND_STUDENTS, "Фамилия", EJ_COL_LAST_NAME },
		{ EJ_KIND_STUDENTS, "Выбыл", EJ_COL_LEFT },
		{ EJ_KIND_CURRICULUM, "Объём", EJ_COL_HOURS },
		{ EJ_KIND_CURRICULUM, "объем", EJ_COL_HOURS },        /* ё = е */
		{ EJ_KIND_CURRICULUM, "Форма аттестации", EJ_COL_ATTESTATION },
		{ EJ_KIND_FINALS, "Вид", EJ_COL_FINAL_KIND },
		{ EJ_KIND_FINALS, "Семестр", EJ_COL_SEMESTER },
		{ EJ_KIND_MARKS, "Вид", -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(t); i++) {
		struct ej_colmap m;
		const char *h[1] = { t[i].h };
		int c;
		ej_columns_map(t[i].k, h, 1, &m);
		for (c = 0; c < EJ_COL_COUNT; c++)
			if (m.col[c] == 0)
				break;
		if ((t[i].col < 0 && c != EJ_COL_COUNT) || (t[i].col >= 0 && c != t[i].col))
			fail_msg("%s «%s»: got %s", ej_kind_name(t[i].k), t[i].h,
				 c == EJ_COL_COUNT ? "none" : ej_col_name((enum ej_col)c));
		assert_int_equal(m.nunknown, t[i].col < 0 ? 1 : 0);
	}
}

static void test_index_and_name(void **state)
{
	const char *h[] = { "Группа", "Семестр", "Индекс", "Наименование", "Часы" };
	const char *h2[] = { "Группа", "Семестр", "Наименование", "Индекс", "Часы" };
	struct ej_colmap m;

	(void)state;
	ej_columns_map(EJ_KIND_CURRICULUM, h, N(h), &m);
	assert_int_equal(m.col[EJ_COL_DISCIPLINE], 2);
	assert_int_equal(m.col[EJ_COL_DISC_NAME], 3);
	assert_int_equal(m.nunknown, 0);
	assert_int_equal(ej_columns_missing(EJ_KIND_CURRICULUM, &m), -1);
	ej_columns_map(EJ_KIND_CURRICULUM, h2, N(h2), &m);
	assert_int_equal(m.col[EJ_COL_DISCIPLINE], 3);
	assert_int_equal(m.col[EJ_COL_DISC_NAME], 2);
}

static enum ej_kind rec(const char *const *h, size_t n, const char *fname, char *msg)
{
	enum ej_kind k;
	struct ej_err err = { 0 };

	if (ej_kind_recognise(h, n, fname, 1, false, &k, &err)) {
		strcpy(msg, err.msg);
		return EJ_KIND_NONE;
	}
	msg[0] = '\0';
	return k;
}

static void test_recognise(void **state)
{
	const char *marks[] = { "Дата", "Группа", "Дисциплина", "Обучающийся", "Отметка" };
	const char *marks_id[] = { "Дата", "Группа", "Предмет", "ID", "Оценка", "Вес" };
	const char *lessons[] = { "Дата", "Пара", "Группа", "Дисциплина", "Преподаватель", "Тема" };
	const char *ambiguous[] = { "Дата", "Пара", "Группа", "Дисциплина", "Преподаватель" };
	const char *teachers[] = { "ID", "ФИО", "Кафедра" };
	const char *students[] = { "Код", "Фамилия", "Имя", "Отчество", "Группа" };
	const char *finals[] = { "Группа", "Дисциплина", "Семестр", "ФИО", "Оценка", "Вид" };
	const char *curr[] = { "Группа", "Семестр", "Дисциплина", "Всего часов", "Форма аттестации" };
	const char *plan[] = { "Группа", "Дисциплина", "№", "Тема", "Дата" };
	const char *grid[] = { "№", "ФИО", "01.09", "03.09", "Итог" };
	const char *nomark[] = { "Дата", "Группа", "Дисциплина", "Обучающийся", "Вид отметки" };
	const char *junk[] = { "foo", "bar" };
	char msg[1024];

	(void)state;
	assert_int_equal(rec(marks, N(marks), "x.csv", msg), EJ_KIND_MARKS);
	assert_int_equal(rec(marks_id, N(marks_id), "x.csv", msg), EJ_KIND_MARKS);
	assert_int_equal(rec(lessons, N(lessons), "x.csv", msg), EJ_KIND_LESSONS);
	assert_int_equal(rec(teachers, N(teachers), "x.csv", msg), EJ_KIND_TEACHERS);
	assert_int_equal(rec(students, N(students), "x.csv", msg), EJ_KIND_STUDENTS);
	assert_int_equal(rec(finals, N(finals), "x.csv", msg), EJ_KIND_FINALS);
	assert_int_equal(rec(curr, N(curr), "x.csv", msg), EJ_KIND_CURRICULUM);
	assert_int_equal(rec(plan, N(plan), "x.csv", msg), EJ_KIND_PLAN);
	assert_int_equal(rec(grid, N(grid), "x.csv", msg), EJ_KIND_GRID);
	/* schedule and lessons both fit: the file name decides, else --kind. */
	assert_int_equal(rec(ambiguous, N(ambiguous), "dir/schedule_oct.csv", msg), EJ_KIND_SCHEDULE);
	assert_int_equal(rec(ambiguous, N(ambiguous), "raspisanie.csv", msg), EJ_KIND_SCHEDULE);
	assert_int_equal(rec(ambiguous, N(ambiguous), "Lessons-1.csv", msg), EJ_KIND_LESSONS);
	assert_int_equal(rec(ambiguous, N(ambiguous), "export.csv", msg), EJ_KIND_NONE);
	assert_non_null(strstr(msg, "export.csv:1: the header fits several kinds"));
	assert_non_null(strstr(msg, "--kind"));
	/* Missing required column: named, with the headers found. */
	assert_int_equal(rec(nomark, N(nomark), "m.csv", msg), EJ_KIND_NONE);
	assert_string_equal(msg, "m.csv:1: missing column «Отметка» (mark) for a marks file "
			    "(отметки); headers found: «Дата», «Группа», «Дисциплина», "
			    "«Обучающийся», «Вид отметки»");
	assert_int_equal(rec(junk, N(junk), "m.csv", msg), EJ_KIND_NONE);
	assert_non_null(strstr(msg, "no known column"));
	assert_int_equal(rec(junk, N(junk), "marks.csv", msg), EJ_KIND_NONE);
	assert_non_null(strstr(msg, "missing column «Дата» (date) for a marks file"));
}

static void test_kind_names(void **state)
{
	int k;

	(void)state;
	for (k = 1; k < EJ_KIND_COUNT; k++)
		assert_int_equal(ej_kind_parse(ej_kind_name((enum ej_kind)k)), k);
	assert_int_equal(ej_kind_parse("nope"), EJ_KIND_NONE);
	assert_string_equal(ej_grid_meta_key("Дата выгрузки:"), "exported");
	assert_string_equal(ej_grid_meta_key(" группа "), "group");
	assert_null(ej_grid_meta_key("ФИО"));
	assert_true(ej_grid_is_date("01.09"));
	assert_true(ej_grid_is_date("1.9"));
	assert_true(ej_grid_is_date("01.09.2025"));
	assert_false(ej_grid_is_date("Итог"));
	assert_false(ej_grid_is_date("4,67"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_index_and_name),
		cmocka_unit_test(test_recognise),
		cmocka_unit_test(test_kind_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
