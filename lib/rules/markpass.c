/*
** markpass.c — the shared pass over the mark table (see markpass.h).
*/
#include "util/sort.h"
#include "rules/markpass.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- (int64, int64) → size_t hash --------------------------------------- */

struct h2_slot { int64_t a, b; size_t v; };   /* v = value + 1; 0 = empty */

struct h2 {
	struct h2_slot *t;   /* one array: a probe touches one cache line */
	size_t cap, n;
};

static size_t h2_slot(const struct h2 *h, int64_t a, int64_t b)
{
	uint64_t x = (uint64_t)a * 0x9E3779B97F4A7C15ull + (uint64_t)b;

	/* murmur3's finaliser: every key bit reaches the low bits. */
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return (size_t)x & (h->cap - 1);
}

static void h2_init(struct h2 *h, size_t want)
{
	h->cap = 64;
	while (h->cap < want * 2)
		h->cap *= 2;
	h->t = ej_calloc(h->cap, sizeof(*h->t));
	h->n = 0;
}

static void h2_free(struct h2 *h)
{
	free(h->t);
	memset(h, 0, sizeof(*h));
}

static size_t *h2_get(struct h2 *h, int64_t a, int64_t b, bool add)
{
	size_t i;

	if (add && (h->n + 1) * 2 > h->cap) {
		struct h2 g;
		size_t j;
		h2_init(&g, h->cap);
		for (j = 0; j < h->cap; j++)
			if (h->t[j].v)
				*h2_get(&g, h->t[j].a, h->t[j].b, true) = h->t[j].v;
		h2_free(h);
		*h = g;
	}
	for (i = h2_slot(h, a, b); h->t[i].v; i = (i + 1) & (h->cap - 1))
		if (h->t[i].a == a && h->t[i].b == b)
			return &h->t[i].v;
	if (!add)
		return NULL;
	h->t[i].a = a;
	h->t[i].b = b;
	h->n++;
	return &h->t[i].v;
}

/* ---- state -------------------------------------------------------------- */

struct mp_stay { int64_t student, group; int subgroup; ej_day from, to; /* inclusive */ };
struct mp_lesson { char type; int64_t teacher; };

struct ej_markpass {
	struct ej_mp_stat *stats; size_t nstats, astats;
	struct h2 stat_ix;
	struct ej_mp_hit *hits[MP_KINDS]; size_t nhits[MP_KINDS], ahits[MP_KINDS];
	struct mp_stay *stays; size_t nstays;
	struct h2 stay_ix;                 /* (student, group) → first stay + 1 */
	uint32_t *stu_first;               /* student id → the student's first stay + 1 */
	size_t nstu_first;                 /* 0: ids too large, stay_ix only */
	struct mp_lesson *lessons; size_t nlessons, alessons;
	struct h2 lesson_ix;               /* (disc, day<<16 | pair<<8 | sg) → lesson + 1 */
	struct h2 day_ix;                  /* (disc, day) → the day's first lesson + 1 */
	struct h2 ctl_day;                 /* (disc, day) of control lessons → 1 */
	struct h2 ctl_mark;                /* G04: CELLKEY of marks other than «оп» on them → 1 */
	char (*batch_exp)[20]; size_t nbatch;
};

static const struct ej_mp_stat zero_stat;

/* A cell of the journal without its discipline: student, day and pair
** (days 1970–2149 and pairs 0–255 are distinct, as DAYKEY assumes too). */
#define CELLKEY(stu, day, pair) (((int64_t)(stu) << 24) | ((int64_t)((day) & 0xffff) << 8) | ((pair) & 0xff))
#define DAYKEY(day, pair, sg) (((int64_t)(day) << 16) | ((int64_t)((pair) & 0xff) << 8) | ((sg) & 0xff))

