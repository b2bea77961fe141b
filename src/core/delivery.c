/*
 * delivery.c - header recognition and row validation for the three delivery
 * files of SPEC §5.
 *
 * Every reject must let a data steward fix the source without reading code:
 * it names one column and says in Dutch what is wrong, quoting the value
 * when it is short. The importer also needs the row's own id even when some
 * other column is bad, so that a rejected row is not mistaken for a record
 * that disappeared from the snapshot; that is why the id is read first.
 */
#include "core/delivery.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/bag.h"
#include "core/values.h"

/* ---- names ---------------------------------------------------------------- */

const char *sl_kind_name(sl_kind k)
{
    switch (k) {
    case SL_KIND_BAG:
        return "bag_adressen";
    case SL_KIND_NCG:
        return "ncg_trajecten";
    case SL_KIND_IMG:
        return "img_schades";
    default:
        return "onbekend";
    }
}

static const char *const col_names[SL_COL_COUNT] = {
    [SL_COL_NUMMERAANDUIDING_ID] = "nummeraanduiding_id",
    [SL_COL_VERBLIJFSOBJECT_ID] = "verblijfsobject_id",
    [SL_COL_PAND_ID] = "pand_id",
    [SL_COL_STRAAT] = "straat",
    [SL_COL_HUISNUMMER] = "huisnummer",
    [SL_COL_HUISLETTER] = "huisletter",
    [SL_COL_TOEVOEGING] = "toevoeging",
    [SL_COL_POSTCODE] = "postcode",
    [SL_COL_WOONPLAATS] = "woonplaats",
    [SL_COL_GEMEENTECODE] = "gemeentecode",
    [SL_COL_X] = "x",
    [SL_COL_Y] = "y",
    [SL_COL_BOUWJAAR] = "bouwjaar",
    [SL_COL_KERN] = "kern",
    [SL_COL_NCG_ID] = "ncg_id",
    [SL_COL_STAP] = "stap",
    [SL_COL_STAP_SINDS] = "stap_sinds",
    [SL_COL_RISICOPROFIEL] = "risicoprofiel",
    [SL_COL_BATCH] = "batch",
    [SL_COL_PROGRAMMA] = "programma",
    [SL_COL_BIJZONDERE_SITUATIE] = "bijzondere_situatie",
    [SL_COL_KEUZE_BEWONER] = "keuze_bewoner",
    [SL_COL_BEWONERSBEGELEIDER] = "bewonersbegeleider",
    [SL_COL_AANNEMERSOVEREENKOMST] = "aannemersovereenkomst",
    [SL_COL_IMG_ID] = "img_id",
    [SL_COL_REGELING] = "regeling",
    [SL_COL_FASE] = "fase",
    [SL_COL_FASE_SINDS] = "fase_sinds",
    [SL_COL_ONTVANGEN_OP] = "ontvangen_op",
    [SL_COL_URGENT] = "urgent",
    [SL_COL_AOS] = "aos",
    [SL_COL_AOS_GEGROND] = "aos_gegrond",
    [SL_COL_ZAAKBEGELEIDER] = "zaakbegeleider",
    [SL_COL_BESLUIT_BEDRAG] = "besluit_bedrag",
};

const char *sl_col_name(sl_col c)
{
    return (unsigned)c < SL_COL_COUNT ? col_names[c] : "";
}

/* Which delivery kinds know a column (bit 1 << kind). */
#define K_BAG (1u << SL_KIND_BAG)
#define K_NCG (1u << SL_KIND_NCG)
#define K_IMG (1u << SL_KIND_IMG)
#define K_ADDR (K_BAG | K_NCG | K_IMG)

