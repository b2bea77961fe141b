/*
 * import.c - one delivery file into the register (see import.h).
 *
 * Reading, tokenising and validating the file happen on a second thread
 * (service/import_reader.h), which hands over parsed rows in file order;
 * this thread does everything that touches the store or the maps below.
 * The register's current state of the file's kind is loaded into hash maps
 * once the header is known; each row is then new, changed or unchanged by
 * comparing a fingerprint of its parsed fields, so a re-delivered file
 * writes nothing but its delivery record.
 */
#include "service/import.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "core/delivery_scope.h"
#include "core/fingerprint.h"
#include "core/hashmap.h"
#include "service/bag_stage.h"
#include "service/classify_refresh.h"
#include "service/delivery_hold.h"
#include "service/delivery_log.h"
#include "service/import_reader.h"
#include "service/import_session.h"
#include "service/signals.h"
#include "store/deliveries_store.h"
#include "store/records_store.h"

/* How many rows ahead the importer asks for the memory a row will need (see
 * prefetch_row). */
#define PREFETCH_AHEAD 8

/* Below this many records of a kind in the register, a delivery is loaded in
 * bulk mode (indexes rebuilt once at the end); above it, a snapshot mostly
 * repeats what is there and touches few rows. */
#define BULK_BELOW 50000

/* What the register holds of one record of the file's kind. */
typedef struct known {
    const char *source_id; /* NCG/IMG: the key's copy in by_source_id */
    int64_t rowid;
    int64_t address_id;
    uint64_t fp;
    sl_date sinds; /* NCG/IMG: since when it has its status, as last delivered */
    int8_t status; /* sl_fase / sl_stap (a handful); kept small: a million of these */
    bool absent;
    bool seen; /* present in this file */
    bool keyed; /* BAG: a valid row of this file gave the address its match key */
} known;

typedef struct importer {
    sl_store *st;
    const sl_import_hooks *hooks;
    sl_import_report *rep;
    sl_date today;
    const char *file;
    uint64_t file_size;
    sl_import_session *session; /* NULL: a file on its own */

    int64_t record_line;     /* line the row being processed started on */
    int fd;                  /* the file, to read a rejected row's text back */
    uint64_t row_offset;     /* where the row being processed lies in the file */
    uint64_t row_len;
    sl_header header;
    bool failed;             /* a store error: abandon the file */
    bool bulk;               /* the store is in bulk mode for this kind */
    sl_signal_run *signals;  /* NCG/IMG after the baseline: collects what changed */

    /* register state */
    known *known;
    size_t nknown, capknown;
    sl_strmap *by_source_id; /* img_id / ncg_id -> index in known */
    sl_intmap *by_address;   /* BAG: nummeraanduiding id -> index in known */
    sl_intmap *addr_ids;     /* NCG/IMG: every address id (values unused) */
    sl_strmap *addr_keys;    /* NCG/IMG: match key -> address id; BAG: keys in this file */
    bool addr_borrowed;      /* NCG/IMG: addr_ids and addr_keys are the session's */
    sl_intmap *traj_addr;    /* NCG: addresses that got a trajectory in this file */
    /* BAG in a session: the stored match key of each loaded address (known[i] for
     * i < nold), to rebuild the session's index after the file ("" for none) */
    char (*old_keys)[SL_ADDRKEY_CAP];
    size_t nold, capold;

    sl_bag_stage stage;      /* BAG: new addresses, written in id order at the end */
} importer;

/* ---- rejects ------------------------------------------------------------ */

/* Bytes of the valid UTF-8 sequence at s (n bytes left), 0 when there is none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return c ? 1 : 0; /* NUL: no text column holds it */
    size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!len || len > n)
        return 0;
    unsigned char lo = 0x80, hi = 0xBF; /* the second byte's range: no overlong or surrogate */
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
    else if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

/*
 * The text kept of a rejected row (decision 229): the record's bytes without
 * the line ends around it, every byte that is not UTF-8 (a file in another
 * encoding, a NUL) as U+FFFD so that both stores and JSON take it, and at most
 * SL_REJECT_ROW_MAX bytes, ending in "…" when cut.
 */
static void row_text(const unsigned char *in, size_t n, bool cut, char out[SL_REJECT_ROW_MAX + 1])
{
    while (n && (in[0] == '\r' || in[0] == '\n'))
        in++, n--;
    while (n && (in[n - 1] == '\r' || in[n - 1] == '\n'))
        n--;
    size_t o = 0, room = SL_REJECT_ROW_MAX - 3; /* 3: the "…" */
    for (size_t i = 0; i < n;) {
        size_t len = utf8_len(in + i, n - i);
        if (!len && cut && n - i < 4)
            break; /* a character the cut split */
        const unsigned char *src = len ? in + i : (const unsigned char *)"\xEF\xBF\xBD";
        size_t w = len ? len : 3;
        if (o + w > room) {
            cut = true;
            break;
        }
        memcpy(out + o, src, w);
        o += w;
        i += len ? len : 1;
    }
    if (cut) {
        memcpy(out + o, "\xE2\x80\xA6", 3);
        o += 3;
    }
    out[o] = '\0';
}

