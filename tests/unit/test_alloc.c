/* test_alloc.c - the allocation wrapper and its injectable failure point. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/alloc.h"

static void fails_exactly_from_nth(void **state)
{
    (void)state;
    sl_alloc_fail_at(3);
    void *a = sl_malloc(8);
    void *b = sl_calloc(2, 8);
    void *c = sl_malloc(8);
    char *d = sl_strdup("x");
    assert_non_null(a);
    assert_non_null(b);
    assert_null(c);
    assert_null(d);
    sl_alloc_fail_reset();
    void *e = sl_malloc(8);
    assert_non_null(e);
    sl_free(a);
    sl_free(b);
    sl_free(e);
}

static void realloc_failure_keeps_old_block(void **state)
{
    (void)state;
    char *p = sl_strdup("hallo");
    assert_non_null(p);
    sl_alloc_fail_at(1);
    char *q = sl_realloc(p, 1024);
    sl_alloc_fail_reset();
    assert_null(q);
    assert_string_equal(p, "hallo");
    sl_free(p);
}

static void strndup_stops_at_n(void **state)
{
    (void)state;
    char *p = sl_strndup("abcdef", 3);
    assert_string_equal(p, "abc");
    sl_free(p);
    long before = sl_alloc_count();
    sl_free(sl_malloc(1));
    assert_int_equal(sl_alloc_count(), before + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fails_exactly_from_nth),
        cmocka_unit_test(realloc_failure_keeps_old_block),
        cmocka_unit_test(strndup_stops_at_n),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
