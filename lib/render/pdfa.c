/*
** pdfa.c — finishing a libharu document, and PDF/A-1b (see pdfa.h).
**
** libharu 2.3.0's own PDF/A helpers are not used: HPDF_PDFA_SetPDFAConformance
** writes unescaped XMP with "/SubType" and an /ID from ctime(), and
** HPDF_PDFA_AppendOutputIntents names its key "DestOutputProfile " (with a
** trailing space).  We write those objects ourselves through libharu's
** installed internal API (hpdf_doc.h, hpdf_objects.h, hpdf_font.h).
*/
#include "render/pdfa.h"

#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_encoder.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/paths.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* The font write step libharu installed (the same for every UTF-8 font). */
static HPDF_Dict_BeforeWriteFunc orig_before_write;

/* The glyph of code c in segment i of a format-4 cmap, as libharu's
** HPDF_TTFontDef_GetGlyphid computes it. */
static unsigned seg_glyph(const HPDF_TTF_CmapRange *cm, unsigned i, unsigned c)
{
	unsigned segs = cm->seg_count_x2 / 2u, idx;

	if (cm->id_range_offset[i] == 0)
		return (c + (unsigned)cm->id_delta[i]) & 0xFFFFu;
	idx = cm->id_range_offset[i] / 2u + (c - cm->start_count[i]) - (segs - i);
	return idx < cm->glyph_id_array_count ? cm->glyph_id_array[idx] : 0;
}

/* The CID libharu gives code point c: in UTF-8 mode the CID is the code
** point itself (the encoding CMap is «<0000> <FFFF> 0» and the encoder's
** cid_map stays empty); other CMap encoders go through their tables. */
static unsigned code_cid(HPDF_FontAttr attr, unsigned c)
{
	HPDF_CMapEncoderAttr e = attr->encoder->attr;

	if (strcmp(attr->encoder->name, "UTF-8") == 0)
		return c;
	return e->unicode_map[c >> 8][c & 0xFF] == c ? e->cid_map[c >> 8][c & 0xFF] : 0;
}

static void set_cid(unsigned char *bits, unsigned *max, unsigned cid)
{
	bits[cid / 8] |= (unsigned char)(0x80 >> (cid % 8));
	if (cid > *max)
		*max = cid;
}

/*
** CIDSet: one bit per CID whose glyph the embedded subset holds (CID 0 too).
** Walks the font's cmap segments (a few thousand codes) rather than all
** 65,536 codes through HPDF_TTFontDef_GetGlyphid's linear search.
*/
static HPDF_STATUS add_cidset(HPDF_Dict font, HPDF_Dict descriptor)
{
	HPDF_FontAttr attr = font->attr;
	HPDF_FontDef def = attr->fontdef;
	HPDF_TTFontDefAttr dattr = def->attr;
	const HPDF_TTF_CmapRange *cm = &dattr->cmap;
	HPDF_CMapEncoderAttr eattr = attr->encoder->attr;
	unsigned char *bits;
	unsigned max = 0;
	HPDF_Dict set;
	HPDF_STATUS st;

	bits = ej_calloc(65536 / 8, 1);
	set_cid(bits, &max, 0);                         /* .notdef */
	if (cm->format == 4 && cm->end_count) {
		for (unsigned i = 0; i < cm->seg_count_x2 / 2u; i++)
			for (unsigned c = cm->start_count[i]; c <= cm->end_count[i] && c < 0xFFFF; c++) {
				unsigned gid = seg_glyph(cm, i, c), cid = code_cid(attr, c);

				if (cid && gid && gid < dattr->num_glyphs && dattr->glyph_tbl.flgs[gid])
					set_cid(bits, &max, cid);
			}
	} else {
		for (unsigned i = 0; i < 256; i++)
			for (unsigned j = 0; j < 256; j++) {
				HPDF_UINT16 cid = eattr->cid_map[i][j], gid;

				if (!cid)
					continue;
				gid = HPDF_TTFontDef_GetGlyphid(def, eattr->unicode_map[i][j]);
				if (gid && gid < dattr->num_glyphs && dattr->glyph_tbl.flgs[gid])
					set_cid(bits, &max, cid);
			}
	}
	set = HPDF_DictStream_New(font->mmgr, attr->xref);
	if (!set) {
		free(bits);
		return HPDF_Error_GetCode(font->error);
	}
	set->filter = font->filter;
	st = HPDF_Stream_Write(set->stream, bits, max / 8 + 1);
	free(bits);
	if (st != HPDF_OK)
		return st;
	return HPDF_Dict_Add(descriptor, "CIDSet", set);
}

