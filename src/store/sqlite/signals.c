/*
 * signals.c - the SQLite backend of signals and the outbox
 * (store/signals_store.h): the active rule set, signals and their addressees,
 * the events for subscribers, and the weekly figures: signals raised and
 * handled per UTC day and rule, read from a range of an index of migration
 * 0008 (signaal_aangemaakt, signaal_afgehandeld); that statement is prepared
 * per call and finalised, with no slot in the handle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/sqlite/sqlite_int.h"

/* The statements of this file, prepared lazily into its slots of the handle. */
enum {
    Q_RULES, Q_UNFINISHED, Q_SIGNAL_ADD, Q_ADDRESSEE_ADD, Q_SIGNAL_GET, Q_ADDRESSEES_OF,
    Q_SIGNAL_UPDATE, Q_SIGNALS_SCAN, Q_SIGNALS_OF_ADDRESS, Q_STILL, Q_OUTBOX, Q_RULE_ADD,
    Q_OUTBOX_CLAIM, Q_OUTBOX_DELIVERED, Q_OUTBOX_FAILED, Q_COUNT,
};
_Static_assert(Q_COUNT <= SQ_SLOTS, "raise SQ_SLOTS");

#define SIGNAL_COLUMNS                                                                      \
    "id, regel, variant, regelversie, nummeraanduiding_id, status, tekst, aangemaakt_op,"   \
    " vervalt_op, coalesce(afgewezen_door, afgerond_door, bevestigd_door, ''),"              \
    " coalesce(afgewezen_op, afgerond_op, bevestigd_op, ''), coalesce(reden, '')"

