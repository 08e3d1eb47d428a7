/*
** collect.c — filling an archive spec: documents by file, the database by
** online backup + gzip, the private work folder and stale leftovers.
*/
#include "archive/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "util/xalloc.h"

void ej_archive_spec_init(struct ej_archive_spec *s, const char *year, time_t created,
			  const char *tool_version)
{
	memset(s, 0, sizeof(*s));
	s->year = ej_strdup(year ? year : "");
	s->created = created;
	s->tool_version = ej_strdup(tool_version ? tool_version : "");
}

void ej_archive_spec_release(struct ej_archive_spec *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nitems; i++) {
		free(s->items[i].member);
		free(s->items[i].path);
		free(s->items[i].doc_id);
	}
	free(s->items);
	for (i = 0; i < s->ncounts; i++)
		free(s->counts[i].name);
	free(s->counts);
	free(s->year);
	free(s->tool_version);
	free(s->institution);
	memset(s, 0, sizeof(*s));
}

/* The add behind ej_archive_add(); reserved names only from this module. */
static int add_item(struct ej_archive_spec *s, const char *member, const char *path,
		    const char *doc_id, bool reserved_ok, struct ej_err *err)
{
	struct stat sb;
	size_t i;

	if (!ej_archive_member_ok(member))
		return ej_err_set(err, EJ_EUSAGE, "«%s»: недопустимое имя файла в архиве "
				  "(абсолютный путь, «..», управляющие символы или «\\»)", member);
	if (!reserved_ok && (!strcmp(member, EJ_ARCHIVE_SUMS) ||
			     !strcmp(member, EJ_ARCHIVE_METADATA) ||
			     !strcmp(member, EJ_ARCHIVE_DB_MEMBER)))
		return ej_err_set(err, EJ_EUSAGE, "«%s»: это имя архив использует сам", member);
	for (i = 0; i < s->nitems; i++)
		if (!strcmp(s->items[i].member, member))
			return ej_err_set(err, EJ_EUSAGE, "«%s»: такой файл в архиве уже есть "
					  "(%s)", member, s->items[i].path);
	if (stat(path, &sb) != 0)
		return ej_err_set(err, EJ_EIO, "%s: %s", path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return ej_err_set(err, EJ_EUSAGE, "%s: не обычный файл", path);
	if (access(path, R_OK) != 0)
		return ej_err_set(err, EJ_EIO, "%s: %s", path, strerror(errno));
	EJ_GROW(s->items, s->nitems + 1, s->aitems);
	s->items[s->nitems].member = ej_strdup(member);
	s->items[s->nitems].path = ej_strdup(path);
	s->items[s->nitems].doc_id = doc_id && *doc_id ? ej_strdup(doc_id) : NULL;
	s->nitems++;
	return EJ_OK;
}

int ej_archive_add(struct ej_archive_spec *s, const char *member, const char *path,
		   const char *doc_id, struct ej_err *err)
{
	return add_item(s, member, path, doc_id, false, err);
}

void ej_archive_set_count(struct ej_archive_spec *s, const char *name, long value)
{
	size_t i;

	for (i = 0; i < s->ncounts; i++)
		if (!strcmp(s->counts[i].name, name)) {
			s->counts[i].value = value;
			return;
		}
	EJ_GROW(s->counts, s->ncounts + 1, s->acounts);
	s->counts[s->ncounts].name = ej_strdup(name);
	s->counts[s->ncounts].value = value;
	s->ncounts++;
}

/*
** gzip src into a new dst (0600, must not exist).  Level 1: on a 123 MB
** database it is twice as fast as level 6 for 2 % more bytes (docs/archive.md).
*/
static int gzip_file(const char *src, const char *dst, const struct ej_progress *progress,
		     struct ej_err *err)
{
	unsigned char *chunk = ej_malloc(EJ_ARCHIVE_CHUNK);
	FILE *in = NULL;
	gzFile gz = NULL;
	struct stat sb;
	long long done = 0, total = 0;
	int fd, rc = EJ_EIO, zerr;
	size_t n;

	in = fopen(src, "rb");
	if (!in) {
		ej_err_set(err, EJ_EIO, "%s: %s", src, strerror(errno));
		goto out;
	}
	if (fstat(fileno(in), &sb) == 0)
		total = (long long)sb.st_size;
	fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		ej_err_set(err, EJ_EIO, "%s: %s", dst, strerror(errno));
		goto out;
	}
	gz = gzdopen(fd, "wb1");
	if (!gz) {
		close(fd);
		ej_err_set(err, EJ_EIO, "%s: gzip: out of memory", dst);
		goto out;
	}
	while ((n = fread(chunk, 1, EJ_ARCHIVE_CHUNK, in)) > 0) {
		if (gzwrite(gz, chunk, (unsigned)n) != (int)n) {
			int e = errno;
			const char *msg = gzerror(gz, &zerr);
			ej_err_set(err, EJ_EIO, "%s: %s", dst, zerr == Z_ERRNO ? strerror(e) : msg);
			goto out;
		}
		done += (long long)n;
		ej_progress(progress, "сжатие копии базы", (long)(done >> 10), (long)(total >> 10));
	}
	if (ferror(in)) {
		ej_err_set(err, EJ_EIO, "%s: read error", src);
		goto out;
	}
	zerr = gzclose(gz);
	gz = NULL;
	if (zerr != Z_OK) {
		ej_err_set(err, EJ_EIO, "%s: %s", dst, zerr == Z_ERRNO ? strerror(errno) :
			   "gzip failed");
		goto out;
	}
	rc = EJ_OK;
out:
	if (gz)
		gzclose(gz);
	if (in)
		fclose(in);
	free(chunk);
	return rc;
}

