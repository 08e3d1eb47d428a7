#include "options.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

char *ej_dir_arg(char *arg)
{
	size_t n = strlen(arg);

	while (n > 1 && arg[n - 1] == '/')
		arg[--n] = '\0';
	return arg;
}

int ej_scope_opt(struct ej_scope_opts *o, int opt, const char *arg)
{
	switch (opt) {
	case OPT_MONTH: o->month = arg; return 1;
	case OPT_FROM: o->from = arg; return 1;
	case OPT_TO: o->to = arg; return 1;
	case OPT_SEMESTER:
		if (strcmp(arg, "1") && strcmp(arg, "2")) {
			ej_failf(EJ_EUSAGE, "--semester takes 1 or 2, not «%s»", arg);
			return -1;
		}
		o->semester = arg[0] - '0';
		return 1;
	case OPT_GROUP: o->scope.group = arg; return 1;
	case OPT_TEACHER: o->scope.teacher = arg; return 1;
	case OPT_DEPARTMENT: o->scope.department = arg; return 1;
	case OPT_DISCIPLINE: o->scope.discipline = arg; return 1;
	default: return 0;
	}
}

static ej_day today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	ej_day d = 0;

	localtime_r(&now, &tm);
	ej_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d);
	return d;
}

int ej_scope_resolve(struct ej_scope_opts *o, const struct ej_config *cfg, bool final)
{
	struct ej_scope *s = &o->scope;
	ej_day year_from = cfg->semester[0].from, year_to = cfg->semester[1].to, now = today();
	int kinds = !!o->month + !!o->semester + !!(o->from || o->to);

	if (kinds > 1)
		return ej_failf(EJ_EUSAGE, "give one period: --month, --semester or --from/--to");
	s->semester = 0;
	s->month = NULL;
	if (o->month) {
		int y, m;
		char rest;
		if (sscanf(o->month, "%4d-%2d%c", &y, &m, &rest) != 2 ||
		    ej_day_from_ymd(y, m, 1, &s->from))
			return ej_failf(EJ_EUSAGE, "--month takes YYYY-MM, not «%s»", o->month);
		ej_day_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1, &s->to);
		s->to -= 1;
		s->month = o->month;
	} else if (o->semester) {
		s->semester = o->semester;
		s->from = cfg->semester[o->semester - 1].from;
		s->to = cfg->semester[o->semester - 1].to;
	} else if (o->from || o->to) {
		if (!o->from || !o->to)
			return ej_failf(EJ_EUSAGE, "--from and --to go together");
		if (ej_date_parse(o->from, strlen(o->from), &s->from))
			return ej_failf(EJ_EUSAGE, "--from: «%s» is not a date (ДД.ММ.ГГГГ or ГГГГ-ММ-ДД)", o->from);
		if (ej_date_parse(o->to, strlen(o->to), &s->to))
			return ej_failf(EJ_EUSAGE, "--to: «%s» is not a date (ДД.ММ.ГГГГ or ГГГГ-ММ-ДД)", o->to);
		if (s->to < s->from)
			return ej_failf(EJ_EUSAGE, "--to is before --from");
	} else {
		s->from = year_from;
		s->to = now < year_to ? now : year_to;
		if (s->to < s->from)
			s->to = year_to;
	}
	s->whole_semester_end = final ||
		(s->from <= cfg->semester[0].to && s->to >= cfg->semester[0].to) ||
		(s->from <= cfg->semester[1].to && s->to >= cfg->semester[1].to);
	return 0;
}
