/*
** import_batch.c — batches, upserts, coverage and mark history (see
** import_batch.h).
*/
#include "store/import_batch.h"
#include "util/sort.h"
#include "util/xalloc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sql[EJ_IST_COUNT] = {
	[EJ_IST_FILE] =
		"INSERT INTO import_file(sha256, batch_id, name, kind, rows) VALUES(?,?,?,?,?)",
	[EJ_IST_TEACHER_EXT] =
		"INSERT INTO teacher(ext_id, name, short_name, department) VALUES(?,?,?,?) "
		"ON CONFLICT(ext_id) DO UPDATE SET name = excluded.name, "
		"short_name = excluded.short_name, "
		"department = coalesce(excluded.department, department) RETURNING id",
	[EJ_IST_TEACHER_NEW] =
		"INSERT INTO teacher(ext_id, name, short_name, department) VALUES(NULL,?,?,?) "
		"RETURNING id",
	[EJ_IST_TEACHER_SETEXT] =
		"UPDATE teacher SET ext_id = ?, department = coalesce(?, department) "
		"WHERE id = ? AND ext_id IS NULL",
	[EJ_IST_GROUP] =
		"INSERT INTO grp(name, specialty, course, curator_id, department) VALUES(?,?,?,?,?) "
		"ON CONFLICT(name) DO UPDATE SET specialty = coalesce(excluded.specialty, specialty), "
		"course = coalesce(excluded.course, course), "
		"curator_id = coalesce(excluded.curator_id, curator_id), "
		"department = coalesce(excluded.department, department) RETURNING id",
	[EJ_IST_STUDENT] =
		"INSERT INTO student(ext_id, name, short_name, birth_date) VALUES(?,?,?,?) "
		"ON CONFLICT(ext_id) DO UPDATE SET name = excluded.name, "
		"short_name = excluded.short_name, "
		"birth_date = coalesce(excluded.birth_date, birth_date) RETURNING id",
	[EJ_IST_STAY_UPD] =
		"UPDATE stay SET subgroup = ?1, left_on = ?2 "
		"WHERE student_id = ?3 AND group_id = ?4 AND enrolled IS ?5",
	[EJ_IST_STAY_INS] =
		"INSERT INTO stay(subgroup, left_on, student_id, group_id, enrolled) "
		"VALUES(?1,?2,?3,?4,?5)",
	[EJ_IST_DISC] =
		"INSERT INTO discipline(group_id, code, name) VALUES(?,?,?) "
		"ON CONFLICT(group_id, code) DO UPDATE SET name = CASE "
		"WHEN excluded.name <> excluded.code THEN excluded.name ELSE name END RETURNING id",
	[EJ_IST_CURR] =
		"INSERT INTO curriculum(discipline_id, semester, subgroup, hours, theory, practice, "
		"lab, control_works, attestation, teacher_id, batch_id) VALUES(?,?,?,?,?,?,?,?,?,?,?) "
		"ON CONFLICT(discipline_id, semester, subgroup) DO UPDATE SET hours = excluded.hours, "
		"theory = excluded.theory, practice = excluded.practice, lab = excluded.lab, "
		"control_works = excluded.control_works, attestation = excluded.attestation, "
		"teacher_id = excluded.teacher_id, batch_id = excluded.batch_id",
	[EJ_IST_PLAN] =
		"INSERT INTO plan(discipline_id, subgroup, lesson_no, section, topic, hours, "
		"lesson_type, week, planned_date, semester, homework, batch_id) "
		"VALUES(?,?,?,?,?,?,?,?,?,?,?,?) "
		"ON CONFLICT(discipline_id, subgroup, lesson_no) DO UPDATE SET "
		"section = excluded.section, topic = excluded.topic, hours = excluded.hours, "
		"lesson_type = excluded.lesson_type, week = excluded.week, "
		"planned_date = excluded.planned_date, semester = excluded.semester, "
		"homework = excluded.homework, batch_id = excluded.batch_id",
	[EJ_IST_SCHED] =
		"INSERT INTO schedule(date, pair, discipline_id, subgroup, teacher_id, room, hours, "
		"batch_id) VALUES(?,?,?,?,?,?,?,?) "
		"ON CONFLICT(date, pair, discipline_id, subgroup) DO UPDATE SET "
		"teacher_id = excluded.teacher_id, room = excluded.room, hours = excluded.hours, "
		"batch_id = excluded.batch_id",
	[EJ_IST_LESSON] =
		"INSERT INTO lesson(discipline_id, subgroup, date, pair, teacher_id, topic, "
		"lesson_type, hours, homework, substitute_note, substitute_for, recorded_at, "
		"attendance_taken, batch_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
		"ON CONFLICT(discipline_id, subgroup, date, pair) DO UPDATE SET "
		"teacher_id = excluded.teacher_id, topic = excluded.topic, "
		"lesson_type = excluded.lesson_type, hours = excluded.hours, "
		"homework = excluded.homework, substitute_note = excluded.substitute_note, "
		"substitute_for = excluded.substitute_for, recorded_at = excluded.recorded_at, "
		"attendance_taken = excluded.attendance_taken, batch_id = excluded.batch_id",
	[EJ_IST_FINAL] =
		"INSERT INTO final(discipline_id, student_id, semester, final_kind, value, "
		"recorded_at, batch_id) VALUES(?,?,?,?,?,?,?) "
		"ON CONFLICT(discipline_id, student_id, semester, final_kind) DO UPDATE SET "
		"value = excluded.value, recorded_at = excluded.recorded_at, "
		"batch_id = excluded.batch_id",
	[EJ_IST_MARK] =
		"INSERT INTO mark(discipline_id, subgroup, date, pair, student_id, seq, value, "
		"mark_kind, weight, recorded_at, modified_at, batch_id) "
		"VALUES(?,?,?,?,?,?,?,?,?,?,?,?) "
		"ON CONFLICT(discipline_id, date, pair, student_id, seq) DO UPDATE SET "
		"subgroup = excluded.subgroup, value = excluded.value, "
		"mark_kind = excluded.mark_kind, weight = excluded.weight, "
		"recorded_at = excluded.recorded_at, modified_at = excluded.modified_at, "
		"batch_id = excluded.batch_id",
	/* A first import: no index on mark yet (mark_bulk_start). */
	[EJ_IST_MARK_BULK] =
		"INSERT INTO mark(discipline_id, subgroup, date, pair, student_id, seq, value, "
		"mark_kind, weight, recorded_at, modified_at, batch_id) "
		"VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
	[EJ_IST_NEWMARK] =
		"INSERT OR REPLACE INTO temp.new_mark(discipline_id, subgroup, date, pair, "
		"student_id, seq, value, mark_kind, weight, recorded_at, modified_at) "
		"VALUES(?,?,?,?,?,?,?,?,?,?,?)",
	[EJ_IST_COVER] =
		"INSERT OR IGNORE INTO coverage(batch_id, discipline_id, subgroup, kind) "
		"VALUES(?,?,?,?)",
	[EJ_IST_COVPREV] =
		"INSERT OR IGNORE INTO temp.cov_prev(discipline_id, subgroup, prev_batch, prev_day) "
		"VALUES(?1, ?2, ?3, ?4)",
};

