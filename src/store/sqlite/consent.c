/*
 * consent.c - the SQLite backend of consent (store/consent_store.h): requests,
 * what became of them and the second person's confirmation, each update
 * guarded by the row's version.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/sqlite_int.h"

/* The statements of this file, prepared lazily into its slots of the handle. */
enum {
    Q_CONSENT_ADD, Q_CONSENT_UPDATE, Q_CONSENT_LATEST, Q_CONSENTS_OF, Q_CONSENT_GET, Q_COUNT,
};
_Static_assert(Q_COUNT <= SQ_SLOTS, "raise SQ_SLOTS");

#define CONSENT_COLUMNS                                                                      \
    "id, nummeraanduiding_id, doel, aangevraagd_op, gegeven_op, coalesce(kanaal, ''),"       \
    " ingetrokken_op, beoordeling, vastgelegd_door, versie, formulier_kenmerk,"              \
    " ingetrokken_door, vastgelegd_org, bevestigd_door, coalesce(bevestigd_op, '')"

static const char *const sql_text[Q_COUNT] = {
    [Q_CONSENT_ADD] = "INSERT INTO toestemming (nummeraanduiding_id, doel, aangevraagd_op,"
                      " gegeven_op, kanaal, ingetrokken_op, beoordeling, vastgelegd_door,"
                      " formulier_kenmerk, ingetrokken_door, vastgelegd_org, bevestigd_door,"
                      " bevestigd_op)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
                      " RETURNING id, versie",
    /* vastgelegd_op: when the consent given was recorded (or the request, before) */
    [Q_CONSENT_UPDATE] =
        "UPDATE toestemming SET gegeven_op = ?3, kanaal = ?4, ingetrokken_op = ?5,"
        " beoordeling = ?6, vastgelegd_door = ?7, formulier_kenmerk = ?8,"
        " ingetrokken_door = ?9, vastgelegd_org = ?10, bevestigd_door = ?11,"
        " bevestigd_op = ?12, versie = versie + 1,"
        " vastgelegd_op = CASE WHEN gegeven_op IS NULL AND ?3 IS NOT NULL"
        " THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') ELSE vastgelegd_op END"
        " WHERE id = ?1 AND versie = ?2 RETURNING versie",
    [Q_CONSENT_LATEST] = "SELECT " CONSENT_COLUMNS " FROM toestemming"
                         " WHERE nummeraanduiding_id = ?1 AND doel = ?2 ORDER BY id DESC LIMIT 1",
    [Q_CONSENTS_OF] = "SELECT " CONSENT_COLUMNS " FROM toestemming"
                      " WHERE nummeraanduiding_id = ?1 ORDER BY id",
    [Q_CONSENT_GET] = "SELECT " CONSENT_COLUMNS " FROM toestemming WHERE id = ?1",
};

static sqlite3_stmt *stmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->stmt[SQ_PART_CONSENT][q], sql_text[q]);
}

static const char *const beoordeling_names[SL_BEOORDELING_COUNT] = {"", "akkoord", "afgewezen"};

static bool read_consent(sqlite3_stmt *s, void *out)
{
    sl_toestemming *t = out;
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
    sqlite3_stmt *s = stmt(sq, Q_CONSENT_ADD);
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
    int64_t ids[2] = {t->id, t->versie}; /* as they were when no row comes back */
    if (!sq_write_returning(sq, s, ids, 2, NULL, "toestemming vastleggen mislukt"))
        return false;
    t->id = ids[0];
    t->versie = ids[1];
    return true;
}

static bool sq_consent_update(sl_store *st, sl_toestemming *t, bool *conflict)
{
    sqlite_store *sq = SQ(st);
    *conflict = false;
    sqlite3_stmt *s = stmt(sq, Q_CONSENT_UPDATE);
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
    bool updated;
    if (!sq_write_returning(sq, s, &t->versie, 1, &updated, "toestemming bijwerken mislukt"))
        return false;
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
    sqlite3_stmt *s = stmt(sq, Q_CONSENT_LATEST);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    bind_text(s, 2, sl_doel_name(doel));
    return sq_read_one(sq, s, read_consent, out, found, "toestemming lezen mislukt",
                       "onleesbare toestemming in register");
}

static bool sq_consent_get(sl_store *st, int64_t id, sl_toestemming *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    *found = false;
    sqlite3_stmt *s = stmt(sq, Q_CONSENT_GET);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    return sq_read_one(sq, s, read_consent, out, found, "toestemming lezen mislukt",
                       "onleesbare toestemming in register");
}

static bool sq_consents_of(sl_store *st, int64_t address_id, sl_consent_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_CONSENTS_OF);
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

const sl_consent_ops sq_consent_ops = {
    .consent_add = sq_consent_add,
    .consent_update = sq_consent_update,
    .consent_latest = sq_consent_latest,
    .consent_get = sq_consent_get,
    .consents_of = sq_consents_of,
};
