/*
 * pg_conn.c - one PostgreSQL connection: open, migrate, prepared statements,
 * parameters, results, transactions, errors (pg_conn.h).
 */
#include "store/pg/pg_conn.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

/* pg_advisory_xact_lock key of the migrations: "samenlop" as 8 bytes. Advisory
 * locks are per database, so registers in one cluster do not wait on each other. */
#define MIGRATION_LOCK "8314046669514370928"

struct sl_pg {
    PGconn *conn;
    /* the connection string's password as written and percent-decoded, to be
     * cut out of every message; "" when there is none */
    char secret[2][256];
    char errmsg[512];
    /* the statements prepared on this connection, by their sl_pg_query's address
     * (open addressing, a power of two; NULL is free) */
    const sl_pg_query **prepared;
    size_t prepared_cap, prepared_n;
};

/* ---- secrets out of messages ------------------------------------------------ */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void percent_decode(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = in; *p && n + 1 < cap; p++) {
        int hi, lo;
        if (*p == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
            out[n++] = (char)(hi * 16 + lo);
            p += 2;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
}

/* Copies [from, to) into out, truncated to cap. */
static void copy_span(const char *from, const char *to, char *out, size_t cap)
{
    size_t len = (size_t)(to - from);
    if (len >= cap)
        len = cap - 1;
    memcpy(out, from, len);
    out[len] = '\0';
}

/*
 * The password as the connection string writes it, found without libpq (whose
 * parser may be the one that failed, and whose message may quote it): the
 * URI's user:password@ part, a ?password= / &password= query parameter, or a
 * password= keyword (quoted or not).
 */
static void find_secret(const char *ci, char *out, size_t cap)
{
    out[0] = '\0';
    const char *scheme = strstr(ci, "://");
    if (scheme) {
        const char *auth = scheme + 3;
        const char *end = auth + strcspn(auth, "/?");
        const char *at = NULL;
        for (const char *p = auth; p < end; p++)
            if (*p == '@')
                at = p; /* the last @ before the host: a password may hold one */
        const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon) {
            copy_span(colon + 1, at, out, cap);
            return;
        }
        for (const char *q = strstr(ci, "password="); q; q = strstr(q + 1, "password=")) {
            if (q > ci && (q[-1] == '?' || q[-1] == '&')) {
                const char *v = q + 9;
                copy_span(v, v + strcspn(v, "&"), out, cap);
                return;
            }
        }
        return;
    }
    for (const char *q = strstr(ci, "password"); q; q = strstr(q + 1, "password")) {
        if (q > ci && q[-1] != ' ' && q[-1] != '\t')
            continue;
        const char *v = q + 8;
        v += strspn(v, " \t");
        if (*v != '=')
            continue;
        v++;
        v += strspn(v, " \t");
        if (*v == '\'') {
            const char *e = v + 1;
            while (*e && *e != '\'')
                e += (*e == '\\' && e[1]) ? 2 : 1;
            copy_span(v + 1, e, out, cap);
        } else {
            copy_span(v, v + strcspn(v, " \t"), out, cap);
        }
        return;
    }
}

/* Replaces every occurrence of each secret in msg (in place) with "***". */
static void redact(const sl_pg *pg, char *msg, size_t cap)
{
    for (int i = 0; i < 2; i++) {
        const char *s = pg->secret[i];
        size_t slen = strlen(s);
        if (slen == 0)
            continue;
        for (char *hit = strstr(msg, s); hit; hit = strstr(hit + 3, s)) {
            size_t tail = strlen(hit + slen) + 1;
            if ((size_t)(hit - msg) + 3 + tail > cap)
                tail = cap - (size_t)(hit - msg) - 3;
            memmove(hit + 3, hit + slen, tail);
            memcpy(hit, "***", 3);
            msg[cap - 1] = '\0';
        }
    }
}

bool sl_pg_fail(sl_pg *pg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pg->errmsg, sizeof pg->errmsg, fmt, ap);
    va_end(ap);
    /* libpq ends its messages with a newline; one line reads better in a log */
    size_t n = strlen(pg->errmsg);
    while (n > 0 && (pg->errmsg[n - 1] == '\n' || pg->errmsg[n - 1] == ' '))
        pg->errmsg[--n] = '\0';
    redact(pg, pg->errmsg, sizeof pg->errmsg);
    return false;
}

const char *sl_pg_error(const sl_pg *pg) { return pg->errmsg; }

