/*
 * h_leveringen.c - /api/v1/leveringen: a data steward uploads a delivery
 * file (the same import service as `samenloop import`, the same report),
 * lists deliveries, and downloads a delivery's rejected rows with reasons
 * (JSON, or CSV with ?formaat=csv).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "http/handlers.h"
#include "http/metrics.h"
#include "service/import_json.h"
#include "service/logboek.h"

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

typedef struct rejects_ctx {
    json_t *items;
    size_t limit;
    size_t total;
} rejects_ctx;

static bool collect_reject(void *p, int64_t line, const char *column, const char *reason)
{
    rejects_ctx *c = p;
    c->total++;
    if (c->limit && json_array_size(c->items) >= c->limit)
        return true;
    json_t *o = json_pack("{s:I, s:s, s:s}", "regel", (json_int_t)line, "kolom", column ? column : "",
                          "reden", reason ? reason : "");
    return o && json_array_append_new(c->items, o) == 0;
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
    /* the delivery's processing-log record names the data steward (decision 87) */
    sl_actor by = {.gebruiker = req->who.naam, .trace_id = req->trace_id,
                   .viewer = sl_req_viewer(req)};
    sl_import_hooks hooks = {.by = &by, .today = sl_req_today(req)};
    sl_import_report rep;
    bool ok = sl_import_file(req->st, path, &hooks, &rep);
    unlink(path);
    rep.file = name;
    json_t *o = sl_import_report_json(&rep);
    if (!ok) {
        json_decref(o);
        sl_resp_problem(resp, 422, "Levering niet verwerkt", rep.error, NULL);
        return;
    }
    sl_metrics_imports(1, rep.signals);
    rejects_ctx c = {.items = json_array(), .limit = 1000};
    if (!c.items || !sl_store_rejects_of(req->st, rep.delivery_id, collect_reject, &c)) {
        json_decref(c.items);
        json_decref(o);
        sl_resp_store_error(resp, req->st);
        return;
    }
    json_object_set_new(o, "afwijzingen", c.items);
    char loc[64];
    snprintf(loc, sizeof loc, "/api/v1/leveringen/%lld/afwijzingen", (long long)rep.delivery_id);
    sl_resp_header(resp, "Location", loc);
    sl_resp_json(resp, 201, o);
}

/* A delivery's file name without the directory it was read from (a CLI import
 * records the path it was given; no client needs the server's directories). */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool collect_delivery(void *p, const sl_delivery_row *d)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "id",
                          (json_int_t)d->id, "bestand", base_name(d->bestand), "soort",
                          sl_kind_name(d->kind), "gestart_op", d->gestart_op, "rijen",
                          (json_int_t)d->counts.rows, "geimporteerd",
                          (json_int_t)d->counts.imported, "afgewezen",
                          (json_int_t)d->counts.rejected, "afwezig", (json_int_t)d->counts.absent,
                          "nieuw", (json_int_t)d->counts.nieuw, "gewijzigd",
                          (json_int_t)d->counts.gewijzigd);
    return o && json_array_append_new(p, o) == 0;
}

void h_leveringen_list(sl_request *req, sl_response *resp)
{
    if (!steward(&req->who)) {
        sl_resp_forbidden(resp, "Leveringen zijn er voor de datasteward.");
        return;
    }
    long page, per_page;
    if (!sl_req_page(req, resp, &page, &per_page))
        return;
    json_t *items = json_array();
    if (!items || !sl_store_deliveries_scan(req->st, collect_delivery, items)) {
        json_decref(items);
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_resp_json(resp, 200, sl_page_json(items, page, per_page));
}

/* One CSV cell, quoted when it holds a separator, quote or line break. */
static void csv_cell(char **buf, size_t *len, size_t *cap, const char *s, bool last)
{
    size_t need = 2 * strlen(s) + 4;
    if (*len + need >= *cap) {
        size_t ncap = (*cap + need) * 2;
        char *n = sl_realloc(*buf, ncap);
        if (!n)
            return;
        *buf = n;
        *cap = ncap;
    }
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        (*buf)[(*len)++] = '"';
    for (; *s; s++) {
        if (*s == '"')
            (*buf)[(*len)++] = '"';
        (*buf)[(*len)++] = *s;
    }
    if (quote)
        (*buf)[(*len)++] = '"';
    (*buf)[(*len)++] = last ? '\n' : ',';
}

void h_levering_afwijzingen(sl_request *req, sl_response *resp)
{
    if (!steward(&req->who)) {
        sl_resp_forbidden(resp, "Leveringen zijn er voor de datasteward.");
        return;
    }
    char *end;
    long long id = strtoll(req->params[0], &end, 10);
    sl_delivery_row d;
    bool found = false;
    if (*end || id <= 0 || !sl_store_delivery_get(req->st, id, &d, &found) || !found) {
        if (*end || id <= 0 || !found)
            sl_resp_problem(resp, 404, "Niet gevonden", NULL, NULL);
        else
            sl_resp_store_error(resp, req->st);
        return;
    }
    rejects_ctx c = {.items = json_array()};
    if (!c.items || !sl_store_rejects_of(req->st, id, collect_reject, &c)) {
        json_decref(c.items);
        sl_resp_store_error(resp, req->st);
        return;
    }
    const char *fmt = sl_req_query(req, "formaat");
    if (fmt && strcmp(fmt, "csv") == 0) {
        size_t len = 0, cap = 256;
        char *buf = sl_malloc(cap);
        if (!buf) {
            json_decref(c.items);
            sl_resp_problem(resp, 503, "Onvoldoende geheugen", NULL, NULL);
            return;
        }
        csv_cell(&buf, &len, &cap, "bestand", false);
        csv_cell(&buf, &len, &cap, "regel", false);
        csv_cell(&buf, &len, &cap, "kolom", false);
        csv_cell(&buf, &len, &cap, "reden", true);
        size_t i;
        json_t *r;
        json_array_foreach(c.items, i, r) {
            char line[24];
            snprintf(line, sizeof line, "%lld",
                     (long long)json_integer_value(json_object_get(r, "regel")));
            csv_cell(&buf, &len, &cap, base_name(d.bestand), false);
            csv_cell(&buf, &len, &cap, line, false);
            csv_cell(&buf, &len, &cap, json_string_value(json_object_get(r, "kolom")), false);
            csv_cell(&buf, &len, &cap, json_string_value(json_object_get(r, "reden")), true);
        }
        json_decref(c.items);
        resp->status = 200;
        resp->raw = buf;
        resp->raw_len = len;
        resp->content_type = "text/csv; charset=utf-8";
        sl_resp_header(resp, "Content-Disposition", "attachment; filename=\"afgewezen.csv\"");
        return;
    }
    long page, per_page;
    if (!sl_req_page(req, resp, &page, &per_page)) {
        json_decref(c.items);
        return;
    }
    sl_resp_json(resp, 200, sl_page_json(c.items, page, per_page));
}
