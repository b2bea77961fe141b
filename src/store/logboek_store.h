/*
 * logboek_store.h - lawful sharing's records in the store: the processing
 * log (logboek) and consent (toestemming). Services use these; the hashing of
 * the log and the consent rules live in service/logboek.c and
 * service/consent.c. Same conventions as store.h: false on failure with the
 * message on the handle (sl_store_errmsg); writes inside the caller's
 * transaction (sl_store_begin/commit).
 */
#ifndef SL_STORE_LOGBOEK_STORE_H
#define SL_STORE_LOGBOEK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/sharing.h"
#include "store/store.h"

/* ---- the processing log ------------------------------------------------------ */

#define SL_LOG_TIME_CAP 25     /* "2026-11-23T07:41:51.123Z" */
#define SL_LOG_SHORT_CAP 33    /* org, rol, doel, grondslag, actie */
#define SL_LOG_CATS_CAP 97     /* "id,status,datums,..." */
#define SL_LOG_TRACE_CAP 65
#define SL_LOG_HASH_CAP 65     /* 64 hex digits */
#define SL_LOG_DETAIL_CAP 512  /* gegevens: a delivery's counts and SHA-256 as JSON */
#define SL_LOG_KEYID_CAP 17    /* 16 hex digits naming the anchor key */
#define SL_LOG_MAC_CAP 65      /* HMAC, 64 hex digits */

/*
 * The log has two hash chains (docs/decisions.md 82): records written in a
 * register transaction (every change, and looks logged with one) are chained
 * in the register; records of looks written by the server's group commit are
 * chained in the look log beside it. Each is append-only on its own.
 */
typedef enum sl_log_keten {
    SL_KETEN_REGISTER,
    SL_KETEN_INZAGE,
    SL_KETEN_COUNT
} sl_log_keten;

/* "register", "inzage" */
const char *sl_log_keten_name(sl_log_keten k);

/* One record as stored. Every text field is NUL-terminated within its cap. */
typedef struct sl_log_record {
    sl_log_keten keten;                 /* the chain it is in (set when read) */
    int64_t id;                         /* 1, 2, 3, ... without gaps, per chain */
    char tijdstip[SL_LOG_TIME_CAP];
    char gebruiker[SL_NAME_CAP];
    char org[SL_LOG_SHORT_CAP];
    char rol[SL_LOG_SHORT_CAP];
    char doel[SL_LOG_SHORT_CAP];
    char grondslag[SL_LOG_SHORT_CAP];
    char categorieen[SL_LOG_CATS_CAP];
    int64_t address_id;                 /* 0: not about one address (NULL in the table) */
    char actie[SL_LOG_SHORT_CAP];       /* "inzage" or "wijziging" */
    char trace_id[SL_LOG_TRACE_CAP];
    int64_t levering_id;                /* the delivery this record is about; 0 when none */
    char gegevens[SL_LOG_DETAIL_CAP];   /* details (JSON) or "" */
    char vorige_hash[SL_LOG_HASH_CAP];
    char hash[SL_LOG_HASH_CAP];
} sl_log_record;

/*
 * The last record's id and hash: *last_id 0 and hash "" when the log is
 * empty. Inside a write transaction this is the head the next record follows.
 */
bool sl_store_log_head(sl_store *st, int64_t *last_id, char hash[SL_LOG_HASH_CAP]);
/* Inserts a complete record (id and hashes set by the caller). Fails outside a
 * write transaction, and when the record does not follow the head. */
bool sl_store_log_insert(sl_store *st, const sl_log_record *r);
/*
 * Chains records to a head: sets each one's id, time and hashes so that
 * recs[0] follows (last_id, last_hash; 0 and "" for an empty chain) and each
 * next one the one before. False (message on st) stops the append.
 */
typedef bool (*sl_log_link_fn)(sl_store *st, sl_log_record *recs, size_t n, int64_t last_id,
                               const char *last_hash);
/*
 * Appends n records (n >= 1) to the end of the handle's chain, durably and in
 * the order given, in a transaction of its own (never inside the caller's):
 * the backend takes the chain's head under a lock that serialises every
 * appender of that chain, also in other processes or server instances, lets
 * link chain the records to it, writes them and commits. True only once the
 * commit is durable; false leaves none of them written. This is the group
 * commit's one store operation (service/logboek_writer.h, decision 120).
 */
bool sl_store_log_append_durable(sl_store *st, sl_log_record *recs, size_t n,
                                 sl_log_link_fn link);
/*
 * Moves what durable appends wrote into the log's long-term place, after the
 * fact and off the append path (decision 121): for SQLite a passive
 * checkpoint of the look log's WAL into its file, which neither waits for nor
 * blocks the appender; a backend that does this itself does nothing. Call it
 * on a handle of its own (sl_store_open_looks), never the appender's.
 */
