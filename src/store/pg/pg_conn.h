/*
 * pg_conn.h - one PostgreSQL connection for the store's PostgreSQL families:
 * open (and migrate) from a URL or libpq keywords, prepared statements by
 * name, parameters as text, results, transactions, and one error message.
 *
 * Independent of the store interface: the store's PostgreSQL backend owns one
 * sl_pg per store handle and builds its families on these helpers. Not
 * thread-safe; one sl_pg per thread, like a store handle.
 *
 * Error messages are Dutch, from libpq where it says more, and never hold a
 * password of the connection string (pg_conn.c: redact).
 */
#ifndef SL_STORE_PG_CONN_H
#define SL_STORE_PG_CONN_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "store/migrations.h"

typedef struct sl_pg sl_pg;

/* The migrations of a PostgreSQL register (src/store/migrations/pg/). */
extern const sl_migration sl_pg_migrations[];

/*
 * True when `db` (the --db argument) names a PostgreSQL database: a
 * postgresql:// or postgres:// URI (`postgresql://` alone takes everything from
 * libpq's environment: PGHOST, PGSERVICE, ...), or a libpq keyword string
 * that starts with one of libpq's own keywords ("service=samenloop",
 * "host=db dbname=register"). Anything else is a SQLite file (decision 141).
 */
bool sl_pg_is_conninfo(const char *db);

/* Connects; NULL with the message in err (no password in it). The session
 * runs in UTC with ISO dates, so dates read back as YYYY-MM-DD. */
sl_pg *sl_pg_connect(const char *conninfo, char *err, size_t errcap);

/*
 * Brings the database to the newest of `migrations` (a {0}-terminated table,
 * ascending) in one transaction under a transaction-level advisory lock, so
 * that instances starting at once migrate one after the other and the later
 * ones find nothing left to do. Refuses a database newer than the table.
 */
bool sl_pg_migrate(sl_pg *pg, const sl_migration *migrations);

/* sl_pg_connect + sl_pg_migrate(sl_pg_migrations); NULL with err on failure. */
sl_pg *sl_pg_open(const char *conninfo, char *err, size_t errcap);

void sl_pg_close(sl_pg *pg);

/* After the server went away (a restart, a failover; a failed statement shows
 * it): connects again with the same string, forgets the statements prepared on
 * the old session and sets the new one up. True when the connection is good. */
bool sl_pg_ensure_connected(sl_pg *pg);

/* The schema version the database reports (0 for an empty one), -1 on error. */
int sl_pg_schema_version(sl_pg *pg);

/* The highest version in a migration table. */
int sl_pg_migrations_latest(const sl_migration *migrations);

PGconn *sl_pg_conn(sl_pg *pg);

/* The last error message ("" when none). */
const char *sl_pg_error(const sl_pg *pg);

/* Sets the error message (printf format, passwords redacted) and returns
 * false, so that a failing path reads `return sl_pg_fail(pg, "...", ...);`. */
bool sl_pg_fail(sl_pg *pg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- statements ----------------------------------------------------------- */

/* A statement of a family: defined once (static const), prepared on a
 * connection the first time it runs there, by a name of its own. */
typedef struct sl_pg_query {
    const char *name; /* unique across families, e.g. "accounts_by_name" */
    const char *sql;  /* $1, $2, ... */
} sl_pg_query;

/* Parameters passed as text; NULL is SQL NULL. */
#define SL_PG_MAX_PARAMS 32
typedef struct sl_pg_params {
    int n;
    bool overflow; /* more than SL_PG_MAX_PARAMS: the statement is not run */
    const char *value[SL_PG_MAX_PARAMS];
    char number[SL_PG_MAX_PARAMS][24];
} sl_pg_params;

void sl_pg_params_init(sl_pg_params *p);
void sl_pg_param_text(sl_pg_params *p, const char *s); /* NULL: SQL NULL */
void sl_pg_param_int(sl_pg_params *p, long long v);
void sl_pg_param_bool(sl_pg_params *p, bool v);

/*
 * Runs q (preparing it first on this connection when needed) with params
 * (NULL: none). Returns the result when it is PGRES_COMMAND_OK or
 * PGRES_TUPLES_OK, to be freed with PQclear; NULL with the error set (libpq's
 * message after `what`) otherwise.
 */
PGresult *sl_pg_run(sl_pg *pg, const sl_pg_query *q, const sl_pg_params *params,
                    const char *what);

/* sl_pg_run for a statement whose result is not needed. */
bool sl_pg_run_ok(sl_pg *pg, const sl_pg_query *q, const sl_pg_params *params,
                  const char *what);

/* A statement without parameters and result, not prepared (DDL, SET). */
bool sl_pg_exec(sl_pg *pg, const char *sql, const char *what);

/* ---- results -------------------------------------------------------------- */

/* Row iteration: for (int r = 0; r < PQntuples(res); r++) with these readers.
 * NULL reads as "" / 0 / false; sl_pg_col_null tells them apart. */
bool sl_pg_col_null(const PGresult *res, int row, int col);
const char *sl_pg_col_text(const PGresult *res, int row, int col);
long long sl_pg_col_int(const PGresult *res, int row, int col);
bool sl_pg_col_bool(const PGresult *res, int row, int col);

/* ---- transactions --------------------------------------------------------- */

bool sl_pg_begin(sl_pg *pg);
bool sl_pg_commit(sl_pg *pg);
/* Safe to call after a failure inside the transaction, or outside one. */
void sl_pg_rollback(sl_pg *pg);

#endif
