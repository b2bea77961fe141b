/*
 * test_pg_conn.c - the PostgreSQL connection (store/pg/pg_conn.h) on a database
 * of its own on the test cluster: migrating a fresh database, opening again,
 * instances that start at once, a database newer than the binary, errors
 * without the password, and the helpers the store's families share.
 *
 * Needs SAMENLOOP_TEST_PG (make test-pg starts a cluster and sets it). Without
 * it the test is skipped (exit 77), except in CI (CI=true), where it fails: a
 * matrix that silently runs one backend is no matrix.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/pg/pg_conn.h"

/* these tests migrate the database themselves: an empty one, not the template */
#define TMP_REGISTER_EMPTY
#include "pg_only.h"
#include "tmp_register.h"

/* the last migration's number: a new migration changes no expectation here */
#define SCHEMA_VERSION sl_pg_migrations_latest(sl_pg_migrations)

static sl_pg *open_ok(void)
{
    char err[512] = "";
    sl_pg *pg = sl_pg_open(db, err, sizeof err);
    if (!pg)
        fail_msg("open %s: %s", db, err);
    return pg;
}

/* The one value of a one-row query. */
static char *scalar(sl_pg *pg, const char *sql)
{
    PGresult *res = PQexec(sl_pg_conn(pg), sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
        fail_msg("%s: %s", sql, PQresultErrorMessage(res));
    char *v = strdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    return v;
}

static void fresh(void) { tmp_register_clear(); }

static void test_open_migrates_a_fresh_database(void **state)
{
    (void)state;
    fresh();
    sl_pg *pg = open_ok();
    assert_int_equal(sl_pg_schema_version(pg), SCHEMA_VERSION);
    assert_int_equal(sl_pg_migrations_latest(sl_pg_migrations), SCHEMA_VERSION);
    /* the register, its look log beside it, and the seeded counts */
    char *v = scalar(pg, "SELECT count(*) FROM telling WHERE aantal = 0");
    assert_string_equal(v, "3");
    free(v);
    v = scalar(pg, "SELECT to_regclass('inzage.logboek') IS NOT NULL"
                   " AND to_regclass('logboek_anker') IS NOT NULL");
    assert_string_equal(v, "t");
    free(v);
    sl_pg_close(pg);
}

static void test_second_open_changes_nothing(void **state)
{
    (void)state;
    fresh();
    sl_pg *pg = open_ok();
    /* the row version of schemaversie: a second migration run would write it */
    char *before = scalar(pg, "SELECT xmin::text FROM schemaversie");
    sl_pg_close(pg);
    pg = open_ok();
    char *after = scalar(pg, "SELECT xmin::text FROM schemaversie");
    assert_string_equal(before, after);
    assert_int_equal(sl_pg_schema_version(pg), SCHEMA_VERSION);
    free(before);
    free(after);
    sl_pg_close(pg);
}

#define INSTANCES 4

static void *open_in_thread(void *arg)
{
    char *err = arg;
    sl_pg *pg = sl_pg_open(db, err, 512);
    if (pg) {
        err[0] = '\0';
        sl_pg_close(pg);
    }
    return pg ? arg : NULL;
}

/* Instances that start at once on an empty database: one migrates, the others
 * wait on the advisory lock and then find the schema there. */
static void test_concurrent_opens_of_a_fresh_database(void **state)
{
    (void)state;
    fresh();
    pthread_t t[INSTANCES];
    static char err[INSTANCES][512];
    for (int i = 0; i < INSTANCES; i++)
        assert_int_equal(pthread_create(&t[i], NULL, open_in_thread, err[i]), 0);
    for (int i = 0; i < INSTANCES; i++) {
        void *ok = NULL;
        pthread_join(t[i], &ok);
        if (!ok)
            fail_msg("instance %d: %s", i, err[i]);
    }
    sl_pg *pg = open_ok();
    assert_int_equal(sl_pg_schema_version(pg), SCHEMA_VERSION);
    sl_pg_close(pg);
}

static void test_newer_database_is_refused(void **state)
{
    (void)state;
    fresh();
    sl_pg *pg = open_ok();
    char sql[64], newer[32], known[32];
    snprintf(sql, sizeof sql, "UPDATE schemaversie SET versie = %d", SCHEMA_VERSION + 1);
    snprintf(newer, sizeof newer, "schemaversie %d", SCHEMA_VERSION + 1);
    snprintf(known, sizeof known, "versie %d", SCHEMA_VERSION);
    assert_true(sl_pg_exec(pg, sql, "test"));
    sl_pg_close(pg);
    char err[512] = "";
    assert_null(sl_pg_open(db, err, sizeof err));
    assert_non_null(strstr(err, newer));
    assert_non_null(strstr(err, known));
    assert_non_null(strstr(err, "nieuwere samenloop"));
}

/* Opening fails, with a message that names the failure but not the password. */
static void assert_refused_without(const char *conninfo, const char *password)
{
    char err[512] = "";
    assert_null(sl_pg_open(conninfo, err, sizeof err));
    assert_non_null(strstr(err, "verbinden met PostgreSQL mislukt"));
    if (strstr(err, password))
        fail_msg("the password is in the message: %s", err);
}

static void test_errors_hold_no_password(void **state)
{
    (void)state;
    /* nothing listens on port 1; a malformed escape makes libpq quote the URI's
     * part; a keyword string with a quoted password */
    assert_refused_without("postgresql://samenloop:Geheim-Wachtwoord-77@127.0.0.1:1/register",
                           "Geheim-Wachtwoord-77");
    assert_refused_without("postgresql://samenloop:Geheim%zzWachtwoord@127.0.0.1:1/register",
                           "Geheim%zzWachtwoord");
    assert_refused_without("postgres://127.0.0.1:1/register?user=a&password=Geheim-Query-77",
                           "Geheim-Query-77");
    assert_refused_without("host=127.0.0.1 port=1 password='Geheim Wachtwoord' dbname=register",
                           "Geheim Wachtwoord");
    assert_refused_without("postgresql://a:Geheim-Poort@127.0.0.1:poort/register", "Geheim-Poort");
}

static void test_db_argument_recognised(void **state)
{
    (void)state;
    assert_true(sl_pg_is_conninfo("postgresql://"));
    assert_true(sl_pg_is_conninfo("postgresql://db.example/register"));
    assert_true(sl_pg_is_conninfo("postgres://u@h/r"));
    assert_true(sl_pg_is_conninfo("service=samenloop"));
    assert_true(sl_pg_is_conninfo("host=db dbname=register"));
    assert_false(sl_pg_is_conninfo("register.db"));
    assert_false(sl_pg_is_conninfo("/var/lib/samenloop/samenloop.db"));
    assert_false(sl_pg_is_conninfo("demo/a=b.db"));
    assert_false(sl_pg_is_conninfo("kleur=blauw"));
    assert_false(sl_pg_is_conninfo(""));
}

static const sl_pg_query q_echo = {"test_echo", "SELECT $1::bigint + 1, $2::text, $3::text IS NULL"};
static const sl_pg_query q_insert = {"test_insert",
                                     "INSERT INTO telling (soort, aantal) VALUES ($1, $2)"};

/* The helpers the families share: a statement prepared once per connection,
 * parameters as text with NULL, the readers, a transaction rolled back. */
static void test_prepared_statements_and_transactions(void **state)
{
    (void)state;
    fresh();
    sl_pg *pg = open_ok();
    for (int round = 0; round < 2; round++) {
        sl_pg_params p;
        sl_pg_params_init(&p);
        sl_pg_param_int(&p, 41 + round);
        sl_pg_param_text(&p, "één");
        sl_pg_param_text(&p, NULL);
        PGresult *res = sl_pg_run(pg, &q_echo, &p, "echo");
        assert_non_null(res);
        assert_int_equal(sl_pg_col_int(res, 0, 0), 42 + round);
        assert_string_equal(sl_pg_col_text(res, 0, 1), "één");
        assert_true(sl_pg_col_bool(res, 0, 2));
        PQclear(res);
    }
    char *n = scalar(pg, "SELECT count(*) FROM pg_prepared_statements WHERE name = 'test_echo'");
    assert_string_equal(n, "1");
    free(n);

    /* a failing statement inside a transaction: the message names what failed,
     * and the rollback leaves nothing */
    assert_true(sl_pg_begin(pg));
    assert_true(sl_pg_exec(pg, "UPDATE telling SET aantal = 7", "zet"));
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, "onbekend");
    sl_pg_param_int(&p, 1);
    assert_false(sl_pg_run_ok(pg, &q_insert, &p, "telling toevoegen"));
    assert_non_null(strstr(sl_pg_error(pg), "telling toevoegen: "));
    assert_non_null(strstr(sl_pg_error(pg), "telling_soort_check"));
    sl_pg_rollback(pg);
    n = scalar(pg, "SELECT sum(aantal) FROM telling");
    assert_string_equal(n, "0");
    free(n);

    /* more parameters than there is room for: refused, not run */
    sl_pg_params_init(&p);
    for (int i = 0; i <= SL_PG_MAX_PARAMS; i++)
        sl_pg_param_int(&p, i);
    assert_null(sl_pg_run(pg, &q_echo, &p, "te veel"));
    assert_false(sl_pg_fail(pg, "%s", "x"));
    sl_pg_close(pg);
}

