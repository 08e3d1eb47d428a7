/*
** demo.c — `ejournal demo [--out DIR]`: the whole cycle on generated data.
**
** Generates the small college into DIR/data, then runs the other commands as
** separate processes (re-executing this program), each with its log in
** DIR/logs: import of export/ and later/, check, the reports, the summary,
** the printed journals, the student reports, the archive and its
** verification.  A step whose command this build does not have is reported
** as skipped.  Finally lists every file produced, with its size.
*/
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/sort.h"
#include "builtin.h"
#include "gen/gen.h"
#include "util/xalloc.h"

static const char demo_usage[] =
	"usage: ejournal demo [--out DIR]\n"
	"\n"
	"Generate a small college (ejournal generate --size small) into DIR/data,\n"
	"import it, check it, produce every document and the year's archive into\n"
	"DIR (default ./demo-out), then list where each file went.  Logs of the\n"
	"steps are in DIR/logs.\n";

#define MAXARG 16

/* One step: a command line after the global options.  "{D}" in an argument
** is replaced by the demo folder. */
struct step {
	const char *title;
	const char *args[MAXARG];
	const char *out;          /* stdout to this file under {D}, or NULL */
	int ok_mask;              /* exit statuses that count as success (bit n) */
};

static const struct step steps[] = {
	{ "импорт выгрузки", { "import", "{D}/data/export", NULL }, NULL, 1 << 0 },
	{ "импорт повторной выгрузки", { "import", "{D}/data/later", NULL }, NULL, 1 << 0 },
	{ "проверка (текст)", { "check", NULL }, "check.txt", 1 << 0 | 1 << 1 },
	{ "проверка (JSON)", { "check", "--format", "json", NULL }, "check.json", 1 << 0 | 1 << 1 },
	{ "ежемесячный отчёт", { "report", "monthly", "--month", "2026-03", "--out", "{D}/reports", NULL },
	  NULL, 1 << 0 },
	{ "справка за семестр", { "report", "semester", "--semester", "1", "--out", "{D}/reports", NULL },
	  NULL, 1 << 0 },
	{ "справка за семестр", { "report", "semester", "--semester", "2", "--out", "{D}/reports", NULL },
	  NULL, 1 << 0 },
	{ "сводная ведомость", { "summary", "--out", "{D}/summary.xlsx", NULL }, NULL, 1 << 0 },
	{ "печать журналов", { "print", "--out", "{D}/print", NULL }, NULL, 1 << 0 },
	{ "сведения для родителей", { "student", "--group", "ИСП-21", "--out", "{D}/students", NULL },
	  NULL, 1 << 0 },
	{ "архив учебного года", { "archive", "--to", "{D}/archive", NULL }, NULL, 1 << 0 },
	{ "проверка архива", { "verify", "{ZIP}", NULL }, NULL, 1 << 0 },
};

/* Replace {D} by dir and {ZIP} by the archive found; caller frees. */
static char *expand(const char *arg, const char *dir, const char *zip)
{
	const char *p = strstr(arg, "{D}");

	if (!strcmp(arg, "{ZIP}"))
		return ej_strdup(zip ? zip : "");
	if (!p)
		return ej_strdup(arg);
	return ej_asprintf("%.*s%s%s", (int)(p - arg), arg, dir, p + 3);
}

/* The first *.zip under dir/archive, or NULL.  Caller frees. */
static char *find_zip(const char *dir)
{
	char *sub = ej_asprintf("%s/archive", dir), *found = NULL;
	DIR *d = opendir(sub);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (n > 4 && !strcmp(e->d_name + n - 4, ".zip") &&
		    (!found || strcmp(e->d_name, strrchr(found, '/') + 1) < 0)) {
			free(found);
			found = ej_asprintf("%s/%s", sub, e->d_name);
		}
	}
	if (d)
		closedir(d);
	free(sub);
	return found;
}

/* Does the log say the command does not exist in this build? */
static int log_says_no_command(const char *log)
{
	FILE *f = fopen(log, "r");
	char line[1024];
	int hit = 0;

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "is not a command"))
			hit = 1;
	if (f)
		fclose(f);
	return hit;
}

/* The last five lines of a step's log, indented, to stderr. */
static void print_log_tail(const char *log)
{
	FILE *f = fopen(log, "r");
	char line[1024];
	char tail[5][1024];
	int n = 0, i;

	while (f && fgets(line, sizeof(line), f)) {
		snprintf(tail[n % 5], sizeof(tail[0]), "%s", line);
		n++;
	}
	if (f)
		fclose(f);
	for (i = n > 5 ? n - 5 : 0; i < n; i++)
		fprintf(stderr, "      %s", tail[i % 5]);
}

/* Run one step as a child process; returns its exit status, or -1. */
static int run_step(const char *self, const char *dir, const char *db, const char *cfg,
		    const struct step *s, const char *zip, const char *log, const char *out)
{
	char *argv[MAXARG + 8];
	int argc = 0, i, status;
	pid_t pid;

	argv[argc++] = ej_strdup("ejournal");
	argv[argc++] = ej_strdup("--db");
	argv[argc++] = ej_strdup(db);
	argv[argc++] = ej_strdup("--config");
	argv[argc++] = ej_strdup(cfg);
	for (i = 0; s->args[i]; i++)
		argv[argc++] = expand(s->args[i], dir, zip);
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		int fe = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		int fo = out ? open(out, O_WRONLY | O_CREAT | O_TRUNC, 0666) : open("/dev/null", O_WRONLY);

		if (fe < 0 || fo < 0)
			_exit(127);
		dup2(fe, STDERR_FILENO);
		dup2(fo, STDOUT_FILENO);
		execv(self, argv);
		_exit(127);
	}
	for (i = 0; i < argc; i++)
		free(argv[i]);
	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* ---- listing the produced files ----------------------------------------- */

