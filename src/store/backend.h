/*
 * backend.h - what a storage backend implements (for backends only; services
 * include store.h and the family headers they use).
 *
 * A backend embeds `sl_store` as the first member of its own handle and
 * points `backend` at one constant sl_store_backend: the handle's lifecycle
 * and transactions, and one table of functions per table family. Each
 * public sl_store_* function is a thin wrapper in store/<family>_store.c that
 * calls the family's table: one indirect call, no lookup (decision 113).
 * A family the backend does not have yet is NULL: its calls then fail with a
 * message instead of crashing, so a backend can be written family by family.
 * Each function's contract is in the family's header; member `x` of a table
 * implements `sl_store_x`.
 */
#ifndef SL_STORE_BACKEND_H
#define SL_STORE_BACKEND_H

#include <stdarg.h>

#include "store/accounts_store.h"
#include "store/address_view_store.h"
#include "store/classification_store.h"
#include "store/consent_store.h"
#include "store/deliveries_store.h"
#include "store/dossiers_store.h"
#include "store/log_store.h"
#include "store/opnames_store.h"
#include "store/records_store.h"
#include "store/signals_store.h"
#include "store/store.h"
#include "store/termijnen_store.h"
#include "store/verzoeken_store.h"

/* records (store/records_store.h) */
typedef struct sl_records_ops {
    bool (*bulk_begin)(sl_store *st, sl_kind kind);
    bool (*bulk_end)(sl_store *st, sl_kind kind);
    bool (*scan_states)(sl_store *st, sl_kind kind, sl_state_cb cb, void *ctx);
    bool (*scan_address_keys)(sl_store *st, sl_state_cb cb, void *ctx);
    bool (*address_put)(sl_store *st, const sl_address *a, uint64_t fingerprint,
                        int64_t delivery_id);
    bool (*address_add)(sl_store *st, const sl_address *a, uint64_t fingerprint,
                        int64_t delivery_id);
    bool (*trajectory_put)(sl_store *st, int64_t *rowid, const sl_trajectory *t, int64_t address_id,
                           uint64_t fingerprint, int64_t delivery_id);
    bool (*claim_put)(sl_store *st, int64_t *rowid, const sl_claim *c, int64_t address_id,
                      uint64_t fingerprint, int64_t delivery_id);
    bool (*mark_absent)(sl_store *st, sl_kind kind, int64_t rowid, int64_t delivery_id);
    bool (*history_add)(sl_store *st, const sl_history *h);
    bool (*counts)(sl_store *st, sl_register_counts *out);
    bool (*counts_in)(sl_store *st, const char *gemeentecode, sl_register_counts *out);
    bool (*set_count)(sl_store *st, sl_kind kind, int64_t n);
    bool (*gemeentecodes)(sl_store *st, sl_gemeentecode_cb cb, void *ctx);
    bool (*address_get)(sl_store *st, int64_t id, sl_address *out, bool *absent, bool *found);
    bool (*addresses_by_key)(sl_store *st, const char *key, sl_address_row_cb cb, void *ctx);
    bool (*trajectories_of)(sl_store *st, int64_t address_id, sl_trajectory_cb cb, void *ctx);
    bool (*claims_of)(sl_store *st, int64_t address_id, sl_claim_cb cb, void *ctx);
    bool (*claim_get)(sl_store *st, const char *img_id, sl_claim_record *out, bool *found);
    bool (*trajectory_get)(sl_store *st, const char *ncg_id, sl_trajectory_record *out,
                           bool *found);
    bool (*claim_update)(sl_store *st, sl_claim_record *rec, uint64_t fingerprint,
                         int64_t expect_versie, bool *stale);
    bool (*trajectory_update)(sl_store *st, sl_trajectory_record *rec, uint64_t fingerprint,
                              int64_t expect_versie, bool *stale);
    bool (*contractor_damage_add)(sl_store *st, sl_contractor_damage *d);
    bool (*history_of_address)(sl_store *st, int64_t address_id, sl_history_cb cb, void *ctx);
    bool (*scan_status_changes)(sl_store *st, sl_kind kind, sl_status_change_cb cb, void *ctx);
    bool (*scan_status_records)(sl_store *st, sl_kind kind, sl_status_record_cb cb, void *ctx);
    bool (*first_known)(sl_store *st, int64_t address_id, sl_first_known_cb cb, void *ctx);
    /* NULL: writes go through at once (*held false; records_store.c) */
    bool (*bulk_begin_held)(sl_store *st, sl_kind kind, sl_before_send_cb before_send, void *ctx,
                            bool *held);
} sl_records_ops;

