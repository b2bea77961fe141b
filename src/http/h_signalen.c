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
    if ((v = sl_req_query(req, "status"))) {
        sl_signal_status st;
        if (sl_signal_status_parse(v, strlen(v), &st))
            f.status = (int)st;
        else
            sl_field_error(errors, "status", "open, bevestigd, afgerond of afgewezen");
    }
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
    sl_signal_query q = {.f = f, .scope = sc, .gemeente = gemeente, .vervalt_voor = vervalt_voor,
                         .offset = (size_t)(page - 1) * (size_t)per_page,
                         .limit = (size_t)per_page};
    json_t *items;
    size_t total;
    if (!sl_signal_queue(req->st, &r, &q, &items, &total)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, sl_page_json_total(items, page, per_page, total));
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
