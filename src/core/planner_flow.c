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
    if (!f->e || !f->head || !f->level || !f->iter || !f->queue)
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

/* The graph has five layers, so the recursion is at most five deep. */
static int dfs(flow *f, int v, int t, int pushed)
{
    if (v == t)
        return pushed;
    for (; f->iter[v] >= 0; f->iter[v] = f->e[f->iter[v]].next) {
        edge *ed = &f->e[f->iter[v]];
        if (ed->cap <= 0 || f->level[ed->to] != f->level[v] + 1)
            continue;
        int got = dfs(f, ed->to, t, pushed < ed->cap ? pushed : ed->cap);
        if (got > 0) {
            ed->cap -= got;
            f->e[f->iter[v] ^ 1].cap += got;
            return got;
        }
    }
    return 0;
}

static long max_flow(flow *f, int s, int t)
{
    long total = 0;
    while (bfs(f, s, t)) {
        memcpy(f->iter, f->head, (size_t)f->n_nodes * sizeof *f->iter);
        int got;
        while ((got = dfs(f, s, t, INT_MAX)) > 0)
            total += got;
    }
    return total;
}

/* One orientation: the requests bind body p's day; body q's only through the gap. */
static bool relaxation(const plan_muni *m, int days, const plan_pairs *p, int po, long *value)
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
        for (size_t i = p->first[k]; i < p->first[k + 1]; i++) {
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
        for (int b = a - SL_PLAN_MAX_GAP; b <= a + SL_PLAN_MAX_GAP; b++)
            if (b >= 0 && b < days && m->cap[qo][b] > 0)
                add_edge(&f, pout0 + a, q0 + b, INT_MAX / 4);
    }
    *value = max_flow(&f, src, sink);
done:
    flow_free(&f);
    sl_free(seen);
    return ok;
}

bool plan_muni_bound(const plan_muni *m, int days, const plan_pairs *p, size_t *bound)
{
    long img, ncg;
    if (!relaxation(m, days, p, SL_PLAN_IMG, &img) || !relaxation(m, days, p, SL_PLAN_NCG, &ncg))
        return false;
    *bound = (size_t)(img < ncg ? img : ncg);
    return true;
}
