/*
 * date.c - day-number dates, the two date spellings deliveries use, and the
 * one spelling the API takes.
 *
 * Conversion uses the era-based civil calendar algorithm (H. Hinnant), which
 * is exact for the proleptic Gregorian calendar and needs no tables or libc
 * time functions, so it is independent of time zone and locale.
 */
#include "core/date.h"

#include <stdio.h>

#include "core/values.h"

#define YEAR_MIN 1800
#define YEAR_MAX 2200

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && is_leap(y)) ? 29 : dim[m - 1];
}

bool sl_date_from_ymd(int year, int month, int day, sl_date *out)
{
    /* The range keeps the arithmetic below far from int overflow. */
    if (year < -100000 || year > 100000 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month))
        return false;
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (month + 9) % 12; /* March = 0, so the leap day ends the year */
    int64_t doy = (153 * mp + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    if (out)
        *out = (sl_date)(era * 146097 + doe - 719468);
    return true;
}

void sl_date_to_ymd(sl_date d, int *year, int *month, int *day)
{
    int64_t z = (int64_t)d + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    int64_t yy = yoe + era * 400 + (mm <= 2);
    if (year)
        *year = (int)yy;
    if (month)
        *month = (int)mm;
    if (day)
        *day = (int)dd;
}

/* Reads 1..maxd ASCII digits at s[*i]; returns the count read (0 = none). */
static int read_num(const char *s, size_t len, size_t *i, int maxd, int *val)
{
    int n = 0, v = 0;
    while (*i < len && n < maxd && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    *val = v;
    return n;
}

/* A day number for y-m-d, or false with the reason a person can act on. */
static bool checked_date(int y, int m, int d, sl_date *out, const char **reason)
{
    if (y < YEAR_MIN || y > YEAR_MAX) {
        *reason = "jaar moet tussen 1800 en 2200 liggen";
        return false;
    }
    if (m < 1 || m > 12) {
        *reason = "maand moet tussen 1 en 12 liggen";
        return false;
    }
    if (d < 1 || d > days_in_month(y, m)) {
        *reason = "deze dag bestaat niet in die maand";
        return false;
    }
    return sl_date_from_ymd(y, m, d, out);
}

bool sl_date_parse(const char *s, size_t len, sl_date *out, const char **reason)
{
    static const char *const bad_form = "verwacht 2021-08-31 of 31-08-2021";
    const char *dummy;
    if (!reason)
        reason = &dummy;
    if (!s)
        len = 0;
    sl_trim(&s, &len);
    if (len == 0) {
        *reason = "datum is leeg";
        return false;
    }
    size_t i = 0;
    int a, b, c, y, m, d;
    int na = read_num(s, len, &i, 4, &a);
    if (na == 0 || i >= len || (s[i] != '-' && s[i] != '/')) {
        *reason = bad_form;
        return false;
    }
    char sep = s[i++];
    int nb = read_num(s, len, &i, 2, &b);
    if (nb == 0 || i >= len || s[i] != sep) {
        *reason = bad_form;
        return false;
    }
    i++;
    int nc = read_num(s, len, &i, 4, &c);
    if (i != len || nc == 0) {
        *reason = bad_form;
        return false;
    }
    if (na == 4 && nc <= 2) { /* ISO: year first */
        y = a;
        m = b;
        d = c;
    } else if (na <= 2 && nc == 4) { /* Dutch: day first */
        d = a;
        m = b;
        y = c;
    } else {
        *reason = bad_form;
        return false;
    }
    return checked_date(y, m, d, out, reason);
}

bool sl_date_parse_iso(const char *s, size_t len, sl_date *out, const char **reason)
{
    const char *dummy;
    if (!reason)
        reason = &dummy;
    if (!s || len == 0) {
        *reason = "datum is leeg";
        return false;
    }
    /* Exactly YYYY-MM-DD: no spaces, no other separator, no day-first order. */
    size_t i = 0;
    int y, m, d;
    if (len != 10 || read_num(s, len, &i, 4, &y) != 4 || s[i++] != '-' ||
        read_num(s, len, &i, 2, &m) != 2 || s[i++] != '-' ||
        read_num(s, len, &i, 2, &d) != 2) {
        *reason = SL_DATE_ISO_FORM;
        return false;
    }
    return checked_date(y, m, d, out, reason);
}

void sl_date_format(sl_date d, char buf[11])
{
    int y, m, dd;
    if (d == SL_DATE_NONE) {
        buf[0] = '\0';
        return;
    }
    sl_date_to_ymd(d, &y, &m, &dd);
    if (y < 0 || y > 9999) /* keep the promised 10 characters */
        y = m = dd = 0;
    /* by hand, not snprintf: an import formats two dates for each of a million rows */
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + dd / 10);
    buf[9] = (char)('0' + dd % 10);
    buf[10] = '\0';
}

int sl_date_weekday(sl_date d)
{
    /* 1970-01-01 was a Thursday (3); floor modulo for days before it */
    int w = (int)(((int64_t)d + 3) % 7);
    return w < 0 ? w + 7 : w;
}

sl_date sl_date_week_start(sl_date d)
{
    return d - sl_date_weekday(d);
}

void sl_date_iso_week(sl_date d, int *iso_year, int *week)
{
    sl_date thursday = sl_date_week_start(d) + 3;
    int y;
    sl_date_to_ymd(thursday, &y, NULL, NULL);
    sl_date jan1;
    if (!sl_date_from_ymd(y, 1, 1, &jan1))
        jan1 = thursday; /* unreachable for a real year */
    if (iso_year)
        *iso_year = y;
    if (week)
        *week = (int)((thursday - jan1) / 7) + 1;
}
