/*
** internal.h — what the lib/archive modules share; not for other layers.
*/
#ifndef EJ_ARCHIVE_INTERNAL_H
#define EJ_ARCHIVE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <minizip/unzip.h>

#include "archive/archive.h"
#include "util/buf.h"

#define EJ_ARCHIVE_CHUNK   (256 * 1024)
#define EJ_SUMS_MAX        (16 * 1024 * 1024)   /* SHA256SUMS larger than this is refused */
#define EJ_MEMBER_NAME_MAX 1000

/* One line of SHA256SUMS. */
struct ej_sums_entry {
	char *name;
	char hex[65];
	bool seen;
};

struct ej_sums {
	struct ej_sums_entry *v;
	size_t n, alloc;
};

void ej_sums_release(struct ej_sums *s);
/*
** Parse SHA256SUMS text ("<64 hex>  <name>" or "<64 hex> *<name>" lines).
** Bad lines, unsafe names and duplicates become problems in chk; the good
** lines are kept, sorted by name for ej_sums_find().
*/
void ej_sums_parse(const char *text, size_t n, struct ej_sums *out,
		   struct ej_archive_check *chk);
struct ej_sums_entry *ej_sums_find(struct ej_sums *s, const char *name);

/* Record a problem (member and detail may be NULL; both copied). */
void ej_check_add(struct ej_archive_check *c, enum ej_archive_problem_kind kind,
		  const char *member, const char *detail);

/*
** Stream the current member of uf: hash it into hex and pass every chunk to
** sink (may be NULL; a non-zero return from sink stops with that code).
** Returns EJ_OK; EJ_EFOUND when the data is damaged (bad compressed data,
** CRC mismatch, encrypted), with why filled; or the sink's code.
*/
typedef int (*ej_member_sink)(void *ctx, const void *p, size_t n);
int ej_member_read(unzFile uf, char hex[65], long long *bytes, ej_member_sink sink,
		   void *sink_ctx, const struct ej_progress *progress, long long *done,
		   long long total, char *why, size_t whylen);

/* "DIR/.BASE.tmp.PID.N" beside path; caller frees. */
char *ej_archive_tmpname(const char *path);
/* Remove "DIR/.BASE.tmp.PID.N" files of path left by processes no longer
** running (ours only); returns how many. */
int ej_archive_clean_stale_tmp(const char *path);

/* Drop the cached pages of a synced file so that the next read comes from
** the disk (best effort). */
void ej_archive_drop_cache(const char *path);

#endif
