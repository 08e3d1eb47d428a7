/*
** gen.c — the entry points of `ejournal generate` (see gen.h).
*/
#include <string.h>

#include "gen/gen.h"
#include "gen/gen_impl.h"

int ej_gen_size_parse(const char *s, int *out)
{
	if (!strcmp(s, "small"))
		*out = EJ_GEN_SMALL;
	else if (!strcmp(s, "medium"))
		*out = EJ_GEN_MEDIUM;
	else if (!strcmp(s, "large"))
		*out = EJ_GEN_LARGE;
	else
		return -1;
	return 0;
}

int ej_gen_run(const struct ej_gen_opts *o, struct ej_gen_stats *st, struct ej_err *err)
{
	struct g_world w;
	int rc;

	memset(st, 0, sizeof(*st));
	g_build(&w, o->size, o->seed);
	rc = g_write_all(&w, o->out_dir, st, err);
	g_free(&w);
	return rc;
}
