/*
 * h_sessie.c - the session resource: POST /api/v1/sessies (login), GET and
 * DELETE /api/v1/sessies/huidig (who am I, logout). Identifying a caller on
 * every request is http/auth.c, which needs no handler.
 */
#include <sodium.h>
#include <stdio.h>

#include "http/auth.h"
#include "http/handlers.h"
#include "service/accounts.h"

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
        sl_field_error(errors, "gebruikersnaam", "verplicht, tekst");
    if (!pw || !*pw)
        sl_field_error(errors, "wachtwoord", "verplicht, tekst");
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return;
    }
    sl_auth_settings s;
    sl_auth_settings_of(req->cfg, &s);
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
    sl_auth_principal(&p, &u, true);
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
