/* test_values.c - booleans, amounts, integers, decimals, text and trimming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/values.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void check_reason(const char *in, const char *why, const char *frag)
{
    if (!why)
        fail_msg("'%s': no reason given", in);
    if (!strstr(why, frag))
        fail_msg("'%s': reason '%s' lacks '%s'", in, why, frag);
}

static void trims_spaces_and_nbsp(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"  abc  ", "abc"},        {"\t\r\nabc\n", "abc"},
        {"\xC2\xA0" "abc\xC2\xA0", "abc"}, {" \xC2\xA0 a b \xC2\xA0 ", "a b"},
        {"", ""},                  {"   ", ""},
        {"\xC2\xA0", ""},          {"a", "a"},
        {"\xC3\xA9", "\xC3\xA9"},  /* é is not space */
    };
    for (size_t i = 0; i < N(cases); i++) {
        const char *s = cases[i].in;
        size_t len = strlen(s);
        sl_trim(&s, &len);
        assert_int_equal(len, strlen(cases[i].out));
        assert_memory_equal(s, cases[i].out, len);
    }
    const char *s = NULL;
    size_t len = 5;
    sl_trim(&s, &len);
    assert_int_equal(len, 0);
}

static void booleans(void **state)
{
    (void)state;
    static const struct { const char *in; bool v; } ok[] = {
        {"ja", true},    {"JA", true},      {"Ja", true},     {"j", true},
        {"true", true},  {"TRUE", true},    {"yes", true},    {"1", true},
        {"waar", true},  {" ja ", true},    {"nee", false},   {"NEE", false},
        {"n", false},    {"false", false},  {"False", false}, {"no", false},
        {"0", false},    {"onwaar", false}, {"\tnee\r", false},
    };
    for (size_t i = 0; i < N(ok); i++) {
        bool b = !ok[i].v;
        const char *why = NULL;
        if (!sl_parse_bool(ok[i].in, strlen(ok[i].in), &b, &why))
            fail_msg("'%s' refused: %s", ok[i].in, why);
        assert_int_equal(b, ok[i].v);
    }
    static const struct { const char *in, *frag; } bad[] = {
        {"", "leeg"},      {"  ", "leeg"},    {"jaa", "ja of nee"}, {"2", "ja of nee"},
        {"-1", "ja of nee"}, {"neen", "ja of nee"}, {"t", "ja of nee"}, {"1.0", "ja of nee"},
        {"ja nee", "ja of nee"},
    };
    for (size_t i = 0; i < N(bad); i++) {
        bool b = true;
        const char *why = NULL;
        if (sl_parse_bool(bad[i].in, strlen(bad[i].in), &b, &why))
            fail_msg("'%s' accepted", bad[i].in);
        check_reason(bad[i].in, why, bad[i].frag);
    }
}

static void amounts(void **state)
{
    (void)state;
    static const struct { const char *in; int64_t cents; } ok[] = {
        {"1234.56", 123456},          {"1234,56", 123456},
        {"1.234,56", 123456},         {"1,234.56", 123456},
        {"\xE2\x82\xAC 1234", 123400}, {"\xE2\x82\xAC" "1234,5", 123450},
        {"-12,5", -1250},             {"-12.50", -1250},
        {"\xE2\x82\xAC -12,50", -1250}, {"-\xE2\x82\xAC 12,50", -1250},
        {"1234 \xE2\x82\xAC", 123400}, {"EUR 7000", 700000},
        {"7000 EUR", 700000},          {"0", 0},
        {"0,01", 1},                  {"+5", 500},
        {"1.234.567", 123456700},     {"1,234,567", 123456700},
        {"1.234.567,89", 123456789},  {"1,234,567.89", 123456789},
        {"12.5", 1250},               {"  1442  ", 144200},
        {"1000000000000", 100000000000000LL}, {"-1000000000000", -100000000000000LL},
        {"123", 12300},               {"12.34", 1234},
    };
    for (size_t i = 0; i < N(ok); i++) {
        int64_t c = -999;
        const char *why = NULL;
        if (!sl_parse_amount(ok[i].in, strlen(ok[i].in), &c, &why))
            fail_msg("'%s' refused: %s", ok[i].in, why);
        if (c != ok[i].cents)
            fail_msg("'%s' gave %lld, want %lld", ok[i].in, (long long)c,
                     (long long)ok[i].cents);
    }
    static const struct { const char *in, *frag; } bad[] = {
        {"", "leeg"},                 {"   ", "leeg"},
        {"12,345", "dubbelzinnig"},   {"1.234", "dubbelzinnig"},
        {"12,3456", "twee decimalen"}, {"1.2.3,456", "drie cijfers"},
        {"1.23.456", "drie cijfers"}, {"1234.567.890", "drie cijfers"},
        {"12,", "na het decimaalteken"}, {",50", "voor het decimaalteken"},
        {"12a", "geen cijfer"},       {"twaalf", "geen cijfer"},
        {"1 234", "geen cijfer"},     {"1,234,56.7,8", "meer dan"},
        {"1.234,56.78", "meer dan"},  {"--5", "twee tekens"},
        {"-\xE2\x82\xAC -5", "twee tekens"}, {"\xE2\x82\xAC", "geen cijfers"},
        {"-", "geen cijfers"},        {"1000000000000,01", "te groot"},
        {"99999999999999999999", "te groot"}, {"12e3", "geen cijfer"},
    };
    for (size_t i = 0; i < N(bad); i++) {
        int64_t c = 0;
        const char *why = NULL;
        if (sl_parse_amount(bad[i].in, strlen(bad[i].in), &c, &why))
            fail_msg("'%s' accepted as %lld", bad[i].in, (long long)c);
        check_reason(bad[i].in, why, bad[i].frag);
    }
}

