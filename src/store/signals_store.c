/*
 * signals_store.c - the signals and outbox family (store/signals_store.h), each call
 * routed to the backend's table (store/backend.h).
 */
#include "store/backend.h"

bool sl_store_signal_ruleset(sl_store *st, sl_ruleset *out)
{
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->signal_ruleset(st, out);
}

bool sl_store_signal_unfinished(sl_store *st, int32_t regel, int64_t address_id, bool *exists)
{
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->signal_unfinished(st, regel, address_id, exists);
}

bool sl_store_signal_add(sl_store *st, sl_signal *s, int64_t delivery_id)
{
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->signal_add(st, s, delivery_id);
}

bool sl_store_signal_get(sl_store *st, int64_t id, sl_signal *out, bool *found)
{
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->signal_get(st, id, out, found);
}

bool sl_store_signal_update(sl_store *st, const sl_signal *s)
{
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->signal_update(st, s);
}

bool sl_store_signals_scan(sl_store *st, const sl_signal_filter *f, sl_signal_cb cb, void *ctx)
{
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->signals_scan(st, f, cb, ctx);
}

bool sl_store_signal_day_counts(sl_store *st, sl_date van, sl_date tot_en_met,
                                const char *gemeentecode, sl_signal_day_cb cb, void *ctx)
{
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->signal_day_counts(st, van, tot_en_met, gemeentecode, cb, ctx);
}

bool sl_store_scan_still_candidates(sl_store *st, sl_address_cb cb, void *ctx)
{
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->scan_still_candidates(st, cb, ctx);
}

bool sl_store_outbox_add(sl_store *st, const char *soort, const char *onderwerp,
                         const char *sleutel, const char *gegevens)
{
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->outbox_add(st, soort, onderwerp, sleutel, gegevens);
}

bool sl_store_signal_ruleset_versie(sl_store *st, int32_t versie, sl_ruleset *out, bool *found)
{
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->signal_ruleset_versie(st, versie, out, found);
}

bool sl_store_signal_rules_put(sl_store *st, const sl_ruleset *rs)
{
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->signal_rules_put(st, rs);
}

bool sl_store_signal_addressee_add(sl_store *st, int64_t signal_id, int volgorde,
                                   const sl_addressee *a)
{
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->signal_addressee_add(st, signal_id, volgorde, a);
}
