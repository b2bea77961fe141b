/*
 * h_verzoeken.c - /api/v1/verzoeken: SVIP information requests over HTTP.
 * A desk or case worker of one body registers a question about an address;
 * the SVIP desk of the other body answers it once. Who may do what, the
 * legal basis and the processing log are service/verzoeken.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bag.h"
#include "http/handlers.h"
#include "http/sharing_config.h"
#include "service/log.h"
#include "service/verzoeken.h"

static void answer(sl_response *resp, sl_outcome rc, const sl_verzoek *v, const char *err,
                   int ok_status)
{
    switch (rc) {
    case SL_OK: {
        if (ok_status == 201) {
            char loc[64];
            snprintf(loc, sizeof loc, "/api/v1/verzoeken/%lld", (long long)v->id);
            sl_resp_header(resp, "Location", loc);
        }
        char etag[32];
        snprintf(etag, sizeof etag, "\"%lld\"", (long long)v->versie);
        sl_resp_header(resp, "ETag", etag);
        sl_resp_json(resp, ok_status, sl_verzoek_json(v));
        return;
    }
    case SL_INVALID: sl_resp_problem(resp, 400, "Ongeldig verzoek", err, NULL); return;
    case SL_FORBIDDEN: sl_resp_forbidden(resp, err); return;
    case SL_NOT_FOUND: sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL); return;
    case SL_CONFLICT: sl_resp_problem(resp, 409, "Kan niet in deze toestand", err, NULL); return;
    case SL_STALE: sl_resp_problem(resp, 412, "Gewijzigd door een ander", err, NULL); return;
    case SL_UNPROCESSABLE:
        sl_resp_problem(resp, 422, "Geen grondslag", err, NULL);
        return;
    default:
        /* the message may name tables; it goes to the log, not to the client */
        sl_log(SL_LOG_ERROR, "verzoeken", "%s", err ? err : "");
        sl_resp_problem(resp, 500, "Interne fout", "Er ging iets mis in het register. Probeer "
                        "het later opnieuw; noem het Trace-Id als u contact opneemt.", NULL);
        return;
    }
}

/* The text at `field`: 1 to max bytes and no NUL; else a field error with `reason`. */
static const char *required_text(json_t *body, const char *field, size_t max, const char *reason,
                                 json_t *errors)
{
    json_t *v = json_object_get(body, field);
    const char *t = json_string_value(v);
    if (json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) <= max &&
        strlen(t) == json_string_length(v))
        return t;
    sl_field_error(errors, field, reason);
    return NULL;
}

void h_verzoek_nieuw(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"nummeraanduiding_id", "type", "doel", "vraag", NULL};
    sl_viewer vw = sl_req_viewer(req);
    if (!sl_verzoek_may_register(&vw)) {
        sl_resp_forbidden(resp, "Verzoeken leggen SVIP-medewerkers en zaak- en "
                                "bewonersbegeleiders vast.");
        return;
    }
    json_t *errors;
    json_t *body = sl_req_json_form(req, resp, allowed, &errors);
    if (!body)
        return;
    int64_t id = 0;
    sl_body_address_id(body, "nummeraanduiding_id", errors, &id);
    sl_verzoek_type type = SL_VZ_ANDERS;
    json_t *v = json_object_get(body, "type");
    if (!json_is_string(v) || !sl_verzoek_type_parse(json_string_value(v), &type))
        sl_field_error(errors, "type",
                       "statusuitwisseling, medewerkers_koppelen, versnelling of anders");
    sl_doel doel = SL_DOEL_SVIP_VERZOEK;
    v = json_object_get(body, "doel");
    if (!json_is_string(v) || !sl_doel_parse(json_string_value(v), json_string_length(v), &doel))
        sl_field_error(errors, "doel", "verplicht; bijvoorbeeld svip_verzoek");
    else if (!sl_doel_fits_role(doel, vw.role))
        sl_field_error(errors, "doel", "dit doel past niet bij uw rol");
    const char *vraag = required_text(body, "vraag", SL_VRAAG_MAX,
                                      "verplicht; tekst van hoogstens 2000 bytes", errors);
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return;
    }
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    sl_actor actor = sl_req_actor(req);
    sl_verzoek out;
    char err[512] = "";
    sl_outcome rc = sl_verzoek_register(req->st, &cfg, &actor, id, type, doel, vraag, req->now,
                                           &out, err, sizeof err);
    json_decref(body);
    answer(resp, rc, &out, err, 201);
}

