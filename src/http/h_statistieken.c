/*
 * h_statistieken.c - GET /api/v1/statistieken: the figures of `samenloop
 * stats` as aggregates, for the whole area or one municipality. No personal
 * data; counts from 1 to 9 are suppressed (null) so that no small group of
 * residents can be singled out. A gemeente account sees its own area only.
 */
#include <string.h>

#include "http/handlers.h"
#include "service/stats.h"

#define SUPPRESS_BELOW 10

/* Replaces every integer 1..9 in the tree by null; returns how many. */
static int suppress(json_t *v)
{
    int n = 0;
    const char *key;
    json_t *child;
    json_object_foreach(v, key, child) {
        if (json_is_integer(child)) {
            json_int_t x = json_integer_value(child);
            if (x > 0 && x < SUPPRESS_BELOW) {
                json_object_set_new(v, key, json_null());
                n++;
            }
        } else if (json_is_object(child)) {
            n += suppress(child);
        }
    }
    return n;
}

static bool role_may(sl_role r)
{
    /* aggregates are not personal data, but a resident has no business here */
    return r != SL_ROLE_BEWONER;
}

void h_statistieken(sl_request *req, sl_response *resp)
{
    if (!role_may(req->who.rol)) {
        sl_resp_forbidden(resp, "Statistieken zijn er voor medewerkers.");
        return;
    }
    const char *gemeente = sl_req_query(req, "gemeente");
    if (gemeente && (strlen(gemeente) != 4 || strspn(gemeente, "0123456789") != 4)) {
        sl_resp_problem(resp, 400, "Ongeldig verzoek", NULL,
                        json_pack("[{s:s, s:s}]", "veld", "gemeente", "reden",
                                  "een gemeentecode van 4 cijfers"));
        return;
    }
    if (req->who.rol == SL_ROLE_GEMEENTE) {
        if (gemeente && strcmp(gemeente, req->who.gemeentecode) != 0) {
            sl_resp_forbidden(resp, "Een gemeente ziet alleen de cijfers van het eigen gebied.");
            return;
        }
        gemeente = req->who.gemeentecode;
    }
    sl_stats s;
    if (!sl_stats_read(req->st, gemeente, &s)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    json_t *o = sl_stats_json(&s);
    if (!o) {
        sl_resp_problem(resp, 503, "Onvoldoende geheugen", NULL, NULL);
        return;
    }
    int hidden = suppress(o);
    json_object_set_new(o, "gemeente", gemeente ? json_string(gemeente) : json_null());
    json_object_set_new(o, "onderdrukt", json_pack("{s:i, s:s}", "aantal", hidden, "reden",
                                                   "aantallen van 1 tot en met 9 worden niet "
                                                   "getoond"));
    sl_resp_json(resp, 200, o);
}
