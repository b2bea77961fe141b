/*
 * fuzz_address.c - libFuzzer target for the field parsers: the input is cut
 * at '|' into parts that feed every parser, and each successful parse is
 * checked for the invariants the register depends on (normal forms are
 * fixed points, keys are bounded and terminated, formats re-parse).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/address.h"
#include "core/bag.h"
#include "core/date.h"
#include "core/values.h"
#include "core/vocab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond))                                                                     \
            __builtin_trap();                                                            \
    } while (0)

#define MAX_PARTS 8

static void check_postcode(const char *s, size_t len)
{
    char pc[SL_POSTCODE_CAP];
    const char *why = NULL;
    if (!sl_postcode_parse(s, len, pc, &why)) {
        CHECK(why && why[0]);
        return;
    }
    CHECK(strlen(pc) == 6);
    char again[SL_POSTCODE_CAP];
    CHECK(sl_postcode_parse(pc, 6, again, NULL));
    CHECK(memcmp(pc, again, SL_POSTCODE_CAP) == 0);
}

static void check_housenr(const char *const *part, const size_t *len)
{
    sl_housenr h;
    const char *why = NULL;
    int bad = -1;
    if (!sl_housenr_parse(part[0], len[0], part[1], len[1], part[2], len[2], &h, &why, &bad)) {
        CHECK(why && why[0] && bad >= 0 && bad <= 2);
        return;
    }
    CHECK(h.huisnummer >= 1 && h.huisnummer <= 99999);
    CHECK(strlen(h.huisletter) <= 1 && strlen(h.toevoeging) <= 4);
    /* The normal form is a fixed point. */
    char nr[8];
    int n = snprintf(nr, sizeof nr, "%d", (int)h.huisnummer);
    sl_housenr again;
    CHECK(sl_housenr_parse(nr, (size_t)n, h.huisletter, strlen(h.huisletter), h.toevoeging,
                           strlen(h.toevoeging), &again, NULL, NULL));
    CHECK(again.huisnummer == h.huisnummer && strcmp(again.huisletter, h.huisletter) == 0 &&
          strcmp(again.toevoeging, h.toevoeging) == 0);

    char pc[SL_POSTCODE_CAP];
    if (sl_postcode_parse(part[3], len[3], pc, NULL)) {
        char key[SL_ADDRKEY_CAP];
        memset(key, 'Z', sizeof key);
        size_t kl = sl_address_key(pc, &h, key);
        CHECK(kl < SL_ADDRKEY_CAP && memchr(key, '\0', sizeof key) && strlen(key) == kl);
        /* The suffix may move between columns without changing the key. */
        char joined[16];
        int jl = snprintf(joined, sizeof joined, "%s%s", h.huisletter, h.toevoeging);
        sl_housenr moved;
        if (jl > 0 && jl <= 4 &&
            sl_housenr_parse(nr, (size_t)n, NULL, 0, joined, (size_t)jl, &moved, NULL, NULL)) {
            char key2[SL_ADDRKEY_CAP];
            sl_address_key(pc, &moved, key2);
            CHECK(strcmp(key, key2) == 0);
        }
    }
}

static void check_bag(const char *s, size_t len)
{
    static const sl_bag_type types[] = {SL_BAG_NUMMERAANDUIDING, SL_BAG_VERBLIJFSOBJECT,
                                        SL_BAG_PAND};
    for (size_t t = 0; t < 3; t++) {
        int64_t id;
        const char *why = NULL;
        if (!sl_bag_parse(s, len, types[t], &id, &why)) {
            CHECK(why && why[0]);
            continue;
        }
        char buf[17];
        sl_bag_format(id, buf);
        CHECK(strlen(buf) == 16);
        int64_t again;
        CHECK(sl_bag_parse(buf, 16, types[t], &again, NULL) && again == id);
        CHECK(sl_bag_issuer(id) >= 1 && sl_bag_issuer(id) <= 9999);
    }
}

