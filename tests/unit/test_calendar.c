/*
 * test_calendar.c - Dutch holidays 2019-2030, working days and the Algemene
 * termijnenwet, against dates checked by hand. The Easter dates are typed in
 * from the published table, not computed, so a wrong Easter formula fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/calendar.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static sl_date D(const char *iso)
{
    sl_date d = SL_DATE_NONE;
    assert_true(sl_date_parse_iso(iso, strlen(iso), &d, NULL));
    return d;
}

static void assert_date(sl_date got, const char *want)
{
    char buf[11];
    sl_date_format(got, buf);
    assert_string_equal(buf, want);
}

/* Per year: Easter Sunday (published), then the nine holidays in date order. */
static const struct {
    int year;
    const char *easter;
    const char *days[9];
} holidays[] = {
    {2019, "2019-04-21", {"2019-01-01", "2019-04-19", "2019-04-22", "2019-04-27", "2019-05-05",
                          "2019-05-30", "2019-06-10", "2019-12-25", "2019-12-26"}},
    {2020, "2020-04-12", {"2020-01-01", "2020-04-10", "2020-04-13", "2020-04-27", "2020-05-05",
                          "2020-05-21", "2020-06-01", "2020-12-25", "2020-12-26"}},
    {2021, "2021-04-04", {"2021-01-01", "2021-04-02", "2021-04-05", "2021-04-27", "2021-05-05",
                          "2021-05-13", "2021-05-24", "2021-12-25", "2021-12-26"}},
    {2022, "2022-04-17", {"2022-01-01", "2022-04-15", "2022-04-18", "2022-04-27", "2022-05-05",
                          "2022-05-26", "2022-06-06", "2022-12-25", "2022-12-26"}},
    {2023, "2023-04-09", {"2023-01-01", "2023-04-07", "2023-04-10", "2023-04-27", "2023-05-05",
                          "2023-05-18", "2023-05-29", "2023-12-25", "2023-12-26"}},
    {2024, "2024-03-31", {"2024-01-01", "2024-03-29", "2024-04-01", "2024-04-27", "2024-05-05",
                          "2024-05-09", "2024-05-20", "2024-12-25", "2024-12-26"}},
    /* 27 April 2025 is a Sunday: King's Day on Saturday 26 April */
    {2025, "2025-04-20", {"2025-01-01", "2025-04-18", "2025-04-21", "2025-04-26", "2025-05-05",
                          "2025-05-29", "2025-06-09", "2025-12-25", "2025-12-26"}},
    {2026, "2026-04-05", {"2026-01-01", "2026-04-03", "2026-04-06", "2026-04-27", "2026-05-05",
                          "2026-05-14", "2026-05-25", "2026-12-25", "2026-12-26"}},
    {2027, "2027-03-28", {"2027-01-01", "2027-03-26", "2027-03-29", "2027-04-27", "2027-05-05",
                          "2027-05-06", "2027-05-17", "2027-12-25", "2027-12-26"}},
    {2028, "2028-04-16", {"2028-01-01", "2028-04-14", "2028-04-17", "2028-04-27", "2028-05-05",
                          "2028-05-25", "2028-06-05", "2028-12-25", "2028-12-26"}},
    {2029, "2029-04-01", {"2029-01-01", "2029-03-30", "2029-04-02", "2029-04-27", "2029-05-05",
                          "2029-05-10", "2029-05-21", "2029-12-25", "2029-12-26"}},
    {2030, "2030-04-21", {"2030-01-01", "2030-04-19", "2030-04-22", "2030-04-27", "2030-05-05",
                          "2030-05-30", "2030-06-10", "2030-12-25", "2030-12-26"}},
};

static void easter_from_the_published_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(holidays); i++) {
        sl_date e;
        assert_true(sl_easter_sunday(holidays[i].year, &e));
        assert_date(e, holidays[i].easter);
    }
    sl_date e;
    assert_false(sl_easter_sunday(1582, &e));
}

