/*
 * table_rows.c - a PostgreSQL register (look log included: schema inzage) as
 * tables of rows (store/table_rows.h), for copying a register between stores.
 *
 * A connection of its own. Rows are read in single-row mode, so that a table
 * of millions does not sit in memory at once, and written with COPY. Values
 * convert to and from the SQLite register's text form (table_rows.h) in SQL:
 * flags through integer, digests through hex, moments through iso_utc() or,
 * where the SQLite store writes milliseconds (the outbox), iso_utc_ms().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/pg/pg_conn.h"
#include "store/table_rows.h"

/* a table's name as an identifier: public."..." or inzage."..." */
#define QNAME_CAP (SL_ROWS_NAME_CAP + 24)

typedef enum col_kind { COL_PLAIN, COL_FLAG, COL_DIGEST, COL_MOMENT, COL_MOMENT_MS } col_kind;

typedef struct columns {
    int n;
    char name[SL_ROWS_COLUMNS_MAX][SL_ROWS_NAME_CAP];
    col_kind kind[SL_ROWS_COLUMNS_MAX];
    bool text[SL_ROWS_COLUMNS_MAX];     /* ordered by its bytes: COLLATE "C" */
    bool identity[SL_ROWS_COLUMNS_MAX];
    int pk[SL_ROWS_COLUMNS_MAX];        /* position in the primary key, 0: not in it */
} columns;

typedef struct pg_rows {
    sl_rows base;
    sl_pg *pg;
    bool copying;                       /* a COPY FROM STDIN is open */
    columns *cols;                      /* of the table being written */
    int ncols;
    col_kind kind[SL_ROWS_COLUMNS_MAX]; /* of the written columns, in the caller's order */
    char table[SL_ROWS_NAME_CAP + 8];
    char *line;                         /* one COPY line */
    size_t line_cap;
} pg_rows;

static pg_rows *PR(sl_rows *r) { return (pg_rows *)r; }

/* The columns the SQLite store writes with milliseconds (its 0002_signals.sql,
 * 0021_outbox_bezorging.sql). */
static bool moment_ms(const char *table, const char *column)
{
    return strcmp(table, "outbox") == 0 &&
           (strcmp(column, "aangemaakt_op") == 0 || strcmp(column, "verzonden_op") == 0 ||
            strcmp(column, "geclaimd_tot") == 0 || strcmp(column, "volgende_poging") == 0);
}

/* table as an identifier: public."x" or inzage."x" (names checked by the caller). */
static void qualified(const char *table, char *out, size_t cap)
{
    if (strncmp(table, "inzage.", 7) == 0)
        snprintf(out, cap, "inzage.\"%s\"", table + 7);
    else
        snprintf(out, cap, "public.\"%s\"", table);
}

static bool pg_error(pg_rows *p)
{
    return sl_rows_fail(&p->base, "%s", sl_pg_error(p->pg));
}

/* PQexecParams with text parameters; the result when it succeeded, NULL with
 * the message set otherwise. */
