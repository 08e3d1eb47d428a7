/*
** check.c — `ejournal check`: run the regulation's rules over the database
** and print the findings as text (grouped by teacher, counts per rule at the
** end), CSV or JSON (field names in docs/check.md).  Exit 1 when a finding
** is at or above --fail-on (default: error).
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "options.h"
#include "rules/rules.h"
#include "util/numwords.h"

static const char usage_text[] =
	"usage: ejournal check [PERIOD] [FILTERS] [--rules D01,T,...] [--format text|csv|json]\n"
	"                      [--fail-on error|warning|never] [--final]\n"
	"\n"
	"PERIOD:  --month YYYY-MM | --semester 1|2 | --from DATE --to DATE\n"
	"         (default: the whole academic year so far)\n"
	"FILTERS: --group G | --teacher NAME | --department NAME | --discipline D\n"
	"\n"
	"  --rules LIST     rule ids and/or families, comma-separated (default: all)\n"
	"  --format F       text (default), csv or json\n"
	"  --fail-on S      exit 1 when a finding is at or above S: error (default),\n"
	"                   warning, or never\n"
	"  --final          run the end-of-semester rules (P01, G01-G03) before the\n"
	"                   semester's end date\n"
	"\n"
	"Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage, 4 I/O.\n"
	"Rules and messages: docs/check.md.\n";

enum { OPT_RULES = OPT_SCOPE_LAST + 1, OPT_FORMAT, OPT_FAIL_ON, OPT_FINAL };
enum fmt { FMT_TEXT, FMT_CSV, FMT_JSON };

static void day_iso_or(ej_day d, char out[11])
{
	if (d == EJ_DAY_NONE)
		out[0] = '\0';
	else
		ej_day_iso(d, out);
}

static void num_text(double v, char *buf, size_t size)
{
	if (v == (double)(long long)v && v > -1e15 && v < 1e15)
		snprintf(buf, size, "%lld", (long long)v);
	else
		snprintf(buf, size, "%.2f", v);
}

/* ---- CSV ---------------------------------------------------------------- */

static void csv_field(FILE *out, const char *s, bool last)
{
	const char *p;

	s = s ? s : "";
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', out);
		for (p = s; *p; p++) {
			if (*p == '"')
				fputc('"', out);
			fputc(*p, out);
		}
		fputc('"', out);
	} else {
		fputs(s, out);
	}
	fputc(last ? '\n' : ',', out);
}

static void print_csv(FILE *out, const struct ej_findings *l)
{
	size_t i;
	int k;

	fputs("rule,severity,date,period_from,period_to,group,discipline,discipline_name,"
	      "subgroup,teacher,student,message,figures\n", out);
	for (i = 0; i < l->n; i++) {
		const struct ej_finding *f = &l->v[i];
		char d[11], pf[11], pt[11], sg[16], fig[1024] = "";
		size_t off = 0;

		day_iso_or(f->date, d);
		day_iso_or(f->period_from, pf);
		day_iso_or(f->period_to, pt);
		if (f->subgroup)
			snprintf(sg, sizeof(sg), "%d", f->subgroup);
		else
			sg[0] = '\0';
		for (k = 0; k < f->nfigures && off < sizeof(fig); k++) {
			char v[64];
			if (f->figures[k].text)
				snprintf(v, sizeof(v), "%s", f->figures[k].text);
			else
				num_text(f->figures[k].value, v, sizeof(v));
			off += (size_t)snprintf(fig + off, sizeof(fig) - off, "%s%s=%s",
						k ? ";" : "", f->figures[k].name, v);
		}
		csv_field(out, f->rule, false);
		csv_field(out, ej_severity_name(f->severity), false);
		csv_field(out, d, false);
		csv_field(out, pf, false);
		csv_field(out, pt, false);
		csv_field(out, f->group, false);
		csv_field(out, f->discipline_code, false);
		csv_field(out, f->discipline_name, false);
		csv_field(out, sg, false);
		csv_field(out, f->teacher, false);
		csv_field(out, f->student, false);
		csv_field(out, f->message, false);
		csv_field(out, fig, true);
	}
}

/* ---- JSON --------------------------------------------------------------- */

