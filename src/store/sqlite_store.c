/*
 * sqlite_store.c - the embedded SQLite backend of the storage interface.
 *
 * One connection per handle, in WAL mode with synchronous=FULL so that a
 * committed delivery survives a crash and an interrupted one leaves nothing.
 * Statements are prepared once, on first use, and reset after each use;
 * every value goes in through a bound parameter.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "store/migrations.h"
#include "store/sqlite_int.h"

/* The statements of this file, prepared lazily into sq->stmt[] (SQ_REGISTER_SLOTS). */
enum {
    Q_BEGIN, Q_COMMIT, Q_ROLLBACK, Q_READ_BEGIN,
    Q_DELIVERY_ADD, Q_DELIVERY_FINISH, Q_REJECT_ADD,
    Q_STATES_BAG, Q_STATES_NCG, Q_STATES_IMG, Q_ADDRESS_KEYS,
    Q_ADDRESS_PUT, Q_ADDRESS_ADD, Q_TRAJ_INSERT, Q_TRAJ_UPDATE, Q_CLAIM_INSERT, Q_CLAIM_UPDATE,
    Q_ABSENT_BAG, Q_ABSENT_NCG, Q_ABSENT_IMG, Q_HISTORY_ADD,
    Q_MATRIX_ACTIVE, Q_PAIRS, Q_CLASS_SCAN, Q_CLASS_INSERT, Q_CLASS_UPDATE, Q_CLASS_DELETE,
    Q_COUNTS, Q_COUNTS_GEMEENTE, Q_SET_COUNT, Q_TALLY_ALL, Q_TALLY_GEMEENTE,
    Q_COUNT
};
_Static_assert(Q_COUNT <= SQ_REGISTER_SLOTS, "raise SQ_REGISTER_SLOTS");

static const char *const sql_text[Q_COUNT] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_READ_BEGIN] = "BEGIN DEFERRED",
    [Q_DELIVERY_ADD] = "INSERT INTO levering (bestand, soort) VALUES (?1, ?2)",
    [Q_DELIVERY_FINISH] =
        "UPDATE levering SET rijen = ?2, geimporteerd = ?3, afgewezen = ?4, afwezig = ?5, "
        "nieuw = ?6, gewijzigd = ?7, ongewijzigd = ?8, sha256 = ?9 WHERE id = ?1",
    [Q_REJECT_ADD] =
        "INSERT INTO afwijzing (levering_id, regel, kolom, reden) VALUES (?1, ?2, ?3, ?4)",
    [Q_STATES_BAG] = "SELECT nummeraanduiding_id, NULL, sleutel, 0, vingerafdruk, NULL, afwezig "
                     "FROM adres",
    [Q_STATES_NCG] = "SELECT id, ncg_id, NULL, nummeraanduiding_id, vingerafdruk, stap, afwezig "
                     "FROM traject",
    [Q_STATES_IMG] = "SELECT id, img_id, NULL, nummeraanduiding_id, vingerafdruk, fase, afwezig "
                     "FROM schade",
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
        " gebruiker) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [Q_MATRIX_ACTIVE] =
        "SELECT m.versie, m.stap, m.fase, m.groep FROM matrixregel m"
        " JOIN regelset r ON r.soort = 'matrix' AND r.actief = 1 AND r.versie = m.versie",
    [Q_PAIRS] =
        "SELECT t.nummeraanduiding_id, t.stap, s.fase FROM traject t"
        " LEFT JOIN schade s ON s.nummeraanduiding_id = t.nummeraanduiding_id AND s.afwezig = 0"
        " WHERE t.afwezig = 0 ORDER BY t.nummeraanduiding_id",
    [Q_CLASS_SCAN] = "SELECT nummeraanduiding_id, stap, fase, potentieel, groep, matrixversie"
                     " FROM classificatie",
    /* Not INSERT OR REPLACE: a REPLACE deletes the row and its index entry and
     * inserts both again under a statement journal; an update in place does less. */
    [Q_CLASS_INSERT] =
        "INSERT INTO classificatie (nummeraanduiding_id, stap, fase, potentieel,"
        " groep, matrixversie) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_CLASS_UPDATE] =
        "UPDATE classificatie SET stap = ?2, fase = ?3, potentieel = ?4, groep = ?5,"
        " matrixversie = ?6, berekend_op = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
        " WHERE nummeraanduiding_id = ?1",
    [Q_CLASS_DELETE] = "DELETE FROM classificatie WHERE nummeraanduiding_id = ?1",
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
    [Q_TALLY_ALL] = "SELECT stap, fase, potentieel, groep, matrixversie, count(*)"
                    " FROM classificatie GROUP BY 1, 2, 3, 4, 5",
    [Q_TALLY_GEMEENTE] =
        "SELECT c.stap, c.fase, c.potentieel, c.groep, c.matrixversie, count(*)"
        " FROM classificatie c JOIN adres a USING (nummeraanduiding_id)"
        " WHERE a.gemeentecode = ?1 GROUP BY 1, 2, 3, 4, 5",
};

