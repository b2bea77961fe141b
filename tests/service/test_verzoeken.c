/*
 * test_verzoeken.c - SVIP information requests against a real SQLite
 * register: registering (who, the legal basis as the sharing rules decide
 * it, refusals), answering (the other body's desk only, once, with the
 * versie), reading and listing per role, the counts in SPEC §6's order, and
 * that every change wrote its processing-log record and outbox event in the
 * same transaction.
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

#include "core/bag.h"
#include "service/consent.h"
#include "service/import.h"
#include "service/logboek.h"
#include "service/suppression.h"
#include "service/verzoeken.h"
#include "store/consent_store.h"
#include "store/verzoeken_store.h"

#include "test_sql.h"
#include "loaded_register.h"
#include "tmp_register.h"

static const int64_t A1 = 14200000000001; /* Groningen: 1.2 + claim in voorbereiding: AMvB */
static const int64_t A4 = 10200000000004; /* Eemsdelta: 4.1 + claim in beschikking: no AMvB */
static const int64_t A7 = 14200000000007; /* Groningen: 3.1, no claim */
static const int64_t A10 = 14200000000010; /* claims, no trajectory */
static const int64_t NOWHERE = 14200000009999;
static const int64_t NOW = 1767225600; /* 2026-01-01T00:00:00Z */

static sl_sharing_config cfg;

static const sl_actor svip_img = {.gebruiker = "svip.img", .trace_id = "t-1",
                                  .viewer = {.role = SL_ROLE_SVIP, .org = SL_ACCOUNT_ORG_IMG}};
static const sl_actor svip_ncg = {.gebruiker = "svip.ncg", .trace_id = "t-2",
                                  .viewer = {.role = SL_ROLE_SVIP, .org = SL_ACCOUNT_ORG_NCG}};
static const sl_actor zb = {.gebruiker = "k.postma", .trace_id = "t-3",
                            .viewer = {.role = SL_ROLE_ZAAKBEGELEIDER,
                                       .org = SL_ACCOUNT_ORG_IMG}};
static const sl_actor bb = {.gebruiker = "a.jansma", .trace_id = "t-4",
                            .viewer = {.role = SL_ROLE_BEWONERSBEGELEIDER,
                                       .org = SL_ACCOUNT_ORG_NCG}};
static const int64_t a1_list[] = {14200000000001};
static const sl_actor bewoner = {.gebruiker = "bewoner1",
                                 .viewer = {.role = SL_ROLE_BEWONER, .adressen = a1_list,
                                            .n_adressen = 1}};
static const sl_actor mgmt = {.gebruiker = "m.beheer", .viewer = {.role = SL_ROLE_MANAGEMENT}};

static const sl_actor svip_ncg2 = {.gebruiker = "svip.ncg2", .trace_id = "t-5",
                                   .viewer = {.role = SL_ROLE_SVIP, .org = SL_ACCOUNT_ORG_NCG}};

/* Consent for (addr, doel) recorded by NCG's desk from a signed form; confirmed by a
 * colleague when `confirmed` (else it waits, and opens nothing). */
static void record_consent(sl_store *st, int64_t addr, sl_doel doel, bool confirmed)
{
    char err[300];
    sl_toestemming t;
    sl_consent_evidence ev = {.gegeven_op = 20450, .kanaal = "post",
                              .formulier_kenmerk = "GUO-2026-0042"};
    assert_int_equal(sl_consent_give(st, &svip_ncg, addr, doel, &ev, 0, 20454, &t, err,
                                     sizeof err),
                     SL_OK);
    if (confirmed)
        assert_int_equal(sl_consent_confirm(st, &svip_ncg2, t.id, NULL, 0, NOW, NULL, err,
                                            sizeof err),
                         SL_OK);
}

static int64_t raw_count(const char *sql)
{
    return test_sql_int(db, sql);
}

static sl_outcome reg(sl_store *st, const sl_actor *by, int64_t addr, sl_verzoek_type t,
                         sl_doel d, const char *vraag, sl_verzoek *out)
{
    char err[300];
    return sl_verzoek_register(st, &cfg, by, addr, t, d, vraag, NOW, out, err, sizeof err);
}

