#include "docs/lessonfigs.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/date.h"
#include "util/xalloc.h"

void ej_lf_release(struct ej_lf *lf)
{
	size_t i;

	for (i = 0; i < lf->nd; i++)
		free(lf->d[i].teachers);
	free(lf->d);
	memset(lf, 0, sizeof(*lf));
}

const struct ej_lf_disc *ej_lf_find(const struct ej_lf *lf, int64_t id)
{
	size_t lo = 0, hi = lf->nd;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (lf->d[mid].id < id)
			lo = mid + 1;
		else if (lf->d[mid].id > id)
			hi = mid;
		else
			return &lf->d[mid];
	}
	return NULL;
}

/* Control works and practical hours per subgroup of the disciplines
** taught in subgroups. */
static int load_subgroups(struct ej_db *db, const char *from, const char *to, int semester,
			  struct ej_lf *out, struct ej_err *err)
{
	static const char sql[] =
		"SELECT discipline_id, subgroup, sum(cw), sum(has), sum(ctl), sum(pp), sum(pk), sum(ph)"
		" FROM ("
		"  SELECT discipline_id, subgroup, coalesce(control_works, 0) cw, 1 has, 0 ctl,"
		"         coalesce(practice, 0) + coalesce(lab, 0) pp,"
		"         (practice IS NOT NULL OR lab IS NOT NULL) pk, 0 ph"
		"    FROM curriculum WHERE ?3 = 0 OR semester = ?3"
		"  UNION ALL SELECT discipline_id, subgroup, 0, 0,"
		"         count(*) FILTER (WHERE lesson_type = 'control'), 0, 0,"
		"         coalesce(sum(hours) FILTER (WHERE lesson_type IN ('practice', 'practical', 'lab')), 0)"
		"    FROM lesson WHERE date BETWEEN ?1 AND ?2 GROUP BY 1, 2)"
		" WHERE discipline_id IN (SELECT discipline_id FROM curriculum WHERE subgroup > 0"
		"   UNION SELECT discipline_id FROM lesson WHERE subgroup > 0 AND date BETWEEN ?1 AND ?2)"
		" GROUP BY 1, 2 ORDER BY 1, 2";
	sqlite3_stmt *st = ej_db_prepare(db, sql, err);
	int rc, cw0 = 0, ctl0 = 0;
	double pp0 = NAN, ph0 = 0;
	int64_t cur = 0;
	struct ej_lf_disc *d = NULL;

	if (!st)
		return err->code;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, semester);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		int sg = sqlite3_column_int(st, 1);
		bool has = sqlite3_column_int(st, 3) > 0;
		double pp = sqlite3_column_int(st, 6) ? sqlite3_column_double(st, 5) : NAN;
		if (id != cur) {
			cur = id;
			cw0 = ctl0 = 0;
			pp0 = NAN;
			ph0 = 0;
			d = (struct ej_lf_disc *)ej_lf_find(out, id);
		}
		if (!d)
			continue;
		if (sg == 0) {          /* ordered first: the whole group's */
			cw0 = sqlite3_column_int(st, 2);
			ctl0 = sqlite3_column_int(st, 4);
			pp0 = pp;
			ph0 = sqlite3_column_double(st, 7);
			continue;
		}
		if (d->nsub >= 4)
			continue;
		d->sub[d->nsub].subgroup = sg;
		d->sub[d->nsub].required = has ? sqlite3_column_int(st, 2) : cw0;
		d->sub[d->nsub].held = sqlite3_column_int(st, 4) + ctl0;
		d->sub[d->nsub].practice_plan = has ? pp : pp0;
		d->sub[d->nsub].practice_held = sqlite3_column_double(st, 7) + ph0;
		d->nsub++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ej_lf_release(out);
		return ej_db_fail(db, err, "control works");
	}
	return 0;
}

int ej_lf_load(struct ej_db *db, const struct ej_scope *scope, int semester,
	       struct ej_lf *out, struct ej_err *err)
{
	/* One pass: curriculum of the semester (0 = any) joined with the
	** period's lessons; teachers listed in order of first lesson. */
	static const char sql[] =
		"WITH l AS (SELECT discipline_id, count(*) FILTER (WHERE lesson_type = 'control') ctl, "
		"                  sum(hours) FILTER (WHERE lesson_type IN ('practice', 'practical', 'lab')) ph, "
		"                  count(*) FILTER (WHERE substitute_note IS NOT NULL AND substitute_note <> '') sub "
		"             FROM lesson WHERE date BETWEEN ?1 AND ?2 GROUP BY discipline_id), "
		"     c AS (SELECT discipline_id, sum(coalesce(control_works, 0)) cw, "
		"                  CASE WHEN count(practice) + count(lab) = 0 THEN NULL "
		"                       ELSE sum(coalesce(practice, 0) + coalesce(lab, 0)) END pp "
		"             FROM curriculum WHERE ?3 = 0 OR semester = ?3 GROUP BY discipline_id), "
		"     t AS (SELECT discipline_id, group_concat(short_name, ', ') names FROM ("
		"             SELECT DISTINCT x.discipline_id, tt.short_name FROM lesson x "
		"               JOIN teacher tt ON tt.id = x.teacher_id "
		"              WHERE x.date BETWEEN ?1 AND ?2 ORDER BY x.discipline_id, tt.short_name) "
		"             GROUP BY discipline_id) "
		"SELECT d.id, coalesce(c.cw, 0), coalesce(l.ctl, 0), c.pp, coalesce(l.ph, 0), "
		"       coalesce(l.sub, 0), t.names "
		"  FROM discipline d LEFT JOIN l ON l.discipline_id = d.id "
		"  LEFT JOIN c ON c.discipline_id = d.id LEFT JOIN t ON t.discipline_id = d.id "
		" WHERE l.discipline_id IS NOT NULL OR c.discipline_id IS NOT NULL ORDER BY d.id";
	sqlite3_stmt *st = ej_db_prepare(db, sql, err);
	char from[11], to[11];
	size_t alloc = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return err->code;
	ej_day_iso(scope->from, from);
	ej_day_iso(scope->to, to);
	sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, semester);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ej_lf_disc *d;
		EJ_GROW(out->d, out->nd + 1, alloc);
		d = &out->d[out->nd++];
		memset(d, 0, sizeof(*d));
		d->id = sqlite3_column_int64(st, 0);
		d->control_required = sqlite3_column_int(st, 1);
		d->control_held = sqlite3_column_int(st, 2);
		d->practice_plan = sqlite3_column_type(st, 3) == SQLITE_NULL ? NAN
				   : sqlite3_column_double(st, 3);
		d->practice_held = sqlite3_column_double(st, 4);
		d->substitutions = sqlite3_column_int(st, 5);
		d->teachers = ej_strdup(ej_db_col_text(st, 6) ? ej_db_col_text(st, 6) : "");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ej_lf_release(out);
		return ej_db_fail(db, err, "lesson counts");
	}
	return load_subgroups(db, from, to, semester, out, err);
}
