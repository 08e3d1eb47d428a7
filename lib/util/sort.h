/*
** sort.h — qsort that accepts an empty array.
**
** qsort(NULL, 0, …) is undefined behaviour (its first argument is declared
** nonnull), and an empty group, month or database gives exactly that.  Use
** ej_qsort everywhere; it does nothing for fewer than two elements.
** ej_bsearch is the same for bsearch.
*/
#ifndef EJ_UTIL_SORT_H
#define EJ_UTIL_SORT_H

#include <stdlib.h>

static inline void ej_qsort(void *base, size_t n, size_t size,
			    int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* bsearch likewise: NULL for an empty array instead of undefined behaviour. */
static inline void *ej_bsearch(const void *key, const void *base, size_t n, size_t size,
			       int (*cmp)(const void *, const void *))
{
	return n ? bsearch(key, base, n, size, cmp) : NULL;
}

#endif
