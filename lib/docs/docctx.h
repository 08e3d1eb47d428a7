/*
** docctx.h — what the report documents (monthly, semester, summary, student)
** share: the wording templates with the institution's placeholders filled,
** the scope described in words, the data date (newest export) used as the
** documents' fixed creation date, the PDF options from the config, and a
** few database lookups every report makes.
*/
#ifndef EJ_DOCS_DOCCTX_H
#define EJ_DOCS_DOCCTX_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "render/pdf.h"
#include "render/template.h"
#include "store/db.h"
#include "store/scope.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/err.h"

#define EJ_REPORTS_TEMPLATE "reports.txt"

struct ej_doc_ctx {
	struct ej_db *db;
	const struct ej_config *cfg;
	const struct ej_scope *scope;
	struct ej_tpl *tpl;              /* templates/reports.txt */
	struct ej_tpl_vars vars;         /* institution.*, year, period, scope, today */
	time_t created;                  /* newest batch export time, for file dates */
	char today_ru[11];               /* its day, ДД.ММ.ГГГГ */
	char from_iso[11], to_iso[11];   /* scope period */
	char from_ru[11], to_ru[11];
};

/* Load the templates and fill the shared placeholders.  0 or err filled.
** Side effect: when $SOURCE_DATE_EPOCH is unset it is set to the data's
** date, so libharu (pdf.h takes its dates from there) writes the same bytes
** for the same database. */
int ej_doc_ctx_init(struct ej_doc_ctx *d, struct ej_db *db, const struct ej_config *cfg,
		    const struct ej_scope *scope, struct ej_err *err);
void ej_doc_ctx_release(struct ej_doc_ctx *d);

/* Expand template block key with the shared vars plus extra (may be NULL:
** extra names win).  Returns a new string or NULL with err filled. */
char *ej_doc_text(struct ej_doc_ctx *d, const char *key, const struct ej_tpl_vars *extra,
		  struct ej_err *err);

/* PDF options: margins and duplex from the config, title, /ID seed. */
void ej_doc_pdf_opts(struct ej_doc_ctx *d, struct ej_pdf_opts *o, const char *title,
		     const char *id_seed);

/* Does the group/teacher/discipline/department pass the scope's filters?
** NULL values fail a filter that is set. */
bool ej_doc_group_in_scope(const struct ej_scope *s, const char *group, const char *dept);
bool ej_doc_teacher_in_scope(const struct ej_scope *s, const char *name, const char *short_name);
bool ej_doc_disc_in_scope(const struct ej_scope *s, const char *code, const char *name);

/* «Фамилия И. О.» of teacher id, or "" (into buf). */
void ej_doc_teacher_short(struct ej_db *db, int64_t id, char *buf, size_t size);

/* Draw a title block (centred, bold, each line of text on its own line)
** from y; returns the y below it. */
double ej_doc_pdf_title(struct ej_pdf *p, double y, const char *text, double size);
/* A paragraph (lines of text = paragraphs) from y with the body font,
** adding a page when it would run past the bottom; returns the new y. */
double ej_doc_pdf_paragraphs(struct ej_pdf *p, double y, const char *text, double size,
			     bool landscape);
/* The end of a document's drawing: with drawn, save p to path (atomically);
** else take the PDF layer's error into err if none is set.  p is freed.
** Returns 0 or the error code. */
int ej_doc_pdf_finish(struct ej_pdf *p, const char *path, bool drawn, struct ej_err *err);
/* Make sure h points fit below y; else a new page.  Returns the y to use. */
double ej_doc_pdf_need(struct ej_pdf *p, double y, double h, bool landscape);

struct ej_fig_table;
/* Sort group × discipline rows by group, then discipline index (figures.h
** orders them by teacher first). */
void ej_doc_sort_by_group(struct ej_fig_table *t);

struct ej_finding;
/* A finding's date for a table cell: «14.10.2025», its period on two lines,
** or «—». */
void ej_doc_finding_date(const struct ej_finding *f, char *buf, size_t size);

/* Format a percentage/number for a PDF cell: "85,7", NAN → "—". */
void ej_doc_num(double v, int decimals, char *buf, size_t size);

#endif
