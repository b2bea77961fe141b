/*
 * test_address_view.c - the address view (store/address_view_store.h) holds
 * exactly what the families' own reads return, part by part and in their
 * order, for every address of a register: on SQLite, and with make test-pg on
 * PostgreSQL, where it is one statement of its own (pg/views.c). One address
 * is given every part (a dossier row, elements, signals with and without
 * addressees, two consents for one purpose and one for another, history from a
 * delivery and from a person, a rule set in force, suspensions and extensions
 * of its claim's decision term beside one of another kind, a notice of
 * default and escalation cases, one of another address) so that no part is
 * compared empty (decision 251).
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
#include "store/address_view_store.h"
#include "store/classification_store.h"
#include "store/consent_store.h"
#include "store/deliveries_store.h"
#include "store/dossiers_store.h"
#include "store/records_store.h"
#include "store/signals_store.h"
#include "store/termijnen_store.h"

#include "loaded_register.h"

/* What the families' reads return for one address, gathered as the view is. */
typedef struct separate {
    sl_store *st;
    sl_address_view v;
} separate;

#define PUSH(v, arr, n) sl_address_view_push((void **)&(v)->arr, &(v)->n, sizeof *(v)->arr)

static bool traj_cb(void *ctx, const sl_trajectory *t, bool absent)
{
    sl_address_view *v = &((separate *)ctx)->v;
    size_t n = v->n_traj;
    memcpy(PUSH(v, traj, n_traj), t, sizeof *t);
    *(bool *)sl_address_view_push((void **)&v->traj_absent, &n, sizeof(bool)) = absent;
    return true;
}

static bool claim_cb(void *ctx, const sl_claim *c, bool absent)
{
    sl_address_view *v = &((separate *)ctx)->v;
    size_t n = v->n_claims;
    memcpy(PUSH(v, claims, n_claims), c, sizeof *c);
    *(bool *)sl_address_view_push((void **)&v->claim_absent, &n, sizeof(bool)) = absent;
    return true;
}

static bool element_cb(void *ctx, const sl_element_row *e)
{
    sl_address_view *v = &((separate *)ctx)->v;
    memcpy(PUSH(v, elements, n_elements), e, sizeof *e);
    return true;
}

static bool signal_cb(void *ctx, const sl_signal *s)
{
    sl_address_view *v = &((separate *)ctx)->v;
    memcpy(PUSH(v, signals, n_signals), s, sizeof *s);
    return true;
}

static bool history_cb(void *ctx, const sl_history_row *h)
{
    separate *c = ctx;
    sl_address_view *v = &c->v;
    memcpy(PUSH(v, history, n_history), h, sizeof *h);
    if (!h->delivery_id)
        return true;
    for (size_t i = 0; i < v->n_deliveries; i++)
        if (v->deliveries[i].id == h->delivery_id)
            return true;
    sl_delivery_row d;
    bool found;
    assert_true(sl_store_delivery_get(c->st, h->delivery_id, &d, &found));
    if (found) {
        sl_view_delivery *item = PUSH(v, deliveries, n_deliveries);
        item->id = d.id;
        item->kind = d.kind;
        memcpy(item->bestand, d.bestand, sizeof item->bestand);
    }
    return true;
}

static bool regel_cb(void *ctx, const sl_termijn_regel *g)
{
    sl_address_view *v = &((separate *)ctx)->v;
    memcpy(PUSH(v, regels, n_regels), g, sizeof *g);
    return true;
}

static bool opschorting_cb(void *ctx, const sl_termijn_opschorting_rij *o)
{
    sl_address_view *v = &((separate *)ctx)->v;
    memcpy(PUSH(v, opschortingen, n_opschortingen), o, sizeof *o);
    return true;
}

static bool verlenging_cb(void *ctx, const sl_termijn_verlenging_rij *r)
{
    sl_address_view *v = &((separate *)ctx)->v;
    memcpy(PUSH(v, verlengingen, n_verlengingen), r, sizeof *r);
    return true;
}

static bool notice_cb(void *ctx, const sl_ingebrekestelling *n)
{
    sl_address_view *v = &((separate *)ctx)->v;
    memcpy(PUSH(v, notices, n_notices), n, sizeof *n);
    return true;
}