static const char *const sql_text[Q_COUNT] = {
    [Q_RULES] = "SELECT r.versie, r.regel, r.variant, r.trigger, r.conditie, r.aan,"
                " r.termijn_dagen, r.parameter_dagen, r.tekst FROM signaalregel r"
                " JOIN regelset s ON s.soort = 'signaal' AND s.versie = r.versie"
                " WHERE (?1 = 0 AND s.actief = 1) OR r.versie = ?1 ORDER BY r.regel, r.variant",
    [Q_UNFINISHED] = "SELECT 1 FROM signaal WHERE regel = ?1 AND nummeraanduiding_id = ?2"
                     " AND status IN ('open', 'bevestigd')",
    [Q_SIGNAL_ADD] = "INSERT INTO signaal (regel, variant, regelversie, nummeraanduiding_id,"
                     " status, tekst, vervalt_op, levering_id)"
                     " VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6, ?7)"
                     " RETURNING id, aangemaakt_op",
    [Q_ADDRESSEE_ADD] = "INSERT INTO signaal_adressaat (signaal_id, volgorde, org, rol, persoon)"
                        " VALUES (?1, ?2, ?3, ?4, ?5)",
    [Q_SIGNAL_GET] = "SELECT " SIGNAL_COLUMNS " FROM signaal WHERE id = ?1",
    [Q_ADDRESSEES_OF] = "SELECT org, rol, persoon FROM signaal_adressaat WHERE signaal_id = ?1"
                        " ORDER BY volgorde",
    [Q_SIGNAL_UPDATE] =
        "UPDATE signaal SET status = ?2,"
        " bevestigd_op = CASE WHEN ?2 = 'bevestigd' THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
        "   ELSE bevestigd_op END,"
        " bevestigd_door = CASE WHEN ?2 = 'bevestigd' THEN ?3 ELSE bevestigd_door END,"
        " afgerond_op = CASE WHEN ?2 = 'afgerond' THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
        "   ELSE afgerond_op END,"
        " afgerond_door = CASE WHEN ?2 = 'afgerond' THEN ?3 ELSE afgerond_door END,"
        " afgewezen_op = CASE WHEN ?2 = 'afgewezen' THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
        "   ELSE afgewezen_op END,"
        " afgewezen_door = CASE WHEN ?2 = 'afgewezen' THEN ?3 ELSE afgewezen_door END,"
        " reden = CASE WHEN ?2 = 'afgewezen' THEN ?4"
        "   WHEN ?2 = 'afgerond' THEN coalesce(?4, reden) ELSE reden END WHERE id = ?1",
    [Q_SIGNALS_SCAN] = "SELECT " SIGNAL_COLUMNS " FROM signaal WHERE (?1 = 0 OR regel = ?1)"
                       " AND (?2 IS NULL OR status = ?2) AND (?3 = 0 OR nummeraanduiding_id = ?3)"
                       " ORDER BY id",
    /* a separate statement so that an address's signals come from its index, not a scan */
    [Q_SIGNALS_OF_ADDRESS] = "SELECT " SIGNAL_COLUMNS " FROM signaal"
                             " WHERE nummeraanduiding_id = ?3 AND (?1 = 0 OR regel = ?1)"
                             " AND (?2 IS NULL OR status = ?2) ORDER BY id",
    [Q_STILL] = "SELECT nummeraanduiding_id FROM classificatie WHERE potentieel = 'beide_lopend'"
                " ORDER BY nummeraanduiding_id",
    [Q_OUTBOX] = "INSERT INTO outbox (soort, onderwerp, sleutel, gegevens) VALUES (?1, ?2, ?3, ?4)",
    [Q_RULE_ADD] = "INSERT INTO signaalregel (versie, regel, variant, trigger, conditie, aan,"
                   " termijn_dagen, parameter_dagen, tekst)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    /* ?2 the lease as a modifier ('+1.500 seconds'); moments compare as text,
     * all written by strftime with milliseconds */
    [Q_OUTBOX_CLAIM] = "UPDATE outbox SET bezorger = ?1, pogingen = pogingen + 1,"
                       " geclaimd_tot = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?2)"
                       " WHERE id IN (SELECT id FROM outbox WHERE verzonden_op IS NULL"
                       " AND (geclaimd_tot IS NULL"
                       "  OR geclaimd_tot <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
                       " AND (volgende_poging IS NULL"
                       "  OR volgende_poging <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
                       " ORDER BY id LIMIT ?3)"
                       " RETURNING id, aangemaakt_op, soort, onderwerp, sleutel, gegevens, pogingen",
    [Q_OUTBOX_DELIVERED] = "UPDATE outbox SET verzonden_op = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),"
                           " bezorger = NULL, geclaimd_tot = NULL"
                           " WHERE id = ?1 AND bezorger = ?2 AND verzonden_op IS NULL",
    [Q_OUTBOX_FAILED] = "UPDATE outbox SET bezorger = NULL, geclaimd_tot = NULL, laatste_fout = ?3,"
                        " volgende_poging = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?4)"
                        " WHERE id = ?1 AND bezorger = ?2 AND verzonden_op IS NULL",
};

static sqlite3_stmt *stmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->stmt[SQ_PART_SIGNALS][q], sql_text[q]);
}

/* Version versie of the signal rules, or the active one for 0. */
static bool read_rules(sl_store *st, int32_t versie, sl_ruleset *out)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_RULES);
    if (!s)
        return false;
    memset(out, 0, sizeof *out);
    sqlite3_bind_int(s, 1, versie);
    int r;
    bool bad = false;
    while ((r = step_row(sq, s, "signaalregels lezen mislukt")) > 0) {
        if (out->n >= SL_RULES_MAX) {
            bad = true;
            break;
        }
        sl_signal_rule *rule = &out->rules[out->n];
        memset(rule, 0, sizeof *rule);
        out->version = sqlite3_column_int(s, 0);
        rule->regel = sqlite3_column_int(s, 1);
        col_copy(s, 2, rule->variant, sizeof rule->variant);
        if (!sl_trigger_parse((const char *)sqlite3_column_text(s, 3),
                              (size_t)sqlite3_column_bytes(s, 3), &rule->trigger) ||
            !sl_condition_parse((const char *)sqlite3_column_text(s, 4),
                                (size_t)sqlite3_column_bytes(s, 4), &rule->conditie) ||
            !sl_addressees_parse((const char *)sqlite3_column_text(s, 5),
                                 (size_t)sqlite3_column_bytes(s, 5), &rule->aan))
            bad = true;
        rule->termijn_dagen = sqlite3_column_int(s, 6);
        rule->parameter_dagen = sqlite3_column_int(s, 7);
        col_copy(s, 8, rule->tekst, sizeof rule->tekst);
        out->n++;
    }
    done(s);
    if (r < 0)
        return false;
    /* no active rule set: an administrator has switched signalling off */
    if (out->n == 0 && !bad)
        return true;
    char reason[200];
    if (bad || !sl_ruleset_valid(out, reason, sizeof reason))
        return sl_store_fail(st, "de signaalregels (versie %d) zijn ongeldig: %s",
                             (int)out->version,
                             bad ? "onbekend woord in trigger, conditie of aan" : reason);
    return true;
}

