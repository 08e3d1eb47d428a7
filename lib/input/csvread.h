/*
** csvread.h — reading a UTF-8 CSV buffer into records with line numbers,
** over libcsv (formats.md «Every CSV file»; DEPENDENCIES.md libcsv).
**
** RFC 4180 quoting (doubled quotes, delimiters and newlines inside quotes),
** LF / CRLF / no final newline.  Fields are trimmed (blanks and NBSP); a
** record whose fields are all empty (a blank line) is skipped.  A record's
** line is the physical line where it starts.  The buffer is fed to libcsv in
** chunks of at most `chunk` bytes (0 = 64 KiB); the records do not depend on
** the chunk size.
*/
#ifndef EJ_INPUT_CSVREAD_H
#define EJ_INPUT_CSVREAD_H

#include <stddef.h>

#include "util/err.h"

#define EJ_CSV_MAX_FIELDS 4096

/*
** Called once per non-blank record.  fields[i] are NUL-terminated trimmed
** UTF-8 strings ("" when empty), valid only during the call.  Return 0 to go
** on, > 0 to stop reading quietly, < 0 to stop with the error already in err.
*/
typedef int (*ej_csv_record_fn)(void *ctx, long line, char **fields, size_t n);

/*
** The delimiter of a file: the most frequent of ';', TAB and ',' outside
** quotes on the first non-blank line (ties: ';' then TAB then ','); when the
** first line has none, the next lines are tried; ';' when there is none.
*/
char ej_csv_sniff(const char *buf, size_t len);

/* OR-ed into chunk: feed every line to libcsv (no fast path for plain
** lines); for tests that compare the two. */
#define EJ_CSV_LIBCSV_ONLY ((size_t)1 << (sizeof(size_t) * 8 - 1))

/*
** Read every record of buf (len bytes, UTF-8) with the delimiter delim.
** Returns EJ_OK, or EJ_EDATA with "FNAME:LINE: …" (a stray quote, an
** unterminated quote, too many fields), or the callback's error.
*/
int ej_csv_read(const char *buf, size_t len, char delim, size_t chunk, const char *fname,
		ej_csv_record_fn fn, void *ctx, struct ej_err *err);

/* The same, calling consumed(ctx, upto) every few MiB read, so a caller
** reading a mapped file can release the bytes before upto. */
int ej_csv_read_ex(const char *buf, size_t len, char delim, size_t chunk, const char *fname,
		   ej_csv_record_fn fn, void *ctx, void (*consumed)(void *ctx, size_t upto),
		   struct ej_err *err);

#endif