/* The row being processed as the file has it, read back (decision 229); "" when unreadable. */
static void current_row_text(const importer *im, char out[SL_REJECT_ROW_MAX + 1])
{
    unsigned char raw[SL_REJECT_ROW_MAX + 2]; /* + the blank line ends row_text drops */
    size_t want = im->row_len < sizeof raw ? (size_t)im->row_len : sizeof raw;
    ssize_t got = im->fd >= 0 ? pread(im->fd, raw, want, (off_t)im->row_offset) : -1;
    if (got <= 0) {
        out[0] = '\0';
        return;
    }
    row_text(raw, (size_t)got, (uint64_t)got < im->row_len, out);
}

static void reject(importer *im, int64_t line, const char *column, const char *reason)
{
    im->rep->counts.rejected++;
    char row[SL_REJECT_ROW_MAX + 1];
    current_row_text(im, row);
    if (!sl_store_reject_add(im->st, im->rep->delivery_id, line, column, reason, row))
        im->failed = true;
    if (im->hooks && im->hooks->on_reject)
        im->hooks->on_reject(im->hooks->ctx, im->file, line, column, reason);
}

static void reject_row_error(importer *im, const sl_row_error *e)
{
    reject(im, im->record_line, e->field >= 0 ? sl_col_name(e->col) : "", e->reason);
}

/* ---- register state ----------------------------------------------------- */

static bool known_push(importer *im, const known *k, size_t *index)
{
    if (im->nknown == im->capknown) {
        size_t ncap = im->capknown ? im->capknown * 2 : 1024;
        known *n = sl_realloc(im->known, ncap * sizeof *n);
        if (!n)
            return false;
        im->known = n;
        im->capknown = ncap;
    }
    *index = im->nknown;
    im->known[im->nknown++] = *k;
    return true;
}

/* BAG in a session: remembers the stored match key of the address loaded last. */
static bool old_key_push(importer *im, const char *key)
{
    if (im->nold == im->capold) {
        size_t ncap = im->capold ? im->capold * 2 : 4096;
        char (*n)[SL_ADDRKEY_CAP] = sl_realloc(im->old_keys, ncap * sizeof *n);
        if (!n)
            return false;
        im->old_keys = n;
        im->capold = ncap;
    }
    /* A stored key too long to be one the core makes can never match a row's
     * key, so leaving it out of the index changes no lookup. */
    size_t len = key ? strlen(key) : 0;
    if (len >= SL_ADDRKEY_CAP)
        len = 0;
    memcpy(im->old_keys[im->nold], key ? key : "", len);
    im->old_keys[im->nold][len] = '\0';
    im->nold++;
    return true;
}

static bool load_state_cb(void *ctx, const sl_record_state *s)
{
    importer *im = ctx;
    known k = {.rowid = s->rowid, .address_id = s->address_id, .fp = s->fingerprint,
               .sinds = s->sinds, .status = (int8_t)s->status, .absent = s->absent};
    size_t idx;
    if (!known_push(im, &k, &idx))
        return sl_store_fail(im->st, "onvoldoende geheugen"), false;
    if (im->header.kind == SL_KIND_BAG && im->session && !old_key_push(im, s->match_key))
        return sl_store_fail(im->st, "onvoldoende geheugen"), false;
    bool ok = im->header.kind == SL_KIND_BAG
                  ? sl_intmap_put(im->by_address, s->rowid, (int64_t)idx)
                  : sl_strmap_put_key(im->by_source_id, s->source_id, strlen(s->source_id),
                                      (int64_t)idx, &im->known[idx].source_id);
    if (!ok)
        sl_store_fail(im->st, "onvoldoende geheugen");
    return ok;
}

static bool load_address_cb(void *ctx, const sl_record_state *s)
{
    importer *im = ctx;
    /* Absent addresses still match: a claim may outlive an address's last delivery.
     * A later address overwrites an earlier one's shared key: the scan comes in
     * key or id order, so the highest id wins (complete_bag_index does the same). */
    bool ok = sl_intmap_put(im->addr_ids, s->rowid, 1) &&
              (!s->match_key || sl_strmap_put(im->addr_keys, s->match_key,
                                              strlen(s->match_key), s->rowid));
    if (!ok)
        sl_store_fail(im->st, "onvoldoende geheugen");
    return ok;
}

/*
 * How many records a map should hold without growing: the larger of what the
 * register has and what the file may carry (a snapshot mostly repeats the
 * register). Growing a map of a million entries rehashes it several times and
 * touches every slot again, so the maps start at size; a guess that is short
 * only costs a growth.
 */
static size_t expected_rows(const importer *im, int64_t in_register)
{
    /* a delivery row is 100 bytes or more (ids, postcode, names, dates) */
    uint64_t in_file = im->file_size / 100;
    uint64_t have = in_register > 0 ? (uint64_t)in_register : 0;
    uint64_t n = in_file > have ? in_file : have;
    return (size_t)(n < ((uint64_t)1 << 26) ? n : ((uint64_t)1 << 26));
}

