/*
 * disclosure.h - the disclosure gate: the one place that decides what of one
 * address's data crosses from one body to a person of the other (SPEC §4.4;
 * docs/architecture.md "Lawful sharing").
 *
 * A caller says who looks (the actor), at which address, for which purpose
 * and which categories of each part it wants to show; the gate gathers the
 * facts (municipality, open trajectory, undecided claim, consent for the
 * purpose, whether the dossier is assigned to a coordinator or escalated to
 * the interventieteam), asks the pure decision (core/sharing.h), and answers
 * what may be shown per part, what is withheld and why, and the
 * processing-log records to write for what is shown across the boundary
 * (one per part, naming the address, basis and the categories shown).
 *
 * Dossiers, single records, combination dossiers and signals go through it;
 * later features (deadlines, planning, outreach, events to subscribers) call
 * the same function with their own `want`.
 */
#ifndef SL_SERVICE_DISCLOSURE_H
#define SL_SERVICE_DISCLOSURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/disclosure.h"
#include "core/sharing.h"
#include "service/logboek.h"
#include "store/log_store.h"

typedef struct sl_disclosure {
    bool found;                       /* the address is in the register */
    bool not_found;                   /* the viewer may not know it exists: answer 404 */
    sl_share_decision dec;            /* the decision itself: bases and reasons */
    unsigned shown[SL_DEEL_COUNT];    /* categories that may be shown: want & allowed */
    /* The records to write before anything is shown (entries borrow the actor
     * and cats[]: do not copy the struct while they are used). */
    size_t n_log;
    sl_log_entry log[SL_DEEL_COUNT];
    char cats[SL_DEEL_COUNT][SL_LOG_CATS_CAP];
} sl_disclosure;

/*
 * Decides for `by` what of address_id may be shown for `doel`, of the
 * categories `want` (per part; NULL: all of both). Read-only; the records in
 * out->log are not written (sl_disclosure_write, or the server's log writer).
 * Returns false on a store error only.
 */
bool sl_disclose(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by, sl_doel doel,
                 int64_t address_id, const unsigned want[SL_DEEL_COUNT], sl_date today,
                 sl_disclosure *out);

/*
 * The log records of a decision for the categories actually shown across the
 * boundary (`shown` per part; a svip's own part too, as every svip look is
 * logged). The entries borrow `by` and cats[].
 */
size_t sl_disclosure_entries(const sl_actor *by, sl_doel doel, int64_t address_id,
                             const sl_share_decision *d, const unsigned shown[SL_DEEL_COUNT],
                             sl_log_entry out[SL_DEEL_COUNT],
                             char cats[SL_DEEL_COUNT][SL_LOG_CATS_CAP]);

/* Writes out->log in one transaction of its own (nothing when n_log is 0). */
bool sl_disclosure_write(sl_store *st, const sl_disclosure *d);

#endif
