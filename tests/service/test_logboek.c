/*
 * test_logboek.c - the processing log, consent and the sharing service
 * against a real SQLite register: the hash (known answer), appending,
 * verifying, the append-only triggers, tampering (a changed field, a removed
 * row, a re-hashed row), two processes appending at once, the GUO consent
 * flow with rule 9 and its outbox events, and the sharing decision with its
 * log records.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/bag.h"
#include "service/consent.h"
#include "service/disclosure.h"
#include "service/import.h"
#include "service/logboek.h"
#include "service/sharing.h"
#include "store/consent_store.h"
#include "store/log_store.h"
#include "store/signals_store.h"

#include "test_sql.h"
#include "loaded_register.h"

static const int64_t A1 = 14200000000001; /* Groningen: 1.2 + claim in voorbereiding */
static const int64_t A4 = 10200000000004; /* Eemsdelta (1979): 4.1 + claim in beschikking */
static const int64_t A6 = 14200000000006; /* Groningen: delivered + claim in opname */

static sl_store *open_fresh(void)
{
    tmp_register_clear();
    sl_store *st = NULL;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    return st;
}

static void load_small(sl_store *st)
{
    static const char *const files[] = {"bag_adressen.csv", "ncg_trajecten.csv",
                                        "img_schades.csv"};
    for (size_t i = 0; i < 3; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/small/%s", SL_TEST_DATA, files[i]);
        sl_import_report rep;
        assert_true(sl_import_file(st, path, NULL, &rep));
        assert_true(rep.processed);
    }
}

/* Runs SQL on the register through a second, raw connection (as an attacker
 * with the database would). True when it worked; else the error in msg. */
static bool raw_sql(const char *sql, char *msg, size_t cap)
{
    return test_sql_try(db, sql, msg, cap);
}

static int64_t raw_count(const char *sql)
{
    return test_sql_int(db, sql);
}

static const sl_actor zb = {.gebruiker = "K. Postma", .trace_id = "trace-zb",
                            .viewer = {.role = SL_ROLE_ZAAKBEGELEIDER,
                                       .org = SL_ACCOUNT_ORG_IMG}};

static bool append_one(sl_store *st, int64_t address_id, const char *doel)
{
    sl_log_entry e = {.actor = &zb, .doel = doel, .grondslag = "wettelijke_taak_samenloop",
                      .categorieen = "traject:id,status", .address_id = address_id,
                      .actie = "inzage"};
    return sl_logboek_append(st, &e, NULL);
}

static void append_n(sl_store *st, int n)
{
    for (int i = 0; i < n; i++) {
        assert_true(sl_store_begin(st));
        assert_true(append_one(st, i % 2 ? A1 : 0, "samenloop"));
        assert_true(sl_store_commit(st));
    }
}

/* ---- the hash ------------------------------------------------------------------ */

static void hash_known_answer(void **state)
{
    (void)state;
    /* computed independently with Python's hashlib.blake2b(digest_size=32) over the encoding
     * of logboek.h; the purpose is any text to the hash ("coordinatie" was its first name) */
    sl_log_record r;
    memset(&r, 0, sizeof r);
    r.id = 1;
    memset(r.vorige_hash, '0', 64);
    snprintf(r.tijdstip, sizeof r.tijdstip, "2024-01-02T03:04:05.678Z");
    snprintf(r.gebruiker, sizeof r.gebruiker, "K. Postma");
    snprintf(r.org, sizeof r.org, "IMG");
    snprintf(r.rol, sizeof r.rol, "zaakbegeleider");
    snprintf(r.doel, sizeof r.doel, "coordinatie");
    snprintf(r.grondslag, sizeof r.grondslag, "wettelijke_taak_samenloop");
    snprintf(r.categorieen, sizeof r.categorieen, "traject:id,status");
    r.address_id = A1;
    snprintf(r.actie, sizeof r.actie, "inzage");
    snprintf(r.trace_id, sizeof r.trace_id, "trace-1");
    char h[SL_LOG_HASH_CAP];
    sl_logboek_hash(&r, h);
    assert_string_equal(h, "c0ef4613262fae38ad9464620d786a6fdb7f4dd920e8fccf9ec0102bdad725ec");
    /* length prefixes make moving a byte between fields change the hash */
    sl_log_record m = r;
    snprintf(m.org, sizeof m.org, "IM");
    snprintf(m.rol, sizeof m.rol, "Gzaakbegeleider");
    char h2[SL_LOG_HASH_CAP];
    sl_logboek_hash(&m, h2);
    assert_string_not_equal(h, h2);
    /* address 0 is "none", encoded as an empty field: a different record */
    m = r;
    m.address_id = 0;
    sl_logboek_hash(&m, h2);
    assert_string_not_equal(h, h2);
}

/* ---- appending and verifying ------------------------------------------------------ */

static void append_list_verify(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    assert_true(sl_store_schema_version(st) >= 4);
    sl_logboek_check c;
    assert_true(sl_logboek_verify(st, &c));
    assert_int_equal(c.records, 0);
    assert_int_equal(c.first_broken, 0);
    assert_string_equal(c.head[SL_KETEN_REGISTER], "");
    assert_string_equal(c.head[SL_KETEN_INZAGE], "");

    assert_true(sl_store_begin(st));
    int64_t id = 0;
    sl_log_entry e = {.actor = &zb, .doel = "samenloop", .grondslag = "eigen_organisatie",
                      .categorieen = "schades:id", .address_id = A1, .actie = "inzage"};
    assert_true(sl_logboek_append(st, &e, &id));
    assert_int_equal(id, 1);
    assert_true(sl_logboek_append(st, &e, &id));
    assert_int_equal(id, 2);
    assert_true(sl_store_commit(st));
    append_n(st, 5);

    assert_true(sl_logboek_verify(st, &c));
    assert_int_equal(c.records, 7);
    assert_int_equal(c.first_broken, 0);
    assert_int_equal(strlen(c.head[SL_KETEN_REGISTER]), 64);
    assert_int_equal(c.chain_records[SL_KETEN_REGISTER], 7);
    /* A1's records: the two above and the odd ones of append_n (i = 1, 3) */
    assert_int_equal(raw_count("SELECT count(*) FROM logboek WHERE nummeraanduiding_id = "
                               "14200000000001"),
                     4);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek WHERE nummeraanduiding_id IS NULL"),
                     3);
    char zero[96], sql[160];
    test_sql_digest(db, "0000000000000000000000000000000000000000000000000000000000000000", zero,
                    sizeof zero);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM logboek WHERE vorige_hash = %s", zero);
    assert_int_equal(raw_count(sql), 1);
    sl_store_close(st);
}

