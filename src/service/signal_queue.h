/*
 * signal_queue.h - signals as one staff member may see them: the work queue,
 * one signal, and the answer after a transition. Every signal is composed for
 * its viewer through the disclosure gate (service/disclosure.h, purpose
 * samenloop): shown in full with a basis, neutrally without one where the
 * rule allows it, or not at all (core/disclosure.h); a signal shown across
 * the boundary writes its processing-log record before it is answered.
 */
#ifndef SL_SERVICE_SIGNAL_QUEUE_H
#define SL_SERVICE_SIGNAL_QUEUE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/signal.h"
#include "service/logboek.h"
#include "store/signals_store.h"

typedef enum sl_signal_scope {
    SL_SIGNALEN_VOOR_ORGANISATIE, /* my organisation's (default), or my role's for roles
                                     outside both bodies, or mine */
    SL_SIGNALEN_VOOR_MIJ,         /* naming me (login name or weergavenaam) */
    SL_SIGNALEN_VOOR_ROL,         /* my role at my organisation */
} sl_signal_scope;

/* Who reads. The actor's viewer carries role, organisation and account. */
typedef struct sl_signal_reader {
    const sl_actor *by;
    const char *weergavenaam;     /* "" when none */
    const sl_sharing_config *cfg;
    sl_date today;
} sl_signal_reader;

/* Whether the role works signals at all (case workers, SVIP, coordinator, interventieteam). */
bool sl_signals_role_works(sl_role r);

/* The work queue's order (API sorteer=). */
typedef enum sl_signal_order {
    SL_SIGNALEN_OUDSTE_EERST,  /* as raised (default) */
    SL_SIGNALEN_OP_VERVALDATUM,/* due date, soonest first; none last */
    SL_SIGNALEN_OP_ADRES,      /* woonplaats, straat, huisnummer, huisletter, toevoeging */
} sl_signal_order;

typedef struct sl_signal_query {
    sl_signal_filter f;
    sl_signal_scope scope;
    const char *gemeente;         /* NULL: any */
    sl_date vervalt_voor;         /* SL_DATE_NONE: any */
    bool lopend;                  /* only open and bevestigd (f.status then -1) */
    sl_signal_order order;
    bool descending;              /* the order reversed */
    size_t offset, limit;         /* the page */
    /* Out (may be NULL): how many the reader may see per rule (index = rule,
     * 0..SL_SIGNAL_RULE_SLOTS-1) under every filter except f.regel, so that a
     * work list can offer its rules with their counts. */
    int64_t *per_regel;
} sl_signal_query;

#define SL_SIGNAL_RULE_SLOTS 100

/*
 * The work queue: *items gets the page's signals as the reader may see them
 * (with "adres" in short), in q->order, *total how many the reader may see in
 * all. The page's cross-boundary records are written first, grouped per
 * address and part, in one transaction. False on a store error.
 */
bool sl_signal_queue(sl_store *st, const sl_signal_reader *r, const sl_signal_query *q,
                     json_t **items, size_t *total);

/*
 * One signal as the reader may see it (*out, a new reference); *found false
 * when it does not exist, is not addressed to the reader, or may not be shown
 * to them (the caller answers 404 for all three). Logs as the queue does.
 */
bool sl_signal_shown(sl_store *st, const sl_signal_reader *r, int64_t id, json_t **out,
                     bool *found);

/* Moves a signal the reader may see (else *not_found) and answers it as sl_signal_shown. */
bool sl_signal_move(sl_store *st, const sl_signal_reader *r, int64_t id, sl_signal_status to,
                    const char *reason, json_t **out, bool *not_found, char *err, size_t errcap);

/*
 * Moves several signals at once (a work list's selection), each as
 * sl_signal_move in its own transaction with its own log record: one that
 * someone else just finished, or that is not the reader's, does not hold back
 * the others (decision 166). *out gets one result per id, in the order given:
 * {"id", "status": 200|404|409|400, "signaal"} or {"id", "status", "fout"}.
 * *moved counts the 200s. False only on a store error before any result.
 */
bool sl_signal_move_many(sl_store *st, const sl_signal_reader *r, const int64_t *ids, size_t n,
                         sl_signal_status to, const char *reason, json_t **out, size_t *moved);

#endif
