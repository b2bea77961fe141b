/*
 * test_request.c - the request module (http/request.h): one id rule, one
 * If-Match rule ("*" matches), field errors collected and answered together,
 * the municipality query, pagination, JSON bodies, and a service's outcome
 * mapped to HTTP once. Built against the server core alone (meson.build).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/records.h"
#include "fake_request.h"

static const char *errors_field(const sl_response *resp, size_t i)
{
    json_t *e = json_array_get(json_object_get(resp->json, "errors"), i);
    return json_string_value(json_object_get(e, "veld"));
}

static void ids_one_rule(void **state)
{
    (void)state;
    int64_t id = -7;
    assert_true(sl_parse_id("1", &id));
    assert_int_equal(id, 1);
    assert_true(sl_parse_id("123456789012345678", &id));
    assert_int_equal(id, 123456789012345678LL);
    /* what strtoll let through in the five parsers this replaces */
    const char *bad[] = {"", "0", "00", "007", "-1", "+1", " 1", "1 ", "1a", "0x10",
                         "1234567890123456789", "99999999999999999999", NULL};
    for (const char **b = bad; *b; b++) {
        id = -7;
        assert_false(sl_parse_id(*b, &id));
        assert_int_equal(id, -7);
    }
    assert_false(sl_parse_id(NULL, &id));
}

static void path_id_answers_404(void **state)
{
    (void)state;
    fake_values f = {0};
    sl_request req = fake_request(&f, "GET", NULL);
    req.params[0] = "12x";
    req.nparams = 1;
    sl_response resp = {0};
    int64_t id;
    assert_false(sl_req_path_id(&req, &resp, 0, "signaal", &id));
    assert_int_equal(resp.status, 404);
    assert_string_equal(json_string_value(json_object_get(resp.json, "detail")),
                        "Er is geen signaal met dit nummer.");
    sl_resp_free(&resp);
    memset(&resp, 0, sizeof resp);
    req.params[0] = "42";
    assert_true(sl_req_path_id(&req, &resp, 0, "signaal", &id));
    assert_int_equal(id, 42);
    assert_null(resp.json);
    /* a parameter the route does not have is no id either */
    assert_false(sl_req_path_id(&req, &resp, 1, "signaal", &id));
    sl_resp_free(&resp);
}

static void if_match_forms(void **state)
{
    (void)state;
    int64_t v = 0;
    assert_int_equal(sl_if_match_parse(NULL, &v), SL_IF_MATCH_ABSENT);
    assert_int_equal(sl_if_match_parse("*", &v), SL_IF_MATCH_ANY);
    assert_int_equal(sl_if_match_parse("3", &v), SL_IF_MATCH_VERSIE);
    assert_int_equal(v, 3);
    assert_int_equal(sl_if_match_parse("\"12\"", &v), SL_IF_MATCH_VERSIE);
    assert_int_equal(v, 12);
    /* the tag a gzip client got names the same version */
    assert_int_equal(sl_if_match_parse("\"12-gzip\"", &v), SL_IF_MATCH_VERSIE);
    assert_int_equal(v, 12);
    const char *bad[] = {"", "\"\"", "\"", "0", "\"0\"", "W/\"3\"", "3abc", "\"3", "3\"",
                         "-3", " 3", "\"3\", \"4\"", "**", "\"-gzip\"", "3-gzip", NULL};
    for (const char **b = bad; *b; b++)
        assert_int_equal(sl_if_match_parse(*b, &v), SL_IF_MATCH_INVALID);
}

/* One rule for every change: "*" matches any versie, required or not. */
static void if_match_required_and_optional(void **state)
{
    (void)state;
    int64_t v = 0;
    sl_response resp = {0};
    fake_values none = {0};
    sl_request req = fake_request(&none, "PATCH", NULL);
    assert_true(sl_req_if_match(&req, &resp, false, "het verzoek", &v));
    assert_int_equal(v, SL_VERSIE_ANY);
    assert_false(sl_req_if_match(&req, &resp, true, "het record", &v));
    assert_int_equal(resp.status, 428);
    assert_non_null(strstr(json_string_value(json_object_get(resp.json, "detail")), "het record"));
    sl_resp_free(&resp);

    fake_values star = {0};
    fake_set(&star, SL_REQ_HEADER, "If-Match", "*");
    req = fake_request(&star, "PATCH", NULL);
    memset(&resp, 0, sizeof resp);
    assert_true(sl_req_if_match(&req, &resp, true, "het record", &v));
    assert_int_equal(v, SL_VERSIE_ANY);

    fake_values weak = {0};
    fake_set(&weak, SL_REQ_HEADER, "if-match", "W/\"3\"");
    req = fake_request(&weak, "PATCH", NULL);
    /* the strictness of the optional form is that of the required one */
    assert_false(sl_req_if_match(&req, &resp, false, "het verzoek", &v));
    assert_int_equal(resp.status, 400);
    sl_resp_free(&resp);

    fake_values quoted = {0};
    fake_set(&quoted, SL_REQ_HEADER, "If-Match", "\"7\"");
    req = fake_request(&quoted, "PATCH", NULL);
    memset(&resp, 0, sizeof resp);
    assert_true(sl_req_if_match(&req, &resp, true, "het record", &v));
    assert_int_equal(v, 7);
}

