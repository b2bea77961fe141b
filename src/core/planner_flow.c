/*
 * planner_flow.c - the upper bound on the number of pairs: a max flow on a
 * relaxation of the planning problem (docs/planning.md, decision 128).
 *
 * source -> request (1) -> body P's day a, when the request has a possible pair
 * with P on a (1) -> P's day a (capacity) -> body Q's day b, |a - b| <= 2 (no
 * limit) -> sink (Q's capacity on b). Every valid plan is such a flow, so its
 * value bounds the plan; the flow forgets that the request's own earliest date
 * and unavailable dates also bind Q's day, which is why it is only a bound.
 * Both orientations (P = IMG, P = NCG) are bounds; the smaller is kept.
 */
#include <limits.h>
#include <string.h>

#include "core/alloc.h"
#include "core/planner_int.h"

typedef struct edge {
    int to, next, cap;
} edge;

typedef struct flow {
    edge *e;
    int n_edges, max_edges;
    int *head, *level, *iter, *queue;
    int *path, *via; /* the path being searched: its nodes and the edges between them */
    int n_nodes;
} flow;

static bool flow_init(flow *f, int nodes, int max_edges)
{
    memset(f, 0, sizeof *f);
    f->n_nodes = nodes;
    f->max_edges = max_edges;
    f->e = sl_malloc((size_t)max_edges * sizeof *f->e);
    f->head = sl_malloc((size_t)nodes * sizeof *f->head);
    f->level = sl_malloc((size_t)nodes * sizeof *f->level);
    f->iter = sl_malloc((size_t)nodes * sizeof *f->iter);
    f->queue = sl_malloc((size_t)nodes * sizeof *f->queue);
    f->path = sl_malloc(((size_t)nodes + 1) * sizeof *f->path);
    f->via = sl_malloc(((size_t)nodes + 1) * sizeof *f->via);
    if (!f->e || !f->head || !f->level || !f->iter || !f->queue || !f->path || !f->via)
        return false;
    for (int i = 0; i < nodes; i++)
        f->head[i] = -1;
    return true;
}

static void flow_free(flow *f)
{
    sl_free(f->e);
    sl_free(f->head);
    sl_free(f->level);
    sl_free(f->iter);
    sl_free(f->queue);
    sl_free(f->path);
    sl_free(f->via);
}

static void add_edge(flow *f, int from, int to, int cap)
{
    f->e[f->n_edges] = (edge){to, f->head[from], cap};
    f->head[from] = f->n_edges++;
    f->e[f->n_edges] = (edge){from, f->head[to], 0};
    f->head[to] = f->n_edges++;
}

static bool bfs(flow *f, int s, int t)
{
    for (int i = 0; i < f->n_nodes; i++)
        f->level[i] = -1;
    int qh = 0, qt = 0;
    f->level[s] = 0;
    f->queue[qt++] = s;
    while (qh < qt) {
        int v = f->queue[qh++];
        for (int i = f->head[v]; i >= 0; i = f->e[i].next)
            if (f->e[i].cap > 0 && f->level[f->e[i].to] < 0) {
                f->level[f->e[i].to] = f->level[v] + 1;
                f->queue[qt++] = f->e[i].to;
            }
    }
    return f->level[t] >= 0;
}

/*
 * One augmenting path in the level graph, found without recursion: residual
 * edges make paths far longer than the graph's five layers, as long as the
 * sink's level. Returns the flow pushed along it, 0 when there is none.
 */
static int augment_path(flow *f, int s, int t)
{
    int depth = 0;
    f->path[0] = s;
    for (;;) {
        int v = f->path[depth];
        if (v == t) {
            int push = INT_MAX;
            for (int i = 0; i < depth; i++)
                push = f->e[f->via[i]].cap < push ? f->e[f->via[i]].cap : push;
            for (int i = 0; i < depth; i++) {
                f->e[f->via[i]].cap -= push;
                f->e[f->via[i] ^ 1].cap += push;
            }
            return push;
        }
        for (; f->iter[v] >= 0; f->iter[v] = f->e[f->iter[v]].next) {
            const edge *ed = &f->e[f->iter[v]];
            if (ed->cap > 0 && f->level[ed->to] == f->level[v] + 1)
                break;
        }
        if (f->iter[v] >= 0) { /* advance */
            f->via[depth] = f->iter[v];
            f->path[++depth] = f->e[f->iter[v]].to;
            continue;
        }
        if (depth == 0)
            return 0;
        f->level[v] = -1; /* a dead end: never again in this phase */
        depth--;
        int u = f->path[depth];
        f->iter[u] = f->e[f->iter[u]].next; /* retreat past the edge to v */
    }
}

