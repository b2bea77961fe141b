/*
 * consent.h - consent (toestemming), the GUO flow of SPEC §3: per address
 * and purpose a request, the consent given (date, channel), possibly its
 * withdrawal, and an assessment (beoordeling) of the request.
 *
 * Each change runs in its own transaction and writes, in that transaction,
 * the consent row, a processing-log record (actie wijziging) and an outbox
 * event ("toestemming.aangevraagd", ".gegeven", ".bevestigd", ".ingetrokken",
 * ".beoordeeld"). Withdrawing a consent in effect also raises signal rule 9
 * to both buddies.
 *
 * Consent a staff member records from a signed form names its evidence and
 * takes effect only when a second person of the same body confirms it (four
 * eyes, decision 96); consent the resident gives in Mijn woning takes effect
 * at once; a withdrawal always does. A bewoner actor can only act on an
 * address linked to the account (else NOT_FOUND).
 */
#ifndef SL_SERVICE_CONSENT_H
#define SL_SERVICE_CONSENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/sharing.h"
#include "service/logboek.h"
#include "store/consent_store.h"
#include "service/outcome.h"

/*
 * A consent change's outcome (service/outcome.h): SL_INVALID for a date in the
 * future, an unknown channel, no evidence; SL_FORBIDDEN when the role may not, or
 * for confirming one's own or another body's; SL_NOT_FOUND for an unknown address
 * or consent (or not the bewoner's); SL_CONFLICT when the state does not allow it;
 * SL_STALE when the caller's If-Match is not the row's versie.
 */

/*
 * The channels a consent comes in by: staff record a signed GUO form that came
 * by "post", at the "balie", by "telefoon" (the form filled in during a call)
 * or "digitaal"; "mijn_woning" is the resident giving it themselves.
 */
bool sl_kanaal_valid(const char *kanaal);
/* A channel staff may record (every one but mijn_woning). */
bool sl_kanaal_staff(const char *kanaal);
const char *sl_beoordeling_name(sl_beoordeling b); /* "", "akkoord", "afgewezen" */
bool sl_beoordeling_parse(const char *s, sl_beoordeling *out);

/* Whether the viewer may record, confirm or withdraw consent and read it at
 * all: svip (IMG or NCG), zaakbegeleider (IMG), bewonersbegeleider (NCG), and
 * a bewoner for the addresses linked to the account. */
bool sl_consent_may_record(const sl_viewer *v);

/*
 * The evidence of a consent given (decision 96). Staff name all three: the
 * day the form was signed, the channel it came by, and its reference. A
 * resident in Mijn woning names only the day (kanaal NULL or "mijn_woning",
 * no reference): the account is the evidence.
 */
typedef struct sl_consent_evidence {
    sl_date gegeven_op;
    const char *kanaal;
    const char *formulier_kenmerk;
} sl_consent_evidence;

/* A field of a request that is wrong, and why (Dutch). */
typedef struct sl_consent_problem {
    const char *veld;
    const char *reden;
} sl_consent_problem;

/*
 * The problems of evidence e given by viewer `by` on `today`, at most cap of
 * them into out; returns how many there are (0: fine). The fields are
 * "gegeven_op", "kanaal" and "formulier_kenmerk".
 */
size_t sl_consent_evidence_problems(const sl_viewer *by, const sl_consent_evidence *e,
                                    sl_date today, sl_consent_problem *out, size_t cap);

/*
 * The state a row stands for: withdrawn when ingetrokken_op is set; none when
 * refused on assessment or only requested; given when the resident gave it in
 * Mijn woning or a second person confirmed it; else pending.
 */
sl_consent_state sl_consent_state_of_row(const sl_toestemming *t);
/* The consent state of (address, purpose): that of its latest row, none without rows. */
bool sl_consent_lookup(sl_store *st, int64_t address_id, sl_doel doel, sl_consent_state *out);

