/*
 * h_combinatiedossiers.c - /api/v1/combinatiedossiers/{id}: the coordination
 * record of an address with both tracks (buddy pair, coordinator,
 * collaboration state, the six AMvB elements), read with an ETag and changed
 * with PATCH + If-Match so that two people editing at once lose nothing.
 * A combination dossier joins both bodies' data: it is shown only when the
 * disclosure gate shows both parts to the caller (service/dossier.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "http/sharing_config.h"
#include "service/dossier.h"

static bool staff(sl_role r)
{
    return r == SL_ROLE_ZAAKBEGELEIDER || r == SL_ROLE_BEWONERSBEGELEIDER || r == SL_ROLE_SVIP ||
           r == SL_ROLE_COORDINATOR || r == SL_ROLE_INTERVENTIETEAM;
}

/* Passes the gate (and logs); answers and returns false when the caller may not see it. */
static bool access(sl_request *req, sl_response *resp, int64_t id)
{
    if (!staff(req->who.rol) && req->who.rol != SL_ROLE_BEWONER) {
        sl_resp_forbidden(resp, "Deze rol ziet geen combinatiedossiers.");
        return false;
    }
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    sl_actor actor = sl_req_actor(req);
    bool shown, not_found;
    const char *why;
    if (!sl_combination_dossier_access(req->st, &cfg, &actor, id, sl_req_today(req), &shown,
                                       &not_found, &why)) {
        sl_resp_store_error(resp, req->st);
        return false;
    }
    if (not_found) {
        sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL);
        return false;
    }
    if (!shown) {
        sl_resp_forbidden(resp, why);
        return false;
    }
    return true;
}

static void answer(sl_response *resp, json_t *o, int64_t versie)
{
    char etag[32];
    snprintf(etag, sizeof etag, "\"%lld\"", (long long)versie);
    sl_resp_header(resp, "ETag", etag);
    sl_resp_json(resp, 200, o);
}

void h_combinatiedossier_get(sl_request *req, sl_response *resp)
{
    int64_t id;
    if (!sl_req_address_id(resp, req->params[0], "nummeraanduiding_id", &id) ||
        !access(req, resp, id))
        return;
    json_t *o;
    int64_t versie = 0;
    bool found;
    if (!sl_combination_dossier_json(req->st, id, &o, &versie, &found)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    if (!found) {
        sl_resp_problem(resp, 404, "Niet gevonden", "Dit adres is geen combinatiedossier.", NULL);
        return;
    }
    answer(resp, o, versie);
}

/* Reads the PATCH body into p; every problem goes to errors. */
static void read_patch(sl_request *req, json_t *body, sl_dossier_patch *p, json_t *errors)
{
    json_t *v = json_object_get(body, "coordinator");
    if (v && !json_is_string(v))
        sl_field_error(errors, "coordinator",
                       "de accountnaam van een coördinator (leeg om te verwijderen)");
    else if (v)
        p->coordinator = json_string_value(v);
    v = json_object_get(body, "samenwerking");
    if (v && (!json_is_string(v) || !sl_samenwerking_valid(json_string_value(v))))
        sl_field_error(errors, "samenwerking", "geen, gezamenlijke_opname_gepland, integraal_plan, "
                                            "afgerond of afgewezen_door_bewoner");
    else if (v)
        p->samenwerking = json_string_value(v);
    v = json_object_get(body, "elementen");
    if (!v)
        return;
    if (!json_is_array(v) || json_array_size(v) > SL_PATCH_ELEMENTS_MAX) {
        sl_field_error(errors, "elementen", "een lijst van ten hoogste zes elementen");
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
            sl_field_error(errors, "elementen", "elk element heeft element, status en eventueel "
                                             "datum (JJJJ-MM-DD)");
            return;
        }
        p->datum[k] = sl_req_today(req);
        if (datum && !sl_date_parse_iso(datum, strlen(datum), &p->datum[k], &why)) {
            sl_field_error(errors, "elementen", why);
            return;
        }
        p->n_elements++;
    }
}

/* The fields a patch's reason may name ("veld: reden"). */
static const char *const reason_fields[] = {"coordinator", NULL};

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
    int64_t expect;
    if (!sl_req_if_match(req, resp, true, "het dossier", &expect))
        return;
    if (!access(req, resp, id))
        return;
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, allowed, errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    sl_dossier_patch p;
    memset(&p, 0, sizeof p);
    read_patch(req, body, &p, errors);
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return;
    }
    sl_dossier_row row;
    char err[300];
    sl_actor by = sl_req_actor(req);
    sl_outcome rc = sl_dossier_patch_apply(req->st, id, expect, &p, &by, &row, err, sizeof err);
    json_decref(body); /* p borrowed its strings from body */
    switch (rc) {
    case SL_OK: {
        json_t *o;
        if (sl_combination_dossier_row_json(req->st, &row, &o))
            answer(resp, o, row.versie);
        else
            sl_resp_store_error(resp, req->st);
        return;
    }
    case SL_INVALID: sl_resp_invalid_reason(resp, err, reason_fields); return;
    default: sl_resp_outcome(resp, req, rc, NULL, err); return;
    }
}
