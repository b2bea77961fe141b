/*
 * opnames.c - the SQLite backend of joint inspection planning
 * (store/opnames_store.h): requests, capacity, plans and inspections.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/sqlite_int.h"

enum {
    O_OV_ADD, O_OV_GET, O_OV_STATUS, O_OV_SCAN, O_CAP_ROTA, O_CAP_EXC, O_CAP_SCAN_ROTA,
    O_CAP_SCAN_EXC, O_PL_ADD, O_PL_GET, O_PL_UPDATE, O_PL_SCAN, O_PR_PUT, O_PR_OF, O_OP_ADD,
    O_OP_SCAN, O_N
};
_Static_assert(O_N <= SQ_SLOTS, "raise SQ_SLOTS");

#define OV_COLUMNS                                                                            \
    "id, nummeraanduiding_id, gemeentecode, gezamenlijk, niet_beschikbaar, voorkeur_weekdagen," \
    " vroegst_img, vroegst_ncg, status, vastgelegd_door, vastgelegd_rol, vastgelegd_op, versie"
#define PL_COLUMNS                                                                            \
    "id, van, tot, status, kwaliteit, gemaakt_door, gemaakt_op, coalesce(bevestigd_door, ''),"  \
    " coalesce(bevestigd_op, ''), versie"
#define OP_COLUMNS                                                                            \
    "id, opnameverzoek_id, nummeraanduiding_id, gemeentecode, org, datum, planning_id,"         \
    " vastgelegd_op"

static const char *const osql[O_N] = {
    [O_OV_ADD] = "INSERT INTO opnameverzoek (nummeraanduiding_id, gemeentecode, gezamenlijk,"
                 " niet_beschikbaar, voorkeur_weekdagen, vroegst_img, vroegst_ncg,"
                 " vastgelegd_door, vastgelegd_rol, vastgelegd_op)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id, versie",
    [O_OV_GET] = "SELECT " OV_COLUMNS " FROM opnameverzoek WHERE id = ?1",
    [O_OV_STATUS] = "UPDATE opnameverzoek SET status = ?3, versie = versie + 1"
                    " WHERE id = ?1 AND versie = ?2",
    [O_OV_SCAN] = "SELECT " OV_COLUMNS " FROM opnameverzoek WHERE (?1 IS NULL OR status = ?1)"
                  " AND (?2 IS NULL OR nummeraanduiding_id = ?2) ORDER BY id",
    [O_CAP_ROTA] = "INSERT INTO capaciteit (org, gemeentecode, weekdag, opnames, gewijzigd_door,"
                   " gewijzigd_op) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                   " ON CONFLICT (org, gemeentecode, weekdag) DO UPDATE SET"
                   " opnames = excluded.opnames, gewijzigd_door = excluded.gewijzigd_door,"
                   " gewijzigd_op = excluded.gewijzigd_op",
    [O_CAP_EXC] = "INSERT INTO capaciteit_uitzondering (org, gemeentecode, datum, opnames,"
                  " gewijzigd_door, gewijzigd_op) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                  " ON CONFLICT (org, gemeentecode, datum) DO UPDATE SET"
                  " opnames = excluded.opnames, gewijzigd_door = excluded.gewijzigd_door,"
                  " gewijzigd_op = excluded.gewijzigd_op",
    [O_CAP_SCAN_ROTA] = "SELECT org, gemeentecode, weekdag, NULL, opnames, gewijzigd_door,"
                        " gewijzigd_op FROM capaciteit WHERE (?1 IS NULL OR gemeentecode = ?1)"
                        " ORDER BY org, gemeentecode, weekdag",
    [O_CAP_SCAN_EXC] = "SELECT org, gemeentecode, 0, datum, opnames, gewijzigd_door,"
                       " gewijzigd_op FROM capaciteit_uitzondering"
                       " WHERE (?1 IS NULL OR gemeentecode = ?1)"
                       " ORDER BY org, gemeentecode, datum",
    [O_PL_ADD] = "INSERT INTO planning (van, tot, kwaliteit, gemaakt_door, gemaakt_op)"
                 " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id, versie",
    [O_PL_GET] = "SELECT " PL_COLUMNS " FROM planning WHERE id = ?1",
    [O_PL_UPDATE] = "UPDATE planning SET status = ?3, kwaliteit = ?4, bevestigd_door = ?5,"
                    " bevestigd_op = ?6, versie = versie + 1 WHERE id = ?1 AND versie = ?2"
                    " RETURNING versie",
    [O_PL_SCAN] = "SELECT " PL_COLUMNS " FROM planning ORDER BY id DESC",
    [O_PR_PUT] = "INSERT INTO planningsregel (planning_id, opnameverzoek_id, img, ncg, reden)"
                 " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (planning_id, opnameverzoek_id)"
                 " DO UPDATE SET img = excluded.img, ncg = excluded.ncg, reden = excluded.reden",
    [O_PR_OF] = "SELECT opnameverzoek_id, img, ncg, reden FROM planningsregel"
                " WHERE planning_id = ?1 ORDER BY opnameverzoek_id",
    [O_OP_ADD] = "INSERT INTO opname (opnameverzoek_id, nummeraanduiding_id, gemeentecode, org,"
                 " datum, planning_id, vastgelegd_op) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                 " RETURNING id",
    [O_OP_SCAN] = "SELECT " OP_COLUMNS " FROM opname WHERE (?1 IS NULL OR datum >= ?1)"
                  " AND (?2 IS NULL OR datum <= ?2) AND (?3 IS NULL OR nummeraanduiding_id = ?3)"
                  " ORDER BY datum, gemeentecode, org, id",
};

static sqlite3_stmt *ostmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->stmt[SQ_PART_OPNAMES][q], osql[q]);
}

static const char *org_name(sl_plan_org o)
{
    return o == SL_PLAN_IMG ? "IMG" : "NCG";
}

static bool org_parse(const char *s, sl_plan_org *out)
{
    if (s && strcmp(s, "IMG") == 0)
        *out = SL_PLAN_IMG;
    else if (s && strcmp(s, "NCG") == 0)
        *out = SL_PLAN_NCG;
    else
        return false;
    return true;
}

/* ---- requests ----------------------------------------------------------------- */

