/*
 * term_stats.h - the dashboard's term figures (GET /api/v1/statistieken/termijnen,
 * issue 13): per body and municipality the terms at risk (ending within the
 * next 30 days) and overdue (passed without the decision), and per body the
 * penalties and compensations owed and paid, as aggregates with small counts
 * hidden as every aggregate is (service/suppression.h, decision 196). Who may
 * ask is the caller's business (sl_share_may_see_aggregates).
 */
#ifndef SL_SERVICE_TERM_STATS_H
#define SL_SERVICE_TERM_STATS_H

#include <jansson.h>
#include <stdbool.h>

#include "core/date.h"
#include "core/sharing.h"
#include "store/store.h"

/* The window of "at risk": a running term whose end lies within this many days. */
#define SL_TERM_STATS_VENSTER 30

/*
 *   {"peildatum": "YYYY-MM-DD", "venster_dagen": 30, "gemeente": "0014"|null,
 *    "termijnen": [{"organisatie": "IMG", "dreigend": N|H, "verstreken": N|H,
 *                   "per_gemeente": [{"gemeente": "0014", "dreigend": N|H,
 *                                     "verstreken": N|H}, ...]}, ...],
 *    "dwangsommen": [{"organisatie": "IMG", "adressen": N|H,
 *                     "verschuldigd_centen": N|null, "betaald_centen": N|null}, ...],
 *    "onderdrukkingsgrens": K, "aantal_onderdrukt": N}
 *
 * H is a hidden count; an amount is null when the count of addresses it sums
 * over is hidden (or zero). The hidden cells are decided over the whole area
 * and every municipality together, so no view undoes another. gemeentecode
 * NULL: the whole area; else only that municipality's figures. On failure
 * returns false with the store's message set.
 */
bool sl_term_stats_json(sl_store *st, const sl_sharing_config *cfg, sl_date today,
                        const char *gemeentecode, json_t **out);

#endif
