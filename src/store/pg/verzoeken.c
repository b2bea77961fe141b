/*
 * verzoeken.c - the PostgreSQL backend of SVIP information requests
 * (store/verzoeken_store.h). The semantics are sqlite/verzoeken.c's; the
 * moments are timestamptz, read back as SQLite stores them (iso_utc,
 * 0014_baseline.sql).
 */
#include <stdio.h>
#include <string.h>

#include "store/pg/pg_int.h"

#define VZ_COLUMNS                                                                           \
    "id, org, aanvrager, aanvrager_rol, nummeraanduiding_id, type, doel, grondslag, vraag,"  \
    " coalesce(antwoord, ''), coalesce(beantwoord_door, ''), iso_utc(ingediend_op),"         \
    " coalesce(iso_utc(beantwoord_op), ''), status, versie"

static const sl_pg_query q_add = {
    "verzoeken_add",
    "INSERT INTO verzoek (org, aanvrager, aanvrager_rol, nummeraanduiding_id, type, doel,"
    " grondslag, vraag, ingediend_op) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    " RETURNING id, versie"};
static const sl_pg_query q_get = {"verzoeken_get",
                                  "SELECT " VZ_COLUMNS " FROM verzoek WHERE id = $1"};
static const sl_pg_query q_answer = {
    "verzoeken_answer",
    "UPDATE verzoek SET antwoord = $3, beantwoord_door = $4, beantwoord_op = $5,"
    " grondslag = $6, status = 'beantwoord', versie = versie + 1"
    " WHERE id = $1 AND versie = $2 AND status = 'open' RETURNING versie"};
/* the casts: a parameter that is only tested for NULL has no type of its own */
static const sl_pg_query q_scan = {
    "verzoeken_scan",
    "SELECT " VZ_COLUMNS " FROM verzoek"
    " WHERE ($1::text IS NULL OR status = $1::text) AND ($2::text IS NULL OR type = $2::text)"
    " AND ($3::bigint IS NULL OR nummeraanduiding_id = $3::bigint)"
    " AND ($4::text IS NULL OR org = $4::text) ORDER BY id"};
static const sl_pg_query q_tally = {
    "verzoeken_tally", "SELECT type, status, count(*) FROM verzoek"
                       " WHERE ($1::text IS NULL OR org = $1::text) GROUP BY type, status"};

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

static bool read_verzoek(const PGresult *res, int r, sl_verzoek *v)
{
    memset(v, 0, sizeof *v);
    v->id = sl_pg_col_int(res, r, 0);
    const char *t = sl_pg_col_text(res, r, 1);
    if (!sl_account_org_parse(t, strlen(t), &v->org))
        return false;
    pg_col_copy(res, r, 2, v->aanvrager, sizeof v->aanvrager);
    t = sl_pg_col_text(res, r, 3);
    if (!sl_role_parse(t, strlen(t), &v->aanvrager_rol))
        return false;
    v->address_id = sl_pg_col_int(res, r, 4);
    if (!sl_verzoek_type_parse(sl_pg_col_text(res, r, 5), &v->type))
        return false;
    t = sl_pg_col_text(res, r, 6);
    if (!sl_doel_parse(t, strlen(t), &v->doel))
        return false;
    t = sl_pg_col_text(res, r, 7);
    v->grondslag = SL_GRONDSLAG_COUNT;
    for (int g = 0; g < SL_GRONDSLAG_COUNT; g++)
        if (grondslag_valid((sl_grondslag)g) && strcmp(t, grondslag_text((sl_grondslag)g)) == 0)
            v->grondslag = (sl_grondslag)g;
    if (v->grondslag == SL_GRONDSLAG_COUNT)
        return false;
    pg_col_copy(res, r, 8, v->vraag, sizeof v->vraag);
    pg_col_copy(res, r, 9, v->antwoord, sizeof v->antwoord);
    pg_col_copy(res, r, 10, v->beantwoord_door, sizeof v->beantwoord_door);
    pg_col_copy(res, r, 11, v->ingediend_op, sizeof v->ingediend_op);
    pg_col_copy(res, r, 12, v->beantwoord_op, sizeof v->beantwoord_op);
    if (!sl_verzoek_status_parse(sl_pg_col_text(res, r, 13), &v->status))
        return false;
    v->versie = sl_pg_col_int(res, r, 14);
    return true;
}

static bool pg_verzoek_add(sl_store *st, sl_verzoek *v)
{
    const char *org = sl_account_org_name(v->org), *type = sl_verzoek_type_name(v->type);
    const char *doel = sl_doel_name(v->doel), *rol = sl_role_name(v->aanvrager_rol);
    if (v->org == SL_ACCOUNT_ORG_NONE || !org || !*org || !type || !doel || !rol || !*rol ||
        !grondslag_valid(v->grondslag))
        return sl_store_fail(st, "verzoek: ongeldige waarde");
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, org);
    sl_pg_param_text(&p, v->aanvrager);
    sl_pg_param_text(&p, rol);
    sl_pg_param_int(&p, v->address_id);
    sl_pg_param_text(&p, type);
    sl_pg_param_text(&p, doel);
    sl_pg_param_text(&p, grondslag_text(v->grondslag));
    sl_pg_param_text(&p, v->vraag);
    sl_pg_param_text(&p, v->ingediend_op);
    PGresult *res = pg_query(PGS(st), &q_add, &p, "verzoek vastleggen mislukt");
    if (!res)
        return false;
    if (PQntuples(res) == 1) {
        v->id = sl_pg_col_int(res, 0, 0);
        v->versie = sl_pg_col_int(res, 0, 1);
    }
    PQclear(res);
    v->status = SL_VZ_OPEN;
    return true;
}

