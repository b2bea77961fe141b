/*
 * test_delivery.c - header recognition and row validation of the delivery
 * files. Rows are built from a valid baseline per kind; each reject case
 * changes exactly one column and expects a reject naming that column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/bag.h"
#include "core/delivery.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- building headers and rows ------------------------------------------------ */

static const sl_col bag_cols[] = {
    SL_COL_NUMMERAANDUIDING_ID, SL_COL_VERBLIJFSOBJECT_ID, SL_COL_PAND_ID, SL_COL_STRAAT,
    SL_COL_HUISNUMMER, SL_COL_HUISLETTER, SL_COL_TOEVOEGING, SL_COL_POSTCODE,
    SL_COL_WOONPLAATS, SL_COL_GEMEENTECODE, SL_COL_X, SL_COL_Y, SL_COL_BOUWJAAR, SL_COL_KERN,
};
static const sl_col ncg_cols[] = {
    SL_COL_NCG_ID, SL_COL_NUMMERAANDUIDING_ID, SL_COL_POSTCODE, SL_COL_HUISNUMMER,
    SL_COL_HUISLETTER, SL_COL_TOEVOEGING, SL_COL_STAP, SL_COL_STAP_SINDS, SL_COL_RISICOPROFIEL,
    SL_COL_BATCH, SL_COL_PROGRAMMA, SL_COL_BIJZONDERE_SITUATIE, SL_COL_KEUZE_BEWONER,
    SL_COL_BEWONERSBEGELEIDER, SL_COL_AANNEMERSOVEREENKOMST,
};
static const sl_col img_cols[] = {
    SL_COL_IMG_ID, SL_COL_NUMMERAANDUIDING_ID, SL_COL_POSTCODE, SL_COL_HUISNUMMER,
    SL_COL_HUISLETTER, SL_COL_TOEVOEGING, SL_COL_REGELING, SL_COL_FASE, SL_COL_FASE_SINDS,
    SL_COL_ONTVANGEN_OP, SL_COL_URGENT, SL_COL_AOS, SL_COL_AOS_GEGROND, SL_COL_ZAAKBEGELEIDER,
    SL_COL_BESLUIT_BEDRAG,
};

/* Valid baseline values, indexed by column. */
static const char *const bag_base[SL_COL_COUNT] = {
    [SL_COL_NUMMERAANDUIDING_ID] = "0014200000123456",
    [SL_COL_VERBLIJFSOBJECT_ID] = "0014010000123456",
    [SL_COL_PAND_ID] = "0014100000654321",
    [SL_COL_STRAAT] = "Oude Boteringestraat",
    [SL_COL_HUISNUMMER] = "12",
    [SL_COL_HUISLETTER] = "a",
    [SL_COL_TOEVOEGING] = "",
    [SL_COL_POSTCODE] = "9712 ab",
    [SL_COL_WOONPLAATS] = "Groningen",
    [SL_COL_GEMEENTECODE] = "0014",
    [SL_COL_X] = "233456,5",
    [SL_COL_Y] = "582123.25",
    [SL_COL_BOUWJAAR] = "1921",
    [SL_COL_KERN] = "ja",
};
static const char *const ncg_base[SL_COL_COUNT] = {
    [SL_COL_NCG_ID] = "NCG-000123",
    [SL_COL_NUMMERAANDUIDING_ID] = "0014200000123456",
    [SL_COL_POSTCODE] = "9712AB",
    [SL_COL_HUISNUMMER] = "12",
    [SL_COL_HUISLETTER] = "A",
    [SL_COL_TOEVOEGING] = "",
    [SL_COL_STAP] = "2.1",
    [SL_COL_STAP_SINDS] = "31-08-2021",
    [SL_COL_RISICOPROFIEL] = "P50",
    [SL_COL_BATCH] = "1588",
    [SL_COL_PROGRAMMA] = "Bouwimpuls",
    [SL_COL_BIJZONDERE_SITUATIE] = "nee",
    [SL_COL_KEUZE_BEWONER] = "ncg voert uit",
    [SL_COL_BEWONERSBEGELEIDER] = "J. de Vries",
    [SL_COL_AANNEMERSOVEREENKOMST] = "2022-01-15",
};
static const char *const img_base[SL_COL_COUNT] = {
    [SL_COL_IMG_ID] = "IMG-2021-0042",
    [SL_COL_NUMMERAANDUIDING_ID] = "0014200000123456",
    [SL_COL_POSTCODE] = "9712AB",
    [SL_COL_HUISNUMMER] = "12a",
    [SL_COL_HUISLETTER] = "",
    [SL_COL_TOEVOEGING] = "",
    [SL_COL_REGELING] = "fysieke schade",
    [SL_COL_FASE] = "opname",
    [SL_COL_FASE_SINDS] = "2021-08-31",
    [SL_COL_ONTVANGEN_OP] = "01-03-2021",
    [SL_COL_URGENT] = "ja",
    [SL_COL_AOS] = "nee",
    [SL_COL_AOS_GEGROND] = "",
    [SL_COL_ZAAKBEGELEIDER] = "P. Bakker",
    [SL_COL_BESLUIT_BEDRAG] = "1.234,56",
};

typedef struct row {
    sl_header h;
    size_t n;
    sl_field f[SL_HEADER_MAX_FIELDS];
    const char *val[SL_COL_COUNT];
} row;

static void make_header(const sl_col *cols, size_t ncols, sl_header *h)
{
    sl_field names[SL_HEADER_MAX_FIELDS];
    for (size_t i = 0; i < ncols; i++) {
        names[i].s = sl_col_name(cols[i]);
        names[i].len = strlen(names[i].s);
    }
    char err[200];
    if (!sl_header_parse(names, ncols, h, err, sizeof err))
        fail_msg("header refused: %s", err);
}

/* Header from cols; values from base with one column optionally replaced. */
static void make_row(row *r, const sl_col *cols, size_t ncols, const char *const *base,
                     int change, const char *value)
{
    make_header(cols, ncols, &r->h);
    for (int c = 0; c < SL_COL_COUNT; c++)
        r->val[c] = base[c] ? base[c] : "";
    if (change >= 0)
        r->val[change] = value;
    r->n = ncols;
    for (size_t i = 0; i < ncols; i++) {
        r->f[i].s = r->val[cols[i]];
        r->f[i].len = strlen(r->val[cols[i]]);
    }
}

static bool run_row(sl_kind k, row *r, void *out, sl_row_error *e)
{
    switch (k) {
    case SL_KIND_BAG:
        return sl_row_address(&r->h, r->f, r->n, out, e);
    case SL_KIND_NCG:
        return sl_row_trajectory(&r->h, r->f, r->n, out, e);
    default:
        return sl_row_claim(&r->h, r->f, r->n, out, e);
    }
}

