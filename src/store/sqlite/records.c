/*
 * records.c - the SQLite backend of the register records (store/records_store.h):
 * addresses, trajectories and claims as delivered and as read one address at
 * a time, their history, the counts and single-record versioned updates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "core/hashmap.h"
#include "store/sqlite/sqlite_int.h"

/* The statements of this file, prepared lazily into its slots of the handle. */
enum {
    Q_STATES_BAG, Q_STATES_NCG, Q_STATES_IMG, Q_ADDRESS_KEYS, Q_ADDRESS_PUT, Q_ADDRESS_ADD,
    Q_TRAJ_INSERT, Q_TRAJ_UPDATE, Q_CLAIM_INSERT, Q_CLAIM_UPDATE, Q_ABSENT_BAG, Q_ABSENT_NCG,
    Q_ABSENT_IMG, Q_HISTORY_ADD, Q_COUNTS, Q_COUNTS_GEMEENTE, Q_SET_COUNT, Q_ADDRESS_GET,
    Q_ADDRESS_BY_KEY, Q_TRAJ_OF, Q_CLAIMS_OF, Q_HISTORY_OF, Q_CLAIM_GET, Q_TRAJ_GET,
    Q_CLAIM_SET_STATUS, Q_TRAJ_SET_STATUS, Q_DAMAGE_ADD, Q_COUNT,
};
_Static_assert(Q_COUNT <= SQ_SLOTS, "raise SQ_SLOTS");

/* Columns 0-9 of a claim / trajectory, read by read_claim / read_trajectory. */
#define CLAIM_COLUMNS                                                                       \
    "img_id, regeling, fase, fase_sinds, ontvangen_op, urgent, aos, aos_gegrond,"           \
    " zaakbegeleider, besluit_bedrag"
#define TRAJ_COLUMNS                                                                        \
    "ncg_id, stap, stap_sinds, risicoprofiel, batch, programma, bijzondere_situatie,"      \
    " keuze_bewoner, bewonersbegeleider, aannemersovereenkomst"

