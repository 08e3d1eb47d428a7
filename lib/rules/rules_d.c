/*
** rules_d.c — family D, data integrity (§2.1.8, §4.2.2): marks of students
** outside the group, marks without a lesson, lessons outside the calendar,
** records dated after their export.
*/
#include "rules/markpass.h"
#include "rules/rules_ctx.h"

#include <stdio.h>
#include <string.h>

/* §2.1.8, §4.2.2: a mark or absence only for a student in the group that day.
** One finding per student × discipline × date. */
int ej_rule_d01(struct ej_rctx *rc, const struct ej_rule *r)
{
	static const char sql[] =
		"SELECT (SELECT min(s.enrolled) FROM stay s WHERE s.student_id = ?1"
		"   AND s.group_id = ?2 AND s.enrolled > ?3),"
		" (SELECT max(s.left_on) FROM stay s WHERE s.student_id = ?1"
		"   AND s.group_id = ?2 AND s.left_on <= ?3)";
	const struct ej_mp_hit *h;
	sqlite3_stmt *st;
	size_t n, i, j;
	int status;

	if (!ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM stay LIMIT 1)")) {
		ej_rc_unchecked(rc, r, NULL);
		return 0;
	}
	if ((status = ej_mp_run(rc)))
		return status;
	if (!(st = ej_rc_prepare(rc, sql)))
		return EJ_EIO;
	h = ej_mp_hits(rc, MP_D01, &n);
	for (i = 0; i < n; i = j) {
		const struct ej_rc_disc *dc = ej_rc_disc(rc, h[i].disc);
		ej_day enr = EJ_DAY_NONE, left = EJ_DAY_NONE;
		char vals[128], day[11], iso[11], when[96], where[256];
		const char *g = rc->groups[dc->group_id].name;

		j = ej_mp_group(h, n, i, vals, sizeof(vals));
		ej_day_iso(h[i].day, iso);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, h[i].student);
		sqlite3_bind_int64(st, 2, dc->group_id);
		sqlite3_bind_text(st, 3, iso, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW) {
			enr = ej_rc_iso_day((const char *)sqlite3_column_text(st, 0));
			left = ej_rc_iso_day((const char *)sqlite3_column_text(st, 1));
		}
		ej_day_ru(h[i].day, day);
		if (enr != EJ_DAY_NONE) {
			char e[11];
			ej_day_ru(enr, e);
			snprintf(when, sizeof(when), "до зачисления (%s) в группу", e);
		} else if (left != EJ_DAY_NONE) {
			char e[11];
			ej_day_ru(left, e);
			snprintf(when, sizeof(when), "после выбытия (%s) из группы", e);
		} else {
			snprintf(when, sizeof(when), "обучающемуся, не числящемуся в группе");
		}
		ej_rc_where_st(rc, h[i].disc, h[i].subgroup, h[i].student, where, sizeof(where));
		ej_rc_add(rc, r, h[i].disc, h[i].subgroup,
			  h[i].teacher ? h[i].teacher : ej_rc_disc_teacher(rc, h[i].disc, h[i].subgroup, h[i].day),
			  h[i].student, h[i].day, "Отметка «%s» за %s поставлена %s %s (%s)",
			  vals, day, when, g ? g : "", where);
	}
	sqlite3_finalize(st);
	return 0;
}

/* §4.2.2: a mark or absence on a date with no lesson of that discipline.
** Disciplines with no lesson records at all are not judged (grid-only data). */
int ej_rule_d02(struct ej_rctx *rc, const struct ej_rule *r)
{
	const struct ej_mp_hit *h;
	size_t n, i, j;
	int status;

	if (!ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM lesson LIMIT 1)")) {
		ej_rc_unchecked(rc, r, NULL);
		return 0;
	}
	if ((status = ej_mp_run(rc)))
		return status;
	h = ej_mp_hits(rc, MP_D02, &n);
	for (i = 0; i < n; i = j) {
		char vals[128], day[11], where[256];

		j = ej_mp_group(h, n, i, vals, sizeof(vals));
		ej_day_ru(h[i].day, day);
		ej_rc_where_st(rc, h[i].disc, h[i].subgroup, h[i].student, where, sizeof(where));
		ej_rc_add(rc, r, h[i].disc, h[i].subgroup,
			  ej_rc_disc_teacher(rc, h[i].disc, h[i].subgroup, h[i].day), h[i].student, h[i].day,
			  "Отметка «%s» за %s, а занятия в этот день в журнале нет (%s)", vals, day, where);
	}
	return 0;
}

