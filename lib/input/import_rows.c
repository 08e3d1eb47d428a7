/*
** import_rows.c — one row of each kind of file (formats.md «Kinds and
** columns»): check every cell, resolve references, then write.  A row with
** any bad cell writes nothing; every bad cell of it is reported.
**
** Decisions (docs/formats.md says the same for users):
** - Disciplines are created by the curriculum, the plan (КТП) and grids;
**   schedule, lessons, marks and finals must name a known one.
** - Groups are created by the groups and students files; other kinds must
**   name a known group.
** - A teacher named in full who is in no teachers file is added by name
**   (with a warning); an unknown «Фамилия И. О.» is an error.
** - Marks without a pair take the pair of the group's only lesson of that
**   discipline that day (lessons in the database or earlier in this
**   import); with no lesson the pair is 0 (rule D02 reports it).  Without a
**   subgroup: the lesson's subgroup when unambiguous, else the student's.
** - A grid cell's lesson is (date, pair) where pair is the pair of the k-th
**   lesson of that discipline that day (k = the column's rank among the
**   columns of that date); with fewer known lessons, a date with one column
**   gets pair 0 and a repeated date gets pair k.
*/
#include "input/import_priv.h"
#include "input/values.h"
#include "util/fio.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- cell helpers ----------------------------------------------------------- */

static bool present(struct imp *I, enum ej_col c)
{
	return I->f->map.col[c] >= 0;
}

/* A date cell: 0, 1 when empty and optional, -1 after a row error. */
static int get_day(struct imp *I, enum ej_col c, bool required, ej_day *out, char iso[11])
{
	const char *s = imp_get(I, c);

	iso[0] = '\0';
	if (!*s) {
		if (required) {
			imp_row_error(I, c, NULL, "empty: a date is required");
			return -1;
		}
		return 1;
	}
	if (strcmp(s, I->last_day_s) == 0 && I->last_day != EJ_DAY_NONE) {
		*out = I->last_day;
	} else {
		if (ej_date_parse(s, strlen(s), out)) {
			imp_row_error(I, c, s, "not a date: write ДД.ММ.ГГГГ or ГГГГ-ММ-ДД");
			return -1;
		}
		if (strlen(s) < sizeof(I->last_day_s)) {
			snprintf(I->last_day_s, sizeof(I->last_day_s), "%s", s);
			I->last_day = *out;
		}
	}
	ej_day_iso(*out, iso);
	return 0;
}

static int get_time(struct imp *I, enum ej_col c, char iso[20])
{
	const char *s = imp_get(I, c);
	ej_time t;

	iso[0] = '\0';
	if (!*s)
		return 1;
	if (ej_time_parse(s, strlen(s), &t)) {
		imp_row_error(I, c, s, "not a date and time: write ДД.ММ.ГГГГ ЧЧ:ММ");
		return -1;
	}
	ej_time_iso(t, iso);
	return 0;
}

/* A whole number; dflt when empty.  -1 after an error. */
static int get_int(struct imp *I, enum ej_col c, long min, long max, long dflt, long *out,
		   const char *what)
{
	const char *s = imp_get(I, c);

	*out = dflt;
	if (!*s)
		return 0;
	if (ej_int_parse(s, min, max, out)) {
		imp_row_error(I, c, s, "not %s", what);
		return -1;
	}
	return 0;
}

static int get_num(struct imp *I, enum ej_col c, double dflt, double *out)
{
	const char *s = imp_get(I, c);

	*out = dflt;
	if (!*s)
		return 0;
	if (ej_number_parse(s, out) || *out < 0 || *out > 10000) {
		imp_row_error(I, c, s, "not a number of hours");
		return -1;
	}
	return 0;
}

static int64_t row_group(struct imp *I, bool create)
{
	return imp_group(I, EJ_COL_GROUP, imp_get(I, EJ_COL_GROUP), create);
}

static int64_t row_disc(struct imp *I, int64_t gid, bool create)
{
	if (gid <= 0)
		return -1;
	return imp_discipline(I, EJ_COL_DISCIPLINE, gid, imp_get(I, EJ_COL_DISCIPLINE),
			      present(I, EJ_COL_DISC_NAME) ? imp_get(I, EJ_COL_DISC_NAME) : NULL,
			      create);
}

