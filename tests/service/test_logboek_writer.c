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
#include "store/log_store.h"

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

typedef struct collected {
    sl_log_record r[4];
    int n;
} collected;

static bool collect_cb(void *ctx, const sl_log_record *r)
{
    collected *c = ctx;
    if (c->n < 4)
        c->r[c->n] = *r;
    c->n++;
    return true;
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

/* A new, empty register (and look log) with the done counters at zero. */
static sl_store *fresh_register(void)
{
    tmp_register_clear();
    atomic_store(&done_ok, 0);
    atomic_store(&done_failed, 0);
    sl_store *st;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    return st;
}

static void test_group_commit(void **state)
{
    (void)state;
    char err[256];
    sl_store *st = fresh_register();
    sl_log_writer *w;
    assert_true(sl_log_writer_start(db, NULL, &w, err, sizeof err));

    /* another writer holds the look log's lock, as a commit under way would */
    sl_store *other;
    assert_true(sl_store_open_looks(db, &other, err, sizeof err));
    assert_true(sl_store_begin(other));
    sl_log_record r[2];
    prepared(st, &r[0]);
    prepared(st, &r[1]);
    for (int i = 0; i < 10; i++)
        assert_true(sl_log_writer_submit(w, r, i % 2 ? 2 : 1, on_done, NULL));
    sleep_ms(200);
    /* nothing is committed yet, so nobody may answer yet */
    assert_int_equal(atomic_load(&done_ok) + atomic_load(&done_failed), 0);
    assert_true(sl_store_commit(other));
    sl_store_close(other);

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
    char err[256];
    sl_store *st = fresh_register();
    sl_log_writer *w;
    assert_true(sl_log_writer_start(db, NULL, &w, err, sizeof err));
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

/*
 * The writer's records are the look log's chain: a register write in progress
 * does not hold them up, the register's own chain stays as it was, and a
 * register handle lists both chains by time and verifies each.
 */
static void test_looks_have_their_own_chain(void **state)
{
    (void)state;
    char err[256];
    sl_store *st = fresh_register();
    sl_log_writer *w;
    assert_true(sl_log_writer_start(db, NULL, &w, err, sizeof err));
    sl_log_entry change = {.actor = &zb, .doel = "samenloop", .grondslag = "eigen_organisatie",
                           .categorieen = "schades:status", .address_id = 1979200000000001,
                           .actie = "wijziging"};
    assert_true(sl_store_begin(st));
    assert_true(sl_logboek_append(st, &change, NULL));
    sl_log_record r;
    prepared(st, &r);
    assert_true(sl_log_writer_submit(w, &r, 1, on_done, NULL));
    assert_true(sl_log_writer_submit(w, &r, 1, on_done, NULL));
    /* committed while the register's transaction is still open */
    wait_for(2);
    assert_int_equal(atomic_load(&done_ok), 2);
    assert_true(sl_store_commit(st));
    sl_log_writer_stop(w);

    sl_logboek_check check;
    assert_true(sl_logboek_verify(st, &check));
    assert_int_equal(check.first_broken, 0);
    assert_int_equal(check.records, 3);
    assert_int_equal(check.chain_records[SL_KETEN_REGISTER], 1);
    assert_int_equal(check.chain_records[SL_KETEN_INZAGE], 2);
    assert_int_equal(strlen(check.head[SL_KETEN_INZAGE]), 64);

    /* by time: the change was logged first; each chain numbers from 1 */
    collected seen = {.n = 0};
    assert_true(sl_store_log_scan(st, 1979200000000001, collect_cb, &seen));
    assert_int_equal(seen.n, 3);
    assert_int_equal(seen.r[0].keten, SL_KETEN_REGISTER);
    assert_string_equal(seen.r[0].actie, "wijziging");
    assert_int_equal(seen.r[1].keten, SL_KETEN_INZAGE);
    assert_int_equal(seen.r[1].id, 1);
    assert_int_equal(seen.r[2].id, 2);
    sl_store_close(st);

    /* the look log's records sit in its own file, not in the register */
    sqlite3 *raw;
    char looks[300];
    snprintf(looks, sizeof looks, "%s-inzage", db);
    assert_int_equal(sqlite3_open(looks, &raw), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(raw, "SELECT count(*) FROM logboek", -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 2);
    sqlite3_finalize(s);
    /* tampering in the look log names that chain */
    assert_int_equal(sqlite3_exec(raw,
                                  "DROP TRIGGER logboek_geen_wijziging;"
                                  " UPDATE logboek SET gebruiker = 'iemand' WHERE id = 2",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(raw);
    assert_true(sl_store_open(db, &st, err, sizeof err));
    assert_true(sl_logboek_verify(st, &check));
    assert_int_equal(check.first_broken, 2);
    assert_int_equal(check.broken, SL_KETEN_INZAGE);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_commit),
        cmocka_unit_test(test_failure_is_per_request),
        cmocka_unit_test(test_looks_have_their_own_chain),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
