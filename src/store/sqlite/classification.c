/*
 * classification.c - the SQLite backend of the classification family
 * (store/classification_store.h): the active matrix, the stored classification
 * of each NCG address and their tallies.
 */
#include <string.h>

#include "core/alloc.h"
#include "store/sqlite/sqlite_int.h"

/* The statements of this file, prepared lazily into its slots of the handle. */
enum {
    Q_MATRIX_ACTIVE, Q_PAIRS, Q_CLASS_SCAN, Q_CLASS_INSERT, Q_CLASS_UPDATE, Q_CLASS_DELETE,
    Q_TALLY_ALL, Q_TALLY_GEMEENTE, Q_CLASS_GET, Q_COUNT,
};
_Static_assert(Q_COUNT <= SQ_SLOTS, "raise SQ_SLOTS");

static const char *const sql_text[Q_COUNT] = {
    [Q_MATRIX_ACTIVE] =
        "SELECT m.versie, m.stap, m.fase, m.groep FROM matrixregel m"
        " JOIN regelset r ON r.soort = 'matrix' AND r.actief = 1 AND r.versie = m.versie",
    [Q_PAIRS] =
        "SELECT t.nummeraanduiding_id, t.stap, s.fase FROM traject t"
        " LEFT JOIN schade s ON s.nummeraanduiding_id = t.nummeraanduiding_id AND s.afwezig = 0"
        " WHERE t.afwezig = 0 ORDER BY t.nummeraanduiding_id",
    [Q_CLASS_SCAN] = "SELECT nummeraanduiding_id, stap, fase, potentieel, groep, matrixversie"
                     " FROM classificatie",
    /* Not INSERT OR REPLACE: a REPLACE deletes the row and its index entry and
     * inserts both again under a statement journal; an update in place does less. */
    [Q_CLASS_INSERT] =
        "INSERT INTO classificatie (nummeraanduiding_id, stap, fase, potentieel,"
        " groep, matrixversie) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_CLASS_UPDATE] =
        "UPDATE classificatie SET stap = ?2, fase = ?3, potentieel = ?4, groep = ?5,"
        " matrixversie = ?6, berekend_op = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
        " WHERE nummeraanduiding_id = ?1",
    [Q_CLASS_DELETE] = "DELETE FROM classificatie WHERE nummeraanduiding_id = ?1",
    [Q_TALLY_ALL] = "SELECT stap, fase, potentieel, groep, matrixversie, count(*)"
                    " FROM classificatie GROUP BY 1, 2, 3, 4, 5",
    [Q_TALLY_GEMEENTE] =
        "SELECT c.stap, c.fase, c.potentieel, c.groep, c.matrixversie, count(*)"
        " FROM classificatie c JOIN adres a USING (nummeraanduiding_id)"
        " WHERE a.gemeentecode = ?1 GROUP BY 1, 2, 3, 4, 5",
    [Q_CLASS_GET] = "SELECT stap, fase, potentieel, groep, matrixversie FROM classificatie"
                    " WHERE nummeraanduiding_id = ?1",
};

static sqlite3_stmt *stmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->stmt[SQ_PART_CLASSIFICATION][q], sql_text[q]);
}

static bool sq_matrix_active(sl_store *st, sl_matrix *out)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_MATRIX_ACTIVE);
    if (!s)
        return false;
    memset(out, 0, sizeof *out);
    int rc;
    bool ok = true;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_stap stap;
        sl_fase fase;
        const char *g = (const char *)sqlite3_column_text(s, 3);
        out->version = sqlite3_column_int(s, 0);
        if (!sl_stap_parse((const char *)sqlite3_column_text(s, 1),
                           (size_t)sqlite3_column_bytes(s, 1), &stap) ||
            !sl_fase_parse((const char *)sqlite3_column_text(s, 2),
                           (size_t)sqlite3_column_bytes(s, 2), &fase) ||
            stap >= SL_MATRIX_STAPPEN || fase >= SL_MATRIX_FASEN || !g || g[0] < 'A' ||
            g[0] > 'F' || g[1]) {
            ok = false;
            continue;
        }
        out->cell[stap][fase] = (sl_groep)(SL_GROEP_A + (g[0] - 'A'));
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return db_fail(sq, "matrix lezen mislukt");
    if (!ok || !sl_matrix_complete(out))
        return sl_store_fail(st, "de actieve samenwerkingsmatrix (versie %d) is onvolledig",
                             (int)out->version);
    return true;
}

static bool sq_scan_trajectory_claims(sl_store *st, sl_pair_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_PAIRS);
    if (!s)
        return false;
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_stap stap;
        sl_fase fase = SL_FASE_COUNT;
        if (!sl_stap_parse((const char *)sqlite3_column_text(s, 1),
                           (size_t)sqlite3_column_bytes(s, 1), &stap)) {
            ok = sl_store_fail(st, "onbekende stap in register");
            break;
        }
        bool has_claim = sqlite3_column_type(s, 2) != SQLITE_NULL;
        if (has_claim && !sl_fase_parse((const char *)sqlite3_column_text(s, 2),
                                        (size_t)sqlite3_column_bytes(s, 2), &fase)) {
            ok = sl_store_fail(st, "onbekende fase in register");
            break;
        }
        ok = cb(ctx, sqlite3_column_int64(s, 0), stap, has_claim, fase);
    }
    sqlite3_reset(s);
    if (!ok)
        return false;
    if (rc != SQLITE_DONE)
        return db_fail(sq, "trajecten en schades lezen mislukt");
    return true;
}

