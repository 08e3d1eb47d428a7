/*
** import.c — `ejournal import [--kind K] [--encoding E] [--delimiter D]
** [--as-of TIME] [--lenient] PATH...` (cli.md; formats.md).
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "input/import.h"

static const char usage_text[] =
	"usage: ejournal import [--kind K] [--encoding E] [--delimiter D] [--as-of TIME]\n"
	"                       [--lenient] PATH...\n"
	"\n"
	"Import journal exports (CSV files, or folders of *.csv) as one batch.\n"
	"  --kind K        teachers|groups|students|curriculum|plan|schedule|lessons|\n"
	"                  marks|finals|grid (default: recognised from the header)\n"
	"  --encoding E    utf-8|cp1251|utf-16 (default: detected)\n"
	"  --delimiter D   ';' ',' or 'tab' (default: sniffed from the header)\n"
	"  --as-of TIME    the export time (default: «Дата выгрузки», else file times)\n"
	"  --lenient       import the good rows; write the rejected ones to\n"
	"                  FILE.rejected.csv\n"
	"Exit status: 0 imported (or already imported), 2 usage, 3 input rejected\n"
	"(the database is unchanged), 4 I/O error.  See docs/formats.md.\n";

int cmd_import(int argc, char **argv, struct ej_ctx *ctx)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "lenient", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ej_import_opts o;
	struct ej_import_result res;
	struct ej_err err = { 0 };
	size_t i, shown;
	long kinds_rows[EJ_KIND_COUNT] = { 0 };
	int kinds_files[EJ_KIND_COUNT] = { 0 };
	int opt, rc, k;

	memset(&o, 0, sizeof(o));
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'k':
			if ((o.kind = ej_kind_parse(optarg)) == EJ_KIND_NONE)
				return ej_failf(EJ_EUSAGE, "--kind: unknown kind «%s» (teachers, groups, "
						"students, curriculum, plan, schedule, lessons, marks, "
						"finals, grid)", optarg);
			break;
		case 'e':
			if (ej_enc_parse(optarg, &o.encoding))
				return ej_failf(EJ_EUSAGE, "--encoding: unknown encoding «%s» "
						"(utf-8, cp1251, utf-16)", optarg);
			break;
		case 'd':
			if (!strcmp(optarg, "tab") || !strcmp(optarg, "\\t") || !strcmp(optarg, "\t"))
				o.delimiter = '\t';
			else if (!strcmp(optarg, ";") || !strcmp(optarg, ","))
				o.delimiter = optarg[0];
			else
				return ej_failf(EJ_EUSAGE, "--delimiter: give ';', ',' or 'tab', not «%s»",
						optarg);
			break;
		case 'a': o.as_of = optarg; break;
		case 'l': o.lenient = true; break;
		case 'h': return ej_usage(usage_text, true);
		default: return ej_usage(usage_text, false);
		}
	}
	if (optind >= argc) {
		fputs("ejournal import: give at least one file or folder\n", stderr);
		return ej_usage(usage_text, false);
	}
	if ((rc = ej_open_db(ctx)))
		return rc;

	rc = ej_import_run(ctx->db, &ctx->config, argv + optind, (size_t)(argc - optind), &o,
			   &ctx->diag, &ctx->progress, &res, &err);
	if (ctx->tty && !ctx->quiet)
		fputs("\r\033[K", stderr);
	shown = res.nstored;
	for (i = 0; i < shown; i++)
		fprintf(stderr, "ejournal: %s%s\n", o.lenient && rc == EJ_OK ? "warning: " : "",
			res.errors[i]);
	if (res.nerrors > (long)shown)
		fprintf(stderr, "ejournal: … and %ld more error%s\n", res.nerrors - (long)shown,
			res.nerrors - (long)shown == 1 ? "" : "s");
	if (rc) {
		ej_fail(&err);
		ej_import_result_release(&res);
		return rc;
	}
	/* In the order they were imported: by kind, then by name. */
	for (k = 1; k < EJ_KIND_COUNT; k++)
	for (i = 0; i < res.nfiles; i++) {
		struct ej_import_file *f = &res.files[i];
		if (f->skipped || f->failed || f->kind != (enum ej_kind)k)
			continue;
		kinds_files[f->kind]++;
		kinds_rows[f->kind] += f->rows - f->rejected;
		if (!ctx->quiet)
			fprintf(stderr, "ejournal: %s: %s, %s, %ld row%s\n", f->path,
				ej_kind_label(f->kind), ej_enc_name(f->encoding), f->rows,
				f->rows == 1 ? "" : "s");
		if (f->rejected_path)
			fprintf(stderr, "ejournal: warning: %s: %ld row%s rejected, written to %s\n",
				f->path, f->rejected, f->rejected == 1 ? "" : "s", f->rejected_path);
	}
	if (!ctx->quiet) {
		if (res.batch == 0) {
			fputs("ejournal: нечего импортировать: все файлы уже импортированы\n", stderr);
		} else {
			fprintf(stderr, "ejournal: импортировано: пакет %lld, выгрузка %s, строк %ld",
				(long long)res.batch, res.exported_at, res.rows - res.rejected);
			for (k = 1; k < EJ_KIND_COUNT; k++)
				if (kinds_files[k])
					fprintf(stderr, "; %s %ld", ej_kind_label((enum ej_kind)k),
						kinds_rows[k]);
			fputc('\n', stderr);
			if (res.history.changed + res.history.appeared + res.history.vanished)
				fprintf(stderr, "ejournal: изменения отметок после прошлой выгрузки: "
					"изменено %ld, появилось %ld, исчезло %ld\n",
					res.history.changed, res.history.appeared,
					res.history.vanished);
		}
	}
	if (o.lenient && res.rejected)
		fprintf(stderr, "ejournal: warning: %ld row%s rejected (--lenient)\n",
			res.rejected, res.rejected == 1 ? "" : "s");
	ej_import_result_release(&res);
	return 0;
}
