/*
** values.h — the cell values of the exports, normalised (formats.md «Cell
** values»): marks, lesson types, attestation forms, final kinds, yes/no,
** numbers and discipline «индекс название» fields.  Pure functions.
*/
#ifndef EJ_INPUT_VALUES_H
#define EJ_INPUT_VALUES_H

#include <stdbool.h>
#include <stddef.h>

/*
** Matching key of a text: lower case (Latin, Cyrillic), ё→е, NBSP and runs of
** blanks → one space, trimmed.  Writes at most outsz - 1 bytes and a NUL into
** out; returns the key's length.
*/
size_t ej_fold(const char *s, char *out, size_t outsz);

#define EJ_MARK_MAXVALS 8

/*
** Split a journal cell into its normalised values: «5», «4», «3», «2», «1»,
** «зач», «незач», «на», «осв», «н», «б», «у», «оп».  Several values are
** separated by «/» or blanks («5/4», «н 2»).  vals[] receive pointers to
** static strings.  Returns 0 (n ≥ 1), -1 for an unknown value (Latin
** look-alikes are not guessed), -2 for more than max values, -3 for empty.
*/
int ej_mark_parse(const char *cell, const char **vals, size_t max, size_t *n);
/* True for the attendance values н, б, у, оп. */
bool ej_mark_is_attendance(const char *value);

/* Lesson type → theory|practical|lab|control|excursion|seminar|consultation|
** exam|self_study|project; "" → theory.  Returns 0 or -1 (unknown). */
int ej_lesson_type_parse(const char *s, const char **out);
/* Форма аттестации → exam|credit|diff_credit|other, "" → NULL.  0 or -1. */
int ej_attestation_parse(const char *s, const char **out);
/* Вид итоговой → semester|exam|diff_credit|credit|year|final, "" → NULL. */
int ej_final_kind_parse(const char *s, const char **out);
/* да/нет/yes/no/1/0/+/-: *out 1 or 0, "" → -1.  Returns 0 or -1. */
int ej_yesno_parse(const char *s, int *out);
/* A decimal number with «.» or «,»; 0 or -1. */
int ej_number_parse(const char *s, double *out);
/* A whole number in [min, max]; 0 or -1. */
int ej_int_parse(const char *s, long min, long max, long *out);

/*
** Does s start with a discipline index (ОП.01, МДК.01.01, ОУД.04, ЕН.01,
** ПМ.02, УП.01, ПП.01: capital letters, then «.digits» one or more times)?
** When it does, copies the index to code and points *rest at the name after
** it (possibly "") and returns true.
*/
bool ej_disc_split(const char *s, char *code, size_t codesz, const char **rest);

#endif
