/*
 * test_signal_stats.c - the dashboard's weekly signal figures
 * (service/signal_stats.h) against a real SQLite register: ISO weeks across a
 * year boundary (2026 has a week 53), the period's edges to the second, raised
 * and handled (afgerond, afgewezen) counted in the week each happened, the
 * municipality filter, and small counts suppressed (0 shown, 1..9 null, and
 * the complement of a lone hidden count hidden too).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sharing.h"
#include "service/import.h"
#include "service/signal_stats.h"
#include "service/suppression.h"
#include "store/store.h"

#include "test_sql.h"
#include "loaded_register.h"

#define A_0014 "14200000000001" /* Groningen (0014) */
#define B_0014 "14200000000002"
#define C_1979 "10200000000004" /* Eemsdelta (1979) */

static sl_store *open_loaded(void)
{
    tmp_register_clear();
    sl_store *st = NULL;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    char path[300];
    snprintf(path, sizeof path, "%s/small/bag_adressen.csv", SL_TEST_DATA);
    sl_import_report rep;
    assert_true(sl_import_file(st, path, NULL, &rep));
    return st;
}

/*
 * Adds n signals of rule `regel` for an address, raised at `aangemaakt`; with
 * `status` afgerond or afgewezen handled at `afgehandeld`. (The store stamps
 * the clock's time; the test needs other times, so it writes the rows itself.)
 */
static void add_signals(int n, int regel, const char *adres, const char *aangemaakt,
                        const char *status, const char *afgehandeld)
{
    /* the values are the test's own constants, so they are spelled into the SQL */
    char done[40] = "NULL";
    if (afgehandeld)
        snprintf(done, sizeof done, "'%s'", afgehandeld);
    bool afgerond = strcmp(status, "afgerond") == 0, afgewezen = strcmp(status, "afgewezen") == 0;
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO signaal (regel, regelversie, nummeraanduiding_id, status, tekst,"
             " aangemaakt_op, vervalt_op, afgerond_op, afgewezen_op)"
             " VALUES (%d, 1, %lld, '%s', 'test', '%s', '2030-01-01', %s, %s)",
             regel, strtoll(adres, NULL, 10), status, aangemaakt, afgerond ? done : "NULL",
             afgewezen ? done : "NULL");
    for (int i = 0; i < n; i++)
        test_sql_exec(db, sql);
}

static json_t *figures(sl_store *st, int min_aantal, sl_date today, int weken,
                       const char *gemeente)
{
    sl_sharing_config cfg;
    sl_sharing_config_default(&cfg);
    cfg.min_aantal = min_aantal;
    json_t *o = NULL;
    if (!sl_signal_stats_json(st, &cfg, today, weken, gemeente, &o))
        fail_msg("%s", sl_store_errmsg(st));
    assert_non_null(o);
    assert_int_equal(json_array_size(json_object_get(o, "weken")), (size_t)weken);
    return o;
}

static json_t *week(json_t *o, size_t i) { return json_array_get(json_object_get(o, "weken"), i); }

/* An integer count, or -1 for a hidden one ({"onderdrukt": true, "onder": K}). */
static long long count(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    assert_non_null(v);
    if (sl_suppressed_is_hidden(v)) {
        assert_true(json_integer_value(json_object_get(v, "onder")) > 1);
        return -1;
    }
    assert_true(json_is_integer(v));
    return json_integer_value(v);
}

static long long per_regel(json_t *w, const char *regel, const char *key)
{
    json_t *r = json_object_get(json_object_get(w, "per_regel"), regel);
    assert_non_null(r);
    return count(r, key);
}

