/*
 * logboek_anker.h - anchoring the processing log's heads (docs/decisions.md 88).
 *
 * The hash chains show a record changed or removed in the middle, but not the
 * newest records removed, a look log emptied, or its file deleted: what is
 * left is a shorter, intact chain. An anchor (checkpoint) records both
 * chains' last record (id and hash) at a moment in a table of the register
 * (logboek_anker), signed with an HMAC-SHA-256 key held outside the register
 * (a file named by the setting logboek_sleutel). `samenloop logboek verify`
 * then fails when a chain ends before an anchor's record or holds another
 * record there. Anchors are written after every `samenloop import`, by
 * `samenloop serve` every logboek_anker_interval seconds when a head moved and
 * when it stops, and by `samenloop logboek anker --schrijf`.
 *
 * The MAC covers, as 8-byte big-endian length-prefixed fields:
 *   "samenloop-logboek-anker-v1", tijdstip, register_id, register_hash,
 *   inzage_id, inzage_hash, verlies ("0"/"1"), sleutel_id
 * with ids in decimal; sleutel_id is the first 8 bytes (16 hex digits) of
 * BLAKE2b-256("samenloop-logboek-sleutel" || key), so rotating the key is
 * visible in the anchors. The key itself is never logged or printed.
 *
 * Someone who can write the register can still remove the newest anchors
 * together with the newest records; against that, publish the heads
 * elsewhere (`samenloop logboek anker`) and check them (`verify --tot`).
 */
#ifndef SL_SERVICE_LOGBOEK_ANKER_H
#define SL_SERVICE_LOGBOEK_ANKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/logboek.h"
#include "store/log_store.h"

#define SL_LOG_KEY_BYTES 32

/* The anchor key; set false: none configured (anchors are written unsigned). */
typedef struct sl_log_key {
    bool set;
    unsigned char key[SL_LOG_KEY_BYTES];
    char id[SL_LOG_KEYID_CAP];
} sl_log_key;

/*
 * Reads the key from `path` (64 hex digits, a newline allowed). NULL or ""
 * leaves out->set false and succeeds. Fails, naming the file and never its
 * content, when it cannot be read, is not a key, or others than its owner may
 * read it.
 */
bool sl_log_key_load(const char *path, sl_log_key *out, char *err, size_t errcap);
/* Writes a new random key to `path` (mode 0600; an existing file is kept and refused). */
bool sl_log_key_create(const char *path, char *err, size_t errcap);
/* Clears the key from memory. */
void sl_log_key_wipe(sl_log_key *k);

/*
 * Writes an anchor of both heads in its own transaction. only_if_moved: not
 * when the newest anchor holds the same heads (*written tells). out may be NULL.
 */
bool sl_logboek_anchor_write(sl_store *st, const sl_log_key *key, bool only_if_moved,
                             sl_log_anchor *out, bool *written);

typedef struct sl_anchor_check {
    int64_t anchors;        /* anchors checked */
    int64_t unchecked_mac;  /* of those, written unsigned or with another key */
    bool broken;            /* a chain does not hold what an anchor saw */
    char reden[400];        /* why, in Dutch, when broken */
    bool have_newest;
    sl_log_anchor newest;   /* the newest anchor, when there is one */
} sl_anchor_check;

/*
 * Checks the anchors since the last acknowledged loss (all of them, or only
 * the newest: what `serve` checks at its start) against the chains: each
 * anchored record must still be there with the anchored hash, and an anchor
 * signed with this key must carry a valid MAC. Returns false only when the
 * store fails.
 */
bool sl_logboek_anchors_check(sl_store *st, const sl_log_key *key, bool newest_only,
                              sl_anchor_check *out);

/* Both chains' heads now (ids 0 and hashes "" for an empty chain), to publish. */
bool sl_logboek_heads(sl_store *st, int64_t ids[SL_KETEN_COUNT],
                      char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP]);

/* A published head: "register:ID:HASH" or "inzage:ID:HASH". */
typedef struct sl_log_head {
    sl_log_keten keten;
    int64_t id;
    char hash[SL_LOG_HASH_CAP];
} sl_log_head;
bool sl_log_head_parse(const char *s, sl_log_head *out);
/* Whether the chain still holds the published head; *ok false with reden (Dutch) when not. */
bool sl_logboek_check_head(sl_store *st, const sl_log_head *h, bool *ok, char *reden,
                           size_t cap);

/*
 * An operator acknowledges that anchored records are gone (a look log lost
 * with its disk, say): in one transaction, a processing-log record naming
 * who, why and the heads before and now, and an anchor with verlies set, from
 * which on verify and serve check again. `reden` is required (at most 200 bytes).
 */
bool sl_logboek_acknowledge_loss(sl_store *st, const sl_log_key *key, const sl_actor *by,
                                 const char *reden, int64_t *log_id);

/*
 * For `samenloop serve`: a thread with its own register handle that writes an
 * anchor every interval_s seconds when a head moved, and one more when
 * stopped. on_error (may be NULL) hears a failure's message; it never
 * contains the key.
 */
typedef struct sl_anchor_keeper sl_anchor_keeper;
bool sl_anchor_keeper_start(const char *db, const sl_log_key *key, int interval_s,
                            void (*on_error)(const char *msg), sl_anchor_keeper **out,
                            char *err, size_t errcap);
void sl_anchor_keeper_stop(sl_anchor_keeper *k);

#endif