static const char *const sql_text[Q_COUNT] = {
    [Q_STATES_BAG] = "SELECT nummeraanduiding_id, NULL, sleutel, 0, vingerafdruk, NULL, afwezig,"
                     " NULL FROM adres",
    [Q_STATES_NCG] = "SELECT id, ncg_id, NULL, nummeraanduiding_id, vingerafdruk, stap, afwezig,"
                     " stap_sinds FROM traject",
    [Q_STATES_IMG] = "SELECT id, img_id, NULL, nummeraanduiding_id, vingerafdruk, fase, afwezig,"
                     " fase_sinds FROM schade",
    /* covered by the index adres_sleutel: a fraction of the table's pages */
    [Q_ADDRESS_KEYS] = "SELECT nummeraanduiding_id, sleutel FROM adres",
    [Q_ADDRESS_PUT] =
        "INSERT INTO adres (nummeraanduiding_id, verblijfsobject_id, pand_id, straat, huisnummer,"
        " huisletter, toevoeging, postcode, woonplaats, gemeentecode, x, y, bouwjaar, kern,"
        " sleutel, afwezig, vingerafdruk, levering_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 0, ?16, ?17)"
        " ON CONFLICT (nummeraanduiding_id) DO UPDATE SET verblijfsobject_id = excluded.verblijfsobject_id,"
        " pand_id = excluded.pand_id, straat = excluded.straat, huisnummer = excluded.huisnummer,"
        " huisletter = excluded.huisletter, toevoeging = excluded.toevoeging,"
        " postcode = excluded.postcode, woonplaats = excluded.woonplaats,"
        " gemeentecode = excluded.gemeentecode, x = excluded.x, y = excluded.y,"
        " bouwjaar = excluded.bouwjaar, kern = excluded.kern, sleutel = excluded.sleutel,"
        " afwezig = 0, vingerafdruk = excluded.vingerafdruk, levering_id = excluded.levering_id",
    /* Same columns and parameters as Q_ADDRESS_PUT, so one binder serves both. */
    [Q_ADDRESS_ADD] =
        "INSERT INTO adres (nummeraanduiding_id, verblijfsobject_id, pand_id, straat, huisnummer,"
        " huisletter, toevoeging, postcode, woonplaats, gemeentecode, x, y, bouwjaar, kern,"
        " sleutel, afwezig, vingerafdruk, levering_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 0, ?16, ?17)",
    [Q_TRAJ_INSERT] =
        "INSERT INTO traject (nummeraanduiding_id, stap, stap_sinds, risicoprofiel, batch,"
        " programma, bijzondere_situatie, keuze_bewoner, bewonersbegeleider,"
        " aannemersovereenkomst, vingerafdruk, levering_id, ncg_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    [Q_TRAJ_UPDATE] =
        "UPDATE traject SET nummeraanduiding_id = ?1, stap = ?2, stap_sinds = ?3,"
        " risicoprofiel = ?4, batch = ?5, programma = ?6, bijzondere_situatie = ?7,"
        " keuze_bewoner = ?8, bewonersbegeleider = ?9, aannemersovereenkomst = ?10,"
        " vingerafdruk = ?11, levering_id = ?12, afwezig = 0, versie = versie + 1"
        " WHERE id = ?13",
    [Q_CLAIM_INSERT] =
        "INSERT INTO schade (nummeraanduiding_id, regeling, fase, fase_sinds, ontvangen_op,"
        " urgent, aos, aos_gegrond, zaakbegeleider, besluit_bedrag, vingerafdruk, levering_id,"
        " img_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    [Q_CLAIM_UPDATE] =
        "UPDATE schade SET nummeraanduiding_id = ?1, regeling = ?2, fase = ?3, fase_sinds = ?4,"
        " ontvangen_op = ?5, urgent = ?6, aos = ?7, aos_gegrond = ?8, zaakbegeleider = ?9,"
        " besluit_bedrag = ?10, vingerafdruk = ?11, levering_id = ?12, afwezig = 0,"
        " versie = versie + 1 WHERE id = ?13",
    [Q_ABSENT_BAG] = "UPDATE adres SET afwezig = 1, levering_id = ?2 WHERE nummeraanduiding_id = ?1",
    [Q_ABSENT_NCG] = "UPDATE traject SET afwezig = 1, levering_id = ?2, versie = versie + 1"
                     " WHERE id = ?1",
    [Q_ABSENT_IMG] = "UPDATE schade SET afwezig = 1, levering_id = ?2, versie = versie + 1"
                     " WHERE id = ?1",
    [Q_HISTORY_ADD] =
        "INSERT INTO statushistorie (onderwerp, sleutel, veld, van, naar, datum, levering_id,"
        " gebruiker, van_sinds) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [Q_COUNTS] = "SELECT (SELECT aantal FROM telling WHERE soort = 'adres'),"
                 " (SELECT aantal FROM telling WHERE soort = 'traject'),"
                 " (SELECT aantal FROM telling WHERE soort = 'schade')",
    /* Not kept like `telling`: one municipality is counted when asked (statistics
     * per gemeente), through its addresses' index. */
    [Q_COUNTS_GEMEENTE] =
        "SELECT (SELECT count(*) FROM adres WHERE gemeentecode = ?1 AND afwezig = 0),"
        " (SELECT count(*) FROM adres a JOIN traject t USING (nummeraanduiding_id)"
        "  WHERE a.gemeentecode = ?1 AND t.afwezig = 0),"
        " (SELECT count(*) FROM adres a JOIN schade s USING (nummeraanduiding_id)"
        "  WHERE a.gemeentecode = ?1 AND s.afwezig = 0)",
    [Q_SET_COUNT] = "UPDATE telling SET aantal = ?2 WHERE soort = ?1",
    [Q_ADDRESS_GET] =
        "SELECT verblijfsobject_id, pand_id, coalesce(straat, ''), huisnummer, huisletter,"
        " toevoeging, postcode, coalesce(woonplaats, ''), gemeentecode, x, y,"
        " coalesce(bouwjaar, 0), kern, sleutel, afwezig FROM adres WHERE nummeraanduiding_id = ?1",
    /* the key, or the key with a letter or addition after it: "9461AA 65" also finds
     * "9461AA 65 3" (a key has at most two spaces, so the range is exactly those) */
    [Q_ADDRESS_BY_KEY] = "SELECT nummeraanduiding_id FROM adres WHERE sleutel = ?1"
                         " OR (sleutel >= ?1 || ' ' AND sleutel < ?1 || '!')"
                         " ORDER BY afwezig, sleutel <> ?1, sleutel, nummeraanduiding_id",
    [Q_TRAJ_OF] = "SELECT " TRAJ_COLUMNS ", afwezig FROM traject WHERE nummeraanduiding_id = ?1"
                  " ORDER BY afwezig, id",
    [Q_CLAIMS_OF] = "SELECT " CLAIM_COLUMNS ", afwezig FROM schade"
                    " WHERE nummeraanduiding_id = ?1 ORDER BY afwezig, ontvangen_op, id",
    /* Four index lookups without ORDER BY, sorted by id in sq_history_of_address: the
     * same rows as "onderwerp IN (...) OR sleutel IN (SELECT ...)", without the
     * temporary tables that form needs for its lists and its ORDER BY on every call.
     * CROSS JOIN keeps the planner from scanning every trajectory's or claim's history. */
    [Q_HISTORY_OF] =
        "SELECT h.onderwerp, h.sleutel, h.veld, coalesce(h.van, ''), coalesce(h.naar, ''),"
        " h.datum, h.vastgelegd_op, coalesce(h.levering_id, 0), coalesce(h.gebruiker, ''), h.id"
        " FROM statushistorie h WHERE h.onderwerp = 'adres' AND h.sleutel = ?2"
        " UNION ALL"
        " SELECT h.onderwerp, h.sleutel, h.veld, coalesce(h.van, ''), coalesce(h.naar, ''),"
        " h.datum, h.vastgelegd_op, coalesce(h.levering_id, 0), coalesce(h.gebruiker, ''), h.id"
        " FROM statushistorie h WHERE h.onderwerp = 'combinatiedossier' AND h.sleutel = ?2"
        " UNION ALL"
        " SELECT h.onderwerp, h.sleutel, h.veld, coalesce(h.van, ''), coalesce(h.naar, ''),"
        " h.datum, h.vastgelegd_op, coalesce(h.levering_id, 0), coalesce(h.gebruiker, ''), h.id"
        " FROM traject t CROSS JOIN statushistorie h WHERE t.nummeraanduiding_id = ?1"
        " AND h.onderwerp = 'traject' AND h.sleutel = t.ncg_id"
        " UNION ALL"
        " SELECT h.onderwerp, h.sleutel, h.veld, coalesce(h.van, ''), coalesce(h.naar, ''),"
        " h.datum, h.vastgelegd_op, coalesce(h.levering_id, 0), coalesce(h.gebruiker, ''), h.id"
        " FROM schade s CROSS JOIN statushistorie h WHERE s.nummeraanduiding_id = ?1"
        " AND h.onderwerp = 'schade' AND h.sleutel = s.img_id",
    [Q_CLAIM_GET] = "SELECT " CLAIM_COLUMNS ", afwezig, id, nummeraanduiding_id, versie"
                    " FROM schade WHERE img_id = ?1",
    [Q_TRAJ_GET] = "SELECT " TRAJ_COLUMNS ", afwezig, id, nummeraanduiding_id, versie"
                   " FROM traject WHERE ncg_id = ?1",
    /* the version check is the WHERE clause: no row comes back when it moved on */
    [Q_CLAIM_SET_STATUS] = "UPDATE schade SET fase = ?3, fase_sinds = ?4, urgent = ?5,"
                       " zaakbegeleider = ?6, vingerafdruk = ?7, versie = versie + 1"
                       " WHERE id = ?1 AND versie = ?2 RETURNING versie",
    [Q_TRAJ_SET_STATUS] = "UPDATE traject SET stap = ?3, stap_sinds = ?4, bijzondere_situatie = ?5,"
                      " bewonersbegeleider = ?6, aannemersovereenkomst = ?7, vingerafdruk = ?8,"
                      " versie = versie + 1 WHERE id = ?1 AND versie = ?2 RETURNING versie",
    [Q_DAMAGE_ADD] = "INSERT INTO schademelding_aannemer (ncg_id, nummeraanduiding_id,"
                     " omschrijving, gemeld_op, door) VALUES (?1, ?2, ?3, ?4, ?5)"
                     " RETURNING id, aangemaakt_op",
};

