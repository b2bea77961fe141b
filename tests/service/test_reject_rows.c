/*
 * test_reject_rows.c - a rejected row's original text is kept beside its
 * reason, in the import's transaction (decision 229), on either store: as the
 * file has it (quotes, ';', a record over two lines), every byte that is not
 * UTF-8 as U+FFFD, at most SL_REJECT_ROW_MAX bytes ending in "…" when cut; a
 * rolled-back import keeps none. The rejects CSV (service/rejects_csv.h)
 * carries it in its last column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "service/import.h"
#include "service/rejects_csv.h"
#include "store/deliveries_store.h"
#include "test_sql.h"
#include "tmp_register.h"

#define SMALL SL_TEST_DATA "/small/"
#define HEAD "img_id,nummeraanduiding_id,postcode,huisnummer,huisletter,toevoeging,regeling,fase," \
             "fase_sinds,ontvangen_op,urgent,aos,aos_gegrond,zaakbegeleider,besluit_bedrag"
#define QUOTED "IMG-101,0014200000000001,,,,,fysieke schade,\"onbekend; \"\"fase\"\"\","         \
               "2021-07-01,2021-06-20,nee,nee,,K. Postma,"
#define TWO_LINES "IMG-102,0014200000000001,,,,,fysieke schade,\"nog\nonbekend\",2021-07-01,"   \
                  "2021-06-20,nee,nee,,K. Postma,"
#define LATIN1_PRE "IMG-103,0014200000000001,,,,,fysieke schade,"
#define LATIN1_POST "onbekend,2021-07-01,2021-06-20,nee,nee,,K. Postma,"

static sl_store *fresh_register(void)
{
    tmp_register_clear();
    sl_store *st = NULL;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    sl_import_report rep;
    assert_true(sl_import_file(st, SMALL "bag_adressen.csv", NULL, &rep));
    return st;
}

/* A claims file with four rows the import rejects, CRLF after the third. */
static void write_file(const char *path)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(HEAD "\n" QUOTED "\n" TWO_LINES "\n" LATIN1_PRE "\xe9" LATIN1_POST "\r\n", f);
    fputs("IMG-104,0014200000000001,,,,,fysieke schade,voorbereiding,2021-07-01,2021-06-20,"
          "nee,nee,,", f);
    for (int i = 0; i < 5000; i++) /* a field longer than a row may be */
        fputc('x', f);
    fputs(",\n", f);
    fclose(f);
}

typedef struct kept {
    int n;
    int64_t line[8];
    char row[8][SL_REJECT_ROW_MAX + 1];
} kept;

static bool keep_row(void *ctx, int64_t line, const char *column, const char *reason,
                     const char *row)
{
    (void)column;
    (void)reason;
    kept *k = ctx;
    if (k->n == 8)
        return false;
    k->line[k->n] = line;
    snprintf(k->row[k->n++], sizeof k->row[0], "%s", row);
    return true;
}

static void the_original_row_is_kept_beside_its_reason(void **state)
{
    (void)state;
    sl_store *st = fresh_register();
    char path[256];
    snprintf(path, sizeof path, "%s/img_schades.csv", db_dir);
    write_file(path);
    sl_import_report rep;
    assert_true(sl_import_file(st, path, NULL, &rep));
    assert_int_equal(rep.counts.rejected, 4);
    kept k = {0};
    assert_true(sl_store_rejects_of(st, rep.delivery_id, keep_row, &k));
    assert_int_equal(k.n, 4);
    assert_int_equal(k.line[0], 2);
    assert_string_equal(k.row[0], QUOTED);
    assert_int_equal(k.line[1], 3);
    assert_string_equal(k.row[1], TWO_LINES);
    assert_string_equal(k.row[2], LATIN1_PRE "\xef\xbf\xbd" LATIN1_POST);
    size_t n = strlen(k.row[3]);
    assert_true(n <= SL_REJECT_ROW_MAX && n > SL_REJECT_ROW_MAX - 8);
    assert_memory_equal(k.row[3], "IMG-104,", 8);
    assert_string_equal(k.row[3] + n - 3, "\xe2\x80\xa6");

    /* the CSV's last column, quoted as the download quotes it */
    sl_csv csv = {0};
    assert_true(sl_rejects_csv_rows(st, rep.delivery_id, &csv));
    assert_false(csv.nomem);
    const char *first = "img_schades.csv;2;fase;";
    assert_memory_equal(csv.data, first, strlen(first));
    const char *cell = ";\"IMG-101,0014200000000001,,,,,fysieke schade,\"\"onbekend; \"\"\"\"fase"
                       "\"\"\"\"\"\",2021-07-01,2021-06-20,nee,nee,,K. Postma,\"\r\n";
    char *end = memchr(csv.data, '\n', csv.len);
    assert_non_null(end);
    size_t line_len = (size_t)(end - csv.data) + 1;
    assert_true(line_len > strlen(cell));
    assert_memory_equal(end + 1 - strlen(cell), cell, strlen(cell));
    sl_csv_free(&csv);
    unlink(path);
    sl_store_close(st);
}

typedef struct seen {
    int64_t rows_in_tx;
} seen;

/* Counts the kept rows inside the import's transaction, then rolls it back. */
static bool count_then_refuse(void *ctx, sl_store *st, const sl_import_report *rep)
{
    kept k = {0};
    if (sl_store_rejects_of(st, rep->delivery_id, keep_row, &k))
        for (int i = 0; i < k.n; i++)
            ((seen *)ctx)->rows_in_tx += k.row[i][0] != '\0';
    return sl_store_fail(st, "test: teruggedraaid");
}

static void a_rolled_back_import_keeps_no_row(void **state)
{
    (void)state;
    sl_store *st = fresh_register();
    char path[256];
    snprintf(path, sizeof path, "%s/img_schades.csv", db_dir);
    write_file(path);
    int64_t rows = test_sql_int(db, "SELECT count(*) FROM afwijzing_rij"); /* the addresses' */
    int64_t rejects = test_sql_int(db, "SELECT count(*) FROM afwijzing");
    seen s = {0};
    sl_import_hooks h = {.before_commit = count_then_refuse, .commit_ctx = &s};
    sl_import_report rep;
    assert_false(sl_import_file(st, path, &h, &rep));
    assert_int_equal(s.rows_in_tx, 4); /* written in the transaction ... */
    assert_int_equal(test_sql_int(db, "SELECT count(*) FROM afwijzing_rij"), rows); /* ... gone */
    assert_int_equal(test_sql_int(db, "SELECT count(*) FROM afwijzing"), rejects);
    unlink(path);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_original_row_is_kept_beside_its_reason),
        cmocka_unit_test(a_rolled_back_import_keeps_no_row),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
