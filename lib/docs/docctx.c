#include "util/sort.h"
#include "docs/docctx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures/figures.h"
#include "rules/rules.h"
#include "util/date.h"
#include "util/fio.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static void set_or_dash(struct ej_tpl_vars *v, const char *name, const char *s)
{
	ej_tpl_set(v, name, s && *s ? s : "____________");
}

/* The newest export time in the database: the date of the data. */
static time_t data_time(struct ej_db *db, ej_day *day)
{
	sqlite3_stmt *st = ej_db_prepare(db, "SELECT max(exported_at) FROM batch", NULL);
	time_t t = 0;
	ej_time et;

	*day = EJ_DAY_NONE;
	if (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *s = ej_db_col_text(st, 0);
		if (s && ej_time_parse(s, strlen(s), &et) == 0) {
			t = (time_t)et;   /* local civil time read as UTC: only a stamp */
			*day = ej_time_day(et);
		}
	}
	sqlite3_finalize(st);
	return t;
}

static void describe_scope(struct ej_doc_ctx *d, struct ej_err *err)
{
	const struct ej_scope *s = d->scope;
	struct ej_buf b;
	struct ej_tpl_vars v;
	char *part;

	ej_buf_init(&b, 0);
	ej_tpl_vars_init(&v);
	ej_tpl_set(&v, "department", s->department);
	ej_tpl_set(&v, "group", s->group);
	ej_tpl_set(&v, "teacher", s->teacher);
	ej_tpl_set(&v, "discipline", s->discipline);
#define PART(cond, key) \
	if (cond && (part = ej_tpl_render(d->tpl, key, &v, err))) { \
		if (b.len) ej_buf_adds(&b, ", "); \
		ej_buf_adds(&b, part); free(part); }
	PART(s->department, "scope.department")
	PART(s->group, "scope.group")
	PART(s->teacher, "scope.teacher")
	PART(s->discipline, "scope.discipline")
	PART(!b.len, "scope.all")
#undef PART
	ej_tpl_set(&d->vars, "scope", ej_buf_str(&b));
	ej_buf_release(&b);
	ej_tpl_vars_release(&v);
}

int ej_doc_ctx_init(struct ej_doc_ctx *d, struct ej_db *db, const struct ej_config *cfg,
		    const struct ej_scope *scope, struct ej_err *err)
{
	const struct ej_config *c = cfg;
	ej_day day;
	char buf[64];

	memset(d, 0, sizeof(*d));
	d->db = db;
	d->cfg = cfg;
	d->scope = scope;
	ej_tpl_vars_init(&d->vars);
	d->tpl = ej_tpl_load(EJ_REPORTS_TEMPLATE, err);
	if (!d->tpl)
		return err ? err->code : EJ_EIO;
	d->created = data_time(db, &day);
	if (day == EJ_DAY_NONE)
		day = scope->to;
	ej_day_ru(day, d->today_ru);
	ej_day_iso(scope->from, d->from_iso);
	ej_day_iso(scope->to, d->to_iso);
	ej_day_ru(scope->from, d->from_ru);
	ej_day_ru(scope->to, d->to_ru);
	if (c->institution_is_default) {
		const char *note = ej_tpl_raw(d->tpl, "institution.default_note");
		ej_tpl_set(&d->vars, "institution.name", note ? note : "");
		ej_tpl_set(&d->vars, "institution.short_name", note ? note : "");
	} else {
		ej_tpl_set(&d->vars, "institution.name", c->inst_name);
		ej_tpl_set(&d->vars, "institution.short_name",
			   c->inst_short && *c->inst_short ? c->inst_short : c->inst_name);
	}
	ej_tpl_set(&d->vars, "institution.city", c->city);
	set_or_dash(&d->vars, "institution.director", c->director);
	ej_tpl_set(&d->vars, "institution.director_title",
		   c->director_title && *c->director_title ? c->director_title : "Директор");
	set_or_dash(&d->vars, "institution.deputy", c->deputy);
	ej_tpl_set(&d->vars, "year", c->year_name);
	ej_tpl_set(&d->vars, "from", d->from_ru);
	ej_tpl_set(&d->vars, "to", d->to_ru);
	snprintf(buf, sizeof(buf), "с %s по %s", d->from_ru, d->to_ru);
	ej_tpl_set(&d->vars, "period", buf);
	ej_tpl_set(&d->vars, "today", d->today_ru);
	describe_scope(d, err);
	/* libharu's document date: the data date, unless the caller fixed one. */
	if (d->created && !getenv("SOURCE_DATE_EPOCH")) {
		snprintf(buf, sizeof(buf), "%lld", (long long)d->created);
		setenv("SOURCE_DATE_EPOCH", buf, 0);
	}
	return 0;
}

