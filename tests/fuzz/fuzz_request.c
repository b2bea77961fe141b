/*
 * fuzz_request.c - libFuzzer target for the request module (http/request.h)
 * and the header parsers it shares with the server (http/negotiate.h).
 *
 * The input is cut at '\n' into the values of one request: If-Match, Accept,
 * If-None-Match, Accept-Encoding, ?pagina, ?perPagina, ?gemeente, a path id,
 * Content-Type; the rest (newlines and all) is the JSON body, read against
 * the accepted keys of every route that takes one. Each answer is checked for
 * what a client relies on: a refusal is problem+json with a status, a title
 * and a detail, field errors name a field and a reason, and what parses
 * formats back to what was sent.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/http/fake_request.h"
#include "core/records.h"
#include "http/negotiate.h"
#include "http/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond))                                                                     \
            __builtin_trap();                                                            \
    } while (0)

enum { IF_MATCH, ACCEPT, IF_NONE_MATCH, ACCEPT_ENCODING, PAGINA, PER_PAGINA, GEMEENTE, PATH_ID,
       CONTENT_TYPE, BODY, NPARTS };

/* Accepted keys in the shapes the handlers give them: several (a login, a new
 * consent), one (a rejection's reason), none. */
static const char *const login_keys[] = {"gebruikersnaam", "wachtwoord", NULL};
static const char *const consent_keys[] = {"nummeraanduiding_id", "doel", "gegeven_op",
                                           "kanaal", "formulier_kenmerk", NULL};
static const char *const reden_keys[] = {"reden", NULL};
static const char *const none[] = {NULL};
static const char *const *const key_lists[] = {login_keys, consent_keys, reden_keys, none};

/* A refusal as the API promises it (RFC 9457 with a Dutch detail, decision 107). */
static void check_problem(const sl_response *resp)
{
    CHECK(resp->status >= 400 && resp->status <= 599);
    CHECK(resp->json && strcmp(resp->content_type, "application/problem+json") == 0);
    CHECK(json_integer_value(json_object_get(resp->json, "status")) == resp->status);
    CHECK(json_string_value(json_object_get(resp->json, "title")));
    const char *detail = json_string_value(json_object_get(resp->json, "detail"));
    CHECK(detail && *detail);
    json_t *errors = json_object_get(resp->json, "errors");
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) {
        CHECK(json_string_value(json_object_get(e, "veld")));
        CHECK(json_string_value(json_object_get(e, "reden")));
    }
    char *text = json_dumps(resp->json, JSON_COMPACT); /* what goes on the wire */
    CHECK(text);
    free(text);
}

static void check_id(const char *s)
{
    int64_t id = 0;
    if (!sl_parse_id(s, &id))
        return;
    char again[24];
    snprintf(again, sizeof again, "%" PRId64, id);
    CHECK(id > 0 && strcmp(again, s) == 0);
}

static void check_if_match(sl_request *req, const char *value)
{
    int64_t v = 0;
    sl_if_match_form form = sl_if_match_parse(value, &v);
    if (form == SL_IF_MATCH_VERSIE) {
        char again[26];
        snprintf(again, sizeof again, value[0] == '"' ? "\"%" PRId64 "\"" : "%" PRId64, v);
        CHECK(v > 0 && strcmp(again, value) == 0);
    }
    for (int required = 0; required < 2; required++) {
        sl_response resp = {0};
        int64_t versie = 0;
        if (sl_req_if_match(req, &resp, required, "het record", &versie)) {
            CHECK(!resp.json);
            CHECK(versie > 0 || versie == SL_VERSIE_ANY);
            CHECK((versie == SL_VERSIE_ANY) == (form != SL_IF_MATCH_VERSIE));
        } else {
            check_problem(&resp);
            CHECK(resp.status == (form == SL_IF_MATCH_INVALID ? 400 : 428));
        }
        sl_resp_free(&resp);
    }
}

static void check_query(sl_request *req)
{
    json_t *errors = json_array();
    long page = 0, per_page = 0;
    sl_req_page(req, errors, &page, &per_page);
    CHECK(page >= 1 && per_page >= 1 && per_page <= 500);
    const char *g = sl_req_gemeente(req, errors);
    CHECK(!g || (strlen(g) == 4 && strspn(g, "0123456789") == 4));
    CHECK(json_array_size(errors) <= 3);
    sl_response resp = {0};
    if (sl_resp_invalid(&resp, errors))
        check_problem(&resp);
    else
        CHECK(!resp.json);
    sl_resp_free(&resp);
}

