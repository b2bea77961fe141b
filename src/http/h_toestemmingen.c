/*
 * h_toestemmingen.c - /api/v1/toestemmingen: the GUO flow over HTTP. SVIP
 * staff and the case workers of either body record a resident's signed form;
 * a resident records or withdraws consent for their own address. Withdrawal
 * ends consent-based access at once and tells the buddies (signal rule 9);
 * every change is in the processing log (service/consent.c).
 */
#include <stdlib.h>
#include <string.h>

#include "core/bag.h"
#include "http/handlers.h"
#include "service/consent.h"

static bool may_record(sl_role r)
{
    return r == SL_ROLE_SVIP || r == SL_ROLE_ZAAKBEGELEIDER || r == SL_ROLE_BEWONERSBEGELEIDER ||
           r == SL_ROLE_BEWONER;
}

static void answer(sl_response *resp, sl_consent_rc rc, const sl_toestemming *t, const char *err,
                   int ok_status)
{
    switch (rc) {
    case SL_TS_OK: {
        char loc[64];
        snprintf(loc, sizeof loc, "/api/v1/toestemmingen/%lld", (long long)t->id);
        if (ok_status == 201)
            sl_resp_header(resp, "Location", loc);
        char etag[32];
        snprintf(etag, sizeof etag, "\"%lld\"", (long long)t->versie);
        sl_resp_header(resp, "ETag", etag);
        sl_resp_json(resp, ok_status, sl_consent_json(t));
        return;
    }
    case SL_TS_ONGELDIG: sl_resp_problem(resp, 400, "Ongeldig verzoek", err, NULL); return;
    case SL_TS_NIET_GEVONDEN: sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL); return;
    case SL_TS_CONFLICT: sl_resp_problem(resp, 409, "Kan niet in deze toestand", err, NULL); return;
    default: sl_resp_problem(resp, 500, "Interne fout", NULL, NULL); return;
    }
}

static bool date_field(json_t *body, const char *key, bool required, sl_date today, sl_date *out,
                       json_t *errors)
{
    json_t *v = json_object_get(body, key);
    const char *why;
    if (!v) {
        if (required)
            json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", key, "reden",
                                                    "verplicht"));
        *out = today;
        return !required;
    }
    if (!json_is_string(v) || !sl_date_parse(json_string_value(v), json_string_length(v), out,
                                             &why)) {
        json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", key, "reden",
                                                "een datum JJJJ-MM-DD"));
        return false;
    }
    return true;
}

void h_toestemming_nieuw(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"nummeraanduiding_id", "doel", "gegeven_op", "kanaal",
                                          NULL};
    if (!may_record(req->who.rol)) {
        sl_resp_forbidden(resp, "Toestemming leggen SVIP, zaak- en bewonersbegeleiders en de "
                                "bewoner zelf vast.");
        return;
    }
    json_t *body = sl_req_json_object(req, resp, allowed);
    if (!body)
        return;
    json_t *errors = json_array();
    int64_t id = 0;
    const char *why;
    json_t *v = json_object_get(body, "nummeraanduiding_id");
    if (!json_is_string(v) || !sl_bag_parse(json_string_value(v), json_string_length(v),
                                            SL_BAG_NUMMERAANDUIDING, &id, &why))
        json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", "nummeraanduiding_id",
                                                "reden", "16 cijfers, een nummeraanduiding"));
    sl_doel doel = SL_DOEL_COORDINATIE;
    v = json_object_get(body, "doel");
    if (!json_is_string(v) || !sl_doel_parse(json_string_value(v), json_string_length(v), &doel))
        json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", "doel", "reden",
                                                "verplicht; bijvoorbeeld samenloop"));
    sl_date gegeven;
    date_field(body, "gegeven_op", true, sl_req_today(req), &gegeven, errors);
    const char *kanaal = "formulier";
    v = json_object_get(body, "kanaal");
    if (v && (!json_is_string(v) || !sl_kanaal_valid(json_string_value(v))))
        json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", "kanaal", "reden",
                                                "formulier, digitaal, telefonisch of balie"));
    else if (v)
        kanaal = json_string_value(v);
    if (json_array_size(errors)) {
        json_decref(body);
        sl_resp_problem(resp, 400, "Ongeldig verzoek", NULL, errors);
        return;
    }
    json_decref(errors);
    sl_actor actor = {.gebruiker = req->who.naam, .trace_id = req->trace_id,
                      .viewer = sl_req_viewer(req)};
    sl_toestemming t;
    char err[300] = "";
    sl_consent_rc rc = sl_consent_give(req->st, &actor, id, doel, gegeven, kanaal, 0,
                                       sl_req_today(req), &t, err, sizeof err);
    json_decref(body);
    answer(resp, rc, &t, err, 201);
}

