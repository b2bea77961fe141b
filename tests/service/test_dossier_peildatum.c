/*
 * test_dossier_peildatum.c - the dossier as the register knew it at the end
 * of a day, on either store (SAMENLOOP_TEST_PG): a claim moved on a known day
 * shows its earlier phase before that day and its new one from it; the
 * history ends at the day; a day before the register knew the address gets
 * "not known" with the day it did; a record that arrived later is left out.
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
#include "service/dossier.h"
#include "service/dossier_peildatum.h"
#include "service/import.h"
#include "service/record_update.h"

#include "test_sql.h"
#include "loaded_register.h"

static const int64_t A1 = 14200000000001; /* NCG-0001 and IMG-001 */

/* The small register delivered on 1 Jul 2021; IMG-001 to opname, recorded on 2 Aug 2021. */
static sl_store *prepared(void)
{
    tmp_register_clear();
    sl_store *st = NULL;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    static const char *const files[] = {"bag_adressen.csv", "ncg_trajecten.csv",
                                        "img_schades.csv"};
    char path[300];
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/small/%s", SL_TEST_DATA, files[i]);
        sl_import_report rep;
        assert_true(sl_import_file(st, path, NULL, &rep));
    }
    sl_actor zb = {.gebruiker = "k.postma", .trace_id = "t",
                   .viewer = {.role = SL_ROLE_ZAAKBEGELEIDER, .org = SL_ACCOUNT_ORG_IMG}};
    sl_record_change ch = {.kind = SL_KIND_IMG, .id = "IMG-001", .expect_versie = SL_VERSIE_ANY,
                           .set = SL_SET_FASE | SL_SET_FASE_SINDS, .fase = SL_FASE_OPNAME,
                           .fase_sinds = ymd(2021, 8, 1)};
    assert_int_equal(sl_record_update(st, &zb, &ch, ymd(2021, 8, 2), NULL, err, sizeof err),
                     SL_OK);
    test_sql_exec(db, "UPDATE levering SET gestart_op = '2021-07-01T09:00:00Z';"
                      "UPDATE statushistorie SET vastgelegd_op = '2021-08-02T10:00:00Z'"
                      " WHERE sleutel = 'IMG-001' AND veld = 'fase'");
    return st;
}

/* The dossier of A1 as an IMG case manager sees it, on `day`; NULL when not known. */
static json_t *on(sl_store *st, sl_date day, sl_date *sinds)
{
    sl_sharing_config cfg;
    sl_sharing_config_default(&cfg);
    sl_viewer v = {.role = SL_ROLE_ZAAKBEGELEIDER, .org = SL_ACCOUNT_ORG_IMG};
    char *body;
    size_t len;
    sl_share_decision dec;
    bool found, known;
    assert_true(sl_dossier_shown(st, &cfg, &v, SL_DOEL_COORDINATIE, A1, ymd(2026, 12, 7), &body,
                                 &len, &dec, &found));
    assert_true(found);
    assert_non_null(body);
    assert_true(sl_dossier_rewind(st, A1, day, &body, &len, &known, sinds));
    json_t *o = known ? json_loadb(body, len, 0, NULL) : NULL;
    sl_free(body);
    assert_true(!known || o);
    return o;
}

static const json_t *claim(const json_t *o, const char *img_id)
{
    size_t i;
    const json_t *c;
    json_array_foreach(json_object_get(o, "schades"), i, c)
        if (strcmp(json_string_value(json_object_get(c, "img_id")), img_id) == 0)
            return c;
    return NULL;
}

static const char *text(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void a_phase_change_shows_from_its_day(void **state)
{
    (void)state;
    sl_store *st = prepared();
    sl_date sinds;
    json_t *before = on(st, ymd(2021, 8, 1), &sinds);
    assert_non_null(before);
    assert_string_equal(text(claim(before, "IMG-001"), "fase"), "voorbereiding");
    /* the first delivery's phase: the history does not say since when */
    assert_true(json_is_null(json_object_get(claim(before, "IMG-001"), "fase_sinds")));
    assert_int_equal(json_array_size(json_object_get(before, "historie")), 0);
    assert_string_equal(text(json_object_get(before, "peildatum"), "datum"), "2021-08-01");
    json_decref(before);

    json_t *after = on(st, ymd(2021, 8, 2), &sinds);
    assert_string_equal(text(claim(after, "IMG-001"), "fase"), "opname");
    assert_string_equal(text(claim(after, "IMG-001"), "fase_sinds"), "2021-08-01");
    assert_true(json_array_size(json_object_get(after, "historie")) >= 1);
    json_decref(after);
    sl_store_close(st);
}

static void before_the_register_knew_the_address(void **state)
{
    (void)state;
    sl_store *st = prepared();
    sl_date sinds;
    assert_null(on(st, ymd(2021, 6, 30), &sinds));
    assert_int_equal(sinds, ymd(2021, 7, 1));
    sl_store_close(st);
}

/* A claim the register first had from a later delivery is not in the dossier before it. */
static void a_record_that_came_later_is_left_out(void **state)
{
    (void)state;
    sl_store *st = prepared();
    test_sql_exec(db, "INSERT INTO levering (bestand, soort, gestart_op)"
                      " VALUES ('later.csv', 'img_schades', '2021-09-01T08:00:00Z');"
                      "UPDATE schade SET levering_id = (SELECT max(id) FROM levering)"
                      " WHERE img_id = 'IMG-001'");
    /* its history row of 2 Aug proves it was known then */
    sl_date sinds;
    json_t *o = on(st, ymd(2021, 8, 2), &sinds);
    assert_non_null(claim(o, "IMG-001"));
    json_decref(o);
    test_sql_exec(db, "DELETE FROM statushistorie WHERE sleutel = 'IMG-001'");
    o = on(st, ymd(2021, 8, 2), &sinds);
    assert_null(claim(o, "IMG-001"));
    json_decref(o);
    sl_store_close(st);
}

/* A later change that is not the status (here: no longer delivered) leaves the status
 * and its since-date as the record has them. */
static void a_later_absence_keeps_the_since_date(void **state)
{
    (void)state;
    sl_store *st = prepared();
    test_sql_exec(db, "DELETE FROM statushistorie WHERE sleutel = 'IMG-001';"
                      "INSERT INTO statushistorie (onderwerp, sleutel, veld, van, naar,"
                      " vastgelegd_op) VALUES ('schade', 'IMG-001', 'afwezig', 'nee', 'ja',"
                      " '2021-08-03T10:00:00Z')");
    sl_date sinds;
    json_t *o = on(st, ymd(2021, 8, 2), &sinds);
    assert_string_equal(text(claim(o, "IMG-001"), "fase"), "opname");
    assert_string_equal(text(claim(o, "IMG-001"), "fase_sinds"), "2021-08-01");
    json_decref(o);
    sl_store_close(st);
}

int main(void)
{
    json_set_alloc_funcs(sl_malloc, sl_free);
    if (tmp_register_create() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_phase_change_shows_from_its_day),
        cmocka_unit_test(before_the_register_knew_the_address),
        cmocka_unit_test(a_record_that_came_later_is_left_out),
        cmocka_unit_test(a_later_absence_keeps_the_since_date),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tmp_register_clear();
    rmdir(db_dir);
    return rc;
}