/*
 * Writers of one process take turns on this mutex before SQLite's write lock:
 * SQLite's own wait for a busy lock sleeps in steps of up to 100 ms, which a
 * server with many worker threads turns into long tail latencies. Other
 * processes (a CLI import next to the server) still meet the busy timeout.
 */
static pthread_mutex_t writer = PTHREAD_MUTEX_INITIALIZER;

/* The page cache of each connection, in KiB (negative): a first load keeps a
 * whole table's new pages in it until the commit. */
#define SL_SQLITE_CACHE "-262144"

/* Returns the prepared, reset statement q, or NULL with the message set. */
static sqlite3_stmt *stmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->stmt[q], sql_text[q]);
}

/* ---- lifecycle ---------------------------------------------------------- */

static void end_load(sqlite_store *sq);

static void sq_close(sl_store *st)
{
    sqlite_store *sq = SQ(st);
    if (sq->holds_writer) /* closed mid-transaction: SQLite rolls back, we let go */
        pthread_mutex_unlock(&writer);
    if (sq->db && sq->wal_off) /* a failed switch back after a first load: once more */
        end_load(sq);
    for (int i = 0; i < SQ_REGISTER_SLOTS; i++)
        sqlite3_finalize(sq->stmt[i]);
    for (int i = 0; i < SQ_DOSSIER_SLOTS; i++)
        sqlite3_finalize(sq->dstmt[i]);
    for (int i = 0; i < SQ_ACCOUNTS_SLOTS; i++)
        sqlite3_finalize(sq->astmt[i]);
    for (int i = 0; i < SQ_LOGBOEK_SLOTS; i++)
        sqlite3_finalize(sq->lstmt[i]);
    for (int i = 0; i < SQ_VERZOEKEN_SLOTS; i++)
        sqlite3_finalize(sq->vstmt[i]);
    sqlite3_close(sq->db);
    sl_free(sq);
}

static int sq_schema_version(sl_store *st)
{
    sqlite3_stmt *s = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(SQ(st)->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

static bool exec(sqlite_store *sq, const char *sql, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(sq->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        sl_store_fail(&sq->base, "%s: %s", what, msg ? msg : sqlite3_errmsg(sq->db));
        sqlite3_free(msg);
        return false;
    }
    return true;
}

static bool migrate(sqlite_store *sq, const sl_migration *list)
{
    int have = sq_schema_version(&sq->base);
    if (have < 0)
        return db_fail(sq, "schemaversie lezen mislukt");
    for (const sl_migration *m = list; m->version; m++) {
        if (m->version <= have)
            continue;
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
        if (!exec(sq, "BEGIN IMMEDIATE", "migratie starten mislukt"))
            return false;
        if (!exec(sq, m->sql, m->name) || !exec(sq, pragma, m->name) ||
            !exec(sq, "COMMIT", m->name)) {
            sqlite3_exec(sq->db, "ROLLBACK", NULL, NULL, NULL);
            return false;
        }
    }
    return true;
}

static const sl_store_ops sqlite_ops;

/* Process-wide SQLite settings, before SQLite initialises: no global memory
 * statistics (a mutex on every allocation once the process has threads). */
static void configure_sqlite(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* A new handle on the SQLite file at path (created when missing), or NULL
 * with the message in err. flags adds to read-write-create. */
static sqlite_store *sq_new(const char *path, int flags, const char *what, char *err,
                            size_t errcap)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure_sqlite);
    sqlite_store *sq = sl_calloc(1, sizeof *sq);
    if (!sq) {
        snprintf(err, errcap, "onvoldoende geheugen");
        return NULL;
    }
    sq->base.ops = &sqlite_ops;
    int rc = sqlite3_open_v2(path, &sq->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                                 flags,
                             NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errcap, "%s '%s' openen mislukt: %s", what, path,
                 sq->db ? sqlite3_errmsg(sq->db) : sqlite3_errstr(rc));
        sq_close(&sq->base);
        return NULL;
    }
    sqlite3_busy_timeout(sq->db, 10000);
    sqlite3_extended_result_codes(sq->db, 1);
    return sq;
}

