/*
 * address_view_store.h - everything one address's dossier shows, read at once:
 * the address, its trajectories and claims, classification, combination
 * dossier and elements, signals, the latest consent per purpose, and the
 * status history with the deliveries it names, and what its terms are made of:
 * the term rules in force, the suspensions and extensions of its claims'
 * decision terms, its notices of default and its escalation cases (decision
 * 251). One consistent state of the
 * register (PostgreSQL: one statement, a snapshot by itself; SQLite: its
 * reads inside a read snapshot), so that a lookup is one round trip. What is
 * shown of it is the disclosure gate's decision (service/dossier.c), not the
 * store's: the view holds everything.
 */
#ifndef SL_STORE_ADDRESS_VIEW_STORE_H
#define SL_STORE_ADDRESS_VIEW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/classification_store.h"
#include "store/consent_store.h"
#include "store/dossiers_store.h"
#include "store/records_store.h"
#include "store/signals_store.h"
#include "store/store.h"
#include "store/termijnen_store.h"

/* The term a dossier shows per claim (service/dossier_termijnen.c): the view
 * reads the suspensions and extensions of this kind only. */
#define SL_VIEW_TERMIJN_SOORT "img_beslistermijn"

/* A delivery the history names: its file (as stored, with any folder) and kind. */
typedef struct sl_view_delivery {
    int64_t id;
    sl_kind kind;
    char bestand[256];
} sl_view_delivery;

typedef struct sl_address_view {
    bool found; /* the address is in the register (current or absent); else the rest is empty */
    sl_address address;
    bool absent;
    /* as sl_store_trajectories_of / sl_store_claims_of hand them out, in their order */
    sl_trajectory *traj;
    bool *traj_absent;
    size_t n_traj;
    sl_claim *claims;
    bool *claim_absent;
    size_t n_claims;
    bool has_class;
    sl_stored_class cls;
    bool has_dossier;
    sl_dossier_row dossier;
    sl_element_row *elements; /* as sl_store_elements_of */
    size_t n_elements;
    sl_signal *signals; /* every status, as sl_store_signals_scan filtered to the address */
    size_t n_signals;
    bool has_consent[SL_DOEL_COUNT]; /* as sl_store_consent_latest per purpose */
    sl_toestemming consent[SL_DOEL_COUNT];
    sl_history_row *history; /* as sl_store_history_of_address */
    size_t n_history;
    sl_view_delivery *deliveries; /* each delivery the history names, once, by id */
    size_t n_deliveries;
    /* the term rules in force, as sl_store_termijnregels_actief (versie 0: none stored) */
    int32_t regelversie;
    sl_termijn_regel *regels;
    size_t n_regels;
    /* of the claims' SL_VIEW_TERMIJN_SOORT terms, as sl_store_opschortingen_scan and
     * sl_store_verlengingen_scan per claim, claim after claim in the claims' order */
    sl_termijn_opschorting_rij *opschortingen;
    size_t n_opschortingen;
    sl_termijn_verlenging_rij *verlengingen;
    size_t n_verlengingen;
    sl_ingebrekestelling *notices; /* as sl_store_ingebrekestellingen_scan of the address */
    size_t n_notices;
    sl_escalatie *escalaties; /* the address's, every status, by id */
    size_t n_escalaties;
} sl_address_view;

/* Reads the view of address_id into *out (freed with sl_address_view_free, also
 * after a failure). */
bool sl_store_address_view(sl_store *st, int64_t address_id, sl_address_view *out);
void sl_address_view_free(sl_address_view *v);

/* For the backends: appends a zeroed item to *arr (of *n items of `size`
 * bytes, growing by doubling) and returns it; NULL when out of memory. */
void *sl_address_view_push(void **arr, size_t *n, size_t size);

#endif
