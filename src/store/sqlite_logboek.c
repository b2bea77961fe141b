/*
 * sqlite_logboek.c - the SQLite backend's part for the processing log and
 * consent (store/logboek_store.h). Shares the handle and helpers of
 * sqlite_store.c through sqlite_int.h; its statements live in sq->lstmt[].
 *
 * The log is append-only in the schema (triggers refuse UPDATE and DELETE);
 * here an insert is refused outside a write transaction and when it does not
 * follow the head, so that the chain stays linear also when several processes
 * append: BEGIN IMMEDIATE serialises them, and each reads the head inside
 * its own lock.
 */
#include <stdio.h>
#include <string.h>

#include "store/logboek_impl.h"
#include "store/sqlite_int.h"

enum {
    L_HEAD, L_INSERT, L_SCAN_ALL, L_SCAN_ADDRESS, L_CHAIN_REGISTER, L_CHAIN_INZAGE,
    L_CONSENT_ADD, L_CONSENT_UPDATE, L_CONSENT_LATEST, L_CONSENTS_OF, L_CONSENT_GET,
    L_HEAD_INZAGE, L_HASH_AT_REGISTER, L_HASH_AT_INZAGE, L_ANCHOR_ADD, L_ANCHOR_LATEST,
    L_ANCHORS_BINDING,
    L_COUNT
};
_Static_assert(L_COUNT <= SQ_LOGBOEK_SLOTS, "raise SQ_LOGBOEK_SLOTS");

#define LOG_COLUMNS                                                                          \
    "id, tijdstip, gebruiker, org, rol, doel, grondslag, categorieen,"                       \
    " coalesce(nummeraanduiding_id, 0), actie, trace_id, vorige_hash, hash,"                 \
    " coalesce(levering_id, 0), gegevens"
#define ANCHOR_COLUMNS                                                                       \
    "id, tijdstip, register_id, register_hash, inzage_id, inzage_hash, verlies, sleutel_id, mac"
#define CONSENT_COLUMNS                                                                      \
    "id, nummeraanduiding_id, doel, aangevraagd_op, gegeven_op, coalesce(kanaal, ''),"       \
    " ingetrokken_op, beoordeling, vastgelegd_door, versie, formulier_kenmerk,"              \
    " ingetrokken_door, vastgelegd_org, bevestigd_door, coalesce(bevestigd_op, '')"

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
    [L_CONSENT_ADD] = "INSERT INTO toestemming (nummeraanduiding_id, doel, aangevraagd_op,"
                      " gegeven_op, kanaal, ingetrokken_op, beoordeling, vastgelegd_door,"
                      " formulier_kenmerk, ingetrokken_door, vastgelegd_org, bevestigd_door,"
                      " bevestigd_op)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
                      " RETURNING id, versie",
    /* vastgelegd_op: when the consent given was recorded (or the request, before) */
    [L_CONSENT_UPDATE] =
        "UPDATE toestemming SET gegeven_op = ?3, kanaal = ?4, ingetrokken_op = ?5,"
        " beoordeling = ?6, vastgelegd_door = ?7, formulier_kenmerk = ?8,"
        " ingetrokken_door = ?9, vastgelegd_org = ?10, bevestigd_door = ?11,"
        " bevestigd_op = ?12, versie = versie + 1,"
        " vastgelegd_op = CASE WHEN gegeven_op IS NULL AND ?3 IS NOT NULL"
        " THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') ELSE vastgelegd_op END"
        " WHERE id = ?1 AND versie = ?2 RETURNING versie",
    [L_CONSENT_LATEST] = "SELECT " CONSENT_COLUMNS " FROM toestemming"
                         " WHERE nummeraanduiding_id = ?1 AND doel = ?2 ORDER BY id DESC LIMIT 1",
    [L_CONSENTS_OF] = "SELECT " CONSENT_COLUMNS " FROM toestemming"
                      " WHERE nummeraanduiding_id = ?1 ORDER BY id",
    [L_CONSENT_GET] = "SELECT " CONSENT_COLUMNS " FROM toestemming WHERE id = ?1",
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
    return sq_prepare(sq, &sq->lstmt[q], lsql[q]);
}

