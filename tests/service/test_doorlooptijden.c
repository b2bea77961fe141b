/*
 * test_doorlooptijden.c - lead times from the register's history, on either
 * store (SAMENLOOP_TEST_PG): a claim and a trajectory moved through phases
 * and steps on known days give known completed stays; running stays are
 * measured until the end of the period and kept apart; the municipality
 * filter, the period's lower bound and the suppression of small counts; a
 * second delivery that moves records one step on completes the stays the
 * first one began (decision 233), one that skips statuses does not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "service/doorlooptijden.h"
#include "service/import.h"
#include "service/record_update.h"

#include "loaded_register.h"

static void move(sl_store *st, sl_kind kind, const char *id, int status, sl_date sinds)
{
    sl_actor by = {.gebruiker = kind == SL_KIND_IMG ? "k.postma" : "a.jansma", .trace_id = "t",
                   .viewer = {.role = kind == SL_KIND_IMG ? SL_ROLE_ZAAKBEGELEIDER
                                                          : SL_ROLE_BEWONERSBEGELEIDER,
                              .org = kind == SL_KIND_IMG ? SL_ACCOUNT_ORG_IMG
                                                         : SL_ACCOUNT_ORG_NCG}};
    sl_record_change ch = {.kind = kind, .id = id, .expect_versie = SL_VERSIE_ANY};
    if (kind == SL_KIND_IMG) {
        ch.set = SL_SET_FASE | SL_SET_FASE_SINDS;
        ch.fase = (sl_fase)status;
        ch.fase_sinds = sinds;
    } else {
        ch.set = SL_SET_STAP | SL_SET_STAP_SINDS;
        ch.stap = (sl_stap)status;
        ch.stap_sinds = sinds;
    }
    char err[300];
    assert_int_equal(sl_record_update(st, &by, &ch, ymd(2021, 9, 10), NULL, err, sizeof err),
                     SL_OK);
}

/* IMG-001: voorbereiding (delivered) -> opname on 1 Aug -> zienswijze on 31 Aug 2021;
 * NCG-0001: 1.2 (delivered) -> 2.1 on 1 Apr -> 3.1 on 1 Jun 2021. */
static sl_store *moved(void)
{
    sl_store *st = open_small();
    move(st, SL_KIND_IMG, "IMG-001", SL_FASE_OPNAME, ymd(2021, 8, 1));
    move(st, SL_KIND_IMG, "IMG-001", SL_FASE_ZIENSWIJZE, ymd(2021, 8, 31));
    move(st, SL_KIND_NCG, "NCG-0001", SL_STAP_2_1, ymd(2021, 4, 1));
    move(st, SL_KIND_NCG, "NCG-0001", SL_STAP_3_1, ymd(2021, 6, 1));
    return st;
}

static sl_store *tmp_store; /* the register a later delivery goes into */

static json_t *figures(sl_store *st, const sl_sharing_config *cfg, const char *gemeente,
                       sl_stay_period p)
{
    json_t *o = NULL;
    assert_true(sl_doorlooptijden_json(st, cfg, gemeente, p, &o));
    assert_non_null(o);
    return o;
}

/* The measure m ("afgerond"/"lopend") of the row whose key is name. */
static const json_t *measure(const json_t *o, const char *list, const char *key,
                             const char *name, const char *m)
{
    size_t i;
    const json_t *row;
    json_array_foreach(json_object_get(o, list), i, row)
        if (strcmp(json_string_value(json_object_get(row, key)), name) == 0)
            return json_object_get(row, m);
    fail_msg("no row %s %s", list, name);
    return NULL;
}

static void expect(const json_t *m, long long n, double median, double p80)
{
    assert_int_equal(json_integer_value(json_object_get(m, "aantal")), n);
    if (n == 0) {
        assert_true(json_is_null(json_object_get(m, "mediaan_dagen")));
        return;
    }
    assert_float_equal(json_number_value(json_object_get(m, "mediaan_dagen")), median, 1e-9);
    assert_float_equal(json_number_value(json_object_get(m, "p80_dagen")), p80, 1e-9);
}

