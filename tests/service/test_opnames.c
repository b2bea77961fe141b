/*
 * test_opnames.c - joint inspection planning from the register
 * (service/opnames.h) against a real register, on either store: requests
 * (who may record for which address, candidates only, one per address, bad
 * input at the field with nothing stored), capacity (planner only; the rota on
 * working days, King's Day off, an exception replacing the rota), plans
 * (made, kept, moved against the rules, confirmed into inspections of both
 * bodies with the dossier state, rule 10's signal to both buddies and the
 * processing log), and re-planning that never moves a confirmed inspection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "service/dossier.h"
#include "service/import.h"
#include "service/opname_stats.h"
#include "service/opnames.h"
#include "store/dossiers_store.h"
#include "store/log_store.h"
#include "store/signals_store.h"

#include "loaded_register.h"
#include "tmp_register.h"

#define A_GROUP_B "0014200000000002"   /* Groningen, matrix group B: a candidate */
#define A_COMBI "0014200000000001"     /* a combination dossier, not group B */
static const int64_t ID_GROUP_B = 14200000000002;
static const int64_t ID_COMBI = 14200000000001;
static const int64_t NOW = 1796083200; /* 2026-12-01T00:00:00Z */

static const sl_calendar no_extra = {0};

static const sl_actor planner = {.gebruiker = "p.planner", .trace_id = "t-1",
                                 .viewer = {.role = SL_ROLE_PLANNER}};
static const sl_actor zb = {.gebruiker = "k.postma", .trace_id = "t-2",
                            .viewer = {.role = SL_ROLE_ZAAKBEGELEIDER,
                                       .org = SL_ACCOUNT_ORG_IMG}};
static const int64_t own_list[] = {14200000000002};
static const sl_actor bewoner = {.gebruiker = "bewoner2",
                                 .viewer = {.role = SL_ROLE_BEWONER, .adressen = own_list,
                                            .n_adressen = 1}};
static const sl_actor mgmt = {.gebruiker = "m.beheer", .viewer = {.role = SL_ROLE_MANAGEMENT}};

static sl_opn_ctx ctx_of(const sl_actor *by)
{
    return (sl_opn_ctx){.by = by, .now = NOW, .cal = &no_extra};
}

static bool count_cb(void *ctx, const sl_log_record *r)
{
    (void)r;
    (*(int *)ctx)++;
    return true;
}

static int log_records(sl_store *st, int64_t address_id)
{
    int n = 0;
    assert_true(sl_store_log_scan(st, address_id, count_cb, &n));
    return n;
}

static bool request_count_cb(void *ctx, const sl_opnameverzoek *v)
{
    (void)v;
    (*(int *)ctx)++;
    return true;
}

static int requests(sl_store *st)
{
    int n = 0;
    assert_true(sl_store_opnameverzoeken_scan(st, -1, 0, request_count_cb, &n));
    return n;
}

/* Records a request from JSON text as `by`; the rc, res kept for the caller. */
static sl_outcome record(sl_store *st, const sl_actor *by, const char *json, sl_opn_result *res)
{
    json_t *body = json_loads(json, 0, NULL);
    assert_non_null(body);
    sl_opn_ctx c = ctx_of(by);
    sl_outcome rc = sl_opnameverzoek_record(st, &c, body, res);
    json_decref(body);
    return rc;
}

static const char *first_fault_field(const sl_opn_result *res)
{
    return json_string_value(json_object_get(json_array_get(res->fouten, 0), "veld"));
}