static const sl_col *cols_of(sl_kind k, size_t *n)
{
    switch (k) {
    case SL_KIND_BAG:
        *n = N(bag_cols);
        return bag_cols;
    case SL_KIND_NCG:
        *n = N(ncg_cols);
        return ncg_cols;
    default:
        *n = N(img_cols);
        return img_cols;
    }
}

static const char *const *base_of(sl_kind k)
{
    return k == SL_KIND_BAG ? bag_base : k == SL_KIND_NCG ? ncg_base : img_base;
}

typedef union anyrec {
    sl_address a;
    sl_trajectory t;
    sl_claim c;
} anyrec;

/* vals: base with the columns in blank[] empty. */
static void blank_columns(const char **vals, const char *const *base, const sl_col *blank,
                          size_t n)
{
    memcpy(vals, base, SL_COL_COUNT * sizeof *vals);
    for (size_t i = 0; i < n; i++)
        vals[blank[i]] = "";
}

/* A row of kind k (its usual columns when cols is NULL) that must be accepted:
 * a refusal fails the test with its reason. */
static void accept_row(sl_kind k, const sl_col *cols, size_t ncols, const char *const *base,
                       int change, const char *value, void *out)
{
    if (!cols)
        cols = cols_of(k, &ncols);
    row r;
    sl_row_error e;
    make_row(&r, cols, ncols, base, change, value);
    if (!run_row(k, &r, out, &e))
        fail_msg("%s row refused: %s", sl_kind_name(k), e.reason);
}

/* rev: cols in the opposite order. */
static void reverse_columns(const sl_col *cols, size_t n, sl_col *rev)
{
    for (size_t k = 0; k < n; k++)
        rev[k] = cols[n - 1 - k];
}

/* ---- header -------------------------------------------------------------------- */

static void names_of_kinds_and_columns(void **state)
{
    (void)state;
    assert_string_equal(sl_kind_name(SL_KIND_BAG), "bag_adressen");
    assert_string_equal(sl_kind_name(SL_KIND_NCG), "ncg_trajecten");
    assert_string_equal(sl_kind_name(SL_KIND_IMG), "img_schades");
    assert_string_equal(sl_kind_name(SL_KIND_UNKNOWN), "onbekend");
    assert_string_equal(sl_col_name(SL_COL_BESLUIT_BEDRAG), "besluit_bedrag");
    assert_string_equal(sl_col_name(SL_COL_NUMMERAANDUIDING_ID), "nummeraanduiding_id");
    assert_string_equal(sl_col_name(SL_COL_COUNT), "");
    for (int c = 0; c < SL_COL_COUNT; c++) {
        assert_true(sl_col_name((sl_col)c)[0] != '\0');
        for (int d = 0; d < c; d++)
            assert_string_not_equal(sl_col_name((sl_col)c), sl_col_name((sl_col)d));
    }
}

static void recognises_each_kind(void **state)
{
    (void)state;
    static const sl_kind kinds[] = {SL_KIND_BAG, SL_KIND_NCG, SL_KIND_IMG};
    for (size_t k = 0; k < N(kinds); k++) {
        size_t n;
        const sl_col *cols = cols_of(kinds[k], &n);
        sl_header h;
        make_header(cols, n, &h);
        assert_int_equal(h.kind, kinds[k]);
        assert_int_equal(h.nfields, n);
        assert_int_equal(h.n_unknown, 0);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(h.col[cols[i]], (int)i);
        /* Columns of the other kinds are absent. */
        int present = 0;
        for (int c = 0; c < SL_COL_COUNT; c++)
            present += h.col[c] >= 0;
        assert_int_equal(present, (int)n);
    }
}

static sl_field fld(const char *s)
{
    sl_field f = {s, strlen(s)};
    return f;
}

static void messy_header_names(void **state)
{
    (void)state;
    /* BOM, case, spaces, '-' and order: all tolerated; extras listed. */
    sl_field names[] = {
        fld("\xEF\xBB\xBF" "Fase"), fld(" IMG-ID "), fld("Postcode"), fld("huisnummer"),
        fld("Nummeraanduiding ID"), fld("opmerking"), fld("stap"), fld(""),
        fld("Besluit-Bedrag"),
    };
    sl_header h;
    char err[200] = "x";
    assert_true(sl_header_parse(names, N(names), &h, err, sizeof err));
    assert_int_equal(h.kind, SL_KIND_IMG);
    assert_int_equal(h.nfields, N(names));
    assert_int_equal(h.col[SL_COL_FASE], 0);
    assert_int_equal(h.col[SL_COL_IMG_ID], 1);
    assert_int_equal(h.col[SL_COL_POSTCODE], 2);
    assert_int_equal(h.col[SL_COL_HUISNUMMER], 3);
    assert_int_equal(h.col[SL_COL_NUMMERAANDUIDING_ID], 4);
    assert_int_equal(h.col[SL_COL_BESLUIT_BEDRAG], 8);
    assert_int_equal(h.col[SL_COL_STAP], -1);
    assert_int_equal(h.col[SL_COL_HUISLETTER], -1);
    assert_int_equal(h.n_unknown, 3);
    assert_int_equal(h.unknown[0], 5);
    assert_int_equal(h.unknown[1], 6); /* an NCG column in an IMG file is unknown here */
    assert_int_equal(h.unknown[2], 7);

    /* A BOM on a later name is not stripped. */
    sl_field later[] = {fld("ncg_id"), fld("\xEF\xBB\xBF" "stap"), fld("nummeraanduiding_id")};
    sl_header h2;
    assert_false(sl_header_parse(later, N(later), &h2, err, sizeof err));
    assert_non_null(strstr(err, "stap"));
}

