/*
 * regels.c - the rule tables' versions, preview and publication
 * (service/regels.h). The matrix preview is pure: every stored classification
 * of an address where both tracks run is looked up again in the draft, so it
 * reads the register and writes nothing.
 */
#include "service/regels.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/bag.h"
#include "core/classify.h"
#include "service/classify_refresh.h"
#include "store/classification_store.h"

#define EXAMPLES 3

static const char *const soort_names[SL_REGELS_COUNT] = {[SL_REGELS_MATRIX] = "matrix"};

bool sl_regelsoort_parse(const char *s, sl_regelsoort *out)
{
    for (int i = 0; s && i < SL_REGELS_COUNT; i++)
        if (strcmp(s, soort_names[i]) == 0) {
            *out = (sl_regelsoort)i;
            return true;
        }
    return false;
}

const char *sl_regelsoort_name(sl_regelsoort s)
{
    return s < SL_REGELS_COUNT ? soort_names[s] : NULL;
}

static sl_outcome fail(char *err, size_t cap, sl_outcome rc, const char *fmt, ...)
{
    if (err && cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, cap, fmt, ap);
        va_end(ap);
    }
    return rc;
}

static sl_outcome store_fail(sl_store *st, char *err, size_t cap)
{
    return fail(err, cap, SL_ERROR, "%s", sl_store_errmsg(st));
}

static sl_outcome only_beheerder(const sl_actor *by, char *err, size_t cap)
{
    if (by->viewer.role == SL_ROLE_BEHEERDER)
        return SL_OK;
    return fail(err, cap, SL_FORBIDDEN, "alleen een beheerder beheert de regels");
}

/* ---- versions ---------------------------------------------------------------------- */

typedef struct versies_ctx {
    json_t *list;
    int32_t actueel, hoogste;
} versies_ctx;

static bool versie_cb(void *ctx, const sl_regelset_versie *v)
{
    versies_ctx *c = ctx;
    if (v->actief)
        c->actueel = v->versie;
    if (v->versie > c->hoogste)
        c->hoogste = v->versie;
    if (!c->list)
        return true;
    json_t *o = json_pack("{s:i, s:b, s:s, s:o, s:s}", "versie", (int)v->versie, "actief",
                          v->actief, "reden", v->omschrijving, "door",
                          v->door[0] ? json_string(v->door) : json_null(), "gepubliceerdOp",
                          v->ingevoerd_op);
    return o && json_array_append_new(c->list, o) == 0;
}

sl_outcome sl_regels_versies(sl_store *st, const sl_actor *by, sl_regelsoort soort,
                             json_t **out, int32_t *actueel, char *err, size_t cap)
{
    sl_outcome rc = only_beheerder(by, err, cap);
    if (rc != SL_OK)
        return rc;
    versies_ctx c = {.list = json_array()};
    if (!c.list)
        return fail(err, cap, SL_ERROR, "onvoldoende geheugen");
    if (!sl_store_regelset_versies(st, sl_regelsoort_name(soort), versie_cb, &c)) {
        json_decref(c.list);
        return store_fail(st, err, cap);
    }
    *actueel = c.actueel;
    *out = json_pack("{s:s, s:i, s:o}", "soort", sl_regelsoort_name(soort), "actueleVersie",
                     (int)c.actueel, "versies", c.list);
    return *out ? SL_OK : fail(err, cap, SL_ERROR, "onvoldoende geheugen");
}

/* ---- the matrix as JSON and back ---------------------------------------------------- */

static json_t *matrix_cells_json(const sl_matrix *m)
{
    json_t *cells = json_array();
    for (int st = 0; cells && st < SL_MATRIX_STAPPEN; st++)
        for (int f = 0; f < SL_MATRIX_FASEN; f++)
            json_array_append_new(cells, json_pack("{s:s, s:s, s:s}", "stap",
                                                   sl_stap_name((sl_stap)st), "fase",
                                                   sl_fase_name((sl_fase)f), "groep",
                                                   sl_groep_name(m->cell[st][f])));
    return cells;
}

sl_outcome sl_regels_versie(sl_store *st, const sl_actor *by, sl_regelsoort soort,
                            int32_t versie, json_t **out, char *err, size_t cap)
{
    (void)soort;
    sl_outcome rc = only_beheerder(by, err, cap);
    if (rc != SL_OK)
        return rc;
    sl_matrix m, active;
    bool found;
    if (!sl_store_matrix_versie(st, versie, &m, &found) || !sl_store_matrix_active(st, &active))
        return store_fail(st, err, cap);
    if (!found)
        return fail(err, cap, SL_NOT_FOUND, "versie %d van de matrix bestaat niet", (int)versie);
    *out = json_pack("{s:s, s:i, s:b, s:o}", "soort", "matrix", "versie", (int)m.version,
                     "actief", m.version == active.version, "cellen", matrix_cells_json(&m));
    return *out ? SL_OK : fail(err, cap, SL_ERROR, "onvoldoende geheugen");
}

