/*
 * test_logboek_anker.c - the processing log covers everything and cannot be
 * cut short unnoticed: one record per delivery (its counts and SHA-256, linked
 * to the delivery and its history), signal transitions logged, the log read
 * through its service, and anchors that catch the newest records removed from
 * either chain, an emptied look log and a deleted look-log file; a signed
 * anchor that was changed; a published head; an acknowledged loss.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "service/delivery_log.h"
#include "service/import.h"
#include "service/logboek.h"
#include "service/logboek_anker.h"
#include "service/signals.h"
#include "store/log_store.h"

#include "test_sql.h"
#include "tmp_register.h"

static const int64_t A1 = 14200000000001;

static const sl_actor steward = {.gebruiker = "d.visser", .trace_id = "trace-up",
                                 .viewer = {.role = SL_ROLE_DATASTEWARD,
                                            .org = SL_ACCOUNT_ORG_NCG}};
static const sl_actor zb = {.gebruiker = "K. Postma", .trace_id = "trace-zb",
                            .viewer = {.role = SL_ROLE_ZAAKBEGELEIDER,
                                       .org = SL_ACCOUNT_ORG_IMG}};

static sl_store *open_fresh(void)
{
    tmp_register_clear();
    sl_store *st = NULL;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    return st;
}

static sl_store *reopen(sl_store *st)
{
    sl_store_close(st);
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    return st;
}

static void import_one(sl_store *st, const char *folder, const char *file, const sl_actor *by,
                       sl_import_report *rep)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s/%s", SL_TEST_DATA, folder, file);
    sl_import_hooks hooks = {.by = by};
    assert_true(sl_import_file(st, path, &hooks, rep));
    assert_true(rep->processed);
}

static void load_small(sl_store *st)
{
    sl_import_report rep;
    import_one(st, "small", "bag_adressen.csv", NULL, &rep);
    import_one(st, "small", "ncg_trajecten.csv", NULL, &rep);
    import_one(st, "small", "img_schades.csv", NULL, &rep);
}

static int64_t raw_int(const char *sql)
{
    return test_sql_int(db, sql);
}

/* SQL through a second connection past the log's append-only triggers, as
 * someone with the database would (on `target`, the register or its look log):
 * SQLite's `triggers` dropped, PostgreSQL's switched off for the transaction. */
static void unguarded(const char *target, const char *triggers, const char *sql)
{
    char buf[600];
    snprintf(buf, sizeof buf, "%s %s", test_sql_is_pg(target) ? TEST_SQL_UNGUARDED : triggers,
             sql);
    test_sql_exec(target, buf);
}

static const char DROP_TRIGGERS[] = "DROP TRIGGER logboek_geen_verwijdering;";

/* Appends n look records to the look log, as the server's writer does. */
static void append_looks(int n)
{
    sl_store *looks;
    char err[256];
    assert_true(sl_store_open_looks(db, &looks, err, sizeof err));
    for (int i = 0; i < n; i++) {
        sl_log_entry e = {.actor = &zb, .doel = "samenloop",
                          .grondslag = "wettelijke_taak_samenloop",
                          .categorieen = "traject:id,status", .address_id = A1,
                          .actie = "inzage"};
        sl_log_record r;
        assert_true(sl_logboek_prepare(looks, &e, &r));
        assert_true(sl_store_begin(looks));
        assert_true(sl_logboek_append_prepared(looks, &r));
        assert_true(sl_store_commit(looks));
    }
    sl_store_close(looks);
}

static void looks_path(char *out, size_t cap)
{
    test_sql_looks(db, out, cap);
}

static void assert_broken(sl_store *st, const sl_log_key *key, bool newest_only, const char *part)
{
    sl_anchor_check c;
    assert_true(sl_logboek_anchors_check(st, key, newest_only, &c));
    if (!c.broken || !strstr(c.reden, part))
        fail_msg("expected a broken anchor check naming '%s', got %d '%s'", part, c.broken,
                 c.reden);
}

static void assert_intact(sl_store *st, const sl_log_key *key)
{
    sl_anchor_check c;
    assert_true(sl_logboek_anchors_check(st, key, false, &c));
    if (c.broken)
        fail_msg("anchor check broken: %s", c.reden);
}

/* ---- one record per delivery --------------------------------------------------------- */

