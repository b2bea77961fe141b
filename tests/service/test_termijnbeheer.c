/*
 * test_termijnbeheer.c - what people record about terms (service/termijnbeheer.h)
 * in a real register, on either store: the term table's versions, a
 * suspension and an extension moving a claim's end, a notice of default whose
 * decision books the penalty in the body's ledger, an escalation from
 * report to decision, and the interventieteam's list selected by the store.
 * Bad input is refused and changes nothing; every change leaves a
 * processing-log record.
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
#include "service/termijnbeheer.h"
#include "service/termijnen.h"
#include "store/records_store.h"
#include "store/store.h"

#include "loaded_register.h"

#define A1 INT64_C(14200000000001) /* IMG-001's address in tests/data/small */
#define A4 INT64_C(10200000000004) /* in municipality 1979, though its id begins 0010 */

static const sl_actor zb = {.gebruiker = "k.postma",
                            .viewer = {.role = SL_ROLE_ZAAKBEGELEIDER, .org = SL_ACCOUNT_ORG_IMG}};
static const sl_actor bb = {.gebruiker = "a.jansma",
                            .viewer = {.role = SL_ROLE_BEWONERSBEGELEIDER,
                                       .org = SL_ACCOUNT_ORG_NCG}};
static const sl_actor beheer = {.gebruiker = "beheer", .viewer = {.role = SL_ROLE_BEHEERDER}};
static const sl_actor it = {.gebruiker = "i.team", .viewer = {.role = SL_ROLE_INTERVENTIETEAM}};

static bool count_cb(void *ctx, const sl_log_record *r)
{
    (void)r;
    ++*(int *)ctx;
    return true;
}

static int log_count(sl_store *st)
{
    int n = 0;
    assert_true(sl_logboek_list(st, 0, count_cb, &n));
    return n;
}

typedef struct one_term {
    const char *img_id;
    sl_date einde;
    sl_termijn_status status;
    int32_t regelversie;
} one_term;

static bool find_cb(void *ctx, const sl_termijn_item *t)
{
    one_term *o = ctx;
    if (strcmp(t->img_id, o->img_id) == 0) {
        o->einde = t->uitkomst.einde;
        o->status = t->uitkomst.status;
        o->regelversie = t->def->regelversie;
    }
    return true;
}

static one_term term_of(sl_store *st, const char *img_id, sl_date today)
{
    one_term o = {.img_id = img_id, .einde = SL_DATE_NONE};
    assert_true(sl_termijnen_list(st, NULL, today, find_cb, &o, NULL));
    return o;
}

static json_t *definitions(int lengte)
{
    char text[400];
    snprintf(text, sizeof text,
             "[{\"soort\":\"img_beslistermijn\",\"omschrijving\":\"IMG beslist\","
             "\"organisatie\":\"IMG\",\"start_gebeurtenis\":\"ontvangen_op\","
             "\"eind_gebeurtenis\":\"beschikking\",\"lengte\":%d,\"eenheid\":\"dagen\","
             "\"verantwoordelijke\":\"overheid\",\"opschortbaar\":true,"
             "\"waarschuwing_dagen\":30}]",
             lengte);
    json_t *j = json_loads(text, 0, NULL);
    assert_non_null(j);
    return j;
}