static void requests_who_and_what(void **state)
{
    (void)state;
    sl_store *st = open_small();
    sl_opn_result res = {0};
    /* a resident for another address: not found, nothing stored */
    assert_int_equal(record(st, &bewoner, "{\"nummeraanduiding_id\":\"" A_COMBI "\","
                                          "\"gezamenlijk\":true}", &res),
                     SL_NOT_FOUND);
    sl_opn_result_free(&res);
    /* management may not record */
    assert_int_equal(record(st, &mgmt, "{\"nummeraanduiding_id\":\"" A_GROUP_B "\","
                                       "\"gezamenlijk\":true}", &res),
                     SL_FORBIDDEN);
    sl_opn_result_free(&res);
    /* not a candidate (no group B, no totaalopname): the fault is at the address */
    assert_int_equal(record(st, &zb, "{\"nummeraanduiding_id\":\"" A_COMBI "\","
                                     "\"gezamenlijk\":true}", &res),
                     SL_INVALID);
    assert_string_equal(first_fault_field(&res), "nummeraanduiding_id");
    sl_opn_result_free(&res);
    /* bad input: every fault at its field, nothing stored, nothing logged */
    int logged = log_records(st, ID_GROUP_B);
    assert_int_equal(record(st, &bewoner, "{\"nummeraanduiding_id\":\"" A_GROUP_B "\","
                                          "\"gezamenlijk\":\"ja\",\"niet_beschikbaar\":"
                                          "[\"2027-02-30\"],\"voorkeur_weekdagen\":[\"zondagmiddag\"],"
                                          "\"kleur\":1}", &res),
                     SL_INVALID);
    assert_int_equal(json_array_size(res.fouten), 4);
    sl_opn_result_free(&res);
    assert_int_equal(requests(st), 0);
    assert_int_equal(log_records(st, ID_GROUP_B), logged);
    /* the resident for their own address: stored, logged in the same transaction */
    assert_int_equal(record(st, &bewoner, "{\"nummeraanduiding_id\":\"" A_GROUP_B "\","
                                          "\"gezamenlijk\":true,\"niet_beschikbaar\":"
                                          "[\"2027-04-14\",\"2027-04-13\"],"
                                          "\"vroegst_img\":\"2027-04-12\"}", &res),
                     SL_OK);
    assert_string_equal(json_string_value(json_object_get(res.data, "status")), "open");
    assert_string_equal(json_string_value(json_object_get(res.data, "gemeentecode")), "0014");
    /* kept ascending; an earliest date left out is the first working day after today */
    assert_string_equal(json_string_value(json_array_get(
                            json_object_get(res.data, "niet_beschikbaar"), 0)), "2027-04-13");
    assert_string_equal(json_string_value(json_object_get(res.data, "vroegst_ncg")),
                        "2026-12-02");
    int64_t id = json_integer_value(json_object_get(res.data, "id"));
    sl_opn_result_free(&res);
    assert_int_equal(log_records(st, ID_GROUP_B), logged + 1);
    /* one per address at a time */
    assert_int_equal(record(st, &zb, "{\"nummeraanduiding_id\":\"" A_GROUP_B "\","
                                     "\"gezamenlijk\":true}", &res),
                     SL_CONFLICT);
    sl_opn_result_free(&res);
    /* the resident sees their own in the list; withdrawing frees the address */
    sl_opn_ctx cb = ctx_of(&bewoner);
    assert_int_equal(sl_opnameverzoeken_list(st, &cb, NULL, &res), SL_OK);
    assert_int_equal(json_array_size(json_object_get(res.data, "opnameverzoeken")), 1);
    sl_opn_result_free(&res);
    assert_int_equal(sl_opnameverzoek_withdraw(st, &cb, id, 7, &res), SL_STALE);
    sl_opn_result_free(&res);
    assert_int_equal(sl_opnameverzoek_withdraw(st, &cb, id, 1, &res), SL_OK);
    sl_opn_result_free(&res);
    assert_int_equal(record(st, &zb, "{\"nummeraanduiding_id\":\"" A_GROUP_B "\","
                                     "\"gezamenlijk\":true}", &res),
                     SL_OK);
    sl_opn_result_free(&res);
    sl_store_close(st);
}

/* A totaalopname the resident asked for makes a combination dossier a candidate. */
static void totaalopname_makes_a_candidate(void **state)
{
    (void)state;
    sl_store *st = open_small();
    char err[200];
    assert_true(sl_dossier_set_element(st, ID_COMBI, SL_ELEMENT_TOTAALOPNAME,
                                       SL_ELEMENT_GEVRAAGD, 20790, &zb, err, sizeof err));
    sl_opn_result res = {0};
    assert_int_equal(record(st, &zb, "{\"nummeraanduiding_id\":\"" A_COMBI "\","
                                     "\"gezamenlijk\":true}", &res),
                     SL_OK);
    sl_opn_result_free(&res);
    sl_store_close(st);
}

static sl_outcome set_capacity(sl_store *st, const sl_actor *by, const char *json)
{
    json_t *body = json_loads(json, 0, NULL);
    assert_non_null(body);
    sl_opn_ctx c = ctx_of(by);
    sl_opn_result res = {0};
    sl_outcome rc = sl_capaciteit_set(st, &c, body, &res);
    sl_opn_result_free(&res);
    json_decref(body);
    return rc;
}

