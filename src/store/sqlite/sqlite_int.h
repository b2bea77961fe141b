/*
 * sqlite_int.h - internals shared by the SQLite backend's files: the handle,
 * the helpers for statements and columns, and each family's table. One file
 * per table family (records.c, deliveries.c, classification.c, dossiers.c,
 * signals.c, accounts.c, log.c, consent.c, verzoeken.c, termijnen.c) holds that family's
 * SQL next to its functions; connection.c the handle, seed.c the first rule
 * sets. Not for services: they include store/store.h and the family headers.
 */
#ifndef SL_STORE_SQLITE_INT_H
#define SL_STORE_SQLITE_INT_H

#include <sqlite3.h>
#include <string.h>

#include "store/backend.h"
#include "store/row_cols.h"

/* Whose statements a slot holds: each file prepares into its own row. */
enum sq_part {
    SQ_PART_CONNECTION,
    SQ_PART_RECORDS,
    SQ_PART_DELIVERIES,
    SQ_PART_CLASSIFICATION,
    SQ_PART_DOSSIERS,
    SQ_PART_SIGNALS,
    SQ_PART_ACCOUNTS,
    SQ_PART_LOG,
    SQ_PART_CONSENT,
    SQ_PART_VERZOEKEN,
    SQ_PART_OPNAMES,
    SQ_PART_TERMIJNEN,
    SQ_PART_COUNT
};
#define SQ_SLOTS 32 /* statements per part */

/* The page cache of each connection, in KiB (negative): a first load keeps a
 * whole table's new pages in it until the commit. */
#define SL_SQLITE_CACHE "-262144"

typedef struct sqlite_store {
    sl_store base;
    sqlite3 *db;
    bool holds_writer;                     /* this handle holds the process's writer mutex */
    bool looks;                            /* a handle on the look log alone (sq_open_looks) */
    sl_kind load_kind;                     /* the kind of a first load in progress */
    bool fk_off;                           /* foreign keys are off for that load */
    bool wal_off;                          /* the register left WAL mode for that load */
    bool temp_file;                        /* temporary storage in files for that load */
    int read_depth;                        /* nested sq_read_begin calls still open */
    sqlite3_stmt *stmt[SQ_PART_COUNT][SQ_SLOTS]; /* prepared on first use, kept until close */
} sqlite_store;

static inline sqlite_store *SQ(sl_store *st) { return (sqlite_store *)st; }

static inline bool db_fail(sqlite_store *sq, const char *what)
{
    return sl_store_fail(&sq->base, "%s: %s", what, sqlite3_errmsg(sq->db));
}

/* Prepares sql into *slot once (persistent), then hands out the same statement. */
static inline sqlite3_stmt *sq_prepare(sqlite_store *sq, sqlite3_stmt **slot, const char *sql)
{
    if (!*slot && sqlite3_prepare_v3(sq->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) !=
                      SQLITE_OK) {
        db_fail(sq, "SQL voorbereiden mislukt");
        return NULL;
    }
    return *slot;
}

/* Runs a statement that returns no rows, then resets it. */
static inline bool run(sqlite_store *sq, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE)
        return db_fail(sq, what);
    return true;
}

/* ---- binding: "unknown" values become NULL ------------------------------ */

static inline void bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static inline void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_STATIC);
}

/* buf must live in the caller's frame until the statement has run. */
static inline void bind_date(sqlite3_stmt *s, int i, sl_date d, char buf[11])
{
    if (d == SL_DATE_NONE) {
        sqlite3_bind_null(s, i);
        return;
    }
    sl_date_format(d, buf);
    sqlite3_bind_text(s, i, buf, 10, SQLITE_STATIC);
}

static inline void bind_flag(sqlite3_stmt *s, int i, sl_flag f)
{
    if (f == SL_FLAG_UNKNOWN)
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_int(s, i, f == SL_FLAG_JA);
}