/*
** libharu points /ToUnicode at its encoding CMap (a «cidrange» CMap, which
** poppler and PDFBox reject before falling back to identity).  Codes are
** UCS-2 in UTF-8 mode, so the right ToUnicode maps each code to itself.
*/
static HPDF_STATUS fix_tounicode(HPDF_Dict font)
{
	HPDF_FontAttr attr = font->attr;
	HPDF_Dict cmap;
	HPDF_STATUS st = HPDF_OK;
	char line[64];
	int ranges[256], nr = 0;

	if (HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT) != attr->cmap_stream)
		return HPDF_OK;                     /* already ours, or none */
	cmap = HPDF_DictStream_New(font->mmgr, attr->xref);
	if (!cmap)
		return HPDF_Error_GetCode(font->error);
	cmap->filter = font->filter;
	for (int hi = 0; hi < 256; hi++)
		if (hi < 0xD8 || hi > 0xDF)         /* no surrogate halves */
			ranges[nr++] = hi;
	st += HPDF_Stream_WriteStr(cmap->stream,
		"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (int i = 0; i < nr; i += 100) {
		int n = nr - i < 100 ? nr - i : 100;

		snprintf(line, sizeof(line), "%d beginbfrange\n", n);
		st += HPDF_Stream_WriteStr(cmap->stream, line);
		for (int k = i; k < i + n; k++) {
			snprintf(line, sizeof(line), "<%02X00> <%02XFF> <%02X00>\n", ranges[k],
				 ranges[k], ranges[k]);
			st += HPDF_Stream_WriteStr(cmap->stream, line);
		}
		st += HPDF_Stream_WriteStr(cmap->stream, "endbfrange\n");
	}
	st += HPDF_Stream_WriteStr(cmap->stream,
		"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	if (st != HPDF_OK)
		return HPDF_Error_GetCode(font->error);
	return HPDF_Dict_Add(font, "ToUnicode", cmap);
}

/*
** libharu's /W lists a width for every code the font maps (tens of
** thousands of numbers, uncompressed in the font dictionary, parsed by a
** reader for every page).  Only the glyphs the document uses matter: keep
** those; unused CIDs fall back to /DW and are never drawn.
*/
static HPDF_STATUS shrink_widths(HPDF_Dict font)
{
	HPDF_FontAttr attr = font->attr;
	HPDF_FontDef def = attr->fontdef;
	HPDF_TTFontDefAttr dattr = def->attr;
	const HPDF_TTF_CmapRange *cm = &dattr->cmap;
	HPDF_Dict cid = attr->descendant_font;
	HPDF_Array w, run = NULL;
	HPDF_STATUS st = HPDF_OK;
	long last = -2;

	if (!cid || cm->format != 4 || !cm->end_count)
		return HPDF_OK;
	w = HPDF_Array_New(font->mmgr);
	if (!w)
		return HPDF_Error_GetCode(font->error);
	for (unsigned i = 0; i < cm->seg_count_x2 / 2u && st == HPDF_OK; i++)
		for (unsigned c = cm->start_count[i]; c <= cm->end_count[i] && c < 0xFFFF; c++) {
			unsigned gid = seg_glyph(cm, i, c), k = code_cid(attr, c);
			HPDF_INT16 gw;

			if (!k || !gid || gid >= dattr->num_glyphs || !dattr->glyph_tbl.flgs[gid])
				continue;
			gw = HPDF_TTFontDef_GetGidWidth(def, (HPDF_UINT16)gid);
			if ((long)k != last + 1 || !run) {
				run = HPDF_Array_New(font->mmgr);
				if (!run)
					return HPDF_Error_GetCode(font->error);
				st += HPDF_Array_AddNumber(w, k);
				st += HPDF_Array_Add(w, run);
			}
			st += HPDF_Array_AddNumber(run, gw);
			last = k;
		}
	if (st != HPDF_OK)
		return HPDF_Error_GetCode(font->error);
	return HPDF_Dict_Add(cid, "W", w);
}

