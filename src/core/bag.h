/*
 * bag.h - identifiers of the Basisregistratie Adressen en Gebouwen (BAG).
 *
 * A BAG object id has 16 digits: a 4-digit municipality code (of the
 * municipality that issued it; it does not change after a merger), a 2-digit
 * object type, and a 10-digit serial. Types used here: 01 verblijfsobject,
 * 10 pand, 20 nummeraanduiding. Ids are held as int64 (16 digits fit) and
 * always written back with their leading zeros.
 */
#ifndef SL_CORE_BAG_H
#define SL_CORE_BAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sl_bag_type {
    SL_BAG_VERBLIJFSOBJECT = 1,
    SL_BAG_PAND = 10,
    SL_BAG_NUMMERAANDUIDING = 20,
} sl_bag_type;

/*
 * Parses a 16-digit id of the expected type. Spaces inside the id are
 * ignored (`0014 2000 0012 3456`); anything else that is not a digit, a wrong
 * length, a wrong type, municipality code 0000 or serial 0 is refused with a
 * Dutch *reason.
 */
bool sl_bag_parse(const char *s, size_t len, sl_bag_type expect, int64_t *out,
                  const char **reason);

/* Writes the 16 digits and a NUL into buf (17 bytes). */
void sl_bag_format(int64_t id, char buf[17]);

/* The issuing municipality code (first 4 digits) as a number, e.g. 14. */
int sl_bag_issuer(int64_t id);

#endif
