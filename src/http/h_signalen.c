/*
 * h_signalen.c - /api/v1/signalen: the signals addressed to me, my
 * organisation or my role, and their transitions (bevestiging, afronding,
 * afwijzing). A signal is visible to an account when one of its addressees
 * is that account's organisation and role (or names the account). A role that
 * works no signals gets 403; staff asking for a signal not addressed to them get
 * 404, so that its existence says nothing. The list filters by rule, status,
 * address, municipality (gemeente) and due date (vervalt_voor), and names each
 * signal's address in short, for a work queue.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/bag.h"
#include "http/handlers.h"
#include "service/signal_json.h"
#include "service/signals.h"

typedef enum scope { VOOR_MIJ, VOOR_ORGANISATIE, VOOR_ROL } scope;

static bool staff(sl_role r)
{
    return r == SL_ROLE_ZAAKBEGELEIDER || r == SL_ROLE_BEWONERSBEGELEIDER || r == SL_ROLE_SVIP ||
           r == SL_ROLE_COORDINATOR || r == SL_ROLE_INTERVENTIETEAM;
}

static bool org_matches(const sl_principal *who, sl_org org)
{
    if (org == SL_ORG_BEIDE)
        return true;
    return (org == SL_ORG_IMG && who->org == SL_ACCOUNT_ORG_IMG) ||
           (org == SL_ORG_NCG && who->org == SL_ACCOUNT_ORG_NCG);
}

static bool addressee_matches(const sl_principal *who, const sl_addressee *a, scope sc)
{
    /* the deliveries name the person ("H. Eemsens"); the account says which one it is */
    bool me = a->persoon[0] && (strcasecmp(a->persoon, who->naam) == 0 ||
                                (who->weergavenaam[0] &&
                                 strcasecmp(a->persoon, who->weergavenaam) == 0));
    bool role = strcmp(a->rol, sl_role_name(who->rol)) == 0 && org_matches(who, a->org);
    switch (sc) {
    case VOOR_MIJ: return me;
    case VOOR_ROL: return role;
    case VOOR_ORGANISATIE:
        /* coordinators and the interventieteam work across both bodies: their org is their role */
        if (who->rol == SL_ROLE_COORDINATOR || who->rol == SL_ROLE_INTERVENTIETEAM)
            return role || me;
        return me || (who->org != SL_ACCOUNT_ORG_NONE && org_matches(who, a->org) &&
                      a->org != SL_ORG_BEIDE);
    }
    return false;
}

static bool visible(const sl_principal *who, const sl_signal *s, scope sc)
{
    if (!staff(who->rol))
        return false;
    for (size_t i = 0; i < s->n_aan; i++)
        if (addressee_matches(who, &s->aan[i], sc))
            return true;
    return false;
}

typedef struct list_ctx {
    const sl_principal *who;
    scope sc;
    sl_store *st;
    const char *gemeente; /* NULL: any municipality */
    sl_date vervalt_voor; /* SL_DATE_NONE: any due date */
    json_t *items;
    /* the last address read: a work queue often has several signals for one address */
    int64_t addr_id;
    sl_address addr;
    bool addr_found;
} list_ctx;

/* The short address of a signal's address (BAG data, no personal data), so that a
 * work queue can show and filter by place without one dossier request per row. */
static json_t *short_address(const sl_address *a)
{
    return json_pack("{s:s, s:i, s:o, s:o, s:s, s:s, s:s}", "straat", a->straat, "huisnummer",
                     (int)a->nr.huisnummer, "huisletter",
                     a->nr.huisletter[0] ? json_string(a->nr.huisletter) : json_null(),
                     "toevoeging",
                     a->nr.toevoeging[0] ? json_string(a->nr.toevoeging) : json_null(),
                     "postcode", a->postcode, "woonplaats", a->woonplaats, "gemeentecode",
                     a->gemeentecode);
}

static bool collect(void *ctx, const sl_signal *s)
{
    list_ctx *c = ctx;
    if (!visible(c->who, s, c->sc))
        return true;
    /* "due before": signals without a due date never match */
    if (c->vervalt_voor != SL_DATE_NONE &&
        (s->vervalt_op == SL_DATE_NONE || s->vervalt_op >= c->vervalt_voor))
        return true;
    if (c->addr_id != s->address_id) {
        bool absent;
        if (!sl_store_address_get(c->st, s->address_id, &c->addr, &absent, &c->addr_found))
            return false;
        c->addr_id = s->address_id;
    }
    if (c->gemeente && (!c->addr_found || strcmp(c->addr.gemeentecode, c->gemeente) != 0))
        return true;
    json_t *o = sl_signal_json(s);
    if (o && c->addr_found)
        json_object_set_new(o, "adres", short_address(&c->addr));
    return o && json_array_append_new(c->items, o) == 0;
}

