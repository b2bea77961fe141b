/*
 * logboek_writer.c - group commit for the processing log (see logboek_writer.h).
 */
#include "service/logboek_writer.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "service/log.h"
#include "service/logboek.h"
#include "store/log_store.h"

#define PER_SUBMISSION 16
/* Records per transaction at most: a burst is cut into several commits rather
 * than one transaction that keeps the write lock for long. */
#define BATCH_RECORDS 1024
/* How often the checkpointer looks whether commits were made since its last
 * checkpoint: often enough that the look log's WAL stays small (a few
 * thousand pages at the highest commit rate), rarely enough to cost nothing. */
#define CHECKPOINT_MS 50

typedef struct submission {
    struct submission *next;
    sl_log_done_cb done;
    void *ctx;
    size_t n;
    sl_log_record recs[];
} submission;

struct sl_log_writer {
    sl_store *st;
    sl_log_commit_cb on_commit;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    submission *head, *tail;
    bool stopping;
    int64_t batches, records;
    sl_log_record *buf; /* the batch being committed (writer thread only) */
    size_t cap;
    /* the checkpointer: its own handle and thread, off the commit path */
    sl_store *cp_st;
    pthread_t cp_thread;
    pthread_cond_t cp_wake;
};

/* Copies the records of a list of submissions into the writer's buffer, in
 * the order handed over: that is their order in the chain. */
static bool gather(sl_log_writer *w, submission *list, size_t *n_records)
{
    size_t n = 0;
    for (submission *s = list; s; s = s->next)
        n += s->n;
    if (n > w->cap) {
        sl_log_record *bigger = sl_realloc(w->buf, n * sizeof *bigger);
        if (!bigger)
            return sl_store_fail(w->st, "logboek: onvoldoende geheugen voor een groep");
        w->buf = bigger;
        w->cap = n;
    }
    n = 0;
    for (submission *s = list; s; s = s->next) {
        memcpy(w->buf + n, s->recs, s->n * sizeof s->recs[0]);
        n += s->n;
    }
    *n_records = n;
    return true;
}

/* One durable append for the whole list; false leaves nothing written. */
static bool commit_list(sl_log_writer *w, submission *list, size_t *n_records)
{
    return gather(w, list, n_records) &&
           sl_store_log_append_durable(w->st, w->buf, *n_records, sl_logboek_link);
}

static void count(sl_log_writer *w, size_t records)
{
    if (w->on_commit)
        w->on_commit(records);
    pthread_mutex_lock(&w->mu);
    w->batches++;
    w->records += (int64_t)records;
    pthread_mutex_unlock(&w->mu);
}

static void run_batch(sl_log_writer *w, submission *batch)
{
    size_t n;
    bool ok = commit_list(w, batch, &n);
    if (ok) {
        count(w, n);
    } else if (batch->next) {
        /* one request's failure must not fail the others: each again on its own */
        for (submission *s = batch; s; s = s->next) {
            submission *next = s->next;
            s->next = NULL;
            bool alone = commit_list(w, s, &n);
            if (alone)
                count(w, n);
            else
                sl_log(SL_LOG_ERROR, "logboek", "batch not committed: %s", sl_store_errmsg(w->st));
            s->done(s->ctx, alone);
            s->next = next;
        }
        goto free_all;
    } else {
        sl_log(SL_LOG_ERROR, "logboek", "batch not committed: %s", sl_store_errmsg(w->st));
    }
    for (submission *s = batch; s; s = s->next)
        s->done(s->ctx, ok);
free_all:
    while (batch) {
        submission *next = batch->next;
        sl_free(batch);
        batch = next;
    }
}

static void *writer_main(void *arg)
{
    sl_log_writer *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->head && !w->stopping)
            pthread_cond_wait(&w->wake, &w->mu);
        if (!w->head)
            break; /* stopping, and everything handed over is done */
        /* everything that queued while the last commit was syncing, up to a bound */
        submission *batch = w->head, *last = batch;
        size_t records = last->n;
        while (last->next && records + last->next->n <= BATCH_RECORDS) {
            last = last->next;
            records += last->n;
        }
        w->head = last->next;
        if (!w->head)
            w->tail = NULL;
        last->next = NULL;
        pthread_mutex_unlock(&w->mu);
        run_batch(w, batch);
        pthread_mutex_lock(&w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

static void free_writer(sl_log_writer *w)
{
    pthread_cond_destroy(&w->cp_wake);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->mu);
    sl_store_close(w->cp_st);
    sl_store_close(w->st);
    sl_free(w->buf);
    sl_free(w);
}