static void register_decides_the_basis(void **state)
{
    (void)state;
    sl_store *st = open_small();
    sl_verzoek v;
    /* samenloop in a statutory municipality: the AMvB covers svip_verzoek */
    assert_int_equal(reg(st, &svip_img, A1, SL_VZ_STATUSUITWISSELING, SL_DOEL_SVIP_VERZOEK,
                         "Waar staat het versterkingstraject?", &v),
                     SL_OK);
    assert_true(v.id > 0);
    assert_int_equal(v.versie, 1);
    assert_int_equal(v.status, SL_VZ_OPEN);
    assert_int_equal(v.grondslag, SL_GRONDSLAG_WETTELIJKE_TAAK);
    assert_int_equal(v.org, SL_ACCOUNT_ORG_IMG);
    assert_string_equal(v.ingediend_op, "2026-01-01T00:00:00Z");
    assert_int_equal(raw_count("SELECT count(*) FROM logboek WHERE actie = 'wijziging' AND"
                               " gebruiker = 'svip.img' AND grondslag ="
                               " 'wettelijke_taak_samenloop' AND categorieen = 'verzoek' AND"
                               " doel = 'svip_verzoek' AND nummeraanduiding_id = 14200000000001"
                               " AND trace_id = 't-1'"),
                     1);
    /* ->> with a key: JSON in both stores' SQL */
    assert_int_equal(raw_count("SELECT count(*) FROM outbox WHERE soort = 'verzoek.ingediend'"
                               " AND onderwerp = 'verzoek'"
                               " AND CAST(gegevens ->> 'id' AS integer) = 1"
                               " AND gegevens ->> 'vraag' IS NULL"),
                     1);
    /* no statutory basis, no consent: refused, nothing stored, and told how to get one */
    int64_t log0 = raw_count("SELECT count(*) FROM logboek");
    char err[400];
    assert_int_equal(sl_verzoek_register(st, &cfg, &svip_ncg, A4, SL_VZ_VERSNELLING,
                                         SL_DOEL_SVIP_VERZOEK, "Kan de schade met voorrang?",
                                         NOW, &v, err, sizeof err),
                     SL_UNPROCESSABLE);
    assert_non_null(strstr(err, "geen grondslag"));
    assert_non_null(strstr(err, "toestemming"));
    assert_int_equal(raw_count("SELECT count(*) FROM verzoek"), 1);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek"), log0);
    /* consent recorded but not yet confirmed by a second person: still no basis */
    record_consent(st, A4, SL_DOEL_SVIP_VERZOEK, false);
    assert_int_equal(reg(st, &svip_ncg, A4, SL_VZ_ANDERS, SL_DOEL_SVIP_VERZOEK, "Nog een vraag",
                         &v),
                     SL_UNPROCESSABLE);
    /* consent in effect for the purpose gives the basis */
    sl_toestemming t;
    bool found;
    assert_true(sl_store_consent_latest(st, A4, SL_DOEL_SVIP_VERZOEK, &t, &found));
    assert_int_equal(sl_consent_confirm(st, &svip_ncg2, t.id, NULL, 0, NOW, NULL, err,
                                        sizeof err),
                     SL_OK);
    assert_int_equal(reg(st, &svip_ncg, A4, SL_VZ_ANDERS, SL_DOEL_SVIP_VERZOEK, "Nog een vraag",
                         &v),
                     SL_OK);
    assert_int_equal(v.grondslag, SL_GRONDSLAG_TOESTEMMING);
    sl_logboek_check chk;
    assert_true(sl_logboek_verify(st, &chk));
    assert_int_equal(chk.first_broken, 0);
    sl_store_close(st);
}

