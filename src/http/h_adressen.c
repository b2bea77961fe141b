/*
 * h_adressen.c - /api/v1/adressen: finding an address by postcode and house
 * number, and one address's dossier as far as the caller may see it.
 *
 * The service (sl_dossier_shown) decides what the caller may see and builds
 * the dossier cut to that decision from one read snapshot: a part that may
 * not be shown is null and named in "afgeschermd" with the reason; a part
 * that may be shown keeps only the fields its purpose allows. Anything that
 * mixes both tracks (classification, combination dossier, signals) is shown
 * only when both parts are. A look the decision says must be logged is
 * answered only once its processing-log record is committed.
 */
#include <stdio.h>
#include <string.h>

#include "core/address.h"
#include "core/alloc.h"
#include "core/bag.h"
#include "http/handlers.h"
#include "http/sharing_config.h"
#include "service/address_search.h"
#include "service/disclosure.h"
#include "service/dossier.h"
#include "service/dossier_peildatum.h"
#include "service/sharing.h"

static sl_doel default_doel(sl_role r)
{
    switch (r) {
    case SL_ROLE_BEWONER: return SL_DOEL_EIGEN_INZAGE;
    case SL_ROLE_SVIP: return SL_DOEL_SVIP_VERZOEK;
    default: return SL_DOEL_COORDINATIE;
    }
}

/* The roles that work with dossiers; the rest see aggregates, the log, or nothing. */
static bool reads_dossiers(sl_role r)
{
    switch (r) {
    case SL_ROLE_ZAAKBEGELEIDER: case SL_ROLE_BEWONERSBEGELEIDER: case SL_ROLE_SVIP:
    case SL_ROLE_COORDINATOR: case SL_ROLE_INTERVENTIETEAM: case SL_ROLE_BEWONER:
        return true;
    default:
        return false;
    }
}

/*
 * ?peildatum: the dossier as the register knew it then (service/dossier_peildatum.h),
 * after the same gate; false when it answered (a date before the register knew the
 * address: 404 that says from when it did).
 */
static bool adres_on_date(sl_request *req, sl_response *resp, int64_t id, sl_date peildatum,
                          char **body, size_t *len)
{
    bool known;
    sl_date sinds;
    if (!sl_dossier_rewind(req->st, id, peildatum, body, len, &known, &sinds)) {
        sl_free(*body);
        sl_resp_store_error(resp, req->st);
        return false;
    }
    if (known)
        return true;
    sl_free(*body);
    char asked[11], from[11], detail[200];
    sl_date_format(peildatum, asked);
    if (sinds != SL_DATE_NONE) {
        sl_date_format(sinds, from);
        snprintf(detail, sizeof detail, "Op %s kende het register dit adres nog niet. Het "
                 "dossier is er vanaf %s.", asked, from);
    } else {
        snprintf(detail, sizeof detail, "Op %s kende het register dit adres nog niet.", asked);
    }
    sl_resp_problem(resp, 404, "Nog niet in het register op die datum", detail, NULL);
    return false;
}

/* The dossier as the actor may see it, on peildatum when given; false with the
 * answer in resp. */
static bool dossier_read(sl_request *req, sl_response *resp, const sl_sharing_config *cfg,
                         const sl_actor *actor, sl_doel doel, int64_t id, sl_date peildatum,
                         sl_share_decision *dec, char **body, size_t *len)
{
    bool found;
    if (!sl_dossier_shown(req->st, cfg, &actor->viewer, doel, id, sl_req_today(req), body, len,
                          dec, &found)) {
        sl_resp_store_error(resp, req->st);
        return false;
    }
    if (!found || dec->not_found) {
        sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL);
        return false;
    }
    return peildatum == SL_DATE_NONE || adres_on_date(req, resp, id, peildatum, body, len);
}