static sqlite3_stmt *stmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->stmt[SQ_PART_RECORDS][q], sql_text[q]);
}

/* ---- bulk loads and counts ---------------------------------------------- */

/*
 * The secondary indexes of each table, as in the migrations. Building an
 * index once from sorted data is several times cheaper than growing it one
 * random key at a time, so a bulk load drops them and creates them again
 * inside the same transaction: a crash still leaves the old table and indexes.
 */
typedef struct index_def {
    sl_kind kind;
    const char *drop;
    const char *create;
} index_def;

static const index_def indexes[] = {
    {SL_KIND_BAG, "DROP INDEX adres_sleutel", "CREATE INDEX adres_sleutel ON adres(sleutel)"},
    {SL_KIND_BAG, "DROP INDEX adres_gemeente",
     "CREATE INDEX adres_gemeente ON adres(gemeentecode)"},
    {SL_KIND_NCG, "DROP INDEX traject_ncg_id",
     "CREATE UNIQUE INDEX traject_ncg_id ON traject(ncg_id)"},
    {SL_KIND_NCG, "DROP INDEX traject_adres",
     "CREATE INDEX traject_adres ON traject(nummeraanduiding_id)"},
    {SL_KIND_IMG, "DROP INDEX schade_img_id",
     "CREATE UNIQUE INDEX schade_img_id ON schade(img_id)"},
    {SL_KIND_IMG, "DROP INDEX schade_adres",
     "CREATE INDEX schade_adres ON schade(nummeraanduiding_id, afwezig, fase)"},
};

/*
 * CREATE INDEX feeds every key to SQLite's sorter, which keeps them in one
 * in-memory list as long as they fit in the page cache's size, then sorts that
 * list on this thread. With a small cache it instead hands the sorter's worker
 * threads (PRAGMA threads) lists of a few MiB to sort while this thread goes
 * on reading the table, and merges their runs: about twice as fast for a
 * million claims (decision 81). cache_spill off keeps the load's dirty pages
 * in memory meanwhile, instead of writing them out to honour the small size.
 */
#define SORT_CACHE "PRAGMA cache_spill = OFF; PRAGMA cache_size = -4096;"
#define FULL_CACHE "PRAGMA cache_size = " SL_SQLITE_CACHE "; PRAGMA cache_spill = ON;"

static bool sq_bulk(sl_store *st, sl_kind kind, bool begin)
{
    sqlite_store *sq = SQ(st);
    if (!begin && !sq_exec(sq, SORT_CACHE, "index herbouwen mislukt"))
        return false;
    bool ok = true;
    for (size_t i = 0; ok && i < sizeof indexes / sizeof indexes[0]; i++)
        if (indexes[i].kind == kind &&
            !sq_exec(sq, begin ? indexes[i].drop : indexes[i].create, "index herbouwen mislukt"))
            ok = false;
    /* the cache back as it was, also after a failure (it outlives the transaction) */
    if (!begin && !sq_exec(sq, FULL_CACHE, "index herbouwen mislukt"))
        ok = false;
    return ok;
}

static bool sq_bulk_begin(sl_store *st, sl_kind kind) { return sq_bulk(st, kind, true); }
static bool sq_bulk_end(sl_store *st, sl_kind kind) { return sq_bulk(st, kind, false); }

static bool sq_set_count(sl_store *st, sl_kind kind, int64_t n)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_SET_COUNT);
    if (!s)
        return false;
    bind_text(s, 1, kind == SL_KIND_BAG ? "adres" : kind == SL_KIND_NCG ? "traject" : "schade");
    sqlite3_bind_int64(s, 2, n);
    return run(sq, s, "telling bijwerken mislukt");
}

/* ---- current state ------------------------------------------------------ */

static bool sq_scan_states(sl_store *st, sl_kind kind, sl_state_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    int q = kind == SL_KIND_BAG ? Q_STATES_BAG : kind == SL_KIND_NCG ? Q_STATES_NCG : Q_STATES_IMG;
    sqlite3_stmt *s = stmt(sq, q);
    if (!s)
        return false;
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_record_state r = {
            .rowid = sqlite3_column_int64(s, 0),
            .source_id = (const char *)sqlite3_column_text(s, 1),
            .match_key = (const char *)sqlite3_column_text(s, 2),
            .address_id = sqlite3_column_int64(s, 3),
            .fingerprint = (uint64_t)sqlite3_column_int64(s, 4),
            .status = -1,
            .sinds = col_date(s, 7),
            .absent = sqlite3_column_int(s, 6) != 0,
        };
        const char *status = (const char *)sqlite3_column_text(s, 5);
        if (status) {
            size_t len = (size_t)sqlite3_column_bytes(s, 5);
            sl_stap stap;
            sl_fase fase;
            if (kind == SL_KIND_NCG && sl_stap_parse(status, len, &stap))
                r.status = (int)stap;
            else if (kind == SL_KIND_IMG && sl_fase_parse(status, len, &fase))
                r.status = (int)fase;
        }
        ok = cb(ctx, &r);
    }
    sqlite3_reset(s);
    if (!ok)
        return false;
    if (rc != SQLITE_DONE)
        return db_fail(sq, "register lezen mislukt");
    return true;
}

