/*
 * dossier.c - assembling one address's dossier and the changes people make
 * to a combination dossier (see dossier.h).
 */
#include "service/dossier.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "service/signal_json.h"

static json_t *date_or_null(sl_date d)
{
    if (d == SL_DATE_NONE)
        return json_null();
    char buf[11];
    sl_date_format(d, buf);
    return json_string(buf);
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *flag_json(sl_flag f)
{
    return f == SL_FLAG_UNKNOWN ? json_null() : json_boolean(f == SL_FLAG_JA);
}

static json_t *address_json(const sl_address *a, bool absent)
{
    char id[17], vbo[17], pand[17];
    sl_bag_format(a->nummeraanduiding_id, id);
    sl_bag_format(a->verblijfsobject_id, vbo);
    sl_bag_format(a->pand_id, pand);
    json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:i, s:o, s:o, s:s, s:o, s:s, s:o, s:b}",
                          "nummeraanduiding_id", id, "verblijfsobject_id",
                          a->verblijfsobject_id ? json_string(vbo) : json_null(), "pand_id",
                          a->pand_id ? json_string(pand) : json_null(), "straat",
                          str_or_null(a->straat), "huisnummer", (int)a->nr.huisnummer,
                          "huisletter", str_or_null(a->nr.huisletter), "toevoeging",
                          str_or_null(a->nr.toevoeging), "postcode", a->postcode, "woonplaats",
                          str_or_null(a->woonplaats), "gemeentecode", a->gemeentecode,
                          "bouwjaar", a->bouwjaar ? json_integer(a->bouwjaar) : json_null(),
                          "afwezig", absent);
    if (o && a->has_xy)
        json_object_set_new(o, "rd", json_pack("{s:f, s:f}", "x", a->x, "y", a->y));
    if (o)
        json_object_set_new(o, "kern", flag_json(a->kern));
    return o;
}

static bool trajectory_cb(void *ctx, const sl_trajectory *t, bool absent)
{
    json_t **slot = ctx;
    json_t *o = json_pack("{s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:s, s:o, s:o, s:b}", "ncg_id",
                          t->ncg_id, "stap", sl_stap_name(t->stap), "stap_sinds",
                          date_or_null(t->stap_sinds), "risicoprofiel",
                          sl_risico_name(t->risicoprofiel), "batch", str_or_null(t->batch),
                          "programma", sl_programma_name(t->programma), "bijzondere_situatie",
                          flag_json(t->bijzondere_situatie), "keuze_bewoner",
                          sl_keuze_name(t->keuze_bewoner), "bewonersbegeleider",
                          str_or_null(t->bewonersbegeleider), "aannemersovereenkomst",
                          date_or_null(t->aannemersovereenkomst), "afwezig", absent);
    if (!o)
        return false;
    /* current trajectory first (the store orders absent ones last) */
    if (!slot[0] && !absent) {
        slot[0] = o;
        return true;
    }
    return json_array_append_new(slot[1], o) == 0;
}

static bool claim_cb(void *ctx, const sl_claim *c, bool absent)
{
    json_t *arr = ctx;
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "img_id",
                          c->img_id, "regeling", sl_regeling_name(c->regeling), "fase",
                          sl_fase_name(c->fase), "fase_sinds", date_or_null(c->fase_sinds),
                          "ontvangen_op", date_or_null(c->ontvangen_op), "urgent",
                          flag_json(c->urgent), "aos", flag_json(c->aos), "aos_gegrond",
                          flag_json(c->aos_gegrond), "zaakbegeleider",
                          str_or_null(c->zaakbegeleider), "besluit_bedrag",
                          c->has_bedrag ? json_real((double)c->besluit_bedrag / 100.0)
                                        : json_null(),
                          "afwezig", absent);
    return o && json_array_append_new(arr, o) == 0;
}

static bool element_cb(void *ctx, const sl_element_row *e)
{
    json_t *arr = ctx;
    json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:s}", "element", sl_element_name(e->element),
                          "status", sl_element_status_name(e->status), "gevraagd_op",
                          date_or_null(e->gevraagd_op), "geregeld_op", date_or_null(e->geregeld_op),
                          "afgewezen_op", date_or_null(e->afgewezen_op), "door", e->door);
    return o && json_array_append_new(arr, o) == 0;
}

