/*
 * doorlooptijden.c - lead times per phase and step (see doorlooptijden.h).
 * Per kind, one scan of the status changes in key order gathers each
 * record's changes (a few per record, a fraction of the records), then one
 * scan of the records in table order computes each record's stays with the
 * core and counts them in its municipality's view and the area's; only the
 * view asked for keeps the days themselves, for its percentiles. Two
 * sequential scans instead of a join: a lookup in the history's index per
 * record cost more than the rest together.
 */
#include "service/doorlooptijden.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/hashmap.h"
#include "core/vocab.h"
#include "service/suppression.h"
#include "store/records_store.h"

/* The rows of a view: the open phases, then the open steps. */
#define N_FASEN ((int)SL_FASE_AFGEHANDELD)
#define N_STAPPEN ((int)SL_STAP_OPGELEVERD)
#define ROWS (N_FASEN + N_STAPPEN)
enum { M_AFGEROND, M_LOPEND, MEASURES };

typedef struct days {
    int32_t *v;
    size_t n, cap;
} days;

typedef struct view {
    char code[SL_GEMEENTE_CAP];
    int64_t count[ROWS][MEASURES];
} view;

/* The changes of one record: ch[start .. start + n). */
typedef struct group {
    size_t start, n;
} group;

typedef struct gather {
    sl_store *st;
    view *v;
    size_t n_views, n_known, cap_views, want;
    days kept[ROWS][MEASURES]; /* of the view asked for */
    sl_stay_period period;
    sl_kind kind;
    /* the kind's changes, grouped per record; by_key: sleutel -> group */
    sl_status_change *ch;
    size_t n_ch, cap_ch;
    group *groups;
    size_t n_groups, cap_groups;
    sl_strmap *by_key;
    char last_key[SL_ID_CAP];
    size_t cur_view; /* of the record being counted */
} gather;

static bool oom(gather *g)
{
    return sl_store_fail(g->st, "onvoldoende geheugen");
}

static bool add_view(void *ctx, const char *code)
{
    gather *g = ctx;
    if (g->n_views == g->cap_views) {
        size_t cap = g->cap_views ? 2 * g->cap_views : 32;
        view *v = sl_realloc(g->v, cap * sizeof *v);
        if (!v)
            return oom(g);
        g->v = v;
        g->cap_views = cap;
    }
    view *v = &g->v[g->n_views++];
    memset(v, 0, sizeof *v);
    snprintf(v->code, sizeof v->code, "%s", code ? code : "");
    return true;
}

/* The view of a municipality code: [1, n_known) are the register's codes, ascending. */
static size_t view_of(const gather *g, const char *code)
{
    size_t lo = 1, hi = g->n_known;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(g->v[mid].code, code);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0; /* cannot happen: every address's code is a view */
}

static int status_parse(sl_kind kind, const char *s)
{
    if (!s)
        return -1;
    if (kind == SL_KIND_IMG) {
        sl_fase f;
        return sl_fase_parse(s, strlen(s), &f) ? (int)f : -1;
    }
    sl_stap st;
    return sl_stap_parse(s, strlen(s), &st) ? (int)st : -1;
}

static int row_of(sl_kind kind, int status)
{
    if (kind == SL_KIND_IMG)
        return status >= 0 && status < N_FASEN ? status : -1;
    return status >= 0 && status < N_STAPPEN ? N_FASEN + status : -1;
}

static bool keep(gather *g, days *d, int32_t dagen)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 1024;
        int32_t *v = sl_realloc(d->v, cap * sizeof *v);
        if (!v)
            return oom(g);
        d->v = v;
        d->cap = cap;
    }
    d->v[d->n++] = dagen;
    return true;
}

static bool count_stay(void *ctx, const sl_stay *s)
{
    gather *g = ctx;
    int row = row_of(g->kind, s->status);
    if (row < 0)
        return true; /* a closed status (afgehandeld, opgeleverd): no lead time */
    int m = s->afgerond ? M_AFGEROND : M_LOPEND;
    g->v[0].count[row][m]++;
    g->v[g->cur_view].count[row][m]++;
    if (g->want == 0 || g->want == g->cur_view)
        return keep(g, &g->kept[row][m], s->dagen);
    return true;
}

