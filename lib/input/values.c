/*
** values.c — normalising cell values (see values.h; formats.md «Cell values»).
*/
#include "input/values.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t ej_fold(const char *s, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	int space = 0;

	if (outsz == 0)
		return 0;
	while (*p) {
		unsigned char c = p[0];
		unsigned char o[2];
		size_t k;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || (c == 0xC2 && p[1] == 0xA0)) {
			space = 1;
			p += c == 0xC2 ? 2 : 1;
			continue;
		}
		if (space && n > 0 && n + 1 < outsz)
			out[n++] = ' ';
		space = 0;
		if (c < 0x80) {
			o[0] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			k = 1;
			p++;
		} else if (c == 0xD0 && p[1] >= 0x90 && p[1] <= 0x9F) {       /* А–П */
			o[0] = 0xD0;
			o[1] = (unsigned char)(p[1] + 0x20);
			k = 2;
			p += 2;
		} else if (c == 0xD0 && p[1] >= 0xA0 && p[1] <= 0xAF) {       /* Р–Я */
			o[0] = 0xD1;
			o[1] = (unsigned char)(p[1] - 0x20);
			k = 2;
			p += 2;
		} else if ((c == 0xD0 && p[1] == 0x81) || (c == 0xD1 && p[1] == 0x91)) { /* Ё ё */
			o[0] = 0xD0;
			o[1] = 0xB5;
			k = 2;
			p += 2;
		} else {
			/* Copy one whole UTF-8 sequence (or a stray byte). */
			size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1, i;
			for (i = 1; i < len; i++)
				if (!p[i]) {
					len = i;
					break;
				}
			if (n + len >= outsz)
				break;
			memcpy(out + n, p, len);
			n += len;
			p += len;
			continue;
		}
		if (n + k >= outsz)
			break;
		memcpy(out + n, o, k);
		n += k;
	}
	out[n] = '\0';
	return n;
}

struct map {
	const char *key;      /* folded */
	const char *val;
};

/* Longest entries first: the scan takes the first that fits. */
static const struct map marks[] = {
	{ "не зачтено", "незач" }, { "зачтено", "зач" }, { "незач", "незач" },
	{ "н/а", "на" }, { "зач", "зач" }, { "осв", "осв" },
	{ "нз", "незач" }, { "на", "на" }, { "уп", "у" }, { "оп", "оп" },
	{ "5", "5" }, { "4", "4" }, { "3", "3" }, { "2", "2" }, { "1", "1" },
	{ "з", "зач" }, { "н", "н" }, { "б", "б" }, { "у", "у" },
};

int ej_mark_parse(const char *cell, const char **vals, size_t max, size_t *n)
{
	static const char *const digit[] = { "1", "2", "3", "4", "5" };
	char key[256];
	size_t len, pos = 0, i;

	*n = 0;
	/* Most cells of an export are one mark: no folding, no scan. */
	if (cell[0] >= '1' && cell[0] <= '5' && cell[1] == '\0') {
		if (max == 0)
			return -2;
		vals[(*n)++] = digit[cell[0] - '1'];
		return 0;
	}
	len = ej_fold(cell, key, sizeof(key));
	if (len == 0)
		return -3;
	if (len >= sizeof(key) - 1)
		return -1;
	while (pos < len) {
		const struct map *hit = NULL;
		if (key[pos] == '/' || key[pos] == ' ') {
			pos++;
			continue;
		}
		for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
			size_t k;
			if (key[pos] != marks[i].key[0])
				continue;
			k = strlen(marks[i].key);
			if (strncmp(key + pos, marks[i].key, k) == 0 &&
			    (key[pos + k] == '\0' || key[pos + k] == '/' || key[pos + k] == ' ')) {
				hit = &marks[i];
				pos += k;
				break;
			}
		}
		if (!hit)
			return -1;
		if (*n >= max)
			return -2;
		vals[(*n)++] = hit->val;
	}
	return *n ? 0 : -1;
}

bool ej_mark_is_attendance(const char *v)
{
	return !strcmp(v, "н") || !strcmp(v, "б") || !strcmp(v, "у") || !strcmp(v, "оп");
}

static int lookup(const struct map *t, size_t nt, const char *s, const char **out)
{
	char key[256];
	size_t i;

	ej_fold(s, key, sizeof(key));
	for (i = 0; i < nt; i++)
		if (strcmp(key, t[i].key) == 0) {
			*out = t[i].val;
			return 0;
		}
	return -1;
}

