/*
 * fingerprint.h - a record's fingerprint: a hash of every field the register
 * stores of it, so that any change is seen. The importer compares a row with
 * the register by it; a record changed another way (an update through the
 * API: service/record_update.c) stores it too, so that a later delivery
 * carrying the same values counts as unchanged. A trajectory's and a claim's
 * include the address they are matched to. Pure: no I/O.
 */
#ifndef SL_CORE_FINGERPRINT_H
#define SL_CORE_FINGERPRINT_H

#include <stdint.h>

#include "core/records.h"

/* Each fits a signed 64-bit column (the top bit is clear). */
uint64_t sl_address_fingerprint(const sl_address *a);
uint64_t sl_trajectory_fingerprint(const sl_trajectory *t, int64_t address_id);
uint64_t sl_claim_fingerprint(const sl_claim *c, int64_t address_id);

#endif