static int64_t row_student(struct imp *I, int64_t gid)
{
	if (gid <= 0)
		return -1;
	if (present(I, EJ_COL_STUDENT_ID) && *imp_get(I, EJ_COL_STUDENT_ID))
		return imp_student_by_id(I, EJ_COL_STUDENT_ID, gid, imp_get(I, EJ_COL_STUDENT_ID));
	if (present(I, EJ_COL_STUDENT))
		return imp_student_by_name(I, EJ_COL_STUDENT, gid, imp_get(I, EJ_COL_STUDENT));
	imp_row_error(I, EJ_COL_STUDENT_ID, NULL, "empty: the student is required");
	return -1;
}

static void io(struct imp *I, int rc, const struct ej_err *e)
{
	if (rc)
		imp_io(I, e);
}

/* ---- kinds ------------------------------------------------------------------- */

static void row_teachers(struct imp *I)
{
	const char *ext = imp_get(I, EJ_COL_TEACHER_ID), *name = imp_get(I, EJ_COL_NAME);
	struct ej_err e = { 0 };
	char *sh;
	int64_t id;

	if (!*ext)
		imp_row_error(I, EJ_COL_TEACHER_ID, NULL, "empty: the teacher's ID is required");
	if (!*name)
		imp_row_error(I, EJ_COL_NAME, NULL, "empty: the teacher's name is required");
	if (I->row_bad)
		return;
	sh = ej_fio_short(name);
	/* Added earlier by name from a lessons or curriculum file: this gives
	** that teacher an ID rather than a twin. */
	if (!ej_strmap_gets(&I->teacher_ext, ext)) {
		int64_t known = imp_teacher_find(I, name), *noext;
		noext = known > 0 ? ej_strmap_get(&I->teacher_noext, &known, sizeof(known)) : NULL;
		if (noext && *noext) {
			if (ej_istore_teacher_set_ext(&I->st, known, ext, imp_get(I, EJ_COL_DEPARTMENT),
						      &e))
				imp_io(I, &e);
			*noext = 0;
		}
	}
	id = ej_istore_teacher(&I->st, ext, name, sh, imp_get(I, EJ_COL_DEPARTMENT), &e);
	if (id < 0)
		imp_io(I, &e);
	else
		imp_add_teacher(I, id, ext, name, sh);
	free(sh);
}

static void row_groups(struct imp *I)
{
	const char *name = imp_get(I, EJ_COL_GROUP);
	long course;
	int64_t curator = 0, id;
	struct ej_err e = { 0 };

	if (!*name)
		imp_row_error(I, EJ_COL_GROUP, NULL, "empty: the group's name is required");
	get_int(I, EJ_COL_COURSE, 1, 6, 0, &course, "a course (1–6)");
	if (*imp_get(I, EJ_COL_CURATOR))
		curator = imp_teacher(I, EJ_COL_CURATOR, imp_get(I, EJ_COL_CURATOR), true);
	if (I->row_bad)
		return;
	id = ej_istore_group(&I->st, name, imp_get(I, EJ_COL_SPECIALTY), course, curator,
			     imp_get(I, EJ_COL_DEPARTMENT), &e);
	if (id < 0)
		imp_io(I, &e);
	else
		imp_add_group(I, id, name);
}

