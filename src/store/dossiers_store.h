/*
 * dossiers_store.h - combination dossiers: the facts the signal rules see of
 * one address, the dossier row and its elements.
 *
 * Same conventions as store/store.h: false on failure with the message on
 * the handle (sl_store_errmsg); writes inside the caller's transaction
 * (sl_store_begin/commit). A backend implements these in its
 * sl_dossiers_ops table (store/backend.h).
 */
#ifndef SL_STORE_DOSSIERS_STORE_H
#define SL_STORE_DOSSIERS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dossier.h"
#include "core/records.h"
#include "core/signal.h"
#include "store/store.h"

/* ---- combination dossiers ---------------------------------------------- */

/* One address as the signal rules see it, plus its buddies as delivered. */
typedef struct sl_dossier_facts {
    sl_dossier_view view;
    sl_date last_change;                  /* latest stap_sinds / fase_sinds; NONE if unknown */
    char zaakbegeleider[SL_NAME_CAP];     /* of the lead claim: latest open, else latest */
    char bewonersbegeleider[SL_NAME_CAP]; /* of the current trajectory */
} sl_dossier_facts;
bool sl_store_dossier_facts(sl_store *st, int64_t address_id, sl_dossier_facts *out);
/*
 * The facts of n addresses at once (out[i] for ids[i]; an id may repeat): what
 * a signal run reads of every address it touched (decision 242). A backend
 * may read them in one statement; the default is sl_store_dossier_facts in a loop.
 */
bool sl_store_dossier_facts_many(sl_store *st, const int64_t *ids, size_t n,
                                 sl_dossier_facts *out);

typedef struct sl_dossier_row {
    int64_t address_id;
    char zaakbegeleider[SL_NAME_CAP];
    char bewonersbegeleider[SL_NAME_CAP];
    char coordinator[SL_NAME_CAP]; /* the coordinator account's login name; "" when none */
    int64_t coordinator_id;        /* that account's id; 0 when none */
    char samenwerking[32];
    bool actueel;
    int64_t versie;           /* set by the store: 1 on insert, +1 on each update */
    char aangemaakt_op[SL_TIMESTAMP_CAP];
    char gewijzigd_op[SL_TIMESTAMP_CAP];
} sl_dossier_row;
bool sl_store_dossier_get(sl_store *st, int64_t address_id, sl_dossier_row *out, bool *found);
/* sl_store_dossier_get of n addresses at once (out[i], found[i] for ids[i]; decision 242). */
bool sl_store_dossier_get_many(sl_store *st, const int64_t *ids, size_t n, sl_dossier_row *out,
                               bool *found);
/* Inserts or updates (by address) the row; the store keeps versie and the timestamps. */
bool sl_store_dossier_put(sl_store *st, const sl_dossier_row *row);
/* Creates or refreshes the row of every address that is a combination now (first load). */
bool sl_store_dossiers_baseline(sl_store *st);

typedef struct sl_element_row {
    sl_element element;
    sl_element_status status;
    sl_date gevraagd_op, geregeld_op, afgewezen_op;
    char door[SL_NAME_CAP];
} sl_element_row;
bool sl_store_element_put(sl_store *st, int64_t address_id, const sl_element_row *e);
typedef bool (*sl_element_cb)(void *ctx, const sl_element_row *e);
bool sl_store_elements_of(sl_store *st, int64_t address_id, sl_element_cb cb, void *ctx);

#endif
