/*
 * bag_stage.c - new BAG addresses packed during an import and written in id
 * order at its end (bag_stage.h).
 */
#include "service/bag_stage.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/records_store.h"

/* How many records ahead the writer asks for the memory it reads next, as the
 * importer does for rows (service/import.c: prefetch_row). */
#define PREFETCH_AHEAD 8

struct sl_bag_staged {
    int64_t id;
    size_t off; /* of the packed record in sl_bag_stage.buf */
};

/* The fixed part of a packed address; the texts follow it, without NULs. */
typedef struct staged_fixed {
    int64_t verblijfsobject_id, pand_id;
    double x, y;
    uint64_t fp;
    int32_t huisnummer, bouwjaar;
    int8_t kern;
    bool has_xy;
    uint8_t len[7]; /* of the texts below, in this order */
} staged_fixed;

enum { ST_STRAAT, ST_HUISLETTER, ST_TOEVOEGING, ST_POSTCODE, ST_WOONPLAATS, ST_GEMEENTE,
       ST_KEY, ST_NTEXT };
/* each text's length is packed into one byte */
_Static_assert(SL_NAME_CAP <= 256 && SL_POSTCODE_CAP <= 256 && SL_ADDRKEY_CAP <= 256 &&
                   SL_GEMEENTE_CAP <= 256 && SL_TOEVOEGING_CAP <= 256,
               "address texts must fit a one-byte length");

static bool reserve(sl_bag_stage *s, size_t need)
{
    if (s->cap - s->used >= need)
        return true;
    size_t ncap = s->cap ? s->cap : ((size_t)1 << 20);
    while (ncap - s->used < need)
        ncap *= 2;
    unsigned char *n = sl_realloc(s->buf, ncap);
    if (!n)
        return false;
    s->buf = n;
    s->cap = ncap;
    return true;
}

bool sl_bag_stage_add(sl_bag_stage *s, const sl_address *a, uint64_t fingerprint)
{
    const char *src[ST_NTEXT] = {
        [ST_STRAAT] = a->straat, [ST_HUISLETTER] = a->nr.huisletter,
        [ST_TOEVOEGING] = a->nr.toevoeging, [ST_POSTCODE] = a->postcode,
        [ST_WOONPLAATS] = a->woonplaats, [ST_GEMEENTE] = a->gemeentecode, [ST_KEY] = a->key};
    staged_fixed f = {.verblijfsobject_id = a->verblijfsobject_id, .pand_id = a->pand_id,
                      .x = a->x, .y = a->y, .fp = fingerprint, .huisnummer = a->nr.huisnummer,
                      .bouwjaar = a->bouwjaar, .kern = (int8_t)a->kern, .has_xy = a->has_xy};
    size_t total = sizeof f;
    for (int i = 0; i < ST_NTEXT; i++) {
        size_t len = strlen(src[i]); /* < its capacity, see the assertion above */
        f.len[i] = (uint8_t)len;
        total += len;
    }
    if (s->n == s->cap_refs) {
        size_t ncap = s->cap_refs ? s->cap_refs * 2 : 4096;
        struct sl_bag_staged *n = sl_realloc(s->refs, ncap * sizeof *n);
        if (!n)
            return false;
        s->refs = n;
        s->cap_refs = ncap;
    }
    if (!reserve(s, total))
        return false;
    s->refs[s->n++] = (struct sl_bag_staged){.id = a->nummeraanduiding_id, .off = s->used};
    unsigned char *p = s->buf + s->used;
    memcpy(p, &f, sizeof f);
    p += sizeof f;
    for (int i = 0; i < ST_NTEXT; i++) {
        memcpy(p, src[i], f.len[i]);
        p += f.len[i];
    }
    s->used += total;
    return true;
}

static int by_id(const void *a, const void *b)
{
    int64_t x = ((const struct sl_bag_staged *)a)->id, y = ((const struct sl_bag_staged *)b)->id;
    return (x > y) - (x < y);
}

bool sl_bag_stage_write(sl_bag_stage *s, sl_store *st, int64_t delivery_id)
{
    if (!s->n)
        return true;
    qsort(s->refs, s->n, sizeof *s->refs, by_id);
    sl_address a;
    memset(&a, 0, sizeof a);
    char *dst[ST_NTEXT] = {
        [ST_STRAAT] = a.straat, [ST_HUISLETTER] = a.nr.huisletter,
        [ST_TOEVOEGING] = a.nr.toevoeging, [ST_POSTCODE] = a.postcode,
        [ST_WOONPLAATS] = a.woonplaats, [ST_GEMEENTE] = a.gemeentecode, [ST_KEY] = a.key};
    for (size_t r = 0; r < s->n; r++) {
        /* the records lie in file order, read here in id order */
        if (r + PREFETCH_AHEAD < s->n)
            __builtin_prefetch(s->buf + s->refs[r + PREFETCH_AHEAD].off);
        const unsigned char *p = s->buf + s->refs[r].off;
        staged_fixed f;
        memcpy(&f, p, sizeof f);
        p += sizeof f;
        a.nummeraanduiding_id = s->refs[r].id;
        a.verblijfsobject_id = f.verblijfsobject_id;
        a.pand_id = f.pand_id;
        a.x = f.x;
        a.y = f.y;
        a.nr.huisnummer = f.huisnummer;
        a.bouwjaar = f.bouwjaar;
        a.kern = (sl_flag)f.kern;
        a.has_xy = f.has_xy;
        for (int i = 0; i < ST_NTEXT; i++) {
            memcpy(dst[i], p, f.len[i]);
            dst[i][f.len[i]] = '\0';
            p += f.len[i];
        }
        if (!sl_store_address_add(st, &a, f.fp, delivery_id))
            return false;
    }
    sl_bag_stage_free(s);
    return true;
}

void sl_bag_stage_free(sl_bag_stage *s)
{
    sl_free(s->buf);
    sl_free(s->refs);
    memset(s, 0, sizeof *s);
}
