/*
** restore.c — bringing the database (and documents) back from an archive.
**
** Order: refuse existing targets (unless force) → verify the whole archive
** → gunzip the database into a temporary beside the target, hashing it
** again → PRAGMA integrity_check and schema version → rename into place →
** extract the other members under out_dir through *at() calls that never
** follow a symlink.
*/
#include "archive/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>
#include <zlib.h>

#include "util/atomic.h"
#include "util/xalloc.h"

static bool exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* ---- the database ---------------------------------------------------------- */

struct gunzip {
	z_stream zs;
	int fd;
	bool ended;
	char msg[160];
	unsigned char out[EJ_ARCHIVE_CHUNK];
};

static int sink_gunzip(void *ctx, const void *p, size_t n)
{
	struct gunzip *g = ctx;
	int zrc;

	g->zs.next_in = (Bytef *)p;
	g->zs.avail_in = (uInt)n;
	while (g->zs.avail_in > 0) {
		if (g->ended) {
			snprintf(g->msg, sizeof(g->msg), "данные после конца gzip");
			return EJ_EDATA;
		}
		g->zs.next_out = g->out;
		g->zs.avail_out = sizeof(g->out);
		zrc = inflate(&g->zs, Z_NO_FLUSH);
		if (zrc == Z_STREAM_END) {
			g->ended = true;
		} else if (zrc != Z_OK) {
			snprintf(g->msg, sizeof(g->msg), "не gzip или gzip повреждён (%s)",
				 g->zs.msg ? g->zs.msg : "inflate");
			return EJ_EDATA;
		}
		if (write_all(g->fd, g->out, sizeof(g->out) - g->zs.avail_out) != 0) {
			snprintf(g->msg, sizeof(g->msg), "%s", strerror(errno));
			return EJ_EIO;
		}
	}
	return EJ_OK;
}

/* PRAGMA integrity_check gives exactly "ok", and the schema is one we know. */
static int check_db(const char *path, const char *what, struct ej_err *err)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	const char *res;
	int rc = EJ_EDATA, v;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		ej_err_set(err, EJ_EDATA, "%s: не открывается как SQLite: %s", what,
			   h ? sqlite3_errmsg(h) : "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		ej_err_set(err, EJ_EDATA, "%s: integrity_check: %s", what, sqlite3_errmsg(h));
		goto out;
	}
	res = (const char *)sqlite3_column_text(st, 0);
	if (!res || strcmp(res, "ok") != 0 || sqlite3_step(st) != SQLITE_DONE) {
		ej_err_set(err, EJ_EDATA, "%s: база повреждена: integrity_check: %s", what,
			   res ? res : "?");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		ej_err_set(err, EJ_EDATA, "%s: %s", what, sqlite3_errmsg(h));
		goto out;
	}
	v = sqlite3_column_int(st, 0);
	if (v < 1 || v > EJ_SCHEMA_VERSION) {
		ej_err_set(err, EJ_EDATA, "%s: версия схемы %d: это не база ejournal или она "
			   "новее этой программы (%d)", what, v, EJ_SCHEMA_VERSION);
		goto out;
	}
	rc = EJ_OK;
out:
	sqlite3_finalize(st);
	sqlite3_close(h);
	return rc;
}

/* Fold an existing WAL into its database so no stale -wal outlives it. */
static void checkpoint_existing(const char *path)
{
	sqlite3 *h = NULL;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(h, 5000);
		sqlite3_exec(h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	}
	sqlite3_close(h);
}