static int cmp_stay(const void *pa, const void *pb)
{
	const struct mp_stay *a = pa, *b = pb;

	if (a->student != b->student) return a->student < b->student ? -1 : 1;
	if (a->group != b->group) return a->group < b->group ? -1 : 1;
	return a->from < b->from ? -1 : a->from > b->from;
}

static int cmp_hit(const void *pa, const void *pb)
{
	const struct ej_mp_hit *a = pa, *b = pb;

	if (a->disc != b->disc) return a->disc < b->disc ? -1 : 1;
	if (a->student != b->student) return a->student < b->student ? -1 : 1;
	if (a->day != b->day) return a->day < b->day ? -1 : 1;
	if (a->pair != b->pair) return a->pair - b->pair;
	return a->seq - b->seq;
}

static sqlite3_stmt *mp_prepare(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

static int load_indexes(sqlite3 *h, struct ej_markpass *mp)
{
	sqlite3_stmt *st;
	int s;
	size_t i, as = 0;

	if (!(st = mp_prepare(h, "SELECT student_id, group_id, subgroup, enrolled, left_on FROM stay")))
		return EJ_EIO;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct mp_stay *y;
		ej_day e = ej_rc_iso_day((const char *)sqlite3_column_text(st, 3));
		ej_day l = ej_rc_iso_day((const char *)sqlite3_column_text(st, 4));
		EJ_GROW(mp->stays, mp->nstays + 1, as);
		y = &mp->stays[mp->nstays++];
		y->student = sqlite3_column_int64(st, 0);
		y->group = sqlite3_column_int64(st, 1);
		y->subgroup = sqlite3_column_int(st, 2);
		y->from = e == EJ_DAY_NONE ? INT32_MIN + 1 : e;
		y->to = l == EJ_DAY_NONE ? INT32_MAX - 1 : l - 1;
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return EJ_EIO;
	if (mp->nstays > 1)
		ej_qsort(mp->stays, mp->nstays, sizeof(mp->stays[0]), cmp_stay);
	h2_init(&mp->stay_ix, mp->nstays + 1);
	for (i = 0; i < mp->nstays; i++) {
		size_t *v = h2_get(&mp->stay_ix, mp->stays[i].student, mp->stays[i].group, true);
		if (!*v)
			*v = i + 1;
	}
	/* Student ids are dense row ids: an array beats the hash per mark. */
	if (mp->nstays && mp->nstays < UINT32_MAX && mp->stays[0].student >= 0 &&
	    mp->stays[mp->nstays - 1].student < (int64_t)(mp->nstays * 8 + 4096)) {
		mp->nstu_first = (size_t)mp->stays[mp->nstays - 1].student + 1;
		mp->stu_first = ej_calloc(mp->nstu_first, sizeof(*mp->stu_first));
		for (i = mp->nstays; i-- > 0;)
			mp->stu_first[mp->stays[i].student] = (uint32_t)(i + 1);
	}

	if (!(st = mp_prepare(h, "SELECT discipline_id, subgroup, date, pair, lesson_type,"
				 " coalesce(teacher_id, 0) FROM lesson")))
		return EJ_EIO;
	h2_init(&mp->lesson_ix, 1024);
	h2_init(&mp->day_ix, 1024);
	h2_init(&mp->ctl_day, 1024);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t disc = sqlite3_column_int64(st, 0);
		int sg = sqlite3_column_int(st, 1), pair = sqlite3_column_int(st, 3);
		ej_day d = ej_rc_iso_day((const char *)sqlite3_column_text(st, 2));
		const char *t = (const char *)sqlite3_column_text(st, 4);
		struct mp_lesson *l;
		size_t *v;

		EJ_GROW(mp->lessons, mp->nlessons + 1, mp->alessons);
		l = &mp->lessons[mp->nlessons++];
		l->type = !t ? 't' : !strcmp(t, "control") ? 'c' : !strcmp(t, "practical") ? 'p' :
			  !strcmp(t, "lab") ? 'l' : 't';
		l->teacher = sqlite3_column_int64(st, 5);
		*h2_get(&mp->lesson_ix, disc, DAYKEY(d, pair, sg), true) = mp->nlessons;
		v = h2_get(&mp->day_ix, disc, d, true);
		if (!*v)
			*v = mp->nlessons;   /* the day's first lesson */
		if (l->type == 'c')
			*h2_get(&mp->ctl_day, disc, d, true) = 1;
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return EJ_EIO;

	if (!(st = mp_prepare(h, "SELECT id, exported_at FROM batch ORDER BY id")))
		return EJ_EIO;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *e = (const char *)sqlite3_column_text(st, 1);
		if (id < 0 || id > 1000000)
			continue;
		if ((size_t)id >= mp->nbatch) {
			size_t n = (size_t)id + 1;
			mp->batch_exp = ej_reallocarray(mp->batch_exp, n, sizeof(*mp->batch_exp));
			memset(mp->batch_exp + mp->nbatch, 0, (n - mp->nbatch) * sizeof(*mp->batch_exp));
			mp->nbatch = n;
		}
		snprintf(mp->batch_exp[id], sizeof(mp->batch_exp[id]), "%s", e ? e : "");
	}
	sqlite3_finalize(st);
	return s != SQLITE_DONE ? EJ_EIO : 0;
}

