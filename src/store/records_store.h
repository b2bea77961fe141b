/*
 * records_store.h - the register's records: addresses, trajectories and
 * claims as delivered, their status history, the counts of current records
 * and single-record reads and versioned updates.
 *
 * Same conventions as store/store.h: false on failure with the message on
 * the handle (sl_store_errmsg); writes inside the caller's transaction
 * (sl_store_begin/commit). A backend implements these in its
 * sl_records_ops table (store/backend.h).
 */
#ifndef SL_STORE_RECORDS_STORE_H
#define SL_STORE_RECORDS_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/delivery.h"
#include "core/records.h"
#include "core/signal.h"
#include "store/store.h"

/* Called by a backend that holds writes back, before it sends them; false fails the write. */
typedef bool (*sl_before_send_cb)(void *ctx);

/*
 * Bulk mode for one kind inside the current transaction: the caller is about
 * to write many rows of that kind. A backend may suspend secondary indexes
 * and rebuild them when bulk mode ends (which the caller must do before
 * commit). Uniqueness is checked again on rebuild.
 */
bool sl_store_bulk_begin(sl_store *st, sl_kind kind);
bool sl_store_bulk_end(sl_store *st, sl_kind kind);
/*
 * Held writes (decision 242): bulk mode for a delivery that reads the
 * register while it writes (the signal run reads each touched address before
 * its records change). A backend may hold this family's writes back and send
 * them in batches, without suspending any index; before each batch goes out,
 * and before any other call of this family, it calls before_send, so that the
 * caller reads first what the batch will change. *held says whether it does:
 * false (SQLite) means every write goes through at once, before_send is never
 * called, and the caller reads before each write itself. When *held, end it
 * with sl_store_bulk_end before commit.
 */
bool sl_store_bulk_begin_held(sl_store *st, sl_kind kind, sl_before_send_cb before_send,
                              void *ctx, bool *held);

/* ---- current state, for comparing a snapshot against ------------------- */

/* What the store knows of one record, enough to tell whether a row changes it. */
typedef struct sl_record_state {
    int64_t rowid;          /* the store's key; for addresses the nummeraanduiding id */
    const char *source_id;  /* img_id / ncg_id; NULL for addresses */
    const char *match_key;  /* addresses only: the postcode + house number key */
    int64_t address_id;     /* trajectories/claims: their address */
    uint64_t fingerprint;   /* of the fields as last delivered */
    int status;             /* sl_fase or sl_stap; -1 for addresses */
    sl_date sinds;          /* since when it has that status (fase_sinds / stap_sinds);
                               SL_DATE_NONE when not known and for addresses */
    bool absent;
} sl_record_state;

/* Called once per record; return false to stop (the scan then fails). */
typedef bool (*sl_state_cb)(void *ctx, const sl_record_state *s);
bool sl_store_scan_states(sl_store *st, sl_kind kind, sl_state_cb cb, void *ctx);
/*
 * Every address (absent ones too) with only rowid and match_key set: what
 * matching a trajectory or claim to its address needs, which a backend can
 * read from the match key's index instead of the whole address table.
 */
bool sl_store_scan_address_keys(sl_store *st, sl_state_cb cb, void *ctx);

/* ---- writes ----------------------------------------------------------- */

bool sl_store_address_put(sl_store *st, const sl_address *a, uint64_t fingerprint,
                          int64_t delivery_id);
/*
 * Like sl_store_address_put for an address the caller knows is not stored
 * yet (it is not in the state it scanned): a plain insert, which a backend can
 * do without the conflict handling of an upsert. Fails if the address exists.
 */
bool sl_store_address_add(sl_store *st, const sl_address *a, uint64_t fingerprint,
                          int64_t delivery_id);
/* rowid 0 inserts and returns the new rowid in *rowid; otherwise updates that row. */
bool sl_store_trajectory_put(sl_store *st, int64_t *rowid, const sl_trajectory *t,
                             int64_t address_id, uint64_t fingerprint, int64_t delivery_id);
bool sl_store_claim_put(sl_store *st, int64_t *rowid, const sl_claim *c, int64_t address_id,
                        uint64_t fingerprint, int64_t delivery_id);