static void weeks_across_the_year_boundary(void **state)
{
    (void)state;
    sl_store *st = open_loaded();
    /* outside the period: the Sunday before it and the Monday after it */
    add_signals(1, 1, A_0014, "2026-12-20T23:59:59Z", "open", NULL);
    add_signals(1, 2, A_0014, "2027-01-11T00:00:00Z", "open", NULL);
    /* 2026-W52: its last second */
    add_signals(1, 3, A_0014, "2026-12-27T23:59:59Z", "open", NULL);
    /* 2026-W53 (28 Dec - 3 Jan): its first and last second, across New Year */
    add_signals(1, 4, A_0014, "2026-12-28T00:00:00Z", "open", NULL);
    add_signals(1, 5, A_0014, "2027-01-03T23:59:59Z", "open", NULL);
    add_signals(1, 1, B_0014, "2027-01-01T12:00:00Z", "afgerond", "2027-01-04T00:00:00Z");
    /* raised long before, handled in 2026-W53 and in 2027-W01 */
    add_signals(1, 6, A_0014, "2026-06-01T08:00:00Z", "afgerond", "2026-12-31T23:00:00Z");
    add_signals(1, 7, A_0014, "2026-06-01T08:00:00Z", "afgewezen", "2027-01-05T09:00:00Z");
    /* acknowledged is not handled */
    add_signals(1, 8, A_0014, "2027-01-04T00:00:00Z", "bevestigd", NULL);
    /* another municipality */
    add_signals(1, 1, C_1979, "2027-01-02T10:00:00Z", "afgerond", "2027-01-05T10:00:00Z");

    json_t *o = figures(st, 1, ymd(2027, 1, 5), 3, NULL);
    json_t *w52 = week(o, 0), *w53 = week(o, 1), *w01 = week(o, 2);
    assert_string_equal(json_string_value(json_object_get(w52, "week")), "2026-W52");
    assert_string_equal(json_string_value(json_object_get(w52, "van")), "2026-12-21");
    assert_string_equal(json_string_value(json_object_get(w52, "tot_en_met")), "2026-12-27");
    assert_string_equal(json_string_value(json_object_get(w53, "week")), "2026-W53");
    assert_string_equal(json_string_value(json_object_get(w53, "van")), "2026-12-28");
    assert_string_equal(json_string_value(json_object_get(w53, "tot_en_met")), "2027-01-03");
    assert_string_equal(json_string_value(json_object_get(w01, "week")), "2027-W01");
    assert_string_equal(json_string_value(json_object_get(w01, "van")), "2027-01-04");
    assert_string_equal(json_string_value(json_object_get(w01, "tot_en_met")), "2027-01-10");

    assert_int_equal(count(w52, "aangemaakt"), 1);
    assert_int_equal(count(w52, "afgehandeld"), 0);
    assert_int_equal(per_regel(w52, "3", "aangemaakt"), 1);
    assert_int_equal(count(w53, "aangemaakt"), 4); /* rules 4, 5, 1 (B) and 1 (1979) */
    assert_int_equal(count(w53, "afgehandeld"), 1); /* rule 6 */
    assert_int_equal(per_regel(w53, "1", "aangemaakt"), 2);
    assert_int_equal(per_regel(w53, "6", "afgehandeld"), 1);
    assert_int_equal(per_regel(w53, "6", "aangemaakt"), 0);
    assert_int_equal(count(w01, "aangemaakt"), 1); /* rule 8, acknowledged */
    assert_int_equal(count(w01, "afgehandeld"), 3); /* 1 (B), 7 (afgewezen), 1 (1979) */
    assert_int_equal(per_regel(w01, "1", "afgehandeld"), 2);
    assert_int_equal(per_regel(w01, "7", "afgehandeld"), 1);
    assert_int_equal(per_regel(w01, "8", "afgehandeld"), 0);
    /* every rule of the active set is a column in every week, 0 where none */
    for (int r = 1; r <= 9; r++) {
        char key[4];
        snprintf(key, sizeof key, "%d", r);
        for (size_t i = 0; i < 3; i++) {
            assert_true(per_regel(week(o, i), key, "aangemaakt") >= 0);
            assert_true(per_regel(week(o, i), key, "afgehandeld") >= 0);
        }
    }
    assert_true(json_is_null(json_object_get(o, "gemeente")));
    assert_int_equal(json_integer_value(json_object_get(o, "aantal_onderdrukt")), 0);
    assert_int_equal(json_integer_value(json_object_get(o, "onderdrukkingsgrens")), 1);
    json_decref(o);

    /* one municipality */
    o = figures(st, 1, ymd(2027, 1, 5), 3, "1979");
    assert_int_equal(count(week(o, 0), "aangemaakt"), 0);
    assert_int_equal(count(week(o, 1), "aangemaakt"), 1);
    assert_int_equal(count(week(o, 2), "afgehandeld"), 1);
    assert_int_equal(per_regel(week(o, 2), "1", "afgehandeld"), 1);
    assert_string_equal(json_string_value(json_object_get(o, "gemeente")), "1979");
    json_decref(o);

    /* one week: today's, from its Monday (2027-01-04 is a Monday) to Sunday */
    o = figures(st, 1, ymd(2027, 1, 10), 1, NULL);
    assert_string_equal(json_string_value(json_object_get(week(o, 0), "week")), "2027-W01");
    assert_int_equal(count(week(o, 0), "afgehandeld"), 3);
    json_decref(o);
    o = figures(st, 1, ymd(2027, 1, 4), 1, NULL);
    assert_string_equal(json_string_value(json_object_get(week(o, 0), "week")), "2027-W01");
    json_decref(o);

    /* the longest period, and no more */
    o = figures(st, 1, ymd(2027, 1, 5), SL_SIGNAL_STATS_WEKEN_MAX, NULL);
    assert_string_equal(json_string_value(json_object_get(week(o, 0), "week")), "2025-W03");
    json_decref(o);
    json_t *none = NULL;
    sl_sharing_config cfg;
    sl_sharing_config_default(&cfg);
    assert_false(sl_signal_stats_json(st, &cfg, ymd(2027, 1, 5), 0, NULL, &none));
    assert_false(sl_signal_stats_json(st, &cfg, ymd(2027, 1, 5), SL_SIGNAL_STATS_WEKEN_MAX + 1,
                                      NULL, &none));
    assert_null(none);
    sl_store_close(st);
}