static void the_term_table_is_versioned(void **state)
{
    (void)state;
    sl_store *st = open_small();
    char err[256];
    sl_termijnregels r;
    assert_true(sl_termijnregels_laden(st, &r));
    assert_int_equal(r.versie, 1);
    assert_non_null(sl_termijnregels_def(&r, "img_beslistermijn"));
    /* IMG-001: received 2021-06-20, 182 days: 2021-12-19 */
    one_term t = term_of(st, "IMG-001", ymd(2021, 9, 1));
    assert_int_equal(t.einde, ymd(2021, 12, 19));
    assert_int_equal(t.regelversie, 1);

    json_t *defs = definitions(200);
    int32_t versie = 0;
    assert_int_equal(sl_termijnregels_publiceer(st, &zb, "langer", defs, &versie, err, sizeof err),
                     SL_FORBIDDEN);
    int before = log_count(st);
    assert_int_equal(sl_termijnregels_publiceer(st, &beheer, "IMG 200 dagen", defs, &versie, err,
                                                sizeof err),
                     SL_OK);
    json_decref(defs);
    assert_int_equal(versie, 2); /* the shipped table was stored as version 1 first */
    assert_int_equal(log_count(st), before + 1);
    t = term_of(st, "IMG-001", ymd(2021, 9, 1));
    assert_int_equal(t.einde, ymd(2022, 1, 6));
    assert_int_equal(t.regelversie, 2);

    /* a negative length is refused and the version in force stays */
    defs = definitions(-5);
    assert_int_equal(sl_termijnregels_publiceer(st, &beheer, "fout", defs, &versie, err,
                                                sizeof err),
                     SL_INVALID);
    json_decref(defs);
    assert_non_null(strstr(err, "lengte"));
    assert_true(sl_termijnregels_laden(st, &r));
    assert_int_equal(r.versie, 2);
    assert_int_equal(log_count(st), before + 1);
    sl_store_close(st);
}

static void suspension_and_extension_move_the_end(void **state)
{
    (void)state;
    sl_store *st = open_small();
    char err[256];
    sl_termijn_zaak z = {.soort = "img_beslistermijn", .img_id = "IMG-001"};
    int64_t id = 0, end_id = 0;
    /* NCG does not suspend IMG's term; a suspension ending before it starts is refused */
    assert_int_equal(sl_termijn_opschorten(st, &bb, &z, ymd(2021, 8, 1), SL_DATE_NONE, 0, "x",
                                           &id, err, sizeof err),
                     SL_FORBIDDEN);
    assert_int_equal(sl_termijn_opschorten(st, &zb, &z, ymd(2021, 8, 1), ymd(2021, 7, 1), 0,
                                           "wacht op bewoner", &id, err, sizeof err),
                     SL_INVALID);
    int before = log_count(st);
    /* running from 1 August: on 5 August the term is suspended */
    assert_int_equal(sl_termijn_opschorten(st, &zb, &z, ymd(2021, 8, 1), SL_DATE_NONE, 0,
                                           "wacht op stukken van de bewoner", &id, err,
                                           sizeof err),
                     SL_OK);
    assert_int_equal(term_of(st, "IMG-001", ymd(2021, 8, 5)).status, SL_TERMIJN_OPGESCHORT);
    /* ended on 11 August: 10 days added, 2021-12-19 becomes 2021-12-29 */
    assert_int_equal(sl_termijn_opschorten(st, &zb, &z, SL_DATE_NONE, ymd(2021, 8, 11), id,
                                           "stukken ontvangen", &end_id, err, sizeof err),
                     SL_OK);
    assert_int_equal(sl_termijn_opschorten(st, &zb, &z, SL_DATE_NONE, ymd(2021, 8, 12), id,
                                           "nog eens", &end_id, err, sizeof err),
                     SL_CONFLICT);
    one_term t = term_of(st, "IMG-001", ymd(2021, 9, 1));
    assert_int_equal(t.einde, ymd(2021, 12, 29));
    assert_int_equal(t.status, SL_TERMIJN_LOPEND);
    /* an extension before the start is refused; a later one counts */
    assert_int_equal(sl_termijn_verlengen(st, &zb, &z, ymd(2021, 1, 1), "te vroeg", &id, err,
                                          sizeof err),
                     SL_INVALID);
    assert_int_equal(sl_termijn_verlengen(st, &zb, &z, ymd(2022, 1, 31),
                                          "complexe schade, deskundige nodig", &id, err,
                                          sizeof err),
                     SL_OK);
    t = term_of(st, "IMG-001", ymd(2021, 9, 1));
    assert_true(t.einde >= ymd(2022, 1, 31));
    assert_int_equal(log_count(st), before + 3);
    /* the other claims keep their end */
    assert_int_equal(term_of(st, "IMG-002", ymd(2021, 9, 1)).einde, ymd(2021, 10, 30));
    sl_store_close(st);
}

