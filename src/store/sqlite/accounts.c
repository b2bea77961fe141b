/*
 * accounts.c - the SQLite backend of accounts, API tokens, browser sessions
 * and login attempts (store/accounts_store.h; schema: 0003_accounts.sql).
 * Shares the handle and helpers of connection.c through sqlite_int.h.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/sqlite_int.h"

enum {
    A_USER_ADD, A_USER_ADDR_ADD, A_USER_GET, A_USER_GET_ID, A_USER_ADDRS, A_USERS_SCAN,
    A_LOGIN_FAILURES, A_ATTEMPT_ADD, A_ATTEMPT_OK, A_ATTEMPTS_PURGE,
    A_TOKEN_ADD, A_TOKEN_FIND, A_TOKEN_TOUCH, A_TOKEN_EXISTS, A_TOKEN_REVOKE,
    A_TOKENS_REVOKE_USER, A_TOKENS_SCAN, A_TOKENS_SCAN_ALL,
    A_SESSION_ADD, A_SESSION_FIND, A_SESSION_TOUCH, A_SESSION_END,
    A_USER_SET_ACTIVE, A_USER_SET_PASSWORD, A_USER_SET_WEERGAVENAAM, A_USER_SET_LEVERT_ADRESSEN,
    A_TOKEN_GET,
    A_SESSIONS_END_USER,
    A_COUNT
};
_Static_assert(A_COUNT <= SQ_SLOTS, "raise SQ_SLOTS");

#define USER_COLUMNS                                                                         \
    "id, naam, rol, org, gemeentecode, wachtwoord_hash, actief, aangemaakt_op, weergavenaam," \
    " levert_adressen"
#define TOKEN_COLUMNS                                                                        \
    "id, gebruiker_id, omschrijving, aangemaakt_op, coalesce(ingetrokken_op, 0),"            \
    " coalesce(laatst_gebruikt_op, 0)"

static const char *const asql[A_COUNT] = {
    [A_USER_ADD] = "INSERT INTO gebruiker (naam, rol, org, gemeentecode, wachtwoord_hash,"
                   " actief, aangemaakt_op, weergavenaam, levert_adressen)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [A_USER_ADDR_ADD] = "INSERT INTO gebruiker_adres (gebruiker_id, nummeraanduiding_id)"
                        " VALUES (?1, ?2)",
    /* naam compares case-insensitively through the column's collation */
    [A_USER_GET] = "SELECT " USER_COLUMNS " FROM gebruiker WHERE naam = ?1",
    [A_USER_GET_ID] = "SELECT " USER_COLUMNS " FROM gebruiker WHERE id = ?1",
    [A_USER_ADDRS] = "SELECT nummeraanduiding_id FROM gebruiker_adres WHERE gebruiker_id = ?1"
                     " ORDER BY nummeraanduiding_id",
    [A_USERS_SCAN] = "SELECT " USER_COLUMNS " FROM gebruiker ORDER BY naam, id",
    [A_LOGIN_FAILURES] =
        "SELECT count(*) FROM inlogpoging WHERE naam = ?1 AND gelukt = 0 AND tijdstip > ?2"
        " AND id > coalesce((SELECT max(id) FROM inlogpoging WHERE naam = ?1 AND gelukt = 1), 0)",
    [A_ATTEMPT_ADD] = "INSERT INTO inlogpoging (naam, tijdstip, gelukt) VALUES (?1, ?2, ?3)",
    [A_ATTEMPT_OK] = "UPDATE inlogpoging SET gelukt = 1 WHERE id = ?1",
    [A_ATTEMPTS_PURGE] = "DELETE FROM inlogpoging WHERE tijdstip <= ?1",
    [A_TOKEN_ADD] = "INSERT INTO token (gebruiker_id, hash, omschrijving, aangemaakt_op)"
                    " VALUES (?1, ?2, ?3, ?4)",
    [A_TOKEN_FIND] = "SELECT " TOKEN_COLUMNS " FROM token WHERE hash = ?1",
    [A_TOKEN_TOUCH] = "UPDATE token SET laatst_gebruikt_op = ?2 WHERE id = ?1",
    [A_TOKEN_EXISTS] = "SELECT 1 FROM token WHERE id = ?1",
    [A_TOKEN_REVOKE] =
        "UPDATE token SET ingetrokken_op = ?2 WHERE id = ?1 AND ingetrokken_op IS NULL",
    [A_TOKENS_REVOKE_USER] = "UPDATE token SET ingetrokken_op = ?2 WHERE gebruiker_id = ?1"
                             " AND ingetrokken_op IS NULL",
    [A_TOKENS_SCAN] = "SELECT " TOKEN_COLUMNS " FROM token WHERE gebruiker_id = ?1 ORDER BY id",
    [A_TOKENS_SCAN_ALL] = "SELECT " TOKEN_COLUMNS " FROM token ORDER BY id",
    [A_SESSION_ADD] = "INSERT INTO sessie (hash, gebruiker_id, csrf_hash, aangemaakt_op,"
                      " laatst_actief_op) VALUES (?1, ?2, ?3, ?4, ?4)",
    [A_SESSION_FIND] = "SELECT id, gebruiker_id, csrf_hash, aangemaakt_op, laatst_actief_op,"
                       " coalesce(beeindigd_op, 0) FROM sessie WHERE hash = ?1",
    [A_SESSION_TOUCH] = "UPDATE sessie SET laatst_actief_op = ?2 WHERE id = ?1"
                        " AND laatst_actief_op < ?2",
    [A_SESSION_END] = "UPDATE sessie SET beeindigd_op = ?2 WHERE id = ?1 AND beeindigd_op IS NULL",
    [A_USER_SET_ACTIVE] = "UPDATE gebruiker SET actief = ?2 WHERE id = ?1",
    [A_USER_SET_PASSWORD] = "UPDATE gebruiker SET wachtwoord_hash = ?2 WHERE id = ?1",
    [A_USER_SET_WEERGAVENAAM] = "UPDATE gebruiker SET weergavenaam = ?2 WHERE id = ?1",
    [A_USER_SET_LEVERT_ADRESSEN] = "UPDATE gebruiker SET levert_adressen = ?2 WHERE id = ?1",
    [A_TOKEN_GET] = "SELECT " TOKEN_COLUMNS " FROM token WHERE id = ?1",
    [A_SESSIONS_END_USER] = "UPDATE sessie SET beeindigd_op = ?2 WHERE gebruiker_id = ?1"
                            " AND beeindigd_op IS NULL",
};

