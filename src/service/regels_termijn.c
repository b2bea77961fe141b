/*
 * regels_termijn.c - the term table as the third rule table of
 * service/regels.h (decision 225): its versions, a draft checked cell by
 * cell, the preview that evaluates every term of the register with the draft
 * and with the table in force, and the writing of a new version. The one
 * publish path: /api/v1/termijndefinities and `termijnen publiceer` come here
 * through sl_regels_publiceer too.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "service/regels_int.h"
#include "service/termijnen.h"

#define EXAMPLES 3
#define REGELS_MAX (sizeof ((sl_termijnregels *)0)->regel / sizeof ((sl_termijnregels *)0)->regel[0])

/* ---- versions ------------------------------------------------------------------------ */

typedef struct versies_ctx {
    sl_regelset_versie_cb cb;
    void *ctx;
    bool any;
} versies_ctx;

static bool versie_seen(void *ctx, const sl_regelset_versie *v)
{
    versies_ctx *c = ctx;
    c->any = true;
    if (strcmp(v->door, "samenloop") != 0)
        return c->cb(c->ctx, v);
    /* the shipped table, stored at the first publication: seeded, as the others' */
    sl_regelset_versie seeded = *v;
    seeded.door[0] = '\0';
    return c->cb(c->ctx, &seeded);
}

bool sl_regels_termijn_versies(sl_store *st, sl_regelset_versie_cb cb, void *ctx)
{
    versies_ctx c = {.cb = cb, .ctx = ctx};
    if (!sl_store_termijnregels_versies(st, versie_seen, &c))
        return false;
    if (c.any)
        return true;
    /* a register that stored no table works with the shipped one as version 1
     * (decision 159); the first publication stores it as such */
    sl_regelset_versie v = {.versie = SL_TERMIJN_REGELVERSIE, .actief = true};
    snprintf(v.omschrijving, sizeof v.omschrijving, "%s", SL_REGELS_TERMIJN_STANDAARD);
    return cb(ctx, &v);
}

static bool collect(void *ctx, const sl_termijn_regel *g)
{
    sl_termijnregels *r = ctx;
    if (r->n < REGELS_MAX)
        r->regel[r->n++] = *g;
    return true;
}

/* The table of version `versie`; the shipped one for version 1 when none was stored. */
static bool table_of(sl_store *st, int32_t versie, sl_termijnregels *r, bool *found)
{
    memset(r, 0, sizeof *r);
    if (!sl_store_termijnregels_versie(st, versie, collect, r, found))
        return false;
    if (!*found && versie == SL_TERMIJN_REGELVERSIE) {
        int32_t max;
        if (!sl_store_termijnregels_max(st, &max))
            return false;
        if (max == 0) {
            *found = true;
            return sl_termijnregels_laden(st, r);
        }
    }
    r->versie = versie;
    sl_termijnregels_koppel(r);
    return true;
}

bool sl_regels_termijn_versie(sl_store *st, int32_t versie, json_t **out, bool *found)
{
    sl_termijnregels *r = sl_calloc(2, sizeof *r);
    bool ok = r && table_of(st, versie, &r[0], found) && sl_termijnregels_laden(st, &r[1]);
    *out = NULL;
    if (ok && *found) {
        json_t *t = sl_termijnregels_json(&r[0]);
        *out = t ? json_pack("{s:s, s:i, s:b, s:O}", "soort", "termijn", "versie", (int)versie,
                             "actief", r[1].versie == versie, "definities",
                             json_object_get(t, "definities"))
                 : NULL;
        json_decref(t);
        ok = *out != NULL;
        if (!ok)
            sl_store_fail(st, "onvoldoende geheugen");
    }
    if (!r)
        sl_store_fail(st, "onvoldoende geheugen");
    sl_free(r);
    return ok;
}

/* ---- the draft ----------------------------------------------------------------------- */

/* The events the register knows (core/termijn.c's defaults) and stap_<step>. */
static bool known_event(const char *e)
{
    static const char *const events[] = {"ontvangen_op", "beschikking", "bezwaar",
                                         "einde_bezwaartermijn", "beslissing_op_bezwaar"};
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
        if (strcmp(e, events[i]) == 0)
            return true;
    sl_stap s;
    return strncmp(e, "stap_", 5) == 0 && sl_stap_parse(e + 5, strlen(e + 5), &s) &&
           s < SL_STAP_COUNT;
}

/* The fewest calendar days a term of this length can take: the warning lead
 * must fit inside it. */
static int64_t fewest_days(int64_t lengte, sl_term_unit u)
{
    return u == SL_UNIT_WEEKS ? lengte * 7 : u == SL_UNIT_MONTHS ? lengte * 28 : lengte;
}

typedef struct cell {
    const json_t *row;
    size_t i;
    json_t *errors;
    bool ok;
} cell;

