/*
 * test_regels.c - the beheerder's rule tables (service/regels.h) in a real
 * register, on either store: publishing makes a new version in force and
 * re-classifies the register; a stale If-Match is refused and changes
 * nothing; a bad draft changes nothing and names every fault; the preview
 * writes nothing.
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

#include "core/classify.h"
#include "service/import.h"
#include "service/regels.h"
#include "service/termijnbeheer.h"
#include "store/classification_store.h"
#include "store/signals_store.h"
#include "store/store.h"

#include "tmp_register.h"
#include "test_sql.h"

static const sl_actor beheer = {.gebruiker = "r.beheer", .viewer = {.role = SL_ROLE_BEHEERDER}};
static const sl_actor zb = {.gebruiker = "k.postma",
                            .viewer = {.role = SL_ROLE_ZAAKBEGELEIDER, .org = SL_ACCOUNT_ORG_IMG}};

/* The register term_draft reads the shipped term table from. */
static sl_store *st_for_draft;

static void load(sl_store *st, const char *delivery)
{
    static const char *const files[] = {"bag_adressen.csv", "ncg_trajecten.csv",
                                        "img_schades.csv"};
    char path[300];
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s/%s", SL_TEST_DATA, delivery, files[i]);
        sl_import_report rep;
        assert_true(sl_import_file(st, path, NULL, &rep));
    }
}

static sl_store *open_loaded(void)
{
    tmp_register_clear();
    sl_store *st = NULL;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    load(st, "small");
    return st;
}

/* The default table as a draft, with cell (2.1, opname) set to groep. */
static json_t *draft_with(const char *groep)
{
    sl_matrix m;
    sl_matrix_default(&m);
    json_t *cells = json_array();
    for (int s = 0; s < SL_MATRIX_STAPPEN; s++)
        for (int f = 0; f < SL_MATRIX_FASEN; f++) {
            bool hit = s == SL_STAP_2_1 && f == SL_FASE_OPNAME;
            json_array_append_new(cells, json_pack("{s:s, s:s, s:s}", "stap",
                                                   sl_stap_name((sl_stap)s), "fase",
                                                   sl_fase_name((sl_fase)f), "groep",
                                                   hit ? groep : sl_groep_name(m.cell[s][f])));
        }
    return json_pack("{s:o}", "cellen", cells);
}

typedef struct found_class {
    int64_t address_id;
    sl_groep groep;
    int32_t versie;
} found_class;

static bool find_cb(void *ctx, const sl_stored_class *sc)
{
    found_class *f = ctx;
    if (sc->stap == SL_STAP_2_1 && sc->fase == SL_FASE_OPNAME) {
        f->address_id = sc->address_id;
        f->groep = sc->c.groep;
        f->versie = sc->c.matrix_version;
    }
    return true;
}

static found_class the_2_1_opname_address(sl_store *st)
{
    found_class f = {0};
    assert_true(sl_store_scan_classifications(st, find_cb, &f));
    assert_true(f.address_id != 0);
    return f;
}

/* What a refused or previewed draft must leave alone, as one number each. */
typedef struct register_state {
    long long versies, cellen, logboek, groep_f;
} register_state;

static register_state state_of(void)
{
    return (register_state){
        .versies = test_sql_int(db, "SELECT count(*) FROM regelset"),
        .cellen = test_sql_int(db, "SELECT count(*) FROM matrixregel"),
        .logboek = test_sql_int(db, "SELECT count(*) FROM logboek"),
        .groep_f = test_sql_int(db, "SELECT count(*) FROM classificatie WHERE groep = 'F'"),
    };
}

static void assert_same_state(register_state a, register_state b)
{
    assert_int_equal(a.versies, b.versies);
    assert_int_equal(a.cellen, b.cellen);
    assert_int_equal(a.logboek, b.logboek);
    assert_int_equal(a.groep_f, b.groep_f);
}