PGconn *sl_pg_conn(sl_pg *pg) { return pg->conn; }

/* ---- open --------------------------------------------------------------------- */

bool sl_pg_is_conninfo(const char *db)
{
    if (!db)
        return false;
    if (strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0)
        return true;
    size_t klen = strcspn(db, "= \t");
    const char *after = db + klen + strspn(db + klen, " \t");
    if (klen == 0 || *after != '=')
        return false;
    PQconninfoOption *opts = PQconndefaults();
    bool known = false;
    for (PQconninfoOption *o = opts; o && o->keyword; o++)
        if (strlen(o->keyword) == klen && strncmp(o->keyword, db, klen) == 0)
            known = true;
    PQconninfoFree(opts);
    return known;
}

/* Notices (CREATE ... IF NOT EXISTS that exists) are not errors: dropped, so
 * that libpq does not print them on stderr. */
static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* What every session needs, on a new connection and after a reconnect. */
static bool setup_session(sl_pg *pg)
{
    PQsetNoticeProcessor(pg->conn, ignore_notice, NULL);
    /* dates read back as YYYY-MM-DD and moments in UTC whatever the server's
     * defaults; the families format moments with the schema's iso_utc() */
    return sl_pg_exec(pg, "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD';"
                          " SET IntervalStyle = 'iso_8601'",
                      "sessie instellen mislukt");
}

sl_pg *sl_pg_connect(const char *conninfo, char *err, size_t errcap)
{
    sl_pg *pg = sl_calloc(1, sizeof *pg);
    if (!pg) {
        snprintf(err, errcap, "onvoldoende geheugen");
        return NULL;
    }
    find_secret(conninfo, pg->secret[0], sizeof pg->secret[0]);
    percent_decode(pg->secret[0], pg->secret[1], sizeof pg->secret[1]);
    /* expand_dbname: the one value is a URI or keyword string; the
     * application name only where the string gives none. connect_timeout comes
     * first so that the string's own (or PGCONNECT_TIMEOUT's) wins: without one, a
     * host that does not answer holds a reconnect, and /readyz, for minutes. */
    const char *const keys[] = {"connect_timeout", "dbname", "fallback_application_name",
                                "client_encoding", NULL};
    const char *timeout = getenv("PGCONNECT_TIMEOUT");
    const char *const values[] = {timeout && *timeout ? timeout : "10", conninfo, "samenloop",
                                  "UTF8", NULL};
    pg->conn = PQconnectdbParams(keys, values, 1);
    if (!pg->conn || PQstatus(pg->conn) != CONNECTION_OK) {
        sl_pg_fail(pg, "verbinden met PostgreSQL mislukt: %s",
                   pg->conn ? PQerrorMessage(pg->conn) : "onvoldoende geheugen");
        snprintf(err, errcap, "%s", pg->errmsg);
        sl_pg_close(pg);
        return NULL;
    }
    if (!setup_session(pg)) {
        snprintf(err, errcap, "%s", pg->errmsg);
        sl_pg_close(pg);
        return NULL;
    }
    return pg;
}

bool sl_pg_ensure_connected(sl_pg *pg)
{
    if (PQstatus(pg->conn) == CONNECTION_OK)
        return true;
    PQreset(pg->conn);
    if (PQstatus(pg->conn) != CONNECTION_OK)
        return sl_pg_fail(pg, "opnieuw verbinden met PostgreSQL mislukt: %s",
                          PQerrorMessage(pg->conn));
    /* a new session has none of the old one's prepared statements */
    if (pg->prepared)
        memset(pg->prepared, 0, pg->prepared_cap * sizeof *pg->prepared);
    pg->prepared_n = 0;
    return setup_session(pg);
}

void sl_pg_close(sl_pg *pg)
{
    if (!pg)
        return;
    if (pg->conn)
        PQfinish(pg->conn);
    sl_free(pg->prepared);
    /* the password leaves memory with the handle */
    memset(pg->secret, 0, sizeof pg->secret);
    sl_free(pg);
}

sl_pg *sl_pg_open(const char *conninfo, char *err, size_t errcap)
{
    sl_pg *pg = sl_pg_connect(conninfo, err, errcap);
    if (pg && !sl_pg_migrate(pg, sl_pg_migrations)) {
        snprintf(err, errcap, "%s", pg->errmsg);
        sl_pg_close(pg);
        return NULL;
    }
    return pg;
}

