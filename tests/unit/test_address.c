/* test_address.c - postcode and house-number normalisation and the match key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/address.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void postcodes(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } ok[] = {
        {"9712AB", "9712AB"}, {"9712 ab", "9712AB"}, {"9712ab", "9712AB"},
        {" 9712 AB ", "9712AB"}, {"9712  Ab", "9712AB"}, {"1000AA", "1000AA"},
        {"9999ZZ", "9999ZZ"}, {"9712SB", "9712SB"}, {"9712AS", "9712AS"},
        {"9 7 1 2 A B", "9712AB"}, {"\t9712AB\r\n", "9712AB"},
    };
    for (size_t i = 0; i < N(ok); i++) {
        char out[SL_POSTCODE_CAP] = "x";
        const char *why = NULL;
        if (!sl_postcode_parse(ok[i].in, strlen(ok[i].in), out, &why))
            fail_msg("'%s' refused: %s", ok[i].in, why);
        assert_string_equal(out, ok[i].out);
        /* Idempotent. */
        char again[SL_POSTCODE_CAP];
        assert_true(sl_postcode_parse(out, strlen(out), again, NULL));
        assert_string_equal(again, out);
    }
    static const struct { const char *in, *frag; } bad[] = {
        {"9712SA", "SA, SD en SS"}, {"9712sd", "SA, SD en SS"}, {"9712 ss", "SA, SD en SS"},
        {"0712AB", "begint niet met 0"}, {"971AB", "1234AB"}, {"97123AB", "1234AB"},
        {"9712A", "1234AB"},       {"9712ABC", "1234AB"}, {"ABCD12", "1234AB"},
        {"9712-AB", "1234AB"},     {"9712\xC3\x84" "B", "1234AB"}, {"", "leeg"},
        {"   ", "leeg"},            {"9712A1", "1234AB"}, {"12345678901234567890", "1234AB"},
    };
    for (size_t i = 0; i < N(bad); i++) {
        char out[SL_POSTCODE_CAP] = "x";
        const char *why = NULL;
        if (sl_postcode_parse(bad[i].in, strlen(bad[i].in), out, &why))
            fail_msg("'%s' accepted as %s", bad[i].in, out);
        assert_non_null(why);
        if (!strstr(why, bad[i].frag))
            fail_msg("'%s': reason '%s' lacks '%s'", bad[i].in, why, bad[i].frag);
    }
}

typedef struct hn_case {
    const char *nr, *letter, *toev;
    bool ok;
    int32_t num;
    const char *out_letter, *out_toev; /* when ok */
    int bad_part;                      /* when not ok */
    const char *frag;
} hn_case;

static const hn_case hn_cases[] = {
    /* the spellings of SPEC §5 */
    {"12", "", "", true, 12, "", "", 0, NULL},
    {"12a", "", "", true, 12, "A", "", 0, NULL},
    {"12-a", "", "", true, 12, "A", "", 0, NULL},
    {"12 A", "", "", true, 12, "A", "", 0, NULL},
    {"12", "a", "", true, 12, "A", "", 0, NULL},
    {"12", " A ", "", true, 12, "A", "", 0, NULL},
    {"12-1", "", "", true, 12, "", "1", 0, NULL},
    {"12 bis", "", "", true, 12, "", "BIS", 0, NULL},
    {"12/3", "", "", true, 12, "", "3", 0, NULL},
    {"12.b", "", "", true, 12, "B", "", 0, NULL},
    {"12", "", "1", true, 12, "", "1", 0, NULL},
    {"12", "", "-1", true, 12, "", "1", 0, NULL},
    {"12", "", "a 1", true, 12, "", "A1", 0, NULL},
    {"12", "b", "2h", true, 12, "B", "2H", 0, NULL},
    {"12a", "", "1", true, 12, "A", "1", 0, NULL},
    {"12", "a", "1", true, 12, "A", "1", 0, NULL},
    {"12a1", "", "", true, 12, "", "A1", 0, NULL},
    {"12 A 1", "", "", true, 12, "", "A1", 0, NULL},
    {"12a", "a", "", true, 12, "A", "", 0, NULL},      /* repeated, not conflicting */
    {"12-1", "", "1", true, 12, "", "1", 0, NULL},
    {"12-", "", "", true, 12, "", "", 0, NULL},
    {"1", "", "", true, 1, "", "", 0, NULL},
    {"99999", "", "", true, 99999, "", "", 0, NULL},
    {"007", "", "", true, 7, "", "", 0, NULL},
    {" 12 ", "", "", true, 12, "", "", 0, NULL},
    {"12", "", "zwrt", true, 12, "", "ZWRT", 0, NULL},
    /* refused */
    {"", "", "", false, 0, NULL, NULL, 0, "leeg"},
    {"  ", "a", "", false, 0, NULL, NULL, 0, "leeg"},
    {"0", "", "", false, 0, NULL, NULL, 0, "1 en 99999"},
    {"100000", "", "", false, 0, NULL, NULL, 0, "1 en 99999"},
    {"99999999999999999999", "", "", false, 0, NULL, NULL, 0, "1 en 99999"},
    {"a12", "", "", false, 0, NULL, NULL, 0, "getal"},
    {"-12", "", "", false, 0, NULL, NULL, 0, "getal"},
    {"12b", "a", "", false, 0, NULL, NULL, 0, "huisletter"},
    {"12-2", "", "1", false, 0, NULL, NULL, 0, "toevoeging"},
    {"12 abcde", "", "", false, 0, NULL, NULL, 0, "4 tekens"},
    {"12#", "", "", false, 0, NULL, NULL, 0, "ongeldige tekens"},
    {"12", "ab", "", false, 0, NULL, NULL, 1, "één letter"},
    {"12", "1", "", false, 0, NULL, NULL, 1, "één letter"},
    {"12", "\xC3\xA9", "", false, 0, NULL, NULL, 1, "één letter"},
    {"12", "", "abcde", false, 0, NULL, NULL, 2, "4 tekens"},
    {"12", "", "a#", false, 0, NULL, NULL, 2, "letters en cijfers"},
    {"12", "", "\xC3\xA9", false, 0, NULL, NULL, 2, "letters en cijfers"},
};

