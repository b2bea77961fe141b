/*
 * jsonw.c - writing JSON text straight into a growing buffer (see jsonw.h).
 */
#include "service/jsonw.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/values.h"

void sl_jw_init(sl_jw *w)
{
    memset(w, 0, sizeof *w);
    w->first[0] = true;
}

void sl_jw_discard(sl_jw *w)
{
    sl_free(w->buf);
    sl_jw_init(w);
}

char *sl_jw_finish(sl_jw *w, size_t *len)
{
    char *out = w->buf;
    bool ok = !w->oom && w->depth == 0 && out;
    if (ok)
        *len = w->len;
    else
        sl_free(out);
    sl_jw_init(w);
    return ok ? out : NULL;
}

static bool reserve(sl_jw *w, size_t n)
{
    if (w->oom)
        return false;
    if (w->len + n + 1 <= w->cap)
        return true;
    size_t ncap = w->cap ? w->cap : 2048;
    while (ncap < w->len + n + 1)
        ncap *= 2;
    char *nb = sl_realloc(w->buf, ncap);
    if (!nb) {
        w->oom = true;
        return false;
    }
    w->buf = nb;
    w->cap = ncap;
    return true;
}

static void put(sl_jw *w, const char *s, size_t n)
{
    if (!reserve(w, n))
        return;
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

static void putc_(sl_jw *w, char c)
{
    if (!reserve(w, 1))
        return;
    w->buf[w->len++] = c;
    w->buf[w->len] = '\0';
}

/* The comma before a value in an array or before a key in an object. */
static void separate(sl_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (!w->first[w->depth])
        putc_(w, ',');
    w->first[w->depth] = false;
}

static void open_(sl_jw *w, char c)
{
    separate(w);
    putc_(w, c);
    if (w->depth + 1 >= SL_JW_DEPTH) {
        w->oom = true; /* deeper than any response we write: refuse rather than corrupt */
        return;
    }
    w->first[++w->depth] = true;
}

static void close_(sl_jw *w, char c)
{
    putc_(w, c);
    if (w->depth > 0)
        w->depth--;
}

void sl_jw_object(sl_jw *w) { open_(w, '{'); }
void sl_jw_object_end(sl_jw *w) { close_(w, '}'); }
void sl_jw_array(sl_jw *w) { open_(w, '['); }
void sl_jw_array_end(sl_jw *w) { close_(w, ']'); }

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    unsigned cp = c & (0x3fu >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* A quoted string with JSON's escapes; bytes that are not UTF-8 become U+FFFD
 * (jansson refuses such a string outright; the register's texts are UTF-8). */
static void quoted(sl_jw *w, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    putc_(w, '"');
    while (*s) {
        const unsigned char *run = s;
        while (*s >= 0x20 && *s < 0x80 && *s != '"' && *s != '\\')
            s++;
        if (s > run)
            put(w, (const char *)run, (size_t)(s - run));
        if (!*s)
            break;
        if (*s >= 0x80) {
            size_t n = utf8_len(s);
            if (n) {
                put(w, (const char *)s, n);
                s += n;
            } else {
                put(w, "\xef\xbf\xbd", 3);
                s++;
            }
            continue;
        }
        char esc[8];
        switch (*s) {
        case '"': put(w, "\\\"", 2); break;
        case '\\': put(w, "\\\\", 2); break;
        case '\b': put(w, "\\b", 2); break;
        case '\f': put(w, "\\f", 2); break;
        case '\n': put(w, "\\n", 2); break;
        case '\r': put(w, "\\r", 2); break;
        case '\t': put(w, "\\t", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", (unsigned)*s);
            put(w, esc, 6);
        }
        s++;
    }
    putc_(w, '"');
}

void sl_jw_key(sl_jw *w, const char *key)
{
    separate(w);
    quoted(w, key);
    putc_(w, ':');
    w->after_key = true;
}

void sl_jw_string(sl_jw *w, const char *s)
{
    if (!s) {
        sl_jw_null(w);
        return;
    }
    separate(w);
    quoted(w, s);
}

void sl_jw_string_or_null(sl_jw *w, const char *s)
{
    if (s && *s)
        sl_jw_string(w, s);
    else
        sl_jw_null(w);
}

void sl_jw_int(sl_jw *w, int64_t v)
{
    char b[24];
    int n = snprintf(b, sizeof b, "%lld", (long long)v);
    separate(w);
    put(w, b, (size_t)n);
}

void sl_jw_amount(sl_jw *w, int64_t cents)
{
    char b[SL_AMOUNT_TEXT_CAP];
    sl_format_amount(b, cents);
    sl_jw_string(w, b);
}

json_t *sl_amount_json(int64_t cents)
{
    char b[SL_AMOUNT_TEXT_CAP];
    sl_format_amount(b, cents);
    return json_string(b);
}

void sl_jw_real(sl_jw *w, double v)
{
    /* jansson's format: 17 significant digits, and a whole number keeps ".0" */
    char b[40];
    int n = snprintf(b, sizeof b, "%.17g", v);
    if (n < 0 || (size_t)n >= sizeof b - 2) {
        sl_jw_null(w);
        return;
    }
    char *e = strchr(b, 'e');
    if (e) {
        /* jansson writes the exponent without "+" and leading zeros: 1e22, 1e-7 */
        char *src = e + 1, *dst = e + 1;
        if (*src == '+')
            src++;
        else if (*src == '-')
            *dst++ = *src++;
        while (*src == '0' && src[1])
            src++;
        memmove(dst, src, strlen(src) + 1);
        n = (int)strlen(b);
    } else if (!strpbrk(b, ".n")) { /* "n": nan and inf have no JSON form anyway */
        b[n++] = '.';
        b[n++] = '0';
        b[n] = '\0';
    }
    separate(w);
    put(w, b, (size_t)n);
}

void sl_jw_bool(sl_jw *w, bool v)
{
    separate(w);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void sl_jw_null(sl_jw *w)
{
    separate(w);
    put(w, "null", 4);
}

void sl_jw_json(sl_jw *w, const json_t *v)
{
    const char *key;
    json_t *item;
    size_t i;
    switch (v ? json_typeof(v) : JSON_NULL) {
    case JSON_OBJECT:
        sl_jw_object(w);
        json_object_foreach((json_t *)v, key, item) {
            sl_jw_key(w, key);
            sl_jw_json(w, item);
        }
        sl_jw_object_end(w);
        break;
    case JSON_ARRAY:
        sl_jw_array(w);
        json_array_foreach(v, i, item)
            sl_jw_json(w, item);
        sl_jw_array_end(w);
        break;
    case JSON_STRING: sl_jw_string(w, json_string_value(v)); break;
    case JSON_INTEGER: sl_jw_int(w, (int64_t)json_integer_value(v)); break;
    case JSON_REAL: sl_jw_real(w, json_real_value(v)); break;
    case JSON_TRUE: sl_jw_bool(w, true); break;
    case JSON_FALSE: sl_jw_bool(w, false); break;
    default: sl_jw_null(w);
    }
}
