/*
 * address_view_store.c - the routing of sl_store_address_view and the view's
 * memory (see address_view_store.h).
 */
#include "store/address_view_store.h"

#include <string.h>

#include "core/alloc.h"
#include "store/backend.h"

bool sl_store_address_view(sl_store *st, int64_t address_id, sl_address_view *out)
{
    memset(out, 0, sizeof *out);
    const sl_views_ops *o = SL_STORE_FAMILY(st, views);
    return o && o->address_view(st, address_id, out);
}

void sl_address_view_free(sl_address_view *v)
{
    sl_free(v->traj);
    sl_free(v->traj_absent);
    sl_free(v->claims);
    sl_free(v->claim_absent);
    sl_free(v->elements);
    sl_free(v->signals);
    sl_free(v->history);
    sl_free(v->deliveries);
    sl_free(v->regels);
    sl_free(v->opschortingen);
    sl_free(v->verlengingen);
    sl_free(v->notices);
    sl_free(v->escalaties);
    memset(v, 0, sizeof *v);
}

void *sl_address_view_push(void **arr, size_t *n, size_t size)
{
    /* capacity is implied by the count: 8, then doubled at each power of two */
    if (*n == 0 || (*n >= 8 && (*n & (*n - 1)) == 0)) {
        size_t cap = *n ? *n * 2 : 8;
        void *grown = sl_realloc(*arr, cap * size);
        if (!grown)
            return NULL;
        *arr = grown;
    }
    char *item = (char *)*arr + (*n)++ * size;
    memset(item, 0, size);
    return item;
}