static PGresult *exec(pg_rows *p, const char *sql, int n, const char *const *params,
                      const char *what)
{
    PGresult *res = PQexecParams(sl_pg_conn(p->pg), sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return res;
    sl_pg_fail(p->pg, "%s: %s", what,
               res ? PQresultErrorMessage(res) : PQerrorMessage(sl_pg_conn(p->pg)));
    PQclear(res);
    pg_error(p);
    return NULL;
}

static bool exec_ok(pg_rows *p, const char *sql, const char *what)
{
    PGresult *res = exec(p, sql, 0, NULL, what);
    PQclear(res);
    return res != NULL;
}

static void pgr_close(sl_rows *r)
{
    pg_rows *p = PR(r);
    sl_pg_close(p->pg);
    sl_free(p->cols);
    sl_free(p->line);
    sl_free(p);
}

/* Tables by how deep they hang below a table without foreign keys, parents
 * first; the look log, which names no register table, last. The migration
 * runner's own table is not the register's. */
static const char TABLES_SQL[] =
    "WITH RECURSIVE t AS (SELECT c.oid, CASE WHEN n.nspname = 'public' THEN ''"
    "   ELSE n.nspname || '.' END || c.relname AS name"
    "   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    "   WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('public', 'inzage')"
    "   AND NOT (n.nspname = 'public' AND c.relname = 'schemaversie')),"
    " fk AS (SELECT conrelid AS child, confrelid AS parent FROM pg_constraint"
    "   WHERE contype = 'f' AND conrelid <> confrelid),"
    " d(oid, depth) AS (SELECT oid, 0 FROM t UNION ALL"
    "   SELECT fk.child, d.depth + 1 FROM d JOIN fk ON fk.parent = d.oid WHERE d.depth < 64)"
    " SELECT t.name FROM t JOIN (SELECT oid, max(depth) AS depth FROM d GROUP BY oid) m"
    "   USING (oid)"
    " ORDER BY CASE WHEN t.name LIKE 'inzage.%' THEN 1000 ELSE m.depth END,"
    "   t.name COLLATE \"C\"";

static bool pgr_tables(sl_rows *r, sl_rows_table_cb cb, void *ctx)
{
    pg_rows *p = PR(r);
    PGresult *res = exec(p, TABLES_SQL, 0, NULL, "tabellen lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int i = 0; ok && i < PQntuples(res); i++)
        ok = cb(ctx, sl_pg_col_text(res, i, 0));
    PQclear(res);
    return ok;
}

static bool pgr_count(sl_rows *r, const char *table, int64_t *n)
{
    pg_rows *p = PR(r);
    char q[QNAME_CAP], sql[256];
    qualified(table, q, sizeof q);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", q);
    PGresult *res = exec(p, sql, 0, NULL, "rijen tellen mislukt");
    if (!res)
        return false;
    *n = sl_pg_col_int(res, 0, 0);
    PQclear(res);
    return true;
}

static bool read_columns(pg_rows *p, const char *table, columns *c)
{
    char q[QNAME_CAP];
    qualified(table, q, sizeof q);
    const char *params[] = {q};
    PGresult *res = exec(p,
                         "SELECT a.attname, t.typname, a.attidentity <> '',"
                         " coalesce((SELECT k.n FROM pg_index i,"
                         "   unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)"
                         "   WHERE i.indrelid = a.attrelid AND i.indisprimary"
                         "   AND k.attnum = a.attnum), 0)"
                         " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                         " WHERE a.attrelid = $1::regclass AND a.attnum > 0"
                         " AND NOT a.attisdropped ORDER BY a.attnum",
                         1, params, "kolommen lezen mislukt");
    if (!res)
        return false;
    const char *name = strncmp(table, "inzage.", 7) == 0 ? table + 7 : table;
    c->n = PQntuples(res);
    bool ok = c->n > 0 && c->n <= SL_ROWS_COLUMNS_MAX;
    if (!ok)
        sl_rows_fail(&p->base, "tabel %s: %d kolommen", table, c->n);
    for (int i = 0; ok && i < c->n; i++) {
        snprintf(c->name[i], SL_ROWS_NAME_CAP, "%s", sl_pg_col_text(res, i, 0));
        const char *type = sl_pg_col_text(res, i, 1);
        c->kind[i] = strcmp(type, "bool") == 0    ? COL_FLAG
                     : strcmp(type, "bytea") == 0 ? COL_DIGEST
                     : strcmp(type, "timestamptz") != 0 ? COL_PLAIN
                     : moment_ms(name, c->name[i])      ? COL_MOMENT_MS
                                                        : COL_MOMENT;
        c->text[i] = strcmp(type, "text") == 0;
        c->identity[i] = sl_pg_col_bool(res, i, 2);
        c->pk[i] = (int)sl_pg_col_int(res, i, 3);
    }
    PQclear(res);
    return ok;
}

/* SQL put together from names the caller checked (sl_rows_name_ok). */
typedef struct sqlbuf {
    char s[8192];
    size_t n;
    bool over; /* did not fit */
} sqlbuf;

static void put(sqlbuf *b, const char *text)
{
    size_t k = strlen(text);
    if (b->over || b->n + k >= sizeof b->s) {
        b->over = true;
        return;
    }
    memcpy(b->s + b->n, text, k + 1);
    b->n += k;
}

/* "name" */
static void put_ident(sqlbuf *b, const char *name)
{
    put(b, "\"");
    put(b, name);
    put(b, "\"");
}

/* A column in SQLite's text form (table_rows.h). */
static void put_as_text(sqlbuf *b, const char *name, col_kind kind)
{
    static const char *const before[] = {[COL_PLAIN] = "", [COL_FLAG] = "",
                                         [COL_DIGEST] = "encode(", [COL_MOMENT] = "iso_utc(",
                                         [COL_MOMENT_MS] = "iso_utc_ms("};
    static const char *const after[] = {[COL_PLAIN] = "::text", [COL_FLAG] = "::int::text",
                                        [COL_DIGEST] = ", 'hex')", [COL_MOMENT] = ")",
                                        [COL_MOMENT_MS] = ")"};
    put(b, before[kind]);
    put_ident(b, name);
    put(b, after[kind]);
}

/* SELECT of every column in SQLite's text form, in primary-key order (every
 * column's when there is none), text by its bytes. */
static void scan_sql(const columns *c, const char *q, sqlbuf *b)
{
    put(b, "SELECT ");
    for (int i = 0; i < c->n; i++) {
        put(b, i ? ", " : "");
        put_as_text(b, c->name[i], c->kind[i]);
    }
    /* t.: the input columns, not the output columns of the same names */
    put(b, " FROM ");
    put(b, q);
    put(b, " AS t ORDER BY ");
    int npk = 0;
    for (int i = 0; i < c->n; i++)
        npk += c->pk[i] > 0;
    bool first = true;
    for (int k = 1; k <= (npk ? npk : c->n); k++)
        for (int i = 0; i < c->n; i++)
            if (npk ? c->pk[i] == k : i == k - 1) {
                put(b, first ? "t." : ", t.");
                put_ident(b, c->name[i]);
                put(b, c->text[i] ? " COLLATE \"C\"" : "");
                first = false;
            }
}

static bool pgr_scan(sl_rows *r, const char *table, sl_rows_row_cb cb, void *ctx)
{
    pg_rows *p = PR(r);
    columns *c = sl_malloc(sizeof *c);
    sqlbuf *sql = sl_calloc(1, sizeof *sql);
    char q[QNAME_CAP];
    qualified(table, q, sizeof q);
    bool ok = c && sql;
    if (!ok)
        sl_rows_fail(r, "onvoldoende geheugen");
    ok = ok && read_columns(p, table, c);
    if (ok)
        scan_sql(c, q, sql);
    if (ok && sql->over)
        ok = sl_rows_fail(r, "tabel %s: de vraag is te lang", table);
    PGconn *conn = sl_pg_conn(p->pg);
    if (ok && (!PQsendQuery(conn, sql->s) || !PQsetSingleRowMode(conn)))
        ok = sl_rows_fail(r, "rijen lezen mislukt: %s", PQerrorMessage(conn));
    const char *names[SL_ROWS_COLUMNS_MAX], *values[SL_ROWS_COLUMNS_MAX];
    for (int i = 0; ok && i < c->n; i++)
        names[i] = c->name[i];
    bool sent = ok, stopped = false;
    PGresult *res;
    /* every result is read, after a failure too: the connection is free again */
    while (sent && (res = PQgetResult(conn)) != NULL) {
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_SINGLE_TUPLE && ok && !stopped) {
            for (int i = 0; i < c->n; i++)
                values[i] = sl_pg_col_null(res, 0, i) ? NULL : sl_pg_col_text(res, 0, i);
            stopped = !cb(ctx, c->n, names, values);
        } else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK && ok) {
            ok = sl_rows_fail(r, "rijen lezen mislukt: %s", PQresultErrorMessage(res));
        }
        PQclear(res);
    }
    sl_free(sql);
    sl_free(c);
    return ok && !stopped;
}

