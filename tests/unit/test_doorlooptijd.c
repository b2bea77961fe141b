/* test_doorlooptijd.c - lead times: exact percentiles against hand-computed
 * values, and the stays a status history gives (completed apart from running,
 * the baseline and unknown days left out, the period's bounds). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/doorlooptijd.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static sl_date d(int y, int m, int dd)
{
    sl_date out;
    assert_true(sl_date_from_ymd(y, m, dd, &out));
    return out;
}

static void quantiles_interpolate_between_ranks(void **state)
{
    (void)state;
    int32_t one[] = {7};
    assert_true(sl_quantile_sorted(one, 1, 0.5) == 7.0);
    assert_true(sl_quantile_sorted(one, 1, 0.8) == 7.0);
    int32_t two[] = {2, 4};
    assert_true(sl_quantile_sorted(two, 2, 0.5) == 3.0);
    /* (n-1)*0.8 = 0.8: 2 + 0.8 * 2 */
    assert_float_equal(sl_quantile_sorted(two, 2, 0.8), 3.6, 1e-9);
    int32_t five[] = {10, 20, 30, 40, 50};
    assert_true(sl_quantile_sorted(five, 5, 0.5) == 30.0);
    /* position 3.2: 40 + 0.2 * 10 */
    assert_float_equal(sl_quantile_sorted(five, 5, 0.8), 42.0, 1e-9);
    assert_true(sl_quantile_sorted(five, 5, 0.0) == 10.0);
    assert_true(sl_quantile_sorted(five, 5, 1.0) == 50.0);
}

static void summary_sorts_and_counts(void **state)
{
    (void)state;
    int32_t v[] = {30, 3, 12, 1, 100, 7};
    sl_doorlooptijd dt;
    sl_doorlooptijd_of(v, N(v), &dt);
    assert_int_equal(dt.aantal, 6);
    /* sorted 1 3 7 12 30 100: median at 2.5 -> 9.5; p80 at 4.0 -> 30 */
    assert_float_equal(dt.mediaan, 9.5, 1e-9);
    assert_float_equal(dt.p80, 30.0, 1e-9);
    sl_doorlooptijd_of(v, 0, &dt);
    assert_int_equal(dt.aantal, 0);
    assert_true(dt.mediaan == 0 && dt.p80 == 0);
}

typedef struct got {
    sl_stay s[16];
    size_t n;
} got;

static bool collect(void *ctx, const sl_stay *s)
{
    got *g = ctx;
    assert_true(g->n < N(g->s));
    g->s[g->n++] = *s;
    return true;
}

static void expect(const got *g, size_t i, int status, int32_t dagen, bool afgerond)
{
    assert_true(i < g->n);
    assert_int_equal(g->s[i].status, status);
    assert_int_equal(g->s[i].dagen, dagen);
    assert_int_equal(g->s[i].afgerond, afgerond);
}

/* 0 -> 1 on 1 Feb, 1 -> 2 on 1 Apr, still 2 since 1 Apr: one completed stay of
 * 59 days in 1, the baseline 0 not measured, 2 running. */
static void stays_from_history(void **state)
{
    (void)state;
    sl_status_change ch[] = {{0, 1, d(2026, 2, 1)}, {1, 2, d(2026, 4, 1)}};
    sl_status_track t = {ch, N(ch), 2, d(2026, 4, 1), false};
    got g = {.n = 0};
    assert_true(sl_track_stays(&t, (sl_stay_period){SL_DATE_NONE, d(2026, 5, 1)}, collect, &g));
    assert_int_equal(g.n, 2);
    expect(&g, 0, 1, 59, true);
    expect(&g, 1, 2, 30, false);
}

static void no_history_runs_since_the_record_says(void **state)
{
    (void)state;
    sl_status_track t = {NULL, 0, 3, d(2026, 1, 1), false};
    got g = {.n = 0};
    assert_true(sl_track_stays(&t, (sl_stay_period){SL_DATE_NONE, d(2026, 1, 11)}, collect, &g));
    assert_int_equal(g.n, 1);
    expect(&g, 0, 3, 10, false);
    /* gone from the source: its current stay is not measured */
    t.absent = true;
    g.n = 0;
    assert_true(sl_track_stays(&t, (sl_stay_period){SL_DATE_NONE, d(2026, 1, 11)}, collect, &g));
    assert_int_equal(g.n, 0);
    /* nor when the record does not say since when */
    t.absent = false;
    t.sinds = SL_DATE_NONE;
    assert_true(sl_track_stays(&t, (sl_stay_period){SL_DATE_NONE, d(2026, 1, 11)}, collect, &g));
    assert_int_equal(g.n, 0);
}

/* A period ending in the middle of a stay sees it running; one ending before
 * a stay began does not see it; a lower bound drops stays that ended earlier. */
static void the_period_bounds_stays(void **state)
{
    (void)state;
    sl_status_change ch[] = {{0, 1, d(2026, 2, 1)}, {1, 2, d(2026, 4, 1)}};
    sl_status_track t = {ch, N(ch), 2, d(2026, 4, 1), false};
    got g = {.n = 0};
    assert_true(sl_track_stays(&t, (sl_stay_period){SL_DATE_NONE, d(2026, 3, 1)}, collect, &g));
    assert_int_equal(g.n, 1);
    expect(&g, 0, 1, 28, false);
    g.n = 0;
    assert_true(sl_track_stays(&t, (sl_stay_period){SL_DATE_NONE, d(2026, 1, 15)}, collect, &g));
    assert_int_equal(g.n, 0);
    g.n = 0;
    assert_true(
        sl_track_stays(&t, (sl_stay_period){d(2026, 4, 2), d(2026, 4, 11)}, collect, &g));
    assert_int_equal(g.n, 1);
    expect(&g, 0, 2, 10, false);
}

/* A change without a day ends nothing and starts nothing; dates going back
 * are left out rather than counted negative. */
static void unknown_and_inconsistent_days_are_left_out(void **state)
{
    (void)state;
    sl_status_change ch[] = {{0, 1, d(2026, 2, 1)},
                             {1, 2, SL_DATE_NONE},
                             {2, 3, d(2026, 3, 1)},
                             {3, 4, d(2026, 2, 20)}};
    sl_status_track t = {ch, N(ch), 4, SL_DATE_NONE, false};
    got g = {.n = 0};
    assert_true(sl_track_stays(&t, (sl_stay_period){SL_DATE_NONE, d(2026, 3, 2)}, collect, &g));
    /* only 4, running since 20 Feb (the history's day, the record has none) */
    assert_int_equal(g.n, 1);
    expect(&g, 0, 4, 10, false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quantiles_interpolate_between_ranks),
        cmocka_unit_test(summary_sorts_and_counts),
        cmocka_unit_test(stays_from_history),
        cmocka_unit_test(no_history_runs_since_the_record_says),
        cmocka_unit_test(the_period_bounds_stays),
        cmocka_unit_test(unknown_and_inconsistent_days_are_left_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
