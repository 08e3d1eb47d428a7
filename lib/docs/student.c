#include "docs/student.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <errno.h>

#include "docs/docctx.h"
#include "figures/figures.h"
#include "render/pdf.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/fio.h"
#include "util/utf8.h"
#include "util/xalloc.h"

void ej_student_list_release(struct ej_student_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].ext_id);
		free(l->v[i].name);
		free(l->v[i].group);
		free(l->v[i].file);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* A file-name part: letters and digits kept (Cyrillic included), blanks and
** dots to '_', anything that could leave the folder dropped. */
static void name_part(struct ej_buf *b, const char *s)
{
	size_t n = strlen(s), i = 0;
	bool sep = false;

	while (i < n) {
		uint32_t cp;
		size_t k = ej_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		if (cp == ' ' || cp == '.' || cp == '_' || cp == '\t') {
			sep = true;
		} else if (cp < 128 && (cp == '/' || cp == '\\' || cp < 32 || strchr(":*?\"<>|'", (int)cp))) {
			/* dropped */
		} else {
			if (sep && b->len)
				ej_buf_addc(b, '_');
			sep = false;
			ej_buf_add(b, s + i, k);
		}
		i += k;
	}
	if (!b->len)
		ej_buf_adds(b, "_");
}

/* Group of the student at the period's end (the newest stay starting by then). */
static const char *group_sql =
	"SELECT g.name FROM stay y JOIN grp g ON g.id = y.group_id "
	" WHERE y.student_id = ?1 AND (y.enrolled IS NULL OR y.enrolled <= ?3) "
	" ORDER BY (y.left_on IS NULL OR y.left_on > ?3) DESC, y.enrolled DESC LIMIT 1";

int ej_student_find(struct ej_db *db, const struct ej_scope *scope, const char *ext_id,
		    struct ej_student_list *out, struct ej_err *err)
{
	sqlite3_stmt *st = NULL, *gst = NULL;
	char from[11], to[11];
	int rc;

