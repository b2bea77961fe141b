/*
 * opnames_int.h - what service/opnames.c (requests, capacity) and
 * service/planningen.c (plans) share: field faults, the roles, the
 * processing-log record, capacity expanded to days. Not for other services.
 */
#ifndef SL_SERVICE_OPNAMES_INT_H
#define SL_SERVICE_OPNAMES_INT_H

#include "service/opnames.h"

/* Adds {"veld", "reden"} to res->fouten (made on first use). */
void opn_fault(sl_opn_result *res, const char *veld, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sets res->detail and returns rc. */
sl_outcome opn_fail(sl_opn_result *res, sl_outcome rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The store's message as a 500, after a rollback. */
sl_outcome opn_store_fail(sl_store *st, sl_opn_result *res);

/* ISO 8601 UTC of c->now, and the day it is. */
void opn_now_text(const sl_opn_ctx *c, char out[SL_OV_TIME_CAP]);
sl_date opn_today(const sl_opn_ctx *c);

/* A date field: NULL with a fault when present and not a date; *present false when absent. */
bool opn_date_field(sl_opn_result *res, json_t *obj, const char *veld, sl_date *out,
                    bool *present);

/* The planner role (capacity, plans); deny by default. */
bool opn_is_planner(const sl_actor *by);

/* One processing-log record inside the open transaction. */
bool opn_log(sl_store *st, const sl_actor *by, int64_t address_id, const char *categorieen,
             const char *actie, const char *gegevens);

/* "YYYY-MM-DD", or null for SL_DATE_NONE. */
json_t *opn_date_json(sl_date d);

/* "IMG"/"NCG" */
const char *opn_org_name(sl_plan_org o);

/* "0014" -> 14; 0 when not four digits or 0000. */
int opn_gemeente_int(const char *code);

#endif
