/*
** import_batch.c — batches, upserts, coverage and mark history (see
** import_batch.h).
*/
#include "store/import_batch.h"
#include "util/xalloc.h"

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
	[EJ_IST_NEWMARK] =
		"INSERT OR REPLACE INTO temp.new_mark(discipline_id, subgroup, date, pair, "
		"student_id, seq, value, mark_kind, weight, recorded_at, modified_at) "
		"VALUES(?,?,?,?,?,?,?,?,?,?,?)",
	[EJ_IST_COVER] =
		"INSERT OR IGNORE INTO coverage(batch_id, discipline_id, subgroup, kind) "
		"VALUES(?,?,?,?)",
	[EJ_IST_COVPREV] =
		"INSERT OR IGNORE INTO temp.cov_prev(discipline_id, subgroup, prev_batch, prev_day) "
		"SELECT ?1, ?2, b.id, substr(b.exported_at, 1, 10) FROM coverage c "
		"JOIN batch b ON b.id = c.batch_id WHERE c.discipline_id = ?1 AND c.subgroup = ?2 "
		"AND c.batch_id < ?3 AND c.kind IN ('marks', 'grid') ORDER BY b.id DESC LIMIT 1",
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
** schedule, finals)
** are not stepped one row at a time: a statement costs its cursors, its
** halt and its allocations whatever the row count, so rows are kept (values
** copied) and written PEND_ROWS at a time by one INSERT … VALUES (…), (…)
** (upserts included: the rows are applied in order, as one by one).
**
** Up to JOB_ROWS rows are handed at once to a writer thread, which binds
** and steps them while the caller parses the next ones (two cores: reading
** and SQLite overlap).  The connection is only ever used by one thread at a
** time: any other store call first waits until the writer is idle with
** nothing pending (pend_flush), so the order of effects is unchanged.  A
** failure of the writer is reported by the next call, as an I/O error of
** the batch (which then rolls back).  Without a thread (pthread_create
** failed) the rows are written by the caller.
*/
#define PEND_ROWS 32
#define JOB_ROWS 2048
#define PEND_CAP ((size_t)1 << 19)

static const char *const pend_what[EJ_IST_COUNT] = {
	[EJ_IST_MARK] = "mark", [EJ_IST_LESSON] = "lesson", [EJ_IST_PLAN] = "plan",
	[EJ_IST_SCHED] = "schedule", [EJ_IST_FINAL] = "final",
};

/* sql[kind] with its VALUES(…) group repeated PEND_ROWS times. */
static sqlite3_stmt *pend_multi(struct ej_istore *s, int kind, struct ej_err *err)
{
	const char *q = sql[kind], *v = strstr(q, "VALUES("), *close;
	struct ej_buf b;
	int r;

	if (s->multi[kind])
		return s->multi[kind];
	if (!v || !(close = strchr(v, ')')))
		return NULL;
	v += 6;
	ej_buf_init(&b, 0);
	ej_buf_add(&b, q, (size_t)(v - q));
	for (r = 0; r < PEND_ROWS; r++) {
		if (r)
			ej_buf_addc(&b, ',');
		ej_buf_add(&b, v, (size_t)(close + 1 - v));
	}
	ej_buf_adds(&b, close + 1);
	s->multi[kind] = ej_db_prepare(s->db, ej_buf_str(&b), err);
	ej_buf_release(&b);
	return s->multi[kind];
}

static void pend_bind(sqlite3_stmt *st, int idx, const struct ej_ipv *v, const char *text)
{
	switch (v->type) {
	case SQLITE_INTEGER:
		sqlite3_bind_int64(st, idx, v->i);
		break;
	case SQLITE_FLOAT:
		sqlite3_bind_double(st, idx, v->d);
		break;
	case SQLITE_TEXT:
		sqlite3_bind_text(st, idx, text + v->i, -1, SQLITE_STATIC);
		break;
	default:
		sqlite3_bind_null(st, idx);
	}
}

