/*
 * doorlooptijd.c - stays from a status history and their percentiles (see
 * doorlooptijd.h).
 */
#include "core/doorlooptijd.h"

#include <stdlib.h>

#include "core/vocab.h"

static bool in_period(sl_stay_period p, sl_date d)
{
    return (p.van == SL_DATE_NONE || d >= p.van) && d <= p.tot;
}

/*
 * One stay from start to end (end SL_DATE_NONE: not ended): completed when it
 * ended within the period, running when it had begun and not yet ended at the
 * period's end.
 */
static bool stay(int status, sl_date start, sl_date end, sl_stay_period p, sl_stay_cb cb,
                 void *ctx)
{
    if (status < 0 || start == SL_DATE_NONE)
        return true;
    if (end != SL_DATE_NONE) {
        if (end < start)
            return true;
        if (in_period(p, end)) {
            sl_stay s = {status, end - start, true};
            if (!cb(ctx, &s))
                return false;
        }
    }
    if (start <= p.tot && (end == SL_DATE_NONE || end > p.tot)) {
        sl_stay s = {status, p.tot - start, false};
        return cb(ctx, &s);
    }
    return true;
}

bool sl_status_one_step(sl_status_order order, int van, int naar)
{
    if (order == SL_ORDER_FASE)
        return van >= 0 && van < (int)SL_FASE_AFGEHANDELD && naar == van + 1;
    if (van == (int)SL_STAP_3_1 && naar == (int)SL_STAP_GEEN_VERSTERKING)
        return true;
    return van >= 0 && van < (int)SL_STAP_OPGELEVERD && naar == van + 1;
}

bool sl_track_stays(const sl_status_track *t, sl_stay_period p, sl_stay_cb cb, void *ctx)
{
    int status = t->n ? t->changes[0].van : t->status;
    sl_date start = SL_DATE_NONE; /* the baseline's start: only its change says it */
    for (size_t i = 0; i < t->n; i++) {
        const sl_status_change *c = &t->changes[i];
        /* the source's own since-day of the status left, else the day the history
         * saw it begin (not when the history does not end in that status) */
        sl_date begun = c->van_sinds != SL_DATE_NONE ? c->van_sinds
                        : status == c->van           ? start
                                                     : SL_DATE_NONE;
        /* a change without a day is neither this stay's end nor the next one's start */
        if (c->datum != SL_DATE_NONE && sl_status_one_step(t->order, c->van, c->naar) &&
            !stay(c->van, begun, c->datum, p, cb, ctx))
            return false;
        status = c->naar;
        start = c->datum;
    }
    if (t->absent || status != t->status)
        return true; /* gone, or a history that does not end where the record is */
    /* the record's own "since" is the source's word on the current stay */
    if (t->sinds != SL_DATE_NONE)
        start = t->sinds;
    return stay(status, start, SL_DATE_NONE, p, cb, ctx);
}

double sl_quantile_sorted(const int32_t *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)h;
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (double)(v[lo + 1] - v[lo]);
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

void sl_doorlooptijd_of(int32_t *v, size_t n, sl_doorlooptijd *out)
{
    out->aantal = (int64_t)n;
    out->mediaan = out->p80 = 0;
    if (n == 0)
        return;
    qsort(v, n, sizeof *v, cmp_i32);
    out->mediaan = sl_quantile_sorted(v, n, 0.5);
    out->p80 = sl_quantile_sorted(v, n, 0.8);
}
