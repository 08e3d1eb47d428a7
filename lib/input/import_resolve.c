/*
** import_resolve.c — the importer's lookups, built once per run from the
** database and kept up to date as rows are written: teachers by ID and name,
** groups by name, students by ID and by name within a group, disciplines by
** index or name within a group, lessons by (discipline, day).
**
** Name maps hold -1 for a key that two different people share: such a
** reference is ambiguous and rejected (formats.md «people»).
*/
#include "input/import_priv.h"
#include "input/values.h"
#include "util/fio.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* key = 8 bytes of id + text */
static size_t idkey(char *out, size_t outsz, int64_t id, const char *text)
{
	size_t n = strlen(text);

	if (n > outsz - 8)
		n = outsz - 8;
	memcpy(out, &id, 8);
	memcpy(out + 8, text, n);
	return 8 + n;
}

/* Put id under key; a different id already there makes the key ambiguous. */
static void put_unique(struct ej_strmap *m, const void *key, size_t len, int64_t id)
{
	int64_t *v = ej_strmap_get(m, key, len);

	if (!v)
		ej_strmap_put(m, key, len, id);
	else if (*v != id)
		*v = -1;
}

void imp_maps_init(struct imp *I)
{
	ej_strmap_init(&I->teacher_ext);
	ej_strmap_init(&I->teacher_full);
	ej_strmap_init(&I->teacher_short);
	ej_strmap_init(&I->teacher_noext);
	ej_strmap_init(&I->group);
	ej_strmap_init(&I->student_ext);
	ej_strmap_init(&I->student_full);
	ej_strmap_init(&I->student_short);
	ej_strmap_init(&I->student_raw);
	ej_strmap_init(&I->stays);
	ej_strmap_init(&I->disc_code);
	ej_strmap_init(&I->disc_name);
	ej_strmap_init(&I->disc_raw);
	ej_strmap_init(&I->lessons);
	ej_strmap_init(&I->lesson_rank);
	ej_strmap_init(&I->warned);
	ej_strmap_init(&I->teacher_raw);
}

void imp_maps_release(struct imp *I)
{
	ej_strmap_release(&I->teacher_ext);
	ej_strmap_release(&I->teacher_full);
	ej_strmap_release(&I->teacher_short);
	ej_strmap_release(&I->teacher_noext);
	ej_strmap_release(&I->group);
	ej_strmap_release(&I->student_ext);
	ej_strmap_release(&I->student_full);
	ej_strmap_release(&I->student_short);
	ej_strmap_release(&I->student_raw);
	ej_strmap_release(&I->stays);
	ej_strmap_release(&I->disc_code);
	ej_strmap_release(&I->disc_name);
	ej_strmap_release(&I->disc_raw);
	ej_strmap_release(&I->lessons);
	ej_strmap_release(&I->lesson_rank);
	ej_strmap_release(&I->warned);
	ej_strmap_release(&I->teacher_raw);
	free(I->les);
	I->les = NULL;
	I->nles = I->ales = 0;
}

void imp_add_teacher(struct imp *I, int64_t id, const char *ext, const char *name,
		     const char *short_name)
{
	char *k;

	(void)short_name;
	if (I->teacher_raw.n) {
		ej_strmap_release(&I->teacher_raw);
		ej_strmap_init(&I->teacher_raw);
	}
	if (ext && *ext)
		ej_strmap_puts(&I->teacher_ext, ext, id);
	else
		ej_strmap_put(&I->teacher_noext, &id, sizeof(id), 1);
	if (!name || !*name)
		return;
	k = ej_fio_key_full(name);
	put_unique(&I->teacher_full, k, strlen(k), id);
	free(k);
	k = ej_fio_key_short(name);
	put_unique(&I->teacher_short, k, strlen(k), id);
	free(k);
}

void imp_add_group(struct imp *I, int64_t id, const char *name)
{
	char k[256];

	ej_fold(name, k, sizeof(k));
	ej_strmap_puts(&I->group, k, id);
}

void imp_add_student(struct imp *I, int64_t id, const char *ext, const char *name,
		     int64_t gid, long subgroup)
{
	char key[512], *k;
	int64_t pair[2];

	if (ext && *ext)
		ej_strmap_puts(&I->student_ext, ext, id);
	if (gid <= 0)
		return;
	pair[0] = gid;
	pair[1] = id;
	ej_strmap_put(&I->stays, pair, sizeof(pair), subgroup);
	k = ej_fio_key_full(name);
	put_unique(&I->student_full, key, idkey(key, sizeof(key), gid, k), id);
	free(k);
	k = ej_fio_key_short(name);
	put_unique(&I->student_short, key, idkey(key, sizeof(key), gid, k), id);
	free(k);
}

