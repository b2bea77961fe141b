/*
 * signals.c - the PostgreSQL backend of signals and the outbox
 * (store/signals_store.h), as sqlite/signals.c: the active rule set, signals
 * and their addressees, the events for subscribers, and the weekly figures.
 *
 * A signal is read together with its addressees in one statement (a LEFT JOIN,
 * one row per addressee, grouped here), so a scan of the work queue costs one
 * round trip, not one per signal. Moments are timestamptz, handed out in
 * SQLite's text form through the schema's iso_utc().
 *
 * The outbox's events are claimed with FOR UPDATE SKIP LOCKED, so that the
 * workers of several instances share them without handing one out twice
 * (decisions 154, 178).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/pg_int.h"

#define SIGNAL_COLUMNS                                                                      \
    "s.id, s.regel, s.variant, s.regelversie, s.nummeraanduiding_id, s.status, s.tekst,"    \
    " iso_utc(s.aangemaakt_op), s.vervalt_op,"                                               \
    " coalesce(s.afgewezen_door, s.afgerond_door, s.bevestigd_door, ''),"                    \
    " coalesce(iso_utc(s.afgewezen_op), iso_utc(s.afgerond_op), iso_utc(s.bevestigd_op), ''),"\
    " coalesce(s.reden, ''), a.org, a.rol, a.persoon"
/* the signals of WHERE, each with its addressees in order; $n as the caller numbers them */
#define SIGNALS_WHERE(WHERE)                                                                \
    "SELECT " SIGNAL_COLUMNS " FROM signaal s"                                               \
    " LEFT JOIN signaal_adressaat a ON a.signaal_id = s.id" WHERE " ORDER BY s.id, a.volgorde"

static const sl_pg_query q_rules = {
    "signals_rules",
    "SELECT r.versie, r.regel, r.variant, r.trigger, r.conditie, r.aan, r.termijn_dagen,"
    " r.parameter_dagen, r.tekst FROM signaalregel r"
    " JOIN regelset s ON s.soort = 'signaal' AND s.versie = r.versie"
    " WHERE ($1 = 0 AND s.actief) OR r.versie = $1 ORDER BY r.regel, r.variant"};
