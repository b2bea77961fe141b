/* test_doorlooptijd.c - lead times: exact percentiles against hand-computed
 * values, and the stays a status history gives (completed apart from running,
 * the baseline and unknown days left out, the period's bounds, the baseline
 * from the change's since-day when the move is one step on). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/doorlooptijd.h"
#include "core/vocab.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* a change whose since-day of the status left is not known */
#define CH(van, naar, datum) {(van), (naar), (datum), SL_DATE_NONE}

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
    sl_status_change ch[] = {CH(0, 1, d(2026, 2, 1)), CH(1, 2, d(2026, 4, 1))};
    sl_status_track t = {ch, N(ch), 2, d(2026, 4, 1), false, SL_ORDER_FASE};
    got g = {.n = 0};
    assert_true(sl_track_stays(&t, (sl_stay_period){SL_DATE_NONE, d(2026, 5, 1)}, collect, &g));
    assert_int_equal(g.n, 2);
    expect(&g, 0, 1, 59, true);
    expect(&g, 1, 2, 30, false);
}

static void no_history_runs_since_the_record_says(void **state)
{
    (void)state;
    sl_status_track t = {NULL, 0, 3, d(2026, 1, 1), false, SL_ORDER_FASE};
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
    sl_status_change ch[] = {CH(0, 1, d(2026, 2, 1)), CH(1, 2, d(2026, 4, 1))};
    sl_status_track t = {ch, N(ch), 2, d(2026, 4, 1), false, SL_ORDER_FASE};
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
    sl_status_change ch[] = {CH(0, 1, d(2026, 2, 1)),
                             CH(1, 2, SL_DATE_NONE),
                             CH(2, 3, d(2026, 3, 1)),
                             CH(3, 4, d(2026, 2, 20))};
    sl_status_track t = {ch, N(ch), 4, SL_DATE_NONE, false, SL_ORDER_FASE};
    got g = {.n = 0};
    assert_true(sl_track_stays(&t, (sl_stay_period){SL_DATE_NONE, d(2026, 3, 2)}, collect, &g));
    /* only 4, running since 20 Feb (the history's day, the record has none) */
    assert_int_equal(g.n, 1);
    expect(&g, 0, 4, 10, false);
}

static void one_step_follows_the_known_order(void **state)
{
    (void)state;
    for (int f = SL_FASE_VOORBEREIDING; f < SL_FASE_AFGEHANDELD; f++)
        assert_true(sl_status_one_step(SL_ORDER_FASE, f, f + 1));
    assert_false(sl_status_one_step(SL_ORDER_FASE, SL_FASE_VOORBEREIDING, SL_FASE_ZIENSWIJZE));
    assert_false(sl_status_one_step(SL_ORDER_FASE, SL_FASE_ZIENSWIJZE, SL_FASE_OPNAME));
    assert_false(sl_status_one_step(SL_ORDER_FASE, SL_FASE_AFGEHANDELD, SL_FASE_COUNT));
    assert_false(sl_status_one_step(SL_ORDER_FASE, -1, SL_FASE_VOORBEREIDING));
    for (int s = SL_STAP_1_2; s < SL_STAP_OPGELEVERD; s++)
        assert_true(sl_status_one_step(SL_ORDER_STAP, s, s + 1));
    assert_true(sl_status_one_step(SL_ORDER_STAP, SL_STAP_3_1, SL_STAP_GEEN_VERSTERKING));
    assert_false(sl_status_one_step(SL_ORDER_STAP, SL_STAP_2_1, SL_STAP_GEEN_VERSTERKING));
    assert_false(sl_status_one_step(SL_ORDER_STAP, SL_STAP_OPGELEVERD, SL_STAP_GEEN_VERSTERKING));
    assert_false(sl_status_one_step(SL_ORDER_STAP, SL_STAP_1_2, SL_STAP_3_1));
    assert_false(sl_status_one_step(SL_ORDER_STAP, SL_STAP_4_1, SL_STAP_3_1));
}