static bool load_state(importer *im)
{
    bool bag = im->header.kind == SL_KIND_BAG;
    sl_register_counts rc;
    if (!sl_store_counts(im->st, &rc))
        return false;
    if (bag) {
        size_t n = expected_rows(im, rc.adressen);
        im->by_address = sl_intmap_new(n);
        im->addr_keys = sl_strmap_new(expected_rows(im, 0));
        if (!im->by_address || !im->addr_keys)
            return sl_store_fail(im->st, "onvoldoende geheugen");
    } else {
        int64_t have = im->header.kind == SL_KIND_NCG ? rc.trajecten : rc.schades;
        im->by_source_id = sl_strmap_new(expected_rows(im, have));
        im->traj_addr = sl_intmap_new(im->header.kind == SL_KIND_NCG ? expected_rows(im, 0) : 0);
        if (!im->by_source_id || !im->traj_addr)
            return sl_store_fail(im->st, "onvoldoende geheugen");
        if (im->session && sl_import_session_index(im->session, im->rep->delivery_id,
                                                   &im->addr_ids, &im->addr_keys)) {
            im->addr_borrowed = true;
        } else {
            /* absent addresses are loaded too; the maps grow if there are many */
            im->addr_ids = sl_intmap_new((size_t)rc.adressen + 1024);
            im->addr_keys = sl_strmap_new((size_t)rc.adressen + 1024);
            if (!im->addr_ids || !im->addr_keys)
                return sl_store_fail(im->st, "onvoldoende geheugen");
            if (!sl_store_scan_address_keys(im->st, load_address_cb, im))
                return false;
        }
    }
    return sl_store_scan_states(im->st, im->header.kind, load_state_cb, im);
}

/* ---- history ------------------------------------------------------------ */

/* van_sinds: a status change's since-day of the status left (decision 233). */
static bool history(importer *im, const char *onderwerp, const char *sleutel, const char *veld,
                    const char *van, const char *naar, sl_date datum, sl_date van_sinds)
{
    sl_history h = {.onderwerp = onderwerp, .sleutel = sleutel, .veld = veld, .van = van,
                    .naar = naar, .datum = datum, .delivery_id = im->rep->delivery_id,
                    .van_sinds = van_sinds};
    return sl_store_history_add(im->st, &h);
}

/* ---- matching a row to an address --------------------------------------- */

/*
 * Resolves a trajectory/claim row's address: by id when the register knows
 * it, else by postcode + house number. Rejects (and returns 0) otherwise.
 */
static int64_t resolve_address(importer *im, const sl_addr_ref *ref)
{
    int64_t v;
    if (ref->nummeraanduiding_id && sl_intmap_get(im->addr_ids, ref->nummeraanduiding_id, &v))
        return ref->nummeraanduiding_id;
    if (ref->has_key && sl_strmap_get(im->addr_keys, ref->key, strlen(ref->key), &v))
        return v;
    char reason[160];
    if (ref->nummeraanduiding_id) {
        char id[17];
        sl_bag_format(ref->nummeraanduiding_id, id);
        snprintf(reason, sizeof reason,
                 "adres onbekend: nummeraanduiding %s staat niet in het register%s", id,
                 ref->has_key ? " en postcode met huisnummer ook niet" : "");
        reject(im, im->record_line, "nummeraanduiding_id", reason);
    } else {
        snprintf(reason, sizeof reason, "adres onbekend: postcode en huisnummer %s staan niet "
                 "in het register", ref->key);
        reject(im, im->record_line, "postcode", reason);
    }
    return 0;
}

/* Looks up a source id; returns the known index or -1. */
static int64_t find_known(importer *im, const char *id)
{
    int64_t idx;
    return sl_strmap_get(im->by_source_id, id, strlen(id), &idx) ? idx : -1;
}

static bool reject_duplicate(importer *im, const char *column, const char *id)
{
    char reason[160];
    snprintf(reason, sizeof reason, "%s '%s' komt vaker voor in deze levering; de eerste rij "
             "telt", column, id);
    reject(im, im->record_line, column, reason);
    return true;
}

/* ---- rows per kind ------------------------------------------------------ */

/* A rejected address row still vouches that its record exists: keep it current. */
static void address_rejected(importer *im, const sl_row_error *e)
{
    int64_t idx;
    int64_t nid;
    const char *why;
    if (e->record_id[0] &&
        sl_bag_parse(e->record_id, strlen(e->record_id), SL_BAG_NUMMERAANDUIDING, &nid, &why) &&
        sl_intmap_get(im->by_address, nid, &idx))
        im->known[idx].seen = true;
    reject_row_error(im, e);
}

