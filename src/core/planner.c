/*
 * planner.c - the joint plan of one municipality at a time. It starts from
 * the pairs each flow relaxation suggests (planner_flow.c), fills what is
 * free, and plans the rest by moving one or two planned requests elsewhere;
 * a plan at the flow bound is provably maximal, and a small municipality
 * short of it is searched exhaustively. Then, at the same count: each pair
 * moves to its best free one or trades for an earlier one, and first come is
 * first served. docs/planning.md explains the method.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/planner_int.h"

/* Work (pairs looked at) the augmenting moves may spend per municipality. */
#define AUGMENT_BUDGET 60000000L

typedef struct muni_plan {
    const plan_muni *m;
    const plan_pairs *p;
    size_t n;
    long *at;                    /* chosen pair (index into p->pairs) or -1, per local request */
    int *used[SL_PLAN_ORGS];     /* inspections given per day */
    size_t *slot0[SL_PLAN_ORGS]; /* day d's occupants are slots[slot0[d] .. + used[d]) */
    size_t *slots[SL_PLAN_ORGS];
    size_t *scratch[SL_PLAN_ORGS]; /* a copy of one day's occupants while moving them */
    long work;
} muni_plan;

static bool is_free(const muni_plan *mp, int o, int d)
{
    return mp->used[o][d] < mp->m->cap[o][d];
}

static void take(muni_plan *mp, size_t k, long pi)
{
    const plan_pair *pr = &mp->p->pairs[pi];
    for (int o = 0; o < SL_PLAN_ORGS; o++) {
        int d = pr->day[o];
        mp->slots[o][mp->slot0[o][d] + (size_t)mp->used[o][d]++] = k;
    }
    mp->at[k] = pi;
}

static void give_back(muni_plan *mp, size_t k)
{
    const plan_pair *pr = &mp->p->pairs[mp->at[k]];
    for (int o = 0; o < SL_PLAN_ORGS; o++) {
        int d = pr->day[o];
        size_t *s = mp->slots[o] + mp->slot0[o][d];
        int n = mp->used[o][d];
        for (int i = 0; i < n; i++)
            if (s[i] == k) {
                s[i] = s[n - 1];
                break;
            }
        mp->used[o][d]--;
    }
    mp->at[k] = -1;
}

/* k's best pair with both days free, or -1. */
static long best_free(muni_plan *mp, size_t k)
{
    for (size_t i = mp->p->first[k]; i < mp->p->first[k + 1]; i++) {
        mp->work++;
        const plan_pair *pr = &mp->p->pairs[i];
        if (is_free(mp, SL_PLAN_IMG, pr->day[SL_PLAN_IMG]) &&
            is_free(mp, SL_PLAN_NCG, pr->day[SL_PLAN_NCG]))
            return (long)i;
    }
    return -1;
}

/*
 * k takes pair pi after the planned requests moved[0..n) leave theirs; each of
 * them must then find another free pair, else everything is put back.
 */
static bool move_in(muni_plan *mp, size_t k, long pi, const size_t *moved, int n)
{
    long before[2];
    for (int i = 0; i < n; i++) {
        before[i] = mp->at[moved[i]];
        give_back(mp, moved[i]);
    }
    const plan_pair *pr = &mp->p->pairs[pi];
    if (!is_free(mp, SL_PLAN_IMG, pr->day[SL_PLAN_IMG]) ||
        !is_free(mp, SL_PLAN_NCG, pr->day[SL_PLAN_NCG]))
        goto undo;
    take(mp, k, pi);
    int placed = 0;
    for (; placed < n; placed++) {
        long q = best_free(mp, moved[placed]);
        if (q < 0)
            break;
        take(mp, moved[placed], q);
    }
    if (placed == n)
        return true;
    while (placed-- > 0)
        give_back(mp, moved[placed]);
    give_back(mp, k);
undo:
    for (int i = n - 1; i >= 0; i--)
        take(mp, moved[i], before[i]);
    return false;
}

static size_t copy_occupants(muni_plan *mp, int o, int d)
{
    size_t n = (size_t)mp->used[o][d];
    memcpy(mp->scratch[o], mp->slots[o] + mp->slot0[o][d], n * sizeof *mp->scratch[o]);
    return n;
}

