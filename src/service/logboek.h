/*
 * logboek.h - the processing log (SPEC §3 Logboek, §4.4): who looked at or
 * changed which personal data, for what purpose, on what basis, when.
 *
 * Append-only and tamper-evident: record n carries the hash of record n-1,
 * and its own hash is BLAKE2b-256 (libsodium crypto_generichash, 32 bytes, no
 * key) over a canonical encoding, in lowercase hex. The encoding is a
 * sequence of fields, each an 8-byte big-endian byte length followed by the
 * bytes (UTF-8, no terminator), in this order:
 *   "samenloop-logboek-v1", vorige_hash, id (decimal), tijdstip, gebruiker,
 *   org, rol, doel, grondslag, categorieen, nummeraanduiding_id (16 digits,
 *   or empty when none), actie, trace_id.
 * A record that names a delivery or carries details (a delivery's record:
 * levering_id and gegevens set) is hashed as "samenloop-logboek-v2" with the
 * same fields followed by levering_id (decimal, or empty) and gegevens, so
 * that records written before these columns keep their hashes and stripping
 * them from a record breaks it.
 * The first record's vorige_hash is 64 zeros. Anyone can recompute the chain
 * from the table alone (tests/integration/test_logboek.py does, in Python).
 */
#ifndef SL_SERVICE_LOGBOEK_H
#define SL_SERVICE_LOGBOEK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/sharing.h"
#include "store/log_store.h"
#include "service/outcome.h"

/* Who acts: the account behind a request. Borrowed strings. */
typedef struct sl_actor {
    const char *gebruiker;  /* the account's name; required, at most 80 bytes */
    const char *trace_id;   /* the request's trace id; NULL or "" when none */
    sl_viewer viewer;       /* role, organisation, municipality, linked addresses */
} sl_actor;

/* One record to append; the service adds id, tijdstip and the hashes. */
typedef struct sl_log_entry {
    const sl_actor *actor;
    const char *doel;         /* a purpose name (sl_doel_name) or another short word */
    const char *grondslag;    /* sl_grondslag_name, or e.g. "toestemming" for consent forms */
    const char *categorieen;  /* e.g. "traject:id,status,datums,contact" */
    int64_t address_id;       /* 0 when not about one address */
    const char *actie;        /* "inzage" or "wijziging" */
    int64_t levering_id;      /* the delivery the record is about; 0 when none */
    const char *gegevens;     /* details as JSON text (at most 511 bytes); NULL when none */
} sl_log_entry;

/*
 * Appends one record inside the caller's write transaction (sl_store_begin):
 * reads the head, stamps the time (UTC, milliseconds), chains and hashes.
 * Fails (message on the handle) outside a transaction, and on a field that
 * is missing or longer than its column allows (never truncated). *id may be NULL.
 */
bool sl_logboek_append(sl_store *st, const sl_log_entry *e, int64_t *id);

/*
 * The two halves of sl_logboek_append, for a writer that appends records
 * prepared elsewhere (service/logboek_writer.h). prepare checks and copies
 * the entry's fields into *r (no store access; a failure's message goes on
 * st); append_prepared, inside the caller's write transaction, stamps the
 * time, chains r to the head, hashes and inserts it (setting id, tijdstip,
 * vorige_hash and hash).
 */
bool sl_logboek_prepare(sl_store *st, const sl_log_entry *e, sl_log_record *r);
bool sl_logboek_append_prepared(sl_store *st, sl_log_record *r);
/*
 * Chains n prepared records to the head (last_id, last_hash): ids, one time
 * stamp and the hashes, each record after the one before. The sl_log_link_fn
 * that sl_store_log_append_durable calls under the chain's lock.
 */
bool sl_logboek_link(sl_store *st, sl_log_record *recs, size_t n, int64_t last_id,
                     const char *last_hash);

/* Now, as the log stamps it (UTC, milliseconds); fails (message on st) without a clock. */
bool sl_logboek_now(sl_store *st, char out[SL_LOG_TIME_CAP]);

/* The hash a record must carry, from its fields and vorige_hash (64 hex + NUL). */
void sl_logboek_hash(const sl_log_record *r, char out[SL_LOG_HASH_CAP]);

/* Every record (address_id 0) or one address's, oldest first. */
bool sl_logboek_list(sl_store *st, int64_t address_id, sl_log_cb cb, void *ctx);


/* The records a viewer may read, oldest first, when the sharing rules let them
 * (sl_share_may_read_log): the beheerder all, a resident their own address's. */
/* Whether a viewer may read the log (of one address, or all of it with address_id
 * 0): SL_FORBIDDEN for staff other than the beheerder, SL_NOT_FOUND for a resident
 * asking about another address (as if there were none), SL_ERROR when the store
 * failed (message on st). */
sl_outcome sl_logboek_read(sl_store *st, const sl_viewer *v, int64_t address_id,
                           sl_log_cb cb, void *ctx);

/* A record as JSON: keten, id, tijdstip, gebruiker, org, rol, doel, grondslag,
 * categorieen, nummeraanduiding_id (null when none), actie, trace_id, hash;
 * levering_id and gegevens (an object) only when the record has them. */
json_t *sl_log_record_json(const sl_log_record *r);

typedef struct sl_logboek_check {
    int64_t records;        /* records read, both chains */
    int64_t first_broken;   /* id of the first record that breaks its chain; 0 when intact */
    sl_log_keten broken;    /* the chain of first_broken */
    char reden[160];        /* why, in Dutch, when broken */
    /* per chain: its records and its last record's hash ("" when empty), to anchor elsewhere */
    int64_t chain_records[SL_KETEN_COUNT];
    char head[SL_KETEN_COUNT][SL_LOG_HASH_CAP];
} sl_logboek_check;

/*
 * Walks both chains, each on its own: ids 1, 2, 3 without gaps, each
 * vorige_hash equal to the previous record's hash, each hash recomputed.
 * Returns false only when the store fails; a break is reported in
 * out->first_broken (the register's chain is walked first).
 * Removing the newest records leaves a shorter, intact chain: compare
 * out->head with a copy kept elsewhere to see that (docs/decisions.md).
 */
bool sl_logboek_verify(sl_store *st, sl_logboek_check *out);

#endif
