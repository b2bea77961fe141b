/*
 * request.c - reading a request and writing an answer (see request.h).
 * No libmicrohttpd here: the server reaches the connection through req->lookup.
 */
#include "http/request.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "core/records.h"
#include "http/negotiate.h"
#include "http/query_names.h"
#include "service/log.h"
#include "service/register.h"

/* ---- reading ------------------------------------------------------------------- */

static const char *lookup(const sl_request *r, sl_req_kind kind, const char *name)
{
    return r->lookup ? r->lookup(r->impl, kind, name) : NULL;
}

const char *sl_req_query(const sl_request *r, const char *key)
{
    const char *v = lookup(r, SL_REQ_QUERY, key);
    const char *old = v ? NULL : sl_query_old_name(key);
    return old ? lookup(r, SL_REQ_QUERY, old) : v;
}

const char *sl_req_header(const sl_request *r, const char *name)
{
    return lookup(r, SL_REQ_HEADER, name);
}

const char *sl_req_cookie(const sl_request *r, const char *name)
{
    return lookup(r, SL_REQ_COOKIE, name);
}

/* ---- writing ------------------------------------------------------------------- */

void sl_resp_free(sl_response *resp)
{
    json_decref(resp->json);
    sl_free(resp->raw);
    sl_free(resp->log);
    for (size_t i = 0; i < resp->nheaders; i++)
        sl_free(resp->header_value[i]);
}

void sl_resp_json(sl_response *resp, int status, json_t *body)
{
    json_decref(resp->json);
    resp->status = status;
    resp->json = body;
    resp->content_type = "application/json";
}

/* A plain sentence for a problem whose caller gave none: every problem has a detail. */
static const char *default_detail(int status, bool has_errors)
{
    switch (status) {
    case 400:
        return has_errors ? "Een of meer velden kloppen niet; zie errors voor welk veld en "
                            "waarom."
                          : "Het verzoek klopt niet.";
    case 401: return "U bent niet ingelogd.";
    case 403: return "U heeft hier geen toegang toe.";
    case 404: return "Wat u zoekt bestaat niet, of u mag het niet zien.";
    case 405: return "Deze methode kan niet op dit adres; zie Allow voor wat wel kan.";
    case 409: return "Dit kan niet in de huidige toestand.";
    case 412: return "Een ander heeft dit intussen gewijzigd; haal het opnieuw op.";
    case 414: return "Het adres van het verzoek is langer dan deze server aanneemt.";
    case 500: return "Er ging iets mis in het register. Probeer het later opnieuw; noem het "
                     "Trace-Id als u contact opneemt.";
    case 503: return "De server kan dit nu niet afhandelen. Probeer het zo opnieuw.";
    default: return status >= 500 ? "Er ging iets mis op de server."
                                  : "Het verzoek kan zo niet worden afgehandeld.";
    }
}

/*
 * A JSON string of s, which may echo what a client sent: bytes that are not
 * UTF-8 become '?' instead of losing the whole text (jansson takes UTF-8 only).
 */
static json_t *json_text(const char *s)
{
    json_t *j = json_string(s);
    if (j || !s)
        return j;
    char *copy = sl_strdup(s);
    if (!copy)
        return NULL;
    for (char *c = copy; *c; c++)
        if ((unsigned char)*c >= 0x80)
            *c = '?';
    j = json_string(copy);
    sl_free(copy);
    return j;
}

void sl_resp_problem(sl_response *resp, int status, const char *title, const char *detail,
                     json_t *errors)
{
    json_t *p = json_pack("{s:s, s:o, s:i}", "type", "about:blank", "title", json_text(title),
                          "status", status);
    if (p)
        json_object_set_new(p, "detail",
                            json_text(detail && *detail ? detail
                                                        : default_detail(status, errors)));
    if (p && errors)
        json_object_set_new(p, "errors", errors);
    else
        json_decref(errors);
    sl_resp_json(resp, status, p);
    resp->content_type = "application/problem+json";
}

