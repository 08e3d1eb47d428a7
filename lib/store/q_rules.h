/*
** q_rules.h — scope queries shared by the rules and the figures.
*/
#ifndef EJ_STORE_Q_RULES_H
#define EJ_STORE_Q_RULES_H

#include <stdbool.h>

#include "store/db.h"
#include "store/scope.h"
#include "util/err.h"

/*
** (Re)create the TEMP table `table` (id INTEGER PRIMARY KEY, group_id) with
** the disciplines the scope's group, discipline and department filters
** keep (case- and ё-insensitive; the discipline matches its index, its
** name or «индекс название»; the department is the group's).  table must
** be a fixed identifier.  Returns 0 or EJ_EIO.
*/
int ej_qr_scope_disciplines(struct ej_db *db, const struct ej_scope *s, const char *table,
			    struct ej_err *err);

/* Teacher filter: does want name this teacher (full or short name, spaces,
** dots, case and ё ignored)? */
bool ej_qr_teacher_match(const char *want, const char *full, const char *brief);

#endif
