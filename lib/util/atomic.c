/*
** atomic.c — files that appear whole or not at all (documents.md).
**
** Write into "DIR/.NAME.tmp.PID.N" (created with O_EXCL and the final
** mode), then flush, fsync, close — checking each — rename over the final
** name and fsync the folder so the rename itself survives a power cut.
** Any failure removes the temporary and reports EJ_EIO with the path and
** the system's reason.
*/
#include "util/atomic.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static atomic_uint tmp_counter;

/* The folder part of path ("." when there is none); caller frees. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ej_strdup(".");
	if (slash == path)
		return ej_strdup("/");
	return ej_strndup(path, (size_t)(slash - path));
}

/* "DIR/.NAME.tmp.PID.N" for a fresh N (unique within the process). */
static char *make_tmpname(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	unsigned n = atomic_fetch_add(&tmp_counter, 1);

	return ej_asprintf("%.*s.%s.tmp.%ld.%u", (int)(base - path), path, base,
			   (long)getpid(), n);
}

/* fsync a folder so that a rename in it is durable. */
static int sync_dir(const char *path, struct ej_err *err)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = EJ_OK;

	if (fd < 0) {
		rc = ej_err_set(err, EJ_EIO, "%s: cannot open the folder: %s", dir, strerror(errno));
	} else {
		/* Some file systems cannot sync a folder (EINVAL): nothing to do then. */
		if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
			rc = ej_err_set(err, EJ_EIO, "%s: cannot sync the folder: %s", dir,
					strerror(errno));
		close(fd);
	}
	free(dir);
	return rc;
}

/*
** Create the temporary beside `path` with `mode` (exactly, whatever the
** umask) and open it for writing through a->fp.
*/
int ej_atomic_open(struct ej_atomic *a, const char *path, int mode, struct ej_err *err)
{
	int fd = -1, tries, e;

	memset(a, 0, sizeof(*a));
	for (tries = 0; tries < 100; tries++) {
		free(a->tmp_path);
		a->tmp_path = make_tmpname(path);
		fd = open(a->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		e = errno;
		free(a->tmp_path);
		a->tmp_path = NULL;
		return ej_err_set(err, EJ_EIO, "%s: cannot create: %s", path, strerror(e));
	}
	if (fchmod(fd, (mode_t)mode) != 0 || !(a->fp = fdopen(fd, "wb"))) {
		e = errno;
		close(fd);
		unlink(a->tmp_path);
		free(a->tmp_path);
		a->tmp_path = NULL;
		return ej_err_set(err, EJ_EIO, "%s: cannot create: %s", path, strerror(e));
	}
	a->final_path = ej_strdup(path);
	return EJ_OK;
}

/* Forget the temporary (removing it) and free everything; safe twice. */
void ej_atomic_abort(struct ej_atomic *a)
{
	if (a->fp)
		fclose(a->fp);
	if (a->tmp_path)
		unlink(a->tmp_path);
	free(a->tmp_path);
	free(a->final_path);
	memset(a, 0, sizeof(*a));
}

/* Flush, fsync, close, rename, fsync the folder; on failure nothing remains. */
int ej_atomic_commit(struct ej_atomic *a, struct ej_err *err)
{
	const char *what;
	int e, rc;

	if (!a->fp)
		return ej_err_set(err, EJ_EIO, "%s: internal error: file not open",
				  a->final_path ? a->final_path : "(null)");
	what = "write error";
	if (fflush(a->fp) != 0 || ferror(a->fp))
		goto fail;
	what = "cannot sync";
	if (fsync(fileno(a->fp)) != 0)
		goto fail;
	what = "cannot close";
	e = fclose(a->fp);
	a->fp = NULL;
	if (e != 0)
		goto fail;
	what = "cannot rename the temporary file";
	if (rename(a->tmp_path, a->final_path) != 0)
		goto fail;
	free(a->tmp_path);
	a->tmp_path = NULL;                   /* renamed: nothing to remove */
	rc = sync_dir(a->final_path, err);
	ej_atomic_abort(a);
	return rc;
fail:
	e = errno;
	rc = ej_err_set(err, EJ_EIO, "%s: %s: %s", a->final_path, what,
			e ? strerror(e) : "unknown error");
	ej_atomic_abort(a);
	return rc;
}

int ej_atomic_write(const char *path, const void *p, size_t n, int mode, struct ej_err *err)
{
	struct ej_atomic a;
	int rc = ej_atomic_open(&a, path, mode, err);

	if (rc)
		return rc;
	if (n && fwrite(p, 1, n, a.fp) != n) {
		rc = ej_err_set(err, EJ_EIO, "%s: write error: %s", path, strerror(errno));
		ej_atomic_abort(&a);
		return rc;
	}
	return ej_atomic_commit(&a, err);
}

/* A name for a temporary beside path; nothing is created.  Caller frees. */
char *ej_atomic_tmpname(const char *path)
{
	return make_tmpname(path);
}

/*
** Finish a file another library wrote at `tmp`: set its mode, fsync it,
** rename it to `path` and fsync the folder.  On failure tmp is removed.
*/
int ej_atomic_rename(const char *tmp, const char *path, int mode, struct ej_err *err)
{
	const char *what;
	int fd, e;

	what = "cannot set the mode";
	if (chmod(tmp, (mode_t)mode) != 0)
		goto fail;
	what = "cannot sync";
	fd = open(tmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		goto fail;
	if (fsync(fd) != 0) {
		e = errno;
		close(fd);
		errno = e;
		goto fail;
	}
	close(fd);
	what = "cannot rename the temporary file";
	if (rename(tmp, path) != 0)
		goto fail;
	return sync_dir(path, err);
fail:
	e = errno;
	unlink(tmp);
	return ej_err_set(err, EJ_EIO, "%s: %s: %s", path, what, strerror(e));
}

/* mkdir -p: every missing folder of `dir` with `mode`; existing ones are fine. */
int ej_mkdirs(const char *dir, int mode, struct ej_err *err)
{
	char *p = ej_strdup(dir), *s;
	struct stat st;
	int rc = EJ_OK;

	if (!*p)
		goto out;
	for (s = p + 1;; s++) {
		char c = *s;
		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, (mode_t)mode) != 0) {
			int e = errno;
			if (e != EEXIST || stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
				rc = ej_err_set(err, EJ_EIO, "cannot create the folder %s: %s", p,
						strerror(e == EEXIST ? ENOTDIR : e));
				goto out;
			}
		}
		*s = c;
		if (c == '\0')
			break;
	}
out:
	free(p);
	return rc;
}