void sl_resp_header(sl_response *resp, const char *name, const char *value)
{
    if (resp->nheaders >= SL_RESP_HEADERS)
        return;
    char *copy = sl_strdup(value);
    if (!copy)
        return;
    resp->header_name[resp->nheaders] = name;
    resp->header_value[resp->nheaders++] = copy;
}

bool sl_resp_after_log(sl_response *resp, const sl_log_record *recs, size_t n)
{
    sl_log_record *copy = n ? sl_malloc(n * sizeof *copy) : NULL;
    if (n && !copy)
        return false;
    if (n)
        memcpy(copy, recs, n * sizeof *copy);
    sl_free(resp->log);
    resp->log = copy;
    resp->nlog = n;
    return true;
}

/* ---- outcomes ------------------------------------------------------------------ */

/* One table: an outcome's status and title, in the order of sl_outcome. */
static const struct {
    int status;
    const char *title;
} outcome_http[] = {
    [SL_OK] = {200, NULL},
    [SL_INVALID] = {400, "Ongeldig verzoek"},
    [SL_FORBIDDEN] = {403, "Geen toegang"},
    [SL_NOT_FOUND] = {404, "Niet gevonden"},
    [SL_CONFLICT] = {409, "Kan niet in deze toestand"},
    [SL_STALE] = {412, "Gewijzigd door een ander"},
    [SL_UNPROCESSABLE] = {422, "Kan niet worden verwerkt"},
    [SL_ERROR] = {500, "Interne fout"},
};

static bool outcome_known(sl_outcome o)
{
    return (unsigned)o < sizeof outcome_http / sizeof outcome_http[0];
}

int sl_outcome_status(sl_outcome o)
{
    return outcome_known(o) ? outcome_http[o].status : 500;
}

const char *sl_outcome_title(sl_outcome o)
{
    return outcome_known(o) ? outcome_http[o].title : outcome_http[SL_ERROR].title;
}

