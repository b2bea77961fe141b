/*
 * dossiers.c - the PostgreSQL backend of combination dossiers
 * (store/dossiers_store.h): the facts the signal rules see of one address,
 * the dossier row and its elements. The SQLite backend (sqlite/dossiers.c) is
 * the model. SQLite sorts NULL lowest; here a descending order says NULLS
 * LAST to pick the same row.
 */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "store/pg/pg_int.h"

/* The lead claim of an address: the latest open one, else the latest. */
#define LEAD_CLAIM_ORDER "ORDER BY fase <> 'afgehandeld' DESC, fase_sinds DESC NULLS LAST, id DESC"

/* One round trip for what SQLite reads in five small queries: the current
 * trajectory (the first, as SQLite's index order gives it), the claims'
 * counts, the lead claim's case manager, the classification, and whether
 * the resident declined the full inspection. */
/* The facts' columns and joins for the address ID (an SQL expression). */
#define FACTS_COLUMNS(ID)                                                                   \
    " t.stap, t.bijzondere_situatie, t.stap_sinds, t.bewonersbegeleider,"                  \
    " c.n, c.open, c.urgent, c.aos, c.last, l.zaakbegeleider, k.potentieel, k.groep,"      \
    " EXISTS (SELECT 1 FROM dossierelement WHERE nummeraanduiding_id = " ID                 \
    "  AND element = 'totaalopname' AND status = 'afgewezen')"
#define FACTS_CLAIMS(ID)                                                                    \
    "(SELECT count(*) AS n, count(*) FILTER (WHERE fase <> 'afgehandeld') AS open,"        \
    "  count(*) FILTER (WHERE fase <> 'afgehandeld' AND urgent) AS urgent,"                \
    "  count(*) FILTER (WHERE aos AND aos_gegrond) AS aos, max(fase_sinds) AS last"        \
    "  FROM schade WHERE nummeraanduiding_id = " ID " AND NOT afwezig) c"
#define FACTS_JOINS(ID)                                                                     \
    " LEFT JOIN LATERAL (SELECT stap, bijzondere_situatie, stap_sinds, bewonersbegeleider" \
    "  FROM traject WHERE nummeraanduiding_id = " ID " AND NOT afwezig ORDER BY id LIMIT 1)" \
    "  t ON true"                                                                           \
    " LEFT JOIN LATERAL (SELECT zaakbegeleider FROM schade WHERE nummeraanduiding_id = " ID \
    "  AND NOT afwezig " LEAD_CLAIM_ORDER " LIMIT 1) l ON true"                              \
    " LEFT JOIN classificatie k ON k.nummeraanduiding_id = " ID

static const sl_pg_query q_facts = {
    "dossiers_facts",
    "SELECT" FACTS_COLUMNS("$1") " FROM " FACTS_CLAIMS("$1") FACTS_JOINS("$1")};
/* The same for many addresses (decision 242): column 0 is the id's place in $1. */
static const sl_pg_query q_facts_many = {
    "dossiers_facts_many",
    "SELECT a.i," FACTS_COLUMNS("a.id") " FROM unnest($1::bigint[]) WITH ORDINALITY a (id, i)"
    " CROSS JOIN LATERAL " FACTS_CLAIMS("a.id") FACTS_JOINS("a.id")};
enum {
    F_STAP, F_BIJZONDER, F_STAP_SINDS, F_BEWONERSBEGELEIDER, F_CLAIMS, F_OPEN, F_URGENT, F_AOS,
    F_LAST_CLAIM, F_ZAAKBEGELEIDER, F_POTENTIEEL, F_GROEP, F_DECLINED,
};
#define DOSSIER_COLUMNS                                                                     \
    "zaakbegeleider, bewonersbegeleider, coordinator, samenwerking, actueel, versie,"      \
    " iso_utc(aangemaakt_op), iso_utc(gewijzigd_op), coordinator_id"
static const sl_pg_query q_get = {
    "dossiers_get",
    "SELECT " DOSSIER_COLUMNS " FROM combinatiedossier WHERE nummeraanduiding_id = $1"};
/* column 0: the id's place in $1 (decision 242) */
static const sl_pg_query q_get_many = {
    "dossiers_get_many",
    "SELECT a.i, " DOSSIER_COLUMNS " FROM unnest($1::bigint[]) WITH ORDINALITY a (id, i)"
    " JOIN combinatiedossier d ON d.nummeraanduiding_id = a.id"};
/* SQLite's update-else-insert in one statement: versie and gewijzigd_op move
 * on an update only */
