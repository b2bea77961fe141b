/*
 * outcome.h - what a service call concluded, in one vocabulary for every
 * service: the faces map it to their own terms once (HTTP in
 * http/request.c, exit codes in the CLI) instead of per service.
 */
#ifndef SL_SERVICE_OUTCOME_H
#define SL_SERVICE_OUTCOME_H

typedef enum sl_outcome {
    SL_OK,
    SL_INVALID,   /* the input breaks a rule; the message says which (HTTP 400) */
    SL_FORBIDDEN, /* the caller may not do this (403) */
    SL_NOT_FOUND, /* no such thing, or not knowable for the caller (404) */
    SL_CONFLICT,  /* the thing's state does not allow it (409) */
    SL_STALE,     /* the caller's versie (If-Match) is not the current one (412) */
    SL_UNPROCESSABLE, /* well-formed and allowed, but cannot be carried out: a delivery
                       * file that fails its checks, a request with no basis (422) */
    SL_ERROR,     /* the store failed; the message is for the log, not the client (500) */
} sl_outcome;

#endif
