/*
 * test_sql.h - the register read or changed behind the services' back, on
 * either store: a SQLite file through the sqlite3 API, a postgresql:// URL
 * through libpq (tmp_register.h gives `db` as one or the other).
 *
 *   test_sql_exec(db, sql)            one or more statements, in one transaction
 *   test_sql_int(db, sql)             the first column of the first row as a number
 *   test_sql_text(db, sql, out, cap)  ... as text ("" when there is no row or it is NULL)
 *
 * Each fails the test (cmocka) when the SQL does. Write the SQL both dialects
 * share: flags compare with true/false; no printf, rowid or PRAGMA (where a test
 * needs those it is SQLite-only, or test_sql_is_pg picks the dialect). Values
 * read back look as SQLite keeps them: flags 1/0, digests lower-case hex, and
 * PostgreSQL's session runs in UTC.
 */
#ifndef SL_TESTS_TEST_SQL_H
#define SL_TESTS_TEST_SQL_H

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline bool test_sql_is_pg(const char *target)
{
    return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
}

/* Runs sql on PostgreSQL; returns the result (the caller clears it), or aborts
 * the test with the server's message. */
static inline PGresult *test_sql_pg(const char *target, const char *sql)
{
    PGconn *c = PQconnectdb(target);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "test_sql: %s", PQerrorMessage(c));
        PQfinish(c);
        fail();
    }
    PQclear(PQexec(c, "SET TimeZone = 'UTC'"));
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        fprintf(stderr, "test_sql: %s: %s", sql, PQresultErrorMessage(r));
        PQclear(r);
        PQfinish(c);
        fail();
    }
    PQfinish(c);
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

static inline void test_sql_exec(const char *target, const char *sql)
{
    if (test_sql_is_pg(target)) {
        /* PQexec runs a string of several statements as one transaction */
        PQclear(test_sql_pg(target, sql));
        return;
    }
    sqlite3 *h = test_sql_sqlite(target);
    char *err = NULL;
    int rc = sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, &err);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(h, sql, NULL, NULL, &err);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(h, "COMMIT", NULL, NULL, &err);
    if (rc != SQLITE_OK)
        fprintf(stderr, "test_sql: %s: %s\n", sql, err ? err : sqlite3_errmsg(h));
    sqlite3_free(err);
    sqlite3_close(h);
    assert_int_equal(rc, SQLITE_OK);
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

static inline void test_sql_text(const char *target, const char *sql, char *out, size_t cap)
{
    out[0] = '\0';
    if (test_sql_is_pg(target)) {
        PGresult *r = test_sql_pg(target, sql);
        const char *v = test_sql_pg_as_sqlite(r);
        if (v)
            snprintf(out, cap, "%s", v);
        PQclear(r);
        return;
    }
    sqlite3 *h = test_sql_sqlite(target);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(h, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        fprintf(stderr, "test_sql: %s: %s\n", sql, sqlite3_errmsg(h));
    assert_int_equal(rc, SQLITE_OK);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(s, 0));
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        fprintf(stderr, "test_sql: %s: %s\n", sql, sqlite3_errmsg(h));
    sqlite3_finalize(s);
    sqlite3_close(h);
    assert_true(rc == SQLITE_ROW || rc == SQLITE_DONE);
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
