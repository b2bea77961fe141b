/*
 * h_leveringen.c - /api/v1/leveringen: a data steward uploads a delivery
 * file of their own body (the same import service as `samenloop import`, the
 * same report), lists their body's deliveries, downloads a delivery's
 * rejected rows and absent records (JSON, or CSV with ?formaat=csv), and
 * confirms or withdraws a held one (service/deliveries.h).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "http/handlers.h"
#include "http/metrics.h"
#include "service/deliveries.h"
#include "service/import_json.h"
#include "service/logboek.h"
#include "service/rejects_csv.h"

static bool steward(const sl_principal *p)
{
    /* deliveries are the data steward's; the beheerder administers accounts and the log */
    return p->rol == SL_ROLE_DATASTEWARD;
}

/* A file name for the report: the given one without a path, or "levering.csv". */
static void clean_name(const char *given, char out[128])
{
    const char *base = given ? strrchr(given, '/') : NULL;
    base = base ? base + 1 : given;
    size_t n = 0;
    for (const char *p = base; p && *p && n < 127; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '.' || *p == '_' || *p == '-')
            out[n++] = *p;
    out[n] = '\0';
    if (!n || strspn(out, ".") == n) /* nothing left, or "." / ".." */
        snprintf(out, 128, "levering.csv");
}

/* The caller as the delivery service sees it; actor must outlive the call. */
static sl_delivery_caller caller_of(const sl_request *req, sl_actor *actor)
{
    *actor = sl_req_actor(req);
    sl_delivery_caller c = {.actor = actor, .levert_adressen = req->who.levert_adressen};
    return c;
}

static sl_delivery_settings settings_of(const sl_request *req)
{
    sl_delivery_settings s = {.register_path = req->cfg->db,
                              .keep_dir = req->cfg->leveringen_map,
                              .max_absent_percent = req->cfg->max_afwezig_procent,
                              .today = sl_req_today(req)};
    return s;
}

/* A data steward's request about one delivery: who asks, and which delivery. */
typedef struct delivery_request {
    sl_actor actor;
    sl_delivery_caller who; /* who.actor points at actor: do not copy */
    int64_t id;
} delivery_request;

/* Only a data steward, and only a delivery id; else answered (403, 404) and false. */
static bool delivery_request_of(sl_request *req, sl_response *resp, delivery_request *out)
{
    if (!steward(&req->who)) {
        sl_resp_forbidden(resp, "Leveringen zijn er voor de datasteward.");
        return false;
    }
    if (!sl_req_path_id(req, resp, 0, "levering", &out->id))
        return false;
    out->who = caller_of(req, &out->actor);
    return true;
}

/* A service result other than OK as its problem answer. */
static void delivery_problem(sl_response *resp, sl_outcome r, const char *err)
{
    switch (r) {
    case SL_FORBIDDEN:
        sl_resp_problem(resp, 403, "Niet toegestaan", err,
                        sl_field_errors1("levering", err));
        return;
    case SL_NOT_FOUND:
        sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL);
        return;
    case SL_CONFLICT:
        sl_resp_problem(resp, 409, "Al afgehandeld", err, NULL);
        return;
    case SL_UNPROCESSABLE:
        sl_resp_problem(resp, 422, "Levering niet verwerkt", err, NULL);
        return;
    default:
        break;
    }
    /* the message may name tables or paths; it goes to the log, the client gets a trace id */
    sl_log(SL_LOG_ERROR, "leveringen", "%s", err ? err : "");
    sl_resp_problem(resp, 500, "Interne fout", NULL, NULL);
}

typedef struct rejects_ctx {
    json_t *items;
    size_t limit;
    size_t total;
} rejects_ctx;

static bool collect_reject(void *p, int64_t line, const char *column, const char *reason,
                           const char *row)
{
    rejects_ctx *c = p;
    c->total++;
    if (c->limit && json_array_size(c->items) >= c->limit)
        return true;
    json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "regel", (json_int_t)line, "kolom",
                          column ? column : "", "reden", reason ? reason : "", "rij",
                          row ? row : "");
    return o && json_array_append_new(c->items, o) == 0;
}

