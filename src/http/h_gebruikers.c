/*
 * h_gebruikers.c - the beheer API: accounts (/api/v1/gebruikers) and their
 * API tokens (/api/v1/gebruikers/{naam}/tokens, /api/v1/tokens/{id}/intrekking).
 *
 * For the beheerder only; every other role gets 403 (deny by default). The
 * rules are the accounts service's (service/accounts.h), the same as the
 * CLI's `user add` and `token create`; each change is written together with
 * its processing-log record, without secrets. A password is never echoed, a
 * token's secret is answered once (at creation) and its digest never.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/bag.h"
#include "http/handlers.h"
#include "service/accounts.h"

/* 403 unless the caller is a beheerder. */
static bool beheerder(const sl_request *req, sl_response *resp)
{
    if (req->who.rol == SL_ROLE_BEHEERDER)
        return true;
    sl_resp_forbidden(resp, "Accounts en tokens worden beheerd door de beheerder.");
    return false;
}

/* UNIX seconds as ISO 8601 UTC, or null for 0 (never). */
static json_t *iso_time(int64_t t)
{
    char buf[32];
    struct tm tm;
    time_t tt = (time_t)t;
    if (!t || !gmtime_r(&tt, &tm) || !strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return json_null();
    return json_string(buf);
}

static json_t *account_json(const sl_user *u)
{
    json_t *addr = json_array();
    char id[17];
    for (size_t i = 0; addr && i < u->n_adressen; i++) {
        sl_bag_format(u->adressen[i], id);
        json_array_append_new(addr, json_string(id));
    }
    return json_pack("{s:s, s:o, s:s, s:o, s:o, s:o, s:b, s:b, s:o}", "naam", u->naam,
                     "weergavenaam",
                     u->weergavenaam[0] ? json_string(u->weergavenaam) : json_null(), "rol",
                     sl_role_name(u->rol), "org",
                     u->org ? json_string(sl_account_org_name(u->org)) : json_null(),
                     "gemeentecode", u->gemeentecode[0] ? json_string(u->gemeentecode)
                                                        : json_null(),
                     "adressen", addr, "levert_adressen", u->levert_adressen, "actief",
                     u->actief, "aangemaakt_op",
                     iso_time(u->aangemaakt_op));
}

static json_t *token_json(const sl_token_row *t, const char *naam)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)t->id, "gebruiker",
                     naam, "omschrijving", t->omschrijving, "aangemaakt_op",
                     iso_time(t->aangemaakt_op), "ingetrokken_op", iso_time(t->ingetrokken_op),
                     "laatst_gebruikt_op", iso_time(t->laatst_gebruikt_op));
}

/* A service result other than OK as a problem: the service's reason, but for a 404
 * (which names no more than that there is none) and a 500 (whose message is logged). */
static void admin_problem(sl_response *resp, const sl_request *req, sl_outcome r,
                          const char *err)
{
    sl_resp_outcome(resp, req, r, NULL, r == SL_NOT_FOUND ? NULL : err);
}

/* The account named in the path; answers 404 (or 500) and returns false when there is none. */
static bool path_user(sl_request *req, sl_response *resp, sl_user *u)
{
    bool found;
    char err[256];
    if (!sl_user_find(req->st, req->params[0], u, &found, err, sizeof err)) {
        sl_resp_store_error(resp, req->st);
        return false;
    }
    if (!found) {
        sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL);
        return false;
    }
    return true;
}

/* Wipes a secret held by a JSON string we own (jansson's copy of the request body's). */
static void wipe(json_t *s)
{
    const char *v = json_string_value(s);
    if (v)
        sodium_memzero((char *)(uintptr_t)v, strlen(v));
}

/* ---- /gebruikers ------------------------------------------------------------------------ */

static bool collect_user(void *ctx, const sl_user *u)
{
    json_t *o = account_json(u);
    return o && json_array_append_new(ctx, o) == 0;
}

void h_gebruikers_list(sl_request *req, sl_response *resp)
{
    if (!beheerder(req, resp))
        return;
    long page, per_page;
    if (!sl_req_page_only(req, resp, &page, &per_page))
        return;
    json_t *items = json_array();
    char err[256];
    if (!items || !sl_users_list(req->st, collect_user, items, err, sizeof err)) {
        json_decref(items);
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, sl_page_json(items, page, per_page));
}