static void publish_makes_a_new_version_and_reclassifies(void **state)
{
    (void)state;
    sl_store *st = open_loaded();
    assert_int_equal(the_2_1_opname_address(st).groep, SL_GROEP_B);
    long long log_before = test_sql_int(db, "SELECT count(*) FROM logboek");
    json_t *d = draft_with("F"), *errors = NULL;
    int32_t versie = 0;
    int64_t herberekend = 0;
    char err[256] = "";
    assert_int_equal(sl_regels_publiceer(st, &beheer, SL_REGELS_MATRIX, 1, "proef met groep F",
                                         d, &versie, &herberekend, &errors, err, sizeof err),
                     SL_OK);
    assert_int_equal(versie, 2);
    assert_true(herberekend > 0);
    found_class f = the_2_1_opname_address(st);
    assert_int_equal(f.groep, SL_GROEP_F);
    assert_int_equal(f.versie, 2);
    sl_matrix active;
    assert_true(sl_store_matrix_active(st, &active));
    assert_int_equal(active.version, 2);
    assert_int_equal(test_sql_int(db, "SELECT count(*) FROM logboek"), log_before + 1);
    assert_int_equal(test_sql_int(db, "SELECT count(*) FROM regelpublicatie"
                                      " WHERE soort = 'matrix' AND versie = 2"
                                      " AND door = 'r.beheer'"),
                     1);
    /* the versions list names the new one in force and keeps the old one */
    json_t *out = NULL;
    int32_t actueel = 0;
    assert_int_equal(sl_regels_versies(st, &beheer, SL_REGELS_MATRIX, &out, &actueel, err,
                                       sizeof err),
                     SL_OK);
    assert_int_equal(actueel, 2);
    assert_int_equal(json_array_size(json_object_get(out, "versies")), 2);
    json_decref(out);
    json_decref(d);
    sl_store_close(st);
}

static void a_stale_if_match_changes_nothing(void **state)
{
    (void)state;
    sl_store *st = open_loaded();
    json_t *d = draft_with("F"), *errors = NULL;
    int32_t versie = 0;
    int64_t n = 0;
    char err[256] = "";
    assert_int_equal(sl_regels_publiceer(st, &beheer, SL_REGELS_MATRIX, 1, "eerste", d, &versie,
                                         &n, &errors, err, sizeof err),
                     SL_OK);
    register_state before = state_of();
    json_t *d2 = draft_with("C");
    assert_int_equal(sl_regels_publiceer(st, &beheer, SL_REGELS_MATRIX, 1, "tweede", d2, &versie,
                                         &n, &errors, err, sizeof err),
                     SL_STALE);
    assert_non_null(strstr(err, "versie 2"));
    assert_same_state(before, state_of());
    assert_int_equal(the_2_1_opname_address(st).groep, SL_GROEP_F);
    json_decref(d);
    json_decref(d2);
    sl_store_close(st);
}

static void a_bad_draft_names_every_fault_and_changes_nothing(void **state)
{
    (void)state;
    sl_store *st = open_loaded();
    register_state before = state_of();
    json_t *d = draft_with("G"), *errors = NULL;
    json_t *cells = json_object_get(d, "cellen");
    json_object_set_new(json_array_get(cells, 0), "stap", json_string("9.9"));
    json_object_set_new(json_array_get(cells, 1), "fase", json_string("bezwaar"));
    int32_t versie = 0;
    int64_t n = 0;
    char err[256] = "";
    assert_int_equal(sl_regels_publiceer(st, &beheer, SL_REGELS_MATRIX, 1, "", d, &versie, &n,
                                         &errors, err, sizeof err),
                     SL_INVALID);
    assert_int_equal(json_array_size(errors), 4);
    static const char *const velden[] = {"cellen[0].stap", "cellen[1].fase", "cellen[5].groep",
                                         "reden"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(errors, i), "veld")),
                            velden[i]);
    json_decref(errors);
    assert_same_state(before, state_of());
    /* not a beheerder: refused before anything is read */
    json_t *good = draft_with("F");
    assert_int_equal(sl_regels_publiceer(st, &zb, SL_REGELS_MATRIX, 1, "x", good, &versie, &n,
                                         &errors, err, sizeof err),
                     SL_FORBIDDEN);
    assert_same_state(before, state_of());
    json_decref(good);
    json_decref(d);
    sl_store_close(st);
}

