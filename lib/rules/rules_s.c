/*
** rules_s.c — family S, substitutions and subgroups (§2.5.2: «В случае
** болезни основного преподавателя, преподаватель, замещающий коллегу,
** заполняет электронный журнал в установленном порядке»; §2.5.5: «При
** делении по предмету на подгруппы, записи ведутся индивидуально каждым
** педагогом, ведущим группу»; §3.3: «правильности записи замены»).
**
** The expected teacher of a lesson is the scheduled one (same discipline,
** subgroup and date, preferring the same pair), else the curriculum's for
** the semester and subgroup.
*/
#include "rules/markpass.h"
#include "rules/rules_ctx.h"

#include <stdio.h>
#include <string.h>

static const char lesson_sql[] =
	"SELECT l.discipline_id, l.subgroup, l.date, l.pair, l.teacher_id, l.substitute_note,"
	" l.substitute_for,"
	" coalesce((SELECT s.teacher_id FROM schedule s WHERE s.discipline_id = l.discipline_id"
	"   AND s.subgroup = l.subgroup AND s.date = l.date AND s.pair = l.pair),"
	"  (SELECT s.teacher_id FROM schedule s WHERE s.discipline_id = l.discipline_id"
	"   AND s.subgroup = l.subgroup AND s.date = l.date LIMIT 1))"
	" FROM lesson l JOIN temp.chk_disc c ON c.id = l.discipline_id"
	" WHERE l.date BETWEEN ?1 AND ?2 AND l.teacher_id IS NOT NULL";

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

/* Is t the curriculum's teacher of another subgroup of this discipline? */
static bool teaches_other_subgroup(const struct ej_rctx *rc, int64_t disc, int sem, int sg, int64_t t)
{
	const struct ej_rc_disc *d = ej_rc_disc(rc, disc);
	int k;

	if (!sem || sg <= 0)
		return false;
	for (k = 1; k < 4; k++)
		if (k != sg && d->cur_teacher[sem - 1][k] == t)
			return true;
	return false;
}

static int64_t expected_teacher(const struct ej_rctx *rc, sqlite3_stmt *st, int64_t disc,
				int sg, ej_day d)
{
	const struct ej_rc_disc *x = ej_rc_disc(rc, disc);
	int sem = ej_rc_semester(rc, d);

	if (sqlite3_column_type(st, 7) != SQLITE_NULL)
		return sqlite3_column_int64(st, 7);
	if (!sem)
		return 0;
	if (sg >= 0 && sg < 4 && x->cur_teacher[sem - 1][sg])
		return x->cur_teacher[sem - 1][sg];
	return x->cur_teacher[sem - 1][0];
}