static bool escalatie_cb(void *ctx, const sl_escalatie *e)
{
    sl_address_view *v = &((separate *)ctx)->v;
    if (e->address_id == v->address.nummeraanduiding_id)
        memcpy(PUSH(v, escalaties, n_escalaties), e, sizeof *e);
    return true;
}

/* The terms' parts as the terms family reads them: per claim, then the address's. */
static void read_terms_separately(sl_store *st, separate *s)
{
    sl_address_view *v = &s->v;
    assert_true(sl_store_termijnregels_actief(st, &v->regelversie, regel_cb, s));
    for (size_t i = 0; i < v->n_claims; i++) {
        sl_termijn_zaak zaak;
        memset(&zaak, 0, sizeof zaak);
        snprintf(zaak.soort, sizeof zaak.soort, "%s", SL_VIEW_TERMIJN_SOORT);
        snprintf(zaak.img_id, sizeof zaak.img_id, "%s", v->claims[i].img_id);
        assert_true(sl_store_opschortingen_scan(st, &zaak, opschorting_cb, s));
        assert_true(sl_store_verlengingen_scan(st, &zaak, verlenging_cb, s));
    }
    assert_true(sl_store_ingebrekestellingen_scan(st, v->address.nummeraanduiding_id,
                                                  notice_cb, s));
    assert_true(sl_store_escalaties_scan(st, NULL, escalatie_cb, s));
}

static int by_id(const void *a, const void *b)
{
    int64_t x = ((const sl_view_delivery *)a)->id, y = ((const sl_view_delivery *)b)->id;
    return (x > y) - (x < y);
}

static void read_separately(sl_store *st, int64_t id, separate *s)
{
    memset(s, 0, sizeof *s);
    s->st = st;
    sl_address_view *v = &s->v;
    assert_true(sl_store_address_get(st, id, &v->address, &v->absent, &v->found));
    if (!v->found)
        return;
    assert_true(sl_store_trajectories_of(st, id, traj_cb, s));
    assert_true(sl_store_claims_of(st, id, claim_cb, s));
    assert_true(sl_store_classification_get(st, id, &v->cls, &v->has_class));
    assert_true(sl_store_dossier_get(st, id, &v->dossier, &v->has_dossier));
    assert_true(sl_store_elements_of(st, id, element_cb, s));
    assert_true(sl_store_signals_scan(st, &(sl_signal_filter){.status = -1, .address_id = id},
                                      signal_cb, s));
    for (int d = 0; d < SL_DOEL_COUNT; d++)
        assert_true(
            sl_store_consent_latest(st, id, (sl_doel)d, &v->consent[d], &v->has_consent[d]));
    assert_true(sl_store_history_of_address(st, id, history_cb, s));
    if (v->n_deliveries)
        qsort(v->deliveries, v->n_deliveries, sizeof *v->deliveries, by_id);
    read_terms_separately(st, s);
}

/* Equal part by part; structs compared whole, as both sides copy what the
 * backend's readers filled. */
