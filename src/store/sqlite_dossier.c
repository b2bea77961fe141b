/*
 * sqlite_dossier.c - the SQLite backend's part for combination dossiers,
 * signals, the outbox and reading one address's whole dossier.
 * Shares the handle and helpers of sqlite_store.c through sqlite_int.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "store/sqlite_int.h"

enum {
    D_FACTS_TRAJ, D_FACTS_CLAIMS, D_FACTS_LEAD, D_FACTS_CLASS, D_FACTS_DECLINED,
    D_DOSSIER_GET, D_DOSSIER_INSERT, D_DOSSIER_UPDATE, D_DOSSIER_BASELINE,
    D_ELEMENT_PUT, D_ELEMENTS_OF,
    D_RULES, D_UNFINISHED, D_SIGNAL_ADD, D_ADDRESSEE_ADD, D_SIGNAL_GET, D_ADDRESSEES_OF,
    D_SIGNAL_UPDATE, D_SIGNALS_SCAN, D_SIGNALS_OF_ADDRESS, D_STILL, D_OUTBOX,
    D_DELIVERIES, D_DELIVERY_GET, D_REJECTS_OF,
    D_ADDRESS_GET, D_ADDRESS_BY_KEY, D_TRAJ_OF, D_CLAIMS_OF, D_HISTORY_OF,
    D_CLAIM_GET, D_TRAJ_GET, D_CLAIM_UPDATE, D_TRAJ_UPDATE, D_CLASS_GET, D_DAMAGE_ADD,
    D_COUNT
};
_Static_assert(D_COUNT <= SQ_DOSSIER_SLOTS, "raise SQ_DOSSIER_SLOTS");

#define SIGNAL_COLUMNS                                                                      \
    "id, regel, variant, regelversie, nummeraanduiding_id, status, tekst, aangemaakt_op,"   \
    " vervalt_op, coalesce(afgewezen_door, afgerond_door, bevestigd_door, ''),"              \
    " coalesce(afgewezen_op, afgerond_op, bevestigd_op, ''), coalesce(reden, '')"

/* Columns 0-9 of a claim / trajectory, read by read_claim / read_trajectory. */
#define CLAIM_COLUMNS                                                                       \
    "img_id, regeling, fase, fase_sinds, ontvangen_op, urgent, aos, aos_gegrond,"           \
    " zaakbegeleider, besluit_bedrag"
#define TRAJ_COLUMNS                                                                        \
    "ncg_id, stap, stap_sinds, risicoprofiel, batch, programma, bijzondere_situatie,"      \
    " keuze_bewoner, bewonersbegeleider, aannemersovereenkomst"

#define DELIVERY_COLUMNS                                                                    \
    "id, bestand, soort, gestart_op, rijen, geimporteerd, afgewezen, afwezig, nieuw,"          \
    " gewijzigd, ongewijzigd, status, geleverd_door, afgehandeld_door, toegepast_in,"        \
    " wordt_afwezig, huidig"