/* Does planned request s have NCG day b? */
static bool sa_holds(const muni_plan *mp, size_t s, int b)
{
    return mp->p->pairs[mp->at[s]].day[SL_PLAN_NCG] == b;
}

/* Plans unplanned request k by moving at most one occupant of each full day of a pair. */
static bool augment(muni_plan *mp, size_t k)
{
    for (size_t i = mp->p->first[k]; i < mp->p->first[k + 1]; i++) {
        if (mp->work > AUGMENT_BUDGET)
            return false;
        const plan_pair *pr = &mp->p->pairs[i];
        int a = pr->day[SL_PLAN_IMG], b = pr->day[SL_PLAN_NCG];
        bool full_a = !is_free(mp, SL_PLAN_IMG, a), full_b = !is_free(mp, SL_PLAN_NCG, b);
        if (!full_a && !full_b) {
            take(mp, k, (long)i);
            return true;
        }
        size_t na = full_a ? copy_occupants(mp, SL_PLAN_IMG, a) : 0;
        size_t nb = full_b ? copy_occupants(mp, SL_PLAN_NCG, b) : 0;
        const size_t *sa = mp->scratch[SL_PLAN_IMG], *sb = mp->scratch[SL_PLAN_NCG];
        if (full_a != full_b) { /* one full day: move one of its occupants */
            const size_t *s = full_a ? sa : sb;
            for (size_t j = 0; j < (full_a ? na : nb); j++)
                if (move_in(mp, k, (long)i, &s[j], 1))
                    return true;
            continue;
        }
        /* both full: one occupant of both days, or one of each */
        for (size_t j = 0; j < na; j++)
            if (sa_holds(mp, sa[j], b) && move_in(mp, k, (long)i, &sa[j], 1))
                return true;
        for (size_t j = 0; j < na; j++)
            for (size_t l = 0; l < nb; l++) {
                if (sa[j] == sb[l])
                    continue;
                size_t two[2] = {sa[j], sb[l]};
                if (move_in(mp, k, (long)i, two, 2))
                    return true;
                if (mp->work > AUGMENT_BUDGET)
                    return false;
            }
    }
    return false;
}

static size_t n_pairs(const muni_plan *mp, size_t k)
{
    return mp->p->first[k + 1] - mp->p->first[k];
}

typedef struct ranked {
    size_t pairs, k;
} ranked;

static int by_scarcity(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (a->pairs != b->pairs)
        return a->pairs < b->pairs ? -1 : 1;
    return a->k < b->k ? -1 : a->k > b->k;
}

/* Local requests with a possible pair, fewest pairs first. Returns how many. */
static size_t scarcity_order(const muni_plan *mp, size_t *order, ranked *tmp)
{
    size_t n = 0;
    for (size_t k = 0; k < mp->n; k++)
        if (n_pairs(mp, k))
            tmp[n++] = (ranked){n_pairs(mp, k), k};
    qsort(tmp, n, sizeof *tmp, by_scarcity);
    for (size_t i = 0; i < n; i++)
        order[i] = tmp[i].k;
    return n;
}

static size_t count_planned(const muni_plan *mp)
{
    size_t c = 0;
    for (size_t k = 0; k < mp->n; k++)
        c += mp->at[k] >= 0;
    return c;
}

/* ---- exact search for small municipalities ------------------------------- */

typedef struct exact {
    muni_plan *mp;
    const size_t *order;
    size_t n;
    size_t best, bound;
    long *best_at;
    long nodes;
} exact;