static char **listed;
static size_t nlisted, alisted, root_len;

static int list_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type != FTW_F)
		return 0;
	EJ_GROW(listed, nlisted + 1, alisted);
	listed[nlisted++] = ej_asprintf("%12lld  %s", (long long)sb->st_size, path + root_len);
	return 0;
}

static int cmp_listed(const void *a, const void *b)
{
	return strcmp(*(char *const *)a + 14, *(char *const *)b + 14);
}

/* Print every file under dir with its size, sorted by path. */
static void list_files(const char *dir)
{
	size_t i;

	root_len = strlen(dir) + 1;
	nlisted = 0;
	nftw(dir, list_one, 16, FTW_PHYS);
	ej_qsort(listed, nlisted, sizeof(*listed), cmp_listed);
	printf("Файлы в %s:\n", dir);
	for (i = 0; i < nlisted; i++) {
		printf("%s\n", listed[i]);
		free(listed[i]);
	}
	free(listed);
	listed = NULL;
	alisted = 0;
}

/* Generate, then run the steps in order; exit 4 if any failed. */
int cmd_demo(int argc, char **argv, struct ej_ctx *ctx)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = "demo-out";
	char self[4096], *data = NULL, *db = NULL, *cfg = NULL, *logs = NULL, *zip = NULL;
	struct ej_gen_opts go = { EJ_GEN_SMALL, 1, NULL };
	struct ej_gen_stats st;
	struct ej_err err = { 0 };
	size_t i;
	int opt, failed = 0, skipped = 0, rc = 0;
	ssize_t n;

	(void)ctx;
	while ((opt = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': dir = optarg; break;
		case 'h': return ej_usage(demo_usage, true);
		default: return ej_usage(demo_usage, false);
		}
	}
	if (optind < argc)
		return ej_usage(demo_usage, false);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return ej_failf(EJ_EIO, "demo: cannot find the program itself: %s", strerror(errno));
	self[n] = '\0';
	if (mkdir(dir, 0777) && errno != EEXIST)
		return ej_failf(EJ_EIO, "demo: %s: %s", dir, strerror(errno));
	data = ej_asprintf("%s/data", dir);
	db = ej_asprintf("%s/ejournal.db", dir);
	cfg = ej_asprintf("%s/data/ejournal.ini", dir);
	logs = ej_asprintf("%s/logs", dir);
	if (mkdir(logs, 0777) && errno != EEXIST) {
		rc = ej_failf(EJ_EIO, "demo: %s: %s", logs, strerror(errno));
		goto done;
	}
	unlink(db);   /* a demo starts from an empty database */
	go.out_dir = data;
	printf("[ 1] генерация учебной выгрузки … ");
	fflush(stdout);
	if (ej_gen_run(&go, &st, &err)) {
		printf("ошибка\n");
		rc = ej_fail(&err);
		goto done;
	}
	printf("готово: %d групп, %d обучающихся, %ld отметок, %d ожидаемых замечаний\n",
	       st.groups, st.students, st.marks, st.findings);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const struct step *s = &steps[i];
		char *log = ej_asprintf("%s/%02zu-%s.log", logs, i + 2, s->args[0]);
		char *out = s->out ? ej_asprintf("%s/%s", dir, s->out) : NULL;
		int status, k;

		printf("[%2zu] %s: ejournal", i + 2, s->title);
		for (k = 0; s->args[k]; k++) {
			char *a = expand(s->args[k], dir, zip ? zip : "АРХИВ.zip");

			printf(" %s", a);
			free(a);
		}
		printf(" … ");
		fflush(stdout);
		if (!strcmp(s->args[0], "verify") && !zip) {
			printf("пропущено: архив не создан\n");
			skipped++;
			free(log);
			free(out);
			continue;
		}
		status = run_step(self, dir, db, cfg, s, zip, log, out);
		if (status == EJ_EUSAGE && log_says_no_command(log)) {
			printf("пропущено: команды «%s» в этой сборке нет\n", s->args[0]);
			skipped++;
		} else if (status >= 0 && status < 31 && (s->ok_mask & (1 << status))) {
			printf("готово%s\n", status == 1 ? " (есть замечания)" : "");
		} else {
			printf("ошибка (код %d), журнал: %s\n", status, log);
			print_log_tail(log);
			failed++;
		}
		if (!strcmp(s->args[0], "archive")) {
			free(zip);
			zip = find_zip(dir);
		}
		free(log);
		free(out);
	}
	printf("\n");
	list_files(dir);
	printf("\nШагов с ошибкой: %d, пропущено: %d.\n", failed, skipped);
	rc = failed ? EJ_EIO : 0;
done:
	free(data);
	free(db);
	free(cfg);
	free(logs);
	free(zip);
	return rc;
}
