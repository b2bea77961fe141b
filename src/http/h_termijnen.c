/*
 * h_termijnen.c - /api/v1/termijnen, /termijndefinities, /ingebrekestellingen,
 * /grootboek and /escalaties: terms, notices of default, the ledger and the
 * interventieteam's cases over HTTP. Who may do what, the penalty and the
 * processing log are the services' (service/termijnen.h, termijnbeheer.h).
 */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "http/handlers.h"
#include "http/query_names.h"
#include "service/termijnbeheer.h"
#include "service/termijnen.h"

/* A failed outcome: SL_INVALID "veld: reden" at its field, the rest as mapped once. */
static void fail(const sl_request *req, sl_response *resp, sl_outcome rc, const char *err,
                 const char *const *fields)
{
    if (rc == SL_INVALID)
        sl_resp_invalid_reason(resp, err, fields);
    else
        sl_resp_outcome(resp, req, rc, NULL, err);
}

static void etag(sl_response *resp, int64_t versie)
{
    char tag[32];
    snprintf(tag, sizeof tag, "\"%lld\"", (long long)versie);
    sl_resp_header(resp, "ETag", tag);
}

static void located(sl_response *resp, const char *base, int64_t id)
{
    char loc[80];
    snprintf(loc, sizeof loc, "/api/v1/%s/%lld", base, (long long)id);
    sl_resp_header(resp, "Location", loc);
}

/* A "YYYY-MM-DD" member; SL_DATE_NONE when absent and not required, else a field error. */
static sl_date body_date(const json_t *body, const char *key, bool required, json_t *errors)
{
    const json_t *v = json_object_get(body, key);
    sl_date d = SL_DATE_NONE;
    const char *why = SL_DATE_ISO_FORM;
    if (!v && !required)
        return SL_DATE_NONE;
    if (!json_is_string(v) ||
        !sl_date_parse_iso(json_string_value(v), json_string_length(v), &d, &why)) {
        sl_field_error(errors, key, why);
        return SL_DATE_NONE;
    }
    return d;
}

static const char *body_text(const json_t *body, const char *key)
{
    return json_string_value(json_object_get(body, key));
}

/* The required "nummeraanduiding_id" member; a field error when it is absent or no id. */
static void body_address_id(const json_t *body, json_t *errors, int64_t *id)
{
    const char *t = body_text(body, "nummeraanduiding_id");
    if (!t)
        sl_field_error(errors, "nummeraanduiding_id", "16 cijfers, een nummeraanduiding");
    else
        sl_address_id_check(errors, t, "nummeraanduiding_id", id);
}

/* ---- termijnen -------------------------------------------------------------------- */

void h_termijnen_list(sl_request *req, sl_response *resp)
{
    json_t *errors = json_array();
    sl_termijn_filter f = {.status = -1, .einde_voor = SL_DATE_NONE};
    f.soort = sl_req_query(req, "soort");
    const char *q = sl_req_query(req, "status");
    for (int s = SL_TERMIJN_LOPEND; q && s <= SL_TERMIJN_OPGESCHORT; s++)
        if (strcmp(q, sl_termijn_status_name((sl_termijn_status)s)) == 0)
            f.status = s;
    if (q && f.status < 0)
        sl_field_error(errors, "status", "lopend, verstreken, gehaald of opgeschort");
    f.organisatie = sl_req_query(req, "organisatie");
    if (f.organisatie && strcmp(f.organisatie, "IMG") != 0 && strcmp(f.organisatie, "NCG") != 0)
        sl_field_error(errors, "organisatie", "IMG of NCG");
    f.gemeente = sl_req_gemeente(req, errors);
    q = sl_req_query(req, "eindeVoor");
    const char *why;
    if (q && !sl_date_parse_iso(q, strlen(q), &f.einde_voor, &why))
        sl_field_error(errors, "eindeVoor", why);
    long page, per_page;
    sl_req_page(req, errors, &page, &per_page);
    if (sl_resp_invalid(resp, errors))
        return;
    sl_actor by = sl_req_actor(req);
    json_t *out = NULL;
    char err[512] = "";
    sl_outcome rc = sl_termijnen_page_json(req->st, &by, &f, sl_req_today(req), page, per_page,
                                           &out, err, sizeof err);
    if (rc != SL_OK) {
        fail(req, resp, rc, err, NULL);
        return;
    }
    sl_resp_json(resp, 200, out);
}