static void search(exact *x, size_t i, size_t placed)
{
    if (placed + (x->n - i) <= x->best || x->best >= x->bound || x->nodes > SL_PLAN_EXACT_NODES)
        return;
    x->nodes++;
    if (i == x->n) {
        x->best = placed;
        memcpy(x->best_at, x->mp->at, x->mp->n * sizeof *x->best_at);
        return;
    }
    size_t k = x->order[i];
    for (size_t pi = x->mp->p->first[k]; pi < x->mp->p->first[k + 1]; pi++) {
        const plan_pair *pr = &x->mp->p->pairs[pi];
        if (!is_free(x->mp, SL_PLAN_IMG, pr->day[SL_PLAN_IMG]) ||
            !is_free(x->mp, SL_PLAN_NCG, pr->day[SL_PLAN_NCG]))
            continue;
        take(x->mp, k, (long)pi);
        search(x, i + 1, placed + 1);
        give_back(x->mp, k);
    }
    search(x, i + 1, placed); /* k unplanned */
}

/*
 * Searches every assignment of the plannable requests (branch and bound on the
 * count); keeps the heuristic plan unless it finds more. True when the count is
 * then proven maximal (the search finished or reached the bound).
 */
static bool search_exact(muni_plan *mp, const size_t *order, size_t n, size_t bound)
{
    exact x = {mp, order, n, count_planned(mp), bound, NULL, 0};
    x.best_at = sl_malloc((mp->n + 1) * sizeof *x.best_at);
    if (!x.best_at)
        return false;
    memcpy(x.best_at, mp->at, mp->n * sizeof *x.best_at);
    for (size_t k = 0; k < mp->n; k++)
        if (mp->at[k] >= 0)
            give_back(mp, k);
    search(&x, 0, 0);
    for (size_t k = 0; k < mp->n; k++)
        if (x.best_at[k] >= 0)
            take(mp, k, x.best_at[k]);
    sl_free(x.best_at);
    return x.nodes <= SL_PLAN_EXACT_NODES || x.best >= x.bound;
}

/* Each planned request moves to its best pair still free, until none moves. */
static void settle_early(muni_plan *mp, const size_t *order, size_t n)
{
    for (int pass = 0; pass < 4; pass++) {
        bool moved = false;
        for (size_t i = 0; i < n; i++) {
            size_t k = order[i];
            long was = mp->at[k];
            if (was < 0)
                continue;
            give_back(mp, k);
            long now = best_free(mp, k); /* never worse: `was` is free again */
            take(mp, k, now);
            moved |= now != was;
        }
        if (!moved)
            break;
    }
}

static int later_day(const muni_plan *mp, long pi)
{
    const plan_pair *pr = &mp->p->pairs[pi];
    return pr->day[0] > pr->day[1] ? pr->day[0] : pr->day[1];
}

/*
 * k takes its better pair pi, whose one full day planned request s leaves for
 * its best free pair, when the two together finish earlier; else nothing changes.
 */
static bool trade(muni_plan *mp, size_t k, long pi, size_t s)
{
    long was_k = mp->at[k], was_s = mp->at[s];
    int before = later_day(mp, was_k) + later_day(mp, was_s);
    give_back(mp, s);
    give_back(mp, k);
    const plan_pair *pr = &mp->p->pairs[pi];
    if (is_free(mp, SL_PLAN_IMG, pr->day[SL_PLAN_IMG]) &&
        is_free(mp, SL_PLAN_NCG, pr->day[SL_PLAN_NCG])) {
        take(mp, k, pi);
        long q = best_free(mp, s);
        if (q >= 0 && later_day(mp, pi) + later_day(mp, q) < before) {
            take(mp, s, q);
            return true;
        }
        give_back(mp, k);
    }
    take(mp, k, was_k);
    take(mp, s, was_s);
    return false;
}