static void house_numbers(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(hn_cases); i++) {
        const hn_case *c = &hn_cases[i];
        sl_housenr h;
        memset(&h, 0x55, sizeof h);
        const char *why = NULL;
        int part = -7;
        bool r = sl_housenr_parse(c->nr, strlen(c->nr), c->letter, strlen(c->letter), c->toev,
                                  strlen(c->toev), &h, &why, &part);
        if (r != c->ok)
            fail_msg("case %zu ('%s','%s','%s'): got %d (%s)", i, c->nr, c->letter, c->toev, r,
                     why ? why : "");
        if (r) {
            assert_int_equal(h.huisnummer, c->num);
            assert_string_equal(h.huisletter, c->out_letter);
            assert_string_equal(h.toevoeging, c->out_toev);
        } else {
            assert_int_equal(part, c->bad_part);
            assert_non_null(why);
            if (!strstr(why, c->frag))
                fail_msg("case %zu: reason '%s' lacks '%s'", i, why, c->frag);
        }
    }
}

static void null_letter_and_toevoeging_allowed(void **state)
{
    (void)state;
    sl_housenr h;
    assert_true(sl_housenr_parse("5", 1, NULL, 0, NULL, 0, &h, NULL, NULL));
    assert_int_equal(h.huisnummer, 5);
    assert_string_equal(h.huisletter, "");
    assert_string_equal(h.toevoeging, "");
}

static void key_of(const char *pc, const char *nr, const char *le, const char *to,
                   char key[SL_ADDRKEY_CAP])
{
    char p[SL_POSTCODE_CAP];
    sl_housenr h;
    const char *why = NULL;
    if (!sl_postcode_parse(pc, strlen(pc), p, &why))
        fail_msg("postcode '%s': %s", pc, why);
    if (!sl_housenr_parse(nr, strlen(nr), le, strlen(le), to, strlen(to), &h, &why, NULL))
        fail_msg("nr '%s' '%s' '%s': %s", nr, le, to, why);
    size_t n = sl_address_key(p, &h, key);
    assert_int_equal(n, strlen(key));
    assert_true(n < SL_ADDRKEY_CAP);
}

/* Spellings of one address, all of which must give the same key. */
static const struct { const char *pc, *nr, *le, *to; } same[][8] = {
    {{"9712AB", "12", "", ""}, {"9712 ab", "12", "", ""}, {" 9712ab ", " 12 ", "", ""},
     {"9712AB", "012", "", ""}},
    {{"9712AB", "12a", "", ""}, {"9712 ab", "12-a", "", ""}, {"9712AB", "12 A", "", ""},
     {"9712ab", "12", "a", ""}, {"9712AB", "12", "", "a"}, {"9712AB", "12.A", "", ""},
     {"9712AB", "12a", "A", ""}},
    {{"9712AB", "12", "a", "1"}, {"9712AB", "12a1", "", ""}, {"9712AB", "12a", "", "1"},
     {"9712AB", "12", "", "A-1"}, {"9712 AB", "12 A 1", "", ""}, {"9712AB", "12-a-1", "", ""}},
    {{"9712AB", "12-1", "", ""}, {"9712AB", "12", "", "1"}, {"9712AB", "12/1", "", ""},
     {"9712AB", "12 1", "", ""}},
    {{"9999ZZ", "99999", "z", "zzzz"}, {"9999 zz", "99999z", "", "zzzz"}},
};