typedef struct collect {
    sl_log_record r[16];
    int n;
} collect;

static bool collect_cb(void *ctx, const sl_log_record *r)
{
    collect *c = ctx;
    if (c->n < 16)
        c->r[c->n] = *r;
    c->n++;
    return true;
}

static void list_by_address(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    append_n(st, 6);
    collect c = {0};
    assert_true(sl_logboek_list(st, A1, collect_cb, &c));
    assert_int_equal(c.n, 3);
    for (int i = 0; i < c.n; i++) {
        assert_int_equal(c.r[i].address_id, A1);
        assert_string_equal(c.r[i].gebruiker, "K. Postma");
        assert_string_equal(c.r[i].org, "IMG");
        assert_string_equal(c.r[i].rol, "zaakbegeleider");
        assert_string_equal(c.r[i].doel, "samenloop");
        assert_string_equal(c.r[i].grondslag, "wettelijke_taak_samenloop");
        assert_string_equal(c.r[i].trace_id, "trace-zb");
        assert_int_equal(strlen(c.r[i].tijdstip), 24);
        assert_int_equal(c.r[i].tijdstip[23], 'Z');
        if (i)
            assert_true(c.r[i].id > c.r[i - 1].id);
    }
    json_t *j = sl_log_record_json(&c.r[0]);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "nummeraanduiding_id")),
                        "0014200000000001");
    json_t *cats = json_object_get(j, "categorieen");
    assert_int_equal(json_array_size(cats), 2);
    assert_string_equal(json_string_value(json_array_get(cats, 0)), "traject:id");
    assert_string_equal(json_string_value(json_array_get(cats, 1)), "traject:status");
    json_decref(j);
    c.n = 0;
    assert_true(sl_logboek_list(st, 0, collect_cb, &c));
    assert_int_equal(c.n, 6);
    c.n = 0;
    assert_true(sl_logboek_list(st, A4, collect_cb, &c));
    assert_int_equal(c.n, 0);
    sl_store_close(st);
}

