/*
** columns.c — kinds, column aliases and kind recognition (see columns.h).
*/
#include "input/columns.h"
#include "input/values.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name, *label, *prefix[2];
} kinds[EJ_KIND_COUNT] = {
	[EJ_KIND_TEACHERS]   = { "teachers", "преподаватели", { "teachers", NULL } },
	[EJ_KIND_GROUPS]     = { "groups", "группы", { "groups", NULL } },
	[EJ_KIND_STUDENTS]   = { "students", "обучающиеся", { "students", NULL } },
	[EJ_KIND_CURRICULUM] = { "curriculum", "учебный план", { "curriculum", "uchplan" } },
	[EJ_KIND_PLAN]       = { "plan", "КТП", { "plan", "ktp" } },
	[EJ_KIND_SCHEDULE]   = { "schedule", "расписание", { "schedule", "raspisanie" } },
	[EJ_KIND_LESSONS]    = { "lessons", "занятия", { "lessons", NULL } },
	[EJ_KIND_MARKS]      = { "marks", "отметки", { "marks", NULL } },
	[EJ_KIND_FINALS]     = { "finals", "итоговые отметки", { "finals", NULL } },
	[EJ_KIND_GRID]       = { "grid", "журнальная сетка", { "grid", NULL } },
};

/* Canonical name and the aliases shared by every kind (display case). */
static const struct {
	const char *name;
	const char *aliases[8];
} cols[EJ_COL_COUNT] = {
	[EJ_COL_DATE] = { "date", { "Дата", "Дата занятия", "Дата урока" } },
	[EJ_COL_PAIR] = { "pair", { "Пара", "№ пары", "Номер пары", "Урок", "№ урока" } },
	[EJ_COL_GROUP] = { "group", { "Группа", "Учебная группа" } },
	[EJ_COL_SUBGROUP] = { "subgroup", { "Подгруппа", "Подгр.", "Подгр" } },
	[EJ_COL_DISCIPLINE] = { "discipline", { "Дисциплина", "Предмет", "Наименование",
		"Наименование дисциплины", "Индекс", "Дисциплина (МДК)" } },
	[EJ_COL_TEACHER] = { "teacher", { "Преподаватель", "Учитель", "Педагог" } },
	[EJ_COL_STUDENT] = { "student", { "Обучающийся", "Студент", "Ученик",
		"ФИО обучающегося", "ФИО студента" } },
	[EJ_COL_TOPIC] = { "topic", { "Тема", "Тема занятия", "Тема урока" } },
	[EJ_COL_LESSON_TYPE] = { "lesson_type", { "Вид занятия", "Тип занятия", "Вид урока" } },
	[EJ_COL_HOURS] = { "hours", { "Часы", "Кол-во часов", "Количество часов" } },
	[EJ_COL_HOMEWORK] = { "homework", { "Домашнее задание", "ДЗ", "Д/З" } },
	[EJ_COL_RECORDED_AT] = { "recorded_at", { "Дата внесения", "Внесено", "Создано",
		"Дата создания", "Дата выставления" } },
	[EJ_COL_MODIFIED_AT] = { "modified_at", { "Дата изменения", "Изменено" } },
	[EJ_COL_MARK] = { "mark", { "Отметка", "Оценка" } },
	[EJ_COL_SEMESTER] = { "semester", { "Семестр" } },
	[EJ_COL_TEACHER_ID] = { "teacher_id", { NULL } },
	[EJ_COL_NAME] = { "name", { NULL } },
	[EJ_COL_DEPARTMENT] = { "department", { "Отделение", "Кафедра", "ПЦК" } },
	[EJ_COL_SPECIALTY] = { "specialty", { "Специальность", "Профессия" } },
	[EJ_COL_COURSE] = { "course", { "Курс" } },
	[EJ_COL_CURATOR] = { "curator", { "Куратор", "Классный руководитель" } },
	[EJ_COL_STUDENT_ID] = { "student_id", { NULL } },
	[EJ_COL_LAST_NAME] = { "last_name", { "Фамилия" } },
	[EJ_COL_FIRST_NAME] = { "first_name", { "Имя" } },
	[EJ_COL_MIDDLE_NAME] = { "middle_name", { "Отчество" } },
	[EJ_COL_ENROLLED] = { "enrolled", { "Дата зачисления", "Зачислен" } },
	[EJ_COL_LEFT] = { "left", { "Дата отчисления", "Выбыл", "Отчислен" } },
	[EJ_COL_BIRTH_DATE] = { "birth_date", { "Дата рождения" } },
	[EJ_COL_THEORY] = { "theory", { "Теория", "Лекции" } },
	[EJ_COL_PRACTICE] = { "practice", { "Практические", "ПЗ" } },
	[EJ_COL_LAB] = { "lab", { "Лабораторные", "ЛР" } },
	[EJ_COL_CONTROL_WORKS] = { "control_works", { "Контрольные работы", "Кол-во КР" } },
	[EJ_COL_ATTESTATION] = { "attestation", { "Форма аттестации" } },
	[EJ_COL_LESSON_NO] = { "lesson_no", { NULL } },
	[EJ_COL_SECTION] = { "section", { "Раздел" } },
	[EJ_COL_WEEK] = { "week", { "Неделя" } },
	[EJ_COL_PLANNED_DATE] = { "planned_date", { "Плановая дата", "Дата по плану" } },
	[EJ_COL_ROOM] = { "room", { "Аудитория" } },
	[EJ_COL_SUBSTITUTE_FOR] = { "substitute_for", { "Замена", "Вместо",
		"Заменяемый преподаватель" } },
	[EJ_COL_ATTENDANCE_TAKEN] = { "attendance_taken", { "Посещаемость отмечена" } },
	[EJ_COL_MARK_KIND] = { "mark_kind", { "Вид отметки", "Вид работы", "Форма контроля" } },
	[EJ_COL_WEIGHT] = { "weight", { "Вес" } },
	[EJ_COL_FINAL_KIND] = { "final_kind", { "Вид итоговой отметки" } },
	[EJ_COL_DISC_NAME] = { "discipline_name", { NULL } },
};

