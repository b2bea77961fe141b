/*
 * logboek.c - appending to, listing and verifying the hash-chained
 * processing log (see logboek.h for the encoding).
 */
#include "service/logboek.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/bag.h"
#include "core/roles.h"
#include "store/log_store.h"

static const char ZERO_HASH[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* ---- hashing -------------------------------------------------------------------- */

/* One field: 8-byte big-endian length, then the bytes. */
static void put_field(crypto_generichash_state *h, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    unsigned char len[8];
    uint64_t v = (uint64_t)n;
    for (int i = 7; i >= 0; i--) {
        len[i] = (unsigned char)(v & 0xffu);
        v >>= 8;
    }
    crypto_generichash_update(h, len, sizeof len);
    if (n)
        crypto_generichash_update(h, (const unsigned char *)s, n);
}

void sl_logboek_hash(const sl_log_record *r, char out[SL_LOG_HASH_CAP])
{
    crypto_generichash_state h;
    unsigned char digest[32];
    char id[24], addr[17] = "", levering[24] = "";
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    if (r->levering_id)
        snprintf(levering, sizeof levering, "%lld", (long long)r->levering_id);
    bool v2 = r->levering_id != 0 || r->gegevens[0] != '\0';
    if (r->address_id)
        sl_bag_format(r->address_id, addr);
    if (sodium_init() < 0) { /* idempotent; fails only when no entropy source exists */
        memset(out, 0, SL_LOG_HASH_CAP); /* "" never matches a stored hash */
        return;
    }
    crypto_generichash_init(&h, NULL, 0, sizeof digest);
    const char *fields[] = {
        v2 ? "samenloop-logboek-v2" : "samenloop-logboek-v1", r->vorige_hash, id, r->tijdstip,
        r->gebruiker, r->org, r->rol, r->doel, r->grondslag, r->categorieen, addr, r->actie,
        r->trace_id, levering, r->gegevens,
    };
    size_t nfields = sizeof fields / sizeof fields[0] - (v2 ? 0 : 2);
    for (size_t i = 0; i < nfields; i++)
        put_field(&h, fields[i]);
    crypto_generichash_final(&h, digest, sizeof digest);
    sodium_bin2hex(out, SL_LOG_HASH_CAP, digest, sizeof digest);
}

/* ---- appending -------------------------------------------------------------------- */

/* Copies s into dst (cap bytes) or fails naming the field: never truncates. */
static bool set_field(sl_store *st, char *dst, size_t cap, const char *s, const char *name,
                      bool required)
{
    size_t n = s ? strlen(s) : 0;
    if (required && n == 0)
        return sl_store_fail(st, "logboek: %s ontbreekt", name);
    if (n >= cap)
        return sl_store_fail(st, "logboek: %s is te lang (%zu bytes, hoogstens %zu)", name, n,
                             cap - 1);
    if (n)
        memcpy(dst, s, n);
    dst[n] = '\0';
    return true;
}

bool sl_logboek_now(sl_store *st, char out[SL_LOG_TIME_CAP])
{
    struct timespec ts;
    struct tm tm;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || !gmtime_r(&ts.tv_sec, &tm))
        return sl_store_fail(st, "logboek: de klok is niet leesbaar");
    char sec[24], full[48];
    int ms = (int)((ts.tv_nsec / 1000000) % 1000);
    if (strftime(sec, sizeof sec, "%Y-%m-%dT%H:%M:%S", &tm) != 19)
        return sl_store_fail(st, "logboek: de klok geeft een onmogelijke tijd");
    snprintf(full, sizeof full, "%s.%03dZ", sec, ms);
    memcpy(out, full, SL_LOG_TIME_CAP); /* 19 + 5 characters and the NUL */
    out[SL_LOG_TIME_CAP - 1] = '\0';
    return true;
}

bool sl_logboek_prepare(sl_store *st, const sl_log_entry *e, sl_log_record *r)
{
    memset(r, 0, sizeof *r);
    if (!e || !e->actor)
        return sl_store_fail(st, "logboek: geen record");
    const sl_actor *a = e->actor;
    if (!e->actie || (strcmp(e->actie, "inzage") != 0 && strcmp(e->actie, "wijziging") != 0))
        return sl_store_fail(st, "logboek: actie is inzage of wijziging");
    if ((unsigned)a->viewer.role >= SL_ROLE_COUNT)
        return sl_store_fail(st, "logboek: onbekende rol");
    if (!set_field(st, r->gebruiker, sizeof r->gebruiker, a->gebruiker, "gebruiker", true) ||
        !set_field(st, r->org, sizeof r->org, sl_account_org_name(a->viewer.org), "org", false) ||
        !set_field(st, r->rol, sizeof r->rol, sl_role_name(a->viewer.role), "rol", true) ||
        !set_field(st, r->doel, sizeof r->doel, e->doel, "doel", true) ||
        !set_field(st, r->grondslag, sizeof r->grondslag, e->grondslag, "grondslag", true) ||
        !set_field(st, r->categorieen, sizeof r->categorieen, e->categorieen, "categorieen",
                   true) ||
        !set_field(st, r->actie, sizeof r->actie, e->actie, "actie", true) ||
        !set_field(st, r->trace_id, sizeof r->trace_id, a->trace_id, "trace_id", false) ||
        !set_field(st, r->gegevens, sizeof r->gegevens, e->gegevens, "gegevens", false))
        return false;
    r->address_id = e->address_id > 0 ? e->address_id : 0;
    r->levering_id = e->levering_id > 0 ? e->levering_id : 0;
    return true;
}