/* Earlier pairs by trading with one planned request at a time; the count stays. */
static void trade_earlier(muni_plan *mp, const size_t *order, size_t n)
{
    mp->work = 0;
    for (size_t i = 0; i < n && mp->work <= AUGMENT_BUDGET / 4; i++) {
        size_t k = order[i];
        for (long pi = (long)mp->p->first[k]; mp->at[k] >= 0 && pi < mp->at[k]; pi++) {
            if (later_day(mp, pi) >= later_day(mp, mp->at[k]))
                continue;
            const plan_pair *pr = &mp->p->pairs[pi];
            int a = pr->day[SL_PLAN_IMG], b = pr->day[SL_PLAN_NCG];
            bool full_a = !is_free(mp, SL_PLAN_IMG, a), full_b = !is_free(mp, SL_PLAN_NCG, b);
            size_t na = full_a ? copy_occupants(mp, SL_PLAN_IMG, a) : 0;
            size_t nb = full_b ? copy_occupants(mp, SL_PLAN_NCG, b) : 0;
            bool moved = false;
            if (full_a && full_b) { /* one request must hold both days */
                for (size_t j = 0; j < na && !moved; j++)
                    moved = sa_holds(mp, mp->scratch[SL_PLAN_IMG][j], b) &&
                            mp->scratch[SL_PLAN_IMG][j] != k &&
                            trade(mp, k, pi, mp->scratch[SL_PLAN_IMG][j]);
            } else {
                const size_t *occ = full_a ? mp->scratch[SL_PLAN_IMG] : mp->scratch[SL_PLAN_NCG];
                for (size_t j = 0; j < (full_a ? na : nb) && !moved; j++)
                    moved = occ[j] != k && trade(mp, k, pi, occ[j]);
            }
            if (moved)
                break;
        }
    }
}

/*
 * First come, first served among equals: an unplanned request takes the pair
 * of a planned one that came later (higher local index, i.e. later in the
 * input) when that pair is one it may use; the count and the dates stay.
 */
static void first_come_first_served(muni_plan *mp)
{
    for (size_t u = 0; u < mp->n; u++) {
        if (mp->at[u] >= 0)
            continue;
        long take_pi = -1;
        size_t loser = 0;
        for (size_t pi = mp->p->first[u]; pi < mp->p->first[u + 1]; pi++) {
            const plan_pair *pr = &mp->p->pairs[pi];
            int a = pr->day[SL_PLAN_IMG], b = pr->day[SL_PLAN_NCG];
            size_t na = copy_occupants(mp, SL_PLAN_IMG, a);
            for (size_t j = 0; j < na; j++) {
                size_t k = mp->scratch[SL_PLAN_IMG][j];
                if (k > u && sa_holds(mp, k, b) && (take_pi < 0 || k > loser)) {
                    take_pi = (long)pi;
                    loser = k;
                }
            }
        }
        if (take_pi >= 0) {
            give_back(mp, loser);
            take(mp, u, take_pi);
        }
    }
}

static bool plan_alloc(muni_plan *mp, const plan_muni *m, const plan_pairs *p, int days)
{
    memset(mp, 0, sizeof *mp);
    mp->m = m;
    mp->p = p;
    mp->n = m->n_req;
    mp->at = sl_malloc((mp->n + 1) * sizeof *mp->at);
    if (!mp->at)
        return false;
    for (size_t k = 0; k < mp->n; k++)
        mp->at[k] = -1;
    for (int o = 0; o < SL_PLAN_ORGS; o++) {
        mp->used[o] = sl_calloc((size_t)days, sizeof *mp->used[o]);
        mp->slot0[o] = sl_malloc(((size_t)days + 1) * sizeof *mp->slot0[o]);
        if (!mp->used[o] || !mp->slot0[o])
            return false;
        size_t total = 0, most = 0;
        for (int d = 0; d < days; d++) {
            mp->slot0[o][d] = total;
            total += (size_t)m->cap[o][d];
            most = (size_t)m->cap[o][d] > most ? (size_t)m->cap[o][d] : most;
        }
        mp->slot0[o][days] = total;
        mp->slots[o] = sl_malloc((total + 1) * sizeof *mp->slots[o]);
        mp->scratch[o] = sl_malloc((most + 1) * sizeof *mp->scratch[o]);
        if (!mp->slots[o] || !mp->scratch[o])
            return false;
    }
    return true;
}

static void plan_release(muni_plan *mp)
{
    sl_free(mp->at);
    for (int o = 0; o < SL_PLAN_ORGS; o++) {
        sl_free(mp->used[o]);
        sl_free(mp->slot0[o]);
        sl_free(mp->slots[o]);
        sl_free(mp->scratch[o]);
    }
}