static void register_refusals(void **state)
{
    (void)state;
    sl_store *st = open_small();
    sl_verzoek v;
    int64_t log0 = raw_count("SELECT count(*) FROM logboek");
    /* roles that do not register */
    assert_int_equal(reg(st, &bewoner, A1, SL_VZ_ANDERS, SL_DOEL_EIGEN_INZAGE, "vraag", &v),
                     SL_FORBIDDEN);
    assert_int_equal(reg(st, &mgmt, A1, SL_VZ_ANDERS, SL_DOEL_SVIP_VERZOEK, "vraag", &v),
                     SL_FORBIDDEN);
    sl_actor svip_none = svip_img;
    svip_none.viewer.org = SL_ACCOUNT_ORG_NONE;
    assert_int_equal(reg(st, &svip_none, A1, SL_VZ_ANDERS, SL_DOEL_SVIP_VERZOEK, "vraag", &v),
                     SL_FORBIDDEN);
    /* case workers: their own organisation's cases only */
    assert_int_equal(reg(st, &zb, A7, SL_VZ_STATUSUITWISSELING, SL_DOEL_STATUSUITWISSELING,
                         "vraag", &v),
                     SL_FORBIDDEN);
    assert_int_equal(reg(st, &bb, A10, SL_VZ_STATUSUITWISSELING, SL_DOEL_STATUSUITWISSELING,
                         "vraag", &v),
                     SL_FORBIDDEN);
    /* a purpose the role does not work for */
    assert_int_equal(reg(st, &zb, A1, SL_VZ_ANDERS, SL_DOEL_SVIP_VERZOEK, "vraag", &v),
                     SL_INVALID);
    assert_int_equal(reg(st, &svip_img, A1, SL_VZ_ANDERS, SL_DOEL_INTEGRAAL_PLAN, "vraag", &v),
                     SL_INVALID);
    /* texts */
    char big[SL_VRAAG_MAX + 2];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(reg(st, &svip_img, A1, SL_VZ_ANDERS, SL_DOEL_SVIP_VERZOEK, big, &v),
                     SL_INVALID);
    big[SL_VRAAG_MAX] = '\0'; /* exactly the maximum */
    assert_int_equal(reg(st, &svip_img, A1, SL_VZ_ANDERS, SL_DOEL_SVIP_VERZOEK, big, &v),
                     SL_OK);
    assert_int_equal(reg(st, &svip_img, A1, SL_VZ_ANDERS, SL_DOEL_SVIP_VERZOEK, " \n\t", &v),
                     SL_INVALID);
    assert_int_equal(reg(st, &svip_img, A1, SL_VZ_ANDERS, SL_DOEL_SVIP_VERZOEK, NULL, &v),
                     SL_INVALID);
    assert_int_equal(reg(st, &svip_img, A1, SL_VZ_TYPE_COUNT, SL_DOEL_SVIP_VERZOEK, "v", &v),
                     SL_INVALID);
    /* unknown address */
    assert_int_equal(reg(st, &svip_img, NOWHERE, SL_VZ_ANDERS, SL_DOEL_SVIP_VERZOEK, "v", &v),
                     SL_NOT_FOUND);
    /* only the one accepted request left anything behind */
    assert_int_equal(raw_count("SELECT count(*) FROM verzoek"), 1);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek"), log0 + 1);
    assert_int_equal(raw_count("SELECT count(*) FROM outbox WHERE onderwerp = 'verzoek'"), 1);
    /* the case workers for their own cases */
    assert_int_equal(reg(st, &zb, A1, SL_VZ_MEDEWERKERS_KOPPELEN, SL_DOEL_COORDINATIE,
                         "Wie is de bewonersbegeleider?", &v),
                     SL_OK);
    assert_int_equal(v.grondslag, SL_GRONDSLAG_WETTELIJKE_TAAK);
    assert_int_equal(v.aanvrager_rol, SL_ROLE_ZAAKBEGELEIDER);
    /* NCG's own case, but no basis for IMG's part: refused */
    assert_int_equal(reg(st, &bb, A7, SL_VZ_STATUSUITWISSELING, SL_DOEL_STATUSUITWISSELING,
                         "Is er een schade gemeld?", &v),
                     SL_UNPROCESSABLE);
    sl_store_close(st);
}

