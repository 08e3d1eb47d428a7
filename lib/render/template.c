#include "render/template.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/paths.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define TPL_MAX_FILE (4u << 20)   /* a wording file is small; refuse a stray big one */

struct tpl_block {
	char *key;
	char *text;
	int line;        /* line of the first text line, for messages */
};

struct ej_tpl {
	char *src;
	struct tpl_block *b;
	size_t n, alloc;
};

void ej_tpl_free(struct ej_tpl *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->b[i].key);
		free(t->b[i].text);
	}
	free(t->b);
	free(t->src);
	free(t);
}

static struct tpl_block *find_block(const struct ej_tpl *t, const char *key)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->b[i].key, key) == 0)
			return &t->b[i];
	return NULL;
}

/* Trim ASCII blanks of [*s, *e). */
static void trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t' || **s == '\r'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
		(*e)--;
}

/* Close the block being collected: drop trailing blank lines. */
static void finish_block(struct tpl_block *b, struct ej_buf *text)
{
	size_t len = text->len;

	while (len > 0 && (text->data[len - 1] == '\n' || text->data[len - 1] == ' ' ||
			   text->data[len - 1] == '\t' || text->data[len - 1] == '\r'))
		len--;
	b->text = ej_strndup(len ? text->data : "", len);
	ej_buf_reset(text);
}

struct ej_tpl *ej_tpl_parse(const char *text, size_t n, const char *srcname,
			    struct ej_err *err)
{
	struct ej_tpl *t = ej_calloc(1, sizeof(*t));
	struct ej_buf cur;
	const char *p = text, *end = text + n;
	size_t bad;
	int line = 0;
	struct tpl_block *open = NULL;

	ej_buf_init(&cur, 0);
	t->src = ej_strdup(srcname ? srcname : "template");
	if (!ej_utf8_valid(text, n, &bad)) {
		ej_err_set(err, EJ_EDATA, "%s: invalid UTF-8 at byte %zu", t->src, bad);
		goto fail;
	}
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *s = p, *e = le;

		line++;
		trim(&s, &e);
		if (s < e && *s == '[' && e[-1] == ']' && e - s > 2) {
			const char *ks = s + 1, *ke = e - 1;
			char *key;

			trim(&ks, &ke);
			key = ej_strndup(ks, (size_t)(ke - ks));
			if (open)
				finish_block(open, &cur);
			if (find_block(t, key)) {
				ej_err_set(err, EJ_EDATA, "%s:%d: block [%s] given twice",
					   t->src, line, key);
				free(key);
				goto fail;
			}
			EJ_GROW(t->b, t->n + 1, t->alloc);
			open = &t->b[t->n++];
			open->key = key;
			open->text = NULL;
			open->line = line + 1;
		} else if (s < e && *s == '#') {
			/* A comment line: never part of the text. */
		} else if (!open) {
			if (s < e) {
				ej_err_set(err, EJ_EDATA, "%s:%d: text before the first [block]",
					   t->src, line);
				goto fail;
			}
		} else {
			/* Keep the line as written, less a trailing CR; skip leading
			** blank lines of a block. */
			const char *ce = le;
			if (ce > p && ce[-1] == '\r')
				ce--;
			if (cur.len > 0 || s < e) {
				ej_buf_add(&cur, p, (size_t)(ce - p));
				ej_buf_addc(&cur, '\n');
			}
		}
		p = nl ? nl + 1 : end;
	}
	if (open)
		finish_block(open, &cur);
	ej_buf_release(&cur);
	return t;
fail:
	if (open && !open->text)
		open->text = ej_strdup("");
	ej_buf_release(&cur);
	ej_tpl_free(t);
	return NULL;
}

struct ej_tpl *ej_tpl_load(const char *name, struct ej_err *err)
{
	char *path = ej_data_find("templates", name);
	FILE *fp = NULL;
	struct ej_buf b;
	struct ej_tpl *t = NULL;
	char chunk[8192];
	size_t got;

	ej_buf_init(&b, TPL_MAX_FILE);
	if (!path) {
		ej_err_set(err, EJ_EIO, "template «%s» not found (templates/ beside the program, "
			   "or $EJOURNAL_DATADIR/templates)", name);
		return NULL;
	}
	fp = fopen(path, "rb");
	if (!fp) {
		ej_err_set(err, EJ_EIO, "%s: %s", path, strerror(errno));
		goto out;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (ej_buf_add(&b, chunk, got)) {
			ej_err_set(err, EJ_EDATA, "%s: too large for a template", path);
			goto out;
		}
	}
	if (ferror(fp)) {
		ej_err_set(err, EJ_EIO, "%s: read error", path);
		goto out;
	}
	t = ej_tpl_parse(b.data ? b.data : "", b.len, path, err);
out:
	if (fp)
		fclose(fp);
	ej_buf_release(&b);
	free(path);
	return t;
}

