/*
 * deliveries_store.h - deliveries (leveringen): each file read, its counts and
 * rejected rows, who delivered it, and held deliveries with what they would
 * mark absent (decision 91).
 *
 * Same conventions as store/store.h: false on failure with the message on
 * the handle (sl_store_errmsg); writes inside the caller's transaction
 * (sl_store_begin/commit). A backend implements these in its
 * sl_deliveries_ops table (store/backend.h).
 */
#ifndef SL_STORE_DELIVERIES_STORE_H
#define SL_STORE_DELIVERIES_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/delivery.h"
#include "core/signal.h"
#include "store/store.h"

/* ---- deliveries --------------------------------------------------------- */

typedef struct sl_delivery_counts {
    int64_t rows, imported, rejected, absent;
    int64_t nieuw, gewijzigd, ongewijzigd; /* of imported: new, changed, unchanged */
} sl_delivery_counts;

bool sl_store_delivery_add(sl_store *st, const char *file, sl_kind kind, int64_t *id);
/* Records the counts and the file's SHA-256 (64 hex digits) once it is read. */
bool sl_store_delivery_finish(sl_store *st, int64_t id, const sl_delivery_counts *c,
                              const char *sha256_hex);
/* A rejected row: line (1-based, the line the record starts on), column name or "" for the row,
 * and the record's original text as read from the file (SL_REJECT_ROW_MAX bytes at most;
 * NULL or "" when none was kept: decision 229). */
#define SL_REJECT_ROW_MAX 4096
bool sl_store_reject_add(sl_store *st, int64_t delivery_id, int64_t line, const char *column,
                         const char *reason, const char *row);

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
/* row: the original text kept with it, "" for none */
typedef bool (*sl_reject_cb2)(void *ctx, int64_t line, const char *column, const char *reason,
                              const char *row);
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

#endif