static void row_students(struct imp *I)
{
	const char *ext = imp_get(I, EJ_COL_STUDENT_ID);
	char *name, *sh, enr[11], left[11], birth[11];
	ej_day d_enr = 0, d_left = 0, d_birth;
	long sub;
	int64_t gid, sid;
	struct ej_err e = { 0 };
	int rc;

	if (present(I, EJ_COL_NAME) && *imp_get(I, EJ_COL_NAME))
		name = ej_strdup(imp_get(I, EJ_COL_NAME));
	else
		name = ej_fio_join(imp_get(I, EJ_COL_LAST_NAME), imp_get(I, EJ_COL_FIRST_NAME),
				   imp_get(I, EJ_COL_MIDDLE_NAME));
	if (!*ext)
		imp_row_error(I, EJ_COL_STUDENT_ID, NULL, "empty: the student's ID is required");
	if (!name || !*name)
		imp_row_error(I, present(I, EJ_COL_NAME) ? EJ_COL_NAME : EJ_COL_LAST_NAME, NULL,
			      "empty: the student's name is required");
	get_int(I, EJ_COL_SUBGROUP, 0, 9, 0, &sub, "a subgroup number");
	get_day(I, EJ_COL_ENROLLED, false, &d_enr, enr);
	get_day(I, EJ_COL_LEFT, false, &d_left, left);
	get_day(I, EJ_COL_BIRTH_DATE, false, &d_birth, birth);
	if (*enr && *left && d_left <= d_enr)
		imp_row_error(I, EJ_COL_LEFT, imp_get(I, EJ_COL_LEFT),
			      "the student leaves before being enrolled");
	gid = I->row_bad ? -1 : row_group(I, true);
	if (I->row_bad || gid <= 0) {
		free(name);
		return;
	}
	sh = ej_fio_short(name);
	sid = ej_istore_student(&I->st, ext, name, sh, birth, &e);
	if (sid < 0) {
		imp_io(I, &e);
	} else if ((rc = ej_istore_stay(&I->st, sid, gid, sub, enr, left, &e))) {
		imp_io(I, &e);
	} else {
		imp_add_student(I, sid, ext, name, gid, sub);
	}
	free(sh);
	free(name);
}

/* Split a curriculum teacher cell «А; Б» into up to two names. */
static size_t split_teachers(const char *s, char out[2][256])
{
	const char *sep = strpbrk(s, ";,");
	size_t n;

	if (!sep) {
		snprintf(out[0], 256, "%s", s);
		return *s ? 1 : 0;
	}
	n = (size_t)(sep - s);
	snprintf(out[0], 256, "%.*s", (int)n, s);
	s = sep + 1;
	while (*s == ' ')
		s++;
	snprintf(out[1], 256, "%s", s);
	n = strlen(out[0]);
	while (n > 0 && out[0][n - 1] == ' ')
		out[0][--n] = '\0';
	return 2;
}

static void row_curriculum(struct imp *I)
{
	struct ej_istore_curriculum c;
	char names[2][256];
	int64_t teachers[2] = { 0, 0 }, gid;
	size_t nt, i;
	const char *att = NULL, *s;
	struct ej_err e = { 0 };

	memset(&c, 0, sizeof(c));
	get_int(I, EJ_COL_SEMESTER, 1, 2, 0, &c.semester, "a semester (1 or 2)");
	if (!*imp_get(I, EJ_COL_SEMESTER))
		imp_row_error(I, EJ_COL_SEMESTER, NULL, "empty: the semester (1 or 2) is required");
	get_int(I, EJ_COL_SUBGROUP, 0, 9, 0, &c.subgroup, "a subgroup number");
	if (!*imp_get(I, EJ_COL_HOURS))
		imp_row_error(I, EJ_COL_HOURS, NULL, "empty: the hours are required");
	get_num(I, EJ_COL_HOURS, 0, &c.hours);
	get_num(I, EJ_COL_THEORY, -1, &c.theory);
	get_num(I, EJ_COL_PRACTICE, -1, &c.practice);
	get_num(I, EJ_COL_LAB, -1, &c.lab);
	get_int(I, EJ_COL_CONTROL_WORKS, 0, 1000, -1, &c.control_works, "a number of works");
	s = imp_get(I, EJ_COL_ATTESTATION);
	if (ej_attestation_parse(s, &att))
		imp_row_error(I, EJ_COL_ATTESTATION, s, "unknown attestation form: write "
			      "Экзамен, Зачёт, Дифференцированный зачёт, Другие формы контроля "
			      "or leave empty");
	c.attestation = att;
	nt = split_teachers(imp_get(I, EJ_COL_TEACHER), names);
	for (i = 0; i < nt; i++)
		teachers[i] = imp_teacher(I, EJ_COL_TEACHER, names[i], true);
	gid = row_group(I, false);
	if (I->row_bad)
		return;
	c.discipline = row_disc(I, gid, true);
	if (I->row_bad || c.discipline <= 0)
		return;
	if (nt == 2 && c.subgroup == 0) {
		/* Two teachers: the discipline is taught in subgroups 1 and 2,
		** each with the curriculum's hours. */
		for (i = 0; i < 2; i++) {
			c.subgroup = (long)i + 1;
			c.teacher = teachers[i];
			io(I, ej_istore_curriculum(&I->st, &c, &e), &e);
		}
		return;
	}
	c.teacher = teachers[0];
	io(I, ej_istore_curriculum(&I->st, &c, &e), &e);
}

