/*
 * h_opnames.c - /api/v1/opnameverzoeken: a resident's request for a joint
 * inspection over HTTP (issue 14), and the answer every planning handler
 * shares (h_opn_answer). Who may do what, the candidates and the processing
 * log are service/opnames.c's; the resident reaches their own address only.
 */
#include <stdio.h>

#include "http/h_opnames.h"

static const sl_calendar no_extra_days = {0};

void h_opn_answer(const sl_request *req, sl_response *resp, sl_outcome o, sl_opn_result *res,
                  int ok_status, const char *location_prefix)
{
    if (o == SL_OK) {
        if (res->versie > 0) {
            char etag[32];
            snprintf(etag, sizeof etag, "\"%lld\"", (long long)res->versie);
            sl_resp_header(resp, "ETag", etag);
        }
        json_t *id = json_object_get(res->data, "id");
        if (location_prefix && json_is_integer(id)) {
            char loc[96];
            snprintf(loc, sizeof loc, "%s/%lld", location_prefix, (long long)json_integer_value(id));
            sl_resp_header(resp, "Location", loc);
        }
        sl_resp_json(resp, ok_status, res->data);
        res->data = NULL;
    } else if (o == SL_INVALID && res->fouten) {
        sl_resp_problem(resp, 400, sl_outcome_title(o), res->detail, res->fouten);
        res->fouten = NULL;
    } else {
        sl_resp_outcome(resp, req, o, NULL, res->detail[0] ? res->detail : NULL);
    }
    sl_opn_result_free(res);
}

sl_opn_ctx h_opn_ctx(const sl_request *req, sl_actor *actor)
{
    *actor = sl_req_actor(req);
    return (sl_opn_ctx){.by = actor, .now = req->now, .cal = &no_extra_days};
}

void h_opnameverzoeken_list(sl_request *req, sl_response *resp)
{
    /* ?nummeraanduidingId=: the request of one address, as a dossier shows it */
    int64_t address_id = 0;
    const char *adres = sl_req_query(req, "nummeraanduidingId");
    if (adres && !sl_req_address_id(resp, adres, "nummeraanduidingId", &address_id))
        return;
    sl_actor actor;
    sl_opn_ctx c = h_opn_ctx(req, &actor);
    sl_opn_result res = {0};
    sl_outcome o = sl_opnameverzoeken_of(req->st, &c, sl_req_query(req, "status"), address_id,
                                         &res);
    h_opn_answer(req, resp, o, &res, 200, NULL);
}

void h_opnameverzoek_nieuw(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"nummeraanduiding_id", "gezamenlijk",
                                          "niet_beschikbaar", "voorkeur_weekdagen",
                                          "vroegst_img", "vroegst_ncg", NULL};
    json_t *body = sl_req_json_body(req, resp, allowed);
    if (!body)
        return;
    sl_actor actor;
    sl_opn_ctx c = h_opn_ctx(req, &actor);
    sl_opn_result res = {0};
    sl_outcome o = sl_opnameverzoek_record(req->st, &c, body, &res);
    json_decref(body);
    h_opn_answer(req, resp, o, &res, 201, "/api/v1/opnameverzoeken");
}

void h_opn_get(const sl_request *req, sl_response *resp, const char *what, h_opn_show_fn show)
{
    int64_t id;
    if (!sl_req_path_id(req, resp, 0, what, &id))
        return;
    sl_actor actor;
    sl_opn_ctx c = h_opn_ctx(req, &actor);
    sl_opn_result res = {0};
    sl_outcome o = show(req->st, &c, id, &res);
    h_opn_answer(req, resp, o, &res, 200, NULL);
}

void h_opnameverzoek_get(sl_request *req, sl_response *resp)
{
    h_opn_get(req, resp, "opnameverzoek", sl_opnameverzoek_show);
}

void h_opn_change(const sl_request *req, sl_response *resp, const char *what,
                  const char *the_what, bool if_match_required, h_opn_change_fn change)
{
    int64_t id, expect;
    if (!sl_req_path_id(req, resp, 0, what, &id) ||
        !sl_req_if_match(req, resp, if_match_required, the_what, &expect))
        return;
    sl_actor actor;
    sl_opn_ctx c = h_opn_ctx(req, &actor);
    sl_opn_result res = {0};
    sl_outcome o = change(req->st, &c, id, expect, &res);
    h_opn_answer(req, resp, o, &res, 200, NULL);
}

void h_opnameverzoek_intrekking(sl_request *req, sl_response *resp)
{
    h_opn_change(req, resp, "opnameverzoek", "het opnameverzoek", false,
                 sl_opnameverzoek_withdraw);
}
