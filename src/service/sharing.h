/*
 * sharing.h - the lawful-sharing decision against the register: gathers the
 * facts of one address (municipality, open trajectory, undecided claim,
 * consent for the purpose), asks the core (core/sharing.h) and writes the
 * processing-log records the decision requires.
 *
 * Callers do not use this directly to show data: the disclosure gate
 * (service/disclosure.h) decides through it and returns the log records.
 */
#ifndef SL_SERVICE_SHARING_H
#define SL_SERVICE_SHARING_H

#include <stdbool.h>
#include <stdint.h>

#include "core/sharing.h"
#include "service/logboek.h"
#include "store/address_view_store.h"
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
#define SL_RULE_ESCALATIE 14 /* an escalation case is open (decision 190) */
bool sl_sharing_assigned(sl_store *st, const sl_viewer *v, int64_t address_id, bool *assigned);
/* The same from an address view already read (store/address_view_store.h). */
bool sl_sharing_assigned_in(const sl_viewer *v, const sl_address_view *av);

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

#endif
