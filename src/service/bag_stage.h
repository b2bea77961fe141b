/*
 * bag_stage.h - new BAG addresses held back during an import and written at
 * the end in id order.
 *
 * A BAG file lists addresses in no useful order, and the register keys them
 * by nummeraanduiding id: writing them as they come scatters every insert
 * over the whole table (a page split, a cache miss and a rewritten page each
 * time). New addresses are therefore packed into one buffer while the file is
 * read and written at the end sorted by id, so that the store appends. Only
 * new addresses wait: every check that can reject a row has already run, and
 * changed addresses go straight to the store.
 */
#ifndef SL_SERVICE_BAG_STAGE_H
#define SL_SERVICE_BAG_STAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/records.h"
#include "store/store.h"

/* Zero-initialised before use; sl_bag_stage_free releases it. */
typedef struct sl_bag_stage {
    unsigned char *buf;   /* packed records, in file order */
    size_t used, cap;
    struct sl_bag_staged *refs; /* (id, offset) of each record */
    size_t n, cap_refs;
} sl_bag_stage;

/* Packs a copy of a with its fingerprint; false when out of memory. */
bool sl_bag_stage_add(sl_bag_stage *s, const sl_address *a, uint64_t fingerprint);
/*
 * Writes every staged address in id order (sl_store_address_add, naming
 * delivery_id), then empties the stage. False with the store's message.
 */
bool sl_bag_stage_write(sl_bag_stage *s, sl_store *st, int64_t delivery_id);
void sl_bag_stage_free(sl_bag_stage *s);

#endif
