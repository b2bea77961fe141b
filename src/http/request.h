/*
 * request.h - the one place where a handler reads its request and writes its
 * answer: the request (method, path parameters, query, headers, body, the
 * caller), numeric ids, If-Match, the JSON body, field errors collected and
 * answered together, the municipality query, pagination, and the answer as
 * JSON or application/problem+json, a service's sl_outcome mapped to HTTP.
 *
 * Handlers never see libmicrohttpd: the server fills sl_request.lookup, so
 * that unit tests and fuzzers can hand in their own headers and query.
 *
 * Ownership: a handler gives the response a JSON value it owns (the response
 * takes the reference) or a raw buffer from sl_malloc (the response frees it).
 */
#ifndef SL_HTTP_REQUEST_H
#define SL_HTTP_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/roles.h"
#include "core/sharing.h"
#include "http/config.h"
#include "service/accounts.h"
#include "service/logboek.h"
#include "service/outcome.h"
#include "store/log_store.h"
#include "store/store.h"

#define SL_API_VERSION "1.0.0"
#define SL_PRINCIPAL_ADDRESSES 16

/* Who is calling: nobody, or an account (through a session cookie or a bearer token). */
typedef struct sl_principal {
    bool authenticated;
    bool via_session;             /* browser: state-changing requests need the CSRF token */
    int64_t user_id;
    char naam[81];
    char weergavenaam[81];        /* the person's name in deliveries: signals "voor mij" */
    sl_role rol;
    sl_account_org org;
    bool levert_adressen;         /* datasteward appointed to deliver BAG addresses */
    char gemeentecode[5];
    size_t n_addresses;
    int64_t addresses[SL_PRINCIPAL_ADDRESSES];
} sl_principal;

/* Where a named request value comes from. */
typedef enum sl_req_kind { SL_REQ_QUERY, SL_REQ_HEADER, SL_REQ_COOKIE } sl_req_kind;

/* A request value by kind and name (header names case-insensitive), NULL when absent. */
typedef const char *(*sl_req_lookup)(void *impl, sl_req_kind kind, const char *name);

typedef struct sl_request {
    const char *method;
    const char *path;
    const char *params[4];        /* path parameters, in the order of the route pattern */
    size_t nparams;
    const char *body;             /* NUL-terminated; body_len bytes */
    size_t body_len;
    /* A delivery upload (sl_route_takes_file, sent by a data steward) is not in
     * memory: it is this file, upload_len bytes, in a private (0700) directory of its
     * own that the server removes, with what is in it, after the answer; the handler
     * may rename the file within it. NULL for every other request. */
    const char *upload_path;
    size_t upload_len;
    sl_store *st;                 /* this worker thread's handle */
    const sl_config *cfg;
    sl_principal who;
    sl_auth_touch touch;          /* left by sl_auth_identify, written after the request's read */
    char trace_id[33];
    int64_t now;                  /* UNIX seconds when the request arrived */
    sl_req_lookup lookup;         /* NULL: the request has no query, headers or cookies */
    void *impl;                   /* the server's connection, lookup's first argument */
} sl_request;

/* Query parameter (by its lowerCamelCase name; the deprecated old name is read too),
 * header or cookie value, NULL when absent. */
const char *sl_req_query(const sl_request *r, const char *key);
const char *sl_req_header(const sl_request *r, const char *name);
const char *sl_req_cookie(const sl_request *r, const char *name);

#define SL_RESP_HEADERS 8

typedef struct sl_response {
    int status;
    json_t *json;                 /* owned */
    char *raw;                    /* owned (sl_malloc), for non-JSON bodies */
    size_t raw_len;
    const char *content_type;     /* static string */
    const char *header_name[SL_RESP_HEADERS];
    char *header_value[SL_RESP_HEADERS]; /* owned */
    size_t nheaders;
    /* Processing-log records this answer waits for (sl_resp_after_log): owned. */
    sl_log_record *log;
    size_t nlog;
} sl_response;

