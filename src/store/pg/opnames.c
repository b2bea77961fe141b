/*
 * opnames.c - the PostgreSQL backend of joint inspection planning
 * (store/opnames_store.h): requests, capacity, plans and inspections. The
 * SQLite backend (sqlite/opnames.c) is the model; orders are stated, text
 * sorted COLLATE "C" as SQLite compares bytes (decision 145).
 */
#include <string.h>

#include "store/pg/pg_int.h"

#define OV_COLUMNS                                                                            \
    "id, nummeraanduiding_id, gemeentecode, gezamenlijk, niet_beschikbaar, voorkeur_weekdagen," \
    " vroegst_img, vroegst_ncg, status, vastgelegd_door, vastgelegd_rol,"                      \
    " iso_utc(vastgelegd_op), versie"
#define PL_COLUMNS                                                                            \
    "id, van, tot, status, kwaliteit, gemaakt_door, iso_utc(gemaakt_op),"                      \
    " coalesce(bevestigd_door, ''), coalesce(iso_utc(bevestigd_op), ''), versie"
#define OP_COLUMNS                                                                            \
    "id, opnameverzoek_id, nummeraanduiding_id, gemeentecode, org, datum, planning_id,"         \
    " iso_utc(vastgelegd_op)"

static const sl_pg_query q_ov_add = {
    "opnames_verzoek_add",
    "INSERT INTO opnameverzoek (nummeraanduiding_id, gemeentecode, gezamenlijk,"
    " niet_beschikbaar, voorkeur_weekdagen, vroegst_img, vroegst_ncg, vastgelegd_door,"
    " vastgelegd_rol, vastgelegd_op) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    " RETURNING id, versie"};
static const sl_pg_query q_ov_get = {
    "opnames_verzoek_get", "SELECT " OV_COLUMNS " FROM opnameverzoek WHERE id = $1"};
static const sl_pg_query q_ov_status = {
    "opnames_verzoek_status",
    "UPDATE opnameverzoek SET status = $3, versie = versie + 1 WHERE id = $1 AND versie = $2"};
static const sl_pg_query q_ov_scan = {
    "opnames_verzoek_scan",
    "SELECT " OV_COLUMNS " FROM opnameverzoek WHERE ($1::text IS NULL OR status = $1)"
    " AND ($2::bigint IS NULL OR nummeraanduiding_id = $2) ORDER BY id"};
static const sl_pg_query q_cap_rota = {
    "opnames_capaciteit_rota",
    "INSERT INTO capaciteit (org, gemeentecode, weekdag, opnames, gewijzigd_door, gewijzigd_op)"
    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org, gemeentecode, weekdag) DO UPDATE SET"
    " opnames = EXCLUDED.opnames, gewijzigd_door = EXCLUDED.gewijzigd_door,"
    " gewijzigd_op = EXCLUDED.gewijzigd_op"};
static const sl_pg_query q_cap_exc = {
    "opnames_capaciteit_uitzondering",
    "INSERT INTO capaciteit_uitzondering (org, gemeentecode, datum, opnames, gewijzigd_door,"
    " gewijzigd_op) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org, gemeentecode, datum)"
    " DO UPDATE SET opnames = EXCLUDED.opnames, gewijzigd_door = EXCLUDED.gewijzigd_door,"
    " gewijzigd_op = EXCLUDED.gewijzigd_op"};
/* the rota first, then the exceptions, as SQLite's two scans give them */
static const sl_pg_query q_cap_scan = {
    "opnames_capaciteit_scan",
    "SELECT * FROM (SELECT org, gemeentecode, weekdag, NULL::date AS datum, opnames,"
    " gewijzigd_door, iso_utc(gewijzigd_op) AS op, 0 AS soort FROM capaciteit"
    " WHERE ($1::text IS NULL OR gemeentecode = $1)"
    " UNION ALL SELECT org, gemeentecode, 0, datum, opnames, gewijzigd_door,"
    " iso_utc(gewijzigd_op), 1 FROM capaciteit_uitzondering WHERE ($1::text IS NULL OR"
    " gemeentecode = $1)) u"
    " ORDER BY soort, org COLLATE \"C\", gemeentecode COLLATE \"C\", weekdag, datum"};
static const sl_pg_query q_pl_add = {
    "opnames_planning_add",
    "INSERT INTO planning (van, tot, kwaliteit, gemaakt_door, gemaakt_op)"
    " VALUES ($1, $2, $3, $4, $5) RETURNING id, versie"};
