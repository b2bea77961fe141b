/*
 * escalaties.c - the interventieteam's cases (decision 163): a stuck dossier
 * (rule 8) or a term missed twice is reported once per address and cause
 * while open; each change and each decision is an event row and a
 * processing-log record in the same transaction.
 */
#include <string.h>

#include <stdlib.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "service/termijnbeheer_int.h"
#include "service/signals.h"
#include "service/termijnen.h"
#include "store/signals_store.h"

static const char *const states[] = {"aangemeld", "in_behandeling", "besloten", "gesloten"};

static int state_index(const char *s)
{
    for (int i = 0; s && i < 4; i++)
        if (strcmp(s, states[i]) == 0)
            return i;
    return -1;
}

#define AANLEIDING_PROBLEM "aanleiding: vastgelopen of termijn_tweemaal_gemist"
#define STATUS_PROBLEM "status: aangemeld, in_behandeling, besloten of gesloten"

static bool aanleiding_known(const char *a)
{
    return a && (strcmp(a, "vastgelopen") == 0 || strcmp(a, "termijn_tweemaal_gemist") == 0);
}

static bool manages(const sl_actor *by)
{
    return by->viewer.role == SL_ROLE_INTERVENTIETEAM;
}

static bool reads(const sl_actor *by)
{
    sl_role r = by->viewer.role;
    return r == SL_ROLE_INTERVENTIETEAM || r == SL_ROLE_COORDINATOR ||
           r == SL_ROLE_ZAAKBEGELEIDER || r == SL_ROLE_BEWONERSBEGELEIDER;
}

/* The event row and the log record of one change, inside the caller's transaction. */
static bool record_event(sl_store *st, const sl_actor *by, const sl_escalatie *e,
                         const char *soort, const char *mandaat, const char *reden)
{
    sl_escalatiegebeurtenis g = {.escalatie_id = e->id};
    snprintf(g.soort, sizeof g.soort, "%s", soort);
    snprintf(g.status, sizeof g.status, "%s", e->status);
    snprintf(g.eigenaar, sizeof g.eigenaar, "%s", e->eigenaar);
    snprintf(g.mandaat, sizeof g.mandaat, "%s", mandaat ? mandaat : "");
    snprintf(g.reden, sizeof g.reden, "%s", reden ? reden : "");
    snprintf(g.door, sizeof g.door, "%s", by ? by->gebruiker : "samenloop-sweep");
    char gegevens[128];
    snprintf(gegevens, sizeof gegevens, "{\"escalatie\":%lld,\"gebeurtenis\":\"%s\","
             "\"status\":\"%s\"}", (long long)e->id, soort, e->status);
    return sl_logboek_now(st, g.tijdstip) && sl_store_escalatiegebeurtenis_add(st, &g) &&
           sl_tb_log(st, by, e->address_id, "escalatie", gegevens);
}

/*
 * Rule 14 (decision 190): a new case is a signal to the interventieteam and the
 * coordinator, so that it stands in their work queue (and gives the team its
 * basis for the dossier, service/sharing.c) until the case is closed. Its
 * variant is the cause. Nothing when the active rule set has no rule 14.
 */
static bool raise_case_signal(sl_store *st, const sl_escalatie *e, sl_date today)
{
    sl_ruleset rules;
    if (!sl_store_signal_ruleset(st, &rules))
        return false;
    const sl_signal_rule *rule = sl_signal_rule_for(&rules, SL_TRIGGER_ESCALATIE);
    int64_t raised = 0;
    return !rule || sl_signal_raise_keyed(st, rule, rules.version, e->address_id, e->aanleiding,
                                          rule->aan, today + rule->termijn_dagen, &raised);
}

typedef struct case_signals {
    const sl_escalatie *e;
    sl_signal *v;
    size_t n, cap;
    bool oom;
} case_signals;

