/*
 * dossier.c - assembling one address's dossier and the changes people make
 * to a combination dossier (see dossier.h).
 */
#include "service/dossier.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "core/disclosure.h"
#include "service/consent.h"
#include "service/disclosure.h"
#include "service/dossier_termijnen.h"
#include "service/jsonw.h"
#include "service/logboek.h"
#include "service/sharing.h"
#include "service/signal_json.h"
#include "core/delivery_scope.h"
#include "service/signals.h"
#include "store/deliveries_store.h"
#include "store/accounts_store.h"
#include "store/address_view_store.h"
#include "store/classification_store.h"
#include "store/dossiers_store.h"
#include "store/log_store.h"
#include "store/records_store.h"
#include "store/signals_store.h"

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
                          c->has_bedrag ? sl_amount_json(c->besluit_bedrag) : json_null(),
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

/*
 * The file name of the deliveries an address's history names (decision 217):
 * "uit img_schades.csv", not "levering 6". An address's history names a few
 * deliveries, so the names are kept for the rows that follow. A file's name
 * is the delivery's own data: shown to whoever may see that delivery (its
 * body's data steward, the beheerder), a date alone to everyone else.
 */
#define DELIVERY_NAMES_MAX 8
typedef struct delivery_names {
    sl_store *st;
    const sl_address_view *view; /* the deliveries read with the dossier, or NULL: the store */
    const sl_viewer *viewer; /* NULL: the command line, which sees every delivery */
    size_t n;
    int64_t id[DELIVERY_NAMES_MAX];
    char bestand[DELIVERY_NAMES_MAX][256];
} delivery_names;

/* The delivery's file name without its folder, "" when unknown; false on a store error. */
static bool delivery_file(delivery_names *c, int64_t id, const char **out)
{
    *out = "";
    for (size_t i = 0; i < c->n; i++)
        if (c->id[i] == id) {
            *out = c->bestand[i];
            return true;
        }
    sl_delivery_row d;
    bool found = false;
    if (c->view) {
        for (size_t i = 0; !found && i < c->view->n_deliveries; i++)
            if (c->view->deliveries[i].id == id) {
                found = true;
                d.kind = c->view->deliveries[i].kind;
                memcpy(d.bestand, c->view->deliveries[i].bestand, sizeof d.bestand);
            }
    } else if (!sl_store_delivery_get(c->st, id, &d, &found)) {
        return false;
    }
    const char *slash = strrchr(d.bestand, '/');
    sl_steward who = {.rol = c->viewer ? c->viewer->role : SL_ROLE_BEHEERDER,
                      .org = c->viewer ? c->viewer->org : SL_ACCOUNT_ORG_NONE};
    bool may = !c->viewer || who.rol == SL_ROLE_BEHEERDER || sl_steward_may_see(&who, d.kind);
    const char *name = found && may ? (slash ? slash + 1 : d.bestand) : "";
    size_t slot = c->n < DELIVERY_NAMES_MAX ? c->n++ : DELIVERY_NAMES_MAX - 1;
    c->id[slot] = id;
    snprintf(c->bestand[slot], sizeof c->bestand[slot], "%s", name);
    *out = c->bestand[slot];
    return true;
}

typedef struct history_ctx {
    json_t *rows;
    delivery_names names;
} history_ctx;

static bool history_cb(void *ctx, const sl_history_row *h)
{
    history_ctx *c = ctx;
    const char *bestand = "";
    if (h->delivery_id && !delivery_file(&c->names, h->delivery_id, &bestand))
        return false;
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:s}", "onderwerp", h->onderwerp,
                          "sleutel", h->sleutel, "veld", h->veld, "van", str_or_null(h->van),
                          "naar", str_or_null(h->naar), "datum", date_or_null(h->datum),
                          "vastgelegd_op", h->vastgelegd_op);
    if (o && h->delivery_id)
        json_object_set_new(o, "levering_id", json_integer(h->delivery_id));
    if (o && bestand[0])
        json_object_set_new(o, "levering_bestand", json_string(bestand));
    if (o && h->gebruiker[0])
        json_object_set_new(o, "gebruiker", json_string(h->gebruiker));
    return o && json_array_append_new(c->rows, o) == 0;
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
              sl_store_history_of_address(st, address_id, history_cb,
                                          &(history_ctx){history, {.st = st}});
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

