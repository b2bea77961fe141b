/*
 * planner_apart.c - planning apart (each body alone, first come first served)
 * for comparison, the quality of a plan, and the reasons' names.
 */
#include <string.h>

#include "core/alloc.h"
#include "core/planner_int.h"

const char *sl_plan_outcome_code(sl_plan_outcome o)
{
    switch (o) {
    case SL_PLAN_PLANNED: return "gepland";
    case SL_PLAN_NO_CAPACITY: return "geen_capaciteit";
    case SL_PLAN_NO_OVERLAP: return "geen_overlap";
    case SL_PLAN_UNAVAILABLE: return "niet_beschikbaar";
    case SL_PLAN_CAPACITY_TAKEN: return "capaciteit_vol";
    }
    return "onbekend";
}

const char *sl_plan_outcome_text(sl_plan_outcome o)
{
    switch (o) {
    case SL_PLAN_PLANNED: return "Beide opnames zijn gepland.";
    case SL_PLAN_NO_CAPACITY:
        return "Een van beide organisaties heeft in deze periode geen opnamecapaciteit in de "
               "gemeente vanaf de vroegste datum.";
    case SL_PLAN_NO_OVERLAP:
        return "De dagen waarop IMG en NCG in de gemeente opnemen liggen steeds meer dan twee "
               "dagen uit elkaar.";
    case SL_PLAN_UNAVAILABLE:
        return "De bewoner is op elke mogelijke combinatie van dagen niet beschikbaar.";
    case SL_PLAN_CAPACITY_TAKEN:
        return "Er waren passende dagen, maar de capaciteit daarvan is aan andere adressen "
               "gegeven; meer adressen kunnen er niet tegelijk terecht.";
    }
    return "Onbekende reden.";
}

bool sl_plan_apart(const sl_plan_input *in, sl_plan_item *items)
{
    plan_groups g;
    if (!plan_groups_build(in, &g))
        return false;
    unsigned char ok[SL_PLAN_ORGS][SL_PLAN_MAX_DAYS];
    for (size_t i = 0; i < g.n; i++) {
        plan_muni *m = &g.m[i];
        /* m->req is in input order within the municipality: first come, first served */
        for (size_t k = 0; k < m->n_req; k++) {
            const sl_plan_request *r = &in->requests[m->req[k]];
            sl_plan_item *it = &items[m->req[k]];
            plan_request_days(in, m, r, true, g.days, ok);
            for (int o = 0; o < SL_PLAN_ORGS; o++) {
                it->day[o] = SL_DATE_NONE;
                for (int d = 0; d < g.days; d++)
                    if (ok[o][d]) { /* the capacity left is what ok saw */
                        m->cap[o][d]--;
                        it->day[o] = in->from + d;
                        break;
                    }
            }
            it->outcome = it->day[0] != SL_DATE_NONE && it->day[1] != SL_DATE_NONE
                              ? SL_PLAN_PLANNED
                              : SL_PLAN_CAPACITY_TAKEN;
        }
    }
    plan_groups_free(&g);
    return true;
}

sl_plan_quality sl_plan_measure(const sl_plan_input *in, const sl_plan_item *items)
{
    sl_plan_quality q = {.requests = in->n_requests};
    double gap = 0, wait = 0;
    for (size_t i = 0; i < in->n_requests; i++) {
        const sl_plan_item *it = &items[i];
        if (it->day[0] == SL_DATE_NONE || it->day[1] == SL_DATE_NONE)
            continue;
        const sl_plan_request *r = &in->requests[i];
        int d = it->day[0] > it->day[1] ? it->day[0] - it->day[1] : it->day[1] - it->day[0];
        int w0 = it->day[0] - r->earliest[0], w1 = it->day[1] - r->earliest[1];
        q.planned++;
        q.within_two += d <= SL_PLAN_MAX_GAP;
        gap += d;
        wait += w0 > w1 ? w0 : w1;
    }
    if (q.requests)
        q.share_within_two = (double)q.within_two / (double)q.requests;
    if (q.planned) {
        q.mean_gap = gap / (double)q.planned;
        q.mean_wait = wait / (double)q.planned;
    }
    return q;
}