static const unsigned col_kinds[SL_COL_COUNT] = {
    [SL_COL_NUMMERAANDUIDING_ID] = K_ADDR, [SL_COL_VERBLIJFSOBJECT_ID] = K_BAG,
    [SL_COL_PAND_ID] = K_BAG,              [SL_COL_STRAAT] = K_BAG,
    [SL_COL_HUISNUMMER] = K_ADDR,          [SL_COL_HUISLETTER] = K_ADDR,
    [SL_COL_TOEVOEGING] = K_ADDR,          [SL_COL_POSTCODE] = K_ADDR,
    [SL_COL_WOONPLAATS] = K_BAG,           [SL_COL_GEMEENTECODE] = K_BAG,
    [SL_COL_X] = K_BAG,                    [SL_COL_Y] = K_BAG,
    [SL_COL_BOUWJAAR] = K_BAG,             [SL_COL_KERN] = K_BAG,
    [SL_COL_NCG_ID] = K_NCG,               [SL_COL_STAP] = K_NCG,
    [SL_COL_STAP_SINDS] = K_NCG,           [SL_COL_RISICOPROFIEL] = K_NCG,
    [SL_COL_BATCH] = K_NCG,                [SL_COL_PROGRAMMA] = K_NCG,
    [SL_COL_BIJZONDERE_SITUATIE] = K_NCG,  [SL_COL_KEUZE_BEWONER] = K_NCG,
    [SL_COL_BEWONERSBEGELEIDER] = K_NCG,   [SL_COL_AANNEMERSOVEREENKOMST] = K_NCG,
    [SL_COL_IMG_ID] = K_IMG,               [SL_COL_REGELING] = K_IMG,
    [SL_COL_FASE] = K_IMG,                 [SL_COL_FASE_SINDS] = K_IMG,
    [SL_COL_ONTVANGEN_OP] = K_IMG,         [SL_COL_URGENT] = K_IMG,
    [SL_COL_AOS] = K_IMG,                  [SL_COL_AOS_GEGROND] = K_IMG,
    [SL_COL_ZAAKBEGELEIDER] = K_IMG,       [SL_COL_BESLUIT_BEDRAG] = K_IMG,
};

/* ---- small helpers ---------------------------------------------------------- */

