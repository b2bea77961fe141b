/*
 * dossier.h - one address's whole picture (both tracks, classification,
 * buddy pair, coordination elements, signals, history), and the changes
 * people make to a combination dossier (coordinator, AMvB elements).
 */
#ifndef SL_SERVICE_DOSSIER_H
#define SL_SERVICE_DOSSIER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/dossier.h"
#include "store/store.h"

/*
 * The dossier of one address as JSON (a new reference in *out), with keys
 * "adres", "classificatie", "traject", "schades", "combinatiedossier",
 * "elementen", "signalen", "historie". *found is false for an unknown address.
 */
bool sl_dossier_json(sl_store *st, int64_t address_id, json_t **out, bool *found);

/*
 * Sets the coordinator (empty to remove) of a combination dossier on behalf
 * of `by`, with history and an outbox event, in its own transaction.
 */
bool sl_dossier_set_coordinator(sl_store *st, int64_t address_id, const char *name,
                                const char *by, char *err, size_t errcap);

/* Records the state of one AMvB element on `datum` (its own transaction, history, outbox). */
bool sl_dossier_set_element(sl_store *st, int64_t address_id, sl_element element,
                            sl_element_status status, sl_date datum, const char *by, char *err,
                            size_t errcap);

#endif