/* Words that mean something else in one kind: looked up first. */
static const struct {
	enum ej_kind kind;
	enum ej_col col;
	const char *alias;
} kind_aliases[] = {
	{ EJ_KIND_TEACHERS, EJ_COL_TEACHER_ID, "ID" },
	{ EJ_KIND_TEACHERS, EJ_COL_TEACHER_ID, "Код" },
	{ EJ_KIND_TEACHERS, EJ_COL_TEACHER_ID, "Табельный номер" },
	{ EJ_KIND_TEACHERS, EJ_COL_NAME, "ФИО" },
	{ EJ_KIND_TEACHERS, EJ_COL_NAME, "Преподаватель" },
	{ EJ_KIND_STUDENTS, EJ_COL_STUDENT_ID, "ID" },
	{ EJ_KIND_STUDENTS, EJ_COL_STUDENT_ID, "Код" },
	{ EJ_KIND_STUDENTS, EJ_COL_STUDENT_ID, "Номер" },
	{ EJ_KIND_STUDENTS, EJ_COL_STUDENT_ID, "Личный номер" },
	{ EJ_KIND_STUDENTS, EJ_COL_NAME, "ФИО" },
	{ EJ_KIND_STUDENTS, EJ_COL_NAME, "Обучающийся" },
	{ EJ_KIND_MARKS, EJ_COL_STUDENT, "ФИО" },
	{ EJ_KIND_MARKS, EJ_COL_STUDENT_ID, "ID" },
	{ EJ_KIND_MARKS, EJ_COL_STUDENT_ID, "Код" },
	{ EJ_KIND_MARKS, EJ_COL_STUDENT_ID, "Личный номер" },
	{ EJ_KIND_FINALS, EJ_COL_STUDENT, "ФИО" },
	{ EJ_KIND_FINALS, EJ_COL_STUDENT_ID, "ID" },
	{ EJ_KIND_FINALS, EJ_COL_STUDENT_ID, "Код" },
	{ EJ_KIND_FINALS, EJ_COL_STUDENT_ID, "Личный номер" },
	{ EJ_KIND_FINALS, EJ_COL_FINAL_KIND, "Вид" },
	{ EJ_KIND_PLAN, EJ_COL_LESSON_NO, "№" },
	{ EJ_KIND_PLAN, EJ_COL_LESSON_NO, "№ п/п" },
	{ EJ_KIND_PLAN, EJ_COL_LESSON_NO, "Номер занятия" },
	{ EJ_KIND_PLAN, EJ_COL_PLANNED_DATE, "Дата" },
	{ EJ_KIND_CURRICULUM, EJ_COL_HOURS, "Всего часов" },
	{ EJ_KIND_CURRICULUM, EJ_COL_HOURS, "Объём" },
};

