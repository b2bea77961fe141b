/*
 * termijnen.c - the SQLite backend of terms as data, suspensions and
 * extensions, notices of default, the ledger and the escalations
 * (store/termijnen_store.h, migration 0016).
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/sqlite_int.h"
#include "store/termijnen_rows.h"

enum {
    T_ACTIEF_VERSIE, T_REGELS, T_MAX, T_SET_ADD, T_SET_OFF, T_SET_ON, T_REGEL_ADD,
    T_OPS_ADD, T_VERL_ADD, T_OPS_SCAN, T_VERL_SCAN, T_CLAIMS, T_TRAJECTEN,
    T_IBS_ADD, T_IBS_GET, T_IBS_BESLIS, T_IBS_SCAN,
    T_GB_ADD, T_GB_SCAN,
    T_ESC_OPEN, T_ESC_ADD, T_ESC_GET, T_ESC_UPDATE, T_ESC_SCAN, T_EG_ADD, T_EG_SCAN, T_VERSIES, T_VERSIE_BESTAAT,
    T_N
};
_Static_assert(T_N <= SQ_SLOTS, "raise SQ_SLOTS");

#define REGEL_COLUMNS                                                                        \
    "soort, omschrijving, organisatie, start_gebeurtenis, eind_gebeurtenis, lengte, eenheid,"\
    " wettelijk, fataal, verantwoordelijke, opschortbaar, waarschuwing_dagen, aanname,"      \
    " compensatie_per_dag, compensatie_max"
#define OPS_COLUMNS                                                                          \
    "id, soort, coalesce(img_id, ''), coalesce(ncg_id, ''), van, tot, reden, door,"          \
    " vastgelegd_op, coalesce(vervangt, 0)"
#define VERL_COLUMNS                                                                         \
    "id, soort, coalesce(img_id, ''), coalesce(ncg_id, ''), nieuw_einde, reden, door,"       \
    " vastgelegd_op"
#define IBS_COLUMNS                                                                          \
    "id, nummeraanduiding_id, organisatie, coalesce(img_id, ''), coalesce(ncg_id, ''),"      \
    " ontvangen_op, beslist_op, door, vastgelegd_op, versie"
#define GB_COLUMNS                                                                           \
    "id, organisatie, nummeraanduiding_id, coalesce(ingebrekestelling_id, 0), soort,"        \
    " bedrag_centen, datum, reden, door, vastgelegd_op"
#define ESC_COLUMNS "id, nummeraanduiding_id, aanleiding, eigenaar, status, aangemeld_op, versie"
#define EG_COLUMNS                                                                           \
    "id, escalatie_id, soort, status, eigenaar, mandaat, reden, door, tijdstip"
/* one instance: (soort, img_id) or (soort, ncg_id); ?1 NULL selects every row */
#define ZAAK_WHERE                                                                           \
    " WHERE ?1 IS NULL OR (soort = ?1 AND coalesce(img_id, '') = ?2"                         \
    " AND coalesce(ncg_id, '') = ?3) ORDER BY id"