static bool gemeentecode_valid(const char *v)
{
    if (strlen(v) != 4)
        return false;
    for (const char *p = v; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

void h_signalen_list(sl_request *req, sl_response *resp)
{
    if (!staff(req->who.rol)) {
        sl_resp_forbidden(resp, "Signalen zijn er voor zaakbegeleiders, bewonersbegeleiders, "
                                "SVIP, coördinatoren en het interventieteam.");
        return;
    }
    sl_signal_filter f = {.status = -1};
    scope sc = VOOR_ORGANISATIE;
    json_t *errors = json_array();
    const char *v;
    if ((v = sl_req_query(req, "voor"))) {
        if (strcmp(v, "mij") == 0)
            sc = VOOR_MIJ;
        else if (strcmp(v, "rol") == 0)
            sc = VOOR_ROL;
        else if (strcmp(v, "organisatie") != 0)
            json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", "voor", "reden",
                                                    "mij, organisatie of rol"));
    }
    if ((v = sl_req_query(req, "regel"))) {
        char *end;
        long r = strtol(v, &end, 10);
        if (*end || r < 1 || r > 99)
            json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", "regel", "reden",
                                                    "een regelnummer"));
        f.regel = (int32_t)r;
    }
    if ((v = sl_req_query(req, "status"))) {
        sl_signal_status st;
        if (sl_signal_status_parse(v, strlen(v), &st))
            f.status = (int)st;
        else
            json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", "status", "reden",
                                                    "open, bevestigd, afgerond of afgewezen"));
    }
    if ((v = sl_req_query(req, "nummeraanduiding_id"))) {
        const char *why;
        if (!sl_bag_parse(v, strlen(v), SL_BAG_NUMMERAANDUIDING, &f.address_id, &why))
            json_array_append_new(errors, json_pack("{s:s, s:s}", "veld",
                                                    "nummeraanduiding_id", "reden", why));
    }
    const char *gemeente = sl_req_query(req, "gemeente");
    if (gemeente && !gemeentecode_valid(gemeente))
        json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", "gemeente", "reden",
                                                "een gemeentecode van vier cijfers"));
    sl_date vervalt_voor = SL_DATE_NONE;
    if ((v = sl_req_query(req, "vervalt_voor"))) {
        const char *why;
        if (!sl_date_parse(v, strlen(v), &vervalt_voor, &why))
            json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", "vervalt_voor",
                                                    "reden", why));
    }
    long page, per_page;
    if (json_array_size(errors)) {
        sl_resp_problem(resp, 400, "Ongeldig verzoek", NULL, errors);
        return;
    }
    json_decref(errors);
    if (!sl_req_page(req, resp, &page, &per_page))
        return;
    list_ctx c = {.who = &req->who, .sc = sc, .st = req->st, .gemeente = gemeente,
                  .vervalt_voor = vervalt_voor, .items = json_array()};
    if (!c.items || !sl_store_signals_scan(req->st, &f, collect, &c)) {
        json_decref(c.items);
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, sl_page_json(c.items, page, per_page));
}

static bool load_visible(sl_request *req, sl_response *resp, sl_signal *s)
{
    if (!staff(req->who.rol)) {
        /* a role without signals is told so, as for the list; 404 is for "not yours" */
        sl_resp_forbidden(resp, "Signalen zijn er voor zaakbegeleiders, bewonersbegeleiders, "
                                "SVIP, coördinatoren en het interventieteam.");
        return false;
    }
    char *end;
    long long id = strtoll(req->params[0], &end, 10);
    bool found = false;
    if (*end || id <= 0) {
        sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL);
        return false;
    }
    if (!sl_store_signal_get(req->st, id, s, &found)) {
        sl_resp_store_error(resp, req->st);
        return false;
    }
    if (!found || !visible(&req->who, s, VOOR_ORGANISATIE)) {
        sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL);
        return false;
    }
    return true;
}

void h_signaal_get(sl_request *req, sl_response *resp)
{
    sl_signal s;
    if (load_visible(req, resp, &s))
        sl_resp_json(resp, 200, sl_signal_json(&s));
}

static void transition(sl_request *req, sl_response *resp, sl_signal_status to)
{
    static const char *const allowed[] = {"reden", NULL};
    sl_signal s;
    if (!load_visible(req, resp, &s))
        return;
    const char *reden = NULL;
    json_t *body = NULL;
    if (req->body_len) {
        body = sl_req_json_object(req, resp, allowed);
        if (!body)
            return;
        json_t *r = json_object_get(body, "reden");
        if (r && !json_is_string(r)) {
            json_decref(body);
            sl_resp_problem(resp, 400, "Ongeldig verzoek", NULL,
                            json_pack("[{s:s, s:s}]", "veld", "reden", "reden", "tekst"));
            return;
        }
        reden = json_string_value(r);
    }
    char err[512];
    bool not_found;
    sl_actor by = {.gebruiker = req->who.naam, .trace_id = req->trace_id,
                   .viewer = sl_req_viewer(req)};
    bool ok = sl_signal_transition(req->st, s.id, to, &by, reden, &not_found, err, sizeof err);
    if (ok) {
        bool found;
        ok = sl_store_signal_get(req->st, s.id, &s, &found);
        if (ok)
            sl_resp_json(resp, 200, sl_signal_json(&s));
        else
            sl_resp_store_error(resp, req->st);
    } else if (not_found) {
        sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL);
    } else if (to == SL_SIGNAAL_AFGEWEZEN && (!reden || !*reden)) {
        sl_resp_problem(resp, 400, "Ongeldig verzoek", err,
                        json_pack("[{s:s, s:s}]", "veld", "reden", "reden", "verplicht"));
    } else {
        sl_resp_problem(resp, 409, "Kan niet in deze toestand", err, NULL);
    }
    json_decref(body);
}

void h_signaal_bevestiging(sl_request *req, sl_response *resp)
{
    transition(req, resp, SL_SIGNAAL_BEVESTIGD);
}

void h_signaal_afronding(sl_request *req, sl_response *resp)
{
    transition(req, resp, SL_SIGNAAL_AFGEROND);
}

void h_signaal_afwijzing(sl_request *req, sl_response *resp)
{
    transition(req, resp, SL_SIGNAAL_AFGEWEZEN);
}
