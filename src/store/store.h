/*
 * store.h - the register's persistence, behind one interface.
 *
 * Services talk to the store only through these functions; a backend
 * (SQLite today, PostgreSQL for multi-instance deployments) fills the
 * sl_store_ops table in store_impl.h. The store speaks in domain records
 * (core/records.h) and never in SQL to its callers.
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

#include "core/classify.h"
#include "core/delivery.h"
#include "core/records.h"
#include "core/dossier.h"
#include "core/signal.h"
#include "core/signal_rules.h"
#include "core/tally.h"

typedef struct sl_store sl_store;

/*
 * Opens (creating when needed) the register at `target`: a file path for
 * SQLite. Applies pending migrations in one transaction. On failure returns
 * false with a message in err.
 */
bool sl_store_open(const char *target, sl_store **out, char *err, size_t errcap);
/*
 * Opens the look log of the register at `target` on its own: the chain of
 * processing-log records of looks (inzage) that the server's group commit
 * writes (service/logboek_writer.h). Only the processing-log functions of
 * logboek_store.h work on this handle, and its write transactions never wait
 * for the register's writers nor hold them up. A register handle reads both
 * chains (sl_store_log_scan, sl_store_log_chain).
 */
bool sl_store_open_looks(const char *target, sl_store **out, char *err, size_t errcap);
void sl_store_close(sl_store *st);
const char *sl_store_errmsg(const sl_store *st);
/*
 * Sets the handle's message (for backends, and for services that fail inside
 * a store callback); returns false so callers can `return sl_store_fail(...)`.
 */
