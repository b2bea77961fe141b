/*
 * regels.h - the beheerder's rule tables without SQL (issue 17, decisions
 * 203-208): the versions of the collaboration matrix, reading one, a preview
 * of what a draft would change in the register, and publishing a draft as the
 * new version in force.
 *
 * A draft is JSON, the whole table: for the matrix {"cellen": [{"stap": "4.1",
 * "fase": "opname", "groep": "B"}, ...]} with every (step, phase) once; for the
 * signal rules {"regels": [{"regel", "variant", "trigger", "conditie", "aan": [...],
 * "termijnDagen", "parameterDagen", "tekst"}, ...]} (core/signal_rules.h); for
 * the term table {"definities": [...]} as /api/v1/termijndefinities takes them
 * (service/termijnbeheer.h, decision 225).
 * A draft that is not valid is
 * answered with SL_INVALID and *errors, a JSON array of {"veld", "reden"}
 * naming every fault at once (owned by the caller). Only a beheerder reads,
 * previews or publishes.
 */
#ifndef SL_SERVICE_REGELS_H
#define SL_SERVICE_REGELS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/logboek.h"
#include "service/outcome.h"
#include "store/store.h"

/* The rule tables by their name in the API and CLI: "matrix", "signaal", "termijn". */
typedef enum sl_regelsoort {
    SL_REGELS_MATRIX,
    SL_REGELS_SIGNAAL,
    SL_REGELS_TERMIJN,
    SL_REGELS_COUNT
} sl_regelsoort;
bool sl_regelsoort_parse(const char *s, sl_regelsoort *out);
const char *sl_regelsoort_name(sl_regelsoort s);

/* {"soort", "actueleVersie", "versies": [{"versie", "actief", "reden", "door",
 * "gepubliceerdOp"}]} newest first; *actueel the version in force (the ETag). */
sl_outcome sl_regels_versies(sl_store *st, const sl_actor *by, sl_regelsoort soort,
                             json_t **out, int32_t *actueel, char *err, size_t cap);

/* One version's table: {"soort", "versie", "actief", "cellen": [...]}. */
sl_outcome sl_regels_versie(sl_store *st, const sl_actor *by, sl_regelsoort soort,
                            int32_t versie, json_t **out, char *err, size_t cap);

/*
 * What the draft would change if it were published now, writing nothing. The
 * matrix: per old -> new group the number of addresses and a few examples, and
 * the cells that differ from the version in force. The signal rules: per rule
 * the fields that change, its unfinished signals and how many of them the
 * system would close because the rule's condition no longer holds. The term
 * table: every term of the register evaluated today with both tables, the
 * status changes per kind (old -> new, a few addresses), the kinds that start
 * or stop being dated and the kinds whose definition changes.
 */
sl_outcome sl_regels_voorvertoning(sl_store *st, const sl_actor *by, sl_regelsoort soort,
                                   const json_t *concept, json_t **out, json_t **errors,
                                   char *err, size_t cap);

/*
 * Publishes the draft as the next version, in force at once, when if_match is
 * the version in force or SL_REGELS_ELKE_VERSIE (else SL_STALE, nothing
 * changed); in one transaction re-judges the register with it and writes the
 * processing-log record. The matrix: every NCG address is classified again (a
 * changed group is history by the beheerder); *herberekend counts the
 * classifications written, all of them, since each names its version. The
 * signal rules: unfinished signals whose condition no longer holds are closed
 * by the system as after a change; *herberekend counts them. The term table:
 * terms are evaluated when read, so *herberekend is 0. reden is required.
 */
#define SL_REGELS_ELKE_VERSIE (-1) /* If-Match: * */
sl_outcome sl_regels_publiceer(sl_store *st, const sl_actor *by, sl_regelsoort soort,
                               int32_t if_match, const char *reden, const json_t *concept,
                               int32_t *versie, int64_t *herberekend, json_t **errors,
                               char *err, size_t cap);

#endif