/* §4.2.2: lessons only on study days of the config's calendar. */
int ej_rule_d03(struct ej_rctx *rc, const struct ej_rule *r)
{
	static const char sql[] =
		"SELECT l.discipline_id, l.subgroup, l.date, l.pair, l.teacher_id"
		" FROM lesson l JOIN temp.chk_disc c ON c.id = l.discipline_id"
		" WHERE l.date BETWEEN ?1 AND ?2";
	sqlite3_stmt *st;
	int s;

	if (!(st = ej_rc_prepare(rc, sql)))
		return EJ_EIO;
	ej_rc_bind_period(rc, st);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t disc = sqlite3_column_int64(st, 0);
		int sg = sqlite3_column_int(st, 1), pair = sqlite3_column_int(st, 3);
		ej_day d = ej_rc_iso_day((const char *)sqlite3_column_text(st, 2));
		const char *why = NULL;
		char day[11], where[256];
		struct ej_finding *f;

		if (d == EJ_DAY_NONE)
			continue;
		if (ej_day_weekday(d) == 7)
			why = "воскресенье";
		else if (ej_config_is_holiday(rc->cfg, d))
			why = "праздничный или каникулярный день";
		else if (!ej_rc_semester(rc, d))
			why = "вне сроков семестров";
		if (!why)
			continue;
		ej_day_ru(d, day);
		ej_rc_where(rc, disc, sg, where, sizeof(where));
		f = ej_rc_add(rc, r, disc, sg, sqlite3_column_int64(st, 4), 0, d,
			      "Занятие %s, %d пара, приходится на нерабочий день: %s (%s)",
			      day, pair, why, where);
		f->pair = pair;
	}
	sqlite3_finalize(st);
	return ej_rc_done(rc, s);
}

/* §4.2.2: nothing in an export can be dated after the export itself. */
int ej_rule_d04(struct ej_rctx *rc, const struct ej_rule *r)
{
	static const char sql_l[] =
		"SELECT l.discipline_id, l.subgroup, l.date, l.pair, l.teacher_id, b.exported_at"
		" FROM lesson l JOIN temp.chk_disc c ON c.id = l.discipline_id"
		" JOIN batch b ON b.id = l.batch_id"
		" WHERE l.date BETWEEN ?1 AND ?2 AND l.date > substr(b.exported_at, 1, 10)";
	static const char sql_f[] =
		"SELECT f.discipline_id, f.student_id, f.recorded_at, b.exported_at, f.value"
		" FROM final f JOIN temp.chk_disc c ON c.id = f.discipline_id"
		" JOIN batch b ON b.id = f.batch_id"
		" WHERE f.recorded_at > b.exported_at AND substr(f.recorded_at, 1, 10) BETWEEN ?1 AND ?2";
	sqlite3_stmt *st;
	int s;

	if (!rc->have_batches) {
		ej_rc_unchecked(rc, r, NULL);
		return 0;
	}
	if (!(st = ej_rc_prepare(rc, sql_l)))
		return EJ_EIO;
	ej_rc_bind_period(rc, st);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t disc = sqlite3_column_int64(st, 0);
		int sg = sqlite3_column_int(st, 1), pair = sqlite3_column_int(st, 3);
		ej_day d = ej_rc_iso_day((const char *)sqlite3_column_text(st, 2));
		char day[11], where[256];
		struct ej_finding *f;

		ej_day_ru(d, day);
		ej_rc_where(rc, disc, sg, where, sizeof(where));
		f = ej_rc_add(rc, r, disc, sg, sqlite3_column_int64(st, 4), 0, d,
			      "Занятие датировано %s, %d пара — позже выгрузки %s (%s)",
			      day, pair, (const char *)sqlite3_column_text(st, 5), where);
		f->pair = pair;
	}
	sqlite3_finalize(st);
	if (ej_rc_done(rc, s))
		return EJ_EIO;

	if ((s = ej_mp_run(rc)))
		return s;
	{
		const struct ej_mp_hit *h;
		size_t n, i, j;

		h = ej_mp_hits(rc, MP_D04, &n);
		for (i = 0; i < n; i = j) {
			char vals[128], day[11], where[256];

			j = ej_mp_group(h, n, i, vals, sizeof(vals));
			ej_day_ru(h[i].day, day);
			ej_rc_where_st(rc, h[i].disc, h[i].subgroup, h[i].student, where, sizeof(where));
			ej_rc_add(rc, r, h[i].disc, h[i].subgroup,
				  ej_rc_disc_teacher(rc, h[i].disc, h[i].subgroup, h[i].day), h[i].student,
				  h[i].day, "Отметка «%s» за %s внесена %s — позже выгрузки %s (%s)",
				  vals, day, h[i].ts, h[i].ts2, where);
		}
	}

	if (!(st = ej_rc_prepare(rc, sql_f)))
		return EJ_EIO;
	ej_rc_bind_period(rc, st);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t disc = sqlite3_column_int64(st, 0), stu = sqlite3_column_int64(st, 1);
		ej_day d = ej_rc_iso_day((const char *)sqlite3_column_text(st, 2));
		char where[256];

		ej_rc_where_st(rc, disc, 0, stu, where, sizeof(where));
		ej_rc_add(rc, r, disc, 0, ej_rc_disc_teacher(rc, disc, 0, d), stu, d,
			  "Итоговая отметка «%s» внесена %s — позже выгрузки %s (%s)",
			  (const char *)sqlite3_column_text(st, 4),
			  (const char *)sqlite3_column_text(st, 2),
			  (const char *)sqlite3_column_text(st, 3), where);
	}
	sqlite3_finalize(st);
	return ej_rc_done(rc, s);
}