void sl_resp_outcome(sl_response *resp, const sl_request *req, sl_outcome o, const char *field,
                     const char *detail)
{
    if (o == SL_OK)
        return;
    if (o == SL_ERROR || !outcome_known(o)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    json_t *errors = o == SL_INVALID && field
                         ? sl_field_errors1(field, detail && *detail ? detail : "ongeldig")
                         : NULL;
    sl_resp_problem(resp, sl_outcome_status(o), sl_outcome_title(o), detail, errors);
}

void sl_resp_store_error(sl_response *resp, sl_store *st)
{
    /* the message may name tables or values; it goes to the log, the client gets a trace id */
    sl_log(SL_LOG_ERROR, "register", "%s", st ? sl_register_error(st) : "(no store)");
    sl_resp_problem(resp, 500, outcome_http[SL_ERROR].title, NULL, NULL);
}

void sl_resp_forbidden(sl_response *resp, const char *detail)
{
    sl_resp_problem(resp, 403, outcome_http[SL_FORBIDDEN].title, detail, NULL);
}

void sl_resp_not_found(sl_response *resp, const char *detail)
{
    sl_resp_problem(resp, 404, outcome_http[SL_NOT_FOUND].title, detail, NULL);
}

/* ---- field errors -------------------------------------------------------------- */

void sl_field_error(json_t *errors, const char *field, const char *reason)
{
    json_array_append_new(errors, json_pack("{s:o, s:o}", "veld", json_text(field), "reden",
                                            json_text(reason)));
}

json_t *sl_field_errors1(const char *field, const char *reason)
{
    json_t *errors = json_array();
    sl_field_error(errors, field, reason);
    return errors;
}

bool sl_resp_invalid(sl_response *resp, json_t *errors)
{
    if (!json_array_size(errors)) {
        json_decref(errors);
        return false;
    }
    sl_resp_problem(resp, 400, outcome_http[SL_INVALID].title, NULL, errors);
    return true;
}

void sl_resp_invalid_reason(sl_response *resp, const char *reason, const char *const *fields)
{
    for (const char *const *f = fields; reason && *f; f++) {
        size_t n = strlen(*f);
        if (strncmp(reason, *f, n) == 0 && strncmp(reason + n, ": ", 2) == 0) {
            sl_resp_invalid(resp, sl_field_errors1(*f, reason + n + 2));
            return;
        }
    }
    sl_resp_problem(resp, 400, outcome_http[SL_INVALID].title, reason, NULL);
}

/* ---- ids ----------------------------------------------------------------------- */

/* Digits only, at most max_digits of them, into *out (no overflow at 18 digits). */
static bool parse_digits(const char *s, size_t max_digits, int64_t *out)
{
    size_t n = s ? strspn(s, "0123456789") : 0;
    if (n == 0 || n > max_digits || s[n] != '\0')
        return false;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    *out = v;
    return true;
}

bool sl_parse_id(const char *s, int64_t *id)
{
    int64_t v;
    /* no leading zero: one thing has one address (and "7" is the ETag, not "007") */
    if (!parse_digits(s, 18, &v) || s[0] == '0')
        return false;
    *id = v;
    return true;
}

bool sl_req_path_id(const sl_request *req, sl_response *resp, size_t i, const char *what,
                    int64_t *id)
{
    if (i < req->nparams && sl_parse_id(req->params[i], id))
        return true;
    char detail[160];
    snprintf(detail, sizeof detail, "Er is geen %s met dit nummer.", what);
    sl_resp_not_found(resp, detail);
    return false;
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

/* ---- If-Match ------------------------------------------------------------------ */

sl_if_match_form sl_if_match_parse(const char *value, int64_t *versie)
{
    if (!value)
        return SL_IF_MATCH_ABSENT;
    if (strcmp(value, "*") == 0)
        return SL_IF_MATCH_ANY;
    size_t n = strlen(value);
    bool quoted = n >= 2 && value[0] == '"' && value[n - 1] == '"';
    char digits[24];
    size_t dn = quoted ? n - 2 : n;
    /* the tag of a gzip-coded answer names the same version */
    size_t sn = sizeof SL_ETAG_GZIP - 1;
    if (quoted && dn > sn && memcmp(value + 1 + dn - sn, SL_ETAG_GZIP, sn) == 0)
        dn -= sn;
    if (dn == 0 || dn >= sizeof digits)
        return SL_IF_MATCH_INVALID;
    memcpy(digits, value + quoted, dn);
    digits[dn] = '\0';
    return sl_parse_id(digits, versie) ? SL_IF_MATCH_VERSIE : SL_IF_MATCH_INVALID;
}

bool sl_req_if_match(const sl_request *req, sl_response *resp, bool required, const char *what,
                     int64_t *versie)
{
    switch (sl_if_match_parse(sl_req_header(req, "If-Match"), versie)) {
    case SL_IF_MATCH_VERSIE:
        return true;
    case SL_IF_MATCH_ANY:
        *versie = SL_VERSIE_ANY;
        return true;
    case SL_IF_MATCH_ABSENT:
        if (!required) {
            *versie = SL_VERSIE_ANY;
            return true;
        }
        char detail[200];
        snprintf(detail, sizeof detail, "Stuur de ETag van %s mee in If-Match, zodat geen "
                 "wijziging van een ander verloren gaat.", what);
        sl_resp_problem(resp, 428, "If-Match ontbreekt", detail, NULL);
        return false;
    case SL_IF_MATCH_INVALID:
    default:
        break;
    }
    sl_resp_problem(resp, 400, outcome_http[SL_INVALID].title,
                    "If-Match bevat geen versie: stuur de ETag zoals u die kreeg (\"3\"), of *.",
                    NULL);
    return false;
}

/* ---- body and query ------------------------------------------------------------ */

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
        sl_resp_problem(resp, 400, outcome_http[SL_INVALID].title, detail, NULL);
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        sl_resp_problem(resp, 400, outcome_http[SL_INVALID].title, "Verwacht een JSON-object.",
                        NULL);
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

json_t *sl_req_json_form(const sl_request *req, sl_response *resp, const char *const *allowed,
                         json_t **errors)
{
    *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, allowed, *errors);
    if (!body) {
        json_decref(*errors);
        *errors = NULL;
    }
    return body;
}

bool sl_body_address_id(json_t *body, const char *field, json_t *errors, int64_t *id)
{
    const char *why;
    json_t *v = json_object_get(body, field);
    if (json_is_string(v) && sl_bag_parse(json_string_value(v), json_string_length(v),
                                          SL_BAG_NUMMERAANDUIDING, id, &why))
        return true;
    sl_field_error(errors, field, "16 cijfers, een nummeraanduiding");
    return false;
}

json_t *sl_req_json_body(const sl_request *req, sl_response *resp, const char *const *allowed)
{
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, allowed, errors);
    if (!body) {
        json_decref(errors);
        return NULL;
    }
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return NULL;
    }
    return body;
}

