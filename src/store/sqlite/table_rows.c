/*
 * table_rows.c - a SQLite register and its look log as tables of rows
 * (store/table_rows.h), for copying a register between stores.
 *
 * A connection of its own on the register file with the look log attached
 * as "inzage", read-write. Foreign keys are not checked row by row (tables
 * come in any order) but once, before the commit (PRAGMA foreign_key_check).
 * Values are the stored ones as text; REAL, which SQLite's own text form
 * rounds to 15 digits, as "%.17g", and back through strtod, so that a copy
 * keeps every bit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/sqlite/sqlite_int.h"
#include "store/table_rows.h"

typedef struct sq_rows {
    sl_rows base;
    sqlite3 *db;
    sqlite3_stmt *insert;            /* between insert_begin and insert_end */
    int ncols;
    bool real[SL_ROWS_COLUMNS_MAX];  /* the column has REAL affinity */
    char table[SL_ROWS_NAME_CAP + 8];
} sq_rows;

static sq_rows *SR(sl_rows *r) { return (sq_rows *)r; }

static bool db_error(sq_rows *s, const char *what)
{
    return sl_rows_fail(&s->base, "%s: %s", what, sqlite3_errmsg(s->db));
}

static bool exec(sq_rows *s, const char *sql, const char *what)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK || db_error(s, what);
}

static sqlite3_stmt *prepare(sq_rows *s, const char *sql, const char *what)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        db_error(s, what);
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

/* "inzage.logboek" -> schema "inzage", name "logboek"; others are in main. */
static void split(const char *table, const char **schema, const char **name)
{
    bool looks = strncmp(table, "inzage.", 7) == 0;
    *schema = looks ? "inzage" : "main";
    *name = looks ? table + 7 : table;
}

/* SQLite's rule for a declared type's affinity, REAL part: no INT, CHAR,
 * CLOB, TEXT or BLOB before REAL, FLOA or DOUB. */
static bool real_affinity(const char *decl)
{
    if (strcasestr(decl, "INT") || strcasestr(decl, "CHAR") || strcasestr(decl, "CLOB") ||
        strcasestr(decl, "TEXT") || strcasestr(decl, "BLOB") || !*decl)
        return false;
    return strcasestr(decl, "REAL") || strcasestr(decl, "FLOA") || strcasestr(decl, "DOUB");
}

static void sqr_close(sl_rows *r)
{
    sq_rows *s = SR(r);
    sqlite3_finalize(s->insert);
    sqlite3_close(s->db);
    sl_free(s);
}

/* Tables by how deep they hang below a table without foreign keys, so that
 * parents come first; the look log, which names no register table, last. */
static const char TABLES_SQL[] =
    "WITH RECURSIVE t(name) AS (SELECT name FROM main.sqlite_master WHERE type = 'table'"
    "   AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'),"
    " fk(child, parent) AS (SELECT t.name, f.\"table\" FROM t, pragma_foreign_key_list(t.name) f"
    "   WHERE f.\"table\" <> t.name),"
    " d(name, depth) AS (SELECT name, 0 FROM t UNION ALL"
    "   SELECT fk.child, d.depth + 1 FROM d JOIN fk ON fk.parent = d.name WHERE d.depth < 64)"
    " SELECT name, max(depth) AS depth FROM d GROUP BY name"
    " UNION ALL SELECT 'inzage.' || name, 1000 FROM inzage.sqlite_master WHERE type = 'table'"
    "   AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    " ORDER BY depth, name";

static bool sqr_tables(sl_rows *r, sl_rows_table_cb cb, void *ctx)
{
    sq_rows *s = SR(r);
    sqlite3_stmt *st = prepare(s, TABLES_SQL, "tabellen lezen mislukt");
    if (!st)
        return false;
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW)
        ok = cb(ctx, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (ok && rc != SQLITE_DONE)
        return db_error(s, "tabellen lezen mislukt");
    return ok;
}

static bool sqr_count(sl_rows *r, const char *table, int64_t *n)
{
    sq_rows *s = SR(r);
    const char *schema, *name;
    split(table, &schema, &name);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s.\"%s\"", schema, name);
    sqlite3_stmt *st = prepare(s, sql, "rijen tellen mislukt");
    if (!st)
        return false;
    int rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || db_error(s, "rijen tellen mislukt");
}

/* The table's columns in order, whether each has REAL affinity, and the
 * ORDER BY of its primary key (every column when it has none). */
typedef struct columns {
    int n;
    char name[SL_ROWS_COLUMNS_MAX][SL_ROWS_NAME_CAP];
    bool real[SL_ROWS_COLUMNS_MAX];
    char order[SL_ROWS_COLUMNS_MAX * (SL_ROWS_NAME_CAP + 20)];
} columns;