static sqlite3_stmt *astmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->stmt[SQ_PART_ACCOUNTS][q], asql[q]);
}

/* Steps a statement that returns nothing and counts the rows it changed. */
static bool run_changes(sqlite_store *sq, sqlite3_stmt *s, const char *what, int64_t *n)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE)
        return db_fail(sq, what);
    if (n)
        *n = sqlite3_changes64(sq->db);
    return true;
}


/* The many updates keyed by ?1 = an id with one value in ?2; n (may be NULL) counts rows. */
static bool run_id_int(sqlite_store *sq, int q, int64_t id, int64_t v, const char *what,
                       int64_t *n)
{
    sqlite3_stmt *s = astmt(sq, q);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, v);
    return run_changes(sq, s, what, n);
}

static bool run_id_text(sqlite_store *sq, int q, int64_t id, const char *v, const char *what)
{
    sqlite3_stmt *s = astmt(sq, q);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    bind_text(s, 2, v);
    return run(sq, s, what);
}

/* ---- users ---------------------------------------------------------------- */

static bool sq_user_add(sl_store *st, const sl_user *u, const char *pwhash, int64_t *id)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = astmt(sq, A_USER_ADD);
    if (!s)
        return false;
    bind_text(s, 1, u->naam);
    bind_text(s, 2, sl_role_name(u->rol));
    bind_text(s, 3, sl_account_org_name(u->org));
    bind_text(s, 4, u->gemeentecode);
    bind_text(s, 5, pwhash);
    sqlite3_bind_int(s, 6, u->actief);
    sqlite3_bind_int64(s, 7, u->aangemaakt_op);
    bind_text(s, 8, u->weergavenaam);
    sqlite3_bind_int(s, 9, u->levert_adressen);
    if (!run(sq, s, "gebruiker toevoegen mislukt"))
        return false;
    *id = sqlite3_last_insert_rowid(sq->db);
    for (size_t i = 0; i < u->n_adressen && i < SL_USER_ADDRESSES_MAX; i++) {
        sqlite3_stmt *a = astmt(sq, A_USER_ADDR_ADD);
        if (!a)
            return false;
        sqlite3_bind_int64(a, 1, *id);
        sqlite3_bind_int64(a, 2, u->adressen[i]);
        if (!run(sq, a, "adres van gebruiker toevoegen mislukt"))
            return false;
    }
    return true;
}

