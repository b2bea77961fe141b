/*
 * address_search.c - finding addresses for a caller (see address_search.h).
 */
#include "service/address_search.h"

#include "core/bag.h"
#include "service/disclosure.h"
#include "store/records_store.h"

typedef struct search_ctx {
    const sl_viewer *v;
    json_t *items;
} search_ctx;

static bool linked(const sl_viewer *v, int64_t id)
{
    for (size_t i = 0; v->adressen && i < v->n_adressen; i++)
        if (v->adressen[i] == id)
            return true;
    return false;
}

json_t *sl_address_short_json(const sl_address *a)
{
    return json_pack("{s:s, s:i, s:o, s:o, s:s, s:s, s:s}", "straat", a->straat, "huisnummer",
                     (int)a->nr.huisnummer, "huisletter",
                     a->nr.huisletter[0] ? json_string(a->nr.huisletter) : json_null(),
                     "toevoeging",
                     a->nr.toevoeging[0] ? json_string(a->nr.toevoeging) : json_null(),
                     "postcode", a->postcode, "woonplaats", a->woonplaats, "gemeentecode",
                     a->gemeentecode);
}

static bool found_cb(void *ctx, const sl_address *a, bool absent)
{
    search_ctx *c = ctx;
    if (c->v->role == SL_ROLE_BEWONER && !linked(c->v, a->nummeraanduiding_id))
        return true;
    char id[17];
    sl_bag_format(a->nummeraanduiding_id, id);
    json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:b}", "nummeraanduiding_id",
                          id, "straat", a->straat, "huisnummer", (int)a->nr.huisnummer,
                          "huisletter", a->nr.huisletter, "toevoeging", a->nr.toevoeging,
                          "postcode", a->postcode, "woonplaats", a->woonplaats, "gemeentecode",
                          a->gemeentecode, "afwezig", absent);
    return o && json_array_append_new(c->items, o) == 0;
}

bool sl_address_search_key(sl_store *st, const sl_viewer *v, const char *key, json_t *items)
{
    search_ctx c = {.v = v, .items = items};
    return sl_store_addresses_by_key(st, key, found_cb, &c);
}

bool sl_address_search_record(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by,
                              sl_doel doel, const char *img_id, const char *ncg_id,
                              sl_date today, json_t *items)
{
    bool found = false;
    int64_t address_id = 0;
    if (img_id) {
        sl_claim_record rec;
        if (!sl_store_claim_get(st, img_id, &rec, &found))
            return false;
        address_id = rec.address_id;
    } else {
        sl_trajectory_record rec;
        if (!sl_store_trajectory_get(st, ncg_id, &rec, &found))
            return false;
        address_id = rec.address_id;
    }
    if (!found)
        return true;
    sl_share_part_id part = img_id ? SL_DEEL_SCHADES : SL_DEEL_TRAJECT;
    sl_disclosure g;
    if (!sl_disclose(st, cfg, by, doel, address_id, NULL, today, &g))
        return false;
    if (g.not_found || !g.dec.deel[part].shown)
        return true;
    sl_address a;
    bool absent, there;
    if (!sl_store_address_get(st, address_id, &a, &absent, &there))
        return false;
    search_ctx c = {.v = &by->viewer, .items = items};
    return !there || found_cb(&c, &a, absent);
}