static void a_notice_books_its_penalty_in_the_ledger(void **state)
{
    (void)state;
    sl_store *st = open_small();
    char err[256];
    sl_ingebrekestelling n;
    assert_int_equal(sl_ingebrekestelling_registreren(st, &bb, "IMG-001", NULL, ymd(2025, 3, 3),
                                                      ymd(2025, 3, 10), &n, err, sizeof err),
                     SL_FORBIDDEN);
    assert_int_equal(sl_ingebrekestelling_registreren(st, &zb, "IMG-001", NULL, ymd(2025, 3, 3),
                                                      ymd(2025, 3, 1), &n, err, sizeof err),
                     SL_INVALID); /* received in the future */
    assert_int_equal(sl_ingebrekestelling_registreren(st, &zb, "IMG-404", NULL, ymd(2025, 3, 3),
                                                      ymd(2025, 3, 10), &n, err, sizeof err),
                     SL_NOT_FOUND);
    assert_int_equal(sl_ingebrekestelling_registreren(st, &zb, "IMG-001", NULL, ymd(2025, 3, 3),
                                                      ymd(2025, 3, 10), &n, err, sizeof err),
                     SL_OK);
    int before = log_count(st);
    /* a decision before the notice: refused, nothing booked */
    sl_ingebrekestelling d;
    assert_int_equal(sl_ingebrekestelling_beslissen(st, &zb, n.id, n.versie, ymd(2025, 3, 2), &d,
                                                    err, sizeof err),
                     SL_INVALID);
    assert_int_equal(sl_ingebrekestelling_beslissen(st, &zb, n.id, n.versie + 7, ymd(2025, 4, 28),
                                                    &d, err, sizeof err),
                     SL_STALE);
    assert_int_equal(log_count(st), before);
    /* decided on 28 April: 42 penalty days, EUR 1,442 owed */
    assert_int_equal(sl_ingebrekestelling_beslissen(st, &zb, n.id, n.versie, ymd(2025, 4, 28), &d,
                                                    err, sizeof err),
                     SL_OK);
    assert_int_equal(d.beslist_op, ymd(2025, 4, 28));
    assert_int_equal(sl_ingebrekestelling_beslissen(st, &zb, n.id, 0, ymd(2025, 4, 29), &d, err,
                                                    sizeof err),
                     SL_CONFLICT);
    sl_grootboekpost p = {.address_id = A1, .bedrag_centen = 100000, .datum = ymd(2025, 5, 1),
                          .ingebrekestelling_id = n.id};
    snprintf(p.organisatie, sizeof p.organisatie, "IMG");
    snprintf(p.soort, sizeof p.soort, "betaling");
    snprintf(p.reden, sizeof p.reden, "eerste betaling");
    assert_int_equal(sl_grootboek_boeken(st, &bb, &p, err, sizeof err), SL_FORBIDDEN);
    p.bedrag_centen = -1;
    assert_int_equal(sl_grootboek_boeken(st, &zb, &p, err, sizeof err), SL_INVALID);
    p.bedrag_centen = 100000;
    assert_int_equal(sl_grootboek_boeken(st, &zb, &p, err, sizeof err), SL_OK);
    json_t *l = NULL;
    assert_int_equal(sl_grootboek_json(st, &bb, "IMG", &l, err, sizeof err), SL_FORBIDDEN);
    assert_int_equal(sl_grootboek_json(st, &zb, "IMG", &l, err, sizeof err), SL_OK);
    assert_int_equal(json_integer_value(json_object_get(l, "verschuldigd_centen")), 144200);
    assert_int_equal(json_integer_value(json_object_get(l, "betaald_centen")), 100000);
    assert_int_equal(json_integer_value(json_object_get(l, "saldo_centen")), 44200);
    assert_int_equal(json_array_size(json_object_get(l, "posten")), 2);
    json_decref(l);
    assert_int_equal(log_count(st), before + 2);
    /* the NCG ledger holds none of it */
    assert_int_equal(sl_grootboek_json(st, &bb, "NCG", &l, err, sizeof err), SL_OK);
    assert_int_equal(json_array_size(json_object_get(l, "posten")), 0);
    json_decref(l);
    sl_store_close(st);
}