static void append_refusals(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    /* outside a transaction */
    assert_false(append_one(st, A1, "samenloop"));
    assert_non_null(strstr(sl_store_errmsg(st), "transactie"));
    assert_true(sl_store_begin(st));
    char longtext[200];
    memset(longtext, 'x', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    assert_false(append_one(st, A1, longtext));
    assert_non_null(strstr(sl_store_errmsg(st), "doel is te lang"));
    sl_log_entry e = {.actor = &zb, .doel = "samenloop", .grondslag = "x",
                      .categorieen = "x", .actie = "lezen"};
    assert_false(sl_logboek_append(st, &e, NULL));
    e.actie = "inzage";
    e.grondslag = "";
    assert_false(sl_logboek_append(st, &e, NULL));
    sl_actor nobody = zb;
    nobody.gebruiker = "";
    e.grondslag = "x";
    e.actor = &nobody;
    assert_false(sl_logboek_append(st, &e, NULL));
    assert_false(sl_logboek_append(st, NULL, NULL));
    sl_store_rollback(st);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek"), 0);
    /* a record that does not follow the head is refused by the store */
    assert_true(sl_store_begin(st));
    sl_log_record r;
    memset(&r, 0, sizeof r);
    r.id = 5;
    memset(r.vorige_hash, '0', 64);
    memset(r.hash, 'a', 64);
    snprintf(r.actie, sizeof r.actie, "inzage");
    assert_false(sl_store_log_insert(st, &r));
    sl_store_rollback(st);
    sl_store_close(st);
}

static void triggers_refuse_changes(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    append_n(st, 3);
    sl_store_close(st);
    char msg[256];
    assert_false(raw_sql("UPDATE logboek SET gebruiker = 'X' WHERE id = 2", msg, sizeof msg));
    assert_non_null(strstr(msg, "alleen aanvullen"));
    assert_false(raw_sql("DELETE FROM logboek WHERE id = 3", msg, sizeof msg));
    assert_non_null(strstr(msg, "alleen aanvullen"));
    /* a second record after the same one: the chain trigger refuses */
    assert_false(
        raw_sql("INSERT INTO logboek (id, tijdstip, gebruiker, org, rol, doel, grondslag,"
                " categorieen, actie, trace_id, vorige_hash, hash) SELECT 99, tijdstip,"
                " gebruiker, org, rol, doel, grondslag, categorieen, actie, trace_id,"
                " vorige_hash, hash FROM logboek WHERE id = 2",
                msg, sizeof msg));
    assert_int_equal(raw_count("SELECT count(*) FROM logboek"), 3);
}

/* Drops the triggers, runs sql, re-creates them (as an attacker would); on
 * PostgreSQL switches them off for the transaction instead. */
static void tamper(const char *sql)
{
    char buf[2048], msg[256];
    if (test_sql_is_pg(db))
        snprintf(buf, sizeof buf, TEST_SQL_UNGUARDED "%s", sql);
    else
        snprintf(buf, sizeof buf,
             "DROP TRIGGER logboek_geen_wijziging; DROP TRIGGER logboek_geen_verwijdering;"
             " %s;"
             " CREATE TRIGGER logboek_geen_wijziging BEFORE UPDATE ON logboek BEGIN"
             "  SELECT RAISE(ABORT, 'logboek is alleen aanvullen: wijzigen is niet toegestaan');"
             " END;"
             " CREATE TRIGGER logboek_geen_verwijdering BEFORE DELETE ON logboek BEGIN"
             "  SELECT RAISE(ABORT, 'logboek is alleen aanvullen: verwijderen is niet"
             " toegestaan'); END;",
             sql);
    if (!raw_sql(buf, msg, sizeof msg))
        fail_msg("tampering failed: %s", msg);
}

static int64_t verify_broken(void)
{
    sl_store *st;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    sl_logboek_check c;
    assert_true(sl_logboek_verify(st, &c));
    assert_int_equal(c.first_broken != 0, c.reden[0] != '\0');
    sl_store_close(st);
    return c.first_broken;
}

static void tampering_detected(void **state)
{
    (void)state;
    static const struct { const char *sql; int64_t first; } cases[] = {
        {"UPDATE logboek SET gebruiker = 'Iemand anders' WHERE id = 4", 4},
        {"UPDATE logboek SET doel = 'integraal_plan' WHERE id = 1", 1},
        {"UPDATE logboek SET nummeraanduiding_id = 14200000000002 WHERE id = 2", 2},
        {"UPDATE logboek SET nummeraanduiding_id = NULL WHERE id = 6", 6},
        {"UPDATE logboek SET tijdstip = '2020-01-01T00:00:00.000Z' WHERE id = 8", 8},
        {"UPDATE logboek SET hash = vorige_hash WHERE id = 3", 3},
        {"DELETE FROM logboek WHERE id = 5", 6},     /* the gap shows at the next record */
        {"DELETE FROM logboek WHERE id = 1", 2},
        {"UPDATE logboek SET id = id + 100 WHERE id = 7", 8},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sl_store *st = open_fresh();
        append_n(st, 8);
        sl_store_close(st);
        assert_int_equal(verify_broken(), 0);
        tamper(cases[i].sql);
        int64_t got = verify_broken();
        if (got != cases[i].first)
            fail_msg("'%s': first broken %lld, want %lld", cases[i].sql, (long long)got,
                     (long long)cases[i].first);
    }
}

/* Changing a record and re-hashing it consistently moves the break to the
 * next record: its vorige_hash no longer matches. */
static void rehashed_record_breaks_the_next(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    append_n(st, 4);
    collect c = {0};
    assert_true(sl_logboek_list(st, 0, collect_cb, &c));
    sl_store_close(st);
    sl_log_record r = c.r[1]; /* id 2 */
    snprintf(r.gebruiker, sizeof r.gebruiker, "Iemand anders");
    sl_logboek_hash(&r, r.hash);
    char sql[512];
    char hash[96];
    test_sql_digest(db, r.hash, hash, sizeof hash);
    snprintf(sql, sizeof sql, "UPDATE logboek SET gebruiker = 'Iemand anders', hash = %s"
                              " WHERE id = 2", hash);
    tamper(sql);
    assert_int_equal(verify_broken(), 3);
}

/* Two processes append at once; the chain stays linear. */
static void concurrent_appends(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    sl_store_close(st);
    enum { PER_CHILD = 150, CHILDREN = 2 };
    pid_t pids[CHILDREN];
    for (int k = 0; k < CHILDREN; k++) {
        pids[k] = fork();
        assert_true(pids[k] >= 0);
        if (pids[k] == 0) {
            sl_store *cs;
            char err[256];
            if (!sl_store_open(db, &cs, err, sizeof err))
                _exit(10);
            for (int i = 0; i < PER_CHILD; i++) {
                if (!sl_store_begin(cs) || !append_one(cs, k ? A1 : A4, "statusuitwisseling") ||
                    !sl_store_commit(cs)) {
                    fprintf(stderr, "child %d: %s\n", k, sl_store_errmsg(cs));
                    _exit(11);
                }
            }
            sl_store_close(cs);
            _exit(0);
        }
    }
    for (int k = 0; k < CHILDREN; k++) {
        int status;
        assert_int_equal(waitpid(pids[k], &status, 0), pids[k]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(verify_broken(), 0);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek"), PER_CHILD * CHILDREN);
    assert_int_equal(raw_count("SELECT max(id) FROM logboek"), PER_CHILD * CHILDREN);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek WHERE nummeraanduiding_id = "
                               "14200000000001"),
                     PER_CHILD);
    /* both really interleaved or not, each record follows exactly one other */
    assert_int_equal(raw_count("SELECT count(DISTINCT vorige_hash) FROM logboek"),
                     PER_CHILD * CHILDREN);
}

/* ---- consent --------------------------------------------------------------------- */

static const sl_actor svip = {.gebruiker = "S. Balie", .trace_id = "t-svip",
                              .viewer = {.role = SL_ROLE_SVIP, .org = SL_ACCOUNT_ORG_NCG}};

static sl_consent_state state_of(sl_store *st, int64_t addr, sl_doel d)
{
    sl_consent_state s;
    assert_true(sl_consent_lookup(st, addr, d, &s));
    return s;
}

static void migration_adds_rule_9(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    sl_ruleset rs;
    assert_true(sl_store_signal_ruleset(st, &rs));
    bool found = false;
    for (size_t i = 0; i < rs.n; i++)
        if (rs.rules[i].regel == 9) {
            found = true;
            assert_int_equal(rs.rules[i].trigger, SL_TRIGGER_TOESTEMMING_INGETROKKEN);
            assert_int_equal(rs.rules[i].aan, SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER |
                                                      SL_AAN_COORDINATOR); /* decision 164 */
        }
    assert_true(found);
    /* seeded once, from the core's defaults (the migration found no rule set yet) */
    assert_int_equal(raw_count("SELECT count(*) FROM signaalregel WHERE regel = 9"), 1);
    sl_store_close(st);
}

/* A colleague of S. Balie at NCG's desk, and IMG's desk. */
static const sl_actor svip2 = {.gebruiker = "T. Tweede", .trace_id = "t-svip2",
                               .viewer = {.role = SL_ROLE_SVIP, .org = SL_ACCOUNT_ORG_NCG}};
static const sl_actor svip_img = {.gebruiker = "I. Balie", .trace_id = "t-img",
                                  .viewer = {.role = SL_ROLE_SVIP, .org = SL_ACCOUNT_ORG_IMG}};

/* The evidence of a signed form. */
static sl_consent_evidence form(sl_date on, const char *kanaal)
{
    return (sl_consent_evidence){.gegeven_op = on, .kanaal = kanaal,
                                 .formulier_kenmerk = "GUO-2024-0001"};
}

static sl_outcome give(sl_store *st, const sl_actor *by, int64_t addr, sl_doel d,
                       sl_consent_evidence ev, int64_t versie, sl_date today,
                       sl_toestemming *out)
{
    char err[256];
    return sl_consent_give(st, by, addr, d, &ev, versie, today, out, err, sizeof err);
}

static sl_outcome confirm(sl_store *st, const sl_actor *by, int64_t id, int64_t versie,
                          sl_toestemming *out)
{
    char err[256];
    return sl_consent_confirm(st, by, id, NULL, versie, 1709251200, out, err, sizeof err);
}

static void consent_flow(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    load_small(st);
    const sl_date today = ymd(2024, 3, 1);
    char err[256];
    sl_toestemming t;
    assert_int_equal(state_of(st, A4, SL_DOEL_COORDINATIE), SL_CONSENT_NONE);

    /* request -> give (pending) -> confirm by a colleague -> withdraw */
    assert_int_equal(sl_consent_request(st, &svip, A4, SL_DOEL_COORDINATIE, ymd(2024, 2, 1),
                                        today, &t, err, sizeof err),
                     SL_OK);
    assert_int_equal(t.versie, 1);
    assert_int_equal(state_of(st, A4, SL_DOEL_COORDINATIE), SL_CONSENT_NONE);
    assert_int_equal(sl_consent_request(st, &svip, A4, SL_DOEL_COORDINATIE, ymd(2024, 2, 2),
                                        today, NULL, err, sizeof err),
                     SL_CONFLICT);
    assert_int_equal(give(st, &svip, A4, SL_DOEL_COORDINATIE, form(ymd(2024, 1, 1), "post"), 0,
                          today, NULL),
                     SL_INVALID); /* before the request */
    assert_int_equal(give(st, &svip, A4, SL_DOEL_COORDINATIE, form(ymd(2024, 2, 10), "duif"), 0,
                          today, NULL),
                     SL_INVALID);
    assert_int_equal(give(st, &svip, A4, SL_DOEL_COORDINATIE, form(ymd(2024, 3, 2), "post"), 0,
                          today, NULL),
                     SL_INVALID); /* in the future */
    assert_int_equal(give(st, &svip, A4, SL_DOEL_COORDINATIE, form(ymd(2024, 2, 10), "post"), 7,
                          today, NULL),
                     SL_CONFLICT); /* stale versie */
    /* staff name their evidence: no form reference, no channel, the resident's channel */
    sl_consent_evidence bare = {.gegeven_op = ymd(2024, 2, 10)};
    assert_int_equal(give(st, &svip, A4, SL_DOEL_COORDINATIE, bare, 0, today, NULL),
                     SL_INVALID);
    assert_int_equal(give(st, &svip, A4, SL_DOEL_COORDINATIE,
                          form(ymd(2024, 2, 10), "mijn_woning"), 0, today, NULL),
                     SL_INVALID);
    sl_consent_problem p[4];
    assert_int_equal(sl_consent_evidence_problems(&svip.viewer, &bare, today, p, 4), 2);
    assert_string_equal(p[0].veld, "kanaal");
    assert_string_equal(p[1].veld, "formulier_kenmerk");
    sl_consent_evidence blank = form(ymd(2024, 2, 10), "post");
    blank.formulier_kenmerk = "   ";
    assert_int_equal(sl_consent_evidence_problems(&svip.viewer, &blank, today, p, 4), 1);
    assert_int_equal(raw_count("SELECT count(*) FROM toestemming WHERE gegeven_op IS NOT NULL"),
                     0);

    assert_int_equal(give(st, &svip, A4, SL_DOEL_COORDINATIE, form(ymd(2024, 2, 10), "post"), 1,
                          today, &t),
                     SL_OK);
    assert_int_equal(t.versie, 2);
    assert_string_equal(t.kanaal, "post");
    assert_string_equal(t.formulier_kenmerk, "GUO-2024-0001");
    assert_string_equal(t.vastgelegd_door, "S. Balie");
    assert_int_equal(t.vastgelegd_org, SL_ACCOUNT_ORG_NCG);
    /* recorded by staff: waits for a second person and opens nothing yet */
    assert_int_equal(state_of(st, A4, SL_DOEL_COORDINATIE), SL_CONSENT_PENDING);
    json_t *j = sl_consent_json(&t);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "wacht_op_bevestiging");
    assert_true(json_is_null(json_object_get(j, "bevestigd_door")));
    json_decref(j);
    assert_int_equal(give(st, &svip, A4, SL_DOEL_COORDINATIE, form(ymd(2024, 2, 11), "digitaal"),
                          0, today, NULL),
                     SL_CONFLICT); /* already recorded */
    const int64_t id = t.id;
    /* four eyes: not the same account (whatever the case), not the other body, not a resident */
    const sl_actor same = {.gebruiker = "s. balie", .viewer = svip.viewer};
    assert_int_equal(confirm(st, &same, id, 0, NULL), SL_FORBIDDEN);
    assert_int_equal(confirm(st, &svip_img, id, 0, NULL), SL_FORBIDDEN);
    assert_int_equal(confirm(st, &svip2, id, 1, NULL), SL_STALE);
    assert_int_equal(confirm(st, &svip2, id + 100, 0, NULL), SL_NOT_FOUND);
    assert_int_equal(sl_consent_confirm(st, &svip2, id, "GUO-ANDERS", 0, 1709251200, NULL, err,
                                        sizeof err),
                     SL_INVALID); /* the reference is set already */
    assert_int_equal(state_of(st, A4, SL_DOEL_COORDINATIE), SL_CONSENT_PENDING);
    assert_int_equal(confirm(st, &svip2, id, 2, &t), SL_OK);
    assert_int_equal(t.versie, 3);
    assert_string_equal(t.bevestigd_door, "T. Tweede");
    assert_string_equal(t.bevestigd_op, "2024-03-01T00:00:00Z");
    assert_int_equal(state_of(st, A4, SL_DOEL_COORDINATIE), SL_CONSENT_GIVEN);
    assert_int_equal(confirm(st, &svip2, id, 0, NULL), SL_CONFLICT); /* confirmed already */
    /* consent for one purpose opens no other */
    assert_int_equal(state_of(st, A4, SL_DOEL_STATUSUITWISSELING), SL_CONSENT_NONE);
    assert_int_equal(raw_count("SELECT count(*) FROM signaal WHERE regel = 9"), 0);

    assert_int_equal(sl_consent_withdraw(st, &svip, A4, SL_DOEL_COORDINATIE, ymd(2024, 2, 20),
                                         3, today, &t, err, sizeof err),
                     SL_OK);
    assert_int_equal(state_of(st, A4, SL_DOEL_COORDINATIE), SL_CONSENT_WITHDRAWN);
    assert_string_equal(t.ingetrokken_door, "S. Balie");
    assert_string_equal(t.vastgelegd_door, "S. Balie"); /* who recorded it stays */
    /* rule 9 to both buddies of A4: N. Bos (IMG) and D. Bakker (NCG) */
    assert_int_equal(raw_count("SELECT count(*) FROM signaal WHERE regel = 9 AND "
                               "nummeraanduiding_id = 10200000000004 AND status = 'open'"),
                     1);
    assert_int_equal(raw_count("SELECT count(*) FROM signaal_adressaat a JOIN signaal s ON"
                               " s.id = a.signaal_id WHERE s.regel = 9 AND ((a.org = 'IMG' AND"
                               " a.rol = 'zaakbegeleider' AND a.persoon = 'N. Bos') OR (a.org ="
                               " 'NCG' AND a.rol = 'bewonersbegeleider' AND a.persoon ="
                               " 'D. Bakker'))"),
                     2);
    assert_int_equal(raw_count("SELECT count(*) FROM signaal WHERE regel = 9 AND vervalt_op ="
                               " '2024-03-03'"),
                     1);
    assert_int_equal(sl_consent_withdraw(st, &svip, A4, SL_DOEL_COORDINATIE, ymd(2024, 2, 21), 0,
                                         today, NULL, err, sizeof err),
                     SL_CONFLICT); /* nothing given any more */

    /* outbox: one event per change (request, give, confirm, withdraw) plus the signal */
    assert_int_equal(raw_count("SELECT count(*) FROM outbox WHERE onderwerp = 'toestemming'"), 4);
    assert_int_equal(raw_count("SELECT count(*) FROM outbox WHERE soort ="
                               " 'toestemming.gegeven' AND gegevens ->> 'status'"
                               " = 'wacht_op_bevestiging'"),
                     1);
    assert_int_equal(raw_count("SELECT count(*) FROM outbox WHERE soort ="
                               " 'toestemming.bevestigd' AND gegevens ->> 'status'"
                               " = 'gegeven'"),
                     1);
    assert_int_equal(raw_count("SELECT count(*) FROM outbox WHERE soort ="
                               " 'toestemming.ingetrokken' AND gegevens ->> 'status'"
                               " = 'ingetrokken'"),
                     1);
    assert_int_equal(raw_count("SELECT count(*) FROM outbox WHERE soort = 'signaal.aangemaakt'"
                               " AND CAST(gegevens ->> 'regel' AS integer) = 9"),
                     1);
    /* log: one wijziging per change, chain intact; the confirmation is the colleague's */
    assert_int_equal(raw_count("SELECT count(*) FROM logboek WHERE actie = 'wijziging' AND"
                               " nummeraanduiding_id = 10200000000004 AND gebruiker = 'S. Balie'"),
                     3);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek WHERE actie = 'wijziging' AND"
                               " gebruiker = 'T. Tweede' AND categorieen ="
                               " 'toestemming:bevestiging' AND trace_id = 't-svip2'"),
                     1);
    assert_int_equal(verify_broken(), 0);

    /* consent again after a withdrawal: a new row, recorded straight away (a signed form) */
    assert_int_equal(give(st, &svip, A4, SL_DOEL_COORDINATIE, form(ymd(2024, 2, 25), "balie"), 0,
                          today, &t),
                     SL_OK);
    assert_int_equal(t.aangevraagd_op, ymd(2024, 2, 25));
    assert_int_equal(state_of(st, A4, SL_DOEL_COORDINATIE), SL_CONSENT_PENDING);
    /* refused on assessment: the consent no longer counts; a new request may follow */
    assert_int_equal(sl_consent_assess(st, &svip, A4, SL_DOEL_COORDINATIE,
                                       SL_BEOORDELING_AFGEWEZEN, 0, &t, err, sizeof err),
                     SL_OK);
    assert_int_equal(state_of(st, A4, SL_DOEL_COORDINATIE), SL_CONSENT_NONE);
    assert_int_equal(sl_consent_assess(st, &svip, A4, SL_DOEL_COORDINATIE,
                                       SL_BEOORDELING_AKKOORD, 0, NULL, err, sizeof err),
                     SL_CONFLICT);
    assert_int_equal(sl_consent_request(st, &svip, A4, SL_DOEL_COORDINATIE, ymd(2024, 2, 28),
                                        today, NULL, err, sizeof err),
                     SL_OK);
    assert_int_equal(sl_consent_assess(st, &svip, A4, SL_DOEL_COORDINATIE,
                                       SL_BEOORDELING_AKKOORD, 0, &t, err, sizeof err),
                     SL_OK);
    assert_int_equal(t.beoordeling, SL_BEOORDELING_AKKOORD);
    assert_int_equal(sl_consent_assess(st, &svip, A4, SL_DOEL_COORDINATIE, SL_BEOORDELING_GEEN,
                                       0, NULL, err, sizeof err),
                     SL_INVALID);

    json_t *all;
    assert_true(sl_consents_json(st, A4, &all));
    assert_int_equal(json_array_size(all), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(all, 0), "status")),
                        "ingetrokken");
    assert_string_equal(json_string_value(json_object_get(json_array_get(all, 1), "status")),
                        "afgewezen");
    assert_string_equal(json_string_value(json_object_get(json_array_get(all, 2), "status")),
                        "aangevraagd");
    json_decref(all);

    /* unknown address, unknown purpose, no actor, a bewoner on someone else's address */
    assert_int_equal(sl_consent_request(st, &svip, 14200000000099, SL_DOEL_COORDINATIE,
                                        ymd(2024, 2, 1), today, NULL, err, sizeof err),
                     SL_NOT_FOUND);
    assert_int_equal(sl_consent_request(st, &svip, A1, SL_DOEL_COUNT, ymd(2024, 2, 1), today,
                                        NULL, err, sizeof err),
                     SL_INVALID);
    assert_int_equal(sl_consent_request(st, NULL, A1, SL_DOEL_COORDINATIE, ymd(2024, 2, 1), today,
                                        NULL, err, sizeof err),
                     SL_INVALID);
    const int64_t mine = A1;
    const sl_actor bewoner = {.gebruiker = "bewoner-1",
                              .viewer = {.role = SL_ROLE_BEWONER, .adressen = &mine,
                                         .n_adressen = 1}};
    sl_consent_evidence own = {.gegeven_op = ymd(2024, 2, 1)};
    assert_int_equal(give(st, &bewoner, A4, SL_DOEL_COORDINATIE, own, 0, today, NULL),
                     SL_NOT_FOUND);
    /* a resident names no form and no other channel: the account is the evidence */
    assert_int_equal(give(st, &bewoner, A1, SL_DOEL_INTEGRAAL_PLAN, form(ymd(2024, 2, 1), "post"),
                          0, today, NULL),
                     SL_INVALID);
    /* given by the resident in Mijn woning: in effect at once */
    assert_int_equal(give(st, &bewoner, A1, SL_DOEL_INTEGRAAL_PLAN, own, 0, today, &t),
                     SL_OK);
    assert_string_equal(t.kanaal, "mijn_woning");
    assert_int_equal(t.vastgelegd_org, SL_ACCOUNT_ORG_NONE);
    assert_int_equal(state_of(st, A1, SL_DOEL_INTEGRAAL_PLAN), SL_CONSENT_GIVEN);
    assert_int_equal(confirm(st, &svip2, t.id, 0, NULL), SL_CONFLICT); /* nothing to confirm */

    /* A4's consent is not the resident's of A1: not found, before the versie is looked at */
    assert_int_equal(sl_consent_withdraw_id(st, &bewoner, id, today, 999, today, NULL, err,
                                            sizeof err),
                     SL_NOT_FOUND);
    assert_int_equal(confirm(st, &bewoner, id, 999, NULL), SL_NOT_FOUND);
    assert_int_equal(sl_consent_withdraw_id(st, &svip, id, today, 999, today, NULL, err,
                                            sizeof err),
                     SL_STALE);
    assert_int_equal(sl_consent_withdraw_id(st, &svip, id, today, 0, today, NULL, err,
                                            sizeof err),
                     SL_CONFLICT); /* withdrawn long ago: not the running one */
    json_t *list;
    assert_int_equal(sl_consents_list_json(st, &bewoner.viewer, A4, &list), SL_NOT_FOUND);
    assert_int_equal(sl_consents_list_json(st, &bewoner.viewer, A1, &list), SL_OK);
    assert_int_equal(json_array_size(list), 1);
    json_decref(list);
    const sl_actor planner = {.gebruiker = "p", .viewer = {.role = SL_ROLE_PLANNER}};
    assert_int_equal(sl_consents_list_json(st, &planner.viewer, A1, &list), SL_FORBIDDEN);

    /* a resident's own pending consent is confirmed by staff, not by the resident */
    assert_int_equal(give(st, &svip, A1, SL_DOEL_COORDINATIE, form(ymd(2024, 2, 1), "post"), 0,
                          today, &t),
                     SL_OK);
    assert_int_equal(confirm(st, &bewoner, t.id, 0, NULL), SL_FORBIDDEN);
    /* withdrawing a consent that never took effect tells no buddy (it opened nothing) */
    assert_int_equal(sl_consent_withdraw_id(st, &bewoner, t.id, today, t.versie, today, &t, err,
                                            sizeof err),
                     SL_OK);
    assert_string_equal(t.ingetrokken_door, "bewoner-1");
    assert_int_equal(raw_count("SELECT count(*) FROM signaal WHERE regel = 9 AND"
                               " nummeraanduiding_id = 14200000000001"),
                     0);
    assert_int_equal(give(st, &bewoner, A1, SL_DOEL_COORDINATIE, own, 0, today, &t), SL_OK);
    assert_int_equal(sl_consent_withdraw_id(st, &bewoner, t.id, today, 0, today, NULL, err,
                                            sizeof err),
                     SL_OK);
    assert_int_equal(raw_count("SELECT count(*) FROM signaal WHERE regel = 9 AND"
                               " nummeraanduiding_id = 14200000000001"),
                     1);
    assert_int_equal(verify_broken(), 0);
    sl_store_close(st);
}