void h_verzoek_antwoord(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"antwoord", NULL};
    sl_viewer vw = sl_req_viewer(req);
    if (vw.role != SL_ROLE_SVIP) {
        sl_resp_forbidden(resp, "Een verzoek wordt beantwoord door de SVIP-medewerkers van de "
                                "andere organisatie.");
        return;
    }
    int64_t id;
    /* If-Match: the versie the caller saw, as the ETag gave it */
    int64_t expect;
    if (!sl_req_path_id(req, resp, 0, "verzoek", &id) ||
        !sl_req_if_match(req, resp, false, "het verzoek", &expect))
        return;
    json_t *errors;
    json_t *body = sl_req_json_form(req, resp, allowed, &errors);
    if (!body)
        return;
    const char *text = required_text(body, "antwoord", SL_ANTWOORD_MAX,
                                     "verplicht; tekst van hoogstens 4000 bytes", errors);
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return;
    }
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    sl_actor actor = sl_req_actor(req);
    sl_verzoek out;
    char err[512] = "";
    sl_outcome rc = sl_verzoek_answer(req->st, &cfg, &actor, id, text, expect, req->now, &out,
                                         err, sizeof err);
    json_decref(body);
    answer(resp, rc, &out, err, 200);
}

void h_verzoek_get(sl_request *req, sl_response *resp)
{
    sl_viewer vw = sl_req_viewer(req);
    if (!sl_verzoeken_may_list(&vw)) {
        sl_resp_forbidden(resp, NULL);
        return;
    }
    int64_t id, versie = 0;
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    sl_actor actor = sl_req_actor(req);
    json_t *o = NULL;
    if (!sl_req_path_id(req, resp, 0, "verzoek", &id))
        return;
    sl_outcome rc = sl_verzoek_read(req->st, &cfg, &actor, id, sl_req_today(req), &o,
                                       &versie);
    if (rc == SL_ERROR) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    if (rc != SL_OK) {
        answer(resp, rc, NULL, NULL, 200);
        return;
    }
    char etag[32];
    snprintf(etag, sizeof etag, "\"%lld\"", (long long)versie);
    sl_resp_header(resp, "ETag", etag);
    sl_resp_json(resp, 200, o);
}

void h_verzoeken_list(sl_request *req, sl_response *resp)
{
    sl_viewer vw = sl_req_viewer(req);
    if (!sl_verzoeken_may_list(&vw)) {
        sl_resp_forbidden(resp, NULL);
        return;
    }
    sl_verzoek_filter f;
    sl_verzoek_filter_init(&f);
    json_t *errors = json_array();
    const char *q = sl_req_query(req, "status");
    sl_verzoek_status status;
    if (q && !sl_verzoek_status_parse(q, &status))
        sl_field_error(errors, "status", "open of beantwoord");
    else if (q)
        f.status = (int)status;
    q = sl_req_query(req, "type");
    sl_verzoek_type type;
    if (q && !sl_verzoek_type_parse(q, &type))
        sl_field_error(errors, "type",
                       "statusuitwisseling, medewerkers_koppelen, versnelling of anders");
    else if (q)
        f.type = (int)type;
    q = sl_req_query(req, "nummeraanduidingId");
    const char *why;
    if (q && !sl_bag_parse(q, strlen(q), SL_BAG_NUMMERAANDUIDING, &f.address_id, &why))
        sl_field_error(errors, "nummeraanduidingId", "16 cijfers, een nummeraanduiding");
    long page, per_page;
    sl_req_page(req, errors, &page, &per_page);
    if (sl_resp_invalid(resp, errors))
        return;
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    sl_actor actor = sl_req_actor(req);
    json_t *items;
    size_t total;
    if (!sl_verzoeken_page_json(req->st, &cfg, &actor, &f, sl_req_today(req), page, per_page,
                                &items, &total)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, sl_page_json_total(items, page, per_page, total));
}

void h_verzoeken_tellingen(sl_request *req, sl_response *resp)
{
    sl_viewer vw = sl_req_viewer(req);
    if (!sl_verzoeken_may_count(&vw)) {
        sl_resp_forbidden(resp, NULL);
        return;
    }
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    json_t *out;
    if (!sl_verzoeken_tellingen_json(req->st, &cfg, &vw, &out)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, out);
}
