/*
** archive.h — the year-end archive (documents.md §6; regulation §2.1.7, §3.5).
**
** One ZIP per academic year, "ejournal-2025-2026.zip":
**   journals/<group>.pdf, reports/…, summary/….xlsx   documents (collected)
**   db/ejournal.db.gz                                 SQLite online backup, gzip
**   metadata.json                                     year, time, counts, ids
**   SHA256SUMS                                        "<hex>  <member>" lines
** SHA256SUMS lists every member but itself (metadata.json included), in the
** form `sha256sum -c` reads after `unzip`.  The member set must equal that
** list plus SHA256SUMS: a missing, extra or altered member is damage.
**
** The flow: a collector fills a struct ej_archive_spec with (member, file,
** document id) items — ej_archive_add() for documents produced elsewhere,
** ej_archive_add_db() for the database — then ej_archive_write() writes one
** copy per destination: temporary name, fsync, read back from disk and
** verify, rename, fsync the folder.  ej_archive_verify() re-checks a copy;
** ej_archive_restore() brings the database (and documents) back.
**
** Files with personal data (archives, the backup, restored databases and
** documents) are created 0600.  Nothing here prints.
*/
#ifndef EJ_ARCHIVE_ARCHIVE_H
#define EJ_ARCHIVE_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "store/db.h"
#include "util/err.h"

#define EJ_ARCHIVE_SUMS      "SHA256SUMS"
#define EJ_ARCHIVE_METADATA  "metadata.json"
#define EJ_ARCHIVE_DB_MEMBER "db/ejournal.db.gz"
#define EJ_ARCHIVE_FORMAT    1          /* metadata.json "format_version" */

/* One file to store.  All strings owned by the spec. */
struct ej_archive_item {
	char *member;    /* name inside the ZIP: "journals/ИСП-21.pdf" */
	char *path;      /* the file on disk to store */
	char *doc_id;    /* the document identifier printed on its pages, or NULL */
};

/* A named figure for metadata.json "counts" (groups, students, …). */
struct ej_archive_count {
	char *name;
	long value;
};

struct ej_archive_spec {
	char *year;                      /* "2025/2026" */
	time_t created;                  /* metadata time and every member's timestamp */
	char *tool_version;              /* "0.1.0" */
	char *institution;               /* short name for metadata, or NULL */
	struct ej_archive_item *items;   /* in the order they are stored */
	size_t nitems, aitems;
	struct ej_archive_count *counts;
	size_t ncounts, acounts;
	const struct ej_progress *progress;   /* NULL = none */
};

/* Start an empty spec; the strings are copied.  Release with
** ej_archive_spec_release() (NULL-safe, frees what the spec owns). */
void ej_archive_spec_init(struct ej_archive_spec *s, const char *year, time_t created,
			  const char *tool_version);
void ej_archive_spec_release(struct ej_archive_spec *s);

/*
** Add the file at path under the name member (doc_id may be NULL).  Fails
** with EJ_EUSAGE for an unsafe or reserved member name (see
** ej_archive_member_ok), a duplicate, or a path that is not a readable
** regular file.  The file is read only when the archive is written.
*/
int ej_archive_add(struct ej_archive_spec *s, const char *member, const char *path,
		   const char *doc_id, struct ej_err *err);

/* Set (or replace) a metadata count. */
void ej_archive_set_count(struct ej_archive_spec *s, const char *name, long value);

/*
** The database collector: online backup of db into workdir, gzip it to
** workdir/ejournal.db.gz (0600), add it as db/ejournal.db.gz, and set the
** counts groups, students, lessons, marks and schema_version.
*/
int ej_archive_add_db(struct ej_archive_spec *s, struct ej_db *db, const char *workdir,
		      struct ej_err *err);

/*
** A private work folder (0700) for collected files: "$TMPDIR/ejournal-archive.
** PID.XXXXXX".  Returns a new string (caller frees) or NULL with err.
** ej_archive_workdir_remove() deletes it and everything in it.
** ej_archive_clean_stale() removes work folders and archive temporaries in
** dir (or $TMPDIR when dir is NULL) left by ejournal processes that are no
** longer running (a SIGKILL cannot clean up after itself); returns how many.
*/
char *ej_archive_workdir_new(struct ej_err *err);
void ej_archive_workdir_remove(const char *dir);
int ej_archive_clean_stale(const char *dir);

