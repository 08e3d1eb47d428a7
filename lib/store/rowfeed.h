/*
** rowfeed.h — rows kept in memory, read by SQL as a table.
**
** A bulk writer fills an array of values (rows × cols) and steps one
** `INSERT INTO t(…) SELECT c1, …, cN FROM <name> WHERE 1 [ON CONFLICT …]`
** over it: SQLite reads each value through a virtual-table cursor instead of
** a sqlite3_bind_* call per value into a statement of many VALUES groups —
** the same rows, in the same order, applied as one by one, at about a third
** of the cost (docs/performance.md «Import»).
**
** The table is eponymous (no CREATE VIRTUAL TABLE: nothing is written to the
** schema) and has EJ_ROWFEED_COLS columns c1…cN; columns beyond the rows'
** own count read as NULL.  The rows are the ones set with ej_rowfeed_set()
** when the statement is stepped; they must outlive the step.
*/
#ifndef EJ_STORE_ROWFEED_H
#define EJ_STORE_ROWFEED_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#define EJ_ROWFEED_COLS 16

struct ej_rowval {              /* one value of a row */
	int type;                    /* SQLITE_NULL, _INTEGER, _FLOAT, _TEXT */
	int len;                     /* text: its length in bytes */
	union {
		int64_t i;           /* integer, or text offset in the text buffer */
		double d;
	} u;
};

struct ej_rowfeed {             /* what the table shows now */
	const struct ej_rowval *v;   /* rows × cols values */
	const char *text;            /* texts the values point into */
	size_t rows;
	int cols;
};

/* Register the table `name` on h, showing *feed (owned by the caller, who
** changes it between steps).  SQLITE_OK or an SQLite error code. */
int ej_rowfeed_register(sqlite3 *h, const char *name, struct ej_rowfeed *feed);

#endif
