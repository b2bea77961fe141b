/*
 * test_termijn_signalen.c - the sweep's term signals and compensations
 * (service/termijnbeheer.h sl_termijnsignalen_sweep, decisions 186-190) in a
 * real register, on either store: a term nearing its end raises rule 11 to
 * the body's case worker, due on the term's end; a second run raises nothing;
 * the signal is closed by the system with its reason when the term is missed
 * (and rule 12 raised) or extended; a running penalty raises rule 13 until the
 * notice is decided; an NCG step term counts once NCG sets it; a final
 * compensation is booked once; an escalation raises rule 14 for the
 * interventieteam until the case is closed.
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

#include "service/import.h"
#include "service/sharing.h"
#include "service/termijnbeheer.h"
#include "service/termijnen.h"
#include "store/store.h"

#include "test_sql.h"
#include "loaded_register.h"

#define A1 INT64_C(14200000000001) /* IMG-001's and NCG-0001's address in tests/data/small */

static const sl_actor zb = {.gebruiker = "k.postma",
                            .viewer = {.role = SL_ROLE_ZAAKBEGELEIDER, .org = SL_ACCOUNT_ORG_IMG}};
static const sl_actor beheer = {.gebruiker = "beheer", .viewer = {.role = SL_ROLE_BEHEERDER}};
static const sl_actor it = {.gebruiker = "i.team", .viewer = {.role = SL_ROLE_INTERVENTIETEAM}};

static sl_termijnsignalen_telling sweep(sl_store *st, sl_date today)
{
    sl_termijnsignalen_telling t;
    if (!sl_termijnsignalen_sweep(st, NULL, today, &t))
        fail_msg("sweep: %s", sl_store_errmsg(st));
    return t;
}

static long long count(const char *where)
{
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM signaal WHERE %s", where);
    return test_sql_int(db, sql);
}

static void publish(sl_store *st, const char *definitions)
{
    json_t *defs = json_loads(definitions, 0, NULL);
    assert_non_null(defs);
    int32_t versie;
    char err[256];
    if (sl_termijnregels_publiceer(st, &beheer, "test", defs, &versie, err, sizeof err) != SL_OK)
        fail_msg("publish: %s", err);
    json_decref(defs);
}

static void a_term_nearing_its_end_is_raised_once_and_closed_when_missed(void **state)
{
    (void)state;
    sl_store *st = open_small();
    /* IMG-001: received 2021-06-20, IMG decides by 2021-12-19, warned 30 days ahead */
    sl_termijnsignalen_telling t = sweep(st, ymd(2021, 11, 18));
    assert_int_equal(count("regel = 11 AND nummeraanduiding_id = 14200000000001"), 0);
    assert_true(t.aangemaakt > 0); /* the claims already past their 182 days: rule 12 */
    t = sweep(st, ymd(2021, 11, 19)); /* 30 days before the end */
    assert_int_equal(t.aangemaakt, 1);
    assert_int_equal(count("regel = 11 AND status = 'open' AND nummeraanduiding_id = "
                           "14200000000001 AND variant = 'img_beslistermijn' AND "
                           "vervalt_op = '2021-12-19'"),
                     1);
    /* to IMG's case worker only: the term is IMG's */
    char who[200];
    test_sql_text(db,
                  "SELECT a.rol || '/' || a.org || '/' || a.persoon FROM signaal_adressaat a "
                  "JOIN signaal s ON s.id = a.signaal_id WHERE s.regel = 11 AND "
                  "s.nummeraanduiding_id = 14200000000001",
                  who, sizeof who);
    assert_string_equal(who, "zaakbegeleider/IMG/K. Postma");
    assert_int_equal(count("regel = 11 AND nummeraanduiding_id = 14200000000001 AND "
                           "(SELECT count(*) FROM signaal_adressaat a WHERE a.signaal_id = "
                           "signaal.id) = 1"),
                     1);

    /* the same day again, and the next: nothing new, nothing closed */
    long long all = count("regel IN (11, 12, 13)");
    t = sweep(st, ymd(2021, 11, 19));
    assert_int_equal(t.aangemaakt, 0);
    assert_int_equal(t.vervallen, 0);
    t = sweep(st, ymd(2021, 11, 20));
    assert_int_equal(t.aangemaakt, 0);
    assert_int_equal(count("regel IN (11, 12, 13)"), all);

    /* missed: rule 11 is closed by the system with its reason, rule 12 raised */
    t = sweep(st, ymd(2021, 12, 20));
    assert_true(t.vervallen >= 1);
    char reden[300];
    test_sql_text(db,
                  "SELECT afgerond_door || ': ' || reden FROM signaal WHERE regel = 11 AND "
                  "nummeraanduiding_id = 14200000000001 AND status = 'afgerond'",
                  reden, sizeof reden);
    assert_string_equal(reden, "samenloop: Vervallen: de termijn is gehaald, verlengd of "
                               "opgeschort, of inmiddels verstreken.");
    assert_int_equal(count("regel = 12 AND status = 'open' AND nummeraanduiding_id = "
                           "14200000000001 AND vervalt_op = '2021-12-19'"),
                     1);

    /* extended to 1 March 2022: no longer missed, and not yet within its warning lead */
    sl_termijn_zaak z = {.soort = "img_beslistermijn", .img_id = "IMG-001"};
    int64_t id;
    char err[256];
    assert_int_equal(sl_termijn_verlengen(st, &zb, &z, ymd(2022, 3, 1), "wacht op expertise",
                                          &id, err, sizeof err),
                     SL_OK);
    t = sweep(st, ymd(2021, 12, 21));
    assert_int_equal(count("regel IN (11, 12) AND status = 'open' AND nummeraanduiding_id = "
                           "14200000000001"),
                     0);
    test_sql_text(db,
                  "SELECT reden FROM signaal WHERE regel = 12 AND "
                  "nummeraanduiding_id = 14200000000001 AND status = 'afgerond'",
                  reden, sizeof reden);
    assert_string_equal(reden, "Vervallen: het besluit of de stap is er, of de termijn is "
                               "verlengd of opgeschort.");
    /* every closing is logged by the system; the raising run as one record */
    assert_true(test_sql_int(db, "SELECT count(*) FROM logboek WHERE gebruiker = 'samenloop' "
                                 "AND categorieen LIKE 'signaal%'") >= 2);
    sl_store_close(st);
}

