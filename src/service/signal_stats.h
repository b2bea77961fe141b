/*
 * signal_stats.h - the dashboard's weekly signal figures
 * (GET /api/v1/statistieken/signalen): per ISO 8601 week, how many signals
 * were raised and how many were handled (afgerond or afgewezen), in total and
 * per rule, with small counts suppressed as every aggregate is (decision 44).
 * Who may ask is the caller's business (sl_share_may_see_aggregates).
 */
#ifndef SL_SERVICE_SIGNAL_STATS_H
#define SL_SERVICE_SIGNAL_STATS_H

#include <jansson.h>
#include <stdbool.h>

#include "core/date.h"
#include "core/sharing.h"
#include "store/store.h"

#define SL_SIGNAL_STATS_WEKEN_MIN 1
#define SL_SIGNAL_STATS_WEKEN_MAX 104
#define SL_SIGNAL_STATS_WEKEN_DEFAULT 12

/*
 * The last `weken` ISO weeks up to and including today's (weeks run Monday to
 * Sunday, dates in UTC like the stored timestamps), oldest first:
 *
 *   {"weken": [{"week": "2026-W47", "van": "2026-11-16", "tot_en_met": "2026-11-22",
 *               "aangemaakt": N|H, "afgehandeld": N|H,
 *               "per_regel": {"1": {"aangemaakt": N|H, "afgehandeld": N|H}, …}}, …],
 *    "gemeente": "0014"|null, "onderdrukkingsgrens": K, "aantal_onderdrukt": N}
 *
 * per_regel has the same keys in every week: the rules of the active rule
 * set and any other rule that has signals in the period, by number. H is a
 * hidden count (service/suppression.h): from 1 to K - 1 (0 is shown), and
 * what would give one back: the hidden cells are decided per week over the
 * whole area and every municipality together, with the sums that link them
 * (a week's total over its rules, the area over its municipalities), so that
 * no view undoes another (decision 93). gemeentecode NULL for the whole
 * area. On failure returns false with the store's message set.
 */
bool sl_signal_stats_json(sl_store *st, const sl_sharing_config *cfg, sl_date today, int weken,
                          const char *gemeentecode, json_t **out);

#endif
