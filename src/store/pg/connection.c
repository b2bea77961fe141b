/*
 * connection.c - the PostgreSQL backend's handle: opening (migrations, the
 * first rule sets), closing, transactions and read snapshots, the statement
 * helpers every family uses, and the backend's table of families
 * (store/backend.h). Each family's SQL lives in its own file beside this one.
 *
 * Writers (decision 143): READ COMMITTED, and every write transaction first
 * takes one transaction-scoped advisory lock on the register, so that write
 * transactions of all instances run one after the other, as SQLite's
 * BEGIN IMMEDIATE does: each family keeps SQLite's semantics (read, decide,
 * write) without serialisation failures to retry, and the processing log's
 * chain head is taken by one writer at a time. Readers never wait: a read
 * snapshot is a REPEATABLE READ READ ONLY transaction.
 */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "store/pg/pg_int.h"

/* pg_advisory_xact_lock keys, beside pg_conn.c's migration lock ("samenlop"):
 * the register's writers, and the look log's own writer (its transactions
 * never wait for the register's, as on SQLite where it is a file of its own). */
#define WRITER_LOCK "8314046669514370929"
#define LOOKS_WRITER_LOCK "8314046669514370930"

static const sl_pg_query q_writer = {"connection_writer",
                                     "SELECT pg_advisory_xact_lock(" WRITER_LOCK ")"};
static const sl_pg_query q_ping = {"connection_ping", "SELECT 1"};
static const sl_pg_query q_looks_writer = {"connection_looks_writer",
                                           "SELECT pg_advisory_xact_lock(" LOOKS_WRITER_LOCK ")"};

static const sl_store_backend pg_backend;

/* ---- statements --------------------------------------------------------------- */

/* Outside a transaction a statement may be the first after the server went
 * away (a restart, a failover): connect again first. Inside one the
 * transaction is lost anyway and the caller's rollback ends it. */
static void reconnect_if_idle(pg_store *ps)
{
    if (!ps->in_write && ps->read_depth == 0)
        sl_pg_ensure_connected(ps->pg);
}

/* Sends (send) or drops what a family holds back (pg_store.pending); the hook
 * is cleared first, so that the family's own statement does not come back here. */
static bool settle_pending(pg_store *ps, bool send)
{
    bool (*pending)(pg_store *, bool) = ps->pending;
    ps->pending = NULL;
    return !pending || pending(ps, send);
}

PGresult *pg_query(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, const char *what)
{
    if (!settle_pending(ps, true))
        return NULL;
    reconnect_if_idle(ps);
    PGresult *res = sl_pg_run(ps->pg, q, p, what);
    if (!res)
        pg_fail(ps, what);
    return res;
}

bool pg_run(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, const char *what)
{
    PGresult *res = pg_query(ps, q, p, what);
    PQclear(res);
    return res != NULL;
}

/* Rows per FETCH: large enough that the round trips do not count, small
 * enough that a result stays a few MiB. */
#define SCAN_BATCH "4096"

static bool rows_to(const PGresult *res, pg_row_cb cb, void *ctx)
{
    for (int r = 0; r < PQntuples(res); r++)
        if (!cb(ctx, res, r))
            return false;
    return true;
}

/* The statement's result when libpq's status is a success, else NULL with the
 * message on the handle. */
static PGresult *checked(pg_store *ps, PGresult *res, const char *what)
{
    ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
        return res;
    sl_pg_fail(ps->pg, "%s: %s", what,
               res ? PQresultErrorMessage(res) : PQerrorMessage(sl_pg_conn(ps->pg)));
    PQclear(res);
    pg_fail(ps, NULL);
    return NULL;
}

bool pg_scan_small(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, const char *what,
                   pg_row_cb cb, void *ctx)
{
    if (!settle_pending(ps, true))
        return false;
    PGresult *res = pg_query(ps, q, p, what);
    bool ok = res && rows_to(res, cb, ctx);
    PQclear(res);
    return ok;
}

