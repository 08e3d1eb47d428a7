/*
** import.c — `ejournal import`: files → records → rows → one batch
** (see import.h).
**
** Two passes over the files.  The first reads each file, checks its
** checksum against import_file, converts it to UTF-8 and reads up to the
** header to learn its kind (and a «Дата выгрузки» line).  The files are then
** taken in dependency order, and the second pass reads each one again and
** writes its rows inside the one transaction of the batch.  Every bad cell
** is reported and the import goes on to find the others; at the end, any
** error (unless lenient) rolls everything back.
*/
#include "util/sort.h"
#include "input/import_priv.h"
#include "input/csvread.h"
#include "input/values.h"
#include "util/atomic.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#define MAX_FILE_BYTES ((size_t)1 << 31)

/* ---- messages ---------------------------------------------------------------- */

static void add_error(struct imp *I, const char *msg)
{
	struct ej_import_result *r = I->res;
	size_t cap = I->o->max_errors ? I->o->max_errors : EJ_IMPORT_MAX_ERRORS;

	r->nerrors++;
	if (r->nstored < cap) {
		r->errors = ej_reallocarray(r->errors, r->nstored + 1, sizeof(char *));
		r->errors[r->nstored++] = ej_strdup(msg);
	}
}

const char *imp_col_label(struct imp *I, enum ej_col c)
{
	struct imp_file *F = I->f;

	if (F && F->map.col[c] >= 0 && (size_t)F->map.col[c] < F->nhdr)
		return F->hdr[F->map.col[c]];
	return ej_col_label(F ? F->kind : EJ_KIND_NONE, c);
}

const char *imp_get(struct imp *I, enum ej_col c)
{
	int i = I->f->map.col[c];

	return i >= 0 && (size_t)i < I->nfld ? I->fld[i] : "";
}