static int restore_db(unzFile uf, const struct ej_sums_entry *want, const char *zip_path,
		      const struct ej_restore_opts *o, struct ej_err *err)
{
	static const char *const side[] = { "-wal", "-shm", "-journal" };
	struct gunzip *g = ej_calloc(1, sizeof(*g));
	char *tmp = ej_archive_tmpname(o->db_path);
	char hex[65], why[160];
	size_t i;
	int rc;

	g->fd = -1;
	ej_archive_clean_stale_tmp(o->db_path);   /* left by a killed restore */
	if (inflateInit2(&g->zs, 16 + MAX_WBITS) != Z_OK) {
		rc = ej_err_set(err, EJ_EIO, "zlib: out of memory");
		free(g);
		free(tmp);
		return rc;
	}
	g->fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (g->fd < 0) {
		rc = ej_err_set(err, EJ_EIO, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (unzLocateFile(uf, EJ_ARCHIVE_DB_MEMBER, 1) != UNZ_OK) {
		rc = ej_err_set(err, EJ_EFOUND, "%s: «%s» отсутствует", zip_path,
				EJ_ARCHIVE_DB_MEMBER);
		goto fail;
	}
	rc = ej_member_read(uf, hex, NULL, sink_gunzip, g, o->progress, NULL, 0, why, sizeof(why));
	if (rc == EJ_EFOUND || (rc == EJ_OK && strcmp(hex, want->hex) != 0)) {
		rc = ej_err_set(err, EJ_EFOUND, "%s: архив повреждён: «%s» изменён: %s", zip_path,
				EJ_ARCHIVE_DB_MEMBER, rc ? why : "SHA-256 не совпадает с SHA256SUMS");
		goto fail;
	}
	if (rc == EJ_EIO) {
		rc = ej_err_set(err, EJ_EIO, "%s: %s", tmp, g->msg);
		goto fail;
	}
	if (rc != EJ_OK || !g->ended) {
		rc = ej_err_set(err, EJ_EDATA, "%s: «%s»: %s", zip_path, EJ_ARCHIVE_DB_MEMBER,
				g->msg[0] ? g->msg : "gzip обрывается");
		goto fail;
	}
	{
		int bad = fsync(g->fd) != 0 ? errno : 0;
		if (close(g->fd) != 0 && !bad)
			bad = errno;
		g->fd = -1;
		if (bad) {
			rc = ej_err_set(err, EJ_EIO, "%s: %s", tmp, strerror(bad));
			goto fail;
		}
	}
	if ((rc = check_db(tmp, EJ_ARCHIVE_DB_MEMBER, err)))
		goto fail;
	if (o->force && exists(o->db_path))
		checkpoint_existing(o->db_path);
	if ((rc = ej_atomic_rename(tmp, o->db_path, 0600, err)))
		goto fail;
	/* Side files of the replaced database must not be applied to this one. */
	for (i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
		char *p = ej_asprintf("%s%s", o->db_path, side[i]);
		unlink(p);
		free(p);
	}
	goto out;
fail:
	if (g->fd >= 0)
		close(g->fd);
	g->fd = -1;
	unlink(tmp);
out:
	if (g->fd >= 0)
		close(g->fd);
	inflateEnd(&g->zs);
	free(g);
	free(tmp);
	return rc;
}

/* ---- documents ------------------------------------------------------------- */

struct fdsink {
	int fd;
	int saved_errno;
};

static int sink_fd(void *ctx, const void *p, size_t n)
{
	struct fdsink *s = ctx;

	if (write_all(s->fd, p, n) != 0) {
		s->saved_errno = errno;
		return EJ_EIO;
	}
	return EJ_OK;
}

/*
** Open (creating 0700) the folders of name under dirfd, never through a
** symlink; returns the fd of the last folder and points *leaf at the file
** name, or -1 with err.
*/
static int open_parent(int root, const char *name, const char **leaf, const char *out_dir,
		       struct ej_err *err)
{
	char comp[EJ_MEMBER_NAME_MAX + 1];
	const char *p = name, *slash;
	int dfd = dup(root);

	while (dfd >= 0 && (slash = strchr(p, '/')) != NULL) {
		size_t n = (size_t)(slash - p);
		int nfd;

		memcpy(comp, p, n);
		comp[n] = '\0';
		if (mkdirat(dfd, comp, 0700) != 0 && errno != EEXIST) {
			ej_err_set(err, EJ_EIO, "%s/%.*s: %s", out_dir, (int)(slash - name), name,
				   strerror(errno));
			close(dfd);
			return -1;
		}
		nfd = openat(dfd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0) {
			ej_err_set(err, EJ_EIO, "%s/%.*s: %s", out_dir, (int)(slash - name), name,
				   errno == ELOOP || errno == ENOTDIR ?
				   "не каталог (символическая ссылка?): отказ" : strerror(errno));
			close(dfd);
			return -1;
		}
		close(dfd);
		dfd = nfd;
		p = slash + 1;
	}
	if (dfd < 0)
		ej_err_set(err, EJ_EIO, "%s: %s", out_dir, strerror(errno));
	*leaf = p;
	return dfd;
}

/* Write the current member (or buf when given) to out_dir/name, atomically. */
static int extract_one(unzFile uf, int root, const char *out_dir, const char *name,
		       const char *want_hex, const struct ej_buf *buf, bool force,
		       struct ej_err *err)
{
	static unsigned counter;
	const char *leaf;
	char tmp[EJ_MEMBER_NAME_MAX + 64], hex[65], why[160];
	struct fdsink s = { -1, 0 };
	struct stat sb;
	int dfd, rc;

	dfd = open_parent(root, name, &leaf, out_dir, err);
	if (dfd < 0)
		return EJ_EIO;
	if (fstatat(dfd, leaf, &sb, AT_SYMLINK_NOFOLLOW) == 0 && (!force || S_ISDIR(sb.st_mode))) {
		close(dfd);
		return ej_err_set(err, EJ_EUSAGE, "%s/%s: уже существует: --force заменит",
				  out_dir, name);
	}
	snprintf(tmp, sizeof(tmp), ".%s.tmp.%ld.%u", leaf, (long)getpid(), ++counter);
	s.fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (s.fd < 0) {
		rc = ej_err_set(err, EJ_EIO, "%s/%s: %s", out_dir, name, strerror(errno));
		close(dfd);
		return rc;
	}
	if (buf) {
		rc = sink_fd(&s, buf->data ? buf->data : "", buf->len);
	} else {
		rc = ej_member_read(uf, hex, NULL, sink_fd, &s, NULL, NULL, 0, why, sizeof(why));
		if (rc == EJ_EFOUND || (rc == EJ_OK && strcmp(hex, want_hex) != 0))
			rc = ej_err_set(err, EJ_EFOUND, "архив повреждён: «%s» изменён: %s", name,
					rc ? why : "SHA-256 не совпадает с SHA256SUMS");
	}
	if (rc == EJ_EIO)
		ej_err_set(err, EJ_EIO, "%s/%s: %s", out_dir, name, strerror(s.saved_errno));
	if (rc == EJ_OK && fsync(s.fd) != 0)
		rc = ej_err_set(err, EJ_EIO, "%s/%s: %s", out_dir, name, strerror(errno));
	if (close(s.fd) != 0 && rc == EJ_OK)
		rc = ej_err_set(err, EJ_EIO, "%s/%s: %s", out_dir, name, strerror(errno));
	if (rc == EJ_OK && renameat(dfd, tmp, dfd, leaf) != 0)
		rc = ej_err_set(err, EJ_EIO, "%s/%s: %s", out_dir, name, strerror(errno));
	if (rc)
		unlinkat(dfd, tmp, 0);
	else
		(void)fsync(dfd);
	close(dfd);
	return rc;
}

static int extract_all(unzFile uf, struct ej_sums *sums, const struct ej_buf *sums_text,
		       const struct ej_restore_opts *o, struct ej_err *err)
{
	int root, rc, zrc;

	if ((rc = ej_mkdirs(o->out_dir, 0700, err)))
		return rc;
	root = open(o->out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return ej_err_set(err, EJ_EIO, "%s: %s", o->out_dir, strerror(errno));
	for (zrc = unzGoToFirstFile(uf); zrc == UNZ_OK; zrc = unzGoToNextFile(uf)) {
		char name[EJ_MEMBER_NAME_MAX + 2];
		struct ej_sums_entry *e;

		if (unzGetCurrentFileInfo64(uf, NULL, name, sizeof(name), NULL, 0, NULL, 0) != UNZ_OK)
			break;
		if (!strcmp(name, EJ_ARCHIVE_DB_MEMBER) || !strcmp(name, EJ_ARCHIVE_SUMS))
			continue;
		e = ej_sums_find(sums, name);
		if (!e)
			continue;   /* directory entries: verify allowed nothing else */
		if ((rc = extract_one(uf, root, o->out_dir, name, e->hex, NULL, o->force, err)))
			goto out;
	}
	if (zrc != UNZ_END_OF_LIST_OF_FILE) {
		rc = ej_err_set(err, EJ_EFOUND, "оглавление ZIP повреждено");
		goto out;
	}
	rc = extract_one(uf, root, o->out_dir, EJ_ARCHIVE_SUMS, NULL, sums_text, o->force, err);
out:
	close(root);
	return rc;
}

/* ---- the whole restore ------------------------------------------------------- */

struct textsink {
	struct ej_buf *b;
};

static int sink_text(void *ctx, const void *p, size_t n)
{
	return ej_buf_add(((struct textsink *)ctx)->b, p, n) ? EJ_EDATA : EJ_OK;
}

int ej_archive_restore(const char *zip_path, const struct ej_restore_opts *o,
		       struct ej_archive_check *check, struct ej_err *err)
{
	static const char *const side[] = { "", "-wal", "-journal" };
	struct ej_archive_check local, *chk = check ? check : &local;
	struct ej_sums sums = { 0 };
	struct ej_buf text;
	struct textsink ts;
	struct ej_sums_entry *dbe;
	unzFile uf = NULL;
	char hex[65], why[160];
	size_t i;
	int rc;

	if (!check)
		ej_archive_check_init(&local);
	ej_buf_init(&text, EJ_SUMS_MAX);
	if (!o->db_path || !*o->db_path)
		return ej_err_set(err, EJ_EUSAGE, "restore: нужен --db FILE");
	for (i = 0; !o->force && i < sizeof(side) / sizeof(side[0]); i++) {
		char *p = ej_asprintf("%s%s", o->db_path, side[i]);
		bool there = exists(p);
		free(p);
		if (there) {
			rc = ej_err_set(err, EJ_EUSAGE, "%s%s: уже существует: восстановление не "
					"заменяет базу без --force", o->db_path, side[i]);
			goto out;
		}
	}
	if ((rc = ej_archive_verify(zip_path, chk, o->progress, err)))
		goto out;
	{
		/* The folder of the database, as `mkdir -p` would (0700). */
		const char *slash = strrchr(o->db_path, '/');
		if (slash && slash != o->db_path) {
			char *dir = ej_strndup(o->db_path, (size_t)(slash - o->db_path));
			rc = ej_mkdirs(dir, 0700, err);
			free(dir);
			if (rc)
				goto out;
		}
	}
	/* Verified; read the list again to check each member as it is extracted. */
	uf = unzOpen64(zip_path);
	ts.b = &text;
	if (!uf || unzLocateFile(uf, EJ_ARCHIVE_SUMS, 1) != UNZ_OK ||
	    ej_member_read(uf, hex, NULL, sink_text, &ts, NULL, NULL, 0, why, sizeof(why)) ||
	    strcmp(hex, chk->sums_sha256) != 0) {
		rc = ej_err_set(err, EJ_EFOUND, "%s: архив изменился во время восстановления",
				zip_path);
		goto out;
	}
	ej_sums_parse(text.data ? text.data : "", text.len, &sums, chk);
	dbe = ej_sums_find(&sums, EJ_ARCHIVE_DB_MEMBER);
	if (!dbe) {
		rc = ej_err_set(err, EJ_EDATA, "%s: в архиве нет базы данных (%s)", zip_path,
				EJ_ARCHIVE_DB_MEMBER);
		goto out;
	}
	if (o->out_dir && !o->force) {
		for (i = 0; i <= sums.n; i++) {
			const char *name = i < sums.n ? sums.v[i].name : EJ_ARCHIVE_SUMS;
			char *p;
			bool there;

			if (!strcmp(name, EJ_ARCHIVE_DB_MEMBER))
				continue;
			p = ej_asprintf("%s/%s", o->out_dir, name);
			there = exists(p);
			free(p);
			if (there) {
				rc = ej_err_set(err, EJ_EUSAGE, "%s/%s: уже существует: --force "
						"заменит", o->out_dir, name);
				goto out;
			}
		}
	}
	if ((rc = restore_db(uf, dbe, zip_path, o, err)))
		goto out;
	if (o->out_dir)
		rc = extract_all(uf, &sums, &text, o, err);
out:
	if (uf)
		unzClose(uf);
	ej_sums_release(&sums);
	ej_buf_release(&text);
	if (!check)
		ej_archive_check_release(&local);
	return rc;
}
