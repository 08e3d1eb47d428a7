/*
** test_figures.c — success %, quality %, mean, missed hours and fill rates
** on a hand-made group, at every level.
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

#include "figures/figures.h"

/* ИСП-21, ОП.01 (Соколова) and ЕН.01 (Петров).  Students: 1 → 5, 4;
** 2 → 5, 3; 3 → 2, 4; 4 → осв only; 5 left on 01.10 (a 5 before).
** ЕН.01: everyone but 4 and 5 gets a 4, student 2 also an «н/а» final.
** Lessons of ОП.01: 15.09 (no topic), 22.09 (no homework, 4 hours),
** 29.09 (recorded late).  Absences: 1 «н» on 15.09, 2 «б» on 22.09. */
static const char sql[] =
	"INSERT INTO batch VALUES (1, '2025-10-31 19:00:00', '2025-10-31 18:00:00', 'test');"
	"INSERT INTO teacher VALUES (1, 'T1', 'Соколова Анна Петровна', 'Соколова А. П.', 'ИТ'),"
	" (2, 'T2', 'Петров Пётр Петрович', 'Петров П. П.', 'ИТ');"
	"INSERT INTO grp VALUES (1, 'ИСП-21', NULL, 2, NULL, 'ИТ');"
	"INSERT INTO student VALUES (1, 'S1', 'Иванов Иван Иванович', 'Иванов И. И.', NULL),"
	" (2, 'S2', 'Алексеев Алексей Алексеевич', 'Алексеев А. А.', NULL),"
	" (3, 'S3', 'Борисова Вера Олеговна', 'Борисова В. О.', NULL),"
	" (4, 'S4', 'Гусев Глеб Глебович', 'Гусев Г. Г.', NULL),"
	" (5, 'S5', 'Дымов Денис Денисович', 'Дымов Д. Д.', NULL);"
	"INSERT INTO stay (student_id, group_id, enrolled, left_on) VALUES"
	" (1, 1, NULL, NULL), (2, 1, NULL, NULL), (3, 1, NULL, NULL), (4, 1, NULL, NULL),"
	" (5, 1, NULL, '2025-10-01');"
	"INSERT INTO discipline VALUES (1, 1, 'ОП.01', 'Основы программирования'),"
	" (2, 1, 'ЕН.01', 'Математика');"
	"INSERT INTO curriculum (discipline_id, semester, hours, teacher_id) VALUES (1, 1, 8, 1), (2, 1, 4, 2);"
	"INSERT INTO plan (discipline_id, lesson_no, topic, hours, planned_date, semester) VALUES"
	" (1, 1, 'А', 2, '2025-09-15', 1), (1, 2, 'Б', 2, '2025-09-22', 1), (1, 3, 'В', 2, '2025-09-29', 1),"
	" (1, 4, 'Г', 2, '2025-11-10', 1);"
	"INSERT INTO lesson (discipline_id, date, pair, teacher_id, topic, hours, homework, recorded_at, batch_id) VALUES"
	" (1, '2025-09-15', 1, 1, NULL, 2, '§1', '2025-09-15 10:00:00', 1),"
	" (1, '2025-09-22', 1, 1, 'Циклы', 4, NULL, '2025-09-22 10:00:00', 1),"
	" (1, '2025-09-29', 1, 1, 'Массивы', 2, '§2', '2025-10-02 10:00:00', 1),"
	" (2, '2025-09-16', 1, 2, 'Числа', 2, '§1', NULL, 1);"
	"INSERT INTO mark (discipline_id, date, pair, student_id, seq, value, weight, batch_id) VALUES"
	" (1, '2025-09-15', 1, 1, 0, '5', 1, 1), (1, '2025-09-22', 1, 1, 0, '4', 1, 1),"
	" (1, '2025-09-15', 1, 2, 0, '5', 1, 1), (1, '2025-09-22', 1, 2, 0, '3', 1, 1),"
	" (1, '2025-09-15', 1, 3, 0, '2', 1, 1), (1, '2025-09-22', 1, 3, 0, '4', 2, 1),"
	" (1, '2025-09-15', 1, 4, 0, 'осв', 1, 1), (1, '2025-09-15', 1, 5, 0, '5', 1, 1),"
	" (1, '2025-09-29', 1, 1, 0, 'н', 1, 1), (1, '2025-09-22', 1, 2, 1, 'б', 1, 1),"
	" (2, '2025-09-16', 1, 1, 0, '4', 1, 1), (2, '2025-09-16', 1, 2, 0, '4', 1, 1),"
	" (2, '2025-09-16', 1, 3, 0, '4', 1, 1);"
	"INSERT INTO final (discipline_id, student_id, semester, value, batch_id) VALUES"
	" (1, 1, 1, '5', 1), (1, 2, 1, '4', 1), (1, 3, 1, '3', 1), (2, 1, 1, '4', 1),"
	" (2, 2, 1, 'на', 1), (2, 3, 1, '4', 1);";