void imp_row_error(struct imp *I, enum ej_col c, const char *value, const char *fmt, ...)
{
	char what[512], msg[1200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (value)
		snprintf(msg, sizeof(msg), "%s:%ld: column «%s»: %s (value «%.200s»)", I->f->name,
			 I->line, imp_col_label(I, c), what, value);
	else
		snprintf(msg, sizeof(msg), "%s:%ld: column «%s»: %s", I->f->name, I->line,
			 imp_col_label(I, c), what);
	I->row_bad++;
	if (I->reason.len)
		ej_buf_adds(&I->reason, "; ");
	ej_buf_printf(&I->reason, "«%s»: %s%s%s%s", imp_col_label(I, c), what,
		      value ? " (" : "", value ? value : "", value ? ")" : "");
	add_error(I, msg);
}

void imp_file_error(struct imp *I, const char *msg)
{
	I->f->error = true;
	if (I->f->out)
		I->f->out->failed = true;
	add_error(I, msg);
}

void imp_io(struct imp *I, const struct ej_err *e)
{
	I->row_bad++;
	if (!I->fatal) {
		I->fatal = EJ_EIO;
		I->ioerr = *e;
	}
}

/* ---- records ----------------------------------------------------------------- */

static void free_header(struct imp_file *F)
{
	size_t i;

	for (i = 0; i < F->nhdr; i++)
		free(F->hdr[i]);
	free(F->hdr);
	F->hdr = NULL;
	F->nhdr = 0;
	for (i = 0; i < 6; i++) {
		free(F->meta[i]);
		F->meta[i] = NULL;
	}
	free(F->gcols);
	F->gcols = NULL;
}

/* Is the record a «key;value» line above the table? */
static const char *meta_line(char **f, size_t n)
{
	const char *key = n ? ej_grid_meta_key(f[0]) : NULL;
	size_t i, filled = 0;
	int k;

	if (!key)
		return NULL;
	for (i = 0; i < n; i++)
		if (*f[i])
			filled++;
	if (filled > 2)
		return NULL;
	/* «Группа;Специальность» is a groups header, not a grid line. */
	if (n > 1 && *f[1])
		for (k = 1; k < EJ_KIND_GRID; k++) {
			struct ej_colmap m;
			const char *const one[1] = { f[1] };
			ej_columns_map((enum ej_kind)k, one, 1, &m);
			if (m.recognised)
				return NULL;
		}
	return key;
}

static void note_meta(struct imp *I, const char *key, const char *value)
{
	static const char *const keys[6] = { "group", "discipline", "teacher", "subgroup",
					     "semester", "exported" };
	struct imp_file *F = I->f;
	int i;

	for (i = 0; i < 6; i++)
		if (!strcmp(key, keys[i])) {
			free(F->meta[i]);
			F->meta[i] = ej_strdup(value);
		}
	if (!strcmp(key, "exported")) {
		ej_time t;
		if (ej_time_parse(value, strlen(value), &t) == 0)
			ej_time_iso(t, F->exported);
		else {
			char msg[600];
			snprintf(msg, sizeof(msg), "%s:%ld: «Дата выгрузки»: not a date and time "
				 "(value «%.200s»): write ДД.ММ.ГГГГ ЧЧ:ММ", F->name, I->line, value);
			imp_file_error(I, msg);
		}
	} else {
		F->meta_seen = true;
	}
}

static int take_header(struct imp *I, char **f, size_t n)
{
	struct imp_file *F = I->f;
	struct ej_err e = { 0 };
	size_t i;
	int miss;

	F->hdr = ej_calloc(n ? n : 1, sizeof(char *));
	for (i = 0; i < n; i++)
		F->hdr[i] = ej_strdup(f[i]);
	F->nhdr = n;
	F->header_done = true;
	if (F->kind == EJ_KIND_NONE) {
		if (I->o->kind != EJ_KIND_NONE)
			F->kind = I->o->kind;
		else if (ej_kind_recognise((const char *const *)f, n, F->name, I->line,
					   F->meta_seen, &F->kind, &e)) {
			imp_file_error(I, e.msg);
			return 1;
		}
	}
	if (F->kind == EJ_KIND_GRID) {
		for (i = 0; i < EJ_COL_COUNT; i++)
			F->map.col[i] = -1;
		return 0;
	}
	ej_columns_map(F->kind, (const char *const *)f, n, &F->map);
	if ((miss = ej_columns_missing(F->kind, &F->map)) >= 0) {
		struct ej_buf b;
		bool first = true;
		ej_buf_init(&b, 0);
		for (i = 0; i < n; i++)
			if (*f[i]) {
				ej_buf_printf(&b, "%s«%s»", first ? "" : ", ", f[i]);
				first = false;
			}
		ej_err_set(&e, EJ_EDATA, "%s:%ld: missing column «%s» (%s) for a %s file (%s); "
			   "headers found: %s", F->name, I->line,
			   ej_col_label(F->kind, (enum ej_col)miss), ej_col_name((enum ej_col)miss),
			   ej_kind_name(F->kind), ej_kind_label(F->kind),
			   first ? "none" : ej_buf_str(&b));
		ej_buf_release(&b);
		imp_file_error(I, e.msg);
		return 1;
	}
	if (F->map.nunknown && !F->scan_only) {
		struct ej_buf b;
		size_t shown = F->map.nunknown < 16 ? F->map.nunknown : 16;
		ej_buf_init(&b, 0);
		for (i = 0; i < shown; i++)
			ej_buf_printf(&b, "%s«%s»", i ? ", " : "", f[F->map.unknown[i]]);
		I->res->warnings++;
		ej_diag(I->diag, EJ_DIAG_WARNING, "%s:%ld: unknown column%s ignored: %s%s",
			F->name, I->line, F->map.nunknown > 1 ? "s" : "", ej_buf_str(&b),
			F->map.nunknown > shown ? ", …" : "");
		ej_buf_release(&b);
	}
	return 0;
}

/* Append one CSV field, quoted, to b. */
static void csv_field(struct ej_buf *b, const char *s)
{
	ej_buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			ej_buf_addc(b, '"');
		ej_buf_addc(b, *s);
	}
	ej_buf_addc(b, '"');
}

