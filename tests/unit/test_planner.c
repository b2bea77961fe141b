/*
 * test_planner.c - the joint inspection planner: optimal on small instances
 * (against an exhaustive search written here), valid on large ones (a checker
 * of every rule), better than planning apart, and every reason it gives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/planner.h"

/* ---- instances ------------------------------------------------------------ */

#define MAX_REQ 6000
#define MAX_CAP 20000
#define MAX_UNAV 8

typedef struct instance {
    sl_plan_input in;
    sl_plan_capacity cap[MAX_CAP];
    sl_plan_request req[MAX_REQ];
    sl_date unav[MAX_REQ][MAX_UNAV];
} instance;

static instance *inst_new(sl_date from, int days)
{
    instance *t = calloc(1, sizeof *t);
    assert_non_null(t);
    t->in.from = from;
    t->in.to = from + days - 1;
    t->in.capacity = t->cap;
    t->in.requests = t->req;
    return t;
}

static void add_cap(instance *t, sl_plan_org org, int gemeente, int day, int n)
{
    t->cap[t->in.n_capacity++] = (sl_plan_capacity){org, gemeente, t->in.from + day, n};
}

static sl_plan_request *add_req(instance *t, int gemeente, int earliest)
{
    size_t i = t->in.n_requests++;
    t->req[i] = (sl_plan_request){.gemeente = gemeente,
                                  .earliest = {t->in.from + earliest, t->in.from + earliest},
                                  .unavailable = t->unav[i]};
    return &t->req[i];
}

static void add_unavailable(instance *t, sl_plan_request *r, int day)
{
    t->unav[r - t->req][r->n_unavailable++] = t->in.from + day;
}

static uint64_t rng_state;
static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

/* A random instance: `munis` municipalities, sparse capacity, holes and earliest dates. */
static instance *random_instance(int days, int munis, int requests, int max_cap, int cap_pct)
{
    instance *t = inst_new(20000, days);
    for (int g = 1; g <= munis; g++)
        for (int o = 0; o < SL_PLAN_ORGS; o++)
            for (int d = 0; d < days; d++)
                if ((int)rnd(100) < cap_pct)
                    add_cap(t, (sl_plan_org)o, g, d, 1 + (int)rnd((unsigned)max_cap));
    for (int i = 0; i < requests; i++) {
        sl_plan_request *r = add_req(t, 1 + (int)rnd((unsigned)munis), (int)rnd((unsigned)days));
        if (rnd(3) == 0) /* an earliest date per body, as the register will have */
            r->earliest[rnd(2)] = t->in.from + (int)rnd((unsigned)days);
        int holes = (int)rnd(4);
        for (int h = 0; h < holes; h++)
            add_unavailable(t, r, (int)rnd((unsigned)days));
        if (rnd(5) == 0)
            r->weekdays = 1u + rnd(127);
    }
    return t;
}

/* ---- the rules, written again here from the text -------------------- */

static bool unavailable_on(const sl_plan_request *r, sl_date d)
{
    for (size_t i = 0; i < r->n_unavailable; i++)
        if (r->unavailable[i] == d)
            return true;
    return false;
}

/* Capacity per (org, gemeente, day offset), summed from t's lines by index_capacity. */
#define MAX_G 16
#define MAX_D 400
static int cap_table[SL_PLAN_ORGS][MAX_G + 1][MAX_D];

static void index_capacity(const instance *t)
{
    memset(cap_table, 0, sizeof cap_table);
    for (size_t i = 0; i < t->in.n_capacity; i++)
        cap_table[t->cap[i].org][t->cap[i].gemeente][t->cap[i].day - t->in.from] +=
            t->cap[i].opnames;
}

static int capacity_of(const instance *t, int org, int gemeente, sl_date d)
{
    return cap_table[org][gemeente][d - t->in.from];
}

/* May r have org's inspection on d, capacity aside (`any_cap`: capacity exists that day)? */
static bool day_ok(const instance *t, const sl_plan_request *r, int org, sl_date d,
                   bool honour_unavailable)
{
    return d >= t->in.from && d <= t->in.to && d >= r->earliest[org] &&
           !(honour_unavailable && unavailable_on(r, d)) &&
           capacity_of(t, org, r->gemeente, d) > 0;
}

