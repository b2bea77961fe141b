/*
 * test_logboek_writer.c - group commit of the processing log
 * (service/logboek_writer.h): records handed over while a commit is under
 * way go together into one transaction, nobody is told "done" before the
 * records are committed, the chain stays intact, and stopping commits
 * everything handed over.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "service/logboek.h"
#include "service/logboek_writer.h"
#include "store/logboek_store.h"
#include "store/store.h"

#include "tmp_register.h"

static const sl_actor zb = {.gebruiker = "K. Postma", .trace_id = "trace-zb",
                            .viewer = {.role = SL_ROLE_ZAAKBEGELEIDER, .org = SL_ACCOUNT_ORG_IMG}};

static atomic_int done_ok, done_failed;

static void on_done(void *ctx, bool ok)
{
    (void)ctx;
    atomic_fetch_add(ok ? &done_ok : &done_failed, 1);
}

static void prepared(sl_store *st, sl_log_record *r)
{
    sl_log_entry e = {.actor = &zb, .doel = "samenloop",
                      .grondslag = "wettelijke_taak_samenloop",
                      .categorieen = "traject:id,status", .address_id = 1979200000000001,
                      .actie = "inzage"};
    assert_true(sl_logboek_prepare(st, &e, r));
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static void wait_for(int n)
{
    for (int i = 0; i < 1000 && atomic_load(&done_ok) + atomic_load(&done_failed) < n; i++)
        sleep_ms(10);
}

static int setup(void **state)
{
    (void)state;
    return tmp_register_create();
}

static int teardown(void **state)
{
    (void)state;
    tmp_register_clear();
    rmdir(db_dir);
    return 0;
}

static void test_group_commit(void **state)
{
    (void)state;
    tmp_register_clear();
    atomic_store(&done_ok, 0);
    atomic_store(&done_failed, 0);
    sl_store *st;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    sl_log_writer *w;
    assert_true(sl_log_writer_start(db, &w, err, sizeof err));

    /* another writer holds the lock, as a commit under way would */
    assert_true(sl_store_begin(st));
    sl_log_record r[2];
    prepared(st, &r[0]);
    prepared(st, &r[1]);
    for (int i = 0; i < 10; i++)
        assert_true(sl_log_writer_submit(w, r, i % 2 ? 2 : 1, on_done, NULL));
    sleep_ms(200);
    /* nothing is committed yet, so nobody may answer yet */
    assert_int_equal(atomic_load(&done_ok) + atomic_load(&done_failed), 0);
    assert_true(sl_store_commit(st));

    wait_for(10);
    assert_int_equal(atomic_load(&done_ok), 10);
    assert_int_equal(atomic_load(&done_failed), 0);
    int64_t batches, records;
    sl_log_writer_counts(w, &batches, &records);
    assert_int_equal(records, 15);
    /* the first submission may have gone alone; the nine behind it share one commit */
    assert_true(batches <= 2);

    /* stopping commits what was handed over, and refuses nothing of it */
    for (int i = 0; i < 5; i++)
        assert_true(sl_log_writer_submit(w, r, 1, on_done, NULL));
    sl_log_writer_stop(w);
    assert_int_equal(atomic_load(&done_ok), 15);

    sl_logboek_check check;
    assert_true(sl_logboek_verify(st, &check));
    assert_int_equal(check.records, 20);
    assert_int_equal(check.first_broken, 0);
    sl_store_close(st);
}

/* A submission whose records cannot be appended fails alone, not its batch. */
static void test_failure_is_per_request(void **state)
{
    (void)state;
    tmp_register_clear();
    atomic_store(&done_ok, 0);
    atomic_store(&done_failed, 0);
    sl_store *st;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    sl_log_writer *w;
    assert_true(sl_log_writer_start(db, &w, err, sizeof err));
    sl_log_record good, bad;
    prepared(st, &good);
    prepared(st, &bad);
    /* the table's CHECK refuses an unknown action; prepare would have caught it */
    snprintf(bad.actie, sizeof bad.actie, "verwijdering");
    assert_true(sl_store_begin(st));
    assert_true(sl_log_writer_submit(w, &good, 1, on_done, NULL));
    assert_true(sl_log_writer_submit(w, &bad, 1, on_done, NULL));
    assert_true(sl_log_writer_submit(w, &good, 1, on_done, NULL));
    assert_true(sl_store_commit(st));
    wait_for(3);
    sl_log_writer_stop(w);
    sl_logboek_check check;
    assert_true(sl_logboek_verify(st, &check));
    assert_int_equal(check.first_broken, 0);
    assert_int_equal(atomic_load(&done_ok), 2);
    assert_int_equal(atomic_load(&done_failed), 1);
    assert_int_equal(check.records, 2);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_commit),
        cmocka_unit_test(test_failure_is_per_request),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