static bool row_address(importer *im, const sl_address *a)
{
    char id[17];
    sl_bag_format(a->nummeraanduiding_id, id);
    int64_t idx, other;
    bool exists = sl_intmap_get(im->by_address, a->nummeraanduiding_id, &idx);
    if (exists && im->known[idx].seen)
        return reject_duplicate(im, "nummeraanduiding_id", id);
    if (sl_strmap_get(im->addr_keys, a->key, strlen(a->key), &other)) {
        char oid[17], reason[160];
        sl_bag_format(other, oid);
        snprintf(reason, sizeof reason, "zelfde postcode en huisnummer als nummeraanduiding %s "
                 "eerder in deze levering", oid);
        reject(im, im->record_line, "postcode", reason);
        return true;
    }
    if (!sl_strmap_put(im->addr_keys, a->key, strlen(a->key), a->nummeraanduiding_id))
        return sl_store_fail(im->st, "onvoldoende geheugen");
    uint64_t fp = sl_address_fingerprint(a);
    sl_delivery_counts *c = &im->rep->counts;
    c->imported++;
    if (exists) {
        known *k = &im->known[idx];
        k->seen = true;
        k->keyed = true;
        if (k->fp == fp && !k->absent) {
            c->ongewijzigd++;
            return true;
        }
        c->gewijzigd++;
        if (k->absent &&
            !history(im, "adres", id, "afwezig", "ja", "nee", SL_DATE_NONE, SL_DATE_NONE))
            return false;
        /* present again: counted now (as track_compare does), not by the next load */
        k->absent = false;
        k->fp = fp;
    } else {
        known k = {.rowid = a->nummeraanduiding_id, .fp = fp, .seen = true, .keyed = true,
                   .status = -1};
        size_t nidx;
        if (!known_push(im, &k, &nidx) ||
            !sl_intmap_put(im->by_address, a->nummeraanduiding_id, (int64_t)nidx))
            return sl_store_fail(im->st, "onvoldoende geheugen");
        c->nieuw++;
        if (!sl_bag_stage_add(&im->stage, a, fp))
            return sl_store_fail(im->st, "onvoldoende geheugen");
        return true;
    }
    return sl_store_address_put(im->st, a, fp, im->rep->delivery_id);
}

/*
 * The part of a trajectory/claim row that is the same for both: duplicate
 * check, new/changed/unchanged, history of the status and of reappearing.
 * Returns the known entry to write (NULL when nothing needs writing) via
 * *write, and the existing rowid (0 for new) via *rowid.
 */
typedef struct track_row {
    const char *id;        /* source id */
    const char *id_column; /* "ncg_id" / "img_id" */
    const char *onderwerp; /* "traject" / "schade" */
    const char *status_veld;
    int status;
    const char *status_name;
    sl_date status_date;
    uint64_t fp;
    int64_t address_id;
} track_row;

static const char *status_name(sl_kind kind, int status)
{
    if (status < 0)
        return NULL;
    return kind == SL_KIND_NCG ? sl_stap_name((sl_stap)status) : sl_fase_name((sl_fase)status);
}

/*
 * idx is the row's known index from find_known (-1 for a new record): the
 * caller has looked it up already, and each lookup in a map of a million ids
 * is a cache miss. Returns 1 to write, 0 for nothing to write, -1 on a store
 * error.
 */
static int track_compare(importer *im, const track_row *r, int64_t idx, int64_t *rowid)
{
    sl_delivery_counts *c = &im->rep->counts;
    *rowid = 0;
    if (idx >= 0) {
        known *k = &im->known[idx];
        k->seen = true;
        c->imported++;
        if (k->fp == r->fp && !k->absent) {
            c->ongewijzigd++;
            return 0;
        }
        c->gewijzigd++;
        *rowid = k->rowid;
        if (im->signals && (!sl_signal_run_touch(im->signals, k->address_id) ||
                            (r->address_id != k->address_id &&
                             !sl_signal_run_touch(im->signals, r->address_id))))
            return -1;
        k->address_id = r->address_id;
        /* the previous delivery's since-day goes with the change: the stay it began
         * ends here, and no other row of the register says when it began */
        if (k->status != r->status &&
            !history(im, r->onderwerp, r->id, r->status_veld, status_name(im->header.kind,
                     k->status), r->status_name, r->status_date, k->sinds))
            return -1;
        if (k->absent && !history(im, r->onderwerp, r->id, "afwezig", "ja", "nee", SL_DATE_NONE,
                                  SL_DATE_NONE))
            return -1;
        k->status = (int8_t)r->status;
        k->sinds = r->status_date;
        k->fp = r->fp;
        k->absent = false;
        return 1;
    }
    known k = {.address_id = r->address_id, .fp = r->fp, .sinds = r->status_date,
               .status = (int8_t)r->status, .seen = true};
    size_t nidx;
    if (!known_push(im, &k, &nidx) ||
        !sl_strmap_put_key(im->by_source_id, r->id, strlen(r->id), (int64_t)nidx,
                           &im->known[nidx].source_id)) {
        sl_store_fail(im->st, "onvoldoende geheugen");
        return -1;
    }
    c->imported++;
    c->nieuw++;
    if (im->signals && !(im->header.kind == SL_KIND_IMG
                             ? sl_signal_run_new_claim(im->signals, r->address_id)
                             : sl_signal_run_touch(im->signals, r->address_id)))
        return -1;
    return 1;
}

static void mark_seen_by_error(importer *im, const sl_row_error *e)
{
    int64_t idx = e->record_id[0] ? find_known(im, e->record_id) : -1;
    if (idx >= 0)
        im->known[idx].seen = true;
}

