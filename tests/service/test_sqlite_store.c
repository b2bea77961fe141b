/*
 * test_sqlite_store.c - the store through its interface, on either backend (the
 * name is older than the PostgreSQL store; SQLITE_ONLY marks what is not):
 * migrations, the shipped matrix, writes, state scans, absent marking,
 * history, counts and tallies, and rollback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/classify.h"
#include "store/classification_store.h"
#include "store/deliveries_store.h"
#include "store/migrations.h"
#include "store/records_store.h"

#include "store/pg/pg_conn.h"
#include "test_sql.h"
#include "tmp_register.h"

static sl_store *open_fresh(void)
{
    tmp_register_clear();
    sl_store *st = NULL;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    return st;
}

static sl_address address(int64_t id, const char *key)
{
    sl_address a;
    memset(&a, 0, sizeof a);
    a.nummeraanduiding_id = id;
    a.nr.huisnummer = 1;
    memcpy(a.postcode, "9712AB", 7);
    memcpy(a.gemeentecode, "0014", 5);
    a.kern = SL_FLAG_UNKNOWN;
    snprintf(a.key, sizeof a.key, "%s", key);
    return a;
}

static sl_claim claim(const char *id, sl_fase fase)
{
    sl_claim c;
    memset(&c, 0, sizeof c);
    snprintf(c.img_id, sizeof c.img_id, "%s", id);
    c.fase = fase;
    c.fase_sinds = SL_DATE_NONE;
    c.ontvangen_op = SL_DATE_NONE;
    c.urgent = c.aos = c.aos_gegrond = SL_FLAG_UNKNOWN;
    return c;
}

static bool count_cb(void *ctx, const sl_record_state *s)
{
    int *n = ctx;
    (*n)++;
    assert_true(s->rowid > 0);
    return true;
}

/* The version of the newest migration compiled in, of the store under test. */
static int newest_migration(void)
{
    if (test_sql_is_pg(db))
        return sl_pg_migrations_latest(sl_pg_migrations);
    int v = 0;
    for (const sl_migration *m = sl_sqlite_migrations; m->version; m++)
        v = m->version;
    return v;
}

/* The tests of what only SQLite has (its planner, journal and pages) skip on
 * PostgreSQL; the rest of this file runs on both stores. */
#define SQLITE_ONLY()                                                                          \
    do {                                                                                       \
        if (test_sql_is_pg(db))                                                                \
            skip();                                                                            \
    } while (0)

static void migrations_ship_schema_and_default_matrix(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    assert_int_equal(sl_store_schema_version(st), newest_migration());
    sl_matrix m, want;
    assert_true(sl_store_matrix_active(st, &m));
    sl_matrix_default(&want);
    assert_int_equal(m.version, 1);
    assert_memory_equal(m.cell, want.cell, sizeof m.cell);
    sl_store_close(st);
    /* reopening applies nothing twice */
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    assert_int_equal(sl_store_schema_version(st), newest_migration());
    sl_store_close(st);
}

/* Runs sql on the register through a second connection; returns SQLite's result code. */
static int raw_exec(const char *sql)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    int rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
    sqlite3_close(h);
    return rc;
}

/* Whether the program SQLite compiles for sql builds a temporary b-tree. */
static bool builds_temp_btree(const char *sql)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *s = NULL;
    char explain[512];
    snprintf(explain, sizeof explain, "EXPLAIN %s", sql);
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, explain, -1, &s, NULL), SQLITE_OK);
    bool found = false;
    while (sqlite3_step(s) == SQLITE_ROW)
        found |= strcmp((const char *)sqlite3_column_text(s, 1), "OpenEphemeral") == 0;
    sqlite3_finalize(s);
    sqlite3_close(h);
    return found;
}

/*
 * The tables written row by row during an import check their vocabularies
 * without a temporary b-tree per row (0007), and still refuse what is not in them.
 */
