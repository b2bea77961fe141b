/*
 * api.h - the routes: a handler's signature, the access a route demands, and
 * the route table's shape. What a handler reads and writes is http/request.h.
 * The table itself (http/routes.c, with every handler) is handed to the
 * server by its caller, so that the server core builds without any handler.
 */
#ifndef SL_HTTP_API_H
#define SL_HTTP_API_H

#include <stdbool.h>

#include "http/request.h"

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
    /* The media type the route answers in besides JSON and problem+json (text/csv
     * for a delivery's rejects), or NULL: what an Accept header may ask for instead. */
    const char *also_answers;
    /* Whether the route takes a delivery file: from a data steward, a body up to
     * max_upload_bytes streamed to a temporary file (sl_request.upload_path); from
     * anyone else, and on every other route, a small body in memory. */
    bool takes_file;
    /* Whether every read of the route's handler is one statement of the store, a
     * consistent state by itself (GET /api/v1/adressen/{id}: the address view):
     * the server opens no read snapshot around it; the account's read stands on
     * its own (decision 251). A handler that reads more takes its own snapshot. */
    bool one_read;
} sl_route;

/* Every route of the API (http/routes.c, with the handlers); terminated by a NULL
 * method. The server core does not name it: its caller hands it in. */
extern const sl_route sl_routes[];

#endif
