/*
 * h_signalen.c - /api/v1/signalen: the signals addressed to me, my
 * organisation or my role, and their transitions (bevestiging, afronding,
 * afwijzing). A signal is visible to an account when one of its addressees
 * is that account's organisation and role (or names the account). A role that
 * works no signals gets 403; staff asking for a signal not addressed to them get
 * 404, so that its existence says nothing. The list filters by rule, status,
 * address, municipality (gemeente) and due date (vervalt_voor), and names each
 * signal's address in short, for a work queue. What each signal says to this
 * caller is composed by the service through the disclosure gate
 * (service/signal_queue.h): in full with a basis, neutral or not at all without.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bag.h"
#include "http/handlers.h"
#include "http/sharing_config.h"
#include "service/signal_queue.h"

static const char NO_SIGNALS[] = "Signalen zijn er voor zaakbegeleiders, bewonersbegeleiders, "
                                 "SVIP, coördinatoren en het interventieteam.";

/* The reader of this request; actor and cfg must outlive it. */
static sl_signal_reader reader(sl_request *req, sl_actor *actor, sl_sharing_config *cfg)
{
    sl_http_sharing_config(req->cfg, cfg);
    *actor = sl_req_actor(req);
    return (sl_signal_reader){.by = actor, .weergavenaam = req->who.weergavenaam, .cfg = cfg,
                              .today = sl_req_today(req)};
}

/* sorteer=: a field, "-" before it for the reverse order. */
static bool sort_order(const char *v, sl_signal_order *order, bool *descending)
{
    static const struct {
        const char *name;
        sl_signal_order order;
    } orders[] = {{"vervaltOp", SL_SIGNALEN_OP_VERVALDATUM},
                  {"adres", SL_SIGNALEN_OP_ADRES},
                  {"aangemaaktOp", SL_SIGNALEN_OUDSTE_EERST}};
    *descending = v[0] == '-';
    if (*descending)
        v++;
    for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++)
        if (strcmp(v, orders[i].name) == 0) {
            *order = orders[i].order;
            return true;
        }
    return false;
}

/* The counts per rule, the rules without signals left out, lowest rule first. */
static json_t *rule_counts(const int64_t *per_regel)
{
    json_t *a = json_array();
    for (int i = 0; a && i < SL_SIGNAL_RULE_SLOTS; i++)
        if (per_regel[i])
            json_array_append_new(a, json_pack("{s:i, s:I}", "regel", i, "aantal",
                                               (json_int_t)per_regel[i]));
    return a;
}