static bool pair_ok(const instance *t, const sl_plan_request *r, sl_date a, sl_date b,
                    bool honour_unavailable)
{
    return abs(a - b) <= 2 && day_ok(t, r, SL_PLAN_IMG, a, honour_unavailable) &&
           day_ok(t, r, SL_PLAN_NCG, b, honour_unavailable);
}

static bool any_pair(const instance *t, const sl_plan_request *r, bool honour_unavailable)
{
    for (sl_date a = t->in.from; a <= t->in.to; a++)
        for (sl_date b = a - 2; b <= a + 2; b++)
            if (pair_ok(t, r, a, b, honour_unavailable))
                return true;
    return false;
}

static bool any_day(const instance *t, const sl_plan_request *r, int org)
{
    for (sl_date d = t->in.from; d <= t->in.to; d++)
        if (day_ok(t, r, org, d, false))
            return true;
    return false;
}

/* Used capacity per (org, gemeente, day offset); gemeenten 1..MAX_G. */
static int used[SL_PLAN_ORGS][MAX_G + 1][MAX_D];

/* The last request in input order planned on (gemeente, IMG day, NCG day - IMG day + 2). */
static long last_holder[MAX_G + 1][MAX_D][5];

/* Checks every rule of the joint plan; returns its count of pairs. */
static size_t check_plan(const instance *t, const sl_plan_result *res)
{
    index_capacity(t);
    memset(used, 0, sizeof used);
    size_t planned = 0;
    for (size_t i = 0; i < t->in.n_requests; i++) {
        const sl_plan_request *r = &t->req[i];
        const sl_plan_item *it = &res->joint[i];
        switch (it->outcome) {
        case SL_PLAN_PLANNED:
            assert_true(pair_ok(t, r, it->day[0], it->day[1], true));
            for (int o = 0; o < SL_PLAN_ORGS; o++)
                used[o][r->gemeente][it->day[o] - t->in.from]++;
            planned++;
            break;
        case SL_PLAN_NO_CAPACITY:
            assert_false(any_day(t, r, SL_PLAN_IMG) && any_day(t, r, SL_PLAN_NCG));
            break;
        case SL_PLAN_NO_OVERLAP:
            assert_true(any_day(t, r, SL_PLAN_IMG) && any_day(t, r, SL_PLAN_NCG));
            assert_false(any_pair(t, r, false));
            break;
        case SL_PLAN_UNAVAILABLE:
            assert_true(any_pair(t, r, false));
            assert_false(any_pair(t, r, true));
            break;
        case SL_PLAN_CAPACITY_TAKEN:
            assert_true(any_pair(t, r, true));
            break;
        }
        if (it->outcome != SL_PLAN_PLANNED)
            assert_true(it->day[0] == SL_DATE_NONE && it->day[1] == SL_DATE_NONE);
    }
    for (int o = 0; o < SL_PLAN_ORGS; o++)
        for (int g = 0; g <= MAX_G; g++)
            for (int d = 0; d <= t->in.to - t->in.from; d++)
                assert_true(used[o][g][d] <= capacity_of(t, o, g, t->in.from + d));
    /* nobody left out could still take a pair with what is left */
    for (size_t i = 0; i < t->in.n_requests; i++) {
        const sl_plan_request *r = &t->req[i];
        if (res->joint[i].outcome != SL_PLAN_CAPACITY_TAKEN)
            continue;
        for (sl_date a = t->in.from; a <= t->in.to; a++)
            for (sl_date b = a - 2; b <= a + 2; b++)
                assert_false(pair_ok(t, r, a, b, true) &&
                             used[0][r->gemeente][a - t->in.from] <
                                 capacity_of(t, 0, r->gemeente, a) &&
                             used[1][r->gemeente][b - t->in.from] <
                                 capacity_of(t, 1, r->gemeente, b));
    }
    /* first come, first served: no one left out could use the pair of one who came later */
    memset(last_holder, -1, sizeof last_holder);
    for (size_t k = 0; k < t->in.n_requests; k++)
        if (res->joint[k].outcome == SL_PLAN_PLANNED)
            last_holder[t->req[k].gemeente][res->joint[k].day[0] - t->in.from]
                       [res->joint[k].day[1] - res->joint[k].day[0] + 2] = (long)k;
    for (size_t i = 0; i < t->in.n_requests; i++) {
        const sl_plan_request *r = &t->req[i];
        if (res->joint[i].outcome != SL_PLAN_CAPACITY_TAKEN)
            continue;
        for (sl_date a = t->in.from; a <= t->in.to; a++)
            for (sl_date b = a - 2; b <= a + 2; b++)
                assert_false(pair_ok(t, r, a, b, true) &&
                             last_holder[r->gemeente][a - t->in.from][b - a + 2] > (long)i);
    }
    assert_int_equal(res->joint_quality.planned, planned);
    assert_true(res->upper_bound >= planned);
    if (res->proven_optimal)
        assert_int_equal(res->upper_bound >= planned, 1);
    return planned;
}

