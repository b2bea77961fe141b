/*
 * sqlite_leveringen.c - who delivered, and held deliveries with what they
 * would mark absent (store.h, docs/decisions.md 91). These run a few times
 * per delivery, not per row: statements are prepared per call.
 */
#include "store/sqlite_int.h"

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

bool sq_delivery_set_door(sl_store *st, int64_t id, const char *door)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = prepare(sq, "UPDATE levering SET geleverd_door = ?2 WHERE id = ?1");
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    bind_text(s, 2, door);
    return run_once(sq, s, "leverancier vastleggen mislukt");
}

bool sq_delivery_hold(sl_store *st, int64_t id, int64_t wordt_afwezig, int64_t huidig)
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

bool sq_delivery_absent_add(sl_store *st, int64_t id, const char *sleutel)
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

bool sq_delivery_settle(sl_store *st, int64_t id, sl_delivery_state to, const char *door,
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

bool sq_delivery_absent_of(sl_store *st, int64_t id, sl_key_cb cb, void *ctx)
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