/* ---- the dossier as one viewer may see it ---------------------------------------- */

/*
 * Written as text (service/jsonw.h) with the keys, order and values of the
 * jansson builders above: this is the hottest read of the API, and building a
 * tree only to dump it cost more than all its queries together.
 */

static void jw_date(sl_jw *w, sl_date d)
{
    if (d == SL_DATE_NONE) {
        sl_jw_null(w);
        return;
    }
    char buf[11];
    sl_date_format(d, buf);
    sl_jw_string(w, buf);
}

static void jw_flag(sl_jw *w, sl_flag f)
{
    if (f == SL_FLAG_UNKNOWN)
        sl_jw_null(w);
    else
        sl_jw_bool(w, f == SL_FLAG_JA);
}

static void jw_bag_or_null(sl_jw *w, int64_t id)
{
    char buf[17];
    if (!id) {
        sl_jw_null(w);
        return;
    }
    sl_bag_format(id, buf);
    sl_jw_string(w, buf);
}

/* As address_json. */
static void jw_address(sl_jw *w, const sl_address *a, bool absent)
{
    char id[17];
    sl_bag_format(a->nummeraanduiding_id, id);
    sl_jw_object(w);
    sl_jw_key(w, "nummeraanduiding_id"), sl_jw_string(w, id);
    sl_jw_key(w, "verblijfsobject_id"), jw_bag_or_null(w, a->verblijfsobject_id);
    sl_jw_key(w, "pand_id"), jw_bag_or_null(w, a->pand_id);
    sl_jw_key(w, "straat"), sl_jw_string_or_null(w, a->straat);
    sl_jw_key(w, "huisnummer"), sl_jw_int(w, (int)a->nr.huisnummer);
    sl_jw_key(w, "huisletter"), sl_jw_string_or_null(w, a->nr.huisletter);
    sl_jw_key(w, "toevoeging"), sl_jw_string_or_null(w, a->nr.toevoeging);
    sl_jw_key(w, "postcode"), sl_jw_string(w, a->postcode);
    sl_jw_key(w, "woonplaats"), sl_jw_string_or_null(w, a->woonplaats);
    sl_jw_key(w, "gemeentecode"), sl_jw_string(w, a->gemeentecode);
    sl_jw_key(w, "bouwjaar");
    if (a->bouwjaar)
        sl_jw_int(w, a->bouwjaar);
    else
        sl_jw_null(w);
    sl_jw_key(w, "afwezig"), sl_jw_bool(w, absent);
    if (a->has_xy) {
        sl_jw_key(w, "rd");
        sl_jw_object(w);
        sl_jw_key(w, "x"), sl_jw_real(w, a->x);
        sl_jw_key(w, "y"), sl_jw_real(w, a->y);
        sl_jw_object_end(w);
    }
    sl_jw_key(w, "kern"), jw_flag(w, a->kern);
    sl_jw_object_end(w);
}

/* The fields of one part that a decision lets through (core/sharing.h's table decides). */
typedef struct part_cut {
    sl_share_part_id part;
    unsigned cats;
} part_cut;

/* Writes the key and returns true only when the decision allows the field. */
static bool field(sl_jw *w, const part_cut *c, const char *key)
{
    if (!(sl_share_field_category(c->part, key) & c->cats))
        return false;
    sl_jw_key(w, key);
    return true;
}

