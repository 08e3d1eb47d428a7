/*
** config.h — the INI configuration (cli.md «Config file»), read with libinih.
**
** ej_config_defaults() gives built-in values; ej_config_load() overlays a
** file.  Unknown sections/keys are warned about through the diag sink; a bad
** value fails with EJ_EUSAGE and "FILE:LINE: key «K»: …".  All strings are
** owned by the config and freed by ej_config_release().
*/
#ifndef EJ_UTIL_CONFIG_H
#define EJ_UTIL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/date.h"
#include "util/err.h"

struct ej_policy {
	int grace_written_work_days;     /* grace.written_work_days = 7 */
	int lessons_per_mark;            /* accumulation.lessons_per_mark = 3 */
	int min_per_semester;            /* accumulation.min_per_semester = 3 */
	double max_share_below;          /* accumulation.max_share_below = 20 (%) */
	double max_lag_hours;            /* plan.max_lag_hours = 4 */
	double min_topic_similarity;     /* plan.min_topic_similarity = 0.5 */
	int finals_min_current_marks;    /* finals.min_current_marks = 3 */
	double low_percent;              /* report.low_percent = 80: figures under it are marked */
};

struct ej_department {
	char *name;
	char *head;
};

struct ej_day_range {
	ej_day from, to;                 /* inclusive both ends */
};

struct ej_config {
	char *path;                      /* file read, or NULL for built-in defaults */
	bool institution_is_default;     /* no [institution] name: documents say so */
	char *inst_name, *inst_short, *city, *director, *director_title;
	char *deputy;                    /* [institution] deputy (УМР), optional: NULL when not given */
	char *year_name;                 /* "2025/2026" */
	int start_year;                  /* 2025 */
	struct ej_day_range semester[2];
	struct ej_day_range *holidays;
	size_t nholidays;
	struct ej_department *departments;
	size_t ndepartments;
	struct ej_policy policy;
	bool print_duplex, print_pdfa;
	double margin_left_mm, margin_right_mm, margin_top_mm, margin_bottom_mm;
};

/* Defaults: the academic year containing `today` (Sept–Aug), semesters
** 01.09–28.12 and 12.01–30.06, policy from rules.md, placeholder institution. */
void ej_config_defaults(struct ej_config *c, ej_day today);
int ej_config_load(struct ej_config *c, const char *path,
		   const struct ej_diag_sink *diag, struct ej_err *err);
void ej_config_release(struct ej_config *c);

/* True when day is in the [year] holidays list (Sundays are not in it: check
** ej_day_weekday(day) == 7 separately). */
bool ej_config_is_holiday(const struct ej_config *c, ej_day day);
/* 1 or 2 when day lies inside that semester, else 0. */
int ej_config_semester_of(const struct ej_config *c, ej_day day);
/* Head of the named department, or NULL. */
const char *ej_config_department_head(const struct ej_config *c, const char *dept);

#endif
