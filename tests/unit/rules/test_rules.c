/*
** test_rules.c — every rule on small hand-made data: a case that fires and
** a near miss that must not (a mark at 23:59 of the lesson day, a control
** work inside the grace period, a Latin term inside a Russian topic, a
** student transferred mid-month, one skipped plan topic …).
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

#include "rules/rules.h"
#include "store/db.h"
#include "util/config.h"

/* 2025/2026: semester 1 = 01.09–28.12.2025.  Mondays: 01.09, 08.09, 15.09 …
** One export at 31.10.2025 18:00.  Students 1 and 3 in subgroup 1, 2 in 2. */
static const char base_sql[] =
	"INSERT INTO batch VALUES (1, '2025-10-31 19:00:00', '2025-10-31 18:00:00', 'test');"
	"INSERT INTO teacher VALUES (1, 'T1', 'Соколова Анна Петровна', 'Соколова А. П.', 'ИТ'),"
	" (2, 'T2', 'Петров Пётр Петрович', 'Петров П. П.', 'ИТ'),"
	" (3, 'T3', 'Сидорова Мария Ивановна', 'Сидорова М. И.', 'ИТ');"
	"INSERT INTO grp VALUES (1, 'ИСП-21', '09.02.07', 2, 1, 'ИТ'), (2, 'ИСП-22', '09.02.07', 2, 1, 'ИТ');"
	"INSERT INTO student VALUES (1, 'S1', 'Иванов Иван Иванович', 'Иванов И. И.', NULL),"
	" (2, 'S2', 'Алексеев Алексей Алексеевич', 'Алексеев А. А.', NULL),"
	" (3, 'S3', 'Борисова Вера Олеговна', 'Борисова В. О.', NULL);"
	"INSERT INTO stay (student_id, group_id, subgroup, enrolled, left_on) VALUES"
	" (1, 1, 1, NULL, NULL), (2, 1, 2, NULL, NULL), (3, 1, 1, NULL, NULL);"
	"INSERT INTO discipline VALUES (1, 1, 'ОП.01', 'Основы программирования'),"
	" (2, 2, 'ОП.01', 'Основы программирования');"
	"INSERT INTO curriculum (discipline_id, semester, subgroup, hours, control_works,"
	" attestation, teacher_id) VALUES (1, 1, 0, 8, NULL, 'exam', 1);";

/* A held lesson of ОП.01 (ИСП-21), whole group, by teacher 1, on time. */
#define LESSON(date, pair, topic, type, hw, rec) \
	"INSERT INTO lesson (discipline_id, subgroup, date, pair, teacher_id, topic, lesson_type," \
	" hours, homework, recorded_at, attendance_taken, batch_id) VALUES (1, 0, '" date "', " \
	#pair ", 1, " topic ", '" type "', 2, " hw ", " rec ", 1, 1);"
#define OK_LESSON(date, pair) LESSON(date, pair, "'Переменные и типы данных'", "theory", "'§3'", \
				      "'" date " 10:00:00'")
#define MARK(date, pair, stu, seq, val, rec) \
	"INSERT INTO mark (discipline_id, subgroup, date, pair, student_id, seq, value, recorded_at," \
	" batch_id) VALUES (1, 0, '" date "', " #pair ", " #stu ", " #seq ", '" val "', " rec ", 1);"

/* Weekly lessons on Mondays from 01.09.2025: n of them, topic «Тема N». */
#define WEEKLY(n) \
	"WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < " #n " - 1)" \
	" INSERT INTO lesson (discipline_id, subgroup, date, pair, teacher_id, topic, lesson_type," \
	" hours, homework, recorded_at, attendance_taken, batch_id)" \
	" SELECT 1, 0, date('2025-09-01', '+' || (7 * i) || ' days'), 1, 1, 'Тема занятия ' || i," \
	" 'theory', 2, '§1', date('2025-09-01', '+' || (7 * i) || ' days') || ' 12:00:00', 1, 1 FROM k;"
#define PLAN(n, first_practical) \
	"WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < " #n " - 1)" \
	" INSERT INTO plan (discipline_id, subgroup, lesson_no, topic, hours, lesson_type," \
	" planned_date, semester) SELECT 1, 0, i + 1, 'Тема занятия ' || i, 2," \
	" CASE WHEN i >= " #first_practical " THEN 'practical' ELSE 'theory' END," \
	" date('2025-09-01', '+' || (7 * i) || ' days'), 1 FROM k;"

