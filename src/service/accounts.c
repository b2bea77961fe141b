/*
 * accounts.c - accounts and authentication (service/accounts.h): password
 * hashing and login throttling, browser sessions with CSRF tokens, and API
 * tokens. The store sees only hashes and digests; plaintext secrets live in
 * the caller's buffers and are wiped from ours before returning.
 */
#include "service/accounts.h"
#include "store/accounts_store.h"
#include "store/log_store.h"
#include "store/records_store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define SECRET_BYTES 32
#define DENIED_MSG "onbekende naam of onjuist wachtwoord"
#define THROTTLED_MSG "te veel pogingen; probeer het later opnieuw"
#define SESSION_MSG "sessie ongeldig of verlopen; log opnieuw in"
#define CSRF_MSG "CSRF-token ontbreekt of klopt niet"
#define TOKEN_MSG "token ongeldig of ingetrokken"

void sl_auth_settings_default(sl_auth_settings *s)
{
    s->pwhash_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    s->pwhash_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    s->session_idle = 30 * 60;
    s->session_absolute = 12 * 60 * 60;
    s->touch_interval = 60;
    s->max_failures = 5;
    s->failure_window = 15 * 60;
}

/* cfg, or the defaults in *tmp when cfg is NULL. */
static const sl_auth_settings *settings(const sl_auth_settings *cfg, sl_auth_settings *tmp)
{
    if (cfg)
        return cfg;
    sl_auth_settings_default(tmp);
    return tmp;
}

static bool fail(char *err, size_t cap, const char *msg)
{
    snprintf(err, cap, "%s", msg);
    return false;
}

/* The store's message into err; returns false. */
static bool store_fail(sl_store *st, char *err, size_t cap)
{
    return fail(err, cap, sl_store_errmsg(st));
}

/* libsodium must be initialised before its random generator is used; idempotent. */
static bool sodium_ready(char *err, size_t cap)
{
    if (sodium_init() < 0)
        return fail(err, cap, "libsodium starten mislukt");
    return true;
}

/* ---- secrets ----------------------------------------------------------------- */

/* BLAKE2b-256 of a secret, in hex: what the store keeps instead of the secret. */
static void digest_hex(const char *secret, char hex[SL_DIGEST_HEX_CAP])
{
    unsigned char d[32];
    crypto_generichash(d, sizeof d, (const unsigned char *)secret, strlen(secret), NULL, 0);
    sodium_bin2hex(hex, SL_DIGEST_HEX_CAP, d, sizeof d);
}

/* 32 random bytes as base64url without padding (43 characters). */
static void random_secret(char out[SL_SECRET_CAP])
{
    unsigned char b[SECRET_BYTES];
    randombytes_buf(b, sizeof b);
    sodium_bin2base64(out, SL_SECRET_CAP, b, sizeof b, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(b, sizeof b);
}

/*
 * Whether s is exactly len base64url characters. Looks at every character
 * without stopping early, so the time taken does not depend on where a bad
 * character is.
 */
static bool secret_shape(const char *s, size_t len)
{
    if (!s || strnlen(s, len + 1) != len)
        return false;
    unsigned bad = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned ok = (c >= 'A' && c <= 'Z') | (c >= 'a' && c <= 'z') | (c >= '0' && c <= '9') |
                      (c == '-') | (c == '_');
        bad |= ok ^ 1u;
    }
    return bad == 0;
}

static bool token_shape(const char *t)
{
    return t && strncmp(t, SL_TOKEN_PREFIX, 3) == 0 && secret_shape(t + 3, SL_SECRET_LEN);
}

/* ---- accounts ------------------------------------------------------------------ */

bool sl_account_name_valid(const char *naam)
{
    if (!naam)
        return false;
    size_t n = strnlen(naam, SL_USER_NAME_MAX + 1);
    if (n == 0 || n > SL_USER_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)naam[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '@' || c == '-'))
            return false;
    }
    return true;
}

bool sl_account_weergavenaam_valid(const char *w, char *err, size_t errcap)
{
    if (!w)
        return true;
    size_t n = strnlen(w, SL_WEERGAVENAAM_MAX + 1);
    if (n > SL_WEERGAVENAAM_MAX) {
        snprintf(err, errcap, "weergavenaam te lang: hoogstens %d tekens", SL_WEERGAVENAAM_MAX);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c < 0x20 || c == 0x7f)
            return fail(err, errcap, "weergavenaam: geen regeleinden of andere stuurtekens");
    }
    if (n && (w[0] == ' ' || w[n - 1] == ' '))
        return fail(err, errcap, "weergavenaam: geen spatie aan het begin of eind");
    return true;
}

