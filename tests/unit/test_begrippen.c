/* test_begrippen.c - every code the core knows has a name, and no name is empty. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/begrippen.h"
#include "core/dossier.h"
#include "core/roles.h"
#include "core/sharing.h"
#include "core/signal.h"
#include "core/signal_rules.h"
#include "core/termijn.h"
#include "core/vocab.h"

static void expect_named(const char *lijst, const char *code)
{
    const sl_begrip *b = sl_begrip_get(lijst, code);
    if (!b)
        fail_msg("%s: no name for \"%s\"", lijst, code);
    assert_true(b->naam[0] != '\0');
}

/* An enum's names (the API's codes) all have an entry, and nothing else is in the list. */
static void expect_list(const char *lijst, const char *(*name)(int), int count)
{
    const sl_begrippenlijst *l = sl_begrippenlijst_get(lijst);
    assert_non_null(l);
    for (int v = 0; v < count; v++)
        expect_named(lijst, name(v));
    assert_int_equal(l->n, (size_t)count);
}

#define NAME(fn, type) static const char *n_##fn(int v) { return fn((type)v); }
NAME(sl_fase_name, sl_fase)
NAME(sl_stap_name, sl_stap)
NAME(sl_regeling_name, sl_regeling)
NAME(sl_potentieel_name, sl_potentieel)
NAME(sl_role_name, sl_role)
NAME(sl_signal_status_name, sl_signal_status)
NAME(sl_element_name, sl_element)
NAME(sl_element_status_name, sl_element_status)
NAME(sl_termijn_status_name, sl_termijn_status)
NAME(sl_keuze_name, sl_keuze)

static void every_parsed_code_has_a_name(void **state)
{
    (void)state;
    expect_list("fasen", n_sl_fase_name, SL_FASE_COUNT);
    expect_list("stappen", n_sl_stap_name, SL_STAP_COUNT);
    expect_list("regelingen", n_sl_regeling_name, SL_REGELING_COUNT);
    expect_list("potentieel", n_sl_potentieel_name, SL_POT_COUNT);
    expect_list("rollen", n_sl_role_name, SL_ROLE_COUNT);
    expect_list("signaalstatussen", n_sl_signal_status_name, SL_SIGNAAL_COUNT);
    expect_list("elementen", n_sl_element_name, SL_ELEMENT_COUNT);
    expect_list("elementstatussen", n_sl_element_status_name, SL_ELEMENT_STATUS_COUNT);
    expect_list("termijnstatussen", n_sl_termijn_status_name, SL_TERMIJN_OPGESCHORT + 1);
    expect_list("keuzes", n_sl_keuze_name, SL_KEUZE_COUNT);
}

static void every_group_and_rule_has_a_name(void **state)
{
    (void)state;
    for (int g = SL_GROEP_A; g < SL_GROEP_COUNT; g++) {
        expect_named("groepen", sl_groep_name((sl_groep)g));
        assert_non_null(sl_begrip_get("groepen", sl_groep_name((sl_groep)g))->uitleg);
    }
    for (int g = SL_GRONDSLAG_EIGEN_ORGANISATIE; g < SL_GRONDSLAG_COUNT; g++)
        expect_named("grondslagen", sl_grondslag_name((sl_grondslag)g));
    expect_named("grondslagen", "geen");
    for (int d = SL_DOEL_COORDINATIE; d < SL_DOEL_COUNT; d++) {
        expect_named("doelen", sl_doel_name((sl_doel)d));
        expect_named("doelen_bewoner", sl_doel_name((sl_doel)d));
    }
    for (int g = SL_GRONDSLAG_EIGEN_ORGANISATIE; g < SL_GRONDSLAG_COUNT; g++)
        expect_named("grondslagen_bewoner", sl_grondslag_name((sl_grondslag)g));
    /* the request types and states of the store's CHECK, and every collaboration state
     * but "geen" in the resident's words (decision 253) */
    static const char *const typen[] = {"statusuitwisseling", "medewerkers_koppelen", "versnelling", "anders"};
    for (size_t i = 0; i < sizeof typen / sizeof typen[0]; i++)
        assert_non_null(sl_begrip_get("verzoektypen", typen[i])->uitleg);
    expect_named("verzoekstatussen", "open");
    expect_named("verzoekstatussen", "beantwoord");
    const sl_begrippenlijst *sw = sl_begrippenlijst_get("samenwerking");
    for (size_t i = 0; i < sw->n; i++)
        if (strcmp(sw->begrippen[i].code, "geen") != 0)
            expect_named("samenwerking_bewoner", sw->begrippen[i].code);
    /* every shipped signal rule, and the sweep's term and escalation rules 10-14 */
    sl_ruleset rs;
    sl_signal_rules_default(&rs);
    char code[12];
    for (size_t i = 0; i < rs.n; i++) {
        snprintf(code, sizeof code, "%d", (int)rs.rules[i].regel);
        expect_named("regels", code);
    }
    for (int r = 10; r <= 14; r++) {
        snprintf(code, sizeof code, "%d", r);
        expect_named("regels", code);
    }
    /* the risk profiles and programmes a person reads as a term are explained */
    for (int r = SL_RISICO_P50; r < SL_RISICO_COUNT; r++)
        assert_non_null(sl_begrip_get("termen", sl_risico_name((sl_risico)r))->uitleg);
    for (int p = SL_PROGRAMMA_BOUWIMPULS; p < SL_PROGRAMMA_COUNT; p++)
        assert_non_null(sl_begrip_get("termen", sl_programma_name((sl_programma)p))->uitleg);
}

static void no_list_is_empty_and_no_word_is_blank_or_twice(void **state)
{
    (void)state;
    size_t n;
    const sl_begrippenlijst *l = sl_begrippen(&n);
    assert_true(n >= 26);
    for (size_t i = 0; i < n; i++) {
        assert_true(l[i].n > 0);
        assert_ptr_equal(sl_begrippenlijst_get(l[i].lijst), &l[i]);
        for (size_t j = 0; j < l[i].n; j++) {
            const sl_begrip *b = &l[i].begrippen[j];
            assert_true(b->code[0] != '\0');
            if (b->naam[0] == '\0')
                fail_msg("%s.%s: empty name", l[i].lijst, b->code);
            assert_true(!b->uitleg || b->uitleg[0] != '\0');
            for (size_t k = 0; k < j; k++)
                if (strcmp(l[i].begrippen[k].code, b->code) == 0)
                    fail_msg("%s.%s: twice", l[i].lijst, b->code);
        }
    }
}

static void names_for_people(void **state)
{
    (void)state;
    assert_string_equal(sl_stap_naam(SL_STAP_3_1), "Beoordeling");
    assert_string_equal(sl_stap_naam(SL_STAP_GEEN_VERSTERKING), "Geen versterking nodig");
    assert_string_equal(sl_fase_naam(SL_FASE_ZIENSWIJZE), "Zienswijze");
    assert_string_equal(sl_begrip_naam("gemeenten", "0014"), "Groningen");
    /* an unknown code is shown as itself, never blank */
    assert_string_equal(sl_begrip_naam("gemeenten", "9999"), "9999");
    assert_string_equal(sl_begrip_naam("bestaat-niet", "x"), "x");
    assert_string_equal(sl_begrip_naam("fasen", NULL), "");
    assert_null(sl_begrip_get("fasen", "Opname"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_parsed_code_has_a_name),
        cmocka_unit_test(every_group_and_rule_has_a_name),
        cmocka_unit_test(no_list_is_empty_and_no_word_is_blank_or_twice),
        cmocka_unit_test(names_for_people),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