static void reject_row(struct imp *I)
{
	struct imp_file *F = I->f;
	size_t i;

	if (!F->rejected.len) {
		ej_buf_adds(&F->rejected, "\xEF\xBB\xBF");
		for (i = 0; i < F->nhdr; i++) {
			csv_field(&F->rejected, F->hdr[i]);
			ej_buf_addc(&F->rejected, ';');
		}
		csv_field(&F->rejected, "Причина");
		ej_buf_adds(&F->rejected, "\r\n");
	}
	for (i = 0; i < F->nhdr || i < I->nfld; i++) {
		csv_field(&F->rejected, i < I->nfld ? I->fld[i] : "");
		ej_buf_addc(&F->rejected, ';');
	}
	{
		char *why = ej_asprintf("строка %ld: %s", I->line, ej_buf_str(&I->reason));
		csv_field(&F->rejected, why);
		ej_buf_adds(&F->rejected, "\r\n");
		free(why);
	}
}

static int on_record(void *ctx, long line, char **f, size_t n)
{
	struct imp *I = ctx;
	struct imp_file *F = I->f;
	const char *key;

	I->line = line;
	I->fld = f;
	I->nfld = n;
	if (!F->header_done) {
		if ((key = meta_line(f, n)) != NULL) {
			note_meta(I, key, n > 1 ? f[1] : "");
			return 0;
		}
		if (take_header(I, f, n))
			return 1;
		if (F->scan_only)
			return 1;
		if (F->kind == EJ_KIND_GRID && imp_grid_header(I)) {
			F->error = true;
			return 1;
		}
		I->f->map.col[EJ_COL_STUDENT] = F->kind == EJ_KIND_GRID ? F->grid_fio :
						 I->f->map.col[EJ_COL_STUDENT];
		return 0;
	}
	F->out->rows++;
	I->row_bad = 0;
	ej_buf_reset(&I->reason);
	imp_row(I);
	if (I->fatal)
		return -1;
	if (I->row_bad) {
		F->out->rejected++;
		if (I->o->lenient)
			reject_row(I);
	}
	if (++I->rows_done % 65536 == 0)
		ej_progress(I->prog, F->name, I->rows_done, 0);
	return 0;
}

/* ---- files ----------------------------------------------------------------------- */

static int read_whole(const char *path, char **data, size_t *len, time_t *mtime,
		      struct ej_err *err)
{
	FILE *fp = fopen(path, "rb");
	struct ej_buf b;
	char chunk[65536];
	size_t n;
	struct stat sb;

	if (!fp)
		return ej_err_set(err, EJ_EIO, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fileno(fp), &sb) == 0) {
		*mtime = sb.st_mtime;
		if (S_ISDIR(sb.st_mode)) {
			fclose(fp);
			return ej_err_set(err, EJ_EIO, "%s: is a folder", path);
		}
	}
	ej_buf_init(&b, MAX_FILE_BYTES);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (ej_buf_add(&b, chunk, n)) {
			fclose(fp);
			ej_buf_release(&b);
			return ej_err_set(err, EJ_EDATA, "%s: file too large (over 2 GiB)", path);
		}
	if (ferror(fp)) {
		fclose(fp);
		ej_buf_release(&b);
		return ej_err_set(err, EJ_EIO, "%s: read error: %s", path, strerror(errno));
	}
	fclose(fp);
	*data = ej_buf_detach(&b, len);
	return EJ_OK;
}

/*
** The bytes of one input file.  Big files are mapped rather than read, and
** the pages already parsed are given back to the kernel as the import goes
** on (MADV_DONTNEED), so a 150 MB marks file does not sit in memory whole.
*/
struct input {
	char *data;
	size_t len;
	bool mapped;
	size_t released;          /* mapped bytes already given back */
	size_t base;              /* offset of the parsed text in data (BOM) */
	bool pre;                 /* UTF-8 already checked (precheck) */
	int pre_rc, pre_not;      /* its outcome, as process() would get it */
	struct ej_err pre_err;
};

#define MAP_MIN ((size_t)4 << 20)

static void input_release(struct input *in, size_t upto)
{
	long pg = sysconf(_SC_PAGESIZE);
	size_t end;

	if (!in->mapped || pg <= 0)
		return;
	end = upto / (size_t)pg * (size_t)pg;
	if (end > in->released) {
		madvise(in->data + in->released, end - in->released, MADV_DONTNEED);
		in->released = end;
	}
}

