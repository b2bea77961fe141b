/*
 * dossiers.c - the SQLite backend of combination dossiers
 * (store/dossiers_store.h): the facts the signal rules see of one address,
 * the dossier row and its elements.
 */
#include <string.h>

#include "store/sqlite/sqlite_int.h"

/* The statements of this file, prepared lazily into its slots of the handle. */
enum {
    Q_FACTS_TRAJ, Q_FACTS_CLAIMS, Q_FACTS_LEAD, Q_FACTS_CLASS, Q_FACTS_DECLINED, Q_DOSSIER_GET,
    Q_DOSSIER_INSERT, Q_DOSSIER_UPDATE, Q_DOSSIER_BASELINE, Q_ELEMENT_PUT, Q_ELEMENTS_OF,
    Q_COUNT,
};
_Static_assert(Q_COUNT <= SQ_SLOTS, "raise SQ_SLOTS");

static const char *const sql_text[Q_COUNT] = {
    [Q_FACTS_TRAJ] = "SELECT stap, bijzondere_situatie, stap_sinds, bewonersbegeleider"
                     " FROM traject WHERE nummeraanduiding_id = ?1 AND afwezig = 0",
    [Q_FACTS_CLAIMS] =
        "SELECT count(*), coalesce(sum(fase <> 'afgehandeld'), 0),"
        " coalesce(sum(fase <> 'afgehandeld' AND urgent = 1), 0),"
        " coalesce(sum(aos = 1 AND aos_gegrond = 1), 0), max(fase_sinds)"
        " FROM schade WHERE nummeraanduiding_id = ?1 AND afwezig = 0",
    [Q_FACTS_LEAD] = "SELECT zaakbegeleider FROM schade WHERE nummeraanduiding_id = ?1"
                     " AND afwezig = 0 ORDER BY fase <> 'afgehandeld' DESC,"
                     " coalesce(fase_sinds, '') DESC, id DESC LIMIT 1",
    [Q_FACTS_CLASS] = "SELECT potentieel, groep FROM classificatie WHERE nummeraanduiding_id = ?1",
    [Q_FACTS_DECLINED] = "SELECT 1 FROM dossierelement WHERE nummeraanduiding_id = ?1"
                         " AND element = 'totaalopname' AND status = 'afgewezen'",
    [Q_DOSSIER_GET] = "SELECT zaakbegeleider, bewonersbegeleider, coordinator, samenwerking,"
                      " actueel, versie, aangemaakt_op, gewijzigd_op, coordinator_id"
                      " FROM combinatiedossier"
                      " WHERE nummeraanduiding_id = ?1",
    [Q_DOSSIER_INSERT] = "INSERT INTO combinatiedossier (nummeraanduiding_id, zaakbegeleider,"
                         " bewonersbegeleider, coordinator, samenwerking, actueel,"
                         " coordinator_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [Q_DOSSIER_UPDATE] =
        "UPDATE combinatiedossier SET zaakbegeleider = ?2, bewonersbegeleider = ?3,"
        " coordinator = ?4, samenwerking = ?5, actueel = ?6, coordinator_id = ?7,"
        " versie = versie + 1,"
        " gewijzigd_op = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE nummeraanduiding_id = ?1",
    [Q_DOSSIER_BASELINE] =
        "INSERT INTO combinatiedossier (nummeraanduiding_id, zaakbegeleider, bewonersbegeleider)"
        " SELECT c.nummeraanduiding_id,"
        "  coalesce((SELECT s.zaakbegeleider FROM schade s WHERE s.nummeraanduiding_id ="
        "   c.nummeraanduiding_id AND s.afwezig = 0 ORDER BY s.fase <> 'afgehandeld' DESC,"
        "   coalesce(s.fase_sinds, '') DESC, s.id DESC LIMIT 1), ''),"
        "  coalesce((SELECT t.bewonersbegeleider FROM traject t WHERE t.nummeraanduiding_id ="
        "   c.nummeraanduiding_id AND t.afwezig = 0), '')"
        " FROM classificatie c WHERE c.potentieel <> 'geen_schademelding'"
        " ON CONFLICT (nummeraanduiding_id) DO UPDATE SET"
        "  zaakbegeleider = excluded.zaakbegeleider,"
        "  bewonersbegeleider = excluded.bewonersbegeleider, actueel = 1",
    [Q_ELEMENT_PUT] =
        "INSERT INTO dossierelement (nummeraanduiding_id, element, status, gevraagd_op,"
        " geregeld_op, afgewezen_op, door) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        " ON CONFLICT (nummeraanduiding_id, element) DO UPDATE SET status = excluded.status,"
        " gevraagd_op = coalesce(excluded.gevraagd_op, gevraagd_op),"
        " geregeld_op = coalesce(excluded.geregeld_op, geregeld_op),"
        " afgewezen_op = coalesce(excluded.afgewezen_op, afgewezen_op), door = excluded.door,"
        " gewijzigd_op = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
    [Q_ELEMENTS_OF] = "SELECT element, status, gevraagd_op, geregeld_op, afgewezen_op, door"
                      " FROM dossierelement WHERE nummeraanduiding_id = ?1 ORDER BY element",
};

