/*
 * store.c - the storage interface's front door: picks a backend from the
 * target, and routes the handle's own calls (store.h) to it. The families'
 * calls are routed in store/<family>_store.c.
 */
#include "store/backend.h"
#include "store/pg/pg_conn.h"

#include <stdio.h>
#include <string.h>

bool sl_store_fail(sl_store *st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->errmsg, sizeof st->errmsg, fmt, ap);
    va_end(ap);
    return false;
}

const void *sl_store_family_missing(sl_store *st, const char *family)
{
    sl_store_fail(st, "de opslag '%s' kent (nog) geen %s", st->backend->name, family);
    return NULL;
}

/* A PostgreSQL database (a postgresql:// or postgres:// URI, a libpq keyword
 * string) or else a SQLite file: pg_conn.h, decision 141. */
bool sl_store_open(const char *target, sl_store **out, char *err, size_t errcap)
{
    *out = NULL;
    if (sl_pg_is_conninfo(target))
        return sl_pg_store_open(target, out, err, errcap);
    return sl_sqlite_open(target, out, err, errcap);
}

bool sl_store_open_looks(const char *target, sl_store **out, char *err, size_t errcap)
{
    *out = NULL;
    if (sl_pg_is_conninfo(target))
        return sl_pg_store_open_looks(target, out, err, errcap);
    return sl_sqlite_open_looks(target, out, err, errcap);
}

bool sl_store_target_is_file(const char *target) { return !sl_pg_is_conninfo(target); }

void sl_store_close(sl_store *st)
{
    if (st)
        st->backend->close(st);
}

const char *sl_store_errmsg(const sl_store *st) { return st->errmsg; }
int sl_store_schema_version(sl_store *st) { return st->backend->schema_version(st); }
bool sl_store_ping(sl_store *st) { return st->backend->ping(st); }
bool sl_store_begin(sl_store *st) { return st->backend->begin(st); }
bool sl_store_begin_load(sl_store *st, sl_kind kind) { return st->backend->begin_load(st, kind); }
bool sl_store_commit(sl_store *st) { return st->backend->commit(st); }
void sl_store_rollback(sl_store *st) { st->backend->rollback(st); }
bool sl_store_read_begin(sl_store *st) { return st->backend->read_begin(st); }
void sl_store_read_end(sl_store *st) { st->backend->read_end(st); }
