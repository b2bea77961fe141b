/*
 * tally.h - counting classified addresses into what `samenloop stats`
 * reports: the potential (SPEC §4.1), the matrix and the groups (§4.2).
 */
#ifndef SL_CORE_TALLY_H
#define SL_CORE_TALLY_H

#include <stdint.h>

#include "core/classify.h"

/* matrix and groepen count only beide_lopend addresses, by step and most advanced open phase. */
typedef struct sl_tally {
    int64_t potentieel[SL_POT_COUNT];
    int64_t matrix[SL_MATRIX_STAPPEN][SL_MATRIX_FASEN];
    int64_t groepen[SL_GROEP_COUNT];
    int64_t combinatiedossiers; /* NCG addresses with at least one current claim */
} sl_tally;

/*
 * Adds `n` addresses with classification `c` to the tally; `stap` and
 * `most_advanced_open` place beide_lopend addresses in the matrix (ignored
 * for the other categories).
 */
void sl_tally_add(sl_tally *t, sl_stap stap, sl_fase most_advanced_open,
                  const sl_classification *c, int64_t n);

#endif