static const sl_pg_query q_rule_add = {
    "signals_rule_add",
    "INSERT INTO signaalregel (versie, regel, variant, trigger, conditie, aan, termijn_dagen,"
    " parameter_dagen, tekst) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
static const sl_pg_query q_unfinished = {
    "signals_unfinished", "SELECT 1 FROM signaal WHERE regel = $1 AND nummeraanduiding_id = $2"
                          " AND status IN ('open', 'bevestigd') LIMIT 1"};
static const sl_pg_query q_signal_add = {
    "signals_add", "INSERT INTO signaal (regel, variant, regelversie, nummeraanduiding_id, status,"
                   " tekst, vervalt_op, levering_id) VALUES ($1, $2, $3, $4, 'open', $5, $6, $7)"
                   " RETURNING id, iso_utc(aangemaakt_op)"};
static const sl_pg_query q_addressee_add = {
    "signals_addressee_add", "INSERT INTO signaal_adressaat (signaal_id, volgorde, org, rol,"
                             " persoon) VALUES ($1, $2, $3, $4, $5)"};
static const sl_pg_query q_signal_get = {"signals_get", SIGNALS_WHERE(" WHERE s.id = $1")};
/* the transition's moment is the transaction's, as SQLite's 'now' is the statement's */
static const sl_pg_query q_signal_update = {
    "signals_update",
    "UPDATE signaal SET status = $2,"
    " bevestigd_op = CASE WHEN $2 = 'bevestigd' THEN now() ELSE bevestigd_op END,"
    " bevestigd_door = CASE WHEN $2 = 'bevestigd' THEN $3 ELSE bevestigd_door END,"
    " afgerond_op = CASE WHEN $2 = 'afgerond' THEN now() ELSE afgerond_op END,"
    " afgerond_door = CASE WHEN $2 = 'afgerond' THEN $3 ELSE afgerond_door END,"
    " afgewezen_op = CASE WHEN $2 = 'afgewezen' THEN now() ELSE afgewezen_op END,"
    " afgewezen_door = CASE WHEN $2 = 'afgewezen' THEN $3 ELSE afgewezen_door END,"
    " reden = CASE WHEN $2 = 'afgewezen' THEN $4"
    "   WHEN $2 = 'afgerond' THEN coalesce($4, reden) ELSE reden END WHERE id = $1"};
static const sl_pg_query q_still = {
    "signals_still", "SELECT nummeraanduiding_id FROM classificatie"
                     " WHERE potentieel = 'beide_lopend' ORDER BY nummeraanduiding_id"};
static const sl_pg_query q_outbox = {
    "signals_outbox", "INSERT INTO outbox (soort, onderwerp, sleutel, gegevens)"
                      " VALUES ($1, $2, $3, $4)"};

/*
 * The scan's filters: one statement per combination, its WHERE clause put
 * together from fixed fragments, the values only ever parameters, numbered in
 * the order regel, status, address as signals_scan adds them. Each
 * combination gets its own plan: the address's index, signaal_status, or the
 * primary key's order.
 */
enum { F_REGEL = 1, F_STATUS = 2, F_ADDRESS = 4, F_ALL = 8 };
static const sl_pg_query q_scan[F_ALL] = {
    [0] = {"signals_scan", SIGNALS_WHERE("")},
    [F_REGEL] = {"signals_scan_r", SIGNALS_WHERE(" WHERE s.regel = $1")},
    [F_STATUS] = {"signals_scan_s", SIGNALS_WHERE(" WHERE s.status = $1")},
    [F_REGEL | F_STATUS] = {"signals_scan_rs",
                            SIGNALS_WHERE(" WHERE s.regel = $1 AND s.status = $2")},
    [F_ADDRESS] = {"signals_scan_a", SIGNALS_WHERE(" WHERE s.nummeraanduiding_id = $1")},
    [F_REGEL | F_ADDRESS] = {"signals_scan_ra", SIGNALS_WHERE(" WHERE s.regel = $1"
                                                              " AND s.nummeraanduiding_id = $2")},
    [F_STATUS | F_ADDRESS] = {"signals_scan_sa",
                              SIGNALS_WHERE(" WHERE s.status = $1"
                                            " AND s.nummeraanduiding_id = $2")},
    [F_REGEL | F_STATUS | F_ADDRESS] = {
        "signals_scan_rsa", SIGNALS_WHERE(" WHERE s.regel = $1 AND s.status = $2"
                                          " AND s.nummeraanduiding_id = $3")},
};

/* ---- the rule set ------------------------------------------------------------------ */

static bool parse_rule(const PGresult *res, int row, sl_signal_rule *rule)
{
    const char *trigger = sl_pg_col_text(res, row, 3);
    const char *conditie = sl_pg_col_text(res, row, 4);
    const char *aan = sl_pg_col_text(res, row, 5);
    memset(rule, 0, sizeof *rule);
    rule->regel = (int32_t)sl_pg_col_int(res, row, 1);
    pg_col_copy(res, row, 2, rule->variant, sizeof rule->variant);
    rule->termijn_dagen = (int)sl_pg_col_int(res, row, 6);
    rule->parameter_dagen = (int)sl_pg_col_int(res, row, 7);
    pg_col_copy(res, row, 8, rule->tekst, sizeof rule->tekst);
    return sl_trigger_parse(trigger, strlen(trigger), &rule->trigger) &&
           sl_condition_parse(conditie, strlen(conditie), &rule->conditie) &&
           sl_addressees_parse(aan, strlen(aan), &rule->aan);
}

/* Version versie of the signal rules, or the active one for 0. */
static bool read_rules(sl_store *st, int32_t versie, sl_ruleset *out)
{
    pg_store *ps = PGS(st);
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, versie);
    PGresult *res = pg_query(ps, &q_rules, &p, "signaalregels lezen mislukt");
    if (!res)
        return false;
    memset(out, 0, sizeof *out);
    bool bad = false;
    for (int i = 0; i < PQntuples(res); i++) {
        if (out->n >= SL_RULES_MAX) {
            bad = true;
            break;
        }
        out->version = (int)sl_pg_col_int(res, i, 0);
        if (!parse_rule(res, i, &out->rules[out->n]))
            bad = true;
        out->n++;
    }
    PQclear(res);
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

static bool pg_signal_ruleset(sl_store *st, sl_ruleset *out) { return read_rules(st, 0, out); }

static bool pg_signal_ruleset_versie(sl_store *st, int32_t versie, sl_ruleset *out, bool *found)
{
    if (versie <= 0 || !read_rules(st, versie, out))
        return versie <= 0 ? (*found = false, true) : false;
    *found = out->n > 0;
    return true;
}

static bool pg_signal_rules_put(sl_store *st, const sl_ruleset *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        const sl_signal_rule *r = &rs->rules[i];
        char aan[128];
        sl_addressees_format(r->aan, aan, sizeof aan);
        sl_pg_params p;
        sl_pg_params_init(&p);
        sl_pg_param_int(&p, rs->version);
        sl_pg_param_int(&p, r->regel);
        sl_pg_param_text(&p, r->variant);
        sl_pg_param_text(&p, sl_trigger_name(r->trigger));
        sl_pg_param_text(&p, sl_condition_name(r->conditie));
        sl_pg_param_text(&p, aan);
        sl_pg_param_int(&p, r->termijn_dagen);
        sl_pg_param_int(&p, r->parameter_dagen);
        sl_pg_param_text(&p, r->tekst);
        if (!pg_run(PGS(st), &q_rule_add, &p, "signaalregels vastleggen mislukt"))
            return false;
    }
    return true;
}

