/*
 * test_outbox.c - the outbox handed to workers (store/signals_store.h,
 * service/outbox.h, decision 178), on whichever store the run uses (make
 * test-pg runs it on PostgreSQL): oldest first and never the same event to two
 * workers, also when several connections claim at once; a lapsed lease is
 * claimed again and its old holder can no longer settle it; a failed event
 * waits for its retry time; a delivered one is never handed out again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "service/outbox.h"
#include "store/signals_store.h"
#include "tmp_register.h"

static sl_store *open_register(void)
{
    sl_store *st = NULL;
    char err[256];
    if (!sl_store_open(db, &st, err, sizeof err))
        fail_msg("open: %s", err);
    return st;
}

/* A fresh register with n events, sleutel "1".."n". */
static sl_store *with_events(int n)
{
    tmp_register_clear();
    sl_store *st = open_register();
    assert_true(sl_store_begin(st));
    for (int i = 1; i <= n; i++) {
        char key[16], data[32];
        snprintf(key, sizeof key, "%d", i);
        snprintf(data, sizeof data, "{\"n\":%d}", i);
        if (!sl_store_outbox_add(st, "signaal.aangemaakt", "signaal", key, data))
            fail_msg("outbox_add: %s", sl_store_errmsg(st));
    }
    if (!sl_store_commit(st))
        fail_msg("commit: %s", sl_store_errmsg(st));
    return st;
}

static void claim(sl_store *st, const char *who, int max, int64_t lease_ms, sl_outbox_batch *b)
{
    if (!sl_store_outbox_claim(st, who, max, lease_ms, b))
        fail_msg("claim: %s", sl_store_errmsg(st));
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static void claims_go_oldest_first_and_never_twice(void **state)
{
    (void)state;
    sl_store *st = with_events(5);
    sl_outbox_batch a, b, c;
    claim(st, "w1", 3, 60000, &a);
    claim(st, "w2", 3, 60000, &b);
    claim(st, "w3", 3, 60000, &c);
    assert_int_equal(a.n, 3);
    assert_int_equal(b.n, 2);
    assert_int_equal(c.n, 0);
    for (size_t i = 0; i < a.n; i++)
        assert_int_equal(strtol(a.items[i].sleutel, NULL, 10), (long)i + 1);
    assert_string_equal(b.items[0].sleutel, "4");
    assert_string_equal(b.items[1].gegevens, "{\"n\":5}");
    assert_string_equal(b.items[1].soort, "signaal.aangemaakt");
    assert_int_equal(b.items[1].pogingen, 1);
    /* moments as the SQLite store writes the outbox's: ISO 8601 UTC, milliseconds */
    assert_int_equal(strlen(a.items[0].aangemaakt_op), 24);

    /* delivered: settled once, by its holder only, and never handed out again */
    bool held = true;
    assert_true(sl_store_outbox_delivered(st, a.items[0].id, "w2", &held));
    assert_false(held);
    assert_true(sl_store_outbox_delivered(st, a.items[0].id, "w1", &held));
    assert_true(held);
    assert_true(sl_store_outbox_delivered(st, a.items[0].id, "w1", &held));
    assert_false(held);
    sl_outbox_batch_free(&a);
    sl_outbox_batch_free(&b);
    sl_outbox_batch_free(&c);
    sl_store_close(st);
}

static void a_lapsed_lease_is_claimed_again(void **state)
{
    (void)state;
    sl_store *st = with_events(2);
    sl_outbox_batch a, b, c;
    claim(st, "w1", 1, 150, &a);
    claim(st, "w2", 5, 60000, &b);
    assert_int_equal(b.n, 1); /* w1's event is still held */
    assert_string_equal(b.items[0].sleutel, "2");
    sleep_ms(400);
    claim(st, "w3", 5, 60000, &c);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.items[0].id, a.items[0].id);
    assert_int_equal(c.items[0].pogingen, 2);
    /* the worker whose lease lapsed can no longer say anything about it */
    bool held = true;
    assert_true(sl_store_outbox_delivered(st, a.items[0].id, "w1", &held));
    assert_false(held);
    assert_true(sl_store_outbox_failed(st, a.items[0].id, "w1", 0, "te laat", &held));
    assert_false(held);
    assert_true(sl_store_outbox_delivered(st, c.items[0].id, "w3", &held));
    assert_true(held);
    sl_outbox_batch_free(&a);
    sl_outbox_batch_free(&b);
    sl_outbox_batch_free(&c);
    sl_store_close(st);
}

static void a_failed_event_waits_for_its_retry(void **state)
{
    (void)state;
    sl_store *st = with_events(1);
    sl_outbox_batch a, b, c;
    claim(st, "w1", 1, 60000, &a);
    bool held = false;
    assert_true(sl_store_outbox_failed(st, a.items[0].id, "w1", 300, "abonnee onbereikbaar",
                                       &held));
    assert_true(held);
    claim(st, "w2", 1, 60000, &b);
    assert_int_equal(b.n, 0); /* not before its retry time */
    sleep_ms(500);
    claim(st, "w2", 1, 60000, &c);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.items[0].pogingen, 2);
    sl_outbox_batch_free(&a);
    sl_outbox_batch_free(&b);
    sl_outbox_batch_free(&c);
    sl_store_close(st);
}