bool pg_scan(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, const char *what,
             pg_row_cb cb, void *ctx)
{
    if (!settle_pending(ps, true))
        return false;
    if (!ps->in_write && ps->read_depth == 0) {
        PGresult *res = pg_query(ps, q, p, what);
        bool ok = res && rows_to(res, cb, ctx);
        PQclear(res);
        return ok;
    }
    if (p && p->overflow)
        return sl_store_fail(&ps->base, "%s: te veel parameters", what);
    PGconn *conn = sl_pg_conn(ps->pg);
    char name[32], sql[64];
    snprintf(name, sizeof name, "sl_scan_%d", ps->cursors);
    size_t cap = strlen(q->sql) + 64;
    char *declare = sl_malloc(cap);
    if (!declare)
        return sl_store_fail(&ps->base, "onvoldoende geheugen");
    snprintf(declare, cap, "DECLARE %s NO SCROLL CURSOR FOR %s", name, q->sql);
    PGresult *res = checked(ps, PQexecParams(conn, declare, p ? p->n : 0, NULL,
                                             p ? p->value : NULL, NULL, NULL, 0), what);
    sl_free(declare);
    if (!res)
        return false;
    PQclear(res);
    ps->cursors++;
    snprintf(sql, sizeof sql, "FETCH " SCAN_BATCH " FROM %s", name);
    bool ok = true;
    for (;;) {
        res = checked(ps, PQexec(conn, sql), what);
        if (!res) {
            ok = false;
            break;
        }
        int n = PQntuples(res);
        ok = rows_to(res, cb, ctx);
        PQclear(res);
        if (!ok || n == 0)
            break;
    }
    ps->cursors--;
    /* after a failed statement the transaction is aborted and takes the cursor along */
    if (PQtransactionStatus(conn) == PQTRANS_INTRANS) {
        snprintf(sql, sizeof sql, "CLOSE %s", name);
        PQclear(PQexec(conn, sql));
    }
    return ok;
}

/* ---- lifecycle ------------------------------------------------------------------ */

static void pg_rollback(sl_store *st);

static void pg_close(sl_store *st)
{
    pg_store *ps = PGS(st);
    settle_pending(ps, false);
    if (ps->pg)
        sl_pg_rollback(ps->pg);
    sl_pg_close(ps->pg);
    sl_free(ps);
}

static int pg_schema_version(sl_store *st)
{
    pg_store *ps = PGS(st);
    reconnect_if_idle(ps);
    int v = sl_pg_schema_version(ps->pg);
    if (v < 0)
        pg_fail(ps, "schemaversie lezen mislukt");
    return v;
}

static bool pg_ping(sl_store *st)
{
    return pg_run(PGS(st), &q_ping, NULL, "register bereiken mislukt");
}

/* A new handle on the database (migrated), or NULL with the message in err. */
static pg_store *pg_new(const char *conninfo, bool looks, char *err, size_t errcap)
{
    pg_store *ps = sl_calloc(1, sizeof *ps);
    if (!ps) {
        snprintf(err, errcap, "onvoldoende geheugen");
        return NULL;
    }
    ps->base.backend = &pg_backend;
    ps->looks = looks;
    ps->load_kind = SL_KIND_UNKNOWN;
    ps->pg = sl_pg_open(conninfo, err, errcap);
    if (!ps->pg) {
        sl_free(ps);
        return NULL;
    }
    return ps;
}

bool sl_pg_store_open(const char *conninfo, sl_store **out, char *err, size_t errcap)
{
    *out = NULL;
    pg_store *ps = pg_new(conninfo, false, err, errcap);
    if (!ps)
        return false;
    if (!pg_seed_rules(ps)) {
        snprintf(err, errcap, "%s", ps->base.errmsg);
        pg_close(&ps->base);
        return false;
    }
    *out = &ps->base;
    return true;
}

/*
 * The look log is schema inzage of the same database. Its handle is a
 * connection of its own (decision 143): the look writer's group commit runs
 * its own transactions beside the register's, under its own lock.
 */
bool sl_pg_store_open_looks(const char *conninfo, sl_store **out, char *err, size_t errcap)
{
    *out = NULL;
    pg_store *ps = pg_new(conninfo, true, err, errcap);
    if (ps)
        *out = &ps->base;
    return ps != NULL;
}

