/*
 * verzoeken_impl.h - what a storage backend provides for SVIP information
 * requests (for backends only; services include store/verzoeken_store.h).
 * A backend points sl_store_ops.verzoeken at one of these tables.
 */
#ifndef SL_STORE_VERZOEKEN_IMPL_H
#define SL_STORE_VERZOEKEN_IMPL_H

#include "store/store_impl.h"
#include "store/verzoeken_store.h"

struct sl_verzoeken_ops {
    bool (*add)(sl_store *st, sl_verzoek *v);
    bool (*get)(sl_store *st, int64_t id, sl_verzoek *out, bool *found);
    bool (*answer)(sl_store *st, sl_verzoek *v, bool *conflict);
    bool (*scan)(sl_store *st, const sl_verzoek_filter *f, sl_verzoek_cb cb, void *ctx);
    bool (*count)(sl_store *st, sl_account_org org,
                  int64_t out[SL_VZ_TYPE_COUNT][SL_VZ_STATUS_COUNT]);
};

#endif
