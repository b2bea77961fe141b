/*
 * plan_bench.c - the joint inspection planner at the scale of the issue:
 * 10,000 requests over 60 working days in 15 municipalities (bench/README.md).
 *
 * Prints the time of sl_plan (which includes the flow bound and planning
 * apart), peak memory, the pairs planned against the flow relaxation's upper
 * bound, and the comparison with each body planning on its own.
 *
 * usage: plan_bench [REQUESTS [MUNICIPALITIES [WORKING_DAYS [SEED]]]]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "core/planner.h"

static uint64_t rng = 0x2545f4914f6cdd1dULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void print_quality(const char *name, const sl_plan_quality *q)
{
    printf("%-18s %6zu  %5.1f %%          %5.2f            %5.2f\n", name, q->planned,
           100.0 * q->share_within_two, q->mean_gap, q->mean_wait);
}

/* A whole number argument, or -1 when it is not one (the usage check refuses it). */
static int whole(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return end != s && !*end && v >= 0 && v <= 10000000 ? (int)v : -1;
}

int main(int argc, char **argv)
{
    int n_req = argc > 1 ? whole(argv[1]) : 10000;
    int n_muni = argc > 2 ? whole(argv[2]) : 15;
    int work_days = argc > 3 ? whole(argv[3]) : 60;
    if (argc > 4)
        rng = strtoull(argv[4], NULL, 10) | 1;
    if (n_req < 1 || n_muni < 1 || work_days < 5 || work_days > 250) {
        fprintf(stderr, "usage: plan_bench [REQUESTS [MUNICIPALITIES [WORKING_DAYS [SEED]]]]\n");
        return 2;
    }
    sl_date from;
    sl_date_from_ymd(2027, 4, 12, &from); /* a Monday */
    int days = work_days / 5 * 7 + work_days % 5;
    sl_plan_input in = {.from = from, .to = from + days - 1};
    sl_plan_capacity *cap = calloc((size_t)n_muni * 2 * (size_t)days, sizeof *cap);
    sl_plan_request *req = calloc((size_t)n_req, sizeof *req);
    sl_date *unav = calloc((size_t)n_req * 3, sizeof *unav);
    if (!cap || !req || !unav)
        return 1;
    /*
     * A weekly rota: IMG inspects Monday to Thursday, NCG Tuesday to Friday, each
     * with a municipality's own daily number; one day in twenty someone is on leave.
     * Capacity matches demand on average, so the plan has to choose.
     */
    double per_day = (double)n_req / n_muni / work_days;
    for (int g = 0; g < n_muni; g++) {
        int base[2] = {(int)(per_day * 1.25 * (0.8 + 0.4 * rnd(100) / 100.0)) + 1,
                       (int)(per_day * 1.25 * (0.8 + 0.4 * rnd(100) / 100.0)) + 1};
        for (int d = 0; d < days; d++) {
            int wd = sl_date_weekday(from + d);
            for (int o = 0; o < 2; o++) {
                bool works = o == 0 ? wd <= 3 : wd >= 1 && wd <= 4;
                if (!works || rnd(20) == 0)
                    continue;
                cap[in.n_capacity++] = (sl_plan_capacity){(sl_plan_org)o, 100 + g, from + d,
                                                          base[o] - 1 + (int)rnd(3)};
            }
        }
    }
    for (int i = 0; i < n_req; i++) {
        sl_plan_request *r = &req[i];
        r->gemeente = 100 + (int)rnd((unsigned)n_muni);
        r->earliest[0] = r->earliest[1] = from + (int)rnd((unsigned)(days * 2 / 3));
        r->unavailable = &unav[i * 3];
        r->n_unavailable = rnd(4);
        for (size_t h = 0; h < r->n_unavailable; h++)
            unav[i * 3 + (int)h] = from + (int)rnd((unsigned)days);
        if (rnd(10) == 0)
            r->weekdays = 1u << rnd(5);
    }
    in.capacity = cap;
    in.requests = req;
    in.n_requests = (size_t)n_req;

    double t0 = cpu_seconds();
    sl_plan_result res;
    if (!sl_plan(&in, &res)) {
        fprintf(stderr, "plan_bench: out of memory\n");
        return 1;
    }
    double t1 = cpu_seconds();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);

    size_t reasons[5] = {0};
    for (int i = 0; i < n_req; i++)
        reasons[res.joint[i].outcome]++;
    printf("requests %d, municipalities %d, %d working days (%d calendar days), "
           "%zu capacity lines\n",
           n_req, n_muni, work_days, days, in.n_capacity);
    printf("time (CPU, one core)  %.3f s\n", t1 - t0);
    printf("peak memory (RSS)     %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
    printf("pairs planned         %zu of at most %zu (flow bound), %.2f %% of the bound; %s\n",
           res.joint_quality.planned, res.upper_bound,
           res.upper_bound ? 100.0 * (double)res.joint_quality.planned / (double)res.upper_bound
                           : 100.0,
           res.proven_optimal ? "proven optimal" : "not proven optimal");
    printf("not planned           ");
    for (int o = 1; o < 5; o++)
        printf("%s %zu%s", sl_plan_outcome_code((sl_plan_outcome)o), reasons[o],
               o < 4 ? ", " : "\n");
    printf("\n%-18s %6s  %-15s  %-15s  %s\n", "", "pairs", "within 2 days", "mean gap (d)",
           "mean wait (d)");
    print_quality("joint", &res.joint_quality);
    print_quality("planning apart", &res.apart_quality);
    sl_plan_result_free(&res);
    free(cap);
    free(req);
    free(unav);
    return 0;
}
