/*
 * records.c - the PostgreSQL backend of the register records
 * (store/records_store.h): addresses, trajectories and claims as delivered and
 * as read one address at a time, their history, the counts and single-record
 * versioned updates. The same semantics as store/sqlite/records.c.
 *
 * Bulk mode (decision 146): between bulk_begin and bulk_end the writes of this
 * family are not sent one statement per row but collected per table in COPY's
 * text format and sent with COPY ... FROM STDIN when the buffers fill, at
 * bulk_end (or commit), or before any other call of this family on the handle
 * (so that its reads see them). New rows go straight into their table (their ids drawn
 * from the table's sequence in blocks, so that *rowid is known at once);
 * changed rows go into a temporary staging table and reach the register in
 * one set-based UPDATE ... FROM / INSERT ... ON CONFLICT per flush.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "store/pg/pg_int.h"

/* Columns 0-9 of a claim / trajectory, read by read_claim / read_trajectory. */
#define CLAIM_COLUMNS                                                                       \
    "img_id, regeling, fase, fase_sinds, ontvangen_op, urgent, aos, aos_gegrond,"           \
    " zaakbegeleider, besluit_bedrag"
#define TRAJ_COLUMNS                                                                        \
    "ncg_id, stap, stap_sinds, risicoprofiel, batch, programma, bijzondere_situatie,"      \
    " keuze_bewoner, bewonersbegeleider, aannemersovereenkomst"
#define ADDRESS_COLUMNS                                                                     \
    "verblijfsobject_id, pand_id, coalesce(straat, ''), huisnummer, huisletter,"           \
    " toevoeging, postcode, coalesce(woonplaats, ''), gemeentecode, x, y,"                 \
    " coalesce(bouwjaar, 0), kern, sleutel, afwezig"

/* The columns a delivery writes, in the order of the row statements' parameters
 * and of the COPY lines (write_*_fields). */
#define ADDRESS_WRITE                                                                       \
    "nummeraanduiding_id, verblijfsobject_id, pand_id, straat, huisnummer, huisletter,"    \
    " toevoeging, postcode, woonplaats, gemeentecode, x, y, bouwjaar, kern, sleutel,"      \
    " vingerafdruk, levering_id"
#define TRAJ_WRITE                                                                          \
    "nummeraanduiding_id, stap, stap_sinds, risicoprofiel, batch, programma,"              \
    " bijzondere_situatie, keuze_bewoner, bewonersbegeleider, aannemersovereenkomst,"      \
    " vingerafdruk, levering_id"
#define CLAIM_WRITE                                                                         \
    "nummeraanduiding_id, regeling, fase, fase_sinds, ontvangen_op, urgent, aos,"          \
    " aos_gegrond, zaakbegeleider, besluit_bedrag, vingerafdruk, levering_id"
#define HISTORY_WRITE \
    "onderwerp, sleutel, veld, van, naar, datum, levering_id, gebruiker, van_sinds"

#define ADDRESS_UPSERT_SET                                                                  \
    " ON CONFLICT (nummeraanduiding_id) DO UPDATE SET"                                     \
    " verblijfsobject_id = excluded.verblijfsobject_id, pand_id = excluded.pand_id,"       \
    " straat = excluded.straat, huisnummer = excluded.huisnummer,"                         \
    " huisletter = excluded.huisletter, toevoeging = excluded.toevoeging,"                 \
    " postcode = excluded.postcode, woonplaats = excluded.woonplaats,"                     \
    " gemeentecode = excluded.gemeentecode, x = excluded.x, y = excluded.y,"               \
    " bouwjaar = excluded.bouwjaar, kern = excluded.kern, sleutel = excluded.sleutel,"     \
    " afwezig = false, vingerafdruk = excluded.vingerafdruk,"                              \
    " levering_id = excluded.levering_id"

/* A scan reads its table in pages of this many rows by key, so that a million
 * claims never sit in one result, and the callback may use the store between
 * pages. */
#define SCAN_PAGE 20000
#define SCAN_PAGE_TEXT "20000"

static const sl_pg_query q_states[SL_KIND_IMG + 1] = {
    [SL_KIND_BAG] = {"records_states_bag",
                     "SELECT nummeraanduiding_id, NULL, sleutel, 0, vingerafdruk, NULL, afwezig,"
                     " NULL FROM adres WHERE nummeraanduiding_id > $1"
                     " ORDER BY nummeraanduiding_id LIMIT " SCAN_PAGE_TEXT},
    [SL_KIND_NCG] = {"records_states_ncg",
                     "SELECT id, ncg_id, NULL, nummeraanduiding_id, vingerafdruk, stap, afwezig,"
                     " stap_sinds FROM traject WHERE id > $1 ORDER BY id LIMIT " SCAN_PAGE_TEXT},
    [SL_KIND_IMG] = {"records_states_img",
                     "SELECT id, img_id, NULL, nummeraanduiding_id, vingerafdruk, fase, afwezig,"
                     " fase_sinds FROM schade WHERE id > $1 ORDER BY id LIMIT " SCAN_PAGE_TEXT},
};
static const sl_pg_query q_address_keys = {
    "records_address_keys",
    "SELECT nummeraanduiding_id, sleutel FROM adres WHERE nummeraanduiding_id > $1"
    " ORDER BY nummeraanduiding_id LIMIT " SCAN_PAGE_TEXT};
static const sl_pg_query q_address_put = {
    "records_address_put",
    "INSERT INTO adres (" ADDRESS_WRITE ", afwezig) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
    " $9, $10, $11, $12, $13, $14, $15, $16, $17, false)" ADDRESS_UPSERT_SET};
static const sl_pg_query q_address_add = {
    "records_address_add",
    "INSERT INTO adres (" ADDRESS_WRITE ", afwezig) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
    " $9, $10, $11, $12, $13, $14, $15, $16, $17, false)"};
static const sl_pg_query q_traj_insert = {
    "records_traj_insert",
    "INSERT INTO traject (" TRAJ_WRITE ", ncg_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
    " $10, $11, $12, $13) RETURNING id"};
static const sl_pg_query q_traj_update = {
    "records_traj_update",
    "UPDATE traject SET nummeraanduiding_id = $1, stap = $2, stap_sinds = $3,"
    " risicoprofiel = $4, batch = $5, programma = $6, bijzondere_situatie = $7,"
    " keuze_bewoner = $8, bewonersbegeleider = $9, aannemersovereenkomst = $10,"
    " vingerafdruk = $11, levering_id = $12, afwezig = false, versie = versie + 1"
    " WHERE id = $13"};
static const sl_pg_query q_claim_insert = {
    "records_claim_insert",
    "INSERT INTO schade (" CLAIM_WRITE ", img_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
    " $10, $11, $12, $13) RETURNING id"};
static const sl_pg_query q_claim_update = {
    "records_claim_update",
    "UPDATE schade SET nummeraanduiding_id = $1, regeling = $2, fase = $3, fase_sinds = $4,"
    " ontvangen_op = $5, urgent = $6, aos = $7, aos_gegrond = $8, zaakbegeleider = $9,"
    " besluit_bedrag = $10, vingerafdruk = $11, levering_id = $12, afwezig = false,"
    " versie = versie + 1 WHERE id = $13"};
