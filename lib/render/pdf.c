/*
** pdf.c — the PDF layout layer over libharu (see pdf.h for the contract).
*/
#include "render/pdf.h"
#include "render/pdfa.h"

#include <hpdf.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/atomic.h"
#include "util/date.h"
#include "util/paths.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define A4_SHORT 595.276
#define A4_LONG 841.890
#define WCACHE 0x2200            /* code points whose widths are cached */
#define ASCENT 0.80              /* baseline below the line top, × size */
#define LEADING 1.18             /* line pitch, × size */

static const char *const default_fonts[EJ_PDF_NFACES] = {
	"LiberationSerif-Regular.ttf",
	"LiberationSerif-Bold.ttf",
	"LiberationSerif-Italic.ttf",
};

struct page_rec {
	HPDF_Page h;
	bool landscape;
	char *note;
};

struct ej_pdf {
	HPDF_Doc doc;
	struct ej_pdf_opts o;
	char *title, *author, *subject, *keywords, *header_left, *header_right, *id_seed;
	char *font_path[EJ_PDF_NFACES];
	HPDF_Font font[EJ_PDF_NFACES];
	float *wcache[EJ_PDF_NFACES];     /* width per code point /1000 em; <0 unknown */

	struct page_rec *pages;
	size_t npages, apages;
	HPDF_Page page;                   /* current */
	size_t cur;                       /* its index */
	double pw, ph;
	enum ej_pdf_face face;            /* requested font */
	double size;
	int page_face;                    /* font set on the page (-1 none) */
	double page_size;
	bool in_text;
	double line_w, page_line_w;

	struct ej_pdf_span *lines;
	size_t alines;
	char *scratch;
	size_t ascratch;

	long long epoch;                  /* document dates */
	int code;                         /* first error, sticky */
	char msg[512];
};

/* ---- errors --------------------------------------------------------------- */

static void fail(struct ej_pdf *p, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(struct ej_pdf *p, int code, const char *fmt, ...)
{
	va_list ap;

	if (p->code)
		return;
	p->code = code;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
	va_end(ap);
}

/* libharu's error handler: record the first error_no/detail_no; no longjmp. */
static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
	fail(user, EJ_EIO, "PDF: libharu error 0x%04lX (detail %lu)",
	     (unsigned long)error_no, (unsigned long)detail_no);
}

/* Check one HPDF_STATUS; false (and the error recorded) when it failed. */
static bool ok(struct ej_pdf *p, HPDF_STATUS st, const char *what)
{
	if (st == HPDF_OK)
		return true;
	fail(p, EJ_EIO, "PDF: %s failed: libharu error 0x%04lX (detail %lu)", what,
	     (unsigned long)st, (unsigned long)HPDF_GetErrorDetail(p->doc));
	return false;
}

int ej_pdf_error(const struct ej_pdf *p, struct ej_err *err)
{
	if (!p->code)
		return EJ_OK;
	return ej_err_set(err, p->code, "%s", p->msg);
}

/* ---- document ------------------------------------------------------------- */

long long ej_pdf_epoch(void)
{
	long long v;

	return ej_source_date_epoch(&v) ? v : (long long)time(NULL);
}

static bool load_fonts_dir(struct ej_pdf *p, struct ej_err *err)
{
	for (int i = 0; i < EJ_PDF_NFACES; i++) {
		const char *name = p->o.font_file[i] ? p->o.font_file[i] : default_fonts[i];

		p->font_path[i] = ej_data_find("fonts", name);
		if (!p->font_path[i]) {
			ej_err_set(err, EJ_EIO, "font %s not found (looked in the data "
				   "directory's fonts/ and the system fonts; install "
				   "fonts-liberation2 or put the file in fonts/)", name);
			return false;
		}
	}
	return true;
}

/* Load a face on first use: each costs a few ms (width tables). */
static HPDF_Font face_font(struct ej_pdf *p, enum ej_pdf_face f)
{
	const char *name;

	if (p->font[f] || p->code)
		return p->font[f];
	name = HPDF_LoadTTFontFromFile(p->doc, p->font_path[f], HPDF_TRUE);
	if (!name) {
		fail(p, EJ_EIO, "PDF: cannot load font %s", p->font_path[f]);
		return NULL;
	}
	p->font[f] = HPDF_GetFont(p->doc, name, "UTF-8");
	if (!p->font[f]) {
		fail(p, EJ_EIO, "PDF: cannot use font %s in UTF-8", name);
		return NULL;
	}
	if (ej_pdfa_font_hook(p->font[f], p->o.pdfa) != 0)
		fail(p, EJ_EIO, "PDF/A: cannot hook font %s", name);
	return p->font[f];
}

