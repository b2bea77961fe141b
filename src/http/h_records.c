/*
 * h_records.c - one claim (/api/v1/schades/{img_id}) or trajectory
 * (/api/v1/trajecten/{ncg_id}): read with its ETag (the record's versie),
 * changed with PATCH + If-Match by the body that owns it, and the
 * contractor's damage report during construction
 * (/api/v1/trajecten/{ncg_id}/schademeldingen, signal rule 7).
 *
 * Reading: service/record_view.h (through the disclosure gate; a record the
 * caller may not see is 404, as an unknown one). Changing:
 * service/record_update.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "http/sharing_config.h"
#include "service/record_update.h"
#include "service/record_view.h"

/* ---- shared -------------------------------------------------------------------- */

/* The source id from the path; a field error in errors when it cannot be one. */
static void record_id_check(const sl_request *req, json_t *errors, sl_kind kind,
                            const char **id)
{
    const char *s = req->params[0];
    size_t n = s ? strlen(s) : 0;
    bool ok = n > 0 && n < SL_ID_CAP;
    for (size_t i = 0; ok && i < n; i++)
        ok = (unsigned char)s[i] > 0x20 && (unsigned char)s[i] != 0x7f;
    if (!ok)
        sl_field_error(errors, kind == SL_KIND_IMG ? "img_id" : "ncg_id",
                       "een id van 1 tot en met 32 tekens");
    *id = s;
}

/* The same, answering 400 itself and returning false. */
static bool record_id(sl_request *req, sl_response *resp, sl_kind kind, const char **id)
{
    json_t *errors = json_array();
    record_id_check(req, errors, kind, id);
    return !sl_resp_invalid(resp, errors);
}

static void set_etag(sl_response *resp, int64_t versie)
{
    char etag[32];
    snprintf(etag, sizeof etag, "\"%lld\"", (long long)versie);
    sl_resp_header(resp, "ETag", etag);
}

/* A date field: "JJJJ-MM-DD", or null when nullable (then SL_DATE_NONE). */
static bool date_field(json_t *body, const char *field, bool nullable, bool not_future,
                       sl_date today, sl_date *out, json_t *errors)
{
    json_t *v = json_object_get(body, field);
    if (nullable && json_is_null(v)) {
        *out = SL_DATE_NONE;
        return true;
    }
    const char *why = SL_DATE_ISO_FORM;
    const char *s = json_string_value(v);
    if (!s || !sl_date_parse_iso(s, json_string_length(v), out, &why) || *out == SL_DATE_NONE) {
        sl_field_error(errors, field, why);
        return false;
    }
    if (not_future && *out > today) {
        sl_field_error(errors, field, "de datum ligt in de toekomst");
        return false;
    }
    return true;
}

/* A yes/no/unknown field: true, false or null. */
static bool flag_field(json_t *body, const char *field, sl_flag *out, json_t *errors)
{
    json_t *v = json_object_get(body, field);
    if (json_is_null(v))
        *out = SL_FLAG_UNKNOWN;
    else if (json_is_boolean(v))
        *out = json_is_true(v) ? SL_FLAG_JA : SL_FLAG_NEE;
    else {
        sl_field_error(errors, field, "true, false of null");
        return false;
    }
    return true;
}

/* A person's name: text of at most 80 bytes without control characters ("" clears). */
static bool name_field(json_t *body, const char *field, const char **out, json_t *errors)
{
    json_t *v = json_object_get(body, field);
    const char *s = json_string_value(v);
    bool ok = s && json_string_length(v) == strlen(s) && strlen(s) < SL_NAME_CAP;
    for (const unsigned char *p = (const unsigned char *)s; ok && *p; p++)
        ok = *p >= 0x20 && *p != 0x7f;
    if (!ok) {
        sl_field_error(errors, field, "een naam van ten hoogste 80 bytes, zonder stuurtekens");
        return false;
    }
    *out = s;
    return true;
}

/* ---- reading --------------------------------------------------------------------- */

static sl_doel default_doel(sl_role r)
{
    switch (r) {
    case SL_ROLE_BEWONER: return SL_DOEL_EIGEN_INZAGE;
    case SL_ROLE_SVIP: return SL_DOEL_SVIP_VERZOEK;
    default: return SL_DOEL_STATUSUITWISSELING;
    }
}

