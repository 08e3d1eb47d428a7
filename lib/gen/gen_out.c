/*
** gen_out.c — writes the generated college: the export folder in a mix of
** the dialects Russian Excel and the portal produce (formats.md), the later
** export, the config, the manifest of planted breaches and a README.
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gen/gen_impl.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* ---- a small CSV writer -------------------------------------------------- */

struct csvw {
	FILE *f;
	char path[4096];
	int cp1251;
	char delim;
	const char *eol;
	int nf;            /* fields written on this row */
	char *vbuf;
};

/* UTF-8 → Windows-1251 for the letters the generator uses; '?' otherwise. */
static void put_cp1251(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;

	while (p < e) {
		unsigned cp;
		int c;

		if (*p < 0x80) {
			cp = *p++;
		} else if ((*p & 0xE0) == 0xC0 && p + 1 < e) {
			cp = ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
			p += 2;
		} else if ((*p & 0xF0) == 0xE0 && p + 2 < e) {
			cp = ((unsigned)(p[0] & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
			p += 3;
		} else {
			p++;
			cp = '?';
		}
		if (cp < 0x80) c = (int)cp;
		else if (cp >= 0x410 && cp <= 0x44F) c = (int)(cp - 0x410 + 0xC0);
		else if (cp == 0x401) c = 0xA8;
		else if (cp == 0x451) c = 0xB8;
		else if (cp == 0x2116) c = 0xB9;
		else if (cp == 0xAB) c = 0xAB;
		else if (cp == 0xBB) c = 0xBB;
		else if (cp == 0x2013) c = 0x96;
		else if (cp == 0x2014) c = 0x97;
		else c = '?';
		putc(c, f);
	}
}

static void cw_raw(struct csvw *w, const char *s, size_t n)
{
	if (w->cp1251)
		put_cp1251(w->f, s, n);
	else
		fwrite(s, 1, n, w->f);
}

static int cw_open(struct csvw *w, const char *dir, const char *name, int cp1251, char delim,
		   const char *eol, int bom, struct ej_err *err)
{
	memset(w, 0, sizeof(*w));
	snprintf(w->path, sizeof(w->path), "%s/%s", dir, name);
	w->f = fopen(w->path, "wb");
	if (!w->f)
		return ej_err_set(err, EJ_EIO, "%s: %s", w->path, strerror(errno));
	w->vbuf = ej_malloc(1 << 20);
	setvbuf(w->f, w->vbuf, _IOFBF, 1 << 20);
	w->cp1251 = cp1251;
	w->delim = delim;
	w->eol = eol;
	if (bom)
		fputs("\xEF\xBB\xBF", w->f);
	return 0;
}

/* One field, quoted (RFC 4180) when it holds the delimiter, a quote, a line
** break or edge blanks. */
static void cw_field(struct csvw *w, const char *s)
{
	size_t n = strlen(s);
	int q = n && (s[0] == ' ' || s[n - 1] == ' ');
	const char *p;

	if (w->nf++)
		putc(w->delim, w->f);
	for (p = s; *p && !q; p++)
		if (*p == w->delim || *p == '"' || *p == '\n' || *p == '\r')
			q = 1;
	if (!q) {
		cw_raw(w, s, n);
		return;
	}
	putc('"', w->f);
	for (p = s; *p;) {
		size_t run = strcspn(p, "\"\n");

		cw_raw(w, p, run);
		p += run;
		if (*p == '"') {
			fputs("\"\"", w->f);
			p++;
		} else if (*p == '\n') {
			fputs(w->eol[0] == '\r' ? "\r\n" : "\n", w->f);
			p++;
		}
	}
	putc('"', w->f);
}

static void cw_fieldf(struct csvw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cw_fieldf(struct csvw *w, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cw_field(w, buf);
}

static void cw_end(struct csvw *w)
{
	fputs(w->eol, w->f);
	w->nf = 0;
}

static void cw_row(struct csvw *w, const char *const *fields)
{
	while (*fields)
		cw_field(w, *fields++);
	cw_end(w);
}

static int cw_close(struct csvw *w, struct ej_err *err)
{
	int bad = ferror(w->f);

	if (fclose(w->f) != 0)
		bad = 1;
	free(w->vbuf);
	w->f = NULL;
	if (bad)
		return ej_err_set(err, EJ_EIO, "%s: write error: %s", w->path, strerror(errno));
	return 0;
}

/* ---- formatting helpers ------------------------------------------------- */

static void day_ru(ej_day day, char *out, size_t n)
{
	int y, m, d;

	g_ymd(day, &y, &m, &d);
	snprintf(out, n, "%02d.%02d.%04d", d, m, y);
}

static void day_iso(ej_day day, char *out, size_t n)
{
	int y, m, d;

	g_ymd(day, &y, &m, &d);
	snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

static const char *value_name(int v)
{
	static const char *const names[] = { "", "1", "2", "3", "4", "5", "н", "б", "у", "оп", "зач" };

	return v >= 0 && v <= V_ZACH ? names[v] : "";
}

static const char *kind_name(int k)
{
	static const char *const names[] = {
		"", "Устный ответ", "Работа на уроке", "Домашнее задание", "Самостоятельная работа",
		"Практическая работа", "Лабораторная работа", "Контрольная работа", "Выступление на семинаре",
	};

	return k >= 0 && k < MK_COUNT ? names[k] : "";
}

/* The lesson type as the journal (plan = 0) or the КТП (plan = 1) writes it. */
static const char *type_label(const struct g_world *w, const struct g_occ *o, int plan)
{
	const struct g_gd *d = &w->gds[o->gd];
	int type = (!plan && (o->flags & O_ASTHEORY)) ? LT_THEORY : o->type;
	static const char *const theory[] = { "Комбинированное занятие", "Теоретическое занятие", "Лекция" };

	switch (type) {
	case LT_PRACTICAL:
		return plan ? "ПР" : d->cd->area == AR_PE ? "Практическое занятие" : "Практическая работа";
	case LT_LAB:
		return plan ? "ЛР" : "Лабораторная работа";
	case LT_CONTROL:
		return plan ? "КР" : (d->cd->flags & CD_ALLPR) ? "Зачётная работа" : "Контрольная работа";
	case LT_SEMINAR:
		return "Семинар";
	default:
		return plan ? "Теория" : theory[d->theory_kind % 3];
	}
}

static void cell_text(const struct g_cell *c, int later, char *out, size_t n)
{
	int v0 = (later && (c->flags & C_LVAL)) ? c->lval : c->v[0];

	if (c->nv == 2)
		snprintf(out, n, "%s/%s", value_name(v0), value_name(c->v[1]));
	else
		snprintf(out, n, "%s", value_name(v0));
}

static void stamp_text(ej_day day, int min, int secs, char *out, size_t n)
{
	char d[16];

	min = min < 0 ? 0 : min % (24 * 60);
	day_ru(day, d, sizeof(d));
	if (secs)
		snprintf(out, n, "%s %02d:%02d:%02d", d, min / 60, min % 60, (min * 7) % 60);
	else
		snprintf(out, n, "%s %02d:%02d", d, min / 60, min % 60);
}

/* Set a file's times to a local civil time (import takes the newest mtime
** as the batch's export time). */
static int set_mtime(const char *path, ej_day day, int min, struct ej_err *err)
{
	struct tm tm;
	struct timespec ts[2];
	int y, m, d;

	g_ymd(day, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = min / 60;
	tm.tm_min = min % 60;
	tm.tm_isdst = -1;
	ts[0].tv_sec = ts[1].tv_sec = mktime(&tm);
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	if (utimensat(AT_FDCWD, path, ts, 0) != 0)
		return ej_err_set(err, EJ_EIO, "%s: cannot set the time: %s", path, strerror(errno));
	return 0;
}

/* ---- the files ---------------------------------------------------------- */

static const char *gname(const struct g_world *w, int gd)
{
	return w->groups[w->gds[gd].grp].name;
}

/* teachers.csv: UTF-8 with BOM, CRLF. */
static int write_teachers(struct g_world *w, const char *dir, struct ej_err *err)
{
	static const char *const hdr[] = { "Табельный номер", "ФИО", "ПЦК", NULL };
	struct csvw c;
	int i;

	if (cw_open(&c, dir, "teachers.csv", 0, ';', "\r\n", 1, err))
		return err->code;
	cw_row(&c, hdr);
	for (i = 0; i < w->nteachers; i++) {
		cw_field(&c, w->teachers[i].id);
		cw_field(&c, w->teachers[i].full);
		cw_field(&c, ej_cat_departments[w->teachers[i].dept][0]);
		cw_end(&c);
	}
	return cw_close(&c, err);
}

/* groups.csv: specialty «код название», curator «Фамилия И.О.». */
static int write_groups(struct g_world *w, const char *dir, struct ej_err *err)
{
	static const char *const hdr[] = { "Группа", "Специальность", "Курс", "Куратор", "Отделение", NULL };
	struct csvw c;
	int g;

	if (cw_open(&c, dir, "groups.csv", 0, ';', "\n", 0, err))
		return err->code;
	cw_row(&c, hdr);
	for (g = 0; g < w->ngroups; g++) {
		const struct g_group *gr = &w->groups[g];
		const struct cat_specialty *sp = &ej_cat_specialties[gr->spec];
		char cur[160];
		const char *full = w->teachers[gr->curator].full;
		const char *sp1 = strchr(full, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;

		/* «Фамилия И.О.» without spaces, as curators are often written */
		if (sp1 && sp2) {
			char a[8] = { 0 }, b[8] = { 0 };
			size_t la = (unsigned char)sp1[1] >= 0xC0 ? 2 : 1, lb = (unsigned char)sp2[1] >= 0xC0 ? 2 : 1;

			memcpy(a, sp1 + 1, la);
			memcpy(b, sp2 + 1, lb);
			snprintf(cur, sizeof(cur), "%.*s %s.%s.", (int)(sp1 - full), full, a, b);
		} else {
			snprintf(cur, sizeof(cur), "%s", full);
		}
		cw_field(&c, gr->name);
		cw_fieldf(&c, "%s %s", sp->code, sp->name);
		cw_fieldf(&c, "%d", gr->course);
		cw_field(&c, cur);
		cw_field(&c, sp->department);
		cw_end(&c);
	}
	return cw_close(&c, err);
}

/* Windows-1251 with CRLF, as Excel on a Russian Windows saves it. */
static int write_students(struct g_world *w, const char *dir, struct ej_err *err)
{
	static const char *const hdr[] = { "Личный номер", "Фамилия", "Имя", "Отчество", "Группа",
		"Подгруппа", "Дата зачисления", "Дата отчисления", "Дата рождения", NULL };
	struct csvw c;
	int g, j;
	char a[16], b[16], bd[16];

	if (cw_open(&c, dir, "students.csv", 1, ';', "\r\n", 0, err))
		return err->code;
	cw_row(&c, hdr);
	for (g = 0; g < w->ngroups; g++)
		for (j = 0; j < w->groups[g].nstays; j++) {
			const struct g_stay *sy = &w->stays[w->groups[g].stays[j]];
			const struct g_student *s = &w->students[sy->st];

			a[0] = b[0] = '\0';
			if (sy->from != EJ_DAY_NONE)
				day_ru(sy->from, a, sizeof(a));
			if (sy->to != EJ_DAY_NONE)
				day_ru(sy->to, b, sizeof(b));
			day_ru(s->birth, bd, sizeof(bd));
			cw_field(&c, s->id);
			cw_field(&c, s->nm.last);
			cw_field(&c, s->nm.first);
			cw_field(&c, s->nm.middle);
			cw_field(&c, w->groups[g].name);
			cw_fieldf(&c, "%d", sy->sub);
			cw_field(&c, a);
			cw_field(&c, b);
			cw_field(&c, bd);
			cw_end(&c);
		}
	return cw_close(&c, err);
}

/* Curriculum: the index and the name in two columns; subgroup disciplines
** name both teachers in one quoted cell «Т1; Т2». */
static int write_curriculum(struct g_world *w, const char *dir, long *rows, struct ej_err *err)
{
	static const char *const hdr[] = { "Группа", "Семестр", "Индекс", "Наименование", "Подгруппа",
		"Всего часов", "Теория", "Практические", "Лабораторные", "Кол-во КР", "Форма аттестации",
		"Преподаватель", NULL };
	double *h = ej_calloc((size_t)w->ngds * 2 * 4, sizeof(double));
	struct csvw c;
	size_t i;
	int g, s;

	for (i = 0; i < w->nocc; i++) {
		const struct g_occ *o = &w->occs[i];
		double *x = &h[(o->gd * 2 + o->sem) * 4];

		if (!(o->flags & O_PLAN) || o->sub > 1)
			continue;
		x[0] += o->plan_h;
		if (o->type == LT_PRACTICAL)
			x[1] += o->plan_h;
		else if (o->type == LT_LAB)
			x[2] += o->plan_h;
		else if (o->type == LT_CONTROL)
			x[3] += 1;
	}
	if (cw_open(&c, dir, "curriculum.csv", 0, ';', "\n", 0, err)) {
		free(h);
		return err->code;
	}
	cw_row(&c, hdr);
	for (g = 0; g < w->ngds; g++)
		for (s = 0; s < 2; s++) {
			const struct g_gd *d = &w->gds[g];
			const double *x = &h[(g * 2 + s) * 4];
			double hours = x[0] + d->hours_adj[s];

			if (d->cd->slots[s] == 0)
				continue;
			cw_field(&c, gname(w, g));
			cw_fieldf(&c, "%d", s + 1);
			cw_field(&c, d->cd->index);
			cw_field(&c, d->cd->name);
			cw_field(&c, "");
			cw_fieldf(&c, "%g", hours);
			cw_fieldf(&c, "%g", hours - x[1] - x[2]);
			cw_fieldf(&c, "%g", x[1]);
			cw_fieldf(&c, "%g", x[2]);
			cw_fieldf(&c, "%d", (int)x[3] + d->ctl_extra[s]);
			cw_field(&c, ej_cat_att_name(d->cd->att[s]));
			if (d->nsub == 2)
				cw_fieldf(&c, "%s; %s", w->teachers[d->teacher[0]].full,
					  w->teachers[d->teacher[1]].full);
			else
				cw_field(&c, w->teachers[d->teacher[0]].full);
			cw_end(&c);
			(*rows)++;
		}
	free(h);
	return cw_close(&c, err);
}

/* КТП: comma-separated, «индекс название» in one field, quoted fields with
** commas, semicolons and line breaks. */
static int write_plan(struct g_world *w, const char *dir, long *rows, struct ej_err *err)
{
	static const char *const hdr[] = { "Группа", "Дисциплина", "Подгруппа", "№ п/п", "Раздел",
		"Тема занятия", "Кол-во часов", "Вид занятия", "Неделя", "Дата по плану",
		"Домашнее задание", NULL };
	struct csvw c;
	int g;
	size_t i, k, *start = ej_calloc((size_t)w->ngds + 1, sizeof(size_t)), *idx;

	/* the occurrences grouped by discipline, in date order (counting sort) */
	for (i = 0; i < w->nocc; i++)
		start[w->occs[i].gd + 1]++;
	for (g = 0; g < w->ngds; g++)
		start[g + 1] += start[g];
	idx = ej_malloc((w->nocc + 1) * sizeof(size_t));
	for (i = 0; i < w->nocc; i++)
		idx[start[w->occs[i].gd]++] = i;
	for (g = w->ngds; g > 0; g--)
		start[g] = start[g - 1];
	start[0] = 0;
	if (cw_open(&c, dir, "plan.csv", 0, ',', "\n", 0, err)) {
		free(start);
		free(idx);
		return err->code;
	}
	cw_row(&c, hdr);
	for (g = 0; g < w->ngds; g++) {
		const struct g_gd *d = &w->gds[g];
		const char *const *ctl = ej_cat_area(d->cd->area)->control;
		int nc = 0;

		while (ctl[nc])
			nc++;
		for (k = start[g]; k < start[g + 1]; k++) {
			const struct g_occ *o = &w->occs[idx[k]];
			int y, m, dd;

			if (!(o->flags & O_PLAN))
				continue;
			g_ymd(o->date, &y, &m, &dd);
			cw_field(&c, gname(w, g));
			cw_fieldf(&c, "%s %s", d->cd->index, d->cd->name);
			if (o->sub)
				cw_fieldf(&c, "%d", o->sub);
			else
				cw_field(&c, "");
			cw_fieldf(&c, "%d", o->no);
			cw_fieldf(&c, "Раздел %d. %s", o->sem + 1, ctl[o->sem % nc]);
			cw_field(&c, g_str(w, o->topic));
			cw_fieldf(&c, "%g", o->plan_h);
			cw_field(&c, type_label(w, o, 1));
			cw_fieldf(&c, "%d", o->wno);
			cw_fieldf(&c, "%02d.%02d.%02d", dd, m, y % 100);
			cw_field(&c, g_str(w, o->hw));
			cw_end(&c);
			(*rows)++;
		}
	}
	free(start);
	free(idx);
	return cw_close(&c, err);
}

/* schedule.csv: ISO dates, teachers «Фамилия И. О.», a room per teacher. */
static int write_schedule(struct g_world *w, const char *dir, long *rows, struct ej_err *err)
{
	static const char *const hdr[] = { "Дата", "№ пары", "Группа", "Подгруппа", "Дисциплина",
		"Преподаватель", "Аудитория", "Часы", NULL };
	struct csvw c;
	size_t i;
	char d[16];
	int t;

	if (cw_open(&c, dir, "schedule.csv", 0, ';', "\n", 0, err))
		return err->code;
	cw_row(&c, hdr);
	for (i = 0; i < w->nocc; i++) {
		const struct g_occ *o = &w->occs[i];
		const struct g_gd *gd = &w->gds[o->gd];

		if (!(o->flags & O_SCHED))
			continue;
		day_iso(o->date, d, sizeof(d));
		cw_field(&c, d);
		cw_fieldf(&c, "%d", o->pair);
		cw_field(&c, gname(w, o->gd));
		if (o->sub)
			cw_fieldf(&c, "%d", o->sub);
		else
			cw_field(&c, "");
		cw_field(&c, gd->cd->index);
		t = gd->teacher[o->sub == 2 ? 1 : 0];
		cw_field(&c, w->teachers[t].shortn);
		/* each teacher has a room of their own, so rooms never clash */
		if (gd->cd->area == AR_PE)
			cw_fieldf(&c, "Спортзал %d", 1 + t % 3);
		else
			cw_fieldf(&c, "%d%02d", 1 + t / 40, 1 + t % 40);
		cw_field(&c, "2");
		cw_end(&c);
		(*rows)++;
	}
	return cw_close(&c, err);
}

/* lessons.csv: UTF-8 with BOM, CRLF; one row per held lesson. */
static int write_lessons(struct g_world *w, const char *dir, long *rows, struct ej_err *err)
{
	static const char *const hdr[] = { "Дата занятия", "Пара", "Группа", "Подгруппа", "Предмет",
		"Учитель", "Тема урока", "Вид занятия", "Часы", "Д/З", "Замена", "Дата внесения",
		"Посещаемость отмечена", NULL };
	struct csvw c;
	size_t i;
	char d[16], r[48];

	if (cw_open(&c, dir, "lessons.csv", 0, ';', "\r\n", 1, err))
		return err->code;
	cw_row(&c, hdr);
	for (i = 0; i < w->nocc; i++) {
		const struct g_occ *o = &w->occs[i];

		if (!(o->flags & O_HELD))
			continue;
		day_ru(o->date, d, sizeof(d));
		stamp_text(o->date + o->rec_days, o->rec_min, 1, r, sizeof(r));
		cw_field(&c, d);
		cw_fieldf(&c, "%d", o->pair);
		cw_field(&c, gname(w, o->gd));
		if (o->sub)
			cw_fieldf(&c, "%d", o->sub);
		else
			cw_field(&c, "");
		cw_field(&c, w->gds[o->gd].cd->index);
		cw_field(&c, o->teacher >= 0 ? w->teachers[o->teacher].full : "");
		cw_field(&c, g_str(w, o->ltopic));
		cw_field(&c, type_label(w, o, 0));
		cw_fieldf(&c, "%g", o->held_h);
		cw_field(&c, g_str(w, o->lhw));
		cw_field(&c, o->subst >= 0 ? w->teachers[o->subst].shortn : "");
		cw_field(&c, r);
		cw_field(&c, (o->flags & O_NOATT) ? "нет" : "да");
		cw_end(&c);
		(*rows)++;
	}
	return cw_close(&c, err);
}

/* One row of marks.csv (or later/marks.csv without the timestamps). */
static void mark_row(struct csvw *c, const struct g_world *w, const struct g_cell *x, int later,
		     char (*days)[11], ej_day day0)
{
	char v[16], r[32];
	int absent = x->v[0] >= V_N && x->v[0] <= V_OP && x->nv == 1;

	cw_field(c, days[x->date - day0]);
	if (x->pair)
		cw_fieldf(c, "%d", x->pair);
	else
		cw_field(c, "");
	cw_field(c, gname(w, x->gd));
	if (x->sub)
		cw_fieldf(c, "%d", x->sub);
	else
		cw_field(c, "");
	cw_field(c, w->gds[x->gd].cd->index);
	cw_field(c, w->students[w->stays[x->stay].st].full);
	cell_text(x, later, v, sizeof(v));
	cw_field(c, v);
	cw_field(c, absent ? "" : kind_name(x->kind));
	cw_field(c, absent ? "" : x->weight == 2 ? "2" : "1");
	if (!later) {
		snprintf(r, sizeof(r), "%s %02d:%02d", days[x->date + x->rec_days - day0],
			 x->rec_min / 60, x->rec_min % 60);
		cw_field(c, r);
		if (x->mod_min >= 0) {
			snprintf(r, sizeof(r), "%s %02d:%02d", days[x->date + x->mod_days - day0],
				 x->mod_min / 60, x->mod_min % 60);
			cw_field(c, r);
		} else {
			cw_field(c, "");
		}
	}
	cw_end(c);
}

/* marks.csv of export/ (everything but the grid disciplines), or of later/
** (the re-exported disciplines with their changes, without timestamps). */
static int write_marks(struct g_world *w, const char *dir, int later, long *rows, struct ej_err *err)
{
	static const char *const hdr[] = { "Дата урока", "№ урока", "Группа", "Подгруппа", "Дисциплина",
		"ФИО обучающегося", "Оценка", "Вид работы", "Вес", "Дата выставления", "Дата изменения", NULL };
	static const char *const hdr2[] = { "Дата урока", "№ урока", "Группа", "Подгруппа", "Дисциплина",
		"ФИО обучающегося", "Оценка", "Вид работы", "Вес", NULL };
	ej_day day0 = w->sem_from[0] - 7, d;
	char (*days)[11] = ej_calloc((size_t)(w->later_day + 30 - day0), sizeof(*days));
	struct csvw c;
	size_t i;

	for (d = day0; d < w->later_day + 30; d++)
		day_ru(d, days[d - day0], sizeof(days[0]));
	if (cw_open(&c, dir, "marks.csv", 0, ';', "\n", 0, err)) {
		free(days);
		return err->code;
	}
	cw_row(&c, later ? hdr2 : hdr);
	for (i = 0; i < w->ncells; i++) {
		const struct g_cell *x = &w->cells[i];
		const struct g_gd *gd = &w->gds[x->gd];

		if ((x->flags & C_DEL) || gd->grid)
			continue;
		if (later ? (!gd->later || (x->flags & C_LSKIP)) : (x->flags & C_LONLY) != 0)
			continue;
		mark_row(&c, w, x, later, days, day0);
		(*rows)++;
	}
	free(days);
	return cw_close(&c, err);
}

static const char *final_kind(int att, int sem)
{
	if (sem == 2)
		return "годовая";
	switch (att) {
	case ATT_EXAM: return "экзамен";
	case ATT_DIFF: return "дифзачёт";
	case ATT_CREDIT: return "зачёт";
	default: return "семестровая";
	}
}

/* finals.csv: all finals but those the grid files carry. */
static int write_finals(struct g_world *w, const char *dir, long *rows, struct ej_err *err)
{
	static const char *const hdr[] = { "Группа", "Дисциплина", "Семестр", "ФИО студента", "Отметка",
		"Вид", "Дата внесения", NULL };
	struct csvw c;
	size_t i;
	char d[16];

	if (cw_open(&c, dir, "finals.csv", 0, ';', "\n", 0, err))
		return err->code;
	cw_row(&c, hdr);
	for (i = 0; i < w->nfinals; i++) {
		const struct g_final *f = &w->finals[i];
		const struct g_gd *gd = &w->gds[f->gd];

		if (gd->grid)
			continue;
		day_iso(f->rec_day, d, sizeof(d));
		cw_field(&c, gname(w, f->gd));
		cw_fieldf(&c, "%s %s", gd->cd->index, gd->cd->name);
		if (f->sem == 2)
			cw_field(&c, "год");
		else
			cw_fieldf(&c, "%d", f->sem + 1);
		cw_field(&c, w->students[w->stays[f->stay].st].full);
		cw_field(&c, value_name(f->value));
		cw_field(&c, final_kind(gd->cd->att[f->sem < 2 ? f->sem : 1], f->sem));
		cw_fieldf(&c, "%sT%02d:%02d", d, f->rec_min / 60, f->rec_min % 60);
		cw_end(&c);
		(*rows)++;
	}
	return cw_close(&c, err);
}

/* The portal's journal page of one group × discipline for one semester. */
static int write_grid(struct g_world *w, const char *dir, int gd, int sem, int n, long *cells,
		      struct ej_err *err)
{
	const struct g_gd *d = &w->gds[gd];
	const struct g_group *gr = &w->groups[d->grp];
	int *occ = NULL, nocc = 0, j, k, num = 0;
	size_t i, t;
	struct csvw c;
	char name[64], buf[64];

	for (i = 0; i < w->nocc; i++)
		if (w->occs[i].gd == gd && w->occs[i].sem == sem && (w->occs[i].flags & O_HELD)) {
			occ = ej_reallocarray(occ, (size_t)nocc + 1, sizeof(int));
			occ[nocc++] = (int)i;
		}
	snprintf(name, sizeof(name), "grid_%02d_s%d.csv", n, sem + 1);
	if (cw_open(&c, dir, name, 0, ';', "\r\n", 1, err)) {
		free(occ);
		return err->code;
	}
	cw_field(&c, "Группа"); cw_field(&c, gr->name); cw_end(&c);
	cw_field(&c, "Дисциплина"); cw_fieldf(&c, "%s %s", d->cd->index, d->cd->name); cw_end(&c);
	cw_field(&c, "Преподаватель"); cw_field(&c, w->teachers[d->teacher[0]].full); cw_end(&c);
	cw_field(&c, "Семестр"); cw_fieldf(&c, "%d", sem + 1); cw_end(&c);
	stamp_text(w->export_day, w->export_min, 0, buf, sizeof(buf));
	cw_field(&c, "Дата выгрузки"); cw_field(&c, buf); cw_end(&c);
	cw_field(&c, "№");
	cw_field(&c, "ФИО");
	for (k = 0; k < nocc; k++) {
		int y, m, dd;

		g_ymd(w->occs[occ[k]].date, &y, &m, &dd);
		cw_fieldf(&c, "%02d.%02d", dd, m);
	}
	cw_field(&c, "Средний балл");
	cw_field(&c, "Пропуски");
	cw_field(&c, "Итог");
	cw_end(&c);
	for (j = 0; j < gr->nstays; j++) {
		const struct g_stay *sy = &w->stays[gr->stays[j]];
		double sw = 0, swv = 0;
		int miss = 0, present = 0;
		const char *fin = "";

		for (k = 0; k < nocc; k++)
			if (g_stay_in(sy, w->occs[occ[k]].date))
				present = 1;
		if (!present)
			continue;
		cw_fieldf(&c, "%d", ++num);
		cw_field(&c, w->students[sy->st].full);
		for (k = 0; k < nocc; k++) {
			const struct g_occ *o = &w->occs[occ[k]];
			const struct g_cell *x = NULL;

			for (t = o->c0; t < o->c1; t++)
				if (w->cells[t].stay == gr->stays[j] && !(w->cells[t].flags & C_DEL))
					x = &w->cells[t];
			if (!x) {
				cw_field(&c, "");
				continue;
			}
			cell_text(x, 0, buf, sizeof(buf));
			cw_field(&c, buf);
			(*cells)++;
			for (t = 0; t < x->nv; t++) {
				if (x->v[t] >= 1 && x->v[t] <= 5)
					sw += 1, swv += x->v[t];
				else if (x->v[t] == V_N || x->v[t] == V_B || x->v[t] == V_U)
					miss += 2;
			}
		}
		if (sw > 0) {
			snprintf(buf, sizeof(buf), "%.2f", swv / sw);
			*strchr(buf, '.') = ',';
			cw_field(&c, buf);
		} else {
			cw_field(&c, "");
		}
		cw_fieldf(&c, "%d", miss);
		for (t = 0; t < w->nfinals; t++)
			if (w->finals[t].gd == gd && w->finals[t].stay == gr->stays[j] && w->finals[t].sem == sem)
				fin = value_name(w->finals[t].value);
		cw_field(&c, fin);
		cw_end(&c);
	}
	free(occ);
	return cw_close(&c, err);
}

/* manifest.csv: the expected findings, sorted by rule, group, discipline. */
static int write_manifest(struct g_world *w, const char *dir, struct ej_err *err)
{
	static const char *const hdr[] = { "rule", "severity", "group", "discipline", "subgroup",
		"student", "teacher", "date", NULL };
	struct csvw c;
	size_t i;
	char d[16];

	if (cw_open(&c, dir, "manifest.csv", 0, ';', "\n", 0, err))
		return err->code;
	for (i = 0; hdr[i]; i++)
		cw_field(&c, hdr[i]);
	cw_field(&c, "note");
	cw_end(&c);
	for (i = 0; i < w->nfinds; i++) {
		const struct g_find *f = &w->finds[i];

		d[0] = '\0';
		if (f->date != EJ_DAY_NONE)
			day_iso(f->date, d, sizeof(d));
		cw_field(&c, f->rule);
		cw_field(&c, f->sev);
		cw_field(&c, f->grp >= 0 ? w->groups[f->grp].name : "");
		cw_field(&c, f->gd >= 0 ? w->gds[f->gd].cd->index : "");
		if (f->sub)
			cw_fieldf(&c, "%d", f->sub);
		else
			cw_field(&c, "");
		cw_field(&c, f->st >= 0 ? w->students[f->st].full : "");
		cw_field(&c, f->teacher >= 0 ? w->teachers[f->teacher].full : "");
		cw_field(&c, d);
		cw_field(&c, f->note);
		cw_end(&c);
	}
	return cw_close(&c, err);
}

static int write_text(const char *dir, const char *name, const char *text, struct ej_err *err)
{
	char path[4096];
	FILE *f;
	int bad;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return ej_err_set(err, EJ_EIO, "%s: %s", path, strerror(errno));
	fputs(text, f);
	bad = ferror(f);
	if (fclose(f) != 0 || bad)
		return ej_err_set(err, EJ_EIO, "%s: write error: %s", path, strerror(errno));
	return 0;
}

/* ejournal.ini: cli.md's example with the generated departments. */
static int write_config(const char *dir, struct ej_err *err)
{
	struct ej_buf b;
	int i, rc;

	ej_buf_init(&b, 0);
	ej_buf_adds(&b,
		"; Конфигурация для сгенерированной выгрузки (ejournal generate)\n"
		"[institution]\n"
		"name = Государственное бюджетное профессиональное образовательное учреждение "
		"Московской области «Физико-технический колледж»\n"
		"short_name = ГБПОУ МО «Физтех-колледж»\n"
		"city = г. Долгопрудный\n"
		"director = А.А. Летуновский\n"
		"director_title = Директор\n\n"
		"[year]\n"
		"name = 2025/2026\n"
		"semester1 = 01.09.2025-28.12.2025\n"
		"semester2 = 12.01.2026-30.06.2026\n"
		"holidays = 04.11.2025, 31.12.2025-11.01.2026, 23.02.2026, 09.03.2026, 01.05.2026, "
		"11.05.2026, 12.06.2026\n\n");
	for (i = 0; ej_cat_departments[i][0]; i++)
		ej_buf_printf(&b, "[department \"%s\"]\nhead = %s\n\n", ej_cat_departments[i][0],
			      ej_cat_departments[i][1]);
	ej_buf_adds(&b,
		"[policy]\n"
		"grace.written_work_days = 7\n"
		"accumulation.lessons_per_mark = 3\n"
		"accumulation.min_per_semester = 3\n"
		"accumulation.max_share_below = 20\n"
		"plan.max_lag_hours = 4\n"
		"plan.min_topic_similarity = 0.5\n"
		"finals.min_current_marks = 3\n\n"
		"[print]\n"
		"duplex = no\n"
		"pdfa = yes\n");
	rc = write_text(dir, "ejournal.ini", ej_buf_str(&b), err);
	ej_buf_release(&b);
	return rc;
}

static const char readme[] =
	"Сгенерированная выгрузка электронного журнала (ejournal generate)\n"
	"==================================================================\n\n"
	"Данные вымышлены: колледж, группы, обучающиеся и преподаватели придуманы\n"
	"генератором; совпадения с реальными людьми случайны.\n\n"
	"ejournal.ini   конфигурация: учреждение, 2025/2026 учебный год, праздники,\n"
	"               отделения и заведующие, пороги правил\n"
	"manifest.csv   запланированные нарушения: какие замечания должна найти\n"
	"               `ejournal check` за весь год после импорта export/, затем later/\n"
	"export/        выгрузка на 30.06.2026 18:00 (время изменения файлов):\n"
	"  teachers.csv    преподаватели (UTF-8 с BOM, «;», CRLF)\n"
	"  groups.csv      группы, специальности, кураторы\n"
	"  students.csv    обучающиеся, по строке на пребывание в группе\n"
	"                  (Windows-1251, CRLF, как сохраняет Excel)\n"
	"  curriculum.csv  учебный план: часы, КР, форма аттестации, преподаватели\n"
	"  plan.csv        КТП (разделитель «,», поля в кавычках с переводами строк)\n"
	"  schedule.csv    расписание (даты ГГГГ-ММ-ДД)\n"
	"  lessons.csv     записи о проведённых занятиях (UTF-8 с BOM, CRLF)\n"
	"  marks.csv       отметки и посещаемость, по строке на клетку журнала\n"
	"  finals.csv      итоговые отметки\n"
	"  grid_*.csv      журнальная сетка группы по дисциплине (вид портала);\n"
	"                  отметки этой дисциплины есть только здесь\n"
	"later/         повторная выгрузка 03.07.2026 10:00: отметки одной или\n"
	"               нескольких дисциплин снова, с изменёнными задним числом\n"
	"               клетками (правило T03)\n\n"
	"Порядок:\n"
	"  ejournal --db e.db --config ejournal.ini import export\n"
	"  ejournal --db e.db --config ejournal.ini import later\n"
	"  ejournal --db e.db --config ejournal.ini check\n";

/* Remove grid files of an earlier run into the same folder: import reads
** every CSV there, and a stale grid would be imported with the new data. */
static int remove_stale_grids(const char *ex, struct ej_err *err)
{
	DIR *d = opendir(ex);
	struct dirent *e;
	char path[4400];
	int rc = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (strncmp(e->d_name, "grid_", 5) || n < 9 || strcmp(e->d_name + n - 4, ".csv"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", ex, e->d_name);
		if (unlink(path) && errno != ENOENT) {
			rc = ej_err_set(err, EJ_EIO, "%s: cannot remove: %s", path, strerror(errno));
			break;
		}
	}
	closedir(d);
	return rc;
}

/* Write everything; see gen.h. */
int g_write_all(struct g_world *w, const char *dir, struct ej_gen_stats *st, struct ej_err *err)
{
	char ex[4096], la[4096], path[4200];
	static const char *const names[] = { "teachers.csv", "groups.csv", "students.csv",
		"curriculum.csv", "plan.csv", "schedule.csv", "lessons.csv", "marks.csv", "finals.csv" };
	long dummy = 0;
	int g, s, n = 0;
	size_t i;

	snprintf(ex, sizeof(ex), "%s/export", dir);
	snprintf(la, sizeof(la), "%s/later", dir);
	if ((mkdir(dir, 0777) && errno != EEXIST) || (mkdir(ex, 0777) && errno != EEXIST) ||
	    (mkdir(la, 0777) && errno != EEXIST))
		return ej_err_set(err, EJ_EIO, "%s: cannot create: %s", dir, strerror(errno));
	if (remove_stale_grids(ex, err))
		return err->code;
	if (write_teachers(w, ex, err) || write_groups(w, ex, err) || write_students(w, ex, err) ||
	    write_curriculum(w, ex, &dummy, err) || write_plan(w, ex, &st->plan, err) ||
	    write_schedule(w, ex, &st->schedule, err) || write_lessons(w, ex, &st->lessons, err) ||
	    write_marks(w, ex, 0, &st->marks, err) || write_finals(w, ex, &st->finals, err))
		return err->code;
	for (g = 0; g < w->ngds; g++)
		if (w->gds[g].grid) {
			n++;
			for (s = 0; s < 2; s++) {
				if (write_grid(w, ex, g, s, n, &st->grid_cells, err))
					return err->code;
				snprintf(path, sizeof(path), "%s/grid_%02d_s%d.csv", ex, n, s + 1);
				if (set_mtime(path, w->export_day, w->export_min, err))
					return err->code;
			}
		}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", ex, names[i]);
		if (set_mtime(path, w->export_day, w->export_min, err))
			return err->code;
	}
	if (write_marks(w, la, 1, &st->later_marks, err))
		return err->code;
	snprintf(path, sizeof(path), "%s/marks.csv", la);
	if (set_mtime(path, w->later_day, w->later_min, err))
		return err->code;
	if (write_manifest(w, dir, err) || write_config(dir, err) ||
	    write_text(dir, "README.txt", readme, err))
		return err->code;
	st->groups = w->ngroups;
	st->students = w->nstudents;
	st->teachers = w->nteachers;
	st->disciplines = w->ngds;
	st->findings = (int)w->nfinds;
	return 0;
}
