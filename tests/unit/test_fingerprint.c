/* test_fingerprint.c - records' fingerprints see every stored field, and only those. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/fingerprint.h"

static sl_address address(void)
{
    sl_address a;
    memset(&a, 0, sizeof a);
    a.nummeraanduiding_id = 14200000000001;
    a.verblijfsobject_id = 14010000000001;
    a.pand_id = 14100000000001;
    strcpy(a.straat, "Voorbeeldweg");
    a.nr.huisnummer = 12;
    strcpy(a.nr.huisletter, "a");
    strcpy(a.postcode, "9999ZZ");
    strcpy(a.woonplaats, "Proefdorp");
    strcpy(a.gemeentecode, "0014");
    a.has_xy = true;
    a.x = 233000.5;
    a.y = 582000.25;
    a.bouwjaar = 1931;
    a.kern = SL_FLAG_JA;
    return a;
}

static sl_trajectory trajectory(void)
{
    sl_trajectory t;
    memset(&t, 0, sizeof t);
    strcpy(t.ncg_id, "NCG-0001");
    t.stap = SL_STAP_4_1;
    t.stap_sinds = 18000;
    strcpy(t.batch, "1467");
    t.bijzondere_situatie = SL_FLAG_NEE;
    strcpy(t.bewonersbegeleider, "A. Voorbeeld");
    t.aannemersovereenkomst = SL_DATE_NONE;
    return t;
}

static sl_claim claim(void)
{
    sl_claim c;
    memset(&c, 0, sizeof c);
    strcpy(c.img_id, "IMG-0001");
    c.fase = SL_FASE_BESCHIKKING;
    c.fase_sinds = 18100;
    c.ontvangen_op = 17900;
    c.urgent = SL_FLAG_JA;
    strcpy(c.zaakbegeleider, "B. Proef");
    c.has_bedrag = true;
    c.besluit_bedrag = 605160;
    return c;
}

static void same_fields_same_fingerprint_top_bit_clear(void **state)
{
    (void)state;
    sl_address a = address(), b = address();
    strcpy(b.key, "anything"); /* derived, not stored as delivered */
    assert_true(sl_address_fingerprint(&a) == sl_address_fingerprint(&b));
    assert_true(sl_address_fingerprint(&a) >> 63 == 0);
    sl_trajectory t = trajectory();
    assert_true(sl_trajectory_fingerprint(&t, 7) == sl_trajectory_fingerprint(&t, 7));
    assert_true(sl_trajectory_fingerprint(&t, 7) >> 63 == 0);
    sl_claim c = claim();
    assert_true(sl_claim_fingerprint(&c, 7) >> 63 == 0);
}

static void every_address_field_counts(void **state)
{
    (void)state;
    sl_address base = address();
    uint64_t fp = sl_address_fingerprint(&base);
    sl_address v[12];
    for (size_t i = 0; i < 12; i++)
        v[i] = base;
    v[0].nummeraanduiding_id++;
    v[1].verblijfsobject_id++;
    v[2].pand_id++;
    strcpy(v[3].straat, "Voorbeeldstraat");
    v[4].nr.huisnummer++;
    strcpy(v[5].nr.toevoeging, "2");
    strcpy(v[6].postcode, "9999ZY");
    strcpy(v[7].woonplaats, "Proefstad");
    strcpy(v[8].gemeentecode, "0015");
    v[9].y += 1;
    v[10].bouwjaar++;
    v[11].kern = SL_FLAG_NEE;
    for (size_t i = 0; i < 12; i++)
        if (sl_address_fingerprint(&v[i]) == fp)
            fail_msg("change %zu not seen", i);
}

static void fields_do_not_run_into_each_other(void **state)
{
    (void)state;
    sl_address a = address(), b = address();
    strcpy(a.nr.huisletter, "ab");
    a.nr.toevoeging[0] = '\0';
    strcpy(b.nr.huisletter, "a");
    strcpy(b.nr.toevoeging, "b");
    assert_true(sl_address_fingerprint(&a) != sl_address_fingerprint(&b));
}

static void coordinates_and_amount_only_when_delivered(void **state)
{
    (void)state;
    sl_address a = address(), b = address();
    a.has_xy = b.has_xy = false;
    b.x = 1;
    assert_true(sl_address_fingerprint(&a) == sl_address_fingerprint(&b));
    sl_claim c = claim(), d = claim();
    c.has_bedrag = d.has_bedrag = false;
    d.besluit_bedrag = 1;
    assert_true(sl_claim_fingerprint(&c, 1) == sl_claim_fingerprint(&d, 1));
}

static void trajectory_and_claim_fields_and_address_count(void **state)
{
    (void)state;
    sl_trajectory t = trajectory(), u = trajectory();
    uint64_t tf = sl_trajectory_fingerprint(&t, 1);
    assert_true(sl_trajectory_fingerprint(&t, 2) != tf);
    u.stap = SL_STAP_4_2;
    assert_true(sl_trajectory_fingerprint(&u, 1) != tf);
    u = trajectory();
    strcpy(u.bewonersbegeleider, "C. Ander");
    assert_true(sl_trajectory_fingerprint(&u, 1) != tf);
    u = trajectory();
    u.aannemersovereenkomst = 18200;
    assert_true(sl_trajectory_fingerprint(&u, 1) != tf);

    sl_claim c = claim(), d = claim();
    uint64_t cf = sl_claim_fingerprint(&c, 1);
    assert_true(sl_claim_fingerprint(&c, 2) != cf);
    d.urgent = SL_FLAG_NEE;
    assert_true(sl_claim_fingerprint(&d, 1) != cf);
    d = claim();
    d.besluit_bedrag++;
    assert_true(sl_claim_fingerprint(&d, 1) != cf);
    d = claim();
    strcpy(d.zaakbegeleider, "D. Ander");
    assert_true(sl_claim_fingerprint(&d, 1) != cf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_fields_same_fingerprint_top_bit_clear),
        cmocka_unit_test(every_address_field_counts),
        cmocka_unit_test(fields_do_not_run_into_each_other),
        cmocka_unit_test(coordinates_and_amount_only_when_delivered),
        cmocka_unit_test(trajectory_and_claim_fields_and_address_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