/*
 * The report of an imported file with its first rejects: 201 when applied,
 * 202 when held (nothing applied until a second steward confirms it).
 */
static void upload_answer(sl_request *req, sl_response *resp, const sl_delivery_caller *who,
                          sl_import_report *rep, const char *name)
{
    rep->file = name;
    json_t *o = sl_import_report_json(rep);
    if (!rep->held)
        sl_metrics_imports(1, rep->signals);
    rejects_ctx c = {.items = json_array(), .limit = 1000};
    sl_delivery_row d;
    char err[512] = "";
    sl_outcome r = c.items ? sl_delivery_rejects(req->st, who, rep->delivery_id, &d,
                                                         collect_reject, &c, err, sizeof err)
                                   : SL_ERROR;
    if (!o || r != SL_OK) {
        json_decref(c.items);
        json_decref(o);
        delivery_problem(resp, r == SL_OK ? SL_ERROR : r, err);
        return;
    }
    json_object_set_new(o, "afwijzingen", c.items);
    char loc[64];
    snprintf(loc, sizeof loc, "/api/v1/leveringen/%lld/%s", (long long)rep->delivery_id,
             rep->held ? "afwezig" : "afwijzingen");
    sl_resp_header(resp, "Location", loc);
    sl_resp_json(resp, rep->held ? 202 : 201, o);
}

void h_levering_nieuw(sl_request *req, sl_response *resp)
{
    if (!steward(&req->who)) {
        sl_resp_forbidden(resp, "Leveringen laadt de datasteward.");
        return;
    }
    if (!req->upload_path || req->upload_len == 0) {
        sl_resp_problem(resp, 400, "Ongeldig verzoek", "Het verzoek bevat geen bestand.", NULL);
        return;
    }
    char name[128];
    clean_name(sl_req_query(req, "bestand"), name);
    /* the import service records the file's path as the delivery's name: the server's
     * upload file, alone in its private directory, takes the given name there, so the
     * register keeps "img_schades.csv" and not a temporary name (the server removes
     * the directory after the answer) */
    const char *slash = strrchr(req->upload_path, '/');
    char path[1024];
    int n = slash ? snprintf(path, sizeof path, "%.*s/%s", (int)(slash - req->upload_path),
                             req->upload_path, name)
                  : -1;
    if (n < 0 || (size_t)n >= sizeof path || rename(req->upload_path, path) != 0) {
        sl_resp_problem(resp, 503, "Tijdelijk niet beschikbaar", "Opslaan mislukt.", NULL);
        return;
    }
    sl_actor actor;
    sl_delivery_caller who = caller_of(req, &actor);
    sl_delivery_settings set = settings_of(req);
    sl_import_report rep;
    char err[512] = "";
    sl_outcome r = sl_delivery_upload(req->st, &who, &set, path, &rep, err, sizeof err);
    unlink(path);
    if (r != SL_OK) {
        delivery_problem(resp, r, r == SL_UNPROCESSABLE ? rep.error : err);
        return;
    }
    upload_answer(req, resp, &who, &rep, name);
}

static const char *base_name(const char *path) { return sl_delivery_base_name(path); }

static json_t *text_or_null(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

static json_t *delivery_json(const sl_delivery_row *d)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:o, s:o}",
                          "id", (json_int_t)d->id, "bestand", base_name(d->bestand), "soort",
                          sl_kind_name(d->kind), "gestart_op", d->gestart_op, "rijen",
                          (json_int_t)d->counts.rows, "geimporteerd",
                          (json_int_t)d->counts.imported, "afgewezen",
                          (json_int_t)d->counts.rejected, "afwezig", (json_int_t)d->counts.absent,
                          "nieuw", (json_int_t)d->counts.nieuw, "gewijzigd",
                          (json_int_t)d->counts.gewijzigd, "status",
                          sl_delivery_state_name(d->status), "geleverd_door",
                          text_or_null(d->geleverd_door), "afgehandeld_door",
                          text_or_null(d->afgehandeld_door));
    if (o && d->status != SL_DELIVERY_VERWERKT) {
        json_object_set_new(o, "wordt_afwezig", json_integer(d->wordt_afwezig));
        json_object_set_new(o, "huidig", json_integer(d->huidig));
    }
    if (o && d->toegepast_in)
        json_object_set_new(o, "toegepast_in", json_integer(d->toegepast_in));
    return o;
}