static bool read_columns(sq_rows *s, const char *table, columns *c)
{
    const char *schema, *name;
    split(table, &schema, &name);
    sqlite3_stmt *st = prepare(s, "SELECT name, type, pk FROM pragma_table_info(?1, ?2)"
                                  " ORDER BY cid",
                               "kolommen lezen mislukt");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, schema, -1, SQLITE_STATIC);
    int pk_of[SL_ROWS_COLUMNS_MAX] = {0};
    int rc, npk = 0;
    c->n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && c->n < SL_ROWS_COLUMNS_MAX) {
        snprintf(c->name[c->n], SL_ROWS_NAME_CAP, "%s", sqlite3_column_text(st, 0));
        c->real[c->n] = real_affinity((const char *)sqlite3_column_text(st, 1));
        pk_of[c->n] = sqlite3_column_int(st, 2);
        npk += pk_of[c->n] > 0;
        c->n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return rc == SQLITE_ROW ? sl_rows_fail(&s->base, "tabel %s: te veel kolommen", table)
                                : db_error(s, "kolommen lezen mislukt");
    if (c->n == 0)
        return sl_rows_fail(&s->base, "tabel %s bestaat niet", table);
    /* text by its bytes: BINARY, whatever the column declares */
    size_t len = 0;
    c->order[0] = '\0';
    for (int k = 1; k <= (npk ? npk : c->n); k++)
        for (int i = 0; i < c->n; i++)
            if (npk ? pk_of[i] == k : i == k - 1)
                len += (size_t)snprintf(c->order + len, sizeof c->order - len,
                                        "%s\"%s\" COLLATE BINARY", len ? ", " : "", c->name[i]);
    return true;
}

static bool sqr_scan(sl_rows *r, const char *table, sl_rows_row_cb cb, void *ctx)
{
    sq_rows *s = SR(r);
    columns *c = sl_malloc(sizeof *c);
    char *sql = sl_malloc(8192);
    if (!c || !sql) {
        sl_free(c);
        sl_free(sql);
        return sl_rows_fail(r, "onvoldoende geheugen");
    }
    bool ok = read_columns(s, table, c);
    sqlite3_stmt *st = NULL;
    if (ok) {
        const char *schema, *name;
        split(table, &schema, &name);
        size_t len = (size_t)snprintf(sql, 8192, "SELECT ");
        for (int i = 0; i < c->n; i++)
            len += (size_t)snprintf(sql + len, 8192 - len, "%s\"%s\"", i ? ", " : "", c->name[i]);
        snprintf(sql + len, 8192 - len, " FROM %s.\"%s\" ORDER BY %s", schema, name, c->order);
        st = prepare(s, sql, "rijen lezen mislukt");
        ok = st != NULL;
    }
    const char *names[SL_ROWS_COLUMNS_MAX], *values[SL_ROWS_COLUMNS_MAX];
    char real[SL_ROWS_COLUMNS_MAX][32];
    for (int i = 0; ok && i < c->n; i++)
        names[i] = c->name[i];
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < c->n; i++) {
            switch (sqlite3_column_type(st, i)) {
            case SQLITE_NULL:
                values[i] = NULL;
                break;
            case SQLITE_FLOAT:
                snprintf(real[i], sizeof real[i], "%.17g", sqlite3_column_double(st, i));
                values[i] = real[i];
                break;
            default:
                values[i] = (const char *)sqlite3_column_text(st, i);
            }
        }
        ok = cb(ctx, c->n, names, values);
    }
    if (ok && rc != SQLITE_DONE)
        ok = db_error(s, "rijen lezen mislukt");
    sqlite3_finalize(st);
    sl_free(sql);
    sl_free(c);
    return ok;
}

/* A deferred transaction: the snapshot is taken by the first read of each file. */
static bool sqr_snapshot(sl_rows *r)
{
    return exec(SR(r), "BEGIN", "momentopname starten mislukt");
}

static bool sqr_begin(sl_rows *r)
{
    return exec(SR(r), "BEGIN IMMEDIATE", "transactie starten mislukt");
}

static bool sqr_clear(sl_rows *r, const char *table)
{
    const char *schema, *name;
    split(table, &schema, &name);
    char sql[160];
    snprintf(sql, sizeof sql, "DELETE FROM %s.\"%s\"", schema, name);
    return exec(SR(r), sql, "tabel leegmaken mislukt");
}

