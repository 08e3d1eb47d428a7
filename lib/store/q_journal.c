/*
** q_journal.c — the printed journal's read queries (see q_journal.h).
*/
#include "store/q_journal.h"

#include <string.h>

#include "util/utf8.h"

static ej_day col_day(sqlite3_stmt *st, int col)
{
	const char *s = ej_db_col_text(st, col);
	ej_day d;

	if (!s || ej_date_parse(s, strlen(s), &d) != 0)
		return EJ_DAY_NONE;
	return d;
}

static void bind_day(sqlite3_stmt *st, int idx, ej_day d)
{
	char iso[11];

	ej_day_iso(d, iso);
	sqlite3_bind_text(st, idx, iso, -1, SQLITE_TRANSIENT);
}

/* Step st to the end; each row goes through row(); finalizes st. */
static int run(struct ej_db *db, sqlite3_stmt *st, int (*row)(sqlite3_stmt *, void *),
	       void *arg, struct ej_err *err, const char *what)
{
	int rc, stop = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((stop = row(st, arg)) != 0)
			break;
	sqlite3_finalize(st);
	if (stop)
		return stop;
	if (rc != SQLITE_DONE)
		return ej_db_fail(db, err, what);
	return 0;
}

/* ---- groups ---------------------------------------------------------------- */

#define GROUP_SQL \
	"SELECT g.id, g.name, g.specialty, g.course, g.department, t.short_name, t.name " \
	"FROM grp g LEFT JOIN teacher t ON t.id = g.curator_id "

struct group_arg {
	int (*fn)(void *, const struct ej_qj_group *);
	void *ctx;
	const char *name;      /* filter, or NULL */
	int pass;              /* 0 exact, 1 folded */
	int found;
};

static int group_row(sqlite3_stmt *st, void *varg)
{
	struct group_arg *a = varg;
	struct ej_qj_group g;

	g.id = sqlite3_column_int64(st, 0);
	g.name = ej_db_col_text(st, 1);
	g.specialty = ej_db_col_text(st, 2);
	g.course = sqlite3_column_int(st, 3);
	g.department = ej_db_col_text(st, 4);
	g.curator = ej_db_col_text(st, 5);
	g.curator_full = ej_db_col_text(st, 6);
	if (a->name && !(a->pass == 0 ? strcmp(a->name, g.name) == 0
				      : ej_utf8_eq_fold(a->name, g.name)))
		return 0;
	a->found++;
	return a->fn(a->ctx, &g);
}

int ej_qj_groups(struct ej_db *db, int (*fn)(void *, const struct ej_qj_group *),
		 void *ctx, struct ej_err *err)
{
	struct group_arg a = { fn, ctx, NULL, 0, 0 };
	sqlite3_stmt *st = ej_db_prepare(db, GROUP_SQL "ORDER BY g.name", err);

	if (!st)
		return err ? err->code : EJ_EIO;
	return run(db, st, group_row, &a, err, "groups");
}

int ej_qj_group_by_name(struct ej_db *db, const char *name,
			int (*fn)(void *, const struct ej_qj_group *), void *ctx,
			struct ej_err *err)
{
	struct group_arg a = { fn, ctx, name, 0, 0 };
	int rc;

	for (a.pass = 0; a.pass < 2 && a.found == 0; a.pass++) {
		sqlite3_stmt *st = ej_db_prepare(db, GROUP_SQL "ORDER BY g.name", err);

		if (!st)
			return err ? err->code : EJ_EIO;
		if ((rc = run(db, st, group_row, &a, err, "groups")) != 0)
			return rc;
	}
	if (!a.found)
		return ej_err_set(err, EJ_EDATA, "no group «%s» in the database", name);
	return 0;
}

int ej_qj_group_by_id(struct ej_db *db, int64_t id,
		      int (*fn)(void *, const struct ej_qj_group *), void *ctx,
		      struct ej_err *err)
{
	struct group_arg a = { fn, ctx, NULL, 0, 0 };
	sqlite3_stmt *st = ej_db_prepare(db, GROUP_SQL "WHERE g.id = ?1", err);
	int rc;

	if (!st)
		return err ? err->code : EJ_EIO;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = run(db, st, group_row, &a, err, "group")) != 0)
		return rc;
	if (!a.found)
		return ej_err_set(err, EJ_EDATA, "no group with id %lld", (long long)id);
	return 0;
}

/* ---- students and disciplines ------------------------------------------------ */

struct student_arg {
	int (*fn)(void *, const struct ej_qj_student *);
	void *ctx;
};

static int student_row(sqlite3_stmt *st, void *varg)
{
	struct student_arg *a = varg;
	struct ej_qj_student s;

	s.id = sqlite3_column_int64(st, 0);
	s.name = ej_db_col_text(st, 1);
	s.short_name = ej_db_col_text(st, 2);
	s.subgroup = sqlite3_column_int(st, 3);
	s.enrolled = col_day(st, 4);
	s.left_on = col_day(st, 5);
	return a->fn(a->ctx, &s);
}