static void row_plan(struct imp *I)
{
	struct ej_istore_plan p;
	char date[11];
	ej_day d;
	int64_t gid;
	const char *s;
	struct ej_err e = { 0 };

	memset(&p, 0, sizeof(p));
	get_int(I, EJ_COL_SUBGROUP, 0, 9, 0, &p.subgroup, "a subgroup number");
	if (!*imp_get(I, EJ_COL_LESSON_NO))
		imp_row_error(I, EJ_COL_LESSON_NO, NULL, "empty: the lesson number is required");
	get_int(I, EJ_COL_LESSON_NO, 1, 100000, 0, &p.lesson_no, "a lesson number");
	p.topic = imp_get(I, EJ_COL_TOPIC);
	if (!*p.topic)
		imp_row_error(I, EJ_COL_TOPIC, NULL, "empty: the topic is required");
	get_num(I, EJ_COL_HOURS, 2, &p.hours);
	s = imp_get(I, EJ_COL_LESSON_TYPE);
	if (ej_lesson_type_parse(s, &p.lesson_type))
		imp_row_error(I, EJ_COL_LESSON_TYPE, s, "unknown lesson type (see docs/formats.md)");
	get_int(I, EJ_COL_WEEK, 1, 60, 0, &p.week, "a week number");
	if (get_day(I, EJ_COL_PLANNED_DATE, false, &d, date) == 0) {
		p.planned_date = date;
		p.semester = ej_config_semester_of(I->cfg, d);
	}
	p.section = imp_get(I, EJ_COL_SECTION);
	p.homework = imp_get(I, EJ_COL_HOMEWORK);
	gid = row_group(I, false);
	if (I->row_bad)
		return;
	p.discipline = row_disc(I, gid, true);
	if (I->row_bad || p.discipline <= 0)
		return;
	io(I, ej_istore_plan(&I->st, &p, &e), &e);
}

static void row_schedule(struct imp *I)
{
	struct ej_istore_schedule r;
	char date[11];
	ej_day d;
	int64_t gid;
	struct ej_err e = { 0 };

	memset(&r, 0, sizeof(r));
	get_day(I, EJ_COL_DATE, true, &d, date);
	r.date = date;
	if (!*imp_get(I, EJ_COL_PAIR))
		imp_row_error(I, EJ_COL_PAIR, NULL, "empty: the pair is required");
	get_int(I, EJ_COL_PAIR, 1, 12, 0, &r.pair, "a pair number (1–12)");
	get_int(I, EJ_COL_SUBGROUP, 0, 9, 0, &r.subgroup, "a subgroup number");
	get_num(I, EJ_COL_HOURS, 2, &r.hours);
	r.room = imp_get(I, EJ_COL_ROOM);
	r.teacher = imp_teacher(I, EJ_COL_TEACHER, imp_get(I, EJ_COL_TEACHER), true);
	gid = row_group(I, false);
	r.discipline = row_disc(I, gid, false);
	if (I->row_bad)
		return;
	io(I, ej_istore_schedule(&I->st, &r, &e), &e);
}