static const sl_pg_query q_absent[SL_KIND_IMG + 1] = {
    [SL_KIND_BAG] = {"records_absent_bag", "UPDATE adres SET afwezig = true, levering_id = $2"
                                           " WHERE nummeraanduiding_id = $1"},
    [SL_KIND_NCG] = {"records_absent_ncg", "UPDATE traject SET afwezig = true, levering_id = $2,"
                                           " versie = versie + 1 WHERE id = $1"},
    [SL_KIND_IMG] = {"records_absent_img", "UPDATE schade SET afwezig = true, levering_id = $2,"
                                           " versie = versie + 1 WHERE id = $1"},
};
static const sl_pg_query q_history_add = {
    "records_history_add",
    "INSERT INTO statushistorie (" HISTORY_WRITE ")"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
static const sl_pg_query q_counts = {
    "records_counts", "SELECT (SELECT aantal FROM telling WHERE soort = 'adres'),"
                      " (SELECT aantal FROM telling WHERE soort = 'traject'),"
                      " (SELECT aantal FROM telling WHERE soort = 'schade')"};
/* Not kept like `telling`: one municipality is counted when asked, through its
 * addresses' index. */
static const sl_pg_query q_counts_in = {
    "records_counts_in",
    "SELECT (SELECT count(*) FROM adres WHERE gemeentecode = $1 AND NOT afwezig),"
    " (SELECT count(*) FROM adres a JOIN traject t USING (nummeraanduiding_id)"
    "  WHERE a.gemeentecode = $1 AND NOT t.afwezig),"
    " (SELECT count(*) FROM adres a JOIN schade s USING (nummeraanduiding_id)"
    "  WHERE a.gemeentecode = $1 AND NOT s.afwezig)"};
static const sl_pg_query q_set_count = {"records_set_count",
                                        "UPDATE telling SET aantal = $2 WHERE soort = $1"};
/* "C": the codes in byte order, as SQLite's BINARY collation sorts them */
static const sl_pg_query q_gemeentecodes = {
    "records_gemeentecodes", "SELECT DISTINCT gemeentecode COLLATE \"C\" FROM adres ORDER BY 1"};
static const sl_pg_query q_address_get = {
    "records_address_get", "SELECT " ADDRESS_COLUMNS ", nummeraanduiding_id FROM adres"
                           " WHERE nummeraanduiding_id = $1"};
/* at most 32, as the SQLite backend reads: a key matches a handful */
static const sl_pg_query q_address_by_key = {
    "records_address_by_key", "SELECT " ADDRESS_COLUMNS ", nummeraanduiding_id FROM adres"
                              /* the key, or the key with a letter or addition
                               * after it, as SQLite's; byte order, whatever the
                               * database's collation */
                              " WHERE sleutel = $1 OR (sleutel COLLATE \"C\" >= $1 || ' '"
                              " AND sleutel COLLATE \"C\" < $1 || '!')"
                              " ORDER BY afwezig, sleutel <> $1, sleutel COLLATE \"C\","
                              " nummeraanduiding_id LIMIT 32"};
static const sl_pg_query q_traj_of = {
    "records_traj_of", "SELECT " TRAJ_COLUMNS ", afwezig FROM traject"
                       " WHERE nummeraanduiding_id = $1 ORDER BY afwezig, id"};
/* NULLS FIRST: where SQLite sorts an unknown date */
static const sl_pg_query q_claims_of = {
    "records_claims_of", "SELECT " CLAIM_COLUMNS ", afwezig FROM schade"
                         " WHERE nummeraanduiding_id = $1"
                         " ORDER BY afwezig, ontvangen_op NULLS FIRST, id"};
#define HISTORY_COLUMNS                                                                     \
    "h.onderwerp, h.sleutel, h.veld, coalesce(h.van, ''), coalesce(h.naar, ''), h.datum,"   \
    " iso_utc(h.vastgelegd_op), coalesce(h.levering_id, 0), coalesce(h.gebruiker, ''), h.id"
static const sl_pg_query q_history_of = {
    "records_history_of",
    "SELECT " HISTORY_COLUMNS " FROM statushistorie h"
    " WHERE h.onderwerp = 'adres' AND h.sleutel = $2"
    " UNION ALL SELECT " HISTORY_COLUMNS " FROM statushistorie h"
    " WHERE h.onderwerp = 'combinatiedossier' AND h.sleutel = $2"
    " UNION ALL SELECT " HISTORY_COLUMNS " FROM traject t JOIN statushistorie h"
    " ON h.onderwerp = 'traject' AND h.sleutel = t.ncg_id WHERE t.nummeraanduiding_id = $1"
    " UNION ALL SELECT " HISTORY_COLUMNS " FROM schade s JOIN statushistorie h"
    " ON h.onderwerp = 'schade' AND h.sleutel = s.img_id WHERE s.nummeraanduiding_id = $1"
    " ORDER BY 10"};
static const sl_pg_query q_claim_get = {
    "records_claim_get", "SELECT " CLAIM_COLUMNS ", afwezig, id, nummeraanduiding_id, versie"
                         " FROM schade WHERE img_id = $1"};
static const sl_pg_query q_traj_get = {
    "records_traj_get", "SELECT " TRAJ_COLUMNS ", afwezig, id, nummeraanduiding_id, versie"
                        " FROM traject WHERE ncg_id = $1"};
/* the version check is the WHERE clause: no row comes back when it moved on */
static const sl_pg_query q_claim_set_status = {
    "records_claim_set_status",
    "UPDATE schade SET fase = $3, fase_sinds = $4, urgent = $5, zaakbegeleider = $6,"
    " vingerafdruk = $7, versie = versie + 1 WHERE id = $1 AND versie = $2 RETURNING versie"};
static const sl_pg_query q_traj_set_status = {
    "records_traj_set_status",
    "UPDATE traject SET stap = $3, stap_sinds = $4, bijzondere_situatie = $5,"
    " bewonersbegeleider = $6, aannemersovereenkomst = $7, vingerafdruk = $8,"
    " versie = versie + 1 WHERE id = $1 AND versie = $2 RETURNING versie"};
static const sl_pg_query q_damage_add = {
    "records_damage_add",
    "INSERT INTO schademelding_aannemer (ncg_id, nummeraanduiding_id, omschrijving, gemeld_op,"
    " door) VALUES ($1, $2, $3, $4, $5) RETURNING id, iso_utc(aangemaakt_op)"};
/* bulk mode: a block of ids for new rows */
/*
 * A block of $2 ids of the table $1's sequence in one step: the last of them
 * comes back. Every writer holds the register's writer lock (decision 143),
 * so no other nextval falls between this one and the setval; were one to,
 * the primary key would refuse the doubled id rather than store it.
 */
static const sl_pg_query q_id_block = {
    "records_id_block",
    "SELECT setval(pg_get_serial_sequence($1, 'id'),"
    " nextval(pg_get_serial_sequence($1, 'id')) + $2 - 1)"};
/*
 * What a first load suspends on its table: the secondary indexes and the
 * foreign keys, each as the statement that drops it and the one that makes it
 * again, read from the catalogue so that a later migration's index is
 * included. The primary key stays (upserts and updates find rows by it).
 */
static const sl_pg_query q_suspendable = {
    "records_suspendable",
    "SELECT format('ALTER TABLE %I DROP CONSTRAINT %I', $1::text, conname),"
    " format('ALTER TABLE %I ADD CONSTRAINT %I %s', $1::text, conname,"
    " pg_get_constraintdef(oid))"
    " FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'"
    " UNION ALL"
    " SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)"
    " FROM pg_index i WHERE i.indrelid = $1::regclass AND NOT i.indisprimary"
    " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"};

/* ---- parameters ---------------------------------------------------------------- */

/* A double that reads back as the same bits (SQLite stores the binary value). */
static void param_double(sl_pg_params *p, double v, char buf[32])
{
    snprintf(buf, 32, "%.17g", v);
    sl_pg_param_text(p, buf);
}

/* "kern" is an integer column (0/1, NULL unknown) as in SQLite. */
static void param_flag_int(sl_pg_params *p, sl_flag f)
{
    if (f == SL_FLAG_UNKNOWN)
        sl_pg_param_text(p, NULL);
    else
        sl_pg_param_int(p, f == SL_FLAG_JA);
}

static const char *kind_table(sl_kind kind)
{
    return kind == SL_KIND_BAG ? "adres" : kind == SL_KIND_NCG ? "traject" : "schade";
}

static bool valid_kind(pg_store *ps, sl_kind kind)
{
    if (kind == SL_KIND_BAG || kind == SL_KIND_NCG || kind == SL_KIND_IMG)
        return true;
    return sl_store_fail(&ps->base, "onbekende soort levering");
}

/* ======================================================================================
 * Bulk mode: rows in COPY text format, per destination
 * ====================================================================================== */

enum {
    B_ADDRESS_NEW,  /* address_add: COPY into adres */
    B_ADDRESS_PUT,  /* address_put: COPY into the stage, then an upsert */
    B_TRAJ_NEW,     /* trajectory_put of a new row: COPY into traject */
    B_TRAJ_CHANGED, /* of a stored row: COPY into the stage, then UPDATE ... FROM */
    B_CLAIM_NEW,
    B_CLAIM_CHANGED,
    B_HISTORY,      /* history_add: COPY into statushistorie */
    B_COUNT
};

/* Flushed when all buffers together hold this much: a few round trips per
 * hundred thousand rows, and little memory. */
#define FLUSH_BYTES (8u << 20)
#define ID_BLOCK_MAX 65536

typedef struct copybuf {
    char *data;
    size_t len, cap;
} copybuf;

typedef struct id_block {
    int64_t next, last, want; /* the next unused id, one past the block, the next block's size */
} id_block;

/*
 * One bulk per thread: a store handle belongs to one thread (store.h), and a
 * bulk lives inside one write transaction of one handle, `owner`. While it is
 * open the handle's backend is `hooked`, a copy of its own whose commit sends
 * what is left and whose rollback drops it: however the transaction ends, no
 * row of it stays behind for the next one (an import that fails rolls back
 * without bulk_end), and the handle gets its own backend back.
 */
typedef struct bulk_state {
    pg_store *owner;
    const sl_store_backend *backend; /* the owner's own */
    sl_store_backend hooked;
    copybuf buf[B_COUNT];
    size_t bytes;
    id_block traj_ids, claim_ids;
    sl_kind kind;
    bool sent;      /* rows went to the server */
    /* held writes (bulk_begin_held): called before anything of this family
     * goes out, so that the caller reads the register as it was first */
    sl_before_send_cb before_send;
    void *before_ctx;
    bool in_before;
    char **rebuild; /* statements that restore what a first load suspended */
    size_t nrebuild;
} bulk_state;

static _Thread_local bulk_state bulk;

static bool in_bulk(pg_store *ps) { return bulk.owner == ps; }

/* Ends the bulk without sending anything: the handle's own backend back. */
static void bulk_discard(void)
{
    if (bulk.owner)
        bulk.owner->base.backend = bulk.backend;
    for (int i = 0; i < B_COUNT; i++)
        sl_free(bulk.buf[i].data);
    for (size_t i = 0; i < bulk.nrebuild; i++)
        sl_free(bulk.rebuild[i]);
    sl_free(bulk.rebuild);
    memset(&bulk, 0, sizeof bulk);
}

static bool buf_reserve(copybuf *b, size_t more)
{
    if (b->len + more <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 1u << 16;
    while (cap < b->len + more)
        cap *= 2;
    char *grown = sl_realloc(b->data, cap);
    if (!grown)
        return false;
    b->data = grown;
    b->cap = cap;
    return true;
}

/*
 * A line is built in a scratch buffer of fixed size (every field of a record
 * has a cap; the widest row, escaped, fits many times) and then appended.
 */
typedef struct line {
    char s[4096];
    size_t n;
    bool overflow;
} line;

static void put_raw(line *l, const char *s, size_t n)
{
    if (l->n + n + 2 > sizeof l->s) {
        l->overflow = true;
        return;
    }
    memcpy(l->s + l->n, s, n);
    l->n += n;
}

static void put_sep(line *l)
{
    if (l->n)
        put_raw(l, "\t", 1);
}

static void put_null(line *l)
{
    put_sep(l);
    put_raw(l, "\\N", 2);
}

/* COPY's text format: backslash, tab, newline and carriage return escaped. */
static void put_text(line *l, const char *s)
{
    put_sep(l);
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '\\': put_raw(l, "\\\\", 2); break;
        case '\t': put_raw(l, "\\t", 2); break;
        case '\n': put_raw(l, "\\n", 2); break;
        case '\r': put_raw(l, "\\r", 2); break;
        default: put_raw(l, p, 1);
        }
    }
}