static bool sq_signal_ruleset(sl_store *st, sl_ruleset *out) { return read_rules(st, 0, out); }

static bool sq_signal_ruleset_versie(sl_store *st, int32_t versie, sl_ruleset *out, bool *found)
{
    if (versie <= 0 || !read_rules(st, versie, out))
        return versie <= 0 ? (*found = false, true) : false;
    *found = out->n > 0;
    return true;
}

static bool sq_signal_rules_put(sl_store *st, const sl_ruleset *rs)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_RULE_ADD);
    if (!s)
        return false;
    for (size_t i = 0; i < rs->n; i++) {
        const sl_signal_rule *r = &rs->rules[i];
        char aan[128];
        sl_addressees_format(r->aan, aan, sizeof aan);
        sqlite3_bind_int(s, 1, rs->version);
        sqlite3_bind_int(s, 2, r->regel);
        sqlite3_bind_text(s, 3, r->variant, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, sl_trigger_name(r->trigger), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, sl_condition_name(r->conditie), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 6, aan, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(s, 7, r->termijn_dagen);
        sqlite3_bind_int(s, 8, r->parameter_dagen);
        sqlite3_bind_text(s, 9, r->tekst, -1, SQLITE_STATIC);
        int rc = step_row(sq, s, "signaalregels vastleggen mislukt");
        done(s);
        if (rc < 0)
            return false;
    }
    return true;
}

static bool sq_signal_unfinished(sl_store *st, int32_t regel, int64_t address_id, bool *exists)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_UNFINISHED);
    if (!s)
        return false;
    sqlite3_bind_int(s, 1, regel);
    sqlite3_bind_int64(s, 2, address_id);
    int r = step_row(sq, s, "signalen lezen mislukt");
    *exists = r > 0;
    done(s);
    return r >= 0;
}

static bool sq_signal_addressee_add(sl_store *st, int64_t signal_id, int volgorde,
                                    const sl_addressee *a)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_ADDRESSEE_ADD);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, signal_id);
    sqlite3_bind_int(s, 2, volgorde);
    bind_text(s, 3, sl_org_name(a->org));
    bind_text(s, 4, a->rol);
    bind_text(s, 5, a->persoon);
    return run(sq, s, "adressaat opslaan mislukt");
}

static bool sq_signal_add(sl_store *st, sl_signal *sig, int64_t delivery_id)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_SIGNAL_ADD);
    if (!s)
        return false;
    char due[11];
    sqlite3_bind_int(s, 1, sig->regel);
    bind_text(s, 2, sig->variant);
    sqlite3_bind_int(s, 3, sig->regelversie);
    sqlite3_bind_int64(s, 4, sig->address_id);
    bind_text(s, 5, sig->tekst);
    bind_date(s, 6, sig->vervalt_op, due);
    bind_id_or_null(s, 7, delivery_id);
    int r = step_row(sq, s, "signaal opslaan mislukt");
    if (r > 0) {
        sig->id = sqlite3_column_int64(s, 0);
        col_copy(s, 1, sig->aangemaakt_op, sizeof sig->aangemaakt_op);
    }
    done(s);
    if (r <= 0)
        return r == 0 ? sl_store_fail(st, "signaal opslaan mislukt") : false;
    for (size_t i = 0; i < sig->n_aan; i++)
        if (!sq_signal_addressee_add(st, sig->id, (int)i, &sig->aan[i]))
            return false;
    return true;
}

