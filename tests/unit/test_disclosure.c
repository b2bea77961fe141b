/* test_disclosure.c - the pure half of the disclosure gate (core/disclosure.h): what
 * each signal rule gives away, and how a signal is cut for one viewer from the sharing
 * decision: in full with a basis (and which categories then cross the boundary), neutral
 * without one where the rule allows it, or not at all; never the other body's person
 * without its contact category; never to a resident. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/disclosure.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static sl_date ymd(int y, int m, int d)
{
    sl_date out;
    assert_true(sl_date_from_ymd(y, m, d, &out));
    return out;
}

/* Rule 1 on one address, to both buddies by name, as the register raises it. */
static sl_signal rule(int32_t regel, const char *variant)
{
    sl_signal s;
    memset(&s, 0, sizeof s);
    s.id = 6;
    s.regel = regel;
    snprintf(s.variant, sizeof s.variant, "%s", variant);
    s.address_id = 14200000000007;
    snprintf(s.tekst, sizeof s.tekst, "Dit adres heeft nu een versterkingstraject bij NCG.");
    s.n_aan = sl_signal_addressees(SL_AAN_SVIP_IMG | SL_AAN_SVIP_NCG | SL_AAN_ZAAKBEGELEIDER |
                                       SL_AAN_BEWONERSBEGELEIDER | SL_AAN_COORDINATOR,
                                   "T. Wiersma", "G. Kok", "c.een", s.aan);
    return s;
}

static sl_share_decision decide(sl_role role, sl_account_org org, bool statutory,
                                sl_consent_state consent, sl_doel doel)
{
    sl_sharing_config c;
    sl_sharing_config_default(&c);
    sl_viewer v = {.role = role, .org = org, .account_id = 3};
    sl_share_subject s = {.address_id = 14200000000007,
                          .gemeentecode = statutory ? "0014" : "0037",
                          .open_trajectory = true, .undecided_claim = true, .assigned = true};
    sl_share_decision d;
    sl_share_decide(&c, &v, doel, &s, consent, ymd(2024, 2, 1), &d);
    return d;
}

static const char *person(const sl_signal *s, const char *rol)
{
    for (size_t i = 0; i < s->n_aan; i++)
        if (strcmp(s->aan[i].rol, rol) == 0)
            return s->aan[i].persoon;
    return NULL;
}

static void every_rule_is_described(void **state)
{
    (void)state;
    sl_ruleset rs;
    sl_signal_rules_default(&rs);
    for (size_t i = 0; i < rs.n; i++) {
        sl_signal_reveal rv;
        sl_signal_reveals(rs.rules[i].regel, rs.rules[i].variant, &rv);
        /* a rule about the other body's case either says something of it or is neutral */
        assert_true(rv.cats[SL_DEEL_SCHADES] || rv.cats[SL_DEEL_TRAJECT] || rv.neutral);
        /* a neutral text names no step, phase, urgency or person */
        if (rv.neutral)
            for (const char *const *w = (const char *const[]){"stap", "fase", "urgent",
                                                             "AOS", "bijzondere", NULL};
                 *w; w++)
                assert_null(strstr(rv.neutral, *w));
    }
    /* the rules whose number tells a phase, an AOS, an urgency or a standstill */
    for (int32_t r = 3; r <= 8; r++) {
        sl_signal_reveal rv;
        sl_signal_reveals(r, "", &rv);
        if (r == 3 || r == 5 || r == 6 || r == 8)
            assert_null(rv.neutral);
    }
    sl_signal_reveal unknown;
    sl_signal_reveals(97, "", &unknown);
    assert_null(unknown.neutral);
    assert_true(unknown.cats[SL_DEEL_SCHADES] && unknown.cats[SL_DEEL_TRAJECT]);
    /* rule 4's variant tells whether IMG has claims: part of what it reveals */
    sl_signal_reveal met, zonder;
    sl_signal_reveals(4, "met_schades", &met);
    sl_signal_reveals(4, "zonder_schades", &zonder);
    assert_true(met.cats[SL_DEEL_SCHADES] & SL_CAT_STATUS);
    assert_true(zonder.cats[SL_DEEL_SCHADES] & SL_CAT_ID);
}