static bool signal_cb(void *ctx, const sl_signal *s)
{
    json_t *o = sl_signal_json(s);
    return o && json_array_append_new(ctx, o) == 0;
}

static bool history_cb(void *ctx, const sl_history_row *h)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:s}", "onderwerp", h->onderwerp,
                          "sleutel", h->sleutel, "veld", h->veld, "van", str_or_null(h->van),
                          "naar", str_or_null(h->naar), "datum", date_or_null(h->datum),
                          "vastgelegd_op", h->vastgelegd_op);
    if (o && h->delivery_id)
        json_object_set_new(o, "levering_id", json_integer(h->delivery_id));
    if (o && h->gebruiker[0])
        json_object_set_new(o, "gebruiker", json_string(h->gebruiker));
    return o && json_array_append_new(ctx, o) == 0;
}

static bool dossier_json_read(sl_store *st, int64_t address_id, json_t **out, bool *found);

bool sl_dossier_json(sl_store *st, int64_t address_id, json_t **out, bool *found)
{
    /* a dozen queries: one snapshot, so the parts agree and the reads are cheap */
    if (!sl_store_read_begin(st))
        return false;
    bool ok = dossier_json_read(st, address_id, out, found);
    sl_store_read_end(st);
    return ok;
}

static bool dossier_json_read(sl_store *st, int64_t address_id, json_t **out, bool *found)
{
    sl_address a;
    bool absent;
    *out = NULL;
    if (!sl_store_address_get(st, address_id, &a, &absent, found))
        return false;
    if (!*found)
        return true;
    sl_dossier_facts facts;
    sl_dossier_row row;
    bool has_row;
    json_t *traj[2] = {NULL, json_array()};
    json_t *claims = json_array(), *elements = json_array(), *signals = json_array(),
           *history = json_array();
    json_t *o = json_object();
    bool ok = o && traj[1] && claims && elements && signals && history &&
              sl_store_dossier_facts(st, address_id, &facts) &&
              sl_store_dossier_get(st, address_id, &row, &has_row) &&
              sl_store_trajectories_of(st, address_id, trajectory_cb, traj) &&
              sl_store_claims_of(st, address_id, claim_cb, claims) &&
              sl_store_elements_of(st, address_id, element_cb, elements) &&
              sl_store_signals_scan(st, &(sl_signal_filter){.status = -1, .address_id = address_id},
                                    signal_cb, signals) &&
              sl_store_history_of_address(st, address_id, history_cb, history);
    if (!ok) {
        json_decref(o);
        json_decref(traj[0]);
        json_decref(traj[1]);
        json_decref(claims);
        json_decref(elements);
        json_decref(signals);
        json_decref(history);
        return o ? false : sl_store_fail(st, "onvoldoende geheugen");
    }
    json_object_set_new(o, "adres", address_json(&a, absent));
    json_t *klass = json_null();
    if (facts.view.has_trajectory)
        klass = json_pack("{s:s, s:o}", "potentieel", sl_potentieel_name(facts.view.potentieel),
                          "groep", str_or_null(sl_groep_name(facts.view.groep)));
    json_object_set_new(o, "classificatie", klass);
    json_object_set_new(o, "traject", traj[0] ? traj[0] : json_null());
    json_object_set_new(o, "eerdere_trajecten", traj[1]);
    json_object_set_new(o, "schades", claims);
    json_object_set_new(o, "combinatiedossier",
                        has_row ? sl_dossier_row_json(&row, &facts.view) : json_null());
    json_object_set_new(o, "elementen", elements);
    json_object_set_new(o, "signalen", signals);
    json_object_set_new(o, "historie", history);
    *out = o;
    return true;
}

/* Shared frame of the two people-made changes: transaction, dossier row, outbox. */
static bool begin_change(sl_store *st, int64_t address_id, sl_dossier_row *row, char *err,
                         size_t errcap)
{
    bool found;
    if (!sl_store_begin(st) || !sl_store_dossier_get(st, address_id, row, &found)) {
        snprintf(err, errcap, "%s", sl_store_errmsg(st));
        sl_store_rollback(st);
        return false;
    }
    if (!found) {
        char id[17];
        sl_bag_format(address_id, id);
        snprintf(err, errcap, "adres %s is geen combinatiedossier", id);
        sl_store_rollback(st);
        return false;
    }
    return true;
}

