/*
 * logboek_store.c - the front door of the processing-log and consent
 * sub-interface: routes each call through the backend's table. A backend
 * without the table answers every call with a clear error.
 */
#include "store/logboek_impl.h"

static bool missing(sl_store *st)
{
    return sl_store_fail(st, "deze opslag kent geen logboek en geen toestemmingen");
}

#define OPS(st) ((st)->ops->logboek)

bool sl_store_log_head(sl_store *st, int64_t *last_id, char hash[SL_LOG_HASH_CAP])
{
    return OPS(st) ? OPS(st)->log_head(st, last_id, hash) : missing(st);
}

bool sl_store_log_insert(sl_store *st, const sl_log_record *r)
{
    return OPS(st) ? OPS(st)->log_insert(st, r) : missing(st);
}

bool sl_store_log_append_durable(sl_store *st, sl_log_record *recs, size_t n,
                                 sl_log_link_fn link)
{
    if (n == 0 || !recs || !link)
        return sl_store_fail(st, "logboek: niets om toe te voegen");
    return OPS(st) ? OPS(st)->log_append_durable(st, recs, n, link) : missing(st);
}

bool sl_store_log_checkpoint(sl_store *st)
{
    return OPS(st) ? OPS(st)->log_checkpoint(st) : missing(st);
}

bool sl_store_log_scan(sl_store *st, int64_t address_id, sl_log_cb cb, void *ctx)
{
    return OPS(st) ? OPS(st)->log_scan(st, address_id, cb, ctx) : missing(st);
}

bool sl_store_log_chain(sl_store *st, sl_log_keten keten, sl_log_cb cb, void *ctx)
{
    return OPS(st) ? OPS(st)->log_chain(st, keten, cb, ctx) : missing(st);
}

bool sl_store_log_heads(sl_store *st, int64_t ids[SL_KETEN_COUNT],
                        char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP])
{
    return OPS(st) ? OPS(st)->log_heads(st, ids, hashes) : missing(st);
}

bool sl_store_log_hash_at(sl_store *st, sl_log_keten keten, int64_t id,
                          char hash[SL_LOG_HASH_CAP], bool *found)
{
    return OPS(st) ? OPS(st)->log_hash_at(st, keten, id, hash, found) : missing(st);
}

bool sl_store_anchor_add(sl_store *st, sl_log_anchor *a)
{
    return OPS(st) ? OPS(st)->anchor_add(st, a) : missing(st);
}

bool sl_store_anchor_latest(sl_store *st, sl_log_anchor *out, bool *found)
{
    return OPS(st) ? OPS(st)->anchor_latest(st, out, found) : missing(st);
}

bool sl_store_anchors_binding(sl_store *st, sl_anchor_cb cb, void *ctx)
{
    return OPS(st) ? OPS(st)->anchors_binding(st, cb, ctx) : missing(st);
}

const char *sl_log_keten_name(sl_log_keten k)
{
    return k == SL_KETEN_INZAGE ? "inzage" : "register";
}

bool sl_store_consent_add(sl_store *st, sl_toestemming *t)
{
    return OPS(st) ? OPS(st)->consent_add(st, t) : missing(st);
}

bool sl_store_consent_update(sl_store *st, sl_toestemming *t, bool *conflict)
{
    return OPS(st) ? OPS(st)->consent_update(st, t, conflict) : missing(st);
}

bool sl_store_consent_latest(sl_store *st, int64_t address_id, sl_doel doel,
                             sl_toestemming *out, bool *found)
{
    return OPS(st) ? OPS(st)->consent_latest(st, address_id, doel, out, found) : missing(st);
}

bool sl_store_consent_get(sl_store *st, int64_t id, sl_toestemming *out, bool *found)
{
    return OPS(st) ? OPS(st)->consent_get(st, id, out, found) : missing(st);
}

bool sl_store_consents_of(sl_store *st, int64_t address_id, sl_consent_cb cb, void *ctx)
{
    return OPS(st) ? OPS(st)->consents_of(st, address_id, cb, ctx) : missing(st);
}
