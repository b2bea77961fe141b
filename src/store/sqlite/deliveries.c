/*
 * deliveries.c - the SQLite backend of deliveries (store/deliveries_store.h):
 * each file read with its counts and rejected rows, who delivered it, and
 * held deliveries with what they would mark absent (docs/decisions.md 91).
 */
#include <string.h>

#include "store/sqlite/sqlite_int.h"

/* The statements of this file, prepared lazily into its slots of the handle. */
enum {
    Q_DELIVERY_ADD, Q_DELIVERY_FINISH, Q_REJECT_ADD, Q_REJECT_ROW_ADD, Q_DELIVERIES, Q_DELIVERY_GET, Q_REJECTS_OF,
    Q_COUNT,
};
_Static_assert(Q_COUNT <= SQ_SLOTS, "raise SQ_SLOTS");

#define DELIVERY_COLUMNS                                                                    \
    "id, bestand, soort, gestart_op, rijen, geimporteerd, afgewezen, afwezig, nieuw,"          \
    " gewijzigd, ongewijzigd, status, geleverd_door, afgehandeld_door, toegepast_in,"        \
    " wordt_afwezig, huidig"

static const char *const sql_text[Q_COUNT] = {
    [Q_DELIVERY_ADD] = "INSERT INTO levering (bestand, soort) VALUES (?1, ?2)",
    [Q_DELIVERY_FINISH] =
        "UPDATE levering SET rijen = ?2, geimporteerd = ?3, afgewezen = ?4, afwezig = ?5, "
        "nieuw = ?6, gewijzigd = ?7, ongewijzigd = ?8, sha256 = ?9 WHERE id = ?1",
    [Q_REJECT_ADD] =
        "INSERT INTO afwijzing (levering_id, regel, kolom, reden) VALUES (?1, ?2, ?3, ?4)",
    [Q_REJECT_ROW_ADD] = "INSERT INTO afwijzing_rij (afwijzing_id, rij) VALUES (?1, ?2)",
    [Q_DELIVERIES] = "SELECT " DELIVERY_COLUMNS " FROM levering ORDER BY id DESC",
    [Q_DELIVERY_GET] = "SELECT " DELIVERY_COLUMNS " FROM levering WHERE id = ?1",
    [Q_REJECTS_OF] = "SELECT a.regel, a.kolom, a.reden, coalesce(r.rij, '') FROM afwijzing a"
                     " LEFT JOIN afwijzing_rij r ON r.afwijzing_id = a.id"
                     " WHERE a.levering_id = ?1 ORDER BY a.regel, a.id",
};

static sqlite3_stmt *stmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->stmt[SQ_PART_DELIVERIES][q], sql_text[q]);
}

/* ---- the file, its counts and rejected rows ---------------------------------- */

static bool sq_delivery_add(sl_store *st, const char *file, sl_kind kind, int64_t *id)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_DELIVERY_ADD);
    if (!s)
        return false;
    bind_text(s, 1, file);
    bind_text(s, 2, sl_kind_name(kind));
    if (!run(sq, s, "levering vastleggen mislukt"))
        return false;
    *id = sqlite3_last_insert_rowid(sq->db);
    return true;
}

static bool sq_delivery_finish(sl_store *st, int64_t id, const sl_delivery_counts *c,
                               const char *sha256_hex)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_DELIVERY_FINISH);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, c->rows);
    sqlite3_bind_int64(s, 3, c->imported);
    sqlite3_bind_int64(s, 4, c->rejected);
    sqlite3_bind_int64(s, 5, c->absent);
    sqlite3_bind_int64(s, 6, c->nieuw);
    sqlite3_bind_int64(s, 7, c->gewijzigd);
    sqlite3_bind_int64(s, 8, c->ongewijzigd);
    bind_text(s, 9, sha256_hex);
    return run(sq, s, "levering afronden mislukt");
}

