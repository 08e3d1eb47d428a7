/*
** csvread.c — libcsv with physical line numbers (see csvread.h).
**
** libcsv reports neither lines nor positions, so the buffer is fed one
** physical line at a time (split further into chunks): every callback then
** happens while a known line is being fed.  A record starts on the first
** non-blank line after the previous record ended.
*/
#include "input/csvread.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct reader {
	struct ej_buf arena;      /* the current record's fields, NUL-separated */
	size_t *off;              /* field start offsets into arena */
	size_t nf, alloc;
	char **ptrs;
	size_t nptrs;
	long cur_line;            /* the physical line being fed */
	long rec_line;            /* where the current record started; 0 = none */
	bool too_many;
	int stop;                 /* callback result that stops the read */
	ej_csv_record_fn fn;
	void *ctx;
	struct ej_err *err;
	const char *fname;
};

static bool is_blank_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void on_field(void *s, size_t n, void *vr)
{
	struct reader *r = vr;
	const unsigned char *p = s;

	if (r->stop)
		return;
	if (r->nf >= EJ_CSV_MAX_FIELDS) {
		r->too_many = true;
		return;
	}
	/* Trim blanks and NBSP (C2 A0) at both ends. */
	if (!p)
		n = 0;
	while (n > 0 && (is_blank_byte(p[0]) || (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0))) {
		size_t k = p[0] == 0xC2 ? 2 : 1;
		p += k;
		n -= k;
	}
	while (n > 0 && (is_blank_byte(p[n - 1]) || (n >= 2 && p[n - 2] == 0xC2 && p[n - 1] == 0xA0)))
		n -= p[n - 1] == 0xA0 ? 2 : 1;
	EJ_GROW(r->off, r->nf + 1, r->alloc);
	r->off[r->nf++] = r->arena.len;
	/* The buffer is NUL-terminated after an append: keep that NUL. */
	ej_buf_add(&r->arena, p, n);
	r->arena.len++;
}

static void on_record(int c, void *vr)
{
	struct reader *r = vr;
	size_t i;
	bool blank = true;
	long line = r->rec_line ? r->rec_line : r->cur_line;
	int rc;

	(void)c;
	r->rec_line = 0;
	if (r->stop) {
		goto done;
	}
	if (r->too_many) {
		ej_err_set(r->err, EJ_EDATA, "%s:%ld: more than %d columns in a row: "
			   "this is not a journal export", r->fname, line, EJ_CSV_MAX_FIELDS);
		r->stop = -1;
		goto done;
	}
	for (i = 0; i < r->nf; i++)
		if (r->arena.data[r->off[i]]) {
			blank = false;
			break;
		}
	if (!blank) {
		if (r->nf > r->nptrs) {
			r->ptrs = ej_reallocarray(r->ptrs, r->nf, sizeof(char *));
			r->nptrs = r->nf;
		}
		for (i = 0; i < r->nf; i++)
			r->ptrs[i] = r->arena.data + r->off[i];
		rc = r->fn(r->ctx, line, r->ptrs, r->nf);
		if (rc)
			r->stop = rc;
	}
done:
	r->nf = 0;
	r->too_many = false;
	ej_buf_reset(&r->arena);
}

/*
** The fast path: a whole line, at the start of a record (libcsv idle), with
** no quote and no CR but at its end, is one record whose fields are the
** bytes between delimiters — what libcsv would give (its blank trimming is
** a subset of on_field's).  It goes to the same callbacks.  Returns false,
** having done nothing, for any other line: libcsv reads it.
*/
static bool fast_line(struct reader *r, const char *s, size_t n, char delim)
{
	size_t i, start = 0;
	const char *q;

	if (n && s[n - 1] == '\n')
		n--;
	if (n && s[n - 1] == '\r')
		n--;
	/* No CR is left inside: the caller ends a line at a bare CR. */
	if (memchr(s, '"', n))
		return false;
	while ((q = memchr(s + start, delim, n - start)) != NULL) {
		i = (size_t)(q - s);
		on_field((void *)(s + start), i - start, r);
		start = i + 1;
	}
	on_field((void *)(s + start), n - start, r);
	on_record('\n', r);
	return true;
}

