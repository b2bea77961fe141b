/*
 * termijnbeheer.h - what people record about terms (issue 13): the term
 * table's versions, suspensions and extensions, notices of default with the
 * Awb 4:17 penalty and the ledger per body, and the interventieteam's
 * escalations. The evaluation itself is core/termijn.h; the listing
 * service/termijnen.h.
 *
 * Who (decision 162):
 *  - publishes a version of the term table: beheerder;
 *  - suspends or extends a term, registers and decides a notice of default,
 *    books a payment: the body that owns the case (IMG: zaakbegeleider, svip;
 *    NCG: bewonersbegeleider, svip), for its own claims or trajectories;
 *  - reads notices and the ledger: the staff of that body (other staff get
 *    404 for a notice, everyone else 403); a ledger entry needs a current case
 *    of the body at the address;
 *  - reports, takes and decides escalations: interventieteam (and coordinator
 *    reporting); reads them: interventieteam, coordinator and the case workers
 *    of both bodies ("both buddies see the case").
 *
 * Every change is one transaction holding the rows and a processing-log record
 * (actie "wijziging", doel "termijnbewaking", grondslag "wettelijke_taak").
 * Bad input (a day that does not exist, a decision before the notice, a
 * negative length) is SL_INVALID with a Dutch message and changes nothing.
 */
#ifndef SL_SERVICE_TERMIJNBEHEER_H
#define SL_SERVICE_TERMIJNBEHEER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dwangsom.h"
#include "core/termijn.h"
#include "service/logboek.h"
#include "service/outcome.h"
#include "store/records_store.h"
#include "store/termijnen_store.h"

/* ---- the term table ------------------------------------------------------------- */

/* The definitions in force, owning their text; def[i] points into regel[i]. */
typedef struct sl_termijnregels {
    int32_t versie;       /* 1 for the shipped defaults of a register that stored none */
    size_t n;
    sl_termijn_regel regel[32];
    sl_termijn_def def[32];
} sl_termijnregels;

/*
 * The version in force; a register that stored none (a new backend) gets the
 * shipped defaults as version 1 (decision 159). False on a store failure.
 */
bool sl_termijnregels_laden(sl_store *st, sl_termijnregels *out);
/* As sl_termijnregels_laden, from the rules in force already read (the address
 * view's: store/address_view_store.h), versie 0 when the register stored none. */
void sl_termijnregels_uit(int32_t versie, const sl_termijn_regel *regels, size_t n,
                          sl_termijnregels *out);
/* Points def[i] at regel[i] again, after the struct was copied or regel filled. */
void sl_termijnregels_koppel(sl_termijnregels *r);
/* The definition of `soort`, or NULL. */
const sl_termijn_def *sl_termijnregels_def(const sl_termijnregels *r, const char *soort);
const sl_termijn_regel *sl_termijnregels_regel(const sl_termijnregels *r, const char *soort);

/*
 * Publishes a new version from a JSON array of definitions (the fields of
 * sl_termijn_regel by name; "eenheid" dagen|werkdagen|weken|maanden,
 * "verantwoordelijke" overheid|bewoner, "compensatie_per_dag" and
 * "compensatie_max" in cents, default 0): version = highest + 1, in force at
 * once. *versie gets it. beheerder only. The one publish path is
 * sl_regels_publiceer (service/regels.h, soort termijn, as with If-Match: *);
 * on SL_INVALID err names every fault as "veld: reden; ..." (decision 226).
 */
sl_outcome sl_termijnregels_publiceer(sl_store *st, const sl_actor *by, const char *omschrijving,
                                      const json_t *definities, int32_t *versie, char *err,
                                      size_t cap);
/* The version in force as {"versie", "definities":[...]}; NULL when memory runs out. */
json_t *sl_termijnregels_json(const sl_termijnregels *r);

/* ---- suspensions and extensions ----------------------------------------------------- */

