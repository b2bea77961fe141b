/*
 * accounts.h - accounts and authentication: adding users with a role
 * (SPEC §2), password login with throttling, browser sessions with CSRF
 * tokens, and API tokens for machine clients.
 *
 * Secrets: passwords are kept only as argon2id hashes (libsodium
 * crypto_pwhash_str); tokens, session ids and CSRF tokens are 32 random bytes
 * handed out once in base64url and kept only as BLAKE2b-256 digests. Nothing
 * here logs, and no error message repeats a secret.
 *
 * Time: every function takes `now` (UNIX seconds) from the caller, so tests
 * and the HTTP layer control the clock. Settings: a `const sl_auth_settings *`
 * (NULL means sl_auth_settings_default) carries the cost of password hashing,
 * the session lifetimes and the throttling limits, so the HTTP layer's
 * configuration can set them.
 *
 * Errors: functions that take err/errcap leave a Dutch message there on
 * failure; the checks that answer "who is this" return an sl_auth_result that
 * maps onto HTTP statuses. Each function that writes runs its own transaction
 * (call them outside one). Thread-safety: as the store handle (one caller at a
 * time per handle); nothing here has global state.
 */
#ifndef SL_SERVICE_ACCOUNTS_H
#define SL_SERVICE_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/roles.h"
#include "service/logboek.h"
#include "store/accounts_store.h"
#include "service/outcome.h"

#define SL_PASSWORD_MIN 12    /* bytes */
#define SL_PASSWORD_MAX 1024  /* bytes */
/* A random secret in base64url without padding: 32 bytes -> 43 characters. */
#define SL_SECRET_LEN 43
#define SL_SECRET_CAP (SL_SECRET_LEN + 1)
/* An API token: "sl_" + SL_SECRET_LEN characters. */
#define SL_TOKEN_PREFIX "sl_"
#define SL_TOKEN_LEN (3 + SL_SECRET_LEN)
#define SL_TOKEN_CAP (SL_TOKEN_LEN + 1)

typedef struct sl_auth_settings {
    unsigned long long pwhash_opslimit; /* argon2id cost for new hashes (and for unknown names) */
    size_t pwhash_memlimit;             /* bytes */
    int64_t session_idle;               /* seconds without a request before a session ends */
    int64_t session_absolute;           /* seconds after login a session ends regardless */
    int64_t touch_interval;             /* last-use stamps are written at most this often */
    int max_failures;                   /* failed logins per name within the window ... */
    int64_t failure_window;             /* ... (seconds) before further attempts are refused */
} sl_auth_settings;

/*
 * The defaults: crypto_pwhash_OPSLIMIT_INTERACTIVE/MEMLIMIT_INTERACTIVE, idle
 * 30 minutes, absolute 12 hours, touch every 60 s, 5 failures per 15 minutes.
 * Tests set the pwhash limits to crypto_pwhash_OPSLIMIT_MIN/MEMLIMIT_MIN.
 */
void sl_auth_settings_default(sl_auth_settings *s);

/* What an authentication check concluded. */
typedef enum sl_auth_result {
    SL_AUTH_OK,
    SL_AUTH_DENIED,    /* unknown, wrong, expired, ended, revoked or inactive (HTTP 401) */
    SL_AUTH_THROTTLED, /* sl_login only: too many failed attempts for the name (HTTP 429) */
    SL_AUTH_CSRF,      /* sl_session_check only: valid session, wrong CSRF token (HTTP 403) */
    SL_AUTH_ERROR,     /* the store failed; the message says why (HTTP 500) */
} sl_auth_result;

/* ---- accounts ---------------------------------------------------------------- */

/* A new account. Addresses are nummeraanduiding ids, bewoner only. */
typedef struct sl_account_new {
    const char *naam;         /* 1-64 of [A-Za-z0-9._@-]; unique regardless of case */
    const char *weergavenaam; /* NULL or the name as deliveries spell the person */
    sl_role rol;
    sl_account_org org;
    const char *gemeentecode; /* NULL or "" unless rol is gemeente */
    bool levert_adressen;     /* datasteward only: appointed to deliver BAG addresses */
    const int64_t *adressen;
    size_t n_adressen;        /* at most SL_USER_ADDRESSES_MAX */
} sl_account_new;

/* Whether a login name is well-formed (does not say whether it exists). */
bool sl_account_name_valid(const char *naam);

/*
 * Adds an active account with the given password (SL_PASSWORD_MIN to
 * SL_PASSWORD_MAX bytes), hashed with the settings' cost. Refuses what the
 * role's rules refuse (sl_account_valid), a malformed or taken name, more
 * than SL_USER_ADDRESSES_MAX or repeated addresses, and addresses not in the
 * register. There is no default account: this is the only way one comes into
 * being. *id (may be NULL) gets the new id.
 */
bool sl_account_add(sl_store *st, const sl_auth_settings *cfg, const sl_account_new *a,
                    const char *password, int64_t now, int64_t *id, char *err, size_t errcap);

