/*
 * test_planner_check.c - sl_plan_check, the rules a plan changed by hand must
 * keep: every plan the planner makes passes, and each broken rule is named
 * with the request and body it concerns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/planner.h"

#define D0 20920 /* Monday 12 April 2027 */

static const sl_date away[] = {D0 + 1};

/* One municipality, five days; IMG 1 a day, NCG 1 a day; two requests. */
static const sl_plan_capacity caps[] = {
    {SL_PLAN_IMG, 14, D0, 1},     {SL_PLAN_IMG, 14, D0 + 1, 1}, {SL_PLAN_IMG, 14, D0 + 2, 1},
    {SL_PLAN_IMG, 14, D0 + 3, 1}, {SL_PLAN_NCG, 14, D0, 1},     {SL_PLAN_NCG, 14, D0 + 2, 1},
    {SL_PLAN_NCG, 14, D0 + 3, 1}, {SL_PLAN_NCG, 14, D0 + 4, 1},
};

static const sl_plan_request reqs[] = {
    {.gemeente = 14, .earliest = {D0, D0}, .unavailable = away, .n_unavailable = 1},
    {.gemeente = 14, .earliest = {D0 + 2, D0 + 2}},
};

static sl_plan_input input(void)
{
    return (sl_plan_input){.from = D0, .to = D0 + 4, .capacity = caps,
                           .n_capacity = sizeof caps / sizeof caps[0], .requests = reqs,
                           .n_requests = 2};
}

static sl_plan_fault check(sl_plan_item items[2], size_t *index, sl_plan_org *org)
{
    sl_plan_input in = input();
    bool ok;
    sl_plan_fault f = sl_plan_check(&in, items, index, org, &ok);
    assert_true(ok);
    return f;
}

static void the_planners_plan_passes(void **state)
{
    (void)state;
    sl_plan_input in = input();
    sl_plan_result res;
    assert_true(sl_plan(&in, &res));
    assert_int_equal(res.joint_quality.planned, 2);
    size_t index;
    sl_plan_org org;
    assert_int_equal(check(res.joint, &index, &org), SL_PLAN_VALID);
    sl_plan_result_free(&res);
}

static void each_rule_is_named(void **state)
{
    (void)state;
    size_t index;
    sl_plan_org org;
    sl_plan_item ok[2] = {{SL_PLAN_PLANNED, {D0, D0}}, {SL_PLAN_PLANNED, {D0 + 2, D0 + 2}}};
    assert_int_equal(check(ok, &index, &org), SL_PLAN_VALID);
    /* the resident is away on D0 + 1 */
    sl_plan_item away_day[2] = {{SL_PLAN_PLANNED, {D0 + 1, D0}}, ok[1]};
    assert_int_equal(check(away_day, &index, &org), SL_PLAN_ON_UNAVAILABLE);
    assert_int_equal(index, 0);
    assert_int_equal(org, SL_PLAN_IMG);
    /* request 1 may not start before D0 + 2 at NCG */
    sl_plan_item early[2] = {ok[0], {SL_PLAN_PLANNED, {D0 + 2, D0}}};
    assert_int_equal(check(early, &index, &org), SL_PLAN_TOO_EARLY);
    assert_int_equal(index, 1);
    assert_int_equal(org, SL_PLAN_NCG);
    sl_plan_item far[2] = {{SL_PLAN_PLANNED, {D0, D0 + 3}}, ok[1]};
    assert_int_equal(check(far, &index, &org), SL_PLAN_GAP_TOO_LARGE);
    sl_plan_item outside[2] = {ok[0], {SL_PLAN_PLANNED, {D0 + 3, D0 + 5}}};
    assert_int_equal(check(outside, &index, &org), SL_PLAN_OUTSIDE_PERIOD);
    /* both on D0 + 2: IMG has one there; NCG has none on D0 + 1 */
    sl_plan_item full[2] = {{SL_PLAN_PLANNED, {D0 + 2, D0 + 2}}, ok[1]};
    assert_int_equal(check(full, &index, &org), SL_PLAN_OVER_CAPACITY);
    assert_int_equal(index, 1);
    sl_plan_item none[2] = {{SL_PLAN_PLANNED, {D0, D0}}, {SL_PLAN_PLANNED, {D0 + 3, D0 + 4}}};
    assert_int_equal(check(none, &index, &org), SL_PLAN_VALID);
    /* an item not planned is not judged */
    sl_plan_item left_out[2] = {{SL_PLAN_CAPACITY_TAKEN, {SL_DATE_NONE, SL_DATE_NONE}}, ok[1]};
    assert_int_equal(check(left_out, &index, &org), SL_PLAN_VALID);
    assert_string_equal(sl_plan_fault_text(SL_PLAN_VALID), "");
    assert_true(strlen(sl_plan_fault_text(SL_PLAN_OVER_CAPACITY)) > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_planners_plan_passes),
        cmocka_unit_test(each_rule_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