static bool read_request(sqlite3_stmt *s, sl_opnameverzoek *v)
{
    memset(v, 0, sizeof *v);
    v->id = sqlite3_column_int64(s, 0);
    v->address_id = sqlite3_column_int64(s, 1);
    col_copy(s, 2, v->gemeentecode, sizeof v->gemeentecode);
    v->gezamenlijk = sqlite3_column_int(s, 3) != 0;
    char list[SL_OV_UNAVAILABLE_MAX * 11 + 1];
    col_copy(s, 4, list, sizeof list);
    if (!sl_opname_dates_parse(list, v->niet_beschikbaar, &v->n_niet_beschikbaar))
        return false;
    v->voorkeur_weekdagen = (unsigned)sqlite3_column_int(s, 5);
    v->vroegst[SL_PLAN_IMG] = col_date(s, 6);
    v->vroegst[SL_PLAN_NCG] = col_date(s, 7);
    const char *t = (const char *)sqlite3_column_text(s, 10);
    if (!sl_ov_status_parse((const char *)sqlite3_column_text(s, 8), &v->status) || !t ||
        !sl_role_parse(t, (size_t)sqlite3_column_bytes(s, 10), &v->vastgelegd_rol))
        return false;
    col_copy(s, 9, v->vastgelegd_door, sizeof v->vastgelegd_door);
    col_copy(s, 11, v->vastgelegd_op, sizeof v->vastgelegd_op);
    v->versie = sqlite3_column_int64(s, 12);
    return v->vroegst[SL_PLAN_IMG] != SL_DATE_NONE && v->vroegst[SL_PLAN_NCG] != SL_DATE_NONE;
}

static bool sq_opnameverzoek_add(sl_store *st, sl_opnameverzoek *v)
{
    sqlite_store *sq = SQ(st);
    char list[SL_OV_UNAVAILABLE_MAX * 11 + 1], d1[11], d2[11];
    const char *rol = sl_role_name(v->vastgelegd_rol);
    if (!rol || !*rol ||
        !sl_opname_dates_format(v->niet_beschikbaar, v->n_niet_beschikbaar, list, sizeof list))
        return sl_store_fail(st, "opnameverzoek: ongeldige waarde");
    sqlite3_stmt *s = ostmt(sq, O_OV_ADD);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, v->address_id);
    bind_text(s, 2, v->gemeentecode);
    sqlite3_bind_int(s, 3, v->gezamenlijk);
    bind_text(s, 4, list);
    sqlite3_bind_int(s, 5, (int)v->voorkeur_weekdagen);
    bind_date(s, 6, v->vroegst[SL_PLAN_IMG], d1);
    bind_date(s, 7, v->vroegst[SL_PLAN_NCG], d2);
    bind_text(s, 8, v->vastgelegd_door);
    bind_text(s, 9, rol);
    bind_text(s, 10, v->vastgelegd_op);
    int64_t ids[2] = {v->id, v->versie}; /* as they were when no row comes back */
    if (!sq_write_returning(sq, s, ids, 2, NULL, "opnameverzoek vastleggen mislukt"))
        return false;
    v->id = ids[0];
    v->versie = ids[1];
    v->status = SL_OV_OPEN;
    return true;
}