/* ---- exhaustive search over every assignment (small instances) -------------- */

static size_t brute(const instance *t, size_t i)
{
    if (i == t->in.n_requests)
        return 0;
    const sl_plan_request *r = &t->req[i];
    size_t best = brute(t, i + 1); /* i unplanned */
    for (sl_date a = t->in.from; a <= t->in.to; a++)
        for (sl_date b = a - 2; b <= a + 2; b++) {
            if (!pair_ok(t, r, a, b, true))
                continue;
            int *ua = &used[0][r->gemeente][a - t->in.from];
            int *ub = &used[1][r->gemeente][b - t->in.from];
            if (*ua >= capacity_of(t, 0, r->gemeente, a) ||
                *ub >= capacity_of(t, 1, r->gemeente, b))
                continue;
            (*ua)++, (*ub)++;
            size_t got = 1 + brute(t, i + 1);
            (*ua)--, (*ub)--;
            if (got > best)
                best = got;
        }
    return best;
}

static size_t brute_force(const instance *t)
{
    index_capacity(t);
    memset(used, 0, sizeof used);
    return brute(t, 0);
}

/* ---- tests ------------------------------------------------------------------ */

static void optimal_on_small_random_instances(void **state)
{
    (void)state;
    rng_state = 0x9e3779b97f4a7c15u;
    size_t optimum = 0, heuristic = 0, short_of = 0, bound_gap = 0;
    for (int round = 0; round < 1500; round++) {
        instance *t = random_instance(3 + (int)rnd(6), 1 + (int)rnd(2), 1 + (int)rnd(6),
                                      1 + (int)rnd(2), 30 + (int)rnd(50));
        size_t best = brute_force(t);
        sl_plan_result res;
        assert_true(sl_plan(&t->in, &res));
        size_t got = check_plan(t, &res);
        assert_int_equal(got, best);       /* the count is the maximum */
        assert_true(res.upper_bound >= best);
        assert_true(res.proven_optimal);
        bound_gap += res.upper_bound - best;
        sl_plan_result_free(&res);
        /* the same without the exact search: how far the moves alone get */
        t->in.exact_max = -1;
        assert_true(sl_plan(&t->in, &res));
        size_t moves = check_plan(t, &res);
        heuristic += moves;
        short_of += moves < best;
        optimum += best;
        sl_plan_result_free(&res);
        free(t);
    }
    printf("# small: %zu pairs at the optimum; moves alone %zu (short in %zu instances); "
           "bound above optimum by %zu in all\n",
           optimum, heuristic, short_of, bound_gap);
    /* the moves alone reach at least 99% of the optimum on these instances */
    assert_true(heuristic * 100 >= optimum * 99);
}

static void valid_on_large_random_instances(void **state)
{
    (void)state;
    rng_state = 12345;
    for (int round = 0; round < 4; round++) {
        instance *t = random_instance(40 + round * 10, 10 + round, 5000, 20, 60);
        sl_plan_result res;
        assert_true(sl_plan(&t->in, &res));
        size_t got = check_plan(t, &res);
        printf("# large %d: %zu requests, %zu pairs, bound %zu, %s\n", round,
               t->in.n_requests, got, res.upper_bound,
               res.proven_optimal ? "proven optimal" : "not proven");
        /* within 2% of the bound (measured: about 1%); the bound is a relaxation, so the
         * gap to the true optimum is at most that */
        assert_true(got * 100 >= res.upper_bound * 98);
        /* planning apart keeps to each body's own rules too */
        for (size_t i = 0; i < t->in.n_requests; i++)
            for (int o = 0; o < SL_PLAN_ORGS; o++)
                if (res.apart[i].day[o] != SL_DATE_NONE)
                    assert_true(day_ok(t, &t->req[i], o, res.apart[i].day[o], true));
        sl_plan_result_free(&res);
        free(t);
    }
}