static void header_errors(void **state)
{
    (void)state;
    static const struct { const char *names; const char *frag; } bad[] = {
        {"", "leeg"},
        {"straat|woonplaats", "niet herkend"},
        {"nummeraanduiding_id|postcode|huisnummer", "niet herkend"},
        {"img_id|ncg_id|fase|stap|nummeraanduiding_id", "zowel"},
        {"img_id|fase|Fase|nummeraanduiding_id", "twee keer"},
        {"img_id|fase|nummeraanduiding_id|postcode| Postcode ", "twee keer"},
        {"img_id|nummeraanduiding_id", "fase"},
        {"fase|img_id|postcode", "adres"},
        {"img_id|fase|huisnummer", "adres"},
        {"ncg_id|nummeraanduiding_id", "stap"},
        {"ncg_id|stap", "adres"},
        {"ncg_id|stap|postcode", "adres"},
        {"nummeraanduiding_id|gemeentecode|postcode", "huisnummer"},
        {"nummeraanduiding_id|gemeentecode|huisnummer", "postcode"},
        {"nummeraanduiding_id|gemeentecode|postcode|huisnummer|gemeentecode", "twee keer"},
    };
    for (size_t i = 0; i < N(bad); i++) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s", bad[i].names);
        sl_field names[SL_HEADER_MAX_FIELDS];
        size_t n = 0;
        if (buf[0]) {
            char *p = buf;
            for (;;) {
                char *bar = strchr(p, '|');
                names[n].s = p;
                names[n].len = bar ? (size_t)(bar - p) : strlen(p);
                n++;
                if (!bar)
                    break;
                p = bar + 1;
            }
        }
        sl_header h;
        char err[200] = "";
        if (sl_header_parse(names, n, &h, err, sizeof err))
            fail_msg("header '%s' accepted", bad[i].names);
        if (!strstr(err, bad[i].frag))
            fail_msg("header '%s': error '%s' lacks '%s'", bad[i].names, err, bad[i].frag);
        assert_int_equal(h.kind, SL_KIND_UNKNOWN);
    }
}

static void header_limits(void **state)
{
    (void)state;
    sl_field names[SL_HEADER_MAX_FIELDS + 1];
    char extra[SL_HEADER_MAX_FIELDS + 1][16];
    names[0] = fld("img_id");
    names[1] = fld("fase");
    names[2] = fld("nummeraanduiding_id");
    for (size_t i = 3; i < N(names); i++) {
        snprintf(extra[i], sizeof extra[i], "extra%zu", i);
        names[i] = fld(extra[i]);
    }
    sl_header h;
    char err[200];
    assert_true(sl_header_parse(names, SL_HEADER_MAX_FIELDS, &h, err, sizeof err));
    assert_int_equal(h.n_unknown, SL_HEADER_MAX_FIELDS - 3);
    assert_false(sl_header_parse(names, SL_HEADER_MAX_FIELDS + 1, &h, err, sizeof err));
    assert_non_null(strstr(err, "64"));
    /* A tiny error buffer is still terminated. */
    char tiny[8];
    assert_false(sl_header_parse(names, 0, &h, tiny, sizeof tiny));
    assert_true(strlen(tiny) < sizeof tiny);
    assert_false(sl_header_parse(names, 0, &h, NULL, 0));
}

/* ---- rows: valid --------------------------------------------------------------- */

static void valid_address_row(void **state)
{
    (void)state;
    sl_address a;
    accept_row(SL_KIND_BAG, NULL, 0, bag_base, -1, NULL, &a);
    assert_true(a.nummeraanduiding_id == 14200000123456LL);
    assert_true(a.verblijfsobject_id == 14010000123456LL);
    assert_true(a.pand_id == 14100000654321LL);
    assert_string_equal(a.straat, "Oude Boteringestraat");
    assert_int_equal(a.nr.huisnummer, 12);
    assert_string_equal(a.nr.huisletter, "A");
    assert_string_equal(a.nr.toevoeging, "");
    assert_string_equal(a.postcode, "9712AB");
    assert_string_equal(a.woonplaats, "Groningen");
    assert_string_equal(a.gemeentecode, "0014");
    assert_true(a.has_xy);
    assert_float_equal(a.x, 233456.5, 1e-9);
    assert_float_equal(a.y, 582123.25, 1e-9);
    assert_int_equal(a.bouwjaar, 1921);
    assert_int_equal(a.kern, SL_FLAG_JA);
    assert_string_equal(a.key, "9712AB 12 A");
}

static void address_optionals_empty_or_missing(void **state)
{
    (void)state;
    /* Every optional column empty. */
    static const sl_col optional[] = {SL_COL_VERBLIJFSOBJECT_ID, SL_COL_PAND_ID, SL_COL_STRAAT,
                                      SL_COL_HUISLETTER, SL_COL_TOEVOEGING, SL_COL_WOONPLAATS,
                                      SL_COL_X, SL_COL_Y, SL_COL_BOUWJAAR, SL_COL_KERN};
    const char *vals[SL_COL_COUNT];
    blank_columns(vals, bag_base, optional, N(optional));
    sl_address a;
    accept_row(SL_KIND_BAG, NULL, 0, vals, -1, NULL, &a);
    assert_true(a.verblijfsobject_id == 0 && a.pand_id == 0);
    assert_string_equal(a.straat, "");
    assert_false(a.has_xy);
    assert_int_equal(a.bouwjaar, 0);
    assert_int_equal(a.kern, SL_FLAG_UNKNOWN);
    assert_string_equal(a.key, "9712AB 12");

    /* Only the required columns in the header, in another order. */
    static const sl_col minimal[] = {SL_COL_GEMEENTECODE, SL_COL_HUISNUMMER, SL_COL_POSTCODE,
                                     SL_COL_NUMMERAANDUIDING_ID};
    accept_row(SL_KIND_BAG, minimal, N(minimal), bag_base, -1, NULL, &a);
    assert_int_equal(a.kern, SL_FLAG_UNKNOWN);
    assert_false(a.has_xy);
    assert_string_equal(a.key, "9712AB 12");
}

static void valid_trajectory_row(void **state)
{
    (void)state;
    sl_trajectory t;
    accept_row(SL_KIND_NCG, NULL, 0, ncg_base, -1, NULL, &t);
    sl_date d;
    assert_string_equal(t.ncg_id, "NCG-000123");
    assert_true(t.adres.nummeraanduiding_id == 14200000123456LL);
    assert_true(t.adres.has_key);
    assert_string_equal(t.adres.key, "9712AB 12 A");
    assert_int_equal(t.stap, SL_STAP_2_1);
    assert_true(sl_date_from_ymd(2021, 8, 31, &d));
    assert_int_equal(t.stap_sinds, d);
    assert_int_equal(t.risicoprofiel, SL_RISICO_P50);
    assert_string_equal(t.batch, "1588");
    assert_int_equal(t.programma, SL_PROGRAMMA_BOUWIMPULS);
    assert_int_equal(t.bijzondere_situatie, SL_FLAG_NEE);
    assert_int_equal(t.keuze_bewoner, SL_KEUZE_NCG);
    assert_string_equal(t.bewonersbegeleider, "J. de Vries");
    assert_true(sl_date_from_ymd(2022, 1, 15, &d));
    assert_int_equal(t.aannemersovereenkomst, d);
}

