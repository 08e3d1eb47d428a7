/*
** print.c — `ejournal print`: the printed journals of groups, one PDF each
** (documents.md §1).  With -j N the groups are shared among N worker
** processes; each writes its files atomically and reports one line per
** group back through a pipe, so the output order stays the groups' order.
*/
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "builtin.h"
#include "options.h"
#include "docs/journal.h"
#include "util/atomic.h"
#include "util/numwords.h"
#include "util/xalloc.h"

static const char usage[] =
	"usage: ejournal print [--semester 1|2] [--group G]... [--out DIR] [-j N] [--pdfa]\n"
	"\n"
	"Draw each group's journal of studies for the academic year (or one\n"
	"semester) as a landscape A4 PDF, DIR/<group>.pdf: title page, contents,\n"
	"grade grids and topics per discipline and subgroup, attendance, finals,\n"
	"and the certification sheet.  Without --group every group is printed.\n"
	"\n"
	"  --semester N  only semester 1 or 2 (file <group>-семN.pdf)\n"
	"  --group G     this group (repeatable)\n"
	"  --out DIR     folder for the files (default: the current folder)\n"
	"  -j N          print in N processes at once\n"
	"  --pdfa        archival PDF/A-1b even when [print] pdfa = no\n"
	"\n"
	"Prints one line per file: group, path, sheets, document identifier.\n"
	"Exit status: 0 all printed; 2 usage; 3 unknown group or no groups;\n"
	"4 a file could not be written (the other groups are still printed).\n";

struct job {
	const char *name;
	int64_t id;
	char *path;
	int status;               /* exit status for this group */
	int pages;
	long lessons;
	char doc_id[EJ_JOURNAL_ID_MAX];
	char msg[1100];
	bool done;
};

struct print_run {
	struct ej_ctx *ctx;
	struct ej_db *db;
	int semester;
	bool pdfa;
	struct job *jobs;
	size_t n;
};

static void run_one(struct print_run *r, struct job *j)
{
	struct ej_err err = { 0 };
	struct ej_journal_result res = { 0 };

	j->status = ej_journal_write(r->db, &r->ctx->config, j->id, r->semester, r->pdfa,
				     j->path, &res, &err);
	if (j->status) {
		snprintf(j->msg, sizeof(j->msg), "%s", err.msg[0] ? err.msg : "failed");
	} else {
		j->pages = res.pages;
		j->lessons = res.lessons;
		snprintf(j->doc_id, sizeof(j->doc_id), "%s", res.doc_id);
	}
	j->done = true;
}

/* Child: its own database connection; one report line per group on fd. */
static int worker(struct print_run *r, size_t w, size_t nw, int fd)
{
	struct ej_err err = { 0 };
	int worst = 0;

	r->db = ej_db_open(r->ctx->db_path, EJ_DB_EXISTING, &err);
	if (!r->db) {
		dprintf(fd, "E\t%s\n", err.msg);
		return err.code ? err.code : EJ_EIO;
	}
	for (size_t i = w; i < r->n; i += nw) {
		struct job *j = &r->jobs[i];
		char line[1400];
		int len;

		run_one(r, j);
		for (char *c = j->msg; *c; c++)
			if (*c == '\n' || *c == '\t')
				*c = ' ';
		/* one write below PIPE_BUF: lines of several workers never mix */
		len = snprintf(line, sizeof(line), "%zu\t%d\t%d\t%ld\t%s\t%s\n", i, j->status,
			       j->pages, j->lessons, j->doc_id, j->msg);
		if (len >= (int)sizeof(line) || len >= PIPE_BUF)
			len = snprintf(line, sizeof(line), "%zu\t%d\t%d\t%ld\t%s\t%.200s\n", i,
				       j->status, j->pages, j->lessons, j->doc_id, j->msg);
		if (write(fd, line, (size_t)len) != len)
			worst = EJ_EIO;
		if (j->status > worst)
			worst = j->status;
	}
	ej_db_close(r->db);
	return worst;
}