static struct ej_mp_hit *add_hit(struct ej_markpass *mp, enum ej_mp_kind k, int64_t disc,
				 int64_t stu, ej_day day, int pair, int sg, int seq, const char *v)
{
	struct ej_mp_hit *h;

	EJ_GROW(mp->hits[k], mp->nhits[k] + 1, mp->ahits[k]);
	h = &mp->hits[k][mp->nhits[k]++];
	memset(h, 0, sizeof(*h));
	h->disc = disc;
	h->student = stu;
	h->day = day;
	h->pair = pair;
	h->subgroup = sg;
	h->seq = seq;
	snprintf(h->value, sizeof(h->value), "%s", v ? v : "");
	return h;
}

/* The stay of a student in a group on a day, or NULL. */
static const struct mp_stay *stay_on(const struct ej_markpass *mp, int64_t stu, int64_t grp, ej_day d)
{
	size_t *v, i;

	if (mp->nstu_first) {
		/* The student's stays, by group and date: look at grp's. */
		if (stu < 0 || (uint64_t)stu >= mp->nstu_first || !mp->stu_first[stu])
			return NULL;
		for (i = mp->stu_first[stu] - 1; i < mp->nstays && mp->stays[i].student == stu; i++) {
			if (mp->stays[i].group != grp)
				continue;
			if (d >= mp->stays[i].from && d <= mp->stays[i].to)
				return &mp->stays[i];
		}
		return NULL;
	}
	v = h2_get((struct h2 *)&mp->stay_ix, stu, grp, false);
	if (!v)
		return NULL;
	for (i = *v - 1; i < mp->nstays && mp->stays[i].student == stu && mp->stays[i].group == grp; i++)
		if (d >= mp->stays[i].from && d <= mp->stays[i].to)
			return &mp->stays[i];
	return NULL;
}

/* The lesson of a discipline at a day and pair (pair 255: the day's first). */
static const struct mp_lesson *lesson_at(const struct ej_markpass *mp, int64_t disc, ej_day d,
					 int pair, int sg)
{
	size_t *v = pair == 255 ? h2_get((struct h2 *)&mp->day_ix, disc, d, false) :
		    h2_get((struct h2 *)&mp->lesson_ix, disc, DAYKEY(d, pair, sg), false);
	return v ? &mp->lessons[*v - 1] : NULL;
}

