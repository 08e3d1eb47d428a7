/*
** encoding.c — encoding detection and conversion to UTF-8 (see encoding.h).
*/
#include "input/encoding.h"
#include "util/xalloc.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

/* Windows-1251 bytes 0x80–0xFF as Unicode; 0 = undefined (0x98). */
static const uint16_t cp1251_hi[128] = {
	0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
	0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
	0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x0000, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
	0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
	0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
	0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
	0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
	0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
	0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
	0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427,
	0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
	0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
	0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
	0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,
	0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
};

int ej_enc_parse(const char *name, enum ej_enc *out)
{
	static const struct { const char *name; enum ej_enc enc; } names[] = {
		{ "utf-8", EJ_ENC_UTF8 }, { "utf8", EJ_ENC_UTF8 },
		{ "cp1251", EJ_ENC_CP1251 }, { "windows-1251", EJ_ENC_CP1251 },
		{ "win1251", EJ_ENC_CP1251 }, { "cp-1251", EJ_ENC_CP1251 },
		{ "utf-16", EJ_ENC_UTF16LE }, { "utf-16le", EJ_ENC_UTF16LE },
		{ "utf16", EJ_ENC_UTF16LE }, { "utf16le", EJ_ENC_UTF16LE },
		{ "auto", EJ_ENC_AUTO },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].enc;
			return 0;
		}
	return -1;
}

const char *ej_enc_name(enum ej_enc enc)
{
	switch (enc) {
	case EJ_ENC_UTF8: return "UTF-8";
	case EJ_ENC_CP1251: return "Windows-1251";
	case EJ_ENC_UTF16LE: return "UTF-16LE";
	default: return "auto";
	}
}

/* The length of the valid UTF-8 character at s[i] (strict: no overlongs,
** no surrogates, ≤ U+10FFFF), or 0 when it is not one. */
static size_t utf8_char(const unsigned char *s, size_t i, size_t n)
{
	unsigned char c = s[i];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return i + 1 < n && (s[i + 1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (i + 2 >= n || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0))
			return 0;                /* overlong, surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (i + 3 >= n || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
		    (s[i + 3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] >= 0x90))
			return 0;                /* overlong, above U+10FFFF */
		return 4;
	}
	return 0;
}

/* Characters one by one from i (a character start) to at least end;
** the offset reached, or the offset of a bad byte with *bad set. */
static size_t utf8_walk(const unsigned char *s, size_t i, size_t end, size_t n, bool *bad)
{
	while (i < end) {
		size_t len = utf8_char(s, i, n);
		if (!len) {
			*bad = true;
			return i;
		}
		i += len;
	}
	return i;
}

/*
** Offset of the first byte that breaks strict UTF-8, or n when the whole
** text is valid.  Every file is checked whole before it is read (a file
** that is not UTF-8 is Windows-1251), so this is on the import's path:
** with SSE2 (every x86-64) sixteen bytes are taken at once while they hold
** only ASCII and two-byte characters — Russian text — each continuation
** byte right after a lead byte C2…DF; a block with anything else is walked
** character by character.  ≈3× the speed of the plain walk on a marks
** export (docs/performance.md «Import»).
*/
static size_t utf8_bad_offset(const unsigned char *s, size_t n)
{
	size_t i = 0;
	bool bad = false;
#if defined(__SSE2__)
	const __m128i lo = _mm_set1_epi8(0x41), hi = _mm_set1_epi8(0x60);
	const __m128i flip = _mm_set1_epi8((char)0x80), c0 = _mm_set1_epi8((char)0xC0);
	unsigned carry = 0;             /* the last block ended with a lead byte */

	while (i + 16 <= n) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned high = (unsigned)_mm_movemask_epi8(x), lead, cont;
		__m128i f;

		if (!high && !carry) {
			i += 16;
			continue;
		}
		f = _mm_xor_si128(x, flip);          /* C2…DF as signed 0x42…0x5F */
		lead = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(f, lo),
								 _mm_cmplt_epi8(f, hi)));
		cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, c0));   /* 80…BF */
		if ((lead | cont) == high && (((lead << 1) | carry) & 0xFFFFu) == cont) {
			carry = lead >> 15;
			i += 16;
			continue;
		}
		if (carry)
			i--;                          /* back to the lead byte */
		carry = 0;
		i = utf8_walk(s, i, i + 16, n, &bad);
		if (bad)
			return i;
	}
	if (carry)
		i--;
#else
	while (i + 8 <= n) {            /* eight ASCII bytes at a time */
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ULL)
			i = utf8_walk(s, i, i + 8, n, &bad);
		else
			i += 8;
		if (bad)
			return i;
	}
#endif
	i = utf8_walk(s, i, n, n, &bad);
	return i;
}