static const char *const roles[] = {"svip", "zaakbegeleider", "bewonersbegeleider",
                                    "coordinator", "interventieteam"};

/* Reads SIGNAL_COLUMNS and then the addressees. */
static bool read_signal(sqlite_store *sq, sqlite3_stmt *s, sl_signal *out)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(s, 0);
    out->regel = sqlite3_column_int(s, 1);
    col_copy(s, 2, out->variant, sizeof out->variant);
    out->regelversie = sqlite3_column_int(s, 3);
    out->address_id = sqlite3_column_int64(s, 4);
    sl_signal_status_parse((const char *)sqlite3_column_text(s, 5),
                           (size_t)sqlite3_column_bytes(s, 5), &out->status);
    col_copy(s, 6, out->tekst, sizeof out->tekst);
    col_copy(s, 7, out->aangemaakt_op, sizeof out->aangemaakt_op);
    out->vervalt_op = col_date(s, 8);
    col_copy(s, 9, out->gewijzigd_door, sizeof out->gewijzigd_door);
    col_copy(s, 10, out->gewijzigd_op, sizeof out->gewijzigd_op);
    col_copy(s, 11, out->reden, sizeof out->reden);
    sqlite3_stmt *a = stmt(sq, Q_ADDRESSEES_OF);
    if (!a)
        return false;
    sqlite3_bind_int64(a, 1, out->id);
    int r;
    while ((r = step_row(sq, a, "adressaten lezen mislukt")) > 0 &&
           out->n_aan < SL_ADDRESSEES_MAX) {
        sl_addressee *ad = &out->aan[out->n_aan];
        const char *org = (const char *)sqlite3_column_text(a, 0);
        ad->org = strcmp(org, "IMG") == 0 ? SL_ORG_IMG : strcmp(org, "NCG") == 0 ? SL_ORG_NCG
                                                                                 : SL_ORG_BEIDE;
        const char *rol = (const char *)sqlite3_column_text(a, 1);
        ad->rol = "svip";
        for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
            if (strcmp(rol, roles[i]) == 0)
                ad->rol = roles[i];
        col_copy(a, 2, ad->persoon, sizeof ad->persoon);
        out->n_aan++;
    }
    done(a);
    return r >= 0;
}

static bool sq_signal_get(sl_store *st, int64_t id, sl_signal *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_SIGNAL_GET);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    int r = step_row(sq, s, "signaal lezen mislukt");
    *found = r > 0;
    bool ok = r >= 0 && (r == 0 || read_signal(sq, s, out));
    done(s);
    return ok;
}

static bool sq_signal_update(sl_store *st, const sl_signal *sig)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_SIGNAL_UPDATE);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, sig->id);
    bind_text(s, 2, sl_signal_status_name(sig->status));
    bind_text(s, 3, sig->gewijzigd_door);
    bind_text_or_null(s, 4, sig->reden);
    return run(sq, s, "signaal bijwerken mislukt");
}

static bool sq_signals_scan(sl_store *st, const sl_signal_filter *f, sl_signal_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, f->address_id ? Q_SIGNALS_OF_ADDRESS : Q_SIGNALS_SCAN);
    if (!s)
        return false;
    sqlite3_bind_int(s, 1, f->regel);
    if (f->status >= 0)
        bind_text(s, 2, sl_signal_status_name((sl_signal_status)f->status));
    sqlite3_bind_int64(s, 3, f->address_id);
    int r;
    bool ok = true;
    while (ok && (r = step_row(sq, s, "signalen lezen mislukt")) > 0) {
        sl_signal sig;
        ok = read_signal(sq, s, &sig) && cb(ctx, &sig);
    }
    done(s);
    return ok && r == 0;
}

static bool sq_scan_still_candidates(sl_store *st, sl_address_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_STILL);
    if (!s)
        return false;
    int r;
    bool ok = true;
    while (ok && (r = step_row(sq, s, "dossiers lezen mislukt")) > 0)
        ok = cb(ctx, sqlite3_column_int64(s, 0));
    done(s);
    return ok && r == 0;
}

