/*
 * termijn_bench.c - evaluating every term of a 1M-claim register on one day.
 *
 * Generates N claims (default 1,000,000; deterministic) with the dates a
 * delivery carries, then times, on one peildatum:
 *   1. IMG's 182-day decision target for every claim (sl_termijn_claim, the
 *      function `termijnen list` calls per claim), with the status counts;
 *   2. the statutory 6-week objection term (Awb 6:7) from every claim's phase
 *      date, which walks the holiday calendar (sl_term_end);
 *   3. the floor: the same 182-day comparison as one line of arithmetic, no
 *      calendar, no status structure.
 * Prints the times, the ratio to the floor and the peak memory (bench/README.md).
 *
 * Usage: termijn_bench [CLAIMS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "core/calendar.h"
#include "core/termijn.h"

/* What a term needs of a claim: the register holds more, the evaluation reads these. */
typedef struct claim_dates {
    sl_date ontvangen_op, fase_sinds;
    sl_fase fase;
} claim_dates;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint32_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*s >> 33);
}

/* Received between 2018 and the peildatum; phases as in the seeds' figures: most closed. */
static void generate(claim_dates *c, size_t n, sl_date from, sl_date today)
{
    uint64_t seed = 2021;
    for (size_t i = 0; i < n; i++) {
        c[i].ontvangen_op = from + (sl_date)(next(&seed) % (uint32_t)(today - from));
        uint32_t p = next(&seed) % 100;
        c[i].fase = p < 55 ? SL_FASE_AFGEHANDELD : p < 62 ? SL_FASE_BESCHIKKING
                  : p < 75 ? SL_FASE_ZIENSWIJZE  : p < 88 ? SL_FASE_OPNAME
                                                 : SL_FASE_VOORBEREIDING;
        sl_date since = c[i].ontvangen_op + (sl_date)(next(&seed) % 400);
        c[i].fase_sinds = since < today ? since : today;
    }
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    sl_date from, today;
    if (n == 0 || !sl_date_from_ymd(2018, 1, 1, &from) ||
        !sl_date_from_ymd(2022, 8, 31, &today)) {
        fprintf(stderr, "usage: termijn_bench [CLAIMS]\n");
        return 2;
    }
    claim_dates *c = malloc(n * sizeof *c);
    if (!c) {
        fprintf(stderr, "termijn_bench: out of memory\n");
        return 1;
    }
    generate(c, n, from, today);
    const sl_termijn_def *def = sl_termijn_default("img_beslistermijn");
    sl_calendar cal = {0};

    double t0 = now_s();
    int64_t per_status[4] = {0}, warned = 0, undecided_missed = 0;
    sl_claim claim = {0};
    for (size_t i = 0; i < n; i++) {
        claim.ontvangen_op = c[i].ontvangen_op;
        claim.fase_sinds = c[i].fase_sinds;
        claim.fase = c[i].fase;
        sl_termijn_uitkomst u;
        if (sl_termijn_claim(&cal, def, &claim, today, NULL, &u)) {
            per_status[u.status]++;
            warned += u.waarschuwing;
            undecided_missed += sl_fase_open(claim.fase) && claim.fase != SL_FASE_BESCHIKKING &&
                                u.status == SL_TERMIJN_VERSTREKEN;
        }
    }
    double t_term = now_s() - t0;

    t0 = now_s();
    int64_t stretched = 0;
    for (size_t i = 0; i < n; i++) {
        sl_date end;
        if (sl_term_end(&cal, c[i].fase_sinds, 6, SL_UNIT_WEEKS, true, false, &end))
            stretched += end != c[i].fase_sinds + 42;
    }
    double t_atw = now_s() - t0;

    t0 = now_s();
    int64_t floor_missed = 0;
    for (size_t i = 0; i < n; i++)
        floor_missed += c[i].fase < SL_FASE_BESCHIKKING && today > c[i].ontvangen_op + 182;
    double t_floor = now_s() - t0;

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("claims                      %zu, peildatum 2022-08-31\n", n);
    printf("img_beslistermijn (182 d)   %.3f s  (%.0f per second)\n", t_term, (double)n / t_term);
    printf("  lopend %lld, verstreken %lld, gehaald %lld, opgeschort %lld; warned %lld\n",
           (long long)per_status[SL_TERMIJN_LOPEND], (long long)per_status[SL_TERMIJN_VERSTREKEN],
           (long long)per_status[SL_TERMIJN_GEHAALD], (long long)per_status[SL_TERMIJN_OPGESCHORT],
           (long long)warned);
    printf("awb 6:7 (6 weeks, Atw)      %.3f s  (%lld stretched by the Atw)\n", t_atw,
           (long long)stretched);
    printf("floor (one comparison)      %.3f s  (%lld undecided and missed)\n", t_floor,
           (long long)floor_missed);
    printf("peak memory                 %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
    free(c);
    /* the floor counts what the evaluation must count as missed among the undecided */
    if (undecided_missed != floor_missed) {
        fprintf(stderr, "termijn_bench: %lld undecided claims missed, the floor says %lld\n",
                (long long)undecided_missed, (long long)floor_missed);
        return 1;
    }
    return 0;
}
