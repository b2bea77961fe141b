/*
 * dossiers_store.c - the combination-dossier family (store/dossiers_store.h), each call
 * routed to the backend's table (store/backend.h).
 */
#include "store/backend.h"

bool sl_store_dossier_facts(sl_store *st, int64_t address_id, sl_dossier_facts *out)
{
    const sl_dossiers_ops *o = SL_STORE_FAMILY(st, dossiers);
    return o && o->dossier_facts(st, address_id, out);
}

bool sl_store_dossier_get(sl_store *st, int64_t address_id, sl_dossier_row *out, bool *found)
{
    const sl_dossiers_ops *o = SL_STORE_FAMILY(st, dossiers);
    return o && o->dossier_get(st, address_id, out, found);
}

bool sl_store_dossier_put(sl_store *st, const sl_dossier_row *row)
{
    const sl_dossiers_ops *o = SL_STORE_FAMILY(st, dossiers);
    return o && o->dossier_put(st, row);
}

bool sl_store_dossiers_baseline(sl_store *st)
{
    const sl_dossiers_ops *o = SL_STORE_FAMILY(st, dossiers);
    return o && o->dossiers_baseline(st);
}

bool sl_store_element_put(sl_store *st, int64_t address_id, const sl_element_row *e)
{
    const sl_dossiers_ops *o = SL_STORE_FAMILY(st, dossiers);
    return o && o->element_put(st, address_id, e);
}

bool sl_store_elements_of(sl_store *st, int64_t address_id, sl_element_cb cb, void *ctx)
{
    const sl_dossiers_ops *o = SL_STORE_FAMILY(st, dossiers);
    return o && o->elements_of(st, address_id, cb, ctx);
}

bool sl_store_dossier_facts_many(sl_store *st, const int64_t *ids, size_t n,
                                 sl_dossier_facts *out)
{
    const sl_dossiers_ops *o = SL_STORE_FAMILY(st, dossiers);
    if (!o)
        return false;
    if (o->dossier_facts_many)
        return n == 0 || o->dossier_facts_many(st, ids, n, out);
    for (size_t i = 0; i < n; i++)
        if (!o->dossier_facts(st, ids[i], &out[i]))
            return false;
    return true;
}

bool sl_store_dossier_get_many(sl_store *st, const int64_t *ids, size_t n, sl_dossier_row *out,
                               bool *found)
{
    const sl_dossiers_ops *o = SL_STORE_FAMILY(st, dossiers);
    if (!o)
        return false;
    if (o->dossier_get_many)
        return n == 0 || o->dossier_get_many(st, ids, n, out, found);
    for (size_t i = 0; i < n; i++)
        if (!o->dossier_get(st, ids[i], &out[i], &found[i]))
            return false;
    return true;
}
