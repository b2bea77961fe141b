/*
 * values.c - scalar field parsers for delivery rows.
 *
 * Deliveries come from spreadsheets and several source systems, so the same
 * value arrives in several spellings (decimal comma, "ja"/"true"/"1", a euro
 * sign). Everything here is byte-based and ASCII-only on purpose: the C
 * library's ctype and strtod depend on the locale, which a server must not.
 */
#include "core/values.h"

#include <string.h>

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static unsigned char to_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

void sl_trim(const char **s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)*s;
    size_t n = *len;
    if (!p) {
        *len = 0;
        return;
    }
    for (;;) {
        if (n > 0 && is_space(p[0])) {
            p++;
            n--;
        } else if (n > 1 && p[0] == 0xC2 && p[1] == 0xA0) { /* no-break space */
            p += 2;
            n -= 2;
        } else {
            break;
        }
    }
    for (;;) {
        if (n > 0 && is_space(p[n - 1]))
            n--;
        else if (n > 1 && p[n - 2] == 0xC2 && p[n - 1] == 0xA0)
            n -= 2;
        else
            break;
    }
    *s = (const char *)p;
    *len = n;
}

/* Case-insensitive comparison of (s, len) with a lower-case literal. */
static bool eq_word(const char *s, size_t len, const char *word)
{
    size_t wl = strlen(word);
    if (len != wl)
        return false;
    for (size_t i = 0; i < len; i++)
        if (to_lower((unsigned char)s[i]) != (unsigned char)word[i])
            return false;
    return true;
}

bool sl_parse_bool(const char *s, size_t len, bool *out, const char **reason)
{
    static const char *const yes[] = {"ja", "j", "true", "yes", "y", "1", "waar"};
    static const char *const no[] = {"nee", "n", "false", "no", "0", "onwaar"};
    const char *dummy;
    if (!reason)
        reason = &dummy;
    sl_trim(&s, &len);
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (eq_word(s, len, yes[i])) {
            if (out)
                *out = true;
            return true;
        }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (eq_word(s, len, no[i])) {
            if (out)
                *out = false;
            return true;
        }
    *reason = len == 0 ? "waarde is leeg" : "verwacht ja of nee (ook true/false, 1/0)";
    return false;
}

/* Strips a leading or trailing currency mark: the euro sign or "EUR". */
static void strip_currency(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    if (n >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x82 &&
        (unsigned char)p[2] == 0xAC) {
        p += 3;
        n -= 3;
    } else if (n >= 3 && eq_word(p, 3, "eur")) {
        p += 3;
        n -= 3;
    } else if (n >= 3 && (unsigned char)p[n - 3] == 0xE2 && (unsigned char)p[n - 2] == 0x82 &&
               (unsigned char)p[n - 1] == 0xAC) {
        n -= 3;
    } else if (n >= 3 && eq_word(p + n - 3, 3, "eur")) {
        n -= 3;
    }
    sl_trim(&p, &n);
    *s = p;
    *len = n;
}

#define AMOUNT_MAX_CENTS 100000000000000LL /* 10^12 euros */

