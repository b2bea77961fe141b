/*
 * stats.c - reading and shaping the register's figures (see stats.h).
 * The classification is stored per address at import time, so reading the
 * figures is a small GROUP BY, not a pass over every claim; the published
 * figures read that once per municipality, to suppress them together.
 */
#include "service/stats.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "service/suppression.h"
#include "store/classification_store.h"
#include "store/records_store.h"

bool sl_stats_read(sl_store *st, const char *gemeentecode, sl_stats *out)
{
    return (gemeentecode ? sl_store_counts_in(st, gemeentecode, &out->counts)
                         : sl_store_counts(st, &out->counts)) &&
           sl_store_tally(st, gemeentecode, &out->tally) &&
           sl_store_matrix_active(st, &out->matrix);
}

/* The counts of one view, numbered: the cells of the suppression model. */
#define N_GROEPEN (SL_GROEP_COUNT - SL_GROEP_A)
enum {
    C_ADRESSEN,
    C_TRAJECTEN,
    C_SCHADES,
    C_COMBI,
    C_POT,
    C_MATRIX = C_POT + SL_POT_COUNT,
    C_GROEP = C_MATRIX + SL_MATRIX_STAPPEN * SL_MATRIX_FASEN,
    C_PER_VIEW = C_GROEP + N_GROEPEN,
};

static size_t c_matrix(int stap, int fase)
{
    return C_MATRIX + (size_t)stap * SL_MATRIX_FASEN + (size_t)fase;
}

static int64_t view_count(const sl_stats *s, size_t c)
{
    if (c == C_ADRESSEN)
        return s->counts.adressen;
    if (c == C_TRAJECTEN)
        return s->counts.trajecten;
    if (c == C_SCHADES)
        return s->counts.schades;
    if (c == C_COMBI)
        return s->tally.combinatiedossiers;
    if (c < C_MATRIX)
        return s->tally.potentieel[c - C_POT];
    if (c < C_GROEP)
        return s->tally.matrix[(c - C_MATRIX) / SL_MATRIX_FASEN][(c - C_MATRIX) % SL_MATRIX_FASEN];
    return s->tally.groepen[SL_GROEP_A + (int)(c - C_GROEP)];
}

/* json_object_set_new that remembers a failure instead of leaking or crashing. */
static void put(json_t *obj, const char *key, json_t *value, bool *ok)
{
    if (!value || json_object_set_new(obj, key, value) != 0)
        *ok = false;
}

/* The active matrix cell by cell, and the versions behind the counted groups. */
static json_t *indeling_json(const sl_stats *s, bool *ok)
{
    json_t *o = json_object(), *cellen = json_object(), *met = json_array();
    if (!o || !cellen || !met) {
        json_decref(o);
        json_decref(cellen);
        json_decref(met);
        return NULL;
    }
    put(o, "matrixversie", json_integer(s->matrix.version), ok);
    for (int st = 0; st < SL_MATRIX_STAPPEN; st++) {
        json_t *row = json_object();
        for (int f = 0; row && f < SL_MATRIX_FASEN; f++)
            put(row, sl_fase_name((sl_fase)f), json_string(sl_groep_name(s->matrix.cell[st][f])),
                ok);
        put(cellen, sl_stap_name((sl_stap)st), row, ok);
    }
    for (int i = 0; i < s->tally.n_matrixversies; i++)
        if (json_array_append_new(met, json_integer(s->tally.matrixversies[i])) != 0)
            *ok = false;
    put(o, "cellen", cellen, ok);
    put(o, "groepen_ingedeeld_met", met, ok);
    return o;
}

