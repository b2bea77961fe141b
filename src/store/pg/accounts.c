/*
 * accounts.c - the PostgreSQL backend of accounts, API tokens, browser
 * sessions and login attempts (store/accounts_store.h; schema:
 * migrations/pg/0014_baseline.sql). The semantics are sqlite/accounts.c's;
 * sessions, tokens and throttling live here so that any instance answers any
 * request.
 *
 * Login names compare case-insensitively through the ICU collation `nocase`
 * of gebruiker.naam and inlogpoging.naam: a parameter compared with such a
 * column takes the column's collation, so `naam = $1` needs nothing more.
 * Digests are bytea; the services hand out and pass lower-case hex.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/pg_int.h"

#define USER_COLUMNS                                                                         \
    "g.id, g.naam, g.rol, g.org, g.gemeentecode, g.wachtwoord_hash, g.actief,"               \
    " g.aangemaakt_op, g.weergavenaam, g.levert_adressen,"                                   \
    " array_to_string(ARRAY(SELECT a.nummeraanduiding_id FROM gebruiker_adres a"             \
    " WHERE a.gebruiker_id = g.id ORDER BY a.nummeraanduiding_id), ',')"
#define TOKEN_COLUMNS                                                                        \
    "id, gebruiker_id, omschrijving, aangemaakt_op, coalesce(ingetrokken_op, 0),"            \
    " coalesce(laatst_gebruikt_op, 0)"

static const sl_pg_query q_user_add = {
    "accounts_user_add",
    "INSERT INTO gebruiker (naam, rol, org, gemeentecode, wachtwoord_hash, actief,"
    " aangemaakt_op, weergavenaam, levert_adressen)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"};
static const sl_pg_query q_user_addr_add = {
    "accounts_user_addr_add",
    "INSERT INTO gebruiker_adres (gebruiker_id, nummeraanduiding_id) VALUES ($1, $2)"};
static const sl_pg_query q_user_get = {
    "accounts_user_get", "SELECT " USER_COLUMNS " FROM gebruiker g WHERE g.naam = $1"};
static const sl_pg_query q_user_get_id = {
    "accounts_user_get_id", "SELECT " USER_COLUMNS " FROM gebruiker g WHERE g.id = $1"};
/* SQLite's NOCASE orders by the lower-cased bytes; names are ASCII
 * ([A-Za-z0-9._@-], service/accounts.c), so lower() under "C" is the same */
static const sl_pg_query q_users_scan = {
    "accounts_users_scan",
    "SELECT " USER_COLUMNS " FROM gebruiker g ORDER BY lower(g.naam) COLLATE \"C\", g.id"};
static const sl_pg_query q_user_set_active = {
    "accounts_user_set_active", "UPDATE gebruiker SET actief = $2 WHERE id = $1"};
static const sl_pg_query q_user_set_password = {
    "accounts_user_set_password", "UPDATE gebruiker SET wachtwoord_hash = $2 WHERE id = $1"};
static const sl_pg_query q_user_set_weergavenaam = {
    "accounts_user_set_weergavenaam", "UPDATE gebruiker SET weergavenaam = $2 WHERE id = $1"};
static const sl_pg_query q_user_set_levert_adressen = {
    "accounts_user_set_levert_adressen",
    "UPDATE gebruiker SET levert_adressen = $2 WHERE id = $1"};

static const sl_pg_query q_login_failures = {
    "accounts_login_failures",
    "SELECT count(*) FROM inlogpoging WHERE naam = $1 AND NOT gelukt AND tijdstip > $2"
    " AND id > coalesce((SELECT max(id) FROM inlogpoging WHERE naam = $1 AND gelukt), 0)"};
static const sl_pg_query q_attempt_add = {
    "accounts_attempt_add",
    "INSERT INTO inlogpoging (naam, tijdstip, gelukt) VALUES ($1, $2, $3) RETURNING id"};
static const sl_pg_query q_attempt_ok = {
    "accounts_attempt_ok", "UPDATE inlogpoging SET gelukt = true WHERE id = $1"};