static bool finish_change(sl_store *st, int64_t address_id, const char *veld, const char *van,
                          const char *naar, const char *by, char *err, size_t errcap)
{
    char key[17];
    sl_bag_format(address_id, key);
    sl_history h = {.onderwerp = "combinatiedossier", .sleutel = key, .veld = veld,
                    .van = van && *van ? van : NULL, .naar = naar && *naar ? naar : NULL,
                    .datum = SL_DATE_NONE, .gebruiker = by};
    sl_dossier_row row;
    sl_dossier_facts facts;
    bool found;
    bool ok = sl_store_history_add(st, &h) && sl_store_dossier_get(st, address_id, &row, &found) &&
              sl_store_dossier_facts(st, address_id, &facts);
    if (ok) {
        json_t *data = sl_dossier_row_json(&row, &facts.view);
        char *text = data ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(data);
        ok = text && sl_store_outbox_add(st, "combinatiedossier.gewijzigd", "combinatiedossier",
                                         key, text);
        sl_free(text);
        if (!text)
            sl_store_fail(st, "onvoldoende geheugen");
    }
    if (!ok || !sl_store_commit(st)) {
        snprintf(err, errcap, "%s", sl_store_errmsg(st));
        sl_store_rollback(st);
        return false;
    }
    return true;
}

bool sl_dossier_set_coordinator(sl_store *st, int64_t address_id, const char *name,
                                const char *by, char *err, size_t errcap)
{
    sl_dossier_row row;
    if (!by || !*by) {
        snprintf(err, errcap, "wie de wijziging doet is verplicht");
        return false;
    }
    if (strlen(name) >= sizeof row.coordinator) {
        snprintf(err, errcap, "naam van de coördinator is te lang");
        return false;
    }
    if (!begin_change(st, address_id, &row, err, errcap))
        return false;
    char old[SL_NAME_CAP];
    memcpy(old, row.coordinator, sizeof old);
    snprintf(row.coordinator, sizeof row.coordinator, "%s", name);
    if (!sl_store_dossier_put(st, &row)) {
        snprintf(err, errcap, "%s", sl_store_errmsg(st));
        sl_store_rollback(st);
        return false;
    }
    return finish_change(st, address_id, "coordinator", old, name, by, err, errcap);
}

bool sl_dossier_set_element(sl_store *st, int64_t address_id, sl_element element,
                            sl_element_status status, sl_date datum, const char *by, char *err,
                            size_t errcap)
{
    sl_dossier_row row;
    if (!by || !*by) {
        snprintf(err, errcap, "wie de wijziging doet is verplicht");
        return false;
    }
    if (!begin_change(st, address_id, &row, err, errcap))
        return false;
    sl_element_row e = {.element = element, .status = status, .gevraagd_op = SL_DATE_NONE,
                        .geregeld_op = SL_DATE_NONE, .afgewezen_op = SL_DATE_NONE};
    snprintf(e.door, sizeof e.door, "%s", by);
    if (status == SL_ELEMENT_GEVRAAGD)
        e.gevraagd_op = datum;
    else if (status == SL_ELEMENT_GEREGELD)
        e.geregeld_op = datum;
    else
        e.afgewezen_op = datum;
    /* the dossier's version moves with every change, also of its elements */
    if (!sl_store_element_put(st, address_id, &e) || !sl_store_dossier_put(st, &row)) {
        snprintf(err, errcap, "%s", sl_store_errmsg(st));
        sl_store_rollback(st);
        return false;
    }
    char veld[48];
    snprintf(veld, sizeof veld, "element:%s", sl_element_name(element));
    return finish_change(st, address_id, veld, NULL, sl_element_status_name(status), by, err,
                         errcap);
}

/* ---- one request's change, with optimistic concurrency --------------------------- */

static const char *const samenwerking_words[] = {"geen", "gezamenlijke_opname_gepland",
                                                 "integraal_plan", "afgerond",
                                                 "afgewezen_door_bewoner"};

