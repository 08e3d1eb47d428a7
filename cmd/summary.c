/*
** summary.c — `ejournal summary`: the сводная ведомость workbook
** (documents.md §4).
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "options.h"
#include "docs/summary.h"
#include "util/atomic.h"
#include "util/xalloc.h"

static const char summary_usage[] =
	"usage: ejournal summary [--semester 1|2] [FILTERS] [--out FILE.xlsx]\n"
	"\n"
	"FILTERS: --group G | --department NAME\n"
	"A sheet per group (final marks, means, counts, missed hours) and an overview\n"
	"sheet with a chart.  Without --semester: the year's finals.  Default file:\n"
	"summary.xlsx (summary-N.xlsx with --semester N) in the current folder.\n";

enum { OPT_OUT = OPT_SCOPE_LAST + 1 };

int cmd_summary(int argc, char **argv, struct ej_ctx *ctx)
{
	static const struct option opts[] = {
		EJ_PERIOD_OPTIONS,
		EJ_FILTER_OPTIONS,
		{ "out", required_argument, NULL, OPT_OUT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ej_scope_opts so = { 0 };
	struct ej_err err = { 0 };
	const char *out = NULL;
	char *path;
	int opt, rc, status = 0;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'h')
			return ej_usage(summary_usage, true);
		if (opt == OPT_OUT) {
			out = optarg;
			continue;
		}
		rc = ej_scope_opt(&so, opt, optarg);
		if (rc < 0)
			return EJ_EUSAGE;
		if (rc == 0)
			return ej_usage(summary_usage, false);
	}
	if (optind < argc)
		return ej_failf(EJ_EUSAGE, "summary: unexpected argument «%s»", argv[optind]);
	if (so.month || so.from || so.to)
		return ej_failf(EJ_EUSAGE, "summary takes --semester 1|2 or no period (the year)");
	if (ej_scope_resolve(&so, &ctx->config, false))
		return EJ_EUSAGE;
	if ((rc = ej_open_db(ctx)))
		return rc;
	if (!so.semester) {   /* the whole year, finals of every semester */
		so.scope.from = ctx->config.semester[0].from;
		so.scope.to = ctx->config.semester[1].to;
	}
	if (out)
		path = ej_strdup(out);
	else if (so.semester)
		path = ej_asprintf("summary-%d.xlsx", so.semester);
	else
		path = ej_strdup("summary.xlsx");
	rc = ej_summary_write(ctx->db, &ctx->config, &so.scope, path, &err);
	if (rc)
		status = ej_fail(&err);
	else
		printf("%s\n", path);
	free(path);
	return status;
}
