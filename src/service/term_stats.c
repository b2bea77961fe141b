/*
 * term_stats.c - the dashboard's term figures (see term_stats.h). One pass over
 * the register's terms (service/termijnen.h) and one over the ledger; the
 * municipality is the first four digits of the address's BAG id, as the
 * terms list's filter takes it.
 */
#include "service/term_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "core/suppression.h"
#include "service/suppression.h"
#include "service/termijnen.h"
#include "store/termijnen_store.h"

static const char *const orgs[] = {"IMG", "NCG"};
enum { N_ORGS = 2 };
enum { DREIGEND, VERSTREKEN, ADRESSEN, MEASURES };

typedef struct muni {
    char code[5];
    int64_t n[N_ORGS][MEASURES];
    int64_t verschuldigd[N_ORGS], betaald[N_ORGS];
    size_t cell[N_ORGS][MEASURES];
} muni;

typedef struct gather {
    sl_store *st;
    sl_date today;
    muni *m;
    size_t n, cap;
    bool oom;
} gather;

static int org_index(const char *org)
{
    for (int i = 0; i < N_ORGS; i++)
        if (strcmp(org, orgs[i]) == 0)
            return i;
    return -1;
}

/* The municipality of an address, added when new; NULL when memory runs out. */
static muni *muni_of(gather *g, int64_t address_id)
{
    char id[17];
    sl_bag_format(address_id, id);
    for (size_t i = 0; i < g->n; i++)
        if (strncmp(g->m[i].code, id, 4) == 0)
            return &g->m[i];
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 16;
        muni *m = sl_realloc(g->m, cap * sizeof *m);
        if (!m) {
            g->oom = true;
            return NULL;
        }
        g->m = m;
        g->cap = cap;
    }
    muni *m = &g->m[g->n++];
    memset(m, 0, sizeof *m);
    memcpy(m->code, id, 4);
    return m;
}

static bool term_cb(void *ctx, const sl_termijn_item *it)
{
    gather *g = ctx;
    int o = org_index(it->def->organisatie);
    const sl_termijn_uitkomst *u = &it->uitkomst;
    bool open = it->eind_gebeurtenis == SL_DATE_NONE;
    bool dreigend = open && u->status != SL_TERMIJN_VERSTREKEN && u->einde >= g->today &&
                    u->einde - g->today <= SL_TERM_STATS_VENSTER;
    bool verstreken = open && u->status == SL_TERMIJN_VERSTREKEN;
    if (o < 0 || (!dreigend && !verstreken))
        return true;
    muni *m = muni_of(g, it->nummeraanduiding_id);
    if (!m)
        return false;
    m->n[o][dreigend ? DREIGEND : VERSTREKEN]++;
    return true;
}

/* The ledger's addresses per body, each counted once. */
typedef struct seen {
    int64_t *v;
    size_t n, cap;
} seen;

static bool seen_add(seen *s, int64_t x, bool *added)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == x) {
            *added = false;
            return true;
        }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        int64_t *v = sl_realloc(s->v, cap * sizeof *v);
        if (!v)
            return false;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = x;
    *added = true;
    return true;
}

typedef struct ledger_ctx {
    gather *g;
    seen seen[N_ORGS];
} ledger_ctx;

static bool ledger_cb(void *ctx, const sl_grootboekpost *p)
{
    ledger_ctx *l = ctx;
    int o = org_index(p->organisatie);
    if (o < 0)
        return true;
    muni *m = muni_of(l->g, p->address_id);
    bool added;
    if (!m || !seen_add(&l->seen[o], p->address_id, &added)) {
        l->g->oom = true;
        return false;
    }
    if (added)
        m->n[o][ADRESSEN]++;
    if (strcmp(p->soort, "betaling") == 0)
        m->betaald[o] += p->bedrag_centen;
    else
        m->verschuldigd[o] += p->bedrag_centen;
    return true;
}

/* The whole area's counts as one more municipality (code ""). */
typedef struct totals {
    int64_t n[N_ORGS][MEASURES];
    int64_t verschuldigd[N_ORGS], betaald[N_ORGS];
    size_t cell[N_ORGS][MEASURES];
} totals;

static sl_suppression *suppress(gather *g, totals *t, int32_t onder)
{
    sl_suppression *s = sl_suppression_new(onder);
    if (!s)
        return NULL;
    size_t *parts = sl_calloc(g->n ? g->n : 1, sizeof *parts);
    if (!parts) {
        sl_suppression_free(s);
        return NULL;
    }
    for (int o = 0; o < N_ORGS; o++)
        for (int k = 0; k < MEASURES; k++) {
            t->cell[o][k] = sl_suppression_cell(s, t->n[o][k]);
            for (size_t i = 0; i < g->n; i++)
                parts[i] = g->m[i].cell[o][k] = sl_suppression_cell(s, g->m[i].n[o][k]);
            sl_suppression_sum(s, t->cell[o][k], parts, g->n);
        }
    sl_free(parts);
    if (!sl_suppression_run(s)) {
        sl_suppression_free(s);
        return NULL;
    }
    return s;
}

static json_t *amount(const sl_suppression *s, size_t cell, int64_t adressen, int64_t cents)
{
    return adressen == 0 || sl_suppression_hidden(s, cell) ? json_null() : json_integer(cents);
}

