/*
 * table_rows.c - a register as tables of rows (table_rows.h): the backend
 * chosen as sl_store_open chooses it, and the calls routed to it.
 */
#include "store/table_rows.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "store/pg/pg_conn.h"

bool sl_rows_open(const char *target, sl_rows **out, char *err, size_t errcap)
{
    *out = NULL;
    if (sl_pg_is_conninfo(target))
        return sl_pg_rows_open(target, out, err, errcap);
    return sl_sqlite_rows_open(target, out, err, errcap);
}

void sl_rows_close(sl_rows *r)
{
    if (r)
        r->ops->close(r);
}

const char *sl_rows_errmsg(const sl_rows *r) { return r->errmsg; }

bool sl_rows_fail(sl_rows *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    va_end(ap);
    size_t n = strlen(r->errmsg);
    while (n > 0 && (r->errmsg[n - 1] == '\n' || r->errmsg[n - 1] == ' '))
        r->errmsg[--n] = '\0';
    return false;
}

static bool identifier_ok(const char *s, size_t n)
{
    if (n == 0 || n >= SL_ROWS_NAME_CAP || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

bool sl_rows_name_ok(const char *name)
{
    if (strncmp(name, "inzage.", 7) == 0)
        name += 7;
    return identifier_ok(name, strlen(name));
}

/* Every call that names a table or columns checks them first: they become
 * identifiers in SQL, where no parameter can stand. */
static bool names_ok(sl_rows *r, const char *table, int ncols, const char *const *columns)
{
    if (!sl_rows_name_ok(table))
        return sl_rows_fail(r, "ongeldige tabelnaam '%s'", table);
    if (ncols < 1 || ncols > SL_ROWS_COLUMNS_MAX)
        return sl_rows_fail(r, "tabel %s: %d kolommen", table, ncols);
    for (int i = 0; i < ncols; i++)
        if (!identifier_ok(columns[i], strlen(columns[i])))
            return sl_rows_fail(r, "tabel %s: ongeldige kolomnaam '%s'", table, columns[i]);
    return true;
}

bool sl_rows_tables(sl_rows *r, sl_rows_table_cb cb, void *ctx)
{
    return r->ops->tables(r, cb, ctx);
}

bool sl_rows_count(sl_rows *r, const char *table, int64_t *n)
{
    if (!sl_rows_name_ok(table))
        return sl_rows_fail(r, "ongeldige tabelnaam '%s'", table);
    return r->ops->count(r, table, n);
}

bool sl_rows_scan(sl_rows *r, const char *table, sl_rows_row_cb cb, void *ctx)
{
    if (!sl_rows_name_ok(table))
        return sl_rows_fail(r, "ongeldige tabelnaam '%s'", table);
    return r->ops->scan(r, table, cb, ctx);
}

bool sl_rows_snapshot(sl_rows *r) { return r->ops->snapshot(r); }
bool sl_rows_begin(sl_rows *r) { return r->ops->begin(r); }

bool sl_rows_clear(sl_rows *r, const char *table)
{
    if (!sl_rows_name_ok(table))
        return sl_rows_fail(r, "ongeldige tabelnaam '%s'", table);
    return r->ops->clear(r, table);
}

bool sl_rows_insert_begin(sl_rows *r, const char *table, int ncols, const char *const *columns)
{
    return names_ok(r, table, ncols, columns) && r->ops->insert_begin(r, table, ncols, columns);
}

bool sl_rows_insert(sl_rows *r, const char *const *values) { return r->ops->insert(r, values); }
bool sl_rows_insert_end(sl_rows *r) { return r->ops->insert_end(r); }
bool sl_rows_commit(sl_rows *r) { return r->ops->commit(r); }
void sl_rows_rollback(sl_rows *r) { r->ops->rollback(r); }