static void take_line(struct print_run *r, char *line, long *done)
{
	char *f[6] = { 0 };
	size_t nf = 0, i;
	char *end;

	for (char *p = line; nf < 6; ) {
		f[nf++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p++ = '\0';
	}
	if (nf < 6)
		return;
	i = strtoul(f[0], &end, 10);
	if (*end || i >= r->n)
		return;
	r->jobs[i].status = (int)strtol(f[1], NULL, 10);
	r->jobs[i].pages = (int)strtol(f[2], NULL, 10);
	r->jobs[i].lessons = strtol(f[3], NULL, 10);
	snprintf(r->jobs[i].doc_id, sizeof(r->jobs[i].doc_id), "%s", f[4]);
	snprintf(r->jobs[i].msg, sizeof(r->jobs[i].msg), "%s", f[5]);
	r->jobs[i].done = true;
	ej_progress(&r->ctx->progress, "печать журналов", ++*done, (long)r->n);
}

static int run_parallel(struct print_run *r, size_t nw)
{
	int fds[2], worst = 0, st;
	pid_t *pids = ej_calloc(nw, sizeof(pid_t));
	char buf[8192], acc[16384];
	size_t alen = 0;
	long done = 0;
	ssize_t k;

	if (pipe(fds) != 0) {
		free(pids);
		return ej_failf(EJ_EIO, "pipe: %s", strerror(errno));
	}
	fflush(NULL);
	for (size_t w = 0; w < nw; w++) {
		pids[w] = fork();
		if (pids[w] < 0) {
			worst = ej_failf(EJ_EIO, "fork: %s", strerror(errno));
			nw = w;
			break;
		}
		if (pids[w] == 0) {
			close(fds[0]);
			free(pids);
			/* the parent's database handle is left untouched */
			_exit(worker(r, w, nw, fds[1]));
		}
	}
	close(fds[1]);
	while ((k = read(fds[0], buf, sizeof(buf))) != 0) {
		if (k < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (ssize_t i = 0; i < k; i++) {
			if (buf[i] == '\n') {
				acc[alen] = '\0';
				if (acc[0] == 'E' && acc[1] == '\t')
					worst = ej_failf(EJ_EIO, "%s", acc + 2);
				else
					take_line(r, acc, &done);
				alen = 0;
			} else if (alen + 1 < sizeof(acc)) {
				acc[alen++] = buf[i];
			}
		}
	}
	close(fds[0]);
	for (size_t w = 0; w < nw; w++) {
		if (waitpid(pids[w], &st, 0) < 0)
			continue;
		if (WIFEXITED(st) && WEXITSTATUS(st) > worst)
			worst = WEXITSTATUS(st);
		else if (!WIFEXITED(st))
			worst = ej_failf(EJ_EIO, "a print worker died (signal %d)",
					 WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	}
	free(pids);
	for (size_t i = 0; i < r->n; i++)
		if (!r->jobs[i].done) {
			r->jobs[i].status = EJ_EIO;
			snprintf(r->jobs[i].msg, sizeof(r->jobs[i].msg), "%s: not printed",
				 r->jobs[i].path);
		}
	return worst;
}

int cmd_print(int argc, char **argv, struct ej_ctx *ctx)
{
	static const struct option opts[] = {
		{ "semester", required_argument, NULL, 's' },
		{ "group", required_argument, NULL, 'g' },
		{ "out", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "pdfa", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct print_run r = { 0 };
	struct ej_err err = { 0 };
	const char **groups = NULL;
	size_t ngroups = 0, ngalloc = 0, n = 0;
	const char *out = ".";
	long jobs = 1;
	int64_t *ids = NULL;
	char **names = NULL, *end;
	int opt, rc, status = 0;

	r.ctx = ctx;
	r.pdfa = ctx->config.print_pdfa;
	while ((opt = getopt_long(argc, argv, "j:h", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (strcmp(optarg, "1") && strcmp(optarg, "2")) {
				free(groups);
				ej_failf(EJ_EUSAGE, "--semester: 1 or 2, not «%s»", optarg);
				return ej_usage(usage, false);
			}
			r.semester = optarg[0] - '0';
			break;
		case 'g':
			EJ_GROW(groups, ngroups + 1, ngalloc);
			groups[ngroups++] = optarg;
			break;
		case 'o':
			out = ej_dir_arg(optarg);
			break;
		case 'j':
			jobs = strtol(optarg, &end, 10);
			if (*end || jobs < 1 || jobs > 256) {
				free(groups);
				ej_failf(EJ_EUSAGE, "-j: a number of processes 1…256, not «%s»", optarg);
				return ej_usage(usage, false);
			}
			break;
		case 'A':
			r.pdfa = true;
			break;
		case 'h':
			free(groups);
			return ej_usage(usage, true);
		default:
			free(groups);
			return ej_usage(usage, false);
		}
	}
	if (optind < argc) {
		free(groups);
		ej_failf(EJ_EUSAGE, "unexpected argument «%s»", argv[optind]);
		return ej_usage(usage, false);
	}
	if ((rc = ej_open_db(ctx))) {
		free(groups);
		return rc;
	}
	if (ej_journal_groups(ctx->db, groups, ngroups, &ids, &names, &n, &err)) {
		free(groups);
		return ej_fail(&err);
	}
	free(groups);
	if (n == 0) {
		ej_failf(EJ_EDATA, "no groups in the database %s: import the exports first",
			 ctx->db_path);
		status = EJ_EDATA;
		goto done;
	}
	if (ej_mkdirs(out, 0755, &err)) {
		status = ej_fail(&err);
		goto done;
	}
	r.n = n;
	r.jobs = ej_calloc(n, sizeof(*r.jobs));
	for (size_t i = 0; i < n; i++) {
		char *file = ej_journal_file_name(names[i], r.semester);
		r.jobs[i].name = names[i];
		r.jobs[i].id = ids[i];
		r.jobs[i].path = ej_asprintf("%s/%s", out, file);
		free(file);
	}
	if (jobs > 1 && n > 1) {
		status = run_parallel(&r, (size_t)jobs < n ? (size_t)jobs : n);
	} else {
		r.db = ctx->db;
		for (size_t i = 0; i < n; i++) {
			run_one(&r, &r.jobs[i]);
			ej_progress(&ctx->progress, "печать журналов", (long)i + 1, (long)n);
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct job *j = &r.jobs[i];
		if (j->status) {
			ej_failf(j->status, "%s", j->msg);
			if (j->status > status)
				status = j->status;
			continue;
		}
		printf("%s\t%s\t%d\t%s\n", j->name, j->path, j->pages, j->doc_id);
		/* An empty journal usually means [year] does not match the data. */
		if (j->lessons == 0)
			ej_diag(&ctx->diag, EJ_DIAG_WARNING,
				"%s: в журнале группы %s нет занятий за %s (проверьте [year] в "
				"конфигурации: %s)", j->path, j->name,
				r.semester ? (r.semester == 1 ? "1 семестр" : "2 семестр") : "учебный год",
				ctx->config.year_name ? ctx->config.year_name : "?");
	}
	if (!ctx->quiet) {
		long pages = 0, ok = 0;
		for (size_t i = 0; i < n; i++)
			if (!r.jobs[i].status) {
				pages += r.jobs[i].pages;
				ok++;
			}
		fprintf(stderr, "ejournal: напечатано журналов: %ld из %zu, %ld %s%s\n", ok, n,
			pages, ej_plural(pages, "лист", "листа", "листов"),
			r.pdfa ? " (PDF/A-1b)" : "");
	}
done:
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
		if (r.jobs)
			free(r.jobs[i].path);
	}
	free(names);
	free(ids);
	free(r.jobs);
	return status;
}