static void check_consumed(void *ctx, size_t upto)
{
	struct input *in = ctx;

	input_release(in, in->base + upto);
}

static void csv_consumed(void *ctx, size_t upto)
{
	struct imp *I = ctx;

	check_consumed(I->cur_in, upto);
}

static void input_free(struct input *in)
{
	if (in->mapped)
		munmap(in->data, in->len ? in->len : 1);
	else
		free(in->data);
	memset(in, 0, sizeof(*in));
}

/* SHA-256 of the input, slice by slice for a mapped one. */
static void input_sha(struct input *in, char hex[65])
{
	const size_t slice = (size_t)16 << 20;
	struct ej_sha256 *h;
	size_t pos;

	if (!in->mapped) {
		ej_sha256_hex(in->data, in->len, hex);
		return;
	}
	h = ej_sha256_new();
	for (pos = 0; pos < in->len; pos += slice) {
		size_t n = in->len - pos < slice ? in->len - pos : slice;
		ej_sha256_update(h, in->data + pos, n);
		input_release(in, pos + n);
	}
	ej_sha256_final(h, hex);
}

/* Decode and read one file: scan (header only) or write (all rows).
** Consumes the input. */
static int process(struct imp *I, struct imp_file *F, struct input *in, bool scan)
{
	char *text, *owned = NULL;
	size_t len;
	struct ej_err e = { 0 };
	enum ej_enc enc = I->o->encoding;
	const unsigned char *u = (const unsigned char *)in->data;
	int rc, not_utf8 = 0;

	I->f = F;
	F->scan_only = scan;
	F->header_done = false;
	F->meta_seen = false;
	free_header(F);
	memset(&F->map, 0, sizeof(F->map));
	if (!in->mapped) {
		len = in->len;
		rc = ej_enc_take(&in->data, &len, enc, F->name, &F->out->encoding, &e);
		owned = text = in->data;
		in->data = NULL;
		if (rc) {
			imp_file_error(I, e.msg);
			input_free(in);
			return 0;
		}
	} else {
		/* A mapped file: UTF-8 is parsed in place, anything else converted. */
		bool utf8 = enc == EJ_ENC_UTF8 ||
			    (enc == EJ_ENC_AUTO && !(in->len >= 2 && u[0] == 0xFF && u[1] == 0xFE) &&
			     !(in->len >= 2 && u[0] == 0xFE && u[1] == 0xFF));
		if (utf8) {
			in->base = in->len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF ? 3 : 0;
			if (in->pre) {
				rc = in->pre_rc;
				not_utf8 = in->pre_not;
				e = in->pre_err;
			} else {
				rc = ej_enc_check_utf8(in->data + in->base, in->len - in->base,
						       F->name, check_consumed, in, &not_utf8, &e);
			}
			if (rc && !(enc == EJ_ENC_AUTO && not_utf8)) {
				imp_file_error(I, e.msg);
				input_free(in);
				return 0;
			}
			in->released = 0;         /* parsing touches the pages again */
			if (rc)
				utf8 = false;         /* not UTF-8: Windows-1251 */
			if (!rc)
				F->out->encoding = EJ_ENC_UTF8;
			if (rc && enc == EJ_ENC_AUTO)
				enc = EJ_ENC_CP1251;
		}
		if (!utf8) {
			rc = ej_enc_to_utf8(in->data, in->len, enc, F->name, &owned, &len,
					    &F->out->encoding, &e);
			input_free(in);
			if (rc) {
				imp_file_error(I, e.msg);
				return 0;
			}
			text = owned;
		} else {
			text = in->data + in->base;
			len = in->len - in->base;
		}
	}
	F->out->delimiter = I->o->delimiter ? I->o->delimiter : ej_csv_sniff(text, len);
	I->line = 1;
	I->cur_in = in;
	rc = ej_csv_read_ex(text, len, F->out->delimiter, I->o->chunk, F->name, on_record, I,
			    owned ? NULL : csv_consumed, &e);
	I->cur_in = NULL;
	if (rc && !I->fatal)
		imp_file_error(I, e.msg);
	if (!rc && !F->header_done && !F->error) {
		char msg[600];
		snprintf(msg, sizeof(msg), "%s:1: empty file: no header row (export the table "
			 "again with its column names)", F->name);
		imp_file_error(I, msg);
	}
	if (!scan && !F->error && F->header_done && F->out->rows == 0) {
		I->res->warnings++;
		ej_diag(I->diag, EJ_DIAG_WARNING, "%s: a header and no rows: nothing imported",
			F->name);
	}
	free(owned);
	input_free(in);
	return I->fatal;
}