/* A bad pagina, a bad perPagina and a bad gemeente come back in one answer. */
static void field_errors_together(void **state)
{
    (void)state;
    fake_values f = {0};
    fake_set(&f, SL_REQ_QUERY, "pagina", "0");
    fake_set(&f, SL_REQ_QUERY, "per_pagina", "501"); /* the deprecated name still counts */
    fake_set(&f, SL_REQ_QUERY, "gemeente", "12a4");
    sl_request req = fake_request(&f, "GET", NULL);
    json_t *errors = json_array();
    long page, per_page;
    sl_req_page(&req, errors, &page, &per_page);
    assert_null(sl_req_gemeente(&req, errors));
    sl_response resp = {0};
    assert_true(sl_resp_invalid(&resp, errors));
    assert_int_equal(resp.status, 400);
    assert_string_equal(resp.content_type, "application/problem+json");
    assert_int_equal(json_array_size(json_object_get(resp.json, "errors")), 3);
    assert_string_equal(errors_field(&resp, 0), "pagina");
    assert_string_equal(errors_field(&resp, 1), "perPagina");
    assert_string_equal(errors_field(&resp, 2), "gemeente");
    assert_non_null(json_string_value(json_object_get(resp.json, "detail")));
    sl_resp_free(&resp);

    /* no errors: no answer, and the defaults */
    fake_values ok = {0};
    fake_set(&ok, SL_REQ_QUERY, "gemeente", "0363");
    req = fake_request(&ok, "GET", NULL);
    memset(&resp, 0, sizeof resp);
    assert_true(sl_req_page_only(&req, &resp, &page, &per_page));
    assert_int_equal(page, 1);
    assert_int_equal(per_page, 100);
    errors = json_array();
    assert_string_equal(sl_req_gemeente(&req, errors), "0363");
    assert_false(sl_resp_invalid(&resp, errors));
    assert_null(resp.json);
}

/* An unknown field and the handler's own errors (a missing field) in one answer. */
static void json_body_unknown_fields_collected(void **state)
{
    (void)state;
    static const char *const allowed[] = {"reden", NULL};
    fake_values f = {0};
    fake_set(&f, SL_REQ_HEADER, "Content-Type", "application/json; charset=utf-8");
    sl_request req = fake_request(&f, "POST", "{\"raden\": \"x\", \"extra\": 1}");
    sl_response resp = {0};
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(&req, &resp, allowed, errors);
    assert_non_null(body);
    if (!json_object_get(body, "reden"))
        sl_field_error(errors, "reden", "verplicht");
    json_decref(body);
    assert_true(sl_resp_invalid(&resp, errors));
    assert_int_equal(json_array_size(json_object_get(resp.json, "errors")), 3);
    sl_resp_free(&resp);

    /* not JSON, not an object, not declared as JSON */
    const char *bodies[] = {"{", "[1]", "{\"a\":1,\"a\":2}"};
    for (size_t i = 0; i < 3; i++) {
        req = fake_request(&f, "POST", bodies[i]);
        memset(&resp, 0, sizeof resp);
        errors = json_array();
        assert_null(sl_req_json_object(&req, &resp, allowed, errors));
        json_decref(errors);
        assert_int_equal(resp.status, 400);
        sl_resp_free(&resp);
    }
    fake_values text = {0};
    fake_set(&text, SL_REQ_HEADER, "Content-Type", "text/plain");
    req = fake_request(&text, "POST", "{}");
    memset(&resp, 0, sizeof resp);
    errors = json_array();
    assert_null(sl_req_json_object(&req, &resp, allowed, errors));
    json_decref(errors);
    assert_int_equal(resp.status, 415);
    sl_resp_free(&resp);
}