/* The look log's file: the register's path with "-inzage", beside its -wal
 * and -shm, so that whatever copies "samenloop.db*" takes it along. */
static bool looks_path(const char *path, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s-inzage", path);
    return n > 0 && (size_t)n < cap;
}

/*
 * The look log alone, for its one writer (sl_store_open_looks). WAL + FULL
 * as the register: a look's record is durable before the look is answered.
 * Its write transactions lock only this file, so they pass the process's
 * writer mutex by (begin_write): register writes never wait for them. Its
 * cache holds the address index that every record is added to (about 20 bytes
 * a record: 64 MiB is some three million records) and the table's last pages.
 * Its commits still checkpoint when they take the WAL past 1,000 pages (the
 * default): only a checkpoint in the writer's own lock can finish while looks
 * keep coming, and a finished one lets the next commit write the WAL from its
 * start again instead of growing the file without bound. The checkpointer
 * (sl_store_log_checkpoint, another handle) has by then copied and synced
 * nearly all of those pages, so the commit's share is small (decision 121).
 */
static sqlite_store *sq_open_looks(const char *register_path, char *err, size_t errcap)
{
    char path[4096];
    if (!looks_path(register_path, path, sizeof path)) {
        snprintf(err, errcap, "pad van het register is te lang");
        return NULL;
    }
    sqlite_store *sq = sq_new(path, 0, "inzagelogboek", err, errcap);
    if (!sq)
        return NULL;
    sq->looks = true;
    if (!exec(sq, "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL;"
                  " PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;",
              "inzagelogboek instellen mislukt") ||
        !migrate(sq, sl_sqlite_inzage_migrations) || !stmt(sq, Q_BEGIN) ||
        !stmt(sq, Q_COMMIT) || !stmt(sq, Q_ROLLBACK)) {
        snprintf(err, errcap, "%s", sq->base.errmsg);
        sq_close(&sq->base);
        return NULL;
    }
    return sq;
}