static void pend_clear(struct ej_ipend *p)
{
	p->rows = 0;
	p->kind = -1;
	ej_buf_reset(&p->text);
}

/* Bind and step the rows of p; p is empty after. */
static int pend_write(struct ej_istore *s, struct ej_ipend *p, struct ej_err *err)
{
	int rc = EJ_OK, c, cols = p->cols;
	size_t r = 0, k;
	sqlite3_stmt *st;

	if (p->kind >= 0 && p->rows >= PEND_ROWS && pend_multi(s, p->kind, err))
		for (st = s->multi[p->kind]; r + PEND_ROWS <= p->rows && !rc; r += PEND_ROWS) {
			for (k = 0; k < PEND_ROWS; k++)
				for (c = 0; c < cols; c++)
					pend_bind(st, (int)k * cols + c + 1,
						  &p->pv[(r + k) * (size_t)cols + (size_t)c], p->text.data);
			rc = run(s, st, err, pend_what[p->kind]);
		}
	for (st = p->kind >= 0 ? s->st[p->kind] : NULL; r < p->rows && !rc; r++) {
		for (c = 0; c < cols; c++)
			pend_bind(st, c + 1, &p->pv[r * (size_t)cols + (size_t)c], p->text.data);
		rc = run(s, st, err, pend_what[p->kind]);
	}
	pend_clear(p);
	return rc;
}

static int mark_bulk_end(struct ej_istore *s, struct ej_err *err);