static bool row_trajectory(importer *im, const sl_trajectory *t)
{
    int64_t idx = find_known(im, t->ncg_id);
    if (idx >= 0 && im->known[idx].seen)
        return reject_duplicate(im, "ncg_id", t->ncg_id);
    int64_t address_id = resolve_address(im, &t->adres);
    if (!address_id) {
        if (idx >= 0)
            im->known[idx].seen = true;
        return true;
    }
    int64_t dummy;
    if (sl_intmap_get(im->traj_addr, address_id, &dummy)) {
        char id[17], reason[160];
        sl_bag_format(address_id, id);
        snprintf(reason, sizeof reason, "adres %s heeft al een traject in deze levering; een "
                 "adres heeft één traject tegelijk", id);
        if (idx >= 0)
            im->known[idx].seen = true;
        reject(im, im->record_line, t->adres.nummeraanduiding_id ? "nummeraanduiding_id"
                                                                  : "postcode", reason);
        return true;
    }
    if (!sl_intmap_put(im->traj_addr, address_id, 1))
        return sl_store_fail(im->st, "onvoldoende geheugen");
    track_row r = {.id = t->ncg_id, .id_column = "ncg_id", .onderwerp = "traject",
                   .status_veld = "stap", .status = (int)t->stap,
                   .status_name = sl_stap_name(t->stap), .status_date = t->stap_sinds,
                   .fp = sl_trajectory_fingerprint(t, address_id), .address_id = address_id};
    int64_t rowid;
    int w = track_compare(im, &r, idx, &rowid);
    if (w <= 0)
        return w == 0;
    return sl_store_trajectory_put(im->st, &rowid, t, address_id, r.fp, im->rep->delivery_id);
}

static bool row_claim(importer *im, const sl_claim *c)
{
    int64_t idx = find_known(im, c->img_id);
    if (idx >= 0 && im->known[idx].seen)
        return reject_duplicate(im, "img_id", c->img_id);
    int64_t address_id = resolve_address(im, &c->adres);
    if (!address_id) {
        if (idx >= 0)
            im->known[idx].seen = true;
        return true;
    }
    track_row r = {.id = c->img_id, .id_column = "img_id", .onderwerp = "schade",
                   .status_veld = "fase", .status = (int)c->fase,
                   .status_name = sl_fase_name(c->fase), .status_date = c->fase_sinds,
                   .fp = sl_claim_fingerprint(c, address_id), .address_id = address_id};
    int64_t rowid;
    int w = track_compare(im, &r, idx, &rowid);
    if (w <= 0)
        return w == 0;
    return sl_store_claim_put(im->st, &rowid, c, address_id, r.fp, im->rep->delivery_id);
}

/* ---- rows from the reader ------------------------------------------------- */

/*
 * Rows are matched against maps of up to a million entries, and nearly every
 * lookup misses the CPU cache. The importer asks for the slots of the row
 * PREFETCH_AHEAD places on while it works on this one, so that their memory
 * arrives in the meantime instead of each lookup waiting for it in turn.
 */
static void prefetch_row(const importer *im, const sl_read_row *row)
{
    if (row->status != SL_READ_OK)
        return;
    const sl_addr_ref *ref = NULL;
    switch (im->header.kind) {
    case SL_KIND_BAG:
        sl_intmap_prefetch(im->by_address, row->u.address.nummeraanduiding_id);
        sl_strmap_prefetch(im->addr_keys, row->u.address.key, strlen(row->u.address.key));
        return;
    case SL_KIND_NCG:
        sl_strmap_prefetch(im->by_source_id, row->u.trajectory.ncg_id,
                           strlen(row->u.trajectory.ncg_id));
        ref = &row->u.trajectory.adres;
        break;
    case SL_KIND_IMG:
        sl_strmap_prefetch(im->by_source_id, row->u.claim.img_id, strlen(row->u.claim.img_id));
        ref = &row->u.claim.adres;
        break;
    case SL_KIND_UNKNOWN:
        return;
    }
    if (ref->nummeraanduiding_id)
        sl_intmap_prefetch(im->addr_ids, ref->nummeraanduiding_id);
    else if (ref->has_key)
        sl_strmap_prefetch(im->addr_keys, ref->key, strlen(ref->key));
}

/* One row as the reader handed it over; false on a store error. */
static bool process_row(importer *im, const sl_read_row *row)
{
    im->record_line = row->line;
    im->row_offset = row->offset;
    im->row_len = row->len;
    im->rep->counts.rows++;
    switch (row->status) {
    case SL_READ_TOO_LONG: {
        char reason[160];
        snprintf(reason, sizeof reason, "rij is te lang (meer dan %d velden, een veld langer "
                 "dan %d tekens of samen meer dan %u tekens)", SL_READ_FIELDS_MAX,
                 SL_READ_FIELD_MAX, SL_READ_ROW_MAX);
        reject(im, im->record_line, "", reason);
        return !im->failed;
    }
    case SL_READ_INVALID:
        if (im->header.kind == SL_KIND_BAG) {
            address_rejected(im, &row->u.error);
        } else {
            mark_seen_by_error(im, &row->u.error);
            reject_row_error(im, &row->u.error);
        }
        return !im->failed;
    case SL_READ_OK:
        break;
    }
    bool ok = false;
    switch (im->header.kind) {
    case SL_KIND_BAG: ok = row_address(im, &row->u.address); break;
    case SL_KIND_NCG: ok = row_trajectory(im, &row->u.trajectory); break;
    case SL_KIND_IMG: ok = row_claim(im, &row->u.claim); break;
    case SL_KIND_UNKNOWN: break; /* the reader only hands over rows of a known kind */
    }
    return ok && !im->failed;
}

