/*
 * log.c - the SQLite backend of the processing log (store/log_store.h): both
 * chains and the anchors of their heads. Shares the handle and helpers of
 * connection.c through sqlite_int.h.
 *
 * The log is append-only in the schema (triggers refuse UPDATE and DELETE);
 * here an insert is refused outside a write transaction and when it does not
 * follow the head, so that the chain stays linear also when several processes
 * append: BEGIN IMMEDIATE serialises them, and each reads the head inside
 * its own lock.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/sqlite_int.h"

enum {
    L_HEAD, L_INSERT, L_SCAN_ALL, L_SCAN_ADDRESS, L_CHAIN_REGISTER, L_CHAIN_INZAGE,
    L_HEAD_INZAGE, L_HASH_AT_REGISTER, L_HASH_AT_INZAGE, L_ANCHOR_ADD, L_ANCHOR_LATEST,
    L_ANCHORS_BINDING,
    L_COUNT
};
_Static_assert(L_COUNT <= SQ_SLOTS, "raise SQ_SLOTS");

#define LOG_COLUMNS                                                                          \
    "id, tijdstip, gebruiker, org, rol, doel, grondslag, categorieen,"                       \
    " coalesce(nummeraanduiding_id, 0), actie, trace_id, vorige_hash, hash,"                 \
    " coalesce(levering_id, 0), gegevens"
#define ANCHOR_COLUMNS                                                                       \
    "id, tijdstip, register_id, register_hash, inzage_id, inzage_hash, verlies, sleutel_id, mac"

static const char *const lsql[L_COUNT] = {
    [L_HEAD] = "SELECT id, hash FROM logboek ORDER BY id DESC LIMIT 1",
    [L_INSERT] = "INSERT INTO logboek (id, tijdstip, gebruiker, org, rol, doel, grondslag,"
                 " categorieen, nummeraanduiding_id, actie, trace_id, vorige_hash, hash,"
                 " levering_id, gegevens)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    /* both chains: the register's (0) and the look log's (1, attached as "inzage") */
    [L_SCAN_ALL] = "SELECT " LOG_COLUMNS ", 0 AS keten FROM main.logboek"
                   " UNION ALL SELECT " LOG_COLUMNS ", 1 FROM inzage.logboek"
                   " ORDER BY tijdstip, keten, id",
    [L_SCAN_ADDRESS] = "SELECT " LOG_COLUMNS ", 0 AS keten FROM main.logboek"
                       " WHERE nummeraanduiding_id = ?1"
                       " UNION ALL SELECT " LOG_COLUMNS ", 1 FROM inzage.logboek"
                       " WHERE nummeraanduiding_id = ?1 ORDER BY tijdstip, keten, id",
    [L_CHAIN_REGISTER] = "SELECT " LOG_COLUMNS ", 0 FROM main.logboek ORDER BY id",
    [L_CHAIN_INZAGE] = "SELECT " LOG_COLUMNS ", 1 FROM inzage.logboek ORDER BY id",
    [L_HEAD_INZAGE] = "SELECT id, hash FROM inzage.logboek ORDER BY id DESC LIMIT 1",
    [L_HASH_AT_REGISTER] = "SELECT hash FROM main.logboek WHERE id = ?1",
    [L_HASH_AT_INZAGE] = "SELECT hash FROM inzage.logboek WHERE id = ?1",
    [L_ANCHOR_ADD] = "INSERT INTO logboek_anker (tijdstip, register_id, register_hash, inzage_id,"
                     " inzage_hash, verlies, sleutel_id, mac)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
    [L_ANCHOR_LATEST] = "SELECT " ANCHOR_COLUMNS " FROM logboek_anker ORDER BY id DESC LIMIT 1",
    [L_ANCHORS_BINDING] = "SELECT " ANCHOR_COLUMNS " FROM logboek_anker WHERE id >="
                          " coalesce((SELECT max(id) FROM logboek_anker WHERE verlies = 1), 0)"
                          " ORDER BY id",
};

static sqlite3_stmt *lstmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->stmt[SQ_PART_LOG][q], lsql[q]);
}


static const char ZERO_HASH[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* ---- the log ---------------------------------------------------------------------- */

static bool sq_log_head(sl_store *st, int64_t *last_id, char hash[SL_LOG_HASH_CAP])
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = lstmt(sq, L_HEAD);
    *last_id = 0;
    hash[0] = '\0';
    if (!s)
        return false;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *last_id = sqlite3_column_int64(s, 0);
        col_copy(s, 1, hash, SL_LOG_HASH_CAP);
    }
    done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(sq, "logboek lezen mislukt");
    return true;
}

/* PASSIVE copies the frames no reader still needs and returns; a checkpoint
 * already under way elsewhere (SQLITE_BUSY) leaves the work for the next call. */