static bool sq_opnameverzoek_get(sl_store *st, int64_t id, sl_opnameverzoek *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    *found = false;
    sqlite3_stmt *s = ostmt(sq, O_OV_GET);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    int r = step_row(sq, s, "opnameverzoek lezen mislukt");
    bool ok = r >= 0 && (r == 0 || read_request(s, out));
    done(s);
    if (r < 0)
        return false;
    if (!ok)
        return sl_store_fail(st, "onleesbaar opnameverzoek in register");
    *found = r == 1;
    return true;
}

static bool sq_opnameverzoek_set_status(sl_store *st, int64_t id, int64_t expect_versie,
                                        sl_ov_status to, bool *stale)
{
    sqlite_store *sq = SQ(st);
    *stale = false;
    const char *name = sl_ov_status_name(to);
    if (!name)
        return sl_store_fail(st, "opnameverzoek: ongeldige status");
    sqlite3_stmt *s = ostmt(sq, O_OV_STATUS);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, expect_versie);
    bind_text(s, 3, name);
    if (!run(sq, s, "opnameverzoek wijzigen mislukt"))
        return false;
    *stale = sqlite3_changes(sq->db) == 0;
    return true;
}

static bool sq_opnameverzoeken_scan(sl_store *st, int status, int64_t address_id,
                                    sl_opnameverzoek_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = ostmt(sq, O_OV_SCAN);
    if (!s)
        return false;
    if (status >= 0)
        bind_text(s, 1, sl_ov_status_name((sl_ov_status)status));
    bind_id_or_null(s, 2, address_id);
    int r;
    bool ok = true, readable = true;
    while (ok && (r = step_row(sq, s, "opnameverzoeken lezen mislukt")) == 1) {
        sl_opnameverzoek v;
        if (!read_request(s, &v)) {
            readable = false;
            break;
        }
        ok = cb(ctx, &v);
    }
    done(s);
    if (!ok || r < 0)
        return false;
    if (!readable)
        return sl_store_fail(st, "onleesbaar opnameverzoek in register");
    return true;
}

/* ---- capacity --------------------------------------------------------------------- */

static bool sq_capaciteit_put(sl_store *st, const sl_capaciteit_row *c)
{
    sqlite_store *sq = SQ(st);
    bool rota = c->weekdag != 0;
    if ((rota && (c->weekdag < 1 || c->weekdag > 7)) || (!rota && c->datum == SL_DATE_NONE))
        return sl_store_fail(st, "capaciteit: ongeldige regel");
    sqlite3_stmt *s = ostmt(sq, rota ? O_CAP_ROTA : O_CAP_EXC);
    if (!s)
        return false;
    char d[11];
    bind_text(s, 1, org_name(c->org));
    bind_text(s, 2, c->gemeentecode);
    if (rota)
        sqlite3_bind_int(s, 3, c->weekdag);
    else
        bind_date(s, 3, c->datum, d);
    sqlite3_bind_int(s, 4, c->opnames);
    bind_text(s, 5, c->gewijzigd_door);
    bind_text(s, 6, c->gewijzigd_op);
    return run(sq, s, "capaciteit vastleggen mislukt");
}

static bool capacity_rows(sqlite_store *sq, int q, const char *gemeentecode, sl_capaciteit_cb cb,
                          void *ctx)
{
    sqlite3_stmt *s = ostmt(sq, q);
    if (!s)
        return false;
    bind_text_or_null(s, 1, gemeentecode);
    int r;
    bool ok = true, readable = true;
    while (ok && (r = step_row(sq, s, "capaciteit lezen mislukt")) == 1) {
        sl_capaciteit_row c;
        memset(&c, 0, sizeof c);
        readable = org_parse((const char *)sqlite3_column_text(s, 0), &c.org);
        col_copy(s, 1, c.gemeentecode, sizeof c.gemeentecode);
        c.weekdag = sqlite3_column_int(s, 2);
        c.datum = col_date(s, 3);
        c.opnames = sqlite3_column_int(s, 4);
        col_copy(s, 5, c.gewijzigd_door, sizeof c.gewijzigd_door);
        col_copy(s, 6, c.gewijzigd_op, sizeof c.gewijzigd_op);
        if (!readable)
            break;
        ok = cb(ctx, &c);
    }
    done(s);
    if (!ok || r < 0)
        return false;
    if (!readable)
        return sl_store_fail(&sq->base, "onleesbare capaciteit in register");
    return true;
}