/* A written work by the mark's kind («Контрольная работа», «ПР», …). */
static bool kind_is_written(const char *kind)
{
	static const char *const stems[] = {
		"контрол", "практич", "лаборат", "проверочн", "тест", "зачетн",
	};
	static const char *const abbr[] = { "кр", "пр", "лр", "пз" };
	char *low;
	size_t i;
	bool yes = false;

	if (!kind || !*kind)
		return false;
	low = ej_utf8_lower(kind, true);
	for (i = 0; i < sizeof(stems) / sizeof(stems[0]) && !yes; i++)
		yes = strstr(low, stems[i]) != NULL;
	for (i = 0; i < sizeof(abbr) / sizeof(abbr[0]) && !yes; i++)
		yes = !strcmp(low, abbr[i]);
	free(low);
	return yes;
}

static bool in_range(const char *d, const char *from, const char *to)
{
	return memcmp(d, from, 10) >= 0 && memcmp(d, to, 10) <= 0;
}

/* G05: read back the values of each cell that holds a second value (the
** first hit of each run of a cell), in seq order, on the pass's own
** connection, so that the rule itself does no query.  Sorts the hits. */
static int g05_cells(sqlite3 *conn, struct ej_markpass *mp)
{
	static const char sql[] =
		"SELECT group_concat(value, '/'), sum(value IN ('н','б','у')),"
		" sum(value IN ('5','4','3','2','1','зач','незач'))"
		" FROM (SELECT value FROM mark WHERE discipline_id = ?1 AND date = ?2 AND pair = ?3"
		"   AND student_id = ?4 ORDER BY seq)";
	struct ej_mp_hit *h = mp->hits[MP_G05];
	size_t n = mp->nhits[MP_G05], i;
	sqlite3_stmt *st;

	if (!n)
		return 0;
	ej_qsort(h, n, sizeof(h[0]), cmp_hit);
	if (!(st = mp_prepare(conn, sql)))
		return EJ_EIO;
	for (i = 0; i < n; i++) {
		char iso[11];
		const char *t;

		if (i > 0 && h[i].disc == h[i - 1].disc && h[i].student == h[i - 1].student &&
		    h[i].day == h[i - 1].day && h[i].pair == h[i - 1].pair)
			continue;
		ej_day_iso(h[i].day, iso);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, h[i].disc);
		sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 3, h[i].pair);
		sqlite3_bind_int64(st, 4, h[i].student);
		if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 1) == 0 ||
		    sqlite3_column_int(st, 2) == 0)
			continue;
		t = (const char *)sqlite3_column_text(st, 0);
		h[i].both = true;
		snprintf(h[i].vals, sizeof(h[i].vals), "%s", t ? t : "(null)");
	}
	sqlite3_finalize(st);
	return 0;
}

