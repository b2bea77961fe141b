/*
 * test_sql.h - the register read or changed behind the services' back, on
 * either store: a SQLite file through the sqlite3 API, a postgresql:// URL
 * through libpq (tmp_register.h gives `db` as one or the other).
 *
 *   test_sql_exec(db, sql)            one or more statements, in one transaction
 *   test_sql_try(db, sql, msg, cap)   ... false with the error in msg when they fail
 *   test_sql_int(db, sql)             the first column of the first row as a number
 *   test_sql_text(db, sql, out, cap)  ... as text ("" when there is no row or it is NULL)
 *   test_sql_looks(db, out, cap)      the target for the look log: the file beside
 *                                     a SQLite register, schema inzage on PostgreSQL
 *   test_sql_digest(db, hex, out, cap) a digest as a literal of the store's type
 *   test_sql_json(db, expr, path, type) a field of JSON text as an expression
 *
 * Each fails the test (cmocka) when the SQL does (test_sql_try excepted). Write the SQL both dialects
 * share: flags compare with true/false; no printf, rowid or PRAGMA (where a test
 * needs those it is SQLite-only, or test_sql_is_pg picks the dialect). Values
 * read back look as SQLite keeps them: flags 1/0, digests lower-case hex, and
 * PostgreSQL's session runs in UTC. To change the processing log behind its
 * append-only triggers on PostgreSQL, start the SQL with TEST_SQL_UNGUARDED
 * (SQLite's tests drop and make again the triggers instead).
 */
#ifndef SL_TESTS_TEST_SQL_H
#define SL_TESTS_TEST_SQL_H

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_SQL_UNGUARDED "SET LOCAL session_replication_role = replica; "

static inline bool test_sql_is_pg(const char *target)
{
    return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
}

/* Runs sql on PostgreSQL in a transaction of its own; returns the result (the
 * caller clears it), or NULL with the server's message in msg. */
static inline PGresult *test_sql_pg_try(const char *target, const char *sql, char *msg,
                                        size_t cap)
{
    PGconn *c = PQconnectdb(target);
    PGresult *r = NULL;
    if (PQstatus(c) != CONNECTION_OK) {
        snprintf(msg, cap, "%s", PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    PQclear(PQexec(c, "SET TimeZone = 'UTC'"));
    PQclear(PQexec(c, "BEGIN"));
    r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        snprintf(msg, cap, "%s", PQresultErrorMessage(r));
        PQclear(r);
        r = NULL;
    } else {
        PGresult *done = PQexec(c, "COMMIT");
        if (PQresultStatus(done) != PGRES_COMMAND_OK) {
            snprintf(msg, cap, "%s", PQresultErrorMessage(done));
            PQclear(r);
            r = NULL;
        }
        PQclear(done);
    }
    PQfinish(c);
    return r;
}

static inline PGresult *test_sql_pg(const char *target, const char *sql)
{
    char msg[512];
    PGresult *r = test_sql_pg_try(target, sql, msg, sizeof msg);
    if (!r)
        fprintf(stderr, "test_sql: %s: %s", sql, msg);
    assert_non_null(r);
    return r;
}

static inline sqlite3 *test_sql_sqlite(const char *target)
{
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(target, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        fprintf(stderr, "test_sql: %s: %s\n", target, h ? sqlite3_errmsg(h) : "no memory");
        sqlite3_close(h);
        fail();
    }
    sqlite3_busy_timeout(h, 30000);
    return h;
}

static inline bool test_sql_try(const char *target, const char *sql, char *msg, size_t cap)
{
    msg[0] = '\0';
    if (test_sql_is_pg(target)) {
        PGresult *r = test_sql_pg_try(target, sql, msg, cap);
        PQclear(r);
        return r != NULL;
    }
    sqlite3 *h = test_sql_sqlite(target);
    char *err = NULL;
    int rc = sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, &err);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(h, sql, NULL, NULL, &err);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(h, "COMMIT", NULL, NULL, &err);
    if (rc != SQLITE_OK)
        snprintf(msg, cap, "%s", err ? err : sqlite3_errmsg(h));
    sqlite3_free(err);
    sqlite3_close(h); /* an open transaction rolls back */
    return rc == SQLITE_OK;
}

static inline void test_sql_exec(const char *target, const char *sql)
{
    char msg[512];
    bool ok = test_sql_try(target, sql, msg, sizeof msg);
    if (!ok)
        fprintf(stderr, "test_sql: %s: %s\n", sql, msg);
    assert_true(ok);
}

