/*
 * opname_stats.c - joint inspections planned and done per municipality
 * (opname_stats.h). The inspections are few (each a confirmed appointment), so
 * they are read once, grouped per request, and counted here.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/suppression.h"
#include "service/opname_stats.h"
#include "service/suppression.h"
#include "store/opnames_store.h"

enum { GEPLAND, GEDAAN, MEASURES };
static const char *const measure_names[MEASURES] = {"gepland", "gedaan"};

typedef struct joint {
    int64_t verzoek;
    char gemeentecode[5];
    sl_date last; /* the later of the two days */
    int orgs;     /* bit per body that has its inspection */
} joint;

typedef struct muni {
    char code[5];
    int64_t n[MEASURES];
    size_t cell[MEASURES];
} muni;

typedef struct gather {
    joint *j;
    size_t n, cap;
} gather;

static bool on_opname(void *ctx, const sl_opname *o)
{
    gather *g = ctx;
    if (g->n && g->j[g->n - 1].verzoek == o->opnameverzoek_id) {
        joint *last = &g->j[g->n - 1];
        last->orgs |= 1 << o->org;
        if (o->datum > last->last)
            last->last = o->datum;
        return true;
    }
    if (g->n == g->cap) {
        size_t ncap = g->cap ? g->cap * 2 : 64;
        joint *more = sl_realloc(g->j, ncap * sizeof *more);
        if (!more)
            return false;
        g->j = more;
        g->cap = ncap;
    }
    joint *nj = &g->j[g->n++];
    memset(nj, 0, sizeof *nj);
    nj->verzoek = o->opnameverzoek_id;
    memcpy(nj->gemeentecode, o->gemeentecode, sizeof nj->gemeentecode);
    nj->last = o->datum;
    nj->orgs = 1 << o->org;
    return true;
}

static int by_verzoek(const void *a, const void *b)
{
    const joint *x = a, *y = b;
    return (x->verzoek > y->verzoek) - (x->verzoek < y->verzoek);
}

/* The inspections come by date: fold the rows of one request, which need not be adjacent. */
static void fold(gather *g)
{
    if (g->n == 0)
        return; /* qsort of no array: NULL is not a valid base */
    qsort(g->j, g->n, sizeof *g->j, by_verzoek);
    size_t w = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (w && g->j[w - 1].verzoek == g->j[i].verzoek) {
            g->j[w - 1].orgs |= g->j[i].orgs;
            if (g->j[i].last > g->j[w - 1].last)
                g->j[w - 1].last = g->j[i].last;
        } else {
            g->j[w++] = g->j[i];
        }
    }
    g->n = w;
}

static muni *muni_of(muni **m, size_t *n, const char *code)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*m)[i].code, code) == 0)
            return &(*m)[i];
    muni *more = sl_realloc(*m, (*n + 1) * sizeof *more);
    if (!more)
        return NULL;
    *m = more;
    muni *x = &more[(*n)++];
    memset(x, 0, sizeof *x);
    memcpy(x->code, code, sizeof x->code);
    return x;
}

static int by_code(const void *a, const void *b)
{
    return strcmp(((const muni *)a)->code, ((const muni *)b)->code);
}

static json_t *counts_json(const sl_suppression *sup, const size_t cell[MEASURES],
                           const int64_t n[MEASURES])
{
    json_t *o = json_object();
    for (int k = 0; o && k < MEASURES; k++)
        json_object_set_new(o, measure_names[k], sl_suppressed_count_json(sup, cell[k], n[k]));
    return o;
}

static json_t *answer(const muni *m, size_t n_m, const sl_suppression *sup,
                      const size_t total_cell[MEASURES], const int64_t total[MEASURES],
                      const char *gemeentecode, sl_date today)
{
    json_t *rows = json_array();
    const muni *own = NULL;
    for (size_t i = 0; rows && i < n_m; i++) {
        if (gemeentecode && strcmp(m[i].code, gemeentecode) != 0)
            continue;
        own = &m[i];
        json_t *row = counts_json(sup, m[i].cell, m[i].n);
        if (row)
            json_object_set_new(row, "gemeentecode", json_string(m[i].code));
        json_array_append_new(rows, row);
    }
    static const int64_t zero[MEASURES] = {0};
    static const size_t no_cell[MEASURES] = {0};
    json_t *tot = gemeentecode ? (own ? counts_json(sup, own->cell, own->n)
                                      : counts_json(NULL, no_cell, zero))
                               : counts_json(sup, total_cell, total);
    char day[11];
    sl_date_format(today, day);
    json_t *o = json_pack("{s:o, s:o, s:o, s:s}", "gemeenten", rows, "totaal", tot, "gemeente",
                          gemeentecode ? json_string(gemeentecode) : json_null(), "peildatum",
                          day);
    if (o && !sl_suppressed_summary(o, sl_suppression_onder(sup))) {
        json_decref(o);
        o = NULL;
    }
    return o;
}

bool sl_opname_stats_json(sl_store *st, const sl_sharing_config *cfg, sl_date today,
                          const char *gemeentecode, json_t **out)
{
    *out = NULL;
    gather g = {0};
    if (!sl_store_opnames_scan(st, SL_DATE_NONE, SL_DATE_NONE, 0, on_opname, &g)) {
        sl_free(g.j);
        return false;
    }
    fold(&g);
    muni *m = NULL;
    size_t n_m = 0;
    int64_t total[MEASURES] = {0};
    bool ok = true;
    for (size_t i = 0; ok && i < g.n; i++) {
        if (g.j[i].orgs != ((1 << SL_PLAN_IMG) | (1 << SL_PLAN_NCG)))
            continue; /* not a joint inspection */
        muni *x = muni_of(&m, &n_m, g.j[i].gemeentecode);
        int k = g.j[i].last < today ? GEDAAN : GEPLAND;
        if (!(ok = x != NULL))
            break;
        x->n[k]++;
        total[k]++;
    }
    sl_free(g.j);
    if (n_m)
        qsort(m, n_m, sizeof *m, by_code);
    /* each measure: the municipalities' cells and the area's total, linked by the sum */
    sl_suppression *sup = ok ? sl_suppression_new(sl_suppression_threshold(cfg)) : NULL;
    size_t total_cell[MEASURES] = {0};
    size_t *parts = ok ? sl_calloc(n_m + 1, sizeof *parts) : NULL;
    ok = sup && parts;
    for (int k = 0; ok && k < MEASURES; k++) {
        for (size_t i = 0; i < n_m; i++)
            parts[i] = m[i].cell[k] = sl_suppression_cell(sup, m[i].n[k]);
        total_cell[k] = sl_suppression_cell(sup, total[k]);
        sl_suppression_sum(sup, total_cell[k], parts, n_m);
    }
    ok = ok && sl_suppression_run(sup);
    if (ok)
        *out = answer(m, n_m, sup, total_cell, total, gemeentecode, today);
    sl_free(parts);
    sl_suppression_free(sup);
    sl_free(m);
    return *out || sl_store_fail(st, "onvoldoende geheugen");
}
