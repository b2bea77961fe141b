/*
 * classify.c - collaboration potential and matrix group of an NCG address.
 *
 * The matrix is passed in rather than read from a global so that the store
 * can hold several versions and a classification can always be reproduced
 * with the version it names.
 */
#include "core/classify.h"

#include <string.h>

/* Column order of the default table: voorbereiding, opname, zienswijze, beschikking. */
static const char default_rows[SL_MATRIX_STAPPEN][SL_MATRIX_FASEN + 1] = {
    [SL_STAP_1_2] = "AAAA", [SL_STAP_2_1] = "BBCC", [SL_STAP_3_1] = "DDDD",
    [SL_STAP_4_1] = "EEEE", [SL_STAP_4_2] = "EEEE", [SL_STAP_5_1] = "FFFF",
    [SL_STAP_5_2] = "FFFF",
};

void sl_matrix_default(sl_matrix *m)
{
    memset(m, 0, sizeof *m);
    m->version = 1;
    for (int s = 0; s < SL_MATRIX_STAPPEN; s++)
        for (int f = 0; f < SL_MATRIX_FASEN; f++)
            m->cell[s][f] = (sl_groep)(SL_GROEP_A + (default_rows[s][f] - 'A'));
}

bool sl_matrix_complete(const sl_matrix *m)
{
    if (!m)
        return false;
    for (int s = 0; s < SL_MATRIX_STAPPEN; s++)
        for (int f = 0; f < SL_MATRIX_FASEN; f++)
            if (m->cell[s][f] < SL_GROEP_A || m->cell[s][f] > SL_GROEP_F)
                return false;
    return true;
}

sl_classification sl_classify(sl_stap stap, const sl_claims_summary *claims, const sl_matrix *m)
{
    sl_classification c = {SL_POT_GEEN_SCHADEMELDING, SL_GROEP_NONE, m ? m->version : 0};
    /* Open claims decide first: a claim counted open is current, whatever total says. */
    if (!claims || (claims->total <= 0 && claims->open <= 0))
        return c;
    if (claims->open <= 0) {
        c.potentieel = SL_POT_MELDING_AFGEHANDELD;
        return c;
    }
    if (!((unsigned)stap < SL_MATRIX_STAPPEN)) {
        c.potentieel = SL_POT_ALLEEN_SCHADE_LOPEND;
        return c;
    }
    c.potentieel = SL_POT_BEIDE_LOPEND;
    unsigned f = (unsigned)claims->most_advanced_open;
    if (m && f < SL_MATRIX_FASEN)
        c.groep = m->cell[stap][f];
    return c;
}