static const char *const zaak_fields[] = {"soort", "img_id", "ncg_id", "van", "tot", "vervangt",
                                          "nieuw_einde", "reden", NULL};

/* The term instance of a body: soort and exactly one of img_id, ncg_id. */
static bool body_zaak(const json_t *body, json_t *errors, sl_termijn_zaak *z)
{
    memset(z, 0, sizeof *z);
    const char *soort = body_text(body, "soort"), *img = body_text(body, "img_id"),
               *ncg = body_text(body, "ncg_id");
    if (!soort || !*soort || strlen(soort) >= sizeof z->soort) {
        sl_field_error(errors, "soort", "verplicht; de soort termijn");
        return false;
    }
    if (!img == !ncg || (img && strlen(img) >= sizeof z->img_id) ||
        (ncg && strlen(ncg) >= sizeof z->ncg_id)) {
        sl_field_error(errors, img ? "img_id" : "ncg_id", "noem precies één zaak");
        return false;
    }
    snprintf(z->soort, sizeof z->soort, "%s", soort);
    snprintf(z->img_id, sizeof z->img_id, "%s", img ? img : "");
    snprintf(z->ncg_id, sizeof z->ncg_id, "%s", ncg ? ncg : "");
    return true;
}

/* A suspension or extension recorded: 201 with its id; else the failure at its field. */
static void zaak_answer(const sl_request *req, sl_response *resp, sl_outcome rc,
                        const char *err, int64_t id)
{
    if (rc != SL_OK)
        fail(req, resp, rc, err, zaak_fields);
    else
        sl_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

void h_termijn_opschorting(sl_request *req, sl_response *resp)
{
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, zaak_fields, errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    sl_termijn_zaak z;
    body_zaak(body, errors, &z);
    sl_date van = body_date(body, "van", !json_object_get(body, "vervangt"), errors);
    sl_date tot = body_date(body, "tot", false, errors);
    const json_t *v = json_object_get(body, "vervangt");
    int64_t vervangt = json_is_integer(v) ? json_integer_value(v) : 0;
    if (v && vervangt <= 0)
        sl_field_error(errors, "vervangt", "het nummer van een lopende opschorting");
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return;
    }
    sl_actor by = sl_req_actor(req);
    char err[512] = "";
    int64_t id = 0;
    sl_outcome rc = sl_termijn_opschorten(req->st, &by, &z, van, tot, vervangt,
                                          body_text(body, "reden"), &id, err, sizeof err);
    json_decref(body);
    zaak_answer(req, resp, rc, err, id);
}

void h_termijn_verlenging(sl_request *req, sl_response *resp)
{
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, zaak_fields, errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    sl_termijn_zaak z;
    body_zaak(body, errors, &z);
    sl_date einde = body_date(body, "nieuw_einde", true, errors);
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return;
    }
    sl_actor by = sl_req_actor(req);
    char err[512] = "";
    int64_t id = 0;
    sl_outcome rc = sl_termijn_verlengen(req->st, &by, &z, einde, body_text(body, "reden"), &id,
                                         err, sizeof err);
    json_decref(body);
    zaak_answer(req, resp, rc, err, id);
}

/* ---- termijndefinities ------------------------------------------------------------ */

/*
 * The term table's own route is deprecated in favour of /api/v1/regelsets/termijn
 * (decision 226): it keeps working until the sunset of the renamed query keys,
 * through the one publish path, and says so on every answer.
 */
static void announce_successor(sl_response *resp)
{
    sl_resp_header(resp, "Deprecation", SL_QUERY_DEPRECATION);
    sl_resp_header(resp, "Sunset", SL_QUERY_SUNSET);
    sl_resp_header(resp, "Link", "</api/v1/regelsets/termijn>; rel=\"successor-version\", "
                                 SL_QUERY_DEPRECATION_LINK);
}

void h_termijndefinities_get(sl_request *req, sl_response *resp)
{
    announce_successor(resp);
    sl_termijnregels *r = sl_malloc(sizeof *r);
    if (!r || !sl_termijnregels_laden(req->st, r)) {
        sl_free(r);
        sl_resp_store_error(resp, req->st);
        return;
    }
    json_t *o = sl_termijnregels_json(r);
    sl_free(r);
    sl_resp_json(resp, 200, o);
}

