/*
 * table_rows.h - a whole register, look log included, as tables of rows: the
 * one generic operation that copying a register between stores needs
 * (service/register_copy.h, decision 149). Both stores have the same tables
 * and columns (tests/integration/test_pg_schema.py), so a copy goes table by
 * table instead of through every family's own scan.
 *
 * Values travel as text in the form the SQLite register stores them, so that
 * a copy there and back gives the same bytes: integers in decimal, flags 0/1,
 * REAL as "%.17g" (exact), days YYYY-MM-DD, moments ISO 8601 UTC as the store
 * writes them (seconds, the outbox with milliseconds), digests lower-case hex,
 * JSON as written; NULL is a NULL pointer. Table names are the SQLite
 * register's, the look log's table "inzage.logboek".
 *
 * A rows handle is a connection of its own, beside any store handle; open the
 * register with sl_store_open first (that creates and migrates it). Errors:
 * false with the message in sl_rows_errmsg. Not thread-safe.
 */
#ifndef SL_STORE_TABLE_ROWS_H
#define SL_STORE_TABLE_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SL_ROWS_NAME_CAP 64 /* a table's or column's name */
#define SL_ROWS_COLUMNS_MAX 64

typedef struct sl_rows sl_rows;

/* Opens target (a SQLite path or a PostgreSQL URL, as sl_store_open). */
bool sl_rows_open(const char *target, sl_rows **out, char *err, size_t errcap);
void sl_rows_close(sl_rows *r);
const char *sl_rows_errmsg(const sl_rows *r);

/* Every table, parents before the tables whose foreign keys name them. */
typedef bool (*sl_rows_table_cb)(void *ctx, const char *table);
bool sl_rows_tables(sl_rows *r, sl_rows_table_cb cb, void *ctx);
bool sl_rows_count(sl_rows *r, const char *table, int64_t *n);

/*
 * Every row of `table` ordered by its primary key (text by its bytes), with
 * the column names in the table's order. Return false from cb to stop (the
 * scan then fails; the callback leaves its own message where it needs one).
 */
typedef bool (*sl_rows_row_cb)(void *ctx, int ncols, const char *const *columns,
                               const char *const *values);
bool sl_rows_scan(sl_rows *r, const char *table, sl_rows_row_cb cb, void *ctx);

/* Reading in one snapshot: what scans and counts after it see, until
 * sl_rows_rollback ends it. */
bool sl_rows_snapshot(sl_rows *r);

/*
 * Writing, in one transaction: begin, then per table clear (deletes every
 * row) or insert_begin with the columns, insert per row, insert_end; commit
 * checks the foreign keys and (PostgreSQL) moves each identity past the
 * highest id, so that the next row the register adds gets a new one.
 * rollback is always safe.
 */
bool sl_rows_begin(sl_rows *r);
bool sl_rows_clear(sl_rows *r, const char *table);
bool sl_rows_insert_begin(sl_rows *r, const char *table, int ncols, const char *const *columns);
bool sl_rows_insert(sl_rows *r, const char *const *values);
bool sl_rows_insert_end(sl_rows *r);
bool sl_rows_commit(sl_rows *r);
void sl_rows_rollback(sl_rows *r);

/* ---- for the backends (store/sqlite/table_rows.c, store/pg/table_rows.c) ---- */

typedef struct sl_rows_ops {
    void (*close)(sl_rows *r);
    bool (*tables)(sl_rows *r, sl_rows_table_cb cb, void *ctx);
    bool (*count)(sl_rows *r, const char *table, int64_t *n);
    bool (*scan)(sl_rows *r, const char *table, sl_rows_row_cb cb, void *ctx);
    bool (*snapshot)(sl_rows *r);
    bool (*begin)(sl_rows *r);
    bool (*clear)(sl_rows *r, const char *table);
    bool (*insert_begin)(sl_rows *r, const char *table, int ncols, const char *const *columns);
    bool (*insert)(sl_rows *r, const char *const *values);
    bool (*insert_end)(sl_rows *r);
    bool (*commit)(sl_rows *r);
    void (*rollback)(sl_rows *r);
} sl_rows_ops;

/* What every backend's handle starts with. */
struct sl_rows {
    const sl_rows_ops *ops;
    char errmsg[512];
};

bool sl_rows_fail(sl_rows *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A table or column name as the schemas spell them: [a-z_][a-z0-9_]*, the
 * table optionally after "inzage."; names go into SQL as identifiers. */
bool sl_rows_name_ok(const char *name);

bool sl_sqlite_rows_open(const char *path, sl_rows **out, char *err, size_t errcap);
bool sl_pg_rows_open(const char *conninfo, sl_rows **out, char *err, size_t errcap);

#endif
