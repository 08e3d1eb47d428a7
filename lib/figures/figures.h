/*
** figures.h — the numbers the documents show, in one place (rules.md
** «Figures the reports derive»).  Monthly and semester reports, the summary
** workbook and student reports all call this; nobody else computes them.
**
** Definitions (over a scope: period + filters):
**  - N (students counted): enrolled in the group at the period's end, less
**    the exempt (only «осв» in the discipline) and those with no mark at
**    all; «н/а» counts in N; students who left are out.
**  - success % (успеваемость абсолютная): counted students whose marks are
**    all 5, 4, 3 or зач, ÷ N × 100.
**  - quality % (качество знаний): counted students whose marks are all 5 or
**    4 (or зач), ÷ N × 100.
**  - mean (средний балл): weighted mean of numeric marks (current marks
**    carry their weight, finals weigh 1).
**  - missed hours (пропуски): academic hours of lessons with «н» (without a
**    good reason) and «б», «у» (excused); a lesson's hours, 2 when unknown.
**  - fill rates: lessons with a topic, with homework, entered on the lesson
**    day — each ÷ lessons held × 100.  A lesson whose recorded_at is unknown
**    counts as on time (rule T01 cannot call it late).
**  - hours: held in the period; plan hours due by min(period end, newest
**    export day); curriculum hours of the semesters the period touches;
**    lag = plan due − held (positive = behind).
**
** "Marks" are the current marks of the period (EJ_FIG_CURRENT) or the final
** marks (EJ_FIG_FINALS): one per student × discipline, chosen as
** ej_fig_final_rank() says.  For a group over all disciplines, and for a
** teacher over theirs, a student is counted when counted in any one
** discipline, and succeeds only when succeeding in every counted one; a
** teacher's N counts student × discipline pairs.
** A percentage with N = 0 (or no lessons) is reported as −1 ("no data").
*/
#ifndef EJ_FIGURES_FIGURES_H
#define EJ_FIGURES_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/scope.h"
#include "util/config.h"
#include "util/err.h"

enum ej_fig_level {
	EJ_FIG_TEACHER,       /* one row per teacher (lesson teacher for fill; curriculum teacher for marks) */
	EJ_FIG_GROUP_DISC,    /* one row per group × discipline */
	EJ_FIG_GROUP,         /* one row per group, all disciplines */
	EJ_FIG_STUDENT,       /* one row per student × group, all disciplines */
	EJ_FIG_STUDENT_DISC   /* one row per student × discipline */
};

enum ej_fig_basis { EJ_FIG_CURRENT, EJ_FIG_FINALS };

struct ej_fig_fill {
	long lessons, with_topic, with_homework, on_time, recorded_known;
	double hours_held;
	double pct_topic, pct_homework, pct_on_time;   /* −1 when no lessons */
};

struct ej_fig_marks {
	long students;        /* N */
	long success, quality, exempt, no_marks;
	long grades;          /* numeric marks, зач/незач, н/а */
	long count5, count4, count3, count2;   /* 2 includes 1 */
	double mean;          /* −1 when no numeric mark */
	double pct_success, pct_quality;       /* −1 when N = 0 */
};

struct ej_fig_absence {
	double hours_excused;     /* б, у */
	double hours_unexcused;   /* н */
	double hours_total;
};

struct ej_fig_hours {
	double held, plan_due, curriculum, lag;
};

/*
** A discipline taught in subgroups (formats.md): each subgroup gets the
** curriculum's hours, and held, plan and curriculum hours are compared per
** subgroup — a subgroup's held hours are its own lessons plus the
** whole-group ones; its plan and curriculum are its own rows, else the
** whole group's.  The discipline's row carries the sums over its subgroups
** (both sides summed, so coverage and lag stay comparable) and, in sub[],
** each subgroup's own figures.
*/
#define EJ_FIG_MAX_SUB 4

struct ej_fig_sub {
	int subgroup;               /* 1, 2, … */
	int64_t teacher_id;         /* the subgroup's curriculum (else lesson) teacher, 0 = none */
	char teacher_short[96];     /* «Фамилия И. О.», "" when unknown */
	struct ej_fig_hours hours;
};

