/*
 * classification.c - the PostgreSQL backend of the classification family
 * (store/classification_store.h): the active matrix, the stored classification
 * of each NCG address and their tallies. The SQLite backend
 * (sqlite/classification.c) is the model; scans are in address order, which
 * SQLite gave by rowid.
 */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "store/pg/pg_int.h"

static const sl_pg_query q_matrix_active = {
    "classification_matrix_active",
    "SELECT m.versie, m.stap, m.fase, m.groep FROM matrixregel m"
    " JOIN regelset r ON r.soort = 'matrix' AND r.versie = m.versie"
    " WHERE ($1 = 0 AND r.actief) OR m.versie = $1"};
static const sl_pg_query q_versies = {
    "classification_regelset_versies",
    "SELECT r.versie, r.actief, r.omschrijving, coalesce(p.door, ''), iso_utc(r.ingevoerd_op)"
    " FROM regelset r LEFT JOIN regelpublicatie p USING (soort, versie)"
    " WHERE r.soort = $1 ORDER BY r.versie DESC"};
static const sl_pg_query q_set_off = {
    "classification_regelset_off",
    "UPDATE regelset SET actief = false WHERE soort = $1 AND actief"};
static const sl_pg_query q_set_add = {
    "classification_regelset_add",
    "INSERT INTO regelset (soort, versie, actief, omschrijving) VALUES ($1, $2, true, $3)"};
static const sl_pg_query q_auteur = {
    "classification_regelset_auteur",
    "INSERT INTO regelpublicatie (soort, versie, door) VALUES ($1, $2, $3)"};
static const sl_pg_query q_cel_add = {
    "classification_matrix_cel",
    "INSERT INTO matrixregel (versie, stap, fase, groep) VALUES ($1, $2, $3, $4)"};
static const sl_pg_query q_pairs = {
    "classification_pairs",
    "SELECT t.nummeraanduiding_id, t.stap, s.fase FROM traject t"
    " LEFT JOIN schade s ON s.nummeraanduiding_id = t.nummeraanduiding_id AND NOT s.afwezig"
    " WHERE NOT t.afwezig ORDER BY t.nummeraanduiding_id, t.id, s.id"};
static const sl_pg_query q_scan = {
    "classification_scan", "SELECT nummeraanduiding_id, stap, fase, potentieel, groep,"
                           " matrixversie FROM classificatie ORDER BY nummeraanduiding_id"};
/* one statement for both cases: the row is there afterwards, up to date */
static const sl_pg_query q_put = {
    "classification_put",
    "INSERT INTO classificatie (nummeraanduiding_id, stap, fase, potentieel, groep,"
    " matrixversie) VALUES ($1, $2, $3, $4, $5, $6)"
    " ON CONFLICT (nummeraanduiding_id) DO UPDATE SET stap = EXCLUDED.stap,"
    " fase = EXCLUDED.fase, potentieel = EXCLUDED.potentieel, groep = EXCLUDED.groep,"
    " matrixversie = EXCLUDED.matrixversie, berekend_op = now()"};
static const sl_pg_query q_delete = {"classification_delete",
                                     "DELETE FROM classificatie WHERE nummeraanduiding_id = $1"};
static const sl_pg_query q_tally_all = {
    "classification_tally_all", "SELECT stap, fase, potentieel, groep, matrixversie, count(*)"
                                " FROM classificatie GROUP BY 1, 2, 3, 4, 5"};
static const sl_pg_query q_tally_gemeente = {
    "classification_tally_gemeente",
    "SELECT c.stap, c.fase, c.potentieel, c.groep, c.matrixversie, count(*)"
    " FROM classificatie c JOIN adres a USING (nummeraanduiding_id)"
    " WHERE a.gemeentecode = $1 GROUP BY 1, 2, 3, 4, 5"};
static const sl_pg_query q_get = {"classification_get",
                                  "SELECT stap, fase, potentieel, groep, matrixversie"
                                  " FROM classificatie WHERE nummeraanduiding_id = $1"};

/* The phase stored: only an open one (NULL otherwise). */
static const char *stored_fase(const sl_stored_class *sc)
{
    return sc->fase < SL_FASE_COUNT && sl_fase_open(sc->fase) ? sl_fase_name(sc->fase) : NULL;
}

static bool parse_stap(const PGresult *res, int r, int c, sl_stap *out)
{
    const char *t = sl_pg_col_text(res, r, c);
    return sl_stap_parse(t, strlen(t), out);
}

static bool parse_fase(const PGresult *res, int r, int c, sl_fase *out)
{
    const char *t = sl_pg_col_text(res, r, c);
    return sl_fase_parse(t, strlen(t), out);
}

/* A group letter A-F, or -1. */
static int group_letter(const char *g)
{
    return g[0] >= 'A' && g[0] <= 'F' && !g[1] ? g[0] - 'A' : -1;
}

