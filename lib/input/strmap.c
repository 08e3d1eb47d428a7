/*
** strmap.c — open-addressing string hash map (see strmap.h).
*/
#include "input/strmap.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static uint64_t fnv1a(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

void ej_strmap_init(struct ej_strmap *m)
{
	m->tab = NULL;
	m->cap = m->n = 0;
}

void ej_strmap_release(struct ej_strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->tab[i].key);
	free(m->tab);
	ej_strmap_init(m);
}

static struct ej_strmap_ent *slot(const struct ej_strmap *m, const void *key, size_t len,
				  uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);

	for (;;) {
		struct ej_strmap_ent *e = &m->tab[i];
		if (!e->key || (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0))
			return e;
		i = (i + 1) & (m->cap - 1);
	}
}

int64_t *ej_strmap_get(const struct ej_strmap *m, const void *key, size_t len)
{
	struct ej_strmap_ent *e;

	if (!m->cap)
		return NULL;
	e = slot(m, key, len, fnv1a(key, len));
	return e->key ? &e->val : NULL;
}

static void grow(struct ej_strmap *m)
{
	struct ej_strmap_ent *old = m->tab;
	size_t oldcap = m->cap, i;

	m->cap = oldcap ? oldcap * 2 : 64;
	m->tab = ej_calloc(m->cap, sizeof(*m->tab));
	for (i = 0; i < oldcap; i++)
		if (old[i].key)
			*slot(m, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
}

int ej_strmap_put(struct ej_strmap *m, const void *key, size_t len, int64_t val)
{
	uint64_t h = fnv1a(key, len);
	struct ej_strmap_ent *e;

	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	e = slot(m, key, len, h);
	if (e->key) {
		e->val = val;
		return 0;
	}
	e->key = ej_malloc(len + 1);
	memcpy(e->key, key, len);
	e->key[len] = '\0';
	e->len = len;
	e->hash = h;
	e->val = val;
	m->n++;
	return 1;
}

int64_t *ej_strmap_gets(const struct ej_strmap *m, const char *key)
{
	return ej_strmap_get(m, key, strlen(key));
}

int ej_strmap_puts(struct ej_strmap *m, const char *key, int64_t val)
{
	return ej_strmap_put(m, key, strlen(key), val);
}
