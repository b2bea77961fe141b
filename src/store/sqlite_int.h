/*
 * sqlite_int.h - internals shared by the SQLite backend's files
 * (sqlite_store.c: the register; sqlite_dossier.c: dossiers, signals,
 * outbox). Not for services: they include store/store.h.
 */
#ifndef SL_STORE_SQLITE_INT_H
#define SL_STORE_SQLITE_INT_H

#include <sqlite3.h>
#include <string.h>

#include "store/store_impl.h"

#define SQ_REGISTER_SLOTS 40
#define SQ_DOSSIER_SLOTS 40
#define SQ_ACCOUNTS_SLOTS 32
#define SQ_LOGBOEK_SLOTS 24
#define SQ_VERZOEKEN_SLOTS 8

typedef struct sqlite_store {
    sl_store base;
    sqlite3 *db;
    bool holds_writer;                     /* this handle holds the process's writer mutex */
    bool looks;                            /* a handle on the look log alone (sq_open_looks) */
    sl_kind load_kind;                     /* the kind of a first load in progress (sq_begin_load) */
    bool fk_off;                           /* foreign keys are off for that load */
    bool wal_off;                          /* the register left WAL mode for that load */
    bool temp_file;                        /* temporary storage in files for that load */
    int read_depth;                        /* nested sq_read_begin calls still open */
    sqlite3_stmt *stmt[SQ_REGISTER_SLOTS];  /* sqlite_store.c's statements */
    sqlite3_stmt *dstmt[SQ_DOSSIER_SLOTS];  /* sqlite_dossier.c's statements */
    sqlite3_stmt *astmt[SQ_ACCOUNTS_SLOTS]; /* sqlite_accounts.c's statements */
    sqlite3_stmt *lstmt[SQ_LOGBOEK_SLOTS];  /* sqlite_logboek.c's statements */
    sqlite3_stmt *vstmt[SQ_VERZOEKEN_SLOTS]; /* sqlite_verzoeken.c's statements */
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

/* ---- sqlite_accounts.c: accounts, tokens, sessions (store/accounts_impl.h) ---- */

extern const struct sl_accounts_ops sq_accounts_ops;

/* ---- sqlite_dossier.c ----------------------------------------------------- */

bool sq_dossier_facts(sl_store *st, int64_t address_id, sl_dossier_facts *out);
bool sq_dossier_get(sl_store *st, int64_t address_id, sl_dossier_row *out, bool *found);
bool sq_dossier_put(sl_store *st, const sl_dossier_row *row);
bool sq_dossiers_baseline(sl_store *st);
bool sq_element_put(sl_store *st, int64_t address_id, const sl_element_row *e);
bool sq_elements_of(sl_store *st, int64_t address_id, sl_element_cb cb, void *ctx);
bool sq_signal_ruleset(sl_store *st, sl_ruleset *out);
bool sq_signal_unfinished(sl_store *st, int32_t regel, int64_t address_id, bool *exists);
bool sq_signal_add(sl_store *st, sl_signal *s, int64_t delivery_id);
bool sq_signal_get(sl_store *st, int64_t id, sl_signal *out, bool *found);
bool sq_signal_update(sl_store *st, const sl_signal *s);
bool sq_signals_scan(sl_store *st, const sl_signal_filter *f, sl_signal_cb cb, void *ctx);
bool sq_scan_still_candidates(sl_store *st, sl_address_cb cb, void *ctx);
bool sq_outbox_add(sl_store *st, const char *soort, const char *onderwerp, const char *sleutel,
                   const char *gegevens);
bool sq_address_get(sl_store *st, int64_t id, sl_address *out, bool *absent, bool *found);
bool sq_deliveries_scan(sl_store *st, sl_delivery_cb cb, void *ctx);
bool sq_delivery_get(sl_store *st, int64_t id, sl_delivery_row *out, bool *found);
bool sq_rejects_of(sl_store *st, int64_t delivery_id, sl_reject_cb2 cb, void *ctx);

/* ---- sqlite_leveringen.c: who delivered, held deliveries --------------------- */
bool sq_delivery_set_door(sl_store *st, int64_t id, const char *door);
bool sq_delivery_hold(sl_store *st, int64_t id, int64_t wordt_afwezig, int64_t huidig);
bool sq_delivery_absent_add(sl_store *st, int64_t id, const char *sleutel);
bool sq_delivery_settle(sl_store *st, int64_t id, sl_delivery_state to, const char *door,
                        int64_t toegepast_in, bool *settled);
bool sq_delivery_absent_of(sl_store *st, int64_t id, sl_key_cb cb, void *ctx);
bool sq_addresses_by_key(sl_store *st, const char *key, sl_address_row_cb cb, void *ctx);
bool sq_trajectories_of(sl_store *st, int64_t address_id, sl_trajectory_cb cb, void *ctx);
bool sq_claims_of(sl_store *st, int64_t address_id, sl_claim_cb cb, void *ctx);
bool sq_history_of_address(sl_store *st, int64_t address_id, sl_history_cb cb, void *ctx);
bool sq_claim_get(sl_store *st, const char *img_id, sl_claim_record *out, bool *found);
bool sq_trajectory_get(sl_store *st, const char *ncg_id, sl_trajectory_record *out, bool *found);
bool sq_claim_update(sl_store *st, sl_claim_record *rec, uint64_t fp, int64_t expect_versie,
                     bool *stale);
bool sq_trajectory_update(sl_store *st, sl_trajectory_record *rec, uint64_t fp,
                          int64_t expect_versie, bool *stale);
bool sq_classification_get(sl_store *st, int64_t address_id, sl_stored_class *out, bool *found);
bool sq_contractor_damage_add(sl_store *st, sl_contractor_damage *d);
/* sqlite_signal_stats.c: signals raised and handled per day and rule */
bool sq_signal_day_counts(sl_store *st, sl_date van, sl_date tot_en_met,
                          const char *gemeentecode, sl_signal_day_cb cb, void *ctx);
bool sq_gemeentecodes(sl_store *st, sl_gemeentecode_cb cb, void *ctx);
/* sqlite_store.c: reads (stap, fase, potentieel, groep, matrixversie) from column col on. */
bool sq_read_class(sqlite3_stmt *s, int col, sl_stored_class *sc);
/* Seeds version 1 of each rule set (matrix, signal rules) from the core's
 * defaults when the register has none of that kind yet. */
bool sq_seed_rules(sqlite_store *sq);

/* ---- sqlite_logboek.c: the processing log and consent (store/logboek_impl.h) ---- */

extern const struct sl_logboek_ops sq_logboek_ops;

/* ---- sqlite_verzoeken.c: SVIP information requests (store/verzoeken_impl.h) ---- */

extern const struct sl_verzoeken_ops sq_verzoeken_ops;

#endif