static const sl_pg_query q_put = {
    "dossiers_put",
    "INSERT INTO combinatiedossier AS d (nummeraanduiding_id, zaakbegeleider,"
    " bewonersbegeleider, coordinator, samenwerking, actueel, coordinator_id)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)"
    " ON CONFLICT (nummeraanduiding_id) DO UPDATE SET zaakbegeleider = EXCLUDED.zaakbegeleider,"
    " bewonersbegeleider = EXCLUDED.bewonersbegeleider, coordinator = EXCLUDED.coordinator,"
    " samenwerking = EXCLUDED.samenwerking, actueel = EXCLUDED.actueel,"
    " coordinator_id = EXCLUDED.coordinator_id, versie = d.versie + 1, gewijzigd_op = now()"};
static const sl_pg_query q_baseline = {
    "dossiers_baseline",
    "INSERT INTO combinatiedossier AS d (nummeraanduiding_id, zaakbegeleider,"
    " bewonersbegeleider)"
    " SELECT c.nummeraanduiding_id,"
    "  coalesce((SELECT s.zaakbegeleider FROM schade s WHERE s.nummeraanduiding_id ="
    "   c.nummeraanduiding_id AND NOT s.afwezig"
    "   ORDER BY s.fase <> 'afgehandeld' DESC, s.fase_sinds DESC NULLS LAST, s.id DESC"
    "   LIMIT 1), ''),"
    "  coalesce((SELECT t.bewonersbegeleider FROM traject t WHERE t.nummeraanduiding_id ="
    "   c.nummeraanduiding_id AND NOT t.afwezig ORDER BY t.id LIMIT 1), '')"
    " FROM classificatie c WHERE c.potentieel <> 'geen_schademelding'"
    " ON CONFLICT (nummeraanduiding_id) DO UPDATE SET"
    "  zaakbegeleider = EXCLUDED.zaakbegeleider,"
    "  bewonersbegeleider = EXCLUDED.bewonersbegeleider, actueel = true"};
static const sl_pg_query q_element_put = {
    "dossiers_element_put",
    "INSERT INTO dossierelement AS e (nummeraanduiding_id, element, status, gevraagd_op,"
    " geregeld_op, afgewezen_op, door) VALUES ($1, $2, $3, $4, $5, $6, $7)"
    " ON CONFLICT (nummeraanduiding_id, element) DO UPDATE SET status = EXCLUDED.status,"
    " gevraagd_op = coalesce(EXCLUDED.gevraagd_op, e.gevraagd_op),"
    " geregeld_op = coalesce(EXCLUDED.geregeld_op, e.geregeld_op),"
    " afgewezen_op = coalesce(EXCLUDED.afgewezen_op, e.afgewezen_op), door = EXCLUDED.door,"
    " gewijzigd_op = now()"};
static const sl_pg_query q_elements_of = {
    "dossiers_elements_of",
    "SELECT element, status, gevraagd_op, geregeld_op, afgewezen_op, door"
    " FROM dossierelement WHERE nummeraanduiding_id = $1 ORDER BY element COLLATE \"C\""};

static void params_id(sl_pg_params *p, int64_t id)
{
    sl_pg_params_init(p);
    sl_pg_param_int(p, id);
}

static sl_date later(sl_date a, sl_date b)
{
    if (a == SL_DATE_NONE)
        return b;
    return b != SL_DATE_NONE && b > a ? b : a;
}

/* An address without records: what the facts say when no row came back. */
static void facts_empty(sl_dossier_facts *out)
{
    memset(out, 0, sizeof *out);
    out->last_change = SL_DATE_NONE;
    out->view.bijzondere_situatie = SL_FLAG_UNKNOWN;
}

/* The facts in row `row` of res, their columns from `off` on. */
static void read_facts(const PGresult *res, int row, int off, sl_dossier_facts *out)
{
    facts_empty(out);
    const char *stap_text = sl_pg_col_text(res, row, off + F_STAP);
    sl_stap stap;
    if (!sl_pg_col_null(res, row, off + F_STAP) &&
        sl_stap_parse(stap_text, strlen(stap_text), &stap)) {
        out->view.has_trajectory = true;
        out->view.stap = stap;
    }
    out->view.bijzondere_situatie = pg_col_flag(res, row, off + F_BIJZONDER);
    pg_col_copy(res, row, off + F_BEWONERSBEGELEIDER, out->bewonersbegeleider,
                sizeof out->bewonersbegeleider);
    out->view.claims_total = (int)sl_pg_col_int(res, row, off + F_CLAIMS);
    out->view.claims_open = (int)sl_pg_col_int(res, row, off + F_OPEN);
    out->view.claims_open_urgent = (int)sl_pg_col_int(res, row, off + F_URGENT);
    out->view.claims_aos_gegrond = (int)sl_pg_col_int(res, row, off + F_AOS);
    out->last_change = later(pg_col_date(res, row, off + F_STAP_SINDS),
                             pg_col_date(res, row, off + F_LAST_CLAIM));
    pg_col_copy(res, row, off + F_ZAAKBEGELEIDER, out->zaakbegeleider,
                sizeof out->zaakbegeleider);
    const char *pot = sl_pg_col_text(res, row, off + F_POTENTIEEL);
    for (int p = 0; p < SL_POT_COUNT; p++)
        if (strcmp(pot, sl_potentieel_name((sl_potentieel)p)) == 0)
            out->view.potentieel = (sl_potentieel)p;
    const char *g = sl_pg_col_text(res, row, off + F_GROEP);
    out->view.groep = g[0] >= 'A' && g[0] <= 'F' ? (sl_groep)(SL_GROEP_A + (g[0] - 'A'))
                                                : SL_GROEP_NONE;
    out->view.opname_geweigerd = sl_pg_col_bool(res, row, off + F_DECLINED);
}