/* Build mp from the database through connection conn (the check's own, or a
** second read-only one in a thread).  Reads rc but writes only mp. */
static int mp_build(const struct ej_rctx *rc, sqlite3 *conn, struct ej_markpass *mp)
{
	static const char sql[] =
		"SELECT discipline_id, subgroup, date, pair, student_id, seq, value, weight,"
		" recorded_at, modified_at, batch_id, mark_kind FROM mark";
	sqlite3_stmt *st;
	char s1f[11], s1t[11], s2f[11], s2t[11];
	int s, grace = rc->cfg->policy.grace_written_work_days, k;

	h2_init(&mp->stat_ix, 4096);
	h2_init(&mp->ctl_mark, 4096);
	if ((s = load_indexes(conn, mp)))
		return s;
	ej_day_iso(rc->cfg->semester[0].from, s1f);
	ej_day_iso(rc->cfg->semester[0].to, s1t);
	ej_day_iso(rc->cfg->semester[1].from, s2f);
	ej_day_iso(rc->cfg->semester[1].to, s2t);
	if (!(st = mp_prepare(conn, sql)))
		return EJ_EIO;
	/* Marks come a lesson at a time: remember the last date and discipline. */
	char last_date[11] = "";
	int64_t last_disc = -1;
	ej_day last_day = EJ_DAY_NONE;
	bool last_has_lesson = false, last_ctl = false;
	/* The date's place in the period and semesters, likewise. */
	char in_date[10] = "";
	bool in[4] = { false, false, false, false };
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t disc = sqlite3_column_int64(st, 0), stu = sqlite3_column_int64(st, 4);
		const struct ej_rc_disc *dc = ej_rc_disc(rc, disc);
		const char *date = (const char *)sqlite3_column_text(st, 2);
		const char *v = (const char *)sqlite3_column_text(st, 6);
		const char *rec, *mod;
		bool grade, numeric, absent;
		int sg, pair, seq;
		ej_day day;
		size_t *ix;
		struct ej_mp_stat *x;
		const struct mp_stay *y;
		const struct mp_lesson *l;

		if (!dc->in_scope || !date || strlen(date) < 10 || !v)
			continue;
		if (memcmp(date, in_date, 10)) {
			in[0] = in_range(date, rc->from_iso, rc->to_iso);
			in[1] = in_range(date, s1f, s1t);
			in[2] = in_range(date, s2f, s2t);
			in[3] = in_range(date, s1f, s2t);
			memcpy(in_date, date, 10);
		}
		/* ej_mark_is_numeric/_grade/_absence, without a strcmp for a digit. */
		numeric = ej_mark_is_numeric(v);
		grade = numeric || ej_mark_is_grade(v);
		absent = !numeric && ej_mark_is_absence(v);
		if ((grade || absent) && (in[0] || in[3])) {
			ix = h2_get(&mp->stat_ix, disc, stu, true);
			if (!*ix) {
				EJ_GROW(mp->stats, mp->nstats + 1, mp->astats);
				memset(&mp->stats[mp->nstats], 0, sizeof(mp->stats[0]));
				mp->stats[mp->nstats].disc = disc;
				mp->stats[mp->nstats].student = stu;
				*ix = ++mp->nstats;
			}
			x = &mp->stats[*ix - 1];
			for (k = 0; k < 4; k++) {
				if (!in[k])
					continue;
				if (grade) x->grades[k]++;
				if (absent) x->missed[k]++;
				if (numeric) {
					double w = sqlite3_column_double(st, 7);
					x->wsum[k] += w * (v[0] - '0');
					x->wtot[k] += w;
				}
			}
		}
		if (!in[0])
			continue;
		/* Per-mark rules, for the period only. */
		sg = sqlite3_column_int(st, 1);
		pair = sqlite3_column_int(st, 3);
		seq = sqlite3_column_int(st, 5);
		if (memcmp(date, last_date, 10) || disc != last_disc) {
			if (memcmp(date, last_date, 10)) {
				if (ej_date_parse(date, 10, &last_day))
					continue;
				memcpy(last_date, date, 10);
			}
			last_disc = disc;
			last_has_lesson = lesson_at(mp, disc, last_day, 255, 255) != NULL;
			last_ctl = mp->ctl_day.n && h2_get(&mp->ctl_day, disc, last_day, false);
		}
		day = last_day;
		if (last_ctl && strcmp(v, "оп"))
			*h2_get(&mp->ctl_mark, disc, CELLKEY(stu, day, pair), true) = 1;   /* G04 */
		y = stay_on(mp, stu, dc->group_id, day);
		if (!y)   /* §2.1.8: D01 */
			add_hit(mp, MP_D01, disc, stu, day, pair, sg, seq, v);
		if (dc->has_lessons && !last_has_lesson)   /* D02 */
			add_hit(mp, MP_D02, disc, stu, day, pair, sg, seq, v);
		if (y && sg > 0 && y->subgroup > 0 && y->subgroup != sg)       /* S03 */
			add_hit(mp, MP_S03, disc, stu, day, pair, sg, seq, v)->extra = y->subgroup;
		if (seq > 0)                                                    /* G05 candidates */
			add_hit(mp, MP_G05, disc, stu, day, pair, sg, seq, v);
		rec = (const char *)sqlite3_column_text(st, 8);
		mod = (const char *)sqlite3_column_text(st, 9);
		if (rec && strlen(rec) >= 10) {
			int64_t b = sqlite3_column_int64(st, 10);
			if (b > 0 && (size_t)b < mp->nbatch && mp->batch_exp[b][0] &&
			    strcmp(rec, mp->batch_exp[b]) > 0) {                /* D04 */
				struct ej_mp_hit *h = add_hit(mp, MP_D04, disc, stu, day, pair, sg, seq, v);
				snprintf(h->ts, sizeof(h->ts), "%s", rec);
				snprintf(h->ts2, sizeof(h->ts2), "%s", mp->batch_exp[b]);
			}
			if (!absent && strcmp(v, "оп") && memcmp(rec, date, 10) > 0) {   /* T02 */
				ej_day rd;
				if (!ej_date_parse(rec, 10, &rd)) {
					int delay = rd - day;
					bool written;
					l = lesson_at(mp, disc, day, pair, sg);
					written = (l && (l->type == 'c' || l->type == 'p' || l->type == 'l')) ||
						  kind_is_written((const char *)sqlite3_column_text(st, 11));
					if (!written || delay > grace) {
						struct ej_mp_hit *h = add_hit(mp, MP_T02, disc, stu, day, pair, sg, seq, v);
						h->extra = delay;
						h->written = written;
						h->teacher = l ? l->teacher : 0;
						snprintf(h->ts, sizeof(h->ts), "%s", rec);
					}
				}
			}
		}
		if (mod && strlen(mod) >= 10 && !absent && memcmp(mod, date, 10) > 0 &&
		    (!rec || strcmp(mod, rec) > 0)) {                            /* T03 */
			ej_day md;
			if (!ej_date_parse(mod, 10, &md)) {
				struct ej_mp_hit *h = add_hit(mp, MP_T03, disc, stu, day, pair, sg, seq, v);
				h->extra = md - day;
				snprintf(h->ts, sizeof(h->ts), "%s", mod);
			}
		}
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return EJ_EIO;
	if ((s = g05_cells(conn, mp)))
		return s;
	for (k = 0; k < MP_KINDS; k++) {
		size_t i;
		if (mp->nhits[k] > 1)
			ej_qsort(mp->hits[k], mp->nhits[k], sizeof(mp->hits[k][0]), cmp_hit);
		for (i = 0; i < mp->nhits[k]; i++)
			if (!mp->hits[k][i].teacher) {
				const struct mp_lesson *l = lesson_at(mp, mp->hits[k][i].disc,
								      mp->hits[k][i].day, 255, 255);
				mp->hits[k][i].teacher = l ? l->teacher : 0;
			}
	}
	return 0;
}