static void *writer_main(void *arg)
{
	struct ej_istore *s = arg;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		struct ej_ipend *p;
		struct ej_err e = { 0 };
		int rc = EJ_OK;

		while (!s->busy && !s->quit)
			pthread_cond_wait(&s->cv, &s->mu);
		if (!s->busy)
			break;
		p = &s->pend[1 - s->fill];
		pthread_mutex_unlock(&s->mu);
		if (s->job_index)
			rc = s->wrc ? EJ_OK : mark_bulk_end(s, &e);
		else if (s->wrc)
			pend_clear(p);          /* the batch is lost anyway */
		else
			rc = pend_write(s, p, &e);
		pthread_mutex_lock(&s->mu);
		s->job_index = false;
		if (rc && !s->wrc) {
			s->wrc = rc;
			s->werr = e;
		}
		s->busy = false;
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

/* Wait until the writer is idle; its failure, if any, into err. */
static int writer_idle(struct ej_istore *s, struct ej_err *err)
{
	int rc;

	if (!s->thr_on)
		return EJ_OK;
	pthread_mutex_lock(&s->mu);
	while (s->busy)
		pthread_cond_wait(&s->cv, &s->mu);
	rc = s->wrc;
	if (rc && err)
		*err = s->werr;
	pthread_mutex_unlock(&s->mu);
	return rc;
}

/* Hand the filled rows over (to the writer, or write them here); with
** wait, return once everything is written. */
static int pend_submit(struct ej_istore *s, bool wait, struct ej_err *err)
{
	struct ej_ipend *p = &s->pend[s->fill];
	int rc;

	if ((rc = writer_idle(s, err))) {
		pend_clear(p);
		return rc;
	}
	if (p->rows == 0) {
		p->kind = -1;
		return EJ_OK;
	}
	if (!s->thr_on)
		return pend_write(s, p, err);
	pthread_mutex_lock(&s->mu);
	s->fill = 1 - s->fill;
	s->busy = true;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	return wait ? writer_idle(s, err) : EJ_OK;
}

/* Everything pending written: the connection is the caller's. */
static int pend_flush(struct ej_istore *s, struct ej_err *err)
{
	return pend_submit(s, true, err);
}

/* Start a pending row of kind with ncols values (s->cur[0…]). */
static int pend_open(struct ej_istore *s, int kind, int ncols, struct ej_err *err)
{
	struct ej_ipend *p = &s->pend[s->fill];
	int rc;

	if (p->kind != kind && p->rows && (rc = pend_flush(s, err)))
		return rc;
	p = &s->pend[s->fill];
	p->kind = kind;
	p->cols = ncols;
	EJ_GROW(p->pv, (p->rows + 1) * (size_t)ncols, p->apv);
	s->cur = p->pv + p->rows * (size_t)ncols;
	return EJ_OK;
}

static bool writer_busy(struct ej_istore *s)
{
	bool busy;

	pthread_mutex_lock(&s->mu);
	busy = s->busy;
	pthread_mutex_unlock(&s->mu);
	return busy;
}

/* A row is complete.  JOB_ROWS rows go to the writer; while it is busy
** (a long job: the mark indexes) the caller fills on, up to PEND_CAP values. */
static int pend_close(struct ej_istore *s, struct ej_err *err)
{
	struct ej_ipend *p = &s->pend[s->fill];

	if (++p->rows < JOB_ROWS)
		return EJ_OK;
	if (s->thr_on && p->rows * (size_t)p->cols < PEND_CAP && writer_busy(s))
		return EJ_OK;
	return pend_submit(s, false, err);
}

static void pv_int(struct ej_istore *s, int col, int64_t v)
{
	s->cur[col - 1].type = SQLITE_INTEGER;
	s->cur[col - 1].i = v;
}

static void pv_null(struct ej_istore *s, int col)
{
	s->cur[col - 1].type = SQLITE_NULL;
}

static void pv_real(struct ej_istore *s, int col, double v)
{
	s->cur[col - 1].type = SQLITE_FLOAT;
	s->cur[col - 1].d = v;
}

/* Text as given ("" stays ''); NULL → NULL. */
static void pv_text0(struct ej_istore *s, int col, const char *t)
{
	struct ej_buf *b = &s->pend[s->fill].text;

	if (!t) {
		pv_null(s, col);
		return;
	}
	s->cur[col - 1].type = SQLITE_TEXT;
	s->cur[col - 1].i = (int64_t)b->len;
	ej_buf_add(b, t, strlen(t) + 1);
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
	for (i = 0; i < 2; i++) {
		s->pend[i].kind = -1;
		ej_buf_init(&s->pend[i].text, 0);
	}
	journal_for_batch(s);
	/* Outside the transaction: a generous page cache, temp tables in memory. */
	/* The importer takes every id from the database itself, so the per-row
	** foreign-key lookups are redundant: off for the batch, on again after. */
	ej_db_exec(db, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; "
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
	for (i = 0; i < EJ_IST_COUNT; i++)
		if (!(s->st[i] = ej_db_prepare(db, sql[i], err))) {
			rc = EJ_EIO;
			goto fail;
		}
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
	for (i = 0; i < 2; i++) {
		free(s->pend[i].pv);
		ej_buf_release(&s->pend[i].text);
		memset(&s->pend[i], 0, sizeof(s->pend[i]));
		s->pend[i].kind = -1;
	}
	s->cur = NULL;
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
	sqlite3_stmt *st = s->st[EJ_IST_FILE];

	if (pend_flush(s, err))
		return EJ_EIO;

	sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, s->batch);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, rows);
	return run(s, st, err, "record imported file");
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

int ej_istore_cover(struct ej_istore *s, int64_t discipline, long subgroup, const char *kind,
		    struct ej_err *err)
{
	int kc = kind[0] == 'm' ? 1 : kind[0] == 'g' ? 2 : 3;
	sqlite3_stmt *st;
	int rc;

	if (!iset_add(&s->covered, (discipline << 10) | ((subgroup & 0xFF) << 2) | kc))
		return EJ_OK;
	if ((rc = pend_flush(s, err)))
		return rc;
	st = s->st[EJ_IST_COVER];
	sqlite3_bind_int64(st, 1, s->batch);
	sqlite3_bind_int64(st, 2, discipline);
	sqlite3_bind_int64(st, 3, subgroup);
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
	if ((rc = run(s, st, err, "coverage")))
		return rc;
	if (kc == 3)
		return EJ_OK;
	/* Did an earlier marks/grid batch cover it?  Then compare in finish(). */
	st = s->st[EJ_IST_COVPREV];
	sqlite3_bind_int64(st, 1, discipline);
	sqlite3_bind_int64(st, 2, subgroup);
	sqlite3_bind_int64(st, 3, s->batch);
	if ((rc = run(s, st, err, "coverage")))
		return rc;
	if (sqlite3_changes(s->db->h) > 0)
		iset_add(&s->compare, (discipline << 8) | (subgroup & 0xFF));
	return EJ_OK;
}

/*
** Bulk load of marks into an empty table (a first import: ≈1 M rows).
** Keeping every index of mark up to date row by row costs more than the
** table itself.  The natural key (mark_key) must stay, for the upsert; the
** other indexes (mark_student) are dropped at the first mark, inside the
** transaction (a ROLLBACK brings them back), and built once, by sorting,
** in finish().
*/
static int mark_bulk_start(struct ej_istore *s, struct ej_err *err)
{
	sqlite3_stmt *st = ej_db_prepare(s->db, "SELECT name, sql FROM sqlite_master "
		"WHERE type = 'index' AND tbl_name = 'mark' AND sql IS NOT NULL "
		"AND sql NOT LIKE 'CREATE UNIQUE%'", err);
	char **names = NULL;
	size_t n = 0, i;
	int rc = EJ_OK;

	if (!st)
		return EJ_EIO;
	s->mark_bulk = true;
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

/* Build the dropped indexes again. */
static int mark_bulk_end(struct ej_istore *s, struct ej_err *err)
{
	size_t i;

	if (!s->mark_bulk)
		return EJ_OK;
	/* The sort may use a second core: the parser has little left to do. */
	sqlite3_limit(s->db->h, SQLITE_LIMIT_WORKER_THREADS, 2);
	sqlite3_exec(s->db->h, "PRAGMA threads = 2", NULL, NULL, NULL);
	for (i = 0; i < s->nmark_idx; i++)
		if (sqlite3_exec(s->db->h, s->mark_idx[i], NULL, NULL, NULL) != SQLITE_OK) {
			sqlite3_exec(s->db->h, "PRAGMA threads = 0", NULL, NULL, NULL);
			return fail(s, err, "mark index");
		}
	sqlite3_exec(s->db->h, "PRAGMA threads = 0", NULL, NULL, NULL);
	s->mark_bulk = false;
	return EJ_OK;
}

int ej_istore_marks_done(struct ej_istore *s, struct ej_err *err)
{
	int rc;

	if (!s->mark_bulk)
		return EJ_OK;
	s->mark_empty = false;          /* later marks keep the indexes up to date */
	if ((rc = pend_flush(s, err)))
		return rc;
	if (!s->thr_on)
		return mark_bulk_end(s, err);
	pthread_mutex_lock(&s->mu);
	s->job_index = true;
	s->busy = true;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	return EJ_OK;
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
	if (!staged && s->mark_empty && !s->mark_bulk && (rc = mark_bulk_start(s, err)))
		return rc;
	if (!staged) {
		/* The upsert: a cell repeated in this batch, or set by an earlier
		** batch that is not compared, takes the later value. */
		if ((rc = pend_open(s, EJ_IST_MARK, 12, err)))
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
	"'vanished', m.value, NULL, m.batch_id, ?1 FROM mark m JOIN temp.cov_prev p "
	"ON p.discipline_id = m.discipline_id AND p.subgroup = m.subgroup "
	"WHERE m.date <= ?2 AND m.batch_id <> ?1 AND "
	"NOT EXISTS (SELECT 1 FROM temp.new_mark n WHERE " KEY_MATCH ")",
	"DELETE FROM mark WHERE id IN (SELECT m.id FROM mark m JOIN temp.cov_prev p "
	"ON p.discipline_id = m.discipline_id AND p.subgroup = m.subgroup "
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
	if ((rc = pend_flush(s, err)) || (rc = mark_bulk_end(s, err)))
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