/* IMG two a day Monday to Friday, NCG one; NCG on leave on Wednesday 14 April 2027. */
static void weekly_rota(sl_store *st)
{
    static const char *const days[] = {"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"};
    char json[200];
    for (size_t d = 0; d < 5; d++) {
        snprintf(json, sizeof json, "{\"org\":\"IMG\",\"gemeentecode\":\"0014\","
                                    "\"weekdag\":\"%s\",\"opnames\":2}", days[d]);
        assert_int_equal(set_capacity(st, &planner, json), SL_OK);
        snprintf(json, sizeof json, "{\"org\":\"NCG\",\"gemeentecode\":\"0014\","
                                    "\"weekdag\":\"%s\",\"opnames\":1}", days[d]);
        assert_int_equal(set_capacity(st, &planner, json), SL_OK);
    }
    assert_int_equal(set_capacity(st, &planner, "{\"org\":\"NCG\",\"gemeentecode\":\"0014\","
                                                "\"datum\":\"2027-04-14\",\"opnames\":0}"),
                     SL_OK);
}

static void capacity_rules(void **state)
{
    (void)state;
    sl_store *st = open_small();
    /* only the planner edits capacity; bad input names the field */
    assert_int_equal(set_capacity(st, &zb, "{\"org\":\"IMG\",\"gemeentecode\":\"0014\","
                                           "\"weekdag\":\"maandag\",\"opnames\":2}"),
                     SL_FORBIDDEN);
    json_t *body = json_loads("{\"org\":\"KPN\",\"gemeentecode\":\"14\",\"weekdag\":\"maandag\","
                              "\"datum\":\"2027-04-12\",\"opnames\":-1}", 0, NULL);
    sl_opn_ctx c = ctx_of(&planner);
    sl_opn_result res = {0};
    assert_int_equal(sl_capaciteit_set(st, &c, body, &res), SL_INVALID);
    assert_int_equal(json_array_size(res.fouten), 4); /* org, gemeentecode, datum, opnames */
    json_decref(body);
    sl_opn_result_free(&res);
    weekly_rota(st);
    /* expanded: working days only (King's Day, Tuesday 27 April 2027, is off), the
     * exception replaces the rota */
    sl_plan_capacity *caps = NULL;
    size_t n = 0;
    assert_true(sl_capaciteit_days(st, &no_extra, 20920, 20938, &caps, &n));
    int img = 0, ncg = 0;
    bool kings_day = false, leave_zero = false;
    for (size_t i = 0; i < n; i++) {
        char d[11];
        sl_date_format(caps[i].day, d);
        kings_day |= strcmp(d, "2027-04-27") == 0;
        leave_zero |= strcmp(d, "2027-04-14") == 0 && caps[i].org == SL_PLAN_NCG &&
                      caps[i].opnames == 0;
        *(caps[i].org == SL_PLAN_IMG ? &img : &ncg) += caps[i].opnames;
    }
    sl_free(caps);
    assert_false(kings_day);
    assert_true(leave_zero);
    /* 12-16, 19-23 and 26-30 April minus King's Day: 14 working days */
    assert_int_equal(img, 2 * 14);
    assert_int_equal(ncg, 14 - 1);
    sl_store_close(st);
}

static bool signal_cb(void *ctx, const sl_signal *s)
{
    int *n = ctx;
    if (s->regel == 10)
        (*n)++;
    return true;
}

static json_t *plan(sl_store *st, const char *van, const char *tot, bool store)
{
    sl_opn_ctx c = ctx_of(&planner);
    sl_opn_result res = {0};
    assert_int_equal(sl_planning_make(st, &c, van, tot, store, &res), SL_OK);
    json_t *data = res.data;
    res.data = NULL;
    sl_opn_result_free(&res);
    return data;
}

static sl_outcome move(sl_store *st, int64_t plan_id, int64_t versie, int64_t request,
                      const char *img, const char *ncg, sl_opn_result *res)
{
    json_t *body = json_pack("{s:I, s:s, s:s}", "opnameverzoek_id", (json_int_t)request, "img",
                             img, "ncg", ncg);
    sl_opn_ctx c = ctx_of(&planner);
    sl_outcome rc = sl_planning_move(st, &c, plan_id, versie, body, res);
    json_decref(body);
    return rc;
}