static void assert_same(const sl_address_view *a, const sl_address_view *b)
{
    assert_int_equal(a->found, b->found);
    if (!a->found)
        return;
    assert_memory_equal(&a->address, &b->address, sizeof a->address);
    assert_int_equal(a->absent, b->absent);
    assert_int_equal(a->n_traj, b->n_traj);
    for (size_t i = 0; i < a->n_traj; i++) {
        assert_memory_equal(&a->traj[i], &b->traj[i], sizeof a->traj[i]);
        assert_int_equal(a->traj_absent[i], b->traj_absent[i]);
    }
    assert_int_equal(a->n_claims, b->n_claims);
    for (size_t i = 0; i < a->n_claims; i++) {
        assert_string_equal(a->claims[i].img_id, b->claims[i].img_id);
        assert_memory_equal(&a->claims[i], &b->claims[i], sizeof a->claims[i]);
        assert_int_equal(a->claim_absent[i], b->claim_absent[i]);
    }
    assert_int_equal(a->has_class, b->has_class);
    if (a->has_class)
        assert_memory_equal(&a->cls, &b->cls, sizeof a->cls);
    assert_int_equal(a->has_dossier, b->has_dossier);
    if (a->has_dossier)
        assert_memory_equal(&a->dossier, &b->dossier, sizeof a->dossier);
    assert_int_equal(a->n_elements, b->n_elements);
    for (size_t i = 0; i < a->n_elements; i++)
        assert_memory_equal(&a->elements[i], &b->elements[i], sizeof a->elements[i]);
    assert_int_equal(a->n_signals, b->n_signals);
    for (size_t i = 0; i < a->n_signals; i++) {
        assert_int_equal(a->signals[i].id, b->signals[i].id);
        assert_int_equal(a->signals[i].n_aan, b->signals[i].n_aan);
        assert_memory_equal(&a->signals[i], &b->signals[i], sizeof a->signals[i]);
    }
    for (int d = 0; d < SL_DOEL_COUNT; d++) {
        assert_int_equal(a->has_consent[d], b->has_consent[d]);
        if (a->has_consent[d])
            assert_memory_equal(&a->consent[d], &b->consent[d], sizeof a->consent[d]);
    }
    assert_int_equal(a->n_history, b->n_history);
    for (size_t i = 0; i < a->n_history; i++)
        assert_memory_equal(&a->history[i], &b->history[i], sizeof a->history[i]);
    assert_int_equal(a->n_deliveries, b->n_deliveries);
    for (size_t i = 0; i < a->n_deliveries; i++) {
        assert_int_equal(a->deliveries[i].id, b->deliveries[i].id);
        assert_int_equal(a->deliveries[i].kind, b->deliveries[i].kind);
        assert_string_equal(a->deliveries[i].bestand, b->deliveries[i].bestand);
    }
    assert_int_equal(a->regelversie, b->regelversie);
    assert_int_equal(a->n_regels, b->n_regels);
    for (size_t i = 0; i < a->n_regels; i++)
        assert_memory_equal(&a->regels[i], &b->regels[i], sizeof a->regels[i]);
    assert_int_equal(a->n_opschortingen, b->n_opschortingen);
    for (size_t i = 0; i < a->n_opschortingen; i++)
        assert_memory_equal(&a->opschortingen[i], &b->opschortingen[i],
                            sizeof a->opschortingen[i]);
    assert_int_equal(a->n_verlengingen, b->n_verlengingen);
    for (size_t i = 0; i < a->n_verlengingen; i++)
        assert_memory_equal(&a->verlengingen[i], &b->verlengingen[i],
                            sizeof a->verlengingen[i]);
    assert_int_equal(a->n_notices, b->n_notices);
    for (size_t i = 0; i < a->n_notices; i++)
        assert_memory_equal(&a->notices[i], &b->notices[i], sizeof a->notices[i]);
    assert_int_equal(a->n_escalaties, b->n_escalaties);
    for (size_t i = 0; i < a->n_escalaties; i++)
        assert_memory_equal(&a->escalaties[i], &b->escalaties[i], sizeof a->escalaties[i]);
}

static void compare(sl_store *st, int64_t id, sl_address_view *view)
{
    separate s;
    read_separately(st, id, &s);
    assert_true(sl_store_address_view(st, id, view));
    assert_same(view, &s.v);
    sl_address_view_free(&s.v);
}

typedef struct id_list {
    int64_t id[512];
    size_t n;
} id_list;

static bool collect_id(void *ctx, const sl_record_state *s)
{
    id_list *l = ctx;
    if (l->n < sizeof l->id / sizeof l->id[0])
        l->id[l->n++] = s->rowid;
    return true;
}

static bool first_claim_address(void *ctx, const sl_record_state *s)
{
    int64_t *id = ctx;
    if (!*id && !s->absent)
        *id = s->address_id;
    return true;
}