/* Checks everything about a new account that needs no store; the Dutch reason in err. */
static bool account_checks(const sl_account_new *a, const char *password, char *err, size_t cap)
{
    char reason[256];
    if (!sl_account_name_valid(a->naam))
        return fail(err, cap, "ongeldige naam: 1 tot 64 tekens uit letters, cijfers en . _ @ -");
    if (!sl_account_weergavenaam_valid(a->weergavenaam, err, cap))
        return false;
    if (!sl_account_valid(a->rol, a->org, a->gemeentecode, a->n_adressen, reason, sizeof reason))
        return fail(err, cap, reason);
    if (a->levert_adressen && a->rol != SL_ROLE_DATASTEWARD)
        return fail(err, cap, "alleen een datasteward kan BAG-adressen leveren");
    if (a->n_adressen > SL_USER_ADDRESSES_MAX) {
        snprintf(err, cap, "een account hoort bij hoogstens %d adressen", SL_USER_ADDRESSES_MAX);
        return false;
    }
    for (size_t i = 0; i < a->n_adressen; i++)
        for (size_t j = 0; j < i; j++)
            if (a->adressen[i] == a->adressen[j])
                return fail(err, cap, "een adres staat twee keer in de lijst");
    size_t n = password ? strnlen(password, SL_PASSWORD_MAX + 1) : 0;
    if (n < SL_PASSWORD_MIN) {
        snprintf(err, cap, "wachtwoord te kort: minstens %d tekens", SL_PASSWORD_MIN);
        return false;
    }
    if (n > SL_PASSWORD_MAX) {
        snprintf(err, cap, "wachtwoord te lang: hoogstens %d tekens", SL_PASSWORD_MAX);
        return false;
    }
    return true;
}

/* A processing-log record of an administrative change, inside the caller's transaction. */
static bool log_admin(sl_store *st, const sl_actor *by, const char *categorieen)
{
    if (!by)
        return true;
    sl_log_entry e = {.actor = by, .doel = "accountbeheer", .grondslag = "beheertaak",
                      .categorieen = categorieen, .address_id = 0, .actie = "wijziging"};
    return sl_logboek_append(st, &e, NULL);
}

/* "gebruiker=NAAM:WHAT" (fits the log's column: names are at most 64 bytes). */
static void user_subject(char *buf, size_t cap, const char *naam, const char *what)
{
    snprintf(buf, cap, "gebruiker=%s:%s", naam, what);
}

sl_outcome sl_account_add_by(sl_store *st, const sl_auth_settings *cfg,
                             const sl_account_new *a, const char *password, int64_t now,
                             const sl_actor *by, int64_t *id, char *err, size_t errcap)
{
    sl_auth_settings tmp;
    cfg = settings(cfg, &tmp);
    if (!sodium_ready(err, errcap))
        return SL_ERROR;
    if (!account_checks(a, password, err, errcap))
        return SL_INVALID;
    sl_outcome res = SL_ERROR;

    sl_user u;
    memset(&u, 0, sizeof u);
    snprintf(u.naam, sizeof u.naam, "%s", a->naam);
    u.rol = a->rol;
    u.org = a->org;
    u.levert_adressen = a->levert_adressen;
    if (a->weergavenaam)
        snprintf(u.weergavenaam, sizeof u.weergavenaam, "%s", a->weergavenaam);
    if (a->gemeentecode)
        snprintf(u.gemeentecode, sizeof u.gemeentecode, "%s", a->gemeentecode);
    if (a->n_adressen) /* memcpy from NULL is undefined even for zero bytes */
        memcpy(u.adressen, a->adressen, a->n_adressen * sizeof *a->adressen);
    u.n_adressen = a->n_adressen;
    u.actief = true;
    u.aangemaakt_op = now;

    /* hash before the transaction: argon2id takes a while and the write lock is shared */
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password, strlen(password), cfg->pwhash_opslimit,
                          cfg->pwhash_memlimit) != 0) {
        fail(err, errcap, "wachtwoord versleutelen mislukt (te weinig geheugen?)");
        return SL_ERROR;
    }

    char cats[SL_LOG_CATS_CAP];
    user_subject(cats, sizeof cats, u.naam, "aangemaakt");
    bool ok = false, found;
    int64_t new_id = 0;
    sl_user existing;
    if (!sl_store_begin(st)) {
        store_fail(st, err, errcap);
        goto out;
    }
    if (!sl_store_user_get(st, u.naam, &existing, NULL, &found)) {
        store_fail(st, err, errcap);
        goto out;
    }
    if (found) {
        snprintf(err, errcap, "gebruiker '%s' bestaat al", u.naam);
        res = SL_CONFLICT;
        goto out;
    }
    for (size_t i = 0; i < u.n_adressen; i++) {
        sl_address addr;
        bool absent, there;
        if (!sl_store_address_get(st, u.adressen[i], &addr, &absent, &there)) {
            store_fail(st, err, errcap);
            goto out;
        }
        if (!there) {
            snprintf(err, errcap, "adres %016lld staat niet in het register",
                     (long long)u.adressen[i]);
            res = SL_INVALID;
            goto out;
        }
    }
    if (!sl_store_user_add(st, &u, hash, &new_id) || !log_admin(st, by, cats) ||
        !sl_store_commit(st)) {
        store_fail(st, err, errcap);
        goto out;
    }
    ok = true;
    res = SL_OK;
    if (id)
        *id = new_id;
