/*
 * consent_store.c - the consent family (store/consent_store.h), each call
 * routed to the backend's table (store/backend.h).
 */
#include "store/backend.h"

bool sl_store_consent_add(sl_store *st, sl_toestemming *t)
{
    const sl_consent_ops *o = SL_STORE_FAMILY(st, consent);
    return o && o->consent_add(st, t);
}

bool sl_store_consent_update(sl_store *st, sl_toestemming *t, bool *conflict)
{
    const sl_consent_ops *o = SL_STORE_FAMILY(st, consent);
    return o && o->consent_update(st, t, conflict);
}

bool sl_store_consent_latest(sl_store *st, int64_t address_id, sl_doel doel, sl_toestemming *out,
                             bool *found)
{
    const sl_consent_ops *o = SL_STORE_FAMILY(st, consent);
    return o && o->consent_latest(st, address_id, doel, out, found);
}

bool sl_store_consent_get(sl_store *st, int64_t id, sl_toestemming *out, bool *found)
{
    const sl_consent_ops *o = SL_STORE_FAMILY(st, consent);
    return o && o->consent_get(st, id, out, found);
}

bool sl_store_consents_of(sl_store *st, int64_t address_id, sl_consent_cb cb, void *ctx)
{
    const sl_consent_ops *o = SL_STORE_FAMILY(st, consent);
    return o && o->consents_of(st, address_id, cb, ctx);
}
