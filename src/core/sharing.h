/*
 * sharing.h - lawful sharing (SPEC §4.4): what one viewer may see of one
 * address, for one purpose, on one day. Deny by default.
 *
 * An address's dossier has two parts: the IMG part (schades: the damage
 * claims) and the NCG part (traject: the strengthening trajectory). For each
 * part the decision says whether it is shown, on which basis (grondslag) and
 * which data categories the purpose allows; or, when withheld, why, in plain
 * Dutch. The decision is pure: the caller gathers the facts (the address's
 * municipality, an open trajectory, an undecided claim, the consent state for
 * (address, purpose)) and "today", and writes a processing-log record when
 * the decision says so (sl_share_decision.log).
 *
 * The rules, by role (SPEC §2):
 *  - zaakbegeleider (IMG), bewonersbegeleider (NCG), svip (IMG or NCG): their
 *    own organisation's part always (basis eigen_organisatie, every category
 *    of that part); the other organisation's part only with a basis: the
 *    statutory task (samenloop, see sl_share_statutory) when the purpose is
 *    one the statute covers, else consent given for this address and this
 *    purpose. A svip access is always logged.
 *  - coordinator, interventieteam: both parts, each only with a basis
 *    (statutory or consent), whatever organisation the viewer belongs to,
 *    and only for a dossier assigned to them (sl_share_subject.assigned: the
 *    coordinator the combination dossier names; for the interventieteam an
 *    escalation, until deadlines exist an unfinished rule-8 signal). The
 *    service gathers that fact (service/sharing.c); the rule is here.
 *  - bewoner: the addresses linked to the account fully (basis eigen_adres);
 *    any other address is "not found" (not_found: the caller answers 404, as
 *    for an address that does not exist, so that existence does not leak).
 *  - management, gemeente: no personal data at all, only aggregates
 *    (sl_share_may_see_aggregates); gemeente only its own municipality.
 *  - beheerder: no dossier content; the processing log only
 *    (sl_share_may_read_log).
 *  - datasteward, planner: none of the dossiers.
 *  - an unknown role, an organisation that does not fit the role, an
 *    unknown purpose or a purpose that does not belong to the role: nothing.
 *
 * Consent is per address and purpose: consent for one purpose never opens
 * another, and only consent in effect opens anything (a consent waiting for
 * its second person is not). A withdrawn consent ends the consent basis at once; the statutory
 * basis does not rest on consent and is not ended by a withdrawal
 * (docs/decisions.md).
 */
#ifndef SL_CORE_SHARING_H
#define SL_CORE_SHARING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/records.h"
#include "core/roles.h"

/*
 * The purposes (doelen) a dossier may be looked at for. Names are the keys
 * in the API, the consent table and the processing log.
 */
typedef enum sl_doel {
    /* "samenloop": coordinating a samenloop/combination dossier between the
     * buddies, the coordinator and the interventieteam. */
    SL_DOEL_COORDINATIE,
    /* "statusuitwisseling": telling the other organisation where a case
     * stands (phase or step, dates, who the buddy is). */
    SL_DOEL_STATUSUITWISSELING,
    /* "svip_verzoek": answering an information request at the SVIP desk. */
    SL_DOEL_SVIP_VERZOEK,
    /* "integraal_plan": repair carried out with the strengthening, where an
     * amount already paid and the resident's choice count. Needs consent:
     * the statutory task does not cover amounts. */
    SL_DOEL_INTEGRAAL_PLAN,
    /* "eigen_inzage": the resident looks at their own data (AVG art. 15). */
    SL_DOEL_EIGEN_INZAGE,
    SL_DOEL_COUNT
} sl_doel;

const char *sl_doel_name(sl_doel d); /* "samenloop", ...; NULL out of range */
bool sl_doel_parse(const char *s, size_t len, sl_doel *out);
/* Whether a role may look at dossiers for this purpose at all. */
bool sl_doel_fits_role(sl_doel d, sl_role r);

/* The two parts of an address's dossier. */
typedef enum sl_share_part_id {
    SL_DEEL_SCHADES, /* IMG: the damage claims */
    SL_DEEL_TRAJECT, /* NCG: the strengthening trajectory */
    SL_DEEL_COUNT
} sl_share_part_id;
const char *sl_share_part_name(sl_share_part_id p); /* "schades", "traject" */

/*
 * Data categories, as a bit set. The fields of each part, per category:
 *   id         schades: img_id               traject: ncg_id
 *   status     fase, fase_sinds              stap, stap_sinds
 *   datums     ontvangen_op                  aannemersovereenkomst
 *   contact    zaakbegeleider                bewonersbegeleider
 *   kenmerken  regeling, urgent, aos,        risicoprofiel, batch, programma,
 *              aos_gegrond                   bijzondere_situatie
 *   keuze      -                             keuze_bewoner
 *   bedragen   besluit_bedrag                -
 */
enum {
    SL_CAT_ID = 1u << 0,
    SL_CAT_STATUS = 1u << 1,
    SL_CAT_DATUMS = 1u << 2,
    SL_CAT_CONTACT = 1u << 3,
    SL_CAT_KENMERKEN = 1u << 4,
    SL_CAT_KEUZE = 1u << 5,
    SL_CAT_BEDRAGEN = 1u << 6,
    SL_CAT_ALL = (1u << 7) - 1
};
/* The categories that exist in a part (schades has no keuze, traject no bedragen). */
unsigned sl_share_part_categories(sl_share_part_id p);
/* The categories a purpose allows in the other organisation's part. */
unsigned sl_doel_categories(sl_doel d);
/* The category a field of a part belongs to (names as in the table above);
 * 0 for a field the part does not have. */