static void check_date(const char *s, size_t len)
{
    sl_date d;
    const char *why = NULL;
    if (!sl_date_parse(s, len, &d, &why)) {
        CHECK(why && why[0]);
        return;
    }
    char buf[11];
    sl_date_format(d, buf);
    CHECK(strlen(buf) == 10);
    sl_date again;
    CHECK(sl_date_parse(buf, 10, &again, NULL) && again == d);
    int y, m, dd;
    sl_date_to_ymd(d, &y, &m, &dd);
    CHECK(y >= 1800 && y <= 2200);
    /* the API's parser takes exactly what the writer writes, and nothing more */
    sl_date iso;
    CHECK(sl_date_parse_iso(buf, 10, &iso, NULL) && iso == d);
}

/* ISO-only is a subset of the delivery parser: never a date the other does not give. */
static void check_iso_date(const char *s, size_t len)
{
    sl_date d, same;
    const char *why = NULL;
    if (!sl_date_parse_iso(s, len, &d, &why)) {
        CHECK(why && why[0]);
        return;
    }
    CHECK(len == 10 && sl_date_parse(s, len, &same, NULL) && same == d);
}

static void check_values(const char *s, size_t len)
{
    const char *why = NULL;
    int64_t cents;
    if (sl_parse_amount(s, len, &cents, &why)) {
        CHECK(cents >= -100000000000000LL && cents <= 100000000000000LL);
        /* the API's text reads back as the same cents */
        char text[SL_AMOUNT_TEXT_CAP];
        size_t n = sl_format_amount(text, cents);
        int64_t back;
        CHECK(n < sizeof text && sl_parse_amount(text, n, &back, NULL) && back == cents);
    } else {
        CHECK(why && why[0]);
    }
    bool b;
    why = NULL;
    if (!sl_parse_bool(s, len, &b, &why))
        CHECK(why && why[0]);
    int64_t i;
    if (sl_parse_int(s, len, -1000, 1000, &i, NULL))
        CHECK(i >= -1000 && i <= 1000);
    double x;
    if (sl_parse_decimal(s, len, 0.0, 300000.0, &x, NULL))
        CHECK(x >= 0.0 && x <= 300000.0);
    char txt[81];
    why = NULL;
    if (sl_parse_text(s, len, txt, sizeof txt, &why)) {
        const char *t = s;
        size_t tl = len;
        sl_trim(&t, &tl);
        CHECK(strlen(txt) == tl && tl <= 80);
    } else {
        CHECK(why && why[0]);
    }
    sl_fase f;
    if (sl_fase_parse(s, len, &f))
        CHECK((unsigned)f < SL_FASE_COUNT);
    sl_stap st;
    if (sl_stap_parse(s, len, &st))
        CHECK((unsigned)st < SL_STAP_COUNT);
    sl_regeling r;
    if (sl_regeling_parse(s, len, &r))
        CHECK((unsigned)r < SL_REGELING_COUNT);
    sl_keuze k;
    if (sl_keuze_parse(s, len, &k))
        CHECK((unsigned)k < SL_KEUZE_COUNT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *part[MAX_PARTS];
    size_t len[MAX_PARTS];
    size_t np = 0, start = 0;
    const char *s = (const char *)data;
    for (size_t i = 0; i <= size && np < MAX_PARTS; i++) {
        if (i == size || data[i] == '|') {
            part[np] = s + start;
            len[np] = i - start;
            np++;
            start = i + 1;
        }
    }
    for (size_t i = np; i < MAX_PARTS; i++) {
        part[i] = NULL;
        len[i] = 0;
    }
    for (size_t i = 0; i < np; i++) {
        check_postcode(part[i], len[i]);
        check_bag(part[i], len[i]);
        check_date(part[i], len[i]);
        check_iso_date(part[i], len[i]);
        check_values(part[i], len[i]);
    }
    check_housenr(part, len);
    return 0;
}
