/*
** names.h — Russian personal names for generated people: surname, first
** name and patronymic that agree in gender («Иванов Иван Сергеевич»,
** «Иванова Мария Сергеевна»; «Шевченко», «Белых» do not change).
*/
#ifndef EJ_GEN_NAMES_H
#define EJ_GEN_NAMES_H

#include <stddef.h>

#include "gen/rng.h"

struct ej_person_name {
	char last[64], first[48], middle[64];
	int female;
};

/* Draw a name of the given gender (0 male, 1 female). */
void ej_name_draw(struct ej_rng *r, int female, struct ej_person_name *out);
/* The female form of a male surname: Иванов → Иванова, Тверской → Тверская,
** Толстой → Толстая, Шевченко/Белых unchanged.  out gets at most n bytes. */
void ej_surname_female(const char *male, char *out, size_t n);
/* «Фамилия Имя Отчество» into out (n bytes). */
void ej_name_full(const struct ej_person_name *p, char *out, size_t n);
/* «Фамилия И. О.» into out (n bytes). */
void ej_name_short(const struct ej_person_name *p, char *out, size_t n);

/* The tables, for tests: count and i-th entry. */
size_t ej_names_first_count(int female);
const char *ej_names_first(int female, size_t i);
size_t ej_names_surname_count(void);
const char *ej_names_surname(size_t i);

#endif