void h_termijndefinities_nieuw(sl_request *req, sl_response *resp)
{
    announce_successor(resp);
    static const char *const allowed[] = {"omschrijving", "definities", NULL};
    json_t *body = sl_req_json_body(req, resp, allowed);
    if (!body)
        return;
    sl_actor by = sl_req_actor(req);
    char err[512] = "";
    int32_t versie = 0;
    sl_outcome rc = sl_termijnregels_publiceer(req->st, &by, body_text(body, "omschrijving"),
                                               json_object_get(body, "definities"), &versie, err,
                                               sizeof err);
    json_decref(body);
    if (rc != SL_OK) {
        static const char *const fields[] = {"omschrijving", "definities", NULL};
        fail(req, resp, rc, err, fields);
        return;
    }
    sl_resp_json(resp, 201, json_pack("{s:i}", "versie", (int)versie));
}

/* ---- ingebrekestellingen ---------------------------------------------------------- */

/* One notice of default as GET shows it, with its versie as the ETag. */
static void ingebrekestelling_answer(const sl_request *req, sl_response *resp,
                                     const sl_ingebrekestelling *n)
{
    etag(resp, n->versie);
    sl_resp_json(resp, 200, sl_ingebrekestelling_json(n, sl_req_today(req)));
}

void h_ingebrekestellingen_list(sl_request *req, sl_response *resp)
{
    json_t *errors = json_array();
    int64_t address_id = 0;
    const char *q = sl_req_query(req, "nummeraanduidingId");
    if (q)
        sl_address_id_check(errors, q, "nummeraanduidingId", &address_id);
    if (sl_resp_invalid(resp, errors))
        return;
    sl_actor by = sl_req_actor(req);
    json_t *out = NULL;
    char err[512] = "";
    sl_outcome rc = sl_ingebrekestellingen_json(req->st, &by, address_id, sl_req_today(req), &out,
                                                err, sizeof err);
    if (rc != SL_OK) {
        fail(req, resp, rc, err, NULL);
        return;
    }
    sl_resp_json(resp, 200, out);
}

void h_ingebrekestelling_nieuw(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"img_id", "ncg_id", "ontvangen_op", NULL};
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, allowed, errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    const char *img = body_text(body, "img_id"), *ncg = body_text(body, "ncg_id");
    if (!img == !ncg)
        sl_field_error(errors, "img_id", "noem precies één zaak: img_id of ncg_id");
    sl_date ontvangen = body_date(body, "ontvangen_op", true, errors);
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return;
    }
    sl_actor by = sl_req_actor(req);
    sl_ingebrekestelling n;
    char err[512] = "";
    sl_date today = sl_req_today(req);
    sl_outcome rc = sl_ingebrekestelling_registreren(req->st, &by, img, ncg, ontvangen, today, &n,
                                                     err, sizeof err);
    json_decref(body);
    if (rc != SL_OK) {
        fail(req, resp, rc, err, allowed);
        return;
    }
    located(resp, "ingebrekestellingen", n.id);
    etag(resp, n.versie);
    sl_resp_json(resp, 201, sl_ingebrekestelling_json(&n, today));
}

void h_ingebrekestelling_get(sl_request *req, sl_response *resp)
{
    int64_t id;
    if (!sl_req_path_id(req, resp, 0, "ingebrekestelling", &id))
        return;
    sl_actor by = sl_req_actor(req);
    sl_ingebrekestelling n;
    char err[512] = "";
    sl_outcome rc = sl_ingebrekestelling_lezen(req->st, &by, id, &n, err, sizeof err);
    if (rc != SL_OK) {
        fail(req, resp, rc, err, NULL);
        return;
    }
    ingebrekestelling_answer(req, resp, &n);
}

