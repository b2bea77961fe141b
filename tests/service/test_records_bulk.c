/*
 * test_records_bulk.c - the register records' bulk mode through the store
 * interface, on either store (make test-pg runs it on PostgreSQL, where a bulk
 * goes through COPY): rows read back as written, text that COPY must escape
 * included; new rows get their ids at once and reads inside a bulk see its
 * rows; a change in a bulk bumps the version; a bulk's history keeps its
 * order; a first load keeps its unique indexes; and a bulk whose transaction
 * is rolled back leaves nothing behind, not even in the next transaction.
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

#include "core/bag.h"
#include "store/deliveries_store.h"
#include "store/records_store.h"

#include "tmp_register.h"

#define ADDRESS_ID INT64_C(14200000000001)

static sl_store *open_fresh(void)
{
    tmp_register_clear();
    sl_store *st = NULL;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    return st;
}

static sl_address address(int64_t id, int huisnummer)
{
    sl_address a;
    memset(&a, 0, sizeof a);
    a.nummeraanduiding_id = id;
    a.nr.huisnummer = huisnummer;
    memcpy(a.postcode, "9712AB", 7);
    memcpy(a.gemeentecode, "0014", 5);
    a.kern = SL_FLAG_UNKNOWN;
    sl_address_key(a.postcode, &a.nr, a.key);
    return a;
}

static sl_trajectory trajectory(const char *id, sl_stap stap)
{
    sl_trajectory t;
    memset(&t, 0, sizeof t);
    snprintf(t.ncg_id, sizeof t.ncg_id, "%s", id);
    t.stap = stap;
    t.stap_sinds = SL_DATE_NONE;
    t.risicoprofiel = SL_RISICO_P50;
    t.programma = SL_PROGRAMMA_REGULIER;
    t.keuze_bewoner = SL_KEUZE_NCG;
    t.bijzondere_situatie = SL_FLAG_UNKNOWN;
    t.aannemersovereenkomst = SL_DATE_NONE;
    return t;
}

static sl_claim claim(const char *id)
{
    sl_claim c;
    memset(&c, 0, sizeof c);
    snprintf(c.img_id, sizeof c.img_id, "%s", id);
    c.fase = SL_FASE_OPNAME;
    c.fase_sinds = SL_DATE_NONE;
    c.ontvangen_op = SL_DATE_NONE;
    c.urgent = c.aos = c.aos_gegrond = SL_FLAG_UNKNOWN;
    return c;
}

static sl_date day(const char *iso)
{
    sl_date d;
    const char *why;
    assert_true(sl_date_parse(iso, strlen(iso), &d, &why));
    return d;
}

/* A register with one address, written outside bulk mode. */
static sl_store *with_address(int64_t *delivery)
{
    sl_store *st = open_fresh();
    assert_true(sl_store_begin(st));
    assert_true(sl_store_delivery_add(st, "bag.csv", SL_KIND_BAG, delivery));
    sl_address a = address(ADDRESS_ID, 1);
    assert_true(sl_store_address_put(st, &a, 1, *delivery));
    assert_true(sl_store_commit(st));
    return st;
}

