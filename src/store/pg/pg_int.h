/*
 * pg_int.h - internals shared by the PostgreSQL backend's files: the handle,
 * helpers for statements, parameters and columns, and each family's table.
 * One file per table family (records.c, deliveries.c, classification.c,
 * dossiers.c, signals.c, accounts.c, log.c, consent.c, verzoeken.c) holds
 * that family's SQL (static const sl_pg_query, names prefixed with the
 * family) next to its functions; connection.c the handle. Not for services.
 *
 * Family functions never begin or commit: the services do (store.h). Outside
 * a transaction each statement runs on its own, or in the read snapshot when
 * one is open (read_begin).
 */
#ifndef SL_STORE_PG_INT_H
#define SL_STORE_PG_INT_H

#include <string.h>

#include "core/date.h"
#include "store/backend.h"
#include "store/row_cols.h"
#include "store/pg/pg_conn.h"

typedef struct pg_store {
    sl_store base; /* first: the handle the store interface hands out */
    sl_pg *pg;
    int read_depth;   /* nested read_begin calls still open */
    bool in_write;    /* a write transaction (begin/begin_load) is open */
    bool looks;       /* a handle on the look log alone (sl_store_open_looks) */
    sl_kind load_kind; /* the kind of a first load in progress, else SL_KIND_UNKNOWN */
    int cursors;       /* pg_scan cursors open now (their names: sl_scan_<depth>) */
    /* Writes a family holds back to send as one statement (classification.c):
     * called with send=true before the handle's next statement, so that every
     * read sees them, and at commit; with send=false at rollback. NULL: none. */
    bool (*pending)(struct pg_store *ps, bool send);
} pg_store;

static inline pg_store *PGS(sl_store *st) { return (pg_store *)st; }

/*
 * Copies the connection's last error into the handle's message and returns
 * false. `what` names the operation when the connection's message does not
 * start with it already (sl_pg_run puts its own `what` first); NULL: the
 * connection's message alone. libpq's trailing newline is cut off.
 */
static inline bool pg_fail(pg_store *ps, const char *what)
{
    const char *msg = sl_pg_error(ps->pg);
    if (!what || strncmp(msg, what, strlen(what)) == 0)
        sl_store_fail(&ps->base, "%s", *msg ? msg : (what ? what : "onbekende fout"));
    else if (*msg)
        sl_store_fail(&ps->base, "%s: %s", what, msg);
    else
        sl_store_fail(&ps->base, "%s", what);
    size_t n = strlen(ps->base.errmsg);
    while (n > 0 && (ps->base.errmsg[n - 1] == '\n' || ps->base.errmsg[n - 1] == ' '))
        ps->base.errmsg[--n] = '\0';
    return false;
}

/*
 * sl_pg_run with the error on the handle: the result (PQclear it) or NULL.
 * Outside a transaction and a snapshot it first connects again when the
 * server went away meanwhile (connection.c), so a handle recovers by itself.
 */
PGresult *pg_query(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, const char *what);

/* pg_query for a statement whose result is not needed. */
bool pg_run(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, const char *what);

/*
 * Calls cb for each row of q, in q's order, until cb returns false (then
 * false, with the message cb left). Inside a transaction or snapshot the rows
 * come through a cursor a few thousand at a time, so a scan of a whole table
 * (a million trajectories) never holds it in memory at once; outside one, in
 * one result. cb may run other statements, also other scans.
 */
typedef bool (*pg_row_cb)(void *ctx, const PGresult *res, int row);
bool pg_scan(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, const char *what,
             pg_row_cb cb, void *ctx);

/*
 * pg_scan for a scan that returns a handful of rows (one case's suspensions,
 * one address's notices, the open escalation cases): one prepared statement
 * and one result also inside a transaction or snapshot, where pg_scan would
 * declare a cursor (planned anew each time), fetch and close it (decision 222).
 */
bool pg_scan_small(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, const char *what,
                   pg_row_cb cb, void *ctx);

/* ---- parameters: "unknown" values become NULL, as in the SQLite backend ---- */

static inline void pg_param_text_or_null(sl_pg_params *p, const char *v)
{
    sl_pg_param_text(p, v && *v ? v : NULL);
}

/* A day as YYYY-MM-DD, or NULL; buf must live until the statement has run. */
static inline void pg_param_date(sl_pg_params *p, sl_date d, char buf[11])
{
    if (d == SL_DATE_NONE) {
        sl_pg_param_text(p, NULL);
        return;
    }
    sl_date_format(d, buf);
    sl_pg_param_text(p, buf);
}

