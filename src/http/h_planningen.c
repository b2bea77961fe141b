/*
 * h_planningen.c - /api/v1/planningen: plans of joint inspections from the
 * register (issue 14). The planner makes one (kept as a concept), moves a
 * pair (PUT with If-Match), and confirms it (…/bevestiging): then both
 * bodies' inspections exist. service/planningen.c decides and logs.
 */
#include "http/h_opnames.h"

void h_planningen_list(sl_request *req, sl_response *resp)
{
    sl_actor actor;
    sl_opn_ctx c = h_opn_ctx(req, &actor);
    sl_opn_result res = {0};
    sl_outcome o = sl_planningen_list(req->st, &c, &res);
    h_opn_answer(req, resp, o, &res, 200, NULL);
}

/* {"van", "tot"}: the open requests planned over that period and kept as a concept. */
void h_planning_nieuw(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"van", "tot", NULL};
    json_t *body = sl_req_json_body(req, resp, allowed);
    if (!body)
        return;
    sl_actor actor;
    sl_opn_ctx c = h_opn_ctx(req, &actor);
    sl_opn_result res = {0};
    sl_outcome o = sl_planning_make(req->st, &c, json_string_value(json_object_get(body, "van")),
                                    json_string_value(json_object_get(body, "tot")), true, &res);
    json_decref(body);
    if (o == SL_OK) {
        /* the stored plan as GET shows it, so that the answer is the resource */
        int64_t id = json_integer_value(json_object_get(json_object_get(res.data, "planning"),
                                                        "id"));
        sl_opn_result_free(&res);
        o = sl_planning_show(req->st, &c, id, &res);
    }
    h_opn_answer(req, resp, o, &res, 201, "/api/v1/planningen");
}

void h_planning_get(sl_request *req, sl_response *resp)
{
    h_opn_get(req, resp, "planning", sl_planning_show);
}

/* {"opnameverzoek_id", "img", "ncg"}: one pair moved, checked by the core's rules. */
void h_planning_put(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"opnameverzoek_id", "img", "ncg", NULL};
    int64_t id, expect;
    if (!sl_req_path_id(req, resp, 0, "planning", &id) ||
        !sl_req_if_match(req, resp, true, "de planning", &expect))
        return;
    json_t *body = sl_req_json_body(req, resp, allowed);
    if (!body)
        return;
    sl_actor actor;
    sl_opn_ctx c = h_opn_ctx(req, &actor);
    sl_opn_result res = {0};
    sl_outcome o = sl_planning_move(req->st, &c, id, expect, body, &res);
    json_decref(body);
    h_opn_answer(req, resp, o, &res, 200, NULL);
}

void h_planning_bevestiging(sl_request *req, sl_response *resp)
{
    h_opn_change(req, resp, "planning", "de planning", true, sl_planning_confirm);
}