static void json_str(FILE *out, const char *s)
{
	const unsigned char *p;

	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

static void json_day(FILE *out, ej_day d)
{
	char iso[11];

	if (d == EJ_DAY_NONE) {
		fputs("null", out);
		return;
	}
	ej_day_iso(d, iso);
	fprintf(out, "\"%s\"", iso);
}

static void print_json(FILE *out, const struct ej_findings *l)
{
	size_t i;
	int k;

	fputs("[", out);
	for (i = 0; i < l->n; i++) {
		const struct ej_finding *f = &l->v[i];

		fputs(i ? ",\n  {" : "\n  {", out);
		fputs("\"rule\": ", out); json_str(out, f->rule);
		fputs(", \"severity\": ", out); json_str(out, ej_severity_name(f->severity));
		fputs(", \"group\": ", out); json_str(out, f->group);
		fputs(", \"discipline\": ", out);
		if (f->discipline_code) {
			fputs("{\"index\": ", out); json_str(out, f->discipline_code);
			fputs(", \"name\": ", out); json_str(out, f->discipline_name);
			fputs("}", out);
		} else {
			fputs("null", out);
		}
		fputs(", \"subgroup\": ", out);
		if (f->subgroup)
			fprintf(out, "%d", f->subgroup);
		else
			fputs("null", out);
		fputs(", \"teacher\": ", out); json_str(out, f->teacher);
		fputs(", \"student\": ", out); json_str(out, f->student);
		fputs(", \"date\": ", out); json_day(out, f->date);
		fputs(", \"period_from\": ", out); json_day(out, f->period_from);
		fputs(", \"period_to\": ", out); json_day(out, f->period_to);
		fputs(", \"message\": ", out); json_str(out, f->message);
		fputs(", \"figures\": {", out);
		for (k = 0; k < f->nfigures; k++) {
			char v[64];
			fputs(k ? ", " : "", out);
			json_str(out, f->figures[k].name);
			fputs(": ", out);
			if (f->figures[k].text) {
				json_str(out, f->figures[k].text);
			} else {
				num_text(f->figures[k].value, v, sizeof(v));
				fputs(v, out);
			}
		}
		fputs("}}", out);
	}
	fputs(l->n ? "\n]\n" : "]\n", out);
}

/* ---- text --------------------------------------------------------------- */

/* s, then spaces up to width characters (UTF-8 aware). */
static void pad(FILE *out, const char *s, size_t width)
{
	size_t n = 0;
	const char *p;

	for (p = s; *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			n++;
	fputs(s, out);
	while (n++ < width)
		fputc(' ', out);
}

static void print_text(FILE *out, const struct ej_findings *l)
{
	size_t nrules, i, r;
	const struct ej_rule *rules = ej_rules_all(&nrules);
	const char *cur = NULL;
	bool first = true;
	long errors = 0, warnings = 0, unchecked = 0;

	for (i = 0; i < l->n; i++) {
		const struct ej_finding *f = &l->v[i];
		const char *who = f->severity == EJ_SEV_UNCHECKED ? "Не проверено" :
				  f->teacher_short ? f->teacher_short : "Преподаватель не указан";
		char when[32];

		if (f->severity == EJ_SEV_ERROR) errors++;
		else if (f->severity == EJ_SEV_WARNING) warnings++;
		else unchecked++;
		if (first || strcmp(who, cur)) {
			fprintf(out, "%s%s\n", first ? "" : "\n", who);
			cur = who;
			first = false;
		}
		if (f->date != EJ_DAY_NONE) {
			ej_day_ru(f->date, when);
		} else if (f->period_from != EJ_DAY_NONE) {
			char a[11], b[11];
			ej_day_ru(f->period_from, a);
			ej_day_ru(f->period_to, b);
			if (!strcmp(a + 6, b + 6))
				snprintf(when, sizeof(when), "%.5s–%s", a, b);
			else
				snprintf(when, sizeof(when), "%s–%s", a, b);
		} else {
			snprintf(when, sizeof(when), "—");
		}
		fprintf(out, "  %s ", f->rule);
		pad(out, ej_severity_ru(f->severity), 13);
		pad(out, when, 22);
		fprintf(out, "%s\n", f->message);
	}
	fputs(l->n ? "\nИтого по правилам:\n" : "Нарушений не найдено.\n", out);
	for (r = 0; r < nrules; r++) {
		long n = 0, nu = 0;
		for (i = 0; i < l->n; i++)
			if (l->v[i].rule == rules[r].id) {
				if (l->v[i].severity == EJ_SEV_UNCHECKED) nu++;
				else n++;
			}
		if (n) {
			fprintf(out, "  %s ", rules[r].id);
			pad(out, ej_severity_ru(rules[r].severity), 13);
			fprintf(out, "%5ld  %s\n", n, rules[r].title);
		}
		if (nu) {
			fprintf(out, "  %s ", rules[r].id);
			pad(out, "не проверено", 13);
			fprintf(out, "    —  %s\n", rules[r].title);
		}
	}
	if (l->n) {
		fprintf(out, "Всего: %ld %s, %ld %s", errors,
			ej_plural(errors, "ошибка", "ошибки", "ошибок"), warnings,
			ej_plural(warnings, "замечание", "замечания", "замечаний"));
		if (unchecked)
			fprintf(out, ", не проверено правил: %ld", unchecked);
		fputc('\n', out);
	}
}

int cmd_check(int argc, char **argv, struct ej_ctx *ctx)
{
	static const struct option opts[] = {
		EJ_PERIOD_OPTIONS,
		EJ_FILTER_OPTIONS,
		{ "rules", required_argument, NULL, OPT_RULES },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "final", no_argument, NULL, OPT_FINAL },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ej_scope_opts so;
	struct ej_check_opts co;
	struct ej_findings found;
	struct ej_err err = { 0 };
	const char *rules_spec = NULL;
	enum fmt fmt = FMT_TEXT;
	int fail_on = EJ_SEV_ERROR, opt, rc, status = 0;
	bool final = false, *sel;
	size_t nrules, i;

	memset(&so, 0, sizeof(so));
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if ((rc = ej_scope_opt(&so, opt, optarg)) == 1)
			continue;
		if (rc < 0)
			return EJ_EUSAGE;
		switch (opt) {
		case 'h':
			return ej_usage(usage_text, true);
		case OPT_RULES: rules_spec = optarg; break;
		case OPT_FINAL: final = true; break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text")) fmt = FMT_TEXT;
			else if (!strcmp(optarg, "csv")) fmt = FMT_CSV;
			else if (!strcmp(optarg, "json")) fmt = FMT_JSON;
			else return ej_failf(EJ_EUSAGE, "--format takes text, csv or json, not «%s»", optarg);
			break;
		case OPT_FAIL_ON:
			if (!strcmp(optarg, "error")) fail_on = EJ_SEV_ERROR;
			else if (!strcmp(optarg, "warning")) fail_on = EJ_SEV_WARNING;
			else if (!strcmp(optarg, "never")) fail_on = -1;
			else return ej_failf(EJ_EUSAGE, "--fail-on takes error, warning or never, not «%s»", optarg);
			break;
		default:
			return ej_usage(usage_text, false);
		}
	}
	if (optind < argc) {
		ej_failf(EJ_EUSAGE, "check takes no arguments («%s»)", argv[optind]);
		return ej_usage(usage_text, false);
	}
	if ((rc = ej_scope_resolve(&so, &ctx->config, final)) || (rc = ej_open_db(ctx)))
		return rc;
	ej_rules_all(&nrules);
	sel = calloc(nrules, sizeof(*sel));
	if (!sel)
		return ej_failf(EJ_EIO, "out of memory");
	if (ej_rules_select(rules_spec, sel, nrules, &err)) {
		free(sel);
		return ej_fail(&err);
	}
	memset(&co, 0, sizeof(co));
	co.config = &ctx->config;
	co.scope = &so.scope;
	co.selected = sel;
	co.final = final;
	ej_findings_init(&found);
	if (ej_check_run(ctx->db, &co, &found, &err)) {
		status = ej_fail(&err);
		goto done;
	}
	ej_findings_sort_by_teacher(&found);
	switch (fmt) {
	case FMT_TEXT: print_text(stdout, &found); break;
	case FMT_CSV: print_csv(stdout, &found); break;
	case FMT_JSON: print_json(stdout, &found); break;
	}
	for (i = 0; i < found.n && fail_on >= 0; i++)
		if ((int)found.v[i].severity >= fail_on && found.v[i].severity != EJ_SEV_UNCHECKED)
			status = EJ_EFOUND;
done:
	ej_findings_release(&found);
	free(sel);
	return status;
}
