/*
 * stats.h - the register's figures for management: counts, the
 * collaboration potential (SPEC §4.1), the matrix and its groups (§4.2).
 */
#ifndef SL_SERVICE_STATS_H
#define SL_SERVICE_STATS_H

#include <jansson.h>
#include <stdbool.h>

#include "core/sharing.h"
#include "store/classification_store.h"
#include "store/records_store.h"

typedef struct sl_stats {
    sl_register_counts counts;
    sl_tally tally;
    sl_matrix matrix; /* the active matrix: the group each cell gets now */
} sl_stats;

/* Reads the figures; gemeentecode NULL for the whole area. */
bool sl_stats_read(sl_store *st, const char *gemeentecode, sl_stats *out);

/*
 * The figures as the JSON object of the CLI contract (and the API):
 * {"adressen", "trajecten", "schades", "combinatiedossiers", "potentieel":{…},
 *  "matrix":{"1.2":{"voorbereiding":N,…},…}, "groepen":{"A":N,…},
 *  "indeling":{"matrixversie":V, "cellen":{"1.2":{"voorbereiding":"A",…},…},
 *              "groepen_ingedeeld_met":[V,…]}}.
 * "indeling" is rule data, not counts: the active matrix, and the versions that
 * grouped the addresses counted in "groepen" (the active one once a delivery has
 * regrouped every address after a change).
 * Returns a new reference, NULL when memory runs out.
 */
json_t *sl_stats_json(const sl_stats *s);

/*
 * The figures as they are published (GET /api/v1/statistieken, `stats
 * --onderdrukken`): the same object for the whole area (gemeentecode NULL) or
 * one municipality, with small counts and their complements hidden in the
 * shape of service/suppression.h, and "gemeente", "onderdrukkingsgrens" and
 * "aantal_onderdrukt" beside them. The hidden cells are decided once over
 * every view a reader can ask for (the whole area and every municipality),
 * with the sums that link them (decision 93), so that no view undoes another.
 * On failure returns false with the store's message set.
 */
bool sl_stats_published_json(sl_store *st, const sl_sharing_config *cfg,
                             const char *gemeentecode, json_t **out);

#endif
