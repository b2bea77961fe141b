/*
 * termijnen.c - the register's terms, from the current claims.
 *
 * The definitions in force (service/termijnbeheer.h), the suspensions and
 * extensions, then one scan of the claims with just the dates a term needs
 * (sl_store_termijn_claims_scan): nothing is read inside that scan's
 * callback, so a backend need not support nested reads, and a million claims
 * cost one pass.
 */
#include "service/termijnen.h"

#include <string.h>

#include <stdio.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "service/termijnbeheer.h"

/* The suspensions and extensions of one kind's terms, sorted by the case's id
 * (img_id or ncg_id) so that each case finds its own by binary search. */
typedef struct change {
    char zaak_id[SL_ID_CAP];
    int64_t id, vervangt;
    sl_date van, tot; /* a suspension; an extension has van SL_DATE_NONE and tot the new end */
} change;

typedef struct change_list {
    const char *soort;
    bool claims; /* keyed by img_id; else by ncg_id */
    change *v;
    size_t n, cap;
    bool oom;
} change_list;

static bool change_push(change_list *l, const char *zaak_id, int64_t id, int64_t vervangt,
                        sl_date van, sl_date tot)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        change *grown = sl_realloc(l->v, cap * sizeof *grown);
        if (!grown) {
            l->oom = true;
            return false;
        }
        l->v = grown;
        l->cap = cap;
    }
    change *c = &l->v[l->n++];
    snprintf(c->zaak_id, sizeof c->zaak_id, "%s", zaak_id);
    c->id = id;
    c->vervangt = vervangt;
    c->van = van;
    c->tot = tot;
    return true;
}

static const char *zaak_of(const change_list *l, const sl_termijn_zaak *z)
{
    const char *id = l->claims ? z->img_id : z->ncg_id;
    return id[0] && strcmp(z->soort, l->soort) == 0 ? id : NULL;
}

static bool ops_cb(void *ctx, const sl_termijn_opschorting_rij *o)
{
    change_list *l = ctx;
    const char *id = zaak_of(l, &o->zaak);
    return !id || change_push(l, id, o->id, o->vervangt, o->van, o->tot);
}

static bool verl_cb(void *ctx, const sl_termijn_verlenging_rij *v)
{
    change_list *l = ctx;
    const char *id = zaak_of(l, &v->zaak);
    return !id || change_push(l, id, v->id, 0, SL_DATE_NONE, v->nieuw_einde);
}

