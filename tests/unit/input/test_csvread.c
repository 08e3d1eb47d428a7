/*
** test_csvread.c — CSV records and their line numbers over libcsv: quoting,
** CRLF, blank lines, trimming, errors — each input read at every chunk size
** from 1 to its length must give the same records (libcsv's test_csv.c).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "input/csvread.h"
#include "util/buf.h"

/* Records rendered as "LINE:f1|f2|…\n". */
static int collect(void *ctx, long line, char **f, size_t n)
{
	struct ej_buf *b = ctx;
	size_t i;

	ej_buf_printf(b, "%ld:", line);
	for (i = 0; i < n; i++)
		ej_buf_printf(b, "%s%s", i ? "|" : "", f[i]);
	ej_buf_addc(b, '\n');
	return 0;
}

static const struct {
	const char *in;
	char delim;
	const char *want;          /* records, or NULL when an error is expected */
	const char *err;           /* expected message part */
} cases[] = {
	{ "a;b;c\n1;2;3\n", ';', "1:a|b|c\n2:1|2|3\n", NULL },
	{ "a;b\r\n1;2\r\n", ';', "1:a|b\n2:1|2\n", NULL },
	{ "a;b\n1;2", ';', "1:a|b\n2:1|2\n", NULL },                    /* no final newline */
	{ "a;b\n\n\r\n  ;  \n1;2\n", ';', "1:a|b\n5:1|2\n", NULL },      /* blank lines */
	{ "\n\na;b\n", ';', "3:a|b\n", NULL },
	{ "a;\"x;y\"\n1;\"say \"\"hi\"\"\"\n", ';', "1:a|x;y\n2:1|say \"hi\"\n", NULL },
	{ "a;\"multi\nline\nfield\";c\nnext;1;2\n", ';', "1:a|multi\nline\nfield|c\n4:next|1|2\n", NULL },
	{ "a;\"multi\r\n\r\nline\"\r\nz\r\n", ';', "1:a|multi\r\n\r\nline\n4:z\n", NULL },
	{ "  a ;\t b\t;c  \n", ';', "1:a|b|c\n", NULL },                 /* trimmed */
	{ "\xC2\xA0" "a\xC2\xA0;b\n", ';', "1:a|b\n", NULL },            /* NBSP trimmed */
	{ "a,b,\"c,d\"\n", ',', "1:a|b|c,d\n", NULL },
	{ "a\tb\t\tc\n", '\t', "1:a|b||c\n", NULL },                      /* empty field kept */
	{ "a;;\n;;x\n", ';', "1:a||\n2:||x\n", NULL },
	{ "\"\";\"\"\n", ';', "", NULL },                                 /* all empty = blank */
	{ "a;b\n1;\"unterminated\n2;3\n", ';', NULL, "f.csv:2: unterminated quote" },
	{ "a;b\n1;x\"y\n", ';', NULL, "f.csv:2: a quote" },
	{ "a;b\n1;\"x\"y\n", ';', NULL, "f.csv:2: a quote" },
	/* A bare CR (old Mac files) ends a line too: the lines are counted. */
	{ "a;b\r1;2\r3;4\r", ';', "1:a|b\n2:1|2\n3:3|4\n", NULL },
	{ "a;b\r\n1;2\r3;4\n", ';', "1:a|b\n2:1|2\n3:3|4\n", NULL },
	{ "a;\"multi\rline\";c\rz\r", ';', "1:a|multi\rline|c\n3:z\n", NULL },
	{ "a;b\r\r1;\"x\"y\r", ';', NULL, "f.csv:3: a quote" },
	{ "a;b\r1;\"open\r2;3\r", ';', NULL, "f.csv:2: unterminated quote" },
};

static void test_every_chunk_size(void **state)
{
	size_t i, chunk;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = strlen(cases[i].in);
		for (chunk = 1; chunk <= len + 1; chunk++) {
			struct ej_buf b;
			struct ej_err err = { 0 };
			int rc;

			ej_buf_init(&b, 0);
			/* Odd chunk sizes: libcsv for every line; even: the fast path
			** for plain lines. */
			rc = ej_csv_read(cases[i].in, len, cases[i].delim,
					 chunk | (chunk % 2 ? EJ_CSV_LIBCSV_ONLY : 0), "f.csv",
					 collect, &b, &err);
			if (cases[i].want) {
				if (rc != EJ_OK)
					fail_msg("case %zu chunk %zu: %s", i, chunk, err.msg);
				if (strcmp(ej_buf_str(&b), cases[i].want))
					fail_msg("case %zu chunk %zu: got «%s» want «%s»", i, chunk,
						 ej_buf_str(&b), cases[i].want);
			} else {
				assert_int_equal(rc, EJ_EDATA);
				if (!strstr(err.msg, cases[i].err))
					fail_msg("case %zu chunk %zu: «%s» lacks «%s»", i, chunk,
						 err.msg, cases[i].err);
			}
			ej_buf_release(&b);
		}
	}
}

