/*
 * calendar.c - holidays from the year alone (Easter by the Meeus/Jones/
 * Butcher algorithm), so any year needs no table, and working days counted
 * per week and per year rather than per day.
 */
#include "core/calendar.h"

enum { SATURDAY = 5, SUNDAY = 6 };

bool sl_calendar_make(const sl_date *extra, size_t n_extra, sl_calendar *out)
{
    for (size_t i = 1; i < n_extra; i++)
        if (extra[i] <= extra[i - 1])
            return false;
    out->extra = n_extra ? extra : NULL;
    out->n_extra = n_extra;
    return true;
}

bool sl_easter_sunday(int year, sl_date *out)
{
    if (year < 1583 || year > 9999)
        return false;
    int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return sl_date_from_ymd(year, month, day, out);
}

/* The sovereign's birthday as celebrated: 27 April since 2014, else 30 April; a Sunday moves it a day back. */
static sl_date kings_day(int year)
{
    sl_date d = 0;
    (void)sl_date_from_ymd(year, 4, year >= 2014 ? 27 : 30, &d);
    return sl_date_weekday(d) == SUNDAY ? d - 1 : d;
}

typedef struct holiday {
    sl_date day;
    const char *name;
} holiday;

enum { HOLIDAYS_PER_YEAR = 9 };