static void row_writes_check_vocabularies_cheaply(void **state)
{
    (void)state;
    SQLITE_ONLY();
    sl_store *st = open_fresh();
    sl_store_close(st);
    const char *class_insert = "INSERT INTO classificatie (nummeraanduiding_id, stap, potentieel,"
                               " matrixversie) VALUES (1, '2.1', 'beide_lopend', 1)";
    const char *history_insert = "INSERT INTO statushistorie (onderwerp, sleutel, veld)"
                                 " VALUES ('schade', 'IMG-1', 'fase')";
    assert_false(builds_temp_btree(class_insert));
    assert_false(builds_temp_btree(history_insert));
    assert_int_equal(raw_exec("INSERT INTO adres (nummeraanduiding_id, huisnummer, postcode,"
                              " gemeentecode, sleutel, vingerafdruk)"
                              " VALUES (1, 1, '9712AB', '0014', 'k', 0)"), SQLITE_OK);
    assert_int_equal(raw_exec(class_insert), SQLITE_OK);
    assert_int_equal(raw_exec(history_insert), SQLITE_OK);
    assert_int_equal(raw_exec("INSERT INTO classificatie (nummeraanduiding_id, stap, potentieel,"
                              " matrixversie) VALUES (1, '2.1', 'lopend', 1)") & 0xff,
                     SQLITE_CONSTRAINT);
    assert_int_equal(raw_exec("INSERT INTO statushistorie (onderwerp, sleutel, veld)"
                              " VALUES ('signaal', 'x', 'status')") & 0xff,
                     SQLITE_CONSTRAINT);
}

static bool state_cb(void *ctx, const sl_record_state *s)
{
    sl_record_state *out = ctx;
    *out = *s;
    out->source_id = NULL; /* only valid during the callback */
    out->match_key = NULL;
    return true;
}

/* Whether handle st sees address id now. */
static bool sees(sl_store *st, int64_t id)
{
    sl_address a;
    bool absent, found;
    assert_true(sl_store_address_get(st, id, &a, &absent, &found));
    return found;
}

/* Adds address id through handle st in a transaction of its own. */
static void add_address(sl_store *st, int64_t id)
{
    int64_t delivery;
    assert_true(sl_store_begin(st));
    assert_true(sl_store_delivery_add(st, "x.csv", SL_KIND_BAG, &delivery));
    sl_address a = address(id, "9712AB 1");
    assert_true(sl_store_address_put(st, &a, 1, delivery));
    assert_true(sl_store_commit(st));
}

/*
 * Read pairs nest and the outermost decides: what another handle commits
 * stays unseen until the outer pair ends. A write inside a nested pair is
 * refused; a write inside only the outer one (a server's request snapshot)
 * ends that snapshot first.
 */
static void read_snapshots_nest_and_a_write_ends_the_outer_one(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    sl_store *other = NULL;
    char err[256];
    assert_true(sl_store_open(db, &other, err, sizeof err));
    const int64_t first = INT64_C(14200000000001), second = INT64_C(14200000000002);

    assert_true(sl_store_read_begin(st));
    assert_false(sees(st, first)); /* the snapshot starts here */
    assert_true(sl_store_read_begin(st));
    add_address(other, first);
    assert_false(sees(st, first));
    sl_store_read_end(st);
    assert_false(sees(st, first)); /* the outer pair is still open */

    assert_true(sl_store_read_begin(st));
    assert_false(sl_store_begin(st));
    assert_non_null(strstr(sl_store_errmsg(st), "leesmoment"));
    sl_store_read_end(st);
    sl_store_read_end(st);
    assert_true(sees(st, first));

    assert_true(sl_store_read_begin(st));
    assert_true(sees(st, first));
    add_address(other, second);
    assert_false(sees(st, second));
    assert_true(sl_store_begin(st)); /* ends the snapshot */
    assert_true(sees(st, second));
    sl_store_rollback(st);
    sl_store_read_end(st); /* nothing left to end */
    assert_true(sees(st, second));
    assert_true(sl_store_begin(st)); /* no transaction was left open */
    sl_store_rollback(st);

    sl_store_close(other);
    sl_store_close(st);
}

