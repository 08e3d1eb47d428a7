/*
** journal.c — the printed journal of a group (see journal.h).
**
** Two steps: load() reads everything the journal shows into a model (and
** hashes it for the document identifier), then draw() lays it out through
** lib/render/pdf.h.  The contents pages are reserved first and filled in at
** the end, when every section's first page is known; the certification
** sheet is the last page, so its sheet count is the real total.
**
** Only the regular and bold faces are used: each face loaded costs a few
** milliseconds per document in libharu (HPDF_GetFont), which is most of
** the cost of a short journal.
*/
#include "util/sort.h"
#include "docs/journal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/pdf.h"
#include "render/template.h"
#include "store/q_journal.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/numwords.h"
#include "util/sha256.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define TEMPLATE "journal.txt"

/* Final-mark slots: semester 1 and 2, each «семестровая» and attestation
** (exam, credit, diff. credit), then the year. */
enum { FIN_S1, FIN_A1, FIN_S2, FIN_A2, FIN_YEAR, NFIN };

struct jstud {
	int64_t id;
	char *name, *short_name;
	int subgroup;
	ej_day enrolled, left_on;
	double exc[12], unexc[12];          /* missed hours by academic month */
};

struct jcol {                               /* one lesson = one grid column */
	ej_day date;
	int pair;
	double hours;
	bool has_lesson;
	char *topic, *type, *homework, *teacher, *subst, *subst_for;
};

struct jsec {                               /* a discipline, or one subgroup of it */
	size_t disc;
	int subgroup;
	struct jcol *col;
	size_t ncol, acol;
	size_t *stud;                       /* indices into the model's students */
	size_t nstud;
	char **cell;                        /* nstud × ncol, "5/4" or NULL */
	bool *absent;                       /* nstud × ncol: an absence counted */
	double held, plan, curriculum;
	char *plan_teacher;
	struct ej_buf teachers;
	int grid_page, topic_page;
};

struct jdisc {
	int64_t id;
	char *code, *name;
	char **fin;                         /* nstud (model) × NFIN */
	bool fin_used[NFIN];
};

struct jmark {                              /* a mark waiting for its column */
	int subgroup;
	ej_day date;
	int pair;
	int64_t student_id;
	char value[16];
};

struct jmodel {
	const struct ej_config *cfg;
	int semester;
	ej_day from, to;
	char *group, *specialty, *curator, *department;
	int course;
	struct jstud *st;
	size_t nst, ast;
	struct jdisc *d;
	size_t nd, ad;
	struct jsec *s;
	size_t ns, as;
	bool month_used[12];
	struct ej_sha256 *h;
	char id[EJ_JOURNAL_ID_MAX];
	/* loading scratch */
	size_t cur_disc;
	struct jmark *marks;
	size_t nmarks, amarks;
};

/* ---- small helpers ------------------------------------------------------------ */

static void hstr(struct jmodel *m, const char *s)
{
	if (s)
		ej_sha256_update(m->h, s, strlen(s));
	ej_sha256_update(m->h, "\x1f", 1);
}

/* Numbers go in as their bytes (the identifier is for this program's own
** comparisons, not an exchange format); formatting them costs more. */
static void hnum(struct jmodel *m, double v)
{
	int64_t k = (int64_t)llround(v * 1000.0);

	ej_sha256_update(m->h, &k, sizeof(k));
}

static char *dup_or_null(const char *s)
{
	return s && *s ? ej_strdup(s) : NULL;
}

/* "2", "1,5" */
static void fmt_hours(double h, char *out, size_t size)
{
	if (fabs(h - floor(h + 0.5)) < 0.001)
		snprintf(out, size, "%.0f", h);
	else {
		snprintf(out, size, "%.1f", h);
		char *dot = strchr(out, '.');
		if (dot)
			*dot = ',';
	}
}

/* Academic month index: September 0 … August 11. */
static int acad_month(ej_day d)
{
	int y, mo, dd;

	ej_day_to_ymd(d, &y, &mo, &dd);
	return (mo + 3) % 12;
}

static int month_of_acad(int i)
{
	return (i + 8) % 12 + 1;
}

/* Copy with the first Cyrillic/Latin letter in upper case. */
static void capitalize(const char *s, char *out, size_t size)
{
	unsigned char *u;

	snprintf(out, size, "%s", s ? s : "");
	u = (unsigned char *)out;
	if (u[0] >= 'a' && u[0] <= 'z')
		u[0] = (unsigned char)(u[0] - 32);
	else if (u[0] == 0xD0 && u[1] >= 0xB0 && u[1] <= 0xBF)
		u[1] = (unsigned char)(u[1] - 0x20);
	else if (u[0] == 0xD1 && u[1] >= 0x80 && u[1] <= 0x8F) {
		u[0] = 0xD0;
		u[1] = (unsigned char)(u[1] + 0x20);
	}
}

static const char *type_name(const char *t)
{
	static const char *const map[][2] = {
		{ "theory", "Теоретическое" }, { "practical", "Практическое" },
		{ "lab", "Лабораторная работа" }, { "control", "Контрольная работа" },
		{ "excursion", "Экскурсия" }, { "seminar", "Семинар" },
		{ "consultation", "Консультация" }, { "exam", "Экзамен (зачёт)" },
	};

	if (!t)
		return "";
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(t, map[i][0]) == 0)
			return map[i][1];
	return t;
}

static bool is_absence(const char *v, bool *excused)
{
	if (strcmp(v, "н") == 0) {
		*excused = false;
		return true;
	}
	if (strcmp(v, "б") == 0 || strcmp(v, "у") == 0 || strcmp(v, "уп") == 0) {
		*excused = true;
		return true;
	}
	return false;
}

/* ---- loading -------------------------------------------------------------------- */

static int on_group(void *v, const struct ej_qj_group *g)
{
	struct jmodel *m = v;

	m->group = ej_strdup(g->name);
	m->specialty = dup_or_null(g->specialty);
	m->curator = dup_or_null(g->curator);
	m->department = dup_or_null(g->department);
	m->course = g->course;
	hstr(m, g->name);
	hstr(m, g->specialty);
	hstr(m, g->curator);
	hnum(m, g->course);
	return 0;
}

static int on_student(void *v, const struct ej_qj_student *s)
{
	struct jmodel *m = v;
	struct jstud *t;

	/* Several stays (a move between subgroups): keep one row, the widest. */
	for (size_t i = 0; i < m->nst; i++)
		if (m->st[i].id == s->id) {
			t = &m->st[i];
			if (s->left_on == EJ_DAY_NONE || (t->left_on != EJ_DAY_NONE && s->left_on > t->left_on))
				t->left_on = s->left_on;
			t->subgroup = s->subgroup;
			return 0;
		}
	EJ_GROW(m->st, m->nst + 1, m->ast);
	t = &m->st[m->nst++];
	memset(t, 0, sizeof(*t));
	t->id = s->id;
	t->name = ej_strdup(s->name);
	t->short_name = s->short_name && *s->short_name ? ej_strdup(s->short_name)
							: ej_strdup(s->name);
	t->subgroup = s->subgroup;
	t->enrolled = s->enrolled;
	t->left_on = s->left_on;
	hstr(m, s->name);
	hnum(m, s->subgroup);
	hnum(m, s->left_on);
	return 0;
}

static size_t find_student(const struct jmodel *m, int64_t id)
{
	for (size_t i = 0; i < m->nst; i++)
		if (m->st[i].id == id)
			return i;
	return SIZE_MAX;
}

static struct jsec *section(struct jmodel *m, size_t disc, int subgroup, bool create)
{
	struct jsec *s;

	for (size_t i = 0; i < m->ns; i++)
		if (m->s[i].disc == disc && m->s[i].subgroup == subgroup)
			return &m->s[i];
	if (!create)
		return NULL;
	EJ_GROW(m->s, m->ns + 1, m->as);
	s = &m->s[m->ns++];
	memset(s, 0, sizeof(*s));
	s->disc = disc;
	s->subgroup = subgroup;
	ej_buf_init(&s->teachers, 0);
	return s;
}

static int on_plan(void *v, const struct ej_qj_plan *p)
{
	struct jmodel *m = v;
	struct jsec *s = section(m, m->cur_disc, p->subgroup, true);

	s->plan = p->plan_hours;
	s->curriculum = p->curriculum_hours;
	s->plan_teacher = dup_or_null(p->teacher);
	hnum(m, p->subgroup);
	hnum(m, p->plan_hours);
	hnum(m, p->curriculum_hours);
	hstr(m, p->teacher);
	return 0;
}