/* Frees what the response owns (not the struct). */
void sl_resp_free(sl_response *resp);

/* Sets a JSON body (takes the reference). */
void sl_resp_json(sl_response *resp, int status, json_t *body);
/*
 * An application/problem+json answer (RFC 9457): title, detail (a plain Dutch
 * sentence for the status when NULL: every problem has one), and when given
 * an "errors" array of {"veld": …, "reden": …} (takes the reference).
 */
void sl_resp_problem(sl_response *resp, int status, const char *title, const char *detail,
                     json_t *errors);
/* Adds a header (name must be a static string; value is copied). */
void sl_resp_header(sl_response *resp, const char *name, const char *value);

/*
 * The answer may be sent only once these processing-log records are
 * committed (copied). The server hands them to the log's group committer
 * (service/logboek_writer.h) and holds the connection meanwhile without
 * holding a worker thread; when the commit fails, the caller gets 503
 * instead and sees nothing of the answer.
 */
bool sl_resp_after_log(sl_response *resp, const sl_log_record *recs, size_t n);

/* ---- a service's outcome as HTTP ---------------------------------------------- */

/* The status of an outcome: 200, 400, 403, 404, 409, 412, 500. */
int sl_outcome_status(sl_outcome o);
/* The problem title of an outcome ("Ongeldig verzoek", "Geen toegang", …); NULL for SL_OK. */
const char *sl_outcome_title(sl_outcome o);
/*
 * Answers a failed outcome as problem+json with the service's own Dutch
 * detail (NULL: the status's plain sentence). SL_INVALID with `field` names
 * that field in "errors". SL_ERROR logs the store's message (never the
 * client's business) and answers a neutral 500. Does nothing for SL_OK.
 */
void sl_resp_outcome(sl_response *resp, const sl_request *req, sl_outcome o, const char *field,
                     const char *detail);

/* The store failed: 500 with a neutral text (the message goes to the log, not the client). */
void sl_resp_store_error(sl_response *resp, sl_store *st);
/* 403 with a plain reason. */
void sl_resp_forbidden(sl_response *resp, const char *detail);
/* 404 with a plain reason (NULL: the usual sentence). */
void sl_resp_not_found(sl_response *resp, const char *detail);

/* ---- field errors: collected, answered together (decision 107) --------------- */

/* Appends {"veld": field, "reden": reason} to errors (a JSON array). */
void sl_field_error(json_t *errors, const char *field, const char *reason);
/* A new errors array holding one field error. */
json_t *sl_field_errors1(const char *field, const char *reason);
/* 400 with every error in errors and true when there is one; false otherwise.
 * Takes the reference either way. */
bool sl_resp_invalid(sl_response *resp, json_t *errors);

/*
 * 400 for a service's SL_INVALID reason: one given as "veld: reden" for a field
 * in `fields` (NULL-terminated) is named at that field, any other is the detail.
 */
void sl_resp_invalid_reason(sl_response *resp, const char *reason, const char *const *fields);

/* ---- ids ------------------------------------------------------------------------ */

/* The one rule for a numeric id: 1 to 18 decimal digits without a leading zero
 * (so not 0 either); no sign, no space. */
bool sl_parse_id(const char *s, int64_t *id);
/* The id in path parameter i: answers 404 ("Er is geen <what> met dit nummer.")
 * and returns false when it is none. */
bool sl_req_path_id(const sl_request *req, sl_response *resp, size_t i, const char *what,
                    int64_t *id);
/* Parses a 16-digit nummeraanduiding id; a field error naming `field` when it is not one. */
bool sl_address_id_check(json_t *errors, const char *s, const char *field, int64_t *id);
/* The same for a path parameter: answers 400 itself and returns false. */
bool sl_req_address_id(sl_response *resp, const char *s, const char *field, int64_t *id);

/* ---- If-Match ------------------------------------------------------------------- */