/* path as a file: URI, each byte outside the unreserved set percent-encoded. */
static bool file_uri(const char *path, const char *query, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    if (cap < 6)
        return false;
    memcpy(out, "file:", 5);
    n = 5;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || strchr("-._~/", *p);
        if (n + 3 >= cap)
            return false;
        if (plain) {
            out[n++] = (char)*p;
        } else {
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    int k = snprintf(out + n, cap - n, "%s", query);
    return k >= 0 && (size_t)k < cap - n;
}

/*
 * The look log, read-only, as schema "inzage" of a register handle: listing
 * and verifying see both chains in one snapshot, and a register write
 * transaction (BEGIN IMMEDIATE) takes no lock on the look log, which only
 * the look log's own writer changes. Created here when missing.
 */
static bool attach_looks(sqlite_store *sq, const char *path, char *err, size_t errcap)
{
    sqlite_store *looks = sq_open_looks(path, err, errcap);
    if (!looks)
        return false;
    sq_close(&looks->base);
    char lpath[4096], uri[3 * 4096 + 16];
    sqlite3_stmt *s = NULL;
    if (!looks_path(path, lpath, sizeof lpath) || !file_uri(lpath, "?mode=ro", uri, sizeof uri)) {
        snprintf(err, errcap, "pad van het register is te lang");
        return false;
    }
    bool ok = sqlite3_prepare_v2(sq->db, "ATTACH DATABASE ?1 AS inzage", -1, &s, NULL) ==
                  SQLITE_OK &&
              sqlite3_bind_text(s, 1, uri, -1, SQLITE_STATIC) == SQLITE_OK &&
              sqlite3_step(s) == SQLITE_DONE;
    if (!ok)
        snprintf(err, errcap, "inzagelogboek koppelen mislukt: %s", sqlite3_errmsg(sq->db));
    sqlite3_finalize(s);
    return ok;
}

bool sl_sqlite_open(const char *path, sl_store **out, char *err, size_t errcap)
{
    *out = NULL;
    /* URI names only for the look log's read-only attachment (attach_looks) */
    sqlite_store *sq = sq_new(path, SQLITE_OPEN_URI, "register", err, errcap);
    if (!sq)
        return false;
    /* 8 KiB pages for a new register (an existing one keeps its own): a first
     * load of a million claims writes, lists and indexes half as many pages as
     * with 4 KiB, about 7% of the import (decision 79).
     * WAL + FULL: a commit is durable, a crash before it leaves nothing behind.
     * Temporary storage in memory, but for first loads (sq_begin_load). */
    if (!exec(sq, "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL;"
                  " PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                  " PRAGMA temp_store = MEMORY; PRAGMA cache_size = " SL_SQLITE_CACHE ";"
                  " PRAGMA threads = 2;",
              "register instellen mislukt") ||
        !migrate(sq, sl_sqlite_migrations) || !sq_seed_rules(sq) || !stmt(sq, Q_BEGIN) ||
        !stmt(sq, Q_COMMIT) || !stmt(sq, Q_ROLLBACK)) {
        snprintf(err, errcap, "%s", sq->base.errmsg);
        sq_close(&sq->base);
        return false;
    }
    if (!attach_looks(sq, path, err, errcap)) {
        sq_close(&sq->base);
        return false;
    }
    *out = &sq->base;
    return true;
}

bool sl_sqlite_open_looks(const char *path, sl_store **out, char *err, size_t errcap)
{
    sqlite_store *sq = sq_open_looks(path, err, errcap);
    *out = sq ? &sq->base : NULL;
    return sq != NULL;
}


static void release_writer(sqlite_store *sq)
{
    if (sq->holds_writer) {
        sq->holds_writer = false;
        pthread_mutex_unlock(&writer);
    }
}

static void sq_read_end(sl_store *st);

/* Takes the process's writer mutex and starts the write transaction. */
static bool begin_write(sqlite_store *sq)
{
    /* A write ends the snapshot of the request around it (sq_read_begin); inside a
     * service's own read pair it is a programming error, named plainly. */
    if (sq->read_depth > 1)
        return sl_store_fail(&sq->base, "schrijven binnen een leesmoment kan niet");
    if (sq->read_depth == 1)
        sq_read_end(&sq->base);
    sqlite3_stmt *s = stmt(sq, Q_BEGIN);
    if (!s)
        return false;
    if (!sq->holds_writer && !sq->looks) {
        pthread_mutex_lock(&writer);
        sq->holds_writer = true;
    }
    if (!run(sq, s, "transactie starten mislukt")) {
        release_writer(sq);
        return false;
    }
    return true;
}

/* Sets the journal mode; true when the register is in `mode` afterwards. */
static bool journal_mode(sqlite_store *sq, const char *pragma, const char *mode)
{
    sqlite3_stmt *s = NULL;
    bool ok = sqlite3_prepare_v2(sq->db, pragma, -1, &s, NULL) == SQLITE_OK &&
              sqlite3_step(s) == SQLITE_ROW &&
              strcmp((const char *)sqlite3_column_text(s, 0), mode) == 0;
    sqlite3_finalize(s);
    return ok;
}

/*
 * After first loads: references are checked row by row again and the
 * register is back in WAL mode. A committed load leaves both as they are, so
 * that the next file of the same run, when it is a first load too, keeps the
 * page cache: leaving WAL mode and entering it again empties it, and the next
 * load would read the whole address table back from disk to check its
 * references. The next ordinary transaction, a rollback or closing the
 * register switches back. Both pragmas only take effect outside a
 * transaction; when one fails now, its flag stays set and the next begin (or
 * close) tries again.
 */
static void end_load(sqlite_store *sq)
{
    sq->load_kind = SL_KIND_UNKNOWN;
    if (!sqlite3_get_autocommit(sq->db))
        return;
    if (sq->fk_off && sqlite3_exec(sq->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) ==
                          SQLITE_OK)
        sq->fk_off = false;
    if (sq->wal_off && journal_mode(sq, "PRAGMA main.journal_mode = WAL", "wal"))
        sq->wal_off = false;
    if (sq->temp_file &&
        sqlite3_exec(sq->db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL) == SQLITE_OK)
        sq->temp_file = false;
}

static bool sq_begin(sl_store *st)
{
    sqlite_store *sq = SQ(st);
    end_load(sq);
    if (sq->fk_off || sq->wal_off)
        return sl_store_fail(st, "register na eerste lading terugzetten mislukt: %s",
                             sqlite3_errmsg(sq->db));
    return begin_write(sq);
}

/*
 * A first load writes up to a million rows, each naming an address that the
 * importer has just looked up in the register (addresses are never deleted)
 * and the delivery it inserted itself. SQLite would look each reference up
 * again as the row is written, a large part of each insert; instead the
 * pragma is off for this transaction (it cannot change inside one) and
 * check_load_references looks at every reference once before the commit.
 *
 * In WAL mode every page of the load would be written twice: into the WAL,
 * then by the checkpoint into the register. A rollback journal only holds the
 * pages that existed before the transaction, and a load mostly adds new ones
 * (which a rollback simply cuts off), so the load runs with one when this
 * connection is the only one: SQLite refuses to leave WAL mode while another
 * connection has the register open, and the load then stays in WAL mode.
 * Either way a crash leaves the register as it was: a hot journal is rolled
 * back by the next connection before it reads. While such a load runs, another
 * process that opens the register waits for it, up to the busy timeout.
 */
static bool sq_begin_load(sl_store *st, sl_kind kind)
{
    sqlite_store *sq = SQ(st);
    if (!sq->fk_off) {
        if (!exec(sq, "PRAGMA foreign_keys = OFF", "verwijzingscontrole uitzetten mislukt"))
            return false;
        sq->fk_off = true;
    }
    if (!sq->wal_off && journal_mode(sq, "PRAGMA main.journal_mode = DELETE", "delete"))
        sq->wal_off = true;
    /* Only with temporary storage in files does SQLite's sorter pack its keys in
     * one arena and sort a large index build on worker threads (sq_bulk). Not
     * for other transactions: their statement journals and small sorts are
     * cheaper in memory (a later delivery took half as long again in files). */
    if (!sq->temp_file &&
        sqlite3_exec(sq->db, "PRAGMA temp_store = FILE", NULL, NULL, NULL) == SQLITE_OK)
        sq->temp_file = true;
    if (!begin_write(sq)) {
        end_load(sq);
        return false;
    }
    sq->load_kind = kind;
    return true;
}

/*
 * The references a first load of each kind writes, one query per table: each
 * returns an address that a row names and the register lacks. The records are
 * read through their address index (rebuilt by now), so the lookups come in
 * key order. Deliveries need no check: every row names the delivery that this
 * transaction inserted.
 */
static const char *const load_checks[] = {
    "SELECT d.id FROM (SELECT DISTINCT nummeraanduiding_id AS id FROM traject) d"
    " WHERE NOT EXISTS (SELECT 1 FROM adres a WHERE a.nummeraanduiding_id = d.id) LIMIT 1",
    "SELECT d.id FROM (SELECT DISTINCT nummeraanduiding_id AS id FROM schade) d"
    " WHERE NOT EXISTS (SELECT 1 FROM adres a WHERE a.nummeraanduiding_id = d.id) LIMIT 1",
    "SELECT c.nummeraanduiding_id FROM classificatie c WHERE NOT EXISTS"
    " (SELECT 1 FROM adres a WHERE a.nummeraanduiding_id = c.nummeraanduiding_id) LIMIT 1",
    "SELECT c.nummeraanduiding_id FROM combinatiedossier c WHERE NOT EXISTS"
    " (SELECT 1 FROM adres a WHERE a.nummeraanduiding_id = c.nummeraanduiding_id) LIMIT 1",
};

static bool check_load_references(sqlite_store *sq)
{
    for (size_t i = 0; i < sizeof load_checks / sizeof load_checks[0]; i++) {
        /* an address load writes no references to addresses; a trajectory load no claims */
        if (sq->load_kind == SL_KIND_BAG || (i == 0 && sq->load_kind != SL_KIND_NCG) ||
            (i == 1 && sq->load_kind != SL_KIND_IMG))
            continue;
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(sq->db, load_checks[i], -1, &s, NULL) != SQLITE_OK)
            return db_fail(sq, "verwijzingen controleren mislukt");
        int rc = sqlite3_step(s);
        int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        sqlite3_finalize(s);
        if (rc == SQLITE_ROW) {
            char bag[17];
            sl_bag_format(id, bag);
            return sl_store_fail(&sq->base, "verwijzing naar onbekend adres %s", bag);
        }
        if (rc != SQLITE_DONE)
            return db_fail(sq, "verwijzingen controleren mislukt");
    }
    return true;
}