struct tcase {
	const char *name;
	const char *rule;
	const char *sql;
	bool final;
	int want;                 /* findings of that rule (unchecked not counted) */
	const char *substr;       /* in the first finding's message, or NULL */
};

static const struct tcase cases[] = {
	/* D01: before enrolment fires; a mid-month transfer does not. */
	{ "D01 before enrolment", "D01",
	  "UPDATE stay SET enrolled = '2025-10-10' WHERE student_id = 3;"
	  "INSERT INTO stay (student_id, group_id, subgroup, enrolled, left_on) VALUES (3, 2, 0, NULL, '2025-10-10');"
	  OK_LESSON("2025-10-06", 1) MARK("2025-10-06", 1, 3, 0, "5", "NULL"),
	  false, 1, "до зачисления (10.10.2025) в группу ИСП-21 (ОП.01, ИСП-21, Борисова В. О.)" },
	{ "D01 transferred mid-month", "D01",
	  "UPDATE stay SET enrolled = '2025-10-10' WHERE student_id = 3;"
	  "INSERT INTO stay (student_id, group_id, subgroup, enrolled, left_on) VALUES (3, 2, 0, NULL, '2025-10-10');"
	  OK_LESSON("2025-10-13", 1) MARK("2025-10-13", 1, 3, 0, "5", "NULL")
	  "INSERT INTO mark (discipline_id, subgroup, date, pair, student_id, seq, value, batch_id)"
	  " VALUES (2, 0, '2025-10-06', 1, 3, 0, '4', 1);",
	  false, 0, NULL },
	{ "D01 after leaving", "D01",
	  "UPDATE stay SET left_on = '2025-10-01' WHERE student_id = 2;"
	  OK_LESSON("2025-10-06", 1) MARK("2025-10-06", 1, 2, 0, "н", "NULL"),
	  false, 1, "после выбытия" },
	/* D02 */
	{ "D02 mark without lesson", "D02",
	  OK_LESSON("2025-09-15", 1) MARK("2025-09-16", 1, 1, 0, "5", "NULL"), false, 1, "16.09.2025" },
	{ "D02 mark on lesson day", "D02",
	  OK_LESSON("2025-09-15", 1) MARK("2025-09-15", 1, 1, 0, "5", "NULL"), false, 0, NULL },
	/* D03 */
	{ "D03 Sunday", "D03", OK_LESSON("2025-09-14", 1), false, 1, "воскресенье" },
	{ "D03 Monday", "D03", OK_LESSON("2025-09-15", 1), false, 0, NULL },
	/* D04 */
	{ "D04 lesson after export", "D04",
	  OK_LESSON("2025-10-31", 1) "UPDATE batch SET exported_at = '2025-10-30 18:00:00';",
	  false, 1, "позже выгрузки" },
	{ "D04 lesson on export day", "D04", OK_LESSON("2025-10-31", 1), false, 0, NULL },
	{ "D04 mark recorded after export", "D04",
	  OK_LESSON("2025-10-27", 1) MARK("2025-10-27", 1, 1, 0, "5", "'2025-10-31 18:30:00'"),
	  false, 1, "внесена" },
	/* F01–F04, F06 */
	{ "F01 no topic", "F01", LESSON("2025-09-15", 2, "NULL", "theory", "'§1'", "NULL"),
	  false, 1, "Не указана тема занятия 15.09.2025, 2 пара" },
	{ "F01 topic", "F01", OK_LESSON("2025-09-15", 2), false, 0, NULL },
	{ "F02 no homework", "F02", LESSON("2025-09-15", 1, "'Циклы'", "theory", "NULL", "NULL"),
	  false, 1, "домашнее задание" },
	{ "F02 control without homework", "F02",
	  LESSON("2025-09-15", 1, "'Контрольная работа по теме «Циклы»'", "control", "''", "NULL"),
	  false, 0, NULL },
	{ "F03 English topic", "F03",
	  LESSON("2025-09-15", 1, "'Loops in Python'", "theory", "'§1'", "NULL"), false, 1, "Loops" },
	{ "F03 Latin term inside Russian", "F03",
	  LESSON("2025-09-15", 1, "'Циклы for и while в языке программирования Python'", "theory", "'§1'", "NULL"),
	  false, 0, NULL },
	{ "F04 bare practical", "F04",
	  LESSON("2025-09-15", 1, "'Практическая работа №3'", "practical", "'§1'", "NULL"),
	  false, 1, "Практическая работа №3" },
	{ "F04 practical with subject", "F04",
	  LESSON("2025-09-15", 1, "'Практическая работа №3. Массивы'", "practical", "'§1'", "NULL"),
	  false, 0, NULL },
	{ "F06 attendance not taken", "F06",
	  OK_LESSON("2025-09-15", 1) "UPDATE lesson SET attendance_taken = 0;", false, 1, "посещаемость" },
	{ "F06 attendance taken", "F06", OK_LESSON("2025-09-15", 1), false, 0, NULL },
	/* F05 */
	{ "F05 scheduled, not filled", "F05",
	  "INSERT INTO schedule (date, pair, discipline_id, subgroup, teacher_id) VALUES"
	  " ('2025-09-15', 1, 1, 0, 1), ('2025-09-15', 2, 1, 0, 1);" OK_LESSON("2025-09-15", 1),
	  false, 1, "Урок не заполнен" },
	{ "F05 scheduled and filled", "F05",
	  "INSERT INTO schedule (date, pair, discipline_id, subgroup, teacher_id) VALUES"
	  " ('2025-09-15', 1, 1, 0, 1), ('2025-10-31', 1, 1, 0, 1);" OK_LESSON("2025-09-15", 1),
	  false, 0, NULL },
	/* T01 */
	{ "T01 next day", "T01",
	  LESSON("2025-09-15", 1, "'Циклы'", "theory", "'§1'", "'2025-09-17 09:00:00'"),
	  false, 1, "с опозданием на 2 дня" },
	{ "T01 at 23:59", "T01",
	  LESSON("2025-09-15", 1, "'Циклы'", "theory", "'§1'", "'2025-09-15 23:59:00'"), false, 0, NULL },
	/* T02: 23:59 and a written work inside the grace period do not fire. */
	{ "T02 late marks", "T02",
	  OK_LESSON("2025-09-15", 1)
	  LESSON("2025-09-17", 1, "'Контрольная работа: циклы'", "control", "NULL", "'2025-09-17 12:00:00'")
	  MARK("2025-09-15", 1, 1, 0, "5", "'2025-09-15 23:59:00'")
	  MARK("2025-09-15", 1, 2, 0, "4", "'2025-09-16 08:00:00'")
	  MARK("2025-09-15", 1, 3, 0, "н", "'2025-09-20 08:00:00'")
	  MARK("2025-09-17", 1, 1, 0, "5", "'2025-09-22 10:00:00'")
	  MARK("2025-09-17", 1, 2, 0, "3", "'2025-09-27 10:00:00'")
	  MARK("2025-09-17", 1, 3, 0, "4", "NULL"),
	  false, 2, NULL },
	{ "T02 mark kind names a written work", "T02",
	  OK_LESSON("2025-09-15", 1)
	  "INSERT INTO mark (discipline_id, subgroup, date, pair, student_id, seq, value, mark_kind,"
	  " recorded_at, batch_id) VALUES (1, 0, '2025-09-15', 1, 3, 0, '5', 'Контрольная работа',"
	  " '2025-09-20 10:00:00', 1);",
	  false, 0, NULL },
	{ "T02 self-study is not a written work", "T02",
	  OK_LESSON("2025-09-15", 1)
	  "INSERT INTO mark (discipline_id, subgroup, date, pair, student_id, seq, value, mark_kind,"
	  " recorded_at, batch_id) VALUES (1, 0, '2025-09-15', 1, 3, 0, '5', 'Самостоятельная работа',"
	  " '2025-09-17 10:00:00', 1);",
	  false, 1, "через 2 дня" },
	/* T03 */
	{ "T03 modified later", "T03",
	  OK_LESSON("2025-09-15", 1)
	  "INSERT INTO mark (discipline_id, subgroup, date, pair, student_id, seq, value, recorded_at,"
	  " modified_at, batch_id) VALUES (1, 0, '2025-09-15', 1, 1, 0, '5', '2025-09-15 12:00:00',"
	  " '2025-09-18 12:00:00', 1), (1, 0, '2025-09-15', 1, 2, 0, '4', '2025-09-15 12:00:00',"
	  " '2025-09-15 20:00:00', 1);",
	  false, 1, "исправлена задним числом" },
	{ "T03 changed between batches", "T03",
	  OK_LESSON("2025-09-15", 1)
	  "INSERT INTO batch VALUES (2, '2025-11-10 10:00:00', '2025-11-10 09:00:00', 'b2'),"
	  " (3, '2025-09-15 13:00:00', '2025-09-15 12:00:00', 'b0');"
	  "INSERT INTO mark_history (discipline_id, subgroup, date, pair, student_id, seq, change,"
	  " old_value, new_value, old_batch_id, new_batch_id) VALUES"
	  " (1, 0, '2025-09-15', 1, 1, 0, 'changed', '3', '5', 1, 2),"
	  " (1, 0, '2025-09-15', 1, 2, 0, 'appeared', NULL, '4', 3, 1),"
	  " (1, 0, '2025-09-15', 1, 3, 0, 'changed', 'н', 'б', 1, 2);",
	  false, 1, "«3» → «5»" },
	/* A01, A02: 9 lessons; student 1 has 1 mark, 2 and 3 have 3. */
	{ "A01 few marks", "A01",
	  WEEKLY(9)
	  MARK("2025-09-01", 1, 1, 0, "5", "NULL")
	  MARK("2025-09-01", 1, 2, 0, "5", "NULL") MARK("2025-09-08", 1, 2, 0, "4", "NULL")
	  MARK("2025-09-15", 1, 2, 0, "4", "NULL")
	  MARK("2025-09-01", 1, 3, 0, "3", "NULL") MARK("2025-09-08", 1, 3, 0, "4", "NULL")
	  MARK("2025-09-15", 1, 3, 0, "4", "NULL"),
	  false, 1, "Мало отметок: 1 отметка, посещено занятий: 9, нужно не меньше 3 (ОП.01, ИСП-21, Иванов И. И.)" },
	{ "A01 absent most lessons", "A01",
	  WEEKLY(9)
	  MARK("2025-09-01", 1, 1, 0, "н", "NULL") MARK("2025-09-08", 1, 1, 0, "б", "NULL")
	  MARK("2025-09-15", 1, 1, 0, "н", "NULL") MARK("2025-09-22", 1, 1, 0, "н", "NULL")
	  MARK("2025-09-29", 1, 1, 0, "у", "NULL") MARK("2025-10-06", 1, 1, 0, "н", "NULL")
	  MARK("2025-10-13", 1, 1, 0, "н", "NULL")
	  MARK("2025-09-01", 1, 2, 0, "5", "NULL") MARK("2025-09-08", 1, 2, 0, "4", "NULL")
	  MARK("2025-09-15", 1, 2, 0, "4", "NULL")
	  MARK("2025-09-01", 1, 3, 0, "3", "NULL") MARK("2025-09-08", 1, 3, 0, "4", "NULL")
	  MARK("2025-09-15", 1, 3, 0, "4", "NULL"),
	  false, 0, NULL },
	{ "A02 a third below", "A02",
	  WEEKLY(9)
	  MARK("2025-09-01", 1, 1, 0, "5", "NULL")
	  MARK("2025-09-01", 1, 2, 0, "5", "NULL") MARK("2025-09-08", 1, 2, 0, "4", "NULL")
	  MARK("2025-09-15", 1, 2, 0, "4", "NULL")
	  MARK("2025-09-01", 1, 3, 0, "3", "NULL") MARK("2025-09-08", 1, 3, 0, "4", "NULL")
	  MARK("2025-09-15", 1, 3, 0, "4", "NULL"),
	  false, 1, "у 1 из 3" },
	{ "A02 nobody below", "A02", WEEKLY(2), false, 0, NULL },
	/* P01 (end of semester with --final) */
	{ "P01 under-delivered", "P01", WEEKLY(3), true, 1, "проведено 6 ч при 8 ч" },
	{ "P01 delivered", "P01", WEEKLY(4), true, 0, NULL },
	{ "P01 not at semester end", "P01", WEEKLY(3), false, 0, NULL },
	/* P02: the plan has 9 lessons due by 31.10 (18 h). */
	{ "P02 lagging", "P02", PLAN(9, 99) WEEKLY(3), false, 1, "Отставание от тематического плана на 12 ч" },
	{ "P02 within tolerance", "P02", PLAN(9, 99) WEEKLY(7), false, 0, NULL },
	/* P03 */
	{ "P03 plan short", "P03", PLAN(3, 99), false, 1, "6 ч, а по учебному плану 8 ч" },
	{ "P03 plan equal", "P03", PLAN(4, 99), false, 0, NULL },
	/* P04 */
	{ "P04 no control work", "P04",
	  "UPDATE curriculum SET control_works = 1;" WEEKLY(4), true, 1, "контрольных работ: 0, требуется 1" },
	{ "P04 control work held", "P04",
	  "UPDATE curriculum SET control_works = 1;" WEEKLY(4)
	  "UPDATE lesson SET lesson_type = 'control' WHERE date = '2025-09-22';", true, 0, NULL },
	/* P05: plan rows 2, 3 practical (4 h). */
	{ "P05 practical short", "P05",
	  PLAN(4, 2) WEEKLY(4) "UPDATE lesson SET lesson_type = 'practical' WHERE date = '2025-09-22';",
	  true, 1, "проведено 2 ч, по плану 4 ч" },
	{ "P05 practical held", "P05",
	  PLAN(4, 2) WEEKLY(4) "UPDATE lesson SET lesson_type = 'lab' WHERE date >= '2025-09-15';",
	  true, 0, NULL },
	/* G01–G03 (--final) */
	{ "G01 missing finals", "G01",
	  "INSERT INTO final (discipline_id, student_id, semester, value, batch_id) VALUES (1, 1, 1, '5', 1);",
	  true, 2, "Нет итоговой отметки за 1 семестр" },
	{ "G01 all finals", "G01",
	  "INSERT INTO final (discipline_id, student_id, semester, value, batch_id) VALUES"
	  " (1, 1, 1, '5', 1), (1, 2, 1, '4', 1), (1, 3, 1, 'на', 1);", true, 0, NULL },
	{ "G01 left before the end", "G01",
	  "UPDATE stay SET left_on = '2025-10-01' WHERE student_id IN (2, 3);"
	  "INSERT INTO final (discipline_id, student_id, semester, value, batch_id) VALUES (1, 1, 1, '5', 1);",
	  true, 0, NULL },
	{ "G02 final above mean", "G02",
	  WEEKLY(4) MARK("2025-09-01", 1, 1, 0, "3", "NULL") MARK("2025-09-08", 1, 1, 0, "3", "NULL")
	  MARK("2025-09-15", 1, 1, 0, "3", "NULL") MARK("2025-09-22", 1, 1, 0, "4", "NULL")
	  MARK("2025-09-01", 1, 2, 0, "3", "NULL") MARK("2025-09-08", 1, 2, 0, "3", "NULL")
	  MARK("2025-09-15", 1, 2, 0, "3", "NULL") MARK("2025-09-22", 1, 2, 0, "4", "NULL")
	  "INSERT INTO final (discipline_id, student_id, semester, value, batch_id) VALUES"
	  " (1, 1, 1, '5', 1), (1, 2, 1, '4', 1);",
	  true, 1, "Итоговая отметка 5 при среднем текущем 3,25 (ОП.01, ИСП-21, Иванов И. И." },
	{ "G03 few current marks", "G03",
	  WEEKLY(4) MARK("2025-09-01", 1, 1, 0, "4", "NULL") MARK("2025-09-08", 1, 1, 0, "4", "NULL")
	  MARK("2025-09-01", 1, 2, 0, "4", "NULL") MARK("2025-09-08", 1, 2, 0, "4", "NULL")
	  MARK("2025-09-15", 1, 2, 0, "5", "NULL")
	  "INSERT INTO final (discipline_id, student_id, semester, value, batch_id) VALUES"
	  " (1, 1, 1, '4', 1), (1, 2, 1, '4', 1), (1, 3, 1, 'осв', 1);",
	  true, 1, "при 2 текущих отметках" },
	/* G04, G05 */
	{ "G04 present without mark", "G04",
	  LESSON("2025-09-15", 1, "'Контрольная работа: циклы'", "control", "NULL", "NULL")
	  MARK("2025-09-15", 1, 1, 0, "5", "NULL") MARK("2025-09-15", 1, 2, 0, "н", "NULL"),
	  false, 1, "Борисова В. О." },
	{ "G04 theory lesson", "G04", OK_LESSON("2025-09-15", 1), false, 0, NULL },
	{ "G05 absent with mark", "G05",
	  OK_LESSON("2025-09-15", 1) MARK("2025-09-15", 1, 1, 0, "н", "NULL") MARK("2025-09-15", 1, 1, 1, "2", "NULL"),
	  false, 1, "«н/2»" },
	{ "G05 two marks", "G05",
	  OK_LESSON("2025-09-15", 1) MARK("2025-09-15", 1, 1, 0, "5", "NULL") MARK("2025-09-15", 1, 1, 1, "4", "NULL"),
	  false, 0, NULL },
	/* S01, S02 */
	{ "S01 other teacher, no note", "S01",
	  "INSERT INTO schedule (date, pair, discipline_id, subgroup, teacher_id) VALUES ('2025-09-15', 1, 1, 0, 1);"
	  OK_LESSON("2025-09-15", 1) "UPDATE lesson SET teacher_id = 2;",
	  false, 1, "по расписанию — Соколова А. П., записал(а) — Петров П. П., замена не оформлена" },
	{ "S01 substitution noted", "S01",
	  "INSERT INTO schedule (date, pair, discipline_id, subgroup, teacher_id) VALUES ('2025-09-15', 1, 1, 0, 1);"
	  OK_LESSON("2025-09-15", 1)
	  "UPDATE lesson SET teacher_id = 2, substitute_note = 'Соколова А. П.', substitute_for = 1;",
	  false, 0, NULL },
	{ "S01 wrong name is S02's", "S01",
	  "INSERT INTO schedule (date, pair, discipline_id, subgroup, teacher_id) VALUES ('2025-09-15', 1, 1, 0, 1);"
	  OK_LESSON("2025-09-15", 1)
	  "UPDATE lesson SET teacher_id = 2, substitute_note = 'Сидорова', substitute_for = 3;",
	  false, 0, NULL },
	{ "S02 names the wrong teacher", "S02",
	  "INSERT INTO schedule (date, pair, discipline_id, subgroup, teacher_id) VALUES ('2025-09-15', 1, 1, 0, 1);"
	  OK_LESSON("2025-09-15", 1)
	  "UPDATE lesson SET teacher_id = 2, substitute_note = 'Сидорова', substitute_for = 3;",
	  false, 1, "заменяемым указан(а) Сидорова М. И., а по расписанию — Соколова А. П." },
	{ "S02 names nobody", "S02",
	  OK_LESSON("2025-09-15", 1) "UPDATE lesson SET teacher_id = 2, substitute_note = 'замена';",
	  false, 1, "не указывает" },
	{ "S02 correct", "S02",
	  OK_LESSON("2025-09-15", 1)
	  "UPDATE lesson SET teacher_id = 2, substitute_note = 'Соколова А. П.', substitute_for = 1;",
	  false, 0, NULL },
	/* S03 */
	{ "S03 other subgroup's teacher and student", "S03",
	  "INSERT INTO curriculum (discipline_id, semester, subgroup, hours, teacher_id) VALUES"
	  " (1, 1, 1, 8, 1), (1, 1, 2, 8, 3);"
	  OK_LESSON("2025-09-15", 1) "UPDATE lesson SET subgroup = 1, teacher_id = 3;"
	  OK_LESSON("2025-09-16", 1) "UPDATE lesson SET subgroup = 2, teacher_id = 3 WHERE date = '2025-09-16';"
	  "INSERT INTO mark (discipline_id, subgroup, date, pair, student_id, seq, value, batch_id)"
	  " VALUES (1, 2, '2025-09-16', 1, 2, 0, '5', 1), (1, 2, '2025-09-16', 1, 1, 0, '4', 1);",
	  false, 2, NULL },
	{ "S03 own subgroups", "S03",
	  "INSERT INTO curriculum (discipline_id, semester, subgroup, hours, teacher_id) VALUES"
	  " (1, 1, 1, 8, 1), (1, 1, 2, 8, 3);"
	  OK_LESSON("2025-09-15", 1) "UPDATE lesson SET subgroup = 1;"
	  "INSERT INTO mark (discipline_id, subgroup, date, pair, student_id, seq, value, batch_id)"
	  " VALUES (1, 1, '2025-09-15', 1, 1, 0, '5', 1);",
	  false, 0, NULL },
};

