/*
** test_encoding.c — encoding detection and conversion to UTF-8: BOMs,
** strict UTF-8, the Windows-1251 table (checked against glibc iconv),
** UTF-16LE with surrogates, and every refusal with its line.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <iconv.h>
#include <cmocka.h>

#include "input/encoding.h"

static void test_detect(void **state)
{
	static const struct { const char *s; size_t n; enum ej_enc want; } t[] = {
		{ "", 0, EJ_ENC_UTF8 },
		{ "Дата;Группа\n", 22, EJ_ENC_UTF8 },
		{ "\xEF\xBB\xBF\xD0\x94", 5, EJ_ENC_UTF8 },
		{ "\xFF\xFE\x14\x04", 4, EJ_ENC_UTF16LE },
		{ "\xC4\xE0\xF2\xE0;\xC3\xF0\xF3\xEF\xEF\xE0\n", 12, EJ_ENC_CP1251 },  /* Дата;Группа */
		{ "abc;def\n", 8, EJ_ENC_UTF8 },
		{ "\xD0", 1, EJ_ENC_CP1251 },              /* truncated UTF-8 → not UTF-8 */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(ej_enc_detect(t[i].s, t[i].n), t[i].want);
}

static void test_names(void **state)
{
	enum ej_enc e;

	(void)state;
	assert_int_equal(ej_enc_parse("UTF-8", &e), 0);
	assert_int_equal(e, EJ_ENC_UTF8);
	assert_int_equal(ej_enc_parse("cp1251", &e), 0);
	assert_int_equal(e, EJ_ENC_CP1251);
	assert_int_equal(ej_enc_parse("windows-1251", &e), 0);
	assert_int_equal(e, EJ_ENC_CP1251);
	assert_int_equal(ej_enc_parse("utf-16", &e), 0);
	assert_int_equal(e, EJ_ENC_UTF16LE);
	assert_int_equal(ej_enc_parse("koi8-r", &e), -1);
	assert_string_equal(ej_enc_name(EJ_ENC_CP1251), "Windows-1251");
}

/* Convert with an explicit encoding; expect success and the given UTF-8. */
static void conv_ok(const char *in, size_t n, enum ej_enc enc, const char *want,
		    enum ej_enc want_used)
{
	char *out = NULL;
	size_t len = 0;
	enum ej_enc used = EJ_ENC_AUTO;
	struct ej_err err = { 0 };

	assert_int_equal(ej_enc_to_utf8(in, n, enc, "f.csv", &out, &len, &used, &err), EJ_OK);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(out, want, len);
	assert_int_equal(out[len], '\0');
	assert_int_equal(used, want_used);
	free(out);
}

static void conv_bad(const char *in, size_t n, enum ej_enc enc, const char *want_msg)
{
	char *out = (char *)1;
	size_t len = 7;
	struct ej_err err = { 0 };

	assert_int_equal(ej_enc_to_utf8(in, n, enc, "f.csv", &out, &len, NULL, &err), EJ_EDATA);
	assert_null(out);
	assert_int_equal(len, 0);
	if (!strstr(err.msg, want_msg))
		fail_msg("message «%s» lacks «%s»", err.msg, want_msg);
}

