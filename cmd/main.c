/*
** main.c — the ejournal program: global options, the command table, and the
** setup every command shares (config, database, diagnostics, exit status).
*/
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "util/paths.h"

struct cmd {
	const char *name;
	int (*fn)(int, char **, struct ej_ctx *);
	unsigned flags;
	const char *summary;
};

static const struct cmd commands[] = {
	{ "import",   cmd_import,   RUN_CONFIG | RUN_DB_CREATE, "импорт выгрузок электронного журнала" },
	{ "generate", cmd_generate, 0,                          "сгенерировать учебную выгрузку колледжа" },
	{ "demo",     cmd_demo,     0,                          "весь цикл на сгенерированных данных" },
	{ "check",    cmd_check,    RUN_CONFIG | RUN_DB,        "проверка журнала по регламенту" },
	{ "archive",  cmd_archive,  RUN_CONFIG | RUN_DB,        "архив учебного года (ZIP, SHA256SUMS)" },
	{ "verify",   cmd_verify,   0,                          "проверить копию архива" },
	{ "restore",  cmd_restore,  RUN_CONFIG,                 "восстановить базу данных из архива" },
	{ "report",   cmd_report,   RUN_CONFIG | RUN_DB,        "ежемесячный отчёт и справка по итогам проверки" },
	{ "summary",  cmd_summary,  RUN_CONFIG | RUN_DB,        "сводная ведомость (XLSX)" },
	{ "student",  cmd_student,  RUN_CONFIG | RUN_DB,        "сведения для родителей: PDF на студента" },
	{ "print",    cmd_print,    RUN_CONFIG | RUN_DB,        "печать журналов групп (PDF)" },
};

static const char usage_text[] =
	"usage: ejournal [--db FILE] [--config FILE] [-q] [-v] COMMAND [ARGS]\n"
	"       ejournal --version | --help\n";

int ej_failf(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("ejournal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

int ej_fail(const struct ej_err *err)
{
	fprintf(stderr, "ejournal: %s\n", err->msg[0] ? err->msg : "unknown error");
	return err->code ? err->code : EJ_EIO;
}

int ej_usage(const char *text, bool help)
{
	fputs(text, help ? stdout : stderr);
	return help ? 0 : EJ_EUSAGE;
}

static void print_help(void)
{
	size_t i;

	fputs(usage_text, stdout);
	fputs("\ncommands:\n", stdout);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-9s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'ejournal COMMAND --help' describes a command; man ejournal, docs/.\n", stdout);
}

static void diag_emit(void *vctx, enum ej_diag_level level, const char *msg)
{
	struct ej_ctx *ctx = vctx;

	if (level == EJ_DIAG_NOTE && ctx->quiet)
		return;
	if (ctx->tty && !ctx->quiet)
		fputs("\r\033[K", stderr);   /* clear a progress line */
	fprintf(stderr, "ejournal: %s%s\n",
		level == EJ_DIAG_WARNING ? "warning: " :
		level == EJ_DIAG_ERROR ? "error: " : "", msg);
}

static void progress_update(void *vctx, const char *what, long done, long total)
{
	struct ej_ctx *ctx = vctx;

	if (!ctx->tty || ctx->quiet)
		return;
	if (total > 0)
		fprintf(stderr, "\r\033[K%s: %ld/%ld (%ld%%)", what, done, total,
			done * 100 / total);
	else
		fprintf(stderr, "\r\033[K%s: %ld", what, done);
	if (total > 0 && done >= total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* A full disk must not give a silently truncated report (git's run_builtin). */
static int check_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("ejournal: write error on standard output");
		return status ? status : EJ_EIO;
	}
	return status;
}

static int setup(const struct cmd *c, struct ej_ctx *ctx)
{
	struct ej_err err = { 0 };
	time_t now = time(NULL);
	struct tm tm;
	ej_day today = 0;

	localtime_r(&now, &tm);
	ej_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &today);
	ej_config_defaults(&ctx->config, today);
	if (c->flags & (RUN_CONFIG | RUN_DB | RUN_DB_CREATE)) {
		if (ctx->config_path &&
		    ej_config_load(&ctx->config, ctx->config_path, &ctx->diag, &err))
			return ej_fail(&err);
	}
	return 0;
}

int ej_open_db(struct ej_ctx *ctx)
{
	struct ej_err err = { 0 };
	struct stat sb;

	if (ctx->db || !(ctx->flags & (RUN_DB | RUN_DB_CREATE)))
		return 0;
	ctx->db_created = stat(ctx->db_path, &sb) != 0;
	ctx->db = ej_db_open(ctx->db_path,
			     (ctx->flags & RUN_DB_CREATE) ? EJ_DB_CREATE : EJ_DB_EXISTING, &err);
	if (!ctx->db) {
		ctx->db_created = false;
		return ej_fail(&err);
	}
	return 0;
}

/* Close the database; remove it when this run created it and failed. */
static void close_db(struct ej_ctx *ctx, int status)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };

	ej_db_close(ctx->db);
	ctx->db = NULL;
	if (ctx->db_created && status >= EJ_EUSAGE)
		for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
			char path[4096];
			snprintf(path, sizeof(path), "%s%s", ctx->db_path, suffix[i]);
			unlink(path);
		}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ej_ctx ctx = { 0 };
	const struct cmd *c = NULL;
	const char *env;
	size_t i;
	int opt, status;

	ej_paths_set_argv0(argv[0]);
	ctx.db_path = (env = getenv("EJOURNAL_DB")) && *env ? env : "ejournal.db";
	ctx.config_path = (env = getenv("EJOURNAL_CONFIG")) && *env ? env :
			  access("ejournal.ini", R_OK) == 0 ? "ejournal.ini" : NULL;
	/* '+': stop at the command name; the command parses the rest. */
	while ((opt = getopt_long(argc, argv, "+d:c:qvh", opts, NULL)) != -1) {
		switch (opt) {
		case 'd': ctx.db_path = optarg; break;
		case 'c': ctx.config_path = optarg; break;
		case 'q': ctx.quiet = true; break;
		case 'v': ctx.verbose = true; break;
		case 'h': print_help(); return check_stdout(0);
		case 'V': printf("ejournal %s\n", EJ_VERSION); return check_stdout(0);
		default: return ej_usage(usage_text, false);
		}
	}
	if (optind >= argc)
		return ej_usage(usage_text, false);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[optind], commands[i].name) == 0)
			c = &commands[i];
	if (!c)
		return ej_failf(EJ_EUSAGE, "'%s' is not a command; see 'ejournal --help'",
				argv[optind]);

	ctx.tty = isatty(STDERR_FILENO);
	ctx.diag.emit = diag_emit;
	ctx.diag.ctx = &ctx;
	ctx.progress.update = progress_update;
	ctx.progress.ctx = &ctx;

	argc -= optind;
	argv += optind;
	optind = 0;   /* glibc: full reset for the command's own getopt_long */
	/* --help needs neither config nor database. */
	for (i = 1; i < (size_t)argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			status = c->fn(argc, argv, &ctx);
			return check_stdout(status);
		}
	ctx.flags = c->flags;
	status = setup(c, &ctx);
	if (status == 0)
		status = c->fn(argc, argv, &ctx);
	close_db(&ctx, status);
	ej_config_release(&ctx.config);
	return check_stdout(status);
}
