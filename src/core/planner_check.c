/*
 * planner_check.c - whether a plan changed by hand still keeps the planner's
 * rules (core/planner.h: sl_plan_check). The planner itself never breaks
 * them; a person moving a pair can, and must hear which rule and where.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/hashmap.h"
#include "core/planner.h"

const char *sl_plan_fault_text(sl_plan_fault f)
{
    switch (f) {
    case SL_PLAN_VALID: return "";
    case SL_PLAN_OUTSIDE_PERIOD: return "de datum ligt buiten de periode van de planning";
    case SL_PLAN_TOO_EARLY: return "de datum ligt voor de vroegste datum van de organisatie";
    case SL_PLAN_ON_UNAVAILABLE: return "de bewoner is op die datum niet beschikbaar";
    case SL_PLAN_GAP_TOO_LARGE: return "de twee opnames liggen meer dan twee dagen uit elkaar";
    case SL_PLAN_OVER_CAPACITY:
        return "de organisatie heeft op die dag in die gemeente geen capaciteit meer";
    }
    return "onbekende fout";
}

/* One key per (body, municipality, day), as the planner's input reader makes it. */
static int64_t slot_key(sl_plan_org org, int gemeente, sl_date day)
{
    return ((int64_t)org << 50) | ((int64_t)gemeente << 32) | (uint32_t)day;
}

static bool unavailable(const sl_plan_request *r, sl_date d)
{
    for (size_t k = 0; k < r->n_unavailable; k++)
        if (r->unavailable[k] == d)
            return true;
    return false;
}

/* The rules of one pair alone, apart from capacity. */
static sl_plan_fault pair_fault(const sl_plan_input *in, const sl_plan_request *r,
                                const sl_plan_item *it, sl_plan_org *org)
{
    for (int o = 0; o < SL_PLAN_ORGS; o++) {
        sl_date d = it->day[o];
        *org = (sl_plan_org)o;
        if (d < in->from || d > in->to)
            return SL_PLAN_OUTSIDE_PERIOD;
        if (d < r->earliest[o])
            return SL_PLAN_TOO_EARLY;
        if (unavailable(r, d))
            return SL_PLAN_ON_UNAVAILABLE;
    }
    *org = SL_PLAN_IMG;
    if (abs(it->day[SL_PLAN_IMG] - it->day[SL_PLAN_NCG]) > SL_PLAN_MAX_GAP)
        return SL_PLAN_GAP_TOO_LARGE;
    return SL_PLAN_VALID;
}

sl_plan_fault sl_plan_check(const sl_plan_input *in, const sl_plan_item *items, size_t *index,
                            sl_plan_org *org, bool *ok)
{
    *ok = true;
    *index = 0;
    *org = SL_PLAN_IMG;
    for (size_t i = 0; i < in->n_requests; i++) {
        if (items[i].outcome != SL_PLAN_PLANNED)
            continue;
        sl_plan_fault f = pair_fault(in, &in->requests[i], &items[i], org);
        if (f != SL_PLAN_VALID) {
            *index = i;
            return f;
        }
    }
    /* capacity left per slot: the capacity lines, minus each planned inspection in turn */
    sl_intmap *left = sl_intmap_new(in->n_capacity + 16);
    if (!left) {
        *ok = false;
        return SL_PLAN_VALID;
    }
    for (size_t c = 0; c < in->n_capacity && *ok; c++) {
        const sl_plan_capacity *cap = &in->capacity[c];
        *ok = sl_intmap_put(left, slot_key(cap->org, cap->gemeente, cap->day),
                            cap->opnames > 0 ? cap->opnames : 0);
    }
    sl_plan_fault f = SL_PLAN_VALID;
    for (size_t i = 0; i < in->n_requests && *ok && f == SL_PLAN_VALID; i++) {
        if (items[i].outcome != SL_PLAN_PLANNED)
            continue;
        for (int o = 0; o < SL_PLAN_ORGS && *ok; o++) {
            int64_t key = slot_key((sl_plan_org)o, in->requests[i].gemeente, items[i].day[o]);
            int64_t n = 0;
            if (!sl_intmap_get(left, key, &n) || n <= 0) {
                f = SL_PLAN_OVER_CAPACITY;
                *index = i;
                *org = (sl_plan_org)o;
                break;
            }
            *ok = sl_intmap_put(left, key, n - 1);
        }
    }
    sl_intmap_free(left);
    return *ok ? f : SL_PLAN_VALID;
}