static void the_preview_writes_nothing(void **state)
{
    (void)state;
    sl_store *st = open_loaded();
    register_state before = state_of();
    json_t *d = draft_with("F"), *out = NULL, *errors = NULL;
    char err[256] = "";
    assert_int_equal(sl_regels_voorvertoning(st, &beheer, SL_REGELS_MATRIX, d, &out, &errors, err,
                                             sizeof err),
                     SL_OK);
    assert_int_equal(json_integer_value(json_object_get(out, "adressenGewijzigd")), 1);
    json_t *o = json_array_get(json_object_get(out, "overgangen"), 0);
    assert_string_equal(json_string_value(json_object_get(o, "van")), "B");
    assert_string_equal(json_string_value(json_object_get(o, "naar")), "F");
    assert_same_state(before, state_of());
    assert_int_equal(the_2_1_opname_address(st).groep, SL_GROEP_B);
    json_decref(out);
    json_decref(d);
    sl_store_close(st);
}

/* Version 1 of the signal rules as a draft, rule 1 only for addresses without claims. */
static json_t *signal_draft(sl_store *st)
{
    json_t *v = NULL;
    char err[256] = "";
    assert_int_equal(sl_regels_versie(st, &beheer, SL_REGELS_SIGNAAL, 1, &v, err, sizeof err),
                     SL_OK);
    json_t *regels = json_object_get(v, "regels");
    json_t *rule1 = json_array_get(regels, 0);
    assert_int_equal(json_integer_value(json_object_get(rule1, "regel")), 1);
    json_object_set_new(rule1, "conditie", json_string("zonder_schades"));
    json_t *d = json_pack("{s:O}", "regels", regels);
    json_decref(v);
    return d;
}

static void signal_rules_close_what_no_longer_holds(void **state)
{
    (void)state;
    sl_store *st = open_loaded();
    load(st, "small2");
    const char *open1 = "SELECT count(*) FROM signaal WHERE regel = 1 AND status = 'open'";
    assert_int_equal(test_sql_int(db, open1), 1);
    json_t *d = signal_draft(st), *out = NULL, *errors = NULL;
    char err[256] = "";
    /* the preview counts the signal it would close, and closes nothing */
    assert_int_equal(sl_regels_voorvertoning(st, &beheer, SL_REGELS_SIGNAAL, d, &out, &errors,
                                             err, sizeof err),
                     SL_OK);
    assert_int_equal(json_integer_value(json_object_get(out, "signalenTeSluiten")), 1);
    json_decref(out);
    assert_int_equal(test_sql_int(db, open1), 1);
    register_state before = state_of();
    /* a stale version changes nothing */
    int32_t versie = 0;
    int64_t closed = 0;
    assert_int_equal(sl_regels_publiceer(st, &beheer, SL_REGELS_SIGNAAL, 7, "te laat", d, &versie,
                                         &closed, &errors, err, sizeof err),
                     SL_STALE);
    assert_same_state(before, state_of());
    assert_int_equal(sl_regels_publiceer(st, &beheer, SL_REGELS_SIGNAAL, 1, "proef", d, &versie,
                                         &closed, &errors, err, sizeof err),
                     SL_OK);
    assert_int_equal(versie, 2);
    assert_int_equal(closed, 1);
    assert_int_equal(test_sql_int(db, open1), 0);
    sl_ruleset *rs = calloc(1, sizeof *rs);
    assert_true(sl_store_signal_ruleset(st, rs));
    assert_int_equal(rs->version, 2);
    assert_int_equal(rs->rules[0].conditie, SL_COND_ZONDER_SCHADES);
    free(rs);
    json_decref(d);
    sl_store_close(st);
}

/* ---- the term table (soort termijn) ----------------------------------------------------- */

static long long term_rows(const char *table)
{
    char q[96];
    snprintf(q, sizeof q, "SELECT count(*) FROM %s", table);
    return test_sql_int(db, q);
}

/* The shipped table as a draft, with one field of one kind replaced. */
static json_t *term_draft(const char *soort, const char *field, json_t *value)
{
    json_t *v = NULL;
    char err[256];
    assert_int_equal(sl_regels_versie(st_for_draft, &beheer, SL_REGELS_TERMIJN, 1, &v, err,
                                      sizeof err),
                     SL_OK);
    json_t *defs = json_deep_copy(json_object_get(v, "definities"));
    json_decref(v);
    size_t i;
    json_t *d;
    json_array_foreach(defs, i, d)
        if (soort && strcmp(json_string_value(json_object_get(d, "soort")), soort) == 0)
            json_object_set(d, field, value);
    json_decref(value);
    return json_pack("{s:o}", "definities", defs);
}