static char *dup_opt(const char *s)
{
	return s ? ej_strdup(s) : NULL;
}

struct ej_pdf *ej_pdf_new(const struct ej_pdf_opts *opts, struct ej_err *err)
{
	struct ej_pdf *p = ej_calloc(1, sizeof(*p));
	long long epoch = ej_pdf_epoch();
	time_t t = (time_t)epoch;
	struct tm tm;
	HPDF_Date d;

	p->o = *opts;
	p->epoch = epoch;
	p->title = dup_opt(opts->title);
	p->author = dup_opt(opts->author);
	p->subject = dup_opt(opts->subject);
	p->keywords = dup_opt(opts->keywords);
	p->header_left = dup_opt(opts->header_left);
	p->header_right = dup_opt(opts->header_right);
	p->id_seed = dup_opt(opts->id_seed);
	p->page_face = -1;
	p->line_w = 0.5;
	p->size = 10;
	if (!load_fonts_dir(p, err))
		goto fail;
	p->doc = HPDF_New(on_hpdf_error, p);
	if (!p->doc) {
		ej_err_set(err, EJ_EIO, "PDF: cannot create a document (libharu)");
		goto fail;
	}
	gmtime_r(&t, &tm);
	memset(&d, 0, sizeof(d));
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec;
	d.ind = '+';              /* 'Z' breaks libharu's XMP date (DEPENDENCIES.md) */
	ok(p, HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL), "compression");
	ok(p, HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "ejournal " EJ_VERSION), "info");
	ok(p, HPDF_SetInfoAttr(p->doc, HPDF_INFO_PRODUCER,
			       "ejournal " EJ_VERSION " (libHaru " HPDF_VERSION_TEXT ")"), "info");
	ok(p, HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d), "info date");
	ok(p, HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, d), "info date");
	ok(p, HPDF_UseUTFEncodings(p->doc), "UTF-8 encodings");
	ok(p, HPDF_SetCurrentEncoder(p->doc, "UTF-8"), "UTF-8 encoder");
	if (p->code || !face_font(p, EJ_PDF_REGULAR)) {
		ej_pdf_error(p, err);
		goto fail;
	}
	return p;
fail:
	ej_pdf_free(p);
	return NULL;
}

void ej_pdf_free(struct ej_pdf *p)
{
	if (!p)
		return;
	if (p->doc)
		HPDF_Free(p->doc);
	for (size_t i = 0; i < p->npages; i++)
		free(p->pages[i].note);
	free(p->pages);
	for (int i = 0; i < EJ_PDF_NFACES; i++) {
		free(p->font_path[i]);
		free(p->wcache[i]);
	}
	free(p->title);
	free(p->author);
	free(p->subject);
	free(p->keywords);
	free(p->header_left);
	free(p->header_right);
	free(p->id_seed);
	free(p->lines);
	free(p->scratch);
	free(p);
}

/* ---- pages ---------------------------------------------------------------- */

static void end_text(struct ej_pdf *p)
{
	if (p->in_text) {
		ok(p, HPDF_Page_EndText(p->page), "EndText");
		p->in_text = false;
	}
}

static void select_page(struct ej_pdf *p, size_t i)
{
	end_text(p);
	p->cur = i;
	p->page = p->pages[i].h;
	p->pw = p->pages[i].landscape ? A4_LONG : A4_SHORT;
	p->ph = p->pages[i].landscape ? A4_SHORT : A4_LONG;
	p->page_face = -1;
	p->page_line_w = -1;
}

int ej_pdf_add_page(struct ej_pdf *p, bool landscape)
{
	HPDF_Page pg;

	if (p->code)
		return (int)p->npages;
	end_text(p);
	pg = HPDF_AddPage(p->doc);
	if (!pg) {
		fail(p, EJ_EIO, "PDF: cannot add a page");
		return (int)p->npages;
	}
	if (!ok(p, HPDF_Page_SetSize(pg, HPDF_PAGE_SIZE_A4,
				     landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT), "page size"))
		return (int)p->npages;
	EJ_GROW(p->pages, p->npages + 1, p->apages);
	p->pages[p->npages].h = pg;
	p->pages[p->npages].landscape = landscape;
	p->pages[p->npages].note = NULL;
	p->npages++;
	select_page(p, p->npages - 1);
	return (int)p->npages;
}