static void an_escalation_runs_to_a_decision(void **state)
{
    (void)state;
    sl_store *st = open_small();
    char err[256];
    sl_escalatie e, again;
    bool nieuw;
    assert_int_equal(sl_escalatie_aanmelden(st, &zb, A1, "vastgelopen", ymd(2026, 12, 1), &e,
                                            &nieuw, err, sizeof err),
                     SL_FORBIDDEN);
    assert_int_equal(sl_escalatie_aanmelden(st, &it, A1, "zomaar", ymd(2026, 12, 1), &e, &nieuw,
                                            err, sizeof err),
                     SL_INVALID);
    assert_int_equal(sl_escalatie_aanmelden(st, &it, A1, "termijn_tweemaal_gemist",
                                            ymd(2026, 12, 1), &e, &nieuw, err, sizeof err),
                     SL_OK);
    assert_true(nieuw);
    assert_string_equal(e.status, "aangemeld");
    int before = log_count(st);
    /* the sweep sees the same dossier again: the open case, nothing written */
    assert_int_equal(sl_escalatie_aanmelden(st, NULL, A1, "termijn_tweemaal_gemist",
                                            ymd(2026, 12, 1), &again, &nieuw, err, sizeof err),
                     SL_OK);
    assert_false(nieuw);
    assert_int_equal(again.id, e.id);
    assert_int_equal(log_count(st), before);
    /* no decision on a case nobody took; besloten needs a decision */
    assert_int_equal(sl_escalatie_besluiten(st, &it, e.id, "mandaat", "reden", &e, err,
                                            sizeof err),
                     SL_CONFLICT);
    assert_int_equal(sl_escalatie_wijzigen(st, &it, e.id, e.versie, "besloten", NULL, &e, err,
                                           sizeof err),
                     SL_CONFLICT);
    assert_int_equal(sl_escalatie_wijzigen(st, &it, e.id, e.versie + 1, "in_behandeling",
                                           "i.team", &e, err, sizeof err),
                     SL_STALE);
    assert_int_equal(sl_escalatie_wijzigen(st, &it, e.id, e.versie, "in_behandeling", "i.team",
                                           &e, err, sizeof err),
                     SL_OK);
    assert_int_equal(sl_escalatie_besluiten(st, &it, e.id, "", "reden", &e, err, sizeof err),
                     SL_INVALID);
    assert_int_equal(sl_escalatie_besluiten(st, &it, e.id, "mandaat directeur IMG",
                                            "voorrang voor het besluit op de schade", &e, err,
                                            sizeof err),
                     SL_OK);
    assert_string_equal(e.status, "besloten");
    json_t *j = NULL;
    assert_int_equal(sl_escalatie_json(st, &bb, e.id, &j, err, sizeof err), SL_OK);
    json_t *h = json_object_get(j, "historie");
    assert_int_equal(json_array_size(h), 4); /* aangemeld, status, eigenaar, besluit */
    assert_string_equal(json_string_value(json_object_get(json_array_get(h, 3), "mandaat")),
                        "mandaat directeur IMG");
    json_decref(j);
    assert_int_equal(log_count(st), before + 3);
    assert_int_equal(sl_escalatie_wijzigen(st, &it, e.id, e.versie, "gesloten", NULL, &e, err,
                                           sizeof err),
                     SL_OK);
    /* closed: a new report opens a new case */
    assert_int_equal(sl_escalatie_aanmelden(st, &it, A1, "termijn_tweemaal_gemist",
                                            ymd(2026, 12, 1), &again, &nieuw, err, sizeof err),
                     SL_OK);
    assert_true(nieuw);
    assert_true(again.id != e.id);
    sl_store_close(st);
}