/* A register from before migration 0013: a resident's consent stays in effect (as
 * given in Mijn woning); one staff recorded without evidence now waits for a colleague,
 * who names the form's reference on confirming. */
static void migration_makes_staff_consent_wait(void **state)
{
    (void)state;
    if (test_sql_is_pg(db))
        skip(); /* SQLite's migrations after 0012; PostgreSQL's schema starts at 14 */
    sl_store *st = open_fresh();
    load_small(st);
    sl_store_close(st);
    char msg[256];
    assert_true(
        raw_sql("INSERT INTO gebruiker (naam, rol, org, wachtwoord_hash, aangemaakt_op) VALUES"
                " ('S. Balie', 'svip', 'NCG', 'x', 0), ('bewoner-1', 'bewoner', '', 'x', 0);"
                "DROP TABLE toestemming;"
                "CREATE TABLE toestemming (id INTEGER PRIMARY KEY, nummeraanduiding_id INTEGER"
                " NOT NULL, doel TEXT NOT NULL, aangevraagd_op TEXT NOT NULL, gegeven_op TEXT,"
                " kanaal TEXT, ingetrokken_op TEXT, beoordeling TEXT NOT NULL DEFAULT '',"
                " vastgelegd_door TEXT NOT NULL, vastgelegd_op TEXT NOT NULL DEFAULT '',"
                " versie INTEGER NOT NULL DEFAULT 1);"
                "INSERT INTO toestemming (nummeraanduiding_id, doel, aangevraagd_op, gegeven_op,"
                " kanaal, vastgelegd_door) VALUES"
                " (10200000000004, 'samenloop', '2024-02-01', '2024-02-01', 'formulier',"
                " 'S. Balie'),"
                " (14200000000001, 'samenloop', '2024-02-01', '2024-02-01', 'digitaal',"
                " 'bewoner-1');"
                /* and without what 0014 adds, which runs again */
                "DROP INDEX combinatiedossier_coordinator;"
                "ALTER TABLE combinatiedossier DROP COLUMN coordinator_id;"
                "PRAGMA user_version = 12;",
                msg, sizeof msg));
    st = NULL;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    assert_int_equal(state_of(st, A4, SL_DOEL_COORDINATIE), SL_CONSENT_PENDING);
    assert_int_equal(state_of(st, A1, SL_DOEL_COORDINATIE), SL_CONSENT_GIVEN);
    sl_toestemming t;
    bool found;
    assert_true(sl_store_consent_latest(st, A4, SL_DOEL_COORDINATIE, &t, &found));
    assert_string_equal(t.kanaal, "post");
    assert_int_equal(t.vastgelegd_org, SL_ACCOUNT_ORG_NCG);
    assert_int_equal(sl_consent_confirm(st, &svip2, t.id, NULL, 0, 1709251200, NULL, err,
                                        sizeof err),
                     SL_INVALID); /* the form's reference is required now */
    assert_non_null(strstr(err, "formulier_kenmerk"));
    assert_int_equal(sl_consent_confirm(st, &svip2, t.id, "GUO-OUD-7", 0, 1709251200, &t, err,
                                        sizeof err),
                     SL_OK);
    assert_string_equal(t.formulier_kenmerk, "GUO-OUD-7");
    assert_int_equal(state_of(st, A4, SL_DOEL_COORDINATIE), SL_CONSENT_GIVEN);
    /* the schema itself refuses a confirmation by the one who recorded it */
    sl_store_close(st);
    assert_false(raw_sql("UPDATE toestemming SET bevestigd_door = 'bewoner-1',"
                         " bevestigd_op = '2024-03-01T00:00:00Z' WHERE"
                         " nummeraanduiding_id = 14200000000001",
                         msg, sizeof msg));
}

