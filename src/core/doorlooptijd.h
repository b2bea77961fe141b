/*
 * doorlooptijd.h - lead times: how long a record stays in each phase or step,
 * from its status history, and the exact percentiles of those stays (issue 17,
 * decision 209).
 *
 * A stay runs from the day a record entered a status until the day it left
 * it, in whole days. The history of a record is its status changes, oldest
 * first, each with the day it happened (as the source says) and since when
 * the record had the status it left (as the delivery before said, decision
 * 233). The status a record had at its first delivery has no change row (the
 * baseline); its start is known only from the change that ends it. A stay
 * ends on a change's day only when the change moves exactly one step on in
 * the known order (sl_status_one_step): a move that skips statuses passed
 * through others on days nobody delivered, so the stay it ends is not
 * measured. A stay that has not ended is "running": measured up to the end
 * of the period asked ("so far"), and always kept apart from completed stays.
 * Pure: no I/O, no clock.
 */
#ifndef SL_CORE_DOORLOOPTIJD_H
#define SL_CORE_DOORLOOPTIJD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

/* One status change; van/naar -1 when the status is not known. */
typedef struct sl_status_change {
    int van, naar;
    sl_date datum;     /* SL_DATE_NONE when the source did not say */
    sl_date van_sinds; /* since when the record had van; SL_DATE_NONE when not known */
} sl_status_change;

/* The order a kind's statuses follow: sl_fase (claims) or sl_stap (trajectories). */
typedef enum sl_status_order { SL_ORDER_FASE, SL_ORDER_STAP } sl_status_order;

/*
 * Whether van -> naar is exactly one step on: voorbereiding -> opname ->
 * zienswijze -> beschikking -> afgehandeld; 1.2 -> 2.1 -> 3.1 -> 4.1 -> 4.2
 * -> 5.1 -> 5.2 -> opgeleverd, and 3.1 -> geen versterking.
 */
bool sl_status_one_step(sl_status_order order, int van, int naar);

/* A record's history and what it is now. */
typedef struct sl_status_track {
    const sl_status_change *changes; /* oldest first */
    size_t n;
    int status;    /* now; -1 when not known */
    sl_date sinds; /* since when, as the record says; SL_DATE_NONE when not known */
    bool absent;   /* no longer delivered: its current stay is not measured */
    sl_status_order order;
} sl_status_track;

/* The period asked: completed stays that ended on a day from van to tot
 * (van SL_DATE_NONE: no lower bound), and stays running at the end of tot. */
typedef struct sl_stay_period {
    sl_date van, tot;
} sl_stay_period;

typedef struct sl_stay {
    int status;
    int32_t dagen;
    bool afgerond; /* false: running at the end of the period, measured so far */
} sl_stay;
typedef bool (*sl_stay_cb)(void *ctx, const sl_stay *s);

/*
 * Calls cb for each measurable stay of t in the period, oldest first: a
 * stay whose start or end is not known, that a move skipping statuses (or
 * going back) ended, or that ends before it starts (a source's inconsistent
 * dates), is left out. Returns false as soon as cb does.
 */
bool sl_track_stays(const sl_status_track *t, sl_stay_period p, sl_stay_cb cb, void *ctx);

/*
 * The p-quantile (0 <= p <= 1) of n >= 1 ascending values, by linear
 * interpolation between the two nearest ranks: position (n - 1) * p, as
 * spreadsheets' PERCENTILE.INC and most statistics packages compute it (the
 * median of 2 and 4 is 3).
 */
double sl_quantile_sorted(const int32_t *v, size_t n, double p);

typedef struct sl_doorlooptijd {
    int64_t aantal;
    double mediaan, p80; /* days; 0 when aantal is 0 */
} sl_doorlooptijd;

/* The count, median and 80th percentile of v (sorted in place). */
void sl_doorlooptijd_of(int32_t *v, size_t n, sl_doorlooptijd *out);

#endif