static void bulk_rows_read_back_as_written(void **state)
{
    (void)state;
    sl_store *st = open_fresh();
    int64_t delivery;
    assert_true(sl_store_begin_load(st, SL_KIND_BAG));
    assert_true(sl_store_delivery_add(st, "bag.csv", SL_KIND_BAG, &delivery));
    assert_true(sl_store_bulk_begin(st, SL_KIND_BAG));
    /* what COPY's text format must escape, and what it would read as NULL */
    sl_address a = address(ADDRESS_ID, 7);
    snprintf(a.straat, sizeof a.straat, "Kade\t1\\2\nachter\r");
    snprintf(a.woonplaats, sizeof a.woonplaats, "\\N");
    a.verblijfsobject_id = INT64_C(14010000000001);
    a.pand_id = INT64_C(14100000000001);
    a.has_xy = true;
    a.x = 233883.123456789;
    a.y = 582069.987654321;
    a.bouwjaar = 1931;
    a.kern = SL_FLAG_JA;
    memcpy(a.nr.huisletter, "B", 2);
    sl_address bare = address(ADDRESS_ID + 1, 8);
    assert_true(sl_store_address_add(st, &a, 11, delivery));
    assert_true(sl_store_address_add(st, &bare, 12, delivery));
    assert_true(sl_store_bulk_end(st, SL_KIND_BAG));
    assert_true(sl_store_commit(st));

    sl_address got;
    bool absent = true, found = false;
    assert_true(sl_store_address_get(st, ADDRESS_ID, &got, &absent, &found));
    assert_true(found);
    assert_false(absent);
    assert_string_equal(got.straat, a.straat);
    assert_string_equal(got.woonplaats, "\\N");
    assert_string_equal(got.nr.huisletter, "B");
    assert_int_equal(got.verblijfsobject_id, a.verblijfsobject_id);
    assert_int_equal(got.pand_id, a.pand_id);
    assert_true(got.has_xy);
    assert_true(got.x == a.x && got.y == a.y); /* the same double, bit for bit */
    assert_int_equal(got.bouwjaar, 1931);
    assert_int_equal(got.kern, SL_FLAG_JA);
    assert_string_equal(got.key, a.key);

    assert_true(sl_store_address_get(st, ADDRESS_ID + 1, &got, &absent, &found));
    assert_true(found);
    assert_string_equal(got.straat, "");
    assert_false(got.has_xy);
    assert_int_equal(got.bouwjaar, 0);
    assert_int_equal(got.kern, SL_FLAG_UNKNOWN);
    assert_int_equal(got.verblijfsobject_id, 0);
    sl_store_close(st);
}

static bool collect_history(void *ctx, const sl_history_row *h)
{
    char *out = ctx;
    size_t n = strlen(out);
    snprintf(out + n, 256 - n, "%s:%s>%s;", h->sleutel, h->van, h->naar);
    return true;
}

static void bulk_ids_reads_and_changes(void **state)
{
    (void)state;
    int64_t delivery;
    sl_store *st = with_address(&delivery);
    assert_true(sl_store_begin(st));
    assert_true(sl_store_delivery_add(st, "ncg.csv", SL_KIND_NCG, &delivery));
    assert_true(sl_store_bulk_begin(st, SL_KIND_NCG));
    sl_trajectory t1 = trajectory("T-1", SL_STAP_2_1), t2 = trajectory("T-2", SL_STAP_3_1);
    t1.stap_sinds = day("2024-02-29");
    t1.bijzondere_situatie = SL_FLAG_NEE;
    snprintf(t1.bewonersbegeleider, sizeof t1.bewonersbegeleider, "Begeleider\tEen");
    int64_t row1 = 0, row2 = 0;
    assert_true(sl_store_trajectory_put(st, &row1, &t1, ADDRESS_ID, 21, delivery));
    assert_true(sl_store_trajectory_put(st, &row2, &t2, ADDRESS_ID, 22, delivery));
    assert_true(row1 > 0 && row2 > 0 && row1 != row2);
    sl_history h1 = {.onderwerp = "traject", .sleutel = "T-1", .veld = "stap", .naar = "2.1",
                     .datum = SL_DATE_NONE, .delivery_id = delivery};
    sl_history h2 = {.onderwerp = "traject", .sleutel = "T-2", .veld = "stap", .van = "2.1",
                     .naar = "3.1", .datum = day("2024-03-01"), .delivery_id = delivery};
    assert_true(sl_store_history_add(st, &h1));
    assert_true(sl_store_history_add(st, &h2));

    /* a read inside the bulk sees its rows, by the ids handed out */
    sl_trajectory_record rec;
    bool found = false;
    assert_true(sl_store_trajectory_get(st, "T-1", &rec, &found));
    assert_true(found);
    assert_int_equal(rec.rowid, row1);
    assert_int_equal(rec.versie, 1);
    assert_int_equal(rec.traject.stap_sinds, t1.stap_sinds);
    assert_int_equal(rec.traject.bijzondere_situatie, SL_FLAG_NEE);
    assert_string_equal(rec.traject.bewonersbegeleider, "Begeleider\tEen");

    /* a change of a stored row in the same bulk, after the read */
    t2.stap = SL_STAP_4_1;
    assert_true(sl_store_trajectory_put(st, &row2, &t2, ADDRESS_ID, 23, delivery));
    assert_true(sl_store_bulk_end(st, SL_KIND_NCG));
    assert_true(sl_store_commit(st));

    assert_true(sl_store_trajectory_get(st, "T-2", &rec, &found));
    assert_true(found);
    assert_int_equal(rec.rowid, row2);
    assert_int_equal(rec.traject.stap, SL_STAP_4_1);
    assert_int_equal(rec.versie, 2);

    char seen[256] = "";
    assert_true(sl_store_history_of_address(st, ADDRESS_ID, collect_history, seen));
    assert_string_equal(seen, "T-1:>2.1;T-2:2.1>3.1;");
    sl_store_close(st);
}

