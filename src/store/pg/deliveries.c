/*
 * deliveries.c - the PostgreSQL backend of deliveries (store/deliveries_store.h):
 * each file read with its counts and rejected rows, who delivered it, and
 * held deliveries with what they would mark absent (docs/decisions.md 91).
 * The SQLite backend (sqlite/deliveries.c) is the model: same rows, same order.
 */
#include <string.h>

#include "store/pg/pg_int.h"

#define DELIVERY_COLUMNS                                                                    \
    "id, bestand, soort, iso_utc(gestart_op), rijen, geimporteerd, afgewezen, afwezig,"     \
    " nieuw, gewijzigd, ongewijzigd, status, geleverd_door, afgehandeld_door,"              \
    " toegepast_in, wordt_afwezig, huidig"

static const sl_pg_query q_add = {
    "deliveries_add", "INSERT INTO levering (bestand, soort) VALUES ($1, $2) RETURNING id"};
static const sl_pg_query q_finish = {
    "deliveries_finish",
    "UPDATE levering SET rijen = $2, geimporteerd = $3, afgewezen = $4, afwezig = $5,"
    " nieuw = $6, gewijzigd = $7, ongewijzigd = $8, sha256 = decode($9, 'hex') WHERE id = $1"};
static const sl_pg_query q_reject_add = {
    "deliveries_reject_add",
    "INSERT INTO afwijzing (levering_id, regel, kolom, reden) VALUES ($1, $2, $3, $4)"};
/* the row beside its rejection, in one statement: no id travels back and forth */
static const sl_pg_query q_reject_row_add = {
    "deliveries_reject_row_add",
    "WITH a AS (INSERT INTO afwijzing (levering_id, regel, kolom, reden)"
    " VALUES ($1, $2, $3, $4) RETURNING id)"
    " INSERT INTO afwijzing_rij (afwijzing_id, rij) SELECT id, $5 FROM a"};
static const sl_pg_query q_scan = {
    "deliveries_scan", "SELECT " DELIVERY_COLUMNS " FROM levering ORDER BY id DESC"};
static const sl_pg_query q_get = {"deliveries_get",
                                  "SELECT " DELIVERY_COLUMNS " FROM levering WHERE id = $1"};
static const sl_pg_query q_rejects_of = {
    "deliveries_rejects_of",
    "SELECT a.regel, a.kolom, a.reden, coalesce(r.rij, '') FROM afwijzing a"
    " LEFT JOIN afwijzing_rij r ON r.afwijzing_id = a.id"
    " WHERE a.levering_id = $1 ORDER BY a.regel, a.id"};
static const sl_pg_query q_set_door = {"deliveries_set_door",
                                       "UPDATE levering SET geleverd_door = $2 WHERE id = $1"};
static const sl_pg_query q_hold = {
    "deliveries_hold", "UPDATE levering SET status = 'aangehouden', afwezig = 0,"
                       " wordt_afwezig = $2, huidig = $3 WHERE id = $1"};
static const sl_pg_query q_absent_add = {
    "deliveries_absent_add", "INSERT INTO levering_afwezig (levering_id, sleutel)"
                             " VALUES ($1, $2) ON CONFLICT DO NOTHING"};
static const sl_pg_query q_settle = {
    "deliveries_settle", "UPDATE levering SET status = $2, afgehandeld_door = $3,"
                         " toegepast_in = $4 WHERE id = $1 AND status = 'aangehouden'"};
/* held: the list kept with it; applied: the absent markings in the history.
 * COLLATE "C": byte order, as SQLite sorts, whatever the database's locale. */
static const sl_pg_query q_absent_of = {
    "deliveries_absent_of",
    "SELECT sleutel FROM (SELECT sleutel FROM levering_afwezig WHERE levering_id = $1"
    " UNION ALL SELECT sleutel FROM statushistorie"
    " WHERE levering_id = $1 AND veld = 'afwezig' AND naar = 'ja') a"
    " ORDER BY sleutel COLLATE \"C\""};

/* Parameters holding one id. */
static void params_id(sl_pg_params *p, int64_t id)
{
    sl_pg_params_init(p);
    sl_pg_param_int(p, id);
}

