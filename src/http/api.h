/*
 * api.h - what an HTTP handler sees: the request (method, path parameters,
 * query, headers, body, the caller, a store handle for this worker thread)
 * and the response it fills (JSON or problem+json, ETag, Location, cookies).
 * Handlers never see libmicrohttpd; server.c translates.
 *
 * Ownership: a handler gives the response a JSON value it owns (the response
 * takes the reference) or a raw buffer from sl_malloc (the response frees it).
 */
#ifndef SL_HTTP_API_H
#define SL_HTTP_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/roles.h"
#include "http/config.h"
#include "service/accounts.h"
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
    void *impl;                   /* the server's connection */
} sl_request;

/* Query parameter or header value, NULL when absent. */
const char *sl_req_query(const sl_request *r, const char *key);
const char *sl_req_header(const sl_request *r, const char *name);
/* Cookie value by name, NULL when absent. */
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

/* Sets a JSON body (takes the reference). */
void sl_resp_json(sl_response *resp, int status, json_t *body);
/*
 * An application/problem+json answer (RFC 9457): title, detail, and when
 * given an "errors" array of {"veld": …, "reden": …} (takes the reference).
 */
void sl_resp_problem(sl_response *resp, int status, const char *title, const char *detail,
                     json_t *errors);
/* Adds a header (name must be a static string; value is copied). */
void sl_resp_header(sl_response *resp, const char *name, const char *value);

/*
 * The answer may be sent only once these processing-log records are
 * committed (copied; at most 16). The server hands them to the log's group
 * committer (service/logboek_writer.h) and holds the connection meanwhile
 * without holding a worker thread; when the commit fails, the caller gets 503
 * instead and sees nothing of the answer.
 */
bool sl_resp_after_log(sl_response *resp, const sl_log_record *recs, size_t n);

typedef void (*sl_handler)(sl_request *req, sl_response *resp);

/* Access a route demands before its handler runs. */
typedef enum sl_access {
    SL_ACCESS_PUBLIC,        /* anyone (health, login, the OpenAPI document) */
    SL_ACCESS_AUTHENTICATED, /* any account; the handler decides further (deny by default) */
} sl_access;

typedef struct sl_route {
    const char *method;
    const char *pattern;     /* e.g. "/api/v1/adressen/{nummeraanduiding_id}" */
    sl_handler handler;
    sl_access access;
} sl_route;

/* Every route of the API (http/routes.c); terminated by a NULL method. */
extern const sl_route sl_routes[];

/* Whether r takes a delivery file: from a data steward, a body up to
 * max_upload_bytes streamed to a temporary file (sl_request.upload_path); from
 * anyone else, and on every other route, a small body in memory. */
bool sl_route_takes_file(const sl_route *r);

/* The media type r answers in besides JSON and problem+json (text/csv for a
 * delivery's rejects), or NULL: what an Accept header may ask for instead. */
const char *sl_route_also_answers(const sl_route *r);

#endif