void h_gebruiker_nieuw(sl_request *req, sl_response *resp)
{
    if (!beheerder(req, resp))
        return;
    static const char *const allowed[] = {"naam", "weergavenaam", "rol", "org", "gemeentecode",
                                          "adressen", "levert_adressen", "wachtwoord", NULL};
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, allowed, errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    sl_account_new a = {0};
    int64_t adressen[SL_USER_ADDRESSES_MAX];
    json_t *v;

    a.naam = json_string_value(json_object_get(body, "naam"));
    if (!a.naam)
        sl_field_error(errors, "naam", "verplicht, tekst");
    v = json_object_get(body, "weergavenaam");
    char wn_why[128];
    if (v && !json_is_null(v) && !(a.weergavenaam = json_string_value(v)))
        sl_field_error(errors, "weergavenaam", "tekst of null");
    else if (!sl_account_weergavenaam_valid(a.weergavenaam, wn_why, sizeof wn_why))
        sl_field_error(errors, "weergavenaam", wn_why);
    const char *rol = json_string_value(json_object_get(body, "rol"));
    if (!rol || !sl_role_parse(rol, strlen(rol), &a.rol))
        sl_field_error(errors, "rol", "verplicht, een van de rollen (zie de API-beschrijving)");
    v = json_object_get(body, "org");
    if (v && !json_is_null(v)) {
        const char *org = json_string_value(v);
        if (!org || !*org || !sl_account_org_parse(org, strlen(org), &a.org))
            sl_field_error(errors, "org", "IMG, NCG of null");
    }
    v = json_object_get(body, "levert_adressen");
    if (v && !json_is_boolean(v))
        sl_field_error(errors, "levert_adressen", "true of false");
    else if (json_is_true(v) && a.rol != SL_ROLE_DATASTEWARD)
        sl_field_error(errors, "levert_adressen",
                       "alleen een datasteward kan BAG-adressen leveren");
    a.levert_adressen = json_is_true(v);
    v = json_object_get(body, "gemeentecode");
    if (v && !json_is_null(v) && !(a.gemeentecode = json_string_value(v)))
        sl_field_error(errors, "gemeentecode", "tekst of null");
    v = json_object_get(body, "adressen");
    if (v && !json_is_array(v)) {
        sl_field_error(errors, "adressen", "een lijst van nummeraanduiding-ids");
    } else if (v) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            const char *s = json_string_value(e), *why = "tekst van 16 cijfers";
            if (a.n_adressen >= SL_USER_ADDRESSES_MAX) {
                sl_field_error(errors, "adressen", "te veel adressen voor één account");
                break;
            }
            if (!s || !sl_bag_parse(s, strlen(s), SL_BAG_NUMMERAANDUIDING,
                                    &adressen[a.n_adressen], &why)) {
                sl_field_error(errors, "adressen", why);
                break;
            }
            a.n_adressen++;
        }
        a.adressen = adressen;
    }
    json_t *pw = json_object_get(body, "wachtwoord");
    if (!json_is_string(pw))
        sl_field_error(errors, "wachtwoord", "verplicht, tekst");
    if (sl_resp_invalid(resp, errors)) {
        wipe(pw);
        json_decref(body);
        return;
    }

    sl_actor by = sl_req_actor(req);
    char err[256];
    sl_outcome r = sl_account_add_by(req->st, NULL, &a, json_string_value(pw), req->now,
                                     &by, NULL, err, sizeof err);
    wipe(pw);
    sl_user u;
    bool found = false;
    if (r == SL_OK && !sl_user_find(req->st, a.naam, &u, &found, err, sizeof err))
        r = SL_ERROR;
    json_decref(body); /* a.naam pointed into it */
    if (r != SL_OK || !found) {
        admin_problem(resp, req, r == SL_OK ? SL_ERROR : r, err);
        return;
    }
    char location[128];
    snprintf(location, sizeof location, "/api/v1/gebruikers/%s", u.naam);
    sl_resp_header(resp, "Location", location);
    sl_resp_json(resp, 201, account_json(&u));
}

void h_gebruiker_get(sl_request *req, sl_response *resp)
{
    sl_user u;
    if (!beheerder(req, resp) || !path_user(req, resp, &u))
        return;
    sl_resp_json(resp, 200, account_json(&u));
}