struct ej_fig_row {
	enum ej_fig_level level;
	int64_t teacher_id, group_id, discipline_id, student_id;   /* 0 = not this level's key */
	/* Owned names (NULL when not applicable). */
	char *teacher, *teacher_short, *group, *discipline_code, *discipline_name;
	char *student, *student_short;
	struct ej_fig_fill fill;        /* TEACHER, GROUP_DISC, GROUP */
	struct ej_fig_marks marks;
	struct ej_fig_absence absence;
	struct ej_fig_hours hours;      /* GROUP_DISC (and summed for TEACHER, GROUP) */
	/* GROUP_DISC of a discipline taught in subgroups: one entry per
	** subgroup (nsub ≥ 1); nsub = 0 for a whole-group discipline. */
	struct ej_fig_sub sub[EJ_FIG_MAX_SUB];
	int nsub;
};

struct ej_fig_table {
	struct ej_fig_row *rows;
	size_t n, alloc;
};

void ej_fig_table_init(struct ej_fig_table *t);
void ej_fig_table_release(struct ej_fig_table *t);

/*
** Fill t (appending) with one row per entity of the level inside the scope,
** ordered by name (teacher short name; group, discipline index; student).
** The scope's filters apply (teacher: rows whose teacher is that one —
** STUDENT rows carry no teacher, so a teacher filter leaves none of them;
** use STUDENT_DISC).
** Returns 0 or an EJ_E* code with err filled.
*/
int ej_figures(struct ej_db *db, const struct ej_config *cfg, const struct ej_scope *scope,
	       enum ej_fig_level level, enum ej_fig_basis basis,
	       struct ej_fig_table *t, struct ej_err *err);

/*
** Several tables over one scope at once: the scope's marks, finals,
** absences and lessons are read once (one ordered pass over the period's
** marks through the (discipline_id, date, …) key) and every request gets
** its level and basis from those facts.  Equivalent to calling
** ej_figures() for each request, only faster.
*/
struct ej_fig_req {
	enum ej_fig_level level;
	enum ej_fig_basis basis;
	struct ej_fig_table *out;
};

int ej_figures_many(struct ej_db *db, const struct ej_config *cfg, const struct ej_scope *scope,
		    const struct ej_fig_req *req, size_t nreq, struct ej_err *err);

/*
** The same in a thread over a second read-only connection to the database
** file, so a document can run its check meanwhile: ej_figures_start()
** never fails (on an in-memory database, or when no thread can start,
** ej_figures_join() does the work inline on db).  Until the join, the
** caller must not touch req[].out, and cfg, scope and req must stay alive.
** ej_figures_join() returns what ej_figures_many() would, and frees the job.
*/
struct ej_fig_job;

struct ej_fig_job *ej_figures_start(struct ej_db *db, const struct ej_config *cfg,
				    const struct ej_scope *scope,
				    const struct ej_fig_req *req, size_t nreq);
int ej_figures_join(struct ej_fig_job *job, struct ej_err *err);

/*
** FINALS: one final per student × discipline — the one the summary
** workbook shows.  Lower rank wins: the year mark (semester 0) first, then
** the newest semester's; within a semester the attestation: exam, diff
** credit, credit, then the semester final («семестровая»), «годовая»,
** «итоговая», anything else.  Finals of a semester count when the scope is
** that semester (--semester N: only N's finals); a period without
** --semester takes the semesters it touches and the year marks when it
** touches semester 2.
*/
int ej_fig_final_rank(int semester, const char *final_kind);

/* The row of an entity (teacher, discipline, group or student id; for
** STUDENT_DISC give both), or NULL.  Borrowed from t. */
const struct ej_fig_row *ej_fig_find(const struct ej_fig_table *t, int64_t id, int64_t id2);

/* Percentage a ÷ b × 100, or −1 when b == 0. */
double ej_fig_pct(long a, long b);

#endif