static void bad(cell *c, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void bad(cell *c, const char *field, const char *fmt, ...)
{
    char veld[64], reden[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reden, sizeof reden, fmt, ap);
    va_end(ap);
    snprintf(veld, sizeof veld, "definities[%zu].%s", c->i, field);
    sl_regels_error(c->errors, veld, "%s", reden);
    c->ok = false;
}

static void text_cell(cell *c, const char *field, char *dst, size_t cap)
{
    const char *s = json_string_value(json_object_get(c->row, field));
    if (!s || !*s)
        bad(c, field, "vul dit in");
    else if (strlen(s) >= cap)
        bad(c, field, "te lang");
    else
        memcpy(dst, s, strlen(s) + 1);
}

static void bool_cell(cell *c, const char *field, bool *out)
{
    const json_t *v = json_object_get(c->row, field);
    if (v && !json_is_boolean(v))
        bad(c, field, "ja of nee (true of false)");
    *out = json_is_true(v);
}

/* An integer in [lo, hi]; absent: dflt (absent_ok) or a fault. */
static int64_t int_cell(cell *c, const char *field, int64_t lo, int64_t hi, bool absent_ok,
                        const char *why)
{
    const json_t *v = json_object_get(c->row, field);
    if (!v && absent_ok)
        return lo;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        bad(c, field, "%s", why);
        return lo;
    }
    return json_integer_value(v);
}

static void event_cell(cell *c, const char *field, char *dst, size_t cap)
{
    text_cell(c, field, dst, cap);
    if (*dst && !known_event(dst))
        bad(c, field,
            "onbekende gebeurtenis '%s': kies ontvangen_op, beschikking, bezwaar, "
            "einde_bezwaartermijn, beslissing_op_bezwaar of stap_<stap> (zoals stap_2.1)",
            dst);
}

/* One row of the draft into r; every fault added to c->errors. */
static void parse_row(cell *c, sl_termijn_regel *r)
{
    memset(r, 0, sizeof *r);
    if (!json_is_object(c->row)) {
        bad(c, "soort", "elke termijn is een object met soort, lengte, eenheid, ...");
        return;
    }
    text_cell(c, "soort", r->soort, sizeof r->soort);
    text_cell(c, "omschrijving", r->omschrijving, sizeof r->omschrijving);
    const char *org = json_string_value(json_object_get(c->row, "organisatie"));
    if (!org || (strcmp(org, "IMG") != 0 && strcmp(org, "NCG") != 0))
        bad(c, "organisatie", "onbekende organisatie '%s': kies IMG of NCG", org ? org : "");
    else
        snprintf(r->organisatie, sizeof r->organisatie, "%s", org);
    event_cell(c, "start_gebeurtenis", r->start_gebeurtenis, sizeof r->start_gebeurtenis);
    event_cell(c, "eind_gebeurtenis", r->eind_gebeurtenis, sizeof r->eind_gebeurtenis);
    r->lengte = (int32_t)int_cell(c, "lengte", 1, 3650, false,
                                  "de lengte is een heel getal van 1 tot en met 3650");
    const char *eenheid = json_string_value(json_object_get(c->row, "eenheid"));
    bool unit = false;
    for (int u = SL_UNIT_DAYS; eenheid && u <= SL_UNIT_MONTHS; u++)
        if (strcmp(eenheid, sl_term_unit_name((sl_term_unit)u)) == 0) {
            r->eenheid = (sl_term_unit)u;
            unit = true;
        }
    if (!unit)
        bad(c, "eenheid", "onbekende eenheid '%s': kies dagen, werkdagen, weken of maanden",
            eenheid ? eenheid : "");
    const char *partij = json_string_value(json_object_get(c->row, "verantwoordelijke"));
    if (!partij || (strcmp(partij, "overheid") != 0 && strcmp(partij, "bewoner") != 0))
        bad(c, "verantwoordelijke", "onbekende partij '%s': kies overheid of bewoner", partij ? partij : "");
    else
        r->verantwoordelijke =
            strcmp(partij, "bewoner") == 0 ? SL_PARTIJ_BEWONER : SL_PARTIJ_OVERHEID;
    bool_cell(c, "wettelijk", &r->wettelijk);
    bool_cell(c, "fataal", &r->fataal);
    bool_cell(c, "opschortbaar", &r->opschortbaar);
    bool_cell(c, "aanname", &r->aanname);
    r->waarschuwing_dagen = (int32_t)int_cell(
        c, "waarschuwing_dagen", 0, 365, true, "de waarschuwing is 0 tot en met 365 dagen");
    if (unit && r->lengte > 0 && r->waarschuwing_dagen > fewest_days(r->lengte, r->eenheid))
        bad(c, "waarschuwing_dagen", "de waarschuwing komt eerder dan de termijn begint: "
                                     "kies ten hoogste de lengte van de termijn");
    r->compensatie_per_dag = int_cell(c, "compensatie_per_dag", 0, 100000000, true,
                                      "een bedrag in centen van 0 tot en met 100000000");
    r->compensatie_max = int_cell(c, "compensatie_max", 0, 10000000000, true,
                                  "een bedrag in centen van 0 tot en met 10000000000");
}