/* One view's object; the counts of cells base + C_* as sup shows them (NULL: exact). */
static json_t *figures_json(const sl_stats *s, const sl_suppression *sup, size_t base)
{
    bool ok = true;
    json_t *o = json_object();
    json_t *pot = json_object(), *matrix = json_object(), *groepen = json_object();
    if (!o || !pot || !matrix || !groepen) {
        json_decref(o);
        json_decref(pot);
        json_decref(matrix);
        json_decref(groepen);
        return NULL;
    }
#define COUNT(c) sl_suppressed_count_json(sup, base + (c), view_count(s, (c)))
    put(o, "adressen", COUNT(C_ADRESSEN), &ok);
    put(o, "trajecten", COUNT(C_TRAJECTEN), &ok);
    put(o, "schades", COUNT(C_SCHADES), &ok);
    put(o, "combinatiedossiers", COUNT(C_COMBI), &ok);
    for (int p = 0; p < SL_POT_COUNT; p++)
        put(pot, sl_potentieel_name((sl_potentieel)p), COUNT(C_POT + (size_t)p), &ok);
    for (int st = 0; st < SL_MATRIX_STAPPEN; st++) {
        json_t *row = json_object();
        for (int f = 0; row && f < SL_MATRIX_FASEN; f++)
            put(row, sl_fase_name((sl_fase)f), COUNT(c_matrix(st, f)), &ok);
        put(matrix, sl_stap_name((sl_stap)st), row, &ok);
    }
    for (int g = 0; g < N_GROEPEN; g++)
        put(groepen, sl_groep_name((sl_groep)(SL_GROEP_A + g)), COUNT(C_GROEP + (size_t)g), &ok);
#undef COUNT
    put(o, "potentieel", pot, &ok);
    put(o, "matrix", matrix, &ok);
    put(o, "groepen", groepen, &ok);
    put(o, "indeling", indeling_json(s, &ok), &ok);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *sl_stats_json(const sl_stats *s)
{
    return figures_json(s, NULL, 0);
}

/* ---- the published figures ---------------------------------------------------------- */

/* Every view a reader can ask for: [0] the whole area, then each municipality. */
typedef struct views {
    sl_store *st;
    struct view {
        char code[SL_GEMEENTE_CAP];
        sl_stats s;
    } *v;
    size_t n, cap;
} views;

static bool add_view(void *ctx, const char *code)
{
    views *vs = ctx;
    if (vs->n == vs->cap) {
        size_t cap = vs->cap ? 2 * vs->cap : 32;
        struct view *v = sl_realloc(vs->v, cap * sizeof *v);
        if (!v)
            return sl_store_fail(vs->st, "onvoldoende geheugen");
        vs->v = v;
        vs->cap = cap;
    }
    snprintf(vs->v[vs->n].code, sizeof vs->v[vs->n].code, "%s", code ? code : "");
    vs->n++;
    return true;
}

static size_t find_view(const views *vs, const char *code)
{
    for (size_t i = 1; i < vs->n; i++)
        if (strcmp(vs->v[i].code, code) == 0)
            return i;
    return 0;
}

/* Reads every view in one snapshot; *want is the one asked for. */
static bool read_views(sl_store *st, const char *gemeentecode, views *vs, size_t *want)
{
    if (!sl_store_read_begin(st))
        return false;
    bool ok = add_view(vs, NULL) && sl_store_gemeentecodes(st, add_view, vs);
    *want = 0;
    if (ok && gemeentecode) {
        *want = find_view(vs, gemeentecode);
        if (*want == 0) { /* a code without addresses: a view of zeros, shown as such */
            ok = add_view(vs, gemeentecode);
            *want = vs->n - 1;
        }
    }
    for (size_t i = 0; ok && i < vs->n; i++)
        ok = sl_stats_read(st, i == 0 ? NULL : vs->v[i].code, &vs->v[i].s);
    sl_store_read_end(st);
    return ok;
}

/*
 * The sums a reader can form from one view (base: its first cell): the
 * combination dossiers are the NCG addresses with a claim; the trajectories
 * are the NCG addresses of the four categories; the matrix holds the
 * addresses where both run; a group is the matrix cells the published
 * indeling gives it. Where the register is not exactly so (an address in two
 * categories never, a group of an earlier matrix version), the difference is
 * assumed known to the reader: the worst case.
 */
static void view_sums(sl_suppression *sup, const sl_matrix *m, size_t base)
{
    size_t parts[SL_MATRIX_STAPPEN * SL_MATRIX_FASEN];
    for (int p = 0; p < SL_POT_COUNT; p++)
        parts[p] = base + C_POT + (size_t)p;
    sl_suppression_sum(sup, base + C_TRAJECTEN, parts, SL_POT_COUNT);
    sl_suppression_sum(sup, base + C_COMBI, parts + 1, SL_POT_COUNT - 1);
    size_t n = 0;
    for (int st = 0; st < SL_MATRIX_STAPPEN; st++)
        for (int f = 0; f < SL_MATRIX_FASEN; f++)
            parts[n++] = base + c_matrix(st, f);
    sl_suppression_sum(sup, base + C_POT + SL_POT_BEIDE_LOPEND, parts, n);
    for (int g = 0; g < N_GROEPEN; g++) {
        n = 0;
        for (int st = 0; st < SL_MATRIX_STAPPEN; st++)
            for (int f = 0; f < SL_MATRIX_FASEN; f++)
                if (m->cell[st][f] == (sl_groep)(SL_GROEP_A + g))
                    parts[n++] = base + c_matrix(st, f);
        sl_suppression_sum(sup, base + C_GROEP + (size_t)g, parts, n);
    }
}

/* Decides the hidden cells of every view together; NULL when memory runs out. */
static sl_suppression *suppress_views(const views *vs, int32_t onder)
{
    sl_suppression *sup = sl_suppression_new(onder);
    size_t *parts = sl_malloc(vs->n * sizeof *parts);
    if (!sup || !parts) {
        sl_free(parts);
        sl_suppression_free(sup);
        return NULL;
    }
    for (size_t i = 0; i < vs->n; i++)
        for (size_t c = 0; c < C_PER_VIEW; c++)
            sl_suppression_cell(sup, view_count(&vs->v[i].s, c));
    for (size_t i = 0; i < vs->n; i++)
        view_sums(sup, &vs->v[0].s.matrix, i * C_PER_VIEW);
    /* the whole area is the sum of its municipalities, count by count */
    for (size_t c = 0; c < C_PER_VIEW && vs->n > 1; c++) {
        for (size_t i = 1; i < vs->n; i++)
            parts[i - 1] = i * C_PER_VIEW + c;
        sl_suppression_sum(sup, c, parts, vs->n - 1);
    }
    sl_free(parts);
    if (!sl_suppression_run(sup)) {
        sl_suppression_free(sup);
        return NULL;
    }
    return sup;
}

bool sl_stats_published_json(sl_store *st, const sl_sharing_config *cfg,
                             const char *gemeentecode, json_t **out)
{
    *out = NULL;
    views vs = {.st = st};
    size_t want;
    bool ok = read_views(st, gemeentecode, &vs, &want);
    sl_suppression *sup = ok ? suppress_views(&vs, sl_suppression_threshold(cfg)) : NULL;
    if (ok && sup) {
        *out = figures_json(&vs.v[want].s, sup, want * C_PER_VIEW);
        if (*out &&
            (json_object_set_new(*out, "gemeente",
                                 gemeentecode ? json_string(gemeentecode) : json_null()) != 0 ||
             !sl_suppressed_summary(*out, sl_suppression_onder(sup)))) {
            json_decref(*out);
            *out = NULL;
        }
    }
    sl_suppression_free(sup);
    sl_free(vs.v);
    if (ok && !*out)
        ok = sl_store_fail(st, "onvoldoende geheugen");
    return ok;
}
