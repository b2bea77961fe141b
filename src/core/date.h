/*
 * date.h - calendar dates as a day number, parsed from deliveries.
 *
 * A date is the number of days since 1970-01-01 (proleptic Gregorian), so
 * that differences and comparisons are plain integer arithmetic. SL_DATE_NONE
 * marks an absent date. Pure: no clock is read here; "today" is always passed in.
 */
#ifndef SL_CORE_DATE_H
#define SL_CORE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t sl_date;
#define SL_DATE_NONE INT32_MIN

/* Day number of a valid year/month/day; false when the date does not exist. */
bool sl_date_from_ymd(int year, int month, int day, sl_date *out);
void sl_date_to_ymd(sl_date d, int *year, int *month, int *day);

/*
 * Parses ISO `2021-08-31` or Dutch `31-08-2021` (also with '/' as separator);
 * surrounding spaces are ignored. Years 1800-2200 only. Returns false and sets
 * *reason to a short Dutch explanation when the text is not such a date.
 * `s` need not be NUL-terminated; `len` bytes are read.
 */
bool sl_date_parse(const char *s, size_t len, sl_date *out, const char **reason);

/*
 * Parses exactly `YYYY-MM-DD` (ISO 8601 / RFC 3339 full-date), nothing else:
 * no Dutch order, no '/', no surrounding spaces. For the API, whose requests
 * are not deliveries: `06-12-2026` there is refused rather than guessed.
 * Same year range and reasons as sl_date_parse; a text of another form gets
 * SL_DATE_ISO_FORM, which names the form expected.
 */
#define SL_DATE_ISO_FORM "een datum als 2026-12-06 (JJJJ-MM-DD)"
bool sl_date_parse_iso(const char *s, size_t len, sl_date *out, const char **reason);

/* Writes `YYYY-MM-DD` and a NUL into buf (at least 11 bytes). */
void sl_date_format(sl_date d, char buf[11]);

/* Day of the week, Monday 0 .. Sunday 6 (ISO 8601 order). */
int sl_date_weekday(sl_date d);
/* The Monday of d's ISO 8601 week. */
sl_date sl_date_week_start(sl_date d);
/*
 * d's ISO 8601 week: the week-numbering year (that of the week's Thursday,
 * so 2027-01-01 is in 2026-W53) and the week 1..53.
 */
void sl_date_iso_week(sl_date d, int *iso_year, int *week);

#endif