static void trajectory_optionals_empty(void **state)
{
    (void)state;
    static const sl_col optional[] = {
        SL_COL_HUISLETTER, SL_COL_TOEVOEGING, SL_COL_STAP_SINDS, SL_COL_RISICOPROFIEL,
        SL_COL_BATCH, SL_COL_PROGRAMMA, SL_COL_BIJZONDERE_SITUATIE, SL_COL_KEUZE_BEWONER,
        SL_COL_BEWONERSBEGELEIDER, SL_COL_AANNEMERSOVEREENKOMST,
    };
    const char *vals[SL_COL_COUNT];
    blank_columns(vals, ncg_base, optional, N(optional));
    sl_trajectory t;
    accept_row(SL_KIND_NCG, NULL, 0, vals, -1, NULL, &t);
    assert_int_equal(t.stap_sinds, SL_DATE_NONE);
    assert_int_equal(t.aannemersovereenkomst, SL_DATE_NONE);
    assert_int_equal(t.risicoprofiel, SL_RISICO_ONBEKEND);
    assert_int_equal(t.programma, SL_PROGRAMMA_ONBEKEND);
    assert_int_equal(t.bijzondere_situatie, SL_FLAG_UNKNOWN);
    assert_int_equal(t.keuze_bewoner, SL_KEUZE_ONBEKEND);
    assert_string_equal(t.batch, "");
    assert_string_equal(t.bewonersbegeleider, "");
    assert_string_equal(t.adres.key, "9712AB 12");

    /* Minimal header: id, stap, address by id only. */
    static const sl_col minimal[] = {SL_COL_STAP, SL_COL_NCG_ID, SL_COL_NUMMERAANDUIDING_ID};
    accept_row(SL_KIND_NCG, minimal, N(minimal), ncg_base, -1, NULL, &t);
    assert_false(t.adres.has_key);
    assert_string_equal(t.adres.key, "");
    assert_int_equal(t.keuze_bewoner, SL_KEUZE_ONBEKEND);
}

static void valid_claim_row(void **state)
{
    (void)state;
    sl_claim c;
    accept_row(SL_KIND_IMG, NULL, 0, img_base, -1, NULL, &c);
    sl_date d;
    assert_string_equal(c.img_id, "IMG-2021-0042");
    assert_true(c.adres.has_key);
    assert_string_equal(c.adres.key, "9712AB 12 A");
    assert_int_equal(c.regeling, SL_REGELING_FYSIEKE_SCHADE);
    assert_int_equal(c.fase, SL_FASE_OPNAME);
    assert_true(sl_date_from_ymd(2021, 8, 31, &d));
    assert_int_equal(c.fase_sinds, d);
    assert_true(sl_date_from_ymd(2021, 3, 1, &d));
    assert_int_equal(c.ontvangen_op, d);
    assert_int_equal(c.urgent, SL_FLAG_JA);
    assert_int_equal(c.aos, SL_FLAG_NEE);
    assert_int_equal(c.aos_gegrond, SL_FLAG_UNKNOWN);
    assert_string_equal(c.zaakbegeleider, "P. Bakker");
    assert_true(c.has_bedrag);
    assert_true(c.besluit_bedrag == 123456);

    /* Empty optionals: regeling becomes overig, no amount, unknown flags. */
    static const sl_col optional[] = {SL_COL_REGELING, SL_COL_FASE_SINDS, SL_COL_ONTVANGEN_OP,
                                      SL_COL_URGENT, SL_COL_AOS, SL_COL_ZAAKBEGELEIDER,
                                      SL_COL_BESLUIT_BEDRAG, SL_COL_NUMMERAANDUIDING_ID};
    const char *vals[SL_COL_COUNT];
    blank_columns(vals, img_base, optional, N(optional));
    accept_row(SL_KIND_IMG, NULL, 0, vals, -1, NULL, &c);
    assert_int_equal(c.regeling, SL_REGELING_OVERIG);
    assert_int_equal(c.fase_sinds, SL_DATE_NONE);
    assert_int_equal(c.ontvangen_op, SL_DATE_NONE);
    assert_int_equal(c.urgent, SL_FLAG_UNKNOWN);
    assert_int_equal(c.aos, SL_FLAG_UNKNOWN);
    assert_false(c.has_bedrag);
    assert_true(c.adres.nummeraanduiding_id == 0);
    assert_true(c.adres.has_key);
}