static void record_get(sl_request *req, sl_response *resp, sl_kind kind)
{
    const char *id;
    sl_doel doel = default_doel(req->who.rol);
    json_t *errors = json_array();
    record_id_check(req, errors, kind, &id);
    sl_req_doel(req, errors, &doel);
    if (sl_resp_invalid(resp, errors))
        return;
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    sl_actor actor = sl_req_actor(req);
    json_t *o;
    int64_t versie = 0;
    sl_outcome rc = sl_record_view(req->st, &cfg, &actor, kind, id, doel, sl_req_today(req), &o,
                                   &versie);
    if (rc != SL_OK) {
        /* a 404 says no more than that there is none the caller may know of */
        sl_resp_outcome(resp, req, rc, NULL,
                        rc == SL_FORBIDDEN ? "Deze rol ziet geen schades of trajecten." : NULL);
        return;
    }
    set_etag(resp, versie);
    sl_resp_json(resp, 200, o);
}

void h_schade_get(sl_request *req, sl_response *resp) { record_get(req, resp, SL_KIND_IMG); }
void h_traject_get(sl_request *req, sl_response *resp) { record_get(req, resp, SL_KIND_NCG); }

/* ---- changing --------------------------------------------------------------------- */

/* Reads the PATCH body of a claim into ch; every problem goes to errors. */
static void read_claim_patch(json_t *body, sl_date today, sl_record_change *ch, json_t *errors)
{
    json_t *v;
    if ((v = json_object_get(body, "fase"))) {
        const char *s = json_string_value(v);
        if (s && sl_fase_parse(s, strlen(s), &ch->fase))
            ch->set |= SL_SET_FASE;
        else
            sl_field_error(errors, "fase", "voorbereiding, opname, zienswijze, beschikking of "
                                        "afgehandeld");
    }
    if (json_object_get(body, "fase_sinds") &&
        date_field(body, "fase_sinds", false, true, today, &ch->fase_sinds, errors))
        ch->set |= SL_SET_FASE_SINDS;
    if (json_object_get(body, "urgent") && flag_field(body, "urgent", &ch->urgent, errors))
        ch->set |= SL_SET_URGENT;
    if (json_object_get(body, "zaakbegeleider") &&
        name_field(body, "zaakbegeleider", &ch->zaakbegeleider, errors))
        ch->set |= SL_SET_ZAAKBEGELEIDER;
}

static void read_trajectory_patch(json_t *body, sl_date today, sl_record_change *ch,
                                  json_t *errors)
{
    json_t *v;
    if ((v = json_object_get(body, "stap"))) {
        const char *s = json_string_value(v);
        if (s && sl_stap_parse(s, strlen(s), &ch->stap))
            ch->set |= SL_SET_STAP;
        else
            sl_field_error(errors, "stap", "een stap: 1.2, 2.1, 3.1, 4.1, 4.2, 5.1, 5.2, "
                                        "opgeleverd, geen versterking, ...");
    }
    if (json_object_get(body, "stap_sinds") &&
        date_field(body, "stap_sinds", false, true, today, &ch->stap_sinds, errors))
        ch->set |= SL_SET_STAP_SINDS;
    if (json_object_get(body, "bijzondere_situatie") &&
        flag_field(body, "bijzondere_situatie", &ch->bijzondere_situatie, errors))
        ch->set |= SL_SET_BIJZONDERE_SITUATIE;
    if (json_object_get(body, "bewonersbegeleider") &&
        name_field(body, "bewonersbegeleider", &ch->bewonersbegeleider, errors))
        ch->set |= SL_SET_BEWONERSBEGELEIDER;
    if (json_object_get(body, "aannemersovereenkomst") &&
        date_field(body, "aannemersovereenkomst", true, false, today,
                   &ch->aannemersovereenkomst, errors))
        ch->set |= SL_SET_AANNEMERSOVEREENKOMST;
}

