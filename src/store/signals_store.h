/*
 * signals_store.h - signals (the active rule set, raised signals and their
 * addressees, the dashboard's day counts) and the outbox of events for
 * subscribers.
 *
 * Same conventions as store/store.h: false on failure with the message on
 * the handle (sl_store_errmsg); writes inside the caller's transaction
 * (sl_store_begin/commit). A backend implements these in its
 * sl_signals_ops table (store/backend.h).
 */
#ifndef SL_STORE_SIGNALS_STORE_H
#define SL_STORE_SIGNALS_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/signal.h"
#include "core/signal_rules.h"
#include "store/store.h"

/* ---- signals ------------------------------------------------------------- */

/* The active signal rule set; n == 0 when signalling is switched off (no active set). */
bool sl_store_signal_ruleset(sl_store *st, sl_ruleset *out);
/* Version `versie` of the signal rules; *found false when there is none. */
bool sl_store_signal_ruleset_versie(sl_store *st, int32_t versie, sl_ruleset *out, bool *found);
/* Writes the rules of rs as version rs->version (caller's transaction; put it in
 * force with sl_store_regelset_activeer, store/classification_store.h). */
bool sl_store_signal_rules_put(sl_store *st, const sl_ruleset *rs);
/* Whether rule `regel` has an open or acknowledged signal for the address. */
bool sl_store_signal_unfinished(sl_store *st, int32_t regel, int64_t address_id, bool *exists);
/* Adds a signal with its addressees; sets s->id and s->aangemaakt_op. */
bool sl_store_signal_add(sl_store *st, sl_signal *s, int64_t delivery_id);
bool sl_store_signal_get(sl_store *st, int64_t id, sl_signal *out, bool *found);
/* Writes status, gewijzigd_door and reden; the store stamps the time of the transition. */
bool sl_store_signal_update(sl_store *st, const sl_signal *s);
/* Adds one addressee to a signal as number `volgorde` (after its existing ones). */
bool sl_store_signal_addressee_add(sl_store *st, int64_t signal_id, int volgorde,
                                   const sl_addressee *a);

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

/* Addresses classified "beide lopend": the candidates for rule 8. */
typedef bool (*sl_address_cb)(void *ctx, int64_t address_id);
bool sl_store_scan_still_candidates(sl_store *st, sl_address_cb cb, void *ctx);

/* An event for subscribers, in the current transaction. gegevens is JSON text. */
bool sl_store_outbox_add(sl_store *st, const char *soort, const char *onderwerp,
                         const char *sleutel, const char *gegevens);

/* ---- the outbox's delivery (decision 178) ----------------------------------- */

/* One claimed event; the strings belong to the batch. */
typedef struct sl_outbox_message {
    int64_t id;
    char *aangemaakt_op; /* ISO 8601 UTC with milliseconds */
    char *soort, *onderwerp, *sleutel;
    char *gegevens;      /* JSON text */
    int32_t pogingen;    /* times handed out, this claim included */
} sl_outbox_message;

typedef struct sl_outbox_batch {
    sl_outbox_message *items; /* oldest first */
    size_t n;
} sl_outbox_batch;

void sl_outbox_batch_free(sl_outbox_batch *b);

/*
 * Claims up to `max` due events for worker `bezorger` until the database's now
 * plus lease_ms, oldest first, and counts the attempt. Due: not delivered, no
 * unlapsed lease, and past its volgende_poging. Events that another worker
 * claims at the same moment are skipped, never handed out twice (PostgreSQL:
 * FOR UPDATE SKIP LOCKED; SQLite: one writer). Its own transaction: call it
 * outside sl_store_begin/commit, so that claiming never waits for an import.
 */
bool sl_store_outbox_claim(sl_store *st, const char *bezorger, int max, int64_t lease_ms,
                           sl_outbox_batch *out);
/* Marks event `id` delivered. *held is false (and nothing changes) when
 * `bezorger` does not hold it: another worker claimed it after the lease
 * lapsed, or it was delivered already. */
bool sl_store_outbox_delivered(sl_store *st, int64_t id, const char *bezorger, bool *held);
/* Gives event `id` back after a failed attempt: due again from now + retry_ms,
 * with the reason kept (laatste_fout). *held as for sl_store_outbox_delivered. */
bool sl_store_outbox_failed(sl_store *st, int64_t id, const char *bezorger, int64_t retry_ms,
                            const char *reden, bool *held);

#endif