void imp_add_discipline(struct imp *I, int64_t id, int64_t gid, const char *code,
			const char *name)
{
	char key[512], f[256];

	ej_fold(code, f, sizeof(f));
	ej_strmap_put(&I->disc_code, key, idkey(key, sizeof(key), gid, f), id);
	if (name && *name) {
		ej_fold(name, f, sizeof(f));
		put_unique(&I->disc_name, key, idkey(key, sizeof(key), gid, f), id);
	}
}

void imp_add_lesson(struct imp *I, int64_t disc, ej_day day, long subgroup, long pair)
{
	char key[12];
	int64_t *head, i;

	memcpy(key, &disc, 8);
	memcpy(key + 8, &day, 4);
	head = ej_strmap_get(&I->lessons, key, sizeof(key));
	for (i = head ? *head : -1; i >= 0; i = I->les[i].next)
		if (I->les[i].subgroup == subgroup && I->les[i].pair == pair)
			return;
	EJ_GROW(I->les, I->nles + 1, I->ales);
	I->les[I->nles].subgroup = subgroup;
	I->les[I->nles].pair = pair;
	/* Keep each day's list in pair order. */
	if (!head || I->les[*head].pair > pair) {
		I->les[I->nles].next = head ? *head : -1;
		ej_strmap_put(&I->lessons, key, sizeof(key), (int64_t)I->nles);
	} else {
		i = *head;
		while (I->les[i].next >= 0 && I->les[I->les[i].next].pair <= pair)
			i = I->les[i].next;
		I->les[I->nles].next = I->les[i].next;
		I->les[i].next = (int64_t)I->nles;
	}
	I->nles++;
}

int64_t imp_lessons_of(struct imp *I, int64_t disc, ej_day day)
{
	char key[12];
	int64_t *head;

	memcpy(key, &disc, 8);
	memcpy(key + 8, &day, 4);
	head = ej_strmap_get(&I->lessons, key, sizeof(key));
	return head ? *head : -1;
}

/* ---- loading ------------------------------------------------------------------ */

static void load_teacher(void *ctx, const struct ej_istore_row *r)
{
	imp_add_teacher(ctx, r->id[0], r->text[0], r->text[1], r->text[2]);
}

static void load_group(void *ctx, const struct ej_istore_row *r)
{
	if (r->text[0])
		imp_add_group(ctx, r->id[0], r->text[0]);
}

static void load_student(void *ctx, const struct ej_istore_row *r)
{
	imp_add_student(ctx, r->id[0], r->text[0], r->text[1] ? r->text[1] : "", r->id[1],
			(long)r->id[2]);
}

static void load_disc(void *ctx, const struct ej_istore_row *r)
{
	if (r->text[0])
		imp_add_discipline(ctx, r->id[0], r->id[1], r->text[0], r->text[1]);
}

static void load_lesson(void *ctx, const struct ej_istore_row *r)
{
	ej_day d;

	if (r->text[0] && ej_date_parse(r->text[0], strlen(r->text[0]), &d) == 0)
		imp_add_lesson(ctx, r->id[0], d, (long)r->id[1], (long)r->id[2]);
}

int imp_maps_load(struct imp *I, struct ej_err *err)
{
	int rc;

	if ((rc = ej_istore_load(&I->st, EJ_IS_TEACHERS, load_teacher, I, err)) ||
	    (rc = ej_istore_load(&I->st, EJ_IS_GROUPS, load_group, I, err)) ||
	    (rc = ej_istore_load(&I->st, EJ_IS_STUDENTS, load_student, I, err)) ||
	    (rc = ej_istore_load(&I->st, EJ_IS_DISCIPLINES, load_disc, I, err)) ||
	    (rc = ej_istore_load(&I->st, EJ_IS_LESSONS, load_lesson, I, err)))
		return rc;
	return EJ_OK;
}

/* ---- resolution ----------------------------------------------------------------- */

