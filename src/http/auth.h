/*
 * auth.h - who is calling: a bearer token (machine clients) or the session
 * cookie (the browser), and the CSRF check that a browser's state-changing
 * request must pass.
 */
#ifndef SL_HTTP_AUTH_H
#define SL_HTTP_AUTH_H

#include <stdbool.h>

#include "http/request.h"

#define SL_SESSION_COOKIE "samenloop_sessie"

/* Fills req->who from the Authorization header or the session cookie; leaves it
 * unauthenticated when neither is valid (the route decides what that means).
 * Only reads: a due "last used" write is left in req->touch. */
void sl_auth_identify(sl_request *req);

/* Writes what sl_auth_identify left in req->touch; call outside any read snapshot. */
void sl_auth_touch_pending(sl_request *req);

/* True unless a browser session makes a state-changing request (POST, PUT,
 * PATCH, DELETE) without the session's CSRF token in X-CSRF-Token. Bearer
 * tokens are not sent automatically by browsers and need no CSRF token. */
bool sl_auth_csrf_ok(const sl_request *req);

/* The session settings the configuration gives (idle and absolute lifetime). */
void sl_auth_settings_of(const sl_config *cfg, sl_auth_settings *s);

/* Fills p from an account: who a request or a new session is. */
void sl_auth_principal(sl_principal *p, const sl_user *u, bool via_session);

#endif
