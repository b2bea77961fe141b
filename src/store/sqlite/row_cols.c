/*
 * row_cols.c - a SQLite statement's current row as store/row_cols.h columns,
 * and the one-row reads and writes the families share.
 */
#include "store/sqlite/sqlite_int.h"

/* The accessors only read the row; sqlite3_column_* take the statement
 * without const. */
static sqlite3_stmt *stmt(const sl_cols *c) { return (sqlite3_stmt *)c->res; }

static int64_t col_num(const sl_cols *c, int i) { return sqlite3_column_int64(stmt(c), i); }
static bool col_bool(const sl_cols *c, int i) { return sqlite3_column_int(stmt(c), i) != 0; }
static const char *col_text(const sl_cols *c, int i)
{
    return (const char *)sqlite3_column_text(stmt(c), i);
}
static sl_date col_day(const sl_cols *c, int i) { return col_date(stmt(c), i); }

static const sl_cols_ops sq_cols_ops = {
    .num = col_num, .flag = col_bool, .text = col_text, .date = col_day,
};

sl_cols sq_cols(sqlite3_stmt *s) { return (sl_cols){.ops = &sq_cols_ops, .res = s}; }

bool sq_cols_scan(sqlite_store *sq, sqlite3_stmt *s, const char *what, sl_cols_row_fn row,
                  void *ctx)
{
    sl_cols c = sq_cols(s);
    int rc;
    while ((rc = step_row(sq, s, what)) == 1)
        if (!row(ctx, &c)) {
            rc = 0;
            break;
        }
    done(s);
    return rc == 0;
}

bool sq_write_returning(sqlite_store *sq, sqlite3_stmt *s, int64_t *out, int n, bool *got,
                        const char *what)
{
    int rc = sqlite3_step(s);
    bool row = rc == SQLITE_ROW;
    if (row) {
        for (int i = 0; i < n; i++)
            out[i] = sqlite3_column_int64(s, i);
        rc = sqlite3_step(s);
    }
    done(s);
    if (rc != SQLITE_DONE)
        return db_fail(sq, what);
    if (got)
        *got = row;
    return true;
}

bool sq_read_one(sqlite_store *sq, sqlite3_stmt *s, sq_read_fn read, void *out, bool *found,
                 const char *what, const char *unreadable)
{
    int rc = sqlite3_step(s);
    bool ok = true;
    if (rc == SQLITE_ROW) {
        ok = read(s, out);
        *found = ok;
    }
    done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(sq, what);
    if (!ok)
        return sl_store_fail(&sq->base, "%s", unreadable);
    return true;
}