static bool sq_scan_address_keys(sl_store *st, sl_state_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_ADDRESS_KEYS);
    if (!s)
        return false;
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_record_state r = {.rowid = sqlite3_column_int64(s, 0),
                             .match_key = (const char *)sqlite3_column_text(s, 1),
                             .status = -1};
        ok = cb(ctx, &r);
    }
    sqlite3_reset(s);
    if (!ok)
        return false;
    if (rc != SQLITE_DONE)
        return db_fail(sq, "adressen lezen mislukt");
    return true;
}

/* ---- writes ------------------------------------------------------------- */

static bool address_write(sl_store *st, int q, const sl_address *a, uint64_t fp,
                          int64_t delivery_id)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, q);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, a->nummeraanduiding_id);
    bind_id_or_null(s, 2, a->verblijfsobject_id);
    bind_id_or_null(s, 3, a->pand_id);
    bind_text_or_null(s, 4, a->straat);
    sqlite3_bind_int(s, 5, a->nr.huisnummer);
    bind_text(s, 6, a->nr.huisletter);
    bind_text(s, 7, a->nr.toevoeging);
    bind_text(s, 8, a->postcode);
    bind_text_or_null(s, 9, a->woonplaats);
    bind_text(s, 10, a->gemeentecode);
    if (a->has_xy) {
        sqlite3_bind_double(s, 11, a->x);
        sqlite3_bind_double(s, 12, a->y);
    }
    if (a->bouwjaar)
        sqlite3_bind_int(s, 13, a->bouwjaar);
    bind_flag(s, 14, a->kern);
    bind_text(s, 15, a->key);
    sqlite3_bind_int64(s, 16, (int64_t)fp);
    sqlite3_bind_int64(s, 17, delivery_id);
    return run(sq, s, "adres opslaan mislukt");
}

static bool sq_address_put(sl_store *st, const sl_address *a, uint64_t fp, int64_t delivery_id)
{
    return address_write(st, Q_ADDRESS_PUT, a, fp, delivery_id);
}

static bool sq_address_add(sl_store *st, const sl_address *a, uint64_t fp, int64_t delivery_id)
{
    return address_write(st, Q_ADDRESS_ADD, a, fp, delivery_id);
}

static bool sq_trajectory_put(sl_store *st, int64_t *rowid, const sl_trajectory *t,
                              int64_t address_id, uint64_t fp, int64_t delivery_id)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, *rowid ? Q_TRAJ_UPDATE : Q_TRAJ_INSERT);
    if (!s)
        return false;
    char d1[11], d2[11];
    sqlite3_bind_int64(s, 1, address_id);
    bind_text(s, 2, sl_stap_name(t->stap));
    bind_date(s, 3, t->stap_sinds, d1);
    bind_text(s, 4, sl_risico_name(t->risicoprofiel));
    bind_text(s, 5, t->batch);
    bind_text(s, 6, sl_programma_name(t->programma));
    bind_flag(s, 7, t->bijzondere_situatie);
    bind_text(s, 8, sl_keuze_name(t->keuze_bewoner));
    bind_text(s, 9, t->bewonersbegeleider);
    bind_date(s, 10, t->aannemersovereenkomst, d2);
    sqlite3_bind_int64(s, 11, (int64_t)fp);
    sqlite3_bind_int64(s, 12, delivery_id);
    if (*rowid)
        sqlite3_bind_int64(s, 13, *rowid);
    else
        bind_text(s, 13, t->ncg_id);
    if (!run(sq, s, "traject opslaan mislukt"))
        return false;
    if (!*rowid)
        *rowid = sqlite3_last_insert_rowid(sq->db);
    return true;
}

static bool sq_claim_put(sl_store *st, int64_t *rowid, const sl_claim *c, int64_t address_id,
                         uint64_t fp, int64_t delivery_id)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, *rowid ? Q_CLAIM_UPDATE : Q_CLAIM_INSERT);
    if (!s)
        return false;
    char d1[11], d2[11];
    sqlite3_bind_int64(s, 1, address_id);
    bind_text(s, 2, sl_regeling_name(c->regeling));
    bind_text(s, 3, sl_fase_name(c->fase));
    bind_date(s, 4, c->fase_sinds, d1);
    bind_date(s, 5, c->ontvangen_op, d2);
    bind_flag(s, 6, c->urgent);
    bind_flag(s, 7, c->aos);
    bind_flag(s, 8, c->aos_gegrond);
    bind_text(s, 9, c->zaakbegeleider);
    if (c->has_bedrag)
        sqlite3_bind_int64(s, 10, c->besluit_bedrag);
    sqlite3_bind_int64(s, 11, (int64_t)fp);
    sqlite3_bind_int64(s, 12, delivery_id);
    if (*rowid)
        sqlite3_bind_int64(s, 13, *rowid);
    else
        bind_text(s, 13, c->img_id);
    if (!run(sq, s, "schade opslaan mislukt"))
        return false;
    if (!*rowid)
        *rowid = sqlite3_last_insert_rowid(sq->db);
    return true;
}

static bool sq_mark_absent(sl_store *st, sl_kind kind, int64_t rowid, int64_t delivery_id)
{
    sqlite_store *sq = SQ(st);
    int q = kind == SL_KIND_BAG ? Q_ABSENT_BAG : kind == SL_KIND_NCG ? Q_ABSENT_NCG : Q_ABSENT_IMG;
    sqlite3_stmt *s = stmt(sq, q);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, rowid);
    sqlite3_bind_int64(s, 2, delivery_id);
    return run(sq, s, "afwezig markeren mislukt");
}

