/*
** fio.h — Russian personal names (ФИО).
**
** A full name is «Фамилия Имя Отчество» (the patronymic may be missing or be
** two words, e.g. «Оглы»); the short form is «Фамилия И. О.».  Matching keys
** fold case and ё→е and ignore spacing and dots so «Иванов И.И.»,
** «иванов  и. и.» and «Иванов Иван Иванович» compare as expected.
*/
#ifndef EJ_UTIL_FIO_H
#define EJ_UTIL_FIO_H

#include <stdbool.h>
#include <stddef.h>

/* «Иванов Иван Иванович» → «Иванов И. И.»; «Иванов Иван» → «Иванов И.».
** Already-short input is normalised to the same spacing.  Caller frees. */
char *ej_fio_short(const char *full);

/* Key of a full name: lower case, ё→е, single spaces.  Caller frees. */
char *ej_fio_key_full(const char *name);
/* Key of the short form «фамилия и.о.» of any name (full or short). */
char *ej_fio_key_short(const char *name);
/* True when name looks like a short form (initials after the surname). */
bool ej_fio_is_short(const char *name);
/* Join «Фамилия», «Имя», «Отчество» columns (any may be empty). Caller frees. */
char *ej_fio_join(const char *last, const char *first, const char *middle);

#endif
