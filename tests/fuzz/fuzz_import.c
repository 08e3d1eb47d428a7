/*
** fuzz_import.c — libFuzzer target for the full importer: the bytes are
** imported (kind recognised from the header) into an in-memory database that
** already holds a small college, so that names, groups and disciplines
** resolve and rows reach the store; then imported again as a grid export
** with a later export time (history).
**
** Speed: the college is built once (first call) and kept as a serialized
** SQLite image; each input gets a fresh :memory: connection with that image
** deserialized into it (a memcpy and a schema parse instead of creating the
** schema and importing three files).  Parser-only fuzzing is fuzz_csv.c.
**
**   make fuzz-build && build-fuzz/fuzz_import tests/fuzz/corpus
*/
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "input/import.h"
#include "store/db.h"
#include "util/config.h"
#include "util/xalloc.h"

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

static struct ej_config cfg;
static unsigned char *image;          /* the college database, serialized */
static sqlite3_int64 image_len;

/* Abort with a message: the harness itself is broken (not a finding). */
static void die(const char *what, const char *why)
{
	fprintf(stderr, "fuzz_import setup: %s: %s\n", what, why ? why : "");
	abort();
}

/* Import one base file into db; any failure is fatal. */
static void import_base(struct ej_db *db, const char *name, const char *text, size_t len)
{
	struct ej_import_opts o;
	struct ej_import_result res;
	struct ej_err err = { 0 };

	memset(&o, 0, sizeof(o));
	o.as_of = "31.10.2025 18:00";
	if (ej_import_mem(db, &cfg, name, text, len, &o, NULL, &res, &err))
		die(name, err.msg);
	ej_import_result_release(&res);
}

/* Build the college once: config, schema, students/curriculum/lessons,
** then keep a serialized copy of the database. */
static void setup(void)
{
	struct ej_err err = { 0 };
	struct ej_db *db;
	unsigned char *p;
	ej_day today = 0;

	ej_day_from_ymd(2025, 10, 15, &today);
	ej_config_defaults(&cfg, today);
	db = ej_db_open(":memory:", EJ_DB_CREATE, &err);
	if (!db)
		die("ej_db_open", err.msg);
	import_base(db, "students.csv", base_students, sizeof(base_students) - 1);
	import_base(db, "curriculum.csv", base_curriculum, sizeof(base_curriculum) - 1);
	import_base(db, "lessons.csv", base_lessons, sizeof(base_lessons) - 1);
	p = sqlite3_serialize(db->h, "main", &image_len, 0);
	if (!p || image_len <= 0)
		die("sqlite3_serialize", sqlite3_errmsg(db->h));
	image = ej_malloc((size_t)image_len);
	memcpy(image, p, (size_t)image_len);
	sqlite3_free(p);
	ej_db_close(db);
}

/* A fresh connection holding a private copy of the college, set up the way
** ej_db_open sets up its connections (foreign keys on). */
static struct ej_db *restore(void)
{
	struct ej_db *db = ej_calloc(1, sizeof(*db));
	unsigned char *copy;

	db->path = ej_strdup(":memory:");
	if (sqlite3_open_v2(":memory:", &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		die("sqlite3_open_v2", db->h ? sqlite3_errmsg(db->h) : NULL);
	copy = sqlite3_malloc64((sqlite3_uint64)image_len);
	if (!copy)
		die("sqlite3_malloc64", "out of memory");
	memcpy(copy, image, (size_t)image_len);
	if (sqlite3_deserialize(db->h, "main", copy, image_len, image_len,
				SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE)
	    != SQLITE_OK)
		die("sqlite3_deserialize", sqlite3_errmsg(db->h));
	sqlite3_extended_result_codes(db->h, 1);
	if (sqlite3_exec(db->h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
		die("PRAGMA foreign_keys", sqlite3_errmsg(db->h));
	return db;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ej_db *db;
	struct ej_err err = { 0 };
	struct ej_import_opts o;
	struct ej_import_result res;
	bool imported;
	int rc;

	if (size > 65536)
		return 0;
	if (!image)
		setup();
	db = restore();

	/* The input itself (the file name, which breaks kind ties, taken from
	** the input); then, when it was imported, again as a later export with a
	** line end appended (a file with the same checksum would be skipped):
	** the rows meet the stored ones (history).  A rejected input is not
	** tried twice: the database is unchanged, so it would fail the same way. */
	memset(&o, 0, sizeof(o));
	rc = ej_import_mem(db, &cfg, size && (data[size - 1] & 1) ? "grid.csv" : "marks.csv",
			   (const char *)data, size, &o, NULL, &res, &err);
	if (rc == EJ_EDATA && res.nerrors == 0)
		abort();                       /* rejected without saying why */
	imported = rc == EJ_OK && res.batch != 0;
	ej_import_result_release(&res);
	if (imported) {
		bool utf16 = size >= 2 && data[0] == 0xFF && data[1] == 0xFE;
		char *again = ej_malloc(size + 4);

		memcpy(again, data, size);
		memcpy(again + size, utf16 ? "\r\0\n\0" : "\r\n", utf16 ? 4 : 2);
		o.as_of = "30.11.2025 18:00";
		o.chunk = 1 + size % 61;       /* another CSV feed size */
		rc = ej_import_mem(db, &cfg, "export2.csv", again, size + (utf16 ? 4 : 2), &o,
				   NULL, &res, &err);
		if (rc == EJ_EDATA && res.nerrors == 0)
			abort();
		ej_import_result_release(&res);
		free(again);
	}

	ej_db_close(db);
	return 0;
}