/* The account called naam (case-insensitive); *found false when there is none. */
bool sl_user_find(sl_store *st, const char *naam, sl_user *out, bool *found, char *err,
                  size_t errcap);
/* The account with this id (a token's owner); *found false when there is none. */
bool sl_user_find_id(sl_store *st, int64_t id, sl_user *out, bool *found, char *err,
                     size_t errcap);
/* Every account by name. */
bool sl_users_list(sl_store *st, sl_user_cb cb, void *ctx, char *err, size_t errcap);

/* ---- password login and browser sessions ---------------------------------------- */

/* What a browser gets at login, shown once: the session cookie and the CSRF token. */
typedef struct sl_session_new {
    char id[SL_SECRET_CAP];
    char csrf[SL_SECRET_CAP];
} sl_session_new;

/*
 * Checks naam and password at `now`. On SL_AUTH_OK a new session is stored and
 * *out holds its id and CSRF token (plaintext, the only time they exist), and
 * *user (may be NULL) the account. Unknown names, wrong passwords and inactive
 * accounts all give SL_AUTH_DENIED with the same message and similar work (an
 * unknown name hashes the password at the same cost). After max_failures
 * failed attempts for a name within failure_window (counted per name, whether
 * or not it exists, since its last success) further attempts are refused with
 * SL_AUTH_THROTTLED, without checking the password, until the oldest of those
 * failures is older than the window. Every attempt that is not refused is
 * recorded. err gets a Dutch message for everything but SL_AUTH_OK.
 */
sl_auth_result sl_login(sl_store *st, const sl_auth_settings *cfg, const char *naam,
                        const char *password, int64_t now, sl_session_new *out, sl_user *user,
                        char *err, size_t errcap);

/*
 * The account of a browser session at `now`. SL_AUTH_DENIED when the id is
 * malformed or unknown, the session was ended (logout), it was idle for
 * session_idle seconds or more, it is session_absolute seconds old or more, or
 * the account is inactive. csrf, when not NULL, must be the session's CSRF
 * token (pass it for every state-changing request); a wrong or empty one gives
 * SL_AUTH_CSRF (compared in constant time). On SL_AUTH_OK *user (may be NULL)
 * is the account and the session's last activity becomes `now` (written at
 * most every touch_interval seconds).
 */
sl_auth_result sl_session_check(sl_store *st, const sl_auth_settings *cfg, const char *session_id,
                                const char *csrf, int64_t now, sl_user *user, char *err,
                                size_t errcap);

/*
 * Ends the session server-side (logout). Ending an unknown, malformed or
 * already ended session succeeds: nothing is left to end. false only when the
 * store fails.
 */
bool sl_logout(sl_store *st, const char *session_id, int64_t now, char *err, size_t errcap);

/* ---- API tokens ------------------------------------------------------------------ */

/*
 * Creates a bearer token for the account naam with a description (may be
 * NULL; at most SL_OMSCHRIJVING_MAX bytes). token_out receives the plaintext
 * ("sl_" + 43 base64url characters), the only time it exists; *id (may be
 * NULL) its id for revoking.
 */
bool sl_token_create(sl_store *st, const char *naam, const char *omschrijving, int64_t now,
                     char token_out[SL_TOKEN_CAP], int64_t *id, char *err, size_t errcap);

/*
 * The account a bearer token belongs to. SL_AUTH_DENIED when the token is
 * malformed, unknown, revoked or its account inactive. The token is looked
 * up by its digest only, so its value does not steer any comparison. On
 * SL_AUTH_OK *user (may be NULL) is the account and the token's last use
 * becomes `now` (written at most every touch_interval seconds).
 */
sl_auth_result sl_token_check(sl_store *st, const sl_auth_settings *cfg, const char *token,
                              int64_t now, sl_user *user, char *err, size_t errcap);

/*
 * A check's write of "last used" (token) or "last active" (session), left for
 * later by the _deferred checks below: a server checks inside the request's
 * read snapshot, where no write can start, and applies the touch after it.
 * Both ids 0: nothing is due.
 */
typedef struct sl_auth_touch {
    int64_t token_id, session_id;
    int64_t now;
} sl_auth_touch;

/* sl_token_check and sl_session_check without their write: *touch says what is due. */
sl_auth_result sl_token_check_deferred(sl_store *st, const sl_auth_settings *cfg,
                                       const char *token, int64_t now, sl_user *user,
                                       sl_auth_touch *touch, char *err, size_t errcap);
sl_auth_result sl_session_check_deferred(sl_store *st, const sl_auth_settings *cfg,
                                         const char *session_id, const char *csrf, int64_t now,
                                         sl_user *user, sl_auth_touch *touch, char *err,
                                         size_t errcap);

/* Writes a due touch (none due: true); false with err set when the store fails. */
bool sl_auth_touch_apply(sl_store *st, const sl_auth_touch *touch, char *err, size_t errcap);