/* ---- signals ------------------------------------------------------------------------ */

static bool pg_signal_unfinished(sl_store *st, int32_t regel, int64_t address_id, bool *exists)
{
    pg_store *ps = PGS(st);
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, regel);
    sl_pg_param_int(&p, address_id);
    PGresult *res = pg_query(ps, &q_unfinished, &p, "signalen lezen mislukt");
    *exists = res && PQntuples(res) > 0;
    PQclear(res);
    return res != NULL;
}

static bool pg_signal_addressee_add(sl_store *st, int64_t signal_id, int volgorde,
                                    const sl_addressee *a)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, signal_id);
    sl_pg_param_int(&p, volgorde);
    sl_pg_param_text(&p, sl_org_name(a->org));
    sl_pg_param_text(&p, a->rol);
    sl_pg_param_text(&p, a->persoon);
    return pg_run(PGS(st), &q_addressee_add, &p, "adressaat opslaan mislukt");
}

static bool pg_signal_add(sl_store *st, sl_signal *sig, int64_t delivery_id)
{
    pg_store *ps = PGS(st);
    char due[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, sig->regel);
    sl_pg_param_text(&p, sig->variant);
    sl_pg_param_int(&p, sig->regelversie);
    sl_pg_param_int(&p, sig->address_id);
    sl_pg_param_text(&p, sig->tekst);
    pg_param_date(&p, sig->vervalt_op, due);
    pg_param_id_or_null(&p, delivery_id);
    PGresult *res = pg_query(ps, &q_signal_add, &p, "signaal opslaan mislukt");
    if (!res)
        return false;
    sig->id = sl_pg_col_int(res, 0, 0);
    pg_col_copy(res, 0, 1, sig->aangemaakt_op, sizeof sig->aangemaakt_op);
    PQclear(res);
    for (size_t i = 0; i < sig->n_aan; i++)
        if (!pg_signal_addressee_add(st, sig->id, (int)i, &sig->aan[i]))
            return false;
    return true;
}