/* Reads a USER_COLUMNS row and the user's addresses; pwhash may be NULL. */
static bool read_user(sqlite_store *sq, sqlite3_stmt *s, sl_user *u, char *pwhash)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(s, 0);
    col_copy(s, 1, u->naam, sizeof u->naam);
    const char *rol = (const char *)sqlite3_column_text(s, 2);
    const char *org = (const char *)sqlite3_column_text(s, 3);
    if (!rol || !sl_role_parse(rol, (size_t)sqlite3_column_bytes(s, 2), &u->rol))
        return sl_store_fail(&sq->base, "gebruiker %lld heeft een onbekende rol",
                             (long long)u->id);
    if (!org || !sl_account_org_parse(org, (size_t)sqlite3_column_bytes(s, 3), &u->org))
        return sl_store_fail(&sq->base, "gebruiker %lld heeft een onbekende organisatie",
                             (long long)u->id);
    col_copy(s, 4, u->gemeentecode, sizeof u->gemeentecode);
    col_copy(s, 8, u->weergavenaam, sizeof u->weergavenaam);
    u->levert_adressen = sqlite3_column_int(s, 9) != 0;
    if (pwhash)
        col_copy(s, 5, pwhash, SL_PWHASH_CAP);
    u->actief = sqlite3_column_int(s, 6) != 0;
    u->aangemaakt_op = sqlite3_column_int64(s, 7);

    sqlite3_stmt *a = astmt(sq, A_USER_ADDRS);
    if (!a)
        return false;
    sqlite3_bind_int64(a, 1, u->id);
    int rc;
    while ((rc = sqlite3_step(a)) == SQLITE_ROW)
        if (u->n_adressen < SL_USER_ADDRESSES_MAX)
            u->adressen[u->n_adressen++] = sqlite3_column_int64(a, 0);
    done(a);
    if (rc != SQLITE_DONE)
        return db_fail(sq, "adressen van gebruiker lezen mislukt");
    return true;
}

/* Runs a one-row user query that has its key bound already. */
static bool get_user(sqlite_store *sq, sqlite3_stmt *s, sl_user *out, char *pwhash, bool *found)
{
    int rc = sqlite3_step(s);
    *found = false;
    bool ok = true;
    if (rc == SQLITE_ROW) {
        *found = true;
        ok = read_user(sq, s, out, pwhash);
        rc = SQLITE_DONE;
    }
    done(s);
    if (rc != SQLITE_DONE)
        return db_fail(sq, "gebruiker lezen mislukt");
    return ok;
}

static bool sq_user_get(sl_store *st, const char *naam, sl_user *out, char *pwhash, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = astmt(sq, A_USER_GET);
    if (!s)
        return false;
    bind_text(s, 1, naam);
    return get_user(sq, s, out, pwhash, found);
}

static bool sq_user_get_id(sl_store *st, int64_t id, sl_user *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = astmt(sq, A_USER_GET_ID);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    return get_user(sq, s, out, NULL, found);
}

static bool sq_users_scan(sl_store *st, sl_user_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = astmt(sq, A_USERS_SCAN);
    if (!s)
        return false;
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_user u;
        ok = read_user(sq, s, &u, NULL);
        if (ok && !cb(ctx, &u))
            ok = sl_store_fail(st, "gebruikers lezen afgebroken");
    }
    done(s);
    if (ok && rc != SQLITE_DONE)
        return db_fail(sq, "gebruikers lezen mislukt");
    return ok;
}

/* ---- login attempts --------------------------------------------------------- */

static bool sq_login_failures(sl_store *st, const char *naam, int64_t since, int64_t *n)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = astmt(sq, A_LOGIN_FAILURES);
    if (!s)
        return false;
    bind_text(s, 1, naam);
    sqlite3_bind_int64(s, 2, since);
    int rc = sqlite3_step(s);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    done(s);
    if (rc != SQLITE_ROW)
        return db_fail(sq, "inlogpogingen tellen mislukt");
    return true;
}

static bool sq_login_attempt_add(sl_store *st, const char *naam, int64_t tijdstip, bool gelukt,
                                 int64_t *id)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = astmt(sq, A_ATTEMPT_ADD);
    if (!s)
        return false;
    bind_text(s, 1, naam);
    sqlite3_bind_int64(s, 2, tijdstip);
    sqlite3_bind_int(s, 3, gelukt);
    if (!run(sq, s, "inlogpoging vastleggen mislukt"))
        return false;
    if (id)
        *id = sqlite3_last_insert_rowid(sq->db);
    return true;
}