static bool case_signal_cb(void *ctx, const sl_signal *s)
{
    case_signals *c = ctx;
    if (!sl_signal_unfinished(s->status) || strcmp(s->variant, c->e->aanleiding) != 0)
        return true;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 2;
        sl_signal *grown = sl_realloc(c->v, cap * sizeof *grown);
        if (!grown) {
            c->oom = true;
            return false;
        }
        c->v = grown;
        c->cap = cap;
    }
    c->v[c->n++] = *s;
    return true;
}

/* A closed case's rule-14 signal has nothing left to ask: the system closes it. */
static bool close_case_signal(sl_store *st, const sl_escalatie *e)
{
    sl_signal_filter f = {.regel = 14, .status = -1, .address_id = e->address_id};
    case_signals c = {.e = e};
    bool ok = sl_store_signals_scan(st, &f, case_signal_cb, &c) && !c.oom;
    if (c.oom)
        sl_store_fail(st, "onvoldoende geheugen");
    for (size_t i = 0; ok && i < c.n; i++)
        ok = sl_signal_close_lapsed(st, &c.v[i], "Vervallen: de escalatie is gesloten.");
    sl_free(c.v);
    return ok;
}

sl_outcome sl_escalatie_aanmelden(sl_store *st, const sl_actor *by, int64_t address_id,
                                  const char *aanleiding, sl_date vandaag, sl_escalatie *out,
                                  bool *nieuw, char *err, size_t cap)
{
    if (by && by->viewer.role != SL_ROLE_INTERVENTIETEAM &&
        by->viewer.role != SL_ROLE_COORDINATOR)
        return sl_tb_fail(err, cap, SL_FORBIDDEN,
                          "escalaties meldt het interventieteam of een coördinator aan");
    if (!aanleiding_known(aanleiding))
        return sl_tb_fail(err, cap, SL_INVALID, AANLEIDING_PROBLEM);
    sl_address a;
    bool absent, found;
    if (!sl_store_address_get(st, address_id, &a, &absent, &found))
        return sl_tb_fail(err, cap, SL_ERROR, "%s", sl_store_errmsg(st));
    if (!found)
        return sl_tb_fail(err, cap, SL_NOT_FOUND, "adres bestaat niet");
    sl_escalatie e = {.address_id = address_id};
    snprintf(e.aanleiding, sizeof e.aanleiding, "%s", aanleiding);
    if (!sl_store_begin(st) || !sl_logboek_now(st, e.aangemeld_op) ||
        !sl_store_escalatie_add(st, &e, &absent))
        return sl_tb_store_fail(st, err, cap);
    *nieuw = !absent;
    if (absent) {
        sl_store_rollback(st); /* nothing written */
    } else if (!record_event(st, by, &e, "aangemeld", NULL, NULL) ||
               !raise_case_signal(st, &e, vandaag) || !sl_store_commit(st)) {
        return sl_tb_store_fail(st, err, cap);
    }
    *out = e;
    return SL_OK;
}

static sl_outcome get_case(sl_store *st, int64_t id, sl_escalatie *e, char *err, size_t cap)
{
    bool found;
    if (!sl_store_escalatie_get(st, id, e, &found))
        return sl_tb_fail(err, cap, SL_ERROR, "%s", sl_store_errmsg(st));
    return found ? SL_OK
                 : sl_tb_fail(err, cap, SL_NOT_FOUND, "escalatie %lld bestaat niet", (long long)id);
}

typedef struct has_decision {
    bool found;
} has_decision;

static bool decision_cb(void *ctx, const sl_escalatiegebeurtenis *g)
{
    if (strcmp(g->soort, "besluit") == 0)
        ((has_decision *)ctx)->found = true;
    return true;
}

