/*
 * test_import_faults.c - the import under allocation failure (torture mode):
 * every allocation the import makes is failed in turn, and each time the
 * import must report an error, leave the register exactly as it was, and
 * leak nothing (checked by ASan in CI).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "service/import.h"
#include "service/stats.h"

#include "tmp_register.h"

static const char *fixture(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/small/%s", SL_TEST_DATA, name);
    return path;
}

static sl_store *open_store(void)
{
    sl_store *st = NULL;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    return st;
}

static void snapshot(sl_store *st, sl_stats *s)
{
    memset(s, 0, sizeof *s);
    assert_true(sl_stats_read(st, NULL, s));
}

static void each_allocation_failure_leaves_the_register_unchanged(void **state)
{
    (void)state;
    sl_store *st = open_store();
    sl_import_report rep;
    assert_true(sl_import_file(st, fixture("bag_adressen.csv"), NULL, &rep));
    assert_true(sl_import_file(st, fixture("ncg_trajecten.csv"), NULL, &rep));
    sl_stats before;
    snapshot(st, &before);

    int failures_seen = 0;
    for (long n = 1;; n++) {
        long start = sl_alloc_count();
        sl_alloc_fail_at(n);
        bool ok = sl_import_file(st, fixture("img_schades.csv"), NULL, &rep);
        sl_alloc_fail_reset();
        bool injected = sl_alloc_count() - start >= n;
        if (!injected) {
            assert_true(ok); /* ran to the end without meeting the failure */
            break;
        }
        if (ok) {
            /* a failure the import absorbed: the result must be complete, and from
             * now on the same file is a re-import that must change nothing */
            snapshot(st, &before);
            assert_int_equal(before.counts.schades, 11);
            continue;
        }
        failures_seen++;
        assert_true(rep.error[0] != '\0');
        sl_stats now;
        snapshot(st, &now);
        assert_memory_equal(&now, &before, sizeof now);
    }
    assert_true(failures_seen > 5);
    sl_stats after;
    snapshot(st, &after);
    assert_int_equal(after.counts.schades, 11);
    assert_int_equal(after.tally.potentieel[SL_POT_BEIDE_LOPEND], 5);
    sl_store_close(st);
}

/*
 * The same through a session, as `samenloop import` runs: the address file
 * rebuilds the address index that the claims file then borrows. Whichever
 * allocation fails, each file either fails with a message or completes, and
 * the register keeps its figures (both files are re-imports): a session index
 * left half-built, or kept after a failure, would match claims wrongly.
 */
static void session_survives_each_allocation_failure(void **state)
{
    (void)state;
    sl_store *st = open_store();
    sl_stats before;
    snapshot(st, &before);
    assert_int_equal(before.counts.schades, 11);
    /* the reference: how many claim rows a sound index leaves unmatched or rejected */
    sl_import_report ref;
    assert_true(sl_import_file(st, fixture("img_schades.csv"), NULL, &ref));

    int failures_seen = 0;
    for (long n = 1;; n++) {
        sl_import_session *ses = sl_import_session_new(st);
        assert_non_null(ses);
        sl_import_report rb, ri;
        long start = sl_alloc_count();
        sl_alloc_fail_at(n);
        bool okb = sl_import_session_file(ses, fixture("bag_adressen.csv"), NULL, &rb);
        bool oki = sl_import_session_file(ses, fixture("img_schades.csv"), NULL, &ri);
        sl_alloc_fail_reset();
        bool injected = sl_alloc_count() - start >= n;
        sl_import_session_free(ses);
        if (!injected) {
            assert_true(okb && oki);
            break;
        }
        failures_seen += !okb + !oki;
        assert_true(okb || rb.error[0] != '\0');
        assert_true(oki || ri.error[0] != '\0');
        if (oki)
            assert_int_equal(ri.counts.rejected, ref.counts.rejected);
        sl_stats now;
        snapshot(st, &now);
        assert_memory_equal(&now.counts, &before.counts, sizeof now.counts);
        assert_memory_equal(&now.tally, &before.tally, sizeof now.tally);
    }
    assert_true(failures_seen > 5);
    sl_store_close(st);
}

static void store_open_survives_allocation_failure(void **state)
{
    (void)state;
    for (long n = 1; n < 50; n++) {
        sl_store *st = NULL;
        char err[256] = "";
        sl_alloc_fail_at(n);
        bool ok = sl_store_open(db, &st, err, sizeof err);
        sl_alloc_fail_reset();
        if (ok)
            sl_store_close(st);
        else
            assert_true(err[0] != '\0');
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_allocation_failure_leaves_the_register_unchanged),
        cmocka_unit_test(session_survives_each_allocation_failure),
        cmocka_unit_test(store_open_survives_allocation_failure),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
