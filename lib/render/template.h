/*
** template.h — the wording of documents, kept in templates/ so a college can
** change titles, conclusions and recommendations without rebuilding.
**
** A template file holds named blocks:
**
**     # a comment line
**     [semester.title]
**     Справка по итогам проверки электронного журнала
**     за {{semester}} семестр {{year}} учебного года
**
** A block runs from its «[key]» line to the next one; trailing blank lines are
** dropped, inner line breaks kept.  Placeholders are {{name}} (blanks inside
** the braces allowed); «{{{{» writes a literal «{{».  No conditions, no loops:
** the code picks which block to use from the figures, the block only words it.
** Expanding an unknown placeholder or a missing block is an error naming the
** template file and line, so a typo in a college's edit is reported, not
** printed.
*/
#ifndef EJ_RENDER_TEMPLATE_H
#define EJ_RENDER_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

struct ej_tpl;

/* Parse template text (n bytes, need not be NUL-terminated); srcname is used
** in messages.  Returns a new set or NULL with err (EJ_EDATA) filled: a block
** key that repeats, text before the first block, bad UTF-8.  Free with
** ej_tpl_free(). */
struct ej_tpl *ej_tpl_parse(const char *text, size_t n, const char *srcname,
			    struct ej_err *err);
/* Find NAME through ej_data_find("templates", NAME) and parse it.  EJ_EIO
** when it cannot be found or read. */
struct ej_tpl *ej_tpl_load(const char *name, struct ej_err *err);
void ej_tpl_free(struct ej_tpl *t);                 /* NULL-safe */

/* The raw text of a block, or NULL when there is none (borrowed). */
const char *ej_tpl_raw(const struct ej_tpl *t, const char *key);
bool ej_tpl_has(const struct ej_tpl *t, const char *key);

/* Values for placeholders: name → text.  Setting a name again replaces it. */
struct ej_tpl_vars {
	char **names, **values;
	size_t n, alloc;
};

void ej_tpl_vars_init(struct ej_tpl_vars *v);
void ej_tpl_vars_release(struct ej_tpl_vars *v);
void ej_tpl_set(struct ej_tpl_vars *v, const char *name, const char *value);
void ej_tpl_setf(struct ej_tpl_vars *v, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A number with two decimals and a comma (rules.md: «85,71»); NAN → «—». */
void ej_tpl_set_num(struct ej_tpl_vars *v, const char *name, double x, int decimals);
const char *ej_tpl_get(const struct ej_tpl_vars *v, const char *name);

/* Expand block KEY with V, appending to out.  Returns 0, or EJ_EDATA with
** err «FILE:LINE: unknown placeholder {{x}}» / «FILE: no block [key]». */
int ej_tpl_expand(const struct ej_tpl *t, const char *key,
		  const struct ej_tpl_vars *v, struct ej_buf *out, struct ej_err *err);
/* Same, returning a new string (caller frees) or NULL with err filled. */
char *ej_tpl_render(const struct ej_tpl *t, const char *key,
		    const struct ej_tpl_vars *v, struct ej_err *err);

#endif