static void every_holiday_of_every_year(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(holidays); i++) {
        sl_date got[12];
        assert_int_equal(sl_calendar_holidays_of_year(holidays[i].year, got, N(got)), 9);
        for (size_t k = 0; k < 9; k++) {
            assert_date(got[k], holidays[i].days[k]);
            assert_non_null(sl_calendar_holiday(NULL, got[k]));
            assert_false(sl_calendar_is_working_day(NULL, got[k]));
        }
        /* and no other day of the year is one */
        sl_date jan1, dec31;
        assert_true(sl_date_from_ymd(holidays[i].year, 1, 1, &jan1));
        assert_true(sl_date_from_ymd(holidays[i].year, 12, 31, &dec31));
        int count = 0;
        for (sl_date d = jan1; d <= dec31; d++)
            count += sl_calendar_holiday(NULL, d) != NULL;
        assert_int_equal(count, 9);
    }
}

static void names_and_kings_day(void **state)
{
    (void)state;
    assert_string_equal(sl_calendar_holiday(NULL, D("2025-04-26")), "Koningsdag");
    assert_null(sl_calendar_holiday(NULL, D("2025-04-27")));
    assert_string_equal(sl_calendar_holiday(NULL, D("2024-04-27")), "Koningsdag");
    assert_string_equal(sl_calendar_holiday(NULL, D("2029-03-30")), "Goede Vrijdag");
    assert_string_equal(sl_calendar_holiday(NULL, D("2026-04-06")), "Tweede Paasdag");
    assert_string_equal(sl_calendar_holiday(NULL, D("2027-05-06")), "Hemelvaartsdag");
    assert_string_equal(sl_calendar_holiday(NULL, D("2028-06-05")), "Tweede Pinksterdag");
    assert_string_equal(sl_calendar_holiday(NULL, D("2030-12-26")), "Tweede Kerstdag");
    /* 5 May every year, not only each fifth: Tuesday 5 May 2026 */
    assert_string_equal(sl_calendar_holiday(NULL, D("2026-05-05")), "Bevrijdingsdag");
    assert_false(sl_calendar_is_working_day(NULL, D("2026-05-05")));
    /* Easter Sunday and Whit Sunday are Sundays, not holidays of the list */
    assert_null(sl_calendar_holiday(NULL, D("2025-04-20")));
    assert_true(sl_calendar_is_working_day(NULL, D("2025-04-22")));
}

static void holidays_on_weekends(void **state)
{
    (void)state;
    /* 5 May 2024 a Sunday, Christmas 2027 a Saturday, New Year 2022 a Saturday */
    static const char *const days[] = {"2024-05-05", "2027-12-25", "2022-01-01", "2025-04-26"};
    for (size_t i = 0; i < N(days); i++) {
        sl_date d = D(days[i]);
        assert_true(sl_date_weekday(d) >= 5);
        assert_non_null(sl_calendar_holiday(NULL, d));
        assert_false(sl_calendar_is_working_day(NULL, d));
    }
    /* a holiday on a weekend takes no working day: the week of 5 May 2024 has 4 (Ascension) */
    assert_int_equal(sl_calendar_working_days_between(NULL, D("2024-05-05"), D("2024-05-12")), 4);
}

static void ascension_on_5_may_is_one_day(void **state)
{
    (void)state;
    sl_date d[12];
    assert_int_equal(sl_calendar_holidays_of_year(2016, d, N(d)), 9);
    assert_date(d[4], "2016-05-05");
    assert_date(d[5], "2016-05-05");
    /* Mon 2 .. Fri 6 May 2016: Thursday 5 May is off once */
    assert_int_equal(sl_calendar_working_days_between(NULL, D("2016-05-01"), D("2016-05-06")), 4);
}