static bool sq_capaciteit_scan(sl_store *st, const char *gemeentecode, sl_capaciteit_cb cb,
                               void *ctx)
{
    sqlite_store *sq = SQ(st);
    return capacity_rows(sq, O_CAP_SCAN_ROTA, gemeentecode, cb, ctx) &&
           capacity_rows(sq, O_CAP_SCAN_EXC, gemeentecode, cb, ctx);
}

/* ---- plans ------------------------------------------------------------------------- */

static bool read_plan(sqlite3_stmt *s, sl_planning *p)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(s, 0);
    p->van = col_date(s, 1);
    p->tot = col_date(s, 2);
    const char *t = (const char *)sqlite3_column_text(s, 3);
    if (!t || (strcmp(t, "concept") != 0 && strcmp(t, "bevestigd") != 0))
        return false;
    p->status = strcmp(t, "bevestigd") == 0 ? SL_PLANNING_BEVESTIGD : SL_PLANNING_CONCEPT;
    col_copy(s, 4, p->kwaliteit, sizeof p->kwaliteit);
    col_copy(s, 5, p->gemaakt_door, sizeof p->gemaakt_door);
    col_copy(s, 6, p->gemaakt_op, sizeof p->gemaakt_op);
    col_copy(s, 7, p->bevestigd_door, sizeof p->bevestigd_door);
    col_copy(s, 8, p->bevestigd_op, sizeof p->bevestigd_op);
    p->versie = sqlite3_column_int64(s, 9);
    return p->van != SL_DATE_NONE && p->tot != SL_DATE_NONE;
}

static bool sq_planning_add(sl_store *st, sl_planning *p)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = ostmt(sq, O_PL_ADD);
    if (!s)
        return false;
    char a[11], b[11];
    bind_date(s, 1, p->van, a);
    bind_date(s, 2, p->tot, b);
    bind_text(s, 3, p->kwaliteit[0] ? p->kwaliteit : "{}");
    bind_text(s, 4, p->gemaakt_door);
    bind_text(s, 5, p->gemaakt_op);
    int64_t ids[2] = {p->id, p->versie}; /* as they were when no row comes back */
    if (!sq_write_returning(sq, s, ids, 2, NULL, "planning vastleggen mislukt"))
        return false;
    p->id = ids[0];
    p->versie = ids[1];
    p->status = SL_PLANNING_CONCEPT;
    return true;
}

static bool sq_planning_get(sl_store *st, int64_t id, sl_planning *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    *found = false;
    sqlite3_stmt *s = ostmt(sq, O_PL_GET);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    int r = step_row(sq, s, "planning lezen mislukt");
    bool ok = r >= 0 && (r == 0 || read_plan(s, out));
    done(s);
    if (r < 0)
        return false;
    if (!ok)
        return sl_store_fail(st, "onleesbare planning in register");
    *found = r == 1;
    return true;
}

static bool sq_planning_update(sl_store *st, sl_planning *p, int64_t expect_versie, bool *stale)
{
    sqlite_store *sq = SQ(st);
    *stale = false;
    sqlite3_stmt *s = ostmt(sq, O_PL_UPDATE);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, p->id);
    sqlite3_bind_int64(s, 2, expect_versie);
    bind_text(s, 3, p->status == SL_PLANNING_BEVESTIGD ? "bevestigd" : "concept");
    bind_text(s, 4, p->kwaliteit[0] ? p->kwaliteit : "{}");
    bind_text_or_null(s, 5, p->bevestigd_door);
    bind_text_or_null(s, 6, p->bevestigd_op);
    bool updated;
    if (!sq_write_returning(sq, s, &p->versie, 1, &updated, "planning wijzigen mislukt"))
        return false;
    *stale = !updated;
    return true;
}

static bool sq_planningen_scan(sl_store *st, sl_planning_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = ostmt(sq, O_PL_SCAN);
    if (!s)
        return false;
    int r;
    bool ok = true, readable = true;
    while (ok && (r = step_row(sq, s, "planningen lezen mislukt")) == 1) {
        sl_planning p;
        if (!(readable = read_plan(s, &p)))
            break;
        ok = cb(ctx, &p);
    }
    done(s);
    if (!ok || r < 0)
        return false;
    if (!readable)
        return sl_store_fail(st, "onleesbare planning in register");
    return true;
}

