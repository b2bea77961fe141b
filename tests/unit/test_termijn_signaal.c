/*
 * test_termijn_signaal.c - which term signal a term or a notice calls for, and
 * to whom (core/termijn_signaal.h, decisions 186-187), and what a term signal
 * gives away across the bodies (core/disclosure.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/disclosure.h"
#include "core/termijn_signaal.h"

static sl_date ymd(int y, int m, int d)
{
    sl_date out;
    assert_true(sl_date_from_ymd(y, m, d, &out));
    return out;
}

/* Evaluates the shipped kind `soort` started on `start` on `today` and asks for its signal. */
static int signal_on(const char *soort, sl_date start, sl_date eind, sl_date today)
{
    const sl_termijn_def *def = sl_termijn_default(soort);
    assert_non_null(def);
    sl_termijn_invoer in = {.start = start, .eind_gebeurtenis = eind, .vandaag = today};
    sl_termijn_uitkomst u;
    assert_true(sl_termijn_evalueer(NULL, def, &in, &u, NULL));
    sl_trigger t;
    return sl_termijn_signaal(def, &u, eind, &t) ? (int)t : -1;
}

static void a_term_nears_its_end_then_is_missed(void **state)
{
    (void)state;
    /* IMG's 182 days from 1 January 2024 end on 1 July; warned 30 days ahead */
    sl_date start = ymd(2024, 1, 1);
    assert_int_equal(signal_on("img_beslistermijn", start, SL_DATE_NONE, ymd(2024, 5, 31)), -1);
    assert_int_equal(signal_on("img_beslistermijn", start, SL_DATE_NONE, ymd(2024, 6, 1)),
                     SL_TRIGGER_TERMIJN_NADERT);
    assert_int_equal(signal_on("img_beslistermijn", start, SL_DATE_NONE, ymd(2024, 7, 1)),
                     SL_TRIGGER_TERMIJN_NADERT); /* the last day still runs */
    assert_int_equal(signal_on("img_beslistermijn", start, SL_DATE_NONE, ymd(2024, 7, 2)),
                     SL_TRIGGER_TERMIJN_VERSTREKEN);
    /* met, in time or late: nothing is left to act on */
    assert_int_equal(signal_on("img_beslistermijn", start, ymd(2024, 6, 20), ymd(2024, 6, 25)),
                     -1);
    assert_int_equal(signal_on("img_beslistermijn", start, ymd(2024, 8, 1), ymd(2024, 9, 1)), -1);
}

static void a_residents_term_is_only_announced(void **state)
{
    (void)state;
    /* Awb 6:7 from Friday 1 March 2024 ends Friday 12 April, warned 7 days ahead */
    sl_date decided = ymd(2024, 3, 1);
    assert_int_equal(signal_on("awb_bezwaartermijn", decided, SL_DATE_NONE, ymd(2024, 4, 4)),
                     -1);
    assert_int_equal(signal_on("awb_bezwaartermijn", decided, SL_DATE_NONE, ymd(2024, 4, 5)),
                     SL_TRIGGER_TERMIJN_NADERT);
    /* passed: the resident may have chosen not to object, no failure of a body */
    assert_int_equal(signal_on("awb_bezwaartermijn", decided, SL_DATE_NONE, ymd(2024, 4, 13)),
                     -1);
}

static void a_suspended_term_calls_for_nothing(void **state)
{
    (void)state;
    const sl_termijn_def *def = sl_termijn_default("img_beslistermijn");
    sl_opschorting o = {.van = ymd(2024, 6, 1), .tot = SL_DATE_NONE};
    sl_termijn_invoer in = {.start = ymd(2024, 1, 1), .opschortingen = &o, .n_opschortingen = 1,
                            .eind_gebeurtenis = SL_DATE_NONE, .vandaag = ymd(2024, 6, 20)};
    sl_termijn_uitkomst u;
    assert_true(sl_termijn_evalueer(NULL, def, &in, &u, NULL));
    assert_int_equal(u.status, SL_TERMIJN_OPGESCHORT);
    sl_trigger t;
    assert_false(sl_termijn_signaal(def, &u, SL_DATE_NONE, &t));
    assert_false(sl_termijn_signaal(NULL, &u, SL_DATE_NONE, &t));
}