static void row_lessons(struct imp *I)
{
	struct ej_istore_lesson l;
	char date[11], rec[20];
	ej_day d = 0;
	int64_t gid;
	const char *s;
	struct ej_err e = { 0 };
	int rc;

	memset(&l, 0, sizeof(l));
	get_day(I, EJ_COL_DATE, true, &d, date);
	l.date = date;
	get_int(I, EJ_COL_PAIR, 1, 12, 0, &l.pair, "a pair number (1–12)");
	get_int(I, EJ_COL_SUBGROUP, 0, 9, 0, &l.subgroup, "a subgroup number");
	get_num(I, EJ_COL_HOURS, 2, &l.hours);
	s = imp_get(I, EJ_COL_LESSON_TYPE);
	if (ej_lesson_type_parse(s, &l.lesson_type))
		imp_row_error(I, EJ_COL_LESSON_TYPE, s, "unknown lesson type (see docs/formats.md)");
	get_time(I, EJ_COL_RECORDED_AT, rec);
	l.recorded_at = rec;
	s = imp_get(I, EJ_COL_ATTENDANCE_TAKEN);
	if (ej_yesno_parse(s, &l.attendance_taken))
		imp_row_error(I, EJ_COL_ATTENDANCE_TAKEN, s, "write да or нет");
	l.topic = imp_get(I, EJ_COL_TOPIC);
	l.homework = imp_get(I, EJ_COL_HOMEWORK);
	l.teacher = imp_teacher(I, EJ_COL_TEACHER, imp_get(I, EJ_COL_TEACHER), true);
	if (!*imp_get(I, EJ_COL_TEACHER))
		imp_row_error(I, EJ_COL_TEACHER, NULL, "empty: the teacher is required");
	l.substitute_note = imp_get(I, EJ_COL_SUBSTITUTE_FOR);
	if (*l.substitute_note) {
		/* The replaced teacher, when the note names one we know. */
		l.substitute_for = imp_teacher_find(I, l.substitute_note);
	}
	gid = row_group(I, false);
	if (I->row_bad)
		return;
	l.discipline = row_disc(I, gid, false);
	if (I->row_bad)
		return;
	if (!present(I, EJ_COL_PAIR) || !*imp_get(I, EJ_COL_PAIR)) {
		/* No pair: the lesson's rank that day in file order. */
		char key[20];
		int64_t *v;
		memcpy(key, &l.discipline, 8);
		memcpy(key + 8, &l.subgroup, sizeof(long) < 8 ? sizeof(long) : 8);
		memcpy(key + 16, &d, 4);
		v = ej_strmap_get(&I->lesson_rank, key, sizeof(key));
		l.pair = v ? *v + 1 : 1;
		ej_strmap_put(&I->lesson_rank, key, sizeof(key), l.pair);
	}
	if ((rc = ej_istore_lesson(&I->st, &l, &e)) ||
	    (rc = ej_istore_cover(&I->st, l.discipline, l.subgroup, "lessons", &e))) {
		imp_io(I, &e);
		return;
	}
	imp_add_lesson(I, l.discipline, d, l.subgroup, l.pair);
}

/* Infer the pair and subgroup of a mark from the lessons of that day. */
static int infer_lesson(struct imp *I, int64_t disc, ej_day d, int64_t gid, int64_t sid,
			long *pair, long *sub)
{
	int64_t i, head = imp_lessons_of(I, disc, d);
	long cand_pair = 0, cand_sub = 0, n = 0, pass;

	if (*pair < 0) {
		for (pass = 0; pass < 2; pass++) {
			long want = pass == 0 ? *sub : imp_student_subgroup(I, gid, sid);
			n = 0;
			for (i = head; i >= 0; i = I->les[i].next)
				if (want < 0 || want == 0 || I->les[i].subgroup == want ||
				    I->les[i].subgroup == 0) {
					n++;
					cand_pair = I->les[i].pair;
					cand_sub = I->les[i].subgroup;
				}
			if (n <= 1 || *sub >= 0)
				break;
		}
		if (n > 1) {
			char day[11];
			ej_day_ru(d, day);
			imp_row_error(I, EJ_COL_PAIR, NULL, "the group has %ld lessons of this "
				      "discipline on %s: give the pair", n, day);
			return -1;
		}
		*pair = n == 1 ? cand_pair : 0;
		if (*sub < 0 && n == 1)
			*sub = cand_sub;
	}
	if (*sub < 0) {
		n = 0;
		for (i = head; i >= 0; i = I->les[i].next)
			if (I->les[i].pair == *pair) {
				n++;
				cand_sub = I->les[i].subgroup;
			}
		*sub = n == 1 ? cand_sub : imp_student_subgroup(I, gid, sid);
	}
	return 0;
}