static bool sq_commit(sl_store *st)
{
    sqlite_store *sq = SQ(st);
    if (sq->load_kind != SL_KIND_UNKNOWN && !check_load_references(sq))
        return false; /* still in the transaction: the caller rolls back */
    sqlite3_stmt *s = stmt(sq, Q_COMMIT);
    if (!s || !run(sq, s, "transactie vastleggen mislukt"))
        return false; /* still in the transaction: the caller rolls back, which releases */
    sq->load_kind = SL_KIND_UNKNOWN; /* the pragmas stay for a next first load: end_load */
    release_writer(sq);
    return true;
}

static void sq_rollback(sl_store *st)
{
    sqlite_store *sq = SQ(st);
    if (!sqlite3_get_autocommit(sq->db)) {
        /* prepared at open: a rollback after an out-of-memory failure must not need memory */
        sqlite3_stmt *s = sq->stmt[Q_ROLLBACK];
        if (s) {
            sqlite3_step(s);
            sqlite3_reset(s);
        }
        if (!sqlite3_get_autocommit(sq->db))
            sqlite3_exec(sq->db, "ROLLBACK", NULL, NULL, NULL);
    }
    end_load(sq);
    release_writer(sq);
}

/* A consistent read of several queries: one deferred transaction instead of one
 * per query (each begin and end takes and drops a WAL read lock, a system call).
 * Reads nest: the outermost pair decides, so a service that reads inside an
 * authenticated request shares the request's snapshot. */