/* Columns of each kind: required group (0 = optional; the same number =
** alternatives, one of them is enough). */
struct kcol {
	enum ej_col col;
	int req;
};
#define END { EJ_COL_COUNT, 0 }
static const struct kcol k_teachers[] = {
	{ EJ_COL_TEACHER_ID, 1 }, { EJ_COL_NAME, 2 }, { EJ_COL_DEPARTMENT, 0 }, END };
static const struct kcol k_groups[] = {
	{ EJ_COL_GROUP, 1 }, { EJ_COL_SPECIALTY, 0 }, { EJ_COL_COURSE, 0 },
	{ EJ_COL_CURATOR, 0 }, { EJ_COL_DEPARTMENT, 0 }, END };
static const struct kcol k_students[] = {
	{ EJ_COL_STUDENT_ID, 1 }, { EJ_COL_NAME, 2 }, { EJ_COL_LAST_NAME, 2 },
	{ EJ_COL_FIRST_NAME, 0 }, { EJ_COL_MIDDLE_NAME, 0 }, { EJ_COL_GROUP, 3 },
	{ EJ_COL_SUBGROUP, 0 }, { EJ_COL_ENROLLED, 0 }, { EJ_COL_LEFT, 0 },
	{ EJ_COL_BIRTH_DATE, 0 }, END };
static const struct kcol k_curriculum[] = {
	{ EJ_COL_GROUP, 1 }, { EJ_COL_SEMESTER, 2 }, { EJ_COL_DISCIPLINE, 3 },
	{ EJ_COL_DISC_NAME, 0 }, { EJ_COL_SUBGROUP, 0 }, { EJ_COL_HOURS, 4 },
	{ EJ_COL_THEORY, 0 }, { EJ_COL_PRACTICE, 0 }, { EJ_COL_LAB, 0 },
	{ EJ_COL_CONTROL_WORKS, 0 }, { EJ_COL_ATTESTATION, 0 }, { EJ_COL_TEACHER, 0 }, END };
static const struct kcol k_plan[] = {
	{ EJ_COL_GROUP, 1 }, { EJ_COL_DISCIPLINE, 2 }, { EJ_COL_DISC_NAME, 0 },
	{ EJ_COL_SUBGROUP, 0 }, { EJ_COL_LESSON_NO, 3 }, { EJ_COL_SECTION, 0 },
	{ EJ_COL_TOPIC, 4 }, { EJ_COL_HOURS, 0 }, { EJ_COL_LESSON_TYPE, 0 },
	{ EJ_COL_WEEK, 0 }, { EJ_COL_PLANNED_DATE, 0 }, { EJ_COL_HOMEWORK, 0 }, END };
static const struct kcol k_schedule[] = {
	{ EJ_COL_DATE, 1 }, { EJ_COL_PAIR, 2 }, { EJ_COL_GROUP, 3 }, { EJ_COL_SUBGROUP, 0 },
	{ EJ_COL_DISCIPLINE, 4 }, { EJ_COL_DISC_NAME, 0 }, { EJ_COL_TEACHER, 5 },
	{ EJ_COL_ROOM, 0 }, { EJ_COL_HOURS, 0 }, END };
static const struct kcol k_lessons[] = {
	{ EJ_COL_DATE, 1 }, { EJ_COL_PAIR, 0 }, { EJ_COL_GROUP, 2 }, { EJ_COL_SUBGROUP, 0 },
	{ EJ_COL_DISCIPLINE, 3 }, { EJ_COL_DISC_NAME, 0 }, { EJ_COL_TEACHER, 4 },
	{ EJ_COL_TOPIC, 0 }, { EJ_COL_LESSON_TYPE, 0 }, { EJ_COL_HOURS, 0 },
	{ EJ_COL_HOMEWORK, 0 }, { EJ_COL_SUBSTITUTE_FOR, 0 }, { EJ_COL_RECORDED_AT, 0 },
	{ EJ_COL_ATTENDANCE_TAKEN, 0 }, END };