static const char *const dsql[D_COUNT] = {
    [D_FACTS_TRAJ] = "SELECT stap, bijzondere_situatie, stap_sinds, bewonersbegeleider"
                     " FROM traject WHERE nummeraanduiding_id = ?1 AND afwezig = 0",
    [D_FACTS_CLAIMS] =
        "SELECT count(*), coalesce(sum(fase <> 'afgehandeld'), 0),"
        " coalesce(sum(fase <> 'afgehandeld' AND urgent = 1), 0),"
        " coalesce(sum(aos = 1 AND aos_gegrond = 1), 0), max(fase_sinds)"
        " FROM schade WHERE nummeraanduiding_id = ?1 AND afwezig = 0",
    [D_FACTS_LEAD] = "SELECT zaakbegeleider FROM schade WHERE nummeraanduiding_id = ?1"
                     " AND afwezig = 0 ORDER BY fase <> 'afgehandeld' DESC,"
                     " coalesce(fase_sinds, '') DESC, id DESC LIMIT 1",
    [D_FACTS_CLASS] = "SELECT potentieel, groep FROM classificatie WHERE nummeraanduiding_id = ?1",
    [D_FACTS_DECLINED] = "SELECT 1 FROM dossierelement WHERE nummeraanduiding_id = ?1"
                         " AND element = 'totaalopname' AND status = 'afgewezen'",
    [D_DOSSIER_GET] = "SELECT zaakbegeleider, bewonersbegeleider, coordinator, samenwerking,"
                      " actueel, versie, aangemaakt_op, gewijzigd_op, coordinator_id"
                      " FROM combinatiedossier"
                      " WHERE nummeraanduiding_id = ?1",
    [D_DOSSIER_INSERT] = "INSERT INTO combinatiedossier (nummeraanduiding_id, zaakbegeleider,"
                         " bewonersbegeleider, coordinator, samenwerking, actueel,"
                         " coordinator_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [D_DOSSIER_UPDATE] =
        "UPDATE combinatiedossier SET zaakbegeleider = ?2, bewonersbegeleider = ?3,"
        " coordinator = ?4, samenwerking = ?5, actueel = ?6, coordinator_id = ?7,"
        " versie = versie + 1,"
        " gewijzigd_op = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE nummeraanduiding_id = ?1",
    [D_DOSSIER_BASELINE] =
        "INSERT INTO combinatiedossier (nummeraanduiding_id, zaakbegeleider, bewonersbegeleider)"
        " SELECT c.nummeraanduiding_id,"
        "  coalesce((SELECT s.zaakbegeleider FROM schade s WHERE s.nummeraanduiding_id ="
        "   c.nummeraanduiding_id AND s.afwezig = 0 ORDER BY s.fase <> 'afgehandeld' DESC,"
        "   coalesce(s.fase_sinds, '') DESC, s.id DESC LIMIT 1), ''),"
        "  coalesce((SELECT t.bewonersbegeleider FROM traject t WHERE t.nummeraanduiding_id ="
        "   c.nummeraanduiding_id AND t.afwezig = 0), '')"
        " FROM classificatie c WHERE c.potentieel <> 'geen_schademelding'"
        " ON CONFLICT (nummeraanduiding_id) DO UPDATE SET"
        "  zaakbegeleider = excluded.zaakbegeleider,"
        "  bewonersbegeleider = excluded.bewonersbegeleider, actueel = 1",
    [D_ELEMENT_PUT] =
        "INSERT INTO dossierelement (nummeraanduiding_id, element, status, gevraagd_op,"
        " geregeld_op, afgewezen_op, door) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        " ON CONFLICT (nummeraanduiding_id, element) DO UPDATE SET status = excluded.status,"
        " gevraagd_op = coalesce(excluded.gevraagd_op, gevraagd_op),"
        " geregeld_op = coalesce(excluded.geregeld_op, geregeld_op),"
        " afgewezen_op = coalesce(excluded.afgewezen_op, afgewezen_op), door = excluded.door,"
        " gewijzigd_op = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
    [D_ELEMENTS_OF] = "SELECT element, status, gevraagd_op, geregeld_op, afgewezen_op, door"
                      " FROM dossierelement WHERE nummeraanduiding_id = ?1 ORDER BY element",
    [D_RULES] = "SELECT r.versie, r.regel, r.variant, r.trigger, r.conditie, r.aan,"
                " r.termijn_dagen, r.parameter_dagen, r.tekst FROM signaalregel r"
                " JOIN regelset s ON s.soort = 'signaal' AND s.actief = 1 AND s.versie = r.versie"
                " ORDER BY r.regel, r.variant",
    [D_UNFINISHED] = "SELECT 1 FROM signaal WHERE regel = ?1 AND nummeraanduiding_id = ?2"
                     " AND status IN ('open', 'bevestigd')",
    [D_SIGNAL_ADD] = "INSERT INTO signaal (regel, variant, regelversie, nummeraanduiding_id,"
                     " status, tekst, vervalt_op, levering_id)"
                     " VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6, ?7)"
                     " RETURNING id, aangemaakt_op",
    [D_ADDRESSEE_ADD] = "INSERT INTO signaal_adressaat (signaal_id, volgorde, org, rol, persoon)"
                        " VALUES (?1, ?2, ?3, ?4, ?5)",
    [D_SIGNAL_GET] = "SELECT " SIGNAL_COLUMNS " FROM signaal WHERE id = ?1",
    [D_ADDRESSEES_OF] = "SELECT org, rol, persoon FROM signaal_adressaat WHERE signaal_id = ?1"
                        " ORDER BY volgorde",
    [D_SIGNAL_UPDATE] =
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
        " reden = CASE WHEN ?2 = 'afgewezen' THEN ?4 ELSE reden END WHERE id = ?1",
    [D_SIGNALS_SCAN] = "SELECT " SIGNAL_COLUMNS " FROM signaal WHERE (?1 = 0 OR regel = ?1)"
                       " AND (?2 IS NULL OR status = ?2) AND (?3 = 0 OR nummeraanduiding_id = ?3)"
                       " ORDER BY id",
    /* a separate statement so that an address's signals come from its index, not a scan */
    [D_SIGNALS_OF_ADDRESS] = "SELECT " SIGNAL_COLUMNS " FROM signaal"
                             " WHERE nummeraanduiding_id = ?3 AND (?1 = 0 OR regel = ?1)"
                             " AND (?2 IS NULL OR status = ?2) ORDER BY id",
    [D_STILL] = "SELECT nummeraanduiding_id FROM classificatie WHERE potentieel = 'beide_lopend'"
                " ORDER BY nummeraanduiding_id",
    [D_OUTBOX] = "INSERT INTO outbox (soort, onderwerp, sleutel, gegevens) VALUES (?1, ?2, ?3, ?4)",
    [D_ADDRESS_GET] =
        "SELECT verblijfsobject_id, pand_id, coalesce(straat, ''), huisnummer, huisletter,"
        " toevoeging, postcode, coalesce(woonplaats, ''), gemeentecode, x, y,"
        " coalesce(bouwjaar, 0), kern, sleutel, afwezig FROM adres WHERE nummeraanduiding_id = ?1",
    [D_DELIVERIES] = "SELECT " DELIVERY_COLUMNS " FROM levering ORDER BY id DESC",
    [D_DELIVERY_GET] = "SELECT " DELIVERY_COLUMNS " FROM levering WHERE id = ?1",
    [D_REJECTS_OF] = "SELECT regel, kolom, reden FROM afwijzing WHERE levering_id = ?1"
                     " ORDER BY regel, id",
    [D_ADDRESS_BY_KEY] = "SELECT nummeraanduiding_id FROM adres WHERE sleutel = ?1"
                         " ORDER BY afwezig, nummeraanduiding_id",
    [D_TRAJ_OF] = "SELECT " TRAJ_COLUMNS ", afwezig FROM traject WHERE nummeraanduiding_id = ?1"
                  " ORDER BY afwezig, id",
    [D_CLAIMS_OF] = "SELECT " CLAIM_COLUMNS ", afwezig FROM schade"
                    " WHERE nummeraanduiding_id = ?1 ORDER BY afwezig, ontvangen_op, id",
    [D_CLAIM_GET] = "SELECT " CLAIM_COLUMNS ", afwezig, id, nummeraanduiding_id, versie"
                    " FROM schade WHERE img_id = ?1",
    [D_TRAJ_GET] = "SELECT " TRAJ_COLUMNS ", afwezig, id, nummeraanduiding_id, versie"
                   " FROM traject WHERE ncg_id = ?1",
    /* the version check is the WHERE clause: no row comes back when it moved on */
    [D_CLAIM_UPDATE] = "UPDATE schade SET fase = ?3, fase_sinds = ?4, urgent = ?5,"
                       " zaakbegeleider = ?6, vingerafdruk = ?7, versie = versie + 1"
                       " WHERE id = ?1 AND versie = ?2 RETURNING versie",
    [D_TRAJ_UPDATE] = "UPDATE traject SET stap = ?3, stap_sinds = ?4, bijzondere_situatie = ?5,"
                      " bewonersbegeleider = ?6, aannemersovereenkomst = ?7, vingerafdruk = ?8,"
                      " versie = versie + 1 WHERE id = ?1 AND versie = ?2 RETURNING versie",
    [D_CLASS_GET] = "SELECT stap, fase, potentieel, groep, matrixversie FROM classificatie"
                    " WHERE nummeraanduiding_id = ?1",
    [D_DAMAGE_ADD] = "INSERT INTO schademelding_aannemer (ncg_id, nummeraanduiding_id,"
                     " omschrijving, gemeld_op, door) VALUES (?1, ?2, ?3, ?4, ?5)"
                     " RETURNING id, aangemaakt_op",
    /* Four index lookups without ORDER BY, sorted by id in sq_history_of_address: the
     * same rows as "onderwerp IN (...) OR sleutel IN (SELECT ...)", without the
     * temporary tables that form needs for its lists and its ORDER BY on every call.
     * CROSS JOIN keeps the planner from scanning every trajectory's or claim's history. */
    [D_HISTORY_OF] =
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
};

