/*
 * test_jsonw.c - the JSON text writer (service/jsonw.h) writes what
 * json_dumps(JSON_COMPACT) writes for the same values, byte for byte: the
 * dossier endpoint switched from jansson to the writer, and clients must not
 * see the difference.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "service/jsonw.h"

/* Writes v with the writer and compares with jansson's compact dump. */
static void same_as_jansson(json_t *v)
{
    sl_jw w;
    sl_jw_init(&w);
    sl_jw_json(&w, v);
    size_t len = 0;
    char *mine = sl_jw_finish(&w, &len);
    char *theirs = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    assert_non_null(mine);
    assert_non_null(theirs);
    assert_string_equal(mine, theirs);
    assert_int_equal(len, strlen(theirs));
    sl_free(mine);
    free(theirs);
    json_decref(v);
}

static void test_scalars(void **state)
{
    (void)state;
    same_as_jansson(json_pack("[i, I, I, b, b, n]", 0, (json_int_t)-42,
                              (json_int_t)9007199254740993LL, 1, 0));
    /* reals: whole numbers keep ".0", the rest 17 significant digits */
    same_as_jansson(json_pack("[f, f, f, f, f, f]", 254252.0, 1234.56, -0.5, 1e22, 1e-7,
                              0.1));
}

static void test_strings(void **state)
{
    (void)state;
    same_as_jansson(json_pack("[s, s, s, s, s]", "", "gewoon", "quote \" and \\ slash /",
                              "tab\t nl\n cr\r bs\b ff\f", "\x01\x1f\x7f"));
    /* UTF-8 passes through as it is (no \u escapes for non-ASCII) */
    same_as_jansson(json_pack("[s, s]", "co\xc3\xb6rdinator", "\xe2\x82\xac \xf0\x9f\x8f\xa0"));
}

static void test_containers(void **state)
{
    (void)state;
    same_as_jansson(json_pack("{s:{}, s:[], s:[{}, []], s:{s:{s:[i, {s:n}]}}}", "a", "b", "c",
                              "d", "e", "f", 1, "g"));
    /* insertion order, as jansson keeps it */
    json_t *o = json_object();
    json_object_set_new(o, "z", json_integer(1));
    json_object_set_new(o, "a", json_integer(2));
    json_object_set_new(o, "m", json_string("x"));
    same_as_jansson(o);
}

/* The direct calls give the same text as building the value first. */
static void test_direct_calls(void **state)
{
    (void)state;
    sl_jw w;
    sl_jw_init(&w);
    sl_jw_object(&w);
    sl_jw_key(&w, "adres");
    sl_jw_string(&w, "0003200211054668");
    sl_jw_key(&w, "leeg");
    sl_jw_string_or_null(&w, "");
    sl_jw_key(&w, "lijst");
    sl_jw_array(&w);
    sl_jw_int(&w, 1);
    sl_jw_real(&w, 2.0);
    sl_jw_bool(&w, true);
    sl_jw_null(&w);
    sl_jw_array_end(&w);
    sl_jw_object_end(&w);
    size_t len;
    char *text = sl_jw_finish(&w, &len);
    assert_non_null(text);
    assert_string_equal(text, "{\"adres\":\"0003200211054668\",\"leeg\":null,"
                              "\"lijst\":[1,2.0,true,null]}");
    sl_free(text);
}

/* Amounts: the writer and the jansson value carry the same exact text. */
static void test_amounts(void **state)
{
    (void)state;
    static const int64_t cents[] = {605160, 10, 0, -1250, 100000000000000LL};
    json_t *arr = json_array();
    sl_jw w;
    sl_jw_init(&w);
    sl_jw_array(&w);
    for (size_t i = 0; i < sizeof cents / sizeof cents[0]; i++) {
        sl_jw_amount(&w, cents[i]);
        json_array_append_new(arr, sl_amount_json(cents[i]));
    }
    sl_jw_array_end(&w);
    size_t len;
    char *mine = sl_jw_finish(&w, &len);
    char *theirs = json_dumps(arr, JSON_COMPACT);
    assert_non_null(mine);
    assert_string_equal(mine, "[\"6051.60\",\"0.10\",\"0.00\",\"-12.50\","
                              "\"1000000000000.00\"]");
    assert_string_equal(mine, theirs);
    /* and it survives being read and written again, as stored JSON is */
    json_t *again = json_loads(theirs, 0, NULL);
    char *twice = json_dumps(again, JSON_COMPACT);
    assert_string_equal(twice, mine);
    sl_free(mine);
    free(theirs);
    free(twice);
    json_decref(again);
    json_decref(arr);
}

/* Bytes that are not UTF-8 become U+FFFD instead of breaking the document. */
static void test_invalid_utf8(void **state)
{
    (void)state;
    sl_jw w;
    sl_jw_init(&w);
    sl_jw_string(&w, "a\xff" "b\xc3");
    size_t len;
    char *text = sl_jw_finish(&w, &len);
    assert_non_null(text);
    assert_string_equal(text, "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\"");
    sl_free(text);
}

/* An unbalanced document is no document. */
static void test_unbalanced(void **state)
{
    (void)state;
    sl_jw w;
    sl_jw_init(&w);
    sl_jw_object(&w);
    size_t len;
    assert_null(sl_jw_finish(&w, &len));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalars),       cmocka_unit_test(test_strings),
        cmocka_unit_test(test_containers),    cmocka_unit_test(test_direct_calls),
        cmocka_unit_test(test_invalid_utf8),  cmocka_unit_test(test_unbalanced),
        cmocka_unit_test(test_amounts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