static bool sq_history_add(sl_store *st, const sl_history *h)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_HISTORY_ADD);
    if (!s)
        return false;
    char d[11], since[11];
    bind_text(s, 1, h->onderwerp);
    bind_text(s, 2, h->sleutel);
    bind_text(s, 3, h->veld);
    bind_text_or_null(s, 4, h->van);
    bind_text_or_null(s, 5, h->naar);
    bind_date(s, 6, h->datum, d);
    bind_id_or_null(s, 7, h->delivery_id);
    bind_text_or_null(s, 8, h->gebruiker);
    bind_date(s, 9, sl_history_van_sinds(h), since);
    return run(sq, s, "statushistorie vastleggen mislukt");
}

/* ---- reporting ---------------------------------------------------------- */

static bool read_counts(sqlite_store *sq, sqlite3_stmt *s, sl_register_counts *out)
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->adressen = sqlite3_column_int64(s, 0);
        out->trajecten = sqlite3_column_int64(s, 1);
        out->schades = sqlite3_column_int64(s, 2);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return db_fail(sq, "tellingen lezen mislukt");
    return true;
}

static bool sq_counts(sl_store *st, sl_register_counts *out)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_COUNTS);
    return s && read_counts(sq, s, out);
}

static bool sq_counts_in(sl_store *st, const char *gemeentecode, sl_register_counts *out)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_COUNTS_GEMEENTE);
    if (!s)
        return false;
    bind_text(s, 1, gemeentecode);
    return read_counts(sq, s, out);
}

/* The municipalities of the figures: a walk of the adres_gemeente index. */
static bool sq_gemeentecodes(sl_store *st, sl_gemeentecode_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(sq->db, "SELECT DISTINCT gemeentecode FROM adres ORDER BY 1", -1, &s,
                           NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return db_fail(sq, "gemeentecodes voorbereiden mislukt");
    }
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(s, 0);
        ok = cb(ctx, code ? code : "");
    }
    if (ok && rc != SQLITE_DONE)
        ok = db_fail(sq, "gemeentecodes lezen mislukt");
    sqlite3_finalize(s);
    return ok;
}

/* ---- reading one address's dossier ------------------------------------- */

static bool sq_address_get(sl_store *st, int64_t id, sl_address *a, bool *absent, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_ADDRESS_GET);
    if (!s)
        return false;
    memset(a, 0, sizeof *a);
    sqlite3_bind_int64(s, 1, id);
    int r = step_row(sq, s, "adres lezen mislukt");
    *found = r > 0;
    if (r > 0) {
        a->nummeraanduiding_id = id;
        a->verblijfsobject_id = sqlite3_column_int64(s, 0);
        a->pand_id = sqlite3_column_int64(s, 1);
        col_copy(s, 2, a->straat, sizeof a->straat);
        a->nr.huisnummer = sqlite3_column_int(s, 3);
        col_copy(s, 4, a->nr.huisletter, sizeof a->nr.huisletter);
        col_copy(s, 5, a->nr.toevoeging, sizeof a->nr.toevoeging);
        col_copy(s, 6, a->postcode, sizeof a->postcode);
        col_copy(s, 7, a->woonplaats, sizeof a->woonplaats);
        col_copy(s, 8, a->gemeentecode, sizeof a->gemeentecode);
        a->has_xy = sqlite3_column_type(s, 9) != SQLITE_NULL;
        a->x = sqlite3_column_double(s, 9);
        a->y = sqlite3_column_double(s, 10);
        a->bouwjaar = sqlite3_column_int(s, 11);
        a->kern = col_flag(s, 12);
        col_copy(s, 13, a->key, sizeof a->key);
        *absent = sqlite3_column_int(s, 14) != 0;
    }
    done(s);
    return r >= 0;
}

static bool sq_addresses_by_key(sl_store *st, const char *key, sl_address_row_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_ADDRESS_BY_KEY);
    if (!s)
        return false;
    /* ids first: sq_address_get uses another statement, and a key matches a handful */
    int64_t ids[32];
    size_t n = 0;
    bind_text(s, 1, key);
    int r;
    while ((r = step_row(sq, s, "adressen zoeken mislukt")) > 0 && n < 32)
        ids[n++] = sqlite3_column_int64(s, 0);
    done(s);
    if (r < 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        sl_address a;
        bool absent, found;
        if (!sq_address_get(st, ids[i], &a, &absent, &found))
            return false;
        if (found && !cb(ctx, &a, absent))
            return false;
    }
    return true;
}

/* Columns 0-9 (TRAJ_COLUMNS) into t. */
static void read_trajectory(sqlite3_stmt *s, int64_t address_id, sl_trajectory *t)
{
    memset(t, 0, sizeof *t);
    col_copy(s, 0, t->ncg_id, sizeof t->ncg_id);
    t->adres.nummeraanduiding_id = address_id;
    sl_stap_parse((const char *)sqlite3_column_text(s, 1), (size_t)sqlite3_column_bytes(s, 1),
                  &t->stap);
    t->stap_sinds = col_date(s, 2);
    sl_risico_parse((const char *)sqlite3_column_text(s, 3), (size_t)sqlite3_column_bytes(s, 3),
                    &t->risicoprofiel);
    col_copy(s, 4, t->batch, sizeof t->batch);
    sl_programma_parse((const char *)sqlite3_column_text(s, 5), (size_t)sqlite3_column_bytes(s, 5),
                       &t->programma);
    t->bijzondere_situatie = col_flag(s, 6);
    sl_keuze_parse((const char *)sqlite3_column_text(s, 7), (size_t)sqlite3_column_bytes(s, 7),
                   &t->keuze_bewoner);
    col_copy(s, 8, t->bewonersbegeleider, sizeof t->bewonersbegeleider);
    t->aannemersovereenkomst = col_date(s, 9);
}