static void put_text_or_null(line *l, const char *s)
{
    if (s && *s)
        put_text(l, s);
    else
        put_null(l);
}

static void put_int(line *l, long long v)
{
    char b[24];
    put_sep(l);
    put_raw(l, b, (size_t)snprintf(b, sizeof b, "%lld", v));
}

static void put_id_or_null(line *l, int64_t v)
{
    if (v)
        put_int(l, v);
    else
        put_null(l);
}

static void put_date(line *l, sl_date d)
{
    if (d == SL_DATE_NONE) {
        put_null(l);
        return;
    }
    char b[11];
    sl_date_format(d, b);
    put_sep(l);
    put_raw(l, b, 10);
}

static void put_flag(line *l, sl_flag f)
{
    if (f == SL_FLAG_UNKNOWN)
        put_null(l);
    else
        put_text(l, f == SL_FLAG_JA ? "t" : "f");
}

static void put_flag_int(line *l, sl_flag f)
{
    if (f == SL_FLAG_UNKNOWN)
        put_null(l);
    else
        put_int(l, f == SL_FLAG_JA);
}

static void put_double(line *l, double v)
{
    char b[32];
    put_sep(l);
    put_raw(l, b, (size_t)snprintf(b, sizeof b, "%.17g", v));
}

/* ---- the fields of each kind, in the order of *_WRITE -------------------------- */

static void address_fields(line *l, const sl_address *a, uint64_t fp, int64_t delivery_id)
{
    put_int(l, a->nummeraanduiding_id);
    put_id_or_null(l, a->verblijfsobject_id);
    put_id_or_null(l, a->pand_id);
    put_text_or_null(l, a->straat);
    put_int(l, a->nr.huisnummer);
    put_text(l, a->nr.huisletter);
    put_text(l, a->nr.toevoeging);
    put_text(l, a->postcode);
    put_text_or_null(l, a->woonplaats);
    put_text(l, a->gemeentecode);
    if (a->has_xy) {
        put_double(l, a->x);
        put_double(l, a->y);
    } else {
        put_null(l);
        put_null(l);
    }
    put_id_or_null(l, a->bouwjaar);
    put_flag_int(l, a->kern);
    put_text(l, a->key);
    put_int(l, (int64_t)fp);
    put_int(l, delivery_id);
}

static void trajectory_fields(line *l, const sl_trajectory *t, int64_t address_id, uint64_t fp,
                              int64_t delivery_id)
{
    put_int(l, address_id);
    put_text(l, sl_stap_name(t->stap));
    put_date(l, t->stap_sinds);
    put_text(l, sl_risico_name(t->risicoprofiel));
    put_text(l, t->batch);
    put_text(l, sl_programma_name(t->programma));
    put_flag(l, t->bijzondere_situatie);
    put_text(l, sl_keuze_name(t->keuze_bewoner));
    put_text(l, t->bewonersbegeleider);
    put_date(l, t->aannemersovereenkomst);
    put_int(l, (int64_t)fp);
    put_int(l, delivery_id);
}

static void claim_fields(line *l, const sl_claim *c, int64_t address_id, uint64_t fp,
                         int64_t delivery_id)
{
    put_int(l, address_id);
    put_text(l, sl_regeling_name(c->regeling));
    put_text(l, sl_fase_name(c->fase));
    put_date(l, c->fase_sinds);
    put_date(l, c->ontvangen_op);
    put_flag(l, c->urgent);
    put_flag(l, c->aos);
    put_flag(l, c->aos_gegrond);
    put_text(l, c->zaakbegeleider);
    if (c->has_bedrag)
        put_int(l, c->besluit_bedrag);
    else
        put_null(l);
    put_int(l, (int64_t)fp);
    put_int(l, delivery_id);
}

/* A history row as COPY takes it, for a bulk and for the rows held outside one
 * (decision 243) alike: a new column of statushistorie goes here and into
 * HISTORY_WRITE, and into q_history_add for the row written alone. */
static void history_fields(line *l, const sl_history *h)
{
    put_text(l, h->onderwerp);
    put_text(l, h->sleutel);
    put_text(l, h->veld);
    put_text_or_null(l, h->van);
    put_text_or_null(l, h->naar);
    put_date(l, h->datum);
    put_id_or_null(l, h->delivery_id);
    put_text_or_null(l, h->gebruiker);
    put_date(l, sl_history_van_sinds(h));
}

/* ---- sending ----------------------------------------------------------------- */

/* The handle's message without libpq's trailing newline; returns false. */
static bool trimmed_fail(pg_store *ps)
{
    size_t n = strlen(ps->base.errmsg);
    while (n > 0 && (ps->base.errmsg[n - 1] == '\n' || ps->base.errmsg[n - 1] == ' '))
        ps->base.errmsg[--n] = '\0';
    return false;
}

/* Runs one COPY ... FROM STDIN with the buffer's lines. */
static bool copy_in(pg_store *ps, const char *sql, const copybuf *b, const char *what)
{
    PGconn *c = sl_pg_conn(ps->pg);
    PGresult *res = PQexec(c, sql);
    bool started = res && PQresultStatus(res) == PGRES_COPY_IN;
    if (!started) {
        sl_store_fail(&ps->base, "%s: %s", what,
                      res ? PQresultErrorMessage(res) : PQerrorMessage(c));
        PQclear(res);
        return trimmed_fail(ps);
    }
    PQclear(res);
    bool sent = PQputCopyData(c, b->data, (int)b->len) == 1;
    if (PQputCopyEnd(c, sent ? NULL : "afgebroken") != 1)
        sent = false;
    bool ok = true;
    while ((res = PQgetResult(c))) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && ok) {
            sl_store_fail(&ps->base, "%s: %s", what, PQresultErrorMessage(res));
            ok = false;
        }
        PQclear(res);
    }
    if (ok && !sent)
        sl_store_fail(&ps->base, "%s: %s", what, PQerrorMessage(c));
    return (ok && sent) || trimmed_fail(ps);
}

/* Where each buffer goes: a COPY into its table, or into a staging table
 * (created for the transaction) and from there in one statement. */
typedef struct destination {
    const char *stage;  /* CREATE of the staging table; NULL: COPY into the table itself */
    const char *copy;   /* the COPY statement */
    const char *merge;  /* the set-based write from the stage */
    const char *clear;  /* empties the stage for the next flush */
    const char *what;
} destination;

#define TRAJ_FROM_STAGE                                                                     \
    "nummeraanduiding_id = s.nummeraanduiding_id, stap = s.stap, stap_sinds = s.stap_sinds," \
    " risicoprofiel = s.risicoprofiel, batch = s.batch, programma = s.programma,"          \
    " bijzondere_situatie = s.bijzondere_situatie, keuze_bewoner = s.keuze_bewoner,"       \
    " bewonersbegeleider = s.bewonersbegeleider,"                                          \
    " aannemersovereenkomst = s.aannemersovereenkomst, vingerafdruk = s.vingerafdruk,"     \
    " levering_id = s.levering_id"
#define CLAIM_FROM_STAGE                                                                    \
    "nummeraanduiding_id = s.nummeraanduiding_id, regeling = s.regeling, fase = s.fase,"   \
    " fase_sinds = s.fase_sinds, ontvangen_op = s.ontvangen_op, urgent = s.urgent,"        \
    " aos = s.aos, aos_gegrond = s.aos_gegrond, zaakbegeleider = s.zaakbegeleider,"        \
    " besluit_bedrag = s.besluit_bedrag, vingerafdruk = s.vingerafdruk,"                   \
    " levering_id = s.levering_id"

/* In flush order: addresses before the records that point at them, new rows
 * before changes (a change may follow its row's insert in one bulk), history
 * last, in the order it was added (its ids order an address's history). The
 * importer never writes one record twice in a bulk, which the set-based
 * statements rely on. */
