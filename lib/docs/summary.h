/*
** summary.h — the сводная ведомость workbook (documents.md §4): a sheet per
** group (students × disciplines with final marks; each student's mean,
** counts of 5/4/3/2, hours missed excused/unexcused; per-discipline mean,
** success % and quality % under the table) and an overview sheet (per
** group: students, отличники, хорошисты, with one 3, неуспевающие, success
** %, quality %, hours missed) with a chart.  Numbers are numbers; means and
** counts are formulas (with cached values) so an edited mark recomputes.
*/
#ifndef EJ_DOCS_SUMMARY_H
#define EJ_DOCS_SUMMARY_H

#include "store/db.h"
#include "store/scope.h"
#include "util/config.h"
#include "util/err.h"

/* scope->semester 1/2 takes that semester's finals; 0 takes the year's
** (final semester 0), falling back to the newest semester final. */
int ej_summary_write(struct ej_db *db, const struct ej_config *cfg,
		     const struct ej_scope *scope, const char *xlsx_path,
		     struct ej_err *err);

#endif
