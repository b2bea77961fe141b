/*
 * sharing.c - the lawful-sharing decision against the register, and its
 * processing-log records (see sharing.h).
 */
#include "service/sharing.h"
#include "store/dossiers_store.h"
#include "store/records_store.h"
#include "store/signals_store.h"

#include <stdio.h>
#include <string.h>

#include "service/consent.h"

typedef struct claims_ctx {
    bool undecided;
} claims_ctx;

/* SPEC §4.4: an undecided claim is one in voorbereiding, opname or zienswijze. */
bool sl_sharing_claim_undecided(const sl_claim *c, bool absent)
{
    return !absent && (c->fase == SL_FASE_VOORBEREIDING || c->fase == SL_FASE_OPNAME ||
                       c->fase == SL_FASE_ZIENSWIJZE);
}

static bool claim_cb(void *ctx, const sl_claim *c, bool absent)
{
    claims_ctx *k = ctx;
    if (sl_sharing_claim_undecided(c, absent))
        k->undecided = true;
    return true;
}

bool sl_sharing_subject(sl_store *st, int64_t address_id, sl_share_subject *out,
                        char gemeentecode[SL_GEMEENTE_CAP], bool *found)
{
    memset(out, 0, sizeof *out);
    gemeentecode[0] = '\0';
    out->address_id = address_id;
    out->gemeentecode = gemeentecode;
    sl_address a;
    bool absent;
    if (!sl_store_address_get(st, address_id, &a, &absent, found))
        return false;
    if (!*found)
        return true;
    memcpy(gemeentecode, a.gemeentecode, SL_GEMEENTE_CAP);
    gemeentecode[SL_GEMEENTE_CAP - 1] = '\0';
    sl_dossier_facts f;
    if (!sl_store_dossier_facts(st, address_id, &f))
        return false;
    out->open_trajectory = f.view.has_trajectory && sl_stap_open(f.view.stap);
    claims_ctx k = {0};
    if (f.view.claims_open > 0 && !sl_store_claims_of(st, address_id, claim_cb, &k))
        return false;
    out->undecided_claim = k.undecided;
    return true;
}

bool sl_sharing_assigned(sl_store *st, const sl_viewer *v, int64_t address_id, bool *assigned)
{
    *assigned = false;
    if (v->role == SL_ROLE_COORDINATOR) {
        sl_dossier_row row;
        bool found;
        if (!sl_store_dossier_get(st, address_id, &row, &found))
            return false;
        *assigned = found && v->account_id > 0 && row.coordinator_id == v->account_id;
    } else if (v->role == SL_ROLE_INTERVENTIETEAM) {
        /* reported to the team: a stuck dossier's signal, or an escalation case's while the
         * case is open (decision 190) */
        return sl_store_signal_unfinished(st, SL_RULE_STIL, address_id, assigned) &&
               (*assigned ||
                sl_store_signal_unfinished(st, SL_RULE_ESCALATIE, address_id, assigned));
    }
    return true;
}

bool sl_sharing_assigned_in(const sl_viewer *v, const sl_address_view *av)
{
    if (v->role == SL_ROLE_COORDINATOR)
        return av->has_dossier && v->account_id > 0 &&
               av->dossier.coordinator_id == v->account_id;
    if (v->role != SL_ROLE_INTERVENTIETEAM)
        return false;
    for (size_t i = 0; i < av->n_signals; i++) {
        const sl_signal *s = &av->signals[i];
        if ((s->regel == SL_RULE_STIL || s->regel == SL_RULE_ESCALATIE) &&
            sl_signal_unfinished(s->status))
            return true;
    }
    return false;
}

bool sl_sharing_decide(sl_store *st, const sl_sharing_config *cfg, const sl_viewer *v,
                       sl_doel doel, int64_t address_id, sl_date today, sl_share_decision *out,
                       bool *found)
{
    sl_share_subject s;
    char code[SL_GEMEENTE_CAP];
    memset(out, 0, sizeof *out);
    if (!sl_sharing_subject(st, address_id, &s, code, found))
        return false;
    if (!*found) {
        /* nothing to decide on; the core's "nothing" with its reason */
        sl_share_decide(cfg, v, SL_DOEL_COUNT, &s, SL_CONSENT_NONE, today, out);
        out->not_found = true;
        return true;
    }
    sl_consent_state consent = SL_CONSENT_NONE;
    if ((sl_doel_name(doel) && !sl_consent_lookup(st, address_id, doel, &consent)) ||
        !sl_sharing_assigned(st, v, address_id, &s.assigned))
        return false;
    sl_share_decide(cfg, v, doel, &s, consent, today, out);
    return true;
}