sl_outcome sl_escalatie_wijzigen(sl_store *st, const sl_actor *by, int64_t id,
                                 int64_t expect_versie, const char *status, const char *eigenaar,
                                 sl_escalatie *out, char *err, size_t cap)
{
    if (!manages(by))
        return sl_tb_fail(err, cap, SL_FORBIDDEN, "escalaties behandelt het interventieteam");
    sl_escalatie e;
    sl_outcome rc = get_case(st, id, &e, err, cap);
    if (rc != SL_OK)
        return rc;
    int from = state_index(e.status), to = status ? state_index(status) : from;
    if (to < 0)
        return sl_tb_fail(err, cap, SL_INVALID, STATUS_PROBLEM);
    if (eigenaar && (strlen(eigenaar) == 0 || strlen(eigenaar) >= sizeof e.eigenaar))
        return sl_tb_fail(err, cap, SL_INVALID, "eigenaar: 1 tot %zu tekens",
                          sizeof e.eigenaar - 1);
    if (from == 3 && (to != 3 || eigenaar))
        return sl_tb_fail(err, cap, SL_CONFLICT, "deze escalatie is gesloten");
    if (to != from && to != 3 && to != from + 1)
        return sl_tb_fail(err, cap, SL_CONFLICT, "van %s kan een escalatie niet naar %s",
                          e.status, states[to]);
    if (to == 2 && from != 2) {
        has_decision d = {0};
        if (!sl_store_escalatiegebeurtenissen(st, id, decision_cb, &d))
            return sl_tb_fail(err, cap, SL_ERROR, "%s", sl_store_errmsg(st));
        if (!d.found)
            return sl_tb_fail(err, cap, SL_CONFLICT,
                              "besloten: leg eerst een besluit vast (met mandaat en reden)");
    }
    bool changed_owner = eigenaar && strcmp(eigenaar, e.eigenaar) != 0;
    snprintf(e.status, sizeof e.status, "%s", states[to]);
    if (eigenaar)
        snprintf(e.eigenaar, sizeof e.eigenaar, "%s", eigenaar);
    bool stale;
    if (!sl_store_begin(st) || !sl_store_escalatie_update(st, &e, expect_versie, &stale))
        return sl_tb_store_fail(st, err, cap);
    if (stale) {
        sl_store_rollback(st);
        return sl_tb_fail(err, cap, SL_STALE, "de escalatie is intussen gewijzigd");
    }
    if ((to != from && !record_event(st, by, &e, "status", NULL, NULL)) ||
        (changed_owner && !record_event(st, by, &e, "eigenaar", NULL, NULL)) ||
        (to == 3 && from != 3 && !close_case_signal(st, &e)) ||
        !sl_store_commit(st))
        return sl_tb_store_fail(st, err, cap);
    *out = e;
    return SL_OK;
}

sl_outcome sl_escalatie_besluiten(sl_store *st, const sl_actor *by, int64_t id,
                                  const char *mandaat, const char *reden, sl_escalatie *out,
                                  char *err, size_t cap)
{
    if (!manages(by))
        return sl_tb_fail(err, cap, SL_FORBIDDEN, "besluiten neemt het interventieteam");
    const char *why = sl_tb_text_problem(mandaat, SL_TERMIJN_TEKST_CAP - 1);
    if (why)
        return sl_tb_fail(err, cap, SL_INVALID, "mandaat: %s", why);
    if ((why = sl_tb_text_problem(reden, SL_TERMIJN_TEKST_CAP - 1)))
        return sl_tb_fail(err, cap, SL_INVALID, "reden: %s", why);
    sl_escalatie e;
    sl_outcome rc = get_case(st, id, &e, err, cap);
    if (rc != SL_OK)
        return rc;
    if (strcmp(e.status, "gesloten") == 0)
        return sl_tb_fail(err, cap, SL_CONFLICT, "deze escalatie is gesloten");
    if (strcmp(e.status, "aangemeld") == 0)
        return sl_tb_fail(err, cap, SL_CONFLICT,
                          "neem de escalatie eerst in behandeling voordat u besluit");
    int64_t versie = e.versie;
    snprintf(e.status, sizeof e.status, "besloten");
    bool stale;
    if (!sl_store_begin(st) || !sl_store_escalatie_update(st, &e, versie, &stale) ||
        stale || !record_event(st, by, &e, "besluit", mandaat, reden) || !sl_store_commit(st))
        return sl_tb_store_fail(st, err, cap);
    *out = e;
    return SL_OK;
}