struct fixture {
	char dir[64], path[96];
	struct ej_db *db;
	struct ej_config cfg;
	struct ej_scope scope;
};

static void fx_open(struct fixture *fx, const char *sql)
{
	struct ej_err err = { 0 };
	ej_day today;

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/ejrules.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof(fx->path), "%s/t.db", fx->dir);
	fx->db = ej_db_open(fx->path, EJ_DB_CREATE, &err);
	assert_non_null(fx->db);
	assert_int_equal(ej_db_exec(fx->db, base_sql, &err), 0);
	if (ej_db_exec(fx->db, sql, &err))
		fail_msg("fixture SQL: %s", err.msg);
	ej_day_from_ymd(2025, 10, 1, &today);
	ej_config_defaults(&fx->cfg, today);
	memset(&fx->scope, 0, sizeof(fx->scope));
	ej_day_from_ymd(2025, 9, 1, &fx->scope.from);
	ej_day_from_ymd(2025, 10, 31, &fx->scope.to);
}

static void fx_close(struct fixture *fx)
{
	char p[128];

	ej_db_close(fx->db);
	ej_config_release(&fx->cfg);
	snprintf(p, sizeof(p), "%s-wal", fx->path); unlink(p);
	snprintf(p, sizeof(p), "%s-shm", fx->path); unlink(p);
	unlink(fx->path);
	rmdir(fx->dir);
}