static void test_convert(void **state)
{
	(void)state;
	conv_ok("\xEF\xBB\xBFабв", 9, EJ_ENC_AUTO, "абв", EJ_ENC_UTF8);
	conv_ok("\xEF\xBB\xBFабв", 9, EJ_ENC_UTF8, "абв", EJ_ENC_UTF8);
	conv_ok("\xC4\xE0\xF2\xE0\r\n\xA8\xB8\xB9", 9, EJ_ENC_AUTO, "Дата\r\nЁё№", EJ_ENC_CP1251);
	conv_ok("\xFF\xFE\x14\x04\x30\x04\x09\x00\x3D\xD8\x00\xDE", 12, EJ_ENC_AUTO,
		"Да\t\xF0\x9F\x98\x80", EJ_ENC_UTF16LE);                /* surrogate pair */
	conv_ok("\x14\x04\x30\x04", 4, EJ_ENC_UTF16LE, "Да", EJ_ENC_UTF16LE);  /* no BOM, forced */
	conv_ok("a;b", 3, EJ_ENC_CP1251, "a;b", EJ_ENC_CP1251);
	conv_ok("", 0, EJ_ENC_AUTO, "", EJ_ENC_UTF8);

	/* A CP1251 file read as UTF-8: the line of the first bad byte. */
	conv_bad("ok\nok\n\xC4\xE0\xF2\xE0\n", 10, EJ_ENC_UTF8, "f.csv:3: not valid UTF-8 (byte 0xC4)");
	conv_bad("a\nb\x98\n", 5, EJ_ENC_CP1251, "f.csv:2: byte 0x98 is not a Windows-1251");
	conv_bad("a\nb\x98\n", 5, EJ_ENC_AUTO, "f.csv:2: byte 0x98");
	conv_bad("\xFF\xFE\x0A\x00\x00\xD8\x41\x00", 8, EJ_ENC_AUTO, "f.csv:2: broken UTF-16");
	conv_bad("\xFF\xFE\x41", 3, EJ_ENC_AUTO, "odd number of bytes");
	conv_bad("\xFE\xFF\x00\x41", 4, EJ_ENC_AUTO, "big-endian");
	conv_bad("a;b\nc\0d\n", 8, EJ_ENC_AUTO, "f.csv:2: binary data (byte 0x00)");
	conv_bad("\x01\x02\x03", 3, EJ_ENC_AUTO, "f.csv:1: binary data (byte 0x01)");
	conv_bad("PK\x03\x04\x14\x00\x06\x00", 8, EJ_ENC_AUTO, "binary data");
	/* Bare CR line ends (old Mac files) count as lines, CR LF as one. */
	conv_bad("ok\rok\r\n\xC4\xE0", 9, EJ_ENC_UTF8, "f.csv:3: not valid UTF-8 (byte 0xC4)");
	conv_bad("a\rb\x98\r", 5, EJ_ENC_CP1251, "f.csv:2: byte 0x98");
	conv_bad("a;b\rc\0d\r", 8, EJ_ENC_AUTO, "f.csv:2: binary data (byte 0x00)");
	conv_bad("\xFF\xFE\x0D\x00\x00\xD8\x41\x00", 8, EJ_ENC_AUTO, "f.csv:2: broken UTF-16");
	conv_bad("\xFF\xFE\x0D\x00\x0A\x00\x00\xD8\x41\x00", 10, EJ_ENC_AUTO, "f.csv:2: broken UTF-16");
}

/* A plain reading of RFC 3629: the offset of the first byte that does not
** start a valid sequence, or n. */
static size_t ref_bad(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	uint32_t cp;

	while (i < n) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			len = 2, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			len = 3, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			len = 4, cp = c & 0x07;
		else
			return i;
		if (i + len > n)
			return i;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += len;
	}
	return n;
}