void h_ingebrekestelling_beslissing(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"beslist_op", NULL};
    int64_t id, expect;
    if (!sl_req_path_id(req, resp, 0, "ingebrekestelling", &id) ||
        !sl_req_if_match(req, resp, false, "de ingebrekestelling", &expect))
        return;
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, allowed, errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    sl_date beslist = body_date(body, "beslist_op", true, errors);
    json_decref(body);
    if (sl_resp_invalid(resp, errors))
        return;
    sl_actor by = sl_req_actor(req);
    sl_ingebrekestelling n;
    char err[512] = "";
    sl_outcome rc = sl_ingebrekestelling_beslissen(req->st, &by, id,
                                                   expect == SL_VERSIE_ANY ? 0 : expect, beslist,
                                                   &n, err, sizeof err);
    if (rc != SL_OK) {
        fail(req, resp, rc, err, allowed);
        return;
    }
    ingebrekestelling_answer(req, resp, &n);
}

/* ---- grootboek -------------------------------------------------------------------- */

void h_grootboek_get(sl_request *req, sl_response *resp)
{
    const char *org = sl_req_query(req, "organisatie");
    if (!org) {
        sl_resp_invalid(resp, sl_field_errors1("organisatie", "verplicht: IMG of NCG"));
        return;
    }
    sl_actor by = sl_req_actor(req);
    json_t *out = NULL;
    char err[512] = "";
    sl_outcome rc = sl_grootboek_json(req->st, &by, org, &out, err, sizeof err);
    if (rc != SL_OK) {
        fail(req, resp, rc, err, (const char *const[]){"organisatie", NULL});
        return;
    }
    sl_resp_json(resp, 200, out);
}

void h_grootboek_boeking(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"organisatie", "nummeraanduiding_id", "soort",
                                          "bedrag_centen", "datum", "reden",
                                          "ingebrekestelling_id", NULL};
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, allowed, errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    sl_grootboekpost p;
    memset(&p, 0, sizeof p);
    body_address_id(body, errors, &p.address_id);
    const char *t;
    snprintf(p.organisatie, sizeof p.organisatie, "%s",
             body_text(body, "organisatie") ? body_text(body, "organisatie") : "");
    snprintf(p.soort, sizeof p.soort, "%s", body_text(body, "soort") ? body_text(body, "soort")
                                                                     : "");
    const json_t *v = json_object_get(body, "bedrag_centen");
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        sl_field_error(errors, "bedrag_centen", "een geheel aantal centen, groter dan 0");
    else
        p.bedrag_centen = json_integer_value(v);
    v = json_object_get(body, "ingebrekestelling_id");
    if (v && (!json_is_integer(v) || json_integer_value(v) <= 0))
        sl_field_error(errors, "ingebrekestelling_id", "het nummer van een ingebrekestelling");
    else if (v)
        p.ingebrekestelling_id = json_integer_value(v);
    p.datum = body_date(body, "datum", true, errors);
    t = body_text(body, "reden");
    if (!t || !*t || strlen(t) >= sizeof p.reden)
        sl_field_error(errors, "reden", "verplicht; tekst van hoogstens 500 bytes");
    else
        snprintf(p.reden, sizeof p.reden, "%s", t);
    json_decref(body);
    if (sl_resp_invalid(resp, errors))
        return;
    sl_actor by = sl_req_actor(req);
    char err[512] = "";
    sl_outcome rc = sl_grootboek_boeken(req->st, &by, &p, err, sizeof err);
    if (rc != SL_OK) {
        fail(req, resp, rc, err, allowed);
        return;
    }
    char id[17];
    sl_bag_format(p.address_id, id);
    sl_resp_json(resp, 201, json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)p.id,
                                      "organisatie", p.organisatie, "nummeraanduiding_id", id,
                                      "soort", p.soort, "bedrag_centen",
                                      (json_int_t)p.bedrag_centen));
}

/* ---- escalaties ------------------------------------------------------------------- */

static void escalatie_answer(sl_request *req, sl_response *resp, int64_t id, int status)
{
    sl_actor by = sl_req_actor(req);
    json_t *o = NULL;
    char err[512] = "";
    sl_outcome rc = sl_escalatie_json(req->st, &by, id, &o, err, sizeof err);
    if (rc != SL_OK) {
        fail(req, resp, rc, err, NULL);
        return;
    }
    if (status == 201)
        located(resp, "escalaties", id);
    etag(resp, json_integer_value(json_object_get(o, "versie")));
    sl_resp_json(resp, status, o);
}