static void add_error(json_t *errors, const char *veld, const char *fmt, ...)
{
    char reden[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reden, sizeof reden, fmt, ap);
    va_end(ap);
    json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", veld, "reden", reden));
}

static bool parse_groep(const char *g, sl_groep *out)
{
    if (!g || g[0] < 'A' || g[0] > 'F' || g[1])
        return false;
    *out = (sl_groep)(SL_GROEP_A + (g[0] - 'A'));
    return true;
}

/* One cell of the draft; its faults added to errors. */
static void parse_cell(const json_t *o, size_t i, sl_matrix *m, bool seen[][SL_MATRIX_FASEN],
                       json_t *errors)
{
    char veld[48];
    const char *stap = json_string_value(json_object_get(o, "stap"));
    const char *fase = json_string_value(json_object_get(o, "fase"));
    const char *groep = json_string_value(json_object_get(o, "groep"));
    sl_stap s = SL_MATRIX_STAPPEN;
    sl_fase f = SL_MATRIX_FASEN;
    sl_groep g;
    bool ok = true;
    if (!stap || !sl_stap_parse(stap, strlen(stap), &s) || s >= SL_MATRIX_STAPPEN) {
        snprintf(veld, sizeof veld, "cellen[%zu].stap", i);
        add_error(errors, veld, "onbekende stap '%s': kies 1.2, 2.1, 3.1, 4.1, 4.2, 5.1 of 5.2",
                  stap ? stap : "");
        ok = false;
    }
    if (!fase || !sl_fase_parse(fase, strlen(fase), &f) || f >= SL_MATRIX_FASEN) {
        snprintf(veld, sizeof veld, "cellen[%zu].fase", i);
        add_error(errors, veld,
                  "onbekende fase '%s': kies voorbereiding, opname, zienswijze of beschikking",
                  fase ? fase : "");
        ok = false;
    }
    if (!parse_groep(groep, &g)) {
        snprintf(veld, sizeof veld, "cellen[%zu].groep", i);
        add_error(errors, veld, "onbekende groep '%s': kies A tot en met F", groep ? groep : "");
        ok = false;
    }
    if (!ok)
        return;
    if (seen[s][f]) {
        snprintf(veld, sizeof veld, "cellen[%zu]", i);
        add_error(errors, veld, "stap %s met fase %s staat er twee keer in", stap, fase);
        return;
    }
    seen[s][f] = true;
    m->cell[s][f] = g;
}

/* The draft as a matrix; false with every fault in *errors (new array). */
static bool parse_matrix(const json_t *concept, sl_matrix *m, json_t **errors)
{
    memset(m, 0, sizeof *m);
    *errors = json_array();
    bool seen[SL_MATRIX_STAPPEN][SL_MATRIX_FASEN] = {{false}};
    const json_t *cells = json_object_get(concept, "cellen");
    if (!json_is_array(cells)) {
        add_error(*errors, "cellen", "een lijst van cellen met stap, fase en groep");
        return false;
    }
    for (size_t i = 0; i < json_array_size(cells); i++)
        parse_cell(json_array_get(cells, i), i, m, seen, *errors);
    if (json_array_size(*errors) == 0)
        for (int s = 0; s < SL_MATRIX_STAPPEN; s++)
            for (int f = 0; f < SL_MATRIX_FASEN; f++)
                if (!seen[s][f])
                    add_error(*errors, "cellen", "stap %s met fase %s ontbreekt",
                              sl_stap_name((sl_stap)s), sl_fase_name((sl_fase)f));
    if (json_array_size(*errors) > 0)
        return false;
    json_decref(*errors);
    *errors = NULL;
    return true;
}

/* ---- preview ------------------------------------------------------------------------- */

#define GROEPEN (SL_GROEP_F + 1)

typedef struct preview {
    const sl_matrix *draft;
    int64_t count[GROEPEN][GROEPEN];
    char example[GROEPEN][GROEPEN][EXAMPLES][17];
    int64_t total;
} preview;

static bool preview_cb(void *ctx, const sl_stored_class *sc)
{
    preview *p = ctx;
    if (sc->c.potentieel != SL_POT_BEIDE_LOPEND || sc->stap >= SL_MATRIX_STAPPEN ||
        sc->fase >= SL_MATRIX_FASEN)
        return true;
    sl_groep old = sc->c.groep, now = p->draft->cell[sc->stap][sc->fase];
    if (old == now || old >= GROEPEN)
        return true;
    int64_t n = p->count[old][now]++;
    if (n < EXAMPLES)
        sl_bag_format(sc->address_id, p->example[old][now][n]);
    p->total++;
    return true;
}

