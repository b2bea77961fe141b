/*
 * store.c - the storage interface's front door: picks a backend from the
 * target and routes each call through the backend's function table, so that
 * services never know which database they talk to.
 */
#include "store/store_impl.h"

#include <stdio.h>
#include <string.h>

bool sl_store_fail(sl_store *st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->errmsg, sizeof st->errmsg, fmt, ap);
    va_end(ap);
    return false;
}

/* A PostgreSQL target, which this version refuses with a message in err. */
static bool postgres_refused(const char *target, char *err, size_t errcap)
{
    if (strncmp(target, "postgresql://", 13) != 0 && strncmp(target, "postgres://", 11) != 0)
        return false;
    snprintf(err, errcap, "PostgreSQL-opslag is nog niet beschikbaar in deze versie");
    return true;
}

bool sl_store_open(const char *target, sl_store **out, char *err, size_t errcap)
{
    *out = NULL;
    return !postgres_refused(target, err, errcap) && sl_sqlite_open(target, out, err, errcap);
}

bool sl_store_open_looks(const char *target, sl_store **out, char *err, size_t errcap)
{
    *out = NULL;
    return !postgres_refused(target, err, errcap) &&
           sl_sqlite_open_looks(target, out, err, errcap);
}

void sl_store_close(sl_store *st)
{
    if (st)
        st->ops->close(st);
}

const char *sl_store_errmsg(const sl_store *st) { return st->errmsg; }
int sl_store_schema_version(sl_store *st) { return st->ops->schema_version(st); }
bool sl_store_begin(sl_store *st) { return st->ops->begin(st); }
bool sl_store_begin_load(sl_store *st, sl_kind kind) { return st->ops->begin_load(st, kind); }
bool sl_store_commit(sl_store *st) { return st->ops->commit(st); }
void sl_store_rollback(sl_store *st) { st->ops->rollback(st); }
bool sl_store_read_begin(sl_store *st) { return st->ops->read_begin(st); }
void sl_store_read_end(sl_store *st) { st->ops->read_end(st); }
bool sl_store_bulk_begin(sl_store *st, sl_kind kind) { return st->ops->bulk_begin(st, kind); }
bool sl_store_bulk_end(sl_store *st, sl_kind kind) { return st->ops->bulk_end(st, kind); }
bool sl_store_set_count(sl_store *st, sl_kind kind, int64_t n)
{
    return st->ops->set_count(st, kind, n);
}

bool sl_store_delivery_add(sl_store *st, const char *file, sl_kind kind, int64_t *id)
{
    return st->ops->delivery_add(st, file, kind, id);
}

bool sl_store_delivery_finish(sl_store *st, int64_t id, const sl_delivery_counts *c,
                              const char *sha256_hex)
{
    return st->ops->delivery_finish(st, id, c, sha256_hex);
}

bool sl_store_reject_add(sl_store *st, int64_t delivery_id, int64_t line, const char *column,
                         const char *reason)
{
    return st->ops->reject_add(st, delivery_id, line, column, reason);
}

bool sl_store_deliveries_scan(sl_store *st, sl_delivery_cb cb, void *ctx)
{
    return st->ops->deliveries_scan(st, cb, ctx);
}

bool sl_store_delivery_get(sl_store *st, int64_t id, sl_delivery_row *out, bool *found)
{
    return st->ops->delivery_get(st, id, out, found);
}

bool sl_store_delivery_set_door(sl_store *st, int64_t id, const char *door)
{
    return st->ops->delivery_set_door(st, id, door);
}

bool sl_store_delivery_hold(sl_store *st, int64_t id, int64_t wordt_afwezig, int64_t huidig)
{
    return st->ops->delivery_hold(st, id, wordt_afwezig, huidig);
}

bool sl_store_delivery_absent_add(sl_store *st, int64_t id, const char *sleutel)
{
    return st->ops->delivery_absent_add(st, id, sleutel);
}

bool sl_store_delivery_settle(sl_store *st, int64_t id, sl_delivery_state to, const char *door,
                              int64_t toegepast_in, bool *settled)
{
    return st->ops->delivery_settle(st, id, to, door, toegepast_in, settled);
}

bool sl_store_delivery_absent_of(sl_store *st, int64_t id, sl_key_cb cb, void *ctx)
{
    return st->ops->delivery_absent_of(st, id, cb, ctx);
}