void ej_doc_ctx_release(struct ej_doc_ctx *d)
{
	ej_tpl_free(d->tpl);
	d->tpl = NULL;
	ej_tpl_vars_release(&d->vars);
}

char *ej_doc_text(struct ej_doc_ctx *d, const char *key, const struct ej_tpl_vars *extra,
		  struct ej_err *err)
{
	struct ej_tpl_vars all;
	size_t i;
	char *s;

	if (!extra)
		return ej_tpl_render(d->tpl, key, &d->vars, err);
	ej_tpl_vars_init(&all);
	for (i = 0; i < d->vars.n; i++)
		ej_tpl_set(&all, d->vars.names[i], d->vars.values[i]);
	for (i = 0; i < extra->n; i++)
		ej_tpl_set(&all, extra->names[i], extra->values[i]);
	s = ej_tpl_render(d->tpl, key, &all, err);
	ej_tpl_vars_release(&all);
	return s;
}

void ej_doc_pdf_opts(struct ej_doc_ctx *d, struct ej_pdf_opts *o, const char *title,
		     const char *id_seed)
{
	memset(o, 0, sizeof(*o));
	o->duplex = d->cfg->print_duplex;
	o->margin_left_mm = d->cfg->margin_left_mm > 0 ? d->cfg->margin_left_mm : 30;
	o->margin_right_mm = d->cfg->margin_right_mm > 0 ? d->cfg->margin_right_mm : 10;
	o->margin_top_mm = d->cfg->margin_top_mm > 0 ? d->cfg->margin_top_mm : 20;
	o->margin_bottom_mm = d->cfg->margin_bottom_mm > 0 ? d->cfg->margin_bottom_mm : 20;
	o->title = title;
	o->author = d->cfg->inst_short && *d->cfg->inst_short ? d->cfg->inst_short : "ejournal";
	o->subject = title;
	o->id_seed = id_seed;
}

bool ej_doc_group_in_scope(const struct ej_scope *s, const char *group, const char *dept)
{
	if (s->group && (!group || !ej_utf8_eq_fold(s->group, group)))
		return false;
	if (s->department && (!dept || !ej_utf8_eq_fold(s->department, dept)))
		return false;
	return true;
}

bool ej_doc_teacher_in_scope(const struct ej_scope *s, const char *name, const char *short_name)
{
	char *a, *b;
	bool ok;

	if (!s->teacher)
		return true;
	if (name && ej_utf8_eq_fold(s->teacher, name))
		return true;
	if (!short_name && !name)
		return false;
	a = ej_fio_key_short(s->teacher);
	b = ej_fio_key_short(short_name ? short_name : name);
	ok = a && b && strcmp(a, b) == 0;
	free(a);
	free(b);
	return ok;
}

bool ej_doc_disc_in_scope(const struct ej_scope *s, const char *code, const char *name)
{
	if (!s->discipline)
		return true;
	return (code && ej_utf8_eq_fold(s->discipline, code)) ||
	       (name && ej_utf8_eq_fold(s->discipline, name));
}

