/*
 * classify_refresh.c - recomputing the classification of NCG addresses
 * (see classify_refresh.h).
 *
 * The store streams (trajectory, claim) pairs grouped by address; each group
 * is summarised and classified by the core with the active matrix, then
 * compared with what is stored so that only real changes are written.
 */
#include "service/classify_refresh.h"

#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "core/hashmap.h"
#include "store/classification_store.h"
#include "store/records_store.h"

typedef struct stored_entry {
    sl_stored_class sc;
    bool seen;
} stored_entry;

typedef struct refresh {
    sl_store *st;
    int64_t delivery_id;
    const char *by;         /* the person behind a one-address refresh; NULL for deliveries */
    sl_matrix matrix;
    stored_entry *stored;
    size_t nstored, capstored;
    sl_intmap *by_address;  /* address id -> index in stored */
    /* the group being summarised */
    int64_t cur_address;
    sl_stap cur_stap;
    sl_claims_summary cur;
    int64_t changed;
} refresh;

static bool load_cb(void *ctx, const sl_stored_class *sc)
{
    refresh *r = ctx;
    if (r->nstored == r->capstored) {
        size_t ncap = r->capstored ? r->capstored * 2 : 1024;
        stored_entry *n = sl_realloc(r->stored, ncap * sizeof *n);
        if (!n)
            return sl_store_fail(r->st, "onvoldoende geheugen");
        r->stored = n;
        r->capstored = ncap;
    }
    r->stored[r->nstored] = (stored_entry){.sc = *sc};
    if (!sl_intmap_put(r->by_address, sc->address_id, (int64_t)r->nstored))
        return sl_store_fail(r->st, "onvoldoende geheugen");
    r->nstored++;
    return true;
}

static bool history(refresh *r, const char *key, const char *veld, const char *van,
                    const char *naar)
{
    sl_history h = {.onderwerp = "combinatiedossier", .sleutel = key, .veld = veld,
                    .van = van, .naar = naar, .datum = SL_DATE_NONE,
                    .delivery_id = r->delivery_id, .gebruiker = r->by};
    return sl_store_history_add(r->st, &h);
}

static const char *groep_or_null(sl_groep g)
{
    return g == SL_GROEP_NONE ? NULL : sl_groep_name(g);
}

/* Classifies the finished group and writes it when it differs from the store. */
static bool flush(refresh *r)
{
    if (!r->cur_address)
        return true;
    sl_stored_class sc = {
        .address_id = r->cur_address,
        .stap = r->cur_stap,
        .fase = r->cur.open ? r->cur.most_advanced_open : SL_FASE_COUNT,
        .c = sl_classify(r->cur_stap, &r->cur, &r->matrix),
    };
    int64_t idx;
    char key[17];
    sl_bag_format(r->cur_address, key);
    if (sl_intmap_get(r->by_address, r->cur_address, &idx)) {
        stored_entry *e = &r->stored[idx];
        e->seen = true;
        const sl_stored_class *old = &e->sc;
        if (old->stap == sc.stap && old->fase == sc.fase &&
            old->c.potentieel == sc.c.potentieel && old->c.groep == sc.c.groep &&
            old->c.matrix_version == sc.c.matrix_version)
            return true;
        if (old->c.potentieel != sc.c.potentieel &&
            !history(r, key, "potentieel", sl_potentieel_name(old->c.potentieel),
                     sl_potentieel_name(sc.c.potentieel)))
            return false;
        if (old->c.groep != sc.c.groep &&
            !history(r, key, "groep", groep_or_null(old->c.groep), groep_or_null(sc.c.groep)))
            return false;
    }
    r->changed++;
    return sl_store_classification_put(r->st, &sc);
}

static bool pair_cb(void *ctx, int64_t address_id, sl_stap stap, bool has_claim, sl_fase fase)
{
    refresh *r = ctx;
    if (address_id != r->cur_address) {
        if (!flush(r))
            return false;
        r->cur_address = address_id;
        r->cur_stap = stap;
        memset(&r->cur, 0, sizeof r->cur);
    }
    if (!has_claim)
        return true;
    r->cur.total++;
    if (sl_fase_open(fase)) {
        if (r->cur.open == 0 || fase > r->cur.most_advanced_open)
            r->cur.most_advanced_open = fase;
        r->cur.open++;
    }
    return true;
}

