/*
** utf8.h — the UTF-8 helpers the project needs (no locale is used).
*/
#ifndef EJ_UTIL_UTF8_H
#define EJ_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Strict validation (no overlongs, no surrogates).  On failure *bad_off is
** the offset of the first bad byte. */
bool ej_utf8_valid(const char *s, size_t n, size_t *bad_off);
/* Decode one code point at s (n bytes left); returns bytes used, 0 on error. */
size_t ej_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Append cp as UTF-8 to out (≥4 bytes free); returns bytes written. */
size_t ej_utf8_encode(uint32_t cp, char *out);
/* Number of code points. */
size_t ej_utf8_len(const char *s);
/* Lower-case copy for Latin and Cyrillic, ё→е, Ё→е when fold_yo. Caller frees. */
char *ej_utf8_lower(const char *s, bool fold_yo);
/* Copy with leading/trailing ASCII blanks and NBSP removed. Caller frees. */
char *ej_utf8_trim(const char *s, size_t n);
/* Count Cyrillic and Latin letters in s. */
void ej_utf8_count_scripts(const char *s, size_t *cyrillic, size_t *latin);
/* Case- and ё-insensitive equality of two UTF-8 strings (trimmed). */
bool ej_utf8_eq_fold(const char *a, const char *b);

/* One code point to lower / upper case (ASCII and Cyrillic U+0400–U+045F);
** others are returned unchanged.  fold_yo maps ё/Ё to е in ej_utf8_lower_cp. */
uint32_t ej_utf8_lower_cp(uint32_t cp, bool fold_yo);
uint32_t ej_utf8_upper_cp(uint32_t cp);
/* Blank for trimming: ASCII space, \t, \n, \v, \f, \r and NBSP U+00A0. */
bool ej_utf8_is_blank(uint32_t cp);

#endif