int64_t imp_group(struct imp *I, enum ej_col c, const char *name, bool create)
{
	char k[256];
	int64_t *v, id;
	struct ej_err e = { 0 };

	if (!*name) {
		imp_row_error(I, c, NULL, "empty: the group is required");
		return -1;
	}
	if (strlen(name) < sizeof(I->last_group) && I->last_gid > 0 &&
	    strcmp(name, I->last_group) == 0)
		return I->last_gid;
	ej_fold(name, k, sizeof(k));
	v = ej_strmap_gets(&I->group, k);
	if (v) {
		id = *v;
	} else if (create && I->writing) {
		id = ej_istore_group(&I->st, name, NULL, 0, 0, NULL, &e);
		if (id < 0) {
			imp_io(I, &e);
			return -1;
		}
		imp_add_group(I, id, name);
	} else if (create) {
		return 0;
	} else {
		imp_row_error(I, c, name, "unknown group: import the students (or groups) "
			      "file that lists it");
		return -1;
	}
	if (strlen(name) < sizeof(I->last_group)) {
		snprintf(I->last_group, sizeof(I->last_group), "%s", name);
		I->last_gid = id;
	}
	return id;
}

int64_t imp_discipline(struct imp *I, enum ej_col c, int64_t gid, const char *s,
		       const char *name_col, bool create)
{
	char code[128], key[600], f[256], raw[512];
	const char *rest = "", *name;
	int64_t *v, id;
	size_t rk;
	bool indexed;
	struct ej_err e = { 0 };

	if (!*s && name_col && *name_col)
		s = name_col;
	if (!*s) {
		imp_row_error(I, c, NULL, "empty: the discipline is required");
		return -1;
	}
	/* The same text in the same group resolves the same way: cache it
	** (the last answer first: rows come a lesson at a time). */
	if (gid == I->last_disc_gid && I->last_disc_id > 0 && !strcmp(s, I->last_disc_s) &&
	    !strcmp(name_col ? name_col : "", I->last_disc_n))
		return I->last_disc_id;
	snprintf(raw, sizeof(raw), "%s\x1f%s", s, name_col ? name_col : "");
	rk = idkey(key, sizeof(key), gid, raw);
	if ((v = ej_strmap_get(&I->disc_raw, key, rk)) != NULL) {
		id = *v;
		goto remember;
	}
	indexed = ej_disc_split(s, code, sizeof(code), &rest);
	if (!indexed && name_col && *name_col && s != name_col) {
		/* «Индекс» column with an unusual index: take it as the code. */
		snprintf(code, sizeof(code), "%s", s);
		indexed = true;
	}
	name = name_col && *name_col ? name_col : rest;
	if (indexed) {
		ej_fold(code, f, sizeof(f));
		v = ej_strmap_get(&I->disc_code, key, idkey(key, sizeof(key), gid, f));
	} else {
		ej_fold(s, f, sizeof(f));
		v = ej_strmap_get(&I->disc_name, key, idkey(key, sizeof(key), gid, f));
		if (!v)
			v = ej_strmap_get(&I->disc_code, key, idkey(key, sizeof(key), gid, f));
		if (v && *v < 0) {
			imp_row_error(I, c, s, "ambiguous discipline name in this group: give "
				      "its index (e.g. «ОП.01»)");
			return -1;
		}
	}
	if (v) {
		id = *v;
	} else if (create) {
		const char *cc = indexed ? code : s;
		id = ej_istore_discipline(&I->st, gid, cc, *name ? name : cc, &e);
		if (id < 0) {
			imp_io(I, &e);
			return -1;
		}
		imp_add_discipline(I, id, gid, cc, *name ? name : NULL);
	} else {
		imp_row_error(I, c, s, "unknown discipline for this group: import the "
			      "curriculum that lists it first");
		return -1;
	}
	idkey(key, sizeof(key), gid, raw);
	ej_strmap_put(&I->disc_raw, key, rk, id);
remember:
	if (strlen(s) < sizeof(I->last_disc_s) &&
	    strlen(name_col ? name_col : "") < sizeof(I->last_disc_n)) {
		snprintf(I->last_disc_s, sizeof(I->last_disc_s), "%s", s);
		snprintf(I->last_disc_n, sizeof(I->last_disc_n), "%s", name_col ? name_col : "");
		I->last_disc_gid = gid;
		I->last_disc_id = id;
	}
	return id;
}

