/*
** atomic.h — files that appear whole or not at all (documents.md).
**
** ej_atomic_open() creates "DIR/.NAME.tmp.PID.N" with the given mode (0600
** for personal data, 0644 otherwise); ej_atomic_commit() flushes, fsyncs,
** checks every error, renames over the final name and fsyncs the folder;
** ej_atomic_abort() removes the temporary.  A crash leaves at most a
** temporary, never a half file under the final name.
*/
#ifndef EJ_UTIL_ATOMIC_H
#define EJ_UTIL_ATOMIC_H

#include <stdio.h>
#include "util/err.h"

struct ej_atomic {
	FILE *fp;            /* write through this */
	char *final_path;
	char *tmp_path;
};

int ej_atomic_open(struct ej_atomic *a, const char *path, int mode, struct ej_err *err);
int ej_atomic_commit(struct ej_atomic *a, struct ej_err *err);
void ej_atomic_abort(struct ej_atomic *a);
/* Write a whole buffer atomically. */
int ej_atomic_write(const char *path, const void *p, size_t n, int mode, struct ej_err *err);
/* Temporary path beside `path` for tools that write by name (libharu,
** libxlsxwriter); caller frees.  Pair with ej_atomic_rename(). */
char *ej_atomic_tmpname(const char *path);
/* chmod, fsync the file, rename tmp → path, fsync the folder. */
int ej_atomic_rename(const char *tmp, const char *path, int mode, struct ej_err *err);
/* mkdir -p with mode. */
int ej_mkdirs(const char *dir, int mode, struct ej_err *err);

#endif