bool sl_store_mark_absent(sl_store *st, sl_kind kind, int64_t rowid, int64_t delivery_id);

/* One status change; van/naar NULL mean "none"; datum SL_DATE_NONE when unknown. */
typedef struct sl_history {
    const char *onderwerp;  /* "adres", "traject", "schade", "combinatiedossier" */
    const char *sleutel;    /* the subject's id as text */
    const char *veld;       /* "stap", "fase", "afwezig", "potentieel", "groep" */
    const char *van;
    const char *naar;
    sl_date datum;          /* when it happened, as the source says */
    int64_t delivery_id;    /* 0 when a user made the change */
    const char *gebruiker;  /* NULL for deliveries */
    sl_date van_sinds;      /* a status change: since when the record had `van`, as the
                               source said before (decision 233); SL_DATE_NONE, or 0 as
                               left by an initialiser that does not name it, when not known */
} sl_history;
/* h's van_sinds, SL_DATE_NONE when not known (the stores write it so). */
static inline sl_date sl_history_van_sinds(const sl_history *h)
{
    return h->van_sinds == 0 ? SL_DATE_NONE : h->van_sinds;
}
bool sl_store_history_add(sl_store *st, const sl_history *h);

/* ---- reporting ---------------------------------------------------------- */

typedef struct sl_register_counts {
    int64_t adressen, trajecten, schades; /* current (not absent) records */
} sl_register_counts;
bool sl_store_counts(sl_store *st, sl_register_counts *out);
/* The same for the addresses of one municipality (by their gemeentecode) and the
 * trajectories and claims on them. */
bool sl_store_counts_in(sl_store *st, const char *gemeentecode, sl_register_counts *out);
/* Records how many current (not absent) records of a kind there are. */
bool sl_store_set_count(sl_store *st, sl_kind kind, int64_t n);


/*
 * Every municipality code the register's addresses carry (absent ones too),
 * ascending, once each: the views the figures can be asked for, which
 * suppression must consider together.
 */
typedef bool (*sl_gemeentecode_cb)(void *ctx, const char *gemeentecode);
bool sl_store_gemeentecodes(sl_store *st, sl_gemeentecode_cb cb, void *ctx);

/* ---- reading one address's dossier --------------------------------------- */

bool sl_store_address_get(sl_store *st, int64_t id, sl_address *out, bool *absent, bool *found);
/* Every address with this match key (sl_address_key) or, for a key without letter or
 * addition, that key with any letter or addition ("9461AA 65" finds "9461AA 65 3"):
 * current ones first, the exact key first, at most 32. */
typedef bool (*sl_address_row_cb)(void *ctx, const sl_address *a, bool absent);
bool sl_store_addresses_by_key(sl_store *st, const char *key, sl_address_row_cb cb, void *ctx);
typedef bool (*sl_trajectory_cb)(void *ctx, const sl_trajectory *t, bool absent);
bool sl_store_trajectories_of(sl_store *st, int64_t address_id, sl_trajectory_cb cb, void *ctx);
typedef bool (*sl_claim_cb)(void *ctx, const sl_claim *c, bool absent);
bool sl_store_claims_of(sl_store *st, int64_t address_id, sl_claim_cb cb, void *ctx);
/* ---- one claim or trajectory by its source id (single-record updates) ------ */

/* A claim as stored, with what an update needs: its row, address, version. */
typedef struct sl_claim_record {
    int64_t rowid;
    int64_t address_id;
    int64_t versie;          /* 1 on insert, +1 on every write (delivery or update) */
    bool absent;             /* not in the source's latest snapshot */
    sl_claim claim;          /* claim.adres.nummeraanduiding_id is address_id */
} sl_claim_record;

typedef struct sl_trajectory_record {
    int64_t rowid;
    int64_t address_id;
    int64_t versie;
    bool absent;
    sl_trajectory traject;
} sl_trajectory_record;

bool sl_store_claim_get(sl_store *st, const char *img_id, sl_claim_record *out, bool *found);
bool sl_store_trajectory_get(sl_store *st, const char *ncg_id, sl_trajectory_record *out,
                             bool *found);