static const char *const tsql[T_N] = {
    [T_ACTIEF_VERSIE] = "SELECT versie FROM termijnregelset WHERE actief = 1",
    [T_REGELS] = "SELECT " REGEL_COLUMNS " FROM termijndefinitie WHERE versie = ?1"
                 " ORDER BY soort",
    [T_MAX] = "SELECT coalesce(max(versie), 0) FROM termijnregelset",
    [T_SET_ADD] = "INSERT INTO termijnregelset (versie, actief, omschrijving, door,"
                  " ingevoerd_op) VALUES (?1, 0, ?2, ?3, ?4)",
    [T_VERSIES] = "SELECT versie, actief, omschrijving, door, ingevoerd_op FROM termijnregelset"
                  " ORDER BY versie DESC",
    [T_VERSIE_BESTAAT] = "SELECT 1 FROM termijnregelset WHERE versie = ?1",
    [T_SET_OFF] = "UPDATE termijnregelset SET actief = 0 WHERE actief = 1",
    [T_SET_ON] = "UPDATE termijnregelset SET actief = 1 WHERE versie = ?1",
    [T_REGEL_ADD] = "INSERT INTO termijndefinitie (versie, " REGEL_COLUMNS ") VALUES (?1, ?2,"
                    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    [T_OPS_ADD] = "INSERT INTO termijnopschorting (soort, img_id, ncg_id, van, tot, reden, door,"
                  " vastgelegd_op, vervangt) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                  " RETURNING id",
    [T_VERL_ADD] = "INSERT INTO termijnverlenging (soort, img_id, ncg_id, nieuw_einde, reden,"
                   " door, vastgelegd_op) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
    [T_OPS_SCAN] = "SELECT " OPS_COLUMNS " FROM termijnopschorting" ZAAK_WHERE,
    [T_VERL_SCAN] = "SELECT " VERL_COLUMNS " FROM termijnverlenging" ZAAK_WHERE,
    [T_CLAIMS] = "SELECT img_id, nummeraanduiding_id, fase, fase_sinds, ontvangen_op"
                 " FROM schade WHERE afwezig = 0 ORDER BY id",
    [T_TRAJECTEN] = "SELECT ncg_id, nummeraanduiding_id, stap, stap_sinds"
                    " FROM traject WHERE afwezig = 0 ORDER BY id",
    [T_IBS_ADD] = "INSERT INTO ingebrekestelling (nummeraanduiding_id, organisatie, img_id,"
                  " ncg_id, ontvangen_op, door, vastgelegd_op) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                  " ?7) RETURNING id, versie",
    [T_IBS_GET] = "SELECT " IBS_COLUMNS " FROM ingebrekestelling WHERE id = ?1",
    [T_IBS_BESLIS] = "UPDATE ingebrekestelling SET beslist_op = ?3, versie = versie + 1"
                     " WHERE id = ?1 AND versie = ?2 AND beslist_op IS NULL RETURNING versie",
    [T_IBS_SCAN] = "SELECT " IBS_COLUMNS " FROM ingebrekestelling"
                   " WHERE ?1 IS NULL OR nummeraanduiding_id = ?1 ORDER BY id",
    [T_GB_ADD] = "INSERT INTO grootboekpost (organisatie, nummeraanduiding_id,"
                 " ingebrekestelling_id, soort, bedrag_centen, datum, reden, door,"
                 " vastgelegd_op) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
    [T_GB_SCAN] = "SELECT " GB_COLUMNS " FROM grootboekpost WHERE (?1 IS NULL OR organisatie"
                  " = ?1) AND (?2 IS NULL OR nummeraanduiding_id = ?2) ORDER BY id",
    [T_ESC_OPEN] = "SELECT " ESC_COLUMNS " FROM escalatie WHERE nummeraanduiding_id = ?1"
                   " AND aanleiding = ?2 AND status <> 'gesloten'",
    [T_ESC_ADD] = "INSERT INTO escalatie (nummeraanduiding_id, aanleiding, eigenaar,"
                  " aangemeld_op) VALUES (?1, ?2, ?3, ?4) RETURNING id, status, versie",
    [T_ESC_GET] = "SELECT " ESC_COLUMNS " FROM escalatie WHERE id = ?1",
    [T_ESC_UPDATE] = "UPDATE escalatie SET status = ?3, eigenaar = ?4, versie = versie + 1"
                     " WHERE id = ?1 AND versie = ?2 RETURNING versie",
    [T_ESC_SCAN] = "SELECT e.id, e.nummeraanduiding_id, e.aanleiding, e.eigenaar, e.status,"
                   " e.aangemeld_op, e.versie, coalesce(a.gemeentecode, '') FROM escalatie e"
                   " LEFT JOIN adres a ON a.nummeraanduiding_id = e.nummeraanduiding_id"
                   " WHERE (?1 IS NULL OR e.status = ?1) AND (?2 IS NULL OR e.aanleiding = ?2)"
                   " AND (?3 IS NULL OR a.gemeentecode = ?3) ORDER BY e.id",
    [T_EG_ADD] = "INSERT INTO escalatiegebeurtenis (escalatie_id, soort, status, eigenaar,"
                 " mandaat, reden, door, tijdstip) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                 " RETURNING id",
    [T_EG_SCAN] = "SELECT " EG_COLUMNS " FROM escalatiegebeurtenis WHERE escalatie_id = ?1"
                  " ORDER BY id",
};

static sqlite3_stmt *tstmt(sqlite_store *sq, int q)
{
    return sq_prepare(sq, &sq->stmt[SQ_PART_TERMIJNEN][q], tsql[q]);
}

