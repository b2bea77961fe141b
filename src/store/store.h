/*
 * store.h - the register's persistence: the handle, its transactions and read
 * snapshots. What is stored is declared per table family, one header each
 * (records_store.h, deliveries_store.h, classification_store.h,
 * dossiers_store.h, signals_store.h, accounts_store.h, log_store.h,
 * consent_store.h, verzoeken_store.h). A backend (SQLite in store/sqlite/,
 * PostgreSQL in store/pg/) fills the tables of store/backend.h at open. The store speaks in domain
 * records (core/records.h) and never in SQL to its callers.
 *
 * Ownership and errors: sl_store_open returns a handle the caller closes with
 * sl_store_close. Every other function returns false on failure and leaves a
 * message on the handle (sl_store_errmsg), valid until the next call.
 * Writes happen inside sl_store_begin/commit; a failed write means the
 * caller must roll back.
 */
#ifndef SL_STORE_STORE_H
#define SL_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/delivery.h"

typedef struct sl_store sl_store;

/*
 * Opens (creating when needed) the register at `target`: a file path for
 * SQLite, or a PostgreSQL database (postgresql:// or postgres:// URI, libpq
 * keywords such as "service=..."; store/pg/pg_conn.h: sl_pg_is_conninfo).
 * Applies pending migrations in one transaction. On failure returns
 * false with a message in err.
 */
bool sl_store_open(const char *target, sl_store **out, char *err, size_t errcap);
/*
 * Opens the look log of the register at `target` on its own: the chain of
 * processing-log records of looks (inzage) that the server's group commit
 * writes (service/logboek_writer.h). Only the processing-log functions of
 * log_store.h work on this handle, and its write transactions never wait
 * for the register's writers nor hold them up. A register handle reads both
 * chains (sl_store_log_scan, sl_store_log_chain).
 */
bool sl_store_open_looks(const char *target, sl_store **out, char *err, size_t errcap);
void sl_store_close(sl_store *st);
/* Whether target names a register file (SQLite) rather than a database server. */
bool sl_store_target_is_file(const char *target);
const char *sl_store_errmsg(const sl_store *st);
/*
 * Sets the handle's message (for backends, and for services that fail inside
 * a store callback); returns false so callers can `return sl_store_fail(...)`.
 */
bool sl_store_fail(sl_store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The schema version after migrations. */
int sl_store_schema_version(sl_store *st);
/*
 * Whether the register answers now (readiness): one trivial query. A handle
 * whose database went away (a PostgreSQL restart, a failover) connects again
 * here and at the next transaction or snapshot, so it recovers by itself.
 */
bool sl_store_ping(sl_store *st);

/*
 * A consistent snapshot for several reads (no writes in between): read_begin,
 * the reads, read_end. Cheaper than one implicit transaction per query.
 * Pairs nest; the outermost decides. A write (sl_store_begin) ends an open
 * outermost snapshot first (the server holds one around each GET request);
 * inside a nested pair it fails.
 */
bool sl_store_read_begin(sl_store *st);
void sl_store_read_end(sl_store *st);

/* One write transaction at a time; rollback is always safe to call. */
bool sl_store_begin(sl_store *st);
/*
 * A write transaction for the first load of one kind (the register holds no
 * current records of it). The caller promises that every record it writes
 * refers to an address and a delivery that exist: a backend may then skip
 * checking each reference as the row is written, and checks the references
 * of the kind's records, classifications and combination dossiers once, at
 * commit (a dangling one fails the commit). Otherwise as sl_store_begin.
 */
bool sl_store_begin_load(sl_store *st, sl_kind kind);
bool sl_store_commit(sl_store *st);
void sl_store_rollback(sl_store *st);

#endif
