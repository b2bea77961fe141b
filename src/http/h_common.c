/*
 * h_common.c - helpers every handler uses: errors, JSON bodies, pagination.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bag.h"
#include "core/records.h"
#include "http/handlers.h"
#include "service/log.h"
#include "service/register.h"

void sl_resp_store_error(sl_response *resp, sl_store *st)
{
    /* the message may name tables or values; it goes to the log, the client gets a trace id */
    sl_log(SL_LOG_ERROR, "register", "%s", sl_register_error(st));
    sl_resp_problem(resp, 500, "Interne fout", "Er ging iets mis in het register. Probeer het "
                    "later opnieuw; noem het Trace-Id als u contact opneemt.", NULL);
}

void sl_resp_forbidden(sl_response *resp, const char *detail)
{
    sl_resp_problem(resp, 403, "Geen toegang", detail, NULL);
}

bool sl_req_if_match_versie(const sl_request *req, sl_response *resp, int64_t *versie)
{
    *versie = 0;
    const char *im = sl_req_header(req, "If-Match");
    if (!im || strcmp(im, "*") == 0) /* "*": whatever version is current */
        return true;
    const char *p = im + (*im == '"');
    char *end;
    long long v = strtoll(p, &end, 10);
    if (v <= 0 || end == p || (*end && strcmp(end, "\"") != 0)) {
        sl_resp_problem(resp, 400, "Ongeldig verzoek", "If-Match bevat geen versie.", NULL);
        return false;
    }
    *versie = v;
    return true;
}

bool sl_req_if_match_needed(const sl_request *req, sl_response *resp, const char *what,
                            int64_t *versie)
{
    const char *im = sl_req_header(req, "If-Match");
    if (im && strcmp(im, "*") == 0) {
        *versie = SL_VERSIE_ANY;
        return true;
    }
    *versie = im ? strtoll(im + (*im == '"'), NULL, 10) : 0;
    if (*versie > 0)
        return true;
    char detail[200];
    snprintf(detail, sizeof detail, "Stuur de ETag van %s mee in If-Match, zodat geen "
             "wijziging van een ander verloren gaat.", what);
    sl_resp_problem(resp, 428, "If-Match ontbreekt", detail, NULL);
    return false;
}

json_t *sl_req_json_object(const sl_request *req, sl_response *resp, const char *const *allowed,
                           json_t *errors)
{
    json_error_t e;
    const char *ct = sl_req_header(req, "Content-Type");
    if (!ct || strncmp(ct, "application/json", 16) != 0) {
        sl_resp_problem(resp, 415, "Verkeerd soort inhoud",
                        "Stuur JSON met Content-Type: application/json.", NULL);
        return NULL;
    }
    json_t *o = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &e);
    if (!o) {
        char detail[300];
        snprintf(detail, sizeof detail, "Ongeldige JSON op positie %d: %s", e.position, e.text);
        sl_resp_problem(resp, 400, "Ongeldig verzoek", detail, NULL);
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        sl_resp_problem(resp, 400, "Ongeldig verzoek", "Verwacht een JSON-object.", NULL);
        return NULL;
    }
    const char *key;
    json_t *value;
    json_object_foreach(o, key, value) {
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, key) == 0;
        if (!ok)
            sl_field_error(errors, key, "onbekend veld");
    }
    return o;
}

void sl_field_error(json_t *errors, const char *field, const char *reason)
{
    json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", field, "reden", reason));
}

bool sl_resp_invalid(sl_response *resp, json_t *errors)
{
    if (!json_array_size(errors)) {
        json_decref(errors);
        return false;
    }
    sl_resp_problem(resp, 400, "Ongeldig verzoek", NULL, errors);
    return true;
}

static bool parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

void sl_req_page(const sl_request *req, json_t *errors, long *page, long *per_page)
{
    const char *p = sl_req_query(req, "pagina"), *pp = sl_req_query(req, "perPagina");
    *page = 1;
    *per_page = 100;
    if (p && !parse_long(p, 1, 1000000000L, page))
        sl_field_error(errors, "pagina", "een geheel getal vanaf 1");
    if (pp && !parse_long(pp, 1, 500, per_page))
        sl_field_error(errors, "perPagina", "een geheel getal van 1 tot en met 500");
}

bool sl_req_page_only(const sl_request *req, sl_response *resp, long *page, long *per_page)
{
    json_t *errors = json_array();
    sl_req_page(req, errors, page, per_page);
    return !sl_resp_invalid(resp, errors);
}

json_t *sl_page_json(json_t *all, long page, long per_page)
{
    size_t total = json_array_size(all);
    json_t *items = json_array();
    size_t start = (size_t)(page - 1) * (size_t)per_page;
    for (size_t i = start; i < total && i < start + (size_t)per_page; i++)
        json_array_append(items, json_array_get(all, i));
    json_decref(all);
    return json_pack("{s:o, s:i, s:i, s:I}", "items", items, "pagina", (int)page, "per_pagina",
                     (int)per_page, "totaal", (json_int_t)total);
}

json_t *sl_page_json_total(json_t *items, long page, long per_page, size_t total)
{
    return json_pack("{s:o, s:i, s:i, s:I}", "items", items, "pagina", (int)page, "per_pagina",
                     (int)per_page, "totaal", (json_int_t)total);
}

sl_actor sl_req_actor(const sl_request *req)
{
    return (sl_actor){.gebruiker = req->who.naam, .trace_id = req->trace_id,
                      .viewer = sl_req_viewer(req)};
}

sl_viewer sl_req_viewer(const sl_request *req)
{
    const sl_principal *p = &req->who;
    sl_viewer v = {.role = p->rol, .org = p->org,
                   .gemeentecode = p->gemeentecode[0] ? p->gemeentecode : NULL,
                   .adressen = p->addresses, .n_adressen = p->n_addresses,
                   .account_id = p->user_id};
    return v;
}

sl_date sl_req_today(const sl_request *req)
{
    return (sl_date)(req->now / 86400);
}

bool sl_address_id_check(json_t *errors, const char *s, const char *field, int64_t *id)
{
    const char *why = "verplicht";
    if (s && sl_bag_parse(s, strlen(s), SL_BAG_NUMMERAANDUIDING, id, &why))
        return true;
    sl_field_error(errors, field, why);
    return false;
}

bool sl_req_address_id(sl_response *resp, const char *s, const char *field, int64_t *id)
{
    json_t *errors = json_array();
    sl_address_id_check(errors, s, field, id);
    return !sl_resp_invalid(resp, errors);
}