/* Steps a statement that returns one row of ids (RETURNING) into out[0..n). */
static bool run_returning(sqlite_store *sq, sqlite3_stmt *s, int64_t *out, int n,
                          const char *what)
{
    int rc = step_row(sq, s, what);
    for (int i = 0; rc == 1 && i < n; i++)
        out[i] = sqlite3_column_int64(s, i);
    done(s);
    if (rc == 0)
        return sl_store_fail(&sq->base, "%s: geen rij", what);
    return rc == 1;
}

/* ---- term definitions ------------------------------------------------------- */

/* The rules of one version, by kind. */
static bool scan_regels(sqlite_store *sq, int32_t versie, sl_termijn_regel_cb cb, void *ctx)
{
    sqlite3_stmt *s = tstmt(sq, T_REGELS);
    if (!s)
        return false;
    sqlite3_bind_int(s, 1, versie);
    sl_termijn_scan scan = {.cb.regel = cb, .ctx = ctx};
    return sq_cols_scan(sq, s, "termijnregels lezen mislukt", sl_termijn_regel_row, &scan);
}

static bool sq_termijnregels_actief(sl_store *st, int32_t *versie, sl_termijn_regel_cb cb,
                                    void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_ACTIEF_VERSIE);
    if (!s)
        return false;
    int rc = step_row(sq, s, "termijnregels lezen mislukt");
    *versie = rc == 1 ? sqlite3_column_int(s, 0) : 0;
    done(s);
    if (rc < 0)
        return false;
    return *versie == 0 || scan_regels(sq, *versie, cb, ctx);
}

static bool sq_termijnregels_versies(sl_store *st, sl_regelset_versie_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_VERSIES);
    sl_termijn_scan scan = {.cb.versie = cb, .ctx = ctx};
    return s && sq_cols_scan(sq, s, "termijnversies lezen mislukt", sl_regelset_versie_row, &scan);
}

static bool sq_termijnregels_versie(sl_store *st, int32_t versie, sl_termijn_regel_cb cb,
                                    void *ctx, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_VERSIE_BESTAAT);
    if (!s)
        return false;
    sqlite3_bind_int(s, 1, versie);
    int rc = step_row(sq, s, "termijnregels lezen mislukt");
    done(s);
    *found = rc == 1;
    if (rc != 1)
        return rc == 0;
    return scan_regels(sq, versie, cb, ctx);
}

static bool sq_termijnregels_max(sl_store *st, int32_t *versie)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_MAX);
    if (!s)
        return false;
    int rc = step_row(sq, s, "termijnregels lezen mislukt");
    *versie = rc == 1 ? sqlite3_column_int(s, 0) : 0;
    done(s);
    return rc == 1;
}

static bool add_regel(sqlite_store *sq, int32_t versie, const sl_termijn_regel *r)
{
    sqlite3_stmt *s = tstmt(sq, T_REGEL_ADD);
    if (!s)
        return false;
    sqlite3_bind_int(s, 1, versie);
    bind_text(s, 2, r->soort);
    bind_text(s, 3, r->omschrijving);
    bind_text(s, 4, r->organisatie);
    bind_text(s, 5, r->start_gebeurtenis);
    bind_text(s, 6, r->eind_gebeurtenis);
    sqlite3_bind_int(s, 7, r->lengte);
    bind_text(s, 8, sl_term_unit_name(r->eenheid));
    sqlite3_bind_int(s, 9, r->wettelijk);
    sqlite3_bind_int(s, 10, r->fataal);
    bind_text(s, 11, sl_partij_name(r->verantwoordelijke));
    sqlite3_bind_int(s, 12, r->opschortbaar);
    sqlite3_bind_int(s, 13, r->waarschuwing_dagen);
    sqlite3_bind_int(s, 14, r->aanname);
    sqlite3_bind_int64(s, 15, r->compensatie_per_dag);
    sqlite3_bind_int64(s, 16, r->compensatie_max);
    return run(sq, s, "termijndefinitie vastleggen mislukt");
}

