/*
 * auth.c - identifying the caller and the CSRF check (see auth.h), and the
 * session resource: POST /api/v1/sessies (login), GET and DELETE
 * /api/v1/sessies/huidig (who am I, logout).
 */
#include "http/auth.h"

#include <stdio.h>
#include <string.h>

#include "http/handlers.h"
#include <sodium.h>

#include "service/accounts.h"
#include "service/log.h"

static void auth_settings(const sl_config *cfg, sl_auth_settings *s)
{
    sl_auth_settings_default(s);
    s->session_idle = (int64_t)cfg->session_idle_minutes * 60;
    s->session_absolute = (int64_t)cfg->session_absolute_hours * 3600;
}

static void set_principal(sl_principal *p, const sl_user *u, bool via_session)
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
    auth_settings(req->cfg, &s);
    memset(&req->who, 0, sizeof req->who);
    const char *h = sl_req_header(req, "Authorization");
    if (h) {
        /* a request that brings a token stands or falls by it */
        if (strncmp(h, "Bearer ", 7) == 0 &&
            sl_token_check_deferred(req->st, &s, h + 7, req->now, &u, &req->touch, err,
                                    sizeof err) == SL_AUTH_OK)
            set_principal(&req->who, &u, false);
        return;
    }
    const char *sid = sl_req_cookie(req, SL_SESSION_COOKIE);
    if (sid && sl_session_check_deferred(req->st, &s, sid, NULL, req->now, &u, &req->touch, err,
                                         sizeof err) == SL_AUTH_OK)
        set_principal(&req->who, &u, true);
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
    auth_settings(req->cfg, &s);
    const char *csrf = sl_req_header(req, "X-CSRF-Token");
    const char *sid = sl_req_cookie(req, SL_SESSION_COOKIE);
    return sid && sl_session_check(req->st, &s, sid, csrf ? csrf : "", req->now, NULL, err,
                                   sizeof err) == SL_AUTH_OK;
}

/* ---- /api/v1/sessies ----------------------------------------------------------- */

static json_t *principal_json(const sl_principal *p)
{
    json_t *addr = json_array();
    char id[17];
    for (size_t i = 0; addr && i < p->n_addresses; i++) {
        snprintf(id, sizeof id, "%016lld", (long long)p->addresses[i]);
        json_array_append_new(addr, json_string(id));
    }
    return json_pack("{s:s, s:o, s:s, s:o, s:o, s:o}", "naam", p->naam, "weergavenaam",
                     p->weergavenaam[0] ? json_string(p->weergavenaam) : json_null(), "rol",
                     sl_role_name(p->rol),
                     "org", p->org ? json_string(sl_account_org_name(p->org)) : json_null(),
                     "gemeentecode", p->gemeentecode[0] ? json_string(p->gemeentecode)
                                                        : json_null(),
                     "adressen", addr);
}

void h_sessie_nieuw(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"gebruikersnaam", "wachtwoord", NULL};
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, allowed, errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    const char *naam = json_string_value(json_object_get(body, "gebruikersnaam"));
    const char *pw = json_string_value(json_object_get(body, "wachtwoord"));
    if (!naam || !*naam)
        json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", "gebruikersnaam",
                                                "reden", "verplicht, tekst"));
    if (!pw || !*pw)
        json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", "wachtwoord", "reden",
                                                "verplicht, tekst"));
    if (json_array_size(errors)) {
        json_decref(body);
        sl_resp_problem(resp, 400, "Ongeldig verzoek", NULL, errors);
        return;
    }
    json_decref(errors);
    sl_auth_settings s;
    auth_settings(req->cfg, &s);
    sl_session_new sess;
    sl_user u;
    char err[256];
    sl_auth_result r = sl_login(req->st, &s, naam, pw, req->now, &sess, &u, err, sizeof err);
    json_decref(body);
    if (r == SL_AUTH_THROTTLED) {
        sl_resp_header(resp, "Retry-After", "900");
        sl_resp_problem(resp, 429, "Te veel pogingen", err, NULL);
        return;
    }
    if (r == SL_AUTH_ERROR) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    if (r != SL_AUTH_OK) {
        sl_resp_problem(resp, 401, "Inloggen mislukt",
                        "De gebruikersnaam of het wachtwoord klopt niet.", NULL);
        return;
    }
    char cookie[200];
    snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
             SL_SESSION_COOKIE, sess.id, req->cfg->secure_cookies ? "; Secure" : "");
    sl_resp_header(resp, "Set-Cookie", cookie);
    sl_principal p;
    set_principal(&p, &u, true);
    sl_resp_json(resp, 201, json_pack("{s:o, s:s, s:i, s:i}", "gebruiker", principal_json(&p),
                                      "csrf_token", sess.csrf, "inactief_na_seconden",
                                      (int)s.session_idle, "uiterlijk_na_seconden",
                                      (int)s.session_absolute));
    sodium_memzero(&sess, sizeof sess);
}

void h_sessie_huidig(sl_request *req, sl_response *resp)
{
    sl_resp_json(resp, 200, json_pack("{s:o, s:b}", "gebruiker", principal_json(&req->who),
                                      "via_sessie", req->who.via_session));
}

void h_sessie_einde(sl_request *req, sl_response *resp)
{
    const char *sid = sl_req_cookie(req, SL_SESSION_COOKIE);
    char err[256];
    if (!req->who.via_session || !sid) {
        sl_resp_problem(resp, 400, "Geen sessie", "Dit verzoek hoort niet bij een "
                        "browsersessie; een API-token trekt u in met `samenloop token revoke`.",
                        NULL);
        return;
    }
    if (!sl_logout(req->st, sid, req->now, err, sizeof err)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    char cookie[160];
    snprintf(cookie, sizeof cookie, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
             SL_SESSION_COOKIE, req->cfg->secure_cookies ? "; Secure" : "");
    sl_resp_header(resp, "Set-Cookie", cookie);
    resp->status = 204;
}