/*
 * Suspends the term `zaak` from `van` (to `tot`, or SL_DATE_NONE while it
 * lasts), or, with `vervangt` the id of a running suspension of the same
 * term, ends that one on `tot`. The term kind must exist and be suspendable,
 * the claim or trajectory must exist and belong to the actor's body.
 */
sl_outcome sl_termijn_opschorten(sl_store *st, const sl_actor *by, const sl_termijn_zaak *zaak,
                                 sl_date van, sl_date tot, int64_t vervangt, const char *reden,
                                 int64_t *id, char *err, size_t cap);
/* Extends the term `zaak` to `nieuw_einde` (after the term's start). */
sl_outcome sl_termijn_verlengen(sl_store *st, const sl_actor *by, const sl_termijn_zaak *zaak,
                                sl_date nieuw_einde, const char *reden, int64_t *id, char *err,
                                size_t cap);

/* ---- notices of default and the ledger ---------------------------------------------- */

/*
 * Registers a notice of default on a claim (img_id) or a trajectory's step
 * (ncg_id), exactly one of them, received on `ontvangen` (not after
 * `vandaag`). The body is the case's.
 */
sl_outcome sl_ingebrekestelling_registreren(sl_store *st, const sl_actor *by, const char *img_id,
                                            const char *ncg_id, sl_date ontvangen,
                                            sl_date vandaag, sl_ingebrekestelling *out,
                                            char *err, size_t cap);
/*
 * Records the decision on notice `id` (at versie expect_versie, 0: any) made
 * on `beslist` (not before the receipt): the penalty (sl_dwangsom_bereken)
 * is booked as owed in the body's ledger in the same transaction when it is
 * more than nothing. SL_CONFLICT when already decided, SL_STALE on a versie.
 */
sl_outcome sl_ingebrekestelling_beslissen(sl_store *st, const sl_actor *by, int64_t id,
                                          int64_t expect_versie, sl_date beslist,
                                          sl_ingebrekestelling *out, char *err, size_t cap);
/* One notice as readable by `by`; SL_NOT_FOUND when unknown or not theirs. */
sl_outcome sl_ingebrekestelling_lezen(sl_store *st, const sl_actor *by, int64_t id,
                                      sl_ingebrekestelling *out, char *err, size_t cap);
/*
 * The notices `by` may read (of one address, 0: all) as {"items":[...]},
 * each with its penalty on `vandaag` ("dwangsom": the CLI's object).
 */
sl_outcome sl_ingebrekestellingen_json(sl_store *st, const sl_actor *by, int64_t address_id,
                                       sl_date vandaag, json_t **out, char *err, size_t cap);
/* A notice as JSON with its penalty on `vandaag`. */
json_t *sl_ingebrekestelling_json(const sl_ingebrekestelling *n, sl_date vandaag);

/*
 * Books a payment (soort "betaling") or a compensation ("compensatie") of
 * `bedrag_centen` (> 0) for the body's case at an address, on `datum`.
 */
sl_outcome sl_grootboek_boeken(sl_store *st, const sl_actor *by, sl_grootboekpost *p, char *err,
                               size_t cap);
/*
 * The ledger of one body ("IMG"/"NCG"; staff only their own) as
 * {"organisatie", "verschuldigd_centen", "betaald_centen", "saldo_centen", "posten":[...]}.
 */
sl_outcome sl_grootboek_json(sl_store *st, const sl_actor *by, const char *organisatie,
                             json_t **out, char *err, size_t cap);

/*
 * The compensation for a missed fatal term the government is responsible
 * for, on `vandaag`: regel->compensatie_per_dag for each day after the end
 * (up to the end event, or `vandaag` while it has not happened), at most
 * regel->compensatie_max; 0 for any other term.
 */
int64_t sl_termijn_compensatie(const sl_termijn_regel *regel, const sl_termijn_def *def,
                               sl_date einde, sl_date eind_gebeurtenis, sl_date vandaag);