static void add_consent(sl_store *st, int64_t id, sl_doel doel, sl_date asked, sl_date given,
                        sl_date withdrawn)
{
    sl_toestemming t;
    memset(&t, 0, sizeof t);
    t.address_id = id;
    t.doel = doel;
    t.aangevraagd_op = asked;
    t.gegeven_op = given;
    t.ingetrokken_op = withdrawn;
    if (withdrawn != SL_DATE_NONE)
        snprintf(t.ingetrokken_door, sizeof t.ingetrokken_door, "test.zb");
    snprintf(t.kanaal, sizeof t.kanaal, "%s", given == SL_DATE_NONE ? "" : "post");
    snprintf(t.vastgelegd_door, sizeof t.vastgelegd_door, "test.zb");
    t.vastgelegd_org = SL_ACCOUNT_ORG_IMG;
    if (!sl_store_consent_add(st, &t))
        fail_msg("%s", sl_store_errmsg(st));
}

static void add_signal(sl_store *st, int64_t id, int32_t regel, size_t n_aan)
{
    sl_signal s;
    memset(&s, 0, sizeof s);
    s.regel = regel;
    s.regelversie = 1;
    s.address_id = id;
    s.status = SL_SIGNAAL_OPEN;
    snprintf(s.tekst, sizeof s.tekst, "testsignaal %d", (int)regel);
    s.vervalt_op = ymd(2025, 1, 31);
    static const char *const roles[] = {"zaakbegeleider", "bewonersbegeleider"};
    for (size_t i = 0; i < n_aan; i++) {
        s.aan[i].org = i ? SL_ORG_NCG : SL_ORG_IMG;
        s.aan[i].rol = roles[i % 2];
        snprintf(s.aan[i].persoon, sizeof s.aan[i].persoon, "persoon %zu", i);
    }
    s.n_aan = n_aan;
    if (!sl_store_signal_add(st, &s, 0))
        fail_msg("%s", sl_store_errmsg(st));
}

/* A rule set in force, and what one claim's terms are made of: a suspension
 * ended by a second, an extension, a suspension of another kind (not the
 * view's), a notice of default, an open and a closed escalation case, and one
 * of another address. */
static bool other_address(void *ctx, const sl_record_state *s)
{
    int64_t *ids = ctx; /* [0] the address, [1] another */
    if (!ids[1] && s->rowid != ids[0])
        ids[1] = s->rowid;
    return true;
}