/* A first load's unique index on the source ids is there again afterwards. */
static void first_load_keeps_unique_source_ids(void **state)
{
    (void)state;
    int64_t delivery;
    sl_store *st = with_address(&delivery);
    assert_true(sl_store_begin_load(st, SL_KIND_IMG));
    assert_true(sl_store_delivery_add(st, "img.csv", SL_KIND_IMG, &delivery));
    assert_true(sl_store_bulk_begin(st, SL_KIND_IMG));
    sl_claim c = claim("IMG-1");
    c.has_bedrag = true;
    c.besluit_bedrag = 123456;
    int64_t row = 0;
    assert_true(sl_store_claim_put(st, &row, &c, ADDRESS_ID, 31, delivery));
    assert_true(sl_store_bulk_end(st, SL_KIND_IMG));
    assert_true(sl_store_commit(st));

    sl_claim_record rec;
    bool found = false;
    assert_true(sl_store_claim_get(st, "IMG-1", &rec, &found));
    assert_true(found);
    assert_int_equal(rec.rowid, row);
    assert_true(rec.claim.has_bedrag);
    assert_int_equal(rec.claim.besluit_bedrag, 123456);

    assert_true(sl_store_begin(st));
    int64_t again = 0;
    assert_false(sl_store_claim_put(st, &again, &c, ADDRESS_ID, 32, delivery));
    sl_store_rollback(st);
    sl_store_close(st);
}

/*
 * A bulk whose transaction is rolled back without bulk_end (an import that
 * fails halfway) writes nothing, and the next transaction's writes are its
 * own and written at once.
 */
static void rolled_back_bulk_leaves_nothing_behind(void **state)
{
    (void)state;
    int64_t delivery;
    sl_store *st = with_address(&delivery);
    assert_true(sl_store_begin(st));
    assert_true(sl_store_delivery_add(st, "ncg.csv", SL_KIND_NCG, &delivery));
    assert_true(sl_store_bulk_begin(st, SL_KIND_NCG));
    sl_trajectory t = trajectory("T-9", SL_STAP_2_1);
    int64_t row = 0;
    assert_true(sl_store_trajectory_put(st, &row, &t, ADDRESS_ID, 41, delivery));
    sl_store_rollback(st);

    assert_true(sl_store_begin(st));
    sl_history h = {.onderwerp = "adres", .veld = "afwezig", .van = "ja", .naar = "nee",
                    .datum = SL_DATE_NONE, .gebruiker = "beheerder"};
    char key[17];
    sl_bag_format(ADDRESS_ID, key);
    h.sleutel = key;
    assert_true(sl_store_history_add(st, &h));
    assert_true(sl_store_commit(st));

    sl_trajectory_record rec;
    bool found = true;
    assert_true(sl_store_trajectory_get(st, "T-9", &rec, &found));
    assert_false(found);
    char seen[256] = "";
    assert_true(sl_store_history_of_address(st, ADDRESS_ID, collect_history, seen));
    assert_string_equal(seen, "0014200000000001:ja>nee;");
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bulk_rows_read_back_as_written),
        cmocka_unit_test(bulk_ids_reads_and_changes),
        cmocka_unit_test(first_load_keeps_unique_source_ids),
        cmocka_unit_test(rolled_back_bulk_leaves_nothing_behind),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