static void done(sqlite3_stmt *s)
{
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
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
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        a->id = sqlite3_column_int64(s, 0);
        rc = sqlite3_step(s);
    }
    done(s);
    if (rc != SQLITE_DONE)
        return db_fail(sq, "logboekanker vastleggen mislukt");
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

/* ---- consent ------------------------------------------------------------------------ */

static const char *const beoordeling_names[SL_BEOORDELING_COUNT] = {"", "akkoord", "afgewezen"};

static sl_date col_date(sqlite3_stmt *s, int i)
{
    sl_date d;
    const char *why;
    const char *t = (const char *)sqlite3_column_text(s, i);
    if (!t || !sl_date_parse(t, (size_t)sqlite3_column_bytes(s, i), &d, &why))
        return SL_DATE_NONE;
    return d;
}

static bool read_consent(sqlite3_stmt *s, sl_toestemming *t)
{
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(s, 0);
    t->address_id = sqlite3_column_int64(s, 1);
    const char *doel = (const char *)sqlite3_column_text(s, 2);
    if (!doel || !sl_doel_parse(doel, (size_t)sqlite3_column_bytes(s, 2), &t->doel))
        return false;
    t->aangevraagd_op = col_date(s, 3);
    t->gegeven_op = col_date(s, 4);
    col_copy(s, 5, t->kanaal, sizeof t->kanaal);
    t->ingetrokken_op = col_date(s, 6);
    const char *b = (const char *)sqlite3_column_text(s, 7);
    t->beoordeling = SL_BEOORDELING_COUNT;
    for (int i = 0; b && i < SL_BEOORDELING_COUNT; i++)
        if (strcmp(b, beoordeling_names[i]) == 0)
            t->beoordeling = (sl_beoordeling)i;
    if (t->beoordeling == SL_BEOORDELING_COUNT)
        return false;
    col_copy(s, 8, t->vastgelegd_door, sizeof t->vastgelegd_door);
    t->versie = sqlite3_column_int64(s, 9);
    col_copy(s, 10, t->formulier_kenmerk, sizeof t->formulier_kenmerk);
    col_copy(s, 11, t->ingetrokken_door, sizeof t->ingetrokken_door);
    const char *org = (const char *)sqlite3_column_text(s, 12);
    if (!org || !sl_account_org_parse(org, (size_t)sqlite3_column_bytes(s, 12),
                                      &t->vastgelegd_org))
        return false;
    col_copy(s, 13, t->bevestigd_door, sizeof t->bevestigd_door);
    col_copy(s, 14, t->bevestigd_op, sizeof t->bevestigd_op);
    return true;
}

/* The evidence and confirmation columns, bound from parameter `first` on in
 * the order formulier_kenmerk, ingetrokken_door, vastgelegd_org,
 * bevestigd_door, bevestigd_op (NULL until confirmed). */
static void bind_evidence(sqlite3_stmt *s, int first, const sl_toestemming *t)
{
    bind_text(s, first, t->formulier_kenmerk);
    bind_text(s, first + 1, t->ingetrokken_door);
    bind_text(s, first + 2, sl_account_org_name(t->vastgelegd_org));
    bind_text(s, first + 3, t->bevestigd_door);
    bind_text_or_null(s, first + 4, t->bevestigd_op);
}

static bool sq_consent_add(sl_store *st, sl_toestemming *t)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = lstmt(sq, L_CONSENT_ADD);
    if (!s)
        return false;
    if ((unsigned)t->beoordeling >= SL_BEOORDELING_COUNT || !sl_doel_name(t->doel))
        return sl_store_fail(st, "toestemming: ongeldige waarde");
    char d1[11], d2[11], d3[11];
    sqlite3_bind_int64(s, 1, t->address_id);
    bind_text(s, 2, sl_doel_name(t->doel));
    bind_date(s, 3, t->aangevraagd_op, d1);
    bind_date(s, 4, t->gegeven_op, d2);
    bind_text_or_null(s, 5, t->kanaal);
    bind_date(s, 6, t->ingetrokken_op, d3);
    bind_text(s, 7, beoordeling_names[t->beoordeling]);
    bind_text(s, 8, t->vastgelegd_door);
    bind_evidence(s, 9, t);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        t->id = sqlite3_column_int64(s, 0);
        t->versie = sqlite3_column_int64(s, 1);
        rc = sqlite3_step(s);
    }
    done(s);
    if (rc != SQLITE_DONE)
        return db_fail(sq, "toestemming vastleggen mislukt");
    return true;
}

