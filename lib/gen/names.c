/*
** names.c — tables of Russian names and the agreement rules.
*/
#include <stdio.h>
#include <string.h>

#include "gen/names.h"

static const char *const male_first[] = {
	"Александр", "Алексей", "Андрей", "Антон", "Артём", "Артур", "Богдан",
	"Вадим", "Валерий", "Василий", "Виктор", "Владимир", "Владислав",
	"Глеб", "Григорий", "Даниил", "Денис", "Дмитрий", "Евгений", "Егор",
	"Иван", "Игорь", "Илья", "Кирилл", "Константин", "Лев", "Максим",
	"Марк", "Матвей", "Михаил", "Никита", "Николай", "Олег", "Павел",
	"Пётр", "Роман", "Руслан", "Семён", "Сергей", "Станислав", "Степан",
	"Тимофей", "Тимур", "Фёдор", "Юрий", "Ярослав",
};

static const char *const female_first[] = {
	"Алёна", "Алина", "Алиса", "Анастасия", "Анна", "Арина", "Валерия",
	"Вера", "Вероника", "Виктория", "Галина", "Дарья", "Диана", "Ева",
	"Екатерина", "Елена", "Елизавета", "Иванна", "Ирина", "Карина",
	"Кира", "Ксения", "Лариса", "Любовь", "Людмила", "Маргарита", "Марина",
	"Мария", "Милана", "Надежда", "Наталья", "Ольга", "Полина", "Светлана",
	"Софья", "Таисия", "Татьяна", "Ульяна", "Юлия", "Яна",
};

/* Patronymics from the father's name: male and female forms. */
static const char *const patronymic[][2] = {
	{ "Александрович", "Александровна" }, { "Алексеевич", "Алексеевна" },
	{ "Андреевич", "Андреевна" }, { "Анатольевич", "Анатольевна" },
	{ "Борисович", "Борисовна" }, { "Вадимович", "Вадимовна" },
	{ "Валерьевич", "Валерьевна" }, { "Васильевич", "Васильевна" },
	{ "Викторович", "Викторовна" }, { "Владимирович", "Владимировна" },
	{ "Геннадьевич", "Геннадьевна" }, { "Дмитриевич", "Дмитриевна" },
	{ "Евгеньевич", "Евгеньевна" }, { "Игоревич", "Игоревна" },
	{ "Ильич", "Ильинична" }, { "Иванович", "Ивановна" },
	{ "Константинович", "Константиновна" }, { "Львович", "Львовна" },
	{ "Максимович", "Максимовна" }, { "Михайлович", "Михайловна" },
	{ "Никитич", "Никитична" }, { "Николаевич", "Николаевна" },
	{ "Олегович", "Олеговна" }, { "Павлович", "Павловна" },
	{ "Петрович", "Петровна" }, { "Романович", "Романовна" },
	{ "Сергеевич", "Сергеевна" }, { "Станиславович", "Станиславовна" },
	{ "Фёдорович", "Фёдоровна" }, { "Юрьевич", "Юрьевна" },
	{ "Ярославович", "Ярославовна" },
};

