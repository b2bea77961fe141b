/*
 * import_session.h - what one file of an import session leaves for the next
 * (for service/import.c; callers use the session functions of import.h).
 *
 * That is the address index every trajectory and claim file needs (566k ids
 * and match keys cost a scan of the register and two maps to build). A BAG
 * file rebuilds it from what it has read and written; a trajectory or claim
 * file that had to load it keeps it. It is dropped when a file fails, and not
 * trusted when another delivery was committed in between (by another
 * process).
 */
#ifndef SL_SERVICE_IMPORT_SESSION_H
#define SL_SERVICE_IMPORT_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/hashmap.h"
#include "service/import.h"

/* The register the session imports into. */
sl_store *sl_import_session_store(const sl_import_session *ses);
/*
 * Lends the index to the file that became delivery delivery_id: true with
 * *ids (every address id, values unused) and *keys (match key -> address id,
 * the highest id winning a shared key) when the index is current just before
 * that delivery; else drops it and returns false.
 */
bool sl_import_session_index(sl_import_session *ses, int64_t delivery_id, sl_intmap **ids,
                             sl_strmap **keys);
/* The lent index is still current after delivery_id (the file changed no address). */
void sl_import_session_advance(sl_import_session *ses, int64_t delivery_id);
/* Takes ids and keys (both NULL: none) as the index current after delivery_id. */
void sl_import_session_keep(sl_import_session *ses, int64_t delivery_id, sl_intmap *ids,
                            sl_strmap *keys);
void sl_import_session_drop_index(sl_import_session *ses);

#endif