static json_t *case_json(const sl_escalatie *e)
{
    char id[17];
    sl_bag_format(e->address_id, id);
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)e->id,
                     "nummeraanduiding_id", id, "aanleiding", e->aanleiding, "eigenaar",
                     e->eigenaar, "status", e->status, "aangemeld_op", e->aangemeld_op,
                     "versie", (json_int_t)e->versie);
}

typedef struct json_list {
    json_t *items;
    bool oom;
} json_list;

static bool event_cb(void *ctx, const sl_escalatiegebeurtenis *g)
{
    json_list *l = ctx;
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "soort", g->soort, "status",
                          g->status, "eigenaar", g->eigenaar, "mandaat", g->mandaat, "reden",
                          g->reden, "door", g->door, "tijdstip", g->tijdstip);
    if (!o || json_array_append_new(l->items, o) != 0) {
        l->oom = true;
        return false;
    }
    return true;
}

sl_outcome sl_escalatie_json(sl_store *st, const sl_actor *by, int64_t id, json_t **out,
                             char *err, size_t cap)
{
    if (!reads(by))
        return sl_tb_fail(err, cap, SL_FORBIDDEN, "escalaties zijn voor het interventieteam en"
                                                  " de begeleiders");
    sl_escalatie e;
    sl_outcome rc = get_case(st, id, &e, err, cap);
    if (rc != SL_OK)
        return rc;
    json_list l = {.items = json_array()};
    json_t *o = case_json(&e);
    if (!o || !l.items || !sl_store_escalatiegebeurtenissen(st, id, event_cb, &l) || l.oom ||
        json_object_set(o, "historie", l.items) != 0) {
        json_decref(o);
        json_decref(l.items);
        return sl_tb_fail(err, cap, SL_ERROR, "%s", sl_store_errmsg(st));
    }
    json_decref(l.items);
    *out = o;
    return SL_OK;
}

/* The list's page: every selected case is counted, only the page's are built. */
typedef struct case_page {
    json_t *items;
    size_t first, last, total;
    bool oom;
} case_page;

static bool case_page_cb(void *ctx, const sl_escalatie *e, const char *gemeentecode)
{
    case_page *p = ctx;
    size_t at = p->total++;
    if (at < p->first || at >= p->last)
        return true;
    json_t *o = case_json(e);
    if (!o || json_object_set_new(o, "gemeentecode", json_string(gemeentecode)) != 0) {
        json_decref(o);
        p->oom = true;
        return false;
    }
    /* the array takes o, also when it fails */
    p->oom = json_array_append_new(p->items, o) != 0;
    return !p->oom;
}

static bool filter_value_ok(const char *v, bool (*known)(const char *))
{
    return !v || !*v || known(v);
}

static bool state_known(const char *s)
{
    return state_index(s) >= 0;
}

sl_outcome sl_escalaties_json(sl_store *st, const sl_actor *by, const sl_escalatie_filter *f,
                              long page, long per_page, json_t **out, char *err, size_t cap)
{
    if (!reads(by))
        return sl_tb_fail(err, cap, SL_FORBIDDEN, "escalaties zijn voor het interventieteam en"
                                                  " de begeleiders");
    if (!filter_value_ok(f->status, state_known))
        return sl_tb_fail(err, cap, SL_INVALID, STATUS_PROBLEM);
    if (!filter_value_ok(f->aanleiding, aanleiding_known))
        return sl_tb_fail(err, cap, SL_INVALID, AANLEIDING_PROBLEM);
    case_page p = {.items = json_array(), .first = (size_t)(page - 1) * (size_t)per_page,
                   .last = (size_t)page * (size_t)per_page};
    if (!p.items || !sl_store_escalaties_lijst(st, f, case_page_cb, &p) || p.oom) {
        json_decref(p.items);
        return sl_tb_fail(err, cap, SL_ERROR, "%s",
                          p.oom ? "onvoldoende geheugen" : sl_store_errmsg(st));
    }
    *out = json_pack("{s:o, s:i, s:i, s:I}", "items", p.items, "pagina", (int)page,
                     "per_pagina", (int)per_page, "totaal", (json_int_t)p.total);
    return *out ? SL_OK : sl_tb_fail(err, cap, SL_ERROR, "onvoldoende geheugen");
}