static const char *const roles[] = {"svip", "zaakbegeleider", "bewonersbegeleider",
                                    "coordinator", "interventieteam"};

/* Reads SIGNAL_COLUMNS of `row` without the addressee. */
static void read_signal(const PGresult *res, int row, sl_signal *out)
{
    memset(out, 0, sizeof *out);
    out->id = sl_pg_col_int(res, row, 0);
    out->regel = (int32_t)sl_pg_col_int(res, row, 1);
    pg_col_copy(res, row, 2, out->variant, sizeof out->variant);
    out->regelversie = (int32_t)sl_pg_col_int(res, row, 3);
    out->address_id = sl_pg_col_int(res, row, 4);
    const char *status = sl_pg_col_text(res, row, 5);
    sl_signal_status_parse(status, strlen(status), &out->status);
    pg_col_copy(res, row, 6, out->tekst, sizeof out->tekst);
    pg_col_copy(res, row, 7, out->aangemaakt_op, sizeof out->aangemaakt_op);
    out->vervalt_op = pg_col_date(res, row, 8);
    pg_col_copy(res, row, 9, out->gewijzigd_door, sizeof out->gewijzigd_door);
    pg_col_copy(res, row, 10, out->gewijzigd_op, sizeof out->gewijzigd_op);
    pg_col_copy(res, row, 11, out->reden, sizeof out->reden);
}

/* Adds the addressee of `row` (none: a signal without addressees). */
static void read_addressee(const PGresult *res, int row, sl_signal *out)
{
    if (sl_pg_col_null(res, row, 12) || out->n_aan >= SL_ADDRESSEES_MAX)
        return;
    sl_addressee *ad = &out->aan[out->n_aan++];
    const char *org = sl_pg_col_text(res, row, 12);
    ad->org = strcmp(org, "IMG") == 0 ? SL_ORG_IMG : strcmp(org, "NCG") == 0 ? SL_ORG_NCG
                                                                             : SL_ORG_BEIDE;
    const char *rol = sl_pg_col_text(res, row, 13);
    ad->rol = "svip";
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (strcmp(rol, roles[i]) == 0)
            ad->rol = roles[i];
    pg_col_copy(res, row, 14, ad->persoon, sizeof ad->persoon);
}

/* Reads the signal starting at *row with its addressees; *row moves past them. */
static void read_signal_rows(const PGresult *res, int *row, sl_signal *out)
{
    read_signal(res, *row, out);
    int n = PQntuples(res);
    for (; *row < n && sl_pg_col_int(res, *row, 0) == out->id; (*row)++)
        read_addressee(res, *row, out);
}

static bool pg_signal_get(sl_store *st, int64_t id, sl_signal *out, bool *found)
{
    pg_store *ps = PGS(st);
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    PGresult *res = pg_query(ps, &q_signal_get, &p, "signaal lezen mislukt");
    *found = res && PQntuples(res) > 0;
    if (*found) {
        int row = 0;
        read_signal_rows(res, &row, out);
    }
    PQclear(res);
    return res != NULL;
}

static bool pg_signal_update(sl_store *st, const sl_signal *sig)
{
    pg_store *ps = PGS(st);
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, sig->id);
    sl_pg_param_text(&p, sl_signal_status_name(sig->status));
    sl_pg_param_text(&p, sig->gewijzigd_door);
    pg_param_text_or_null(&p, sig->reden);
    return pg_run(ps, &q_signal_update, &p, "signaal bijwerken mislukt");
}

/* A scan's signal being read: its rows (one per addressee) may come in two
 * batches of pg_scan, so it is handed on when the next signal's row arrives. */
typedef struct scan_ctx {
    sl_signal_cb cb;
    void *ctx;
    bool pending;
    sl_signal sig;
} scan_ctx;