static void a_penalty_runs_from_the_fifteenth_day_until_decided(void **state)
{
    (void)state;
    sl_date r = ymd(2025, 3, 3);
    sl_dwangsom d;
    assert_true(sl_dwangsom_bereken(r, SL_DATE_NONE, r + 14, &d, NULL));
    assert_false(sl_dwangsom_signaal(SL_DATE_NONE, &d)); /* the two weeks */
    assert_true(sl_dwangsom_bereken(r, SL_DATE_NONE, r + 15, &d, NULL));
    assert_true(sl_dwangsom_signaal(SL_DATE_NONE, &d));
    /* at its maximum it still stands: the decision is still owed */
    assert_true(sl_dwangsom_bereken(r, SL_DATE_NONE, r + 90, &d, NULL));
    assert_true(d.maximum_bereikt);
    assert_true(sl_dwangsom_signaal(SL_DATE_NONE, &d));
    assert_true(sl_dwangsom_bereken(r, r + 20, SL_DATE_NONE, &d, NULL));
    assert_false(sl_dwangsom_signaal(r + 20, &d));
    assert_false(sl_dwangsom_signaal(SL_DATE_NONE, NULL));
}

static void addressed_to_the_body_whose_term_it_is(void **state)
{
    (void)state;
    unsigned aan = SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER | SL_AAN_SVIP_IMG |
                   SL_AAN_SVIP_NCG | SL_AAN_COORDINATOR;
    assert_int_equal(sl_termijn_signaal_aan(aan, "IMG"),
                     SL_AAN_ZAAKBEGELEIDER | SL_AAN_SVIP_IMG | SL_AAN_COORDINATOR);
    assert_int_equal(sl_termijn_signaal_aan(aan, "NCG"),
                     SL_AAN_BEWONERSBEGELEIDER | SL_AAN_SVIP_NCG | SL_AAN_COORDINATOR);
    assert_int_equal(sl_termijn_signaal_aan(aan | SL_AAN_INTERVENTIETEAM, "XYZ"),
                     SL_AAN_COORDINATOR | SL_AAN_INTERVENTIETEAM);
    assert_int_equal(sl_termijn_signaal_aan(aan, NULL), SL_AAN_COORDINATOR);
}

/* An NCG guide with a statutory basis for IMG's status sees IMG's term signal in full only
 * where IMG's part is shown: the signal tells only of the body it is addressed to. */
static void a_term_signal_tells_only_of_its_body(void **state)
{
    (void)state;
    sl_signal s;
    memset(&s, 0, sizeof s);
    s.regel = 11;
    snprintf(s.variant, sizeof s.variant, "ncg_stap_4_1");
    s.n_aan = sl_signal_addressees(SL_AAN_BEWONERSBEGELEIDER, "", "A. Jansma", "", s.aan);
    sl_viewer ncg = {.role = SL_ROLE_BEWONERSBEGELEIDER, .org = SL_ACCOUNT_ORG_NCG};
    sl_share_decision d;
    memset(&d, 0, sizeof d);
    d.deel[SL_DEEL_TRAJECT] = (sl_share_part){.shown = true,
                                              .grondslag = SL_GRONDSLAG_EIGEN_ORGANISATIE,
                                              .categories = SL_CAT_ALL, .reden = ""};
    d.deel[SL_DEEL_SCHADES] = (sl_share_part){.shown = false, .grondslag = SL_GRONDSLAG_GEEN,
                                              .reden = "geen grondslag"};
    sl_signal_cut cut;
    sl_signal_cut_decide(&ncg, &d, &s, &cut);
    assert_int_equal(cut.form, SL_SIGNAL_FULL);
    assert_int_equal(cut.across[SL_DEEL_SCHADES], 0);
    /* the same number addressed to IMG is IMG's news: hidden from NCG without a basis */
    s.n_aan = sl_signal_addressees(SL_AAN_ZAAKBEGELEIDER, "K. Postma", "", "", s.aan);
    sl_signal_cut_decide(&ncg, &d, &s, &cut);
    assert_int_equal(cut.form, SL_SIGNAL_HIDDEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_term_nears_its_end_then_is_missed),
        cmocka_unit_test(a_residents_term_is_only_announced),
        cmocka_unit_test(a_suspended_term_calls_for_nothing),
        cmocka_unit_test(a_penalty_runs_from_the_fifteenth_day_until_decided),
        cmocka_unit_test(addressed_to_the_body_whose_term_it_is),
        cmocka_unit_test(a_term_signal_tells_only_of_its_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
