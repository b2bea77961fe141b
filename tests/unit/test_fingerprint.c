/* test_fingerprint.c - records' fingerprints see every stored field, and only those. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/fingerprint.h"

static sl_address address(void)
{
    sl_address a;
    memset(&a, 0, sizeof a);
    a.nummeraanduiding_id = 14200000000001;
    a.verblijfsobject_id = 14010000000001;
    a.pand_id = 14100000000001;
    snprintf(a.straat, sizeof a.straat, "%s", "Voorbeeldweg");
    a.nr.huisnummer = 12;
    snprintf(a.nr.huisletter, sizeof a.nr.huisletter, "%s", "a");
    snprintf(a.postcode, sizeof a.postcode, "%s", "9999ZZ");
    snprintf(a.woonplaats, sizeof a.woonplaats, "%s", "Proefdorp");
    snprintf(a.gemeentecode, sizeof a.gemeentecode, "%s", "0014");
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
    snprintf(t.ncg_id, sizeof t.ncg_id, "%s", "NCG-0001");
    t.stap = SL_STAP_4_1;
    t.stap_sinds = 18000;
    snprintf(t.batch, sizeof t.batch, "%s", "1467");
    t.bijzondere_situatie = SL_FLAG_NEE;
    snprintf(t.bewonersbegeleider, sizeof t.bewonersbegeleider, "%s", "A. Voorbeeld");
    t.aannemersovereenkomst = SL_DATE_NONE;
    return t;
}

static sl_claim claim(void)
{
    sl_claim c;
    memset(&c, 0, sizeof c);
    snprintf(c.img_id, sizeof c.img_id, "%s", "IMG-0001");
    c.fase = SL_FASE_BESCHIKKING;
    c.fase_sinds = 18100;
    c.ontvangen_op = 17900;
    c.urgent = SL_FLAG_JA;
    snprintf(c.zaakbegeleider, sizeof c.zaakbegeleider, "%s", "B. Proef");
    c.has_bedrag = true;
    c.besluit_bedrag = 605160;
    return c;
}

static void same_fields_same_fingerprint_top_bit_clear(void **state)
{
    (void)state;
    sl_address a = address(), b = address();
    snprintf(b.key, sizeof b.key, "%s", "anything"); /* derived, not stored as delivered */
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
    snprintf(v[3].straat, sizeof v[3].straat, "%s", "Voorbeeldstraat");
    v[4].nr.huisnummer++;
    snprintf(v[5].nr.toevoeging, sizeof v[5].nr.toevoeging, "%s", "2");
    snprintf(v[6].postcode, sizeof v[6].postcode, "%s", "9999ZY");
    snprintf(v[7].woonplaats, sizeof v[7].woonplaats, "%s", "Proefstad");
    snprintf(v[8].gemeentecode, sizeof v[8].gemeentecode, "%s", "0015");
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
    /* letter "A" with addition "B" against no letter with addition "AB" */
    snprintf(a.nr.huisletter, sizeof a.nr.huisletter, "%s", "A");
    snprintf(a.nr.toevoeging, sizeof a.nr.toevoeging, "%s", "B");
    b.nr.huisletter[0] = '\0';
    snprintf(b.nr.toevoeging, sizeof b.nr.toevoeging, "%s", "AB");
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
    snprintf(u.bewonersbegeleider, sizeof u.bewonersbegeleider, "%s", "C. Ander");
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
    snprintf(d.zaakbegeleider, sizeof d.zaakbegeleider, "%s", "D. Ander");
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