/* Columns 0-9 (CLAIM_COLUMNS) into c. */
static void read_claim(sqlite3_stmt *s, int64_t address_id, sl_claim *c)
{
    memset(c, 0, sizeof *c);
    col_copy(s, 0, c->img_id, sizeof c->img_id);
    c->adres.nummeraanduiding_id = address_id;
    sl_regeling_parse((const char *)sqlite3_column_text(s, 1), (size_t)sqlite3_column_bytes(s, 1),
                      &c->regeling);
    sl_fase_parse((const char *)sqlite3_column_text(s, 2), (size_t)sqlite3_column_bytes(s, 2),
                  &c->fase);
    c->fase_sinds = col_date(s, 3);
    c->ontvangen_op = col_date(s, 4);
    c->urgent = col_flag(s, 5);
    c->aos = col_flag(s, 6);
    c->aos_gegrond = col_flag(s, 7);
    col_copy(s, 8, c->zaakbegeleider, sizeof c->zaakbegeleider);
    c->has_bedrag = sqlite3_column_type(s, 9) != SQLITE_NULL;
    c->besluit_bedrag = sqlite3_column_int64(s, 9);
}

static bool sq_trajectories_of(sl_store *st, int64_t address_id, sl_trajectory_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_TRAJ_OF);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    int r;
    bool ok = true;
    while (ok && (r = step_row(sq, s, "trajecten lezen mislukt")) > 0) {
        sl_trajectory t;
        read_trajectory(s, address_id, &t);
        ok = cb(ctx, &t, sqlite3_column_int(s, 10) != 0);
    }
    done(s);
    return ok && r == 0;
}

static bool sq_claims_of(sl_store *st, int64_t address_id, sl_claim_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_CLAIMS_OF);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    int r;
    bool ok = true;
    while (ok && (r = step_row(sq, s, "schades lezen mislukt")) > 0) {
        sl_claim c;
        read_claim(s, address_id, &c);
        ok = cb(ctx, &c, sqlite3_column_int(s, 10) != 0);
    }
    done(s);
    return ok && r == 0;
}

/* ---- one claim or trajectory: reads and versioned updates ----------------- */

static bool sq_claim_get(sl_store *st, const char *img_id, sl_claim_record *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_CLAIM_GET);
    if (!s)
        return false;
    memset(out, 0, sizeof *out);
    bind_text(s, 1, img_id);
    int r = step_row(sq, s, "schade lezen mislukt");
    *found = r > 0;
    if (r > 0) {
        out->address_id = sqlite3_column_int64(s, 12);
        read_claim(s, out->address_id, &out->claim);
        out->absent = sqlite3_column_int(s, 10) != 0;
        out->rowid = sqlite3_column_int64(s, 11);
        out->versie = sqlite3_column_int64(s, 13);
    }
    done(s);
    return r >= 0;
}

static bool sq_trajectory_get(sl_store *st, const char *ncg_id, sl_trajectory_record *out,
                              bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_TRAJ_GET);
    if (!s)
        return false;
    memset(out, 0, sizeof *out);
    bind_text(s, 1, ncg_id);
    int r = step_row(sq, s, "traject lezen mislukt");
    *found = r > 0;
    if (r > 0) {
        out->address_id = sqlite3_column_int64(s, 12);
        read_trajectory(s, out->address_id, &out->traject);
        out->absent = sqlite3_column_int(s, 10) != 0;
        out->rowid = sqlite3_column_int64(s, 11);
        out->versie = sqlite3_column_int64(s, 13);
    }
    done(s);
    return r >= 0;
}

/* Steps an UPDATE ... RETURNING versie: the new version, or *stale when no row matched. */
static bool versioned_update(sqlite_store *sq, sqlite3_stmt *s, int64_t *versie, bool *stale,
                             const char *what)
{
    int r = step_row(sq, s, what);
    *stale = r == 0;
    if (r > 0)
        *versie = sqlite3_column_int64(s, 0);
    done(s);
    return r >= 0;
}

static bool sq_claim_update(sl_store *st, sl_claim_record *rec, uint64_t fp, int64_t expect_versie,
                            bool *stale)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_CLAIM_SET_STATUS);
    if (!s)
        return false;
    const sl_claim *c = &rec->claim;
    char d[11];
    sqlite3_bind_int64(s, 1, rec->rowid);
    sqlite3_bind_int64(s, 2, expect_versie);
    bind_text(s, 3, sl_fase_name(c->fase));
    bind_date(s, 4, c->fase_sinds, d);
    bind_flag(s, 5, c->urgent);
    bind_text(s, 6, c->zaakbegeleider);
    sqlite3_bind_int64(s, 7, (int64_t)fp);
    return versioned_update(sq, s, &rec->versie, stale, "schade bijwerken mislukt");
}

static bool sq_trajectory_update(sl_store *st, sl_trajectory_record *rec, uint64_t fp,
                                 int64_t expect_versie, bool *stale)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_TRAJ_SET_STATUS);
    if (!s)
        return false;
    const sl_trajectory *t = &rec->traject;
    char d1[11], d2[11];
    sqlite3_bind_int64(s, 1, rec->rowid);
    sqlite3_bind_int64(s, 2, expect_versie);
    bind_text(s, 3, sl_stap_name(t->stap));
    bind_date(s, 4, t->stap_sinds, d1);
    bind_flag(s, 5, t->bijzondere_situatie);
    bind_text(s, 6, t->bewonersbegeleider);
    bind_date(s, 7, t->aannemersovereenkomst, d2);
    sqlite3_bind_int64(s, 8, (int64_t)fp);
    return versioned_update(sq, s, &rec->versie, stale, "traject bijwerken mislukt");
}

static bool sq_contractor_damage_add(sl_store *st, sl_contractor_damage *d)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_DAMAGE_ADD);
    if (!s)
        return false;
    char day[11];
    bind_text(s, 1, d->ncg_id);
    sqlite3_bind_int64(s, 2, d->address_id);
    bind_text(s, 3, d->omschrijving);
    bind_date(s, 4, d->gemeld_op, day);
    bind_text(s, 5, d->door);
    int r = step_row(sq, s, "schademelding van de aannemer vastleggen mislukt");
    if (r > 0) {
        d->id = sqlite3_column_int64(s, 0);
        col_copy(s, 1, d->aangemaakt_op, sizeof d->aangemaakt_op);
    }
    done(s);
    if (r == 0)
        return sl_store_fail(st, "schademelding van de aannemer vastleggen mislukt");
    return r > 0;
}