static void add_teacher(struct jsec *s, const char *t)
{
	const char *have = ej_buf_str(&s->teachers);
	size_t n;

	if (!t || !*t)
		return;
	n = strlen(t);
	for (const char *q = have; (q = strstr(q, t)) != NULL; q += n)
		if ((q == have || q[-1] == ' ') && (q[n] == ',' || q[n] == '\0'))
			return;
	if (s->teachers.len)
		ej_buf_adds(&s->teachers, ", ");
	ej_buf_adds(&s->teachers, t);
}

static int on_lesson(void *v, const struct ej_qj_lesson *l)
{
	struct jmodel *m = v;
	struct jsec *s = section(m, m->cur_disc, l->subgroup, true);
	struct jcol *c;

	EJ_GROW(s->col, s->ncol + 1, s->acol);
	c = &s->col[s->ncol++];
	memset(c, 0, sizeof(*c));
	c->date = l->date;
	c->pair = l->pair;
	c->hours = l->hours > 0 ? l->hours : 2;
	c->has_lesson = true;
	c->topic = dup_or_null(l->topic);
	c->type = dup_or_null(l->lesson_type);
	c->homework = dup_or_null(l->homework);
	c->teacher = dup_or_null(l->teacher);
	c->subst = dup_or_null(l->substitute_note);
	c->subst_for = dup_or_null(l->substitute_for);
	s->held += c->hours;
	/* The substitute is not the discipline's teacher: list only regular ones. */
	if (!l->substitute_note)
		add_teacher(s, l->teacher);
	m->month_used[acad_month(l->date)] = true;
	hnum(m, l->subgroup);
	hnum(m, l->date);
	hnum(m, l->pair);
	hnum(m, l->hours);
	hstr(m, l->topic);
	hstr(m, l->lesson_type);
	hstr(m, l->homework);
	hstr(m, l->teacher);
	hstr(m, l->substitute_note);
	return 0;
}

static int on_mark(void *v, const struct ej_qj_mark *k)
{
	struct jmodel *m = v;
	struct jmark *j;

	if (find_student(m, k->student_id) == SIZE_MAX)
		return 0;                   /* not in this group in the period */
	EJ_GROW(m->marks, m->nmarks + 1, m->amarks);
	j = &m->marks[m->nmarks++];
	j->subgroup = k->subgroup;
	j->date = k->date;
	j->pair = k->pair;
	j->student_id = k->student_id;
	snprintf(j->value, sizeof(j->value), "%s", k->value);
	hnum(m, k->date);
	hnum(m, k->pair);
	hnum(m, (double)k->student_id);
	hstr(m, k->value);
	return 0;
}

static int on_final(void *v, const struct ej_qj_final *f)
{
	struct jmodel *m = v;
	struct jdisc *d = &m->d[m->cur_disc];
	size_t si = find_student(m, f->student_id);
	bool att = f->kind && strcmp(f->kind, "semester") != 0;
	int slot;
	char **cell;

	if (si == SIZE_MAX)
		return 0;
	if (f->semester == 0)
		slot = FIN_YEAR;
	else if (f->semester == 1)
		slot = att ? FIN_A1 : FIN_S1;
	else
		slot = att ? FIN_A2 : FIN_S2;
	if (m->semester && slot != (m->semester == 1 ? FIN_S1 : FIN_S2) &&
	    slot != (m->semester == 1 ? FIN_A1 : FIN_A2))
		return 0;
	cell = &d->fin[si * NFIN + slot];
	free(*cell);                        /* the later kind (exam) wins */
	*cell = ej_strdup(f->value);
	d->fin_used[slot] = true;
	hnum(m, (double)f->student_id);
	hnum(m, slot);
	hstr(m, f->value);
	return 0;
}