/* Why request r, without a possible pair, has none. */
static sl_plan_outcome reason(const sl_plan_input *in, const plan_muni *m, int days,
                              const sl_plan_request *r)
{
    unsigned char ok[SL_PLAN_ORGS][SL_PLAN_MAX_DAYS];
    plan_request_days(in, m, r, false, days, ok);
    bool has[SL_PLAN_ORGS] = {false, false};
    bool overlap = false;
    for (int a = 0; a < days; a++)
        for (int o = 0; o < SL_PLAN_ORGS; o++)
            has[o] |= ok[o][a] != 0;
    for (int a = 0; a < days && !overlap; a++)
        for (int b = a - SL_PLAN_MAX_GAP; b <= a + SL_PLAN_MAX_GAP; b++)
            if (b >= 0 && b < days && ok[SL_PLAN_IMG][a] && ok[SL_PLAN_NCG][b])
                overlap = true;
    if (!has[SL_PLAN_IMG] || !has[SL_PLAN_NCG])
        return SL_PLAN_NO_CAPACITY;
    return overlap ? SL_PLAN_UNAVAILABLE : SL_PLAN_NO_OVERLAP;
}

/* Replaces the plan with `at` (-1 = unplanned); pairs that no longer fit are dropped. */
static void load(muni_plan *mp, const long *at)
{
    for (size_t k = 0; k < mp->n; k++)
        if (mp->at[k] >= 0)
            give_back(mp, k);
    for (size_t k = 0; k < mp->n; k++) {
        if (!at || at[k] < 0)
            continue;
        const plan_pair *pr = &mp->p->pairs[at[k]];
        if (is_free(mp, SL_PLAN_IMG, pr->day[SL_PLAN_IMG]) &&
            is_free(mp, SL_PLAN_NCG, pr->day[SL_PLAN_NCG]))
            take(mp, k, at[k]);
    }
}

/* Fills what is free in scarcity order, then plans the rest by moving others. */
static void fill_and_move(muni_plan *mp, const size_t *order, size_t n, size_t bound)
{
    for (size_t i = 0; i < n; i++)
        if (mp->at[order[i]] < 0) {
            long q = best_free(mp, order[i]);
            if (q >= 0)
                take(mp, order[i], q);
        }
    mp->work = 0;
    for (bool grew = true; grew && mp->work <= AUGMENT_BUDGET;) {
        grew = false;
        for (size_t i = 0; i < n && count_planned(mp) < bound; i++)
            if (mp->at[order[i]] < 0 && augment(mp, order[i]))
                grew = true;
    }
}

/* The sum of the later days: less is earlier (the second aim). */
static long lateness(const muni_plan *mp)
{
    long sum = 0;
    for (size_t k = 0; k < mp->n; k++)
        if (mp->at[k] >= 0) {
            const plan_pair *pr = &mp->p->pairs[mp->at[k]];
            sum += pr->day[0] > pr->day[1] ? pr->day[0] : pr->day[1];
        }
    return sum;
}

/*
 * Three starts: empty, and the pairs each flow relaxation suggests (which
 * already reach the bound but for the requests whose own dates the flow
 * ignored); each is filled and improved by moves; the best is kept.
 */
static void best_of_starts(muni_plan *mp, long *const start[SL_PLAN_ORGS], long *best,
                           const size_t *order, size_t n, size_t bound)
{
    size_t best_count = 0;
    long best_late = 0;
    bool reached = false;
    for (int s = 0; s <= SL_PLAN_ORGS; s++) {
        if (reached)
            break; /* another start could only tie on the count */
        load(mp, s < SL_PLAN_ORGS ? start[s] : NULL);
        fill_and_move(mp, order, n, bound);
        size_t c = count_planned(mp);
        long late = lateness(mp);
        if (s == 0 || c > best_count || (c == best_count && late < best_late)) {
            best_count = c;
            best_late = late;
            memcpy(best, mp->at, mp->n * sizeof *best);
        }
        reached |= c >= bound;
    }
    load(mp, best);
}

