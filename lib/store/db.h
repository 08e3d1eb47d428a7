/*
** db.h — the SQLite database: open, schema and migrations, transactions.
**
** ej_db_open() opens (and with create, creates) the file with foreign keys
** on, WAL journal, a busy timeout, and migrates an older schema to the
** current version inside one transaction.  A database written by a newer
** ejournal is refused.  Statements with data always go through prepared
** statements (ej_db_prepare); ej_db_exec is for fixed SQL only.
*/
#ifndef EJ_STORE_DB_H
#define EJ_STORE_DB_H

#include <stdbool.h>
#include <sqlite3.h>

#include "util/err.h"

#define EJ_SCHEMA_VERSION 2

struct ej_db {
	sqlite3 *h;
	char *path;
	int tx_depth;
};

enum ej_db_mode { EJ_DB_EXISTING, EJ_DB_CREATE };

/* Returns a new handle or NULL with err filled (EJ_EIO, or EJ_EDATA when the
** file is not an ejournal database).  Free with ej_db_close(). */
struct ej_db *ej_db_open(const char *path, enum ej_db_mode mode, struct ej_err *err);
void ej_db_close(struct ej_db *db);          /* NULL-safe */

int ej_db_exec(struct ej_db *db, const char *sql, struct ej_err *err);
/* Prepare or fail with the SQL error in err.  Caller finalizes. */
sqlite3_stmt *ej_db_prepare(struct ej_db *db, const char *sql, struct ej_err *err);
/* Fill err from the connection's last error, with a context word. */
int ej_db_fail(struct ej_db *db, struct ej_err *err, const char *what);

int ej_db_begin(struct ej_db *db, struct ej_err *err);   /* BEGIN IMMEDIATE */
int ej_db_commit(struct ej_db *db, struct ej_err *err);
void ej_db_rollback(struct ej_db *db);

/* Bind helpers: NULL / empty string binds SQL NULL. */
int ej_db_bind_text(sqlite3_stmt *st, int idx, const char *s);
/* Column text or NULL. */
const char *ej_db_col_text(sqlite3_stmt *st, int col);

/* Count of rows of a table (fixed names only). */
long ej_db_count(struct ej_db *db, const char *table);

/* Online backup of the whole database into dest_path (SQLite backup API). */
int ej_db_backup(struct ej_db *db, const char *dest_path, struct ej_err *err);

#endif
