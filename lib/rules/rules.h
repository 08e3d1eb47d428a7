/*
** rules.h — `ejournal check`: the regulation's rules over the database.
**
** Every rule (spec rules.md) has a stable id (D01 … S03), a family letter, a
** severity, the clause of the regulation it implements, the data it needs,
** and one function that appends findings to a list.  Rules never print: a
** finding is a plain struct with the message already written in Russian and
** the compared figures as name/value pairs.  cmd/check.c prints the list as
** text, CSV or JSON.
**
** A rule that cannot be evaluated because the database lacks the data
** (no recorded_at anywhere, no schedule, …) adds exactly one finding of
** severity EJ_SEV_UNCHECKED whose message starts «не проверено: нет данных».
*/
#ifndef EJ_RULES_RULES_H
#define EJ_RULES_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/scope.h"
#include "util/config.h"
#include "util/date.h"
#include "util/err.h"

enum ej_severity {
	EJ_SEV_UNCHECKED = 0,   /* «не проверено»: below warning, never fails a run */
	EJ_SEV_WARNING = 1,
	EJ_SEV_ERROR = 2
};

/* "error", "warning", "unchecked". */
const char *ej_severity_name(enum ej_severity s);
/* Russian: «ошибка», «замечание», «не проверено». */
const char *ej_severity_ru(enum ej_severity s);

#define EJ_FINDING_MAX_FIGURES 6

/* A compared figure: a number, or a text when text != NULL (owned). */
struct ej_figure {
	const char *name;       /* static: "held_hours", "mean_current", … */
	double value;
	char *text;
};

struct ej_finding {
	const char *rule;       /* static id "T02" */
	enum ej_severity severity;
	ej_day date;            /* EJ_DAY_NONE for period findings */
	ej_day period_from, period_to;   /* EJ_DAY_NONE when the finding has a date */
	int pair;               /* 0 = none / unknown */
	int64_t group_id, discipline_id, teacher_id, student_id;   /* 0 = none */
	int subgroup;           /* 0 = whole group */
	/* Owned copies (NULL when not applicable). */
	char *group;            /* «ИСП-21» */
	char *discipline_code;  /* «ОП.01» */
	char *discipline_name;  /* «Основы программирования» */
	char *teacher;          /* full name */
	char *teacher_short;    /* «Соколова А. П.» */
	char *student;          /* full name */
	char *student_short;
	char *message;          /* Russian, self-contained */
	struct ej_figure figures[EJ_FINDING_MAX_FIGURES];
	int nfigures;
};

/* A growable list of findings; owns everything inside. */
struct ej_findings {
	struct ej_finding *v;
	size_t n, alloc;
};

void ej_findings_init(struct ej_findings *l);
void ej_findings_release(struct ej_findings *l);
/* Sort by teacher (short name), then date/period, group, discipline, pair,
** rule, student; «не проверено» findings last. */
void ej_findings_sort_by_teacher(struct ej_findings *l);

struct ej_rctx;   /* per-run context (rules_ctx.h, private to lib/rules) */

struct ej_rule {
	const char *id;         /* "D01" */
	char family;            /* 'D' */
	enum ej_severity severity;
	const char *clause;     /* "§2.5.2" */
	const char *title;      /* short Russian description */
	const char *needs;      /* the data it needs, Russian, for «не проверено» */
	bool end_of_semester;   /* P01, G01–G03: only when a semester's end is checked */
	int (*fn)(struct ej_rctx *rc, const struct ej_rule *rule);
};

/* The registry in id order; *n gets the count.  Static storage. */
const struct ej_rule *ej_rules_all(size_t *n);
const struct ej_rule *ej_rule_find(const char *id);

/*
** Which rules to run: a comma-separated list of ids and/or family letters
** ("D01,T,P06"), case-insensitive; NULL or "" = all.  Fills sel[i] for the
** registry index i.  Returns 0, or EJ_EUSAGE with err naming the bad item.
*/
int ej_rules_select(const char *spec, bool *sel, size_t nsel, struct ej_err *err);

struct ej_check_opts {
	const struct ej_config *config;
	const struct ej_scope *scope;
	const bool *selected;   /* registry-sized; NULL = all */
	bool final;             /* --final: end-of-semester rules before the end */
};

/*
** Run the selected rules over the scope and append findings to out.
** Filters of the scope (group, teacher, department, discipline) and its
** period apply to every rule.  Returns 0 or an EJ_E* code with err filled.
*/
int ej_check_run(struct ej_db *db, const struct ej_check_opts *o,
		 struct ej_findings *out, struct ej_err *err);

#endif