/* deliveries (store/deliveries_store.h) */
typedef struct sl_deliveries_ops {
    bool (*delivery_add)(sl_store *st, const char *file, sl_kind kind, int64_t *id);
    bool (*delivery_finish)(sl_store *st, int64_t id, const sl_delivery_counts *c,
                            const char *sha256_hex);
    bool (*reject_add)(sl_store *st, int64_t delivery_id, int64_t line, const char *column,
                       const char *reason, const char *row);
    bool (*deliveries_scan)(sl_store *st, sl_delivery_cb cb, void *ctx);
    bool (*delivery_get)(sl_store *st, int64_t id, sl_delivery_row *out, bool *found);
    bool (*rejects_of)(sl_store *st, int64_t delivery_id, sl_reject_cb2 cb, void *ctx);
    bool (*delivery_set_door)(sl_store *st, int64_t id, const char *door);
    bool (*delivery_hold)(sl_store *st, int64_t id, int64_t wordt_afwezig, int64_t huidig);
    bool (*delivery_absent_add)(sl_store *st, int64_t id, const char *sleutel);
    bool (*delivery_settle)(sl_store *st, int64_t id, sl_delivery_state to, const char *door,
                            int64_t toegepast_in, bool *settled);
    bool (*delivery_absent_of)(sl_store *st, int64_t id, sl_key_cb cb, void *ctx);
} sl_deliveries_ops;

/* classification (store/classification_store.h) */
typedef struct sl_classification_ops {
    bool (*matrix_active)(sl_store *st, sl_matrix *out);
    bool (*scan_trajectory_claims)(sl_store *st, sl_pair_cb cb, void *ctx);
    bool (*scan_classifications)(sl_store *st, sl_class_cb cb, void *ctx);
    bool (*classification_put)(sl_store *st, const sl_stored_class *sc);
    bool (*classification_delete)(sl_store *st, int64_t address_id);
    bool (*tally)(sl_store *st, const char *gemeentecode, sl_tally *out);
    bool (*classification_get)(sl_store *st, int64_t address_id, sl_stored_class *out, bool *found);
    bool (*regelset_versies)(sl_store *st, const char *soort, sl_regelset_versie_cb cb, void *ctx);
    bool (*regelset_activeer)(sl_store *st, const char *soort, int32_t versie,
                              const char *omschrijving, const char *door);
    bool (*matrix_versie)(sl_store *st, int32_t versie, sl_matrix *out, bool *found);
    bool (*matrix_cellen_put)(sl_store *st, const sl_matrix *m);
} sl_classification_ops;

/* dossiers (store/dossiers_store.h) */
typedef struct sl_dossiers_ops {
    bool (*dossier_facts)(sl_store *st, int64_t address_id, sl_dossier_facts *out);
    bool (*dossier_get)(sl_store *st, int64_t address_id, sl_dossier_row *out, bool *found);
    bool (*dossier_put)(sl_store *st, const sl_dossier_row *row);
    bool (*dossiers_baseline)(sl_store *st);
    bool (*element_put)(sl_store *st, int64_t address_id, const sl_element_row *e);
    bool (*elements_of)(sl_store *st, int64_t address_id, sl_element_cb cb, void *ctx);
    /* NULL: the one-address read in a loop (dossiers_store.c) */
    bool (*dossier_facts_many)(sl_store *st, const int64_t *ids, size_t n, sl_dossier_facts *out);
    bool (*dossier_get_many)(sl_store *st, const int64_t *ids, size_t n, sl_dossier_row *out,
                             bool *found);
} sl_dossiers_ops;

/* For the backends' outbox_claim: appends a copy of one claimed event to b,
 * whose items hold room for `cap` (allocated on the first call); false when
 * out of memory or full. */
bool sl_outbox_batch_add(sl_outbox_batch *b, size_t cap, int64_t id, const char *aangemaakt_op,
                         const char *soort, const char *onderwerp, const char *sleutel,
                         const char *gegevens, int32_t pogingen);