/* Line ends in p[0..n): LF, and CR not followed by LF (old Mac files; as
** the CSV reader counts them).  A CR at p[n - 1] counts. */
static long line_ends(const char *p, size_t n)
{
	const char *q, *end = p + n;
	long k = 0;

	for (q = p; (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
		k++;
	for (q = p; (q = memchr(q, '\r', (size_t)(end - q))) != NULL; q++)
		if (q + 1 == end || q[1] != '\n')
			k++;
	return k;
}

/* 1-based line of byte offset off in p. */
static long line_of(const char *p, size_t off)
{
	return 1 + line_ends(p, off);
}

enum ej_enc ej_enc_detect(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return EJ_ENC_UTF8;
	if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
		return EJ_ENC_UTF16LE;
	if (utf8_bad_offset(u, n) == n)
		return EJ_ENC_UTF8;
	return EJ_ENC_CP1251;
}

static size_t put_utf8(uint32_t cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static int from_cp1251(const unsigned char *u, size_t n, const char *fname,
		       char **out, size_t *outlen, struct ej_err *err)
{
	/* Each byte becomes at most 3 UTF-8 bytes. */
	char *o, *w;
	size_t i;
	long line = 1;

	if (n > ((size_t)-1 - 1) / 3)
		return ej_err_set(err, EJ_EDATA, "%s: file too large", fname);
	o = w = ej_malloc(n * 3 + 1);
	for (i = 0; i < n; i++) {
		unsigned char c = u[i];
		if (c < 0x80) {
			*w++ = (char)c;
			if (c == '\n' || (c == '\r' && (i + 1 == n || u[i + 1] != '\n')))
				line++;
		} else if (cp1251_hi[c - 0x80] == 0) {
			free(o);
			return ej_err_set(err, EJ_EDATA,
				"%s:%ld: byte 0x%02X is not a Windows-1251 character: the file "
				"is in another encoding; save it as UTF-8 or give --encoding",
				fname, line, c);
		} else {
			w += put_utf8(cp1251_hi[c - 0x80], w);
		}
	}
	*w = '\0';
	*out = o;
	*outlen = (size_t)(w - o);
	return EJ_OK;
}

static int from_utf16le(const unsigned char *u, size_t n, const char *fname,
			char **out, size_t *outlen, struct ej_err *err)
{
	char *o, *w;
	size_t i;
	long line = 1;

	if (n % 2)
		return ej_err_set(err, EJ_EDATA, "%s: UTF-16 file with an odd number of "
				  "bytes (%zu): the file is cut short or not UTF-16", fname, n);
	/* A UTF-16 unit becomes at most 3 UTF-8 bytes; a pair (4 bytes) 4. */
	o = w = ej_malloc(n / 2 * 3 + 1);
	for (i = 0; i < n; i += 2) {
		uint32_t cp = (uint32_t)u[i] | ((uint32_t)u[i + 1] << 8);
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			uint32_t lo = i + 3 < n ? ((uint32_t)u[i + 2] | ((uint32_t)u[i + 3] << 8)) : 0;
			if (lo < 0xDC00 || lo > 0xDFFF)
				goto bad;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			i += 2;
		} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
			goto bad;
		}
		if (cp == '\n' || (cp == '\r' && (i + 3 >= n || u[i + 2] != '\n' || u[i + 3])))
			line++;
		w += put_utf8(cp, w);
	}
	*w = '\0';
	*out = o;
	*outlen = (size_t)(w - o);
	return EJ_OK;
bad:
	free(o);
	return ej_err_set(err, EJ_EDATA, "%s:%ld: broken UTF-16 (a lone surrogate): the file "
			  "is not UTF-16; give --encoding", fname, line);
}

/* Refuse NUL and control bytes: a binary file, or a wrong encoding guess.
** p starts on line line0 of the file. */
static int check_text(const char *p, size_t n, const char *fname, long line0,
		      struct ej_err *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c;
		uint64_t w, x;
		/* Skip eight bytes at a time while none is below 0x20 or 0x7F
		** (the usual bit tricks: exact as an "any byte" test). */
		while (i + 8 <= n) {
			memcpy(&w, p + i, 8);
			x = w ^ 0x7F7F7F7F7F7F7F7FULL;
			if (((w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL) |
			    ((x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		c = (unsigned char)p[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return ej_err_set(err, EJ_EDATA,
				"%s:%ld: binary data (byte 0x%02X): this is not a CSV text "
				"file; export the table as CSV", fname, line0 + line_of(p, i) - 1, c);
		if (c == 0x7F)
			return ej_err_set(err, EJ_EDATA,
				"%s:%ld: binary data (byte 0x7F): this is not a CSV text "
				"file; export the table as CSV", fname, line0 + line_of(p, i) - 1);
	}
	return EJ_OK;
}

int ej_enc_to_utf8(const char *p, size_t n, enum ej_enc enc, const char *fname,
		   char **out, size_t *outlen, enum ej_enc *used, struct ej_err *err)
{
	const unsigned char *u = (const unsigned char *)p;
	int rc;

	*out = NULL;
	*outlen = 0;
	if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF && enc == EJ_ENC_AUTO)
		return ej_err_set(err, EJ_EDATA, "%s:1: UTF-16 big-endian is not supported: "
				  "save the file as UTF-8 or as Excel «Unicode text»", fname);
	if (enc == EJ_ENC_AUTO)
		enc = ej_enc_detect(p, n);
	if (used)
		*used = enc;
	switch (enc) {
	case EJ_ENC_UTF8: {
		size_t bad;
		if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
			u += 3;
			n -= 3;
		}
		bad = utf8_bad_offset(u, n);
		if (bad != n)
			return ej_err_set(err, EJ_EDATA,
				"%s:%ld: not valid UTF-8 (byte 0x%02X): the file looks like "
				"Windows-1251; drop --encoding or give --encoding cp1251",
				fname, line_of((const char *)u, bad), u[bad]);
		*out = ej_malloc(n + 1);
		memcpy(*out, u, n);
		(*out)[n] = '\0';
		*outlen = n;
		break;
	}
	case EJ_ENC_CP1251:
		if ((rc = from_cp1251(u, n, fname, out, outlen, err)))
			return rc;
		break;
	case EJ_ENC_UTF16LE:
		if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
			u += 2;
			n -= 2;
		}
		if ((rc = from_utf16le(u, n, fname, out, outlen, err)))
			return rc;
		break;
	default:
		return ej_err_set(err, EJ_EIO, "%s: no encoding", fname);
	}
	if ((rc = check_text(*out, *outlen, fname, 1, err))) {
		free(*out);
		*out = NULL;
		*outlen = 0;
		return rc;
	}
	return EJ_OK;
}

int ej_enc_take(char **p, size_t *n, enum ej_enc enc, const char *fname, enum ej_enc *used,
		struct ej_err *err)
{
	const unsigned char *u = (const unsigned char *)*p;
	size_t len = *n, skip = 0, bad;
	char *out = NULL;
	int rc;

	if (enc == EJ_ENC_AUTO && !(len >= 2 && u[0] == 0xFE && u[1] == 0xFF))
		enc = ej_enc_detect(*p, len);
	if (enc != EJ_ENC_UTF8) {
		rc = ej_enc_to_utf8(*p, len, enc, fname, &out, n, used, err);
		free(*p);
		*p = out;
		return rc;
	}
	if (used)
		*used = EJ_ENC_UTF8;
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		skip = 3;
	bad = utf8_bad_offset(u + skip, len - skip);
	if (bad != len - skip)
		rc = ej_err_set(err, EJ_EDATA,
			"%s:%ld: not valid UTF-8 (byte 0x%02X): the file looks like "
			"Windows-1251; drop --encoding or give --encoding cp1251",
			fname, line_of(*p + skip, bad), u[skip + bad]);
	else
		rc = check_text(*p + skip, len - skip, fname, 1, err);
	if (rc) {
		free(*p);
		*p = NULL;
		*n = 0;
		return rc;
	}
	if (skip)
		memmove(*p, *p + skip, len - skip);
	*n = len - skip;
	(*p)[*n] = '\0';
	return EJ_OK;
}

int ej_enc_check_utf8(const char *p, size_t n, const char *fname,
		      void (*done)(void *ctx, size_t upto), void *ctx, int *not_utf8,
		      struct ej_err *err)
{
	const size_t slice = (size_t)8 << 20;
	size_t pos = 0;
	long line = 1;

	if (not_utf8)
		*not_utf8 = 0;
	while (pos < n) {
		size_t end = n - pos > slice ? pos + slice : n, bad;
		int rc;

		if (end < n) {
			/* Cut after a line end: never inside a UTF-8 sequence. */
			const char *nl = memchr(p + end, '\n', n - end);
			end = nl ? (size_t)(nl - p) + 1 : n;
		}
		bad = utf8_bad_offset((const unsigned char *)p + pos, end - pos);
		if (bad != end - pos) {
			if (not_utf8)
				*not_utf8 = 1;
			return ej_err_set(err, EJ_EDATA,
				"%s:%ld: not valid UTF-8 (byte 0x%02X): the file looks like "
				"Windows-1251; drop --encoding or give --encoding cp1251",
				fname, line + line_of(p + pos, bad) - 1,
				(unsigned char)p[pos + bad]);
		}
		if ((rc = check_text(p + pos, end - pos, fname, line, err)))
			return rc;
		line += line_ends(p + pos, end - pos);
		pos = end;
		if (done)
			done(ctx, pos);
	}
	return EJ_OK;
}
