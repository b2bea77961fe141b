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
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "service/logboek.h"
#include "service/logboek_writer.h"
#include "store/log_store.h"

#include "test_sql.h"
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

    /* the look log's records sit in its own file (schema), not in the register */
    char looks[300];
    test_sql_looks(db, looks, sizeof looks);
    assert_int_equal(test_sql_int(looks, "SELECT count(*) FROM logboek"), 2);
    /* tampering in the look log names that chain */
    test_sql_exec(looks, test_sql_is_pg(db)
                             ? TEST_SQL_UNGUARDED "UPDATE logboek SET gebruiker = 'iemand' WHERE id = 2"
                             : "DROP TRIGGER logboek_geen_wijziging;"
                               " UPDATE logboek SET gebruiker = 'iemand' WHERE id = 2");
    assert_true(sl_store_open(db, &st, err, sizeof err));
    assert_true(sl_logboek_verify(st, &check));
    assert_int_equal(check.first_broken, 2);
    assert_int_equal(check.broken, SL_KETEN_INZAGE);
    sl_store_close(st);
}

/* ---- the guarantee: durable before "done", in chain order under concurrency ---- */

/* Counts the look log's records with this trace id through a connection of its
 * own: what another process, or the register after a crash, would find. */
static int logged_elsewhere(const char *trace_id)
{
    char looks[300], sql[200], n[32];
    test_sql_looks(db, looks, sizeof looks);
    /* the trace ids are the test's own, without quotes */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM logboek WHERE trace_id = '%s'", trace_id);
    return test_sql_try_text(looks, sql, n, sizeof n) && n[0] ? (int)strtol(n, NULL, 10) : -1;
}

typedef struct look {
    char trace_id[SL_LOG_TRACE_CAP];
    int records;       /* handed over */
    int found_at_done; /* found by another connection when "done" came */
    atomic_bool done;
} look;

static void on_done_check(void *ctx, bool ok)
{
    look *l = ctx;
    l->found_at_done = ok ? logged_elsewhere(l->trace_id) : -1;
    atomic_store(&l->done, true);
    on_done(NULL, ok);
}

/* Whoever is told "done" finds every record of the submission committed in
 * the look log through a connection of its own, for every submission of a burst. */
static void test_records_are_committed_when_done(void **state)
{
    (void)state;
    char err[256];
    sl_store *st = fresh_register();
    sl_log_writer *w;
    assert_true(sl_log_writer_start(db, NULL, &w, err, sizeof err));
    enum { LOOKS = 40 };
    static look looks[LOOKS];
    for (int i = 0; i < LOOKS; i++) {
        sl_log_record r[2];
        prepared(st, &r[0]);
        prepared(st, &r[1]);
        looks[i] = (look){.records = 1 + i % 2};
        snprintf(looks[i].trace_id, sizeof looks[i].trace_id, "look-%d", i);
        for (int k = 0; k < looks[i].records; k++)
            memcpy(r[k].trace_id, looks[i].trace_id, sizeof r[k].trace_id);
        assert_true(sl_log_writer_submit(w, r, (size_t)looks[i].records, on_done_check,
                                         &looks[i]));
    }
    wait_for(LOOKS);
    for (int i = 0; i < LOOKS; i++) {
        assert_true(atomic_load(&looks[i].done));
        assert_int_equal(looks[i].found_at_done, looks[i].records);
    }
    sl_log_writer_stop(w);
    sl_store_close(st);
}

enum { SUBMITTERS = 8, PER_SUBMITTER = 60 };

typedef struct submitter {
    pthread_t thread;
    int no;
    sl_store *st; /* for sl_logboek_prepare's messages only */
} submitter;

static sl_log_writer *shared_writer;

/* Hands over PER_SUBMITTER submissions of one or two records, named
 * "s<no>-<seq>", without waiting for any of them. */
static void *submit_many(void *arg)
{
    submitter *me = arg;
    for (int seq = 0; seq < PER_SUBMITTER; seq++) {
        sl_log_record r[2];
        prepared(me->st, &r[0]);
        prepared(me->st, &r[1]);
        size_t n = 1 + (size_t)((seq + me->no) % 2);
        for (size_t k = 0; k < n; k++)
            snprintf(r[k].trace_id, sizeof r[k].trace_id, "s%d-%d", me->no, seq);
        if (!sl_log_writer_submit(shared_writer, r, n, on_done, NULL))
            return "submit refused";
    }
    return NULL;
}