static bool pgr_snapshot(sl_rows *r)
{
    return exec_ok(PR(r), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                   "momentopname starten mislukt");
}

static bool pgr_begin(sl_rows *r)
{
    return exec_ok(PR(r), "BEGIN", "transactie starten mislukt");
}

static bool pgr_clear(sl_rows *r, const char *table)
{
    char q[QNAME_CAP], sql[256];
    qualified(table, q, sizeof q);
    snprintf(sql, sizeof sql, "DELETE FROM %s", q);
    return exec_ok(PR(r), sql, "tabel leegmaken mislukt");
}

static bool pgr_insert_begin(sl_rows *r, const char *table, int ncols, const char *const *cols)
{
    pg_rows *p = PR(r);
    if (!p->cols && !(p->cols = sl_malloc(sizeof *p->cols)))
        return sl_rows_fail(r, "onvoldoende geheugen");
    if (!read_columns(p, table, p->cols))
        return false;
    char q[QNAME_CAP];
    qualified(table, q, sizeof q);
    sqlbuf sql = {.n = 0};
    put(&sql, "COPY ");
    put(&sql, q);
    put(&sql, " (");
    for (int i = 0; i < ncols; i++) {
        int k = 0;
        while (k < p->cols->n && strcmp(p->cols->name[k], cols[i]) != 0)
            k++;
        if (k == p->cols->n)
            return sl_rows_fail(r, "tabel %s heeft geen kolom %s", table, cols[i]);
        p->kind[i] = p->cols->kind[k];
        put(&sql, i ? ", " : "");
        put_ident(&sql, cols[i]);
    }
    put(&sql, ") FROM STDIN");
    if (sql.over)
        return sl_rows_fail(r, "tabel %s: de vraag is te lang", table);
    PGresult *res = PQexec(sl_pg_conn(p->pg), sql.s);
    bool ok = PQresultStatus(res) == PGRES_COPY_IN;
    if (!ok)
        sl_rows_fail(r, "rijen schrijven in %s mislukt: %s", table, PQresultErrorMessage(res));
    PQclear(res);
    p->copying = ok;
    p->ncols = ncols;
    snprintf(p->table, sizeof p->table, "%s", table);
    return ok;
}