static const destination destinations[B_COUNT] = {
    [B_ADDRESS_NEW] = {NULL, "COPY adres (" ADDRESS_WRITE ") FROM STDIN", NULL, NULL,
                       "adres opslaan mislukt"},
    [B_ADDRESS_PUT] = {"CREATE TEMP TABLE IF NOT EXISTS records_adres_stage ON COMMIT DROP AS"
                       " SELECT " ADDRESS_WRITE " FROM adres WITH NO DATA",
                       "COPY records_adres_stage (" ADDRESS_WRITE ") FROM STDIN",
                       "INSERT INTO adres (" ADDRESS_WRITE ", afwezig) SELECT " ADDRESS_WRITE
                       ", false FROM records_adres_stage" ADDRESS_UPSERT_SET,
                       "TRUNCATE records_adres_stage", "adres opslaan mislukt"},
    [B_TRAJ_NEW] = {NULL, "COPY traject (id, ncg_id, " TRAJ_WRITE ") FROM STDIN", NULL, NULL,
                    "traject opslaan mislukt"},
    [B_TRAJ_CHANGED] = {"CREATE TEMP TABLE IF NOT EXISTS records_traject_stage ON COMMIT DROP AS"
                        " SELECT id, " TRAJ_WRITE " FROM traject WITH NO DATA",
                        "COPY records_traject_stage (id, " TRAJ_WRITE ") FROM STDIN",
                        "UPDATE traject t SET " TRAJ_FROM_STAGE ", afwezig = false,"
                        " versie = t.versie + 1 FROM records_traject_stage s WHERE t.id = s.id",
                        "TRUNCATE records_traject_stage", "traject opslaan mislukt"},
    [B_CLAIM_NEW] = {NULL, "COPY schade (id, img_id, " CLAIM_WRITE ") FROM STDIN", NULL, NULL,
                     "schade opslaan mislukt"},
    [B_CLAIM_CHANGED] = {"CREATE TEMP TABLE IF NOT EXISTS records_schade_stage ON COMMIT DROP AS"
                         " SELECT id, " CLAIM_WRITE " FROM schade WITH NO DATA",
                         "COPY records_schade_stage (id, " CLAIM_WRITE ") FROM STDIN",
                         "UPDATE schade t SET " CLAIM_FROM_STAGE ", afwezig = false,"
                         " versie = t.versie + 1 FROM records_schade_stage s WHERE t.id = s.id",
                         "TRUNCATE records_schade_stage", "schade opslaan mislukt"},
    [B_HISTORY] = {NULL, "COPY statushistorie (" HISTORY_WRITE ") FROM STDIN", NULL, NULL,
                   "statushistorie vastleggen mislukt"},
};

static bool exec_or_fail(pg_store *ps, const char *sql, const char *what)
{
    return sl_pg_exec(ps->pg, sql, what) || pg_fail(ps, what);
}

/* Sends what the buffers hold, in the order of `destinations`. */
static bool flush(pg_store *ps)
{
    if (bulk.before_send && !bulk.in_before) {
        bulk.in_before = true;
        bool read = bulk.before_send(bulk.before_ctx);
        bulk.in_before = false;
        if (!read)
            return false;
    }
    if (!bulk.bytes)
        return true;
    /* COPY does not go through pg_query: what other calls held back goes first */
    bool (*pending)(pg_store *, bool) = ps->pending;
    ps->pending = NULL;
    if (pending && !pending(ps, true))
        return false;
    for (int i = 0; i < B_COUNT; i++) {
        copybuf *b = &bulk.buf[i];
        const destination *d = &destinations[i];
        if (!b->len)
            continue;
        if ((d->stage && !exec_or_fail(ps, d->stage, d->what)) ||
            !copy_in(ps, d->copy, b, d->what) ||
            (d->merge && (!exec_or_fail(ps, d->merge, d->what) ||
                          !exec_or_fail(ps, d->clear, d->what))))
            return false;
        b->len = 0;
    }
    bulk.bytes = 0;
    bulk.sent = true;
    return true;
}

/*
 * Every call of this family that is not a buffered write first sends what a
 * bulk of this handle holds, so that it reads (and writes after) the rows as
 * the caller wrote them.
 */
static bool settle(pg_store *ps) { return !in_bulk(ps) || flush(ps); }

/* Appends one finished line to buffer `which`; flushes when the buffers are full. */
static bool buffer_line(pg_store *ps, int which, line *l)
{
    if (l->overflow)
        return sl_store_fail(&ps->base, "%s: rij te lang", destinations[which].what);
    copybuf *b = &bulk.buf[which];
    if (!buf_reserve(b, l->n + 1))
        return sl_store_fail(&ps->base, "onvoldoende geheugen");
    memcpy(b->data + b->len, l->s, l->n);
    b->data[b->len + l->n] = '\n';
    b->len += l->n + 1;
    bulk.bytes += l->n + 1;
    return bulk.bytes < FLUSH_BYTES || flush(ps);
}

/* The next id of a new trajectory or claim, taken from its sequence in blocks
 * that grow with the load. */
static bool next_id(pg_store *ps, id_block *blk, sl_kind kind, int64_t *id)
{
    if (blk->next == blk->last) {
        int64_t want = blk->want ? blk->want : 1024;
        sl_pg_params p;
        sl_pg_params_init(&p);
        sl_pg_param_text(&p, kind_table(kind));
        sl_pg_param_int(&p, want);
        PGresult *res = pg_query(ps, &q_id_block, &p, "nummers reserveren mislukt");
        if (!res)
            return false;
        bool got = PQntuples(res) == 1;
        int64_t last = got ? sl_pg_col_int(res, 0, 0) : 0;
        PQclear(res);
        if (!got)
            return sl_store_fail(&ps->base, "nummers reserveren mislukt");
        blk->next = last - want + 1;
        blk->last = last + 1;
        blk->want = want < ID_BLOCK_MAX ? want * 2 : ID_BLOCK_MAX;
    }
    *id = blk->next++;
    return true;
}

/* ---- bulk mode and counts --------------------------------------------------------- */

/*
 * A first load of a kind (begin_load: the register holds none of its current
 * records) writes its table without secondary indexes and foreign keys, and
 * builds them again once at the end (decision 147): an index built from the
 * whole table at once and a foreign key validated by one join cost a fraction
 * of growing them row by row. The table is locked for the transaction
 * meanwhile; a rollback restores them with the rest.
 */
static bool suspend_checks(pg_store *ps, sl_kind kind)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, kind_table(kind));
    PGresult *res = pg_query(ps, &q_suspendable, &p, "indexen lezen mislukt");
    if (!res)
        return false;
    size_t n = (size_t)PQntuples(res);
    bool ok = true;
    bulk.rebuild = n ? sl_calloc(n, sizeof *bulk.rebuild) : NULL;
    if (n && !bulk.rebuild)
        ok = sl_store_fail(&ps->base, "onvoldoende geheugen");
    for (size_t i = 0; ok && i < n; i++) {
        const char *make = sl_pg_col_text(res, (int)i, 1);
        size_t len = strlen(make) + 1;
        if (!(bulk.rebuild[i] = sl_malloc(len))) {
            ok = sl_store_fail(&ps->base, "onvoldoende geheugen");
            break;
        }
        memcpy(bulk.rebuild[i], make, len);
        bulk.nrebuild = i + 1;
        ok = exec_or_fail(ps, sl_pg_col_text(res, (int)i, 0), "index herbouwen mislukt");
    }
    PQclear(res);
    return ok;
}

/*
 * Sends what is left, builds what suspend_checks took away (with the memory
 * to sort a million keys at once, for this transaction only), and gathers the
 * table's statistics: the statements after a load (classification, the
 * dossiers' baseline) are planned on them, and autovacuum would come later.
 */
static bool finish(pg_store *ps)
{
    if (!flush(ps))
        return false;
    if (bulk.nrebuild &&
        !exec_or_fail(ps, "SET LOCAL maintenance_work_mem = '128MB'", "index herbouwen mislukt"))
        return false;
    for (size_t i = 0; i < bulk.nrebuild; i++)
        if (!exec_or_fail(ps, bulk.rebuild[i], "index herbouwen mislukt"))
            return false;
    /* held writes change a register that has its statistics already */
    if (!bulk.sent || bulk.before_send)
        return true;
    /* A tenth of the default sample (3,000 rows; decision 243): enough for the
     * joins and lookups that follow, at a tenth of the cost (the sort of every
     * column's sample); autovacuum gathers the full sample as the table changes. */
    char analyze[32];
    snprintf(analyze, sizeof analyze, "ANALYZE %s", kind_table(bulk.kind));
    return exec_or_fail(ps, "SET LOCAL default_statistics_target = 10",
                        "statistieken bijwerken mislukt") &&
           exec_or_fail(ps, analyze, "statistieken bijwerken mislukt");
}

/* The hooked backend's transaction ends (see bulk_state). */
static bool hooked_commit(sl_store *st)
{
    const sl_store_backend *own = bulk.backend;
    bool sent = finish(PGS(st));
    bulk_discard();
    if (!sent) {
        own->rollback(st);
        return false;
    }
    return own->commit(st);
}

static void hooked_rollback(sl_store *st)
{
    const sl_store_backend *own = bulk.backend;
    bulk_discard();
    own->rollback(st);
}

static void hooked_close(sl_store *st)
{
    const sl_store_backend *own = bulk.backend;
    bulk_discard();
    own->close(st);
}