out:
    if (!ok)
        sl_store_rollback(st);
    sodium_memzero(hash, sizeof hash);
    return res;
}

bool sl_account_add(sl_store *st, const sl_auth_settings *cfg, const sl_account_new *a,
                    const char *password, int64_t now, int64_t *id, char *err, size_t errcap)
{
    return sl_account_add_by(st, cfg, a, password, now, NULL, id, err, errcap) == SL_OK;
}

bool sl_user_find(sl_store *st, const char *naam, sl_user *out, bool *found, char *err,
                  size_t errcap)
{
    *found = false;
    if (!sl_account_name_valid(naam))
        return true; /* a malformed name names nobody */
    if (!sl_store_user_get(st, naam, out, NULL, found))
        return store_fail(st, err, errcap);
    return true;
}

bool sl_user_find_id(sl_store *st, int64_t id, sl_user *out, bool *found, char *err,
                     size_t errcap)
{
    if (!sl_store_user_get_id(st, id, out, found))
        return store_fail(st, err, errcap);
    return true;
}

bool sl_users_list(sl_store *st, sl_user_cb cb, void *ctx, char *err, size_t errcap)
{
    if (!sl_store_users_scan(st, cb, ctx))
        return store_fail(st, err, errcap);
    return true;
}

/* ---- login and sessions ------------------------------------------------------------ */

/*
 * The first half of a login, in one transaction: purge attempts older than
 * the window, refuse when the name has too many recent failures, otherwise
 * look the account up and record the attempt as failed (it is marked
 * successful later), so that concurrent guesses count before any of them is
 * checked.
 */
static sl_auth_result login_begin(sl_store *st, const sl_auth_settings *cfg, const char *naam,
                                  int64_t now, sl_user *u, char *hash, bool *found,
                                  int64_t *attempt, char *err, size_t errcap)
{
    int64_t failures = 0;
    sl_auth_result r = SL_AUTH_ERROR;
    if (!sl_store_begin(st) || !sl_store_login_attempts_purge(st, now - cfg->failure_window) ||
        !sl_store_login_failures(st, naam, now - cfg->failure_window, &failures))
        goto out;
    if (failures >= cfg->max_failures) {
        r = SL_AUTH_THROTTLED; /* the purge is still worth committing */
    } else {
        if (!sl_store_user_get(st, naam, u, hash, found) ||
            !sl_store_login_attempt_add(st, naam, now, false, attempt))
            goto out;
        r = SL_AUTH_OK;
    }
    if (!sl_store_commit(st))
        r = SL_AUTH_ERROR;
out:
    if (r == SL_AUTH_ERROR) {
        store_fail(st, err, errcap);
        sl_store_rollback(st);
    } else if (r == SL_AUTH_THROTTLED) {
        fail(err, errcap, THROTTLED_MSG);
    }
    return r;
}

/* Stores a new session for user_id; *out gets its plaintext id and CSRF token. */
static bool session_create(sl_store *st, int64_t user_id, int64_t now, sl_session_new *out)
{
    char id_hash[SL_DIGEST_HEX_CAP], csrf_hash[SL_DIGEST_HEX_CAP];
    int64_t sid;
    random_secret(out->id);
    random_secret(out->csrf);
    digest_hex(out->id, id_hash);
    digest_hex(out->csrf, csrf_hash);
    return sl_store_session_add(st, id_hash, user_id, csrf_hash, now, &sid);
}