static sqlite3_stmt *dstmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->dstmt[q], dsql[q]);
}

/* ---- reading columns ---------------------------------------------------------- */

static sl_date col_date(sqlite3_stmt *s, int i)
{
    sl_date d;
    const char *why;
    const char *t = (const char *)sqlite3_column_text(s, i);
    if (!t || !sl_date_parse(t, (size_t)sqlite3_column_bytes(s, i), &d, &why))
        return SL_DATE_NONE;
    return d;
}

static sl_flag col_flag(sqlite3_stmt *s, int i)
{
    if (sqlite3_column_type(s, i) == SQLITE_NULL)
        return SL_FLAG_UNKNOWN;
    return sqlite3_column_int(s, i) ? SL_FLAG_JA : SL_FLAG_NEE;
}

static int step_row(sqlite_store *sq, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_fail(sq, what);
        return -1;
    }
    return rc == SQLITE_ROW;
}

static void done(sqlite3_stmt *s)
{
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

/* ---- combination dossiers -------------------------------------------------------- */

bool sq_dossier_facts(sl_store *st, int64_t address_id, sl_dossier_facts *out)
{
    sqlite_store *sq = SQ(st);
    memset(out, 0, sizeof *out);
    out->last_change = SL_DATE_NONE;
    out->view.bijzondere_situatie = SL_FLAG_UNKNOWN;
    sqlite3_stmt *s = dstmt(sq, D_FACTS_TRAJ);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    int r = step_row(sq, s, "dossier lezen mislukt");
    if (r > 0) {
        sl_stap stap;
        if (sl_stap_parse((const char *)sqlite3_column_text(s, 0),
                          (size_t)sqlite3_column_bytes(s, 0), &stap)) {
            out->view.has_trajectory = true;
            out->view.stap = stap;
        }
        out->view.bijzondere_situatie = col_flag(s, 1);
        out->last_change = col_date(s, 2);
        col_copy(s, 3, out->bewonersbegeleider, sizeof out->bewonersbegeleider);
    }
    done(s);
    if (r < 0 || !(s = dstmt(sq, D_FACTS_CLAIMS)))
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    r = step_row(sq, s, "dossier lezen mislukt");
    if (r > 0) {
        out->view.claims_total = sqlite3_column_int(s, 0);
        out->view.claims_open = sqlite3_column_int(s, 1);
        out->view.claims_open_urgent = sqlite3_column_int(s, 2);
        out->view.claims_aos_gegrond = sqlite3_column_int(s, 3);
        sl_date last_claim = col_date(s, 4);
        if (last_claim != SL_DATE_NONE &&
            (out->last_change == SL_DATE_NONE || last_claim > out->last_change))
            out->last_change = last_claim;
    }
    done(s);
    if (r < 0 || !(s = dstmt(sq, D_FACTS_LEAD)))
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    r = step_row(sq, s, "dossier lezen mislukt");
    if (r > 0)
        col_copy(s, 0, out->zaakbegeleider, sizeof out->zaakbegeleider);
    done(s);
    if (r < 0 || !(s = dstmt(sq, D_FACTS_CLASS)))
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    r = step_row(sq, s, "dossier lezen mislukt");
    if (r > 0) {
        const char *pot = (const char *)sqlite3_column_text(s, 0);
        for (int p = 0; pot && p < SL_POT_COUNT; p++)
            if (strcmp(pot, sl_potentieel_name((sl_potentieel)p)) == 0)
                out->view.potentieel = (sl_potentieel)p;
        const char *g = (const char *)sqlite3_column_text(s, 1);
        out->view.groep = g && g[0] >= 'A' && g[0] <= 'F' ? (sl_groep)(SL_GROEP_A + (g[0] - 'A'))
                                                          : SL_GROEP_NONE;
    }
    done(s);
    if (r < 0 || !(s = dstmt(sq, D_FACTS_DECLINED)))
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    r = step_row(sq, s, "dossier lezen mislukt");
    out->view.opname_geweigerd = r > 0;
    done(s);
    return r >= 0;
}

bool sq_dossier_get(sl_store *st, int64_t address_id, sl_dossier_row *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_DOSSIER_GET);
    if (!s)
        return false;
    memset(out, 0, sizeof *out);
    sqlite3_bind_int64(s, 1, address_id);
    int r = step_row(sq, s, "combinatiedossier lezen mislukt");
    *found = r > 0;
    if (r > 0) {
        out->address_id = address_id;
        col_copy(s, 0, out->zaakbegeleider, sizeof out->zaakbegeleider);
        col_copy(s, 1, out->bewonersbegeleider, sizeof out->bewonersbegeleider);
        col_copy(s, 2, out->coordinator, sizeof out->coordinator);
        col_copy(s, 3, out->samenwerking, sizeof out->samenwerking);
        out->actueel = sqlite3_column_int(s, 4) != 0;
        out->versie = sqlite3_column_int64(s, 5);
        col_copy(s, 6, out->aangemaakt_op, sizeof out->aangemaakt_op);
        col_copy(s, 7, out->gewijzigd_op, sizeof out->gewijzigd_op);
        out->coordinator_id = sqlite3_column_int64(s, 8);
    }
    done(s);
    return r >= 0;
}