static sqlite3_stmt *stmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->stmt[SQ_PART_DOSSIERS][q], sql_text[q]);
}

static bool sq_dossier_facts(sl_store *st, int64_t address_id, sl_dossier_facts *out)
{
    sqlite_store *sq = SQ(st);
    memset(out, 0, sizeof *out);
    out->last_change = SL_DATE_NONE;
    out->view.bijzondere_situatie = SL_FLAG_UNKNOWN;
    sqlite3_stmt *s = stmt(sq, Q_FACTS_TRAJ);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    int r = step_row(sq, s, "dossier lezen mislukt");
    if (r > 0) {
        sl_stap stap;
        if (sl_stap_parse((const char *)sqlite3_column_text(s, 0),
                          (size_t)sqlite3_column_bytes(s, 0), &stap)) {
            out->view.has_trajectory = true;
            out->view.stap = stap;
        }
        out->view.bijzondere_situatie = col_flag(s, 1);
        out->last_change = col_date(s, 2);
        col_copy(s, 3, out->bewonersbegeleider, sizeof out->bewonersbegeleider);
    }
    done(s);
    if (r < 0 || !(s = stmt(sq, Q_FACTS_CLAIMS)))
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    r = step_row(sq, s, "dossier lezen mislukt");
    if (r > 0) {
        out->view.claims_total = sqlite3_column_int(s, 0);
        out->view.claims_open = sqlite3_column_int(s, 1);
        out->view.claims_open_urgent = sqlite3_column_int(s, 2);
        out->view.claims_aos_gegrond = sqlite3_column_int(s, 3);
        sl_date last_claim = col_date(s, 4);
        if (last_claim != SL_DATE_NONE &&
            (out->last_change == SL_DATE_NONE || last_claim > out->last_change))
            out->last_change = last_claim;
    }
    done(s);
    if (r < 0 || !(s = stmt(sq, Q_FACTS_LEAD)))
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    r = step_row(sq, s, "dossier lezen mislukt");
    if (r > 0)
        col_copy(s, 0, out->zaakbegeleider, sizeof out->zaakbegeleider);
    done(s);
    if (r < 0 || !(s = stmt(sq, Q_FACTS_CLASS)))
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    r = step_row(sq, s, "dossier lezen mislukt");
    if (r > 0) {
        const char *pot = (const char *)sqlite3_column_text(s, 0);
        for (int p = 0; pot && p < SL_POT_COUNT; p++)
            if (strcmp(pot, sl_potentieel_name((sl_potentieel)p)) == 0)
                out->view.potentieel = (sl_potentieel)p;
        const char *g = (const char *)sqlite3_column_text(s, 1);
        out->view.groep = g && g[0] >= 'A' && g[0] <= 'F' ? (sl_groep)(SL_GROEP_A + (g[0] - 'A'))
                                                          : SL_GROEP_NONE;
    }
    done(s);
    if (r < 0 || !(s = stmt(sq, Q_FACTS_DECLINED)))
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    r = step_row(sq, s, "dossier lezen mislukt");
    out->view.opname_geweigerd = r > 0;
    done(s);
    return r >= 0;
}