static void equivalent_addresses_share_a_key(void **state)
{
    (void)state;
    char want[N(same)][SL_ADDRKEY_CAP];
    for (size_t g = 0; g < N(same); g++) {
        key_of(same[g][0].pc, same[g][0].nr, same[g][0].le, same[g][0].to, want[g]);
        for (size_t k = 1; k < 8 && same[g][k].pc; k++) {
            char key[SL_ADDRKEY_CAP];
            key_of(same[g][k].pc, same[g][k].nr, same[g][k].le, same[g][k].to, key);
            if (strcmp(key, want[g]) != 0)
                fail_msg("group %zu spelling %zu: '%s' != '%s'", g, k, key, want[g]);
        }
    }
    /* ...and the groups are different addresses with different keys. */
    for (size_t a = 0; a < N(same); a++)
        for (size_t b = a + 1; b < N(same); b++)
            assert_string_not_equal(want[a], want[b]);
    assert_string_equal(want[0], "9712AB 12");
    assert_string_equal(want[1], "9712AB 12 A");
    assert_string_equal(want[2], "9712AB 12 A1");
    assert_string_equal(want[3], "9712AB 12 1");
    assert_string_equal(want[4], "9999ZZ 99999 ZZZZZ");
}

static void different_addresses_differ(void **state)
{
    (void)state;
    static const struct { const char *pc, *nr, *le, *to; } diff[] = {
        {"9712AB", "12", "", ""},  {"9712AC", "12", "", ""}, {"9713AB", "12", "", ""},
        {"9712AB", "1", "", ""},   {"9712AB", "121", "", ""}, {"9712AB", "2", "", ""},
        {"9712AB", "12", "b", ""}, {"9712AB", "12", "", "2"}, {"9712AB", "12", "", "b1"},
        {"9712AB", "1", "", "2"},  {"9712AB", "11", "", "2"}, {"9712AB", "12", "", "BIS"},
    };
    char keys[N(diff)][SL_ADDRKEY_CAP];
    for (size_t i = 0; i < N(diff); i++)
        key_of(diff[i].pc, diff[i].nr, diff[i].le, diff[i].to, keys[i]);
    for (size_t a = 0; a < N(diff); a++)
        for (size_t b = a + 1; b < N(diff); b++)
            if (strcmp(keys[a], keys[b]) == 0)
                fail_msg("%zu and %zu share key '%s'", a, b, keys[a]);
}

/* The key is stored with every address: its spelling must not change. */
static void key_spelling_is_fixed(void **state)
{
    (void)state;
    char key[SL_ADDRKEY_CAP];
    key_of("9712AB", "12", "", "", key);
    assert_string_equal(key, "9712AB 12");
    key_of("9712 ab", "12", "a", "1", key);
    assert_string_equal(key, "9712AB 12 A1");
    key_of("9712AB", "7", "", "bis", key);
    assert_string_equal(key, "9712AB 7 BIS");
    key_of("9999zz", "99999", "z", "zzzz", key);
    assert_string_equal(key, "9999ZZ 99999 ZZZZZ");
    key_of("1000AA", "1", "", "", key);
    assert_string_equal(key, "1000AA 1");
}

static void key_is_bounded_for_unparsed_input(void **state)
{
    (void)state;
    /* Not NUL-terminated parts and an out-of-range number still give a bounded key. */
    char pc[SL_POSTCODE_CAP];
    memset(pc, 'X', sizeof pc);
    sl_housenr h;
    memset(&h, 'Y', sizeof h);
    h.huisnummer = -5;
    char key[SL_ADDRKEY_CAP];
    size_t n = sl_address_key(pc, &h, key);
    assert_true(n < SL_ADDRKEY_CAP);
    assert_int_equal(strlen(key), n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(postcodes),
        cmocka_unit_test(house_numbers),
        cmocka_unit_test(null_letter_and_toevoeging_allowed),
        cmocka_unit_test(equivalent_addresses_share_a_key),
        cmocka_unit_test(different_addresses_differ),
        cmocka_unit_test(key_spelling_is_fixed),
        cmocka_unit_test(key_is_bounded_for_unparsed_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