static bool sq_reject_add(sl_store *st, int64_t delivery_id, int64_t line, const char *column,
                          const char *reason, const char *row)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_REJECT_ADD);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, delivery_id);
    sqlite3_bind_int64(s, 2, line);
    bind_text(s, 3, column);
    bind_text(s, 4, reason);
    if (!run(sq, s, "afgewezen rij vastleggen mislukt"))
        return false;
    if (!row || !*row)
        return true;
    sqlite3_stmt *r = stmt(sq, Q_REJECT_ROW_ADD);
    if (!r)
        return false;
    sqlite3_bind_int64(r, 1, sqlite3_last_insert_rowid(sq->db));
    bind_text(r, 2, row);
    return run(sq, r, "oorspronkelijke rij vastleggen mislukt");
}

static void read_delivery(sqlite3_stmt *s, sl_delivery_row *d)
{
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(s, 0);
    col_copy(s, 1, d->bestand, sizeof d->bestand);
    const char *k = (const char *)sqlite3_column_text(s, 2);
    d->kind = !k ? SL_KIND_UNKNOWN : strcmp(k, "bag_adressen") == 0 ? SL_KIND_BAG
              : strcmp(k, "ncg_trajecten") == 0 ? SL_KIND_NCG : SL_KIND_IMG;
    col_copy(s, 3, d->gestart_op, sizeof d->gestart_op);
    d->counts.rows = sqlite3_column_int64(s, 4);
    d->counts.imported = sqlite3_column_int64(s, 5);
    d->counts.rejected = sqlite3_column_int64(s, 6);
    d->counts.absent = sqlite3_column_int64(s, 7);
    d->counts.nieuw = sqlite3_column_int64(s, 8);
    d->counts.gewijzigd = sqlite3_column_int64(s, 9);
    d->counts.ongewijzigd = sqlite3_column_int64(s, 10);
    const char *st = (const char *)sqlite3_column_text(s, 11);
    d->status = !st ? SL_DELIVERY_VERWERKT
                : strcmp(st, "aangehouden") == 0 ? SL_DELIVERY_AANGEHOUDEN
                : strcmp(st, "bevestigd") == 0   ? SL_DELIVERY_BEVESTIGD
                : strcmp(st, "ingetrokken") == 0 ? SL_DELIVERY_INGETROKKEN
                                                 : SL_DELIVERY_VERWERKT;
    col_copy(s, 12, d->geleverd_door, sizeof d->geleverd_door);
    col_copy(s, 13, d->afgehandeld_door, sizeof d->afgehandeld_door);
    d->toegepast_in = sqlite3_column_int64(s, 14);
    d->wordt_afwezig = sqlite3_column_int64(s, 15);
    d->huidig = sqlite3_column_int64(s, 16);
}

static bool sq_deliveries_scan(sl_store *st, sl_delivery_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_DELIVERIES);
    if (!s)
        return false;
    int r;
    bool ok = true;
    while (ok && (r = step_row(sq, s, "leveringen lezen mislukt")) > 0) {
        sl_delivery_row d;
        read_delivery(s, &d);
        ok = cb(ctx, &d);
    }
    done(s);
    return ok && r == 0;
}

static bool sq_delivery_get(sl_store *st, int64_t id, sl_delivery_row *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_DELIVERY_GET);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    int r = step_row(sq, s, "levering lezen mislukt");
    *found = r > 0;
    if (r > 0)
        read_delivery(s, out);
    done(s);
    return r >= 0;
}

static bool sq_rejects_of(sl_store *st, int64_t delivery_id, sl_reject_cb2 cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_REJECTS_OF);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, delivery_id);
    int r;
    bool ok = true;
    while (ok && (r = step_row(sq, s, "afwijzingen lezen mislukt")) > 0)
        ok = cb(ctx, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
                (const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3));
    done(s);
    return ok && r == 0;
}

/* ---- who delivered, held deliveries: a few times per delivery, not per row,
 * so these statements are prepared per call ------------------------------- */

