/*
 * verzoeken.c - the SQLite backend of SVIP information requests
 * (store/verzoeken_store.h). Shares the handle and helpers of connection.c
 * through sqlite_int.h.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/sqlite_int.h"

enum { V_ADD, V_GET, V_ANSWER, V_SCAN, V_TALLY, V_N };
_Static_assert(V_N <= SQ_SLOTS, "raise SQ_SLOTS");

#define VZ_COLUMNS                                                                           \
    "id, org, aanvrager, aanvrager_rol, nummeraanduiding_id, type, doel, grondslag, vraag,"  \
    " coalesce(antwoord, ''), coalesce(beantwoord_door, ''), ingediend_op,"                  \
    " coalesce(beantwoord_op, ''), status, versie"

static const char *const vsql[V_N] = {
    [V_ADD] = "INSERT INTO verzoek (org, aanvrager, aanvrager_rol, nummeraanduiding_id, type,"
              " doel, grondslag, vraag, ingediend_op) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
              " RETURNING id, versie",
    [V_GET] = "SELECT " VZ_COLUMNS " FROM verzoek WHERE id = ?1",
    [V_ANSWER] = "UPDATE verzoek SET antwoord = ?3, beantwoord_door = ?4, beantwoord_op = ?5,"
                 " grondslag = ?6, status = 'beantwoord', versie = versie + 1"
                 " WHERE id = ?1 AND versie = ?2 AND status = 'open' RETURNING versie",
    [V_SCAN] = "SELECT " VZ_COLUMNS " FROM verzoek"
               " WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR type = ?2)"
               " AND (?3 IS NULL OR nummeraanduiding_id = ?3) AND (?4 IS NULL OR org = ?4)"
               " ORDER BY id",
    [V_TALLY] = ("SELECT type, status, count(*) FROM verzoek WHERE (?1 IS NULL OR org = ?1)"
                 " GROUP BY type, status"),
};

static sqlite3_stmt *vstmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->stmt[SQ_PART_VERZOEKEN][q], vsql[q]);
}


/* '' for no basis; the two bases a request can rest on otherwise. */
static const char *grondslag_text(sl_grondslag g)
{
    return g == SL_GRONDSLAG_GEEN ? "" : sl_grondslag_name(g);
}

static bool grondslag_valid(sl_grondslag g)
{
    return g == SL_GRONDSLAG_GEEN || g == SL_GRONDSLAG_WETTELIJKE_TAAK ||
           g == SL_GRONDSLAG_TOESTEMMING;
}

static bool read_verzoek(sqlite3_stmt *s, void *out)
{
    sl_verzoek *v = out;
    memset(v, 0, sizeof *v);
    v->id = sqlite3_column_int64(s, 0);
    const char *t = (const char *)sqlite3_column_text(s, 1);
    if (!t || !sl_account_org_parse(t, (size_t)sqlite3_column_bytes(s, 1), &v->org))
        return false;
    col_copy(s, 2, v->aanvrager, sizeof v->aanvrager);
    t = (const char *)sqlite3_column_text(s, 3);
    if (!t || !sl_role_parse(t, (size_t)sqlite3_column_bytes(s, 3), &v->aanvrager_rol))
        return false;
    v->address_id = sqlite3_column_int64(s, 4);
    if (!sl_verzoek_type_parse((const char *)sqlite3_column_text(s, 5), &v->type))
        return false;
    t = (const char *)sqlite3_column_text(s, 6);
    if (!t || !sl_doel_parse(t, (size_t)sqlite3_column_bytes(s, 6), &v->doel))
        return false;
    t = (const char *)sqlite3_column_text(s, 7);
    v->grondslag = SL_GRONDSLAG_COUNT;
    for (int g = 0; t && g < SL_GRONDSLAG_COUNT; g++)
        if (grondslag_valid((sl_grondslag)g) && strcmp(t, grondslag_text((sl_grondslag)g)) == 0)
            v->grondslag = (sl_grondslag)g;
    if (v->grondslag == SL_GRONDSLAG_COUNT)
        return false;
    col_copy(s, 8, v->vraag, sizeof v->vraag);
    col_copy(s, 9, v->antwoord, sizeof v->antwoord);
    col_copy(s, 10, v->beantwoord_door, sizeof v->beantwoord_door);
    col_copy(s, 11, v->ingediend_op, sizeof v->ingediend_op);
    col_copy(s, 12, v->beantwoord_op, sizeof v->beantwoord_op);
    if (!sl_verzoek_status_parse((const char *)sqlite3_column_text(s, 13), &v->status))
        return false;
    v->versie = sqlite3_column_int64(s, 14);
    return true;
}

