/*
** pdf.h — the PDF layout layer over libharu, shared by every PDF document.
**
** One struct ej_pdf is one document.  It owns the libharu handle, loads the
** serif fonts (Liberation Serif: regular, bold, italic) once, in UTF-8 mode,
** embedded, so Russian text renders and extracts back (pdftotext) as typed.
**
** Coordinates are points measured from the TOP-LEFT corner of the page, y
** growing downwards; a text y is its baseline.  ej_pdf_box() gives the area
** inside the margins of the current page (with duplex, even pages mirror the
** left/right margins: the stitched side is always the wide one).
**
** Errors are sticky, like ferror(): the first libharu failure (reported by
** its error handler as error_no/detail_no, or by an HPDF_STATUS) is recorded
** and every later drawing call does nothing; ej_pdf_save() and
** ej_pdf_error() report it.  Drawing calls still return EJ_OK/EJ_EIO so a
** caller may stop early.
**
** Page furniture — the running header (left and right texts, e.g. the group
** and the document identifier) and the footer «Лист N из M» with an optional
** per-page note — is drawn by ej_pdf_save() on every page, when the total
** page count is known.
**
** Determinism: the creation date is $SOURCE_DATE_EPOCH when set (else the
** current time), and the trailer /ID is derived from opts.id_seed, so the same
** content gives the same bytes.
**
** PDF/A-1b (opts.pdfa): XMP metadata matching the Info dictionary, an sRGB
** ICC v2 output intent, CIDSet and CapHeight in the font descriptors, own
** trailer /ID — see pdfa.c.
*/
#ifndef EJ_RENDER_PDF_H
#define EJ_RENDER_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define EJ_PDF_MM(x) ((x) * 72.0 / 25.4)

enum ej_pdf_face { EJ_PDF_REGULAR, EJ_PDF_BOLD, EJ_PDF_ITALIC, EJ_PDF_NFACES };
enum ej_pdf_align { EJ_PDF_LEFT, EJ_PDF_CENTER, EJ_PDF_RIGHT };

struct ej_pdf_opts {
	bool pdfa;                 /* PDF/A-1b archival copy */
	bool duplex;               /* mirror left/right margins on even pages */
	double margin_left_mm, margin_right_mm, margin_top_mm, margin_bottom_mm;
	/* Document information (UTF-8; NULL = omitted). */
	const char *title, *author, *subject, *keywords;
	/* Running header on every page (NULL = none). */
	const char *header_left, *header_right;
	/* Hashed into the trailer /ID (NULL: the title). */
	const char *id_seed;
	/* Font file names looked up with ej_data_find("fonts", …); NULL = the
	** Liberation Serif defaults. */
	const char *font_file[EJ_PDF_NFACES];
};

struct ej_pdf;

/* New empty document; NULL with err filled when libharu or a font fails. */
struct ej_pdf *ej_pdf_new(const struct ej_pdf_opts *opts, struct ej_err *err);
void ej_pdf_free(struct ej_pdf *p);                    /* NULL-safe */

/* First recorded error (EJ_OK when none); message into err when non-NULL. */
int ej_pdf_error(const struct ej_pdf *p, struct ej_err *err);

/* Start a new A4 page; it becomes current.  Returns its 1-based number. */
int ej_pdf_add_page(struct ej_pdf *p, bool landscape);
/* Page count so far. */
int ej_pdf_page_count(const struct ej_pdf *p);
/* Number of the current page (0 before the first). */
int ej_pdf_page_number(const struct ej_pdf *p);
/* Make an earlier page current again to draw on it (pages stay editable
** until saving): e.g. a contents page filled in once the sections' pages
** are known.  The next ej_pdf_add_page() appends after the last page. */
int ej_pdf_select_page(struct ej_pdf *p, int number);
/* Footer note of the current page (copied), e.g. the section name. */
void ej_pdf_page_note(struct ej_pdf *p, const char *note);

/* The current page's area inside the margins. */
struct ej_pdf_box { double left, top, right, bottom; };
struct ej_pdf_box ej_pdf_box(const struct ej_pdf *p);