/* ---- transactions ------------------------------------------------------------------ */

static void pg_read_end(sl_store *st);

/* BEGIN, once more on a new connection when the old one turns out to be gone:
 * nothing has happened in the transaction yet. */
static bool begin_tx(pg_store *ps, const char *sql)
{
    sl_pg_ensure_connected(ps->pg);
    if (sl_pg_exec(ps->pg, sql, "transactie starten mislukt"))
        return true;
    if (PQstatus(sl_pg_conn(ps->pg)) == CONNECTION_BAD && sl_pg_ensure_connected(ps->pg) &&
        sl_pg_exec(ps->pg, sql, "transactie starten mislukt"))
        return true;
    return pg_fail(ps, NULL);
}

static bool begin_write(pg_store *ps)
{
    /* as on SQLite: a write ends the request's snapshot around it; inside a
     * service's own read pair it is a programming error, named plainly */
    if (ps->read_depth > 1)
        return sl_store_fail(&ps->base, "schrijven binnen een leesmoment kan niet");
    if (ps->read_depth == 1)
        pg_read_end(&ps->base);
    if (ps->in_write)
        return sl_store_fail(&ps->base, "transactie starten mislukt: er loopt er al een");
    if (!begin_tx(ps, "BEGIN ISOLATION LEVEL READ COMMITTED"))
        return false;
    ps->in_write = true;
    if (!pg_run(ps, ps->looks ? &q_looks_writer : &q_writer, NULL,
                "wachten op andere schrijvers mislukt")) {
        sl_pg_rollback(ps->pg);
        ps->in_write = false;
        return false;
    }
    return true;
}

static bool pg_begin(sl_store *st) { return begin_write(PGS(st)); }

/*
 * A first load checks its references to addresses once, at its commit, as
 * SQLite's does (decision 177): the references to adres of the four tables a
 * load writes are DEFERRABLE (migration 0021) and deferred here, and
 * check_load_references names the first unknown address before the COMMIT,
 * with SQLite's message; the deferred foreign keys are the guarantee behind it.
 * The kind is kept for that check and for the records family's bulk path.
 */
static const sl_pg_query q_load_defer = {
    "connection_load_defer",
    "SET CONSTRAINTS traject_nummeraanduiding_id_fkey, schade_nummeraanduiding_id_fkey,"
    " classificatie_nummeraanduiding_id_fkey, combinatiedossier_nummeraanduiding_id_fkey"
    " DEFERRED"};

static bool pg_begin_load(sl_store *st, sl_kind kind)
{
    pg_store *ps = PGS(st);
    if (!begin_write(ps))
        return false;
    if (!pg_run(ps, &q_load_defer, NULL, "verwijzingscontrole uitstellen mislukt")) {
        sl_pg_rollback(ps->pg);
        ps->in_write = false;
        return false;
    }
    ps->load_kind = kind;
    return true;
}

/* SQLite's load_checks (sqlite/connection.c), table by table: each gives an
 * address that a row names and the register lacks. */
static const sl_pg_query q_load_checks[] = {
    {"connection_load_check_traject",
     "SELECT d.id FROM (SELECT DISTINCT nummeraanduiding_id AS id FROM traject) d"
     " WHERE NOT EXISTS (SELECT 1 FROM adres a WHERE a.nummeraanduiding_id = d.id) LIMIT 1"},
    {"connection_load_check_schade",
     "SELECT d.id FROM (SELECT DISTINCT nummeraanduiding_id AS id FROM schade) d"
     " WHERE NOT EXISTS (SELECT 1 FROM adres a WHERE a.nummeraanduiding_id = d.id) LIMIT 1"},
    {"connection_load_check_classificatie",
     "SELECT c.nummeraanduiding_id FROM classificatie c WHERE NOT EXISTS"
     " (SELECT 1 FROM adres a WHERE a.nummeraanduiding_id = c.nummeraanduiding_id) LIMIT 1"},
    {"connection_load_check_combinatiedossier",
     "SELECT c.nummeraanduiding_id FROM combinatiedossier c WHERE NOT EXISTS"
     " (SELECT 1 FROM adres a WHERE a.nummeraanduiding_id = c.nummeraanduiding_id) LIMIT 1"},
};

