/*
 * doorlooptijden.h - lead times (issue 17, decisions 209-211): how long claims
 * stay in each phase and trajectories in each step, from the register's status
 * history (core/doorlooptijd.h), for the whole area or one municipality:
 *
 *   {"gemeente": "0014"|null, "van": "2026-01-01"|null, "tot_en_met": "2026-12-07",
 *    "schades":   [{"fase": "voorbereiding", "afgerond": M, "lopend": M}, …],
 *    "trajecten": [{"stap": "1.2", "afgerond": M, "lopend": M}, …],
 *    "onderdrukkingsgrens": K, "aantal_onderdrukt": N}
 *   M = {"aantal": N|H, "mediaan_dagen": x|null, "p80_dagen": x|null}
 *
 * One entry per open phase (voorbereiding .. beschikking) and open step
 * (1.2 .. 5.2), in process order. "afgerond": the stays that ended from van to
 * tot_en_met; "lopend": the stays still running at the end of tot_en_met,
 * measured so far. Days to one decimal; null when there is no stay or the
 * count is hidden. H is a hidden count (service/suppression.h): the counts
 * of every municipality and the whole area are suppressed together, with the
 * area as the sum of its municipalities; a hidden count hides its
 * percentiles too.
 */
#ifndef SL_SERVICE_DOORLOOPTIJDEN_H
#define SL_SERVICE_DOORLOOPTIJDEN_H

#include <jansson.h>
#include <stdbool.h>

#include "core/doorlooptijd.h"
#include "core/sharing.h"
#include "store/store.h"

/*
 * cfg NULL: the exact figures (the operator's CLI); otherwise as published.
 * gemeentecode NULL for the whole area. On failure false with the store's
 * message set.
 */
bool sl_doorlooptijden_json(sl_store *st, const sl_sharing_config *cfg, const char *gemeentecode,
                            sl_stay_period period, json_t **out);

#endif
