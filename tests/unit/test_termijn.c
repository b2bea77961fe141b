/*
 * test_termijn.c - the default term table and the evaluation of one term:
 * end, status, warning lead, suspensions and extensions, by hand-checked dates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/termijn.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static sl_date D(const char *iso)
{
    sl_date d = SL_DATE_NONE;
    assert_true(sl_date_parse_iso(iso, strlen(iso), &d, NULL));
    return d;
}

static void assert_date(sl_date got, const char *want)
{
    char buf[11];
    sl_date_format(got, buf);
    assert_string_equal(buf, want);
}

static sl_termijn_uitkomst eval_ok(const char *soort, const sl_termijn_invoer *in)
{
    const sl_termijn_def *def = sl_termijn_default(soort);
    assert_non_null(def);
    sl_termijn_uitkomst out;
    const char *why = NULL;
    if (!sl_termijn_evalueer(NULL, def, in, &out, &why))
        fail_msg("%s: %s", soort, why);
    return out;
}

static void defaults_as_documented(void **state)
{
    (void)state;
    size_t n;
    const sl_termijn_def *all = sl_termijn_defaults(&n);
    assert_true(n >= 3);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(all[i].regelversie, SL_TERMIJN_REGELVERSIE);
        assert_ptr_equal(sl_termijn_default(all[i].soort), &all[i]);
        assert_true(all[i].aanname == (strcmp(all[i].organisatie, "NCG") == 0));
    }
    const sl_termijn_def *img = sl_termijn_default("img_beslistermijn");
    assert_int_equal(img->lengte, 182);
    assert_int_equal(img->eenheid, SL_UNIT_DAYS);
    assert_false(img->wettelijk);
    assert_string_equal(img->start_gebeurtenis, "ontvangen_op");
    assert_string_equal(img->eind_gebeurtenis, "beschikking");
    const sl_termijn_def *bezwaar = sl_termijn_default("awb_bezwaartermijn");
    assert_int_equal(bezwaar->lengte, 6);
    assert_int_equal(bezwaar->eenheid, SL_UNIT_WEEKS);
    assert_true(bezwaar->wettelijk);
    assert_int_equal(bezwaar->verantwoordelijke, SL_PARTIJ_BEWONER);
    const sl_termijn_def *op_bezwaar = sl_termijn_default("awb_beslistermijn_bezwaar");
    assert_int_equal(op_bezwaar->lengte, 6);
    assert_true(op_bezwaar->wettelijk);
    assert_int_equal(op_bezwaar->verantwoordelijke, SL_PARTIJ_OVERHEID);
    assert_null(sl_termijn_default("onbekend"));
    assert_null(sl_termijn_default(NULL));
    assert_string_equal(sl_partij_name(SL_PARTIJ_BEWONER), "bewoner");
    assert_string_equal(sl_termijn_status_name(SL_TERMIJN_OPGESCHORT), "opgeschort");
}

static void img_182_days_and_status(void **state)
{
    (void)state;
    /* received 1 January 2024 (leap year): 182 days later is 1 July */
    sl_termijn_invoer in = {.start = D("2024-01-01"), .eind_gebeurtenis = SL_DATE_NONE,
                            .vandaag = D("2024-05-01")};
    sl_termijn_uitkomst r = eval_ok("img_beslistermijn", &in);
    assert_date(r.einde, "2024-07-01");
    assert_int_equal(r.status, SL_TERMIJN_LOPEND);
    assert_false(r.waarschuwing);
    assert_int_equal(r.dagen_resterend, 61);
    in.vandaag = D("2024-06-01"); /* 30 days left: the warning lead */
    r = eval_ok("img_beslistermijn", &in);
    assert_true(r.waarschuwing);
    in.vandaag = D("2024-07-01"); /* the last day is still in time */
    r = eval_ok("img_beslistermijn", &in);
    assert_int_equal(r.status, SL_TERMIJN_LOPEND);
    in.vandaag = D("2024-07-02");
    r = eval_ok("img_beslistermijn", &in);
    assert_int_equal(r.status, SL_TERMIJN_VERSTREKEN);
    assert_false(r.waarschuwing);
    in.eind_gebeurtenis = D("2024-07-01");
    assert_int_equal(eval_ok("img_beslistermijn", &in).status, SL_TERMIJN_GEHAALD);
    in.eind_gebeurtenis = D("2024-07-02");
    assert_int_equal(eval_ok("img_beslistermijn", &in).status, SL_TERMIJN_VERSTREKEN);
}

