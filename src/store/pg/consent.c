/*
 * consent.c - the PostgreSQL backend of consent (store/consent_store.h):
 * requests, what became of them and the second person's confirmation, each
 * update guarded by the row's version. The semantics are sqlite/consent.c's;
 * days are `date`, bevestigd_op a timestamptz read back as SQLite stores it
 * (iso_utc, 0014_baseline.sql).
 */
#include <stdio.h>
#include <string.h>

#include "store/pg/pg_int.h"

#define CONSENT_COLUMNS                                                                      \
    "id, nummeraanduiding_id, doel, aangevraagd_op, gegeven_op, coalesce(kanaal, ''),"       \
    " ingetrokken_op, beoordeling, vastgelegd_door, versie, formulier_kenmerk,"              \
    " ingetrokken_door, vastgelegd_org, bevestigd_door, coalesce(iso_utc(bevestigd_op), '')"

static const sl_pg_query q_consent_add = {
    "consent_add",
    "INSERT INTO toestemming (nummeraanduiding_id, doel, aangevraagd_op, gegeven_op, kanaal,"
    " ingetrokken_op, beoordeling, vastgelegd_door, formulier_kenmerk, ingetrokken_door,"
    " vastgelegd_org, bevestigd_door, bevestigd_op)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id, versie"};
/* vastgelegd_op: when the consent given was recorded (or the request, before) */
static const sl_pg_query q_consent_update = {
    "consent_update",
    "UPDATE toestemming SET gegeven_op = $3::date, kanaal = $4, ingetrokken_op = $5,"
    " beoordeling = $6, vastgelegd_door = $7, formulier_kenmerk = $8, ingetrokken_door = $9,"
    " vastgelegd_org = $10, bevestigd_door = $11, bevestigd_op = $12, versie = versie + 1,"
    " vastgelegd_op = CASE WHEN gegeven_op IS NULL AND $3::date IS NOT NULL"
    " THEN date_trunc('second', now()) ELSE vastgelegd_op END"
    " WHERE id = $1 AND versie = $2 RETURNING versie"};
static const sl_pg_query q_consent_latest = {
    "consent_latest", "SELECT " CONSENT_COLUMNS " FROM toestemming"
                      " WHERE nummeraanduiding_id = $1 AND doel = $2 ORDER BY id DESC LIMIT 1"};
static const sl_pg_query q_consents_of = {
    "consent_of",
    "SELECT " CONSENT_COLUMNS " FROM toestemming WHERE nummeraanduiding_id = $1 ORDER BY id"};
static const sl_pg_query q_consent_get = {
    "consent_get", "SELECT " CONSENT_COLUMNS " FROM toestemming WHERE id = $1"};

static const char *const beoordeling_names[SL_BEOORDELING_COUNT] = {"", "akkoord", "afgewezen"};

static bool read_consent(const PGresult *res, int r, sl_toestemming *t)
{
    memset(t, 0, sizeof *t);
    t->id = sl_pg_col_int(res, r, 0);
    t->address_id = sl_pg_col_int(res, r, 1);
    const char *doel = sl_pg_col_text(res, r, 2);
    if (!sl_doel_parse(doel, strlen(doel), &t->doel))
        return false;
    t->aangevraagd_op = pg_col_date(res, r, 3);
    t->gegeven_op = pg_col_date(res, r, 4);
    pg_col_copy(res, r, 5, t->kanaal, sizeof t->kanaal);
    t->ingetrokken_op = pg_col_date(res, r, 6);
    const char *b = sl_pg_col_text(res, r, 7);
    t->beoordeling = SL_BEOORDELING_COUNT;
    for (int i = 0; i < SL_BEOORDELING_COUNT; i++)
        if (strcmp(b, beoordeling_names[i]) == 0)
            t->beoordeling = (sl_beoordeling)i;
    if (t->beoordeling == SL_BEOORDELING_COUNT)
        return false;
    pg_col_copy(res, r, 8, t->vastgelegd_door, sizeof t->vastgelegd_door);
    t->versie = sl_pg_col_int(res, r, 9);
    pg_col_copy(res, r, 10, t->formulier_kenmerk, sizeof t->formulier_kenmerk);
    pg_col_copy(res, r, 11, t->ingetrokken_door, sizeof t->ingetrokken_door);
    const char *org = sl_pg_col_text(res, r, 12);
    if (!sl_account_org_parse(org, strlen(org), &t->vastgelegd_org))
        return false;
    pg_col_copy(res, r, 13, t->bevestigd_door, sizeof t->bevestigd_door);
    pg_col_copy(res, r, 14, t->bevestigd_op, sizeof t->bevestigd_op);
    return true;
}

/* The evidence and confirmation columns, in the order formulier_kenmerk,
 * ingetrokken_door, vastgelegd_org, bevestigd_door, bevestigd_op (NULL until
 * confirmed), after the parameters added before. */
