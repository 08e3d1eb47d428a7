/*
** rules_f.c — family F, filling in the journal (§2.5.1, §2.5.4): topic,
** homework, Russian language, the content of practical/lab/control works,
** scheduled lessons left empty, attendance not taken.
*/
#include "rules/align.h"
#include "rules/rules_ctx.h"

#include <stdio.h>
#include <string.h>

static const char lesson_sql[] =
	"SELECT l.discipline_id, l.subgroup, l.date, l.pair, l.teacher_id, l.topic,"
	" l.lesson_type, l.homework, l.attendance_taken"
	" FROM lesson l JOIN temp.chk_disc c ON c.id = l.discipline_id"
	" WHERE l.date BETWEEN ?1 AND ?2";

enum { L_DISC, L_SG, L_DATE, L_PAIR, L_TEACHER, L_TOPIC, L_TYPE, L_HW, L_ATT };

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

static const char *type_ru(const char *t)
{
	if (!t) return "занятие";
	if (!strcmp(t, "practical")) return "практическая работа";
	if (!strcmp(t, "lab")) return "лабораторная работа";
	if (!strcmp(t, "control")) return "контрольная работа";
	if (!strcmp(t, "excursion")) return "экскурсия";
	if (!strcmp(t, "exam")) return "экзамен (зачёт)";
	if (!strcmp(t, "consultation")) return "консультация";
	return "занятие";
}

typedef bool (*lesson_test)(sqlite3_stmt *st, char *why, size_t size);

static bool no_topic(sqlite3_stmt *st, char *why, size_t size);
static bool no_homework(sqlite3_stmt *st, char *why, size_t size);
static bool not_russian(sqlite3_stmt *st, char *why, size_t size);
static bool bare_work(sqlite3_stmt *st, char *why, size_t size);
static bool no_attendance(sqlite3_stmt *st, char *why, size_t size);

static const struct { const char *id; lesson_test test; const char *what; } lesson_rules[] = {
	{ "F01", no_topic, "Не указана тема занятия" },
	{ "F02", no_homework, "Не указано домашнее задание к занятию" },
	{ "F03", not_russian, "Тема занятия записана не на русском языке" },
	{ "F04", bare_work, "Не указана тема работы" },
	{ "F06", no_attendance, "Не отмечена посещаемость на занятии" },
};

/* One scan of the period's held lessons for every selected lesson rule;
** the first F rule to run does it. */
static int scan_lessons(struct ej_rctx *rc)
{
	const size_t nr = sizeof(lesson_rules) / sizeof(lesson_rules[0]);
	const struct ej_rule *rule[8];
	bool on[8];
	sqlite3_stmt *st;
	size_t k;
	int s;

	if (rc->f_scanned)
		return 0;
	rc->f_scanned = true;
	for (k = 0; k < nr; k++) {
		rule[k] = ej_rule_find(lesson_rules[k].id);
		on[k] = ej_rc_selected(rc, lesson_rules[k].id);
	}
	/* F06 needs the export to say whether attendance was taken. */
	if (on[4] && !ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM lesson WHERE attendance_taken IS NOT NULL LIMIT 1)")) {
		ej_rc_unchecked(rc, rule[4], NULL);
		on[4] = false;
	}
	if (!(st = ej_rc_prepare(rc, lesson_sql)))
		return EJ_EIO;
	ej_rc_bind_period(rc, st);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t disc = sqlite3_column_int64(st, L_DISC);
		int sg = sqlite3_column_int(st, L_SG), pair = sqlite3_column_int(st, L_PAIR);
		ej_day d = EJ_DAY_NONE;
		char day[11], where[256];

		for (k = 0; k < nr; k++) {
			char why[512] = "";
			struct ej_finding *f;

			if (!on[k] || !lesson_rules[k].test(st, why, sizeof(why)))
				continue;
			if (d == EJ_DAY_NONE) {
				d = ej_rc_iso_day((const char *)sqlite3_column_text(st, L_DATE));
				ej_day_ru(d, day);
				ej_rc_where(rc, disc, sg, where, sizeof(where));
			}
			f = ej_rc_add(rc, rule[k], disc, sg, sqlite3_column_int64(st, L_TEACHER), 0, d,
				      "%s %s, %d пара%s (%s)", lesson_rules[k].what, day, pair, why, where);
			f->pair = pair;
		}
	}
	sqlite3_finalize(st);
	return ej_rc_done(rc, s);
}

static bool no_topic(sqlite3_stmt *st, char *why, size_t size)
{
	(void)why; (void)size;
	return blank((const char *)sqlite3_column_text(st, L_TOPIC));
}

/* §2.5.1, §2.5.4: every held lesson has its topic. */
int ej_rule_f01(struct ej_rctx *rc, const struct ej_rule *r)
{
	(void)r;
	return scan_lessons(rc);
}