static const sl_pg_query q_pl_get = {
    "opnames_planning_get", "SELECT " PL_COLUMNS " FROM planning WHERE id = $1"};
static const sl_pg_query q_pl_update = {
    "opnames_planning_update",
    "UPDATE planning SET status = $3, kwaliteit = $4, bevestigd_door = $5, bevestigd_op = $6,"
    " versie = versie + 1 WHERE id = $1 AND versie = $2 RETURNING versie"};
static const sl_pg_query q_pl_scan = {
    "opnames_planning_scan", "SELECT " PL_COLUMNS " FROM planning ORDER BY id DESC"};
static const sl_pg_query q_pr_put = {
    "opnames_regel_put",
    "INSERT INTO planningsregel (planning_id, opnameverzoek_id, img, ncg, reden)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (planning_id, opnameverzoek_id)"
    " DO UPDATE SET img = EXCLUDED.img, ncg = EXCLUDED.ncg, reden = EXCLUDED.reden"};
static const sl_pg_query q_pr_of = {
    "opnames_regels_of",
    "SELECT opnameverzoek_id, img, ncg, reden FROM planningsregel WHERE planning_id = $1"
    " ORDER BY opnameverzoek_id"};
static const sl_pg_query q_op_add = {
    "opnames_opname_add",
    "INSERT INTO opname (opnameverzoek_id, nummeraanduiding_id, gemeentecode, org, datum,"
    " planning_id, vastgelegd_op) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
static const sl_pg_query q_op_scan = {
    "opnames_opname_scan",
    "SELECT " OP_COLUMNS " FROM opname WHERE ($1::date IS NULL OR datum >= $1)"
    " AND ($2::date IS NULL OR datum <= $2) AND ($3::bigint IS NULL OR nummeraanduiding_id = $3)"
    " ORDER BY datum, gemeentecode COLLATE \"C\", org COLLATE \"C\", id"};

static const char *org_name(sl_plan_org o)
{
    return o == SL_PLAN_IMG ? "IMG" : "NCG";
}

static bool org_parse(const char *s, sl_plan_org *out)
{
    if (strcmp(s, "IMG") == 0)
        *out = SL_PLAN_IMG;
    else if (strcmp(s, "NCG") == 0)
        *out = SL_PLAN_NCG;
    else
        return false;
    return true;
}

/* ---- requests ----------------------------------------------------------------- */

static bool read_request(const PGresult *res, int r, sl_opnameverzoek *v)
{
    memset(v, 0, sizeof *v);
    v->id = sl_pg_col_int(res, r, 0);
    v->address_id = sl_pg_col_int(res, r, 1);
    pg_col_copy(res, r, 2, v->gemeentecode, sizeof v->gemeentecode);
    v->gezamenlijk = sl_pg_col_bool(res, r, 3);
    if (!sl_opname_dates_parse(sl_pg_col_text(res, r, 4), v->niet_beschikbaar,
                               &v->n_niet_beschikbaar))
        return false;
    v->voorkeur_weekdagen = (unsigned)sl_pg_col_int(res, r, 5);
    v->vroegst[SL_PLAN_IMG] = pg_col_date(res, r, 6);
    v->vroegst[SL_PLAN_NCG] = pg_col_date(res, r, 7);
    const char *rol = sl_pg_col_text(res, r, 10);
    if (!sl_ov_status_parse(sl_pg_col_text(res, r, 8), &v->status) ||
        !sl_role_parse(rol, strlen(rol), &v->vastgelegd_rol))
        return false;
    pg_col_copy(res, r, 9, v->vastgelegd_door, sizeof v->vastgelegd_door);
    pg_col_copy(res, r, 11, v->vastgelegd_op, sizeof v->vastgelegd_op);
    v->versie = sl_pg_col_int(res, r, 12);
    return v->vroegst[SL_PLAN_IMG] != SL_DATE_NONE && v->vroegst[SL_PLAN_NCG] != SL_DATE_NONE;
}

static bool pg_opnameverzoek_add(sl_store *st, sl_opnameverzoek *v)
{
    char list[SL_OV_UNAVAILABLE_MAX * 11 + 1], d1[11], d2[11];
    const char *rol = sl_role_name(v->vastgelegd_rol);
    if (!rol || !*rol ||
        !sl_opname_dates_format(v->niet_beschikbaar, v->n_niet_beschikbaar, list, sizeof list))
        return sl_store_fail(st, "opnameverzoek: ongeldige waarde");
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, v->address_id);
    sl_pg_param_text(&p, v->gemeentecode);
    sl_pg_param_bool(&p, v->gezamenlijk);
    sl_pg_param_text(&p, list);
    sl_pg_param_int(&p, v->voorkeur_weekdagen);
    pg_param_date(&p, v->vroegst[SL_PLAN_IMG], d1);
    pg_param_date(&p, v->vroegst[SL_PLAN_NCG], d2);
    sl_pg_param_text(&p, v->vastgelegd_door);
    sl_pg_param_text(&p, rol);
    sl_pg_param_text(&p, v->vastgelegd_op);
    PGresult *res = pg_query(PGS(st), &q_ov_add, &p, "opnameverzoek vastleggen mislukt");
    if (!res)
        return false;
    v->id = sl_pg_col_int(res, 0, 0);
    v->versie = sl_pg_col_int(res, 0, 1);
    v->status = SL_OV_OPEN;
    PQclear(res);
    return true;
}