static bool pg_bulk_begin(sl_store *st, sl_kind kind)
{
    pg_store *ps = PGS(st);
    if (!valid_kind(ps, kind))
        return false;
    if (in_bulk(ps))
        return true; /* one bulk per transaction, whatever the kinds */
    if (bulk.owner)
        return sl_store_fail(st, "een andere verbinding van deze thread is al in bulkmodus");
    if (!ps->in_write)
        return sl_store_fail(st, "bulkmodus kan alleen binnen een schrijftransactie");
    bulk.owner = ps;
    bulk.kind = kind;
    bulk.backend = st->backend;
    bulk.hooked = *st->backend;
    bulk.hooked.commit = hooked_commit;
    bulk.hooked.rollback = hooked_rollback;
    bulk.hooked.close = hooked_close;
    st->backend = &bulk.hooked;
    return ps->load_kind != kind || suspend_checks(ps, kind);
}

/*
 * Held writes (decision 242): the same buffers as a bulk, never with checks
 * suspended (the signal run reads by the indexes), and before_send called
 * by every flush, so that the caller reads the addresses a batch touches
 * before the batch is sent.
 */
static bool pg_bulk_begin_held(sl_store *st, sl_kind kind, sl_before_send_cb before_send,
                               void *ctx, bool *held)
{
    pg_store *ps = PGS(st);
    *held = false;
    /* a load that would suspend the indexes (every record of the kind absent): row by row */
    if (ps->load_kind == kind || in_bulk(ps))
        return true;
    if (!pg_bulk_begin(st, kind))
        return false;
    bulk.before_send = before_send;
    bulk.before_ctx = ctx;
    *held = true;
    return true;
}

static bool pg_bulk_end(sl_store *st, sl_kind kind)
{
    pg_store *ps = PGS(st);
    if (!valid_kind(ps, kind))
        return false;
    if (!in_bulk(ps))
        return true;
    bool ok = finish(ps);
    bulk_discard();
    return ok;
}

static bool pg_set_count(sl_store *st, sl_kind kind, int64_t n)
{
    pg_store *ps = PGS(st);
    if (!valid_kind(ps, kind) || !settle(ps))
        return false;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, kind_table(kind));
    sl_pg_param_int(&p, n);
    return pg_run(ps, &q_set_count, &p, "telling bijwerken mislukt");
}

/* ---- current state ------------------------------------------------------------------- */

/* Pages of q (the key after $1, the key in column 0) until one comes back short. */
typedef bool (*page_row_fn)(void *ctx, const PGresult *res, int row);

static bool scan_pages(pg_store *ps, const sl_pg_query *q, const char *what, page_row_fn fn,
                       void *ctx)
{
    long long after = -1;
    for (;;) {
        sl_pg_params p;
        sl_pg_params_init(&p);
        sl_pg_param_int(&p, after);
        PGresult *res = pg_query(ps, q, &p, what);
        if (!res)
            return false;
        int n = PQntuples(res);
        bool ok = true;
        for (int r = 0; ok && r < n; r++)
            ok = fn(ctx, res, r);
        if (n > 0)
            after = sl_pg_col_int(res, n - 1, 0);
        PQclear(res);
        if (!ok)
            return false;
        if (n < SCAN_PAGE)
            return true;
    }
}

typedef struct state_scan {
    sl_kind kind;
    sl_state_cb cb;
    void *ctx;
} state_scan;

static bool state_row(void *ctx, const PGresult *res, int row)
{
    const state_scan *s = ctx;
    sl_record_state r = {
        .rowid = sl_pg_col_int(res, row, 0),
        .source_id = sl_pg_col_null(res, row, 1) ? NULL : sl_pg_col_text(res, row, 1),
        .match_key = sl_pg_col_null(res, row, 2) ? NULL : sl_pg_col_text(res, row, 2),
        .address_id = sl_pg_col_int(res, row, 3),
        .fingerprint = (uint64_t)sl_pg_col_int(res, row, 4),
        .status = -1,
        .sinds = pg_col_date(res, row, 7),
        .absent = sl_pg_col_bool(res, row, 6),
    };
    if (!sl_pg_col_null(res, row, 5)) {
        const char *status = sl_pg_col_text(res, row, 5);
        size_t len = strlen(status);
        sl_stap stap;
        sl_fase fase;
        if (s->kind == SL_KIND_NCG && sl_stap_parse(status, len, &stap))
            r.status = (int)stap;
        else if (s->kind == SL_KIND_IMG && sl_fase_parse(status, len, &fase))
            r.status = (int)fase;
    }
    return s->cb(s->ctx, &r);
}

static bool pg_scan_states(sl_store *st, sl_kind kind, sl_state_cb cb, void *ctx)
{
    pg_store *ps = PGS(st);
    if (!valid_kind(ps, kind) || !settle(ps))
        return false;
    state_scan s = {kind, cb, ctx};
    return scan_pages(ps, &q_states[kind], "register lezen mislukt", state_row, &s);
}

static bool address_key_row(void *ctx, const PGresult *res, int row)
{
    const state_scan *s = ctx;
    sl_record_state r = {.rowid = sl_pg_col_int(res, row, 0),
                         .match_key = sl_pg_col_text(res, row, 1),
                         .status = -1};
    return s->cb(s->ctx, &r);
}

static bool pg_scan_address_keys(sl_store *st, sl_state_cb cb, void *ctx)
{
    pg_store *ps = PGS(st);
    if (!settle(ps))
        return false;
    state_scan s = {SL_KIND_BAG, cb, ctx};
    return scan_pages(ps, &q_address_keys, "adressen lezen mislukt", address_key_row, &s);
}

/* ---- writes --------------------------------------------------------------------------- */

static bool address_write(sl_store *st, const sl_pg_query *q, int which, const sl_address *a,
                          uint64_t fp, int64_t delivery_id)
{
    pg_store *ps = PGS(st);
    if (in_bulk(ps)) {
        line l = {.n = 0};
        address_fields(&l, a, fp, delivery_id);
        return buffer_line(ps, which, &l);
    }
    if (!settle(ps))
        return false;
    char x[32], y[32];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, a->nummeraanduiding_id);
    pg_param_id_or_null(&p, a->verblijfsobject_id);
    pg_param_id_or_null(&p, a->pand_id);
    pg_param_text_or_null(&p, a->straat);
    sl_pg_param_int(&p, a->nr.huisnummer);
    sl_pg_param_text(&p, a->nr.huisletter);
    sl_pg_param_text(&p, a->nr.toevoeging);
    sl_pg_param_text(&p, a->postcode);
    pg_param_text_or_null(&p, a->woonplaats);
    sl_pg_param_text(&p, a->gemeentecode);
    if (a->has_xy) {
        param_double(&p, a->x, x);
        param_double(&p, a->y, y);
    } else {
        sl_pg_param_text(&p, NULL);
        sl_pg_param_text(&p, NULL);
    }
    pg_param_id_or_null(&p, a->bouwjaar);
    param_flag_int(&p, a->kern);
    sl_pg_param_text(&p, a->key);
    sl_pg_param_int(&p, (long long)fp);
    sl_pg_param_int(&p, delivery_id);
    return pg_run(ps, q, &p, "adres opslaan mislukt");
}

static bool pg_address_put(sl_store *st, const sl_address *a, uint64_t fp, int64_t delivery_id)
{
    return address_write(st, &q_address_put, B_ADDRESS_PUT, a, fp, delivery_id);
}

static bool pg_address_add(sl_store *st, const sl_address *a, uint64_t fp, int64_t delivery_id)
{
    return address_write(st, &q_address_add, B_ADDRESS_NEW, a, fp, delivery_id);
}

/* A bulk's trajectory or claim: a new row with an id of its sequence (into
 * *rowid), or a change of the stored row *rowid. */
static bool buffer_record(pg_store *ps, int64_t *rowid, const char *source_id, bool claim,
                          const line *fields)
{
    bool is_new = *rowid == 0;
    if (is_new && !next_id(ps, claim ? &bulk.claim_ids : &bulk.traj_ids,
                           claim ? SL_KIND_IMG : SL_KIND_NCG, rowid))
        return false;
    line l = {.n = 0};
    put_int(&l, *rowid);
    if (is_new)
        put_text(&l, source_id);
    put_sep(&l);
    put_raw(&l, fields->s, fields->n);
    l.overflow |= fields->overflow;
    int which = claim ? (is_new ? B_CLAIM_NEW : B_CLAIM_CHANGED)
                      : (is_new ? B_TRAJ_NEW : B_TRAJ_CHANGED);
    return buffer_line(ps, which, &l);
}

/* Runs an INSERT ... RETURNING id (rowid 0) or an UPDATE of row *rowid. */
static bool record_write(pg_store *ps, int64_t *rowid, const sl_pg_query *insert,
                         const sl_pg_query *update, sl_pg_params *p, const char *source_id,
                         const char *what)
{
    if (*rowid)
        sl_pg_param_int(p, *rowid);
    else
        sl_pg_param_text(p, source_id);
    PGresult *res = pg_query(ps, *rowid ? update : insert, p, what);
    if (!res)
        return false;
    if (!*rowid)
        *rowid = PQntuples(res) ? sl_pg_col_int(res, 0, 0) : 0;
    PQclear(res);
    return true;
}