/* The validator's word-at-a-time paths (ASCII, Cyrillic pairs) agree with
** the plain reading on random mixes of valid and broken sequences, at
** every alignment: same verdict, same line, same byte. */
static void test_utf8_random(void **state)
{
	static const char *const piece[] = {
		"a", "Z", ";", " ", "\n", "\t", "1", "Д", "я", "Ё", "ё", "Ѐ", "ӿ", "\xC2\x80",
		"№", "€", "\xEF\xBF\xBF", "😀", "\xF4\x8F\xBF\xBF",
		"Иванов", "Беляева Диана", "ИСП-11", "Контрольная работа",
	};
	static const char *const bad[] = {
		"\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xD0", "\xD0" "a", "\xF5\x80\x80\x80",
		"\xFF", "\xED\xA0\x80", "\xE0\x80\x80", "\xF0\x80\x80\x80",
		"\xF4\x90\x80\x80", "\xE2\x84", "\xD0\xD0",
	};
	/* Every piece, good and bad, at every offset of a run of Cyrillic long
	** enough for several 16-byte blocks, after an odd or even prefix. */
	static const char *const sweep[] = {
		"№", "😀", "a", "\n", "\xC2\x80", "\xDF\xBF", "\x80", "\xBF", "\xC0\x80",
		"\xC1\xBF", "\xD0", "\xE2\x84", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF",
	};
	unsigned seed = 20261128;
	char buf[512], msg[64];
	int iter;

	(void)state;
	for (iter = 0; iter < 2 * 34 * (int)(sizeof(sweep) / sizeof(sweep[0])); iter++) {
		const char *run = "ДатаурокаГруппаПодгруппаДисциплина";   /* 68 bytes */
		int odd = iter & 1, at = (iter / 2) % 34 * 2;
		const char *p = sweep[iter / 68];
		size_t n = 0, want;
		char *out = NULL;
		size_t outlen;
		struct ej_err e = { 0 };

		if (odd)
			buf[n++] = 'x';
		memcpy(buf + n, run, (size_t)at);
		n += (size_t)at;
		memcpy(buf + n, p, strlen(p));
		n += strlen(p);
		memcpy(buf + n, run, strlen(run));
		n += strlen(run);
		want = ref_bad((const unsigned char *)buf, n);
		assert_int_equal(ej_enc_to_utf8(buf, n, EJ_ENC_UTF8, "f.csv", &out, &outlen, NULL, &e) == 0,
				 want == n);
		if (want != n) {
			snprintf(msg, sizeof(msg), "(byte 0x%02X)", (unsigned char)buf[want]);
			if (!strstr(e.msg, msg))
				fail_msg("«%s» at %d: want «%s», got «%s»", p, at + odd, msg, e.msg);
		}
		free(out);
	}
	for (iter = 0; iter < 20000; iter++) {
		size_t n = 0, want, lines = 1, k;
		int parts = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 40;
		char *out = NULL;
		size_t outlen;
		struct ej_err e = { 0 };
		int rc;

		while (parts-- > 0) {
			unsigned r = (seed = seed * 1103515245u + 12345u) >> 16;
			const char *p = r % 97 == 0 ? bad[(r / 97) % (sizeof(bad) / sizeof(bad[0]))]
				: piece[r % (sizeof(piece) / sizeof(piece[0]))];
			size_t len = strlen(p);
			if (n + len >= sizeof(buf))
				break;
			memcpy(buf + n, p, len);
			n += len;
		}
		want = ref_bad((const unsigned char *)buf, n);
		rc = ej_enc_to_utf8(buf, n, EJ_ENC_UTF8, "f.csv", &out, &outlen, NULL, &e);
		if (want == n) {
			assert_int_equal(rc, 0);
			assert_int_equal(outlen, n);
			assert_memory_equal(out, buf, n);
		} else {
			assert_int_not_equal(rc, 0);
			for (k = 0; k < want; k++)
				lines += buf[k] == '\n';
			snprintf(msg, sizeof(msg), "f.csv:%zu: not valid UTF-8 (byte 0x%02X)", lines,
				 (unsigned char)buf[want]);
			if (!strstr(e.msg, msg))
				fail_msg("iteration %d: want «%s», got «%s»", iter, msg, e.msg);
			assert_int_equal(ej_enc_detect(buf, n), EJ_ENC_CP1251);
		}
		free(out);
	}
}

/* The 256-entry table agrees with glibc's iconv for every defined byte. */
static void test_cp1251_table(void **state)
{
	iconv_t cd = iconv_open("UTF-8", "CP1251");
	int c;

	(void)state;
	assert_true(cd != (iconv_t)-1);
	for (c = 0x20; c < 256; c++) {
		char in[1] = { (char)c }, want[8] = { 0 }, *ip = in, *op = want;
		size_t il = 1, ol = sizeof(want), r;
		char *got = NULL;
		size_t len = 0;
		struct ej_err err = { 0 };

		if (c == 0x7F)
			continue;
		r = iconv(cd, &ip, &il, &op, &ol);
		if (c == 0x98) {
			assert_int_equal(ej_enc_to_utf8(in, 1, EJ_ENC_CP1251, "f", &got, &len, NULL,
							&err), EJ_EDATA);
			continue;
		}
		assert_true(r != (size_t)-1);
		assert_int_equal(ej_enc_to_utf8(in, 1, EJ_ENC_CP1251, "f", &got, &len, NULL, &err),
				 EJ_OK);
		assert_int_equal(len, (size_t)(op - want));
		assert_memory_equal(got, want, len);
		free(got);
	}
	iconv_close(cd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_convert),
		cmocka_unit_test(test_utf8_random),
		cmocka_unit_test(test_cp1251_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