/* Drops a UTF-8 sequence cut off at the end of buf (after snprintf truncation). */
static void fix_utf8_tail(char *buf)
{
    size_t n = strlen(buf);
    size_t i = n;
    while (i > 0 && ((unsigned char)buf[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0 || (unsigned char)buf[i - 1] < 0xC0)
        return; /* ends in ASCII or in stray continuation bytes we never write */
    unsigned char lead = (unsigned char)buf[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (n - (i - 1) < need)
        buf[i - 1] = '\0';
}

static void put_msg(char *dst, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void put_msg(char *dst, size_t cap, const char *fmt, ...)
{
    if (!dst || cap == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(dst, cap, fmt, ap);
    va_end(ap);
    if (r < 0)
        dst[0] = '\0';
    else if ((size_t)r >= cap)
        fix_utf8_tail(dst);
}

#define SHOW_MAX 40
#define SHOW_CAP (SHOW_MAX + 4)

/*
 * A delivered value made safe to quote in a reason: printable ASCII and
 * well-formed UTF-8 kept, anything else shown as '?', long values cut with "...".
 */
static const char *show(const char *s, size_t len, char buf[SHOW_CAP])
{
    size_t o = 0, i = 0;
    if (!s)
        len = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t k = 1;
        if (c >= 0xC2 && c <= 0xF4) {
            k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (i + k > len)
                k = 0;
            for (size_t j = 1; k && j < k; j++)
                if (((unsigned char)s[i + j] & 0xC0) != 0x80)
                    k = 0;
        } else if (c < 0x20 || c >= 0x7F) {
            k = 0;
        }
        size_t w = k ? k : 1;
        if (o + w > SHOW_MAX) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        if (k) {
            memcpy(buf + o, s + i, k);
            i += k;
        } else {
            buf[o] = '?';
            i++;
        }
        o += w;
    }
    buf[o] = '\0';
    return buf;
}

/* ---- header ------------------------------------------------------------------ */

#define NAME_CAP 64

/* Header name as compared: BOM and spaces gone, lower case, ' ' and '-' as '_'. */
static void norm_name(const char *s, size_t len, bool first, char out[NAME_CAP])
{
    if (!s)
        len = 0;
    if (first && len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
        (unsigned char)s[2] == 0xBF) {
        s += 3;
        len -= 3;
    }
    sl_trim(&s, &len);
    if (len >= NAME_CAP) {
        out[0] = '\0'; /* too long to be any column name */
        return;
    }
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (c == ' ' || c == '-')
            c = '_';
        out[i] = c;
    }
    out[len] = '\0';
}

static int find_col(const char *name)
{
    if (!name[0])
        return -1;
    for (int c = 0; c < SL_COL_COUNT; c++)
        if (strcmp(col_names[c], name) == 0)
            return c;
    return -1;
}

bool sl_header_parse(const sl_field *names, size_t n, sl_header *h, char *err, size_t errcap)
{
    sl_header tmp;
    if (!h)
        h = &tmp;
    memset(h, 0, sizeof *h);
    h->kind = SL_KIND_UNKNOWN;
    for (int c = 0; c < SL_COL_COUNT; c++)
        h->col[c] = -1;
    if (err && errcap)
        err[0] = '\0';

    if (n == 0 || !names) {
        put_msg(err, errcap, "de kop is leeg");
        return false;
    }
    if (n > SL_HEADER_MAX_FIELDS) {
        put_msg(err, errcap, "de kop heeft %zu kolommen, maximaal %d", n,
                SL_HEADER_MAX_FIELDS);
        return false;
    }
    int match[SL_HEADER_MAX_FIELDS];
    bool seen[SL_COL_COUNT] = {false};
    for (size_t i = 0; i < n; i++) {
        char nm[NAME_CAP];
        norm_name(names[i].s, names[i].len, i == 0, nm);
        match[i] = find_col(nm);
        if (match[i] >= 0)
            seen[match[i]] = true;
    }

    sl_kind kind;
    if (seen[SL_COL_IMG_ID] && seen[SL_COL_NCG_ID]) {
        put_msg(err, errcap,
                "de kop bevat zowel img_id als ncg_id; lever schades en trajecten in "
                "aparte bestanden");
        return false;
    } else if (seen[SL_COL_IMG_ID]) {
        kind = SL_KIND_IMG;
    } else if (seen[SL_COL_NCG_ID]) {
        kind = SL_KIND_NCG;
    } else if (seen[SL_COL_NUMMERAANDUIDING_ID] && seen[SL_COL_GEMEENTECODE]) {
        kind = SL_KIND_BAG;
    } else {
        put_msg(err, errcap,
                "soort bestand niet herkend: de kop mist img_id, ncg_id of "
                "nummeraanduiding_id met gemeentecode");
        return false;
    }

    unsigned bit = 1u << kind;
    for (size_t i = 0; i < n; i++) {
        int c = match[i];
        if (c >= 0 && (col_kinds[c] & bit)) {
            if (h->col[c] >= 0) {
                put_msg(err, errcap, "kolom %s staat twee keer in de kop", col_names[c]);
                for (int k = 0; k < SL_COL_COUNT; k++)
                    h->col[k] = -1;
                return false;
            }
            h->col[c] = (int)i;
        } else {
            h->unknown[h->n_unknown++] = (int)i;
        }
    }

    static const sl_col req_bag[] = {SL_COL_NUMMERAANDUIDING_ID, SL_COL_POSTCODE,
                                     SL_COL_HUISNUMMER, SL_COL_GEMEENTECODE};
    static const sl_col req_ncg[] = {SL_COL_NCG_ID, SL_COL_STAP};
    static const sl_col req_img[] = {SL_COL_IMG_ID, SL_COL_FASE};
    const sl_col *req = kind == SL_KIND_BAG ? req_bag : kind == SL_KIND_NCG ? req_ncg : req_img;
    size_t nreq = kind == SL_KIND_BAG ? 4 : 2;
    for (size_t k = 0; k < nreq; k++)
        if (h->col[req[k]] < 0) {
            put_msg(err, errcap, "verplichte kolom %s ontbreekt in de kop (%s)",
                    col_names[req[k]], sl_kind_name(kind));
            return false;
        }
    if (kind != SL_KIND_BAG && h->col[SL_COL_NUMMERAANDUIDING_ID] < 0 &&
        (h->col[SL_COL_POSTCODE] < 0 || h->col[SL_COL_HUISNUMMER] < 0)) {
        put_msg(err, errcap,
                "de kop mist een adres: kolom nummeraanduiding_id of de kolommen postcode "
                "en huisnummer");
        return false;
    }
    h->kind = kind;
    h->nfields = n;
    return true;
}

/* ---- rows: shared machinery ---------------------------------------------------- */

typedef struct rowctx {
    const sl_header *h;
    const sl_field *f;
    size_t n;
    sl_row_error *err;
} rowctx;

/* The trimmed value of column c; empty when the header lacks the column. */
static sl_field get(const rowctx *x, sl_col c)
{
    sl_field v = {NULL, 0};
    int i = x->h->col[c];
    if (i < 0 || (size_t)i >= x->n)
        return v;
    v = x->f[i];
    if (!v.s)
        v.len = 0;
    sl_trim(&v.s, &v.len);
    return v;
}

static bool fail(const rowctx *x, sl_col c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records a reject on column c (or the whole row when c has no field). */
static bool fail(const rowctx *x, sl_col c, const char *fmt, ...)
{
    sl_row_error *e = x->err;
    int fi = (unsigned)c < SL_COL_COUNT ? x->h->col[c] : -1;
    e->field = fi;
    e->col = fi >= 0 ? c : SL_COL_COUNT;
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(e->reason, sizeof e->reason, fmt, ap);
    va_end(ap);
    if (r < 0)
        e->reason[0] = '\0';
    else if ((size_t)r >= sizeof e->reason)
        fix_utf8_tail(e->reason);
    return false;
}

#define REQUIRED_EMPTY "verplicht veld is leeg"

static bool col_required(const rowctx *x, sl_col c, sl_field *v)
{
    *v = get(x, c);
    if (v->len == 0)
        return fail(x, c, REQUIRED_EMPTY);
    return true;
}

static bool col_date(const rowctx *x, sl_col c, sl_date *out)
{
    sl_field v = get(x, c);
    const char *why;
    char sb[SHOW_CAP];
    *out = SL_DATE_NONE;
    if (v.len == 0)
        return true;
    if (!sl_date_parse(v.s, v.len, out, &why))
        return fail(x, c, "ongeldige datum '%s': %s", show(v.s, v.len, sb), why);
    return true;
}

static bool col_flag(const rowctx *x, sl_col c, sl_flag *out)
{
    sl_field v = get(x, c);
    const char *why;
    char sb[SHOW_CAP];
    bool b;
    *out = SL_FLAG_UNKNOWN;
    if (v.len == 0)
        return true;
    if (!sl_parse_bool(v.s, v.len, &b, &why))
        return fail(x, c, "ongeldige waarde '%s': %s", show(v.s, v.len, sb), why);
    *out = b ? SL_FLAG_JA : SL_FLAG_NEE;
    return true;
}

static bool col_text(const rowctx *x, sl_col c, char *dst, size_t cap)
{
    sl_field v = get(x, c);
    const char *why;
    dst[0] = '\0';
    if (v.len == 0)
        return true;
    if (v.len > cap - 1)
        return fail(x, c, "tekst is te lang (%zu bytes, maximaal %zu)", v.len, cap - 1);
    if (!sl_parse_text(v.s, v.len, dst, cap, &why))
        return fail(x, c, "%s", why);
    return true;
}

/* A source system's own id: 1..32 visible ASCII characters, no spaces. */
static bool source_id_ok(sl_field v, const char **why)
{
    if (v.len == 0) {
        *why = REQUIRED_EMPTY;
        return false;
    }
    if (v.len > SL_ID_CAP - 1) {
        *why = "id is langer dan 32 tekens";
        return false;
    }
    for (size_t i = 0; i < v.len; i++) {
        unsigned char ch = (unsigned char)v.s[i];
        if (ch <= 0x20 || ch >= 0x7F) {
            *why = "id mag alleen zichtbare ASCII-tekens zonder spaties bevatten";
            return false;
        }
    }
    return true;
}

static bool col_source_id(const rowctx *x, sl_col c, char dst[SL_ID_CAP])
{
    sl_field v = get(x, c);
    const char *why;
    char sb[SHOW_CAP];
    if (!source_id_ok(v, &why)) {
        if (v.len == 0)
            return fail(x, c, "%s", why);
        return fail(x, c, "%s ('%s')", why, show(v.s, v.len, sb));
    }
    memcpy(dst, v.s, v.len);
    dst[v.len] = '\0';
    return true;
}

static const char *bag_label(sl_bag_type t)
{
    return t == SL_BAG_NUMMERAANDUIDING ? "nummeraanduiding-id"
           : t == SL_BAG_VERBLIJFSOBJECT ? "verblijfsobject-id"
                                          : "pand-id";
}

/* An optional (or, with `required`, mandatory) BAG id; 0 when empty. */
static bool col_bag(const rowctx *x, sl_col c, sl_bag_type t, bool required, int64_t *out)
{
    sl_field v = get(x, c);
    const char *why;
    char sb[SHOW_CAP];
    *out = 0;
    if (v.len == 0)
        return required ? fail(x, c, REQUIRED_EMPTY) : true;
    if (!sl_bag_parse(v.s, v.len, t, out, &why))
        return fail(x, c, "%s '%s' %s", bag_label(t), show(v.s, v.len, sb), why);
    return true;
}

/* Postcode; *has false when empty (the caller decides whether that is allowed). */
static bool col_postcode(const rowctx *x, bool required, char out[SL_POSTCODE_CAP], bool *has)
{
    sl_field v = get(x, SL_COL_POSTCODE);
    const char *why;
    char sb[SHOW_CAP];
    *has = false;
    out[0] = '\0';
    if (v.len == 0)
        return required ? fail(x, SL_COL_POSTCODE, REQUIRED_EMPTY) : true;
    if (!sl_postcode_parse(v.s, v.len, out, &why))
        return fail(x, SL_COL_POSTCODE, "postcode '%s' %s", show(v.s, v.len, sb), why);
    *has = true;
    return true;
}

/*
 * Huisnummer, huisletter and toevoeging together (a suffix may move between
 * them). Without a number the letter and toevoeging are still checked on
 * their own, so a bad value is reported even when the row has an id.
 */
static bool col_housenr(const rowctx *x, bool required, sl_housenr *out, bool *has)
{
    sl_field nr = get(x, SL_COL_HUISNUMMER);
    sl_field le = get(x, SL_COL_HUISLETTER);
    sl_field to = get(x, SL_COL_TOEVOEGING);
    const char *why;
    int part;
    char sb[SHOW_CAP];
    *has = false;
    memset(out, 0, sizeof *out);
    if (nr.len == 0 && required)
        return fail(x, SL_COL_HUISNUMMER, REQUIRED_EMPTY);
    bool ok = nr.len == 0 ? sl_housenr_parse("1", 1, le.s, le.len, to.s, to.len, out, &why, &part)
                          : sl_housenr_parse(nr.s, nr.len, le.s, le.len, to.s, to.len, out,
                                             &why, &part);
    if (!ok) {
        sl_col c = part == 1 ? SL_COL_HUISLETTER : part == 2 ? SL_COL_TOEVOEGING
                                                             : SL_COL_HUISNUMMER;
        sl_field v = part == 1 ? le : part == 2 ? to : nr;
        return fail(x, c, "%s ('%s')", why, show(v.s, v.len, sb));
    }
    if (nr.len == 0) {
        memset(out, 0, sizeof *out);
        return true;
    }
    *has = true;
    return true;
}

/* Header order of the columns present, so the first problem in a row is reported first. */
static size_t columns_in_order(const sl_header *h, sl_col order[SL_COL_COUNT])
{
    int at[SL_HEADER_MAX_FIELDS];
    for (size_t i = 0; i < SL_HEADER_MAX_FIELDS; i++)
        at[i] = -1;
    for (int c = 0; c < SL_COL_COUNT; c++)
        if (h->col[c] >= 0 && h->col[c] < SL_HEADER_MAX_FIELDS)
            at[h->col[c]] = c;
    size_t k = 0;
    for (size_t i = 0; i < SL_HEADER_MAX_FIELDS; i++)
        if (at[i] >= 0)
            order[k++] = (sl_col)at[i];
    return k;
}

/* Common start of every row: sane arguments, matching kind and field count. */
static bool row_begin(rowctx *x, const sl_header *h, const sl_field *f, size_t n,
                      sl_row_error *err, sl_kind want)
{
    x->h = h;
    x->f = f;
    x->n = n;
    x->err = err;
    memset(err, 0, sizeof *err);
    err->field = -1;
    err->col = SL_COL_COUNT;
    if (!h || h->kind != want) {
        put_msg(err->reason, sizeof err->reason, "de kop hoort niet bij %s",
                sl_kind_name(want));
        return false;
    }
    if (!f && n > 0) {
        put_msg(err->reason, sizeof err->reason, "rij ontbreekt");
        return false;
    }
    /* Fill record_id first: the importer needs it even when the row is refused. */
    if (want == SL_KIND_BAG) {
        sl_field v = get(x, SL_COL_NUMMERAANDUIDING_ID);
        int64_t id;
        if (v.len && sl_bag_parse(v.s, v.len, SL_BAG_NUMMERAANDUIDING, &id, NULL))
            sl_bag_format(id, err->record_id);
    } else {
        sl_field v = get(x, want == SL_KIND_NCG ? SL_COL_NCG_ID : SL_COL_IMG_ID);
        const char *why;
        if (source_id_ok(v, &why)) {
            memcpy(err->record_id, v.s, v.len);
            err->record_id[v.len] = '\0';
        }
    }
    if (n != h->nfields) {
        put_msg(err->reason, sizeof err->reason, "rij heeft %zu velden, de kop heeft %zu", n,
                h->nfields);
        return false;
    }
    return true;
}

/*
 * The address reference of a trajectory or claim row. Called once, at the
 * first address column in header order; the "no usable address" check waits
 * until the whole row is scanned so that it never hides a bad value.
 */
typedef struct refstate {
    bool nr_done;
    bool has_pc, has_nr;
    char postcode[SL_POSTCODE_CAP];
    sl_housenr nr;
} refstate;

static bool ref_column(const rowctx *x, sl_col c, refstate *rs, sl_addr_ref *ref)
{
    switch (c) {
    case SL_COL_NUMMERAANDUIDING_ID:
        return col_bag(x, c, SL_BAG_NUMMERAANDUIDING, false, &ref->nummeraanduiding_id);
    case SL_COL_POSTCODE:
        return col_postcode(x, false, rs->postcode, &rs->has_pc);
    case SL_COL_HUISNUMMER:
    case SL_COL_HUISLETTER:
    case SL_COL_TOEVOEGING:
        if (rs->nr_done)
            return true;
        rs->nr_done = true;
        return col_housenr(x, false, &rs->nr, &rs->has_nr);
    default:
        return true;
    }
}

static bool ref_finish(const rowctx *x, refstate *rs, sl_addr_ref *ref)
{
    static const char *const none =
        "geen adres: vul nummeraanduiding_id of postcode en huisnummer in";
    ref->has_key = rs->has_pc && rs->has_nr;
    if (ref->has_key)
        sl_address_key(rs->postcode, &rs->nr, ref->key);
    else
        ref->key[0] = '\0';
    if (ref->nummeraanduiding_id != 0 || ref->has_key)
        return true;
    /* Name the first missing piece that the header has a column for. */
    if (!rs->has_pc && x->h->col[SL_COL_POSTCODE] >= 0)
        return fail(x, SL_COL_POSTCODE, "%s", none);
    if (!rs->has_nr && x->h->col[SL_COL_HUISNUMMER] >= 0)
        return fail(x, SL_COL_HUISNUMMER, "%s", none);
    return fail(x, SL_COL_NUMMERAANDUIDING_ID, "%s", none);
}

/*
 * One kind's reading of a row: column reads column c (its trimmed value v)
 * into the kind's record, finish does the checks that need the whole row.
 */
typedef struct row_reader {
    sl_kind kind;
    bool (*column)(const rowctx *x, sl_col c, sl_field v, void *rec);
    bool (*finish)(const rowctx *x, void *rec);
} row_reader;

/* Reads a row into rec in header order, so that the first problem in it is the
 * one reported; false with the reject in err (which may be NULL). */
static bool read_row(const row_reader *rd, const sl_header *h, const sl_field *f, size_t n,
                     sl_row_error *err, void *rec)
{
    sl_row_error e_local;
    rowctx x;
    if (!err)
        err = &e_local;
    if (!row_begin(&x, h, f, n, err, rd->kind))
        return false;
    sl_col order[SL_COL_COUNT];
    size_t nc = columns_in_order(h, order);
    for (size_t k = 0; k < nc; k++)
        if (!rd->column(&x, order[k], get(&x, order[k]), rec))
            return false;
    return rd->finish(&x, rec);
}

/* ---- bag_adressen --------------------------------------------------------------- */

static bool coord(const rowctx *x, sl_col c, double lo, double hi, double *out, bool *has)
{
    sl_field v = get(x, c);
    const char *why;
    char sb[SHOW_CAP];
    *has = false;
    if (v.len == 0)
        return true;
    if (!sl_parse_decimal(v.s, v.len, lo, hi, out, &why))
        return fail(x, c, "ongeldige %s-coördinaat '%s': %s (RD: %.0f tot %.0f)",
                    c == SL_COL_X ? "x" : "y", show(v.s, v.len, sb), why, lo, hi);
    *has = true;
    return true;
}

/* An address row as it is read: the record and what the whole row's checks need. */
typedef struct address_row {
    sl_address a;
    bool has_pc, has_nr, nr_done, has_x, has_y;
} address_row;

static bool address_column(const rowctx *x, sl_col c, sl_field v, void *rec)
{
    address_row *r = rec;
    char sb[SHOW_CAP];
    const char *why;
    bool ok = true;
    switch (c) {
    case SL_COL_NUMMERAANDUIDING_ID:
        ok = col_bag(x, c, SL_BAG_NUMMERAANDUIDING, true, &r->a.nummeraanduiding_id);
        break;
    case SL_COL_VERBLIJFSOBJECT_ID:
        ok = col_bag(x, c, SL_BAG_VERBLIJFSOBJECT, false, &r->a.verblijfsobject_id);
        break;
    case SL_COL_PAND_ID:
        ok = col_bag(x, c, SL_BAG_PAND, false, &r->a.pand_id);
        break;
    case SL_COL_STRAAT:
        ok = col_text(x, c, r->a.straat, sizeof r->a.straat);
        break;
    case SL_COL_WOONPLAATS:
        ok = col_text(x, c, r->a.woonplaats, sizeof r->a.woonplaats);
        break;
    case SL_COL_POSTCODE:
        ok = col_postcode(x, true, r->a.postcode, &r->has_pc);
        break;
    case SL_COL_HUISNUMMER:
    case SL_COL_HUISLETTER:
    case SL_COL_TOEVOEGING:
        if (!r->nr_done) {
            r->nr_done = true;
            ok = col_housenr(x, true, &r->a.nr, &r->has_nr);
        }
        break;
    case SL_COL_GEMEENTECODE: {
        if (v.len == 0) {
            ok = fail(x, c, REQUIRED_EMPTY);
            break;
        }
        bool digits = v.len == 4;
        for (size_t i = 0; digits && i < 4; i++)
            digits = v.s[i] >= '0' && v.s[i] <= '9';
        if (!digits)
            ok = fail(x, c, "gemeentecode '%s' moet precies 4 cijfers hebben",
                      show(v.s, v.len, sb));
        else if (memcmp(v.s, "0000", 4) == 0)
            ok = fail(x, c, "gemeentecode 0000 bestaat niet");
        else {
            memcpy(r->a.gemeentecode, v.s, 4);
            r->a.gemeentecode[4] = '\0';
        }
        break;
    }
    case SL_COL_X:
        ok = coord(x, c, 0.0, 300000.0, &r->a.x, &r->has_x);
        break;
    case SL_COL_Y:
        ok = coord(x, c, 289000.0, 629000.0, &r->a.y, &r->has_y);
        break;
    case SL_COL_BOUWJAAR: {
        int64_t y;
        if (v.len == 0)
            break;
        if (!sl_parse_int(v.s, v.len, 1000, 2100, &y, &why))
            ok = fail(x, c, "ongeldig bouwjaar '%s': %s (1000 tot 2100)",
                      show(v.s, v.len, sb), why);
        else
            r->a.bouwjaar = (int32_t)y;
        break;
    }
    case SL_COL_KERN:
        ok = col_flag(x, c, &r->a.kern);
        break;
    default:
        break;
    }
    return ok;
}

static bool address_finish(const rowctx *x, void *rec)
{
    address_row *r = rec;
    if (r->has_x != r->has_y) {
        sl_col missing = r->has_x ? SL_COL_Y : SL_COL_X;
        sl_col given = r->has_x ? SL_COL_X : SL_COL_Y;
        return fail(x, x->h->col[missing] >= 0 ? missing : given,
                    "%s is ingevuld maar %s niet: RD-coördinaten horen bij elkaar",
                    col_names[given], col_names[missing]);
    }
    r->a.has_xy = r->has_x && r->has_y;
    if (!r->a.has_xy)
        r->a.x = r->a.y = 0.0;
    sl_address_key(r->a.postcode, &r->a.nr, r->a.key);
    return true;
}

static const row_reader address_reader = {SL_KIND_BAG, address_column, address_finish};

bool sl_row_address(const sl_header *h, const sl_field *f, size_t n, sl_address *out,
                    sl_row_error *err)
{
    address_row r;
    memset(&r, 0, sizeof r);
    r.a.kern = SL_FLAG_UNKNOWN;
    if (!read_row(&address_reader, h, f, n, err, &r))
        return false;
    if (out)
        *out = r.a;
    return true;
}

/* ---- ncg_trajecten ---------------------------------------------------------------- */

typedef struct trajectory_row {
    sl_trajectory t;
    refstate rs;
} trajectory_row;

static bool trajectory_column(const rowctx *x, sl_col c, sl_field v, void *rec)
{
    trajectory_row *r = rec;
    char sb[SHOW_CAP];
    bool ok = true;
    switch (c) {
    case SL_COL_NCG_ID:
        ok = col_source_id(x, c, r->t.ncg_id);
        break;
    case SL_COL_STAP:
        if (!col_required(x, c, &v))
            ok = false;
        else if (!sl_stap_parse(v.s, v.len, &r->t.stap))
            ok = fail(x, c,
                      "onbekende stap '%s' (verwacht 1.2, 2.1, 3.1, 4.1, 4.2, 5.1, 5.2, "
                      "opgeleverd of geen versterking)",
                      show(v.s, v.len, sb));
        break;
    case SL_COL_STAP_SINDS:
        ok = col_date(x, c, &r->t.stap_sinds);
        break;
    case SL_COL_AANNEMERSOVEREENKOMST:
        ok = col_date(x, c, &r->t.aannemersovereenkomst);
        break;
    case SL_COL_RISICOPROFIEL:
        if (v.len && !sl_risico_parse(v.s, v.len, &r->t.risicoprofiel))
            ok = fail(x, c, "onbekend risicoprofiel '%s' (verwacht P50, P90, HRA of "
                      "onbekend)", show(v.s, v.len, sb));
        break;
    case SL_COL_BATCH:
        ok = col_text(x, c, r->t.batch, sizeof r->t.batch);
        break;
    case SL_COL_PROGRAMMA:
        if (v.len && !sl_programma_parse(v.s, v.len, &r->t.programma))
            ok = fail(x, c, "onbekend programma '%s' (verwacht regulier, Bouwimpuls, "
                      "Koploper of VBS)", show(v.s, v.len, sb));
        break;
    case SL_COL_BIJZONDERE_SITUATIE:
        ok = col_flag(x, c, &r->t.bijzondere_situatie);
        break;
    case SL_COL_KEUZE_BEWONER:
        if (v.len && !sl_keuze_parse(v.s, v.len, &r->t.keuze_bewoner))
            ok = fail(x, c, "onbekende keuze '%s' (verwacht ncg, eigen regie of afzien)",
                      show(v.s, v.len, sb));
        break;
    case SL_COL_BEWONERSBEGELEIDER:
        ok = col_text(x, c, r->t.bewonersbegeleider, sizeof r->t.bewonersbegeleider);
        break;
    default:
        ok = ref_column(x, c, &r->rs, &r->t.adres);
        break;
    }
    return ok;
}

static bool trajectory_finish(const rowctx *x, void *rec)
{
    trajectory_row *r = rec;
    return ref_finish(x, &r->rs, &r->t.adres);
}

static const row_reader trajectory_reader = {SL_KIND_NCG, trajectory_column, trajectory_finish};

bool sl_row_trajectory(const sl_header *h, const sl_field *f, size_t n, sl_trajectory *out,
                       sl_row_error *err)
{
    trajectory_row r;
    memset(&r, 0, sizeof r);
    r.t.stap_sinds = SL_DATE_NONE;
    r.t.aannemersovereenkomst = SL_DATE_NONE;
    r.t.risicoprofiel = SL_RISICO_ONBEKEND;
    r.t.programma = SL_PROGRAMMA_ONBEKEND;
    r.t.bijzondere_situatie = SL_FLAG_UNKNOWN;
    r.t.keuze_bewoner = SL_KEUZE_ONBEKEND;
    if (!read_row(&trajectory_reader, h, f, n, err, &r))
        return false;
    if (out)
        *out = r.t;
    return true;
}

/* ---- img_schades -------------------------------------------------------------------- */

typedef struct claim_row {
    sl_claim cl;
    refstate rs;
} claim_row;

static bool claim_column(const rowctx *x, sl_col c, sl_field v, void *rec)
{
    claim_row *r = rec;
    char sb[SHOW_CAP];
    const char *why;
    bool ok = true;
    switch (c) {
    case SL_COL_IMG_ID:
        ok = col_source_id(x, c, r->cl.img_id);
        break;
    case SL_COL_FASE:
        if (!col_required(x, c, &v))
            ok = false;
        else if (!sl_fase_parse(v.s, v.len, &r->cl.fase))
            ok = fail(x, c,
                      "onbekende fase '%s' (verwacht voorbereiding, opname, zienswijze, "
                      "beschikking of afgehandeld)",
                      show(v.s, v.len, sb));
        break;
    case SL_COL_REGELING:
        if (v.len && !sl_regeling_parse(v.s, v.len, &r->cl.regeling))
            ok = fail(x, c, "onbekende regeling '%s'", show(v.s, v.len, sb));
        break;
    case SL_COL_FASE_SINDS:
        ok = col_date(x, c, &r->cl.fase_sinds);
        break;
    case SL_COL_ONTVANGEN_OP:
        ok = col_date(x, c, &r->cl.ontvangen_op);
        break;
    case SL_COL_URGENT:
        ok = col_flag(x, c, &r->cl.urgent);
        break;
    case SL_COL_AOS:
        ok = col_flag(x, c, &r->cl.aos);
        break;
    case SL_COL_AOS_GEGROND:
        ok = col_flag(x, c, &r->cl.aos_gegrond);
        break;
    case SL_COL_ZAAKBEGELEIDER:
        ok = col_text(x, c, r->cl.zaakbegeleider, sizeof r->cl.zaakbegeleider);
        break;
    case SL_COL_BESLUIT_BEDRAG:
        if (v.len == 0)
            break;
        if (!sl_parse_amount(v.s, v.len, &r->cl.besluit_bedrag, &why))
            ok = fail(x, c, "ongeldig bedrag '%s': %s", show(v.s, v.len, sb), why);
        else
            r->cl.has_bedrag = true;
        break;
    default:
        ok = ref_column(x, c, &r->rs, &r->cl.adres);
        break;
    }
    return ok;
}

static bool claim_finish(const rowctx *x, void *rec)
{
    claim_row *r = rec;
    return ref_finish(x, &r->rs, &r->cl.adres);
}

static const row_reader claim_reader = {SL_KIND_IMG, claim_column, claim_finish};

bool sl_row_claim(const sl_header *h, const sl_field *f, size_t n, sl_claim *out,
                  sl_row_error *err)
{
    claim_row r;
    memset(&r, 0, sizeof r);
    r.cl.regeling = SL_REGELING_OVERIG;
    r.cl.fase_sinds = SL_DATE_NONE;
    r.cl.ontvangen_op = SL_DATE_NONE;
    r.cl.urgent = r.cl.aos = r.cl.aos_gegrond = SL_FLAG_UNKNOWN;
    if (!read_row(&claim_reader, h, f, n, err, &r))
        return false;
    if (out)
        *out = r.cl;
    return true;
}
