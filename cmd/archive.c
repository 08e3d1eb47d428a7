/*
** archive.c — `ejournal archive`, `ejournal verify`, `ejournal restore`
** (documents.md §6; regulation §2.1.7, §3.5).  Thin: options → lib/archive
** → messages and exit status.
*/
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "archive/archive.h"
#include "builtin.h"
#include "options.h"
#include "docs/journal.h"
#include "docs/semester.h"
#include "docs/summary.h"
#include "store/scope.h"
#include "util/atomic.h"
#include "util/date.h"
#include "util/numwords.h"
#include "util/xalloc.h"

#ifndef EJ_VERSION
#define EJ_VERSION "unknown"
#endif

static const char archive_usage[] =
	"usage: ejournal archive --to DIR [--to DIR]... [--include FILE]... [--no-documents]\n"
	"                        [-j N]\n"
	"\n"
	"Записывает архив учебного года ejournal-ГГГГ-ГГГГ.zip в каждый DIR (§2.1.7):\n"
	"журналы групп (PDF/A), справки за семестры, сводную ведомость, сжатую копию\n"
	"базы данных (db/ejournal.db.gz), metadata.json и SHA256SUMS.  Каждая копия пишется под временным именем, сбрасывается на\n"
	"диск, читается обратно и проверяется, и только потом получает своё имя.\n"
	"\n"
	"  --to DIR        папка назначения (можно несколько: несколько носителей)\n"
	"  --include FILE  добавить в архив файл FILE как extra/ИМЯ\n"
	"  --no-documents  без документов: только база, --include, списки\n"
	"  -j N            журналы групп в N процессах (по умолчанию — число ядер)\n"
	"\n"
	"Время архива: сейчас, или $SOURCE_DATE_EPOCH (одинаковое содержимое даёт\n"
	"одинаковые байты).  Выводит путь каждой записанной копии.\n"
	"Exit status: 0 все копии записаны и проверены; 4 хотя бы одна не записана\n"
	"(остальные сохранены); 2 ошибка в параметрах.\n";

static const char verify_usage[] =
	"usage: ejournal verify ARCHIVE.zip...\n"
	"\n"
	"Проверяет копию архива: каждый файл читается, его SHA-256 совпадает с\n"
	"SHA256SUMS, нет отсутствующих, лишних или изменённых файлов.\n"
	"Exit status: 0 архив цел; 1 архив повреждён (файлы названы); 4 не читается;\n"
	"2 ошибка в параметрах.\n";

static const char restore_usage[] =
	"usage: ejournal restore ARCHIVE.zip --db FILE [--out DIR] [--force]\n"
	"\n"
	"Проверяет архив и восстанавливает из него базу данных в FILE (права 0600),\n"
	"если PRAGMA integrity_check её принимает.\n"
	"\n"
	"  --db FILE   куда восстановить базу (существующая не заменяется без --force)\n"
	"  --out DIR   извлечь и остальные файлы архива (документы) в DIR\n"
	"  --force     заменить существующую базу и файлы\n"
	"\n"
	"Exit status: 0 восстановлено; 1 архив повреждён; 2 ошибка в параметрах или\n"
	"цель уже существует; 3 база в архиве не принята; 4 ошибка ввода-вывода.\n";

/* A document producer: write the document to path, its identifier (or "")
** into doc_id.  add_doc() runs one and adds the file to the spec. */
typedef int (*doc_fn)(struct ej_ctx *ctx, const void *arg, const char *path,
		      char *doc_id, size_t idsize, struct ej_err *err);

/* One group's journal to produce (in this process or a worker). */
struct jjob {
	int64_t group_id;
	char *member;                   /* "journals/ИСП-21.pdf" */
	char *path;                     /* workdir/member */
	int status;
	bool done;
	char doc_id[EJ_JOURNAL_ID_MAX];
	char msg[sizeof(((struct ej_err *)0)->msg)];
};

static void journal_one(struct ej_db *db, const struct ej_config *cfg, struct jjob *j)
{
	struct ej_journal_result res;
	struct ej_err err = { 0 };
	char *c;

	memset(&res, 0, sizeof(res));
	/* §3.5: the archival copy is PDF/A-1b whatever [print] pdfa says. */
	j->status = ej_journal_write(db, cfg, j->group_id, 0, true, j->path, &res, &err);
	if (j->status)
		snprintf(j->msg, sizeof(j->msg), "%s", err.msg[0] ? err.msg : "не удалось");
	else
		snprintf(j->doc_id, sizeof(j->doc_id), "%s", res.doc_id);
	for (c = j->msg; *c; c++)       /* one line per job on the pipe */
		if (*c == '\n' || *c == '\t')
			*c = ' ';
	j->done = true;
}