/*
 * Writes the status fields of a stored record (claim: fase, fase_sinds, urgent,
 * zaakbegeleider; trajectory: stap, stap_sinds, bijzondere_situatie,
 * bewonersbegeleider, aannemersovereenkomst) and its fingerprint, only while
 * its versie is still expect_versie (UPDATE ... WHERE id = ? AND versie = ?).
 * On success rec->versie is the new version; *stale is true (and nothing is
 * written) when the version moved on.
 */
bool sl_store_claim_update(sl_store *st, sl_claim_record *rec, uint64_t fingerprint,
                           int64_t expect_versie, bool *stale);
bool sl_store_trajectory_update(sl_store *st, sl_trajectory_record *rec, uint64_t fingerprint,
                                int64_t expect_versie, bool *stale);


/* A damage report of the contractor during construction (SPEC §4.3 rule 7). */
typedef struct sl_contractor_damage {
    int64_t id;                          /* set by the store */
    char ncg_id[SL_ID_CAP];
    int64_t address_id;
    const char *omschrijving;            /* borrowed; 1..2000 characters */
    sl_date gemeld_op;
    char door[SL_NAME_CAP];
    char aangemaakt_op[SL_TIMESTAMP_CAP]; /* set by the store */
} sl_contractor_damage;
/* Adds the report; sets d->id and d->aangemaakt_op. */
bool sl_store_contractor_damage_add(sl_store *st, sl_contractor_damage *d);

/* A stored history row (sl_history plus when it was recorded). */
typedef struct sl_history_row {
    char onderwerp[24], sleutel[SL_ID_CAP], veld[24];
    char van[SL_NAME_CAP], naar[SL_NAME_CAP];
    sl_date datum;
    char vastgelegd_op[SL_TIMESTAMP_CAP];
    int64_t delivery_id;
    char gebruiker[SL_NAME_CAP];
} sl_history_row;
typedef bool (*sl_history_cb)(void *ctx, const sl_history_row *h);
/* History of the address, its trajectories and claims and its dossier, oldest first. */
bool sl_store_history_of_address(sl_store *st, int64_t address_id, sl_history_cb cb, void *ctx);

/* ---- the status history of every record of a kind (lead times) ------------------- */

/* One status change (fase of a claim, stap of a trajectory); strings valid during the call. */
typedef struct sl_status_change_row {
    const char *sleutel;    /* img_id / ncg_id */
    const char *van, *naar; /* NULL for "none" */
    sl_date datum;          /* the day of the change; SL_DATE_NONE when not known */
    sl_date van_sinds;      /* since when the record had `van`; SL_DATE_NONE when not known */
} sl_status_change_row;
typedef bool (*sl_status_change_cb)(void *ctx, const sl_status_change_row *r);
/*
 * Every status change of a kind (SL_KIND_IMG: claims, SL_KIND_NCG: trajectories),
 * in key order: a record's changes together, in the order they were recorded.
 */
bool sl_store_scan_status_changes(sl_store *st, sl_kind kind, sl_status_change_cb cb,
                                  void *ctx);

/* A record as lead times need it; strings valid during the call. */
typedef struct sl_status_record_row {
    const char *sleutel;      /* img_id / ncg_id */
    const char *gemeentecode; /* of its address */
    const char *status;       /* now */
    sl_date sinds;            /* since when, as the record says */
    bool absent;
} sl_status_record_row;
typedef bool (*sl_status_record_cb)(void *ctx, const sl_status_record_row *r);
/* Every record of a kind, absent ones too, in the store's order. */
bool sl_store_scan_status_records(sl_store *st, sl_kind kind, sl_status_record_cb cb,
                                  void *ctx);

/*
 * When the register first provably knew an address and each of its claims and
 * trajectories (the dossier on a past date): the earlier of the start of the
 * delivery that last wrote the record and its oldest history row, as an ISO
 * 8601 UTC timestamp; "" when neither is known. The first delivery of a record
 * writes no history row, so this can be later than the day it truly arrived,
 * never earlier. onderwerp "adres" (sleutel ""), "schade" (img_id) or
 * "traject" (ncg_id).
 */
typedef bool (*sl_first_known_cb)(void *ctx, const char *onderwerp, const char *sleutel,
                                  const char *sinds);
bool sl_store_first_known(sl_store *st, int64_t address_id, sl_first_known_cb cb, void *ctx);

#endif