/* The first delivery said opname since 1 Mar; the next one says zienswijze since
 * 15 Apr: the baseline's stay in opname is completed, 45 days. */
static void the_baseline_ends_with_a_move_one_step_on(void **state)
{
    (void)state;
    sl_status_change ch[] = {{SL_FASE_OPNAME, SL_FASE_ZIENSWIJZE, d(2026, 4, 15), d(2026, 3, 1)}};
    sl_status_track t = {ch, N(ch), SL_FASE_ZIENSWIJZE, d(2026, 4, 15), false, SL_ORDER_FASE};
    got g = {.n = 0};
    assert_true(sl_track_stays(&t, (sl_stay_period){SL_DATE_NONE, d(2026, 5, 1)}, collect, &g));
    assert_int_equal(g.n, 2);
    expect(&g, 0, SL_FASE_OPNAME, 45, true);
    expect(&g, 1, SL_FASE_ZIENSWIJZE, 16, false);
    /* and 3.1 -> geen versterking is one step on for a trajectory */
    sl_status_change st[] = {{SL_STAP_3_1, SL_STAP_GEEN_VERSTERKING, d(2026, 4, 15),
                              d(2026, 1, 15)}};
    sl_status_track tt = {st, N(st), SL_STAP_GEEN_VERSTERKING, d(2026, 4, 15), false,
                          SL_ORDER_STAP};
    g.n = 0;
    assert_true(sl_track_stays(&tt, (sl_stay_period){SL_DATE_NONE, d(2026, 5, 1)}, collect, &g));
    assert_int_equal(g.n, 2); /* the closed status runs too: the service leaves it out */
    expect(&g, 0, SL_STAP_3_1, 90, true);
    expect(&g, 1, SL_STAP_GEEN_VERSTERKING, 16, false);
}

/* A move that skips statuses says when the stay began, not when it ended: not
 * counted, whether its start came from the delivery or from the history. */
static void a_move_that_skips_ends_no_stay(void **state)
{
    (void)state;
    sl_status_change ch[] = {
        {SL_FASE_VOORBEREIDING, SL_FASE_ZIENSWIJZE, d(2026, 4, 15), d(2026, 3, 1)},
        {SL_FASE_ZIENSWIJZE, SL_FASE_AFGEHANDELD, d(2026, 6, 1), d(2026, 4, 15)}};
    sl_status_track t = {ch, N(ch), SL_FASE_AFGEHANDELD, d(2026, 6, 1), false, SL_ORDER_FASE};
    got g = {.n = 0};
    assert_true(sl_track_stays(&t, (sl_stay_period){SL_DATE_NONE, d(2026, 7, 1)}, collect, &g));
    assert_int_equal(g.n, 1); /* only afgehandeld, running (closed: no lead time) */
    expect(&g, 0, SL_FASE_AFGEHANDELD, 30, false);
    /* a trajectory from 1.2 to 3.1 at once, then 3.1 -> 4.1 one step on */
    sl_status_change st[] = {CH(SL_STAP_1_2, SL_STAP_3_1, d(2026, 2, 1)),
                             CH(SL_STAP_3_1, SL_STAP_4_1, d(2026, 5, 1))};
    sl_status_track tt = {st, N(st), SL_STAP_4_1, d(2026, 5, 1), false, SL_ORDER_STAP};
    g.n = 0;
    assert_true(sl_track_stays(&tt, (sl_stay_period){SL_DATE_NONE, d(2026, 5, 11)}, collect, &g));
    assert_int_equal(g.n, 2);
    expect(&g, 0, SL_STAP_3_1, 89, true);
    expect(&g, 1, SL_STAP_4_1, 10, false);
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
        cmocka_unit_test(one_step_follows_the_known_order),
        cmocka_unit_test(the_baseline_ends_with_a_move_one_step_on),
        cmocka_unit_test(a_move_that_skips_ends_no_stay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
