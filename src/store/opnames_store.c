/*
 * opnames_store.c - the names of a request's states, the unavailable dates as
 * one column, and the planning family (store/opnames_store.h) routed to the
 * backend.
 */
#include <stdio.h>
#include <string.h>

#include "store/backend.h"

static const char *const status_names[SL_OV_STATUS_COUNT] = {"open", "gepland", "bevestigd",
                                                             "ingetrokken"};

const char *sl_ov_status_name(sl_ov_status s)
{
    return (unsigned)s < SL_OV_STATUS_COUNT ? status_names[s] : NULL;
}

bool sl_ov_status_parse(const char *s, sl_ov_status *out)
{
    for (int i = 0; s && i < SL_OV_STATUS_COUNT; i++)
        if (strcmp(s, status_names[i]) == 0) {
            *out = (sl_ov_status)i;
            return true;
        }
    return false;
}

bool sl_opname_dates_format(const sl_date *d, size_t n, char *buf, size_t cap)
{
    if (cap < n * 11 + 1)
        return false;
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf[len++] = ',';
        sl_date_format(d[i], buf + len);
        len += 10;
    }
    buf[len] = '\0';
    return true;
}

bool sl_opname_dates_parse(const char *s, sl_date *out, size_t *n)
{
    *n = 0;
    while (s && *s) {
        const char *end = strchr(s, ',');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        const char *why;
        if (*n == SL_OV_UNAVAILABLE_MAX || !sl_date_parse(s, len, &out[*n], &why))
            return false;
        (*n)++;
        s = end ? end + 1 : NULL;
    }
    return true;
}

bool sl_store_opnameverzoek_add(sl_store *st, sl_opnameverzoek *v)
{
    const sl_opnames_ops *ops = SL_STORE_FAMILY(st, opnames);
    return ops && ops->opnameverzoek_add(st, v);
}

bool sl_store_opnameverzoek_get(sl_store *st, int64_t id, sl_opnameverzoek *out, bool *found)
{
    const sl_opnames_ops *ops = SL_STORE_FAMILY(st, opnames);
    return ops && ops->opnameverzoek_get(st, id, out, found);
}

bool sl_store_opnameverzoek_set_status(sl_store *st, int64_t id, int64_t expect_versie, sl_ov_status to, bool *stale)
{
    const sl_opnames_ops *ops = SL_STORE_FAMILY(st, opnames);
    return ops && ops->opnameverzoek_set_status(st, id, expect_versie, to, stale);
}

bool sl_store_opnameverzoeken_scan(sl_store *st, int status, int64_t address_id, sl_opnameverzoek_cb cb, void *ctx)
{
    const sl_opnames_ops *ops = SL_STORE_FAMILY(st, opnames);
    return ops && ops->opnameverzoeken_scan(st, status, address_id, cb, ctx);
}

bool sl_store_capaciteit_put(sl_store *st, const sl_capaciteit_row *r)
{
    const sl_opnames_ops *ops = SL_STORE_FAMILY(st, opnames);
    return ops && ops->capaciteit_put(st, r);
}

bool sl_store_capaciteit_scan(sl_store *st, const char *gemeentecode, sl_capaciteit_cb cb, void *ctx)
{
    const sl_opnames_ops *ops = SL_STORE_FAMILY(st, opnames);
    return ops && ops->capaciteit_scan(st, gemeentecode, cb, ctx);
}

bool sl_store_planning_add(sl_store *st, sl_planning *p)
{
    const sl_opnames_ops *ops = SL_STORE_FAMILY(st, opnames);
    return ops && ops->planning_add(st, p);
}

bool sl_store_planning_get(sl_store *st, int64_t id, sl_planning *out, bool *found)
{
    const sl_opnames_ops *ops = SL_STORE_FAMILY(st, opnames);
    return ops && ops->planning_get(st, id, out, found);
}

bool sl_store_planning_update(sl_store *st, sl_planning *p, int64_t expect_versie, bool *stale)
{
    const sl_opnames_ops *ops = SL_STORE_FAMILY(st, opnames);
    return ops && ops->planning_update(st, p, expect_versie, stale);
}

bool sl_store_planningen_scan(sl_store *st, sl_planning_cb cb, void *ctx)
{
    const sl_opnames_ops *ops = SL_STORE_FAMILY(st, opnames);
    return ops && ops->planningen_scan(st, cb, ctx);
}

bool sl_store_planningsregel_put(sl_store *st, int64_t planning_id, const sl_planningsregel *l)
{
    const sl_opnames_ops *ops = SL_STORE_FAMILY(st, opnames);
    return ops && ops->planningsregel_put(st, planning_id, l);
}

bool sl_store_planningsregels_of(sl_store *st, int64_t planning_id, sl_planningsregel_cb cb, void *ctx)
{
    const sl_opnames_ops *ops = SL_STORE_FAMILY(st, opnames);
    return ops && ops->planningsregels_of(st, planning_id, cb, ctx);
}

bool sl_store_opname_add(sl_store *st, sl_opname *o)
{
    const sl_opnames_ops *ops = SL_STORE_FAMILY(st, opnames);
    return ops && ops->opname_add(st, o);
}

bool sl_store_opnames_scan(sl_store *st, sl_date van, sl_date tot, int64_t address_id, sl_opname_cb cb, void *ctx)
{
    const sl_opnames_ops *ops = SL_STORE_FAMILY(st, opnames);
    return ops && ops->opnames_scan(st, van, tot, address_id, cb, ctx);
}
