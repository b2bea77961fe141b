/*
 * test_record_update.c - single-record updates (service/record_update.h)
 * against a real SQLite register: a step to 4.1 writes the record, its
 * history, the classification, rule 4, a log record and an outbox event in
 * one go; stale versions, wrong bodies, bad values and absent records change
 * nothing; every allocation failure leaves the register as it was; the
 * per-address classification refresh agrees with the full one; and the
 * contractor's damage report raises rule 7 only in construction.
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
#include "service/classify_refresh.h"
#include "service/import.h"
#include "service/record_update.h"
#include "store/records_store.h"

#include "test_sql.h"
#include "loaded_register.h"

static const int64_t A1 = 14200000000001; /* NCG-0001 in 1.2, IMG-001 in voorbereiding */

/* One integer from SQL on a second connection (SQL both stores read alike:
 * the outbox's JSON through ->> with a key, flags as true/false). */
static long long sql_int(const char *sql)
{
    return test_sql_int(db, sql);
}

static void sql_exec(const char *sql)
{
    test_sql_exec(db, sql);
}

/* Everything an update may write, as one comparable text. */
static void snapshot(char *out, size_t cap)
{
    snprintf(out, cap, "%lld %lld %lld %lld %lld %lld %lld %lld",
             sql_int("SELECT count(*) FROM statushistorie"),
             sql_int("SELECT count(*) FROM logboek"),
             sql_int("SELECT count(*) FROM outbox"), sql_int("SELECT count(*) FROM signaal"),
             sql_int("SELECT sum(versie) FROM traject"), sql_int("SELECT sum(versie) FROM schade"),
             sql_int("SELECT count(*) FROM classificatie WHERE groep = 'E'"),
             sql_int("SELECT count(*) FROM schademelding_aannemer"));
}

static sl_actor actor(const char *name, sl_role role, sl_account_org org)
{
    sl_actor a = {.gebruiker = name, .trace_id = "t",
                  .viewer = {.role = role, .org = org}};
    return a;
}

static sl_record_change to_4_1(int64_t versie)
{
    sl_record_change ch = {.kind = SL_KIND_NCG, .id = "NCG-0001", .expect_versie = versie,
                           .set = SL_SET_STAP | SL_SET_STAP_SINDS, .stap = SL_STAP_4_1,
                           .stap_sinds = ymd(2021, 9, 1)};
    return ch;
}

static void step_to_4_1_is_a_delivery_row(void **state)
{
    (void)state;
    sl_store *st = open_small();
    sl_actor bb = actor("a.jansma", SL_ROLE_BEWONERSBEGELEIDER, SL_ACCOUNT_ORG_NCG);
    sl_record_change ch = to_4_1(1);
    sl_record_result res;
    char err[300];
    assert_int_equal(sl_record_update(st, &bb, &ch, ymd(2024, 1, 1), &res, err, sizeof err),
                     SL_OK);
    assert_true(res.changed);
    assert_int_equal(res.traject.versie, 2);
    assert_int_equal(res.traject.traject.stap, SL_STAP_4_1);
    assert_int_equal(res.raised, 1);
    assert_int_equal(sql_int("SELECT count(*) FROM signaal WHERE regel = 4 AND variant ="
                             " 'met_schades' AND nummeraanduiding_id = 14200000000001"), 1);
    assert_int_equal(sql_int("SELECT count(*) FROM statushistorie WHERE sleutel = 'NCG-0001'"
                             " AND veld = 'stap' AND van = '1.2' AND naar = '4.1' AND datum ="
                             " '2021-09-01' AND gebruiker = 'a.jansma' AND levering_id IS NULL"),
                     1);
    assert_int_equal(sql_int("SELECT count(*) FROM classificatie WHERE nummeraanduiding_id ="
                             " 14200000000001 AND stap = '4.1' AND groep = 'E'"), 1);
    assert_int_equal(sql_int("SELECT count(*) FROM logboek WHERE actie = 'wijziging' AND"
                             " gebruiker = 'a.jansma' AND nummeraanduiding_id = 14200000000001"),
                     1);
    assert_int_equal(sql_int("SELECT count(*) FROM outbox WHERE soort = 'traject.gewijzigd'"
                             " AND sleutel = 'NCG-0001'"
                             " AND CAST(gegevens ->> 'versie' AS integer) = 2"), 1);
    /* the per-address refresh left nothing for the full one to do */
    int64_t changed = -1;
    assert_true(sl_store_begin(st));
    assert_true(sl_classify_refresh(st, 0, &changed));
    sl_store_rollback(st);
    assert_int_equal(changed, 0);
    /* the same again: nothing to write, the version stays, nothing raised */
    ch = to_4_1(2);
    char before[256], after[256];
    snapshot(before, sizeof before);
    assert_int_equal(sl_record_update(st, &bb, &ch, ymd(2024, 1, 1), &res, err, sizeof err),
                     SL_OK);
    assert_false(res.changed);
    assert_int_equal(res.traject.versie, 2);
    snapshot(after, sizeof after);
    assert_string_equal(before, after);
    sl_store_close(st);
}

