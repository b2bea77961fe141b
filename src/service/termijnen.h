/*
 * termijnen.h - every term in the register as it stands on one day (the
 * CLI's `termijnen list`; later the API's `termijnen` and the sweep).
 *
 * The terms are derived from the records with the term table in force
 * (service/termijnbeheer.h, decision 159) and each term's suspensions and
 * extensions: IMG's decision target for every current claim, the objection
 * term of a claim in beschikking (from its fase_sinds, the decision's day),
 * and each NCG step term no longer marked aanname for a trajectory in the
 * step that starts it (decision 188). The Awb 7:10 term needs objection
 * dates the register does not hold and is not listed.
 */
#ifndef SL_SERVICE_TERMIJNEN_H
#define SL_SERVICE_TERMIJNEN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/dwangsom.h"
#include "core/termijn.h"
#include "service/logboek.h"
#include "service/outcome.h"
#include "service/termijnbeheer.h"
#include "store/records_store.h"

/* One computed term; the pointers live until the callback returns. */
typedef struct sl_termijn_item {
    const sl_termijn_def *def;  /* soort, regelversie, verantwoordelijke, ... */
    int64_t nummeraanduiding_id;
    const char *img_id;         /* the claim; NULL for a trajectory's term */
    const char *ncg_id;         /* the trajectory; NULL for a claim's term */
    sl_date start;
    sl_date eind_gebeurtenis;   /* when the end event happened; SL_DATE_NONE when not */
    bool verlengd;              /* the term has been extended at least once */
    sl_termijn_uitkomst uitkomst;
} sl_termijn_item;

/* Called once per term; return false to stop (the listing then fails). */
typedef bool (*sl_termijn_item_cb)(void *ctx, const sl_termijn_item *it);

typedef struct sl_termijnen_telling {
    int64_t termijnen;
    int64_t per_status[4];     /* by sl_termijn_status */
    int64_t zonder_startdatum; /* current claims without ontvangen_op: no term to compute */
    int32_t regelversie;       /* the term table's version the terms were computed with */
} sl_termijnen_telling;

/*
 * Every term of the current (not absent) records on `vandaag`, in the order
 * the store scans them, in one read snapshot. False on a store failure
 * (sl_store_errmsg), when memory runs out, or when cb returned false.
 */
bool sl_termijnen_list(sl_store *st, const sl_calendar *cal, sl_date vandaag,
                       sl_termijn_item_cb cb, void *ctx, sl_termijnen_telling *telling);
/* The same with the term table `tabel` instead of the one in force (NULL: in
 * force): what a draft would make of the register, writing nothing. */
bool sl_termijnen_list_met(sl_store *st, const sl_calendar *cal, sl_date vandaag,
                           const sl_termijnregels *tabel, sl_termijn_item_cb cb, void *ctx,
                           sl_termijnen_telling *telling);
/* Whether the register dates kind d (decision 188): a kind it cannot date is
 * listed in the table but gives no terms. */
bool sl_termijn_soort_gedateerd(const sl_termijn_def *d);

/*
 * One term as the CLI contract's item (and the API's later):
 * {"soort", "nummeraanduiding_id", "img_id" | "ncg_id", "organisatie",
 *  "verantwoordelijke", "start", "einde", "status", "waarschuwing",
 *  "dagen_resterend", "gehaald_op" (null when the end event has not happened),
 *  "opgeschorte_dagen", "wettelijk", "fataal", "regelversie"}.
 * A new reference; NULL when memory runs out.
 */
json_t *sl_termijn_item_json(const sl_termijn_item *it);

/*
 * A penalty as the CLI contract's object: {"dagen", "bedrag" (a number in
 * euros: the day rates are whole euros, so it is exact), "bedrag_centen",
 * "ontvangen", "beslist" (null while undecided), "eerste_dag", "laatste_dag"
 * (null when no day counts), "maximum_op", "maximum_bereikt", "loopt"}.
 */
json_t *sl_dwangsom_json(sl_date ontvangen, sl_date beslist, const sl_dwangsom *d);

/* One suspension (van, tot: SL_DATE_NONE while it lasts; vervangt: the running
 * suspension it ends, 0 when none) or extension (van SL_DATE_NONE, tot the
 * new end) of one term, as the evaluation takes them. */
typedef struct sl_termijn_wijziging {
    int64_t id, vervangt;
    sl_date van, tot;
} sl_termijn_wijziging;

/*
 * A term from `start` evaluated on `vandaag` with its suspensions (a running
 * one ended by a later row counts as that row) and extensions (oldest first,
 * the last counts); `decided` the end event's day or SL_DATE_NONE. False
 * when the evaluation refuses the changes (core/termijn.h).
 */
bool sl_termijn_met_wijzigingen(const sl_calendar *cal, const sl_termijn_def *def,
                                sl_date start, sl_date decided, sl_date vandaag,
                                const sl_termijn_wijziging *os, size_t n_os,
                                const sl_termijn_wijziging *vs, size_t n_vs,
                                sl_termijn_uitkomst *out);

/* A selection of terms for the API; NULL / SL_DATE_NONE: any. */
typedef struct sl_termijn_filter {
    const char *soort;
    int status;              /* sl_termijn_status, or -1 */
    const char *organisatie; /* "IMG", "NCG" */
    const char *gemeente;    /* 4 digits: the BAG ids of that municipality begin with them */
    sl_date einde_voor;      /* the end lies before this day */
} sl_termijn_filter;

/*
 * One page (from 1) of the terms `by` may see on `vandaag` as
 * {"items":[...], "pagina", "per_pagina", "totaal", "regelversie"}, only the
 * page's items built, so a million terms cost one pass and one page of JSON.
 * The list is a body's own work list (decision 162): IMG's staff
 * (zaakbegeleider, svip) see IMG's terms, NCG's staff NCG's; the other body's
 * terms are not listed (deny by default: across bodies they belong in the
 * dossier, behind the disclosure gate) and everyone else gets SL_FORBIDDEN.
 */
sl_outcome sl_termijnen_page_json(sl_store *st, const sl_actor *by, const sl_termijn_filter *f,
                                  sl_date vandaag, long page, long per_page, json_t **out,
                                  char *err, size_t cap);

#endif