	ej_day_iso(scope->from, from);
	ej_day_iso(scope->to, to);
	memset(out, 0, sizeof(*out));
	if (ext_id)
		st = ej_db_prepare(db,
			"SELECT s.id, s.ext_id, s.name FROM student s "
			" WHERE s.ext_id = ?1 OR (NOT EXISTS (SELECT 1 FROM student WHERE ext_id = ?1) "
			"   AND CAST(s.id AS TEXT) = ?1)", err);
	else
		/* Everyone who stayed in the group at some time of the period. */
		st = ej_db_prepare(db,
			"SELECT DISTINCT s.id, s.ext_id, s.name FROM student s "
			" JOIN stay y ON y.student_id = s.id JOIN grp g ON g.id = y.group_id "
			" WHERE g.name = ?1 AND (y.enrolled IS NULL OR y.enrolled <= ?3) "
			"   AND (y.left_on IS NULL OR y.left_on > ?2) ORDER BY s.name, s.id", err);
	if (!st)
		return err->code;
	gst = ej_db_prepare(db, group_sql, err);
	if (!gst) {
		sqlite3_finalize(st);
		return err->code;
	}
	if (ext_id) {
		ej_db_bind_text(st, 1, ext_id);
	} else {
		/* Group names match case- and ё-insensitively: resolve first. */
		sqlite3_stmt *g = ej_db_prepare(db, "SELECT name FROM grp ORDER BY name", err);
		const char *found = NULL;
		char *keep = NULL;
		if (!g) {
			sqlite3_finalize(st);
			sqlite3_finalize(gst);
			return err->code;
		}
		while (sqlite3_step(g) == SQLITE_ROW)
			if (!found && ej_utf8_eq_fold(ej_db_col_text(g, 0), scope->group))
				found = keep = ej_strdup(ej_db_col_text(g, 0));
		sqlite3_finalize(g);
		if (!found) {
			sqlite3_finalize(st);
			sqlite3_finalize(gst);
			return ej_err_set(err, EJ_EDATA, "no group «%s» in the database", scope->group);
		}
		ej_db_bind_text(st, 1, keep);
		sqlite3_bind_text(st, 2, from, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, to, -1, SQLITE_TRANSIENT);
		free(keep);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ej_student_ref *r;
		struct ej_buf f;
		char *sh;

		EJ_GROW(out->v, out->n + 1, out->alloc);
		r = &out->v[out->n++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		r->ext_id = ej_strdup(ej_db_col_text(st, 1) ? ej_db_col_text(st, 1) : "");
		r->name = ej_strdup(ej_db_col_text(st, 2) ? ej_db_col_text(st, 2) : "");
		sqlite3_reset(gst);
		sqlite3_bind_int64(gst, 1, r->id);
		sqlite3_bind_text(gst, 3, to, -1, SQLITE_TRANSIENT);
		r->group = ej_strdup(sqlite3_step(gst) == SQLITE_ROW && ej_db_col_text(gst, 0)
				     ? ej_db_col_text(gst, 0) : "без группы");
		ej_buf_init(&f, 0);
		name_part(&f, r->group);
		ej_buf_addc(&f, '/');
		sh = ej_fio_short(r->name);
		name_part(&f, sh ? sh : r->name);
		free(sh);
		ej_buf_addc(&f, '-');
		if (r->ext_id[0])
			name_part(&f, r->ext_id);
		else
			ej_buf_printf(&f, "%lld", (long long)r->id);
		ej_buf_adds(&f, ".pdf");
		r->file = ej_buf_detach(&f, NULL);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(gst);
	if (rc != SQLITE_DONE)
		return ej_db_fail(db, err, "students");
	if (out->n == 0)
		return ej_err_set(err, EJ_EDATA, ext_id ? "no student with ID «%s»"
				  : "no students in group «%s» during the period",
				  ext_id ? ext_id : scope->group);
	return 0;
}

/* ------------------------------------------------------------------ document */

/* ej_pdf_save() renames into place with mode 0644; personal data must be
** 0600.  The folders above are created 0700 by the caller, so nobody else
** can open the file during the moment before this chmod. */
static int chmod_private(const char *path, struct ej_err *err)
{
	if (chmod(path, 0600) != 0)
		return ej_err_set(err, EJ_EIO, "%s: chmod: %s", path, strerror(errno));
	return 0;
}

struct disc_row {
	int64_t id;
	char *code, *name;
	struct ej_buf marks;          /* «06.10: 5; 13.10: 4» */
};

static void disc_rows_free(struct disc_row *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(d[i].code);
		free(d[i].name);
		ej_buf_release(&d[i].marks);
	}
	free(d);
}

/* Figures of this student (lib/figures, current marks) over a scope
** narrowed to the student's group: per discipline, or the whole row. */
static int student_figs(struct ej_db *db, const struct ej_config *cfg,
			const struct ej_scope *scope, const char *group,
			enum ej_fig_level level, struct ej_fig_table *t, struct ej_err *err)
{
	struct ej_scope sc = *scope;

	sc.group = group;
	sc.teacher = sc.department = sc.discipline = NULL;
	return ej_figures(db, cfg, &sc, level, EJ_FIG_CURRENT, t, err);
}

#define MAX_MONTHS 24

struct ej_student_cache {
	char *group;                          /* the group the tables are for */
	struct ej_fig_table disc;             /* STUDENT_DISC over the period */
	struct ej_fig_table month[MAX_MONTHS]; /* STUDENT per month of the period */
	bool month_done[MAX_MONTHS];
};

struct ej_student_cache *ej_student_cache_new(void)
{
	struct ej_student_cache *c = ej_calloc(1, sizeof(*c));
	int i;