/* ---- escalations --------------------------------------------------------------------- */

/*
 * Reports a case for an address ("vastgelopen" or "termijn_tweemaal_gemist");
 * an open case of the same address and cause is returned instead (*nieuw
 * false), so a daily sweep reports each dossier once. by NULL: the sweep.
 * A new case raises rule 14 to the interventieteam and the coordinator, due
 * its period after `vandaag`, closed by the system when the case is closed
 * (decision 190).
 */
sl_outcome sl_escalatie_aanmelden(sl_store *st, const sl_actor *by, int64_t address_id,
                                  const char *aanleiding, sl_date vandaag, sl_escalatie *out,
                                  bool *nieuw, char *err, size_t cap);
/*
 * Changes state and/or owner (NULL: unchanged) at versie expect_versie.
 * The states run aangemeld -> in_behandeling -> besloten -> gesloten (and
 * gesloten from any state); besloten needs a decision first.
 */
sl_outcome sl_escalatie_wijzigen(sl_store *st, const sl_actor *by, int64_t id,
                                 int64_t expect_versie, const char *status, const char *eigenaar,
                                 sl_escalatie *out, char *err, size_t cap);
/* Records a decision with the mandate used and the reason; the case becomes besloten. */
sl_outcome sl_escalatie_besluiten(sl_store *st, const sl_actor *by, int64_t id,
                                  const char *mandaat, const char *reden, sl_escalatie *out,
                                  char *err, size_t cap);
/* One case with its history as JSON. */
sl_outcome sl_escalatie_json(sl_store *st, const sl_actor *by, int64_t id, json_t **out,
                             char *err, size_t cap);
/*
 * The sweep's part (decision 163): reports a case for every address with an
 * unfinished rule-8 signal (vastgelopen) and every address whose terms were
 * missed twice on `today` (termijn_tweemaal_gemist: two missed terms, or a
 * missed term that had been extended, i.e. missed, extended and missed
 * again). An open case is not reported again. *nieuw counts the new cases.
 */
bool sl_escalaties_sweep(sl_store *st, sl_date today, int64_t *nieuw);

/* ---- the sweep's term signals and compensations ----------------------------------------- */

typedef struct sl_termijnsignalen_telling {
    int64_t aangemaakt;   /* term signals raised (rules 11-13) */
    int64_t vervallen;    /* term signals closed by the system: their condition lapsed */
    int64_t compensaties; /* compensations booked */
} sl_termijnsignalen_telling;

/*
 * The term signals on `today` (decisions 186-188): rule 11 for a term within
 * its warning lead, 12 for a government's term passed without its end event,
 * 13 for an undecided notice of default whose penalty runs; one unfinished
 * signal per rule, variant (the term kind; for 13 the body, "img"/"ncg") and
 * address, due on the term's end (13: the day the penalty reaches its
 * maximum), to the staff of the body whose term it is (and the rule's
 * coordinator or interventieteam). A standing one whose condition lapsed is
 * closed by "samenloop" with the reason. And the compensation of every missed
 * fatal government term with a scheme that became final (decision 189: at the
 * end event, or on the day the maximum is reached) is booked once in the
 * body's ledger. One transaction; running it again on the same day changes
 * nothing. cal NULL: no extra days off.
 */
bool sl_termijnsignalen_sweep(sl_store *st, const sl_calendar *cal, sl_date today,
                              sl_termijnsignalen_telling *out);

/*
 * Page `page` (from 1) of the cases f selects, oldest first, as {"items":[...],
 * "pagina", "per_pagina", "totaal"}; each item has its address's municipality
 * (gemeentecode). An unknown status or aanleiding is SL_INVALID "veld: reden".
 */
sl_outcome sl_escalaties_json(sl_store *st, const sl_actor *by, const sl_escalatie_filter *f,
                              long page, long per_page, json_t **out, char *err, size_t cap);

#endif