static bool sq_read_begin(sl_store *st)
{
    sqlite_store *sq = SQ(st);
    if (sq->read_depth > 0) {
        sq->read_depth++;
        return true;
    }
    sqlite3_stmt *s = stmt(sq, Q_READ_BEGIN);
    if (!s || !run(sq, s, "lezen starten mislukt"))
        return false;
    sq->read_depth = 1;
    return true;
}

static void sq_read_end(sl_store *st)
{
    sqlite_store *sq = SQ(st);
    if (sq->read_depth == 0 || --sq->read_depth > 0)
        return;
    sqlite3_stmt *s = sq->stmt[Q_COMMIT]; /* prepared on open */
    if (!sqlite3_get_autocommit(sq->db)) {
        sqlite3_step(s);
        sqlite3_reset(s);
    }
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

static bool exec(sqlite_store *sq, const char *sql, const char *what);

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
    if (!begin && !exec(sq, SORT_CACHE, "index herbouwen mislukt"))
        return false;
    bool ok = true;
    for (size_t i = 0; ok && i < sizeof indexes / sizeof indexes[0]; i++)
        if (indexes[i].kind == kind &&
            !exec(sq, begin ? indexes[i].drop : indexes[i].create, "index herbouwen mislukt"))
            ok = false;
    /* the cache back as it was, also after a failure (it outlives the transaction) */
    if (!begin && !exec(sq, FULL_CACHE, "index herbouwen mislukt"))
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

/* ---- deliveries --------------------------------------------------------- */

static bool sq_delivery_add(sl_store *st, const char *file, sl_kind kind, int64_t *id)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_DELIVERY_ADD);
    if (!s)
        return false;
    bind_text(s, 1, file);
    bind_text(s, 2, sl_kind_name(kind));
    if (!run(sq, s, "levering vastleggen mislukt"))
        return false;
    *id = sqlite3_last_insert_rowid(sq->db);
    return true;
}

static bool sq_delivery_finish(sl_store *st, int64_t id, const sl_delivery_counts *c,
                               const char *sha256_hex)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_DELIVERY_FINISH);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, c->rows);
    sqlite3_bind_int64(s, 3, c->imported);
    sqlite3_bind_int64(s, 4, c->rejected);
    sqlite3_bind_int64(s, 5, c->absent);
    sqlite3_bind_int64(s, 6, c->nieuw);
    sqlite3_bind_int64(s, 7, c->gewijzigd);
    sqlite3_bind_int64(s, 8, c->ongewijzigd);
    bind_text(s, 9, sha256_hex);
    return run(sq, s, "levering afronden mislukt");
}

static bool sq_reject_add(sl_store *st, int64_t delivery_id, int64_t line, const char *column,
                          const char *reason)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_REJECT_ADD);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, delivery_id);
    sqlite3_bind_int64(s, 2, line);
    bind_text(s, 3, column);
    bind_text(s, 4, reason);
    return run(sq, s, "afgewezen rij vastleggen mislukt");
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
    char d[11];
    bind_text(s, 1, h->onderwerp);
    bind_text(s, 2, h->sleutel);
    bind_text(s, 3, h->veld);
    bind_text_or_null(s, 4, h->van);
    bind_text_or_null(s, 5, h->naar);
    bind_date(s, 6, h->datum, d);
    bind_id_or_null(s, 7, h->delivery_id);
    bind_text_or_null(s, 8, h->gebruiker);
    return run(sq, s, "statushistorie vastleggen mislukt");
}

/* ---- classification ---------------------------------------------------- */