static bool grow(gather *g, void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t ncap = *cap ? 2 * *cap : 1024;
    void *q = sl_realloc(*p, ncap * size);
    if (!q)
        return oom(g);
    *p = q;
    *cap = ncap;
    return true;
}

static bool change_row(void *ctx, const sl_status_change_row *r)
{
    gather *g = ctx;
    const char *key = r->sleutel ? r->sleutel : "";
    if (!grow(g, (void **)&g->ch, &g->cap_ch, g->n_ch, sizeof *g->ch))
        return false;
    if (g->n_groups == 0 || strcmp(g->last_key, key) != 0) {
        if (!grow(g, (void **)&g->groups, &g->cap_groups, g->n_groups, sizeof *g->groups) ||
            !sl_strmap_put(g->by_key, key, strlen(key), (int64_t)g->n_groups))
            return oom(g);
        g->groups[g->n_groups++] = (group){g->n_ch, 0};
        snprintf(g->last_key, sizeof g->last_key, "%s", key);
    }
    g->ch[g->n_ch++] = (sl_status_change){status_parse(g->kind, r->van),
                                          status_parse(g->kind, r->naar), r->datum,
                                          r->van_sinds};
    g->groups[g->n_groups - 1].n++;
    return true;
}

static bool record_row(void *ctx, const sl_status_record_row *r)
{
    gather *g = ctx;
    const char *key = r->sleutel ? r->sleutel : "";
    sl_status_track t = {.status = status_parse(g->kind, r->status), .sinds = r->sinds,
                         .absent = r->absent,
                         .order = g->kind == SL_KIND_IMG ? SL_ORDER_FASE : SL_ORDER_STAP};
    int64_t gi;
    if (sl_strmap_get(g->by_key, key, strlen(key), &gi)) {
        t.changes = g->ch + g->groups[gi].start;
        t.n = g->groups[gi].n;
    }
    g->cur_view = view_of(g, r->gemeentecode ? r->gemeentecode : "");
    return sl_track_stays(&t, g->period, count_stay, g);
}

static bool scan_kind(gather *g, sl_kind kind)
{
    g->kind = kind;
    g->n_ch = g->n_groups = 0;
    sl_strmap_free(g->by_key);
    g->by_key = sl_strmap_new(1024);
    if (!g->by_key)
        return oom(g);
    return sl_store_scan_status_changes(g->st, kind, change_row, g) &&
           sl_store_scan_status_records(g->st, kind, record_row, g);
}

static bool read_all(gather *g, const char *gemeentecode)
{
    if (!sl_store_read_begin(g->st))
        return false;
    bool ok = add_view(g, NULL) && sl_store_gemeentecodes(g->st, add_view, g);
    g->n_known = g->n_views;
    g->want = 0;
    if (ok && gemeentecode) {
        for (size_t i = 1; i < g->n_known; i++)
            if (strcmp(g->v[i].code, gemeentecode) == 0)
                g->want = i;
        if (g->want == 0) { /* a code without addresses: a view of zeros, shown as such */
            ok = add_view(g, gemeentecode);
            g->want = g->n_views - 1;
        }
    }
    ok = ok && scan_kind(g, SL_KIND_IMG) && scan_kind(g, SL_KIND_NCG);
    sl_store_read_end(g->st);
    return ok;
}

/* cell of (view, row, measure) */
static size_t cell(size_t v, int row, int m)
{
    return (v * ROWS + (size_t)row) * MEASURES + (size_t)m;
}