static void refusals_change_nothing(void **state)
{
    (void)state;
    sl_store *st = open_small();
    sl_actor bb = actor("a.jansma", SL_ROLE_BEWONERSBEGELEIDER, SL_ACCOUNT_ORG_NCG);
    sl_actor zb = actor("k.postma", SL_ROLE_ZAAKBEGELEIDER, SL_ACCOUNT_ORG_IMG);
    sl_actor bron_img = actor("bron", SL_ROLE_DATASTEWARD, SL_ACCOUNT_ORG_IMG);
    sl_actor coord = actor("c", SL_ROLE_COORDINATOR, SL_ACCOUNT_ORG_NCG);
    char before[256], after[256], err[300];
    snapshot(before, sizeof before);
    sl_record_change ch = to_4_1(1);
    sl_date today = ymd(2024, 1, 1);
    assert_int_equal(sl_record_update(st, &zb, &ch, today, NULL, err, sizeof err),
                     SL_FORBIDDEN);
    assert_int_equal(sl_record_update(st, &bron_img, &ch, today, NULL, err, sizeof err),
                     SL_FORBIDDEN);
    assert_int_equal(sl_record_update(st, &coord, &ch, today, NULL, err, sizeof err),
                     SL_FORBIDDEN);
    ch = to_4_1(7);
    assert_int_equal(sl_record_update(st, &bb, &ch, today, NULL, err, sizeof err),
                     SL_STALE);
    ch = to_4_1(1);
    ch.stap_sinds = ymd(2024, 1, 2); /* tomorrow */
    assert_int_equal(sl_record_update(st, &bb, &ch, today, NULL, err, sizeof err),
                     SL_INVALID);
    ch = to_4_1(1);
    ch.set |= SL_SET_FASE; /* a claim's field on a trajectory */
    assert_int_equal(sl_record_update(st, &bb, &ch, today, NULL, err, sizeof err),
                     SL_INVALID);
    ch = to_4_1(1);
    ch.stap = SL_STAP_COUNT;
    assert_int_equal(sl_record_update(st, &bb, &ch, today, NULL, err, sizeof err),
                     SL_INVALID);
    ch = to_4_1(1);
    ch.id = "NCG-9999";
    assert_int_equal(sl_record_update(st, &bb, &ch, today, NULL, err, sizeof err),
                     SL_NOT_FOUND);
    sl_record_change c = {.kind = SL_KIND_IMG, .id = "IMG-001", .expect_versie = 1,
                          .set = SL_SET_ZAAKBEGELEIDER, .zaakbegeleider = "tab\there"};
    assert_int_equal(sl_record_update(st, &zb, &c, today, NULL, err, sizeof err),
                     SL_INVALID);
    snapshot(after, sizeof after);
    assert_string_equal(before, after);
    /* an absent record is not changed */
    sql_exec("UPDATE traject SET afwezig = true WHERE ncg_id = 'NCG-0001'");
    snapshot(before, sizeof before);
    ch = to_4_1(1);
    assert_int_equal(sl_record_update(st, &bb, &ch, today, NULL, err, sizeof err),
                     SL_CONFLICT);
    snapshot(after, sizeof after);
    assert_string_equal(before, after);
    sl_store_close(st);
}

/* Every allocation of an update failing in turn: all of it or none of it. */
static void allocation_failures_leave_nothing(void **state)
{
    (void)state;
    sl_store *st = open_small();
    sl_actor bb = actor("a.jansma", SL_ROLE_BEWONERSBEGELEIDER, SL_ACCOUNT_ORG_NCG);
    char before[256], after[256], err[300];
    snapshot(before, sizeof before);
    int failures = 0;
    for (long n = 1;; n++) {
        sl_record_change ch = to_4_1(1);
        long start = sl_alloc_count();
        sl_alloc_fail_at(n);
        sl_outcome rc = sl_record_update(st, &bb, &ch, ymd(2024, 1, 1), NULL, err, sizeof err);
        sl_alloc_fail_reset();
        bool injected = sl_alloc_count() - start >= n;
        if (!injected) {
            if (rc != SL_OK)
                fail_msg("after %ld allocation failures: %d %s", n - 1, rc, err);
            break;
        }
        if (rc == SL_OK)
            break; /* the failed allocation was not needed for the result */
        assert_int_equal(rc, SL_ERROR);
        failures++;
        snapshot(after, sizeof after);
        assert_string_equal(before, after);
    }
    assert_true(failures > 0);
    assert_int_equal(sql_int("SELECT versie FROM traject WHERE ncg_id = 'NCG-0001'"), 2);
    assert_int_equal(sql_int("SELECT count(*) FROM signaal WHERE regel = 4"), 1);
    sl_store_close(st);
}

