/*
 * log_store.c - the names of the log's chains, and the processing-log
 * family (store/log_store.h) routed to the backend.
 */
#include "store/backend.h"

bool sl_store_log_head(sl_store *st, int64_t *last_id, char hash[SL_LOG_HASH_CAP])
{
    const sl_log_ops *o = SL_STORE_FAMILY(st, log);
    return o && o->log_head(st, last_id, hash);
}

bool sl_store_log_insert(sl_store *st, const sl_log_record *r)
{
    const sl_log_ops *o = SL_STORE_FAMILY(st, log);
    return o && o->log_insert(st, r);
}

bool sl_store_log_append_durable(sl_store *st, sl_log_record *recs, size_t n,
                                 sl_log_link_fn link)
{
    if (n == 0 || !recs || !link)
        return sl_store_fail(st, "logboek: niets om toe te voegen");
    const sl_log_ops *o = SL_STORE_FAMILY(st, log);
    return o && o->log_append_durable(st, recs, n, link);
}

bool sl_store_log_checkpoint(sl_store *st)
{
    const sl_log_ops *o = SL_STORE_FAMILY(st, log);
    return o && o->log_checkpoint(st);
}

bool sl_store_log_scan(sl_store *st, int64_t address_id, sl_log_cb cb, void *ctx)
{
    const sl_log_ops *o = SL_STORE_FAMILY(st, log);
    return o && o->log_scan(st, address_id, cb, ctx);
}

bool sl_store_log_chain(sl_store *st, sl_log_keten keten, sl_log_cb cb, void *ctx)
{
    const sl_log_ops *o = SL_STORE_FAMILY(st, log);
    return o && o->log_chain(st, keten, cb, ctx);
}

bool sl_store_log_heads(sl_store *st, int64_t ids[SL_KETEN_COUNT],
                        char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP])
{
    const sl_log_ops *o = SL_STORE_FAMILY(st, log);
    return o && o->log_heads(st, ids, hashes);
}

bool sl_store_log_hash_at(sl_store *st, sl_log_keten keten, int64_t id, char hash[SL_LOG_HASH_CAP],
                          bool *found)
{
    const sl_log_ops *o = SL_STORE_FAMILY(st, log);
    return o && o->log_hash_at(st, keten, id, hash, found);
}

bool sl_store_anchor_add(sl_store *st, sl_log_anchor *a)
{
    const sl_log_ops *o = SL_STORE_FAMILY(st, log);
    return o && o->anchor_add(st, a);
}

bool sl_store_anchor_latest(sl_store *st, sl_log_anchor *out, bool *found)
{
    const sl_log_ops *o = SL_STORE_FAMILY(st, log);
    return o && o->anchor_latest(st, out, found);
}

bool sl_store_anchors_binding(sl_store *st, sl_anchor_cb cb, void *ctx)
{
    const sl_log_ops *o = SL_STORE_FAMILY(st, log);
    return o && o->anchors_binding(st, cb, ctx);
}

const char *sl_log_keten_name(sl_log_keten k)
{
    return k == SL_KETEN_INZAGE ? "inzage" : "register";
}
