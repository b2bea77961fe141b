/*
 * h_combinatiedossiers.c - /api/v1/combinatiedossiers/{id}: the coordination
 * record of an address with both tracks (buddy pair, coordinator,
 * collaboration state, the six AMvB elements), read with an ETag and changed
 * with PATCH + If-Match so that two people editing at once lose nothing.
 * A combination dossier joins both bodies' data: it is shown only when the
 * sharing rules show both parts to the caller.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "http/sharing_config.h"
#include "service/dossier.h"
#include "service/sharing.h"
#include "service/signal_json.h"

static bool staff(sl_role r)
{
    return r == SL_ROLE_ZAAKBEGELEIDER || r == SL_ROLE_BEWONERSBEGELEIDER || r == SL_ROLE_SVIP ||
           r == SL_ROLE_COORDINATOR || r == SL_ROLE_INTERVENTIETEAM;
}

/* Decides (and logs) access; answers and returns false when there is none. */
static bool access(sl_request *req, sl_response *resp, int64_t id)
{
    if (!staff(req->who.rol) && req->who.rol != SL_ROLE_BEWONER) {
        sl_resp_forbidden(resp, "Deze rol ziet geen combinatiedossiers.");
        return false;
    }
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    sl_actor actor = {.gebruiker = req->who.naam, .trace_id = req->trace_id,
                      .viewer = sl_req_viewer(req)};
    sl_share_decision dec;
    bool found;
    sl_doel doel = req->who.rol == SL_ROLE_BEWONER ? SL_DOEL_EIGEN_INZAGE : SL_DOEL_COORDINATIE;
    if (!sl_sharing_access(req->st, &cfg, &actor, doel, id, sl_req_today(req), &dec, &found)) {
        sl_resp_store_error(resp, req->st);
        return false;
    }
    if (!found || dec.not_found) {
        sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL);
        return false;
    }
    if (!dec.deel[SL_DEEL_SCHADES].shown || !dec.deel[SL_DEEL_TRAJECT].shown) {
        const char *why = !dec.deel[SL_DEEL_SCHADES].shown ? dec.deel[SL_DEEL_SCHADES].reden
                                                           : dec.deel[SL_DEEL_TRAJECT].reden;
        sl_resp_forbidden(resp, why);
        return false;
    }
    return true;
}

static bool element_cb(void *ctx, const sl_element_row *e)
{
    char d[3][11];
    sl_date_format(e->gevraagd_op, d[0]);
    sl_date_format(e->geregeld_op, d[1]);
    sl_date_format(e->afgewezen_op, d[2]);
    json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:s}", "element", sl_element_name(e->element),
                          "status", sl_element_status_name(e->status), "gevraagd_op",
                          d[0][0] ? json_string(d[0]) : json_null(), "geregeld_op",
                          d[1][0] ? json_string(d[1]) : json_null(), "afgewezen_op",
                          d[2][0] ? json_string(d[2]) : json_null(), "door", e->door);
    return o && json_array_append_new(ctx, o) == 0;
}

static void answer_row(sl_request *req, sl_response *resp, int64_t id, const sl_dossier_row *row)
{
    sl_dossier_facts facts;
    json_t *elements = json_array();
    if (!elements || !sl_store_dossier_facts(req->st, id, &facts) ||
        !sl_store_elements_of(req->st, id, element_cb, elements)) {
        json_decref(elements);
        sl_resp_store_error(resp, req->st);
        return;
    }
    json_t *o = sl_dossier_row_json(row, &facts.view);
    json_object_set_new(o, "elementen", elements);
    char etag[32];
    snprintf(etag, sizeof etag, "\"%lld\"", (long long)row->versie);
    sl_resp_header(resp, "ETag", etag);
    sl_resp_json(resp, 200, o);
}