sl_auth_result sl_login(sl_store *st, const sl_auth_settings *cfg, const char *naam,
                        const char *password, int64_t now, sl_session_new *out, sl_user *user,
                        char *err, size_t errcap)
{
    sl_auth_settings tmp;
    cfg = settings(cfg, &tmp);
    memset(out, 0, sizeof *out);
    if (!sodium_ready(err, errcap))
        return SL_AUTH_ERROR;
    size_t pwlen = password ? strnlen(password, SL_PASSWORD_MAX + 1) : 0;
    bool pw_ok = pwlen > 0 && pwlen <= SL_PASSWORD_MAX;
    char hash[crypto_pwhash_STRBYTES] = "";
    sl_user u;
    memset(&u, 0, sizeof u);
    bool found = false;
    int64_t attempt = 0;
    sl_auth_result r = SL_AUTH_DENIED;

    if (sl_account_name_valid(naam)) {
        r = login_begin(st, cfg, naam, now, &u, hash, &found, &attempt, err, errcap);
        if (r != SL_AUTH_OK)
            goto out;
        r = SL_AUTH_DENIED;
    }
    /* The same work whether or not the name exists: verify against its hash,
     * or hash the password at the configured cost and throw the result away. */
    bool verified = false;
    if (found && pw_ok) {
        verified = crypto_pwhash_str_verify(hash, password, pwlen) == 0;
    } else if (pw_ok) {
        char dummy[crypto_pwhash_STRBYTES];
        if (crypto_pwhash_str(dummy, password, pwlen, cfg->pwhash_opslimit,
                              cfg->pwhash_memlimit) == 0)
            sodium_memzero(dummy, sizeof dummy);
    }
    if (!verified || !u.actief) {
        fail(err, errcap, DENIED_MSG);
        goto out;
    }
    if (!sl_store_begin(st) || !sl_store_login_attempt_succeeded(st, attempt) ||
        !session_create(st, u.id, now, out) || !sl_store_commit(st)) {
        store_fail(st, err, errcap);
        sl_store_rollback(st);
        sodium_memzero(out, sizeof *out);
        r = SL_AUTH_ERROR;
        goto out;
    }
    if (user)
        *user = u;
    r = SL_AUTH_OK;
out:
    sodium_memzero(hash, sizeof hash);
    return r;
}

bool sl_auth_touch_apply(sl_store *st, const sl_auth_touch *touch, char *err, size_t errcap)
{
    if (!touch->token_id && !touch->session_id)
        return true;
    bool ok = sl_store_begin(st) &&
              (touch->token_id ? sl_store_token_touch(st, touch->token_id, touch->now)
                               : sl_store_session_touch(st, touch->session_id, touch->now)) &&
              sl_store_commit(st);
    if (!ok) {
        store_fail(st, err, errcap);
        sl_store_rollback(st);
    }
    return ok;
}

sl_auth_result sl_session_check(sl_store *st, const sl_auth_settings *cfg, const char *session_id,
                                const char *csrf, int64_t now, sl_user *user, char *err,
                                size_t errcap)
{
    sl_auth_touch touch;
    sl_auth_result r = sl_session_check_deferred(st, cfg, session_id, csrf, now, user, &touch,
                                                 err, errcap);
    if (r == SL_AUTH_OK && !sl_auth_touch_apply(st, &touch, err, errcap))
        return SL_AUTH_ERROR;
    return r;
}