static bool sq_dossier_get(sl_store *st, int64_t address_id, sl_dossier_row *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_DOSSIER_GET);
    if (!s)
        return false;
    memset(out, 0, sizeof *out);
    sqlite3_bind_int64(s, 1, address_id);
    int r = step_row(sq, s, "combinatiedossier lezen mislukt");
    *found = r > 0;
    if (r > 0) {
        out->address_id = address_id;
        col_copy(s, 0, out->zaakbegeleider, sizeof out->zaakbegeleider);
        col_copy(s, 1, out->bewonersbegeleider, sizeof out->bewonersbegeleider);
        col_copy(s, 2, out->coordinator, sizeof out->coordinator);
        col_copy(s, 3, out->samenwerking, sizeof out->samenwerking);
        out->actueel = sqlite3_column_int(s, 4) != 0;
        out->versie = sqlite3_column_int64(s, 5);
        col_copy(s, 6, out->aangemaakt_op, sizeof out->aangemaakt_op);
        col_copy(s, 7, out->gewijzigd_op, sizeof out->gewijzigd_op);
        out->coordinator_id = sqlite3_column_int64(s, 8);
    }
    done(s);
    return r >= 0;
}

static bool sq_dossier_put(sl_store *st, const sl_dossier_row *row)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_DOSSIER_UPDATE);
    if (!s)
        return false;
    for (int pass = 0; pass < 2; pass++) {
        sqlite3_bind_int64(s, 1, row->address_id);
        bind_text(s, 2, row->zaakbegeleider);
        bind_text(s, 3, row->bewonersbegeleider);
        bind_text(s, 4, row->coordinator);
        bind_text(s, 5, row->samenwerking[0] ? row->samenwerking : "geen");
        sqlite3_bind_int(s, 6, row->actueel);
        if (row->coordinator_id > 0)
            sqlite3_bind_int64(s, 7, row->coordinator_id);
        else
            sqlite3_bind_null(s, 7);
        if (!run(sq, s, "combinatiedossier opslaan mislukt"))
            return false;
        if (sqlite3_changes(sq->db) > 0 || pass == 1)
            return true;
        if (!(s = stmt(sq, Q_DOSSIER_INSERT)))
            return false;
    }
    return true;
}

static bool sq_dossiers_baseline(sl_store *st)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_DOSSIER_BASELINE);
    return s && run(sq, s, "combinatiedossiers aanmaken mislukt");
}

static bool sq_element_put(sl_store *st, int64_t address_id, const sl_element_row *e)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_ELEMENT_PUT);
    if (!s)
        return false;
    char d1[11], d2[11], d3[11];
    sqlite3_bind_int64(s, 1, address_id);
    bind_text(s, 2, sl_element_name(e->element));
    bind_text(s, 3, sl_element_status_name(e->status));
    bind_date(s, 4, e->gevraagd_op, d1);
    bind_date(s, 5, e->geregeld_op, d2);
    bind_date(s, 6, e->afgewezen_op, d3);
    bind_text(s, 7, e->door);
    return run(sq, s, "element opslaan mislukt");
}

static bool sq_elements_of(sl_store *st, int64_t address_id, sl_element_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_ELEMENTS_OF);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    int r;
    bool ok = true;
    while (ok && (r = step_row(sq, s, "elementen lezen mislukt")) > 0) {
        sl_element_row e;
        memset(&e, 0, sizeof e);
        if (!sl_element_parse((const char *)sqlite3_column_text(s, 0),
                              (size_t)sqlite3_column_bytes(s, 0), &e.element) ||
            !sl_element_status_parse((const char *)sqlite3_column_text(s, 1),
                                     (size_t)sqlite3_column_bytes(s, 1), &e.status))
            continue;
        e.gevraagd_op = col_date(s, 2);
        e.geregeld_op = col_date(s, 3);
        e.afgewezen_op = col_date(s, 4);
        col_copy(s, 5, e.door, sizeof e.door);
        ok = cb(ctx, &e);
    }
    done(s);
    return ok && r == 0;
}

const sl_dossiers_ops sq_dossiers_ops = {
    .dossier_facts = sq_dossier_facts,
    .dossier_get = sq_dossier_get,
    .dossier_put = sq_dossier_put,
    .dossiers_baseline = sq_dossiers_baseline,
    .element_put = sq_element_put,
    .elements_of = sq_elements_of,
};
