/*
 * h_statistieken_opnames.c - GET /api/v1/statistieken/opnames?gemeente=CODE:
 * joint inspections planned and done per municipality for the dashboard
 * (service/opname_stats.h). Aggregates only, small counts hidden; who may see
 * them, and which municipality, exactly as for GET /api/v1/statistieken.
 */
#include "http/handlers.h"
#include "http/sharing_config.h"
#include "service/opname_stats.h"

void h_statistieken_opnames(sl_request *req, sl_response *resp)
{
    json_t *errors = json_array();
    const char *gemeente = sl_req_gemeente(req, errors);
    if (sl_resp_invalid(resp, errors) || !sl_aggregate_scope(req, resp, &gemeente))
        return;
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    json_t *o = NULL;
    if (!sl_opname_stats_json(req->st, &cfg, sl_req_today(req), gemeente, &o)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, o);
}
