/*
 * log.c - the PostgreSQL backend of the processing log (store/log_store.h):
 * both chains and the anchors of their heads, as sqlite/log.c.
 *
 * The register's chain is table logboek, the look log's inzage.logboek in the
 * same database; a look-log handle (sl_store_open_looks) appends to the latter.
 * Digests are bytea in the schema and lower-case hex here, as the services
 * hash them.
 *
 * The chain under many instances (decision 152): each record's hash covers the
 * previous record's, so every appender of a chain must read the head that its
 * record follows and no other appender may slip in between. Inside a write
 * transaction the head is read only after a transaction-scoped advisory lock
 * keyed on the chain's table, in a statement of its own: under READ COMMITTED
 * that statement's snapshot is taken after the lock was granted, so it sees
 * the last appender's commit. The lock ends with the transaction, after the
 * records are durable. The schema's trigger (logboek_volgorde) and primary
 * key check each link once more, so even a writer that skipped the lock could
 * only fail, never fork the chain.
 */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "store/pg/pg_int.h"

/* ---- the statements ------------------------------------------------------------- */

#define LOG_COLUMNS                                                                          \
    "id, tijdstip, gebruiker, org, rol, doel, grondslag, categorieen,"                       \
    " coalesce(nummeraanduiding_id, 0), actie, trace_id, encode(vorige_hash, 'hex'),"        \
    " encode(hash, 'hex'), coalesce(levering_id, 0), gegevens"
#define LOG_INTO(TABLE)                                                                      \
    "INSERT INTO " TABLE " (id, tijdstip, gebruiker, org, rol, doel, grondslag, categorieen," \
    " nummeraanduiding_id, actie, trace_id, vorige_hash, hash, levering_id, gegevens)"
#define LOG_INSERT(TABLE)                                                                    \
    LOG_INTO(TABLE) " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"                 \
                    " decode($12, 'hex'), decode($13, 'hex'), $14, $15)"
/* Many records in one statement: one array per column, rows in array order
 * (each row's trigger sees the rows before it). */
#define LOG_APPEND(TABLE)                                                                    \
    LOG_INTO(TABLE)                                                                          \
    " SELECT id, tijdstip, gebruiker, org, rol, doel, grondslag, categorieen, adres, actie,"  \
    " trace_id, decode(vorige_hash, 'hex'), decode(hash, 'hex'), levering, gegevens"         \
    " FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],"  \
    " $7::text[], $8::text[], $9::bigint[], $10::text[], $11::text[], $12::text[],"          \
    " $13::text[], $14::bigint[], $15::text[]) WITH ORDINALITY AS r(id, tijdstip, gebruiker," \
    " org, rol, doel, grondslag, categorieen, adres, actie, trace_id, vorige_hash, hash,"     \
    " levering, gegevens, rang) ORDER BY rang"
#define ANCHOR_COLUMNS                                                                       \
    "id, tijdstip, register_id, encode(register_hash, 'hex'), inzage_id,"                    \
    " encode(inzage_hash, 'hex'), verlies, sleutel_id, encode(mac, 'hex')"

/* Rows per round trip when a whole chain is read: verifying a log of millions
 * of records keeps only this many in memory. */
#define CHAIN_BATCH 5000
#define STR(x) #x
#define XSTR(x) STR(x)

/* A look is answered only once its record is durable: a role or database that
 * turned synchronous_commit off must not make the group commit's "done" a
 * promise the server may forget in a crash. Stricter settings stay. Taken with
 * the chain's lock in one round trip (durable_lock). */
#define DURABLE                                                                              \
    "CASE WHEN current_setting('synchronous_commit') = 'off'"                                \
    " THEN set_config('synchronous_commit', 'on', true) END"

/* One chain's statements, by the table it lives in. */
typedef struct chain_sql {
    sl_pg_query lock, durable_lock, head, insert, append, rows, hash_at;
} chain_sql;

/* The lock's key is the chain table's oid: unique per chain and database, and
 * far below connection.c's keys in the same (bigint) key space. */