static bool pg_trajectory_put(sl_store *st, int64_t *rowid, const sl_trajectory *t,
                              int64_t address_id, uint64_t fp, int64_t delivery_id)
{
    pg_store *ps = PGS(st);
    if (in_bulk(ps)) {
        line f = {.n = 0};
        trajectory_fields(&f, t, address_id, fp, delivery_id);
        return buffer_record(ps, rowid, t->ncg_id, false, &f);
    }
    if (!settle(ps))
        return false;
    char d1[11], d2[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, address_id);
    sl_pg_param_text(&p, sl_stap_name(t->stap));
    pg_param_date(&p, t->stap_sinds, d1);
    sl_pg_param_text(&p, sl_risico_name(t->risicoprofiel));
    sl_pg_param_text(&p, t->batch);
    sl_pg_param_text(&p, sl_programma_name(t->programma));
    pg_param_flag(&p, t->bijzondere_situatie);
    sl_pg_param_text(&p, sl_keuze_name(t->keuze_bewoner));
    sl_pg_param_text(&p, t->bewonersbegeleider);
    pg_param_date(&p, t->aannemersovereenkomst, d2);
    sl_pg_param_int(&p, (long long)fp);
    sl_pg_param_int(&p, delivery_id);
    return record_write(ps, rowid, &q_traj_insert, &q_traj_update, &p, t->ncg_id,
                        "traject opslaan mislukt");
}

static bool pg_claim_put(sl_store *st, int64_t *rowid, const sl_claim *c, int64_t address_id,
                         uint64_t fp, int64_t delivery_id)
{
    pg_store *ps = PGS(st);
    if (in_bulk(ps)) {
        line f = {.n = 0};
        claim_fields(&f, c, address_id, fp, delivery_id);
        return buffer_record(ps, rowid, c->img_id, true, &f);
    }
    if (!settle(ps))
        return false;
    char d1[11], d2[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, address_id);
    sl_pg_param_text(&p, sl_regeling_name(c->regeling));
    sl_pg_param_text(&p, sl_fase_name(c->fase));
    pg_param_date(&p, c->fase_sinds, d1);
    pg_param_date(&p, c->ontvangen_op, d2);
    pg_param_flag(&p, c->urgent);
    pg_param_flag(&p, c->aos);
    pg_param_flag(&p, c->aos_gegrond);
    sl_pg_param_text(&p, c->zaakbegeleider);
    if (c->has_bedrag)
        sl_pg_param_int(&p, c->besluit_bedrag);
    else
        sl_pg_param_text(&p, NULL);
    sl_pg_param_int(&p, (long long)fp);
    sl_pg_param_int(&p, delivery_id);
    return record_write(ps, rowid, &q_claim_insert, &q_claim_update, &p, c->img_id,
                        "schade opslaan mislukt");
}

static bool pg_mark_absent(sl_store *st, sl_kind kind, int64_t rowid, int64_t delivery_id)
{
    pg_store *ps = PGS(st);
    if (!valid_kind(ps, kind) || !settle(ps))
        return false;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, rowid);
    sl_pg_param_int(&p, delivery_id);
    return pg_run(ps, &q_absent[kind], &p, "afwezig markeren mislukt");
}

/*
 * History rows outside a bulk, inside a write transaction (decision 243): a
 * classification refresh or a signal run writes one per change, thousands
 * after a delivery, each a round trip of its own otherwise. They are held in
 * COPY's text format and sent as one COPY before the handle's next statement
 * (pg_store.pending, after what another family held back before them), at
 * commit, or when FLUSH_BYTES are held; a rollback drops them. Their order is
 * kept, and so their ids still order an address's history. One per thread, as
 * a handle belongs to one.
 */
typedef struct held_history {
    pg_store *owner;
    copybuf buf;
    bool (*before)(pg_store *ps, bool send); /* what was pending before the first row */
} held_history;

static _Thread_local held_history held;

static bool history_send(pg_store *ps, bool send)
{
    bool (*before)(pg_store *, bool) = held.before;
    held.before = NULL;
    bool ok = !before || before(ps, send);
    if (ok && send && held.buf.len)
        ok = copy_in(ps, destinations[B_HISTORY].copy, &held.buf, destinations[B_HISTORY].what);
    sl_free(held.buf.data);
    memset(&held, 0, sizeof held);
    return ok;
}

static bool history_hold(pg_store *ps, const sl_history *h)
{
    line l = {.n = 0};
    history_fields(&l, h);
    if (l.overflow)
        return sl_store_fail(&ps->base, "%s: rij te lang", destinations[B_HISTORY].what);
    if (!buf_reserve(&held.buf, l.n + 1))
        return sl_store_fail(&ps->base, "onvoldoende geheugen");
    memcpy(held.buf.data + held.buf.len, l.s, l.n);
    held.buf.data[held.buf.len + l.n] = '\n';
    held.buf.len += l.n + 1;
    held.owner = ps;
    if (ps->pending != history_send) {
        held.before = ps->pending;
        ps->pending = history_send;
    }
    if (held.buf.len < FLUSH_BYTES)
        return true;
    ps->pending = NULL;
    return history_send(ps, true);
}

static bool pg_history_add(sl_store *st, const sl_history *h)
{
    pg_store *ps = PGS(st);
    if (in_bulk(ps)) {
        line l = {.n = 0};
        history_fields(&l, h);
        return buffer_line(ps, B_HISTORY, &l);
    }
    if (!settle(ps))
        return false;
    if (ps->in_write && (!held.owner || held.owner == ps))
        return history_hold(ps, h);
    char d[11], since[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, h->onderwerp ? h->onderwerp : "");
    sl_pg_param_text(&p, h->sleutel ? h->sleutel : "");
    sl_pg_param_text(&p, h->veld ? h->veld : "");
    pg_param_text_or_null(&p, h->van);
    pg_param_text_or_null(&p, h->naar);
    pg_param_date(&p, h->datum, d);
    pg_param_id_or_null(&p, h->delivery_id);
    pg_param_text_or_null(&p, h->gebruiker);
    pg_param_date(&p, sl_history_van_sinds(h), since);
    return pg_run(ps, &q_history_add, &p, "statushistorie vastleggen mislukt");
}

/* ---- reporting ---------------------------------------------------------------------- */

static bool read_counts(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p,
                        sl_register_counts *out)
{
    PGresult *res = pg_query(ps, q, p, "tellingen lezen mislukt");
    if (!res)
        return false;
    bool ok = PQntuples(res) == 1;
    if (ok) {
        out->adressen = sl_pg_col_int(res, 0, 0);
        out->trajecten = sl_pg_col_int(res, 0, 1);
        out->schades = sl_pg_col_int(res, 0, 2);
    }
    PQclear(res);
    return ok || sl_store_fail(&ps->base, "tellingen lezen mislukt");
}

static bool pg_counts(sl_store *st, sl_register_counts *out)
{
    pg_store *ps = PGS(st);
    return settle(ps) && read_counts(ps, &q_counts, NULL, out);
}

static bool pg_counts_in(sl_store *st, const char *gemeentecode, sl_register_counts *out)
{
    pg_store *ps = PGS(st);
    if (!settle(ps))
        return false;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, gemeentecode ? gemeentecode : "");
    return read_counts(ps, &q_counts_in, &p, out);
}

static bool pg_gemeentecodes(sl_store *st, sl_gemeentecode_cb cb, void *ctx)
{
    pg_store *ps = PGS(st);
    if (!settle(ps))
        return false;
    PGresult *res = pg_query(ps, &q_gemeentecodes, NULL, "gemeentecodes lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++)
        ok = cb(ctx, sl_pg_col_text(res, r, 0));
    PQclear(res);
    return ok;
}

/* ---- reading one address's dossier ---------------------------------------------------- */

/* Columns 0-14 (ADDRESS_COLUMNS) and 15 (the id) into a and *absent. */
static void read_address(const PGresult *res, int row, sl_address *a, bool *absent)
{
    memset(a, 0, sizeof *a);
    a->nummeraanduiding_id = sl_pg_col_int(res, row, 15);
    a->verblijfsobject_id = sl_pg_col_int(res, row, 0);
    a->pand_id = sl_pg_col_int(res, row, 1);
    pg_col_copy(res, row, 2, a->straat, sizeof a->straat);
    a->nr.huisnummer = (int)sl_pg_col_int(res, row, 3);
    pg_col_copy(res, row, 4, a->nr.huisletter, sizeof a->nr.huisletter);
    pg_col_copy(res, row, 5, a->nr.toevoeging, sizeof a->nr.toevoeging);
    pg_col_copy(res, row, 6, a->postcode, sizeof a->postcode);
    pg_col_copy(res, row, 7, a->woonplaats, sizeof a->woonplaats);
    pg_col_copy(res, row, 8, a->gemeentecode, sizeof a->gemeentecode);
    a->has_xy = !sl_pg_col_null(res, row, 9);
    a->x = a->has_xy ? strtod(sl_pg_col_text(res, row, 9), NULL) : 0.0;
    a->y = sl_pg_col_null(res, row, 10) ? 0.0 : strtod(sl_pg_col_text(res, row, 10), NULL);
    a->bouwjaar = (int32_t)sl_pg_col_int(res, row, 11);
    a->kern = sl_pg_col_null(res, row, 12) ? SL_FLAG_UNKNOWN
              : sl_pg_col_int(res, row, 12) ? SL_FLAG_JA
                                            : SL_FLAG_NEE;
    pg_col_copy(res, row, 13, a->key, sizeof a->key);
    *absent = sl_pg_col_bool(res, row, 14);
}

static bool pg_address_get(sl_store *st, int64_t id, sl_address *a, bool *absent, bool *found)
{
    pg_store *ps = PGS(st);
    memset(a, 0, sizeof *a);
    *found = false;
    if (!settle(ps))
        return false;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    PGresult *res = pg_query(ps, &q_address_get, &p, "adres lezen mislukt");
    if (!res)
        return false;
    *found = PQntuples(res) > 0;
    if (*found)
        read_address(res, 0, a, absent);
    PQclear(res);
    return true;
}

static bool pg_addresses_by_key(sl_store *st, const char *key, sl_address_row_cb cb, void *ctx)
{
    pg_store *ps = PGS(st);
    if (!settle(ps))
        return false;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, key ? key : "");
    PGresult *res = pg_query(ps, &q_address_by_key, &p, "adressen zoeken mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_address a;
        bool absent;
        read_address(res, r, &a, &absent);
        ok = cb(ctx, &a, absent);
    }
    PQclear(res);
    return ok;
}

