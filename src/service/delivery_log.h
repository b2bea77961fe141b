/*
 * delivery_log.h - a delivery in the processing log (docs/decisions.md 87).
 *
 * Every delivery (a file imported by `samenloop import` or uploaded through
 * the API) writes one processing-log record in its own transaction, also when
 * it changed nothing: receiving and comparing a body's file is processing.
 * The record names the delivery (levering_id, which its statushistorie rows
 * name too) and carries, in gegevens, the kind, the counts and the file's
 * SHA-256 as JSON:
 *   {"levering":17,"soort":"img_schades","sha256":"…","rijen":…,"nieuw":…,
 *    "gewijzigd":…,"ongewijzigd":…,"afwezig":…,"afgewezen":…}
 * so the log alone says what each delivery did, and the chain protects it. A
 * held delivery (service/delivery_hold.h) writes its record when it is held,
 * with "aangehouden":true and "wordt_afwezig"; its confirmation is a delivery of
 * its own, with its own record.
 */
#ifndef SL_SERVICE_DELIVERY_LOG_H
#define SL_SERVICE_DELIVERY_LOG_H

#include <stdbool.h>

#include "service/import.h"
#include "service/logboek.h"

/*
 * Inside the delivery's transaction, once the file is read: records the
 * counts and the SHA-256 (64 hex digits) on the delivery's row and appends
 * its log record. `by` is who delivered; NULL is the command line (user
 * "samenloop import", role datasteward, the organisation whose kind it is).
 */
bool sl_delivery_finish_logged(sl_store *st, const sl_import_report *rep, const char *sha256_hex,
                               const sl_actor *by);

/* The gegevens JSON of a delivery's record (as above); false when out of memory. */
bool sl_delivery_log_details(const sl_import_report *rep, const char *sha256_hex, char *out,
                             size_t cap);

#endif