/* A worker process: its own connection, one line per job, each line one
** write() shorter than PIPE_BUF so lines of several workers never mix. */
static int journal_worker(struct ej_ctx *ctx, struct jjob *jobs, size_t n, size_t w,
			  size_t nw, int fd)
{
	struct ej_err err = { 0 };
	struct ej_db *db = ej_db_open(ctx->db_path, EJ_DB_EXISTING, &err);
	size_t i;

	if (!db) {
		dprintf(fd, "E\t%.1000s\n", err.msg);
		return EJ_EIO;
	}
	for (i = w; i < n; i += nw) {
		char line[1024];
		int len;

		journal_one(db, &ctx->config, &jobs[i]);
		len = snprintf(line, sizeof(line), "%zu\t%d\t%s\t%.700s\n", i, jobs[i].status,
			       jobs[i].doc_id, jobs[i].msg);
		if (len < 0 || len >= (int)sizeof(line) || write(fd, line, (size_t)len) != len)
			break;
	}
	ej_db_close(db);
	return EJ_OK;
}

/* Take a worker's line "i TAB status TAB doc_id TAB msg" into jobs[i]. */
static void take_line(char *line, struct jjob *jobs, size_t n, long *done, struct ej_ctx *ctx)
{
	char *f[4], *p = line, *end;
	size_t nf = 0, i;

	while (nf < 4) {
		f[nf++] = p;
		if (nf < 4 && !(p = strchr(p, '\t')))
			return;
		if (nf < 4)
			*p++ = '\0';
	}
	i = strtoul(f[0], &end, 10);
	if (*end || i >= n || jobs[i].done)
		return;
	jobs[i].status = (int)strtol(f[1], NULL, 10);
	snprintf(jobs[i].doc_id, sizeof(jobs[i].doc_id), "%s", f[2]);
	snprintf(jobs[i].msg, sizeof(jobs[i].msg), "%s", f[3]);
	jobs[i].done = true;
	ej_progress(&ctx->progress, "журналы групп", ++*done, (long)n);
}

/*
** Produce the journals with nw worker processes (print -j does the same):
** the groups are dealt round-robin; the parent's connection is never used
** in a child.  Returns EJ_OK when every worker reported; jobs not reported
** (a worker that died) are marked failed.
*/
static int journals_parallel(struct ej_ctx *ctx, struct jjob *jobs, size_t n, size_t nw)
{
	pid_t *pids = ej_calloc(nw, sizeof(*pids)), parent = getpid();
	char buf[4096], acc[2048];
	size_t alen = 0, w, i;
	long done = 0;
	int fds[2], st, rc = EJ_OK;
	ssize_t k;

	if (pipe(fds) != 0) {
		free(pids);
		return ej_failf(EJ_EIO, "pipe: %s", strerror(errno));
	}
	(void)parent;
	fflush(NULL);
	for (w = 0; w < nw; w++) {
		pids[w] = fork();
		if (pids[w] < 0) {
			rc = ej_failf(EJ_EIO, "fork: %s", strerror(errno));
			break;
		}
		if (pids[w] == 0) {
			close(fds[0]);
#ifdef __linux__
			/* A killed archive run takes its workers with it. */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != parent)
				_exit(EJ_EIO);
#endif
			_exit(journal_worker(ctx, jobs, n, w, nw, fds[1]));
		}
	}
	nw = w;
	close(fds[1]);
	while ((k = read(fds[0], buf, sizeof(buf))) != 0) {
		if (k < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < (size_t)k; i++) {
			if (buf[i] != '\n') {
				if (alen + 1 < sizeof(acc))
					acc[alen++] = buf[i];
				continue;
			}
			acc[alen] = '\0';
			alen = 0;
			if (acc[0] == 'E' && acc[1] == '\t')
				rc = ej_failf(EJ_EIO, "%s", acc + 2);
			else
				take_line(acc, jobs, n, &done, ctx);
		}
	}
	close(fds[0]);
	for (w = 0; w < nw; w++)
		if (waitpid(pids[w], &st, 0) == pids[w] && !WIFEXITED(st))
			rc = ej_failf(EJ_EIO, "процесс печати журналов завершён сигналом %d",
				      WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	free(pids);
	for (i = 0; i < n; i++)
		if (!jobs[i].done) {
			jobs[i].status = EJ_EIO;
			snprintf(jobs[i].msg, sizeof(jobs[i].msg), "не создан");
			jobs[i].done = true;
		}
	return rc;
}