void h_toestemming_intrekking(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"ingetrokken_op", NULL};
    if (!may_record(req->who.rol)) {
        sl_resp_forbidden(resp, "Toestemming trekken SVIP, zaak- en bewonersbegeleiders en de "
                                "bewoner zelf in.");
        return;
    }
    char *end;
    long long tid = strtoll(req->params[0], &end, 10);
    sl_toestemming t;
    bool found = false;
    if (*end || tid <= 0 || !sl_store_consent_get(req->st, tid, &t, &found) || !found) {
        if (*end || tid <= 0 || !found)
            sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL);
        else
            sl_resp_store_error(resp, req->st);
        return;
    }
    sl_date date = sl_req_today(req);
    json_t *body = NULL;
    if (req->body_len) {
        body = sl_req_json_object(req, resp, allowed);
        if (!body)
            return;
        json_t *errors = json_array();
        date_field(body, "ingetrokken_op", false, sl_req_today(req), &date, errors);
        json_decref(body);
        if (json_array_size(errors)) {
            sl_resp_problem(resp, 400, "Ongeldig verzoek", NULL, errors);
            return;
        }
        json_decref(errors);
    }
    /* If-Match: the versie the caller saw, as the ETag gave it */
    int64_t expect = 0;
    const char *im = sl_req_header(req, "If-Match");
    if (im) {
        const char *p = im + (*im == '"');
        expect = strtoll(p, &end, 10);
        if (expect <= 0) {
            sl_resp_problem(resp, 400, "Ongeldig verzoek", "If-Match bevat geen versie.", NULL);
            return;
        }
        if (expect != t.versie) {
            sl_resp_problem(resp, 412, "Gewijzigd door een ander",
                            "De toestemming is intussen gewijzigd; haal haar opnieuw op.", NULL);
            return;
        }
    }
    sl_actor actor = {.gebruiker = req->who.naam, .trace_id = req->trace_id,
                      .viewer = sl_req_viewer(req)};
    char err[300] = "";
    sl_toestemming out;
    sl_consent_rc rc = sl_consent_withdraw(req->st, &actor, t.address_id, t.doel, date,
                                           expect ? expect : t.versie, sl_req_today(req), &out,
                                           err, sizeof err);
    if (rc == SL_TS_CONFLICT && expect) {
        sl_resp_problem(resp, 412, "Gewijzigd door een ander", err, NULL);
        return;
    }
    answer(resp, rc, &out, err, 200);
}

void h_toestemmingen_list(sl_request *req, sl_response *resp)
{
    if (!may_record(req->who.rol)) {
        sl_resp_forbidden(resp, NULL);
        return;
    }
    int64_t id;
    if (!sl_req_address_id(resp, sl_req_query(req, "nummeraanduiding_id"), "nummeraanduiding_id",
                           &id))
        return;
    if (req->who.rol == SL_ROLE_BEWONER) {
        bool own = false;
        for (size_t i = 0; i < req->who.n_addresses; i++)
            own = own || req->who.addresses[i] == id;
        if (!own) {
            sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL);
            return;
        }
    }
    json_t *items;
    if (!sl_consents_json(req->st, id, &items)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    long page, per_page;
    if (!sl_req_page(req, resp, &page, &per_page)) {
        json_decref(items);
        return;
    }
    sl_resp_json(resp, 200, sl_page_json(items, page, per_page));
}
