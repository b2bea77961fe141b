/*
 * test_classification_store.c - the stored classification through the store
 * interface, on either store (make test-pg runs it on PostgreSQL, where the
 * puts of a write transaction are held back and sent as one statement per
 * batch): the same address twice in one transaction keeps its last put;
 * reads, deletes and tallies inside the transaction see the puts before them;
 * a rolled-back transaction's puts never reach the next one; and a batch
 * larger than one send arrives whole.
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
#include "store/classification_store.h"
#include "store/deliveries_store.h"
#include "store/records_store.h"

#include "tmp_register.h"

#define ADDRESS_ID INT64_C(14200000000001)
/* more than one batch of the PostgreSQL backend (8,192 rows) */
#define MANY 9000

/* A fresh register with n addresses ADDRESS_ID, ADDRESS_ID + 1, ... */
static sl_store *with_addresses(int n)
{
    tmp_register_clear();
    sl_store *st = NULL;
    char err[256];
    int64_t delivery;
    assert_true(sl_store_open(db, &st, err, sizeof err));
    assert_true(sl_store_begin(st));
    assert_true(sl_store_delivery_add(st, "bag.csv", SL_KIND_BAG, &delivery));
    for (int i = 0; i < n; i++) {
        sl_address a;
        memset(&a, 0, sizeof a);
        a.nummeraanduiding_id = ADDRESS_ID + i;
        a.nr.huisnummer = i + 1;
        memcpy(a.postcode, "9712AB", 7);
        memcpy(a.gemeentecode, "0014", 5);
        a.kern = SL_FLAG_UNKNOWN;
        sl_address_key(a.postcode, &a.nr, a.key);
        assert_true(sl_store_address_put(st, &a, (uint64_t)i + 1, delivery));
    }
    assert_true(sl_store_commit(st));
    return st;
}

static sl_stored_class cls(int64_t id, sl_potentieel pot, sl_groep groep, sl_fase fase)
{
    sl_stored_class sc = {.address_id = id, .stap = SL_STAP_2_1, .fase = fase};
    sc.c.potentieel = pot;
    sc.c.groep = groep;
    sc.c.matrix_version = 1;
    return sc;
}

static void assert_stored(sl_store *st, int64_t id, sl_potentieel pot, sl_groep groep,
                          sl_fase fase)
{
    sl_stored_class got;
    bool found = false;
    assert_true(sl_store_classification_get(st, id, &got, &found));
    assert_true(found);
    assert_int_equal(got.c.potentieel, pot);
    assert_int_equal(got.c.groep, groep);
    assert_int_equal(got.fase, fase);
    assert_int_equal(got.stap, SL_STAP_2_1);
}

static void same_address_twice_keeps_the_last(void **state)
{
    (void)state;
    sl_store *st = with_addresses(2);
    assert_true(sl_store_begin(st));
    sl_stored_class first = cls(ADDRESS_ID, SL_POT_BEIDE_LOPEND, SL_GROEP_A, SL_FASE_OPNAME);
    sl_stored_class last = cls(ADDRESS_ID, SL_POT_MELDING_AFGEHANDELD, SL_GROEP_NONE,
                               SL_FASE_COUNT);
    sl_stored_class other = cls(ADDRESS_ID + 1, SL_POT_BEIDE_LOPEND, SL_GROEP_B,
                                SL_FASE_OPNAME);
    assert_true(sl_store_classification_put(st, &first));
    assert_true(sl_store_classification_put(st, &other));
    assert_true(sl_store_classification_put(st, &last));
    assert_true(sl_store_commit(st));
    assert_stored(st, ADDRESS_ID, SL_POT_MELDING_AFGEHANDELD, SL_GROEP_NONE, SL_FASE_COUNT);
    assert_stored(st, ADDRESS_ID + 1, SL_POT_BEIDE_LOPEND, SL_GROEP_B, SL_FASE_OPNAME);
    sl_store_close(st);
}

