/*
** rowfeed.c — an eponymous virtual table over a caller's array of rows
** (see rowfeed.h).  A full scan is the only plan: the rows come in order.
*/
#include "store/rowfeed.h"

#include <stdio.h>
#include <string.h>

struct feed_vtab {
	sqlite3_vtab base;
	struct ej_rowfeed *feed;
};

struct feed_cursor {
	sqlite3_vtab_cursor base;
	size_t row;
};

static int feed_connect(sqlite3 *h, void *aux, int argc, const char *const *argv,
			sqlite3_vtab **out, char **errmsg)
{
	char decl[16 + EJ_ROWFEED_COLS * 6];
	struct feed_vtab *t;
	size_t n;
	int c, rc;

	(void)argc;
	(void)argv;
	(void)errmsg;
	n = (size_t)snprintf(decl, sizeof(decl), "CREATE TABLE x(");
	for (c = 1; c <= EJ_ROWFEED_COLS; c++)
		n += (size_t)snprintf(decl + n, sizeof(decl) - n, "%sc%d", c > 1 ? "," : "", c);
	snprintf(decl + n, sizeof(decl) - n, ")");
	if ((rc = sqlite3_declare_vtab(h, decl)) != SQLITE_OK)
		return rc;
	if (!(t = sqlite3_malloc(sizeof(*t))))
		return SQLITE_NOMEM;
	memset(t, 0, sizeof(*t));
	t->feed = aux;
	*out = &t->base;
	return SQLITE_OK;
}

static int feed_disconnect(sqlite3_vtab *vt)
{
	sqlite3_free(vt);
	return SQLITE_OK;
}

static int feed_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
	struct feed_vtab *t = (struct feed_vtab *)vt;

	info->estimatedCost = (double)t->feed->rows + 1;
	info->estimatedRows = (sqlite3_int64)t->feed->rows + 1;
	return SQLITE_OK;
}

static int feed_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
	struct feed_cursor *c = sqlite3_malloc(sizeof(*c));

	(void)vt;
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof(*c));
	*out = &c->base;
	return SQLITE_OK;
}

static int feed_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

static int feed_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr, int argc,
		       sqlite3_value **argv)
{
	(void)idx;
	(void)idxstr;
	(void)argc;
	(void)argv;
	((struct feed_cursor *)cur)->row = 0;
	return SQLITE_OK;
}

static int feed_next(sqlite3_vtab_cursor *cur)
{
	((struct feed_cursor *)cur)->row++;
	return SQLITE_OK;
}

static int feed_eof(sqlite3_vtab_cursor *cur)
{
	struct feed_cursor *c = (struct feed_cursor *)cur;

	return c->row >= ((struct feed_vtab *)cur->pVtab)->feed->rows;
}

static int feed_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	struct feed_cursor *c = (struct feed_cursor *)cur;
	const struct ej_rowfeed *f = ((struct feed_vtab *)cur->pVtab)->feed;
	const struct ej_rowval *v;

	if (col < 0 || col >= f->cols) {
		sqlite3_result_null(ctx);
		return SQLITE_OK;
	}
	v = &f->v[c->row * (size_t)f->cols + (size_t)col];
	switch (v->type) {
	case SQLITE_INTEGER:
		sqlite3_result_int64(ctx, v->u.i);
		break;
	case SQLITE_FLOAT:
		sqlite3_result_double(ctx, v->u.d);
		break;
	case SQLITE_TEXT:
		sqlite3_result_text(ctx, f->text + v->u.i, v->len, SQLITE_STATIC);
		break;
	default:
		sqlite3_result_null(ctx);
	}
	return SQLITE_OK;
}

static int feed_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((struct feed_cursor *)cur)->row;
	return SQLITE_OK;
}

static const sqlite3_module feed_module = {
	.iVersion = 1,
	.xCreate = NULL,                /* eponymous only */
	.xConnect = feed_connect,
	.xBestIndex = feed_best_index,
	.xDisconnect = feed_disconnect,
	.xDestroy = feed_disconnect,
	.xOpen = feed_open,
	.xClose = feed_close,
	.xFilter = feed_filter,
	.xNext = feed_next,
	.xEof = feed_eof,
	.xColumn = feed_column,
	.xRowid = feed_rowid,
};

int ej_rowfeed_register(sqlite3 *h, const char *name, struct ej_rowfeed *feed)
{
	return sqlite3_create_module(h, name, &feed_module, feed);
}
