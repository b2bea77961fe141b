/*
 * termijnen.c - the register's terms, from the current claims.
 *
 * The claim ids are collected first and each claim read after the scan: a
 * backend need not support a read inside another read's callback.
 */
#include "service/termijnen.h"

#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"

typedef struct id_list {
    char (*ids)[SL_ID_CAP];
    size_t n, cap;
    bool oom;
} id_list;

static bool collect_cb(void *ctx, const sl_record_state *s)
{
    id_list *l = ctx;
    if (s->absent || !s->source_id)
        return true;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        void *grown = sl_realloc(l->ids, cap * sizeof *l->ids);
        if (!grown) {
            l->oom = true;
            return false;
        }
        l->ids = grown;
        l->cap = cap;
    }
    size_t len = strlen(s->source_id);
    if (len >= SL_ID_CAP)
        len = SL_ID_CAP - 1; /* the store holds none longer */
    memcpy(l->ids[l->n], s->source_id, len);
    l->ids[l->n][len] = '\0';
    l->n++;
    return true;
}

static bool list_claims(sl_store *st, const sl_calendar *cal, sl_date vandaag,
                        const id_list *claims, sl_termijn_item_cb cb, void *ctx,
                        sl_termijnen_telling *tel)
{
    const sl_termijn_def *def = sl_termijn_default("img_beslistermijn");
    for (size_t i = 0; i < claims->n; i++) {
        sl_claim_record rec;
        bool found;
        if (!sl_store_claim_get(st, claims->ids[i], &rec, &found))
            return false;
        if (!found || rec.absent)
            continue;
        sl_termijn_item it = {.def = def, .nummeraanduiding_id = rec.address_id,
                              .img_id = rec.claim.img_id, .start = rec.claim.ontvangen_op};
        if (!sl_termijn_claim(cal, def, &rec.claim, vandaag, &it.eind_gebeurtenis,
                              &it.uitkomst)) {
            tel->zonder_startdatum++;
            continue;
        }
        tel->termijnen++;
        tel->per_status[it.uitkomst.status]++;
        if (!cb(ctx, &it))
            return false;
    }
    return true;
}

bool sl_termijnen_list(sl_store *st, const sl_calendar *cal, sl_date vandaag,
                       sl_termijn_item_cb cb, void *ctx, sl_termijnen_telling *telling)
{
    sl_termijnen_telling tel = {0};
    id_list claims = {0};
    if (!sl_store_read_begin(st))
        return false;
    bool ok = sl_store_scan_states(st, SL_KIND_IMG, collect_cb, &claims) && !claims.oom &&
              list_claims(st, cal, vandaag, &claims, cb, ctx, &tel);
    sl_store_read_end(st);
    sl_free(claims.ids);
    if (telling)
        *telling = tel;
    return ok;
}

/* A date as "YYYY-MM-DD", or JSON null when there is none. */
static json_t *date_or_null(sl_date d)
{
    if (d == SL_DATE_NONE)
        return json_null();
    char buf[11];
    sl_date_format(d, buf);
    return json_string(buf);
}

json_t *sl_termijn_item_json(const sl_termijn_item *it)
{
    char id[17];
    sl_bag_format(it->nummeraanduiding_id, id);
    const sl_termijn_uitkomst *u = &it->uitkomst;
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:b, s:i, s:o, s:i, s:b, s:b, s:i}", "soort",
        it->def->soort, "nummeraanduiding_id", id, "organisatie", it->def->organisatie,
        "verantwoordelijke", sl_partij_name(it->def->verantwoordelijke), "start",
        date_or_null(it->start), "einde", date_or_null(u->einde), "status",
        sl_termijn_status_name(u->status), "waarschuwing", u->waarschuwing, "dagen_resterend",
        (int)u->dagen_resterend, "gehaald_op", date_or_null(it->eind_gebeurtenis),
        "opgeschorte_dagen", (int)u->opgeschorte_dagen, "wettelijk", it->def->wettelijk,
        "fataal", it->def->fataal, "regelversie", (int)it->def->regelversie);
    const char *key = it->img_id ? "img_id" : "ncg_id";
    const char *val = it->img_id ? it->img_id : it->ncg_id;
    if (o && val && json_object_set_new(o, key, json_string(val)) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *sl_dwangsom_json(sl_date ontvangen, sl_date beslist, const sl_dwangsom *d)
{
    /* whole euros are written as an integer: 1442, not 1442.0 */
    json_t *bedrag = d->bedrag_centen % 100 == 0 ? json_integer(d->bedrag_centen / 100)
                                                 : json_real((double)d->bedrag_centen / 100.0);
    return json_pack("{s:i, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:b, s:b}", "dagen",
                     (int)d->dagen, "bedrag", bedrag, "bedrag_centen",
                     (json_int_t)d->bedrag_centen, "ontvangen", date_or_null(ontvangen),
                     "beslist", date_or_null(beslist), "eerste_dag", date_or_null(d->eerste_dag),
                     "laatste_dag", date_or_null(d->laatste_dag), "maximum_op",
                     date_or_null(d->maximum_op), "maximum_bereikt", d->maximum_bereikt, "loopt",
                     d->loopt);
}
