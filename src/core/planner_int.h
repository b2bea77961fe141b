/*
 * planner_int.h - what the planner's parts share (planner*.c only): requests
 * grouped per municipality with that municipality's capacity per day, and
 * each request's possible pairs in the order the planner prefers them.
 */
#ifndef SL_CORE_PLANNER_INT_H
#define SL_CORE_PLANNER_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/planner.h"

/* One municipality: its requests (input indices, ascending) and capacity per day. */
typedef struct plan_muni {
    int gemeente;
    const size_t *req;
    size_t n_req;
    int *cap[SL_PLAN_ORGS]; /* per day offset from in->from; 0 where no line */
} plan_muni;

typedef struct plan_groups {
    plan_muni *m;
    size_t n;
    int days;
    size_t *order; /* request indices by (gemeente, index); m[i].req points in here */
    int *capbuf;
} plan_groups;

bool plan_groups_build(const sl_plan_input *in, plan_groups *g);
void plan_groups_free(plan_groups *g);

/*
 * ok[o][d] = request r may have body o's inspection on day offset d: capacity
 * that day, on or after its earliest date, and (when `honour_unavailable`)
 * not a date it is unavailable. `days` entries per body are written.
 */
void plan_request_days(const sl_plan_input *in, const plan_muni *m, const sl_plan_request *r,
                       bool honour_unavailable, int days, unsigned char ok[][SL_PLAN_MAX_DAYS]);

/* A possible pair of a request: the day offsets of its IMG and NCG inspection. */
typedef struct plan_pair {
    short day[SL_PLAN_ORGS];
} plan_pair;

/*
 * Every municipality request's possible pairs, best first (preferred weekdays,
 * then the later day, then the gap, then the IMG day): those of local request
 * k are pairs[first[k] .. first[k + 1]).
 */
typedef struct plan_pairs {
    plan_pair *pairs;
    size_t *first; /* n_req + 1 entries */
} plan_pairs;

bool plan_pairs_build(const sl_plan_input *in, const plan_muni *m, int days, plan_pairs *p);
void plan_pairs_free(plan_pairs *p);

/*
 * The flow relaxations' bound for one municipality (planner_flow.c). With
 * `assign`, assign[o][k] is the pair (or -1) that the relaxation binding body
 * o's day suggests for local request k: a valid partial plan to start from.
 */
bool plan_muni_bound(const plan_muni *m, int days, const plan_pairs *p, size_t *bound,
                     long *assign[SL_PLAN_ORGS]);

#endif
