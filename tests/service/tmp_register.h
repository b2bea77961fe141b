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
 */
#ifndef SL_TESTS_TMP_REGISTER_H
#define SL_TESTS_TMP_REGISTER_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

static char db_dir[64];
static char db[128]; /* the register: a file inside db_dir, or a database URL */
static char tmp_pg_admin[512]; /* SAMENLOOP_TEST_PG, "" for SQLite */
static char tmp_pg_name[40];   /* samenloop_test_<random> */

/* Runs one statement on the test cluster's admin database; 0 when it worked. */
static inline int tmp_pg_admin_exec(const char *sql)
{
    PGconn *c = PQconnectdb(tmp_pg_admin);
    int rc = -1;
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, sql);
        rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
        if (rc)
            fprintf(stderr, "tmp_register: %s: %s", sql, PQresultErrorMessage(r));
        PQclear(r);
    } else {
        fprintf(stderr, "tmp_register: test cluster: %s", PQerrorMessage(c));
    }
    PQfinish(c);
    return rc;
}

static inline int tmp_pg_database(const char *verb)
{
    char sql[128];
    if (strcmp(verb, "DROP") == 0)
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", tmp_pg_name);
    else
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", tmp_pg_name);
    return tmp_pg_admin_exec(sql);
}

static inline void tmp_pg_drop_at_exit(void)
{
    tmp_pg_database("DROP");
}

/* The admin URL with the database (its path) replaced by tmp_pg_name. */
static inline int tmp_pg_url(void)
{
    const char *scheme = strstr(tmp_pg_admin, "://");
    if (!scheme)
        return -1;
    const char *host = scheme + 3;
    size_t head = (size_t)(host - tmp_pg_admin) + strcspn(host, "/?");
    const char *query = strchr(host, '?');
    int n = snprintf(db, sizeof db, "%.*s/%s%s", (int)head, tmp_pg_admin, tmp_pg_name,
                     query ? query : "");
    if (n > 0 && (size_t)n < sizeof db)
        return 0;
    fprintf(stderr, "tmp_register: SAMENLOOP_TEST_PG is too long for db[%zu]\n", sizeof db);
    return -1;
}

static inline int tmp_pg_create(const char *admin)
{
    unsigned char r[6];
    if (snprintf(tmp_pg_admin, sizeof tmp_pg_admin, "%s", admin) >= (int)sizeof tmp_pg_admin ||
        getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
        return -1;
    snprintf(tmp_pg_name, sizeof tmp_pg_name, "samenloop_test_%02x%02x%02x%02x%02x%02x", r[0],
             r[1], r[2], r[3], r[4], r[5]);
    if (tmp_pg_url() != 0 || tmp_pg_database("CREATE") != 0)
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
        if (tmp_pg_database("DROP") != 0 || tmp_pg_database("CREATE") != 0)
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

#endif