/* Messy but valid spellings of one column, each checked on the parsed record. */
static void messy_values_accepted(void **state)
{
    (void)state;
    static const struct { const char *v; sl_flag f; } flags[] = {
        {"ja", SL_FLAG_JA},    {"Ja", SL_FLAG_JA},      {"true", SL_FLAG_JA}, {"1", SL_FLAG_JA},
        {"nee", SL_FLAG_NEE},  {"FALSE", SL_FLAG_NEE},  {"0", SL_FLAG_NEE},   {" nee ", SL_FLAG_NEE},
        {"", SL_FLAG_UNKNOWN}, {"  ", SL_FLAG_UNKNOWN},
    };
    row r;
    sl_row_error e;
    sl_claim c;
    sl_trajectory t;
    sl_address a;
    for (size_t i = 0; i < N(flags); i++) {
        accept_row(SL_KIND_IMG, NULL, 0, img_base, SL_COL_AOS_GEGROND, flags[i].v, &c);
        assert_int_equal(c.aos_gegrond, flags[i].f);
        accept_row(SL_KIND_BAG, NULL, 0, bag_base, SL_COL_KERN, flags[i].v, &a);
        assert_int_equal(a.kern, flags[i].f);
        accept_row(SL_KIND_NCG, NULL, 0, ncg_base, SL_COL_BIJZONDERE_SITUATIE, flags[i].v, &t);
        assert_int_equal(t.bijzondere_situatie, flags[i].f);
    }
    static const struct { const char *v; int64_t cents; } amounts[] = {
        {"1234,56", 123456}, {"1234.56", 123456}, {"1.234,56", 123456}, {"\xE2\x82\xAC 1.442", -1},
        {"\xE2\x82\xAC 1442", 144200}, {"7000", 700000}, {"-12,5", -1250},
    };
    for (size_t i = 0; i < N(amounts); i++) {
        make_row(&r, img_cols, N(img_cols), img_base, SL_COL_BESLUIT_BEDRAG, amounts[i].v);
        bool ok = sl_row_claim(&r.h, r.f, r.n, &c, &e);
        if (amounts[i].cents < 0 && amounts[i].v[0] != '-') {
            assert_false(ok); /* "1.442" is ambiguous and refused */
            continue;
        }
        assert_true(ok);
        assert_true(c.besluit_bedrag == amounts[i].cents);
    }
    static const struct { const char *v; int y, m, d; } dates[] = {
        {"2021-08-31", 2021, 8, 31}, {"31-08-2021", 2021, 8, 31}, {"31/08/2021", 2021, 8, 31},
        {" 2024-02-29 ", 2024, 2, 29},
    };
    for (size_t i = 0; i < N(dates); i++) {
        sl_date d;
        assert_true(sl_date_from_ymd(dates[i].y, dates[i].m, dates[i].d, &d));
        accept_row(SL_KIND_NCG, NULL, 0, ncg_base, SL_COL_STAP_SINDS, dates[i].v, &t);
        assert_int_equal(t.stap_sinds, d);
    }
    static const struct { sl_col c; const char *v; const char *key; } addr[] = {
        {SL_COL_POSTCODE, "9712 ab", "9712AB 12 A"}, {SL_COL_POSTCODE, " 9712ab", "9712AB 12 A"},
        {SL_COL_HUISLETTER, "", "9712AB 12"},
    };
    for (size_t i = 0; i < N(addr); i++) {
        accept_row(SL_KIND_NCG, NULL, 0, ncg_base, (int)addr[i].c, addr[i].v, &t);
        assert_string_equal(t.adres.key, addr[i].key);
    }
    /* Suffix in the number column with an empty letter column. */
    static const char *const nrs[] = {"12a", "12-a", "12 A", "12A"};
    for (size_t i = 0; i < N(nrs); i++) {
        const char *vals[SL_COL_COUNT];
        memcpy(vals, ncg_base, sizeof vals);
        vals[SL_COL_HUISLETTER] = "";
        accept_row(SL_KIND_NCG, NULL, 0, vals, SL_COL_HUISNUMMER, nrs[i], &t);
        assert_string_equal(t.adres.key, "9712AB 12 A");
    }
    /* Spaces inside a BAG id, and a NUL-free value not terminated by the row. */
    accept_row(SL_KIND_NCG, NULL, 0, ncg_base, SL_COL_NUMMERAANDUIDING_ID, "0014 2000 0012 3456",
               &t);
    assert_true(t.adres.nummeraanduiding_id == 14200000123456LL);
}

/* The same address spelled differently in the three files gets one key. */
static void keys_agree_across_files(void **state)
{
    (void)state;
    sl_address a;
    sl_trajectory t;
    sl_claim c;
    accept_row(SL_KIND_BAG, NULL, 0, bag_base, -1, NULL, &a); /* "9712 ab", 12, a */
    accept_row(SL_KIND_NCG, NULL, 0, ncg_base, -1, NULL, &t); /* 9712AB, 12, A */
    accept_row(SL_KIND_IMG, NULL, 0, img_base, -1, NULL, &c); /* 9712AB, 12a */
    assert_string_equal(a.key, t.adres.key);
    assert_string_equal(a.key, c.adres.key);
    accept_row(SL_KIND_IMG, NULL, 0, img_base, SL_COL_HUISNUMMER, "12b", &c);
    assert_string_not_equal(a.key, c.adres.key);
}

/* ---- rows: one bad column each ----------------------------------------------- */

static char long80[82], long32[34];

typedef struct bad_case {
    sl_kind kind;
    sl_col col;
    const char *value;
    const char *frag;
} bad_case;

