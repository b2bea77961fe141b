/*
 * address_search.h - finding addresses for a caller: by postcode and house
 * number (BAG data; a resident only their linked addresses), or by the number
 * of a claim or trajectory, found only when the disclosure gate lets the
 * caller see that part of the address's dossier (so a search never tells more
 * than the dossier would). Items are the short address objects of the API
 * (nummeraanduiding_id, straat, huisnummer, huisletter, toevoeging, postcode,
 * woonplaats, gemeentecode, afwezig). Nothing of a part is shown, so nothing
 * is logged; the dossier is, when it is read.
 */
#ifndef SL_SERVICE_ADDRESS_SEARCH_H
#define SL_SERVICE_ADDRESS_SEARCH_H

#include <jansson.h>
#include <stdbool.h>

#include "core/records.h"
#include "core/sharing.h"
#include "service/logboek.h"
#include "store/store.h"

/* The address in short, as a work list or log shows it (BAG data, no personal data):
 * straat, huisnummer, huisletter and toevoeging (null when none), postcode,
 * woonplaats, gemeentecode. NULL when out of memory. */
json_t *sl_address_short_json(const sl_address *a);

/* Appends the addresses with match key `key` the viewer may find to items. */
bool sl_address_search_key(sl_store *st, const sl_viewer *v, const char *key, json_t *items);

/* Appends the address of claim img_id (or trajectory ncg_id, when img_id is NULL) when the
 * gate shows that part to `by` for `doel`. */
bool sl_address_search_record(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by,
                              sl_doel doel, const char *img_id, const char *ncg_id,
                              sl_date today, json_t *items);

#endif