/* Drops the stored classifications no group claimed (their trajectory is gone). */
static bool drop_unseen(refresh *r)
{
    for (size_t i = 0; i < r->nstored; i++) {
        if (r->stored[i].seen)
            continue;
        char key[17];
        sl_bag_format(r->stored[i].sc.address_id, key);
        if (!history(r, key, "potentieel", sl_potentieel_name(r->stored[i].sc.c.potentieel),
                     NULL) ||
            !sl_store_classification_delete(r->st, r->stored[i].sc.address_id))
            return false;
        r->changed++;
    }
    return true;
}

/* One address's current trajectory (the store orders current ones first). */
typedef struct one_address {
    refresh *r;
    bool has_trajectory;
    sl_stap stap;
} one_address;

static bool one_trajectory_cb(void *ctx, const sl_trajectory *t, bool absent)
{
    one_address *o = ctx;
    if (!absent && !o->has_trajectory) {
        o->has_trajectory = true;
        o->stap = t->stap;
    }
    return true;
}

static bool one_claim_cb(void *ctx, const sl_claim *c, bool absent)
{
    one_address *o = ctx;
    if (absent)
        return true;
    return pair_cb(o->r, o->r->cur_address, o->stap, true, c->fase);
}

bool sl_classify_refresh_address(sl_store *st, int64_t address_id, int64_t delivery_id,
                                 const char *by, int64_t *changed)
{
    refresh r = {.st = st, .delivery_id = delivery_id, .by = by};
    one_address o = {.r = &r};
    sl_stored_class sc;
    bool found, ok = false;
    *changed = 0;
    r.by_address = sl_intmap_new(4);
    if (!r.by_address) {
        sl_store_fail(st, "onvoldoende geheugen");
        goto out;
    }
    if (!sl_store_matrix_active(st, &r.matrix) ||
        !sl_store_classification_get(st, address_id, &sc, &found) ||
        (found && !load_cb(&r, &sc)) ||
        !sl_store_trajectories_of(st, address_id, one_trajectory_cb, &o))
        goto out;
    /* the same groups as the full scan: a current trajectory with its current claims */
    if (o.has_trajectory &&
        (!pair_cb(&r, address_id, o.stap, false, SL_FASE_COUNT) ||
         !sl_store_claims_of(st, address_id, one_claim_cb, &o) || !flush(&r)))
        goto out;
    if (!drop_unseen(&r))
        goto out;
    *changed = r.changed;
    ok = true;
out:
    sl_free(r.stored);
    sl_intmap_free(r.by_address);
    return ok;
}

static bool refresh_all(sl_store *st, int64_t delivery_id, const char *by, int64_t *changed)
{
    refresh r = {.st = st, .delivery_id = delivery_id, .by = by};
    bool ok = false;
    *changed = 0;
    r.by_address = sl_intmap_new(1024);
    if (!r.by_address) {
        sl_store_fail(st, "onvoldoende geheugen");
        goto out;
    }
    if (!sl_store_matrix_active(st, &r.matrix) ||
        !sl_store_scan_classifications(st, load_cb, &r) ||
        !sl_store_scan_trajectory_claims(st, pair_cb, &r) || !flush(&r))
        goto out;
    /* Addresses whose trajectory is gone (absent) are no longer NCG addresses. */
    if (!drop_unseen(&r))
        goto out;
    *changed = r.changed;
    ok = true;
out:
    sl_free(r.stored);
    sl_intmap_free(r.by_address);
    return ok;
}

bool sl_classify_refresh(sl_store *st, int64_t delivery_id, int64_t *changed)
{
    return refresh_all(st, delivery_id, NULL, changed);
}

bool sl_classify_refresh_by(sl_store *st, const char *by, int64_t *changed)
{
    return refresh_all(st, 0, by, changed);
}