bool sq_dossier_put(sl_store *st, const sl_dossier_row *row)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_DOSSIER_UPDATE);
    if (!s)
        return false;
    for (int pass = 0; pass < 2; pass++) {
        sqlite3_bind_int64(s, 1, row->address_id);
        bind_text(s, 2, row->zaakbegeleider);
        bind_text(s, 3, row->bewonersbegeleider);
        bind_text(s, 4, row->coordinator);
        bind_text(s, 5, row->samenwerking[0] ? row->samenwerking : "geen");
        sqlite3_bind_int(s, 6, row->actueel);
        if (row->coordinator_id > 0)
            sqlite3_bind_int64(s, 7, row->coordinator_id);
        else
            sqlite3_bind_null(s, 7);
        if (!run(sq, s, "combinatiedossier opslaan mislukt"))
            return false;
        if (sqlite3_changes(sq->db) > 0 || pass == 1)
            return true;
        if (!(s = dstmt(sq, D_DOSSIER_INSERT)))
            return false;
    }
    return true;
}

bool sq_dossiers_baseline(sl_store *st)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_DOSSIER_BASELINE);
    return s && run(sq, s, "combinatiedossiers aanmaken mislukt");
}

bool sq_element_put(sl_store *st, int64_t address_id, const sl_element_row *e)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_ELEMENT_PUT);
    if (!s)
        return false;
    char d1[11], d2[11], d3[11];
    sqlite3_bind_int64(s, 1, address_id);
    bind_text(s, 2, sl_element_name(e->element));
    bind_text(s, 3, sl_element_status_name(e->status));
    bind_date(s, 4, e->gevraagd_op, d1);
    bind_date(s, 5, e->geregeld_op, d2);
    bind_date(s, 6, e->afgewezen_op, d3);
    bind_text(s, 7, e->door);
    return run(sq, s, "element opslaan mislukt");
}