int ej_archive_add_db(struct ej_archive_spec *s, struct ej_db *db, const char *workdir,
		      struct ej_err *err)
{
	static const char *const tables[][2] = {
		{ "groups", "grp" }, { "students", "student" },
		{ "lessons", "lesson" }, { "marks", "mark" },
	};
	char *raw = ej_asprintf("%s/ejournal.db", workdir);
	char *gz = ej_asprintf("%s/ejournal.db.gz", workdir);
	size_t i;
	int rc;

	if ((rc = ej_db_backup(db, raw, err)))
		goto out;
	if ((rc = gzip_file(raw, gz, s->progress, err)))
		goto out;
	unlink(raw);
	if ((rc = add_item(s, EJ_ARCHIVE_DB_MEMBER, gz, NULL, true, err)))
		goto out;
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		ej_archive_set_count(s, tables[i][0], ej_db_count(db, tables[i][1]));
	ej_archive_set_count(s, "schema_version", EJ_SCHEMA_VERSION);
out:
	if (rc)
		unlink(raw);
	free(raw);
	free(gz);
	return rc;
}

/* ---- the work folder ----------------------------------------------------- */

static const char *tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t == '/' ? t : "/tmp";
}

char *ej_archive_workdir_new(struct ej_err *err)
{
	char *dir = ej_asprintf("%s/ejournal-archive.%ld.XXXXXX", tmpdir(), (long)getpid());

	if (!mkdtemp(dir)) {     /* mkdtemp makes it 0700 */
		ej_err_set(err, EJ_EIO, "%s: %s", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

/* rm -r of a tree we made (no symlinks followed: unlinkat on entries). */
static void remove_tree_at(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d;
	struct dirent *de;

	if (fd < 0) {
		unlinkat(dfd, name, 0);
		return;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (unlinkat(fd, de->d_name, 0) != 0 && (errno == EISDIR || errno == EPERM))
			remove_tree_at(fd, de->d_name);
	}
	closedir(d);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

void ej_archive_workdir_remove(const char *dir)
{
	if (dir)
		remove_tree_at(AT_FDCWD, dir);
}

/* The pid in "<prefix><pid>.<rest>", or 0 when name does not have that form. */
static long leftover_pid(const char *name, const char *prefix, const char *infix)
{
	const char *p;
	char *end;
	long pid;

	if (strncmp(name, prefix, strlen(prefix)) != 0)
		return 0;
	p = name + strlen(prefix);
	if (infix) {
		p = strstr(p, infix);
		if (!p)
			return 0;
		p += strlen(infix);
	}
	if (*p < '1' || *p > '9')
		return 0;
	pid = strtol(p, &end, 10);
	return *end == '.' ? pid : 0;
}

int ej_archive_clean_stale(const char *dir)
{
	const char *where = dir ? dir : tmpdir();
	DIR *d = opendir(where);
	struct dirent *de;
	struct stat sb;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		long pid;
		bool is_work = false;

		if ((pid = leftover_pid(de->d_name, "ejournal-archive.", NULL)) != 0)
			is_work = true;
		else if ((pid = leftover_pid(de->d_name, ".ejournal-", ".zip.tmp.")) == 0)
			continue;
		if (pid == (long)getpid() || fstatat(dirfd(d), de->d_name, &sb,
						     AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (sb.st_uid != getuid())
			continue;
		/* Still running (or not ours to signal): leave it. */
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (is_work && S_ISDIR(sb.st_mode))
			remove_tree_at(dirfd(d), de->d_name);
		else if (!is_work && S_ISREG(sb.st_mode))
			unlinkat(dirfd(d), de->d_name, 0);
		else
			continue;
		n++;
	}
	closedir(d);
	return n;
}

int ej_archive_clean_stale_tmp(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? ej_strndup(path, (size_t)(slash - path + (slash == path))) :
		    ej_strdup(".");
	char *prefix = ej_asprintf(".%s.tmp.", slash ? slash + 1 : path);
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat sb;
	int n = 0;

	while (d && (de = readdir(d)) != NULL) {
		long pid = leftover_pid(de->d_name, prefix, NULL);

		if (pid == 0 || pid == (long)getpid() ||
		    fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode) || sb.st_uid != getuid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) == 0)
			n++;
	}
	if (d)
		closedir(d);
	free(prefix);
	free(dir);
	return n;
}
