/*
 * fake_request.h - a request without a server, for the request module's unit
 * tests and fuzzers: headers, query and cookies from a small table, looked up
 * as the server does (header names without regard to case).
 */
#ifndef SL_TEST_FAKE_REQUEST_H
#define SL_TEST_FAKE_REQUEST_H

#include <string.h>
#include <strings.h>

#include "http/request.h"

#define FAKE_VALUES 16

typedef struct fake_values {
    size_t n;
    sl_req_kind kind[FAKE_VALUES];
    const char *name[FAKE_VALUES];
    const char *value[FAKE_VALUES];
} fake_values;

static inline const char *fake_lookup(void *impl, sl_req_kind kind, const char *name)
{
    const fake_values *f = impl;
    for (size_t i = 0; i < f->n; i++)
        if (f->kind[i] == kind && (kind == SL_REQ_HEADER ? strcasecmp(f->name[i], name) == 0
                                                         : strcmp(f->name[i], name) == 0))
            return f->value[i];
    return NULL;
}

static inline void fake_set(fake_values *f, sl_req_kind kind, const char *name,
                            const char *value)
{
    if (f->n < FAKE_VALUES) {
        f->kind[f->n] = kind;
        f->name[f->n] = name;
        f->value[f->n++] = value;
    }
}

/* A request reading from f; body as given (NUL-terminated). */
static inline sl_request fake_request(fake_values *f, const char *method, const char *body)
{
    return (sl_request){.method = method, .path = "/", .body = body ? body : "",
                        .body_len = body ? strlen(body) : 0, .lookup = fake_lookup,
                        .impl = f, .now = 1796601600};
}

#endif
