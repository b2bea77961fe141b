/*
 * signal_rules.h - the signal rules of SPEC §4.3 as data, and deciding which
 * of them a change to one address raises.
 *
 * A rule says: on this trigger, when this condition holds, raise a signal with
 * this text to these addressees, due within so many days. The defaults ship as
 * version 1 (sl_signal_rules_default); the store holds the active rule set and
 * every signal records the version that raised it. Evaluation is pure: the
 * caller describes the address before and after a change (sl_dossier_change)
 * and gets back the rules that fire; whether a signal for that rule is already
 * open is the caller's business (at most one open signal per rule and address).
 */
#ifndef SL_CORE_SIGNAL_RULES_H
#define SL_CORE_SIGNAL_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/records.h"
#include "core/vocab.h"

/* What makes a rule look at an address. */
typedef enum sl_trigger {
    SL_TRIGGER_COMBINATIEDOSSIER, /* rule 1: the address became a combination dossier */
    SL_TRIGGER_SCHADE_NIEUW,      /* rule 2: a new claim on an address in NCG's work stock */
    SL_TRIGGER_GROEP_B,           /* rule 3: the address entered matrix group B */
    SL_TRIGGER_STAP_4_1,          /* rule 4: the trajectory moved to step 4.1 */
    SL_TRIGGER_AOS_GEGROND,       /* rule 5: an AOS claim was found justified */
    SL_TRIGGER_URGENT_BIJZONDER,  /* rule 6: IMG urgent and NCG "bijzondere situatie" */
    SL_TRIGGER_TOESTEMMING_INGETROKKEN, /* rule 9: the resident withdrew a consent */
    SL_TRIGGER_AANNEMER_SCHADE,   /* rule 7: the contractor reports damage during 5.2 */
    SL_TRIGGER_STIL,              /* rule 8: both open and no status change for a period */
    SL_TRIGGER_OPNAME_GEPLAND,    /* rule 10: a joint inspection was confirmed (issue 14) */
    /* issue 13: raised by the sweep from the terms, never by a change (core/termijn_signaal.h) */
    SL_TRIGGER_TERMIJN_NADERT,     /* rule 11: a term is within its warning lead */
    SL_TRIGGER_TERMIJN_VERSTREKEN, /* rule 12: a government's term passed without its end event */
    SL_TRIGGER_DWANGSOM_LOOPT,     /* rule 13: a notice of default's penalty runs (Awb 4:17) */
    SL_TRIGGER_ESCALATIE,          /* rule 14: an escalation case was reported */
    SL_TRIGGER_COUNT
} sl_trigger;

/* An extra condition on the address after the change. */
typedef enum sl_condition {
    SL_COND_GEEN,            /* always */
    SL_COND_MET_SCHADES,     /* the address has at least one current claim */
    SL_COND_ZONDER_SCHADES,  /* the address has no current claim */
    SL_COND_NIET_GEWEIGERD,  /* the resident has not declined a joint inspection */
    SL_COND_COUNT
} sl_condition;

/* Addressees, as a bit set. */
enum {
    SL_AAN_SVIP_IMG = 1u << 0,
    SL_AAN_SVIP_NCG = 1u << 1,
    SL_AAN_ZAAKBEGELEIDER = 1u << 2,     /* the claims' IMG case managers */
    SL_AAN_BEWONERSBEGELEIDER = 1u << 3, /* the trajectory's NCG resident guide */
    SL_AAN_COORDINATOR = 1u << 4,        /* the dossier's coordinator, when there is one */
    SL_AAN_INTERVENTIETEAM = 1u << 5,
    SL_AAN_ALL = (1u << 6) - 1
};

/* Names in the rule table: "combinatiedossier", "schade_nieuw", ...; NULL when out of range. */
const char *sl_trigger_name(sl_trigger t);
bool sl_trigger_parse(const char *s, size_t len, sl_trigger *out);
/* "", "met_schades", "zonder_schades", "niet_geweigerd" */
const char *sl_condition_name(sl_condition c);
bool sl_condition_parse(const char *s, size_t len, sl_condition *out);
/* Addressee list as in the table: comma-separated "svip_img,svip_ncg,zaakbegeleider,
 * bewonersbegeleider,coordinator,interventieteam" (spaces allowed). Empty or an unknown
 * word fails. sl_addressees_format writes the canonical list (buf of at least 96 bytes). */
bool sl_addressees_parse(const char *s, size_t len, unsigned *out);
void sl_addressees_format(unsigned aan, char *buf, size_t cap);

#define SL_RULE_TEXT_CAP 400
#define SL_RULE_VARIANT_CAP 41 /* a term signal's variant is its term kind (decision 186) */
#define SL_RULES_MAX 32

typedef struct sl_signal_rule {
    int32_t regel;                        /* the rule number of SPEC §4.3 */
    char variant[SL_RULE_VARIANT_CAP];    /* "" or e.g. "met_schades" when a number has variants */
    sl_trigger trigger;
    sl_condition conditie;
    unsigned aan;                         /* SL_AAN_* bits */
    int32_t termijn_dagen;                /* due this many calendar days after raising */
    int32_t parameter_dagen;              /* rule 8: the period without status change; else 0 */
    char tekst[SL_RULE_TEXT_CAP];         /* Dutch, plain language, to the addressee */
} sl_signal_rule;

