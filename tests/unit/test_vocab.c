/* test_vocab.c - status vocabularies: names, tolerant spellings, order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/vocab.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

typedef bool (*parse_fn)(const char *, size_t, int *);

/* Adapters so one table-driven check serves every vocabulary. */
#define ADAPT(name, type)                                                       \
    static bool p_##name(const char *s, size_t len, int *out)                   \
    {                                                                           \
        type v;                                                                 \
        if (!sl_##name##_parse(s, len, &v))                                     \
            return false;                                                       \
        *out = (int)v;                                                          \
        return true;                                                            \
    }                                                                           \
    static const char *n_##name(int v) { return sl_##name##_name((type)v); }
ADAPT(fase, sl_fase)
ADAPT(stap, sl_stap)
ADAPT(risico, sl_risico)
ADAPT(regeling, sl_regeling)
ADAPT(programma, sl_programma)
ADAPT(keuze, sl_keuze)

typedef struct spelling { const char *in; int v; } spelling;

static void check_spellings(parse_fn p, const spelling *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int v = -1;
        if (!p(t[i].in, strlen(t[i].in), &v))
            fail_msg("'%s' refused", t[i].in);
        if (v != t[i].v)
            fail_msg("'%s' gave %d, want %d", t[i].in, v, t[i].v);
    }
}

static void check_refused(parse_fn p, const char *const *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int v = 4711;
        if (p(t[i], strlen(t[i]), &v))
            fail_msg("'%s' accepted as %d", t[i], v);
        assert_int_equal(v, 4711);
    }
}

/* parse(name(v)) == v for every value, and the names are distinct and non-empty. */
static void check_round_trip(parse_fn p, const char *(*name)(int), int count)
{
    for (int v = 0; v < count; v++) {
        const char *nm = name(v);
        assert_true(nm[0] != '\0');
        int back = -1;
        if (!p(nm, strlen(nm), &back))
            fail_msg("name '%s' does not parse", nm);
        assert_int_equal(back, v);
        for (int w = 0; w < v; w++)
            assert_string_not_equal(name(w), nm);
    }
    assert_string_equal(name(count), "");
    assert_string_equal(name(-1), "");
}

static void fase(void **state)
{
    (void)state;
    static const spelling ok[] = {
        {"voorbereiding", SL_FASE_VOORBEREIDING}, {"Opname", SL_FASE_OPNAME},
        {" ZIENSWIJZE ", SL_FASE_ZIENSWIJZE},     {"beschikking", SL_FASE_BESCHIKKING},
        {"Afgehandeld", SL_FASE_AFGEHANDELD},
    };
    static const char *const bad[] = {"klaar", "", " ", "opname1", "voorbereid", "afgehandel d"};
    check_spellings(p_fase, ok, N(ok));
    check_refused(p_fase, bad, N(bad));
    check_round_trip(p_fase, n_fase, SL_FASE_COUNT);
    assert_string_equal(sl_fase_name(SL_FASE_OPNAME), "opname");
    /* Order is the process order; only afgehandeld is closed. */
    for (int f = 0; f < SL_FASE_COUNT; f++)
        assert_int_equal(sl_fase_open((sl_fase)f), f != SL_FASE_AFGEHANDELD);
    assert_true(SL_FASE_VOORBEREIDING < SL_FASE_OPNAME && SL_FASE_OPNAME < SL_FASE_ZIENSWIJZE &&
                SL_FASE_ZIENSWIJZE < SL_FASE_BESCHIKKING);
}

static void stap(void **state)
{
    (void)state;
    static const spelling ok[] = {
        {"1.2", SL_STAP_1_2}, {"1,2", SL_STAP_1_2}, {"2.1", SL_STAP_2_1}, {"2,1", SL_STAP_2_1},
        {"3.1", SL_STAP_3_1}, {"3,1", SL_STAP_3_1}, {"4.1", SL_STAP_4_1}, {"4,1", SL_STAP_4_1},
        {"4.2", SL_STAP_4_2}, {"4,2", SL_STAP_4_2}, {"5.1", SL_STAP_5_1}, {"5,1", SL_STAP_5_1},
        {"5.2", SL_STAP_5_2}, {" 5,2 ", SL_STAP_5_2},
        {"opgeleverd", SL_STAP_OPGELEVERD}, {"Opgeleverd", SL_STAP_OPGELEVERD},
        {"geen versterking", SL_STAP_GEEN_VERSTERKING},
        {"geen_versterking", SL_STAP_GEEN_VERSTERKING},
        {"geen-versterking", SL_STAP_GEEN_VERSTERKING},
        {"Geen  Versterking", SL_STAP_GEEN_VERSTERKING},
    };
    static const char *const bad[] = {"1.1", "6.1", "12", "1", "1.2.", "klaar", "", "geenversterking",
                                      "1. 2"};
    check_spellings(p_stap, ok, N(ok));
    check_refused(p_stap, bad, N(bad));
    check_round_trip(p_stap, n_stap, SL_STAP_COUNT);
    assert_string_equal(sl_stap_name(SL_STAP_4_2), "4.2");
    for (int s = 0; s < SL_STAP_COUNT; s++)
        assert_int_equal(sl_stap_open((sl_stap)s), s <= SL_STAP_5_2);
}

