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

#include "core/alloc.h"
#include "core/bag.h"
#include "core/classify.h"
#include "service/classify_refresh.h"
#include "service/regels_int.h"
#include "store/classification_store.h"
#include "store/signals_store.h"

#define EXAMPLES 3

static const char *const soort_names[SL_REGELS_COUNT] = {[SL_REGELS_MATRIX] = "matrix",
                                                          [SL_REGELS_SIGNAAL] = "signaal",
                                                          [SL_REGELS_TERMIJN] = "termijn"};

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

__attribute__((format(printf, 4, 5)))
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

/* The versions of soort: the term table keeps its own (store/termijnen_store.h). */
static bool versies_of(sl_store *st, sl_regelsoort soort, versies_ctx *c)
{
    if (soort == SL_REGELS_TERMIJN)
        return sl_regels_termijn_versies(st, versie_cb, c);
    return sl_store_regelset_versies(st, sl_regelsoort_name(soort), versie_cb, c);
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
    if (!versies_of(st, soort, &c)) {
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

/* The signal rules of version versie (0: in force) as {"soort", "versie", "actief", "regels"}. */
static sl_outcome signaal_versie(sl_store *st, int32_t versie, json_t **out, char *err,
                                 size_t cap)
{
    sl_ruleset *rs = sl_calloc(2, sizeof *rs);
    bool found;
    sl_outcome rc = SL_OK;
    if (!rs)
        return fail(err, cap, SL_ERROR, "onvoldoende geheugen");
    if (!sl_store_signal_ruleset_versie(st, versie, &rs[0], &found) ||
        !sl_store_signal_ruleset(st, &rs[1]))
        rc = store_fail(st, err, cap);
    else if (!found)
        rc = fail(err, cap, SL_NOT_FOUND, "versie %d van de signaalregels bestaat niet",
                  (int)versie);
    else if (!(*out = json_pack("{s:s, s:i, s:b, s:o}", "soort", "signaal", "versie",
                                (int)rs[0].version, "actief", rs[0].version == rs[1].version,
                                "regels", sl_regels_signaal_json(&rs[0]))))
        rc = fail(err, cap, SL_ERROR, "onvoldoende geheugen");
    sl_free(rs);
    return rc;
}

sl_outcome sl_regels_versie(sl_store *st, const sl_actor *by, sl_regelsoort soort,
                            int32_t versie, json_t **out, char *err, size_t cap)
{
    sl_outcome rc = only_beheerder(by, err, cap);
    if (rc != SL_OK)
        return rc;
    if (soort == SL_REGELS_SIGNAAL)
        return signaal_versie(st, versie, out, err, cap);
    if (soort == SL_REGELS_TERMIJN) {
        bool found;
        if (!sl_regels_termijn_versie(st, versie, out, &found))
            return store_fail(st, err, cap);
        return found ? SL_OK
                     : fail(err, cap, SL_NOT_FOUND, "versie %d van de termijnen bestaat niet",
                            (int)versie);
    }
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

#define add_error sl_regels_error

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

/* A parsed draft of either table. */
typedef struct concept {
    sl_matrix matrix;
    sl_ruleset rules;
    sl_termijnregels terms;
} concept;

/* The draft of soort into c; false with every fault in *errors (new array). */
static bool parse_concept(sl_regelsoort soort, const json_t *json, concept *c, json_t **errors)
{
    if (soort == SL_REGELS_MATRIX)
        return parse_matrix(json, &c->matrix, errors);
    *errors = json_array();
    if (soort == SL_REGELS_TERMIJN)
        sl_regels_termijn_parse(json, &c->terms, *errors);
    else
        sl_regels_signaal_parse(json, &c->rules, *errors);
    if (json_array_size(*errors) > 0)
        return false;
    json_decref(*errors);
    *errors = NULL;
    return true;
}

static sl_outcome invalid(char *err, size_t cap, const json_t *errors)
{
    size_t n = json_array_size(errors);
    return fail(err, cap, SL_INVALID, "Het concept heeft %zu %s; elke fout staat bij haar veld.",
                n, n == 1 ? "fout" : "fouten");
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

static sl_outcome preview_of(sl_store *st, sl_regelsoort soort, concept *c, json_t **out,
                             char *err, size_t cap)
{
    if (soort == SL_REGELS_TERMIJN)
        return sl_regels_termijn_preview(st, &c->terms, out) ? SL_OK
                                                             : store_fail(st, err, cap);
    if (soort == SL_REGELS_SIGNAAL) {
        sl_ruleset *active = sl_calloc(1, sizeof *active);
        bool ok = active && sl_store_signal_ruleset(st, active) &&
                  sl_regels_signaal_preview(st, &c->rules, active, out);
        sl_free(active);
        return ok ? SL_OK : active ? store_fail(st, err, cap)
                                   : fail(err, cap, SL_ERROR, "onvoldoende geheugen");
    }
    sl_matrix active;
    preview *pv = &(preview){.draft = &c->matrix};
    if (!sl_store_matrix_active(st, &active) ||
        !sl_store_scan_classifications(st, preview_cb, pv))
        return store_fail(st, err, cap);
    *out = preview_json(pv, &active);
    return *out ? SL_OK : fail(err, cap, SL_ERROR, "onvoldoende geheugen");
}

sl_outcome sl_regels_voorvertoning(sl_store *st, const sl_actor *by, sl_regelsoort soort,
                                   const json_t *draft, json_t **out, json_t **errors,
                                   char *err, size_t cap)
{
    *errors = NULL;
    sl_outcome rc = only_beheerder(by, err, cap);
    if (rc != SL_OK)
        return rc;
    concept *c = sl_calloc(1, sizeof *c);
    if (!c)
        return fail(err, cap, SL_ERROR, "onvoldoende geheugen");
    if (!parse_concept(soort, draft, c, errors))
        rc = invalid(err, cap, *errors);
    else
        rc = preview_of(st, soort, c, out, err, cap);
    sl_free(c);
    return rc;
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

/* Writes the draft as version `versie`, puts it in force and re-judges the register
 * with it: every classification (matrix), the unfinished signals (signaal). */
static bool write_version(sl_store *st, const sl_actor *by, sl_regelsoort soort, concept *c,
                          int32_t versie, const char *reden, int64_t *herberekend)
{
    const char *name = sl_regelsoort_name(soort);
    if (soort == SL_REGELS_TERMIJN) {
        *herberekend = 0;
        c->terms.versie = versie;
        return sl_regels_termijn_schrijf(st, by, &c->terms, versie, reden);
    }
    if (soort == SL_REGELS_MATRIX) {
        c->matrix.version = versie;
        return sl_store_matrix_cellen_put(st, &c->matrix) &&
               sl_store_regelset_activeer(st, name, versie, reden, by->gebruiker) &&
               sl_classify_refresh_by(st, by->gebruiker, herberekend);
    }
    c->rules.version = versie;
    return sl_store_signal_rules_put(st, &c->rules) &&
           sl_store_regelset_activeer(st, name, versie, reden, by->gebruiker) &&
           sl_regels_signaal_herbeoordeel(st, herberekend);
}

sl_outcome sl_regels_publiceer(sl_store *st, const sl_actor *by, sl_regelsoort soort,
                               int32_t if_match, const char *reden, const json_t *draft,
                               int32_t *versie, int64_t *herberekend, json_t **errors,
                               char *err, size_t cap)
{
    *errors = NULL;
    sl_outcome rc = only_beheerder(by, err, cap);
    if (rc != SL_OK)
        return rc;
    concept *c = sl_calloc(1, sizeof *c);
    if (!c)
        return fail(err, cap, SL_ERROR, "onvoldoende geheugen");
    bool ok = parse_concept(soort, draft, c, errors);
    if (!reden || !*reden || strlen(reden) >= SL_REGELSET_TEKST_CAP) {
        if (!*errors)
            *errors = json_array();
        add_error(*errors, "reden", "%s",
                  !reden || !*reden ? "vul in waarom deze versie nodig is"
                                    : "te lang: ten hoogste 500 tekens");
        ok = false;
    }
    versies_ctx v = {0};
    int64_t changed = 0;
    if (!ok)
        rc = invalid(err, cap, *errors);
    else if (!sl_store_begin(st))
        rc = store_fail(st, err, cap);
    else if (!versies_of(st, soort, &v))
        rc = store_fail(st, err, cap);
    else if (if_match != SL_REGELS_ELKE_VERSIE && if_match != v.actueel)
        rc = fail(err, cap, SL_STALE,
                  "versie %d is niet meer de geldende: versie %d is intussen gepubliceerd",
                  (int)if_match, (int)v.actueel);
    else if (!write_version(st, by, soort, c, v.hoogste + 1, reden, &changed) ||
             !log_publication(st, by, soort, v.hoogste + 1, changed) || !sl_store_commit(st))
        rc = store_fail(st, err, cap);
    if (ok && rc != SL_OK)
        sl_store_rollback(st);
    sl_free(c);
    if (rc == SL_OK) {
        *versie = v.hoogste + 1;
        *herberekend = changed;
    }
    return rc;
}