/* "ejournal-2025-2026.zip" for year "2025/2026" (anything but [0-9A-Za-z_-]
** becomes '-').  Caller frees. */
char *ej_archive_filename(const char *year);

/*
** Write the archive into dest_dir (created 0700 when missing) under
** ej_archive_filename(spec->year), replacing an older copy only once the
** new one has been written, synced, read back and verified.  On any failure
** the temporary is removed, an older copy stays, err says why.
*/
int ej_archive_write(const struct ej_archive_spec *spec, const char *dest_dir,
		     struct ej_err *err);

/* ---- verify ------------------------------------------------------------- */

enum ej_archive_problem_kind {
	EJ_AP_NOT_ZIP,       /* the file is no readable ZIP (member = NULL) */
	EJ_AP_MISSING,       /* listed in SHA256SUMS, absent from the ZIP */
	EJ_AP_EXTRA,         /* in the ZIP, not listed */
	EJ_AP_ALTERED,       /* SHA-256 differs, or the data does not decompress / CRC fails */
	EJ_AP_BAD_NAME,      /* absolute, "..", backslash, control characters, symlink */
	EJ_AP_DUPLICATE,     /* the same name twice (in the ZIP or in SHA256SUMS) */
	EJ_AP_BAD_SUMS       /* SHA256SUMS missing or unreadable (member = its line or NULL) */
};

struct ej_archive_problem {
	enum ej_archive_problem_kind kind;
	char *member;        /* the member named, or NULL */
	char *detail;        /* a short English/Russian explanation */
};

struct ej_archive_check {
	struct ej_archive_problem *v;
	size_t n, alloc;
	size_t members;      /* members checked (files, not SHA256SUMS) */
	long long bytes;     /* uncompressed bytes hashed */
	char sums_sha256[65];   /* SHA-256 of SHA256SUMS as read ("" when absent) */
};

void ej_archive_check_init(struct ej_archive_check *c);
void ej_archive_check_release(struct ej_archive_check *c);
/* "altered", "missing", … for messages. */
const char *ej_archive_problem_name(enum ej_archive_problem_kind kind);

/*
** Check the ZIP at path: every member readable with a good CRC and the
** SHA-256 that SHA256SUMS gives, the member set equal to the list plus
** SHA256SUMS, no unsafe names.  Returns EJ_OK when intact; EJ_EFOUND when
** damaged (every problem in out, err names the first); EJ_EIO when the file
** cannot be read at all (err says why).  progress may be NULL.
*/
int ej_archive_verify(const char *path, struct ej_archive_check *out,
		      const struct ej_progress *progress, struct ej_err *err);

/* True when name is a safe relative member name: non-empty, UTF-8 without
** control characters or backslashes, no leading '/', no empty, "." or ".."
** component, no trailing '/', at most 1000 bytes. */
bool ej_archive_member_ok(const char *name);

/* ---- restore ------------------------------------------------------------ */

struct ej_restore_opts {
	const char *db_path;     /* where the database goes (required) */
	const char *out_dir;     /* extract the other members here too, or NULL */
	bool force;              /* replace an existing database / files */
	const struct ej_progress *progress;
};

/*
** Verify the archive (damage → EJ_EFOUND, with the problems in check when
** given), then gunzip db/ejournal.db.gz into a temporary beside db_path,
** require PRAGMA integrity_check = ok and an ejournal schema version this
** program understands, and rename it into place 0600.  An existing
** database is refused (EJ_EUSAGE) unless force; with force its WAL is
** checkpointed first so no stale -wal is applied to the restored file.
** With out_dir, every other member is extracted under out_dir (0600 files,
** 0700 folders; an existing file is refused unless force; symlinks on the
** way are refused).  Members are hashed again while extracted.
*/
int ej_archive_restore(const char *zip_path, const struct ej_restore_opts *o,
		       struct ej_archive_check *check, struct ej_err *err);

#endif