/* The UTF-8 check of a mapped input that process() would make, made ahead
** (while the writer thread still stores the previous file); process() then
** takes its outcome, so messages and their order are unchanged. */
static void precheck(struct imp *I, struct imp_file *F, struct input *in)
{
	enum ej_enc enc = I->o->encoding;
	const unsigned char *u = (const unsigned char *)in->data;

	if (!in->mapped || !(enc == EJ_ENC_UTF8 ||
	    (enc == EJ_ENC_AUTO && !(in->len >= 2 && u[0] == 0xFF && u[1] == 0xFE) &&
	     !(in->len >= 2 && u[0] == 0xFE && u[1] == 0xFF))))
		return;
	in->base = in->len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF ? 3 : 0;
	in->pre_rc = ej_enc_check_utf8(in->data + in->base, in->len - in->base, F->name,
				       check_consumed, in, &in->pre_not, &in->pre_err);
	in->pre = true;
}

/* Pass 1: the kind from the header.  Only the head of a big file is decoded
** (up to the last line end in the first 256 KiB; UTF-16 files whole); when
** that is not enough to read the header, the whole file is.  Consumes in. */
static void scan_header(struct imp *I, struct imp_file *F, struct input *in)
{
	const size_t head = 256 * 1024;
	const unsigned char *u = (const unsigned char *)in->data;
	size_t cut = in->len;
	long before = I->res->nerrors;

	if (in->len > head && !(u[0] == 0xFF && u[1] == 0xFE) &&
	    I->o->encoding != EJ_ENC_UTF16LE) {
		cut = head;
		while (cut > 0 && in->data[cut - 1] != '\n')
			cut--;
		if (cut == 0)
			cut = in->len;
	}
	if (cut < in->len) {
		struct input part = { 0 };
		part.data = ej_malloc(cut + 1);
		memcpy(part.data, in->data, cut);
		part.len = cut;
		process(I, F, &part, true);
		if (F->header_done && !F->error) {
			input_free(in);
			return;
		}
		/* Not enough: forget what the head said and read it all. */
		while (I->res->nerrors > before) {
			I->res->nerrors--;
			if (I->res->nstored > (size_t)I->res->nerrors)
				free(I->res->errors[--I->res->nstored]);
		}
		F->error = false;
		F->out->failed = false;
	}
	process(I, F, in, true);
}

static int cmp_files(const void *a, const void *b)
{
	const struct imp_file *x = a, *y = b;

	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return strcmp(x->name, y->name);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Expand folders into their *.csv files (sorted), skipping *.rejected.csv. */
static int expand(char *const *paths, size_t npaths, char ***out, size_t *nout,
		  struct ej_err *err)
{
	size_t i, n = 0, alloc = 0;
	char **list = NULL;
	struct stat sb;

	for (i = 0; i < npaths; i++) {
		if (stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			DIR *d = opendir(paths[i]);
			struct dirent *de;
			size_t first = n;
			if (!d) {
				ej_err_set(err, EJ_EIO, "%s: cannot open folder: %s", paths[i],
					   strerror(errno));
				goto fail;
			}
			while ((de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.' || !ends_with(de->d_name, ".csv") ||
				    ends_with(de->d_name, ".rejected.csv"))
					continue;
				EJ_GROW(list, n + 1, alloc);
				list[n++] = ej_asprintf("%s%s%s", paths[i],
					paths[i][strlen(paths[i]) - 1] == '/' ? "" : "/", de->d_name);
			}
			closedir(d);
			ej_qsort(list + first, n - first, sizeof(char *), cmp_str);
			if (n == first) {
				ej_err_set(err, EJ_EDATA, "%s: no *.csv files in the folder", paths[i]);
				goto fail;
			}
		} else {
			EJ_GROW(list, n + 1, alloc);
			list[n++] = ej_strdup(paths[i]);
		}
	}
	*out = list;
	*nout = n;
	return EJ_OK;
fail:
	while (n)
		free(list[--n]);
	free(list);
	return err->code;
}

static void now_iso(char out[20])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

static void time_iso(time_t t, char out[20])
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

/* Write FILE.rejected.csv for each file that rejected rows (lenient). */
static int write_rejected(struct imp *I, struct imp_file *files, size_t n, struct ej_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		struct imp_file *F = &files[i];
		char *path;
		if (!F->rejected.len)
			continue;
		path = ej_asprintf("%s.rejected.csv", F->out->path);
		if ((rc = ej_atomic_write(path, F->rejected.data, F->rejected.len, 0600, err))) {
			free(path);
			return rc;
		}
		F->out->rejected_path = path;
		I->res->warnings++;
	}
	return EJ_OK;
}