void h_combinatiedossier_get(sl_request *req, sl_response *resp)
{
    int64_t id;
    if (!sl_req_address_id(resp, req->params[0], "nummeraanduiding_id", &id) ||
        !access(req, resp, id))
        return;
    sl_dossier_row row;
    bool found;
    if (!sl_store_dossier_get(req->st, id, &row, &found)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    if (!found) {
        sl_resp_problem(resp, 404, "Niet gevonden", "Dit adres is geen combinatiedossier.", NULL);
        return;
    }
    answer_row(req, resp, id, &row);
}

static void field_error(json_t *errors, const char *field, const char *why)
{
    json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", field, "reden", why));
}

/* Reads the PATCH body into p; every problem goes to errors. */
static void read_patch(sl_request *req, json_t *body, sl_dossier_patch *p, json_t *errors)
{
    json_t *v = json_object_get(body, "coordinator");
    if (v && !json_is_string(v))
        field_error(errors, "coordinator",
                    "de accountnaam van een coördinator (leeg om te verwijderen)");
    else if (v)
        p->coordinator = json_string_value(v);
    v = json_object_get(body, "samenwerking");
    if (v && (!json_is_string(v) || !sl_samenwerking_valid(json_string_value(v))))
        field_error(errors, "samenwerking", "geen, gezamenlijke_opname_gepland, integraal_plan, "
                                            "afgerond of afgewezen_door_bewoner");
    else if (v)
        p->samenwerking = json_string_value(v);
    v = json_object_get(body, "elementen");
    if (!v)
        return;
    if (!json_is_array(v) || json_array_size(v) > SL_PATCH_ELEMENTS_MAX) {
        field_error(errors, "elementen", "een lijst van ten hoogste zes elementen");
        return;
    }
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        const char *name = json_string_value(json_object_get(e, "element"));
        const char *status = json_string_value(json_object_get(e, "status"));
        const char *datum = json_string_value(json_object_get(e, "datum"));
        const char *why;
        size_t k = p->n_elements;
        if (!json_is_object(e) || json_object_size(e) > 3 || !name ||
            !sl_element_parse(name, strlen(name), &p->element[k]) || !status ||
            !sl_element_status_parse(status, strlen(status), &p->status[k])) {
            field_error(errors, "elementen", "elk element heeft element, status en eventueel "
                                             "datum (JJJJ-MM-DD)");
            return;
        }
        p->datum[k] = sl_req_today(req);
        if (datum && !sl_date_parse(datum, strlen(datum), &p->datum[k], &why)) {
            field_error(errors, "elementen", why);
            return;
        }
        p->n_elements++;
    }
}

void h_combinatiedossier_patch(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"coordinator", "samenwerking", "elementen", NULL};
    int64_t id;
    if (!sl_req_address_id(resp, req->params[0], "nummeraanduiding_id", &id))
        return;
    if (!staff(req->who.rol)) {
        sl_resp_forbidden(resp, "Combinatiedossiers wijzigen medewerkers van IMG, NCG, SVIP, "
                                "coördinatoren en het interventieteam.");
        return;
    }
    const char *im = sl_req_header(req, "If-Match");
    char *end = NULL;
    long long expect = im ? strtoll(im + (*im == '"'), &end, 10) : 0;
    if (!im || expect <= 0) {
        sl_resp_problem(resp, 428, "If-Match ontbreekt",
                        "Stuur de ETag van het dossier mee in If-Match, zodat geen wijziging "
                        "van een ander verloren gaat.", NULL);
        return;
    }
    if (!access(req, resp, id))
        return;
    json_t *body = sl_req_json_object(req, resp, allowed);
    if (!body)
        return;
    sl_dossier_patch p;
    memset(&p, 0, sizeof p);
    json_t *errors = json_array();
    read_patch(req, body, &p, errors);
    if (json_array_size(errors)) {
        json_decref(body);
        sl_resp_problem(resp, 400, "Ongeldig verzoek", NULL, errors);
        return;
    }
    json_decref(errors);
    sl_dossier_row row;
    char err[300];
    sl_patch_rc rc = sl_dossier_patch_apply(req->st, id, expect, &p, req->who.naam, &row, err,
                                            sizeof err);
    json_decref(body); /* p borrowed its strings from body */
    switch (rc) {
    case SL_PATCH_OK: answer_row(req, resp, id, &row); return;
    case SL_PATCH_STALE: sl_resp_problem(resp, 412, "Gewijzigd door een ander", err, NULL); return;
    case SL_PATCH_NOT_FOUND: sl_resp_problem(resp, 404, "Niet gevonden", err, NULL); return;
    case SL_PATCH_INVALID: sl_resp_problem(resp, 400, "Ongeldig verzoek", err, NULL); return;
    case SL_PATCH_NO_COORDINATOR:
        sl_resp_problem(resp, 400, "Ongeldig verzoek", err,
                        json_pack("[{s:s, s:s}]", "veld", "coordinator", "reden",
                                  "de accountnaam van een coördinator"));
        return;
    default: sl_resp_store_error(resp, req->st); return;
    }
}
