/*
 * store_impl.h - what a storage backend provides (for backends only;
 * services include store.h). A backend embeds `sl_store` as the first member
 * of its own handle and points `ops` at its function table; store.c routes
 * every public call through it.
 */
#ifndef SL_STORE_IMPL_H
#define SL_STORE_IMPL_H

#include <stdarg.h>

#include "store/store.h"

struct sl_accounts_ops; /* store/accounts_impl.h */
struct sl_logboek_ops;  /* store/logboek_impl.h */
struct sl_verzoeken_ops; /* store/verzoeken_impl.h */

typedef struct sl_store_ops {
    const char *name;
    /* sub-interfaces, each in its own header pair: accounts and the processing log */
    const struct sl_accounts_ops *accounts;
    const struct sl_logboek_ops *logboek;
    const struct sl_verzoeken_ops *verzoeken; /* SVIP information requests */
    void (*close)(sl_store *st);
    int (*schema_version)(sl_store *st);
    bool (*begin)(sl_store *st);
    bool (*begin_load)(sl_store *st, sl_kind kind);
    bool (*commit)(sl_store *st);
    void (*rollback)(sl_store *st);
    bool (*read_begin)(sl_store *st);
    void (*read_end)(sl_store *st);
    bool (*bulk_begin)(sl_store *st, sl_kind kind);
    bool (*bulk_end)(sl_store *st, sl_kind kind);
    bool (*set_count)(sl_store *st, sl_kind kind, int64_t n);
    bool (*delivery_add)(sl_store *st, const char *file, sl_kind kind, int64_t *id);
    bool (*delivery_finish)(sl_store *st, int64_t id, const sl_delivery_counts *c,
                            const char *sha256_hex);
    bool (*reject_add)(sl_store *st, int64_t delivery_id, int64_t line, const char *column,
                       const char *reason);
    bool (*deliveries_scan)(sl_store *st, sl_delivery_cb cb, void *ctx);
    bool (*delivery_get)(sl_store *st, int64_t id, sl_delivery_row *out, bool *found);
    bool (*rejects_of)(sl_store *st, int64_t delivery_id, sl_reject_cb2 cb, void *ctx);
    bool (*delivery_set_door)(sl_store *st, int64_t id, const char *door);
    bool (*delivery_hold)(sl_store *st, int64_t id, int64_t wordt_afwezig, int64_t huidig);
    bool (*delivery_absent_add)(sl_store *st, int64_t id, const char *sleutel);
    bool (*delivery_settle)(sl_store *st, int64_t id, sl_delivery_state to, const char *door,
                            int64_t toegepast_in, bool *settled);
    bool (*delivery_absent_of)(sl_store *st, int64_t id, sl_key_cb cb, void *ctx);
    bool (*scan_states)(sl_store *st, sl_kind kind, sl_state_cb cb, void *ctx);
    bool (*scan_address_keys)(sl_store *st, sl_state_cb cb, void *ctx);
    bool (*address_put)(sl_store *st, const sl_address *a, uint64_t fp, int64_t delivery_id);
    bool (*address_add)(sl_store *st, const sl_address *a, uint64_t fp, int64_t delivery_id);
    bool (*trajectory_put)(sl_store *st, int64_t *rowid, const sl_trajectory *t,
                           int64_t address_id, uint64_t fp, int64_t delivery_id);
    bool (*claim_put)(sl_store *st, int64_t *rowid, const sl_claim *c, int64_t address_id,
                      uint64_t fp, int64_t delivery_id);
    bool (*mark_absent)(sl_store *st, sl_kind kind, int64_t rowid, int64_t delivery_id);
    bool (*history_add)(sl_store *st, const sl_history *h);
    bool (*matrix_active)(sl_store *st, sl_matrix *out);
    bool (*scan_trajectory_claims)(sl_store *st, sl_pair_cb cb, void *ctx);
    bool (*scan_classifications)(sl_store *st, sl_class_cb cb, void *ctx);
    bool (*classification_put)(sl_store *st, const sl_stored_class *sc);
    bool (*classification_delete)(sl_store *st, int64_t address_id);
    bool (*counts)(sl_store *st, sl_register_counts *out);
    bool (*counts_in)(sl_store *st, const char *gemeentecode, sl_register_counts *out);
    bool (*tally)(sl_store *st, const char *gemeentecode, sl_tally *out);
    /* combination dossiers, signals, outbox */
    bool (*dossier_facts)(sl_store *st, int64_t address_id, sl_dossier_facts *out);
    bool (*dossier_get)(sl_store *st, int64_t address_id, sl_dossier_row *out, bool *found);
    bool (*dossier_put)(sl_store *st, const sl_dossier_row *row);
    bool (*dossiers_baseline)(sl_store *st);
    bool (*element_put)(sl_store *st, int64_t address_id, const sl_element_row *e);
    bool (*elements_of)(sl_store *st, int64_t address_id, sl_element_cb cb, void *ctx);
    bool (*signal_ruleset)(sl_store *st, sl_ruleset *out);
    bool (*signal_unfinished)(sl_store *st, int32_t regel, int64_t address_id, bool *exists);
    bool (*signal_add)(sl_store *st, sl_signal *s, int64_t delivery_id);
    bool (*signal_get)(sl_store *st, int64_t id, sl_signal *out, bool *found);
    bool (*signal_update)(sl_store *st, const sl_signal *s);
    bool (*signals_scan)(sl_store *st, const sl_signal_filter *f, sl_signal_cb cb, void *ctx);
    bool (*scan_still_candidates)(sl_store *st, sl_address_cb cb, void *ctx);
    bool (*outbox_add)(sl_store *st, const char *soort, const char *onderwerp,
                       const char *sleutel, const char *gegevens);
    bool (*address_get)(sl_store *st, int64_t id, sl_address *out, bool *absent, bool *found);
    bool (*addresses_by_key)(sl_store *st, const char *key, sl_address_row_cb cb, void *ctx);
    bool (*trajectories_of)(sl_store *st, int64_t address_id, sl_trajectory_cb cb, void *ctx);
    bool (*claims_of)(sl_store *st, int64_t address_id, sl_claim_cb cb, void *ctx);
    bool (*history_of_address)(sl_store *st, int64_t address_id, sl_history_cb cb, void *ctx);
    /* single-record reads and updates (API), rule 7's reports */
    bool (*claim_get)(sl_store *st, const char *img_id, sl_claim_record *out, bool *found);
    bool (*trajectory_get)(sl_store *st, const char *ncg_id, sl_trajectory_record *out,
                           bool *found);
    bool (*claim_update)(sl_store *st, sl_claim_record *rec, uint64_t fp, int64_t expect_versie,
                         bool *stale);
    bool (*trajectory_update)(sl_store *st, sl_trajectory_record *rec, uint64_t fp,
                              int64_t expect_versie, bool *stale);
    bool (*classification_get)(sl_store *st, int64_t address_id, sl_stored_class *out,
                               bool *found);
    bool (*contractor_damage_add)(sl_store *st, sl_contractor_damage *d);
    /* the dashboard's weekly signal figures (sqlite_signal_stats.c) */
    bool (*signal_day_counts)(sl_store *st, sl_date van, sl_date tot_en_met,
                              const char *gemeentecode, sl_signal_day_cb cb, void *ctx);
    bool (*gemeentecodes)(sl_store *st, sl_gemeentecode_cb cb, void *ctx);
} sl_store_ops;

#define SL_STORE_ERRMSG_CAP 512

struct sl_store {
    const sl_store_ops *ops;
    char errmsg[SL_STORE_ERRMSG_CAP];
};

/* Backend constructors. */
bool sl_sqlite_open(const char *path, sl_store **out, char *err, size_t errcap);
bool sl_sqlite_open_looks(const char *path, sl_store **out, char *err, size_t errcap);

#endif