/* As claim_cb, with only the allowed fields (never "afwezig": it has no category). */
static void jw_claim(sl_jw *w, const sl_claim *c, const part_cut *cut)
{
    sl_jw_object(w);
    if (field(w, cut, "img_id"))
        sl_jw_string(w, c->img_id);
    if (field(w, cut, "regeling"))
        sl_jw_string(w, sl_regeling_name(c->regeling));
    if (field(w, cut, "fase"))
        sl_jw_string(w, sl_fase_name(c->fase));
    if (field(w, cut, "fase_sinds"))
        jw_date(w, c->fase_sinds);
    if (field(w, cut, "ontvangen_op"))
        jw_date(w, c->ontvangen_op);
    if (field(w, cut, "urgent"))
        jw_flag(w, c->urgent);
    if (field(w, cut, "aos"))
        jw_flag(w, c->aos);
    if (field(w, cut, "aos_gegrond"))
        jw_flag(w, c->aos_gegrond);
    if (field(w, cut, "zaakbegeleider"))
        sl_jw_string_or_null(w, c->zaakbegeleider);
    if (field(w, cut, "besluit_bedrag")) {
        if (c->has_bedrag)
            sl_jw_amount(w, c->besluit_bedrag);
        else
            sl_jw_null(w);
    }
    sl_jw_object_end(w);
}

/* As trajectory_cb, with only the allowed fields. */
static void jw_trajectory(sl_jw *w, const sl_trajectory *t, const part_cut *cut)
{
    sl_jw_object(w);
    if (field(w, cut, "ncg_id"))
        sl_jw_string(w, t->ncg_id);
    if (field(w, cut, "stap"))
        sl_jw_string(w, sl_stap_name(t->stap));
    if (field(w, cut, "stap_sinds"))
        jw_date(w, t->stap_sinds);
    if (field(w, cut, "risicoprofiel"))
        sl_jw_string(w, sl_risico_name(t->risicoprofiel));
    if (field(w, cut, "batch"))
        sl_jw_string_or_null(w, t->batch);
    if (field(w, cut, "programma"))
        sl_jw_string(w, sl_programma_name(t->programma));
    if (field(w, cut, "bijzondere_situatie"))
        jw_flag(w, t->bijzondere_situatie);
    if (field(w, cut, "keuze_bewoner"))
        sl_jw_string(w, sl_keuze_name(t->keuze_bewoner));
    if (field(w, cut, "bewonersbegeleider"))
        sl_jw_string_or_null(w, t->bewonersbegeleider);
    if (field(w, cut, "aannemersovereenkomst"))
        jw_date(w, t->aannemersovereenkomst);
    sl_jw_object_end(w);
}

static bool jw_element_cb(void *ctx, const sl_element_row *e)
{
    sl_jw *w = ctx;
    sl_jw_object(w);
    sl_jw_key(w, "element"), sl_jw_string(w, sl_element_name(e->element));
    sl_jw_key(w, "status"), sl_jw_string(w, sl_element_status_name(e->status));
    sl_jw_key(w, "gevraagd_op"), jw_date(w, e->gevraagd_op);
    sl_jw_key(w, "geregeld_op"), jw_date(w, e->geregeld_op);
    sl_jw_key(w, "afgewezen_op"), jw_date(w, e->afgewezen_op);
    sl_jw_key(w, "door"), sl_jw_string(w, e->door);
    sl_jw_object_end(w);
    return true;
}

/* A signal in the dossier, cut for the viewer by the same rule as the work queue
 * (core/disclosure.h): what the look's decision does not cover is neutral or left out. */
typedef struct signal_view {
    sl_jw *w;
    const sl_viewer *v;
    const sl_share_decision *dec;
} signal_view;

static bool jw_signal_cb(void *ctx, const sl_signal *s)
{
    signal_view *c = ctx;
    sl_signal_cut cut;
    sl_signal_cut_decide(c->v, c->dec, s, &cut);
    if (cut.form == SL_SIGNAL_HIDDEN)
        return true;
    sl_signal copy = *s;
    sl_signal_apply_cut(&cut, NULL, &copy);
    json_t *o = sl_signal_json(&copy);
    if (!o)
        return false;
    if (cut.form == SL_SIGNAL_NEUTRAL)
        json_object_set_new(o, "weerhouden", json_string(cut.reden));
    sl_jw_json(c->w, o);
    json_decref(o);
    return true;
}

typedef struct history_cut {
    sl_jw *w;
    bool schades, traject, both;
    delivery_names names;
} history_cut;

