/*
 * h_statistieken.c - GET /api/v1/statistieken: the figures of `samenloop
 * stats` as aggregates, for the whole area or one municipality. No personal
 * data; small counts and what would give them back are hidden by the figures
 * services (service/suppression.h); core/sharing.h decides who may ask. A
 * gemeente account sees its own area only. GET /api/v1/statistieken/signalen:
 * signals raised and handled per week, under the same rules.
 */
#include <stdio.h>
#include <string.h>

#include "http/handlers.h"
#include "http/sharing_config.h"
#include "service/signal_stats.h"
#include "service/stats.h"

/*
 * The area whose figures are asked for (a gemeente account's own when it does
 * not say), if the caller may see them; else answers 403 and returns false.
 */
bool h_aggregate_scope(const sl_request *req, sl_response *resp, const char **gemeente)
{
    if (req->who.rol == SL_ROLE_GEMEENTE && !*gemeente)
        *gemeente = req->who.gemeentecode;
    sl_viewer v = sl_req_viewer(req);
    if (sl_share_may_see_aggregates(&v, *gemeente))
        return true;
    sl_resp_forbidden(resp, req->who.rol == SL_ROLE_GEMEENTE
                                ? "Een gemeente ziet alleen de cijfers van het eigen gebied."
                                : "Statistieken zijn er voor management en gemeenten.");
    return false;
}

void h_statistieken(sl_request *req, sl_response *resp)
{
    json_t *errors = json_array();
    const char *gemeente = sl_req_gemeente(req, errors);
    if (sl_resp_invalid(resp, errors) || !h_aggregate_scope(req, resp, &gemeente))
        return;
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    json_t *o = NULL;
    if (!sl_stats_published_json(req->st, &cfg, gemeente, &o)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, o);
}

/* ?weken=N: digits only, SL_SIGNAL_STATS_WEKEN_MIN..MAX; absent is the default. */
static bool parse_weken(const char *s, int *out)
{
    *out = SL_SIGNAL_STATS_WEKEN_DEFAULT;
    if (!s)
        return true;
    size_t len = strlen(s);
    if (len == 0 || len > 3 || strspn(s, "0123456789") != len)
        return false;
    int n = 0;
    for (size_t i = 0; i < len; i++)
        n = n * 10 + (s[i] - '0');
    *out = n;
    return n >= SL_SIGNAL_STATS_WEKEN_MIN && n <= SL_SIGNAL_STATS_WEKEN_MAX;
}

/*
 * GET /api/v1/statistieken/signalen?gemeente=CODE&weken=N - signals raised and
 * handled per ISO week for the dashboard (service/signal_stats.h). Who may
 * see it, and which municipality, exactly as for GET /api/v1/statistieken.
 */
void h_statistieken_signalen(sl_request *req, sl_response *resp)
{
    int weken;
    json_t *errors = json_array();
    const char *gemeente = sl_req_gemeente(req, errors);
    if (!parse_weken(sl_req_query(req, "weken"), &weken)) {
        char why[64];
        snprintf(why, sizeof why, "een geheel aantal weken van %d tot en met %d",
                 SL_SIGNAL_STATS_WEKEN_MIN, SL_SIGNAL_STATS_WEKEN_MAX);
        sl_field_error(errors, "weken", why);
    }
    if (sl_resp_invalid(resp, errors) || !h_aggregate_scope(req, resp, &gemeente))
        return;
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    json_t *o = NULL;
    if (!sl_signal_stats_json(req->st, &cfg, sl_req_today(req), weken, gemeente, &o)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, o);
}
