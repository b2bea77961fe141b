/*
 * record_update.h - one claim or trajectory changed by a person or a source
 * system through the API, exactly as a delivery row would change it, and the
 * contractor's damage report during construction (SPEC §4.3 rule 7).
 *
 * sl_record_update is the one way a single record changes outside a
 * delivery. In one transaction it does what a changed delivery row does:
 * touches the address for the signal run, writes the record (only while its
 * versie is the one the caller saw), writes a statushistorie row when the
 * status (fase / stap) changes, refreshes the address's classification,
 * finishes the signal run (so rules 1-6 fire as they would for a delivery),
 * and adds a processing-log record (actie "wijziging") and an outbox event
 * (schade.gewijzigd / traject.gewijzigd). A failure anywhere leaves nothing.
 *
 * Who may change what (sl_record_may_change): the body that owns the record
 * — IMG for claims, NCG for trajectories — through its staff (zaakbegeleider
 * for IMG, bewonersbegeleider for NCG, the body's svip) and its source system
 * (a datasteward account of that body). Nobody else.
 */
#ifndef SL_SERVICE_RECORD_UPDATE_H
#define SL_SERVICE_RECORD_UPDATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/delivery.h"
#include "service/logboek.h"
#include "store/records_store.h"
#include "service/outcome.h"

/* Which fields a change sets. */
enum {
    SL_SET_FASE = 1u << 0,
    SL_SET_FASE_SINDS = 1u << 1,
    SL_SET_URGENT = 1u << 2,
    SL_SET_ZAAKBEGELEIDER = 1u << 3,
    SL_SET_STAP = 1u << 4,
    SL_SET_STAP_SINDS = 1u << 5,
    SL_SET_BIJZONDERE_SITUATIE = 1u << 6,
    SL_SET_BEWONERSBEGELEIDER = 1u << 7,
    SL_SET_AANNEMERSOVEREENKOMST = 1u << 8,
};
#define SL_SET_CLAIM_FIELDS                                                                    \
    (SL_SET_FASE | SL_SET_FASE_SINDS | SL_SET_URGENT | SL_SET_ZAAKBEGELEIDER)
#define SL_SET_TRAJECTORY_FIELDS                                                               \
    (SL_SET_STAP | SL_SET_STAP_SINDS | SL_SET_BIJZONDERE_SITUATIE | SL_SET_BEWONERSBEGELEIDER | \
     SL_SET_AANNEMERSOVEREENKOMST)

/* One change to one record. Strings are borrowed. */
typedef struct sl_record_change {
    sl_kind kind;                 /* SL_KIND_IMG: a claim; SL_KIND_NCG: a trajectory */
    const char *id;               /* img_id / ncg_id */
    int64_t expect_versie;        /* the versie the caller saw (If-Match), or SL_VERSIE_ANY */
    unsigned set;                 /* SL_SET_* of the fields below that change */
    /* claim */
    sl_fase fase;
    sl_date fase_sinds;           /* a date; defaults to today when fase changes without it */
    sl_flag urgent;               /* SL_FLAG_UNKNOWN clears */
    const char *zaakbegeleider;   /* "" clears */
    /* trajectory */
    sl_stap stap;
    sl_date stap_sinds;           /* a date; defaults to today when stap changes without it */
    sl_flag bijzondere_situatie;
    const char *bewonersbegeleider;
    sl_date aannemersovereenkomst; /* SL_DATE_NONE clears */
} sl_record_change;


/* What a successful update left: the record as stored (the kind's member). */
typedef struct sl_record_result {
    sl_claim_record claim;
    sl_trajectory_record traject;
    bool changed;         /* false: every value was already so; nothing was written */
    int64_t raised;       /* signals raised */
} sl_record_result;

/* Whether the viewer may change records of this kind (see the top of this file). */
bool sl_record_may_change(const sl_viewer *v, sl_kind kind);

/*
 * Applies ch on behalf of by, dated today (signals, the fase_sinds/stap_sinds
 * default; dates after today are refused). See the top of this file. out may
 * be NULL; err gets a Dutch reason for everything but SL_OK: SL_INVALID (a value
 * is wrong), SL_FORBIDDEN (the actor's body does not own the record),
 * SL_NOT_FOUND, SL_STALE (the versie moved on: reload and try again),
 * SL_CONFLICT (the record's state does not allow it: absent; rule 7 outside
 * 5.2), SL_ERROR (the store failed).
 */
sl_outcome sl_record_update(sl_store *st, const sl_actor *by, const sl_record_change *ch,
                            sl_date today, sl_record_result *out, char *err, size_t errcap);

/*
 * Rule 7: NCG staff (bewonersbegeleider, NCG svip) record that the contractor
 * found damage during construction. Only while the trajectory is in step 5.2
 * (SL_CONFLICT otherwise). In one transaction: the report row, a
 * processing-log record, the signal run with the contractor event (rule 7 to
 * IMG's SVIP desk and the lead claim's zaakbegeleider, unless one is still
 * unfinished for the address), and an outbox event (without the free text).
 * omschrijving: 1 to 2000
 * characters of UTF-8; gemeld_op not after today.
 */
sl_outcome sl_contractor_damage_report(sl_store *st, const sl_actor *by, const char *ncg_id,
                                       const char *omschrijving, sl_date gemeld_op,
                                       sl_date today, sl_contractor_damage *out,
                                       int64_t *raised, char *err, size_t errcap);

/* The records as JSON (the dossier's field names, plus nummeraanduiding_id, versie, afwezig). */
json_t *sl_claim_record_json(const sl_claim_record *r);
json_t *sl_trajectory_record_json(const sl_trajectory_record *r);
json_t *sl_contractor_damage_json(const sl_contractor_damage *d);

#endif
