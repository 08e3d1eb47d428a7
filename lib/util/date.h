/*
** date.h — civil dates and timestamps, as the college writes them.
**
** A day is a count of days since 1970-01-01 (proleptic Gregorian); a time is
** seconds since 1970-01-01 00:00:00 in the college's local civil time (no
** time zones: the exports carry none).  Both order and subtract naturally.
** The database stores them as ISO text ('YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS').
*/
#ifndef EJ_UTIL_DATE_H
#define EJ_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t ej_day;
typedef int64_t ej_time;

#define EJ_DAY_NONE  INT32_MIN
#define EJ_TIME_NONE INT64_MIN
#define EJ_DAY_SECONDS 86400

/* Validating constructor: 0 on success, -1 for an impossible date. */
int ej_day_from_ymd(int y, int m, int d, ej_day *out);
void ej_day_to_ymd(ej_day day, int *y, int *m, int *d);
/* 1 = Monday … 7 = Sunday. */
int ej_day_weekday(ej_day day);

/*
** Parse a date: ДД.ММ.ГГГГ, ДД.ММ.ГГ (20ГГ), ГГГГ-ММ-ДД; surrounding blanks
** allowed, nothing else.  s need not be NUL-terminated (n bytes).
** Returns 0, or -1 when the text is not a valid date.
*/
int ej_date_parse(const char *s, size_t n, ej_day *out);

/*
** Parse a short grid date ДД.ММ, taking the year from the academic year that
** starts in start_year: September–December → start_year, January–August →
** start_year + 1.  Also accepts the full forms of ej_date_parse.
*/
int ej_date_parse_short(const char *s, size_t n, int start_year, ej_day *out);

/*
** Parse a timestamp: a date as above, optionally followed by ' ЧЧ:ММ' or
** ' ЧЧ:ММ:СС', or ISO 'ГГГГ-ММ-ДДTЧЧ:ММ[:СС]'.  A bare date means 00:00:00.
*/
int ej_time_parse(const char *s, size_t n, ej_time *out);

ej_time ej_time_from_day(ej_day day);          /* midnight */
ej_day ej_time_day(ej_time t);                 /* floor to the day */

/* Formatting into caller buffers (always NUL-terminated). */
void ej_day_iso(ej_day day, char out[11]);     /* 2025-10-14 */
void ej_day_ru(ej_day day, char out[11]);      /* 14.10.2025 */
void ej_day_ru_short(ej_day day, char out[6]); /* 14.10 */
void ej_time_iso(ej_time t, char out[20]);     /* 2025-10-14 18:04:00 */

/* Russian month names: 1 → «январь» (nominative), «января» (genitive). */
/* $SOURCE_DATE_EPOCH (reproducible output): true and *out when it is a whole
** number ≥ 0. */
bool ej_source_date_epoch(long long *out);

const char *ej_month_name(int month);
const char *ej_month_name_gen(int month);

#endif
