#include "store/db.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The schema, generated from lib/store/schema.sql by the Makefile. */
static const char schema_v1[] =
#include "schema_sql.inc"
;

/*
** Migrations: migrations[v] brings a database from version v to v + 1.
** Version 0 is an empty file.  Add a step here when the schema changes and
** bump EJ_SCHEMA_VERSION; never edit a released step.
*/
static const char *const migrations[EJ_SCHEMA_VERSION] = {
	schema_v1,
	/* 2: no mark_student.  Only the student reports looked marks up by
	** student; they now go through the student's groups' disciplines and
	** mark_key, and a first import no longer sorts 1 M rows a second time
	** (docs/performance.md «Import»). */
	"DROP INDEX IF EXISTS mark_student;",
};

int ej_db_fail(struct ej_db *db, struct ej_err *err, const char *what)
{
	return ej_err_set(err, EJ_EIO, "%s: %s: %s", db->path, what,
			  sqlite3_errmsg(db->h));
}

int ej_db_exec(struct ej_db *db, const char *sql, struct ej_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		ej_err_set(err, EJ_EIO, "%s: %s", db->path, msg ? msg : "SQL error");
		sqlite3_free(msg);
		return EJ_EIO;
	}
	return EJ_OK;
}

sqlite3_stmt *ej_db_prepare(struct ej_db *db, const char *sql, struct ej_err *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		ej_db_fail(db, err, "prepare");
		return NULL;
	}
	return st;
}

int ej_db_begin(struct ej_db *db, struct ej_err *err)
{
	int rc = ej_db_exec(db, "BEGIN IMMEDIATE", err);
	if (rc == EJ_OK)
		db->tx_depth = 1;
	return rc;
}

int ej_db_commit(struct ej_db *db, struct ej_err *err)
{
	int rc = ej_db_exec(db, "COMMIT", err);
	if (rc == EJ_OK)
		db->tx_depth = 0;
	return rc;
}

void ej_db_rollback(struct ej_db *db)
{
	if (db->tx_depth) {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		db->tx_depth = 0;
	}
}

int ej_db_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	if (!s || !*s)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

const char *ej_db_col_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

long ej_db_count(struct ej_db *db, const char *table)
{
	char sql[128];
	sqlite3_stmt *st = NULL;
	long n = -1;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int user_version(struct ej_db *db, int *v, struct ej_err *err)
{
	sqlite3_stmt *st = ej_db_prepare(db, "PRAGMA user_version", err);
	int rc;

	if (!st)
		return EJ_EIO;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return ej_db_fail(db, err, "read schema version");
	}
	*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return EJ_OK;
}

/* Bring the schema to EJ_SCHEMA_VERSION in one transaction. */
static int migrate(struct ej_db *db, struct ej_err *err)
{
	char sql[64];
	int v = 0, rc;

	if ((rc = user_version(db, &v, err)))
		return rc;
	if (v == EJ_SCHEMA_VERSION)
		return EJ_OK;
	if (v > EJ_SCHEMA_VERSION)
		return ej_err_set(err, EJ_EDATA,
			"%s: database schema version %d is newer than this ejournal "
			"understands (%d): use a newer ejournal", db->path, v, EJ_SCHEMA_VERSION);
	if (v == 0) {
		/* An existing non-empty file that is not ours must not be touched. */
		long tables = -1;
		sqlite3_stmt *st = ej_db_prepare(db, "SELECT count(*) FROM sqlite_master", err);
		if (!st)
			return EJ_EIO;
		if (sqlite3_step(st) == SQLITE_ROW)
			tables = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (tables != 0)
			return ej_err_set(err, EJ_EDATA,
				"%s: not an ejournal database (it has tables but no schema version)",
				db->path);
	}
	if ((rc = ej_db_begin(db, err)))
		return rc;
	for (; v < EJ_SCHEMA_VERSION; v++) {
		if ((rc = ej_db_exec(db, migrations[v], err)))
			goto fail;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if ((rc = ej_db_exec(db, sql, err)))
			goto fail;
	}
	return ej_db_commit(db, err);
fail:
	ej_db_rollback(db);
	return rc;
}

/*
** Before SQLite's first use: no memory statistics (nothing reads them), so
** every allocation does not take SQLite's global memory mutex — a bulk
** import allocates millions of times.  A no-op once SQLite is initialised.
*/
static void db_config_once(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct ej_db *ej_db_open(const char *path, enum ej_db_mode mode, struct ej_err *err)
{
	struct ej_db *db;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	struct stat sb;
	bool existed = stat(path, &sb) == 0;

	if (!existed && mode != EJ_DB_CREATE) {
		ej_err_set(err, EJ_EIO, "%s: no such database: run «ejournal import» first "
			   "or give --db", path);
		return NULL;
	}
	if (mode == EJ_DB_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	db_config_once();
	db = ej_calloc(1, sizeof(*db));
	db->path = ej_strdup(path);
	if (!existed) {
		/* Personal data: readable by the owner only (issue: archive §4). */
		mode_t old = umask(077);
		int rc = sqlite3_open_v2(path, &db->h, flags, NULL);
		umask(old);
		if (rc != SQLITE_OK)
			goto fail_open;
	} else if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		goto fail_open;
	}
	sqlite3_busy_timeout(db->h, 5000);
	sqlite3_extended_result_codes(db->h, 1);
	if (ej_db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; "
			   "PRAGMA synchronous = NORMAL", err))
		goto fail;
	if (migrate(db, err))
		goto fail;
	return db;
fail_open:
	ej_err_set(err, EJ_EIO, "%s: cannot open database: %s", path,
		   db->h ? sqlite3_errmsg(db->h) : "out of memory");
fail:
	ej_db_close(db);
	return NULL;
}

void ej_db_close(struct ej_db *db)
{
	if (!db)
		return;
	ej_db_rollback(db);
	sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}

int ej_db_backup(struct ej_db *db, const char *dest_path, struct ej_err *err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *bk;
	int rc;
	mode_t old = umask(077);

	rc = sqlite3_open_v2(dest_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		ej_err_set(err, EJ_EIO, "%s: %s", dest_path, dst ? sqlite3_errmsg(dst) : "open failed");
		sqlite3_close(dst);
		return EJ_EIO;
	}
	bk = sqlite3_backup_init(dst, "main", db->h, "main");
	if (!bk) {
		ej_err_set(err, EJ_EIO, "%s: backup: %s", dest_path, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return EJ_EIO;
	}
	do
		rc = sqlite3_backup_step(bk, 1024);
	while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		ej_err_set(err, EJ_EIO, "%s: backup: %s", dest_path, sqlite3_errstr(rc));
		sqlite3_close(dst);
		return EJ_EIO;
	}
	/* A single-file copy: leave WAL so the backup needs no -wal beside it. */
	sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	if (sqlite3_close(dst) != SQLITE_OK)
		return ej_err_set(err, EJ_EIO, "%s: close failed", dest_path);
	return EJ_OK;
}