static bool sq_log_checkpoint(sl_store *st)
{
    sqlite_store *sq = SQ(st);
    int rc = sqlite3_wal_checkpoint_v2(sq->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        return db_fail(sq, "inzagelogboek bijwerken mislukt");
    return true;
}

static bool insert_row(sqlite_store *sq, const sl_log_record *r)
{
    sqlite3_stmt *s = lstmt(sq, L_INSERT);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, r->id);
    bind_text(s, 2, r->tijdstip);
    bind_text(s, 3, r->gebruiker);
    bind_text(s, 4, r->org);
    bind_text(s, 5, r->rol);
    bind_text(s, 6, r->doel);
    bind_text(s, 7, r->grondslag);
    bind_text(s, 8, r->categorieen);
    bind_id_or_null(s, 9, r->address_id);
    bind_text(s, 10, r->actie);
    bind_text(s, 11, r->trace_id);
    bind_text(s, 12, r->vorige_hash);
    bind_text(s, 13, r->hash);
    bind_id_or_null(s, 14, r->levering_id);
    bind_text(s, 15, r->gegevens);
    return run(sq, s, "logboekrecord vastleggen mislukt");
}

static bool sq_log_insert(sl_store *st, const sl_log_record *r)
{
    sqlite_store *sq = SQ(st);
    if (sqlite3_get_autocommit(sq->db))
        return sl_store_fail(st, "logboek: een record wordt alleen binnen een transactie "
                                 "toegevoegd");
    int64_t last;
    char head[SL_LOG_HASH_CAP];
    if (!sq_log_head(st, &last, head))
        return false;
    const char *want = last ? head : ZERO_HASH;
    if (r->id != last + 1 || strcmp(r->vorige_hash, want) != 0)
        return sl_store_fail(st, "logboek: record %lld volgt niet op het laatste record (%lld)",
                             (long long)r->id, (long long)last);
    return insert_row(sq, r);
}

/*
 * BEGIN IMMEDIATE takes the file's write lock, which serialises every appender
 * of this chain in any process, so the head read inside it is the head the
 * records follow; the schema's trigger checks each link once more. One
 * commit, and with synchronous=FULL one WAL sync, for the whole batch.
 */
static bool sq_log_append_durable(sl_store *st, sl_log_record *recs, size_t n,
                                  sl_log_link_fn link)
{
    sqlite_store *sq = SQ(st);
    if (!sqlite3_get_autocommit(sq->db))
        return sl_store_fail(st, "logboek: duurzaam toevoegen gebeurt in een eigen transactie");
    if (!sl_store_begin(st))
        return false;
    int64_t last;
    char head[SL_LOG_HASH_CAP];
    bool ok = sq_log_head(st, &last, head) && link(st, recs, n, last, head);
    for (size_t i = 0; ok && i < n; i++)
        ok = insert_row(sq, &recs[i]);
    if (ok && sl_store_commit(st))
        return true;
    sl_store_rollback(st);
    return false;
}


static void read_log(sqlite3_stmt *s, sl_log_record *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    col_copy(s, 1, r->tijdstip, sizeof r->tijdstip);
    col_copy(s, 2, r->gebruiker, sizeof r->gebruiker);
    col_copy(s, 3, r->org, sizeof r->org);
    col_copy(s, 4, r->rol, sizeof r->rol);
    col_copy(s, 5, r->doel, sizeof r->doel);
    col_copy(s, 6, r->grondslag, sizeof r->grondslag);
    col_copy(s, 7, r->categorieen, sizeof r->categorieen);
    r->address_id = sqlite3_column_int64(s, 8);
    col_copy(s, 9, r->actie, sizeof r->actie);
    col_copy(s, 10, r->trace_id, sizeof r->trace_id);
    col_copy(s, 11, r->vorige_hash, sizeof r->vorige_hash);
    col_copy(s, 12, r->hash, sizeof r->hash);
    r->levering_id = sqlite3_column_int64(s, 13);
    col_copy(s, 14, r->gegevens, sizeof r->gegevens);
    r->keten = sqlite3_column_int(s, 15) ? SL_KETEN_INZAGE : SL_KETEN_REGISTER;
}

/* Hands every row of the prepared (and bound) statement s to cb. */
static bool scan(sqlite_store *sq, sqlite3_stmt *s, sl_log_cb cb, void *ctx)
{
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_log_record r;
        read_log(s, &r);
        ok = cb(ctx, &r);
    }
    done(s);
    if (!ok)
        return false;
    if (rc != SQLITE_DONE)
        return db_fail(sq, "logboek lezen mislukt");
    return true;
}

static bool sq_log_scan(sl_store *st, int64_t address_id, sl_log_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = lstmt(sq, address_id ? L_SCAN_ADDRESS : L_SCAN_ALL);
    if (!s)
        return false;
    if (address_id)
        sqlite3_bind_int64(s, 1, address_id);
    return scan(sq, s, cb, ctx);
}

static bool sq_log_chain(sl_store *st, sl_log_keten keten, sl_log_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = lstmt(sq, keten == SL_KETEN_INZAGE ? L_CHAIN_INZAGE : L_CHAIN_REGISTER);
    return s && scan(sq, s, cb, ctx);
}