/* Every view's counts, the area the sum of its municipalities (cells in cell() order). */
static sl_suppression *suppress(const gather *g, int32_t onder)
{
    sl_suppression *sup = sl_suppression_new(onder);
    size_t *parts = sl_malloc((g->n_views + 1) * sizeof *parts);
    if (!sup || !parts) {
        sl_free(parts);
        sl_suppression_free(sup);
        return NULL;
    }
    for (size_t v = 0; v < g->n_views; v++)
        for (int r = 0; r < ROWS; r++)
            for (int m = 0; m < MEASURES; m++)
                sl_suppression_cell(sup, g->v[v].count[r][m]);
    for (int r = 0; r < ROWS && g->n_views > 1; r++)
        for (int m = 0; m < MEASURES; m++) {
            for (size_t v = 1; v < g->n_views; v++)
                parts[v - 1] = cell(v, r, m);
            sl_suppression_sum(sup, cell(0, r, m), parts, g->n_views - 1);
        }
    sl_free(parts);
    if (!sl_suppression_run(sup)) {
        sl_suppression_free(sup);
        return NULL;
    }
    return sup;
}

static json_t *days_json(double d, bool shown)
{
    return shown ? json_real(round(d * 10.0) / 10.0) : json_null();
}

static json_t *measure_json(gather *g, const sl_suppression *sup, int row, int m)
{
    days *d = &g->kept[row][m];
    sl_doorlooptijd dt;
    sl_doorlooptijd_of(d->v, d->n, &dt);
    size_t c = cell(g->want, row, m);
    bool shown = dt.aantal > 0 && !(sup && sl_suppression_hidden(sup, c));
    return json_pack("{s:o, s:o, s:o}", "aantal", sl_suppressed_count_json(sup, c, dt.aantal),
                     "mediaan_dagen", days_json(dt.mediaan, shown), "p80_dagen",
                     days_json(dt.p80, shown));
}

static json_t *rows_json(gather *g, const sl_suppression *sup, sl_kind kind)
{
    json_t *a = json_array();
    int n = kind == SL_KIND_IMG ? N_FASEN : N_STAPPEN;
    for (int s = 0; a && s < n; s++) {
        int row = row_of(kind, s);
        json_t *o = json_pack("{s:s, s:o, s:o}", kind == SL_KIND_IMG ? "fase" : "stap",
                              kind == SL_KIND_IMG ? sl_fase_name((sl_fase)s)
                                                  : sl_stap_name((sl_stap)s),
                              "afgerond", measure_json(g, sup, row, M_AFGEROND), "lopend",
                              measure_json(g, sup, row, M_LOPEND));
        if (!o || json_array_append_new(a, o) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *date_json(sl_date d)
{
    if (d == SL_DATE_NONE)
        return json_null();
    char buf[11];
    sl_date_format(d, buf);
    return json_string(buf);
}

static json_t *answer(gather *g, const sl_suppression *sup, const char *gemeentecode)
{
    json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:o}", "gemeente",
                          gemeentecode ? json_string(gemeentecode) : json_null(), "van",
                          date_json(g->period.van), "tot_en_met", date_json(g->period.tot),
                          "schades", rows_json(g, sup, SL_KIND_IMG), "trajecten",
                          rows_json(g, sup, SL_KIND_NCG));
    if (o && sup && !sl_suppressed_summary(o, sl_suppression_onder(sup))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

bool sl_doorlooptijden_json(sl_store *st, const sl_sharing_config *cfg, const char *gemeentecode,
                            sl_stay_period period, json_t **out)
{
    *out = NULL;
    gather g = {.st = st, .period = period};
    bool ok = read_all(&g, gemeentecode);
    sl_suppression *sup = NULL;
    if (ok && cfg) {
        sup = suppress(&g, sl_suppression_threshold(cfg));
        ok = sup || oom(&g);
    }
    if (ok) {
        *out = answer(&g, sup, gemeentecode);
        ok = *out || oom(&g);
    }
    sl_suppression_free(sup);
    for (int r = 0; r < ROWS; r++)
        for (int m = 0; m < MEASURES; m++)
            sl_free(g.kept[r][m].v);
    sl_free(g.ch);
    sl_free(g.groups);
    sl_strmap_free(g.by_key);
    sl_free(g.v);
    return ok;
}
