/*
** rules_t.c — family T, timeliness (§2.5.2): «Электронный журнал
** заполняется преподавателем непосредственно в день проведения занятий …
** Категорически запрещается исправление и выставление оценок „задним
** числом“».  Lesson records and marks entered after the lesson day, and
** marks changed after it (by modified_at or between two import batches).
*/
#include "util/sort.h"
#include "rules/markpass.h"
#include "rules/rules_ctx.h"
#include "util/numwords.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* §2.5.2: a lesson record is entered on the lesson day. */
int ej_rule_t01(struct ej_rctx *rc, const struct ej_rule *r)
{
	static const char sql[] =
		"SELECT l.discipline_id, l.subgroup, l.date, l.pair, l.teacher_id, l.recorded_at,"
		" CAST(julianday(substr(l.recorded_at, 1, 10)) - julianday(l.date) AS INTEGER)"
		" FROM lesson l JOIN temp.chk_disc c ON c.id = l.discipline_id"
		" WHERE l.date BETWEEN ?1 AND ?2 AND l.recorded_at IS NOT NULL"
		" AND substr(l.recorded_at, 1, 10) > l.date";
	sqlite3_stmt *st;
	int s;

	if (!ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM lesson WHERE recorded_at IS NOT NULL LIMIT 1)")) {
		ej_rc_unchecked(rc, r, NULL);
		return 0;
	}
	if (!(st = ej_rc_prepare(rc, sql)))
		return EJ_EIO;
	ej_rc_bind_period(rc, st);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t disc = sqlite3_column_int64(st, 0);
		int sg = sqlite3_column_int(st, 1), pair = sqlite3_column_int(st, 3);
		int delay = sqlite3_column_int(st, 6);
		ej_day d = ej_rc_iso_day((const char *)sqlite3_column_text(st, 2));
		ej_day rd = ej_rc_iso_day((const char *)sqlite3_column_text(st, 5));
		char day[11], rday[11], where[256];
		struct ej_finding *f;

		ej_day_ru(d, day);
		ej_day_ru(rd, rday);
		ej_rc_where(rc, disc, sg, where, sizeof(where));
		f = ej_rc_add(rc, r, disc, sg, sqlite3_column_int64(st, 4), 0, d,
			      "Занятие %s, %d пара, записано в журнал %s — с опозданием на %d %s (%s)",
			      day, pair, rday, delay, ej_plural(delay, "день", "дня", "дней"), where);
		f->pair = pair;
		ej_rc_fig(f, "delay_days", delay);
	}
	sqlite3_finalize(st);
	return ej_rc_done(rc, s);
}

/*
** §2.5.2: a mark (not an absence) is put on the lesson day; a written work
** (the lesson is a control, practical or lab work, or the mark's kind names
** one) may be marked up to grace.written_work_days later.  Unknown
** recorded_at is never late.  One finding per student × lesson.
*/
int ej_rule_t02(struct ej_rctx *rc, const struct ej_rule *r)
{
	int grace = rc->cfg->policy.grace_written_work_days, status;
	const struct ej_mp_hit *h;
	size_t n, i;

	if (!ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM mark WHERE recorded_at IS NOT NULL LIMIT 1)")) {
		ej_rc_unchecked(rc, r, NULL);
		return 0;
	}
	if ((status = ej_mp_run(rc)))
		return status;
	h = ej_mp_hits(rc, MP_T02, &n);
	for (i = 0; i < n; i++) {
		char day[11], rday[11], where[256];
		struct ej_finding *f;
		int delay = h[i].extra;
		int64_t t = h[i].teacher;

		if (i > 0 && h[i].disc == h[i - 1].disc && h[i].student == h[i - 1].student &&
		    h[i].day == h[i - 1].day && h[i].pair == h[i - 1].pair)
			continue;
		if (!t)
			t = ej_rc_disc_teacher(rc, h[i].disc, h[i].subgroup, h[i].day);
		ej_day_ru(h[i].day, day);
		ej_day_ru(ej_rc_iso_day(h[i].ts), rday);
		ej_rc_where_st(rc, h[i].disc, h[i].subgroup, h[i].student, where, sizeof(where));
		if (h[i].written)
			f = ej_rc_add(rc, r, h[i].disc, h[i].subgroup, t, h[i].student, h[i].day,
				      "Отметка «%s» за письменную работу %s выставлена %s — через %d %s, "
				      "допускается не позднее чем через %d (%s)",
				      h[i].value, day, rday, delay, ej_plural(delay, "день", "дня", "дней"),
				      grace, where);
		else
			f = ej_rc_add(rc, r, h[i].disc, h[i].subgroup, t, h[i].student, h[i].day,
				      "Отметка «%s» за %s выставлена задним числом %s — через %d %s (%s)",
				      h[i].value, day, rday, delay, ej_plural(delay, "день", "дня", "дней"), where);
		f->pair = h[i].pair;
		ej_rc_fig(f, "delay_days", delay);
		ej_rc_fig(f, "allowed_days", h[i].written ? grace : 0);
	}
	return 0;
}

