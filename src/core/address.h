/*
 * address.h - Dutch postal address parts and the key used to match
 * delivery rows to the register.
 *
 * Normalisation is what makes `9712 ab`, `9712AB`; and `12-a`, `12 A`, `12a`,
 * `12` + letter `a` the same address (SPEC §5). Huisletter and toevoeging are
 * kept apart in the record as delivered (after normalising) but are joined in
 * the match key, because deliveries disagree on which column a suffix is in.
 */
#ifndef SL_CORE_ADDRESS_H
#define SL_CORE_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SL_POSTCODE_CAP 7    /* "9712AB" + NUL */
#define SL_HUISLETTER_CAP 2  /* one letter + NUL */
#define SL_TOEVOEGING_CAP 5  /* 1-4 alphanumerics + NUL */
#define SL_ADDRKEY_CAP 24    /* see sl_address_key */

typedef struct sl_housenr {
    int32_t huisnummer;                 /* 1..99999 */
    char huisletter[SL_HUISLETTER_CAP]; /* "" or one upper-case letter */
    char toevoeging[SL_TOEVOEGING_CAP]; /* "" or 1-4 upper-case alphanumerics */
} sl_housenr;

/*
 * Normalises a postcode: spaces removed, letters upper-cased, must match
 * ^[1-9][0-9]{3}[A-Z]{2}$ and not end in SA, SD or SS (never issued).
 */
bool sl_postcode_parse(const char *s, size_t len, char out[SL_POSTCODE_CAP],
                       const char **reason);

/*
 * Normalises a house number from the three delivery columns. `nr` may carry
 * a suffix (`12a`, `12-a`, `12 A`, `12-1`, `12 bis`): a single letter goes to
 * huisletter when that column is empty, anything else to toevoeging when that
 * column is empty; a suffix that collides with a filled column is refused.
 * Letter and toevoeging are upper-cased, with separators (space, '-', '/', '.')
 * removed from the toevoeging. Empty letter/toevoeging pointers are allowed
 * (len 0).
 */
bool sl_housenr_parse(const char *nr, size_t nr_len, const char *letter, size_t letter_len,
                      const char *toev, size_t toev_len, sl_housenr *out,
                      const char **reason, int *bad_part);
/* bad_part is set to 0 (huisnummer), 1 (huisletter) or 2 (toevoeging). */

/*
 * The match key: postcode, number and the joined suffix, e.g. "9712AB 12 A1".
 * Two rows for the same address produce the same key whatever column their
 * suffix was in. buf has SL_ADDRKEY_CAP bytes; returns the key length.
 */
size_t sl_address_key(const char postcode[SL_POSTCODE_CAP], const sl_housenr *h,
                      char buf[SL_ADDRKEY_CAP]);

#endif