static bool sq_verzoek_add(sl_store *st, sl_verzoek *v)
{
    sqlite_store *sq = SQ(st);
    const char *org = sl_account_org_name(v->org), *type = sl_verzoek_type_name(v->type);
    const char *doel = sl_doel_name(v->doel), *rol = sl_role_name(v->aanvrager_rol);
    if (v->org == SL_ACCOUNT_ORG_NONE || !org || !*org || !type || !doel || !rol || !*rol ||
        !grondslag_valid(v->grondslag))
        return sl_store_fail(st, "verzoek: ongeldige waarde");
    sqlite3_stmt *s = vstmt(sq, V_ADD);
    if (!s)
        return false;
    bind_text(s, 1, org);
    bind_text(s, 2, v->aanvrager);
    bind_text(s, 3, rol);
    sqlite3_bind_int64(s, 4, v->address_id);
    bind_text(s, 5, type);
    bind_text(s, 6, doel);
    bind_text(s, 7, grondslag_text(v->grondslag));
    bind_text(s, 8, v->vraag);
    bind_text(s, 9, v->ingediend_op);
    int64_t ids[2] = {v->id, v->versie}; /* as they were when no row comes back */
    if (!sq_write_returning(sq, s, ids, 2, NULL, "verzoek vastleggen mislukt"))
        return false;
    v->id = ids[0];
    v->versie = ids[1];
    v->status = SL_VZ_OPEN;
    return true;
}

static bool sq_verzoek_get(sl_store *st, int64_t id, sl_verzoek *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    *found = false;
    sqlite3_stmt *s = vstmt(sq, V_GET);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    return sq_read_one(sq, s, read_verzoek, out, found, "verzoek lezen mislukt",
                       "onleesbaar verzoek in register");
}

static bool sq_verzoek_answer(sl_store *st, sl_verzoek *v, bool *conflict)
{
    sqlite_store *sq = SQ(st);
    *conflict = false;
    if (!grondslag_valid(v->grondslag) || !v->antwoord[0] || !v->beantwoord_door[0] ||
        !v->beantwoord_op[0])
        return sl_store_fail(st, "verzoek: ongeldig antwoord");
    sqlite3_stmt *s = vstmt(sq, V_ANSWER);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, v->id);
    sqlite3_bind_int64(s, 2, v->versie);
    bind_text(s, 3, v->antwoord);
    bind_text(s, 4, v->beantwoord_door);
    bind_text(s, 5, v->beantwoord_op);
    bind_text(s, 6, grondslag_text(v->grondslag));
    bool updated;
    if (!sq_write_returning(sq, s, &v->versie, 1, &updated, "antwoord vastleggen mislukt"))
        return false;
    *conflict = !updated;
    if (updated)
        v->status = SL_VZ_BEANTWOORD;
    return true;
}

static bool sq_verzoeken_scan(sl_store *st, const sl_verzoek_filter *f, sl_verzoek_cb cb,
                              void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = vstmt(sq, V_SCAN);
    if (!s)
        return false;
    const char *status = f->status >= 0 ? sl_verzoek_status_name((sl_verzoek_status)f->status)
                                        : NULL;
    const char *type = f->type >= 0 ? sl_verzoek_type_name((sl_verzoek_type)f->type) : NULL;
    if ((f->status >= 0 && !status) || (f->type >= 0 && !type))
        return sl_store_fail(st, "verzoeken: ongeldig filter");
    if (status)
        bind_text(s, 1, status);
    if (type)
        bind_text(s, 2, type);
    bind_id_or_null(s, 3, f->address_id);
    if (f->org != SL_ACCOUNT_ORG_NONE)
        bind_text(s, 4, sl_account_org_name(f->org));
    int rc;
    bool ok = true, readable = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_verzoek v;
        if (!read_verzoek(s, &v)) {
            readable = false;
            break;
        }
        ok = cb(ctx, &v);
    }
    done(s);
    if (!readable)
        return sl_store_fail(st, "onleesbaar verzoek in register");
    if (!ok)
        return false;
    if (rc != SQLITE_DONE)
        return db_fail(sq, "verzoeken lezen mislukt");
    return true;
}

static bool sq_verzoeken_count(sl_store *st, sl_account_org org,
                               int64_t out[SL_VZ_TYPE_COUNT][SL_VZ_STATUS_COUNT])
{
    sqlite_store *sq = SQ(st);
    memset(out, 0, sizeof(int64_t) * SL_VZ_TYPE_COUNT * SL_VZ_STATUS_COUNT);
    sqlite3_stmt *s = vstmt(sq, V_TALLY);
    if (!s)
        return false;
    if (org != SL_ACCOUNT_ORG_NONE)
        bind_text(s, 1, sl_account_org_name(org));
    int rc;
    bool readable = true;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_verzoek_type t;
        sl_verzoek_status st2;
        if (!sl_verzoek_type_parse((const char *)sqlite3_column_text(s, 0), &t) ||
            !sl_verzoek_status_parse((const char *)sqlite3_column_text(s, 1), &st2)) {
            readable = false;
            continue;
        }
        out[t][st2] = sqlite3_column_int64(s, 2);
    }
    done(s);
    if (rc != SQLITE_DONE)
        return db_fail(sq, "verzoeken tellen mislukt");
    if (!readable)
        return sl_store_fail(st, "onleesbaar verzoek in register");
    return true;
}

const sl_verzoeken_ops sq_verzoeken_ops = {
    .verzoek_add = sq_verzoek_add,
    .verzoek_get = sq_verzoek_get,
    .verzoek_answer = sq_verzoek_answer,
    .verzoeken_scan = sq_verzoeken_scan,
    .verzoeken_count = sq_verzoeken_count,
};