int ej_pdf_page_count(const struct ej_pdf *p)
{
	return (int)p->npages;
}

int ej_pdf_page_number(const struct ej_pdf *p)
{
	return p->npages ? (int)p->cur + 1 : 0;
}

int ej_pdf_select_page(struct ej_pdf *p, int number)
{
	if (number < 1 || (size_t)number > p->npages) {
		fail(p, EJ_EIO, "PDF: no page %d to select (of %zu)", number, p->npages);
		return p->code;
	}
	if (!p->code)
		select_page(p, (size_t)number - 1);
	return p->code;
}

void ej_pdf_page_note(struct ej_pdf *p, const char *note)
{
	if (!p->npages)
		return;
	free(p->pages[p->cur].note);
	p->pages[p->cur].note = dup_opt(note);
}

static struct ej_pdf_box box_of(const struct ej_pdf *p, size_t index, bool landscape)
{
	struct ej_pdf_box b;
	double l = EJ_PDF_MM(p->o.margin_left_mm), r = EJ_PDF_MM(p->o.margin_right_mm);
	double w = landscape ? A4_LONG : A4_SHORT, h = landscape ? A4_SHORT : A4_LONG;

	if (p->o.duplex && index % 2 == 1) {      /* even page number: mirrored */
		double t = l;
		l = r;
		r = t;
	}
	b.left = l;
	b.right = w - r;
	b.top = EJ_PDF_MM(p->o.margin_top_mm);
	b.bottom = h - EJ_PDF_MM(p->o.margin_bottom_mm);
	return b;
}

struct ej_pdf_box ej_pdf_box(const struct ej_pdf *p)
{
	if (!p->npages)
		return box_of(p, 0, false);
	return box_of(p, p->cur, p->pages[p->cur].landscape);
}

/* ---- fonts and measuring ---------------------------------------------------- */

void ej_pdf_font(struct ej_pdf *p, enum ej_pdf_face face, double size)
{
	p->face = face;
	p->size = size;
}

double ej_pdf_font_size(const struct ej_pdf *p)
{
	return p->size;
}

/* Make the requested font current on the page (only when it changed). */
static bool apply_font(struct ej_pdf *p)
{
	HPDF_Font f;

	if (p->page_face == (int)p->face && p->page_size == p->size)
		return true;
	f = face_font(p, p->face);
	if (!f || !ok(p, HPDF_Page_SetFontAndSize(p->page, f, (HPDF_REAL)p->size), "SetFontAndSize"))
		return false;
	p->page_face = (int)p->face;
	p->page_size = p->size;
	return true;
}

/* Advance of one code point in 1/1000 em, cached per face. */
static double cp_width(struct ej_pdf *p, uint32_t cp)
{
	HPDF_Font f = face_font(p, p->face);
	float *c;
	char u[5];
	size_t n;
	HPDF_TextWidth tw;

	if (!f)
		return 500;
	if (cp < WCACHE) {
		if (!p->wcache[p->face]) {
			p->wcache[p->face] = ej_malloc(WCACHE * sizeof(float));
			for (size_t i = 0; i < WCACHE; i++)
				p->wcache[p->face][i] = -1;
		}
		c = &p->wcache[p->face][cp];
		if (*c >= 0)
			return *c;
	} else {
		c = NULL;
	}
	n = ej_utf8_encode(cp, u);
	u[n] = '\0';
	tw = HPDF_Font_TextWidth(f, (const HPDF_BYTE *)u, (HPDF_UINT)n);
	if (c)
		*c = (float)tw.width;
	return tw.width;
}

/* Decode one code point; invalid bytes count as U+FFFD, one byte. */
static size_t next_cp(const char *s, size_t n, uint32_t *cp)
{
	size_t k;

	if ((unsigned char)s[0] < 0x80) {
		*cp = (unsigned char)s[0];
		return 1;
	}
	k = ej_utf8_decode(s, n, cp);
	if (k == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	return k;
}

double ej_pdf_widthn(struct ej_pdf *p, const char *s, size_t n)
{
	double w = 0;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = next_cp(s + i, n - i, &cp);
		w += cp_width(p, cp);
		i += k;
	}
	return w * p->size / 1000.0;
}