/* One body's figures of one municipality (m) or the area (m NULL: t). */
static bool figures(const sl_suppression *s, json_t *termijnen, json_t *boetes, int o,
                    const int64_t n[MEASURES], const size_t cell[MEASURES], int64_t verschuldigd,
                    int64_t betaald, json_t *per_gemeente)
{
    json_t *a = json_pack("{s:s, s:o, s:o}", "organisatie", orgs[o], "dreigend",
                          sl_suppressed_count_json(s, cell[DREIGEND], n[DREIGEND]),
                          "verstreken",
                          sl_suppressed_count_json(s, cell[VERSTREKEN], n[VERSTREKEN]));
    json_t *b = json_pack("{s:s, s:o, s:o, s:o}", "organisatie", orgs[o], "adressen",
                          sl_suppressed_count_json(s, cell[ADRESSEN], n[ADRESSEN]),
                          "verschuldigd_centen",
                          amount(s, cell[ADRESSEN], n[ADRESSEN], verschuldigd),
                          "betaald_centen", amount(s, cell[ADRESSEN], n[ADRESSEN], betaald));
    bool ok = a && b && json_object_set_new(a, "per_gemeente", per_gemeente) == 0 &&
              json_array_append_new(termijnen, a) == 0 && json_array_append_new(boetes, b) == 0;
    if (!ok) {
        json_decref(a);
        json_decref(b);
    }
    return ok;
}

static json_t *muni_json(const sl_suppression *s, const muni *m, int o)
{
    return json_pack("{s:s, s:o, s:o}", "gemeente", m->code, "dreigend",
                     sl_suppressed_count_json(s, m->cell[o][DREIGEND], m->n[o][DREIGEND]),
                     "verstreken",
                     sl_suppressed_count_json(s, m->cell[o][VERSTREKEN], m->n[o][VERSTREKEN]));
}

static int by_code(const void *a, const void *b)
{
    return strcmp(((const muni *)a)->code, ((const muni *)b)->code);
}

static json_t *build(const sl_suppression *s, const gather *g, const totals *t,
                     const char *gemeentecode, sl_date today)
{
    json_t *termijnen = json_array(), *boetes = json_array();
    bool ok = termijnen && boetes;
    const muni *only = NULL;
    for (size_t i = 0; gemeentecode && i < g->n; i++)
        if (strcmp(g->m[i].code, gemeentecode) == 0)
            only = &g->m[i];
    static const muni nothing;
    for (int o = 0; ok && o < N_ORGS; o++) {
        json_t *per = json_array();
        ok = per != NULL;
        for (size_t i = 0; ok && i < g->n; i++)
            if (!gemeentecode || &g->m[i] == only)
                ok = json_array_append_new(per, muni_json(s, &g->m[i], o)) == 0;
        if (!ok) {
            json_decref(per);
            break;
        }
        if (gemeentecode) {
            const muni *m = only ? only : &nothing;
            ok = figures(s, termijnen, boetes, o, m->n[o], m->cell[o], m->verschuldigd[o],
                         m->betaald[o], per);
        } else {
            ok = figures(s, termijnen, boetes, o, t->n[o], t->cell[o], t->verschuldigd[o],
                         t->betaald[o], per);
        }
    }
    char day[11];
    sl_date_format(today, day);
    json_t *o = ok ? json_pack("{s:s, s:i, s:o, s:O, s:O}", "peildatum", day, "venster_dagen",
                               SL_TERM_STATS_VENSTER, "gemeente",
                               gemeentecode ? json_string(gemeentecode) : json_null(),
                               "termijnen", termijnen, "dwangsommen", boetes)
                   : NULL;
    json_decref(termijnen);
    json_decref(boetes);
    if (o && !sl_suppressed_summary(o, sl_suppression_onder(s))) {
        json_decref(o);
        o = NULL;
    }
    return o;
}

bool sl_term_stats_json(sl_store *st, const sl_sharing_config *cfg, sl_date today,
                        const char *gemeentecode, json_t **out)
{
    *out = NULL;
    gather g = {.st = st, .today = today};
    ledger_ctx l = {.g = &g};
    bool ok = sl_termijnen_list(st, NULL, today, term_cb, &g, NULL) && !g.oom &&
              sl_store_grootboek_scan(st, "", 0, ledger_cb, &l) && !g.oom;
    for (int o = 0; o < N_ORGS; o++)
        sl_free(l.seen[o].v);
    if (!ok) {
        sl_free(g.m);
        return g.oom ? sl_store_fail(st, "onvoldoende geheugen") : false;
    }
    if (g.n > 1)
        qsort(g.m, g.n, sizeof *g.m, by_code);
    totals t;
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < g.n; i++)
        for (int o = 0; o < N_ORGS; o++) {
            for (int k = 0; k < MEASURES; k++)
                t.n[o][k] += g.m[i].n[o][k];
            t.verschuldigd[o] += g.m[i].verschuldigd[o];
            t.betaald[o] += g.m[i].betaald[o];
        }
    sl_suppression *s = suppress(&g, &t, sl_suppression_threshold(cfg));
    *out = s ? build(s, &g, &t, gemeentecode, today) : NULL;
    sl_suppression_free(s);
    sl_free(g.m);
    return *out ? true : sl_store_fail(st, "onvoldoende geheugen");
}