/*
 * IMG can inspect five a day, NCG one: alone, IMG takes everyone in the first
 * two days while NCG spreads them over ten, so most pairs are far apart.
 */
static void joint_plan_beats_planning_apart(void **state)
{
    (void)state;
    instance *t = inst_new(20000, 10);
    for (int d = 0; d < 10; d++) {
        add_cap(t, SL_PLAN_IMG, 14, d, 5);
        add_cap(t, SL_PLAN_NCG, 14, d, 1);
    }
    for (int i = 0; i < 10; i++)
        add_req(t, 14, 0);
    sl_plan_result res;
    assert_true(sl_plan(&t->in, &res));
    check_plan(t, &res);
    assert_int_equal(res.joint_quality.planned, 10);
    assert_true(res.joint_quality.share_within_two == 1.0);
    assert_true(res.joint_quality.mean_gap == 0.0);
    assert_int_equal(res.apart_quality.planned, 10);
    assert_int_equal(res.apart_quality.within_two, 3);
    assert_true(res.apart_quality.share_within_two < res.joint_quality.share_within_two);
    assert_true(res.apart_quality.mean_gap > 2.0);
    sl_plan_result_free(&res);
    free(t);
    /* and never worse: planning apart's close pairs are a valid joint plan */
    rng_state = 777;
    for (int round = 0; round < 300; round++) {
        t = random_instance(3 + (int)rnd(6), 1, 1 + (int)rnd(6), 2, 60);
        assert_true(sl_plan(&t->in, &res));
        assert_true(res.joint_quality.within_two >= res.apart_quality.within_two);
        sl_plan_result_free(&res);
        free(t);
    }
}

static void every_reason(void **state)
{
    (void)state;
    instance *t = inst_new(20000, 10);
    add_cap(t, SL_PLAN_IMG, 1, 0, 1); /* 1: IMG only */
    add_cap(t, SL_PLAN_IMG, 2, 0, 1); /* 2: three days apart */
    add_cap(t, SL_PLAN_NCG, 2, 3, 1);
    add_cap(t, SL_PLAN_IMG, 3, 0, 1); /* 3: one day, taken by the first request */
    add_cap(t, SL_PLAN_NCG, 3, 0, 1);
    add_cap(t, SL_PLAN_IMG, 4, 5, 1); /* 4: the resident's one impossible day */
    add_cap(t, SL_PLAN_NCG, 4, 5, 1);
    add_req(t, 1, 0);
    add_req(t, 2, 0);
    add_req(t, 3, 0);
    add_req(t, 3, 0);
    sl_plan_request *r = add_req(t, 4, 0);
    add_unavailable(t, r, 5);
    add_req(t, 4, 6); /* earliest after the last capacity day */
    add_req(t, 5, 0); /* a municipality without any capacity line */
    sl_plan_result res;
    assert_true(sl_plan(&t->in, &res));
    check_plan(t, &res);
    sl_plan_outcome want[] = {SL_PLAN_NO_CAPACITY, SL_PLAN_NO_OVERLAP, SL_PLAN_PLANNED,
                              SL_PLAN_CAPACITY_TAKEN, SL_PLAN_UNAVAILABLE,
                              SL_PLAN_NO_CAPACITY, SL_PLAN_NO_CAPACITY};
    /* the two of municipality 3 compete for one day: the first in the input gets it */
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_int_equal(res.joint[i].outcome, want[i]);
    assert_string_equal(sl_plan_outcome_code(SL_PLAN_NO_OVERLAP), "geen_overlap");
    assert_string_equal(sl_plan_outcome_code(SL_PLAN_CAPACITY_TAKEN), "capaciteit_vol");
    assert_int_equal(res.joint_quality.requests, 7);
    assert_int_equal(res.joint_quality.planned, 1);
    sl_plan_result_free(&res);
    free(t);
}