/* The fixed holidays of a year in date order; 0 for a year Easter is not computed for. */
static size_t holidays_of(int year, holiday out[HOLIDAYS_PER_YEAR])
{
    sl_date easter, jan1, may5, dec25;
    if (!sl_easter_sunday(year, &easter) || !sl_date_from_ymd(year, 1, 1, &jan1) ||
        !sl_date_from_ymd(year, 5, 5, &may5) || !sl_date_from_ymd(year, 12, 25, &dec25))
        return 0;
    sl_date kd = kings_day(year);
    /* Easter falls 22 March..25 April, so Easter Monday is before King's Day (26/27 April)
     * and Ascension (30 April..3 June) can fall before or after 5 May. */
    holiday h[HOLIDAYS_PER_YEAR] = {
        {jan1, "Nieuwjaarsdag"},      {easter - 2, "Goede Vrijdag"},
        {easter + 1, "Tweede Paasdag"}, {kd, "Koningsdag"},
        {may5, "Bevrijdingsdag"},     {easter + 39, "Hemelvaartsdag"},
        {easter + 50, "Tweede Pinksterdag"}, {dec25, "Eerste Kerstdag"},
        {dec25 + 1, "Tweede Kerstdag"},
    };
    size_t n = 0;
    for (size_t i = 0; i < HOLIDAYS_PER_YEAR; i++) /* sorted below: Ascension moves around 5 May */
        out[n++] = h[i];
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && out[j].day < out[j - 1].day; j--) {
            holiday t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

size_t sl_calendar_holidays_of_year(int year, sl_date *out, size_t cap)
{
    holiday h[HOLIDAYS_PER_YEAR];
    size_t n = holidays_of(year, h);
    for (size_t i = 0; i < n && i < cap; i++)
        out[i] = h[i].day;
    return n;
}

static bool is_extra(const sl_calendar *cal, sl_date d)
{
    if (!cal)
        return false;
    size_t lo = 0, hi = cal->n_extra;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->extra[mid] < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < cal->n_extra && cal->extra[lo] == d;
}

/* The fixed holiday on d, or NULL; checks the month first, as most days are in none. */
static const char *fixed_holiday(sl_date d)
{
    int y, m, day;
    sl_date_to_ymd(d, &y, &m, &day);
    if (m == 1 && day == 1)
        return "Nieuwjaarsdag";
    if (m == 12 && (day == 25 || day == 26))
        return day == 25 ? "Eerste Kerstdag" : "Tweede Kerstdag";
    if (m < 3 || m > 6)
        return NULL;
    holiday h[HOLIDAYS_PER_YEAR];
    size_t n = holidays_of(y, h);
    for (size_t i = 0; i < n; i++)
        if (h[i].day == d)
            return h[i].name;
    return NULL;
}

const char *sl_calendar_holiday(const sl_calendar *cal, sl_date d)
{
    const char *name = fixed_holiday(d);
    if (name)
        return name;
    return is_extra(cal, d) ? "extra vrije dag" : NULL;
}

bool sl_calendar_is_working_day(const sl_calendar *cal, sl_date d)
{
    int wd = sl_date_weekday(d);
    return wd != SATURDAY && wd != SUNDAY && !sl_calendar_holiday(cal, d);
}

sl_date sl_calendar_next_working_day(const sl_calendar *cal, sl_date d)
{
    while (!sl_calendar_is_working_day(cal, d))
        d++;
    return d;
}

sl_date sl_calendar_previous_working_day(const sl_calendar *cal, sl_date d)
{
    while (!sl_calendar_is_working_day(cal, d))
        d--;
    return d;
}

sl_date sl_calendar_add_working_days(const sl_calendar *cal, sl_date d, int32_t n)
{
    int step = n < 0 ? -1 : 1;
    for (int64_t left = n < 0 ? -(int64_t)n : n; left > 0;) {
        d += step;
        if (sl_calendar_is_working_day(cal, d))
            left--;
    }
    return d;
}

/* Mondays..Fridays in (a, b], a <= b. */
static int64_t weekdays_between(sl_date a, sl_date b)
{
    int64_t days = (int64_t)b - a;
    int64_t n = days / 7 * 5;
    for (int64_t i = days / 7 * 7; i < days; i++) {
        int wd = sl_date_weekday((sl_date)(a + 1 + i));
        if (wd != SATURDAY && wd != SUNDAY)
            n++;
    }
    return n;
}

static bool weekday(sl_date d)
{
    int wd = sl_date_weekday(d);
    return wd != SATURDAY && wd != SUNDAY;
}

int64_t sl_calendar_working_days_between(const sl_calendar *cal, sl_date a, sl_date b)
{
    if (b < a)
        return -sl_calendar_working_days_between(cal, b, a);
    int64_t n = weekdays_between(a, b);
    int ya, yb;
    sl_date_to_ymd(a, &ya, NULL, NULL);
    sl_date_to_ymd(b, &yb, NULL, NULL);
    for (int y = ya; y <= yb; y++) {
        holiday h[HOLIDAYS_PER_YEAR];
        size_t k = holidays_of(y, h);
        for (size_t i = 0; i < k; i++)
            /* Ascension can fall on 5 May (2016, 2067): one day off, not two. */
            if (h[i].day > a && h[i].day <= b && weekday(h[i].day) &&
                (i == 0 || h[i].day != h[i - 1].day))
                n--;
    }
    for (size_t i = 0; cal && i < cal->n_extra; i++) {
        sl_date d = cal->extra[i];
        if (d > a && d <= b && weekday(d) && !fixed_holiday(d))
            n--;
    }
    return n;
}

const char *sl_term_unit_name(sl_term_unit u)
{
    switch (u) {
    case SL_UNIT_DAYS: return "dagen";
    case SL_UNIT_WORKING_DAYS: return "werkdagen";
    case SL_UNIT_WEEKS: return "weken";
    case SL_UNIT_MONTHS: return "maanden";
    }
    return "?";
}

static int32_t unit_max(sl_term_unit unit)
{
    switch (unit) {
    case SL_UNIT_DAYS:
    case SL_UNIT_WORKING_DAYS: return SL_TERM_MAX_DAYS;
    case SL_UNIT_WEEKS: return SL_TERM_MAX_WEEKS;
    case SL_UNIT_MONTHS: return SL_TERM_MAX_MONTHS;
    }
    return -1;
}

/* n months after (or before) d; a day the target month lacks becomes its last day. */
static bool add_months(sl_date d, int32_t n, sl_date *out)
{
    int y, m, day;
    sl_date_to_ymd(d, &y, &m, &day);
    int64_t months = (int64_t)y * 12 + (m - 1) + n;
    int ty = (int)(months / 12), tm = (int)(months % 12) + 1;
    sl_date first, next;
    if (!sl_date_from_ymd(ty, tm, 1, &first) ||
        !sl_date_from_ymd(tm == 12 ? ty + 1 : ty, tm == 12 ? 1 : tm + 1, 1, &next))
        return false;
    int last = (int)(next - first);
    *out = first + (day < last ? day : last) - 1;
    return true;
}

bool sl_calendar_add(const sl_calendar *cal, sl_date d, int32_t n, sl_term_unit unit,
                     bool backwards, sl_date *out)
{
    int32_t max = unit_max(unit);
    if (n < 0 || max < 0 || n > max || d == SL_DATE_NONE)
        return false;
    int32_t signed_n = backwards ? -n : n;
    switch (unit) {
    case SL_UNIT_DAYS: *out = d + signed_n; return true;
    case SL_UNIT_WORKING_DAYS: *out = sl_calendar_add_working_days(cal, d, signed_n); return true;
    case SL_UNIT_WEEKS: *out = d + 7 * signed_n; return true;
    case SL_UNIT_MONTHS: return add_months(d, signed_n, out);
    }
    return false;
}

bool sl_atw_applies(int32_t n, sl_term_unit unit, bool statutory, bool backwards)
{
    if (!statutory || backwards)
        return false;
    switch (unit) {
    case SL_UNIT_DAYS: return n <= 90;
    case SL_UNIT_WEEKS: return n <= 12;
    case SL_UNIT_MONTHS: return n <= 3;
    case SL_UNIT_WORKING_DAYS: return false; /* ends on a working day by itself */
    }
    return false;
}

sl_date sl_atw_stretch(const sl_calendar *cal, sl_date event, sl_date end, int32_t n,
                       sl_term_unit unit)
{
    if (!sl_atw_applies(n, unit, true, false))
        return end;
    end = sl_calendar_next_working_day(cal, end); /* art. 1 */
    if (unit != SL_UNIT_DAYS || n >= 3) {         /* art. 2: the event's day not counted */
        sl_date second = sl_calendar_add_working_days(cal, event, 2);
        if (second > end)
            end = second;
    }
    return end;
}

bool sl_term_end(const sl_calendar *cal, sl_date event, int32_t n, sl_term_unit unit,
                 bool statutory, bool backwards, sl_date *out)
{
    sl_date end;
    if (!sl_calendar_add(cal, event, n, unit, backwards, &end))
        return false;
    *out = statutory && !backwards ? sl_atw_stretch(cal, event, end, n, unit) : end;
    return true;
}