struct src {                    /* one input: a path or a memory buffer */
	const char *path;
	const char *data;
	size_t len;
};

static bool any_failed(const struct ej_import_result *res)
{
	size_t i;

	for (i = 0; i < res->nfiles; i++)
		if (res->files[i].failed)
			return true;
	return false;
}

/* The bytes of one input: a copy for a memory input, a mapping for a big
** file, else the file read into memory (with a spare byte). */
static int load(const struct src *src, struct input *in, time_t *mtime, struct ej_err *err)
{
	struct stat sb;
	int fd;

	memset(in, 0, sizeof(*in));
	*mtime = 0;
	if (src->data) {
		in->data = ej_malloc(src->len + 1);
		memcpy(in->data, src->data, src->len);
		in->data[src->len] = '\0';
		in->len = src->len;
		return EJ_OK;
	}
	if (stat(src->path, &sb) == 0 && S_ISREG(sb.st_mode) && (size_t)sb.st_size >= MAP_MIN &&
	    (fd = open(src->path, O_RDONLY)) >= 0) {
		void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
		if (p != MAP_FAILED) {
			in->data = p;
			in->len = (size_t)sb.st_size;
			in->mapped = true;
			*mtime = sb.st_mtime;
			return EJ_OK;
		}
	}
	return read_whole(src->path, &in->data, &in->len, mtime, err);
}