static bool pg_verzoek_get(sl_store *st, int64_t id, sl_verzoek *out, bool *found)
{
    *found = false;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    PGresult *res = pg_query(PGS(st), &q_get, &p, "verzoek lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    if (PQntuples(res) > 0) {
        ok = read_verzoek(res, 0, out);
        *found = ok;
    }
    PQclear(res);
    if (!ok)
        return sl_store_fail(st, "onleesbaar verzoek in register");
    return true;
}

static bool pg_verzoek_answer(sl_store *st, sl_verzoek *v, bool *conflict)
{
    *conflict = false;
    if (!grondslag_valid(v->grondslag) || !v->antwoord[0] || !v->beantwoord_door[0] ||
        !v->beantwoord_op[0])
        return sl_store_fail(st, "verzoek: ongeldig antwoord");
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, v->id);
    sl_pg_param_int(&p, v->versie);
    sl_pg_param_text(&p, v->antwoord);
    sl_pg_param_text(&p, v->beantwoord_door);
    sl_pg_param_text(&p, v->beantwoord_op);
    sl_pg_param_text(&p, grondslag_text(v->grondslag));
    PGresult *res = pg_query(PGS(st), &q_answer, &p, "antwoord vastleggen mislukt");
    if (!res)
        return false;
    bool updated = PQntuples(res) == 1;
    if (updated)
        v->versie = sl_pg_col_int(res, 0, 0);
    PQclear(res);
    *conflict = !updated;
    if (updated)
        v->status = SL_VZ_BEANTWOORD;
    return true;
}

static bool pg_verzoeken_scan(sl_store *st, const sl_verzoek_filter *f, sl_verzoek_cb cb,
                              void *ctx)
{
    const char *status = f->status >= 0 ? sl_verzoek_status_name((sl_verzoek_status)f->status)
                                        : NULL;
    const char *type = f->type >= 0 ? sl_verzoek_type_name((sl_verzoek_type)f->type) : NULL;
    if ((f->status >= 0 && !status) || (f->type >= 0 && !type))
        return sl_store_fail(st, "verzoeken: ongeldig filter");
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, status);
    sl_pg_param_text(&p, type);
    if (f->address_id)
        sl_pg_param_int(&p, f->address_id);
    else
        sl_pg_param_text(&p, NULL);
    sl_pg_param_text(&p, f->org != SL_ACCOUNT_ORG_NONE ? sl_account_org_name(f->org) : NULL);
    PGresult *res = pg_query(PGS(st), &q_scan, &p, "verzoeken lezen mislukt");
    if (!res)
        return false;
    bool ok = true, readable = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_verzoek v;
        if (!read_verzoek(res, r, &v)) {
            readable = false;
            break;
        }
        ok = cb(ctx, &v);
    }
    PQclear(res);
    if (!readable)
        return sl_store_fail(st, "onleesbaar verzoek in register");
    return ok;
}

static bool pg_verzoeken_count(sl_store *st, sl_account_org org,
                               int64_t out[SL_VZ_TYPE_COUNT][SL_VZ_STATUS_COUNT])
{
    memset(out, 0, sizeof(int64_t) * SL_VZ_TYPE_COUNT * SL_VZ_STATUS_COUNT);
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, org != SL_ACCOUNT_ORG_NONE ? sl_account_org_name(org) : NULL);
    PGresult *res = pg_query(PGS(st), &q_tally, &p, "verzoeken tellen mislukt");
    if (!res)
        return false;
    bool readable = true;
    for (int r = 0; r < PQntuples(res); r++) {
        sl_verzoek_type t;
        sl_verzoek_status s;
        if (!sl_verzoek_type_parse(sl_pg_col_text(res, r, 0), &t) ||
            !sl_verzoek_status_parse(sl_pg_col_text(res, r, 1), &s)) {
            readable = false;
            continue;
        }
        out[t][s] = sl_pg_col_int(res, r, 2);
    }
    PQclear(res);
    if (!readable)
        return sl_store_fail(st, "onleesbaar verzoek in register");
    return true;
}

const sl_verzoeken_ops pg_verzoeken_ops = {
    .verzoek_add = pg_verzoek_add,
    .verzoek_get = pg_verzoek_get,
    .verzoek_answer = pg_verzoek_answer,
    .verzoeken_scan = pg_verzoeken_scan,
    .verzoeken_count = pg_verzoeken_count,
};