static void extra_days_from_configuration(void **state)
{
    (void)state;
    static sl_date extra[2];
    extra[0] = D("2025-05-30"); /* the Friday after Ascension */
    extra[1] = D("2025-12-24");
    sl_calendar cal;
    assert_true(sl_calendar_make(extra, 2, &cal));
    assert_string_equal(sl_calendar_holiday(&cal, extra[0]), "extra vrije dag");
    assert_false(sl_calendar_is_working_day(&cal, extra[0]));
    assert_true(sl_calendar_is_working_day(NULL, extra[0]));
    assert_date(sl_calendar_add_working_days(&cal, D("2025-05-28"), 1), "2025-06-02");
    assert_date(sl_calendar_add_working_days(NULL, D("2025-05-28"), 1), "2025-05-30");
    assert_int_equal(sl_calendar_working_days_between(&cal, D("2025-12-22"), D("2025-12-31")), 4);
    sl_date unsorted[2] = {extra[1], extra[0]};
    assert_false(sl_calendar_make(unsorted, 2, &cal));
    sl_date twice[2] = {extra[0], extra[0]};
    assert_false(sl_calendar_make(twice, 2, &cal));
}

static void working_days(void **state)
{
    (void)state;
    /* Tuesday 24 December 2024: 25 and 26 off, then the weekend */
    assert_date(sl_calendar_add_working_days(NULL, D("2024-12-24"), 1), "2024-12-27");
    assert_date(sl_calendar_add_working_days(NULL, D("2024-12-24"), 2), "2024-12-30");
    assert_date(sl_calendar_add_working_days(NULL, D("2024-12-27"), -1), "2024-12-24");
    assert_date(sl_calendar_add_working_days(NULL, D("2024-12-25"), 0), "2024-12-25");
    assert_int_equal(sl_calendar_working_days_between(NULL, D("2024-12-20"), D("2025-01-06")), 8);
    assert_int_equal(sl_calendar_working_days_between(NULL, D("2025-01-06"), D("2024-12-20")), -8);
    assert_int_equal(sl_calendar_working_days_between(NULL, D("2025-01-06"), D("2025-01-06")), 0);
    assert_date(sl_calendar_next_working_day(NULL, D("2025-04-26")), "2025-04-28");
    assert_date(sl_calendar_previous_working_day(NULL, D("2025-04-21")), "2025-04-17");
    /* 2019-2030 has 3041 working days (counted from this table in Python) */
    assert_int_equal(sl_calendar_working_days_between(NULL, D("2018-12-31"), D("2030-12-31")),
                     3041);
}

/* The fast count agrees with walking day by day, over spans of every length up to a year. */
static void working_day_count_agrees_with_walking(void **state)
{
    (void)state;
    sl_date from = D("2019-01-01"), to = D("2030-12-31");
    uint32_t seed = 12345;
    for (int i = 0; i < 2000; i++) {
        seed = seed * 1103515245u + 12345u;
        sl_date a = from + (sl_date)(seed % (uint32_t)(to - from));
        seed = seed * 1103515245u + 12345u;
        sl_date b = a + (sl_date)(seed % 400u);
        int64_t walked = 0;
        for (sl_date d = a + 1; d <= b; d++)
            walked += sl_calendar_is_working_day(NULL, d);
        assert_int_equal(sl_calendar_working_days_between(NULL, a, b), walked);
        if (walked > 0)
            assert_true(sl_calendar_add_working_days(NULL, a, (int32_t)walked) <=  b);
    }
}

typedef struct term_case {
    const char *event;
    int32_t n;
    sl_term_unit unit;
    bool statutory, backwards;
    const char *want;
} term_case;