/* Every group's journal into workdir/journals, added in group order. */
static int collect_journals(struct ej_archive_spec *spec, const char *workdir, long njobs,
			    struct ej_ctx *ctx, struct ej_err *err)
{
	int64_t *ids = NULL;
	char **names = NULL;
	struct jjob *jobs;
	size_t n = 0, i;
	char *dir;
	int rc;

	if ((rc = ej_journal_groups(ctx->db, NULL, 0, &ids, &names, &n, err)))
		return rc;
	jobs = ej_calloc(n + 1, sizeof(*jobs));
	for (i = 0; i < n; i++) {
		char *file = ej_journal_file_name(names[i], 0);
		jobs[i].group_id = ids[i];
		jobs[i].member = ej_asprintf("journals/%s", file);
		jobs[i].path = ej_asprintf("%s/%s", workdir, jobs[i].member);
		free(file);
	}
	dir = ej_asprintf("%s/journals", workdir);
	rc = ej_mkdirs(dir, 0700, err);
	free(dir);
	if (rc == EJ_OK && njobs > 1 && n > 1) {
		if (journals_parallel(ctx, jobs, n, (size_t)njobs < n ? (size_t)njobs : n))
			rc = ej_err_set(err, EJ_EIO, "журналы групп не созданы");
	} else if (rc == EJ_OK) {
		for (i = 0; i < n; i++) {
			ej_progress(&ctx->progress, "журналы групп", (long)i, (long)n);
			journal_one(ctx->db, &ctx->config, &jobs[i]);
			if (jobs[i].status)
				break;
		}
		ej_progress(&ctx->progress, "журналы групп", (long)n, (long)n);
	}
	for (i = 0; i < n && rc == EJ_OK; i++) {
		if (jobs[i].status)
			rc = ej_err_set(err, jobs[i].status, "%s: %s", jobs[i].member, jobs[i].msg);
		else
			rc = ej_archive_add(spec, jobs[i].member, jobs[i].path, jobs[i].doc_id, err);
	}
	for (i = 0; i < n; i++) {
		free(jobs[i].member);
		free(jobs[i].path);
		free(names[i]);
	}
	free(jobs);
	free(names);
	free(ids);
	return rc;
}

static int make_semester(struct ej_ctx *ctx, const void *varg, const char *path,
			 char *doc_id, size_t idsize, struct ej_err *err)
{
	const struct ej_scope *sc = varg;
	size_t len = strlen(path);
	char *xlsx;
	int rc;

	(void)idsize;
	doc_id[0] = '\0';
	/* path is "….pdf": the workbook goes beside it as "….xlsx". */
	xlsx = ej_asprintf("%.*s.xlsx", (int)(len > 4 ? len - 4 : len), path);
	rc = ej_semester_write(ctx->db, &ctx->config, sc, path, xlsx, err);
	free(xlsx);
	return rc;
}

static int make_summary(struct ej_ctx *ctx, const void *varg, const char *path,
			char *doc_id, size_t idsize, struct ej_err *err)
{
	(void)idsize;
	doc_id[0] = '\0';
	return ej_summary_write(ctx->db, &ctx->config, varg, path, err);
}

static int add_doc(struct ej_archive_spec *spec, const char *workdir, const char *member,
		   doc_fn fn, const void *arg, struct ej_ctx *ctx, struct ej_err *err)
{
	char *path = ej_asprintf("%s/%s", workdir, member);
	char *dir = ej_strdup(path);
	char doc_id[256];
	int rc;

	*strrchr(dir, '/') = '\0';
	rc = ej_mkdirs(dir, 0700, err);
	if (rc == EJ_OK)
		rc = fn(ctx, arg, path, doc_id, sizeof(doc_id), err);
	if (rc != EJ_OK)
		ej_err_prefix(err, "%s", member);
	else
		rc = ej_archive_add(spec, member, path, doc_id, err);
	free(dir);
	free(path);
	return rc;
}