static void writes_scan_back_and_rollback_undoes_them(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    int64_t delivery;
    assert_true(sl_store_begin(st));
    assert_true(sl_store_delivery_add(st, "x.csv", SL_KIND_BAG, &delivery));
    sl_address a = address(INT64_C(14200000000001), "9712AB 1");
    assert_true(sl_store_address_put(st, &a, 42, delivery));
    sl_claim c = claim("IMG-1", SL_FASE_OPNAME);
    int64_t rowid = 0;
    assert_true(sl_store_claim_put(st, &rowid, &c, a.nummeraanduiding_id, 7, delivery));
    assert_true(rowid > 0);
    assert_true(sl_store_commit(st));

    sl_record_state s;
    assert_true(sl_store_scan_states(st, SL_KIND_IMG, state_cb, &s));
    assert_int_equal(s.rowid, rowid);
    assert_int_equal(s.fingerprint, 7);
    assert_int_equal(s.status, SL_FASE_OPNAME);
    assert_int_equal(s.address_id, a.nummeraanduiding_id);
    assert_false(s.absent);

    /* a claim pointing at an unknown address is refused by the store itself */
    assert_true(sl_store_begin(st));
    sl_claim orphan = claim("IMG-2", SL_FASE_OPNAME);
    int64_t orphan_row = 0;
    assert_false(sl_store_claim_put(st, &orphan_row, &orphan, 99, 1, delivery));
    assert_non_null(strstr(sl_store_errmsg(st), "schade opslaan mislukt"));
    sl_store_rollback(st);

    assert_true(sl_store_begin(st));
    assert_true(sl_store_mark_absent(st, SL_KIND_IMG, rowid, delivery));
    sl_store_rollback(st);
    assert_true(sl_store_scan_states(st, SL_KIND_IMG, state_cb, &s));
    assert_false(s.absent);

    assert_true(sl_store_begin(st));
    assert_true(sl_store_mark_absent(st, SL_KIND_IMG, rowid, delivery));
    assert_true(sl_store_commit(st));
    assert_true(sl_store_scan_states(st, SL_KIND_IMG, state_cb, &s));
    assert_true(s.absent);
    int n = 0;
    assert_true(sl_store_scan_states(st, SL_KIND_BAG, count_cb, &n));
    assert_int_equal(n, 1);
    sl_store_close(st);
}

/*
 * A first load checks references once, at commit: a claim naming an unknown
 * address is written, then the commit refuses it and nothing stays; after the
 * load every write is checked as it happens again.
 */
static void first_load_checks_references_at_commit(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    int64_t delivery;
    assert_true(sl_store_begin(st));
    assert_true(sl_store_delivery_add(st, "a.csv", SL_KIND_BAG, &delivery));
    sl_address a = address(INT64_C(14200000000001), "9712AB 1");
    assert_true(sl_store_address_put(st, &a, 42, delivery));
    assert_true(sl_store_commit(st));

    assert_true(sl_store_begin_load(st, SL_KIND_IMG));
    assert_true(sl_store_delivery_add(st, "s.csv", SL_KIND_IMG, &delivery));
    sl_claim good = claim("IMG-1", SL_FASE_OPNAME), orphan = claim("IMG-2", SL_FASE_OPNAME);
    int64_t row1 = 0, row2 = 0;
    assert_true(sl_store_claim_put(st, &row1, &good, a.nummeraanduiding_id, 1, delivery));
    assert_true(sl_store_claim_put(st, &row2, &orphan, INT64_C(14200000000099), 1, delivery));
    assert_false(sl_store_commit(st));
    assert_non_null(strstr(sl_store_errmsg(st), "onbekend adres 0014200000000099"));
    sl_store_rollback(st);
    int n = 0;
    assert_true(sl_store_scan_states(st, SL_KIND_IMG, count_cb, &n));
    assert_int_equal(n, 0);

    /* a classification is checked too */
    assert_true(sl_store_begin_load(st, SL_KIND_NCG));
    sl_stored_class c = {.address_id = INT64_C(14200000000099), .stap = SL_STAP_2_1,
                         .fase = SL_FASE_COUNT, .c = {SL_POT_GEEN_SCHADEMELDING, SL_GROEP_NONE, 1}};
    assert_true(sl_store_classification_put(st, &c));
    assert_false(sl_store_commit(st));
    sl_store_rollback(st);

    /* a load with good references commits */
    assert_true(sl_store_begin_load(st, SL_KIND_IMG));
    assert_true(sl_store_delivery_add(st, "s.csv", SL_KIND_IMG, &delivery));
    row1 = 0;
    assert_true(sl_store_claim_put(st, &row1, &good, a.nummeraanduiding_id, 1, delivery));
    assert_true(sl_store_commit(st));

    /* and afterwards each write is checked as it happens */
    assert_true(sl_store_begin(st));
    row2 = 0;
    assert_false(sl_store_claim_put(st, &row2, &orphan, INT64_C(14200000000099), 1, delivery));
    sl_store_rollback(st);
    sl_store_close(st);
}

