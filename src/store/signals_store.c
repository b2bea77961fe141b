/*
 * signals_store.c - the signals and outbox family (store/signals_store.h), each call
 * routed to the backend's table (store/backend.h).
 */
#include "core/alloc.h"
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

void sl_outbox_batch_free(sl_outbox_batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        sl_outbox_message *m = &b->items[i];
        sl_free(m->aangemaakt_op);
        sl_free(m->soort);
        sl_free(m->onderwerp);
        sl_free(m->sleutel);
        sl_free(m->gegevens);
    }
    sl_free(b->items);
    b->items = NULL;
    b->n = 0;
}

bool sl_outbox_batch_add(sl_outbox_batch *b, size_t cap, int64_t id, const char *aangemaakt_op,
                         const char *soort, const char *onderwerp, const char *sleutel,
                         const char *gegevens, int32_t pogingen)
{
    if (!b->items && !(b->items = sl_calloc(cap ? cap : 1, sizeof *b->items)))
        return false;
    if (b->n >= cap)
        return false;
    sl_outbox_message *m = &b->items[b->n];
    *m = (sl_outbox_message){.id = id, .pogingen = pogingen,
                             .aangemaakt_op = sl_strdup(aangemaakt_op),
                             .soort = sl_strdup(soort), .onderwerp = sl_strdup(onderwerp),
                             .sleutel = sl_strdup(sleutel), .gegevens = sl_strdup(gegevens)};
    b->n++; /* counted at once, so that sl_outbox_batch_free frees what was copied */
    return m->aangemaakt_op && m->soort && m->onderwerp && m->sleutel && m->gegevens;
}

bool sl_store_outbox_claim(sl_store *st, const char *bezorger, int max, int64_t lease_ms,
                           sl_outbox_batch *out)
{
    out->items = NULL;
    out->n = 0;
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->outbox_claim(st, bezorger, max, lease_ms, out);
}

bool sl_store_outbox_delivered(sl_store *st, int64_t id, const char *bezorger, bool *held)
{
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->outbox_delivered(st, id, bezorger, held);
}

bool sl_store_outbox_failed(sl_store *st, int64_t id, const char *bezorger, int64_t retry_ms,
                            const char *reden, bool *held)
{
    const sl_signals_ops *o = SL_STORE_FAMILY(st, signals);
    return o && o->outbox_failed(st, id, bezorger, retry_ms, reden, held);
}
