/*
** gen_impl.h — the generator's in-memory college, shared by gen_model.c
** (building it and planting breaches) and gen_out.c (writing the files).
** Internal to lib/gen.
*/
#ifndef EJ_GEN_IMPL_H
#define EJ_GEN_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "gen/catalog.h"
#include "gen/gen.h"
#include "gen/names.h"
#include "gen/rng.h"
#include "util/date.h"

/* Lesson types (formats.md's normalised set, as far as the generator uses it). */
enum { LT_THEORY, LT_PRACTICAL, LT_LAB, LT_CONTROL, LT_SEMINAR };

/* Cell values. */
enum { V_NONE = 0, V_1 = 1, V_5 = 5, V_N = 6, V_B = 7, V_U = 8, V_OP = 9, V_ZACH = 10 };

/* Mark kinds. */
enum { MK_NONE, MK_ORAL, MK_CLASS, MK_HOME, MK_SELF, MK_PRAC, MK_LAB, MK_CONTROL, MK_SEMINAR, MK_COUNT };

struct g_teacher {
	char full[128], shortn[80], id[16];
	int area, dept, load, curated;
};

struct g_student {
	struct ej_person_name nm;
	char full[160], id[12];
	ej_day birth;
	double ability;
	int off;             /* phase of the every-third-lesson mark */
	int special;         /* transferred, late, left: kept out of plants */
	int sparse_gd;       /* A01 plant: marks every 7th lesson in this gd, else -1 */
	int allmark_grp;     /* G03 plant: every lesson marked in this group, else -1 */
	int g03_gd;          /* … except this gd: two marks only */
};

struct g_stay {
	int st, grp, sub;
	int local;           /* index in its group's stays */
	ej_day from, to;     /* EJ_DAY_NONE: year start / still there */
};

struct g_group {
	char name[24];
	int spec, course, curator;
	int gd0, ngd;
	int *stays;          /* indices into stays, alphabetical */
	int nstays;
	int tmpl[2][6][5];   /* gd at (weekday, pair) per semester, -1 free */
	size_t cell0, cell1; /* range of its cells (before plants append) */
};

/* Reservation flags of a group × discipline. */
#define R_EXCL   1      /* a plant that needs it alone (A02, T03 history, grid) */
#define R_HOURS1 2      /* a P plant (hours, works: one per gd) */
#define R_CELLS  8
#define R_LESSON 16
#define R_STUDENT 32

struct g_gd {
	int grp;
	const struct cat_disc *cd;
	int nsub;            /* 1, or 2 subgroups */
	int teacher[2];
	int res;             /* R_* */
	int grid;            /* marks go to grid files, not marks.csv */
	int later;           /* re-exported in later/ */
	int ctl_extra[2];    /* P04: curriculum asks for more control works */
	double hours_adj[2]; /* P03: curriculum hours minus plan hours */
	int theory_kind;     /* which theory label the teacher uses */
};

/* Occurrence flags. */
#define O_PLAN   1       /* a row of the thematic plan */
#define O_SCHED  2       /* a row of the schedule */
#define O_HELD   4       /* a journal record */
#define O_NOATT  8       /* attendance not taken (F06) */
#define O_DUP   16       /* P01: repeats the previous theory topic */
#define O_EMPTY 32       /* F01: no topic */
#define O_ODD   64       /* P06: a topic not in the plan */
#define O_ENG  128       /* F03: topic in English (plan too) */
#define O_BARE 256       /* F04: «Практическая работа №N» alone (plan too) */
#define O_NOHW 512       /* F02: no homework */
#define O_ASTHEORY 1024  /* P05: planned practical held as theory */

struct g_occ {
	int gd;
	int8_t sub, sem, pair, type;      /* sem 0/1 */
	ej_day date;
	int no, wno, pno;                 /* lesson_no, week, practical/lab/control number */
	uint32_t topic, ltopic, hw, lhw;  /* pool offsets; 0 = empty */
	float plan_h, held_h;
	int flags;
	int teacher, subst;               /* who recorded it; replaced teacher or -1 */
	int rec_days, rec_min;
	size_t c0, c1;                    /* its cells */
};

/* Cell flags. */
#define C_GUAR   1       /* the every-third-lesson mark: never removed by plants */
#define C_DEL    2       /* removed (G04 plant) */
#define C_LSKIP  4       /* vanishes in later/ */
#define C_LONLY  8       /* appears only in later/ */
#define C_LVAL  16       /* value differs in later/ (lval) */

struct g_cell {
	int occ;             /* -1: no lesson (D02) */
	int gd, stay;
	ej_day date;
	int8_t pair, sub;
	uint8_t v[2], nv, kind, weight, flags, lval;
	int8_t rec_days, mod_days;
	int16_t rec_min, mod_min;        /* minutes after midnight; mod_min < 0: none */
};

struct g_final {
	int gd, stay, sem;   /* sem 0/1, 2 = year */
	int value;           /* 2..5, V_ZACH */
	ej_day rec_day;
	int rec_min;
};

struct g_find {
	const char *rule, *sev;
	int grp, gd, sub, st, teacher;
	ej_day date;         /* EJ_DAY_NONE: a period finding */
	char note[200];
};

struct g_world {
	int size;
	uint64_t seed;
	struct ej_rng rng;
	ej_day sem_from[2], sem_to[2];
	ej_day export_day, later_day;
	int export_min, later_min;        /* 18:00, 10:00 */
	int nplant;

	struct g_teacher *teachers; int nteachers;
	struct g_student *students; int nstudents;
	struct g_stay *stays; int nstays; size_t astays;
	struct g_group *groups; int ngroups;
	struct g_gd *gds; int ngds;
	struct g_occ *occs; size_t nocc, aocc;
	struct g_cell *cells; size_t ncells, acells;
	size_t cells_gen_end;             /* cells before plants appended theirs */
	struct g_final *finals; size_t nfinals, afinals;
	struct g_find *finds; size_t nfinds, afinds;

	char *pool; size_t plen, pcap;
};

/* gen_model.c */
int g_is_holiday(ej_day d);
int g_is_school_day(const struct g_world *w, ej_day d, int *sem);
int g_weekday(ej_day d);            /* 1 Monday … 7 Sunday */
ej_day g_day(int y, int m, int d);
void g_ymd(ej_day day, int *y, int *m, int *d);
const char *g_str(const struct g_world *w, uint32_t off);
int g_build(struct g_world *w, int size, uint64_t seed);
void g_free(struct g_world *w);
int g_stay_in(const struct g_stay *s, ej_day d);
int g_pair_end(int pair);           /* minutes after midnight */

/* gen_out.c */
int g_write_all(struct g_world *w, const char *dir, struct ej_gen_stats *st, struct ej_err *err);

#endif