/*
 * expect_versie: the row's versie the caller saw (0 or SL_VERSIE_ANY: do not check). `today`
 * bounds the dates given (none may lie after it). On success *out (may be
 * NULL) holds the row as stored. err gets a Dutch reason otherwise.
 */

/* A new request (aangevraagd_op). CONFLICT when one is already running. */
sl_outcome sl_consent_request(sl_store *st, const sl_actor *by, int64_t address_id,
                              sl_doel doel, sl_date aangevraagd_op, sl_date today,
                              sl_toestemming *out, char *err, size_t errcap);
/*
 * Consent given, with its evidence, on the running request; without one, a
 * request dated gegeven_op is recorded with it. Given by a bewoner (Mijn
 * woning) it takes effect at once; recorded by staff it waits for a second
 * person of the recording body (sl_consent_confirm) and opens nothing until then.
 */
sl_outcome sl_consent_give(sl_store *st, const sl_actor *by, int64_t address_id, sl_doel doel,
                           const sl_consent_evidence *ev, int64_t expect_versie,
                           sl_date today, sl_toestemming *out, char *err, size_t errcap);
/*
 * The second person confirms consent `id` that staff recorded (four eyes):
 * another account of the recording body. `now` is UNIX seconds (bevestigd_op).
 * formulier_kenmerk: NULL, or the form's reference when the row has none yet
 * (a consent recorded before references were asked; then it is required).
 * Order of checks: NOT_FOUND (unknown, or not the bewoner's address),
 * STALE (expect_versie), then FORBIDDEN or CONFLICT.
 */
sl_outcome sl_consent_confirm(sl_store *st, const sl_actor *by, int64_t id,
                              const char *formulier_kenmerk, int64_t expect_versie,
                              int64_t now, sl_toestemming *out, char *err, size_t errcap);
/* Withdraws a given (or pending) consent as of ingetrokken_op: the consent
 * basis ends at once, and rule 9 tells the buddies when it was in effect.
 * CONFLICT when no consent is given. */
sl_outcome sl_consent_withdraw(sl_store *st, const sl_actor *by, int64_t address_id,
                               sl_doel doel, sl_date ingetrokken_op, int64_t expect_versie,
                               sl_date today, sl_toestemming *out, char *err, size_t errcap);
/* The same for consent `id`, checked as sl_consent_confirm is: NOT_FOUND
 * first, then STALE, then CONFLICT (not the running consent, nothing given). */
sl_outcome sl_consent_withdraw_id(sl_store *st, const sl_actor *by, int64_t id,
                                  sl_date ingetrokken_op, int64_t expect_versie,
                                  sl_date today, sl_toestemming *out, char *err,
                                  size_t errcap);
/* The assessment of the running request or consent: akkoord, or afgewezen
 * (the consent does not count; a new request may follow). */
sl_outcome sl_consent_assess(sl_store *st, const sl_actor *by, int64_t address_id,
                             sl_doel doel, sl_beoordeling beoordeling, int64_t expect_versie,
                             sl_toestemming *out, char *err, size_t errcap);

/* A row as JSON: id, nummeraanduiding_id, doel, aangevraagd_op, gegeven_op,
 * kanaal, formulier_kenmerk, ingetrokken_op, ingetrokken_door, beoordeling,
 * status ("aangevraagd", "wacht_op_bevestiging", "gegeven", "ingetrokken",
 * "afgewezen"), vastgelegd_door, vastgelegd_org, bevestigd_door, bevestigd_op,
 * versie; null for what is not (yet) there. */
json_t *sl_consent_json(const sl_toestemming *t);
/* Every consent row of an address as a JSON array (a new reference in *out). */
bool sl_consents_json(sl_store *st, int64_t address_id, json_t **out);
/* The same for viewer v: FORBIDDEN when the role may not read consent,
 * NOT_FOUND for a bewoner's address not linked to the account, FOUT. */
sl_outcome sl_consents_list_json(sl_store *st, const sl_viewer *v, int64_t address_id,
                                 json_t **out);

#endif
