/*
** import_batch.h — the write side of the store for `ejournal import`:
** one batch per run inside ONE transaction, the files it took, upserts of
** every imported entity, what it covers, and the mark history (formats.md
** «Errors and history»; schema.sql batch, import_file, coverage,
** mark_history).
**
** Life cycle: ej_istore_begin() (BEGIN IMMEDIATE, a new batch row, prepared
** statements) → ej_istore_load() to build the importer's lookups →
** ej_istore_* writes → ej_istore_finish() (history, batch export time,
** COMMIT) or ej_istore_abort() (ROLLBACK: the database is unchanged).
**
** Marks: for a (discipline, subgroup) that an earlier marks/grid batch
** covered, the new batch's marks are staged and compared in finish():
** a value that changed, a mark that appeared (dated up to the earlier
** batch's export day) or vanished (dated up to this batch's export day) gets
** a mark_history row with the old batch (the one that last set or covered
** it) and the new one; vanished marks are deleted.  Marks of combinations
** the batch does not cover are left alone.  Everything else is upserted:
** the later batch supersedes.
**
** Speed (docs/performance.md «Import»): the first batch of a database runs
** with the rollback journal when no other connection has it open (WAL again
** after).  Marks, lessons, plan, schedule and finals are kept and queued
** for a writer thread, which writes them a job at a time through one
** INSERT … SELECT from memory (store/rowfeed.h), so such a call may return
** before its row is written (a failure then comes from a later call or
** finish()); the caller runs ahead of the writer by up to a few tens of
** megabytes.  The batch's files and coverage are recorded in finish(), so
** they need no wait; every other call waits for the writer first.  A first
** import of marks (an empty mark table) drops mark's indexes, appends the
** rows and builds the indexes once, after the marks files.  Not for use by
** several threads: one caller thread per ej_istore.
**
** Text arguments: NULL or "" is stored as SQL NULL.  Dates are ISO
** 'YYYY-MM-DD', timestamps 'YYYY-MM-DD HH:MM:SS'.
*/
#ifndef EJ_STORE_IMPORT_BATCH_H
#define EJ_STORE_IMPORT_BATCH_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sqlite3.h>

#include "store/db.h"
#include "store/rowfeed.h"
#include "util/buf.h"
#include "util/err.h"

enum ej_ist_stmt {
	EJ_IST_FILE, EJ_IST_TEACHER_EXT, EJ_IST_TEACHER_NEW, EJ_IST_TEACHER_SETEXT, EJ_IST_GROUP, EJ_IST_STUDENT,
	EJ_IST_STAY_UPD, EJ_IST_STAY_INS, EJ_IST_DISC, EJ_IST_CURR, EJ_IST_PLAN,
	EJ_IST_SCHED, EJ_IST_LESSON, EJ_IST_FINAL, EJ_IST_MARK, EJ_IST_MARK_BULK, EJ_IST_NEWMARK,
	EJ_IST_COVER, EJ_IST_COVPREV,
	EJ_IST_COUNT
};

struct ej_iset {                /* a set of int64 keys (open addressing) */
	int64_t *keys;
	size_t cap, n;
};

struct ej_ipend {               /* rows of one kind waiting to be written */
	int kind;                    /* enum ej_ist_stmt; EJ_IST_COUNT = build mark's
				     ** indexes; -1 = empty */
	int cols;
	size_t rows;
	struct ej_rowval *pv;        /* rows × cols values (texts in text) */
	size_t apv;
	struct ej_buf text;          /* their texts, NUL-terminated */
	size_t bytes;                /* memory it holds (while queued) */
	struct ej_ipend *next;
};

struct ej_icover {              /* what an earlier marks/grid batch covered */
	int64_t key;                 /* discipline << 8 | subgroup */
	int64_t batch;
	char day[11];                /* its export day */
};

struct ej_ifile {               /* a file of the batch, recorded in finish() */
	char *sha, *name, *kind;
	long rows;
};

