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

/* ОУД.03 taught in two subgroups (curriculum 6 h each, teachers 1 and 2):
** subgroup 1 held 6 h (one 2-h lesson of its own, one whole-group lesson
** of 4 h), subgroup 2 held 4 h (only the whole-group one).  Compared per
** subgroup, never summed: 100 % and 66.7 %, not 10 of 6. */
static const char sql_sub[] =
	"INSERT INTO discipline VALUES (3, 1, 'ОУД.03', 'Иностранный язык');"
	"INSERT INTO curriculum (discipline_id, semester, subgroup, hours, teacher_id) VALUES"
	" (3, 1, 1, 6, 1), (3, 1, 2, 6, 2);"
	"INSERT INTO plan (discipline_id, subgroup, lesson_no, topic, hours, planned_date, semester) VALUES"
	" (3, 1, 1, 'А', 2, '2025-09-10', 1), (3, 2, 1, 'А', 2, '2025-09-10', 1),"
	" (3, 0, 2, 'Б', 4, '2025-09-17', 1);"
	"INSERT INTO lesson (discipline_id, subgroup, date, pair, teacher_id, topic, hours, batch_id) VALUES"
	" (3, 1, '2025-09-10', 2, 1, 'А', 2, 1), (3, 0, '2025-09-17', 2, 1, 'Б', 4, 1);";

static void test_subgroups(void **state)
{
	struct fixture *fx = *state;
	struct ej_err err = { 0 };
	struct ej_fig_table t, g, te;
	const struct ej_fig_row *r;
	int k;

	if (ej_db_exec(fx->db, sql_sub, &err))
		fail_msg("fixture: %s", err.msg);
	get(fx, EJ_FIG_GROUP_DISC, EJ_FIG_CURRENT, &t);
	r = ej_fig_find(&t, 3, 0);
	assert_non_null(r);
	assert_int_equal(r->nsub, 2);
	for (k = 0; k < 2; k++) {
		assert_int_equal(r->sub[k].subgroup, k + 1);
		near(r->sub[k].hours.curriculum, 6);
		near(r->sub[k].hours.plan_due, 6);
	}
	near(r->sub[0].hours.held, 6);
	near(r->sub[1].hours.held, 4);
	near(r->sub[1].hours.lag, 2);
	assert_string_equal(r->sub[0].teacher_short, "Соколова А. П.");
	assert_string_equal(r->sub[1].teacher_short, "Петров П. П.");
	/* The row: both sides summed over the subgroups. */
	near(r->hours.curriculum, 12);
	near(r->hours.held, 10);
	near(r->hours.plan_due, 12);
	/* A whole-group discipline has no subgroup entries. */
	assert_int_equal(ej_fig_find(&t, 1, 0)->nsub, 0);
	/* The group: 8 + 4 + 12 curriculum hours. */
	get(fx, EJ_FIG_GROUP, EJ_FIG_CURRENT, &g);
	near(g.rows[0].hours.curriculum, 24);
	/* Each subgroup's plan goes to its own teacher. */
	get(fx, EJ_FIG_TEACHER, EJ_FIG_CURRENT, &te);
	r = ej_fig_find(&te, 2, 0);
	assert_non_null(r);
	near(r->hours.curriculum, 4 + 6);
	ej_fig_table_release(&t);
	ej_fig_table_release(&g);
	ej_fig_table_release(&te);
}

/* One final per student × discipline: the rank order, then the figures. */
static void test_final_rank(void **state)
{
	struct fixture *fx = *state;
	struct ej_err err = { 0 };
	struct ej_fig_table t;
	const struct ej_fig_row *r;

	assert_true(ej_fig_final_rank(0, "year") < ej_fig_final_rank(2, "exam"));
	assert_true(ej_fig_final_rank(2, "semester") < ej_fig_final_rank(1, "exam"));
	assert_true(ej_fig_final_rank(1, "exam") < ej_fig_final_rank(1, "diff_credit"));
	assert_true(ej_fig_final_rank(1, "diff_credit") < ej_fig_final_rank(1, "credit"));
	assert_true(ej_fig_final_rank(1, "credit") < ej_fig_final_rank(1, "semester"));
	assert_true(ej_fig_final_rank(1, "semester") < ej_fig_final_rank(1, "whatever"));
	assert_true(ej_fig_final_rank(1, NULL) > 0);
	/* Student 1 in ОП.01: semester «5» and an exam «2» — the exam counts,
	** once: N 3 (1, 2, 3), success 1 of 3 (student 3's «3» passes, 2's «4»). */
	if (ej_db_exec(fx->db, "INSERT INTO final (discipline_id, student_id, semester,"
		       " final_kind, value, batch_id) VALUES (1, 1, 1, 'exam', '2', 1)", &err))
		fail_msg("fixture: %s", err.msg);
	get(fx, EJ_FIG_STUDENT_DISC, EJ_FIG_FINALS, &t);
	r = ej_fig_find(&t, 1, 1);
	assert_non_null(r);
	assert_int_equal(r->marks.grades, 1);
	assert_int_equal(r->marks.count2, 1);
	assert_int_equal(r->marks.count5, 0);
	assert_int_equal(r->marks.success, 0);
	ej_fig_table_release(&t);
}