static const sl_pg_query q_attempts_purge = {
    "accounts_attempts_purge", "DELETE FROM inlogpoging WHERE tijdstip <= $1"};

static const sl_pg_query q_token_add = {
    "accounts_token_add",
    "INSERT INTO token (gebruiker_id, hash, omschrijving, aangemaakt_op)"
    " VALUES ($1, decode($2, 'hex'), $3, $4) RETURNING id"};
static const sl_pg_query q_token_find = {
    "accounts_token_find", "SELECT " TOKEN_COLUMNS " FROM token WHERE hash = decode($1, 'hex')"};
/* the token and its account in one round trip (a bearer request's check) */
static const sl_pg_query q_token_user = {
    "accounts_token_user",
    "SELECT t.id, t.gebruiker_id, t.omschrijving, t.aangemaakt_op,"
    " coalesce(t.ingetrokken_op, 0), coalesce(t.laatst_gebruikt_op, 0), " USER_COLUMNS
    " FROM token t JOIN gebruiker g ON g.id = t.gebruiker_id WHERE t.hash = decode($1, 'hex')"};
enum { TOKEN_NCOLS = 6 }; /* TOKEN_COLUMNS */
static const sl_pg_query q_token_touch = {
    "accounts_token_touch", "UPDATE token SET laatst_gebruikt_op = $2 WHERE id = $1"};
/* One statement for SQLite's look-up and update: the row's id comes back
 * whether or not it was revoked before (found), the update only touches an
 * unrevoked one. */
static const sl_pg_query q_token_revoke = {
    "accounts_token_revoke",
    "WITH t AS (SELECT id FROM token WHERE id = $1),"
    " r AS (UPDATE token SET ingetrokken_op = $2 WHERE id = $1 AND ingetrokken_op IS NULL)"
    " SELECT id FROM t"};
static const sl_pg_query q_tokens_revoke_user = {
    "accounts_tokens_revoke_user",
    "UPDATE token SET ingetrokken_op = $2 WHERE gebruiker_id = $1 AND ingetrokken_op IS NULL"};
static const sl_pg_query q_token_get = {
    "accounts_token_get", "SELECT " TOKEN_COLUMNS " FROM token WHERE id = $1"};
static const sl_pg_query q_tokens_scan = {
    "accounts_tokens_scan",
    "SELECT " TOKEN_COLUMNS " FROM token WHERE gebruiker_id = $1 ORDER BY id"};
static const sl_pg_query q_tokens_scan_all = {
    "accounts_tokens_scan_all", "SELECT " TOKEN_COLUMNS " FROM token ORDER BY id"};

static const sl_pg_query q_session_add = {
    "accounts_session_add",
    "INSERT INTO sessie (hash, gebruiker_id, csrf_hash, aangemaakt_op, laatst_actief_op)"
    " VALUES (decode($1, 'hex'), $2, decode($3, 'hex'), $4, $4) RETURNING id"};
static const sl_pg_query q_session_find = {
    "accounts_session_find",
    "SELECT id, gebruiker_id, encode(csrf_hash, 'hex'), aangemaakt_op, laatst_actief_op,"
    " coalesce(beeindigd_op, 0) FROM sessie WHERE hash = decode($1, 'hex')"};
static const sl_pg_query q_session_touch = {
    "accounts_session_touch",
    "UPDATE sessie SET laatst_actief_op = $2 WHERE id = $1 AND laatst_actief_op < $2"};
static const sl_pg_query q_session_end = {
    "accounts_session_end",
    "UPDATE sessie SET beeindigd_op = $2 WHERE id = $1 AND beeindigd_op IS NULL"};
static const sl_pg_query q_sessions_end_user = {
    "accounts_sessions_end_user",
    "UPDATE sessie SET beeindigd_op = $2 WHERE gebruiker_id = $1 AND beeindigd_op IS NULL"};

/* Runs q with params (NULL: none) and returns its first column's integer in
 * *id; for the INSERT ... RETURNING id statements. */
