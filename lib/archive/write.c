/*
** write.c — writing one copy of the archive: ZIP members with fixed
** timestamps, metadata.json, SHA256SUMS; temporary name, fsync, read back
** and verify, rename.
*/
#include "archive/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <minizip/zip.h>

#include "util/atomic.h"
#include "util/sha256.h"
#include "util/xalloc.h"

/* ---- file access for minizip: create 0600 exclusively, fsync on close ---- */

struct zio {
	int saved_errno;     /* first failure, for the message */
};

static voidpf ZCALLBACK zio_open(voidpf opaque, const void *filename, int mode)
{
	struct zio *z = opaque;
	FILE *fp;
	int fd;

	(void)mode;   /* we only ever create */
	fd = open(filename, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		z->saved_errno = errno;
		return NULL;
	}
	fp = fdopen(fd, "wb");
	if (!fp) {
		z->saved_errno = errno;
		close(fd);
	}
	return fp;
}

static uLong ZCALLBACK zio_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
	(void)opaque;
	return (uLong)fread(buf, 1, (size_t)size, stream);
}

static uLong ZCALLBACK zio_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
	struct zio *z = opaque;
	size_t n = fwrite(buf, 1, (size_t)size, stream);

	if (n != (size_t)size && !z->saved_errno)
		z->saved_errno = errno ? errno : EIO;
	return (uLong)n;
}

static ZPOS64_T ZCALLBACK zio_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return (ZPOS64_T)ftello(stream);
}

static long ZCALLBACK zio_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
	int whence = origin == ZLIB_FILEFUNC_SEEK_CUR ? SEEK_CUR :
		     origin == ZLIB_FILEFUNC_SEEK_END ? SEEK_END : SEEK_SET;

	(void)opaque;
	return fseeko(stream, (off_t)off, whence) == 0 ? 0 : -1;
}

/* Flush, fsync and close: the copy is on the disk when this returns 0. */
static int ZCALLBACK zio_close(voidpf opaque, voidpf stream)
{
	struct zio *z = opaque;
	FILE *fp = stream;
	int bad = 0;

	if (fflush(fp) != 0 || ferror(fp))
		bad = errno ? errno : EIO;
	if (!bad && fsync(fileno(fp)) != 0)
		bad = errno;
	if (fclose(fp) != 0 && !bad)
		bad = errno ? errno : EIO;
	if (bad && !z->saved_errno)
		z->saved_errno = bad;
	return bad ? -1 : 0;
}

static int ZCALLBACK zio_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ferror((FILE *)stream);
}

/* ---- metadata.json ------------------------------------------------------- */

static void json_str(struct ej_buf *b, const char *s)
{
	const unsigned char *p;

	if (!s) {
		ej_buf_adds(b, "null");
		return;
	}
	ej_buf_addc(b, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			ej_buf_addc(b, '\\');
			ej_buf_addc(b, (char)*p);
		} else if (*p < 0x20) {
			ej_buf_printf(b, "\\u%04x", *p);
		} else {
			ej_buf_addc(b, (char)*p);
		}
	}
	ej_buf_addc(b, '"');
}

