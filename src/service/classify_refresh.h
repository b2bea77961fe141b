/*
 * classify_refresh.h - keeping the stored classification of every NCG
 * address (potential, matrix group, rule version) in step with the register.
 */
#ifndef SL_SERVICE_CLASSIFY_REFRESH_H
#define SL_SERVICE_CLASSIFY_REFRESH_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/*
 * Recomputes the classification of every address with a current trajectory
 * with the active matrix, inside the caller's transaction: writes new and
 * changed ones (a change of potential or group is status history of the
 * combination dossier, attributed to delivery_id), and drops those whose
 * trajectory is gone. *changed counts what was written or dropped.
 */
bool sl_classify_refresh(sl_store *st, int64_t delivery_id, int64_t *changed);

/* The same after a person changed the rules (service/regels.c): history rows
 * name `by` instead of a delivery. */
bool sl_classify_refresh_by(sl_store *st, const char *by, int64_t *changed);

/*
 * The same for one address (a change to one record: service/record_update.c),
 * reading only that address: its stored classification, its trajectories and
 * claims. History rows name delivery_id (0 for a person's change) and `by`
 * (NULL for a delivery). *changed is 0 or 1.
 */
bool sl_classify_refresh_address(sl_store *st, int64_t address_id, int64_t delivery_id,
                                 const char *by, int64_t *changed);

#endif