static bool run_returning_id(sl_store *st, const sl_pg_query *q, const sl_pg_params *p,
                             const char *what, int64_t *id)
{
    PGresult *res = pg_query(PGS(st), q, p, what);
    if (!res)
        return false;
    bool one = PQntuples(res) == 1;
    if (one && id)
        *id = sl_pg_col_int(res, 0, 0);
    PQclear(res);
    return one ? true : sl_store_fail(st, "%s: geen id teruggekregen", what);
}

/* Runs a statement that returns nothing and counts the rows it changed. */
static bool run_changes(sl_store *st, const sl_pg_query *q, const sl_pg_params *p,
                        const char *what, int64_t *n)
{
    PGresult *res = pg_query(PGS(st), q, p, what);
    if (!res)
        return false;
    if (n)
        *n = strtoll(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return true;
}

/* Statement with one integer key (id) and one integer value. */
static bool run_id_int(sl_store *st, const sl_pg_query *q, int64_t id, int64_t v,
                       const char *what)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    sl_pg_param_int(&p, v);
    return pg_run(PGS(st), q, &p, what);
}

/* ---- users ---------------------------------------------------------------- */

static bool pg_user_add(sl_store *st, const sl_user *u, const char *pwhash, int64_t *id)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, u->naam);
    sl_pg_param_text(&p, sl_role_name(u->rol));
    sl_pg_param_text(&p, sl_account_org_name(u->org));
    sl_pg_param_text(&p, u->gemeentecode);
    sl_pg_param_text(&p, pwhash ? pwhash : "");
    sl_pg_param_bool(&p, u->actief);
    sl_pg_param_int(&p, u->aangemaakt_op);
    sl_pg_param_text(&p, u->weergavenaam);
    sl_pg_param_bool(&p, u->levert_adressen);
    if (!run_returning_id(st, &q_user_add, &p, "gebruiker toevoegen mislukt", id))
        return false;
    for (size_t i = 0; i < u->n_adressen && i < SL_USER_ADDRESSES_MAX; i++) {
        sl_pg_params a;
        sl_pg_params_init(&a);
        sl_pg_param_int(&a, *id);
        sl_pg_param_int(&a, u->adressen[i]);
        if (!pg_run(PGS(st), &q_user_addr_add, &a, "adres van gebruiker toevoegen mislukt"))
            return false;
    }
    return true;
}

/* Reads the addresses column: ids separated by commas, "" for none. */
static void read_addresses(const char *list, sl_user *u)
{
    for (const char *p = list; *p && u->n_adressen < SL_USER_ADDRESSES_MAX;) {
        char *end;
        u->adressen[u->n_adressen++] = strtoll(p, &end, 10);
        p = *end == ',' ? end + 1 : end;
        if (end == p && *p)
            break; /* not a number: the column is ours, so this does not happen */
    }
}

/* Reads USER_COLUMNS from column c0 of row r; pwhash may be NULL. */
static bool read_user_at(sl_store *st, const PGresult *res, int r, int c0, sl_user *u,
                         char *pwhash)
{
    memset(u, 0, sizeof *u);
    u->id = sl_pg_col_int(res, r, c0 + 0);
    pg_col_copy(res, r, c0 + 1, u->naam, sizeof u->naam);
    const char *rol = sl_pg_col_text(res, r, c0 + 2);
    const char *org = sl_pg_col_text(res, r, c0 + 3);
    if (!sl_role_parse(rol, strlen(rol), &u->rol))
        return sl_store_fail(st, "gebruiker %lld heeft een onbekende rol", (long long)u->id);
    if (!sl_account_org_parse(org, strlen(org), &u->org))
        return sl_store_fail(st, "gebruiker %lld heeft een onbekende organisatie",
                             (long long)u->id);
    pg_col_copy(res, r, c0 + 4, u->gemeentecode, sizeof u->gemeentecode);
    if (pwhash)
        pg_col_copy(res, r, c0 + 5, pwhash, SL_PWHASH_CAP);
    u->actief = sl_pg_col_bool(res, r, c0 + 6);
    u->aangemaakt_op = sl_pg_col_int(res, r, c0 + 7);
    pg_col_copy(res, r, c0 + 8, u->weergavenaam, sizeof u->weergavenaam);
    u->levert_adressen = sl_pg_col_bool(res, r, c0 + 9);
    read_addresses(sl_pg_col_text(res, r, c0 + 10), u);
    return true;
}