bool sl_store_log_checkpoint(sl_store *st);
typedef bool (*sl_log_cb)(void *ctx, const sl_log_record *r);
/* Every record of both chains, oldest first (by tijdstip, then chain and id);
 * address_id 0 for all, else only that address's. */
bool sl_store_log_scan(sl_store *st, int64_t address_id, sl_log_cb cb, void *ctx);
/* One chain's records in id order (for verifying). */
bool sl_store_log_chain(sl_store *st, sl_log_keten keten, sl_log_cb cb, void *ctx);
/* Both chains' last record: ids[k] 0 and hashes[k] "" when chain k is empty. */
bool sl_store_log_heads(sl_store *st, int64_t ids[SL_KETEN_COUNT],
                        char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP]);
/* The hash of record `id` of a chain; *found false when the chain has no such record. */
bool sl_store_log_hash_at(sl_store *st, sl_log_keten keten, int64_t id,
                          char hash[SL_LOG_HASH_CAP], bool *found);

/* ---- anchors of the log's heads (service/logboek_anker.h) --------------------- */

typedef struct sl_log_anchor {
    int64_t id;                                  /* set by the store on insert */
    char tijdstip[SL_LOG_TIME_CAP];
    int64_t head_id[SL_KETEN_COUNT];             /* per chain: its last record, 0 when empty */
    char head_hash[SL_KETEN_COUNT][SL_LOG_HASH_CAP];
    bool verlies;                                /* written when a loss was acknowledged */
    char sleutel_id[SL_LOG_KEYID_CAP];           /* "" when unsigned */
    char mac[SL_LOG_MAC_CAP];                    /* "" when unsigned */
} sl_log_anchor;

/* Inserts an anchor inside the caller's write transaction; sets a->id. */
bool sl_store_anchor_add(sl_store *st, sl_log_anchor *a);
/* The newest anchor; *found false when there is none. */
bool sl_store_anchor_latest(sl_store *st, sl_log_anchor *out, bool *found);
typedef bool (*sl_anchor_cb)(void *ctx, const sl_log_anchor *a);
/* The anchors from the newest one with verlies set (or the first) on, oldest first. */
bool sl_store_anchors_binding(sl_store *st, sl_anchor_cb cb, void *ctx);

/* ---- consent --------------------------------------------------------------- */

#define SL_KANAAL_CAP 16
#define SL_KENMERK_CAP 65    /* a GUO form's reference: up to 64 bytes */

typedef enum sl_beoordeling {
    SL_BEOORDELING_GEEN,      /* not assessed yet */
    SL_BEOORDELING_AKKOORD,
    SL_BEOORDELING_AFGEWEZEN, /* the consent does not count (e.g. not informed) */
    SL_BEOORDELING_COUNT
} sl_beoordeling;

/* One consent row: a request and what became of it (migration 0013). */
typedef struct sl_toestemming {
    int64_t id;
    int64_t address_id;
    sl_doel doel;
    sl_date aangevraagd_op;
    sl_date gegeven_op;          /* the day signed or given; SL_DATE_NONE until given */
    char kanaal[SL_KANAAL_CAP];  /* "post", "balie", "telefoon", "digitaal", "mijn_woning";
                                    "" until given */
    char formulier_kenmerk[SL_KENMERK_CAP]; /* the signed GUO form's reference; "" for none */
    sl_date ingetrokken_op;      /* SL_DATE_NONE unless withdrawn */
    char ingetrokken_door[SL_NAME_CAP];     /* "" unless withdrawn */
    sl_beoordeling beoordeling;
    char vastgelegd_door[SL_NAME_CAP];      /* who recorded the consent given (or the request) */
    sl_account_org vastgelegd_org;          /* that account's body; NONE for a resident */
    char bevestigd_door[SL_NAME_CAP];       /* the second person; "" until confirmed */
    char bevestigd_op[SL_LOG_TIME_CAP];     /* ISO 8601 UTC; "" until confirmed */
    int64_t versie;              /* 1 on insert, +1 on every update (set by the store) */
} sl_toestemming;

/* Inserts a row; sets t->id and t->versie. */
bool sl_store_consent_add(sl_store *st, sl_toestemming *t);
/* Updates row t->id if its versie is still t->versie: then bumps t->versie and
 * sets *conflict false; else changes nothing and sets *conflict true. */
bool sl_store_consent_update(sl_store *st, sl_toestemming *t, bool *conflict);
/* The latest row of (address, purpose); *found false when there is none. */
bool sl_store_consent_latest(sl_store *st, int64_t address_id, sl_doel doel,
                             sl_toestemming *out, bool *found);
/* Row `id`; *found false when there is none. */
bool sl_store_consent_get(sl_store *st, int64_t id, sl_toestemming *out, bool *found);
typedef bool (*sl_consent_cb)(void *ctx, const sl_toestemming *t);
/* Every row of an address, oldest first. */
bool sl_store_consents_of(sl_store *st, int64_t address_id, sl_consent_cb cb, void *ctx);

#endif
