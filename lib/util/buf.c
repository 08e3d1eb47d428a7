#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ej_buf_init(struct ej_buf *b, size_t toobig)
{
	b->data = NULL;
	b->len = b->alloc = 0;
	b->toobig = toobig;
}

void ej_buf_release(struct ej_buf *b)
{
	free(b->data);
	ej_buf_init(b, b->toobig);
}

void ej_buf_reset(struct ej_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

int ej_buf_add(struct ej_buf *b, const void *p, size_t n)
{
	size_t need = b->len + n + 1;

	if (b->toobig && need > b->toobig)
		return EJ_EDATA;
	if (need > b->alloc) {
		size_t a = b->alloc ? b->alloc : 64;
		while (a < need)
			a *= 2;
		b->data = ej_realloc(b->data, a);
		b->alloc = a;
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return EJ_OK;
}

int ej_buf_adds(struct ej_buf *b, const char *s)
{
	return ej_buf_add(b, s, strlen(s));
}

int ej_buf_addc(struct ej_buf *b, char c)
{
	return ej_buf_add(b, &c, 1);
}

int ej_buf_printf(struct ej_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return EJ_EIO;
	if ((size_t)n < sizeof(small))
		return ej_buf_add(b, small, (size_t)n);
	{
		char *big = ej_malloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		rc = ej_buf_add(b, big, (size_t)n);
		free(big);
	}
	return rc;
}

const char *ej_buf_str(const struct ej_buf *b)
{
	return b->data ? b->data : "";
}

char *ej_buf_detach(struct ej_buf *b, size_t *len)
{
	char *d = b->data ? b->data : ej_strdup("");

	if (len)
		*len = b->len;
	ej_buf_init(b, b->toobig);
	return d;
}
