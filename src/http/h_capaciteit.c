/*
 * h_capaciteit.c - /api/v1/capaciteit: each body's inspection capacity per
 * municipality, as a weekly rota and exceptions per date (issue 14). The
 * planner reads and sets it; service/opnames.c decides and logs.
 */
#include "http/h_opnames.h"

void h_capaciteit_list(sl_request *req, sl_response *resp)
{
    json_t *errors = json_array();
    const char *gemeente = sl_req_gemeente(req, errors);
    if (sl_resp_invalid(resp, errors))
        return;
    sl_actor actor;
    sl_opn_ctx c = h_opn_ctx(req, &actor);
    sl_opn_result res = {0};
    sl_outcome o = sl_capaciteit_list(req->st, &c, gemeente, &res);
    h_opn_answer(req, resp, o, &res, 200, NULL);
}

/* One line: the line is named by its body (org, gemeentecode, weekdag or datum). */
void h_capaciteit_put(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"org", "gemeentecode", "weekdag", "datum", "opnames",
                                          NULL};
    /* If-Match (optional): the ETag of GET /capaciteit?gemeente= of the line's municipality */
    int64_t expect;
    if (!sl_req_if_match(req, resp, false, "de capaciteit", &expect))
        return;
    json_t *body = sl_req_json_body(req, resp, allowed);
    if (!body)
        return;
    sl_actor actor;
    sl_opn_ctx c = h_opn_ctx(req, &actor);
    sl_opn_result res = {0};
    sl_outcome o = sl_capaciteit_set_if(req->st, &c, body, expect, &res);
    json_decref(body);
    h_opn_answer(req, resp, o, &res, 200, NULL);
}
