/*
** err.h — the error every lib/ function fills instead of printing.
**
** lib/ never prints and never exits (except abort() on out-of-memory in
** xalloc.h).  A failing function returns one of the EJ_E* codes below and
** fills a caller-owned struct ej_err with a one-line Russian or English
** message that already names the file, line and column where it has them:
**   "marks.csv:1042: column «Отметка»: unknown mark (value «6»)"
** cmd/ prefixes "ejournal: " and picks the exit status from the code.
*/
#ifndef EJ_UTIL_ERR_H
#define EJ_UTIL_ERR_H

#include <stddef.h>

/* Codes double as the documented exit statuses (cli.md). */
enum ej_code {
	EJ_OK = 0,
	EJ_EFOUND = 1,   /* check found findings / verify found damage */
	EJ_EUSAGE = 2,   /* bad option, bad config value */
	EJ_EDATA = 3,    /* input data rejected */
	EJ_EIO = 4       /* I/O or internal error */
};

struct ej_err {
	int code;
	char msg[1024];
};

/* Set code and a printf-style message; returns code, so
** `return ej_err_set(err, EJ_EIO, "…")` reads naturally.  err may be NULL. */
int ej_err_set(struct ej_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix an existing message: "CONTEXT: old message" (e.g. a file name). */
int ej_err_prefix(struct ej_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void ej_err_clear(struct ej_err *err);

/*
** Diagnostics that do not stop the work (warnings, rejected rows in lenient
** mode, progress).  lib/ calls ej_diag(); cmd/ installs the sink that prints.
** A NULL sink drops everything.
*/
enum ej_diag_level { EJ_DIAG_NOTE, EJ_DIAG_WARNING, EJ_DIAG_ERROR };

struct ej_diag_sink {
	void (*emit)(void *ctx, enum ej_diag_level level, const char *msg);
	void *ctx;
};

void ej_diag(const struct ej_diag_sink *sink, enum ej_diag_level level,
	     const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
** Progress of long work (import, print, archive): done of total units.
** cmd/ draws a line on a terminal; lib/ only reports.  NULL = no progress.
*/
struct ej_progress {
	void (*update)(void *ctx, const char *what, long done, long total);
	void *ctx;
};

void ej_progress(const struct ej_progress *p, const char *what, long done, long total);

#endif