/* ?status, ?aanleiding, ?gemeente, ?pagina, ?perPagina: the database selects, the service
 * builds one page. */
void h_escalaties_list(sl_request *req, sl_response *resp)
{
    json_t *errors = json_array();
    sl_escalatie_filter f = {.status = sl_req_query(req, "status"),
                             .aanleiding = sl_req_query(req, "aanleiding"),
                             .gemeente = sl_req_gemeente(req, errors)};
    long page, per_page;
    sl_req_page(req, errors, &page, &per_page);
    if (sl_resp_invalid(resp, errors))
        return;
    sl_actor by = sl_req_actor(req);
    json_t *out = NULL;
    char err[512] = "";
    sl_outcome rc = sl_escalaties_json(req->st, &by, &f, page, per_page, &out, err, sizeof err);
    if (rc != SL_OK) {
        fail(req, resp, rc, err, (const char *const[]){"status", "aanleiding", NULL});
        return;
    }
    sl_resp_json(resp, 200, out);
}

void h_escalatie_nieuw(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"nummeraanduiding_id", "aanleiding", NULL};
    json_t *errors = json_array();
    json_t *body = sl_req_json_object(req, resp, allowed, errors);
    if (!body) {
        json_decref(errors);
        return;
    }
    int64_t address_id = 0;
    body_address_id(body, errors, &address_id);
    if (sl_resp_invalid(resp, errors)) {
        json_decref(body);
        return;
    }
    sl_actor by = sl_req_actor(req);
    sl_escalatie e;
    bool nieuw = false;
    char err[512] = "";
    sl_outcome rc = sl_escalatie_aanmelden(req->st, &by, address_id, body_text(body, "aanleiding"),
                                           sl_req_today(req), &e, &nieuw, err, sizeof err);
    json_decref(body);
    if (rc != SL_OK) {
        fail(req, resp, rc, err, allowed);
        return;
    }
    escalatie_answer(req, resp, e.id, nieuw ? 201 : 200);
}

void h_escalatie_get(sl_request *req, sl_response *resp)
{
    int64_t id;
    if (sl_req_path_id(req, resp, 0, "escalatie", &id))
        escalatie_answer(req, resp, id, 200);
}

void h_escalatie_put(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"status", "eigenaar", NULL};
    int64_t id, expect;
    if (!sl_req_path_id(req, resp, 0, "escalatie", &id) ||
        !sl_req_if_match(req, resp, true, "de escalatie", &expect))
        return;
    json_t *body = sl_req_json_body(req, resp, allowed);
    if (!body)
        return;
    sl_actor by = sl_req_actor(req);
    sl_escalatie e;
    char err[512] = "";
    sl_outcome rc = SL_OK;
    if (expect == SL_VERSIE_ANY) {
        json_t *cur = NULL; /* "*": the current versie, as the service answers it */
        rc = sl_escalatie_json(req->st, &by, id, &cur, err, sizeof err);
        expect = rc == SL_OK ? json_integer_value(json_object_get(cur, "versie")) : 0;
        json_decref(cur);
    }
    if (rc == SL_OK)
        rc = sl_escalatie_wijzigen(req->st, &by, id, expect, body_text(body, "status"),
                                   body_text(body, "eigenaar"), &e, err, sizeof err);
    json_decref(body);
    if (rc != SL_OK) {
        fail(req, resp, rc, err, allowed);
        return;
    }
    escalatie_answer(req, resp, id, 200);
}

void h_escalatie_besluit(sl_request *req, sl_response *resp)
{
    static const char *const allowed[] = {"mandaat", "reden", NULL};
    int64_t id;
    if (!sl_req_path_id(req, resp, 0, "escalatie", &id))
        return;
    json_t *body = sl_req_json_body(req, resp, allowed);
    if (!body)
        return;
    sl_actor by = sl_req_actor(req);
    sl_escalatie e;
    char err[512] = "";
    sl_outcome rc = sl_escalatie_besluiten(req->st, &by, id, body_text(body, "mandaat"),
                                           body_text(body, "reden"), &e, err, sizeof err);
    json_decref(body);
    if (rc != SL_OK) {
        fail(req, resp, rc, err, allowed);
        return;
    }
    escalatie_answer(req, resp, id, 200);
}