static bool sq_termijnregels_publiceer(sl_store *st, int32_t versie, const char *omschrijving,
                                       const char *door, const char *tijdstip,
                                       const sl_termijn_regel *r, size_t n)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_SET_ADD);
    if (!s)
        return false;
    sqlite3_bind_int(s, 1, versie);
    bind_text(s, 2, omschrijving);
    bind_text(s, 3, door);
    bind_text(s, 4, tijdstip);
    if (!run(sq, s, "termijnregels vastleggen mislukt"))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!add_regel(sq, versie, &r[i]))
            return false;
    if (!(s = tstmt(sq, T_SET_OFF)) || !run(sq, s, "termijnregels vastleggen mislukt") ||
        !(s = tstmt(sq, T_SET_ON)))
        return false;
    sqlite3_bind_int(s, 1, versie);
    return run(sq, s, "termijnregels vastleggen mislukt");
}

/* ---- suspensions and extensions ------------------------------------------------ */

static void bind_zaak(sqlite3_stmt *s, const sl_termijn_zaak *z)
{
    bind_text(s, 1, z->soort);
    bind_text_or_null(s, 2, z->img_id);
    bind_text_or_null(s, 3, z->ncg_id);
}

static bool sq_opschorting_add(sl_store *st, sl_termijn_opschorting_rij *o)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_OPS_ADD);
    if (!s)
        return false;
    char van[11], tot[11];
    bind_zaak(s, &o->zaak);
    bind_date(s, 4, o->van, van);
    bind_date(s, 5, o->tot, tot);
    bind_text(s, 6, o->reden);
    bind_text(s, 7, o->door);
    bind_text(s, 8, o->vastgelegd_op);
    bind_id_or_null(s, 9, o->vervangt);
    return run_returning(sq, s, &o->id, 1, "opschorting vastleggen mislukt");
}

static bool sq_verlenging_add(sl_store *st, sl_termijn_verlenging_rij *v)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_VERL_ADD);
    if (!s)
        return false;
    char einde[11];
    bind_zaak(s, &v->zaak);
    bind_date(s, 4, v->nieuw_einde, einde);
    bind_text(s, 5, v->reden);
    bind_text(s, 6, v->door);
    bind_text(s, 7, v->vastgelegd_op);
    return run_returning(sq, s, &v->id, 1, "verlenging vastleggen mislukt");
}

static void bind_zaak_filter(sqlite3_stmt *s, const sl_termijn_zaak *z)
{
    if (!z)
        return; /* ?1 stays NULL: every row */
    bind_text(s, 1, z->soort);
    bind_text(s, 2, z->img_id);
    bind_text(s, 3, z->ncg_id);
}

static bool sq_opschortingen_scan(sl_store *st, const sl_termijn_zaak *zaak, sl_opschorting_cb cb,
                                  void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_OPS_SCAN);
    if (!s)
        return false;
    bind_zaak_filter(s, zaak);
    sl_termijn_scan scan = {.cb.ops = cb, .ctx = ctx};
    return sq_cols_scan(sq, s, "opschortingen lezen mislukt", sl_opschorting_row, &scan);
}

static bool sq_verlengingen_scan(sl_store *st, const sl_termijn_zaak *zaak, sl_verlenging_cb cb,
                                 void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_VERL_SCAN);
    if (!s)
        return false;
    bind_zaak_filter(s, zaak);
    sl_termijn_scan scan = {.cb.verl = cb, .ctx = ctx};
    return sq_cols_scan(sq, s, "verlengingen lezen mislukt", sl_verlenging_row, &scan);
}

static bool sq_termijn_claims_scan(sl_store *st, sl_termijn_claim_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_CLAIMS);
    sl_termijn_scan scan = {.cb.claim = cb, .ctx = ctx};
    return s && sq_cols_scan(sq, s, "schades lezen mislukt", sl_termijn_claim_row, &scan);
}

static bool sq_termijn_trajecten_scan(sl_store *st, sl_termijn_traject_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_TRAJECTEN);
    sl_termijn_scan scan = {.cb.traject = cb, .ctx = ctx};
    return s && sq_cols_scan(sq, s, "trajecten lezen mislukt", sl_termijn_traject_row, &scan);
}

/* ---- notices of default ------------------------------------------------------ */

static bool sq_ingebrekestelling_add(sl_store *st, sl_ingebrekestelling *n)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_IBS_ADD);
    if (!s)
        return false;
    char ontv[11];
    sqlite3_bind_int64(s, 1, n->address_id);
    bind_text(s, 2, n->organisatie);
    bind_text_or_null(s, 3, n->img_id);
    bind_text_or_null(s, 4, n->ncg_id);
    bind_date(s, 5, n->ontvangen_op, ontv);
    bind_text(s, 6, n->door);
    bind_text(s, 7, n->vastgelegd_op);
    int64_t out[2];
    if (!run_returning(sq, s, out, 2, "ingebrekestelling vastleggen mislukt"))
        return false;
    n->id = out[0];
    n->versie = out[1];
    n->beslist_op = SL_DATE_NONE;
    return true;
}

