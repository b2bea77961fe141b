/*
 * consent.h - consent (toestemming), the GUO flow of SPEC §3: per address
 * and purpose a request, the consent given (date, channel), possibly its
 * withdrawal, and an assessment (beoordeling) of the request.
 *
 * Each change runs in its own transaction and writes, in that transaction,
 * the consent row, a processing-log record (actie wijziging) and an outbox
 * event ("toestemming.aangevraagd", ".gegeven", ".ingetrokken",
 * ".beoordeeld"). A withdrawal also raises signal rule 9 to both buddies.
 *
 * Who may record what (a resident for their own address, staff from a
 * form) is the caller's check, except that a bewoner actor can only act on
 * an address linked to the account (else NIET_GEVONDEN).
 */
#ifndef SL_SERVICE_CONSENT_H
#define SL_SERVICE_CONSENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/sharing.h"
#include "service/logboek.h"
#include "store/logboek_store.h"
#include "store/store.h"

/* Outcome of a consent change, for the HTTP layer's status codes. */
typedef enum sl_consent_rc {
    SL_TS_OK,            /* 200/201 */
    SL_TS_ONGELDIG,      /* 400/422: a date in the future, an unknown channel, ... */
    SL_TS_NIET_GEVONDEN, /* 404: unknown address (or not the bewoner's) */
    SL_TS_CONFLICT,      /* 409: the state does not allow it, or versie changed meanwhile */
    SL_TS_FOUT,          /* 500: the store failed */
} sl_consent_rc;

/* The channels a consent can be given through: "formulier", "digitaal",
 * "telefonisch", "balie". */
bool sl_kanaal_valid(const char *kanaal);
const char *sl_beoordeling_name(sl_beoordeling b); /* "", "akkoord", "afgewezen" */
bool sl_beoordeling_parse(const char *s, sl_beoordeling *out);

/*
 * The state a row stands for: withdrawn when ingetrokken_op is set; none when
 * refused on assessment or only requested; given when gegeven_op is set.
 */
sl_consent_state sl_consent_state_of_row(const sl_toestemming *t);
/* The consent state of (address, purpose): that of its latest row, none without rows. */
bool sl_consent_lookup(sl_store *st, int64_t address_id, sl_doel doel, sl_consent_state *out);

/*
 * expect_versie: the row's versie the caller saw (0: do not check). `today`
 * bounds the dates given (none may lie after it). On success *out (may be
 * NULL) holds the row as stored. err gets a Dutch reason otherwise.
 */

/* A new request (aangevraagd_op). CONFLICT when one is already running. */
sl_consent_rc sl_consent_request(sl_store *st, const sl_actor *by, int64_t address_id,
                                 sl_doel doel, sl_date aangevraagd_op, sl_date today,
                                 sl_toestemming *out, char *err, size_t errcap);
/* Consent given on gegeven_op through kanaal, on the running request; without
 * one, a request dated gegeven_op is recorded with it (a signed form). */
sl_consent_rc sl_consent_give(sl_store *st, const sl_actor *by, int64_t address_id, sl_doel doel,
                              sl_date gegeven_op, const char *kanaal, int64_t expect_versie,
                              sl_date today, sl_toestemming *out, char *err, size_t errcap);
/* Withdraws a given consent as of ingetrokken_op: the consent basis ends at
 * once, and rule 9 tells the buddies. CONFLICT when no consent is given. */
sl_consent_rc sl_consent_withdraw(sl_store *st, const sl_actor *by, int64_t address_id,
                                  sl_doel doel, sl_date ingetrokken_op, int64_t expect_versie,
                                  sl_date today, sl_toestemming *out, char *err, size_t errcap);
/* The assessment of the running request or consent: akkoord, or afgewezen
 * (the consent does not count; a new request may follow). */
sl_consent_rc sl_consent_assess(sl_store *st, const sl_actor *by, int64_t address_id,
                                sl_doel doel, sl_beoordeling beoordeling, int64_t expect_versie,
                                sl_toestemming *out, char *err, size_t errcap);

/* A row as JSON: id, nummeraanduiding_id, doel, aangevraagd_op, gegeven_op,
 * kanaal, ingetrokken_op, beoordeling, status ("aangevraagd", "gegeven",
 * "ingetrokken", "afgewezen"), vastgelegd_door, versie. */
json_t *sl_consent_json(const sl_toestemming *t);
/* Every consent row of an address as a JSON array (a new reference in *out). */
bool sl_consents_json(sl_store *st, int64_t address_id, json_t **out);

#endif
