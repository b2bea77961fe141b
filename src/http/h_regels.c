/*
 * h_regels.c - /api/v1/regelsets/{soort}: the beheerder's rule tables
 * (service/regels.h, decision 203). The version in force is the ETag of the
 * list; publishing demands it in If-Match so that two beheerders do not
 * overwrite each other.
 */
#include <stdio.h>

#include "http/handlers.h"
#include "http/request.h"
#include "service/regels.h"

static void etag(sl_response *resp, int64_t versie)
{
    char tag[32];
    snprintf(tag, sizeof tag, "\"%lld\"", (long long)versie);
    sl_resp_header(resp, "ETag", tag);
}

/* The soort of path parameter 0; answers 404 when it names no rule table. */
static bool path_soort(const sl_request *req, sl_response *resp, sl_regelsoort *soort)
{
    if (req->nparams > 0 && sl_regelsoort_parse(req->params[0], soort))
        return true;
    sl_resp_problem(resp, 404, "Niet gevonden", "Er is geen regeltabel met deze naam.", NULL);
    return false;
}

/* A failed outcome; SL_INVALID with the service's field errors (taken). */
static void answer_fail(const sl_request *req, sl_response *resp, sl_outcome rc,
                        const char *err, json_t *errors)
{
    if (rc == SL_INVALID && errors) {
        sl_resp_problem(resp, 400, sl_outcome_title(rc), err, errors);
        return;
    }
    json_decref(errors);
    sl_resp_outcome(resp, req, rc, NULL, err);
}

void h_regelset_versies(sl_request *req, sl_response *resp)
{
    sl_regelsoort soort;
    if (!path_soort(req, resp, &soort))
        return;
    sl_actor by = sl_req_actor(req);
    json_t *out = NULL;
    int32_t actueel = 0;
    char err[256] = "";
    sl_outcome rc = sl_regels_versies(req->st, &by, soort, &out, &actueel, err, sizeof err);
    if (rc != SL_OK) {
        answer_fail(req, resp, rc, err, NULL);
        return;
    }
    etag(resp, actueel);
    sl_resp_json(resp, 200, out);
}

void h_regelset_versie(sl_request *req, sl_response *resp)
{
    sl_regelsoort soort;
    int64_t versie;
    if (!path_soort(req, resp, &soort))
        return;
    if (req->nparams < 2 || !sl_parse_id(req->params[1], &versie) || versie > INT32_MAX) {
        sl_resp_problem(resp, 404, "Niet gevonden", "Er is geen versie met dit nummer.", NULL);
        return;
    }
    sl_actor by = sl_req_actor(req);
    json_t *out = NULL;
    char err[256] = "";
    sl_outcome rc = sl_regels_versie(req->st, &by, soort, (int32_t)versie, &out, err, sizeof err);
    if (rc != SL_OK) {
        answer_fail(req, resp, rc, err, NULL);
        return;
    }
    etag(resp, versie);
    sl_resp_json(resp, 200, out);
}

void h_regelset_voorvertoning(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"cellen", "regels", "definities", NULL};
    sl_regelsoort soort;
    if (!path_soort(req, resp, &soort))
        return;
    json_t *body = sl_req_json_body(req, resp, allowed);
    if (!body)
        return;
    sl_actor by = sl_req_actor(req);
    json_t *out = NULL, *errors = NULL;
    char err[256] = "";
    sl_outcome rc =
        sl_regels_voorvertoning(req->st, &by, soort, body, &out, &errors, err, sizeof err);
    json_decref(body);
    if (rc != SL_OK) {
        answer_fail(req, resp, rc, err, errors);
        return;
    }
    sl_resp_json(resp, 200, out);
}

void h_regelset_publiceer(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"reden", "cellen", "regels", "definities", NULL};
    sl_regelsoort soort;
    int64_t expect;
    if (!path_soort(req, resp, &soort) ||
        !sl_req_if_match(req, resp, true, "de geldende versie", &expect))
        return;
    json_t *body = sl_req_json_body(req, resp, allowed);
    if (!body)
        return;
    sl_actor by = sl_req_actor(req);
    json_t *errors = NULL;
    int32_t versie = 0;
    int64_t herberekend = 0;
    char err[256] = "";
    sl_outcome rc = sl_regels_publiceer(
        req->st, &by, soort, expect == SL_VERSIE_ANY ? SL_REGELS_ELKE_VERSIE : (int32_t)expect,
        json_string_value(json_object_get(body, "reden")), body, &versie, &herberekend, &errors,
        err, sizeof err);
    json_decref(body);
    if (rc != SL_OK) {
        answer_fail(req, resp, rc, err, errors);
        return;
    }
    char loc[96];
    snprintf(loc, sizeof loc, "/api/v1/regelsets/%s/versies/%d", sl_regelsoort_name(soort),
             (int)versie);
    sl_resp_header(resp, "Location", loc);
    etag(resp, versie);
    sl_resp_json(resp, 201, json_pack("{s:s, s:i, s:I}", "soort", sl_regelsoort_name(soort),
                                      "versie", (int)versie, "herberekend",
                                      (json_int_t)herberekend));
}
