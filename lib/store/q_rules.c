/*
** q_rules.c — scope queries shared by the rules and the figures.
*/
#include "store/q_rules.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lower case, ё→е, without spaces and dots. */
static char *name_key(const char *s)
{
	char *low = ej_utf8_lower(s ? s : "", true), *w = low, *r;

	for (r = low; *r; r++)
		if (*r != ' ' && *r != '.' && *r != '\t')
			*w++ = *r;
	*w = '\0';
	return low;
}

bool ej_qr_teacher_match(const char *want, const char *full, const char *brief)
{
	char *k = name_key(want), *a = name_key(full), *b = name_key(brief);
	bool m = (*a && !strcmp(k, a)) || (*b && !strcmp(k, b));

	free(k); free(a); free(b);
	return m;
}

static bool keep(const struct ej_scope *s, const char *group, const char *dept,
		 const char *code, const char *name)
{
	if (s->group && (!group || !ej_utf8_eq_fold(s->group, group)))
		return false;
	if (s->discipline) {
		char both[512];
		snprintf(both, sizeof(both), "%s %s", code ? code : "", name ? name : "");
		if (!(code && ej_utf8_eq_fold(s->discipline, code)) &&
		    !(name && ej_utf8_eq_fold(s->discipline, name)) &&
		    !ej_utf8_eq_fold(s->discipline, both))
			return false;
	}
	if (s->department && dept && !ej_utf8_eq_fold(s->department, dept))
		return false;
	return true;
}

int ej_qr_scope_disciplines(struct ej_db *db, const struct ej_scope *s, const char *table,
			    struct ej_err *err)
{
	char sql[256];
	sqlite3_stmt *sel = NULL, *ins = NULL;
	int rc = EJ_EIO, st;

	snprintf(sql, sizeof(sql), "DROP TABLE IF EXISTS temp.%s;"
		 "CREATE TEMP TABLE %s (id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL)",
		 table, table);
	if (ej_db_exec(db, sql, err))
		return EJ_EIO;
	snprintf(sql, sizeof(sql), "INSERT INTO temp.%s VALUES (?1, ?2)", table);
	if (!(ins = ej_db_prepare(db, sql, err)))
		goto fail;
	if (!(sel = ej_db_prepare(db, "SELECT d.id, d.group_id, g.name, g.department, d.code, d.name"
				  " FROM discipline d JOIN grp g ON g.id = d.group_id", err)))
		goto fail;
	while ((st = sqlite3_step(sel)) == SQLITE_ROW) {
		if (!keep(s, ej_db_col_text(sel, 2), ej_db_col_text(sel, 3),
			  ej_db_col_text(sel, 4), ej_db_col_text(sel, 5)))
			continue;
		sqlite3_bind_int64(ins, 1, sqlite3_column_int64(sel, 0));
		sqlite3_bind_int64(ins, 2, sqlite3_column_int64(sel, 1));
		if (sqlite3_step(ins) != SQLITE_DONE) {
			ej_db_fail(db, err, "scope");
			goto fail;
		}
		sqlite3_reset(ins);
	}
	if (st != SQLITE_DONE) {
		ej_db_fail(db, err, "scope");
		goto fail;
	}
	rc = 0;
fail:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return rc;
}