typedef struct chain_seen {
    int64_t next_id;
    int last_seq[SUBMITTERS];
    char last_trace[SL_LOG_TRACE_CAP];
    int records, out_of_order;
} chain_seen;

static bool chain_cb(void *ctx, const sl_log_record *r)
{
    chain_seen *c = ctx;
    int no, seq;
    if (r->id != c->next_id++ || sscanf(r->trace_id, "s%d-%d", &no, &seq) != 2 || no < 0 ||
        no >= SUBMITTERS) {
        c->out_of_order++;
        return true;
    }
    /* a submission's second record follows its first at once; each submitter's
     * submissions are in the chain in the order it handed them over */
    if (strcmp(r->trace_id, c->last_trace) != 0) {
        if (seq != c->last_seq[no] + 1)
            c->out_of_order++;
        c->last_seq[no] = seq;
    }
    snprintf(c->last_trace, sizeof c->last_trace, "%s", r->trace_id);
    c->records++;
    return true;
}

static void test_chain_order_under_concurrency(void **state)
{
    (void)state;
    char err[256];
    sl_store *st = fresh_register();
    assert_true(sl_log_writer_start(db, NULL, &shared_writer, err, sizeof err));
    submitter subs[SUBMITTERS];
    for (int i = 0; i < SUBMITTERS; i++) {
        subs[i] = (submitter){.no = i, .st = st};
        assert_int_equal(pthread_create(&subs[i].thread, NULL, submit_many, &subs[i]), 0);
    }
    int expected = 0;
    for (int i = 0; i < SUBMITTERS; i++) {
        void *why;
        assert_int_equal(pthread_join(subs[i].thread, &why), 0);
        assert_null(why);
        for (int seq = 0; seq < PER_SUBMITTER; seq++)
            expected += 1 + (seq + i) % 2;
    }
    wait_for(SUBMITTERS * PER_SUBMITTER);
    int64_t batches, records;
    sl_log_writer_counts(shared_writer, &batches, &records);
    sl_log_writer_stop(shared_writer);
    assert_int_equal(atomic_load(&done_ok), SUBMITTERS * PER_SUBMITTER);
    assert_int_equal(records, expected);
    assert_true(batches < SUBMITTERS * PER_SUBMITTER); /* grouped, not one commit each */

    chain_seen seen = {.next_id = 1};
    for (int i = 0; i < SUBMITTERS; i++)
        seen.last_seq[i] = -1;
    assert_true(sl_store_log_chain(st, SL_KETEN_INZAGE, chain_cb, &seen));
    assert_int_equal(seen.out_of_order, 0);
    assert_int_equal(seen.records, expected);
    for (int i = 0; i < SUBMITTERS; i++)
        assert_int_equal(seen.last_seq[i], PER_SUBMITTER - 1);
    sl_logboek_check check;
    assert_true(sl_logboek_verify(st, &check));
    assert_int_equal(check.first_broken, 0);
    sl_store_close(st);
}

/* The store operation itself: in a transaction of its own, all or nothing. */
static bool link_and_fail(sl_store *st, sl_log_record *recs, size_t n, int64_t last_id,
                          const char *last_hash)
{
    (void)recs, (void)n, (void)last_id, (void)last_hash;
    return sl_store_fail(st, "test: linking refused");
}

static void test_append_durable_is_all_or_nothing(void **state)
{
    (void)state;
    char err[256];
    sl_store *reg = fresh_register();
    sl_store *st;
    assert_true(sl_store_open_looks(db, &st, err, sizeof err));
    sl_log_record r[3];
    for (int i = 0; i < 3; i++)
        prepared(reg, &r[i]);
    assert_true(sl_store_log_append_durable(st, r, 2, sl_logboek_link));
    assert_int_equal(r[0].id, 1);
    assert_int_equal(r[1].id, 2);
    assert_string_equal(r[1].vorige_hash, r[0].hash);
    /* never inside the caller's transaction: its commit would decide durability */
    assert_true(sl_store_begin(st));
    assert_false(sl_store_log_append_durable(st, &r[2], 1, sl_logboek_link));
    sl_store_rollback(st);
    /* a failure while linking leaves nothing, and the next append follows record 2 */
    assert_false(sl_store_log_append_durable(st, &r[2], 1, link_and_fail));
    /* one refused record (CHECK on actie) takes the whole batch back */
    snprintf(r[1].actie, sizeof r[1].actie, "verwijdering");
    assert_false(sl_store_log_append_durable(st, r, 2, sl_logboek_link));
    assert_true(sl_store_log_append_durable(st, &r[2], 1, sl_logboek_link));
    assert_int_equal(r[2].id, 3);
    sl_store_close(st);
    sl_logboek_check check;
    assert_true(sl_logboek_verify(reg, &check));
    assert_int_equal(check.first_broken, 0);
    assert_int_equal(check.chain_records[SL_KETEN_INZAGE], 3);
    sl_store_close(reg);
}