static void row_marks(struct imp *I)
{
	struct ej_istore_mark m;
	char date[11], rec[20], mod[20];
	const char *vals[EJ_MARK_MAXVALS], *s;
	size_t nv = 0, i;
	ej_day d = 0;
	int64_t gid;
	double w;
	struct ej_err e = { 0 };
	int rc;

	memset(&m, 0, sizeof(m));
	get_day(I, EJ_COL_DATE, true, &d, date);
	m.date = date;
	if (get_int(I, EJ_COL_PAIR, 1, 12, -1, &m.pair, "a pair number (1–12)"))
		m.pair = -1;
	if (get_int(I, EJ_COL_SUBGROUP, 0, 9, -1, &m.subgroup, "a subgroup number"))
		m.subgroup = -1;
	s = imp_get(I, EJ_COL_MARK);
	rc = ej_mark_parse(s, vals, EJ_MARK_MAXVALS, &nv);
	if (rc == -3)
		imp_row_error(I, EJ_COL_MARK, NULL, "empty: a mark or attendance value is required");
	else if (rc == -2)
		imp_row_error(I, EJ_COL_MARK, s, "too many values in one cell");
	else if (rc)
		imp_row_error(I, EJ_COL_MARK, s, "unknown mark: write 5 4 3 2 1, зач, незач, "
			      "н/а, осв, н, б, у, оп (Cyrillic letters)");
	get_num(I, EJ_COL_WEIGHT, 1, &w);
	m.weight = w;
	get_time(I, EJ_COL_RECORDED_AT, rec);
	get_time(I, EJ_COL_MODIFIED_AT, mod);
	m.recorded_at = rec;
	m.modified_at = mod;
	m.mark_kind = imp_get(I, EJ_COL_MARK_KIND);
	gid = row_group(I, false);
	m.discipline = gid > 0 ? row_disc(I, gid, false) : -1;
	m.student = gid > 0 ? row_student(I, gid) : -1;
	if (I->row_bad)
		return;
	if (infer_lesson(I, m.discipline, d, gid, m.student, &m.pair, &m.subgroup))
		return;
	for (i = 0; i < nv; i++) {
		m.seq = (long)i;
		m.value = vals[i];
		if ((rc = ej_istore_mark(&I->st, "marks", &m, &e))) {
			imp_io(I, &e);
			return;
		}
	}
}

/* One final value: a mark, not an attendance value. */
static const char *final_value(struct imp *I, enum ej_col c, const char *s)
{
	const char *vals[2];
	size_t nv;
	int rc = ej_mark_parse(s, vals, 1, &nv);

	if (rc == -3) {
		imp_row_error(I, c, NULL, "empty: the final mark is required");
		return NULL;
	}
	if (rc || ej_mark_is_attendance(vals[0])) {
		imp_row_error(I, c, s, "not a final mark: write 5 4 3 2, зач, незач, н/а or осв");
		return NULL;
	}
	return vals[0];
}

static void row_finals(struct imp *I)
{
	struct ej_istore_final f;
	char rec[20], key[64];
	const char *s = imp_get(I, EJ_COL_SEMESTER);
	int64_t gid;
	struct ej_err e = { 0 };

	memset(&f, 0, sizeof(f));
	ej_fold(s, key, sizeof(key));
	if (!strcmp(key, "год") || !strcmp(key, "годовая") || !strcmp(key, "0"))
		f.semester = 0;
	else if (ej_int_parse(s, 1, 2, &f.semester))
		imp_row_error(I, EJ_COL_SEMESTER, *s ? s : NULL, "write 1, 2 or «год»");
	s = imp_get(I, EJ_COL_FINAL_KIND);
	if (ej_final_kind_parse(s, &f.final_kind))
		imp_row_error(I, EJ_COL_FINAL_KIND, s, "unknown kind of final mark: write "
			      "семестровая, экзамен, дифзачёт, зачёт, годовая or итоговая");
	if (!f.final_kind)
		f.final_kind = f.semester == 0 ? "year" : "semester";
	f.value = final_value(I, EJ_COL_MARK, imp_get(I, EJ_COL_MARK));
	get_time(I, EJ_COL_RECORDED_AT, rec);
	f.recorded_at = rec;
	gid = row_group(I, false);
	f.discipline = gid > 0 ? row_disc(I, gid, false) : -1;
	f.student = gid > 0 ? row_student(I, gid) : -1;
	if (I->row_bad)
		return;
	io(I, ej_istore_final(&I->st, &f, &e), &e);
}

/* ---- grid ---------------------------------------------------------------------- */