#define CHAIN_SQL(NAME, TABLE, KETEN)                                                        \
    {                                                                                        \
        .lock = {"log_lock_" NAME,                                                           \
                 "SELECT pg_advisory_xact_lock('" TABLE "'::regclass::oid::bigint)"},        \
        .durable_lock = {"log_durable_lock_" NAME,                                           \
                         "SELECT pg_advisory_xact_lock('" TABLE "'::regclass::oid::bigint)," \
                         " " DURABLE},                                                        \
        .head = {"log_head_" NAME,                                                           \
                 "SELECT id, encode(hash, 'hex') FROM " TABLE " ORDER BY id DESC LIMIT 1"},  \
        .insert = {"log_insert_" NAME, LOG_INSERT(TABLE)},                                   \
        .append = {"log_append_" NAME, LOG_APPEND(TABLE)},                                   \
        .rows = {"log_chain_" NAME, "SELECT " LOG_COLUMNS ", " KETEN " FROM " TABLE          \
                                    " WHERE id > $1 ORDER BY id LIMIT " XSTR(CHAIN_BATCH)},  \
        .hash_at = {"log_hash_at_" NAME,                                                     \
                    "SELECT encode(hash, 'hex') FROM " TABLE " WHERE id = $1"},              \
    }

static const chain_sql chains[SL_KETEN_COUNT] = {
    [SL_KETEN_REGISTER] = CHAIN_SQL("register", "logboek", "0"),
    [SL_KETEN_INZAGE] = CHAIN_SQL("inzage", "inzage.logboek", "1"),
};

/* Both chains in one order: by the moment as written (text, compared byte by
 * byte whatever the database's collation), then chain, then id. */
#define SCAN(WHERE)                                                                          \
    "SELECT * FROM (SELECT " LOG_COLUMNS ", 0 AS keten FROM logboek" WHERE                   \
    " UNION ALL SELECT " LOG_COLUMNS ", 1 FROM inzage.logboek" WHERE ") l"                   \
    " ORDER BY tijdstip COLLATE \"C\", keten, id"

static const sl_pg_query q_scan_all = {"log_scan_all", SCAN("")};
static const sl_pg_query q_scan_address = {"log_scan_address",
                                           SCAN(" WHERE nummeraanduiding_id = $1")};

static const sl_pg_query q_anchor_add = {
    "log_anchor_add",
    "INSERT INTO logboek_anker (tijdstip, register_id, register_hash, inzage_id, inzage_hash,"
    " verlies, sleutel_id, mac) VALUES ($1, $2, decode($3, 'hex'), $4, decode($5, 'hex'), $6,"
    " $7, decode($8, 'hex')) RETURNING id"};
static const sl_pg_query q_anchor_latest = {
    "log_anchor_latest", "SELECT " ANCHOR_COLUMNS " FROM logboek_anker ORDER BY id DESC LIMIT 1"};
static const sl_pg_query q_anchors_binding = {
    "log_anchors_binding",
    "SELECT " ANCHOR_COLUMNS " FROM logboek_anker WHERE id >="
    " coalesce((SELECT max(id) FROM logboek_anker WHERE verlies), 0) ORDER BY id"};