static int parse_len(const PGresult *res, int row, int col, const char **text)
{
    *text = sl_pg_col_text(res, row, col);
    return (int)strlen(*text);
}

/* Columns 0-9 (TRAJ_COLUMNS) into t. */
static void read_trajectory(const PGresult *res, int row, int64_t address_id, sl_trajectory *t)
{
    const char *s;
    memset(t, 0, sizeof *t);
    pg_col_copy(res, row, 0, t->ncg_id, sizeof t->ncg_id);
    t->adres.nummeraanduiding_id = address_id;
    int n = parse_len(res, row, 1, &s);
    sl_stap_parse(s, (size_t)n, &t->stap);
    t->stap_sinds = pg_col_date(res, row, 2);
    n = parse_len(res, row, 3, &s);
    sl_risico_parse(s, (size_t)n, &t->risicoprofiel);
    pg_col_copy(res, row, 4, t->batch, sizeof t->batch);
    n = parse_len(res, row, 5, &s);
    sl_programma_parse(s, (size_t)n, &t->programma);
    t->bijzondere_situatie = pg_col_flag(res, row, 6);
    n = parse_len(res, row, 7, &s);
    sl_keuze_parse(s, (size_t)n, &t->keuze_bewoner);
    pg_col_copy(res, row, 8, t->bewonersbegeleider, sizeof t->bewonersbegeleider);
    t->aannemersovereenkomst = pg_col_date(res, row, 9);
}

/* Columns 0-9 (CLAIM_COLUMNS) into c. */
static void read_claim(const PGresult *res, int row, int64_t address_id, sl_claim *c)
{
    const char *s;
    memset(c, 0, sizeof *c);
    pg_col_copy(res, row, 0, c->img_id, sizeof c->img_id);
    c->adres.nummeraanduiding_id = address_id;
    int n = parse_len(res, row, 1, &s);
    sl_regeling_parse(s, (size_t)n, &c->regeling);
    n = parse_len(res, row, 2, &s);
    sl_fase_parse(s, (size_t)n, &c->fase);
    c->fase_sinds = pg_col_date(res, row, 3);
    c->ontvangen_op = pg_col_date(res, row, 4);
    c->urgent = pg_col_flag(res, row, 5);
    c->aos = pg_col_flag(res, row, 6);
    c->aos_gegrond = pg_col_flag(res, row, 7);
    pg_col_copy(res, row, 8, c->zaakbegeleider, sizeof c->zaakbegeleider);
    c->has_bedrag = !sl_pg_col_null(res, row, 9);
    c->besluit_bedrag = sl_pg_col_int(res, row, 9);
}

/* The rows of q for one address (results read whole: an address has a handful). */
static PGresult *rows_of(pg_store *ps, const sl_pg_query *q, int64_t address_id,
                         const char *what)
{
    if (!settle(ps))
        return NULL;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, address_id);
    return pg_query(ps, q, &p, what);
}

static bool pg_trajectories_of(sl_store *st, int64_t address_id, sl_trajectory_cb cb, void *ctx)
{
    PGresult *res = rows_of(PGS(st), &q_traj_of, address_id, "trajecten lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_trajectory t;
        read_trajectory(res, r, address_id, &t);
        ok = cb(ctx, &t, sl_pg_col_bool(res, r, 10));
    }
    PQclear(res);
    return ok;
}

static bool pg_claims_of(sl_store *st, int64_t address_id, sl_claim_cb cb, void *ctx)
{
    PGresult *res = rows_of(PGS(st), &q_claims_of, address_id, "schades lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_claim c;
        read_claim(res, r, address_id, &c);
        ok = cb(ctx, &c, sl_pg_col_bool(res, r, 10));
    }
    PQclear(res);
    return ok;
}

/* ---- one claim or trajectory: reads and versioned updates ----------------------------- */

/* The row of q for one source id and whether there is one; NULL on failure. */
static PGresult *record_by_source(pg_store *ps, const sl_pg_query *q, const char *source_id,
                                  const char *what, bool *found)
{
    *found = false;
    if (!settle(ps))
        return NULL;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, source_id ? source_id : "");
    PGresult *res = pg_query(ps, q, &p, what);
    *found = res && PQntuples(res) > 0;
    return res;
}

/* The columns every record row ends in (10 to 13), the same for claims and trajectories. */
static void read_record_meta(const PGresult *res, int64_t *address_id, bool *absent,
                             int64_t *rowid, int64_t *versie)
{
    *absent = sl_pg_col_bool(res, 0, 10);
    *rowid = sl_pg_col_int(res, 0, 11);
    *address_id = sl_pg_col_int(res, 0, 12);
    *versie = sl_pg_col_int(res, 0, 13);
}

static bool pg_claim_get(sl_store *st, const char *img_id, sl_claim_record *out, bool *found)
{
    memset(out, 0, sizeof *out);
    PGresult *res = record_by_source(PGS(st), &q_claim_get, img_id, "schade lezen mislukt", found);
    if (!res)
        return false;
    if (*found) {
        read_record_meta(res, &out->address_id, &out->absent, &out->rowid, &out->versie);
        read_claim(res, 0, out->address_id, &out->claim);
    }
    PQclear(res);
    return true;
}

static bool pg_trajectory_get(sl_store *st, const char *ncg_id, sl_trajectory_record *out,
                              bool *found)
{
    memset(out, 0, sizeof *out);
    PGresult *res = record_by_source(PGS(st), &q_traj_get, ncg_id, "traject lezen mislukt", found);
    if (!res)
        return false;
    if (*found) {
        read_record_meta(res, &out->address_id, &out->absent, &out->rowid, &out->versie);
        read_trajectory(res, 0, out->address_id, &out->traject);
    }
    PQclear(res);
    return true;
}

/* Runs an UPDATE ... RETURNING versie: the new version, or *stale when no row matched. */
static bool versioned_update(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p,
                             int64_t *versie, bool *stale, const char *what)
{
    PGresult *res = pg_query(ps, q, p, what);
    if (!res)
        return false;
    *stale = PQntuples(res) == 0;
    if (!*stale)
        *versie = sl_pg_col_int(res, 0, 0);
    PQclear(res);
    return true;
}

static bool pg_claim_update(sl_store *st, sl_claim_record *rec, uint64_t fp,
                            int64_t expect_versie, bool *stale)
{
    pg_store *ps = PGS(st);
    if (!settle(ps))
        return false;
    const sl_claim *c = &rec->claim;
    char d[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, rec->rowid);
    sl_pg_param_int(&p, expect_versie);
    sl_pg_param_text(&p, sl_fase_name(c->fase));
    pg_param_date(&p, c->fase_sinds, d);
    pg_param_flag(&p, c->urgent);
    sl_pg_param_text(&p, c->zaakbegeleider);
    sl_pg_param_int(&p, (long long)fp);
    return versioned_update(ps, &q_claim_set_status, &p, &rec->versie, stale,
                            "schade bijwerken mislukt");
}

static bool pg_trajectory_update(sl_store *st, sl_trajectory_record *rec, uint64_t fp,
                                 int64_t expect_versie, bool *stale)
{
    pg_store *ps = PGS(st);
    if (!settle(ps))
        return false;
    const sl_trajectory *t = &rec->traject;
    char d1[11], d2[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, rec->rowid);
    sl_pg_param_int(&p, expect_versie);
    sl_pg_param_text(&p, sl_stap_name(t->stap));
    pg_param_date(&p, t->stap_sinds, d1);
    pg_param_flag(&p, t->bijzondere_situatie);
    sl_pg_param_text(&p, t->bewonersbegeleider);
    pg_param_date(&p, t->aannemersovereenkomst, d2);
    sl_pg_param_int(&p, (long long)fp);
    return versioned_update(ps, &q_traj_set_status, &p, &rec->versie, stale,
                            "traject bijwerken mislukt");
}

static bool pg_contractor_damage_add(sl_store *st, sl_contractor_damage *d)
{
    pg_store *ps = PGS(st);
    if (!settle(ps))
        return false;
    char day[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, d->ncg_id);
    sl_pg_param_int(&p, d->address_id);
    sl_pg_param_text(&p, d->omschrijving ? d->omschrijving : "");
    pg_param_date(&p, d->gemeld_op, day);
    sl_pg_param_text(&p, d->door);
    const char *what = "schademelding van de aannemer vastleggen mislukt";
    PGresult *res = pg_query(ps, &q_damage_add, &p, what);
    if (!res)
        return false;
    bool ok = PQntuples(res) == 1;
    if (ok) {
        d->id = sl_pg_col_int(res, 0, 0);
        pg_col_copy(res, 0, 1, d->aangemaakt_op, sizeof d->aangemaakt_op);
    }
    PQclear(res);
    return ok || sl_store_fail(st, "%s", what);
}