static bool pg_opnameverzoek_get(sl_store *st, int64_t id, sl_opnameverzoek *out, bool *found)
{
    *found = false;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    PGresult *res = pg_query(PGS(st), &q_ov_get, &p, "opnameverzoek lezen mislukt");
    if (!res)
        return false;
    bool ok = PQntuples(res) == 0 || read_request(res, 0, out);
    *found = ok && PQntuples(res) == 1;
    PQclear(res);
    return ok || sl_store_fail(st, "onleesbaar opnameverzoek in register");
}

static bool pg_opnameverzoek_set_status(sl_store *st, int64_t id, int64_t expect_versie,
                                        sl_ov_status to, bool *stale)
{
    *stale = false;
    const char *name = sl_ov_status_name(to);
    if (!name)
        return sl_store_fail(st, "opnameverzoek: ongeldige status");
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    sl_pg_param_int(&p, expect_versie);
    sl_pg_param_text(&p, name);
    PGresult *res = pg_query(PGS(st), &q_ov_status, &p, "opnameverzoek wijzigen mislukt");
    if (!res)
        return false;
    *stale = strcmp(PQcmdTuples(res), "0") == 0;
    PQclear(res);
    return true;
}

static bool pg_opnameverzoeken_scan(sl_store *st, int status, int64_t address_id,
                                    sl_opnameverzoek_cb cb, void *ctx)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, status >= 0 ? sl_ov_status_name((sl_ov_status)status) : NULL);
    pg_param_id_or_null(&p, address_id);
    PGresult *res = pg_query(PGS(st), &q_ov_scan, &p, "opnameverzoeken lezen mislukt");
    if (!res)
        return false;
    bool ok = true, readable = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_opnameverzoek v;
        if (!(readable = read_request(res, r, &v)))
            break;
        ok = cb(ctx, &v);
    }
    PQclear(res);
    if (!readable)
        return sl_store_fail(st, "onleesbaar opnameverzoek in register");
    return ok;
}

/* ---- capacity --------------------------------------------------------------------- */

static bool pg_capaciteit_put(sl_store *st, const sl_capaciteit_row *c)
{
    bool rota = c->weekdag != 0;
    if ((rota && (c->weekdag < 1 || c->weekdag > 7)) || (!rota && c->datum == SL_DATE_NONE))
        return sl_store_fail(st, "capaciteit: ongeldige regel");
    char d[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, org_name(c->org));
    sl_pg_param_text(&p, c->gemeentecode);
    if (rota)
        sl_pg_param_int(&p, c->weekdag);
    else
        pg_param_date(&p, c->datum, d);
    sl_pg_param_int(&p, c->opnames);
    sl_pg_param_text(&p, c->gewijzigd_door);
    sl_pg_param_text(&p, c->gewijzigd_op);
    return pg_run(PGS(st), rota ? &q_cap_rota : &q_cap_exc, &p, "capaciteit vastleggen mislukt");
}