static void a_running_penalty_is_raised_until_the_decision(void **state)
{
    (void)state;
    sl_store *st = open_small();
    sl_ingebrekestelling n;
    char err[256];
    assert_int_equal(sl_ingebrekestelling_registreren(st, &zb, "IMG-001", NULL, ymd(2021, 11, 1),
                                                      ymd(2021, 11, 1), &n, err, sizeof err),
                     SL_OK);
    sweep(st, ymd(2021, 11, 15)); /* the two weeks after receipt */
    assert_int_equal(count("regel = 13"), 0);
    sweep(st, ymd(2021, 11, 16));
    /* due the day the penalty reaches its maximum: receipt + 56 days */
    assert_int_equal(count("regel = 13 AND status = 'open' AND variant = 'img' AND "
                           "nummeraanduiding_id = 14200000000001 AND vervalt_op = '2021-12-27'"),
                     1);
    sweep(st, ymd(2021, 11, 17));
    assert_int_equal(count("regel = 13"), 1);
    assert_int_equal(sl_ingebrekestelling_beslissen(st, &zb, n.id, 0, ymd(2021, 11, 20), &n, err,
                                                    sizeof err),
                     SL_OK);
    sl_termijnsignalen_telling t = sweep(st, ymd(2021, 11, 21));
    assert_true(t.vervallen >= 1);
    assert_int_equal(count("regel = 13 AND status = 'afgerond' AND reden = 'Vervallen: er is "
                           "beslist op de ingebrekestelling.'"),
                     1);
    sl_store_close(st);
}

/* NCG-0009 (address ...09) is in step 3.1 since 2021-01-01; NCG's guide is I. Dijkstra. */
static void a_step_term_counts_once_ncg_sets_it(void **state)
{
    (void)state;
    sl_store *st = open_small();
    sweep(st, ymd(2021, 9, 1));
    assert_int_equal(count("variant LIKE 'ncg_stap%'"), 0); /* the shipped assumption */
    publish(st, "[{\"soort\":\"ncg_stap_3_1\",\"omschrijving\":\"NCG beoordeelt het huis\","
                "\"organisatie\":\"NCG\",\"start_gebeurtenis\":\"stap_3.1\","
                "\"eind_gebeurtenis\":\"stap_4.1\",\"lengte\":91,\"eenheid\":\"dagen\","
                "\"verantwoordelijke\":\"overheid\",\"opschortbaar\":true,"
                "\"waarschuwing_dagen\":14}]");
    sweep(st, ymd(2021, 9, 1));
    /* 91 days from 1 January end on 2 April: missed, to NCG's guide */
    assert_int_equal(count("regel = 12 AND status = 'open' AND variant = 'ncg_stap_3_1' AND "
                           "nummeraanduiding_id = 14200000000009 AND vervalt_op = '2021-04-02'"),
                     1);
    char who[200];
    test_sql_text(db,
                  "SELECT a.rol || '/' || a.org || '/' || a.persoon FROM signaal_adressaat a "
                  "JOIN signaal s ON s.id = a.signaal_id WHERE s.regel = 12 AND "
                  "s.variant = 'ncg_stap_3_1' AND s.nummeraanduiding_id = 14200000000009",
                  who, sizeof who);
    assert_string_equal(who, "bewonersbegeleider/NCG/I. Dijkstra");
    sl_store_close(st);
}