static bool sq_ingebrekestelling_get(sl_store *st, int64_t id, sl_ingebrekestelling *out,
                                     bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_IBS_GET);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    int rc = step_row(sq, s, "ingebrekestelling lezen mislukt");
    if (rc == 1) {
        sl_cols c = sq_cols(s);
        sl_ingebrekestelling_read(&c, out);
    }
    done(s);
    *found = rc == 1;
    return rc >= 0;
}

static bool sq_ingebrekestelling_beslis(sl_store *st, sl_ingebrekestelling *n, sl_date beslist_op,
                                        int64_t expect_versie, bool *stale)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_IBS_BESLIS);
    if (!s)
        return false;
    char dag[11];
    sqlite3_bind_int64(s, 1, n->id);
    sqlite3_bind_int64(s, 2, expect_versie);
    bind_date(s, 3, beslist_op, dag);
    int rc = step_row(sq, s, "beslissing vastleggen mislukt");
    if (rc == 1) {
        n->versie = sqlite3_column_int64(s, 0);
        n->beslist_op = beslist_op;
    }
    done(s);
    *stale = rc == 0;
    return rc >= 0;
}

static bool sq_ingebrekestellingen_scan(sl_store *st, int64_t address_id,
                                        sl_ingebrekestelling_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_IBS_SCAN);
    if (!s)
        return false;
    bind_id_or_null(s, 1, address_id);
    sl_termijn_scan scan = {.cb.ibs = cb, .ctx = ctx};
    return sq_cols_scan(sq, s, "ingebrekestellingen lezen mislukt", sl_ingebrekestelling_row,
                        &scan);
}

/* ---- the ledger ----------------------------------------------------------------- */

static bool sq_grootboekpost_add(sl_store *st, sl_grootboekpost *p)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_GB_ADD);
    if (!s)
        return false;
    char dag[11];
    bind_text(s, 1, p->organisatie);
    sqlite3_bind_int64(s, 2, p->address_id);
    bind_id_or_null(s, 3, p->ingebrekestelling_id);
    bind_text(s, 4, p->soort);
    sqlite3_bind_int64(s, 5, p->bedrag_centen);
    bind_date(s, 6, p->datum, dag);
    bind_text(s, 7, p->reden);
    bind_text(s, 8, p->door);
    bind_text(s, 9, p->vastgelegd_op);
    return run_returning(sq, s, &p->id, 1, "grootboekpost vastleggen mislukt");
}

static bool sq_grootboek_scan(sl_store *st, const char *organisatie, int64_t address_id,
                              sl_grootboekpost_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_GB_SCAN);
    if (!s)
        return false;
    bind_text_or_null(s, 1, organisatie);
    bind_id_or_null(s, 2, address_id);
    sl_termijn_scan scan = {.cb.gb = cb, .ctx = ctx};
    return sq_cols_scan(sq, s, "grootboek lezen mislukt", sl_grootboekpost_row, &scan);
}

/* ---- escalations ------------------------------------------------------------------ */

static bool sq_escalatie_add(sl_store *st, sl_escalatie *e, bool *bestaat)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_ESC_OPEN);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, e->address_id);
    bind_text(s, 2, e->aanleiding);
    int rc = step_row(sq, s, "escalatie lezen mislukt");
    if (rc == 1) {
        sl_cols c = sq_cols(s);
        sl_escalatie_read(&c, e);
    }
    done(s);
    if (rc < 0)
        return false;
    *bestaat = rc == 1;
    if (*bestaat)
        return true;
    if (!(s = tstmt(sq, T_ESC_ADD)))
        return false;
    sqlite3_bind_int64(s, 1, e->address_id);
    bind_text(s, 2, e->aanleiding);
    bind_text(s, 3, e->eigenaar);
    bind_text(s, 4, e->aangemeld_op);
    rc = step_row(sq, s, "escalatie vastleggen mislukt");
    if (rc == 1) {
        e->id = sqlite3_column_int64(s, 0);
        col_copy(s, 1, e->status, sizeof e->status);
        e->versie = sqlite3_column_int64(s, 2);
    }
    done(s);
    return rc == 1;
}