void h_signalen_list(sl_request *req, sl_response *resp)
{
    if (!sl_signals_role_works(req->who.rol)) {
        sl_resp_forbidden(resp, NO_SIGNALS);
        return;
    }
    sl_signal_filter f = {.status = -1};
    sl_signal_scope sc = SL_SIGNALEN_VOOR_ORGANISATIE;
    json_t *errors = json_array();
    const char *v;
    if ((v = sl_req_query(req, "voor"))) {
        if (strcmp(v, "mij") == 0)
            sc = SL_SIGNALEN_VOOR_MIJ;
        else if (strcmp(v, "rol") == 0)
            sc = SL_SIGNALEN_VOOR_ROL;
        else if (strcmp(v, "organisatie") != 0)
            sl_field_error(errors, "voor", "mij, organisatie of rol");
    }
    if ((v = sl_req_query(req, "regel"))) {
        int64_t r = 0;
        if (!sl_parse_id(v, &r) || r > 99)
            sl_field_error(errors, "regel", "een regelnummer");
        f.regel = (int32_t)r;
    }
    bool lopend = false;
    if ((v = sl_req_query(req, "status"))) {
        sl_signal_status st;
        if (strcmp(v, "lopend") == 0)
            lopend = true; /* open and bevestigd: what is still to do, also "in behandeling" */
        else if (sl_signal_status_parse(v, strlen(v), &st))
            f.status = (int)st;
        else
            sl_field_error(errors, "status", "lopend, open, bevestigd, afgerond of afgewezen");
    }
    sl_signal_order order = SL_SIGNALEN_OUDSTE_EERST;
    bool descending = false;
    if ((v = sl_req_query(req, "sorteer")) && !sort_order(v, &order, &descending))
        sl_field_error(errors, "sorteer",
                       "vervaltOp, adres of aangemaaktOp, met een - ervoor voor omgekeerd");
    if ((v = sl_req_query(req, "nummeraanduidingId"))) {
        const char *why;
        if (!sl_bag_parse(v, strlen(v), SL_BAG_NUMMERAANDUIDING, &f.address_id, &why))
            sl_field_error(errors, "nummeraanduidingId", why);
    }
    const char *gemeente = sl_req_gemeente(req, errors);
    sl_date vervalt_voor = SL_DATE_NONE;
    if ((v = sl_req_query(req, "vervaltVoor"))) {
        const char *why;
        if (!sl_date_parse_iso(v, strlen(v), &vervalt_voor, &why))
            sl_field_error(errors, "vervaltVoor", why);
    }
    long page, per_page;
    sl_req_page(req, errors, &page, &per_page);
    if (sl_resp_invalid(resp, errors))
        return;
    sl_actor actor;
    sl_sharing_config cfg;
    sl_signal_reader r = reader(req, &actor, &cfg);
    int64_t per_regel[SL_SIGNAL_RULE_SLOTS] = {0};
    sl_signal_query q = {.f = f, .scope = sc, .gemeente = gemeente, .vervalt_voor = vervalt_voor,
                         .lopend = lopend, .order = order, .descending = descending,
                         .offset = (size_t)(page - 1) * (size_t)per_page,
                         .limit = (size_t)per_page, .per_regel = per_regel};
    json_t *items;
    size_t total;
    if (!sl_signal_queue(req->st, &r, &q, &items, &total)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    json_t *o = sl_page_json_total(items, page, per_page, total);
    json_object_set_new(o, "per_regel", rule_counts(per_regel));
    sl_resp_json(resp, 200, o);
}

/* The signal id from the path; answers 403 (a role without signals) or 404. */
static bool signal_id(sl_request *req, sl_response *resp, int64_t *id)
{
    if (!sl_signals_role_works(req->who.rol)) {
        /* a role without signals is told so, as for the list; 404 is for "not yours" */
        sl_resp_forbidden(resp, NO_SIGNALS);
        return false;
    }
    return sl_req_path_id(req, resp, 0, "signaal", id);
}

void h_signaal_get(sl_request *req, sl_response *resp)
{
    int64_t id;
    if (!signal_id(req, resp, &id))
        return;
    sl_actor actor;
    sl_sharing_config cfg;
    sl_signal_reader r = reader(req, &actor, &cfg);
    json_t *o;
    bool found;
    if (!sl_signal_shown(req->st, &r, id, &o, &found))
        sl_resp_store_error(resp, req->st);
    else if (!found)
        sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL);
    else
        sl_resp_json(resp, 200, o);
}

static void transition(sl_request *req, sl_response *resp, sl_signal_status to)
{
    static const char *const allowed[] = {"reden", NULL};
    int64_t id;
    if (!signal_id(req, resp, &id))
        return;
    const char *reden = NULL;
    json_t *body = NULL;
    if (req->body_len) {
        json_t *errors = json_array();
        body = sl_req_json_object(req, resp, allowed, errors);
        if (!body) {
            json_decref(errors);
            return;
        }
        json_t *rv = json_object_get(body, "reden");
        if (rv && !json_is_string(rv))
            sl_field_error(errors, "reden", "tekst");
        if (sl_resp_invalid(resp, errors)) {
            json_decref(body);
            return;
        }
        reden = json_string_value(rv);
    }
    sl_actor actor;
    sl_sharing_config cfg;
    sl_signal_reader r = reader(req, &actor, &cfg);
    char err[512];
    bool not_found;
    json_t *o;
    if (sl_signal_move(req->st, &r, id, to, reden, &o, &not_found, err, sizeof err)) {
        sl_resp_json(resp, 200, o);
    } else if (not_found) {
        sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL);
    } else if (to == SL_SIGNAAL_AFGEWEZEN && (!reden || !*reden)) {
        sl_resp_problem(resp, 400, "Ongeldig verzoek", err,
                        sl_field_errors1("reden", "verplicht"));
    } else {
        sl_resp_problem(resp, 409, "Kan niet in deze toestand", err, NULL);
    }
    json_decref(body);
}