/* Every document: the ToUnicode repair and the trimmed width array. */
static HPDF_STATUS before_write_plain(HPDF_Dict obj)
{
	HPDF_STATUS st = orig_before_write ? orig_before_write(obj) : HPDF_OK;

	if (st == HPDF_OK)
		st = fix_tounicode(obj);
	return st != HPDF_OK ? st : shrink_widths(obj);
}

/* PDF/A-1: also CapHeight and CIDSet in the descriptor. */
static HPDF_STATUS before_write_pdfa(HPDF_Dict obj)
{
	HPDF_FontAttr attr = obj->attr;
	HPDF_Dict desc;
	HPDF_STATUS st = before_write_plain(obj);

	if (st != HPDF_OK)
		return st;
	desc = attr->fontdef->descriptor;
	if (!desc)
		return HPDF_OK;
	if (!HPDF_Dict_GetItem(desc, "CapHeight", HPDF_OCLASS_NUMBER)) {
		HPDF_INT ch = attr->fontdef->cap_height;

		if (ch == 0)
			ch = (HPDF_INT)(attr->fontdef->ascent * 0.7);
		if ((st = HPDF_Dict_AddNumber(desc, "CapHeight", ch)) != HPDF_OK)
			return st;
	}
	if (!HPDF_Dict_GetItem(desc, "CIDSet", HPDF_OCLASS_DICT))
		return add_cidset(obj, desc);
	return HPDF_OK;
}

int ej_pdfa_font_hook(HPDF_Font font, bool pdfa)
{
	HPDF_FontAttr attr;

	if (!font || !font->attr)
		return -1;
	attr = font->attr;
	if (attr->type != HPDF_FONT_TYPE0_TT)
		return -1;
	if (font->before_write_fn == before_write_plain || font->before_write_fn == before_write_pdfa)
		return 0;
	orig_before_write = font->before_write_fn;
	font->before_write_fn = pdfa ? before_write_pdfa : before_write_plain;
	return 0;
}

/* UTF-8 → UTF-16BE with a byte-order mark (a PDF text string). */
static unsigned char *utf16be(const char *s, size_t *len)
{
	size_t n = strlen(s), i = 0, o = 2;
	unsigned char *out = ej_malloc(4 * n + 2);
	uint32_t cp;

	out[0] = 0xFE;
	out[1] = 0xFF;
	while (i < n) {
		size_t k = ej_utf8_decode(s + i, n - i, &cp);

		if (k == 0) {
			cp = 0xFFFD;
			k = 1;
		}
		i += k;
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
			out[o++] = (unsigned char)(hi >> 8);
			out[o++] = (unsigned char)hi;
			out[o++] = (unsigned char)(lo >> 8);
			out[o++] = (unsigned char)lo;
		} else {
			out[o++] = (unsigned char)(cp >> 8);
			out[o++] = (unsigned char)cp;
		}
	}
	*len = o;
	return out;
}

static HPDF_STATUS info_text(HPDF_Doc doc, const char *key, const char *value)
{
	unsigned char *u;
	size_t n;
	HPDF_Binary b;

	if (!value || !doc->info)
		return HPDF_OK;
	u = utf16be(value, &n);
	b = HPDF_Binary_New(doc->mmgr, u, (HPDF_UINT)n);
	free(u);
	if (!b)
		return HPDF_Error_GetCode(&doc->error);
	return HPDF_Dict_Add(doc->info, key, b);
}