void sl_regels_termijn_parse(const json_t *concept, sl_termijnregels *out, json_t *errors)
{
    memset(out, 0, sizeof *out);
    const json_t *defs = json_object_get(concept, "definities");
    size_t n = json_array_size(defs);
    if (!json_is_array(defs) || n == 0 || n > REGELS_MAX) {
        sl_regels_error(errors, "definities", "een lijst van 1 tot en met %zu termijnen",
                        REGELS_MAX);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        cell c = {.row = json_array_get(defs, i), .i = i, .errors = errors, .ok = true};
        parse_row(&c, &out->regel[i]);
        for (size_t j = 0; c.ok && j < i; j++)
            if (strcmp(out->regel[i].soort, out->regel[j].soort) == 0)
                bad(&c, "soort", "%s staat er twee keer in", out->regel[i].soort);
    }
    out->n = n;
    sl_termijnregels_koppel(out);
}

/* ---- preview ------------------------------------------------------------------------- */

/* One term of the register under one table. */
typedef struct term {
    char key[SL_TERMIJN_SOORT_CAP + 48]; /* soort \x1f zaak id: one term */
    int64_t address_id;
    int status;
} term;

typedef struct terms {
    term *v;
    size_t n, cap;
    bool oom;
} terms;

static bool term_cb(void *ctx, const sl_termijn_item *it)
{
    terms *t = ctx;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        term *v = sl_realloc(t->v, cap * sizeof *v);
        if (!v) {
            t->oom = true;
            return false;
        }
        t->v = v;
        t->cap = cap;
    }
    term *e = &t->v[t->n++];
    snprintf(e->key, sizeof e->key, "%s\x1f%s", it->def->soort,
             it->img_id ? it->img_id : it->ncg_id ? it->ncg_id : "");
    e->address_id = it->nummeraanduiding_id;
    e->status = (int)it->uitkomst.status;
    return true;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const term *)a)->key, ((const term *)b)->key);
}

#define STATUSES 5 /* the four of sl_termijn_status and "no term" */
#define GEEN 4

typedef struct transition {
    char soort[SL_TERMIJN_SOORT_CAP];
    int van, naar;
    int64_t aantal;
    char example[EXAMPLES][17];
} transition;

typedef struct tally {
    transition *v;
    size_t n, cap;
    int64_t changed;
    bool oom;
} tally;

static void count(tally *t, const term *e, int van, int naar)
{
    size_t len = strcspn(e->key, "\x1f");
    size_t i = 0;
    for (; i < t->n; i++)
        if (t->v[i].van == van && t->v[i].naar == naar && strlen(t->v[i].soort) == len &&
            strncmp(t->v[i].soort, e->key, len) == 0)
            break;
    if (i == t->n) {
        if (t->n == t->cap) {
            size_t cap = t->cap ? t->cap * 2 : 16;
            transition *v = sl_realloc(t->v, cap * sizeof *v);
            if (!v) {
                t->oom = true;
                return;
            }
            t->v = v;
            t->cap = cap;
        }
        t->v[i] = (transition){.van = van, .naar = naar};
        snprintf(t->v[i].soort, sizeof t->v[i].soort, "%.*s", (int)len, e->key);
        t->n++;
    }
    if (t->v[i].aantal < EXAMPLES)
        sl_bag_format(e->address_id, t->v[i].example[t->v[i].aantal]);
    t->v[i].aantal++;
    if (van != GEEN && naar != GEEN)
        t->changed++;
}

/* Walks both sorted lists side by side: a term in one only starts or stops. */
static void compare(const terms *oud, const terms *nieuw, tally *t)
{
    size_t i = 0, j = 0;
    while (i < oud->n || j < nieuw->n) {
        int c = i == oud->n ? 1 : j == nieuw->n ? -1 : strcmp(oud->v[i].key, nieuw->v[j].key);
        if (c < 0) {
            count(t, &oud->v[i], oud->v[i].status, GEEN);
            i++;
        } else if (c > 0) {
            count(t, &nieuw->v[j], GEEN, nieuw->v[j].status);
            j++;
        } else {
            if (oud->v[i].status != nieuw->v[j].status)
                count(t, &oud->v[i], oud->v[i].status, nieuw->v[j].status);
            i++;
            j++;
        }
    }
}

static json_t *status_json(int s)
{
    return s == GEEN ? json_null() : json_string(sl_termijn_status_name((sl_termijn_status)s));
}

