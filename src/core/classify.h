/*
 * classify.h - collaboration potential (SPEC §4.1) and the collaboration
 * matrix (SPEC §4.2) as a versioned rule table.
 *
 * The matrix is data: a table of (stap, fase) -> groep with a version number.
 * The defaults of the specification ship as version 1 (sl_matrix_default);
 * the store holds the active table and every classification records the
 * version that produced it.
 */
#ifndef SL_CORE_CLASSIFY_H
#define SL_CORE_CLASSIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vocab.h"

/* Only open steps (1.2..5.2) and open phases (voorbereiding..beschikking) have cells. */
#define SL_MATRIX_STAPPEN (SL_STAP_5_2 + 1)
#define SL_MATRIX_FASEN SL_FASE_AFGEHANDELD

typedef struct sl_matrix {
    int32_t version;
    sl_groep cell[SL_MATRIX_STAPPEN][SL_MATRIX_FASEN];
} sl_matrix;

/* Fills m with the specification's default table, version 1. */
void sl_matrix_default(sl_matrix *m);

/* True when every cell holds a group A..F (a table an administrator may activate). */
bool sl_matrix_complete(const sl_matrix *m);

/* What is known about one address's claims, as counted by the caller. */
typedef struct sl_claims_summary {
    int32_t total;        /* current (not absent) claims on the address */
    int32_t open;         /* of which not afgehandeld */
    sl_fase most_advanced_open; /* highest open phase; meaningless when open == 0 */
} sl_claims_summary;

/* The classification of one NCG address. */
typedef struct sl_classification {
    sl_potentieel potentieel;
    sl_groep groep;       /* SL_GROEP_NONE unless potentieel == BEIDE_LOPEND */
    int32_t matrix_version;
} sl_classification;

/*
 * Classifies an address with a trajectory in step `stap`:
 *  no claims -> geen_schademelding; claims all closed -> melding_afgehandeld;
 *  an open claim and an open trajectory -> beide_lopend with the group of
 *  (stap, most advanced open phase); an open claim and a closed trajectory
 *  -> alleen_schade_lopend.
 */
sl_classification sl_classify(sl_stap stap, const sl_claims_summary *claims, const sl_matrix *m);


#endif