static void set_active(sl_request *req, sl_response *resp, bool actief)
{
    if (!beheerder(req, resp))
        return;
    if (!actief && strcasecmp(req->params[0], req->who.naam) == 0) {
        sl_resp_problem(resp, 409, "Conflict", "U kunt uw eigen account niet deactiveren; "
                        "laat dat een andere beheerder doen.", NULL);
        return;
    }
    sl_actor by = sl_req_actor(req);
    sl_user u;
    bool changed;
    char err[256];
    sl_outcome r = sl_account_set_active(req->st, req->params[0], actief, req->now, &by,
                                         &u, &changed, err, sizeof err);
    if (r != SL_OK) {
        admin_problem(resp, req, r, err);
        return;
    }
    sl_resp_json(resp, 200, account_json(&u));
}

void h_gebruiker_deactivering(sl_request *req, sl_response *resp)
{
    set_active(req, resp, false);
}

void h_gebruiker_activering(sl_request *req, sl_response *resp)
{
    set_active(req, resp, true);
}

void h_gebruiker_wachtwoord(sl_request *req, sl_response *resp)
{
    if (!beheerder(req, resp))
        return;
    static const char *const allowed[] = {"wachtwoord", "tokensBehouden", NULL};
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, allowed, errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    json_t *pw = json_object_get(body, "wachtwoord");
    json_t *keep = json_object_get(body, "tokensBehouden");
    if (!json_is_string(pw))
        sl_field_error(errors, "wachtwoord", "verplicht, tekst");
    if (keep && !json_is_boolean(keep))
        sl_field_error(errors, "tokensBehouden", "true of false");
    if (sl_resp_invalid(resp, errors)) {
        wipe(pw);
        json_decref(body);
        return;
    }
    sl_actor by = sl_req_actor(req);
    char err[256];
    /* the account's tokens go with the old password unless the beheerder keeps them */
    sl_outcome r = sl_account_set_password(req->st, NULL, req->params[0],
                                           json_string_value(pw), json_is_true(keep),
                                           req->now, &by, NULL, err, sizeof err);
    wipe(pw);
    json_decref(body);
    if (r != SL_OK) {
        admin_problem(resp, req, r, err);
        return;
    }
    resp->status = 204;
}

/* PUT {"weergavenaam": "H. Eemsens"} (or "" to clear): the name signals use for the person. */
void h_gebruiker_weergavenaam(sl_request *req, sl_response *resp)
{
    if (!beheerder(req, resp))
        return;
    static const char *const allowed[] = {"weergavenaam", NULL};
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, allowed, errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    const char *w = json_string_value(json_object_get(body, "weergavenaam"));
    char err[256] = "verplicht, tekst (leeg om te wissen)";
    if (!w || !sl_account_weergavenaam_valid(w, err, sizeof err))
        sl_field_error(errors, "weergavenaam", err);
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return;
    }
    sl_actor by = sl_req_actor(req);
    sl_user u;
    sl_outcome r = w ? sl_account_set_weergavenaam(req->st, req->params[0], w, &by, &u, err,
                                                   sizeof err)
                     : SL_INVALID;
    json_decref(body);
    if (r == SL_INVALID) { /* the service's reason, named at its field */
        sl_resp_invalid(resp, sl_field_errors1("weergavenaam", err));
        return;
    }
    if (r != SL_OK) {
        admin_problem(resp, req, r, err);
        return;
    }
    sl_resp_json(resp, 200, account_json(&u));
}

/* PUT {"levert_adressen": true|false}: appoint a data steward for the BAG addresses, or not. */
void h_gebruiker_adreslevering(sl_request *req, sl_response *resp)
{
    if (!beheerder(req, resp))
        return;
    static const char *const allowed[] = {"levert_adressen", NULL};
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, allowed, errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    json_t *v = json_object_get(body, "levert_adressen");
    char err[256] = "verplicht, true of false";
    if (!json_is_boolean(v))
        sl_field_error(errors, "levert_adressen", err);
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return;
    }
    sl_actor by = sl_req_actor(req);
    sl_user u;
    sl_outcome r = json_is_boolean(v)
                       ? sl_account_set_levert_adressen(req->st, req->params[0],
                                                        json_is_true(v), &by, &u, err,
                                                        sizeof err)
                       : SL_INVALID;
    json_decref(body);
    if (r == SL_INVALID) {
        sl_resp_invalid(resp, sl_field_errors1("levert_adressen", err));
        return;
    }
    if (r != SL_OK) {
        admin_problem(resp, req, r, err);
        return;
    }
    sl_resp_json(resp, 200, account_json(&u));
}