/* Trailer /ID: MD5 of the seed, twice (first write = this version). */
static HPDF_STATUS set_id(HPDF_Doc doc, const char *seed)
{
	HPDF_MD5_CTX ctx;
	HPDF_BYTE key[HPDF_MD5_KEY_LEN];
	HPDF_Array id;
	HPDF_STATUS st = HPDF_OK;

	HPDF_MD5Init(&ctx);
	HPDF_MD5Update(&ctx, (const HPDF_BYTE *)"ejournal:", 9);
	if (seed)
		HPDF_MD5Update(&ctx, (const HPDF_BYTE *)seed, (HPDF_UINT32)strlen(seed));
	HPDF_MD5Final(key, &ctx);
	if (HPDF_Dict_GetItem(doc->trailer, "ID", HPDF_OCLASS_ARRAY))
		HPDF_Dict_RemoveElement(doc->trailer, "ID");
	id = HPDF_Array_New(doc->mmgr);
	if (!id)
		return HPDF_Error_GetCode(&doc->error);
	st += HPDF_Dict_Add(doc->trailer, "ID", id);
	st += HPDF_Array_Add(id, HPDF_Binary_New(doc->mmgr, key, HPDF_MD5_KEY_LEN));
	st += HPDF_Array_Add(id, HPDF_Binary_New(doc->mmgr, key, HPDF_MD5_KEY_LEN));
	return st;
}

static void xml_text(struct ej_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': ej_buf_adds(b, "&amp;"); break;
		case '<': ej_buf_adds(b, "&lt;"); break;
		case '>': ej_buf_adds(b, "&gt;"); break;
		case '"': ej_buf_adds(b, "&quot;"); break;
		case '\'': ej_buf_adds(b, "&apos;"); break;
		default: ej_buf_addc(b, *s);
		}
	}
}