/* A look record with id whose hashes are 32 times the byte prev / hash (hex). */
static bool add_look(sl_pg *pg, int id, const char *prev, const char *hash)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO inzage.logboek (id, tijdstip, gebruiker, org, rol, doel,"
             " grondslag, categorieen, actie, trace_id, vorige_hash, hash)"
             " VALUES (%d, '2026-12-06T21:00:00.000Z', 'zb1', 'IMG', 'zaakbegeleider',"
             " 'samenloop', 'wettelijke_taak_samenloop', 'schade', 'inzage', 't',"
             " decode(repeat('%s', 32), 'hex'), decode(repeat('%s', 32), 'hex'))",
             id, prev, hash);
    return sl_pg_exec(pg, sql, "inzage");
}

/* A connection the server ended (a restart, a failover) comes back, and its
 * statements are prepared again on the new session. */
static void test_reconnect_after_the_server_ended_the_session(void **state)
{
    (void)state;
    fresh();
    sl_pg *pg = open_ok();
    sl_pg *other = open_ok();
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, 1);
    sl_pg_param_text(&p, "a");
    sl_pg_param_text(&p, "b");
    PQclear(sl_pg_run(pg, &q_echo, &p, "voor"));
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%d)", PQbackendPID(sl_pg_conn(pg)));
    free(scalar(other, sql));
    assert_true(sl_pg_ensure_connected(other)); /* a good connection stays as it is */
    assert_false(sl_pg_run_ok(pg, &q_echo, &p, "na afbreken"));
    assert_true(sl_pg_ensure_connected(pg));
    PGresult *res = sl_pg_run(pg, &q_echo, &p, "opnieuw");
    assert_non_null(res);
    assert_int_equal(sl_pg_col_int(res, 0, 0), 2);
    PQclear(res);
    sl_pg_close(other);
    sl_pg_close(pg);
}