/* Columns 0-8 of HISTORY_COLUMNS into h. */
static void read_history(const PGresult *res, int r, sl_history_row *h)
{
    memset(h, 0, sizeof *h);
    pg_col_copy(res, r, 0, h->onderwerp, sizeof h->onderwerp);
    pg_col_copy(res, r, 1, h->sleutel, sizeof h->sleutel);
    pg_col_copy(res, r, 2, h->veld, sizeof h->veld);
    pg_col_copy(res, r, 3, h->van, sizeof h->van);
    pg_col_copy(res, r, 4, h->naar, sizeof h->naar);
    h->datum = pg_col_date(res, r, 5);
    pg_col_copy(res, r, 6, h->vastgelegd_op, sizeof h->vastgelegd_op);
    h->delivery_id = sl_pg_col_int(res, r, 7);
    pg_col_copy(res, r, 8, h->gebruiker, sizeof h->gebruiker);
}

static bool pg_history_of_address(sl_store *st, int64_t address_id, sl_history_cb cb, void *ctx)
{
    pg_store *ps = PGS(st);
    if (!settle(ps))
        return false;
    char key[17];
    sl_bag_format(address_id, key);
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, address_id);
    sl_pg_param_text(&p, key);
    PGresult *res = pg_query(ps, &q_history_of, &p, "statushistorie lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        sl_history_row h;
        read_history(res, r, &h);
        ok = cb(ctx, &h);
    }
    PQclear(res);
    return ok;
}

/* ---- the status history of every record (lead times) ------------------------------- */

/* As the SQLite backend: the changes in key order, each key's in the order recorded;
 * the records in any order. */
static const sl_pg_query q_status_changes[] = {
    [SL_KIND_IMG] = {"records_status_changes_img",
                     "SELECT sleutel, van, naar, datum, van_sinds FROM statushistorie WHERE"
                     " onderwerp = 'schade' AND veld = 'fase' ORDER BY sleutel COLLATE \"C\", id"},
    [SL_KIND_NCG] = {"records_status_changes_ncg",
                     "SELECT sleutel, van, naar, datum, van_sinds FROM statushistorie WHERE"
                     " onderwerp = 'traject' AND veld = 'stap' ORDER BY sleutel COLLATE \"C\", id"},
};
static const sl_pg_query q_status_records[] = {
    [SL_KIND_IMG] = {"records_status_records_img",
                     "SELECT r.img_id, a.gemeentecode, r.fase, r.fase_sinds, r.afwezig"
                     " FROM schade r JOIN adres a USING (nummeraanduiding_id)"},
    [SL_KIND_NCG] = {"records_status_records_ncg",
                     "SELECT r.ncg_id, a.gemeentecode, r.stap, r.stap_sinds, r.afwezig"
                     " FROM traject r JOIN adres a USING (nummeraanduiding_id)"},
};

typedef struct status_scan {
    sl_status_change_cb change;
    sl_status_record_cb record;
    void *ctx;
} status_scan;

static const char *pg_text_or_null(const PGresult *res, int row, int col)
{
    return sl_pg_col_null(res, row, col) ? NULL : sl_pg_col_text(res, row, col);
}

static bool status_change_row(void *ctx, const PGresult *res, int row)
{
    status_scan *s = ctx;
    sl_status_change_row r = {.sleutel = sl_pg_col_text(res, row, 0),
                              .van = pg_text_or_null(res, row, 1),
                              .naar = pg_text_or_null(res, row, 2),
                              .datum = pg_col_date(res, row, 3),
                              .van_sinds = pg_col_date(res, row, 4)};
    return s->change(s->ctx, &r);
}

static bool status_record_row(void *ctx, const PGresult *res, int row)
{
    status_scan *s = ctx;
    sl_status_record_row r = {.sleutel = sl_pg_col_text(res, row, 0),
                              .gemeentecode = sl_pg_col_text(res, row, 1),
                              .status = sl_pg_col_text(res, row, 2),
                              .sinds = pg_col_date(res, row, 3),
                              .absent = sl_pg_col_bool(res, row, 4)};
    return s->record(s->ctx, &r);
}

static bool pg_scan_status_changes(sl_store *st, sl_kind kind, sl_status_change_cb cb,
                                   void *ctx)
{
    pg_store *ps = PGS(st);
    if (!settle(ps))
        return false;
    status_scan s = {.change = cb, .ctx = ctx};
    return pg_scan(ps, &q_status_changes[kind == SL_KIND_IMG ? SL_KIND_IMG : SL_KIND_NCG], NULL,
                   "statushistorie lezen mislukt", status_change_row, &s);
}

static bool pg_scan_status_records(sl_store *st, sl_kind kind, sl_status_record_cb cb,
                                   void *ctx)
{
    pg_store *ps = PGS(st);
    if (!settle(ps))
        return false;
    status_scan s = {.record = cb, .ctx = ctx};
    return pg_scan(ps, &q_status_records[kind == SL_KIND_IMG ? SL_KIND_IMG : SL_KIND_NCG], NULL,
                   "register lezen mislukt", status_record_row, &s);
}

/* ---- when the register first knew an address's records (the dossier on a date) ---- */

/* $1 the address, $2 its id as history keys it (16 digits); timestamps as iso_utc writes them */
static const sl_pg_query q_first_known = {
    "records_first_known",
    "SELECT 'adres', '', coalesce((SELECT iso_utc(min(t)) FROM (SELECT l.gestart_op AS t"
    " FROM levering l WHERE l.id = a.levering_id UNION ALL SELECT min(h.vastgelegd_op)"
    " FROM statushistorie h WHERE h.onderwerp = 'adres' AND h.sleutel = $2) AS k), '')"
    " FROM adres a WHERE a.nummeraanduiding_id = $1"
    " UNION ALL SELECT 'schade', r.img_id, coalesce((SELECT iso_utc(min(t)) FROM (SELECT"
    " l.gestart_op AS t FROM levering l WHERE l.id = r.levering_id UNION ALL SELECT"
    " min(h.vastgelegd_op) FROM statushistorie h WHERE h.onderwerp = 'schade'"
    " AND h.sleutel = r.img_id) AS k), '') FROM schade r WHERE r.nummeraanduiding_id = $1"
    " UNION ALL SELECT 'traject', r.ncg_id, coalesce((SELECT iso_utc(min(t)) FROM (SELECT"
    " l.gestart_op AS t FROM levering l WHERE l.id = r.levering_id UNION ALL SELECT"
    " min(h.vastgelegd_op) FROM statushistorie h WHERE h.onderwerp = 'traject'"
    " AND h.sleutel = r.ncg_id) AS k), '') FROM traject r WHERE r.nummeraanduiding_id = $1"};

static bool pg_first_known(sl_store *st, int64_t address_id, sl_first_known_cb cb, void *ctx)
{
    pg_store *ps = PGS(st);
    if (!settle(ps))
        return false;
    char key[17];
    sl_bag_format(address_id, key);
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, address_id);
    sl_pg_param_text(&p, key);
    PGresult *res = pg_query(ps, &q_first_known, &p, "bekend-sinds lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++)
        ok = cb(ctx, sl_pg_col_text(res, r, 0), sl_pg_col_text(res, r, 1),
                sl_pg_col_text(res, r, 2));
    PQclear(res);
    return ok;
}

const sl_records_ops pg_records_ops = {
    .bulk_begin = pg_bulk_begin,
    .bulk_end = pg_bulk_end,
    .scan_states = pg_scan_states,
    .scan_address_keys = pg_scan_address_keys,
    .address_put = pg_address_put,
    .address_add = pg_address_add,
    .trajectory_put = pg_trajectory_put,
    .claim_put = pg_claim_put,
    .mark_absent = pg_mark_absent,
    .history_add = pg_history_add,
    .counts = pg_counts,
    .counts_in = pg_counts_in,
    .set_count = pg_set_count,
    .gemeentecodes = pg_gemeentecodes,
    .address_get = pg_address_get,
    .addresses_by_key = pg_addresses_by_key,
    .trajectories_of = pg_trajectories_of,
    .claims_of = pg_claims_of,
    .claim_get = pg_claim_get,
    .trajectory_get = pg_trajectory_get,
    .claim_update = pg_claim_update,
    .trajectory_update = pg_trajectory_update,
    .contractor_damage_add = pg_contractor_damage_add,
    .history_of_address = pg_history_of_address,
    .scan_status_changes = pg_scan_status_changes,
    .scan_status_records = pg_scan_status_records,
    .first_known = pg_first_known,
    .bulk_begin_held = pg_bulk_begin_held,
};

/* ---- the row readers, for the address view (pg/views.c) ------------------------------ */

void pg_read_address(const PGresult *res, int row, sl_address *a, bool *absent)
{
    read_address(res, row, a, absent);
}

void pg_read_trajectory(const PGresult *res, int row, int64_t address_id, sl_trajectory *t)
{
    read_trajectory(res, row, address_id, t);
}

void pg_read_claim(const PGresult *res, int row, int64_t address_id, sl_claim *c)
{
    read_claim(res, row, address_id, c);
}

void pg_read_history(const PGresult *res, int row, sl_history_row *h)
{
    read_history(res, row, h);
}
