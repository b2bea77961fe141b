/*
 * csvout.c - buffered CSV row writer (see csvout.h).
 */
#include "gen/csvout.h"

#include <string.h>

void sl_csvout_init(sl_csvout *w, FILE *f, char delim, const char *eol)
{
    w->f = f;
    w->delim = delim;
    w->eol = eol;
    w->row_open = false;
    w->failed = false;
    w->n = 0;
}

static void drain(sl_csvout *w)
{
    if (w->n > 0 && !w->failed && fwrite(w->buf, 1, w->n, w->f) != w->n)
        w->failed = true;
    w->n = 0;
}

void sl_csvout_raw(sl_csvout *w, const char *s, size_t len)
{
    while (len > 0) {
        if (w->n == SL_CSVOUT_BUF)
            drain(w);
        size_t room = SL_CSVOUT_BUF - w->n;
        size_t k = len < room ? len : room;
        memcpy(w->buf + w->n, s, k);
        w->n += k;
        s += k;
        len -= k;
    }
}

static void put(sl_csvout *w, char c)
{
    if (w->n == SL_CSVOUT_BUF)
        drain(w);
    w->buf[w->n++] = c;
}

void sl_csvout_field(sl_csvout *w, const char *s, size_t len, unsigned deco)
{
    bool quote = (deco & SL_CSV_QUOTE) != 0;
    for (size_t i = 0; i < len && !quote; i++)
        if (s[i] == w->delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            quote = true;
    if (w->row_open)
        put(w, w->delim);
    w->row_open = true;
    if (quote)
        put(w, '"');
    if (deco & SL_CSV_PAD)
        put(w, ' ');
    if (quote) {
        size_t start = 0;
        for (size_t i = 0; i < len; i++) {
            if (s[i] == '"') {
                sl_csvout_raw(w, s + start, i + 1 - start); /* up to and incl. the quote */
                put(w, '"');
                start = i + 1;
            }
        }
        sl_csvout_raw(w, s + start, len - start);
    } else {
        sl_csvout_raw(w, s, len);
    }
    if (deco & SL_CSV_PAD)
        put(w, ' ');
    if (quote)
        put(w, '"');
}

void sl_csvout_end(sl_csvout *w)
{
    sl_csvout_raw(w, w->eol, strlen(w->eol));
    w->row_open = false;
}

int sl_csvout_flush(sl_csvout *w)
{
    drain(w);
    if (!w->failed && fflush(w->f) != 0)
        w->failed = true;
    return w->failed ? -1 : 0;
}