bool sq_elements_of(sl_store *st, int64_t address_id, sl_element_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_ELEMENTS_OF);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    int r;
    bool ok = true;
    while (ok && (r = step_row(sq, s, "elementen lezen mislukt")) > 0) {
        sl_element_row e;
        memset(&e, 0, sizeof e);
        if (!sl_element_parse((const char *)sqlite3_column_text(s, 0),
                              (size_t)sqlite3_column_bytes(s, 0), &e.element) ||
            !sl_element_status_parse((const char *)sqlite3_column_text(s, 1),
                                     (size_t)sqlite3_column_bytes(s, 1), &e.status))
            continue;
        e.gevraagd_op = col_date(s, 2);
        e.geregeld_op = col_date(s, 3);
        e.afgewezen_op = col_date(s, 4);
        col_copy(s, 5, e.door, sizeof e.door);
        ok = cb(ctx, &e);
    }
    done(s);
    return ok && r == 0;
}

/* ---- signals ----------------------------------------------------------------------- */

bool sq_signal_ruleset(sl_store *st, sl_ruleset *out)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_RULES);
    if (!s)
        return false;
    memset(out, 0, sizeof *out);
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
        return sl_store_fail(st, "de actieve signaalregels (versie %d) zijn ongeldig: %s",
                             (int)out->version,
                             bad ? "onbekend woord in trigger, conditie of aan" : reason);
    return true;
}