static bool scan_row(void *ctx, const PGresult *res, int row)
{
    scan_ctx *sc = ctx;
    if (sc->pending && sl_pg_col_int(res, row, 0) == sc->sig.id) {
        read_addressee(res, row, &sc->sig);
        return true;
    }
    if (sc->pending && !sc->cb(sc->ctx, &sc->sig))
        return false;
    read_signal(res, row, &sc->sig);
    read_addressee(res, row, &sc->sig);
    sc->pending = true;
    return true;
}

/*
 * One address's signals are a few rows: one prepared statement in one round
 * trip, where pg_scan inside a transaction would declare a cursor (planned
 * anew each time), fetch and close it. A signal run reads them for every
 * address of a delivery.
 */
static bool scan_small(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, scan_ctx *sc)
{
    PGresult *res = pg_query(ps, q, p, "signalen lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int r = 0; ok && r < PQntuples(res); r++)
        ok = scan_row(sc, res, r);
    PQclear(res);
    return ok;
}

static bool pg_signals_scan(sl_store *st, const sl_signal_filter *f, sl_signal_cb cb, void *ctx)
{
    pg_store *ps = PGS(st);
    sl_pg_params p;
    sl_pg_params_init(&p);
    int which = 0;
    if (f->regel) {
        which |= F_REGEL;
        sl_pg_param_int(&p, f->regel);
    }
    if (f->status >= 0) {
        which |= F_STATUS;
        sl_pg_param_text(&p, sl_signal_status_name((sl_signal_status)f->status));
    }
    if (f->address_id) {
        which |= F_ADDRESS;
        sl_pg_param_int(&p, f->address_id);
    }
    scan_ctx sc = {.cb = cb, .ctx = ctx, .pending = false};
    return (f->address_id ? scan_small(ps, &q_scan[which], &p, &sc)
                          : pg_scan(ps, &q_scan[which], &p, "signalen lezen mislukt",
                                    scan_row, &sc)) &&
           (!sc.pending || cb(ctx, &sc.sig));
}

static bool pg_scan_still_candidates(sl_store *st, sl_address_cb cb, void *ctx)
{
    pg_store *ps = PGS(st);
    PGresult *res = pg_query(ps, &q_still, NULL, "dossiers lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int i = 0; ok && i < PQntuples(res); i++)
        ok = cb(ctx, sl_pg_col_int(res, i, 0));
    PQclear(res);
    return ok;
}

static bool pg_outbox_add(sl_store *st, const char *soort, const char *onderwerp,
                          const char *sleutel, const char *gegevens)
{
    pg_store *ps = PGS(st);
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, soort ? soort : "");
    sl_pg_param_text(&p, onderwerp ? onderwerp : "");
    sl_pg_param_text(&p, sleutel ? sleutel : "");
    sl_pg_param_text(&p, gegevens ? gegevens : "");
    return pg_run(ps, &q_outbox, &p, "gebeurtenis vastleggen mislukt");
}

/* ---- the outbox's delivery (decision 178) ---------------------------------------------- */

/* One statement, outside the register's writer lock (decision 143): a claim
 * never waits for an import. The inner SELECT locks the due rows it picks and
 * skips those another claim has locked; a row claimed and committed since this
 * statement's snapshot is re-checked against the WHERE on its new version
 * (READ COMMITTED) and dropped, so no event goes to two workers. */
static const sl_pg_query q_outbox_claim = {
    "signals_outbox_claim",
    "UPDATE outbox o SET bezorger = $1, pogingen = o.pogingen + 1,"
    " geclaimd_tot = now() + $2::bigint * interval '1 millisecond'"
    " FROM (SELECT id FROM outbox WHERE verzonden_op IS NULL"
    "  AND (geclaimd_tot IS NULL OR geclaimd_tot <= now())"
    "  AND (volgende_poging IS NULL OR volgende_poging <= now())"
    "  ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) d"
    " WHERE o.id = d.id"
    " RETURNING o.id, iso_utc_ms(o.aangemaakt_op), o.soort, o.onderwerp, o.sleutel,"
    " o.gegevens, o.pogingen"};
static const sl_pg_query q_outbox_delivered = {
    "signals_outbox_delivered",
    "UPDATE outbox SET verzonden_op = now(), bezorger = NULL, geclaimd_tot = NULL"
    " WHERE id = $1 AND bezorger = $2 AND verzonden_op IS NULL RETURNING id"};
static const sl_pg_query q_outbox_failed = {
    "signals_outbox_failed",
    "UPDATE outbox SET bezorger = NULL, geclaimd_tot = NULL, laatste_fout = $3,"
    " volgende_poging = now() + $4::bigint * interval '1 millisecond'"
    " WHERE id = $1 AND bezorger = $2 AND verzonden_op IS NULL RETURNING id"};

static int by_id(const void *a, const void *b)
{
    int64_t x = ((const sl_outbox_message *)a)->id, y = ((const sl_outbox_message *)b)->id;
    return (x > y) - (x < y);
}

static bool pg_outbox_claim(sl_store *st, const char *bezorger, int max, int64_t lease_ms,
                            sl_outbox_batch *out)
{
    pg_store *ps = PGS(st);
    /* a read snapshot is a transaction too, and a read-only one */
    if (ps->in_write || ps->read_depth > 0)
        return sl_store_fail(st, "gebeurtenissen claimen kan niet binnen een transactie");
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, bezorger);
    sl_pg_param_int(&p, lease_ms);
    sl_pg_param_int(&p, max);
    PGresult *res = pg_query(ps, &q_outbox_claim, &p, "gebeurtenissen claimen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int i = 0; ok && i < PQntuples(res); i++)
        ok = sl_outbox_batch_add(out, (size_t)max, sl_pg_col_int(res, i, 0),
                                 sl_pg_col_text(res, i, 1), sl_pg_col_text(res, i, 2),
                                 sl_pg_col_text(res, i, 3), sl_pg_col_text(res, i, 4),
                                 sl_pg_col_text(res, i, 5), (int32_t)sl_pg_col_int(res, i, 6));
    PQclear(res);
    if (!ok) {
        /* the claim is committed: its events come back when their lease lapses */
        sl_outbox_batch_free(out);
        return sl_store_fail(st, "gebeurtenissen claimen mislukt: onvoldoende geheugen");
    }
    /* RETURNING gives the rows in no promised order */
    if (out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, by_id);
    return true;
}

static bool outbox_settle(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, bool *held)
{
    PGresult *res = pg_query(ps, q, p, "gebeurtenis bijwerken mislukt");
    if (!res)
        return false;
    *held = PQntuples(res) == 1;
    PQclear(res);
    return true;
}

static bool pg_outbox_delivered(sl_store *st, int64_t id, const char *bezorger, bool *held)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    sl_pg_param_text(&p, bezorger);
    return outbox_settle(PGS(st), &q_outbox_delivered, &p, held);
}