static bool parse_long(const char *s, long min, long max, long *out)
{
    int64_t v;
    if (!parse_digits(s, 18, &v) || v < min || v > max)
        return false;
    *out = (long)v;
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

const char *sl_req_gemeente(const sl_request *req, json_t *errors)
{
    const char *g = sl_req_query(req, "gemeente");
    if (!g || (strlen(g) == 4 && strspn(g, "0123456789") == 4))
        return g;
    sl_field_error(errors, "gemeente", "een gemeentecode van vier cijfers");
    return NULL;
}

void sl_req_doel(const sl_request *req, json_t *errors, sl_doel *doel)
{
    const char *d = sl_req_query(req, "doel");
    if (d && !sl_doel_parse(d, strlen(d), doel))
        sl_field_error(errors, "doel", "onbekend doel");
}

json_t *sl_page_json(json_t *all, long page, long per_page)
{
    size_t total = json_array_size(all);
    json_t *items = json_array();
    size_t start = (size_t)(page - 1) * (size_t)per_page;
    for (size_t i = start; i < total && i < start + (size_t)per_page; i++)
        json_array_append(items, json_array_get(all, i));
    json_decref(all);
    return sl_page_json_total(items, page, per_page, total);
}

json_t *sl_page_json_total(json_t *items, long page, long per_page, size_t total)
{
    return json_pack("{s:o, s:i, s:i, s:I}", "items", items, "pagina", (int)page, "per_pagina",
                     (int)per_page, "totaal", (json_int_t)total);
}

/* ---- the caller ---------------------------------------------------------------- */

sl_viewer sl_req_viewer(const sl_request *req)
{
    const sl_principal *p = &req->who;
    return (sl_viewer){.role = p->rol, .org = p->org,
                       .gemeentecode = p->gemeentecode[0] ? p->gemeentecode : NULL,
                       .adressen = p->addresses, .n_adressen = p->n_addresses,
                       .account_id = p->user_id};
}

sl_actor sl_req_actor(const sl_request *req)
{
    return (sl_actor){.gebruiker = req->who.naam, .trace_id = req->trace_id,
                      .viewer = sl_req_viewer(req)};
}

sl_date sl_req_today(const sl_request *req)
{
    return (sl_date)(req->now / 86400);
}

sl_date sl_req_past_date(const sl_request *req, const char *key, json_t *errors)
{
    const char *q = sl_req_query(req, key);
    if (!q)
        return SL_DATE_NONE;
    sl_date d;
    const char *why;
    if (!sl_date_parse_iso(q, strlen(q), &d, &why)) {
        sl_field_error(errors, key, why);
        return SL_DATE_NONE;
    }
    if (d > sl_req_today(req)) {
        sl_field_error(errors, key, "een datum tot en met vandaag, niet in de toekomst");
        return SL_DATE_NONE;
    }
    return d;
}