	ej_fig_table_init(&c->disc);
	for (i = 0; i < MAX_MONTHS; i++)
		ej_fig_table_init(&c->month[i]);
	return c;
}

static void cache_reset(struct ej_student_cache *c)
{
	int i;

	free(c->group);
	c->group = NULL;
	ej_fig_table_release(&c->disc);
	ej_fig_table_init(&c->disc);
	for (i = 0; i < MAX_MONTHS; i++) {
		ej_fig_table_release(&c->month[i]);
		ej_fig_table_init(&c->month[i]);
		c->month_done[i] = false;
	}
}

void ej_student_cache_free(struct ej_student_cache *c)
{
	if (!c)
		return;
	cache_reset(c);
	free(c);
}

static int64_t group_id_of(struct ej_db *db, const char *name)
{
	sqlite3_stmt *st = ej_db_prepare(db, "SELECT id FROM grp WHERE name = ?1", NULL);
	int64_t id = 0;

	if (!st)
		return 0;
	ej_db_bind_text(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

int ej_student_write(struct ej_db *db, const struct ej_config *cfg,
		     const struct ej_scope *scope, const struct ej_student_ref *s,
		     const char *path, struct ej_student_cache *cache_in, struct ej_err *err)
{
	struct ej_student_cache *cache = cache_in ? cache_in : ej_student_cache_new();
	struct ej_doc_ctx d;
	struct ej_pdf_opts po;
	struct ej_pdf *p = NULL;
	struct ej_tpl_vars v;
	struct disc_row *rows = NULL;
	size_t nrows = 0, arows = 0, i;
	sqlite3_stmt *st = NULL;
	int64_t gid;
	int y0, m0, dd, rc = 0;
	char *text = NULL;
	struct ej_pdf_box box;
	double y;
	bool have_db_ctx = false;

	ej_tpl_vars_init(&v);
	if (!cache->group || strcmp(cache->group, s->group)) {
		cache_reset(cache);
		cache->group = ej_strdup(s->group);
	}
	if (ej_doc_ctx_init(&d, db, cfg, scope, err)) {
		ej_tpl_vars_release(&v);
		if (!cache_in)
			ej_student_cache_free(cache);
		return err->code;
	}
	gid = group_id_of(db, s->group);
	have_db_ctx = true;
	ej_day_to_ymd(scope->from, &y0, &m0, &dd);

	/* Current marks and absences of this student only, in the period.
	** The import takes a mark only for a student who stayed in the
	** discipline's group, so the disciplines of the student's groups hold
	** them all; each is a range of mark_key (discipline, date, …). */
	st = ej_db_prepare(db,
		"SELECT d.id, d.code, d.name, m.date, m.value "
		"  FROM discipline d CROSS JOIN mark m ON m.discipline_id = d.id "
		" WHERE d.group_id IN (SELECT group_id FROM stay WHERE student_id = ?1) "
		"   AND m.date BETWEEN ?2 AND ?3 AND m.student_id = ?1 "
		" ORDER BY d.code, d.name, m.date, m.pair, m.seq", err);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, s->id);
	sqlite3_bind_text(st, 2, d.from_iso, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, d.to_iso, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t did = sqlite3_column_int64(st, 0);
		const char *date = ej_db_col_text(st, 3), *val = ej_db_col_text(st, 4);
		struct disc_row *r;
		ej_day day;
		char sh[6];

		if (!val || !date || ej_date_parse(date, strlen(date), &day))
			continue;
		if (!nrows || rows[nrows - 1].id != did) {
			EJ_GROW(rows, nrows + 1, arows);
			r = &rows[nrows++];
			memset(r, 0, sizeof(*r));
			r->id = did;
			r->code = ej_strdup(ej_db_col_text(st, 1));
			r->name = ej_strdup(ej_db_col_text(st, 2));
			ej_buf_init(&r->marks, 0);
		}
		r = &rows[nrows - 1];
		ej_day_ru_short(day, sh);
		ej_buf_printf(&r->marks, "%s%s: %s", r->marks.len ? "; " : "", sh, val);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		ej_db_fail(db, err, "marks");
		goto fail;
	}
	/* Means and missed hours per discipline: lib/figures. */
	if (!cache->disc.n &&
	    student_figs(db, cfg, scope, s->group, EJ_FIG_STUDENT_DISC, &cache->disc, err))
		goto fail;

	{
		char idseed[128];
		snprintf(idseed, sizeof(idseed), "student-%lld-%s-%s", (long long)s->id,
			 d.from_iso, d.to_iso);
		ej_doc_pdf_opts(&d, &po, "Сведения об успеваемости и посещаемости", idseed);
		po.header_left = s->group;
		p = ej_pdf_new(&po, err);
	}
	if (!p)
		goto fail;
	ej_pdf_add_page(p, false);
	box = ej_pdf_box(p);
	y = box.top;
	ej_pdf_font(p, EJ_PDF_REGULAR, 11);
	text = ej_doc_text(&d, "institution.name_line", NULL, NULL);
	if (!text)
		text = ej_strdup(ej_tpl_get(&d.vars, "institution.name"));
	y += ej_pdf_paragraph(p, box.left, y, box.right - box.left, EJ_PDF_CENTER, 14, text);
	free(text);
	y += 10;
	if (!(text = ej_doc_text(&d, "student.title", NULL, err)))
		goto fail;
	y = ej_doc_pdf_title(p, y, text, 14);
	free(text);

	{
		sqlite3_stmt *g = ej_db_prepare(db,
			"SELECT g.specialty, t.name FROM grp g LEFT JOIN teacher t ON t.id = g.curator_id "
			" WHERE g.name = ?1", err);
		if (!g)
			goto fail;
		ej_db_bind_text(g, 1, s->group);
		ej_tpl_set(&v, "specialty", "");
		ej_tpl_set(&v, "curator", "—");
		if (sqlite3_step(g) == SQLITE_ROW) {
			if (ej_db_col_text(g, 0))
				ej_tpl_setf(&v, "specialty", ", специальность %s", ej_db_col_text(g, 0));
			if (ej_db_col_text(g, 1)) {
				char *sh = ej_fio_short(ej_db_col_text(g, 1));
				ej_tpl_set(&v, "curator", sh ? sh : ej_db_col_text(g, 1));
				free(sh);
			}
		}
		sqlite3_finalize(g);
	}
	ej_tpl_set(&v, "student", s->name);
	ej_tpl_set(&v, "group", s->group);
	if (!(text = ej_doc_text(&d, "student.head", &v, err)))
		goto fail;
	y = ej_doc_pdf_paragraphs(p, y, text, 12, false) + 8;
	free(text);

	/* Marks by discipline. */
	{
		static const struct ej_pdf_col cols[] = {
			{ "Дисциплина", 150, EJ_PDF_LEFT },
			{ "Отметки и пропуски (дата: отметка)", 0, EJ_PDF_LEFT },
			{ "Средний балл", 52, EJ_PDF_CENTER },
			{ "Пропу- щено, ч", 52, EJ_PDF_CENTER },
		};
		struct ej_pdf_table t = { 0 };
		if (!(text = ej_doc_text(&d, "student.marks.caption", NULL, err)))
			goto fail;
		y = ej_doc_pdf_need(p, y, 60, false);
		ej_pdf_font(p, EJ_PDF_BOLD, 12);
		ej_pdf_text(p, box.left, y + 12, text);
		free(text);
		y += 20;
		ej_pdf_table_begin(&t, p, cols, 4, box.left, y, box.right - box.left, 10);
		for (i = 0; i < nrows; i++) {
			char dn[512], mean[16], miss[16];
			const char *cells[4];
			snprintf(dn, sizeof(dn), "%s %s", rows[i].code, rows[i].name);
			const struct ej_fig_row *fr = ej_fig_find(&cache->disc, s->id, rows[i].id);
			ej_doc_num(fr && fr->marks.mean >= 0 ? fr->marks.mean : NAN, 2,
				   mean, sizeof(mean));
			ej_doc_num(fr ? fr->absence.hours_total : 0, 0, miss, sizeof(miss));
			cells[0] = dn;
			cells[1] = ej_buf_str(&rows[i].marks);
			cells[2] = mean;
			cells[3] = miss;
			ej_pdf_table_row(&t, cells, false);
		}
		if (!nrows) {
			const char *cells[4] = { "—", "отметок за период нет", "", "" };
			ej_pdf_table_row(&t, cells, false);
		}
		y = t.y + 14;
	}

	/* Absences by month. */
	{
		static const struct ej_pdf_col cols[] = {
			{ "Месяц", 0, EJ_PDF_LEFT },
			{ "Всего, ч", 80, EJ_PDF_CENTER },
			{ "По уважительной причине, ч", 120, EJ_PDF_CENTER },
			{ "Без уважительной причины, ч", 120, EJ_PDF_CENTER },
		};
		struct ej_pdf_table t = { 0 };
		int yy = y0, mm = m0, idx = 0, ye, me;
		double te = 0, tu = 0;

		ej_day_to_ymd(scope->to, &ye, &me, &dd);
		if (!(text = ej_doc_text(&d, "student.absences.caption", NULL, err)))
			goto fail;
		y = ej_doc_pdf_need(p, y, 60, false);
		ej_pdf_font(p, EJ_PDF_BOLD, 12);
		ej_pdf_text(p, box.left, y + 12, text);
		free(text);
		y += 20;
		ej_pdf_table_begin(&t, p, cols, 4, box.left, y, box.right - box.left, 10);
		while (idx < MAX_MONTHS && (yy < ye || (yy == ye && mm <= me))) {
			char c0[40], c1[16], c2[16], c3[16];
			const char *cells[4] = { c0, c1, c2, c3 };
			const char *mn = ej_month_name(mm);
			struct ej_scope ms = *scope;
			const struct ej_fig_row *fr;
			double ex = 0, ux = 0;
			/* The month inside the period, through lib/figures. */
			ej_day_from_ymd(yy, mm, 1, &ms.from);
			ej_day_from_ymd(mm == 12 ? yy + 1 : yy, mm == 12 ? 1 : mm + 1, 1, &ms.to);
			ms.to -= 1;
			if (ms.from < scope->from)
				ms.from = scope->from;
			if (ms.to > scope->to)
				ms.to = scope->to;
			if (!cache->month_done[idx]) {
				if (student_figs(db, cfg, &ms, s->group, EJ_FIG_STUDENT,
						 &cache->month[idx], err))
					goto fail;
				cache->month_done[idx] = true;
			}
			if ((fr = ej_fig_find(&cache->month[idx], s->id, gid))) {
				ex = fr->absence.hours_excused;
				ux = fr->absence.hours_unexcused;
			}
			snprintf(c0, sizeof(c0), "%s %d", mn ? mn : "", yy);
			ej_doc_num(ex + ux, 0, c1, sizeof(c1));
			ej_doc_num(ex, 0, c2, sizeof(c2));
			ej_doc_num(ux, 0, c3, sizeof(c3));
			te += ex;
			tu += ux;
			ej_pdf_table_row(&t, cells, false);
			idx++;
			if (++mm > 12) {
				mm = 1;
				yy++;
			}
		}
		{
			char c1[16], c2[16], c3[16];
			const char *cells[4] = { "Итого", c1, c2, c3 };
			ej_doc_num(te + tu, 0, c1, sizeof(c1));
			ej_doc_num(te, 0, c2, sizeof(c2));
			ej_doc_num(tu, 0, c3, sizeof(c3));
			ej_pdf_table_row(&t, cells, true);
		}
		y = t.y + 14;
	}

	/* Finals of the semesters the period touches. */
	{
		static const struct ej_pdf_col cols[] = {
			{ "Дисциплина", 0, EJ_PDF_LEFT },
			{ "Семестр", 60, EJ_PDF_CENTER },
			{ "Вид", 110, EJ_PDF_CENTER },
			{ "Отметка", 60, EJ_PDF_CENTER },
		};
		struct ej_pdf_table t = { 0 };
		int sem_from = ej_config_semester_of(cfg, scope->from);
		int sem_to = ej_config_semester_of(cfg, scope->to);
		int nfin = 0;

		if (!sem_from)
			sem_from = 1;
		if (!sem_to)
			sem_to = 2;
		st = ej_db_prepare(db,
			"SELECT d.code, d.name, f.semester, f.final_kind, f.value FROM final f "
			"  JOIN discipline d ON d.id = f.discipline_id "
			" WHERE f.student_id = ?1 AND (f.semester BETWEEN ?2 AND ?3 OR "
			"       (f.semester = 0 AND ?3 = 2)) "
			" ORDER BY f.semester = 0, f.semester, d.code, f.final_kind", err);
		if (!st)
			goto fail;
		sqlite3_bind_int64(st, 1, s->id);
		sqlite3_bind_int(st, 2, sem_from);
		sqlite3_bind_int(st, 3, sem_to);
		if (!(text = ej_doc_text(&d, "student.finals.caption", NULL, err)))
			goto fail;
		y = ej_doc_pdf_need(p, y, 60, false);
		ej_pdf_font(p, EJ_PDF_BOLD, 12);
		ej_pdf_text(p, box.left, y + 12, text);
		free(text);
		y += 20;
		ej_pdf_table_begin(&t, p, cols, 4, box.left, y, box.right - box.left, 10);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			static const char *const kinds[][2] = {
				{ "semester", "семестровая" }, { "exam", "экзамен" },
				{ "diff_credit", "дифф. зачёт" }, { "credit", "зачёт" },
				{ "year", "годовая" }, { "final", "итоговая" },
			};
			const char *kind = ej_db_col_text(st, 3), *kr = kind ? kind : "";
			char dn[512], sem[8];
			const char *cells[4];
			size_t k;
			for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
				if (kind && !strcmp(kind, kinds[k][0]))
					kr = kinds[k][1];
			snprintf(dn, sizeof(dn), "%s %s", ej_db_col_text(st, 0), ej_db_col_text(st, 1));
			if (sqlite3_column_int(st, 2))
				snprintf(sem, sizeof(sem), "%d", sqlite3_column_int(st, 2));
			else
				snprintf(sem, sizeof(sem), "год");
			cells[0] = dn;
			cells[1] = sem;
			cells[2] = kr;
			cells[3] = ej_db_col_text(st, 4);
			ej_pdf_table_row(&t, cells, false);
			nfin++;
		}
		sqlite3_finalize(st);
		st = NULL;
		if (!nfin) {
			const char *cells[4] = { NULL, NULL, NULL, NULL };
			if ((text = ej_doc_text(&d, "student.finals.none", NULL, NULL))) {
				cells[0] = text;
				ej_pdf_table_row(&t, cells, false);
				free(text);
				text = NULL;
			}
		}
		y = t.y + 14;
	}
	if (!(text = ej_doc_text(&d, "student.footer", &v, err)))
		goto fail;
	y = ej_doc_pdf_paragraphs(p, y, text, 10, false);
	free(text);
	text = NULL;

	if (ej_pdf_save(p, path, err))
		goto fail;
	/* Personal data (§2.4.2): readable by the owner only. */
	if (chmod_private(path, err))
		goto fail;
	ej_pdf_free(p);
	disc_rows_free(rows, nrows);
	ej_tpl_vars_release(&v);
	ej_doc_ctx_release(&d);
	if (!cache_in)
		ej_student_cache_free(cache);
	return 0;
fail:
	if (!err->code)
		ej_err_set(err, EJ_EIO, "%s: cannot write the student report", path);
	sqlite3_finalize(st);
	free(text);
	ej_pdf_free(p);
	disc_rows_free(rows, nrows);
	ej_tpl_vars_release(&v);
	if (have_db_ctx)
		ej_doc_ctx_release(&d);
	if (!cache_in)
		ej_student_cache_free(cache);
	return err->code;
}
