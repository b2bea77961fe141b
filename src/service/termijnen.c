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

/* The suspensions and extensions of the claims' terms of one kind, sorted by
 * img_id so that each claim finds its own by binary search. */
typedef struct change {
    char img_id[SL_ID_CAP];
    sl_termijn_wijziging w;
} change;

typedef struct change_list {
    const char *soort;
    change *v;
    size_t n, cap;
    bool oom;
} change_list;

static bool change_push(change_list *l, const char *img_id, int64_t id, int64_t vervangt,
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
    snprintf(c->img_id, sizeof c->img_id, "%s", img_id);
    c->w = (sl_termijn_wijziging){.id = id, .vervangt = vervangt, .van = van, .tot = tot};
    return true;
}

static bool ops_cb(void *ctx, const sl_termijn_opschorting_rij *o)
{
    change_list *l = ctx;
    if (!o->zaak.img_id[0] || strcmp(o->zaak.soort, l->soort) != 0)
        return true;
    return change_push(l, o->zaak.img_id, o->id, o->vervangt, o->van, o->tot);
}

static bool verl_cb(void *ctx, const sl_termijn_verlenging_rij *v)
{
    change_list *l = ctx;
    if (!v->zaak.img_id[0] || strcmp(v->zaak.soort, l->soort) != 0)
        return true;
    return change_push(l, v->zaak.img_id, v->id, 0, SL_DATE_NONE, v->nieuw_einde);
}

static int by_claim_then_id(const void *a, const void *b)
{
    const change *x = a, *y = b;
    int c = strcmp(x->img_id, y->img_id);
    return c ? c : (x->w.id > y->w.id) - (x->w.id < y->w.id);
}

/* The first change of img_id in the sorted list, or NULL; *n how many. */
static const change *changes_of(const change_list *l, const char *img_id, size_t *n)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(l->v[mid].img_id, img_id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < l->n && strcmp(l->v[end].img_id, img_id) == 0)
        end++;
    *n = end - lo;
    return *n ? &l->v[lo] : NULL;
}

typedef struct list_ctx {
    const sl_calendar *cal;
    const sl_termijn_def *def;
    const change_list *ops, *verl;
    sl_date vandaag;
    sl_termijn_item_cb cb;
    void *ctx;
    sl_termijnen_telling *tel;
    bool cb_stopped;
} list_ctx;

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

/* The changes of one claim as the evaluation takes them. */
static size_t wijzigingen(const change *c, size_t n, sl_termijn_wijziging *out, size_t cap)
{
    size_t from = n > cap ? n - cap : 0;
    for (size_t i = from; i < n; i++)
        out[i - from] = c[i].w;
    return n - from;
}

static bool claim_cb(void *ctx, const sl_termijn_claim_rij *r)
{
    list_ctx *lc = ctx;
    sl_claim c = {.fase = r->fase, .fase_sinds = r->fase_sinds, .ontvangen_op = r->ontvangen_op};
    sl_termijn_item it = {.def = lc->def, .nummeraanduiding_id = r->address_id,
                          .img_id = r->img_id, .start = r->ontvangen_op};
    if (!sl_termijn_claim(lc->cal, lc->def, &c, lc->vandaag, &it.eind_gebeurtenis,
                          &it.uitkomst)) {
        lc->tel->zonder_startdatum++;
        return true;
    }
    size_t n_os = 0, n_vs = 0;
    const change *os = lc->ops->n ? changes_of(lc->ops, r->img_id, &n_os) : NULL;
    const change *vs = lc->verl->n ? changes_of(lc->verl, r->img_id, &n_vs) : NULL;
    it.verlengd = n_vs > 0;
    sl_termijn_wijziging wo[64], wv[64];
    if ((n_os || n_vs) &&
        !sl_termijn_met_wijzigingen(lc->cal, lc->def, c.ontvangen_op, it.eind_gebeurtenis,
                                    lc->vandaag, wo, wijzigingen(os, n_os, wo, 64), wv,
                                    wijzigingen(vs, n_vs, wv, 64), &it.uitkomst)) {
        lc->tel->zonder_startdatum++; /* a change the evaluation refuses: counted, not listed */
        return true;
    }
    lc->tel->termijnen++;
    lc->tel->per_status[it.uitkomst.status]++;
    if (!lc->cb(lc->ctx, &it)) {
        lc->cb_stopped = true;
        return false;
    }
    return true;
}

bool sl_termijnen_list(sl_store *st, const sl_calendar *cal, sl_date vandaag,
                       sl_termijn_item_cb cb, void *ctx, sl_termijnen_telling *telling)
{
    sl_termijnen_telling tel = {0};
    sl_termijnregels *regels = sl_malloc(sizeof *regels);
    change_list ops = {.soort = "img_beslistermijn"}, verl = {.soort = "img_beslistermijn"};
    static const sl_calendar none = {0};
    list_ctx lc = {.cal = cal ? cal : &none, .ops = &ops, .verl = &verl, .vandaag = vandaag,
                   .cb = cb, .ctx = ctx, .tel = &tel};
    if (!regels)
        return sl_store_fail(st, "onvoldoende geheugen");
    if (!sl_store_read_begin(st)) {
        sl_free(regels);
        return false;
    }
    bool ok = sl_termijnregels_laden(st, regels);
    lc.def = ok ? sl_termijnregels_def(regels, "img_beslistermijn") : NULL;
    if (ok && lc.def) {
        ok = sl_store_opschortingen_scan(st, NULL, ops_cb, &ops) && !ops.oom &&
             sl_store_verlengingen_scan(st, NULL, verl_cb, &verl) && !verl.oom;
        if (ok) {
            if (ops.n > 1) /* qsort takes no NULL, even for nothing */
                qsort(ops.v, ops.n, sizeof *ops.v, by_claim_then_id);
            if (verl.n > 1)
                qsort(verl.v, verl.n, sizeof *verl.v, by_claim_then_id);
            ok = sl_store_termijn_claims_scan(st, claim_cb, &lc);
        }
    }
    sl_store_read_end(st);
    if (!ok && (ops.oom || verl.oom))
        sl_store_fail(st, "onvoldoende geheugen");
    if (telling) {
        tel.regelversie = regels->versie;
        *telling = tel;
    }
    sl_free(ops.v);
    sl_free(verl.v);
    sl_free(regels);
    return ok && !lc.cb_stopped;
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