static int run_rules(struct fixture *fx, const char *spec, bool final, struct ej_findings *out)
{
	struct ej_check_opts o;
	struct ej_err err = { 0 };
	bool sel[64];
	int rc;

	assert_int_equal(ej_rules_select(spec, sel, 64, &err), 0);
	memset(&o, 0, sizeof(o));
	o.config = &fx->cfg;
	o.scope = &fx->scope;
	o.selected = sel;
	o.final = final;
	ej_findings_init(out);
	rc = ej_check_run(fx->db, &o, out, &err);
	if (rc)
		fail_msg("check: %s", err.msg);
	return rc;
}

static void test_cases(void **state)
{
	size_t i, j;
	int failures = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase *c = &cases[i];
		struct fixture fx;
		struct ej_findings l;
		const struct ej_finding *first = NULL;
		int n = 0;

		fx_open(&fx, c->sql);
		run_rules(&fx, c->rule, c->final, &l);
		for (j = 0; j < l.n; j++)
			if (!strcmp(l.v[j].rule, c->rule) && l.v[j].severity != EJ_SEV_UNCHECKED) {
				if (!first)
					first = &l.v[j];
				n++;
			}
		if (n != c->want) {
			print_error("case «%s»: %d findings, want %d\n", c->name, n, c->want);
			for (j = 0; j < l.n; j++)
				print_error("   %s %s\n", l.v[j].rule, l.v[j].message);
			failures++;
		} else if (c->substr && (!first || !strstr(first->message, c->substr))) {
			print_error("case «%s»: message «%s» lacks «%s»\n", c->name,
				    first ? first->message : "", c->substr);
			failures++;
		}
		ej_findings_release(&l);
		fx_close(&fx);
	}
	assert_int_equal(failures, 0);
}