char ej_csv_sniff(const char *buf, size_t len)
{
	size_t i = 0;
	int tries;

	for (tries = 0; tries < 5 && i < len; tries++) {
		size_t semi = 0, tab = 0, comma = 0;
		bool inq = false, any = false;
		for (; i < len; i++) {
			char c = buf[i];
			if (c == '"')
				inq = !inq;
			else if (!inq && c == '\n') {
				i++;
				break;
			} else if (!inq && c == ';')
				semi++;
			else if (!inq && c == '\t')
				tab++;
			else if (!inq && c == ',')
				comma++;
			if (!is_blank_byte((unsigned char)c))
				any = true;
		}
		if (!any) {
			tries--;   /* blank lines do not count */
			continue;
		}
		if (semi + tab + comma == 0)
			continue;
		if (semi >= tab && semi >= comma)
			return ';';
		if (tab >= comma)
			return '\t';
		return ',';
	}
	return ';';
}

int ej_csv_read(const char *buf, size_t len, char delim, size_t chunk, const char *fname,
		ej_csv_record_fn fn, void *ctx, struct ej_err *err)
{
	return ej_csv_read_ex(buf, len, delim, chunk, fname, fn, ctx, NULL, err);
}

int ej_csv_read_ex(const char *buf, size_t len, char delim, size_t chunk, const char *fname,
		   ej_csv_record_fn fn, void *ctx, void (*consumed)(void *ctx, size_t upto),
		   struct ej_err *err)
{
	size_t reported = 0;
	struct csv_parser p;
	struct reader r;
	size_t pos = 0;
	int rc = EJ_OK;
	bool fast = true;

	if (chunk & EJ_CSV_LIBCSV_ONLY) {
		fast = false;
		chunk &= ~EJ_CSV_LIBCSV_ONLY;
	}
	if (chunk == 0)
		chunk = 65536;
	memset(&r, 0, sizeof(r));
	ej_buf_init(&r.arena, 0);
	r.fn = fn;
	r.ctx = ctx;
	r.err = err;
	r.fname = fname;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
		return ej_err_set(err, EJ_EIO, "%s: cannot start the CSV parser", fname);
	csv_set_delim(&p, (unsigned char)delim);
	/* libcsv's own blank (space, TAB unless it is the delimiter) and line-end
	** (CR, LF) tests: no per-byte callback. */

	while (pos < len && !r.stop) {
		const char *nl = memchr(buf + pos, '\n', len - pos), *cr;
		size_t end = nl ? (size_t)(nl - buf) + 1 : len, q;
		bool blank = true, at_start = r.rec_line == 0;

		/* A CR not followed by LF ends a line too (old Mac files), so the
		** line numbers in messages stay right. */
		if ((cr = memchr(buf + pos, '\r', end - pos)) != NULL && cr + 1 < buf + len &&
		    cr[1] != '\n')
			end = (size_t)(cr - buf) + 1;

		r.cur_line++;
		if (at_start) {
			for (q = pos; q < end; q++)
				if (!is_blank_byte((unsigned char)buf[q])) {
					blank = false;
					break;
				}
			if (!blank)
				r.rec_line = r.cur_line;
		}
		if (fast && at_start && p.pstate == 0 && (blank || fast_line(&r, buf + pos, end - pos, delim))) {
			pos = end;
			goto next;
		}
		for (q = pos; q < end && !r.stop; ) {
			size_t k = end - q < chunk ? end - q : chunk;
			if (csv_parse(&p, buf + q, k, on_field, on_record, &r) != k) {
				if (r.stop)
					break;
				rc = ej_err_set(err, EJ_EDATA,
					"%s:%ld: a quote \" inside an unquoted field or after a closing "
					"quote: put the whole field in quotes and double the inner quotes",
					fname, r.cur_line);
				goto out;
			}
			q += k;
		}
		pos = end;
next:
		if (consumed && pos - reported >= ((size_t)4 << 20)) {
			consumed(ctx, pos);
			reported = pos;
		}
	}
	if (!r.stop) {
		long start = r.rec_line;
		if (csv_fini(&p, on_field, on_record, &r) != 0) {
			rc = ej_err_set(err, EJ_EDATA,
				"%s:%ld: unterminated quote: a field opened with \" here never "
				"closes", fname, start ? start : r.cur_line);
			goto out;
		}
	}
	if (r.stop < 0)
		rc = err && err->code ? err->code : EJ_EDATA;
out:
	csv_free(&p);
	ej_buf_release(&r.arena);
	free(r.off);
	free(r.ptrs);
	return rc;
}