static void answer_flow(void **state)
{
    (void)state;
    sl_store *st = open_small();
    sl_verzoek v, a;
    char err[300];
    assert_int_equal(reg(st, &zb, A1, SL_VZ_STATUSUITWISSELING, SL_DOEL_STATUSUITWISSELING,
                         "Waar staat het traject?", &v),
                     SL_OK);
    /* the requesting body's desk, case workers, others: no */
    assert_int_equal(sl_verzoek_answer(st, &cfg, &svip_img, v.id, "x", 0, NOW, &a, err,
                                       sizeof err),
                     SL_FORBIDDEN);
    assert_int_equal(sl_verzoek_answer(st, &cfg, &zb, v.id, "x", 0, NOW, &a, err, sizeof err),
                     SL_FORBIDDEN);
    /* bb works for NCG: an IMG request is not theirs to read */
    assert_int_equal(sl_verzoek_answer(st, &cfg, &bb, v.id, "x", 0, NOW, &a, err, sizeof err),
                     SL_NOT_FOUND);
    assert_int_equal(sl_verzoek_answer(st, &cfg, &svip_ncg, 999, "x", 0, NOW, &a, err,
                                       sizeof err),
                     SL_NOT_FOUND);
    /* stale versie; empty answer */
    assert_int_equal(sl_verzoek_answer(st, &cfg, &svip_ncg, v.id, "x", 7, NOW, &a, err,
                                       sizeof err),
                     SL_STALE);
    assert_int_equal(sl_verzoek_answer(st, &cfg, &svip_ncg, v.id, "  ", 1, NOW, &a, err,
                                       sizeof err),
                     SL_INVALID);
    int64_t log0 = raw_count("SELECT count(*) FROM logboek");
    assert_int_equal(sl_verzoek_answer(st, &cfg, &svip_ncg, v.id, "Stap 1.2, buddy A. Jansma",
                                       1, NOW + 3600, &a, err, sizeof err),
                     SL_OK);
    assert_int_equal(a.status, SL_VZ_BEANTWOORD);
    assert_int_equal(a.versie, 2);
    assert_string_equal(a.beantwoord_door, "svip.ncg");
    assert_string_equal(a.beantwoord_op, "2026-01-01T01:00:00Z");
    assert_int_equal(a.grondslag, SL_GRONDSLAG_WETTELIJKE_TAAK);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek"), log0 + 1);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek WHERE gebruiker = 'svip.ncg' AND"
                               " org = 'NCG' AND rol = 'svip' AND actie = 'wijziging' AND"
                               " categorieen = 'verzoek:antwoord'"),
                     1);
    assert_int_equal(raw_count("SELECT count(*) FROM outbox WHERE soort = 'verzoek.beantwoord'"
                               " AND gegevens ->> 'status' = 'beantwoord'"
                               " AND gegevens ->> 'antwoord' IS NULL"),
                     1);
    /* once only: without a versie 409, with the old one 412 */
    assert_int_equal(sl_verzoek_answer(st, &cfg, &svip_ncg, v.id, "nog eens", 0, NOW, &a, err,
                                       sizeof err),
                     SL_CONFLICT);
    assert_int_equal(sl_verzoek_answer(st, &cfg, &svip_ncg, v.id, "nog eens", 1, NOW, &a, err,
                                       sizeof err),
                     SL_STALE);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek"), log0 + 1);
    /* read back */
    sl_verzoek g;
    assert_int_equal(sl_verzoek_get(st, &zb.viewer, v.id, &g), SL_OK);
    assert_string_equal(g.antwoord, "Stap 1.2, buddy A. Jansma");
    assert_int_equal(sl_verzoek_get(st, &bb.viewer, v.id, &g), SL_NOT_FOUND);
    assert_int_equal(sl_verzoek_get(st, &bewoner.viewer, v.id, &g), SL_NOT_FOUND);
    assert_int_equal(sl_verzoek_get(st, &svip_ncg.viewer, v.id, &g), SL_OK);
    json_t *j = sl_verzoek_json(&g);
    assert_string_equal(json_string_value(json_object_get(j, "grondslag")),
                        "wettelijke_taak_samenloop");
    assert_string_equal(json_string_value(json_object_get(j, "nummeraanduiding_id")),
                        "0014200000000001");
    json_decref(j);
    sl_store_close(st);
}

