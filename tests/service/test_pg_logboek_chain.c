/*
 * test_pg_logboek_chain.c - the processing log's hash chains on PostgreSQL
 * when many connections append at once (decision 152): eight register
 * handles and eight look-log handles, each on a thread and a connection of its
 * own, append to both chains together; afterwards both chains verify end to
 * end (ids without gaps, every link, every hash). The look-log handles append
 * as the server's group commit does (sl_store_log_append_durable, several
 * records a commit). The chain's own lock: an appender that finds the chain
 * locked by another session waits, then follows the record that session
 * committed. And a group's text comes back byte for byte, whatever it holds.
 * Last, the signals' scan in a read snapshot, where rows come through a cursor
 * in batches: a signal whose addressees straddle two batches is still one
 * signal with all of them.
 *
 * Needs SAMENLOOP_TEST_PG (make test-pg); skipped (77) without it, failed in CI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "service/logboek.h"
#include "store/log_store.h"
#include "store/signals_store.h"

#include "pg_only.h"
#include "tmp_register.h"

enum { WRITERS = 8, PER_WRITER = 40, PER_GROUP = 5 };

static const sl_actor zb = {.gebruiker = "K. Postma", .trace_id = "trace-pg",
                            .viewer = {.role = SL_ROLE_ZAAKBEGELEIDER, .org = SL_ACCOUNT_ORG_IMG}};

static const sl_log_entry look = {.actor = &zb, .doel = "samenloop",
                                  .grondslag = "wettelijke_taak_samenloop",
                                  .categorieen = "traject:id,status",
                                  .address_id = 14200000000001, .actie = "inzage"};

static bool append_one(sl_store *st, int64_t *id)
{
    return sl_store_begin(st) && sl_logboek_append(st, &look, id) && sl_store_commit(st);
}

/* PER_GROUP looks in one durable append, as the look writer commits them. */
static bool append_group(sl_store *st)
{
    sl_log_record r[PER_GROUP];
    for (int i = 0; i < PER_GROUP; i++)
        if (!sl_logboek_prepare(st, &look, &r[i]))
            return false;
    return sl_store_log_append_durable(st, r, PER_GROUP, sl_logboek_link);
}

typedef struct writer {
    pthread_t thread;
    bool looks;           /* a look-log handle: appends to the inzage chain */
    atomic_int *start;    /* all writers begin together */
    int appended;
    char err[256];
} writer;

static void *write_main(void *arg)
{
    writer *w = arg;
    sl_store *st = NULL;
    bool opened = w->looks ? sl_store_open_looks(db, &st, w->err, sizeof w->err)
                           : sl_store_open(db, &st, w->err, sizeof w->err);
    if (!opened)
        return NULL;
    while (!atomic_load(w->start))
        ;
    int step = w->looks ? PER_GROUP : 1;
    for (int i = 0; i < PER_WRITER; i += step) {
        if (!(w->looks ? append_group(st) : append_one(st, NULL))) {
            snprintf(w->err, sizeof w->err, "%s", sl_store_errmsg(st));
            sl_store_rollback(st);
            break;
        }
        w->appended += step;
    }
    sl_store_close(st);
    return NULL;
}

static sl_store *open_fresh(void)
{
    tmp_register_clear();
    sl_store *st = NULL;
    char err[256];
    if (!sl_store_open(db, &st, err, sizeof err))
        fail_msg("open: %s", err);
    return st;
}

static void many_connections_keep_both_chains_intact(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    atomic_int start = 0;
    writer w[2 * WRITERS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < 2 * WRITERS; i++) {
        w[i].looks = i % 2 == 1;
        w[i].start = &start;
        assert_int_equal(pthread_create(&w[i].thread, NULL, write_main, &w[i]), 0);
    }
    atomic_store(&start, 1);
    for (int i = 0; i < 2 * WRITERS; i++) {
        assert_int_equal(pthread_join(w[i].thread, NULL), 0);
        if (w[i].appended != PER_WRITER)
            fail_msg("writer %d appended %d of %d: %s", i, w[i].appended, PER_WRITER, w[i].err);
    }
    sl_logboek_check c;
    assert_true(sl_logboek_verify(st, &c));
    if (c.first_broken)
        fail_msg("chain %s broken at %lld: %s", sl_log_keten_name(c.broken),
                 (long long)c.first_broken, c.reden);
    assert_int_equal(c.chain_records[SL_KETEN_REGISTER], WRITERS * PER_WRITER);
    assert_int_equal(c.chain_records[SL_KETEN_INZAGE], WRITERS * PER_WRITER);
    int64_t ids[SL_KETEN_COUNT];
    char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP];
    assert_true(sl_store_log_heads(st, ids, hashes));
    assert_int_equal(ids[SL_KETEN_REGISTER], WRITERS * PER_WRITER);
    assert_int_equal(ids[SL_KETEN_INZAGE], WRITERS * PER_WRITER);
    assert_string_equal(hashes[SL_KETEN_REGISTER], c.head[SL_KETEN_REGISTER]);
    sl_store_close(st);
}