bool sq_signal_unfinished(sl_store *st, int32_t regel, int64_t address_id, bool *exists)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_UNFINISHED);
    if (!s)
        return false;
    sqlite3_bind_int(s, 1, regel);
    sqlite3_bind_int64(s, 2, address_id);
    int r = step_row(sq, s, "signalen lezen mislukt");
    *exists = r > 0;
    done(s);
    return r >= 0;
}

bool sq_signal_add(sl_store *st, sl_signal *sig, int64_t delivery_id)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_SIGNAL_ADD);
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
    for (size_t i = 0; i < sig->n_aan; i++) {
        if (!(s = dstmt(sq, D_ADDRESSEE_ADD)))
            return false;
        sqlite3_bind_int64(s, 1, sig->id);
        sqlite3_bind_int(s, 2, (int)i);
        bind_text(s, 3, sl_org_name(sig->aan[i].org));
        bind_text(s, 4, sig->aan[i].rol);
        bind_text(s, 5, sig->aan[i].persoon);
        if (!run(sq, s, "adressaat opslaan mislukt"))
            return false;
    }
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
    sqlite3_stmt *a = dstmt(sq, D_ADDRESSEES_OF);
    if (!a)
        return false;
    sqlite3_bind_int64(a, 1, out->id);
    int r;
    while ((r = step_row(sq, a, "adressaten lezen mislukt")) > 0 && out->n_aan < SL_ADDRESSEES_MAX) {
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

bool sq_signal_get(sl_store *st, int64_t id, sl_signal *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_SIGNAL_GET);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    int r = step_row(sq, s, "signaal lezen mislukt");
    *found = r > 0;
    bool ok = r >= 0 && (r == 0 || read_signal(sq, s, out));
    done(s);
    return ok;
}

bool sq_signal_update(sl_store *st, const sl_signal *sig)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_SIGNAL_UPDATE);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, sig->id);
    bind_text(s, 2, sl_signal_status_name(sig->status));
    bind_text(s, 3, sig->gewijzigd_door);
    bind_text_or_null(s, 4, sig->reden);
    return run(sq, s, "signaal bijwerken mislukt");
}

bool sq_signals_scan(sl_store *st, const sl_signal_filter *f, sl_signal_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, f->address_id ? D_SIGNALS_OF_ADDRESS : D_SIGNALS_SCAN);
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

bool sq_scan_still_candidates(sl_store *st, sl_address_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_STILL);
    if (!s)
        return false;
    int r;
    bool ok = true;
    while (ok && (r = step_row(sq, s, "dossiers lezen mislukt")) > 0)
        ok = cb(ctx, sqlite3_column_int64(s, 0));
    done(s);
    return ok && r == 0;
}

bool sq_outbox_add(sl_store *st, const char *soort, const char *onderwerp, const char *sleutel,
                   const char *gegevens)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_OUTBOX);
    if (!s)
        return false;
    bind_text(s, 1, soort);
    bind_text(s, 2, onderwerp);
    bind_text(s, 3, sleutel);
    bind_text(s, 4, gegevens);
    return run(sq, s, "gebeurtenis vastleggen mislukt");
}

/* ---- reading one address's dossier ---------------------------------------------------- */

bool sq_address_get(sl_store *st, int64_t id, sl_address *a, bool *absent, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_ADDRESS_GET);
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

/* ---- deliveries ---------------------------------------------------------------------- */

