/*
** numwords.h — Russian number words and plural agreement.
*/
#ifndef EJ_UTIL_NUMWORDS_H
#define EJ_UTIL_NUMWORDS_H

#include <stddef.h>

enum ej_gender { EJ_MASC, EJ_FEM, EJ_NEUT };

/* Cardinal in words: 121, EJ_MASC → «сто двадцать один»; 2, EJ_FEM → «две».
** 0 ≤ n < 1 000 000 000.  Writes into out (NUL-terminated, truncated to size). */
void ej_num_words(long n, enum ej_gender g, char *out, size_t size);
/* Plural form: ej_plural(n, "лист", "листа", "листов"). */
const char *ej_plural(long n, const char *one, const char *few, const char *many);

#endif
