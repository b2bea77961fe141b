/*
 * test_disclosure.c - the disclosure gate (service/disclosure.h) and the work queue
 * composed through it (service/signal_queue.h) against a real register with the small
 * fixture a delivery on (small, small2): what may be shown per part is the wanted
 * categories the decision allows, the log records name exactly those; a coordinator
 * sees a dossier only once it names their account; the work queue shows a signal
 * neutrally without a basis and logs nothing, in full with one and logs one record per
 * address and part for the page only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "service/disclosure.h"
#include "service/dossier.h"
#include "service/import.h"
#include "service/signal_queue.h"
#include "store/store.h"

#include "test_sql.h"
#include "loaded_register.h"

static const int64_t A1 = 14200000000001; /* samenloop in Groningen: rule 3 */
static const int64_t A3 = 14200000000003; /* rule 6 */

static void load(sl_store *st, const char *folder)
{
    static const char *const files[] = {"bag_adressen.csv", "ncg_trajecten.csv",
                                        "img_schades.csv"};
    char path[300];
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s/%s", SL_TEST_DATA, folder, files[i]);
        sl_import_report rep;
        assert_true(sl_import_file(st, path, NULL, &rep));
    }
}

static long long sql_int(const char *sql)
{
    return test_sql_int(db, sql);
}

static sl_store *st;
/* the command line's operator, as cmd_dossier logs it */
static const sl_actor operator_ = {.gebruiker = "test", .viewer = {.role = SL_ROLE_BEHEERDER}};

static int setup(void **state)
{
    (void)state;
    if (tmp_register_create() != 0)
        return -1;
    char err[256];
    if (!sl_store_open(db, &st, err, sizeof err))
        return -1;
    load(st, "small");
    load(st, "small2");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sl_store_close(st);
    tmp_register_clear();
    rmdir(db_dir);
    return 0;
}

/* The statute everywhere the fixture is (0014), or nowhere it is (only 1979). */
static sl_sharing_config config(bool groningen_statutory)
{
    sl_sharing_config c;
    sl_sharing_config_default(&c);
    if (!groningen_statutory) {
        c.n_gemeenten = 1;
        memcpy(c.gemeenten[0], "1979", 5);
    }
    return c;
}

static void gate_shows_what_is_wanted_and_allowed_and_logs_that(void **state)
{
    (void)state;
    sl_sharing_config cfg = config(true);
    sl_actor zb = {.gebruiker = "k.postma", .trace_id = "t1",
                   .viewer = {.role = SL_ROLE_ZAAKBEGELEIDER, .org = SL_ACCOUNT_ORG_IMG}};
    const unsigned want[SL_DEEL_COUNT] = {SL_CAT_ALL, SL_CAT_ID | SL_CAT_BEDRAGEN};
    sl_disclosure g;
    assert_true(sl_disclose(st, &cfg, &zb, SL_DOEL_COORDINATIE, A1, want, ymd(2024, 2, 1), &g));
    assert_true(g.found);
    assert_false(g.not_found);
    assert_int_equal(g.shown[SL_DEEL_SCHADES], sl_share_part_categories(SL_DEEL_SCHADES));
    /* amounts are not the trajectory's and not the purpose's: only the id crosses */
    assert_int_equal(g.shown[SL_DEEL_TRAJECT], SL_CAT_ID);
    assert_int_equal(g.n_log, 1);
    assert_string_equal(g.log[0].categorieen, "traject:id");
    assert_string_equal(g.log[0].grondslag, "wettelijke_taak_samenloop");
    assert_int_equal(g.log[0].address_id, A1);
    long long before = sql_int("SELECT count(*) FROM logboek");
    assert_true(sl_disclosure_write(st, &g));
    assert_int_equal(sql_int("SELECT count(*) FROM logboek"), before + 1);

    /* Stadskanaal: nothing of NCG's part, nothing to log, a reason */
    cfg = config(false);
    assert_true(sl_disclose(st, &cfg, &zb, SL_DOEL_COORDINATIE, A1, NULL, ymd(2024, 2, 1), &g));
    assert_int_equal(g.shown[SL_DEEL_TRAJECT], 0);
    assert_int_equal(g.n_log, 0);
    assert_non_null(strstr(g.dec.deel[SL_DEEL_TRAJECT].reden, "grondslag"));

    /* an unknown address: not found, nothing shown */
    assert_true(sl_disclose(st, &cfg, &zb, SL_DOEL_COORDINATIE, 14200000000099, NULL,
                            ymd(2024, 2, 1), &g));
    assert_true(g.not_found);
    assert_int_equal(g.shown[0] | g.shown[1], 0);
}