static bool pg_capaciteit_scan(sl_store *st, const char *gemeentecode, sl_capaciteit_cb cb,
                               void *ctx)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    pg_param_text_or_null(&p, gemeentecode);
    PGresult *res = pg_query(PGS(st), &q_cap_scan, &p, "capaciteit lezen mislukt");
    if (!res)
        return false;
    bool ok = true, readable = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_capaciteit_row c;
        memset(&c, 0, sizeof c);
        if (!(readable = org_parse(sl_pg_col_text(res, r, 0), &c.org)))
            break;
        pg_col_copy(res, r, 1, c.gemeentecode, sizeof c.gemeentecode);
        c.weekdag = (int)sl_pg_col_int(res, r, 2);
        c.datum = pg_col_date(res, r, 3);
        c.opnames = (int)sl_pg_col_int(res, r, 4);
        pg_col_copy(res, r, 5, c.gewijzigd_door, sizeof c.gewijzigd_door);
        pg_col_copy(res, r, 6, c.gewijzigd_op, sizeof c.gewijzigd_op);
        ok = cb(ctx, &c);
    }
    PQclear(res);
    if (!readable)
        return sl_store_fail(st, "onleesbare capaciteit in register");
    return ok;
}

/* ---- plans ------------------------------------------------------------------------- */

static bool read_plan(const PGresult *res, int r, sl_planning *p)
{
    memset(p, 0, sizeof *p);
    p->id = sl_pg_col_int(res, r, 0);
    p->van = pg_col_date(res, r, 1);
    p->tot = pg_col_date(res, r, 2);
    const char *t = sl_pg_col_text(res, r, 3);
    if (strcmp(t, "concept") != 0 && strcmp(t, "bevestigd") != 0)
        return false;
    p->status = strcmp(t, "bevestigd") == 0 ? SL_PLANNING_BEVESTIGD : SL_PLANNING_CONCEPT;
    pg_col_copy(res, r, 4, p->kwaliteit, sizeof p->kwaliteit);
    pg_col_copy(res, r, 5, p->gemaakt_door, sizeof p->gemaakt_door);
    pg_col_copy(res, r, 6, p->gemaakt_op, sizeof p->gemaakt_op);
    pg_col_copy(res, r, 7, p->bevestigd_door, sizeof p->bevestigd_door);
    pg_col_copy(res, r, 8, p->bevestigd_op, sizeof p->bevestigd_op);
    p->versie = sl_pg_col_int(res, r, 9);
    return p->van != SL_DATE_NONE && p->tot != SL_DATE_NONE;
}

static bool pg_planning_add(sl_store *st, sl_planning *pl)
{
    char a[11], b[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    pg_param_date(&p, pl->van, a);
    pg_param_date(&p, pl->tot, b);
    sl_pg_param_text(&p, pl->kwaliteit[0] ? pl->kwaliteit : "{}");
    sl_pg_param_text(&p, pl->gemaakt_door);
    sl_pg_param_text(&p, pl->gemaakt_op);
    PGresult *res = pg_query(PGS(st), &q_pl_add, &p, "planning vastleggen mislukt");
    if (!res)
        return false;
    pl->id = sl_pg_col_int(res, 0, 0);
    pl->versie = sl_pg_col_int(res, 0, 1);
    pl->status = SL_PLANNING_CONCEPT;
    PQclear(res);
    return true;
}

static bool pg_planning_get(sl_store *st, int64_t id, sl_planning *out, bool *found)
{
    *found = false;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    PGresult *res = pg_query(PGS(st), &q_pl_get, &p, "planning lezen mislukt");
    if (!res)
        return false;
    bool ok = PQntuples(res) == 0 || read_plan(res, 0, out);
    *found = ok && PQntuples(res) == 1;
    PQclear(res);
    return ok || sl_store_fail(st, "onleesbare planning in register");
}

static bool pg_planning_update(sl_store *st, sl_planning *pl, int64_t expect_versie, bool *stale)
{
    *stale = false;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, pl->id);
    sl_pg_param_int(&p, expect_versie);
    sl_pg_param_text(&p, pl->status == SL_PLANNING_BEVESTIGD ? "bevestigd" : "concept");
    sl_pg_param_text(&p, pl->kwaliteit[0] ? pl->kwaliteit : "{}");
    pg_param_text_or_null(&p, pl->bevestigd_door);
    pg_param_text_or_null(&p, pl->bevestigd_op);
    PGresult *res = pg_query(PGS(st), &q_pl_update, &p, "planning wijzigen mislukt");
    if (!res)
        return false;
    if (PQntuples(res) == 1)
        pl->versie = sl_pg_col_int(res, 0, 0);
    else
        *stale = true;
    PQclear(res);
    return true;
}