static bool sq_outbox_add(sl_store *st, const char *soort, const char *onderwerp,
                          const char *sleutel, const char *gegevens)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_OUTBOX);
    if (!s)
        return false;
    bind_text(s, 1, soort);
    bind_text(s, 2, onderwerp);
    bind_text(s, 3, sleutel);
    bind_text(s, 4, gegevens);
    return run(sq, s, "gebeurtenis vastleggen mislukt");
}

/* ---- the outbox's delivery (decision 178) ---- */

/* A span of milliseconds as SQLite's date modifier. */
static void ms_modifier(int64_t ms, char buf[48])
{
    snprintf(buf, 48, "+%lld.%03lld seconds", (long long)(ms / 1000), (long long)(ms % 1000));
}

static int by_id(const void *a, const void *b)
{
    int64_t x = ((const sl_outbox_message *)a)->id, y = ((const sl_outbox_message *)b)->id;
    return (x > y) - (x < y);
}

static bool claim_rows(sqlite_store *sq, sqlite3_stmt *s, int max, sl_outbox_batch *out)
{
    int r;
    while ((r = step_row(sq, s, "gebeurtenissen claimen mislukt")) > 0) {
        if (!sl_outbox_batch_add(out, (size_t)max, sqlite3_column_int64(s, 0),
                                 (const char *)sqlite3_column_text(s, 1),
                                 (const char *)sqlite3_column_text(s, 2),
                                 (const char *)sqlite3_column_text(s, 3),
                                 (const char *)sqlite3_column_text(s, 4),
                                 (const char *)sqlite3_column_text(s, 5),
                                 sqlite3_column_int(s, 6)))
            r = -1;
        if (r < 0) {
            sl_store_fail(&sq->base, "gebeurtenissen claimen mislukt: onvoldoende geheugen");
            break;
        }
    }
    done(s);
    return r == 0;
}

/* One writer at a time, as every write of this store: the claim is an UPDATE
 * … RETURNING in a transaction of its own behind the process's writer mutex. */
static bool sq_outbox_claim(sl_store *st, const char *bezorger, int max, int64_t lease_ms,
                            sl_outbox_batch *out)
{
    sqlite_store *sq = SQ(st);
    if (!sqlite3_get_autocommit(sq->db) || sq->read_depth > 0)
        return sl_store_fail(st, "gebeurtenissen claimen kan niet binnen een transactie");
    sqlite3_stmt *s = stmt(sq, Q_OUTBOX_CLAIM);
    if (!s || !sl_store_begin(st))
        return false;
    char lease[48];
    ms_modifier(lease_ms, lease);
    bind_text(s, 1, bezorger);
    bind_text(s, 2, lease);
    sqlite3_bind_int(s, 3, max);
    if (!claim_rows(sq, s, max, out) || !sl_store_commit(st)) {
        sl_store_rollback(st);
        sl_outbox_batch_free(out);
        return false;
    }
    /* RETURNING gives the rows in no promised order */
    if (out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, by_id);
    return true;
}

static bool sq_outbox_settle(sqlite_store *sq, sqlite3_stmt *s, bool *held)
{
    if (!run(sq, s, "gebeurtenis bijwerken mislukt"))
        return false;
    *held = sqlite3_changes(sq->db) == 1;
    return true;
}

static bool sq_outbox_delivered(sl_store *st, int64_t id, const char *bezorger, bool *held)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_OUTBOX_DELIVERED);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    bind_text(s, 2, bezorger);
    return sq_outbox_settle(sq, s, held);
}

static bool sq_outbox_failed(sl_store *st, int64_t id, const char *bezorger, int64_t retry_ms,
                             const char *reden, bool *held)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = stmt(sq, Q_OUTBOX_FAILED);
    if (!s)
        return false;
    char retry[48];
    ms_modifier(retry_ms, retry);
    sqlite3_bind_int64(s, 1, id);
    bind_text(s, 2, bezorger);
    bind_text(s, 3, reden);
    bind_text(s, 4, retry);
    return sq_outbox_settle(sq, s, held);
}

/* ---- the weekly figures: prepared per call, a dashboard asks this rarely ---- */

