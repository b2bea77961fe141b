/*
 * test_dossier_termijnen.c - terms in the dossier and on the dashboard, in a
 * real register on either store: the dossier's term of a claim equals the
 * terms list's (decision 197), the other body sees it without the owner's
 * reasons or the penalty's amount and the resident with the amount (decision
 * 193), open escalation cases show to the buddies and not to the resident,
 * and the term figures count what the list counts with small counts hidden
 * (decision 196).
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
#include "service/dossier.h"
#include "service/import.h"
#include "service/suppression.h"
#include "service/term_stats.h"
#include "service/termijnbeheer.h"
#include "service/termijnen.h"
#include "store/store.h"

#include "loaded_register.h"

#define A1 INT64_C(14200000000001) /* IMG-001 (undecided) and NCG-0001 (step 1.2) */

static const sl_actor zb = {.gebruiker = "k.postma",
                            .viewer = {.role = SL_ROLE_ZAAKBEGELEIDER, .org = SL_ACCOUNT_ORG_IMG}};
static const sl_actor it = {.gebruiker = "i.team", .viewer = {.role = SL_ROLE_INTERVENTIETEAM}};
static const sl_viewer bb = {.role = SL_ROLE_BEWONERSBEGELEIDER, .org = SL_ACCOUNT_ORG_NCG};
static const int64_t own[] = {A1};
static const sl_viewer bewoner = {.role = SL_ROLE_BEWONER, .adressen = own, .n_adressen = 1};

/* The dossier of A1 as `v` sees it on `today`, parsed. */
static json_t *dossier(sl_store *st, const sl_viewer *v, sl_doel doel, sl_date today)
{
    sl_sharing_config cfg;
    sl_sharing_config_default(&cfg);
    char *body = NULL;
    size_t len = 0;
    sl_share_decision dec;
    bool found = false;
    assert_true(sl_dossier_shown(st, &cfg, v, doel, A1, today, &body, &len, &dec, &found));
    assert_true(found);
    assert_non_null(body);
    json_t *o = json_loadb(body, len, 0, NULL);
    sl_free(body);
    assert_non_null(o);
    return o;
}

/* The term of IMG-001 in a dossier. */
static const json_t *img001(const json_t *d)
{
    const json_t *t = json_object_get(d, "termijnen"), *x;
    size_t i;
    assert_true(json_is_array(t));
    json_array_foreach(t, i, x)
        if (strcmp(json_string_value(json_object_get(x, "img_id")), "IMG-001") == 0)
            return x;
    fail_msg("IMG-001 has no term in the dossier");
    return NULL;
}

typedef struct listed {
    sl_date einde;
    int verstreken_open;
} listed;

static bool list_cb(void *ctx, const sl_termijn_item *t)
{
    listed *l = ctx;
    if (strcmp(t->img_id, "IMG-001") == 0)
        l->einde = t->uitkomst.einde;
    if (t->uitkomst.status == SL_TERMIJN_VERSTREKEN && t->eind_gebeurtenis == SL_DATE_NONE)
        l->verstreken_open++;
    return true;
}

static void the_dossier_shows_the_term_as_the_list_counts_it(void **state)
{
    (void)state;
    sl_store *st = open_small();
    char err[256];
    int64_t id;
    sl_termijn_zaak z = {.soort = "img_beslistermijn", .img_id = "IMG-001"};
    assert_int_equal(sl_termijn_opschorten(st, &zb, &z, ymd(2021, 8, 1), ymd(2021, 8, 11), 0,
                                           "wacht op de bewoner", &id, err, sizeof err),
                     SL_OK);
    assert_int_equal(sl_termijn_verlengen(st, &zb, &z, ymd(2022, 3, 1), "extra onderzoek", &id,
                                          err, sizeof err),
                     SL_OK);
    sl_ingebrekestelling n;
    assert_int_equal(sl_ingebrekestelling_registreren(st, &zb, "IMG-001", NULL, ymd(2025, 3, 3),
                                                      ymd(2025, 6, 1), &n, err, sizeof err),
                     SL_OK);
    sl_date today = ymd(2025, 6, 1);
    listed l = {0};
    assert_true(sl_termijnen_list(st, NULL, today, list_cb, &l, NULL));
    char want[11];
    sl_date_format(l.einde, want);
    assert_string_equal(want, "2022-03-11");

    json_t *d = dossier(st, &zb.viewer, SL_DOEL_COORDINATIE, today);
    const json_t *t = img001(d);
    assert_string_equal(json_string_value(json_object_get(t, "einde")), want);
    assert_string_equal(json_string_value(json_object_get(t, "status")), "verstreken");
    const json_t *o = json_array_get(json_object_get(t, "opschortingen"), 0);
    assert_string_equal(json_string_value(json_object_get(o, "reden")), "wacht op de bewoner");
    const json_t *ib = json_object_get(t, "ingebrekestelling");
    assert_int_equal(json_integer_value(json_object_get(ib, "dwangsom_centen")), 144200);
    assert_true(json_is_integer(json_object_get(ib, "id")));
    json_decref(d);

    d = dossier(st, &bb, SL_DOEL_COORDINATIE, today);
    t = img001(d);
    assert_string_equal(json_string_value(json_object_get(t, "einde")), want);
    o = json_array_get(json_object_get(t, "opschortingen"), 0);
    assert_null(json_object_get(o, "reden"));
    ib = json_object_get(t, "ingebrekestelling");
    assert_null(json_object_get(ib, "dwangsom_centen"));
    assert_null(json_object_get(ib, "id"));
    assert_int_equal(json_integer_value(json_object_get(ib, "dwangsom_dagen")), 42);
    json_decref(d);

    d = dossier(st, &bewoner, SL_DOEL_EIGEN_INZAGE, today);
    t = img001(d);
    ib = json_object_get(t, "ingebrekestelling");
    assert_int_equal(json_integer_value(json_object_get(ib, "dwangsom_centen")), 144200);
    o = json_array_get(json_object_get(t, "opschortingen"), 0);
    assert_null(json_object_get(o, "reden"));
    json_decref(d);
    sl_store_close(st);
}

