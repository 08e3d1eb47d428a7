/*
** catalog.h — what a Russian college teaches: specialties, the disciplines of
** each course with weekly pairs and the form of attestation per semester,
** and the topics of each subject area for the thematic plans.
*/
#ifndef EJ_GEN_CATALOG_H
#define EJ_GEN_CATALOG_H

#include <stddef.h>

enum cat_area {
	AR_RUS, AR_LIT, AR_LANG, AR_MATH, AR_HIST, AR_PE, AR_SAFE, AR_INF, AR_PHYS,
	AR_CHEM, AR_OS, AR_PROG, AR_DB, AR_SE, AR_ECON, AR_GRAPH, AR_MECH, AR_MACH,
	AR_PRACT, AR_COUNT
};

/* Attestation forms as the curriculum writes them. */
enum cat_att { ATT_NONE, ATT_EXAM, ATT_DIFF, ATT_CREDIT, ATT_OTHER };

#define CD_SUB   1   /* taught in two subgroups with two teachers */
#define CD_PRAC  2   /* every third lesson is a practical work */
#define CD_LAB   4   /* … a laboratory work instead */
#define CD_ALLPR 8   /* practice (УП/ПП): every lesson is practical */
#define CD_SEM  16   /* seminars instead of practicals */

struct cat_disc {
	const char *index;     /* ОП.01 */
	const char *name;
	int area;
	int flags;
	int slots[2];          /* pairs a week in semester 1 and 2 */
	int att[2];            /* enum cat_att per semester */
};

struct cat_specialty {
	const char *code;      /* 09.02.07 */
	const char *name;
	const char *abbr;      /* ИСП */
	int family;            /* 0 IT, 1 engineering */
	const char *department;
};

struct cat_area_topics {
	const char *teacher_area;        /* what a teacher of it is called */
	const char *const *theory;       /* NULL-terminated */
	const char *const *practical;    /* subjects of practical/lab works */
	const char *const *control;      /* subjects of control works */
	const char *english;             /* a topic written in English (F03 plant) */
};

extern const struct cat_specialty ej_cat_specialties[];
extern const size_t ej_cat_nspecialties;
extern const char *const ej_cat_departments[][2];   /* name, head; NULL-terminated */

/* Disciplines of a course (1–4) of a family; *n gets the count. */
const struct cat_disc *ej_cat_profile(int family, int course, size_t *n);
const struct cat_area_topics *ej_cat_area(int area);
/* «Экзамен», «Дифференцированный зачёт» …, "" for none. */
const char *ej_cat_att_name(int att);
/* Generic homework texts; the %d placeholders take small numbers. */
extern const char *const ej_cat_homework[];
extern const size_t ej_cat_nhomework;

#endif
