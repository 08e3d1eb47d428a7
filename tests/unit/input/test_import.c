/*
** test_import.c — the importer end to end on an in-memory database:
** resolution of people, pairs and subgroups, grid lessons, the history
** between two exports, and that a rejected import leaves nothing behind.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "input/import.h"
#include "store/db.h"
#include "util/config.h"

struct fx {
	struct ej_db *db;
	struct ej_config cfg;
};

static const char students[] =
	"ID;ФИО;Группа;Подгруппа;Дата зачисления;Дата отчисления\n"
	"S1;Алексеев Алексей Алексеевич;ИСП-21;1;;\n"
	"S2;Алексеев Андрей Аркадьевич;ИСП-21;2;;\n"
	"S3;Борисова Дарья Игоревна;ИСП-21;2;;01.10.2025\n"
	"S3;Борисова Дарья Игоревна;ИСП-22;;01.10.2025;\n"
	"S4;Васильев Кирилл Олегович;ИСП-22;;;\n";
static const char curriculum[] =
	"Группа;Семестр;Дисциплина;Часы;Преподаватель\n"
	"ИСП-21;1;ОП.01 Основы программирования;64;Соколова Анна Петровна\n"
	"ИСП-21;1;ОУД.04 Иностранный язык;32;\"Иванова Мария Сергеевна, Петрова Елена Викторовна\"\n"
	"ИСП-22;1;ОП.01 Основы программирования;64;Соколова Анна Петровна\n";
static const char lessons[] =
	"Дата;Пара;Группа;Подгруппа;Дисциплина;Преподаватель\n"
	"01.09.2025;1;ИСП-21;;ОП.01;Соколова Анна Петровна\n"
	"02.09.2025;3;ИСП-21;;ОП.01;Соколова А. П.\n"
	"02.09.2025;4;ИСП-21;;ОП.01;Соколова А. П.\n"
	"03.09.2025;2;ИСП-21;1;ОУД.04;Иванова Мария Сергеевна\n"
	"03.09.2025;2;ИСП-21;2;ОУД.04;Петрова Елена Викторовна\n";

static int imp(struct fx *f, const char *name, const char *data, const char *as_of,
	       struct ej_import_result *res)
{
	struct ej_import_opts o;
	struct ej_err err = { 0 };

	memset(&o, 0, sizeof(o));
	o.as_of = as_of;
	return ej_import_mem(f->db, &f->cfg, name, data, strlen(data), &o, NULL, res, &err);
}

static void imp_ok(struct fx *f, const char *name, const char *data, const char *as_of)
{
	struct ej_import_result res;
	int rc = imp(f, name, data, as_of, &res);

	if (rc != EJ_OK)
		fail_msg("%s: rc %d: %s", name, rc, res.nstored ? res.errors[0] : "?");
	ej_import_result_release(&res);
}

/* Import expecting rejection; the first message must contain want. */
static void imp_bad(struct fx *f, const char *name, const char *data, const char *want)
{
	struct ej_import_result res;
	long marks = ej_db_count(f->db, "mark"), batches = ej_db_count(f->db, "batch");
	int rc = imp(f, name, data, NULL, &res);

	assert_int_equal(rc, EJ_EDATA);
	assert_true(res.nstored >= 1);
	if (!strstr(res.errors[0], want))
		fail_msg("«%s» lacks «%s»", res.errors[0], want);
	assert_int_equal(ej_db_count(f->db, "mark"), marks);
	assert_int_equal(ej_db_count(f->db, "batch"), batches);
	ej_import_result_release(&res);
}

