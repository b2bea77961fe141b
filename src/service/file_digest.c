/*
 * file_digest.c - the SHA-256 of a file as it is read, on a thread of its own
 * (see file_digest.h).
 *
 * A ring of DIGEST_BUFFERS chunk buffers under one mutex: `added` chunks were
 * handed over, `hashed` of them are done, so buffer `added % DIGEST_BUFFERS`
 * is free when added - hashed < DIGEST_BUFFERS. One condition variable serves
 * both sides; each wait is for a different predicate, so changes broadcast.
 */
#include "service/file_digest.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"

#define DIGEST_BUFFERS 3

struct sl_digest {
    pthread_t thread;
    bool thread_started;
    bool sync_ready;
    pthread_mutex_t mu;
    pthread_cond_t changed;
    char *buf[DIGEST_BUFFERS];
    size_t len[DIGEST_BUFFERS];
    size_t added, hashed;  /* under mu */
    bool end;              /* under mu: finish is waiting for the rest */
    bool stop;             /* under mu: free is waiting for the thread */
    crypto_hash_sha256_state sha; /* the thread's until it ends */
};

static void *digest_main(void *arg)
{
    sl_digest *d = arg;
    pthread_mutex_lock(&d->mu);
    for (;;) {
        if (d->stop)
            break;
        if (d->hashed < d->added) {
            size_t k = d->hashed % DIGEST_BUFFERS;
            pthread_mutex_unlock(&d->mu);
            crypto_hash_sha256_update(&d->sha, (const unsigned char *)d->buf[k], d->len[k]);
            pthread_mutex_lock(&d->mu);
            d->hashed++;
            pthread_cond_broadcast(&d->changed);
            continue;
        }
        if (d->end)
            break;
        pthread_cond_wait(&d->changed, &d->mu);
    }
    pthread_mutex_unlock(&d->mu);
    return NULL;
}

sl_digest *sl_digest_start(size_t chunk_size, char *err, size_t errcap)
{
    sl_digest *d = sl_calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errcap, "onvoldoende geheugen");
        return NULL;
    }
    for (int i = 0; i < DIGEST_BUFFERS; i++) {
        if (!(d->buf[i] = sl_malloc(chunk_size))) {
            snprintf(err, errcap, "onvoldoende geheugen");
            goto fail;
        }
    }
    crypto_hash_sha256_init(&d->sha);
    if (pthread_mutex_init(&d->mu, NULL) != 0)
        goto no_thread;
    if (pthread_cond_init(&d->changed, NULL) != 0) {
        pthread_mutex_destroy(&d->mu);
        goto no_thread;
    }
    d->sync_ready = true;
    if (pthread_create(&d->thread, NULL, digest_main, d) != 0)
        goto no_thread;
    d->thread_started = true;
    /* a name for top -H and perf; failing to set it changes nothing */
    (void)pthread_setname_np(d->thread, "sl-import-hash");
    return d;
no_thread:
    snprintf(err, errcap, "hashdraad starten mislukt");
fail:
    sl_digest_free(d);
    return NULL;
}

char *sl_digest_buffer(sl_digest *d)
{
    pthread_mutex_lock(&d->mu);
    while (d->added - d->hashed >= DIGEST_BUFFERS && !d->stop)
        pthread_cond_wait(&d->changed, &d->mu);
    char *b = d->stop ? NULL : d->buf[d->added % DIGEST_BUFFERS];
    pthread_mutex_unlock(&d->mu);
    return b;
}

void sl_digest_add(sl_digest *d, size_t n)
{
    pthread_mutex_lock(&d->mu);
    d->len[d->added % DIGEST_BUFFERS] = n;
    d->added++;
    pthread_cond_broadcast(&d->changed);
    pthread_mutex_unlock(&d->mu);
}

void sl_digest_finish(sl_digest *d, char hex[65])
{
    pthread_mutex_lock(&d->mu);
    d->end = true;
    pthread_cond_broadcast(&d->changed);
    pthread_mutex_unlock(&d->mu);
    pthread_join(d->thread, NULL);
    d->thread_started = false;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&d->sha, digest);
    sodium_bin2hex(hex, 65, digest, sizeof digest);
}

void sl_digest_free(sl_digest *d)
{
    if (!d)
        return;
    if (d->thread_started) {
        pthread_mutex_lock(&d->mu);
        d->stop = true;
        pthread_cond_broadcast(&d->changed);
        pthread_mutex_unlock(&d->mu);
        pthread_join(d->thread, NULL);
    }
    if (d->sync_ready) {
        pthread_cond_destroy(&d->changed);
        pthread_mutex_destroy(&d->mu);
    }
    for (int i = 0; i < DIGEST_BUFFERS; i++)
        sl_free(d->buf[i]);
    sl_free(d);
}