double ej_pdf_width(struct ej_pdf *p, const char *s)
{
	return s ? ej_pdf_widthn(p, s, strlen(s)) : 0;
}

/* ---- text ------------------------------------------------------------------- */

int ej_pdf_textn(struct ej_pdf *p, double x, double y, const char *s, size_t n)
{
	if (p->code || !p->page)
		return p->code ? p->code : EJ_EIO;
	if (n == 0)
		return EJ_OK;
	if (n + 1 > p->ascratch) {
		p->ascratch = n + 64;
		p->scratch = ej_realloc(p->scratch, p->ascratch);
	}
	memcpy(p->scratch, s, n);
	p->scratch[n] = '\0';
	/* control characters have no glyph (PDF/A-1 forbids drawing them) */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p->scratch[i] < 0x20)
			p->scratch[i] = ' ';
	if (!p->in_text) {
		if (!ok(p, HPDF_Page_BeginText(p->page), "BeginText"))
			return p->code;
		p->in_text = true;
	}
	if (!apply_font(p))
		return p->code;
	ok(p, HPDF_Page_TextOut(p->page, (HPDF_REAL)x, (HPDF_REAL)(p->ph - y), p->scratch),
	   "TextOut");
	return p->code;
}

int ej_pdf_text(struct ej_pdf *p, double x, double y, const char *s)
{
	return s ? ej_pdf_textn(p, x, y, s, strlen(s)) : EJ_OK;
}

int ej_pdf_text_align(struct ej_pdf *p, double x, double y, double w,
		      enum ej_pdf_align align, const char *s)
{
	double tw;

	if (!s || !*s)
		return p->code;
	if (align != EJ_PDF_LEFT) {
		tw = ej_pdf_width(p, s);
		x += align == EJ_PDF_CENTER ? (w - tw) / 2 : w - tw;
	}
	return ej_pdf_text(p, x, y, s);
}

int ej_pdf_text_fit(struct ej_pdf *p, double x, double y, double w,
		    enum ej_pdf_align align, const char *s)
{
	double size = p->size, tw;
	int rc;

	if (!s || !*s)
		return p->code;
	tw = ej_pdf_width(p, s);
	if (tw > w && tw > 0) {
		double k = w / tw;
		p->size = size * (k < 0.6 ? 0.6 : k);
	}
	rc = ej_pdf_text_align(p, x, y, w, align, s);
	p->size = size;
	return rc;
}

size_t ej_pdf_wrap(struct ej_pdf *p, const char *s, double w,
		   const struct ej_pdf_span **out)
{
	size_t len = s ? strlen(s) : 0, n = 0, pos = 0;
	double scale = p->size / 1000.0;

	if (!s)
		s = "";
	for (;;) {
		size_t start, i, k, brk = SIZE_MAX, end;
		double lw = 0;
		uint32_t cp;

		while (pos < len && s[pos] == ' ')
			pos++;
		start = i = pos;
		end = len;
		while (i < len) {
			if (s[i] == '\n' || s[i] == '\r') {   /* LF, CR LF or CR */
				end = i;
				pos = i + 1 + (s[i] == '\r' && s[i + 1] == '\n');
				break;
			}
			k = next_cp(s + i, len - i, &cp);
			lw += cp_width(p, cp) * scale;
			if (lw > w && i > start && cp != ' ') {
				if (brk != SIZE_MAX) {
					end = brk;
					pos = brk + 1;
				} else {
					end = i;
					pos = i;
				}
				break;
			}
			if (cp == ' ')
				brk = i;
			i += k;
		}
		if (i >= len && end == len)
			pos = len;
		while (end > start && s[end - 1] == ' ')
			end--;
		EJ_GROW(p->lines, n + 1, p->alines);
		p->lines[n].off = start;
		p->lines[n].len = end - start;
		n++;
		if (pos >= len)
			break;
	}
	*out = p->lines;
	return n;
}

double ej_pdf_paragraph(struct ej_pdf *p, double x, double y, double w,
			enum ej_pdf_align align, double leading, const char *s)
{
	const struct ej_pdf_span *ln;
	size_t n = ej_pdf_wrap(p, s, w, &ln), i;
	double base = y + p->size * ASCENT;