int64_t imp_teacher(struct imp *I, enum ej_col c, const char *s, bool create)
{
	int64_t *v, id;
	char *k;
	bool is_short;
	struct ej_err e = { 0 };

	if (!*s)
		return 0;
	/* The same cell text finds the same teacher until one is added. */
	if ((v = ej_strmap_gets(&I->teacher_raw, s)) != NULL)
		return *v;
	if ((v = ej_strmap_gets(&I->teacher_ext, s)) != NULL) {
		id = *v;
		ej_strmap_puts(&I->teacher_raw, s, id);
		return id;
	}
	is_short = ej_fio_is_short(s);
	k = is_short ? ej_fio_key_short(s) : ej_fio_key_full(s);
	v = ej_strmap_gets(is_short ? &I->teacher_short : &I->teacher_full, k);
	free(k);
	if (v && *v < 0) {
		imp_row_error(I, c, s, "ambiguous teacher name: two teachers share it; give the "
			      "full name or the ID");
		return -1;
	}
	if (v) {
		id = *v;
		ej_strmap_puts(&I->teacher_raw, s, id);
		return id;
	}
	if (!create || is_short || !strchr(s, ' ')) {
		imp_row_error(I, c, s, "unknown teacher: add them to the teachers file");
		return -1;
	}
	{
		char *sh = ej_fio_short(s);
		id = ej_istore_teacher(&I->st, NULL, s, sh, NULL, &e);
		free(sh);
	}
	if (id < 0) {
		imp_io(I, &e);
		return -1;
	}
	imp_add_teacher(I, id, NULL, s, NULL);
	if (ej_strmap_puts(&I->warned, s, id)) {
		I->res->warnings++;
		ej_diag(I->diag, EJ_DIAG_WARNING, "%s:%ld: teacher «%s» is in no teachers file: "
			"added by name", I->f->name, I->line, s);
	}
	return id;
}

int64_t imp_teacher_find(struct imp *I, const char *s)
{
	int64_t *v;
	char *k;
	bool is_short;

	if (!*s)
		return 0;
	if ((v = ej_strmap_gets(&I->teacher_ext, s)) != NULL)
		return *v;
	is_short = ej_fio_is_short(s);
	k = is_short ? ej_fio_key_short(s) : ej_fio_key_full(s);
	v = ej_strmap_gets(is_short ? &I->teacher_short : &I->teacher_full, k);
	free(k);
	return v && *v > 0 ? *v : 0;
}

int64_t imp_student_by_name(struct imp *I, enum ej_col c, int64_t gid, const char *s)
{
	char key[600], *k;
	size_t rk;
	int64_t *v;
	bool is_short;

	if (!*s) {
		imp_row_error(I, c, NULL, "empty: the student is required");
		return -1;
	}
	rk = idkey(key, sizeof(key), gid, s);
	if ((v = ej_strmap_get(&I->student_raw, key, rk)) != NULL && *v > 0)
		return *v;
	is_short = ej_fio_is_short(s);
	k = is_short ? ej_fio_key_short(s) : ej_fio_key_full(s);
	v = ej_strmap_get(is_short ? &I->student_short : &I->student_full, key,
			  idkey(key, sizeof(key), gid, k));
	free(k);
	if (!v) {
		imp_row_error(I, c, s, "unknown student in this group: check the name or "
			      "import the students file");
		return -1;
	}
	if (*v < 0) {
		imp_row_error(I, c, s, "ambiguous: several students of the group have this "
			      "name; give the full name or the ID");
		return -1;
	}
	idkey(key, sizeof(key), gid, s);
	ej_strmap_put(&I->student_raw, key, rk, *v);
	return *v;
}

int64_t imp_student_by_id(struct imp *I, enum ej_col c, int64_t gid, const char *s)
{
	int64_t *v = ej_strmap_gets(&I->student_ext, s), pair[2];

	if (!v) {
		imp_row_error(I, c, s, "unknown student ID: import the students file that "
			      "lists it");
		return -1;
	}
	pair[0] = gid;
	pair[1] = *v;
	if (!ej_strmap_get(&I->stays, pair, sizeof(pair))) {
		imp_row_error(I, c, s, "this student was never in the group");
		return -1;
	}
	return *v;
}

long imp_student_subgroup(struct imp *I, int64_t gid, int64_t sid)
{
	int64_t pair[2] = { gid, sid }, *v = ej_strmap_get(&I->stays, pair, sizeof(pair));

	return v ? (long)*v : 0;
}
