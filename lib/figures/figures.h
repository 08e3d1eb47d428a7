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
** marks of the semesters the period touches (EJ_FIG_FINALS; year finals when
** it touches semester 2).  For a group over all disciplines, and for a
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

/* The row of an entity (teacher, discipline, group or student id; for
** STUDENT_DISC give both), or NULL.  Borrowed from t. */
const struct ej_fig_row *ej_fig_find(const struct ej_fig_table *t, int64_t id, int64_t id2);

/* Percentage a ÷ b × 100, or −1 when b == 0. */
double ej_fig_pct(long a, long b);

#endif
