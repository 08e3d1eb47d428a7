/*
** fuzz_csv.c — libFuzzer target for the importer's parsers, no database:
** encoding detection and conversion (auto and every forced encoding, the
** in-place ej_enc_take and the sliced UTF-8 check), the delimiter sniffer,
** the CSV reader at a chunk size taken from the input (compared with the
** default chunk and with the libcsv-only path: the records must not depend
** on either), header and kind recognition (grid key;value lines too), and
** every field parsed as mark, lesson type, attestation, final kind, yes/no,
** number, discipline index, grid key/date, date, short date and timestamp.
**
** Inputs are plain CSV files (the seeds in tests/fuzz/corpus); the chunk
** size comes from the last two bytes so a seed is still a valid export.
** Violated contracts abort with a message naming the function.
**
**   make fuzz-build && build-fuzz/fuzz_csv tests/fuzz/corpus
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/columns.h"
#include "input/csvread.h"
#include "input/encoding.h"
#include "input/values.h"
#include "util/date.h"
#include "util/utf8.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECORDS 1500

/* Report a broken contract and abort (libFuzzer saves the input). */
static void fail(const char *what)
{
	fprintf(stderr, "fuzz_csv: contract broken: %s\n", what);
	abort();
}

#define CHECK(cond, what) do { if (!(cond)) fail(what); } while (0)

/* A copy of s[0..n) with no NUL after it, so that reading past n is an
** ASan error (the date parsers take (s, n)). */
static char *exact_copy(const char *s, size_t n)
{
	char *p = ej_malloc(n ? n : 1);

	memcpy(p, s, n);
	return p;
}

/* Parse a field as date, short date and timestamp; a parsed value must
** survive formatting and parsing again. */
static void check_dates(const char *f)
{
	size_t n = strlen(f);
	char *p = exact_copy(f, n);
	ej_day d, d2;
	ej_time t, t2;
	char buf[24];

	if (ej_date_parse(p, n, &d) == 0) {
		ej_day_ru(d, buf);
		CHECK(ej_date_parse(buf, strlen(buf), &d2) == 0 && d2 == d,
		      "ej_date_parse(ej_day_ru(d)) != d");
		ej_day_iso(d, buf);
		CHECK(ej_date_parse(buf, strlen(buf), &d2) == 0 && d2 == d,
		      "ej_date_parse(ej_day_iso(d)) != d");
	}
	if (ej_date_parse_short(p, n, 2025, &d) == 0) {
		ej_day_ru(d, buf);
		CHECK(ej_date_parse(buf, strlen(buf), &d2) == 0 && d2 == d,
		      "ej_date_parse_short: result does not format back");
	}
	if (ej_time_parse(p, n, &t) == 0) {
		ej_time_iso(t, buf);
		CHECK(ej_time_parse(buf, strlen(buf), &t2) == 0 && t2 == t,
		      "ej_time_parse(ej_time_iso(t)) != t");
	}
	/* Every prefix length must be safe too (not NUL-terminated). */
	if (n > 1) {
		ej_date_parse(p, n - 1, &d);
		ej_date_parse_short(p, n - 1, 2025, &d);
		ej_time_parse(p, n - 1, &t);
	}
	free(p);
}