static const char ZERO_HASH[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static const chain_sql *chain_of(sl_log_keten keten)
{
    return &chains[keten == SL_KETEN_INZAGE ? SL_KETEN_INZAGE : SL_KETEN_REGISTER];
}

/* The chain this handle appends to: the look log's on a look-log handle. */
static const chain_sql *own_chain(const pg_store *ps)
{
    return chain_of(ps->looks ? SL_KETEN_INZAGE : SL_KETEN_REGISTER);
}

/* ---- the log ---------------------------------------------------------------------- */

/* Reads the one-row answer (id, hash) of q into *id and hash (0 and "" when none). */
static bool head_of(pg_store *ps, const sl_pg_query *q, int64_t *id, char hash[SL_LOG_HASH_CAP])
{
    *id = 0;
    hash[0] = '\0';
    PGresult *res = pg_query(ps, q, NULL, "logboek lezen mislukt");
    if (!res)
        return false;
    if (PQntuples(res) > 0) {
        *id = sl_pg_col_int(res, 0, 0);
        pg_col_copy(res, 0, 1, hash, SL_LOG_HASH_CAP);
    }
    PQclear(res);
    return true;
}

/* Takes the chain's lock for the rest of the write transaction (again is free). */
static bool lock_chain(pg_store *ps, const chain_sql *c)
{
    return pg_run(ps, &c->lock, NULL, "wachten op het logboek mislukt");
}

static bool pg_log_head(sl_store *st, int64_t *last_id, char hash[SL_LOG_HASH_CAP])
{
    pg_store *ps = PGS(st);
    const chain_sql *c = own_chain(ps);
    /* in a write transaction this is the head the next record follows: under the lock */
    if (ps->in_write && !lock_chain(ps, c)) {
        *last_id = 0;
        hash[0] = '\0';
        return false;
    }
    return head_of(ps, &c->head, last_id, hash);
}

static void param_log_record(sl_pg_params *p, const sl_log_record *r)
{
    sl_pg_params_init(p);
    sl_pg_param_int(p, r->id);
    sl_pg_param_text(p, r->tijdstip);
    sl_pg_param_text(p, r->gebruiker);
    sl_pg_param_text(p, r->org);
    sl_pg_param_text(p, r->rol);
    sl_pg_param_text(p, r->doel);
    sl_pg_param_text(p, r->grondslag);
    sl_pg_param_text(p, r->categorieen);
    pg_param_id_or_null(p, r->address_id);
    sl_pg_param_text(p, r->actie);
    sl_pg_param_text(p, r->trace_id);
    sl_pg_param_text(p, r->vorige_hash);
    sl_pg_param_text(p, r->hash);
    pg_param_id_or_null(p, r->levering_id);
    sl_pg_param_text(p, r->gegevens);
}

static bool pg_log_insert(sl_store *st, const sl_log_record *r)
{
    pg_store *ps = PGS(st);
    if (!ps->in_write)
        return sl_store_fail(st, "logboek: een record wordt alleen binnen een transactie "
                                 "toegevoegd");
    const chain_sql *c = own_chain(ps);
    int64_t last;
    char head[SL_LOG_HASH_CAP];
    if (!pg_log_head(st, &last, head))
        return false;
    const char *want = last ? head : ZERO_HASH;
    if (r->id != last + 1 || strcmp(r->vorige_hash, want) != 0)
        return sl_store_fail(st, "logboek: record %lld volgt niet op het laatste record (%lld)",
                             (long long)r->id, (long long)last);
    sl_pg_params p;
    param_log_record(&p, r);
    return pg_run(ps, &c->insert, &p, "logboekrecord vastleggen mislukt");
}

/* ---- the group commit: many records, one statement, one commit (decision 153) ---- */

/* A growing text: one array literal of the append. */
typedef struct text_buf {
    char *s;
    size_t len, cap;
    bool oom;
} text_buf;

static void buf_put(text_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *grown = sl_realloc(b->s, cap);
        if (!grown) {
            b->oom = true;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* An array element: quoted, with backslash and double quote escaped, so that
 * no text of a record is ever read as array syntax. */
static void buf_element_text(text_buf *b, const char *v)
{
    buf_put(b, b->len > 1 ? ",\"" : "\"", b->len > 1 ? 2 : 1);
    for (const char *p = v; *p;) {
        size_t plain = strcspn(p, "\\\"");
        buf_put(b, p, plain);
        p += plain;
        if (*p) {
            char esc[2] = {'\\', *p++};
            buf_put(b, esc, 2);
        }
    }
    buf_put(b, "\"", 1);
}

/* An id element; 0 is NULL, as in a single insert. */
static void buf_element_id(text_buf *b, int64_t v, bool zero_is_null)
{
    char num[24];
    int n = zero_is_null && v == 0 ? snprintf(num, sizeof num, "NULL")
                                   : snprintf(num, sizeof num, "%lld", (long long)v);
    if (b->len > 1)
        buf_put(b, ",", 1);
    buf_put(b, num, (size_t)n);
}

enum { A_COLUMNS = 15 };

/* The records as one array literal per column, in LOG_APPEND's order. */
static bool arrays_of(const sl_log_record *recs, size_t n, text_buf col[A_COLUMNS])
{
    for (int c = 0; c < A_COLUMNS; c++)
        buf_put(&col[c], "{", 1);
    for (size_t i = 0; i < n; i++) {
        const sl_log_record *r = &recs[i];
        const char *text[A_COLUMNS] = {
            [1] = r->tijdstip, [2] = r->gebruiker,    [3] = r->org,       [4] = r->rol,
            [5] = r->doel,     [6] = r->grondslag,    [7] = r->categorieen, [9] = r->actie,
            [10] = r->trace_id, [11] = r->vorige_hash, [12] = r->hash,     [14] = r->gegevens,
        };
        buf_element_id(&col[0], r->id, false);
        buf_element_id(&col[8], r->address_id, true);
        buf_element_id(&col[13], r->levering_id, true);
        for (int c = 0; c < A_COLUMNS; c++)
            if (text[c])
                buf_element_text(&col[c], text[c]);
    }
    bool ok = true;
    for (int c = 0; c < A_COLUMNS; c++) {
        buf_put(&col[c], "}", 1);
        ok = ok && !col[c].oom;
    }
    return ok;
}

/* Inserts the linked records with one statement. */
static bool insert_all(pg_store *ps, const chain_sql *c, const sl_log_record *recs, size_t n)
{
    text_buf col[A_COLUMNS];
    memset(col, 0, sizeof col);
    bool ok = arrays_of(recs, n, col);
    if (!ok)
        sl_store_fail(&ps->base, "logboek: onvoldoende geheugen voor een groep");
    if (ok) {
        sl_pg_params p;
        sl_pg_params_init(&p);
        for (int k = 0; k < A_COLUMNS; k++)
            sl_pg_param_text(&p, col[k].s);
        ok = pg_run(ps, &c->append, &p, "logboekrecords vastleggen mislukt");
    }
    for (int k = 0; k < A_COLUMNS; k++)
        sl_free(col[k].s);
    return ok;
}

/*
 * As SQLite's: a transaction of its own (the look log's writer lock, then the
 * chain's lock, made durable, and its head), the records linked to that head,
 * one INSERT for all of them, one commit. PostgreSQL's commit is durable when it returns
 * (synchronous_commit on, see DURABLE), and nothing is left for a checkpoint.
 */
static bool pg_log_append_durable(sl_store *st, sl_log_record *recs, size_t n,
                                  sl_log_link_fn link)
{
    pg_store *ps = PGS(st);
    if (ps->in_write || ps->read_depth > 0)
        return sl_store_fail(st, "logboek: duurzaam toevoegen gebeurt in een eigen transactie");
    if (!sl_store_begin(st))
        return false;
    int64_t last;
    char head[SL_LOG_HASH_CAP];
    const chain_sql *c = own_chain(ps);
    bool ok = pg_run(ps, &c->durable_lock, NULL, "wachten op het logboek mislukt") &&
              head_of(ps, &c->head, &last, head) && link(st, recs, n, last, head) &&
              insert_all(ps, c, recs, n);
    if (ok && sl_store_commit(st))
        return true;
    sl_store_rollback(st);
    return false;
}

/* The server's own checkpoints and WAL archiving settle what a commit wrote. */
static bool pg_log_checkpoint(sl_store *st)
{
    (void)st;
    return true;
}

static void read_log(const PGresult *res, int row, sl_log_record *r)
{
    memset(r, 0, sizeof *r);
    r->id = sl_pg_col_int(res, row, 0);
    pg_col_copy(res, row, 1, r->tijdstip, sizeof r->tijdstip);
    pg_col_copy(res, row, 2, r->gebruiker, sizeof r->gebruiker);
    pg_col_copy(res, row, 3, r->org, sizeof r->org);
    pg_col_copy(res, row, 4, r->rol, sizeof r->rol);
    pg_col_copy(res, row, 5, r->doel, sizeof r->doel);
    pg_col_copy(res, row, 6, r->grondslag, sizeof r->grondslag);
    pg_col_copy(res, row, 7, r->categorieen, sizeof r->categorieen);
    r->address_id = sl_pg_col_int(res, row, 8);
    pg_col_copy(res, row, 9, r->actie, sizeof r->actie);
    pg_col_copy(res, row, 10, r->trace_id, sizeof r->trace_id);
    pg_col_copy(res, row, 11, r->vorige_hash, sizeof r->vorige_hash);
    pg_col_copy(res, row, 12, r->hash, sizeof r->hash);
    r->levering_id = sl_pg_col_int(res, row, 13);
    pg_col_copy(res, row, 14, r->gegevens, sizeof r->gegevens);
    r->keten = sl_pg_col_int(res, row, 15) ? SL_KETEN_INZAGE : SL_KETEN_REGISTER;
}

/* Hands every row of res to cb; frees res. *last the id of the last row handed. */
static bool hand_rows(PGresult *res, sl_log_cb cb, void *ctx, int64_t *last)
{
    bool ok = true;
    for (int i = 0; ok && i < PQntuples(res); i++) {
        sl_log_record r;
        read_log(res, i, &r);
        *last = r.id;
        ok = cb(ctx, &r);
    }
    PQclear(res);
    return ok;
}

typedef struct scan_ctx {
    sl_log_cb cb;
    void *ctx;
} scan_ctx;

static bool scan_row(void *ctx, const PGresult *res, int row)
{
    scan_ctx *sc = ctx;
    sl_log_record r;
    read_log(res, row, &r);
    return sc->cb(sc->ctx, &r);
}

/* Through pg_scan: the whole log in a snapshot comes a few thousand rows at a time. */
static bool pg_log_scan(sl_store *st, int64_t address_id, sl_log_cb cb, void *ctx)
{
    pg_store *ps = PGS(st);
    sl_pg_params p;
    sl_pg_params_init(&p);
    if (address_id)
        sl_pg_param_int(&p, address_id);
    scan_ctx sc = {.cb = cb, .ctx = ctx};
    return pg_scan(ps, address_id ? &q_scan_address : &q_scan_all, &p, "logboek lezen mislukt",
                   scan_row, &sc);
}

/* In batches by id: the chain is append-only, so a batch boundary loses nothing. */
static bool pg_log_chain(sl_store *st, sl_log_keten keten, sl_log_cb cb, void *ctx)
{
    pg_store *ps = PGS(st);
    const chain_sql *c = chain_of(keten);
    int64_t after = 0;
    for (;;) {
        sl_pg_params p;
        sl_pg_params_init(&p);
        sl_pg_param_int(&p, after);
        PGresult *res = pg_query(ps, &c->rows, &p, "logboek lezen mislukt");
        if (!res)
            return false;
        int n = PQntuples(res);
        if (!hand_rows(res, cb, ctx, &after))
            return false;
        if (n < CHAIN_BATCH)
            return true;
    }
}

static bool pg_log_heads(sl_store *st, int64_t ids[SL_KETEN_COUNT],
                         char hashes[SL_KETEN_COUNT][SL_LOG_HASH_CAP])
{
    pg_store *ps = PGS(st);
    for (int k = 0; k < SL_KETEN_COUNT; k++)
        if (!head_of(ps, &chains[k].head, &ids[k], hashes[k]))
            return false;
    return true;
}

static bool pg_log_hash_at(sl_store *st, sl_log_keten keten, int64_t id,
                           char hash[SL_LOG_HASH_CAP], bool *found)
{
    pg_store *ps = PGS(st);
    const chain_sql *c = chain_of(keten);
    *found = false;
    hash[0] = '\0';
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    PGresult *res = pg_query(ps, &c->hash_at, &p, "logboek lezen mislukt");
    if (!res)
        return false;
    if (PQntuples(res) > 0) {
        *found = true;
        pg_col_copy(res, 0, 0, hash, SL_LOG_HASH_CAP);
    }
    PQclear(res);
    return true;
}

/* ---- anchors ------------------------------------------------------------------------ */

static bool pg_anchor_add(sl_store *st, sl_log_anchor *a)
{
    pg_store *ps = PGS(st);
    if (!ps->in_write)
        return sl_store_fail(st, "logboekanker: alleen binnen een transactie");
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, a->tijdstip);
    sl_pg_param_int(&p, a->head_id[SL_KETEN_REGISTER]);
    sl_pg_param_text(&p, a->head_hash[SL_KETEN_REGISTER]);
    sl_pg_param_int(&p, a->head_id[SL_KETEN_INZAGE]);
    sl_pg_param_text(&p, a->head_hash[SL_KETEN_INZAGE]);
    sl_pg_param_bool(&p, a->verlies);
    sl_pg_param_text(&p, a->sleutel_id);
    sl_pg_param_text(&p, a->mac);
    PGresult *res = pg_query(ps, &q_anchor_add, &p, "logboekanker vastleggen mislukt");
    if (!res)
        return false;
    a->id = sl_pg_col_int(res, 0, 0);
    PQclear(res);
    return true;
}

static void read_anchor(const PGresult *res, int row, sl_log_anchor *a)
{
    memset(a, 0, sizeof *a);
    a->id = sl_pg_col_int(res, row, 0);
    pg_col_copy(res, row, 1, a->tijdstip, sizeof a->tijdstip);
    a->head_id[SL_KETEN_REGISTER] = sl_pg_col_int(res, row, 2);
    pg_col_copy(res, row, 3, a->head_hash[SL_KETEN_REGISTER], SL_LOG_HASH_CAP);
    a->head_id[SL_KETEN_INZAGE] = sl_pg_col_int(res, row, 4);
    pg_col_copy(res, row, 5, a->head_hash[SL_KETEN_INZAGE], SL_LOG_HASH_CAP);
    a->verlies = sl_pg_col_bool(res, row, 6);
    pg_col_copy(res, row, 7, a->sleutel_id, sizeof a->sleutel_id);
    pg_col_copy(res, row, 8, a->mac, sizeof a->mac);
}

static bool pg_anchor_latest(sl_store *st, sl_log_anchor *out, bool *found)
{
    pg_store *ps = PGS(st);
    *found = false;
    PGresult *res = pg_query(ps, &q_anchor_latest, NULL, "logboekankers lezen mislukt");
    if (!res)
        return false;
    if (PQntuples(res) > 0) {
        read_anchor(res, 0, out);
        *found = true;
    }
    PQclear(res);
    return true;
}

static bool pg_anchors_binding(sl_store *st, sl_anchor_cb cb, void *ctx)
{
    pg_store *ps = PGS(st);
    PGresult *res = pg_query(ps, &q_anchors_binding, NULL, "logboekankers lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int i = 0; ok && i < PQntuples(res); i++) {
        sl_log_anchor a;
        read_anchor(res, i, &a);
        ok = cb(ctx, &a);
    }
    PQclear(res);
    return ok;
}

const sl_log_ops pg_log_ops = {
    .log_head = pg_log_head,
    .log_insert = pg_log_insert,
    .log_append_durable = pg_log_append_durable,
    .log_checkpoint = pg_log_checkpoint,
    .log_scan = pg_log_scan,
    .log_chain = pg_log_chain,
    .log_heads = pg_log_heads,
    .log_hash_at = pg_log_hash_at,
    .anchor_add = pg_anchor_add,
    .anchor_latest = pg_anchor_latest,
    .anchors_binding = pg_anchors_binding,
};