/* ---- a small int64 set --------------------------------------------------- */

static uint64_t mix(int64_t k)
{
	uint64_t x = (uint64_t)k;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

/* Insert key (≠ INT64_MIN); returns 1 when new, 0 when present. */
static int iset_add(struct ej_iset *s, int64_t key)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		struct ej_iset big = { 0 };
		big.cap = s->cap ? s->cap * 2 : 64;
		big.keys = ej_malloc(big.cap * sizeof(int64_t));
		for (i = 0; i < big.cap; i++)
			big.keys[i] = INT64_MIN;
		for (i = 0; i < s->cap; i++)
			if (s->keys[i] != INT64_MIN)
				iset_add(&big, s->keys[i]);
		free(s->keys);
		*s = big;
	}
	for (i = mix(key) & (s->cap - 1); s->keys[i] != INT64_MIN; i = (i + 1) & (s->cap - 1))
		if (s->keys[i] == key)
			return 0;
	s->keys[i] = key;
	s->n++;
	return 1;
}

static bool iset_has(const struct ej_iset *s, int64_t key)
{
	size_t i;

	if (!s->cap)
		return false;
	for (i = mix(key) & (s->cap - 1); s->keys[i] != INT64_MIN; i = (i + 1) & (s->cap - 1))
		if (s->keys[i] == key)
			return true;
	return false;
}

/* ---- helpers ----------------------------------------------------------------- */

static int fail(struct ej_istore *s, struct ej_err *err, const char *what)
{
	return ej_db_fail(s->db, err, what);
}

/* Step a statement that returns nothing; reset it.  0 or EJ_EIO. */
static int run(struct ej_istore *s, sqlite3_stmt *st, struct ej_err *err, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail(s, err, what);
	return EJ_OK;
}

/* Step a RETURNING id statement; the id or -1. */
static int64_t run_id(struct ej_istore *s, sqlite3_stmt *st, struct ej_err *err,
		      const char *what)
{
	int rc = sqlite3_step(st);
	int64_t id = -1;

	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else
		fail(s, err, what);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	return id;
}