static bool read_user(sl_store *st, const PGresult *res, int r, sl_user *u, char *pwhash)
{
    return read_user_at(st, res, r, 0, u, pwhash);
}

/* Runs a one-row user query. */
static bool get_user(sl_store *st, const sl_pg_query *q, const sl_pg_params *p, sl_user *out,
                     char *pwhash, bool *found)
{
    *found = false;
    PGresult *res = pg_query(PGS(st), q, p, "gebruiker lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    if (PQntuples(res) > 0) {
        *found = true;
        ok = read_user(st, res, 0, out, pwhash);
    }
    PQclear(res);
    return ok;
}

static bool pg_user_get(sl_store *st, const char *naam, sl_user *out, char *pwhash, bool *found)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, naam ? naam : "");
    return get_user(st, &q_user_get, &p, out, pwhash, found);
}

static bool pg_user_get_id(sl_store *st, int64_t id, sl_user *out, bool *found)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    return get_user(st, &q_user_get_id, &p, out, NULL, found);
}

static bool pg_users_scan(sl_store *st, sl_user_cb cb, void *ctx)
{
    PGresult *res = pg_query(PGS(st), &q_users_scan, NULL, "gebruikers lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_user u;
        ok = read_user(st, res, r, &u, NULL);
        if (ok && !cb(ctx, &u))
            ok = sl_store_fail(st, "gebruikers lezen afgebroken");
    }
    PQclear(res);
    return ok;
}

static bool pg_user_set_active(sl_store *st, int64_t id, bool actief)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    sl_pg_param_bool(&p, actief);
    return pg_run(PGS(st), &q_user_set_active, &p, "gebruiker (de)activeren mislukt");
}

static bool pg_user_set_password(sl_store *st, int64_t id, const char *pwhash)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    sl_pg_param_text(&p, pwhash ? pwhash : "");
    return pg_run(PGS(st), &q_user_set_password, &p, "wachtwoord vervangen mislukt");
}

static bool pg_user_set_weergavenaam(sl_store *st, int64_t id, const char *weergavenaam)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    sl_pg_param_text(&p, weergavenaam ? weergavenaam : "");
    return pg_run(PGS(st), &q_user_set_weergavenaam, &p, "weergavenaam vervangen mislukt");
}

static bool pg_user_set_levert_adressen(sl_store *st, int64_t id, bool levert_adressen)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    sl_pg_param_bool(&p, levert_adressen);
    return pg_run(PGS(st), &q_user_set_levert_adressen, &p,
                  "aanwijzing voor BAG-adressen vastleggen mislukt");
}

/* ---- login attempts --------------------------------------------------------- */

static bool pg_login_failures(sl_store *st, const char *naam, int64_t since, int64_t *n)
{
    *n = 0;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, naam ? naam : "");
    sl_pg_param_int(&p, since);
    PGresult *res = pg_query(PGS(st), &q_login_failures, &p, "inlogpogingen tellen mislukt");
    if (!res)
        return false;
    *n = sl_pg_col_int(res, 0, 0);
    PQclear(res);
    return true;
}

static bool pg_login_attempt_add(sl_store *st, const char *naam, int64_t tijdstip, bool gelukt,
                                 int64_t *id)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, naam ? naam : "");
    sl_pg_param_int(&p, tijdstip);
    sl_pg_param_bool(&p, gelukt);
    return run_returning_id(st, &q_attempt_add, &p, "inlogpoging vastleggen mislukt", id);
}

static bool pg_login_attempt_succeeded(sl_store *st, int64_t id)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    return pg_run(PGS(st), &q_attempt_ok, &p, "inlogpoging bijwerken mislukt");
}