/* P06: one skipped topic gives one (b) finding and no (a) finding for the
** lessons after it — an index lookup would flag all of them. */
static void test_p06_skip(void **state)
{
	static const char sql[] =
		"INSERT INTO plan (discipline_id, subgroup, lesson_no, topic, hours, planned_date, semester) VALUES"
		" (1, 0, 1, 'Введение в программирование', 2, '2025-09-01', 1),"
		" (1, 0, 2, 'Переменные и типы данных', 2, '2025-09-08', 1),"
		" (1, 0, 3, 'Условные операторы', 2, '2025-09-15', 1),"
		" (1, 0, 4, 'Циклы for и while', 2, '2025-09-22', 1),"
		" (1, 0, 5, 'Массивы и списки', 2, '2025-09-29', 1),"
		" (1, 0, 6, 'Функции и процедуры', 2, '2025-10-06', 1);"
		LESSON("2025-09-01", 1, "'Введение в программирование.'", "theory", "'§1'", "NULL")
		LESSON("2025-09-08", 1, "'Переменные, типы данных'", "theory", "'§1'", "NULL")
		LESSON("2025-09-15", 1, "'Цикл for и цикл while'", "theory", "'§1'", "NULL")
		LESSON("2025-09-22", 1, "'Массивы'", "theory", "'§1'", "NULL")
		LESSON("2025-09-29", 1, "'Техника безопасности в кабинете'", "theory", "'§1'", "NULL")
		LESSON("2025-10-06", 1, "'Функции и процедуры (практикум)'", "theory", "'§1'", "NULL");
	struct fixture fx;
	struct ej_findings l;
	size_t j;
	int dated = 0, lists = 0;

	(void)state;
	fx_open(&fx, sql);
	run_rules(&fx, "P06", false, &l);
	for (j = 0; j < l.n; j++) {
		if (strcmp(l.v[j].rule, "P06"))
			continue;
		if (l.v[j].date != EJ_DAY_NONE) {
			dated++;
			assert_non_null(strstr(l.v[j].message, "Техника безопасности"));
		} else {
			lists++;
			assert_non_null(strstr(l.v[j].message, "№3 «Условные операторы»"));
			assert_null(strstr(l.v[j].message, "Массивы"));
		}
	}
	assert_int_equal(dated, 1);
	assert_int_equal(lists, 1);
	ej_findings_release(&l);
	fx_close(&fx);
}

