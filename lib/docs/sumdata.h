/*
** sumdata.h — the final-mark tables behind the summary workbook and the
** semester справка: per group in scope, the students enrolled at the
** period's end, the disciplines with finals or a curriculum in the term,
** each student's final mark per discipline (one per cell, the attestation
** kind preferred: exam, diff_credit, credit, then semester, year, final),
** and the figures of rules.md «Figures the reports derive»:
**   N = enrolled at the period's end, less the exempt (осв) and those with
**       no mark at all (н/а counts in N);
**   success % = students whose marks are all 5, 4, 3 or зач ÷ N;
**   quality % = students whose marks are all 5, 4 or зач ÷ N;
**   mean = mean of numeric marks; missed hours split by б/у and н.
*/
#ifndef EJ_DOCS_SUMDATA_H
#define EJ_DOCS_SUMDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/scope.h"
#include "util/config.h"
#include "util/err.h"

struct ej_sum_disc {
	int64_t id;
	char *code, *name;
	int64_t teacher_id;          /* curriculum's teacher, 0 = none */
	int n;                       /* students counted for this discipline */
	double mean, success, quality;   /* NAN when nothing to count */
};

struct ej_sum_student {
	int64_t id;
	char *name, *short_name;
	char **marks;                /* [ndiscs], NULL = no final */
	double mean;                 /* figures.h: numeric finals; NAN when none */
	int count[6];                /* figures.h: count[k] = finals k (2 includes 1) */
	/* What the sheet's formulas compute from the cells shown (one final per
	** discipline): AVERAGE and COUNTIF of the row, cached in the workbook so
	** a reader without a calculator sees what Excel shows. */
	double row_mean;             /* NAN when no numeric cell */
	int row_count[6];
	bool counted;                /* in N */
	bool succeeds, quality;      /* all 5/4/3/зач; all 5/4/зач */
	int cls;                     /* 5 отличник, 4 хорошист, 3 с одной «3», 2 неуспевающий, 0 other */
	double missed_exc, missed_unexc;   /* hours in the period */
};

struct ej_sum_group {
	int64_t id;
	char *name, *dept;
	int64_t curator_id;
	struct ej_sum_disc *discs;
	size_t ndiscs;
	struct ej_sum_student *students;
	size_t nstudents;
	int n, excellent, good, one3, failing, succeeding, qualified;
	double success, quality, mean;     /* % and mean; NAN when N = 0 */
	double missed_exc, missed_unexc;
	double mark_sum; int mark_count;   /* for weighted totals */
};

struct ej_sum_data {
	struct ej_sum_group *groups;
	size_t ngroups;
	struct ej_sum_group total;         /* counts and figures over all groups */
};

/* scope->semester 1/2: that semester's finals; 0: the year's (semester 0),
** else the newest semester's.  Groups pass the group/department filters,
** disciplines the discipline filter.  0 or err filled. */
int ej_sum_load(struct ej_db *db, const struct ej_config *cfg, const struct ej_scope *scope,
		struct ej_sum_data *out, struct ej_err *err);
void ej_sum_release(struct ej_sum_data *d);

#endif