/* CROSS JOIN keeps signaal the outer loop: without statistics SQLite would
 * otherwise start from every address of the municipality (adres_gemeente).
 * ?1 first day, ?2 the day after the last (both 'YYYY-MM-DD': the stored
 * 'YYYY-MM-DDTHH:MM:SSZ' sorts between them as text), ?3 gemeentecode. */
#define HANDLED "coalesce(s.afgerond_op, s.afgewezen_op)"
#define DAY_COUNTS(JOIN, WHERE)                                                              \
    "SELECT dag, regel, sum(aangemaakt), sum(afgehandeld) FROM ("                            \
    " SELECT substr(s.aangemaakt_op, 1, 10) AS dag, s.regel AS regel, 1 AS aangemaakt,"      \
    "  0 AS afgehandeld FROM signaal s" JOIN                                                 \
    "  WHERE s.aangemaakt_op >= ?1 AND s.aangemaakt_op < ?2" WHERE                           \
    " UNION ALL"                                                                             \
    " SELECT substr(" HANDLED ", 1, 10), s.regel, 0, 1 FROM signaal s" JOIN                  \
    "  WHERE " HANDLED " >= ?1 AND " HANDLED " < ?2" WHERE                                   \
    ") GROUP BY dag, regel ORDER BY dag, regel"

static const char *const sql_all = DAY_COUNTS("", "");
static const char *const sql_gemeente =
    DAY_COUNTS(" CROSS JOIN adres a ON a.nummeraanduiding_id = s.nummeraanduiding_id",
               " AND a.gemeentecode = ?3");

static bool sq_signal_day_counts(sl_store *st, sl_date van, sl_date tot_en_met,
                                 const char *gemeentecode, sl_signal_day_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    if (van == SL_DATE_NONE || tot_en_met == SL_DATE_NONE || tot_en_met < van)
        return sl_store_fail(st, "ongeldige periode voor de signaalcijfers");
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(sq->db, gemeentecode ? sql_gemeente : sql_all, -1, &s, NULL) !=
        SQLITE_OK) {
        sqlite3_finalize(s);
        return db_fail(sq, "signaalcijfers voorbereiden mislukt");
    }
    char from[11], until[11];
    sl_date_format(van, from);
    sl_date_format(tot_en_met + 1, until);
    sqlite3_bind_text(s, 1, from, 10, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, until, 10, SQLITE_STATIC);
    if (gemeentecode)
        sqlite3_bind_text(s, 3, gemeentecode, -1, SQLITE_STATIC);
    int rc = SQLITE_DONE;
    bool ok = true;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *dag = (const char *)sqlite3_column_text(s, 0);
        sl_date d;
        const char *why = NULL;
        if (!dag || !sl_date_parse(dag, (size_t)sqlite3_column_bytes(s, 0), &d, &why)) {
            ok = sl_store_fail(st, "signaal met onleesbaar tijdstip: %s", dag ? dag : "(leeg)");
            break;
        }
        ok = cb(ctx, d, (int32_t)sqlite3_column_int(s, 1), sqlite3_column_int64(s, 2),
                sqlite3_column_int64(s, 3));
    }
    if (ok && rc != SQLITE_DONE)
        ok = db_fail(sq, "signaalcijfers lezen mislukt");
    sqlite3_finalize(s);
    return ok;
}

const sl_signals_ops sq_signals_ops = {
    .signal_ruleset = sq_signal_ruleset,
    .signal_ruleset_versie = sq_signal_ruleset_versie,
    .signal_rules_put = sq_signal_rules_put,
    .signal_unfinished = sq_signal_unfinished,
    .signal_add = sq_signal_add,
    .signal_get = sq_signal_get,
    .signal_update = sq_signal_update,
    .signals_scan = sq_signals_scan,
    .signal_day_counts = sq_signal_day_counts,
    .scan_still_candidates = sq_scan_still_candidates,
    .outbox_add = sq_outbox_add,
    .signal_addressee_add = sq_signal_addressee_add,
    .outbox_claim = sq_outbox_claim,
    .outbox_delivered = sq_outbox_delivered,
    .outbox_failed = sq_outbox_failed,
};