/* Same day before a day apart; earlier before later; a preferred weekday before both. */
static void order_of_preference(void **state)
{
    (void)state;
    sl_date monday;
    assert_true(sl_date_from_ymd(2027, 4, 12, &monday));
    instance *t = inst_new(monday, 7);
    add_cap(t, SL_PLAN_IMG, 14, 0, 1);
    add_cap(t, SL_PLAN_IMG, 14, 1, 2);
    add_cap(t, SL_PLAN_NCG, 14, 1, 1);
    add_cap(t, SL_PLAN_IMG, 14, 3, 1);
    add_cap(t, SL_PLAN_NCG, 14, 3, 1);
    add_req(t, 14, 0);
    sl_plan_request *r = add_req(t, 14, 0);
    r->weekdays = 1u << 3; /* Thursday */
    sl_plan_result res;
    assert_true(sl_plan(&t->in, &res));
    check_plan(t, &res);
    /* the first: Tuesday on both (same day beats Monday + Tuesday) */
    assert_int_equal(res.joint[0].day[SL_PLAN_IMG], monday + 1);
    assert_int_equal(res.joint[0].day[SL_PLAN_NCG], monday + 1);
    /* the second wants Thursday and gets it, though Tuesday is earlier */
    assert_int_equal(res.joint[1].day[SL_PLAN_IMG], monday + 3);
    assert_int_equal(res.joint[1].day[SL_PLAN_NCG], monday + 3);
    assert_true(res.joint_quality.mean_wait == 2.0); /* (1 + 3) / 2 */
    sl_plan_result_free(&res);
    free(t);
}

/*
 * Taking the earliest pair first would plan one: the first request must leave day 0
 * to the second, which can use no other (without the exact search).
 */
static void moves_make_room(void **state)
{
    (void)state;
    instance *t = inst_new(20000, 5);
    add_cap(t, SL_PLAN_IMG, 14, 0, 1);
    add_cap(t, SL_PLAN_NCG, 14, 0, 1);
    add_cap(t, SL_PLAN_IMG, 14, 4, 1);
    add_cap(t, SL_PLAN_NCG, 14, 4, 1);
    add_req(t, 14, 0); /* can take day 0 or day 4 */
    sl_plan_request *r = add_req(t, 14, 0);
    add_unavailable(t, r, 4); /* only day 0 */
    t->in.exact_max = -1;
    sl_plan_result res;
    assert_true(sl_plan(&t->in, &res));
    check_plan(t, &res);
    assert_int_equal(res.joint_quality.planned, 2);
    assert_int_equal(res.joint[1].day[SL_PLAN_IMG], 20000);
    assert_int_equal(res.joint[0].day[SL_PLAN_IMG], 20004);
    assert_true(res.proven_optimal);
    sl_plan_result_free(&res);
    free(t);
}

static void out_of_memory_is_an_error(void **state)
{
    (void)state;
    rng_state = 99;
    instance *t = random_instance(20, 3, 200, 3, 60);
    sl_plan_result res;
    for (long n = 1;; n++) {
        sl_alloc_fail_at(n);
        bool ok = sl_plan(&t->in, &res);
        sl_alloc_fail_reset();
        if (ok) {
            check_plan(t, &res);
            sl_plan_result_free(&res);
            break;
        }
        assert_null(res.joint);
    }
    free(t);
}

static void empty_and_out_of_range(void **state)
{
    (void)state;
    instance *t = inst_new(20000, 5);
    sl_plan_result res;
    assert_true(sl_plan(&t->in, &res));
    assert_int_equal(res.joint_quality.requests, 0);
    assert_true(res.joint_quality.share_within_two == 0.0);
    sl_plan_result_free(&res);
    t->in.to = t->in.from + SL_PLAN_MAX_DAYS; /* one day too many */
    add_req(t, 1, 0);
    assert_false(sl_plan(&t->in, &res));
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(optimal_on_small_random_instances),
        cmocka_unit_test(valid_on_large_random_instances),
        cmocka_unit_test(joint_plan_beats_planning_apart),
        cmocka_unit_test(every_reason),
        cmocka_unit_test(order_of_preference),
        cmocka_unit_test(moves_make_room),
        cmocka_unit_test(out_of_memory_is_an_error),
        cmocka_unit_test(empty_and_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