/* As history_cb, for the rows of the parts that are shown (the address's own always). */
static bool jw_history_cb(void *ctx, const sl_history_row *h)
{
    history_cut *c = ctx;
    bool keep = (strcmp(h->onderwerp, "schade") == 0 && c->schades) ||
                (strcmp(h->onderwerp, "traject") == 0 && c->traject) ||
                strcmp(h->onderwerp, "adres") == 0 ||
                (strcmp(h->onderwerp, "combinatiedossier") == 0 && c->both);
    const char *bestand = "";
    if (!keep)
        return true;
    if (h->delivery_id && !delivery_file(&c->names, h->delivery_id, &bestand))
        return false;
    sl_jw *w = c->w;
    sl_jw_object(w);
    sl_jw_key(w, "onderwerp"), sl_jw_string(w, h->onderwerp);
    sl_jw_key(w, "sleutel"), sl_jw_string(w, h->sleutel);
    sl_jw_key(w, "veld"), sl_jw_string(w, h->veld);
    sl_jw_key(w, "van"), sl_jw_string_or_null(w, h->van);
    sl_jw_key(w, "naar"), sl_jw_string_or_null(w, h->naar);
    sl_jw_key(w, "datum"), jw_date(w, h->datum);
    sl_jw_key(w, "vastgelegd_op"), sl_jw_string(w, h->vastgelegd_op);
    if (h->delivery_id)
        sl_jw_key(w, "levering_id"), sl_jw_int(w, h->delivery_id);
    if (bestand[0])
        sl_jw_key(w, "levering_bestand"), sl_jw_string(w, bestand);
    if (h->gebruiker[0])
        sl_jw_key(w, "gebruiker"), sl_jw_string(w, h->gebruiker);
    sl_jw_object_end(w);
    return true;
}

static void jw_withheld(sl_jw *w, const char *onderdeel, const char *reden)
{
    sl_jw_object(w);
    sl_jw_key(w, "onderdeel"), sl_jw_string(w, onderdeel);
    sl_jw_key(w, "reden"), sl_jw_string(w, reden);
    sl_jw_object_end(w);
}

/* The current trajectory (the first not absent), or NULL. */
static const sl_trajectory *current_trajectory(const sl_address_view *av)
{
    for (size_t i = 0; i < av->n_traj; i++)
        if (!av->traj_absent[i])
            return &av->traj[i];
    return NULL;
}

static bool any_claim_undecided(const sl_address_view *av)
{
    for (size_t i = 0; i < av->n_claims; i++)
        if (sl_sharing_claim_undecided(&av->claims[i], av->claim_absent[i]))
            return true;
    return false;
}

static const char SAMENLOOP_WITHHELD[] = "classificatie, combinatiedossier en signalen "
                                         "combineren beide sporen en worden alleen getoond "
                                         "als beide sporen zichtbaar zijn";