static bool pg_planningen_scan(sl_store *st, sl_planning_cb cb, void *ctx)
{
    PGresult *res = pg_query(PGS(st), &q_pl_scan, NULL, "planningen lezen mislukt");
    if (!res)
        return false;
    bool ok = true, readable = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_planning pl;
        if (!(readable = read_plan(res, r, &pl)))
            break;
        ok = cb(ctx, &pl);
    }
    PQclear(res);
    if (!readable)
        return sl_store_fail(st, "onleesbare planning in register");
    return ok;
}

static bool pg_planningsregel_put(sl_store *st, int64_t planning_id, const sl_planningsregel *l)
{
    char a[11], b[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, planning_id);
    sl_pg_param_int(&p, l->opnameverzoek_id);
    pg_param_date(&p, l->day[SL_PLAN_IMG], a);
    pg_param_date(&p, l->day[SL_PLAN_NCG], b);
    sl_pg_param_text(&p, l->reden);
    return pg_run(PGS(st), &q_pr_put, &p, "planningsregel vastleggen mislukt");
}

static bool pg_planningsregels_of(sl_store *st, int64_t planning_id, sl_planningsregel_cb cb,
                                  void *ctx)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, planning_id);
    PGresult *res = pg_query(PGS(st), &q_pr_of, &p, "planningsregels lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_planningsregel l;
        memset(&l, 0, sizeof l);
        l.opnameverzoek_id = sl_pg_col_int(res, r, 0);
        l.day[SL_PLAN_IMG] = pg_col_date(res, r, 1);
        l.day[SL_PLAN_NCG] = pg_col_date(res, r, 2);
        pg_col_copy(res, r, 3, l.reden, sizeof l.reden);
        ok = cb(ctx, &l);
    }
    PQclear(res);
    return ok;
}

/* ---- inspections ------------------------------------------------------------------- */

static bool pg_opname_add(sl_store *st, sl_opname *o)
{
    char d[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, o->opnameverzoek_id);
    sl_pg_param_int(&p, o->address_id);
    sl_pg_param_text(&p, o->gemeentecode);
    sl_pg_param_text(&p, org_name(o->org));
    pg_param_date(&p, o->datum, d);
    sl_pg_param_int(&p, o->planning_id);
    sl_pg_param_text(&p, o->vastgelegd_op);
    PGresult *res = pg_query(PGS(st), &q_op_add, &p, "opname vastleggen mislukt");
    if (!res)
        return false;
    o->id = sl_pg_col_int(res, 0, 0);
    PQclear(res);
    return true;
}

static bool pg_opnames_scan(sl_store *st, sl_date van, sl_date tot, int64_t address_id,
                            sl_opname_cb cb, void *ctx)
{
    char a[11], b[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    pg_param_date(&p, van, a);
    pg_param_date(&p, tot, b);
    pg_param_id_or_null(&p, address_id);
    PGresult *res = pg_query(PGS(st), &q_op_scan, &p, "opnames lezen mislukt");
    if (!res)
        return false;
    bool ok = true, readable = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_opname o;
        memset(&o, 0, sizeof o);
        o.id = sl_pg_col_int(res, r, 0);
        o.opnameverzoek_id = sl_pg_col_int(res, r, 1);
        o.address_id = sl_pg_col_int(res, r, 2);
        pg_col_copy(res, r, 3, o.gemeentecode, sizeof o.gemeentecode);
        if (!(readable = org_parse(sl_pg_col_text(res, r, 4), &o.org)))
            break;
        o.datum = pg_col_date(res, r, 5);
        o.planning_id = sl_pg_col_int(res, r, 6);
        pg_col_copy(res, r, 7, o.vastgelegd_op, sizeof o.vastgelegd_op);
        ok = cb(ctx, &o);
    }
    PQclear(res);
    if (!readable)
        return sl_store_fail(st, "onleesbare opname in register");
    return ok;
}

const sl_opnames_ops pg_opnames_ops = {
    .opnameverzoek_add = pg_opnameverzoek_add,
    .opnameverzoek_get = pg_opnameverzoek_get,
    .opnameverzoek_set_status = pg_opnameverzoek_set_status,
    .opnameverzoeken_scan = pg_opnameverzoeken_scan,
    .capaciteit_put = pg_capaciteit_put,
    .capaciteit_scan = pg_capaciteit_scan,
    .planning_add = pg_planning_add,
    .planning_get = pg_planning_get,
    .planning_update = pg_planning_update,
    .planningen_scan = pg_planningen_scan,
    .planningsregel_put = pg_planningsregel_put,
    .planningsregels_of = pg_planningsregels_of,
    .opname_add = pg_opname_add,
    .opnames_scan = pg_opnames_scan,
};