typedef struct find_case {
    int64_t address_id;
    const char *aanleiding;
    int found;
} find_case;

static bool find_case_cb(void *ctx, const sl_escalatie *e)
{
    find_case *f = ctx;
    f->found += e->address_id == f->address_id && strcmp(e->aanleiding, f->aanleiding) == 0;
    return true;
}

static void the_sweep_reports_a_term_missed_twice(void **state)
{
    (void)state;
    sl_store *st = open_small();
    char err[256];
    sl_claim_record rec;
    bool found;
    assert_true(sl_store_claim_get(st, "IMG-004", &rec, &found));
    assert_true(found);
    int64_t none = 0;
    /* IMG-004's term ended 2021-07-11 and is missed on 2021-09-01: once is not twice */
    assert_true(sl_escalaties_sweep(st, ymd(2021, 9, 1), &none));
    find_case f = {.address_id = rec.address_id, .aanleiding = "termijn_tweemaal_gemist"};
    assert_true(sl_store_escalaties_scan(st, NULL, find_case_cb, &f));
    assert_int_equal(f.found, 0);
    /* extended to 1 August and missed again */
    sl_termijn_zaak z = {.soort = "img_beslistermijn", .img_id = "IMG-004"};
    int64_t id;
    assert_int_equal(sl_termijn_verlengen(st, &zb, &z, ymd(2021, 8, 1), "deskundige nodig", &id,
                                          err, sizeof err),
                     SL_OK);
    int64_t nieuw = 0;
    assert_true(sl_escalaties_sweep(st, ymd(2021, 9, 1), &nieuw));
    assert_true(nieuw >= 1);
    f.found = 0;
    assert_true(sl_store_escalaties_scan(st, NULL, find_case_cb, &f));
    assert_int_equal(f.found, 1);
    /* the next day's sweep reports nothing new */
    assert_true(sl_escalaties_sweep(st, ymd(2021, 9, 2), &nieuw));
    assert_int_equal(nieuw, 0);
    sl_store_close(st);
}

/* The ids of a list answer's items (the page's share of the total, no more) and the
 * municipality of its first item in first_gemeente; returns the total. */
static size_t listed(sl_store *st, const sl_escalatie_filter *f, long page, long per_page,
                     int64_t *ids, size_t cap, char first_gemeente[8])
{
    json_t *out = NULL;
    char err[256];
    assert_int_equal(sl_escalaties_json(st, &it, f, page, per_page, &out, err, sizeof err), SL_OK);
    json_t *items = json_object_get(out, "items");
    size_t n = json_array_size(items);
    assert_true(n <= cap);
    for (size_t i = 0; i < n; i++)
        ids[i] = json_integer_value(json_object_get(json_array_get(items, i), "id"));
    if (first_gemeente) {
        json_t *first = json_array_get(items, 0);
        const char *g = json_string_value(json_object_get(first, "gemeentecode"));
        snprintf(first_gemeente, 8, "%s", g ? g : "");
    }
    assert_int_equal(json_integer_value(json_object_get(out, "per_pagina")), per_page);
    size_t total = (size_t)json_integer_value(json_object_get(out, "totaal"));
    size_t before = (size_t)(page - 1) * (size_t)per_page;
    size_t left = total > before ? total - before : 0;
    assert_int_equal(n, left < (size_t)per_page ? left : (size_t)per_page);
    json_decref(out);
    return total;
}

