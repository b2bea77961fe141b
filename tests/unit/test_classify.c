/* test_classify.c - collaboration potential and the default matrix, cell by cell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/classify.h"
#include "core/tally.h"

/* The table of SPEC §4.2, written out independently of the implementation. */
static const char *const spec_rows[SL_MATRIX_STAPPEN] = {
    [SL_STAP_1_2] = "AAAA", [SL_STAP_2_1] = "BBCC", [SL_STAP_3_1] = "DDDD",
    [SL_STAP_4_1] = "EEEE", [SL_STAP_4_2] = "EEEE", [SL_STAP_5_1] = "FFFF",
    [SL_STAP_5_2] = "FFFF",
};

static sl_groep spec_group(int stap, int fase)
{
    return (sl_groep)(SL_GROEP_A + (spec_rows[stap][fase] - 'A'));
}

static void default_matrix(void **state)
{
    (void)state;
    sl_matrix m;
    memset(&m, 0x7f, sizeof m);
    sl_matrix_default(&m);
    assert_int_equal(m.version, 1);
    assert_true(sl_matrix_complete(&m));
    for (int s = 0; s < SL_MATRIX_STAPPEN; s++)
        for (int f = 0; f < SL_MATRIX_FASEN; f++)
            if (m.cell[s][f] != spec_group(s, f))
                fail_msg("cell %s/%s is %s, want %s", sl_stap_name((sl_stap)s),
                         sl_fase_name((sl_fase)f), sl_groep_name(m.cell[s][f]),
                         sl_groep_name(spec_group(s, f)));
    assert_int_equal(SL_MATRIX_STAPPEN, 7);
    assert_int_equal(SL_MATRIX_FASEN, 4);
}

static void incomplete_matrix(void **state)
{
    (void)state;
    sl_matrix m;
    sl_matrix_default(&m);
    m.cell[SL_STAP_3_1][SL_FASE_OPNAME] = SL_GROEP_NONE;
    assert_false(sl_matrix_complete(&m));
    sl_matrix_default(&m);
    m.cell[SL_STAP_5_2][SL_FASE_BESCHIKKING] = SL_GROEP_COUNT;
    assert_false(sl_matrix_complete(&m));
    assert_false(sl_matrix_complete(NULL));
}

/* Every (stap, most advanced open fase) with open claims, for every stap. */
static void every_cell(void **state)
{
    (void)state;
    sl_matrix m;
    sl_matrix_default(&m);
    int beide = 0, alleen = 0;
    for (int s = 0; s < SL_STAP_COUNT; s++)
        for (int f = 0; f < SL_FASE_AFGEHANDELD; f++) {
            sl_claims_summary cs = {3, 2, (sl_fase)f};
            sl_classification c = sl_classify((sl_stap)s, &cs, &m);
            assert_int_equal(c.matrix_version, 1);
            if (s <= SL_STAP_5_2) {
                assert_int_equal(c.potentieel, SL_POT_BEIDE_LOPEND);
                assert_int_equal(c.groep, spec_group(s, f));
                beide++;
            } else {
                assert_int_equal(c.potentieel, SL_POT_ALLEEN_SCHADE_LOPEND);
                assert_int_equal(c.groep, SL_GROEP_NONE);
                alleen++;
            }
        }
    assert_int_equal(beide, 28);
    assert_int_equal(alleen, 8);
}

