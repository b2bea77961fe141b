/*
 * termijn.h - terms (deadlines) as data and their pure evaluation on a day.
 *
 * A definition says what starts and ends a term, how long it is and how it is
 * counted (core/calendar.h); an evaluation takes one case's dates (start,
 * suspensions, extensions, the end event if it happened) and "today", and
 * gives the last day and the status. Nothing here reads a clock or a store:
 * the service supplies the dates, so the same evaluation serves the CLI, a
 * sweep and a benchmark of a million claims.
 */
#ifndef SL_CORE_TERMIJN_H
#define SL_CORE_TERMIJN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/records.h"

/* Who must act before the term ends. */
typedef enum sl_partij { SL_PARTIJ_OVERHEID, SL_PARTIJ_BEWONER } sl_partij;
const char *sl_partij_name(sl_partij p); /* "overheid", "bewoner" */

typedef struct sl_termijn_def {
    const char *soort;            /* key, e.g. "img_beslistermijn" */
    const char *omschrijving;     /* Dutch, for people */
    const char *organisatie;      /* the body that owns the step: "IMG", "NCG" */
    const char *start_gebeurtenis; /* what starts it, e.g. "ontvangen_op" */
    const char *eind_gebeurtenis; /* what ends it, e.g. "beschikking" */
    int32_t lengte;
    sl_term_unit eenheid;         /* working days are SL_UNIT_WORKING_DAYS */
    bool wettelijk;               /* statutory: the Algemene termijnenwet may apply */
    bool fataal;                  /* missing it has a consequence (penalty, compensation) */
    sl_partij verantwoordelijke;
    bool opschortbaar;            /* waiting for the resident suspends it */
    int32_t waarschuwing_dagen;   /* warn this many days before the end */
    int32_t regelversie;          /* the rule table's version this came from */
    bool aanname;                 /* a default the body still has to set (NCG steps) */
} sl_termijn_def;

/* The version of the shipped default table. */
#define SL_TERMIJN_REGELVERSIE 1

/* The shipped defaults (docs/glossary.md, decisions 123-127), in a fixed order. */
const sl_termijn_def *sl_termijn_defaults(size_t *n);
/* One default by soort, or NULL. */
const sl_termijn_def *sl_termijn_default(const char *soort);

typedef enum sl_termijn_status {
    SL_TERMIJN_LOPEND,     /* running, end not passed */
    SL_TERMIJN_VERSTREKEN, /* end passed without the end event, or the event came late */
    SL_TERMIJN_GEHAALD,    /* the end event on or before the end */
    SL_TERMIJN_OPGESCHORT, /* suspended today */
} sl_termijn_status;
const char *sl_termijn_status_name(sl_termijn_status s);

/* Time waiting for the resident: from `van` up to `tot` (not included); tot
 * SL_DATE_NONE while it lasts. */
typedef struct sl_opschorting {
    sl_date van, tot;
} sl_opschorting;

typedef struct sl_termijn_invoer {
    sl_date start;                        /* the start event's day */
    const sl_opschorting *opschortingen;  /* in any order; borrowed */
    size_t n_opschortingen;
    const sl_date *verlengingen;          /* new ends, oldest first; the last counts */
    size_t n_verlengingen;
    sl_date eind_gebeurtenis;             /* SL_DATE_NONE when it has not happened */
    sl_date vandaag;
} sl_termijn_invoer;

typedef struct sl_termijn_uitkomst {
    sl_date einde;              /* the last day, after extension, suspension and Atw */
    sl_termijn_status status;
    bool waarschuwing;          /* running and within its warning lead */
    int32_t opgeschorte_dagen;  /* days added by suspensions */
    int32_t dagen_resterend;    /* einde - vandaag (negative once passed) */
} sl_termijn_uitkomst;

/*
 * Evaluates one term. The end is: the last extension's new end, else the
 * definition's length after the start (core/calendar.h sl_term_end without
 * the Atw); then moved on by each suspension's days that fall inside the
 * term (only when the definition is suspendable); then, for a statutory term,
 * the Atw rules on the final day. A suspension still open on `vandaag` counts
 * up to and including `vandaag`.
 * False with *reason (Dutch) for a missing start, a suspension that ends
 * before it starts, an extension before the start, or a bad length.
 */
bool sl_termijn_evalueer(const sl_calendar *cal, const sl_termijn_def *def,
                         const sl_termijn_invoer *in, sl_termijn_uitkomst *out,
                         const char **reason);

/*
 * IMG's decision target (`def`, normally "img_beslistermijn") for one claim
 * as it stands on `vandaag`: from ontvangen_op until the claim reaches
 * beschikking. An undecided claim (voorbereiding, opname, zienswijze) is
 * running or missed; a decided one (beschikking, afgehandeld) is dated by its
 * fase_sinds: the decision's day for beschikking, and for afgehandeld the
 * day it closed, the latest the decision can have been (decision 126), or
 * `vandaag` when the register has no date. *eind_gebeurtenis gets that day
 * (SL_DATE_NONE while undecided). False when the claim has no ontvangen_op.
 */
bool sl_termijn_claim(const sl_calendar *cal, const sl_termijn_def *def, const sl_claim *c,
                      sl_date vandaag, sl_date *eind_gebeurtenis, sl_termijn_uitkomst *out);

#endif