/* Refuses new submissions; the writer commits every one handed over before it
 * ends. with_checkpointer: that thread was started too. */
static void stop_threads(sl_log_writer *w, bool with_checkpointer)
{
    pthread_mutex_lock(&w->mu);
    w->stopping = true;
    pthread_cond_signal(&w->wake);
    pthread_cond_signal(&w->cp_wake);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    if (with_checkpointer)
        pthread_join(w->cp_thread, NULL);
}

/* Settles committed looks into the look log's file (sl_store_log_checkpoint)
 * beside the writer, so that no commit, and no look waiting for one, pays for it. */
static void *checkpointer_main(void *arg)
{
    sl_log_writer *w = arg;
    int64_t settled = 0;
    pthread_mutex_lock(&w->mu);
    while (!w->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += CHECKPOINT_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&w->cp_wake, &w->mu, &until);
        if (w->stopping || w->batches == settled)
            continue;
        settled = w->batches;
        pthread_mutex_unlock(&w->mu);
        if (!sl_store_log_checkpoint(w->cp_st))
            sl_log(SL_LOG_WARN, "logboek", "checkpoint: %s", sl_store_errmsg(w->cp_st));
        pthread_mutex_lock(&w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

bool sl_log_writer_start(const char *db, sl_log_commit_cb on_commit, sl_log_writer **out,
                         char *err, size_t errcap)
{
    *out = NULL;
    sl_log_writer *w = sl_calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errcap, "onvoldoende geheugen");
        return false;
    }
    w->on_commit = on_commit;
    if (!sl_store_open_looks(db, &w->st, err, errcap)) {
        sl_free(w);
        return false;
    }
    if (!sl_store_open_looks(db, &w->cp_st, err, errcap)) {
        sl_store_close(w->st);
        sl_free(w);
        return false;
    }
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->wake, NULL);
    pthread_cond_init(&w->cp_wake, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        snprintf(err, errcap, "logboekschrijver starten mislukt");
        free_writer(w);
        return false;
    }
    if (pthread_create(&w->cp_thread, NULL, checkpointer_main, w) != 0) {
        snprintf(err, errcap, "logboekschrijver starten mislukt");
        stop_threads(w, false);
        free_writer(w);
        return false;
    }
    (void)pthread_setname_np(w->thread, "sl-logboek");
    (void)pthread_setname_np(w->cp_thread, "sl-logboek-cp");
    *out = w;
    return true;
}

bool sl_log_writer_submit(sl_log_writer *w, const sl_log_record *recs, size_t n,
                          sl_log_done_cb done, void *ctx)
{
    if (!w || n == 0 || n > PER_SUBMISSION || !done)
        return false;
    submission *s = sl_malloc(sizeof *s + n * sizeof s->recs[0]);
    if (!s)
        return false;
    s->next = NULL;
    s->done = done;
    s->ctx = ctx;
    s->n = n;
    memcpy(s->recs, recs, n * sizeof recs[0]);
    pthread_mutex_lock(&w->mu);
    if (w->stopping) {
        pthread_mutex_unlock(&w->mu);
        sl_free(s);
        return false;
    }
    if (w->tail)
        w->tail->next = s;
    else
        w->head = s;
    w->tail = s;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->mu);
    return true;
}

void sl_log_writer_stop(sl_log_writer *w)
{
    if (!w)
        return;
    stop_threads(w, true);
    free_writer(w);
}

void sl_log_writer_counts(sl_log_writer *w, int64_t *batches, int64_t *records)
{
    pthread_mutex_lock(&w->mu);
    *batches = w->batches;
    *records = w->records;
    pthread_mutex_unlock(&w->mu);
}
