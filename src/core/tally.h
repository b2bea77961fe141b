/*
 * tally.h - counting classified addresses into what `samenloop stats`
 * reports: the potential (SPEC §4.1), the matrix and the groups (§4.2).
 */
#ifndef SL_CORE_TALLY_H
#define SL_CORE_TALLY_H

#include <stdint.h>

#include "core/classify.h"

#define SL_TALLY_VERSIONS 8

/* matrix and groepen count only beide_lopend addresses, by step and most advanced open phase. */
typedef struct sl_tally {
    int64_t potentieel[SL_POT_COUNT];
    int64_t matrix[SL_MATRIX_STAPPEN][SL_MATRIX_FASEN];
    int64_t groepen[SL_GROEP_COUNT];
    int64_t combinatiedossiers; /* NCG addresses with at least one current claim */
    /* The matrix versions that grouped the counted beide_lopend addresses, in the
     * order met. After an administrator activates a new matrix the stored groups
     * are the old version's until the next delivery reclassifies every address,
     * and the figures must say so. Every delivery regroups all addresses with the
     * active version, so more than two at once means several activations without a
     * delivery between them; beyond SL_TALLY_VERSIONS they are not listed. */
    int32_t matrixversies[SL_TALLY_VERSIONS];
    int n_matrixversies;
} sl_tally;

/*
 * Adds `n` addresses with classification `c` to the tally; `stap` and
 * `most_advanced_open` place beide_lopend addresses in the matrix (ignored
 * for the other categories).
 */
void sl_tally_add(sl_tally *t, sl_stap stap, sl_fase most_advanced_open,
                  const sl_classification *c, int64_t n);

#endif