static void free_importer(importer *im)
{
    sl_signal_run_free(im->signals);
    sl_free(im->known);
    sl_strmap_free(im->by_source_id);
    sl_intmap_free(im->by_address);
    if (!im->addr_borrowed) {
        sl_intmap_free(im->addr_ids);
        sl_strmap_free(im->addr_keys);
    }
    sl_intmap_free(im->traj_addr);
    sl_free(im->old_keys);
    sl_bag_stage_free(&im->stage);
    sl_free(im);
}

/* Marks every record of the kind that the snapshot did not contain, with history. */
static bool mark_absent(importer *im)
{
    sl_kind kind = im->header.kind;
    const char *onderwerp = kind == SL_KIND_BAG ? "adres" : kind == SL_KIND_NCG ? "traject"
                                                                                 : "schade";
    /* every address touched before the first write, so that a run that defers
     * its reads (decision 242) reads them all at once */
    for (size_t i = 0; im->signals && i < im->nknown; i++) {
        const known *k = &im->known[i];
        if (!k->seen && !k->absent && !sl_signal_run_touch(im->signals, k->address_id))
            return false;
    }
    if (im->signals && !sl_signal_run_settle(im->signals))
        return false;
    for (size_t i = 0; i < im->nknown; i++) {
        known *k = &im->known[i];
        if (k->seen || k->absent)
            continue;
        char id[17];
        const char *key = k->source_id;
        if (kind == SL_KIND_BAG) {
            sl_bag_format(k->rowid, id);
            key = id;
        }
        if (!sl_store_mark_absent(im->st, kind, k->rowid, im->rep->delivery_id) ||
            !history(im, onderwerp, key, "afwezig", "nee", "ja", SL_DATE_NONE, SL_DATE_NONE))
            return false;
        im->rep->counts.absent++;
        k->absent = true;
    }
    return true;
}

/* Before the store sends held writes: the "before" of every address they touch. */
static bool before_send(void *ctx)
{
    importer *im = ctx;
    return sl_signal_run_settle(im->signals);
}

/*
 * After the register state is loaded: the first delivery of trajectories or
 * claims is the baseline (no signals); any later one runs the signal rules.
 * Bulk mode only without signals: the rules read by the indexes it suspends.
 * With signals, a store that holds writes back sends them in batches, and the
 * run reads the addresses a batch touches just before it goes (decision 242).
 */
static bool start_signals_or_bulk(importer *im)
{
    im->rep->baseline = im->nknown == 0;
    if (im->header.kind != SL_KIND_BAG && !im->rep->baseline) {
        im->signals = sl_signal_run_new(im->st, im->rep->delivery_id, NULL);
        if (!im->signals)
            return sl_store_fail(im->st, "onvoldoende geheugen");
        if (!sl_store_bulk_begin_held(im->st, im->header.kind, before_send, im, &im->bulk))
            return false;
        sl_signal_run_defer(im->signals, im->bulk);
        return true;
    }
    if (im->nknown >= BULK_BELOW)
        return true;
    im->bulk = sl_store_bulk_begin(im->st, im->header.kind);
    return im->bulk;
}

static int64_t current_count(const importer *im)
{
    int64_t n = 0;
    for (size_t i = 0; i < im->nknown; i++)
        n += !im->known[i].absent;
    return n;
}

/*
 * Once the reader has the header: the file's transaction, its delivery
 * record, the register's state, and signals or bulk mode, all before the
 * first data row.
 */
static bool begin_file(importer *im, const sl_reader *rd)
{
    im->header = *sl_reader_header(rd);
    im->rep->kind = im->header.kind;
    snprintf(im->rep->unknown_columns, sizeof im->rep->unknown_columns, "%s",
             sl_reader_unknown_columns(rd));
    /* A first load of its kind (decided before the transaction, where the
     * store can still change how it checks references): every address a row
     * names is one the importer found in the register, which never deletes one. */
    sl_register_counts rc;
    if (!sl_store_counts(im->st, &rc))
        return false;
    int64_t have = im->header.kind == SL_KIND_BAG   ? rc.adressen
                   : im->header.kind == SL_KIND_NCG ? rc.trajecten
                                                    : rc.schades;
    return (have == 0 ? sl_store_begin_load(im->st, im->header.kind) : sl_store_begin(im->st)) &&
           sl_store_delivery_add(im->st, im->file, im->header.kind, &im->rep->delivery_id) &&
           load_state(im) && start_signals_or_bulk(im);
}

