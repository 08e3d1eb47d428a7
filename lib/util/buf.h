/*
** buf.h — growable byte buffer with an optional size limit (curl's dynbuf).
** Always NUL-terminated after any successful call.  ej_buf_init() with
** toobig = 0 means no limit; an append past the limit returns EJ_EDATA and
** leaves the buffer unchanged, so untrusted input cannot grow it without end.
*/
#ifndef EJ_UTIL_BUF_H
#define EJ_UTIL_BUF_H

#include <stddef.h>

struct ej_buf {
	char *data;     /* owned; NULL until the first append */
	size_t len;
	size_t alloc;
	size_t toobig;  /* 0 = unlimited */
};

void ej_buf_init(struct ej_buf *b, size_t toobig);
void ej_buf_release(struct ej_buf *b);
void ej_buf_reset(struct ej_buf *b);           /* len = 0, keeps memory */
int ej_buf_add(struct ej_buf *b, const void *p, size_t n);
int ej_buf_adds(struct ej_buf *b, const char *s);
int ej_buf_addc(struct ej_buf *b, char c);
int ej_buf_printf(struct ej_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The contents ("" when empty); valid until the next change. */
const char *ej_buf_str(const struct ej_buf *b);
/* Hand the allocation to the caller (never NULL); the buffer is emptied. */
char *ej_buf_detach(struct ej_buf *b, size_t *len);

#endif
