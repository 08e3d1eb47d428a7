/*
** options.h — the PERIOD and FILTERS options shared by check, report,
** summary, print and student (cli.md):
**   --month YYYY-MM | --semester 1|2 | --from DATE --to DATE
**   --group G | --teacher NAME | --department NAME | --discipline D
*/
#ifndef EJ_CMD_OPTIONS_H
#define EJ_CMD_OPTIONS_H

#include <getopt.h>
#include "builtin.h"
#include "store/scope.h"

/* Long-option ids for these options (beyond any short option char). */
enum {
	OPT_MONTH = 1000, OPT_SEMESTER, OPT_FROM, OPT_TO,
	OPT_GROUP, OPT_TEACHER, OPT_DEPARTMENT, OPT_DISCIPLINE,
	OPT_SCOPE_LAST
};

/* Spread into a command's struct option table. */
#define EJ_PERIOD_OPTIONS \
	{ "month", required_argument, NULL, OPT_MONTH }, \
	{ "semester", required_argument, NULL, OPT_SEMESTER }, \
	{ "from", required_argument, NULL, OPT_FROM }, \
	{ "to", required_argument, NULL, OPT_TO }
#define EJ_FILTER_OPTIONS \
	{ "group", required_argument, NULL, OPT_GROUP }, \
	{ "teacher", required_argument, NULL, OPT_TEACHER }, \
	{ "department", required_argument, NULL, OPT_DEPARTMENT }, \
	{ "discipline", required_argument, NULL, OPT_DISCIPLINE }

struct ej_scope_opts {
	const char *month, *from, *to;
	int semester;
	struct ej_scope scope;
};

/*
** Take one option returned by getopt_long if it is a PERIOD/FILTER option:
** returns 1 when taken, 0 when not ours, -1 after printing a usage error.
*/
int ej_scope_opt(struct ej_scope_opts *o, int opt, const char *arg);

/*
** Turn the options into o->scope using the config's calendar: default is
** the whole academic year up to today (or the year's end when past).
** --final forces the end-of-semester rules.  Prints and returns 2 on error.
*/
int ej_scope_resolve(struct ej_scope_opts *o, const struct ej_config *cfg, bool final);

/* A folder argument without trailing slashes ("out/" → "out"; "/" stays),
** so that joined paths read "out/file.pdf".  Edits arg in place. */
char *ej_dir_arg(char *arg);

#endif
