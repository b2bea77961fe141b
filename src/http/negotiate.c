/*
 * negotiate.c - content negotiation and conditional requests (see negotiate.h).
 */
#include "http/negotiate.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "core/alloc.h"

bool sl_http_known_method(const char *method)
{
    static const char *const known[] = {"GET",     "HEAD",    "POST",  "PUT",   "DELETE",
                                        "CONNECT", "OPTIONS", "TRACE", "PATCH", NULL};
    for (const char *const *k = known; *k; k++)
        if (strcmp(*k, method) == 0)
            return true;
    return false;
}

/* One element of a comma-separated list: [s, *end) trimmed; its q (1 when absent). */
typedef struct list_item {
    const char *s;
    size_t n;  /* the value without parameters */
    double q;
} list_item;

/* The next item at *p, or false at the end of the list. */
static bool next_item(const char **p, list_item *it)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t' || *s == ',')
        s++;
    if (!*s)
        return false;
    const char *end = s + strcspn(s, ",");
    size_t n = strcspn(s, ";,");
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    it->s = s;
    it->n = n;
    it->q = 1;
    for (const char *par = s + strcspn(s, ";,"); par < end && *par == ';';) {
        par++;
        while (*par == ' ' || *par == '\t')
            par++;
        if ((par[0] == 'q' || par[0] == 'Q') && par[1] == '=')
            it->q = strtod(par + 2, NULL);
        par += strcspn(par, ";,");
    }
    *p = end;
    return true;
}

static bool item_is(const list_item *it, const char *value, size_t n)
{
    return it->n == n && strncasecmp(it->s, value, n) == 0;
}

/* Whether the media range in it covers type ("*" + "/" + "*", "application/" + "*", or exact). */
static bool range_covers(const list_item *it, const char *type)
{
    if (item_is(it, "*/*", 3) || item_is(it, type, strlen(type)))
        return true;
    const char *slash = strchr(type, '/');
    size_t major = (size_t)(slash - type);
    return it->n == major + 2 && strncasecmp(it->s, type, major + 1) == 0 &&
           it->s[major + 1] == '*';
}

bool sl_http_accepts(const char *accept, const char *const *types)
{
    if (!accept)
        return true;
    const char *p = accept;
    list_item it;
    bool any = false;
    while (next_item(&p, &it)) {
        any = true;
        if (it.q <= 0)
            continue;
        for (const char *const *t = types; *t; t++)
            if (range_covers(&it, *t))
                return true;
    }
    return !any; /* an empty Accept header asks for nothing in particular */
}

bool sl_http_accepts_gzip(const char *accept_encoding)
{
    if (!accept_encoding)
        return false;
    const char *p = accept_encoding;
    list_item it;
    while (next_item(&p, &it))
        if ((item_is(&it, "gzip", 4) || item_is(&it, "x-gzip", 6) || item_is(&it, "*", 1)) &&
            it.q > 0)
            return true;
    return false;
}

bool sl_http_compressible(const char *content_type)
{
    if (!content_type)
        return false;
    static const char *const kinds[] = {"text/", "application/json", "application/problem+json",
                                        "application/javascript", "application/yaml",
                                        "image/svg+xml", "application/manifest+json", NULL};
    for (const char *const *k = kinds; *k; k++)
        if (strncasecmp(content_type, *k, strlen(*k)) == 0)
            return true;
    return false;
}

bool sl_http_gzip(const char *in, size_t n, char **out, size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    z_stream z = {0};
    /* 15 window bits + 16: a gzip header and trailer instead of zlib's */
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    uLong cap = deflateBound(&z, (uLong)n);
    char *buf = sl_malloc(cap);
    if (!buf) {
        deflateEnd(&z);
        return false;
    }
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)buf;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    size_t produced = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        sl_free(buf);
        return false;
    }
    *out = buf;
    *outlen = produced;
    return true;
}

bool sl_http_none_match(const char *if_none_match, const char *etag)
{
    if (!if_none_match || !etag)
        return false;
    const char *p = if_none_match;
    list_item it;
    size_t n = strlen(etag);
    while (next_item(&p, &it)) {
        if (item_is(&it, "*", 1))
            return true;
        const char *s = it.s;
        size_t len = it.n;
        if (len > 2 && s[0] == 'W' && s[1] == '/') { /* weak comparison for GET */
            s += 2;
            len -= 2;
        }
        if (len == n && memcmp(s, etag, n) == 0)
            return true;
        /* the coded tag: the same representation before coding */
        size_t sn = sizeof SL_ETAG_GZIP - 1;
        if (len == n + sn && n >= 2 && memcmp(s, etag, n - 1) == 0 &&
            memcmp(s + n - 1, SL_ETAG_GZIP "\"", sn + 1) == 0)
            return true;
    }
    return false;
}

bool sl_http_etag_gzip(const char *etag, char *out, size_t cap)
{
    size_t n = strlen(etag);
    bool strong = n >= 2 && etag[0] == '"' && etag[n - 1] == '"';
    int w = strong ? snprintf(out, cap, "%.*s" SL_ETAG_GZIP "\"", (int)(n - 1), etag)
                   : snprintf(out, cap, "%s", etag);
    return w >= 0 && (size_t)w < cap;
}