	for (i = 0; i < n; i++) {
		double tx = x;

		if (align != EJ_PDF_LEFT) {
			double tw = ej_pdf_widthn(p, s + ln[i].off, ln[i].len);
			tx += align == EJ_PDF_CENTER ? (w - tw) / 2 : w - tw;
		}
		ej_pdf_textn(p, tx, base + i * leading, s + ln[i].off, ln[i].len);
	}
	return n * leading;
}

/* ---- graphics ----------------------------------------------------------------- */

void ej_pdf_line_width(struct ej_pdf *p, double w)
{
	p->line_w = w;
}

static bool gfx(struct ej_pdf *p)
{
	if (p->code || !p->page)
		return false;
	end_text(p);
	if (p->page_line_w != p->line_w) {
		if (!ok(p, HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)p->line_w), "SetLineWidth"))
			return false;
		p->page_line_w = p->line_w;
	}
	return true;
}

int ej_pdf_line(struct ej_pdf *p, double x1, double y1, double x2, double y2)
{
	if (!gfx(p))
		return p->code ? p->code : EJ_EIO;
	if (ok(p, HPDF_Page_MoveTo(p->page, (HPDF_REAL)x1, (HPDF_REAL)(p->ph - y1)), "MoveTo") &&
	    ok(p, HPDF_Page_LineTo(p->page, (HPDF_REAL)x2, (HPDF_REAL)(p->ph - y2)), "LineTo"))
		ok(p, HPDF_Page_Stroke(p->page), "Stroke");
	return p->code;
}

int ej_pdf_rect(struct ej_pdf *p, double x, double y, double w, double h)
{
	if (!gfx(p))
		return p->code ? p->code : EJ_EIO;
	if (ok(p, HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)(p->ph - y - h),
				      (HPDF_REAL)w, (HPDF_REAL)h), "Rectangle"))
		ok(p, HPDF_Page_Stroke(p->page), "Stroke");
	return p->code;
}

int ej_pdf_fill(struct ej_pdf *p, double x, double y, double w, double h, double grey)
{
	if (!gfx(p))
		return p->code ? p->code : EJ_EIO;
	if (ok(p, HPDF_Page_SetGrayFill(p->page, (HPDF_REAL)grey), "SetGrayFill") &&
	    ok(p, HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)(p->ph - y - h),
				      (HPDF_REAL)w, (HPDF_REAL)h), "Rectangle") &&
	    ok(p, HPDF_Page_Fill(p->page), "Fill"))
		ok(p, HPDF_Page_SetGrayFill(p->page, 0), "SetGrayFill");
	return p->code;
}

/* ---- tables ------------------------------------------------------------------- */

static double cell_lines(struct ej_pdf_table *t, size_t c, const char *s)
{
	const struct ej_pdf_span *ln;

	if (!s || !*s)
		return 1;
	return (double)ej_pdf_wrap(t->pdf, s, t->w[c] - 2 * t->pad, &ln);
}

static double row_height(struct ej_pdf_table *t, const char *const *cells, double size,
			 enum ej_pdf_face face)
{
	double lines = 1;

	ej_pdf_font(t->pdf, face, size);
	for (size_t c = 0; c < t->ncols; c++) {
		double n = cell_lines(t, c, cells[c]);
		if (n > lines)
			lines = n;
	}
	return lines * size * LEADING + 2 * t->pad;
}

double ej_pdf_table_row_height(struct ej_pdf_table *t, const char *const *cells)
{
	return row_height(t, cells, t->size, EJ_PDF_REGULAR);
}