static bool pg_dossier_facts(sl_store *st, int64_t address_id, sl_dossier_facts *out)
{
    facts_empty(out);
    sl_pg_params p;
    params_id(&p, address_id);
    PGresult *res = pg_query(PGS(st), &q_facts, &p, "dossier lezen mislukt");
    if (!res)
        return false;
    if (PQntuples(res) == 1)
        read_facts(res, 0, 0, out);
    PQclear(res);
    return true;
}

/* The dossier row in row `row` of res, its columns from `off` on. */
static void read_dossier(const PGresult *res, int row, int off, int64_t address_id,
                         sl_dossier_row *out)
{
    memset(out, 0, sizeof *out);
    out->address_id = address_id;
    pg_col_copy(res, row, off + 0, out->zaakbegeleider, sizeof out->zaakbegeleider);
    pg_col_copy(res, row, off + 1, out->bewonersbegeleider, sizeof out->bewonersbegeleider);
    pg_col_copy(res, row, off + 2, out->coordinator, sizeof out->coordinator);
    pg_col_copy(res, row, off + 3, out->samenwerking, sizeof out->samenwerking);
    out->actueel = sl_pg_col_bool(res, row, off + 4);
    out->versie = sl_pg_col_int(res, row, off + 5);
    pg_col_copy(res, row, off + 6, out->aangemaakt_op, sizeof out->aangemaakt_op);
    pg_col_copy(res, row, off + 7, out->gewijzigd_op, sizeof out->gewijzigd_op);
    out->coordinator_id = sl_pg_col_int(res, row, off + 8);
}

void pg_read_dossier_row(const PGresult *res, int r, int64_t address_id, sl_dossier_row *out)
{
    read_dossier(res, r, 0, address_id, out);
}

static bool pg_dossier_get(sl_store *st, int64_t address_id, sl_dossier_row *out, bool *found)
{
    memset(out, 0, sizeof *out);
    sl_pg_params p;
    params_id(&p, address_id);
    PGresult *res = pg_query(PGS(st), &q_get, &p, "combinatiedossier lezen mislukt");
    if (!res)
        return false;
    *found = PQntuples(res) > 0;
    if (*found)
        pg_read_dossier_row(res, 0, address_id, out);
    PQclear(res);
    return true;
}

/* Ids per statement of the many-address reads: a few hundred kB of answer. */
#define MANY_CHUNK 1000

/* ids[0..n) as an array literal for a bigint[] parameter; NULL when out of memory. */
static char *id_array(const int64_t *ids, size_t n)
{
    char *text = sl_malloc(n * 21 + 3);
    if (!text)
        return NULL;
    size_t o = 0;
    text[o++] = '{';
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(text + o, 22, "%s%lld", i ? "," : "", (long long)ids[i]);
    text[o++] = '}';
    text[o] = '\0';
    return text;
}

/*
 * Runs q (its column 0 the 1-based place of an id in $1) over ids in chunks;
 * row_fn reads each row into place index.
 */
typedef void (*many_row_fn)(void *ctx, const PGresult *res, int row, size_t index);
static bool read_many(pg_store *ps, const sl_pg_query *q, const int64_t *ids, size_t n,
                      const char *what, many_row_fn row_fn, void *ctx)
{
    for (size_t from = 0; from < n; from += MANY_CHUNK) {
        size_t k = n - from < MANY_CHUNK ? n - from : MANY_CHUNK;
        char *arr = id_array(ids + from, k);
        if (!arr)
            return sl_store_fail(&ps->base, "onvoldoende geheugen");
        sl_pg_params p;
        sl_pg_params_init(&p);
        sl_pg_param_text(&p, arr);
        PGresult *res = pg_query(ps, q, &p, what);
        sl_free(arr);
        if (!res)
            return false;
        for (int r = 0; r < PQntuples(res); r++) {
            int64_t place = sl_pg_col_int(res, r, 0);
            if (place >= 1 && (size_t)place <= k)
                row_fn(ctx, res, r, from + (size_t)place - 1);
        }
        PQclear(res);
    }
    return true;
}