int imp_grid_header(struct imp *I)
{
	struct imp_file *F = I->f;
	size_t i, j;
	char key[128];
	const char *g = F->meta[0] ? F->meta[0] : "", *dn = F->meta[1] ? F->meta[1] : "";
	ej_day first = EJ_DAY_NONE;
	long unknown = 0;

	F->gcols = ej_calloc(F->nhdr ? F->nhdr : 1, sizeof(*F->gcols));
	F->grid_fio = -1;
	for (i = 0; i < F->nhdr; i++) {
		ej_fold(F->hdr[i], key, sizeof(key));
		if (F->grid_fio < 0 && (!strcmp(key, "фио") || !strcmp(key, "обучающийся") ||
					!strcmp(key, "студент") || !strcmp(key, "фио обучающегося"))) {
			F->grid_fio = (int)i;
		} else if (ej_grid_is_date(F->hdr[i])) {
			if (ej_date_parse_short(F->hdr[i], strlen(F->hdr[i]), I->cfg->start_year,
						&F->gcols[i].day)) {
				char msg[512];
				snprintf(msg, sizeof(msg), "%s:%ld: column «%s»: not a date (ДД.ММ)",
					 F->name, I->line, F->hdr[i]);
				imp_file_error(I, msg);
				return -1;
			}
			F->gcols[i].what = 1;
			if (first == EJ_DAY_NONE)
				first = F->gcols[i].day;
		} else if (!strcmp(key, "итог") || !strcmp(key, "семестр") ||
			   !strcmp(key, "итоговая") || !strcmp(key, "семестровая")) {
			F->gcols[i].what = 2;
		} else if (!strcmp(key, "год") || !strcmp(key, "годовая")) {
			F->gcols[i].what = 3;
		} else if (strcmp(key, "№") && strcmp(key, "n") && strcmp(key, "средний балл") &&
			   strcmp(key, "ср. балл") && strcmp(key, "пропуски") &&
			   strncmp(key, "кол-во", 11) && strncmp(key, "количество", 20) &&
			   strncmp(key, "всего", 10) && strncmp(key, "пропущено", 18) && key[0]) {
			unknown++;
		}
	}
	if (unknown) {
		I->res->warnings++;
		ej_diag(I->diag, EJ_DIAG_WARNING, "%s:%ld: %ld unknown column(s) ignored",
			F->name, I->line, unknown);
	}
	for (i = 0; i < F->nhdr; i++) {
		if (F->gcols[i].what != 1)
			continue;
		for (j = 0; j < F->nhdr; j++)
			if (F->gcols[j].what == 1 && F->gcols[j].day == F->gcols[i].day) {
				F->gcols[i].ndup++;
				if (j < i)
					F->gcols[i].rank++;
			}
		F->gcols[i].rank++;
	}
	if (F->grid_fio < 0) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s:%ld: a journal grid needs a «ФИО» column",
			 F->name, I->line);
		imp_file_error(I, msg);
		return -1;
	}
	if (!*g || !*dn) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s:%ld: a journal grid needs «%s;…» above the table",
			 F->name, I->line, !*g ? "Группа" : "Дисциплина");
		imp_file_error(I, msg);
		return -1;
	}
	if (F->meta[3] && *F->meta[3] && ej_int_parse(F->meta[3], 0, 9, &F->grid_sub)) {
		imp_row_error(I, EJ_COL_SUBGROUP, F->meta[3], "not a subgroup number");
		return -1;
	}
	F->grid_sem = 0;
	if (F->meta[4] && *F->meta[4] && ej_int_parse(F->meta[4], 1, 2, &F->grid_sem)) {
		imp_row_error(I, EJ_COL_SEMESTER, F->meta[4], "write 1 or 2");
		return -1;
	}
	if (!F->grid_sem && first != EJ_DAY_NONE)
		F->grid_sem = ej_config_semester_of(I->cfg, first);
	if (!F->grid_sem)
		F->grid_sem = 1;
	F->grid_group = imp_group(I, EJ_COL_GROUP, g, false);
	if (F->grid_group <= 0)
		return -1;
	F->grid_disc = imp_discipline(I, EJ_COL_DISCIPLINE, F->grid_group, dn, NULL, true);
	if (F->grid_disc <= 0)
		return -1;
	if (F->meta[2] && *F->meta[2] &&
	    imp_teacher(I, EJ_COL_TEACHER, F->meta[2], true) < 0)
		return -1;
	{
		struct ej_err e = { 0 };
		if (ej_istore_cover(&I->st, F->grid_disc, F->grid_sub, "grid", &e)) {
			imp_io(I, &e);
			return -1;
		}
	}
	return 0;
}

