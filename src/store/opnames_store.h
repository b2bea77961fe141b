/*
 * opnames_store.h - joint inspection planning in the store (issue 14): the
 * residents' requests (opnameverzoeken), each body's capacity (a weekly rota
 * and exceptions per date), stored plans with one line per request, and the
 * inspections (opnames) a confirmed plan makes. The rules live in
 * service/opnames.c. Same conventions as store.h: false on failure with the
 * message on the handle; writes inside the caller's transaction.
 */
#ifndef SL_STORE_OPNAMES_STORE_H
#define SL_STORE_OPNAMES_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/planner.h"
#include "core/roles.h"
#include "store/store.h"

typedef enum sl_ov_status {
    SL_OV_OPEN,        /* "open": waits for a plan */
    SL_OV_GEPLAND,     /* "gepland": in a plan not yet confirmed */
    SL_OV_BEVESTIGD,   /* "bevestigd": both inspections are appointments */
    SL_OV_INGETROKKEN, /* "ingetrokken": withdrawn */
    SL_OV_STATUS_COUNT
} sl_ov_status;

const char *sl_ov_status_name(sl_ov_status s); /* NULL out of range */
bool sl_ov_status_parse(const char *s, sl_ov_status *out);

#define SL_OV_UNAVAILABLE_MAX 60 /* a resident's unavailable dates per request */
#define SL_OV_TIME_CAP 21        /* "2026-11-23T07:41:51Z" */

/* The unavailable dates as one column: "2027-04-14,2027-04-15" ("" for none). format
 * fails when cap is too small; parse fails on a bad date or more than SL_OV_UNAVAILABLE_MAX. */
bool sl_opname_dates_format(const sl_date *d, size_t n, char *buf, size_t cap);
bool sl_opname_dates_parse(const char *s, sl_date *out, size_t *n);

/* One request as stored. */
typedef struct sl_opnameverzoek {
    int64_t id;
    int64_t address_id;
    char gemeentecode[5];
    bool gezamenlijk;                 /* the resident wants a joint inspection */
    sl_date niet_beschikbaar[SL_OV_UNAVAILABLE_MAX]; /* ascending */
    size_t n_niet_beschikbaar;
    unsigned voorkeur_weekdagen;      /* bit 0 Monday .. bit 6 Sunday; 0: none */
    sl_date vroegst[SL_PLAN_ORGS];    /* per body (SL_PLAN_IMG, SL_PLAN_NCG) */
    sl_ov_status status;
    char vastgelegd_door[SL_NAME_CAP];
    sl_role vastgelegd_rol;
    char vastgelegd_op[SL_OV_TIME_CAP];
    int64_t versie;                   /* 1 on insert, +1 on every change (set by the store) */
} sl_opnameverzoek;

/* Inserts an open request; sets v->id and v->versie. Fails (constraint) when the
 * address already has one that is not withdrawn. */
bool sl_store_opnameverzoek_add(sl_store *st, sl_opnameverzoek *v);
bool sl_store_opnameverzoek_get(sl_store *st, int64_t id, sl_opnameverzoek *out, bool *found);
/* Sets the status of request id if its versie is still expect_versie (bumping it);
 * otherwise changes nothing and sets *stale. */
bool sl_store_opnameverzoek_set_status(sl_store *st, int64_t id, int64_t expect_versie,
                                       sl_ov_status to, bool *stale);
/* status -1: any; address_id 0: any. Oldest first. */
typedef bool (*sl_opnameverzoek_cb)(void *ctx, const sl_opnameverzoek *v);
bool sl_store_opnameverzoeken_scan(sl_store *st, int status, int64_t address_id,
                                   sl_opnameverzoek_cb cb, void *ctx);

