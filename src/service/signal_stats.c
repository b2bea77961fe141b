/*
 * signal_stats.c - signals raised and handled per ISO week (see
 * signal_stats.h). The store counts per UTC day and rule (an index range, a
 * few hundred rows at most); the weeks, the rule columns and the suppression
 * are decided here.
 */
#include "service/signal_stats.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/suppression.h"
#include "service/suppression.h"
#include "store/records_store.h"
#include "store/signals_store.h"

#define MAX_REGELS 64

enum { AANGEMAAKT, AFGEHANDELD, MEASURES };

typedef struct week_counts {
    int64_t total[MEASURES];
    int64_t per[MAX_REGELS][MEASURES];
} week_counts;

/* One municipality's weeks, or (view 0) the whole area's. */
typedef struct view {
    char code[SL_GEMEENTE_CAP];
    week_counts *w;
} view;

typedef struct gather {
    sl_store *st;
    sl_date first_monday;
    int weken;
    view *v;
    size_t n_views, cap_views, cur;
    int32_t regel[MAX_REGELS]; /* rule numbers in order of first sight */
    size_t n_regels;
} gather;

/* The column of rule r, added when new; -1 when there are too many rules. */
static int regel_index(gather *g, int32_t r)
{
    for (size_t i = 0; i < g->n_regels; i++)
        if (g->regel[i] == r)
            return (int)i;
    if (g->n_regels == MAX_REGELS)
        return -1;
    g->regel[g->n_regels] = r;
    return (int)g->n_regels++;
}

static bool add_view(void *ctx, const char *code)
{
    gather *g = ctx;
    if (g->n_views == g->cap_views) {
        size_t cap = g->cap_views ? 2 * g->cap_views : 32;
        view *v = sl_realloc(g->v, cap * sizeof *v);
        if (!v)
            return sl_store_fail(g->st, "onvoldoende geheugen");
        g->v = v;
        g->cap_views = cap;
    }
    view *v = &g->v[g->n_views];
    snprintf(v->code, sizeof v->code, "%s", code ? code : "");
    v->w = sl_calloc((size_t)g->weken, sizeof *v->w);
    if (!v->w)
        return sl_store_fail(g->st, "onvoldoende geheugen");
    g->n_views++;
    return true;
}

static bool on_day(void *ctx, sl_date dag, int32_t regel, int64_t aangemaakt, int64_t afgehandeld)
{
    gather *g = ctx;
    sl_date monday = sl_date_week_start(dag);
    if (monday < g->first_monday)
        return true; /* cannot happen: the store reads only the period */
    int64_t wi = (monday - g->first_monday) / 7;
    if (wi >= g->weken)
        return true;
    int ri = regel_index(g, regel);
    if (ri < 0)
        return sl_store_fail(g->st, "te veel signaalregels voor de signaalcijfers");
    week_counts *w = &g->v[g->cur].w[wi];
    w->per[ri][AANGEMAAKT] += aangemaakt;
    w->per[ri][AFGEHANDELD] += afgehandeld;
    w->total[AANGEMAAKT] += aangemaakt;
    w->total[AFGEHANDELD] += afgehandeld;
    return true;
}

/* Sorts the rule columns by number, moving each view's counts along. */
static void sort_regels(gather *g)
{
    for (size_t i = 1; i < g->n_regels; i++)
        for (size_t j = i; j > 0 && g->regel[j - 1] > g->regel[j]; j--) {
            int32_t t = g->regel[j];
            g->regel[j] = g->regel[j - 1];
            g->regel[j - 1] = t;
            for (size_t v = 0; v < g->n_views; v++)
                for (int k = 0; k < g->weken; k++)
                    for (int m = 0; m < MEASURES; m++) {
                        int64_t c = g->v[v].w[k].per[j][m];
                        g->v[v].w[k].per[j][m] = g->v[v].w[k].per[j - 1][m];
                        g->v[v].w[k].per[j - 1][m] = c;
                    }
        }
}

/*
 * The suppression model: per week and measure one table of views (the area,
 * then each municipality) by columns (the total, then each rule). A view's
 * total is the sum of its rules; the area's column the sum of the
 * municipalities'. Weeks and measures share no sum, so each week's hidden
 * cells do not depend on which other weeks are asked for.
 */
static size_t cell_of(const gather *g, int k, int m, size_t v, size_t col)
{
    size_t cols = g->n_regels + 1;
    return (((size_t)k * MEASURES + (size_t)m) * g->n_views + v) * cols + col;
}

static int64_t count_of(const gather *g, int k, int m, size_t v, size_t col)
{
    const week_counts *w = &g->v[v].w[k];
    return col == 0 ? w->total[m] : w->per[col - 1][m];
}

static sl_suppression *suppress(const gather *g, int32_t onder)
{
    sl_suppression *sup = sl_suppression_new(onder);
    size_t n = g->n_views > g->n_regels ? g->n_views : g->n_regels;
    size_t *parts = sl_malloc((n ? n : 1) * sizeof *parts);
    if (!sup || !parts) {
        sl_free(parts);
        sl_suppression_free(sup);
        return NULL;
    }
    size_t cols = g->n_regels + 1;
    for (int k = 0; k < g->weken; k++)
        for (int m = 0; m < MEASURES; m++)
            for (size_t v = 0; v < g->n_views; v++)
                for (size_t col = 0; col < cols; col++)
                    sl_suppression_cell(sup, count_of(g, k, m, v, col));
    for (int k = 0; k < g->weken; k++)
        for (int m = 0; m < MEASURES; m++) {
            for (size_t v = 0; v < g->n_views; v++) {
                for (size_t r = 0; r < g->n_regels; r++)
                    parts[r] = cell_of(g, k, m, v, r + 1);
                sl_suppression_sum(sup, cell_of(g, k, m, v, 0), parts, g->n_regels);
            }
            for (size_t col = 0; col < cols && g->n_views > 1; col++) {
                for (size_t v = 1; v < g->n_views; v++)
                    parts[v - 1] = cell_of(g, k, m, v, col);
                sl_suppression_sum(sup, cell_of(g, k, m, 0, col), parts, g->n_views - 1);
            }
        }
    sl_free(parts);
    if (!sl_suppression_run(sup)) {
        sl_suppression_free(sup);
        return NULL;
    }
    return sup;
}

