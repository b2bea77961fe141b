/*
 * opname_stats.h - the dashboard's joint inspection figures
 * (GET /api/v1/statistieken/opnames, issue 14): per municipality how many joint
 * inspections (both bodies' inspections of one confirmed request) are planned
 * and how many done, as aggregates with small counts hidden as every published
 * figure is (service/suppression.h). Who may ask is the caller's business
 * (sl_share_may_see_aggregates).
 */
#ifndef SL_SERVICE_OPNAME_STATS_H
#define SL_SERVICE_OPNAME_STATS_H

#include <jansson.h>
#include <stdbool.h>

#include "core/date.h"
#include "core/sharing.h"
#include "store/store.h"

/*
 *   {"gemeenten": [{"gemeentecode": "0014", "gepland": N|H, "gedaan": N|H}, …],
 *    "totaal": {"gepland": N|H, "gedaan": N|H}, "gemeente": "0014"|null,
 *    "peildatum": "YYYY-MM-DD", "onderdrukkingsgrens": K, "aantal_onderdrukt": N}
 *
 * A joint inspection is done once both its days are before `today` (decision 202:
 * no body reports an inspection done yet), else planned. The hidden cells are
 * decided over every municipality and the area's totals together, so that a
 * municipality's view does not undo the area's. gemeentecode NULL: every
 * municipality and the area's total; else that municipality only (its own row is
 * the total). On failure returns false with the store's message set.
 */
bool sl_opname_stats_json(sl_store *st, const sl_sharing_config *cfg, sl_date today,
                          const char *gemeentecode, json_t **out);

#endif
