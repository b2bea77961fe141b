/*
 * delivery_hold.h - a full snapshot that would mark more than a set share of
 * its kind's current records absent is held for a second confirmation
 * instead of applied (docs/decisions.md 91). A held delivery is stored with
 * its counts, its rejected rows and the list of what it would mark absent,
 * state "aangehouden"; nothing else of it is applied. Its file is kept beside
 * the register, in <register>-leveringen/<id>/<name>, until a second data
 * steward confirms it (the file is imported again, without the hold) or it
 * is withdrawn (service/deliveries.h); then the file is removed.
 */
#ifndef SL_SERVICE_DELIVERY_HOLD_H
#define SL_SERVICE_DELIVERY_HOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/deliveries_store.h"

/* The default share (percent) a snapshot may mark absent before it is held. */
#define SL_MAX_ABSENT_PERCENT_DEFAULT 5

/* What the importer knows of a snapshot to hold, inside the file's open transaction. */
typedef struct sl_held_delivery {
    const char *file;                 /* the file as read (its name is the delivery's) */
    sl_kind kind;
    const sl_delivery_counts *counts;
    const char *sha256_hex;
    int64_t would_absent, current;
    const char *door;                 /* who delivered; NULL: nobody named */
    const struct sl_actor *by;        /* who delivered, for the processing log; NULL: the CLI */
    const char *keep_dir;             /* sl_delivery_keep_dir of the register; NULL: none */
    int64_t rejects_of;               /* the delivery in the open transaction: its rejects stay */
    /* Calls cb for the key of every record the snapshot would mark absent. */
    bool (*each_key)(void *ctx, sl_key_cb cb, void *cb_ctx);
    void *keys_ctx;
} sl_held_delivery;

/*
 * Rolls back the open transaction of the file (everything it applied) and
 * stores, in a transaction of its own, the held delivery with its rejects and
 * what it would mark absent; keeps a copy of the file in keep_dir. *id gets
 * the held delivery's id. false with err set when any of it fails (then
 * nothing is stored or kept).
 */
bool sl_delivery_hold(sl_store *st, const sl_held_delivery *h, int64_t *id, char *err,
                      size_t errcap);

/* <register>-leveringen: where held files are kept. false when it does not fit. */
bool sl_delivery_keep_dir(const char *register_path, const char *configured, char *out,
                          size_t cap);

/* The kept file of held delivery id, named as delivered (bestand: any path). */
bool sl_delivery_kept_path(const char *keep_dir, int64_t id, const char *bestand, char *out,
                           size_t cap);

/* Removes the kept file of held delivery id and its directory (missing: fine). */
void sl_delivery_kept_remove(const char *keep_dir, int64_t id, const char *bestand);

#endif