static void term_table_publish_makes_a_version(void **state)
{
    (void)state;
    sl_store *st = st_for_draft = open_loaded();
    char err[256];
    json_t *out = NULL, *errors = NULL;
    int32_t actueel = 0, versie = 0;
    int64_t herberekend = -1;
    /* the shipped table is version 1 before anything was stored */
    assert_int_equal(sl_regels_versies(st, &beheer, SL_REGELS_TERMIJN, &out, &actueel, err,
                                       sizeof err),
                     SL_OK);
    assert_int_equal(actueel, 1);
    assert_int_equal(json_array_size(json_object_get(out, "versies")), 1);
    json_decref(out);
    json_t *d = term_draft("img_beslistermijn", "lengte", json_integer(3650));
    assert_int_equal(sl_regels_publiceer(st, &zb, SL_REGELS_TERMIJN, 1, "langer", d, &versie,
                                         &herberekend, &errors, err, sizeof err),
                     SL_FORBIDDEN);
    long long log_before = term_rows("logboek");
    assert_int_equal(sl_regels_publiceer(st, &beheer, SL_REGELS_TERMIJN, 1,
                                         "IMG beslist binnen tien jaar (test)", d, &versie,
                                         &herberekend, &errors, err, sizeof err),
                     SL_OK);
    assert_int_equal(versie, 2);
    assert_int_equal(term_rows("logboek"), log_before + 1);
    sl_termijnregels *r = calloc(1, sizeof *r);
    assert_true(sl_termijnregels_laden(st, r));
    assert_int_equal(r->versie, 2);
    assert_int_equal(sl_termijnregels_regel(r, "img_beslistermijn")->lengte, 3650);
    free(r);
    assert_int_equal(sl_regels_versies(st, &beheer, SL_REGELS_TERMIJN, &out, &actueel, err,
                                       sizeof err),
                     SL_OK);
    assert_int_equal(actueel, 2);
    json_t *newest = json_array_get(json_object_get(out, "versies"), 0);
    assert_string_equal(json_string_value(json_object_get(newest, "door")), "r.beheer");
    assert_string_equal(json_string_value(json_object_get(newest, "reden")),
                        "IMG beslist binnen tien jaar (test)");
    assert_int_equal(json_array_size(json_object_get(out, "versies")), 2);
    json_decref(out);
    /* the older version stays readable, not in force */
    assert_int_equal(sl_regels_versie(st, &beheer, SL_REGELS_TERMIJN, 1, &out, err, sizeof err),
                     SL_OK);
    assert_false(json_is_true(json_object_get(out, "actief")));
    json_decref(out);
    json_decref(d);
    sl_store_close(st);
}

static void term_table_stale_if_match_changes_nothing(void **state)
{
    (void)state;
    sl_store *st = st_for_draft = open_loaded();
    char err[256];
    json_t *errors = NULL;
    int32_t versie = 0;
    int64_t herberekend = 0;
    json_t *d = term_draft("img_beslistermijn", "lengte", json_integer(200));
    long long log_before = term_rows("logboek");
    assert_int_equal(sl_regels_publiceer(st, &beheer, SL_REGELS_TERMIJN, 7, "te laat", d, &versie,
                                         &herberekend, &errors, err, sizeof err),
                     SL_STALE);
    assert_int_equal(term_rows("termijnregelset"), 0);
    assert_int_equal(term_rows("termijndefinitie"), 0);
    assert_int_equal(term_rows("logboek"), log_before);
    json_decref(d);
    sl_store_close(st);
}

static bool has_veld(const json_t *errors, const char *veld)
{
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) if (strcmp(json_string_value(json_object_get(e, "veld")),
                                                veld) == 0) return true;
    return false;
}