static long q(struct fx *f, const char *sql)
{
	sqlite3_stmt *st;
	long v = -1;

	assert_int_equal(sqlite3_prepare_v2(f->db->h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct ej_err err = { 0 };
	ej_day today;

	ej_day_from_ymd(2025, 10, 15, &today);
	ej_config_defaults(&f->cfg, today);
	f->db = ej_db_open(":memory:", EJ_DB_CREATE, &err);
	assert_non_null(f->db);
	imp_ok(f, "students.csv", students, "31.10.2025 18:00");
	imp_ok(f, "curriculum.csv", curriculum, "31.10.2025 18:00");
	imp_ok(f, "lessons.csv", lessons, "31.10.2025 18:00");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	ej_db_close(f->db);
	ej_config_release(&f->cfg);
	free(f);
	return 0;
}

static void test_base(void **state)
{
	struct fx *f = *state;

	assert_int_equal(q(f, "SELECT count(*) FROM stay"), 5);
	assert_int_equal(q(f, "SELECT count(*) FROM curriculum"), 4);   /* ОУД.04 ×2 subgroups */
	assert_int_equal(q(f, "SELECT count(*) FROM teacher"), 3);      /* added by full name */
	assert_int_equal(q(f, "SELECT count(*) FROM lesson"), 5);
	assert_int_equal(q(f, "SELECT count(DISTINCT teacher_id) FROM lesson WHERE discipline_id = 1"), 1);
	/* A teachers file later gives the teacher added by name an ID: no twin. */
	imp_ok(f, "teachers.csv", "ID;ФИО;ПЦК\nT7;Соколова Анна Петровна;ИТ\nT8;Новый Учитель Иванович;ИТ\n",
	       "01.11.2025 10:00");
	assert_int_equal(q(f, "SELECT count(*) FROM teacher"), 4);
	assert_int_equal(q(f, "SELECT count(*) FROM teacher WHERE ext_id = 'T7' AND department = 'ИТ' AND id = (SELECT teacher_id FROM lesson WHERE pair = 1 AND date = '2025-09-01')"), 1);
}

static void test_pairs_and_subgroups(void **state)
{
	struct fx *f = *state;

	imp_ok(f, "marks.csv",
	       "Дата;Группа;Дисциплина;Обучающийся;Отметка\n"
	       "01.09.2025;ИСП-21;ОП.01;Алексеев Алексей Алексеевич;5\n"     /* one lesson: pair 1 */
	       "04.09.2025;ИСП-21;ОП.01;Алексеев Алексей Алексеевич;4\n"     /* no lesson: pair 0 */
	       "03.09.2025;ИСП-21;ОУД.04;Алексеев Андрей Аркадьевич;н/3\n",  /* subgroup 2 by student */
	       "31.10.2025 18:00");
	assert_int_equal(q(f, "SELECT pair FROM mark WHERE date = '2025-09-01'"), 1);
	assert_int_equal(q(f, "SELECT pair FROM mark WHERE date = '2025-09-04'"), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM mark WHERE date = '2025-09-03' AND pair = 2 AND subgroup = 2"), 2);
	assert_int_equal(q(f, "SELECT count(*) FROM mark WHERE date = '2025-09-03' AND ((seq = 0 AND value = 'н') OR (seq = 1 AND value = '3'))"), 2);
}

static void test_rejections(void **state)
{
	struct fx *f = *state;

	imp_bad(f, "m.csv", "Дата;Группа;Дисциплина;Обучающийся;Отметка\n"
		"02.09.2025;ИСП-21;ОП.01;Алексеев Алексей Алексеевич;5\n",
		"m.csv:2: column «Пара»: the group has 2 lessons of this discipline on 02.09.2025: give the pair");
	imp_bad(f, "m.csv", "Дата;Группа;Дисциплина;Обучающийся;Отметка\n"
		"01.09.2025;ИСП-21;ОП.01;Алексеев А. А.;5\n",
		"m.csv:2: column «Обучающийся»: ambiguous");
	imp_bad(f, "m.csv", "Дата;Группа;Дисциплина;ID;Отметка\n"
		"01.09.2025;ИСП-22;ОП.01;S1;5\n",
		"m.csv:2: column «ID»: this student was never in the group (value «S1»)");
	imp_bad(f, "m.csv", "Дата;Пара;Группа;Дисциплина;ФИО;Отметка\n"
		"01.09.2025;1;ИСП-21;Основы программирования;Алексеев Алексей Алексеевич;y\n",
		"m.csv:2: column «Отметка»: unknown mark");
	imp_bad(f, "l.csv", "Дата;Пара;Группа;Дисциплина;Преподаватель;Тема\n"
		"05.09.2025;1;ИСП-21;ОП.01;Никитин Н. Н.;x\n",
		"l.csv:2: column «Преподаватель»: unknown teacher");
	imp_bad(f, "f.csv", "Группа;Дисциплина;Семестр;ФИО;Оценка\n"
		"ИСП-21;ОП.01;3;Алексеев Алексей Алексеевич;н\n",
		"f.csv:2: column «Семестр»: write 1, 2 or «год» (value «3»)");
}

static void test_grid(void **state)
{
	struct fx *f = *state;

	/* 02.09 twice: the lessons at pairs 3 and 4 that day. */
	imp_ok(f, "grid.csv",
	       "Группа;ИСП-21\nДисциплина;ОП.01 Основы программирования\n"
	       "№;ФИО;01.09;02.09;02.09;Средний балл;Итог\n"
	       "1;Алексеев Алексей Алексеевич;5;4;н;4,5;5\n"
	       "2;Алексеев Андрей Аркадьевич;;;3;;\n", "31.10.2025 18:00");
	assert_int_equal(q(f, "SELECT min(pair) * 10 + max(pair) FROM mark WHERE student_id = 1 AND date = '2025-09-02'"), 34);
	assert_int_equal(q(f, "SELECT count(*) FROM mark WHERE date = '2025-09-02' AND pair IN (3, 4)"), 3);
	assert_int_equal(q(f, "SELECT pair FROM mark WHERE student_id = 2 AND date = '2025-09-02'"), 4);
	assert_int_equal(q(f, "SELECT count(*) FROM final WHERE final_kind = 'semester' AND semester = 1"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM coverage WHERE kind = 'grid'"), 1);
}

static void test_history(void **state)
{
	struct fx *f = *state;
	static const char first[] =
		"Дата;Пара;Группа;Дисциплина;Обучающийся;Отметка\n"
		"01.09.2025;1;ИСП-22;ОП.01;Васильев Кирилл Олегович;5\n"
		"02.09.2025;1;ИСП-22;ОП.01;Васильев Кирилл Олегович;4\n";
	static const char second[] =
		"Дата;Пара;Группа;Дисциплина;Обучающийся;Отметка\n"
		"01.09.2025;1;ИСП-22;ОП.01;Васильев Кирилл Олегович;3\n"      /* changed */
		"03.09.2025;1;ИСП-22;ОП.01;Васильев Кирилл Олегович;5\n"      /* appeared */
		"20.10.2025;1;ИСП-22;ОП.01;Васильев Кирилл Олегович;4\n";     /* new: after export 1 */

	imp_ok(f, "marks1.csv", first, "10.10.2025 18:00");
	assert_int_equal(q(f, "SELECT count(*) FROM mark_history"), 0);
	imp_ok(f, "marks2.csv", second, "31.10.2025 18:00");
	assert_int_equal(q(f, "SELECT count(*) FROM mark_history"), 3);
	assert_int_equal(q(f, "SELECT count(*) FROM mark_history WHERE change = 'changed' AND old_value = '5' AND new_value = '3' AND date = '2025-09-01'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM mark_history WHERE change = 'vanished' AND old_value = '4' AND date = '2025-09-02'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM mark_history WHERE change = 'appeared' AND new_value = '5' AND date = '2025-09-03'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM mark_history WHERE date = '2025-10-20'"), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM mark_history WHERE old_batch_id = new_batch_id - 1"), 3);
	assert_int_equal(q(f, "SELECT count(*) FROM mark m JOIN discipline d ON d.id = m.discipline_id WHERE d.group_id = 2"), 3);
	/* The same bytes again: a no-op. */
	{
		struct ej_import_result res;
		long b = ej_db_count(f->db, "batch");
		assert_int_equal(imp(f, "again.csv", second, NULL, &res), EJ_OK);
		assert_int_equal(res.batch, 0);
		assert_true(res.files[0].skipped);
		assert_int_equal(ej_db_count(f->db, "batch"), b);
		ej_import_result_release(&res);
	}
}

/* A first import loads marks without their key and builds it after: a cell
** given twice keeps the later value, as an upsert would, and the key and
** the schema come out whole. */
static void test_repeated_cell(void **state)
{
	struct fx *f = *state;

	assert_int_equal(q(f, "SELECT count(*) FROM mark"), 0);
	imp_ok(f, "marks.csv",
	       "Дата;Пара;Группа;Дисциплина;Обучающийся;Отметка\n"
	       "01.09.2025;1;ИСП-21;ОП.01;Алексеев Алексей Алексеевич;3\n"
	       "01.09.2025;1;ИСП-21;ОП.01;Алексеев Андрей Аркадьевич;4/н\n"
	       "01.09.2025;1;ИСП-21;ОП.01;Алексеев Алексей Алексеевич;5\n"
	       "01.09.2025;1;ИСП-21;ОП.01;Алексеев Андрей Аркадьевич;2\n",
	       "31.10.2025 18:00");
	/* S2's «4/н» then «2»: seq 0 becomes 2, seq 1 stays н. */
	assert_int_equal(q(f, "SELECT count(*) FROM mark"), 3);
	assert_int_equal(q(f, "SELECT value FROM mark m JOIN student s ON s.id = m.student_id "
			   "WHERE s.ext_id = 'S1'"), 5);
	assert_int_equal(q(f, "SELECT value FROM mark m JOIN student s ON s.id = m.student_id "
			   "WHERE s.ext_id = 'S2' AND seq = 0"), 2);
	assert_int_equal(q(f, "SELECT count(*) FROM mark m JOIN student s ON s.id = m.student_id "
			   "WHERE s.ext_id = 'S2' AND seq = 1 AND value = 'н'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
			   "AND name = 'mark_key' AND sql LIKE 'CREATE UNIQUE INDEX%'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM sqlite_master WHERE name = 'mark_student'"), 0);
	assert_int_equal(q(f, "PRAGMA user_version"), EJ_SCHEMA_VERSION);
	assert_int_equal(q(f, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* The key is in force again: a later export of the same marks is
	** compared with them (one changed value) and upserted. */
	imp_ok(f, "marks2.csv",
	       "Дата;Пара;Группа;Дисциплина;Обучающийся;Отметка\n"
	       "01.09.2025;1;ИСП-21;ОП.01;Алексеев Алексей Алексеевич;4\n"
	       "01.09.2025;1;ИСП-21;ОП.01;Алексеев Андрей Аркадьевич;2/н\n",
	       "01.11.2025 18:00");
	assert_int_equal(q(f, "SELECT count(*) FROM mark"), 3);
	assert_int_equal(q(f, "SELECT count(*) FROM mark_history WHERE change = 'changed' "
			   "AND old_value = '5' AND new_value = '4'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM mark_history"), 1);
	assert_int_equal(q(f, "SELECT value FROM mark m JOIN student s ON s.id = m.student_id "
			   "WHERE s.ext_id = 'S1'"), 4);
}

/* A file bigger than the head pass 1 reads: every row still counts, and an
** error near the end is reported at its line. */
static void test_big_file(void **state)
{
	struct fx *f = *state;
	size_t cap = 600 * 1024, n = 0;
	char *buf = malloc(cap);
	long line = 1, i;
	struct ej_import_result res;

	n += (size_t)snprintf(buf + n, cap - n, "Дата;Пара;Группа;Дисциплина;ID;Отметка\n");
	for (i = 0; n + 200 < cap; i++, line++)
		n += (size_t)snprintf(buf + n, cap - n, "%02ld.09.2025;%ld;ИСП-21;ОП.01;S%ld;%ld\n",
				      1 + i % 28, 1 + (i / 28) % 8, 1 + i % 2, 2 + i % 4);
	n += (size_t)snprintf(buf + n, cap - n, "01.09.2025;1;ИСП-21;ОП.01;S1;7\n");
	line++;
	{
		struct ej_import_opts o;
		struct ej_err err = { 0 };
		char want[64];
		memset(&o, 0, sizeof(o));
		assert_int_equal(ej_import_mem(f->db, &f->cfg, "big.csv", buf, n, &o, NULL, &res, &err),
				 EJ_EDATA);
		snprintf(want, sizeof(want), "big.csv:%ld: column «Отметка»", line);
		assert_int_equal(res.nerrors, 1);
		if (!strstr(res.errors[0], want))
			fail_msg("«%s» lacks «%s»", res.errors[0], want);
		assert_int_equal(res.files[0].rows, line - 1);
		ej_import_result_release(&res);
		/* Without the bad row it all goes in (duplicates are upserts). */
		n -= strlen("01.09.2025;1;ИСП-21;ОП.01;S1;7\n");
		assert_int_equal(ej_import_mem(f->db, &f->cfg, "big.csv", buf, n, &o, NULL, &res, &err),
				 EJ_OK);
		assert_int_equal(res.files[0].rows, line - 2);
		/* 28 days × 8 pairs; the student follows the day (28 is even). */
		assert_int_equal(q(f, "SELECT count(*) FROM mark"), 28 * 8);
		ej_import_result_release(&res);
	}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_base, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pairs_and_subgroups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rejections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeated_cell, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