static void facts_row(void *ctx, const PGresult *res, int row, size_t index)
{
    read_facts(res, row, 1, &((sl_dossier_facts *)ctx)[index]);
}

static bool pg_dossier_facts_many(sl_store *st, const int64_t *ids, size_t n,
                                  sl_dossier_facts *out)
{
    for (size_t i = 0; i < n; i++)
        facts_empty(&out[i]);
    return read_many(PGS(st), &q_facts_many, ids, n, "dossier lezen mislukt", facts_row, out);
}

typedef struct dossier_rows {
    const int64_t *ids;
    sl_dossier_row *out;
    bool *found;
} dossier_rows;

static void dossier_row(void *ctx, const PGresult *res, int row, size_t index)
{
    dossier_rows *d = ctx;
    read_dossier(res, row, 1, d->ids[index], &d->out[index]);
    d->found[index] = true;
}

static bool pg_dossier_get_many(sl_store *st, const int64_t *ids, size_t n, sl_dossier_row *out,
                                bool *found)
{
    memset(out, 0, n * sizeof *out);
    memset(found, 0, n * sizeof *found);
    dossier_rows d = {ids, out, found};
    return read_many(PGS(st), &q_get_many, ids, n, "combinatiedossier lezen mislukt",
                     dossier_row, &d);
}

static bool pg_dossier_put(sl_store *st, const sl_dossier_row *row)
{
    sl_pg_params p;
    params_id(&p, row->address_id);
    sl_pg_param_text(&p, row->zaakbegeleider);
    sl_pg_param_text(&p, row->bewonersbegeleider);
    sl_pg_param_text(&p, row->coordinator);
    sl_pg_param_text(&p, row->samenwerking[0] ? row->samenwerking : "geen");
    sl_pg_param_bool(&p, row->actueel);
    if (row->coordinator_id > 0)
        sl_pg_param_int(&p, row->coordinator_id);
    else
        sl_pg_param_text(&p, NULL);
    return pg_run(PGS(st), &q_put, &p, "combinatiedossier opslaan mislukt");
}

static bool pg_dossiers_baseline(sl_store *st)
{
    return pg_run(PGS(st), &q_baseline, NULL, "combinatiedossiers aanmaken mislukt");
}

static bool pg_element_put(sl_store *st, int64_t address_id, const sl_element_row *e)
{
    char d1[11], d2[11], d3[11];
    sl_pg_params p;
    params_id(&p, address_id);
    sl_pg_param_text(&p, sl_element_name(e->element));
    sl_pg_param_text(&p, sl_element_status_name(e->status));
    pg_param_date(&p, e->gevraagd_op, d1);
    pg_param_date(&p, e->geregeld_op, d2);
    pg_param_date(&p, e->afgewezen_op, d3);
    sl_pg_param_text(&p, e->door);
    return pg_run(PGS(st), &q_element_put, &p, "element opslaan mislukt");
}

bool pg_read_element(const PGresult *res, int r, sl_element_row *e)
{
    memset(e, 0, sizeof *e);
    const char *el = sl_pg_col_text(res, r, 0), *status = sl_pg_col_text(res, r, 1);
    if (!sl_element_parse(el, strlen(el), &e->element) ||
        !sl_element_status_parse(status, strlen(status), &e->status))
        return false;
    e->gevraagd_op = pg_col_date(res, r, 2);
    e->geregeld_op = pg_col_date(res, r, 3);
    e->afgewezen_op = pg_col_date(res, r, 4);
    pg_col_copy(res, r, 5, e->door, sizeof e->door);
    return true;
}

static bool pg_elements_of(sl_store *st, int64_t address_id, sl_element_cb cb, void *ctx)
{
    sl_pg_params p;
    params_id(&p, address_id);
    PGresult *res = pg_query(PGS(st), &q_elements_of, &p, "elementen lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_element_row e;
        if (pg_read_element(res, r, &e))
            ok = cb(ctx, &e);
    }
    PQclear(res);
    return ok;
}

const sl_dossiers_ops pg_dossiers_ops = {
    .dossier_facts = pg_dossier_facts,
    .dossier_get = pg_dossier_get,
    .dossier_put = pg_dossier_put,
    .dossiers_baseline = pg_dossiers_baseline,
    .element_put = pg_element_put,
    .elements_of = pg_elements_of,
    .dossier_facts_many = pg_dossier_facts_many,
    .dossier_get_many = pg_dossier_get_many,
};