static int by_case_then_id(const void *a, const void *b)
{
    const change *x = a, *y = b;
    int c = strcmp(x->zaak_id, y->zaak_id);
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* The first change of zaak_id in the sorted list, or NULL; *n how many. */
static const change *changes_of(const change_list *l, const char *zaak_id, size_t *n)
{
    *n = 0;
    if (!l->n)
        return NULL;
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(l->v[mid].zaak_id, zaak_id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < l->n && strcmp(l->v[end].zaak_id, zaak_id) == 0)
        end++;
    *n = end - lo;
    return *n ? &l->v[lo] : NULL;
}

/*
 * One kind the register can date (decision 188): IMG's decision target from
 * ontvangen_op; the objection term from the decision's day (a claim in
 * beschikking: its fase_sinds); and each NCG step term no longer marked
 * aanname, from the day the trajectory entered its step, while it is there.
 */
typedef enum kind_start { START_ONTVANGEN, START_BESCHIKKING, START_STAP } kind_start;

typedef struct term_kind {
    const sl_termijn_def *def;
    kind_start start;
    sl_stap stap; /* START_STAP: the step that starts it */
    change_list ops, verl;
} term_kind;

#define KINDS_MAX 32

typedef struct list_ctx {
    const sl_calendar *cal;
    term_kind kinds[KINDS_MAX];
    size_t n_kinds;
    sl_date vandaag;
    sl_termijn_item_cb cb;
    void *ctx;
    sl_termijnen_telling *tel;
    bool cb_stopped;
} list_ctx;

/* How the register dates kind d into k; false when it cannot (decision 188). */
static bool kind_of(const sl_termijn_def *d, term_kind *k)
{
    *k = (term_kind){.def = d};
    bool img = strcmp(d->organisatie, "IMG") == 0;
    if (img && strcmp(d->start_gebeurtenis, "ontvangen_op") == 0)
        k->start = START_ONTVANGEN;
    else if (img && strcmp(d->start_gebeurtenis, "beschikking") == 0)
        k->start = START_BESCHIKKING;
    else if (!img && !d->aanname && strncmp(d->start_gebeurtenis, "stap_", 5) == 0 &&
             sl_stap_parse(d->start_gebeurtenis + 5, strlen(d->start_gebeurtenis + 5),
                           &k->stap))
        k->start = START_STAP;
    else
        return false; /* the Awb 7:10 term needs objection dates the register has not */
    return true;
}

bool sl_termijn_soort_gedateerd(const sl_termijn_def *d)
{
    term_kind k;
    return kind_of(d, &k);
}

/* Which kinds of the table the register can date, and how. */
static void choose_kinds(list_ctx *lc, const sl_termijnregels *r)
{
    for (size_t i = 0; i < r->n && lc->n_kinds < KINDS_MAX; i++) {
        const sl_termijn_def *d = &r->def[i];
        term_kind k;
        if (!kind_of(d, &k))
            continue;
        k.ops = (change_list){.soort = d->soort, .claims = k.start != START_STAP};
        k.verl = k.ops;
        lc->kinds[lc->n_kinds++] = k;
    }
}

/* The changes of one case as the evaluation takes them (the last cap of them). */
static size_t wijzigingen(const change *c, size_t n, sl_termijn_wijziging *out, size_t cap)
{
    size_t from = n > cap ? n - cap : 0;
    for (size_t i = from; i < n; i++)
        out[i - from] = (sl_termijn_wijziging){.id = c[i].id, .vervangt = c[i].vervangt,
                                               .van = c[i].van, .tot = c[i].tot};
    return n - from;
}

bool sl_termijn_met_wijzigingen(const sl_calendar *cal, const sl_termijn_def *def,
                                sl_date start, sl_date decided, sl_date vandaag,
                                const sl_termijn_wijziging *os, size_t n_os,
                                const sl_termijn_wijziging *vs, size_t n_vs,
                                sl_termijn_uitkomst *out)
{
    sl_opschorting susp[16];
    sl_date ext[16];
    size_t ns = 0, nv = 0;
    for (size_t i = 0; i < n_os && ns < 16; i++) {
        bool ended = false;
        for (size_t j = 0; j < n_os; j++)
            ended |= os[j].vervangt == os[i].id;
        if (!ended)
            susp[ns++] = (sl_opschorting){.van = os[i].van, .tot = os[i].tot};
    }
    for (size_t i = n_vs > 16 ? n_vs - 16 : 0; i < n_vs; i++)
        ext[nv++] = vs[i].tot;
    sl_termijn_invoer in = {.start = start, .opschortingen = susp, .n_opschortingen = ns,
                            .verlengingen = ext, .n_verlengingen = nv,
                            .eind_gebeurtenis = decided, .vandaag = vandaag};
    return sl_termijn_evalueer(cal, def, &in, out, NULL);
}

static bool evaluate(const list_ctx *lc, const term_kind *k, const char *zaak_id, sl_date start,
                     sl_date eind, sl_termijn_item *it)
{
    size_t n_os = 0, n_vs = 0;
    const change *os = changes_of(&k->ops, zaak_id, &n_os);
    const change *vs = changes_of(&k->verl, zaak_id, &n_vs);
    it->def = k->def;
    it->start = start;
    it->eind_gebeurtenis = eind;
    it->verlengd = n_vs > 0;
    sl_termijn_wijziging wo[64], wv[64];
    return sl_termijn_met_wijzigingen(lc->cal, k->def, start, eind, lc->vandaag, wo,
                                      wijzigingen(os, n_os, wo, 64), wv,
                                      wijzigingen(vs, n_vs, wv, 64), &it->uitkomst);
}

/* Hands one evaluated term to the caller; a term the evaluation refused is counted. */
static bool emit(list_ctx *lc, bool ok, const sl_termijn_item *it)
{
    if (!ok) {
        lc->tel->zonder_startdatum++;
        return true;
    }
    lc->tel->termijnen++;
    lc->tel->per_status[it->uitkomst.status]++;
    if (!lc->cb(lc->ctx, it)) {
        lc->cb_stopped = true;
        return false;
    }
    return true;
}

static bool claim_cb(void *ctx, const sl_termijn_claim_rij *r)
{
    list_ctx *lc = ctx;
    for (size_t i = 0; i < lc->n_kinds; i++) {
        const term_kind *k = &lc->kinds[i];
        sl_termijn_item it = {.nummeraanduiding_id = r->address_id, .img_id = r->img_id};
        sl_date start, eind = SL_DATE_NONE;
        if (k->start == START_ONTVANGEN) {
            if (r->ontvangen_op == SL_DATE_NONE) {
                lc->tel->zonder_startdatum++;
                continue;
            }
            sl_claim c = {.fase = r->fase, .fase_sinds = r->fase_sinds};
            sl_termijn_uitkomst unused;
            c.ontvangen_op = r->ontvangen_op;
            /* the decision's day as decision 126 dates it */
            sl_termijn_claim(lc->cal, k->def, &c, lc->vandaag, &eind, &unused);
            start = r->ontvangen_op;
        } else if (k->start == START_BESCHIKKING) {
            /* the register knows no objections: the term runs out unmet (decision 188) */
            if (r->fase != SL_FASE_BESCHIKKING || r->fase_sinds == SL_DATE_NONE)
                continue;
            start = r->fase_sinds;
        } else {
            continue;
        }
        if (!emit(lc, evaluate(lc, k, r->img_id, start, eind, &it), &it))
            return false;
    }
    return true;
}

static bool traject_cb(void *ctx, const sl_termijn_traject_rij *r)
{
    list_ctx *lc = ctx;
    for (size_t i = 0; i < lc->n_kinds; i++) {
        const term_kind *k = &lc->kinds[i];
        if (k->start != START_STAP || k->stap != r->stap || r->stap_sinds == SL_DATE_NONE)
            continue;
        sl_termijn_item it = {.nummeraanduiding_id = r->address_id, .ncg_id = r->ncg_id};
        if (!emit(lc, evaluate(lc, k, r->ncg_id, r->stap_sinds, SL_DATE_NONE, &it), &it))
            return false;
    }
    return true;
}

static bool any_kind(const list_ctx *lc, bool steps)
{
    for (size_t i = 0; i < lc->n_kinds; i++)
        if ((lc->kinds[i].start == START_STAP) == steps)
            return true;
    return false;
}

/* Every kind's suspensions and extensions, sorted for the scans' binary search. */
static bool load_changes(sl_store *st, list_ctx *lc)
{
    for (size_t i = 0; i < lc->n_kinds; i++) {
        term_kind *k = &lc->kinds[i];
        if (!sl_store_opschortingen_scan(st, NULL, ops_cb, &k->ops) || k->ops.oom ||
            !sl_store_verlengingen_scan(st, NULL, verl_cb, &k->verl) || k->verl.oom)
            return false;
        if (k->ops.n > 1) /* qsort takes no NULL, even for nothing */
            qsort(k->ops.v, k->ops.n, sizeof *k->ops.v, by_case_then_id);
        if (k->verl.n > 1)
            qsort(k->verl.v, k->verl.n, sizeof *k->verl.v, by_case_then_id);
    }
    return true;
}

bool sl_termijnen_list(sl_store *st, const sl_calendar *cal, sl_date vandaag,
                       sl_termijn_item_cb cb, void *ctx, sl_termijnen_telling *telling)
{
    return sl_termijnen_list_met(st, cal, vandaag, NULL, cb, ctx, telling);
}

bool sl_termijnen_list_met(sl_store *st, const sl_calendar *cal, sl_date vandaag,
                           const sl_termijnregels *tabel, sl_termijn_item_cb cb, void *ctx,
                           sl_termijnen_telling *telling)
{
    sl_termijnen_telling tel = {0};
    sl_termijnregels *regels = sl_malloc(sizeof *regels);
    static const sl_calendar none = {0};
    list_ctx *lc = sl_calloc(1, sizeof *lc);
    if (!regels || !lc) {
        sl_free(regels);
        sl_free(lc);
        return sl_store_fail(st, "onvoldoende geheugen");
    }
    *lc = (list_ctx){.cal = cal ? cal : &none, .vandaag = vandaag, .cb = cb, .ctx = ctx,
                     .tel = &tel};
    if (!sl_store_read_begin(st)) {
        sl_free(regels);
        sl_free(lc);
        return false;
    }
    bool ok = tabel ? (*regels = *tabel, true) : sl_termijnregels_laden(st, regels);
    if (tabel)
        sl_termijnregels_koppel(regels);
    if (ok) {
        choose_kinds(lc, regels);
        ok = load_changes(st, lc) &&
             (!any_kind(lc, false) || sl_store_termijn_claims_scan(st, claim_cb, lc)) &&
             (!any_kind(lc, true) || sl_store_termijn_trajecten_scan(st, traject_cb, lc));
    }
    sl_store_read_end(st);
    bool oom = false;
    for (size_t i = 0; i < lc->n_kinds; i++) {
        oom |= lc->kinds[i].ops.oom || lc->kinds[i].verl.oom;
        sl_free(lc->kinds[i].ops.v);
        sl_free(lc->kinds[i].verl.v);
    }
    if (!ok && oom)
        sl_store_fail(st, "onvoldoende geheugen");
    if (telling) {
        tel.regelversie = regels->versie;
        *telling = tel;
    }
    bool stopped = lc->cb_stopped;
    sl_free(regels);
    sl_free(lc);
    return ok && !stopped;
}

/* A date as "YYYY-MM-DD", or JSON null when there is none. */
static json_t *date_or_null(sl_date d)
{
    if (d == SL_DATE_NONE)
        return json_null();
    char buf[11];
    sl_date_format(d, buf);
    return json_string(buf);
}

json_t *sl_termijn_item_json(const sl_termijn_item *it)
{
    char id[17];
    sl_bag_format(it->nummeraanduiding_id, id);
    const sl_termijn_uitkomst *u = &it->uitkomst;
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:b, s:i, s:o, s:i, s:b, s:b, s:i}", "soort",
        it->def->soort, "nummeraanduiding_id", id, "organisatie", it->def->organisatie,
        "verantwoordelijke", sl_partij_name(it->def->verantwoordelijke), "start",
        date_or_null(it->start), "einde", date_or_null(u->einde), "status",
        sl_termijn_status_name(u->status), "waarschuwing", u->waarschuwing, "dagen_resterend",
        (int)u->dagen_resterend, "gehaald_op", date_or_null(it->eind_gebeurtenis),
        "opgeschorte_dagen", (int)u->opgeschorte_dagen, "wettelijk", it->def->wettelijk,
        "fataal", it->def->fataal, "regelversie", (int)it->def->regelversie);
    const char *key = it->img_id ? "img_id" : "ncg_id";
    const char *val = it->img_id ? it->img_id : it->ncg_id;
    if (o && val && json_object_set_new(o, key, json_string(val)) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *sl_dwangsom_json(sl_date ontvangen, sl_date beslist, const sl_dwangsom *d)
{
    /* whole euros are written as an integer: 1442, not 1442.0 */
    json_t *bedrag = d->bedrag_centen % 100 == 0 ? json_integer(d->bedrag_centen / 100)
                                                 : json_real((double)d->bedrag_centen / 100.0);
    return json_pack("{s:i, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:b, s:b}", "dagen",
                     (int)d->dagen, "bedrag", bedrag, "bedrag_centen",
                     (json_int_t)d->bedrag_centen, "ontvangen", date_or_null(ontvangen),
                     "beslist", date_or_null(beslist), "eerste_dag", date_or_null(d->eerste_dag),
                     "laatste_dag", date_or_null(d->laatste_dag), "maximum_op",
                     date_or_null(d->maximum_op), "maximum_bereikt", d->maximum_bereikt, "loopt",
                     d->loopt);
}

typedef struct page_ctx {
    const sl_termijn_filter *f;
    bool img_ok, ncg_ok;
    long first, last; /* the page's window in matches, [first, last) */
    long total;
    json_t *items;
    bool oom;
} page_ctx;

static bool page_matches(const page_ctx *p, const sl_termijn_item *it)
{
    const sl_termijn_filter *f = p->f;
    bool img = strcmp(it->def->organisatie, "IMG") == 0;
    if ((img && !p->img_ok) || (!img && !p->ncg_ok))
        return false;
    if (f->soort && strcmp(f->soort, it->def->soort) != 0)
        return false;
    if (f->status >= 0 && (int)it->uitkomst.status != f->status)
        return false;
    if (f->organisatie && strcmp(f->organisatie, it->def->organisatie) != 0)
        return false;
    if (f->einde_voor != SL_DATE_NONE && !(it->uitkomst.einde < f->einde_voor))
        return false;
    if (f->gemeente) {
        char id[17];
        sl_bag_format(it->nummeraanduiding_id, id);
        if (strncmp(id, f->gemeente, 4) != 0)
            return false;
    }
    return true;
}

static bool page_cb(void *ctx, const sl_termijn_item *it)
{
    page_ctx *p = ctx;
    if (!page_matches(p, it))
        return true;
    long i = p->total++;
    if (i < p->first || i >= p->last)
        return true;
    json_t *o = sl_termijn_item_json(it);
    if (!o || json_array_append_new(p->items, o) != 0) {
        p->oom = true;
        return false;
    }
    return true;
}

sl_outcome sl_termijnen_page_json(sl_store *st, const sl_actor *by, const sl_termijn_filter *f,
                                  sl_date vandaag, long page, long per_page, json_t **out,
                                  char *err, size_t cap)
{
    const sl_viewer *vw = &by->viewer;
    bool staff = vw->role == SL_ROLE_SVIP || vw->role == SL_ROLE_ZAAKBEGELEIDER ||
                 vw->role == SL_ROLE_BEWONERSBEGELEIDER;
    if (!staff) {
        snprintf(err, cap, "de termijnenlijst is voor de medewerkers van IMG en NCG");
        return SL_FORBIDDEN;
    }
    page_ctx p = {.f = f, .img_ok = vw->org == SL_ACCOUNT_ORG_IMG,
                  .ncg_ok = vw->org == SL_ACCOUNT_ORG_NCG,
                  .first = (page - 1) * per_page, .last = page * per_page,
                  .items = json_array()};
    sl_termijnen_telling tel;
    if (!p.items)
        return SL_ERROR;
    if (!sl_termijnen_list(st, NULL, vandaag, page_cb, &p, &tel) || p.oom) {
        json_decref(p.items);
        snprintf(err, cap, "%s", p.oom ? "onvoldoende geheugen" : sl_store_errmsg(st));
        return SL_ERROR;
    }
    *out = json_pack("{s:o, s:i, s:i, s:i, s:i}", "items", p.items, "pagina", (int)page,
                     "per_pagina", (int)per_page, "totaal", (int)p.total, "regelversie",
                     (int)tel.regelversie);
    return *out ? SL_OK : SL_ERROR;
}
