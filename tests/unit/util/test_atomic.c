/*
** test_atomic.c — whole files with the right mode, nothing left on abort
** or failure, the rename path for libraries, mkdir -p.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/atomic.h"

static char dir[] = "/tmp/ej-test-atomic.XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Entries of a folder, "." and ".." excluded. */
static int count_entries(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	int n = 0;

	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(dp);
	return n;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(1 << 16);

	assert_non_null(f);
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

static void test_commit(void **state)
{
	static const int modes[] = { 0600, 0644 };
	char sub[300], path[400];
	struct ej_err err = { 0 };
	struct ej_atomic a;
	struct stat st;
	size_t i, len;
	char *got;
	mode_t old = umask(077);        /* the mode is exact whatever the umask */

	(void)state;
	snprintf(sub, sizeof(sub), "%s/commit", dir);
	assert_int_equal(ej_mkdirs(sub, 0755, &err), 0);
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/журнал %zu.pdf", sub, i);
		assert_int_equal(ej_atomic_open(&a, path, modes[i], &err), 0);
		assert_non_null(a.fp);
		assert_non_null(strstr(a.tmp_path, "/.журнал "));
		assert_non_null(strstr(a.tmp_path, ".pdf.tmp."));
		fputs("первая строка\n", a.fp);
		fputs("вторая строка\n", a.fp);
		/* Not there before the commit. */
		assert_int_equal(access(path, F_OK), -1);
		assert_int_equal(ej_atomic_commit(&a, &err), 0);
		assert_null(a.fp);
		assert_null(a.tmp_path);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, modes[i]);
		got = slurp(path, &len);
		assert_int_equal(len, strlen("первая строка\nвторая строка\n"));
		assert_memory_equal(got, "первая строка\nвторая строка\n", len);
		free(got);
	}
	assert_int_equal(count_entries(sub), 2);     /* no temporaries left */

	/* Replacing an existing file. */
	snprintf(path, sizeof(path), "%s/журнал 0.pdf", sub);
	assert_int_equal(ej_atomic_write(path, "new", 3, 0600, &err), 0);
	got = slurp(path, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(got, "new", 3);
	free(got);
	assert_int_equal(count_entries(sub), 2);
	umask(old);
}

static void test_abort(void **state)
{
	char sub[300], path[400];
	struct ej_err err = { 0 };
	struct ej_atomic a;

	(void)state;
	snprintf(sub, sizeof(sub), "%s/abort", dir);
	assert_int_equal(ej_mkdirs(sub, 0755, &err), 0);
	snprintf(path, sizeof(path), "%s/report.xlsx", sub);
	assert_int_equal(ej_atomic_open(&a, path, 0600, &err), 0);
	fputs("half a file", a.fp);
	assert_int_equal(count_entries(sub), 1);     /* the temporary */
	ej_atomic_abort(&a);
	ej_atomic_abort(&a);                        /* twice is harmless */
	assert_int_equal(count_entries(sub), 0);
	assert_int_equal(access(path, F_OK), -1);
}

static void test_failures(void **state)
{
	char path[400];
	struct ej_err err = { 0 };
	struct ej_atomic a;

	(void)state;
	snprintf(path, sizeof(path), "%s/нет такой папки/file.pdf", dir);
	assert_int_equal(ej_atomic_open(&a, path, 0644, &err), EJ_EIO);
	assert_int_equal(err.code, EJ_EIO);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "No such file or directory"));
	assert_null(a.fp);
	assert_null(a.tmp_path);
	ej_atomic_abort(&a);

	assert_int_equal(ej_atomic_write(path, "x", 1, 0644, &err), EJ_EIO);
	assert_non_null(strstr(err.msg, path));

	/* A full disk: /dev/full fails at flush time, nothing is left behind. */
	if (access("/dev/full", W_OK) == 0) {
		char sub[300];
		snprintf(sub, sizeof(sub), "%s/full", dir);
		assert_int_equal(ej_mkdirs(sub, 0755, &err), 0);
		snprintf(path, sizeof(path), "%s/out.pdf", sub);
		assert_int_equal(ej_atomic_open(&a, path, 0644, &err), 0);
		/* Swap the stream for one on /dev/full, removing our temporary by hand. */
		fclose(a.fp);
		unlink(a.tmp_path);
		a.fp = fopen("/dev/full", "wb");
		assert_non_null(a.fp);
		fputs("data", a.fp);
		free(a.tmp_path);
		a.tmp_path = strdup(path);              /* so the failure path removes nothing real */
		assert_int_equal(ej_atomic_commit(&a, &err), EJ_EIO);
		assert_non_null(strstr(err.msg, "write error"));
		assert_non_null(strstr(err.msg, "No space left on device"));
		assert_int_equal(access(path, F_OK), -1);
		assert_int_equal(count_entries(sub), 0);
	}
}

static void test_rename(void **state)
{
	char sub[300], path[400];
	struct ej_err err = { 0 };
	struct stat st;
	char *tmp;
	FILE *f;

	(void)state;
	snprintf(sub, sizeof(sub), "%s/rename", dir);
	assert_int_equal(ej_mkdirs(sub, 0755, &err), 0);
	snprintf(path, sizeof(path), "%s/summary.xlsx", sub);
	tmp = ej_atomic_tmpname(path);
	assert_non_null(strstr(tmp, "/.summary.xlsx.tmp."));
	{
		char *tmp2 = ej_atomic_tmpname(path);
		assert_string_not_equal(tmp, tmp2);
		free(tmp2);
	}
	assert_int_equal(access(tmp, F_OK), -1);     /* only a name */
	f = fopen(tmp, "wb");
	assert_non_null(f);
	fputs("PK", f);
	fclose(f);
	assert_int_equal(ej_atomic_rename(tmp, path, 0600, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 2);
	assert_int_equal(access(tmp, F_OK), -1);
	/* A temporary that does not exist: error naming the path. */
	assert_int_equal(ej_atomic_rename(tmp, path, 0600, &err), EJ_EIO);
	assert_non_null(strstr(err.msg, path));
	free(tmp);
}

static void test_mkdirs(void **state)
{
	char p[400], f[400];
	struct ej_err err = { 0 };
	struct stat st;

	(void)state;
	snprintf(p, sizeof(p), "%s/a/б/c/", dir);
	assert_int_equal(ej_mkdirs(p, 0750, &err), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(ej_mkdirs(p, 0750, &err), 0);        /* exists: fine */
	snprintf(f, sizeof(f), "%s/a/file", dir);
	assert_int_equal(ej_atomic_write(f, "x", 1, 0644, &err), 0);
	snprintf(p, sizeof(p), "%s/a/file/d", dir);
	assert_int_equal(ej_mkdirs(p, 0750, &err), EJ_EIO);   /* a file in the way */
	assert_non_null(strstr(err.msg, "cannot create the folder"));
	assert_non_null(strstr(err.msg, "/a/file"));
	assert_int_equal(ej_mkdirs("", 0750, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit),
		cmocka_unit_test(test_abort),
		cmocka_unit_test(test_failures),
		cmocka_unit_test(test_rename),
		cmocka_unit_test(test_mkdirs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