/* A pragma of the register (its journal mode, its page size), read through a
 * second connection. */
static void register_pragma_is(const char *pragma, const char *want)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *s = NULL;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA %s", pragma);
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), want);
    sqlite3_finalize(s);
    sqlite3_close(h);
}

static void journal_mode_is(const char *want) { register_pragma_is("journal_mode", want); }

static bool journal_exists(void)
{
    char path[160];
    snprintf(path, sizeof path, "%s-journal", db);
    return access(path, F_OK) == 0;
}

/* A new register gets 8 KiB pages; one made with another size keeps it and opens. */
static void new_registers_have_8k_pages_and_old_ones_keep_theirs(void **state)
{
    (void)state;
    SQLITE_ONLY();
    sl_store *st = open_fresh();
    sl_store_close(st);
    register_pragma_is("page_size", "8192");

    tmp_register_clear();
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "PRAGMA page_size = 4096; CREATE TABLE x (a); DROP TABLE x;",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    sl_register_counts rc;
    assert_true(sl_store_counts(st, &rc));
    sl_store_close(st);
    register_pragma_is("page_size", "4096");
}

/*
 * A first load runs with a rollback journal when the store has the register to
 * itself (its new pages are written once, not into the WAL and again by the
 * checkpoint). A rollback returns it to WAL mode; a commit leaves the journal
 * for a next first load, until an ordinary transaction or closing the store.
 * With another connection open it stays in WAL mode.
 */
static void first_load_writes_once_when_alone(void **state)
{
    (void)state;
    SQLITE_ONLY();
    sl_store *st = open_fresh();
    int64_t delivery;
    assert_true(sl_store_begin_load(st, SL_KIND_BAG));
    assert_true(sl_store_delivery_add(st, "a.csv", SL_KIND_BAG, &delivery));
    sl_address a = address(INT64_C(14200000000001), "9712AB 1");
    assert_true(sl_store_address_put(st, &a, 42, delivery));
    assert_true(journal_exists());
    sl_store_rollback(st);
    journal_mode_is("wal");

    assert_true(sl_store_begin_load(st, SL_KIND_BAG));
    assert_true(sl_store_delivery_add(st, "a.csv", SL_KIND_BAG, &delivery));
    assert_true(sl_store_address_put(st, &a, 42, delivery));
    assert_true(journal_exists());
    assert_true(sl_store_commit(st));
    assert_false(journal_exists());
    /* a committed load leaves the rollback journal for a next first load, which
     * then keeps this connection's page cache (switching modes empties it) */
    journal_mode_is("delete");
    assert_true(sl_store_begin_load(st, SL_KIND_NCG));
    assert_true(sl_store_delivery_add(st, "t.csv", SL_KIND_NCG, &delivery));
    assert_true(journal_exists());
    assert_true(sl_store_commit(st));
    journal_mode_is("delete");
    /* an ordinary transaction switches back */
    assert_true(sl_store_begin(st));
    journal_mode_is("wal");
    sl_store_rollback(st);
    /* and so does closing the store after a load */
    assert_true(sl_store_begin_load(st, SL_KIND_NCG));
    assert_true(sl_store_commit(st));
    journal_mode_is("delete");
    sl_store_close(st);
    journal_mode_is("wal");
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));

    /* another connection that has read the register keeps it in WAL mode */
    sl_store *other = NULL;
    assert_true(sl_store_open(db, &other, err, sizeof err));
    sl_register_counts rc;
    assert_true(sl_store_counts(other, &rc));
    assert_true(sl_store_begin_load(st, SL_KIND_IMG));
    assert_false(journal_exists());
    assert_true(sl_store_counts(other, &rc)); /* and can read during the load */
    assert_int_equal(rc.adressen, 0);
    assert_true(sl_store_commit(st));
    sl_store_close(other);
    journal_mode_is("wal");
    sl_store_close(st);
}