/* Draw one row at t->y with height h; header rows are shaded. */
static void draw_row(struct ej_pdf_table *t, const char *const *cells, double h,
		     double size, enum ej_pdf_face face, bool shade)
{
	struct ej_pdf *p = t->pdf;
	double x0 = t->x[0], x1 = t->x[t->ncols - 1] + t->w[t->ncols - 1];

	if (shade)
		ej_pdf_fill(p, x0, t->y, x1 - x0, h, 0.90);
	ej_pdf_line_width(p, shade ? 0.6 : 0.4);
	ej_pdf_rect(p, x0, t->y, x1 - x0, h);
	for (size_t c = 1; c < t->ncols; c++)
		ej_pdf_line(p, t->x[c], t->y, t->x[c], t->y + h);
	ej_pdf_font(p, face, size);
	for (size_t c = 0; c < t->ncols; c++) {
		if (cells[c] && *cells[c]) {
			double top = t->y + t->pad;

			if (shade) {            /* header cells centre vertically too */
				const struct ej_pdf_span *ln;
				size_t n = ej_pdf_wrap(p, cells[c], t->w[c] - 2 * t->pad, &ln);
				top += (h - 2 * t->pad - (double)n * size * LEADING) / 2;
			}
			ej_pdf_paragraph(p, t->x[c] + t->pad, top, t->w[c] - 2 * t->pad,
					 shade ? EJ_PDF_CENTER : t->cols[c].align,
					 size * LEADING, cells[c]);
		}
	}
	t->y += h;
}

static void draw_header(struct ej_pdf_table *t)
{
	const char *heads[32];
	double h;

	for (size_t c = 0; c < t->ncols; c++)
		heads[c] = t->cols[c].title;
	h = row_height(t, heads, t->head_size, EJ_PDF_BOLD);
	draw_row(t, heads, h, t->head_size, EJ_PDF_BOLD, true);
}

int ej_pdf_table_begin(struct ej_pdf_table *t, struct ej_pdf *p,
		       const struct ej_pdf_col *cols, size_t ncols,
		       double x, double y, double width, double size)
{
	double fixed = 0, share;
	size_t nfree = 0;

	if (ncols == 0 || ncols > 32) {
		fail(p, EJ_EIO, "PDF: a table needs 1 to 32 columns, not %zu", ncols);
		return p->code;
	}
	t->pdf = p;
	t->cols = cols;
	t->ncols = ncols;
	t->size = size;
	if (t->head_size <= 0)
		t->head_size = size;
	if (t->pad <= 0)
		t->pad = size * 0.3;
	t->landscape = p->npages ? p->pages[p->cur].landscape : true;
	for (size_t c = 0; c < ncols; c++) {
		if (cols[c].width > 0)
			fixed += cols[c].width;
		else
			nfree++;
	}
	share = nfree ? (width - fixed) / (double)nfree : 0;
	for (size_t c = 0; c < ncols; c++) {
		t->w[c] = cols[c].width > 0 ? cols[c].width : share;
		t->x[c] = c ? t->x[c - 1] + t->w[c - 1] : x;
	}
	t->y = y;
	draw_header(t);
	return p->code;
}

/*
** s cut to its first max lines in column c (current font), the last one
** ending in «…» within the width; a new string.
*/
static char *cut_cell(struct ej_pdf_table *t, size_t c, const char *s, size_t max)
{
	const struct ej_pdf_span *ln;
	double w = t->w[c] - 2 * t->pad;
	size_t n = ej_pdf_wrap(t->pdf, s, w, &ln), end;
	char *out;

	if (n <= max)
		return ej_strdup(s);
	end = ln[max - 1].off + ln[max - 1].len;
	/* Shorten the last line until it takes the ellipsis (whole UTF-8 characters). */
	while (end > ln[max - 1].off &&
	       ej_pdf_widthn(t->pdf, s + ln[max - 1].off, end - ln[max - 1].off) +
	       ej_pdf_width(t->pdf, "…") > w) {
		end--;
		while (end > ln[max - 1].off && ((unsigned char)s[end] & 0xC0) == 0x80)
			end--;
	}
	while (end > ln[max - 1].off && s[end - 1] == ' ')
		end--;
	out = ej_malloc(end + sizeof("…"));
	memcpy(out, s, end);
	memcpy(out + end, "…", sizeof("…"));
	return out;
}

/*
** A row taller than a whole page (a topic of pages): no row splits and none
** runs off the page, so its long cells are cut to the lines that fit in
** avail, ending in «…».
*/
static void draw_row_cut(struct ej_pdf_table *t, const char *const *cells, double avail,
			 enum ej_pdf_face face)
{
	double lead = t->size * LEADING;
	size_t max = avail - 2 * t->pad >= lead ? (size_t)((avail - 2 * t->pad) / lead) : 1;
	char *cut[32];
	size_t c;

