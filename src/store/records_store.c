/*
 * records_store.c - the register records family (store/records_store.h), each call
 * routed to the backend's table (store/backend.h).
 */
#include "store/backend.h"

bool sl_store_bulk_begin(sl_store *st, sl_kind kind)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->bulk_begin(st, kind);
}

bool sl_store_bulk_end(sl_store *st, sl_kind kind)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->bulk_end(st, kind);
}

bool sl_store_bulk_begin_held(sl_store *st, sl_kind kind, sl_before_send_cb before_send,
                              void *ctx, bool *held)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    *held = false;
    if (!o)
        return false;
    return !o->bulk_begin_held || o->bulk_begin_held(st, kind, before_send, ctx, held);
}

bool sl_store_scan_states(sl_store *st, sl_kind kind, sl_state_cb cb, void *ctx)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->scan_states(st, kind, cb, ctx);
}

bool sl_store_scan_address_keys(sl_store *st, sl_state_cb cb, void *ctx)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->scan_address_keys(st, cb, ctx);
}

bool sl_store_address_put(sl_store *st, const sl_address *a, uint64_t fingerprint,
                          int64_t delivery_id)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->address_put(st, a, fingerprint, delivery_id);
}

bool sl_store_address_add(sl_store *st, const sl_address *a, uint64_t fingerprint,
                          int64_t delivery_id)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->address_add(st, a, fingerprint, delivery_id);
}

bool sl_store_trajectory_put(sl_store *st, int64_t *rowid, const sl_trajectory *t,
                             int64_t address_id, uint64_t fingerprint, int64_t delivery_id)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->trajectory_put(st, rowid, t, address_id, fingerprint, delivery_id);
}

bool sl_store_claim_put(sl_store *st, int64_t *rowid, const sl_claim *c, int64_t address_id,
                        uint64_t fingerprint, int64_t delivery_id)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->claim_put(st, rowid, c, address_id, fingerprint, delivery_id);
}

bool sl_store_mark_absent(sl_store *st, sl_kind kind, int64_t rowid, int64_t delivery_id)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->mark_absent(st, kind, rowid, delivery_id);
}

bool sl_store_history_add(sl_store *st, const sl_history *h)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->history_add(st, h);
}

bool sl_store_counts(sl_store *st, sl_register_counts *out)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->counts(st, out);
}

bool sl_store_counts_in(sl_store *st, const char *gemeentecode, sl_register_counts *out)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->counts_in(st, gemeentecode, out);
}

bool sl_store_set_count(sl_store *st, sl_kind kind, int64_t n)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->set_count(st, kind, n);
}

bool sl_store_gemeentecodes(sl_store *st, sl_gemeentecode_cb cb, void *ctx)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->gemeentecodes(st, cb, ctx);
}

bool sl_store_address_get(sl_store *st, int64_t id, sl_address *out, bool *absent, bool *found)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->address_get(st, id, out, absent, found);
}

bool sl_store_addresses_by_key(sl_store *st, const char *key, sl_address_row_cb cb, void *ctx)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->addresses_by_key(st, key, cb, ctx);
}

bool sl_store_trajectories_of(sl_store *st, int64_t address_id, sl_trajectory_cb cb, void *ctx)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->trajectories_of(st, address_id, cb, ctx);
}

bool sl_store_claims_of(sl_store *st, int64_t address_id, sl_claim_cb cb, void *ctx)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->claims_of(st, address_id, cb, ctx);
}

bool sl_store_claim_get(sl_store *st, const char *img_id, sl_claim_record *out, bool *found)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->claim_get(st, img_id, out, found);
}

bool sl_store_trajectory_get(sl_store *st, const char *ncg_id, sl_trajectory_record *out,
                             bool *found)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->trajectory_get(st, ncg_id, out, found);
}

bool sl_store_claim_update(sl_store *st, sl_claim_record *rec, uint64_t fingerprint,
                           int64_t expect_versie, bool *stale)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->claim_update(st, rec, fingerprint, expect_versie, stale);
}

bool sl_store_trajectory_update(sl_store *st, sl_trajectory_record *rec, uint64_t fingerprint,
                                int64_t expect_versie, bool *stale)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->trajectory_update(st, rec, fingerprint, expect_versie, stale);
}

bool sl_store_contractor_damage_add(sl_store *st, sl_contractor_damage *d)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->contractor_damage_add(st, d);
}

bool sl_store_history_of_address(sl_store *st, int64_t address_id, sl_history_cb cb, void *ctx)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->history_of_address(st, address_id, cb, ctx);
}

bool sl_store_scan_status_changes(sl_store *st, sl_kind kind, sl_status_change_cb cb,
                                  void *ctx)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->scan_status_changes(st, kind, cb, ctx);
}

bool sl_store_scan_status_records(sl_store *st, sl_kind kind, sl_status_record_cb cb,
                                  void *ctx)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->scan_status_records(st, kind, cb, ctx);
}

bool sl_store_first_known(sl_store *st, int64_t address_id, sl_first_known_cb cb, void *ctx)
{
    const sl_records_ops *o = SL_STORE_FAMILY(st, records);
    return o && o->first_known(st, address_id, cb, ctx);
}