static inline void bind_id_or_null(sqlite3_stmt *s, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

/* Copies a text column into a fixed buffer ("" for NULL), truncating at cap-1. */
static inline void col_copy(sqlite3_stmt *s, int i, char *dst, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    size_t n = t ? (size_t)sqlite3_column_bytes(s, i) : 0;
    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(dst, t, n);
    dst[n] = '\0';
}

/* Runs sql (several statements allowed) outside the statement cache. */
bool sq_exec(sqlite_store *sq, const char *sql, const char *what);

/* connection.c: the look log's file beside the register at `path`; false
 * when it does not fit in cap. */
bool sq_looks_path(const char *path, char *out, size_t cap);

/* ---- reading rows and columns --------------------------------------------------- */

/* Steps s: 1 for a row, 0 when done, -1 on failure (message set). */
static inline int step_row(sqlite_store *sq, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_fail(sq, what);
        return -1;
    }
    return rc == SQLITE_ROW;
}

/* Resets a statement that was stepped, for its next use. */
static inline void done(sqlite3_stmt *s)
{
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

static inline sl_date col_date(sqlite3_stmt *s, int i)
{
    sl_date d;
    const char *why;
    const char *t = (const char *)sqlite3_column_text(s, i);
    if (!t || !sl_date_parse(t, (size_t)sqlite3_column_bytes(s, i), &d, &why))
        return SL_DATE_NONE;
    return d;
}

static inline sl_flag col_flag(sqlite3_stmt *s, int i)
{
    if (sqlite3_column_type(s, i) == SQLITE_NULL)
        return SL_FLAG_UNKNOWN;
    return sqlite3_column_int(s, i) ? SL_FLAG_JA : SL_FLAG_NEE;
}

/* ---- across files ------------------------------------------------------------------ */

/* seed.c: version 1 of each rule set (matrix, signal rules) from the core's
 * defaults when the register has none of that kind yet. */
bool sq_seed_rules(sqlite_store *sq);

/* row_cols.c: the statement's current row as store/row_cols.h columns, for
 * the readers both stores share; and a scan that steps s to its end, handing
 * each row to row (a false from row ends it early, and the scan still
 * succeeds), then resets s. */
sl_cols sq_cols(sqlite3_stmt *s);
bool sq_cols_scan(sqlite_store *sq, sqlite3_stmt *s, const char *what, sl_cols_row_fn row,
                  void *ctx);

/* row_cols.c: a write that returns at most one row (RETURNING): its first n
 * integers into out, *got whether there was a row (got may be NULL); false
 * with `what` when the write failed. */
bool sq_write_returning(sqlite_store *sq, sqlite3_stmt *s, int64_t *out, int n, bool *got,
                        const char *what);
/* The one row s selects, if any, read by read; a row read refuses (false) is
 * unreadable and fails with `unreadable`. *found whether a row was read. */
typedef bool (*sq_read_fn)(sqlite3_stmt *s, void *out);
bool sq_read_one(sqlite_store *sq, sqlite3_stmt *s, sq_read_fn read, void *out, bool *found,
                 const char *what, const char *unreadable);

/* ---- each family's table (store/backend.h) ------------------------------------------ */

extern const sl_records_ops sq_records_ops;
extern const sl_deliveries_ops sq_deliveries_ops;
extern const sl_classification_ops sq_classification_ops;
extern const sl_dossiers_ops sq_dossiers_ops;
extern const sl_signals_ops sq_signals_ops;
extern const sl_accounts_ops sq_accounts_ops;
extern const sl_log_ops sq_log_ops;
extern const sl_consent_ops sq_consent_ops;
extern const sl_verzoeken_ops sq_verzoeken_ops;
extern const sl_opnames_ops sq_opnames_ops;
extern const sl_termijnen_ops sq_termijnen_ops;
extern const sl_views_ops sq_views_ops; /* sqlite/views.c */

#endif
