/*
 * logboek_anker.c - anchors of the processing log's heads (logboek_anker.h).
 */
#include "service/logboek_anker.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "store/log_store.h"

/* ---- the key ------------------------------------------------------------------------ */

static void key_id(const unsigned char key[SL_LOG_KEY_BYTES], char out[SL_LOG_KEYID_CAP])
{
    static const char domain[] = "samenloop-logboek-sleutel";
    unsigned char buf[sizeof domain - 1 + SL_LOG_KEY_BYTES], digest[32];
    memcpy(buf, domain, sizeof domain - 1);
    memcpy(buf + sizeof domain - 1, key, SL_LOG_KEY_BYTES);
    crypto_generichash(digest, sizeof digest, buf, sizeof buf, NULL, 0);
    sodium_memzero(buf, sizeof buf);
    sodium_bin2hex(out, SL_LOG_KEYID_CAP, digest, (SL_LOG_KEYID_CAP - 1) / 2);
}

void sl_log_key_wipe(sl_log_key *k)
{
    sodium_memzero(k, sizeof *k);
}

bool sl_log_key_load(const char *path, sl_log_key *out, char *err, size_t errcap)
{
    memset(out, 0, sizeof *out);
    if (!path || !*path)
        return true;
    if (sodium_init() < 0) {
        snprintf(err, errcap, "libsodium start niet");
        return false;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errcap, "logboeksleutel '%s' is niet te lezen: %s", path, strerror(errno));
        return false;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (sb.st_mode & 077)) {
        close(fd);
        snprintf(err, errcap,
                 "logboeksleutel '%s' moet een bestand zijn dat alleen de eigenaar mag lezen "
                 "(chmod 600)",
                 path);
        return false;
    }
    char text[2 * SL_LOG_KEY_BYTES + 8];
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    size_t len = n > 0 ? (size_t)n : 0;
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
        len--;
    size_t bin_len = 0;
    bool ok = len == 2 * SL_LOG_KEY_BYTES &&
              sodium_hex2bin(out->key, sizeof out->key, text, len, NULL, &bin_len, NULL) == 0 &&
              bin_len == SL_LOG_KEY_BYTES;
    sodium_memzero(text, sizeof text);
    if (!ok) {
        sl_log_key_wipe(out);
        snprintf(err, errcap, "logboeksleutel '%s' is geen sleutel (64 hexadecimale tekens)",
                 path);
        return false;
    }
    key_id(out->key, out->id);
    out->set = true;
    return true;
}

bool sl_log_key_create(const char *path, char *err, size_t errcap)
{
    if (sodium_init() < 0) {
        snprintf(err, errcap, "libsodium start niet");
        return false;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errcap, "logboeksleutel '%s' aanmaken mislukt: %s", path, strerror(errno));
        return false;
    }
    unsigned char key[SL_LOG_KEY_BYTES];
    char text[2 * SL_LOG_KEY_BYTES + 2];
    randombytes_buf(key, sizeof key);
    sodium_bin2hex(text, sizeof text, key, sizeof key);
    size_t len = strlen(text);
    text[len++] = '\n';
    bool ok = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    sodium_memzero(key, sizeof key);
    sodium_memzero(text, sizeof text);
    if (!ok) {
        unlink(path);
        snprintf(err, errcap, "logboeksleutel '%s' schrijven mislukt", path);
    }
    return ok;
}

/* ---- the MAC ------------------------------------------------------------------------ */

static void mac_field(crypto_auth_hmacsha256_state *h, const char *s)
{
    size_t n = strlen(s);
    unsigned char len[8];
    uint64_t v = (uint64_t)n;
    for (int i = 7; i >= 0; i--) {
        len[i] = (unsigned char)(v & 0xffu);
        v >>= 8;
    }
    crypto_auth_hmacsha256_update(h, len, sizeof len);
    crypto_auth_hmacsha256_update(h, (const unsigned char *)s, n);
}