static void plan_adjust_confirm(void **state)
{
    (void)state;
    sl_store *st = open_small();
    weekly_rota(st);
    sl_opn_result res = {0};
    assert_int_equal(record(st, &bewoner, "{\"nummeraanduiding_id\":\"" A_GROUP_B "\","
                                          "\"gezamenlijk\":true,\"niet_beschikbaar\":"
                                          "[\"2027-04-12\"],\"vroegst_img\":\"2027-04-12\","
                                          "\"vroegst_ncg\":\"2027-04-12\"}", &res),
                     SL_OK);
    int64_t req = json_integer_value(json_object_get(res.data, "id"));
    sl_opn_result_free(&res);
    /* only the planner plans */
    sl_opn_ctx cz = ctx_of(&zb);
    assert_int_equal(sl_planning_make(st, &cz, "2027-04-12", "2027-04-23", false, &res),
                     SL_FORBIDDEN);
    sl_opn_result_free(&res);
    sl_opn_ctx cp = ctx_of(&planner);
    assert_int_equal(sl_planning_make(st, &cp, "2027-04-23", "2027-04-12", false, &res),
                     SL_INVALID);
    assert_string_equal(first_fault_field(&res), "tot");
    sl_opn_result_free(&res);
    /* the earliest pair: Tuesday 13 April, both bodies */
    json_t *p = plan(st, "2027-04-12", "2027-04-23", true);
    json_t *pair = json_array_get(json_object_get(p, "gepland"), 0);
    assert_string_equal(json_string_value(json_object_get(pair, "img")), "2027-04-13");
    assert_string_equal(json_string_value(json_object_get(pair, "ncg")), "2027-04-13");
    int64_t id = json_integer_value(json_object_get(json_object_get(p, "planning"), "id"));
    json_decref(p);
    /* moves are checked by the core: unavailable, NCG's leave, too far apart */
    assert_int_equal(move(st, id, 1, req, "2027-04-12", "2027-04-13", &res), SL_INVALID);
    assert_string_equal(first_fault_field(&res), "img");
    sl_opn_result_free(&res);
    assert_int_equal(move(st, id, 1, req, "2027-04-14", "2027-04-14", &res), SL_INVALID);
    assert_string_equal(first_fault_field(&res), "ncg");
    sl_opn_result_free(&res);
    assert_int_equal(move(st, id, 1, req, "2027-04-15", "2027-04-19", &res), SL_INVALID);
    sl_opn_result_free(&res);
    assert_int_equal(move(st, id, 5, req, "2027-04-15", "2027-04-16", &res), SL_STALE);
    sl_opn_result_free(&res);
    assert_int_equal(move(st, id, 1, req, "2027-04-15", "2027-04-16", &res), SL_OK);
    assert_int_equal(res.versie, 2);
    sl_opn_result_free(&res);
    /* confirming: inspections of both bodies, the dossier, rule 10, the log */
    int logged = log_records(st, ID_GROUP_B);
    assert_int_equal(sl_planning_confirm(st, &cp, id, 1, &res), SL_STALE);
    sl_opn_result_free(&res);
    assert_int_equal(sl_planning_confirm(st, &cp, id, 2, &res), SL_OK);
    assert_string_equal(json_string_value(json_object_get(res.data, "status")), "bevestigd");
    sl_opn_result_free(&res);
    assert_int_equal(sl_planning_confirm(st, &cp, id, SL_VERSIE_ANY, &res), SL_CONFLICT);
    sl_opn_result_free(&res);
    assert_true(log_records(st, ID_GROUP_B) > logged);
    sl_dossier_row row;
    bool found;
    assert_true(sl_store_dossier_get(st, ID_GROUP_B, &row, &found));
    assert_true(found);
    assert_string_equal(row.samenwerking, "gezamenlijke_opname_gepland");
    sl_signal_filter f = {.regel = 10, .status = -1, .address_id = ID_GROUP_B};
    int raised = 0;
    assert_true(sl_store_signals_scan(st, &f, signal_cb, &raised));
    assert_int_equal(raised, 1);
    /* the resident reads both dates in plain Dutch */
    sl_opn_ctx cb = ctx_of(&bewoner);
    assert_int_equal(sl_opnameverzoek_show(st, &cb, req, &res), SL_OK);
    assert_int_equal(json_array_size(json_object_get(res.data, "opnames")), 2);
    assert_string_equal(json_string_value(json_object_get(res.data, "tekst")),
                        "IMG komt op donderdag 15 april 2027 voor de schade-opname en NCG op "
                        "vrijdag 16 april 2027 voor de opname voor de versterking.");
    sl_opn_result_free(&res);
    /* a confirmed request cannot be withdrawn here, and re-planning leaves it alone */
    assert_int_equal(sl_opnameverzoek_withdraw(st, &cb, req, SL_VERSIE_ANY, &res),
                     SL_CONFLICT);
    sl_opn_result_free(&res);
    p = plan(st, "2027-04-12", "2027-04-23", false);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "kwaliteit"),
                                                        "verzoeken")), 0);
    json_decref(p);
    /* the confirmed inspections take their capacity: NCG has none left on 16 April */
    sl_plan_capacity *caps = NULL;
    size_t n = 0;
    assert_true(sl_capaciteit_days(st, &no_extra, 20924, 20924, &caps, &n));
    for (size_t i = 0; i < n; i++)
        if (caps[i].org == SL_PLAN_NCG)
            assert_int_equal(caps[i].opnames, 0);
    sl_free(caps);
    sl_store_close(st);
}

