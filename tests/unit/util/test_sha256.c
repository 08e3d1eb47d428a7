/*
** test_sha256.c — known vectors, streaming in pieces, files vs sha256sum.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/sha256.h"

static const struct { const char *in, *hex; } vec[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
};

static void test_vectors(void **state)
{
	char hex[65];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		ej_sha256_hex(vec[i].in, strlen(vec[i].in), hex);
		assert_string_equal(hex, vec[i].hex);
	}
}

/* One million 'a' fed in uneven pieces (FIPS 180-2 vector). */
static void test_streaming(void **state)
{
	static const size_t pieces[] = { 1, 7, 64, 1000, 4093 };
	char a[4093], hex[65];
	size_t i, left;

	(void)state;
	memset(a, 'a', sizeof(a));
	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		struct ej_sha256 *h = ej_sha256_new();
		for (left = 1000000; left;) {
			size_t n = left < pieces[i] ? left : pieces[i];
			ej_sha256_update(h, a, n);
			left -= n;
		}
		ej_sha256_final(h, hex);
		assert_string_equal(hex,
			"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
}

static void test_file(void **state)
{
	char dir[] = "/tmp/ej-test-sha.XXXXXX", path[256], cmd[600], want[65], hex[65];
	struct ej_err err = { 0 };
	FILE *f, *p;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/data.bin", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	for (i = 0; i < 300000; i++)
		fputc((int)(i * 2654435761u >> 13) & 0xFF, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(ej_sha256_file(path, hex, &err), 0);
	/* The real client agrees. */
	snprintf(cmd, sizeof(cmd), "sha256sum '%s'", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(want, sizeof(want), p));
	pclose(p);
	assert_string_equal(hex, want);

	/* Empty file. */
	f = fopen(path, "wb");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(ej_sha256_file(path, hex, &err), 0);
	assert_string_equal(hex, vec[0].hex);
	unlink(path);

	assert_int_equal(ej_sha256_file(path, hex, &err), EJ_EIO);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "No such file"));
	/* A folder cannot be read. */
	assert_int_equal(ej_sha256_file(dir, hex, &err), EJ_EIO);
	assert_non_null(strstr(err.msg, dir));
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_streaming),
		cmocka_unit_test(test_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