static void atw_terms(void **state)
{
    (void)state;
    static const term_case cases[] = {
        /* 6 weeks (Awb 6:7) ending on a working day: as is */
        {"2025-03-14", 6, SL_UNIT_WEEKS, true, false, "2025-04-25"},
        /* ending on Saturday 26 April 2025 (also King's Day): Monday */
        {"2025-03-15", 6, SL_UNIT_WEEKS, true, false, "2025-04-28"},
        {"2025-03-15", 6, SL_UNIT_WEEKS, false, false, "2025-04-26"},
        /* Christmas 2024 (Wed), Boxing Day: Friday */
        {"2024-11-13", 6, SL_UNIT_WEEKS, true, false, "2024-12-27"},
        /* Easter Monday 2026 */
        {"2026-02-23", 6, SL_UNIT_WEEKS, true, false, "2026-04-07"},
        /* 5 May 2025, a Monday */
        {"2025-03-24", 6, SL_UNIT_WEEKS, true, false, "2025-05-06"},
        /* Ascension 2027 */
        {"2027-03-25", 6, SL_UNIT_WEEKS, true, false, "2027-05-07"},
        /* Good Friday 2029, the weekend, Easter Monday: Tuesday */
        {"2029-02-16", 6, SL_UNIT_WEEKS, true, false, "2029-04-03"},
        /* Whit Monday 2028 */
        {"2028-04-24", 6, SL_UNIT_WEEKS, true, false, "2028-06-06"},
        /* 3 days from a Thursday end on Sunday: Monday (holds Fri and Mon) */
        {"2025-01-09", 3, SL_UNIT_DAYS, true, false, "2025-01-13"},
        /* 3 days from a Friday end on Monday, with one working day: Tuesday (art. 2) */
        {"2025-01-10", 3, SL_UNIT_DAYS, true, false, "2025-01-14"},
        {"2025-01-10", 3, SL_UNIT_DAYS, false, false, "2025-01-13"},
        /* 3 days from Tuesday 24 December 2024 end on Friday 27, one working day: Monday */
        {"2024-12-24", 3, SL_UNIT_DAYS, true, false, "2024-12-30"},
        /* 2-day terms: art. 1 only */
        {"2025-01-10", 2, SL_UNIT_DAYS, true, false, "2025-01-13"},
        {"2025-01-08", 2, SL_UNIT_DAYS, true, false, "2025-01-10"},
        {"2024-12-23", 2, SL_UNIT_DAYS, true, false, "2024-12-27"},
        /* 90 days stretched, 91 not */
        {"2025-01-26", 90, SL_UNIT_DAYS, true, false, "2025-04-28"},
        {"2025-01-26", 91, SL_UNIT_DAYS, true, false, "2025-04-27"},
        /* 12 weeks stretched, 13 not */
        {"2025-02-01", 12, SL_UNIT_WEEKS, true, false, "2025-04-28"},
        {"2025-01-25", 13, SL_UNIT_WEEKS, true, false, "2025-04-26"},
        /* 3 months stretched, 4 not */
        {"2025-01-26", 3, SL_UNIT_MONTHS, true, false, "2025-04-28"},
        {"2024-12-26", 4, SL_UNIT_MONTHS, true, false, "2025-04-26"},
        /* 182 days (IMG) is no Atw term */
        {"2024-10-26", 182, SL_UNIT_DAYS, true, false, "2025-04-26"},
        /* counted backwards: never stretched */
        {"2025-05-10", 2, SL_UNIT_WEEKS, true, true, "2025-04-26"},
        {"2025-04-29", 3, SL_UNIT_DAYS, true, true, "2025-04-26"},
        /* month ends that do not exist fall back to the month's last day */
        {"2023-01-31", 1, SL_UNIT_MONTHS, false, false, "2023-02-28"},
        {"2024-01-31", 1, SL_UNIT_MONTHS, false, false, "2024-02-29"},
        {"2024-02-29", 12, SL_UNIT_MONTHS, false, false, "2025-02-28"},
        {"2024-03-31", 1, SL_UNIT_MONTHS, false, false, "2024-04-30"},
        {"2024-03-31", 1, SL_UNIT_MONTHS, false, true, "2024-02-29"},
        {"2024-08-31", 6, SL_UNIT_MONTHS, false, false, "2025-02-28"},
        {"2025-10-31", 3, SL_UNIT_MONTHS, false, false, "2026-01-31"},
        /* ... and a fallback on a Saturday stretches: 28 February 2026 */
        {"2026-01-31", 1, SL_UNIT_MONTHS, true, false, "2026-03-02"},
        /* working days: over King's Day, over 5 May */
        {"2025-04-25", 1, SL_UNIT_WORKING_DAYS, true, false, "2025-04-28"},
        {"2025-05-02", 2, SL_UNIT_WORKING_DAYS, true, false, "2025-05-07"},
        {"2025-05-07", 2, SL_UNIT_WORKING_DAYS, false, true, "2025-05-02"},
        /* zero days: the event's day, stretched when statutory */
        {"2025-04-26", 0, SL_UNIT_DAYS, true, false, "2025-04-28"},
        {"2025-04-26", 0, SL_UNIT_DAYS, false, false, "2025-04-26"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        const term_case *c = &cases[i];
        sl_date end = SL_DATE_NONE;
        assert_true(sl_term_end(NULL, D(c->event), c->n, c->unit, c->statutory, c->backwards,
                                &end));
        char buf[11];
        sl_date_format(end, buf);
        if (strcmp(buf, c->want) != 0)
            fail_msg("case %zu: %s + %d %s: got %s, want %s", i, c->event, c->n,
                     sl_term_unit_name(c->unit), buf, c->want);
    }
}

static void atw_scope(void **state)
{
    (void)state;
    assert_true(sl_atw_applies(90, SL_UNIT_DAYS, true, false));
    assert_false(sl_atw_applies(91, SL_UNIT_DAYS, true, false));
    assert_true(sl_atw_applies(12, SL_UNIT_WEEKS, true, false));
    assert_false(sl_atw_applies(13, SL_UNIT_WEEKS, true, false));
    assert_true(sl_atw_applies(3, SL_UNIT_MONTHS, true, false));
    assert_false(sl_atw_applies(4, SL_UNIT_MONTHS, true, false));
    assert_false(sl_atw_applies(6, SL_UNIT_WEEKS, false, false));
    assert_false(sl_atw_applies(6, SL_UNIT_WEEKS, true, true));
}

static void bad_lengths(void **state)
{
    (void)state;
    sl_date end = 42;
    assert_false(sl_term_end(NULL, D("2025-01-01"), -1, SL_UNIT_DAYS, true, false, &end));
    assert_false(sl_term_end(NULL, D("2025-01-01"), SL_TERM_MAX_DAYS + 1, SL_UNIT_DAYS, true,
                             false, &end));
    assert_false(sl_term_end(NULL, D("2025-01-01"), SL_TERM_MAX_MONTHS + 1, SL_UNIT_MONTHS,
                             true, false, &end));
    assert_false(sl_term_end(NULL, SL_DATE_NONE, 1, SL_UNIT_DAYS, true, false, &end));
    assert_int_equal(end, 42);
    assert_true(sl_term_end(NULL, D("2025-01-01"), SL_TERM_MAX_MONTHS, SL_UNIT_MONTHS, false,
                            false, &end));
    assert_date(end, "2125-01-01");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(easter_from_the_published_table),
        cmocka_unit_test(every_holiday_of_every_year),
        cmocka_unit_test(names_and_kings_day),
        cmocka_unit_test(holidays_on_weekends),
        cmocka_unit_test(ascension_on_5_may_is_one_day),
        cmocka_unit_test(extra_days_from_configuration),
        cmocka_unit_test(working_days),
        cmocka_unit_test(working_day_count_agrees_with_walking),
        cmocka_unit_test(atw_terms),
        cmocka_unit_test(atw_scope),
        cmocka_unit_test(bad_lengths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