static long max_flow(flow *f, int s, int t)
{
    long total = 0;
    while (bfs(f, s, t)) {
        memcpy(f->iter, f->head, (size_t)f->n_nodes * sizeof *f->iter);
        int got;
        while ((got = augment_path(f, s, t)) > 0)
            total += got;
    }
    return total;
}

/* Small bipartite matching of one day's requests to the other body's days the flow sent them. */
typedef struct day_match {
    int n;                         /* requests (and slots) of the day */
    long (*pair)[2 * SL_PLAN_MAX_GAP + 1]; /* request x offset -> pair index or -1 */
    int *slot_off;                 /* slot -> offset of the other body's day (b - a + gap) */
    int *slot_req, *req_slot;      /* the matching, -1 where none */
    unsigned char *seen;
} day_match;

static bool kuhn(day_match *dm, int r)
{
    for (int s = 0; s < dm->n; s++) {
        if (dm->seen[s] || dm->pair[r][dm->slot_off[s]] < 0)
            continue;
        dm->seen[s] = 1;
        if (dm->slot_req[s] < 0 || kuhn(dm, dm->slot_req[s])) {
            dm->slot_req[s] = r;
            dm->req_slot[r] = s;
            return true;
        }
    }
    return false;
}

/*
 * Turns the flow into pairs: the requests the flow sent to p's day a get the
 * q days it sent on from a, matched so that each gets a pair of its own; those
 * the flow could only give a q day that is not theirs stay unplanned (-1).
 */
static bool decompose(const flow *f, const plan_muni *m, int days, const plan_pairs *p, int po,
                      int req0, int pin0, int pout0, int q0, long *assign)
{
    int qo = 1 - po;
    int n = (int)m->n_req;
    int *day_of = sl_malloc(((size_t)n + 1) * sizeof *day_of);
    int *by_day = sl_malloc(((size_t)n + 1) * sizeof *by_day);
    day_match dm = {0};
    size_t most = 1;
    for (int a = 0; a < days; a++)
        most = (size_t)m->cap[po][a] > most ? (size_t)m->cap[po][a] : most;
    dm.pair = sl_malloc(most * sizeof *dm.pair);
    dm.slot_off = sl_malloc(most * sizeof *dm.slot_off);
    dm.slot_req = sl_malloc(most * sizeof *dm.slot_req);
    dm.req_slot = sl_malloc(most * sizeof *dm.req_slot);
    dm.seen = sl_malloc(most);
    bool ok = day_of && by_day && dm.pair && dm.slot_off && dm.slot_req && dm.req_slot && dm.seen;
    if (!ok)
        goto done;
    for (int k = 0; k < n; k++) {
        assign[k] = -1;
        day_of[k] = -1;
        for (int i = f->head[req0 + k]; i >= 0; i = f->e[i].next)
            if (f->e[i].to >= pin0 && f->e[i].to < pin0 + days && !(i & 1) && f->e[i].cap == 0)
                day_of[k] = f->e[i].to - pin0;
    }
    for (int a = 0; a < days; a++) {
        int nr = 0;
        for (int k = 0; k < n; k++)
            if (day_of[k] == a)
                by_day[nr++] = k;
        if (!nr)
            continue;
        int ns = 0;
        for (int i = f->head[pout0 + a]; i >= 0; i = f->e[i].next) {
            int b = f->e[i].to - q0;
            if ((i & 1) || b < 0 || b >= days)
                continue;
            int sent = f->e[i ^ 1].cap; /* the flow on a -> b */
            for (int c = 0; c < sent && ns < nr; c++)
                dm.slot_off[ns++] = b - a + SL_PLAN_MAX_GAP;
        }
        dm.n = nr < ns ? nr : ns;
        for (int j = 0; j < nr && j < dm.n; j++) {
            int k = by_day[j];
            for (int o = 0; o <= 2 * SL_PLAN_MAX_GAP; o++)
                dm.pair[j][o] = -1;
            for (size_t pi = p->first[k]; pi < p->first[k + 1]; pi++)
                if (p->pairs[pi].day[po] == a) {
                    int o = p->pairs[pi].day[qo] - a + SL_PLAN_MAX_GAP;
                    if (dm.pair[j][o] < 0)
                        dm.pair[j][o] = (long)pi;
                }
            dm.slot_req[j] = dm.req_slot[j] = -1;
        }
        for (int j = 0; j < dm.n; j++) {
            memset(dm.seen, 0, (size_t)dm.n);
            kuhn(&dm, j);
        }
        for (int j = 0; j < dm.n; j++)
            if (dm.req_slot[j] >= 0)
                assign[by_day[j]] = dm.pair[j][dm.slot_off[dm.req_slot[j]]];
    }
done:
    sl_free(day_of);
    sl_free(by_day);
    sl_free(dm.pair);
    sl_free(dm.slot_off);
    sl_free(dm.slot_req);
    sl_free(dm.req_slot);
    sl_free(dm.seen);
    return ok;
}