int ej_qj_students(struct ej_db *db, int64_t group_id, ej_day from, ej_day to,
		   int (*fn)(void *, const struct ej_qj_student *), void *ctx,
		   struct ej_err *err)
{
	struct student_arg a = { fn, ctx };
	sqlite3_stmt *st = ej_db_prepare(db,
		"SELECT s.id, s.name, s.short_name, y.subgroup, y.enrolled, y.left_on "
		"FROM stay y JOIN student s ON s.id = y.student_id "
		"WHERE y.group_id = ?1 AND (y.enrolled IS NULL OR y.enrolled <= ?3) "
		"AND (y.left_on IS NULL OR y.left_on > ?2) "
		"ORDER BY s.name, s.id, y.enrolled", err);

	if (!st)
		return err ? err->code : EJ_EIO;
	sqlite3_bind_int64(st, 1, group_id);
	bind_day(st, 2, from);
	bind_day(st, 3, to);
	return run(db, st, student_row, &a, err, "students");
}

struct disc_arg {
	int (*fn)(void *, const struct ej_qj_discipline *);
	void *ctx;
};

static int disc_row(sqlite3_stmt *st, void *varg)
{
	struct disc_arg *a = varg;
	struct ej_qj_discipline d;

	d.id = sqlite3_column_int64(st, 0);
	d.code = ej_db_col_text(st, 1);
	d.name = ej_db_col_text(st, 2);
	return a->fn(a->ctx, &d);
}

int ej_qj_disciplines(struct ej_db *db, int64_t group_id,
		      int (*fn)(void *, const struct ej_qj_discipline *), void *ctx,
		      struct ej_err *err)
{
	struct disc_arg a = { fn, ctx };
	sqlite3_stmt *st = ej_db_prepare(db,
		"SELECT id, code, name FROM discipline WHERE group_id = ?1 ORDER BY code, id", err);

	if (!st)
		return err ? err->code : EJ_EIO;
	sqlite3_bind_int64(st, 1, group_id);
	return run(db, st, disc_row, &a, err, "disciplines");
}

/* ---- lessons, marks, finals, plan ------------------------------------------- */

struct lesson_arg {
	int (*fn)(void *, const struct ej_qj_lesson *);
	void *ctx;
};

static int lesson_row(sqlite3_stmt *st, void *varg)
{
	struct lesson_arg *a = varg;
	struct ej_qj_lesson l;

	l.id = sqlite3_column_int64(st, 0);
	l.subgroup = sqlite3_column_int(st, 1);
	l.date = col_day(st, 2);
	l.pair = sqlite3_column_int(st, 3);
	l.hours = sqlite3_column_double(st, 4);
	l.topic = ej_db_col_text(st, 5);
	l.lesson_type = ej_db_col_text(st, 6);
	l.homework = ej_db_col_text(st, 7);
	l.teacher = ej_db_col_text(st, 8);
	l.substitute_note = ej_db_col_text(st, 9);
	l.substitute_for = ej_db_col_text(st, 10);
	if (l.date == EJ_DAY_NONE)
		return 0;
	return a->fn(a->ctx, &l);
}

int ej_qj_lessons(struct ej_db *db, int64_t discipline_id, ej_day from, ej_day to,
		  int (*fn)(void *, const struct ej_qj_lesson *), void *ctx,
		  struct ej_err *err)
{
	struct lesson_arg a = { fn, ctx };
	sqlite3_stmt *st = ej_db_prepare(db,
		"SELECT l.id, l.subgroup, l.date, l.pair, l.hours, l.topic, l.lesson_type, "
		"l.homework, t.short_name, l.substitute_note, r.short_name "
		"FROM lesson l LEFT JOIN teacher t ON t.id = l.teacher_id "
		"LEFT JOIN teacher r ON r.id = l.substitute_for "
		"WHERE l.discipline_id = ?1 AND l.date BETWEEN ?2 AND ?3 "
		"ORDER BY l.subgroup, l.date, l.pair", err);

	if (!st)
		return err ? err->code : EJ_EIO;
	sqlite3_bind_int64(st, 1, discipline_id);
	bind_day(st, 2, from);
	bind_day(st, 3, to);
	return run(db, st, lesson_row, &a, err, "lessons");
}

struct mark_arg {
	int (*fn)(void *, const struct ej_qj_mark *);
	void *ctx;
};

static int mark_row(sqlite3_stmt *st, void *varg)
{
	struct mark_arg *a = varg;
	struct ej_qj_mark m;

	m.subgroup = sqlite3_column_int(st, 0);
	m.date = col_day(st, 1);
	m.pair = sqlite3_column_int(st, 2);
	m.student_id = sqlite3_column_int64(st, 3);
	m.seq = sqlite3_column_int(st, 4);
	m.value = ej_db_col_text(st, 5);
	if (m.date == EJ_DAY_NONE || !m.value)
		return 0;
	return a->fn(a->ctx, &m);
}