/* Prepares sql, or fails with the message on the handle. */
static sqlite3_stmt *prepare(sqlite_store *sq, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(sq->db, sql, -1, &s, NULL) != SQLITE_OK) {
        db_fail(sq, "SQL voorbereiden mislukt");
        sqlite3_finalize(s);
        return NULL;
    }
    return s;
}

/* Runs a statement without rows and finalizes it. */
static bool run_once(sqlite_store *sq, sqlite3_stmt *s, const char *what)
{
    bool ok = sqlite3_step(s) == SQLITE_DONE;
    if (!ok)
        db_fail(sq, what);
    sqlite3_finalize(s);
    return ok;
}

static bool sq_delivery_set_door(sl_store *st, int64_t id, const char *door)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = prepare(sq, "UPDATE levering SET geleverd_door = ?2 WHERE id = ?1");
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    bind_text(s, 2, door);
    return run_once(sq, s, "leverancier vastleggen mislukt");
}

static bool sq_delivery_hold(sl_store *st, int64_t id, int64_t wordt_afwezig, int64_t huidig)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = prepare(sq, "UPDATE levering SET status = 'aangehouden', afwezig = 0,"
                                  " wordt_afwezig = ?2, huidig = ?3 WHERE id = ?1");
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, wordt_afwezig);
    sqlite3_bind_int64(s, 3, huidig);
    return run_once(sq, s, "levering aanhouden mislukt");
}

static bool sq_delivery_absent_add(sl_store *st, int64_t id, const char *sleutel)
{
    sqlite_store *sq = SQ(st);
    /* persistent: a held snapshot may list a whole register */
    static const char sql[] = "INSERT OR IGNORE INTO levering_afwezig (levering_id, sleutel)"
                              " VALUES (?1, ?2)";
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v3(sq->db, sql, -1, 0, &s, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return db_fail(sq, "SQL voorbereiden mislukt");
    }
    sqlite3_bind_int64(s, 1, id);
    bind_text(s, 2, sleutel);
    return run_once(sq, s, "afwezige vastleggen mislukt");
}

static bool sq_delivery_settle(sl_store *st, int64_t id, sl_delivery_state to, const char *door,
                               int64_t toegepast_in, bool *settled)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = prepare(sq, "UPDATE levering SET status = ?2, afgehandeld_door = ?3,"
                                  " toegepast_in = ?4 WHERE id = ?1 AND status = 'aangehouden'");
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    bind_text(s, 2, sl_delivery_state_name(to));
    bind_text(s, 3, door);
    bind_id_or_null(s, 4, toegepast_in);
    if (!run_once(sq, s, "levering afhandelen mislukt"))
        return false;
    *settled = sqlite3_changes(sq->db) == 1;
    return true;
}

static bool sq_delivery_absent_of(sl_store *st, int64_t id, sl_key_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    /* held: the list kept with it; applied: the absent markings in the history */
    sqlite3_stmt *s = prepare(sq, "SELECT sleutel FROM levering_afwezig WHERE levering_id = ?1"
                                  " UNION ALL SELECT sleutel FROM statushistorie"
                                  " WHERE levering_id = ?1 AND veld = 'afwezig' AND naar = 'ja'"
                                  " ORDER BY 1");
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW)
        ok = cb(ctx, (const char *)sqlite3_column_text(s, 0));
    if (ok && rc != SQLITE_DONE)
        ok = db_fail(sq, "afwezigen lezen mislukt");
    sqlite3_finalize(s);
    return ok;
}

const sl_deliveries_ops sq_deliveries_ops = {
    .delivery_add = sq_delivery_add,
    .delivery_finish = sq_delivery_finish,
    .reject_add = sq_reject_add,
    .deliveries_scan = sq_deliveries_scan,
    .delivery_get = sq_delivery_get,
    .rejects_of = sq_rejects_of,
    .delivery_set_door = sq_delivery_set_door,
    .delivery_hold = sq_delivery_hold,
    .delivery_absent_add = sq_delivery_absent_add,
    .delivery_settle = sq_delivery_settle,
    .delivery_absent_of = sq_delivery_absent_of,
};
