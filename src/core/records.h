/*
 * records.h - the register's records as the domain sees them: an address,
 * an NCG trajectory and an IMG claim, each with fixed-size fields so that a
 * delivery row can be parsed without touching the heap.
 *
 * Text capacities are limits of the register: a longer value is refused with
 * a clear reason rather than truncated.
 */
#ifndef SL_CORE_RECORDS_H
#define SL_CORE_RECORDS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/address.h"
#include "core/date.h"
#include "core/vocab.h"

#define SL_ID_CAP 33     /* source ids (ncg_id, img_id): up to 32 bytes */
#define SL_NAME_CAP 81   /* person names, street, woonplaats: up to 80 bytes */
#define SL_BATCH_CAP 33
#define SL_GEMEENTE_CAP 5 /* 4 digits */

/* An expected versie that matches whichever is current (HTTP If-Match: *). */
#define SL_VERSIE_ANY ((int64_t)-1)

/* A tri-state flag: unknown, no, yes (deliveries leave many flags empty). */
typedef enum sl_flag { SL_FLAG_UNKNOWN = -1, SL_FLAG_NEE = 0, SL_FLAG_JA = 1 } sl_flag;

/*
 * How a trajectory or claim row points at its address: by nummeraanduiding id
 * (0 when the row has none) and/or by the normalised postcode + house number
 * key (has_key false when the row has no usable postcode/number).
 */
typedef struct sl_addr_ref {
    int64_t nummeraanduiding_id;
    bool has_key;
    char key[SL_ADDRKEY_CAP];
} sl_addr_ref;

typedef struct sl_address {
    int64_t nummeraanduiding_id;    /* required, type 20 */
    int64_t verblijfsobject_id;     /* 0 when not delivered */
    int64_t pand_id;                /* 0 when not delivered */
    char straat[SL_NAME_CAP];
    sl_housenr nr;
    char postcode[SL_POSTCODE_CAP];
    char woonplaats[SL_NAME_CAP];
    char gemeentecode[SL_GEMEENTE_CAP]; /* the delivered code, e.g. "0014" */
    bool has_xy;                    /* RD coordinates (EPSG:28992) delivered */
    double x, y;
    int32_t bouwjaar;               /* 0 when unknown */
    sl_flag kern;                   /* "kern van het gebied" */
    char key[SL_ADDRKEY_CAP];       /* match key, see sl_address_key */
} sl_address;

typedef struct sl_trajectory {
    char ncg_id[SL_ID_CAP];
    sl_addr_ref adres;
    sl_stap stap;
    sl_date stap_sinds;             /* SL_DATE_NONE when not delivered */
    sl_risico risicoprofiel;
    char batch[SL_BATCH_CAP];       /* "1467", "typologie", ... or "" */
    sl_programma programma;
    sl_flag bijzondere_situatie;
    sl_keuze keuze_bewoner;
    char bewonersbegeleider[SL_NAME_CAP];
    sl_date aannemersovereenkomst;  /* SL_DATE_NONE when none */
} sl_trajectory;

typedef struct sl_claim {
    char img_id[SL_ID_CAP];
    sl_addr_ref adres;
    sl_regeling regeling;
    sl_fase fase;
    sl_date fase_sinds;
    sl_date ontvangen_op;
    sl_flag urgent;
    sl_flag aos;
    sl_flag aos_gegrond;
    char zaakbegeleider[SL_NAME_CAP];
    bool has_bedrag;
    int64_t besluit_bedrag;         /* cents */
} sl_claim;

#endif
