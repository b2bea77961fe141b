/*
 * test_delivery_hold.c - a snapshot that would mark more than the allowed
 * share of its kind's current records absent is held, not applied; at or
 * under the share it is applied (decision 91). The held delivery keeps its
 * rejects, the list of what it would mark absent, and its file beside the
 * register; the register itself is untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "service/delivery_hold.h"
#include "service/import.h"
#include "store/deliveries_store.h"
#include "test_sql.h"
#include "tmp_register.h"

#define SMALL SL_TEST_DATA "/small/"

static char keep[256];

static sl_store *fresh_small_register(void)
{
    tmp_register_clear();
    sl_store *st = NULL;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    const char *files[] = {SMALL "bag_adressen.csv", SMALL "ncg_trajecten.csv",
                           SMALL "img_schades.csv"};
    for (size_t i = 0; i < 3; i++) {
        sl_import_report rep;
        assert_true(sl_import_file(st, files[i], NULL, &rep));
    }
    return st;
}

/* The small claims file without the rows of the given claims (NULL-terminated). */
static void write_snapshot(const char *path, const char *const *left_out)
{
    FILE *in = fopen(SMALL "img_schades.csv", "r"), *out = fopen(path, "w");
    assert_non_null(in);
    assert_non_null(out);
    char line[1024];
    while (fgets(line, sizeof line, in)) {
        bool skip = false;
        for (const char *const *id = left_out; *id; id++)
            skip |= strncmp(line, *id, strlen(*id)) == 0 && line[strlen(*id)] == ',';
        if (!skip)
            fputs(line, out);
    }
    fclose(in);
    fclose(out);
}

static int64_t count(const char *sql)
{
    return test_sql_int(db, sql);
}

static sl_import_hooks holding(int max_percent)
{
    sl_import_hooks h = {.door = "d.img", .hold_absent = true, .max_absent_percent = max_percent,
                         .keep_dir = keep};
    return h;
}

#define KEYS_CAP 256

/* Appends "sleutel;" to a KEYS_CAP buffer; false (the scan stops) when it does not fit. */
static bool collect(void *ctx, const char *sleutel)
{
    char *buf = ctx;
    size_t used = strlen(buf);
    int n = snprintf(buf + used, KEYS_CAP - used, "%s;", sleutel);
    return n > 0 && (size_t)n < KEYS_CAP - used;
}

/* 1 of 11 current claims (9%) left out: more than 5% is held, nothing applied. */
static void more_than_the_share_is_held(void **state)
{
    (void)state;
    sl_store *st = fresh_small_register();
    char path[256];
    snprintf(path, sizeof path, "%s/img_schades.csv", db_dir);
    write_snapshot(path, (const char *const[]){"IMG-011", NULL});
    sl_import_hooks h = holding(5);
    sl_import_report rep;
    assert_true(sl_import_file(st, path, &h, &rep));
    assert_true(rep.held);
    assert_int_equal(rep.would_absent, 1);
    assert_int_equal(rep.current, 11);
    assert_int_equal(count("SELECT count(*) FROM schade WHERE afwezig = true"), 0);
    assert_int_equal(count("SELECT count(*) FROM statushistorie WHERE veld = 'afwezig'"), 0);

    sl_delivery_row d;
    bool found = false;
    assert_true(sl_store_delivery_get(st, rep.delivery_id, &d, &found));
    assert_true(found);
    assert_int_equal(d.status, SL_DELIVERY_AANGEHOUDEN);
    assert_string_equal(d.geleverd_door, "d.img");
    assert_int_equal(d.wordt_afwezig, 1);
    assert_int_equal(d.counts.rejected, 3);   /* the rejects are kept with it */
    assert_int_equal(count("SELECT count(*) FROM afwijzing WHERE levering_id ="
                           " (SELECT max(id) FROM levering)"), 3);
    /* ... with their original rows (decision 229) */
    assert_int_equal(count("SELECT count(*) FROM afwijzing a JOIN afwijzing_rij r"
                           " ON r.afwijzing_id = a.id AND r.rij LIKE 'IMG-%'"
                           " WHERE a.levering_id = (SELECT max(id) FROM levering)"), 3);
    char keys[KEYS_CAP] = "";
    assert_true(sl_store_delivery_absent_of(st, rep.delivery_id, collect, keys));
    assert_string_equal(keys, "IMG-011;");
    /* held, the delivery is still in the processing log, saying it was held */
    assert_int_equal(count("SELECT count(*) FROM logboek WHERE doel = 'levering' AND"
                           " levering_id = (SELECT max(id) FROM levering) AND"
                           " gegevens LIKE '%\"afwezig\":0,%\"aangehouden\":true,"
                           "\"wordt_afwezig\":1}'"),
                     1);

    char kept[512];
    struct stat sb;
    assert_true(sl_delivery_kept_path(keep, rep.delivery_id, path, kept, sizeof kept));
    assert_int_equal(stat(kept, &sb), 0);
    sl_delivery_kept_remove(keep, rep.delivery_id, path);
    assert_int_not_equal(stat(kept, &sb), 0);
    unlink(path);
    sl_store_close(st);
}