static void add_terms(sl_store *st, int64_t id, const char *img_id)
{
    int64_t ids[2] = {id, 0};
    assert_true(sl_store_scan_address_keys(st, other_address, ids));
    assert_true(ids[1] != 0);
    sl_termijn_regel g;
    memset(&g, 0, sizeof g);
    snprintf(g.soort, sizeof g.soort, "%s", SL_VIEW_TERMIJN_SOORT);
    snprintf(g.omschrijving, sizeof g.omschrijving, "Beslistermijn schade");
    snprintf(g.organisatie, sizeof g.organisatie, "IMG");
    snprintf(g.start_gebeurtenis, sizeof g.start_gebeurtenis, "ontvangen");
    snprintf(g.eind_gebeurtenis, sizeof g.eind_gebeurtenis, "besluit");
    g.lengte = 26;
    g.eenheid = SL_UNIT_WEEKS;
    g.wettelijk = g.fataal = g.opschortbaar = true;
    g.waarschuwing_dagen = 14;
    g.compensatie_per_dag = 500;
    g.compensatie_max = 150000;
    int32_t versie;
    assert_true(sl_store_termijnregels_max(st, &versie));
    assert_true(sl_store_termijnregels_publiceer(st, versie + 1, "test", "test.beheer",
                                                 "2024-06-01T10:00:00.000Z", &g, 1));
    sl_termijn_opschorting_rij o;
    memset(&o, 0, sizeof o);
    snprintf(o.zaak.soort, sizeof o.zaak.soort, "%s", SL_VIEW_TERMIJN_SOORT);
    snprintf(o.zaak.img_id, sizeof o.zaak.img_id, "%s", img_id);
    o.van = ymd(2024, 2, 1);
    o.tot = SL_DATE_NONE;
    snprintf(o.reden, sizeof o.reden, "wacht op rapport");
    snprintf(o.door, sizeof o.door, "test.zb");
    snprintf(o.vastgelegd_op, sizeof o.vastgelegd_op, "2024-02-01T09:00:00.000Z");
    assert_true(sl_store_opschorting_add(st, &o));
    o.vervangt = o.id;
    o.tot = ymd(2024, 2, 20);
    assert_true(sl_store_opschorting_add(st, &o));
    snprintf(o.zaak.soort, sizeof o.zaak.soort, "img_hersteltermijn");
    o.vervangt = 0;
    assert_true(sl_store_opschorting_add(st, &o));
    sl_termijn_verlenging_rij r;
    memset(&r, 0, sizeof r);
    r.zaak = o.zaak;
    snprintf(r.zaak.soort, sizeof r.zaak.soort, "%s", SL_VIEW_TERMIJN_SOORT);
    r.nieuw_einde = ymd(2024, 12, 1);
    snprintf(r.reden, sizeof r.reden, "nader onderzoek");
    snprintf(r.door, sizeof r.door, "test.zb");
    snprintf(r.vastgelegd_op, sizeof r.vastgelegd_op, "2024-03-01T09:00:00.000Z");
    assert_true(sl_store_verlenging_add(st, &r));
    sl_ingebrekestelling n;
    memset(&n, 0, sizeof n);
    n.address_id = id;
    snprintf(n.organisatie, sizeof n.organisatie, "IMG");
    snprintf(n.img_id, sizeof n.img_id, "%s", img_id);
    n.ontvangen_op = ymd(2024, 9, 2);
    n.beslist_op = SL_DATE_NONE;
    snprintf(n.door, sizeof n.door, "test.zb");
    snprintf(n.vastgelegd_op, sizeof n.vastgelegd_op, "2024-09-02T09:00:00.000Z");
    assert_true(sl_store_ingebrekestelling_add(st, &n));
    static const char *const aanleiding[] = {"vastgelopen", "termijn_tweemaal_gemist"};
    for (int i = 0; i < 3; i++) {
        sl_escalatie e;
        memset(&e, 0, sizeof e);
        e.address_id = i == 2 ? ids[1] : id;
        snprintf(e.aanleiding, sizeof e.aanleiding, "%s", aanleiding[i % 2]);
        snprintf(e.eigenaar, sizeof e.eigenaar, "test.it");
        snprintf(e.aangemeld_op, sizeof e.aangemeld_op, "2024-10-0%dT09:00:00.000Z", i + 1);
        bool bestaat;
        assert_true(sl_store_escalatie_add(st, &e, &bestaat));
    }
}

/* Every part of one address, written through the families. */
static void enrich(sl_store *st, int64_t id)
{
    char key[17];
    sl_bag_format(id, key);
    sl_address_view v;
    assert_true(sl_store_address_view(st, id, &v));
    assert_true(v.n_claims > 0);
    char img_id[sizeof v.claims[0].img_id];
    memcpy(img_id, v.claims[0].img_id, sizeof img_id);
    sl_address_view_free(&v);

    assert_true(sl_store_begin(st));
    sl_dossier_row row;
    memset(&row, 0, sizeof row);
    row.address_id = id;
    snprintf(row.zaakbegeleider, sizeof row.zaakbegeleider, "Zaakbegeleider Een");
    snprintf(row.samenwerking, sizeof row.samenwerking, "geen");
    row.actueel = true;
    assert_true(sl_store_dossier_put(st, &row));
    sl_element_row e = {.element = SL_ELEMENT_TOTAALOPNAME, .status = SL_ELEMENT_GEVRAAGD,
                        .gevraagd_op = ymd(2024, 3, 1), .geregeld_op = SL_DATE_NONE,
                        .afgewezen_op = SL_DATE_NONE};
    snprintf(e.door, sizeof e.door, "test.zb");
    assert_true(sl_store_element_put(st, id, &e));
    e.element = SL_ELEMENT_BEZOEKADRES;
    assert_true(sl_store_element_put(st, id, &e));
    add_signal(st, id, 1, 2);
    add_signal(st, id, 8, 0);
    add_signal(st, id, 2, 1);
    add_consent(st, id, SL_DOEL_COORDINATIE, ymd(2024, 1, 2), ymd(2024, 1, 5),
                ymd(2024, 1, 20));
    add_consent(st, id, SL_DOEL_COORDINATIE, ymd(2024, 2, 3), ymd(2024, 2, 10), SL_DATE_NONE);
    add_consent(st, id, SL_DOEL_INTEGRAAL_PLAN, ymd(2024, 4, 5), SL_DATE_NONE, SL_DATE_NONE);
    sl_history h1 = {.onderwerp = "schade", .sleutel = img_id, .veld = "fase",
                     .van = "opname", .naar = "besluit", .datum = ymd(2024, 5, 6),
                     .delivery_id = 1};
    sl_history h2 = {.onderwerp = "combinatiedossier", .sleutel = key, .veld = "coordinator",
                     .van = NULL, .naar = "Coordinator Twee", .datum = ymd(2024, 5, 7),
                     .gebruiker = "test.coord"};
    sl_history h3 = {.onderwerp = "adres", .sleutel = key, .veld = "afwezig", .van = "ja",
                     .naar = "nee", .datum = ymd(2024, 5, 8), .delivery_id = 1};
    assert_true(sl_store_history_add(st, &h1) && sl_store_history_add(st, &h2) &&
                sl_store_history_add(st, &h3));
    add_terms(st, id, img_id);
    assert_true(sl_store_commit(st));
}