static bool sq_login_attempt_succeeded(sl_store *st, int64_t id)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = astmt(sq, A_ATTEMPT_OK);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    return run(sq, s, "inlogpoging bijwerken mislukt");
}

static bool sq_login_attempts_purge(sl_store *st, int64_t until)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = astmt(sq, A_ATTEMPTS_PURGE);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, until);
    return run(sq, s, "oude inlogpogingen opruimen mislukt");
}

/* ---- tokens ------------------------------------------------------------------ */

static bool sq_token_add(sl_store *st, int64_t user_id, const char *hash_hex,
                         const char *omschrijving, int64_t now, int64_t *id)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = astmt(sq, A_TOKEN_ADD);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, user_id);
    bind_text(s, 2, hash_hex);
    bind_text(s, 3, omschrijving);
    sqlite3_bind_int64(s, 4, now);
    if (!run(sq, s, "token vastleggen mislukt"))
        return false;
    *id = sqlite3_last_insert_rowid(sq->db);
    return true;
}

static void read_token(sqlite3_stmt *s, sl_token_row *t)
{
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(s, 0);
    t->gebruiker_id = sqlite3_column_int64(s, 1);
    col_copy(s, 2, t->omschrijving, sizeof t->omschrijving);
    t->aangemaakt_op = sqlite3_column_int64(s, 3);
    t->ingetrokken_op = sqlite3_column_int64(s, 4);
    t->laatst_gebruikt_op = sqlite3_column_int64(s, 5);
}

static bool sq_token_find(sl_store *st, const char *hash_hex, sl_token_row *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = astmt(sq, A_TOKEN_FIND);
    if (!s)
        return false;
    bind_text(s, 1, hash_hex);
    int rc = sqlite3_step(s);
    *found = rc == SQLITE_ROW;
    if (*found)
        read_token(s, out);
    done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(sq, "token opzoeken mislukt");
    return true;
}

/* Two indexed reads in one snapshot: SQLite has no round trip to save. */
static bool sq_token_user(sl_store *st, const char *hash_hex, sl_token_row *token, sl_user *user,
                          bool *found)
{
    if (!sl_store_read_begin(st))
        return false;
    bool ok = sq_token_find(st, hash_hex, token, found) &&
              (!*found || sq_user_get_id(st, token->gebruiker_id, user, found));
    sl_store_read_end(st);
    return ok;
}

static bool sq_token_touch(sl_store *st, int64_t id, int64_t now)
{
    return run_id_int(SQ(st), A_TOKEN_TOUCH, id, now, "token bijwerken mislukt", NULL);
}

static bool sq_token_revoke(sl_store *st, int64_t id, int64_t now, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *e = astmt(sq, A_TOKEN_EXISTS);
    if (!e)
        return false;
    sqlite3_bind_int64(e, 1, id);
    int rc = sqlite3_step(e);
    *found = rc == SQLITE_ROW;
    done(e);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(sq, "token opzoeken mislukt");
    if (!*found)
        return true;
    return run_id_int(sq, A_TOKEN_REVOKE, id, now, "token intrekken mislukt", NULL);
}

static bool sq_tokens_revoke_user(sl_store *st, int64_t user_id, int64_t now, int64_t *n)
{
    return run_id_int(SQ(st), A_TOKENS_REVOKE_USER, user_id, now, "tokens intrekken mislukt", n);
}

static bool sq_tokens_scan(sl_store *st, int64_t user_id, sl_token_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = astmt(sq, user_id ? A_TOKENS_SCAN : A_TOKENS_SCAN_ALL);
    if (!s)
        return false;
    if (user_id)
        sqlite3_bind_int64(s, 1, user_id);
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_token_row t;
        read_token(s, &t);
        if (!cb(ctx, &t))
            ok = sl_store_fail(st, "tokens lezen afgebroken");
    }
    done(s);
    if (ok && rc != SQLITE_DONE)
        return db_fail(sq, "tokens lezen mislukt");
    return ok;
}

/* ---- sessions ------------------------------------------------------------------ */