static void risico(void **state)
{
    (void)state;
    static const spelling ok[] = {
        {"P50", SL_RISICO_P50}, {"p50", SL_RISICO_P50}, {"P90", SL_RISICO_P90},
        {"hra", SL_RISICO_HRA}, {"HRA", SL_RISICO_HRA}, {"onbekend", SL_RISICO_ONBEKEND},
        {"Onbekend", SL_RISICO_ONBEKEND},
    };
    static const char *const bad[] = {"", "P70", "laag", "p 50"};
    check_spellings(p_risico, ok, N(ok));
    check_refused(p_risico, bad, N(bad));
    check_round_trip(p_risico, n_risico, SL_RISICO_COUNT);
}

static void regeling(void **state)
{
    (void)state;
    static const spelling ok[] = {
        {"fysieke schade", SL_REGELING_FYSIEKE_SCHADE},
        {"fysieke_schade", SL_REGELING_FYSIEKE_SCHADE},
        {"Fysieke Schade", SL_REGELING_FYSIEKE_SCHADE},
        {"AOS", SL_REGELING_AOS},
        {"aos", SL_REGELING_AOS},
        {"HEA", SL_REGELING_HEA},
        {"HIN", SL_REGELING_HIN},
        {"duurzaam herstel", SL_REGELING_DUURZAAM_HERSTEL},
        {"duurzaam-herstel", SL_REGELING_DUURZAAM_HERSTEL},
        {"waardedaling", SL_REGELING_WAARDEDALING},
        {"immateri\xC3\xAB" "le schade", SL_REGELING_IMMATERIELE_SCHADE},
        {"immateriele schade", SL_REGELING_IMMATERIELE_SCHADE},
        {"immateriele_schade", SL_REGELING_IMMATERIELE_SCHADE},
        {"mestkelder", SL_REGELING_MESTKELDER},
        {"overig", SL_REGELING_OVERIG},
        {"anders", SL_REGELING_OVERIG},
    };
    static const char *const bad[] = {"", "schade", "fysiek", "aos2"};
    check_spellings(p_regeling, ok, N(ok));
    check_refused(p_regeling, bad, N(bad));
    check_round_trip(p_regeling, n_regeling, SL_REGELING_COUNT);
}

static void programma(void **state)
{
    (void)state;
    static const spelling ok[] = {
        {"regulier", SL_PROGRAMMA_REGULIER}, {"Bouwimpuls", SL_PROGRAMMA_BOUWIMPULS},
        {"bouwimpuls", SL_PROGRAMMA_BOUWIMPULS}, {"Koploper", SL_PROGRAMMA_KOPLOPER},
        {"VBS", SL_PROGRAMMA_VBS}, {"vbs", SL_PROGRAMMA_VBS},
        {"onbekend", SL_PROGRAMMA_ONBEKEND},
    };
    static const char *const bad[] = {"", "bouw impuls", "koplopers", "x"};
    check_spellings(p_programma, ok, N(ok));
    check_refused(p_programma, bad, N(bad));
    check_round_trip(p_programma, n_programma, SL_PROGRAMMA_COUNT);
}

static void keuze(void **state)
{
    (void)state;
    static const spelling ok[] = {
        {"ncg", SL_KEUZE_NCG},
        {"NCG", SL_KEUZE_NCG},
        {"ncg voert uit", SL_KEUZE_NCG},
        {"NCG voert uit", SL_KEUZE_NCG},
        {"eigen regie", SL_KEUZE_EIGEN_REGIE},
        {"eigen_regie", SL_KEUZE_EIGEN_REGIE},
        {"Eigen Regie", SL_KEUZE_EIGEN_REGIE},
        {"afzien", SL_KEUZE_AFZIEN},
        {"afzien met duurzaamheidsmaatregelen", SL_KEUZE_AFZIEN},
        {"onbekend", SL_KEUZE_ONBEKEND},
    };
    static const char *const bad[] = {"", "zelf", "eigenregie", "afzien met geld",
                                      "een heel lang woord dat nergens op lijkt en langer is dan de buffer"};
    check_spellings(p_keuze, ok, N(ok));
    check_refused(p_keuze, bad, N(bad));
    check_round_trip(p_keuze, n_keuze, SL_KEUZE_COUNT);
}

static void derived_names(void **state)
{
    (void)state;
    assert_string_equal(sl_potentieel_name(SL_POT_GEEN_SCHADEMELDING), "geen_schademelding");
    assert_string_equal(sl_potentieel_name(SL_POT_MELDING_AFGEHANDELD), "melding_afgehandeld");
    assert_string_equal(sl_potentieel_name(SL_POT_BEIDE_LOPEND), "beide_lopend");
    assert_string_equal(sl_potentieel_name(SL_POT_ALLEEN_SCHADE_LOPEND), "alleen_schade_lopend");
    assert_string_equal(sl_potentieel_name(SL_POT_COUNT), "");
    static const char *const g[] = {"", "A", "B", "C", "D", "E", "F"};
    for (int i = 0; i < SL_GROEP_COUNT; i++)
        assert_string_equal(sl_groep_name((sl_groep)i), g[i]);
    assert_string_equal(sl_groep_name(SL_GROEP_COUNT), "");
}

static void reads_only_len_bytes(void **state)
{
    (void)state;
    sl_fase f;
    assert_true(sl_fase_parse("opnameXYZ", 6, &f));
    assert_int_equal(f, SL_FASE_OPNAME);
    sl_stap s;
    assert_true(sl_stap_parse("1.23", 3, &s));
    assert_int_equal(s, SL_STAP_1_2);
    assert_false(sl_stap_parse(NULL, 0, &s));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fase),      cmocka_unit_test(stap),
        cmocka_unit_test(risico),    cmocka_unit_test(regeling),
        cmocka_unit_test(programma), cmocka_unit_test(keuze),
        cmocka_unit_test(derived_names), cmocka_unit_test(reads_only_len_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