/* Plans one municipality into out->joint; adds to the bound and the proof. */
static bool plan_muni_joint(const sl_plan_input *in, const plan_muni *m, int days,
                            sl_plan_result *out)
{
    plan_pairs p = {0};
    muni_plan mp;
    size_t *order = NULL;
    ranked *tmp = NULL;
    long *start[SL_PLAN_ORGS] = {NULL, NULL}, *best = NULL;
    bool ok = plan_pairs_build(in, m, days, &p) && plan_alloc(&mp, m, &p, days);
    size_t bound = 0;
    if (ok) {
        size_t n1 = m->n_req + 1;
        order = sl_malloc(n1 * sizeof *order);
        tmp = sl_malloc(n1 * sizeof *tmp);
        best = sl_malloc(n1 * sizeof *best);
        for (int o = 0; o < SL_PLAN_ORGS; o++)
            start[o] = sl_malloc(n1 * sizeof *start[o]);
        ok = order && tmp && best && start[0] && start[1] &&
             plan_muni_bound(m, days, &p, &bound, start);
    }
    if (!ok)
        goto done;
    size_t n = scarcity_order(&mp, order, tmp);
    best_of_starts(&mp, start, best, order, n, bound);
    bool proven = count_planned(&mp) >= bound;
    int limit = in->exact_max ? in->exact_max : SL_PLAN_EXACT_DEFAULT;
    if (!proven && limit > 0 && n <= (size_t)limit)
        proven = search_exact(&mp, order, n, bound);
    /* the moves above may have left a request later than a day now free */
    settle_early(&mp, order, n);
    trade_earlier(&mp, order, n);
    settle_early(&mp, order, n);
    first_come_first_served(&mp);
    out->upper_bound += bound;
    out->proven_optimal &= proven;
    for (size_t k = 0; k < m->n_req; k++) {
        sl_plan_item *it = &out->joint[m->req[k]];
        if (mp.at[k] >= 0) {
            const plan_pair *pr = &p.pairs[mp.at[k]];
            it->outcome = SL_PLAN_PLANNED;
            for (int o = 0; o < SL_PLAN_ORGS; o++)
                it->day[o] = in->from + pr->day[o];
        } else {
            it->outcome = n_pairs(&mp, k) ? SL_PLAN_CAPACITY_TAKEN
                                          : reason(in, m, days, &in->requests[m->req[k]]);
            it->day[0] = it->day[1] = SL_DATE_NONE;
        }
    }
done:
    if (p.first)
        plan_release(&mp);
    plan_pairs_free(&p);
    sl_free(order);
    sl_free(tmp);
    sl_free(best);
    sl_free(start[0]);
    sl_free(start[1]);
    return ok;
}

bool sl_plan(const sl_plan_input *in, sl_plan_result *out)
{
    memset(out, 0, sizeof *out);
    out->proven_optimal = true;
    size_t n = in->n_requests;
    out->joint = sl_calloc(n + 1, sizeof *out->joint);
    out->apart = sl_calloc(n + 1, sizeof *out->apart);
    plan_groups g;
    if (!out->joint || !out->apart || !plan_groups_build(in, &g)) {
        sl_plan_result_free(out);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < g.n && ok; i++)
        ok = plan_muni_joint(in, &g.m[i], g.days, out);
    plan_groups_free(&g);
    if (!ok || !sl_plan_apart(in, out->apart)) {
        sl_plan_result_free(out);
        return false;
    }
    out->joint_quality = sl_plan_measure(in, out->joint);
    out->apart_quality = sl_plan_measure(in, out->apart);
    return true;
}

void sl_plan_result_free(sl_plan_result *r)
{
    sl_free(r->joint);
    sl_free(r->apart);
    memset(r, 0, sizeof *r);
}

bool sl_plan_upper_bound(const sl_plan_input *in, size_t *bound)
{
    plan_groups g;
    if (!plan_groups_build(in, &g))
        return false;
    bool ok = true;
    *bound = 0;
    for (size_t i = 0; i < g.n && ok; i++) {
        plan_pairs p = {0};
        size_t b = 0;
        ok = plan_pairs_build(in, &g.m[i], g.days, &p) &&
             plan_muni_bound(&g.m[i], g.days, &p, &b, NULL);
        *bound += b;
        plan_pairs_free(&p);
    }
    plan_groups_free(&g);
    return ok;
}