static bool collect_delivery(void *p, const sl_delivery_row *d)
{
    json_t *o = delivery_json(d);
    return o && json_array_append_new(p, o) == 0;
}

void h_leveringen_list(sl_request *req, sl_response *resp)
{
    if (!steward(&req->who)) {
        sl_resp_forbidden(resp, "Leveringen zijn er voor de datasteward.");
        return;
    }
    long page, per_page;
    if (!sl_req_page_only(req, resp, &page, &per_page))
        return;
    sl_actor actor;
    sl_delivery_caller who = caller_of(req, &actor);
    json_t *items = json_array();
    if (!items || !sl_deliveries_visible(req->st, &who, collect_delivery, items)) {
        json_decref(items);
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, sl_page_json(items, page, per_page));
}

/* A download name of its own per delivery: afgewezen-<id>-<file's name, safe>.csv. */
static void rejects_filename(const sl_delivery_row *d, char *out, size_t cap)
{
    char safe[96];
    size_t n = 0;
    const char *b = base_name(d->bestand);
    for (; *b && n + 1 < sizeof safe; b++)
        safe[n++] = (isalnum((unsigned char)*b) || *b == '.' || *b == '-' || *b == '_') ? *b : '_';
    safe[n] = '\0';
    if (n > 4 && strcmp(safe + n - 4, ".csv") == 0)
        safe[n - 4] = '\0';
    snprintf(out, cap, "attachment; filename=\"afgewezen-%lld-%s.csv\"", (long long)d->id,
             safe[0] ? safe : "levering");
}

/* The CSV download, written by the one rejects writer (service/rejects_csv.h). */
static void rejects_download(sl_request *req, sl_response *resp, const delivery_request *dr)
{
    sl_delivery_row d;
    char err[512] = "";
    sl_csv csv = {0};
    sl_outcome r = sl_delivery_rejects_csv(req->st, &dr->who, dr->id, &d, &csv, err, sizeof err);
    if (r != SL_OK) {
        sl_csv_free(&csv);
        delivery_problem(resp, r, err);
        return;
    }
    resp->status = 200;
    resp->raw = csv.data;
    resp->raw_len = csv.len;
    resp->content_type = "text/csv; charset=utf-8";
    char disp[160];
    rejects_filename(&d, disp, sizeof disp);
    sl_resp_header(resp, "Content-Disposition", disp);
}

void h_levering_afwijzingen(sl_request *req, sl_response *resp)
{
    delivery_request dr;
    if (!delivery_request_of(req, resp, &dr))
        return;
    sl_delivery_row d;
    char err[512] = "";
    const char *fmt = sl_req_query(req, "formaat");
    if (fmt && strcmp(fmt, "csv") == 0) {
        rejects_download(req, resp, &dr);
        return;
    }
    rejects_ctx c = {.items = json_array()};
    sl_outcome res = c.items ? sl_delivery_rejects(req->st, &dr.who, dr.id, &d,
                                                           collect_reject, &c, err, sizeof err)
                                     : SL_ERROR;
    if (res != SL_OK) {
        json_decref(c.items);
        delivery_problem(resp, res, err);
        return;
    }
    long page, per_page;
    if (!sl_req_page_only(req, resp, &page, &per_page)) {
        json_decref(c.items);
        return;
    }
    sl_resp_json(resp, 200, sl_page_json(c.items, page, per_page));
}

/* ---- absent records, and settling a held delivery ------------------------- */

/* The key column of a delivery's kind, as the delivery files name it. */
static const char *key_column(sl_kind kind)
{
    return kind == SL_KIND_BAG ? "nummeraanduiding_id" : kind == SL_KIND_NCG ? "ncg_id" : "img_id";
}

