/*
 * address.c - postcode and house-number normalisation and the match key.
 *
 * The sources disagree on where a suffix goes (`12a` in huisnummer, `a` in
 * huisletter, or `A` in toevoeging), so parsing accepts all of them and the
 * key joins letter and toevoeging: equal addresses give equal keys.
 */
#include "core/address.h"

#include <string.h>

#include "core/values.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char to_upper(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static bool is_sep(char c)
{
    return c == ' ' || c == '-' || c == '/' || c == '.' || c == '\t';
}

bool sl_postcode_parse(const char *s, size_t len, char out[SL_POSTCODE_CAP],
                       const char **reason)
{
    const char *dummy;
    if (!reason)
        reason = &dummy;
    sl_trim(&s, &len);
    if (len == 0) {
        *reason = "postcode is leeg";
        return false;
    }
    char pc[SL_POSTCODE_CAP];
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t')
            continue; /* "9712 AB" and "9712  ab" */
        if (n >= SL_POSTCODE_CAP - 1) {
            *reason = "heeft niet de vorm 1234AB";
            return false;
        }
        pc[n++] = to_upper(c);
    }
    pc[n] = '\0';
    if (n != 6 || !is_digit(pc[0]) || !is_digit(pc[1]) || !is_digit(pc[2]) ||
        !is_digit(pc[3]) || pc[4] < 'A' || pc[4] > 'Z' || pc[5] < 'A' || pc[5] > 'Z') {
        *reason = "heeft niet de vorm 1234AB";
        return false;
    }
    if (pc[0] == '0') {
        *reason = "bestaat niet (een postcode begint niet met 0)";
        return false;
    }
    if (pc[4] == 'S' && (pc[5] == 'A' || pc[5] == 'D' || pc[5] == 'S')) {
        *reason = "bestaat niet (SA, SD en SS worden niet uitgegeven)";
        return false;
    }
    memcpy(out, pc, SL_POSTCODE_CAP);
    return true;
}

/*
 * Compacts a suffix into dst: separators dropped, letters upper-cased.
 * Returns the length, or -1 when a character is not a letter or digit and
 * -2 when more than `max` characters remain.
 */
static int compact_suffix(const char *s, size_t len, char *dst, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (is_sep(c))
            continue;
        if (!is_alpha(c) && !is_digit(c))
            return -1;
        if (n >= max)
            return -2;
        dst[n++] = to_upper(c);
    }
    dst[n] = '\0';
    return (int)n;
}

bool sl_housenr_parse(const char *nr, size_t nr_len, const char *letter, size_t letter_len,
                      const char *toev, size_t toev_len, sl_housenr *out,
                      const char **reason, int *bad_part)
{
    const char *dummy;
    int dummy_part;
    if (!reason)
        reason = &dummy;
    if (!bad_part)
        bad_part = &dummy_part;
    *bad_part = 0;
    sl_housenr h;
    memset(&h, 0, sizeof h);

    /* The letter and toevoeging columns first: the number's suffix may fill them. */
    sl_trim(&letter, &letter_len);
    if (letter_len > 0) {
        if (letter_len != 1 || !is_alpha(letter[0])) {
            *bad_part = 1;
            *reason = "huisletter moet precies één letter zijn";
            return false;
        }
        h.huisletter[0] = to_upper(letter[0]);
    }
    sl_trim(&toev, &toev_len);
    if (toev_len > 0) {
        int r = compact_suffix(toev, toev_len, h.toevoeging, SL_TOEVOEGING_CAP - 1);
        if (r < 0) {
            *bad_part = 2;
            *reason = r == -1 ? "toevoeging mag alleen letters en cijfers bevatten"
                              : "toevoeging mag hoogstens 4 tekens hebben";
            return false;
        }
    }

    sl_trim(&nr, &nr_len);
    if (nr_len == 0) {
        *reason = "huisnummer is leeg";
        return false;
    }
    size_t i = 0;
    int64_t v = 0;
    while (i < nr_len && is_digit(nr[i])) {
        if (v > 99999) {
            *reason = "huisnummer moet tussen 1 en 99999 liggen";
            return false;
        }
        v = v * 10 + (nr[i] - '0');
        i++;
    }
    if (i == 0) {
        *reason = "huisnummer moet met een getal beginnen";
        return false;
    }
    if (v < 1 || v > 99999) {
        *reason = "huisnummer moet tussen 1 en 99999 liggen";
        return false;
    }
    h.huisnummer = (int32_t)v;

    if (i < nr_len) {
        char suf[SL_TOEVOEGING_CAP] = {0}; /* zeros after the NUL keep records comparable */
        int r = compact_suffix(nr + i, nr_len - i, suf, SL_TOEVOEGING_CAP - 1);
        if (r == -1) {
            *reason = "huisnummer heeft een achtervoegsel met ongeldige tekens";
            return false;
        }
        if (r == -2) {
            *reason = "achtervoegsel van het huisnummer is langer dan 4 tekens";
            return false;
        }
        if (r == 1 && is_alpha(suf[0])) {
            /* A repeated letter ("12a" with huisletter "a") is not a conflict. */
            if (h.huisletter[0] != '\0' && h.huisletter[0] != suf[0]) {
                *reason = "huisnummer heeft een letter, maar de kolom huisletter is al gevuld";
                return false;
            }
            h.huisletter[0] = suf[0];
            h.huisletter[1] = '\0';
        } else if (r > 0) {
            if (h.toevoeging[0] != '\0' && strcmp(h.toevoeging, suf) != 0) {
                *reason = "huisnummer heeft een toevoeging, maar de kolom toevoeging is al gevuld";
                return false;
            }
            memcpy(h.toevoeging, suf, sizeof suf);
        }
    }
    if (out)
        *out = h;
    return true;
}

size_t sl_address_key(const char postcode[SL_POSTCODE_CAP], const sl_housenr *h,
                      char buf[SL_ADDRKEY_CAP])
{
    /* By hand, not snprintf: every row of every delivery has its key made.
     * Bounded copies: the inputs are trusted to be parsed, not to be terminated.
     * The longest key, "9712AB 99999 A1234", fits SL_ADDRKEY_CAP with room. */
    _Static_assert(SL_POSTCODE_CAP - 1 + 1 + 5 + 1 + SL_HUISLETTER_CAP - 1 + SL_TOEVOEGING_CAP -
                           1 < SL_ADDRKEY_CAP,
                   "the longest key fits");
    size_t n = strnlen(postcode, SL_POSTCODE_CAP - 1);
    memcpy(buf, postcode, n);
    buf[n++] = ' ';
    int32_t nr = h->huisnummer;
    if (nr < 0 || nr > 99999)
        nr = 0;
    n += sl_format_uint(buf + n, (uint64_t)nr, 0);
    size_t let = strnlen(h->huisletter, SL_HUISLETTER_CAP - 1);
    size_t toe = strnlen(h->toevoeging, SL_TOEVOEGING_CAP - 1);
    if (let || toe) {
        buf[n++] = ' ';
        memcpy(buf + n, h->huisletter, let);
        n += let;
        memcpy(buf + n, h->toevoeging, toe);
        n += toe;
    }
    buf[n] = '\0';
    return n;
}