struct ej_istore {
	struct ej_db *db;
	int64_t batch;
	sqlite3_stmt *st[EJ_IST_COUNT];
	struct ej_iset covered;      /* (discipline, subgroup, kind) covered by this batch */
	int64_t *cover_new;          /* the same, in order, written in finish() */
	size_t ncover_new, acover_new;
	struct ej_icover *cover_old; /* earlier coverage, sorted by key */
	size_t ncover_old;
	struct ej_iset compare;      /* (discipline, subgroup) an earlier batch covered */
	struct ej_ifile *files;      /* the batch's files */
	size_t nfiles, afiles;
	long staged;                 /* marks staged for comparison */
	bool restore_wal;            /* the batch runs with the rollback journal */
	bool mark_empty;             /* no marks before the batch: bulk load allowed */
	bool mark_bulk;              /* mark's indexes dropped, rebuilt in finish() */
	char **mark_idx;             /* their CREATE INDEX statements */
	size_t nmark_idx;
	struct ej_ipend *fill;       /* being filled by the caller */
	struct ej_rowval *cur;       /* the row being filled */
	sqlite3_stmt *multi[EJ_IST_COUNT];   /* INSERT … SELECT FROM the feed */
	struct ej_rowfeed feed;      /* the rows being written */
	bool feed_on;                /* the feed table is registered */
	/* The writer thread writes queued rows, oldest first, while the caller
	** reads on; every other use of the connection waits until the queue is
	** empty. */
	pthread_t thr;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool thr_on, quit;
	struct ej_ipend *qhead, *qtail;  /* handed to the writer; the head is its job */
	struct ej_ipend *spare;      /* emptied, for reuse */
	size_t qbytes, nspare;
	int wrc;                     /* the writer's first failure (message in werr) */
	struct ej_err werr;
};

struct ej_history_stats {
	long changed, appeared, vanished;
};

/* Is a file with this SHA-256 (hex) already imported?  1 yes (its recorded
** name in *name, caller frees, may be NULL), 0 no, -1 on a database error. */
int ej_istore_file_known(struct ej_db *db, const char *sha, char **name);

/* Start the batch: transaction, batch row (imported_at = now), statements. */
int ej_istore_begin(struct ej_istore *s, struct ej_db *db, const char *imported_at,
		    struct ej_err *err);
/* Record an imported file (its content checksum makes a re-import a no-op);
** written to import_file in finish(). */
int ej_istore_add_file(struct ej_istore *s, const char *sha, const char *name,
		       const char *kind, long rows, struct ej_err *err);

/*
** Existing data for the importer's lookups; fn is called once per row with
** the fields below (ids in id[], texts in text[], NULL when SQL NULL):
**   TEACHERS     id[0]=id                 text: ext_id, name, short_name
**   GROUPS       id[0]=id                 text: name
**   STUDENTS     id[0]=student, id[1]=group (0 = no stay), id[2]=subgroup
**                                          text: ext_id, name, short_name, enrolled, left_on
**   DISCIPLINES  id[0]=id, id[1]=group    text: code, name
**   LESSONS      id[0]=discipline, id[1]=subgroup, id[2]=pair  text: date
*/
enum ej_istore_set { EJ_IS_TEACHERS, EJ_IS_GROUPS, EJ_IS_STUDENTS, EJ_IS_DISCIPLINES,
		     EJ_IS_LESSONS };
struct ej_istore_row {
	int64_t id[3];
	const char *text[5];
};
int ej_istore_load(struct ej_istore *s, enum ej_istore_set what,
		   void (*fn)(void *ctx, const struct ej_istore_row *row), void *ctx,
		   struct ej_err *err);

/* Upserts returning the row id (> 0), or -1 with err filled. */
int64_t ej_istore_teacher(struct ej_istore *s, const char *ext_id, const char *name,
			  const char *short_name, const char *department, struct ej_err *err);