void h_signaal_bevestiging(sl_request *req, sl_response *resp)
{
    transition(req, resp, SL_SIGNAAL_BEVESTIGD);
}

void h_signaal_afronding(sl_request *req, sl_response *resp)
{
    transition(req, resp, SL_SIGNAAL_AFGEROND);
}

void h_signaal_afwijzing(sl_request *req, sl_response *resp)
{
    transition(req, resp, SL_SIGNAAL_AFGEWEZEN);
}

/* ---- several at once ---------------------------------------------------------------- */

/* A selection is a screen's worth: more in one request is a mistake, not a work list. */
#define SELECTION_MAX 100

/* {"signalen": [id, ...], "reden": "..."}: the ids, each once; errors at their fields. */
static bool selection(json_t *body, json_t *errors, int64_t *ids, size_t *n, const char **reden)
{
    json_t *list = json_object_get(body, "signalen");
    json_t *rv = json_object_get(body, "reden");
    *n = 0;
    if (rv && !json_is_string(rv))
        sl_field_error(errors, "reden", "tekst");
    *reden = json_string_value(rv);
    if (!json_is_array(list) || json_array_size(list) == 0) {
        sl_field_error(errors, "signalen", "een lijst met één of meer signaalnummers");
        return false;
    }
    if (json_array_size(list) > SELECTION_MAX) {
        sl_field_error(errors, "signalen", "ten hoogste 100 signalen tegelijk");
        return false;
    }
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) {
        json_int_t id = json_integer_value(v);
        if (!json_is_integer(v) || id < 1) {
            sl_field_error(errors, "signalen", "alleen signaalnummers (hele getallen vanaf 1)");
            return false;
        }
        for (size_t k = 0; k < *n; k++)
            if (ids[k] == id) {
                sl_field_error(errors, "signalen", "elk signaal één keer");
                return false;
            }
        ids[(*n)++] = id;
    }
    return true;
}

static void transition_many(sl_request *req, sl_response *resp, sl_signal_status to)
{
    static const char *const allowed[] = {"signalen", "reden", NULL};
    if (!sl_signals_role_works(req->who.rol)) {
        sl_resp_forbidden(resp, NO_SIGNALS);
        return;
    }
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, allowed, errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    int64_t ids[SELECTION_MAX];
    size_t n;
    const char *reden;
    selection(body, errors, ids, &n, &reden);
    if (to == SL_SIGNAAL_AFGEWEZEN && (!reden || !*reden))
        sl_field_error(errors, "reden", "verplicht: één reden voor alle gekozen signalen");
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return;
    }
    sl_actor actor;
    sl_sharing_config cfg;
    sl_signal_reader r = reader(req, &actor, &cfg);
    json_t *results;
    size_t moved;
    if (!sl_signal_move_many(req->st, &r, ids, n, to, reden, &results, &moved))
        sl_resp_store_error(resp, req->st);
    else
        sl_resp_json(resp, 200, json_pack("{s:o, s:I, s:I}", "resultaten", results, "gelukt",
                                          (json_int_t)moved, "mislukt",
                                          (json_int_t)(n - moved)));
    json_decref(body);
}

void h_signalen_bevestigingen(sl_request *req, sl_response *resp)
{
    transition_many(req, resp, SL_SIGNAAL_BEVESTIGD);
}

void h_signalen_afrondingen(sl_request *req, sl_response *resp)
{
    transition_many(req, resp, SL_SIGNAAL_AFGEROND);
}

void h_signalen_afwijzingen(sl_request *req, sl_response *resp)
{
    transition_many(req, resp, SL_SIGNAAL_AFGEWEZEN);
}