static bool shown_read(sl_store *st, const sl_sharing_config *cfg, const sl_viewer *v,
                       sl_doel doel, int64_t address_id, sl_date today, sl_jw *w,
                       sl_share_decision *dec, bool *found, sl_address_view *av)
{
    /* everything the dossier may show, in one read: what is shown of it is the
     * decision's, below */
    if (!sl_store_address_view(st, address_id, av))
        return false;
    *found = av->found;
    if (!*found)
        return true;
    const sl_address *a = &av->address;
    const sl_trajectory *traj = current_trajectory(av);
    /* the decision, on the same facts as sl_sharing_decide gathers */
    sl_share_subject s = {.address_id = address_id, .gemeentecode = a->gemeentecode,
                          .open_trajectory = traj && sl_stap_open(traj->stap),
                          .undecided_claim = any_claim_undecided(av),
                          .assigned = sl_sharing_assigned_in(v, av)};
    sl_consent_state consent = SL_CONSENT_NONE;
    if (sl_doel_name(doel) && doel < SL_DOEL_COUNT && av->has_consent[doel])
        consent = sl_consent_state_of_row(&av->consent[doel]);
    sl_share_decide(cfg, v, doel, &s, consent, today, dec);
    if (dec->not_found)
        return true;

    const sl_share_part *sch = &dec->deel[SL_DEEL_SCHADES], *trj = &dec->deel[SL_DEEL_TRAJECT];
    bool both = sch->shown && trj->shown;
    sl_jw_object(w);
    sl_jw_key(w, "adres");
    jw_address(w, a, av->absent);
    sl_jw_key(w, "schades");
    if (sch->shown) {
        part_cut cut = {SL_DEEL_SCHADES, sch->categories};
        sl_jw_array(w);
        for (size_t i = 0; i < av->n_claims; i++)
            jw_claim(w, &av->claims[i], &cut);
        sl_jw_array_end(w);
    } else {
        sl_jw_null(w);
    }
    sl_jw_key(w, "traject");
    if (trj->shown && traj) {
        part_cut cut = {SL_DEEL_TRAJECT, trj->categories};
        jw_trajectory(w, traj, &cut);
    } else {
        sl_jw_null(w);
    }
    if (both) {
        /* what combines both tracks is shown only when both are */
        sl_dossier_view view;
        memset(&view, 0, sizeof view);
        view.has_trajectory = traj != NULL;
        if (av->has_class) {
            view.potentieel = av->cls.c.potentieel;
            view.groep = av->cls.c.groep;
        }
        sl_jw_key(w, "classificatie");
        if (view.has_trajectory) {
            sl_jw_object(w);
            sl_jw_key(w, "potentieel"), sl_jw_string(w, sl_potentieel_name(view.potentieel));
            sl_jw_key(w, "groep"), sl_jw_string_or_null(w, sl_groep_name(view.groep));
            sl_jw_object_end(w);
        } else {
            sl_jw_null(w);
        }
        sl_jw_key(w, "combinatiedossier");
        if (av->has_dossier) {
            json_t *o = sl_dossier_row_json(&av->dossier, &view);
            if (!o)
                return sl_store_fail(st, "onvoldoende geheugen");
            sl_jw_json(w, o);
            json_decref(o);
        } else {
            sl_jw_null(w);
        }
        sl_jw_key(w, "elementen");
        sl_jw_array(w);
        for (size_t i = 0; i < av->n_elements; i++)
            jw_element_cb(w, &av->elements[i]);
        sl_jw_array_end(w);
        /* signals are staff work: a resident gets the plain-language dossier, not the
         * texts staff write to each other (decision 101) */
        sl_jw_key(w, "signalen");
        if (v->role == SL_ROLE_BEWONER) {
            sl_jw_null(w);
        } else {
            signal_view sv = {.w = w, .v = v, .dec = dec};
            sl_jw_array(w);
            for (size_t i = 0; i < av->n_signals; i++)
                if (!jw_signal_cb(&sv, &av->signals[i]))
                    return sl_store_fail(st, "onvoldoende geheugen");
            sl_jw_array_end(w);
        }
    } else {
        sl_jw_key(w, "classificatie"), sl_jw_null(w);
        sl_jw_key(w, "combinatiedossier"), sl_jw_null(w);
        sl_jw_key(w, "elementen"), sl_jw_null(w);
        sl_jw_key(w, "signalen"), sl_jw_null(w);
    }
    sl_dossier_termijn_zicht tz = {
        .shown = sch->shown, .cats = sch->categories,
        .eigen = sch->shown && sch->grondslag == SL_GRONDSLAG_EIGEN_ORGANISATIE};
    if (!sl_dossier_termijnen_jw(st, &tz, av, today, w))
        return false;
    sl_dossier_escalaties_jw(v, av, w);
    history_cut hc = {.w = w, .schades = sch->shown, .traject = trj->shown, .both = both,
                      .names = {.st = st, .view = av, .viewer = v}};
    sl_jw_key(w, "historie");
    sl_jw_array(w);
    for (size_t i = 0; i < av->n_history; i++)
        if (!jw_history_cb(&hc, &av->history[i]))
            return false;
    sl_jw_array_end(w);
    sl_jw_key(w, "afgeschermd");
    sl_jw_array(w);
    if (!sch->shown)
        jw_withheld(w, "schades", sch->reden);
    if (!trj->shown)
        jw_withheld(w, "traject", trj->reden);
    if (!both)
        jw_withheld(w, "samenloop", SAMENLOOP_WITHHELD);
    sl_jw_array_end(w);
    sl_jw_key(w, "grondslag");
    sl_jw_object(w);
    if (sch->shown)
        sl_jw_key(w, "schades"), sl_jw_string(w, sl_grondslag_name(sch->grondslag));
    if (trj->shown)
        sl_jw_key(w, "traject"), sl_jw_string(w, sl_grondslag_name(trj->grondslag));
    sl_jw_object_end(w);
    sl_jw_key(w, "doel"), sl_jw_string(w, sl_doel_name(doel));
    sl_jw_object_end(w);
    return true;
}

