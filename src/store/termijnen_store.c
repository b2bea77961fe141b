/*
 * termijnen_store.c - the terms family (store/termijnen_store.h) routed to
 * the backend.
 */
#include "store/backend.h"

bool sl_store_termijnregels_actief(sl_store *st, int32_t *versie, sl_termijn_regel_cb cb, void *ctx)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->termijnregels_actief(st, versie, cb, ctx);
}

bool sl_store_termijnregels_max(sl_store *st, int32_t *versie)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->termijnregels_max(st, versie);
}

bool sl_store_termijnregels_publiceer(sl_store *st, int32_t versie, const char *omschrijving,
                                      const char *door, const char *tijdstip,
                                      const sl_termijn_regel *r, size_t n)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->termijnregels_publiceer(st, versie, omschrijving, door, tijdstip, r, n);
}

bool sl_store_termijnregels_versies(sl_store *st, sl_regelset_versie_cb cb, void *ctx)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->termijnregels_versies(st, cb, ctx);
}

bool sl_store_termijnregels_versie(sl_store *st, int32_t versie, sl_termijn_regel_cb cb,
                                   void *ctx, bool *found)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->termijnregels_versie(st, versie, cb, ctx, found);
}

bool sl_store_opschorting_add(sl_store *st, sl_termijn_opschorting_rij *rij)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->opschorting_add(st, rij);
}

bool sl_store_verlenging_add(sl_store *st, sl_termijn_verlenging_rij *rij)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->verlenging_add(st, rij);
}

bool sl_store_opschortingen_scan(sl_store *st, const sl_termijn_zaak *zaak, sl_opschorting_cb cb,
                                 void *ctx)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->opschortingen_scan(st, zaak, cb, ctx);
}

bool sl_store_verlengingen_scan(sl_store *st, const sl_termijn_zaak *zaak, sl_verlenging_cb cb,
                                void *ctx)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->verlengingen_scan(st, zaak, cb, ctx);
}

bool sl_store_termijn_claims_scan(sl_store *st, sl_termijn_claim_cb cb, void *ctx)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->termijn_claims_scan(st, cb, ctx);
}

bool sl_store_termijn_trajecten_scan(sl_store *st, sl_termijn_traject_cb cb, void *ctx)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->termijn_trajecten_scan(st, cb, ctx);
}

bool sl_store_ingebrekestelling_add(sl_store *st, sl_ingebrekestelling *n)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->ingebrekestelling_add(st, n);
}

bool sl_store_ingebrekestelling_get(sl_store *st, int64_t id, sl_ingebrekestelling *out,
                                    bool *found)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->ingebrekestelling_get(st, id, out, found);
}

bool sl_store_ingebrekestelling_beslis(sl_store *st, sl_ingebrekestelling *n, sl_date beslist_op,
                                       int64_t expect_versie, bool *stale)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->ingebrekestelling_beslis(st, n, beslist_op, expect_versie, stale);
}

bool sl_store_ingebrekestellingen_scan(sl_store *st, int64_t address_id, sl_ingebrekestelling_cb cb,
                                       void *ctx)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->ingebrekestellingen_scan(st, address_id, cb, ctx);
}

bool sl_store_grootboekpost_add(sl_store *st, sl_grootboekpost *p)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->grootboekpost_add(st, p);
}

bool sl_store_grootboek_scan(sl_store *st, const char *organisatie, int64_t address_id,
                             sl_grootboekpost_cb cb, void *ctx)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->grootboek_scan(st, organisatie, address_id, cb, ctx);
}

bool sl_store_escalatie_add(sl_store *st, sl_escalatie *e, bool *bestaat)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->escalatie_add(st, e, bestaat);
}

bool sl_store_escalatie_get(sl_store *st, int64_t id, sl_escalatie *out, bool *found)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->escalatie_get(st, id, out, found);
}

bool sl_store_escalatie_update(sl_store *st, sl_escalatie *e, int64_t expect_versie, bool *stale)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->escalatie_update(st, e, expect_versie, stale);
}

bool sl_store_escalaties_lijst(sl_store *st, const sl_escalatie_filter *f,
                               sl_escalatie_lijst_cb cb, void *ctx)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->escalaties_scan(st, f, cb, ctx);
}

typedef struct by_status {
    sl_escalatie_cb cb;
    void *ctx;
} by_status;

static bool by_status_cb(void *ctx, const sl_escalatie *e, const char *gemeentecode)
{
    (void)gemeentecode;
    const by_status *b = ctx;
    return b->cb(b->ctx, e);
}

/* One query for both: the list's, without its other filters. */
bool sl_store_escalaties_scan(sl_store *st, const char *status, sl_escalatie_cb cb, void *ctx)
{
    sl_escalatie_filter f = {.status = status};
    by_status b = {.cb = cb, .ctx = ctx};
    return sl_store_escalaties_lijst(st, &f, by_status_cb, &b);
}

bool sl_store_escalatiegebeurtenis_add(sl_store *st, sl_escalatiegebeurtenis *g)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->escalatiegebeurtenis_add(st, g);
}

bool sl_store_escalatiegebeurtenissen(sl_store *st, int64_t escalatie_id,
                                      sl_escalatiegebeurtenis_cb cb, void *ctx)
{
    const sl_termijnen_ops *o = SL_STORE_FAMILY(st, termijnen);
    return o && o->escalatiegebeurtenissen(st, escalatie_id, cb, ctx);
}