static const struct kcol k_marks[] = {
	{ EJ_COL_DATE, 1 }, { EJ_COL_PAIR, 0 }, { EJ_COL_GROUP, 2 }, { EJ_COL_SUBGROUP, 0 },
	{ EJ_COL_DISCIPLINE, 3 }, { EJ_COL_DISC_NAME, 0 }, { EJ_COL_STUDENT, 4 },
	{ EJ_COL_STUDENT_ID, 4 }, { EJ_COL_MARK, 5 }, { EJ_COL_MARK_KIND, 0 },
	{ EJ_COL_WEIGHT, 0 }, { EJ_COL_RECORDED_AT, 0 }, { EJ_COL_MODIFIED_AT, 0 }, END };
static const struct kcol k_finals[] = {
	{ EJ_COL_GROUP, 1 }, { EJ_COL_DISCIPLINE, 2 }, { EJ_COL_DISC_NAME, 0 },
	{ EJ_COL_SEMESTER, 3 }, { EJ_COL_STUDENT, 4 }, { EJ_COL_STUDENT_ID, 4 },
	{ EJ_COL_MARK, 5 }, { EJ_COL_FINAL_KIND, 0 }, { EJ_COL_RECORDED_AT, 0 }, END };
static const struct kcol k_grid[] = { END };

static const struct kcol *const kind_cols[EJ_KIND_COUNT] = {
	[EJ_KIND_TEACHERS] = k_teachers, [EJ_KIND_GROUPS] = k_groups,
	[EJ_KIND_STUDENTS] = k_students, [EJ_KIND_CURRICULUM] = k_curriculum,
	[EJ_KIND_PLAN] = k_plan, [EJ_KIND_SCHEDULE] = k_schedule,
	[EJ_KIND_LESSONS] = k_lessons, [EJ_KIND_MARKS] = k_marks,
	[EJ_KIND_FINALS] = k_finals, [EJ_KIND_GRID] = k_grid,
};

const char *ej_kind_name(enum ej_kind k)
{
	return k > EJ_KIND_NONE && k < EJ_KIND_COUNT ? kinds[k].name : NULL;
}

const char *ej_kind_label(enum ej_kind k)
{
	return k > EJ_KIND_NONE && k < EJ_KIND_COUNT ? kinds[k].label : "?";
}

enum ej_kind ej_kind_parse(const char *name)
{
	int k;

	for (k = 1; k < EJ_KIND_COUNT; k++)
		if (strcasecmp(name, kinds[k].name) == 0)
			return (enum ej_kind)k;
	return EJ_KIND_NONE;
}

const char *ej_col_name(enum ej_col c)
{
	return c < EJ_COL_COUNT ? cols[c].name : "?";
}

const char *ej_col_label(enum ej_kind k, enum ej_col c)
{
	size_t i;

	for (i = 0; i < sizeof(kind_aliases) / sizeof(kind_aliases[0]); i++)
		if (kind_aliases[i].kind == k && kind_aliases[i].col == c)
			return kind_aliases[i].alias;
	if (c == EJ_COL_DISC_NAME)
		return "Наименование";
	if (c < EJ_COL_COUNT && cols[c].aliases[0])
		return cols[c].aliases[0];
	return ej_col_name(c);
}

static bool kind_has(enum ej_kind k, enum ej_col c)
{
	const struct kcol *kc;

	for (kc = kind_cols[k]; kc->col != EJ_COL_COUNT; kc++)
		if (kc->col == c)
			return true;
	return false;
}

static bool eq_folded(const char *key, const char *alias)
{
	char a[128];

	ej_fold(alias, a, sizeof(a));
	return strcmp(key, a) == 0;
}

/* The column a folded header cell means in kind k, or -1. */
static int lookup_col(enum ej_kind k, const char *key)
{
	size_t i, j;

	for (i = 0; i < sizeof(kind_aliases) / sizeof(kind_aliases[0]); i++)
		if (kind_aliases[i].kind == k && eq_folded(key, kind_aliases[i].alias))
			return (int)kind_aliases[i].col;
	for (i = 0; i < EJ_COL_COUNT; i++) {
		if (!kind_has(k, (enum ej_col)i))
			continue;
		if (strcmp(key, cols[i].name) == 0)
			return (int)i;
		for (j = 0; j < 8 && cols[i].aliases[j]; j++)
			if (eq_folded(key, cols[i].aliases[j]))
				return (int)i;
	}
	return -1;
}