/*
** The documents collector (documents.md §6; regulation §3.5): every group's
** printed journal for the year (PDF/A), the two semester inspection reports
** (PDF + XLSX) and the year's summary workbook, produced into workdir and
** added with their document identifiers.  The semester reports' workbooks
** are added beside their PDFs.
*/
static int collect_documents(struct ej_archive_spec *spec, const char *workdir, long njobs,
			     struct ej_ctx *ctx, struct ej_err *err)
{
	const struct ej_config *cfg = &ctx->config;
	struct ej_scope sc;
	int rc, s;

	rc = collect_journals(spec, workdir, njobs, ctx, err);
	for (s = 1; s <= 2 && rc == EJ_OK; s++) {
		char member[64];

		memset(&sc, 0, sizeof(sc));
		sc.from = cfg->semester[s - 1].from;
		sc.to = cfg->semester[s - 1].to;
		sc.semester = s;
		sc.whole_semester_end = true;
		snprintf(member, sizeof(member), "reports/semester-%d.pdf", s);
		rc = add_doc(spec, workdir, member, make_semester, &sc, ctx, err);
		if (rc == EJ_OK) {
			char *xpath, xmember[64];
			snprintf(xmember, sizeof(xmember), "reports/semester-%d.xlsx", s);
			xpath = ej_asprintf("%s/%s", workdir, xmember);
			rc = ej_archive_add(spec, xmember, xpath, NULL, err);
			free(xpath);
		}
	}
	if (rc == EJ_OK) {
		memset(&sc, 0, sizeof(sc));
		sc.from = cfg->semester[0].from;
		sc.to = cfg->semester[1].to;
		sc.whole_semester_end = true;
		rc = add_doc(spec, workdir, "summary/summary.xlsx", make_summary, &sc, ctx, err);
	}
	return rc;
}

static time_t archive_time(void)
{
	long long v;

	return ej_source_date_epoch(&v) ? (time_t)v : time(NULL);
}

int cmd_archive(int argc, char **argv, struct ej_ctx *ctx)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "include", required_argument, NULL, 'i' },
		{ "no-documents", no_argument, NULL, 'n' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char **dests = ej_calloc((size_t)argc + 1, sizeof(*dests));
	const char **incl = ej_calloc((size_t)argc + 1, sizeof(*incl));
	struct ej_archive_spec spec;
	struct ej_err err = { 0 };
	size_t ndest = 0, nincl = 0, i;
	char *workdir = NULL, *name = NULL;
	int opt, status = 0, failed = 0;
	bool documents = true;
	long njobs = sysconf(_SC_NPROCESSORS_ONLN);
	char *end;

	ej_archive_spec_init(&spec, NULL, 0, NULL);
	while ((opt = getopt_long(argc, argv, "hj:", opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			njobs = strtol(optarg, &end, 10);
			if (*end || njobs < 1 || njobs > 256) {
				ej_failf(EJ_EUSAGE, "-j: число процессов 1…256, не «%s»", optarg);
				status = ej_usage(archive_usage, false);
				goto out;
			}
			break;
		case 't': dests[ndest++] = ej_dir_arg(optarg); break;
		case 'i': incl[nincl++] = optarg; break;
		case 'n': documents = false; break;
		case 'h': status = ej_usage(archive_usage, true); goto out;
		default: status = ej_usage(archive_usage, false); goto out;
		}
	}
	if (optind < argc || ndest == 0) {
		if (ndest == 0)
			fputs("ejournal: archive: нужен хотя бы один --to DIR\n", stderr);
		status = ej_usage(archive_usage, false);
		goto out;
	}
	if ((status = ej_open_db(ctx)))
		goto out;
	/* A full disk or `ulimit -f` must give an error we clean up after,
	** not a signal that leaves the temporary behind. */
	signal(SIGXFSZ, SIG_IGN);

	ej_archive_spec_release(&spec);
	ej_archive_spec_init(&spec, ctx->config.year_name, archive_time(), EJ_VERSION);
	if (!ctx->config.institution_is_default && ctx->config.inst_short)
		spec.institution = ej_strdup(ctx->config.inst_short);
	spec.progress = &ctx->progress;

	/* Leftovers of an archive run that was killed. */
	ej_archive_clean_stale(NULL);
	for (i = 0; i < ndest; i++)
		ej_archive_clean_stale(dests[i]);

	workdir = ej_archive_workdir_new(&err);
	if (!workdir) {
		status = ej_fail(&err);
		goto out;
	}
	if (documents && (status = collect_documents(&spec, workdir, njobs, ctx, &err))) {
		status = ej_fail(&err);
		goto out;
	}
	for (i = 0; i < nincl; i++) {
		const char *base = strrchr(incl[i], '/');
		char *member = ej_asprintf("extra/%s", base ? base + 1 : incl[i]);
		int rc = ej_archive_add(&spec, member, incl[i], NULL, &err);
		free(member);
		if (rc) {
			status = ej_fail(&err);
			goto out;
		}
	}
	if (ej_archive_add_db(&spec, ctx->db, workdir, &err)) {
		status = ej_fail(&err);
		goto out;
	}
	name = ej_archive_filename(spec.year);
	for (i = 0; i < ndest; i++) {
		ej_err_clear(&err);
		if (ej_archive_write(&spec, dests[i], &err)) {
			ej_failf(EJ_EIO, "%s/%s: копия не записана: %s", dests[i], name, err.msg);
			failed++;
			continue;
		}
		printf("%s/%s\n", dests[i], name);
	}
	if (failed) {
		if ((size_t)failed < ndest)
			ej_failf(EJ_EIO, "записано копий: %zu из %zu", ndest - (size_t)failed, ndest);
		status = EJ_EIO;
	}
out:
	if (workdir)
		ej_archive_workdir_remove(workdir);
	free(workdir);
	free(name);
	ej_archive_spec_release(&spec);
	free(dests);
	free(incl);
	return status;
}

/* Print every problem of a damaged copy, one line each. */
static void print_problems(const char *path, const struct ej_archive_check *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		const struct ej_archive_problem *p = &c->v[i];
		if (p->member)
			fprintf(stderr, "ejournal: %s: «%s»: %s%s%s\n", path, p->member,
				ej_archive_problem_name(p->kind), p->detail ? ": " : "",
				p->detail ? p->detail : "");
		else
			fprintf(stderr, "ejournal: %s: %s%s%s\n", path,
				ej_archive_problem_name(p->kind), p->detail ? ": " : "",
				p->detail ? p->detail : "");
	}
}

