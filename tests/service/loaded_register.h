/*
 * loaded_register.h - the set-up the service tests share: a fresh register on
 * either store (tmp_register.h) loaded with the small deliveries of tests/data,
 * and dates written as year, month and day.
 */
#ifndef SL_TESTS_LOADED_REGISTER_H
#define SL_TESTS_LOADED_REGISTER_H

#include <stdio.h>

#include "core/date.h"
#include "service/import.h"
#include "store/store.h"

#include "tmp_register.h"

static inline sl_date ymd(int y, int m, int d)
{
    sl_date out;
    assert_true(sl_date_from_ymd(y, m, d, &out));
    return out;
}

/* A fresh register with tests/data/small's BAG addresses, trajectories and claims. */
static inline sl_store *open_small(void)
{
    tmp_register_clear();
    sl_store *st = NULL;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    static const char *const files[] = {"bag_adressen.csv", "ncg_trajecten.csv",
                                        "img_schades.csv"};
    char path[300];
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/small/%s", SL_TEST_DATA, files[i]);
        sl_import_report rep;
        assert_true(sl_import_file(st, path, NULL, &rep));
        assert_true(rep.processed);
    }
    return st;
}

#endif
