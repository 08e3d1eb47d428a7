/*
** student.h — the report for parents (documents.md §5; Регламент §2.4.2,
** §2.5.7): one PDF per student for a period — current marks by discipline
** with dates, means, absences by month, finals.  A file holds that
** student's data and nobody else's; it is personal data: mode 0600.
*/
#ifndef EJ_DOCS_STUDENT_H
#define EJ_DOCS_STUDENT_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/scope.h"
#include "util/config.h"
#include "util/err.h"

struct ej_student_ref {
	int64_t id;
	char *ext_id;        /* the export's ID */
	char *name;          /* full name */
	char *group;         /* group at the period's end (or last stay) */
	char *file;          /* "<group>/<Фамилия_И_О>-<ext_id>.pdf", relative */
};

struct ej_student_list {
	struct ej_student_ref *v;
	size_t n, alloc;
};

void ej_student_list_release(struct ej_student_list *l);

/* The students a run covers: one by ext_id (or row id as a fallback) when
** ext_id is non-NULL, else every student who stayed in scope->group during
** the period.  EJ_EDATA when nothing matches. */
int ej_student_find(struct ej_db *db, const struct ej_scope *scope, const char *ext_id,
		    struct ej_student_list *out, struct ej_err *err);

/* Figures of the last group seen, so that a run over a group computes
** them once rather than once per student.  NULL-safe free. */
struct ej_student_cache;
struct ej_student_cache *ej_student_cache_new(void);
void ej_student_cache_free(struct ej_student_cache *c);

/* Write one student's PDF to path (mode 0600).  cache may be NULL; one
** cache serves one scope. */
int ej_student_write(struct ej_db *db, const struct ej_config *cfg,
		     const struct ej_scope *scope, const struct ej_student_ref *s,
		     const char *path, struct ej_student_cache *cache, struct ej_err *err);

#endif
