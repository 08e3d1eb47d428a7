/*
** encoding.h — what bytes a CSV export is written in, and turning it into
** one UTF-8 buffer (formats.md «Every CSV file»: encoding).
**
** Detection is per file, never per field: a BOM (UTF-8, UTF-16LE) decides;
** else a strictly valid UTF-8 file is UTF-8; else it is Windows-1251.
** The result is checked to be text: NUL and other control bytes (except TAB,
** CR, LF) are refused with the line they are on.
*/
#ifndef EJ_INPUT_ENCODING_H
#define EJ_INPUT_ENCODING_H

#include <stddef.h>

#include "util/err.h"

enum ej_enc {
	EJ_ENC_AUTO = 0,
	EJ_ENC_UTF8,
	EJ_ENC_CP1251,
	EJ_ENC_UTF16LE
};

/* "utf-8"/"utf8", "cp1251"/"windows-1251", "utf-16"/"utf-16le" (any case).
** Returns 0, or -1 for an unknown name. */
int ej_enc_parse(const char *name, enum ej_enc *out);
/* Display name: "UTF-8", "Windows-1251", "UTF-16LE". */
const char *ej_enc_name(enum ej_enc enc);

/* The encoding a file of n bytes is detected as (never EJ_ENC_AUTO). */
enum ej_enc ej_enc_detect(const char *p, size_t n);

/*
** Convert n bytes in `enc` (EJ_ENC_AUTO = detect) to UTF-8 without a BOM.
** On success *out is a new NUL-terminated buffer the caller frees, *outlen
** its length, and *used (may be NULL) the encoding applied.  On failure
** returns EJ_EDATA with "FNAME:LINE: …" in err (what is wrong and what to
** do: e.g. invalid UTF-8 under --encoding utf-8, byte 0x98 in Windows-1251,
** a lone UTF-16 surrogate, binary data).
*/
int ej_enc_to_utf8(const char *p, size_t n, enum ej_enc enc, const char *fname,
		   char **out, size_t *outlen, enum ej_enc *used, struct ej_err *err);

/*
** Check that p[0..n) (no BOM) is UTF-8 text, slice by slice: each slice ends
** at a line end, and done(ctx, upto) (may be NULL) is called after each, so
** a caller reading a mapped file can release the pages read.  Returns EJ_OK,
** or EJ_EDATA with the message ej_enc_to_utf8 would give; *not_utf8 (may be
** NULL) tells an invalid UTF-8 byte (the file may be Windows-1251) from
** binary data.
*/
int ej_enc_check_utf8(const char *p, size_t n, const char *fname,
		      void (*done)(void *ctx, size_t upto), void *ctx, int *not_utf8,
		      struct ej_err *err);

/*
** The same, taking ownership of a malloc'd buffer *p of *n bytes (with room
** for one more byte): UTF-8 input is checked and used in place (the BOM
** dropped), other encodings are converted and the old buffer freed.  On
** success *p / *n describe the NUL-terminated UTF-8 text; on failure *p is
** freed and set to NULL.
*/
int ej_enc_take(char **p, size_t *n, enum ej_enc enc, const char *fname, enum ej_enc *used,
		struct ej_err *err);

#endif
