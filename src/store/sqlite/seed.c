/*
 * seed.c - version 1 of each rule set (the classification matrix, the signal
 * rules) from the core's defaults, for a register that has none of that kind
 * yet: run on open, after the migrations.
 */
#include <stdio.h>
#include <string.h>

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

static bool has_ruleset(sqlite_store *sq, const char *soort, bool *has)
{
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

static bool seed_matrix(sqlite_store *sq)
{
    sl_matrix m;
    sl_matrix_default(&m);
    sqlite3_stmt *s = NULL;
    bool ok = sqlite3_prepare_v2(sq->db, "INSERT INTO matrixregel (versie, stap, fase, groep)"
                                         " VALUES (?1, ?2, ?3, ?4)", -1, &s, NULL) == SQLITE_OK;
    for (int st = 0; ok && st < SL_MATRIX_STAPPEN; st++)
        for (int f = 0; ok && f < SL_MATRIX_FASEN; f++) {
            sqlite3_bind_int(s, 1, m.version);
            sqlite3_bind_text(s, 2, sl_stap_name((sl_stap)st), -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 3, sl_fase_name((sl_fase)f), -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 4, sl_groep_name(m.cell[st][f]), -1, SQLITE_STATIC);
            ok = sqlite3_step(s) == SQLITE_DONE;
            sqlite3_reset(s);
        }
    if (!ok)
        db_fail(sq, "matrix vastleggen mislukt");
    sqlite3_finalize(s);
    if (!ok)
        return false;
    char sql[200];
    snprintf(sql, sizeof sql, "INSERT INTO regelset (soort, versie, actief, omschrijving) VALUES"
             " ('matrix', %d, 1, 'Samenwerkingsmatrix, standaard uit de specificatie')",
             (int)m.version);
    return exec_simple(sq, sql);
}

static bool seed_signal_rules(sqlite_store *sq)
{
    sl_ruleset rs;
    sl_signal_rules_default(&rs);
    sqlite3_stmt *s = NULL;
    bool ok = sqlite3_prepare_v2(sq->db,
                                 "INSERT INTO signaalregel (versie, regel, variant, trigger,"
                                 " conditie, aan, termijn_dagen, parameter_dagen, tekst)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                 -1, &s, NULL) == SQLITE_OK;
    for (size_t i = 0; ok && i < rs.n; i++) {
        const sl_signal_rule *r = &rs.rules[i];
        char aan[128];
        sl_addressees_format(r->aan, aan, sizeof aan);
        sqlite3_bind_int(s, 1, rs.version);
        sqlite3_bind_int(s, 2, r->regel);
        sqlite3_bind_text(s, 3, r->variant, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, sl_trigger_name(r->trigger), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, sl_condition_name(r->conditie), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 6, aan, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(s, 7, r->termijn_dagen);
        sqlite3_bind_int(s, 8, r->parameter_dagen);
        sqlite3_bind_text(s, 9, r->tekst, -1, SQLITE_STATIC);
        ok = sqlite3_step(s) == SQLITE_DONE;
        sqlite3_reset(s);
    }
    if (!ok)
        db_fail(sq, "signaalregels vastleggen mislukt");
    sqlite3_finalize(s);
    if (!ok)
        return false;
    char sql[200];
    snprintf(sql, sizeof sql, "INSERT INTO regelset (soort, versie, actief, omschrijving) VALUES"
             " ('signaal', %d, 1, 'Signaalregels, standaard uit de specificatie')",
             (int)rs.version);
    return exec_simple(sq, sql);
}

bool sq_seed_rules(sqlite_store *sq)
{
    bool has_matrix, has_signals;
    if (!has_ruleset(sq, "matrix", &has_matrix) || !has_ruleset(sq, "signaal", &has_signals))
        return false;
    if (has_matrix && has_signals)
        return true;
    /* look again inside the write lock: another process may have seeded meanwhile */
    if (!exec_simple(sq, "BEGIN IMMEDIATE"))
        return false;
    if (!has_ruleset(sq, "matrix", &has_matrix) || !has_ruleset(sq, "signaal", &has_signals) ||
        (!has_matrix && !seed_matrix(sq)) || (!has_signals && !seed_signal_rules(sq)) ||
        !exec_simple(sq, "COMMIT")) {
        sqlite3_exec(sq->db, "ROLLBACK", NULL, NULL, NULL);
        return false;
    }
    return true;
}
