/*
 * test_import_peek.c - sl_import_peek_kind names a file's kind from its header
 * as the import reads it: byte order mark, either delimiter, quoted names,
 * CRLF, a header without a line end; and nothing for what is no header.
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

static sl_kind peek(const char *content)
{
    char path[] = "/tmp/sl_peek_XXXXXX"; /* mkstemp's template: it fills in the X's */
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(content);
    assert_int_equal(write(fd, content, len), (ssize_t)len);
    close(fd);
    sl_kind k = sl_import_peek_kind(path);
    unlink(path);
    return k;
}

static void the_three_kinds(void **state)
{
    (void)state;
    assert_int_equal(peek("img_id,nummeraanduiding_id,postcode,huisnummer,regeling,fase\n"
                          "IMG-1,0014200000000001,9999ZZ,1,fysieke schade,opname\n"),
                     SL_KIND_IMG);
    assert_int_equal(peek("ncg_id;nummeraanduiding_id;postcode;huisnummer;stap\r\n"), SL_KIND_NCG);
    assert_int_equal(peek("nummeraanduiding_id,gemeentecode,postcode,huisnummer"), SL_KIND_BAG);
}

static void as_the_reader_reads_it(void **state)
{
    (void)state;
    /* a byte order mark, quoted names, semicolons, CRLF */
    assert_int_equal(peek("\xEF\xBB\xBF\"ncg_id\";\"nummeraanduiding_id\";\"postcode\";"
                          "\"huisnummer\";\"stap\"\r\n\"N-1\";\"1\";\"9999ZZ\";\"1\";\"1.2\"\r\n"),
                     SL_KIND_NCG);
    /* a quoted name with the delimiter in it does not split the header */
    assert_int_equal(peek("\"img_id\",\"opmerking, vrij\",nummeraanduiding_id,postcode,huisnummer,"
                          "regeling,fase\n"),
                     SL_KIND_IMG);
    /* nor does a line end inside quotes end it */
    assert_int_equal(peek("\"img_id\",\"opmerking\nvrij\",nummeraanduiding_id,postcode,huisnummer,"
                          "regeling,fase\n"),
                     SL_KIND_IMG);
}

static void no_header_no_kind(void **state)
{
    (void)state;
    assert_int_equal(peek(""), SL_KIND_UNKNOWN);
    assert_int_equal(peek("naam,adres\nPiet,Dorpsstraat 1\n"), SL_KIND_UNKNOWN);
    assert_int_equal(peek("\"img_id,nummeraanduiding_id\n"), SL_KIND_UNKNOWN);
    assert_int_equal(sl_import_peek_kind("/tmp/sl_peek_does_not_exist"), SL_KIND_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_three_kinds),
        cmocka_unit_test(as_the_reader_reads_it),
        cmocka_unit_test(no_header_no_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