/* Version versie of the matrix, or the active one for 0. */
static bool read_matrix(sl_store *st, int32_t versie, sl_matrix *out, bool *found)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, versie);
    PGresult *res = pg_query(PGS(st), &q_matrix_active, &p, "matrix lezen mislukt");
    if (!res)
        return false;
    memset(out, 0, sizeof *out);
    bool ok = true;
    *found = PQntuples(res) > 0;
    for (int r = 0; r < PQntuples(res); r++) {
        sl_stap stap;
        sl_fase fase;
        int g = group_letter(sl_pg_col_text(res, r, 3));
        out->version = (int)sl_pg_col_int(res, r, 0);
        if (!parse_stap(res, r, 1, &stap) || !parse_fase(res, r, 2, &fase) ||
            stap >= SL_MATRIX_STAPPEN || fase >= SL_MATRIX_FASEN || g < 0) {
            ok = false;
            continue;
        }
        out->cell[stap][fase] = (sl_groep)(SL_GROEP_A + g);
    }
    PQclear(res);
    if (*found && (!ok || !sl_matrix_complete(out)))
        return sl_store_fail(st, "de samenwerkingsmatrix (versie %d) is onvolledig",
                             (int)out->version);
    return true;
}

static bool pg_matrix_active(sl_store *st, sl_matrix *out)
{
    bool found;
    if (!read_matrix(st, 0, out, &found))
        return false;
    return found || sl_store_fail(st, "er is geen actieve samenwerkingsmatrix");
}

static bool pg_matrix_versie(sl_store *st, int32_t versie, sl_matrix *out, bool *found)
{
    return versie > 0 ? read_matrix(st, versie, out, found) : (*found = false, true);
}

static bool pg_regelset_versies(sl_store *st, const char *soort, sl_regelset_versie_cb cb,
                                void *ctx)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, soort);
    PGresult *res = pg_query(PGS(st), &q_versies, &p, "regelversies lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_regelset_versie v = {.versie = (int32_t)sl_pg_col_int(res, r, 0),
                                .actief = sl_pg_col_bool(res, r, 1)};
        snprintf(v.omschrijving, sizeof v.omschrijving, "%s", sl_pg_col_text(res, r, 2));
        snprintf(v.door, sizeof v.door, "%s", sl_pg_col_text(res, r, 3));
        snprintf(v.ingevoerd_op, sizeof v.ingevoerd_op, "%s", sl_pg_col_text(res, r, 4));
        ok = cb(ctx, &v);
    }
    PQclear(res);
    return ok;
}

static bool pg_regelset_activeer(sl_store *st, const char *soort, int32_t versie,
                                 const char *omschrijving, const char *door)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, soort);
    if (!pg_run(PGS(st), &q_set_off, &p, "regels vastleggen mislukt"))
        return false;
    sl_pg_param_int(&p, versie);
    sl_pg_param_text(&p, omschrijving);
    if (!pg_run(PGS(st), &q_set_add, &p, "regels vastleggen mislukt"))
        return false;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, soort);
    sl_pg_param_int(&p, versie);
    sl_pg_param_text(&p, door);
    return pg_run(PGS(st), &q_auteur, &p, "regels vastleggen mislukt");
}

static bool pg_matrix_cellen_put(sl_store *st, const sl_matrix *m)
{
    for (int stap = 0; stap < SL_MATRIX_STAPPEN; stap++)
        for (int fase = 0; fase < SL_MATRIX_FASEN; fase++) {
            sl_pg_params p;
            sl_pg_params_init(&p);
            sl_pg_param_int(&p, m->version);
            sl_pg_param_text(&p, sl_stap_name((sl_stap)stap));
            sl_pg_param_text(&p, sl_fase_name((sl_fase)fase));
            sl_pg_param_text(&p, sl_groep_name(m->cell[stap][fase]));
            if (!pg_run(PGS(st), &q_cel_add, &p, "matrix vastleggen mislukt"))
                return false;
        }
    return true;
}

/* A scan's caller: the handle, its callback and context. */
typedef struct scan_ctx {
    sl_store *st;
    union {
        sl_pair_cb pair;
        sl_class_cb cls;
    } cb;
    void *ctx;
} scan_ctx;

static bool pair_row(void *ctx, const PGresult *res, int r)
{
    scan_ctx *s = ctx;
    sl_stap stap;
    sl_fase fase = SL_FASE_COUNT;
    if (!parse_stap(res, r, 1, &stap))
        return sl_store_fail(s->st, "onbekende stap in register");
    bool has_claim = !sl_pg_col_null(res, r, 2);
    if (has_claim && !parse_fase(res, r, 2, &fase))
        return sl_store_fail(s->st, "onbekende fase in register");
    return s->cb.pair(s->ctx, sl_pg_col_int(res, r, 0), stap, has_claim, fase);
}