/* Every value parser on one field, with the invariants values.h promises. */
static void check_values(const char *f)
{
	const char *vals[EJ_MARK_MAXVALS], *out, *rest;
	char key[64], code[32];
	size_t nv, i, klen;
	double dbl;
	long l;
	int yn, rc;

	klen = ej_fold(f, key, sizeof(key));
	CHECK(strlen(key) < sizeof(key) && strlen(key) <= klen, "ej_fold: output length");
	rc = ej_mark_parse(f, vals, EJ_MARK_MAXVALS, &nv);
	if (rc == 0) {
		CHECK(nv >= 1 && nv <= EJ_MARK_MAXVALS, "ej_mark_parse: count");
		for (i = 0; i < nv; i++) {
			CHECK(vals[i] && vals[i][0], "ej_mark_parse: empty value");
			ej_mark_is_attendance(vals[i]);
		}
	} else {
		CHECK(rc >= -3 && rc <= -1, "ej_mark_parse: return code");
	}
	CHECK(ej_mark_parse(f, vals, 1, &nv) != 0 || nv == 1, "ej_mark_parse: max 1");
	out = NULL;
	if (ej_lesson_type_parse(f, &out) == 0)
		CHECK(out && out[0], "ej_lesson_type_parse: no type");
	ej_attestation_parse(f, &out);
	ej_final_kind_parse(f, &out);
	if (ej_yesno_parse(f, &yn) == 0)
		CHECK(yn == 0 || yn == 1 || (yn == -1 && !f[0]), "ej_yesno_parse: value");
	ej_number_parse(f, &dbl);
	if (ej_int_parse(f, -5, 100, &l) == 0)
		CHECK(l >= -5 && l <= 100, "ej_int_parse: out of range");
	if (ej_disc_split(f, code, sizeof(code), &rest)) {
		CHECK(strlen(code) < sizeof(code), "ej_disc_split: code length");
		CHECK(rest >= f && rest <= f + strlen(f), "ej_disc_split: rest outside s");
	}
	ej_grid_meta_key(f);
	ej_grid_is_date(f);
	check_dates(f);
}

struct reader {
	uint64_t digest;     /* of every record delivered */
	long records;
	long last_line;
	int nmeta;           /* grid key;value lines before the header */
	bool parse;          /* check headers and values (first pass only) */
	long values;         /* fields checked so far */
	uint64_t seen[1024]; /* hashes of the fields checked (0 = free) */
};

#define MAX_VALUES 3000      /* fields checked per input (speed) */
#define MAX_HEADER 48        /* header cells looked at (speed: ej_columns_map
				   folds every alias for every cell) */

/* FNV-1a over n bytes. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n--) {
		h ^= *s++;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Kind recognition is pure and slow (see MAX_HEADER), and most mutants
** keep their header: true unless this header was checked recently. */
static bool new_header(char **f, size_t n, long line, bool has_meta)
{
	static uint64_t recent[256];
	uint64_t h = 14695981039346656037ULL;
	size_t i, slot;

	h = mix(h, &n, sizeof(n));
	h = mix(h, &line, sizeof(line));
	h = mix(h, &has_meta, sizeof(has_meta));
	for (i = 0; i < n; i++)
		h = mix(h, f[i], strlen(f[i]) + 1);
	slot = (size_t)(h % 256);
	if (recent[slot] == h)
		return false;
	recent[slot] = h;
	return true;
}

/* The header: kind recognition, with and without grid meta lines, and the
** column map of every kind. */
static void check_header(char **f, size_t n, long line, bool has_meta)
{
	struct ej_err err = { 0 };
	struct ej_colmap m;
	enum ej_kind k = EJ_KIND_NONE;
	int kk, miss;

	if (n > MAX_HEADER)
		n = MAX_HEADER;
	if (!new_header(f, n, line, has_meta))
		return;
	/* The file name breaks ties by its prefix: vary it with the input. */
	if (ej_kind_recognise((const char *const *)f, n, n & 1 ? "grid_fuzz.csv" : "fuzz.csv",
			      line, has_meta, &k, &err) == 0)
		CHECK(k > EJ_KIND_NONE && k < EJ_KIND_COUNT, "ej_kind_recognise: kind");
	else
		CHECK(err.msg[0] != 0, "ej_kind_recognise: failed without a message");
	/* One kind's map per input (ej_kind_recognise maps them all already). */
	kk = EJ_KIND_NONE + 1 + (int)((n + (size_t)line) % (EJ_KIND_COUNT - 1));
	{
		ej_columns_map((enum ej_kind)kk, (const char *const *)f, n, &m);
		CHECK(m.recognised + m.nunknown <= n, "ej_columns_map: counts");
		miss = ej_columns_missing((enum ej_kind)kk, &m);
		CHECK(miss >= -1 && miss < EJ_COL_COUNT, "ej_columns_missing: column");
		if (miss >= 0)
			CHECK(ej_col_name((enum ej_col)miss) != NULL, "ej_col_name");
	}
}