static const bad_case bad_cases[] = {
    /* bag_adressen */
    {SL_KIND_BAG, SL_COL_NUMMERAANDUIDING_ID, "", "verplicht veld is leeg"},
    {SL_KIND_BAG, SL_COL_NUMMERAANDUIDING_ID, "123", "nummeraanduiding-id '123' moet 16 cijfers hebben"},
    {SL_KIND_BAG, SL_COL_NUMMERAANDUIDING_ID, "0014010000123456", "cijfers 5-6 moeten 20"},
    {SL_KIND_BAG, SL_COL_NUMMERAANDUIDING_ID, "0014200000l23456", "alleen cijfers"},
    {SL_KIND_BAG, SL_COL_NUMMERAANDUIDING_ID, "0000200000123456", "0000"},
    {SL_KIND_BAG, SL_COL_VERBLIJFSOBJECT_ID, "0014200000123456", "verblijfsobject"},
    {SL_KIND_BAG, SL_COL_VERBLIJFSOBJECT_ID, "12", "16 cijfers"},
    {SL_KIND_BAG, SL_COL_PAND_ID, "0014010000123456", "pand"},
    {SL_KIND_BAG, SL_COL_PAND_ID, "0014100000000000", "volgnummer"},
    {SL_KIND_BAG, SL_COL_STRAAT, long80, "te lang"},
    {SL_KIND_BAG, SL_COL_STRAAT, "Grote\x01Markt", "stuurteken"},
    {SL_KIND_BAG, SL_COL_STRAAT, "Grote \xFF" "Markt", "UTF-8"},
    {SL_KIND_BAG, SL_COL_HUISNUMMER, "", "verplicht veld is leeg"},
    {SL_KIND_BAG, SL_COL_HUISNUMMER, "0", "1 en 99999"},
    {SL_KIND_BAG, SL_COL_HUISNUMMER, "100000", "1 en 99999"},
    {SL_KIND_BAG, SL_COL_HUISNUMMER, "x", "getal"},
    {SL_KIND_BAG, SL_COL_HUISNUMMER, "12b", "huisletter"},
    {SL_KIND_BAG, SL_COL_HUISNUMMER, "12 abcdef", "4 tekens"},
    {SL_KIND_BAG, SL_COL_HUISLETTER, "ab", "precies één letter"},
    {SL_KIND_BAG, SL_COL_HUISLETTER, "3", "precies één letter"},
    {SL_KIND_BAG, SL_COL_TOEVOEGING, "abcde", "4 tekens"},
    {SL_KIND_BAG, SL_COL_TOEVOEGING, "1#", "letters en cijfers"},
    {SL_KIND_BAG, SL_COL_POSTCODE, "", "verplicht veld is leeg"},
    {SL_KIND_BAG, SL_COL_POSTCODE, "9712SA", "postcode '9712SA' bestaat niet (SA, SD en SS worden niet uitgegeven)"},
    {SL_KIND_BAG, SL_COL_POSTCODE, "97", "1234AB"},
    {SL_KIND_BAG, SL_COL_POSTCODE, "0712AB", "bestaat niet"},
    {SL_KIND_BAG, SL_COL_WOONPLAATS, long80, "te lang"},
    {SL_KIND_BAG, SL_COL_GEMEENTECODE, "", "verplicht veld is leeg"},
    {SL_KIND_BAG, SL_COL_GEMEENTECODE, "14", "gemeentecode '14' moet precies 4 cijfers"},
    {SL_KIND_BAG, SL_COL_GEMEENTECODE, "00144", "4 cijfers"},
    {SL_KIND_BAG, SL_COL_GEMEENTECODE, "GM14", "4 cijfers"},
    {SL_KIND_BAG, SL_COL_GEMEENTECODE, "0000", "bestaat niet"},
    {SL_KIND_BAG, SL_COL_X, "abc", "x-coördinaat 'abc'"},
    {SL_KIND_BAG, SL_COL_X, "300001", "bereik"},
    {SL_KIND_BAG, SL_COL_X, "-1", "bereik"},
    {SL_KIND_BAG, SL_COL_X, "", "horen bij elkaar"},
    {SL_KIND_BAG, SL_COL_Y, "100", "y-coördinaat '100'"},
    {SL_KIND_BAG, SL_COL_Y, "629000.5", "bereik"},
    {SL_KIND_BAG, SL_COL_Y, "", "horen bij elkaar"},
    {SL_KIND_BAG, SL_COL_BOUWJAAR, "999", "bouwjaar '999'"},
    {SL_KIND_BAG, SL_COL_BOUWJAAR, "2101", "bouwjaar"},
    {SL_KIND_BAG, SL_COL_BOUWJAAR, "19xx", "geen geheel getal"},
    {SL_KIND_BAG, SL_COL_KERN, "misschien", "ja of nee"},
    /* ncg_trajecten */
    {SL_KIND_NCG, SL_COL_NCG_ID, "", "verplicht veld is leeg"},
    {SL_KIND_NCG, SL_COL_NCG_ID, long32, "32"},
    {SL_KIND_NCG, SL_COL_NCG_ID, "NCG 1", "zonder spaties"},
    {SL_KIND_NCG, SL_COL_NCG_ID, "NCG\xC3\xA9", "ASCII"},
    {SL_KIND_NCG, SL_COL_NUMMERAANDUIDING_ID, "123", "16 cijfers"},
    {SL_KIND_NCG, SL_COL_NUMMERAANDUIDING_ID, "0014010000123456", "nummeraanduiding"},
    {SL_KIND_NCG, SL_COL_POSTCODE, "9712SD", "SA, SD en SS"},
    {SL_KIND_NCG, SL_COL_POSTCODE, "abc", "1234AB"},
    {SL_KIND_NCG, SL_COL_HUISNUMMER, "0", "1 en 99999"},
    {SL_KIND_NCG, SL_COL_HUISNUMMER, "x12", "getal"},
    {SL_KIND_NCG, SL_COL_HUISLETTER, "1", "één letter"},
    {SL_KIND_NCG, SL_COL_TOEVOEGING, "#", "letters en cijfers"},
    {SL_KIND_NCG, SL_COL_STAP, "", "verplicht veld is leeg"},
    {SL_KIND_NCG, SL_COL_STAP, "klaar", "onbekende stap 'klaar'"},
    {SL_KIND_NCG, SL_COL_STAP, "6.1", "onbekende stap '6.1'"},
    {SL_KIND_NCG, SL_COL_STAP_SINDS, "31-02-2021", "ongeldige datum '31-02-2021'"},
    {SL_KIND_NCG, SL_COL_STAP_SINDS, "gisteren", "ongeldige datum 'gisteren'"},
    {SL_KIND_NCG, SL_COL_RISICOPROFIEL, "P70", "onbekend risicoprofiel 'P70'"},
    {SL_KIND_NCG, SL_COL_BATCH, long32, "te lang"},
    {SL_KIND_NCG, SL_COL_PROGRAMMA, "Turbo", "onbekend programma 'Turbo'"},
    {SL_KIND_NCG, SL_COL_BIJZONDERE_SITUATIE, "soms", "ongeldige waarde 'soms'"},
    {SL_KIND_NCG, SL_COL_KEUZE_BEWONER, "zelf", "onbekende keuze 'zelf'"},
    {SL_KIND_NCG, SL_COL_BEWONERSBEGELEIDER, long80, "te lang"},
    {SL_KIND_NCG, SL_COL_BEWONERSBEGELEIDER, "J.\x7f", "stuurteken"},
    {SL_KIND_NCG, SL_COL_AANNEMERSOVEREENKOMST, "2021-13-01", "ongeldige datum"},
    /* img_schades */
    {SL_KIND_IMG, SL_COL_IMG_ID, "", "verplicht veld is leeg"},
    {SL_KIND_IMG, SL_COL_IMG_ID, long32, "32"},
    {SL_KIND_IMG, SL_COL_IMG_ID, "IMG\t1", "zonder spaties"},
    {SL_KIND_IMG, SL_COL_NUMMERAANDUIDING_ID, "00142000001234567", "16 cijfers"},
    {SL_KIND_IMG, SL_COL_POSTCODE, "9712 ss", "SA, SD en SS"},
    {SL_KIND_IMG, SL_COL_HUISNUMMER, "100000", "1 en 99999"},
    {SL_KIND_IMG, SL_COL_HUISLETTER, "a-", "huisletter"},
    {SL_KIND_IMG, SL_COL_TOEVOEGING, "abcdef", "4 tekens"},
    {SL_KIND_IMG, SL_COL_REGELING, "schade", "onbekende regeling 'schade'"},
    {SL_KIND_IMG, SL_COL_FASE, "", "verplicht veld is leeg"},
    {SL_KIND_IMG, SL_COL_FASE, "klaar", "onbekende fase 'klaar'"},
    {SL_KIND_IMG, SL_COL_FASE_SINDS, "2021-02-29", "ongeldige datum '2021-02-29'"},
    {SL_KIND_IMG, SL_COL_ONTVANGEN_OP, "1799-01-01", "1800"},
    {SL_KIND_IMG, SL_COL_URGENT, "x", "ja of nee"},
    {SL_KIND_IMG, SL_COL_AOS, "2", "ja of nee"},
    {SL_KIND_IMG, SL_COL_AOS_GEGROND, "nvt", "ja of nee"},
    {SL_KIND_IMG, SL_COL_ZAAKBEGELEIDER, long80, "te lang"},
    {SL_KIND_IMG, SL_COL_BESLUIT_BEDRAG, "12,345", "dubbelzinnig"},
    {SL_KIND_IMG, SL_COL_BESLUIT_BEDRAG, "veel", "ongeldig bedrag 'veel'"},
    {SL_KIND_IMG, SL_COL_BESLUIT_BEDRAG, "1,234", "ongeldig bedrag"},
};

