/*
 * test_import_batches.c - a later delivery with the signal rules on, at the
 * edges its batching has (decision 242), on either store (make test-pg runs
 * it on PostgreSQL, where the records' writes are held back and each
 * address's facts, dossier and unfinished signals are read many at a time):
 * more touched addresses than one batch of reads holds, the same key twice in
 * one file, an address that stops being a combination dossier in the batch,
 * and signals that lapse on a batch's addresses.
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

#include "service/import.h"
#include "store/store.h"

#include "test_sql.h"
#include "tmp_register.h"

/* More than a batch of the signal run's reads (1,000) and a store's chunk of ids. */
#define N 1100
/* The address whose trajectory the later NCG delivery leaves out. */
#define GONE N
/* The addresses whose claims the later IMG delivery leaves out: more than the
 * run's threshold for reading the addresses with unfinished signals at once. */
#define CLAIMS_GONE 300
/* A trajectory delivered twice in the later NCG file, the second time at another step. */
#define TWICE 7

static char path[300];

static FILE *open_file(const char *name, const char *header)
{
    snprintf(path, sizeof path, "%s/%s", db_dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "%s\n", header);
    return f;
}

/* Imports the file written last. */
static void import(sl_store *st, sl_import_report *rep)
{
    bool ok = sl_import_file(st, path, NULL, rep);
    if (!ok)
        fprintf(stderr, "import %s: %s\n", path, rep->error);
    assert_true(ok);
    assert_true(unlink(path) == 0);
}

static void write_bag(void)
{
    FILE *f = open_file("bag.csv", "nummeraanduiding_id,verblijfsobject_id,pand_id,straat,"
                        "huisnummer,huisletter,toevoeging,postcode,woonplaats,gemeentecode,x,y,"
                        "bouwjaar,kern");
    for (int i = 1; i <= N; i++)
        fprintf(f, "00142%011d,001401%010d,001410%010d,Lindelaan,%d,,,9712AB,Groningen,0014,"
                "233000,582000,1931,ja\n", i, i, i, i);
    fclose(f);
}

/* Every trajectory at `stap` but the one at `skip` (0: none), TWICE again at 1.2 when twice. */
static void write_ncg(const char *stap, int skip, bool twice)
{
    FILE *f = open_file("ncg.csv", "ncg_id;nummeraanduiding_id;postcode;huisnummer;huisletter;"
                        "toevoeging;stap;stap_sinds;risicoprofiel;batch;programma;"
                        "bijzondere_situatie;keuze_bewoner;bewonersbegeleider;"
                        "aannemersovereenkomst;opmerking");
    for (int i = 1; i <= N; i++) {
        if (i == skip)
            continue;
        fprintf(f, "NCG-%04d;00142%011d;;;;;%s;2021-03-01;P90;1581;regulier;nee;;A. Jansma;;\n",
                i, i, stap);
        if (twice && i == TWICE)
            fprintf(f, "NCG-%04d;00142%011d;;;;;1.2;2021-03-01;P90;1581;regulier;nee;;"
                    "A. Jansma;;\n", i, i);
    }
    fclose(f);
}

/* A claim on every address from `first` on. */
static void write_img(int first)
{
    FILE *f = open_file("img.csv", "img_id,nummeraanduiding_id,postcode,huisnummer,huisletter,"
                        "toevoeging,regeling,fase,fase_sinds,ontvangen_op,urgent,aos,"
                        "aos_gegrond,zaakbegeleider,besluit_bedrag");
    for (int i = first; i <= N; i++)
        fprintf(f, "IMG-%04d,00142%011d,,,,,fysieke schade,opname,2021-07-01,2021-06-20,nee,"
                "nee,,K. Postma,\n", i, i);
    fclose(f);
}

static long long count(const char *sql)
{
    return test_sql_int(db, sql);
}

/*
 * One register through the edges, in order: the baseline; trajectories moved
 * to step 4.1 on every address but one, with one key twice; then the claims
 * of the first CLAIMS_GONE addresses gone.
 */
