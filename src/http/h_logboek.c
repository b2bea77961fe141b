/*
 * h_logboek.c - GET /api/v1/logboek: the processing log. The beheerder
 * (privacy officer) reads all of it; a resident reads the records about
 * their own address, and gets 404 for any other.
 */
#include "http/handlers.h"
#include "service/logboek.h"

typedef struct ctx {
    json_t *items;
} ctx;

static bool collect(void *p, const sl_log_record *r)
{
    ctx *c = p;
    json_t *o = sl_log_record_json(r);
    return o && json_array_append_new(c->items, o) == 0;
}

void h_logboek(sl_request *req, sl_response *resp)
{
    const char *q = sl_req_query(req, "nummeraanduidingId");
    int64_t id = 0;
    long page, per_page;
    json_t *errors = json_array();
    if (q)
        sl_address_id_check(errors, q, "nummeraanduidingId", &id);
    sl_req_page(req, errors, &page, &per_page);
    if (sl_resp_invalid(resp, errors))
        return;
    sl_viewer v = sl_req_viewer(req);
    ctx c = {.items = json_array()};
    if (!c.items) {
        sl_resp_store_error(resp, req->st);
        return;
    }
    sl_outcome rc = sl_logboek_read(req->st, &v, id, collect, &c);
    if (rc == SL_OK) {
        sl_resp_json(resp, 200, sl_page_json(c.items, page, per_page));
        return;
    }
    json_decref(c.items);
    sl_resp_outcome(resp, req, rc, NULL,
                    rc == SL_FORBIDDEN ? "Het logboek is er voor de beheerder en, over het "
                                         "eigen adres, voor de bewoner."
                                       : NULL);
}
