/*
 * signal.h - a signal as the register keeps it: which rule raised it for
 * which address, to whom, its lifecycle (open -> bevestigd -> afgerond, or
 * afgewezen with a reason) and its due date.
 */
#ifndef SL_CORE_SIGNAL_H
#define SL_CORE_SIGNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/records.h"
#include "core/signal_rules.h"

typedef enum sl_signal_status {
    SL_SIGNAAL_OPEN,
    SL_SIGNAAL_BEVESTIGD, /* acknowledged: someone is on it */
    SL_SIGNAAL_AFGEROND,  /* done */
    SL_SIGNAAL_AFGEWEZEN, /* dismissed, with a reason */
    SL_SIGNAAL_COUNT
} sl_signal_status;

const char *sl_signal_status_name(sl_signal_status s); /* "open", "bevestigd", ... */
bool sl_signal_status_parse(const char *s, size_t len, sl_signal_status *out);
/* open -> bevestigd; open|bevestigd -> afgerond; open|bevestigd -> afgewezen. */
bool sl_signal_transition_allowed(sl_signal_status from, sl_signal_status to);
/* Unfinished signals count against "one open signal per rule and address". */
static inline bool sl_signal_unfinished(sl_signal_status s)
{
    return s == SL_SIGNAAL_OPEN || s == SL_SIGNAAL_BEVESTIGD;
}

typedef enum sl_org { SL_ORG_IMG, SL_ORG_NCG, SL_ORG_BEIDE, SL_ORG_COUNT } sl_org;
const char *sl_org_name(sl_org o); /* "IMG", "NCG", "IMG+NCG" */

#define SL_ADDRESSEES_MAX 8
#define SL_TIMESTAMP_CAP 21 /* "2026-11-23T07:41:51Z" */
#define SL_REASON_CAP 401

typedef struct sl_addressee {
    sl_org org;
    const char *rol;            /* static: "svip", "zaakbegeleider", ... */
    char persoon[SL_NAME_CAP];  /* "" when not known */
} sl_addressee;

typedef struct sl_signal {
    int64_t id;
    int32_t regel;
    char variant[SL_RULE_VARIANT_CAP];
    int32_t regelversie;
    int64_t address_id;
    sl_signal_status status;
    char tekst[SL_RULE_TEXT_CAP];
    char aangemaakt_op[SL_TIMESTAMP_CAP];
    sl_date vervalt_op;
    char gewijzigd_door[SL_NAME_CAP]; /* who made the last transition */
    char gewijzigd_op[SL_TIMESTAMP_CAP];
    char reden[SL_REASON_CAP];        /* dismissal reason */
    size_t n_aan;
    sl_addressee aan[SL_ADDRESSEES_MAX];
} sl_signal;

/*
 * The addressees of a rule for one address: each SL_AAN_* bit in `aan`
 * becomes one addressee, with the person where the dossier names one
 * (zaakbegeleider, bewonersbegeleider, coordinator). A coordinator bit with
 * no coordinator assigned yields no addressee. Returns how many were written.
 */
size_t sl_signal_addressees(unsigned aan, const char *zaakbegeleider,
                            const char *bewonersbegeleider, const char *coordinator,
                            sl_addressee out[SL_ADDRESSEES_MAX]);

#endif