static void the_case_list_is_selected_by_the_store(void **state)
{
    (void)state;
    sl_store *st = open_small();
    char err[256];
    sl_escalatie a, b, c;
    bool nieuw;
    assert_int_equal(sl_escalatie_aanmelden(st, &it, A1, "vastgelopen", ymd(2026, 12, 1), &a,
                                            &nieuw, err, sizeof err),
                     SL_OK);
    assert_int_equal(sl_escalatie_aanmelden(st, &it, A4, "termijn_tweemaal_gemist",
                                            ymd(2026, 12, 1), &b, &nieuw, err, sizeof err),
                     SL_OK);
    assert_int_equal(sl_escalatie_aanmelden(st, &it, A1, "termijn_tweemaal_gemist",
                                            ymd(2026, 12, 1), &c, &nieuw, err, sizeof err),
                     SL_OK);
    assert_int_equal(sl_escalatie_wijzigen(st, &it, c.id, c.versie, "in_behandeling", "i.team",
                                           &c, err, sizeof err),
                     SL_OK);
    int64_t ids[4];
    char gemeente[8];
    assert_int_equal(listed(st, &(sl_escalatie_filter){0}, 1, 100, ids, 4, NULL), 3);
    assert_true(ids[0] == a.id && ids[1] == b.id && ids[2] == c.id); /* oldest first */
    /* the register's municipality, not the id's first digits */
    assert_int_equal(listed(st, &(sl_escalatie_filter){.gemeente = "1979"}, 1, 100, ids, 4,
                            gemeente),
                     1);
    assert_int_equal(ids[0], b.id);
    assert_string_equal(gemeente, "1979");
    assert_int_equal(listed(st, &(sl_escalatie_filter){.gemeente = "0010"}, 1, 100, ids, 4, NULL),
                     0);
    assert_int_equal(listed(st,
                            &(sl_escalatie_filter){.status = "in_behandeling",
                                                   .aanleiding = "termijn_tweemaal_gemist",
                                                   .gemeente = "0014"},
                            1, 100, ids, 4, gemeente),
                     1);
    assert_int_equal(ids[0], c.id);
    assert_string_equal(gemeente, "0014");
    assert_int_equal(listed(st, &(sl_escalatie_filter){.aanleiding = "vastgelopen", .status = ""},
                            1, 100, ids, 4, NULL),
                     1);
    /* one page at a time, the total over all of them */
    assert_int_equal(listed(st, &(sl_escalatie_filter){0}, 2, 2, ids, 4, NULL), 3);
    assert_int_equal(ids[0], c.id);
    assert_int_equal(listed(st, &(sl_escalatie_filter){0}, 3, 2, ids, 4, NULL), 3);
    /* an unknown value is refused at its field; a role without cases is kept out */
    json_t *out = NULL;
    assert_int_equal(sl_escalaties_json(st, &it, &(sl_escalatie_filter){.status = "open"}, 1, 10,
                                        &out, err, sizeof err),
                     SL_INVALID);
    assert_true(strncmp(err, "status:", 7) == 0);
    assert_int_equal(sl_escalaties_json(st, &it, &(sl_escalatie_filter){.aanleiding = "traag"}, 1,
                                        10, &out, err, sizeof err),
                     SL_INVALID);
    assert_true(strncmp(err, "aanleiding:", 11) == 0);
    assert_int_equal(sl_escalaties_json(st, &beheer, &(sl_escalatie_filter){0}, 1, 10, &out, err,
                                        sizeof err),
                     SL_FORBIDDEN);
    assert_null(out);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_term_table_is_versioned),
        cmocka_unit_test(suspension_and_extension_move_the_end),
        cmocka_unit_test(a_notice_books_its_penalty_in_the_ledger),
        cmocka_unit_test(an_escalation_runs_to_a_decision),
        cmocka_unit_test(the_sweep_reports_a_term_missed_twice),
        cmocka_unit_test(the_case_list_is_selected_by_the_store),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
