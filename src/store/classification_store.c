/*
 * classification_store.c - the classification family (store/classification_store.h), each call
 * routed to the backend's table (store/backend.h).
 */
#include "store/backend.h"

bool sl_store_matrix_active(sl_store *st, sl_matrix *out)
{
    const sl_classification_ops *o = SL_STORE_FAMILY(st, classification);
    return o && o->matrix_active(st, out);
}

bool sl_store_scan_trajectory_claims(sl_store *st, sl_pair_cb cb, void *ctx)
{
    const sl_classification_ops *o = SL_STORE_FAMILY(st, classification);
    return o && o->scan_trajectory_claims(st, cb, ctx);
}

bool sl_store_scan_classifications(sl_store *st, sl_class_cb cb, void *ctx)
{
    const sl_classification_ops *o = SL_STORE_FAMILY(st, classification);
    return o && o->scan_classifications(st, cb, ctx);
}

bool sl_store_classification_put(sl_store *st, const sl_stored_class *sc)
{
    const sl_classification_ops *o = SL_STORE_FAMILY(st, classification);
    return o && o->classification_put(st, sc);
}

bool sl_store_classification_delete(sl_store *st, int64_t address_id)
{
    const sl_classification_ops *o = SL_STORE_FAMILY(st, classification);
    return o && o->classification_delete(st, address_id);
}

bool sl_store_tally(sl_store *st, const char *gemeentecode, sl_tally *out)
{
    const sl_classification_ops *o = SL_STORE_FAMILY(st, classification);
    return o && o->tally(st, gemeentecode, out);
}

bool sl_store_classification_get(sl_store *st, int64_t address_id, sl_stored_class *out,
                                 bool *found)
{
    const sl_classification_ops *o = SL_STORE_FAMILY(st, classification);
    return o && o->classification_get(st, address_id, out, found);
}

bool sl_store_regelset_versies(sl_store *st, const char *soort, sl_regelset_versie_cb cb,
                               void *ctx)
{
    const sl_classification_ops *o = SL_STORE_FAMILY(st, classification);
    return o && o->regelset_versies(st, soort, cb, ctx);
}

bool sl_store_regelset_activeer(sl_store *st, const char *soort, int32_t versie,
                                const char *omschrijving, const char *door)
{
    const sl_classification_ops *o = SL_STORE_FAMILY(st, classification);
    return o && o->regelset_activeer(st, soort, versie, omschrijving, door);
}

bool sl_store_matrix_versie(sl_store *st, int32_t versie, sl_matrix *out, bool *found)
{
    const sl_classification_ops *o = SL_STORE_FAMILY(st, classification);
    return o && o->matrix_versie(st, versie, out, found);
}

bool sl_store_matrix_cellen_put(sl_store *st, const sl_matrix *m)
{
    const sl_classification_ops *o = SL_STORE_FAMILY(st, classification);
    return o && o->matrix_cellen_put(st, m);
}
