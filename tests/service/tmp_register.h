/*
 * tmp_register.h - a register in a fresh temporary directory, shared by the
 * store and service tests: tmp_register_create() in the group setup (it fills
 * `db`), tmp_register_clear() when a test wants an empty register, rmdir(db_dir)
 * after a final clear in the group teardown.
 *
 * The same tests run on both stores (make test-pg): with SAMENLOOP_TEST_PG set
 * to an admin URL of a test cluster (scripts/pg-cluster.sh), `db` is the URL
 * of a database created for this test program, samenloop_test_<random>;
 * clearing drops and creates it again, and it is dropped when the program
 * exits. Without the variable `db` is a SQLite file in db_dir (its WAL
 * companions and look log beside it, removed by clearing). db_dir exists in
 * both cases, for the tests' other files.
 *
 * The database is a copy of the cluster's migrated template (pg_template.h,
 * decision 248): what a first open would make of an empty one, without the
 * second that takes. A test of the migrations themselves defines
 * TMP_REGISTER_EMPTY before including this header and gets an empty database.
 */
#ifndef SL_TESTS_TMP_REGISTER_H
#define SL_TESTS_TMP_REGISTER_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#ifndef TMP_REGISTER_EMPTY
#include "pg_template.h"
#endif

static char db_dir[64];
static char db[128]; /* the register: a file inside db_dir, or a database URL */
static char tmp_pg_admin[512]; /* SAMENLOOP_TEST_PG, "" for SQLite */
static char tmp_pg_name[40];   /* samenloop_test_<random> */

/* A connection to the test cluster's admin database, or NULL (said on stderr). */
static inline PGconn *tmp_pg_admin_connect(void)
{
    PGconn *c = PQconnectdb(tmp_pg_admin);
    if (PQstatus(c) == CONNECTION_OK)
        return c;
    fprintf(stderr, "tmp_register: test cluster: %s", PQerrorMessage(c));
    PQfinish(c);
    return NULL;
}

/* Runs one statement on the test cluster's admin database; 0 when it worked. */
static inline int tmp_pg_exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc)
        fprintf(stderr, "tmp_register: %s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    return rc;
}

/* The admin URL with the database (its path) replaced by `name`. */
static inline int tmp_pg_url_of(const char *name, char *out, size_t cap)
{
    const char *scheme = strstr(tmp_pg_admin, "://");
    if (!scheme)
        return -1;
    const char *host = scheme + 3;
    size_t head = (size_t)(host - tmp_pg_admin) + strcspn(host, "/?");
    const char *query = strchr(host, '?');
    int n = snprintf(out, cap, "%.*s/%s%s", (int)head, tmp_pg_admin, name, query ? query : "");
    if (n > 0 && (size_t)n < cap)
        return 0;
    fprintf(stderr, "tmp_register: SAMENLOOP_TEST_PG is too long for %zu bytes\n", cap);
    return -1;
}

/* CREATE DATABASE tmp_pg_name, a copy of the migrated template unless
 * TMP_REGISTER_EMPTY; the template is made first when the cluster lacks it. */
static inline int tmp_pg_create_database(PGconn *c)
{
    char sql[160];
#ifdef TMP_REGISTER_EMPTY
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", tmp_pg_name);
#else
    static char template_name[40];
    if (!template_name[0]) {
        char name[sizeof template_name];
        pg_template_name(name, sizeof name);
        if (pg_template_ensure(c, name, tmp_pg_url_of) != 0)
            return -1;
        memcpy(template_name, name, sizeof name);
    }
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s", tmp_pg_name, template_name);
#endif
    return tmp_pg_exec(c, sql);
}

/* verb DROP drops tmp_pg_name, CREATE makes it, DROP CREATE both. */
static inline int tmp_pg_database(const char *verb)
{
    PGconn *c = tmp_pg_admin_connect();
    if (!c)
        return -1;
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", tmp_pg_name);
    int rc = 0;
    if (strstr(verb, "DROP"))
        rc = tmp_pg_exec(c, sql);
    if (rc == 0 && strstr(verb, "CREATE"))
        rc = tmp_pg_create_database(c);
    PQfinish(c);
    return rc;
}

static inline void tmp_pg_drop_at_exit(void)
{
    tmp_pg_database("DROP");
}

static inline int tmp_pg_create(const char *admin)
{
    unsigned char r[6];
    if (snprintf(tmp_pg_admin, sizeof tmp_pg_admin, "%s", admin) >= (int)sizeof tmp_pg_admin ||
        getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
        return -1;
    snprintf(tmp_pg_name, sizeof tmp_pg_name, "samenloop_test_%02x%02x%02x%02x%02x%02x", r[0],
             r[1], r[2], r[3], r[4], r[5]);
    if (tmp_pg_url_of(tmp_pg_name, db, sizeof db) != 0 || tmp_pg_database("CREATE") != 0)
        return -1;
    atexit(tmp_pg_drop_at_exit);
    return 0;
}

static inline int tmp_register_create(void)
{
    snprintf(db_dir, sizeof db_dir, "/tmp/samenloop-test-XXXXXX");
    if (!mkdtemp(db_dir))
        return -1;
    const char *admin = getenv("SAMENLOOP_TEST_PG");
    if (admin && *admin)
        return tmp_pg_create(admin);
    snprintf(db, sizeof db, "%s/register.db", db_dir);
    return 0;
}

static inline void tmp_register_clear(void)
{
    if (tmp_pg_admin[0]) {
        if (tmp_pg_database("DROP CREATE") != 0)
            abort(); /* a test on a register that is not empty proves nothing */
        return;
    }
    static const char *const suffix[] = {"", "-wal", "-shm", "-inzage", "-inzage-wal",
                                         "-inzage-shm"};
    char path[160];
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        snprintf(path, sizeof path, "%s%s", db, suffix[i]);
        unlink(path);
    }
}

/* cmocka's setup and teardown of a test run on one register: made, then
 * cleared and its directory removed */
static inline int tmp_register_setup(void **state)
{
    (void)state;
    return tmp_register_create() != 0 ? -1 : 0;
}

static inline int tmp_register_teardown(void **state)
{
    (void)state;
    tmp_register_clear();
    rmdir(db_dir);
    return 0;
}

#endif
