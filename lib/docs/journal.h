/*
** journal.h — the printed journal of a group (documents.md §1; Регламент
** §2.2.2: the director certifies the printout, §3.5: yearly archiving).
**
** One landscape A4 PDF per group for the academic year or one semester:
** title page, contents, per discipline and subgroup (§2.5.5) the grade grid
** pages and the topic pages, attendance summary, final marks sheet and the
** certification sheet with the real sheet count in figures and words.
** Every page carries «Лист N из M», the group and the document identifier.
**
** The identifier is short and stable for the same content: «ЖУ-<group>-
** <yy><yy>[с<N>]-<8 hex>», the hex being the start of a SHA-256 over
** everything the journal shows (data and institution details).
*/
#ifndef EJ_DOCS_JOURNAL_H
#define EJ_DOCS_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/config.h"
#include "util/err.h"

#define EJ_JOURNAL_ID_MAX 128

struct ej_journal_result {
	int pages;                          /* sheets in the file */
	char doc_id[EJ_JOURNAL_ID_MAX];
	long lessons;                       /* lesson records in the period */
};

/*
** Draw group group_id's journal for semester 1 or 2 (0 = the whole year)
** into path, written atomically.  pdfa makes an archival PDF/A-1b copy.
** result (may be NULL) receives the page count and identifier.
*/
int ej_journal_write(struct ej_db *db, const struct ej_config *cfg, int64_t group_id,
		     int semester, bool pdfa, const char *path,
		     struct ej_journal_result *result, struct ej_err *err);

/* The identifier alone (reads the same data, draws nothing): for the
** archive's manifest.  out gets at most size bytes, NUL-terminated. */
int ej_journal_doc_id(struct ej_db *db, const struct ej_config *cfg, int64_t group_id,
		      int semester, char *out, size_t size, struct ej_err *err);

/* File name for a group's journal: «ИСП-21.pdf», «ИСП-21-сем1.pdf»; '/',
** '\\', control characters and a leading '.' are replaced.  Caller frees. */
char *ej_journal_file_name(const char *group, int semester);

/* The groups to print: every group when names is empty, else each named
** one (EJ_EDATA naming the first unknown).  *ids is allocated (caller
** frees), *n set. */
int ej_journal_groups(struct ej_db *db, const char *const *names, size_t nnames,
		      int64_t **ids, char ***group_names, size_t *n, struct ej_err *err);

#endif