/* Stadskanaal: no statute, no consent. IMG's buddy sees rule 1 neutrally: no NCG person,
 * no variant, nothing logged; rule 3 not at all. */
static void no_basis_neutral_or_nothing(void **state)
{
    (void)state;
    sl_share_decision d = decide(SL_ROLE_ZAAKBEGELEIDER, SL_ACCOUNT_ORG_IMG, false,
                                 SL_CONSENT_NONE, SL_DOEL_COORDINATIE);
    sl_viewer v = {.role = SL_ROLE_ZAAKBEGELEIDER, .org = SL_ACCOUNT_ORG_IMG};
    sl_signal s = rule(1, "");
    sl_signal_cut cut;
    sl_signal_cut_decide(&v, &d, &s, &cut);
    assert_int_equal(cut.form, SL_SIGNAL_NEUTRAL);
    assert_int_equal(cut.across[SL_DEEL_SCHADES] | cut.across[SL_DEEL_TRAJECT], 0);
    assert_non_null(strstr(cut.reden, "grondslag"));
    snprintf(s.gewijzigd_door, sizeof s.gewijzigd_door, "g.kok");
    snprintf(s.reden, sizeof s.reden, "bewoner wil eerst de versterking afwachten");
    sl_signal_apply_cut(&cut, "t.wiersma", &s);
    assert_string_equal(s.tekst, SL_SIGNAL_NEUTRAL_TEXT);
    assert_string_equal(person(&s, "bewonersbegeleider"), "");
    assert_string_equal(person(&s, "zaakbegeleider"), "T. Wiersma");
    assert_string_equal(person(&s, "coordinator"), "c.een");
    /* who moved it and why are the other body's words */
    assert_string_equal(s.gewijzigd_door, "");
    assert_string_equal(s.reden, "");
    /* rules about NCG's phase, urgency or standstill: not at all (rule 5 is IMG's own) */
    static const int32_t hidden[] = {3, 6, 8};
    for (size_t i = 0; i < N(hidden); i++) {
        sl_signal o = rule(hidden[i], "");
        sl_signal_cut_decide(&v, &d, &o, &cut);
        assert_int_equal(cut.form, SL_SIGNAL_HIDDEN);
    }
    sl_signal five = rule(5, "");
    sl_signal_cut_decide(&v, &d, &five, &cut);
    assert_int_equal(cut.form, SL_SIGNAL_FULL);
}

/* With the statute the signal is shown in full, and what crossed is named. */
static void basis_full_and_named(void **state)
{
    (void)state;
    sl_share_decision d = decide(SL_ROLE_ZAAKBEGELEIDER, SL_ACCOUNT_ORG_IMG, true,
                                 SL_CONSENT_NONE, SL_DOEL_COORDINATIE);
    sl_viewer v = {.role = SL_ROLE_ZAAKBEGELEIDER, .org = SL_ACCOUNT_ORG_IMG};
    sl_signal s = rule(1, "");
    char before[SL_RULE_TEXT_CAP];
    memcpy(before, s.tekst, sizeof before);
    sl_signal_cut cut;
    sl_signal_cut_decide(&v, &d, &s, &cut);
    assert_int_equal(cut.form, SL_SIGNAL_FULL);
    assert_int_equal(cut.across[SL_DEEL_TRAJECT], SL_CAT_ID | SL_CAT_CONTACT);
    assert_int_equal(cut.across[SL_DEEL_SCHADES], 0); /* IMG's own */
    sl_signal_apply_cut(&cut, "t.wiersma", &s);
    assert_string_equal(s.tekst, before);
    assert_string_equal(person(&s, "bewonersbegeleider"), "G. Kok");
    /* a purpose without characteristics does not carry rule 6 */
    sl_share_decision st = decide(SL_ROLE_ZAAKBEGELEIDER, SL_ACCOUNT_ORG_IMG, true,
                                  SL_CONSENT_NONE, SL_DOEL_STATUSUITWISSELING);
    sl_signal six = rule(6, "");
    sl_signal_cut_decide(&v, &st, &six, &cut);
    assert_int_equal(cut.form, SL_SIGNAL_HIDDEN);
}

