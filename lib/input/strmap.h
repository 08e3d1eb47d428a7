/*
** strmap.h — a hash map from byte strings to int64 values, for the lookups
** an import builds once (names, IDs, discipline indices, lessons by day).
** Keys are copied; any bytes (binary keys allowed).  Open addressing, FNV-1a.
*/
#ifndef EJ_INPUT_STRMAP_H
#define EJ_INPUT_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct ej_strmap_ent {
	char *key;        /* owned, NUL-terminated after len bytes */
	size_t len;
	uint64_t hash;
	int64_t val;
};

struct ej_strmap {
	struct ej_strmap_ent *tab;
	size_t cap, n;
};

void ej_strmap_init(struct ej_strmap *m);
void ej_strmap_release(struct ej_strmap *m);
/* Pointer to the value of key, or NULL; valid until the next put. */
int64_t *ej_strmap_get(const struct ej_strmap *m, const void *key, size_t len);
/* Set key's value; returns 1 when the key is new, 0 when it was replaced. */
int ej_strmap_put(struct ej_strmap *m, const void *key, size_t len, int64_t val);
/* C-string shorthands. */
int64_t *ej_strmap_gets(const struct ej_strmap *m, const char *key);
int ej_strmap_puts(struct ej_strmap *m, const char *key, int64_t val);

#endif