/* ---- plain statements ------------------------------------------------------------ */

/* res's status is one of success; otherwise the error is set after `what`
 * and res freed. */
static bool result_ok(sl_pg *pg, PGresult *res, const char *what)
{
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return true;
    sl_pg_fail(pg, "%s: %s", what,
               res ? PQresultErrorMessage(res) : PQerrorMessage(pg->conn));
    PQclear(res);
    return false;
}

bool sl_pg_exec(sl_pg *pg, const char *sql, const char *what)
{
    PGresult *res = PQexec(pg->conn, sql);
    if (!result_ok(pg, res, what))
        return false;
    PQclear(res);
    return true;
}

/* ---- transactions ------------------------------------------------------------------ */

bool sl_pg_begin(sl_pg *pg) { return sl_pg_exec(pg, "BEGIN", "transactie starten mislukt"); }

bool sl_pg_commit(sl_pg *pg) { return sl_pg_exec(pg, "COMMIT", "transactie vastleggen mislukt"); }

void sl_pg_rollback(sl_pg *pg)
{
    /* keep the message of what failed; a ROLLBACK outside a transaction only warns */
    if (PQtransactionStatus(pg->conn) != PQTRANS_IDLE)
        PQclear(PQexec(pg->conn, "ROLLBACK"));
}

/* ---- migrations ------------------------------------------------------------------- */

int sl_pg_migrations_latest(const sl_migration *migrations)
{
    int latest = 0;
    for (const sl_migration *m = migrations; m->version; m++)
        if (m->version > latest)
            latest = m->version;
    return latest;
}

/* The version in schemaversie, 0 when the table is not there; -1 on error. */
static int read_version(sl_pg *pg)
{
    PGresult *res = PQexec(pg->conn, "SELECT to_regclass('schemaversie') IS NOT NULL");
    if (!result_ok(pg, res, "schemaversie lezen mislukt"))
        return -1;
    bool exists = sl_pg_col_bool(res, 0, 0);
    PQclear(res);
    if (!exists)
        return 0;
    res = PQexec(pg->conn, "SELECT versie FROM schemaversie");
    if (!result_ok(pg, res, "schemaversie lezen mislukt"))
        return -1;
    int v = PQntuples(res) == 1 ? (int)sl_pg_col_int(res, 0, 0) : 0;
    PQclear(res);
    return v;
}

int sl_pg_schema_version(sl_pg *pg) { return read_version(pg); }

static bool apply_pending(sl_pg *pg, const sl_migration *migrations)
{
    /* one row, the schema's version; as SQLite's user_version, outside the
     * migrations so that the runner can read it before the first */
    if (!sl_pg_exec(pg, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")",
                    "wachten op een andere migratie mislukt") ||
        !sl_pg_exec(pg,
                    "CREATE TABLE IF NOT EXISTS schemaversie ("
                    " enkel boolean PRIMARY KEY DEFAULT true CHECK (enkel),"
                    " versie integer NOT NULL CHECK (versie >= 0));"
                    " INSERT INTO schemaversie (enkel, versie) VALUES (true, 0)"
                    " ON CONFLICT DO NOTHING",
                    "schemaversie aanmaken mislukt"))
        return false;
    int have = read_version(pg);
    if (have < 0)
        return false;
    int latest = sl_pg_migrations_latest(migrations);
    if (have > latest)
        return sl_pg_fail(pg,
                          "de database heeft schemaversie %d, deze samenloop kent versie %d: "
                          "gebruik een nieuwere samenloop",
                          have, latest);
    for (const sl_migration *m = migrations; m->version; m++) {
        if (m->version <= have)
            continue;
        char set[96];
        snprintf(set, sizeof set, "UPDATE schemaversie SET versie = %d", m->version);
        char what[160];
        snprintf(what, sizeof what, "migratie %s mislukt", m->name);
        if (!sl_pg_exec(pg, m->sql, what) || !sl_pg_exec(pg, set, what))
            return false;
    }
    return true;
}

bool sl_pg_migrate(sl_pg *pg, const sl_migration *migrations)
{
    if (!sl_pg_begin(pg))
        return false;
    if (!apply_pending(pg, migrations) || !sl_pg_commit(pg)) {
        sl_pg_rollback(pg);
        return false;
    }
    return true;
}

/* ---- prepared statements ----------------------------------------------------------- */

static size_t slot_of(const sl_pg_query *q, size_t cap)
{
    uintptr_t h = (uintptr_t)q;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15u;
    return (size_t)(h >> 7) & (cap - 1);
}