static bool collect_key(void *p, const char *sleutel)
{
    json_t *s = json_string(sleutel);
    return s && json_array_append_new(p, s) == 0;
}

/* A list of keys as one CSV column under its kind's column name, in the rejects'
 * cells and line ends (decision 167). */
static void keys_csv(sl_response *resp, const sl_delivery_row *d, json_t *keys)
{
    sl_csv csv = {0};
    sl_csv_cell(&csv, key_column(d->kind), true);
    size_t i;
    json_t *k;
    json_array_foreach(keys, i, k)
        sl_csv_cell(&csv, json_string_value(k), true);
    if (csv.nomem || !csv.data) {
        sl_csv_free(&csv);
        sl_resp_problem(resp, 503, "Onvoldoende geheugen", NULL, NULL);
        return;
    }
    resp->status = 200;
    resp->raw = csv.data;
    resp->raw_len = csv.len;
    resp->content_type = "text/csv; charset=utf-8";
    char disp[96];
    snprintf(disp, sizeof disp, "attachment; filename=\"afwezig-%lld.csv\"", (long long)d->id);
    sl_resp_header(resp, "Content-Disposition", disp);
}

/* GET: what a delivery marked absent, or (held) would mark absent. */
void h_levering_afwezig(sl_request *req, sl_response *resp)
{
    delivery_request dr;
    if (!delivery_request_of(req, resp, &dr))
        return;
    sl_delivery_row d;
    char err[512] = "";
    json_t *keys = json_array();
    sl_outcome r = keys ? sl_delivery_absent(req->st, &dr.who, dr.id, &d, collect_key,
                                                     keys, err, sizeof err)
                                : SL_ERROR;
    if (r != SL_OK) {
        json_decref(keys);
        delivery_problem(resp, r, err);
        return;
    }
    const char *fmt = sl_req_query(req, "formaat");
    if (fmt && strcmp(fmt, "csv") == 0) {
        keys_csv(resp, &d, keys);
        json_decref(keys);
        return;
    }
    long page, per_page;
    if (!sl_req_page_only(req, resp, &page, &per_page)) {
        json_decref(keys);
        return;
    }
    json_t *o = sl_page_json(keys, page, per_page);
    json_object_set_new(o, "sleutel", json_string(key_column(d.kind)));
    json_object_set_new(o, "status", json_string(sl_delivery_state_name(d.status)));
    sl_resp_json(resp, 200, o);
}

/* POST: a second data steward of the body confirms a held delivery; it is applied. */
void h_levering_bevestiging(sl_request *req, sl_response *resp)
{
    delivery_request dr;
    if (!delivery_request_of(req, resp, &dr))
        return;
    sl_delivery_settings set = settings_of(req);
    sl_import_report rep;
    char err[512] = "";
    sl_outcome r =
        sl_delivery_confirm(req->st, &dr.who, &set, dr.id, &rep, err, sizeof err);
    if (r != SL_OK) {
        delivery_problem(resp, r, err);
        return;
    }
    sl_delivery_row d;
    r = sl_delivery_find(req->st, &dr.who, rep.delivery_id, &d, err, sizeof err);
    if (r != SL_OK) {
        delivery_problem(resp, r == SL_NOT_FOUND ? SL_ERROR : r, err);
        return;
    }
    sl_metrics_imports(1, rep.signals);
    json_t *o = delivery_json(&d);
    json_object_set_new(o, "bevestigt", json_integer(dr.id));
    sl_resp_json(resp, 200, o);
}

/* POST: withdraws a held delivery; nothing of it is applied. */
void h_levering_intrekking(sl_request *req, sl_response *resp)
{
    delivery_request dr;
    if (!delivery_request_of(req, resp, &dr))
        return;
    sl_delivery_settings set = settings_of(req);
    sl_delivery_row d;
    char err[512] = "";
    sl_outcome r =
        sl_delivery_withdraw(req->st, &dr.who, &set, dr.id, &d, err, sizeof err);
    if (r != SL_OK) {
        delivery_problem(resp, r, err);
        return;
    }
    sl_resp_json(resp, 200, delivery_json(&d));
}