/* Column of section s for (date, pair); pair 0 matches the day's first. */
static size_t find_col(const struct jsec *s, ej_day date, int pair)
{
	size_t lo = 0, hi = s->ncol;

	while (lo < hi) {                   /* first column with date ≥ date */
		size_t mid = (lo + hi) / 2;
		if (s->col[mid].date < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < s->ncol && s->col[i].date == date; i++)
		if (pair == 0 || s->col[i].pair == pair || s->col[i].pair == 0)
			return i;
	return SIZE_MAX;
}

static int cmp_col(const void *a, const void *b)
{
	const struct jcol *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return (x->pair > y->pair) - (x->pair < y->pair);
}

/* The section and column a mark belongs to: its subgroup's first, then any
** section of the discipline holding that lesson. */
static struct jsec *place(struct jmodel *m, size_t first, const struct jmark *k, size_t *col)
{
	struct jsec *s = section(m, m->cur_disc, k->subgroup, false);

	if (s && (*col = find_col(s, k->date, k->pair)) != SIZE_MAX)
		return s;
	for (size_t i = first; i < m->ns; i++) {
		s = &m->s[i];
		if (s->subgroup == k->subgroup)
			continue;
		if ((*col = find_col(s, k->date, k->pair)) != SIZE_MAX) {
			size_t si = find_student(m, k->student_id);
			if (s->subgroup == 0 || m->st[si].subgroup == s->subgroup)
				return s;
		}
	}
	return NULL;
}

static void add_cell(struct jmodel *m, struct jsec *s, size_t row, size_t col, const char *v)
{
	char **cell = &s->cell[row * s->ncol + col];
	bool excused;

	if (*cell) {
		char *j = ej_asprintf("%s/%s", *cell, v);
		free(*cell);
		*cell = j;
	} else {
		*cell = ej_strdup(v);
	}
	if (is_absence(v, &excused) && !s->absent[row * s->ncol + col]) {
		struct jstud *st = &m->st[s->stud[row]];
		int mo = acad_month(s->col[col].date);

		s->absent[row * s->ncol + col] = true;
		if (excused)
			st->exc[mo] += s->col[col].hours;
		else
			st->unexc[mo] += s->col[col].hours;
	}
}

/* After the discipline's lessons and marks are read: give every mark a
** column (adding one where the journal has no lesson record), choose each
** section's students and fill the cells. */
static void settle_discipline(struct jmodel *m, size_t first)
{
	size_t col;

	for (size_t i = 0; i < m->nmarks; i++) {
		struct jmark *k = &m->marks[i];
		struct jsec *s;

		if (place(m, first, k, &col))
			continue;
		/* No lesson record: a column of its own, kept in date order. */
		s = section(m, m->cur_disc, k->subgroup, true);
		EJ_GROW(s->col, s->ncol + 1, s->acol);
		size_t at = s->ncol;
		while (at > 0 && cmp_col(&s->col[at - 1], &(struct jcol){ .date = k->date,
								   .pair = k->pair }) > 0)
			at--;
		memmove(&s->col[at + 1], &s->col[at], (s->ncol - at) * sizeof(s->col[0]));
		memset(&s->col[at], 0, sizeof(s->col[0]));
		s->col[at].date = k->date;
		s->col[at].pair = k->pair;
		s->col[at].hours = 2;
		s->ncol++;
		m->month_used[acad_month(k->date)] = true;
	}
	for (size_t i = first; i < m->ns; i++) {
		struct jsec *s = &m->s[i];
		bool *in = ej_calloc(m->nst ? m->nst : 1, sizeof(bool));

		for (size_t j = 0; j < m->nst; j++)
			in[j] = s->subgroup == 0 || m->st[j].subgroup == s->subgroup;
		for (size_t j = 0; j < m->nmarks; j++)
			if (place(m, first, &m->marks[j], &col) == s)
				in[find_student(m, m->marks[j].student_id)] = true;
		s->stud = ej_calloc(m->nst ? m->nst : 1, sizeof(size_t));
		for (size_t j = 0; j < m->nst; j++)
			if (in[j])
				s->stud[s->nstud++] = j;
		free(in);
		s->cell = ej_calloc(s->nstud * s->ncol + 1, sizeof(char *));
		s->absent = ej_calloc(s->nstud * s->ncol + 1, sizeof(bool));
	}
	for (size_t i = 0; i < m->nmarks; i++) {
		struct jmark *k = &m->marks[i];
		struct jsec *s = place(m, first, k, &col);
		size_t si = find_student(m, k->student_id), row;

		if (!s)
			continue;
		for (row = 0; row < s->nstud && s->stud[row] != si; row++)
			;
		if (row < s->nstud)
			add_cell(m, s, row, col, k->value);
	}
	m->nmarks = 0;
}

static int on_discipline(void *v, const struct ej_qj_discipline *d)
{
	struct jmodel *m = v;
	struct jdisc *x;

	EJ_GROW(m->d, m->nd + 1, m->ad);
	x = &m->d[m->nd++];
	memset(x, 0, sizeof(*x));
	x->id = d->id;
	x->code = ej_strdup(d->code);
	x->name = ej_strdup(d->name);
	x->fin = ej_calloc(m->nst * NFIN + 1, sizeof(char *));
	hstr(m, d->code);
	hstr(m, d->name);
	return 0;
}

/* Rank of a discipline index's cycle in a curriculum. */
static int cycle_rank(const char *code)
{
	static const char *const cycles[] = {
		"ОУД", "ОДБ", "ОДП", "СО", "ОГСЭ", "ЕН", "ОПЦ", "ОП", "ПМ", "МДК", "УП", "ПП", "ПДП",
	};
	int best = (int)(sizeof(cycles) / sizeof(cycles[0]));
	size_t blen = 0;

	for (size_t i = 0; i < sizeof(cycles) / sizeof(cycles[0]); i++) {
		size_t n = strlen(cycles[i]);
		/* the longest prefix followed by '.', ' ' or a digit */
		if (strncmp(code, cycles[i], n) == 0 && n > blen &&
		    (code[n] == '.' || code[n] == ' ' || (code[n] >= '0' && code[n] <= '9'))) {
			best = (int)i;
			blen = n;
		}
	}
	return best;
}

/* Codes in cycle order, then by their numbers («ОП.2» before «ОП.10»). */
static int cmp_disc(const void *a, const void *b)
{
	const struct jdisc *x = a, *y = b;
	int rx = cycle_rank(x->code), ry = cycle_rank(y->code);
	const char *p = x->code, *q = y->code;

	if (rx != ry)
		return rx < ry ? -1 : 1;
	while (*p && *q) {
		if (*p >= '0' && *p <= '9' && *q >= '0' && *q <= '9') {
			char *ep, *eq;
			unsigned long u = strtoul(p, &ep, 10), v = strtoul(q, &eq, 10);
			if (u != v)
				return u < v ? -1 : 1;
			p = ep;
			q = eq;
			continue;
		}
		if (*p != *q)
			return (unsigned char)*p < (unsigned char)*q ? -1 : 1;
		p++;
		q++;
	}
	if (*p || *q)
		return *p ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void model_free(struct jmodel *m)
{
	for (size_t i = 0; i < m->nst; i++) {
		free(m->st[i].name);
		free(m->st[i].short_name);
	}
	for (size_t i = 0; i < m->nd; i++) {
		for (size_t j = 0; j < m->nst * NFIN; j++)
			free(m->d[i].fin[j]);
		free(m->d[i].fin);
		free(m->d[i].code);
		free(m->d[i].name);
	}
	for (size_t i = 0; i < m->ns; i++) {
		struct jsec *s = &m->s[i];
		for (size_t j = 0; j < s->ncol; j++) {
			struct jcol *c = &s->col[j];
			free(c->topic);
			free(c->type);
			free(c->homework);
			free(c->teacher);
			free(c->subst);
			free(c->subst_for);
		}
		if (s->cell)
			for (size_t j = 0; j < s->nstud * s->ncol; j++)
				free(s->cell[j]);
		free(s->cell);
		free(s->absent);
		free(s->col);
		free(s->stud);
		free(s->plan_teacher);
		ej_buf_release(&s->teachers);
	}
	free(m->st);
	free(m->d);
	free(m->s);
	free(m->marks);
	free(m->group);
	free(m->specialty);
	free(m->curator);
	free(m->department);
	if (m->h) {
		char hex[65];
		ej_sha256_final(m->h, hex);
	}
}

/* Period of the print: the semester's dates, or both semesters. */
static void period(const struct ej_config *cfg, int semester, ej_day *from, ej_day *to)
{
	if (semester == 1 || semester == 2) {
		*from = cfg->semester[semester - 1].from;
		*to = cfg->semester[semester - 1].to;
	} else {
		/* the whole year, with the summer after the second semester
		** (practice) up to 31 August */
		int y, mo, d;

		*from = cfg->semester[0].from;
		ej_day_to_ymd(*from, &y, &mo, &d);
		if (ej_day_from_ymd(y + 1, 8, 31, to) != 0)
			*to = cfg->semester[1].to;
	}
}

static int load(struct jmodel *m, struct ej_db *db, const struct ej_config *cfg,
		int64_t group_id, int semester, struct ej_err *err)
{
	char hex[65];
	int rc, y1, y2, mo, dd;
	size_t nd;

	memset(m, 0, sizeof(*m));
	m->cfg = cfg;
	m->semester = semester;
	m->h = ej_sha256_new();
	period(cfg, semester, &m->from, &m->to);
	hstr(m, cfg->inst_name);
	hstr(m, cfg->inst_short);
	hstr(m, cfg->director);
	hstr(m, cfg->director_title);
	hstr(m, cfg->year_name);
	hnum(m, semester);
	if ((rc = ej_qj_group_by_id(db, group_id, on_group, m, err)) ||
	    (rc = ej_qj_students(db, group_id, m->from, m->to, on_student, m, err)) ||
	    (rc = ej_qj_disciplines(db, group_id, on_discipline, m, err)))
		return rc;
	/* the curriculum's order of cycles: ОГСЭ, ЕН, ОП, ПМ/МДК, УП, ПП */
	if (m->nd > 1)   /* a group with no curriculum has m->d == NULL */
		ej_qsort(m->d, m->nd, sizeof(m->d[0]), cmp_disc);
	nd = m->nd;
	for (size_t i = 0; i < nd; i++) {
		size_t first = m->ns;

		m->cur_disc = i;
		if ((rc = ej_qj_plan(db, m->d[i].id, semester, m->from, m->to, on_plan, m, err)) ||
		    (rc = ej_qj_lessons(db, m->d[i].id, m->from, m->to, on_lesson, m, err)) ||
		    (rc = ej_qj_marks(db, m->d[i].id, m->from, m->to, on_mark, m, err)) ||
		    (rc = ej_qj_finals(db, m->d[i].id, on_final, m, err)))
			return rc;
		settle_discipline(m, first);
	}
	/* A section with nothing held, planned or required is left out. */
	for (size_t i = 0; i < m->ns;) {
		struct jsec *s = &m->s[i];
		if (s->ncol == 0 && s->plan <= 0 && s->curriculum <= 0) {
			free(s->col);
			free(s->stud);
			free(s->cell);
			free(s->absent);
			free(s->plan_teacher);
			ej_buf_release(&s->teachers);
			memmove(s, s + 1, (m->ns - i - 1) * sizeof(*s));
			m->ns--;
		} else {
			if (s->teachers.len == 0 && s->plan_teacher)
				add_teacher(s, s->plan_teacher);
			i++;
		}
	}
	ej_sha256_final(m->h, hex);
	m->h = NULL;
	ej_day_to_ymd(cfg->semester[0].from, &y1, &mo, &dd);
	y2 = y1 + 1;
	for (char *p = hex; *p; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 32);
	if (semester)
		snprintf(m->id, sizeof(m->id), "ЖУ-%.80s-%02d%02dс%d-%.8s", m->group, y1 % 100,
			 y2 % 100, semester, hex);
	else
		snprintf(m->id, sizeof(m->id), "ЖУ-%.80s-%02d%02d-%.8s", m->group, y1 % 100,
			 y2 % 100, hex);
	/* one word, safe in file names and manifests */
	for (char *p = m->id; *p; p++)
		if (*p == ' ' || *p == '/' || *p == '\\' || *p == '\t' || (unsigned char)*p < 0x20)
			*p = '_';
	return 0;
}

/* ---- drawing: shared --------------------------------------------------------------- */

struct jdraw {
	struct jmodel *m;
	struct ej_pdf *pdf;
	struct ej_tpl *tpl;
	struct ej_tpl_vars vars;
	struct ej_err *err;
	int rc;
	int contents_page, contents_pages;
	int attendance_page, finals_page, cert_page;
	const struct jsec *cur;             /* section of the topic table */
	char note[256];
};

/* Expanded template block (caller frees), or NULL with d->rc set. */
static char *text(struct jdraw *d, const char *key)
{
	char *s;

	if (d->rc)
		return NULL;
	s = ej_tpl_render(d->tpl, key, &d->vars, d->err);
	if (!s)
		d->rc = d->err && d->err->code ? d->err->code : EJ_EDATA;
	return s;
}

/* Each line of a block on its own line, from y; returns the y below. */
static double lines_block(struct jdraw *d, const char *key, double x, double y, double w,
			  enum ej_pdf_align align, enum ej_pdf_face face, double size,
			  double leading)
{
	char *s = text(d, key);

	if (!s)
		return y;
	ej_pdf_font(d->pdf, face, size);
	y += ej_pdf_paragraph(d->pdf, x, y, w, align, size * leading, s);
	free(s);
	return y;
}

static void sec_name(const struct jmodel *m, const struct jsec *s, char *out, size_t size)
{
	const struct jdisc *x = &m->d[s->disc];

	if (s->subgroup)
		snprintf(out, size, "%s %s — подгруппа %d", x->code, x->name, s->subgroup);
	else
		snprintf(out, size, "%s %s", x->code, x->name);
}

/* The heading of a section page; returns the y below it. */
static double sec_heading(struct jdraw *d, const struct jsec *s, const char *what_key,
			  bool cont)
{
	struct ej_pdf *p = d->pdf;
	struct ej_pdf_box b = ej_pdf_box(p);
	char name[512], who[512];
	char *what = text(d, what_key);

	sec_name(d->m, s, name, sizeof(name));
	snprintf(who, sizeof(who), "Преподаватель: %s", s->teachers.len ? ej_buf_str(&s->teachers) : "—");
	ej_pdf_font(p, EJ_PDF_REGULAR, 9);
	double ww = ej_pdf_width(p, who);
	if (ww > (b.right - b.left) * 0.45)
		ww = (b.right - b.left) * 0.45;
	ej_pdf_text_fit(p, b.right - ww, b.top + 10, ww, EJ_PDF_RIGHT, who);
	ej_pdf_font(p, EJ_PDF_BOLD, 11);
	ej_pdf_text_fit(p, b.left, b.top + 10, b.right - b.left - ww - 12, EJ_PDF_LEFT, name);
	if (what) {
		char line[256];
		snprintf(line, sizeof(line), "%s%s", what, cont ? " (продолжение)" : "");
		ej_pdf_font(p, EJ_PDF_REGULAR, 9.5);
		ej_pdf_text(p, b.left, b.top + 23, line);
		free(what);
	}
	if (s->subgroup)
		snprintf(d->note, sizeof(d->note), "%s, подгруппа %d", d->m->d[s->disc].code,
			 s->subgroup);
	else
		snprintf(d->note, sizeof(d->note), "%s", d->m->d[s->disc].code);
	ej_pdf_page_note(p, d->note);
	return b.top + 30;
}

/* ---- title page ------------------------------------------------------------------- */

static void draw_title(struct jdraw *d)
{
	struct ej_pdf *p = d->pdf;
	struct ej_pdf_box b;
	double w, y;

	ej_pdf_add_page(p, true);
	b = ej_pdf_box(p);
	w = b.right - b.left;
	y = lines_block(d, "title.institution", b.left + w * 0.1, b.top + 10, w * 0.8,
			EJ_PDF_CENTER, EJ_PDF_REGULAR, 13, 1.3);
	ej_pdf_line_width(p, 0.6);
	ej_pdf_line(p, b.left + w * 0.2, y + 6, b.right - w * 0.2, y + 6);
	y = b.top + (b.bottom - b.top) * 0.26;
	ej_pdf_font(p, EJ_PDF_BOLD, 30);
	{
		char *h = text(d, "title.heading");
		if (h) {
			/* first line large, the rest smaller */
			char *nl = strchr(h, '\n');
			if (nl)
				*nl = '\0';
			ej_pdf_text_align(p, b.left, y + 30, w, EJ_PDF_CENTER, h);
			y += 44;
			if (nl) {
				ej_pdf_font(p, EJ_PDF_BOLD, 20);
				y += ej_pdf_paragraph(p, b.left, y, w, EJ_PDF_CENTER, 26, nl + 1);
			}
			free(h);
		}
	}
	y = lines_block(d, "title.group", b.left, y + 10, w, EJ_PDF_CENTER, EJ_PDF_BOLD, 20, 1.3);
	y = lines_block(d, "title.details", b.left + w * 0.1, y + 34, w * 0.8, EJ_PDF_CENTER,
			EJ_PDF_REGULAR, 14, 1.5);
	ej_pdf_font(p, EJ_PDF_REGULAR, 9);
	{
		char idl[EJ_JOURNAL_ID_MAX + 64];
		snprintf(idl, sizeof(idl), "Идентификатор документа: %s", d->m->id);
		ej_pdf_text_align(p, b.left, b.bottom - 52, w, EJ_PDF_CENTER, idl);
	}
	lines_block(d, "title.bottom", b.left, b.bottom - 34, w, EJ_PDF_CENTER, EJ_PDF_REGULAR,
		    13, 1.3);
	ej_pdf_page_note(p, "Титульный лист");
}

/* ---- contents -------------------------------------------------------------------- */

#define CT_ROW 16.0
#define CT_HEAD 24.0

static size_t contents_rows(const struct jmodel *m)
{
	return m->ns + 3;
}

static int contents_rows_per_page(struct jdraw *d)
{
	struct ej_pdf_box b = ej_pdf_box(d->pdf);
	int n = (int)((b.bottom - b.top - 40 - CT_HEAD) / CT_ROW);

	return n > 1 ? n : 1;
}

static void reserve_contents(struct jdraw *d)
{
	size_t rows = contents_rows(d->m);
	int per;

	ej_pdf_add_page(d->pdf, true);
	d->contents_page = ej_pdf_page_number(d->pdf);
	per = contents_rows_per_page(d);
	d->contents_pages = (int)((rows + (size_t)per - 1) / (size_t)per);
	ej_pdf_page_note(d->pdf, "Содержание");
	for (int i = 1; i < d->contents_pages; i++) {
		ej_pdf_add_page(d->pdf, true);
		ej_pdf_page_note(d->pdf, "Содержание");
	}
}

static void contents_row(struct ej_pdf *p, const double *x, const double *w, size_t n,
			 double y, const char *const *cells, bool head)
{
	ej_pdf_font(p, head ? EJ_PDF_BOLD : EJ_PDF_REGULAR, head ? 9 : 10);
	for (size_t c = 0; c < n; c++) {
		enum ej_pdf_align al = head || c == 0 || c >= 3 ? EJ_PDF_CENTER : EJ_PDF_LEFT;
		double h = head ? CT_HEAD : CT_ROW;
		if (cells[c])
			ej_pdf_text_fit(p, x[c] + 4, y + h / 2 + 3.5, w[c] - 8, al, cells[c]);
	}
}

static void fill_contents(struct jdraw *d)
{
	struct ej_pdf *p = d->pdf;
	struct jmodel *m = d->m;
	size_t rows = contents_rows(m), r = 0;
	int per = contents_rows_per_page(d);
	static const char *const head[] = { "№", "Раздел журнала", "Преподаватель",
					    "Успеваемость, лист", "Темы занятий, лист" };
	double x[5], w[5];

	for (int pg = 0; pg < d->contents_pages; pg++) {
		struct ej_pdf_box b;
		double y;
		size_t upto = r + (size_t)per < rows ? r + (size_t)per : rows, first = r;

		ej_pdf_select_page(p, d->contents_page + pg);
		b = ej_pdf_box(p);
		w[0] = 30;
		w[2] = 160;
		w[3] = 100;
		w[4] = 100;
		w[1] = (b.right - b.left) - w[0] - w[2] - w[3] - w[4];
		x[0] = b.left;
		for (int c = 1; c < 5; c++)
			x[c] = x[c - 1] + w[c - 1];
		y = lines_block(d, "contents.title", b.left, b.top + 4, b.right - b.left,
				EJ_PDF_CENTER, EJ_PDF_BOLD, 14, 1.3) + 10;
		ej_pdf_fill(p, b.left, y, b.right - b.left, CT_HEAD, 0.9);
		contents_row(p, x, w, 5, y, head, true);
		for (; r < upto; r++) {
			char num[24], gp[16], tp[16], name[512];
			const char *cells[5] = { num, name, NULL, gp, NULL };
			double ry = y + CT_HEAD + (double)(r - first) * CT_ROW;

			snprintf(num, sizeof(num), "%zu", r + 1);
			if (r < m->ns) {
				const struct jsec *s = &m->s[r];
				sec_name(m, s, name, sizeof(name));
				cells[2] = ej_buf_str(&s->teachers);
				snprintf(gp, sizeof(gp), "%d", s->grid_page);
				snprintf(tp, sizeof(tp), "%d", s->topic_page);
				cells[4] = tp;
			} else if (r == m->ns) {
				snprintf(name, sizeof(name), "Сводная ведомость посещаемости");
				snprintf(gp, sizeof(gp), "%d", d->attendance_page);
			} else if (r == m->ns + 1) {
				snprintf(name, sizeof(name), "Сводная ведомость итоговых оценок");
				snprintf(gp, sizeof(gp), "%d", d->finals_page);
			} else {
				snprintf(name, sizeof(name), "Заверительный лист");
				snprintf(gp, sizeof(gp), "%d", d->cert_page);
			}
			contents_row(p, x, w, 5, ry, cells, false);
		}
		/* the frame */
		{
			double h = CT_HEAD + (double)(upto - first) * CT_ROW;
			ej_pdf_line_width(p, 0.5);
			ej_pdf_rect(p, b.left, y, b.right - b.left, h);
			for (int c = 1; c < 5; c++)
				ej_pdf_line(p, x[c], y, x[c], y + h);
			ej_pdf_line_width(p, 0.3);
			for (size_t i = 0; i < upto - first; i++)
				ej_pdf_line(p, b.left, y + CT_HEAD + (double)i * CT_ROW, b.right,
					    y + CT_HEAD + (double)i * CT_ROW);
		}
	}
}

/* ---- grade grid --------------------------------------------------------------------- */

#define G_NUM 18.0
#define G_NAME 124.0
#define G_FIN 30.0
#define G_COL 19.0
#define G_H1 13.0
#define G_H2 13.0
#define G_ROW 14.0
#define G_SIZE 8.5

static const char *const fin_title_year[NFIN] = { "I сем.", "Атт. I", "II сем.", "Атт. II", "Год" };

/* The final columns of a discipline's grid: the kinds it has marks of. */
static size_t fin_cols(const struct jmodel *m, const struct jdisc *x, int *slots)
{
	size_t n = 0;

	for (int i = 0; i < NFIN; i++)
		if (x->fin_used[i])
			slots[n++] = i;
	if (n == 0)                         /* the column is there to be filled in */
		slots[n++] = m->semester == 2 ? FIN_S2 : m->semester == 1 ? FIN_S1 : FIN_YEAR;
	return n;
}

static const char *fin_title(const struct jmodel *m, int slot)
{
	if (m->semester)
		return slot == FIN_A1 || slot == FIN_A2 ? "Атт." : "Итог";
	return fin_title_year[slot];
}

/* «Фамилия И. О.», with «приб. ДД.ММ» / «выб. ДД.ММ» for a student who
** arrived or left during the period. */
static void student_label(const struct jmodel *m, const struct jstud *st, char *out,
			  size_t size)
{
	char a[6], l[6];
	bool arrived = st->enrolled != EJ_DAY_NONE && st->enrolled > m->from;
	bool left = st->left_on != EJ_DAY_NONE;

	if (arrived)
		ej_day_ru_short(st->enrolled, a);
	if (left)
		ej_day_ru_short(st->left_on, l);
	if (arrived && left)
		snprintf(out, size, "%s (приб. %s, выб. %s)", st->short_name, a, l);
	else if (arrived)
		snprintf(out, size, "%s (приб. %s)", st->short_name, a);
	else if (left)
		snprintf(out, size, "%s (выб. %s)", st->short_name, l);
	else
		snprintf(out, size, "%s", st->short_name);
}

/* Cell (row r, column k) is empty and its lesson falls before the
** student arrived or from the day they left. */
static bool off_stay(const struct jsec *s, size_t r, size_t k, const struct jstud *st)
{
	ej_day d = s->col[k].date;

	return !s->cell[r * s->ncol + k] &&
	       ((st->enrolled != EJ_DAY_NONE && d < st->enrolled) ||
		(st->left_on != EJ_DAY_NONE && d >= st->left_on));
}

static void grid_page(struct jdraw *d, const struct jsec *s, size_t c0, size_t c1,
		      size_t cap, size_t r0, size_t r1, bool last_chunk, bool cont)
{
	struct ej_pdf *p = d->pdf;
	struct jmodel *m = d->m;
	struct ej_pdf_box b;
	int slots[NFIN];
	size_t nfin = last_chunk ? fin_cols(m, &m->d[s->disc], slots) : 0;
	double top, x0, xd, cw, xf, bottom, rows_h;
	char buf[128];

	ej_pdf_add_page(p, true);
	b = ej_pdf_box(p);
	top = sec_heading(d, s, "grid.title", cont);
	x0 = b.left;
	xd = x0 + G_NUM + G_NAME;
	xf = b.right - (double)nfin * G_FIN;
	cw = (xf - xd) / (double)cap;
	rows_h = (double)(r1 - r0) * G_ROW;
	bottom = top + G_H1 + G_H2 + rows_h;

	/* lines first, then all text in one text object */
	ej_pdf_fill(p, x0, top, b.right - x0, G_H1 + G_H2, 0.9);
	ej_pdf_line_width(p, 0.7);
	ej_pdf_rect(p, x0, top, b.right - x0, bottom - top);
	ej_pdf_line_width(p, 0.35);
	ej_pdf_line(p, x0 + G_NUM, top, x0 + G_NUM, bottom);
	ej_pdf_line(p, xd, top, xd, bottom);
	ej_pdf_line(p, xd, top + G_H1, xf, top + G_H1);
	for (size_t i = 0; i <= r1 - r0; i++)
		ej_pdf_line(p, x0, top + G_H1 + G_H2 + (double)i * G_ROW, b.right,
			    top + G_H1 + G_H2 + (double)i * G_ROW);
	for (size_t k = 1; k < cap; k++) {
		size_t ci = c0 + k;
		bool month_edge = ci >= c1 || ci == c0 ||
				  acad_month(s->col[ci].date) != acad_month(s->col[ci - 1].date);
		if (ci > c1)
			month_edge = false;
		ej_pdf_line(p, xd + (double)k * cw, month_edge ? top : top + G_H1,
			    xd + (double)k * cw, bottom);
	}
	for (size_t f = 0; f < nfin; f++) {
		ej_pdf_line_width(p, f == 0 ? 0.7 : 0.35);
		ej_pdf_line(p, xf + (double)f * G_FIN, top, xf + (double)f * G_FIN, bottom);
	}
	/* Lessons before a student arrived or from the day they left: a dash
	** through the row, as on paper, so no one writes a mark there. */
	ej_pdf_line_width(p, 0.5);
	for (size_t r = r0; r < r1; r++) {
		const struct jstud *st = &m->st[s->stud[r]];
		double my = top + G_H1 + G_H2 + ((double)(r - r0) + 0.5) * G_ROW;
		size_t k = c0, e;

		while (k < c1) {
			if (!off_stay(s, r, k, st)) {
				k++;
				continue;
			}
			for (e = k; e < c1 && off_stay(s, r, e, st); e++)
				;
			ej_pdf_line(p, xd + (double)(k - c0) * cw + 2, my, xd + (double)(e - c0) * cw - 2, my);
			k = e;
		}
	}

	/* header texts */
	ej_pdf_font(p, EJ_PDF_BOLD, 8);
	ej_pdf_text_align(p, x0, top + 16, G_NUM, EJ_PDF_CENTER, "№");
	ej_pdf_text_align(p, x0 + G_NUM, top + 16, G_NAME, EJ_PDF_CENTER, "Фамилия И. О.");
	for (size_t k = c0; k < c1;) {
		size_t e = k;
		int mo = acad_month(s->col[k].date);
		char name[64];

		while (e < c1 && acad_month(s->col[e].date) == mo)
			e++;
		capitalize(ej_month_name(month_of_acad(mo)), name, sizeof(name));
		ej_pdf_font(p, EJ_PDF_BOLD, 8);
		if (ej_pdf_width(p, name) > (double)(e - k) * cw - 2) {
			/* «сен.»: three letters (six bytes of Cyrillic) and a dot */
			memcpy(name + 6, ".", 2);
		}
		ej_pdf_text_fit(p, xd + (double)(k - c0) * cw + 1, top + 9.5, (double)(e - k) * cw - 2,
				EJ_PDF_CENTER, name);
		k = e;
	}
	ej_pdf_font(p, EJ_PDF_BOLD, 8);
	for (size_t k = c0; k < c1; k++) {
		int y, mo, dd;
		ej_day_to_ymd(s->col[k].date, &y, &mo, &dd);
		snprintf(buf, sizeof(buf), "%02d", dd);
		ej_pdf_text_align(p, xd + (double)(k - c0) * cw, top + G_H1 + 9.5, cw, EJ_PDF_CENTER, buf);
	}
	for (size_t f = 0; f < nfin; f++)
		ej_pdf_text_fit(p, xf + (double)f * G_FIN + 1, top + 16, G_FIN - 2, EJ_PDF_CENTER,
				fin_title(m, slots[f]));
	/* the key to the marks, under the table when there is room */
	if (bottom + 22 < b.bottom) {
		char *leg = text(d, "legend");
		if (leg) {
			ej_pdf_font(p, EJ_PDF_REGULAR, 7.5);
			ej_pdf_paragraph(p, x0, bottom + 6, b.right - x0, EJ_PDF_LEFT, 9, leg);
			free(leg);
		}
	}

	/* rows */
	for (size_t r = r0; r < r1; r++) {
		const struct jstud *st = &m->st[s->stud[r]];
		double by = top + G_H1 + G_H2 + (double)(r - r0) * G_ROW + 10;

		ej_pdf_font(p, EJ_PDF_REGULAR, G_SIZE);
		snprintf(buf, sizeof(buf), "%zu", r + 1);
		ej_pdf_text_align(p, x0, by, G_NUM - 3, EJ_PDF_RIGHT, buf);
		student_label(m, st, buf, sizeof(buf));
		ej_pdf_text_fit(p, x0 + G_NUM + 3, by, G_NAME - 5, EJ_PDF_LEFT, buf);
		for (size_t k = c0; k < c1; k++) {
			const char *v = s->cell[r * s->ncol + k];
			if (v)
				ej_pdf_text_fit(p, xd + (double)(k - c0) * cw + 1, by, cw - 2,
						EJ_PDF_CENTER, v);
		}
		ej_pdf_font(p, EJ_PDF_BOLD, 9);
		for (size_t f = 0; f < nfin; f++) {
			const char *v = m->d[s->disc].fin[s->stud[r] * NFIN + (size_t)slots[f]];
			if (v)
				ej_pdf_text_fit(p, xf + (double)f * G_FIN + 1, by, G_FIN - 2,
						EJ_PDF_CENTER, v);
		}
	}
}

static void draw_grid(struct jdraw *d, struct jsec *s)
{
	struct ej_pdf_box b;
	int slots[NFIN];
	size_t nfin = fin_cols(d->m, &d->m->d[s->disc], slots);
	double width, tbl_top_off = 30;
	size_t cap_full, cap_last, rows_per, c0 = 0;
	bool first = true;

	/* measure on a page-sized box: every journal page is landscape A4 */
	b = ej_pdf_box(d->pdf);
	width = b.right - b.left - G_NUM - G_NAME;
	cap_full = (size_t)(width / G_COL);
	cap_last = (size_t)((width - (double)nfin * G_FIN) / G_COL);
	if (cap_last < 1)
		cap_last = 1;
	rows_per = (size_t)((b.bottom - b.top - tbl_top_off - G_H1 - G_H2) / G_ROW);
	if (rows_per < 1)
		rows_per = 1;
	do {
		size_t left = s->ncol - c0, take, cap;
		bool last;

		if (left <= cap_last) {
			take = left;
			cap = cap_last;
			last = true;
		} else {
			/* the sheets still needed, the dates shared evenly among
			** them (never 30 dates and then a sheet with one) */
			size_t sheets = 1 + (left - cap_last + cap_full - 1) / cap_full;
			take = (left + sheets - 1) / sheets;
			if (take > cap_full)
				take = cap_full;
			cap = cap_full;
			last = false;
		}
		for (size_t r0 = 0; r0 < s->nstud || r0 == 0; r0 += rows_per) {
			size_t r1 = r0 + rows_per < s->nstud ? r0 + rows_per : s->nstud;
			grid_page(d, s, c0, c0 + take, cap, r0, r1, last, !first);
			if (first)
				s->grid_page = ej_pdf_page_number(d->pdf);
			first = false;
			if (r1 >= s->nstud)
				break;
		}
		c0 += take;
		if (last)
			break;
	} while (c0 < s->ncol);
}

/* ---- topics ------------------------------------------------------------------------ */

static double topics_on_page(void *ctx, struct ej_pdf *p)
{
	struct jdraw *d = ctx;

	(void)p;
	return sec_heading(d, d->cur, "topics.title", true);
}

static void draw_topics(struct jdraw *d, struct jsec *s)
{
	static const struct ej_pdf_col cols[] = {
		{ "№", 22, EJ_PDF_RIGHT }, { "Дата", 48, EJ_PDF_CENTER },
		{ "Пара", 28, EJ_PDF_CENTER }, { "Часы", 28, EJ_PDF_CENTER },
		{ "Тема занятия", 0, EJ_PDF_LEFT }, { "Вид занятия", 86, EJ_PDF_LEFT },
		{ "Домашнее задание", 130, EJ_PDF_LEFT }, { "Преподаватель", 120, EJ_PDF_LEFT },
	};
	struct ej_pdf *p = d->pdf;
	struct ej_pdf_table t;
	struct ej_pdf_box b;
	double y;
	size_t n = 0;
	char *tot;

	ej_pdf_add_page(p, true);
	s->topic_page = ej_pdf_page_number(p);
	d->cur = s;
	y = sec_heading(d, s, "topics.title", false);
	b = ej_pdf_box(p);
	memset(&t, 0, sizeof(t));
	t.head_size = 8.5;
	t.on_page = topics_on_page;
	t.ctx = d;
	ej_pdf_table_begin(&t, p, cols, sizeof(cols) / sizeof(cols[0]), b.left, y,
			   b.right - b.left, 8.5);
	for (size_t k = 0; k < s->ncol; k++) {
		const struct jcol *c = &s->col[k];
		char num[24], date[11], pair[16], hours[16], who[512];
		const char *cells[8];

		if (!c->has_lesson)
			continue;
		snprintf(num, sizeof(num), "%zu", ++n);
		ej_day_ru(c->date, date);
		snprintf(pair, sizeof(pair), "%d", c->pair);
		fmt_hours(c->hours, hours, sizeof(hours));
		if (c->subst)
			snprintf(who, sizeof(who), "%s\nзамена: %s", c->teacher ? c->teacher : "",
				 c->subst);
		else
			snprintf(who, sizeof(who), "%s", c->teacher ? c->teacher : "");
		cells[0] = num;
		cells[1] = date;
		cells[2] = c->pair ? pair : "";
		cells[3] = hours;
		cells[4] = c->topic ? c->topic : "— тема не записана —";
		cells[5] = type_name(c->type);
		cells[6] = c->homework;
		cells[7] = who;
		ej_pdf_table_row(&t, cells, false);
	}
	{
		char held[16], plan[16], cur[16];
		fmt_hours(s->held, held, sizeof(held));
		fmt_hours(s->plan, plan, sizeof(plan));
		fmt_hours(s->curriculum, cur, sizeof(cur));
		ej_tpl_set(&d->vars, "held", held);
		ej_tpl_set(&d->vars, "plan", plan);
		ej_tpl_set(&d->vars, "curriculum", cur);
	}
	tot = text(d, "topics.totals");
	if (tot) {
		b = ej_pdf_box(p);
		if (t.y + 24 > b.bottom) {
			ej_pdf_add_page(p, true);
			t.y = topics_on_page(d, p);
			b = ej_pdf_box(p);      /* duplex: the margins mirror */
		}
		ej_pdf_font(p, EJ_PDF_BOLD, 9.5);
		ej_pdf_paragraph(p, b.left, t.y + 8, b.right - b.left, EJ_PDF_LEFT, 12, tot);
		free(tot);
	}
}

/* ---- attendance and finals ------------------------------------------------------------ */

struct summary_ctx {
	struct jdraw *d;
	const char *key;
	const char *note;
};

static double summary_on_page(void *ctx, struct ej_pdf *p)
{
	struct summary_ctx *c = ctx;
	struct ej_pdf_box b = ej_pdf_box(p);

	ej_pdf_page_note(p, c->note);
	return lines_block(c->d, c->key, b.left, b.top, b.right - b.left, EJ_PDF_CENTER,
			   EJ_PDF_BOLD, 11, 1.3) + 6;
}

static void draw_attendance(struct jdraw *d)
{
	struct jmodel *m = d->m;
	struct ej_pdf_col cols[20];
	char titles[12][32];
	size_t nc = 0;
	int months[12], nm = 0;
	struct summary_ctx sc = { d, "attendance.title", "Посещаемость" };
	struct ej_pdf_table t;
	struct ej_pdf_box b;
	double y;

	for (int i = 0; i < 12; i++)
		if (m->month_used[i])
			months[nm++] = i;
	cols[nc++] = (struct ej_pdf_col){ "№", 22, EJ_PDF_RIGHT };
	cols[nc++] = (struct ej_pdf_col){ "Фамилия И. О.", 150, EJ_PDF_LEFT };
	for (int i = 0; i < nm; i++) {
		capitalize(ej_month_name(month_of_acad(months[i])), titles[i], sizeof(titles[i]));
		cols[nc++] = (struct ej_pdf_col){ titles[i], 0, EJ_PDF_CENTER };
	}
	cols[nc++] = (struct ej_pdf_col){ "Всего", 50, EJ_PDF_CENTER };
	cols[nc++] = (struct ej_pdf_col){ "По уваж. причине", 56, EJ_PDF_CENTER };
	cols[nc++] = (struct ej_pdf_col){ "Без уваж. причины", 56, EJ_PDF_CENTER };

	ej_pdf_add_page(d->pdf, true);
	d->attendance_page = ej_pdf_page_number(d->pdf);
	y = summary_on_page(&sc, d->pdf);
	b = ej_pdf_box(d->pdf);
	memset(&t, 0, sizeof(t));
	t.on_page = summary_on_page;
	t.ctx = &sc;
	t.head_size = 8.5;
	ej_pdf_table_begin(&t, d->pdf, cols, nc, b.left, y, b.right - b.left, 9);
	for (size_t i = 0; i < m->nst; i++) {
		const struct jstud *st = &m->st[i];
		char cellv[16][48], name[128];
		const char *cells[20];
		double te = 0, tu = 0;
		size_t k = 0;

		snprintf(cellv[0], sizeof(cellv[0]), "%zu", i + 1);
		cells[k++] = cellv[0];
		student_label(m, st, name, sizeof(name));
		cells[k++] = name;
		for (int j = 0; j < nm; j++) {
			double e = st->exc[months[j]], u = st->unexc[months[j]];
			char he[16], hu[16];
			te += e;
			tu += u;
			fmt_hours(e, he, sizeof(he));
			fmt_hours(u, hu, sizeof(hu));
			if (e > 0 || u > 0)
				snprintf(cellv[1 + j], sizeof(cellv[0]), "%s / %s", he, hu);
			else
				cellv[1 + j][0] = '\0';
			cells[k++] = cellv[1 + j];
		}
		fmt_hours(te + tu, cellv[13], sizeof(cellv[0]));
		fmt_hours(te, cellv[14], sizeof(cellv[0]));
		fmt_hours(tu, cellv[15], sizeof(cellv[0]));
		cells[k++] = cellv[13];
		cells[k++] = cellv[14];
		cells[k++] = cellv[15];
		ej_pdf_table_row(&t, cells, false);
	}
}

/* The mark that closes the period for the finals sheet. */
static const char *decisive(const struct jmodel *m, const struct jdisc *x, size_t si)
{
	static const int year_order[] = { FIN_YEAR, FIN_A2, FIN_S2, FIN_A1, FIN_S1 };
	char *const *f = &x->fin[si * NFIN];

	if (m->semester == 1)
		return f[FIN_A1] ? f[FIN_A1] : f[FIN_S1];
	if (m->semester == 2)
		return f[FIN_A2] ? f[FIN_A2] : f[FIN_S2];
	for (size_t i = 0; i < sizeof(year_order) / sizeof(year_order[0]); i++)
		if (f[year_order[i]])
			return f[year_order[i]];
	return NULL;
}

static void draw_finals(struct jdraw *d)
{
	struct jmodel *m = d->m;
	struct summary_ctx sc = { d, "finals.title", "Итоговые оценки" };
	size_t per_table = 28, nd = m->nd ? m->nd : 1;

	ej_pdf_add_page(d->pdf, true);
	d->finals_page = ej_pdf_page_number(d->pdf);
	/* More disciplines than fit across: several tables, one after another. */
	for (size_t d0 = 0; d0 < nd; d0 += per_table) {
		struct ej_pdf_col cols[32];
		size_t d1 = d0 + per_table < m->nd ? d0 + per_table : m->nd, nc = 0;
		struct ej_pdf_table t;
		struct ej_pdf_box b = ej_pdf_box(d->pdf);
		double y;

		if (d0 > 0)
			ej_pdf_add_page(d->pdf, true);
		y = summary_on_page(&sc, d->pdf);
		cols[nc++] = (struct ej_pdf_col){ "№", 22, EJ_PDF_RIGHT };
		cols[nc++] = (struct ej_pdf_col){ "Фамилия И. О.", 150, EJ_PDF_LEFT };
		for (size_t i = d0; i < d1; i++)
			cols[nc++] = (struct ej_pdf_col){ m->d[i].code, 0, EJ_PDF_CENTER };
		memset(&t, 0, sizeof(t));
		t.on_page = summary_on_page;
		t.ctx = &sc;
		t.head_size = 8;
		ej_pdf_table_begin(&t, d->pdf, cols, nc, b.left, y, b.right - b.left, 9);
		for (size_t si = 0; si < m->nst; si++) {
			const char *cells[32];
			char num[24], name[128];
			size_t k = 0;

			snprintf(num, sizeof(num), "%zu", si + 1);
			student_label(m, &m->st[si], name, sizeof(name));
			cells[k++] = num;
			cells[k++] = name;
			for (size_t i = d0; i < d1; i++)
				cells[k++] = decisive(m, &m->d[i], si);
			ej_pdf_table_row(&t, cells, false);
		}
		/* legend: code — name */
		{
			struct ej_buf leg;
			ej_buf_init(&leg, 0);
			for (size_t i = d0; i < d1; i++)
				ej_buf_printf(&leg, "%s%s — %s", i > d0 ? "; " : "", m->d[i].code,
					      m->d[i].name);
			ej_pdf_font(d->pdf, EJ_PDF_REGULAR, 8.5);
			b = ej_pdf_box(d->pdf);
			if (t.y + 40 < b.bottom)
				ej_pdf_paragraph(d->pdf, b.left, t.y + 8, b.right - b.left,
						 EJ_PDF_LEFT, 11, ej_buf_str(&leg));
			ej_buf_release(&leg);
		}
	}
}

/* ---- certification ------------------------------------------------------------------------ */

static void draw_cert(struct jdraw *d)
{
	struct ej_pdf *p = d->pdf;
	struct ej_pdf_box b;
	double w, y, x;
	int n;
	char num[16], words[256];

	ej_pdf_add_page(p, true);
	d->cert_page = n = ej_pdf_page_number(p);
	ej_pdf_page_note(p, "Заверительный лист");
	b = ej_pdf_box(p);
	w = b.right - b.left;
	/* The sheet count is the real total: this is the last page. */
	snprintf(num, sizeof(num), "%d", n);
	ej_num_words(n, EJ_MASC, words, sizeof(words));
	ej_tpl_set(&d->vars, "sheets", num);
	ej_tpl_set(&d->vars, "sheets_words", words);
	ej_tpl_set(&d->vars, "sheets_noun", ej_plural(n, "лист", "листа", "листов"));
	y = lines_block(d, "cert.title", b.left, b.top + 50, w, EJ_PDF_CENTER, EJ_PDF_BOLD, 16, 1.3);
	x = b.left + w * 0.15;
	y = lines_block(d, "cert.text", x, y + 30, w * 0.7, EJ_PDF_LEFT, EJ_PDF_REGULAR, 14, 1.5);
	y += 50;
	{
		double yy = lines_block(d, "cert.position", x, y, w * 0.3, EJ_PDF_LEFT, EJ_PDF_REGULAR,
					14, 1.3);
		char *dir = text(d, "cert.director");

		ej_pdf_line_width(p, 0.5);
		ej_pdf_line(p, x + w * 0.32, y + 14, x + w * 0.50, y + 14);
		ej_pdf_font(p, EJ_PDF_REGULAR, 8);
		ej_pdf_text_align(p, x + w * 0.32, y + 24, w * 0.18, EJ_PDF_CENTER, "(подпись)");
		if (dir) {
			ej_pdf_font(p, EJ_PDF_REGULAR, 14);
			ej_pdf_text(p, x + w * 0.53, y + 12, dir);
			free(dir);
		}
		y = yy + 30;
	}
	y = lines_block(d, "cert.seal", x, y, w * 0.3, EJ_PDF_LEFT, EJ_PDF_BOLD, 14, 1.3);
	lines_block(d, "cert.date", x, y + 30, w * 0.7, EJ_PDF_LEFT, EJ_PDF_REGULAR, 14, 1.3);
}

/* ---- the document ------------------------------------------------------------------------ */

static void set_vars(struct jdraw *d)
{
	const struct ej_config *cfg = d->m->cfg;
	struct jmodel *m = d->m;
	struct ej_tpl_vars *v = &d->vars;
	int y1, mo, dd;
	char *per;

	ej_day_to_ymd(cfg->semester[0].from, &y1, &mo, &dd);
	ej_tpl_set(v, "institution", cfg->inst_name ? cfg->inst_name : "");
	ej_tpl_set(v, "institution_short", cfg->inst_short ? cfg->inst_short : "");
	ej_tpl_set(v, "city", cfg->city ? cfg->city : "");
	ej_tpl_set(v, "director", cfg->director ? cfg->director : "");
	ej_tpl_set(v, "director_title", cfg->director_title ? cfg->director_title : "Директор");
	ej_tpl_set(v, "group", m->group);
	ej_tpl_set(v, "specialty", m->specialty ? m->specialty : "—");
	if (m->course > 0)
		ej_tpl_setf(v, "course", "%d", m->course);
	else
		ej_tpl_set(v, "course", "—");
	ej_tpl_set(v, "curator", m->curator ? m->curator : "—");
	ej_tpl_set(v, "year", cfg->year_name ? cfg->year_name : "");
	ej_tpl_setf(v, "year_start", "%d", y1);
	if (m->semester)
		ej_tpl_setf(v, "semester", "%d", m->semester);
	else
		ej_tpl_set(v, "semester", "");
	ej_tpl_set(v, "doc_id", m->id);
	per = ej_tpl_render(d->tpl, m->semester ? "period.semester" : "period.year", v, d->err);
	if (!per) {
		d->rc = d->err && d->err->code ? d->err->code : EJ_EDATA;
		return;
	}
	ej_tpl_set(v, "period", per);
	free(per);
}

static int draw(struct jmodel *m, bool pdfa, const char *path, struct ej_journal_result *res,
		struct ej_err *err)
{
	struct jdraw d;
	struct ej_pdf_opts o;
	char title[256], header[512], right[EJ_JOURNAL_ID_MAX + 32];
	int rc;

	memset(&d, 0, sizeof(d));
	d.m = m;
	d.err = err;
	ej_tpl_vars_init(&d.vars);
	d.tpl = ej_tpl_load(TEMPLATE, err);
	if (!d.tpl) {
		ej_tpl_vars_release(&d.vars);
		return err && err->code ? err->code : EJ_EIO;
	}
	set_vars(&d);
	snprintf(title, sizeof(title), "Журнал учебных занятий группы %s, %s%s%s", m->group,
		 m->semester ? (m->semester == 1 ? "1 семестр " : "2 семестр ") : "",
		 m->cfg->year_name ? m->cfg->year_name : "", m->semester ? "" : " учебный год");
	snprintf(header, sizeof(header), "%s%sЖурнал учебных занятий · группа %s · %s",
		 m->cfg->inst_short ? m->cfg->inst_short : "", m->cfg->inst_short ? " · " : "",
		 m->group, m->cfg->year_name ? m->cfg->year_name : "");
	snprintf(right, sizeof(right), "Документ %s", m->id);
	memset(&o, 0, sizeof(o));
	o.pdfa = pdfa;
	o.duplex = m->cfg->print_duplex;
	o.margin_left_mm = m->cfg->margin_left_mm;
	o.margin_right_mm = m->cfg->margin_right_mm;
	o.margin_top_mm = m->cfg->margin_top_mm;
	o.margin_bottom_mm = m->cfg->margin_bottom_mm;
	o.title = title;
	o.author = m->cfg->inst_short ? m->cfg->inst_short : m->cfg->inst_name;
	o.subject = "Журнал учебных занятий";
	o.keywords = m->id;
	o.header_left = header;
	o.header_right = right;
	o.id_seed = m->id;
	d.pdf = ej_pdf_new(&o, err);
	if (!d.pdf) {
		rc = err && err->code ? err->code : EJ_EIO;
		goto out;
	}
	draw_title(&d);
	reserve_contents(&d);
	for (size_t i = 0; i < m->ns && !d.rc; i++) {
		draw_grid(&d, &m->s[i]);
		draw_topics(&d, &m->s[i]);
	}
	if (!d.rc) {
		draw_attendance(&d);
		draw_finals(&d);
		draw_cert(&d);
		fill_contents(&d);
	}
	if (d.rc) {
		rc = d.rc;
		goto out;
	}
	if ((rc = ej_pdf_error(d.pdf, err)) != 0)
		goto out;
	if (res) {
		res->pages = ej_pdf_page_count(d.pdf);
		snprintf(res->doc_id, sizeof(res->doc_id), "%s", m->id);
		res->lessons = 0;
		for (size_t i = 0; i < m->ns; i++)
			for (size_t k = 0; k < m->s[i].ncol; k++)
				res->lessons += m->s[i].col[k].has_lesson;
	}
	rc = ej_pdf_save(d.pdf, path, err);
out:
	ej_pdf_free(d.pdf);
	ej_tpl_free(d.tpl);
	ej_tpl_vars_release(&d.vars);
	return rc;
}

int ej_journal_write(struct ej_db *db, const struct ej_config *cfg, int64_t group_id,
		     int semester, bool pdfa, const char *path,
		     struct ej_journal_result *result, struct ej_err *err)
{
	struct jmodel m;
	int rc;

	if (semester < 0 || semester > 2)
		return ej_err_set(err, EJ_EUSAGE, "semester must be 1 or 2, not %d", semester);
	rc = load(&m, db, cfg, group_id, semester, err);
	if (rc == 0)
		rc = draw(&m, pdfa, path, result, err);
	if (rc && err && err->msg[0] && path)
		ej_err_prefix(err, "%s", path);
	model_free(&m);
	return rc;
}

int ej_journal_doc_id(struct ej_db *db, const struct ej_config *cfg, int64_t group_id,
		      int semester, char *out, size_t size, struct ej_err *err)
{
	struct jmodel m;
	int rc = load(&m, db, cfg, group_id, semester, err);

	if (rc == 0)
		snprintf(out, size, "%s", m.id);
	model_free(&m);
	return rc;
}

char *ej_journal_file_name(const char *group, int semester)
{
	struct ej_buf b;

	ej_buf_init(&b, 0);
	for (const char *s = group; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == '/' || c == '\\' || c == 0x7F || (s == group && c == '.'))
			ej_buf_addc(&b, '_');
		else
			ej_buf_addc(&b, (char)c);
	}
	if (b.len == 0)
		ej_buf_adds(&b, "группа");
	if (semester)
		ej_buf_printf(&b, "-сем%d", semester);
	ej_buf_adds(&b, ".pdf");
	return ej_buf_detach(&b, NULL);
}

struct groups_arg {
	int64_t *ids;
	char **names;
	size_t n, a;
};

static int on_group_id(void *v, const struct ej_qj_group *g)
{
	struct groups_arg *a = v;

	for (size_t i = 0; i < a->n; i++)
		if (a->ids[i] == g->id)
			return 0;
	if (a->n + 1 > a->a) {
		a->a = a->a ? a->a * 2 : 16;
		a->ids = ej_reallocarray(a->ids, a->a, sizeof(*a->ids));
		a->names = ej_reallocarray(a->names, a->a, sizeof(*a->names));
	}
	a->ids[a->n] = g->id;
	a->names[a->n++] = ej_strdup(g->name);
	return 0;
}

int ej_journal_groups(struct ej_db *db, const char *const *names, size_t nnames,
		      int64_t **ids, char ***group_names, size_t *n, struct ej_err *err)
{
	struct groups_arg a = { NULL, NULL, 0, 0 };
	int rc = 0;

	if (nnames == 0)
		rc = ej_qj_groups(db, on_group_id, &a, err);
	for (size_t i = 0; i < nnames && rc == 0; i++)
		rc = ej_qj_group_by_name(db, names[i], on_group_id, &a, err);
	if (rc) {
		for (size_t i = 0; i < a.n; i++)
			free(a.names[i]);
		free(a.ids);
		free(a.names);
		return rc;
	}
	*ids = a.ids;
	*group_names = a.names;
	*n = a.n;
	return 0;
}