static void a_coordinator_only_once_the_dossier_names_their_account(void **state)
{
    (void)state;
    test_sql_exec(db, "INSERT INTO gebruiker (naam, rol, org, wachtwoord_hash, aangemaakt_op)"
                      " VALUES ('c.een', 'coordinator', '', 'x', 0)");
    int64_t id = test_sql_int(db, "SELECT id FROM gebruiker WHERE naam = 'c.een'");
    sl_sharing_config cfg = config(true);
    sl_actor co = {.gebruiker = "c.een",
                   .viewer = {.role = SL_ROLE_COORDINATOR, .account_id = id}};
    sl_disclosure g;
    assert_true(sl_disclose(st, &cfg, &co, SL_DOEL_COORDINATIE, A3, NULL, ymd(2024, 2, 1), &g));
    assert_int_equal(g.shown[0] | g.shown[1], 0);
    assert_non_null(strstr(g.dec.deel[SL_DEEL_SCHADES].reden, "toegewezen"));
    char err[200];
    assert_false(sl_dossier_set_coordinator(st, A3, "C. Een", &operator_, err, sizeof err));
    assert_true(sl_dossier_set_coordinator(st, A3, "C.EEN", &operator_, err, sizeof err));
    /* the change is in the processing log, with the dossier's address */
    assert_int_equal(sql_int("SELECT count(*) FROM logboek WHERE actie = 'wijziging' AND"
                             " categorieen = 'combinatiedossier:coordinator' AND"
                             " nummeraanduiding_id = 14200000000003 AND gebruiker = 'test'"),
                     1);
    assert_true(sl_disclose(st, &cfg, &co, SL_DOEL_COORDINATIE, A3, NULL, ymd(2024, 2, 1), &g));
    assert_true(g.shown[SL_DEEL_SCHADES] && g.shown[SL_DEEL_TRAJECT]);
    assert_int_equal(g.n_log, 2); /* neither part is the coordinator's own */
    /* another dossier stays closed */
    assert_true(sl_disclose(st, &cfg, &co, SL_DOEL_COORDINATIE, A1, NULL, ymd(2024, 2, 1), &g));
    assert_int_equal(g.shown[0] | g.shown[1], 0);
    assert_true(sl_dossier_set_coordinator(st, A3, "", &operator_, err, sizeof err));
}

static json_t *queue(const sl_sharing_config *cfg, size_t offset, size_t limit, size_t *total)
{
    sl_actor zb = {.gebruiker = "t.wiersma",
                   .viewer = {.role = SL_ROLE_ZAAKBEGELEIDER, .org = SL_ACCOUNT_ORG_IMG}};
    sl_signal_reader r = {.by = &zb, .weergavenaam = "", .cfg = cfg, .today = ymd(2024, 2, 1)};
    sl_signal_query q = {.f = {.status = -1}, .scope = SL_SIGNALEN_VOOR_ORGANISATIE,
                         .vervalt_voor = SL_DATE_NONE, .offset = offset, .limit = limit};
    json_t *items;
    assert_true(sl_signal_queue(st, &r, &q, &items, total));
    return items;
}

static void the_work_queue_is_composed_and_logged_per_page(void **state)
{
    (void)state;
    sl_sharing_config none = config(false), statute = config(true);
    long long before = sql_int("SELECT count(*) FROM logboek");
    size_t total;
    json_t *items = queue(&none, 0, 50, &total);
    assert_int_equal(total, 1);
    json_t *s = json_array_get(items, 0);
    assert_int_equal(json_integer_value(json_object_get(s, "regel")), 1);
    assert_string_equal(json_string_value(json_object_get(s, "tekst")), SL_SIGNAL_NEUTRAL_TEXT);
    assert_non_null(json_object_get(s, "weerhouden"));
    json_decref(items);
    assert_int_equal(sql_int("SELECT count(*) FROM logboek"), before);

    items = queue(&statute, 0, 50, &total);
    assert_int_equal(total, 3);
    assert_int_equal(json_array_size(items), 3);
    json_decref(items);
    assert_int_equal(sql_int("SELECT count(*) FROM logboek"), before + 3);
    assert_int_equal(sql_int("SELECT count(*) FROM logboek WHERE gebruiker = 't.wiersma'"
                             " AND doel = 'samenloop' AND categorieen LIKE 'traject:%'"),
                     3);
    /* a page of one logs that one */
    items = queue(&statute, 1, 1, &total);
    assert_int_equal(total, 3);
    assert_int_equal(json_array_size(items), 1);
    json_decref(items);
    assert_int_equal(sql_int("SELECT count(*) FROM logboek"), before + 4);
}

/* Every allocation of a work-queue page failing in turn: an error, or the page; and the
 * log gets its records only with a page that is answered. */
static void the_work_queue_survives_every_allocation_failure(void **state)
{
    (void)state;
    sl_sharing_config statute = config(true);
    sl_actor zb = {.gebruiker = "t.wiersma",
                   .viewer = {.role = SL_ROLE_ZAAKBEGELEIDER, .org = SL_ACCOUNT_ORG_IMG}};
    sl_signal_reader r = {.by = &zb, .weergavenaam = "", .cfg = &statute,
                          .today = ymd(2024, 2, 1)};
    sl_signal_query q = {.f = {.status = -1}, .scope = SL_SIGNALEN_VOOR_ORGANISATIE,
                         .vervalt_voor = SL_DATE_NONE, .offset = 0, .limit = 50};
    long failures = 0;
    for (long n = 1;; n++) {
        long long before = sql_int("SELECT count(*) FROM logboek");
        json_t *items = NULL;
        size_t total = 0;
        long start = sl_alloc_count();
        sl_alloc_fail_at(n);
        bool ok = sl_signal_queue(st, &r, &q, &items, &total);
        sl_alloc_fail_reset();
        bool injected = sl_alloc_count() - start >= n;
        long long after = sql_int("SELECT count(*) FROM logboek");
        if (ok) {
            assert_int_equal(total, 3);
            assert_int_equal(json_array_size(items), 3);
            assert_int_equal(after, before + 3);
            json_decref(items);
            if (!injected)
                break;
            continue;
        }
        assert_null(items);
        assert_int_equal(after, before);
        failures++;
    }
    assert_true(failures > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gate_shows_what_is_wanted_and_allowed_and_logs_that),
        cmocka_unit_test(a_coordinator_only_once_the_dossier_names_their_account),
        cmocka_unit_test(the_work_queue_is_composed_and_logged_per_page),
        cmocka_unit_test(the_work_queue_survives_every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