static int setup_long_values(void **state)
{
    (void)state;
    memset(long80, 'a', 81);
    long80[81] = '\0';
    memset(long32, 'B', 33);
    long32[33] = '\0';
    return 0;
}

static void one_bad_column_is_named(void **state)
{
    (void)state;
    bool covered[4][SL_COL_COUNT] = {{false}};
    for (size_t i = 0; i < N(bad_cases); i++) {
        const bad_case *bc = &bad_cases[i];
        size_t ncols;
        const sl_col *cols = cols_of(bc->kind, &ncols);
        const char *const *base = base_of(bc->kind);
        row r;
        make_row(&r, cols, ncols, base, (int)bc->col, bc->value);
        anyrec out;
        sl_row_error e;
        memset(&e, 0x5a, sizeof e);
        if (run_row(bc->kind, &r, &out, &e))
            fail_msg("case %zu (%s = '%s') accepted", i, sl_col_name(bc->col), bc->value);
        if (e.field != r.h.col[bc->col] || e.col != bc->col)
            fail_msg("case %zu (%s = '%s'): blamed field %d col %s: %s", i, sl_col_name(bc->col),
                     bc->value, e.field, sl_col_name(e.col), e.reason);
        if (!strstr(e.reason, bc->frag))
            fail_msg("case %zu (%s = '%s'): reason '%s' lacks '%s'", i, sl_col_name(bc->col),
                     bc->value, e.reason, bc->frag);
        assert_true(strlen(e.reason) < sizeof e.reason);
        /* The row's own id is reported unless it is the bad column. */
        sl_col idcol = bc->kind == SL_KIND_BAG   ? SL_COL_NUMMERAANDUIDING_ID
                       : bc->kind == SL_KIND_NCG ? SL_COL_NCG_ID
                                                 : SL_COL_IMG_ID;
        if (bc->col == idcol)
            assert_string_equal(e.record_id, "");
        else
            assert_string_equal(e.record_id, base[idcol]);
        covered[bc->kind][bc->col] = true;
    }
    /* Every column of every kind has at least one reject case. */
    static const sl_kind kinds[] = {SL_KIND_BAG, SL_KIND_NCG, SL_KIND_IMG};
    for (size_t k = 0; k < N(kinds); k++) {
        size_t ncols;
        const sl_col *cols = cols_of(kinds[k], &ncols);
        for (size_t i = 0; i < ncols; i++)
            if (!covered[kinds[k]][cols[i]])
                fail_msg("%s: no reject case for %s", sl_kind_name(kinds[k]),
                         sl_col_name(cols[i]));
    }
}

/* The same single-column faults with the header reversed: still that column. */
static void order_of_columns_is_free(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(bad_cases); i++) {
        const bad_case *bc = &bad_cases[i];
        size_t ncols;
        const sl_col *cols = cols_of(bc->kind, &ncols);
        sl_col rev[SL_COL_COUNT];
        reverse_columns(cols, ncols, rev);
        row r;
        make_row(&r, rev, ncols, base_of(bc->kind), (int)bc->col, bc->value);
        anyrec out;
        sl_row_error e;
        assert_false(run_row(bc->kind, &r, &out, &e));
        if (e.col != bc->col)
            fail_msg("reversed case %zu: blamed %s: %s", i, sl_col_name(e.col), e.reason);
        assert_int_equal(e.field, r.h.col[bc->col]);
    }
}

static void first_problem_in_header_order(void **state)
{
    (void)state;
    const char *vals[SL_COL_COUNT];
    memcpy(vals, img_base, sizeof vals);
    vals[SL_COL_FASE] = "klaar";
    vals[SL_COL_URGENT] = "x";
    row r;
    sl_claim c;
    sl_row_error e;
    make_row(&r, img_cols, N(img_cols), vals, -1, NULL);
    assert_false(sl_row_claim(&r.h, r.f, r.n, &c, &e));
    assert_int_equal(e.col, SL_COL_FASE);
    sl_col rev[N(img_cols)];
    reverse_columns(img_cols, N(img_cols), rev);
    make_row(&r, rev, N(rev), vals, -1, NULL);
    assert_false(sl_row_claim(&r.h, r.f, r.n, &c, &e));
    assert_int_equal(e.col, SL_COL_URGENT);
}

static void field_count_must_match(void **state)
{
    (void)state;
    static const sl_kind kinds[] = {SL_KIND_BAG, SL_KIND_NCG, SL_KIND_IMG};
    static const char *const frag[] = {"rij heeft 13 velden, de kop heeft 14",
                                       "rij heeft 14 velden, de kop heeft 15",
                                       "rij heeft 14 velden, de kop heeft 15"};
    for (size_t k = 0; k < N(kinds); k++) {
        size_t ncols;
        const sl_col *cols = cols_of(kinds[k], &ncols);
        row r;
        make_row(&r, cols, ncols, base_of(kinds[k]), -1, NULL);
        anyrec out;
        sl_row_error e;
        r.n = ncols - 1;
        assert_false(run_row(kinds[k], &r, &out, &e));
        assert_int_equal(e.field, -1);
        assert_string_equal(e.reason, frag[k]);
        assert_true(e.record_id[0] != '\0'); /* the id column is the first one */
        r.n = ncols + 1;
        r.f[ncols] = fld("extra");
        assert_false(run_row(kinds[k], &r, &out, &e));
        assert_int_equal(e.field, -1);
        assert_non_null(strstr(e.reason, "de kop heeft"));
        r.n = 0;
        assert_false(run_row(kinds[k], &r, &out, &e));
        assert_int_equal(e.field, -1);
        assert_string_equal(e.record_id, "");
    }
}

static void wrong_kind_of_header(void **state)
{
    (void)state;
    row r;
    make_row(&r, img_cols, N(img_cols), img_base, -1, NULL);
    sl_trajectory t;
    sl_address a;
    sl_row_error e;
    assert_false(sl_row_trajectory(&r.h, r.f, r.n, &t, &e));
    assert_int_equal(e.field, -1);
    assert_false(sl_row_address(&r.h, r.f, r.n, &a, &e));
    assert_int_equal(e.field, -1);
    assert_false(sl_row_address(NULL, r.f, r.n, &a, &e));
}

