/*
 * delivery.h - the periodic delivery files of SPEC §5: which kind a file is
 * (from its header), where each known column is, and turning one row of
 * fields into a validated record or a reject with column and reason.
 *
 * Tokenising CSV is not done here (the import service uses libcsv); this
 * module sees fields as (pointer, length) pairs, so it is pure and fuzzable.
 */
#ifndef SL_CORE_DELIVERY_H
#define SL_CORE_DELIVERY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/records.h"

typedef enum sl_kind { SL_KIND_UNKNOWN, SL_KIND_BAG, SL_KIND_NCG, SL_KIND_IMG } sl_kind;

/* "bag_adressen", "ncg_trajecten", "img_schades"; "onbekend" for UNKNOWN. */
const char *sl_kind_name(sl_kind k);

/* Every column any delivery kind knows (SPEC §5). */
typedef enum sl_col {
    SL_COL_NUMMERAANDUIDING_ID, SL_COL_VERBLIJFSOBJECT_ID, SL_COL_PAND_ID, SL_COL_STRAAT,
    SL_COL_HUISNUMMER, SL_COL_HUISLETTER, SL_COL_TOEVOEGING, SL_COL_POSTCODE,
    SL_COL_WOONPLAATS, SL_COL_GEMEENTECODE, SL_COL_X, SL_COL_Y, SL_COL_BOUWJAAR, SL_COL_KERN,
    SL_COL_NCG_ID, SL_COL_STAP, SL_COL_STAP_SINDS, SL_COL_RISICOPROFIEL, SL_COL_BATCH,
    SL_COL_PROGRAMMA, SL_COL_BIJZONDERE_SITUATIE, SL_COL_KEUZE_BEWONER,
    SL_COL_BEWONERSBEGELEIDER, SL_COL_AANNEMERSOVEREENKOMST,
    SL_COL_IMG_ID, SL_COL_REGELING, SL_COL_FASE, SL_COL_FASE_SINDS, SL_COL_ONTVANGEN_OP,
    SL_COL_URGENT, SL_COL_AOS, SL_COL_AOS_GEGROND, SL_COL_ZAAKBEGELEIDER,
    SL_COL_BESLUIT_BEDRAG,
    SL_COL_COUNT
} sl_col;

const char *sl_col_name(sl_col c); /* the canonical header name */

typedef struct sl_field {
    const char *s; /* not necessarily NUL-terminated; may be NULL when len == 0 */
    size_t len;
} sl_field;

#define SL_HEADER_MAX_FIELDS 64

/* A parsed header row. */
typedef struct sl_header {
    sl_kind kind;
    size_t nfields;              /* fields in the header row */
    int col[SL_COL_COUNT];       /* field index of each column of this kind, -1 if missing */
    size_t n_unknown;            /* header fields that are not columns of this kind */
    int unknown[SL_HEADER_MAX_FIELDS]; /* their field indexes, in order */
} sl_header;

/*
 * Reads a header row. Names are compared after trimming, lower-casing and
 * turning spaces and '-' into '_'; a UTF-8 BOM on the first name is ignored.
 * The kind is recognised from its identifying column (img_id, ncg_id, or
 * nummeraanduiding_id together with gemeentecode for addresses). Fails, with
 * a Dutch message in err, when the kind cannot be recognised, a required
 * column is missing, a column appears twice, or there are more than
 * SL_HEADER_MAX_FIELDS fields. Unknown columns are listed, not fatal.
 *
 * Required: bag_adressen: nummeraanduiding_id, postcode, huisnummer,
 * gemeentecode; ncg_trajecten: ncg_id, stap, and either nummeraanduiding_id
 * or postcode + huisnummer; img_schades: img_id, fase, and the same address
 * columns.
 */
bool sl_header_parse(const sl_field *names, size_t n, sl_header *h, char *err, size_t errcap);

/* Why a row was rejected. */
typedef struct sl_row_error {
    int field;             /* field index of the offending column; -1 for the whole row */
    sl_col col;            /* the offending column when field >= 0 */
    char reason[160];      /* Dutch, names the problem and, where short, the value */
    char record_id[SL_ID_CAP]; /* the row's img_id / ncg_id / nummeraanduiding id
                              when that field itself was valid, else "" */
} sl_row_error;

/*
 * Turns one data row into a record. The row must have exactly h->nfields
 * fields. Returns false with *err filled on the first problem found, scanning
 * columns in header order. Optional columns that are missing or empty get
 * their "unknown" value. For trajectories and claims, the address reference
 * is filled from nummeraanduiding_id and/or postcode + house number; a row
 * with neither usable is rejected.
 */
bool sl_row_address(const sl_header *h, const sl_field *f, size_t n, sl_address *out,
                    sl_row_error *err);
bool sl_row_trajectory(const sl_header *h, const sl_field *f, size_t n, sl_trajectory *out,
                       sl_row_error *err);
bool sl_row_claim(const sl_header *h, const sl_field *f, size_t n, sl_claim *out,
                  sl_row_error *err);

#endif
