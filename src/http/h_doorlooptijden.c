/*
 * h_doorlooptijden.c - GET /api/v1/statistieken/doorlooptijden?gemeente=CODE
 * &van=YYYY-MM-DD&totEnMet=YYYY-MM-DD: lead times per phase and step
 * (service/doorlooptijden.h). Who may ask, and which municipality, exactly as
 * for GET /api/v1/statistieken; small counts hidden as there.
 */
#include "http/handlers.h"
#include "http/sharing_config.h"
#include "service/doorlooptijden.h"

void h_statistieken_doorlooptijden(sl_request *req, sl_response *resp)
{
    json_t *errors = json_array();
    const char *gemeente = sl_req_gemeente(req, errors);
    sl_stay_period p = {sl_req_past_date(req, "van", errors),
                        sl_req_past_date(req, "totEnMet", errors)};
    if (p.tot == SL_DATE_NONE)
        p.tot = sl_req_today(req);
    if (p.van != SL_DATE_NONE && p.van > p.tot)
        sl_field_error(errors, "van", "een datum niet na totEnMet");
    if (sl_resp_invalid(resp, errors) || !sl_aggregate_scope(req, resp, &gemeente))
        return;
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    json_t *o = NULL;
    if (!sl_doorlooptijden_json(req->st, &cfg, gemeente, p, &o)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, o);
}
