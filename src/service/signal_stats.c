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

#define MAX_REGELS 64

enum { AANGEMAAKT, AFGEHANDELD, MEASURES };

typedef struct week_counts {
    int64_t total[MEASURES];
    int64_t per[MAX_REGELS][MEASURES];
} week_counts;

typedef struct gather {
    sl_store *st;
    sl_date first_monday;
    int weken;
    week_counts *w;
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
    week_counts *w = &g->w[wi];
    w->per[ri][AANGEMAAKT] += aangemaakt;
    w->per[ri][AFGEHANDELD] += afgehandeld;
    w->total[AANGEMAAKT] += aangemaakt;
    w->total[AFGEHANDELD] += afgehandeld;
    return true;
}

/* Sorts the rule columns by number, moving each week's counts along. */
static void sort_regels(gather *g)
{
    for (size_t i = 1; i < g->n_regels; i++)
        for (size_t j = i; j > 0 && g->regel[j - 1] > g->regel[j]; j--) {
            int32_t t = g->regel[j];
            g->regel[j] = g->regel[j - 1];
            g->regel[j - 1] = t;
            for (int k = 0; k < g->weken; k++)
                for (int m = 0; m < MEASURES; m++) {
                    int64_t c = g->w[k].per[j][m];
                    g->w[k].per[j][m] = g->w[k].per[j - 1][m];
                    g->w[k].per[j - 1][m] = c;
                }
        }
}

/*
 * Which counts of one week and measure are hidden: the small ones, and when
 * the total is shown and only one rule's count is hidden, also the smallest
 * other non-zero one (else the total minus the shown ones is the hidden one).
 */
static void decide_hidden(const sl_sharing_config *cfg, const week_counts *w, int m, size_t n,
                          bool *total_hidden, bool hidden[MAX_REGELS])
{
    *total_hidden = sl_share_count_shown(cfg, w->total[m]) < 0;
    size_t n_hidden = 0;
    for (size_t r = 0; r < n; r++) {
        hidden[r] = sl_share_count_shown(cfg, w->per[r][m]) < 0;
        n_hidden += hidden[r];
    }
    if (*total_hidden || n_hidden != 1)
        return;
    int best = -1;
    for (size_t r = 0; r < n; r++)
        if (!hidden[r] && w->per[r][m] > 0 && (best < 0 || w->per[r][m] < w->per[best][m]))
            best = (int)r;
    if (best >= 0)
        hidden[best] = true;
}

static json_t *count_json(int64_t n, bool hide)
{
    return hide ? json_null() : json_integer((json_int_t)n);
}

static json_t *week_json(const gather *g, const sl_sharing_config *cfg, int k, bool *any_hidden)
{
    const week_counts *w = &g->w[k];
    bool total_hidden[MEASURES], hidden[MEASURES][MAX_REGELS];
    for (int m = 0; m < MEASURES; m++) {
        decide_hidden(cfg, w, m, g->n_regels, &total_hidden[m], hidden[m]);
        *any_hidden |= total_hidden[m];
        for (size_t r = 0; r < g->n_regels; r++)
            *any_hidden |= hidden[m][r];
    }
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
                              count_json(w->per[r][AANGEMAAKT], hidden[AANGEMAAKT][r]),
                              "afgehandeld",
                              count_json(w->per[r][AFGEHANDELD], hidden[AFGEHANDELD][r]));
        if (!c || json_object_set_new(per, key, c) != 0) {
            json_decref(per);
            per = NULL;
        }
    }
    if (!per)
        return NULL;
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "week", label, "van", d1, "tot_en_met",
                     d2, "aangemaakt",
                     count_json(w->total[AANGEMAAKT], total_hidden[AANGEMAAKT]), "afgehandeld",
                     count_json(w->total[AFGEHANDELD], total_hidden[AFGEHANDELD]), "per_regel",
                     per);
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
    g.w = sl_calloc((size_t)weken, sizeof *g.w);
    if (!g.w)
        return sl_store_fail(st, "onvoldoende geheugen");
    sl_ruleset *rs = sl_malloc(sizeof *rs);
    bool ok = rs && sl_store_signal_ruleset(st, rs);
    if (!rs)
        sl_store_fail(st, "onvoldoende geheugen");
    for (size_t i = 0; ok && i < rs->n; i++)
        ok = regel_index(&g, rs->rules[i].regel) >= 0 ||
             sl_store_fail(st, "te veel signaalregels voor de signaalcijfers");
    sl_free(rs);
    ok = ok && sl_store_signal_day_counts(st, g.first_monday, sl_date_week_start(today) + 6,
                                          gemeentecode, on_day, &g);
    json_t *list = ok ? json_array() : NULL;
    bool any_hidden = false;
    if (list) {
        sort_regels(&g);
        for (int k = 0; k < weken; k++) {
            json_t *wk = week_json(&g, cfg, k, &any_hidden);
            if (!wk || json_array_append_new(list, wk) != 0) {
                json_decref(list);
                list = NULL;
                break;
            }
        }
    }
    sl_free(g.w);
    if (!ok)
        return false;
    if (list)
        *out = json_pack("{s:o, s:o, s:b, s:i}", "weken", list, "gemeente",
                         gemeentecode ? json_string(gemeentecode) : json_null(), "onderdrukt",
                         any_hidden, "min_aantal",
                         (int)(cfg && cfg->min_aantal > 0 ? cfg->min_aantal : 1));
    if (!*out)
        return sl_store_fail(st, "onvoldoende geheugen");
    return true;
}