/* Rule 5 (an AOS at IMG) reaches NCG's SVIP only with a basis: consent for samenloop. */
static void rule_5_needs_a_basis(void **state)
{
    (void)state;
    sl_viewer v = {.role = SL_ROLE_SVIP, .org = SL_ACCOUNT_ORG_NCG};
    sl_signal s = rule(5, "");
    sl_signal_cut cut;
    sl_share_decision none = decide(SL_ROLE_SVIP, SL_ACCOUNT_ORG_NCG, false, SL_CONSENT_NONE,
                                    SL_DOEL_COORDINATIE);
    sl_signal_cut_decide(&v, &none, &s, &cut);
    assert_int_equal(cut.form, SL_SIGNAL_HIDDEN);
    sl_share_decision given = decide(SL_ROLE_SVIP, SL_ACCOUNT_ORG_NCG, false, SL_CONSENT_GIVEN,
                                     SL_DOEL_COORDINATIE);
    sl_signal_cut_decide(&v, &given, &s, &cut);
    assert_int_equal(cut.form, SL_SIGNAL_FULL);
    assert_true(cut.across[SL_DEEL_SCHADES] & SL_CAT_KENMERKEN);
}

/* Residents see no signals; coordinators only with a basis (they have no own part). */
static void residents_and_coordinators(void **state)
{
    (void)state;
    sl_signal s = rule(1, "");
    sl_signal_cut cut;
    sl_viewer bew = {.role = SL_ROLE_BEWONER};
    sl_share_decision d = decide(SL_ROLE_ZAAKBEGELEIDER, SL_ACCOUNT_ORG_IMG, true,
                                 SL_CONSENT_GIVEN, SL_DOEL_COORDINATIE);
    sl_signal_cut_decide(&bew, &d, &s, &cut);
    assert_int_equal(cut.form, SL_SIGNAL_HIDDEN);
    sl_viewer co = {.role = SL_ROLE_COORDINATOR, .account_id = 3};
    sl_share_decision without = decide(SL_ROLE_COORDINATOR, SL_ACCOUNT_ORG_NONE, false,
                                       SL_CONSENT_NONE, SL_DOEL_COORDINATIE);
    sl_signal_cut_decide(&co, &without, &s, &cut);
    assert_int_equal(cut.form, SL_SIGNAL_HIDDEN);
    sl_share_decision with = decide(SL_ROLE_COORDINATOR, SL_ACCOUNT_ORG_NONE, true,
                                    SL_CONSENT_NONE, SL_DOEL_COORDINATIE);
    sl_signal_cut_decide(&co, &with, &s, &cut);
    assert_int_equal(cut.form, SL_SIGNAL_FULL);
    /* both tracks cross for a role of neither body */
    assert_true(cut.across[SL_DEEL_SCHADES] && cut.across[SL_DEEL_TRAJECT]);
}

/* Null and hidden inputs change nothing. */
static void hidden_leaves_the_signal(void **state)
{
    (void)state;
    sl_signal s = rule(3, ""), copy = s;
    sl_signal_cut cut;
    sl_signal_cut_decide(NULL, NULL, &s, &cut);
    assert_int_equal(cut.form, SL_SIGNAL_HIDDEN);
    sl_signal_apply_cut(&cut, NULL, &s);
    assert_memory_equal(&s, &copy, sizeof s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_rule_is_described),
        cmocka_unit_test(no_basis_neutral_or_nothing),
        cmocka_unit_test(basis_full_and_named),
        cmocka_unit_test(rule_5_needs_a_basis),
        cmocka_unit_test(residents_and_coordinators),
        cmocka_unit_test(hidden_leaves_the_signal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
