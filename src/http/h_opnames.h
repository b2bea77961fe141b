/*
 * h_opnames.h - what the planning handlers (h_opnames.c, h_capaciteit.c,
 * h_planningen.c) share: the service's context for a request, and its result
 * as the answer.
 */
#ifndef SL_HTTP_H_OPNAMES_H
#define SL_HTTP_H_OPNAMES_H

#include "http/handlers.h"
#include "service/opnames.h"

/* The caller, now and the working-day calendar; *actor must outlive the context. */
sl_opn_ctx h_opn_ctx(const sl_request *req, sl_actor *actor);
/*
 * The service's result: ok_status with the data (ETag from res->versie, Location
 * under location_prefix for a new resource), 400 with the field errors, or the
 * outcome's problem with the service's Dutch detail. Frees res.
 */
void h_opn_answer(const sl_request *req, sl_response *resp, sl_outcome o, sl_opn_result *res,
                  int ok_status, const char *location_prefix);

/* GET of the resource `what` whose id is the path's: show finds it (404 when the
 * id is none). */
typedef sl_outcome (*h_opn_show_fn)(sl_store *st, const sl_opn_ctx *c, int64_t id,
                                    sl_opn_result *res);
void h_opn_get(const sl_request *req, sl_response *resp, const char *what, h_opn_show_fn show);

/* A change without a body to the resource `what` whose id is the path's, at the
 * versie If-Match gives (`the_what` names it there; required or not). */
typedef sl_outcome (*h_opn_change_fn)(sl_store *st, const sl_opn_ctx *c, int64_t id,
                                      int64_t expect_versie, sl_opn_result *res);
void h_opn_change(const sl_request *req, sl_response *resp, const char *what,
                  const char *the_what, bool if_match_required, h_opn_change_fn change);

#endif