static json_t *count_json(const gather *g, const sl_suppression *sup, int k, int m, size_t v,
                          size_t col)
{
    return sl_suppressed_count_json(sup, cell_of(g, k, m, v, col), count_of(g, k, m, v, col));
}

static json_t *week_json(const gather *g, const sl_suppression *sup, size_t v, int k)
{
    sl_date van = g->first_monday + 7 * k;
    char label[16], d1[11], d2[11];
    int iso_year, week;
    sl_date_iso_week(van, &iso_year, &week);
    snprintf(label, sizeof label, "%04d-W%02d", iso_year, week);
    sl_date_format(van, d1);
    sl_date_format(van + 6, d2);
    json_t *per = json_object();
    for (size_t r = 0; per && r < g->n_regels; r++) {
        char key[16];
        snprintf(key, sizeof key, "%d", (int)g->regel[r]);
        json_t *c = json_pack("{s:o, s:o}", "aangemaakt",
                              count_json(g, sup, k, AANGEMAAKT, v, r + 1), "afgehandeld",
                              count_json(g, sup, k, AFGEHANDELD, v, r + 1));
        if (!c || json_object_set_new(per, key, c) != 0) {
            json_decref(per);
            per = NULL;
        }
    }
    if (!per)
        return NULL;
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "week", label, "van", d1, "tot_en_met",
                     d2, "aangemaakt", count_json(g, sup, k, AANGEMAAKT, v, 0), "afgehandeld",
                     count_json(g, sup, k, AFGEHANDELD, v, 0), "per_regel", per);
}

/* The rule columns (the active rule set's, then any other met) and every view's counts. */
static bool read_views(gather *g, sl_date today, const char *gemeentecode, size_t *want)
{
    sl_store *st = g->st;
    sl_ruleset *rs = sl_malloc(sizeof *rs);
    if (!rs)
        return sl_store_fail(st, "onvoldoende geheugen");
    bool ok = sl_store_read_begin(st);
    if (!ok) {
        sl_free(rs);
        return false;
    }
    ok = sl_store_signal_ruleset(st, rs);
    for (size_t i = 0; ok && i < rs->n; i++)
        ok = regel_index(g, rs->rules[i].regel) >= 0 ||
             sl_store_fail(st, "te veel signaalregels voor de signaalcijfers");
    sl_free(rs);
    ok = ok && add_view(g, NULL) && sl_store_gemeentecodes(st, add_view, g);
    *want = 0;
    for (size_t i = 1; ok && gemeentecode && i < g->n_views; i++)
        if (strcmp(g->v[i].code, gemeentecode) == 0)
            *want = i;
    if (ok && gemeentecode && *want == 0) { /* no addresses there: zeros */
        ok = add_view(g, gemeentecode);
        *want = g->n_views - 1;
    }
    for (g->cur = 0; ok && g->cur < g->n_views; g->cur++)
        ok = sl_store_signal_day_counts(st, g->first_monday, sl_date_week_start(today) + 6,
                                        g->cur == 0 ? NULL : g->v[g->cur].code, on_day, g);
    sl_store_read_end(st);
    return ok;
}

bool sl_signal_stats_json(sl_store *st, const sl_sharing_config *cfg, sl_date today, int weken,
                          const char *gemeentecode, json_t **out)
{
    *out = NULL;
    if (weken < SL_SIGNAL_STATS_WEKEN_MIN || weken > SL_SIGNAL_STATS_WEKEN_MAX ||
        today == SL_DATE_NONE)
        return sl_store_fail(st, "ongeldige periode voor de signaalcijfers");
    gather g = {.st = st, .weken = weken};
    g.first_monday = sl_date_week_start(today) - 7 * (weken - 1);
    size_t want = 0;
    bool ok = read_views(&g, today, gemeentecode, &want);
    sl_suppression *sup = NULL;
    if (ok) {
        sort_regels(&g);
        sup = suppress(&g, sl_suppression_threshold(cfg));
    }
    json_t *list = sup ? json_array() : NULL;
    for (int k = 0; list && k < weken; k++) {
        json_t *wk = week_json(&g, sup, want, k);
        if (!wk || json_array_append_new(list, wk) != 0) {
            json_decref(list);
            list = NULL;
        }
    }
    if (list) {
        *out = json_pack("{s:o, s:o}", "weken", list, "gemeente",
                         gemeentecode ? json_string(gemeentecode) : json_null());
        if (*out && !sl_suppressed_summary(*out, sl_suppression_onder(sup))) {
            json_decref(*out);
            *out = NULL;
        }
    }
    sl_suppression_free(sup);
    for (size_t i = 0; i < g.n_views; i++)
        sl_free(g.v[i].w);
    sl_free(g.v);
    if (!ok)
        return false;
    if (!*out)
        return sl_store_fail(st, "onvoldoende geheugen");
    return true;
}