static bool sq_planningsregel_put(sl_store *st, int64_t planning_id, const sl_planningsregel *l)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = ostmt(sq, O_PR_PUT);
    if (!s)
        return false;
    char a[11], b[11];
    sqlite3_bind_int64(s, 1, planning_id);
    sqlite3_bind_int64(s, 2, l->opnameverzoek_id);
    bind_date(s, 3, l->day[SL_PLAN_IMG], a);
    bind_date(s, 4, l->day[SL_PLAN_NCG], b);
    bind_text(s, 5, l->reden);
    return run(sq, s, "planningsregel vastleggen mislukt");
}

static bool sq_planningsregels_of(sl_store *st, int64_t planning_id, sl_planningsregel_cb cb,
                                  void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = ostmt(sq, O_PR_OF);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, planning_id);
    int r;
    bool ok = true;
    while (ok && (r = step_row(sq, s, "planningsregels lezen mislukt")) == 1) {
        sl_planningsregel l;
        memset(&l, 0, sizeof l);
        l.opnameverzoek_id = sqlite3_column_int64(s, 0);
        l.day[SL_PLAN_IMG] = col_date(s, 1);
        l.day[SL_PLAN_NCG] = col_date(s, 2);
        col_copy(s, 3, l.reden, sizeof l.reden);
        ok = cb(ctx, &l);
    }
    done(s);
    return ok && r >= 0;
}

/* ---- inspections ------------------------------------------------------------------- */

static bool sq_opname_add(sl_store *st, sl_opname *o)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = ostmt(sq, O_OP_ADD);
    if (!s)
        return false;
    char d[11];
    sqlite3_bind_int64(s, 1, o->opnameverzoek_id);
    sqlite3_bind_int64(s, 2, o->address_id);
    bind_text(s, 3, o->gemeentecode);
    bind_text(s, 4, org_name(o->org));
    bind_date(s, 5, o->datum, d);
    sqlite3_bind_int64(s, 6, o->planning_id);
    bind_text(s, 7, o->vastgelegd_op);
    if (!sq_write_returning(sq, s, &o->id, 1, NULL, "opname vastleggen mislukt"))
        return false;
    return true;
}

static bool sq_opnames_scan(sl_store *st, sl_date van, sl_date tot, int64_t address_id,
                            sl_opname_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = ostmt(sq, O_OP_SCAN);
    if (!s)
        return false;
    char a[11], b[11];
    bind_date(s, 1, van, a);
    bind_date(s, 2, tot, b);
    bind_id_or_null(s, 3, address_id);
    int r;
    bool ok = true, readable = true;
    while (ok && (r = step_row(sq, s, "opnames lezen mislukt")) == 1) {
        sl_opname o;
        memset(&o, 0, sizeof o);
        o.id = sqlite3_column_int64(s, 0);
        o.opnameverzoek_id = sqlite3_column_int64(s, 1);
        o.address_id = sqlite3_column_int64(s, 2);
        col_copy(s, 3, o.gemeentecode, sizeof o.gemeentecode);
        readable = org_parse((const char *)sqlite3_column_text(s, 4), &o.org);
        o.datum = col_date(s, 5);
        o.planning_id = sqlite3_column_int64(s, 6);
        col_copy(s, 7, o.vastgelegd_op, sizeof o.vastgelegd_op);
        if (!readable)
            break;
        ok = cb(ctx, &o);
    }
    done(s);
    if (!ok || r < 0)
        return false;
    if (!readable)
        return sl_store_fail(st, "onleesbare opname in register");
    return true;
}

const sl_opnames_ops sq_opnames_ops = {
    .opnameverzoek_add = sq_opnameverzoek_add,
    .opnameverzoek_get = sq_opnameverzoek_get,
    .opnameverzoek_set_status = sq_opnameverzoek_set_status,
    .opnameverzoeken_scan = sq_opnameverzoeken_scan,
    .capaciteit_put = sq_capaciteit_put,
    .capaciteit_scan = sq_capaciteit_scan,
    .planning_add = sq_planning_add,
    .planning_get = sq_planning_get,
    .planning_update = sq_planning_update,
    .planningen_scan = sq_planningen_scan,
    .planningsregel_put = sq_planningsregel_put,
    .planningsregels_of = sq_planningsregels_of,
    .opname_add = sq_opname_add,
    .opnames_scan = sq_opnames_scan,
};