static void read_delivery(sqlite3_stmt *s, sl_delivery_row *d)
{
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(s, 0);
    col_copy(s, 1, d->bestand, sizeof d->bestand);
    const char *k = (const char *)sqlite3_column_text(s, 2);
    d->kind = !k ? SL_KIND_UNKNOWN : strcmp(k, "bag_adressen") == 0 ? SL_KIND_BAG
              : strcmp(k, "ncg_trajecten") == 0 ? SL_KIND_NCG : SL_KIND_IMG;
    col_copy(s, 3, d->gestart_op, sizeof d->gestart_op);
    d->counts.rows = sqlite3_column_int64(s, 4);
    d->counts.imported = sqlite3_column_int64(s, 5);
    d->counts.rejected = sqlite3_column_int64(s, 6);
    d->counts.absent = sqlite3_column_int64(s, 7);
    d->counts.nieuw = sqlite3_column_int64(s, 8);
    d->counts.gewijzigd = sqlite3_column_int64(s, 9);
    d->counts.ongewijzigd = sqlite3_column_int64(s, 10);
    const char *st = (const char *)sqlite3_column_text(s, 11);
    d->status = !st ? SL_DELIVERY_VERWERKT
                : strcmp(st, "aangehouden") == 0 ? SL_DELIVERY_AANGEHOUDEN
                : strcmp(st, "bevestigd") == 0   ? SL_DELIVERY_BEVESTIGD
                : strcmp(st, "ingetrokken") == 0 ? SL_DELIVERY_INGETROKKEN
                                                 : SL_DELIVERY_VERWERKT;
    col_copy(s, 12, d->geleverd_door, sizeof d->geleverd_door);
    col_copy(s, 13, d->afgehandeld_door, sizeof d->afgehandeld_door);
    d->toegepast_in = sqlite3_column_int64(s, 14);
    d->wordt_afwezig = sqlite3_column_int64(s, 15);
    d->huidig = sqlite3_column_int64(s, 16);
}

bool sq_deliveries_scan(sl_store *st, sl_delivery_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_DELIVERIES);
    if (!s)
        return false;
    int r;
    bool ok = true;
    while (ok && (r = step_row(sq, s, "leveringen lezen mislukt")) > 0) {
        sl_delivery_row d;
        read_delivery(s, &d);
        ok = cb(ctx, &d);
    }
    done(s);
    return ok && r == 0;
}

bool sq_delivery_get(sl_store *st, int64_t id, sl_delivery_row *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_DELIVERY_GET);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    int r = step_row(sq, s, "levering lezen mislukt");
    *found = r > 0;
    if (r > 0)
        read_delivery(s, out);
    done(s);
    return r >= 0;
}

bool sq_rejects_of(sl_store *st, int64_t delivery_id, sl_reject_cb2 cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_REJECTS_OF);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, delivery_id);
    int r;
    bool ok = true;
    while (ok && (r = step_row(sq, s, "afwijzingen lezen mislukt")) > 0)
        ok = cb(ctx, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
                (const char *)sqlite3_column_text(s, 2));
    done(s);
    return ok && r == 0;
}

bool sq_addresses_by_key(sl_store *st, const char *key, sl_address_row_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_ADDRESS_BY_KEY);
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

bool sq_trajectories_of(sl_store *st, int64_t address_id, sl_trajectory_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_TRAJ_OF);
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

bool sq_claims_of(sl_store *st, int64_t address_id, sl_claim_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_CLAIMS_OF);
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

/* ---- one claim or trajectory: reads and versioned updates --------------------------- */

bool sq_claim_get(sl_store *st, const char *img_id, sl_claim_record *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_CLAIM_GET);
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

bool sq_trajectory_get(sl_store *st, const char *ncg_id, sl_trajectory_record *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_TRAJ_GET);
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

bool sq_claim_update(sl_store *st, sl_claim_record *rec, uint64_t fp, int64_t expect_versie,
                     bool *stale)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_CLAIM_UPDATE);
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

bool sq_trajectory_update(sl_store *st, sl_trajectory_record *rec, uint64_t fp,
                          int64_t expect_versie, bool *stale)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_TRAJ_UPDATE);
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

bool sq_classification_get(sl_store *st, int64_t address_id, sl_stored_class *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_CLASS_GET);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, address_id);
    int r = step_row(sq, s, "classificatie lezen mislukt");
    bool ok = r >= 0;
    *found = r > 0;
    if (r > 0 && !sq_read_class(s, 0, out))
        ok = sl_store_fail(st, "onleesbare classificatie in register");
    if (r > 0)
        out->address_id = address_id;
    done(s);
    return ok;
}

bool sq_contractor_damage_add(sl_store *st, sl_contractor_damage *d)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_DAMAGE_ADD);
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

bool sq_history_of_address(sl_store *st, int64_t address_id, sl_history_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = dstmt(sq, D_HISTORY_OF);
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

/* ---- seeding the rule sets ------------------------------------------------------- */

static bool exec_simple(sqlite_store *sq, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(sq->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        sl_store_fail(&sq->base, "regels vastleggen mislukt: %s", msg ? msg : "");
        sqlite3_free(msg);
        return false;
    }
    return true;
}

static bool has_ruleset(sqlite_store *sq, const char *soort, bool *has)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(sq->db, "SELECT 1 FROM regelset WHERE soort = ?1", -1, &s, NULL) !=
        SQLITE_OK)
        return db_fail(sq, "regels lezen mislukt");
    sqlite3_bind_text(s, 1, soort, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(sq, "regels lezen mislukt");
    *has = rc == SQLITE_ROW;
    return true;
}