static bool check_load_references(pg_store *ps)
{
    for (size_t i = 0; i < sizeof q_load_checks / sizeof q_load_checks[0]; i++) {
        /* an address load writes no references to addresses; a trajectory load no claims */
        if (ps->load_kind == SL_KIND_BAG || (i == 0 && ps->load_kind != SL_KIND_NCG) ||
            (i == 1 && ps->load_kind != SL_KIND_IMG))
            continue;
        PGresult *res = pg_query(ps, &q_load_checks[i], NULL, "verwijzingen controleren mislukt");
        if (!res)
            return false;
        int64_t id = PQntuples(res) > 0 ? (int64_t)sl_pg_col_int(res, 0, 0) : 0;
        PQclear(res);
        if (id) {
            char bag[17];
            sl_bag_format(id, bag);
            return sl_store_fail(&ps->base, "verwijzing naar onbekend adres %s", bag);
        }
    }
    return true;
}

static bool pg_commit(sl_store *st)
{
    pg_store *ps = PGS(st);
    if (!ps->in_write)
        return sl_store_fail(st, "transactie vastleggen mislukt: er loopt er geen");
    if (!settle_pending(ps, true)) {
        pg_rollback(st);
        return false;
    }
    if (ps->load_kind != SL_KIND_UNKNOWN && !check_load_references(ps))
        return false; /* still in the transaction: the caller rolls back */
    bool ok = sl_pg_commit(ps->pg);
    /* a failed COMMIT ends the transaction too (PostgreSQL rolls it back) */
    ps->in_write = false;
    ps->load_kind = SL_KIND_UNKNOWN;
    return ok || pg_fail(ps, NULL);
}

static void pg_rollback(sl_store *st)
{
    pg_store *ps = PGS(st);
    settle_pending(ps, false);
    if (!ps->in_write)
        return;
    sl_pg_rollback(ps->pg);
    ps->in_write = false;
    ps->load_kind = SL_KIND_UNKNOWN;
}

/* Reads nest: the outermost pair decides. Inside a write transaction the
 * reads simply see it (no snapshot of their own). */
static bool pg_read_begin(sl_store *st)
{
    pg_store *ps = PGS(st);
    if (ps->read_depth > 0 || ps->in_write) {
        ps->read_depth++;
        return true;
    }
    if (!begin_tx(ps, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        return false;
    ps->read_depth = 1;
    return true;
}

static void pg_read_end(sl_store *st)
{
    pg_store *ps = PGS(st);
    if (ps->read_depth == 0 || --ps->read_depth > 0 || ps->in_write)
        return;
    /* a snapshot only reads: ending it cannot lose anything; after a failed
     * read the transaction is aborted and ROLLBACK is what ends it */
    sl_pg_rollback(ps->pg);
}

/* ---- the backend's table ------------------------------------------------------------- */

extern const sl_opnames_ops pg_opnames_ops __attribute__((weak)); /* pg/opnames.c */
extern const sl_termijnen_ops pg_termijnen_ops __attribute__((weak));
extern const sl_views_ops pg_views_ops __attribute__((weak)); /* pg/views.c */

static const sl_store_backend pg_backend = {
    .name = "postgresql",
    .close = pg_close,
    .schema_version = pg_schema_version,
    .ping = pg_ping,
    .begin = pg_begin,
    .begin_load = pg_begin_load,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .read_begin = pg_read_begin,
    .read_end = pg_read_end,
    .records = &pg_records_ops,
    .deliveries = &pg_deliveries_ops,
    .classification = &pg_classification_ops,
    .dossiers = &pg_dossiers_ops,
    .signals = &pg_signals_ops,
    .accounts = &pg_accounts_ops,
    .log = &pg_log_ops,
    .consent = &pg_consent_ops,
    .verzoeken = &pg_verzoeken_ops,
    .opnames = &pg_opnames_ops,
    .termijnen = &pg_termijnen_ops,
    .views = &pg_views_ops,
};
