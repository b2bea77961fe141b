/*
 * test_termijnen.c - every term in a real register on one day
 * (service/termijnen.h): the small fixture's eleven claims, each with IMG's
 * decision target and the status counted by hand; a callback that stops the
 * listing; every allocation failure answered with false, never a crash; and
 * the JSON of an item and of a penalty.
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

#include "core/alloc.h"
#include "service/import.h"
#include "service/termijnen.h"
#include "store/store.h"

#include "loaded_register.h"

typedef struct seen {
    char line[16][64];
    size_t n;
    size_t stop_after; /* 0: never stop */
} seen;

static bool collect_cb(void *ctx, const sl_termijn_item *it)
{
    seen *s = ctx;
    char end[11];
    sl_date_format(it->uitkomst.einde, end);
    /* IMG's decision target is every claim's; another kind is named */
    bool target = strcmp(it->def->soort, "img_beslistermijn") == 0;
    if (s->n < 16)
        snprintf(s->line[s->n++], sizeof s->line[0], "%s%s%s %s %s", it->img_id,
                 target ? "" : " ", target ? "" : it->def->soort, end,
                 sl_termijn_status_name(it->uitkomst.status));
    return s->stop_after == 0 || s->n < s->stop_after;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void terms_of_the_small_register(void **state)
{
    (void)state;
    sl_store *st = open_small();
    seen s = {0};
    sl_termijnen_telling tel;
    assert_true(sl_termijnen_list(st, NULL, ymd(2021, 9, 1), collect_cb, &s, &tel));
    qsort(s.line, s.n, sizeof s.line[0], by_text);
    /* counted by hand from tests/data/small/img_schades.csv: received + 182 days; and
     * IMG-006's objection term: decided on Friday 20 August 2021, six weeks on is
     * Friday 1 October, a working day (decision 188) */
    static const char *const want[] = {
        "IMG-001 2021-12-19 lopend",     "IMG-002 2021-10-30 lopend",
        "IMG-003 2020-03-31 gehaald",    "IMG-004 2021-07-11 verstreken",
        "IMG-005 2022-02-08 lopend",     "IMG-006 2022-01-30 gehaald",
        "IMG-006 awb_bezwaartermijn 2021-10-01 lopend",
        "IMG-007 2017-11-30 verstreken", "IMG-008 2021-11-03 lopend",
        "IMG-009 2022-02-27 lopend",     "IMG-010 2019-07-02 verstreken",
        "IMG-011 2021-07-02 verstreken",
    };
    assert_int_equal(s.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < s.n; i++)
        assert_string_equal(s.line[i], want[i]);
    assert_int_equal(tel.termijnen, 12);
    assert_int_equal(tel.per_status[SL_TERMIJN_LOPEND], 6);
    assert_int_equal(tel.per_status[SL_TERMIJN_GEHAALD], 2);
    assert_int_equal(tel.per_status[SL_TERMIJN_VERSTREKEN], 4);
    assert_int_equal(tel.zonder_startdatum, 0);
    sl_store_close(st);
}

static void a_callback_stops_the_listing(void **state)
{
    (void)state;
    sl_store *st = open_small();
    seen s = {.stop_after = 3};
    assert_false(sl_termijnen_list(st, NULL, ymd(2021, 9, 1), collect_cb, &s, NULL));
    assert_int_equal(s.n, 3);
    sl_store_close(st);
}

static void allocation_failures_are_answered(void **state)
{
    (void)state;
    sl_store *st = open_small();
    bool ok = false;
    for (long nth = 1; nth < 10000 && !ok; nth++) {
        seen s = {0};
        sl_alloc_fail_at(nth);
        ok = sl_termijnen_list(st, NULL, ymd(2021, 9, 1), collect_cb, &s, NULL);
        sl_alloc_fail_reset();
        if (ok)
            assert_int_equal(s.n, 12);
    }
    assert_true(ok);
    sl_store_close(st);
}

static void json_shapes(void **state)
{
    (void)state;
    sl_termijn_item it = {.def = sl_termijn_default("img_beslistermijn"),
                          .nummeraanduiding_id = 14200000000001, .img_id = "IMG-001",
                          .start = ymd(2024, 1, 1), .eind_gebeurtenis = SL_DATE_NONE,
                          .uitkomst = {.einde = ymd(2024, 7, 1),
                                       .status = SL_TERMIJN_VERSTREKEN,
                                       .dagen_resterend = -1}};
    json_t *o = sl_termijn_item_json(&it);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "soort")), "img_beslistermijn");
    assert_string_equal(json_string_value(json_object_get(o, "nummeraanduiding_id")),
                        "0014200000000001");
    assert_string_equal(json_string_value(json_object_get(o, "img_id")), "IMG-001");
    assert_null(json_object_get(o, "ncg_id"));
    assert_string_equal(json_string_value(json_object_get(o, "start")), "2024-01-01");
    assert_string_equal(json_string_value(json_object_get(o, "einde")), "2024-07-01");
    assert_string_equal(json_string_value(json_object_get(o, "status")), "verstreken");
    assert_true(json_is_null(json_object_get(o, "gehaald_op")));
    assert_int_equal(json_integer_value(json_object_get(o, "regelversie")), 1);
    json_decref(o);

    sl_dwangsom d;
    assert_true(sl_dwangsom_bereken(ymd(2025, 3, 3), ymd(2025, 4, 28), SL_DATE_NONE, &d, NULL));
    o = sl_dwangsom_json(ymd(2025, 3, 3), ymd(2025, 4, 28), &d);
    assert_non_null(o);
    assert_true(json_is_integer(json_object_get(o, "bedrag")));
    assert_int_equal(json_integer_value(json_object_get(o, "bedrag")), 1442);
    assert_int_equal(json_integer_value(json_object_get(o, "dagen")), 42);
    assert_int_equal(json_integer_value(json_object_get(o, "bedrag_centen")), 144200);
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(terms_of_the_small_register),
        cmocka_unit_test(a_callback_stops_the_listing),
        cmocka_unit_test(allocation_failures_are_answered),
        cmocka_unit_test(json_shapes),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