typedef struct sl_ruleset {
    int32_t version;
    size_t n;
    sl_signal_rule rules[SL_RULES_MAX];
} sl_ruleset;

/*
 * Fills rs with the defaults of SPEC §4.3 rules 1-9 (rule 4 in two
 * variants: with claims "neem herstel van schade mee?", without claims
 * "adviseer de bewoner nu schade te melden"), version 1. Due periods: 1 → 10
 * days, 2 → 10, 3 → 14, 4 → 10, 5 → 10, 6 → 2, 7 → 5, 8 → 20, 9 → 2; rule 8's
 * period 365 days. Rule 7 (the contractor found damage during construction)
 * goes to IMG's SVIP desk and the lead claim's zaakbegeleider; rule 9
 * (consent withdrawn) goes to both buddies; rule 10 (a joint inspection was
 * confirmed, due in 5 days) to both buddies. Rules 11-13 (issue 13, decision
 * 186) are the term signals the sweep raises: a term nearing its end (11), a
 * government's term missed (12), a penalty running (13), each to the staff of
 * the body whose term it is; rule 14 tells the interventieteam and the
 * coordinator that a case was reported (decision 190).
 */
void sl_signal_rules_default(sl_ruleset *rs);

/* Checks a rule set an administrator wants to activate; on failure a Dutch reason. */
bool sl_ruleset_valid(const sl_ruleset *rs, char *reason, size_t cap);

/* The rule a signal of (regel, variant) answers to: the rule with that variant, else
 * the rule's one without a variant, whose sweep keys its signals by a variant of its
 * own (the term kind, the body, the cause: decision 186); NULL when neither exists. */
const sl_signal_rule *sl_ruleset_rule_of(const sl_ruleset *rs, int32_t regel,
                                         const char *variant);

/* What is known about one address at one moment. */
typedef struct sl_dossier_view {
    bool has_trajectory;       /* a current (not absent) trajectory */
    sl_stap stap;              /* meaningful when has_trajectory */
    sl_flag bijzondere_situatie;
    int32_t claims_total;      /* current claims */
    int32_t claims_open;       /* of which not afgehandeld */
    int32_t claims_open_urgent;
    int32_t claims_aos_gegrond;/* current claims with aos = ja and aos_gegrond = ja */
    sl_potentieel potentieel;  /* meaningful when has_trajectory */
    sl_groep groep;
    bool opname_geweigerd;     /* the resident declined a joint inspection (AMvB element) */
} sl_dossier_view;

/* One address before and after a change (a delivery, or one update). */
typedef struct sl_dossier_change {
    sl_dossier_view before, after;
    int32_t new_claims;        /* claims that did not exist before */
    bool consent_withdrawn;    /* the resident withdrew a consent for this address */
    bool contractor_damage;    /* the contractor reported damage found during construction */
    bool joint_inspection;     /* a plan's joint inspection of this address was confirmed */
} sl_dossier_change;

/*
 * Returns how many rules of rs fire on this change (event triggers only;
 * SL_TRIGGER_STIL never fires here), writing pointers to them into fired (up
 * to cap). Triggers, on `before` → `after`:
 *  combinatiedossier: after has a trajectory and a claim, before did not;
 *  schade_nieuw: new_claims > 0 and after has an open trajectory;
 *  groep_b: after.groep is B and before.groep was not;
 *  stap_4_1: after.stap is 4.1 and before had no trajectory or another step;
 *  aos_gegrond: after.claims_aos_gegrond > before.claims_aos_gegrond;
 *  urgent_bijzonder: after has an open urgent claim and bijzondere_situatie ja,
 *    and before did not have both;
 *  toestemming_ingetrokken: consent_withdrawn (an event, not a state);
 *  aannemer_schade: contractor_damage (an event) and after has a trajectory
 *    in step 5.2 (construction): a report outside construction raises nothing;
 *  opname_gepland: joint_inspection (an event: a confirmed plan).
 * Then the rule's condition must hold on `after`.
 */
size_t sl_signals_fire(const sl_ruleset *rs, const sl_dossier_change *ch,
                       const sl_signal_rule **fired, size_t cap);

/*
 * Whether a signal of rule `r` still stands on the address as it now is: its
 * condition holds. When it does not (rule 4 "no claim known" on an address that
 * now has one, rule 3 after the resident declined), *reason gets the Dutch
 * words the system closes it with.
 */
bool sl_signal_rule_holds(const sl_signal_rule *r, const sl_dossier_view *now,
                          const char **reason);

/*
 * Rule 8's test: both processes open (an open trajectory and an open claim)
 * and the last status change in either (last_change) more than period_days
 * before today. An unknown last_change (SL_DATE_NONE) is never still.
 */
bool sl_dossier_still(const sl_dossier_view *v, sl_date last_change, sl_date today,
                      int32_t period_days);

#endif