static bool sq_session_add(sl_store *st, const char *hash_hex, int64_t user_id,
                           const char *csrf_hash_hex, int64_t now, int64_t *id)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = astmt(sq, A_SESSION_ADD);
    if (!s)
        return false;
    bind_text(s, 1, hash_hex);
    sqlite3_bind_int64(s, 2, user_id);
    bind_text(s, 3, csrf_hash_hex);
    sqlite3_bind_int64(s, 4, now);
    if (!run(sq, s, "sessie vastleggen mislukt"))
        return false;
    *id = sqlite3_last_insert_rowid(sq->db);
    return true;
}

static bool sq_session_find(sl_store *st, const char *hash_hex, sl_session_row *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = astmt(sq, A_SESSION_FIND);
    if (!s)
        return false;
    bind_text(s, 1, hash_hex);
    int rc = sqlite3_step(s);
    *found = rc == SQLITE_ROW;
    if (*found) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(s, 0);
        out->gebruiker_id = sqlite3_column_int64(s, 1);
        col_copy(s, 2, out->csrf_hash, sizeof out->csrf_hash);
        out->aangemaakt_op = sqlite3_column_int64(s, 3);
        out->laatst_actief_op = sqlite3_column_int64(s, 4);
        out->beeindigd_op = sqlite3_column_int64(s, 5);
    }
    done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(sq, "sessie opzoeken mislukt");
    return true;
}

static bool sq_session_touch(sl_store *st, int64_t id, int64_t now)
{
    return run_id_int(SQ(st), A_SESSION_TOUCH, id, now, "sessie bijwerken mislukt", NULL);
}

static bool sq_session_end(sl_store *st, int64_t id, int64_t now)
{
    return run_id_int(SQ(st), A_SESSION_END, id, now, "sessie beëindigen mislukt", NULL);
}

/* ---- administration (the beheer API) ------------------------------------------------ */

static bool sq_user_set_active(sl_store *st, int64_t id, bool actief)
{
    return run_id_int(SQ(st), A_USER_SET_ACTIVE, id, actief ? 1 : 0,
                      "gebruiker (de)activeren mislukt", NULL);
}

static bool sq_user_set_password(sl_store *st, int64_t id, const char *pwhash)
{
    return run_id_text(SQ(st), A_USER_SET_PASSWORD, id, pwhash, "wachtwoord vervangen mislukt");
}

static bool sq_user_set_levert_adressen(sl_store *st, int64_t id, bool levert_adressen)
{
    return run_id_int(SQ(st), A_USER_SET_LEVERT_ADRESSEN, id, levert_adressen,
                      "aanwijzing voor BAG-adressen vastleggen mislukt", NULL);
}

static bool sq_user_set_weergavenaam(sl_store *st, int64_t id, const char *weergavenaam)
{
    return run_id_text(SQ(st), A_USER_SET_WEERGAVENAAM, id, weergavenaam,
                       "weergavenaam vervangen mislukt");
}

static bool sq_token_get(sl_store *st, int64_t id, sl_token_row *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = astmt(sq, A_TOKEN_GET);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    *found = rc == SQLITE_ROW;
    if (*found)
        read_token(s, out);
    done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(sq, "token opzoeken mislukt");
    return true;
}

static bool sq_sessions_end_user(sl_store *st, int64_t user_id, int64_t now, int64_t *n)
{
    return run_id_int(SQ(st), A_SESSIONS_END_USER, user_id, now, "sessies beëindigen mislukt", n);
}

const sl_accounts_ops sq_accounts_ops = {
    .user_add = sq_user_add,
    .user_get = sq_user_get,
    .user_get_id = sq_user_get_id,
    .users_scan = sq_users_scan,
    .user_set_active = sq_user_set_active,
    .user_set_password = sq_user_set_password,
    .user_set_weergavenaam = sq_user_set_weergavenaam,
    .user_set_levert_adressen = sq_user_set_levert_adressen,
    .login_failures = sq_login_failures,
    .login_attempt_add = sq_login_attempt_add,
    .login_attempt_succeeded = sq_login_attempt_succeeded,
    .login_attempts_purge = sq_login_attempts_purge,
    .token_add = sq_token_add,
    .token_find = sq_token_find,
    .token_user = sq_token_user,
    .token_touch = sq_token_touch,
    .token_revoke = sq_token_revoke,
    .tokens_revoke_user = sq_tokens_revoke_user,
    .token_get = sq_token_get,
    .tokens_scan = sq_tokens_scan,
    .session_add = sq_session_add,
    .session_find = sq_session_find,
    .session_touch = sq_session_touch,
    .session_end = sq_session_end,
    .sessions_end_user = sq_sessions_end_user,
};