static void a_later_delivery_signals_every_address_of_every_batch(void **state)
{
    (void)state;
    tmp_register_clear();
    sl_store *st = NULL;
    char err[256];
    assert_true(sl_store_open(db, &st, err, sizeof err));
    sl_import_report rep;

    write_bag();
    import(st, &rep);
    write_ncg("1.2", 0, false);
    import(st, &rep);
    write_img(1);
    import(st, &rep);
    assert_true(rep.baseline);
    assert_int_equal(count("SELECT count(*) FROM combinatiedossier WHERE actueel"), N);

    /* N - 1 trajectories at 4.1, one of them twice, one left out */
    write_ncg("4.1", GONE, true);
    import(st, &rep);
    assert_false(rep.baseline);
    assert_int_equal(rep.counts.rejected, 1);
    assert_int_equal(rep.counts.gewijzigd, N - 1);
    assert_int_equal(rep.counts.absent, 1);
    /* rule 4 (step 4.1, with claims) once on each moved address, the first and the last batch's */
    assert_int_equal(count("SELECT count(*) FROM signaal WHERE regel = 4 AND status = 'open'"),
                     N - 1);
    assert_int_equal(count("SELECT count(DISTINCT nummeraanduiding_id) FROM signaal"
                           " WHERE regel = 4"), N - 1);
    assert_int_equal(count("SELECT count(*) FROM signaal WHERE regel = 4"
                           " AND nummeraanduiding_id IN (14200000000001, 14200000001099)"), 2);
    /* the same key twice: the first row counts, written once, one status change */
    char text[64];
    test_sql_text(db, "SELECT stap FROM traject WHERE ncg_id = 'NCG-0007'", text, sizeof text);
    assert_string_equal(text, "4.1");
    assert_int_equal(count("SELECT versie FROM traject WHERE ncg_id = 'NCG-0007'"), 2);
    assert_int_equal(count("SELECT count(*) FROM statushistorie WHERE onderwerp = 'traject'"
                           " AND sleutel = 'NCG-0007' AND veld = 'stap'"), 1);
    assert_int_equal(count("SELECT count(*) FROM statushistorie WHERE onderwerp = 'traject'"
                           " AND veld = 'stap' AND naar = '4.1'"), N - 1);
    /* the address left out: no longer a combination, said once in its history and outbox */
    assert_int_equal(count("SELECT count(*) FROM combinatiedossier WHERE actueel"), N - 1);
    assert_int_equal(count("SELECT count(*) FROM combinatiedossier"
                           " WHERE nummeraanduiding_id = 14200000001100 AND NOT actueel"), 1);
    assert_int_equal(count("SELECT count(*) FROM statushistorie"
                           " WHERE onderwerp = 'combinatiedossier' AND sleutel = '0014200000001100'"
                           " AND veld = 'actueel' AND van = 'ja' AND naar = 'nee'"), 1);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE soort = 'combinatiedossier.beeindigd'"
                           " AND sleutel = '0014200000001100'"), 1);
    assert_int_equal(count("SELECT count(*) FROM signaal WHERE nummeraanduiding_id = 14200000001100"),
                     0);

    /* the claims of the first CLAIMS_GONE addresses gone: their rule-4 signals lapse */
    write_img(CLAIMS_GONE + 1);
    import(st, &rep);
    assert_int_equal(rep.counts.absent, CLAIMS_GONE);
    assert_int_equal(count("SELECT count(*) FROM signaal WHERE regel = 4 AND status = 'afgerond'"
                           " AND afgerond_door = 'samenloop'"
                           " AND nummeraanduiding_id <= 14200000000300"), CLAIMS_GONE);
    assert_int_equal(count("SELECT count(*) FROM signaal WHERE regel = 4 AND status = 'open'"),
                     N - 1 - CLAIMS_GONE);
    assert_int_equal(count("SELECT count(*) FROM outbox WHERE soort = 'signaal.afgerond'"),
                     CLAIMS_GONE);
    assert_int_equal(count("SELECT count(*) FROM statushistorie WHERE onderwerp = 'schade'"
                           " AND veld = 'afwezig'"), CLAIMS_GONE);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_later_delivery_signals_every_address_of_every_batch),
    };
    return cmocka_run_group_tests(tests, tmp_register_setup, tmp_register_teardown);
}
