/*
** markpass.h — one sequential pass over the mark table shared by the rules
** that look at marks (D01, D02, D04, S03, T02, T03, G04, G05, A01, G02, G03).
**
** A large college holds ≈1 M marks: a query per rule with a lookup per mark
** is too slow, so the pass reads every mark once, in storage order, checks
** the per-mark conditions in C against in-memory indexes (stays, lesson
** days, batches), and keeps (a) the marks that breach a per-mark rule as
** "hits" and (b) per discipline × student sums for the period, each
** semester and the year.  ej_check_run() starts it in a thread over a second
** read-only connection and runs the rules that do not need it meanwhile; the
** thread reads the run's caches (never changed after it starts) and writes
** only its own struct.  Private to lib/rules.
*/
#ifndef EJ_RULES_MARKPASS_H
#define EJ_RULES_MARKPASS_H

#include "rules/rules_ctx.h"

enum ej_mp_kind { MP_D01, MP_D02, MP_D04, MP_S03, MP_T02, MP_T03, MP_G05, MP_KINDS };

/* Sums of one student in one discipline: [0] period, [1] semester 1,
** [2] semester 2, [3] the academic year. */
struct ej_mp_stat {
	int64_t disc, student;
	int grades[4];          /* 5 4 3 2 1 зач незач */
	int missed[4];          /* н б у */
	double wsum[4], wtot[4];   /* weighted numeric marks */
};

struct ej_mp_hit {
	int64_t disc, student, teacher;   /* teacher: the lesson's, 0 = unknown */
	ej_day day;
	int pair, subgroup, seq;
	int extra;              /* S03: the student's own subgroup; T02/T03: delay days */
	bool written;           /* T02: a written work (grace applies) */
	char value[16];
	char ts[20];            /* T02 recorded_at, T03 modified_at, D04 recorded_at */
	char ts2[20];           /* D04: the batch's export time */
	bool both;              /* G05, first hit of a cell: it holds an absence and a grade */
	char vals[64];          /* G05, likewise: the cell's values by seq («н/5») */
};

/* Start the pass in a thread over a second read-only connection (when the
** database is a file); ej_mp_run() then waits for it.  Silently does
** nothing when that is not possible. */
void ej_mp_start(struct ej_rctx *rc);
/* Run (or wait for) the pass once per check run; later calls return at once. */
int ej_mp_run(struct ej_rctx *rc);
/* Hits of a kind, sorted by discipline, student, day, pair, seq. */
const struct ej_mp_hit *ej_mp_hits(const struct ej_rctx *rc, enum ej_mp_kind k, size_t *n);
/* Sums for a discipline × student (never NULL: zeros when none). */
const struct ej_mp_stat *ej_mp_stat(const struct ej_rctx *rc, int64_t disc, int64_t student);
/* G04: does the pass hold a mark other than «оп» of student in this cell
** of a day with a control lesson of the discipline (within the period)? */
bool ej_mp_control_marked(const struct ej_rctx *rc, int64_t disc, int64_t student, ej_day day,
			  int pair);
/* The teacher of the discipline's lesson that day (0 = none). */
int64_t ej_mp_lesson_teacher(const struct ej_rctx *rc, int64_t disc, ej_day day);
/* From hits[i], the run of hits of the same discipline, student and day:
** returns the index past it and joins their values into buf («5, 4»). */
size_t ej_mp_group(const struct ej_mp_hit *h, size_t n, size_t i, char *buf, size_t size);
void ej_mp_free(struct ej_rctx *rc);

#endif