/* The pass running in a thread over its own read-only connection, so that
** the rules that do not need it use the second core meanwhile. */
struct ej_mp_job {
	const struct ej_rctx *rc;
	sqlite3 *h;
	struct ej_markpass *mp;
	pthread_t th;
	int status;
	char msg[256];
};

static void *mp_thread(void *arg)
{
	struct ej_mp_job *job = arg;

	job->status = mp_build(job->rc, job->h, job->mp);
	if (job->status)
		snprintf(job->msg, sizeof(job->msg), "%s", sqlite3_errmsg(job->h));
	return NULL;
}

void ej_mp_start(struct ej_rctx *rc)
{
	struct ej_mp_job *job;
	const char *path = rc->db->path;

	if (rc->mp || rc->mp_job || !path || !*path || !strcmp(path, ":memory:"))
		return;
	job = ej_calloc(1, sizeof(*job));
	job->rc = rc;
	if (sqlite3_open_v2(path, &job->h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sqlite3_close(job->h);
		free(job);
		return;   /* ej_mp_run() will do it inline */
	}
	sqlite3_busy_timeout(job->h, 5000);
	sqlite3_exec(job->h, "PRAGMA cache_size = -16384", NULL, NULL, NULL);
	job->mp = ej_calloc(1, sizeof(*job->mp));
	if (pthread_create(&job->th, NULL, mp_thread, job)) {
		sqlite3_close(job->h);
		free(job->mp);
		free(job);
		return;
	}
	rc->mp_job = job;
}

/* Wait for a started pass; its result becomes rc->mp. */
static int mp_join(struct ej_rctx *rc)
{
	struct ej_mp_job *job = rc->mp_job;
	int status;

	pthread_join(job->th, NULL);
	sqlite3_close(job->h);
	rc->mp = job->mp;
	status = job->status;
	if (status)
		ej_err_set(rc->err, EJ_EIO, "%s: check: %s", rc->db->path, job->msg);
	free(job);
	rc->mp_job = NULL;
	return status;
}

int ej_mp_run(struct ej_rctx *rc)
{
	int status;

	if (rc->mp_job)
		return mp_join(rc);
	if (rc->mp)
		return 0;
	rc->mp = ej_calloc(1, sizeof(*rc->mp));
	if ((status = mp_build(rc, rc->db->h, rc->mp)))
		ej_db_fail(rc->db, rc->err, "check query");
	return status;
}

const struct ej_mp_hit *ej_mp_hits(const struct ej_rctx *rc, enum ej_mp_kind k, size_t *n)
{
	*n = rc->mp ? rc->mp->nhits[k] : 0;
	return rc->mp ? rc->mp->hits[k] : NULL;
}

const struct ej_mp_stat *ej_mp_stat(const struct ej_rctx *rc, int64_t disc, int64_t student)
{
	size_t *v;

	if (!rc->mp)
		return &zero_stat;
	v = h2_get(&rc->mp->stat_ix, disc, student, false);
	return v ? &rc->mp->stats[*v - 1] : &zero_stat;
}

bool ej_mp_control_marked(const struct ej_rctx *rc, int64_t disc, int64_t student, ej_day day,
			  int pair)
{
	if (!rc->mp)
		return false;
	return h2_get(&rc->mp->ctl_mark, disc, CELLKEY(student, day, pair), false) != NULL;
}

int64_t ej_mp_lesson_teacher(const struct ej_rctx *rc, int64_t disc, ej_day day)
{
	const struct mp_lesson *l;

	if (!rc->mp)
		return 0;
	l = lesson_at(rc->mp, disc, day, 255, 255);
	return l ? l->teacher : 0;
}

size_t ej_mp_group(const struct ej_mp_hit *h, size_t n, size_t i, char *buf, size_t size)
{
	size_t j, off = 0;

	buf[0] = '\0';
	for (j = i; j < n && h[j].disc == h[i].disc && h[j].student == h[i].student &&
		    h[j].day == h[i].day; j++) {
		int w = snprintf(buf + off, off < size ? size - off : 0, "%s%s", j > i ? ", " : "",
				 h[j].value);
		if (w > 0 && off + (size_t)w < size)
			off += (size_t)w;
	}
	return j;
}

void ej_mp_free(struct ej_rctx *rc)
{
	struct ej_markpass *mp;
	int k;

	if (rc->mp_job) {
		struct ej_err ignored;
		struct ej_err *keep = rc->err;
		rc->err = &ignored;   /* the run ended early: keep its own message */
		mp_join(rc);
		rc->err = keep;
	}
	mp = rc->mp;
	if (!mp)
		return;
	free(mp->stats);
	h2_free(&mp->stat_ix);
	for (k = 0; k < MP_KINDS; k++)
		free(mp->hits[k]);
	free(mp->stays);
	h2_free(&mp->stay_ix);
	free(mp->stu_first);
	free(mp->lessons);
	h2_free(&mp->lesson_ix);
	h2_free(&mp->day_ix);
	h2_free(&mp->ctl_day);
	h2_free(&mp->ctl_mark);
	free(mp->batch_exp);
	free(mp);
	rc->mp = NULL;
}
