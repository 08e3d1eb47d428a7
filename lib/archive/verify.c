/*
** verify.c — checking a copy of the archive: every member readable with a
** good CRC and the SHA-256 SHA256SUMS gives; the member set equal to the
** list plus SHA256SUMS; no unsafe names.
*/
#include "util/sort.h"
#include "archive/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/sha256.h"
#include "util/xalloc.h"

void ej_archive_drop_cache(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	(void)fdatasync(fd);
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	close(fd);
}

int ej_member_read(unzFile uf, char hex[65], long long *bytes, ej_member_sink sink,
		   void *sink_ctx, const struct ej_progress *progress, long long *done,
		   long long total, char *why, size_t whylen)
{
	unz_file_info64 fi;
	unsigned char *chunk;
	struct ej_sha256 *h;
	long long n = 0;
	int got, zrc, rc = EJ_OK;

	hex[0] = '\0';
	if (unzGetCurrentFileInfo64(uf, &fi, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK) {
		snprintf(why, whylen, "запись в оглавлении не читается");
		return EJ_EFOUND;
	}
	if (fi.flag & 1) {
		snprintf(why, whylen, "зашифрован");
		return EJ_EFOUND;
	}
	if (fi.compression_method != 0 && fi.compression_method != Z_DEFLATED) {
		snprintf(why, whylen, "неизвестный метод сжатия %lu", fi.compression_method);
		return EJ_EFOUND;
	}
	if (unzOpenCurrentFile(uf) != UNZ_OK) {
		snprintf(why, whylen, "локальный заголовок повреждён");
		return EJ_EFOUND;
	}
	chunk = ej_malloc(EJ_ARCHIVE_CHUNK);
	h = ej_sha256_new();
	while ((got = unzReadCurrentFile(uf, chunk, EJ_ARCHIVE_CHUNK)) > 0) {
		ej_sha256_update(h, chunk, (size_t)got);
		n += got;
		if (sink && (rc = sink(sink_ctx, chunk, (size_t)got)) != EJ_OK) {
			snprintf(why, whylen, "запись не удалась");
			break;
		}
		if (done) {
			*done += got;
			ej_progress(progress, "проверка архива", (long)(*done >> 10),
				    (long)(total >> 10));
		}
	}
	if (rc == EJ_OK && got < 0) {
		snprintf(why, whylen, "данные повреждены (ошибка распаковки %d)", got);
		rc = EJ_EFOUND;
	}
	zrc = unzCloseCurrentFile(uf);
	if (rc == EJ_OK && zrc == UNZ_CRCERROR) {
		snprintf(why, whylen, "CRC-32 не совпадает");
		rc = EJ_EFOUND;
	} else if (rc == EJ_OK && zrc != UNZ_OK) {
		snprintf(why, whylen, "ошибка чтения (%d)", zrc);
		rc = EJ_EFOUND;
	}
	if (rc == EJ_OK && (unsigned long long)n != fi.uncompressed_size) {
		snprintf(why, whylen, "размер %lld вместо %llu", n,
			 (unsigned long long)fi.uncompressed_size);
		rc = EJ_EFOUND;
	}
	ej_sha256_final(h, hex);
	free(chunk);
	if (bytes)
		*bytes = n;
	return rc;
}

/* One entry of the ZIP's central directory. */
struct entry {
	char *name;
	unz64_file_pos pos;
	long long size;
	bool skip;           /* a plain directory entry, or already reported */
};

static int entry_name_cmp(const void *a, const void *b)
{
	const struct entry *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* Read the central directory into *ev; names checked; false if unreadable. */
static bool list_entries(unzFile uf, struct entry **ev, size_t *nev,
			 struct ej_archive_check *chk)
{
	size_t alloc = 0;
	int zrc = unzGoToFirstFile(uf);

	while (zrc == UNZ_OK) {
		unz_file_info64 fi;
		char name[EJ_MEMBER_NAME_MAX + 2];
		struct entry e;
		unsigned mode;
		size_t len;

		memset(&e, 0, sizeof(e));
		if (unzGetCurrentFileInfo64(uf, &fi, name, sizeof(name), NULL, 0, NULL, 0) != UNZ_OK ||
		    unzGetFilePos64(uf, &e.pos) != UNZ_OK)
			return false;
		len = strnlen(name, sizeof(name));
		if (fi.size_filename >= sizeof(name) || len != fi.size_filename) {
			ej_check_add(chk, EJ_AP_BAD_NAME, name, "имя слишком длинное или с NUL");
			e.skip = true;
		}
		e.name = ej_strdup(name);
		e.size = (long long)fi.uncompressed_size;
		mode = (unsigned)(fi.external_fa >> 16);
		if (!e.skip && (fi.version >> 8) == 3 && (mode & 0170000) == 0120000) {
			ej_check_add(chk, EJ_AP_BAD_NAME, name, "символическая ссылка");
			e.skip = true;
		}
		if (!e.skip && len > 0 && name[len - 1] == '/') {
			/* Directory entries carry no data: ignored when their name is safe. */
			name[len - 1] = '\0';
			if (!ej_archive_member_ok(name) || fi.uncompressed_size != 0)
				ej_check_add(chk, EJ_AP_BAD_NAME, e.name, "недопустимый каталог");
			e.skip = true;
		} else if (!e.skip && !ej_archive_member_ok(name)) {
			ej_check_add(chk, EJ_AP_BAD_NAME, name,
				     "абсолютный путь, «..», «\\» или управляющие символы");
			e.skip = true;
		}
		EJ_GROW(*ev, *nev + 1, alloc);
		(*ev)[(*nev)++] = e;
		zrc = unzGoToNextFile(uf);
	}
	return zrc == UNZ_END_OF_LIST_OF_FILE;
}

struct membuf {
	struct ej_buf *b;
};

static int sink_buf(void *ctx, const void *p, size_t n)
{
	struct membuf *m = ctx;

	return ej_buf_add(m->b, p, n) == 0 ? EJ_OK : EJ_EDATA;
}

static int problem_err(const char *path, const struct ej_archive_check *c, struct ej_err *err)
{
	const struct ej_archive_problem *p = &c->v[0];
	char more[64] = "";

	if (c->n > 1)
		snprintf(more, sizeof(more), " (и ещё %zu)", c->n - 1);
	if (p->member)
		return ej_err_set(err, EJ_EFOUND, "%s: архив повреждён: «%s» %s%s%s%s", path,
				  p->member, ej_archive_problem_name(p->kind),
				  p->detail ? ": " : "", p->detail ? p->detail : "", more);
	return ej_err_set(err, EJ_EFOUND, "%s: архив повреждён: %s%s%s%s", path,
			  ej_archive_problem_name(p->kind), p->detail ? ": " : "",
			  p->detail ? p->detail : "", more);
}

int ej_archive_verify(const char *path, struct ej_archive_check *out,
		      const struct ej_progress *progress, struct ej_err *err)
{
	struct ej_archive_check local;
	struct ej_archive_check *chk = out ? out : &local;
	struct entry *ev = NULL, **sorted = NULL, *sums_e = NULL;
	size_t nev = 0, i;
	struct ej_sums sums = { 0 };
	struct ej_buf text;
	struct membuf mb;
	struct stat sb;
	unzFile uf = NULL;
	long long total = 0, done = 0;
	char why[160], hex[65];
	int fd, rc;

	if (!out)
		ej_archive_check_init(&local);
	ej_buf_init(&text, EJ_SUMS_MAX);
	chk->sums_sha256[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ej_err_set(err, EJ_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return ej_err_set(err, EJ_EIO, "%s: не обычный файл", path);
	}
	close(fd);
	uf = unzOpen64(path);
	if (!uf) {
		ej_check_add(chk, EJ_AP_NOT_ZIP, NULL, "не ZIP-архив или его оглавление повреждено");
		goto done;
	}
	if (!list_entries(uf, &ev, &nev, chk)) {
		ej_check_add(chk, EJ_AP_NOT_ZIP, NULL, "оглавление ZIP повреждено");
		goto done;
	}
	/* The same name twice: which copy would unzip keep?  Damage. */
	sorted = ej_calloc(nev + 1, sizeof(*sorted));
	for (i = 0; i < nev; i++)
		sorted[i] = &ev[i];
	if (nev)
		ej_qsort(sorted, nev, sizeof(*sorted), entry_name_cmp);
	for (i = 1; i < nev; i++)
		if (!strcmp(sorted[i - 1]->name, sorted[i]->name) && !sorted[i]->skip) {
			ej_check_add(chk, EJ_AP_DUPLICATE, sorted[i]->name, "два файла с одним именем");
			sorted[i]->skip = true;
			sorted[i - 1]->skip = true;
		}
	for (i = 0; i < nev; i++) {
		if (!strcmp(ev[i].name, EJ_ARCHIVE_SUMS))
			sums_e = &ev[i];
		else if (!ev[i].skip)
			total += ev[i].size;
	}
	if (!sums_e || sums_e->skip) {
		if (!sums_e)
			ej_check_add(chk, EJ_AP_MISSING, EJ_ARCHIVE_SUMS, "нет списка контрольных сумм");
		goto done;
	}
	mb.b = &text;
	if (unzGoToFilePos64(uf, &sums_e->pos) != UNZ_OK ||
	    (rc = ej_member_read(uf, hex, NULL, sink_buf, &mb, NULL, NULL, 0,
				 why, sizeof(why))) == EJ_EFOUND) {
		ej_check_add(chk, EJ_AP_ALTERED, EJ_ARCHIVE_SUMS, why);
		goto done;
	}
	if (rc != EJ_OK) {
		ej_check_add(chk, EJ_AP_BAD_SUMS, EJ_ARCHIVE_SUMS, "слишком большой");
		goto done;
	}
	memcpy(chk->sums_sha256, hex, sizeof(hex));
	ej_sums_parse(text.data ? text.data : "", text.len, &sums, chk);

	for (i = 0; i < nev; i++) {
		struct entry *e = &ev[i];
		struct ej_sums_entry *s;
		long long n = 0;

		if (e->skip || e == sums_e)
			continue;
		s = ej_sums_find(&sums, e->name);
		if (!s) {
			ej_check_add(chk, EJ_AP_EXTRA, e->name, "в SHA256SUMS не указан");
			continue;
		}
		s->seen = true;
		if (unzGoToFilePos64(uf, &e->pos) != UNZ_OK) {
			ej_check_add(chk, EJ_AP_ALTERED, e->name, "не найден по оглавлению");
			continue;
		}
		if (ej_member_read(uf, hex, &n, NULL, NULL, progress, &done, total,
				   why, sizeof(why)) != EJ_OK) {
			ej_check_add(chk, EJ_AP_ALTERED, e->name, why);
			continue;
		}
		chk->bytes += n;
		chk->members++;
		if (strcmp(hex, s->hex) != 0)
			ej_check_add(chk, EJ_AP_ALTERED, e->name, "SHA-256 не совпадает с SHA256SUMS");
	}
	/* Listed but absent (a damaged/duplicated entry counts as seen: reported). */
	for (i = 0; i < sums.n; i++) {
		size_t k;
		bool present = sums.v[i].seen;

		for (k = 0; !present && k < nev; k++)
			present = !strcmp(ev[k].name, sums.v[i].name);
		if (!present)
			ej_check_add(chk, EJ_AP_MISSING, sums.v[i].name, "указан в SHA256SUMS, в архиве нет");
	}
done:
	if (uf)
		unzClose(uf);
	for (i = 0; i < nev; i++)
		free(ev[i].name);
	free(ev);
	free(sorted);
	ej_sums_release(&sums);
	ej_buf_release(&text);
	rc = chk->n ? problem_err(path, chk, err) : EJ_OK;
	if (!out)
		ej_archive_check_release(&local);
	return rc;
}