void h_adres_get(sl_request *req, sl_response *resp)
{
    if (!reads_dossiers(req->who.rol)) {
        sl_resp_forbidden(resp, "Deze rol ziet geen dossiers.");
        return;
    }
    int64_t id;
    sl_doel doel = default_doel(req->who.rol);
    json_t *errors = json_array();
    sl_address_id_check(errors, req->params[0], "nummeraanduiding_id", &id);
    sl_req_doel(req, errors, &doel);
    sl_date peildatum = sl_req_past_date(req, "peildatum", errors);
    if (sl_resp_invalid(resp, errors))
        return;
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    sl_actor actor = sl_req_actor(req);
    sl_share_decision dec;
    char *body;
    size_t len;
    /* the route holds no snapshot (its lookup is one read); the dossier and its
     * past are two reads, so a peildatum takes one around both */
    bool past = peildatum != SL_DATE_NONE;
    if (past && !sl_dossier_snapshot_begin(req->st)) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    bool read = dossier_read(req, resp, &cfg, &actor, doel, id, peildatum, &dec, &body, &len);
    if (past)
        sl_dossier_snapshot_end(req->st);
    if (!read)
        return;
    /* The look is logged before anything of it is shown: the server sends this
     * answer only once the log's group commit holds its records (decision 65). */
    sl_log_entry e[SL_DEEL_COUNT];
    char cats[SL_DEEL_COUNT][SL_LOG_CATS_CAP];
    sl_log_record recs[SL_DEEL_COUNT];
    unsigned shown[SL_DEEL_COUNT];
    for (int p = 0; p < SL_DEEL_COUNT; p++)
        shown[p] = dec.deel[p].shown ? dec.deel[p].categories : 0;
    size_t n = sl_disclosure_entries(&actor, doel, id, &dec, shown, e, cats);
    for (size_t i = 0; i < n; i++) {
        if (!sl_logboek_prepare(req->st, &e[i], &recs[i])) {
            sl_free(body);
            sl_resp_store_error(resp, req->st);
            return;
        }
    }
    if (n && !sl_resp_after_log(resp, recs, n)) {
        sl_free(body);
        sl_resp_problem(resp, 503, "Onvoldoende geheugen", NULL, NULL);
        return;
    }
    resp->status = 200;
    resp->raw = body;
    resp->raw_len = len;
    resp->content_type = "application/json";
}

/*
 * ?img_id= or ?ncg_id=: the address of one claim or trajectory, found only
 * when the caller may see that part of the address's dossier (the sharing
 * decision for the role's default purpose; a resident only at a linked
 * address), so a search never tells more than the dossier would. The answer
 * is the address, as for a postcode search; nothing of the part is shown, so
 * nothing is logged (the dossier itself is, when it is read).
 */
static void search_by_record(sl_request *req, sl_response *resp, const char *img,
                             const char *ncg)
{
    const char *field = img ? "imgId" : "ncgId", *value = img ? img : ncg;
    size_t n = strlen(value);
    const char *why = NULL;
    if ((img && ncg) || sl_req_query(req, "postcode") || sl_req_query(req, "huisnummer"))
        why = "zoek op postcode en huisnummer, op imgId of op ncgId: één tegelijk";
    else if (n == 0 || n >= SL_ID_CAP)
        why = "een id van 1 tot en met 32 tekens";
    for (size_t i = 0; !why && i < n; i++)
        if ((unsigned char)value[i] < 0x20)
            why = "een id zonder stuurtekens";
    long page, per_page;
    json_t *errors = json_array();
    if (why)
        sl_field_error(errors, field, why);
    sl_req_page(req, errors, &page, &per_page);
    if (sl_resp_invalid(resp, errors))
        return;
    json_t *items = json_array();
    if (!items) {
        sl_resp_problem(resp, 503, "Onvoldoende geheugen", NULL, NULL);
        return;
    }
    sl_sharing_config cfg;
    sl_http_sharing_config(req->cfg, &cfg);
    sl_actor actor = sl_req_actor(req);
    if (!sl_address_search_record(req->st, &cfg, &actor, default_doel(req->who.rol), img, ncg,
                                  sl_req_today(req), items)) {
        json_decref(items);
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, sl_page_json(items, page, per_page));
}

void h_adressen_zoek(sl_request *req, sl_response *resp)
{
    if (!reads_dossiers(req->who.rol)) {
        sl_resp_forbidden(resp, "Deze rol zoekt geen adressen.");
        return;
    }
    const char *img = sl_req_query(req, "imgId"), *ncg = sl_req_query(req, "ncgId");
    if (img || ncg) {
        search_by_record(req, resp, img, ncg);
        return;
    }
    const char *pc = sl_req_query(req, "postcode"), *nr = sl_req_query(req, "huisnummer");
    const char *hl = sl_req_query(req, "huisletter"), *tv = sl_req_query(req, "toevoeging");
    json_t *errors = json_array();
    char postcode[SL_POSTCODE_CAP];
    sl_housenr h;
    const char *why = "verplicht";
    int bad;
    if (!pc || !sl_postcode_parse(pc, strlen(pc), postcode, &why))
        sl_field_error(errors, "postcode", why);
    why = "verplicht";
    if (!nr || !sl_housenr_parse(nr, strlen(nr), hl ? hl : "", hl ? strlen(hl) : 0,
                                 tv ? tv : "", tv ? strlen(tv) : 0, &h, &why, &bad))
        sl_field_error(errors, "huisnummer", why);
    long page, per_page;
    sl_req_page(req, errors, &page, &per_page);
    if (sl_resp_invalid(resp, errors))
        return;
    char key[SL_ADDRKEY_CAP];
    sl_address_key(postcode, &h, key);
    sl_viewer v = sl_req_viewer(req);
    json_t *items = json_array();
    if (!items || !sl_address_search_key(req->st, &v, key, items)) {
        json_decref(items);
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, sl_page_json(items, page, per_page));
}