static bool sq_escalatie_get(sl_store *st, int64_t id, sl_escalatie *out, bool *found)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_ESC_GET);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    int rc = step_row(sq, s, "escalatie lezen mislukt");
    if (rc == 1) {
        sl_cols c = sq_cols(s);
        sl_escalatie_read(&c, out);
    }
    done(s);
    *found = rc == 1;
    return rc >= 0;
}

static bool sq_escalatie_update(sl_store *st, sl_escalatie *e, int64_t expect_versie, bool *stale)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_ESC_UPDATE);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, e->id);
    sqlite3_bind_int64(s, 2, expect_versie);
    bind_text(s, 3, e->status);
    bind_text(s, 4, e->eigenaar);
    int rc = step_row(sq, s, "escalatie bijwerken mislukt");
    if (rc == 1)
        e->versie = sqlite3_column_int64(s, 0);
    done(s);
    *stale = rc == 0;
    return rc >= 0;
}

static bool sq_escalaties_scan(sl_store *st, const sl_escalatie_filter *f,
                               sl_escalatie_lijst_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_ESC_SCAN);
    if (!s)
        return false;
    bind_text_or_null(s, 1, f->status);
    bind_text_or_null(s, 2, f->aanleiding);
    bind_text_or_null(s, 3, f->gemeente);
    sl_termijn_scan scan = {.cb.esc = cb, .ctx = ctx};
    return sq_cols_scan(sq, s, "escalaties lezen mislukt", sl_escalatie_row, &scan);
}

static bool sq_escalatiegebeurtenis_add(sl_store *st, sl_escalatiegebeurtenis *g)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_EG_ADD);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, g->escalatie_id);
    bind_text(s, 2, g->soort);
    bind_text(s, 3, g->status);
    bind_text(s, 4, g->eigenaar);
    bind_text(s, 5, g->mandaat);
    bind_text(s, 6, g->reden);
    bind_text(s, 7, g->door);
    bind_text(s, 8, g->tijdstip);
    return run_returning(sq, s, &g->id, 1, "escalatiegebeurtenis vastleggen mislukt");
}

static bool sq_escalatiegebeurtenissen(sl_store *st, int64_t escalatie_id,
                                       sl_escalatiegebeurtenis_cb cb, void *ctx)
{
    sqlite_store *sq = SQ(st);
    sqlite3_stmt *s = tstmt(sq, T_EG_SCAN);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, escalatie_id);
    sl_termijn_scan scan = {.cb.eg = cb, .ctx = ctx};
    return sq_cols_scan(sq, s, "escalatiegebeurtenissen lezen mislukt",
                        sl_escalatiegebeurtenis_row, &scan);
}

const sl_termijnen_ops sq_termijnen_ops = {
    .termijnregels_actief = sq_termijnregels_actief,
    .termijnregels_max = sq_termijnregels_max,
    .termijnregels_publiceer = sq_termijnregels_publiceer,
    .termijnregels_versies = sq_termijnregels_versies,
    .termijnregels_versie = sq_termijnregels_versie,
    .opschorting_add = sq_opschorting_add,
    .verlenging_add = sq_verlenging_add,
    .opschortingen_scan = sq_opschortingen_scan,
    .verlengingen_scan = sq_verlengingen_scan,
    .termijn_claims_scan = sq_termijn_claims_scan,
    .termijn_trajecten_scan = sq_termijn_trajecten_scan,
    .ingebrekestelling_add = sq_ingebrekestelling_add,
    .ingebrekestelling_get = sq_ingebrekestelling_get,
    .ingebrekestelling_beslis = sq_ingebrekestelling_beslis,
    .ingebrekestellingen_scan = sq_ingebrekestellingen_scan,
    .grootboekpost_add = sq_grootboekpost_add,
    .grootboek_scan = sq_grootboek_scan,
    .escalatie_add = sq_escalatie_add,
    .escalatie_get = sq_escalatie_get,
    .escalatie_update = sq_escalatie_update,
    .escalaties_scan = sq_escalaties_scan,
    .escalatiegebeurtenis_add = sq_escalatiegebeurtenis_add,
    .escalatiegebeurtenissen = sq_escalatiegebeurtenissen,
};