static void v2_hash_known_answer(void **state)
{
    (void)state;
    /* computed with Python's hashlib.blake2b(digest_size=32) over the v2 encoding of
     * logboek.h: the v1 fields, then levering_id and gegevens */
    sl_log_record r;
    memset(&r, 0, sizeof r);
    r.id = 1;
    memset(r.vorige_hash, '0', 64);
    snprintf(r.tijdstip, sizeof r.tijdstip, "2024-01-02T03:04:05.678Z");
    snprintf(r.gebruiker, sizeof r.gebruiker, "samenloop import");
    snprintf(r.org, sizeof r.org, "IMG");
    snprintf(r.rol, sizeof r.rol, "datasteward");
    snprintf(r.doel, sizeof r.doel, "levering");
    snprintf(r.grondslag, sizeof r.grondslag, "eigen_organisatie");
    snprintf(r.categorieen, sizeof r.categorieen, "img_schades:levering");
    snprintf(r.actie, sizeof r.actie, "wijziging");
    r.levering_id = 7;
    snprintf(r.gegevens, sizeof r.gegevens, "{\"levering\":7}");
    char h[SL_LOG_HASH_CAP];
    sl_logboek_hash(&r, h);
    assert_string_equal(h, "62675742510e829bd96152197ceee35f1a9308f54aeec8eea7cc12459b144e88");
    /* stripping the delivery from the record breaks its hash */
    r.levering_id = 0;
    r.gegevens[0] = '\0';
    char h2[SL_LOG_HASH_CAP];
    sl_logboek_hash(&r, h2);
    assert_string_not_equal(h, h2);
}

static void every_delivery_writes_one_record(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    load_small(st);
    assert_int_equal(raw_int("SELECT count(*) FROM logboek"), 3);
    /* each names its own delivery, with that delivery's counts and SHA-256 */
    char sql[1200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM logboek l JOIN levering v ON v.id ="
             " l.levering_id WHERE l.doel = 'levering' AND l.actie = 'wijziging'"
             " AND %s = v.sha256 AND length(v.sha256) = %d AND %s = v.soort"
             " AND %s = v.nieuw AND %s = v.gewijzigd AND %s = v.afwezig AND %s = v.afgewezen"
             " AND %s = v.id",
             test_sql_json(db, "l.gegevens", "sha256", "hex"), test_sql_is_pg(db) ? 32 : 64, /* bytes, or hex */
             test_sql_json(db, "l.gegevens", "soort", "text"),
             test_sql_json(db, "l.gegevens", "nieuw", "bigint"),
             test_sql_json(db, "l.gegevens", "gewijzigd", "bigint"),
             test_sql_json(db, "l.gegevens", "afwezig", "bigint"),
             test_sql_json(db, "l.gegevens", "afgewezen", "bigint"),
             test_sql_json(db, "l.gegevens", "levering", "bigint"));
    assert_int_equal(raw_int(sql), 3);
    /* the command line's deliveries: the organisation whose kind it is */
    assert_int_equal(raw_int("SELECT count(*) FROM logboek WHERE gebruiker = 'samenloop import'"
                             " AND rol = 'datasteward' AND ((org = 'NCG' AND categorieen ="
                             " 'ncg_trajecten:levering') OR (org = 'IMG' AND categorieen ="
                             " 'img_schades:levering') OR (org = '' AND categorieen ="
                             " 'bag_adressen:levering'))"),
                     3);

    /* a changing delivery, uploaded by a data steward: its record names them, and the
     * statushistorie rows it wrote are reached from the record through the delivery */
    sl_import_report rep;
    import_one(st, "small2", "ncg_trajecten.csv", &steward, &rep);
    assert_true(rep.counts.gewijzigd > 0);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM logboek WHERE levering_id = %lld AND gebruiker = 'd.visser'"
             " AND org = 'NCG' AND trace_id = 'trace-up' AND %s = %lld",
             (long long)rep.delivery_id, test_sql_json(db, "gegevens", "gewijzigd", "bigint"),
             (long long)rep.counts.gewijzigd);
    assert_int_equal(raw_int(sql), 1);
    assert_true(raw_int("SELECT count(*) FROM statushistorie h JOIN logboek l ON l.levering_id ="
                        " h.levering_id WHERE l.gebruiker = 'd.visser'") > 0);

    /* decision 87: a delivery that changes nothing still writes its record */
    int64_t before = raw_int("SELECT count(*) FROM logboek");
    import_one(st, "small2", "ncg_trajecten.csv", &steward, &rep);
    assert_int_equal(rep.counts.nieuw + rep.counts.gewijzigd + rep.counts.absent, 0);
    assert_int_equal(raw_int("SELECT count(*) FROM logboek"), before + 1);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM logboek WHERE levering_id = %lld AND %s = 0 AND %s = 0",
             (long long)rep.delivery_id, test_sql_json(db, "gegevens", "nieuw", "bigint"),
             test_sql_json(db, "gegevens", "gewijzigd", "bigint"));
    assert_int_equal(raw_int(sql), 1);

    sl_logboek_check c;
    assert_true(sl_logboek_verify(st, &c));
    assert_int_equal(c.first_broken, 0);
    sl_store_close(st);
}

