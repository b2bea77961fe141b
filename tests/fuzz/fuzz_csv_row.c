/*
 * fuzz_csv_row.c - libFuzzer target for the delivery path: bytes through
 * libcsv (as the importer tokenises them), the first record as a header,
 * every further record as a row of the recognised kind.
 *
 * Besides "no crash, no leak" it checks the contracts the importer relies
 * on: reasons and ids are terminated inside their buffers, the blamed field
 * exists, and an accepted record's key is terminated and bounded.
 */
#include <csv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/delivery.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond))                                                                     \
            __builtin_trap();                                                            \
    } while (0)

typedef struct collector {
    /* Fields of the current record, copied because libcsv reuses its buffer. */
    char **text;
    size_t *len;
    size_t n, cap;
    size_t records;
    bool have_header;
    sl_header h;
} collector;

static bool terminated(const char *s, size_t cap)
{
    return memchr(s, '\0', cap) != NULL;
}

static void on_field(void *s, size_t len, void *data)
{
    collector *c = data;
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 16;
        char **t = realloc(c->text, ncap * sizeof *t);
        if (!t)
            abort();
        c->text = t;
        size_t *l = realloc(c->len, ncap * sizeof *l);
        if (!l)
            abort();
        c->len = l;
        c->cap = ncap;
    }
    char *copy = malloc(len ? len : 1);
    if (!copy)
        abort();
    if (len)
        memcpy(copy, s, len);
    c->text[c->n] = copy;
    c->len[c->n] = len;
    c->n++;
}

static void check_error(const sl_row_error *e, size_t n)
{
    CHECK(terminated(e->reason, sizeof e->reason));
    CHECK(e->reason[0] != '\0');
    CHECK(terminated(e->record_id, sizeof e->record_id));
    CHECK(e->field >= -1 && (e->field == -1 || (size_t)e->field < n));
    if (e->field >= 0)
        CHECK((unsigned)e->col < SL_COL_COUNT);
}

static void check_ref(const sl_addr_ref *r)
{
    CHECK(terminated(r->key, sizeof r->key));
    CHECK(r->has_key == (r->key[0] != '\0'));
    CHECK(r->has_key || r->nummeraanduiding_id != 0);
}

static void on_record(int term, void *data)
{
    (void)term;
    collector *c = data;
    sl_field *f = calloc(c->n ? c->n : 1, sizeof *f);
    if (!f)
        abort();
    for (size_t i = 0; i < c->n; i++) {
        f[i].s = c->len[i] ? c->text[i] : NULL;
        f[i].len = c->len[i];
    }
    if (c->records++ == 0) {
        char err[200];
        c->have_header = sl_header_parse(f, c->n, &c->h, err, sizeof err);
        CHECK(terminated(err, sizeof err));
        if (!c->have_header)
            CHECK(err[0] != '\0');
        else
            CHECK(c->h.kind != SL_KIND_UNKNOWN && c->h.nfields == c->n);
    } else if (c->have_header) {
        sl_row_error e;
        switch (c->h.kind) {
        case SL_KIND_BAG: {
            sl_address a;
            if (sl_row_address(&c->h, f, c->n, &a, &e)) {
                CHECK(terminated(a.key, sizeof a.key) && a.key[0] != '\0');
                CHECK(a.nummeraanduiding_id > 0);
                CHECK(strlen(a.postcode) == 6 && strlen(a.gemeentecode) == 4);
            } else {
                check_error(&e, c->n);
            }
            break;
        }
        case SL_KIND_NCG: {
            sl_trajectory t;
            if (sl_row_trajectory(&c->h, f, c->n, &t, &e)) {
                CHECK(t.ncg_id[0] != '\0' && terminated(t.ncg_id, sizeof t.ncg_id));
                CHECK((unsigned)t.stap < SL_STAP_COUNT);
                check_ref(&t.adres);
            } else {
                check_error(&e, c->n);
            }
            break;
        }
        case SL_KIND_IMG: {
            sl_claim cl;
            if (sl_row_claim(&c->h, f, c->n, &cl, &e)) {
                CHECK(cl.img_id[0] != '\0' && terminated(cl.img_id, sizeof cl.img_id));
                CHECK((unsigned)cl.fase < SL_FASE_COUNT);
                check_ref(&cl.adres);
            } else {
                check_error(&e, c->n);
            }
            break;
        }
        default:
            CHECK(0);
        }
    }
    free(f);
    for (size_t i = 0; i < c->n; i++)
        free(c->text[i]);
    c->n = 0;
}

/* The delimiter is whichever of ',' and ';' occurs more in the first line. */
static unsigned char detect_delim(const uint8_t *data, size_t size)
{
    size_t commas = 0, semis = 0;
    for (size_t i = 0; i < size && data[i] != '\n'; i++) {
        commas += data[i] == ',';
        semis += data[i] == ';';
    }
    return semis > commas ? ';' : ',';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_parser p;
    if (csv_init(&p, 0) != 0)
        return 0;
    csv_set_delim(&p, detect_delim(data, size));
    collector c;
    memset(&c, 0, sizeof c);
    csv_parse(&p, data, size, on_field, on_record, &c);
    csv_fini(&p, on_field, on_record, &c);
    csv_free(&p);
    for (size_t i = 0; i < c.n; i++)
        free(c.text[i]);
    free(c.text);
    free(c.len);
    return 0;
}
