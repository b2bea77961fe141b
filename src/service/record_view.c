/*
 * record_view.c - one record through the disclosure gate (see record_view.h).
 */
#include "service/record_view.h"
#include "store/records_store.h"

#include <string.h>

#include "service/disclosure.h"
#include "service/record_update.h"

static sl_account_org owner_of(sl_kind kind)
{
    return kind == SL_KIND_IMG ? SL_ACCOUNT_ORG_IMG : SL_ACCOUNT_ORG_NCG;
}

static bool reads_records(sl_role r)
{
    return r == SL_ROLE_ZAAKBEGELEIDER || r == SL_ROLE_BEWONERSBEGELEIDER ||
           r == SL_ROLE_SVIP || r == SL_ROLE_BEWONER || r == SL_ROLE_DATASTEWARD;
}

/* Keeps the meta keys and the fields whose category is in cats. */
static void cut(json_t *o, sl_share_part_id part, unsigned cats)
{
    const char *key;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(o, tmp, key, v) {
        if (strcmp(key, "nummeraanduiding_id") == 0 || strcmp(key, "versie") == 0 ||
            strcmp(key, "afwezig") == 0)
            continue;
        if (!(sl_share_field_category(part, key) & cats))
            json_object_del(o, key);
    }
}

sl_outcome sl_record_view(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by,
                          sl_kind kind, const char *id, sl_doel doel, sl_date today,
                          json_t **out, int64_t *versie)
{
    const sl_viewer *v = &by->viewer;
    bool source_system = v->role == SL_ROLE_DATASTEWARD;
    *out = NULL;
    if (!reads_records(v->role) || (source_system && v->org != owner_of(kind)))
        return SL_FORBIDDEN;
    sl_claim_record c;
    sl_trajectory_record t;
    bool found;
    if (kind == SL_KIND_IMG ? !sl_store_claim_get(st, id, &c, &found)
                            : !sl_store_trajectory_get(st, id, &t, &found))
        return SL_ERROR;
    if (!found)
        return SL_NOT_FOUND;
    int64_t address_id = kind == SL_KIND_IMG ? c.address_id : t.address_id;
    sl_share_part_id part = kind == SL_KIND_IMG ? SL_DEEL_SCHADES : SL_DEEL_TRAJECT;
    sl_grondslag basis = SL_GRONDSLAG_EIGEN_ORGANISATIE;
    unsigned cats = SL_CAT_ALL;
    if (!source_system) { /* a source system reads its own body's records; nothing to decide */
        /* only this record's part is wanted: the log names that part and nothing else */
        unsigned want[SL_DEEL_COUNT] = {0};
        want[part] = SL_CAT_ALL;
        sl_disclosure g;
        if (!sl_disclose(st, cfg, by, doel, address_id, want, today, &g))
            return SL_ERROR;
        /* withheld is answered as unknown: the caller may not know the record exists */
        if (g.not_found || !g.dec.deel[part].shown)
            return SL_NOT_FOUND;
        if (!sl_disclosure_write(st, &g))
            return SL_ERROR;
        basis = g.dec.deel[part].grondslag;
        cats = g.shown[part];
    }
    json_t *o = kind == SL_KIND_IMG ? sl_claim_record_json(&c) : sl_trajectory_record_json(&t);
    if (!o) {
        sl_store_fail(st, "onvoldoende geheugen");
        return SL_ERROR;
    }
    cut(o, part, cats);
    json_object_set_new(o, "grondslag", json_string(sl_grondslag_name(basis)));
    json_object_set_new(o, "doel",
                        json_string(source_system ? "registerbeheer" : sl_doel_name(doel)));
    *versie = kind == SL_KIND_IMG ? c.versie : t.versie;
    *out = o;
    return SL_OK;
}