const char *sl_delivery_state_name(sl_delivery_state s)
{
    switch (s) {
    case SL_DELIVERY_VERWERKT: return "verwerkt";
    case SL_DELIVERY_AANGEHOUDEN: return "aangehouden";
    case SL_DELIVERY_BEVESTIGD: return "bevestigd";
    case SL_DELIVERY_INGETROKKEN: return "ingetrokken";
    }
    return "";
}

bool sl_store_rejects_of(sl_store *st, int64_t delivery_id, sl_reject_cb2 cb, void *ctx)
{
    return st->ops->rejects_of(st, delivery_id, cb, ctx);
}

bool sl_store_scan_states(sl_store *st, sl_kind kind, sl_state_cb cb, void *ctx)
{
    return st->ops->scan_states(st, kind, cb, ctx);
}

bool sl_store_scan_address_keys(sl_store *st, sl_state_cb cb, void *ctx)
{
    return st->ops->scan_address_keys(st, cb, ctx);
}

bool sl_store_address_put(sl_store *st, const sl_address *a, uint64_t fingerprint,
                          int64_t delivery_id)
{
    return st->ops->address_put(st, a, fingerprint, delivery_id);
}

bool sl_store_address_add(sl_store *st, const sl_address *a, uint64_t fingerprint,
                          int64_t delivery_id)
{
    return st->ops->address_add(st, a, fingerprint, delivery_id);
}

bool sl_store_trajectory_put(sl_store *st, int64_t *rowid, const sl_trajectory *t,
                             int64_t address_id, uint64_t fingerprint, int64_t delivery_id)
{
    return st->ops->trajectory_put(st, rowid, t, address_id, fingerprint, delivery_id);
}

bool sl_store_claim_put(sl_store *st, int64_t *rowid, const sl_claim *c, int64_t address_id,
                        uint64_t fingerprint, int64_t delivery_id)
{
    return st->ops->claim_put(st, rowid, c, address_id, fingerprint, delivery_id);
}

bool sl_store_mark_absent(sl_store *st, sl_kind kind, int64_t rowid, int64_t delivery_id)
{
    return st->ops->mark_absent(st, kind, rowid, delivery_id);
}

bool sl_store_history_add(sl_store *st, const sl_history *h)
{
    return st->ops->history_add(st, h);
}

bool sl_store_matrix_active(sl_store *st, sl_matrix *out)
{
    return st->ops->matrix_active(st, out);
}

bool sl_store_scan_trajectory_claims(sl_store *st, sl_pair_cb cb, void *ctx)
{
    return st->ops->scan_trajectory_claims(st, cb, ctx);
}

bool sl_store_scan_classifications(sl_store *st, sl_class_cb cb, void *ctx)
{
    return st->ops->scan_classifications(st, cb, ctx);
}

bool sl_store_classification_put(sl_store *st, const sl_stored_class *sc)
{
    return st->ops->classification_put(st, sc);
}

bool sl_store_classification_delete(sl_store *st, int64_t address_id)
{
    return st->ops->classification_delete(st, address_id);
}

bool sl_store_counts(sl_store *st, sl_register_counts *out)
{
    return st->ops->counts(st, out);
}

bool sl_store_counts_in(sl_store *st, const char *gemeentecode, sl_register_counts *out)
{
    return st->ops->counts_in(st, gemeentecode, out);
}

bool sl_store_tally(sl_store *st, const char *gemeentecode, sl_tally *out)
{
    return st->ops->tally(st, gemeentecode, out);
}

/* ---- combination dossiers, signals, outbox -------------------------------- */

bool sl_store_signal_day_counts(sl_store *st, sl_date van, sl_date tot_en_met,
                                const char *gemeentecode, sl_signal_day_cb cb, void *ctx)
{
    return st->ops->signal_day_counts(st, van, tot_en_met, gemeentecode, cb, ctx);
}

bool sl_store_gemeentecodes(sl_store *st, sl_gemeentecode_cb cb, void *ctx)
{
    return st->ops->gemeentecodes(st, cb, ctx);
}

bool sl_store_dossier_facts(sl_store *st, int64_t address_id, sl_dossier_facts *out)
{
    return st->ops->dossier_facts(st, address_id, out);
}