/* The basis at answer time: consent withdrawn after registration. */
static void answer_decides_again(void **state)
{
    (void)state;
    sl_store *st = open_small();
    char err[512];
    sl_verzoek v, a;
    record_consent(st, A4, SL_DOEL_SVIP_VERZOEK, true);
    assert_int_equal(reg(st, &svip_ncg, A4, SL_VZ_ANDERS, SL_DOEL_SVIP_VERZOEK, "vraag", &v),
                     SL_OK);
    assert_int_equal(v.grondslag, SL_GRONDSLAG_TOESTEMMING);
    assert_int_equal(sl_consent_withdraw(st, &svip_ncg, A4, SL_DOEL_SVIP_VERZOEK, 20451, 0,
                                         20454, NULL, err, sizeof err),
                     SL_OK);
    /* withdrawn minutes before the answer: the answer (the other body's data) is refused,
     * nothing of it is stored or logged, and the request stays open */
    int64_t log0 = raw_count("SELECT count(*) FROM logboek");
    memset(&a, 0, sizeof a);
    assert_int_equal(sl_verzoek_answer(st, &cfg, &svip_img, v.id, "Fase: besluit, 12.000 euro",
                                       0, NOW, &a, err, sizeof err),
                     SL_UNPROCESSABLE);
    assert_non_null(strstr(err, "toestemming"));
    assert_int_equal(raw_count("SELECT count(*) FROM verzoek WHERE antwoord IS NOT NULL"), 0);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek"), log0);
    sl_verzoek g;
    assert_int_equal(sl_verzoek_get(st, &svip_img.viewer, v.id, &g), SL_OK);
    assert_int_equal(g.status, SL_VZ_OPEN);
    /* consent again, in effect: now it can be answered */
    record_consent(st, A4, SL_DOEL_SVIP_VERZOEK, true);
    assert_int_equal(sl_verzoek_answer(st, &cfg, &svip_img, v.id, "Fase: besluit", 0, NOW, &a,
                                       err, sizeof err),
                     SL_OK);
    assert_int_equal(a.grondslag, SL_GRONDSLAG_TOESTEMMING);
    sl_store_close(st);
}

/* The first page of what `by` may list (a new reference). */
static json_t *list(sl_store *st, const sl_actor *by, const sl_verzoek_filter *f)
{
    json_t *items;
    size_t total;
    assert_true(sl_verzoeken_page_json(st, &cfg, by, f, 20454, 1, 500, &items, &total));
    assert_int_equal(json_array_size(items), total);
    return items;
}

static int64_t looks(const char *who)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM logboek WHERE actie = 'inzage' AND gebruiker = '%s'"
             " AND categorieen LIKE 'traject:%%' AND nummeraanduiding_id = 10200000000004",
             who);
    return raw_count(sql);
}

/* Reading an answer is a new look at the other body's part: logged with a basis, withheld
 * once the consent is withdrawn (decision 104); the answering desk reads its own. */