bool sl_logboek_link(sl_store *st, sl_log_record *recs, size_t n, int64_t last_id,
                     const char *last_hash)
{
    if (sodium_init() < 0)
        return sl_store_fail(st, "logboek: libsodium start niet");
    /* the records of one commit become durable together: one time for all */
    char now[SL_LOG_TIME_CAP];
    if (!sl_logboek_now(st, now))
        return false;
    const char *prev = last_id ? last_hash : ZERO_HASH;
    for (size_t i = 0; i < n; i++) {
        sl_log_record *r = &recs[i];
        memcpy(r->tijdstip, now, sizeof now);
        r->id = last_id + 1 + (int64_t)i;
        snprintf(r->vorige_hash, sizeof r->vorige_hash, "%s", prev);
        sl_logboek_hash(r, r->hash);
        prev = r->hash;
    }
    return true;
}

bool sl_logboek_append_prepared(sl_store *st, sl_log_record *r)
{
    int64_t last;
    char head[SL_LOG_HASH_CAP];
    return sl_store_log_head(st, &last, head) && sl_logboek_link(st, r, 1, last, head) &&
           sl_store_log_insert(st, r);
}

bool sl_logboek_append(sl_store *st, const sl_log_entry *e, int64_t *id)
{
    sl_log_record r;
    if (!sl_logboek_prepare(st, e, &r) || !sl_logboek_append_prepared(st, &r))
        return false;
    if (id)
        *id = r.id;
    return true;
}

bool sl_logboek_list(sl_store *st, int64_t address_id, sl_log_cb cb, void *ctx)
{
    return sl_store_log_scan(st, address_id, cb, ctx);
}

sl_outcome sl_logboek_read(sl_store *st, const sl_viewer *v, int64_t address_id,
                           sl_log_cb cb, void *ctx)
{
    if (!sl_share_may_read_log(v, address_id))
        return v->role == SL_ROLE_BEWONER ? SL_NOT_FOUND : SL_FORBIDDEN;
    return sl_logboek_list(st, address_id, cb, ctx) ? SL_OK : SL_ERROR;
}

json_t *sl_log_record_json(const sl_log_record *r)
{
    char addr[17];
    if (r->address_id)
        sl_bag_format(r->address_id, addr);
    json_t *cats = json_array();
    if (!cats)
        return NULL;
    /* "traject:id,status" -> ["traject:id", "traject:status"]: one entry per
     * category, readable without knowing the packing. */
    const char *s = r->categorieen, *colon = strchr(s, ':');
    size_t plen = colon ? (size_t)(colon - s) + 1 : 0;
    const char *p = colon ? colon + 1 : s;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char item[SL_LOG_CATS_CAP];
        if (n && plen + n < sizeof item) {
            memcpy(item, s, plen);
            memcpy(item + plen, p, n);
            item[plen + n] = '\0';
            json_array_append_new(cats, json_string(item));
        }
        p += n + (end ? 1 : 0);
    }
    json_t *o = json_pack(
        "{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:s}", "keten",
        sl_log_keten_name(r->keten), "id", (json_int_t)r->id, "tijdstip", r->tijdstip,
        "gebruiker", r->gebruiker, "org", r->org, "rol", r->rol, "doel", r->doel, "grondslag",
        r->grondslag, "categorieen", cats, "nummeraanduiding_id",
        r->address_id ? json_string(addr) : json_null(), "actie", r->actie, "trace_id",
        r->trace_id, "hash", r->hash);
    if (o && r->levering_id)
        json_object_set_new(o, "levering_id", json_integer(r->levering_id));
    if (o && r->gegevens[0]) {
        /* written by the service as JSON; kept as text should it ever not parse */
        json_t *g = json_loads(r->gegevens, 0, NULL);
        json_object_set_new(o, "gegevens", g ? g : json_string(r->gegevens));
    }
    return o;
}

/* ---- verifying -------------------------------------------------------------------- */

typedef struct verify_ctx {
    sl_logboek_check *out;
    sl_log_keten keten;
    char prev[SL_LOG_HASH_CAP];
} verify_ctx;

static bool verify_cb(void *ctx, const sl_log_record *r)
{
    verify_ctx *v = ctx;
    sl_logboek_check *out = v->out;
    int64_t want_id = ++out->chain_records[v->keten];
    char *head = out->head[v->keten];
    out->records++;
    memcpy(head, r->hash, SL_LOG_HASH_CAP);
    if (out->first_broken)
        return true; /* keep counting */
    char h[SL_LOG_HASH_CAP];
    sl_logboek_hash(r, h);
    const char *reden = NULL;
    char buf[sizeof out->reden];
    if (r->id != want_id) {
        snprintf(buf, sizeof buf,
                 "record %lld verwacht, record %lld gevonden: er ontbreekt of er is een record "
                 "tussengevoegd",
                 (long long)want_id, (long long)r->id);
        reden = buf;
    } else if (strcmp(r->vorige_hash, v->prev) != 0) {
        reden = "de schakel met het vorige record klopt niet (vorige_hash)";
    } else if (strcmp(r->hash, h) != 0) {
        reden = "de inhoud past niet bij de hash: gewijzigd";
    }
    if (reden) {
        out->first_broken = r->id;
        out->broken = v->keten;
        snprintf(out->reden, sizeof out->reden, "%s", reden);
    }
    memcpy(v->prev, r->hash, sizeof v->prev);
    return true;
}

bool sl_logboek_verify(sl_store *st, sl_logboek_check *out)
{
    memset(out, 0, sizeof *out);
    if (sodium_init() < 0)
        return sl_store_fail(st, "logboek: libsodium start niet");
    for (int k = 0; k < SL_KETEN_COUNT; k++) {
        verify_ctx v = {.out = out, .keten = (sl_log_keten)k};
        memcpy(v.prev, ZERO_HASH, sizeof v.prev);
        if (!sl_store_log_chain(st, (sl_log_keten)k, verify_cb, &v))
            return false;
    }
    return true;
}