/* One scan of the lessons finds S01, S02 and the teacher part of S03 for
** whichever of them are selected; the first S rule to run does it. */
static int scan(struct ej_rctx *rc)
{
	const struct ej_rule *r1 = ej_rule_find("S01"), *r2 = ej_rule_find("S02"), *r3 = ej_rule_find("S03");
	bool k1 = ej_rc_selected(rc, "S01"), k2 = ej_rc_selected(rc, "S02"), k3 = ej_rc_selected(rc, "S03");
	sqlite3_stmt *st;
	int s;

	if (rc->s_scanned)
		return 0;
	rc->s_scanned = true;
	if (!(st = ej_rc_prepare(rc, lesson_sql)))
		return EJ_EIO;
	ej_rc_bind_period(rc, st);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t disc = sqlite3_column_int64(st, 0), t = sqlite3_column_int64(st, 4);
		int sg = sqlite3_column_int(st, 1), pair = sqlite3_column_int(st, 3);
		ej_day d = ej_rc_iso_day((const char *)sqlite3_column_text(st, 2));
		const char *note = (const char *)sqlite3_column_text(st, 5);
		int64_t sub_for = sqlite3_column_int64(st, 6);
		int64_t want = expected_teacher(rc, st, disc, sg, d);
		bool other_sg = teaches_other_subgroup(rc, disc, ej_rc_semester(rc, d), sg, t);
		char day[11], where[256];
		struct ej_finding *f = NULL;

		if (blank(note) && (!want || t == want))
			continue;
		ej_day_ru(d, day);
		ej_rc_where(rc, disc, sg, where, sizeof(where));
		if (k1 && blank(note) && want && t != want && !other_sg) {
			f = ej_rc_add(rc, r1, disc, sg, t, 0, d,
				      "Занятие %s, %d пара: по расписанию — %s, записал(а) — %s, замена не оформлена (%s)",
				      day, pair, ej_rc_teacher_short(rc, want), ej_rc_teacher_short(rc, t),
				      where);
		} else if (k2 && !blank(note) && !sub_for) {
			f = ej_rc_add(rc, r2, disc, sg, t, 0, d,
				      "Замена %s, %d пара, не указывает, кого заменяли («%s») (%s)",
				      day, pair, note, where);
		} else if (k2 && !blank(note) && want && sub_for != want) {
			f = ej_rc_add(rc, r2, disc, sg, t, 0, d,
				      "Замена %s, %d пара: заменяемым указан(а) %s, а по расписанию — %s (%s)",
				      day, pair, ej_rc_teacher_short(rc, sub_for),
				      ej_rc_teacher_short(rc, want), where);
		} else if (k3 && blank(note) && other_sg && t != want) {
			f = ej_rc_add(rc, r3, disc, sg, t, 0, d,
				      "Занятие подгруппы %d %s, %d пара, записал %s — преподаватель другой подгруппы (%s)",
				      sg, day, pair, ej_rc_teacher_short(rc, t), where);
		}
		if (f)
			f->pair = pair;
	}
	sqlite3_finalize(st);
	return ej_rc_done(rc, s);
}

static bool no_teachers(struct ej_rctx *rc, const struct ej_rule *r)
{
	if (ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM schedule WHERE teacher_id IS NOT NULL LIMIT 1)") ||
	    ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM curriculum WHERE teacher_id IS NOT NULL LIMIT 1)"))
		return false;
	ej_rc_unchecked(rc, r, NULL);
	return true;
}

/* §2.5.2: a lesson by another teacher is a substitution and says so. */
int ej_rule_s01(struct ej_rctx *rc, const struct ej_rule *r)
{
	return no_teachers(rc, r) ? 0 : scan(rc);
}

/* §3.3: a substitution names the scheduled teacher it replaced. */
int ej_rule_s02(struct ej_rctx *rc, const struct ej_rule *r)
{
	return no_teachers(rc, r) ? 0 : scan(rc);
}

/* §2.5.5: each subgroup's records by its own teacher, with its own students. */
int ej_rule_s03(struct ej_rctx *rc, const struct ej_rule *r)
{
	const struct ej_mp_hit *h;
	size_t n, i, j;
	int status;

	if (ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM lesson WHERE subgroup > 0 LIMIT 1)") &&
	    !ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM stay WHERE subgroup > 0 LIMIT 1)") &&
	    !ej_rc_any(rc, "SELECT count(*) FROM (SELECT 1 FROM curriculum WHERE subgroup > 0 LIMIT 1)")) {
		ej_rc_unchecked(rc, r, "деление обучающихся и преподавателей на подгруппы");
		return 0;
	}
	if ((status = scan(rc)))
		return status;
	if ((status = ej_mp_run(rc)))
		return status;
	h = ej_mp_hits(rc, MP_S03, &n);
	for (i = 0; i < n; i = j) {
		char vals[128], day[11], where[256];

		j = ej_mp_group(h, n, i, vals, sizeof(vals));
		ej_day_ru(h[i].day, day);
		ej_rc_where_st(rc, h[i].disc, h[i].subgroup, h[i].student, where, sizeof(where));
		ej_rc_add(rc, r, h[i].disc, h[i].subgroup,
			  h[i].teacher ? h[i].teacher : ej_rc_disc_teacher(rc, h[i].disc, h[i].subgroup, h[i].day),
			  h[i].student, h[i].day,
			  "Отметка «%s» за %s в журнале подгруппы %d обучающемуся подгруппы %d (%s)",
			  vals, day, h[i].subgroup, h[i].extra, where);
	}
	return 0;
}