void ej_doc_teacher_short(struct ej_db *db, int64_t id, char *buf, size_t size)
{
	sqlite3_stmt *st = ej_db_prepare(db, "SELECT short_name FROM teacher WHERE id = ?1", NULL);

	buf[0] = '\0';
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW && ej_db_col_text(st, 0))
		snprintf(buf, size, "%s", ej_db_col_text(st, 0));
	sqlite3_finalize(st);
}

double ej_doc_pdf_need(struct ej_pdf *p, double y, double h, bool landscape)
{
	struct ej_pdf_box b = ej_pdf_box(p);

	if (y + h > b.bottom) {
		ej_pdf_add_page(p, landscape);
		b = ej_pdf_box(p);
		return b.top;
	}
	return y;
}

double ej_doc_pdf_title(struct ej_pdf *p, double y, const char *text, double size)
{
	struct ej_pdf_box b = ej_pdf_box(p);

	ej_pdf_font(p, EJ_PDF_BOLD, size);
	y += ej_pdf_paragraph(p, b.left, y, b.right - b.left, EJ_PDF_CENTER, size * 1.25, text);
	return y + size * 0.5;
}

double ej_doc_pdf_paragraphs(struct ej_pdf *p, double y, const char *text, double size,
			     bool landscape)
{
	struct ej_pdf_box b;
	const char *s = text, *nl;
	double lead = size * 1.3;

	ej_pdf_font(p, EJ_PDF_REGULAR, size);
	while (s && *s) {
		char *para;
		const struct ej_pdf_span *lines;
		size_t n;

		nl = strchr(s, '\n');
		para = nl ? ej_strndup(s, (size_t)(nl - s)) : ej_strdup(s);
		b = ej_pdf_box(p);
		n = ej_pdf_wrap(p, para, b.right - b.left, &lines);
		for (size_t i = 0; i < n; i++) {
			struct ej_pdf_span sp = lines[i];
			double ny = ej_doc_pdf_need(p, y, lead, landscape);
			if (ny != y) {
				ej_pdf_font(p, EJ_PDF_REGULAR, size);
				y = ny;
			}
			ej_pdf_textn(p, b.left, y + size, para + sp.off, sp.len);
			y += lead;
		}
		free(para);
		s = nl ? nl + 1 : NULL;
	}
	return y;
}

void ej_doc_num(double v, int decimals, char *buf, size_t size)
{
	char *dot;

	if (isnan(v)) {
		snprintf(buf, size, "—");
		return;
	}
	snprintf(buf, size, "%.*f", decimals, v);
	if ((dot = strchr(buf, '.')))
		*dot = ',';
}

static int nstrcmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_group_disc(const void *pa, const void *pb)
{
	const struct ej_fig_row *a = pa, *b = pb;
	int c;

	if ((c = nstrcmp(a->group, b->group)))
		return c;
	if ((c = nstrcmp(a->discipline_code, b->discipline_code)))
		return c;
	return a->discipline_id < b->discipline_id ? -1 : a->discipline_id > b->discipline_id;
}

void ej_doc_sort_by_group(struct ej_fig_table *t)
{
	if (t->n > 1)
		ej_qsort(t->rows, t->n, sizeof(t->rows[0]), cmp_group_disc);
}

void ej_doc_finding_date(const struct ej_finding *f, char *buf, size_t size)
{
	char a[11], b[11];

	if (f->date != EJ_DAY_NONE) {
		ej_day_ru(f->date, buf);
	} else if (f->period_from != EJ_DAY_NONE && f->period_to != EJ_DAY_NONE) {
		ej_day_ru(f->period_from, a);
		ej_day_ru(f->period_to, b);
		snprintf(buf, size, "%s–\n%s", a, b);
	} else {
		snprintf(buf, size, "—");
	}
}

int ej_doc_pdf_finish(struct ej_pdf *p, const char *path, bool drawn, struct ej_err *err)
{
	int rc = 0;

	if (drawn)
		rc = ej_pdf_save(p, path, err);
	else if (!err->code)
		ej_pdf_error(p, err);
	if (!drawn || rc)
		rc = err->code ? err->code : EJ_EIO;
	ej_pdf_free(p);
	return rc;
}