static inline void pg_param_flag(sl_pg_params *p, sl_flag f)
{
    if (f == SL_FLAG_UNKNOWN)
        sl_pg_param_text(p, NULL);
    else
        sl_pg_param_bool(p, f == SL_FLAG_JA);
}

static inline void pg_param_id_or_null(sl_pg_params *p, int64_t v)
{
    if (v)
        sl_pg_param_int(p, v);
    else
        sl_pg_param_text(p, NULL);
}

/* ---- columns ---------------------------------------------------------------- */

/* Copies a text column into a fixed buffer ("" for NULL), truncating at cap-1. */
static inline void pg_col_copy(const PGresult *res, int row, int col, char *dst, size_t cap)
{
    const char *t = sl_pg_col_text(res, row, col);
    size_t n = strlen(t);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, t, n);
    dst[n] = '\0';
}

static inline sl_date pg_col_date(const PGresult *res, int row, int col)
{
    sl_date d;
    const char *why;
    const char *t = sl_pg_col_text(res, row, col);
    if (sl_pg_col_null(res, row, col) || !sl_date_parse(t, strlen(t), &d, &why))
        return SL_DATE_NONE;
    return d;
}

static inline sl_flag pg_col_flag(const PGresult *res, int row, int col)
{
    if (sl_pg_col_null(res, row, col))
        return SL_FLAG_UNKNOWN;
    return sl_pg_col_bool(res, row, col) ? SL_FLAG_JA : SL_FLAG_NEE;
}

/* ---- across files ------------------------------------------------------------ */

/* seed.c: the rule sets' version 1 from the core's defaults when the
 * register has none of that kind yet (store/seed_rules.h). */
bool pg_seed_rules(pg_store *ps);

/* row_cols.c: row `row` of res as store/row_cols.h columns, for the readers
 * both stores share; pg_cols_scan is pg_scan through such a reader (a false
 * from row fails the scan, as pg_scan's callback does); pg_cols_all runs q
 * and hands the rows of its one result to row until that returns false,
 * which ends it early but not in failure (for short lists). */
sl_cols pg_cols(const PGresult *res, int row);
bool pg_cols_scan(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, const char *what,
                  sl_cols_row_fn row, void *ctx);
bool pg_cols_all(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, const char *what,
                 sl_cols_row_fn row, void *ctx);
/* pg_cols_scan through pg_scan_small (a handful of rows, no cursor) */
bool pg_cols_scan_small(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p,
                        const char *what, sl_cols_row_fn row, void *ctx);
/* ---- row readers of the families, for the address view (pg/views.c) ---------------
 * Each reads its family's columns in that family's order from column 0 (class:
 * from col), as the family's own queries select them. */
void pg_read_address(const PGresult *res, int row, sl_address *a, bool *absent);
void pg_read_trajectory(const PGresult *res, int row, int64_t address_id, sl_trajectory *t);
void pg_read_claim(const PGresult *res, int row, int64_t address_id, sl_claim *c);
void pg_read_history(const PGresult *res, int row, sl_history_row *h);
void pg_read_dossier_row(const PGresult *res, int r, int64_t address_id, sl_dossier_row *out);
/* false for an element or status this binary does not know (left out, as elements_of) */
bool pg_read_element(const PGresult *res, int r, sl_element_row *e);
bool pg_read_class(const PGresult *res, int r, int col, sl_stored_class *sc);
void pg_read_signal(const PGresult *res, int row, sl_signal *out);
void pg_read_addressee(const PGresult *res, int row, sl_signal *out);
bool pg_read_consent(const PGresult *res, int r, sl_toestemming *t);

/* ---- each family's table (store/backend.h) ----------------------------------------
 * Weak: a family whose file is not linked yet is NULL in the backend's table,
 * and its calls fail with a message (SL_STORE_FAMILY). meson.build names each
 * defined table with -Wl,-u so that the linker takes its file out of the
 * store's archive (a weak reference alone does not). */

extern const sl_records_ops pg_records_ops __attribute__((weak));
extern const sl_deliveries_ops pg_deliveries_ops __attribute__((weak));
extern const sl_classification_ops pg_classification_ops __attribute__((weak));
extern const sl_dossiers_ops pg_dossiers_ops __attribute__((weak));
extern const sl_signals_ops pg_signals_ops __attribute__((weak));
extern const sl_accounts_ops pg_accounts_ops __attribute__((weak));
extern const sl_log_ops pg_log_ops __attribute__((weak));
extern const sl_consent_ops pg_consent_ops __attribute__((weak));
extern const sl_verzoeken_ops pg_verzoeken_ops __attribute__((weak));
extern const sl_views_ops pg_views_ops __attribute__((weak));

#endif
