/*
 * dwangsom.h - the penalty for a late decision after a notice of default
 * (ingebrekestelling), Awb art. 4:17. Pure; amounts in whole cents.
 *
 * Receipt of the notice on day R: the body has the two weeks R+1..R+14 to
 * decide. The first penalty day is R+15, the day after those two weeks; the
 * decision day D counts (the body is in default until it decides), so a
 * decision on D costs the days R+15..D, D - R - 14 of them, at most 42
 * (the last possible penalty day is R+56). A decision on R+14 or before costs
 * nothing. Days 1-14 cost EUR 23, 15-28 EUR 35, 29-42 EUR 45: at most
 * EUR 1,442. The Algemene termijnenwet stretches none of these days
 * (art. 4:17 lid 1), so weekends and holidays count like any day.
 */
#ifndef SL_CORE_DWANGSOM_H
#define SL_CORE_DWANGSOM_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"

#define SL_DWANGSOM_WACHTDAGEN 14   /* the two weeks after receipt */
#define SL_DWANGSOM_MAX_DAGEN 42
#define SL_DWANGSOM_MAX_CENTEN 144200

typedef struct sl_dwangsom {
    int32_t dagen;          /* penalty days so far, 0..42 */
    int64_t bedrag_centen;  /* what they cost */
    sl_date eerste_dag;     /* R+15: the first day that costs, decided or not */
    sl_date laatste_dag;    /* the last day counted; SL_DATE_NONE when none */
    sl_date maximum_op;     /* R+56: the day the maximum is reached */
    bool maximum_bereikt;   /* 42 days counted */
    bool loopt;             /* undecided and still growing on `vandaag` */
} sl_dwangsom;

/* The cost of the first `dagen` penalty days (clamped to 0..42), in cents. */
int64_t sl_dwangsom_bedrag(int32_t dagen);

/*
 * The penalty for a notice received on `ontvangen` and a decision on
 * `beslist`; for an undecided case pass SL_DATE_NONE and the day to count to
 * in `vandaag` (that day included). False, with *reason a Dutch sentence,
 * for a missing receipt date, a decision before the receipt, or no decision
 * and no `vandaag`.
 */
bool sl_dwangsom_bereken(sl_date ontvangen, sl_date beslist, sl_date vandaag, sl_dwangsom *out,
                         const char **reason);

#endif
