/*
 * signals.h - raising signals when the register changes (SPEC §4.3), their
 * lifecycle, the stuck-dossier sweep, and keeping combination dossiers and
 * their buddy pair current. Everything here writes inside the caller's
 * transaction, together with the change that caused it, and every signal and
 * dossier change is also written to the outbox.
 */
#ifndef SL_SERVICE_SIGNALS_H
#define SL_SERVICE_SIGNALS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/signal.h"
#include "service/logboek.h"
#include "store/store.h"

/*
 * A signal run follows one write transaction. Before the data of an address
 * changes, the writer touches it (the first touch records the address as it
 * was); after all changes and the classification refresh, finish compares
 * each touched address before and after, raises what the active rules say
 * (skipping a rule that already has an unfinished signal for that address),
 * and updates the combination dossier. Ownership: the run is the caller's and
 * is freed with sl_signal_run_free; it borrows the store.
 */
typedef struct sl_signal_run sl_signal_run;

/* delivery_id 0 when a person makes the change (by names them). NULL when out of memory. */
sl_signal_run *sl_signal_run_new(sl_store *st, int64_t delivery_id, const char *by);
bool sl_signal_run_touch(sl_signal_run *r, int64_t address_id);
/* A claim that did not exist before was added to this address. */
bool sl_signal_run_new_claim(sl_signal_run *r, int64_t address_id);
/* The resident withdrew a consent for this address (rule 9; service/consent.c). */
bool sl_signal_run_consent_withdrawn(sl_signal_run *r, int64_t address_id);
/* The contractor reported damage found during construction (rule 7; service/record_update.c). */
bool sl_signal_run_contractor_damage(sl_signal_run *r, int64_t address_id);
/* A plan's joint inspection of this address was confirmed (rule 10; service/opnames.c). */
bool sl_signal_run_joint_inspection(sl_signal_run *r, int64_t address_id);
/*
 * Deferred "before" (decision 242): with on, a first touch does not read the
 * address at once; sl_signal_run_settle reads every address touched since in
 * a few statements, and the caller must settle before a change to a touched
 * address reaches the store (an importer whose store holds writes back:
 * store/records_store.h, sl_store_bulk_begin_held). finish settles first.
 */
void sl_signal_run_defer(sl_signal_run *r, bool on);
bool sl_signal_run_settle(sl_signal_run *r);
/* Raises signals dated `today`; *raised counts them. */
bool sl_signal_run_finish(sl_signal_run *r, sl_date today, int64_t *raised);
void sl_signal_run_free(sl_signal_run *r);

/*
 * For a first load (the baseline, which raises no signals): creates or
 * updates the combination dossier of every address that is one, from the
 * register as it now is. No outbox events: nothing changed for anyone.
 */
bool sl_dossiers_baseline(sl_store *st);

/*
 * Closes every unfinished signal of the address whose rule's condition no
 * longer holds on `now` (core: sl_signal_rule_holds): afgerond by "samenloop"
 * with the reason, a processing-log record and an outbox event each, inside
 * the caller's transaction. A signal of a rule no longer in `rules` is left
 * as it is. *closed (may be NULL) is increased by how many were closed.
 */
bool sl_signals_close_lapsed(sl_store *st, const sl_ruleset *rules, int64_t address_id,
                             const sl_dossier_view *now, int64_t *closed);
/* The same with the active rules and the address as the store has it now. */
bool sl_signals_close_lapsed_now(sl_store *st, int64_t address_id);

/*
 * Signals a sweep raises on its own facts (issue 13: the term signals, rules
 * 11-13, and an escalation, rule 14), one unfinished per rule, variant and
 * address (the variant says which: the term kind, the body, the cause).
 * sl_signal_rule_for: the active rule of a trigger, NULL when the rule set has
 * none (switched off). sl_signal_raise_keyed writes one signal of `rule` with
 * `variant`, to the addressees `aan` (SL_AAN_* bits, the persons from the
 * address's dossier facts), due on `vervalt_op`, with its outbox event; it does
 * not look for an unfinished one first: that is the caller's. *raised counts.
 * sl_signal_close_lapsed sets an unfinished signal to afgerond by "samenloop"
 * with the reason, logged and announced (decision 164), in the caller's
 * transaction.
 */
const sl_signal_rule *sl_signal_rule_for(const sl_ruleset *rules, sl_trigger t);
bool sl_signal_raise_keyed(sl_store *st, const sl_signal_rule *rule, int32_t version,
                           int64_t address_id, const char *variant, unsigned aan,
                           sl_date vervalt_op, int64_t *raised);
bool sl_signal_close_lapsed(sl_store *st, sl_signal *s, const char *reason);

/*
 * A coordinator assigned to a dossier after its signals were raised
 * (decision 216): adds `coordinator` as addressee to the address's open and
 * acknowledged signals whose rule (the active version) addresses the
 * coordinator and which do not name them yet, each logged on behalf of `by`.
 * Inside the caller's transaction; "" does nothing. *added may be NULL.
 */
bool sl_signals_address_coordinator(sl_store *st, int64_t address_id, const char *coordinator,
                                    const sl_actor *by, int64_t *added);

/*
 * Moves signal `id` to `to` (bevestigd, afgerond, afgewezen) on behalf of
 * `by`; afgewezen needs a reason. In its own transaction, with an outbox
 * event and a processing-log record (the signal, its rule, from and to). On failure err says why in Dutch (unknown signal, not allowed from
 * its current state, missing reason) and *not_found tells the first apart.
 */
bool sl_signal_transition(sl_store *st, int64_t id, sl_signal_status to, const sl_actor *by,
                          const char *reason, bool *not_found, char *err, size_t errcap);

/*
 * Rule 8: raises a signal for every combination dossier where both processes
 * are open and neither changed status for the rule's period before `today`.
 * Safe to run as often as wanted: an unfinished signal is not raised again.
 * Runs in its own transaction.
 */
bool sl_signals_sweep(sl_store *st, sl_date today, int64_t *raised);

#endif