bool sl_store_fail(sl_store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The schema version after migrations. */
int sl_store_schema_version(sl_store *st);

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

/*
 * Bulk mode for one kind inside the current transaction: the caller is about
 * to write many rows of that kind. A backend may suspend secondary indexes
 * and rebuild them when bulk mode ends (which the caller must do before
 * commit). Uniqueness is checked again on rebuild.
 */
bool sl_store_bulk_begin(sl_store *st, sl_kind kind);
bool sl_store_bulk_end(sl_store *st, sl_kind kind);

/* ---- deliveries --------------------------------------------------------- */

typedef struct sl_delivery_counts {
    int64_t rows, imported, rejected, absent;
    int64_t nieuw, gewijzigd, ongewijzigd; /* of imported: new, changed, unchanged */
} sl_delivery_counts;

bool sl_store_delivery_add(sl_store *st, const char *file, sl_kind kind, int64_t *id);
/* Records the counts and the file's SHA-256 (64 hex digits) once it is read. */
bool sl_store_delivery_finish(sl_store *st, int64_t id, const sl_delivery_counts *c,
                              const char *sha256_hex);
/* A rejected row: line (1-based, the line the record starts on), column name or "" for the row. */
bool sl_store_reject_add(sl_store *st, int64_t delivery_id, int64_t line, const char *column,
                         const char *reason);

/* Where a delivery stands (docs/decisions.md 91). */
typedef enum sl_delivery_state {
    SL_DELIVERY_VERWERKT,    /* applied */
    SL_DELIVERY_AANGEHOUDEN, /* held for a second confirmation: nothing applied */
    SL_DELIVERY_BEVESTIGD,   /* held, then confirmed: toegepast_in applied it */
    SL_DELIVERY_INGETROKKEN, /* held, then withdrawn: nothing applied */
} sl_delivery_state;
const char *sl_delivery_state_name(sl_delivery_state s); /* "verwerkt", ... */

#define SL_DELIVERY_DOOR_CAP 96 /* an account name, or "opdrachtregel" */

/* A delivery as recorded. */
typedef struct sl_delivery_row {
    int64_t id;
    char bestand[256];
    sl_kind kind;
    char gestart_op[SL_TIMESTAMP_CAP];
    sl_delivery_counts counts;
    sl_delivery_state status;
    char geleverd_door[SL_DELIVERY_DOOR_CAP];    /* "" for deliveries before migration 0012 */
    char afgehandeld_door[SL_DELIVERY_DOOR_CAP]; /* who confirmed or withdrew it */
    int64_t toegepast_in;                        /* bevestigd: the delivery that applied it */
    int64_t wordt_afwezig, huidig;               /* held: would mark absent, of current */
} sl_delivery_row;
typedef bool (*sl_delivery_cb)(void *ctx, const sl_delivery_row *d);
/* Every delivery, newest first. */
bool sl_store_deliveries_scan(sl_store *st, sl_delivery_cb cb, void *ctx);
bool sl_store_delivery_get(sl_store *st, int64_t id, sl_delivery_row *out, bool *found);
typedef bool (*sl_reject_cb2)(void *ctx, int64_t line, const char *column, const char *reason);
/* The rejected rows of a delivery, in line order. */
bool sl_store_rejects_of(sl_store *st, int64_t delivery_id, sl_reject_cb2 cb, void *ctx);
/* Records who delivered (an account name or "opdrachtregel"). */
bool sl_store_delivery_set_door(sl_store *st, int64_t id, const char *door);
/* Marks a delivery held: it would mark wordt_afwezig of huidig current records absent. */
bool sl_store_delivery_hold(sl_store *st, int64_t id, int64_t wordt_afwezig, int64_t huidig);
/* One record a held delivery would mark absent (its img_id, ncg_id or nummeraanduiding). */
bool sl_store_delivery_absent_add(sl_store *st, int64_t id, const char *sleutel);
/*
 * Settles a held delivery: bevestigd (toegepast_in the delivery that applied
 * it) or ingetrokken, by door. *settled false (and true returned) when the
 * delivery was no longer held: someone else settled it first.
 */
bool sl_store_delivery_settle(sl_store *st, int64_t id, sl_delivery_state to, const char *door,
                              int64_t toegepast_in, bool *settled);
typedef bool (*sl_key_cb)(void *ctx, const char *sleutel);
/* What a delivery marked absent (applied) or would mark absent (held), by key. */
bool sl_store_delivery_absent_of(sl_store *st, int64_t id, sl_key_cb cb, void *ctx);

/* ---- current state, for comparing a snapshot against ------------------- */

/* What the store knows of one record, enough to tell whether a row changes it. */
typedef struct sl_record_state {
    int64_t rowid;          /* the store's key; for addresses the nummeraanduiding id */
    const char *source_id;  /* img_id / ncg_id; NULL for addresses */
    const char *match_key;  /* addresses only: the postcode + house number key */
    int64_t address_id;     /* trajectories/claims: their address */
    uint64_t fingerprint;   /* of the fields as last delivered */
    int status;             /* sl_fase or sl_stap; -1 for addresses */
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
} sl_history;
bool sl_store_history_add(sl_store *st, const sl_history *h);

/* ---- classification ---------------------------------------------------- */

/* The active matrix rule table. */
bool sl_store_matrix_active(sl_store *st, sl_matrix *out);

/*
 * Streams every current trajectory with the phases of its address's current
 * claims, grouped by address: cb is called once per (trajectory, claim) pair,
 * and once with has_claim false for a trajectory without claims.
 */
typedef bool (*sl_pair_cb)(void *ctx, int64_t address_id, sl_stap stap, bool has_claim,
                           sl_fase fase);
bool sl_store_scan_trajectory_claims(sl_store *st, sl_pair_cb cb, void *ctx);

/* A stored classification of one NCG address. */
typedef struct sl_stored_class {
    int64_t address_id;
    sl_stap stap;
    sl_fase fase;           /* most advanced open phase; SL_FASE_COUNT when none */
    sl_classification c;
} sl_stored_class;
typedef bool (*sl_class_cb)(void *ctx, const sl_stored_class *sc);
bool sl_store_scan_classifications(sl_store *st, sl_class_cb cb, void *ctx);
bool sl_store_classification_put(sl_store *st, const sl_stored_class *sc);
bool sl_store_classification_delete(sl_store *st, int64_t address_id);

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
/* Tallies the stored classifications; gemeentecode NULL for all municipalities. */
bool sl_store_tally(sl_store *st, const char *gemeentecode, sl_tally *out);

/* ---- combination dossiers ---------------------------------------------- */

/* One address as the signal rules see it, plus its buddies as delivered. */
typedef struct sl_dossier_facts {
    sl_dossier_view view;
    sl_date last_change;                  /* latest stap_sinds / fase_sinds; NONE if unknown */
    char zaakbegeleider[SL_NAME_CAP];     /* of the lead claim: latest open, else latest */
    char bewonersbegeleider[SL_NAME_CAP]; /* of the current trajectory */
} sl_dossier_facts;
bool sl_store_dossier_facts(sl_store *st, int64_t address_id, sl_dossier_facts *out);

typedef struct sl_dossier_row {
    int64_t address_id;
    char zaakbegeleider[SL_NAME_CAP];
    char bewonersbegeleider[SL_NAME_CAP];
    char coordinator[SL_NAME_CAP]; /* the coordinator account's login name; "" when none */
    int64_t coordinator_id;        /* that account's id; 0 when none */
    char samenwerking[32];
    bool actueel;
    int64_t versie;           /* set by the store: 1 on insert, +1 on each update */
    char aangemaakt_op[SL_TIMESTAMP_CAP];
    char gewijzigd_op[SL_TIMESTAMP_CAP];
} sl_dossier_row;
bool sl_store_dossier_get(sl_store *st, int64_t address_id, sl_dossier_row *out, bool *found);
/* Inserts or updates (by address) the row; the store keeps versie and the timestamps. */
bool sl_store_dossier_put(sl_store *st, const sl_dossier_row *row);
/* Creates or refreshes the row of every address that is a combination now (first load). */
bool sl_store_dossiers_baseline(sl_store *st);

typedef struct sl_element_row {
    sl_element element;
    sl_element_status status;
    sl_date gevraagd_op, geregeld_op, afgewezen_op;
    char door[SL_NAME_CAP];
} sl_element_row;
bool sl_store_element_put(sl_store *st, int64_t address_id, const sl_element_row *e);
typedef bool (*sl_element_cb)(void *ctx, const sl_element_row *e);
bool sl_store_elements_of(sl_store *st, int64_t address_id, sl_element_cb cb, void *ctx);

/* ---- signals ------------------------------------------------------------- */

/* The active signal rule set; n == 0 when signalling is switched off (no active set). */
bool sl_store_signal_ruleset(sl_store *st, sl_ruleset *out);
/* Whether rule `regel` has an open or acknowledged signal for the address. */
bool sl_store_signal_unfinished(sl_store *st, int32_t regel, int64_t address_id, bool *exists);
/* Adds a signal with its addressees; sets s->id and s->aangemaakt_op. */
bool sl_store_signal_add(sl_store *st, sl_signal *s, int64_t delivery_id);
bool sl_store_signal_get(sl_store *st, int64_t id, sl_signal *out, bool *found);
/* Writes status, gewijzigd_door and reden; the store stamps the time of the transition. */
bool sl_store_signal_update(sl_store *st, const sl_signal *s);

typedef struct sl_signal_filter {
    int32_t regel;        /* 0: any */
    int status;           /* -1: any, else sl_signal_status */
    int64_t address_id;   /* 0: any */
} sl_signal_filter;
typedef bool (*sl_signal_cb)(void *ctx, const sl_signal *s);
/* Every matching signal, oldest first. */
bool sl_store_signals_scan(sl_store *st, const sl_signal_filter *f, sl_signal_cb cb, void *ctx);

/*
 * Signals per UTC day and rule over the days van..tot_en_met (inclusive):
 * how many were raised (aangemaakt_op) and how many were handled, i.e. reached
 * afgerond or afgewezen (afgerond_op / afgewezen_op), that day. gemeentecode
 * NULL for all municipalities, else the address's delivered code. The callback
 * gets each (day, rule) with a non-zero count once, by day then rule.
 */
typedef bool (*sl_signal_day_cb)(void *ctx, sl_date dag, int32_t regel, int64_t aangemaakt,
                                 int64_t afgehandeld);
bool sl_store_signal_day_counts(sl_store *st, sl_date van, sl_date tot_en_met,
                                const char *gemeentecode, sl_signal_day_cb cb, void *ctx);

/*
 * Every municipality code the register's addresses carry (absent ones too),
 * ascending, once each: the views the figures can be asked for, which
 * suppression must consider together.
 */
typedef bool (*sl_gemeentecode_cb)(void *ctx, const char *gemeentecode);
bool sl_store_gemeentecodes(sl_store *st, sl_gemeentecode_cb cb, void *ctx);

/* Addresses classified "beide lopend": the candidates for rule 8. */
typedef bool (*sl_address_cb)(void *ctx, int64_t address_id);
bool sl_store_scan_still_candidates(sl_store *st, sl_address_cb cb, void *ctx);

/* An event for subscribers, in the current transaction. gegevens is JSON text. */
bool sl_store_outbox_add(sl_store *st, const char *soort, const char *onderwerp,
                         const char *sleutel, const char *gegevens);

/* ---- reading one address's dossier --------------------------------------- */

bool sl_store_address_get(sl_store *st, int64_t id, sl_address *out, bool *absent, bool *found);
/* Every address with this match key (sl_address_key), current ones first. */
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

/* The stored classification of one address; *found false when it has none. */
bool sl_store_classification_get(sl_store *st, int64_t address_id, sl_stored_class *out,
                                 bool *found);

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

#endif
