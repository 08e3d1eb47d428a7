/*
** lessonfigs.h — the few per group × discipline counts the reports show
** that figures.h does not carry: control works required (curriculum) and
** held (lessons of type control), practical + lab hours planned and held,
** substitutions recorded, and who held the lessons.  The figures proper
** (fill rates, hours vs plan, success, quality, means, missed hours) come
** from lib/figures only.
*/
#ifndef EJ_DOCS_LESSONFIGS_H
#define EJ_DOCS_LESSONFIGS_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/scope.h"
#include "util/err.h"

struct ej_lf_disc {
	int64_t id;
	int control_required, control_held;
	double practice_plan;         /* curriculum practice + lab, NAN when unknown */
	double practice_held;         /* hours of practice/lab lessons held */
	int substitutions;            /* lessons with a substitution note */
	char *teachers;               /* short names of who held lessons, «, »-joined */
	/* A discipline taught in subgroups (formats.md): control works and
	** practical + lab hours per subgroup — required/planned from the
	** subgroup's own curriculum row (else the whole group's), held = its
	** own plus the whole-group lessons; nsub = 0 for a whole-group
	** discipline. */
	struct {
		int subgroup, required, held;
		double practice_plan, practice_held;   /* plan NAN when unknown */
	} sub[4];
	int nsub;
};

struct ej_lf {
	struct ej_lf_disc *d;         /* sorted by id */
	size_t nd;
};

/* Counts over the period of scope, for every discipline that has lessons or
** a curriculum row in the semesters the period touches. */
int ej_lf_load(struct ej_db *db, const struct ej_scope *scope, int semester,
	       struct ej_lf *out, struct ej_err *err);
void ej_lf_release(struct ej_lf *lf);
/* The entry of discipline id, or NULL. */
const struct ej_lf_disc *ej_lf_find(const struct ej_lf *lf, int64_t id);

#endif
