/*
 * deliveries.h - deliveries as a data steward meets them through the API:
 * upload, list, one delivery, its rejected rows and its absent records, and
 * confirming or withdrawing a held one (docs/decisions.md 90-92).
 *
 * A steward delivers, confirms and withdraws only their own body's kind
 * (core/delivery_scope.h); a delivery of another body is not found (404, so
 * that its existence does not leak). A refused upload writes nothing but a
 * processing-log record of the attempt. A held snapshot is confirmed by a
 * second data steward of the same body (not the one who delivered it): its
 * kept file is imported again, without the hold, and the held delivery is
 * marked bevestigd in the same transaction.
 */
#ifndef SL_SERVICE_DELIVERIES_H
#define SL_SERVICE_DELIVERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/delivery_scope.h"
#include "service/import.h"
#include "service/logboek.h"
#include "service/outcome.h"
#include "store/deliveries_store.h"

/* Who asks: the account (for the log and for "not your own") and its scope. */
typedef struct sl_delivery_caller {
    const sl_actor *actor;
    bool levert_adressen; /* appointed to deliver BAG addresses */
} sl_delivery_caller;

/* The server's settings for deliveries. */
typedef struct sl_delivery_settings {
    const char *register_path; /* held files are kept in <register>-leveringen, */
    const char *keep_dir;      /* or here when set (required for a PostgreSQL register) */
    int max_absent_percent;    /* hold a snapshot that marks more absent; 100: never */
    sl_date today;             /* dates raised signals */
} sl_delivery_settings;

/*
 * Imports the file at path for the caller: refused (and the attempt logged)
 * when its kind is not the caller's; held when it would mark too much absent
 * (report->held). report->file is the path given.
 */
sl_outcome sl_delivery_upload(sl_store *st, const sl_delivery_caller *c,
                                      const sl_delivery_settings *s, const char *path,
                                      sl_import_report *report, char *err, size_t errcap);

/* The deliveries the caller may see, newest first. */
bool sl_deliveries_visible(sl_store *st, const sl_delivery_caller *c, sl_delivery_cb cb,
                           void *ctx);

/* One delivery, when the caller may see it. */
sl_outcome sl_delivery_find(sl_store *st, const sl_delivery_caller *c, int64_t id,
                                    sl_delivery_row *out, char *err, size_t errcap);

/* Its rejected rows in line order (*out the delivery), when the caller may see it. */
sl_outcome sl_delivery_rejects(sl_store *st, const sl_delivery_caller *c, int64_t id,
                                       sl_delivery_row *out, sl_reject_cb2 cb, void *ctx,
                                       char *err, size_t errcap);

/* What it marked absent (applied) or would mark absent (held), by key. */
sl_outcome sl_delivery_absent(sl_store *st, const sl_delivery_caller *c, int64_t id,
                                      sl_delivery_row *out, sl_key_cb cb, void *ctx, char *err,
                                      size_t errcap);

/*
 * Confirms held delivery id: a data steward of its body other than the one
 * who delivered it. The kept file is imported (report), the held delivery
 * marked bevestigd and the confirmation logged in one transaction; then the
 * kept file is removed.
 */
sl_outcome sl_delivery_confirm(sl_store *st, const sl_delivery_caller *c,
                                       const sl_delivery_settings *s, int64_t id,
                                       sl_import_report *report, char *err, size_t errcap);

/* Withdraws held delivery id (any data steward of its body): nothing is applied. */
sl_outcome sl_delivery_withdraw(sl_store *st, const sl_delivery_caller *c,
                                        const sl_delivery_settings *s, int64_t id,
                                        sl_delivery_row *out, char *err, size_t errcap);

#endif
