/*
 * verzoeken_store.h - SVIP information requests (verzoeken) in the store.
 * The rules (who registers, who answers, the legal basis) live in
 * service/verzoeken.c. Same conventions as store.h: false on failure with
 * the message on the handle (sl_store_errmsg); writes inside the caller's
 * transaction (sl_store_begin/commit).
 */
#ifndef SL_STORE_VERZOEKEN_STORE_H
#define SL_STORE_VERZOEKEN_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/roles.h"
#include "core/sharing.h"
#include "store/store.h"

/* What a request is about: SPEC §6's top three first, then anything else. */
typedef enum sl_verzoek_type {
    SL_VZ_STATUSUITWISSELING,  /* "statusuitwisseling": where does the other track stand */
    SL_VZ_MEDEWERKERS_KOPPELEN,/* "medewerkers_koppelen": link staff (buddies) */
    SL_VZ_VERSNELLING,         /* "versnelling": acceleration, prioritisation */
    SL_VZ_ANDERS,              /* "anders": any other question */
    SL_VZ_TYPE_COUNT
} sl_verzoek_type;

typedef enum sl_verzoek_status {
    SL_VZ_OPEN,       /* "open" */
    SL_VZ_BEANTWOORD, /* "beantwoord" */
    SL_VZ_STATUS_COUNT
} sl_verzoek_status;

const char *sl_verzoek_type_name(sl_verzoek_type t);     /* NULL out of range */
bool sl_verzoek_type_parse(const char *s, sl_verzoek_type *out);
const char *sl_verzoek_status_name(sl_verzoek_status s); /* NULL out of range */
bool sl_verzoek_status_parse(const char *s, sl_verzoek_status *out);

#define SL_VRAAG_MAX 2000    /* bytes of UTF-8 */
#define SL_ANTWOORD_MAX 4000
#define SL_VZ_TIME_CAP 21    /* "2026-11-23T07:41:51Z" */

/* One request as stored. Text fields are NUL-terminated within their caps. */
typedef struct sl_verzoek {
    int64_t id;
    sl_account_org org;               /* the requesting body: IMG or NCG */
    char aanvrager[SL_NAME_CAP];      /* the requesting account's name */
    sl_role aanvrager_rol;            /* svip, zaakbegeleider or bewonersbegeleider */
    int64_t address_id;
    sl_verzoek_type type;
    sl_doel doel;
    sl_grondslag grondslag;           /* GEEN, WETTELIJKE_TAAK or TOESTEMMING */
    char vraag[SL_VRAAG_MAX + 1];
    char antwoord[SL_ANTWOORD_MAX + 1]; /* "" while open */
    char beantwoord_door[SL_NAME_CAP];  /* "" while open */
    char ingediend_op[SL_VZ_TIME_CAP];
    char beantwoord_op[SL_VZ_TIME_CAP]; /* "" while open */
    sl_verzoek_status status;
    int64_t versie;                   /* 1 on insert, +1 on every update (set by the store) */
} sl_verzoek;

/* Inserts an open request; sets v->id and v->versie. */
bool sl_store_verzoek_add(sl_store *st, sl_verzoek *v);
/* Row `id`; *found false when there is none. */
bool sl_store_verzoek_get(sl_store *st, int64_t id, sl_verzoek *out, bool *found);
/*
 * Records the answer (antwoord, beantwoord_door, beantwoord_op, grondslag) of
 * request v->id if it is still open at versie v->versie: then sets the status
 * to beantwoord, bumps v->versie and sets *conflict false; else changes
 * nothing and sets *conflict true.
 */
bool sl_store_verzoek_answer(sl_store *st, sl_verzoek *v, bool *conflict);

/* A selection; each member set to "any" by sl_verzoek_filter_init. */
typedef struct sl_verzoek_filter {
    int status;              /* sl_verzoek_status, or -1 */
    int type;                /* sl_verzoek_type, or -1 */
    int64_t address_id;      /* 0: any */
    sl_account_org org;      /* the requesting body; NONE: any */
} sl_verzoek_filter;
void sl_verzoek_filter_init(sl_verzoek_filter *f);

typedef bool (*sl_verzoek_cb)(void *ctx, const sl_verzoek *v);
/* Every request the filter selects, oldest first. */
bool sl_store_verzoeken_scan(sl_store *st, const sl_verzoek_filter *f, sl_verzoek_cb cb,
                             void *ctx);
/* Counts per type and status of the requests of `org` (NONE: all). */
bool sl_store_verzoeken_count(sl_store *st, sl_account_org org,
                              int64_t out[SL_VZ_TYPE_COUNT][SL_VZ_STATUS_COUNT]);

#endif