const char *ej_tpl_raw(const struct ej_tpl *t, const char *key)
{
	const struct tpl_block *b = t ? find_block(t, key) : NULL;

	return b ? b->text : NULL;
}

bool ej_tpl_has(const struct ej_tpl *t, const char *key)
{
	return ej_tpl_raw(t, key) != NULL;
}

void ej_tpl_vars_init(struct ej_tpl_vars *v)
{
	memset(v, 0, sizeof(*v));
}

void ej_tpl_vars_release(struct ej_tpl_vars *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		free(v->names[i]);
		free(v->values[i]);
	}
	free(v->names);
	free(v->values);
	ej_tpl_vars_init(v);
}

static void set_owned(struct ej_tpl_vars *v, const char *name, char *value)
{
	size_t i, alloc;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->names[i], name) == 0) {
			free(v->values[i]);
			v->values[i] = value;
			return;
		}
	alloc = v->alloc;
	EJ_GROW(v->names, v->n + 1, alloc);
	alloc = v->alloc;
	EJ_GROW(v->values, v->n + 1, alloc);
	v->alloc = alloc;
	v->names[v->n] = ej_strdup(name);
	v->values[v->n] = value;
	v->n++;
}

void ej_tpl_set(struct ej_tpl_vars *v, const char *name, const char *value)
{
	set_owned(v, name, ej_strdup(value ? value : ""));
}

void ej_tpl_setf(struct ej_tpl_vars *v, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		len = 0;
	s = ej_malloc((size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	va_end(ap);
	set_owned(v, name, s);
}

void ej_tpl_set_num(struct ej_tpl_vars *v, const char *name, double x, int decimals)
{
	char tmp[64], *dot;

	if (isnan(x)) {
		ej_tpl_set(v, name, "—");
		return;
	}
	snprintf(tmp, sizeof(tmp), "%.*f", decimals, x);
	if ((dot = strchr(tmp, '.')))
		*dot = ',';   /* rules.md: comma as decimal separator in documents */
	ej_tpl_set(v, name, tmp);
}

const char *ej_tpl_get(const struct ej_tpl_vars *v, const char *name)
{
	size_t i;

	for (i = 0; v && i < v->n; i++)
		if (strcmp(v->names[i], name) == 0)
			return v->values[i];
	return NULL;
}

int ej_tpl_expand(const struct ej_tpl *t, const char *key,
		  const struct ej_tpl_vars *v, struct ej_buf *out, struct ej_err *err)
{
	const struct tpl_block *b = t ? find_block(t, key) : NULL;
	const char *p, *q;
	int line;

	if (!b)
		return ej_err_set(err, EJ_EDATA, "%s: no block [%s]", t ? t->src : "template", key);
	p = b->text;
	line = b->line;
	while (*p) {
		q = strstr(p, "{{");
		if (!q) {
			ej_buf_adds(out, p);
			break;
		}
		for (const char *c = p; c < q; c++)
			if (*c == '\n')
				line++;
		ej_buf_add(out, p, (size_t)(q - p));
		if (strncmp(q, "{{{{", 4) == 0) {
			ej_buf_adds(out, "{{");
			p = q + 4;
			continue;
		}
		{
			const char *close = strstr(q + 2, "}}"), *ns = q + 2, *ne;
			const char *nl = strchr(q + 2, '\n');
			const char *val;
			char name[128];

			if (!close || (nl && nl < close))
				return ej_err_set(err, EJ_EDATA, "%s:%d: «{{» without «}}» in [%s]",
						  t->src, line, key);
			ne = close;
			trim(&ns, &ne);
			if (ne - ns <= 0 || (size_t)(ne - ns) >= sizeof(name))
				return ej_err_set(err, EJ_EDATA, "%s:%d: empty or too long placeholder in [%s]",
						  t->src, line, key);
			memcpy(name, ns, (size_t)(ne - ns));
			name[ne - ns] = '\0';
			val = ej_tpl_get(v, name);
			if (!val)
				return ej_err_set(err, EJ_EDATA, "%s:%d: unknown placeholder {{%s}} in [%s]",
						  t->src, line, name, key);
			ej_buf_adds(out, val);
			p = close + 2;
		}
	}
	return 0;
}

char *ej_tpl_render(const struct ej_tpl *t, const char *key,
		    const struct ej_tpl_vars *v, struct ej_err *err)
{
	struct ej_buf b;

	ej_buf_init(&b, 0);
	if (ej_tpl_expand(t, key, v, &b, err)) {
		ej_buf_release(&b);
		return NULL;
	}
	return ej_buf_detach(&b, NULL);
}