static void small_counts_are_suppressed(void **state)
{
    (void)state;
    sl_store *st = open_loaded();
    /* 2026-W53: 12 raised by rule 1, 3 by rule 2: the total 15 shows, rule 2's 3 does
     * not, and then neither does rule 1's 12 (15 - 12 would give the 3 away) */
    add_signals(12, 1, A_0014, "2026-12-29T10:00:00Z", "afgerond", "2027-03-01T00:00:00Z");
    add_signals(3, 2, A_0014, "2026-12-30T10:00:00Z", "afgerond", "2027-03-01T00:00:00Z");
    /* 2027-W01: 10 by rule 3 and 20 by rule 4 show; a total of 5 handled does not */
    add_signals(10, 3, A_0014, "2027-01-04T10:00:00Z", "afgerond", "2027-03-01T00:00:00Z");
    add_signals(20, 4, A_0014, "2027-01-05T10:00:00Z", "afgerond", "2027-03-01T00:00:00Z");
    add_signals(5, 5, A_0014, "2026-01-05T10:00:00Z", "afgewezen", "2027-01-06T10:00:00Z");

    json_t *o = figures(st, 10, ymd(2027, 1, 6), 3, NULL);
    json_t *w52 = week(o, 0), *w53 = week(o, 1), *w01 = week(o, 2);
    /* a week without signals: 0 everywhere, never suppressed */
    assert_int_equal(count(w52, "aangemaakt"), 0);
    assert_int_equal(count(w52, "afgehandeld"), 0);
    assert_int_equal(per_regel(w52, "1", "aangemaakt"), 0);
    assert_int_equal(count(w53, "aangemaakt"), 15);
    assert_int_equal(per_regel(w53, "2", "aangemaakt"), -1);
    assert_int_equal(per_regel(w53, "1", "aangemaakt"), -1);
    assert_int_equal(per_regel(w53, "3", "aangemaakt"), 0);
    assert_int_equal(count(w53, "afgehandeld"), 0);
    assert_int_equal(count(w01, "aangemaakt"), 30);
    assert_int_equal(per_regel(w01, "3", "aangemaakt"), 10);
    assert_int_equal(per_regel(w01, "4", "aangemaakt"), 20);
    assert_int_equal(count(w01, "afgehandeld"), -1);
    assert_int_equal(per_regel(w01, "5", "afgehandeld"), -1);
    assert_int_equal(per_regel(w01, "5", "aangemaakt"), 0);
    assert_int_equal(json_integer_value(json_object_get(o, "aantal_onderdrukt")), 4);
    assert_int_equal(json_integer_value(json_object_get(o, "onderdrukkingsgrens")), 10);
    json_decref(o);

    /* the same register without suppression shows every count */
    o = figures(st, 1, ymd(2027, 1, 6), 3, NULL);
    assert_int_equal(per_regel(week(o, 1), "1", "aangemaakt"), 12);
    assert_int_equal(per_regel(week(o, 1), "2", "aangemaakt"), 3);
    assert_int_equal(count(week(o, 2), "afgehandeld"), 5);
    assert_int_equal(json_integer_value(json_object_get(o, "aantal_onderdrukt")), 0);
    json_decref(o);

    /* a municipality with no signals: zeros, nothing suppressed */
    o = figures(st, 10, ymd(2027, 1, 6), 3, "1979");
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(count(week(o, i), "aangemaakt"), 0);
        assert_int_equal(count(week(o, i), "afgehandeld"), 0);
    }
    assert_int_equal(json_integer_value(json_object_get(o, "aantal_onderdrukt")), 0);
    json_decref(o);
    sl_store_close(st);
}

/*
 * Issue 12: the whole area minus one municipality gave the other's hidden
 * count back (15 - 12 = 3). The views are suppressed together: the 12 goes
 * too, and with it the total it would be read from.
 */
static void municipalities_do_not_undo_the_area(void **state)
{
    (void)state;
    sl_store *st = open_loaded();
    add_signals(12, 1, A_0014, "2027-01-04T10:00:00Z", "afgerond",
                "2027-03-01T00:00:00Z");
    add_signals(3, 1, C_1979, "2027-01-05T10:00:00Z", "afgerond",
                "2027-03-01T00:00:00Z");
    json_t *area = figures(st, 10, ymd(2027, 1, 6), 1, NULL);
    json_t *g0014 = figures(st, 10, ymd(2027, 1, 6), 1, "0014");
    json_t *g1979 = figures(st, 10, ymd(2027, 1, 6), 1, "1979");
    assert_int_equal(per_regel(week(area, 0), "1", "aangemaakt"), 15);
    assert_int_equal(per_regel(week(g1979, 0), "1", "aangemaakt"), -1);
    assert_int_equal(count(week(g1979, 0), "aangemaakt"), -1);
    assert_int_equal(per_regel(week(g0014, 0), "1", "aangemaakt"), -1);
    assert_int_equal(count(week(g0014, 0), "aangemaakt"), -1);
    json_decref(area);
    json_decref(g0014);
    json_decref(g1979);
    sl_store_close(st);
}

int main(void)
{
    if (tmp_register_create() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weeks_across_the_year_boundary),
        cmocka_unit_test(small_counts_are_suppressed),
        cmocka_unit_test(municipalities_do_not_undo_the_area),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tmp_register_clear();
    rmdir(db_dir);
    return rc;
}