/* Makes room for `more` bytes after `len` in the COPY line. */
static bool line_room(pg_rows *p, size_t len, size_t more)
{
    if (len + more <= p->line_cap)
        return true;
    size_t cap = p->line_cap ? p->line_cap : 4096;
    while (cap < len + more)
        cap *= 2;
    char *line = sl_realloc(p->line, cap);
    if (!line)
        return false;
    p->line = line;
    p->line_cap = cap;
    return true;
}

/* One value in COPY's text format: \N for NULL, backslash escapes, digests as
 * bytea's hex input (\x...), flags 0/1 as boolean accepts them. */
static bool put_value(pg_rows *p, size_t *len, const char *v, col_kind kind)
{
    if (!v) {
        if (!line_room(p, *len, 2))
            return false;
        memcpy(p->line + *len, "\\N", 2);
        *len += 2;
        return true;
    }
    size_t n = strlen(v);
    if (!line_room(p, *len, 2 * n + 3))
        return false;
    char *out = p->line + *len;
    if (kind == COL_DIGEST) {
        memcpy(out, "\\\\x", 3);
        out += 3;
    }
    for (const char *s = v; *s; s++) {
        char e = *s == '\\' ? '\\' : *s == '\n' ? 'n' : *s == '\r' ? 'r' : *s == '\t' ? 't' : 0;
        if (e) {
            *out++ = '\\';
            *out++ = e;
        } else {
            *out++ = *s;
        }
    }
    *len = (size_t)(out - p->line);
    return true;
}