static void bind_id(sqlite3_stmt *st, int i, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

/* Text that outlives the step (the caller's): no copy; "" and NULL → NULL. */
static void bind_static(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_real(sqlite3_stmt *st, int i, double v)
{
	if (v >= 0)
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* ---- pending rows ---------------------------------------------------------------- */

/*
** The many-row kinds (marks not staged for comparison, lessons, plan,
** schedule, finals) are not stepped one row at a time: a statement costs
** its cursors, its halt and its allocations whatever the row count, and a
** bind per value costs more than the insert itself.  So rows are kept
** (values copied) and written a job at a time by one INSERT … SELECT from
** the feed table (store/rowfeed.h), upserts included: the rows are applied
** in order, as one by one.
**
** Up to JOB_ROWS rows are handed at once to a writer thread, which steps
** them while the caller parses the next ones (two cores: reading and
** SQLite overlap).  The connection is only ever used by one thread at a
** time: any other store call first waits until the writer is idle with
** nothing pending (pend_flush), so the order of effects is unchanged.  A
** failure of the writer is reported by the next call, as an I/O error of
** the batch (which then rolls back).  Without a thread (pthread_create
** failed) the rows are written by the caller.
*/
#define JOB_ROWS 2048
#define FEED_TABLE "ej_pending"

static const char *const pend_what[EJ_IST_COUNT] = {
	[EJ_IST_MARK] = "mark", [EJ_IST_MARK_BULK] = "mark", [EJ_IST_LESSON] = "lesson",
	[EJ_IST_PLAN] = "plan", [EJ_IST_SCHED] = "schedule", [EJ_IST_FINAL] = "final",
};

/* sql[kind] with its VALUES(?,…) as SELECT c1, …, cN FROM the feed. */
static sqlite3_stmt *pend_stmt(struct ej_istore *s, int kind, int cols, struct ej_err *err)
{
	const char *q = sql[kind], *v = strstr(q, "VALUES("), *close;
	struct ej_buf b;
	int c;

	if (s->multi[kind])
		return s->multi[kind];
	if (!v || !(close = strchr(v, ')')) || cols > EJ_ROWFEED_COLS) {
		ej_err_set(err, EJ_EIO, "%s: internal error: no bulk statement for %s",
			   s->db->path, pend_what[kind]);
		return NULL;
	}
	ej_buf_init(&b, 0);
	ej_buf_add(&b, q, (size_t)(v - q));
	ej_buf_adds(&b, "SELECT ");
	for (c = 1; c <= cols; c++)
		ej_buf_printf(&b, "%sc%d", c > 1 ? ", " : "", c);
	/* WHERE 1: an ON CONFLICT after a bare FROM would parse as a join. */
	ej_buf_adds(&b, " FROM " FEED_TABLE " WHERE 1");
	ej_buf_adds(&b, close + 1);
	s->multi[kind] = ej_db_prepare(s->db, ej_buf_str(&b), err);
	ej_buf_release(&b);
	return s->multi[kind];
}

static void pend_clear(struct ej_ipend *p)
{
	p->rows = 0;
	p->kind = -1;
	ej_buf_reset(&p->text);
}

/* Write the rows of p; p is empty after. */
static int pend_write(struct ej_istore *s, struct ej_ipend *p, struct ej_err *err)
{
	sqlite3_stmt *st;
	int rc = EJ_OK;

	if (p->kind >= 0 && p->rows) {
		if (!(st = pend_stmt(s, p->kind, p->cols, err))) {
			rc = EJ_EIO;
		} else {
			s->feed.v = p->pv;
			s->feed.text = p->text.data;
			s->feed.rows = p->rows;
			s->feed.cols = p->cols;
			rc = run(s, st, err, pend_what[p->kind]);
			s->feed.rows = 0;
		}
	}
	pend_clear(p);
	return rc;
}

/* Jobs other than rows (their ej_ipend has no rows). */
enum { JOB_INDEX_DROP = EJ_IST_COUNT, JOB_INDEX_BUILD };

static int mark_bulk_start(struct ej_istore *s, struct ej_err *err);
static int mark_bulk_end(struct ej_istore *s, struct ej_err *err);
static int cover_load(struct ej_istore *s, struct ej_err *err);

/* Do one queued job. */
static int job_run(struct ej_istore *s, struct ej_ipend *p, struct ej_err *err)
{
	int kind = p->kind;

	if (kind >= EJ_IST_COUNT) {
		p->kind = -1;
		return kind == JOB_INDEX_DROP ? mark_bulk_start(s, err) : mark_bulk_end(s, err);
	}
	return pend_write(s, p, err);
}

/* Queue a job that is not rows (behind the rows filled so far). */
static int pend_submit(struct ej_istore *s, struct ej_err *err);
static int job_submit(struct ej_istore *s, int kind, struct ej_err *err)
{
	int rc;

	if ((rc = pend_submit(s, err)))
		return rc;
	s->fill->kind = kind;
	return pend_submit(s, err);
}

static void *writer_main(void *arg)
{
	struct ej_istore *s = arg;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		struct ej_ipend *p;
		struct ej_err e = { 0 };
		int rc = EJ_OK;
		bool drop;

		while (!s->qhead && !s->quit)
			pthread_cond_wait(&s->cv, &s->mu);
		if (!s->qhead)
			break;
		p = s->qhead;           /* stays queued until done */
		drop = s->wrc || s->quit;
		pthread_mutex_unlock(&s->mu);
		if (drop)
			pend_clear(p);          /* the batch is lost anyway */
		else
			rc = job_run(s, p, &e);
		pthread_mutex_lock(&s->mu);
		s->qhead = p->next;
		if (!s->qhead)
			s->qtail = NULL;
		s->qbytes -= p->bytes;
		p->next = s->spare;
		s->spare = p;
		s->nspare++;
		if (rc && !s->wrc) {
			s->wrc = rc;
			s->werr = e;
		}
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

static void writer_start(struct ej_istore *s)
{
	if (pthread_mutex_init(&s->mu, NULL))
		return;
	if (pthread_cond_init(&s->cv, NULL)) {
		pthread_mutex_destroy(&s->mu);
		return;
	}
	if (pthread_create(&s->thr, NULL, writer_main, s)) {
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
		return;
	}
	s->thr_on = true;
}

/* Stop the writer; what is still queued (an aborted batch) is dropped. */
static void writer_stop(struct ej_istore *s)
{
	if (!s->thr_on)
		return;
	pthread_mutex_lock(&s->mu);
	s->quit = true;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thr, NULL);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	s->thr_on = false;
}

static void pend_free(struct ej_ipend *p)
{
	free(p->pv);
	ej_buf_release(&p->text);
	free(p);
}

/* An empty buffer to fill: a spare one, or a new one.  With the lock held
** when there is a writer. */
static struct ej_ipend *pend_take(struct ej_istore *s)
{
	struct ej_ipend *p = s->spare;

	if (p) {
		s->spare = p->next;
		s->nspare--;
	} else {
		p = ej_calloc(1, sizeof(*p));
		ej_buf_init(&p->text, 0);
	}
	p->next = NULL;
	p->kind = -1;
	p->rows = 0;
	return p;
}

/* Memory the queue may hold: the caller runs ahead of the writer by this
** much at most (docs/performance.md «Import»: the writer catches up while
** the marks are read). */
#define QUEUE_CAP ((size_t)32 << 20)
#define SPARE_MAX 4

/*
** Hand the filled rows (or a job) over to the writer, without waiting for
** it unless the queue holds QUEUE_CAP bytes; without a writer thread, do
** it here.  A failure of the writer so far is returned.
*/
static int pend_submit(struct ej_istore *s, struct ej_err *err)
{
	struct ej_ipend *p = s->fill;
	int rc;

	if (p->kind < 0 || (p->kind < EJ_IST_COUNT && p->rows == 0)) {
		p->kind = -1;
		p->rows = 0;
		return EJ_OK;
	}
	if (!s->thr_on)
		return job_run(s, p, err);
	p->bytes = p->apv * sizeof(*p->pv) + p->text.alloc + sizeof(*p);
	pthread_mutex_lock(&s->mu);
	while (s->qhead && s->qbytes + p->bytes > QUEUE_CAP && !s->wrc)
		pthread_cond_wait(&s->cv, &s->mu);
	if ((rc = s->wrc)) {
		if (err)
			*err = s->werr;
		pthread_mutex_unlock(&s->mu);
		pend_clear(p);
		return rc;
	}
	if (s->qtail)
		s->qtail->next = p;
	else
		s->qhead = p;
	s->qtail = p;
	s->qbytes += p->bytes;
	/* Keep a few spare buffers; give back the memory of the others. */
	while (s->nspare > SPARE_MAX) {
		struct ej_ipend *x = s->spare;
		s->spare = x->next;
		s->nspare--;
		pend_free(x);
	}
	s->fill = pend_take(s);
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	return EJ_OK;
}

/* Everything queued written: the connection is the caller's. */
static int pend_flush(struct ej_istore *s, struct ej_err *err)
{
	int rc = pend_submit(s, err);

	if (rc || !s->thr_on)
		return rc;
	pthread_mutex_lock(&s->mu);
	while (s->qhead)
		pthread_cond_wait(&s->cv, &s->mu);
	if ((rc = s->wrc) && err)
		*err = s->werr;
	pthread_mutex_unlock(&s->mu);
	return rc;
}

/* Start a pending row of kind with ncols values (s->cur[0…]). */
static int pend_open(struct ej_istore *s, int kind, int ncols, struct ej_err *err)
{
	struct ej_ipend *p = s->fill;
	int rc;

	if (p->kind != kind && p->rows && (rc = pend_submit(s, err)))
		return rc;
	p = s->fill;
	p->kind = kind;
	p->cols = ncols;
	EJ_GROW(p->pv, (p->rows + 1) * (size_t)ncols, p->apv);
	s->cur = p->pv + p->rows * (size_t)ncols;
	return EJ_OK;
}

/* A row is complete: JOB_ROWS rows make a job. */
static int pend_close(struct ej_istore *s, struct ej_err *err)
{
	if (++s->fill->rows < JOB_ROWS)
		return EJ_OK;
	return pend_submit(s, err);
}

static void pv_int(struct ej_istore *s, int col, int64_t v)
{
	s->cur[col - 1].type = SQLITE_INTEGER;
	s->cur[col - 1].u.i = v;
}

static void pv_null(struct ej_istore *s, int col)
{
	s->cur[col - 1].type = SQLITE_NULL;
}

static void pv_real(struct ej_istore *s, int col, double v)
{
	s->cur[col - 1].type = SQLITE_FLOAT;
	s->cur[col - 1].u.d = v;
}

/* Text as given ("" stays ''); NULL → NULL. */
static void pv_text0(struct ej_istore *s, int col, const char *t)
{
	struct ej_buf *b = &s->fill->text;
	size_t n;

	if (!t) {
		pv_null(s, col);
		return;
	}
	n = strlen(t);
	s->cur[col - 1].type = SQLITE_TEXT;
	s->cur[col - 1].u.i = (int64_t)b->len;
	s->cur[col - 1].len = n > INT_MAX ? INT_MAX : (int)n;
	ej_buf_add(b, t, n + 1);
}

/* Text; "" and NULL → NULL (ej_db_bind_text). */
static void pv_text(struct ej_istore *s, int col, const char *t)
{
	if (t && *t)
		pv_text0(s, col, t);
	else
		pv_null(s, col);
}

/* ---- life cycle ---------------------------------------------------------------- */

int ej_istore_file_known(struct ej_db *db, const char *sha, char **name)
{
	sqlite3_stmt *st = NULL;
	int rc, known = -1;

	if (name)
		*name = NULL;
	if (sqlite3_prepare_v2(db->h, "SELECT name FROM import_file WHERE sha256 = ?", -1,
			       &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		known = 1;
		if (name)
			*name = ej_strdup((const char *)sqlite3_column_text(st, 0));
	} else if (rc == SQLITE_DONE) {
		known = 0;
	}
	sqlite3_finalize(st);
	return known;
}

/* The journal mode now ("wal", "delete"…) into out; "" when unknown. */
static void journal_mode(struct ej_db *db, const char *pragma, char out[16])
{
	sqlite3_stmt *st = NULL;

	out[0] = '\0';
	if (sqlite3_prepare_v2(db->h, pragma, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, 16, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/*
** A bulk load writes every page twice with WAL (the log, then the
** checkpoint) and once with the rollback journal, which keeps only the
** pages the batch overwrites (none in a new database).  So the first batch
** of a database (nothing imported yet: no reader can want its data) runs
** with the rollback journal (synchronous FULL: as crash-safe as WAL) when
** no one else has the database open; WAL comes back after COMMIT or
** ROLLBACK.  Later batches stay in WAL, so readers (a check, a print) go
** on reading the previous data while an import runs.  When the switch is
** refused (another connection), WAL stays.
*/
static void journal_for_batch(struct ej_istore *s)
{
	char mode[16];
	sqlite3_stmt *st = NULL;
	int fresh = 0;

	s->restore_wal = false;
	if (sqlite3_prepare_v2(s->db->h, "SELECT NOT EXISTS (SELECT 1 FROM batch)", -1, &st,
			       NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		fresh = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (!fresh)
		return;
	journal_mode(s->db, "PRAGMA journal_mode", mode);
	if (strcmp(mode, "wal"))
		return;
	sqlite3_busy_timeout(s->db->h, 0);
	journal_mode(s->db, "PRAGMA journal_mode = DELETE", mode);
	sqlite3_busy_timeout(s->db->h, 5000);
	if (strcmp(mode, "delete"))
		return;
	s->restore_wal = true;
	ej_db_exec(s->db, "PRAGMA synchronous = FULL", NULL);
}

/* Back to the connection's usual settings after the batch. */
static void journal_after_batch(struct ej_istore *s)
{
	char mode[16];

	if (s->restore_wal) {
		sqlite3_busy_timeout(s->db->h, 0);
		journal_mode(s->db, "PRAGMA journal_mode = WAL", mode);
		sqlite3_busy_timeout(s->db->h, 5000);
		ej_db_exec(s->db, "PRAGMA synchronous = NORMAL", NULL);
		s->restore_wal = false;
	}
	ej_db_exec(s->db, "PRAGMA foreign_keys = ON", NULL);
}

int ej_istore_begin(struct ej_istore *s, struct ej_db *db, const char *imported_at,
		    struct ej_err *err)
{
	sqlite3_stmt *st;
	int i, rc;

	memset(s, 0, sizeof(*s));
	s->db = db;
	s->fill = pend_take(s);
	journal_for_batch(s);
	/* Outside the transaction: a generous page cache, temp tables in memory. */
	/* The importer takes every id from the database itself, so the per-row
	** foreign-key lookups are redundant: off for the batch, on again after. */
	ej_db_exec(db, "PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY; "
		   "PRAGMA foreign_keys = OFF", NULL);
	if ((rc = ej_db_begin(db, err)))
		return rc;
	if ((rc = ej_db_exec(db,
		"CREATE TEMP TABLE IF NOT EXISTS new_mark(discipline_id INTEGER, subgroup INTEGER, "
		"date TEXT, pair INTEGER, student_id INTEGER, seq INTEGER, value TEXT, "
		"mark_kind TEXT, weight REAL, recorded_at TEXT, modified_at TEXT, "
		"PRIMARY KEY (discipline_id, date, pair, student_id, seq));"
		"CREATE TEMP TABLE IF NOT EXISTS cov_prev(discipline_id INTEGER, subgroup INTEGER, "
		"prev_batch INTEGER, prev_day TEXT, PRIMARY KEY (discipline_id, subgroup));"
		"DELETE FROM temp.new_mark; DELETE FROM temp.cov_prev;", err)))
		goto fail;
	st = ej_db_prepare(db, "SELECT NOT EXISTS (SELECT 1 FROM mark)", err);
	if (!st) {
		rc = EJ_EIO;
		goto fail;
	}
	s->mark_empty = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = ej_db_prepare(db, "INSERT INTO batch(imported_at, exported_at, source) "
			   "VALUES(?, ?, '') RETURNING id", err);
	if (!st) {
		rc = EJ_EIO;
		goto fail;
	}
	sqlite3_bind_text(st, 1, imported_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, imported_at, -1, SQLITE_STATIC);
	s->batch = run_id(s, st, err, "new batch");
	sqlite3_finalize(st);
	if (s->batch < 0) {
		rc = EJ_EIO;
		goto fail;
	}
	/* The queued kinds are written by pend_stmt()'s INSERT … SELECT only. */
	for (i = 0; i < EJ_IST_COUNT; i++)
		if (!pend_what[i] && !(s->st[i] = ej_db_prepare(db, sql[i], err))) {
			rc = EJ_EIO;
			goto fail;
		}
	if ((rc = cover_load(s, err)))
		goto fail;
	if (ej_rowfeed_register(db->h, FEED_TABLE, &s->feed) != SQLITE_OK) {
		rc = fail(s, err, "bulk rows");
		goto fail;
	}
	s->feed_on = true;
	writer_start(s);
	return EJ_OK;
fail:
	ej_istore_abort(s);
	return rc;
}

static void release(struct ej_istore *s)
{
	int i;

	writer_stop(s);
	for (i = 0; i < EJ_IST_COUNT; i++) {
		sqlite3_finalize(s->st[i]);
		sqlite3_finalize(s->multi[i]);
		s->st[i] = s->multi[i] = NULL;
	}
	if (s->feed_on) {
		/* The module points into s: gone with the batch. */
		sqlite3_create_module(s->db->h, FEED_TABLE, NULL, NULL);
		s->feed_on = false;
	}
	/* The stopped writer left the queue empty. */
	while (s->spare) {
		struct ej_ipend *x = s->spare;
		s->spare = x->next;
		pend_free(x);
	}
	s->nspare = 0;
	if (s->fill)
		pend_free(s->fill);
	s->fill = NULL;
	s->cur = NULL;
	for (i = 0; i < (int)s->nfiles; i++) {
		free(s->files[i].sha);
		free(s->files[i].name);
		free(s->files[i].kind);
	}
	free(s->files);
	s->files = NULL;
	s->nfiles = s->afiles = 0;
	free(s->cover_new);
	s->cover_new = NULL;
	s->ncover_new = s->acover_new = 0;
	free(s->cover_old);
	s->cover_old = NULL;
	s->ncover_old = 0;
	free(s->covered.keys);
	free(s->compare.keys);
	while (s->nmark_idx)
		free(s->mark_idx[--s->nmark_idx]);
	free(s->mark_idx);
	s->mark_idx = NULL;
	s->mark_bulk = false;
	memset(&s->covered, 0, sizeof(s->covered));
	memset(&s->compare, 0, sizeof(s->compare));
}

void ej_istore_abort(struct ej_istore *s)
{
	if (!s || !s->db)
		return;
	release(s);
	ej_db_rollback(s->db);
	journal_after_batch(s);
	s->db = NULL;
}

int ej_istore_add_file(struct ej_istore *s, const char *sha, const char *name,
		       const char *kind, long rows, struct ej_err *err)
{
	struct ej_ifile *f;

	(void)err;
	/* Nothing reads import_file during the batch (the importer compares
	** the batch's own files in memory): recorded in finish(), so the end of
	** a file is no reason to wait for the writer. */
	EJ_GROW(s->files, s->nfiles + 1, s->afiles);
	f = &s->files[s->nfiles++];
	f->sha = ej_strdup(sha);
	f->name = ej_strdup(name);
	f->kind = ej_strdup(kind);
	f->rows = rows;
	return EJ_OK;
}

int ej_istore_load(struct ej_istore *s, enum ej_istore_set what,
		   void (*fn)(void *ctx, const struct ej_istore_row *row), void *ctx,
		   struct ej_err *err)
{
	static const char *const q[] = {
		[EJ_IS_TEACHERS] = "SELECT id, 0, 0, ext_id, name, short_name, NULL, NULL FROM teacher",
		[EJ_IS_GROUPS] = "SELECT id, 0, 0, name, NULL, NULL, NULL, NULL FROM grp",
		[EJ_IS_STUDENTS] = "SELECT s.id, coalesce(y.group_id, 0), coalesce(y.subgroup, 0), "
			"s.ext_id, s.name, s.short_name, y.enrolled, y.left_on "
			"FROM student s LEFT JOIN stay y ON y.student_id = s.id ORDER BY s.id, y.enrolled",
		[EJ_IS_DISCIPLINES] = "SELECT id, group_id, 0, code, name, NULL, NULL, NULL "
			"FROM discipline",
		[EJ_IS_LESSONS] = "SELECT discipline_id, subgroup, pair, date, NULL, NULL, NULL, NULL "
			"FROM lesson ORDER BY discipline_id, date, pair",
	};
	sqlite3_stmt *st = ej_db_prepare(s->db, q[what], err);
	struct ej_istore_row row;
	int rc, i;

	if (pend_flush(s, err))
		return EJ_EIO;

	if (!st)
		return EJ_EIO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 3; i++)
			row.id[i] = sqlite3_column_int64(st, i);
		for (i = 0; i < 5; i++)
			row.text[i] = (const char *)sqlite3_column_text(st, 3 + i);
		fn(ctx, &row);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, err, "load");
	return EJ_OK;
}

/* ---- entities ------------------------------------------------------------------ */

int64_t ej_istore_teacher(struct ej_istore *s, const char *ext_id, const char *name,
			  const char *short_name, const char *department, struct ej_err *err)
{
	sqlite3_stmt *st;
	int i = 1;

	if (pend_flush(s, err))
		return -1;

	if (ext_id && *ext_id) {
		st = s->st[EJ_IST_TEACHER_EXT];
		ej_db_bind_text(st, i++, ext_id);
	} else {
		st = s->st[EJ_IST_TEACHER_NEW];
	}
	sqlite3_bind_text(st, i++, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, short_name, -1, SQLITE_TRANSIENT);
	ej_db_bind_text(st, i, department);
	return run_id(s, st, err, "teacher");
}

int ej_istore_teacher_set_ext(struct ej_istore *s, int64_t id, const char *ext_id,
			      const char *department, struct ej_err *err)
{
	sqlite3_stmt *st = s->st[EJ_IST_TEACHER_SETEXT];

	if (pend_flush(s, err))
		return EJ_EIO;

	sqlite3_bind_text(st, 1, ext_id, -1, SQLITE_TRANSIENT);
	ej_db_bind_text(st, 2, department);
	sqlite3_bind_int64(st, 3, id);
	return run(s, st, err, "teacher");
}

int64_t ej_istore_group(struct ej_istore *s, const char *name, const char *specialty,
			long course, int64_t curator_id, const char *department,
			struct ej_err *err)
{
	sqlite3_stmt *st = s->st[EJ_IST_GROUP];

	if (pend_flush(s, err))
		return -1;

	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	ej_db_bind_text(st, 2, specialty);
	if (course > 0)
		sqlite3_bind_int64(st, 3, course);
	else
		sqlite3_bind_null(st, 3);
	bind_id(st, 4, curator_id);
	ej_db_bind_text(st, 5, department);
	return run_id(s, st, err, "group");
}

int64_t ej_istore_student(struct ej_istore *s, const char *ext_id, const char *name,
			  const char *short_name, const char *birth_date, struct ej_err *err)
{
	sqlite3_stmt *st = s->st[EJ_IST_STUDENT];

	if (pend_flush(s, err))
		return -1;

	sqlite3_bind_text(st, 1, ext_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, short_name, -1, SQLITE_TRANSIENT);
	ej_db_bind_text(st, 4, birth_date);
	return run_id(s, st, err, "student");
}

int ej_istore_stay(struct ej_istore *s, int64_t student, int64_t group, long subgroup,
		   const char *enrolled, const char *left_on, struct ej_err *err)
{
	int k, rc;

	if (pend_flush(s, err))
		return EJ_EIO;

	/* UNIQUE(student, group, enrolled) does not catch NULL enrolled: update first. */
	for (k = 0; k < 2; k++) {
		sqlite3_stmt *st = s->st[k ? EJ_IST_STAY_INS : EJ_IST_STAY_UPD];
		sqlite3_bind_int64(st, 1, subgroup);
		ej_db_bind_text(st, 2, left_on);
		sqlite3_bind_int64(st, 3, student);
		sqlite3_bind_int64(st, 4, group);
		ej_db_bind_text(st, 5, enrolled);
		if ((rc = run(s, st, err, "stay")))
			return rc;
		if (!k && sqlite3_changes(s->db->h) > 0)
			break;
	}
	return EJ_OK;
}

int64_t ej_istore_discipline(struct ej_istore *s, int64_t group, const char *code,
			     const char *name, struct ej_err *err)
{
	sqlite3_stmt *st = s->st[EJ_IST_DISC];

	if (pend_flush(s, err))
		return -1;

	sqlite3_bind_int64(st, 1, group);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, name && *name ? name : code, -1, SQLITE_TRANSIENT);
	return run_id(s, st, err, "discipline");
}

int ej_istore_curriculum(struct ej_istore *s, const struct ej_istore_curriculum *c,
			 struct ej_err *err)
{
	sqlite3_stmt *st = s->st[EJ_IST_CURR];

	if (pend_flush(s, err))
		return EJ_EIO;

	sqlite3_bind_int64(st, 1, c->discipline);
	sqlite3_bind_int64(st, 2, c->semester);
	sqlite3_bind_int64(st, 3, c->subgroup);
	sqlite3_bind_double(st, 4, c->hours);
	bind_real(st, 5, c->theory);
	bind_real(st, 6, c->practice);
	bind_real(st, 7, c->lab);
	if (c->control_works >= 0)
		sqlite3_bind_int64(st, 8, c->control_works);
	else
		sqlite3_bind_null(st, 8);
	ej_db_bind_text(st, 9, c->attestation);
	bind_id(st, 10, c->teacher);
	sqlite3_bind_int64(st, 11, s->batch);
	return run(s, st, err, "curriculum");
}

int ej_istore_plan(struct ej_istore *s, const struct ej_istore_plan *p, struct ej_err *err)
{
	int rc;

	if ((rc = pend_open(s, EJ_IST_PLAN, 12, err)))
		return rc;
	pv_int(s, 1, p->discipline);
	pv_int(s, 2, p->subgroup);
	pv_int(s, 3, p->lesson_no);
	pv_text(s, 4, p->section);
	pv_text0(s, 5, p->topic);
	pv_real(s, 6, p->hours);
	pv_text0(s, 7, p->lesson_type);
	if (p->week > 0)
		pv_int(s, 8, p->week);
	else
		pv_null(s, 8);
	pv_text(s, 9, p->planned_date);
	if (p->semester > 0)
		pv_int(s, 10, p->semester);
	else
		pv_null(s, 10);
	pv_text(s, 11, p->homework);
	pv_int(s, 12, s->batch);
	return pend_close(s, err);
}

int ej_istore_schedule(struct ej_istore *s, const struct ej_istore_schedule *r,
		       struct ej_err *err)
{
	int rc;

	if ((rc = pend_open(s, EJ_IST_SCHED, 8, err)))
		return rc;
	pv_text0(s, 1, r->date);
	pv_int(s, 2, r->pair);
	pv_int(s, 3, r->discipline);
	pv_int(s, 4, r->subgroup);
	if (r->teacher > 0)
		pv_int(s, 5, r->teacher);
	else
		pv_null(s, 5);
	pv_text(s, 6, r->room);
	pv_real(s, 7, r->hours);
	pv_int(s, 8, s->batch);
	return pend_close(s, err);
}

int ej_istore_lesson(struct ej_istore *s, const struct ej_istore_lesson *l, struct ej_err *err)
{
	int rc;

	if ((rc = pend_open(s, EJ_IST_LESSON, 14, err)))
		return rc;
	pv_int(s, 1, l->discipline);
	pv_int(s, 2, l->subgroup);
	pv_text0(s, 3, l->date);
	pv_int(s, 4, l->pair);
	if (l->teacher > 0)
		pv_int(s, 5, l->teacher);
	else
		pv_null(s, 5);
	pv_text(s, 6, l->topic);
	pv_text0(s, 7, l->lesson_type);
	pv_real(s, 8, l->hours);
	pv_text(s, 9, l->homework);
	pv_text(s, 10, l->substitute_note);
	if (l->substitute_for > 0)
		pv_int(s, 11, l->substitute_for);
	else
		pv_null(s, 11);
	pv_text(s, 12, l->recorded_at);
	if (l->attendance_taken >= 0)
		pv_int(s, 13, l->attendance_taken);
	else
		pv_null(s, 13);
	pv_int(s, 14, s->batch);
	return pend_close(s, err);
}

int ej_istore_final(struct ej_istore *s, const struct ej_istore_final *f, struct ej_err *err)
{
	int rc;

	if ((rc = pend_open(s, EJ_IST_FINAL, 7, err)))
		return rc;
	pv_int(s, 1, f->discipline);
	pv_int(s, 2, f->student);
	pv_int(s, 3, f->semester);
	pv_text0(s, 4, f->final_kind);
	pv_text0(s, 5, f->value);
	pv_text(s, 6, f->recorded_at);
	pv_int(s, 7, s->batch);
	return pend_close(s, err);
}

static int cmp_cover_key(const void *a, const void *b)
{
	const struct ej_icover *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static int cmp_cover(const void *a, const void *b)
{
	const struct ej_icover *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->batch < y->batch ? -1 : x->batch > y->batch;
}

/* What earlier marks/grid batches covered: for each (discipline,
** subgroup), the latest such batch and its export day. */
static int cover_load(struct ej_istore *s, struct ej_err *err)
{
	sqlite3_stmt *st = ej_db_prepare(s->db, "SELECT c.discipline_id, c.subgroup, b.id, "
		"substr(b.exported_at, 1, 10) FROM coverage c JOIN batch b ON b.id = c.batch_id "
		"WHERE c.batch_id < ?1 AND c.kind IN ('marks', 'grid')", err);
	size_t alloc = 0, i, n = 0;
	int rc;

	if (!st)
		return EJ_EIO;
	sqlite3_bind_int64(st, 1, s->batch);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ej_icover *c;
		const char *day = (const char *)sqlite3_column_text(st, 3);
		EJ_GROW(s->cover_old, s->ncover_old + 1, alloc);
		c = &s->cover_old[s->ncover_old++];
		c->key = sqlite3_column_int64(st, 0) << 8 | (sqlite3_column_int64(st, 1) & 0xFF);
		c->batch = sqlite3_column_int64(st, 2);
		snprintf(c->day, sizeof(c->day), "%s", day ? day : "");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, err, "coverage");
	ej_qsort(s->cover_old, s->ncover_old, sizeof(*s->cover_old), cmp_cover);
	for (i = 0; i < s->ncover_old; i++) {      /* the latest batch of each key */
		if (n && s->cover_old[n - 1].key == s->cover_old[i].key)
			n--;
		s->cover_old[n++] = s->cover_old[i];
	}
	s->ncover_old = n;
	return EJ_OK;
}

static const struct ej_icover *cover_find(const struct ej_istore *s, int64_t key)
{
	struct ej_icover k;

	k.key = key;
	k.batch = 0;
	return ej_bsearch(&k, s->cover_old, s->ncover_old, sizeof(k), cmp_cover_key);
}

int ej_istore_cover(struct ej_istore *s, int64_t discipline, long subgroup, const char *kind,
		    struct ej_err *err)
{
	int kc = kind[0] == 'm' ? 1 : kind[0] == 'g' ? 2 : 3;
	int64_t ck = (discipline << 10) | ((subgroup & 0xFF) << 2) | kc;
	int64_t key = (discipline << 8) | (subgroup & 0xFF);

	(void)err;
	if (!iset_add(&s->covered, ck))
		return EJ_OK;
	/* Written in finish(): nothing reads this batch's coverage before. */
	EJ_GROW(s->cover_new, s->ncover_new + 1, s->acover_new);
	s->cover_new[s->ncover_new++] = ck;
	/* Did an earlier marks/grid batch cover it?  Then compare in finish(). */
	if (kc != 3 && cover_find(s, key))
		iset_add(&s->compare, key);
	return EJ_OK;
}

/* The batch's files and coverage, and what the mark history compares with. */
static int cover_write(struct ej_istore *s, struct ej_err *err)
{
	static const char *const kinds[] = { "", "marks", "grid", "lessons" };
	sqlite3_stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < s->nfiles; i++) {
		st = s->st[EJ_IST_FILE];
		sqlite3_bind_text(st, 1, s->files[i].sha, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, s->batch);
		sqlite3_bind_text(st, 3, s->files[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, s->files[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, s->files[i].rows);
		if ((rc = run(s, st, err, "record imported file")))
			return rc;
	}
	for (i = 0; i < s->ncover_new; i++) {
		int64_t ck = s->cover_new[i];
		st = s->st[EJ_IST_COVER];
		sqlite3_bind_int64(st, 1, s->batch);
		sqlite3_bind_int64(st, 2, ck >> 10);
		sqlite3_bind_int64(st, 3, (ck >> 2) & 0xFF);
		sqlite3_bind_text(st, 4, kinds[ck & 3], -1, SQLITE_STATIC);
		if ((rc = run(s, st, err, "coverage")))
			return rc;
	}
	for (i = 0; i < s->compare.cap; i++) {
		const struct ej_icover *c;
		if (s->compare.keys[i] == INT64_MIN || !(c = cover_find(s, s->compare.keys[i])))
			continue;
		st = s->st[EJ_IST_COVPREV];
		sqlite3_bind_int64(st, 1, c->key >> 8);
		sqlite3_bind_int64(st, 2, c->key & 0xFF);
		sqlite3_bind_int64(st, 3, c->batch);
		sqlite3_bind_text(st, 4, c->day, -1, SQLITE_STATIC);
		if ((rc = run(s, st, err, "coverage")))
			return rc;
	}
	return EJ_OK;
}

/*
** Bulk load of marks into an empty table (a first import: ≈1 M rows).
** Keeping the indexes of mark up to date row by row costs four times the
** table itself (docs/performance.md «Import»), so at the first mark every
** index of mark, the natural key included, is dropped inside the
** transaction (a ROLLBACK brings them back) and the rows are appended with
** a plain INSERT; the indexes are built once, by sorting, when the marks
** files are read.  A cell given twice in the batch takes the later value,
** as the upsert would: the later row has the higher rowid, and the earlier
** one is deleted before the unique index is built again.
*/
static int mark_bulk_start(struct ej_istore *s, struct ej_err *err)
{
	/* The unique index first: later marks of the batch upsert against it. */
	sqlite3_stmt *st = ej_db_prepare(s->db, "SELECT name, sql FROM sqlite_master "
		"WHERE type = 'index' AND tbl_name = 'mark' AND sql IS NOT NULL "
		"ORDER BY sql LIKE 'CREATE UNIQUE%' DESC, name", err);
	char **names = NULL;
	size_t n = 0, i;
	int rc = EJ_OK;

	if (!st)
		return EJ_EIO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		names = ej_reallocarray(names, n + 1, sizeof(char *));
		s->mark_idx = ej_reallocarray(s->mark_idx, n + 1, sizeof(char *));
		names[n] = ej_strdup((const char *)sqlite3_column_text(st, 0));
		s->mark_idx[n] = ej_strdup((const char *)sqlite3_column_text(st, 1));
		s->nmark_idx = ++n;
	}
	sqlite3_finalize(st);
	rc = rc == SQLITE_DONE ? EJ_OK : fail(s, err, "mark indexes");
	for (i = 0; i < n; i++) {
		if (!rc) {
			char *drop = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
			rc = ej_db_exec(s->db, drop, err);
			sqlite3_free(drop);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

/* Keep the last row of each natural key (the table was empty before the
** batch, so rowid order is the order the marks were given in). */
#define MARK_DEDUPE "DELETE FROM mark WHERE id NOT IN (SELECT max(id) FROM mark " \
	"GROUP BY discipline_id, date, pair, student_id, seq)"

/* Build the dropped indexes again. */
static int mark_bulk_end(struct ej_istore *s, struct ej_err *err)
{
	size_t i;
	int rc = EJ_OK;

	if (!s->nmark_idx)
		return EJ_OK;
	/* The sort may use a second core: the parser has little left to do. */
	sqlite3_limit(s->db->h, SQLITE_LIMIT_WORKER_THREADS, 2);
	sqlite3_exec(s->db->h, "PRAGMA threads = 2", NULL, NULL, NULL);
	for (i = 0; i < s->nmark_idx && !rc; i++) {
		int x = sqlite3_exec(s->db->h, s->mark_idx[i], NULL, NULL, NULL);
		/* Repeated cells: the rare case pays for a second sort. */
		if ((x & 0xFF) == SQLITE_CONSTRAINT &&
		    sqlite3_exec(s->db->h, MARK_DEDUPE, NULL, NULL, NULL) == SQLITE_OK)
			x = sqlite3_exec(s->db->h, s->mark_idx[i], NULL, NULL, NULL);
		if (x != SQLITE_OK)
			rc = fail(s, err, "mark index");
	}
	sqlite3_exec(s->db->h, "PRAGMA threads = 0", NULL, NULL, NULL);
	if (!rc)
		while (s->nmark_idx)
			free(s->mark_idx[--s->nmark_idx]);
	return rc;
}

int ej_istore_marks_done(struct ej_istore *s, struct ej_err *err)
{
	if (!s->mark_bulk)
		return EJ_OK;
	s->mark_empty = false;          /* later marks keep the indexes up to date */
	s->mark_bulk = false;
	/* Built by the writer, after the rows queued before it, while the
	** caller reads on. */
	return job_submit(s, JOB_INDEX_BUILD, err);
}

int ej_istore_mark(struct ej_istore *s, const char *kind, const struct ej_istore_mark *m,
		   struct ej_err *err)
{
	bool staged;
	sqlite3_stmt *st;
	int rc;

	if ((rc = ej_istore_cover(s, m->discipline, m->subgroup, kind, err)))
		return rc;
	staged = iset_has(&s->compare, (m->discipline << 8) | (m->subgroup & 0xFF));
	if (!staged && s->mark_empty && !s->mark_bulk) {
		/* The indexes are dropped by the writer, before the first row. */
		s->mark_bulk = true;
		if ((rc = job_submit(s, JOB_INDEX_DROP, err)))
			return rc;
	}
	if (!staged) {
		/* The upsert: a cell repeated in this batch, or set by an earlier
		** batch that is not compared, takes the later value. */
		if ((rc = pend_open(s, s->mark_empty ? EJ_IST_MARK_BULK : EJ_IST_MARK, 12, err)))
			return rc;
		pv_int(s, 1, m->discipline);
		pv_int(s, 2, m->subgroup);
		pv_text0(s, 3, m->date);
		pv_int(s, 4, m->pair);
		pv_int(s, 5, m->student);
		pv_int(s, 6, m->seq);
		pv_text0(s, 7, m->value);
		pv_text(s, 8, m->mark_kind);
		pv_real(s, 9, m->weight);
		pv_text(s, 10, m->recorded_at);
		pv_text(s, 11, m->modified_at);
		pv_int(s, 12, s->batch);
		return pend_close(s, err);
	}
	/* Compared in finish(): staged in temp.new_mark. */
	if ((rc = pend_flush(s, err)))
		return rc;
	st = s->st[EJ_IST_NEWMARK];
	sqlite3_bind_int64(st, 1, m->discipline);
	sqlite3_bind_int64(st, 2, m->subgroup);
	sqlite3_bind_text(st, 3, m->date, -1, SQLITE_STATIC);   /* stepped before return */
	sqlite3_bind_int64(st, 4, m->pair);
	sqlite3_bind_int64(st, 5, m->student);
	sqlite3_bind_int64(st, 6, m->seq);
	sqlite3_bind_text(st, 7, m->value, -1, SQLITE_STATIC);
	bind_static(st, 8, m->mark_kind);
	sqlite3_bind_double(st, 9, m->weight);
	bind_static(st, 10, m->recorded_at);
	bind_static(st, 11, m->modified_at);
	s->staged++;
	return run(s, st, err, "mark");
}

/* ---- finish -------------------------------------------------------------------- */

#define KEY_MATCH "m.discipline_id = n.discipline_id AND m.date = n.date AND " \
	"m.pair = n.pair AND m.student_id = n.student_id AND m.seq = n.seq"
#define HIST_COLS "INSERT INTO mark_history(discipline_id, subgroup, date, pair, student_id, " \
	"seq, change, old_value, new_value, old_batch_id, new_batch_id) "

static const char *const finish_sql[] = {
	/* A value that differs. */
	HIST_COLS "SELECT n.discipline_id, n.subgroup, n.date, n.pair, n.student_id, n.seq, "
	"'changed', m.value, n.value, m.batch_id, ?1 FROM temp.new_mark n JOIN mark m ON "
	KEY_MATCH " WHERE m.value <> n.value",
	/* A mark the earlier batch could have shown but did not. */
	HIST_COLS "SELECT n.discipline_id, n.subgroup, n.date, n.pair, n.student_id, n.seq, "
	"'appeared', NULL, n.value, p.prev_batch, ?1 FROM temp.new_mark n JOIN temp.cov_prev p "
	"ON p.discipline_id = n.discipline_id AND p.subgroup = n.subgroup "
	"WHERE n.date <= p.prev_day AND NOT EXISTS (SELECT 1 FROM mark m WHERE " KEY_MATCH ")",
	/* A covered mark up to this export that the new batch no longer has. */
	HIST_COLS "SELECT m.discipline_id, m.subgroup, m.date, m.pair, m.student_id, m.seq, "
	"'vanished', m.value, NULL, m.batch_id, ?1 FROM temp.cov_prev p CROSS JOIN mark m "
	"ON m.discipline_id = p.discipline_id AND m.subgroup = p.subgroup "
	"WHERE m.date <= ?2 AND m.batch_id <> ?1 AND "
	"NOT EXISTS (SELECT 1 FROM temp.new_mark n WHERE " KEY_MATCH ")",
	"DELETE FROM mark WHERE id IN (SELECT m.id FROM temp.cov_prev p CROSS JOIN mark m "
	"ON m.discipline_id = p.discipline_id AND m.subgroup = p.subgroup "
	"WHERE m.date <= ?2 AND m.batch_id <> ?1 AND "
	"NOT EXISTS (SELECT 1 FROM temp.new_mark n WHERE " KEY_MATCH "))",
	"INSERT INTO mark(discipline_id, subgroup, date, pair, student_id, seq, value, "
	"mark_kind, weight, recorded_at, modified_at, batch_id) "
	"SELECT discipline_id, subgroup, date, pair, student_id, seq, value, mark_kind, weight, "
	"recorded_at, modified_at, ?1 FROM temp.new_mark WHERE 1 "
	"ON CONFLICT(discipline_id, date, pair, student_id, seq) DO UPDATE SET "
	"subgroup = excluded.subgroup, value = excluded.value, mark_kind = excluded.mark_kind, "
	"weight = excluded.weight, recorded_at = excluded.recorded_at, "
	"modified_at = excluded.modified_at, batch_id = excluded.batch_id",
	"UPDATE batch SET exported_at = ?3, source = ?4 WHERE id = ?1",
	"DELETE FROM temp.new_mark",
	"DELETE FROM temp.cov_prev",
};

int ej_istore_finish(struct ej_istore *s, const char *exported_at, const char *source,
		     struct ej_history_stats *stats, struct ej_err *err)
{
	char day[11];
	size_t i;
	int rc;

	snprintf(day, sizeof(day), "%.10s", exported_at);
	if (stats)
		memset(stats, 0, sizeof(*stats));
	s->mark_bulk = false;
	if ((rc = pend_flush(s, err)) || (rc = mark_bulk_end(s, err)) ||
	    (rc = cover_write(s, err)))
		goto fail;
	for (i = 0; i < sizeof(finish_sql) / sizeof(finish_sql[0]); i++) {
		sqlite3_stmt *st = ej_db_prepare(s->db, finish_sql[i], err);
		int n;
		if (!st) {
			rc = EJ_EIO;
			goto fail;
		}
		for (n = sqlite3_bind_parameter_count(st); n > 0; n--) {
			if (n == 1)
				sqlite3_bind_int64(st, 1, s->batch);
			else if (n == 2)
				sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
			else if (n == 3)
				sqlite3_bind_text(st, 3, exported_at, -1, SQLITE_STATIC);
			else
				sqlite3_bind_text(st, 4, source, -1, SQLITE_STATIC);
		}
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			rc = fail(s, err, "mark history");
			goto fail;
		}
		if (stats && i < 3) {
			long ch = sqlite3_changes(s->db->h);
			*(i == 0 ? &stats->changed : i == 1 ? &stats->appeared : &stats->vanished) = ch;
		}
	}
	release(s);
	if ((rc = ej_db_commit(s->db, err)))
		goto fail;
	journal_after_batch(s);
	s->db = NULL;
	return EJ_OK;
fail:
	ej_istore_abort(s);
	return rc;
}