static bool sq_consent_update(sl_store *st, sl_toestemming *t, bool *conflict)
{
    sqlite_store *sq = SQ(st);
    *conflict = false;
    sqlite3_stmt *s = lstmt(sq, L_CONSENT_UPDATE);
    if (!s)
        return false;
    if ((unsigned)t->beoordeling >= SL_BEOORDELING_COUNT)
        return sl_store_fail(st, "toestemming: ongeldige beoordeling");
    char d2[11], d3[11];
    sqlite3_bind_int64(s, 1, t->id);
    sqlite3_bind_int64(s, 2, t->versie);
    bind_date(s, 3, t->gegeven_op, d2);
    bind_text_or_null(s, 4, t->kanaal);
    bind_date(s, 5, t->ingetrokken_op, d3);
    bind_text(s, 6, beoordeling_names[t->beoordeling]);
    bind_text(s, 7, t->vastgelegd_door);
    bind_evidence(s, 8, t);
    int rc = sqlite3_step(s);
    bool updated = rc == SQLITE_ROW;
    if (updated) {
        t->versie = sqlite3_column_int64(s, 0);
        rc = sqlite3_step(s);
    }
    done(s);
    if (rc != SQLITE_DONE)
        return db_fail(sq, "toestemming bijwerken mislukt");
    *conflict = !updated;
    return true;
}

static bool sq_consent_latest(sl_store *st, int64_t address_id, sl_doel doel, sl_toestemming *out,
                              bool *found)
{
    sqlite_store *sq = SQ(st);
    *found = false;
    if (!sl_doel_name(doel))
        return sl_store_fail(st, "toestemming: onbekend doel");
    sqlite3_stmt *s = lstmt(sq, L_CONSENT_LATEST);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    bind_text(s, 2, sl_doel_name(doel));
    int rc = sqlite3_step(s);
    bool ok = true;
    if (rc == SQLITE_ROW) {
        ok = read_consent(s, out);
        *found = ok;
    }
    done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(sq, "toestemming lezen mislukt");
    if (!ok)
        return sl_store_fail(st, "onleesbare toestemming in register");
    return true;
}

static bool sq_consent_get(sl_store *st, int64_t id, sl_toestemming *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    *found = false;
    sqlite3_stmt *s = lstmt(sq, L_CONSENT_GET);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    bool ok = true;
    if (rc == SQLITE_ROW) {
        ok = read_consent(s, out);
        *found = ok;
    }
    done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(sq, "toestemming lezen mislukt");
    if (!ok)
        return sl_store_fail(st, "onleesbare toestemming in register");
    return true;
}

static bool sq_consents_of(sl_store *st, int64_t address_id, sl_consent_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = lstmt(sq, L_CONSENTS_OF);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    int rc;
    bool ok = true, readable = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_toestemming t;
        if (!read_consent(s, &t)) {
            readable = false;
            break;
        }
        ok = cb(ctx, &t);
    }
    done(s);
    if (!readable)
        return sl_store_fail(st, "onleesbare toestemming in register");
    if (!ok)
        return false;
    if (rc != SQLITE_DONE)
        return db_fail(sq, "toestemmingen lezen mislukt");
    return true;
}

const struct sl_logboek_ops sq_logboek_ops = {
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
    .consent_add = sq_consent_add,
    .consent_update = sq_consent_update,
    .consent_latest = sq_consent_latest,
    .consents_of = sq_consents_of,
    .consent_get = sq_consent_get,
};