static bool pg_outbox_failed(sl_store *st, int64_t id, const char *bezorger, int64_t retry_ms,
                             const char *reden, bool *held)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    sl_pg_param_text(&p, bezorger);
    sl_pg_param_text(&p, reden ? reden : "");
    sl_pg_param_int(&p, retry_ms);
    return outbox_settle(PGS(st), &q_outbox_failed, &p, held);
}

/* ---- the weekly figures -------------------------------------------------------------- */

/* $1 the first day, $2 the day after the last, as UTC midnights, so that both
 * halves are ranges of the indexes signaal_aangemaakt and signaal_afgehandeld
 * (on coalesce(afgerond_op, afgewezen_op)); $3 gemeentecode. */
#define HANDLED "coalesce(s.afgerond_op, s.afgewezen_op)"
#define UTC_DAY(X) "to_char((" X ") AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
#define FROM_DAY(N) "(($" #N "::date)::timestamp AT TIME ZONE 'UTC')"
#define DAY_COUNTS(JOIN, WHERE)                                                              \
    "SELECT dag, regel, sum(aangemaakt), sum(afgehandeld) FROM ("                            \
    " SELECT " UTC_DAY("s.aangemaakt_op") " AS dag, s.regel AS regel, 1 AS aangemaakt,"      \
    "  0 AS afgehandeld FROM signaal s" JOIN                                                 \
    "  WHERE s.aangemaakt_op >= " FROM_DAY(1) " AND s.aangemaakt_op < " FROM_DAY(2) WHERE    \
    " UNION ALL"                                                                             \
    " SELECT " UTC_DAY(HANDLED) ", s.regel, 0, 1 FROM signaal s" JOIN                        \
    "  WHERE " HANDLED " >= " FROM_DAY(1) " AND " HANDLED " < " FROM_DAY(2) WHERE            \
    ") d GROUP BY dag, regel ORDER BY dag, regel"

