/* test_hashmap.c - the import's hash maps: lookups, growth, and out-of-memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/hashmap.h"

static void intmap_finds_what_was_put_through_growth(void **state)
{
    (void)state;
    sl_intmap *m = sl_intmap_new(4);
    assert_non_null(m);
    /* BAG-like keys: same prefix, close serials, which a weak hash would cluster */
    for (int64_t i = 0; i < 50000; i++)
        assert_true(sl_intmap_put(m, INT64_C(14200000000000) + i * 7, i));
    assert_int_equal(sl_intmap_size(m), 50000);
    for (int64_t i = 0; i < 50000; i++) {
        int64_t v = -1;
        assert_true(sl_intmap_get(m, INT64_C(14200000000000) + i * 7, &v));
        assert_int_equal(v, i);
    }
    int64_t v;
    assert_false(sl_intmap_get(m, 1, &v));
    assert_true(sl_intmap_put(m, INT64_C(14200000000000), 99)); /* overwrite */
    assert_true(sl_intmap_get(m, INT64_C(14200000000000), &v));
    assert_int_equal(v, 99);
    assert_int_equal(sl_intmap_size(m), 50000);
    sl_intmap_free(m);
}

static void strmap_keys_are_copied_and_distinct(void **state)
{
    (void)state;
    sl_strmap *m = sl_strmap_new(2);
    assert_non_null(m);
    char key[32];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(key, sizeof key, "IMG-%07d", i);
        const char *stored = NULL;
        assert_true(sl_strmap_put_key(m, key, (size_t)n, i, &stored));
        assert_string_equal(stored, key);
        assert_ptr_not_equal(stored, key);
    }
    key[0] = 'X'; /* the map must not depend on the caller's buffer */
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(key, sizeof key, "IMG-%07d", i);
        int64_t v = -1;
        assert_true(sl_strmap_get(m, key, (size_t)n, &v));
        assert_int_equal(v, i);
    }
    int64_t v;
    assert_false(sl_strmap_get(m, "IMG-000000", 10, &v)); /* a prefix is another key */
    assert_false(sl_strmap_get(m, "", 0, &v));
    assert_true(sl_strmap_put(m, "", 0, 5));
    assert_true(sl_strmap_get(m, "", 0, &v));
    assert_int_equal(v, 5);
    sl_strmap_free(m);
}

static void allocation_failure_keeps_map_usable(void **state)
{
    (void)state;
    sl_strmap *m = sl_strmap_new(2);
    assert_non_null(m);
    bool failed = false;
    char key[16];
    int put = 0;
    for (int i = 0; i < 1000 && !failed; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        if (i == 100)
            sl_alloc_fail_at(1);
        if (sl_strmap_put(m, key, (size_t)n, i))
            put++;
        else
            failed = true;
    }
    sl_alloc_fail_reset();
    assert_true(failed);
    for (int i = 0; i < put; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        int64_t v;
        assert_true(sl_strmap_get(m, key, (size_t)n, &v));
        assert_int_equal(v, i);
    }
    sl_strmap_free(m);
    sl_alloc_fail_at(1);
    assert_null(sl_intmap_new(10));
    assert_null(sl_strmap_new(10));
    sl_alloc_fail_reset();
}

static void fnv_hash_is_stable(void **state)
{
    (void)state;
    /* FNV-1a 64 of "a": a published test vector */
    assert_int_equal(sl_hash_bytes(SL_HASH_INIT, "a", 1), UINT64_C(0xaf63dc4c8601ec8c));
    assert_int_equal(sl_hash_bytes(SL_HASH_INIT, "", 0), SL_HASH_INIT);
}

/* A prefetch is a hint: any key, in any map or none, and the maps are as before. */
static void prefetch_changes_nothing(void **state)
{
    (void)state;
    sl_intmap_prefetch(NULL, 1);
    sl_strmap_prefetch(NULL, "x", 1);
    sl_intmap *im = sl_intmap_new(4);
    sl_strmap *sm = sl_strmap_new(4);
    assert_non_null(im);
    assert_non_null(sm);
    assert_true(sl_intmap_put(im, 7, 70));
    assert_true(sl_strmap_put(sm, "IMG-1", 5, 10));
    for (int64_t k = -3; k < 100; k++) {
        sl_intmap_prefetch(im, k);
        sl_strmap_prefetch(sm, "IMG-2", 5);
    }
    int64_t v = 0;
    assert_true(sl_intmap_get(im, 7, &v));
    assert_int_equal(v, 70);
    assert_false(sl_intmap_get(im, 8, &v));
    assert_true(sl_strmap_get(sm, "IMG-1", 5, &v));
    assert_int_equal(v, 10);
    assert_false(sl_strmap_get(sm, "IMG-2", 5, &v));
    assert_int_equal(sl_intmap_size(im), 1);
    assert_int_equal(sl_strmap_size(sm), 1);
    sl_intmap_free(im);
    sl_strmap_free(sm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(intmap_finds_what_was_put_through_growth),
        cmocka_unit_test(strmap_keys_are_copied_and_distinct),
        cmocka_unit_test(allocation_failure_keeps_map_usable),
        cmocka_unit_test(fnv_hash_is_stable),
        cmocka_unit_test(prefetch_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