static void check_negotiation(const char *accept, const char *inm, const char *ae)
{
    static const char *const json_types[] = {"application/json", "application/problem+json",
                                             NULL};
    static const char *const csv_types[] = {"application/json", "application/problem+json",
                                            "text/csv", NULL};
    bool json = sl_http_accepts(accept, json_types);
    /* a route that answers in one more type accepts whatever JSON alone is accepted for */
    CHECK(!json || sl_http_accepts(accept, csv_types));
    CHECK(sl_http_accepts(NULL, json_types));
    bool match = sl_http_none_match(inm, "\"3\"");
    CHECK(!inm || strcmp(inm, "*") != 0 || match);
    CHECK(!sl_http_none_match(NULL, "\"3\""));
    (void)sl_http_accepts_gzip(ae);
}

/* One key list per input (chosen by its length), so each input parses its body once. */
static void check_body(sl_request *req, size_t size)
{
    size_t k = size % (sizeof key_lists / sizeof key_lists[0]);
    sl_response resp = {0};
    json_t *errors = json_array();
    json_t *o = sl_req_json_object(req, &resp, key_lists[k], errors);
    if (!o) {
        CHECK(json_array_size(errors) == 0);
        json_decref(errors);
        check_problem(&resp);
        CHECK(resp.status == 400 || resp.status == 415);
    } else {
        CHECK(json_is_object(o) && !resp.json);
        /* exactly the unknown keys are field errors */
        size_t unknown = 0;
        const char *key;
        json_t *value;
        json_object_foreach(o, key, value) {
            bool known = false;
            for (const char *const *a = key_lists[k]; *a; a++)
                known = known || strcmp(*a, key) == 0;
            unknown += !known;
        }
        CHECK(json_array_size(errors) == unknown);
        json_decref(o);
        if (sl_resp_invalid(&resp, errors))
            check_problem(&resp);
    }
    sl_resp_free(&resp);
}

/* One outcome per input (chosen by its length); SL_ERROR is left out: it logs the
 * store's message, and there is no store here. */
static void check_outcome(const sl_request *req, const char *detail, size_t size)
{
    sl_outcome o = (sl_outcome)(size % SL_ERROR);
    sl_response resp = {0};
    sl_resp_outcome(&resp, req, o, o == SL_INVALID ? "veld" : NULL, detail);
    if (o == SL_OK) {
        CHECK(!resp.json);
    } else {
        check_problem(&resp);
        CHECK(resp.status == sl_outcome_status(o));
    }
    sl_resp_free(&resp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    const char *part[NPARTS] = {0};
    char *p = buf;
    for (int i = 0; i < NPARTS; i++) {
        part[i] = p;
        char *nl = i < BODY ? memchr(p, '\n', (size_t)(buf + size - p)) : NULL;
        if (!nl) {
            for (int j = i + 1; j < NPARTS; j++)
                part[j] = buf + size; /* the rest: empty */
            break;
        }
        *nl = '\0';
        p = nl + 1;
    }
    size_t body_len = (size_t)(buf + size - part[BODY]);

    fake_values f = {0};
    /* an empty line is an absent header or query key */
    static const struct {
        int part;
        sl_req_kind kind;
        const char *name;
    } map[] = {{IF_MATCH, SL_REQ_HEADER, "If-Match"},
               {ACCEPT, SL_REQ_HEADER, "Accept"},
               {IF_NONE_MATCH, SL_REQ_HEADER, "If-None-Match"},
               {ACCEPT_ENCODING, SL_REQ_HEADER, "Accept-Encoding"},
               {PAGINA, SL_REQ_QUERY, "pagina"},
               {PER_PAGINA, SL_REQ_QUERY, "per_pagina"},
               {GEMEENTE, SL_REQ_QUERY, "gemeente"},
               {CONTENT_TYPE, SL_REQ_HEADER, "Content-Type"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (*part[map[i].part])
            fake_set(&f, map[i].kind, map[i].name, part[map[i].part]);
    sl_request req = fake_request(&f, "PATCH", NULL);
    req.body = part[BODY];
    req.body_len = body_len;
    req.params[0] = part[PATH_ID];
    req.nparams = 1;

    check_id(part[PATH_ID]);
    check_if_match(&req, *part[IF_MATCH] ? part[IF_MATCH] : NULL);
    check_query(&req);
    check_negotiation(*part[ACCEPT] ? part[ACCEPT] : NULL,
                      *part[IF_NONE_MATCH] ? part[IF_NONE_MATCH] : NULL,
                      *part[ACCEPT_ENCODING] ? part[ACCEPT_ENCODING] : NULL);
    sl_response resp = {0};
    int64_t id;
    if (sl_req_path_id(&req, &resp, 0, "signaal", &id))
        CHECK(id > 0 && !resp.json);
    else
        check_problem(&resp);
    sl_resp_free(&resp);
    check_body(&req, size);
    check_outcome(&req, part[GEMEENTE], size);
    free(buf);
    return 0;
}