sl_auth_result sl_session_check_deferred(sl_store *st, const sl_auth_settings *cfg,
                                         const char *session_id, const char *csrf, int64_t now,
                                         sl_user *user, sl_auth_touch *touch, char *err,
                                         size_t errcap)
{
    memset(touch, 0, sizeof *touch);
    sl_auth_settings tmp;
    cfg = settings(cfg, &tmp);
    if (!secret_shape(session_id, SL_SECRET_LEN)) {
        fail(err, errcap, SESSION_MSG);
        return SL_AUTH_DENIED;
    }
    char h[SL_DIGEST_HEX_CAP];
    sl_session_row s;
    sl_user u;
    bool found;
    digest_hex(session_id, h);
    /* the session, the account and its addresses in one snapshot */
    if (!sl_store_read_begin(st))
        goto error;
    bool read_ok = sl_store_session_find(st, h, &s, &found);
    bool live = read_ok && found && !s.beeindigd_op &&
                now - s.aangemaakt_op < cfg->session_absolute &&
                now - s.laatst_actief_op < cfg->session_idle;
    if (live)
        read_ok = sl_store_user_get_id(st, s.gebruiker_id, &u, &found);
    sl_store_read_end(st);
    if (!read_ok)
        goto error;
    if (!live) {
        fail(err, errcap, SESSION_MSG);
        return SL_AUTH_DENIED;
    }
    if (!found || !u.actief) {
        fail(err, errcap, SESSION_MSG);
        return SL_AUTH_DENIED;
    }
    if (csrf) {
        char ch[SL_DIGEST_HEX_CAP];
        if (!secret_shape(csrf, SL_SECRET_LEN)) {
            fail(err, errcap, CSRF_MSG);
            return SL_AUTH_CSRF;
        }
        digest_hex(csrf, ch);
        if (strlen(s.csrf_hash) != SL_DIGEST_HEX_CAP - 1 ||
            sodium_memcmp(ch, s.csrf_hash, SL_DIGEST_HEX_CAP - 1) != 0) {
            fail(err, errcap, CSRF_MSG);
            return SL_AUTH_CSRF;
        }
    }
    if (now - s.laatst_actief_op >= cfg->touch_interval && now > s.laatst_actief_op)
        *touch = (sl_auth_touch){.session_id = s.id, .now = now};
    if (user)
        *user = u;
    return SL_AUTH_OK;
error:
    store_fail(st, err, errcap);
    return SL_AUTH_ERROR;
}

bool sl_logout(sl_store *st, const char *session_id, int64_t now, char *err, size_t errcap)
{
    if (!secret_shape(session_id, SL_SECRET_LEN))
        return true;
    char h[SL_DIGEST_HEX_CAP];
    sl_session_row s;
    bool found;
    digest_hex(session_id, h);
    if (!sl_store_session_find(st, h, &s, &found))
        return store_fail(st, err, errcap);
    if (!found || s.beeindigd_op)
        return true;
    if (!sl_store_begin(st) || !sl_store_session_end(st, s.id, now) || !sl_store_commit(st)) {
        store_fail(st, err, errcap);
        sl_store_rollback(st);
        return false;
    }
    return true;
}

/* ---- API tokens --------------------------------------------------------------------- */

/* The account called naam, or false with a Dutch message (unknown, or the store failed). */
static bool user_by_name(sl_store *st, const char *naam, sl_user *u, char *err, size_t errcap)
{
    bool found;
    if (!sl_user_find(st, naam, u, &found, err, errcap))
        return false;
    if (!found) {
        snprintf(err, errcap, "gebruiker '%.64s' bestaat niet", naam ? naam : "");
        return false;
    }
    return true;
}

bool sl_token_create(sl_store *st, const char *naam, const char *omschrijving, int64_t now,
                     char token_out[SL_TOKEN_CAP], int64_t *id, char *err, size_t errcap)
{
    token_out[0] = '\0';
    if (!omschrijving)
        omschrijving = "";
    if (strnlen(omschrijving, SL_OMSCHRIJVING_MAX + 1) > SL_OMSCHRIJVING_MAX) {
        snprintf(err, errcap, "omschrijving te lang: hoogstens %d tekens", SL_OMSCHRIJVING_MAX);
        return false;
    }
    sl_user u;
    if (!sodium_ready(err, errcap) || !user_by_name(st, naam, &u, err, errcap))
        return false;
    if (!u.actief) {
        snprintf(err, errcap, "gebruiker '%s' is niet actief", u.naam);
        return false;
    }
    char secret[SL_SECRET_CAP], h[SL_DIGEST_HEX_CAP];
    random_secret(secret);
    snprintf(token_out, SL_TOKEN_CAP, "%s%s", SL_TOKEN_PREFIX, secret);
    sodium_memzero(secret, sizeof secret);
    digest_hex(token_out, h);
    int64_t tid = 0;
    if (!sl_store_begin(st) || !sl_store_token_add(st, u.id, h, omschrijving, now, &tid) ||
        !sl_store_commit(st)) {
        store_fail(st, err, errcap);
        sl_store_rollback(st);
        sodium_memzero(token_out, SL_TOKEN_CAP);
        return false;
    }
    if (id)
        *id = tid;
    return true;
}

sl_auth_result sl_token_check(sl_store *st, const sl_auth_settings *cfg, const char *token,
                              int64_t now, sl_user *user, char *err, size_t errcap)
{
    sl_auth_touch touch;
    sl_auth_result r = sl_token_check_deferred(st, cfg, token, now, user, &touch, err, errcap);
    if (r == SL_AUTH_OK && !sl_auth_touch_apply(st, &touch, err, errcap))
        return SL_AUTH_ERROR;
    return r;
}

