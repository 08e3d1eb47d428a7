/*
** q_journal.h — the read queries of the printed journal (documents.md §1).
**
** Each query streams rows to a callback; strings in a row are borrowed and
** valid only during the call (copy what you keep).  A callback returning
** non-zero stops the query, which then returns that value.  Dates are
** ISO text in the database and ej_day here; a NULL date is EJ_DAY_NONE.
** Periods are inclusive [from, to].
*/
#ifndef EJ_STORE_Q_JOURNAL_H
#define EJ_STORE_Q_JOURNAL_H

#include <stdint.h>

#include "store/db.h"
#include "util/date.h"
#include "util/err.h"

struct ej_qj_group {
	int64_t id;
	const char *name, *specialty, *department;
	int course;                     /* 0 = unknown */
	const char *curator;            /* «Фамилия И. О.» or NULL */
	const char *curator_full;
};

struct ej_qj_student {
	int64_t id;
	const char *name, *short_name;
	int subgroup;
	ej_day enrolled, left_on;       /* stay bounds; left_on is exclusive */
};

struct ej_qj_discipline {
	int64_t id;
	const char *code, *name;
};

struct ej_qj_lesson {
	int64_t id;
	int subgroup;
	ej_day date;
	int pair;
	double hours;
	const char *topic, *lesson_type, *homework;
	const char *teacher;            /* «Фамилия И. О.» or NULL */
	const char *substitute_note;    /* as written; NULL = no substitution */
	const char *substitute_for;     /* resolved replaced teacher, short, or NULL */
};

struct ej_qj_mark {
	int subgroup;
	ej_day date;
	int pair;                       /* 0 = unknown */
	int64_t student_id;
	int seq;
	const char *value;
};

struct ej_qj_final {
	int64_t student_id;
	int semester;                   /* 0 = year */
	const char *kind, *value;
};

struct ej_qj_plan {
	int subgroup;
	double plan_hours;              /* КТП lessons in the period */
	double curriculum_hours;        /* учебный план for the semester(s) */
	const char *teacher;            /* curriculum teacher, short, or NULL */
};

/* Every group, by name. */
int ej_qj_groups(struct ej_db *db, int (*fn)(void *, const struct ej_qj_group *),
		 void *ctx, struct ej_err *err);
/* The group named name (exact, then case/ё-insensitive); EJ_EDATA when none. */
int ej_qj_group_by_name(struct ej_db *db, const char *name,
			int (*fn)(void *, const struct ej_qj_group *), void *ctx,
			struct ej_err *err);
int ej_qj_group_by_id(struct ej_db *db, int64_t id,
		      int (*fn)(void *, const struct ej_qj_group *), void *ctx,
		      struct ej_err *err);

/* Stays in the group overlapping [from, to], by name. */
int ej_qj_students(struct ej_db *db, int64_t group_id, ej_day from, ej_day to,
		   int (*fn)(void *, const struct ej_qj_student *), void *ctx,
		   struct ej_err *err);
/* The group's disciplines, by code. */
int ej_qj_disciplines(struct ej_db *db, int64_t group_id,
		      int (*fn)(void *, const struct ej_qj_discipline *), void *ctx,
		      struct ej_err *err);
/* Lessons of a discipline in the period, by subgroup, date, pair. */
int ej_qj_lessons(struct ej_db *db, int64_t discipline_id, ej_day from, ej_day to,
		  int (*fn)(void *, const struct ej_qj_lesson *), void *ctx,
		  struct ej_err *err);
/* Marks of a discipline in the period, by date, pair, student, seq. */
int ej_qj_marks(struct ej_db *db, int64_t discipline_id, ej_day from, ej_day to,
		int (*fn)(void *, const struct ej_qj_mark *), void *ctx,
		struct ej_err *err);
/* Finals of a discipline (all semesters and kinds). */
int ej_qj_finals(struct ej_db *db, int64_t discipline_id,
		 int (*fn)(void *, const struct ej_qj_final *), void *ctx,
		 struct ej_err *err);
/* Planned hours per subgroup: semester 1/2, or 0 for the whole year.  The
** КТП counts rows whose semester (or, when unknown, planned date) falls in
** [from, to]; rows with neither count only for the year. */
int ej_qj_plan(struct ej_db *db, int64_t discipline_id, int semester, ej_day from,
	       ej_day to, int (*fn)(void *, const struct ej_qj_plan *), void *ctx,
	       struct ej_err *err);

#endif