static void record_json_carries_the_delivery(void **state)
{
    (void)state;
    sl_log_record r;
    memset(&r, 0, sizeof r);
    r.id = 4;
    r.levering_id = 2;
    snprintf(r.gegevens, sizeof r.gegevens, "{\"levering\":2,\"nieuw\":5}");
    json_t *o = sl_log_record_json(&r);
    assert_non_null(o);
    assert_int_equal(json_integer_value(json_object_get(o, "levering_id")), 2);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(o, "gegevens"), "nieuw")), 5);
    json_decref(o);
    /* an ordinary record has neither */
    r.levering_id = 0;
    r.gegevens[0] = '\0';
    o = sl_log_record_json(&r);
    assert_null(json_object_get(o, "levering_id"));
    assert_null(json_object_get(o, "gegevens"));
    json_decref(o);
}

/* ---- other change paths ------------------------------------------------------------ */

static void signal_transition_is_logged(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    load_small(st);
    sl_import_report rep;
    import_one(st, "small2", "ncg_trajecten.csv", NULL, &rep);
    import_one(st, "small2", "img_schades.csv", NULL, &rep);
    int64_t id = raw_int("SELECT coalesce(min(id), 0) FROM signaal WHERE status = 'open'");
    assert_true(id > 0);
    int64_t before = raw_int("SELECT count(*) FROM logboek");
    bool not_found;
    char err[256];
    assert_true(sl_signal_transition(st, id, SL_SIGNAAL_AFGEWEZEN, &zb, "dubbel", &not_found,
                                     err, sizeof err));
    assert_int_equal(raw_int("SELECT count(*) FROM logboek"), before + 1);
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM logboek l JOIN signaal s ON s.id = %lld WHERE l.id ="
             " (SELECT max(id) FROM logboek) AND l.gebruiker = 'K. Postma' AND l.actie ="
             " 'wijziging' AND l.doel = 'signaal' AND l.nummeraanduiding_id ="
             " s.nummeraanduiding_id AND %s = %lld AND %s = 'afgewezen'",
             (long long)id, test_sql_json(db, "l.gegevens", "signaal", "bigint"), (long long)id,
             test_sql_json(db, "l.gegevens", "naar", "text"));
    assert_int_equal(raw_int(sql), 1);
    /* a refused transition writes nothing */
    assert_false(sl_signal_transition(st, id, SL_SIGNAAL_BEVESTIGD, &zb, NULL, &not_found, err,
                                      sizeof err));
    assert_int_equal(raw_int("SELECT count(*) FROM logboek"), before + 1);
    sl_store_close(st);
}

typedef struct count_ctx {
    int n;
} count_ctx;

static bool count_cb(void *p, const sl_log_record *r)
{
    (void)r;
    ((count_ctx *)p)->n++;
    return true;
}

static void reading_the_log_goes_through_the_service(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    load_small(st);
    count_ctx c = {0};
    sl_viewer beheerder = {.role = SL_ROLE_BEHEERDER};
    assert_int_equal(sl_logboek_read(st, &beheerder, 0, count_cb, &c), SL_OK);
    assert_int_equal(c.n, 3);
    c.n = 0;
    assert_int_equal(sl_logboek_read(st, &zb.viewer, 0, count_cb, &c), SL_FORBIDDEN);
    int64_t mine = A1;
    sl_viewer bewoner = {.role = SL_ROLE_BEWONER, .adressen = &mine, .n_adressen = 1};
    assert_int_equal(sl_logboek_read(st, &bewoner, 14200000000002, count_cb, &c),
                     SL_NOT_FOUND);
    assert_int_equal(sl_logboek_read(st, &bewoner, A1, count_cb, &c), SL_OK);
    assert_int_equal(c.n, 0);
    sl_store_close(st);
}