static bool pgr_insert(sl_rows *r, const char *const *values)
{
    pg_rows *p = PR(r);
    size_t len = 0;
    for (int i = 0; i < p->ncols; i++) {
        if ((i && !line_room(p, len, 1)) || !put_value(p, &len, values[i], p->kind[i]))
            return sl_rows_fail(r, "onvoldoende geheugen");
        if (i + 1 < p->ncols)
            p->line[len++] = '\t';
    }
    if (!line_room(p, len, 1))
        return sl_rows_fail(r, "onvoldoende geheugen");
    p->line[len++] = '\n';
    if (PQputCopyData(sl_pg_conn(p->pg), p->line, (int)len) != 1)
        return sl_rows_fail(r, "rij schrijven in %s mislukt: %s", p->table,
                            PQerrorMessage(sl_pg_conn(p->pg)));
    return true;
}

/* Ends an open COPY (with `abort` as the reason to refuse it, or NULL) and
 * reads its outcome. */
static bool copy_end(pg_rows *p, const char *abort)
{
    if (!p->copying)
        return true;
    p->copying = false;
    PGconn *conn = sl_pg_conn(p->pg);
    bool ok = PQputCopyEnd(conn, abort) == 1;
    if (!ok)
        sl_rows_fail(&p->base, "rijen schrijven in %s mislukt: %s", p->table,
                     PQerrorMessage(conn));
    PGresult *res;
    while ((res = PQgetResult(conn)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && ok && !abort)
            ok = sl_rows_fail(&p->base, "rijen schrijven in %s mislukt: %s", p->table,
                              PQresultErrorMessage(res));
        PQclear(res);
    }
    return ok;
}

/* Each identity of the table just written continues after its highest id. */
static bool identities_past_max(pg_rows *p)
{
    char q[QNAME_CAP], sql[512];
    qualified(p->table, q, sizeof q);
    for (int i = 0; i < p->cols->n; i++) {
        if (!p->cols->identity[i])
            continue;
        const char *col = p->cols->name[i];
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('%s', '%s'), coalesce(max(\"%s\"), 1),"
                 " max(\"%s\") IS NOT NULL) FROM %s",
                 q, col, col, col, q);
        if (!exec_ok(p, sql, "identiteit bijwerken mislukt"))
            return false;
    }
    return true;
}

static bool pgr_insert_end(sl_rows *r)
{
    pg_rows *p = PR(r);
    return copy_end(p, NULL) && identities_past_max(p);
}

static bool pgr_commit(sl_rows *r)
{
    return exec_ok(PR(r), "COMMIT", "transactie vastleggen mislukt");
}

static void pgr_rollback(sl_rows *r)
{
    pg_rows *p = PR(r);
    copy_end(p, "kopie afgebroken");
    sl_pg_rollback(p->pg);
}

static const sl_rows_ops pg_rows_ops = {
    .close = pgr_close,
    .tables = pgr_tables,
    .count = pgr_count,
    .scan = pgr_scan,
    .snapshot = pgr_snapshot,
    .begin = pgr_begin,
    .clear = pgr_clear,
    .insert_begin = pgr_insert_begin,
    .insert = pgr_insert,
    .insert_end = pgr_insert_end,
    .commit = pgr_commit,
    .rollback = pgr_rollback,
};

bool sl_pg_rows_open(const char *conninfo, sl_rows **out, char *err, size_t errcap)
{
    *out = NULL;
    pg_rows *p = sl_calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errcap, "onvoldoende geheugen");
        return false;
    }
    p->base.ops = &pg_rows_ops;
    p->pg = sl_pg_connect(conninfo, err, errcap);
    if (!p->pg) {
        sl_free(p);
        return false;
    }
    /* float8 as the shortest text that reads back to the same bits (the
     * default since PostgreSQL 12, set for a server configured otherwise) */
    if (!exec_ok(p, "SET extra_float_digits = 1", "sessie instellen mislukt")) {
        snprintf(err, errcap, "%s", p->base.errmsg);
        pgr_close(&p->base);
        return false;
    }
    *out = &p->base;
    return true;
}