/* Delivered text to cents to the API's text: exact at every step. */
static void amounts_round_trip_exactly(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"6051,60", "6051.60"},   {"6.051,60", "6051.60"},   {"6051.6", "6051.60"},
        {"0,1", "0.10"},          {"0,01", "0.01"},          {"0", "0.00"},
        {"-12,5", "-12.50"},      {"-0,05", "-0.05"},        {"\xE2\x82\xAC 1.234,00", "1234.00"},
        {"1.000.000.000.000", "1000000000000.00"},
        {"999.999.999.999,99", "999999999999.99"},
        {"-1000000000000", "-1000000000000.00"},
        {"0,29", "0.29"},         {"1,15", "1.15"},          {"4,35", "4.35"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int64_t c;
        const char *why = NULL;
        if (!sl_parse_amount(cases[i].in, strlen(cases[i].in), &c, &why))
            fail_msg("'%s' refused: %s", cases[i].in, why);
        char buf[SL_AMOUNT_TEXT_CAP];
        size_t n = sl_format_amount(buf, c);
        assert_string_equal(buf, cases[i].out);
        assert_int_equal(n, strlen(cases[i].out));
        /* and the text the API writes reads back as the same cents */
        int64_t back;
        assert_true(sl_parse_amount(buf, n, &back, &why));
        assert_true(back == c);
    }
    static const char *const bad[] = {"6051,605", "6,051,60", "zes", "1e3", "1.234",
                                      "1000000000000,01", "", "6051,6O"};
    for (size_t i = 0; i < N(bad); i++) {
        int64_t c = 77;
        if (sl_parse_amount(bad[i], strlen(bad[i]), &c, NULL))
            fail_msg("'%s' accepted as %lld", bad[i], (long long)c);
    }
    /* the extremes of the type still format, with the sign once */
    char buf[SL_AMOUNT_TEXT_CAP];
    sl_format_amount(buf, INT64_MIN);
    assert_string_equal(buf, "-92233720368547758.08");
    sl_format_amount(buf, INT64_MAX);
    assert_string_equal(buf, "92233720368547758.07");
}

static void integers(void **state)
{
    (void)state;
    static const struct { const char *in; int64_t min, max, v; bool ok; } cases[] = {
        {"1996", 1000, 2100, 1996, true},  {" 1000 ", 1000, 2100, 1000, true},
        {"2100", 1000, 2100, 2100, true},  {"+42", 0, 100, 42, true},
        {"-5", -10, 10, -5, true},         {"999", 1000, 2100, 0, false},
        {"2101", 1000, 2100, 0, false},    {"19a6", 1000, 2100, 0, false},
        {"", 0, 10, 0, false},             {"-", 0, 10, 0, false},
        {"1.5", 0, 10, 0, false},          {"9223372036854775807", INT64_MIN, INT64_MAX,
                                            INT64_MAX, true},
        {"-9223372036854775808", INT64_MIN, INT64_MAX, INT64_MIN, true},
        {"9223372036854775808", INT64_MIN, INT64_MAX, 0, false},
        {"99999999999999999999999", INT64_MIN, INT64_MAX, 0, false},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int64_t v = 0;
        const char *why = NULL;
        bool r = sl_parse_int(cases[i].in, strlen(cases[i].in), cases[i].min, cases[i].max, &v,
                              &why);
        if (r != cases[i].ok)
            fail_msg("'%s': got %d", cases[i].in, r);
        if (r)
            assert_true(v == cases[i].v);
        else
            assert_non_null(why);
    }
}