/* ---- anchors --------------------------------------------------------------------------- */

static void anchor_written_only_when_heads_move(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    sl_log_key none = {0};
    sl_anchor_check c;
    assert_true(sl_logboek_anchors_check(st, &none, false, &c));
    assert_false(c.have_newest);
    load_small(st);
    bool written;
    sl_log_anchor a;
    assert_true(sl_logboek_anchor_write(st, &none, true, &a, &written));
    assert_true(written);
    assert_int_equal(a.head_id[SL_KETEN_REGISTER], 3);
    assert_int_equal(a.head_id[SL_KETEN_INZAGE], 0);
    assert_string_equal(a.sleutel_id, "");
    assert_true(sl_logboek_anchor_write(st, &none, true, NULL, &written));
    assert_false(written);
    append_looks(2);
    assert_true(sl_logboek_anchor_write(st, &none, true, &a, &written));
    assert_true(written);
    assert_int_equal(a.head_id[SL_KETEN_INZAGE], 2);
    assert_int_equal(raw_int("SELECT count(*) FROM logboek_anker"), 2);
    assert_intact(st, &none);
    /* append-only like the log */
    char msg[256];
    assert_false(test_sql_try(db, "DELETE FROM logboek_anker", msg, sizeof msg));
    assert_false(test_sql_try(db, "UPDATE logboek_anker SET register_id = 1", msg, sizeof msg));
    sl_store_close(st);
}

/* A register with three delivery records and three look records, anchored. */
static sl_store *anchored(const sl_log_key *key)
{
    sl_store *st = open_fresh();
    load_small(st);
    append_looks(3);
    assert_true(sl_logboek_anchor_write(st, key, false, NULL, NULL));
    assert_intact(st, key);
    return st;
}

static void removed_register_records_detected(void **state)
{
    (void)state;
    sl_log_key none = {0};
    sl_store *st = anchored(&none);
    sl_store_close(st);
    unguarded(db, DROP_TRIGGERS, "DELETE FROM logboek WHERE id = 3;");
    st = reopen(NULL);
    /* the chain itself is intact: only the anchor shows it */
    sl_logboek_check c;
    assert_true(sl_logboek_verify(st, &c));
    assert_int_equal(c.first_broken, 0);
    assert_broken(st, &none, false, "het registerlogboek eindigt bij record 2");
    assert_broken(st, &none, true, "de nieuwste records zijn verwijderd");
    sl_store_close(st);
}

static void removed_look_records_detected(void **state)
{
    (void)state;
    sl_log_key none = {0};
    sl_store_close(anchored(&none));
    char looks[300];
    looks_path(looks, sizeof looks);
    unguarded(looks, DROP_TRIGGERS, "DELETE FROM logboek WHERE id = 3;");
    sl_store *st = reopen(NULL);
    assert_broken(st, &none, false, "het inzagelogboek eindigt bij record 2");
    sl_store_close(st);
}

static void emptied_look_log_detected(void **state)
{
    (void)state;
    sl_log_key none = {0};
    sl_store_close(anchored(&none));
    char looks[300];
    looks_path(looks, sizeof looks);
    unguarded(looks, DROP_TRIGGERS, "DELETE FROM logboek;");
    sl_store *st = reopen(NULL);
    assert_broken(st, &none, true, "het inzagelogboek is leeg of het bestand ontbreekt");
    sl_store_close(st);
}