static int run(struct ej_db *db, const struct ej_config *cfg, const struct src *srcs,
	       size_t nsrc, const struct ej_import_opts *o, const struct ej_diag_sink *diag,
	       const struct ej_progress *prog, struct ej_import_result *res, struct ej_err *err)
{
	struct imp I;
	struct imp_file *files = NULL;
	size_t i, nnew = 0;
	char now[20], exported[20] = "";
	time_t newest = 0;
	struct ej_buf source;
	int rc = EJ_OK;

	memset(res, 0, sizeof(*res));
	memset(&I, 0, sizeof(I));
	I.db = db;
	I.cfg = cfg;
	I.o = o;
	I.diag = diag;
	I.prog = prog;
	I.res = res;
	I.last_day = EJ_DAY_NONE;
	ej_buf_init(&I.reason, 0);
	ej_buf_init(&source, 0);
	imp_maps_init(&I);
	now_iso(now);

	if (o->as_of) {
		ej_time t;
		if (ej_time_parse(o->as_of, strlen(o->as_of), &t))
			return ej_err_set(err, EJ_EUSAGE, "--as-of «%s»: not a date and time "
					  "(ДД.ММ.ГГГГ ЧЧ:ММ or ГГГГ-ММ-ДДTЧЧ:ММ)", o->as_of);
		ej_time_iso(t, exported);
	}

	res->files = ej_calloc(nsrc ? nsrc : 1, sizeof(*res->files));
	res->nfiles = nsrc;
	files = ej_calloc(nsrc ? nsrc : 1, sizeof(*files));

	/* Pass 1: checksum, encoding, header, kind. */
	for (i = 0; i < nsrc; i++) {
		struct imp_file *F = &files[i];
		struct ej_err e = { 0 };
		char *known = NULL;
		struct input in;
		size_t j;
		int k;

		F->out = &res->files[i];
		F->out->path = ej_strdup(srcs[i].path);
		F->name = F->out->path;
		ej_buf_init(&F->rejected, 0);
		if ((rc = load(&srcs[i], &in, &F->mtime, &e))) {
			if (rc == EJ_EIO) {
				ej_err_set(err, EJ_EIO, "%s", e.msg);
				goto out;
			}
			I.f = F;
			imp_file_error(&I, e.msg);
			rc = EJ_OK;
			continue;
		}
		input_sha(&in, F->sha);
		k = ej_istore_file_known(db, F->sha, &known);
		for (j = 0; j < i && k == 0; j++)
			if (!files[j].out->skipped && !strcmp(files[j].sha, F->sha))
				k = 1;
		if (k < 0) {
			rc = ej_err_set(err, EJ_EIO, "%s: cannot read import_file", db->path);
			goto out;
		}
		if (k > 0) {
			F->out->skipped = true;
			ej_diag(diag, EJ_DIAG_NOTE, "%s: уже импортирован%s%s%s", F->name,
				known && strcmp(known, F->name) ? " (как «" : "",
				known && strcmp(known, F->name) ? known : "",
				known && strcmp(known, F->name) ? "»)" : "");
			free(known);
			input_free(&in);
			continue;
		}
		F->size = in.len;
		scan_header(&I, F, &in);
		F->out->kind = F->kind;
		if (!F->error) {
			nnew++;
			if (F->mtime > newest)
				newest = F->mtime;
		}
	}
	if (res->nerrors && (!o->lenient || any_failed(res)))
		goto reject;
	if (nnew == 0)
		goto out;

	/* Dependency order; the kinds were found in pass 1. */
	{
		size_t *order = ej_calloc(nsrc, sizeof(size_t)), a, b, nx_at = SIZE_MAX, nx_b;
		struct input nx;
		bool marks_done = false;
		for (a = 0; a < nsrc; a++)
			order[a] = a;
		for (a = 1; a < nsrc; a++)
			for (b = a; b > 0 && cmp_files(&files[order[b - 1]], &files[order[b]]) > 0; b--) {
				size_t t = order[b];
				order[b] = order[b - 1];
				order[b - 1] = t;
			}
		if ((rc = ej_istore_begin(&I.st, db, now, err))) {
			free(order);
			goto out;
		}
		I.writing = true;
		if ((rc = imp_maps_load(&I, err))) {
			free(order);
			goto out;
		}
		for (a = 0; a < nsrc; a++) {
			struct imp_file *F = &files[order[a]];
			struct ej_err e = { 0 };
			struct input in;
			time_t mt;
			if (F->out->skipped || F->error)
				continue;
			if (nx_at == a) {
				in = nx;                /* loaded and checked ahead */
				nx_at = SIZE_MAX;
			} else if ((rc = load(&srcs[order[a]], &in, &mt, &e))) {
				imp_io(&I, &e);
				break;
			} else if (in.len != F->size || (!srcs[order[a]].data && mt != F->mtime)) {
				input_free(&in);
				ej_err_set(&e, EJ_EIO, "%s: the file changed during the import: "
					   "run it again", F->name);
				imp_io(&I, &e);
				break;
			}
			F->kind = F->out->kind;
			F->exported[0] = '\0';
			if (F->kind > EJ_KIND_MARKS && !marks_done) {
				/* The marks files are read: their indexes are built
				** in the background while the rest is read. */
				marks_done = true;
				if ((rc = ej_istore_marks_done(&I.st, &e))) {
					input_free(&in);
					imp_io(&I, &e);
					break;
				}
			}
			process(&I, F, &in, false);
			if (I.fatal)
				break;
			/* The next file's UTF-8 check overlaps the writer's last rows. */
			for (nx_b = a + 1; nx_b < nsrc; nx_b++)
				if (!files[order[nx_b]].out->skipped && !files[order[nx_b]].error)
					break;
			if (nx_b < nsrc && !load(&srcs[order[nx_b]], &nx, &mt, &e)) {
				struct imp_file *N = &files[order[nx_b]];
				if (nx.len != N->size ||
				    (!srcs[order[nx_b]].data && mt != N->mtime)) {
					input_free(&nx);      /* reported when its turn comes */
				} else {
					precheck(&I, N, &nx);
					nx_at = nx_b;
				}
			}
			memset(&e, 0, sizeof(e));
			if (F->error)
				continue;
			if (F->exported[0] && strcmp(F->exported, exported) > 0 && !o->as_of)
				snprintf(exported, sizeof(exported), "%s", F->exported);
			res->rows += F->out->rows;
			res->rejected += F->out->rejected;
			ej_buf_printf(&source, "%s%s", source.len ? ", " : "", F->name);
			if ((rc = ej_istore_add_file(&I.st, F->sha, F->name, ej_kind_name(F->kind),
						     F->out->rows - F->out->rejected, &e))) {
				imp_io(&I, &e);
				break;
			}
			ej_progress(prog, F->name, 1, 1);
		}
		if (nx_at != SIZE_MAX)
			input_free(&nx);
		free(order);
	}
	if (I.fatal) {
		*err = I.ioerr;
		rc = EJ_EIO;
		goto out;
	}
	if (res->nerrors && (!o->lenient || any_failed(res)))
		goto reject;
	if (!exported[0]) {
		if (newest)
			time_iso(newest, exported);
		else
			snprintf(exported, sizeof(exported), "%s", now);
	}
	if (o->lenient && (rc = write_rejected(&I, files, nsrc, err)))
		goto out;
	if ((rc = ej_istore_finish(&I.st, exported, ej_buf_str(&source), &res->history, err)))
		goto out;
	res->batch = I.st.batch;
	snprintf(res->exported_at, sizeof(res->exported_at), "%s", exported);
	goto out;

reject:
	rc = ej_err_set(err, EJ_EDATA, "import rejected: %ld error%s; the database is unchanged",
			res->nerrors, res->nerrors == 1 ? "" : "s");
out:
	ej_istore_abort(&I.st);
	for (i = 0; i < nsrc; i++) {
		free_header(&files[i]);
		ej_buf_release(&files[i].rejected);
	}
	free(files);
	imp_maps_release(&I);
	ej_buf_release(&I.reason);
	ej_buf_release(&source);
	return rc;
}