static bool pg_login_attempts_purge(sl_store *st, int64_t until)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, until);
    return pg_run(PGS(st), &q_attempts_purge, &p, "oude inlogpogingen opruimen mislukt");
}

/* ---- tokens ------------------------------------------------------------------ */

static bool pg_token_add(sl_store *st, int64_t user_id, const char *hash_hex,
                         const char *omschrijving, int64_t now, int64_t *id)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, user_id);
    sl_pg_param_text(&p, hash_hex ? hash_hex : "");
    sl_pg_param_text(&p, omschrijving ? omschrijving : "");
    sl_pg_param_int(&p, now);
    return run_returning_id(st, &q_token_add, &p, "token vastleggen mislukt", id);
}

static void read_token(const PGresult *res, int r, sl_token_row *t)
{
    memset(t, 0, sizeof *t);
    t->id = sl_pg_col_int(res, r, 0);
    t->gebruiker_id = sl_pg_col_int(res, r, 1);
    pg_col_copy(res, r, 2, t->omschrijving, sizeof t->omschrijving);
    t->aangemaakt_op = sl_pg_col_int(res, r, 3);
    t->ingetrokken_op = sl_pg_col_int(res, r, 4);
    t->laatst_gebruikt_op = sl_pg_col_int(res, r, 5);
}

/* Runs a token query of at most one row. */
static bool get_token(sl_store *st, const sl_pg_query *q, const sl_pg_params *p,
                      sl_token_row *out, bool *found)
{
    *found = false;
    PGresult *res = pg_query(PGS(st), q, p, "token opzoeken mislukt");
    if (!res)
        return false;
    *found = PQntuples(res) > 0;
    if (*found)
        read_token(res, 0, out);
    PQclear(res);
    return true;
}

/* Whether hash_hex can be a digest at all: the digest column holds 32 bytes,
 * and decode() fails on anything but hex, where SQLite merely finds nothing
 * (the services pass lower-case hex, as stored). */
static bool digest_hex(const char *hash_hex)
{
    if (!hash_hex || strlen(hash_hex) != 64)
        return false;
    return strspn(hash_hex, "0123456789abcdef") == 64;
}

static bool pg_token_find(sl_store *st, const char *hash_hex, sl_token_row *out, bool *found)
{
    *found = false;
    if (!digest_hex(hash_hex))
        return true;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, hash_hex);
    return get_token(st, &q_token_find, &p, out, found);
}

static bool pg_token_user(sl_store *st, const char *hash_hex, sl_token_row *token, sl_user *user,
                          bool *found)
{
    *found = false;
    if (!digest_hex(hash_hex))
        return true;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, hash_hex);
    PGresult *res = pg_query(PGS(st), &q_token_user, &p, "token opzoeken mislukt");
    if (!res)
        return false;
    bool ok = true;
    if (PQntuples(res) > 0) {
        read_token(res, 0, token);
        ok = read_user_at(st, res, 0, TOKEN_NCOLS, user, NULL);
        *found = ok;
    }
    PQclear(res);
    return ok;
}

static bool pg_token_touch(sl_store *st, int64_t id, int64_t now)
{
    return run_id_int(st, &q_token_touch, id, now, "token bijwerken mislukt");
}

static bool pg_token_revoke(sl_store *st, int64_t id, int64_t now, bool *found)
{
    *found = false;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    sl_pg_param_int(&p, now);
    PGresult *res = pg_query(PGS(st), &q_token_revoke, &p, "token intrekken mislukt");
    if (!res)
        return false;
    *found = PQntuples(res) > 0;
    PQclear(res);
    return true;
}

static bool pg_tokens_revoke_user(sl_store *st, int64_t user_id, int64_t now, int64_t *n)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, user_id);
    sl_pg_param_int(&p, now);
    return run_changes(st, &q_tokens_revoke_user, &p, "tokens intrekken mislukt", n);
}