/* ---- the file, its counts and rejected rows ---------------------------------- */

static bool pg_delivery_add(sl_store *st, const char *file, sl_kind kind, int64_t *id)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, file ? file : "");
    sl_pg_param_text(&p, sl_kind_name(kind));
    PGresult *res = pg_query(PGS(st), &q_add, &p, "levering vastleggen mislukt");
    if (!res)
        return false;
    *id = sl_pg_col_int(res, 0, 0);
    PQclear(res);
    return true;
}

static bool pg_delivery_finish(sl_store *st, int64_t id, const sl_delivery_counts *c,
                               const char *sha256_hex)
{
    sl_pg_params p;
    params_id(&p, id);
    sl_pg_param_int(&p, c->rows);
    sl_pg_param_int(&p, c->imported);
    sl_pg_param_int(&p, c->rejected);
    sl_pg_param_int(&p, c->absent);
    sl_pg_param_int(&p, c->nieuw);
    sl_pg_param_int(&p, c->gewijzigd);
    sl_pg_param_int(&p, c->ongewijzigd);
    sl_pg_param_text(&p, sha256_hex ? sha256_hex : "");
    return pg_run(PGS(st), &q_finish, &p, "levering afronden mislukt");
}

static bool pg_reject_add(sl_store *st, int64_t delivery_id, int64_t line, const char *column,
                          const char *reason, const char *row)
{
    sl_pg_params p;
    params_id(&p, delivery_id);
    sl_pg_param_int(&p, line);
    sl_pg_param_text(&p, column ? column : "");
    sl_pg_param_text(&p, reason ? reason : "");
    if (!row || !*row)
        return pg_run(PGS(st), &q_reject_add, &p, "afgewezen rij vastleggen mislukt");
    sl_pg_param_text(&p, row);
    return pg_run(PGS(st), &q_reject_row_add, &p, "afgewezen rij vastleggen mislukt");
}

static sl_kind kind_of(const char *k)
{
    return strcmp(k, "bag_adressen") == 0    ? SL_KIND_BAG
           : strcmp(k, "ncg_trajecten") == 0 ? SL_KIND_NCG
           : strcmp(k, "img_schades") == 0   ? SL_KIND_IMG
                                             : SL_KIND_UNKNOWN;
}

static sl_delivery_state state_of(const char *s)
{
    return strcmp(s, "aangehouden") == 0   ? SL_DELIVERY_AANGEHOUDEN
           : strcmp(s, "bevestigd") == 0   ? SL_DELIVERY_BEVESTIGD
           : strcmp(s, "ingetrokken") == 0 ? SL_DELIVERY_INGETROKKEN
                                           : SL_DELIVERY_VERWERKT;
}

static void read_delivery(const PGresult *res, int r, sl_delivery_row *d)
{
    memset(d, 0, sizeof *d);
    d->id = sl_pg_col_int(res, r, 0);
    pg_col_copy(res, r, 1, d->bestand, sizeof d->bestand);
    d->kind = kind_of(sl_pg_col_text(res, r, 2));
    pg_col_copy(res, r, 3, d->gestart_op, sizeof d->gestart_op);
    d->counts.rows = sl_pg_col_int(res, r, 4);
    d->counts.imported = sl_pg_col_int(res, r, 5);
    d->counts.rejected = sl_pg_col_int(res, r, 6);
    d->counts.absent = sl_pg_col_int(res, r, 7);
    d->counts.nieuw = sl_pg_col_int(res, r, 8);
    d->counts.gewijzigd = sl_pg_col_int(res, r, 9);
    d->counts.ongewijzigd = sl_pg_col_int(res, r, 10);
    d->status = state_of(sl_pg_col_text(res, r, 11));
    pg_col_copy(res, r, 12, d->geleverd_door, sizeof d->geleverd_door);
    pg_col_copy(res, r, 13, d->afgehandeld_door, sizeof d->afgehandeld_door);
    d->toegepast_in = sl_pg_col_int(res, r, 14);
    d->wordt_afwezig = sl_pg_col_int(res, r, 15);
    d->huidig = sl_pg_col_int(res, r, 16);
}

