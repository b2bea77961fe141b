/*
 * dossier_peildatum.h - the dossier as the register knew it at the end of a
 * chosen day (issue 17, decisions 212-213). It starts from today's dossier as
 * sl_dossier_shown cut it for the viewer (the same gate, the same parts, the
 * same look to log) and undoes, newest first, what the history recorded after
 * that day: phase and step (and since when), absence, the classification,
 * the combination dossier's fields; records the register did not know yet
 * are left out; signals raised later are left out and those handled later
 * show as still open; the history ends at that day. What the register keeps
 * no history of (names, dates a source delivered, amounts) is today's value,
 * and "peildatum" says so.
 */
#ifndef SL_SERVICE_DOSSIER_PEILDATUM_H
#define SL_SERVICE_DOSSIER_PEILDATUM_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "store/store.h"

/*
 * Rewinds *body (sl_dossier_shown's JSON text, *len bytes; replaced by the
 * rewound text, which the caller sl_frees) to the end of `peildatum` (UTC).
 * *known false when the register could not yet show the address then: *body
 * is left as it was and *bekend_sinds is the first day it provably knew it.
 * False on a store failure or when memory runs out (the message on st).
 */
bool sl_dossier_rewind(sl_store *st, int64_t address_id, sl_date peildatum, char **body,
                       size_t *len, bool *known, sl_date *bekend_sinds);

#endif
