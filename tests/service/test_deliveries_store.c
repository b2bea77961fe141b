/*
 * test_deliveries_store.c - the deliveries family through the store interface
 * alone, so the same test holds both backends to one behaviour (make test-pg
 * runs it on PostgreSQL): counts and the file's digest come back as written,
 * rejects in line order, deliveries newest first, a held delivery settles once,
 * its keys come back in byte order (decision 145), and the first rule sets are
 * seeded once however often the register is opened.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store/classification_store.h"
#include "store/deliveries_store.h"
#include "tmp_register.h"

static sl_store *fresh(void)
{
    tmp_register_clear();
    sl_store *st = NULL;
    char err[256];
    if (!sl_store_open(db, &st, err, sizeof err))
        fail_msg("open: %s", err);
    return st;
}

static void commit(sl_store *st)
{
    if (!sl_store_commit(st))
        fail_msg("commit: %s", sl_store_errmsg(st));
}

static void counts_and_who_delivered_come_back(void **state)
{
    (void)state;
    sl_store *st = fresh();
    static const char sha[] = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    int64_t id = 0;
    assert_true(sl_store_begin(st));
    assert_true(sl_store_delivery_add(st, "img_schades.csv", SL_KIND_IMG, &id));
    assert_true(sl_store_reject_add(st, id, 9, "fase", "onbekende fase", "IMG-9;x"));
    assert_true(sl_store_reject_add(st, id, 3, "", "te weinig kolommen", NULL));
    sl_delivery_counts c = {.rows = 12, .imported = 10, .rejected = 2, .absent = 1,
                            .nieuw = 7, .gewijzigd = 2, .ongewijzigd = 1};
    assert_true(sl_store_delivery_finish(st, id, &c, sha));
    assert_true(sl_store_delivery_set_door(st, id, "d.img"));
    commit(st);

    sl_delivery_row d;
    bool found = false;
    assert_true(sl_store_delivery_get(st, id, &d, &found));
    assert_true(found);
    assert_string_equal(d.bestand, "img_schades.csv");
    assert_int_equal(d.kind, SL_KIND_IMG);
    assert_int_equal(d.status, SL_DELIVERY_VERWERKT);
    assert_memory_equal(&d.counts, &c, sizeof c);
    assert_string_equal(d.geleverd_door, "d.img");
    assert_int_equal(strlen(d.gestart_op), 20); /* 2026-12-06T21:00:00Z */
    assert_int_equal(d.gestart_op[19], 'Z');
    assert_true(sl_store_delivery_get(st, id + 100, &d, &found));
    assert_false(found);
    sl_store_close(st);
}

typedef struct lines {
    int n;
    int64_t line[4];
    char reason[4][32];
} lines;

static bool add_line(void *ctx, int64_t line, const char *column, const char *reason,
                     const char *row)
{
    (void)column;
    (void)row;
    lines *l = ctx;
    if (l->n == 4)
        return false;
    l->line[l->n] = line;
    snprintf(l->reason[l->n++], sizeof l->reason[0], "%s", reason);
    return true;
}

static bool add_id(void *ctx, const sl_delivery_row *d)
{
    lines *l = ctx;
    if (l->n == 4)
        return false;
    l->line[l->n++] = d->id;
    return true;
}

static void rejects_in_line_order_deliveries_newest_first(void **state)
{
    (void)state;
    sl_store *st = fresh();
    int64_t a = 0, b = 0;
    assert_true(sl_store_begin(st));
    assert_true(sl_store_delivery_add(st, "bag_adressen.csv", SL_KIND_BAG, &a));
    assert_true(sl_store_reject_add(st, a, 9, "postcode", "ongeldige postcode", ""));
    assert_true(sl_store_reject_add(st, a, 3, "", "te weinig kolommen", NULL));
    assert_true(sl_store_delivery_add(st, "ncg_trajecten.csv", SL_KIND_NCG, &b));
    commit(st);
    lines l = {0};
    assert_true(sl_store_rejects_of(st, a, add_line, &l));
    assert_int_equal(l.n, 2);
    assert_int_equal(l.line[0], 3);
    assert_string_equal(l.reason[1], "ongeldige postcode");
    lines ids = {0};
    assert_true(sl_store_deliveries_scan(st, add_id, &ids));
    assert_int_equal(ids.n, 2);
    assert_int_equal(ids.line[0], b);
    assert_int_equal(ids.line[1], a);
    sl_store_close(st);
}

static bool add_key(void *ctx, const char *sleutel)
{
    char *buf = ctx;
    size_t used = strlen(buf);
    int n = snprintf(buf + used, 128 - used, "%s;", sleutel);
    return n > 0 && (size_t)n < 128 - used;
}

static void a_held_delivery_settles_once_and_lists_keys_in_byte_order(void **state)
{
    (void)state;
    sl_store *st = fresh();
    int64_t held = 0, applied = 0;
    assert_true(sl_store_begin(st));
    assert_true(sl_store_delivery_add(st, "img_schades.csv", SL_KIND_IMG, &held));
    assert_true(sl_store_delivery_hold(st, held, 3, 40));
    /* byte order puts capitals first, as SQLite compares; a locale would not */
    assert_true(sl_store_delivery_absent_add(st, held, "img-2"));
    assert_true(sl_store_delivery_absent_add(st, held, "IMG-3"));
    assert_true(sl_store_delivery_absent_add(st, held, "Img-1"));
    assert_true(sl_store_delivery_absent_add(st, held, "img-2")); /* once is enough */
    assert_true(sl_store_delivery_add(st, "img_schades.csv", SL_KIND_IMG, &applied));
    commit(st);

    char keys[128] = "";
    assert_true(sl_store_delivery_absent_of(st, held, add_key, keys));
    assert_string_equal(keys, "IMG-3;Img-1;img-2;");

    sl_delivery_row d;
    bool found = false, settled = false;
    assert_true(sl_store_delivery_get(st, held, &d, &found));
    assert_int_equal(d.status, SL_DELIVERY_AANGEHOUDEN);
    assert_int_equal(d.wordt_afwezig, 3);
    assert_int_equal(d.huidig, 40);
    assert_true(sl_store_begin(st));
    assert_true(sl_store_delivery_settle(st, held, SL_DELIVERY_BEVESTIGD, "tweede.steward",
                                         applied, &settled));
    assert_true(settled);
    assert_true(sl_store_delivery_settle(st, held, SL_DELIVERY_INGETROKKEN, "derde.steward", 0,
                                         &settled));
    assert_false(settled); /* settled already: the first one stands */
    commit(st);
    assert_true(sl_store_delivery_get(st, held, &d, &found));
    assert_int_equal(d.status, SL_DELIVERY_BEVESTIGD);
    assert_string_equal(d.afgehandeld_door, "tweede.steward");
    assert_int_equal(d.toegepast_in, applied);
    sl_store_close(st);
}

static void rule_sets_are_seeded_once(void **state)
{
    (void)state;
    sl_store *st = fresh();
    sl_matrix first, again;
    assert_true(sl_store_matrix_active(st, &first));
    assert_int_equal(first.version, 1);
    sl_store_close(st);
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    assert_true(sl_store_matrix_active(st, &again));
    assert_memory_equal(&first, &again, sizeof first);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_and_who_delivered_come_back),
        cmocka_unit_test(rejects_in_line_order_deliveries_newest_first),
        cmocka_unit_test(a_held_delivery_settles_once_and_lists_keys_in_byte_order),
        cmocka_unit_test(rule_sets_are_seeded_once),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