/* Give a teacher added by name (no ID yet) its ID and department. */
int ej_istore_teacher_set_ext(struct ej_istore *s, int64_t id, const char *ext_id,
			      const char *department, struct ej_err *err);
int64_t ej_istore_group(struct ej_istore *s, const char *name, const char *specialty,
			long course, int64_t curator_id, const char *department,
			struct ej_err *err);
int64_t ej_istore_student(struct ej_istore *s, const char *ext_id, const char *name,
			  const char *short_name, const char *birth_date, struct ej_err *err);
int ej_istore_stay(struct ej_istore *s, int64_t student, int64_t group, long subgroup,
		   const char *enrolled, const char *left_on, struct ej_err *err);
int64_t ej_istore_discipline(struct ej_istore *s, int64_t group, const char *code,
			     const char *name, struct ej_err *err);

struct ej_istore_curriculum {
	int64_t discipline, teacher;   /* teacher 0 = none */
	long semester, subgroup, control_works;   /* control_works < 0 = none */
	double hours, theory, practice, lab;      /* < 0 = none (except hours) */
	const char *attestation;
};
int ej_istore_curriculum(struct ej_istore *s, const struct ej_istore_curriculum *c,
			 struct ej_err *err);

struct ej_istore_plan {
	int64_t discipline;
	long subgroup, lesson_no, week, semester;  /* week, semester 0 = none */
	const char *section, *topic, *lesson_type, *planned_date, *homework;
	double hours;
};
int ej_istore_plan(struct ej_istore *s, const struct ej_istore_plan *p, struct ej_err *err);

struct ej_istore_schedule {
	int64_t discipline, teacher;
	long subgroup, pair;
	const char *date, *room;
	double hours;
};
int ej_istore_schedule(struct ej_istore *s, const struct ej_istore_schedule *r,
		       struct ej_err *err);

struct ej_istore_lesson {
	int64_t discipline, teacher, substitute_for;  /* 0 = none */
	long subgroup, pair;
	int attendance_taken;                          /* 1, 0, -1 = unknown */
	const char *date, *topic, *lesson_type, *homework, *substitute_note, *recorded_at;
	double hours;
};
int ej_istore_lesson(struct ej_istore *s, const struct ej_istore_lesson *l, struct ej_err *err);

struct ej_istore_final {
	int64_t discipline, student;
	long semester;                                 /* 1, 2, 0 = year */
	const char *final_kind, *value, *recorded_at;
};
int ej_istore_final(struct ej_istore *s, const struct ej_istore_final *f, struct ej_err *err);

struct ej_istore_mark {
	int64_t discipline, student;
	long subgroup, pair, seq;
	const char *date, *value, *mark_kind, *recorded_at, *modified_at;
	double weight;
};
/* kind: "marks" or "grid" (what the coverage row says). */
int ej_istore_mark(struct ej_istore *s, const char *kind, const struct ej_istore_mark *m,
		   struct ej_err *err);
/* The marks files are read: the indexes a bulk load of marks dropped are
** built now (by the writer thread, while the caller reads on, when there is
** one); later marks keep them up to date row by row.  Optional: finish()
** builds them otherwise. */
int ej_istore_marks_done(struct ej_istore *s, struct ej_err *err);
/* Record that the batch covers (discipline, subgroup) for kind (marks|grid|lessons);
** written to coverage in finish().  Earlier coverage is read in begin(). */
int ej_istore_cover(struct ej_istore *s, int64_t discipline, long subgroup, const char *kind,
		    struct ej_err *err);

/* History, the batch's export time and sources, COMMIT.  stats may be NULL. */
int ej_istore_finish(struct ej_istore *s, const char *exported_at, const char *source,
		     struct ej_history_stats *stats, struct ej_err *err);
/* ROLLBACK and release; NULL-safe on a never-begun store. */
void ej_istore_abort(struct ej_istore *s);

#endif
