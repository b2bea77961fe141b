/*
 * values.h - the scalar field types of a delivery: booleans, amounts,
 * bounded integers, decimals and trimmed text.
 *
 * All parsers take (s, len) without requiring a NUL terminator, ignore
 * surrounding white space, and on failure return false with *reason set to a
 * short Dutch explanation that a data steward can act on (a static string).
 */
#ifndef SL_CORE_VALUES_H
#define SL_CORE_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Trims ASCII white space (and a UTF-8 no-break space) from both ends. */
void sl_trim(const char **s, size_t *len);

/* ja/nee, j/n, true/false, yes/no, 1/0, waar/onwaar (any case). */
bool sl_parse_bool(const char *s, size_t len, bool *out, const char **reason);

/*
 * An amount in euros to whole cents: `1234.56`, `1234,56`, `1.234,56`,
 * `1,234.56`, `€ 1234`, `-12,5`. When both separators occur the last one is
 * the decimal separator; a lone separator followed by exactly three digits
 * and more than one group (`1.234.567`) is a thousands separator. At most two
 * decimals; |amount| up to 10^12 euros.
 */
bool sl_parse_amount(const char *s, size_t len, int64_t *cents, const char **reason);

/*
 * Writes an amount in cents as an exact decimal: an optional '-', the euros
 * without separators, a point and exactly two decimals ("6051.60", "-0.05"),
 * and a NUL; returns the length. Integer arithmetic only, so the text is the
 * amount delivered: no binary fraction in between, as (double)cents / 100
 * printed with 17 digits gave ("6051.6000000000004").
 */
#define SL_AMOUNT_TEXT_CAP 24 /* "-92233720368547758.08" and the NUL, with room */
size_t sl_format_amount(char dst[SL_AMOUNT_TEXT_CAP], int64_t cents);

/* A whole number in [min, max], decimal digits with an optional sign. */
bool sl_parse_int(const char *s, size_t len, int64_t min, int64_t max, int64_t *out,
                  const char **reason);

/* A decimal number with '.' or ',' as decimal separator, in [min, max]. */
bool sl_parse_decimal(const char *s, size_t len, double min, double max, double *out,
                      const char **reason);

/*
 * Copies trimmed text into dst (capacity cap, including the NUL). Rejects
 * text longer than cap-1 bytes, control characters and invalid UTF-8.
 */
bool sl_parse_text(const char *s, size_t len, char *dst, size_t cap, const char **reason);

/*
 * Writes v in decimal, zero-padded to `width` digits, and a NUL; returns the
 * length. dst needs room for the digits (up to 20, or width) and the NUL.
 * By hand, not printf: the importer and the generator write numbers for each
 * of a million rows.
 */
size_t sl_format_uint(char *dst, uint64_t v, int width);

#endif