/* ---- the sweep --------------------------------------------------------------------- */

typedef struct addr_count {
    int64_t address_id;
    int missed; /* a missed term counts 1, a missed extended term 2 */
} addr_count;

typedef struct addr_list {
    addr_count *v;
    size_t n, cap;
    bool oom;
} addr_list;

static bool addr_add(addr_list *l, int64_t address_id, int missed)
{
    if (l->n && l->v[l->n - 1].address_id == address_id) {
        l->v[l->n - 1].missed += missed;
        return true;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        addr_count *grown = sl_realloc(l->v, cap * sizeof *grown);
        if (!grown) {
            l->oom = true;
            return false;
        }
        l->v = grown;
        l->cap = cap;
    }
    l->v[l->n++] = (addr_count){address_id, missed};
    return true;
}

static bool stuck_cb(void *ctx, const sl_signal *s)
{
    if (s->status == SL_SIGNAAL_AFGEROND || s->status == SL_SIGNAAL_AFGEWEZEN)
        return true;
    return addr_add(ctx, s->address_id, 2);
}

/* A term counts while it is missed and still not met, and only the government's: a
 * resident's objection term that passed is the resident's choice (decision 187), and a
 * decision that came late long ago is history the team can no longer act on (decision 191). */
static bool missed_cb(void *ctx, const sl_termijn_item *it)
{
    if (it->uitkomst.status != SL_TERMIJN_VERSTREKEN || it->eind_gebeurtenis != SL_DATE_NONE ||
        it->def->verantwoordelijke != SL_PARTIJ_OVERHEID)
        return true;
    return addr_add(ctx, it->nummeraanduiding_id, it->verlengd ? 2 : 1);
}

static int by_address(const void *a, const void *b)
{
    const addr_count *x = a, *y = b;
    return (x->address_id > y->address_id) - (x->address_id < y->address_id);
}

/* Sums the counts of equal addresses (the list is sorted first). */
static void merge_counts(addr_list *l)
{
    if (l->n < 2)
        return; /* nothing to merge, and qsort takes no NULL */
    qsort(l->v, l->n, sizeof *l->v, by_address);
    size_t out = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (out && l->v[out - 1].address_id == l->v[i].address_id)
            l->v[out - 1].missed += l->v[i].missed;
        else
            l->v[out++] = l->v[i];
    }
    l->n = out;
}

/* Reports the addresses that reached two, each in its own transaction. */
static bool report_all(sl_store *st, const addr_list *l, const char *aanleiding, sl_date today,
                       int64_t *nieuw)
{
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].missed < 2)
            continue;
        sl_escalatie e;
        bool is_new;
        char err[256];
        if (sl_escalatie_aanmelden(st, NULL, l->v[i].address_id, aanleiding, today, &e, &is_new,
                                   err, sizeof err) != SL_OK)
            return sl_store_fail(st, "%s", err);
        *nieuw += is_new;
    }
    return true;
}

bool sl_escalaties_sweep(sl_store *st, sl_date today, int64_t *nieuw)
{
    addr_list stuck = {0}, missed = {0};
    sl_signal_filter f = {.regel = 8, .status = -1};
    *nieuw = 0;
    bool ok = sl_store_signals_scan(st, &f, stuck_cb, &stuck) && !stuck.oom &&
              sl_termijnen_list(st, NULL, today, missed_cb, &missed, NULL) && !missed.oom;
    if (!ok && (stuck.oom || missed.oom))
        sl_store_fail(st, "onvoldoende geheugen");
    if (ok) {
        merge_counts(&stuck);
        merge_counts(&missed);
        ok = report_all(st, &stuck, "vastgelopen", today, nieuw) &&
             report_all(st, &missed, "termijn_tweemaal_gemist", today, nieuw);
    }
    sl_free(stuck.v);
    sl_free(missed.v);
    return ok;
}