unsigned sl_share_field_category(sl_share_part_id p, const char *field);
/* "id,status,contact" in bit order ("" for none); buf of at least 64 bytes. */
void sl_share_categories_format(unsigned cats, char *buf, size_t cap);

/* Why a part may be shown. */
typedef enum sl_grondslag {
    SL_GRONDSLAG_GEEN,              /* withheld */
    SL_GRONDSLAG_EIGEN_ORGANISATIE, /* the viewer's own organisation's cases */
    SL_GRONDSLAG_WETTELIJKE_TAAK,   /* the coordination AMvB: samenloop */
    SL_GRONDSLAG_TOESTEMMING,       /* the resident's consent for this purpose */
    SL_GRONDSLAG_EIGEN_ADRES,       /* the resident's own address */
    SL_GRONDSLAG_COUNT
} sl_grondslag;
/* "", "eigen_organisatie", "wettelijke_taak_samenloop", "toestemming", "eigen_adres" */
const char *sl_grondslag_name(sl_grondslag g);

/* The state of consent for one (address, purpose). */
typedef enum sl_consent_state {
    SL_CONSENT_NONE,      /* never asked, only requested, or refused on assessment */
    SL_CONSENT_GIVEN,     /* given and in effect */
    SL_CONSENT_WITHDRAWN,
    /* recorded by staff from a signed form, waiting for a second person of the
     * recording body to confirm it (four eyes): opens nothing yet */
    SL_CONSENT_PENDING,
} sl_consent_state;

#define SL_SHARING_GEMEENTEN_MAX 16

/*
 * Configuration of the statutory basis: the municipalities the coordination
 * AMvB covers and the date from which it applies, and the smallest count an
 * aggregate may show. Defaults (sl_sharing_config_default, docs/decisions.md):
 * Eemsdelta 1979, Groningen 0014, Het Hogeland 1966, Midden-Groningen 1952,
 * Oldambt 1895; from 2023-07-01; counts under 10 suppressed.
 */
typedef struct sl_sharing_config {
    size_t n_gemeenten;
    char gemeenten[SL_SHARING_GEMEENTEN_MAX][SL_GEMEENTE_CAP];
    sl_date amvb_vanaf;
    int32_t min_aantal;
} sl_sharing_config;

void sl_sharing_config_default(sl_sharing_config *c);
/* Checks a configuration (4-digit codes, a date, min_aantal >= 1); Dutch reason. */
bool sl_sharing_config_valid(const sl_sharing_config *c, char *reason, size_t cap);

/* Who looks. The arrays are borrowed. */
typedef struct sl_viewer {
    sl_role role;
    sl_account_org org;        /* IMG/NCG, or NONE for roles outside both */
    const char *gemeentecode;  /* the gemeente role's municipality; else NULL */
    const int64_t *adressen;   /* bewoner: the addresses the account is linked to */
    size_t n_adressen;
    int64_t account_id;        /* the account (0: none); a coordinator's dossiers name it */
} sl_viewer;

/* What is looked at: one address and the facts the statutory test needs. */
typedef struct sl_share_subject {
    int64_t address_id;
    const char *gemeentecode;  /* the delivered municipality of the address */
    bool open_trajectory;      /* a current trajectory in step 1.2 .. 5.2 */
    bool undecided_claim;      /* a current claim in voorbereiding, opname or zienswijze */
    /* The dossier is assigned to the viewer: a coordinator coordinates it, the
     * interventieteam has it escalated. Only coordinator and interventieteam
     * need it; false denies them. */
    bool assigned;
} sl_share_subject;

typedef struct sl_share_part {
    bool shown;
    sl_grondslag grondslag;   /* when shown; GEEN otherwise */
    unsigned categories;      /* SL_CAT_* allowed when shown; 0 otherwise */
    const char *reden;        /* static Dutch text when withheld; "" when shown */
} sl_share_part;

typedef struct sl_share_decision {
    sl_share_part deel[SL_DEEL_COUNT];
    /* The viewer may not know the address exists (a bewoner asking for an
     * address not theirs): the caller answers 404, as for an unknown address. */
    bool not_found;
    /* This access must be written to the processing log: something is shown
     * across the organisation boundary, or the viewer is a svip. */
    bool log;
} sl_share_decision;

/*
 * The statutory test of SPEC §4.4/§4.6: samenloop (an open trajectory and an
 * undecided claim), in a configured municipality, on or after the date.
 */
bool sl_share_statutory(const sl_sharing_config *c, const sl_share_subject *s, sl_date today);
/* Whether the statutory task covers a purpose (samenloop, statusuitwisseling, svip_verzoek). */
bool sl_doel_statutory(sl_doel d);

/*
 * Decides what `v` may see of `s` for purpose `doel` on `today`, given the
 * consent state for (s->address_id, doel). Always fills *out; returns
 * whether anything is shown. Null pointers decide nothing.
 */
bool sl_share_decide(const sl_sharing_config *c, const sl_viewer *v, sl_doel doel,
                     const sl_share_subject *s, sl_consent_state consent, sl_date today,
                     sl_share_decision *out);

/*
 * Aggregates (counts, no personal data): management for any municipality
 * (gemeentecode NULL for all), gemeente only its own code. Everyone else: no.
 */
bool sl_share_may_see_aggregates(const sl_viewer *v, const char *gemeentecode);
/* A count as an aggregate may show it: n, or -1 (suppressed) when 0 < n < min_aantal. */
int64_t sl_share_count_shown(const sl_sharing_config *c, int64_t n);

/*
 * The processing log: the beheerder for any address (address_id 0: the whole
 * log), a bewoner for the addresses linked to the account. Everyone else: no.
 */
bool sl_share_may_read_log(const sl_viewer *v, int64_t address_id);

#endif