/* A second pair on the same topic (over-delivery) is not a topic outside the plan. */
static void test_p06_repeat(void **state)
{
	static const char sql[] =
		"INSERT INTO plan (discipline_id, subgroup, lesson_no, topic, hours, planned_date, semester) VALUES"
		" (1, 0, 1, 'Введение в программирование', 2, '2025-09-01', 1),"
		" (1, 0, 2, 'Переменные и типы данных', 2, '2025-09-08', 1),"
		" (1, 0, 3, 'Условные операторы', 2, '2025-09-15', 1);"
		LESSON("2025-09-01", 1, "'Введение в программирование'", "theory", "'§1'", "NULL")
		LESSON("2025-09-08", 1, "'Переменные и типы данных'", "theory", "'§1'", "NULL")
		LESSON("2025-09-08", 2, "'Переменные и типы данных'", "theory", "'§1'", "NULL")
		LESSON("2025-09-15", 1, "'Условные операторы'", "theory", "'§1'", "NULL");
	struct fixture fx;
	struct ej_findings l;

	(void)state;
	fx_open(&fx, sql);
	run_rules(&fx, "P06", false, &l);
	assert_int_equal(l.n, 0);
	ej_findings_release(&l);
	fx_close(&fx);
}

/* No recorded_at anywhere: T01 says «не проверено» once, never passes silently. */
static void test_unchecked_once(void **state)
{
	struct fixture fx;
	struct ej_findings l;
	size_t j;
	int n = 0;

	(void)state;
	fx_open(&fx, OK_LESSON("2025-09-15", 1) OK_LESSON("2025-09-16", 1)
		"UPDATE lesson SET recorded_at = NULL;");
	run_rules(&fx, "T01,F05", false, &l);
	for (j = 0; j < l.n; j++) {
		assert_int_equal(l.v[j].severity, EJ_SEV_UNCHECKED);
		assert_non_null(strstr(l.v[j].message, "не проверено: нет данных"));
		n++;
	}
	assert_int_equal(n, 2);   /* T01 (no recorded_at) and F05 (no schedule) */
	ej_findings_release(&l);
	fx_close(&fx);
}

