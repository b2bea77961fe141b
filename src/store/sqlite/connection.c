/*
 * connection.c - the embedded SQLite backend's handle: opening (with the
 * migrations), closing, transactions and read snapshots, and the backend's
 * table of families (store/backend.h). Each family's SQL lives in its own
 * file beside this one (records.c, deliveries.c, ...).
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
#include "store/sqlite/sqlite_int.h"

/* The statements of this file, prepared into its slots of the handle on open. */
enum { Q_BEGIN, Q_COMMIT, Q_ROLLBACK, Q_READ_BEGIN, Q_COUNT };

static const char *const sql_text[Q_COUNT] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_READ_BEGIN] = "BEGIN DEFERRED",
};

/*
 * Writers of one process take turns on this mutex before SQLite's write lock:
 * SQLite's own wait for a busy lock sleeps in steps of up to 100 ms, which a
 * server with many worker threads turns into long tail latencies. Other
 * processes (a CLI import next to the server) still meet the busy timeout.
 */
static pthread_mutex_t writer = PTHREAD_MUTEX_INITIALIZER;

/* Returns the prepared, reset statement q, or NULL with the message set. */
static sqlite3_stmt *stmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->stmt[SQ_PART_CONNECTION][q], sql_text[q]);
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
    for (int p = 0; p < SQ_PART_COUNT; p++)
        for (int i = 0; i < SQ_SLOTS; i++)
            sqlite3_finalize(sq->stmt[p][i]);
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

/* A file that answers a pragma is there and readable. */
static bool sq_ping(sl_store *st)
{
    return sq_schema_version(st) >= 0 || db_fail(SQ(st), "register lezen mislukt");
}

bool sq_exec(sqlite_store *sq, const char *sql, const char *what)
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
        if (!sq_exec(sq, "BEGIN IMMEDIATE", "migratie starten mislukt"))
            return false;
        if (!sq_exec(sq, m->sql, m->name) || !sq_exec(sq, pragma, m->name) ||
            !sq_exec(sq, "COMMIT", m->name)) {
            sqlite3_exec(sq->db, "ROLLBACK", NULL, NULL, NULL);
            return false;
        }
    }
    return true;
}

static const sl_store_backend sqlite_backend;

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
    sq->base.backend = &sqlite_backend;
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
bool sq_looks_path(const char *path, char *out, size_t cap)
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
    if (!sq_looks_path(register_path, path, sizeof path)) {
        snprintf(err, errcap, "pad van het register is te lang");
        return NULL;
    }
    sqlite_store *sq = sq_new(path, 0, "inzagelogboek", err, errcap);
    if (!sq)
        return NULL;
    sq->looks = true;
    if (!sq_exec(sq, "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL;"
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
    if (!sq_looks_path(path, lpath, sizeof lpath) ||
        !file_uri(lpath, "?mode=ro", uri, sizeof uri)) {
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
    if (!sq_exec(sq, "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL;"
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
        if (!sq_exec(sq, "PRAGMA foreign_keys = OFF", "verwijzingscontrole uitzetten mislukt"))
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
        sqlite3_stmt *s = sq->stmt[SQ_PART_CONNECTION][Q_ROLLBACK];
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
    sqlite3_stmt *s = sq->stmt[SQ_PART_CONNECTION][Q_COMMIT]; /* prepared on open */
    if (!sqlite3_get_autocommit(sq->db)) {
        sqlite3_step(s);
        sqlite3_reset(s);
    }
}

static const sl_store_backend sqlite_backend = {
    .name = "sqlite",
    .close = sq_close,
    .schema_version = sq_schema_version,
    .ping = sq_ping,
    .begin = sq_begin,
    .begin_load = sq_begin_load,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .read_begin = sq_read_begin,
    .read_end = sq_read_end,
    .records = &sq_records_ops,
    .deliveries = &sq_deliveries_ops,
    .classification = &sq_classification_ops,
    .dossiers = &sq_dossiers_ops,
    .signals = &sq_signals_ops,
    .accounts = &sq_accounts_ops,
    .log = &sq_log_ops,
    .consent = &sq_consent_ops,
    .verzoeken = &sq_verzoeken_ops,
    .opnames = &sq_opnames_ops,
    .termijnen = &sq_termijnen_ops,
    .views = &sq_views_ops,
};