/* A file of a kind the caller may not deliver: refused before anything is written. */
static bool refused_kind(importer *im, const sl_reader *rd)
{
    sl_kind kind = sl_reader_header(rd)->kind;
    if (!im->hooks || !(im->hooks->kinds_refused & (1u << kind)))
        return false;
    im->rep->kind = kind;
    im->rep->refused = true;
    snprintf(im->rep->error, sizeof im->rep->error, "een levering %s mag dit account niet doen",
             sl_kind_name(kind));
    return true;
}

/* The key a held delivery lists for each record the snapshot would mark absent. */
static bool each_would_be_absent(void *ctx, sl_key_cb cb, void *cb_ctx)
{
    const importer *im = ctx;
    for (size_t i = 0; i < im->nknown; i++) {
        const known *k = &im->known[i];
        if (k->seen || k->absent)
            continue;
        char id[17];
        if (im->header.kind == SL_KIND_BAG)
            sl_bag_format(k->rowid, id);
        if (!cb(cb_ctx, im->header.kind == SL_KIND_BAG ? id : k->source_id))
            return false;
    }
    return true;
}

/*
 * Before anything is marked absent: a snapshot that would mark more than the
 * allowed share of its kind's current records absent is held instead
 * (service/delivery_hold.h), which ends the file's transaction. 1 held, 0 not
 * due, -1 failed (the report's error says why).
 */
static int hold_if_due(importer *im, const char *digest_hex)
{
    const sl_import_hooks *h = im->hooks;
    if (!h || !h->hold_absent)
        return 0;
    int64_t current = current_count(im), gone = 0;
    for (size_t i = 0; i < im->nknown; i++)
        gone += !im->known[i].absent && !im->known[i].seen;
    if (!sl_absent_share_exceeds(gone, current, h->max_absent_percent))
        return 0;
    sl_held_delivery hd = {.file = im->file, .kind = im->header.kind, .counts = &im->rep->counts,
                           .sha256_hex = digest_hex, .would_absent = gone, .current = current,
                           .door = h->door, .by = h->by, .keep_dir = h->keep_dir,
                           .rejects_of = im->rep->delivery_id, .each_key = each_would_be_absent,
                           .keys_ctx = im};
    if (!sl_delivery_hold(im->st, &hd, &im->rep->delivery_id, im->rep->error,
                          sizeof im->rep->error))
        return -1;
    im->rep->held = true;
    im->rep->would_absent = gone;
    im->rep->current = current;
    return 1;
}

/* Who delivered, and the caller's own writes, in the file's transaction. */
static bool before_commit(importer *im)
{
    const sl_import_hooks *h = im->hooks;
    if (!h)
        return true;
    if (h->door && !sl_store_delivery_set_door(im->st, im->rep->delivery_id, h->door))
        return false;
    return !h->before_commit || h->before_commit(h->commit_ctx, im->st, im->rep);
}

static bool import_stream(importer *im, FILE *f, uint64_t total)
{
    char digest_hex[2 * crypto_hash_sha256_BYTES + 1];
    bool ok = false, began = false;
    im->fd = fileno(f);
    sl_reader *rd = sl_reader_start(f, im->rep->error, sizeof im->rep->error);
    if (!rd)
        return false;

    /* Batches come in file order; the header's comes first and alone. */
    const sl_read_batch *b;
    while ((b = sl_reader_next(rd))) {
        if (b->header) {
            began = true;
            if (refused_kind(im, rd))
                goto out;
            if (!begin_file(im, rd))
                goto store_error;
        }
        for (size_t i = 0; i < b->nrows; i++) {
            if (i + PREFETCH_AHEAD < b->nrows)
                prefetch_row(im, &b->rows[i + PREFETCH_AHEAD]);
            if (!process_row(im, &b->rows[i]))
                goto store_error;
        }
        if (b->has_progress && im->hooks && im->hooks->on_progress)
            im->hooks->on_progress(im->hooks->ctx, b->done, total);
    }
    if (!sl_reader_result(rd, digest_hex, im->rep->error, sizeof im->rep->error))
        goto out;
    if (!began) { /* the reader reads no file whole without its header */
        snprintf(im->rep->error, sizeof im->rep->error, "het bestand is leeg");
        goto out;
    }
    if (!sl_bag_stage_write(&im->stage, im->st, im->rep->delivery_id))
        goto store_error;
    if (im->bulk && !sl_store_bulk_end(im->st, im->header.kind))
        goto store_error;
    im->bulk = false;
    /* A snapshot without one valid row is no snapshot: marking everything absent
     * because of a broken file would hide the whole register. */
    if (im->rep->counts.imported == 0 && im->nknown > 0) {
        im->rep->absent_skipped = true;
    } else {
        int held = hold_if_due(im, digest_hex);
        if (held != 0) {
            ok = held > 0;
            goto out;
        }
        if (!mark_absent(im))
            goto store_error;
    }
    if (!sl_store_set_count(im->st, im->header.kind, current_count(im)))
        goto store_error;
    if (im->header.kind != SL_KIND_BAG &&
        !sl_classify_refresh(im->st, im->rep->delivery_id, &im->rep->classified))
        goto store_error;
    if (im->signals) {
        if (!sl_signal_run_finish(im->signals, im->today, &im->rep->signals))
            goto store_error;
    } else if (im->header.kind != SL_KIND_BAG && !sl_dossiers_baseline(im->st)) {
        goto store_error;
    }
    /* the counts, and the delivery's processing-log record (decision 87) */
    if (!before_commit(im) ||
        !sl_delivery_finish_logged(im->st, im->rep, digest_hex, im->hooks ? im->hooks->by : NULL) ||
        !sl_store_commit(im->st))
        goto store_error;
    ok = true;
    goto out;

store_error:
    snprintf(im->rep->error, sizeof im->rep->error, "%s", sl_store_errmsg(im->st));
out:
    /* stops the reader (when the import gave up early) before the rollback */
    sl_reader_free(rd);
    if (!ok)
        sl_store_rollback(im->st);
    return ok;
}