static void potentials(void **state)
{
    (void)state;
    sl_matrix m;
    sl_matrix_default(&m);
    static const struct {
        sl_stap stap;
        sl_claims_summary cs;
        sl_potentieel p;
        sl_groep g;
    } cases[] = {
        {SL_STAP_1_2, {0, 0, SL_FASE_VOORBEREIDING}, SL_POT_GEEN_SCHADEMELDING, SL_GROEP_NONE},
        {SL_STAP_OPGELEVERD, {0, 0, SL_FASE_OPNAME}, SL_POT_GEEN_SCHADEMELDING, SL_GROEP_NONE},
        {SL_STAP_GEEN_VERSTERKING, {0, 0, SL_FASE_OPNAME}, SL_POT_GEEN_SCHADEMELDING,
         SL_GROEP_NONE},
        {SL_STAP_2_1, {1, 0, SL_FASE_OPNAME}, SL_POT_MELDING_AFGEHANDELD, SL_GROEP_NONE},
        {SL_STAP_5_2, {4, 0, SL_FASE_BESCHIKKING}, SL_POT_MELDING_AFGEHANDELD, SL_GROEP_NONE},
        {SL_STAP_OPGELEVERD, {2, 0, SL_FASE_OPNAME}, SL_POT_MELDING_AFGEHANDELD, SL_GROEP_NONE},
        {SL_STAP_2_1, {1, 1, SL_FASE_VOORBEREIDING}, SL_POT_BEIDE_LOPEND, SL_GROEP_B},
        {SL_STAP_2_1, {2, 2, SL_FASE_ZIENSWIJZE}, SL_POT_BEIDE_LOPEND, SL_GROEP_C},
        {SL_STAP_4_1, {5, 1, SL_FASE_OPNAME}, SL_POT_BEIDE_LOPEND, SL_GROEP_E},
        {SL_STAP_OPGELEVERD, {1, 1, SL_FASE_OPNAME}, SL_POT_ALLEEN_SCHADE_LOPEND, SL_GROEP_NONE},
        {SL_STAP_GEEN_VERSTERKING, {3, 1, SL_FASE_BESCHIKKING}, SL_POT_ALLEEN_SCHADE_LOPEND,
         SL_GROEP_NONE},
        /* inconsistent counts: an open claim is a claim */
        {SL_STAP_3_1, {0, 1, SL_FASE_OPNAME}, SL_POT_BEIDE_LOPEND, SL_GROEP_D},
        /* an out-of-range phase gives no group rather than a wild read */
        {SL_STAP_3_1, {1, 1, SL_FASE_AFGEHANDELD}, SL_POT_BEIDE_LOPEND, SL_GROEP_NONE},
        {SL_STAP_3_1, {1, 1, SL_FASE_COUNT}, SL_POT_BEIDE_LOPEND, SL_GROEP_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sl_classification c = sl_classify(cases[i].stap, &cases[i].cs, &m);
        if (c.potentieel != cases[i].p || c.groep != cases[i].g)
            fail_msg("case %zu: %s/%s, want %s/%s", i, sl_potentieel_name(c.potentieel),
                     sl_groep_name(c.groep), sl_potentieel_name(cases[i].p),
                     sl_groep_name(cases[i].g));
        assert_int_equal(c.matrix_version, 1);
    }
    sl_classification c = sl_classify(SL_STAP_1_2, NULL, &m);
    assert_int_equal(c.potentieel, SL_POT_GEEN_SCHADEMELDING);
}

/* The group comes from the table passed in, and the version is recorded. */
static void uses_given_matrix_version(void **state)
{
    (void)state;
    sl_matrix m;
    sl_matrix_default(&m);
    m.version = 7;
    m.cell[SL_STAP_2_1][SL_FASE_ZIENSWIJZE] = SL_GROEP_B;
    sl_claims_summary cs = {1, 1, SL_FASE_ZIENSWIJZE};
    sl_classification c = sl_classify(SL_STAP_2_1, &cs, &m);
    assert_int_equal(c.groep, SL_GROEP_B);
    assert_int_equal(c.matrix_version, 7);
    cs.total = 0;
    cs.open = 0;
    c = sl_classify(SL_STAP_2_1, &cs, &m);
    assert_int_equal(c.matrix_version, 7);
    c = sl_classify(SL_STAP_2_1, &cs, NULL);
    assert_int_equal(c.matrix_version, 0);
}

/* The tally lists each matrix version behind its counted groups once, in the order
 * met; addresses without a group (not beide lopend) add none. */
static void tally_lists_matrix_versions(void **state)
{
    (void)state;
    sl_tally t;
    memset(&t, 0, sizeof t);
    sl_classification old = {SL_POT_BEIDE_LOPEND, SL_GROEP_A, 1};
    sl_classification now = {SL_POT_BEIDE_LOPEND, SL_GROEP_B, 2};
    sl_classification none = {SL_POT_GEEN_SCHADEMELDING, SL_GROEP_NONE, 3};
    sl_tally_add(&t, SL_STAP_1_2, SL_FASE_OPNAME, &old, 4);
    sl_tally_add(&t, SL_STAP_1_2, SL_FASE_OPNAME, &now, 2);
    sl_tally_add(&t, SL_STAP_1_2, SL_FASE_OPNAME, &old, 1);
    sl_tally_add(&t, SL_STAP_1_2, SL_FASE_OPNAME, &none, 5);
    assert_int_equal(t.n_matrixversies, 2);
    assert_int_equal(t.matrixversies[0], 1);
    assert_int_equal(t.matrixversies[1], 2);
    assert_int_equal(t.groepen[SL_GROEP_A], 5);
    assert_int_equal(t.groepen[SL_GROEP_B], 2);
    assert_int_equal(t.matrix[SL_STAP_1_2][SL_FASE_OPNAME], 7);
    for (int v = 10; v < 10 + 2 * SL_TALLY_VERSIONS; v++) {
        sl_classification c = {SL_POT_BEIDE_LOPEND, SL_GROEP_C, v};
        sl_tally_add(&t, SL_STAP_2_1, SL_FASE_OPNAME, &c, 1);
    }
    assert_int_equal(t.n_matrixversies, SL_TALLY_VERSIONS);
    assert_int_equal(t.groepen[SL_GROEP_C], 2 * SL_TALLY_VERSIONS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_matrix), cmocka_unit_test(incomplete_matrix),
        cmocka_unit_test(every_cell),     cmocka_unit_test(potentials),
        cmocka_unit_test(uses_given_matrix_version), cmocka_unit_test(tally_lists_matrix_versions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