typedef struct history_item {
    int64_t id;
    sl_history_row row;
} history_item;

static int history_by_id(const void *a, const void *b)
{
    int64_t x = ((const history_item *)a)->id, y = ((const history_item *)b)->id;
    return (x > y) - (x < y);
}

static bool sq_history_of_address(sl_store *st, int64_t address_id, sl_history_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_HISTORY_OF);
    if (!s)
        return false;
    char key[17];
    sl_bag_format(address_id, key);
    sqlite3_bind_int64(s, 1, address_id);
    sqlite3_bind_text(s, 2, key, -1, SQLITE_TRANSIENT);
    /* an address has a handful of history rows: collect them, then hand them out by id */
    history_item local[16], *items = local;
    size_t n = 0, cap = sizeof local / sizeof local[0];
    int r;
    bool ok = true;
    while ((r = step_row(sq, s, "statushistorie lezen mislukt")) > 0) {
        if (n == cap) {
            history_item *grown = sl_malloc(2 * cap * sizeof *grown);
            if (!grown) {
                ok = sl_store_fail(st, "onvoldoende geheugen");
                break;
            }
            memcpy(grown, items, n * sizeof *items);
            if (items != local)
                sl_free(items);
            items = grown;
            cap *= 2;
        }
        sl_history_row *h = &items[n].row;
        memset(h, 0, sizeof *h);
        col_copy(s, 0, h->onderwerp, sizeof h->onderwerp);
        col_copy(s, 1, h->sleutel, sizeof h->sleutel);
        col_copy(s, 2, h->veld, sizeof h->veld);
        col_copy(s, 3, h->van, sizeof h->van);
        col_copy(s, 4, h->naar, sizeof h->naar);
        h->datum = col_date(s, 5);
        col_copy(s, 6, h->vastgelegd_op, sizeof h->vastgelegd_op);
        h->delivery_id = sqlite3_column_int64(s, 7);
        col_copy(s, 8, h->gebruiker, sizeof h->gebruiker);
        items[n++].id = sqlite3_column_int64(s, 9);
    }
    done(s);
    if (ok && r == 0) {
        qsort(items, n, sizeof *items, history_by_id);
        for (size_t i = 0; ok && i < n; i++)
            ok = cb(ctx, &items[i].row);
    }
    if (items != local)
        sl_free(items);
    return ok && r == 0;
}

/* ---- the status history of every record (lead times) ------------------------ */

/* The changes through the history's (onderwerp, sleutel) index, whose rowid order is
 * the order they were recorded in. */
static const char *const STATUS_CHANGES_SQL[] = {
    [SL_KIND_IMG] = "SELECT sleutel, van, naar, datum, van_sinds FROM statushistorie"
                    " WHERE onderwerp = 'schade' AND veld = 'fase' ORDER BY sleutel, id",
    [SL_KIND_NCG] = "SELECT sleutel, van, naar, datum, van_sinds FROM statushistorie"
                    " WHERE onderwerp = 'traject' AND veld = 'stap' ORDER BY sleutel, id",
};
/*
 * The records in table order, with their address's id: joined to adres in SQL
 * every record costs a b-tree search of a large table (a million random page
 * reads, most of the time); the codes come from a walk of the adres_gemeente
 * index instead (gemeente_codes), joined here in memory.
 */
static const char *const STATUS_RECORDS_SQL[] = {
    [SL_KIND_IMG] = "SELECT img_id, nummeraanduiding_id, fase, fase_sinds, afwezig FROM schade",
    [SL_KIND_NCG] = "SELECT ncg_id, nummeraanduiding_id, stap, stap_sinds, afwezig FROM traject",
};

/* Every address's municipality: id -> index into codes (a handful of them). */
typedef struct gemeente_codes {
    sl_intmap *by_address;
    char (*codes)[SL_GEMEENTE_CAP];
    size_t n, cap;
} gemeente_codes;

static void gemeente_codes_free(gemeente_codes *g)
{
    sl_intmap_free(g->by_address);
    sl_free(g->codes);
}

static bool gemeente_codes_read(sqlite_store *sq, gemeente_codes *g)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(sq->db, "SELECT gemeentecode, nummeraanduiding_id FROM adres"
                           " INDEXED BY adres_gemeente ORDER BY gemeentecode", -1, &s,
                           NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return db_fail(sq, "gemeentecodes voorbereiden mislukt");
    }
    g->by_address = sl_intmap_new(1024);
    bool ok = g->by_address != NULL;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(s, 0);
        code = code ? code : "";
        if (g->n == 0 || strcmp(g->codes[g->n - 1], code) != 0) { /* codes come in order */
            if (g->n == g->cap) {
                size_t cap = g->cap ? 2 * g->cap : 32;
                char(*c)[SL_GEMEENTE_CAP] = sl_realloc(g->codes, cap * sizeof *c);
                if (!c) {
                    ok = false;
                    break;
                }
                g->codes = c;
                g->cap = cap;
            }
            snprintf(g->codes[g->n++], SL_GEMEENTE_CAP, "%s", code);
        }
        ok = sl_intmap_put(g->by_address, sqlite3_column_int64(s, 1), (int64_t)(g->n - 1));
    }
    sqlite3_finalize(s);
    if (!ok)
        return db_fail(sq, "onvoldoende geheugen");
    return rc == SQLITE_DONE || db_fail(sq, "gemeentecodes lezen mislukt");
}

static sqlite3_stmt *prepare_once(sqlite_store *sq, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(sq->db, sql, -1, &s, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        db_fail(sq, "statushistorie voorbereiden mislukt");
        return NULL;
    }
    return s;
}