/* Filters apply to every rule: teacher by short name, group, discipline. */
static void test_filters(void **state)
{
	struct fixture fx;
	struct ej_findings l;

	(void)state;
	fx_open(&fx, LESSON("2025-09-15", 1, "NULL", "theory", "'§1'", "NULL")
		"UPDATE curriculum SET teacher_id = 1;"
		"INSERT INTO lesson (discipline_id, subgroup, date, pair, teacher_id, topic, lesson_type,"
		" hours, batch_id) VALUES (2, 0, '2025-09-15', 1, 2, NULL, 'theory', 2, 1);");
	run_rules(&fx, "F01", false, &l);
	assert_int_equal(l.n, 2);
	ej_findings_release(&l);
	fx.scope.teacher = "петров п.п.";
	run_rules(&fx, "F01", false, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].group, "ИСП-22");
	ej_findings_release(&l);
	fx.scope.teacher = NULL;
	fx.scope.group = "исп-21";
	run_rules(&fx, "F01", false, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].teacher_short, "Соколова А. П.");
	ej_findings_release(&l);
	fx.scope.group = NULL;
	ej_day_from_ymd(2025, 9, 16, &fx.scope.from);
	run_rules(&fx, "F01", false, &l);
	assert_int_equal(l.n, 0);
	ej_findings_release(&l);
	fx_close(&fx);
}

static void test_select(void **state)
{
	struct ej_err err = { 0 };
	bool sel[64];
	size_t n, i, k = 0;
	const struct ej_rule *r = ej_rules_all(&n);

	(void)state;
	assert_int_equal(n, 29);
	assert_int_equal(ej_rules_select("t,d01", sel, 64, &err), 0);
	for (i = 0; i < n; i++)
		if (sel[i]) {
			k++;
			assert_true(r[i].family == 'T' || !strcmp(r[i].id, "D01"));
		}
	assert_int_equal(k, 4);
	assert_int_equal(ej_rules_select("X99", sel, 64, &err), EJ_EUSAGE);
	assert_non_null(strstr(err.msg, "X99"));
	/* every rule cites a clause and says what it needs */
	for (i = 0; i < n; i++) {
		assert_int_equal(strncmp(r[i].clause, "§", 2), 0);
		assert_true(strlen(r[i].needs) > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_p06_skip),
		cmocka_unit_test(test_p06_repeat),
		cmocka_unit_test(test_unchecked_once),
		cmocka_unit_test(test_filters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