/* Male forms; the female form follows ej_surname_female(). */
static const char *const surnames[] = {
	"Абрамов", "Авдеев", "Агафонов", "Акимов", "Александров", "Алексеев",
	"Андреев", "Антонов", "Афанасьев", "Баранов", "Белов", "Белоусов",
	"Белых", "Беляев", "Богданов", "Борисов", "Быков", "Васильев",
	"Виноградов", "Власов", "Волков", "Воробьёв", "Воронин", "Гаврилов",
	"Герасимов", "Голубев", "Горбунов", "Григорьев", "Гусев", "Давыдов",
	"Данилов", "Дементьев", "Денисов", "Дмитриев", "Егоров", "Ефимов",
	"Жуков", "Журавлёв", "Зайцев", "Захаров", "Зиновьев", "Зуев",
	"Иванов", "Игнатьев", "Ильин", "Калинин", "Карпов", "Касаткин",
	"Киселёв", "Климов", "Ковалёв", "Козлов", "Колесников", "Комаров",
	"Кондратьев", "Королёв", "Коваленко", "Крылов", "Кудрявцев", "Кузнецов",
	"Кузьмин", "Куликов", "Лазарев", "Лебедев", "Логинов", "Лукин",
	"Макаров", "Максимов", "Медведев", "Мельников", "Миронов", "Михайлов",
	"Морозов", "Назаров", "Никитин", "Николаев", "Новиков", "Орлов",
	"Осипов", "Павлов", "Панов", "Петров", "Поляков", "Пономарёв",
	"Попов", "Прохоров", "Романов", "Рыбаков", "Савельев", "Сафонов",
	"Семёнов", "Сергеев", "Сидоров", "Смирнов", "Соболев", "Соколов",
	"Соловьёв", "Сорокин", "Степанов", "Суворов", "Тарасов", "Тимофеев",
	"Титов", "Тихонов", "Толстой", "Третьяков", "Тверской", "Устинов",
	"Фёдоров", "Филиппов", "Фомин", "Фролов", "Харитонов", "Чернов",
	"Черных", "Шевченко", "Шестаков", "Широков", "Щербаков", "Юдин",
	"Яковлев", "Ярцев", "Бондаренко", "Литвиненко", "Седых", "Вишневский",
	"Покровский", "Островский", "Журавский", "Городецкий",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && memcmp(s + n - m, suf, m) == 0;
}

/* -ов/-ев/-ёв/-ин/-ын → +а; -ский/-цкий/-ой/-ый → -ая; others unchanged. */
void ej_surname_female(const char *male, char *out, size_t n)
{
	size_t len = strlen(male);

	if (ends_with(male, "ов") || ends_with(male, "ев") || ends_with(male, "ёв") ||
	    ends_with(male, "ин") || ends_with(male, "ын")) {
		snprintf(out, n, "%sа", male);
	} else if (ends_with(male, "ий") || ends_with(male, "ой") || ends_with(male, "ый")) {
		/* Each of these endings is two 2-byte letters. */
		snprintf(out, n, "%.*sая", (int)(len - 4), male);
	} else {
		snprintf(out, n, "%s", male);
	}
}

void ej_name_draw(struct ej_rng *r, int female, struct ej_person_name *out)
{
	const char *sur = surnames[ej_rng_below(r, COUNT(surnames))];

	out->female = female ? 1 : 0;
	if (female) {
		ej_surname_female(sur, out->last, sizeof(out->last));
		snprintf(out->first, sizeof(out->first), "%s",
			 female_first[ej_rng_below(r, COUNT(female_first))]);
	} else {
		snprintf(out->last, sizeof(out->last), "%s", sur);
		snprintf(out->first, sizeof(out->first), "%s",
			 male_first[ej_rng_below(r, COUNT(male_first))]);
	}
	snprintf(out->middle, sizeof(out->middle), "%s",
		 patronymic[ej_rng_below(r, COUNT(patronymic))][out->female]);
}

void ej_name_full(const struct ej_person_name *p, char *out, size_t n)
{
	snprintf(out, n, "%s %s %s", p->last, p->first, p->middle);
}

/* First letter of a UTF-8 string (1–4 bytes), copied with its length. */
static int first_letter(const char *s, char *out)
{
	int len = 1;
	unsigned char c = (unsigned char)s[0];

	if (c >= 0xF0) len = 4;
	else if (c >= 0xE0) len = 3;
	else if (c >= 0xC0) len = 2;
	memcpy(out, s, (size_t)len);
	out[len] = '\0';
	return len;
}

void ej_name_short(const struct ej_person_name *p, char *out, size_t n)
{
	char a[8], b[8];

	first_letter(p->first, a);
	first_letter(p->middle, b);
	snprintf(out, n, "%s %s. %s.", p->last, a, b);
}

size_t ej_names_first_count(int female)
{
	return female ? COUNT(female_first) : COUNT(male_first);
}

const char *ej_names_first(int female, size_t i)
{
	return female ? female_first[i] : male_first[i];
}

size_t ej_names_surname_count(void)
{
	return COUNT(surnames);
}

const char *ej_names_surname(size_t i)
{
	return surnames[i];
}
