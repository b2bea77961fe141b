/*
 * h_begrippen.c - GET /api/v1/begrippen: the register's vocabulary
 * (core/begrippen.h), every list of codes with its names and explanations, for
 * the web UI's labels and any other client. Public (decision 237): the words
 * are no personal data, and the login page needs them before anyone logs in.
 *
 * The answer changes only with a new release, so it carries a strong ETag
 * (a hash of its bytes) and may be cached briefly; a browser that holds it
 * gets 304 without a body (decision 238).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/begrippen.h"
#include "http/handlers.h"
#include "http/negotiate.h"

/* Long enough for a new release's words to reach every browser within minutes. */
#define BEGRIPPEN_MAX_AGE "public, max-age=300"

static json_t *begrip_json(const sl_begrip *b)
{
    json_t *o = json_pack("{s:s, s:s}", "code", b->code, "naam", b->naam);
    if (o && b->uitleg)
        json_object_set_new(o, "uitleg", json_string(b->uitleg));
    return o;
}

/* Every list as {"<lijst>": [{code, naam, uitleg?}, …], …} in the core's order. */
static json_t *begrippen_json(void)
{
    size_t n;
    const sl_begrippenlijst *l = sl_begrippen(&n);
    json_t *o = json_object();
    for (size_t i = 0; o && i < n; i++) {
        json_t *arr = json_array();
        for (size_t j = 0; arr && j < l[i].n; j++)
            json_array_append_new(arr, begrip_json(&l[i].begrippen[j]));
        if (!arr || json_object_set_new(o, l[i].lijst, arr) != 0) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

/* FNV-1a: the tag only has to change when the bytes do. */
static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void h_begrippen(sl_request *req, sl_response *resp)
{
    json_t *o = begrippen_json();
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (!text) {
        sl_resp_problem(resp, 503, "Onvoldoende geheugen", NULL, NULL);
        return;
    }
    size_t len = strlen(text);
    /* the server codes the tag of a gzip-coded answer ("…-gzip") */
    char tag[48];
    snprintf(tag, sizeof tag, "\"%016" PRIx64 "\"", fnv1a(text, len));
    resp->status = 200;
    resp->raw = text; /* allocated as every JSON answer's text; the response frees it */
    resp->raw_len = len;
    resp->content_type = "application/json";
    sl_resp_header(resp, "ETag", tag);
    sl_resp_header(resp, "Cache-Control", BEGRIPPEN_MAX_AGE);
}