/* The same snapshot under a share of 10%, and without the hold: applied as before. */
static void at_or_under_the_share_is_applied(void **state)
{
    (void)state;
    sl_store *st = fresh_small_register();
    char path[256];
    snprintf(path, sizeof path, "%s/img_schades.csv", db_dir);
    write_snapshot(path, (const char *const[]){"IMG-011", NULL});
    sl_import_hooks h = holding(10);
    sl_import_report rep;
    assert_true(sl_import_file(st, path, &h, &rep));
    assert_false(rep.held);
    assert_int_equal(rep.counts.absent, 1);
    assert_int_equal(count("SELECT count(*) FROM schade WHERE afwezig = true"), 1);
    char keys[KEYS_CAP] = "";
    assert_true(sl_store_delivery_absent_of(st, rep.delivery_id, collect, keys));
    assert_string_equal(keys, "IMG-011;"); /* an applied delivery's absent records, too */
    sl_delivery_row d;
    bool found = false;
    assert_true(sl_store_delivery_get(st, rep.delivery_id, &d, &found));
    assert_int_equal(d.status, SL_DELIVERY_VERWERKT);
    assert_string_equal(d.geleverd_door, "d.img");
    unlink(path);
    sl_store_close(st);
}

/* A delivery that marks nothing absent is never held, even at 0%. */
static void nothing_absent_is_never_held(void **state)
{
    (void)state;
    sl_store *st = fresh_small_register();
    sl_import_hooks h = holding(0);
    sl_import_report rep;
    assert_true(sl_import_file(st, SMALL "img_schades.csv", &h, &rep));
    assert_false(rep.held);
    assert_int_equal(rep.counts.absent, 0);
    sl_store_close(st);
}

/* A file of a refused kind writes nothing, not even its delivery. */
static void a_refused_kind_writes_nothing(void **state)
{
    (void)state;
    sl_store *st = fresh_small_register();
    int64_t before = count("SELECT count(*) FROM levering");
    sl_import_hooks h = {.kinds_refused = 1u << SL_KIND_IMG};
    sl_import_report rep;
    assert_false(sl_import_file(st, SMALL "img_schades.csv", &h, &rep));
    assert_true(rep.refused);
    assert_int_equal(rep.kind, SL_KIND_IMG);
    assert_int_equal(count("SELECT count(*) FROM levering"), before);
    sl_store_close(st);
}

/* Where held files go: the setting when given, else beside a register file; a
 * PostgreSQL register has no directory of its own, so without the setting there is
 * none (and no connection string turns into a path or a message). */
static void the_keep_dir_is_the_setting_or_beside_a_file(void **state)
{
    (void)state;
    char out[256];
    assert_true(sl_delivery_keep_dir("/srv/r.db", NULL, out, sizeof out));
    assert_string_equal(out, "/srv/r.db-leveringen");
    assert_true(sl_delivery_keep_dir("/srv/r.db", "/srv/gedeeld", out, sizeof out));
    assert_string_equal(out, "/srv/gedeeld");
    assert_true(sl_delivery_keep_dir("postgresql://u:geheim@db/r", "/srv/gedeeld", out,
                                     sizeof out));
    assert_string_equal(out, "/srv/gedeeld");
    assert_false(sl_delivery_keep_dir("postgresql://u:geheim@db/r", NULL, out, sizeof out));
    assert_false(sl_delivery_keep_dir("postgres://db/r", "", out, sizeof out));
    assert_false(sl_delivery_keep_dir(NULL, NULL, out, sizeof out));
}

static int setup(void **state)
{
    (void)state;
    if (tmp_register_create() != 0)
        return -1;
    /* on PostgreSQL (SAMENLOOP_TEST_PG) the register is no file: the setting's place */
    char beside[sizeof db_dir + 16];
    snprintf(beside, sizeof beside, "%s/leveringen", db_dir);
    return sl_delivery_keep_dir(db, sl_store_target_is_file(db) ? NULL : beside, keep,
                                sizeof keep)
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    tmp_register_clear();
    rmdir(keep);
    rmdir(db_dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_keep_dir_is_the_setting_or_beside_a_file),
        cmocka_unit_test(more_than_the_share_is_held),
        cmocka_unit_test(at_or_under_the_share_is_applied),
        cmocka_unit_test(nothing_absent_is_never_held),
        cmocka_unit_test(a_refused_kind_writes_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