static bool no_homework(sqlite3_stmt *st, char *why, size_t size)
{
	const char *t = (const char *)sqlite3_column_text(st, L_TYPE);

	(void)why; (void)size;
	if (t && (!strcmp(t, "control") || !strcmp(t, "exam") || !strcmp(t, "excursion") ||
		  !strcmp(t, "consultation")))
		return false;
	return blank((const char *)sqlite3_column_text(st, L_HW));
}

/* §2.5.1: homework with every lesson but controls, exams, excursions, consultations. */
int ej_rule_f02(struct ej_rctx *rc, const struct ej_rule *r)
{
	(void)r;
	return scan_lessons(rc);
}

static bool not_russian(sqlite3_stmt *st, char *why, size_t size)
{
	const char *t = (const char *)sqlite3_column_text(st, L_TOPIC);

	if (blank(t) || ej_topic_is_russian(t))
		return false;
	snprintf(why, size, ": «%s»", t);
	return true;
}

/* §2.5.4: all records in Russian, foreign-language lessons included. */
int ej_rule_f03(struct ej_rctx *rc, const struct ej_rule *r)
{
	(void)r;
	return scan_lessons(rc);
}

static bool bare_work(sqlite3_stmt *st, char *why, size_t size)
{
	const char *t = (const char *)sqlite3_column_text(st, L_TOPIC);
	const char *type = (const char *)sqlite3_column_text(st, L_TYPE);

	if (!type || (strcmp(type, "practical") && strcmp(type, "lab") &&
		      strcmp(type, "control") && strcmp(type, "excursion")))
		return false;
	if (blank(t) || !ej_topic_is_bare_type(t))
		return false;
	snprintf(why, size, ": «%s» (%s)", t, type_ru(type));
	return true;
}

/* §2.5.4: the topic of a practical, lab, control work or excursion says what it is about. */
int ej_rule_f04(struct ej_rctx *rc, const struct ej_rule *r)
{
	(void)r;
	return scan_lessons(rc);
}

static bool no_attendance(sqlite3_stmt *st, char *why, size_t size)
{
	(void)why; (void)size;
	return sqlite3_column_type(st, L_ATT) != SQLITE_NULL && sqlite3_column_int(st, L_ATT) == 0;
}

/* §2.5.1: attendance is part of the daily filling in. */
int ej_rule_f06(struct ej_rctx *rc, const struct ej_rule *r)
{
	(void)r;
	return scan_lessons(rc);
}

/*
** §2.5.1, §2.5.2: a scheduled pair before the export day has a journal
** record.  Matched by discipline, subgroup, date and pair; when the lesson
** records of that day carry other pair numbers, the counts decide.
*/
int ej_rule_f05(struct ej_rctx *rc, const struct ej_rule *r)
{
	static const char sql[] =
		"SELECT s.discipline_id, s.subgroup, s.date, s.pair, s.teacher_id,"
		" (SELECT count(*) FROM schedule s2 WHERE s2.discipline_id = s.discipline_id"
		"   AND s2.subgroup = s.subgroup AND s2.date = s.date),"
		" (SELECT count(*) FROM lesson l2 WHERE l2.discipline_id = s.discipline_id"
		"   AND l2.subgroup = s.subgroup AND l2.date = s.date)"
		" FROM schedule s JOIN temp.chk_disc c ON c.id = s.discipline_id"
		" WHERE s.date BETWEEN ?1 AND ?2 AND s.date < ?4"
		" AND NOT EXISTS (SELECT 1 FROM lesson l WHERE l.discipline_id = s.discipline_id"
		"   AND l.subgroup = s.subgroup AND l.date = s.date AND l.pair = s.pair)"
		" ORDER BY s.discipline_id, s.subgroup, s.date, s.pair";
	sqlite3_stmt *st;
	int s;

	if (!ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM schedule LIMIT 1)")) {
		ej_rc_unchecked(rc, r, NULL);
		return 0;
	}
	if (!(st = ej_rc_prepare(rc, sql)))
		return EJ_EIO;
	ej_rc_bind_period(rc, st);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t disc = sqlite3_column_int64(st, 0);
		int sg = sqlite3_column_int(st, 1), pair = sqlite3_column_int(st, 3);
		ej_day d = ej_rc_iso_day((const char *)sqlite3_column_text(st, 2));
		char day[11], where[256];
		struct ej_finding *f;

		/* Pairs numbered differently, but as many records as planned pairs. */
		if (sqlite3_column_int(st, 6) >= sqlite3_column_int(st, 5))
			continue;
		ej_day_ru(d, day);
		ej_rc_where(rc, disc, sg, where, sizeof(where));
		f = ej_rc_add(rc, r, disc, sg, sqlite3_column_int64(st, 4), 0, d,
			      "Урок не заполнен: занятие по расписанию %s, %d пара — записи в журнале нет (%s)",
			      day, pair, where);
		f->pair = pair;
	}
	sqlite3_finalize(st);
	return ej_rc_done(rc, s);
}