static void open_cases_show_to_the_buddies_only(void **state)
{
    (void)state;
    sl_store *st = open_small();
    char err[256];
    sl_escalatie e;
    bool nieuw;
    sl_date today = ymd(2025, 6, 1);
    assert_int_equal(sl_escalatie_aanmelden(st, &it, A1, "vastgelopen", today, &e, &nieuw, err,
                                            sizeof err),
                     SL_OK);
    json_t *d = dossier(st, &zb.viewer, SL_DOEL_COORDINATIE, today);
    const json_t *c = json_object_get(d, "escalaties");
    assert_int_equal(json_array_size(c), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(c, 0), "aanleiding")),
                        "vastgelopen");
    json_decref(d);
    d = dossier(st, &bb, SL_DOEL_COORDINATIE, today);
    assert_int_equal(json_array_size(json_object_get(d, "escalaties")), 1);
    json_decref(d);
    d = dossier(st, &bewoner, SL_DOEL_EIGEN_INZAGE, today);
    assert_true(json_is_null(json_object_get(d, "escalaties")));
    json_decref(d);
    /* a closed case leaves the dossier */
    assert_int_equal(sl_escalatie_wijzigen(st, &it, e.id, e.versie, "gesloten", NULL, &e, err,
                                           sizeof err),
                     SL_OK);
    d = dossier(st, &zb.viewer, SL_DOEL_COORDINATIE, today);
    assert_int_equal(json_array_size(json_object_get(d, "escalaties")), 0);
    json_decref(d);
    sl_store_close(st);
}

static const json_t *img_figures(const json_t *o)
{
    return json_array_get(json_object_get(o, "termijnen"), 0);
}

static void the_figures_count_what_the_list_counts(void **state)
{
    (void)state;
    sl_store *st = open_small();
    sl_date today = ymd(2025, 6, 1);
    listed l = {0};
    assert_true(sl_termijnen_list(st, NULL, today, list_cb, &l, NULL));
    assert_true(l.verstreken_open > 1);
    sl_sharing_config cfg;
    sl_sharing_config_default(&cfg);
    cfg.min_aantal = 1; /* nothing hidden: the exact counts */
    json_t *o = NULL;
    assert_true(sl_term_stats_json(st, &cfg, today, NULL, &o));
    const json_t *img = img_figures(o);
    assert_string_equal(json_string_value(json_object_get(img, "organisatie")), "IMG");
    assert_int_equal(json_integer_value(json_object_get(img, "verstreken")), l.verstreken_open);
    json_decref(o);
    /* the default threshold hides them, and the municipality's too */
    sl_sharing_config_default(&cfg);
    assert_true(sl_term_stats_json(st, &cfg, today, "0014", &o));
    img = img_figures(o);
    assert_true(sl_suppressed_is_hidden(json_object_get(img, "verstreken")));
    assert_string_equal(json_string_value(json_object_get(o, "gemeente")), "0014");
    json_decref(o);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_dossier_shows_the_term_as_the_list_counts_it),
        cmocka_unit_test(open_cases_show_to_the_buddies_only),
        cmocka_unit_test(the_figures_count_what_the_list_counts),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