/* Address references of trajectory and claim rows. */
static void address_reference_rules(void **state)
{
    (void)state;
    static const struct {
        const char *nad, *pc, *nr;
        bool ok;
        bool has_key;
        sl_col blamed;
        const char *frag;
    } cases[] = {
        {"0014200000123456", "9712AB", "12", true, true, 0, NULL},
        {"", "9712AB", "12", true, true, 0, NULL},
        {"0014200000123456", "", "", true, false, 0, NULL},
        {"0014200000123456", "9712AB", "", true, false, 0, NULL},
        {"0014200000123456", "", "12", true, false, 0, NULL},
        {"", "", "", false, false, SL_COL_POSTCODE, "geen adres"},
        {"", "", "12", false, false, SL_COL_POSTCODE, "geen adres"},
        {"", "9712AB", "", false, false, SL_COL_HUISNUMMER, "geen adres"},
        {"0014200000123456", "9712SA", "12", false, false, SL_COL_POSTCODE, "SA"},
        {"0014200000123456", "9712AB", "0", false, false, SL_COL_HUISNUMMER, "99999"},
        {"123", "9712AB", "12", false, false, SL_COL_NUMMERAANDUIDING_ID, "16 cijfers"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        for (int kind = SL_KIND_NCG; kind <= SL_KIND_IMG; kind++) {
            const char *vals[SL_COL_COUNT];
            memcpy(vals, base_of((sl_kind)kind), sizeof vals);
            vals[SL_COL_NUMMERAANDUIDING_ID] = cases[i].nad;
            vals[SL_COL_POSTCODE] = cases[i].pc;
            vals[SL_COL_HUISNUMMER] = cases[i].nr;
            vals[SL_COL_HUISLETTER] = "";
            size_t ncols;
            const sl_col *cols = cols_of((sl_kind)kind, &ncols);
            row r;
            make_row(&r, cols, ncols, vals, -1, NULL);
            anyrec out;
            sl_row_error e;
            bool ok = run_row((sl_kind)kind, &r, &out, &e);
            if (ok != cases[i].ok)
                fail_msg("case %zu kind %d: got %d (%s)", i, kind, ok, ok ? "" : e.reason);
            if (ok) {
                const sl_addr_ref *ref = kind == SL_KIND_NCG ? &out.t.adres : &out.c.adres;
                assert_int_equal(ref->has_key, cases[i].has_key);
                if (ref->has_key)
                    assert_string_equal(ref->key, "9712AB 12");
                else
                    assert_string_equal(ref->key, "");
                assert_true(ref->nummeraanduiding_id == (cases[i].nad[0] ? 14200000123456LL : 0));
            } else {
                assert_int_equal(e.col, cases[i].blamed);
                assert_int_equal(e.field, r.h.col[cases[i].blamed]);
                assert_non_null(strstr(e.reason, cases[i].frag));
            }
        }
    }
    /* Header with the id column only: an empty id leaves no address. */
    static const sl_col only_id[] = {SL_COL_IMG_ID, SL_COL_FASE, SL_COL_NUMMERAANDUIDING_ID};
    row r;
    make_row(&r, only_id, N(only_id), img_base, SL_COL_NUMMERAANDUIDING_ID, "");
    sl_claim c;
    sl_row_error e;
    assert_false(sl_row_claim(&r.h, r.f, r.n, &c, &e));
    assert_int_equal(e.col, SL_COL_NUMMERAANDUIDING_ID);
    assert_int_equal(e.field, 2);
    assert_string_equal(e.record_id, "IMG-2021-0042");
}

static void record_id_for_addresses_is_canonical(void **state)
{
    (void)state;
    const char *vals[SL_COL_COUNT];
    memcpy(vals, bag_base, sizeof vals);
    vals[SL_COL_NUMMERAANDUIDING_ID] = " 0014 2000 0012 3456 ";
    row r;
    make_row(&r, bag_cols, N(bag_cols), vals, SL_COL_POSTCODE, "9712SA");
    sl_address a;
    sl_row_error e;
    assert_false(sl_row_address(&r.h, r.f, r.n, &a, &e));
    assert_string_equal(e.record_id, "0014200000123456");
}

static void long_and_binary_values_are_quoted_safely(void **state)
{
    (void)state;
    char big[300];
    memset(big, 'k', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    static const char *const weird[] = {
        "kla\x01ar", "\xFF\xFE", "\xC3\xA9t\xC3\xA9", "\xE2\x82", "'; DROP TABLE --",
        "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
        "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
        "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9",
    };
    row r;
    sl_claim c;
    sl_row_error e;
    make_row(&r, img_cols, N(img_cols), img_base, SL_COL_FASE, big);
    assert_false(sl_row_claim(&r.h, r.f, r.n, &c, &e));
    assert_non_null(strstr(e.reason, "..."));
    assert_true(strlen(e.reason) < sizeof e.reason);
    for (size_t i = 0; i < N(weird); i++) {
        make_row(&r, img_cols, N(img_cols), img_base, SL_COL_FASE, weird[i]);
        assert_false(sl_row_claim(&r.h, r.f, r.n, &c, &e));
        /* Only printable ASCII or complete UTF-8 sequences in the reason. */
        const unsigned char *p = (const unsigned char *)e.reason;
        for (size_t k = 0; p[k];) {
            if (p[k] < 0x80) {
                assert_true(p[k] >= 0x20 && p[k] < 0x7F);
                k++;
                continue;
            }
            size_t need = p[k] >= 0xF0 ? 4 : p[k] >= 0xE0 ? 3 : 2;
            assert_true(p[k] >= 0xC2);
            for (size_t j = 1; j < need; j++)
                assert_int_equal(p[k + j] & 0xC0, 0x80);
            k += need;
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_of_kinds_and_columns),
        cmocka_unit_test(recognises_each_kind),
        cmocka_unit_test(messy_header_names),
        cmocka_unit_test(header_errors),
        cmocka_unit_test(header_limits),
        cmocka_unit_test(valid_address_row),
        cmocka_unit_test(address_optionals_empty_or_missing),
        cmocka_unit_test(valid_trajectory_row),
        cmocka_unit_test(trajectory_optionals_empty),
        cmocka_unit_test(valid_claim_row),
        cmocka_unit_test(messy_values_accepted),
        cmocka_unit_test(keys_agree_across_files),
        cmocka_unit_test(one_bad_column_is_named),
        cmocka_unit_test(order_of_columns_is_free),
        cmocka_unit_test(first_problem_in_header_order),
        cmocka_unit_test(field_count_must_match),
        cmocka_unit_test(wrong_kind_of_header),
        cmocka_unit_test(address_reference_rules),
        cmocka_unit_test(record_id_for_addresses_is_canonical),
        cmocka_unit_test(long_and_binary_values_are_quoted_safely),
    };
    return cmocka_run_group_tests(tests, setup_long_values, NULL);
}
