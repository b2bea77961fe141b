/* test_date.c - day numbers, leap years and the ISO/Dutch date spellings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/date.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void known_day_numbers(void **state)
{
    (void)state;
    static const struct { int y, m, d; sl_date n; } cases[] = {
        {1970, 1, 1, 0},      {1969, 12, 31, -1},   {2000, 3, 1, 11017},
        {2021, 8, 31, 18870}, {1800, 1, 1, -62091}, {2200, 12, 31, 84370},
        {2024, 2, 29, 19782},
    };
    for (size_t i = 0; i < N(cases); i++) {
        sl_date d = 12345;
        assert_true(sl_date_from_ymd(cases[i].y, cases[i].m, cases[i].d, &d));
        assert_int_equal(d, cases[i].n);
        int y, m, dd;
        sl_date_to_ymd(cases[i].n, &y, &m, &dd);
        assert_int_equal(y, cases[i].y);
        assert_int_equal(m, cases[i].m);
        assert_int_equal(dd, cases[i].d);
    }
}

static void leap_years(void **state)
{
    (void)state;
    static const struct { int y; bool leap; } cases[] = {
        {1800, false}, {1804, true}, {1900, false}, {1996, true}, {2000, true},
        {2020, true},  {2021, false}, {2023, false}, {2024, true}, {2096, true},
        {2100, false}, {2200, false},
    };
    for (size_t i = 0; i < N(cases); i++) {
        sl_date d;
        assert_int_equal(sl_date_from_ymd(cases[i].y, 2, 29, &d), cases[i].leap);
        assert_true(sl_date_from_ymd(cases[i].y, 2, 28, &d));
        assert_false(sl_date_from_ymd(cases[i].y, 2, 30, &d));
        sl_date mar1, feb28;
        assert_true(sl_date_from_ymd(cases[i].y, 3, 1, &mar1));
        assert_true(sl_date_from_ymd(cases[i].y, 2, 28, &feb28));
        assert_int_equal(mar1 - feb28, cases[i].leap ? 2 : 1);
        /* The year length follows too. */
        sl_date jan1, next;
        assert_true(sl_date_from_ymd(cases[i].y, 1, 1, &jan1));
        assert_true(sl_date_from_ymd(cases[i].y + 1, 1, 1, &next));
        assert_int_equal(next - jan1, cases[i].leap ? 366 : 365);
    }
}

static void invalid_ymd(void **state)
{
    (void)state;
    static const int cases[][3] = {
        {2021, 2, 29}, {2021, 4, 31}, {2021, 6, 31}, {2021, 9, 31}, {2021, 11, 31},
        {2021, 0, 1},  {2021, 13, 1}, {2021, 1, 0},  {2021, 1, 32}, {2021, -1, 5},
    };
    for (size_t i = 0; i < N(cases); i++) {
        sl_date d = 777;
        assert_false(sl_date_from_ymd(cases[i][0], cases[i][1], cases[i][2], &d));
        assert_int_equal(d, 777);
    }
}

/* Every day of the supported range: consecutive numbers, round trip, format, parse. */
static void every_day_round_trips(void **state)
{
    (void)state;
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    sl_date expect = -62091; /* 1800-01-01 */
    long days = 0;
    for (int y = 1800; y <= 2200; y++) {
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        for (int m = 1; m <= 12; m++) {
            int last = dim[m - 1] + (m == 2 && leap);
            for (int d = 1; d <= last; d++) {
                sl_date n;
                assert_true(sl_date_from_ymd(y, m, d, &n));
                assert_int_equal(n, expect);
                int yy, mm, dd;
                sl_date_to_ymd(n, &yy, &mm, &dd);
                assert_true(yy == y && mm == m && dd == d);
                char buf[11];
                sl_date_format(n, buf);
                sl_date back;
                const char *why = NULL;
                assert_true(sl_date_parse(buf, strlen(buf), &back, &why));
                assert_int_equal(back, n);
                expect++;
                days++;
            }
        }
    }
    assert_int_equal(days, 146462); /* 401 years: 401*365 + 97 leap days */
}