static void not_statutory_is_not_stretched(void **state)
{
    (void)state;
    /* 182 days from 26 October 2024 end on Saturday 26 April 2025, King's Day */
    sl_termijn_invoer in = {.start = D("2024-10-26"), .eind_gebeurtenis = SL_DATE_NONE,
                            .vandaag = D("2025-01-01")};
    assert_date(eval_ok("img_beslistermijn", &in).einde, "2025-04-26");
    /* the Awb terms are: 6 weeks from 15 March 2025 end that Saturday too */
    in.start = D("2025-03-15");
    assert_date(eval_ok("awb_bezwaartermijn", &in).einde, "2025-04-28");
    assert_date(eval_ok("awb_beslistermijn_bezwaar", &in).einde, "2025-04-28");
}

static void suspensions(void **state)
{
    (void)state;
    sl_opschorting o[3] = {{D("2024-02-01"), D("2024-02-11")}};
    sl_termijn_invoer in = {.start = D("2024-01-01"), .opschortingen = o, .n_opschortingen = 1,
                            .eind_gebeurtenis = SL_DATE_NONE, .vandaag = D("2024-05-01")};
    sl_termijn_uitkomst r = eval_ok("img_beslistermijn", &in);
    assert_int_equal(r.opgeschorte_dagen, 10);
    assert_date(r.einde, "2024-07-11");
    assert_int_equal(r.status, SL_TERMIJN_LOPEND);
    /* overlapping suspensions count each day once: 1..14 February */
    o[1] = (sl_opschorting){D("2024-02-05"), D("2024-02-15")};
    in.n_opschortingen = 2;
    r = eval_ok("img_beslistermijn", &in);
    assert_int_equal(r.opgeschorte_dagen, 14);
    assert_date(r.einde, "2024-07-15");
    /* given in any order; one after the (lengthened) end adds nothing */
    o[2] = (sl_opschorting){D("2024-08-01"), D("2024-08-05")};
    sl_opschorting shuffled[3] = {o[2], o[1], o[0]};
    in.opschortingen = shuffled;
    in.n_opschortingen = 3;
    assert_date(eval_ok("img_beslistermijn", &in).einde, "2024-07-15");
    /* one still open on today counts up to and including today, and suspends */
    sl_opschorting open = {D("2024-03-01"), SL_DATE_NONE};
    in.opschortingen = &open;
    in.n_opschortingen = 1;
    in.vandaag = D("2024-03-05");
    r = eval_ok("img_beslistermijn", &in);
    assert_int_equal(r.status, SL_TERMIJN_OPGESCHORT);
    assert_int_equal(r.opgeschorte_dagen, 5);
    assert_date(r.einde, "2024-07-06");
    /* begun before the start: only the days inside the term (2..4 January) */
    sl_opschorting early = {D("2023-12-20"), D("2024-01-05")};
    in.opschortingen = &early;
    in.vandaag = D("2024-05-01");
    assert_int_equal(eval_ok("img_beslistermijn", &in).opgeschorte_dagen, 3);
    /* the objection term is not suspendable */
    in.opschortingen = o;
    in.n_opschortingen = 1;
    in.start = D("2024-01-15");
    r = eval_ok("awb_bezwaartermijn", &in);
    assert_int_equal(r.opgeschorte_dagen, 0);
    assert_date(r.einde, "2024-02-26");
}

static void extensions(void **state)
{
    (void)state;
    sl_date ext[2] = {D("2024-08-01"), D("2024-09-01")};
    sl_termijn_invoer in = {.start = D("2024-01-01"), .verlengingen = ext, .n_verlengingen = 1,
                            .eind_gebeurtenis = SL_DATE_NONE, .vandaag = D("2024-07-15")};
    sl_termijn_uitkomst r = eval_ok("img_beslistermijn", &in);
    assert_date(r.einde, "2024-08-01");
    assert_int_equal(r.status, SL_TERMIJN_LOPEND);
    in.n_verlengingen = 2; /* the last recorded counts */
    assert_date(eval_ok("img_beslistermijn", &in).einde, "2024-09-01");
    /* a statutory term extended to a Sunday runs to Monday */
    sl_date sunday = D("2025-04-27");
    in = (sl_termijn_invoer){.start = D("2025-03-01"), .verlengingen = &sunday,
                             .n_verlengingen = 1, .eind_gebeurtenis = SL_DATE_NONE,
                             .vandaag = D("2025-03-02")};
    assert_date(eval_ok("awb_beslistermijn_bezwaar", &in).einde, "2025-04-28");
}

