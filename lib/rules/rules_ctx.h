/*
** rules_ctx.h — what every rule family shares during one check run
** (private to lib/rules): the database, config, scope as ISO bounds, name
** caches indexed by row id, the disciplines in scope (also as the TEMP table
** chk_disc(id, group_id) for joins), and the helpers that add findings.
*/
#ifndef EJ_RULES_CTX_H
#define EJ_RULES_CTX_H

#include "rules/rules.h"

struct ej_rc_teacher { char *name, *short_name, *dept; };
struct ej_rc_group { char *name, *dept; };
struct ej_rc_student { char *name, *short_name; };
struct ej_rc_disc {
	int64_t group_id;
	char *code, *name;
	bool in_scope;
	bool has_lessons;            /* the journal has any lesson of it */
	int64_t cur_teacher[2][4];   /* curriculum teacher by semester, subgroup 0..3 */
	int64_t main_teacher;        /* who recorded most of its lessons */
};

struct ej_rctx {
	struct ej_db *db;
	const struct ej_config *cfg;
	const struct ej_scope *scope;
	const struct ej_check_opts *opts;
	struct ej_findings *out;
	struct ej_err *err;
	char from_iso[11], to_iso[11];   /* the period */
	ej_day checked;                  /* min(period end, newest export day) */
	char checked_iso[11];
	char export_iso[11];             /* newest export day ("9999-12-31" when none) */
	bool have_batches;
	/* semesters whose end-of-semester rules run (index 0, 1) */
	bool sem_final[2];
	/* caches, indexed by id (0..n-1); NULL entries = no such row */
	struct ej_rc_teacher *teachers; size_t nteachers;
	struct ej_rc_group *groups; size_t ngroups;
	struct ej_rc_student *students; size_t nstudents;
	struct ej_rc_disc *discs; size_t ndiscs;
	struct ej_markpass *mp;          /* markpass.h, built on first use */
	struct ej_mp_job *mp_job;        /* markpass.h: the pass running in a thread */
	struct p_data *pdata;            /* rules_p.c: lessons, plan, curriculum, loaded once */
	bool s_scanned;                  /* rules_s.c: S01–S03 found in one scan */
	bool f_scanned;                  /* rules_f.c: F01–F04, F06 found in one scan */
};

/* Free rc->pdata (rules_p.c). */
void ej_rc_p_free(struct ej_rctx *rc);