bool sl_samenwerking_valid(const char *s)
{
    for (size_t i = 0; s && i < sizeof samenwerking_words / sizeof samenwerking_words[0]; i++)
        if (strcmp(s, samenwerking_words[i]) == 0)
            return true;
    return false;
}

static bool patch_history(sl_store *st, const char *key, const char *veld, const char *van,
                          const char *naar, const char *by)
{
    sl_history h = {.onderwerp = "combinatiedossier", .sleutel = key, .veld = veld,
                    .van = van && *van ? van : NULL, .naar = naar && *naar ? naar : NULL,
                    .datum = SL_DATE_NONE, .gebruiker = by};
    return sl_store_history_add(st, &h);
}

sl_patch_rc sl_dossier_patch_apply(sl_store *st, int64_t address_id, int64_t expect_versie,
                                   const sl_dossier_patch *p, const char *by, sl_dossier_row *out,
                                   char *err, size_t errcap)
{
    sl_dossier_row row;
    bool found;
    char key[17];
    sl_bag_format(address_id, key);
    if (!by || !*by || (p->coordinator && strlen(p->coordinator) >= sizeof row.coordinator) ||
        (p->samenwerking && !sl_samenwerking_valid(p->samenwerking)) ||
        p->n_elements > SL_PATCH_ELEMENTS_MAX) {
        snprintf(err, errcap, "ongeldige wijziging");
        return SL_PATCH_INVALID;
    }
    if (!sl_store_begin(st) || !sl_store_dossier_get(st, address_id, &row, &found))
        goto error;
    if (!found) {
        sl_store_rollback(st);
        snprintf(err, errcap, "adres %s is geen combinatiedossier", key);
        return SL_PATCH_NOT_FOUND;
    }
    if (row.versie != expect_versie) {
        sl_store_rollback(st);
        snprintf(err, errcap, "het dossier is intussen gewijzigd (versie %lld, niet %lld)",
                 (long long)row.versie, (long long)expect_versie);
        return SL_PATCH_STALE;
    }
    if (p->coordinator && strcmp(p->coordinator, row.coordinator) != 0) {
        if (!patch_history(st, key, "coordinator", row.coordinator, p->coordinator, by))
            goto error;
        snprintf(row.coordinator, sizeof row.coordinator, "%s", p->coordinator);
    }
    if (p->samenwerking && strcmp(p->samenwerking, row.samenwerking) != 0) {
        if (!patch_history(st, key, "samenwerking", row.samenwerking, p->samenwerking, by))
            goto error;
        snprintf(row.samenwerking, sizeof row.samenwerking, "%s", p->samenwerking);
    }
    for (size_t i = 0; i < p->n_elements; i++) {
        sl_element_row e = {.element = p->element[i], .status = p->status[i],
                            .gevraagd_op = SL_DATE_NONE, .geregeld_op = SL_DATE_NONE,
                            .afgewezen_op = SL_DATE_NONE};
        snprintf(e.door, sizeof e.door, "%s", by);
        if (p->status[i] == SL_ELEMENT_GEVRAAGD)
            e.gevraagd_op = p->datum[i];
        else if (p->status[i] == SL_ELEMENT_GEREGELD)
            e.geregeld_op = p->datum[i];
        else
            e.afgewezen_op = p->datum[i];
        char veld[48];
        snprintf(veld, sizeof veld, "element:%s", sl_element_name(p->element[i]));
        if (!sl_store_element_put(st, address_id, &e) ||
            !patch_history(st, key, veld, NULL, sl_element_status_name(p->status[i]), by))
            goto error;
    }
    sl_dossier_facts facts;
    if (!sl_store_dossier_put(st, &row) || !sl_store_dossier_get(st, address_id, &row, &found) ||
        !sl_store_dossier_facts(st, address_id, &facts))
        goto error;
    json_t *data = sl_dossier_row_json(&row, &facts.view);
    char *text = data ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(data);
    bool ok = text && sl_store_outbox_add(st, "combinatiedossier.gewijzigd", "combinatiedossier",
                                          key, text);
    sl_free(text);
    if (!ok || !sl_store_commit(st))
        goto error;
    if (out)
        *out = row;
    return SL_PATCH_OK;
error:
    snprintf(err, errcap, "%s", sl_store_errmsg(st));
    sl_store_rollback(st);
    return SL_PATCH_ERROR;
}
