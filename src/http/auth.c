/*
 * auth.c - identifying the caller and the CSRF check (see auth.h). The
 * session resource itself (login, who am I, logout) is http/h_sessie.c.
 */
#include "http/auth.h"

#include <stdio.h>
#include <string.h>

#include "service/accounts.h"
#include "service/log.h"

void sl_auth_settings_of(const sl_config *cfg, sl_auth_settings *s)
{
    sl_auth_settings_default(s);
    s->session_idle = (int64_t)cfg->session_idle_minutes * 60;
    s->session_absolute = (int64_t)cfg->session_absolute_hours * 3600;
}

void sl_auth_principal(sl_principal *p, const sl_user *u, bool via_session)
{
    memset(p, 0, sizeof *p);
    p->authenticated = true;
    p->via_session = via_session;
    p->user_id = u->id;
    snprintf(p->naam, sizeof p->naam, "%s", u->naam);
    snprintf(p->weergavenaam, sizeof p->weergavenaam, "%s", u->weergavenaam);
    p->rol = u->rol;
    p->org = u->org;
    p->levert_adressen = u->levert_adressen;
    snprintf(p->gemeentecode, sizeof p->gemeentecode, "%s", u->gemeentecode);
    for (size_t i = 0; i < u->n_adressen && i < SL_PRINCIPAL_ADDRESSES; i++)
        p->addresses[p->n_addresses++] = u->adressen[i];
}

void sl_auth_identify(sl_request *req)
{
    sl_auth_settings s;
    sl_user u;
    char err[256];
    sl_auth_settings_of(req->cfg, &s);
    memset(&req->who, 0, sizeof req->who);
    const char *h = sl_req_header(req, "Authorization");
    if (h) {
        /* a request that brings a token stands or falls by it */
        if (strncmp(h, "Bearer ", 7) == 0 &&
            sl_token_check_deferred(req->st, &s, h + 7, req->now, &u, &req->touch, err,
                                    sizeof err) == SL_AUTH_OK)
            sl_auth_principal(&req->who, &u, false);
        return;
    }
    const char *sid = sl_req_cookie(req, SL_SESSION_COOKIE);
    if (sid && sl_session_check_deferred(req->st, &s, sid, NULL, req->now, &u, &req->touch, err,
                                         sizeof err) == SL_AUTH_OK)
        sl_auth_principal(&req->who, &u, true);
}

void sl_auth_touch_pending(sl_request *req)
{
    char err[256];
    /* Bookkeeping only: a failure here does not undo the answer already made. */
    if (!sl_auth_touch_apply(req->st, &req->touch, err, sizeof err))
        sl_log(SL_LOG_WARN, "auth", "last-used time not updated: %s", err);
    memset(&req->touch, 0, sizeof req->touch);
}

static bool safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "OPTIONS") == 0;
}

bool sl_auth_csrf_ok(const sl_request *req)
{
    if (!req->who.via_session || safe_method(req->method))
        return true;
    sl_auth_settings s;
    char err[256];
    sl_auth_settings_of(req->cfg, &s);
    const char *csrf = sl_req_header(req, "X-CSRF-Token");
    const char *sid = sl_req_cookie(req, SL_SESSION_COOKIE);
    return sid && sl_session_check(req->st, &s, sid, csrf ? csrf : "", req->now, NULL, err,
                                   sizeof err) == SL_AUTH_OK;
}
