/*
 * tally.c - counting classifications (see tally.h).
 */
#include "core/tally.h"

void sl_tally_add(sl_tally *t, sl_stap stap, sl_fase most_advanced_open,
                  const sl_classification *c, int64_t n)
{
    if ((unsigned)c->potentieel >= SL_POT_COUNT)
        return;
    t->potentieel[c->potentieel] += n;
    if (c->potentieel != SL_POT_GEEN_SCHADEMELDING)
        t->combinatiedossiers += n;
    if (c->potentieel != SL_POT_BEIDE_LOPEND)
        return;
    if ((unsigned)stap < SL_MATRIX_STAPPEN && (unsigned)most_advanced_open < SL_MATRIX_FASEN)
        t->matrix[stap][most_advanced_open] += n;
    if ((unsigned)c->groep >= SL_GROEP_COUNT)
        return;
    t->groepen[c->groep] += n;
    if (c->groep == SL_GROEP_NONE)
        return;
    for (int i = 0; i < t->n_matrixversies; i++)
        if (t->matrixversies[i] == c->matrix_version)
            return;
    if (t->n_matrixversies < SL_TALLY_VERSIONS)
        t->matrixversies[t->n_matrixversies++] = c->matrix_version;
}