static void parses_spellings(void **state)
{
    (void)state;
    static const struct { const char *in; int y, m, d; } cases[] = {
        {"2021-08-31", 2021, 8, 31},   {"31-08-2021", 2021, 8, 31},
        {"31/08/2021", 2021, 8, 31},   {"2021/08/31", 2021, 8, 31},
        {" 2021-08-31 ", 2021, 8, 31}, {"\t31-08-2021\r\n", 2021, 8, 31},
        {"1-8-2021", 2021, 8, 1},      {"2021-8-1", 2021, 8, 1},
        {"29-02-2024", 2024, 2, 29},   {"2000-02-29", 2000, 2, 29},
        {"1800-01-01", 1800, 1, 1},    {"31-12-2200", 2200, 12, 31},
        {"01-01-1970", 1970, 1, 1},
    };
    for (size_t i = 0; i < N(cases); i++) {
        sl_date d, want;
        const char *why = NULL;
        assert_true(sl_date_from_ymd(cases[i].y, cases[i].m, cases[i].d, &want));
        if (!sl_date_parse(cases[i].in, strlen(cases[i].in), &d, &why))
            fail_msg("'%s' refused: %s", cases[i].in, why);
        assert_int_equal(d, want);
    }
}

static void refuses_with_reason(void **state)
{
    (void)state;
    static const struct { const char *in, *frag; } cases[] = {
        {"31-02-2021", "bestaat niet"}, {"2021-02-29", "bestaat niet"},
        {"29-02-1900", "bestaat niet"}, {"2100-02-29", "bestaat niet"},
        {"31-04-2021", "bestaat niet"}, {"00-01-2021", "bestaat niet"},
        {"2021-01-00", "bestaat niet"}, {"2021-13-01", "maand"},
        {"2021-00-10", "maand"},        {"1799-12-31", "1800"},
        {"2201-01-01", "2200"},         {"0000-01-01", "1800"},
        {"", "leeg"},                   {"   ", "leeg"},
        {"2021-08-31x", "verwacht"},    {"2021-08/31", "verwacht"},
        {"21-08-31", "verwacht"},       {"31-08-21", "verwacht"},
        {"2021.08.31", "verwacht"},     {"2021-008-31", "verwacht"},
        {"20210831", "verwacht"},       {"gisteren", "verwacht"},
        {"2021-08-31T10:00", "verwacht"}, {"2021 08 31", "verwacht"},
        {"-2021-08-31", "verwacht"},    {"2021--08-31", "verwacht"},
        {"31-08-20210", "verwacht"},    {"131-08-2021", "verwacht"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        sl_date d = 4242;
        const char *why = NULL;
        if (sl_date_parse(cases[i].in, strlen(cases[i].in), &d, &why))
            fail_msg("'%s' accepted", cases[i].in);
        assert_non_null(why);
        if (!strstr(why, cases[i].frag))
            fail_msg("'%s': reason '%s' lacks '%s'", cases[i].in, why, cases[i].frag);
    }
}

static void reads_only_len_bytes(void **state)
{
    (void)state;
    const char buf[] = "2021-08-31999";
    sl_date d, want;
    assert_true(sl_date_from_ymd(2021, 8, 31, &want));
    assert_true(sl_date_parse(buf, 10, &d, NULL));
    assert_int_equal(d, want);
    /* Nine bytes are "2021-08-3": the third of August, not the 31st. */
    assert_true(sl_date_from_ymd(2021, 8, 3, &want));
    assert_true(sl_date_parse(buf, 9, &d, NULL));
    assert_int_equal(d, want);
    assert_false(sl_date_parse(buf, 11, &d, NULL));
    assert_false(sl_date_parse(NULL, 0, &d, NULL));
}

static void formats_with_zeros(void **state)
{
    (void)state;
    char buf[11];
    sl_date d;
    assert_true(sl_date_from_ymd(2021, 8, 1, &d));
    sl_date_format(d, buf);
    assert_string_equal(buf, "2021-08-01");
    assert_true(sl_date_from_ymd(1800, 1, 9, &d));
    sl_date_format(d, buf);
    assert_string_equal(buf, "1800-01-09");
    sl_date_format(SL_DATE_NONE, buf);
    assert_string_equal(buf, "");
}

/* ISO 8601 weeks: Monday first; week 1 holds the year's first Thursday. */
/* The API's parser: one spelling only, refused with the form it wants. */
static void iso_only(void **state)
{
    (void)state;
    static const struct { const char *in; int y, m, d; } ok[] = {
        {"2026-12-06", 2026, 12, 6}, {"2024-02-29", 2024, 2, 29},
        {"1800-01-01", 1800, 1, 1},  {"2200-12-31", 2200, 12, 31},
    };
    for (size_t i = 0; i < N(ok); i++) {
        sl_date d = 0, want;
        const char *why = NULL;
        assert_true(sl_date_from_ymd(ok[i].y, ok[i].m, ok[i].d, &want));
        if (!sl_date_parse_iso(ok[i].in, strlen(ok[i].in), &d, &why))
            fail_msg("'%s' refused: %s", ok[i].in, why);
        assert_int_equal(d, want);
    }
    static const struct { const char *in, *frag; } bad[] = {
        {"06-12-2026", "2026-12-06"},  {"6-12-2026", "2026-12-06"},
        {"2026/12/06", "2026-12-06"},  {"2026-12-6", "2026-12-06"},
        {"2026-1-06", "2026-12-06"},   {" 2026-12-06", "2026-12-06"},
        {"2026-12-06 ", "2026-12-06"}, {"2026-12-06T10:00:00Z", "2026-12-06"},
        {"20261206", "2026-12-06"},    {"+2026-12-06", "2026-12-06"},
        {"2026-12-0a", "2026-12-06"},  {"2026-12--6", "2026-12-06"},
        {"", "leeg"},                  {"2021-02-29", "bestaat niet"},
        {"2021-13-01", "maand"},       {"2021-00-10", "maand"},
        {"1799-12-31", "jaar"},        {"2201-01-01", "jaar"},
    };
    for (size_t i = 0; i < N(bad); i++) {
        sl_date d = 4242;
        const char *why = NULL;
        if (sl_date_parse_iso(bad[i].in, strlen(bad[i].in), &d, &why))
            fail_msg("'%s' accepted", bad[i].in);
        if (!why || !strstr(why, bad[i].frag))
            fail_msg("'%s': reason '%s' lacks '%s'", bad[i].in, why ? why : "(none)",
                     bad[i].frag);
        assert_int_equal(d, 4242);
    }
    /* reads only len bytes: the date inside a longer query string */
    const char *q = "2026-12-06&x=1";
    sl_date d;
    assert_true(sl_date_parse_iso(q, 10, &d, NULL));
    assert_false(sl_date_parse_iso(NULL, 0, &d, NULL));
    /* the delivery parser still takes the Dutch order */
    assert_true(sl_date_parse("06-12-2026", 10, &d, NULL));
}

static void iso_weeks(void **state)
{
    (void)state;
    static const struct { int y, m, d, iy, w, wd; } cases[] = {
        {2026, 12, 31, 2026, 53, 3}, {2027, 1, 3, 2026, 53, 6}, {2027, 1, 4, 2027, 1, 0},
        {2021, 1, 3, 2020, 53, 6},   {2019, 12, 30, 2020, 1, 0}, {2026, 11, 16, 2026, 47, 0},
        {2026, 11, 22, 2026, 47, 6}, {1969, 12, 29, 1970, 1, 0}, {1970, 1, 1, 1970, 1, 3},
        {2200, 12, 31, 2201, 1, 2},  {1800, 1, 1, 1800, 1, 2},
    };
    for (size_t i = 0; i < N(cases); i++) {
        sl_date d;
        assert_true(sl_date_from_ymd(cases[i].y, cases[i].m, cases[i].d, &d));
        int iy = 0, w = 0;
        sl_date_iso_week(d, &iy, &w);
        assert_int_equal(iy, cases[i].iy);
        assert_int_equal(w, cases[i].w);
        assert_int_equal(sl_date_weekday(d), cases[i].wd);
        assert_int_equal(sl_date_week_start(d), d - cases[i].wd);
    }
    /* every day: the week number goes up by one on each Monday, or restarts at 1 */
    sl_date from, to;
    assert_true(sl_date_from_ymd(1800, 1, 1, &from));
    assert_true(sl_date_from_ymd(2200, 12, 31, &to));
    int py, pw;
    sl_date_iso_week(from, &py, &pw);
    for (sl_date d = from + 1; d <= to; d++) {
        int iy, w;
        sl_date_iso_week(d, &iy, &w);
        if (sl_date_weekday(d) != 0) {
            assert_int_equal(iy, py);
            assert_int_equal(w, pw);
        } else if (w == 1) {
            assert_int_equal(iy, py + 1);
            assert_true(pw == 52 || pw == 53);
        } else {
            assert_int_equal(iy, py);
            assert_int_equal(w, pw + 1);
        }
        py = iy;
        pw = w;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_day_numbers),  cmocka_unit_test(leap_years),
        cmocka_unit_test(invalid_ymd),        cmocka_unit_test(every_day_round_trips),
        cmocka_unit_test(parses_spellings),   cmocka_unit_test(refuses_with_reason),
        cmocka_unit_test(reads_only_len_bytes), cmocka_unit_test(formats_with_zeros),
        cmocka_unit_test(iso_weeks),          cmocka_unit_test(iso_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
