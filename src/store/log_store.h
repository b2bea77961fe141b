/*
 * log_store.h - the processing log (logboek) in the store: its two hash
 * chains and the anchors of their heads. The hashing of the log lives in
 * service/logboek.c, the group commit of looks in service/logboek_writer.c.
 * Same conventions as store.h: false on failure with the message on the
 * handle (sl_store_errmsg); writes inside the caller's transaction
 * (sl_store_begin/commit).
 */
#ifndef SL_STORE_LOG_STORE_H
#define SL_STORE_LOG_STORE_H

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

#endif