/* ---- the sharing service ------------------------------------------------------------- */

/* A look through the disclosure gate, every category of what may be shown, logged. */
static bool look(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by, sl_doel doel,
                 int64_t address_id, sl_date today, sl_share_decision *d, bool *found)
{
    sl_disclosure g;
    if (!sl_disclose(st, cfg, by, doel, address_id, NULL, today, &g) ||
        !sl_disclosure_write(st, &g))
        return false;
    *d = g.dec;
    *found = g.found;
    return true;
}

static void sharing_service(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    load_small(st);
    sl_sharing_config cfg;
    sl_sharing_config_default(&cfg);
    const sl_date today = ymd(2024, 3, 1);
    sl_share_decision d;
    bool found;
    char err[256];
    sl_toestemming t;

    /* A1: samenloop in Groningen: the NCG part under the statute, one log record */
    assert_true(look(st, &cfg, &zb, SL_DOEL_COORDINATIE, A1, today, &d, &found));
    assert_true(found);
    assert_true(d.deel[SL_DEEL_TRAJECT].shown);
    assert_int_equal(d.deel[SL_DEEL_TRAJECT].grondslag, SL_GRONDSLAG_WETTELIJKE_TAAK);
    assert_true(d.log);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek WHERE grondslag ="
                               " 'wettelijke_taak_samenloop' AND categorieen ="
                               " 'traject:id,status,datums,contact,kenmerken' AND trace_id ="
                               " 'trace-zb'"),
                     1);
    /* the same before the AMvB: withheld, nothing logged */
    assert_true(look(st, &cfg, &zb, SL_DOEL_COORDINATIE, A1, ymd(2023, 6, 1), &d,
                                  &found));
    assert_false(d.deel[SL_DEEL_TRAJECT].shown);
    assert_false(d.log);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek WHERE doel <> 'levering'"), 1);

    /* A6: trajectory delivered, so no samenloop; A4: claim decided, so none either */
    assert_true(sl_sharing_decide(st, &cfg, &zb.viewer, SL_DOEL_COORDINATIE, A6, today, &d,
                                  &found));
    assert_false(d.deel[SL_DEEL_TRAJECT].shown);
    sl_share_subject s;
    char code[SL_GEMEENTE_CAP];
    assert_true(sl_sharing_subject(st, A4, &s, code, &found));
    assert_true(found);
    assert_string_equal(code, "1979");
    assert_true(s.open_trajectory);
    assert_false(s.undecided_claim);
    const sl_actor ncg = {.gebruiker = "D. Bakker",
                          .viewer = {.role = SL_ROLE_BEWONERSBEGELEIDER,
                                     .org = SL_ACCOUNT_ORG_NCG}};
    assert_true(look(st, &cfg, &ncg, SL_DOEL_STATUSUITWISSELING, A4, today, &d,
                                  &found));
    assert_false(d.deel[SL_DEEL_SCHADES].shown);
    assert_true(d.deel[SL_DEEL_TRAJECT].shown);
    /* consent for that purpose opens IMG's part; its withdrawal closes it at once */
    assert_int_equal(give(st, &svip, A4, SL_DOEL_STATUSUITWISSELING,
                          form(ymd(2024, 2, 1), "telefoon"), 0, today, &t),
                     SL_OK);
    /* pending: IMG's part stays withheld, and the reason says why */
    assert_true(look(st, &cfg, &ncg, SL_DOEL_STATUSUITWISSELING, A4, today, &d,
                                  &found));
    assert_false(d.deel[SL_DEEL_SCHADES].shown);
    assert_non_null(strstr(d.deel[SL_DEEL_SCHADES].reden, "bevestigen"));
    assert_int_equal(confirm(st, &svip2, t.id, 0, NULL), SL_OK);
    assert_true(look(st, &cfg, &ncg, SL_DOEL_STATUSUITWISSELING, A4, today, &d,
                                  &found));
    assert_true(d.deel[SL_DEEL_SCHADES].shown);
    assert_int_equal(d.deel[SL_DEEL_SCHADES].grondslag, SL_GRONDSLAG_TOESTEMMING);
    assert_int_equal(d.deel[SL_DEEL_SCHADES].categories & SL_CAT_BEDRAGEN, 0);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek WHERE gebruiker = 'D. Bakker' AND"
                               " grondslag = 'toestemming' AND categorieen LIKE 'schades:%'"),
                     1);
    assert_int_equal(sl_consent_withdraw(st, &svip, A4, SL_DOEL_STATUSUITWISSELING,
                                         ymd(2024, 2, 29), 0, today, NULL, err, sizeof err),
                     SL_OK);
    assert_true(look(st, &cfg, &ncg, SL_DOEL_STATUSUITWISSELING, A4, today, &d,
                                  &found));
    assert_false(d.deel[SL_DEEL_SCHADES].shown);
    assert_non_null(strstr(d.deel[SL_DEEL_SCHADES].reden, "ingetrokken"));

    /* a bewoner: own address fully, not logged; another address: not found */
    const int64_t mine = A1;
    const sl_actor bewoner = {.gebruiker = "bewoner-1",
                              .viewer = {.role = SL_ROLE_BEWONER, .adressen = &mine,
                                         .n_adressen = 1}};
    int64_t before = raw_count("SELECT count(*) FROM logboek");
    assert_true(look(st, &cfg, &bewoner, SL_DOEL_EIGEN_INZAGE, A1, today, &d,
                                  &found));
    assert_true(d.deel[SL_DEEL_SCHADES].shown && d.deel[SL_DEEL_TRAJECT].shown);
    assert_int_equal(d.deel[SL_DEEL_SCHADES].grondslag, SL_GRONDSLAG_EIGEN_ADRES);
    assert_true(look(st, &cfg, &bewoner, SL_DOEL_EIGEN_INZAGE, A4, today, &d,
                                  &found));
    assert_true(found);
    assert_true(d.not_found);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek"), before);
    /* an address not in the register */
    assert_true(look(st, &cfg, &zb, SL_DOEL_COORDINATIE, 14200000000099, today, &d,
                                  &found));
    assert_false(found);
    assert_false(d.deel[0].shown || d.deel[1].shown);
    /* a svip access is logged also when only its own part is shown */
    before = raw_count("SELECT count(*) FROM logboek");
    assert_true(look(st, &cfg, &svip, SL_DOEL_SVIP_VERZOEK, A6, today, &d, &found));
    assert_true(d.deel[SL_DEEL_TRAJECT].shown);
    assert_false(d.deel[SL_DEEL_SCHADES].shown);
    assert_int_equal(raw_count("SELECT count(*) FROM logboek"), before + 1);
    assert_int_equal(verify_broken(), 0);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hash_known_answer),
        cmocka_unit_test(append_list_verify),
        cmocka_unit_test(list_by_address),
        cmocka_unit_test(append_refusals),
        cmocka_unit_test(triggers_refuse_changes),
        cmocka_unit_test(tampering_detected),
        cmocka_unit_test(rehashed_record_breaks_the_next),
        cmocka_unit_test(concurrent_appends),
        cmocka_unit_test(migration_adds_rule_9),
        cmocka_unit_test(consent_flow),
        cmocka_unit_test(migration_makes_staff_consent_wait),
        cmocka_unit_test(sharing_service),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
