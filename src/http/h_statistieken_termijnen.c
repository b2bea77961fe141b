/*
 * h_statistieken_termijnen.c - GET /api/v1/statistieken/termijnen?gemeente=CODE:
 * the dashboard's term figures (service/term_stats.h). Who may see them, and
 * which municipality, exactly as for GET /api/v1/statistieken.
 */
#include "http/handlers.h"
#include "http/sharing_config.h"
#include "service/term_stats.h"

void h_statistieken_termijnen(sl_request *req, sl_response *resp)
{
    json_t *errors = json_array();
    const char *gemeente = sl_req_gemeente(req, errors);
    if (sl_resp_invalid(resp, errors) || !sl_aggregate_scope(req, resp, &gemeente))
        return;
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    json_t *o = NULL;
    if (!sl_term_stats_json(req->st, &cfg, sl_req_today(req), gemeente, &o)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, o);
}