static void a_claim_is_its_own_transaction(void **state)
{
    (void)state;
    sl_store *st = with_events(1);
    sl_outbox_batch a;
    assert_true(sl_store_begin(st));
    assert_false(sl_store_outbox_claim(st, "w1", 1, 60000, &a));
    assert_non_null(strstr(sl_store_errmsg(st), "binnen een transactie"));
    sl_store_rollback(st);
    /* nor inside a read snapshot (a request's reads) */
    assert_true(sl_store_read_begin(st));
    assert_false(sl_store_outbox_claim(st, "w1", 1, 60000, &a));
    sl_store_read_end(st);
    assert_true(sl_store_outbox_claim(st, "w1", 1, 60000, &a));
    assert_int_equal(a.n, 1);
    sl_outbox_batch_free(&a);
    sl_store_close(st);
}

/* ---- many connections at once -------------------------------------------- */

enum { WORKERS = 6, EVENTS = 300, BATCH = 4 };

typedef struct worker {
    int index;
    int64_t got[EVENTS];
    int n;
    char err[256];
} worker;

static pthread_barrier_t start;

static void *work(void *arg)
{
    worker *w = arg;
    sl_store *st = NULL;
    char name[16];
    snprintf(name, sizeof name, "w%d", w->index);
    if (!sl_store_open(db, &st, w->err, sizeof w->err)) {
        pthread_barrier_wait(&start);
        return NULL;
    }
    pthread_barrier_wait(&start);
    for (;;) {
        sl_outbox_batch b;
        if (!sl_store_outbox_claim(st, name, BATCH, 60000, &b)) {
            snprintf(w->err, sizeof w->err, "%s", sl_store_errmsg(st));
            break;
        }
        size_t n = b.n;
        for (size_t i = 0; i < n && w->n < EVENTS; i++) {
            bool held = false;
            w->got[w->n++] = b.items[i].id;
            if (!sl_store_outbox_delivered(st, b.items[i].id, name, &held) || !held)
                snprintf(w->err, sizeof w->err, "event %lld not held by %s",
                         (long long)b.items[i].id, name);
        }
        sl_outbox_batch_free(&b);
        if (n == 0 || w->err[0])
            break;
    }
    sl_store_close(st);
    return NULL;
}

static void connections_claiming_at_once_share_without_overlap(void **state)
{
    (void)state;
    sl_store *st = with_events(EVENTS);
    static worker ws[WORKERS];
    pthread_t t[WORKERS];
    pthread_barrier_init(&start, NULL, WORKERS);
    for (int i = 0; i < WORKERS; i++) {
        memset(&ws[i], 0, sizeof ws[i]);
        ws[i].index = i;
        assert_int_equal(pthread_create(&t[i], NULL, work, &ws[i]), 0);
    }
    for (int i = 0; i < WORKERS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);

    static int seen[EVENTS + 1];
    memset(seen, 0, sizeof seen);
    int total = 0, busy = 0;
    for (int i = 0; i < WORKERS; i++) {
        if (ws[i].err[0])
            fail_msg("worker %d: %s", i, ws[i].err);
        busy += ws[i].n > 0;
        for (int k = 0; k < ws[i].n; k++) {
            int64_t id = ws[i].got[k];
            assert_true(id >= 1 && id <= EVENTS);
            if (seen[id]++)
                fail_msg("event %lld handed out twice", (long long)id);
            total++;
        }
    }
    assert_int_equal(total, EVENTS);
    assert_true(busy > 1); /* the work was shared, not done by one */
    sl_outbox_batch b;
    claim(st, "w9", 10, 60000, &b);
    assert_int_equal(b.n, 0);
    sl_store_close(st);
}

/* ---- the service's checks and the JSON a worker reads ------------------------ */

static void the_service_checks_what_a_worker_asks(void **state)
{
    (void)state;
    sl_store *st = with_events(1);
    sl_outbox_batch b;
    char err[256];
    bool held;
    assert_false(sl_outbox_take(st, "", 1, 60, &b, err, sizeof err));
    assert_false(sl_outbox_take(st, "w1", 0, 60, &b, err, sizeof err));
    assert_false(sl_outbox_take(st, "w1", 1, 0, &b, err, sizeof err));
    assert_false(sl_outbox_give_back(st, 1, "w1", 60, "", &held, err, sizeof err));
    assert_true(sl_outbox_take(st, "w1", 1, 60, &b, err, sizeof err));
    assert_int_equal(b.n, 1);
    char *line = sl_outbox_message_json(&b.items[0]);
    assert_non_null(line);
    assert_non_null(strstr(line, "\"soort\":\"signaal.aangemaakt\""));
    assert_non_null(strstr(line, "\"gegevens\":{\"n\":1}"));
    assert_non_null(strstr(line, "\"pogingen\":1"));
    sl_free(line);
    assert_true(sl_outbox_done(st, b.items[0].id, "w1", &held, err, sizeof err));
    assert_true(held);
    sl_outbox_batch_free(&b);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(claims_go_oldest_first_and_never_twice),
        cmocka_unit_test(a_lapsed_lease_is_claimed_again),
        cmocka_unit_test(a_failed_event_waits_for_its_retry),
        cmocka_unit_test(a_claim_is_its_own_transaction),
        cmocka_unit_test(connections_claiming_at_once_share_without_overlap),
        cmocka_unit_test(the_service_checks_what_a_worker_asks),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
