/*
 * planner_groups.c - requests per municipality, the days a request may use
 * and its possible pairs in the planner's order of preference.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/planner_int.h"

/* qsort has no context argument in C17: the key travels with the index */
typedef struct keyed {
    int gemeente;
    size_t index;
} keyed;

static int by_gemeente(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    if (a->gemeente != b->gemeente)
        return a->gemeente < b->gemeente ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static plan_muni *find_muni(const plan_groups *g, int gemeente)
{
    size_t lo = 0, hi = g->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->m[mid].gemeente == gemeente)
            return &g->m[mid];
        if (g->m[mid].gemeente < gemeente)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

bool plan_groups_build(const sl_plan_input *in, plan_groups *g)
{
    memset(g, 0, sizeof *g);
    g->days = (int)(in->to - in->from + 1);
    if (in->to < in->from || g->days > SL_PLAN_MAX_DAYS)
        return false;
    if (in->n_requests == 0)
        return true;
    g->order = sl_malloc(in->n_requests * sizeof *g->order);
    g->m = sl_calloc(in->n_requests, sizeof *g->m);
    if (!g->order || !g->m)
        goto fail;
    keyed *keys = sl_malloc(in->n_requests * sizeof *keys);
    if (!keys)
        goto fail;
    for (size_t i = 0; i < in->n_requests; i++)
        keys[i] = (keyed){in->requests[i].gemeente, i};
    qsort(keys, in->n_requests, sizeof *keys, by_gemeente);
    for (size_t i = 0; i < in->n_requests; i++)
        g->order[i] = keys[i].index;
    sl_free(keys);
    for (size_t i = 0; i < in->n_requests;) {
        size_t j = i;
        int gem = in->requests[g->order[i]].gemeente;
        while (j < in->n_requests && in->requests[g->order[j]].gemeente == gem)
            j++;
        g->m[g->n++] = (plan_muni){.gemeente = gem, .req = g->order + i, .n_req = j - i};
        i = j;
    }
    g->capbuf = sl_calloc(g->n * SL_PLAN_ORGS * (size_t)g->days, sizeof *g->capbuf);
    if (!g->capbuf)
        goto fail;
    for (size_t i = 0; i < g->n; i++)
        for (int o = 0; o < SL_PLAN_ORGS; o++)
            g->m[i].cap[o] = g->capbuf + (i * SL_PLAN_ORGS + (size_t)o) * (size_t)g->days;
    for (size_t i = 0; i < in->n_capacity; i++) {
        const sl_plan_capacity *c = &in->capacity[i];
        plan_muni *m = find_muni(g, c->gemeente);
        if (!m || c->day < in->from || c->day > in->to || c->opnames <= 0 ||
            (c->org != SL_PLAN_IMG && c->org != SL_PLAN_NCG))
            continue;
        m->cap[c->org][c->day - in->from] += c->opnames;
    }
    return true;
fail:
    plan_groups_free(g);
    return false;
}

void plan_groups_free(plan_groups *g)
{
    sl_free(g->order);
    sl_free(g->m);
    sl_free(g->capbuf);
    memset(g, 0, sizeof *g);
}

void plan_request_days(const sl_plan_input *in, const plan_muni *m, const sl_plan_request *r,
                       bool honour_unavailable, int days, unsigned char ok[][SL_PLAN_MAX_DAYS])
{
    for (int o = 0; o < SL_PLAN_ORGS; o++)
        for (int d = 0; d < days; d++)
            ok[o][d] = m->cap[o][d] > 0 && in->from + d >= r->earliest[o];
    if (!honour_unavailable)
        return;
    for (size_t i = 0; i < r->n_unavailable; i++) {
        sl_date u = r->unavailable[i];
        if (u >= in->from && u <= in->to)
            for (int o = 0; o < SL_PLAN_ORGS; o++)
                ok[o][u - in->from] = 0;
    }
}

/* How many of a pair's two days are not on a preferred weekday (0 without a preference). */
static int preference_misses(sl_date from, unsigned weekdays, int a, int b)
{
    if (!weekdays)
        return 0;
    return !(weekdays >> sl_date_weekday(from + a) & 1u) +
           !(weekdays >> sl_date_weekday(from + b) & 1u);
}

/*
 * Appends request r's pairs with `misses` preference misses, the later day
 * ascending, then same day, one, two days apart, IMG first: written straight
 * in that order, so no sort is needed. Returns the new count.
 */
static size_t append_pairs(const sl_plan_input *in, const sl_plan_request *r, int days,
                           unsigned char ok[][SL_PLAN_MAX_DAYS], int misses, plan_pair *out,
                           size_t n)
{
    for (int later = 0; later < days; later++)
        for (int gap = 0; gap <= SL_PLAN_MAX_GAP; gap++)
            for (int side = 0; side < (gap ? 2 : 1); side++) {
                int a = side ? later : later - gap, b = side ? later - gap : later;
                if (a < 0 || b < 0 || !ok[SL_PLAN_IMG][a] || !ok[SL_PLAN_NCG][b] ||
                    preference_misses(in->from, r->weekdays, a, b) != misses)
                    continue;
                out[n++] = (plan_pair){{(short)a, (short)b}};
            }
    return n;
}

bool plan_pairs_build(const sl_plan_input *in, const plan_muni *m, int days, plan_pairs *p)
{
    unsigned char ok[SL_PLAN_ORGS][SL_PLAN_MAX_DAYS];
    size_t per = (size_t)days * (2 * SL_PLAN_MAX_GAP + 1);
    p->first = sl_malloc((m->n_req + 1) * sizeof *p->first);
    p->pairs = sl_malloc((m->n_req * per + 1) * sizeof *p->pairs);
    if (!p->first || !p->pairs) {
        plan_pairs_free(p);
        return false;
    }
    size_t n = 0;
    for (size_t k = 0; k < m->n_req; k++) {
        const sl_plan_request *r = &in->requests[m->req[k]];
        p->first[k] = n;
        plan_request_days(in, m, r, true, days, ok);
        for (int misses = 0; misses <= (r->weekdays ? 2 : 0); misses++)
            n = append_pairs(in, r, days, ok, misses, p->pairs, n);
    }
    p->first[m->n_req] = n;
    /* give back what the requests' holes and earliest dates left unused */
    plan_pair *shrunk = sl_realloc(p->pairs, (n + 1) * sizeof *p->pairs);
    if (shrunk)
        p->pairs = shrunk;
    return true;
}

void plan_pairs_free(plan_pairs *p)
{
    sl_free(p->pairs);
    sl_free(p->first);
    p->pairs = NULL;
    p->first = NULL;
}
