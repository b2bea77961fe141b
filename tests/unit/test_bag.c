/* test_bag.c - BAG ids: 16 digits, type digits, leading zeros, issuer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/bag.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void parses_valid_ids(void **state)
{
    (void)state;
    static const struct { const char *in; sl_bag_type t; int64_t v; const char *canon; int issuer; } ok[] = {
        {"0014200000123456", SL_BAG_NUMMERAANDUIDING, 14200000123456LL, "0014200000123456", 14},
        {"0014 2000 0012 3456", SL_BAG_NUMMERAANDUIDING, 14200000123456LL, "0014200000123456", 14},
        {"  0014200000123456\r", SL_BAG_NUMMERAANDUIDING, 14200000123456LL, "0014200000123456", 14},
        {"1979200000000001", SL_BAG_NUMMERAANDUIDING, 1979200000000001LL, "1979200000000001", 1979},
        {"0003010000000042", SL_BAG_VERBLIJFSOBJECT, 3010000000042LL, "0003010000000042", 3},
        {"1966100000654321", SL_BAG_PAND, 1966100000654321LL, "1966100000654321", 1966},
        {"9999209999999999", SL_BAG_NUMMERAANDUIDING, 9999209999999999LL, "9999209999999999", 9999},
    };
    for (size_t i = 0; i < N(ok); i++) {
        int64_t v = -1;
        const char *why = NULL;
        if (!sl_bag_parse(ok[i].in, strlen(ok[i].in), ok[i].t, &v, &why))
            fail_msg("'%s' refused: %s", ok[i].in, why);
        assert_true(v == ok[i].v);
        char buf[17];
        sl_bag_format(v, buf);
        assert_string_equal(buf, ok[i].canon);
        assert_int_equal(sl_bag_issuer(v), ok[i].issuer);
        /* The canonical form parses back to the same id. */
        int64_t again = 0;
        assert_true(sl_bag_parse(buf, 16, ok[i].t, &again, NULL));
        assert_true(again == v);
    }
}

static void refuses_with_reason(void **state)
{
    (void)state;
    static const struct { const char *in; sl_bag_type t; const char *frag; } bad[] = {
        {"", SL_BAG_NUMMERAANDUIDING, "leeg"},
        {"   ", SL_BAG_NUMMERAANDUIDING, "leeg"},
        {"14200000123456", SL_BAG_NUMMERAANDUIDING, "16 cijfers"},
        {"001420000012345", SL_BAG_NUMMERAANDUIDING, "16 cijfers"},
        {"00142000001234567", SL_BAG_NUMMERAANDUIDING, "16 cijfers"},
        {"0014-2000-0012-3456", SL_BAG_NUMMERAANDUIDING, "cijfers"},
        {"0014200000l23456", SL_BAG_NUMMERAANDUIDING, "cijfers"},
        {"1.4200000123456e13", SL_BAG_NUMMERAANDUIDING, "cijfers"},
        {"0014010000123456", SL_BAG_NUMMERAANDUIDING, "20"},
        {"0014100000123456", SL_BAG_NUMMERAANDUIDING, "20"},
        {"0014200000123456", SL_BAG_VERBLIJFSOBJECT, "01"},
        {"0014200000123456", SL_BAG_PAND, "10"},
        {"0014010000123456", SL_BAG_PAND, "10"},
        {"0000200000123456", SL_BAG_NUMMERAANDUIDING, "0000"},
        {"0014200000000000", SL_BAG_NUMMERAANDUIDING, "volgnummer"},
        {"-014200000123456", SL_BAG_NUMMERAANDUIDING, "cijfers"},
    };
    for (size_t i = 0; i < N(bad); i++) {
        int64_t v = 7;
        const char *why = NULL;
        if (sl_bag_parse(bad[i].in, strlen(bad[i].in), bad[i].t, &v, &why))
            fail_msg("'%s' accepted", bad[i].in);
        assert_non_null(why);
        if (!strstr(why, bad[i].frag))
            fail_msg("'%s': reason '%s' lacks '%s'", bad[i].in, why, bad[i].frag);
        assert_true(v == 7);
    }
}

static void reads_only_len_bytes(void **state)
{
    (void)state;
    const char buf[] = "00142000001234569999";
    int64_t v;
    assert_true(sl_bag_parse(buf, 16, SL_BAG_NUMMERAANDUIDING, &v, NULL));
    assert_true(v == 14200000123456LL);
    assert_false(sl_bag_parse(buf, 17, SL_BAG_NUMMERAANDUIDING, &v, NULL));
}

static void issuer_is_kept_after_merger(void **state)
{
    (void)state;
    /* Eemsdelta (1979) replaced Delfzijl (0010): an old id still says 0010. */
    int64_t v;
    assert_true(sl_bag_parse("0010200000000077", 16, SL_BAG_NUMMERAANDUIDING, &v, NULL));
    assert_int_equal(sl_bag_issuer(v), 10);
    char buf[17];
    sl_bag_format(v, buf);
    assert_string_equal(buf, "0010200000000077");
    sl_bag_format(-1, buf);
    assert_string_equal(buf, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_valid_ids),
        cmocka_unit_test(refuses_with_reason),
        cmocka_unit_test(reads_only_len_bytes),
        cmocka_unit_test(issuer_is_kept_after_merger),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
