/*
** columns.h — file kinds, canonical columns and their header aliases, and
** recognising a file's kind from its header (formats.md «Kinds and
** columns», «Recognising the kind»).
**
** Aliases belong to the canonical column, not to a kind: «Дата» is `date`
** wherever a kind has `date`.  The few words that mean something else in one
** kind (ФИО, ID, Дата, №, Вид, Преподаватель) are that kind's own aliases
** and are looked up first.  Headers match case-insensitively, trimmed, with
** ё = е and inner blanks collapsed; the English canonical names match too.
*/
#ifndef EJ_INPUT_COLUMNS_H
#define EJ_INPUT_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* In dependency order: `ejournal import DIR` imports in this order. */
enum ej_kind {
	EJ_KIND_NONE = 0,
	EJ_KIND_TEACHERS,
	EJ_KIND_GROUPS,
	EJ_KIND_STUDENTS,
	EJ_KIND_CURRICULUM,
	EJ_KIND_PLAN,
	EJ_KIND_SCHEDULE,
	EJ_KIND_LESSONS,
	EJ_KIND_MARKS,
	EJ_KIND_FINALS,
	EJ_KIND_GRID,
	EJ_KIND_COUNT
};

enum ej_col {
	EJ_COL_DATE, EJ_COL_PAIR, EJ_COL_GROUP, EJ_COL_SUBGROUP, EJ_COL_DISCIPLINE,
	EJ_COL_TEACHER, EJ_COL_STUDENT, EJ_COL_TOPIC, EJ_COL_LESSON_TYPE, EJ_COL_HOURS,
	EJ_COL_HOMEWORK, EJ_COL_RECORDED_AT, EJ_COL_MODIFIED_AT, EJ_COL_MARK, EJ_COL_SEMESTER,
	EJ_COL_TEACHER_ID, EJ_COL_NAME, EJ_COL_DEPARTMENT, EJ_COL_SPECIALTY, EJ_COL_COURSE,
	EJ_COL_CURATOR, EJ_COL_STUDENT_ID, EJ_COL_LAST_NAME, EJ_COL_FIRST_NAME,
	EJ_COL_MIDDLE_NAME, EJ_COL_ENROLLED, EJ_COL_LEFT, EJ_COL_BIRTH_DATE, EJ_COL_THEORY,
	EJ_COL_PRACTICE, EJ_COL_LAB, EJ_COL_CONTROL_WORKS, EJ_COL_ATTESTATION,
	EJ_COL_LESSON_NO, EJ_COL_SECTION, EJ_COL_WEEK, EJ_COL_PLANNED_DATE, EJ_COL_ROOM,
	EJ_COL_SUBSTITUTE_FOR, EJ_COL_ATTENDANCE_TAKEN, EJ_COL_MARK_KIND, EJ_COL_WEIGHT,
	EJ_COL_FINAL_KIND,
	EJ_COL_DISC_NAME,        /* «Наименование» beside «Индекс»: the pair names it */
	EJ_COL_COUNT
};

/* "teachers", "marks", …; NULL for NONE. */
const char *ej_kind_name(enum ej_kind k);
/* Russian label: «отметки», «журнальная сетка», … */
const char *ej_kind_label(enum ej_kind k);
/* Kind from its English name (for --kind); EJ_KIND_NONE when unknown. */
enum ej_kind ej_kind_parse(const char *name);
/* Canonical English name of a column ("date", "student_id", …). */
const char *ej_col_name(enum ej_col c);
/* The Russian header users know a column by («Дата», «Обучающийся»). */
const char *ej_col_label(enum ej_kind k, enum ej_col c);

struct ej_colmap {
	int col[EJ_COL_COUNT];     /* header index of each column, -1 = absent */
	size_t recognised;         /* header cells mapped to a column */
	size_t nunknown;           /* header cells not mapped (or duplicates) */
	int unknown[16];           /* the first of them (header indices) */
};

/* Map a header to the columns of kind k. */
void ej_columns_map(enum ej_kind k, const char *const *hdr, size_t n, struct ej_colmap *m);

/*
** The first required column of k that m lacks, or -1 when all are present.
** Alternatives count (student or its ID; ФИО or Фамилия+Имя).
*/
int ej_columns_missing(enum ej_kind k, const struct ej_colmap *m);

/*
** Recognise the kind of a file from its header (see formats.md): the kind
** with all its required columns that recognises the most columns; when a
** kind lacking a required column recognises still more, the file is taken
** to be of that kind and the missing column is reported.  fname
** breaks ties by its base name's prefix.  has_meta: grid key;value lines came
** before the header.  On failure returns EJ_EDATA with "FNAME:LINE: …"
** naming the missing column and the headers found, or asking for --kind.
*/
int ej_kind_recognise(const char *const *hdr, size_t n, const char *fname, long line,
		      bool has_meta, enum ej_kind *out, struct ej_err *err);

/* Grid key;value line keys: «Группа» → "group", …; NULL when s is not one. */
const char *ej_grid_meta_key(const char *s);
/* Is a grid header cell a date column (ДД.ММ or ДД.ММ.ГГГГ)? */
bool ej_grid_is_date(const char *s);

#endif
