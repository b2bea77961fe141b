/*
 * pg_template.h - the migrated register every PostgreSQL test database is a
 * copy of (decision 248), for tmp_register.h.
 *
 * Migrating and seeding a fresh database costs about a second; CREATE DATABASE
 * ... TEMPLATE copies a migrated one in a fraction of that. The template is
 * samenloop_tmpl_<digest>, the digest taken over the PostgreSQL migrations
 * (each file's name and text, in order), so a changed migration makes a new
 * one and a cluster kept between runs never hands out an old schema. The same
 * name, digest and lock are computed by tests/integration/pg_template.py (the
 * API and browser tests), so all tests on a cluster share one template.
 *
 * The first test that finds it missing makes it while holding a session
 * advisory lock on the admin database: the others wait, then copy it. It is
 * marked a template (IS_TEMPLATE, ALLOW_CONNECTIONS false) only when complete,
 * so one left half-made by a test that died is made again, and nothing can
 * connect to it and block the copies.
 */
#ifndef SL_TESTS_PG_TEMPLATE_H
#define SL_TESTS_PG_TEMPLATE_H

#include <libpq-fe.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/pg_conn.h"
#include "store/store.h"

/* pg_advisory_lock key of making the template, "sltmpl" (pg_template.py: LOCK) */
#define PG_TEMPLATE_LOCK "126909646991468"

/* samenloop_tmpl_ and the first 8 bytes of SHA-256 over each migration's name,
 * a NUL, its text and a NUL. */
static inline void pg_template_name(char *out, size_t cap)
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    for (const sl_migration *m = sl_pg_migrations; m->version; m++) {
        crypto_hash_sha256_update(&h, (const unsigned char *)m->name, strlen(m->name) + 1);
        crypto_hash_sha256_update(&h, (const unsigned char *)m->sql, strlen(m->sql) + 1);
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, digest);
    char hex[17];
    sodium_bin2hex(hex, sizeof hex, digest, 8);
    snprintf(out, cap, "samenloop_tmpl_%s", hex);
}

/* The one value of a query on the admin connection ("" for no row), or NULL. */
static inline char *pg_template_value(PGconn *c, const char *sql, const char *param)
{
    PGresult *r = PQexecParams(c, sql, param ? 1 : 0, NULL, param ? &param : NULL, NULL, NULL, 0);
    char *v = NULL;
    if (PQresultStatus(r) == PGRES_TUPLES_OK)
        v = strdup(PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
    else if (PQresultStatus(r) == PGRES_COMMAND_OK)
        v = strdup("");
    else
        fprintf(stderr, "pg_template: %s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    return v;
}

static inline int pg_template_exec(PGconn *c, const char *sql)
{
    char *v = pg_template_value(c, sql, NULL);
    free(v);
    return v ? 0 : -1;
}

/* Opens the database at url with the store, which migrates and seeds it. */
static inline int pg_template_fill(const char *url)
{
    sl_store *st = NULL;
    char err[512];
    if (!sl_store_open(url, &st, err, sizeof err)) {
        fprintf(stderr, "pg_template: %s\n", err);
        return -1;
    }
    sl_store_close(st);
    return 0;
}

/*
 * Makes the template `name` on the cluster of the admin connection c unless it
 * is there; url_of(name) gives a database's URL on that cluster. 0 when the
 * template is ready to copy.
 */
static inline int pg_template_ensure(PGconn *c, const char *name,
                                     int (*url_of)(const char *name, char *url, size_t cap))
{
    if (pg_template_exec(c, "SELECT pg_advisory_lock(" PG_TEMPLATE_LOCK ")") != 0)
        return -1;
    char *state = pg_template_value(c, "SELECT datistemplate FROM pg_database WHERE datname = $1",
                                    name);
    int rc = state ? 0 : -1;
    if (state && strcmp(state, "t") != 0) {
        char sql[160], url[512];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
        rc = pg_template_exec(c, sql);
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
        rc = rc ? rc : pg_template_exec(c, sql);
        rc = rc ? rc : url_of(name, url, sizeof url);
        rc = rc ? rc : pg_template_fill(url);
        snprintf(sql, sizeof sql, "ALTER DATABASE %s WITH IS_TEMPLATE true ALLOW_CONNECTIONS false",
                 name);
        rc = rc ? rc : pg_template_exec(c, sql);
    }
    free(state);
    if (pg_template_exec(c, "SELECT pg_advisory_unlock(" PG_TEMPLATE_LOCK ")") != 0)
        rc = -1;
    return rc;
}

#endif
