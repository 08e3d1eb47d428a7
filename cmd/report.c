/*
** report.c — `ejournal report monthly|semester`: the monthly compliance
** report and the semester справка, each as PDF and XLSX (documents.md §2–3).
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "options.h"
#include "docs/monthly.h"
#include "docs/semester.h"
#include "util/atomic.h"
#include "util/xalloc.h"

static const char report_usage[] =
	"usage: ejournal report monthly --month YYYY-MM [FILTERS] [--out DIR] [--format pdf|xlsx|both]\n"
	"       ejournal report semester --semester 1|2 [FILTERS] [--out DIR] [--format pdf|xlsx|both]\n"
	"\n"
	"FILTERS: --group G | --teacher NAME | --department NAME | --discipline D\n"
	"Writes monthly-YYYY-MM.pdf/.xlsx or semester-N.pdf/.xlsx into DIR (default:\n"
	"the current folder).  Wording comes from templates/reports.txt.\n";

enum { OPT_OUT = OPT_SCOPE_LAST + 1, OPT_FORMAT };

int cmd_report(int argc, char **argv, struct ej_ctx *ctx)
{
	static const struct option opts[] = {
		EJ_PERIOD_OPTIONS,
		EJ_FILTER_OPTIONS,
		{ "out", required_argument, NULL, OPT_OUT },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ej_scope_opts so = { 0 };
	struct ej_err err = { 0 };
	const char *out = ".", *kind, *format = "both";
	char *pdf = NULL, *xlsx = NULL, base[64];
	int opt, rc, status = 0;
	bool monthly;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return ej_usage(report_usage, argc >= 2);
	kind = argv[1];
	if (strcmp(kind, "monthly") && strcmp(kind, "semester")) {
		ej_failf(EJ_EUSAGE, "report: unknown report «%s» (monthly or semester)", kind);
		return ej_usage(report_usage, false);
	}
	monthly = !strcmp(kind, "monthly");
	argc--;
	argv++;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'h')
			return ej_usage(report_usage, true);
		if (opt == OPT_OUT) {
			out = ej_dir_arg(optarg);
			continue;
		}
		if (opt == OPT_FORMAT) {
			format = optarg;
			if (strcmp(format, "pdf") && strcmp(format, "xlsx") && strcmp(format, "both"))
				return ej_failf(EJ_EUSAGE, "--format takes pdf, xlsx or both");
			continue;
		}
		rc = ej_scope_opt(&so, opt, optarg);
		if (rc < 0)
			return EJ_EUSAGE;
		if (rc == 0)
			return ej_usage(report_usage, false);
	}
	if (optind < argc)
		return ej_failf(EJ_EUSAGE, "report: unexpected argument «%s»", argv[optind]);
	if (monthly && !so.month)
		return ej_failf(EJ_EUSAGE, "report monthly needs --month YYYY-MM");
	if (!monthly && !so.semester)
		return ej_failf(EJ_EUSAGE, "report semester needs --semester 1|2");
	if (ej_scope_resolve(&so, &ctx->config, false))
		return EJ_EUSAGE;
	if ((rc = ej_open_db(ctx)))
		return rc;
	if (ej_mkdirs(out, 0755, &err))
		return ej_fail(&err);
	if (monthly)
		snprintf(base, sizeof(base), "monthly-%s", so.month);
	else
		snprintf(base, sizeof(base), "semester-%d", so.semester);
	if (strcmp(format, "xlsx"))
		pdf = ej_asprintf("%s/%s.pdf", out, base);
	if (strcmp(format, "pdf"))
		xlsx = ej_asprintf("%s/%s.xlsx", out, base);
	rc = monthly ? ej_monthly_write(ctx->db, &ctx->config, &so.scope, pdf, xlsx, &err)
		     : ej_semester_write(ctx->db, &ctx->config, &so.scope, pdf, xlsx, &err);
	if (rc) {
		status = ej_fail(&err);
	} else {
		if (pdf)
			printf("%s\n", pdf);
		if (xlsx)
			printf("%s\n", xlsx);
	}
	free(pdf);
	free(xlsx);
	return status;
}