static void iso_utc(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The metadata of the archive; hex[i] and size[i] belong to spec->items[i]. */
static void build_metadata(const struct ej_archive_spec *spec, char (*hex)[65],
			   const long long *size, struct ej_buf *b)
{
	char when[32];
	size_t i;

	iso_utc(spec->created, when);
	ej_buf_adds(b, "{\n  \"format\": \"ejournal-archive\",\n");
	ej_buf_printf(b, "  \"format_version\": %d,\n", EJ_ARCHIVE_FORMAT);
	ej_buf_adds(b, "  \"year\": ");
	json_str(b, spec->year);
	ej_buf_printf(b, ",\n  \"created\": \"%s\",\n  \"tool\": \"ejournal\",\n"
		      "  \"tool_version\": ", when);
	json_str(b, spec->tool_version);
	ej_buf_adds(b, ",\n  \"institution\": ");
	json_str(b, spec->institution);
	ej_buf_adds(b, ",\n  \"counts\": {");
	for (i = 0; i < spec->ncounts; i++) {
		ej_buf_adds(b, i ? ",\n    " : "\n    ");
		json_str(b, spec->counts[i].name);
		ej_buf_printf(b, ": %ld", spec->counts[i].value);
	}
	ej_buf_adds(b, spec->ncounts ? "\n  },\n" : "},\n");
	ej_buf_adds(b, "  \"files\": [");
	for (i = 0; i < spec->nitems; i++) {
		ej_buf_adds(b, i ? ",\n    { \"member\": " : "\n    { \"member\": ");
		json_str(b, spec->items[i].member);
		ej_buf_adds(b, ", \"document_id\": ");
		json_str(b, spec->items[i].doc_id);
		ej_buf_printf(b, ", \"size\": %lld, \"sha256\": \"%s\" }", size[i], hex[i]);
	}
	ej_buf_adds(b, spec->nitems ? "\n  ]\n}\n" : "]\n}\n");
}

/* ---- members --------------------------------------------------------------- */

/* Already-compressed formats are stored; the rest deflated at level 6. */
static bool worth_deflating(const char *member)
{
	static const char *const packed[] = { ".gz", ".zip", ".xlsx", ".docx", ".ods", ".odt",
					      ".png", ".jpg", ".jpeg", ".bz2", ".xz", ".zst" };
	size_t len = strlen(member), i;

	for (i = 0; i < sizeof(packed) / sizeof(packed[0]); i++) {
		size_t k = strlen(packed[i]);
		if (len > k && !strcasecmp(member + len - k, packed[i]))
			return false;
	}
	return true;
}

struct writer {
	zipFile zf;
	struct zio io;
	zip_fileinfo zi;
	const struct ej_progress *progress;
	long long done, total;
	const char *path;    /* the temporary, for messages */
};

static int zip_fail(struct writer *w, struct ej_err *err, const char *member, int zrc)
{
	if (w->io.saved_errno)
		return ej_err_set(err, EJ_EIO, "%s: «%s»: %s", w->path, member,
				  strerror(w->io.saved_errno));
	return ej_err_set(err, EJ_EIO, "%s: «%s»: ZIP error %d", w->path, member, zrc);
}

static int open_member(struct writer *w, const char *member, long long size,
		       struct ej_err *err)
{
	bool deflate = worth_deflating(member);
	/* Zip64 where the size (or a slightly expanded deflate) may pass 4 GiB. */
	int zip64 = size >= 0xF0000000LL;
	int zrc;

	/* 0x0314: made by Unix, spec 2.0, so the 0600 mode below is honoured;
	** flag bit 11: the name is UTF-8. */
	zrc = zipOpenNewFileInZip4_64(w->zf, member, &w->zi, NULL, 0, NULL, 0, NULL,
				      deflate ? Z_DEFLATED : 0, deflate ? 6 : 0, 0,
				      -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, NULL, 0,
				      0x0314, 0x800, zip64);
	if (zrc != ZIP_OK)
		return zip_fail(w, err, member, zrc);
	return EJ_OK;
}

static int close_member(struct writer *w, const char *member, struct ej_err *err)
{
	int zrc = zipCloseFileInZip(w->zf);

	return zrc == ZIP_OK ? EJ_OK : zip_fail(w, err, member, zrc);
}

/* Store the file at path as member, hashing what is stored. */
static int add_file(struct writer *w, const char *member, const char *path,
		    char hex[65], long long *size, struct ej_err *err)
{
	unsigned char *chunk = NULL;
	struct ej_sha256 *h = NULL;
	struct stat sb;
	FILE *fp;
	size_t n;
	int rc, zrc;

	fp = fopen(path, "rb");
	if (!fp)
		return ej_err_set(err, EJ_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fileno(fp), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(fp);
		return ej_err_set(err, EJ_EIO, "%s: не обычный файл", path);
	}
	if ((rc = open_member(w, member, (long long)sb.st_size, err))) {
		fclose(fp);
		return rc;
	}
	chunk = ej_malloc(EJ_ARCHIVE_CHUNK);
	h = ej_sha256_new();
	*size = 0;
	while ((n = fread(chunk, 1, EJ_ARCHIVE_CHUNK, fp)) > 0) {
		ej_sha256_update(h, chunk, n);
		zrc = zipWriteInFileInZip(w->zf, chunk, (unsigned)n);
		if (zrc != ZIP_OK) {
			rc = zip_fail(w, err, member, zrc);
			goto out;
		}
		*size += (long long)n;
		w->done += (long long)n;
		ej_progress(w->progress, "запись архива", (long)(w->done >> 10),
			    (long)(w->total >> 10));
	}
	if (ferror(fp)) {
		rc = ej_err_set(err, EJ_EIO, "%s: ошибка чтения", path);
		goto out;
	}
	rc = close_member(w, member, err);
out:
	ej_sha256_final(h, hex);
	free(chunk);
	fclose(fp);
	return rc;
}

static int add_buffer(struct writer *w, const char *member, const char *p, size_t n,
		      struct ej_err *err)
{
	int rc, zrc;

	if ((rc = open_member(w, member, (long long)n, err)))
		return rc;
	zrc = zipWriteInFileInZip(w->zf, p, (unsigned)n);
	if (zrc != ZIP_OK)
		return zip_fail(w, err, member, zrc);
	return close_member(w, member, err);
}

/* Write the whole ZIP to tmp; *sums gets the SHA256SUMS text written. */
static int write_zip(const struct ej_archive_spec *spec, const char *tmp,
		     struct ej_buf *sums, struct ej_err *err)
{
	zlib_filefunc64_def ff;
	struct writer w;
	struct ej_buf meta;
	char (*hex)[65] = ej_calloc(spec->nitems + 1, sizeof(*hex));
	long long *size = ej_calloc(spec->nitems + 1, sizeof(*size));
	char meta_hex[65];
	struct tm tm;
	struct stat sb;
	size_t i;
	int rc = EJ_OK, zrc;

	memset(&w, 0, sizeof(w));
	ej_buf_init(&meta, 0);
	w.path = tmp;
	w.progress = spec->progress;
	for (i = 0; i < spec->nitems; i++)
		if (stat(spec->items[i].path, &sb) == 0)
			w.total += (long long)sb.st_size;
	/* Every member carries the metadata time (UTC): same content, same bytes. */
	gmtime_r(&spec->created, &tm);
	if (tm.tm_year < 80) {   /* DOS dates start in 1980 */
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = 80;
		tm.tm_mday = 1;
	}
	w.zi.tmz_date.tm_sec = (uInt)tm.tm_sec;
	w.zi.tmz_date.tm_min = (uInt)tm.tm_min;
	w.zi.tmz_date.tm_hour = (uInt)tm.tm_hour;
	w.zi.tmz_date.tm_mday = (uInt)tm.tm_mday;
	w.zi.tmz_date.tm_mon = (uInt)tm.tm_mon;
	w.zi.tmz_date.tm_year = (uInt)tm.tm_year + 1900;
	w.zi.external_fa = (uLong)0100600 << 16;

	memset(&ff, 0, sizeof(ff));
	ff.zopen64_file = zio_open;
	ff.zread_file = zio_read;
	ff.zwrite_file = zio_write;
	ff.ztell64_file = zio_tell;
	ff.zseek64_file = zio_seek;
	ff.zclose_file = zio_close;
	ff.zerror_file = zio_error;
	ff.opaque = &w.io;
	w.zf = zipOpen2_64(tmp, APPEND_STATUS_CREATE, NULL, &ff);
	if (!w.zf) {
		rc = ej_err_set(err, EJ_EIO, "%s: %s", tmp,
				w.io.saved_errno ? strerror(w.io.saved_errno) : "cannot create");
		goto out;
	}
	for (i = 0; i < spec->nitems; i++) {
		rc = add_file(&w, spec->items[i].member, spec->items[i].path, hex[i], &size[i],
			      err);
		if (rc)
			goto out;
	}
	build_metadata(spec, hex, size, &meta);
	if ((rc = add_buffer(&w, EJ_ARCHIVE_METADATA, meta.data, meta.len, err)))
		goto out;
	ej_sha256_hex(meta.data, meta.len, meta_hex);
	ej_buf_reset(sums);
	for (i = 0; i < spec->nitems; i++)
		ej_buf_printf(sums, "%s  %s\n", hex[i], spec->items[i].member);
	ej_buf_printf(sums, "%s  %s\n", meta_hex, EJ_ARCHIVE_METADATA);
	if ((rc = add_buffer(&w, EJ_ARCHIVE_SUMS, sums->data, sums->len, err)))
		goto out;
out:
	if (w.zf) {
		zrc = zipClose(w.zf, NULL);
		if (zrc != ZIP_OK && !rc)
			rc = zip_fail(&w, err, "конец архива", zrc);
	}
	ej_buf_release(&meta);
	free(hex);
	free(size);
	return rc;
}

int ej_archive_write(const struct ej_archive_spec *spec, const char *dest_dir,
		     struct ej_err *err)
{
	char *name = ej_archive_filename(spec->year);
	char *final = NULL, *tmp = NULL;
	struct ej_archive_check chk;
	struct ej_buf sums;
	char want[65];
	int rc;

	ej_archive_check_init(&chk);
	ej_buf_init(&sums, 0);
	if ((rc = ej_mkdirs(dest_dir, 0700, err)))
		goto out;
	final = ej_asprintf("%s/%s", dest_dir, name);
	tmp = ej_archive_tmpname(final);
	if ((rc = write_zip(spec, tmp, &sums, err)))
		goto fail;
	/* Read back what the disk holds, not what the page cache remembers. */
	ej_archive_drop_cache(tmp);
	rc = ej_archive_verify(tmp, &chk, spec->progress, err);
	if (rc == EJ_EFOUND) {
		ej_err_prefix(err, "%s: проверка записанной копии не прошла", final);
		rc = EJ_EIO;
	}
	if (rc)
		goto fail;
	ej_sha256_hex(sums.data, sums.len, want);
	if (strcmp(want, chk.sums_sha256) != 0) {
		rc = ej_err_set(err, EJ_EIO, "%s: проверка записанной копии не прошла: "
				"SHA256SUMS прочитан не таким, каким записан", final);
		goto fail;
	}
	if ((rc = ej_atomic_rename(tmp, final, 0600, err)))
		goto fail;
	goto out;
fail:
	unlink(tmp);
out:
	ej_archive_check_release(&chk);
	ej_buf_release(&sums);
	free(name);
	free(final);
	free(tmp);
	return rc;
}