static void record_patch(sl_request *req, sl_response *resp, sl_kind kind)
{
    static const char *const claim_fields[] = {"fase", "fase_sinds", "urgent", "zaakbegeleider",
                                               NULL};
    static const char *const traj_fields[] = {"stap", "stap_sinds", "bijzondere_situatie",
                                              "bewonersbegeleider", "aannemersovereenkomst",
                                              NULL};
    const char *id;
    if (!record_id(req, resp, kind, &id))
        return;
    sl_viewer viewer = sl_req_viewer(req);
    if (!sl_record_may_change(&viewer, kind)) {
        sl_resp_forbidden(resp, kind == SL_KIND_IMG
                                    ? "Schades wijzigen IMG (zaakbegeleider, SVIP) en het "
                                      "bronsysteem van IMG."
                                    : "Trajecten wijzigen NCG (bewonersbegeleider, SVIP) en het "
                                      "bronsysteem van NCG.");
        return;
    }
    int64_t expect;
    if (!sl_req_if_match(req, resp, true, "het record", &expect))
        return;
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, kind == SL_KIND_IMG ? claim_fields : traj_fields,
                                      errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    sl_date today = sl_req_today(req);
    sl_record_change ch = {.kind = kind, .id = id, .expect_versie = expect};
    if (kind == SL_KIND_IMG)
        read_claim_patch(body, today, &ch, errors);
    else
        read_trajectory_patch(body, today, &ch, errors);
    if (json_object_size(body) == 0)
        sl_field_error(errors, "", "geen velden om te wijzigen");
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return;
    }
    sl_actor actor = sl_req_actor(req);
    sl_record_result res;
    char err[300];
    sl_outcome rc = sl_record_update(req->st, &actor, &ch, today, &res, err, sizeof err);
    json_decref(body); /* ch borrowed its strings from body */
    switch (rc) {
    case SL_OK: {
        json_t *o = kind == SL_KIND_IMG ? sl_claim_record_json(&res.claim)
                                        : sl_trajectory_record_json(&res.traject);
        json_object_set_new(o, "grondslag",
                            json_string(sl_grondslag_name(SL_GRONDSLAG_EIGEN_ORGANISATIE)));
        set_etag(resp, kind == SL_KIND_IMG ? res.claim.versie : res.traject.versie);
        sl_resp_json(resp, 200, o);
        return;
    }
    default: sl_resp_outcome(resp, req, rc, NULL, err); return;
    }
}

void h_schade_patch(sl_request *req, sl_response *resp) { record_patch(req, resp, SL_KIND_IMG); }
void h_traject_patch(sl_request *req, sl_response *resp) { record_patch(req, resp, SL_KIND_NCG); }

/* ---- rule 7: the contractor's damage report ----------------------------------------- */

void h_traject_schademelding(sl_request *req, sl_response *resp)
{
    static const char *const fields[] = {"omschrijving", "gemeld_op", NULL};
    const char *id;
    if (!record_id(req, resp, SL_KIND_NCG, &id))
        return;
    const sl_principal *who = &req->who;
    if (who->org != SL_ACCOUNT_ORG_NCG ||
        (who->rol != SL_ROLE_BEWONERSBEGELEIDER && who->rol != SL_ROLE_SVIP)) {
        sl_resp_forbidden(resp, "Een schademelding van de aannemer leggen bewonersbegeleiders "
                                "en de SVIP van NCG vast.");
        return;
    }
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, fields, errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    sl_date today = sl_req_today(req), gemeld_op = SL_DATE_NONE;
    json_t *v = json_object_get(body, "omschrijving");
    const char *omschrijving = json_string_value(v);
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)omschrijving; p && *p; p++)
        chars += (*p & 0xc0) != 0x80;
    bool blank = true;
    for (const char *p = omschrijving; p && *p && blank; p++)
        blank = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
    if (!omschrijving || json_string_length(v) != strlen(omschrijving) || blank || chars > 2000)
        sl_field_error(errors, "omschrijving", "een tekst van 1 tot en met 2000 tekens");
    if (!json_object_get(body, "gemeld_op"))
        sl_field_error(errors, "gemeld_op", "verplicht: " SL_DATE_ISO_FORM);
    else
        date_field(body, "gemeld_op", false, true, today, &gemeld_op, errors);
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return;
    }
    sl_actor actor = sl_req_actor(req);
    sl_contractor_damage d;
    int64_t raised = 0;
    char err[300];
    sl_outcome rc = sl_contractor_damage_report(req->st, &actor, id, omschrijving, gemeld_op,
                                                today, &d, &raised, err, sizeof err);
    if (rc == SL_OK) {
        json_t *o = sl_contractor_damage_json(&d); /* copies omschrijving before body goes */
        json_object_set_new(o, "signalen_aangemaakt", json_integer(raised));
        json_decref(body);
        /* a report has no page of its own: its trajectory's (decision 109) */
        char loc[96];
        snprintf(loc, sizeof loc, "/api/v1/trajecten/%s", id);
        sl_resp_header(resp, "Location", loc);
        sl_resp_json(resp, 201, o);
        return;
    }
    json_decref(body);
    sl_resp_outcome(resp, req, rc, NULL, err);
}