static void term_table_bad_draft_names_every_fault(void **state)
{
    (void)state;
    sl_store *st = st_for_draft = open_loaded();
    char err[256];
    json_t *errors = NULL;
    int32_t versie = 0;
    int64_t herberekend = 0;
    json_t *d = term_draft("img_beslistermijn", "lengte", json_integer(0));
    json_t *defs = json_object_get(d, "definities");
    json_t *row = json_array_get(defs, 0);
    json_object_set_new(row, "eenheid", json_string("jaren"));
    json_object_set_new(row, "start_gebeurtenis", json_string("ergens"));
    json_object_set_new(row, "organisatie", json_string("GEM"));
    json_object_set_new(row, "verantwoordelijke", json_string("gemeente"));
    row = json_array_get(defs, 1);
    json_object_set_new(row, "lengte", json_integer(-3));
    json_object_set_new(row, "eind_gebeurtenis", json_string("nooit"));
    row = json_array_get(defs, 3);
    json_object_set_new(row, "lengte", json_integer(10));
    json_object_set_new(row, "eenheid", json_string("dagen"));
    json_object_set_new(row, "waarschuwing_dagen", json_integer(20));
    assert_int_equal(sl_regels_publiceer(st, &beheer, SL_REGELS_TERMIJN, 1, "fout", d, &versie,
                                         &herberekend, &errors, err, sizeof err),
                     SL_INVALID);
    static const char *const velden[] = {
        "definities[0].lengte", "definities[0].eenheid", "definities[0].start_gebeurtenis",
        "definities[0].organisatie", "definities[0].verantwoordelijke", "definities[1].lengte",
        "definities[1].eind_gebeurtenis", "definities[3].waarschuwing_dagen"};
    for (size_t i = 0; i < sizeof velden / sizeof velden[0]; i++)
        if (!has_veld(errors, velden[i]))
            fail_msg("geen fout bij %s", velden[i]);
    assert_int_equal(json_array_size(errors), sizeof velden / sizeof velden[0]);
    json_decref(errors);
    assert_int_equal(term_rows("termijnregelset"), 0);
    json_decref(d);
    sl_store_close(st);
}

static void term_table_preview_counts_and_writes_nothing(void **state)
{
    (void)state;
    sl_store *st = st_for_draft = open_loaded();
    char err[256];
    json_t *out = NULL, *errors = NULL;
    long long log_before = term_rows("logboek");
    json_t *d = term_draft("img_beslistermijn", "lengte", json_integer(3650));
    /* and NCG's step 2.1 term no longer an assumption: it starts being dated */
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(d, "definities"), i, row)
        if (strcmp(json_string_value(json_object_get(row, "soort")), "ncg_stap_2_1") == 0)
            json_object_set_new(row, "aanname", json_false());
    assert_int_equal(sl_regels_voorvertoning(st, &beheer, SL_REGELS_TERMIJN, d, &out, &errors,
                                             err, sizeof err),
                     SL_OK);
    assert_true(json_integer_value(json_object_get(out, "termijnenGewijzigd")) > 0);
    json_t *o = json_array_get(json_object_get(out, "overgangen"), 0);
    assert_string_equal(json_string_value(json_object_get(o, "termijnsoort")),
                        "img_beslistermijn");
    assert_true(json_array_size(json_object_get(o, "voorbeelden")) > 0);
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(out, "gaanGedateerdWorden"), 0)),
        "ncg_stap_2_1");
    assert_int_equal(json_array_size(json_object_get(out, "gewijzigdeSoorten")), 2);
    json_decref(out);
    assert_int_equal(term_rows("termijnregelset"), 0);
    assert_int_equal(term_rows("logboek"), log_before);
    json_decref(d);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(publish_makes_a_new_version_and_reclassifies),
        cmocka_unit_test(a_stale_if_match_changes_nothing),
        cmocka_unit_test(a_bad_draft_names_every_fault_and_changes_nothing),
        cmocka_unit_test(the_preview_writes_nothing),
        cmocka_unit_test(signal_rules_close_what_no_longer_holds),
        cmocka_unit_test(term_table_publish_makes_a_version),
        cmocka_unit_test(term_table_stale_if_match_changes_nothing),
        cmocka_unit_test(term_table_bad_draft_names_every_fault),
        cmocka_unit_test(term_table_preview_counts_and_writes_nothing),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