static void classification_tally_by_municipality(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    int64_t delivery;
    assert_true(sl_store_begin(st));
    assert_true(sl_store_delivery_add(st, "x.csv", SL_KIND_BAG, &delivery));
    sl_address a1 = address(INT64_C(14200000000001), "k1");
    sl_address a2 = address(INT64_C(10200000000002), "k2");
    memcpy(a2.gemeentecode, "1979", 5);
    assert_true(sl_store_address_put(st, &a1, 1, delivery));
    assert_true(sl_store_address_put(st, &a2, 2, delivery));
    sl_stored_class c1 = {.address_id = a1.nummeraanduiding_id, .stap = SL_STAP_2_1,
                          .fase = SL_FASE_OPNAME,
                          .c = {SL_POT_BEIDE_LOPEND, SL_GROEP_B, 1}};
    sl_stored_class c2 = {.address_id = a2.nummeraanduiding_id, .stap = SL_STAP_3_1,
                          .fase = SL_FASE_COUNT,
                          .c = {SL_POT_GEEN_SCHADEMELDING, SL_GROEP_NONE, 1}};
    assert_true(sl_store_classification_put(st, &c1));
    assert_true(sl_store_classification_put(st, &c2));
    /* a second put of an address replaces its classification */
    sl_stored_class c1_before = c1;
    c1_before.c.groep = SL_GROEP_C;
    c1_before.fase = SL_FASE_VOORBEREIDING;
    assert_true(sl_store_classification_put(st, &c1_before));
    assert_true(sl_store_classification_put(st, &c1));
    assert_true(sl_store_set_count(st, SL_KIND_BAG, 2));
    assert_true(sl_store_commit(st));

    sl_tally t;
    assert_true(sl_store_tally(st, NULL, &t));
    assert_int_equal(t.potentieel[SL_POT_BEIDE_LOPEND], 1);
    assert_int_equal(t.potentieel[SL_POT_GEEN_SCHADEMELDING], 1);
    assert_int_equal(t.matrix[SL_STAP_2_1][SL_FASE_OPNAME], 1);
    assert_int_equal(t.groepen[SL_GROEP_B], 1);
    assert_int_equal(t.combinatiedossiers, 1);
    assert_true(sl_store_tally(st, "1979", &t));
    assert_int_equal(t.potentieel[SL_POT_BEIDE_LOPEND], 0);
    assert_int_equal(t.potentieel[SL_POT_GEEN_SCHADEMELDING], 1);
    sl_register_counts rc;
    assert_true(sl_store_counts(st, &rc));
    assert_int_equal(rc.adressen, 2);
    sl_store_close(st);
}

static void unopenable_register_says_why(void **state)
{
    (void)state;
    sl_store *st = NULL;
    char err[256] = "";
    assert_false(sl_store_open("/nonexistent-dir/x/register.db", &st, err, sizeof err));
    assert_null(st);
    assert_non_null(strstr(err, "/nonexistent-dir/x/register.db"));
    assert_false(sl_store_open("postgresql://localhost/x", &st, err, sizeof err));
    assert_non_null(strstr(err, "PostgreSQL"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(migrations_ship_schema_and_default_matrix),
        cmocka_unit_test(row_writes_check_vocabularies_cheaply),
        cmocka_unit_test(writes_scan_back_and_rollback_undoes_them),
        cmocka_unit_test(first_load_checks_references_at_commit),
        cmocka_unit_test(first_load_writes_once_when_alone),
        cmocka_unit_test(new_registers_have_8k_pages_and_old_ones_keep_theirs),
        cmocka_unit_test(classification_tally_by_municipality),
        cmocka_unit_test(unopenable_register_says_why),
        cmocka_unit_test(read_snapshots_nest_and_a_write_ends_the_outer_one),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