/* ---- tokens ------------------------------------------------------------------------------ */

typedef struct token_ctx {
    json_t *items;
    const char *naam;
} token_ctx;

static bool collect_token(void *p, const sl_token_row *t)
{
    token_ctx *c = p;
    json_t *o = token_json(t, c->naam);
    return o && json_array_append_new(c->items, o) == 0;
}

void h_gebruiker_tokens(sl_request *req, sl_response *resp)
{
    sl_user u;
    if (!beheerder(req, resp) || !path_user(req, resp, &u))
        return;
    long page, per_page;
    if (!sl_req_page_only(req, resp, &page, &per_page))
        return;
    token_ctx c = {.items = json_array(), .naam = u.naam};
    char err[256];
    if (!c.items || !sl_tokens_list(req->st, u.naam, collect_token, &c, err, sizeof err)) {
        json_decref(c.items);
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, sl_page_json(c.items, page, per_page));
}

void h_gebruiker_token_nieuw(sl_request *req, sl_response *resp)
{
    if (!beheerder(req, resp))
        return;
    static const char *const allowed[] = {"omschrijving", NULL};
    json_t *errors = json_array();
    json_t *body = req->body_len ? sl_req_json_object(req, resp, allowed, errors) : json_object();
    if (!body) {
        json_decref(errors);
        return;
    }
    json_t *o = json_object_get(body, "omschrijving");
    if (o && !json_is_string(o) && !json_is_null(o))
        sl_field_error(errors, "omschrijving", "tekst of null");
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return;
    }
    sl_actor by = sl_req_actor(req);
    char token[SL_TOKEN_CAP], err[256];
    sl_token_row row;
    sl_outcome r = sl_token_create_by(req->st, req->params[0], json_string_value(o),
                                      req->now, &by, token, &row, err, sizeof err);
    json_decref(body);
    sl_user u;
    if (r == SL_OK && !path_user(req, resp, &u)) {
        sodium_memzero(token, sizeof token);
        return;
    }
    if (r != SL_OK) {
        admin_problem(resp, req, r, err);
        return;
    }
    json_t *out = token_json(&row, u.naam);
    json_object_set_new(out, "token", json_string(token));
    sodium_memzero(token, sizeof token);
    char location[64];
    snprintf(location, sizeof location, "/api/v1/tokens/%lld", (long long)row.id);
    sl_resp_header(resp, "Location", location);
    sl_resp_json(resp, 201, out);
}

/* Token id from the path, or 0 after a 404. */
static int64_t path_token_id(const sl_request *req, sl_response *resp)
{
    int64_t id;
    return sl_req_path_id(req, resp, 0, "token", &id) ? id : 0;
}

/* The token as JSON, with the account it belongs to named. */
static void token_answer(sl_request *req, sl_response *resp, const sl_token_row *row)
{
    sl_user u;
    bool found;
    char err[256];
    if (!sl_user_find_id(req->st, row->gebruiker_id, &u, &found, err, sizeof err)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, token_json(row, found ? u.naam : ""));
}

void h_token_get(sl_request *req, sl_response *resp)
{
    int64_t id;
    if (!beheerder(req, resp) || !(id = path_token_id(req, resp)))
        return;
    sl_token_row row;
    bool found;
    char err[256];
    if (!sl_token_get(req->st, id, &row, &found, err, sizeof err)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    if (!found) {
        sl_resp_problem(resp, 404, "Niet gevonden", "Er is geen token met dit nummer.", NULL);
        return;
    }
    token_answer(req, resp, &row);
}

void h_token_intrekking(sl_request *req, sl_response *resp)
{
    int64_t id;
    if (!beheerder(req, resp) || !(id = path_token_id(req, resp)))
        return;
    sl_actor by = sl_req_actor(req);
    sl_token_row row;
    char err[256];
    sl_outcome r = sl_token_revoke_by(req->st, id, req->now, &by, &row, err, sizeof err);
    if (r != SL_OK) {
        admin_problem(resp, req, r, err);
        return;
    }
    token_answer(req, resp, &row);
}
