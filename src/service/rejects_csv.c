/*
 * rejects_csv.c - a delivery's CSV reports, written once (rejects_csv.h).
 */
#include "service/rejects_csv.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"

void sl_csv_free(sl_csv *c)
{
    sl_free(c->data);
    c->data = NULL;
    c->len = c->cap = 0;
}

/* Room for n more bytes; false (and nomem) when there is none. */
static bool reserve(sl_csv *c, size_t n)
{
    if (c->nomem)
        return false;
    if (c->len + n <= c->cap)
        return true;
    size_t ncap = (c->cap + n) * 2;
    char *d = sl_realloc(c->data, ncap);
    if (!d) {
        c->nomem = true;
        return false;
    }
    c->data = d;
    c->cap = ncap;
    return true;
}

void sl_csv_cell(sl_csv *c, const char *s, bool last)
{
    s = s ? s : "";
    if (!reserve(c, 2 * strlen(s) + 4))
        return;
    bool quote = strpbrk(s, ";\"\r\n") != NULL;
    if (quote)
        c->data[c->len++] = '"';
    for (; *s; s++) {
        if (*s == '"')
            c->data[c->len++] = '"';
        c->data[c->len++] = *s;
    }
    if (quote)
        c->data[c->len++] = '"';
    if (last) {
        c->data[c->len++] = '\r';
        c->data[c->len++] = '\n';
    } else {
        c->data[c->len++] = ';';
    }
}

const char *sl_delivery_base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path ? path : "";
}

void sl_rejects_csv_head(sl_csv *c)
{
    /* the byte order mark first: a spreadsheet then reads é and ë as written */
    if (reserve(c, 3)) {
        memcpy(c->data + c->len, "\xef\xbb\xbf", 3);
        c->len += 3;
    }
    sl_csv_cell(c, "bestand", false);
    sl_csv_cell(c, "regel", false);
    sl_csv_cell(c, "kolom", false);
    sl_csv_cell(c, "reden", false);
    sl_csv_cell(c, "rij", true);
}

void sl_rejects_csv_row(sl_csv *c, const char *bestand, int64_t line, const char *column,
                        const char *reason, const char *row)
{
    char num[24];
    snprintf(num, sizeof num, "%" PRId64, line);
    sl_csv_cell(c, sl_delivery_base_name(bestand), false);
    sl_csv_cell(c, num, false);
    sl_csv_cell(c, column, false);
    sl_csv_cell(c, reason, false);
    sl_csv_cell(c, row, true);
}

typedef struct rows_ctx {
    sl_csv *c;
    const char *bestand;
} rows_ctx;

static bool add_row(void *p, int64_t line, const char *column, const char *reason,
                    const char *row)
{
    rows_ctx *r = p;
    sl_rejects_csv_row(r->c, r->bestand, line, column, reason, row);
    return !r->c->nomem;
}

bool sl_rejects_csv_rows(sl_store *st, int64_t id, sl_csv *c)
{
    sl_delivery_row d;
    bool found = false;
    if (!sl_store_delivery_get(st, id, &d, &found))
        return false;
    if (!found)
        return true;
    rows_ctx r = {c, d.bestand};
    return sl_store_rejects_of(st, id, add_row, &r) || c->nomem;
}

sl_outcome sl_delivery_rejects_csv(sl_store *st, const sl_delivery_caller *who, int64_t id,
                                   sl_delivery_row *out, sl_csv *c, char *err, size_t errcap)
{
    sl_outcome r = sl_delivery_find(st, who, id, out, err, errcap);
    if (r != SL_OK)
        return r;
    sl_rejects_csv_head(c);
    if (!sl_rejects_csv_rows(st, id, c)) {
        snprintf(err, errcap, "%s", sl_store_errmsg(st));
        return SL_ERROR;
    }
    if (c->nomem) {
        snprintf(err, errcap, "onvoldoende geheugen");
        return SL_ERROR;
    }
    return SL_OK;
}