static bool pg_scan_trajectory_claims(sl_store *st, sl_pair_cb cb, void *ctx)
{
    scan_ctx s = {.st = st, .cb.pair = cb, .ctx = ctx};
    return pg_scan(PGS(st), &q_pairs, NULL, "trajecten en schades lezen mislukt", pair_row, &s);
}

/* Reads columns (stap, fase, potentieel, groep, matrixversie) starting at `col`. */
static bool read_class(const PGresult *res, int r, int col, sl_stored_class *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->fase = SL_FASE_COUNT;
    if (!parse_stap(res, r, col, &sc->stap))
        return false;
    if (!sl_pg_col_null(res, r, col + 1) && !parse_fase(res, r, col + 1, &sc->fase))
        return false;
    const char *pot = sl_pg_col_text(res, r, col + 2);
    bool found = false;
    for (int p = 0; p < SL_POT_COUNT; p++)
        if (strcmp(pot, sl_potentieel_name((sl_potentieel)p)) == 0) {
            sc->c.potentieel = (sl_potentieel)p;
            found = true;
        }
    if (!found)
        return false;
    int g = group_letter(sl_pg_col_text(res, r, col + 3));
    sc->c.groep = g >= 0 ? (sl_groep)(SL_GROEP_A + g) : SL_GROEP_NONE;
    sc->c.matrix_version = (int)sl_pg_col_int(res, r, col + 4);
    return true;
}

static bool class_row(void *ctx, const PGresult *res, int r)
{
    scan_ctx *s = ctx;
    sl_stored_class sc;
    if (!read_class(res, r, 1, &sc))
        return sl_store_fail(s->st, "onleesbare classificatie in register");
    sc.address_id = sl_pg_col_int(res, r, 0);
    return s->cb.cls(s->ctx, &sc);
}

static bool pg_scan_classifications(sl_store *st, sl_class_cb cb, void *ctx)
{
    scan_ctx s = {.st = st, .cb.cls = cb, .ctx = ctx};
    return pg_scan(PGS(st), &q_scan, NULL, "classificaties lezen mislukt", class_row, &s);
}

/*
 * Inside a write transaction the puts are held back and sent as one
 * INSERT ... SELECT FROM unnest(...) ON CONFLICT per batch: a refresh after a
 * delivery writes tens of thousands of rows, one round trip each otherwise.
 * The handle's next statement of any family, its commit and a full batch send
 * them first (pg_store.pending), so reads and later writes see them in order;
 * a rollback drops them. One batch per thread, as a handle belongs to one.
 */
#define BATCH_ROWS 8192

/* A growing text; `failed` once memory ran out (the batch then fails at send). */
typedef struct text_buf {
    char *s;
    size_t len, cap;
    bool failed;
} text_buf;

static void text_put(text_buf *b, const char *v, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1u << 14;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = sl_realloc(b->s, cap);
        if (!grown) {
            b->failed = true;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, v, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void text_puts(text_buf *b, const char *v) { text_put(b, v, strlen(v)); }

typedef struct put_batch {
    pg_store *owner;
    size_t n;
    /* the columns as PostgreSQL array literals, "{" ... without the closing "}" */
    text_buf col[6];
    bool (*before)(pg_store *ps, bool send); /* what was pending before the first put */
} put_batch;

static _Thread_local put_batch batch;

/* the same address twice in a batch: its last put wins, as row by row */
static const sl_pg_query q_put_many = {
    "classification_put_many",
    "INSERT INTO classificatie (nummeraanduiding_id, stap, fase, potentieel, groep,"
    " matrixversie)"
    " SELECT DISTINCT ON (u.id) u.id, u.stap, u.fase, u.pot, u.groep, u.versie"
    " FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[],"
    "  $6::integer[]) WITH ORDINALITY AS u(id, stap, fase, pot, groep, versie, n)"
    " ORDER BY u.id, u.n DESC"
    " ON CONFLICT (nummeraanduiding_id) DO UPDATE SET stap = EXCLUDED.stap,"
    " fase = EXCLUDED.fase, potentieel = EXCLUDED.potentieel, groep = EXCLUDED.groep,"
    " matrixversie = EXCLUDED.matrixversie, berekend_op = now()"};

static void batch_reset(void)
{
    for (int c = 0; c < 6; c++)
        sl_free(batch.col[c].s);
    memset(&batch, 0, sizeof batch);
}

static bool batch_send(pg_store *ps, bool send)
{
    bool (*before)(pg_store *, bool) = batch.before;
    batch.before = NULL;
    bool ok = !before || before(ps, send);
    if (ok && send && batch.n) {
        sl_pg_params p;
        sl_pg_params_init(&p);
        for (int c = 0; c < 6; c++) {
            text_puts(&batch.col[c], "}");
            if (batch.col[c].failed)
                ok = false;
            sl_pg_param_text(&p, batch.col[c].s);
        }
        if (!ok)
            sl_store_fail(&ps->base, "onvoldoende geheugen");
        ok = ok && pg_run(ps, &q_put_many, &p, "classificatie opslaan mislukt");
    }
    batch_reset();
    return ok;
}

/* Appends one element to a column's array literal; NULL for v == NULL. The
 * values are the core's names (letters, digits, underscores) and numbers. */
static void batch_elem(int c, const char *v)
{
    text_buf *b = &batch.col[c];
    text_puts(b, batch.n ? "," : "{");
    if (!v) {
        text_puts(b, "NULL");
        return;
    }
    text_puts(b, "\"");
    text_puts(b, v);
    text_puts(b, "\"");
}

static bool put_one(sl_store *st, const sl_stored_class *sc)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, sc->address_id);
    sl_pg_param_text(&p, sl_stap_name(sc->stap));
    sl_pg_param_text(&p, stored_fase(sc));
    sl_pg_param_text(&p, sl_potentieel_name(sc->c.potentieel));
    pg_param_text_or_null(&p, sl_groep_name(sc->c.groep));
    sl_pg_param_int(&p, sc->c.matrix_version);
    return pg_run(PGS(st), &q_put, &p, "classificatie opslaan mislukt");
}