static void read_cuts_the_answer(void **state)
{
    (void)state;
    sl_store *st = open_small();
    char err[512];
    sl_verzoek v;
    record_consent(st, A4, SL_DOEL_SVIP_VERZOEK, true);
    assert_int_equal(reg(st, &svip_img, A4, SL_VZ_ANDERS, SL_DOEL_SVIP_VERZOEK, "vraag", &v),
                     SL_OK);
    assert_int_equal(sl_verzoek_answer(st, &cfg, &svip_ncg, v.id, "Stap 2.1, buddy B. Bos", 0,
                                       NOW, NULL, err, sizeof err),
                     SL_OK);
    json_t *o;
    int64_t versie;
    assert_int_equal(sl_verzoek_read(st, &cfg, &svip_img, v.id, 20454, &o, &versie), SL_OK);
    assert_string_equal(json_string_value(json_object_get(o, "antwoord")),
                        "Stap 2.1, buddy B. Bos");
    assert_null(json_object_get(o, "weerhouden"));
    assert_int_equal(versie, 2);
    json_decref(o);
    assert_int_equal(looks("svip.img"), 1);
    /* a page with the request logs the look once, with the request's trace */
    sl_verzoek_filter f;
    sl_verzoek_filter_init(&f);
    json_t *items = list(st, &svip_img, &f);
    assert_int_equal(json_array_size(items), 1);
    json_decref(items);
    assert_int_equal(looks("svip.img"), 2);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek WHERE actie = 'inzage' AND"
                               " trace_id = 't-1' AND doel = 'svip_verzoek' AND"
                               " grondslag = 'toestemming'"),
                     2);
    /* the answering desk reads its own answer: no look across */
    assert_int_equal(sl_verzoek_read(st, &cfg, &svip_ncg, v.id, 20454, &o, &versie), SL_OK);
    assert_non_null(json_string_value(json_object_get(o, "antwoord")));
    json_decref(o);
    assert_int_equal(looks("svip.ncg"), 0);
    /* withdrawn: the stored answer is no longer shown, and nothing is logged */
    assert_int_equal(sl_consent_withdraw(st, &svip_ncg, A4, SL_DOEL_SVIP_VERZOEK, 20451, 0,
                                         20454, NULL, err, sizeof err),
                     SL_OK);
    assert_int_equal(sl_verzoek_read(st, &cfg, &svip_img, v.id, 20454, &o, &versie), SL_OK);
    assert_true(json_is_null(json_object_get(o, "antwoord")));
    assert_non_null(strstr(json_string_value(json_object_get(o, "weerhouden")), "ingetrokken"));
    assert_string_equal(json_string_value(json_object_get(o, "status")), "beantwoord");
    json_decref(o);
    items = list(st, &svip_img, &f);
    assert_true(json_is_null(json_object_get(json_array_get(items, 0), "antwoord")));
    json_decref(items);
    assert_int_equal(looks("svip.img"), 2);
    /* pages count what the reader may read; a page past the end is empty */
    size_t total;
    assert_true(sl_verzoeken_page_json(st, &cfg, &svip_img, &f, 20454, 2, 1, &items, &total));
    assert_int_equal(json_array_size(items), 0);
    assert_int_equal(total, 1);
    json_decref(items);
    sl_store_close(st);
}

static int64_t ival(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    assert_true(json_is_integer(v));
    return (int64_t)json_integer_value(v);
}