bool sl_store_dossier_get(sl_store *st, int64_t address_id, sl_dossier_row *out, bool *found)
{
    return st->ops->dossier_get(st, address_id, out, found);
}

bool sl_store_dossier_put(sl_store *st, const sl_dossier_row *row)
{
    return st->ops->dossier_put(st, row);
}

bool sl_store_dossiers_baseline(sl_store *st) { return st->ops->dossiers_baseline(st); }

bool sl_store_element_put(sl_store *st, int64_t address_id, const sl_element_row *e)
{
    return st->ops->element_put(st, address_id, e);
}

bool sl_store_elements_of(sl_store *st, int64_t address_id, sl_element_cb cb, void *ctx)
{
    return st->ops->elements_of(st, address_id, cb, ctx);
}

bool sl_store_signal_ruleset(sl_store *st, sl_ruleset *out)
{
    return st->ops->signal_ruleset(st, out);
}

bool sl_store_signal_unfinished(sl_store *st, int32_t regel, int64_t address_id, bool *exists)
{
    return st->ops->signal_unfinished(st, regel, address_id, exists);
}

bool sl_store_signal_add(sl_store *st, sl_signal *s, int64_t delivery_id)
{
    return st->ops->signal_add(st, s, delivery_id);
}

bool sl_store_signal_get(sl_store *st, int64_t id, sl_signal *out, bool *found)
{
    return st->ops->signal_get(st, id, out, found);
}

bool sl_store_signal_update(sl_store *st, const sl_signal *s)
{
    return st->ops->signal_update(st, s);
}

bool sl_store_signals_scan(sl_store *st, const sl_signal_filter *f, sl_signal_cb cb, void *ctx)
{
    return st->ops->signals_scan(st, f, cb, ctx);
}

bool sl_store_scan_still_candidates(sl_store *st, sl_address_cb cb, void *ctx)
{
    return st->ops->scan_still_candidates(st, cb, ctx);
}

bool sl_store_outbox_add(sl_store *st, const char *soort, const char *onderwerp,
                         const char *sleutel, const char *gegevens)
{
    return st->ops->outbox_add(st, soort, onderwerp, sleutel, gegevens);
}

bool sl_store_address_get(sl_store *st, int64_t id, sl_address *out, bool *absent, bool *found)
{
    return st->ops->address_get(st, id, out, absent, found);
}

bool sl_store_addresses_by_key(sl_store *st, const char *key, sl_address_row_cb cb, void *ctx)
{
    return st->ops->addresses_by_key(st, key, cb, ctx);
}

bool sl_store_trajectories_of(sl_store *st, int64_t address_id, sl_trajectory_cb cb, void *ctx)
{
    return st->ops->trajectories_of(st, address_id, cb, ctx);
}

bool sl_store_claims_of(sl_store *st, int64_t address_id, sl_claim_cb cb, void *ctx)
{
    return st->ops->claims_of(st, address_id, cb, ctx);
}

bool sl_store_history_of_address(sl_store *st, int64_t address_id, sl_history_cb cb, void *ctx)
{
    return st->ops->history_of_address(st, address_id, cb, ctx);
}

bool sl_store_claim_get(sl_store *st, const char *img_id, sl_claim_record *out, bool *found)
{
    return st->ops->claim_get(st, img_id, out, found);
}

bool sl_store_trajectory_get(sl_store *st, const char *ncg_id, sl_trajectory_record *out,
                             bool *found)
{
    return st->ops->trajectory_get(st, ncg_id, out, found);
}

bool sl_store_claim_update(sl_store *st, sl_claim_record *rec, uint64_t fingerprint,
                           int64_t expect_versie, bool *stale)
{
    return st->ops->claim_update(st, rec, fingerprint, expect_versie, stale);
}

bool sl_store_trajectory_update(sl_store *st, sl_trajectory_record *rec, uint64_t fingerprint,
                                int64_t expect_versie, bool *stale)
{
    return st->ops->trajectory_update(st, rec, fingerprint, expect_versie, stale);
}

bool sl_store_classification_get(sl_store *st, int64_t address_id, sl_stored_class *out,
                                 bool *found)
{
    return st->ops->classification_get(st, address_id, out, found);
}

bool sl_store_contractor_damage_add(sl_store *st, sl_contractor_damage *d)
{
    return st->ops->contractor_damage_add(st, d);
}