/* True the first time a field text is seen in this input (the value
** parsers are pure: a repeated text adds nothing); also true when the set
** is full. */
static bool first_time(struct reader *r, const char *f)
{
	uint64_t h = mix(14695981039346656037ULL, f, strlen(f)) | 1;
	size_t i = (size_t)(h % 1024), k;

	for (k = 0; k < 64; k++, i = (i + 1) % 1024) {
		if (r->seen[i] == h)
			return false;
		if (r->seen[i] == 0) {
			r->seen[i] = h;
			return true;
		}
	}
	return true;
}

static int on_record(void *ctx, long line, char **f, size_t n)
{
	struct reader *r = ctx;
	size_t i, len;

	CHECK(n >= 1 && n <= EJ_CSV_MAX_FIELDS, "ej_csv_read: field count");
	CHECK(line >= 1 && line >= r->last_line, "ej_csv_read: line numbers");
	r->last_line = line;
	r->digest = mix(r->digest, &line, sizeof(line));
	r->digest = mix(r->digest, &n, sizeof(n));
	for (i = 0; i < n; i++) {
		CHECK(f[i] != NULL, "ej_csv_read: NULL field");
		len = strlen(f[i]);
		r->digest = mix(r->digest, f[i], len + 1);
		if (len)
			CHECK(f[i][0] != ' ' && f[i][len - 1] != ' ', "ej_csv_read: not trimmed");
	}
	if (r->parse) {
		if (r->records == r->nmeta) {
			if (n == 2 && ej_grid_meta_key(f[0]) && r->nmeta < 8)
				r->nmeta++;
			else
				check_header(f, n, line, r->nmeta > 0);
		}
		for (i = 0; i < n && r->values < MAX_VALUES; i++)
			if (first_time(r, f[i])) {
				check_values(f[i]);
				r->values++;
			}
	}
	return ++r->records >= MAX_RECORDS;
}

/* Read text three ways and require the same records and outcome (full),
** or just read it once at the given chunk size. */
static void check_csv(const char *text, size_t len, size_t chunk, bool full)
{
	struct reader a = { 0 }, b = { 0 }, c = { 0 };
	struct ej_err ea = { 0 }, eb = { 0 }, ec = { 0 };
	char delim = ej_csv_sniff(text, len);
	int ra, rb, rc;

	CHECK(delim == ';' || delim == '\t' || delim == ',', "ej_csv_sniff: delimiter");
	if (!full) {
		ej_csv_read(text, len, delim, chunk, "fuzz.csv", on_record, &b, &eb);
		return;
	}
	a.parse = true;
	ra = ej_csv_read(text, len, delim, 0, "fuzz.csv", on_record, &a, &ea);
	rb = ej_csv_read(text, len, delim, chunk, "fuzz.csv", on_record, &b, &eb);
	rc = ej_csv_read(text, len, delim, chunk | EJ_CSV_LIBCSV_ONLY, "fuzz.csv", on_record,
			 &c, &ec);
	if (ra || rb || rc)
		CHECK(ea.msg[0] || eb.msg[0] || ec.msg[0], "ej_csv_read: error without message");
	if (ra != rb || a.records != b.records || a.digest != b.digest) {
		fprintf(stderr, "chunk %zu: rc %d/%d records %ld/%ld\n%s\n%s\n", chunk, ra, rb,
			a.records, b.records, ea.msg, eb.msg);
		fail("ej_csv_read: records depend on the chunk size");
	}
	if (ra != rc || a.records != c.records || a.digest != c.digest) {
		fprintf(stderr, "chunk %zu: rc %d/%d records %ld/%ld\n%s\n%s\n", chunk, ra, rc,
			a.records, c.records, ea.msg, ec.msg);
		fail("ej_csv_read: fast path and libcsv-only path differ");
	}
	/* The other delimiters must be safe too. */
	memset(&b, 0, sizeof(b));
	ej_csv_read(text, len, delim != ';' ? ';' : ',', chunk, "fuzz.csv", on_record, &b, &eb);
}