static void outcome_to_http(void **state)
{
    (void)state;
    static const struct {
        sl_outcome o;
        int status;
    } want[] = {{SL_OK, 200},        {SL_INVALID, 400}, {SL_FORBIDDEN, 403},
                {SL_NOT_FOUND, 404}, {SL_CONFLICT, 409}, {SL_STALE, 412},
                {SL_ERROR, 500},     {(sl_outcome)99, 500}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_int_equal(sl_outcome_status(want[i].o), want[i].status);
        if (want[i].o != SL_OK)
            assert_non_null(sl_outcome_title(want[i].o));
    }
    fake_values f = {0};
    sl_request req = fake_request(&f, "PATCH", NULL);
    sl_response resp = {0};
    sl_resp_outcome(&resp, &req, SL_OK, NULL, NULL);
    assert_null(resp.json);
    sl_resp_outcome(&resp, &req, SL_STALE, NULL, NULL);
    assert_int_equal(resp.status, 412);
    assert_string_equal(resp.content_type, "application/problem+json");
    assert_non_null(json_string_value(json_object_get(resp.json, "detail")));
    sl_resp_free(&resp);
    memset(&resp, 0, sizeof resp);
    /* the service's own Dutch sentence is kept, at the field it names */
    sl_resp_outcome(&resp, &req, SL_INVALID, "antwoord", "verplicht, tekst");
    assert_int_equal(resp.status, 400);
    assert_string_equal(errors_field(&resp, 0), "antwoord");
    assert_string_equal(json_string_value(json_object_get(resp.json, "detail")),
                        "verplicht, tekst");
    sl_resp_free(&resp);
    memset(&resp, 0, sizeof resp);
    sl_resp_outcome(&resp, &req, SL_FORBIDDEN, NULL, "Alleen de SVIP.");
    assert_int_equal(resp.status, 403);
    assert_string_equal(json_string_value(json_object_get(resp.json, "detail")),
                        "Alleen de SVIP.");
    sl_resp_free(&resp);
}

/* What a client sent may come back in a detail or a reason: bytes that are not UTF-8
 * must not cost the answer its text (found by fuzz_request). */
static void problem_text_not_utf8(void **state)
{
    (void)state;
    sl_response resp = {0};
    json_t *errors = json_array();
    sl_field_error(errors, "naam\xff", "onbekend veld \xe9");
    sl_resp_problem(&resp, 400, "Ongeldig verzoek", "Geen gemeente: 12\xe9", errors);
    assert_string_equal(json_string_value(json_object_get(resp.json, "detail")),
                        "Geen gemeente: 12?");
    assert_string_equal(errors_field(&resp, 0), "naam?");
    sl_resp_free(&resp);
}

/* A service's "veld: reden" is named at that field, only for fields the handler names. */
static void invalid_reason_at_its_field(void **state)
{
    (void)state;
    static const char *const fields[] = {"coordinator", NULL};
    sl_response resp = {0};
    sl_resp_invalid_reason(&resp, "coordinator: er is geen actief account", fields);
    assert_int_equal(resp.status, 400);
    assert_string_equal(errors_field(&resp, 0), "coordinator");
    sl_resp_free(&resp);
    memset(&resp, 0, sizeof resp);
    sl_resp_invalid_reason(&resp, "let op: geen veld", fields);
    assert_null(json_object_get(resp.json, "errors"));
    assert_string_equal(json_string_value(json_object_get(resp.json, "detail")),
                        "let op: geen veld");
    sl_resp_free(&resp);
}

static void actor_from_principal(void **state)
{
    (void)state;
    fake_values f = {0};
    sl_request req = fake_request(&f, "GET", NULL);
    req.who.authenticated = true;
    req.who.rol = SL_ROLE_GEMEENTE;
    memcpy(req.who.gemeentecode, "0363", 5);
    memcpy(req.who.naam, "gem.test", 9);
    memcpy(req.trace_id, "abc", 4);
    sl_actor a = sl_req_actor(&req);
    assert_string_equal(a.gebruiker, "gem.test");
    assert_string_equal(a.trace_id, "abc");
    assert_int_equal(a.viewer.role, SL_ROLE_GEMEENTE);
    assert_string_equal(a.viewer.gemeentecode, "0363");
    assert_int_equal(sl_req_today(&req), 1796601600 / 86400);
    /* a request without a server has no headers */
    sl_request bare = {.method = "GET"};
    assert_null(sl_req_header(&bare, "Accept"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ids_one_rule),
        cmocka_unit_test(path_id_answers_404),
        cmocka_unit_test(if_match_forms),
        cmocka_unit_test(if_match_required_and_optional),
        cmocka_unit_test(field_errors_together),
        cmocka_unit_test(json_body_unknown_fields_collected),
        cmocka_unit_test(outcome_to_http),
        cmocka_unit_test(problem_text_not_utf8),
        cmocka_unit_test(invalid_reason_at_its_field),
        cmocka_unit_test(actor_from_principal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