static long grid_pair(struct imp *I, const struct grid_col *gc)
{
	int64_t i;
	int k = 0;
	long sub = I->f->grid_sub;

	for (i = imp_lessons_of(I, I->f->grid_disc, gc->day); i >= 0; i = I->les[i].next)
		if (sub == 0 || I->les[i].subgroup == sub || I->les[i].subgroup == 0)
			if (++k == gc->rank)
				return I->les[i].pair;
	return gc->ndup == 1 ? 0 : gc->rank;
}

static void row_grid(struct imp *I)
{
	struct imp_file *F = I->f;
	const char *name = (size_t)F->grid_fio < I->nfld ? I->fld[F->grid_fio] : "";
	int64_t sid;
	size_t i, k, nv;
	const char *vals[EJ_MARK_MAXVALS];
	char date[11];
	struct ej_err e = { 0 };

	sid = imp_student_by_name(I, EJ_COL_STUDENT, F->grid_group, name);
	for (i = 0; i < I->nfld && i < F->nhdr; i++) {
		const char *s = I->fld[i];
		int rc;
		if (!*s || F->gcols[i].what == 0)
			continue;
		if (F->gcols[i].what == 1) {
			rc = ej_mark_parse(s, vals, EJ_MARK_MAXVALS, &nv);
			if (rc) {
				I->f->map.col[EJ_COL_MARK] = (int)i;
				imp_row_error(I, EJ_COL_MARK, s, "unknown mark: write 5 4 3 2 1, зач, "
					      "незач, н/а, осв, н, б, у, оп (Cyrillic letters)");
			}
		} else {
			I->f->map.col[EJ_COL_MARK] = (int)i;
			final_value(I, EJ_COL_MARK, s);
		}
	}
	if (I->row_bad || sid <= 0)
		return;
	for (i = 0; i < I->nfld && i < F->nhdr; i++) {
		const char *s = I->fld[i];
		if (!*s || F->gcols[i].what == 0)
			continue;
		if (F->gcols[i].what == 1) {
			struct ej_istore_mark m;
			memset(&m, 0, sizeof(m));
			ej_mark_parse(s, vals, EJ_MARK_MAXVALS, &nv);
			ej_day_iso(F->gcols[i].day, date);
			m.discipline = F->grid_disc;
			m.student = sid;
			m.subgroup = F->grid_sub;
			m.pair = grid_pair(I, &F->gcols[i]);
			m.date = date;
			m.weight = 1;
			for (k = 0; k < nv; k++) {
				m.seq = (long)k;
				m.value = vals[k];
				if (ej_istore_mark(&I->st, "grid", &m, &e)) {
					imp_io(I, &e);
					return;
				}
			}
		} else {
			struct ej_istore_final f;
			memset(&f, 0, sizeof(f));
			ej_mark_parse(s, vals, 1, &nv);
			f.discipline = F->grid_disc;
			f.student = sid;
			f.semester = F->gcols[i].what == 3 ? 0 : F->grid_sem;
			f.final_kind = F->gcols[i].what == 3 ? "year" : "semester";
			f.value = vals[0];
			if (ej_istore_final(&I->st, &f, &e)) {
				imp_io(I, &e);
				return;
			}
		}
	}
}

void imp_row(struct imp *I)
{
	switch (I->f->kind) {
	case EJ_KIND_TEACHERS: row_teachers(I); break;
	case EJ_KIND_GROUPS: row_groups(I); break;
	case EJ_KIND_STUDENTS: row_students(I); break;
	case EJ_KIND_CURRICULUM: row_curriculum(I); break;
	case EJ_KIND_PLAN: row_plan(I); break;
	case EJ_KIND_SCHEDULE: row_schedule(I); break;
	case EJ_KIND_LESSONS: row_lessons(I); break;
	case EJ_KIND_MARKS: row_marks(I); break;
	case EJ_KIND_FINALS: row_finals(I); break;
	case EJ_KIND_GRID: row_grid(I); break;
	default: break;
	}
}