static void anchor_mac(const sl_log_anchor *a, const sl_log_key *key, char out[SL_LOG_MAC_CAP])
{
    crypto_auth_hmacsha256_state h;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    char ids[SL_KETEN_COUNT][24];
    for (int k = 0; k < SL_KETEN_COUNT; k++)
        snprintf(ids[k], sizeof ids[k], "%lld", (long long)a->head_id[k]);
    const char *fields[] = {
        "samenloop-logboek-anker-v1", a->tijdstip, ids[SL_KETEN_REGISTER],
        a->head_hash[SL_KETEN_REGISTER], ids[SL_KETEN_INZAGE], a->head_hash[SL_KETEN_INZAGE],
        a->verlies ? "1" : "0", a->sleutel_id,
    };
    crypto_auth_hmacsha256_init(&h, key->key, sizeof key->key);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        mac_field(&h, fields[i]);
    crypto_auth_hmacsha256_final(&h, mac);
    sodium_memzero(&h, sizeof h);
    sodium_bin2hex(out, SL_LOG_MAC_CAP, mac, sizeof mac);
}

/* ---- writing ------------------------------------------------------------------------ */

/* Fills and inserts an anchor of the current heads, inside the caller's transaction. */
static bool anchor_now(sl_store *st, const sl_log_key *key, bool verlies, sl_log_anchor *a)
{
    memset(a, 0, sizeof *a);
    if (sodium_init() < 0)
        return sl_store_fail(st, "logboekanker: libsodium start niet");
    if (!sl_logboek_now(st, a->tijdstip) || !sl_store_log_heads(st, a->head_id, a->head_hash))
        return false;
    a->verlies = verlies;
    if (key && key->set) {
        memcpy(a->sleutel_id, key->id, sizeof a->sleutel_id);
        anchor_mac(a, key, a->mac);
    }
    return sl_store_anchor_add(st, a);
}

static bool same_heads(const sl_log_anchor *a, const sl_log_anchor *b)
{
    for (int k = 0; k < SL_KETEN_COUNT; k++)
        if (a->head_id[k] != b->head_id[k] || strcmp(a->head_hash[k], b->head_hash[k]) != 0)
            return false;
    return true;
}

bool sl_logboek_anchor_write(sl_store *st, const sl_log_key *key, bool only_if_moved,
                             sl_log_anchor *out, bool *written)
{
    sl_log_anchor a, last;
    bool found = false;
    if (written)
        *written = false;
    if (!sl_store_begin(st))
        return false;
    if (only_if_moved) {
        memset(&a, 0, sizeof a);
        if (!sl_store_anchor_latest(st, &last, &found) ||
            !sl_store_log_heads(st, a.head_id, a.head_hash))
            goto fail;
        /* the same key too: after a rotation the next anchor carries the new one */
        bool same_key = strcmp(last.sleutel_id, key && key->set ? key->id : "") == 0;
        if (found && same_key && same_heads(&a, &last)) {
            sl_store_rollback(st);
            if (out)
                *out = last;
            return true;
        }
    }
    if (!anchor_now(st, key, false, &a) || !sl_store_commit(st))
        goto fail;
    if (written)
        *written = true;
    if (out)
        *out = a;
    return true;
fail:
    sl_store_rollback(st);
    return false;
}

/* ---- checking ----------------------------------------------------------------------- */

typedef struct check_ctx {
    sl_store *st;
    const sl_log_key *key;
    bool newest_only;
    sl_anchor_check *out;
    int64_t heads[SL_KETEN_COUNT];
} check_ctx;

static void broken(sl_anchor_check *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void broken(sl_anchor_check *out, const char *fmt, ...)
{
    if (out->broken)
        return; /* the first finding tells */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->reden, sizeof out->reden, fmt, ap);
    va_end(ap);
    out->broken = true;
}

/* One anchor against the chains and the key. */
static bool check_one(check_ctx *c, const sl_log_anchor *a)
{
    sl_anchor_check *out = c->out;
    out->anchors++;
    if (c->key && c->key->set && strcmp(a->sleutel_id, c->key->id) == 0) {
        char mac[SL_LOG_MAC_CAP];
        anchor_mac(a, c->key, mac);
        if (sodium_memcmp(mac, a->mac, SL_LOG_MAC_CAP - 1) != 0 || strlen(a->mac) != 64)
            broken(out, "anker %lld (%s): de handtekening klopt niet; het anker is gewijzigd",
                   (long long)a->id, a->tijdstip);
    } else {
        out->unchecked_mac++;
    }
    for (int k = 0; k < SL_KETEN_COUNT; k++) {
        int64_t want = a->head_id[k];
        if (want == 0)
            continue;
        const char *name = k == SL_KETEN_INZAGE ? "het inzagelogboek" : "het registerlogboek";
        if (c->heads[k] == 0) {
            broken(out,
                   "%s is leeg of het bestand ontbreekt, maar anker %lld (%s) zag %lld records",
                   name, (long long)a->id, a->tijdstip, (long long)want);
            continue;
        }
        char hash[SL_LOG_HASH_CAP];
        bool found;
        if (!sl_store_log_hash_at(c->st, (sl_log_keten)k, want, hash, &found))
            return false;
        if (!found)
            broken(out,
                   "%s eindigt bij record %lld, maar anker %lld (%s) zag record %lld: de "
                   "nieuwste records zijn verwijderd",
                   name, (long long)c->heads[k], (long long)a->id, a->tijdstip, (long long)want);
        else if (strcmp(hash, a->head_hash[k]) != 0)
            broken(out,
                   "record %lld van %s is niet het record dat anker %lld (%s) zag: het logboek "
                   "is herschreven of vervangen",
                   (long long)want, name, (long long)a->id, a->tijdstip);
    }
    return true;
}