/*
 * One orientation: the requests bind body p's day; body q's only through the
 * gap. With `assign`, also the pairs the flow suggests (decompose).
 */
static bool relaxation(const plan_muni *m, int days, const plan_pairs *p, int po, long *value,
                       long *assign)
{
    int qo = 1 - po;
    int n = (int)m->n_req;
    /* nodes: source, sink, requests, p's day in, p's day out, q's day */
    int src = 0, sink = 1, req0 = 2, pin0 = req0 + n, pout0 = pin0 + days, q0 = pout0 + days;
    int nodes = q0 + days;
    size_t req_edges = 0;
    for (size_t k = 0; k < m->n_req; k++) {
        size_t span = p->first[k + 1] - p->first[k];
        req_edges += span < (size_t)days ? span : (size_t)days;
    }
    size_t edges = 2 * ((size_t)n + req_edges + (size_t)days * (3 + 2 * SL_PLAN_MAX_GAP + 1));
    if (edges > INT_MAX / 2)
        return false;
    flow f = {0};
    unsigned char *seen = sl_calloc((size_t)days, 1);
    bool ok = seen && flow_init(&f, nodes, (int)edges);
    if (!ok)
        goto done;
    for (int k = 0; k < n; k++) {
        if (p->first[k + 1] == p->first[k])
            continue;
        add_edge(&f, src, req0 + k, 1);
        memset(seen, 0, (size_t)days);
        /* the search takes the edge added last first: add the best pairs last */
        for (size_t i = p->first[k + 1]; i-- > p->first[k];) {
            int a = p->pairs[i].day[po];
            if (!seen[a]) {
                seen[a] = 1;
                add_edge(&f, req0 + k, pin0 + a, 1);
            }
        }
    }
    for (int a = 0; a < days; a++) {
        if (m->cap[po][a] > 0)
            add_edge(&f, pin0 + a, pout0 + a, m->cap[po][a]);
        if (m->cap[qo][a] > 0)
            add_edge(&f, q0 + a, sink, m->cap[qo][a]);
        /* tried in the order a, a - 1, a + 1, a - 2, a + 2: the nearest first */
        for (int gap = SL_PLAN_MAX_GAP; gap >= 0; gap--)
            for (int side = 1; side >= (gap ? -1 : 1); side -= 2) {
                int b = a + side * gap;
                if (b >= 0 && b < days && m->cap[qo][b] > 0)
                    add_edge(&f, pout0 + a, q0 + b, INT_MAX / 4);
            }
    }
    *value = max_flow(&f, src, sink);
    if (assign)
        ok = decompose(&f, m, days, p, po, req0, pin0, pout0, q0, assign);
done:
    flow_free(&f);
    sl_free(seen);
    return ok;
}

bool plan_muni_bound(const plan_muni *m, int days, const plan_pairs *p, size_t *bound,
                     long *assign[SL_PLAN_ORGS])
{
    long img, ncg;
    if (!relaxation(m, days, p, SL_PLAN_IMG, &img, assign ? assign[SL_PLAN_IMG] : NULL) ||
        !relaxation(m, days, p, SL_PLAN_NCG, &ncg, assign ? assign[SL_PLAN_NCG] : NULL))
        return false;
    *bound = (size_t)(img < ncg ? img : ncg);
    return true;
}
