/*
 * planner.h - the joint inspection planner (issue 14, SPEC §4.7).
 *
 * For a period, capacity per (body, municipality, day) and requests, it gives
 * each request either a pair (IMG date, NCG date) at most two calendar days
 * apart, both in the period, both on or after the body's earliest date, neither
 * on a date the resident is unavailable, never over a body's capacity for that
 * municipality and day; or the reason it could not be planned. The aim, in
 * order: the largest number of pairs; then early; then same day before one or
 * two days apart (docs/planning.md, decisions 128-131).
 *
 * Beside it, the plan each body would make on its own (first come first
 * served, input order, each its earliest free slot) and the quality of both.
 *
 * Pure: no I/O. Municipalities are planned independently; a request's
 * municipality is a CBS code 1..9999. Dates are day numbers (core/date.h).
 */
#ifndef SL_CORE_PLANNER_H
#define SL_CORE_PLANNER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"

typedef enum { SL_PLAN_IMG = 0, SL_PLAN_NCG = 1 } sl_plan_org;
#define SL_PLAN_ORGS 2
/* The longest period planned at once, in days (the service refuses longer). */
#define SL_PLAN_MAX_DAYS 366
/* Two inspections of one request are at most this many calendar days apart. */
#define SL_PLAN_MAX_GAP 2

typedef struct sl_plan_capacity {
    sl_plan_org org;
    int gemeente;
    sl_date day;
    int opnames; /* inspections that body can do there that day; < 0 counts as 0 */
} sl_plan_capacity;

typedef struct sl_plan_request {
    int gemeente;
    sl_date earliest[SL_PLAN_ORGS]; /* per body; the JSON input has one for both */
    const sl_date *unavailable;     /* the resident's unavailable dates, any order */
    size_t n_unavailable;
    /* preferred weekdays, bit 0 Monday .. bit 6 Sunday; 0 = no preference (soft) */
    unsigned weekdays;
} sl_plan_request;

typedef struct sl_plan_input {
    sl_date from, to; /* inclusive; from <= to, at most SL_PLAN_MAX_DAYS days */
    const sl_plan_capacity *capacity;
    size_t n_capacity;
    const sl_plan_request *requests;
    size_t n_requests;
    /*
     * A municipality with at most this many plannable requests whose heuristic
     * plan falls short of the upper bound is searched exhaustively (bounded by
     * SL_PLAN_EXACT_NODES). 0 = SL_PLAN_EXACT_DEFAULT; negative = never.
     */
    int exact_max;
} sl_plan_input;
#define SL_PLAN_EXACT_DEFAULT 12
#define SL_PLAN_EXACT_NODES 2000000L

typedef enum {
    SL_PLAN_PLANNED = 0,
    SL_PLAN_NO_CAPACITY,    /* a body has no capacity day in the period from the earliest date */
    SL_PLAN_NO_OVERLAP,     /* both have days, but none two days or less apart */
    SL_PLAN_UNAVAILABLE,    /* every such pair touches a date the resident is unavailable */
    SL_PLAN_CAPACITY_TAKEN, /* possible pairs exist, but their capacity went to others */
} sl_plan_outcome;

/* The reason as the JSON answer names it ("geen_capaciteit", ...); "gepland" for PLANNED. */
const char *sl_plan_outcome_code(sl_plan_outcome o);
/* The reason in plain Dutch for a person. */
const char *sl_plan_outcome_text(sl_plan_outcome o);

typedef struct sl_plan_item {
    sl_plan_outcome outcome;
    sl_date day[SL_PLAN_ORGS]; /* SL_DATE_NONE where not planned */
} sl_plan_item;

typedef struct sl_plan_quality {
    size_t requests;   /* all requests */
    size_t planned;    /* with both inspections planned */
    size_t within_two; /* planned at most SL_PLAN_MAX_GAP days apart */
    double share_within_two; /* within_two / requests (0 without requests) */
    double mean_gap;         /* over planned: |IMG date - NCG date| */
    double mean_wait;        /* over planned: earliest date to the later inspection */
} sl_plan_quality;

typedef struct sl_plan_result {
    sl_plan_item *joint; /* one per request, in input order */
    sl_plan_item *apart; /* planning apart: each body's own date or SL_DATE_NONE */
    sl_plan_quality joint_quality, apart_quality;
    size_t upper_bound;  /* no valid plan has more pairs (flow relaxation, decision 128) */
    bool proven_optimal; /* joint_quality.planned is the maximum (met the bound or exact search) */
} sl_plan_result;

/*
 * Plans `in` into `out` (zeroed first; free with sl_plan_result_free). The
 * input is taken as valid (the service checks it). Returns false when memory
 * runs out or the period is not 1..SL_PLAN_MAX_DAYS days; then `out` holds nothing.
 */
bool sl_plan(const sl_plan_input *in, sl_plan_result *out);
void sl_plan_result_free(sl_plan_result *r);

/*
 * Planning apart alone: items[i].day[org] is the earliest day from request i's
 * earliest date, in the period and not unavailable, on which that body still
 * has capacity once requests 0..i-1 took theirs. False when memory runs out.
 */
bool sl_plan_apart(const sl_plan_input *in, sl_plan_item *items);

/* The quality of a plan of in's requests (items in input order). */
sl_plan_quality sl_plan_measure(const sl_plan_input *in, const sl_plan_item *items);

/*
 * The upper bound alone: the smaller of two max-flow relaxations per
 * municipality (docs/planning.md). False when memory runs out.
 */
bool sl_plan_upper_bound(const sl_plan_input *in, size_t *bound);

/*
 * Checking a plan someone changed by hand (a moved pair) against the same rules
 * (issue 14 point 5). A planned item (outcome PLANNED) must have both days in
 * the period, each on or after its body's earliest date, neither unavailable,
 * at most SL_PLAN_MAX_GAP days apart; and no (body, municipality, day) may
 * hold more planned inspections than its capacity. Items not PLANNED are
 * ignored.
 */
typedef enum sl_plan_fault {
    SL_PLAN_VALID = 0,
    SL_PLAN_OUTSIDE_PERIOD, /* a day before from or after to */
    SL_PLAN_TOO_EARLY,      /* before the body's earliest date */
    SL_PLAN_ON_UNAVAILABLE, /* on a date the resident is unavailable */
    SL_PLAN_GAP_TOO_LARGE,  /* more than SL_PLAN_MAX_GAP days apart */
    SL_PLAN_OVER_CAPACITY,  /* over the body's capacity for that municipality and day */
} sl_plan_fault;

/* The fault in plain Dutch for a person; "" for SL_PLAN_VALID. */
const char *sl_plan_fault_text(sl_plan_fault f);

/*
 * The first fault of items (one per request of in, input order): *index the
 * request and *org the body concerned (capacity and earliest date; for the
 * others the first day that breaks the rule). SL_PLAN_VALID when the plan
 * keeps every rule. *ok false when memory runs out (then nothing is judged).
 */
sl_plan_fault sl_plan_check(const sl_plan_input *in, const sl_plan_item *items, size_t *index,
                            sl_plan_org *org, bool *ok);

#endif
