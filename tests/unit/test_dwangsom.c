/*
 * test_dwangsom.c - the Awb 4:17 penalty at its day boundaries: nothing up to
 * two weeks after receipt, then 14 days at EUR 23, 14 at 35, 14 at 45, capped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/dwangsom.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static sl_date D(const char *iso)
{
    sl_date d = SL_DATE_NONE;
    assert_true(sl_date_parse_iso(iso, strlen(iso), &d, NULL));
    return d;
}

static void day_boundaries(void **state)
{
    (void)state;
    /* received Monday 3 March 2025; R+14 is Monday 17 March */
    static const struct { const char *decided; int32_t days; int64_t cents; } cases[] = {
        {"2025-03-03", 0, 0},       {"2025-03-17", 0, 0},       /* exactly two weeks: free */
        {"2025-03-18", 1, 2300},    {"2025-03-31", 14, 32200},  /* R+15, R+28 */
        {"2025-04-01", 15, 35700},  {"2025-04-14", 28, 81200},  /* R+29, R+42 */
        {"2025-04-15", 29, 85700},  {"2025-04-28", 42, 144200}, /* R+43, R+56 */
        {"2025-04-29", 42, 144200}, {"2026-03-03", 42, 144200}, /* capped */
    };
    sl_date r = D("2025-03-03");
    for (size_t i = 0; i < N(cases); i++) {
        sl_dwangsom p;
        assert_true(sl_dwangsom_bereken(r, D(cases[i].decided), SL_DATE_NONE, &p, NULL));
        if (p.dagen != cases[i].days || p.bedrag_centen != cases[i].cents)
            fail_msg("decided %s: %d days, %lld cents", cases[i].decided, p.dagen,
                     (long long)p.bedrag_centen);
        assert_int_equal(p.eerste_dag, D("2025-03-18"));
        assert_int_equal(p.maximum_op, D("2025-04-28"));
        assert_int_equal(p.maximum_bereikt, cases[i].days == 42);
        assert_false(p.loopt);
        if (p.dagen > 0)
            assert_int_equal(p.laatste_dag, p.eerste_dag + p.dagen - 1);
        else
            assert_int_equal(p.laatste_dag, SL_DATE_NONE);
    }
}

static void holidays_do_not_stretch(void **state)
{
    (void)state;
    /* received Friday 11 April 2025: Easter, King's Day and 5 May all count as days */
    sl_dwangsom p;
    assert_true(sl_dwangsom_bereken(D("2025-04-11"), D("2025-05-09"), SL_DATE_NONE, &p, NULL));
    assert_int_equal(p.eerste_dag, D("2025-04-26"));
    assert_int_equal(p.dagen, 14);
    assert_int_equal(p.bedrag_centen, 32200);
}

static void running_until_today(void **state)
{
    (void)state;
    sl_dwangsom p;
    sl_date r = D("2025-03-03");
    assert_true(sl_dwangsom_bereken(r, SL_DATE_NONE, D("2025-03-20"), &p, NULL));
    assert_int_equal(p.dagen, 3);
    assert_int_equal(p.bedrag_centen, 6900);
    assert_true(p.loopt);
    assert_true(sl_dwangsom_bereken(r, SL_DATE_NONE, D("2025-03-10"), &p, NULL));
    assert_int_equal(p.dagen, 0);
    assert_false(p.loopt); /* not yet */
    assert_true(sl_dwangsom_bereken(r, SL_DATE_NONE, D("2025-06-01"), &p, NULL));
    assert_int_equal(p.dagen, 42);
    assert_false(p.loopt); /* the maximum: nothing more grows */
}

static void bands(void **state)
{
    (void)state;
    assert_int_equal(sl_dwangsom_bedrag(-3), 0);
    assert_int_equal(sl_dwangsom_bedrag(0), 0);
    assert_int_equal(sl_dwangsom_bedrag(13), 13 * 2300);
    assert_int_equal(sl_dwangsom_bedrag(16), 14 * 2300 + 2 * 3500);
    assert_int_equal(sl_dwangsom_bedrag(30), 14 * 2300 + 14 * 3500 + 2 * 4500);
    assert_int_equal(sl_dwangsom_bedrag(42), SL_DWANGSOM_MAX_CENTEN);
    assert_int_equal(sl_dwangsom_bedrag(1000), SL_DWANGSOM_MAX_CENTEN);
}

static void bad_input(void **state)
{
    (void)state;
    sl_dwangsom p = {.dagen = 7};
    const char *why = NULL;
    assert_false(sl_dwangsom_bereken(D("2025-03-03"), D("2025-03-02"), SL_DATE_NONE, &p, &why));
    assert_non_null(strstr(why, "voor de ontvangst"));
    assert_false(sl_dwangsom_bereken(SL_DATE_NONE, D("2025-03-02"), SL_DATE_NONE, &p, &why));
    assert_false(sl_dwangsom_bereken(D("2025-03-03"), SL_DATE_NONE, SL_DATE_NONE, &p, &why));
    assert_int_equal(p.dagen, 7); /* untouched */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(day_boundaries), cmocka_unit_test(holidays_do_not_stretch),
        cmocka_unit_test(running_until_today), cmocka_unit_test(bands),
        cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