int cmd_verify(int argc, char **argv, struct ej_ctx *ctx)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int opt, status = 0, i;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h': return ej_usage(verify_usage, true);
		default: return ej_usage(verify_usage, false);
		}
	}
	if (optind >= argc)
		return ej_usage(verify_usage, false);
	for (i = optind; i < argc; i++) {
		struct ej_archive_check chk;
		struct ej_err err = { 0 };
		int rc;

		ej_archive_check_init(&chk);
		rc = ej_archive_verify(argv[i], &chk, &ctx->progress, &err);
		if (rc == EJ_OK) {
			printf("%s: цел: %zu %s, %lld %s, SHA-256 совпадают\n", argv[i],
			       chk.members, ej_plural((long)chk.members, "файл", "файла", "файлов"),
			       chk.bytes, ej_plural((long)(chk.bytes % 1000000), "байт", "байта", "байт"));
		} else if (rc == EJ_EFOUND) {
			print_problems(argv[i], &chk);
			fprintf(stderr, "ejournal: %s: архив повреждён\n", argv[i]);
		} else {
			ej_fail(&err);
		}
		if (rc > status)
			status = rc;
		ej_archive_check_release(&chk);
	}
	return status;
}

int cmd_restore(int argc, char **argv, struct ej_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ej_restore_opts o = { 0 };
	struct ej_archive_check chk;
	struct ej_err err = { 0 };
	const char *zip;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd': o.db_path = optarg; break;
		case 'o': o.out_dir = ej_dir_arg(optarg); break;
		case 'f': o.force = true; break;
		case 'h': return ej_usage(restore_usage, true);
		default: return ej_usage(restore_usage, false);
		}
	}
	if (optind != argc - 1 || !o.db_path) {
		if (!o.db_path)
			fputs("ejournal: restore: нужен --db FILE\n", stderr);
		return ej_usage(restore_usage, false);
	}
	zip = argv[optind];
	signal(SIGXFSZ, SIG_IGN);
	o.progress = &ctx->progress;
	ej_archive_check_init(&chk);
	rc = ej_archive_restore(zip, &o, &chk, &err);
	if (rc == EJ_EFOUND && chk.n) {
		print_problems(zip, &chk);
		ej_failf(rc, "%s: архив повреждён: база данных не восстановлена", zip);
	} else if (rc) {
		ej_fail(&err);
	} else {
		printf("%s\n", o.db_path);
		if (o.out_dir)
			printf("%s\n", o.out_dir);
	}
	ej_archive_check_release(&chk);
	return rc;
}
