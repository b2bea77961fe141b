/*
 * verzoeken.h - SVIP information requests (SPEC §2, §3 Verzoek): a desk or a
 * case worker of one body (IMG or NCG) asks the SVIP desk of the other body
 * about an address, and that desk answers.
 *
 * Who (docs/decisions.md):
 *  - registers: svip of either body, for any address in the register; a
 *    zaakbegeleider (IMG) for an address with a current IMG claim, a
 *    bewonersbegeleider (NCG) for an address with a current NCG trajectory
 *    (their own organisation's cases). The purpose must be one the role works
 *    for (sl_doel_fits_role). Everyone else: GEEN_TOEGANG.
 *  - reads: svip of either body every request; a case worker the requests
 *    of their own body. Everyone else nothing (bewoner, management, ...).
 *  - answers: svip of the body other than the requesting one (the desk of
 *    the body that holds the data). Once: a second answer is CONFLICT.
 *
 * Legal basis: at registration the sharing rules decide what the requester
 * may see of the other body's part of the address for the request's purpose
 * (service/sharing.h); that part's basis (wettelijke_taak_samenloop or
 * toestemming, consent in effect only) is the request's grondslag. Without
 * one the request is refused (GEEN_GRONDSLAG, decision 98): nothing is
 * stored, and the reason says how to get one (the resident's consent for the
 * purpose). The answer decides again (consent may have been withdrawn
 * meanwhile): without a basis then, the answer is refused too and the request
 * stays open. Requests stored before (grondslag GEEN) keep it.
 *
 * Each registration and answer is one transaction holding the row, a
 * processing-log record (actie "wijziging", the grondslag as decided or
 * "geen", categories "verzoek") and an outbox event ("verzoek.ingediend",
 * "verzoek.beantwoord") without the free texts.
 *
 * Reading (decision 104): an answer carries the answering desk's part of the
 * address. A reader of the requesting body sees it only when the disclosure
 * gate (service/disclosure.h) shows that part to them today, for the
 * request's purpose; then the look is a processing-log record (actie
 * "inzage", the part and the purpose's categories) written before the answer
 * is shown. Otherwise "antwoord" is null and "weerhouden" says why (consent
 * withdrawn, waiting for a second person, no basis for the purpose).
 */
#ifndef SL_SERVICE_VERZOEKEN_H
#define SL_SERVICE_VERZOEKEN_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/sharing.h"
#include "service/logboek.h"
#include "service/outcome.h"
#include "store/verzoeken_store.h"

/* Whether the viewer's role may register requests at all (svip, zaakbegeleider,
 * bewonersbegeleider with a fitting org); the case check comes on registration. */
bool sl_verzoek_may_register(const sl_viewer *v);
/* Whether the viewer may read request v. */
bool sl_verzoek_may_read(const sl_viewer *v, const sl_verzoek *vz);
/* Whether the viewer may read requests at all (list, counts). */
bool sl_verzoeken_may_list(const sl_viewer *v);
/* Whether the viewer may see the counts: those who may list, and management
 * (an aggregate of all requests, small counts suppressed). */
bool sl_verzoeken_may_count(const sl_viewer *v);
/* Whether the viewer may answer request v (svip of the other body). */
bool sl_verzoek_may_answer(const sl_viewer *v, const sl_verzoek *vz);

/*
 * Registers a request by `by` about address_id. `now` is UNIX seconds (the
 * time stamps), today its day (the statutory date). On success *out (may be
 * NULL) holds the row as stored. err gets a Dutch reason otherwise.
 */
sl_outcome sl_verzoek_register(sl_store *st, const sl_sharing_config *cfg,
                                  const sl_actor *by, int64_t address_id, sl_verzoek_type type,
                                  sl_doel doel, const char *vraag, int64_t now, sl_verzoek *out,
                                  char *err, size_t errcap);
/*
 * Answers request id. expect_versie: the versie the caller saw (0: do not
 * check); a different one is GEWIJZIGD, checked before CONFLICT.
 */
sl_outcome sl_verzoek_answer(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by,
                                int64_t id, const char *antwoord, int64_t expect_versie,
                                int64_t now, sl_verzoek *out, char *err, size_t errcap);
/* The stored request id when the viewer may read it (NIET_GEVONDEN when absent or not
 * theirs): for access checks; what a reader is shown comes from sl_verzoek_read. */
sl_outcome sl_verzoek_get(sl_store *st, const sl_viewer *v, int64_t id, sl_verzoek *out);
/*
 * Request id as `by` may see it today (*out a new reference, *versie its versie):
 * its answer cut by the disclosure gate and the look logged (see above).
 */
sl_outcome sl_verzoek_read(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by,
                              int64_t id, sl_date today, json_t **out, int64_t *versie);

/* A request as JSON: id, org, aanvrager, aanvrager_rol, nummeraanduiding_id,
 * type, doel, grondslag (null when none), vraag, antwoord, beantwoord_door,
 * ingediend_op, beantwoord_op (null while open), status, versie. */
json_t *sl_verzoek_json(const sl_verzoek *v);
/*
 * Page `page` (from 1) of per_page of the requests f selects that `by` may read, oldest
 * first (*items a new reference; *total all they may read), each answer cut as
 * sl_verzoek_read does; the page's looks are logged in one transaction, once per
 * address, purpose and part.
 */
bool sl_verzoeken_page_json(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by,
                            const sl_verzoek_filter *f, sl_date today, long page, long per_page,
                            json_t **items, size_t *total);
/*
 * Counts of the requests the viewer may read: {"per_type": [{"type", "open",
 * "beantwoord", "totaal"}, ...] in SPEC §6's order (statusuitwisseling,
 * medewerkers_koppelen, versnelling, anders), "per_status": {"open",
 * "beantwoord"}, "totaal"}. Management sees the counts of all requests as an
 * aggregate: counts below cfg->min_aantal, and what would give them back
 * through the totals, are hidden in the shape of service/suppression.h, with
 * "onderdrukkingsgrens" and "aantal_onderdrukt" beside them.
 */
bool sl_verzoeken_tellingen_json(sl_store *st, const sl_sharing_config *cfg, const sl_viewer *v,
                                 json_t **out);

#endif