void ej_columns_map(enum ej_kind k, const char *const *hdr, size_t n, struct ej_colmap *m)
{
	size_t i;
	int c;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < EJ_COL_COUNT; i++)
		m->col[i] = -1;
	for (i = 0; i < n; i++) {
		char key[256];
		ej_fold(hdr[i], key, sizeof(key));
		c = key[0] ? lookup_col(k, key) : -1;
		if (c == EJ_COL_DISCIPLINE && m->col[c] >= 0 && m->col[EJ_COL_DISC_NAME] < 0) {
			/* «Индекс» + «Наименование»: the pair names the discipline. */
			char prev[256];
			ej_fold(hdr[m->col[c]], prev, sizeof(prev));
			if (!strcmp(prev, "индекс") && strncmp(key, "наименование", 24) == 0) {
				m->col[EJ_COL_DISC_NAME] = (int)i;
				m->recognised++;
				continue;
			}
			if (!strcmp(key, "индекс") && strncmp(prev, "наименование", 24) == 0) {
				m->col[EJ_COL_DISC_NAME] = m->col[c];
				m->col[c] = (int)i;
				m->recognised++;
				continue;
			}
		}
		if (c < 0 || m->col[c] >= 0) {
			if (key[0] && m->nunknown < sizeof(m->unknown) / sizeof(m->unknown[0]))
				m->unknown[m->nunknown] = (int)i;
			if (key[0])
				m->nunknown++;
			continue;
		}
		m->col[c] = (int)i;
		m->recognised++;
	}
}

int ej_columns_missing(enum ej_kind k, const struct ej_colmap *m)
{
	const struct kcol *kc, *kd;

	for (kc = kind_cols[k]; kc->col != EJ_COL_COUNT; kc++) {
		bool ok = false;
		if (!kc->req)
			continue;
		for (kd = kind_cols[k]; kd->col != EJ_COL_COUNT; kd++)
			if (kd->req == kc->req && m->col[kd->col] >= 0)
				ok = true;
		if (!ok)
			return (int)kc->col;
	}
	return -1;
}

const char *ej_grid_meta_key(const char *s)
{
	static const struct { const char *alias, *key; } meta[] = {
		{ "группа", "group" }, { "дисциплина", "discipline" },
		{ "предмет", "discipline" }, { "преподаватель", "teacher" },
		{ "подгруппа", "subgroup" }, { "семестр", "semester" },
		{ "дата выгрузки", "exported" },
	};
	char key[128];
	size_t i, n = ej_fold(s, key, sizeof(key));

	if (n && key[n - 1] == ':')
		key[n - 1] = '\0';
	for (i = 0; i < sizeof(meta) / sizeof(meta[0]); i++)
		if (strcmp(key, meta[i].alias) == 0)
			return meta[i].key;
	return NULL;
}