static void param_evidence(sl_pg_params *p, const sl_toestemming *t)
{
    sl_pg_param_text(p, t->formulier_kenmerk);
    sl_pg_param_text(p, t->ingetrokken_door);
    sl_pg_param_text(p, sl_account_org_name(t->vastgelegd_org));
    sl_pg_param_text(p, t->bevestigd_door);
    pg_param_text_or_null(p, t->bevestigd_op);
}

static bool pg_consent_add(sl_store *st, sl_toestemming *t)
{
    if ((unsigned)t->beoordeling >= SL_BEOORDELING_COUNT || !sl_doel_name(t->doel))
        return sl_store_fail(st, "toestemming: ongeldige waarde");
    char d1[11], d2[11], d3[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, t->address_id);
    sl_pg_param_text(&p, sl_doel_name(t->doel));
    pg_param_date(&p, t->aangevraagd_op, d1);
    pg_param_date(&p, t->gegeven_op, d2);
    pg_param_text_or_null(&p, t->kanaal);
    pg_param_date(&p, t->ingetrokken_op, d3);
    sl_pg_param_text(&p, beoordeling_names[t->beoordeling]);
    sl_pg_param_text(&p, t->vastgelegd_door);
    param_evidence(&p, t);
    PGresult *res = pg_query(PGS(st), &q_consent_add, &p, "toestemming vastleggen mislukt");
    if (!res)
        return false;
    if (PQntuples(res) == 1) {
        t->id = sl_pg_col_int(res, 0, 0);
        t->versie = sl_pg_col_int(res, 0, 1);
    }
    PQclear(res);
    return true;
}

static bool pg_consent_update(sl_store *st, sl_toestemming *t, bool *conflict)
{
    *conflict = false;
    if ((unsigned)t->beoordeling >= SL_BEOORDELING_COUNT)
        return sl_store_fail(st, "toestemming: ongeldige beoordeling");
    char d2[11], d3[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, t->id);
    sl_pg_param_int(&p, t->versie);
    pg_param_date(&p, t->gegeven_op, d2);
    pg_param_text_or_null(&p, t->kanaal);
    pg_param_date(&p, t->ingetrokken_op, d3);
    sl_pg_param_text(&p, beoordeling_names[t->beoordeling]);
    sl_pg_param_text(&p, t->vastgelegd_door);
    param_evidence(&p, t);
    PGresult *res = pg_query(PGS(st), &q_consent_update, &p, "toestemming bijwerken mislukt");
    if (!res)
        return false;
    bool updated = PQntuples(res) == 1;
    if (updated)
        t->versie = sl_pg_col_int(res, 0, 0);
    PQclear(res);
    *conflict = !updated;
    return true;
}

/* Runs a consent query of at most one row. */
static bool get_consent(sl_store *st, const sl_pg_query *q, const sl_pg_params *p,
                        sl_toestemming *out, bool *found)
{
    *found = false;
    PGresult *res = pg_query(PGS(st), q, p, "toestemming lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    if (PQntuples(res) > 0) {
        ok = read_consent(res, 0, out);
        *found = ok;
    }
    PQclear(res);
    if (!ok)
        return sl_store_fail(st, "onleesbare toestemming in register");
    return true;
}

static bool pg_consent_latest(sl_store *st, int64_t address_id, sl_doel doel, sl_toestemming *out,
                              bool *found)
{
    *found = false;
    if (!sl_doel_name(doel))
        return sl_store_fail(st, "toestemming: onbekend doel");
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, address_id);
    sl_pg_param_text(&p, sl_doel_name(doel));
    return get_consent(st, &q_consent_latest, &p, out, found);
}

static bool pg_consent_get(sl_store *st, int64_t id, sl_toestemming *out, bool *found)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    return get_consent(st, &q_consent_get, &p, out, found);
}

static bool pg_consents_of(sl_store *st, int64_t address_id, sl_consent_cb cb, void *ctx)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, address_id);
    PGresult *res = pg_query(PGS(st), &q_consents_of, &p, "toestemmingen lezen mislukt");
    if (!res)
        return false;
    bool ok = true, readable = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_toestemming t;
        if (!read_consent(res, r, &t)) {
            readable = false;
            break;
        }
        ok = cb(ctx, &t);
    }
    PQclear(res);
    if (!readable)
        return sl_store_fail(st, "onleesbare toestemming in register");
    return ok;
}

const sl_consent_ops pg_consent_ops = {
    .consent_add = pg_consent_add,
    .consent_update = pg_consent_update,
    .consent_latest = pg_consent_latest,
    .consent_get = pg_consent_get,
    .consents_of = pg_consents_of,
};

/* For the address view (pg/views.c): CONSENT_COLUMNS of one row. */
bool pg_read_consent(const PGresult *res, int r, sl_toestemming *t) { return read_consent(res, r, t); }
