/*
 * h_toestemmingen.c - /api/v1/toestemmingen: the GUO flow over HTTP. SVIP
 * staff and the case workers of either body record a resident's signed form
 * with its evidence; a colleague of the same body confirms it before it takes
 * effect (four eyes); a resident gives or withdraws consent for their own
 * address in Mijn woning, at once. Withdrawal ends consent-based access at
 * once and tells the buddies (signal rule 9); every change is in the
 * processing log. Who may do what, and the order of the checks (404 before
 * 412 before 403), is service/consent.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bag.h"
#include "http/handlers.h"
#include "service/consent.h"

/* The fields a consent's reason may name ("veld: reden"). */
static const char *const reason_fields[] = {"gegeven_op", "kanaal", "formulier_kenmerk", NULL};


static void answer(const sl_request *req, sl_response *resp, sl_outcome rc,
                   const sl_toestemming *t, const char *err, int ok_status)
{
    switch (rc) {
    case SL_OK: {
        /* A consent has no page of its own: the address's consents show it (decision 109) */
        char addr[17], loc[80];
        sl_bag_format(t->address_id, addr);
        snprintf(loc, sizeof loc, "/api/v1/toestemmingen?nummeraanduidingId=%s", addr);
        if (ok_status == 201)
            sl_resp_header(resp, "Location", loc);
        char etag[32];
        snprintf(etag, sizeof etag, "\"%lld\"", (long long)t->versie);
        sl_resp_header(resp, "ETag", etag);
        sl_resp_json(resp, ok_status, sl_consent_json(t));
        return;
    }
    case SL_INVALID: sl_resp_invalid_reason(resp, err, reason_fields); return;
    default: sl_resp_outcome(resp, req, rc, NULL, rc == SL_NOT_FOUND ? NULL : err); return;
    }
}

/* A date field: absent is `fallback` (SL_DATE_NONE when required); false on a bad one. */
static bool date_field(json_t *body, const char *key, sl_date fallback, sl_date *out,
                       json_t *errors)
{
    json_t *v = json_object_get(body, key);
    const char *why;
    *out = fallback;
    if (!v)
        return true;
    if (!json_is_string(v) ||
        !sl_date_parse_iso(json_string_value(v), json_string_length(v), out, &why)) {
        *out = SL_DATE_NONE;
        sl_field_error(errors, key, json_is_string(v) ? why : SL_DATE_ISO_FORM);
        return false;
    }
    return true;
}

/* A text field: absent is NULL; not a string (or one with a NUL) is an error. */
static const char *text_field(json_t *body, const char *key, json_t *errors)
{
    json_t *v = json_object_get(body, key);
    if (!v)
        return NULL;
    if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v)) {
        sl_field_error(errors, key, "tekst");
        return NULL;
    }
    return json_string_value(v);
}

static const char MAY_NOT[] =
    "Met toestemmingen werken SVIP, zaak- en bewonersbegeleiders en de bewoner zelf.";

void h_toestemming_nieuw(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"nummeraanduiding_id", "doel", "gegeven_op", "kanaal",
                                          "formulier_kenmerk", NULL};
    sl_actor actor = sl_req_actor(req);
    if (!sl_consent_may_record(&actor.viewer)) {
        sl_resp_forbidden(resp, MAY_NOT);
        return;
    }
    json_t *errors;
    json_t *body = sl_req_json_form(req, resp, allowed, &errors);
    if (!body)
        return;
    int64_t id = 0;
    sl_body_address_id(body, "nummeraanduiding_id", errors, &id);
    sl_doel doel = SL_DOEL_COORDINATIE;
    json_t *v = json_object_get(body, "doel");
    if (!json_is_string(v) || !sl_doel_parse(json_string_value(v), json_string_length(v), &doel))
        sl_field_error(errors, "doel", "verplicht; bijvoorbeeld samenloop");
    sl_consent_evidence ev = {.gegeven_op = SL_DATE_NONE};
    size_t bad = json_array_size(errors);
    date_field(body, "gegeven_op", SL_DATE_NONE, &ev.gegeven_op, errors);
    ev.kanaal = text_field(body, "kanaal", errors);
    ev.formulier_kenmerk = text_field(body, "formulier_kenmerk", errors);
    if (json_array_size(errors) == bad) {
        /* the evidence each kind of caller must name, each at its field */
        sl_consent_problem p[4];
        size_t n = sl_consent_evidence_problems(&actor.viewer, &ev, sl_req_today(req), p, 4);
        for (size_t i = 0; i < n && i < 4; i++)
            sl_field_error(errors, p[i].veld, p[i].reden);
    }
    if (json_array_size(errors)) {
        json_decref(body);
        sl_resp_problem(resp, 400, "Ongeldig verzoek",
                        actor.viewer.role == SL_ROLE_BEWONER
                            ? NULL
                            : "Leg vast wanneer, hoe en met welk formulier de bewoner "
                              "toestemming gaf.",
                        errors);
        return;
    }
    json_decref(errors);
    sl_toestemming t;
    char err[300] = "";
    sl_outcome rc = sl_consent_give(req->st, &actor, id, doel, &ev, 0, sl_req_today(req), &t,
                                    err, sizeof err);
    json_decref(body);
    answer(req, resp, rc, &t, err, 201);
}

