/*
** gen_model.c — builds the generated college in memory: calendar, groups,
** students and their stays, teachers, curricula, the weekly timetable, the
** lessons with their thematic plan, the journal cells and the finals — and
** plants the breaches listed in the manifest (docs/generate.md).
**
** Clean data stay clear of every rule's threshold by construction:
**   - every scheduled pair is planned and held (plan = schedule = lessons),
**     curriculum hours = plan hours = held hours;
**   - every student gets a mark at least at every third lesson of a
**     discipline (A01), every present student at a control work (G04);
**   - records are entered on the lesson day, written works' marks within
**     6 days (grace 7, T02), modifications on the same day (T03);
**   - finals are the rounded weighted mean of the current marks (G02).
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sort.h"
#include "gen/gen_impl.h"
#include "util/xalloc.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- calendar ----------------------------------------------------------- */

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
ej_day g_day(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (ej_day)(era * 146097 + doe - 719468);
}

void g_ymd(ej_day day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int g_weekday(ej_day d)
{
	return ((d % 7) + 7 + 3) % 7 + 1;   /* 1970-01-01 was a Thursday */
}

/* cli.md's holidays of 2025/2026. */
int g_is_holiday(ej_day d)
{
	static const int one[][3] = {
		{ 2025, 11, 4 }, { 2026, 2, 23 }, { 2026, 3, 9 }, { 2026, 5, 1 },
		{ 2026, 5, 11 }, { 2026, 6, 12 },
	};
	size_t i;

	if (d >= g_day(2025, 12, 31) && d <= g_day(2026, 1, 11))
		return 1;
	for (i = 0; i < COUNT(one); i++)
		if (d == g_day(one[i][0], one[i][1], one[i][2]))
			return 1;
	return 0;
}

/* Monday–Saturday inside a semester and not a holiday; *sem gets 0/1. */
int g_is_school_day(const struct g_world *w, ej_day d, int *sem)
{
	int s;

	for (s = 0; s < 2; s++)
		if (d >= w->sem_from[s] && d <= w->sem_to[s]) {
			if (sem)
				*sem = s;
			return g_weekday(d) != 7 && !g_is_holiday(d);
		}
	return 0;
}

int g_stay_in(const struct g_stay *s, ej_day d)
{
	return (s->from == EJ_DAY_NONE || d >= s->from) && (s->to == EJ_DAY_NONE || d < s->to);
}

int g_pair_end(int pair)
{
	static const int end[] = { 0, 600, 700, 820, 920, 1020, 1120, 1220 };

	return pair >= 1 && pair <= 7 ? end[pair] : 1220;
}

/* ---- string pool -------------------------------------------------------- */

static uint32_t pool_add(struct g_world *w, const char *s)
{
	size_t n = strlen(s) + 1;
	uint32_t off;

	if (!*s)
		return 0;
	if (w->plen + n > w->pcap) {
		w->pcap = w->pcap ? w->pcap * 2 : 1 << 16;
		while (w->plen + n > w->pcap)
			w->pcap *= 2;
		w->pool = ej_realloc(w->pool, w->pcap);
	}
	off = (uint32_t)w->plen;
	memcpy(w->pool + w->plen, s, n);
	w->plen += n;
	return off;
}

const char *g_str(const struct g_world *w, uint32_t off)
{
	return off ? w->pool + off : "";
}

/* ---- name uniqueness ---------------------------------------------------- */

struct hset {
	uint64_t *v;
	size_t cap, n;
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h ? h : 1;
}

/* Insert; returns 0 when already present. */
static int hset_add(struct hset *h, const char *s)
{
	uint64_t k = fnv(s);
	size_t i;

	if ((h->n + 1) * 2 > h->cap) {
		struct hset nh = { 0 };
		size_t j;

		nh.cap = h->cap ? h->cap * 2 : 1024;
		nh.v = ej_calloc(nh.cap, sizeof(uint64_t));
		for (j = 0; j < h->cap; j++)
			if (h->v[j]) {
				i = h->v[j] & (nh.cap - 1);
				while (nh.v[i])
					i = (i + 1) & (nh.cap - 1);
				nh.v[i] = h->v[j];
				nh.n++;
			}
		free(h->v);
		*h = nh;
	}
	i = k & (h->cap - 1);
	while (h->v[i]) {
		if (h->v[i] == k)
			return 0;
		i = (i + 1) & (h->cap - 1);
	}
	h->v[i] = k;
	h->n++;
	return 1;
}

/* ---- growth helpers ----------------------------------------------------- */

static struct g_occ *new_occ(struct g_world *w)
{
	struct g_occ *o;

	EJ_GROW(w->occs, w->nocc + 1, w->aocc);
	o = &w->occs[w->nocc++];
	memset(o, 0, sizeof(*o));
	o->subst = -1;
	return o;
}

static struct g_cell *new_cell(struct g_world *w)
{
	struct g_cell *c;

	EJ_GROW(w->cells, w->ncells + 1, w->acells);
	c = &w->cells[w->ncells++];
	memset(c, 0, sizeof(*c));
	c->mod_min = -1;
	c->occ = -1;
	return c;
}

static struct g_find *add_find(struct g_world *w, const char *rule, const char *sev,
			       int gd, int grp, int st, ej_day date, const char *note)
{
	struct g_find *f;

	EJ_GROW(w->finds, w->nfinds + 1, w->afinds);
	f = &w->finds[w->nfinds++];
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->sev = sev;
	f->gd = gd;
	f->grp = gd >= 0 ? w->gds[gd].grp : grp;
	f->st = st;
	f->teacher = gd >= 0 ? w->gds[gd].teacher[0] : -1;
	f->date = date;
	snprintf(f->note, sizeof(f->note), "%s", note);
	return f;
}

/* ---- people and groups -------------------------------------------------- */

static int area_dept(int area)
{
	switch (area) {
	case AR_INF: case AR_OS: case AR_PROG: case AR_DB: case AR_SE:
		return 0;
	case AR_ECON: case AR_GRAPH: case AR_MECH: case AR_MACH: case AR_PRACT:
		return 1;
	default:
		return 2;
	}
}

/* A new teacher of a subject area, with a name unique in full and short form. */
static int add_teacher(struct g_world *w, struct hset *names, int area)
{
	struct g_teacher *t;
	struct ej_person_name nm;
	int female = ej_rng_chance(&w->rng, 0.7);

	w->teachers = ej_reallocarray(w->teachers, (size_t)w->nteachers + 1, sizeof(*t));
	t = &w->teachers[w->nteachers];
	memset(t, 0, sizeof(*t));
	do {
		ej_name_draw(&w->rng, female, &nm);
		ej_name_short(&nm, t->shortn, sizeof(t->shortn));
		ej_name_full(&nm, t->full, sizeof(t->full));
	} while (!hset_add(names, t->shortn) || !hset_add(names, t->full));
	snprintf(t->id, sizeof(t->id), "%05d", (17 + w->nteachers * 3) % 100000);
	t->area = area;
	t->dept = area_dept(area);
	return w->nteachers++;
}

/* The least-loaded teacher of an area other than `not`, creating one when
** all carry six or more assignments. */
static int pick_teacher(struct g_world *w, struct hset *names, int area, int not)
{
	int i, best = -1;

	for (i = 0; i < w->nteachers; i++)
		if (w->teachers[i].area == area && i != not &&
		    (best < 0 || w->teachers[i].load < w->teachers[best].load))
			best = i;
	if (best < 0 || w->teachers[best].load >= 6)
		best = add_teacher(w, names, area);
	w->teachers[best].load++;
	return best;
}

static int add_stay(struct g_world *w, int st, int grp, int sub, ej_day from, ej_day to)
{
	struct g_stay *s;

	EJ_GROW(w->stays, w->nstays + 1, w->astays);
	s = &w->stays[w->nstays];
	s->st = st;
	s->grp = grp;
	s->sub = sub;
	s->from = from;
	s->to = to;
	return w->nstays++;
}

/* A new student: unique full name, birth in 2010, an ability 2.9–4.9 that
** centres their marks, and the phase of their every-third-lesson mark. */
static int new_student(struct g_world *w, struct hset *names)
{
	struct g_student *s;
	int female = ej_rng_chance(&w->rng, 0.45);
	int y = 2010 - 0, m, d;

	w->students = ej_reallocarray(w->students, (size_t)w->nstudents + 1, sizeof(*s));
	s = &w->students[w->nstudents];
	memset(s, 0, sizeof(*s));
	do {
		ej_name_draw(&w->rng, female, &s->nm);
		ej_name_full(&s->nm, s->full, sizeof(s->full));
	} while (!hset_add(names, s->full));
	snprintf(s->id, sizeof(s->id), "%06d", 250001 + w->nstudents);
	m = ej_rng_range(&w->rng, 1, 12);
	d = ej_rng_range(&w->rng, 1, 28);
	s->birth = g_day(y, m, d);
	s->ability = 2.9 + 2.0 * ej_rng_unit(&w->rng);
	s->off = (int)ej_rng_below(&w->rng, 3);
	s->sparse_gd = -1;
	s->allmark_grp = -1;
	s->g03_gd = -1;
	return w->nstudents++;
}

static const struct g_world *cmp_w;

static int cmp_stay_name(const void *a, const void *b)
{
	const struct g_stay *x = &cmp_w->stays[*(const int *)a];
	const struct g_stay *y = &cmp_w->stays[*(const int *)b];

	return strcmp(cmp_w->students[x->st].full, cmp_w->students[y->st].full);
}

/* Short forms «Фамилия И. О.» must be unique within a group. */
static int short_clash(const struct g_world *w, int grp, const struct g_student *s, int from)
{
	char a[96], b[96];
	int i;

	ej_name_short(&s->nm, a, sizeof(a));
	for (i = from; i < w->nstays; i++) {
		const struct g_stay *o = &w->stays[i];

		if (o->grp != grp || &w->students[o->st] == s)
			continue;
		ej_name_short(&w->students[o->st].nm, b, sizeof(b));
		if (!strcmp(a, b))
			return 1;
	}
	return 0;
}

/* Groups by specialty and course («ИСП-21»), each with 22–28 students
** (24–27 in the small college), all there from the year's start. */
static void build_groups(struct g_world *w, struct hset *names)
{
	static const int small[][2] = { { 0, 1 }, { 0, 2 }, { 0, 3 }, { 1, 2 } };
	int ng = w->size == EJ_GEN_SMALL ? 4 : w->size == EJ_GEN_MEDIUM ? 30 : 120;
	int g, k, c, sp, i, n, first;

	w->groups = ej_calloc((size_t)ng, sizeof(struct g_group));
	if (w->size == EJ_GEN_SMALL) {
		for (g = 0; g < ng; g++) {
			w->groups[g].spec = small[g][0];
			w->groups[g].course = small[g][1];
			snprintf(w->groups[g].name, sizeof(w->groups[g].name), "%s-%d1",
				 ej_cat_specialties[small[g][0]].abbr, small[g][1]);
		}
		w->ngroups = ng;
	}
	for (k = 1; w->ngroups < ng; k++)
		for (c = 1; c <= 4 && w->ngroups < ng; c++)
			for (sp = 0; sp < (int)ej_cat_nspecialties && w->ngroups < ng; sp++) {
				struct g_group *gr = &w->groups[w->ngroups++];

				gr->spec = sp;
				gr->course = c;
				snprintf(gr->name, sizeof(gr->name), "%s-%d%d",
					 ej_cat_specialties[sp].abbr, c, k);
			}
	for (g = 0; g < w->ngroups; g++) {
		n = w->size == EJ_GEN_SMALL ? ej_rng_range(&w->rng, 24, 27)
					    : ej_rng_range(&w->rng, 22, 28);
		first = w->nstays;
		for (i = 0; i < n; i++) {
			int st;

			do {
				st = new_student(w, names);
				if (short_clash(w, g, &w->students[st], first))
					st = -1, w->nstudents--;
			} while (st < 0);
			add_stay(w, st, g, 0, EJ_DAY_NONE, EJ_DAY_NONE);
		}
	}
}

/* Index the stays of each group alphabetically and split into subgroups. */
static void index_stays(struct g_world *w)
{
	int g, i;

	for (g = 0; g < w->ngroups; g++) {
		struct g_group *gr = &w->groups[g];

		free(gr->stays);
		gr->stays = NULL;
		gr->nstays = 0;
		for (i = 0; i < w->nstays; i++)
			if (w->stays[i].grp == g) {
				gr->stays = ej_reallocarray(gr->stays, (size_t)gr->nstays + 1, sizeof(int));
				gr->stays[gr->nstays++] = i;
			}
		cmp_w = w;
		ej_qsort(gr->stays, (size_t)gr->nstays, sizeof(int), cmp_stay_name);
		for (i = 0; i < gr->nstays; i++) {
			struct g_stay *s = &w->stays[gr->stays[i]];

			s->local = i;
			if (s->sub == 0)
				s->sub = i < (gr->nstays + 1) / 2 ? 1 : 2;
		}
	}
}

/* Movements: transfers at the start of semester 2 (one carries the D01
** plant) and in May (one carries the G03 plant), late enrolment, expulsion. */
static void move_students(struct g_world *w, int *xfer_jan, int *xfer_may, int nx)
{
	int i, g, tries;

	for (i = 0; i < 2 * nx; i++) {
		int may = i >= nx, ga = -1, gb = -1, sidx, st, from;
		ej_day when = may ? g_day(2026, 5, 18) : g_day(2026, 1, 12);

		for (tries = 0; tries < 1000 && gb < 0; tries++) {
			ga = (int)ej_rng_below(&w->rng, (uint32_t)w->ngroups);
			for (g = 0; g < w->ngroups; g++) {
				int cand = (ga + 1 + g) % w->ngroups;

				if (cand != ga && w->groups[cand].course == w->groups[ga].course) {
					gb = cand;
					break;
				}
			}
		}
		if (gb < 0)
			break;
		/* a plain student of ga, not yet moved */
		for (tries = 0; tries < 1000; tries++) {
			sidx = (int)ej_rng_below(&w->rng, (uint32_t)w->nstays);
			if (w->stays[sidx].grp == ga && w->stays[sidx].to == EJ_DAY_NONE &&
			    w->stays[sidx].from == EJ_DAY_NONE && !w->students[w->stays[sidx].st].special)
				break;
		}
		if (tries == 1000)
			continue;
		st = w->stays[sidx].st;
		if (short_clash(w, gb, &w->students[st], 0))
			continue;
		w->students[st].special = 1;
		w->stays[sidx].to = when;
		from = add_stay(w, st, gb, 1 + (int)ej_rng_below(&w->rng, 2), when, EJ_DAY_NONE);
		(void)from;
		if (may)
			xfer_may[i - nx] = st;
		else
			xfer_jan[i] = st;
	}
	/* late enrolment and expulsion: one each per six groups */
	for (g = 0; g < w->ngroups; g += 6) {
		for (i = 0; i < w->nstays; i++) {
			struct g_stay *s = &w->stays[i];

			if (s->grp == g && !w->students[s->st].special && s->from == EJ_DAY_NONE) {
				s->from = g_day(2025, 9, 22);
				w->students[s->st].special = 1;
				break;
			}
		}
		for (i = w->nstays - 1; i >= 0; i--) {
			struct g_stay *s = &w->stays[i];

			if (s->grp == g && !w->students[s->st].special && s->to == EJ_DAY_NONE) {
				s->to = g_day(2026, 3, 16);
				w->students[s->st].special = 1;
				break;
			}
		}
	}
}

/* ---- curricula, teachers, timetable ------------------------------------ */

static void build_gds(struct g_world *w, struct hset *names)
{
	int g, j, best, i;

	for (g = 0; g < w->ngroups; g++) {
		struct g_group *gr = &w->groups[g];
		size_t n, k;
		const struct cat_disc *prof = ej_cat_profile(ej_cat_specialties[gr->spec].family,
							     gr->course, &n);

		gr->gd0 = w->ngds;
		gr->ngd = (int)n;
		w->gds = ej_reallocarray(w->gds, (size_t)w->ngds + n, sizeof(struct g_gd));
		for (k = 0; k < n; k++) {
			struct g_gd *d = &w->gds[w->ngds++];

			memset(d, 0, sizeof(*d));
			d->grp = g;
			d->cd = &prof[k];
			d->nsub = (prof[k].flags & CD_SUB) ? 2 : 1;
			d->teacher[0] = pick_teacher(w, names, prof[k].area, -1);
			d->teacher[1] = d->nsub == 2 ?
				pick_teacher(w, names, prof[k].area, d->teacher[0]) : -1;
			d->theory_kind = (int)ej_rng_below(&w->rng, 3);
		}
		/* curator: the least-burdened teacher of the group */
		best = -1;
		for (j = gr->gd0; j < gr->gd0 + gr->ngd; j++) {
			i = w->gds[j].teacher[0];
			if (best < 0 || w->teachers[i].curated < w->teachers[best].curated)
				best = i;
		}
		gr->curator = best;
		w->teachers[best].curated++;
	}
}

/* Weekly timetable of each group and semester: pairs from the first one,
** days balanced, a discipline once a day where possible, a teacher in one
** place at a time where possible. */
static void build_templates(struct g_world *w)
{
	uint32_t *busy = ej_calloc((size_t)w->nteachers * 2, sizeof(uint32_t));
	int g, s, i, j, k;

	for (g = 0; g < w->ngroups; g++) {
		struct g_group *gr = &w->groups[g];

		for (s = 0; s < 2; s++) {
			int order[32], n = 0;

			for (i = 0; i < 6; i++)
				for (j = 0; j < 5; j++)
					gr->tmpl[s][i][j] = -1;
			for (i = gr->gd0; i < gr->gd0 + gr->ngd; i++)
				if (w->gds[i].cd->slots[s] > 0)
					order[n++] = i;
			/* most pairs first */
			for (i = 1; i < n; i++)
				for (j = i; j > 0 && w->gds[order[j]].cd->slots[s] >
						     w->gds[order[j - 1]].cd->slots[s]; j--) {
					int t = order[j];

					order[j] = order[j - 1];
					order[j - 1] = t;
				}
			for (i = 0; i < n; i++) {
				struct g_gd *d = &w->gds[order[i]];

				for (k = 0; k < d->cd->slots[s]; k++) {
					int start = (int)ej_rng_below(&w->rng, 6), pass, q, p;
					int best = -1, bestp = -1, bestc = 99;

					/* pass 0: the day's next pair, teacher free, not twice a day;
					** 1: twice a day allowed; 2: a later pair (a gap) with the
					** teacher free; 3: the next pair, teacher or not */
					for (pass = 0; pass < 4 && best < 0; pass++)
						for (q = 0; q < 6; q++) {
							int day = (start + q) % 6, dup = 0, t, c = 0;

							for (t = 0; t < 5; t++) {
								dup |= gr->tmpl[s][day][t] == order[i];
								c += gr->tmpl[s][day][t] >= 0;
							}
							if (dup && pass == 0)
								continue;
							for (p = 0; p < 5 && gr->tmpl[s][day][p] >= 0; p++)
								;
							for (; p < (pass == 2 ? 5 : pass == 0 ? 4 : 5); p++) {
								uint32_t bit = 1u << (day * 5 + p);

								if (gr->tmpl[s][day][p] >= 0)
									continue;
								if (pass < 3 && ((busy[d->teacher[0] * 2 + s] & bit) ||
										 (d->nsub == 2 && (busy[d->teacher[1] * 2 + s] & bit))))
									continue;
								if (c < bestc) {
									bestc = c;
									best = day;
									bestp = p;
								}
								break;
							}
						}
					if (best >= 0) {
						uint32_t bit = 1u << (best * 5 + bestp);

						gr->tmpl[s][best][bestp] = order[i];
						busy[d->teacher[0] * 2 + s] |= bit;
						if (d->nsub == 2)
							busy[d->teacher[1] * 2 + s] |= bit;
					}
				}
			}
		}
	}
	/* close the gaps («окна») where the teachers are free earlier */
	for (g = 0; g < w->ngroups; g++)
		for (s = 0; s < 2; s++)
			for (i = 0; i < 6; i++)
				for (j = 0; j < 5; j++) {
					int *t = w->groups[g].tmpl[s][i];

					if (t[j] >= 0)
						continue;
					for (k = j + 1; k < 5; k++) {
						const struct g_gd *d;
						uint32_t from, to;

						if (t[k] < 0)
							continue;
						d = &w->gds[t[k]];
						from = 1u << (i * 5 + k);
						to = 1u << (i * 5 + j);
						if ((busy[d->teacher[0] * 2 + s] & to) ||
						    (d->nsub == 2 && (busy[d->teacher[1] * 2 + s] & to)))
							continue;
						busy[d->teacher[0] * 2 + s] = (busy[d->teacher[0] * 2 + s] & ~from) | to;
						if (d->nsub == 2)
							busy[d->teacher[1] * 2 + s] = (busy[d->teacher[1] * 2 + s] & ~from) | to;
						t[j] = t[k];
						t[k] = -1;
						break;
					}
				}
	free(busy);
}

/* ---- choosing where to plant ------------------------------------------- */

#define N_WHOLE   1      /* not taught in subgroups */
#define N_SUB     2      /* taught in subgroups */
#define N_PRAC    4      /* has practical or lab works (not a practice) */
#define N_SEM0    8      /* taught in semester 1 */
#define N_SEM1   16      /* taught in semester 2 */
#define N_TWO    32      /* two or more pairs a week whenever taught */
#define N_ONE1   64      /* exactly one pair a week in semester 2 */
#define N_NOTOUD 128     /* no year final (not ОУД) */
#define N_ATT0   256     /* graded attestation in semester 1 */
#define N_ATT1   512     /* … in semester 2 */
#define N_THEORY 1024    /* has theory lessons (not a practice or sport) */

#define O_TOUCH 2048     /* an occurrence already used by a plant */
#define MAXGD 16         /* disciplines of a group, at most */

static int gd_ok(const struct g_world *w, int i, int need, int grp)
{
	const struct g_gd *d = &w->gds[i];
	const struct cat_disc *c = d->cd;

	if (grp >= 0 && d->grp != grp)
		return 0;
	if ((need & N_WHOLE) && d->nsub != 1)
		return 0;
	if ((need & N_SUB) && d->nsub != 2)
		return 0;
	if ((need & N_PRAC) && (!(c->flags & (CD_PRAC | CD_LAB)) || (c->flags & CD_ALLPR)))
		return 0;
	if ((need & N_SEM0) && c->slots[0] == 0)
		return 0;
	if ((need & N_SEM1) && c->slots[1] == 0)
		return 0;
	if ((need & N_TWO) && ((c->slots[0] && c->slots[0] < 2) || (c->slots[1] && c->slots[1] < 2)))
		return 0;
	if ((need & N_ONE1) && c->slots[1] != 1)
		return 0;
	if ((need & N_NOTOUD) && !strncmp(c->index, "ОУД", strlen("ОУД")))
		return 0;
	if ((need & N_ATT0) && (c->att[0] == ATT_NONE || c->att[0] == ATT_CREDIT))
		return 0;
	if ((need & N_ATT1) && (c->att[1] == ATT_NONE || c->att[1] == ATT_CREDIT))
		return 0;
	if ((need & N_THEORY) && (c->flags & CD_ALLPR))
		return 0;
	return 1;
}

/* Candidate gds in a seeded order: untouched ones first, then those that
** can share (no exclusive plant, not the same class).  Returns the count. */
static int gd_candidates(struct g_world *w, int need, int cls, int grp, int *out)
{
	int n = 0, pass, k, start = (int)ej_rng_below(&w->rng, (uint32_t)w->ngds);

	for (pass = 0; pass < 2; pass++) {
		if (pass == 1 && cls == R_EXCL)
			break;
		for (k = 0; k < w->ngds; k++) {
			/* a stride prime to ngds (< 7919) visits every gd once, spread out */
			int i = (int)(((long)start + (long)k * 7919) % w->ngds);
			int r = w->gds[i].res;

			if (!gd_ok(w, i, need, grp))
				continue;
			if (pass == 0 && r != 0)
				continue;
			if (pass == 1 && (r == 0 || (r & R_EXCL) || (r & cls)))
				continue;
			out[n++] = i;
		}
	}
	return n;
}

struct extra {
	int gd, pair, flags;
	ej_day date;
};

/* Occurrences of a gd (sub 0 or 1 only), chronological. */
struct seq {
	int *idx;
	int n;
};

static struct seq *gd_seqs(struct g_world *w)
{
	struct seq *q = ej_calloc((size_t)w->ngds, sizeof(*q));
	size_t i;

	for (i = 0; i < w->nocc; i++) {
		struct g_occ *o = &w->occs[i];
		struct seq *s = &q[o->gd];

		if (o->sub > 1)
			continue;
		s->idx = ej_reallocarray(s->idx, (size_t)s->n + 1, sizeof(int));
		s->idx[s->n++] = (int)i;
	}
	return q;
}

static void free_seqs(struct g_world *w, struct seq *q)
{
	int i;

	for (i = 0; q && i < w->ngds; i++)
		free(q[i].idx);
	free(q);
}

/* An untouched held occurrence of gd matching sem (-1 any) and type (-1
** any), dated at most `latest`, around a random position of the sequence. */
static int find_occ(struct g_world *w, const struct seq *q, int gd, int sem, int type,
		    ej_day latest, int avoid)
{
	const struct seq *s = &q[gd];
	int k, start;

	if (s->n == 0)
		return -1;
	start = (int)(s->n * (0.2 + 0.6 * ej_rng_unit(&w->rng)));
	for (k = 0; k < s->n; k++) {
		int i = s->idx[(start + k) % s->n];
		struct g_occ *o = &w->occs[i];

		if (!(o->flags & O_HELD) || !(o->flags & O_PLAN) || (o->flags & (O_TOUCH | avoid)))
			continue;
		if ((sem >= 0 && o->sem != sem) || (type >= 0 && o->type != type))
			continue;
		if (o->date > latest)
			continue;
		return i;
	}
	return -1;
}

/* The same lesson of the other subgroup, or -1. */
static int twin_occ(const struct g_world *w, int i)
{
	const struct g_occ *o = &w->occs[i];
	size_t k;

	for (k = (size_t)i + 1; k < w->nocc && w->occs[k].date == o->date; k++)
		if (w->occs[k].gd == o->gd && w->occs[k].pair == o->pair && w->occs[k].sub != o->sub)
			return (int)k;
	return -1;
}

/* ---- lessons ------------------------------------------------------------ */

static void add_occs(struct g_world *w, int gd, int sem, ej_day d, int pair, int flags)
{
	const struct g_gd *g = &w->gds[gd];
	int sub;

	for (sub = g->nsub == 2 ? 1 : 0; sub <= (g->nsub == 2 ? 2 : 0); sub++) {
		struct g_occ *o = new_occ(w);

		o->gd = gd;
		o->sub = (int8_t)sub;
		o->sem = (int8_t)sem;
		o->pair = (int8_t)pair;
		o->date = d;
		o->flags = flags;
		o->plan_h = o->held_h = 2;
		o->teacher = g->teacher[sub == 2 ? 1 : 0];
		o->wno = (d - w->sem_from[sem]) / 7 + 1;
	}
}

/* Unroll the weekly timetable over both semesters, school days only, plus
** the extras (Sunday lesson, unrecorded pair); in date, group, pair order. */
static void build_occs(struct g_world *w, const struct extra *ex, int nex)
{
	int s, g, p, e;
	ej_day d;

	for (s = 0; s < 2; s++)
		for (d = w->sem_from[s]; d <= w->sem_to[s]; d++) {
			int school = g_is_school_day(w, d, NULL), wd = g_weekday(d);

			for (g = 0; g < w->ngroups; g++) {
				if (school && wd <= 6)
					for (p = 0; p < 5; p++) {
						int gd = w->groups[g].tmpl[s][wd - 1][p];

						if (gd >= 0)
							add_occs(w, gd, s, d, p + 1,
								 O_PLAN | O_SCHED | O_HELD);
					}
				for (e = 0; e < nex; e++)
					if (ex[e].date == d && w->gds[ex[e].gd].grp == g)
						add_occs(w, ex[e].gd, s, d, ex[e].pair, ex[e].flags);
			}
		}
}

/* Homework for a lesson of the given type; "" for control works (F02
** does not apply to them).  The result lives in buf or is static. */
static const char *homework_text(struct g_world *w, char *buf, size_t n, int type, int pno, int pe)
{
	const char *f;
	int a = ej_rng_range(&w->rng, 2, 40);

	switch (type) {
	case LT_CONTROL:
		return "";
	case LT_PRACTICAL:
		if (pe)
			return ej_rng_chance(&w->rng, 0.5) ? "Повторить технику выполнения упражнений"
							   : "Комплекс упражнений для утренней гимнастики";
		snprintf(buf, n, "Оформить отчёт по практической работе №%d", pno);
		return buf;
	case LT_LAB:
		snprintf(buf, n, "Оформить отчёт по лабораторной работе №%d, ответить на контрольные вопросы", pno);
		return buf;
	default:
		f = ej_cat_homework[ej_rng_below(&w->rng, (uint32_t)ej_cat_nhomework)];
		snprintf(buf, n, f, a, a + ej_rng_range(&w->rng, 2, 6));
		return buf;
	}
}

/* Types, topics and homework of the planned lessons of one gd and semester
** (subgroup 1's sequence; subgroup 2 copies it). */
static void type_sequence(struct g_world *w, const struct seq *q, int gd, int sem, int *pno)
{
	const struct g_gd *g = &w->gds[gd];
	const struct cat_disc *c = g->cd;
	const struct cat_area_topics *a = ej_cat_area(c->area);
	const char *const *T = a->theory;
	int *L = NULL, n = 0, k, m = 0, np = 0, nc = 0, nth = 0, th = 0, t0, t1, prev = -1;
	int pe = c->area == AR_PE;
	char buf[512], hw[256];

	while (T[m])
		m++;
	while (a->practical[np])
		np++;
	while (a->control[nc])
		nc++;
	for (k = 0; k < q[gd].n; k++) {
		struct g_occ *o = &w->occs[q[gd].idx[k]];

		if (o->sem == sem && (o->flags & O_PLAN))
			L = ej_reallocarray(L, (size_t)n + 1, sizeof(int)), L[n++] = q[gd].idx[k];
	}
	if (n == 0)
		goto done;
	/* the theory topics of this semester */
	t0 = 0;
	t1 = m;
	if (c->slots[0] && c->slots[1] && m >= 4) {
		t0 = sem == 0 ? 0 : m / 2;
		t1 = sem == 0 ? m / 2 : m;
	}
	{
		int nplan = 0;

		for (k = 0; k < n; k++)
			if (w->occs[L[k]].flags & O_PLAN)
				nplan++;
		for (k = 0; k < n; k++) {
			struct g_occ *o = &w->occs[L[k]];
			int pos = k, type = LT_THEORY;

			if (c->flags & CD_ALLPR) {
				type = LT_PRACTICAL;
				if (pos == nplan - 1 || (pe && nplan >= 12 && pos == nplan / 2))
					type = LT_CONTROL;
			} else {
				if (pos == nplan - 1 || (nplan >= 12 && pos == nplan / 2))
					type = LT_CONTROL;
				else if (pos % 3 == 2 && (c->flags & (CD_PRAC | CD_LAB | CD_SEM)))
					type = (c->flags & CD_LAB) ? LT_LAB :
					       (c->flags & CD_SEM) ? LT_SEMINAR : LT_PRACTICAL;
			}
			o->type = (int8_t)type;
			if (type == LT_THEORY || (pe && type == LT_PRACTICAL))
				nth++;
		}
	}
	for (k = 0; k < n; k++) {
		struct g_occ *o = &w->occs[L[k]];
		int j;

		switch (o->type) {
		case LT_THEORY:
		case LT_PRACTICAL:
			if (o->type == LT_THEORY || pe) {
				j = t0 + (int)((long)th * (t1 - t0) / (nth ? nth : 1));
				if (j >= t1)
					j = t1 - 1;
				snprintf(buf, sizeof(buf), "%s%s", T[j], j == prev ? " (продолжение)" : "");
				prev = j;
				th++;
				o->topic = pool_add(w, buf);
				break;
			}
			o->pno = ++pno[0];
			snprintf(buf, sizeof(buf), "Практическая работа №%d. %s", o->pno,
				 a->practical[(o->pno - 1) % np]);
			o->topic = pool_add(w, buf);
			break;
		case LT_LAB:
			o->pno = ++pno[1];
			snprintf(buf, sizeof(buf), "Лабораторная работа №%d. %s", o->pno,
				 a->practical[(o->pno - 1) % np]);
			o->topic = pool_add(w, buf);
			break;
		case LT_SEMINAR:
			snprintf(buf, sizeof(buf), "Семинар: %s", a->practical[(pno[3]++) % np]);
			o->topic = pool_add(w, buf);
			break;
		case LT_CONTROL:
			o->pno = ++pno[2];
			if (c->flags & CD_ALLPR)
				snprintf(buf, sizeof(buf), "Зачётная работа. %s", a->control[(o->pno - 1) % nc]);
			else
				snprintf(buf, sizeof(buf), "Контрольная работа №%d по теме «%s»", o->pno,
					 a->control[(o->pno - 1) % nc]);
			o->topic = pool_add(w, buf);
			break;
		}
		o->ltopic = o->topic;
		o->hw = o->lhw = pool_add(w, homework_text(w, hw, sizeof(hw), o->type, o->pno, pe));
	}
done:
	free(L);
}

/* Copy subgroup 1's types and topics to subgroup 2 and number the plan. */
static void finish_occs(struct g_world *w)
{
	size_t i;
	int *no = ej_calloc((size_t)w->ngds * 3, sizeof(int));

	for (i = 0; i < w->nocc; i++) {
		struct g_occ *o = &w->occs[i];

		if (o->sub == 2) {
			int t = -1;
			size_t k;

			for (k = i; k-- > 0 && w->occs[k].date == o->date;)
				if (w->occs[k].gd == o->gd && w->occs[k].pair == o->pair && w->occs[k].sub == 1) {
					t = (int)k;
					break;
				}
			if (t >= 0) {
				struct g_occ *p = &w->occs[t];

				o->type = p->type;
				o->topic = p->topic;
				o->ltopic = p->ltopic;
				o->hw = p->hw;
				o->lhw = p->lhw;
				o->pno = p->pno;
			}
		}
		if (o->flags & O_PLAN)
			o->no = ++no[o->gd * 3 + o->sub];
	}
	free(no);
}

static int cmp_occ(const void *a, const void *b)
{
	const struct g_occ *x = a, *y = b;
	int gx = cmp_w->gds[x->gd].grp, gy = cmp_w->gds[y->gd].grp;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (gx != gy)
		return gx < gy ? -1 : 1;
	if (x->pair != y->pair)
		return x->pair < y->pair ? -1 : 1;
	return x->sub - y->sub;
}

/* Another teacher for a substitution: same subject area where possible. */
static int other_teacher(struct g_world *w, int gd, int not2)
{
	const struct g_gd *g = &w->gds[gd];
	int start = (int)ej_rng_below(&w->rng, (uint32_t)w->nteachers), k, pass;

	for (pass = 0; pass < 2; pass++)
		for (k = 0; k < w->nteachers; k++) {
			int t = (start + k) % w->nteachers;

			if (t == g->teacher[0] || t == g->teacher[1] || t == not2)
				continue;
			if (pass == 0 && w->teachers[t].area != g->cd->area)
				continue;
			return t;
		}
	return -1;
}

/* Free pair number after the group's last pair of that day. */
static int free_pair(const struct g_world *w, int grp, ej_day d)
{
	size_t i;
	int p = 5;

	for (i = 0; i < w->nocc; i++)
		if (w->occs[i].date == d && w->gds[w->occs[i].gd].grp == grp && w->occs[i].pair >= p)
			p = w->occs[i].pair + 1;
	return p;
}

/* ---- the journal cells -------------------------------------------------- */

static int draw_mark(struct g_world *w, double ability)
{
	double x = ability + (ej_rng_unit(&w->rng) + ej_rng_unit(&w->rng) +
			      ej_rng_unit(&w->rng) - 1.5) * 1.3;
	int v = (int)(x + 0.5);

	return v < 2 ? 2 : v > 5 ? 5 : v;
}

/* «Вид работы» of a mark at a lesson of this type. */
static int kind_of(struct g_world *w, int type)
{
	static const int theory[] = { MK_ORAL, MK_CLASS, MK_CLASS, MK_HOME, MK_SELF };

	switch (type) {
	case LT_PRACTICAL: return MK_PRAC;
	case LT_LAB: return MK_LAB;
	case LT_CONTROL: return MK_CONTROL;
	case LT_SEMINAR: return MK_SEMINAR;
	default: return theory[ej_rng_below(&w->rng, COUNT(theory))];
	}
}

/* When the value of a cell was entered: on the lesson day after the pair;
** written works' marks sometimes up to 6 days later (grace is 7). */
static void stamp(struct g_world *w, struct g_cell *c, const struct g_occ *o, int is_mark)
{
	int end = g_pair_end(o->pair);

	c->rec_days = 0;
	if (o->date == w->export_day)
		c->rec_min = (int16_t)(end + ej_rng_range(&w->rng, 5, 30));
	else
		c->rec_min = (int16_t)(end + ej_rng_range(&w->rng, 5, 170));
	if (is_mark && (o->type == LT_PRACTICAL || o->type == LT_LAB || o->type == LT_CONTROL) &&
	    !(o->flags & O_ASTHEORY) && o->date + 9 < w->export_day && ej_rng_chance(&w->rng, 0.3)) {
		c->rec_days = (int8_t)ej_rng_range(&w->rng, 1, 6);
		c->rec_min = (int16_t)ej_rng_range(&w->rng, 9 * 60, 21 * 60);
	} else if (is_mark && ej_rng_chance(&w->rng, 0.03)) {
		c->mod_days = 0;
		c->mod_min = (int16_t)(c->rec_min + ej_rng_range(&w->rng, 3, 90));
		if (o->date == w->export_day && c->mod_min > 17 * 60 + 50)
			c->mod_min = 17 * 60 + 50;
		if (c->mod_min > 23 * 60 + 55)
			c->mod_min = 23 * 60 + 55;
	}
}

/* Fill c with one grade (two when `two`, as in «5/4») at occurrence o. */
static void put_mark(struct g_world *w, struct g_cell *c, const struct g_occ *o,
		     const struct g_student *s, int two)
{
	c->v[0] = (uint8_t)draw_mark(w, s->ability);
	c->nv = 1;
	if (two) {
		c->v[1] = (uint8_t)draw_mark(w, s->ability);
		c->nv = 2;
	}
	c->kind = (uint8_t)kind_of(w, o->type);
	c->weight = o->type == LT_CONTROL ? 2 : 1;
	stamp(w, c, o, 1);
}

/* The journal cells, group by group, lesson by lesson: marks, absences and
** lateness following the rules in the file comment and the student plants
** (sparse A01/A02 students, the G03 transfer). */
static void gen_cells(struct g_world *w)
{
	int g;

	for (g = 0; g < w->ngroups; g++) {
		struct g_group *gr = &w->groups[g];
		int *cnt = ej_calloc((size_t)gr->nstays * (size_t)gr->ngd + 1, sizeof(int));
		size_t i;
		int j;

		gr->cell0 = w->ncells;
		for (i = 0; i < w->nocc; i++) {
			struct g_occ *o = &w->occs[i];

			if (w->gds[o->gd].grp != g)
				continue;
			o->c0 = o->c1 = w->ncells;
			if (!(o->flags & O_HELD))
				continue;
			for (j = 0; j < gr->nstays; j++) {
				const struct g_stay *sy = &w->stays[gr->stays[j]];
				const struct g_student *s = &w->students[sy->st];
				int k, mark = 0, absent = 0, late = 0, guar = 0, two = 0;
				double r;
				struct g_cell *c;

				if (!g_stay_in(sy, o->date) || (o->sub && sy->sub != o->sub))
					continue;
				k = cnt[j * gr->ngd + (o->gd - gr->gd0)]++;
				r = ej_rng_unit(&w->rng);
				if (s->allmark_grp == g) {
					mark = s->g03_gd == o->gd ? k < 2 : 1;
					guar = mark;
					/* ill at a control work it would have no mark for (G04) */
					absent = !mark && o->type == LT_CONTROL;
				} else if (s->sparse_gd == o->gd) {
					mark = k % 7 == 0 || o->type == LT_CONTROL;
					guar = mark;
					absent = !mark && r < 0.08 && !(o->flags & O_NOATT);
				} else {
					guar = (k + s->off) % 3 == 0;
					if (o->type == LT_CONTROL) {
						absent = !guar && r < 0.05 && !(o->flags & O_NOATT);
						mark = !absent;
					} else if (guar) {
						mark = 1;
						two = (o->type == LT_PRACTICAL || o->type == LT_LAB) && r < 0.05;
					} else if (r < 0.08 && !(o->flags & O_NOATT)) {
						absent = 1;
					} else if (r < 0.09 && o->type == LT_THEORY && !(o->flags & O_NOATT)) {
						late = 1;
					} else if (r < 0.24) {
						mark = 1;
					}
				}
				if (!mark && !absent && !late)
					continue;
				c = new_cell(w);
				c->occ = (int)i;
				c->gd = o->gd;
				c->stay = gr->stays[j];
				c->date = o->date;
				c->pair = o->pair;
				c->sub = o->sub;
				c->flags = guar ? C_GUAR : 0;
				if (mark) {
					put_mark(w, c, o, s, two);
				} else {
					double u = ej_rng_unit(&w->rng);

					c->v[0] = late ? V_OP : u < 0.5 ? V_N : u < 0.85 ? V_B : V_U;
					c->nv = 1;
					c->weight = 1;
					stamp(w, c, o, 0);
				}
			}
			o->c1 = w->ncells;
		}
		gr->cell1 = w->ncells;
		free(cnt);
	}
}

/* A cell of occ i with a plain extra mark (not the guaranteed one), of a
** student not kept out of plants; NULL if none. */
static struct g_cell *extra_mark_cell(struct g_world *w, int i)
{
	const struct g_occ *o = &w->occs[i];
	size_t k;

	for (k = o->c0; k < o->c1; k++) {
		struct g_cell *c = &w->cells[k];
		const struct g_student *s = &w->students[w->stays[c->stay].st];

		if ((c->flags & (C_GUAR | C_DEL)) || c->nv != 1 || c->v[0] > 5 || s->special ||
		    s->sparse_gd >= 0 || c->rec_days || c->mod_min >= 0)
			continue;
		return c;
	}
	return NULL;
}

/* A plain student present at occ i without any cell there, or -1. */
static int present_without_cell(const struct g_world *w, int i)
{
	const struct g_occ *o = &w->occs[i];
	const struct g_group *gr = &w->groups[w->gds[o->gd].grp];
	int j;
	size_t k;

	for (j = 0; j < gr->nstays; j++) {
		const struct g_stay *sy = &w->stays[gr->stays[j]];
		int has = 0;

		if (!g_stay_in(sy, o->date) || (o->sub && sy->sub != o->sub) ||
		    w->students[sy->st].special || w->students[sy->st].sparse_gd >= 0)
			continue;
		for (k = o->c0; k < o->c1; k++)
			if (w->cells[k].stay == gr->stays[j])
				has = 1;
		if (!has)
			return gr->stays[j];
	}
	return -1;
}

/* ---- planting ----------------------------------------------------------- */

static void note_occ(struct g_world *w, const char *rule, const char *sev, int i, int st,
		     const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* A dated finding about occurrence i (and student st, or -1). */
static void note_occ(struct g_world *w, const char *rule, const char *sev, int i, int st,
		     const char *fmt, ...)
{
	struct g_occ *o = &w->occs[i];
	struct g_find *f;
	char note[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(note, sizeof(note), fmt, ap);
	va_end(ap);
	f = add_find(w, rule, sev, o->gd, -1, st, o->date, note);
	f->sub = o->sub;
	f->teacher = o->teacher;
}

/* Extras that must exist before the timetable is unrolled: a Sunday lesson
** (D03), a scheduled pair never recorded (F05), and the grid gds. */
static int plant_extras(struct g_world *w, struct extra *ex)
{
	int *cand = ej_calloc((size_t)w->ngds, sizeof(int));
	int n = 0, i, k, nc;

	for (i = 0; i < w->nplant; i++) {
		ej_day sun = g_day(2025, 10, 12) + 7 * (i % 9);

		nc = gd_candidates(w, N_WHOLE | N_SEM0, R_LESSON, -1, cand);
		if (nc) {
			w->gds[cand[0]].res |= R_LESSON;
			ex[n].gd = cand[0];
			ex[n].date = sun;
			ex[n].pair = 1;
			ex[n].flags = O_PLAN | O_SCHED | O_HELD;
			n++;
		}
	}
	for (i = 0; i < w->nplant; i++) {
		ej_day d = g_day(2026, 3, 17) + i * 2;

		while (!g_is_school_day(w, d, NULL))
			d++;
		nc = gd_candidates(w, N_WHOLE | N_SEM1, R_LESSON, -1, cand);
		if (nc) {
			w->gds[cand[0]].res |= R_LESSON;
			ex[n].gd = cand[0];
			ex[n].date = d;
			ex[n].pair = 5;
			for (k = 0; k < n; k++)
				if (ex[k].date == d && w->gds[ex[k].gd].grp == w->gds[cand[0]].grp &&
				    ex[k].pair >= ex[n].pair)
					ex[n].pair = ex[k].pair + 1;
			ex[n].flags = O_SCHED;
			n++;
		}
	}
	/* later/: the disciplines exported again (T03 history) */
	for (i = 0; i < w->nplant; i++) {
		nc = gd_candidates(w, N_WHOLE | N_SEM1 | N_THEORY, R_EXCL, -1, cand);
		if (nc) {
			w->gds[cand[0]].res |= R_EXCL;
			w->gds[cand[0]].later = 1;
		}
	}
	/* grid files: one or two group × discipline journals */
	for (i = 0; i < (w->size == EJ_GEN_SMALL ? 1 : 2); i++) {
		nc = gd_candidates(w, N_WHOLE | N_PRAC | N_SEM0 | N_SEM1 | N_NOTOUD, R_EXCL, 0, cand);
		if (!nc)
			nc = gd_candidates(w, N_WHOLE | N_SEM0 | N_SEM1 | N_NOTOUD, R_EXCL, -1, cand);
		if (nc) {
			w->gds[cand[0]].res |= R_EXCL;
			w->gds[cand[0]].grid = 1;
		}
	}
	free(cand);
	return n;
}

/* Findings of the extras: the Sunday lesson (D03), the unrecorded pair (F05). */
static void note_extras(struct g_world *w)
{
	size_t i;

	for (i = 0; i < w->nocc; i++) {
		struct g_occ *o = &w->occs[i];
		char d[16];
		int y, m, dd;

		g_ymd(o->date, &y, &m, &dd);
		snprintf(d, sizeof(d), "%02d.%02d.%04d", dd, m, y);
		if ((o->flags & O_HELD) && g_weekday(o->date) == 7)
			note_occ(w, "D03", "warning", (int)i, -1,
				 "Занятие проведено в воскресенье %s (отработка)", d);
		else if ((o->flags & O_SCHED) && !(o->flags & O_HELD))
			note_occ(w, "F05", "error", (int)i, -1,
				 "Пара %d по расписанию %s не заполнена в журнале", o->pair, d);
	}
}

static void fmt_day(ej_day day, char *out, size_t n)
{
	int y, m, d;

	g_ymd(day, &y, &m, &d);
	snprintf(out, n, "%02d.%02d.%04d", d, m, y);
}

/* P01 plant: a second pair on the same topic right after a theory lesson,
** beyond the plan and the curriculum (over-delivery). */
static void plant_p01(struct g_world *w, struct seq *q, int *cand)
{
	int i, k, nc;

	for (i = 0; i < w->nplant; i++) {
		nc = gd_candidates(w, N_WHOLE | N_SEM0, R_HOURS1, -1, cand);
		for (k = 0; k < nc; k++) {
			int oi = find_occ(w, q, cand[k], 0, LT_THEORY, w->sem_to[0], 0), grp;
			struct g_occ *o, *x;
			char d[16];

			if (oi < 0)
				continue;
			/* the gd's last lesson that day */
			while ((size_t)oi + 1 < w->nocc && w->occs[oi + 1].date == w->occs[oi].date &&
			       w->occs[oi + 1].gd == w->occs[oi].gd)
				oi++;
			if (w->occs[oi].type != LT_THEORY)
				continue;
			grp = w->gds[cand[k]].grp;
			w->occs[oi].flags |= O_TOUCH;
			x = new_occ(w);
			o = &w->occs[oi];
			*x = *o;
			x->pair = (int8_t)free_pair(w, grp, o->date);
			x->flags = O_SCHED | O_HELD | O_DUP | O_TOUCH;
			x->no = 0;
			w->gds[cand[k]].res |= R_HOURS1;
			fmt_day(o->date, d, sizeof(d));
			add_find(w, "P01", "error", cand[k], -1, -1, EJ_DAY_NONE,
				 "Проведено часов больше, чем по учебному плану (1 семестр): лишняя пара на ту же тему")
				->teacher = o->teacher;
			break;
		}
	}
}

/* Lesson-level plants: P02–P06 with F01/F04, F02, F03, F06, T01, S01, S02,
** and one correctly noted substitution per group (clean). */
static void plant_lessons(struct g_world *w, struct seq *q, int *cand)
{
	int i, k, nc, j;
	char d[16];

	for (i = 0; i < w->nplant; i++) {
		/* P02: five pairs held as one hour each in semester 2: behind the plan */
		nc = gd_candidates(w, N_WHOLE | N_SEM1, R_HOURS1, -1, cand);
		for (k = 0; k < nc; k++) {
			int got = 0, idx[5];

			for (j = 0; j < 5; j++) {
				idx[j] = find_occ(w, q, cand[k], 1, LT_THEORY, w->export_day - 10, 0);
				if (idx[j] < 0)
					break;
				w->occs[idx[j]].flags |= O_TOUCH;
				got++;
			}
			if (got < 5) {
				for (j = 0; j < got; j++)
					w->occs[idx[j]].flags &= ~O_TOUCH;
				continue;
			}
			for (j = 0; j < 5; j++)
				w->occs[idx[j]].held_h = 1;
			w->gds[cand[k]].res |= R_HOURS1;
			add_find(w, "P02", "warning", cand[k], -1, -1, EJ_DAY_NONE,
				 "Отставание от КТП на 5 ч: пять занятий проведены по 1 часу (2 семестр)");
			add_find(w, "P01", "error", cand[k], -1, -1, EJ_DAY_NONE,
				 "Следствие того же: проведено на 5 ч меньше учебного плана (2 семестр)");
			break;
		}
		/* P03: a plan row of 4 hours for a pair; curriculum = held */
		nc = gd_candidates(w, N_WHOLE | N_SEM0, R_HOURS1, -1, cand);
		for (k = 0; k < nc; k++) {
			int oi = find_occ(w, q, cand[k], 0, LT_THEORY, w->sem_to[0], 0);

			if (oi < 0)
				continue;
			w->occs[oi].flags |= O_TOUCH;
			w->occs[oi].plan_h = 4;
			w->gds[cand[k]].hours_adj[0] = -2;
			w->gds[cand[k]].res |= R_HOURS1;
			add_find(w, "P03", "error", cand[k], -1, -1, EJ_DAY_NONE,
				 "Часы КТП (1 семестр) на 2 ч больше учебного плана: занятие запланировано на 4 ч");
			break;
		}
		/* P04: the curriculum asks for one control work more */
		nc = gd_candidates(w, N_WHOLE | N_SEM1, R_HOURS1, -1, cand);
		if (nc) {
			w->gds[cand[0]].ctl_extra[1] = 1;
			w->gds[cand[0]].res |= R_HOURS1;
			add_find(w, "P04", "error", cand[0], -1, -1, EJ_DAY_NONE,
				 "Контрольных работ проведено меньше, чем требует учебный план (2 семестр)");
		}
		/* P05: a planned practical work held as a theory lesson */
		nc = gd_candidates(w, N_WHOLE | N_PRAC | N_SEM0, R_HOURS1, -1, cand);
		for (k = 0; k < nc; k++) {
			int oi = find_occ(w, q, cand[k], 0, LT_PRACTICAL, w->sem_to[0], 0);

			if (oi < 0)
				oi = find_occ(w, q, cand[k], 0, LT_LAB, w->sem_to[0], 0);
			if (oi < 0)
				continue;
			w->occs[oi].flags |= O_TOUCH | O_ASTHEORY;
			w->gds[cand[k]].res |= R_HOURS1;
			fmt_day(w->occs[oi].date, d, sizeof(d));
			add_find(w, "P05", "warning", cand[k], -1, -1, EJ_DAY_NONE,
				 "Практических/лабораторных часов проведено меньше, чем по КТП: работа проведена как теория")
				->teacher = w->occs[oi].teacher;
			break;
		}
		/* P06 with F01 and F04 in the same discipline */
		nc = gd_candidates(w, N_WHOLE | N_PRAC | N_SEM1, R_EXCL, -1, cand);
		for (k = 0; k < nc; k++) {
			int a = find_occ(w, q, cand[k], 1, LT_THEORY, w->export_day - 10, 0), b, c;
			struct g_occ *o;
			char buf[512];

			if (a < 0)
				continue;
			w->occs[a].flags |= O_TOUCH;
			b = find_occ(w, q, cand[k], 1, LT_THEORY, w->export_day - 10, 0);
			c = find_occ(w, q, cand[k], 1, (w->gds[cand[k]].cd->flags & CD_LAB) ? LT_LAB : LT_PRACTICAL,
				     w->export_day - 10, 0);
			if (b < 0 || c < 0) {
				w->occs[a].flags &= ~O_TOUCH;
				continue;
			}
			w->gds[cand[k]].res |= R_EXCL;
			/* planned topics of their own, so that «never held» does not
			** depend on how a checker treats repeated topics */
			snprintf(buf, sizeof(buf), "Обобщение по теме «%s»", g_str(w, w->occs[a].topic));
			w->occs[a].topic = pool_add(w, buf);
			snprintf(buf, sizeof(buf), "Решение задач по теме «%s»", g_str(w, w->occs[b].topic));
			w->occs[b].topic = pool_add(w, buf);
			o = &w->occs[a];
			o->flags |= O_ODD;
			o->ltopic = pool_add(w, "Подготовка к региональному этапу чемпионата «Профессионалы»");
			fmt_day(o->date, d, sizeof(d));
			note_occ(w, "P06", "warning", a, -1,
				 "Тема занятия %s не соответствует КТП", d);
			add_find(w, "P06", "warning", cand[k], -1, -1, EJ_DAY_NONE,
				 "Темы КТП не пройдены (в т. ч. на занятиях без темы и с темой не по КТП)");
			o = &w->occs[b];
			o->flags |= O_TOUCH | O_EMPTY;
			o->ltopic = 0;
			fmt_day(o->date, d, sizeof(d));
			note_occ(w, "F01", "error", b, -1, "Не указана тема занятия %s, %d пара", d, o->pair);
			o = &w->occs[c];
			o->flags |= O_TOUCH | O_BARE;
			snprintf(buf, sizeof(buf), "%s №%d",
				 o->type == LT_LAB ? "Лабораторная работа" : "Практическая работа", o->pno);
			o->topic = o->ltopic = pool_add(w, buf);
			fmt_day(o->date, d, sizeof(d));
			note_occ(w, "F04", "error", c, -1, "Тема «%s» %s без содержания работы", buf, d);
			break;
		}
		/* F02 F03 F06 T01 S01 S02: one lesson each */
		for (j = 0; j < 6; j++) {
			static const char *const rule[] = { "F02", "F03", "F06", "T01", "S01", "S02" };
			static const char *const sev[] = { "warning", "error", "warning", "error", "error", "error" };

			nc = gd_candidates(w, N_WHOLE, R_LESSON, -1, cand);
			for (k = 0; k < nc; k++) {
				int oi = find_occ(w, q, cand[k], -1, LT_THEORY, w->export_day - 10, 0);
				struct g_occ *o;
				int t1, t2;

				if (oi < 0)
					continue;
				o = &w->occs[oi];
				o->flags |= O_TOUCH;
				w->gds[cand[k]].res |= R_LESSON;
				fmt_day(o->date, d, sizeof(d));
				switch (j) {
				case 0:
					o->flags |= O_NOHW;
					o->lhw = 0;
					note_occ(w, rule[j], sev[j], oi, -1, "Не задано домашнее задание %s, %d пара", d, o->pair);
					break;
				case 1:
					o->flags |= O_ENG;
					o->topic = o->ltopic = pool_add(w, ej_cat_area(w->gds[o->gd].cd->area)->english);
					note_occ(w, rule[j], sev[j], oi, -1, "Тема занятия %s записана не на русском языке", d);
					break;
				case 2:
					o->flags |= O_NOATT;
					note_occ(w, rule[j], sev[j], oi, -1, "Посещаемость %s не отмечена", d);
					break;
				case 3:
					o->rec_days = 3;
					note_occ(w, rule[j], sev[j], oi, -1, "Занятие %s внесено в журнал через 3 дня", d);
					break;
				case 4:
					t1 = other_teacher(w, o->gd, -1);
					o->teacher = t1;
					note_occ(w, rule[j], sev[j], oi, -1,
						 "Занятие %s проведено не тем преподавателем, замена не оформлена", d);
					break;
				case 5:
					t1 = other_teacher(w, o->gd, -1);
					t2 = other_teacher(w, o->gd, t1);
					o->teacher = t1;
					o->subst = t2;
					note_occ(w, rule[j], sev[j], oi, -1,
						 "Замена %s: указан заменяемый преподаватель, которого нет в расписании", d);
					break;
				}
				break;
			}
		}
	}
	/* clean substitutions, correctly noted: one per group */
	for (i = 0; i < w->ngroups; i++) {
		nc = gd_candidates(w, N_WHOLE, R_LESSON, i, cand);
		for (k = 0; k < nc; k++) {
			int oi = find_occ(w, q, cand[k], -1, LT_THEORY, w->export_day - 1, 0);

			if (oi < 0)
				continue;
			w->occs[oi].flags |= O_TOUCH;
			w->occs[oi].subst = w->occs[oi].teacher;
			w->occs[oi].teacher = other_teacher(w, w->occs[oi].gd, -1);
			break;
		}
	}
}

/* Lesson records: entered on the lesson day after the pair (T01). */
static void stamp_lessons(struct g_world *w)
{
	size_t i;

	for (i = 0; i < w->nocc; i++) {
		struct g_occ *o = &w->occs[i];
		int end = g_pair_end(o->pair);

		if (!(o->flags & O_HELD))
			continue;
		if (o->date == w->export_day)
			o->rec_min = end + ej_rng_range(&w->rng, 5, 30);
		else if (o->rec_days)
			o->rec_min = ej_rng_range(&w->rng, 17 * 60, 21 * 60);
		else
			o->rec_min = end - 10 + ej_rng_range(&w->rng, 0, 160);
	}
}

/* Students whose marks follow a plant: sparse ones (A01, A02) and the May
** transfer with two marks in one discipline (G03). */
static void plant_students(struct g_world *w, const int *xfer_may, int *cand)
{
	int i, k, nc, j;

	for (i = 0; i < w->nplant; i++) {
		/* A01: one sparse student */
		nc = gd_candidates(w, N_WHOLE | N_TWO, R_STUDENT, -1, cand);
		for (k = 0; k < nc; k++) {
			const struct g_group *gr = &w->groups[w->gds[cand[k]].grp];
			int start = (int)ej_rng_below(&w->rng, (uint32_t)gr->nstays), done = 0;

			for (j = 0; j < gr->nstays && !done; j++) {
				const struct g_stay *sy = &w->stays[gr->stays[(start + j) % gr->nstays]];
				struct g_student *s = &w->students[sy->st];

				if (s->special || s->sparse_gd >= 0)
					continue;
				s->sparse_gd = cand[k];
				w->gds[cand[k]].res |= R_STUDENT;
				done = 1;
			}
			if (done)
				break;
		}
		/* A02: more than 20 % of a group sparse in one discipline */
		nc = gd_candidates(w, N_WHOLE | N_TWO, R_EXCL, -1, cand);
		if (nc) {
			const struct g_group *gr = &w->groups[w->gds[cand[0]].grp];
			int want = gr->nstays / 5 + 2, got = 0;

			w->gds[cand[0]].res |= R_EXCL;
			for (j = 0; j < gr->nstays && got < want; j++) {
				struct g_student *s = &w->students[w->stays[gr->stays[j * 3 % gr->nstays]].st];

				if (s->special || s->sparse_gd >= 0)
					continue;
				s->sparse_gd = cand[0];
				got++;
			}
			for (j = 0; j < gr->nstays && got < want; j++) {
				struct g_student *s = &w->students[w->stays[gr->stays[j]].st];

				if (s->special || s->sparse_gd >= 0)
					continue;
				s->sparse_gd = cand[0];
				got++;
			}
		}
		/* G03: the May transfer; two marks only in a one-pair discipline */
		if (xfer_may[i] >= 0) {
			struct g_student *s = &w->students[xfer_may[i]];
			int to = -1;

			for (j = 0; j < w->nstays; j++)
				if (w->stays[j].st == xfer_may[i] && w->stays[j].from != EJ_DAY_NONE)
					to = w->stays[j].grp;
			nc = to >= 0 ? gd_candidates(w, N_WHOLE | N_ONE1, R_STUDENT, to, cand) : 0;
			s->allmark_grp = to;
			if (nc) {
				s->g03_gd = cand[0];
				w->gds[cand[0]].res |= R_STUDENT;
			}
		}
	}
}

/* Append a copy of cell `from` (an index: the array may move). */
static struct g_cell *clone_cell(struct g_world *w, size_t from)
{
	struct g_cell *c = new_cell(w);

	*c = w->cells[from];
	return c;
}

/* Breaches inside the journal cells, and the later export (T03 history). */
static void plant_cells(struct g_world *w, struct seq *q, const int *xfer_jan, int *cand)
{
	int i, k, nc, j;
	char d[16];

	for (i = 0; i < w->nplant; i++) {
		/* D01: a mark in the old group after the January transfer */
		if (xfer_jan[i] >= 0) {
			int old = -1, grp = -1;

			for (j = 0; j < w->nstays; j++)
				if (w->stays[j].st == xfer_jan[i] && w->stays[j].to != EJ_DAY_NONE)
					old = j, grp = w->stays[j].grp;
			nc = old >= 0 ? gd_candidates(w, N_WHOLE | N_SEM1, R_CELLS, grp, cand) : 0;
			for (k = 0; k < nc; k++) {
				int oi = find_occ(w, q, cand[k], 1, LT_THEORY, w->export_day - 10, 0);
				struct g_cell *c;

				if (oi < 0 || w->occs[oi].c1 == w->occs[oi].c0)
					continue;
				w->occs[oi].flags |= O_TOUCH;
				w->gds[cand[k]].res |= R_CELLS;
				c = clone_cell(w, w->occs[oi].c0);
				c->stay = old;
				c->nv = 1;
				c->flags = 0;
				c->v[0] = (uint8_t)draw_mark(w, w->students[xfer_jan[i]].ability);
				c->kind = MK_ORAL;
				c->weight = 1;
				c->rec_days = 0;
				c->mod_min = -1;
				fmt_day(c->date, d, sizeof(d));
				note_occ(w, "D01", "error", oi, xfer_jan[i],
					 "Отметка %s студенту, переведённому в другую группу 12.01.2026", d);
				break;
			}
		}
		/* D02: a mark on a day without a lesson of that discipline */
		nc = gd_candidates(w, N_WHOLE | N_SEM1, R_CELLS, -1, cand);
		for (k = 0; k < nc; k++) {
			int oi = find_occ(w, q, cand[k], 1, LT_THEORY, w->export_day - 10, 0);
			struct g_cell *src;
			struct g_cell *c;
			ej_day day;
			size_t t;
			int clash = 0;

			if (oi < 0 || !(src = extra_mark_cell(w, oi)))
				continue;
			/* the day before, if the group studies then and the discipline does not */
			day = w->occs[oi].date - 1;
			if (!g_is_school_day(w, day, NULL))
				continue;
			for (t = 0; t < w->nocc; t++)
				if (w->occs[t].gd == cand[k] && w->occs[t].date == day)
					clash = 1;
			if (clash)
				continue;
			w->occs[oi].flags |= O_TOUCH;
			w->gds[cand[k]].res |= R_CELLS;
			c = clone_cell(w, (size_t)(src - w->cells));
			c->occ = -1;
			c->date = day;
			c->pair = 0;
			c->flags = 0;
			fmt_day(day, d, sizeof(d));
			add_find(w, "D02", "error", cand[k], -1, w->stays[c->stay].st, day, "")->teacher =
				w->occs[oi].teacher;
			snprintf(w->finds[w->nfinds - 1].note, sizeof(w->finds[0].note),
				 "Отметка %s в день, когда занятия по дисциплине не было", d);
			break;
		}
		/* D04: a mark entered after the export time on the export day */
		nc = gd_candidates(w, N_WHOLE | N_SEM1, R_CELLS, -1, cand);
		for (k = 0; k < nc; k++) {
			int oi = -1;
			struct g_cell *c;
			const struct seq *s = &q[cand[k]];

			for (j = 0; j < s->n; j++)
				if (w->occs[s->idx[j]].date == w->export_day &&
				    (w->occs[s->idx[j]].flags & O_HELD) && !(w->occs[s->idx[j]].flags & O_TOUCH))
					oi = s->idx[j];
			if (oi < 0 || !(c = extra_mark_cell(w, oi)))
				continue;
			w->occs[oi].flags |= O_TOUCH;
			w->gds[cand[k]].res |= R_CELLS;
			c->rec_min = 19 * 60 + 10;
			c->mod_min = -1;
			note_occ(w, "D04", "error", oi, w->stays[c->stay].st,
				 "Отметка за 30.06.2026 внесена в 19:10 — позже выгрузки (18:00)");
			break;
		}
		/* T02: a grade entered the next day; a control work's 9 days later */
		for (j = 0; j < 2; j++) {
			nc = gd_candidates(w, N_WHOLE, R_CELLS, -1, cand);
			for (k = 0; k < nc; k++) {
				int oi = find_occ(w, q, cand[k], -1, j ? LT_CONTROL : LT_THEORY,
						  w->export_day - 15, 0);
				struct g_cell *c;

				if (oi < 0 || !(c = extra_mark_cell(w, oi)))
					continue;
				w->occs[oi].flags |= O_TOUCH;
				w->gds[cand[k]].res |= R_CELLS;
				c->rec_days = (int8_t)(j ? 9 : 1);
				c->rec_min = 10 * 60 + 5;
				fmt_day(c->date, d, sizeof(d));
				note_occ(w, "T02", "error", oi, w->stays[c->stay].st, j ?
					 "Отметка за контрольную работу %s внесена через 9 дней (допустимо 7)" :
					 "Отметка за %s внесена на следующий день", d);
				break;
			}
		}
		/* T03: a mark modified four days after the lesson */
		nc = gd_candidates(w, N_WHOLE, R_CELLS, -1, cand);
		for (k = 0; k < nc; k++) {
			int oi = find_occ(w, q, cand[k], -1, LT_THEORY, w->export_day - 15, 0);
			struct g_cell *c;

			if (oi < 0 || !(c = extra_mark_cell(w, oi)))
				continue;
			w->occs[oi].flags |= O_TOUCH;
			w->gds[cand[k]].res |= R_CELLS;
			c->mod_days = 4;
			c->mod_min = 11 * 60 + 20;
			c->v[0] = c->v[0] < 5 ? c->v[0] + 1 : 4;
			fmt_day(c->date, d, sizeof(d));
			note_occ(w, "T03", "error", oi, w->stays[c->stay].st,
				 "Отметка за %s исправлена через 4 дня (Дата изменения)", d);
			break;
		}
		/* G04: present at a control work, no mark */
		nc = gd_candidates(w, N_WHOLE, R_CELLS, -1, cand);
		for (k = 0; k < nc; k++) {
			int oi = find_occ(w, q, cand[k], -1, LT_CONTROL, w->export_day - 2, 0);
			struct g_cell *c;

			if (oi < 0 || !(c = extra_mark_cell(w, oi)))
				continue;
			w->occs[oi].flags |= O_TOUCH;
			w->gds[cand[k]].res |= R_CELLS;
			c->flags |= C_DEL;
			fmt_day(c->date, d, sizeof(d));
			note_occ(w, "G04", "warning", oi, w->stays[c->stay].st,
				 "Присутствовал на контрольной работе %s, отметки нет", d);
			break;
		}
		/* G05: «н/4» — a mark for a student marked absent */
		nc = gd_candidates(w, N_WHOLE, R_CELLS, -1, cand);
		for (k = 0; k < nc; k++) {
			int oi = find_occ(w, q, cand[k], -1, LT_THEORY, w->export_day - 2, 0);
			struct g_cell *c;

			if (oi < 0 || !(c = extra_mark_cell(w, oi)))
				continue;
			w->occs[oi].flags |= O_TOUCH;
			w->gds[cand[k]].res |= R_CELLS;
			c->v[1] = c->v[0];
			c->v[0] = V_N;
			c->nv = 2;
			fmt_day(c->date, d, sizeof(d));
			note_occ(w, "G05", "warning", oi, w->stays[c->stay].st,
				 "Отметка «н/%d» %s: оценка отсутствующему", c->v[1], d);
			break;
		}
		/* S03: a mark in subgroup 1's lesson for a subgroup-2 student */
		nc = gd_candidates(w, N_SUB, R_CELLS, -1, cand);
		for (k = 0; k < nc; k++) {
			int oi = find_occ(w, q, cand[k], -1, LT_THEORY, w->export_day - 2, 0), tw, st;
			struct g_cell *c;

			if (oi < 0 || w->occs[oi].sub != 1 || (tw = twin_occ(w, oi)) < 0)
				continue;
			st = present_without_cell(w, tw);
			if (st < 0 || w->occs[oi].c0 == w->occs[oi].c1)
				continue;
			w->occs[oi].flags |= O_TOUCH;
			w->occs[tw].flags |= O_TOUCH;
			w->gds[cand[k]].res |= R_CELLS;
			c = clone_cell(w, w->occs[oi].c0);
			c->stay = st;
			c->nv = 1;
			c->flags = 0;
			c->v[0] = (uint8_t)draw_mark(w, w->students[w->stays[st].st].ability);
			c->kind = MK_ORAL;
			c->weight = 1;
			c->rec_days = 0;
			c->mod_min = -1;
			fmt_day(c->date, d, sizeof(d));
			note_occ(w, "S03", "error", oi, w->stays[st].st,
				 "Отметка %s в журнале подгруппы 1 студенту подгруппы 2", d);
			break;
		}
	}
	/* T03 history: later/ re-exports a discipline with one mark changed,
	** one appeared and one vanished, all for lessons before the first export */
	for (k = 0; k < w->ngds; k++) {
		int o1 = -1, o2 = -1, o3 = -1, st = -1, tries;
		size_t i1 = 0, i3 = 0;
		struct g_cell *c;

		if (!w->gds[k].later)
			continue;
		for (tries = 0; tries < 200 && o1 < 0; tries++) {
			int oi = find_occ(w, q, k, 1, LT_THEORY, w->export_day - 20, 0);

			if (oi < 0)
				break;
			w->occs[oi].flags |= O_TOUCH;
			if ((c = extra_mark_cell(w, oi)))
				o1 = oi, i1 = (size_t)(c - w->cells);
		}
		for (tries = 0; tries < 200 && o2 < 0 && o1 >= 0; tries++) {
			int oi = find_occ(w, q, k, 1, LT_THEORY, w->export_day - 20, 0);

			if (oi < 0)
				break;
			w->occs[oi].flags |= O_TOUCH;
			st = present_without_cell(w, oi);
			if (st >= 0 && w->stays[st].st != w->stays[w->cells[i1].stay].st)
				o2 = oi;
		}
		for (tries = 0; tries < 200 && o3 < 0 && o2 >= 0; tries++) {
			int oi = find_occ(w, q, k, 1, LT_THEORY, w->export_day - 20, 0);

			if (oi < 0)
				break;
			w->occs[oi].flags |= O_TOUCH;
			c = extra_mark_cell(w, oi);
			if (c && w->stays[c->stay].st != w->stays[w->cells[i1].stay].st &&
			    w->stays[c->stay].st != w->stays[st].st)
				o3 = oi, i3 = (size_t)(c - w->cells);
		}
		if (o3 < 0) {
			w->gds[k].later = 0;
			continue;
		}
		c = &w->cells[i1];
		c->flags |= C_LVAL;
		c->lval = c->v[0] < 5 ? c->v[0] + 1 : 4;
		fmt_day(c->date, d, sizeof(d));
		note_occ(w, "T03", "error", o1, w->stays[c->stay].st,
			 "Отметка за %s изменена (%d → %d) в выгрузке later/", d, c->v[0], c->lval);
		c = &w->cells[i3];
		c->flags |= C_LSKIP;
		fmt_day(c->date, d, sizeof(d));
		note_occ(w, "T03", "error", o3, w->stays[c->stay].st,
			 "Отметка за %s исчезла в выгрузке later/", d);
		c = clone_cell(w, i1);
		c->occ = o2;
		c->date = w->occs[o2].date;
		c->pair = w->occs[o2].pair;
		c->sub = w->occs[o2].sub;
		c->stay = st;
		c->nv = 1;
		c->v[0] = (uint8_t)draw_mark(w, w->students[w->stays[st].st].ability);
		c->kind = MK_ORAL;
		c->weight = 1;
		c->flags = C_LONLY;
		c->rec_days = 0;
		c->mod_min = -1;
		fmt_day(c->date, d, sizeof(d));
		note_occ(w, "T03", "error", o2, w->stays[st].st,
			 "Отметка за %s появилась в выгрузке later/", d);
	}
}

/* ---- finals and the findings that follow from the marks ---------------- */

struct acc {
	double sw, swv;
	int n;          /* marks (numeric or зач) */
	int lessons, absent;
};

static int cell_value_num(int v)
{
	return v >= 1 && v <= 5;
}

/* Accumulate per stay × gd × (sem1, sem2, year).  after_later: the state
** after importing later/ too (what the reference check sees). */
static struct acc *accumulate(const struct g_world *w, int g, int after_later)
{
	const struct g_group *gr = &w->groups[g];
	struct acc *a = ej_calloc((size_t)gr->nstays * (size_t)gr->ngd * 3 + 1, sizeof(*a));
	size_t i;
	int j, k;

	for (i = 0; i < w->nocc; i++) {
		const struct g_occ *o = &w->occs[i];

		if (w->gds[o->gd].grp != g || !(o->flags & O_HELD))
			continue;
		for (j = 0; j < gr->nstays; j++) {
			const struct g_stay *sy = &w->stays[gr->stays[j]];

			if (!g_stay_in(sy, o->date) || (o->sub && sy->sub != o->sub))
				continue;
			a[(j * gr->ngd + (o->gd - gr->gd0)) * 3 + o->sem].lessons++;
			a[(j * gr->ngd + (o->gd - gr->gd0)) * 3 + 2].lessons++;
		}
	}
	for (i = gr->cell0; i < w->ncells; i++) {
		const struct g_cell *c;
		const struct g_stay *sy;
		int sem;

		if (i == gr->cell1 && i < w->cells_gen_end)
			i = w->cells_gen_end;   /* skip other groups; plants follow */
		if (i >= w->ncells)
			break;
		c = &w->cells[i];
		sy = &w->stays[c->stay];
		if (sy->grp != g || (c->flags & C_DEL))
			continue;
		if (after_later && w->gds[c->gd].later && (c->flags & C_LSKIP))
			continue;
		if (!after_later && (c->flags & C_LONLY))
			continue;
		sem = c->date >= w->sem_from[1] ? 1 : 0;
		for (k = 0; k < c->nv; k++) {
			int v = (after_later && (c->flags & C_LVAL) && k == 0) ? c->lval : c->v[k];
			int idx = (sy->local * gr->ngd + (c->gd - gr->gd0)) * 3;
			double wt = w->gds[c->gd].grid ? 1 : c->weight;

			if (v == V_N || v == V_B || v == V_U) {
				a[idx + sem].absent++;
				a[idx + 2].absent++;
				continue;
			}
			if (!cell_value_num(v) && v != V_ZACH)
				continue;
			a[idx + sem].n++;
			a[idx + 2].n++;
			if (cell_value_num(v)) {
				a[idx + sem].sw += wt;
				a[idx + sem].swv += wt * v;
				a[idx + 2].sw += wt;
				a[idx + 2].swv += wt * v;
			}
		}
	}
	return a;
}

static int enrolled_at(const struct g_stay *s, ej_day d)
{
	return (s->from == EJ_DAY_NONE || s->from <= d) && (s->to == EJ_DAY_NONE || s->to > d);
}

static void add_final(struct g_world *w, int gd, int stay, int sem, int value, ej_day day, int min)
{
	struct g_final *f;

	EJ_GROW(w->finals, w->nfinals + 1, w->afinals);
	f = &w->finals[w->nfinals++];
	f->gd = gd;
	f->stay = stay;
	f->sem = sem;
	f->value = value;
	f->rec_day = day;
	f->rec_min = min;
}

static int is_oud(const struct g_gd *d)
{
	return !strncmp(d->cd->index, "ОУД", strlen("ОУД"));
}

/* Finals: the rounded weighted mean of the semester's (or year's) marks for
** everyone enrolled at its end; then the G01 (missing) and G02 (two points
** off) plants. */
static void build_finals(struct g_world *w, int *cand)
{
	int g, j, k, s, i, nc;
	int *skip_gd = ej_calloc((size_t)w->nplant * 2 + 1, sizeof(int));
	int *skip_st = ej_calloc((size_t)w->nplant * 2 + 1, sizeof(int));
	int nskip = 0;

	/* G01: a missing final; G02: a final far from the marks (chosen here) */
	for (i = 0; i < w->nplant; i++) {
		nc = gd_candidates(w, N_WHOLE | N_NOTOUD | N_ATT1, R_STUDENT, -1, cand);
		for (k = 0; k < nc && nskip < 2 * w->nplant; k++) {
			const struct g_group *gr = &w->groups[w->gds[cand[k]].grp];
			int start = (int)ej_rng_below(&w->rng, (uint32_t)gr->nstays);

			for (j = 0; j < gr->nstays; j++) {
				int si = gr->stays[(start + j) % gr->nstays];
				const struct g_stay *sy = &w->stays[si];
				const struct g_student *st = &w->students[sy->st];

				if (st->special || st->sparse_gd >= 0 || !enrolled_at(sy, w->sem_to[1]))
					continue;
				skip_gd[nskip] = cand[k];
				skip_st[nskip++] = si;
				w->gds[cand[k]].res |= R_STUDENT;
				break;
			}
			break;
		}
	}
	for (g = 0; g < w->ngroups; g++) {
		const struct g_group *gr = &w->groups[g];
		struct acc *a = accumulate(w, g, 0);

		for (k = 0; k < gr->ngd; k++) {
			int gd = gr->gd0 + k;
			const struct g_gd *d = &w->gds[gd];

			if (d->grp != g)
				continue;
			for (s = 0; s < 3; s++) {
				ej_day end = s == 0 ? w->sem_to[0] : w->sem_to[1];

				if (s < 2 && d->cd->slots[s] == 0)
					continue;
				if (s == 2 && (!is_oud(d) || d->grid || !d->cd->slots[0] || !d->cd->slots[1]))
					continue;
				for (j = 0; j < gr->nstays; j++) {
					const struct acc *x = &a[(j * gr->ngd + k) * 3 + s];
					int v, t, skip = 0;

					if (!enrolled_at(&w->stays[gr->stays[j]], end) || x->n == 0 || x->sw <= 0)
						continue;
					/* a year mark only for those who spent the year in the group */
					if (s == 2 && w->stays[gr->stays[j]].from != EJ_DAY_NONE)
						continue;
					for (t = 0; t < nskip; t++)
						if (s == 1 && skip_gd[t] == gd && skip_st[t] == gr->stays[j])
							skip = 1;
					if (skip)
						continue;
					v = (int)(x->swv / x->sw + 0.5);
					if (s < 2 && d->cd->att[s] == ATT_CREDIT)
						v = x->swv / x->sw >= 2.5 ? V_ZACH : 2;
					add_final(w, gd, gr->stays[j], s, v, s == 0 ? g_day(2025, 12, 27) : w->export_day,
						  s == 2 ? ej_rng_range(&w->rng, 17 * 60, 17 * 60 + 40)
							 : ej_rng_range(&w->rng, 14 * 60, 16 * 60 + 50));
				}
			}
		}
		free(a);
	}
	/* G02: push one semester-1 final of a plain student two points away */
	for (i = 0; i < w->nplant; i++) {
		nc = gd_candidates(w, N_WHOLE | N_NOTOUD | N_ATT0, R_STUDENT, -1, cand);
		for (k = 0; k < nc; k++) {
			size_t f, f0 = ej_rng_below(&w->rng, (uint32_t)w->nfinals);
			int done = 0;

			for (f = 0; f < w->nfinals && !done; f++) {
				struct g_final *x = &w->finals[(f0 + f) % w->nfinals];
				const struct g_student *st = &w->students[w->stays[x->stay].st];

				if (x->gd != cand[k] || x->sem != 0 || st->special || st->sparse_gd >= 0 ||
				    x->value < 2 || x->value > 5)
					continue;
				x->value = x->value >= 4 ? 2 : 5;
				w->gds[cand[k]].res |= R_STUDENT;
				done = 1;
			}
			if (done)
				break;
		}
	}
	free(skip_gd);
	free(skip_st);
}

/* A01, A02, G01, G02, G03 as rules.md defines them, computed on the state
** after both imports: the manifest lists exactly what the data hold. */
static void derive_findings(struct g_world *w)
{
	int g, j, k, s;
	char note[200];
	int *fx = ej_malloc(((size_t)w->nstays * MAXGD * 3 + 1) * sizeof(int));
	size_t t;

	for (t = 0; t < (size_t)w->nstays * MAXGD * 3; t++)
		fx[t] = -1;
	for (t = 0; t < w->nfinals; t++) {
		const struct g_final *f = &w->finals[t];

		fx[(size_t)f->stay * MAXGD * 3 + (size_t)(f->gd - w->groups[w->gds[f->gd].grp].gd0) * 3 + (size_t)f->sem] = (int)t;
	}

	for (g = 0; g < w->ngroups; g++) {
		const struct g_group *gr = &w->groups[g];
		struct acc *a = accumulate(w, g, 1);

		for (k = 0; k < gr->ngd; k++) {
			int gd = gr->gd0 + k, below = 0;

			for (j = 0; j < gr->nstays; j++) {
				const struct g_stay *sy = &w->stays[gr->stays[j]];
				const struct acc *y = &a[(j * gr->ngd + k) * 3 + 2];
				int bad = 0, attended = y->lessons - y->absent;

				if (y->lessons == 0)
					continue;
				if (y->n < attended / 3)
					bad = 1;
				for (s = 0; s < 2; s++) {
					const struct acc *x = &a[(j * gr->ngd + k) * 3 + s];

					if (x->lessons > 0 && (sy->from == EJ_DAY_NONE || sy->from <= w->sem_from[s]) &&
					    (sy->to == EJ_DAY_NONE || sy->to > w->sem_to[s]) && x->n < 3)
						bad = 1;
				}
				if (bad) {
					below++;
					snprintf(note, sizeof(note),
						 "Накопляемость: %d отметок при %d посещённых занятиях за год", y->n, attended);
					add_find(w, "A01", "warning", gd, -1, sy->st, EJ_DAY_NONE, note);
				}
			}
			if (below * 5 > gr->nstays) {
				snprintf(note, sizeof(note),
					 "Низкая накопляемость у %d из %d обучающихся группы", below, gr->nstays);
				add_find(w, "A02", "error", gd, -1, -1, EJ_DAY_NONE, note);
			}
		}
		/* finals */
		for (k = 0; k < gr->ngd; k++) {
			int gd = gr->gd0 + k;
			const struct g_gd *d = &w->gds[gd];

			for (j = 0; j < gr->nstays; j++) {
				const struct g_stay *sy = &w->stays[gr->stays[j]];

				for (s = 0; s < 3; s++) {
					const struct acc *x = &a[(j * gr->ngd + k) * 3 + s];
					int fi = fx[(size_t)gr->stays[j] * MAXGD * 3 + (size_t)k * 3 + (size_t)s];
					const struct g_final *f = fi >= 0 ? &w->finals[fi] : NULL;
					if (!f) {
						if (s < 2 && d->cd->slots[s] && d->cd->att[s] != ATT_NONE &&
						    enrolled_at(sy, w->sem_to[s])) {
							snprintf(note, sizeof(note), "Нет итоговой отметки за %d семестр (%s)",
								 s + 1, ej_cat_att_name(d->cd->att[s]));
							add_find(w, "G01", "error", gd, -1, sy->st, EJ_DAY_NONE, note);
						}
						continue;
					}
					if (f->value >= 2 && f->value <= 5 && x->sw > 0) {
						double mean = x->swv / x->sw;

						if (f->value - mean >= 1.0 || mean - f->value >= 1.0) {
							snprintf(note, sizeof(note),
								 "Итоговая %d при среднем %.2f (%s)", f->value, mean,
								 s == 2 ? "год" : s == 0 ? "1 семестр" : "2 семестр");
							add_find(w, "G02", "error", gd, -1, sy->st, EJ_DAY_NONE, note);
						}
					}
					if (x->n < 3) {
						snprintf(note, sizeof(note), "Итоговая отметка при %d текущих (%s)", x->n,
							 s == 2 ? "год" : s == 0 ? "1 семестр" : "2 семестр");
						add_find(w, "G03", "warning", gd, -1, sy->st, EJ_DAY_NONE, note);
					}
				}
			}
		}
		free(a);
	}
	free(fx);
}

static int cmp_find(const void *a, const void *b)
{
	const struct g_find *x = a, *y = b;
	int c = strcmp(x->rule, y->rule);

	if (c)
		return c;
	if (x->grp != y->grp)
		return x->grp < y->grp ? -1 : 1;
	if (x->gd != y->gd)
		return x->gd < y->gd ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->st < y->st ? -1 : x->st > y->st;
}

/* Build the whole college for a size and seed.  Returns 0. */
int g_build(struct g_world *w, int size, uint64_t seed)
{
	struct hset names = { 0 };
	struct extra *ex;
	struct seq *q;
	int *xfer_jan, *xfer_may, *cand, nex, i, s;

	memset(w, 0, sizeof(*w));
	w->size = size;
	w->seed = seed;
	ej_rng_derive(&w->rng, seed, 0x636f6c6c656765ULL, (uint64_t)size);
	w->sem_from[0] = g_day(2025, 9, 1);
	w->sem_to[0] = g_day(2025, 12, 28);
	w->sem_from[1] = g_day(2026, 1, 12);
	w->sem_to[1] = g_day(2026, 6, 30);
	w->export_day = g_day(2026, 6, 30);
	w->export_min = 18 * 60;
	w->later_day = g_day(2026, 7, 3);
	w->later_min = 10 * 60;
	w->nplant = size == EJ_GEN_SMALL ? 1 : size == EJ_GEN_MEDIUM ? 3 : 9;
	pool_add(w, "x");   /* offset 0 stays «empty» */
	w->pool[0] = '\0';

	xfer_jan = ej_malloc((size_t)w->nplant * sizeof(int));
	xfer_may = ej_malloc((size_t)w->nplant * sizeof(int));
	for (i = 0; i < w->nplant; i++)
		xfer_jan[i] = xfer_may[i] = -1;
	build_groups(w, &names);
	move_students(w, xfer_jan, xfer_may, w->nplant);
	index_stays(w);
	build_gds(w, &names);
	build_templates(w);
	cand = ej_calloc((size_t)w->ngds + 1, sizeof(int));

	ex = ej_calloc((size_t)w->nplant * 2 + 1, sizeof(*ex));
	nex = plant_extras(w, ex);
	for (i = 0; i < nex; i++)
		ex[i].flags |= O_TOUCH;
	build_occs(w, ex, nex);
	free(ex);

	q = gd_seqs(w);
	for (i = 0; i < w->ngds; i++) {
		int pno[4] = { 0, 0, 0, 0 };

		for (s = 0; s < 2; s++)
			type_sequence(w, q, i, s, pno);
	}
	finish_occs(w);
	plant_p01(w, q, cand);
	free_seqs(w, q);
	cmp_w = w;
	ej_qsort(w->occs, w->nocc, sizeof(*w->occs), cmp_occ);
	q = gd_seqs(w);
	note_extras(w);
	plant_lessons(w, q, cand);
	stamp_lessons(w);
	plant_students(w, xfer_may, cand);
	gen_cells(w);
	w->cells_gen_end = w->ncells;
	plant_cells(w, q, xfer_jan, cand);
	free_seqs(w, q);
	build_finals(w, cand);
	derive_findings(w);
	ej_qsort(w->finds, w->nfinds, sizeof(*w->finds), cmp_find);

	free(names.v);
	free(cand);
	free(xfer_jan);
	free(xfer_may);
	return 0;
}

void g_free(struct g_world *w)
{
	int g;

	for (g = 0; g < w->ngroups; g++)
		free(w->groups[g].stays);
	free(w->groups);
	free(w->teachers);
	free(w->students);
	free(w->stays);
	free(w->gds);
	free(w->occs);
	free(w->cells);
	free(w->finals);
	free(w->finds);
	free(w->pool);
	memset(w, 0, sizeof(*w));
}