static bool is_prepared(const sl_pg *pg, const sl_pg_query *q)
{
    if (!pg->prepared_cap)
        return false;
    for (size_t i = slot_of(q, pg->prepared_cap);; i = (i + 1) & (pg->prepared_cap - 1)) {
        if (!pg->prepared[i])
            return false;
        if (pg->prepared[i] == q)
            return true;
    }
}

static void put_slot(const sl_pg_query **table, size_t cap, const sl_pg_query *q)
{
    size_t i = slot_of(q, cap);
    while (table[i])
        i = (i + 1) & (cap - 1);
    table[i] = q;
}

/* Room for one more name in the cache, made before the server is asked to
 * prepare: once the server has a statement the cache must say so, or the next
 * call prepares it again and the server refuses ("already exists"). */
static bool reserve_prepared(sl_pg *pg)
{
    if ((pg->prepared_n + 1) * 2 <= pg->prepared_cap)
        return true;
    size_t cap = pg->prepared_cap ? pg->prepared_cap * 2 : 64;
    const sl_pg_query **table = sl_calloc(cap, sizeof *table);
    if (!table)
        return sl_pg_fail(pg, "onvoldoende geheugen");
    for (size_t i = 0; i < pg->prepared_cap; i++)
        if (pg->prepared[i])
            put_slot(table, cap, pg->prepared[i]);
    sl_free(pg->prepared);
    pg->prepared = table;
    pg->prepared_cap = cap;
    return true;
}

static bool prepare(sl_pg *pg, const sl_pg_query *q, const char *what)
{
    if (is_prepared(pg, q))
        return true;
    if (!reserve_prepared(pg))
        return false;
    PGresult *res = PQprepare(pg->conn, q->name, q->sql, 0, NULL);
    if (!result_ok(pg, res, what))
        return false;
    PQclear(res);
    put_slot(pg->prepared, pg->prepared_cap, q);
    pg->prepared_n++;
    return true;
}

PGresult *sl_pg_run(sl_pg *pg, const sl_pg_query *q, const sl_pg_params *params,
                    const char *what)
{
    if (params && params->overflow) {
        sl_pg_fail(pg, "%s: meer dan %d parameters", what, SL_PG_MAX_PARAMS);
        return NULL;
    }
    if (!prepare(pg, q, what))
        return NULL;
    PGresult *res = PQexecPrepared(pg->conn, q->name, params ? params->n : 0,
                                   params ? params->value : NULL, NULL, NULL, 0);
    return result_ok(pg, res, what) ? res : NULL;
}

bool sl_pg_run_ok(sl_pg *pg, const sl_pg_query *q, const sl_pg_params *params,
                  const char *what)
{
    PGresult *res = sl_pg_run(pg, q, params, what);
    PQclear(res);
    return res != NULL;
}

/* ---- parameters --------------------------------------------------------------------- */

void sl_pg_params_init(sl_pg_params *p)
{
    p->n = 0;
    p->overflow = false;
}

static char *next_param(sl_pg_params *p)
{
    if (p->n >= SL_PG_MAX_PARAMS) {
        p->overflow = true;
        return NULL;
    }
    return p->number[p->n];
}

void sl_pg_param_text(sl_pg_params *p, const char *s)
{
    if (next_param(p))
        p->value[p->n++] = s;
}

void sl_pg_param_int(sl_pg_params *p, long long v)
{
    char *buf = next_param(p);
    if (!buf)
        return;
    snprintf(buf, sizeof p->number[0], "%lld", v);
    p->value[p->n++] = buf;
}

void sl_pg_param_bool(sl_pg_params *p, bool v) { sl_pg_param_text(p, v ? "t" : "f"); }

/* ---- results ------------------------------------------------------------------------- */

bool sl_pg_col_null(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) != 0;
}

const char *sl_pg_col_text(const PGresult *res, int row, int col)
{
    return PQgetvalue(res, row, col); /* "" for NULL, as libpq gives it */
}

long long sl_pg_col_int(const PGresult *res, int row, int col)
{
    return sl_pg_col_null(res, row, col) ? 0 : strtoll(PQgetvalue(res, row, col), NULL, 10);
}

bool sl_pg_col_bool(const PGresult *res, int row, int col)
{
    return !sl_pg_col_null(res, row, col) && PQgetvalue(res, row, col)[0] == 't';
}