struct fixture {
	char dir[64], path[96];
	struct ej_db *db;
	struct ej_config cfg;
	struct ej_scope scope;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct ej_err err = { 0 };
	ej_day today;

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/ejfig.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof(fx->path), "%s/t.db", fx->dir);
	fx->db = ej_db_open(fx->path, EJ_DB_CREATE, &err);
	assert_non_null(fx->db);
	if (ej_db_exec(fx->db, sql, &err))
		fail_msg("fixture: %s", err.msg);
	ej_day_from_ymd(2025, 10, 1, &today);
	ej_config_defaults(&fx->cfg, today);
	ej_day_from_ymd(2025, 9, 1, &fx->scope.from);
	ej_day_from_ymd(2025, 10, 31, &fx->scope.to);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char p[128];

	ej_db_close(fx->db);
	ej_config_release(&fx->cfg);
	snprintf(p, sizeof(p), "%s-wal", fx->path); unlink(p);
	snprintf(p, sizeof(p), "%s-shm", fx->path); unlink(p);
	unlink(fx->path);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static void get(struct fixture *fx, enum ej_fig_level lv, enum ej_fig_basis b, struct ej_fig_table *t)
{
	struct ej_err err = { 0 };

	ej_fig_table_init(t);
	if (ej_figures(fx->db, &fx->cfg, &fx->scope, lv, b, t, &err))
		fail_msg("figures: %s", err.msg);
}

static void near(double got, double want)
{
	if (got < want - 0.01 || got > want + 0.01)
		fail_msg("got %.4f, want %.4f", got, want);
}

static void test_group_discipline(void **state)
{
	struct fixture *fx = *state;
	struct ej_fig_table t;
	const struct ej_fig_row *r;

	get(fx, EJ_FIG_GROUP_DISC, EJ_FIG_CURRENT, &t);
	assert_int_equal(t.n, 2);
	r = ej_fig_find(&t, 1, 0);
	assert_non_null(r);
	assert_string_equal(r->discipline_code, "ОП.01");
	assert_string_equal(r->teacher_short, "Соколова А. П.");
	assert_int_equal(r->marks.students, 3);       /* 4 exempt, 5 left */
	assert_int_equal(r->marks.exempt, 1);
	assert_int_equal(r->marks.success, 2);
	assert_int_equal(r->marks.quality, 1);
	near(r->marks.pct_success, 66.67);
	near(r->marks.pct_quality, 33.33);
	near(r->marks.mean, (5 + 4 + 5 + 3 + 2 + 4 * 2) / 7.0);
	near(r->absence.hours_unexcused, 2);
	near(r->absence.hours_excused, 4);
	assert_int_equal(r->fill.lessons, 3);
	near(r->fill.pct_topic, 66.67);
	near(r->fill.pct_homework, 66.67);
	near(r->fill.pct_on_time, 66.67);
	near(r->hours.held, 8);
	near(r->hours.plan_due, 6);
	near(r->hours.curriculum, 8);
	near(r->hours.lag, -2);
	ej_fig_table_release(&t);
}

static void test_group_and_finals(void **state)
{
	struct fixture *fx = *state;
	struct ej_fig_table t;
	const struct ej_fig_row *r;

	get(fx, EJ_FIG_GROUP, EJ_FIG_CURRENT, &t);
	assert_int_equal(t.n, 1);
	r = &t.rows[0];
	assert_string_equal(r->group, "ИСП-21");
	assert_int_equal(r->marks.students, 3);
	assert_int_equal(r->marks.success, 2);    /* 3 has a 2 */
	assert_int_equal(r->marks.quality, 1);    /* only 1 */
	assert_int_equal(r->fill.lessons, 4);
	ej_fig_table_release(&t);

	get(fx, EJ_FIG_GROUP, EJ_FIG_FINALS, &t);
	r = &t.rows[0];
	assert_int_equal(r->marks.students, 3);
	assert_int_equal(r->marks.success, 2);    /* 2 has «н/а» */
	assert_int_equal(r->marks.quality, 1);    /* 3 has a 3 */
	near(r->marks.pct_success, 66.67);
	ej_fig_table_release(&t);
}

static void test_teacher_and_student(void **state)
{
	struct fixture *fx = *state;
	struct ej_fig_table t;
	const struct ej_fig_row *r;

	get(fx, EJ_FIG_TEACHER, EJ_FIG_CURRENT, &t);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.rows[0].teacher_short, "Петров П. П.");
	r = ej_fig_find(&t, 1, 0);
	assert_int_equal(r->fill.lessons, 3);
	assert_int_equal(r->marks.students, 3);
	ej_fig_table_release(&t);

	fx->scope.teacher = "Петров П.П.";
	get(fx, EJ_FIG_TEACHER, EJ_FIG_CURRENT, &t);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.rows[0].marks.students, 3);
	assert_int_equal(t.rows[0].marks.quality, 3);
	ej_fig_table_release(&t);
	fx->scope.teacher = NULL;

	get(fx, EJ_FIG_STUDENT, EJ_FIG_CURRENT, &t);
	r = ej_fig_find(&t, 2, 0);
	assert_non_null(r);
	assert_string_equal(r->student_short, "Алексеев А. А.");
	near(r->marks.mean, 4.0);
	near(r->absence.hours_excused, 4);
	assert_int_equal(r->marks.students, 1);
	assert_int_equal(r->marks.success, 1);
	assert_int_equal(r->marks.quality, 0);
	ej_fig_table_release(&t);

	get(fx, EJ_FIG_STUDENT_DISC, EJ_FIG_CURRENT, &t);
	r = ej_fig_find(&t, 1, 2);
	assert_non_null(r);
	assert_string_equal(r->discipline_code, "ЕН.01");
	near(r->marks.mean, 4.0);
	ej_fig_table_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_group_discipline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_and_finals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_teacher_and_student, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