int ej_qj_marks(struct ej_db *db, int64_t discipline_id, ej_day from, ej_day to,
		int (*fn)(void *, const struct ej_qj_mark *), void *ctx,
		struct ej_err *err)
{
	struct mark_arg a = { fn, ctx };
	sqlite3_stmt *st = ej_db_prepare(db,
		"SELECT subgroup, date, pair, student_id, seq, value FROM mark "
		"WHERE discipline_id = ?1 AND date BETWEEN ?2 AND ?3 "
		"ORDER BY date, pair, student_id, seq", err);

	if (!st)
		return err ? err->code : EJ_EIO;
	sqlite3_bind_int64(st, 1, discipline_id);
	bind_day(st, 2, from);
	bind_day(st, 3, to);
	return run(db, st, mark_row, &a, err, "marks");
}

struct final_arg {
	int (*fn)(void *, const struct ej_qj_final *);
	void *ctx;
};

static int final_row(sqlite3_stmt *st, void *varg)
{
	struct final_arg *a = varg;
	struct ej_qj_final f;

	f.student_id = sqlite3_column_int64(st, 0);
	f.semester = sqlite3_column_int(st, 1);
	f.kind = ej_db_col_text(st, 2);
	f.value = ej_db_col_text(st, 3);
	if (!f.value)
		return 0;
	return a->fn(a->ctx, &f);
}

int ej_qj_finals(struct ej_db *db, int64_t discipline_id,
		 int (*fn)(void *, const struct ej_qj_final *), void *ctx,
		 struct ej_err *err)
{
	struct final_arg a = { fn, ctx };
	sqlite3_stmt *st = ej_db_prepare(db,
		"SELECT student_id, semester, final_kind, value FROM final "
		"WHERE discipline_id = ?1 ORDER BY student_id, semester, "
		"CASE final_kind WHEN 'semester' THEN 0 WHEN 'credit' THEN 1 "
		"WHEN 'diff_credit' THEN 2 WHEN 'exam' THEN 3 ELSE 4 END", err);

	if (!st)
		return err ? err->code : EJ_EIO;
	sqlite3_bind_int64(st, 1, discipline_id);
	return run(db, st, final_row, &a, err, "finals");
}

struct plan_arg {
	int (*fn)(void *, const struct ej_qj_plan *);
	void *ctx;
};

static int plan_row(sqlite3_stmt *st, void *varg)
{
	struct plan_arg *a = varg;
	struct ej_qj_plan p;

	p.subgroup = sqlite3_column_int(st, 0);
	p.plan_hours = sqlite3_column_double(st, 1);
	p.curriculum_hours = sqlite3_column_double(st, 2);
	p.teacher = ej_db_col_text(st, 3);
	return a->fn(a->ctx, &p);
}

int ej_qj_plan(struct ej_db *db, int64_t discipline_id, int semester, ej_day from,
	       ej_day to, int (*fn)(void *, const struct ej_qj_plan *), void *ctx,
	       struct ej_err *err)
{
	struct plan_arg a = { fn, ctx };
	sqlite3_stmt *st = ej_db_prepare(db,
		"WITH sg(subgroup) AS (SELECT subgroup FROM plan WHERE discipline_id = ?1 "
		"  UNION SELECT subgroup FROM curriculum WHERE discipline_id = ?1) "
		"SELECT sg.subgroup, "
		" (SELECT COALESCE(SUM(p.hours), 0) FROM plan p WHERE p.discipline_id = ?1 "
		"   AND p.subgroup = sg.subgroup AND (?2 = 0 OR p.semester = ?2 OR "
		"   (p.semester IS NULL AND p.planned_date BETWEEN ?3 AND ?4))), "
		" (SELECT COALESCE(SUM(c.hours), 0) FROM curriculum c WHERE c.discipline_id = ?1 "
		"   AND c.subgroup = sg.subgroup AND (?2 = 0 OR c.semester = ?2)), "
		" (SELECT t.short_name FROM curriculum c JOIN teacher t ON t.id = c.teacher_id "
		"   WHERE c.discipline_id = ?1 AND c.subgroup = sg.subgroup "
		"   AND (?2 = 0 OR c.semester = ?2) ORDER BY c.semester LIMIT 1) "
		"FROM sg ORDER BY sg.subgroup", err);

	if (!st)
		return err ? err->code : EJ_EIO;
	sqlite3_bind_int64(st, 1, discipline_id);
	sqlite3_bind_int(st, 2, semester);
	bind_day(st, 3, from);
	bind_day(st, 4, to);
	return run(db, st, plan_row, &a, err, "plan");
}
