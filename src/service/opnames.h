/*
 * opnames.h - joint inspection planning from the register (issue 14 points
 * 1, 2, 5; docs/planning.md "From the register"): the residents' requests,
 * each body's capacity, plans made from both, adjusted by hand and confirmed
 * into inspections (opnames) of both bodies.
 *
 * Every function decides who may (deny by default: decisions 155-158), checks
 * its input field by field, and changes the register in one transaction with
 * its processing-log record. Input arrives as JSON objects (the API's bodies;
 * the CLI builds the same), answers leave as JSON, so both faces show the
 * same thing.
 */
#ifndef SL_SERVICE_OPNAMES_H
#define SL_SERVICE_OPNAMES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/calendar.h"
#include "service/logboek.h"
#include "service/outcome.h"
#include "store/opnames_store.h"


/* What a call gives back; release with sl_opn_result_free. */
typedef struct sl_opn_result {
    json_t *data;    /* the answer (SL_OK) */
    json_t *fouten;  /* [{"veld":…, "reden":…}] (SL_INVALID): nothing changed */
    int64_t versie;  /* the versie of what was read or changed (for an ETag) */
    char detail[300];/* Dutch, one sentence, for every rc but OK */
} sl_opn_result;
void sl_opn_result_free(sl_opn_result *res);

/* The planning context every call shares: who, when, the working-day calendar. */
typedef struct sl_opn_ctx {
    const sl_actor *by;
    int64_t now;             /* seconds since the epoch (UTC) */
    const sl_calendar *cal;  /* public holidays and extra days (core/calendar.h) */
} sl_opn_ctx;

/* ---- requests ------------------------------------------------------------------ */

/*
 * Records a request: {"nummeraanduiding_id", "gezamenlijk", "niet_beschikbaar":[dates],
 * "voorkeur_weekdagen":["dinsdag",…], "vroegst_img", "vroegst_ncg"} (the last four
 * optional; an earliest date left out is the first working day after today). The
 * address must be a candidate: matrix group B (rule 3) or a totaalopname the resident
 * asked for, and not a joint inspection the resident declined; one request per address
 * at a time. Staff of IMG and NCG (zaakbegeleider, bewonersbegeleider, svip) and the
 * planner record for any candidate; a resident for their own address only.
 */
sl_outcome sl_opnameverzoek_record(sl_store *st, const sl_opn_ctx *c, json_t *body,
                                  sl_opn_result *res);
/* Withdraws an open or planned request (not a confirmed one); expect_versie or SL_VERSIE_ANY. */
sl_outcome sl_opnameverzoek_withdraw(sl_store *st, const sl_opn_ctx *c, int64_t id,
                                    int64_t expect_versie, sl_opn_result *res);
/* One request, with its inspections and, once confirmed, both dates in plain Dutch. */
sl_outcome sl_opnameverzoek_show(sl_store *st, const sl_opn_ctx *c, int64_t id,
                                sl_opn_result *res);
/* The requests the viewer may see (a resident: their own), status NULL for any. */
sl_outcome sl_opnameverzoeken_list(sl_store *st, const sl_opn_ctx *c, const char *status,
                                  sl_opn_result *res);

/* The same, of one address only (address_id 0: every one); another resident's is empty. */
sl_outcome sl_opnameverzoeken_of(sl_store *st, const sl_opn_ctx *c, const char *status,
                                int64_t address_id, sl_opn_result *res);

/* ---- capacity ------------------------------------------------------------------ */

/*
 * Sets one capacity line (planner): {"org":"IMG"|"NCG", "gemeentecode":"0014",
 * "weekdag":"maandag"…"zondag" | "datum":"YYYY-MM-DD", "opnames":N}. A weekday line
 * is the weekly rota (working days only); a date line an exception that replaces it
 * that day (0: leave; on a day off: an extra day).
 */
sl_outcome sl_capaciteit_set(sl_store *st, const sl_opn_ctx *c, json_t *body,
                            sl_opn_result *res);
/* The same, if the capacity of the line's municipality is still at expect_versie (the
 * versie sl_capaciteit_list gave for that municipality; SL_VERSIE_ANY: do not check):
 * else SL_STALE and nothing changes. res->versie is the municipality's new versie. */
sl_outcome sl_capaciteit_set_if(sl_store *st, const sl_opn_ctx *c, json_t *body,
                               int64_t expect_versie, sl_opn_result *res);
/* {"rooster":[…], "uitzonderingen":[…]}; gemeentecode NULL for all (planner). res->versie
 * is a hash of the lines listed (decision 198), for an ETag. */
sl_outcome sl_capaciteit_list(sl_store *st, const sl_opn_ctx *c, const char *gemeentecode,
                             sl_opn_result *res);

/*
 * The capacity of [van, tot] as the planner takes it: the rota on working days
 * (cal), exceptions replacing it on their date, minus the confirmed inspections.
 * *out (sl_free) holds one line per (body, municipality, day) with capacity.
 */
bool sl_capaciteit_days(sl_store *st, const sl_calendar *cal, sl_date van, sl_date tot,
                        sl_plan_capacity **out, size_t *n);

/* ---- plans --------------------------------------------------------------------- */

/*
 * Plans the open requests that want a joint inspection over [van, tot] with the
 * capacity expanded to days, minus the confirmed inspections (planner). The answer is
 * the contract of `plan opnames --input` (service/planning.h); with `store` the plan is
 * kept as a concept, its requests become "gepland", and the answer gains "planning":
 * {"id", "status", "versie"}.
 */
sl_outcome sl_planning_make(sl_store *st, const sl_opn_ctx *c, const char *van, const char *tot,
                           bool store, sl_opn_result *res);
sl_outcome sl_planningen_list(sl_store *st, const sl_opn_ctx *c, sl_opn_result *res);
sl_outcome sl_planning_show(sl_store *st, const sl_opn_ctx *c, int64_t id, sl_opn_result *res);
/*
 * Moves one pair of a concept by hand: {"opnameverzoek_id", "img", "ncg"}, checked
 * against the planner's rules (sl_plan_check) with today's capacity.
 */
sl_outcome sl_planning_move(sl_store *st, const sl_opn_ctx *c, int64_t id, int64_t expect_versie,
                           json_t *body, sl_opn_result *res);
/*
 * Confirms a concept: its pairs, checked again, become inspections of both bodies,
 * their requests "bevestigd", each combination dossier's samenwerking
 * gezamenlijke_opname_gepland, and both buddies get a signal (rule 10); requests left
 * out go back to "open". Requests meanwhile withdrawn or confirmed elsewhere are
 * skipped. One transaction.
 */
sl_outcome sl_planning_confirm(sl_store *st, const sl_opn_ctx *c, int64_t id,
                              int64_t expect_versie, sl_opn_result *res);

#endif