/* The XMP packet; every value mirrors the Info dictionary (PDF/A-1 §6.7.3). */
static void build_xmp(struct ej_buf *b, const struct ej_pdfa_info *in, const char *producer,
		      const char *creator)
{
	time_t t = (time_t)in->epoch;
	struct tm tm;
	char date[40];

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S+00:00", &tm);
	ej_buf_adds(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
	ej_buf_adds(b, "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
		    "<dc:format>application/pdf</dc:format>\n");
	if (in->title) {
		ej_buf_adds(b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(b, in->title);
		ej_buf_adds(b, "</rdf:li></rdf:Alt></dc:title>\n");
	}
	if (in->author) {
		ej_buf_adds(b, "<dc:creator><rdf:Seq><rdf:li>");
		xml_text(b, in->author);
		ej_buf_adds(b, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (in->subject) {
		ej_buf_adds(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(b, in->subject);
		ej_buf_adds(b, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	ej_buf_adds(b, "</rdf:Description>\n");
	ej_buf_adds(b, "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
	ej_buf_printf(b, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n",
		      date, date);
	if (creator) {
		ej_buf_adds(b, "<xmp:CreatorTool>");
		xml_text(b, creator);
		ej_buf_adds(b, "</xmp:CreatorTool>\n");
	}
	ej_buf_adds(b, "</rdf:Description>\n");
	ej_buf_adds(b, "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	if (producer) {
		ej_buf_adds(b, "<pdf:Producer>");
		xml_text(b, producer);
		ej_buf_adds(b, "</pdf:Producer>\n");
	}
	if (in->keywords) {
		ej_buf_adds(b, "<pdf:Keywords>");
		xml_text(b, in->keywords);
		ej_buf_adds(b, "</pdf:Keywords>\n");
	}
	ej_buf_adds(b, "</rdf:Description>\n");
	ej_buf_adds(b, "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
		    "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
		    "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n");
	/* Padding lets an editor update the packet in place. */
	for (int i = 0; i < 20; i++)
		ej_buf_adds(b, "                                                                                \n");
	ej_buf_adds(b, "<?xpacket end=\"w\"?>");
}

static char *find_icc(void)
{
	static const char *const sys[] = {
		"/usr/share/color/icc/sRGB.icc",              /* icc-profiles-free: ICC v2 */
		"/usr/share/color/icc/ghostscript/srgb.icc",
	};
	char *p = ej_data_find("icc", "sRGB.icc");

	if (p)
		return p;
	for (size_t i = 0; i < sizeof(sys) / sizeof(sys[0]); i++)
		if (access(sys[i], R_OK) == 0)
			return ej_strdup(sys[i]);
	return NULL;
}

static int pdfa_parts(HPDF_Doc doc, const struct ej_pdfa_info *in, struct ej_err *err)
{
	struct ej_buf xmp;
	HPDF_Dict meta, intent, profile;
	HPDF_Array intents;
	HPDF_STATUS st = HPDF_OK;
	const char *producer = HPDF_GetInfoAttr(doc, HPDF_INFO_PRODUCER);
	const char *creator = HPDF_GetInfoAttr(doc, HPDF_INFO_CREATOR);
	char *icc;

	doc->pdf_version = HPDF_VER_14;
	ej_buf_init(&xmp, 0);
	build_xmp(&xmp, in, producer, creator);
	meta = HPDF_DictStream_New(doc->mmgr, doc->xref);
	if (!meta) {
		ej_buf_release(&xmp);
		return ej_err_set(err, EJ_EIO, "PDF/A: cannot create the metadata stream");
	}
	meta->filter = HPDF_STREAM_FILTER_NONE;
	st += HPDF_Dict_AddName(meta, "Type", "Metadata");
	st += HPDF_Dict_AddName(meta, "Subtype", "XML");
	st += HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)ej_buf_str(&xmp), (HPDF_UINT)xmp.len);
	st += HPDF_Dict_Add(doc->catalog, "Metadata", meta);
	ej_buf_release(&xmp);
	if (st != HPDF_OK)
		return ej_err_set(err, EJ_EIO, "PDF/A: cannot write the XMP metadata");

	icc = find_icc();
	if (!icc)
		return ej_err_set(err, EJ_EIO, "PDF/A: no sRGB ICC profile (install "
				  "icc-profiles-free: /usr/share/color/icc/sRGB.icc)");
	profile = HPDF_LoadIccProfileFromFile(doc, icc, 3);
	free(icc);
	if (!profile)
		return ej_err_set(err, EJ_EIO, "PDF/A: cannot load the sRGB ICC profile");
	intent = HPDF_Dict_New(doc->mmgr);
	if (!intent || HPDF_Xref_Add(doc->xref, intent) != HPDF_OK)
		return ej_err_set(err, EJ_EIO, "PDF/A: cannot create the output intent");
	st += HPDF_Dict_AddName(intent, "Type", "OutputIntent");
	st += HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
	st += HPDF_Dict_Add(intent, "OutputConditionIdentifier",
			    HPDF_String_New(doc->mmgr, "sRGB IEC61966-2.1", NULL));
	st += HPDF_Dict_Add(intent, "Info", HPDF_String_New(doc->mmgr, "sRGB IEC61966-2.1", NULL));
	st += HPDF_Dict_Add(intent, "DestOutputProfile", profile);
	intents = HPDF_Array_New(doc->mmgr);
	if (!intents)
		return ej_err_set(err, EJ_EIO, "PDF/A: cannot create the output intent");
	st += HPDF_Array_Add(intents, intent);
	st += HPDF_Dict_Add(doc->catalog, "OutputIntents", intents);
	if (st != HPDF_OK)
		return ej_err_set(err, EJ_EIO, "PDF/A: cannot write the output intent");
	return 0;
}

int ej_pdfa_finish(HPDF_Doc doc, const struct ej_pdfa_info *in, struct ej_err *err)
{
	HPDF_STATUS st = HPDF_OK;

	st += info_text(doc, "Title", in->title);
	st += info_text(doc, "Author", in->author);
	st += info_text(doc, "Subject", in->subject);
	st += info_text(doc, "Keywords", in->keywords);
	st += set_id(doc, in->id_seed);
	if (st != HPDF_OK)
		return ej_err_set(err, EJ_EIO, "PDF: cannot write the document information");
	if (in->pdfa)
		return pdfa_parts(doc, in, err);
	return 0;
}
