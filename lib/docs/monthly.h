/*
** monthly.h — the monthly compliance report (documents.md §2; Регламент
** §2.3.1, §3.2): per teacher, per group × discipline with the lag against
** the thematic plan, every finding of the month grouped by teacher, a chart
** of the on-time percentage by teacher, the department head's signature.
** The same content as PDF and as XLSX (one sheet per table).
*/
#ifndef EJ_DOCS_MONTHLY_H
#define EJ_DOCS_MONTHLY_H

#include "store/db.h"
#include "store/scope.h"
#include "util/config.h"
#include "util/err.h"

/* Write the report for scope (normally one month) to pdf_path and
** xlsx_path (either may be NULL to skip it).  0 or err filled. */
int ej_monthly_write(struct ej_db *db, const struct ej_config *cfg,
		     const struct ej_scope *scope, const char *pdf_path,
		     const char *xlsx_path, struct ej_err *err);

#endif