static void decimals(void **state)
{
    (void)state;
    static const struct { const char *in; double min, max, v; bool ok; } cases[] = {
        {"233456.789", 0, 300000, 233456.789, true},
        {"233456,789", 0, 300000, 233456.789, true},
        {" 582000 ", 289000, 629000, 582000, true},
        {"0", 0, 300000, 0, true},
        {"300000", 0, 300000, 300000, true},
        {"300000.01", 0, 300000, 0, false},
        {"288999.99", 289000, 629000, 0, false},
        {"-1", 0, 300000, 0, false},
        {"-1,5", -2, 0, -1.5, true},
        {"0.000000000000000000001", 0, 1, 0.0, true},
        {"12.", 0, 100, 0, false},
        {".5", 0, 100, 0, false},
        {"1.2.3", 0, 100, 0, false},
        {"1,2.3", 0, 100, 0, false},
        {"1e5", 0, 1e9, 0, false},
        {"nan", 0, 1e9, 0, false},
        {"", 0, 1, 0, false},
        {"12 3", 0, 1000, 0, false},
        {"1234567890123456789", 0, 1e30, 0, false},
    };
    for (size_t i = 0; i < N(cases); i++) {
        double v = -1;
        const char *why = NULL;
        bool r = sl_parse_decimal(cases[i].in, strlen(cases[i].in), cases[i].min, cases[i].max,
                                  &v, &why);
        if (r != cases[i].ok)
            fail_msg("'%s': got %d (%s)", cases[i].in, r, why ? why : "");
        if (r)
            assert_float_equal(v, cases[i].v, 1e-9);
        else
            assert_non_null(why);
    }
}

static void text(void **state)
{
    (void)state;
    char dst[8];
    const char *why = NULL;
    assert_true(sl_parse_text("  Jansen ", 9, dst, sizeof dst, &why));
    assert_string_equal(dst, "Jansen");
    assert_true(sl_parse_text("1234567", 7, dst, sizeof dst, &why));
    assert_string_equal(dst, "1234567");
    assert_true(sl_parse_text("", 0, dst, sizeof dst, &why));
    assert_string_equal(dst, "");
    assert_true(sl_parse_text("Zo\xC3\xAB", 4, dst, sizeof dst, &why)); /* Zoë */
    assert_string_equal(dst, "Zo\xC3\xAB");

    static const struct { const char *in, *frag; } bad[] = {
        {"12345678", "te lang"},         {"a\tb", "stuurteken"},
        {"a\nb", "stuurteken"},          {"a\x7f" "b", "stuurteken"},
        {"\xC3", "UTF-8"},               {"a\xC3(", "UTF-8"},
        {"\xC0\xAF", "UTF-8"},           {"\xED\xA0\x80", "UTF-8"},
        {"\xF5\x80\x80\x80", "UTF-8"},   {"\xFF", "UTF-8"},
        {"\xC2\x85", "UTF-8"},           {"\xE0\x80\xAF", "UTF-8"},
    };
    for (size_t i = 0; i < N(bad); i++) {
        why = NULL;
        if (sl_parse_text(bad[i].in, strlen(bad[i].in), dst, sizeof dst, &why))
            fail_msg("'%s' accepted", bad[i].in);
        check_reason(bad[i].in, why, bad[i].frag);
    }
    /* An embedded NUL is a control character too. */
    assert_false(sl_parse_text("a\0b", 3, dst, sizeof dst, &why));
    assert_false(sl_parse_text("a", 1, dst, 0, &why));
}

static void unsigned_numbers_are_formatted(void **state)
{
    (void)state;
    char buf[32];
    assert_int_equal(sl_format_uint(buf, 0, 0), 1);
    assert_string_equal(buf, "0");
    assert_int_equal(sl_format_uint(buf, 99999, 0), 5);
    assert_string_equal(buf, "99999");
    assert_int_equal(sl_format_uint(buf, 42, 4), 4);
    assert_string_equal(buf, "0042");
    assert_int_equal(sl_format_uint(buf, 12345, 2), 5); /* width is a minimum */
    assert_string_equal(buf, "12345");
    assert_int_equal(sl_format_uint(buf, UINT64_MAX, 0), 20);
    assert_string_equal(buf, "18446744073709551615");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unsigned_numbers_are_formatted),
        cmocka_unit_test(trims_spaces_and_nbsp), cmocka_unit_test(booleans),
        cmocka_unit_test(amounts),               cmocka_unit_test(integers),
        cmocka_unit_test(amounts_round_trip_exactly),
        cmocka_unit_test(decimals),              cmocka_unit_test(text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