static bool sq_matrix_active(sl_store *st, sl_matrix *out)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_MATRIX_ACTIVE);
    if (!s)
        return false;
    memset(out, 0, sizeof *out);
    int rc;
    bool ok = true;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_stap stap;
        sl_fase fase;
        const char *g = (const char *)sqlite3_column_text(s, 3);
        out->version = sqlite3_column_int(s, 0);
        if (!sl_stap_parse((const char *)sqlite3_column_text(s, 1),
                           (size_t)sqlite3_column_bytes(s, 1), &stap) ||
            !sl_fase_parse((const char *)sqlite3_column_text(s, 2),
                           (size_t)sqlite3_column_bytes(s, 2), &fase) ||
            stap >= SL_MATRIX_STAPPEN || fase >= SL_MATRIX_FASEN || !g || g[0] < 'A' ||
            g[0] > 'F' || g[1]) {
            ok = false;
            continue;
        }
        out->cell[stap][fase] = (sl_groep)(SL_GROEP_A + (g[0] - 'A'));
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return db_fail(sq, "matrix lezen mislukt");
    if (!ok || !sl_matrix_complete(out))
        return sl_store_fail(st, "de actieve samenwerkingsmatrix (versie %d) is onvolledig",
                             (int)out->version);
    return true;
}

static bool sq_scan_pairs(sl_store *st, sl_pair_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_PAIRS);
    if (!s)
        return false;
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_stap stap;
        sl_fase fase = SL_FASE_COUNT;
        if (!sl_stap_parse((const char *)sqlite3_column_text(s, 1),
                           (size_t)sqlite3_column_bytes(s, 1), &stap)) {
            ok = sl_store_fail(st, "onbekende stap in register");
            break;
        }
        bool has_claim = sqlite3_column_type(s, 2) != SQLITE_NULL;
        if (has_claim && !sl_fase_parse((const char *)sqlite3_column_text(s, 2),
                                        (size_t)sqlite3_column_bytes(s, 2), &fase)) {
            ok = sl_store_fail(st, "onbekende fase in register");
            break;
        }
        ok = cb(ctx, sqlite3_column_int64(s, 0), stap, has_claim, fase);
    }
    sqlite3_reset(s);
    if (!ok)
        return false;
    if (rc != SQLITE_DONE)
        return db_fail(sq, "trajecten en schades lezen mislukt");
    return true;
}

/* Reads columns (stap, fase, potentieel, groep, matrixversie) starting at `col`. */
bool sq_read_class(sqlite3_stmt *s, int col, sl_stored_class *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->fase = SL_FASE_COUNT;
    if (!sl_stap_parse((const char *)sqlite3_column_text(s, col),
                       (size_t)sqlite3_column_bytes(s, col), &sc->stap))
        return false;
    if (sqlite3_column_type(s, col + 1) != SQLITE_NULL &&
        !sl_fase_parse((const char *)sqlite3_column_text(s, col + 1),
                       (size_t)sqlite3_column_bytes(s, col + 1), &sc->fase))
        return false;
    const char *pot = (const char *)sqlite3_column_text(s, col + 2);
    bool found = false;
    for (int p = 0; pot && p < SL_POT_COUNT; p++)
        if (strcmp(pot, sl_potentieel_name((sl_potentieel)p)) == 0) {
            sc->c.potentieel = (sl_potentieel)p;
            found = true;
        }
    if (!found)
        return false;
    const char *g = (const char *)sqlite3_column_text(s, col + 3);
    sc->c.groep = g && g[0] >= 'A' && g[0] <= 'F' ? (sl_groep)(SL_GROEP_A + (g[0] - 'A'))
                                                  : SL_GROEP_NONE;
    sc->c.matrix_version = sqlite3_column_int(s, col + 4);
    return true;
}

static bool sq_scan_classifications(sl_store *st, sl_class_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_CLASS_SCAN);
    if (!s)
        return false;
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_stored_class sc;
        if (!sq_read_class(s, 1, &sc)) {
            ok = sl_store_fail(st, "onleesbare classificatie in register");
            break;
        }
        sc.address_id = sqlite3_column_int64(s, 0);
        ok = cb(ctx, &sc);
    }
    sqlite3_reset(s);
    if (!ok)
        return false;
    if (rc != SQLITE_DONE)
        return db_fail(sq, "classificaties lezen mislukt");
    return true;
}

static bool classification_write(sqlite_store *sq, int q, const sl_stored_class *sc)
{
    sqlite3_stmt *s = stmt(sq, q);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, sc->address_id);
    bind_text(s, 2, sl_stap_name(sc->stap));
    if (sc->fase < SL_FASE_COUNT && sl_fase_open(sc->fase))
        bind_text(s, 3, sl_fase_name(sc->fase));
    bind_text(s, 4, sl_potentieel_name(sc->c.potentieel));
    bind_text_or_null(s, 5, sl_groep_name(sc->c.groep));
    sqlite3_bind_int(s, 6, sc->c.matrix_version);
    return run(sq, s, "classificatie opslaan mislukt");
}

