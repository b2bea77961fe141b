/*
 * deliveries_store.c - the names of a delivery's states, and the deliveries
 * family (store/deliveries_store.h) routed to the backend.
 */
#include "store/backend.h"

bool sl_store_delivery_add(sl_store *st, const char *file, sl_kind kind, int64_t *id)
{
    const sl_deliveries_ops *o = SL_STORE_FAMILY(st, deliveries);
    return o && o->delivery_add(st, file, kind, id);
}

bool sl_store_delivery_finish(sl_store *st, int64_t id, const sl_delivery_counts *c,
                              const char *sha256_hex)
{
    const sl_deliveries_ops *o = SL_STORE_FAMILY(st, deliveries);
    return o && o->delivery_finish(st, id, c, sha256_hex);
}

bool sl_store_reject_add(sl_store *st, int64_t delivery_id, int64_t line, const char *column,
                         const char *reason, const char *row)
{
    const sl_deliveries_ops *o = SL_STORE_FAMILY(st, deliveries);
    return o && o->reject_add(st, delivery_id, line, column, reason, row);
}

bool sl_store_deliveries_scan(sl_store *st, sl_delivery_cb cb, void *ctx)
{
    const sl_deliveries_ops *o = SL_STORE_FAMILY(st, deliveries);
    return o && o->deliveries_scan(st, cb, ctx);
}

bool sl_store_delivery_get(sl_store *st, int64_t id, sl_delivery_row *out, bool *found)
{
    const sl_deliveries_ops *o = SL_STORE_FAMILY(st, deliveries);
    return o && o->delivery_get(st, id, out, found);
}

bool sl_store_rejects_of(sl_store *st, int64_t delivery_id, sl_reject_cb2 cb, void *ctx)
{
    const sl_deliveries_ops *o = SL_STORE_FAMILY(st, deliveries);
    return o && o->rejects_of(st, delivery_id, cb, ctx);
}

bool sl_store_delivery_set_door(sl_store *st, int64_t id, const char *door)
{
    const sl_deliveries_ops *o = SL_STORE_FAMILY(st, deliveries);
    return o && o->delivery_set_door(st, id, door);
}

bool sl_store_delivery_hold(sl_store *st, int64_t id, int64_t wordt_afwezig, int64_t huidig)
{
    const sl_deliveries_ops *o = SL_STORE_FAMILY(st, deliveries);
    return o && o->delivery_hold(st, id, wordt_afwezig, huidig);
}

bool sl_store_delivery_absent_add(sl_store *st, int64_t id, const char *sleutel)
{
    const sl_deliveries_ops *o = SL_STORE_FAMILY(st, deliveries);
    return o && o->delivery_absent_add(st, id, sleutel);
}

bool sl_store_delivery_settle(sl_store *st, int64_t id, sl_delivery_state to, const char *door,
                              int64_t toegepast_in, bool *settled)
{
    const sl_deliveries_ops *o = SL_STORE_FAMILY(st, deliveries);
    return o && o->delivery_settle(st, id, to, door, toegepast_in, settled);
}

bool sl_store_delivery_absent_of(sl_store *st, int64_t id, sl_key_cb cb, void *ctx)
{
    const sl_deliveries_ops *o = SL_STORE_FAMILY(st, deliveries);
    return o && o->delivery_absent_of(st, id, cb, ctx);
}

const char *sl_delivery_state_name(sl_delivery_state s)
{
    switch (s) {
    case SL_DELIVERY_VERWERKT: return "verwerkt";
    case SL_DELIVERY_AANGEHOUDEN: return "aangehouden";
    case SL_DELIVERY_BEVESTIGD: return "bevestigd";
    case SL_DELIVERY_INGETROKKEN: return "ingetrokken";
    }
    return "";
}
