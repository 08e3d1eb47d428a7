/*
** semester.h — «Справка по итогам проверки электронного журнала за N
** семестр» (documents.md §3; Регламент §3.3, §3.4): six sections —
** programme coverage, control works, objectivity, substitutions,
** timeliness and filling, conclusions and recommendations chosen from the
** figures and worded by templates/reports.txt — the checker's signature and
** the acknowledgement table «Со справкой ознакомлены» (teachers, curators).
** PDF, and XLSX with the tables.
*/
#ifndef EJ_DOCS_SEMESTER_H
#define EJ_DOCS_SEMESTER_H

#include "store/db.h"
#include "store/scope.h"
#include "util/config.h"
#include "util/err.h"

int ej_semester_write(struct ej_db *db, const struct ej_config *cfg,
		      const struct ej_scope *scope, const char *pdf_path,
		      const char *xlsx_path, struct ej_err *err);

#endif