/* The kinds dated under one table and not under the other. */
static json_t *kinds_only_in(const sl_termijnregels *a, const sl_termijnregels *b)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < a->n; i++) {
        if (!sl_termijn_soort_gedateerd(&a->def[i]))
            continue;
        const sl_termijn_def *o = sl_termijnregels_def(b, a->regel[i].soort);
        if (!o || !sl_termijn_soort_gedateerd(o))
            json_array_append_new(list, json_string(a->regel[i].soort));
    }
    return list;
}

/* The kinds added, removed or changed in any field. */
static json_t *changed_kinds(const sl_termijnregels *draft, const sl_termijnregels *active)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < draft->n; i++) {
        const sl_termijn_regel *o = sl_termijnregels_regel(active, draft->regel[i].soort);
        if (!o || memcmp(o, &draft->regel[i], sizeof *o) != 0)
            json_array_append_new(list, json_string(draft->regel[i].soort));
    }
    for (size_t i = 0; list && i < active->n; i++)
        if (!sl_termijnregels_regel(draft, active->regel[i].soort))
            json_array_append_new(list, json_string(active->regel[i].soort));
    return list;
}

static json_t *preview_json(const tally *t, const sl_termijnregels *draft,
                            const sl_termijnregels *active)
{
    json_t *overgangen = json_array();
    for (size_t i = 0; overgangen && i < t->n; i++) {
        const transition *x = &t->v[i];
        json_t *ex = json_array();
        for (int k = 0; k < EXAMPLES && k < x->aantal; k++)
            json_array_append_new(ex, json_string(x->example[k]));
        json_array_append_new(overgangen,
                              json_pack("{s:s, s:o, s:o, s:I, s:o}", "termijnsoort", x->soort,
                                        "van", status_json(x->van), "naar", status_json(x->naar),
                                        "aantal", (json_int_t)x->aantal, "voorbeelden", ex));
    }
    return json_pack("{s:s, s:i, s:I, s:o, s:o, s:o, s:o}", "soort", "termijn", "huidigeVersie",
                     (int)active->versie, "termijnenGewijzigd", (json_int_t)t->changed,
                     "overgangen", overgangen, "gaanGedateerdWorden",
                     kinds_only_in(draft, active), "wordenNietMeerGedateerd",
                     kinds_only_in(active, draft), "gewijzigdeSoorten",
                     changed_kinds(draft, active));
}

bool sl_regels_termijn_preview(sl_store *st, const sl_termijnregels *draft, json_t **out)
{
    sl_date vandaag = (sl_date)(time(NULL) / 86400);
    *out = NULL;
    sl_termijnregels *active = sl_calloc(1, sizeof *active);
    if (!active)
        return sl_store_fail(st, "onvoldoende geheugen");
    terms oud = {0}, nieuw = {0};
    tally t = {0};
    bool ok = sl_termijnregels_laden(st, active) &&
              sl_termijnen_list_met(st, NULL, vandaag, active, term_cb, &oud, NULL) &&
              sl_termijnen_list_met(st, NULL, vandaag, draft, term_cb, &nieuw, NULL);
    if (ok) {
        if (oud.n > 1)
            qsort(oud.v, oud.n, sizeof *oud.v, by_key);
        if (nieuw.n > 1)
            qsort(nieuw.v, nieuw.n, sizeof *nieuw.v, by_key);
        compare(&oud, &nieuw, &t);
        ok = !t.oom && (*out = preview_json(&t, draft, active)) != NULL;
    }
    if (!ok && (oud.oom || nieuw.oom || t.oom || *out == NULL))
        sl_store_fail(st, "onvoldoende geheugen");
    sl_free(oud.v);
    sl_free(nieuw.v);
    sl_free(t.v);
    sl_free(active);
    return ok;
}

/* ---- publishing ---------------------------------------------------------------------- */

bool sl_regels_termijn_schrijf(sl_store *st, const sl_actor *by, const sl_termijnregels *draft,
                               int32_t versie, const char *reden)
{
    char tijd[SL_LOG_TIME_CAP];
    int32_t max;
    if (!sl_logboek_now(st, tijd) || !sl_store_termijnregels_max(st, &max))
        return false;
    if (max == 0) {
        sl_termijnregels *d = sl_calloc(1, sizeof *d);
        bool ok = d && sl_termijnregels_laden(st, d) &&
                  sl_store_termijnregels_publiceer(st, SL_TERMIJN_REGELVERSIE,
                                                   SL_REGELS_TERMIJN_STANDAARD, "samenloop",
                                                   tijd, d->regel, d->n);
        sl_free(d);
        if (!ok)
            return d ? false : sl_store_fail(st, "onvoldoende geheugen");
    }
    return sl_store_termijnregels_publiceer(st, versie, reden, by->gebruiker, tijd,
                                            draft->regel, draft->n);
}
