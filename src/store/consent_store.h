/*
 * consent_store.h - consent (toestemming) in the store: requests, what became
 * of them, withdrawals and the second person's confirmation. The rules live
 * in service/consent.c. Same conventions as store.h: false on failure with
 * the message on the handle (sl_store_errmsg); writes inside the caller's
 * transaction (sl_store_begin/commit).
 */
#ifndef SL_STORE_CONSENT_STORE_H
#define SL_STORE_CONSENT_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/records.h"
#include "core/roles.h"
#include "core/sharing.h"
#include "store/store.h"

#define SL_CONSENT_TIME_CAP 25 /* "2026-11-23T07:41:51.123Z", as the processing log's */

#define SL_KANAAL_CAP 16
#define SL_KENMERK_CAP 65    /* a GUO form's reference: up to 64 bytes */

typedef enum sl_beoordeling {
    SL_BEOORDELING_GEEN,      /* not assessed yet */
    SL_BEOORDELING_AKKOORD,
    SL_BEOORDELING_AFGEWEZEN, /* the consent does not count (e.g. not informed) */
    SL_BEOORDELING_COUNT
} sl_beoordeling;

/* One consent row: a request and what became of it (migration 0013). */
typedef struct sl_toestemming {
    int64_t id;
    int64_t address_id;
    sl_doel doel;
    sl_date aangevraagd_op;
    sl_date gegeven_op;          /* the day signed or given; SL_DATE_NONE until given */
    char kanaal[SL_KANAAL_CAP];  /* "post", "balie", "telefoon", "digitaal", "mijn_woning";
                                    "" until given */
    char formulier_kenmerk[SL_KENMERK_CAP]; /* the signed GUO form's reference; "" for none */
    sl_date ingetrokken_op;      /* SL_DATE_NONE unless withdrawn */
    char ingetrokken_door[SL_NAME_CAP];     /* "" unless withdrawn */
    sl_beoordeling beoordeling;
    char vastgelegd_door[SL_NAME_CAP];      /* who recorded the consent given (or the request) */
    sl_account_org vastgelegd_org;          /* that account's body; NONE for a resident */
    char bevestigd_door[SL_NAME_CAP];       /* the second person; "" until confirmed */
    char bevestigd_op[SL_CONSENT_TIME_CAP];     /* ISO 8601 UTC; "" until confirmed */
    int64_t versie;              /* 1 on insert, +1 on every update (set by the store) */
} sl_toestemming;

/* Inserts a row; sets t->id and t->versie. */
bool sl_store_consent_add(sl_store *st, sl_toestemming *t);
/* Updates row t->id if its versie is still t->versie: then bumps t->versie and
 * sets *conflict false; else changes nothing and sets *conflict true. */
bool sl_store_consent_update(sl_store *st, sl_toestemming *t, bool *conflict);
/* The latest row of (address, purpose); *found false when there is none. */
bool sl_store_consent_latest(sl_store *st, int64_t address_id, sl_doel doel,
                             sl_toestemming *out, bool *found);
/* Row `id`; *found false when there is none. */
bool sl_store_consent_get(sl_store *st, int64_t id, sl_toestemming *out, bool *found);
typedef bool (*sl_consent_cb)(void *ctx, const sl_toestemming *t);
/* Every row of an address, oldest first. */
bool sl_store_consents_of(sl_store *st, int64_t address_id, sl_consent_cb cb, void *ctx);

#endif