bool sl_dossier_shown(sl_store *st, const sl_sharing_config *cfg, const sl_viewer *v,
                      sl_doel doel, int64_t address_id, sl_date today, char **body,
                      size_t *body_len, sl_share_decision *dec, bool *found)
{
    *body = NULL;
    *body_len = 0;
    memset(dec, 0, sizeof *dec);
    /* the address view is the one read, a consistent state by itself: the
     * decision and what it shows, terms and escalations included, come from it
     * (decision 251), so no snapshot is needed around it */
    sl_address_view av;
    sl_jw w;
    sl_jw_init(&w);
    bool ok = shown_read(st, cfg, v, doel, address_id, today, &w, dec, found, &av);
    sl_address_view_free(&av);
    if (ok && *found && !dec->not_found) {
        *body = sl_jw_finish(&w, body_len);
        if (!*body)
            ok = sl_store_fail(st, "onvoldoende geheugen");
    }
    sl_jw_discard(&w);
    return ok;
}

bool sl_dossier_snapshot_begin(sl_store *st) { return sl_store_read_begin(st); }

void sl_dossier_snapshot_end(sl_store *st) { sl_store_read_end(st); }

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

/* A change to a combination dossier is a change to data both bodies keep: one
 * processing-log record, in the change's transaction, naming the fields changed. */
static bool log_dossier_change(sl_store *st, const sl_actor *by, int64_t address_id,
                               const char *fields, int64_t versie)
{
    char cats[SL_LOG_CATS_CAP];
    char details[48];
    snprintf(cats, sizeof cats, "combinatiedossier:%s", fields);
    snprintf(details, sizeof details, "{\"versie\":%lld}", (long long)versie);
    sl_log_entry e = {.actor = by, .doel = sl_doel_name(SL_DOEL_COORDINATIE),
                      .grondslag = "combinatiedossier", .categorieen = cats,
                      .address_id = address_id, .actie = "wijziging", .gegevens = details};
    return sl_logboek_append(st, &e, NULL);
}

