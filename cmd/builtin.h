/*
** builtin.h — how a subcommand plugs into ejournal.
**
** To add a command: write cmd/NAME.c with
**     int cmd_NAME(int argc, char **argv, struct ej_ctx *ctx);
** declare it below and add one line to the table in cmd/main.c with the
** setup it needs (RUN_CONFIG, RUN_DB, RUN_DB_CREATE).  main() has already
** parsed the global options and loaded the config; argv[0] is the command
** name, getopt_long can run on argc/argv directly.  After its own options
** are parsed and checked, a command that reads the database calls
** ej_open_db(ctx): a usage error must neither need nor create a database.  Return an exit status (cli.md): 0, 1 findings/damage, 2 usage,
** 3 data rejected, 4 I/O.  Commands print; lib/ does not.
*/
#ifndef EJ_CMD_BUILTIN_H
#define EJ_CMD_BUILTIN_H

#include <stdbool.h>
#include <stdio.h>

#include "store/db.h"
#include "util/config.h"
#include "util/err.h"

#define RUN_CONFIG    (1 << 0)   /* load the config (all commands but help) */
#define RUN_DB        (1 << 1)   /* open an existing database */
#define RUN_DB_CREATE (1 << 2)   /* open, creating it when missing */

struct ej_ctx {
	const char *db_path;         /* --db, $EJOURNAL_DB, ./ejournal.db */
	const char *config_path;     /* --config, $EJOURNAL_CONFIG, ./ejournal.ini or NULL */
	bool quiet, verbose;
	bool tty;                    /* stderr is a terminal: draw progress */
	struct ej_config config;
	unsigned flags;              /* the command's RUN_* flags */
	struct ej_db *db;            /* open after ej_open_db() */
	bool db_created;             /* this run created the database file */
	struct ej_diag_sink diag;    /* prints "ejournal: warning: …" to stderr */
	struct ej_progress progress; /* progress line on a terminal, else nothing */
};

/*
** Open the database as the command's flags ask (RUN_DB: it must exist;
** RUN_DB_CREATE: create it).  Returns 0, or prints why and returns the exit
** status.  A database this run created is removed again when the command
** fails with status 2 or more, so a rejected first import leaves nothing.
*/
int ej_open_db(struct ej_ctx *ctx);
/* Print "ejournal: MSG" to stderr; returns err->code for `return ej_fail(…)`. */
int ej_fail(const struct ej_err *err);
/* "ejournal: " + printf to stderr, returns code. */
int ej_failf(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print a usage text to stderr (exit 2) or stdout for --help (exit 0). */
int ej_usage(const char *text, bool help);
/* Parse the shared PERIOD and FILTER options; see cmd/options.c. */
struct ej_period_opts;

int cmd_import(int argc, char **argv, struct ej_ctx *ctx);
int cmd_check(int argc, char **argv, struct ej_ctx *ctx);
int cmd_report(int argc, char **argv, struct ej_ctx *ctx);
int cmd_summary(int argc, char **argv, struct ej_ctx *ctx);
int cmd_print(int argc, char **argv, struct ej_ctx *ctx);
int cmd_student(int argc, char **argv, struct ej_ctx *ctx);
int cmd_archive(int argc, char **argv, struct ej_ctx *ctx);
int cmd_verify(int argc, char **argv, struct ej_ctx *ctx);
int cmd_restore(int argc, char **argv, struct ej_ctx *ctx);
int cmd_generate(int argc, char **argv, struct ej_ctx *ctx);
int cmd_demo(int argc, char **argv, struct ej_ctx *ctx);

#endif