static bool check_cb(void *p, const sl_log_anchor *a)
{
    check_ctx *c = p;
    c->out->newest = *a;
    c->out->have_newest = true;
    return c->newest_only || check_one(c, a);
}

bool sl_logboek_anchors_check(sl_store *st, const sl_log_key *key, bool newest_only,
                              sl_anchor_check *out)
{
    memset(out, 0, sizeof *out);
    if (sodium_init() < 0)
        return sl_store_fail(st, "logboekanker: libsodium start niet");
    check_ctx c = {.st = st, .key = key, .newest_only = newest_only, .out = out};
    char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP];
    /* one snapshot for the heads, the records and the anchors */
    if (!sl_store_read_begin(st))
        return false;
    bool ok = sl_store_log_heads(st, c.heads, hashes) &&
              sl_store_anchors_binding(st, check_cb, &c) &&
              (!newest_only || !out->have_newest || check_one(&c, &out->newest));
    sl_store_read_end(st);
    return ok;
}

bool sl_logboek_heads(sl_store *st, int64_t ids[SL_KETEN_COUNT],
                      char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP])
{
    if (!sl_store_read_begin(st))
        return false;
    bool ok = sl_store_log_heads(st, ids, hashes);
    sl_store_read_end(st);
    return ok;
}

bool sl_log_head_parse(const char *s, sl_log_head *out)
{
    memset(out, 0, sizeof *out);
    const char *c1 = s ? strchr(s, ':') : NULL;
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c2)
        return false;
    size_t nlen = (size_t)(c1 - s);
    if (nlen == 8 && strncmp(s, "register", 8) == 0)
        out->keten = SL_KETEN_REGISTER;
    else if (nlen == 6 && strncmp(s, "inzage", 6) == 0)
        out->keten = SL_KETEN_INZAGE;
    else
        return false;
    char *end;
    errno = 0;
    long long id = strtoll(c1 + 1, &end, 10);
    if (errno || end != c2 || id < 1)
        return false;
    const char *h = c2 + 1;
    if (strlen(h) != 64 || strspn(h, "0123456789abcdef") != 64)
        return false;
    out->id = id;
    memcpy(out->hash, h, SL_LOG_HASH_CAP);
    return true;
}

bool sl_logboek_check_head(sl_store *st, const sl_log_head *h, bool *ok, char *reden, size_t cap)
{
    char hash[SL_LOG_HASH_CAP];
    bool found;
    *ok = false;
    if (!sl_store_log_hash_at(st, h->keten, h->id, hash, &found))
        return false;
    if (!found)
        snprintf(reden, cap,
                 "keten %s heeft geen record %lld meer: de nieuwste records zijn verwijderd",
                 sl_log_keten_name(h->keten), (long long)h->id);
    else if (strcmp(hash, h->hash) != 0)
        snprintf(reden, cap,
                 "record %lld van keten %s is niet het gepubliceerde record: het logboek is "
                 "herschreven of vervangen",
                 (long long)h->id, sl_log_keten_name(h->keten));
    else
        *ok = true;
    return true;
}

/* ---- acknowledging a loss ----------------------------------------------------------- */

static json_t *heads_json(const int64_t ids[SL_KETEN_COUNT],
                          char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP])
{
    json_t *o = json_object();
    for (int k = 0; o && k < SL_KETEN_COUNT; k++) {
        char head[96];
        snprintf(head, sizeof head, "%lld:%s", (long long)ids[k], hashes[k]);
        json_object_set_new(o, sl_log_keten_name((sl_log_keten)k), json_string(head));
    }
    return o;
}