static const sl_pg_query q_day_counts_all = {"signals_day_counts", DAY_COUNTS("", "")};
static const sl_pg_query q_day_counts_gemeente = {
    "signals_day_counts_gemeente",
    DAY_COUNTS(" JOIN adres a ON a.nummeraanduiding_id = s.nummeraanduiding_id",
               " AND a.gemeentecode = $3")};

static bool pg_signal_day_counts(sl_store *st, sl_date van, sl_date tot_en_met,
                                 const char *gemeentecode, sl_signal_day_cb cb, void *ctx)
{
    pg_store *ps = PGS(st);
    if (van == SL_DATE_NONE || tot_en_met == SL_DATE_NONE || tot_en_met < van)
        return sl_store_fail(st, "ongeldige periode voor de signaalcijfers");
    char from[11], until[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    pg_param_date(&p, van, from);
    pg_param_date(&p, tot_en_met + 1, until);
    if (gemeentecode)
        sl_pg_param_text(&p, gemeentecode);
    PGresult *res = pg_query(ps, gemeentecode ? &q_day_counts_gemeente : &q_day_counts_all, &p,
                             "signaalcijfers lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    for (int i = 0; ok && i < PQntuples(res); i++) {
        const char *dag = sl_pg_col_text(res, i, 0);
        sl_date d;
        const char *why = NULL;
        if (!sl_date_parse(dag, strlen(dag), &d, &why)) {
            ok = sl_store_fail(st, "signaal met onleesbaar tijdstip: %s", *dag ? dag : "(leeg)");
            break;
        }
        ok = cb(ctx, d, (int32_t)sl_pg_col_int(res, i, 1), sl_pg_col_int(res, i, 2),
                sl_pg_col_int(res, i, 3));
    }
    PQclear(res);
    return ok;
}

const sl_signals_ops pg_signals_ops = {
    .signal_ruleset = pg_signal_ruleset,
    .signal_ruleset_versie = pg_signal_ruleset_versie,
    .signal_rules_put = pg_signal_rules_put,
    .signal_unfinished = pg_signal_unfinished,
    .signal_add = pg_signal_add,
    .signal_get = pg_signal_get,
    .signal_update = pg_signal_update,
    .signals_scan = pg_signals_scan,
    .signal_day_counts = pg_signal_day_counts,
    .scan_still_candidates = pg_scan_still_candidates,
    .outbox_add = pg_outbox_add,
    .signal_addressee_add = pg_signal_addressee_add,
    .outbox_claim = pg_outbox_claim,
    .outbox_delivered = pg_outbox_delivered,
    .outbox_failed = pg_outbox_failed,
};

/* For the address view (pg/views.c): SIGNAL_COLUMNS of one row. */
void pg_read_signal(const PGresult *res, int row, sl_signal *out) { read_signal(res, row, out); }

void pg_read_addressee(const PGresult *res, int row, sl_signal *out)
{
    read_addressee(res, row, out);
}