/* The fast path for plain lines gives what libcsv gives, record for record
** and error for error, on random text made of the characters that matter. */
static void test_fast_path_matches_libcsv(void **state)
{
	static const char *const atoms[] = { "a", "b", " ", ";", ",", "\t", "\"", "\r", "\n",
					     "\r\n", "\xC2\xA0", "\xD0\x96" };
	uint32_t seed = 12345;
	int k;

	(void)state;
	for (k = 0; k < 20000; k++) {
		char in[256];
		size_t len = 0, natoms, j;
		struct ej_buf b1, b2;
		struct ej_err e1 = { 0 }, e2 = { 0 };
		int rc1, rc2;
		char delim;

		seed = seed * 1103515245u + 12345u;
		natoms = (seed >> 16) % 40;
		delim = (seed >> 8) % 3 == 0 ? ',' : (seed >> 8) % 3 == 1 ? '\t' : ';';
		for (j = 0; j < natoms; j++) {
			const char *a;
			seed = seed * 1103515245u + 12345u;
			a = atoms[(seed >> 16) % (sizeof(atoms) / sizeof(atoms[0]))];
			memcpy(in + len, a, strlen(a));
			len += strlen(a);
		}
		in[len] = '\0';
		ej_buf_init(&b1, 0);
		ej_buf_init(&b2, 0);
		rc1 = ej_csv_read(in, len, delim, 0, "f.csv", collect, &b1, &e1);
		rc2 = ej_csv_read(in, len, delim, EJ_CSV_LIBCSV_ONLY, "f.csv", collect, &b2, &e2);
		if (rc1 != rc2 || strcmp(ej_buf_str(&b1), ej_buf_str(&b2)) ||
		    (rc1 && strcmp(e1.msg, e2.msg)))
			fail_msg("input %d «%s»: fast %d «%s» «%s», libcsv %d «%s» «%s»", k, in,
				 rc1, ej_buf_str(&b1), rc1 ? e1.msg : "", rc2, ej_buf_str(&b2),
				 rc2 ? e2.msg : "");
		ej_buf_release(&b1);
		ej_buf_release(&b2);
	}
}

static void test_sniff(void **state)
{
	static const struct { const char *in; char want; } t[] = {
		{ "Дата;Группа;Отметка\n1,2;3\n", ';' },
		{ "Дата,Группа,Отметка\n", ',' },
		{ "Дата\tГруппа\tОтметка\n", '\t' },
		{ "\"a;b\",c,d\n", ',' },                  /* ; inside quotes does not count */
		{ "\n\nДата\tГруппа\n", '\t' },           /* blank lines skipped */
		{ "Группа\nx;y;z\n", ';' },                /* first line has none: next one */
		{ "single\n", ';' },
		{ "", ';' },
		{ "a;b,c\n", ';' },                        /* tie: ; wins */
		{ "a\tb,c\n", '\t' },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (ej_csv_sniff(t[i].in, strlen(t[i].in)) != t[i].want)
			fail_msg("case %zu: got %d", i, ej_csv_sniff(t[i].in, strlen(t[i].in)));
}

static int stop_after_one(void *ctx, long line, char **f, size_t n)
{
	(void)line; (void)f; (void)n;
	++*(int *)ctx;
	return 1;
}

static void test_stop_and_limits(void **state)
{
	int calls = 0;
	struct ej_err err = { 0 };
	char *wide;
	size_t i;

	(void)state;
	assert_int_equal(ej_csv_read("a\nb\nc\n", 6, ';', 0, "f", stop_after_one, &calls, &err), 0);
	assert_int_equal(calls, 1);
	wide = malloc(EJ_CSV_MAX_FIELDS * 2 + 4);
	for (i = 0; i < EJ_CSV_MAX_FIELDS + 1; i++) {
		wide[2 * i] = 'x';
		wide[2 * i + 1] = ';';
	}
	wide[2 * i] = '\n';
	assert_int_equal(ej_csv_read(wide, 2 * i + 1, ';', 0, "f.csv", collect, NULL, &err), EJ_EDATA);
	assert_non_null(strstr(err.msg, "f.csv:1: more than"));
	free(wide);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_chunk_size),
		cmocka_unit_test(test_fast_path_matches_libcsv),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_stop_and_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