bool sl_parse_amount(const char *s, size_t len, int64_t *cents, const char **reason)
{
    const char *dummy;
    if (!reason)
        reason = &dummy;
    sl_trim(&s, &len);
    if (len == 0) {
        *reason = "bedrag is leeg";
        return false;
    }
    bool neg = false, has_sign = false;
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        has_sign = true;
        s++;
        len--;
        sl_trim(&s, &len);
    }
    strip_currency(&s, &len);
    if (len > 0 && (s[0] == '-' || s[0] == '+')) { /* "€ -12,50" */
        if (has_sign) {
            *reason = "bedrag heeft twee tekens";
            return false;
        }
        neg = s[0] == '-';
        s++;
        len--;
    }
    if (len == 0) {
        *reason = "bedrag bevat geen cijfers";
        return false;
    }

    /* Count separators and remember the last one of each kind. */
    size_t ndot = 0, ncomma = 0, lastdot = 0, lastcomma = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            ndot++;
            lastdot = i;
        } else if (c == ',') {
            ncomma++;
            lastcomma = i;
        } else if (!is_digit(c)) {
            *reason = "bedrag bevat een teken dat geen cijfer is";
            return false;
        }
    }
    char dec = 0, thou = 0;
    size_t decpos = len;
    if (ndot && ncomma) {
        bool dot_last = lastdot > lastcomma;
        dec = dot_last ? '.' : ',';
        thou = dot_last ? ',' : '.';
        if ((dot_last ? ndot : ncomma) != 1) {
            *reason = "bedrag heeft meer dan één decimaalteken";
            return false;
        }
        decpos = dot_last ? lastdot : lastcomma;
    } else if (ndot + ncomma > 1) {
        thou = ndot ? '.' : ',';
    } else if (ndot + ncomma == 1) {
        dec = ndot ? '.' : ',';
        decpos = ndot ? lastdot : lastcomma;
        if (len - decpos - 1 == 3) {
            /* "1.234" is 1234 to one writer and 1,234 to another: refuse. */
            *reason = "dubbelzinnig bedrag: gebruik twee decimalen of geen duizendtalpunt";
            return false;
        }
    }
    (void)dec;

    /* Integer part: digit groups, thousands-separated groups have 3 digits. */
    int64_t whole = 0;
    size_t group = 0, ngroups = 0;
    bool any = false;
    for (size_t i = 0; i < decpos; i++) {
        char c = s[i];
        if (thou && c == thou) {
            if (group == 0 || (ngroups == 0 && group > 3) || (ngroups > 0 && group != 3)) {
                *reason = "duizendtallen moeten groepen van drie cijfers zijn";
                return false;
            }
            ngroups++;
            group = 0;
            continue;
        }
        if (whole > AMOUNT_MAX_CENTS / 100) {
            *reason = "bedrag is te groot";
            return false;
        }
        whole = whole * 10 + (c - '0');
        group++;
        any = true;
    }
    if (thou && ngroups > 0 && group != 3) {
        *reason = "duizendtallen moeten groepen van drie cijfers zijn";
        return false;
    }
    if (!any) {
        *reason = "bedrag heeft geen cijfers voor het decimaalteken";
        return false;
    }
    int64_t frac = 0;
    if (decpos < len) {
        size_t nd = len - decpos - 1;
        if (nd == 0) {
            *reason = "bedrag heeft geen cijfers na het decimaalteken";
            return false;
        }
        if (nd > 2) {
            *reason = "bedrag heeft meer dan twee decimalen";
            return false;
        }
        frac = (s[decpos + 1] - '0') * 10;
        if (nd == 2)
            frac += s[decpos + 2] - '0';
    }
    if (whole > AMOUNT_MAX_CENTS / 100) {
        *reason = "bedrag is te groot";
        return false;
    }
    int64_t v = whole * 100 + frac;
    if (v > AMOUNT_MAX_CENTS) {
        *reason = "bedrag is te groot";
        return false;
    }
    if (cents)
        *cents = neg ? -v : v;
    return true;
}

bool sl_parse_int(const char *s, size_t len, int64_t min, int64_t max, int64_t *out,
                  const char **reason)
{
    const char *dummy;
    if (!reason)
        reason = &dummy;
    sl_trim(&s, &len);
    if (len == 0) {
        *reason = "getal is leeg";
        return false;
    }
    size_t i = 0;
    bool neg = false;
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        i++;
    }
    if (i == len) {
        *reason = "geen geheel getal";
        return false;
    }
    /* Accumulate as a negative number: its range includes INT64_MIN. */
    int64_t v = 0;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!is_digit(c)) {
            *reason = "geen geheel getal";
            return false;
        }
        int dgt = c - '0';
        if (v < (INT64_MIN + dgt) / 10) {
            *reason = "getal valt buiten het toegestane bereik";
            return false;
        }
        v = v * 10 - dgt;
    }
    if (!neg) {
        if (v == INT64_MIN) {
            *reason = "getal valt buiten het toegestane bereik";
            return false;
        }
        v = -v;
    }
    if (v < min || v > max) {
        *reason = "getal valt buiten het toegestane bereik";
        return false;
    }
    if (out)
        *out = v;
    return true;
}