static inline void test_sql_looks(const char *target, char *out, size_t cap)
{
    int n = test_sql_is_pg(target)
                ? snprintf(out, cap, "%s%coptions=-c%%20search_path%%3Dinzage", target,
                           strchr(target, '?') ? '&' : '?')
                : snprintf(out, cap, "%s-inzage", target);
    assert_true(n > 0 && (size_t)n < cap);
}

/* A field of a JSON text column as an SQL expression, for SQL built with
 * snprintf: json_extract(expr, '$.a.b') in SQLite; on PostgreSQL the field as
 * text cast to pg_type ("text", "bigint"; "hex" decodes a digest to bytea).
 * The text lives in a small ring of buffers: use it before eight more calls. */
static inline const char *test_sql_json(const char *target, const char *expr, const char *path,
                                        const char *pg_type)
{
    static char ring[8][200];
    static unsigned next;
    char *out = ring[next++ % 8];
    if (!test_sql_is_pg(target)) {
        snprintf(out, sizeof ring[0], "json_extract(%s, '$.%s')", expr, path);
        return out;
    }
    char keys[80];
    snprintf(keys, sizeof keys, "%s", path);
    for (char *p = keys; *p; p++)
        if (*p == '.')
            *p = ',';
    if (strcmp(pg_type, "hex") == 0)
        snprintf(out, sizeof ring[0], "decode(%s::json #>> '{%s}', 'hex')", expr, keys);
    else
        snprintf(out, sizeof ring[0], "CAST(%s::json #>> '{%s}' AS %s)", expr, keys, pg_type);
    return out;
}

static inline void test_sql_digest(const char *target, const char *hex, char *out, size_t cap)
{
    int n = test_sql_is_pg(target) ? snprintf(out, cap, "'\\x%s'::bytea", hex)
                                   : snprintf(out, cap, "'%s'", hex);
    assert_true(n > 0 && (size_t)n < cap);
}

/* A PostgreSQL value as SQLite would give it: flags 1/0, bytea as bare hex. */
static inline const char *test_sql_pg_as_sqlite(const PGresult *r)
{
    if (PQntuples(r) < 1 || PQnfields(r) < 1 || PQgetisnull(r, 0, 0))
        return NULL;
    const char *v = PQgetvalue(r, 0, 0);
    Oid type = PQftype(r, 0);
    if (type == 16) /* boolean */
        return strcmp(v, "t") == 0 ? "1" : "0";
    if (type == 17 && v[0] == '\\' && v[1] == 'x') /* bytea, hex output */
        return v + 2;
    return v;
}

/* The first value of a query as text, without failing the test: false when the
 * query failed (for threads, where cmocka's asserts may not run). */
static inline bool test_sql_try_text(const char *target, const char *sql, char *out, size_t cap)
{
    out[0] = '\0';
    if (test_sql_is_pg(target)) {
        char msg[512];
        PGresult *r = test_sql_pg_try(target, sql, msg, sizeof msg);
        if (!r) {
            fprintf(stderr, "test_sql: %s: %s", sql, msg);
            return false;
        }
        const char *v = test_sql_pg_as_sqlite(r);
        if (v)
            snprintf(out, cap, "%s", v);
        PQclear(r);
        return true;
    }
    sqlite3 *h = NULL;
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_open_v2(target, &h, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(h, 30000);
        rc = sqlite3_prepare_v2(h, sql, -1, &s, NULL);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(s, 0));
    bool ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    if (!ok)
        fprintf(stderr, "test_sql: %s: %s\n", sql, h ? sqlite3_errmsg(h) : "no memory");
    sqlite3_finalize(s);
    sqlite3_close(h);
    return ok;
}

static inline void test_sql_text(const char *target, const char *sql, char *out, size_t cap)
{
    assert_true(test_sql_try_text(target, sql, out, cap));
}

/* The first column of the first row as a number; a missing row or NULL fails
 * the test, as a count or id the test expects must be there. */
static inline long long test_sql_int(const char *target, const char *sql)
{
    char v[64];
    test_sql_text(target, sql, v, sizeof v);
    if (!v[0])
        fprintf(stderr, "test_sql: %s: no value\n", sql);
    assert_true(v[0] != '\0');
    char *end;
    long long n = strtoll(v, &end, 10);
    assert_true(*end == '\0');
    return n;
}

#endif