static void reads_and_deletes_see_the_puts_before_them(void **state)
{
    (void)state;
    sl_store *st = with_addresses(2);
    assert_true(sl_store_begin(st));
    sl_stored_class a = cls(ADDRESS_ID, SL_POT_BEIDE_LOPEND, SL_GROEP_C, SL_FASE_OPNAME);
    sl_stored_class b = cls(ADDRESS_ID + 1, SL_POT_BEIDE_LOPEND, SL_GROEP_C, SL_FASE_OPNAME);
    assert_true(sl_store_classification_put(st, &a));
    assert_true(sl_store_classification_put(st, &b));
    assert_stored(st, ADDRESS_ID, SL_POT_BEIDE_LOPEND, SL_GROEP_C, SL_FASE_OPNAME);
    sl_tally t;
    assert_true(sl_store_tally(st, NULL, &t));
    assert_int_equal(t.potentieel[SL_POT_BEIDE_LOPEND], 2);
    /* a put, then a delete of the same address: gone */
    a.c.groep = SL_GROEP_D;
    assert_true(sl_store_classification_put(st, &a));
    assert_true(sl_store_classification_delete(st, ADDRESS_ID));
    assert_true(sl_store_commit(st));
    sl_stored_class got;
    bool found = true;
    assert_true(sl_store_classification_get(st, ADDRESS_ID, &got, &found));
    assert_false(found);
    assert_stored(st, ADDRESS_ID + 1, SL_POT_BEIDE_LOPEND, SL_GROEP_C, SL_FASE_OPNAME);
    sl_store_close(st);
}

static void rolled_back_puts_stay_out_of_the_next_transaction(void **state)
{
    (void)state;
    sl_store *st = with_addresses(2);
    assert_true(sl_store_begin(st));
    sl_stored_class a = cls(ADDRESS_ID, SL_POT_BEIDE_LOPEND, SL_GROEP_A, SL_FASE_OPNAME);
    assert_true(sl_store_classification_put(st, &a));
    sl_store_rollback(st);
    assert_true(sl_store_begin(st));
    sl_stored_class b = cls(ADDRESS_ID + 1, SL_POT_ALLEEN_SCHADE_LOPEND, SL_GROEP_NONE,
                            SL_FASE_OPNAME);
    assert_true(sl_store_classification_put(st, &b));
    assert_true(sl_store_commit(st));
    sl_stored_class got;
    bool found = true;
    assert_true(sl_store_classification_get(st, ADDRESS_ID, &got, &found));
    assert_false(found);
    assert_stored(st, ADDRESS_ID + 1, SL_POT_ALLEEN_SCHADE_LOPEND, SL_GROEP_NONE,
                  SL_FASE_OPNAME);
    sl_store_close(st);
}

static bool count_class(void *ctx, const sl_stored_class *sc)
{
    (void)sc;
    ++*(int *)ctx;
    return true;
}

static void more_than_one_batch_arrives_whole(void **state)
{
    (void)state;
    sl_store *st = with_addresses(MANY);
    assert_true(sl_store_begin(st));
    for (int i = 0; i < MANY; i++) {
        sl_stored_class sc = cls(ADDRESS_ID + i, SL_POT_BEIDE_LOPEND,
                                 i % 2 ? SL_GROEP_E : SL_GROEP_F, SL_FASE_OPNAME);
        assert_true(sl_store_classification_put(st, &sc));
    }
    assert_true(sl_store_commit(st));
    int n = 0;
    assert_true(sl_store_scan_classifications(st, count_class, &n));
    assert_int_equal(n, MANY);
    assert_stored(st, ADDRESS_ID + MANY - 1, SL_POT_BEIDE_LOPEND, SL_GROEP_E, SL_FASE_OPNAME);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_address_twice_keeps_the_last),
        cmocka_unit_test(reads_and_deletes_see_the_puts_before_them),
        cmocka_unit_test(rolled_back_puts_stay_out_of_the_next_transaction),
        cmocka_unit_test(more_than_one_batch_arrives_whole),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
