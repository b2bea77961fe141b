/*
 * accounts_store.h - persistence of accounts, API tokens, browser sessions and
 * login attempts, a table family of the store (a backend fills sl_accounts_ops in
 * store/backend.h).
 *
 * The store keeps only what it is given: password hashes and digests of
 * tokens and sessions, never a secret in clear; validation, hashing and
 * expiry rules are the service's (service/accounts.h). Timestamps are UNIX
 * seconds chosen by the caller.
 *
 * Errors as in store.h: false with a message on the handle (sl_store_errmsg).
 * Writes belong inside sl_store_begin/commit.
 */
#ifndef SL_STORE_ACCOUNTS_STORE_H
#define SL_STORE_ACCOUNTS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/roles.h"
#include "store/store.h"

#define SL_USER_NAME_MAX 64        /* login names: 1-64 bytes */
#define SL_USER_NAME_CAP (SL_USER_NAME_MAX + 1)
#define SL_USER_ADDRESSES_MAX 16   /* addresses of one resident account */
#define SL_PWHASH_CAP 128          /* an encoded argon2id string (crypto_pwhash_STRBYTES) */
#define SL_DIGEST_HEX_CAP 65       /* a 32-byte digest in hex, plus NUL */
#define SL_OMSCHRIJVING_MAX 200    /* a token's description */
#define SL_WEERGAVENAAM_MAX 80     /* an account's name as the deliveries spell the person */

/* One account as the services see it (never its password hash). */
typedef struct sl_user {
    int64_t id;
    char naam[SL_USER_NAME_CAP];
    char weergavenaam[SL_WEERGAVENAAM_MAX + 1]; /* "" when not set */
    sl_role rol;
    sl_account_org org;
    char gemeentecode[5];                      /* "" unless rol is gemeente */
    bool levert_adressen;                      /* datasteward appointed for BAG addresses */
    int64_t adressen[SL_USER_ADDRESSES_MAX];   /* nummeraanduiding ids (bewoner only) */
    size_t n_adressen;
    bool actief;
    int64_t aangemaakt_op;
} sl_user;

/* A stored token, without its digest. ingetrokken_op/laatst_gebruikt_op 0 = never. */
typedef struct sl_token_row {
    int64_t id;
    int64_t gebruiker_id;
    char omschrijving[SL_OMSCHRIJVING_MAX + 1];
    int64_t aangemaakt_op, ingetrokken_op, laatst_gebruikt_op;
} sl_token_row;

/* A stored session, without its digest. beeindigd_op 0 = not ended. */
typedef struct sl_session_row {
    int64_t id;
    int64_t gebruiker_id;
    char csrf_hash[SL_DIGEST_HEX_CAP];
    int64_t aangemaakt_op, laatst_actief_op, beeindigd_op;
} sl_session_row;

/* ---- users --------------------------------------------------------------- */

/*
 * Inserts u (u->id ignored) with its addresses and password hash; *id gets the
 * new id. Fails (with a message) when the name is taken or an address is not
 * in the register; callers check both first to give a better message.
 */
bool sl_store_user_add(sl_store *st, const sl_user *u, const char *pwhash, int64_t *id);
/*
 * The user called naam (case-insensitive). pwhash, when not NULL, receives the
 * stored hash (SL_PWHASH_CAP bytes). *found false and true returned when
 * there is none. A stored row with an unknown role or org is an error.
 */
bool sl_store_user_get(sl_store *st, const char *naam, sl_user *out, char *pwhash, bool *found);
bool sl_store_user_get_id(sl_store *st, int64_t id, sl_user *out, bool *found);
/* Every user by name; return false from cb to stop (the scan then fails). */
typedef bool (*sl_user_cb)(void *ctx, const sl_user *u);
bool sl_store_users_scan(sl_store *st, sl_user_cb cb, void *ctx);
/* Sets whether the user may log in and use tokens. */
bool sl_store_user_set_active(sl_store *st, int64_t id, bool actief);
/* Replaces the user's password hash. */
bool sl_store_user_set_password(sl_store *st, int64_t id, const char *pwhash);
/* Replaces the user's name as the deliveries spell the person ("" for none). */
bool sl_store_user_set_weergavenaam(sl_store *st, int64_t id, const char *weergavenaam);
/* Sets whether a data steward delivers the BAG addresses (decision 90). */
bool sl_store_user_set_levert_adressen(sl_store *st, int64_t id, bool levert_adressen);

/* ---- login attempts -------------------------------------------------------- */

/*
 * Failed attempts for naam (case-insensitive) after `since` (exclusive) and
 * after its latest successful attempt.
 */
bool sl_store_login_failures(sl_store *st, const char *naam, int64_t since, int64_t *n);
/* Records an attempt; *id (may be NULL) gets its id. */
bool sl_store_login_attempt_add(sl_store *st, const char *naam, int64_t tijdstip, bool gelukt,
                                int64_t *id);
/* Marks a recorded attempt as successful. */
bool sl_store_login_attempt_succeeded(sl_store *st, int64_t id);
/* Deletes every attempt at or before `until`. */
bool sl_store_login_attempts_purge(sl_store *st, int64_t until);

/* ---- API tokens -------------------------------------------------------------- */

bool sl_store_token_add(sl_store *st, int64_t user_id, const char *hash_hex,
                        const char *omschrijving, int64_t now, int64_t *id);
/* The token whose digest is hash_hex (revoked ones too). */
bool sl_store_token_find(sl_store *st, const char *hash_hex, sl_token_row *out, bool *found);
/*
 * The token whose digest is hash_hex (revoked ones too) and its account, read
 * together in one snapshot (PostgreSQL: one statement, so a bearer request's
 * check is one round trip). *found is false when there is no such token or its
 * account is gone; then *token and *user are undefined.
 */
bool sl_store_token_user(sl_store *st, const char *hash_hex, sl_token_row *token, sl_user *user,
                         bool *found);
bool sl_store_token_touch(sl_store *st, int64_t id, int64_t now);
/* Revokes token id if it is not yet; *found says whether it exists at all. */
bool sl_store_token_revoke(sl_store *st, int64_t id, int64_t now, bool *found);
/* Revokes every unrevoked token of the user; *n counts them. */
bool sl_store_tokens_revoke_user(sl_store *st, int64_t user_id, int64_t now, int64_t *n);
/* Token id, without its digest; *found false when there is none. */
bool sl_store_token_get(sl_store *st, int64_t id, sl_token_row *out, bool *found);
/* The tokens of user_id (0: of everyone), oldest first. */
typedef bool (*sl_token_cb)(void *ctx, const sl_token_row *t);
bool sl_store_tokens_scan(sl_store *st, int64_t user_id, sl_token_cb cb, void *ctx);

/* ---- browser sessions ------------------------------------------------------- */

bool sl_store_session_add(sl_store *st, const char *hash_hex, int64_t user_id,
                          const char *csrf_hash_hex, int64_t now, int64_t *id);
/* The session whose digest is hash_hex (ended ones too). */
bool sl_store_session_find(sl_store *st, const char *hash_hex, sl_session_row *out, bool *found);
bool sl_store_session_touch(sl_store *st, int64_t id, int64_t now);
/* Ends the session (no-op when it has ended already). */
bool sl_store_session_end(sl_store *st, int64_t id, int64_t now);
/* Ends every session of the user that has not ended; *n (may be NULL) counts them. */
bool sl_store_sessions_end_user(sl_store *st, int64_t user_id, int64_t now, int64_t *n);

#endif