typedef enum sl_if_match_form {
    SL_IF_MATCH_ABSENT,
    SL_IF_MATCH_ANY,     /* "*": whatever version is current (RFC 9110 §13.1.1) */
    SL_IF_MATCH_VERSIE,  /* 3 or "3", as the ETag gave it */
    SL_IF_MATCH_INVALID, /* anything else, a weak tag among it (If-Match compares strongly) */
} sl_if_match_form;

/* The one reading of an If-Match value (NULL = absent); *versie for SL_IF_MATCH_VERSIE. */
sl_if_match_form sl_if_match_parse(const char *value, int64_t *versie);

/*
 * The versie a change demands: SL_VERSIE_ANY for "*" and, when !required, for
 * an absent header. Answers 428 for `what` ("het record") when it is required
 * and absent, 400 when it holds no versie, and returns false.
 */
bool sl_req_if_match(const sl_request *req, sl_response *resp, bool required, const char *what,
                     int64_t *versie);

/* ---- body and query ------------------------------------------------------------- */

/*
 * Parses the body as a JSON object; when it is not JSON or not an object,
 * answers 415 or 400 and returns NULL. `allowed` lists the accepted keys
 * (NULL-terminated): any other key is a field error appended to `errors`, and
 * the object is returned still, so that the handler adds its own field errors
 * (a missing required field) before it answers.
 */
json_t *sl_req_json_object(const sl_request *req, sl_response *resp, const char *const *allowed,
                           json_t *errors);
/*
 * For a body with no checks of the handler's own before it answers: the object
 * as sl_req_json_object reads it, or NULL when it has answered (415, 400, or
 * 400 naming every unknown key).
 */
json_t *sl_req_json_body(const sl_request *req, sl_response *resp, const char *const *allowed);
/* sl_req_json_object with a new array for the field errors in *errors: NULL
 * when it has answered (then nothing is left to free). */
json_t *sl_req_json_form(const sl_request *req, sl_response *resp, const char *const *allowed,
                         json_t **errors);
/* The body's nummeraanduiding id at `field` (16 digits, as a string); else a
 * field error there and false. */
bool sl_body_address_id(json_t *body, const char *field, json_t *errors, int64_t *id);
/*
 * Pagination of a list: ?pagina=N (from 1) and ?perPagina=M (1..500, default
 * 100); a bad value is a field error appended to `errors`.
 */
void sl_req_page(const sl_request *req, json_t *errors, long *page, long *per_page);
/* For a list whose only checked query is its page: answers 400 itself and returns false. */
bool sl_req_page_only(const sl_request *req, sl_response *resp, long *page, long *per_page);
/* ?gemeente=CODE: NULL when absent, else the code when it is 4 digits; a field error
 * appended to `errors` (and NULL) when it is not. */
const char *sl_req_gemeente(const sl_request *req, json_t *errors);
/* ?doel=…: *doel keeps its default when absent; a field error appended to `errors`
 * when it names no purpose. */
void sl_req_doel(const sl_request *req, json_t *errors, sl_doel *doel);
/* Wraps items (taken) in {"items":[…], "pagina":…, "per_pagina":…, "totaal":…}. */
json_t *sl_page_json(json_t *all_items, long page, long per_page);
/* The same shape for a page a service cut already (items taken), with the total. */
json_t *sl_page_json_total(json_t *items, long page, long per_page, size_t total);

/* ---- the caller ----------------------------------------------------------------- */

/* The caller as the sharing rules see them (arrays borrowed from req). */
sl_viewer sl_req_viewer(const sl_request *req);
/* The caller as the processing log names them: account, trace id, viewer. */
sl_actor sl_req_actor(const sl_request *req);
/* Today (UTC) as a day number. */
sl_date sl_req_today(const sl_request *req);
/*
 * ?key=YYYY-MM-DD: SL_DATE_NONE when absent; a field error appended to `errors`
 * (and SL_DATE_NONE) when it is not such a date, or when it lies after today
 * (a look at the register cannot be at a day it has not seen yet).
 */
sl_date sl_req_past_date(const sl_request *req, const char *key, json_t *errors);

#endif