static bool pg_deliveries_scan(sl_store *st, sl_delivery_cb cb, void *ctx)
{
    PGresult *res = pg_query(PGS(st), &q_scan, NULL, "leveringen lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_delivery_row d;
        read_delivery(res, r, &d);
        ok = cb(ctx, &d);
    }
    PQclear(res);
    return ok;
}

static bool pg_delivery_get(sl_store *st, int64_t id, sl_delivery_row *out, bool *found)
{
    sl_pg_params p;
    params_id(&p, id);
    PGresult *res = pg_query(PGS(st), &q_get, &p, "levering lezen mislukt");
    if (!res)
        return false;
    *found = PQntuples(res) > 0;
    if (*found)
        read_delivery(res, 0, out);
    PQclear(res);
    return true;
}

static bool pg_rejects_of(sl_store *st, int64_t delivery_id, sl_reject_cb2 cb, void *ctx)
{
    sl_pg_params p;
    params_id(&p, delivery_id);
    PGresult *res = pg_query(PGS(st), &q_rejects_of, &p, "afwijzingen lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++)
        ok = cb(ctx, sl_pg_col_int(res, r, 0), sl_pg_col_text(res, r, 1),
                sl_pg_col_text(res, r, 2), sl_pg_col_text(res, r, 3));
    PQclear(res);
    return ok;
}

/* ---- who delivered, held deliveries ---------------------------------------------- */

static bool pg_delivery_set_door(sl_store *st, int64_t id, const char *door)
{
    sl_pg_params p;
    params_id(&p, id);
    sl_pg_param_text(&p, door ? door : "");
    return pg_run(PGS(st), &q_set_door, &p, "leverancier vastleggen mislukt");
}

static bool pg_delivery_hold(sl_store *st, int64_t id, int64_t wordt_afwezig, int64_t huidig)
{
    sl_pg_params p;
    params_id(&p, id);
    sl_pg_param_int(&p, wordt_afwezig);
    sl_pg_param_int(&p, huidig);
    return pg_run(PGS(st), &q_hold, &p, "levering aanhouden mislukt");
}

static bool pg_delivery_absent_add(sl_store *st, int64_t id, const char *sleutel)
{
    sl_pg_params p;
    params_id(&p, id);
    sl_pg_param_text(&p, sleutel ? sleutel : "");
    return pg_run(PGS(st), &q_absent_add, &p, "afwezige vastleggen mislukt");
}

static bool pg_delivery_settle(sl_store *st, int64_t id, sl_delivery_state to, const char *door,
                               int64_t toegepast_in, bool *settled)
{
    sl_pg_params p;
    params_id(&p, id);
    sl_pg_param_text(&p, sl_delivery_state_name(to));
    sl_pg_param_text(&p, door ? door : "");
    pg_param_id_or_null(&p, toegepast_in);
    PGresult *res = pg_query(PGS(st), &q_settle, &p, "levering afhandelen mislukt");
    if (!res)
        return false;
    *settled = strcmp(PQcmdTuples(res), "1") == 0;
    PQclear(res);
    return true;
}

static bool pg_delivery_absent_of(sl_store *st, int64_t id, sl_key_cb cb, void *ctx)
{
    sl_pg_params p;
    params_id(&p, id);
    PGresult *res = pg_query(PGS(st), &q_absent_of, &p, "afwezigen lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++)
        ok = cb(ctx, sl_pg_col_text(res, r, 0));
    PQclear(res);
    return ok;
}

const sl_deliveries_ops pg_deliveries_ops = {
    .delivery_add = pg_delivery_add,
    .delivery_finish = pg_delivery_finish,
    .reject_add = pg_reject_add,
    .deliveries_scan = pg_deliveries_scan,
    .delivery_get = pg_delivery_get,
    .rejects_of = pg_rejects_of,
    .delivery_set_door = pg_delivery_set_door,
    .delivery_hold = pg_delivery_hold,
    .delivery_absent_add = pg_delivery_absent_add,
    .delivery_settle = pg_delivery_settle,
    .delivery_absent_of = pg_delivery_absent_of,
};