static long long compensations(void)
{
    return test_sql_int(db, "SELECT count(*) FROM grootboekpost WHERE soort = 'compensatie'");
}

/* IMG's target made fatal with a scheme of EUR 10 a day, at most EUR 50 (decision 189). */
static void a_final_compensation_is_booked_once(void **state)
{
    (void)state;
    sl_store *st = open_small();
    publish(st, "[{\"soort\":\"img_beslistermijn\",\"omschrijving\":\"IMG beslist\","
                "\"organisatie\":\"IMG\",\"start_gebeurtenis\":\"ontvangen_op\","
                "\"eind_gebeurtenis\":\"beschikking\",\"lengte\":182,\"eenheid\":\"dagen\","
                "\"fataal\":true,\"verantwoordelijke\":\"overheid\",\"opschortbaar\":true,"
                "\"waarschuwing_dagen\":30,\"compensatie_per_dag\":1000,"
                "\"compensatie_max\":5000}]");
    /* IMG-001 ends 2021-12-19: on the 21st two days are owed, still growing: not booked */
    sl_termijnsignalen_telling t = sweep(st, ymd(2021, 12, 21));
    assert_int_equal(test_sql_int(db, "SELECT count(*) FROM grootboekpost WHERE "
                                      "nummeraanduiding_id = 14200000000001"),
                     0);
    long long before = compensations();
    assert_int_equal(t.compensaties, before);
    /* on the 24th the maximum is reached (5 days): booked, dated the day it was reached */
    t = sweep(st, ymd(2021, 12, 24));
    assert_int_equal(t.compensaties, 1);
    char row[300];
    test_sql_text(db,
                  "SELECT organisatie || '|' || bedrag_centen || '|' || datum || '|' || door || "
                  "'|' || reden FROM grootboekpost WHERE nummeraanduiding_id = 14200000000001",
                  row, sizeof row);
    assert_string_equal(row, "IMG|5000|2021-12-24|samenloop|Compensatie img_beslistermijn "
                             "IMG-001: 5 dagen na het einde van de fatale termijn op 2021-12-19 "
                             "(automatisch geboekt)");
    /* again, and later: nothing more */
    t = sweep(st, ymd(2021, 12, 24));
    assert_int_equal(t.compensaties, 0);
    t = sweep(st, ymd(2022, 2, 1));
    assert_int_equal(t.compensaties, 0);
    assert_int_equal(compensations(), before + 1);
    assert_true(test_sql_int(db, "SELECT count(*) FROM logboek WHERE categorieen = "
                                 "'grootboek,termijn:compensatie'") >= 1);
    sl_store_close(st);
}

static bool assigned(sl_store *st)
{
    bool yes = false;
    assert_true(sl_sharing_assigned(st, &it.viewer, A1, &yes));
    return yes;
}

static void an_escalation_is_the_interventieteams_signal_until_closed(void **state)
{
    (void)state;
    sl_store *st = open_small();
    assert_false(assigned(st));
    sl_escalatie e;
    bool nieuw;
    char err[256];
    assert_int_equal(sl_escalatie_aanmelden(st, NULL, A1, "termijn_tweemaal_gemist",
                                            ymd(2021, 12, 1), &e, &nieuw, err, sizeof err),
                     SL_OK);
    assert_true(nieuw);
    assert_int_equal(count("regel = 14 AND status = 'open' AND variant = "
                           "'termijn_tweemaal_gemist' AND vervalt_op = '2021-12-11'"),
                     1);
    assert_int_equal(test_sql_int(db, "SELECT count(*) FROM signaal_adressaat a JOIN signaal s "
                                      "ON s.id = a.signaal_id WHERE s.regel = 14 AND "
                                      "a.rol = 'interventieteam'"),
                     1);
    assert_true(assigned(st)); /* the team's basis for the dossier */
    /* reported again while open: no second signal */
    assert_int_equal(sl_escalatie_aanmelden(st, NULL, A1, "termijn_tweemaal_gemist",
                                            ymd(2021, 12, 2), &e, &nieuw, err, sizeof err),
                     SL_OK);
    assert_false(nieuw);
    assert_int_equal(count("regel = 14"), 1);
    assert_int_equal(sl_escalatie_wijzigen(st, &it, e.id, e.versie, "gesloten", NULL, &e, err,
                                           sizeof err),
                     SL_OK);
    assert_int_equal(count("regel = 14 AND status = 'afgerond' AND reden = 'Vervallen: de "
                           "escalatie is gesloten.'"),
                     1);
    assert_false(assigned(st));
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_term_nearing_its_end_is_raised_once_and_closed_when_missed),
        cmocka_unit_test(a_running_penalty_is_raised_until_the_decision),
        cmocka_unit_test(a_step_term_counts_once_ncg_sets_it),
        cmocka_unit_test(a_final_compensation_is_booked_once),
        cmocka_unit_test(an_escalation_is_the_interventieteams_signal_until_closed),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
