/*
** fuzz_import.c — libFuzzer target for the importer: the bytes go through
** encoding detection and conversion (auto and every forced encoding), the
** delimiter sniffer, the CSV reader at two chunk sizes, header and kind
** recognition, value parsing of every field, and a full import into a fresh
** in-memory database that already holds a small college (so that names,
** groups and disciplines resolve and rows reach the store).
**
**   make fuzz-build && build-fuzz/fuzz_import tests/fuzz/corpus
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/columns.h"
#include "input/csvread.h"
#include "input/encoding.h"
#include "input/import.h"
#include "input/values.h"
#include "store/db.h"
#include "util/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char base_students[] =
	"ID;ФИО;Группа;Подгруппа;Дата зачисления;Дата отчисления\n"
	"S1;Алексеев Алексей Алексеевич;ИСП-21;1;;\n"
	"S2;Борисова Дарья Игоревна;ИСП-21;2;;01.10.2025\n"
	"S2;Борисова Дарья Игоревна;ИСП-22;;01.10.2025;\n"
	"S3;Алексеев Андрей Алексеевич;ИСП-22;;;\n";
static const char base_curriculum[] =
	"Группа,Семестр,Дисциплина,Часы,Преподаватель\n"
	"ИСП-21,1,ОП.01 Основы программирования,64,Соколова Анна Петровна\n"
	"ИСП-22,1,ЕН.01 Математика,48,\"Кузнецов Игорь Валерьевич; Орлов Дмитрий Андреевич\"\n";
static const char base_lessons[] =
	"Дата;Пара;Группа;Дисциплина;Преподаватель;Тема\n"
	"01.09.2025;1;ИСП-21;ОП.01;Соколова Анна Петровна;Введение\n"
	"02.09.2025;1;ИСП-22;ЕН.01;Кузнецов Игорь Валерьевич;Матрицы\n";

static int count_fields(void *ctx, long line, char **f, size_t n)
{
	const char *vals[EJ_MARK_MAXVALS], *out;
	size_t i, nv;
	double d;
	long l;
	int yn;
	char code[64];
	const char *rest;
	struct ej_colmap m;

	(void)line;
	++*(long *)ctx;
	for (i = 0; i < n; i++) {
		ej_mark_parse(f[i], vals, EJ_MARK_MAXVALS, &nv);
		ej_lesson_type_parse(f[i], &out);
		ej_attestation_parse(f[i], &out);
		ej_final_kind_parse(f[i], &out);
		ej_yesno_parse(f[i], &yn);
		ej_number_parse(f[i], &d);
		ej_int_parse(f[i], 0, 100, &l);
		ej_disc_split(f[i], code, sizeof(code), &rest);
		ej_grid_meta_key(f[i]);
		ej_grid_is_date(f[i]);
	}
	if (*(long *)ctx == 1) {
		enum ej_kind k;
		struct ej_err err = { 0 };
		int kk;
		ej_kind_recognise((const char *const *)f, n, "fuzz.csv", line, false, &k, &err);
		for (kk = 1; kk < EJ_KIND_COUNT; kk++) {
			ej_columns_map((enum ej_kind)kk, (const char *const *)f, n, &m);
			ej_columns_missing((enum ej_kind)kk, &m);
		}
	}
	return *(long *)ctx > 2000;   /* enough */
}

static void read_paths(const char *p, size_t n)
{
	static const enum ej_enc encs[] = { EJ_ENC_AUTO, EJ_ENC_UTF8, EJ_ENC_CP1251,
					    EJ_ENC_UTF16LE };
	size_t i;

	for (i = 0; i < sizeof(encs) / sizeof(encs[0]); i++) {
		char *text = NULL;
		size_t len = 0;
		struct ej_err err = { 0 };
		long rows = 0;

		if (ej_enc_to_utf8(p, n, encs[i], "fuzz.csv", &text, &len, NULL, &err))
			continue;
		if (i == 0) {
			char delim = ej_csv_sniff(text, len);
			ej_csv_read(text, len, delim, 0, "fuzz.csv", count_fields, &rows, &err);
			rows = 0;
			ej_csv_read(text, len, delim, 7, "fuzz.csv", count_fields, &rows, &err);
		}
		free(text);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ej_config cfg;
	struct ej_db *db;
	struct ej_err err = { 0 };
	struct ej_import_opts o;
	struct ej_import_result res;
	ej_day today = 0;

	if (size > 65536)
		return 0;
	read_paths((const char *)data, size);

	ej_day_from_ymd(2025, 10, 15, &today);
	ej_config_defaults(&cfg, today);
	db = ej_db_open(":memory:", EJ_DB_CREATE, &err);
	if (!db)
		abort();
	memset(&o, 0, sizeof(o));
	o.as_of = "31.10.2025 18:00";
	if (ej_import_mem(db, &cfg, "students.csv", base_students, sizeof(base_students) - 1,
			  &o, NULL, &res, &err))
		abort();
	ej_import_result_release(&res);
	if (ej_import_mem(db, &cfg, "curriculum.csv", base_curriculum,
			  sizeof(base_curriculum) - 1, &o, NULL, &res, &err))
		abort();
	ej_import_result_release(&res);
	if (ej_import_mem(db, &cfg, "lessons.csv", base_lessons, sizeof(base_lessons) - 1,
			  &o, NULL, &res, &err))
		abort();
	ej_import_result_release(&res);

	/* The input itself, then again as a second export (history). */
	o.as_of = NULL;
	if (ej_import_mem(db, &cfg, "marks.csv", (const char *)data, size, &o, NULL, &res,
			  &err) == EJ_EDATA && res.nerrors == 0)
		abort();                       /* rejected without saying why */
	ej_import_result_release(&res);
	o.as_of = "30.11.2025 18:00";
	ej_import_mem(db, &cfg, "grid.csv", (const char *)data, size, &o, NULL, &res, &err);
	ej_import_result_release(&res);

	ej_db_close(db);
	ej_config_release(&cfg);
	return 0;
}