struct cell_key {
	int64_t disc, stu;
	ej_day day;
	int pair;
};

static int cmp_key(const void *pa, const void *pb)
{
	const struct cell_key *a = pa, *b = pb;

	if (a->disc != b->disc) return a->disc < b->disc ? -1 : 1;
	if (a->stu != b->stu) return a->stu < b->stu ? -1 : 1;
	if (a->day != b->day) return a->day < b->day ? -1 : 1;
	return 0;
}

/* "HH:MM" of an ISO timestamp, or "". */
static const char *time_part(const char *ts)
{
	static char hm[6];

	if (!ts || strlen(ts) < 16) return "";
	memcpy(hm, ts + 11, 5);
	hm[5] = '\0';
	return hm;
}

static bool absence_or_none(const char *v)
{
	return !v || ej_mark_is_absence(v);
}

/*
** §2.5.2: no correction after the lesson day.  Two witnesses: a mark whose
** modified_at falls after the lesson day (and after its recorded_at), and a
** cell whose value changed, appeared or vanished between two import batches
** when the earlier batch was exported after the lesson day.  Attendance
** corrections between absence kinds (н → б by a certificate) are not marks.
** One finding per student × discipline × date.
*/
int ej_rule_t03(struct ej_rctx *rc, const struct ej_rule *r)
{
	static const char sql_h[] =
		"SELECT h.discipline_id, h.subgroup, h.date, h.pair, h.student_id, h.change,"
		" h.old_value, h.new_value, ob.exported_at, nb.exported_at,"
		" coalesce((SELECT l.teacher_id FROM lesson l WHERE l.discipline_id = h.discipline_id"
		"   AND l.date = h.date AND l.pair = h.pair),"
		"  (SELECT l.teacher_id FROM lesson l WHERE l.discipline_id = h.discipline_id"
		"   AND l.date = h.date LIMIT 1))"
		" FROM mark_history h JOIN temp.chk_disc c ON c.id = h.discipline_id"
		" JOIN batch ob ON ob.id = h.old_batch_id JOIN batch nb ON nb.id = h.new_batch_id"
		" WHERE h.date BETWEEN ?1 AND ?2 AND substr(ob.exported_at, 1, 10) > h.date"
		" ORDER BY h.discipline_id, h.student_id, h.date, h.pair, h.seq";
	struct cell_key *keys = NULL, k;
	size_t nkeys = 0, akeys = 0, nh;
	sqlite3_stmt *st = NULL;
	int s, status = 0;
	bool have_mod = ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM mark WHERE modified_at IS NOT NULL LIMIT 1)");
	bool have_hist = ej_rc_any(rc, "SELECT count(*) > 1 FROM batch");

	if (!have_mod && !have_hist) {
		ej_rc_unchecked(rc, r, "время изменения отметок (modified_at) и больше одной выгрузки");
		return 0;
	}
	if (!(st = ej_rc_prepare(rc, sql_h)))
		return EJ_EIO;
	ej_rc_bind_period(rc, st);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *ov = (const char *)sqlite3_column_text(st, 6);
		const char *nv = (const char *)sqlite3_column_text(st, 7);
		char day[11], where[256], ob[11], nb[11];
		struct ej_finding *f;
		int64_t t;

		if (absence_or_none(ov) && absence_or_none(nv))
			continue;
		k.disc = sqlite3_column_int64(st, 0);
		k.stu = sqlite3_column_int64(st, 4);
		k.day = ej_rc_iso_day((const char *)sqlite3_column_text(st, 2));
		k.pair = sqlite3_column_int(st, 3);
		if (nkeys && !cmp_key(&keys[nkeys - 1], &k))
			continue;
		EJ_GROW(keys, nkeys + 1, akeys);
		keys[nkeys++] = k;
		t = sqlite3_column_int64(st, 10);
		if (!t)
			t = ej_rc_disc_teacher(rc, k.disc, sqlite3_column_int(st, 1), k.day);
		ej_day_ru(k.day, day);
		ej_day_ru(ej_rc_iso_day((const char *)sqlite3_column_text(st, 8)), ob);
		ej_day_ru(ej_rc_iso_day((const char *)sqlite3_column_text(st, 9)), nb);
		ej_rc_where_st(rc, k.disc, sqlite3_column_int(st, 1), k.stu, where, sizeof(where));
		if (!ov)
			f = ej_rc_add(rc, r, k.disc, sqlite3_column_int(st, 1), t, k.stu, k.day,
				      "Отметка «%s» за %s появилась задним числом (между выгрузками %s и %s) (%s)",
				      nv ? nv : "", day, ob, nb, where);
		else if (!nv)
			f = ej_rc_add(rc, r, k.disc, sqlite3_column_int(st, 1), t, k.stu, k.day,
				      "Отметка «%s» за %s удалена задним числом (между выгрузками %s и %s) (%s)",
				      ov, day, ob, nb, where);
		else
			f = ej_rc_add(rc, r, k.disc, sqlite3_column_int(st, 1), t, k.stu, k.day,
				      "Отметка за %s исправлена задним числом: «%s» → «%s» "
				      "(между выгрузками %s и %s) (%s)",
				      day, ov, nv, ob, nb, where);
		f->pair = k.pair;
		ej_rc_fig_text(f, "old_value", ov);
		ej_rc_fig_text(f, "new_value", nv);
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((status = ej_rc_done(rc, s)))
		goto done;
	nh = nkeys;
	if (nh)
		ej_qsort(keys, nh, sizeof(keys[0]), cmp_key);

	if ((status = ej_mp_run(rc)))
		goto done;
	{
		const struct ej_mp_hit *h;
		size_t n, i;

		h = ej_mp_hits(rc, MP_T03, &n);
		for (i = 0; i < n; i++) {
			char day[11], mday[11], where[256];
			struct ej_finding *f;
			int64_t t = h[i].teacher;

			k.disc = h[i].disc;
			k.stu = h[i].student;
			k.day = h[i].day;
			k.pair = h[i].pair;
			if (nh && ej_bsearch(&k, keys, nh, sizeof(keys[0]), cmp_key))
				continue;
			if (nkeys > nh && !cmp_key(&keys[nkeys - 1], &k))
				continue;
			EJ_GROW(keys, nkeys + 1, akeys);
			keys[nkeys++] = k;
			if (!t)
				t = ej_rc_disc_teacher(rc, k.disc, h[i].subgroup, k.day);
			ej_day_ru(k.day, day);
			ej_day_ru(ej_rc_iso_day(h[i].ts), mday);
			ej_rc_where_st(rc, k.disc, h[i].subgroup, k.stu, where, sizeof(where));
			f = ej_rc_add(rc, r, k.disc, h[i].subgroup, t, k.stu, k.day,
				      "Отметка «%s» за %s исправлена задним числом %s %s — через %d %s (%s)",
				      h[i].value, day, mday, time_part(h[i].ts), h[i].extra,
				      ej_plural(h[i].extra, "день", "дня", "дней"), where);
			f->pair = k.pair;
			ej_rc_fig(f, "delay_days", h[i].extra);
		}
	}
	status = 0;
done:
	sqlite3_finalize(st);
	free(keys);
	return status;
}