sl_auth_result sl_token_check_deferred(sl_store *st, const sl_auth_settings *cfg,
                                       const char *token, int64_t now, sl_user *user,
                                       sl_auth_touch *touch, char *err, size_t errcap)
{
    memset(touch, 0, sizeof *touch);
    sl_auth_settings tmp;
    cfg = settings(cfg, &tmp);
    if (!token_shape(token)) {
        fail(err, errcap, TOKEN_MSG);
        return SL_AUTH_DENIED;
    }
    char h[SL_DIGEST_HEX_CAP];
    sl_token_row t;
    sl_user u;
    bool found;
    digest_hex(token, h);
    /* the token, the account and its addresses in one read */
    if (!sl_store_token_user(st, h, &t, &u, &found))
        goto error;
    if (!found || t.ingetrokken_op) {
        fail(err, errcap, TOKEN_MSG);
        return SL_AUTH_DENIED;
    }
    if (!u.actief) {
        fail(err, errcap, TOKEN_MSG);
        return SL_AUTH_DENIED;
    }
    if (!t.laatst_gebruikt_op ||
        (now - t.laatst_gebruikt_op >= cfg->touch_interval && now > t.laatst_gebruikt_op))
        *touch = (sl_auth_touch){.token_id = t.id, .now = now};
    if (user)
        *user = u;
    return SL_AUTH_OK;
error:
    store_fail(st, err, errcap);
    return SL_AUTH_ERROR;
}

bool sl_token_revoke(sl_store *st, int64_t id, int64_t now, bool *found, char *err,
                     size_t errcap)
{
    if (!sl_store_begin(st) || !sl_store_token_revoke(st, id, now, found) ||
        !sl_store_commit(st)) {
        store_fail(st, err, errcap);
        sl_store_rollback(st);
        return false;
    }
    return true;
}

bool sl_token_revoke_user(sl_store *st, const char *naam, int64_t now, const sl_actor *by,
                          int64_t *n, char *err, size_t errcap)
{
    sl_user u;
    char cats[SL_LOG_CATS_CAP];
    *n = 0;
    if (!user_by_name(st, naam, &u, err, errcap))
        return false;
    user_subject(cats, sizeof cats, u.naam, "tokens-ingetrokken");
    if (!sl_store_begin(st) || !sl_store_tokens_revoke_user(st, u.id, now, n) ||
        (*n && !log_admin(st, by, cats)) || !sl_store_commit(st)) {
        store_fail(st, err, errcap);
        sl_store_rollback(st);
        return false;
    }
    return true;
}

bool sl_tokens_list(sl_store *st, const char *naam, sl_token_cb cb, void *ctx, char *err,
                    size_t errcap)
{
    sl_user u = {0};
    if (naam && !user_by_name(st, naam, &u, err, errcap))
        return false;
    if (!sl_store_tokens_scan(st, naam ? u.id : 0, cb, ctx))
        return store_fail(st, err, errcap);
    return true;
}

/* ---- administration (the beheer API) ------------------------------------------------ */

/* Begins a write transaction and finds the account naam in it: NOT_FOUND or ERROR
 * with the message (the caller rolls back), else OK. */
static sl_outcome begin_on_user(sl_store *st, const char *naam, sl_user *u, char *err,
                                size_t errcap)
{
    if (!sl_store_begin(st)) {
        store_fail(st, err, errcap);
        return SL_ERROR;
    }
    bool found = false;
    if (sl_account_name_valid(naam) && !sl_store_user_get(st, naam, u, NULL, &found)) {
        store_fail(st, err, errcap);
        return SL_ERROR;
    }
    if (!found) {
        snprintf(err, errcap, "gebruiker '%.64s' bestaat niet", naam ? naam : "");
        return SL_NOT_FOUND;
    }
    return SL_OK;
}

sl_outcome sl_account_set_active(sl_store *st, const char *naam, bool actief, int64_t now,
                                 const sl_actor *by, sl_user *out, bool *changed, char *err,
                                 size_t errcap)
{
    sl_user u;
    char cats[SL_LOG_CATS_CAP];
    *changed = false;
    sl_outcome res = begin_on_user(st, naam, &u, err, errcap);
    if (res != SL_OK)
        goto out;
    res = SL_ERROR;
    if (u.actief != actief) {
        user_subject(cats, sizeof cats, u.naam, actief ? "geactiveerd" : "gedeactiveerd");
        if (!sl_store_user_set_active(st, u.id, actief) ||
            (!actief && !sl_store_sessions_end_user(st, u.id, now, NULL)) ||
            !log_admin(st, by, cats)) {
            store_fail(st, err, errcap);
            goto out;
        }
        u.actief = actief;
        *changed = true;
    }
    if (!sl_store_commit(st)) {
        store_fail(st, err, errcap);
        goto out;
    }
    res = SL_OK;
    if (out)
        *out = u;
out:
    if (res != SL_OK) {
        sl_store_rollback(st);
        *changed = false;
    }
    return res;
}