/*
 * After a committed BAG file: its address index for the session. The ids are
 * by_address (every address loaded or added); the keys are those this file's
 * valid rows gave their addresses, plus the stored key of every loaded
 * address no valid row touched, the highest id winning a shared key as in
 * the scan (load_address_cb). False when memory runs out.
 */
static bool complete_bag_index(importer *im)
{
    for (size_t i = 0; i < im->nold; i++) {
        const known *k = &im->known[i];
        const char *key = im->old_keys[i];
        if (k->keyed || !key[0])
            continue;
        size_t len = strlen(key);
        int64_t have;
        if (sl_strmap_get(im->addr_keys, key, len, &have) && have >= k->rowid)
            continue;
        if (!sl_strmap_put(im->addr_keys, key, len, k->rowid))
            return false;
    }
    return true;
}

/*
 * After a committed file: leaves the address index to the next file of the
 * session. Out of memory here fails nothing: the next file scans the register.
 */
static void session_keep(importer *im)
{
    sl_import_session *ses = im->session;
    int64_t id = im->rep->delivery_id;
    if (im->header.kind != SL_KIND_BAG) {
        if (im->addr_borrowed) {
            sl_import_session_advance(ses, id);
        } else { /* loaded by this file: hand it over */
            sl_import_session_keep(ses, id, im->addr_ids, im->addr_keys);
            im->addr_ids = NULL;
            im->addr_keys = NULL;
        }
        return;
    }
    if (!complete_bag_index(im)) {
        sl_import_session_keep(ses, id, NULL, NULL);
        return;
    }
    sl_import_session_keep(ses, id, im->by_address, im->addr_keys);
    im->by_address = NULL;
    im->addr_keys = NULL;
}

/* Today's date (UTC) for callers that do not say which day it is. */
static sl_date clock_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    sl_date d = SL_DATE_NONE;
    if (gmtime_r(&now, &tm))
        sl_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d);
    return d;
}

/* One file, on its own (ses NULL) or as part of a session. */
static bool import_file(sl_store *st, sl_import_session *ses, const char *path,
                        const sl_import_hooks *hooks, sl_import_report *report)
{
    memset(report, 0, sizeof *report);
    report->file = path;
    if (sodium_init() < 0) {
        snprintf(report->error, sizeof report->error, "libsodium starten mislukt");
        return false;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(report->error, sizeof report->error, "openen mislukt: %s", strerror(errno));
        return false;
    }
    struct stat sb;
    uint64_t total = fstat(fileno(f), &sb) == 0 ? (uint64_t)sb.st_size : 0;
    importer *im = sl_calloc(1, sizeof *im);
    if (!im) {
        fclose(f);
        snprintf(report->error, sizeof report->error, "onvoldoende geheugen");
        return false;
    }
    im->st = st;
    im->hooks = hooks;
    im->rep = report;
    im->file = path;
    im->file_size = total;
    im->session = ses;
    im->today = hooks && hooks->today != 0 && hooks->today != SL_DATE_NONE ? hooks->today
                                                                          : clock_today();
    bool ok = import_stream(im, f, total);
    fclose(f);
    if (ok && ses && !report->held)
        session_keep(im);
    else if (ses && report->held) /* a held BAG file's index describes what was not applied */
        sl_import_session_drop_index(ses);
    free_importer(im);
    if (!ok) {
        /* Nothing was written: the counts describe nothing the register holds. */
        sl_kind kind = report->kind;
        memset(&report->counts, 0, sizeof report->counts);
        report->kind = kind;
        report->held = false;
        report->delivery_id = 0;
    }
    report->processed = ok;
    return ok;
}

bool sl_import_file(sl_store *st, const char *path, const sl_import_hooks *hooks,
                    sl_import_report *report)
{
    return import_file(st, NULL, path, hooks, report);
}

bool sl_import_session_file(sl_import_session *ses, const char *path,
                            const sl_import_hooks *hooks, sl_import_report *report)
{
    bool ok = import_file(sl_import_session_store(ses), ses, path, hooks, report);
    /* A failed file wrote nothing, but whatever it was about to leave is suspect. */
    if (!ok)
        sl_import_session_drop_index(ses);
    return ok;
}

sl_kind sl_import_peek_kind(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return SL_KIND_UNKNOWN;
    sl_kind kind = sl_reader_peek_kind(f);
    fclose(f);
    return kind;
}