static void deleted_look_log_detected(void **state)
{
    (void)state;
    sl_log_key none = {0};
    sl_store_close(anchored(&none));
    /* SQLite's file gone; PostgreSQL has no file of its own for the look log, so
     * there it is emptied, which the check treats the same */
    if (test_sql_is_pg(db)) {
        char looks[300];
        looks_path(looks, sizeof looks);
        unguarded(looks, DROP_TRIGGERS, "DELETE FROM logboek;");
    }
    static const char *const suffix[] = {"-inzage", "-inzage-wal", "-inzage-shm"};
    for (size_t i = 0; i < 3 && !test_sql_is_pg(db); i++) {
        char path[200];
        snprintf(path, sizeof path, "%s%s", db, suffix[i]);
        unlink(path);
    }
    sl_store *st = reopen(NULL); /* makes it again, empty */
    assert_broken(st, &none, true, "het inzagelogboek is leeg of het bestand ontbreekt");

    /* acknowledged: logged, a new anchor, and from then on intact */
    sl_actor beheerder = {.gebruiker = "p.smit", .viewer = {.role = SL_ROLE_BEHEERDER}};
    int64_t id;
    assert_false(sl_logboek_acknowledge_loss(st, &none, &beheerder, "", &id));
    assert_true(sl_logboek_acknowledge_loss(st, &none, &beheerder, "schijf kapot", &id));
    assert_int_equal(id, 4);
    assert_intact(st, &none);
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM logboek WHERE gebruiker = 'p.smit' AND"
             " categorieen = 'logboek:verlies' AND %s = 'schijf kapot' AND %s LIKE '3:%%'",
             test_sql_json(db, "gegevens", "reden", "text"),
             test_sql_json(db, "gegevens", "anker_was.inzage", "text"));
    assert_int_equal(raw_int(sql), 1);
    assert_int_equal(raw_int("SELECT verlies FROM logboek_anker ORDER BY id DESC LIMIT 1"), 1);
    sl_logboek_check c;
    assert_true(sl_logboek_verify(st, &c));
    assert_int_equal(c.first_broken, 0);
    sl_store_close(st);
}

static void rewritten_chain_detected(void **state)
{
    (void)state;
    sl_log_key none = {0};
    sl_store_close(anchored(&none));
    /* a whole register chain put in place of the old one (say, an older copy's plus new
     * records): intact by itself, but not the chain the anchor saw */
    unguarded(db, DROP_TRIGGERS, "DELETE FROM logboek WHERE id = 3;");
    sl_store *st = reopen(NULL);
    assert_true(sl_store_begin(st));
    sl_log_entry e = {.actor = &zb, .doel = "samenloop", .grondslag = "eigen_organisatie",
                      .categorieen = "schades:id", .actie = "wijziging"};
    assert_true(sl_logboek_append(st, &e, NULL));
    assert_true(sl_store_commit(st));
    assert_broken(st, &none, false, "record 3 van het registerlogboek is niet het record");
    sl_store_close(st);
}

/* ---- the key ---------------------------------------------------------------------------- */

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
}