static void on_slice(void *ctx, size_t upto)
{
	size_t *last = ctx;

	CHECK(upto >= *last, "ej_enc_check_utf8: slices go back");
	*last = upto;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ej_enc encs[] = { EJ_ENC_AUTO, EJ_ENC_UTF8, EJ_ENC_CP1251,
					    EJ_ENC_UTF16LE };
	const char *p = (const char *)data;
	char *auto_text = NULL, *taken;
	size_t auto_len = 0, taken_len, i, chunk, last = 0;
	enum ej_enc det, used;
	int not_utf8 = 0, rc;
	bool utf16be = size >= 2 && data[0] == 0xFE && data[1] == 0xFF;

	if (size > 65536)
		return 0;
	/* 1..512, from the last two bytes. */
	chunk = 1 + (size >= 2 ? (((size_t)data[size - 2] << 8) | data[size - 1]) % 512 : 0);

	det = ej_enc_detect(p, size);
	CHECK(det == EJ_ENC_UTF8 || det == EJ_ENC_CP1251 || det == EJ_ENC_UTF16LE,
	      "ej_enc_detect: encoding");
	for (i = 0; i < sizeof(encs) / sizeof(encs[0]); i++) {
		char *text = NULL;
		size_t len = 0;
		struct ej_err err = { 0 };

		used = EJ_ENC_AUTO;
		if (ej_enc_to_utf8(p, size, encs[i], "fuzz.csv", &text, &len, &used, &err)) {
			CHECK(err.msg[0] != 0, "ej_enc_to_utf8: failed without a message");
			CHECK(i == 0 || encs[i] != det || !auto_text || utf16be,
			      "ej_enc_to_utf8: forcing the detected encoding fails");
			continue;
		}
		CHECK(text && text[len] == 0 && strlen(text) == len,
		      "ej_enc_to_utf8: output not NUL-terminated text");
		CHECK(ej_utf8_valid(text, len, NULL), "ej_enc_to_utf8: output not UTF-8");
		CHECK(used == (encs[i] == EJ_ENC_AUTO ? det : encs[i]), "ej_enc_to_utf8: used");
		if (encs[i] == EJ_ENC_AUTO) {
			auto_text = text;
			auto_len = len;
		} else if (encs[i] != det) {
			check_csv(text, len, chunk, false);
			free(text);
		} else {
			/* Forcing the detected encoding gives what detection gave. */
			/* (Auto refuses a UTF-16BE BOM, which detection calls cp1251.) */
			CHECK(utf16be ||
			      (auto_text && len == auto_len && memcmp(text, auto_text, len) == 0),
			      "ej_enc_to_utf8: forced detected encoding differs from auto");
			free(text);
		}
	}

	/* ej_enc_take must give what ej_enc_to_utf8 gave. */
	taken = ej_malloc(size + 1);
	memcpy(taken, p, size);
	taken_len = size;
	{
		struct ej_err err = { 0 };

		rc = ej_enc_take(&taken, &taken_len, EJ_ENC_AUTO, "fuzz.csv", &used, &err);
	}
	if (rc) {
		CHECK(taken == NULL, "ej_enc_take: buffer kept after failure");
		CHECK(auto_text == NULL, "ej_enc_take failed where ej_enc_to_utf8 did not");
	} else {
		CHECK(auto_text != NULL, "ej_enc_take succeeded where ej_enc_to_utf8 failed");
		CHECK(taken_len == auto_len && memcmp(taken, auto_text, auto_len) == 0 &&
		      taken[taken_len] == 0, "ej_enc_take differs from ej_enc_to_utf8");
		free(taken);
	}

	/* The sliced UTF-8 check agrees with strict validation. */
	{
		struct ej_err err = { 0 };

		if (ej_enc_check_utf8(p, size, "fuzz.csv", on_slice, &last, &not_utf8, &err) ==
		    0) {
			CHECK(ej_utf8_valid(p, size, NULL), "ej_enc_check_utf8 passed bad UTF-8");
			CHECK(memchr(p, 0, size) == NULL, "ej_enc_check_utf8 passed a NUL");
		} else {
			CHECK(err.msg[0] != 0, "ej_enc_check_utf8: failed without a message");
		}
		CHECK(last <= size, "ej_enc_check_utf8: slice past the end");
	}

	if (auto_text) {
		check_csv(auto_text, auto_len, chunk, true);
		free(auto_text);
	}
	return 0;
}