bool sl_parse_decimal(const char *s, size_t len, double min, double max, double *out,
                      const char **reason)
{
    const char *dummy;
    if (!reason)
        reason = &dummy;
    sl_trim(&s, &len);
    if (len == 0) {
        *reason = "getal is leeg";
        return false;
    }
    size_t i = 0;
    bool neg = false;
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        i++;
    }
    /*
     * Mantissa and power of ten as integers, then one division: exact for
     * up to 15 significant digits, and free of the locale's decimal point.
     */
    int64_t mant = 0;
    int ndig = 0, nint = 0, nfrac = 0, scale = 0;
    bool sep = false;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.' || c == ',') {
            if (sep) {
                *reason = "getal heeft meer dan één decimaalteken";
                return false;
            }
            sep = true;
            continue;
        }
        if (!is_digit(c)) {
            *reason = "geen getal";
            return false;
        }
        if (sep)
            nfrac++;
        else
            nint++;
        if (mant == 0 && c == '0' && !sep)
            continue; /* leading zeros carry nothing */
        if (ndig >= 15) {
            if (!sep) {
                *reason = "getal valt buiten het toegestane bereik";
                return false;
            }
            continue; /* further decimals are below double precision anyway */
        }
        mant = mant * 10 + (c - '0');
        ndig++;
        if (sep)
            scale++;
    }
    if (nint == 0 || (sep && nfrac == 0)) {
        *reason = "geen getal";
        return false;
    }
    static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    double v = (double)mant / p10[scale];
    if (neg)
        v = -v;
    if (!(v >= min && v <= max)) {
        *reason = "getal valt buiten het toegestane bereik";
        return false;
    }
    if (out)
        *out = v;
    return true;
}

/* Length of one valid UTF-8 sequence at p (n bytes left), 0 when invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t need;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < need)
        return 0;
    for (size_t k = 1; k < need; k++) {
        if ((p[k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0; /* overlong, out of range, or a surrogate */
    if (cp >= 0x80 && cp <= 0x9F)
        return 0; /* C1 control characters are never meant as text */
    return need;
}

bool sl_parse_text(const char *s, size_t len, char *dst, size_t cap, const char **reason)
{
    const char *dummy;
    if (!reason)
        reason = &dummy;
    if (!dst || cap == 0) {
        *reason = "geen ruimte voor tekst";
        return false;
    }
    dst[0] = '\0';
    sl_trim(&s, &len);
    if (len > cap - 1) {
        *reason = "tekst is te lang";
        return false;
    }
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        if (p[i] < 0x20 || p[i] == 0x7F) {
            *reason = "tekst bevat een stuurteken";
            return false;
        }
        size_t k = utf8_seq(p + i, len - i);
        if (k == 0) {
            *reason = "tekst is geen geldige UTF-8";
            return false;
        }
        i += k;
    }
    if (len)
        memcpy(dst, s, len);
    dst[len] = '\0';
    return true;
}

size_t sl_format_uint(char *dst, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (n < width && n < (int)sizeof tmp)
        tmp[n++] = '0';
    for (int i = 0; i < n; i++)
        dst[i] = tmp[n - 1 - i];
    dst[n] = '\0';
    return (size_t)n;
}

size_t sl_format_amount(char dst[SL_AMOUNT_TEXT_CAP], int64_t cents)
{
    /* the magnitude as unsigned: -INT64_MIN does not fit an int64_t */
    uint64_t mag = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    size_t n = 0;
    if (cents < 0)
        dst[n++] = '-';
    n += sl_format_uint(dst + n, mag / 100, 1);
    dst[n++] = '.';
    n += sl_format_uint(dst + n, mag % 100, 2);
    return n;
}
