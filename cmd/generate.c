/*
** generate.c — `ejournal generate --size small|medium|large --out DIR [--seed N]`:
** write a synthetic college export with a manifest of planted breaches.
*/
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "builtin.h"
#include "gen/gen.h"

static const char generate_usage[] =
	"usage: ejournal generate --size small|medium|large --out DIR [--seed N]\n"
	"\n"
	"Write a synthetic but realistic export of a college's electronic journal\n"
	"for 2025/2026 into DIR: ejournal.ini, manifest.csv (the planted breaches\n"
	"that `ejournal check` must find), README.txt, export/ (every kind of CSV)\n"
	"and later/ (a later export that changes marks backdated).\n"
	"\n"
	"  --size S   small (4 groups), medium (30), large (120 groups, ~3000\n"
	"             students, ~1 million marks and absences)\n"
	"  --out DIR  the folder to write (created when missing)\n"
	"  --seed N   the random seed (default 1); the same seed gives the same files\n";

/* Parse the options, generate, report what was written (unless -q). */
int cmd_generate(int argc, char **argv, struct ej_ctx *ctx)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ej_gen_opts o = { EJ_GEN_SMALL, 1, NULL };
	struct ej_gen_stats st;
	struct ej_err err = { 0 };
	struct timespec t0, t1;
	int opt, have_size = 0;
	char *end;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (ej_gen_size_parse(optarg, &o.size))
				return ej_failf(EJ_EUSAGE, "generate: unknown size «%s» (small, medium, large)",
						optarg);
			have_size = 1;
			break;
		case 'o':
			o.out_dir = optarg;
			break;
		case 'S':
			errno = 0;
			o.seed = strtoull(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-')
				return ej_failf(EJ_EUSAGE, "generate: --seed wants a non-negative number, not «%s»",
						optarg);
			break;
		case 'h':
			return ej_usage(generate_usage, true);
		default:
			return ej_usage(generate_usage, false);
		}
	}
	if (!have_size || !o.out_dir || optind < argc)
		return ej_usage(generate_usage, false);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ej_gen_run(&o, &st, &err))
		return ej_fail(&err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!ctx->quiet)
		fprintf(stderr,
			"ejournal: generated %s in %.2f s: %d groups, %d students, %d teachers, "
			"%ld lessons, %ld marks and absences (+%ld in grids, %ld in later/), "
			"%ld finals; %d expected findings in manifest.csv\n",
			o.out_dir, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
			st.groups, st.students, st.teachers, st.lessons, st.marks, st.grid_cells,
			st.later_marks, st.finals, st.findings);
	return 0;
}