/* {"gepland", "gedaan"} of the area's total on `today`, nothing hidden. */
static void joint_figures(sl_store *st, sl_date today, int64_t gepland, int64_t gedaan)
{
    sl_sharing_config cfg;
    sl_sharing_config_default(&cfg);
    cfg.min_aantal = 1;
    json_t *o = NULL;
    assert_true(sl_opname_stats_json(st, &cfg, today, NULL, &o));
    json_t *tot = json_object_get(o, "totaal");
    assert_int_equal(json_integer_value(json_object_get(tot, "gepland")), gepland);
    assert_int_equal(json_integer_value(json_object_get(tot, "gedaan")), gedaan);
    assert_int_equal(json_array_size(json_object_get(o, "gemeenten")), gepland + gedaan ? 1 : 0);
    json_decref(o);
}

/* The dashboard's figures: a confirmed pair is planned until both its days have passed
 * (decision 202), then done; a request not confirmed is neither. */
static void joint_inspection_figures(void **state)
{
    (void)state;
    sl_store *st = open_small();
    weekly_rota(st);
    sl_opn_result res = {0};
    assert_int_equal(record(st, &zb, "{\"nummeraanduiding_id\":\"" A_GROUP_B "\","
                                     "\"gezamenlijk\":true,\"vroegst_img\":\"2027-04-15\","
                                     "\"vroegst_ncg\":\"2027-04-15\"}", &res),
                     SL_OK);
    sl_opn_result_free(&res);
    json_t *p = plan(st, "2027-04-12", "2027-04-23", true);
    int64_t id = json_integer_value(json_object_get(json_object_get(p, "planning"), "id"));
    json_decref(p);
    joint_figures(st, ymd(2027, 4, 1), 0, 0); /* a concept has no inspections */
    sl_opn_ctx cp = ctx_of(&planner);
    assert_int_equal(sl_planning_confirm(st, &cp, id, 1, &res), SL_OK);
    sl_opn_result_free(&res);
    joint_figures(st, ymd(2027, 4, 1), 1, 0);
    joint_figures(st, ymd(2027, 4, 15), 1, 0); /* the day itself: not yet done */
    joint_figures(st, ymd(2027, 5, 1), 0, 1);
    sl_store_close(st);
}

/* Capacity's versie is a hash of its lines: a change since the planner looked is refused. */
static void capacity_versie(void **state)
{
    (void)state;
    sl_store *st = open_small();
    sl_opn_ctx c = ctx_of(&planner);
    sl_opn_result res = {0};
    assert_int_equal(sl_capaciteit_list(st, &c, "0014", &res), SL_OK);
    int64_t seen = res.versie;
    assert_true(seen > 0);
    sl_opn_result_free(&res);
    json_t *line = json_pack("{s:s, s:s, s:s, s:i}", "org", "IMG", "gemeentecode", "0014",
                             "weekdag", "maandag", "opnames", 2);
    assert_int_equal(sl_capaciteit_set_if(st, &c, line, seen, &res), SL_OK);
    int64_t now = res.versie;
    assert_true(now != seen);
    sl_opn_result_free(&res);
    json_object_set_new(line, "opnames", json_integer(4));
    assert_int_equal(sl_capaciteit_set_if(st, &c, line, seen, &res), SL_STALE);
    sl_opn_result_free(&res);
    assert_int_equal(sl_capaciteit_list(st, &c, "0014", &res), SL_OK);
    assert_int_equal(res.versie, now);
    json_t *r0 = json_array_get(json_object_get(res.data, "rooster"), 0);
    assert_int_equal(json_integer_value(json_object_get(r0, "opnames")), 2);
    sl_opn_result_free(&res);
    json_decref(line);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(requests_who_and_what),
        cmocka_unit_test(totaalopname_makes_a_candidate),
        cmocka_unit_test(capacity_rules),
        cmocka_unit_test(plan_adjust_confirm),
        cmocka_unit_test(joint_inspection_figures),
        cmocka_unit_test(capacity_versie),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