/* signals (store/signals_store.h) */
typedef struct sl_signals_ops {
    bool (*signal_ruleset)(sl_store *st, sl_ruleset *out);
    bool (*signal_ruleset_versie)(sl_store *st, int32_t versie, sl_ruleset *out, bool *found);
    bool (*signal_rules_put)(sl_store *st, const sl_ruleset *rs);
    bool (*signal_unfinished)(sl_store *st, int32_t regel, int64_t address_id, bool *exists);
    bool (*signal_add)(sl_store *st, sl_signal *s, int64_t delivery_id);
    bool (*signal_get)(sl_store *st, int64_t id, sl_signal *out, bool *found);
    bool (*signal_update)(sl_store *st, const sl_signal *s);
    bool (*signals_scan)(sl_store *st, const sl_signal_filter *f, sl_signal_cb cb, void *ctx);
    bool (*signal_day_counts)(sl_store *st, sl_date van, sl_date tot_en_met,
                              const char *gemeentecode, sl_signal_day_cb cb, void *ctx);
    bool (*scan_still_candidates)(sl_store *st, sl_address_cb cb, void *ctx);
    bool (*outbox_add)(sl_store *st, const char *soort, const char *onderwerp, const char *sleutel,
                       const char *gegevens);
    bool (*signal_addressee_add)(sl_store *st, int64_t signal_id, int volgorde,
                                 const sl_addressee *a);
    bool (*outbox_claim)(sl_store *st, const char *bezorger, int max, int64_t lease_ms,
                         sl_outbox_batch *out);
    bool (*outbox_delivered)(sl_store *st, int64_t id, const char *bezorger, bool *held);
    bool (*outbox_failed)(sl_store *st, int64_t id, const char *bezorger, int64_t retry_ms,
                          const char *reden, bool *held);
} sl_signals_ops;

/* accounts (store/accounts_store.h) */
typedef struct sl_accounts_ops {
    bool (*user_add)(sl_store *st, const sl_user *u, const char *pwhash, int64_t *id);
    bool (*user_get)(sl_store *st, const char *naam, sl_user *out, char *pwhash, bool *found);
    bool (*user_get_id)(sl_store *st, int64_t id, sl_user *out, bool *found);
    bool (*users_scan)(sl_store *st, sl_user_cb cb, void *ctx);
    bool (*user_set_active)(sl_store *st, int64_t id, bool actief);
    bool (*user_set_password)(sl_store *st, int64_t id, const char *pwhash);
    bool (*user_set_weergavenaam)(sl_store *st, int64_t id, const char *weergavenaam);
    bool (*user_set_levert_adressen)(sl_store *st, int64_t id, bool levert_adressen);
    bool (*login_failures)(sl_store *st, const char *naam, int64_t since, int64_t *n);
    bool (*login_attempt_add)(sl_store *st, const char *naam, int64_t tijdstip, bool gelukt,
                              int64_t *id);
    bool (*login_attempt_succeeded)(sl_store *st, int64_t id);
    bool (*login_attempts_purge)(sl_store *st, int64_t until);
    bool (*token_add)(sl_store *st, int64_t user_id, const char *hash_hex, const char *omschrijving,
                      int64_t now, int64_t *id);
    bool (*token_find)(sl_store *st, const char *hash_hex, sl_token_row *out, bool *found);
    bool (*token_user)(sl_store *st, const char *hash_hex, sl_token_row *token, sl_user *user,
                       bool *found);
    bool (*token_touch)(sl_store *st, int64_t id, int64_t now);
    bool (*token_revoke)(sl_store *st, int64_t id, int64_t now, bool *found);
    bool (*tokens_revoke_user)(sl_store *st, int64_t user_id, int64_t now, int64_t *n);
    bool (*token_get)(sl_store *st, int64_t id, sl_token_row *out, bool *found);
    bool (*tokens_scan)(sl_store *st, int64_t user_id, sl_token_cb cb, void *ctx);
    bool (*session_add)(sl_store *st, const char *hash_hex, int64_t user_id,
                        const char *csrf_hash_hex, int64_t now, int64_t *id);
    bool (*session_find)(sl_store *st, const char *hash_hex, sl_session_row *out, bool *found);
    bool (*session_touch)(sl_store *st, int64_t id, int64_t now);
    bool (*session_end)(sl_store *st, int64_t id, int64_t now);
    bool (*sessions_end_user)(sl_store *st, int64_t user_id, int64_t now, int64_t *n);
} sl_accounts_ops;

/* log (store/log_store.h) */
typedef struct sl_log_ops {
    bool (*log_head)(sl_store *st, int64_t *last_id, char hash[SL_LOG_HASH_CAP]);
    bool (*log_insert)(sl_store *st, const sl_log_record *r);
    bool (*log_append_durable)(sl_store *st, sl_log_record *recs, size_t n,
                               sl_log_link_fn link);
    bool (*log_checkpoint)(sl_store *st);
    bool (*log_scan)(sl_store *st, int64_t address_id, sl_log_cb cb, void *ctx);
    bool (*log_chain)(sl_store *st, sl_log_keten keten, sl_log_cb cb, void *ctx);
    bool (*log_heads)(sl_store *st, int64_t ids[SL_KETEN_COUNT],
                      char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP]);
    bool (*log_hash_at)(sl_store *st, sl_log_keten keten, int64_t id, char hash[SL_LOG_HASH_CAP],
                        bool *found);
    bool (*anchor_add)(sl_store *st, sl_log_anchor *a);
    bool (*anchor_latest)(sl_store *st, sl_log_anchor *out, bool *found);
    bool (*anchors_binding)(sl_store *st, sl_anchor_cb cb, void *ctx);
} sl_log_ops;