int ej_import_run(struct ej_db *db, const struct ej_config *cfg, char *const *paths,
		  size_t npaths, const struct ej_import_opts *o, const struct ej_diag_sink *diag,
		  const struct ej_progress *prog, struct ej_import_result *res,
		  struct ej_err *err)
{
	char **list = NULL;
	size_t n = 0, i;
	struct src *srcs;
	int rc;

	memset(res, 0, sizeof(*res));
	if ((rc = expand(paths, npaths, &list, &n, err)))
		return rc;
	srcs = ej_calloc(n ? n : 1, sizeof(*srcs));
	for (i = 0; i < n; i++)
		srcs[i].path = list[i];
	rc = run(db, cfg, srcs, n, o, diag, prog, res, err);
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	free(srcs);
	return rc;
}

int ej_import_mem(struct ej_db *db, const struct ej_config *cfg, const char *name,
		  const char *data, size_t len, const struct ej_import_opts *o,
		  const struct ej_diag_sink *diag, struct ej_import_result *res,
		  struct ej_err *err)
{
	struct src s;
	struct ej_import_opts oo = *o;

	s.path = name;
	s.data = data ? data : "";
	s.len = len;
	oo.lenient = false;
	return run(db, cfg, &s, 1, &oo, diag, NULL, res, err);
}

void ej_import_result_release(struct ej_import_result *res)
{
	size_t i;

	for (i = 0; i < res->nfiles; i++) {
		free(res->files[i].path);
		free(res->files[i].rejected_path);
	}
	free(res->files);
	for (i = 0; i < res->nstored; i++)
		free(res->errors[i]);
	free(res->errors);
	memset(res, 0, sizeof(*res));
}