static bool seed_matrix(sqlite_store *sq)
{
    sl_matrix m;
    sl_matrix_default(&m);
    sqlite3_stmt *s = NULL;
    bool ok = sqlite3_prepare_v2(sq->db, "INSERT INTO matrixregel (versie, stap, fase, groep)"
                                         " VALUES (?1, ?2, ?3, ?4)", -1, &s, NULL) == SQLITE_OK;
    for (int st = 0; ok && st < SL_MATRIX_STAPPEN; st++)
        for (int f = 0; ok && f < SL_MATRIX_FASEN; f++) {
            sqlite3_bind_int(s, 1, m.version);
            sqlite3_bind_text(s, 2, sl_stap_name((sl_stap)st), -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 3, sl_fase_name((sl_fase)f), -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 4, sl_groep_name(m.cell[st][f]), -1, SQLITE_STATIC);
            ok = sqlite3_step(s) == SQLITE_DONE;
            sqlite3_reset(s);
        }
    if (!ok)
        db_fail(sq, "matrix vastleggen mislukt");
    sqlite3_finalize(s);
    if (!ok)
        return false;
    char sql[200];
    snprintf(sql, sizeof sql, "INSERT INTO regelset (soort, versie, actief, omschrijving) VALUES"
             " ('matrix', %d, 1, 'Samenwerkingsmatrix, standaard uit de specificatie')",
             (int)m.version);
    return exec_simple(sq, sql);
}

static bool seed_signal_rules(sqlite_store *sq)
{
    sl_ruleset rs;
    sl_signal_rules_default(&rs);
    sqlite3_stmt *s = NULL;
    bool ok = sqlite3_prepare_v2(sq->db,
                                 "INSERT INTO signaalregel (versie, regel, variant, trigger,"
                                 " conditie, aan, termijn_dagen, parameter_dagen, tekst)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                 -1, &s, NULL) == SQLITE_OK;
    for (size_t i = 0; ok && i < rs.n; i++) {
        const sl_signal_rule *r = &rs.rules[i];
        char aan[128];
        sl_addressees_format(r->aan, aan, sizeof aan);
        sqlite3_bind_int(s, 1, rs.version);
        sqlite3_bind_int(s, 2, r->regel);
        sqlite3_bind_text(s, 3, r->variant, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, sl_trigger_name(r->trigger), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, sl_condition_name(r->conditie), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 6, aan, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(s, 7, r->termijn_dagen);
        sqlite3_bind_int(s, 8, r->parameter_dagen);
        sqlite3_bind_text(s, 9, r->tekst, -1, SQLITE_STATIC);
        ok = sqlite3_step(s) == SQLITE_DONE;
        sqlite3_reset(s);
    }
    if (!ok)
        db_fail(sq, "signaalregels vastleggen mislukt");
    sqlite3_finalize(s);
    if (!ok)
        return false;
    char sql[200];
    snprintf(sql, sizeof sql, "INSERT INTO regelset (soort, versie, actief, omschrijving) VALUES"
             " ('signaal', %d, 1, 'Signaalregels, standaard uit de specificatie')",
             (int)rs.version);
    return exec_simple(sq, sql);
}

bool sq_seed_rules(sqlite_store *sq)
{
    bool has_matrix, has_signals;
    if (!has_ruleset(sq, "matrix", &has_matrix) || !has_ruleset(sq, "signaal", &has_signals))
        return false;
    if (has_matrix && has_signals)
        return true;
    /* look again inside the write lock: another process may have seeded meanwhile */
    if (!exec_simple(sq, "BEGIN IMMEDIATE"))
        return false;
    if (!has_ruleset(sq, "matrix", &has_matrix) || !has_ruleset(sq, "signaal", &has_signals) ||
        (!has_matrix && !seed_matrix(sq)) || (!has_signals && !seed_signal_rules(sq)) ||
        !exec_simple(sq, "COMMIT")) {
        sqlite3_exec(sq->db, "ROLLBACK", NULL, NULL, NULL);
        return false;
    }
    return true;
}
