/*
 * calendar.h - Dutch public holidays, working days and the length of a term
 * as the Algemene termijnenwet (Atw) counts it. Pure: no clock, no I/O; the
 * caller passes every date and the extra days a decree adds.
 *
 * Shared by terms (core/termijn.h), the Awb penalty (core/dwangsom.h) and the
 * joint-inspection planner: the working-day functions take any calendar.
 *
 * A working day is a day that is not a Saturday, Sunday, public holiday
 * (SPEC §4.5: New Year's Day, Good Friday, Easter Monday, King's Day, 5 May,
 * Ascension Day, Whit Monday, Christmas Day, Boxing Day) or an extra day of
 * the calendar. 5 May counts every year, as the Atw counts it.
 */
#ifndef SL_CORE_CALENDAR_H
#define SL_CORE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

/*
 * A calendar: the fixed holidays plus the extra non-working days the caller
 * supplies (days equated with a holiday by decree, Atw art. 3). The array is
 * borrowed and must outlive the calendar; an all-zero calendar has none.
 */
typedef struct sl_calendar {
    const sl_date *extra; /* strictly ascending */
    size_t n_extra;
} sl_calendar;

/* A calendar with these extra days; false when they are not strictly ascending. */
bool sl_calendar_make(const sl_date *extra, size_t n_extra, sl_calendar *out);

/* Easter Sunday of a Gregorian year (1583..9999); false outside that range. */
bool sl_easter_sunday(int year, sl_date *out);

/*
 * The Dutch name of the holiday on d ("Koningsdag", "Tweede Paasdag", ...),
 * "extra vrije dag" for an extra day of the calendar, or NULL when d is no
 * holiday. A weekend day can be a holiday too (5 May 2024 was a Sunday).
 */
const char *sl_calendar_holiday(const sl_calendar *cal, sl_date d);

/*
 * The holidays of one year, in date order, into out (at most cap); returns
 * how many there are (the fixed ones only: 9, a day twice when
 * Ascension falls on 5 May), so a caller can size out.
 */
size_t sl_calendar_holidays_of_year(int year, sl_date *out, size_t cap);

/* Not a Saturday, Sunday, holiday or extra day. */
bool sl_calendar_is_working_day(const sl_calendar *cal, sl_date d);

/* d when it is a working day, else the first working day after it. */
sl_date sl_calendar_next_working_day(const sl_calendar *cal, sl_date d);
/* d when it is a working day, else the last working day before it. */
sl_date sl_calendar_previous_working_day(const sl_calendar *cal, sl_date d);

/*
 * The n-th working day after d (n > 0) or before it (n < 0); d itself for 0.
 * d itself never counts, working day or not.
 */
sl_date sl_calendar_add_working_days(const sl_calendar *cal, sl_date d, int32_t n);

/*
 * The working days in (a, b]: after a, up to and including b; negative (the
 * count in (b, a]) when b lies before a. O(years), not O(days).
 */
int64_t sl_calendar_working_days_between(const sl_calendar *cal, sl_date a, sl_date b);

/* The unit a term is expressed in. */
typedef enum sl_term_unit {
    SL_UNIT_DAYS,
    SL_UNIT_WORKING_DAYS,
    SL_UNIT_WEEKS,
    SL_UNIT_MONTHS,
} sl_term_unit;

/* "dagen", "werkdagen", "weken", "maanden". */
const char *sl_term_unit_name(sl_term_unit u);

/* The largest length accepted per unit: far beyond any real term, far from overflow. */
#define SL_TERM_MAX_DAYS 36600
#define SL_TERM_MAX_WEEKS 5230
#define SL_TERM_MAX_MONTHS 1200

/*
 * n units after d (backwards: before it), without any Atw rule: N days after
 * an event end N days after the event's day; a month end that does not exist
 * falls back to that month's last day (31 January + 1 month = 28 or 29
 * February). Working days as sl_calendar_add_working_days. False when n is
 * negative or above the unit's maximum.
 */
bool sl_calendar_add(const sl_calendar *cal, sl_date d, int32_t n, sl_term_unit unit,
                     bool backwards, sl_date *out);

/*
 * Whether the Atw applies to a term of n units: it must be statutory and
 * counted forwards, and not longer than 90 days, 12 weeks or 3 months.
 * (Terms in hours are not modelled: no shipped term is one, and the Atw never
 * applies to them.) A term in working days already ends on a working day.
 */
bool sl_atw_applies(int32_t n, sl_term_unit unit, bool statutory, bool backwards);

/*
 * The Atw rules on a term of n units after the event that would end on
 * `end` (art. 1 and 2 below); `end` itself when sl_atw_applies is false for
 * a statutory, forward term. For a caller that moved the end itself (an
 * extension, a suspension).
 */
sl_date sl_atw_stretch(const sl_calendar *cal, sl_date event, sl_date end, int32_t n,
                       sl_term_unit unit);

/*
 * The last day of a term of n units after the event (before it when
 * backwards), stretched by the Atw where sl_atw_applies:
 *   art. 1: an end on a Saturday, Sunday or holiday runs to the next day that
 *           is none of these;
 *   art. 2: a term of 3 days or more holds at least 2 such days, the event's
 *           day not counted.
 * False (and *out untouched) for a negative or too long n.
 */
bool sl_term_end(const sl_calendar *cal, sl_date event, int32_t n, sl_term_unit unit,
                 bool statutory, bool backwards, sl_date *out);

#endif