bool ej_grid_is_date(const char *s)
{
	size_t i, n = strlen(s);

	/* ДД.ММ or ДД.ММ.ГГГГ / ДД.ММ.ГГ, one-digit day or month allowed. */
	if (n < 3 || n > 10)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
			return false;
	return strchr(s, '.') != NULL && s[0] != '.';
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static bool name_hints(const char *fname, enum ej_kind k)
{
	const char *b = base_name(fname);
	int i;

	for (i = 0; i < 2; i++)
		if (kinds[k].prefix[i] &&
		    strncasecmp(b, kinds[k].prefix[i], strlen(kinds[k].prefix[i])) == 0)
			return true;
	return false;
}

static void list_headers(struct ej_buf *b, const char *const *hdr, size_t n)
{
	size_t i;
	bool first = true;

	for (i = 0; i < n; i++) {
		if (!hdr[i][0])
			continue;
		ej_buf_printf(b, "%s«%s»", first ? "" : ", ", hdr[i]);
		first = false;
	}
	if (first)
		ej_buf_adds(b, "none");
}

int ej_kind_recognise(const char *const *hdr, size_t n, const char *fname, long line,
		      bool has_meta, enum ej_kind *out, struct ej_err *err)
{
	struct ej_colmap m;
	size_t best = 0, best_any = 0, i;
	int k, nbest = 0, hinted = 0;
	enum ej_kind cand[EJ_KIND_COUNT];
	char first[64] = "";
	struct ej_buf b;

	*out = EJ_KIND_NONE;
	if (n > 0)
		ej_fold(hdr[0], first, sizeof(first));
	if (!strcmp(first, "№") || !strcmp(first, "фио") || !strcmp(first, "n")) {
		bool dates = false;
		for (i = 1; i < n; i++)
			if (ej_grid_is_date(hdr[i]))
				dates = true;
		if (has_meta || dates) {
			*out = EJ_KIND_GRID;
			return EJ_OK;
		}
	}
	if (has_meta)
		return ej_err_set(err, EJ_EDATA, "%s:%ld: a journal grid's table must start with "
				  "a «№» or «ФИО» column (found «%s»)", fname, line,
				  n ? hdr[0] : "");
	for (k = 1; k < EJ_KIND_GRID; k++) {
		ej_columns_map((enum ej_kind)k, hdr, n, &m);
		if (m.recognised > best_any)
			best_any = m.recognised;
		if (ej_columns_missing((enum ej_kind)k, &m) >= 0)
			continue;
		if (m.recognised > best) {
			best = m.recognised;
			nbest = 0;
		}
		if (m.recognised == best)
			cand[nbest++] = (enum ej_kind)k;
	}
	/* A kind that knows more of the columns but lacks a required one is
	** likelier than a complete kind that knows few («Группа» alone). */
	if (best_any > best)
		nbest = 0;
	if (nbest == 1) {
		*out = cand[0];
		return EJ_OK;
	}
	ej_buf_init(&b, 0);
	if (nbest > 1) {
		for (k = 0; k < nbest; k++)
			if (name_hints(fname, cand[k])) {
				*out = cand[k];
				hinted++;
			}
		if (hinted == 1) {
			ej_buf_release(&b);
			return EJ_OK;
		}
		*out = EJ_KIND_NONE;
		for (k = 0; k < nbest; k++)
			ej_buf_printf(&b, "%s%s", k ? ", " : "", kinds[cand[k]].name);
		ej_err_set(err, EJ_EDATA, "%s:%ld: the header fits several kinds of file (%s): "
			   "give --kind, or name the file after its kind (e.g. %s.csv)",
			   fname, line, ej_buf_str(&b), kinds[cand[0]].name);
		ej_buf_release(&b);
		return EJ_EDATA;
	}
	/* Nothing fits: name what the likeliest kind lacks. */
	{
		enum ej_kind like = EJ_KIND_NONE;
		size_t lbest = 0;
		int miss;
		for (k = 1; k < EJ_KIND_GRID; k++) {
			ej_columns_map((enum ej_kind)k, hdr, n, &m);
			if (m.recognised > lbest || (m.recognised == lbest && lbest > 0 &&
						     name_hints(fname, (enum ej_kind)k))) {
				lbest = m.recognised;
				like = (enum ej_kind)k;
			}
		}
		if (like == EJ_KIND_NONE) {
			for (k = 1; k < EJ_KIND_GRID; k++)
				if (name_hints(fname, (enum ej_kind)k))
					like = (enum ej_kind)k;
		}
		list_headers(&b, hdr, n);
		if (like == EJ_KIND_NONE) {
			ej_err_set(err, EJ_EDATA, "%s:%ld: no known column in the header row "
				   "(found: %s): is this a journal export? See docs/formats.md, "
				   "or give --kind", fname, line, ej_buf_str(&b));
		} else {
			ej_columns_map(like, hdr, n, &m);
			miss = ej_columns_missing(like, &m);
			ej_err_set(err, EJ_EDATA, "%s:%ld: missing column «%s» (%s) for a %s file "
				   "(%s); headers found: %s", fname, line,
				   ej_col_label(like, (enum ej_col)miss), ej_col_name((enum ej_col)miss),
				   kinds[like].name, kinds[like].label, ej_buf_str(&b));
		}
		ej_buf_release(&b);
		return EJ_EDATA;
	}
}

