/*
 * test_negotiate.c - content negotiation and conditional requests (http/negotiate.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "http/negotiate.h"

static const char *const json_only[] = {"application/json", "application/problem+json", NULL};
static const char *const json_or_csv[] = {"application/json", "text/csv", NULL};

static void known_methods_and_others(void **state)
{
    (void)state;
    assert_true(sl_http_known_method("GET"));
    assert_true(sl_http_known_method("PATCH"));
    assert_true(sl_http_known_method("OPTIONS"));
    assert_false(sl_http_known_method("BREW"));
    assert_false(sl_http_known_method("PROPFIND"));
    assert_false(sl_http_known_method("get")); /* methods are case-sensitive (RFC 9110 §9.1) */
}

static void accept_ranges_and_q(void **state)
{
    (void)state;
    assert_true(sl_http_accepts(NULL, json_only));
    assert_true(sl_http_accepts("", json_only));
    assert_true(sl_http_accepts("*/*", json_only));
    assert_true(sl_http_accepts("application/*", json_only));
    assert_true(sl_http_accepts("APPLICATION/JSON; charset=utf-8", json_only));
    assert_true(sl_http_accepts("text/html, application/problem+json;q=0.1", json_only));
    assert_false(sl_http_accepts("text/html", json_only));
    assert_false(sl_http_accepts("text/*", json_only));
    assert_false(sl_http_accepts("application/json;q=0", json_only));
    assert_false(sl_http_accepts("application/json; q=0.0, text/plain", json_only));
    assert_false(sl_http_accepts("application/jsonx", json_only));
    assert_true(sl_http_accepts("text/csv", json_or_csv));
    assert_true(sl_http_accepts("text/*", json_or_csv));
}

static void gzip_in_accept_encoding(void **state)
{
    (void)state;
    assert_false(sl_http_accepts_gzip(NULL));
    assert_false(sl_http_accepts_gzip("identity"));
    assert_false(sl_http_accepts_gzip("br"));
    assert_false(sl_http_accepts_gzip("gzip;q=0"));
    assert_true(sl_http_accepts_gzip("gzip"));
    assert_true(sl_http_accepts_gzip("br, GZIP;q=0.5, deflate"));
    assert_true(sl_http_accepts_gzip("*"));
    assert_false(sl_http_accepts_gzip("gzipx"));
}

static void compressible_types(void **state)
{
    (void)state;
    assert_true(sl_http_compressible("application/json"));
    assert_true(sl_http_compressible("text/csv; charset=utf-8"));
    assert_true(sl_http_compressible("image/svg+xml"));
    assert_false(sl_http_compressible("image/png"));
    assert_false(sl_http_compressible("font/woff2"));
    assert_false(sl_http_compressible(NULL));
}

static void gzip_round_trip(void **state)
{
    (void)state;
    char in[4096];
    for (size_t i = 0; i < sizeof in; i++)
        in[i] = (char)('a' + i % 7);
    char *z;
    size_t zlen;
    assert_true(sl_http_gzip(in, sizeof in, &z, &zlen));
    assert_true(zlen < sizeof in / 4);
    assert_int_equal((unsigned char)z[0], 0x1f); /* the gzip magic */
    assert_int_equal((unsigned char)z[1], 0x8b);
    char out[sizeof in];
    z_stream s = {0};
    assert_int_equal(inflateInit2(&s, 15 + 16), Z_OK);
    s.next_in = (Bytef *)z;
    s.avail_in = (uInt)zlen;
    s.next_out = (Bytef *)out;
    s.avail_out = sizeof out;
    assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
    assert_int_equal(s.total_out, sizeof in);
    inflateEnd(&s);
    assert_memory_equal(in, out, sizeof in);
    sl_free(z);
}

static void if_none_match_lists(void **state)
{
    (void)state;
    assert_false(sl_http_none_match(NULL, "\"3\""));
    assert_true(sl_http_none_match("\"3\"", "\"3\""));
    assert_true(sl_http_none_match("*", "\"3\""));
    assert_true(sl_http_none_match("\"1\", W/\"3\"", "\"3\""));
    assert_false(sl_http_none_match("\"33\"", "\"3\""));
    assert_false(sl_http_none_match("\"1\", \"2\"", "\"3\""));
    assert_false(sl_http_none_match("3", "\"3\""));
    /* a gzip client holds the coded tag of the same version */
    assert_true(sl_http_none_match("\"3-gzip\"", "\"3\""));
    assert_true(sl_http_none_match("W/\"3-gzip\"", "\"3\""));
    assert_false(sl_http_none_match("\"3-gzi\"", "\"3\""));
    assert_false(sl_http_none_match("\"33-gzip\"", "\"3\""));
}

static void etag_of_a_gzip_coded_answer(void **state)
{
    (void)state;
    char out[16];
    assert_true(sl_http_etag_gzip("\"3\"", out, sizeof out));
    assert_string_equal(out, "\"3-gzip\"");
    assert_true(sl_http_etag_gzip("W/\"3\"", out, sizeof out));
    assert_string_equal(out, "W/\"3\"");
    assert_false(sl_http_etag_gzip("\"0123456789\"", out, sizeof out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_methods_and_others),
        cmocka_unit_test(accept_ranges_and_q),
        cmocka_unit_test(gzip_in_accept_encoding),
        cmocka_unit_test(compressible_types),
        cmocka_unit_test(gzip_round_trip),
        cmocka_unit_test(if_none_match_lists),
        cmocka_unit_test(etag_of_a_gzip_coded_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