/* Revokes token id; *found false (and true returned) when there is no such token. */
bool sl_token_revoke(sl_store *st, int64_t id, int64_t now, bool *found, char *err,
                     size_t errcap);
/* Revokes every token of the account naam, logged as `by` when any was revoked;
 * *n counts them. Unknown name: false. */
bool sl_token_revoke_user(sl_store *st, const char *naam, int64_t now, const sl_actor *by,
                          int64_t *n, char *err, size_t errcap);
/* The tokens of the account naam (NULL: of everyone), oldest first. */
bool sl_tokens_list(sl_store *st, const char *naam, sl_token_cb cb, void *ctx, char *err,
                    size_t errcap);

/* ---- administration (the beheer API) ------------------------------------------------ */

/*
 * The same changes on behalf of an account (the beheerder through the API):
 * each writes its change and a processing-log record (actie "wijziging", doel
 * "accountbeheer", grondslag "beheertaak", categorieen naming the subject and
 * what happened, e.g. "gebruiker=j.devries:gedeactiveerd" or
 * "token=12:ingetrokken"; never a secret) in one transaction. `by` may be NULL
 * (nothing logged). The outcome (service/outcome.h) is SL_OK, SL_INVALID (the
 * input breaks a rule), SL_NOT_FOUND (no such account or token), SL_CONFLICT
 * (the name is taken; the account is inactive; already revoked) or SL_ERROR;
 * err holds a Dutch message for everything but SL_OK.
 */

/* sl_account_add, logged; a taken name is SL_CONFLICT. */
sl_outcome sl_account_add_by(sl_store *st, const sl_auth_settings *cfg,
                             const sl_account_new *a, const char *password, int64_t now,
                             const sl_actor *by, int64_t *id, char *err, size_t errcap);

/*
 * Deactivates (actief false) or reactivates the account naam. Deactivating ends
 * every browser session of the account, so that reactivating does not revive
 * them; its tokens stop working while it is inactive and work again after
 * (revoke them to end them). *changed is false, and nothing is written or
 * logged, when the account already was in that state. *out (may be NULL) is
 * the account afterwards.
 */
sl_outcome sl_account_set_active(sl_store *st, const char *naam, bool actief, int64_t now,
                                 const sl_actor *by, sl_user *out, bool *changed, char *err,
                                 size_t errcap);

/*
 * Replaces the password of the account naam (same length rules as
 * sl_account_add), ends every browser session of the account and, unless
 * keep_tokens, revokes its API tokens: a password is changed because it may be
 * known to someone else, who may have made a token with it. Two log records
 * in the change's transaction name both: "gebruiker=x:wachtwoord" and
 * "gebruiker=x:tokens-ingetrokken" (or "…:tokens-behouden"). *revoked (may be
 * NULL) counts the revoked tokens.
 */
sl_outcome sl_account_set_password(sl_store *st, const sl_auth_settings *cfg,
                                   const char *naam, const char *password, bool keep_tokens,
                                   int64_t now, const sl_actor *by, int64_t *revoked,
                                   char *err, size_t errcap);

/* Whether w can be an account's weergavenaam ("" included); the reason in err. */
bool sl_account_weergavenaam_valid(const char *w, char *err, size_t errcap);

/*
 * Replaces the weergavenaam of the account naam: the person's name as the
 * deliveries spell it ("H. Eemsens"), which makes signals addressed to that
 * person the account's own (`voor=mij`). "" clears it. Logged.
 */
sl_outcome sl_account_set_weergavenaam(sl_store *st, const char *naam,
                                       const char *weergavenaam, const sl_actor *by,
                                       sl_user *out, char *err, size_t errcap);

/*
 * Appoints the data steward naam to deliver the BAG addresses, or ends the
 * appointment (decision 90). Another role: SL_INVALID. Logged.
 */
sl_outcome sl_account_set_levert_adressen(sl_store *st, const char *naam,
                                          bool levert_adressen, const sl_actor *by,
                                          sl_user *out, char *err, size_t errcap);

/* sl_token_create, logged; *row (may be NULL) gets the stored token. */
sl_outcome sl_token_create_by(sl_store *st, const char *naam, const char *omschrijving,
                              int64_t now, const sl_actor *by, char token_out[SL_TOKEN_CAP],
                              sl_token_row *row, char *err, size_t errcap);

/* Revokes token id, logged; SL_CONFLICT when it was revoked already. *row
 * (may be NULL) gets the token afterwards. */
sl_outcome sl_token_revoke_by(sl_store *st, int64_t id, int64_t now, const sl_actor *by,
                              sl_token_row *row, char *err, size_t errcap);

/* Token id as stored (without its digest); *found false when there is none. */
bool sl_token_get(sl_store *st, int64_t id, sl_token_row *out, bool *found, char *err,
                  size_t errcap);

#endif