/* Current font for text and measuring. */
void ej_pdf_font(struct ej_pdf *p, enum ej_pdf_face face, double size);
double ej_pdf_font_size(const struct ej_pdf *p);
/* Width in points of UTF-8 s (first n bytes) in the current font. */
double ej_pdf_width(struct ej_pdf *p, const char *s);
double ej_pdf_widthn(struct ej_pdf *p, const char *s, size_t n);

/* Text at baseline (x, y).  The aligned form places s in [x, x + w]. */
int ej_pdf_text(struct ej_pdf *p, double x, double y, const char *s);
int ej_pdf_textn(struct ej_pdf *p, double x, double y, const char *s, size_t n);
int ej_pdf_text_align(struct ej_pdf *p, double x, double y, double w,
		      enum ej_pdf_align align, const char *s);
/* Like ej_pdf_text_align, but shrinks the font (down to 60 %) so s fits w. */
int ej_pdf_text_fit(struct ej_pdf *p, double x, double y, double w,
		    enum ej_pdf_align align, const char *s);

/*
** Break s into lines no wider than w in the current font: at spaces, at
** '\n', "\r\n" and '\r', and inside a word only when the word alone is too
** wide.  Control characters are drawn as spaces.  Lines are
** (offset, length) pairs into s, valid until the next ej_pdf_wrap call.
** Returns the number of lines (≥ 1, an empty string is one empty line).
*/
struct ej_pdf_span { size_t off, len; };
size_t ej_pdf_wrap(struct ej_pdf *p, const char *s, double w,
		   const struct ej_pdf_span **lines);
/* Wrap and draw s from top y (first baseline = y + ascent); returns the
** height used: lines × leading. */
double ej_pdf_paragraph(struct ej_pdf *p, double x, double y, double w,
			enum ej_pdf_align align, double leading, const char *s);

/* Graphics.  Lines use the current line width (default 0.5 pt). */
void ej_pdf_line_width(struct ej_pdf *p, double w);
int ej_pdf_line(struct ej_pdf *p, double x1, double y1, double x2, double y2);
int ej_pdf_rect(struct ej_pdf *p, double x, double y, double w, double h);
/* Filled rectangle in grey (0 black … 1 white), no border. */
int ej_pdf_fill(struct ej_pdf *p, double x, double y, double w, double h, double grey);

/*
** Tables that flow over pages: the header row is repeated on every page,
** a row never splits, text wraps inside its cell.  Column widths are in
** points; a width of 0 shares what is left of the box width equally.
** on_page (optional) runs after each page break, before the header row is
** drawn, and returns the y where the table continues (e.g. below a caption).
*/
struct ej_pdf_col {
	const char *title;
	double width;
	enum ej_pdf_align align;
};

struct ej_pdf_table {
	struct ej_pdf *pdf;
	const struct ej_pdf_col *cols;
	size_t ncols;
	double x[32], w[32];
	double size, head_size;       /* body and header font sizes */
	double pad;                   /* cell padding */
	double y;                     /* where the next row goes */
	bool landscape;
	double (*on_page)(void *ctx, struct ej_pdf *pdf);
	void *ctx;
};

/* Lay the columns out over [x, x + width] and draw the header row at y. */
int ej_pdf_table_begin(struct ej_pdf_table *t, struct ej_pdf *p,
		       const struct ej_pdf_col *cols, size_t ncols,
		       double x, double y, double width, double size);
/* One row; cells[i] may be NULL.  bold draws the row in the bold face. */
int ej_pdf_table_row(struct ej_pdf_table *t, const char *const *cells, bool bold);
/* Height a row would take. */
double ej_pdf_table_row_height(struct ej_pdf_table *t, const char *const *cells);

/*
** Draw the furniture on every page, then write the file atomically
** (temporary beside path, fsync, rename).  The document stays usable only
** for ej_pdf_free() afterwards.
*/
int ej_pdf_save(struct ej_pdf *p, const char *path, struct ej_err *err);

/* Seconds since 1970 used for the document dates: $SOURCE_DATE_EPOCH or now. */
long long ej_pdf_epoch(void);

#endif
