/*
** scope.h — what a check or a document looks at: a period and filters.
**
** Built by cmd/options.c from PERIOD and FILTERS (cli.md); read by rules,
** figures and documents.  Strings are borrowed from argv (not owned).
*/
#ifndef EJ_STORE_SCOPE_H
#define EJ_STORE_SCOPE_H

#include <stdbool.h>
#include "util/date.h"

struct ej_scope {
	ej_day from, to;          /* inclusive; always set by ej_scope_resolve */
	int semester;             /* 1 or 2 when --semester, else 0 */
	bool whole_semester_end;  /* the period reaches a semester's end (or --final) */
	const char *month;        /* "YYYY-MM" when --month */
	/* Filters: NULL = all.  group and discipline match name/index exactly
	** (case- and ё-insensitive); teacher matches full or short name. */
	const char *group;
	const char *teacher;
	const char *department;
	const char *discipline;
};

#endif