sl_outcome sl_account_set_password(sl_store *st, const sl_auth_settings *cfg,
                                   const char *naam, const char *password, bool keep_tokens,
                                   int64_t now, const sl_actor *by, int64_t *revoked,
                                   char *err, size_t errcap)
{
    int64_t n_revoked = 0;
    if (revoked)
        *revoked = 0;
    sl_auth_settings tmp;
    cfg = settings(cfg, &tmp);
    if (!sodium_ready(err, errcap))
        return SL_ERROR;
    size_t n = password ? strnlen(password, SL_PASSWORD_MAX + 1) : 0;
    if (n < SL_PASSWORD_MIN || n > SL_PASSWORD_MAX) {
        snprintf(err, errcap, "wachtwoord: %d tot en met %d tekens", SL_PASSWORD_MIN,
                 SL_PASSWORD_MAX);
        return SL_INVALID;
    }
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password, n, cfg->pwhash_opslimit, cfg->pwhash_memlimit) != 0) {
        fail(err, errcap, "wachtwoord versleutelen mislukt (te weinig geheugen?)");
        return SL_ERROR;
    }
    sl_user u;
    char cats[SL_LOG_CATS_CAP];
    sl_outcome res = begin_on_user(st, naam, &u, err, errcap);
    if (res != SL_OK)
        goto out;
    res = SL_ERROR;
    if (!sl_store_user_set_password(st, u.id, hash) ||
        !sl_store_sessions_end_user(st, u.id, now, NULL) ||
        (!keep_tokens && !sl_store_tokens_revoke_user(st, u.id, now, &n_revoked))) {
        store_fail(st, err, errcap);
        goto out;
    }
    /* two records, as one: a 64-byte name and both facts do not fit one log column */
    char cats_tokens[SL_LOG_CATS_CAP];
    user_subject(cats, sizeof cats, u.naam, "wachtwoord");
    user_subject(cats_tokens, sizeof cats_tokens, u.naam,
                 keep_tokens ? "tokens-behouden" : "tokens-ingetrokken");
    if (!log_admin(st, by, cats) || !log_admin(st, by, cats_tokens) || !sl_store_commit(st)) {
        store_fail(st, err, errcap);
        goto out;
    }
    if (revoked)
        *revoked = n_revoked;
    res = SL_OK;
out:
    if (res != SL_OK)
        sl_store_rollback(st);
    sodium_memzero(hash, sizeof hash);
    return res;
}

sl_outcome sl_account_set_levert_adressen(sl_store *st, const char *naam,
                                          bool levert_adressen, const sl_actor *by,
                                          sl_user *out, char *err, size_t errcap)
{
    sl_user u;
    char cats[SL_LOG_CATS_CAP];
    sl_outcome res = begin_on_user(st, naam, &u, err, errcap);
    if (res != SL_OK)
        goto out;
    if (u.rol != SL_ROLE_DATASTEWARD) {
        fail(err, errcap, "alleen een datasteward kan BAG-adressen leveren");
        res = SL_INVALID;
        goto out;
    }
    res = SL_ERROR;
    user_subject(cats, sizeof cats, u.naam,
                 levert_adressen ? "levert-adressen" : "levert-geen-adressen");
    if (!sl_store_user_set_levert_adressen(st, u.id, levert_adressen) ||
        !log_admin(st, by, cats) || !sl_store_commit(st)) {
        store_fail(st, err, errcap);
        goto out;
    }
    u.levert_adressen = levert_adressen;
    if (out)
        *out = u;
    res = SL_OK;
out:
    if (res != SL_OK)
        sl_store_rollback(st);
    return res;
}