	ej_pdf_font(t->pdf, face, t->size);
	for (c = 0; c < t->ncols; c++)
		cut[c] = cells[c] && *cells[c] ? cut_cell(t, c, cells[c], max) : NULL;
	draw_row(t, (const char *const *)cut, row_height(t, (const char *const *)cut, t->size, face),
		 t->size, face, false);
	for (c = 0; c < t->ncols; c++)
		free(cut[c]);
}

int ej_pdf_table_row(struct ej_pdf_table *t, const char *const *cells, bool bold)
{
	struct ej_pdf *p = t->pdf;
	enum ej_pdf_face face = bold ? EJ_PDF_BOLD : EJ_PDF_REGULAR;
	double h = row_height(t, cells, t->size, face);
	struct ej_pdf_box b = ej_pdf_box(p);

	if (t->y + h > b.bottom + 0.01) {
		double old_left = b.left;

		ej_pdf_add_page(p, t->landscape);
		b = ej_pdf_box(p);
		/* duplex: the stitched margin changes sides, the table follows */
		for (size_t c = 0; c < t->ncols; c++)
			t->x[c] += b.left - old_left;
		t->y = t->on_page ? t->on_page(t->ctx, p) : b.top;
		draw_header(t);
		if (t->y + h > b.bottom + 0.01) {
			draw_row_cut(t, cells, b.bottom - t->y, face);
			return p->code;
		}
	}
	draw_row(t, cells, h, t->size, face, false);
	return p->code;
}

/* ---- furniture and saving ------------------------------------------------------ */

static void furniture(struct ej_pdf *p)
{
	char folio[64];
	double fs = 8;

	for (size_t i = 0; i < p->npages && !p->code; i++) {
		struct ej_pdf_box b = box_of(p, i, p->pages[i].landscape);
		double mt = EJ_PDF_MM(p->o.margin_top_mm), mb = EJ_PDF_MM(p->o.margin_bottom_mm);
		double hy = mt - EJ_PDF_MM(6), fy = b.bottom + mb - EJ_PDF_MM(9);

		if (hy < fs)
			hy = fs;
		select_page(p, i);
		ej_pdf_font(p, EJ_PDF_REGULAR, fs);
		if (p->header_left)
			ej_pdf_text(p, b.left, hy, p->header_left);
		if (p->header_right)
			ej_pdf_text_align(p, b.left, hy, b.right - b.left, EJ_PDF_RIGHT,
					  p->header_right);
		if (p->header_left || p->header_right) {
			ej_pdf_line_width(p, 0.3);
			ej_pdf_line(p, b.left, hy + 2.5, b.right, hy + 2.5);
		}
		if (p->pages[i].note)
			ej_pdf_text(p, b.left, fy, p->pages[i].note);
		snprintf(folio, sizeof(folio), "Лист %zu из %zu", i + 1, p->npages);
		ej_pdf_font(p, EJ_PDF_BOLD, 9);
		ej_pdf_text_align(p, b.left, fy, b.right - b.left, EJ_PDF_RIGHT, folio);
		end_text(p);
	}
}

int ej_pdf_save(struct ej_pdf *p, const char *path, struct ej_err *err)
{
	struct ej_pdfa_info info;
	char *tmp = NULL;
	int rc;

	if (p->npages == 0)
		ej_pdf_add_page(p, false);
	furniture(p);
	end_text(p);
	if (p->code)
		return ej_pdf_error(p, err);
	memset(&info, 0, sizeof(info));
	info.title = p->title;
	info.author = p->author;
	info.subject = p->subject;
	info.keywords = p->keywords;
	info.id_seed = p->id_seed ? p->id_seed : p->title;
	info.pdfa = p->o.pdfa;
	info.epoch = p->epoch;
	if (ej_pdfa_finish(p->doc, &info, err) != 0)
		return err ? err->code : EJ_EIO;
	tmp = ej_atomic_tmpname(path);
	if (HPDF_SaveToFile(p->doc, tmp) != HPDF_OK || p->code) {
		fail(p, EJ_EIO, "PDF: cannot write %s (libharu error 0x%04lX, detail %lu)", path,
		     (unsigned long)HPDF_GetError(p->doc), (unsigned long)HPDF_GetErrorDetail(p->doc));
		remove(tmp);
		free(tmp);
		return ej_pdf_error(p, err);
	}
	rc = ej_atomic_rename(tmp, path, 0644, err);
	if (rc)
		remove(tmp);
	free(tmp);
	return rc;
}
