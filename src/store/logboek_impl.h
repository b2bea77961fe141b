/*
 * logboek_impl.h - what a storage backend provides for the processing log
 * and consent (for backends only; services include store/logboek_store.h).
 * A backend points sl_store_ops.logboek at one of these tables.
 */
#ifndef SL_STORE_LOGBOEK_IMPL_H
#define SL_STORE_LOGBOEK_IMPL_H

#include "store/logboek_store.h"
#include "store/store_impl.h"

struct sl_logboek_ops {
    bool (*log_head)(sl_store *st, int64_t *last_id, char hash[SL_LOG_HASH_CAP]);
    bool (*log_insert)(sl_store *st, const sl_log_record *r);
    bool (*log_append_durable)(sl_store *st, sl_log_record *recs, size_t n,
                               sl_log_link_fn link);
    bool (*log_checkpoint)(sl_store *st);
    bool (*log_scan)(sl_store *st, int64_t address_id, sl_log_cb cb, void *ctx);
    bool (*log_chain)(sl_store *st, sl_log_keten keten, sl_log_cb cb, void *ctx);
    bool (*log_heads)(sl_store *st, int64_t ids[SL_KETEN_COUNT],
                      char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP]);
    bool (*log_hash_at)(sl_store *st, sl_log_keten keten, int64_t id, char hash[SL_LOG_HASH_CAP],
                        bool *found);
    bool (*anchor_add)(sl_store *st, sl_log_anchor *a);
    bool (*anchor_latest)(sl_store *st, sl_log_anchor *out, bool *found);
    bool (*anchors_binding)(sl_store *st, sl_anchor_cb cb, void *ctx);
    bool (*consent_add)(sl_store *st, sl_toestemming *t);
    bool (*consent_update)(sl_store *st, sl_toestemming *t, bool *conflict);
    bool (*consent_latest)(sl_store *st, int64_t address_id, sl_doel doel, sl_toestemming *out,
                           bool *found);
    bool (*consents_of)(sl_store *st, int64_t address_id, sl_consent_cb cb, void *ctx);
    bool (*consent_get)(sl_store *st, int64_t id, sl_toestemming *out, bool *found);
};

#endif
