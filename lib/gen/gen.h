/*
** gen.h — `ejournal generate`: a synthetic but realistic college export
** (every CSV kind of formats.md, a config, a manifest of planted breaches).
**
** The data are clean with respect to every rule of rules.md except for the
** breaches listed in DIR/manifest.csv.  The same seed gives the same bytes.
*/
#ifndef EJ_GEN_GEN_H
#define EJ_GEN_GEN_H

#include <stdint.h>

#include "util/err.h"

enum ej_gen_size { EJ_GEN_SMALL, EJ_GEN_MEDIUM, EJ_GEN_LARGE };

struct ej_gen_opts {
	int size;                /* enum ej_gen_size */
	uint64_t seed;
	const char *out_dir;     /* created when missing */
};

struct ej_gen_stats {
	int groups, students, teachers, disciplines;
	long lessons, schedule, plan, marks, finals, grid_cells, later_marks;
	int findings;            /* lines of manifest.csv */
};

/* "small" | "medium" | "large" → *out; -1 when unknown. */
int ej_gen_size_parse(const char *s, int *out);

/* Generate everything under o->out_dir.  Returns EJ_OK, or EJ_EIO with err
** naming the file that could not be written. */
int ej_gen_run(const struct ej_gen_opts *o, struct ej_gen_stats *st, struct ej_err *err);

#endif
