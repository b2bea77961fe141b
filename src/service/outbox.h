/*
 * outbox.h - handing the outbox's events to workers (decision 178): a worker
 * claims a batch with a lease, delivers each event and says so, or gives it
 * back with a reason and a time to try again. Several workers, on one or many
 * instances, share the events without one going to two of them; an event
 * whose worker died is claimed again once its lease lapses. The delivery
 * itself (webhooks to subscribers) plugs in on top: today `samenloop outbox`
 * is the worker a person or a script drives.
 */
#ifndef SL_SERVICE_OUTBOX_H
#define SL_SERVICE_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/signals_store.h"

#define SL_OUTBOX_MAX_BATCH 500
#define SL_OUTBOX_MAX_LEASE_S 3600
#define SL_OUTBOX_MAX_RETRY_S 86400
#define SL_OUTBOX_NAME_MAX 200
#define SL_OUTBOX_REASON_MAX 1000

/* A worker's name unique on this machine's instances: "<host>:<pid>". */
void sl_outbox_worker_name(char *buf, size_t cap);

/*
 * Claims up to `max` (1..SL_OUTBOX_MAX_BATCH) due events for `bezorger` for
 * lease_s seconds (1..SL_OUTBOX_MAX_LEASE_S), oldest first, into out (free
 * with sl_outbox_batch_free). False with a Dutch message in err on a wrong
 * argument or a store failure. Call it outside a transaction.
 */
bool sl_outbox_take(sl_store *st, const char *bezorger, int max, int lease_s,
                    sl_outbox_batch *out, char *err, size_t errcap);

/* Event `id` was delivered. *held false: `bezorger` no longer holds it. */
bool sl_outbox_done(sl_store *st, int64_t id, const char *bezorger, bool *held, char *err,
                    size_t errcap);

/* Event `id` could not be delivered: due again after retry_s seconds
 * (0..SL_OUTBOX_MAX_RETRY_S), with the reason kept. *held as for sl_outbox_done. */
bool sl_outbox_give_back(sl_store *st, int64_t id, const char *bezorger, int retry_s,
                         const char *reden, bool *held, char *err, size_t errcap);

/* One event as a line of JSON (its gegevens embedded as JSON), sl_free it;
 * NULL when out of memory or its gegevens are not JSON. */
char *sl_outbox_message_json(const sl_outbox_message *m);

#endif