/* consent (store/consent_store.h) */
typedef struct sl_consent_ops {
    bool (*consent_add)(sl_store *st, sl_toestemming *t);
    bool (*consent_update)(sl_store *st, sl_toestemming *t, bool *conflict);
    bool (*consent_latest)(sl_store *st, int64_t address_id, sl_doel doel, sl_toestemming *out,
                           bool *found);
    bool (*consent_get)(sl_store *st, int64_t id, sl_toestemming *out, bool *found);
    bool (*consents_of)(sl_store *st, int64_t address_id, sl_consent_cb cb, void *ctx);
} sl_consent_ops;

/* verzoeken (store/verzoeken_store.h) */
typedef struct sl_verzoeken_ops {
    bool (*verzoek_add)(sl_store *st, sl_verzoek *v);
    bool (*verzoek_get)(sl_store *st, int64_t id, sl_verzoek *out, bool *found);
    bool (*verzoek_answer)(sl_store *st, sl_verzoek *v, bool *conflict);
    bool (*verzoeken_scan)(sl_store *st, const sl_verzoek_filter *f, sl_verzoek_cb cb, void *ctx);
    bool (*verzoeken_count)(sl_store *st, sl_account_org org,
                            int64_t out[SL_VZ_TYPE_COUNT][SL_VZ_STATUS_COUNT]);
} sl_verzoeken_ops;

/* opnames (store/opnames_store.h) */
typedef struct sl_opnames_ops {
    bool (*opnameverzoek_add)(sl_store *st, sl_opnameverzoek *v);
    bool (*opnameverzoek_get)(sl_store *st, int64_t id, sl_opnameverzoek *out, bool *found);
    bool (*opnameverzoek_set_status)(sl_store *st, int64_t id, int64_t expect_versie,
                                     sl_ov_status to, bool *stale);
    bool (*opnameverzoeken_scan)(sl_store *st, int status, int64_t address_id,
                                 sl_opnameverzoek_cb cb, void *ctx);
    bool (*capaciteit_put)(sl_store *st, const sl_capaciteit_row *r);
    bool (*capaciteit_scan)(sl_store *st, const char *gemeentecode, sl_capaciteit_cb cb,
                            void *ctx);
    bool (*planning_add)(sl_store *st, sl_planning *p);
    bool (*planning_get)(sl_store *st, int64_t id, sl_planning *out, bool *found);
    bool (*planning_update)(sl_store *st, sl_planning *p, int64_t expect_versie, bool *stale);
    bool (*planningen_scan)(sl_store *st, sl_planning_cb cb, void *ctx);
    bool (*planningsregel_put)(sl_store *st, int64_t planning_id, const sl_planningsregel *l);
    bool (*planningsregels_of)(sl_store *st, int64_t planning_id, sl_planningsregel_cb cb,
                               void *ctx);
    bool (*opname_add)(sl_store *st, sl_opname *o);
    bool (*opnames_scan)(sl_store *st, sl_date van, sl_date tot, int64_t address_id,
                         sl_opname_cb cb, void *ctx);
} sl_opnames_ops;
/* terms, notices, ledger, escalations (store/termijnen_store.h) */
typedef struct sl_termijnen_ops {
    bool (*termijnregels_actief)(sl_store *st, int32_t *versie, sl_termijn_regel_cb cb, void *ctx);
    bool (*termijnregels_max)(sl_store *st, int32_t *versie);
    bool (*termijnregels_publiceer)(sl_store *st, int32_t versie, const char *omschrijving,
                                    const char *door, const char *tijdstip,
                                    const sl_termijn_regel *r, size_t n);
    bool (*termijnregels_versies)(sl_store *st, sl_regelset_versie_cb cb, void *ctx);
    bool (*termijnregels_versie)(sl_store *st, int32_t versie, sl_termijn_regel_cb cb, void *ctx,
                                 bool *found);
    bool (*opschorting_add)(sl_store *st, sl_termijn_opschorting_rij *rij);
    bool (*verlenging_add)(sl_store *st, sl_termijn_verlenging_rij *rij);
    bool (*opschortingen_scan)(sl_store *st, const sl_termijn_zaak *zaak, sl_opschorting_cb cb,
                               void *ctx);
    bool (*verlengingen_scan)(sl_store *st, const sl_termijn_zaak *zaak, sl_verlenging_cb cb,
                              void *ctx);
    bool (*termijn_claims_scan)(sl_store *st, sl_termijn_claim_cb cb, void *ctx);
    bool (*termijn_trajecten_scan)(sl_store *st, sl_termijn_traject_cb cb, void *ctx);
    bool (*ingebrekestelling_add)(sl_store *st, sl_ingebrekestelling *n);
    bool (*ingebrekestelling_get)(sl_store *st, int64_t id, sl_ingebrekestelling *out, bool *found);
    bool (*ingebrekestelling_beslis)(sl_store *st, sl_ingebrekestelling *n, sl_date beslist_op,
                                     int64_t expect_versie, bool *stale);
    bool (*ingebrekestellingen_scan)(sl_store *st, int64_t address_id, sl_ingebrekestelling_cb cb,
                                     void *ctx);
    bool (*grootboekpost_add)(sl_store *st, sl_grootboekpost *p);
    bool (*grootboek_scan)(sl_store *st, const char *organisatie, int64_t address_id,
                           sl_grootboekpost_cb cb, void *ctx);
    bool (*escalatie_add)(sl_store *st, sl_escalatie *e, bool *bestaat);
    bool (*escalatie_get)(sl_store *st, int64_t id, sl_escalatie *out, bool *found);
    bool (*escalatie_update)(sl_store *st, sl_escalatie *e, int64_t expect_versie, bool *stale);
    bool (*escalaties_scan)(sl_store *st, const sl_escalatie_filter *f, sl_escalatie_lijst_cb cb,
                            void *ctx);
    bool (*escalatiegebeurtenis_add)(sl_store *st, sl_escalatiegebeurtenis *g);
    bool (*escalatiegebeurtenissen)(sl_store *st, int64_t escalatie_id,
                                    sl_escalatiegebeurtenis_cb cb, void *ctx);
} sl_termijnen_ops;