static void moves_on_known_days_give_known_lead_times(void **state)
{
    (void)state;
    sl_store *st = moved();
    json_t *o = figures(st, NULL, NULL, (sl_stay_period){SL_DATE_NONE, ymd(2021, 9, 10)});
    /* opname: IMG-001's 30 days; voorbereiding, its baseline, from the delivery's
     * 1 Jul until the move one step on, 1 Aug: 31 days */
    expect(measure(o, "schades", "fase", "opname", "afgerond"), 1, 30, 30);
    expect(measure(o, "schades", "fase", "voorbereiding", "afgerond"), 1, 31, 31);
    /* zienswijze running: IMG-001 10 days so far, IMG-004 since 1 Aug: 40 */
    expect(measure(o, "schades", "fase", "zienswijze", "lopend"), 2, 25, 34);
    /* 2.1: NCG-0001's 61 days; 1.2 from the delivery's 1 Mar to 1 Apr */
    expect(measure(o, "trajecten", "stap", "2.1", "afgerond"), 1, 61, 61);
    expect(measure(o, "trajecten", "stap", "1.2", "afgerond"), 1, 31, 31);
    assert_string_equal(json_string_value(json_object_get(o, "tot_en_met")), "2021-09-10");
    assert_true(json_is_null(json_object_get(o, "van")));
    /* exact for the operator: no suppression summary */
    assert_null(json_object_get(o, "onderdrukkingsgrens"));
    /* the closed statuses have no row */
    assert_int_equal(json_array_size(json_object_get(o, "schades")), 4);
    assert_int_equal(json_array_size(json_object_get(o, "trajecten")), 7);
    json_decref(o);
    sl_store_close(st);
}

static void the_period_and_the_municipality_filter(void **state)
{
    (void)state;
    sl_store *st = moved();
    /* at the end of July IMG-001's opname stay had not begun */
    json_t *o = figures(st, NULL, NULL, (sl_stay_period){SL_DATE_NONE, ymd(2021, 7, 31)});
    expect(measure(o, "schades", "fase", "opname", "afgerond"), 0, 0, 0);
    json_decref(o);
    /* only stays that ended from 1 Sep: none of the completed ones */
    o = figures(st, NULL, NULL, (sl_stay_period){ymd(2021, 9, 1), ymd(2021, 9, 10)});
    expect(measure(o, "schades", "fase", "opname", "afgerond"), 0, 0, 0);
    expect(measure(o, "trajecten", "stap", "2.1", "afgerond"), 0, 0, 0);
    assert_string_equal(json_string_value(json_object_get(o, "van")), "2021-09-01");
    json_decref(o);
    /* 1979 (Eemsdelta): IMG-006 in beschikking since 20 Aug; nothing of Groningen */
    o = figures(st, NULL, "1979", (sl_stay_period){SL_DATE_NONE, ymd(2021, 9, 10)});
    expect(measure(o, "schades", "fase", "beschikking", "lopend"), 1, 21, 21);
    expect(measure(o, "schades", "fase", "opname", "afgerond"), 0, 0, 0);
    expect(measure(o, "schades", "fase", "zienswijze", "lopend"), 0, 0, 0);
    assert_string_equal(json_string_value(json_object_get(o, "gemeente")), "1979");
    json_decref(o);
    sl_store_close(st);
}

static void small_counts_are_hidden_with_their_days(void **state)
{
    (void)state;
    sl_store *st = moved();
    sl_sharing_config cfg;
    sl_sharing_config_default(&cfg);
    json_t *o = figures(st, &cfg, NULL, (sl_stay_period){SL_DATE_NONE, ymd(2021, 9, 10)});
    const json_t *m = measure(o, "schades", "fase", "opname", "afgerond");
    assert_true(json_is_true(json_object_get(json_object_get(m, "aantal"), "onderdrukt")));
    assert_true(json_is_null(json_object_get(m, "mediaan_dagen")));
    assert_true(json_is_null(json_object_get(m, "p80_dagen")));
    /* zero is shown */
    expect(measure(o, "schades", "fase", "voorbereiding", "afgerond"), 0, 0, 0);
    assert_int_equal(json_integer_value(json_object_get(o, "onderdrukkingsgrens")), 10);
    assert_true(json_integer_value(json_object_get(o, "aantal_onderdrukt")) > 0);
    json_decref(o);
    sl_store_close(st);
}