static bool pg_token_get(sl_store *st, int64_t id, sl_token_row *out, bool *found)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    return get_token(st, &q_token_get, &p, out, found);
}

static bool pg_tokens_scan(sl_store *st, int64_t user_id, sl_token_cb cb, void *ctx)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    if (user_id)
        sl_pg_param_int(&p, user_id);
    PGresult *res = pg_query(PGS(st), user_id ? &q_tokens_scan : &q_tokens_scan_all, &p,
                              "tokens lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_token_row t;
        read_token(res, r, &t);
        if (!cb(ctx, &t))
            ok = sl_store_fail(st, "tokens lezen afgebroken");
    }
    PQclear(res);
    return ok;
}

/* ---- sessions ------------------------------------------------------------------ */

static bool pg_session_add(sl_store *st, const char *hash_hex, int64_t user_id,
                           const char *csrf_hash_hex, int64_t now, int64_t *id)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, hash_hex ? hash_hex : "");
    sl_pg_param_int(&p, user_id);
    sl_pg_param_text(&p, csrf_hash_hex ? csrf_hash_hex : "");
    sl_pg_param_int(&p, now);
    return run_returning_id(st, &q_session_add, &p, "sessie vastleggen mislukt", id);
}

static bool pg_session_find(sl_store *st, const char *hash_hex, sl_session_row *out, bool *found)
{
    *found = false;
    if (!digest_hex(hash_hex))
        return true;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, hash_hex);
    PGresult *res = pg_query(PGS(st), &q_session_find, &p, "sessie opzoeken mislukt");
    if (!res)
        return false;
    *found = PQntuples(res) > 0;
    if (*found) {
        memset(out, 0, sizeof *out);
        out->id = sl_pg_col_int(res, 0, 0);
        out->gebruiker_id = sl_pg_col_int(res, 0, 1);
        pg_col_copy(res, 0, 2, out->csrf_hash, sizeof out->csrf_hash);
        out->aangemaakt_op = sl_pg_col_int(res, 0, 3);
        out->laatst_actief_op = sl_pg_col_int(res, 0, 4);
        out->beeindigd_op = sl_pg_col_int(res, 0, 5);
    }
    PQclear(res);
    return true;
}

static bool pg_session_touch(sl_store *st, int64_t id, int64_t now)
{
    return run_id_int(st, &q_session_touch, id, now, "sessie bijwerken mislukt");
}

static bool pg_session_end(sl_store *st, int64_t id, int64_t now)
{
    return run_id_int(st, &q_session_end, id, now, "sessie beëindigen mislukt");
}

static bool pg_sessions_end_user(sl_store *st, int64_t user_id, int64_t now, int64_t *n)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, user_id);
    sl_pg_param_int(&p, now);
    return run_changes(st, &q_sessions_end_user, &p, "sessies beëindigen mislukt", n);
}

const sl_accounts_ops pg_accounts_ops = {
    .user_add = pg_user_add,
    .user_get = pg_user_get,
    .user_get_id = pg_user_get_id,
    .users_scan = pg_users_scan,
    .user_set_active = pg_user_set_active,
    .user_set_password = pg_user_set_password,
    .user_set_weergavenaam = pg_user_set_weergavenaam,
    .user_set_levert_adressen = pg_user_set_levert_adressen,
    .login_failures = pg_login_failures,
    .login_attempt_add = pg_login_attempt_add,
    .login_attempt_succeeded = pg_login_attempt_succeeded,
    .login_attempts_purge = pg_login_attempts_purge,
    .token_add = pg_token_add,
    .token_find = pg_token_find,
    .token_user = pg_token_user,
    .token_touch = pg_token_touch,
    .token_revoke = pg_token_revoke,
    .tokens_revoke_user = pg_tokens_revoke_user,
    .token_get = pg_token_get,
    .tokens_scan = pg_tokens_scan,
    .session_add = pg_session_add,
    .session_find = pg_session_find,
    .session_touch = pg_session_touch,
    .session_end = pg_session_end,
    .sessions_end_user = pg_sessions_end_user,
};
