/*
 * row_cols.c - a row of a PostgreSQL result as store/row_cols.h columns.
 */
#include "store/pg/pg_int.h"

static const PGresult *result(const sl_cols *c) { return c->res; }

static int64_t col_num(const sl_cols *c, int i) { return sl_pg_col_int(result(c), c->row, i); }
static bool col_bool(const sl_cols *c, int i) { return sl_pg_col_bool(result(c), c->row, i); }
static const char *col_text(const sl_cols *c, int i)
{
    return sl_pg_col_text(result(c), c->row, i);
}
static sl_date col_day(const sl_cols *c, int i) { return pg_col_date(result(c), c->row, i); }

static const sl_cols_ops pg_cols_ops = {
    .num = col_num, .flag = col_bool, .text = col_text, .date = col_day,
};

sl_cols pg_cols(const PGresult *res, int row)
{
    return (sl_cols){.ops = &pg_cols_ops, .res = res, .row = row};
}

typedef struct cols_scan {
    sl_cols_row_fn row;
    void *ctx;
} cols_scan;

static bool scan_row(void *ctx, const PGresult *res, int row)
{
    const cols_scan *s = ctx;
    sl_cols c = pg_cols(res, row);
    return s->row(s->ctx, &c);
}

bool pg_cols_scan(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, const char *what,
                  sl_cols_row_fn row, void *ctx)
{
    cols_scan s = {.row = row, .ctx = ctx};
    return pg_scan(ps, q, p, what, scan_row, &s);
}

bool pg_cols_scan_small(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p,
                        const char *what, sl_cols_row_fn row, void *ctx)
{
    cols_scan s = {.row = row, .ctx = ctx};
    return pg_scan_small(ps, q, p, what, scan_row, &s);
}

bool pg_cols_all(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, const char *what,
                 sl_cols_row_fn row, void *ctx)
{
    PGresult *res = pg_query(ps, q, p, what);
    if (!res)
        return false;
    for (int r = 0; r < PQntuples(res); r++) {
        sl_cols c = pg_cols(res, r);
        if (!row(ctx, &c))
            break;
    }
    PQclear(res);
    return true;
}