/* The schema keeps the register's rules: the look log is append-only, its chain
 * linear, a login name unique regardless of case. */
static void test_schema_rules(void **state)
{
    (void)state;
    fresh();
    sl_pg *pg = open_ok();
    assert_true(add_look(pg, 1, "00", "ab"));
    assert_false(add_look(pg, 2, "00", "cd")); /* follows the zeros, not record 1 */
    assert_non_null(strstr(sl_pg_error(pg), "volgt alleen op het laatste record"));
    assert_false(add_look(pg, 3, "ab", "cd")); /* a gap */
    assert_true(add_look(pg, 2, "ab", "cd"));
    assert_false(sl_pg_exec(pg, "UPDATE inzage.logboek SET org = 'NCG'", "wijzigen"));
    assert_non_null(strstr(sl_pg_error(pg), "logboek is alleen aanvullen"));
    assert_false(sl_pg_exec(pg, "DELETE FROM inzage.logboek", "verwijderen"));
    assert_false(sl_pg_exec(pg, "TRUNCATE logboek_anker", "leegmaken"));

    assert_true(sl_pg_exec(pg,
                           "INSERT INTO gebruiker (naam, rol, wachtwoord_hash, aangemaakt_op)"
                           " VALUES ('Zb.Een', 'zaakbegeleider', 'x', 1)",
                           "gebruiker"));
    assert_false(sl_pg_exec(pg,
                            "INSERT INTO gebruiker (naam, rol, wachtwoord_hash, aangemaakt_op)"
                            " VALUES ('zb.een', 'zaakbegeleider', 'x', 1)",
                            "zelfde naam"));
    char *v = scalar(pg, "SELECT count(*) FROM gebruiker WHERE naam = 'ZB.EEN'");
    assert_string_equal(v, "1");
    free(v);
    v = scalar(pg, "SELECT iso_utc('2026-12-06 22:00:00+01') || ' ' ||"
                   " iso_utc_ms('2026-12-06 21:00:00.5+00')");
    assert_string_equal(v, "2026-12-06T21:00:00Z 2026-12-06T21:00:00.500Z");
    free(v);
    sl_pg_close(pg);
}

static int group_setup(void **state)
{
    (void)state;
    return tmp_register_create();
}

static int group_teardown(void **state)
{
    (void)state;
    rmdir(db_dir);
    return 0;
}

int main(void)
{
    int skip = pg_only_skip("test_pg_conn");
    if (skip)
        return skip;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_db_argument_recognised),
        cmocka_unit_test(test_errors_hold_no_password),
        cmocka_unit_test(test_open_migrates_a_fresh_database),
        cmocka_unit_test(test_second_open_changes_nothing),
        cmocka_unit_test(test_concurrent_opens_of_a_fresh_database),
        cmocka_unit_test(test_newer_database_is_refused),
        cmocka_unit_test(test_prepared_statements_and_transactions),
        cmocka_unit_test(test_reconnect_after_the_server_ended_the_session),
        cmocka_unit_test(test_schema_rules),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