static void every_address_reads_as_the_families_do(void **state)
{
    (void)state;
    sl_store *st = open_small();
    int64_t rich = 0;
    assert_true(sl_store_scan_states(st, SL_KIND_IMG, first_claim_address, &rich));
    assert_true(rich > 0);
    enrich(st, rich);

    sl_address_view v;
    compare(st, rich, &v);
    /* every part is there to compare */
    assert_true(v.found && v.n_claims && v.has_dossier && v.n_elements == 2 &&
                v.n_signals == 3 && v.n_history >= 3 && v.n_deliveries >= 1);
    assert_true(v.has_consent[SL_DOEL_COORDINATIE] && v.has_consent[SL_DOEL_INTEGRAAL_PLAN]);
    assert_true(v.consent[SL_DOEL_COORDINATIE].gegeven_op == ymd(2024, 2, 10));
    assert_int_equal(v.signals[0].n_aan, 2);
    assert_int_equal(v.signals[1].n_aan, 0);
    assert_int_equal(v.signals[2].n_aan, 1);
    assert_true(v.regelversie > 0 && v.n_regels == 1);
    assert_int_equal(v.n_opschortingen, 2); /* the other kind's is not the view's */
    assert_int_equal(v.n_verlengingen, 1);
    assert_int_equal(v.n_notices, 1);
    assert_int_equal(v.n_escalaties, 2); /* the other address's is not */
    sl_address_view_free(&v);

    id_list ids = {.n = 0};
    assert_true(sl_store_scan_address_keys(st, collect_id, &ids));
    assert_true(ids.n > 5);
    for (size_t i = 0; i < ids.n; i++) {
        compare(st, ids.id[i], &v);
        sl_address_view_free(&v);
    }
    sl_store_close(st);
}

static void an_unknown_address_has_an_empty_view(void **state)
{
    (void)state;
    sl_store *st = open_small();
    sl_address_view v;
    assert_true(sl_store_address_view(st, 999999999999LL, &v));
    assert_false(v.found);
    assert_int_equal(v.n_claims + v.n_traj + v.n_history + v.n_signals, 0);
    sl_address_view_free(&v);
    sl_store_close(st);
}

/* Inside a request's read snapshot (the server holds one around each GET) too. */
static void inside_a_read_snapshot(void **state)
{
    (void)state;
    sl_store *st = open_small();
    int64_t id = 0;
    assert_true(sl_store_scan_states(st, SL_KIND_IMG, first_claim_address, &id));
    assert_true(sl_store_read_begin(st));
    sl_address_view v;
    compare(st, id, &v);
    assert_true(v.found && v.n_claims > 0);
    sl_address_view_free(&v);
    sl_store_read_end(st);
    sl_store_close(st);
}

int main(void)
{
    if (tmp_register_create() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_address_reads_as_the_families_do),
        cmocka_unit_test(an_unknown_address_has_an_empty_view),
        cmocka_unit_test(inside_a_read_snapshot),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tmp_register_clear();
    rmdir(db_dir);
    return rc;
}