/* ---- the chain's lock on its own -------------------------------------------------- */

typedef struct waiting_append {
    sl_store *st;
    atomic_int finished;
    bool ok;
    int64_t id;
} waiting_append;

static void *append_main(void *arg)
{
    waiting_append *a = arg;
    a->ok = append_one(a->st, &a->id);
    atomic_store(&a->finished, 1);
    return NULL;
}

static PGresult *exec_ok(PGconn *c, const char *sql, int nparams, const char *const *values)
{
    PGresult *r = PQexecParams(c, sql, nparams, NULL, values, NULL, NULL, 0);
    ExecStatusType s = PQresultStatus(r);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    return r;
}

/*
 * Another session holds the register chain's lock (and only that: not the
 * store's writer lock) and appends record 1 by hand. The store's append waits
 * for the lock, and then reads the head that session committed: its record is
 * 2, after 1. Without the lock it would read an empty chain and fail.
 */
static void appender_waits_for_the_chain_lock(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    sl_log_entry e = {.actor = &zb, .doel = "samenloop",
                      .grondslag = "wettelijke_taak_samenloop", .categorieen = "traject:id",
                      .actie = "wijziging"};
    sl_log_record r;
    assert_true(sl_logboek_prepare(st, &e, &r));
    r.id = 1;
    memset(r.vorige_hash, '0', SL_LOG_HASH_CAP - 1);
    r.vorige_hash[SL_LOG_HASH_CAP - 1] = '\0';
    assert_true(sl_logboek_now(st, r.tijdstip));
    sl_logboek_hash(&r, r.hash);

    PGconn *other = PQconnectdb(db);
    assert_int_equal(PQstatus(other), CONNECTION_OK);
    PQclear(exec_ok(other, "BEGIN", 0, NULL));
    PQclear(exec_ok(other, "SELECT pg_advisory_xact_lock('logboek'::regclass::oid::bigint)", 0,
                    NULL));

    waiting_append a = {.st = st};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, append_main, &a), 0);
    struct timespec pause = {.tv_sec = 0, .tv_nsec = 400 * 1000 * 1000};
    nanosleep(&pause, NULL);
    assert_int_equal(atomic_load(&a.finished), 0); /* waiting for the chain */

    const char *values[] = {r.tijdstip, r.gebruiker, r.org,     r.rol,
                            r.doel,     r.grondslag, r.categorieen, r.actie,
                            r.trace_id, r.vorige_hash, r.hash};
    PQclear(exec_ok(other,
                    "INSERT INTO logboek (id, tijdstip, gebruiker, org, rol, doel, grondslag,"
                    " categorieen, actie, trace_id, vorige_hash, hash)"
                    " VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, decode($10, 'hex'),"
                    " decode($11, 'hex'))",
                    11, values));
    PQclear(exec_ok(other, "COMMIT", 0, NULL));
    PQfinish(other);

    assert_int_equal(pthread_join(t, NULL), 0);
    if (!a.ok)
        fail_msg("append after the lock: %s", sl_store_errmsg(st));
    assert_int_equal(a.id, 2);
    sl_logboek_check c;
    assert_true(sl_logboek_verify(st, &c));
    assert_int_equal(c.first_broken, 0);
    assert_int_equal(c.chain_records[SL_KETEN_REGISTER], 2);
    sl_store_close(st);
}

/* ---- a group's text --------------------------------------------------------------- */

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

/* The group commit writes its records as array literals: quotes, backslashes,
 * commas, braces, the word NULL and non-ASCII text are data, never syntax. */
