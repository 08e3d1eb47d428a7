/*
** import.h — `ejournal import`: CSV exports into the database as one batch
** (formats.md).  The whole run is ONE transaction: any bad row or file
** rejects everything (the database is unchanged) unless lenient, where the
** good rows are imported and the rejected ones written, with the reason, to
** FILE.rejected.csv.
**
** Paths may be files or folders (every *.csv in a folder, not
** *.rejected.csv).  Files are imported in dependency order (columns.h
** enum ej_kind); a file whose content checksum is already in the database
** is skipped ("уже импортирован").
*/
#ifndef EJ_INPUT_IMPORT_H
#define EJ_INPUT_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/columns.h"
#include "input/encoding.h"
#include "store/db.h"
#include "store/import_batch.h"
#include "util/config.h"
#include "util/err.h"

#define EJ_IMPORT_MAX_ERRORS 50

struct ej_import_opts {
	enum ej_kind kind;          /* --kind, or EJ_KIND_NONE = recognise */
	enum ej_enc encoding;       /* --encoding, or EJ_ENC_AUTO */
	char delimiter;             /* --delimiter, or 0 = sniff */
	const char *as_of;          /* --as-of timestamp text, or NULL */
	bool lenient;               /* --lenient */
	size_t chunk;               /* CSV feed size (tests), 0 = default */
	size_t max_errors;          /* messages kept, 0 = EJ_IMPORT_MAX_ERRORS */
};

struct ej_import_file {
	char *path;
	enum ej_kind kind;
	enum ej_enc encoding;
	char delimiter;
	long rows, rejected;
	bool skipped;               /* already imported (same checksum) */
	bool failed;                /* a file-level error */
	char *rejected_path;        /* lenient: where rejected rows went, or NULL */
};

struct ej_import_result {
	struct ej_import_file *files;
	size_t nfiles;
	char **errors;              /* "FILE:LINE: column «C»: …" (first max_errors) */
	size_t nstored;
	long nerrors;               /* all errors, stored or not */
	long warnings;
	long rows, rejected;
	int64_t batch;              /* the new batch, 0 when nothing was imported */
	char exported_at[20];
	struct ej_history_stats history;
};

/*
** Import paths into db.  Returns EJ_OK (also when everything was already
** imported: res->batch == 0), EJ_EDATA when the input was rejected (the
** messages in res->errors; err says how many), EJ_EUSAGE for a bad --as-of,
** or EJ_EIO.  Warnings go to diag; progress to prog (both may be NULL).
*/
int ej_import_run(struct ej_db *db, const struct ej_config *cfg, char *const *paths,
		  size_t npaths, const struct ej_import_opts *o, const struct ej_diag_sink *diag,
		  const struct ej_progress *prog, struct ej_import_result *res,
		  struct ej_err *err);

/* The same for one file already in memory (name is used in messages and
** import_file; the export time is --as-of, «Дата выгрузки», or now).
** Lenient output is not written. */
int ej_import_mem(struct ej_db *db, const struct ej_config *cfg, const char *name,
		  const char *data, size_t len, const struct ej_import_opts *o,
		  const struct ej_diag_sink *diag, struct ej_import_result *res,
		  struct ej_err *err);

void ej_import_result_release(struct ej_import_result *res);

#endif