static void bad_input(void **state)
{
    (void)state;
    const sl_termijn_def *def = sl_termijn_default("img_beslistermijn");
    sl_termijn_uitkomst r = {.einde = 7};
    const char *why = NULL;
    sl_opschorting backwards = {D("2024-02-11"), D("2024-02-01")};
    sl_termijn_invoer in = {.start = D("2024-01-01"), .opschortingen = &backwards,
                            .n_opschortingen = 1, .eind_gebeurtenis = SL_DATE_NONE,
                            .vandaag = D("2024-05-01")};
    assert_false(sl_termijn_evalueer(NULL, def, &in, &r, &why));
    assert_non_null(strstr(why, "opschorting"));
    sl_date before = D("2023-12-01");
    in = (sl_termijn_invoer){.start = D("2024-01-01"), .verlengingen = &before,
                             .n_verlengingen = 1, .eind_gebeurtenis = SL_DATE_NONE,
                             .vandaag = D("2024-05-01")};
    assert_false(sl_termijn_evalueer(NULL, def, &in, &r, &why));
    assert_non_null(strstr(why, "verlenging"));
    in = (sl_termijn_invoer){.start = SL_DATE_NONE, .eind_gebeurtenis = SL_DATE_NONE,
                             .vandaag = D("2024-05-01")};
    assert_false(sl_termijn_evalueer(NULL, def, &in, &r, &why));
    sl_termijn_def negative = *def;
    negative.lengte = -1;
    in.start = D("2024-01-01");
    assert_false(sl_termijn_evalueer(NULL, &negative, &in, &r, &why));
    assert_int_equal(r.einde, 7); /* untouched */
}

static void claims(void **state)
{
    (void)state;
    const sl_termijn_def *def = sl_termijn_default("img_beslistermijn");
    sl_claim c = {.fase = SL_FASE_VOORBEREIDING, .fase_sinds = D("2024-02-01"),
                  .ontvangen_op = D("2024-01-01")};
    sl_termijn_uitkomst r;
    sl_date eind = 0;
    /* undecided, in each of the three undecided phases: missed the day after 1 July */
    for (sl_fase f = SL_FASE_VOORBEREIDING; f <= SL_FASE_ZIENSWIJZE; f++) {
        c.fase = f;
        assert_true(sl_termijn_claim(NULL, def, &c, D("2024-07-02"), &eind, &r));
        assert_int_equal(r.status, SL_TERMIJN_VERSTREKEN);
        assert_int_equal(eind, SL_DATE_NONE);
        assert_true(sl_termijn_claim(NULL, def, &c, D("2024-07-01"), &eind, &r));
        assert_int_equal(r.status, SL_TERMIJN_LOPEND);
    }
    /* decided in time, and decided late (dated by the phase's date) */
    c.fase = SL_FASE_BESCHIKKING;
    c.fase_sinds = D("2024-06-01");
    assert_true(sl_termijn_claim(NULL, def, &c, D("2025-01-01"), &eind, &r));
    assert_int_equal(r.status, SL_TERMIJN_GEHAALD);
    assert_int_equal(eind, D("2024-06-01"));
    c.fase = SL_FASE_AFGEHANDELD;
    c.fase_sinds = D("2024-08-01");
    assert_true(sl_termijn_claim(NULL, def, &c, D("2025-01-01"), &eind, &r));
    assert_int_equal(r.status, SL_TERMIJN_VERSTREKEN);
    /* decided without a date: dated today at the latest */
    c.fase_sinds = SL_DATE_NONE;
    assert_true(sl_termijn_claim(NULL, def, &c, D("2024-03-01"), &eind, &r));
    assert_int_equal(r.status, SL_TERMIJN_GEHAALD);
    assert_int_equal(eind, D("2024-03-01"));
    c.ontvangen_op = SL_DATE_NONE;
    assert_false(sl_termijn_claim(NULL, def, &c, D("2024-03-01"), &eind, &r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_as_documented), cmocka_unit_test(img_182_days_and_status),
        cmocka_unit_test(not_statutory_is_not_stretched), cmocka_unit_test(suspensions),
        cmocka_unit_test(extensions), cmocka_unit_test(bad_input), cmocka_unit_test(claims),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
