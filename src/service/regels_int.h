/*
 * regels_int.h - what the files of service/regels.h share: field errors and
 * the signal rules' part (regels_signaal.c). For those files only.
 */
#ifndef SL_SERVICE_REGELS_INT_H
#define SL_SERVICE_REGELS_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/signal_rules.h"
#include "service/termijnbeheer.h"
#include "store/classification_store.h"
#include "store/store.h"

/* Appends {"veld", "reden"} to errors; reden printf-style. */
void sl_regels_error(json_t *errors, const char *veld, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The rules as the API gives them: [{regel, variant, trigger, conditie, aan,
 * termijnDagen, parameterDagen, tekst}]. */
json_t *sl_regels_signaal_json(const sl_ruleset *rs);

/* The draft {"regels": [...]} into out (version left 0); every fault appended to errors. */
void sl_regels_signaal_parse(const json_t *concept, sl_ruleset *out, json_t *errors);

/*
 * What the draft would do to the unfinished signals, per rule: how many there
 * are and how many the system would close because the rule's condition no
 * longer holds on the address, and the fields that differ from `active`.
 */
bool sl_regels_signaal_preview(sl_store *st, const sl_ruleset *draft, const sl_ruleset *active,
                               json_t **out);

/* After a new version is in force: closes every unfinished signal whose rule's
 * condition no longer holds, as a change to an address does (caller's transaction). */
bool sl_regels_signaal_herbeoordeel(sl_store *st, int64_t *closed);

/* ---- the term table (regels_termijn.c) ---- */

/* The reason of version 1, the shipped table (decision 159). */
#define SL_REGELS_TERMIJN_STANDAARD "Termijnen, standaard uit de specificatie"

/* Every version newest first; the shipped table as version 1 while none is stored. */
bool sl_regels_termijn_versies(sl_store *st, sl_regelset_versie_cb cb, void *ctx);
/* {"soort", "versie", "actief", "definities"}; *found false when there is no such version. */
bool sl_regels_termijn_versie(sl_store *st, int32_t versie, json_t **out, bool *found);
/* The draft {"definities": [...]} into out; every fault appended to errors. */
void sl_regels_termijn_parse(const json_t *concept, sl_termijnregels *out, json_t *errors);
/* Every term of the register evaluated today with the draft and with the table
 * in force: the status changes per kind, the kinds that start or stop being dated. */
bool sl_regels_termijn_preview(sl_store *st, const sl_termijnregels *draft, json_t **out);
/* Stores the draft as version `versie` in force (the shipped table first as
 * version 1 when the register stored none); caller's transaction. */
bool sl_regels_termijn_schrijf(sl_store *st, const sl_actor *by, const sl_termijnregels *draft,
                               int32_t versie, const char *reden);

#endif