/* Reads the one-row answer (id, hash) of s into *id and hash (0 and "" when none). */
static bool head_of(sqlite_store *sq, sqlite3_stmt *s, int64_t *id, char hash[SL_LOG_HASH_CAP])
{
    *id = 0;
    hash[0] = '\0';
    if (!s)
        return false;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        col_copy(s, 1, hash, SL_LOG_HASH_CAP);
    }
    done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(sq, "logboek lezen mislukt");
    return true;
}

static bool sq_log_heads(sl_store *st, int64_t ids[SL_KETEN_COUNT],
                         char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP])
{
    sqlite_store *sq = SQ(st);
    return head_of(sq, lstmt(sq, L_HEAD), &ids[SL_KETEN_REGISTER], hashes[SL_KETEN_REGISTER]) &&
           head_of(sq, lstmt(sq, L_HEAD_INZAGE), &ids[SL_KETEN_INZAGE],
                   hashes[SL_KETEN_INZAGE]);
}

static bool sq_log_hash_at(sl_store *st, sl_log_keten keten, int64_t id,
                           char hash[SL_LOG_HASH_CAP], bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = lstmt(sq, keten == SL_KETEN_INZAGE ? L_HASH_AT_INZAGE : L_HASH_AT_REGISTER);
    *found = false;
    hash[0] = '\0';
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *found = true;
        col_copy(s, 0, hash, SL_LOG_HASH_CAP);
    }
    done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(sq, "logboek lezen mislukt");
    return true;
}

/* ---- anchors ------------------------------------------------------------------------ */

static bool sq_anchor_add(sl_store *st, sl_log_anchor *a)
{
    sqlite_store *sq = SQ(st);
    if (sqlite3_get_autocommit(sq->db))
        return sl_store_fail(st, "logboekanker: alleen binnen een transactie");
    sqlite3_stmt *s = lstmt(sq, L_ANCHOR_ADD);
    if (!s)
        return false;
    bind_text(s, 1, a->tijdstip);
    sqlite3_bind_int64(s, 2, a->head_id[SL_KETEN_REGISTER]);
    bind_text(s, 3, a->head_hash[SL_KETEN_REGISTER]);
    sqlite3_bind_int64(s, 4, a->head_id[SL_KETEN_INZAGE]);
    bind_text(s, 5, a->head_hash[SL_KETEN_INZAGE]);
    sqlite3_bind_int(s, 6, a->verlies ? 1 : 0);
    bind_text(s, 7, a->sleutel_id);
    bind_text(s, 8, a->mac);
    if (!sq_write_returning(sq, s, &a->id, 1, NULL, "logboekanker vastleggen mislukt"))
        return false;
    return true;
}

static void read_anchor(sqlite3_stmt *s, sl_log_anchor *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(s, 0);
    col_copy(s, 1, a->tijdstip, sizeof a->tijdstip);
    a->head_id[SL_KETEN_REGISTER] = sqlite3_column_int64(s, 2);
    col_copy(s, 3, a->head_hash[SL_KETEN_REGISTER], SL_LOG_HASH_CAP);
    a->head_id[SL_KETEN_INZAGE] = sqlite3_column_int64(s, 4);
    col_copy(s, 5, a->head_hash[SL_KETEN_INZAGE], SL_LOG_HASH_CAP);
    a->verlies = sqlite3_column_int(s, 6) != 0;
    col_copy(s, 7, a->sleutel_id, sizeof a->sleutel_id);
    col_copy(s, 8, a->mac, sizeof a->mac);
}

static bool sq_anchor_latest(sl_store *st, sl_log_anchor *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = lstmt(sq, L_ANCHOR_LATEST);
    *found = false;
    if (!s)
        return false;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        read_anchor(s, out);
        *found = true;
    }
    done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(sq, "logboekankers lezen mislukt");
    return true;
}

static bool sq_anchors_binding(sl_store *st, sl_anchor_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = lstmt(sq, L_ANCHORS_BINDING);
    if (!s)
        return false;
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_log_anchor a;
        read_anchor(s, &a);
        ok = cb(ctx, &a);
    }
    done(s);
    if (!ok)
        return false;
    if (rc != SQLITE_DONE)
        return db_fail(sq, "logboekankers lezen mislukt");
    return true;
}

const sl_log_ops sq_log_ops = {
    .log_head = sq_log_head,
    .log_insert = sq_log_insert,
    .log_append_durable = sq_log_append_durable,
    .log_checkpoint = sq_log_checkpoint,
    .log_scan = sq_log_scan,
    .log_chain = sq_log_chain,
    .log_heads = sq_log_heads,
    .log_hash_at = sq_log_hash_at,
    .anchor_add = sq_anchor_add,
    .anchor_latest = sq_anchor_latest,
    .anchors_binding = sq_anchors_binding,
};
