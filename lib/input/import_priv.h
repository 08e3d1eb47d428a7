/*
** import_priv.h — state shared by the importer's files (import.c drives
** files and batches, import_rows.c handles one row of each kind,
** import_resolve.c finds people, groups and disciplines).  Not a public API.
*/
#ifndef EJ_INPUT_IMPORT_PRIV_H
#define EJ_INPUT_IMPORT_PRIV_H

#include "input/import.h"
#include "input/strmap.h"
#include "util/buf.h"
#include "util/date.h"

#include <time.h>

struct les_ent {              /* a lesson known for (discipline, day) */
	long subgroup, pair;
	int64_t next;             /* index of the next entry, -1 = end */
};

struct grid_col {
	int what;                 /* 0 ignore, 1 date, 2 semester final, 3 year final */
	ej_day day;
	int rank, ndup;           /* k-th column of that day, of ndup */
};

struct imp_file {
	struct ej_import_file *out;
	const char *name;         /* for messages */
	enum ej_kind kind;
	char sha[65];
	time_t mtime;
	size_t size;              /* bytes read in pass 1 */
	char exported[20];        /* «Дата выгрузки» ISO, or "" */
	bool header_done, scan_only, meta_seen, error;
	char **hdr;
	size_t nhdr;
	struct ej_colmap map;
	struct ej_buf rejected;   /* lenient: rejected rows as CSV */
	/* grid */
	char *meta[6];            /* group, discipline, teacher, subgroup, semester, exported */
	int64_t grid_group, grid_disc;
	long grid_sub, grid_sem;
	int grid_fio;
	struct grid_col *gcols;
};

struct imp {
	struct ej_db *db;
	const struct ej_config *cfg;
	const struct ej_import_opts *o;
	const struct ej_diag_sink *diag;
	const struct ej_progress *prog;
	struct ej_import_result *res;
	struct ej_istore st;
	bool writing;             /* phase 2: the store is open */
	int fatal;                /* EJ_EIO from the store: stop */
	struct ej_err ioerr;

	struct ej_strmap teacher_ext, teacher_full, teacher_short;
	struct ej_strmap teacher_noext;   /* ids of teachers added by name only */
	struct ej_strmap group;
	struct ej_strmap student_ext, student_full, student_short, student_raw;
	struct ej_strmap stays;           /* (group, student) → subgroup */
	struct ej_strmap disc_code, disc_name, disc_raw;
	struct ej_strmap lessons;         /* (discipline, day) → first les_ent */
	struct ej_strmap lesson_rank;     /* (discipline, subgroup, day) → count */
	struct ej_strmap warned;          /* one warning per created teacher */
	struct ej_strmap teacher_raw;     /* cell text → teacher found; emptied when one is added */
	struct les_ent *les;
	size_t nles, ales;

	struct imp_file *f;
	void *cur_in;             /* the struct input being parsed (import.c) */
	long line;
	char **fld;
	size_t nfld;
	int row_bad;
	struct ej_buf reason;
	long rows_done, rows_total_hint;
	/* one-entry caches for the hot path */
	char last_group[128];
	int64_t last_gid;
	char last_day_s[32];
	ej_day last_day;
	char last_disc_s[128], last_disc_n[128];   /* imp_discipline's last answer */
	int64_t last_disc_gid, last_disc_id;
};

/* A row error: "FILE:LINE: column «C»: what (value «V»)"; value may be NULL. */
void imp_row_error(struct imp *I, enum ej_col c, const char *value, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A file-level error (already formatted with file and line). */
void imp_file_error(struct imp *I, const char *msg);
/* The header text of column c in the current file, or its usual name. */
const char *imp_col_label(struct imp *I, enum ej_col c);
/* The current row's text in column c ("" when absent or empty). */
const char *imp_get(struct imp *I, enum ej_col c);
/* A store failure: remember it; the run stops with EJ_EIO. */
void imp_io(struct imp *I, const struct ej_err *e);

/* import_resolve.c */
void imp_maps_init(struct imp *I);
void imp_maps_release(struct imp *I);
int imp_maps_load(struct imp *I, struct ej_err *err);
int64_t imp_group(struct imp *I, enum ej_col c, const char *name, bool create);
/* Discipline of group gid from a field (index, name, «индекс название»), with
** name_col the separate «Наименование» value or NULL. */
int64_t imp_discipline(struct imp *I, enum ej_col c, int64_t gid, const char *s,
		       const char *name_col, bool create);
/* Teacher by ID or name; a full name not known yet is added (with a
** warning) when create. 0 for "" (none), -1 after a row error. */
int64_t imp_teacher(struct imp *I, enum ej_col c, const char *s, bool create);
/* A known teacher by ID or name, or 0; never an error. */
int64_t imp_teacher_find(struct imp *I, const char *s);
/* Student of group gid by name (full or «Фамилия И. О.»). -1 after an error. */
int64_t imp_student_by_name(struct imp *I, enum ej_col c, int64_t gid, const char *s);
int64_t imp_student_by_id(struct imp *I, enum ej_col c, int64_t gid, const char *s);
/* The student's subgroup in the group (0 when none). */
long imp_student_subgroup(struct imp *I, int64_t gid, int64_t sid);
void imp_add_teacher(struct imp *I, int64_t id, const char *ext, const char *name,
		     const char *short_name);
void imp_add_group(struct imp *I, int64_t id, const char *name);
void imp_add_student(struct imp *I, int64_t id, const char *ext, const char *name,
		     int64_t gid, long subgroup);
void imp_add_discipline(struct imp *I, int64_t id, int64_t gid, const char *code,
			const char *name);
void imp_add_lesson(struct imp *I, int64_t disc, ej_day day, long subgroup, long pair);
/* First lesson entry of (disc, day), or -1. */
int64_t imp_lessons_of(struct imp *I, int64_t disc, ej_day day);

/* import_rows.c: one row of each kind (I->fld, I->line set). */
void imp_row(struct imp *I);
/* Grid: the header row (sets up columns) and the key;value lines. */
int imp_grid_header(struct imp *I);

#endif