static void rule_7_only_in_construction(void **state)
{
    (void)state;
    sl_store *st = open_small();
    sl_actor bb = actor("a.jansma", SL_ROLE_BEWONERSBEGELEIDER, SL_ACCOUNT_ORG_NCG);
    sl_actor zb = actor("k.postma", SL_ROLE_ZAAKBEGELEIDER, SL_ACCOUNT_ORG_IMG);
    sl_actor svip_img = actor("s", SL_ROLE_SVIP, SL_ACCOUNT_ORG_IMG);
    sl_date today = ymd(2024, 3, 2), day = ymd(2024, 3, 1);
    sl_contractor_damage d;
    int64_t raised = -1;
    char err[300], before[256], after[256];
    snapshot(before, sizeof before);
    assert_int_equal(sl_contractor_damage_report(st, &bb, "NCG-0001", "scheur", day, today, &d,
                                                 &raised, err, sizeof err),
                     SL_CONFLICT);
    assert_non_null(strstr(err, "5.2"));
    assert_int_equal(sl_contractor_damage_report(st, &zb, "NCG-0005", "scheur", day, today, &d,
                                                 &raised, err, sizeof err),
                     SL_FORBIDDEN);
    assert_int_equal(sl_contractor_damage_report(st, &svip_img, "NCG-0005", "scheur", day, today,
                                                 &d, &raised, err, sizeof err),
                     SL_FORBIDDEN);
    assert_int_equal(sl_contractor_damage_report(st, &bb, "NCG-0005", " \n", day, today, &d,
                                                 &raised, err, sizeof err),
                     SL_INVALID);
    assert_int_equal(sl_contractor_damage_report(st, &bb, "NCG-0005", "scheur", ymd(2024, 3, 3),
                                                 today, &d, &raised, err, sizeof err),
                     SL_INVALID);
    char *long_text = malloc(2002);
    assert_non_null(long_text);
    memset(long_text, 'x', 2001);
    long_text[2001] = '\0';
    assert_int_equal(sl_contractor_damage_report(st, &bb, "NCG-0005", long_text, day, today, &d,
                                                 &raised, err, sizeof err),
                     SL_INVALID);
    long_text[2000] = '\0'; /* exactly 2000 characters is allowed */
    snapshot(after, sizeof after);
    assert_string_equal(before, after);
    assert_int_equal(sl_contractor_damage_report(st, &bb, "NCG-0005", long_text, day, today, &d,
                                                 &raised, err, sizeof err),
                     SL_OK);
    free(long_text);
    assert_int_equal(raised, 1);
    assert_true(d.id > 0);
    assert_int_equal(sql_int("SELECT count(*) FROM signaal WHERE regel = 7 AND"
                             " nummeraanduiding_id = 14200000000005 AND vervalt_op = '2024-03-07'"),
                     1);
    assert_int_equal(sql_int("SELECT count(*) FROM signaal_adressaat a JOIN signaal s ON"
                             " s.id = a.signaal_id WHERE s.regel = 7 AND a.org = 'IMG'"), 2);
    assert_int_equal(sql_int("SELECT count(*) FROM signaal_adressaat a JOIN signaal s ON"
                             " s.id = a.signaal_id WHERE s.regel = 7 AND a.org <> 'IMG'"), 0);
    assert_int_equal(sql_int("SELECT length(omschrijving) FROM schademelding_aannemer"), 2000);
    assert_int_equal(sql_int("SELECT count(*) FROM outbox WHERE soort ="
                             " 'schademelding_aannemer.aangemaakt' AND"
                             " gegevens ->> 'omschrijving' IS NULL AND"
                             " gegevens ->> 'ncg_id' = 'NCG-0005'"), 1);
    /* a second report is kept; rule 7 is not raised again while one is unfinished */
    assert_int_equal(sl_contractor_damage_report(st, &bb, "NCG-0005", "nog een", day, today, &d,
                                                 &raised, err, sizeof err),
                     SL_OK);
    assert_int_equal(raised, 0);
    assert_int_equal(sql_int("SELECT count(*) FROM schademelding_aannemer"), 2);
    assert_int_equal(sql_int("SELECT count(*) FROM signaal WHERE regel = 7"), 1);
    (void)A1;
    sl_store_close(st);
}

int main(void)
{
    json_set_alloc_funcs(sl_malloc, sl_free);
    if (tmp_register_create() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(step_to_4_1_is_a_delivery_row),
        cmocka_unit_test(refusals_change_nothing),
        cmocka_unit_test(allocation_failures_leave_nothing),
        cmocka_unit_test(rule_7_only_in_construction),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tmp_register_clear();
    rmdir(db_dir);
    return rc;
}
