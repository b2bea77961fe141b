/*
 * signal_json.h - signals and combination dossiers as JSON: the shape the
 * CLI prints, the outbox carries and the API will serve (Dutch keys).
 * Each function returns a new reference, or NULL when memory runs out.
 */
#ifndef SL_SERVICE_SIGNAL_JSON_H
#define SL_SERVICE_SIGNAL_JSON_H

#include <jansson.h>

#include "core/signal.h"
#include "store/dossiers_store.h"

/* {"id","regel","variant","regelversie","nummeraanduiding_id","status","aan":[{"org","rol",
 *  "persoon"}],"aangemaakt","vervalt_op","tekst"} plus "gewijzigd_door"/"gewijzigd_op"/"reden"
 * once acted on. */
json_t *sl_signal_json(const sl_signal *s);

/* {"nummeraanduiding_id","zaakbegeleider","bewonersbegeleider","coordinator","samenwerking",
 *  "actueel","versie","potentieel","groep"} */
json_t *sl_dossier_row_json(const sl_dossier_row *row, const sl_dossier_view *view);

#endif