/* A change to one consent: a role that records consent, its id (404 when it is none),
 * and If-Match; else answered and false. */
static bool consent_change_of(sl_request *req, sl_response *resp, sl_actor *actor, int64_t *tid,
                              int64_t *expect)
{
    *actor = sl_req_actor(req);
    if (!sl_consent_may_record(&actor->viewer)) {
        sl_resp_forbidden(resp, MAY_NOT);
        return false;
    }
    return sl_req_path_id(req, resp, 0, "toestemming", tid) &&
           sl_req_if_match(req, resp, false, "de toestemming", expect);
}

void h_toestemming_intrekking(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"ingetrokken_op", NULL};
    sl_actor actor;
    int64_t tid, expect;
    if (!consent_change_of(req, resp, &actor, &tid, &expect))
        return;
    sl_date date = sl_req_today(req);
    if (req->body_len) {
        json_t *errors;
        json_t *body = sl_req_json_form(req, resp, allowed, &errors);
        if (!body)
            return;
        date_field(body, "ingetrokken_op", sl_req_today(req), &date, errors);
        json_decref(body);
        if (sl_resp_invalid(resp, errors))
            return;
    }
    char err[300] = "";
    sl_toestemming out;
    sl_outcome rc = sl_consent_withdraw_id(req->st, &actor, tid, date, expect,
                                           sl_req_today(req), &out, err, sizeof err);
    answer(req, resp, rc, &out, err, 200);
}

void h_toestemming_bevestiging(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"formulier_kenmerk", NULL};
    sl_actor actor;
    int64_t tid, expect;
    if (!consent_change_of(req, resp, &actor, &tid, &expect))
        return;
    json_t *body = NULL;
    const char *kenmerk = NULL;
    if (req->body_len) {
        json_t *errors;
        body = sl_req_json_form(req, resp, allowed, &errors);
        if (!body)
            return;
        kenmerk = text_field(body, "formulier_kenmerk", errors);
        if (sl_resp_invalid(resp, errors)) {
            json_decref(body);
            return;
        }
    }
    char err[300] = "";
    sl_toestemming out;
    sl_outcome rc = sl_consent_confirm(req->st, &actor, tid, kenmerk, expect, req->now, &out,
                                       err, sizeof err);
    json_decref(body);
    answer(req, resp, rc, &out, err, 200);
}

void h_toestemmingen_list(sl_request *req, sl_response *resp)
{
    sl_viewer v = sl_req_viewer(req);
    if (!sl_consent_may_record(&v)) {
        sl_resp_forbidden(resp, NULL);
        return;
    }
    int64_t id;
    long page, per_page;
    json_t *errors = json_array();
    sl_address_id_check(errors, sl_req_query(req, "nummeraanduidingId"), "nummeraanduidingId", &id);
    sl_req_page(req, errors, &page, &per_page);
    if (sl_resp_invalid(resp, errors))
        return;
    json_t *items;
    sl_outcome rc = sl_consents_list_json(req->st, &v, id, &items);
    if (rc != SL_OK) {
        answer(req, resp, rc, NULL, NULL, 200);
        return;
    }
    sl_resp_json(resp, 200, sl_page_json(items, page, per_page));
}
