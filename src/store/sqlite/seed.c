/*
 * seed.c - the SQL of seeding the first rule sets (store/seed_rules.h) for
 * SQLite: run on open, after the migrations.
 */
#include <stdio.h>
#include <string.h>

#include "core/signal_rules.h"
#include "store/seed_rules.h"
#include "store/sqlite/sqlite_int.h"

static bool exec_simple(sqlite_store *sq, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(sq->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        sl_store_fail(&sq->base, "regels vastleggen mislukt: %s", msg ? msg : "");
        sqlite3_free(msg);
        return false;
    }
    return true;
}

/* Runs the one-off statement sql with the text and integer values of binds:
 * "t" binds the next text, "i" the next int. */
static bool run_once(sqlite_store *sq, const char *sql, const char *what, const char *types,
                     const char *const *texts, const int *ints)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(sq->db, sql, -1, &s, NULL) != SQLITE_OK)
        return db_fail(sq, what);
    for (int i = 0, t = 0, n = 0; types[i]; i++) {
        if (types[i] == 't')
            sqlite3_bind_text(s, i + 1, texts[t++], -1, SQLITE_STATIC);
        else
            sqlite3_bind_int(s, i + 1, ints[n++]);
    }
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_fail(sq, what);
    return true;
}

static bool has_ruleset(void *ctx, const char *soort, bool *has)
{
    sqlite_store *sq = ctx;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(sq->db, "SELECT 1 FROM regelset WHERE soort = ?1", -1, &s, NULL) !=
        SQLITE_OK)
        return db_fail(sq, "regels lezen mislukt");
    sqlite3_bind_text(s, 1, soort, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(sq, "regels lezen mislukt");
    *has = rc == SQLITE_ROW;
    return true;
}

static bool seed_begin(void *ctx) { return exec_simple(ctx, "BEGIN IMMEDIATE"); }
static bool seed_commit(void *ctx) { return exec_simple(ctx, "COMMIT"); }

static void seed_rollback(void *ctx)
{
    sqlite3_exec(((sqlite_store *)ctx)->db, "ROLLBACK", NULL, NULL, NULL);
}

static bool matrix_cell(void *ctx, int versie, const char *stap, const char *fase,
                        const char *groep)
{
    const char *texts[] = {stap, fase, groep};
    return run_once(ctx, "INSERT INTO matrixregel (versie, stap, fase, groep)"
                         " VALUES (?1, ?2, ?3, ?4)",
                    "matrix vastleggen mislukt", "ittt", texts, &versie);
}

static bool signal_rule(void *ctx, int versie, const sl_signal_rule *r, const char *aan)
{
    const char *texts[] = {r->variant, sl_trigger_name(r->trigger),
                           sl_condition_name(r->conditie), aan, r->tekst};
    const int ints[] = {versie, r->regel, r->termijn_dagen, r->parameter_dagen};
    return run_once(ctx,
                    "INSERT INTO signaalregel (versie, regel, variant, trigger,"
                    " conditie, aan, termijn_dagen, parameter_dagen, tekst)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    "signaalregels vastleggen mislukt", "iitttt" "iit", texts, ints);
}

static bool ruleset(void *ctx, const char *soort, int versie, const char *omschrijving)
{
    const char *texts[] = {soort, omschrijving};
    return run_once(ctx, "INSERT INTO regelset (soort, versie, actief, omschrijving)"
                         " VALUES (?1, ?2, 1, ?3)",
                    "regels vastleggen mislukt", "tit", texts, &versie);
}

static const sl_seed_ops sqlite_seed = {
    .has_ruleset = has_ruleset,
    .begin = seed_begin,
    .commit = seed_commit,
    .rollback = seed_rollback,
    .matrix_cell = matrix_cell,
    .signal_rule = signal_rule,
    .ruleset = ruleset,
};

bool sq_seed_rules(sqlite_store *sq) { return sl_seed_rules(&sqlite_seed, sq); }
