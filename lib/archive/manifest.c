/*
** manifest.c — the archive's lists: safe member names, SHA256SUMS (format
** and parsing), metadata.json, the problem list, file names.
*/
#include "util/sort.h"
#include "archive/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/utf8.h"
#include "util/xalloc.h"

bool ej_archive_member_ok(const char *name)
{
	const char *p, *comp;
	size_t len;

	if (!name || !*name)
		return false;
	len = strlen(name);
	if (len > EJ_MEMBER_NAME_MAX || name[0] == '/' || name[len - 1] == '/')
		return false;
	if (!ej_utf8_valid(name, len, NULL))
		return false;
	for (p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f || c == '\\')
			return false;
	}
	/* A drive letter ("C:…") is absolute on Windows tools. */
	if (len >= 2 && name[1] == ':')
		return false;
	/* Every component: not empty, not ".", not "..". */
	comp = name;
	for (;;) {
		const char *end = strchr(comp, '/');
		size_t n = end ? (size_t)(end - comp) : strlen(comp);
		if (n == 0 || (n == 1 && comp[0] == '.') ||
		    (n == 2 && comp[0] == '.' && comp[1] == '.'))
			return false;
		if (!end)
			break;
		comp = end + 1;
	}
	return true;
}

char *ej_archive_filename(const char *year)
{
	struct ej_buf b;
	const char *p;

	ej_buf_init(&b, 0);
	ej_buf_adds(&b, "ejournal-");
	for (p = year && *year ? year : "year"; *p; p++) {
		char c = *p;
		bool keep = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			    (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
		ej_buf_addc(&b, keep ? c : '-');
	}
	ej_buf_adds(&b, ".zip");
	return ej_buf_detach(&b, NULL);
}

char *ej_archive_tmpname(const char *path)
{
	static unsigned counter;
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;

	return ej_asprintf("%.*s.%s.tmp.%ld.%u", dirlen, path, slash ? slash + 1 : path,
			   (long)getpid(), ++counter);
}

/* ---- problems ----------------------------------------------------------- */

void ej_archive_check_init(struct ej_archive_check *c)
{
	memset(c, 0, sizeof(*c));
}

void ej_archive_check_release(struct ej_archive_check *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].member);
		free(c->v[i].detail);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

void ej_check_add(struct ej_archive_check *c, enum ej_archive_problem_kind kind,
		  const char *member, const char *detail)
{
	EJ_GROW(c->v, c->n + 1, c->alloc);
	c->v[c->n].kind = kind;
	c->v[c->n].member = ej_strdup(member);
	c->v[c->n].detail = ej_strdup(detail);
	c->n++;
}

const char *ej_archive_problem_name(enum ej_archive_problem_kind kind)
{
	switch (kind) {
	case EJ_AP_NOT_ZIP: return "не читается как ZIP";
	case EJ_AP_MISSING: return "отсутствует";
	case EJ_AP_EXTRA: return "лишний";
	case EJ_AP_ALTERED: return "изменён";
	case EJ_AP_BAD_NAME: return "недопустимое имя";
	case EJ_AP_DUPLICATE: return "повторяется";
	case EJ_AP_BAD_SUMS: return "SHA256SUMS повреждён";
	}
	return "?";
}

/* ---- SHA256SUMS --------------------------------------------------------- */

void ej_sums_release(struct ej_sums *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].name);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ej_sums_entry *)a)->name,
		      ((const struct ej_sums_entry *)b)->name);
}

static bool is_hex64(const char *p)
{
	int i;

	for (i = 0; i < 64; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f') ||
		      (p[i] >= 'A' && p[i] <= 'F')))
			return false;
	return true;
}

void ej_sums_parse(const char *text, size_t n, struct ej_sums *out,
		   struct ej_archive_check *chk)
{
	size_t pos = 0, i, j;
	long lineno = 0;
	char why[128];

	while (pos < n) {
		const char *line = text + pos, *nl = memchr(line, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - line) : n - pos;
		char *name;

		pos += len + (nl ? 1 : 0);
		lineno++;
		if (len == 0)
			continue;
		/* "<hex>  name" (text mode) or "<hex> *name" (binary mode). */
		if (len < 67 || !is_hex64(line) || line[64] != ' ' ||
		    (line[65] != ' ' && line[65] != '*')) {
			snprintf(why, sizeof(why), "строка %ld: не «SHA-256  имя»", lineno);
			ej_check_add(chk, EJ_AP_BAD_SUMS, EJ_ARCHIVE_SUMS, why);
			continue;
		}
		name = ej_strndup(line + 66, len - 66);
		if (!ej_archive_member_ok(name) || !strcmp(name, EJ_ARCHIVE_SUMS)) {
			ej_check_add(chk, EJ_AP_BAD_NAME, name,
				     "недопустимое имя в SHA256SUMS");
			free(name);
			continue;
		}
		EJ_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n].name = name;
		for (i = 0; i < 64; i++) {
			char c = line[i];
			out->v[out->n].hex[i] = (c >= 'A' && c <= 'F') ? (char)(c - 'A' + 'a') : c;
		}
		out->v[out->n].hex[64] = '\0';
		out->v[out->n].seen = false;
		out->n++;
	}
	if (out->n)
		ej_qsort(out->v, out->n, sizeof(out->v[0]), entry_cmp);
	/* Duplicates: report once, keep the first. */
	for (i = 0, j = 0; i < out->n; i++) {
		if (j > 0 && !strcmp(out->v[j - 1].name, out->v[i].name)) {
			ej_check_add(chk, EJ_AP_DUPLICATE, out->v[i].name,
				     "указан в SHA256SUMS дважды");
			free(out->v[i].name);
			continue;
		}
		out->v[j++] = out->v[i];
	}
	out->n = j;
}

struct ej_sums_entry *ej_sums_find(struct ej_sums *s, const char *name)
{
	struct ej_sums_entry key;

	if (!s->n)
		return NULL;
	key.name = (char *)name;
	return ej_bsearch(&key, s->v, s->n, sizeof(s->v[0]), entry_cmp);
}
