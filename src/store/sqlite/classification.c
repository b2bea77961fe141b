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
    Q_TALLY_ALL, Q_TALLY_GEMEENTE, Q_CLASS_GET, Q_VERSIES, Q_SET_OFF, Q_SET_ADD, Q_AUTEUR,
    Q_CEL_ADD, Q_COUNT,
};
_Static_assert(Q_COUNT <= SQ_SLOTS, "raise SQ_SLOTS");

static const char *const sql_text[Q_COUNT] = {
    [Q_MATRIX_ACTIVE] =
        "SELECT m.versie, m.stap, m.fase, m.groep FROM matrixregel m"
        " JOIN regelset r ON r.soort = 'matrix' AND r.versie = m.versie"
        " WHERE (?1 = 0 AND r.actief = 1) OR m.versie = ?1",
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
    [Q_VERSIES] = "SELECT r.versie, r.actief, r.omschrijving, coalesce(p.door, ''), r.ingevoerd_op"
                  " FROM regelset r LEFT JOIN regelpublicatie p USING (soort, versie)"
                  " WHERE r.soort = ?1 ORDER BY r.versie DESC",
    [Q_SET_OFF] = "UPDATE regelset SET actief = 0 WHERE soort = ?1 AND actief = 1",
    [Q_SET_ADD] = "INSERT INTO regelset (soort, versie, actief, omschrijving)"
                  " VALUES (?1, ?2, 1, ?3)",
    [Q_AUTEUR] = "INSERT INTO regelpublicatie (soort, versie, door) VALUES (?1, ?2, ?3)",
    [Q_CEL_ADD] = "INSERT INTO matrixregel (versie, stap, fase, groep) VALUES (?1, ?2, ?3, ?4)",
};

static sqlite3_stmt *stmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->stmt[SQ_PART_CLASSIFICATION][q], sql_text[q]);
}

/* Version versie of the matrix, or the active one for 0. */
static bool read_matrix(sl_store *st, int32_t versie, sl_matrix *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_MATRIX_ACTIVE);
    if (!s)
        return false;
    memset(out, 0, sizeof *out);
    sqlite3_bind_int(s, 1, versie);
    int rc;
    bool ok = true;
    *found = false;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_stap stap;
        sl_fase fase;
        const char *g = (const char *)sqlite3_column_text(s, 3);
        *found = true;
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
    done(s);
    if (rc != SQLITE_DONE)
        return db_fail(sq, "matrix lezen mislukt");
    if (*found && (!ok || !sl_matrix_complete(out)))
        return sl_store_fail(st, "de samenwerkingsmatrix (versie %d) is onvolledig",
                             (int)out->version);
    return true;
}

static bool sq_matrix_active(sl_store *st, sl_matrix *out)
{
    bool found;
    if (!read_matrix(st, 0, out, &found))
        return false;
    return found || sl_store_fail(st, "er is geen actieve samenwerkingsmatrix");
}

static bool sq_matrix_versie(sl_store *st, int32_t versie, sl_matrix *out, bool *found)
{
    return versie > 0 ? read_matrix(st, versie, out, found) : (*found = false, true);
}

static bool sq_regelset_versies(sl_store *st, const char *soort, sl_regelset_versie_cb cb,
                                void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_VERSIES);
    if (!s)
        return false;
    sqlite3_bind_text(s, 1, soort, -1, SQLITE_STATIC);
    int r;
    bool ok = true;
    while (ok && (r = step_row(sq, s, "regelversies lezen mislukt")) > 0) {
        sl_regelset_versie v = {.versie = sqlite3_column_int(s, 0),
                                .actief = sqlite3_column_int(s, 1) != 0};
        col_copy(s, 2, v.omschrijving, sizeof v.omschrijving);
        col_copy(s, 3, v.door, sizeof v.door);
        col_copy(s, 4, v.ingevoerd_op, sizeof v.ingevoerd_op);
        ok = cb(ctx, &v);
    }
    done(s);
    return ok && r == 0;
}

/* Steps a write statement once; binds are the caller's. */
static bool write_once(sqlite_store *sq, sqlite3_stmt *s, const char *what)
{
    int r = step_row(sq, s, what);
    done(s);
    return r >= 0;
}

static bool sq_regelset_activeer(sl_store *st, const char *soort, int32_t versie,
                                 const char *omschrijving, const char *door)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *off = stmt(sq, Q_SET_OFF), *add = stmt(sq, Q_SET_ADD), *who = stmt(sq, Q_AUTEUR);
    if (!off || !add || !who)
        return false;
    sqlite3_bind_text(off, 1, soort, -1, SQLITE_STATIC);
    if (!write_once(sq, off, "regels vastleggen mislukt"))
        return false;
    sqlite3_bind_text(add, 1, soort, -1, SQLITE_STATIC);
    sqlite3_bind_int(add, 2, versie);
    sqlite3_bind_text(add, 3, omschrijving, -1, SQLITE_STATIC);
    if (!write_once(sq, add, "regels vastleggen mislukt"))
        return false;
    sqlite3_bind_text(who, 1, soort, -1, SQLITE_STATIC);
    sqlite3_bind_int(who, 2, versie);
    sqlite3_bind_text(who, 3, door, -1, SQLITE_STATIC);
    return write_once(sq, who, "regels vastleggen mislukt");
}

static bool sq_matrix_cellen_put(sl_store *st, const sl_matrix *m)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_CEL_ADD);
    if (!s)
        return false;
    for (int stap = 0; stap < SL_MATRIX_STAPPEN; stap++)
        for (int fase = 0; fase < SL_MATRIX_FASEN; fase++) {
            sqlite3_bind_int(s, 1, m->version);
            sqlite3_bind_text(s, 2, sl_stap_name((sl_stap)stap), -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 3, sl_fase_name((sl_fase)fase), -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 4, sl_groep_name(m->cell[stap][fase]), -1, SQLITE_STATIC);
            if (!write_once(sq, s, "matrix vastleggen mislukt"))
                return false;
        }
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
    .regelset_versies = sq_regelset_versies,
    .regelset_activeer = sq_regelset_activeer,
    .matrix_versie = sq_matrix_versie,
    .matrix_cellen_put = sq_matrix_cellen_put,
};
