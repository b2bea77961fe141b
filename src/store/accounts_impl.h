/*
 * accounts_impl.h - what a storage backend provides for accounts (for
 * backends only; services include store/accounts_store.h). The backend's
 * sl_store_ops points `accounts` at one of these; accounts_store.c routes the
 * public calls through it. Each function's contract is in accounts_store.h.
 */
#ifndef SL_STORE_ACCOUNTS_IMPL_H
#define SL_STORE_ACCOUNTS_IMPL_H

#include "store/accounts_store.h"
#include "store/store_impl.h"

struct sl_accounts_ops {
    bool (*user_add)(sl_store *st, const sl_user *u, const char *pwhash, int64_t *id);
    bool (*user_get)(sl_store *st, const char *naam, sl_user *out, char *pwhash, bool *found);
    bool (*user_get_id)(sl_store *st, int64_t id, sl_user *out, bool *found);
    bool (*users_scan)(sl_store *st, sl_user_cb cb, void *ctx);
    bool (*user_set_active)(sl_store *st, int64_t id, bool actief);
    bool (*user_set_password)(sl_store *st, int64_t id, const char *pwhash);
    bool (*user_set_weergavenaam)(sl_store *st, int64_t id, const char *weergavenaam);
    bool (*user_set_levert_adressen)(sl_store *st, int64_t id, bool levert_adressen);
    bool (*login_failures)(sl_store *st, const char *naam, int64_t since, int64_t *n);
    bool (*login_attempt_add)(sl_store *st, const char *naam, int64_t tijdstip, bool gelukt,
                              int64_t *id);
    bool (*login_attempt_succeeded)(sl_store *st, int64_t id);
    bool (*login_attempts_purge)(sl_store *st, int64_t until);
    bool (*token_add)(sl_store *st, int64_t user_id, const char *hash_hex,
                      const char *omschrijving, int64_t now, int64_t *id);
    bool (*token_find)(sl_store *st, const char *hash_hex, sl_token_row *out, bool *found);
    bool (*token_touch)(sl_store *st, int64_t id, int64_t now);
    bool (*token_revoke)(sl_store *st, int64_t id, int64_t now, bool *found);
    bool (*tokens_revoke_user)(sl_store *st, int64_t user_id, int64_t now, int64_t *n);
    bool (*tokens_scan)(sl_store *st, int64_t user_id, sl_token_cb cb, void *ctx);
    bool (*token_get)(sl_store *st, int64_t id, sl_token_row *out, bool *found);
    bool (*session_add)(sl_store *st, const char *hash_hex, int64_t user_id,
                        const char *csrf_hash_hex, int64_t now, int64_t *id);
    bool (*session_find)(sl_store *st, const char *hash_hex, sl_session_row *out, bool *found);
    bool (*session_touch)(sl_store *st, int64_t id, int64_t now);
    bool (*session_end)(sl_store *st, int64_t id, int64_t now);
    bool (*sessions_end_user)(sl_store *st, int64_t user_id, int64_t now, int64_t *n);
};

#endif
