/*
** xalloc.h — checked allocation.  On out-of-memory these print one line to
** stderr and abort(): the only place lib/ may end the process, as in git's
** xmalloc.  Sizes are checked for multiplication overflow.
*/
#ifndef EJ_UTIL_XALLOC_H
#define EJ_UTIL_XALLOC_H

#include <stddef.h>

void *ej_malloc(size_t n);
void *ej_calloc(size_t count, size_t size);
void *ej_realloc(void *p, size_t n);
/* realloc to count*size, checking the product. */
void *ej_reallocarray(void *p, size_t count, size_t size);
char *ej_strdup(const char *s);          /* NULL in, NULL out */
char *ej_strndup(const char *s, size_t n);
/* Newly allocated printf result; caller frees. */
char *ej_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *arr (of *alloc elements of size) so that it holds at least need. */
#define EJ_GROW(arr, need, alloc) do { \
	if ((size_t)(need) > (alloc)) { \
		size_t ej_g_n = (alloc) ? (alloc) * 2 : 16; \
		while (ej_g_n < (size_t)(need)) ej_g_n *= 2; \
		(arr) = ej_reallocarray((arr), ej_g_n, sizeof(*(arr))); \
		(alloc) = ej_g_n; \
	} \
} while (0)

#endif