static bool pg_classification_put(sl_store *st, const sl_stored_class *sc)
{
    pg_store *ps = PGS(st);
    if (!ps->in_write || (batch.owner && batch.owner != ps))
        return put_one(st, sc);
    char id[24], versie[24];
    const char *groep = sl_groep_name(sc->c.groep);
    snprintf(id, sizeof id, "%lld", (long long)sc->address_id);
    snprintf(versie, sizeof versie, "%d", (int)sc->c.matrix_version);
    batch_elem(0, id);
    batch_elem(1, sl_stap_name(sc->stap));
    batch_elem(2, stored_fase(sc));
    batch_elem(3, sl_potentieel_name(sc->c.potentieel));
    batch_elem(4, groep && *groep ? groep : NULL);
    batch_elem(5, versie);
    batch.n++;
    batch.owner = ps;
    /* another family's held rows (history, decision 243) are sent first */
    if (ps->pending != batch_send) {
        batch.before = ps->pending;
        ps->pending = batch_send;
    }
    if (batch.n < BATCH_ROWS)
        return true;
    ps->pending = NULL;
    return batch_send(ps, true);
}

static bool pg_classification_delete(sl_store *st, int64_t address_id)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, address_id);
    return pg_run(PGS(st), &q_delete, &p, "classificatie verwijderen mislukt");
}

static bool pg_tally(sl_store *st, const char *gemeentecode, sl_tally *out)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    if (gemeentecode)
        sl_pg_param_text(&p, gemeentecode);
    PGresult *res = pg_query(PGS(st), gemeentecode ? &q_tally_gemeente : &q_tally_all, &p,
                             "classificaties tellen mislukt");
    if (!res)
        return false;
    memset(out, 0, sizeof *out);
    bool ok = true;
    for (int r = 0; r < PQntuples(res); r++) {
        sl_stored_class sc;
        if (!read_class(res, r, 0, &sc)) {
            ok = false;
            continue;
        }
        sl_tally_add(out, sc.stap, sc.fase, &sc.c, sl_pg_col_int(res, r, 5));
    }
    PQclear(res);
    return ok || sl_store_fail(st, "onleesbare classificatie in register");
}

static bool pg_classification_get(sl_store *st, int64_t address_id, sl_stored_class *out,
                                  bool *found)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, address_id);
    PGresult *res = pg_query(PGS(st), &q_get, &p, "classificatie lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    *found = PQntuples(res) > 0;
    if (*found && !read_class(res, 0, 0, out))
        ok = sl_store_fail(st, "onleesbare classificatie in register");
    if (*found)
        out->address_id = address_id;
    PQclear(res);
    return ok;
}

const sl_classification_ops pg_classification_ops = {
    .matrix_active = pg_matrix_active,
    .scan_trajectory_claims = pg_scan_trajectory_claims,
    .scan_classifications = pg_scan_classifications,
    .classification_put = pg_classification_put,
    .classification_delete = pg_classification_delete,
    .tally = pg_tally,
    .classification_get = pg_classification_get,
    .regelset_versies = pg_regelset_versies,
    .regelset_activeer = pg_regelset_activeer,
    .matrix_versie = pg_matrix_versie,
    .matrix_cellen_put = pg_matrix_cellen_put,
};

/* For the address view (pg/views.c): columns col.. as q_get's. */
bool pg_read_class(const PGresult *res, int r, int col, sl_stored_class *sc)
{
    return read_class(res, r, col, sc);
}
