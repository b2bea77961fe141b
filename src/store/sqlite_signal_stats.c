/*
 * sqlite_signal_stats.c - the SQLite backend's reads for the figures: the
 * weekly signal figures (sl_store_signal_day_counts), signals raised and
 * handled per UTC day and rule, and the municipalities the figures cover
 * (sl_store_gemeentecodes). Both halves read a range of an index of migration 0008
 * (signaal_aangemaakt, signaal_afgehandeld); the municipality comes from the
 * address's primary key. A dashboard asks this rarely, so the statement is
 * prepared per call and finalised, with no slot in the shared handle.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

/* CROSS JOIN keeps signaal the outer loop: without statistics SQLite would
 * otherwise start from every address of the municipality (adres_gemeente).
 * ?1 first day, ?2 the day after the last (both 'YYYY-MM-DD': the stored
 * 'YYYY-MM-DDTHH:MM:SSZ' sorts between them as text), ?3 gemeentecode. */
#define HANDLED "coalesce(s.afgerond_op, s.afgewezen_op)"
#define DAY_COUNTS(JOIN, WHERE)                                                              \
    "SELECT dag, regel, sum(aangemaakt), sum(afgehandeld) FROM ("                            \
    " SELECT substr(s.aangemaakt_op, 1, 10) AS dag, s.regel AS regel, 1 AS aangemaakt,"      \
    "  0 AS afgehandeld FROM signaal s" JOIN                                                 \
    "  WHERE s.aangemaakt_op >= ?1 AND s.aangemaakt_op < ?2" WHERE                           \
    " UNION ALL"                                                                             \
    " SELECT substr(" HANDLED ", 1, 10), s.regel, 0, 1 FROM signaal s" JOIN                  \
    "  WHERE " HANDLED " >= ?1 AND " HANDLED " < ?2" WHERE                                   \
    ") GROUP BY dag, regel ORDER BY dag, regel"

static const char *const sql_all = DAY_COUNTS("", "");
static const char *const sql_gemeente =
    DAY_COUNTS(" CROSS JOIN adres a ON a.nummeraanduiding_id = s.nummeraanduiding_id",
               " AND a.gemeentecode = ?3");

bool sq_signal_day_counts(sl_store *st, sl_date van, sl_date tot_en_met,
                          const char *gemeentecode, sl_signal_day_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    if (van == SL_DATE_NONE || tot_en_met == SL_DATE_NONE || tot_en_met < van)
        return sl_store_fail(st, "ongeldige periode voor de signaalcijfers");
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(sq->db, gemeentecode ? sql_gemeente : sql_all, -1, &s, NULL) !=
        SQLITE_OK) {
        sqlite3_finalize(s);
        return db_fail(sq, "signaalcijfers voorbereiden mislukt");
    }
    char from[11], until[11];
    sl_date_format(van, from);
    sl_date_format(tot_en_met + 1, until);
    sqlite3_bind_text(s, 1, from, 10, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, until, 10, SQLITE_STATIC);
    if (gemeentecode)
        sqlite3_bind_text(s, 3, gemeentecode, -1, SQLITE_STATIC);
    int rc = SQLITE_DONE;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *dag = (const char *)sqlite3_column_text(s, 0);
        sl_date d;
        const char *why = NULL;
        if (!dag || !sl_date_parse(dag, (size_t)sqlite3_column_bytes(s, 0), &d, &why)) {
            ok = sl_store_fail(st, "signaal met onleesbaar tijdstip: %s", dag ? dag : "(leeg)");
            break;
        }
        ok = cb(ctx, d, (int32_t)sqlite3_column_int(s, 1), sqlite3_column_int64(s, 2),
                sqlite3_column_int64(s, 3));
    }
    if (ok && rc != SQLITE_DONE)
        ok = db_fail(sq, "signaalcijfers lezen mislukt");
    sqlite3_finalize(s);
    return ok;
}

/* The municipalities of the figures: a walk of the adres_gemeente index. */
bool sq_gemeentecodes(sl_store *st, sl_gemeentecode_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(sq->db, "SELECT DISTINCT gemeentecode FROM adres ORDER BY 1", -1, &s,
                           NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return db_fail(sq, "gemeentecodes voorbereiden mislukt");
    }
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(s, 0);
        ok = cb(ctx, code ? code : "");
    }
    if (ok && rc != SQLITE_DONE)
        ok = db_fail(sq, "gemeentecodes lezen mislukt");
    sqlite3_finalize(s);
    return ok;
}
