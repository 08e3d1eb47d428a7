/*
** pdfa.h — internal to lib/render: the document-level finishing step of
** pdf.c (Info in UTF-16, trailer /ID) and the PDF/A-1b parts libharu 2.3.0
** lacks or gets wrong (XMP, output intent, CIDSet/CapHeight).
*/
#ifndef EJ_RENDER_PDFA_H
#define EJ_RENDER_PDFA_H

#include <hpdf.h>
#include <stdbool.h>

#include "util/err.h"

struct ej_pdfa_info {
	const char *title, *author, *subject, *keywords;
	const char *id_seed;      /* hashed into the trailer /ID */
	long long epoch;          /* the dates set in Info (seconds, UTC) */
	bool pdfa;
};

/* Wrap a UTF-8 (Type0) font's write step: a correct /ToUnicode CMap, and
** with pdfa CapHeight and a CIDSet in its descriptor (PDF/A-1 §6.3.5).
** 0 on success. */
int ej_pdfa_font_hook(HPDF_Font font, bool pdfa);

/* Before saving: Info strings, /ID; with info->pdfa also version 1.4, XMP
** metadata and the sRGB output intent.  0 or an EJ_E* code with err. */
int ej_pdfa_finish(HPDF_Doc doc, const struct ej_pdfa_info *info, struct ej_err *err);

#endif
