#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ej_err_set(struct ej_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

int ej_err_prefix(struct ej_err *err, const char *fmt, ...)
{
	char pre[512], old[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return EJ_OK;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Bounded: a long prefix shortens the old message, never overflows. */
	snprintf(err->msg, sizeof(err->msg), "%.400s: %.600s", pre, old);
	return err->code;
}

void ej_err_clear(struct ej_err *err)
{
	if (err) {
		err->code = EJ_OK;
		err->msg[0] = '\0';
	}
}

void ej_diag(const struct ej_diag_sink *sink, enum ej_diag_level level,
	     const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	if (!sink || !sink->emit)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sink->emit(sink->ctx, level, msg);
}

void ej_progress(const struct ej_progress *p, const char *what, long done, long total)
{
	if (p && p->update)
		p->update(p->ctx, what, done, total);
}