static bool sq_scan_status_changes(sl_store *st, sl_kind kind, sl_status_change_cb cb,
                                   void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = prepare_once(sq, STATUS_CHANGES_SQL[kind == SL_KIND_IMG ? SL_KIND_IMG
                                                                              : SL_KIND_NCG]);
    if (!s)
        return false;
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_status_change_row r = {.sleutel = (const char *)sqlite3_column_text(s, 0),
                                  .van = (const char *)sqlite3_column_text(s, 1),
                                  .naar = (const char *)sqlite3_column_text(s, 2),
                                  .datum = col_date(s, 3),
                                  .van_sinds = col_date(s, 4)};
        ok = cb(ctx, &r);
    }
    if (ok && rc != SQLITE_DONE)
        ok = db_fail(sq, "statushistorie lezen mislukt");
    sqlite3_finalize(s);
    return ok;
}

static bool sq_scan_status_records(sl_store *st, sl_kind kind, sl_status_record_cb cb,
                                   void *ctx)
{
    sqlite_store *sq = SQ(st);
    gemeente_codes g = {0};
    if (!gemeente_codes_read(sq, &g)) {
        gemeente_codes_free(&g);
        return false;
    }
    sqlite3_stmt *s = prepare_once(sq, STATUS_RECORDS_SQL[kind == SL_KIND_IMG ? SL_KIND_IMG
                                                                              : SL_KIND_NCG]);
    if (!s) {
        gemeente_codes_free(&g);
        return false;
    }
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t code;
        if (!sl_intmap_get(g.by_address, sqlite3_column_int64(s, 1), &code))
            continue; /* cannot happen: every record has its address (foreign key) */
        sl_status_record_row r = {.sleutel = (const char *)sqlite3_column_text(s, 0),
                                  .gemeentecode = g.codes[code],
                                  .status = (const char *)sqlite3_column_text(s, 2),
                                  .sinds = col_date(s, 3),
                                  .absent = sqlite3_column_int(s, 4) != 0};
        ok = cb(ctx, &r);
    }
    if (ok && rc != SQLITE_DONE)
        ok = db_fail(sq, "register lezen mislukt");
    sqlite3_finalize(s);
    gemeente_codes_free(&g);
    return ok;
}

/* ---- when the register first knew an address's records (the dossier on a date) ---- */

/* ?1 the address, ?2 its id as history keys it (16 digits) */
static const char FIRST_KNOWN_SQL[] =
    "SELECT 'adres', '', coalesce((SELECT min(t) FROM (SELECT l.gestart_op AS t FROM levering l"
    " WHERE l.id = a.levering_id UNION ALL SELECT min(h.vastgelegd_op) FROM statushistorie h"
    " WHERE h.onderwerp = 'adres' AND h.sleutel = ?2) AS k), '')"
    " FROM adres a WHERE a.nummeraanduiding_id = ?1"
    " UNION ALL SELECT 'schade', r.img_id, coalesce((SELECT min(t) FROM (SELECT l.gestart_op AS t"
    " FROM levering l WHERE l.id = r.levering_id UNION ALL SELECT min(h.vastgelegd_op)"
    " FROM statushistorie h WHERE h.onderwerp = 'schade' AND h.sleutel = r.img_id) AS k), '')"
    " FROM schade r WHERE r.nummeraanduiding_id = ?1"
    " UNION ALL SELECT 'traject', r.ncg_id, coalesce((SELECT min(t) FROM (SELECT l.gestart_op AS t"
    " FROM levering l WHERE l.id = r.levering_id UNION ALL SELECT min(h.vastgelegd_op)"
    " FROM statushistorie h WHERE h.onderwerp = 'traject' AND h.sleutel = r.ncg_id) AS k), '')"
    " FROM traject r WHERE r.nummeraanduiding_id = ?1";

static bool sq_first_known(sl_store *st, int64_t address_id, sl_first_known_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(sq->db, FIRST_KNOWN_SQL, -1, &s, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return db_fail(sq, "bekend-sinds voorbereiden mislukt");
    }
    char key[17];
    sl_bag_format(address_id, key);
    sqlite3_bind_int64(s, 1, address_id);
    sqlite3_bind_text(s, 2, key, -1, SQLITE_TRANSIENT);
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW)
        ok = cb(ctx, (const char *)sqlite3_column_text(s, 0),
                (const char *)sqlite3_column_text(s, 1), (const char *)sqlite3_column_text(s, 2));
    if (ok && rc != SQLITE_DONE)
        ok = db_fail(sq, "bekend-sinds lezen mislukt");
    sqlite3_finalize(s);
    return ok;
}

const sl_records_ops sq_records_ops = {
    .bulk_begin = sq_bulk_begin,
    .bulk_end = sq_bulk_end,
    .scan_states = sq_scan_states,
    .scan_address_keys = sq_scan_address_keys,
    .address_put = sq_address_put,
    .address_add = sq_address_add,
    .trajectory_put = sq_trajectory_put,
    .claim_put = sq_claim_put,
    .mark_absent = sq_mark_absent,
    .history_add = sq_history_add,
    .counts = sq_counts,
    .counts_in = sq_counts_in,
    .set_count = sq_set_count,
    .gemeentecodes = sq_gemeentecodes,
    .address_get = sq_address_get,
    .addresses_by_key = sq_addresses_by_key,
    .trajectories_of = sq_trajectories_of,
    .claims_of = sq_claims_of,
    .claim_get = sq_claim_get,
    .trajectory_get = sq_trajectory_get,
    .claim_update = sq_claim_update,
    .trajectory_update = sq_trajectory_update,
    .contractor_damage_add = sq_contractor_damage_add,
    .history_of_address = sq_history_of_address,
    .scan_status_changes = sq_scan_status_changes,
    .scan_status_records = sq_scan_status_records,
    .first_known = sq_first_known,
};
