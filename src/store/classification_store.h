/*
 * classification_store.h - the matrix rule table and the stored
 * classification of each NCG address, and their tallies.
 *
 * Same conventions as store/store.h: false on failure with the message on
 * the handle (sl_store_errmsg); writes inside the caller's transaction
 * (sl_store_begin/commit). A backend implements these in its
 * sl_classification_ops table (store/backend.h).
 */
#ifndef SL_STORE_CLASSIFICATION_STORE_H
#define SL_STORE_CLASSIFICATION_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/classify.h"
#include "core/delivery.h"
#include "core/tally.h"
#include "store/store.h"

/* ---- classification ---------------------------------------------------- */

/* The active matrix rule table. */
bool sl_store_matrix_active(sl_store *st, sl_matrix *out);

/*
 * Streams every current trajectory with the phases of its address's current
 * claims, grouped by address: cb is called once per (trajectory, claim) pair,
 * and once with has_claim false for a trajectory without claims.
 */
typedef bool (*sl_pair_cb)(void *ctx, int64_t address_id, sl_stap stap, bool has_claim,
                           sl_fase fase);
bool sl_store_scan_trajectory_claims(sl_store *st, sl_pair_cb cb, void *ctx);

/* A stored classification of one NCG address. */
typedef struct sl_stored_class {
    int64_t address_id;
    sl_stap stap;
    sl_fase fase;           /* most advanced open phase; SL_FASE_COUNT when none */
    sl_classification c;
} sl_stored_class;
typedef bool (*sl_class_cb)(void *ctx, const sl_stored_class *sc);
bool sl_store_scan_classifications(sl_store *st, sl_class_cb cb, void *ctx);
bool sl_store_classification_put(sl_store *st, const sl_stored_class *sc);
bool sl_store_classification_delete(sl_store *st, int64_t address_id);

/* Tallies the stored classifications; gemeentecode NULL for all municipalities. */
bool sl_store_tally(sl_store *st, const char *gemeentecode, sl_tally *out);

/* The stored classification of one address; *found false when it has none. */
bool sl_store_classification_get(sl_store *st, int64_t address_id, sl_stored_class *out,
                                 bool *found);

/* ---- the rule tables' versions (issue 17) -------------------------------- */

#define SL_REGELSET_TEKST_CAP 501
#define SL_REGELSET_DOOR_CAP 128

/* One version of a rule table of regelset: the reason is its omschrijving;
 * door is "" for a version samenloop seeded itself. */
typedef struct sl_regelset_versie {
    int32_t versie;
    bool actief;
    char omschrijving[SL_REGELSET_TEKST_CAP];
    char door[SL_REGELSET_DOOR_CAP];
    char ingevoerd_op[32];     /* ISO 8601 UTC */
} sl_regelset_versie;
typedef bool (*sl_regelset_versie_cb)(void *ctx, const sl_regelset_versie *v);

/* Every version of soort ("matrix" or "signaal"), newest first. */
bool sl_store_regelset_versies(sl_store *st, const char *soort, sl_regelset_versie_cb cb,
                               void *ctx);

/*
 * Adds version `versie` of soort, with its reason and author, and makes it the
 * one in force (the previous one stays as history); in the caller's
 * transaction, after the version's rows were written.
 */
bool sl_store_regelset_activeer(sl_store *st, const char *soort, int32_t versie,
                                const char *omschrijving, const char *door);

/* Version `versie` of the matrix; *found false when there is none. */
bool sl_store_matrix_versie(sl_store *st, int32_t versie, sl_matrix *out, bool *found);

/* Writes the cells of m as version m->version (caller's transaction). */
bool sl_store_matrix_cellen_put(sl_store *st, const sl_matrix *m);

#endif
