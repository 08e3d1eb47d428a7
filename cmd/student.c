/*
** student.c — `ejournal student`: a PDF for parents per student
** (documents.md §5).  Personal data: files are written with mode 0600.
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "options.h"
#include "docs/student.h"
#include "util/atomic.h"
#include "util/xalloc.h"

static const char student_usage[] =
	"usage: ejournal student (--student ID | --group G) [PERIOD] [--out DIR]\n"
	"\n"
	"PERIOD: --month YYYY-MM | --semester 1|2 | --from DATE --to DATE (default: the\n"
	"year so far).  Writes DIR/<group>/<Фамилия_И_О>-<ID>.pdf (folders 0700, files\n"
	"0600; DIR defaults to ./student): one file for --student, one per student of\n"
	"the group for --group.\n";

enum { OPT_OUT = OPT_SCOPE_LAST + 1, OPT_STUDENT };

int cmd_student(int argc, char **argv, struct ej_ctx *ctx)
{
	static const struct option opts[] = {
		EJ_PERIOD_OPTIONS,
		EJ_FILTER_OPTIONS,
		{ "student", required_argument, NULL, OPT_STUDENT },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ej_scope_opts so = { 0 };
	struct ej_err err = { 0 };
	struct ej_student_list list = { 0 };
	struct ej_student_cache *cache = NULL;
	const char *out = "student", *student = NULL;
	int opt, rc, status = 0;
	size_t i;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'h')
			return ej_usage(student_usage, true);
		if (opt == OPT_OUT) {
			out = ej_dir_arg(optarg);
			continue;
		}
		if (opt == OPT_STUDENT) {
			student = optarg;
			continue;
		}
		rc = ej_scope_opt(&so, opt, optarg);
		if (rc < 0)
			return EJ_EUSAGE;
		if (rc == 0)
			return ej_usage(student_usage, false);
	}
	if (optind < argc)
		return ej_failf(EJ_EUSAGE, "student: unexpected argument «%s»", argv[optind]);
	if (!student == !so.scope.group)
		return ej_failf(EJ_EUSAGE, "student needs exactly one of --student ID or --group G");
	if (so.scope.teacher || so.scope.department || so.scope.discipline)
		return ej_failf(EJ_EUSAGE, "student takes --student or --group, and a period");
	if (ej_scope_resolve(&so, &ctx->config, false))
		return EJ_EUSAGE;
	if ((rc = ej_open_db(ctx)))
		return rc;
	if (ej_student_find(ctx->db, &so.scope, student, &list, &err))
		return ej_fail(&err);
	cache = ej_student_cache_new();
	for (i = 0; i < list.n && !status; i++) {
		char *path = ej_asprintf("%s/%s", out, list.v[i].file);
		char *slash = strrchr(path, '/');

		*slash = '\0';
		rc = ej_mkdirs(path, 0700, &err);
		*slash = '/';
		if (!rc)
			rc = ej_student_write(ctx->db, &ctx->config, &so.scope, &list.v[i], path, cache,
					      &err);
		if (rc)
			status = ej_fail(&err);
		else
			printf("%s\n", path);
		ej_progress(&ctx->progress, "student", (long)i + 1, (long)list.n);
		free(path);
	}
	ej_student_cache_free(cache);
	ej_student_list_release(&list);
	return status;
}
