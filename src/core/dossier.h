/*
 * dossier.h - the combination dossier's coordination vocabulary: the six
 * elements a resident may ask for under the coordination AMvB (Besluit of
 * 9 June 2023, SPEC §4.6) and their state.
 */
#ifndef SL_CORE_DOSSIER_H
#define SL_CORE_DOSSIER_H

#include <stdbool.h>
#include <stddef.h>

typedef enum sl_element {
    SL_ELEMENT_BEZOEKADRES,                /* one visiting address */
    SL_ELEMENT_GECOORDINEERDE_AFHANDELING, /* coordinated handling */
    SL_ELEMENT_COORDINATOR,                /* one coordinator */
    SL_ELEMENT_INFORMATIEDOCUMENT,         /* one information document */
    SL_ELEMENT_TOTAALOPNAME,               /* one total inspection */
    SL_ELEMENT_HERSTEL_MET_VERSTERKING,    /* repair together with strengthening */
    SL_ELEMENT_COUNT
} sl_element;

typedef enum sl_element_status {
    SL_ELEMENT_GEVRAAGD,  /* requested by the resident */
    SL_ELEMENT_GEREGELD,  /* arranged */
    SL_ELEMENT_AFGEWEZEN, /* declined (by the resident, or not possible) */
    SL_ELEMENT_STATUS_COUNT
} sl_element_status;

const char *sl_element_name(sl_element e);          /* "bezoekadres", ... */
bool sl_element_parse(const char *s, size_t len, sl_element *out);
const char *sl_element_status_name(sl_element_status s); /* "gevraagd", ... */
bool sl_element_status_parse(const char *s, size_t len, sl_element_status *out);

#endif