static void list_and_count(void **state)
{
    (void)state;
    sl_store *st = open_small();
    sl_verzoek v;
    char err[300];
    assert_int_equal(reg(st, &svip_img, A1, SL_VZ_VERSNELLING, SL_DOEL_SVIP_VERZOEK, "1", &v),
                     SL_OK);
    assert_int_equal(reg(st, &zb, A1, SL_VZ_STATUSUITWISSELING, SL_DOEL_STATUSUITWISSELING, "2",
                         &v),
                     SL_OK);
    record_consent(st, A7, SL_DOEL_STATUSUITWISSELING, true);
    assert_int_equal(reg(st, &bb, A7, SL_VZ_STATUSUITWISSELING, SL_DOEL_STATUSUITWISSELING, "3",
                         &v),
                     SL_OK);
    assert_int_equal(sl_verzoek_answer(st, &cfg, &svip_img, v.id, "antwoord", 0, NOW, NULL, err,
                                       sizeof err),
                     SL_OK);
    sl_verzoek_filter f;
    sl_verzoek_filter_init(&f);
    json_t *items;
    items = list(st, &svip_ncg, &f);
    assert_int_equal(json_array_size(items), 3);
    json_decref(items);
    items = list(st, &zb, &f);
    assert_int_equal(json_array_size(items), 2); /* IMG's */
    json_decref(items);
    items = list(st, &bb, &f);
    assert_int_equal(json_array_size(items), 1);
    json_decref(items);
    items = list(st, &bewoner, &f);
    assert_int_equal(json_array_size(items), 0);
    json_decref(items);
    f.status = SL_VZ_OPEN;
    f.type = SL_VZ_STATUSUITWISSELING;
    items = list(st, &svip_img, &f);
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "vraag")),
                        "2");
    json_decref(items);
    sl_verzoek_filter_init(&f);
    f.address_id = A7;
    items = list(st, &svip_img, &f);
    assert_int_equal(json_array_size(items), 1);
    json_decref(items);

    json_t *c;
    assert_true(sl_verzoeken_tellingen_json(st, &cfg, &svip_img.viewer, &c));
    json_t *pt = json_object_get(c, "per_type");
    const char *order[] = {"statusuitwisseling", "medewerkers_koppelen", "versnelling",
                           "anders"};
    const int64_t totals[] = {2, 0, 1, 0};
    for (size_t i = 0; i < 4; i++) {
        json_t *row = json_array_get(pt, i);
        assert_string_equal(json_string_value(json_object_get(row, "type")), order[i]);
        assert_int_equal(ival(row, "totaal"), totals[i]);
    }
    assert_int_equal(ival(json_array_get(pt, 0), "beantwoord"), 1);
    assert_int_equal(ival(json_object_get(c, "per_status"), "open"), 2);
    assert_int_equal(ival(c, "totaal"), 3);
    assert_null(json_object_get(c, "onderdrukkingsgrens"));
    json_decref(c);
    assert_true(sl_verzoeken_tellingen_json(st, &cfg, &bb.viewer, &c));
    assert_int_equal(ival(c, "totaal"), 1);
    json_decref(c);
    /* management: an aggregate, small counts suppressed */
    assert_true(sl_verzoeken_may_count(&mgmt.viewer));
    assert_false(sl_verzoeken_may_list(&mgmt.viewer));
    assert_true(sl_verzoeken_tellingen_json(st, &cfg, &mgmt.viewer, &c));
    assert_true(sl_suppressed_is_hidden(json_object_get(c, "totaal")));
    assert_true(json_is_integer(json_object_get(json_array_get(
        json_object_get(c, "per_type"), 1), "totaal"))); /* 0 is shown */
    assert_int_equal(ival(c, "onderdrukkingsgrens"), 10);
    assert_true(ival(c, "aantal_onderdrukt") > 0);
    json_decref(c);
    assert_false(sl_verzoeken_may_count(&bewoner.viewer));
    assert_false(sl_verzoeken_tellingen_json(st, &cfg, &bewoner.viewer, &c));
    sl_store_close(st);
}

static void names_round_trip(void **state)
{
    (void)state;
    for (int t = 0; t < SL_VZ_TYPE_COUNT; t++) {
        sl_verzoek_type out;
        assert_true(sl_verzoek_type_parse(sl_verzoek_type_name((sl_verzoek_type)t), &out));
        assert_int_equal(out, t);
    }
    sl_verzoek_type out;
    assert_false(sl_verzoek_type_parse("Statusuitwisseling", &out));
    assert_false(sl_verzoek_type_parse(NULL, &out));
    assert_null(sl_verzoek_type_name(SL_VZ_TYPE_COUNT));
    sl_verzoek_status s;
    assert_true(sl_verzoek_status_parse("beantwoord", &s));
    assert_int_equal(s, SL_VZ_BEANTWOORD);
    assert_false(sl_verzoek_status_parse("gesloten", &s));
}

static int setup(void **state)
{
    (void)state;
    if (tmp_register_create() != 0)
        return -1;
    sl_sharing_config_default(&cfg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tmp_register_clear();
    rmdir(db_dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(register_decides_the_basis),
        cmocka_unit_test(register_refusals),
        cmocka_unit_test(answer_flow),
        cmocka_unit_test(answer_decides_again),
        cmocka_unit_test(list_and_count),
        cmocka_unit_test(read_cuts_the_answer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
