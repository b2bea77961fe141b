/*
 * sharing.h - the lawful-sharing decision against the register: gathers the
 * facts of one address (municipality, open trajectory, undecided claim,
 * consent for the purpose), asks the core (core/sharing.h) and writes the
 * processing-log records the decision requires.
 *
 * The HTTP layer calls sl_sharing_access once per dossier request and then
 * shows each part only as the decision allows (field by field:
 * sl_share_field_category against the part's categories).
 */
#ifndef SL_SERVICE_SHARING_H
#define SL_SERVICE_SHARING_H

#include <stdbool.h>
#include <stdint.h>

#include "core/sharing.h"
#include "service/logboek.h"
#include "store/store.h"

/* The facts the decision needs; *found false for an address not in the register. */
bool sl_sharing_subject(sl_store *st, int64_t address_id, sl_share_subject *out,
                        char gemeentecode[SL_GEMEENTE_CAP], bool *found);

/*
 * Whether the dossier at address_id is assigned to the viewer
 * (sl_share_subject.assigned): for a coordinator, the combination dossier
 * names the viewer's account as its coordinator; for the interventieteam, the
 * address has an unfinished rule-8 (stuck dossier) signal, its escalation
 * until the deadlines issue adds escalations of its own. False for every
 * other role (they do not need it).
 */
#define SL_RULE_STIL 8
bool sl_sharing_assigned(sl_store *st, const sl_viewer *v, int64_t address_id, bool *assigned);

/*
 * Decides, without logging (read-only; no transaction needed). *found is
 * false for an unknown address; out->not_found is true when the viewer may
 * not know the address exists. Either way the caller answers 404.
 */
bool sl_sharing_decide(sl_store *st, const sl_sharing_config *cfg, const sl_viewer *v,
                       sl_doel doel, int64_t address_id, sl_date today, sl_share_decision *out,
                       bool *found);

/* Whether a claim is undecided in the sense of SPEC §4.4 (current, in
 * voorbereiding, opname or zienswijze): half of the statutory test. */
bool sl_sharing_claim_undecided(const sl_claim *c, bool absent);

/*
 * The processing-log records a decision requires (what sl_sharing_log
 * writes), into out[]; returns how many (0 when d->log is false). The
 * entries borrow `by` and cats[], which must outlive them.
 */
size_t sl_sharing_log_entries(const sl_actor *by, sl_doel doel, int64_t address_id,
                              const sl_share_decision *d, sl_log_entry out[SL_DEEL_COUNT],
                              char cats[SL_DEEL_COUNT][SL_LOG_CATS_CAP]);

/*
 * Writes the processing-log records of a decision inside the caller's
 * transaction: when d->log, one record (actie "inzage") per part shown across
 * the boundary (any basis but eigen_organisatie; a svip's own part too), with
 * that part's basis and categories ("traject:id,status,datums,contact").
 * Writes nothing when d->log is false.
 */
bool sl_sharing_log(sl_store *st, const sl_actor *by, sl_doel doel, int64_t address_id,
                    const sl_share_decision *d);

/*
 * sl_sharing_decide and sl_sharing_log in one transaction: what a request for
 * a dossier calls. The decision is made with by->viewer.
 */
bool sl_sharing_access(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by,
                       sl_doel doel, int64_t address_id, sl_date today, sl_share_decision *out,
                       bool *found);

#endif