static void key_load_and_refusals(void **state)
{
    (void)state;
    char path[200], err[600];
    snprintf(path, sizeof path, "%s/sleutel", db_dir);
    unlink(path);
    sl_log_key k;
    /* known answer: bytes 0..31; the id as logboek_anker.h documents it (Python hashlib) */
    write_file(path, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n", 0600);
    assert_true(sl_log_key_load(path, &k, err, sizeof err));
    assert_true(k.set);
    assert_string_equal(k.id, "30b26cc187e57179");
    sl_log_key_wipe(&k);
    /* readable by others: refused, and the message never holds the key */
    chmod(path, 0644);
    assert_false(sl_log_key_load(path, &k, err, sizeof err));
    assert_non_null(strstr(err, "chmod 600"));
    assert_null(strstr(err, "0001020304"));
    /* not a key */
    write_file(path, "geheim\n", 0600);
    assert_false(sl_log_key_load(path, &k, err, sizeof err));
    assert_false(k.set);
    /* none configured */
    assert_true(sl_log_key_load("", &k, err, sizeof err));
    assert_false(k.set);
    /* a new one: 0600, loadable, never over an existing file */
    unlink(path);
    assert_true(sl_log_key_create(path, err, sizeof err));
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_true(sl_log_key_load(path, &k, err, sizeof err));
    assert_false(sl_log_key_create(path, err, sizeof err));
    unlink(path);
}

static void signed_anchor_changed_is_detected(void **state)
{
    (void)state;
    char path[200], err[600];
    snprintf(path, sizeof path, "%s/sleutel", db_dir);
    unlink(path);
    assert_true(sl_log_key_create(path, err, sizeof err));
    sl_log_key key;
    assert_true(sl_log_key_load(path, &key, err, sizeof err));
    sl_store *st = anchored(&key);
    sl_anchor_check c;
    assert_true(sl_logboek_anchors_check(st, &key, false, &c));
    assert_int_equal(c.unchecked_mac, 0);
    assert_string_equal(c.newest.sleutel_id, key.id);
    sl_store_close(st);
    /* cut the chain and move the anchor back with it, behind the triggers' back */
    unguarded(db, "DROP TRIGGER logboek_geen_verwijdering; DROP TRIGGER logboek_anker_geen_wijziging;",
              "DELETE FROM logboek WHERE id = 3; UPDATE logboek_anker SET register_id = 2,"
              " register_hash = (SELECT hash FROM logboek WHERE id = 2);");
    st = reopen(NULL);
    assert_broken(st, &key, false, "de handtekening klopt niet");
    /* without the key the moved anchor passes: that is what the key is for */
    sl_log_key none = {0};
    assert_intact(st, &none);
    /* another key does not check this one's anchors, and says so */
    sl_log_key other = key;
    other.id[0] = other.id[0] == 'a' ? 'b' : 'a';
    assert_true(sl_logboek_anchors_check(st, &other, false, &c));
    assert_false(c.broken);
    assert_int_equal(c.unchecked_mac, 1);
    sl_log_key_wipe(&key);
    unlink(path);
    sl_store_close(st);
}

/* ---- a published head ------------------------------------------------------------------ */

static void published_head_checked(void **state)
{
    (void)state;
    sl_log_key none = {0};
    sl_store *st = anchored(&none);
    int64_t ids[SL_KETEN_COUNT];
    char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP];
    assert_true(sl_logboek_heads(st, ids, hashes));
    assert_int_equal(ids[SL_KETEN_REGISTER], 3);
    char text[128];
    snprintf(text, sizeof text, "register:3:%s", hashes[SL_KETEN_REGISTER]);
    sl_log_head h;
    assert_true(sl_log_head_parse(text, &h));
    bool ok;
    char reden[300];
    assert_true(sl_logboek_check_head(st, &h, &ok, reden, sizeof reden));
    assert_true(ok);
    /* malformed heads */
    assert_false(sl_log_head_parse("register:3", &h));
    assert_false(sl_log_head_parse("kassa:3:abc", &h));
    assert_false(sl_log_head_parse("register:0:0000000000000000000000000000000000000000000000000000000000000000", &h));
    assert_false(sl_log_head_parse("inzage:1:XYZ", &h));
    sl_store_close(st);
    /* the newest records and their anchors gone: the anchors see nothing, the head does */
    unguarded(db,
              "DROP TRIGGER logboek_geen_verwijdering; DROP TRIGGER logboek_anker_geen_verwijdering;",
              "DELETE FROM logboek WHERE id = 3; DELETE FROM logboek_anker;");
    st = reopen(NULL);
    assert_intact(st, &none);
    assert_true(sl_log_head_parse(text, &h));
    assert_true(sl_logboek_check_head(st, &h, &ok, reden, sizeof reden));
    assert_false(ok);
    assert_non_null(strstr(reden, "geen record 3 meer"));
    sl_store_close(st);
}

static int setup(void **state)
{
    (void)state;
    return tmp_register_create() == 0 && sodium_init() >= 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tmp_register_clear();
    rmdir(db_dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(v2_hash_known_answer),
        cmocka_unit_test(every_delivery_writes_one_record),
        cmocka_unit_test(record_json_carries_the_delivery),
        cmocka_unit_test(signal_transition_is_logged),
        cmocka_unit_test(reading_the_log_goes_through_the_service),
        cmocka_unit_test(anchor_written_only_when_heads_move),
        cmocka_unit_test(removed_register_records_detected),
        cmocka_unit_test(removed_look_records_detected),
        cmocka_unit_test(emptied_look_log_detected),
        cmocka_unit_test(deleted_look_log_detected),
        cmocka_unit_test(rewritten_chain_detected),
        cmocka_unit_test(key_load_and_refusals),
        cmocka_unit_test(signed_anchor_changed_is_detected),
        cmocka_unit_test(published_head_checked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