static json_t *preview_json(const preview *p, const sl_matrix *active)
{
    json_t *overgangen = json_array(), *cellen = json_array();
    for (int a = 0; a < GROEPEN; a++)
        for (int b = 0; b < GROEPEN; b++) {
            if (!p->count[a][b])
                continue;
            json_t *ex = json_array();
            for (int i = 0; i < EXAMPLES && i < p->count[a][b]; i++)
                json_array_append_new(ex, json_string(p->example[a][b][i]));
            json_array_append_new(overgangen,
                                  json_pack("{s:s, s:s, s:I, s:o}", "van",
                                            sl_groep_name((sl_groep)a), "naar",
                                            sl_groep_name((sl_groep)b), "aantal",
                                            (json_int_t)p->count[a][b], "voorbeelden", ex));
        }
    for (int s = 0; s < SL_MATRIX_STAPPEN; s++)
        for (int f = 0; f < SL_MATRIX_FASEN; f++)
            if (active->cell[s][f] != p->draft->cell[s][f])
                json_array_append_new(
                    cellen, json_pack("{s:s, s:s, s:s, s:s}", "stap", sl_stap_name((sl_stap)s),
                                      "fase", sl_fase_name((sl_fase)f), "van",
                                      sl_groep_name(active->cell[s][f]), "naar",
                                      sl_groep_name(p->draft->cell[s][f])));
    return json_pack("{s:s, s:i, s:I, s:o, s:o}", "soort", "matrix", "huidigeVersie",
                     (int)active->version, "adressenGewijzigd", (json_int_t)p->total,
                     "overgangen", overgangen, "gewijzigdeCellen", cellen);
}

sl_outcome sl_regels_voorvertoning(sl_store *st, const sl_actor *by, sl_regelsoort soort,
                                   const json_t *concept, json_t **out, json_t **errors,
                                   char *err, size_t cap)
{
    (void)soort;
    *errors = NULL;
    sl_outcome rc = only_beheerder(by, err, cap);
    if (rc != SL_OK)
        return rc;
    sl_matrix draft, active;
    if (!parse_matrix(concept, &draft, errors))
        return fail(err, cap, SL_INVALID, "het concept heeft %zu fouten",
                    json_array_size(*errors));
    preview *pv = &(preview){.draft = &draft};
    if (!sl_store_matrix_active(st, &active) ||
        !sl_store_scan_classifications(st, preview_cb, pv))
        return store_fail(st, err, cap);
    *out = preview_json(pv, &active);
    return *out ? SL_OK : fail(err, cap, SL_ERROR, "onvoldoende geheugen");
}

/* ---- publishing ---------------------------------------------------------------------- */

static bool log_publication(sl_store *st, const sl_actor *by, sl_regelsoort soort,
                            int32_t versie, int64_t herberekend)
{
    char categorie[32], gegevens[96];
    snprintf(categorie, sizeof categorie, "regels:%s", sl_regelsoort_name(soort));
    snprintf(gegevens, sizeof gegevens, "{\"versie\":%d,\"herberekend\":%lld}", (int)versie,
             (long long)herberekend);
    sl_log_entry e = {.actor = by, .doel = "regelbeheer", .grondslag = "wettelijke_taak",
                      .categorieen = categorie, .actie = "wijziging", .gegevens = gegevens};
    return sl_logboek_append(st, &e, NULL);
}

sl_outcome sl_regels_publiceer(sl_store *st, const sl_actor *by, sl_regelsoort soort,
                               int32_t if_match, const char *reden, const json_t *concept,
                               int32_t *versie, int64_t *herberekend, json_t **errors,
                               char *err, size_t cap)
{
    *errors = NULL;
    sl_outcome rc = only_beheerder(by, err, cap);
    if (rc != SL_OK)
        return rc;
    sl_matrix draft;
    bool ok = parse_matrix(concept, &draft, errors);
    if (!reden || !*reden || strlen(reden) >= SL_REGELSET_TEKST_CAP) {
        if (!*errors)
            *errors = json_array();
        add_error(*errors, "reden",
                  !reden || !*reden ? "vul in waarom deze versie nodig is"
                                    : "te lang: ten hoogste 500 tekens");
        ok = false;
    }
    if (!ok)
        return fail(err, cap, SL_INVALID, "het concept heeft %zu fouten",
                    json_array_size(*errors));
    if (!sl_store_begin(st))
        return store_fail(st, err, cap);
    versies_ctx c = {0};
    if (!sl_store_regelset_versies(st, sl_regelsoort_name(soort), versie_cb, &c)) {
        rc = store_fail(st, err, cap);
        sl_store_rollback(st);
        return rc;
    }
    if (if_match != SL_REGELS_ELKE_VERSIE && if_match != c.actueel) {
        sl_store_rollback(st);
        return fail(err, cap, SL_STALE,
                    "versie %d is niet meer de geldende: versie %d is intussen gepubliceerd",
                    (int)if_match, (int)c.actueel);
    }
    draft.version = c.hoogste + 1;
    int64_t changed = 0;
    if (!sl_store_matrix_cellen_put(st, &draft) ||
        !sl_store_regelset_activeer(st, "matrix", draft.version, reden, by->gebruiker) ||
        !sl_classify_refresh_by(st, by->gebruiker, &changed) ||
        !log_publication(st, by, soort, draft.version, changed) || !sl_store_commit(st)) {
        rc = store_fail(st, err, cap);
        sl_store_rollback(st);
        return rc;
    }
    *versie = draft.version;
    *herberekend = changed;
    return SL_OK;
}