/* reads across families for one screen (store/address_view_store.h) */
typedef struct sl_views_ops {
    bool (*address_view)(sl_store *st, int64_t address_id, sl_address_view *out);
} sl_views_ops;

typedef struct sl_store_backend {
    const char *name; /* for messages: "sqlite", "postgresql" */
    /* the handle (store.h) */
    void (*close)(sl_store *st);
    int (*schema_version)(sl_store *st);
    bool (*ping)(sl_store *st);
    bool (*begin)(sl_store *st);
    bool (*begin_load)(sl_store *st, sl_kind kind);
    bool (*commit)(sl_store *st);
    void (*rollback)(sl_store *st);
    bool (*read_begin)(sl_store *st);
    void (*read_end)(sl_store *st);
    /* the table families; NULL for one the backend does not have (yet) */
    const sl_records_ops *records;
    const sl_deliveries_ops *deliveries;
    const sl_classification_ops *classification;
    const sl_dossiers_ops *dossiers;
    const sl_signals_ops *signals;
    const sl_accounts_ops *accounts;
    const sl_log_ops *log;
    const sl_consent_ops *consent;
    const sl_verzoeken_ops *verzoeken;
    const sl_opnames_ops *opnames;
    const sl_termijnen_ops *termijnen;
    const sl_views_ops *views;
} sl_store_backend;

#define SL_STORE_ERRMSG_CAP 512

struct sl_store {
    const sl_store_backend *backend;
    char errmsg[SL_STORE_ERRMSG_CAP];
};

/* Sets the handle's message that the backend lacks the family; returns NULL. */
const void *sl_store_family_missing(sl_store *st, const char *family);
/* The handle's table of `family`, or NULL with the message set. */
#define SL_STORE_FAMILY(st, family)                                                         \
    ((st)->backend->family ? (st)->backend->family : sl_store_family_missing((st), #family))

/* Backend constructors (store.c picks one by the target). */
bool sl_sqlite_open(const char *path, sl_store **out, char *err, size_t errcap);
bool sl_sqlite_open_looks(const char *path, sl_store **out, char *err, size_t errcap);
bool sl_pg_store_open(const char *conninfo, sl_store **out, char *err, size_t errcap);
bool sl_pg_store_open_looks(const char *conninfo, sl_store **out, char *err, size_t errcap);

#endif
