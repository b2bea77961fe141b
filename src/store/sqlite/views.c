/*
 * views.c - the SQLite backend of the address view
 * (store/address_view_store.h): the families' own reads, one after the other
 * inside one read snapshot. In-process reads cost no round trip, so there is
 * nothing to gain by folding them into one statement; the PostgreSQL backend
 * does (pg/views.c), and tests/service/test_address_view.c holds both to what
 * these reads return.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/address_view_store.h"
#include "store/backend.h"
#include "store/deliveries_store.h"
#include "store/sqlite/sqlite_int.h"

#define PUSH(v, arr, n) sl_address_view_push((void **)&(v)->arr, &(v)->n, sizeof *(v)->arr)

static bool oom(sl_store *st) { return sl_store_fail(st, "onvoldoende geheugen"); }

typedef struct view_ctx {
    sl_store *st;
    sl_address_view *v;
} view_ctx;

static bool traj_cb(void *ctx, const sl_trajectory *t, bool absent)
{
    view_ctx *c = ctx;
    size_t n = c->v->n_traj;
    sl_trajectory *item = PUSH(c->v, traj, n_traj);
    bool *flag = item ? sl_address_view_push((void **)&c->v->traj_absent, &n, sizeof *flag) : NULL;
    if (!flag)
        return oom(c->st);
    *item = *t;
    *flag = absent;
    return true;
}

static bool claim_cb(void *ctx, const sl_claim *cl, bool absent)
{
    view_ctx *c = ctx;
    size_t n = c->v->n_claims;
    sl_claim *item = PUSH(c->v, claims, n_claims);
    bool *flag =
        item ? sl_address_view_push((void **)&c->v->claim_absent, &n, sizeof *flag) : NULL;
    if (!flag)
        return oom(c->st);
    *item = *cl;
    *flag = absent;
    return true;
}

static bool element_cb(void *ctx, const sl_element_row *e)
{
    view_ctx *c = ctx;
    sl_element_row *item = PUSH(c->v, elements, n_elements);
    return item ? (*item = *e, true) : oom(c->st);
}

static bool signal_cb(void *ctx, const sl_signal *s)
{
    view_ctx *c = ctx;
    sl_signal *item = PUSH(c->v, signals, n_signals);
    return item ? (*item = *s, true) : oom(c->st);
}

/* Each delivery the history names, once; one that is gone is left out. */
static bool named_delivery(view_ctx *c, int64_t id)
{
    for (size_t i = 0; i < c->v->n_deliveries; i++)
        if (c->v->deliveries[i].id == id)
            return true;
    sl_delivery_row d;
    bool found;
    if (!sl_store_delivery_get(c->st, id, &d, &found))
        return false;
    if (!found)
        return true;
    sl_view_delivery *item = PUSH(c->v, deliveries, n_deliveries);
    if (!item)
        return oom(c->st);
    item->id = id;
    item->kind = d.kind;
    memcpy(item->bestand, d.bestand, sizeof item->bestand);
    return true;
}

static bool history_cb(void *ctx, const sl_history_row *h)
{
    view_ctx *c = ctx;
    sl_history_row *item = PUSH(c->v, history, n_history);
    if (!item)
        return oom(c->st);
    *item = *h;
    return !h->delivery_id || named_delivery(c, h->delivery_id);
}

static bool regel_cb(void *ctx, const sl_termijn_regel *g)
{
    view_ctx *c = ctx;
    sl_termijn_regel *item = PUSH(c->v, regels, n_regels);
    return item ? (*item = *g, true) : oom(c->st);
}

static bool opschorting_cb(void *ctx, const sl_termijn_opschorting_rij *o)
{
    view_ctx *c = ctx;
    sl_termijn_opschorting_rij *item = PUSH(c->v, opschortingen, n_opschortingen);
    return item ? (*item = *o, true) : oom(c->st);
}

static bool verlenging_cb(void *ctx, const sl_termijn_verlenging_rij *r)
{
    view_ctx *c = ctx;
    sl_termijn_verlenging_rij *item = PUSH(c->v, verlengingen, n_verlengingen);
    return item ? (*item = *r, true) : oom(c->st);
}

static bool notice_cb(void *ctx, const sl_ingebrekestelling *n)
{
    view_ctx *c = ctx;
    sl_ingebrekestelling *item = PUSH(c->v, notices, n_notices);
    return item ? (*item = *n, true) : oom(c->st);
}

/* escalation cases are a few hundred at most: the address's are kept */
static bool escalatie_cb(void *ctx, const sl_escalatie *e)
{
    view_ctx *c = ctx;
    if (e->address_id != c->v->address.nummeraanduiding_id)
        return true;
    sl_escalatie *item = PUSH(c->v, escalaties, n_escalaties);
    return item ? (*item = *e, true) : oom(c->st);
}

/* What the dossier's terms are made of: the rules in force, each claim's
 * suspensions and extensions, the notices and the escalation cases. */
static bool read_terms(view_ctx *c, int64_t id)
{
    sl_address_view *v = c->v;
    if (!sl_store_termijnregels_actief(c->st, &v->regelversie, regel_cb, c))
        return false;
    for (size_t i = 0; i < v->n_claims; i++) {
        sl_termijn_zaak zaak;
        memset(&zaak, 0, sizeof zaak);
        snprintf(zaak.soort, sizeof zaak.soort, "%s", SL_VIEW_TERMIJN_SOORT);
        snprintf(zaak.img_id, sizeof zaak.img_id, "%s", v->claims[i].img_id);
        if (!sl_store_opschortingen_scan(c->st, &zaak, opschorting_cb, c) ||
            !sl_store_verlengingen_scan(c->st, &zaak, verlenging_cb, c))
            return false;
    }
    return sl_store_ingebrekestellingen_scan(c->st, id, notice_cb, c) &&
           sl_store_escalaties_scan(c->st, NULL, escalatie_cb, c);
}

static int by_id(const void *a, const void *b)
{
    int64_t x = ((const sl_view_delivery *)a)->id, y = ((const sl_view_delivery *)b)->id;
    return (x > y) - (x < y);
}

static bool read_view(sl_store *st, int64_t id, sl_address_view *v)
{
    view_ctx c = {.st = st, .v = v};
    if (!sl_store_address_get(st, id, &v->address, &v->absent, &v->found))
        return false;
    if (!v->found)
        return true;
    if (!sl_store_trajectories_of(st, id, traj_cb, &c) ||
        !sl_store_claims_of(st, id, claim_cb, &c) ||
        !sl_store_classification_get(st, id, &v->cls, &v->has_class) ||
        !sl_store_dossier_get(st, id, &v->dossier, &v->has_dossier) ||
        !sl_store_elements_of(st, id, element_cb, &c) ||
        !sl_store_signals_scan(st, &(sl_signal_filter){.status = -1, .address_id = id},
                               signal_cb, &c))
        return false;
    for (int d = 0; d < SL_DOEL_COUNT; d++)
        if (!sl_store_consent_latest(st, id, (sl_doel)d, &v->consent[d], &v->has_consent[d]))
            return false;
    if (!sl_store_history_of_address(st, id, history_cb, &c))
        return false;
    if (v->n_deliveries)
        qsort(v->deliveries, v->n_deliveries, sizeof *v->deliveries, by_id);
    return read_terms(&c, id);
}

static bool sq_address_view(sl_store *st, int64_t address_id, sl_address_view *out)
{
    if (!sl_store_read_begin(st))
        return false;
    bool ok = read_view(st, address_id, out);
    sl_store_read_end(st);
    return ok;
}

const sl_views_ops sq_views_ops = {
    .address_view = sq_address_view,
};
