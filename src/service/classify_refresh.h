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

#endif