/* Records in the look log's file itself, ignoring its WAL (immutable=1): what
 * a checkpoint has settled there. */
static int settled_in_file(void)
{
    char uri[320];
    snprintf(uri, sizeof uri, "file:%s-inzage?immutable=1", db);
    sqlite3 *raw;
    sqlite3_stmt *s;
    int n = -1;
    if (sqlite3_open_v2(uri, &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(raw, "SELECT count(*) FROM logboek", -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW)
            n = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
    }
    sqlite3_close(raw);
    return n;
}

static long wal_bytes(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s-inzage-wal", db);
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : 0;
}

typedef struct checkpointing {
    sl_store *st;
    atomic_bool stop;
    bool ok;
} checkpointing;

/* Checkpoints without pause, as a checkpointer beside a busy writer does. */
static void *checkpoint_often(void *arg)
{
    checkpointing *cp = arg;
    cp->ok = true;
    while (!atomic_load(&cp->stop)) {
        cp->ok = cp->ok && sl_store_log_checkpoint(cp->st);
        sleep_ms(1);
    }
    return NULL;
}

/*
 * The writer's checkpointer settles committed records into the look log's file
 * while the writer runs; and under appends that never pause, with checkpoints
 * from another handle beside them, the WAL is still written from its start
 * again rather than growing with every record (a passive checkpoint beside a
 * busy writer never finishes by itself).
 */
static void test_checkpoints_beside_the_commits(void **state)
{
    (void)state;
    if (test_sql_is_pg(db))
        skip(); /* SQLite's WAL and its checkpoints; PostgreSQL checkpoints by itself */
    char err[256];
    sl_store *st = fresh_register();
    sl_log_record r[16];
    for (int i = 0; i < 16; i++)
        prepared(st, &r[i]);

    sl_log_writer *w;
    assert_true(sl_log_writer_start(db, NULL, &w, err, sizeof err));
    for (int i = 0; i < 10; i++)
        assert_true(sl_log_writer_submit(w, r, 2, on_done, NULL));
    wait_for(10);
    int settled = 0;
    for (int i = 0; i < 100 && (settled = settled_in_file()) != 20; i++)
        sleep_ms(10);
    assert_int_equal(settled, 20); /* a WAL of a few pages: only the checkpointer copies it */
    sl_log_writer_stop(w);

    sl_store *appender;
    assert_true(sl_store_open_looks(db, &appender, err, sizeof err));
    checkpointing cp = {.stop = false};
    assert_true(sl_store_open_looks(db, &cp.st, err, sizeof err));
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, checkpoint_often, &cp), 0);
    long most = 0;
    for (int i = 0; i < 1500; i++) {
        assert_true(sl_store_log_append_durable(appender, r, 16, sl_logboek_link));
        long now = wal_bytes();
        most = now > most ? now : most;
    }
    atomic_store(&cp.stop, true);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_true(cp.ok);
    /* some 4,500 pages were written: without a restart the WAL would hold them all */
    assert_true(most < 16L * 1024 * 1024);
    sl_store_close(cp.st);
    sl_store_close(appender);
    sl_logboek_check check;
    assert_true(sl_logboek_verify(st, &check));
    assert_int_equal(check.first_broken, 0);
    assert_int_equal(check.chain_records[SL_KETEN_INZAGE], 20 + 1500 * 16);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_commit),
        cmocka_unit_test(test_failure_is_per_request),
        cmocka_unit_test(test_looks_have_their_own_chain),
        cmocka_unit_test(test_records_are_committed_when_done),
        cmocka_unit_test(test_chain_order_under_concurrency),
        cmocka_unit_test(test_append_durable_is_all_or_nothing),
        cmocka_unit_test(test_checkpoints_beside_the_commits),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