bool sl_logboek_acknowledge_loss(sl_store *st, const sl_log_key *key, const sl_actor *by,
                                 const char *reden, int64_t *log_id)
{
    if (!reden || !*reden || strlen(reden) > 200)
        return sl_store_fail(st, "een reden is verplicht (hoogstens 200 tekens)");
    if (!sl_store_begin(st))
        return false;
    sl_log_anchor last, a;
    bool found;
    int64_t ids[SL_KETEN_COUNT];
    char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP];
    if (!sl_store_anchor_latest(st, &last, &found) || !sl_store_log_heads(st, ids, hashes))
        goto fail;
    json_t *g = json_pack("{s:s, s:o, s:o}", "reden", reden, "anker_was",
                          found ? heads_json(last.head_id, last.head_hash) : json_null(), "nu",
                          heads_json(ids, hashes));
    char *text = g ? json_dumps(g, JSON_COMPACT) : NULL;
    json_decref(g);
    if (!text) {
        sl_store_fail(st, "onvoldoende geheugen");
        goto fail;
    }
    sl_log_entry e = {.actor = by, .doel = "logboekbeheer", .grondslag = "beheertaak",
                      .categorieen = "logboek:verlies", .actie = "wijziging", .gegevens = text};
    bool ok = sl_logboek_append(st, &e, log_id);
    sl_free(text);
    if (!ok || !anchor_now(st, key, true, &a) || !sl_store_commit(st))
        goto fail;
    return true;
fail:
    sl_store_rollback(st);
    return false;
}

/* ---- the keeper --------------------------------------------------------------------- */

struct sl_anchor_keeper {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
    int interval_s;
    sl_log_key key;
    sl_store *st;
    void (*on_error)(const char *msg);
};

static void keep_once(sl_anchor_keeper *k)
{
    if (!sl_logboek_anchor_write(k->st, &k->key, true, NULL, NULL) && k->on_error)
        k->on_error(sl_store_errmsg(k->st));
}

static void *keeper_main(void *p)
{
    sl_anchor_keeper *k = p;
    pthread_mutex_lock(&k->mu);
    while (!k->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += k->interval_s;
        while (!k->stop && pthread_cond_timedwait(&k->cv, &k->mu, &until) != ETIMEDOUT) {
        }
        if (k->stop)
            break;
        pthread_mutex_unlock(&k->mu);
        keep_once(k);
        pthread_mutex_lock(&k->mu);
    }
    pthread_mutex_unlock(&k->mu);
    keep_once(k); /* at shutdown: the heads as the server leaves them */
    return NULL;
}

bool sl_anchor_keeper_start(const char *db, const sl_log_key *key, int interval_s,
                            void (*on_error)(const char *msg), sl_anchor_keeper **out,
                            char *err, size_t errcap)
{
    *out = NULL;
    sl_anchor_keeper *k = sl_calloc(1, sizeof *k);
    if (!k) {
        snprintf(err, errcap, "onvoldoende geheugen");
        return false;
    }
    k->interval_s = interval_s > 0 ? interval_s : 60;
    k->on_error = on_error;
    if (key)
        k->key = *key;
    if (!sl_store_open(db, &k->st, err, errcap)) {
        sl_log_key_wipe(&k->key);
        sl_free(k);
        return false;
    }
    pthread_mutex_init(&k->mu, NULL);
    pthread_cond_init(&k->cv, NULL);
    /* the thread takes no signals: the server waits for them on its own */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(&k->thread, NULL, keeper_main, k);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        snprintf(err, errcap, "ankerdraad starten mislukt: %s", strerror(rc));
        sl_store_close(k->st);
        sl_log_key_wipe(&k->key);
        sl_free(k);
        return false;
    }
    *out = k;
    return true;
}

void sl_anchor_keeper_stop(sl_anchor_keeper *k)
{
    if (!k)
        return;
    pthread_mutex_lock(&k->mu);
    k->stop = true;
    pthread_cond_signal(&k->cv);
    pthread_mutex_unlock(&k->mu);
    pthread_join(k->thread, NULL);
    pthread_cond_destroy(&k->cv);
    pthread_mutex_destroy(&k->mu);
    sl_store_close(k->st);
    sl_log_key_wipe(&k->key);
    sl_free(k);
}
