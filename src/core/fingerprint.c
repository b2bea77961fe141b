/*
 * fingerprint.c - records' fingerprints (fingerprint.h): FNV-1a over every
 * stored field, each followed by a separator.
 */
#include "core/fingerprint.h"

#include <string.h>

#include "core/hashmap.h"

typedef struct fp_state { uint64_t h; } fp_state;

static void fp_mix(fp_state *f, const void *p, size_t n)
{
    f->h = sl_hash_bytes(f->h, p, n);
    /* a separator so ("ab","c") and ("a","bc") differ */
    f->h = sl_hash_bytes(f->h, "\x1f", 1);
}
static void fp_str(fp_state *f, const char *s) { fp_mix(f, s, strlen(s)); }
static void fp_i64(fp_state *f, int64_t v) { fp_mix(f, &v, sizeof v); }
static void fp_dbl(fp_state *f, double v) { fp_mix(f, &v, sizeof v); }

uint64_t sl_address_fingerprint(const sl_address *a)
{
    fp_state f = {SL_HASH_INIT};
    fp_i64(&f, a->nummeraanduiding_id);
    fp_i64(&f, a->verblijfsobject_id);
    fp_i64(&f, a->pand_id);
    fp_str(&f, a->straat);
    fp_i64(&f, a->nr.huisnummer);
    fp_str(&f, a->nr.huisletter);
    fp_str(&f, a->nr.toevoeging);
    fp_str(&f, a->postcode);
    fp_str(&f, a->woonplaats);
    fp_str(&f, a->gemeentecode);
    fp_i64(&f, a->has_xy);
    fp_dbl(&f, a->has_xy ? a->x : 0);
    fp_dbl(&f, a->has_xy ? a->y : 0);
    fp_i64(&f, a->bouwjaar);
    fp_i64(&f, a->kern);
    return f.h >> 1; /* fits a signed 64-bit column */
}

uint64_t sl_trajectory_fingerprint(const sl_trajectory *t, int64_t address_id)
{
    fp_state f = {SL_HASH_INIT};
    fp_str(&f, t->ncg_id);
    fp_i64(&f, address_id);
    fp_i64(&f, t->stap);
    fp_i64(&f, t->stap_sinds);
    fp_i64(&f, t->risicoprofiel);
    fp_str(&f, t->batch);
    fp_i64(&f, t->programma);
    fp_i64(&f, t->bijzondere_situatie);
    fp_i64(&f, t->keuze_bewoner);
    fp_str(&f, t->bewonersbegeleider);
    fp_i64(&f, t->aannemersovereenkomst);
    return f.h >> 1;
}

uint64_t sl_claim_fingerprint(const sl_claim *c, int64_t address_id)
{
    fp_state f = {SL_HASH_INIT};
    fp_str(&f, c->img_id);
    fp_i64(&f, address_id);
    fp_i64(&f, c->regeling);
    fp_i64(&f, c->fase);
    fp_i64(&f, c->fase_sinds);
    fp_i64(&f, c->ontvangen_op);
    fp_i64(&f, c->urgent);
    fp_i64(&f, c->aos);
    fp_i64(&f, c->aos_gegrond);
    fp_str(&f, c->zaakbegeleider);
    fp_i64(&f, c->has_bedrag);
    fp_i64(&f, c->has_bedrag ? c->besluit_bedrag : 0);
    return f.h >> 1;
}