static void group_text_comes_back_as_written(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    char err[256];
    sl_store *looks = NULL;
    if (!sl_store_open_looks(db, &looks, err, sizeof err))
        fail_msg("open looks: %s", err);
    static const char *const gegevens[] = {
        "{\"reden\":\"a \\\"b\\\" c\"}", "NULL", "{}", "Ee\\n, {}; \xc3\xa9\xc3\xa9n",
    };
    sl_actor odd = zb;
    odd.gebruiker = "J. \"de\" Vries, {O'Neill}";
    sl_log_record r[4];
    for (int i = 0; i < 4; i++) {
        sl_log_entry e = look;
        e.actor = &odd;
        e.gegevens = gegevens[i];
        e.address_id = i % 2 ? 0 : look.address_id;
        assert_true(sl_logboek_prepare(looks, &e, &r[i]));
    }
    if (!sl_store_log_append_durable(looks, r, 4, sl_logboek_link))
        fail_msg("append: %s", sl_store_errmsg(looks));
    collected c = {.n = 0};
    assert_true(sl_store_log_chain(st, SL_KETEN_INZAGE, collect_cb, &c));
    assert_int_equal(c.n, 4);
    for (int i = 0; i < 4; i++) {
        assert_string_equal(c.r[i].gegevens, gegevens[i]);
        assert_string_equal(c.r[i].gebruiker, odd.gebruiker);
        assert_int_equal(c.r[i].address_id, i % 2 ? 0 : look.address_id);
        assert_string_equal(c.r[i].hash, r[i].hash);
    }
    sl_logboek_check check;
    assert_true(sl_logboek_verify(st, &check));
    assert_int_equal(check.first_broken, 0);
    /* a look-log handle appends only in a transaction of its own */
    assert_true(sl_store_begin(looks));
    assert_false(sl_store_log_append_durable(looks, r, 1, sl_logboek_link));
    assert_non_null(strstr(sl_store_errmsg(looks), "eigen transactie"));
    sl_store_rollback(looks);
    sl_store_close(looks);
    sl_store_close(st);
}

/* ---- signals through a cursor ------------------------------------------------------ */

static void raw_exec(const char *sql)
{
    PGconn *c = PQconnectdb(db);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    PQfinish(c);
}

enum { SIGNALS = 5000 }; /* each with two addressees: 10,000 rows, 4,096 a batch */

typedef struct tally {
    int64_t signals, last_id;
    bool bad;
} tally;

static bool tally_cb(void *ctx, const sl_signal *sig)
{
    tally *t = ctx;
    t->bad |= sig->id != t->last_id + 1 || sig->n_aan != 2 || sig->aan[0].org != SL_ORG_IMG ||
              sig->aan[1].org != SL_ORG_NCG || strcmp(sig->aan[1].persoon, "B. Bakker") != 0;
    t->last_id = sig->id;
    t->signals++;
    return true;
}

static void signals_scan_in_a_snapshot_keeps_each_signal_whole(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    raw_exec("INSERT INTO adres (nummeraanduiding_id, huisnummer, postcode, gemeentecode,"
             " sleutel, vingerafdruk) VALUES (14200000000001, 1, '9711AA', '0014', 'k', 1);"
             " INSERT INTO signaal (id, regel, regelversie, nummeraanduiding_id, status, tekst,"
             " vervalt_op) SELECT g, 1, 1, 14200000000001, 'afgerond', 't', '2030-01-01'"
             " FROM generate_series(1, 5000) g;"
             " INSERT INTO signaal_adressaat SELECT g, v, CASE v WHEN 0 THEN 'IMG' ELSE 'NCG'"
             " END, 'svip', CASE v WHEN 0 THEN 'A. Aa' ELSE 'B. Bakker' END"
             " FROM generate_series(1, 5000) g, generate_series(0, 1) v");
    tally outside = {0}, inside = {0};
    sl_signal_filter all = {.status = -1};
    assert_true(sl_store_signals_scan(st, &all, tally_cb, &outside));
    assert_true(sl_store_read_begin(st));
    assert_true(sl_store_signals_scan(st, &all, tally_cb, &inside));
    sl_store_read_end(st);
    assert_int_equal(outside.signals, SIGNALS);
    assert_false(outside.bad);
    assert_int_equal(inside.signals, SIGNALS);
    assert_false(inside.bad);
    sl_store_close(st);
}

static int group_setup(void **state)
{
    (void)state;
    return tmp_register_create();
}

static int group_teardown(void **state)
{
    (void)state;
    tmp_register_clear();
    rmdir(db_dir);
    return 0;
}

int main(void)
{
    int skip = pg_only_skip("test_pg_logboek_chain");
    if (skip)
        return skip;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(many_connections_keep_both_chains_intact),
        cmocka_unit_test(appender_waits_for_the_chain_lock),
        cmocka_unit_test(group_text_comes_back_as_written),
        cmocka_unit_test(signals_scan_in_a_snapshot_keeps_each_signal_whole),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