/* ej_figures_many and the threaded start/join give what separate calls give. */
static void same_rows(const struct ej_fig_table *a, const struct ej_fig_table *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		const struct ej_fig_row *x = &a->rows[i], *y = &b->rows[i];
		assert_int_equal(x->teacher_id, y->teacher_id);
		assert_int_equal(x->discipline_id, y->discipline_id);
		assert_int_equal(x->student_id, y->student_id);
		assert_int_equal(x->marks.students, y->marks.students);
		assert_int_equal(x->marks.success, y->marks.success);
		assert_int_equal(x->marks.grades, y->marks.grades);
		near(x->marks.mean, y->marks.mean);
		near(x->absence.hours_total, y->absence.hours_total);
		near(x->hours.held, y->hours.held);
		assert_int_equal(x->fill.lessons, y->fill.lessons);
	}
}

static void test_many_and_thread(void **state)
{
	struct fixture *fx = *state;
	struct ej_err err = { 0 };
	struct ej_fig_table a1, a2, a3, b1, b2, b3, c1, c2, c3;
	struct ej_fig_req rb[3] = {
		{ EJ_FIG_TEACHER, EJ_FIG_CURRENT, &b1 },
		{ EJ_FIG_GROUP_DISC, EJ_FIG_CURRENT, &b2 },
		{ EJ_FIG_STUDENT_DISC, EJ_FIG_FINALS, &b3 },
	};
	struct ej_fig_req rc[3] = {
		{ EJ_FIG_TEACHER, EJ_FIG_CURRENT, &c1 },
		{ EJ_FIG_GROUP_DISC, EJ_FIG_CURRENT, &c2 },
		{ EJ_FIG_STUDENT_DISC, EJ_FIG_FINALS, &c3 },
	};
	struct ej_fig_job *job;

	get(fx, EJ_FIG_TEACHER, EJ_FIG_CURRENT, &a1);
	get(fx, EJ_FIG_GROUP_DISC, EJ_FIG_CURRENT, &a2);
	get(fx, EJ_FIG_STUDENT_DISC, EJ_FIG_FINALS, &a3);
	ej_fig_table_init(&b1); ej_fig_table_init(&b2); ej_fig_table_init(&b3);
	ej_fig_table_init(&c1); ej_fig_table_init(&c2); ej_fig_table_init(&c3);
	if (ej_figures_many(fx->db, &fx->cfg, &fx->scope, rb, 3, &err))
		fail_msg("many: %s", err.msg);
	job = ej_figures_start(fx->db, &fx->cfg, &fx->scope, rc, 3);
	assert_non_null(job);
	if (ej_figures_join(job, &err))
		fail_msg("join: %s", err.msg);
	same_rows(&a1, &b1); same_rows(&a2, &b2); same_rows(&a3, &b3);
	same_rows(&a1, &c1); same_rows(&a2, &c2); same_rows(&a3, &c3);
	assert_true(a1.n > 0 && a2.n > 0 && a3.n > 0);
	ej_fig_table_release(&a1); ej_fig_table_release(&a2); ej_fig_table_release(&a3);
	ej_fig_table_release(&b1); ej_fig_table_release(&b2); ej_fig_table_release(&b3);
	ej_fig_table_release(&c1); ej_fig_table_release(&c2); ej_fig_table_release(&c3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_group_discipline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_and_finals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_teacher_and_student, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subgroups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_final_rank, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_and_thread, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