/* An update, or an insert when the address has no classification yet. */
static bool sq_classification_put(sl_store *st, const sl_stored_class *sc)
{
    sqlite_store *sq = SQ(st);
    if (!classification_write(sq, Q_CLASS_UPDATE, sc))
        return false;
    return sqlite3_changes(sq->db) > 0 || classification_write(sq, Q_CLASS_INSERT, sc);
}

static bool sq_classification_delete(sl_store *st, int64_t address_id)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_CLASS_DELETE);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    return run(sq, s, "classificatie verwijderen mislukt");
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

static bool sq_tally(sl_store *st, const char *gemeentecode, sl_tally *out)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, gemeentecode ? Q_TALLY_GEMEENTE : Q_TALLY_ALL);
    if (!s)
        return false;
    if (gemeentecode)
        bind_text(s, 1, gemeentecode);
    memset(out, 0, sizeof *out);
    int rc;
    bool ok = true;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_stored_class sc;
        if (!sq_read_class(s, 0, &sc)) {
            ok = false;
            continue;
        }
        sl_tally_add(out, sc.stap, sc.fase, &sc.c, sqlite3_column_int64(s, 5));
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE)
        return db_fail(sq, "classificaties tellen mislukt");
    if (!ok)
        return sl_store_fail(st, "onleesbare classificatie in register");
    return true;
}

static const sl_store_ops sqlite_ops = {
    .name = "sqlite",
    .accounts = &sq_accounts_ops,
    .logboek = &sq_logboek_ops,
    .verzoeken = &sq_verzoeken_ops,
    .close = sq_close,
    .schema_version = sq_schema_version,
    .begin = sq_begin,
    .begin_load = sq_begin_load,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .read_begin = sq_read_begin,
    .read_end = sq_read_end,
    .bulk_begin = sq_bulk_begin,
    .bulk_end = sq_bulk_end,
    .set_count = sq_set_count,
    .delivery_add = sq_delivery_add,
    .delivery_finish = sq_delivery_finish,
    .reject_add = sq_reject_add,
    .scan_states = sq_scan_states,
    .scan_address_keys = sq_scan_address_keys,
    .address_put = sq_address_put,
    .address_add = sq_address_add,
    .trajectory_put = sq_trajectory_put,
    .claim_put = sq_claim_put,
    .mark_absent = sq_mark_absent,
    .history_add = sq_history_add,
    .matrix_active = sq_matrix_active,
    .scan_trajectory_claims = sq_scan_pairs,
    .scan_classifications = sq_scan_classifications,
    .classification_put = sq_classification_put,
    .classification_delete = sq_classification_delete,
    .counts = sq_counts,
    .counts_in = sq_counts_in,
    .tally = sq_tally,
    .dossier_facts = sq_dossier_facts,
    .dossier_get = sq_dossier_get,
    .dossier_put = sq_dossier_put,
    .dossiers_baseline = sq_dossiers_baseline,
    .element_put = sq_element_put,
    .elements_of = sq_elements_of,
    .signal_ruleset = sq_signal_ruleset,
    .signal_unfinished = sq_signal_unfinished,
    .signal_add = sq_signal_add,
    .signal_get = sq_signal_get,
    .signal_update = sq_signal_update,
    .signals_scan = sq_signals_scan,
    .scan_still_candidates = sq_scan_still_candidates,
    .outbox_add = sq_outbox_add,
    .address_get = sq_address_get,
    .deliveries_scan = sq_deliveries_scan,
    .delivery_get = sq_delivery_get,
    .rejects_of = sq_rejects_of,
    .delivery_set_door = sq_delivery_set_door,
    .delivery_hold = sq_delivery_hold,
    .delivery_absent_add = sq_delivery_absent_add,
    .delivery_settle = sq_delivery_settle,
    .delivery_absent_of = sq_delivery_absent_of,
    .addresses_by_key = sq_addresses_by_key,
    .trajectories_of = sq_trajectories_of,
    .claims_of = sq_claims_of,
    .history_of_address = sq_history_of_address,
    .claim_get = sq_claim_get,
    .trajectory_get = sq_trajectory_get,
    .claim_update = sq_claim_update,
    .trajectory_update = sq_trajectory_update,
    .classification_get = sq_classification_get,
    .contractor_damage_add = sq_contractor_damage_add,
    .signal_day_counts = sq_signal_day_counts,
    .gemeentecodes = sq_gemeentecodes,
};