sl_outcome sl_account_set_weergavenaam(sl_store *st, const char *naam,
                                       const char *weergavenaam, const sl_actor *by,
                                       sl_user *out, char *err, size_t errcap)
{
    if (!weergavenaam) {
        fail(err, errcap, "weergavenaam ontbreekt");
        return SL_INVALID;
    }
    if (!sl_account_weergavenaam_valid(weergavenaam, err, errcap))
        return SL_INVALID;
    sl_user u;
    char cats[SL_LOG_CATS_CAP];
    sl_outcome res = begin_on_user(st, naam, &u, err, errcap);
    if (res != SL_OK)
        goto out;
    res = SL_ERROR;
    user_subject(cats, sizeof cats, u.naam, "weergavenaam");
    if (!sl_store_user_set_weergavenaam(st, u.id, weergavenaam) || !log_admin(st, by, cats) ||
        !sl_store_commit(st)) {
        store_fail(st, err, errcap);
        goto out;
    }
    snprintf(u.weergavenaam, sizeof u.weergavenaam, "%s", weergavenaam);
    if (out)
        *out = u;
    res = SL_OK;
out:
    if (res != SL_OK)
        sl_store_rollback(st);
    return res;
}

sl_outcome sl_token_create_by(sl_store *st, const char *naam, const char *omschrijving,
                              int64_t now, const sl_actor *by, char token_out[SL_TOKEN_CAP],
                              sl_token_row *row, char *err, size_t errcap)
{
    token_out[0] = '\0';
    if (!omschrijving)
        omschrijving = "";
    if (strnlen(omschrijving, SL_OMSCHRIJVING_MAX + 1) > SL_OMSCHRIJVING_MAX) {
        snprintf(err, errcap, "omschrijving te lang: hoogstens %d tekens", SL_OMSCHRIJVING_MAX);
        return SL_INVALID;
    }
    if (!sodium_ready(err, errcap))
        return SL_ERROR;
    sl_user u;
    char secret[SL_SECRET_CAP], h[SL_DIGEST_HEX_CAP], cats[SL_LOG_CATS_CAP];
    int64_t tid = 0;
    bool found;
    sl_outcome res = begin_on_user(st, naam, &u, err, errcap);
    if (res != SL_OK)
        goto out;
    if (!u.actief) {
        snprintf(err, errcap, "gebruiker '%s' is niet actief", u.naam);
        res = SL_CONFLICT;
        goto out;
    }
    res = SL_ERROR;
    random_secret(secret);
    snprintf(token_out, SL_TOKEN_CAP, "%s%s", SL_TOKEN_PREFIX, secret);
    sodium_memzero(secret, sizeof secret);
    digest_hex(token_out, h);
    if (!sl_store_token_add(st, u.id, h, omschrijving, now, &tid)) {
        store_fail(st, err, errcap);
        goto out;
    }
    snprintf(cats, sizeof cats, "token=%lld:aangemaakt", (long long)tid);
    if (!log_admin(st, by, cats) || (row && !sl_store_token_get(st, tid, row, &found)) ||
        !sl_store_commit(st)) {
        store_fail(st, err, errcap);
        goto out;
    }
    res = SL_OK;
out:
    if (res != SL_OK) {
        sl_store_rollback(st);
        sodium_memzero(token_out, SL_TOKEN_CAP);
    }
    return res;
}

sl_outcome sl_token_revoke_by(sl_store *st, int64_t id, int64_t now, const sl_actor *by,
                              sl_token_row *row, char *err, size_t errcap)
{
    sl_token_row t;
    bool found;
    char cats[SL_LOG_CATS_CAP];
    sl_outcome res = SL_ERROR;
    if (!sl_store_begin(st) || !sl_store_token_get(st, id, &t, &found)) {
        store_fail(st, err, errcap);
        goto out;
    }
    if (!found) {
        snprintf(err, errcap, "token %lld bestaat niet", (long long)id);
        res = SL_NOT_FOUND;
        goto out;
    }
    if (t.ingetrokken_op) {
        snprintf(err, errcap, "token %lld is al ingetrokken", (long long)id);
        res = SL_CONFLICT;
        goto out;
    }
    snprintf(cats, sizeof cats, "token=%lld:ingetrokken", (long long)id);
    if (!sl_store_token_revoke(st, id, now, &found) || !log_admin(st, by, cats) ||
        !sl_store_token_get(st, id, &t, &found) || !sl_store_commit(st)) {
        store_fail(st, err, errcap);
        goto out;
    }
    res = SL_OK;
    if (row)
        *row = t;
out:
    if (res != SL_OK)
        sl_store_rollback(st);
    return res;
}

bool sl_token_get(sl_store *st, int64_t id, sl_token_row *out, bool *found, char *err,
                  size_t errcap)
{
    if (!sl_store_token_get(st, id, out, found))
        return store_fail(st, err, errcap);
    return true;
}
