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

#endif