/* A capacity line: the rota (weekdag 1..7, datum NONE) or an exception (weekdag 0, datum). */
typedef struct sl_capaciteit_row {
    sl_plan_org org;
    char gemeentecode[5];
    int weekdag;
    sl_date datum;
    int opnames;
    char gewijzigd_door[SL_NAME_CAP];
    char gewijzigd_op[SL_OV_TIME_CAP];
} sl_capaciteit_row;

/* Inserts or replaces the line of (org, gemeentecode, weekdag or datum). */
bool sl_store_capaciteit_put(sl_store *st, const sl_capaciteit_row *r);
/* The rota lines (by org, municipality, weekday), then the exceptions (by org,
 * municipality, date); gemeentecode NULL or "": every municipality. */
typedef bool (*sl_capaciteit_cb)(void *ctx, const sl_capaciteit_row *r);
bool sl_store_capaciteit_scan(sl_store *st, const char *gemeentecode, sl_capaciteit_cb cb,
                              void *ctx);

typedef enum sl_planning_status { SL_PLANNING_CONCEPT, SL_PLANNING_BEVESTIGD } sl_planning_status;

#define SL_PLANNING_KWALITEIT_CAP 1024

typedef struct sl_planning {
    int64_t id;
    sl_date van, tot;
    sl_planning_status status;
    char kwaliteit[SL_PLANNING_KWALITEIT_CAP]; /* JSON: {"kwaliteit":…, "los_gepland":…} */
    char gemaakt_door[SL_NAME_CAP];
    char gemaakt_op[SL_OV_TIME_CAP];
    char bevestigd_door[SL_NAME_CAP]; /* "" while a concept */
    char bevestigd_op[SL_OV_TIME_CAP];
    int64_t versie;
} sl_planning;

/* Inserts a concept plan; sets p->id and p->versie. */
bool sl_store_planning_add(sl_store *st, sl_planning *p);
bool sl_store_planning_get(sl_store *st, int64_t id, sl_planning *out, bool *found);
/* Writes status, kwaliteit and bevestigd_* of p->id if its versie is still
 * expect_versie, bumping p->versie; otherwise changes nothing and sets *stale. */
bool sl_store_planning_update(sl_store *st, sl_planning *p, int64_t expect_versie, bool *stale);
/* Newest first. */
typedef bool (*sl_planning_cb)(void *ctx, const sl_planning *p);
bool sl_store_planningen_scan(sl_store *st, sl_planning_cb cb, void *ctx);

/* One request in a plan: both days, or SL_DATE_NONE and the reason. */
typedef struct sl_planningsregel {
    int64_t opnameverzoek_id;
    sl_date day[SL_PLAN_ORGS];
    char reden[24]; /* "gepland" or sl_plan_outcome_code */
} sl_planningsregel;

/* Inserts or replaces the line of (planning_id, l->opnameverzoek_id). */
bool sl_store_planningsregel_put(sl_store *st, int64_t planning_id, const sl_planningsregel *l);
/* By request id. */
typedef bool (*sl_planningsregel_cb)(void *ctx, const sl_planningsregel *l);
bool sl_store_planningsregels_of(sl_store *st, int64_t planning_id, sl_planningsregel_cb cb,
                                 void *ctx);

/* One body's inspection at one address. */
typedef struct sl_opname {
    int64_t id;
    int64_t opnameverzoek_id;
    int64_t address_id;
    char gemeentecode[5];
    sl_plan_org org;
    sl_date datum;
    int64_t planning_id;
    char vastgelegd_op[SL_OV_TIME_CAP];
} sl_opname;

/* Inserts an inspection; sets o->id. */
bool sl_store_opname_add(sl_store *st, sl_opname *o);
/* Inspections from `van` to `tot` inclusive (NONE: open end) and of address_id
 * (0: any), by date, municipality, body. */
typedef bool (*sl_opname_cb)(void *ctx, const sl_opname *o);
bool sl_store_opnames_scan(sl_store *st, sl_date van, sl_date tot, int64_t address_id,
                           sl_opname_cb cb, void *ctx);

#endif
