/* Unit tests for lib/archive: member names, SHA256SUMS parsing, writing and
** reading back, every kind of damage verify must name, restore and its
** refusals, and the cleanup of leftovers from killed runs. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <minizip/zip.h>
#include <sqlite3.h>

#include "archive/archive.h"
#include "archive/internal.h"
#include "store/db.h"
#include "util/sha256.h"
#include "util/xalloc.h"

/* ---- helpers ------------------------------------------------------------- */

static char *tmpdir_new(void)
{
	char *d = ej_strdup("/tmp/ejarch-unit.XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

static void rm_rf(const char *dir)
{
	ej_archive_workdir_remove(dir);
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static char *read_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = ej_calloc(1, 1 << 16);
	size_t n;

	if (!fp) {
		free(buf);
		return NULL;
	}
	n = fread(buf, 1, (1 << 16) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static bool file_exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

static int file_mode(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return (int)(sb.st_mode & 07777);
}

/* Count entries of dir whose name contains part. */
static int count_named(const char *dir, const char *part)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (strstr(de->d_name, part))
			n++;
	closedir(d);
	return n;
}

/* ---- member names -------------------------------------------------------- */

static void test_member_ok(void **state)
{
	static const struct { const char *name; bool ok; } cases[] = {
		{ "SHA256SUMS", true },
		{ "journals/ИСП-21.pdf", true },
		{ "a/b/c.txt", true },
		{ "..a/b..", true },
		{ "", false },
		{ "/etc/passwd", false },
		{ "../evil", false },
		{ "a/../../evil", false },
		{ "a/..", false },
		{ "./a", false },
		{ "a//b", false },
		{ "a/", false },
		{ "a\\b", false },
		{ "..\\evil", false },
		{ "C:/x", false },
		{ "a\nb", false },
		{ "a\tb", false },
		{ "bad\xff" "utf8", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (ej_archive_member_ok(cases[i].name) != cases[i].ok)
			fail_msg("member_ok(\"%s\") should be %d", cases[i].name, cases[i].ok);
	}
}

static void test_filename(void **state)
{
	static const struct { const char *year, *want; } cases[] = {
		{ "2025/2026", "ejournal-2025-2026.zip" },
		{ "2025-2026", "ejournal-2025-2026.zip" },
		{ "../x", "ejournal----x.zip" },
		{ "", "ejournal-year.zip" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = ej_archive_filename(cases[i].year);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

/* ---- SHA256SUMS parsing ---------------------------------------------------- */

#define H1 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define H2 "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"

static void test_sums_parse(void **state)
{
	static const struct {
		const char *text;
		size_t entries, problems;
		const char *first;    /* first name after sorting */
	} cases[] = {
		{ H1 "  b.txt\n" H1 "  a.txt\n", 2, 0, "a.txt" },
		{ H2 " *bin.dat\n\n", 1, 0, "bin.dat" },            /* binary mode, upper hex */
		{ H1 "  a.txt", 1, 0, "a.txt" },                    /* no final newline */
		{ H1 " a.txt\n", 0, 1, NULL },                      /* one space */
		{ "xyz  a.txt\n", 0, 1, NULL },
		{ H1 "  ../evil\n" H1 "  ok\n", 1, 1, "ok" },
		{ H1 "  /abs\n", 0, 1, NULL },
		{ H1 "  SHA256SUMS\n", 0, 1, NULL },                 /* must not list itself */
		{ H1 "  a\n" H1 "  a\n", 1, 1, "a" },               /* duplicate */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ej_sums s = { 0 };
		struct ej_archive_check c;

		ej_archive_check_init(&c);
		ej_sums_parse(cases[i].text, strlen(cases[i].text), &s, &c);
		if (s.n != cases[i].entries || c.n != cases[i].problems)
			fail_msg("case %zu: %zu entries, %zu problems", i, s.n, c.n);
		if (cases[i].first)
			assert_string_equal(s.v[0].name, cases[i].first);
		if (s.n)
			assert_string_equal(s.v[0].hex, H1);   /* lower-cased */
		ej_sums_release(&s);
		ej_archive_check_release(&c);
	}
}

/* ---- hand-made ZIPs for verify ------------------------------------------- */

struct zent {
	const char *name;
	const char *data;
	int in_sums;           /* 1 = listed with the hash of data (or of sums_data) */
	const char *sums_data; /* list this content's hash instead (an altered member) */
	int absent;            /* listed but not stored */
	int symlink;
};

/* Write a ZIP of the entries; SHA256SUMS is generated from in_sums unless
** an entry named SHA256SUMS is given. */
static void make_zip(const char *path, const struct zent *e)
{
	zipFile zf = zipOpen64(path, APPEND_STATUS_CREATE);
	char sums[8192] = "", hex[65];
	bool own_sums = false;
	size_t i;

	assert_non_null(zf);
	for (i = 0; e[i].name; i++) {
		zip_fileinfo zi;

		if (!strcmp(e[i].name, "SHA256SUMS"))
			own_sums = true;
		if (e[i].in_sums) {
			const char *d = e[i].sums_data ? e[i].sums_data : e[i].data;
			ej_sha256_hex(d, strlen(d), hex);
			snprintf(sums + strlen(sums), sizeof(sums) - strlen(sums), "%s  %s\n",
				 hex, e[i].name);
		}
		if (e[i].absent)
			continue;
		memset(&zi, 0, sizeof(zi));
		zi.tmz_date.tm_year = 2025;
		zi.tmz_date.tm_mday = 1;
		if (e[i].symlink)
			zi.external_fa = (uLong)0120777 << 16;
		assert_int_equal(zipOpenNewFileInZip4_64(zf, e[i].name, &zi, NULL, 0, NULL, 0,
			NULL, Z_DEFLATED, 6, 0, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, NULL, 0,
			e[i].symlink ? 0x0314 : 0, 0, 0), ZIP_OK);
		assert_int_equal(zipWriteInFileInZip(zf, e[i].data, (unsigned)strlen(e[i].data)),
				 ZIP_OK);
		assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
	}
	if (!own_sums) {
		zip_fileinfo zi;
		memset(&zi, 0, sizeof(zi));
		assert_int_equal(zipOpenNewFileInZip(zf, "SHA256SUMS", &zi, NULL, 0, NULL, 0, NULL,
						     Z_DEFLATED, 6), ZIP_OK);
		assert_int_equal(zipWriteInFileInZip(zf, sums, (unsigned)strlen(sums)), ZIP_OK);
		assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
	}
	assert_int_equal(zipClose(zf, NULL), ZIP_OK);
}

struct vcase {
	const char *label;
	struct zent e[6];
	int want_rc;
	enum ej_archive_problem_kind kind;
	const char *member;
};

static const struct vcase vcases[] = {
	{ "intact", { { "a.txt", "alpha\n", 1, NULL, 0, 0 }, { "dir/b.txt", "beta\n", 1, NULL, 0, 0 } },
	  EJ_OK, 0, NULL },
	{ "directory entries are ignored",
	  { { "dir/", "", 0, NULL, 0, 0 }, { "dir/b.txt", "beta\n", 1, NULL, 0, 0 } }, EJ_OK, 0, NULL },
	{ "altered", { { "a.txt", "alpha\n", 1, "alphA\n", 0, 0 }, { "b.txt", "beta", 1, NULL, 0, 0 } },
	  EJ_EFOUND, EJ_AP_ALTERED, "a.txt" },
	{ "missing", { { "a.txt", "alpha\n", 1, NULL, 0, 0 }, { "gone.pdf", "x", 1, NULL, 1, 0 } },
	  EJ_EFOUND, EJ_AP_MISSING, "gone.pdf" },
	{ "extra", { { "a.txt", "alpha\n", 1, NULL, 0, 0 }, { "extra.txt", "x", 0, NULL, 0, 0 } },
	  EJ_EFOUND, EJ_AP_EXTRA, "extra.txt" },
	{ "dot-dot", { { "../evil.txt", "x", 1, NULL, 0, 0 } }, EJ_EFOUND, EJ_AP_BAD_NAME, "../evil.txt" },
	{ "inner dot-dot", { { "a/../../evil.txt", "x", 1, NULL, 0, 0 } },
	  EJ_EFOUND, EJ_AP_BAD_NAME, "a/../../evil.txt" },
	{ "absolute", { { "/tmp/evil.txt", "x", 1, NULL, 0, 0 } }, EJ_EFOUND, EJ_AP_BAD_NAME, "/tmp/evil.txt" },
	{ "backslash", { { "..\\evil.txt", "x", 0, NULL, 0, 0 } }, EJ_EFOUND, EJ_AP_BAD_NAME, "..\\evil.txt" },
	{ "symlink", { { "link", "/etc/passwd", 1, NULL, 0, 1 } }, EJ_EFOUND, EJ_AP_BAD_NAME, "link" },
	{ "duplicate", { { "a.txt", "one", 1, NULL, 0, 0 }, { "a.txt", "one", 0, NULL, 0, 0 } },
	  EJ_EFOUND, EJ_AP_DUPLICATE, "a.txt" },
	{ "no SHA256SUMS", { { "a.txt", "x", 0, NULL, 0, 0 }, { "SHA256SUMS", "", 0, NULL, 1, 0 } },
	  EJ_EFOUND, EJ_AP_MISSING, "SHA256SUMS" },
	{ "bad SHA256SUMS line", { { "SHA256SUMS", "not a sum line\n", 0, NULL, 0, 0 } },
	  EJ_EFOUND, EJ_AP_BAD_SUMS, "SHA256SUMS" },
};

static void test_verify_cases(void **state)
{
	char *dir = tmpdir_new();
	char *zip = ej_asprintf("%s/t.zip", dir);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vcases) / sizeof(vcases[0]); i++) {
		const struct vcase *vc = &vcases[i];
		struct ej_archive_check c;
		struct ej_err err = { 0 };
		int rc;

		unlink(zip);
		make_zip(zip, vc->e);
		ej_archive_check_init(&c);
		rc = ej_archive_verify(zip, &c, NULL, &err);
		if (rc != vc->want_rc)
			fail_msg("%s: rc %d, want %d (%s)", vc->label, rc, vc->want_rc, err.msg);
		if (vc->member) {
			size_t k;
			bool found = false;
			for (k = 0; k < c.n; k++)
				if (c.v[k].kind == vc->kind && c.v[k].member &&
				    !strcmp(c.v[k].member, vc->member))
					found = true;
			if (!found)
				fail_msg("%s: no problem %d for «%s» (first: %s)", vc->label,
					 vc->kind, vc->member, err.msg);
			/* The message names the member too. */
			assert_non_null(strstr(err.msg, "«"));
		} else {
			assert_int_equal(c.n, 0);
		}
		ej_archive_check_release(&c);
	}
	free(zip);
	rm_rf(dir);
	free(dir);
}

static void test_verify_not_zip(void **state)
{
	char *dir = tmpdir_new();
	char *p = ej_asprintf("%s/x.zip", dir);
	struct ej_archive_check c;
	struct ej_err err = { 0 };

	(void)state;
	ej_archive_check_init(&c);
	write_file(p, "this is no zip file at all, just some text\n");
	assert_int_equal(ej_archive_verify(p, &c, NULL, &err), EJ_EFOUND);
	assert_int_equal(c.v[0].kind, EJ_AP_NOT_ZIP);
	ej_archive_check_release(&c);
	unlink(p);
	/* Missing file: an I/O error, not damage. */
	assert_int_equal(ej_archive_verify(p, NULL, NULL, &err), EJ_EIO);
	assert_non_null(strstr(err.msg, "x.zip"));
	free(p);
	rm_rf(dir);
	free(dir);
}

/* ---- writing, with a real database -------------------------------------- */

struct fixture {
	char *dir;
	char *db_path;
	struct ej_db *db;
	char *workdir;
	struct ej_archive_spec spec;
};

static int fx_setup(void **state)
{
	struct fixture *f = ej_calloc(1, sizeof(*f));
	struct ej_err err = { 0 };
	char *doc;

	f->dir = tmpdir_new();
	f->db_path = ej_asprintf("%s/src.db", f->dir);
	f->db = ej_db_open(f->db_path, EJ_DB_CREATE, &err);
	assert_non_null(f->db);
	assert_int_equal(ej_db_exec(f->db,
		"INSERT INTO batch VALUES (1, '2026-01-10 10:00:00', '2026-01-10 09:00:00', 'm.csv');"
		"INSERT INTO grp (id, name) VALUES (1, 'ИСП-21'), (2, 'ИСП-22');"
		"INSERT INTO student (id, ext_id, name, short_name) VALUES "
		"  (1, 'S1', 'Петров Пётр Петрович', 'Петров П. П.'),"
		"  (2, 'S2', 'Сидорова Ёлка Ивановна', 'Сидорова Ё. И.');"
		"INSERT INTO discipline VALUES (1, 1, 'ОП.01', 'Основы программирования');"
		"INSERT INTO lesson (discipline_id, date, pair, topic, batch_id) VALUES "
		"  (1, '2025-09-02', 1, 'Введение', 1);"
		"INSERT INTO mark (discipline_id, date, pair, student_id, value, batch_id) VALUES "
		"  (1, '2025-09-02', 1, 1, '5', 1), (1, '2025-09-02', 1, 2, 'н', 1),"
		"  (1, '2025-09-03', 1, 1, '4', 1);", &err), EJ_OK);
	f->workdir = ej_archive_workdir_new(&err);
	assert_non_null(f->workdir);
	assert_int_equal(file_mode(f->workdir), 0700);
	ej_archive_spec_init(&f->spec, "2025/2026", 1767225600 /* 2026-01-01 */, "9.9");
	doc = ej_asprintf("%s/journal.pdf", f->workdir);
	write_file(doc, "%PDF-1.4 not really a journal\n");
	assert_int_equal(ej_archive_add(&f->spec, "journals/ИСП-21.pdf", doc, "ЖР-2025-0001", &err),
			 EJ_OK);
	free(doc);
	assert_int_equal(ej_archive_add_db(&f->spec, f->db, f->workdir, &err), EJ_OK);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fixture *f = *state;

	ej_archive_spec_release(&f->spec);
	ej_db_close(f->db);
	ej_archive_workdir_remove(f->workdir);
	assert_false(file_exists(f->workdir));
	rm_rf(f->dir);
	free(f->workdir);
	free(f->db_path);
	free(f->dir);
	free(f);
	return 0;
}

static void test_add_refuses(void **state)
{
	struct fixture *f = *state;
	struct ej_err err = { 0 };
	char *p = ej_asprintf("%s/x.txt", f->dir);

	write_file(p, "x");
	assert_int_equal(ej_archive_add(&f->spec, "../x.txt", p, NULL, &err), EJ_EUSAGE);
	assert_int_equal(ej_archive_add(&f->spec, "/x.txt", p, NULL, &err), EJ_EUSAGE);
	assert_int_equal(ej_archive_add(&f->spec, "SHA256SUMS", p, NULL, &err), EJ_EUSAGE);
	assert_int_equal(ej_archive_add(&f->spec, "metadata.json", p, NULL, &err), EJ_EUSAGE);
	assert_int_equal(ej_archive_add(&f->spec, "db/ejournal.db.gz", p, NULL, &err), EJ_EUSAGE);
	assert_int_equal(ej_archive_add(&f->spec, "journals/ИСП-21.pdf", p, NULL, &err), EJ_EUSAGE);
	assert_int_equal(ej_archive_add(&f->spec, "dir.txt", f->dir, NULL, &err), EJ_EUSAGE);
	assert_int_equal(ej_archive_add(&f->spec, "none.txt", "/nonexistent/file", NULL, &err), EJ_EIO);
	assert_int_equal(f->spec.nitems, 2);
	free(p);
}

static void test_write_verify_deterministic(void **state)
{
	struct fixture *f = *state;
	struct ej_err err = { 0 };
	char *d1 = ej_asprintf("%s/copy1", f->dir), *d2 = ej_asprintf("%s/copy2/sub", f->dir);
	char *z1 = ej_asprintf("%s/ejournal-2025-2026.zip", d1);
	char *z2 = ej_asprintf("%s/ejournal-2025-2026.zip", d2);
	struct ej_archive_check c;
	char h1[65], h2[65], *meta, *mpath;

	assert_int_equal(ej_archive_write(&f->spec, d1, &err), EJ_OK);
	assert_int_equal(ej_archive_write(&f->spec, d2, &err), EJ_OK);
	assert_int_equal(file_mode(z1), 0600);
	assert_int_equal(file_mode(d2), 0700);
	/* Same content and time: the same bytes. */
	assert_int_equal(ej_sha256_file(z1, h1, &err), EJ_OK);
	assert_int_equal(ej_sha256_file(z2, h2, &err), EJ_OK);
	assert_string_equal(h1, h2);
	/* No temporaries left beside it. */
	assert_int_equal(count_named(d1, ".tmp."), 0);

	ej_archive_check_init(&c);
	assert_int_equal(ej_archive_verify(z1, &c, NULL, &err), EJ_OK);
	assert_int_equal(c.members, 3);   /* journal, db, metadata.json */
	ej_archive_check_release(&c);

	/* metadata.json carries the year, time, counts and the document id. */
	{
		struct ej_restore_opts o = { 0 };
		char *out = ej_asprintf("%s/out", f->dir);
		o.db_path = ej_asprintf("%s/r.db", f->dir);
		o.out_dir = out;
		assert_int_equal(ej_archive_restore(z1, &o, NULL, &err), EJ_OK);
		mpath = ej_asprintf("%s/metadata.json", out);
		meta = read_file(mpath);
		assert_non_null(meta);
		assert_non_null(strstr(meta, "\"year\": \"2025/2026\""));
		assert_non_null(strstr(meta, "\"created\": \"2026-01-01T00:00:00Z\""));
		assert_non_null(strstr(meta, "\"groups\": 2"));
		assert_non_null(strstr(meta, "\"students\": 2"));
		assert_non_null(strstr(meta, "\"lessons\": 1"));
		assert_non_null(strstr(meta, "\"marks\": 3"));
		assert_non_null(strstr(meta, "\"document_id\": \"ЖР-2025-0001\""));
		assert_non_null(strstr(meta, "\"tool_version\": \"9.9\""));
		free(meta);
		free(mpath);
		free(out);
		free((char *)o.db_path);
	}
	free(d1);
	free(d2);
	free(z1);
	free(z2);
}

static void test_write_failure_keeps_old_copy(void **state)
{
	struct fixture *f = *state;
	struct ej_err err = { 0 };
	char *d = ej_asprintf("%s/dest", f->dir);
	char *z = ej_asprintf("%s/ejournal-2025-2026.zip", d);
	char *notdir = ej_asprintf("%s/plainfile", f->dir);
	char before[65], after[65];

	/* A destination that is a file: error, nothing created. */
	write_file(notdir, "x");
	assert_int_equal(ej_archive_write(&f->spec, notdir, &err), EJ_EIO);
	assert_non_null(strstr(err.msg, "plainfile"));

	/* A source that vanished: the older copy stays, no temporary. */
	assert_int_equal(ej_archive_write(&f->spec, d, &err), EJ_OK);
	assert_int_equal(ej_sha256_file(z, before, &err), EJ_OK);
	{
		char *saved = f->spec.items[0].path;
		f->spec.items[0].path = ej_asprintf("%s/vanished.pdf", f->dir);
		assert_int_equal(ej_archive_write(&f->spec, d, &err), EJ_EIO);
		assert_non_null(strstr(err.msg, "vanished.pdf"));
		free(f->spec.items[0].path);
		f->spec.items[0].path = saved;
	}
	assert_int_equal(ej_sha256_file(z, after, &err), EJ_OK);
	assert_string_equal(before, after);
	assert_int_equal(count_named(d, ".tmp."), 0);
	free(d);
	free(z);
	free(notdir);
}

/* metadata.json stays valid JSON whatever the strings hold. */
static void test_metadata_escaping(void **state)
{
	struct fixture *f = *state;
	struct ej_err err = { 0 };
	char *d = ej_asprintf("%s/arch", f->dir);
	char *z = ej_asprintf("%s/ejournal-2025-2026.zip", d);
	char *out = ej_asprintf("%s/out", f->dir);
	char *mpath = ej_asprintf("%s/metadata.json", out);
	char *p = ej_asprintf("%s/q.txt", f->dir);
	struct ej_restore_opts o = { 0 };
	char *meta;

	write_file(p, "q");
	f->spec.institution = ej_strdup("ГБПОУ «Колледж \"Тест\"» \\ 1");
	assert_int_equal(ej_archive_add(&f->spec, "extra/q.txt", p, "id\t\"x\"\n", &err), EJ_OK);
	assert_int_equal(ej_archive_write(&f->spec, d, &err), EJ_OK);
	o.db_path = ej_asprintf("%s/r.db", f->dir);
	o.out_dir = out;
	assert_int_equal(ej_archive_restore(z, &o, NULL, &err), EJ_OK);
	meta = read_file(mpath);
	assert_non_null(meta);
	assert_non_null(strstr(meta, "\"institution\": \"ГБПОУ «Колледж \\\"Тест\\\"» \\\\ 1\""));
	assert_non_null(strstr(meta, "\"document_id\": \"id\\u0009\\\"x\\\"\\u000a\""));
	free(meta);
	free((char *)o.db_path);
	free(p);
	free(d);
	free(z);
	free(out);
	free(mpath);
}

static long long db_count(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long n = -1;

	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static void test_restore(void **state)
{
	struct fixture *f = *state;
	struct ej_err err = { 0 };
	char *d = ej_asprintf("%s/arch", f->dir);
	char *z = ej_asprintf("%s/ejournal-2025-2026.zip", d);
	char *out = ej_asprintf("%s/docs", f->dir);
	char *pdf = ej_asprintf("%s/journals/ИСП-21.pdf", out);
	struct ej_restore_opts o = { 0 };
	char *text;

	assert_int_equal(ej_archive_write(&f->spec, d, &err), EJ_OK);
	o.db_path = ej_asprintf("%s/restored.db", f->dir);
	o.out_dir = out;
	assert_int_equal(ej_archive_restore(z, &o, NULL, &err), EJ_OK);
	assert_int_equal(file_mode(o.db_path), 0600);
	assert_int_equal(db_count(o.db_path, "SELECT count(*) FROM mark"), 3);
	assert_int_equal(db_count(o.db_path, "SELECT count(*) FROM student WHERE name LIKE '%Ёлка%'"), 1);
	text = read_file(pdf);
	assert_non_null(text);
	assert_string_equal(text, "%PDF-1.4 not really a journal\n");
	free(text);
	assert_int_equal(file_mode(pdf), 0600);
	{
		/* The database goes to --db only, not into --out. */
		char *gzcopy = ej_asprintf("%s/db/ejournal.db.gz", out);
		assert_false(file_exists(gzcopy));
		free(gzcopy);
	}

	/* Existing database and files: refused without force, nothing touched. */
	assert_int_equal(ej_archive_restore(z, &o, NULL, &err), EJ_EUSAGE);
	assert_non_null(strstr(err.msg, "restored.db"));
	o.force = true;
	/* With force, even over a database in WAL mode with pending frames. */
	{
		sqlite3 *h;
		assert_int_equal(sqlite3_open(o.db_path, &h), SQLITE_OK);
		sqlite3_exec(h, "PRAGMA journal_mode=WAL; DELETE FROM mark;", NULL, NULL, NULL);
		sqlite3_close(h);
	}
	assert_int_equal(ej_archive_restore(z, &o, NULL, &err), EJ_OK);
	assert_int_equal(db_count(o.db_path, "SELECT count(*) FROM mark"), 3);
	free((char *)o.db_path);

	/* Without --out only the database comes back; a missing --db is usage. */
	o.db_path = NULL;
	assert_int_equal(ej_archive_restore(z, &o, NULL, &err), EJ_EUSAGE);
	free(pdf);
	free(out);
	free(d);
	free(z);
}

static void test_restore_refuses_escape(void **state)
{
	static const struct zent evil[] = {
		{ "db/ejournal.db.gz", "not gzip", 1, NULL, 0, 0 },
		{ "../evil.txt", "owned", 1, NULL, 0, 0 },
		{ NULL, NULL, 0, NULL, 0, 0 }
	};
	static const struct zent absolute[] = {
		{ "/tmp/ejarch-evil-abs.txt", "owned", 1, NULL, 0, 0 },
		{ NULL, NULL, 0, NULL, 0, 0 }
	};
	char *dir = tmpdir_new();
	char *zip = ej_asprintf("%s/evil.zip", dir);
	char *out = ej_asprintf("%s/out", dir);
	char *evil_path = ej_asprintf("%s/evil.txt", dir);
	struct ej_restore_opts o = { 0 };
	struct ej_archive_check c;
	struct ej_err err = { 0 };

	(void)state;
	make_zip(zip, evil);
	o.db_path = ej_asprintf("%s/r.db", dir);
	o.out_dir = out;
	ej_archive_check_init(&c);
	assert_int_equal(ej_archive_restore(zip, &o, &c, &err), EJ_EFOUND);
	assert_non_null(strstr(err.msg, "../evil.txt"));
	assert_false(file_exists(evil_path));
	assert_false(file_exists(o.db_path));
	assert_false(file_exists(out));
	ej_archive_check_release(&c);

	unlink(zip);
	make_zip(zip, absolute);
	assert_int_equal(ej_archive_restore(zip, &o, NULL, &err), EJ_EFOUND);
	assert_non_null(strstr(err.msg, "/tmp/ejarch-evil-abs.txt"));
	assert_false(file_exists("/tmp/ejarch-evil-abs.txt"));
	free((char *)o.db_path);
	free(zip);
	free(out);
	free(evil_path);
	rm_rf(dir);
	free(dir);
}

/* A symlink planted in --out must not carry the extraction elsewhere. */
static void test_restore_symlink_in_out(void **state)
{
	struct fixture *f = *state;
	struct ej_err err = { 0 };
	char *d = ej_asprintf("%s/arch", f->dir);
	char *z = ej_asprintf("%s/ejournal-2025-2026.zip", d);
	char *out = ej_asprintf("%s/out", f->dir);
	char *elsewhere = ej_asprintf("%s/elsewhere", f->dir);
	char *link = ej_asprintf("%s/journals", out);
	char *victim = ej_asprintf("%s/ИСП-21.pdf", elsewhere);
	struct ej_restore_opts o = { 0 };

	assert_int_equal(ej_archive_write(&f->spec, d, &err), EJ_OK);
	assert_int_equal(mkdir(out, 0700), 0);
	assert_int_equal(mkdir(elsewhere, 0700), 0);
	assert_int_equal(symlink(elsewhere, link), 0);
	o.db_path = ej_asprintf("%s/r.db", f->dir);
	o.out_dir = out;
	assert_int_equal(ej_archive_restore(z, &o, NULL, &err), EJ_EIO);
	assert_non_null(strstr(err.msg, "journals"));
	assert_false(file_exists(victim));
	free((char *)o.db_path);
	free(d);
	free(z);
	free(out);
	free(elsewhere);
	free(link);
	free(victim);
}

/* A database that fails integrity_check is not put in place. */
static void test_restore_bad_db(void **state)
{
	char *dir = tmpdir_new();
	char *src = ej_asprintf("%s/notadb", dir);
	char *d = ej_asprintf("%s/arch", dir);
	char *z = ej_asprintf("%s/ejournal-2025-2026.zip", d);
	struct ej_archive_spec spec;
	struct ej_restore_opts o = { 0 };
	struct ej_err err = { 0 };
	char *gz = ej_asprintf("%s/x.gz", dir);
	char *cmd;

	(void)state;
	write_file(src, "SQLite format 3... not really\n");
	cmd = ej_asprintf("gzip -c '%s' > '%s'", src, gz);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	ej_archive_spec_init(&spec, "2025/2026", 0, "t");
	/* Bypass the reserved-name check the way a forged archive would. */
	EJ_GROW(spec.items, 1, spec.aitems);
	spec.items[0].member = ej_strdup("db/ejournal.db.gz");
	spec.items[0].path = ej_strdup(gz);
	spec.items[0].doc_id = NULL;
	spec.nitems = 1;
	assert_int_equal(ej_archive_write(&spec, d, &err), EJ_OK);
	o.db_path = ej_asprintf("%s/r.db", dir);
	assert_int_equal(ej_archive_restore(z, &o, NULL, &err), EJ_EDATA);
	assert_false(file_exists(o.db_path));
	assert_int_equal(count_named(dir, ".tmp."), 0);
	ej_archive_spec_release(&spec);
	free((char *)o.db_path);
	free(src);
	free(d);
	free(z);
	free(gz);
	rm_rf(dir);
	free(dir);
}

/* ---- leftovers of killed runs -------------------------------------------- */

static void test_clean_stale(void **state)
{
	char *dir = tmpdir_new();
	pid_t dead = fork();
	char *a, *b, *c, *e;

	(void)state;
	if (dead == 0)
		_exit(0);
	assert_true(dead > 0);
	waitpid(dead, NULL, 0);
	a = ej_asprintf("%s/.ejournal-2025-2026.zip.tmp.%ld.1", dir, (long)dead);
	b = ej_asprintf("%s/.ejournal-2025-2026.zip.tmp.%ld.1", dir, (long)getppid());
	c = ej_asprintf("%s/ejournal-archive.%ld.abcdef", dir, (long)dead);
	e = ej_asprintf("%s/ejournal-2025-2026.zip", dir);
	write_file(a, "half");
	write_file(b, "someone else's, still running");
	assert_int_equal(mkdir(c, 0700), 0);
	{
		char *inner = ej_asprintf("%s/ejournal.db", c);
		write_file(inner, "x");
		free(inner);
	}
	write_file(e, "the real archive");
	{
		/* The temporaries of a killed restore beside its database. */
		char *t1 = ej_asprintf("%s/.r.db.tmp.%ld.1", dir, (long)dead);
		char *t2 = ej_asprintf("%s/.r.db.tmp.%ld.2", dir, (long)getppid());
		char *t3 = ej_asprintf("%s/.other.db.tmp.%ld.1", dir, (long)dead);
		char *db = ej_asprintf("%s/r.db", dir);
		write_file(t1, "x");
		write_file(t2, "x");
		write_file(t3, "x");
		assert_int_equal(ej_archive_clean_stale_tmp(db), 1);
		assert_false(file_exists(t1));
		assert_true(file_exists(t2));
		assert_true(file_exists(t3));
		unlink(t2);
		unlink(t3);
		free(t1);
		free(t2);
		free(t3);
		free(db);
	}
	assert_int_equal(ej_archive_clean_stale(dir), 2);
	assert_false(file_exists(a));
	assert_true(file_exists(b));
	assert_false(file_exists(c));
	assert_true(file_exists(e));
	free(a);
	free(b);
	free(c);
	free(e);
	rm_rf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_member_ok),
		cmocka_unit_test(test_filename),
		cmocka_unit_test(test_sums_parse),
		cmocka_unit_test(test_verify_cases),
		cmocka_unit_test(test_verify_not_zip),
		cmocka_unit_test_setup_teardown(test_add_refuses, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_write_verify_deterministic, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_write_failure_keeps_old_copy, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_metadata_escaping, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_restore, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_restore_symlink_in_out, fx_setup, fx_teardown),
		cmocka_unit_test(test_restore_refuses_escape),
		cmocka_unit_test(test_restore_bad_db),
		cmocka_unit_test(test_clean_stale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