/* Reads columns (stap, fase, potentieel, groep, matrixversie) starting at `col`. */
static bool read_class(sqlite3_stmt *s, int col, sl_stored_class *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->fase = SL_FASE_COUNT;
    if (!sl_stap_parse((const char *)sqlite3_column_text(s, col),
                       (size_t)sqlite3_column_bytes(s, col), &sc->stap))
        return false;
    if (sqlite3_column_type(s, col + 1) != SQLITE_NULL &&
        !sl_fase_parse((const char *)sqlite3_column_text(s, col + 1),
                       (size_t)sqlite3_column_bytes(s, col + 1), &sc->fase))
        return false;
    const char *pot = (const char *)sqlite3_column_text(s, col + 2);
    bool found = false;
    for (int p = 0; pot && p < SL_POT_COUNT; p++)
        if (strcmp(pot, sl_potentieel_name((sl_potentieel)p)) == 0) {
            sc->c.potentieel = (sl_potentieel)p;
            found = true;
        }
    if (!found)
        return false;
    const char *g = (const char *)sqlite3_column_text(s, col + 3);
    sc->c.groep = g && g[0] >= 'A' && g[0] <= 'F' ? (sl_groep)(SL_GROEP_A + (g[0] - 'A'))
                                                  : SL_GROEP_NONE;
    sc->c.matrix_version = sqlite3_column_int(s, col + 4);
    return true;
}

static bool sq_scan_classifications(sl_store *st, sl_class_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_CLASS_SCAN);
    if (!s)
        return false;
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_stored_class sc;
        if (!read_class(s, 1, &sc)) {
            ok = sl_store_fail(st, "onleesbare classificatie in register");
            break;
        }
        sc.address_id = sqlite3_column_int64(s, 0);
        ok = cb(ctx, &sc);
    }
    sqlite3_reset(s);
    if (!ok)
        return false;
    if (rc != SQLITE_DONE)
        return db_fail(sq, "classificaties lezen mislukt");
    return true;
}

static bool classification_write(sqlite_store *sq, int q, const sl_stored_class *sc)
{
    sqlite3_stmt *s = stmt(sq, q);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, sc->address_id);
    bind_text(s, 2, sl_stap_name(sc->stap));
    if (sc->fase < SL_FASE_COUNT && sl_fase_open(sc->fase))
        bind_text(s, 3, sl_fase_name(sc->fase));
    bind_text(s, 4, sl_potentieel_name(sc->c.potentieel));
    bind_text_or_null(s, 5, sl_groep_name(sc->c.groep));
    sqlite3_bind_int(s, 6, sc->c.matrix_version);
    return run(sq, s, "classificatie opslaan mislukt");
}

/* An update, or an insert when the address has no classification yet. */
static bool sq_classification_put(sl_store *st, const sl_stored_class *sc)
{
    sqlite_store *sq = SQ(st);
    if (!classification_write(sq, Q_CLASS_UPDATE, sc))
        return false;
    return sqlite3_changes(sq->db) > 0 || classification_write(sq, Q_CLASS_INSERT, sc);
}

static bool sq_classification_delete(sl_store *st, int64_t address_id)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_CLASS_DELETE);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    return run(sq, s, "classificatie verwijderen mislukt");
}

static bool sq_tally(sl_store *st, const char *gemeentecode, sl_tally *out)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, gemeentecode ? Q_TALLY_GEMEENTE : Q_TALLY_ALL);
    if (!s)
        return false;
    if (gemeentecode)
        bind_text(s, 1, gemeentecode);
    memset(out, 0, sizeof *out);
    int rc;
    bool ok = true;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_stored_class sc;
        if (!read_class(s, 0, &sc)) {
            ok = false;
            continue;
        }
        sl_tally_add(out, sc.stap, sc.fase, &sc.c, sqlite3_column_int64(s, 5));
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE)
        return db_fail(sq, "classificaties tellen mislukt");
    if (!ok)
        return sl_store_fail(st, "onleesbare classificatie in register");
    return true;
}

static bool sq_classification_get(sl_store *st, int64_t address_id, sl_stored_class *out,
                                  bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_CLASS_GET);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    int r = step_row(sq, s, "classificatie lezen mislukt");
    bool ok = r >= 0;
    *found = r > 0;
    if (r > 0 && !read_class(s, 0, out))
        ok = sl_store_fail(st, "onleesbare classificatie in register");
    if (r > 0)
        out->address_id = address_id;
    done(s);
    return ok;
}

const sl_classification_ops sq_classification_ops = {
    .matrix_active = sq_matrix_active,
    .scan_trajectory_claims = sq_scan_trajectory_claims,
    .scan_classifications = sq_scan_classifications,
    .classification_put = sq_classification_put,
    .classification_delete = sq_classification_delete,
    .tally = sq_tally,
    .classification_get = sq_classification_get,
};