/* Add a finding for a discipline (0 = none), subgroup, teacher, student
** (0 = none) on a date (EJ_DAY_NONE = period finding: set period after).
** The message is printf-formatted.  Returns the new finding (never NULL). */
struct ej_finding *ej_rc_add(struct ej_rctx *rc, const struct ej_rule *r,
			     int64_t disc, int subgroup, int64_t teacher, int64_t student,
			     ej_day date, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
void ej_rc_period(struct ej_finding *f, ej_day from, ej_day to);
void ej_rc_fig(struct ej_finding *f, const char *name, double value);
void ej_rc_fig_text(struct ej_finding *f, const char *name, const char *text);
/* «не проверено: нет данных …» once for the rule. */
void ej_rc_unchecked(struct ej_rctx *rc, const struct ej_rule *r, const char *what);

/* Is the rule with this id selected for the run? */
bool ej_rc_selected(const struct ej_rctx *rc, const char *id);

/* Cache lookups (never NULL: an unknown id gives an empty entry). */
const struct ej_rc_disc *ej_rc_disc(const struct ej_rctx *rc, int64_t id);
const char *ej_rc_student_short(const struct ej_rctx *rc, int64_t id);
const char *ej_rc_teacher_short(const struct ej_rctx *rc, int64_t id);
/* The teacher a period finding is attributed to: the curriculum's for the
** semester of day (and subgroup), else who recorded most lessons. */
int64_t ej_rc_disc_teacher(const struct ej_rctx *rc, int64_t disc, int subgroup, ej_day day);
/* «(ОП.01, ИСП-21)» style context: "ОП.01, ИСП-21" into buf. */
void ej_rc_where(const struct ej_rctx *rc, int64_t disc, int subgroup, char *buf, size_t size);
/* The same with the student's short name last: "ОП.01, ИСП-21, Иванов И. И.". */
void ej_rc_where_st(const struct ej_rctx *rc, int64_t disc, int subgroup, int64_t student,
		    char *buf, size_t size);

/* ISO text → day; EJ_DAY_NONE when NULL or malformed (first 10 chars). */
ej_day ej_rc_iso_day(const char *s);
/* Decimal with a comma: 3.2 → "3,20" (digits after the point). */
void ej_rc_num(double v, int digits, char *buf, size_t size);
/* Semester (1/2) of a day from the config, 0 outside both. */
int ej_rc_semester(const struct ej_rctx *rc, ej_day d);

/* Mark value classes. */
bool ej_mark_is_grade(const char *v);     /* 5 4 3 2 1 зач незач */
bool ej_mark_is_numeric(const char *v);   /* 5 4 3 2 1 */
bool ej_mark_is_absence(const char *v);   /* н б у */

/* Prepare with err filled on failure. */
sqlite3_stmt *ej_rc_prepare(struct ej_rctx *rc, const char *sql);
/* Bind ?1 = from, ?2 = to, ?3 = checked, ?4 = export day (ISO) as the statement has them. */
void ej_rc_bind_period(struct ej_rctx *rc, sqlite3_stmt *st);
/* Finish a stepping loop: returns 0 when rc == SQLITE_DONE, else fills err. */
int ej_rc_done(struct ej_rctx *rc, int step_rc);
/* True when SELECT count(*) … (fixed SQL) returns > 0. */
bool ej_rc_any(struct ej_rctx *rc, const char *sql);

/* Family entry points (rules_d.c, rules_f.c, …). */
int ej_rule_d01(struct ej_rctx *, const struct ej_rule *);
int ej_rule_d02(struct ej_rctx *, const struct ej_rule *);
int ej_rule_d03(struct ej_rctx *, const struct ej_rule *);
int ej_rule_d04(struct ej_rctx *, const struct ej_rule *);
int ej_rule_f01(struct ej_rctx *, const struct ej_rule *);
int ej_rule_f02(struct ej_rctx *, const struct ej_rule *);
int ej_rule_f03(struct ej_rctx *, const struct ej_rule *);
int ej_rule_f04(struct ej_rctx *, const struct ej_rule *);
int ej_rule_f05(struct ej_rctx *, const struct ej_rule *);
int ej_rule_f06(struct ej_rctx *, const struct ej_rule *);
int ej_rule_t01(struct ej_rctx *, const struct ej_rule *);
int ej_rule_t02(struct ej_rctx *, const struct ej_rule *);
int ej_rule_t03(struct ej_rctx *, const struct ej_rule *);
int ej_rule_a01(struct ej_rctx *, const struct ej_rule *);
int ej_rule_a02(struct ej_rctx *, const struct ej_rule *);
int ej_rule_p01(struct ej_rctx *, const struct ej_rule *);
int ej_rule_p02(struct ej_rctx *, const struct ej_rule *);
int ej_rule_p03(struct ej_rctx *, const struct ej_rule *);
int ej_rule_p04(struct ej_rctx *, const struct ej_rule *);
int ej_rule_p05(struct ej_rctx *, const struct ej_rule *);
int ej_rule_p06(struct ej_rctx *, const struct ej_rule *);
int ej_rule_g01(struct ej_rctx *, const struct ej_rule *);
int ej_rule_g02(struct ej_rctx *, const struct ej_rule *);
int ej_rule_g03(struct ej_rctx *, const struct ej_rule *);
int ej_rule_g04(struct ej_rctx *, const struct ej_rule *);
int ej_rule_g05(struct ej_rctx *, const struct ej_rule *);
int ej_rule_s01(struct ej_rctx *, const struct ej_rule *);
int ej_rule_s02(struct ej_rctx *, const struct ej_rule *);
int ej_rule_s03(struct ej_rctx *, const struct ej_rule *);

#endif
