/*
 * accounts_store.c - the accounts family (store/accounts_store.h), each call
 * routed to the backend's table (store/backend.h).
 */
#include "store/backend.h"

bool sl_store_user_add(sl_store *st, const sl_user *u, const char *pwhash, int64_t *id)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->user_add(st, u, pwhash, id);
}

bool sl_store_user_get(sl_store *st, const char *naam, sl_user *out, char *pwhash, bool *found)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->user_get(st, naam, out, pwhash, found);
}

bool sl_store_user_get_id(sl_store *st, int64_t id, sl_user *out, bool *found)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->user_get_id(st, id, out, found);
}

bool sl_store_users_scan(sl_store *st, sl_user_cb cb, void *ctx)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->users_scan(st, cb, ctx);
}

bool sl_store_user_set_active(sl_store *st, int64_t id, bool actief)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->user_set_active(st, id, actief);
}

bool sl_store_user_set_password(sl_store *st, int64_t id, const char *pwhash)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->user_set_password(st, id, pwhash);
}

bool sl_store_user_set_weergavenaam(sl_store *st, int64_t id, const char *weergavenaam)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->user_set_weergavenaam(st, id, weergavenaam);
}

bool sl_store_user_set_levert_adressen(sl_store *st, int64_t id, bool levert_adressen)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->user_set_levert_adressen(st, id, levert_adressen);
}

bool sl_store_login_failures(sl_store *st, const char *naam, int64_t since, int64_t *n)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->login_failures(st, naam, since, n);
}

bool sl_store_login_attempt_add(sl_store *st, const char *naam, int64_t tijdstip, bool gelukt,
                                int64_t *id)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->login_attempt_add(st, naam, tijdstip, gelukt, id);
}

bool sl_store_login_attempt_succeeded(sl_store *st, int64_t id)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->login_attempt_succeeded(st, id);
}

bool sl_store_login_attempts_purge(sl_store *st, int64_t until)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->login_attempts_purge(st, until);
}

bool sl_store_token_add(sl_store *st, int64_t user_id, const char *hash_hex,
                        const char *omschrijving, int64_t now, int64_t *id)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->token_add(st, user_id, hash_hex, omschrijving, now, id);
}

bool sl_store_token_find(sl_store *st, const char *hash_hex, sl_token_row *out, bool *found)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->token_find(st, hash_hex, out, found);
}

bool sl_store_token_user(sl_store *st, const char *hash_hex, sl_token_row *token, sl_user *user,
                         bool *found)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->token_user(st, hash_hex, token, user, found);
}

bool sl_store_token_touch(sl_store *st, int64_t id, int64_t now)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->token_touch(st, id, now);
}

bool sl_store_token_revoke(sl_store *st, int64_t id, int64_t now, bool *found)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->token_revoke(st, id, now, found);
}

bool sl_store_tokens_revoke_user(sl_store *st, int64_t user_id, int64_t now, int64_t *n)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->tokens_revoke_user(st, user_id, now, n);
}

bool sl_store_token_get(sl_store *st, int64_t id, sl_token_row *out, bool *found)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->token_get(st, id, out, found);
}

bool sl_store_tokens_scan(sl_store *st, int64_t user_id, sl_token_cb cb, void *ctx)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->tokens_scan(st, user_id, cb, ctx);
}

bool sl_store_session_add(sl_store *st, const char *hash_hex, int64_t user_id,
                          const char *csrf_hash_hex, int64_t now, int64_t *id)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->session_add(st, hash_hex, user_id, csrf_hash_hex, now, id);
}

bool sl_store_session_find(sl_store *st, const char *hash_hex, sl_session_row *out, bool *found)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->session_find(st, hash_hex, out, found);
}

bool sl_store_session_touch(sl_store *st, int64_t id, int64_t now)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->session_touch(st, id, now);
}

bool sl_store_session_end(sl_store *st, int64_t id, int64_t now)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->session_end(st, id, now);
}

bool sl_store_sessions_end_user(sl_store *st, int64_t user_id, int64_t now, int64_t *n)
{
    const sl_accounts_ops *o = SL_STORE_FAMILY(st, accounts);
    return o && o->sessions_end_user(st, user_id, now, n);
}