/* tests/data/small/<name> with each `from` replaced by its `to`, written to dir. */
static void later_file(const char *dir, const char *name, const char *const (*edits)[2],
                       size_t n)
{
    char path[300];
    snprintf(path, sizeof path, "%s/small/%s", SL_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char text[16384];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    for (size_t i = 0; i < n; i++) {
        char *at = strstr(text, edits[i][0]);
        assert_non_null(at);
        size_t from = strlen(edits[i][0]), to = strlen(edits[i][1]);
        assert_true(len - from + to < sizeof text);
        memmove(at + to, at + from, strlen(at + from) + 1);
        memcpy(at, edits[i][1], to);
        len = len - from + to;
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    sl_import_report rep;
    assert_true(sl_import_file(tmp_store, path, NULL, &rep));
    assert_int_equal(remove(path), 0);
}

/*
 * The same register a delivery later: IMG-001 voorbereiding (since 1 Jul) ->
 * opname on 1 Aug and IMG-008 opname (since 7 Jul) -> zienswijze on 6 Aug, one
 * step on; IMG-005 voorbereiding -> zienswijze, skipping opname. NCG-0001 1.2
 * (since 1 Mar) -> 2.1 on 1 Apr, NCG-0007 3.1 (since 1 Jul) -> geen versterking
 * on 1 Sep; NCG-0009 3.1 -> 5.1, skipping two steps.
 */
static void a_later_delivery_completes_the_first_ones_stays(void **state)
{
    (void)state;
    tmp_store = open_small();
    const char *dir = db_dir; /* the test register's own directory (tmp_register.h) */
    static const char *const img[][2] = {
        {"voorbereiding,2021-07-01", "opname,2021-08-01"},
        {"opname,2021-07-07", "zienswijze,2021-08-06"},
        {"voorbereiding,2021-08-15", "zienswijze,2021-09-01"},
    };
    static const char *const ncg[][2] = {
        {"1.2;2021-03-01", "2.1;2021-04-01"},
        {"3.1;2021-07-01", "geen versterking;2021-09-01"},
        {"3.1;2021-01-01", "5.1;2021-09-01"},
    };
    later_file(dir, "img_schades.csv", img, sizeof img / sizeof img[0]);
    later_file(dir, "ncg_trajecten.csv", ncg, sizeof ncg / sizeof ncg[0]);
    json_t *o = figures(tmp_store, NULL, NULL, (sl_stay_period){SL_DATE_NONE, ymd(2021, 9, 10)});
    expect(measure(o, "schades", "fase", "voorbereiding", "afgerond"), 1, 31, 31);
    expect(measure(o, "schades", "fase", "opname", "afgerond"), 1, 30, 30);
    expect(measure(o, "trajecten", "stap", "1.2", "afgerond"), 1, 31, 31);
    expect(measure(o, "trajecten", "stap", "3.1", "afgerond"), 1, 62, 62);
    /* the skipped-over and the skipping stays are not measured */
    expect(measure(o, "schades", "fase", "zienswijze", "afgerond"), 0, 0, 0);
    expect(measure(o, "trajecten", "stap", "4.1", "afgerond"), 0, 0, 0);
    json_decref(o);
    sl_store_close(tmp_store);
}

int main(void)
{
    json_set_alloc_funcs(sl_malloc, sl_free);
    if (tmp_register_create() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(moves_on_known_days_give_known_lead_times),
        cmocka_unit_test(the_period_and_the_municipality_filter),
        cmocka_unit_test(small_counts_are_hidden_with_their_days),
        cmocka_unit_test(a_later_delivery_completes_the_first_ones_stays),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tmp_register_clear();
    rmdir(db_dir);
    return rc;
}