static bool sqr_insert_begin(sl_rows *r, const char *table, int ncols, const char *const *cols)
{
    sq_rows *s = SR(r);
    columns *c = sl_malloc(sizeof *c);
    char *sql = sl_malloc(8192);
    bool ok = c && sql;
    if (!ok)
        sl_rows_fail(r, "onvoldoende geheugen");
    ok = ok && read_columns(s, table, c);
    s->ncols = ncols;
    for (int i = 0; ok && i < ncols; i++) {
        int k = 0;
        while (k < c->n && strcmp(c->name[k], cols[i]) != 0)
            k++;
        if (k == c->n)
            ok = sl_rows_fail(r, "tabel %s heeft geen kolom %s", table, cols[i]);
        else
            s->real[i] = c->real[k];
    }
    if (ok) {
        const char *schema, *name;
        split(table, &schema, &name);
        size_t len = (size_t)snprintf(sql, 8192, "INSERT INTO %s.\"%s\" (", schema, name);
        for (int i = 0; i < ncols; i++)
            len += (size_t)snprintf(sql + len, 8192 - len, "%s\"%s\"", i ? ", " : "", cols[i]);
        len += (size_t)snprintf(sql + len, 8192 - len, ") VALUES (");
        for (int i = 0; i < ncols; i++)
            len += (size_t)snprintf(sql + len, 8192 - len, "%s?%d", i ? ", " : "", i + 1);
        snprintf(sql + len, 8192 - len, ")");
        s->insert = prepare(s, sql, "rij toevoegen mislukt");
        ok = s->insert != NULL;
        snprintf(s->table, sizeof s->table, "%s", table);
    }
    sl_free(sql);
    sl_free(c);
    return ok;
}

static bool sqr_insert(sl_rows *r, const char *const *values)
{
    sq_rows *s = SR(r);
    for (int i = 0; i < s->ncols; i++) {
        if (!values[i])
            sqlite3_bind_null(s->insert, i + 1);
        else if (s->real[i])
            sqlite3_bind_double(s->insert, i + 1, strtod(values[i], NULL));
        else /* INTEGER and NUMERIC affinity make numbers of numeric text */
            sqlite3_bind_text(s->insert, i + 1, values[i], -1, SQLITE_STATIC);
    }
    int rc = sqlite3_step(s->insert);
    sqlite3_reset(s->insert);
    sqlite3_clear_bindings(s->insert);
    if (rc != SQLITE_DONE)
        return sl_rows_fail(r, "rij toevoegen aan %s mislukt: %s", s->table,
                            sqlite3_errmsg(s->db));
    return true;
}

static bool sqr_insert_end(sl_rows *r)
{
    sq_rows *s = SR(r);
    sqlite3_finalize(s->insert);
    s->insert = NULL;
    return true;
}

/* Fails naming the first row whose reference points nowhere. */
static bool foreign_keys_ok(sq_rows *s, const char *schema)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA %s.foreign_key_check", schema);
    sqlite3_stmt *st = prepare(s, sql, "verwijzingen controleren mislukt");
    if (!st)
        return false;
    int rc = sqlite3_step(st);
    bool ok = rc == SQLITE_DONE;
    if (rc == SQLITE_ROW)
        sl_rows_fail(&s->base, "tabel %s, rij %lld: verwijzing naar %s bestaat niet",
                     sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1),
                     sqlite3_column_text(st, 2));
    else if (!ok)
        db_error(s, "verwijzingen controleren mislukt");
    sqlite3_finalize(st);
    return ok;
}

static bool sqr_commit(sl_rows *r)
{
    sq_rows *s = SR(r);
    return foreign_keys_ok(s, "main") && foreign_keys_ok(s, "inzage") &&
           exec(s, "COMMIT", "transactie vastleggen mislukt");
}

static void sqr_rollback(sl_rows *r)
{
    sq_rows *s = SR(r);
    sqr_insert_end(r);
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static const sl_rows_ops sq_rows_ops = {
    .close = sqr_close,
    .tables = sqr_tables,
    .count = sqr_count,
    .scan = sqr_scan,
    .snapshot = sqr_snapshot,
    .begin = sqr_begin,
    .clear = sqr_clear,
    .insert_begin = sqr_insert_begin,
    .insert = sqr_insert,
    .insert_end = sqr_insert_end,
    .commit = sqr_commit,
    .rollback = sqr_rollback,
};

bool sl_sqlite_rows_open(const char *path, sl_rows **out, char *err, size_t errcap)
{
    *out = NULL;
    sq_rows *s = sl_calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errcap, "onvoldoende geheugen");
        return false;
    }
    s->base.ops = &sq_rows_ops;
    char looks[4096];
    sqlite3_stmt *st = NULL;
    bool ok = sq_looks_path(path, looks, sizeof looks) &&
              sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
              sqlite3_busy_timeout(s->db, 5000) == SQLITE_OK &&
              exec(s, "PRAGMA foreign_keys = OFF", "register openen mislukt") &&
              (st = prepare(s, "ATTACH DATABASE ?1 AS inzage", "inzagelogboek koppelen mislukt"));
    if (ok) {
        sqlite3_bind_text(st, 1, looks, -1, SQLITE_STATIC);
        ok = sqlite3_step(st) == SQLITE_DONE || db_error(s, "inzagelogboek koppelen mislukt");
    }
    sqlite3_finalize(st);
    if (!ok) {
        snprintf(err, errcap, "%s: %s", path,
                 s->base.errmsg[0] ? s->base.errmsg
                                   : (s->db ? sqlite3_errmsg(s->db) : "pad te lang"));
        sqr_close(&s->base);
        return false;
    }
    *out = &s->base;
    return true;
}
