/*
 * verzoeken_store.c - the names of SVIP requests' types and statuses, and
 * the SVIP-request family (store/verzoeken_store.h) routed to the backend.
 */
#include <string.h>

#include "store/backend.h"

static const char *const type_names[SL_VZ_TYPE_COUNT] = {
    "statusuitwisseling", "medewerkers_koppelen", "versnelling", "anders"};
static const char *const status_names[SL_VZ_STATUS_COUNT] = {"open", "beantwoord"};

const char *sl_verzoek_type_name(sl_verzoek_type t)
{
    return (unsigned)t < SL_VZ_TYPE_COUNT ? type_names[t] : NULL;
}

bool sl_verzoek_type_parse(const char *s, sl_verzoek_type *out)
{
    for (int i = 0; s && i < SL_VZ_TYPE_COUNT; i++)
        if (strcmp(s, type_names[i]) == 0) {
            *out = (sl_verzoek_type)i;
            return true;
        }
    return false;
}

const char *sl_verzoek_status_name(sl_verzoek_status s)
{
    return (unsigned)s < SL_VZ_STATUS_COUNT ? status_names[s] : NULL;
}

bool sl_verzoek_status_parse(const char *s, sl_verzoek_status *out)
{
    for (int i = 0; s && i < SL_VZ_STATUS_COUNT; i++)
        if (strcmp(s, status_names[i]) == 0) {
            *out = (sl_verzoek_status)i;
            return true;
        }
    return false;
}

void sl_verzoek_filter_init(sl_verzoek_filter *f)
{
    f->status = -1;
    f->type = -1;
    f->address_id = 0;
    f->org = SL_ACCOUNT_ORG_NONE;
}

bool sl_store_verzoek_add(sl_store *st, sl_verzoek *v)
{
    const sl_verzoeken_ops *o = SL_STORE_FAMILY(st, verzoeken);
    return o && o->verzoek_add(st, v);
}

bool sl_store_verzoek_get(sl_store *st, int64_t id, sl_verzoek *out, bool *found)
{
    const sl_verzoeken_ops *o = SL_STORE_FAMILY(st, verzoeken);
    return o && o->verzoek_get(st, id, out, found);
}

bool sl_store_verzoek_answer(sl_store *st, sl_verzoek *v, bool *conflict)
{
    const sl_verzoeken_ops *o = SL_STORE_FAMILY(st, verzoeken);
    return o && o->verzoek_answer(st, v, conflict);
}

bool sl_store_verzoeken_scan(sl_store *st, const sl_verzoek_filter *f, sl_verzoek_cb cb, void *ctx)
{
    const sl_verzoeken_ops *o = SL_STORE_FAMILY(st, verzoeken);
    return o && o->verzoeken_scan(st, f, cb, ctx);
}

bool sl_store_verzoeken_count(sl_store *st, sl_account_org org,
                              int64_t out[SL_VZ_TYPE_COUNT][SL_VZ_STATUS_COUNT])
{
    const sl_verzoeken_ops *o = SL_STORE_FAMILY(st, verzoeken);
    return o && o->verzoeken_count(st, org, out);
}