int ej_lesson_type_parse(const char *s, const char **out)
{
	static const struct map t[] = {
		{ "теоретическое занятие", "theory" }, { "теория", "theory" },
		{ "лекция", "theory" }, { "урок", "theory" },
		{ "комбинированное занятие", "theory" }, { "комбинированный урок", "theory" },
		{ "theory", "theory" },
		{ "практическая работа", "practical" }, { "практическое занятие", "practical" },
		{ "пр", "practical" }, { "пз", "practical" }, { "practical", "practical" },
		{ "лабораторная работа", "lab" }, { "лабораторное занятие", "lab" },
		{ "лр", "lab" }, { "lab", "lab" },
		{ "контрольная работа", "control" }, { "кр", "control" },
		{ "проверочная работа", "control" }, { "зачетная работа", "control" },
		{ "тест", "control" }, { "тестирование", "control" }, { "control", "control" },
		{ "экскурсия", "excursion" }, { "excursion", "excursion" },
		{ "семинар", "seminar" }, { "seminar", "seminar" },
		{ "консультация", "consultation" }, { "consultation", "consultation" },
		{ "экзамен", "exam" }, { "зачет", "exam" }, { "дифференцированный зачет", "exam" },
		{ "дифзачет", "exam" }, { "exam", "exam" },
		{ "самостоятельная работа", "self_study" }, { "self_study", "self_study" },
		{ "курсовое проектирование", "project" }, { "курсовая работа", "project" },
		{ "индивидуальный проект", "project" }, { "project", "project" },
	};

	if (!*s) {
		*out = "theory";
		return 0;
	}
	return lookup(t, sizeof(t) / sizeof(t[0]), s, out);
}

int ej_attestation_parse(const char *s, const char **out)
{
	static const struct map t[] = {
		{ "экзамен", "exam" }, { "экзамен квалификационный", "exam" }, { "э", "exam" },
		{ "exam", "exam" },
		{ "зачет", "credit" }, { "з", "credit" }, { "credit", "credit" },
		{ "дифференцированный зачет", "diff_credit" }, { "дифзачет", "diff_credit" },
		{ "диф. зачет", "diff_credit" }, { "дз", "diff_credit" },
		{ "diff_credit", "diff_credit" },
		{ "другие формы контроля", "other" }, { "другая форма контроля", "other" },
		{ "дфк", "other" }, { "other", "other" },
		{ "-", "" }, { "нет", "" },
	};
	int rc;

	*out = NULL;
	if (!*s)
		return 0;
	rc = lookup(t, sizeof(t) / sizeof(t[0]), s, out);
	if (rc == 0 && !**out)
		*out = NULL;
	return rc;
}

int ej_final_kind_parse(const char *s, const char **out)
{
	static const struct map t[] = {
		{ "семестровая", "semester" }, { "семестр", "semester" }, { "semester", "semester" },
		{ "экзамен", "exam" }, { "экзаменационная", "exam" }, { "exam", "exam" },
		{ "дифзачет", "diff_credit" }, { "дифференцированный зачет", "diff_credit" },
		{ "diff_credit", "diff_credit" },
		{ "зачет", "credit" }, { "credit", "credit" },
		{ "годовая", "year" }, { "год", "year" }, { "year", "year" },
		{ "итоговая", "final" }, { "итог", "final" }, { "final", "final" },
	};

	*out = NULL;
	if (!*s)
		return 0;
	return lookup(t, sizeof(t) / sizeof(t[0]), s, out);
}

int ej_yesno_parse(const char *s, int *out)
{
	static const struct map t[] = {
		{ "да", "1" }, { "yes", "1" }, { "1", "1" }, { "+", "1" }, { "true", "1" },
		{ "нет", "0" }, { "no", "0" }, { "0", "0" }, { "-", "0" }, { "false", "0" },
	};
	const char *v;

	*out = -1;
	if (!*s)
		return 0;
	if (lookup(t, sizeof(t) / sizeof(t[0]), s, &v))
		return -1;
	*out = v[0] == '1';
	return 0;
}

int ej_number_parse(const char *s, double *out)
{
	char tmp[64], *end;
	size_t i, n;

	if (s[0] >= '0' && s[0] <= '9' && s[1] == '\0') {   /* the usual weight, «1» */
		*out = s[0] - '0';
		return 0;
	}
	n = strlen(s);
	if (n == 0 || n >= sizeof(tmp))
		return -1;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == ',')
			c = '.';
		if (!((c >= '0' && c <= '9') || c == '.' || (i == 0 && c == '-')))
			return -1;
		tmp[i] = c;
	}
	tmp[n] = '\0';
	errno = 0;
	*out = strtod(tmp, &end);
	if (errno || *end || end == tmp || !isfinite(*out))
		return -1;
	return 0;
}

int ej_int_parse(const char *s, long min, long max, long *out)
{
	long v = 0;
	size_t i;

	if (!*s)
		return -1;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i > 9)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* A capital letter (Latin or Cyrillic А–Я, Ё) at p: its byte length, else 0. */
static size_t capital(const unsigned char *p)
{
	if (p[0] >= 'A' && p[0] <= 'Z')
		return 1;
	if (p[0] == 0xD0 && ((p[1] >= 0x90 && p[1] <= 0xAF) || p[1] == 0x81))
		return 2;
	return 0;
}

bool ej_disc_split(const char *s, char *code, size_t codesz, const char **rest)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k, letters = 0, groups = 0, len;

	while ((k = capital(p)) != 0) {
		p += k;
		letters++;
	}
	if (letters == 0 || letters > 6)
		return false;
	while (p[0] == '.' && p[1] >= '0' && p[1] <= '9') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
		groups++;
	}
	if (groups == 0 || (*p && *p != ' ' && *p != '\t' && *p != '.'))
		return false;
	if (*p == '.')            /* «ОП.01. Название» */
		p++;
	len = (size_t)((const char *)p - s);
	if (s[len - 1] == '.')
		len--;
	if (len + 1 > codesz)
		return false;
	memcpy(code, s, len);
	code[len] = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	*rest = (const char *)p;
	return true;
}