static bool finish_change(sl_store *st, int64_t address_id, const char *veld, const char *van,
                          const char *naar, const sl_actor *by, char *err, size_t errcap)
{
    char key[17];
    sl_bag_format(address_id, key);
    sl_history h = {.onderwerp = "combinatiedossier", .sleutel = key, .veld = veld,
                    .van = van && *van ? van : NULL, .naar = naar && *naar ? naar : NULL,
                    .datum = SL_DATE_NONE, .gebruiker = by->gebruiker};
    sl_dossier_row row;
    sl_dossier_facts facts;
    bool found;
    /* a change a person makes (the resident declined the joint inspection) can end a signal */
    bool ok = sl_store_history_add(st, &h) && sl_store_dossier_get(st, address_id, &row, &found) &&
              sl_signals_close_lapsed_now(st, address_id) &&
              sl_store_dossier_facts(st, address_id, &facts) &&
              log_dossier_change(st, by, address_id, veld, row.versie);
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

/*
 * Points row at the coordinator account `name` ("" removes it): an active
 * account of role coordinator, by login name ignoring case. Returns false with
 * *unknown set when there is none (no store error), false alone on a store error.
 */
static bool resolve_coordinator(sl_store *st, const char *name, sl_dossier_row *row,
                                bool *unknown, char *err, size_t errcap)
{
    *unknown = false;
    if (!*name) {
        row->coordinator[0] = '\0';
        row->coordinator_id = 0;
        return true;
    }
    sl_user u;
    bool found;
    if (!sl_store_user_get(st, name, &u, NULL, &found)) {
        snprintf(err, errcap, "%s", sl_store_errmsg(st));
        return false;
    }
    if (!found || !u.actief || u.rol != SL_ROLE_COORDINATOR) {
        *unknown = true;
        /* "veld: reden": the API names the field (sl_resp_invalid_reason) */
        snprintf(err, errcap,
                 "coordinator: er is geen actief account met de rol coördinator en de naam '%s'",
                 name);
        return false;
    }
    snprintf(row->coordinator, sizeof row->coordinator, "%s", u.naam);
    row->coordinator_id = u.id;
    return true;
}

bool sl_dossier_set_coordinator(sl_store *st, int64_t address_id, const char *name,
                                const sl_actor *by, char *err, size_t errcap)
{
    sl_dossier_row row;
    if (!by || !by->gebruiker || !*by->gebruiker) {
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
    bool unknown;
    if (!resolve_coordinator(st, name, &row, &unknown, err, errcap)) {
        sl_store_rollback(st);
        return false;
    }
    if (!sl_store_dossier_put(st, &row) ||
        !sl_signals_address_coordinator(st, address_id, row.coordinator, by, NULL)) {
        snprintf(err, errcap, "%s", sl_store_errmsg(st));
        sl_store_rollback(st);
        return false;
    }
    return finish_change(st, address_id, "coordinator", old, row.coordinator, by, err, errcap);
}

bool sl_dossier_set_element(sl_store *st, int64_t address_id, sl_element element,
                            sl_element_status status, sl_date datum, const sl_actor *by,
                            char *err, size_t errcap)
{
    sl_dossier_row row;
    if (!by || !by->gebruiker || !*by->gebruiker) {
        snprintf(err, errcap, "wie de wijziging doet is verplicht");
        return false;
    }
    if (!begin_change(st, address_id, &row, err, errcap))
        return false;
    sl_element_row e = {.element = element, .status = status, .gevraagd_op = SL_DATE_NONE,
                        .geregeld_op = SL_DATE_NONE, .afgewezen_op = SL_DATE_NONE};
    snprintf(e.door, sizeof e.door, "%s", by->gebruiker);
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

/* Appends ",name" (or "name") to a comma-separated list, as far as it fits. */
static void add_field(char *list, size_t cap, const char *name)
{
    size_t used = strlen(list);
    snprintf(list + used, cap - used, "%s%s", used ? "," : "", name);
}

static bool patch_history(sl_store *st, const char *key, const char *veld, const char *van,
                          const char *naar, const char *by)
{
    sl_history h = {.onderwerp = "combinatiedossier", .sleutel = key, .veld = veld,
                    .van = van && *van ? van : NULL, .naar = naar && *naar ? naar : NULL,
                    .datum = SL_DATE_NONE, .gebruiker = by};
    return sl_store_history_add(st, &h);
}

sl_outcome sl_dossier_patch_apply(sl_store *st, int64_t address_id, int64_t expect_versie,
                                  const sl_dossier_patch *p, const sl_actor *actor,
                                  sl_dossier_row *out, char *err, size_t errcap)
{
    sl_dossier_row row;
    bool found;
    char key[17];
    sl_bag_format(address_id, key);
    const char *by = actor ? actor->gebruiker : NULL;
    char fields[SL_LOG_CATS_CAP - 20] = ""; /* what changed, for the processing log */
    if (!by || !*by || (p->coordinator && strlen(p->coordinator) >= sizeof row.coordinator) ||
        (p->samenwerking && !sl_samenwerking_valid(p->samenwerking)) ||
        p->n_elements > SL_PATCH_ELEMENTS_MAX) {
        snprintf(err, errcap, "ongeldige wijziging");
        return SL_INVALID;
    }
    if (!sl_store_begin(st) || !sl_store_dossier_get(st, address_id, &row, &found))
        goto error;
    if (!found) {
        sl_store_rollback(st);
        snprintf(err, errcap, "adres %s is geen combinatiedossier", key);
        return SL_NOT_FOUND;
    }
    if (expect_versie == SL_VERSIE_ANY)
        expect_versie = row.versie;
    if (row.versie != expect_versie) {
        sl_store_rollback(st);
        snprintf(err, errcap, "het dossier is intussen gewijzigd (versie %lld, niet %lld)",
                 (long long)row.versie, (long long)expect_versie);
        return SL_STALE;
    }
    if (p->coordinator && strcasecmp(p->coordinator, row.coordinator) != 0) {
        char old[SL_NAME_CAP];
        memcpy(old, row.coordinator, sizeof old);
        bool unknown;
        if (!resolve_coordinator(st, p->coordinator, &row, &unknown, err, errcap)) {
            sl_store_rollback(st);
            return unknown ? SL_INVALID : SL_ERROR;
        }
        if (!patch_history(st, key, "coordinator", old, row.coordinator, by) ||
            !sl_signals_address_coordinator(st, address_id, row.coordinator, actor, NULL))
            goto error;
        add_field(fields, sizeof fields, "coordinator");
    }
    if (p->samenwerking && strcmp(p->samenwerking, row.samenwerking) != 0) {
        if (!patch_history(st, key, "samenwerking", row.samenwerking, p->samenwerking, by))
            goto error;
        add_field(fields, sizeof fields, "samenwerking");
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
        add_field(fields, sizeof fields, veld);
    }
    sl_dossier_facts facts;
    if (!sl_store_dossier_put(st, &row) || !sl_store_dossier_get(st, address_id, &row, &found) ||
        !sl_store_dossier_facts(st, address_id, &facts) ||
        (fields[0] && !log_dossier_change(st, actor, address_id, fields, row.versie)))
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
    return SL_OK;
error:
    snprintf(err, errcap, "%s", sl_store_errmsg(st));
    sl_store_rollback(st);
    return SL_ERROR;
}

/* ---- the combination dossier as the API shows it ------------------------------------ */

bool sl_combination_dossier_row_json(sl_store *st, const sl_dossier_row *row, json_t **out)
{
    sl_dossier_facts facts;
    json_t *elements = json_array();
    *out = NULL;
    if (!elements || !sl_store_dossier_facts(st, row->address_id, &facts) ||
        !sl_store_elements_of(st, row->address_id, element_cb, elements)) {
        json_decref(elements);
        return elements ? false : sl_store_fail(st, "onvoldoende geheugen");
    }
    json_t *o = sl_dossier_row_json(row, &facts.view);
    if (!o) {
        json_decref(elements);
        return sl_store_fail(st, "onvoldoende geheugen");
    }
    json_object_set_new(o, "elementen", elements);
    *out = o;
    return true;
}

bool sl_combination_dossier_json(sl_store *st, int64_t address_id, json_t **out,
                                 int64_t *versie, bool *found)
{
    sl_dossier_row row;
    *out = NULL;
    if (!sl_store_dossier_get(st, address_id, &row, found))
        return false;
    if (!*found)
        return true;
    *versie = row.versie;
    return sl_combination_dossier_row_json(st, &row, out);
}

bool sl_combination_dossier_access(sl_store *st, const sl_sharing_config *cfg,
                                   const sl_actor *by, int64_t address_id, sl_date today,
                                   bool *shown, bool *not_found, const char **reden)
{
    /* buddies and coordinator are contact data, the classification is both tracks' status */
    static const unsigned want[SL_DEEL_COUNT] = {SL_CAT_STATUS | SL_CAT_CONTACT,
                                                 SL_CAT_STATUS | SL_CAT_CONTACT};
    sl_doel doel = by->viewer.role == SL_ROLE_BEWONER ? SL_DOEL_EIGEN_INZAGE
                                                      : SL_DOEL_COORDINATIE;
    sl_disclosure g;
    *shown = false;
    *reden = "";
    if (!sl_disclose(st, cfg, by, doel, address_id, want, today, &g))
        return false;
    *not_found = g.not_found;
    if (g.not_found)
        return true;
    const sl_share_part *sch = &g.dec.deel[SL_DEEL_SCHADES], *trj = &g.dec.deel[SL_DEEL_TRAJECT];
    if (!sch->shown || !trj->shown) {
        *reden = !sch->shown ? sch->reden : trj->reden;
        return true;
    }
    if (!sl_disclosure_write(st, &g))
        return false;
    *shown = true;
    return true;
}
