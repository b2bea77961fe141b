/*
 * termijnen.c - the PostgreSQL backend of terms as data, suspensions and
 * extensions, notices of default, the ledger and the escalations
 * (store/termijnen_store.h, migration 0016); the same semantics and order as
 * sqlite/termijnen.c. Moments are read back as SQLite holds them (iso_utc_ms).
 */
#include <stdio.h>
#include <string.h>

#include "store/pg/pg_int.h"
#include "store/termijnen_rows.h"

#define REGEL_COLUMNS                                                                        \
    "soort, omschrijving, organisatie, start_gebeurtenis, eind_gebeurtenis, lengte, eenheid,"\
    " wettelijk, fataal, verantwoordelijke, opschortbaar, waarschuwing_dagen, aanname,"      \
    " compensatie_per_dag, compensatie_max"
#define OPS_COLUMNS                                                                          \
    "id, soort, coalesce(img_id, ''), coalesce(ncg_id, ''), van, tot, reden, door,"          \
    " iso_utc_ms(vastgelegd_op), coalesce(vervangt, 0)"
#define VERL_COLUMNS                                                                         \
    "id, soort, coalesce(img_id, ''), coalesce(ncg_id, ''), nieuw_einde, reden, door,"       \
    " iso_utc_ms(vastgelegd_op)"
#define IBS_COLUMNS                                                                          \
    "id, nummeraanduiding_id, organisatie, coalesce(img_id, ''), coalesce(ncg_id, ''),"      \
    " ontvangen_op, beslist_op, door, iso_utc_ms(vastgelegd_op), versie"
#define GB_COLUMNS                                                                           \
    "id, organisatie, nummeraanduiding_id, coalesce(ingebrekestelling_id, 0), soort,"        \
    " bedrag_centen, datum, reden, door, iso_utc_ms(vastgelegd_op)"
#define ESC_COLUMNS                                                                          \
    "id, nummeraanduiding_id, aanleiding, eigenaar, status, iso_utc_ms(aangemeld_op), versie"
#define EG_COLUMNS                                                                           \
    "id, escalatie_id, soort, status, eigenaar, mandaat, reden, door, iso_utc_ms(tijdstip)"
#define ZAAK_WHERE                                                                           \
    " WHERE $1::text IS NULL OR (soort = $1 AND coalesce(img_id, '') = $2"                   \
    " AND coalesce(ncg_id, '') = $3) ORDER BY id"

static const sl_pg_query q_actief = {"termijnen_actief",
    "SELECT versie FROM termijnregelset WHERE actief"};
static const sl_pg_query q_regels = {"termijnen_regels",
    "SELECT " REGEL_COLUMNS " FROM termijndefinitie WHERE versie = $1"
    " ORDER BY soort COLLATE \"C\""};
static const sl_pg_query q_versies = {"termijnen_versies",
    "SELECT versie, actief, omschrijving, door, iso_utc_ms(ingevoerd_op) FROM termijnregelset"
    " ORDER BY versie DESC"};
static const sl_pg_query q_versie_bestaat = {"termijnen_versie_bestaat",
    "SELECT versie FROM termijnregelset WHERE versie = $1"};
static const sl_pg_query q_max = {"termijnen_max",
    "SELECT coalesce(max(versie), 0) FROM termijnregelset"};
static const sl_pg_query q_set_add = {"termijnen_set_add",
    "INSERT INTO termijnregelset (versie, actief, omschrijving, door, ingevoerd_op)"
    " VALUES ($1, false, $2, $3, $4)"};
static const sl_pg_query q_set_off = {"termijnen_set_off",
    "UPDATE termijnregelset SET actief = false WHERE actief"};
static const sl_pg_query q_set_on = {"termijnen_set_on",
    "UPDATE termijnregelset SET actief = true WHERE versie = $1"};
static const sl_pg_query q_regel_add = {"termijnen_regel_add",
    "INSERT INTO termijndefinitie (versie, " REGEL_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6,"
    " $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"};
static const sl_pg_query q_ops_add = {"termijnen_ops_add",
    "INSERT INTO termijnopschorting (soort, img_id, ncg_id, van, tot, reden, door,"
    " vastgelegd_op, vervangt) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"};
static const sl_pg_query q_verl_add = {"termijnen_verl_add",
    "INSERT INTO termijnverlenging (soort, img_id, ncg_id, nieuw_einde, reden, door,"
    " vastgelegd_op) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
static const sl_pg_query q_ops_scan = {"termijnen_ops_scan",
    "SELECT " OPS_COLUMNS " FROM termijnopschorting" ZAAK_WHERE};
static const sl_pg_query q_verl_scan = {"termijnen_verl_scan",
    "SELECT " VERL_COLUMNS " FROM termijnverlenging" ZAAK_WHERE};
static const sl_pg_query q_claims = {"termijnen_claims",
    "SELECT img_id, nummeraanduiding_id, fase, fase_sinds, ontvangen_op FROM schade"
    " WHERE afwezig = false ORDER BY id"};
static const sl_pg_query q_trajecten = {"termijnen_trajecten",
    "SELECT ncg_id, nummeraanduiding_id, stap, stap_sinds FROM traject"
    " WHERE afwezig = false ORDER BY id"};
static const sl_pg_query q_ibs_add = {"termijnen_ibs_add",
    "INSERT INTO ingebrekestelling (nummeraanduiding_id, organisatie, img_id, ncg_id,"
    " ontvangen_op, door, vastgelegd_op) VALUES ($1, $2, $3, $4, $5, $6, $7)"
    " RETURNING id, versie"};
static const sl_pg_query q_ibs_get = {"termijnen_ibs_get",
    "SELECT " IBS_COLUMNS " FROM ingebrekestelling WHERE id = $1"};
static const sl_pg_query q_ibs_beslis = {"termijnen_ibs_beslis",
    "UPDATE ingebrekestelling SET beslist_op = $3, versie = versie + 1"
    " WHERE id = $1 AND versie = $2 AND beslist_op IS NULL RETURNING versie"};
static const sl_pg_query q_ibs_scan = {"termijnen_ibs_scan",
    "SELECT " IBS_COLUMNS " FROM ingebrekestelling"
    " WHERE $1::bigint IS NULL OR nummeraanduiding_id = $1 ORDER BY id"};
static const sl_pg_query q_gb_add = {"termijnen_gb_add",
    "INSERT INTO grootboekpost (organisatie, nummeraanduiding_id, ingebrekestelling_id, soort,"
    " bedrag_centen, datum, reden, door, vastgelegd_op) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
    " $9) RETURNING id"};
static const sl_pg_query q_gb_scan = {"termijnen_gb_scan",
    "SELECT " GB_COLUMNS " FROM grootboekpost WHERE ($1::text IS NULL OR organisatie = $1)"
    " AND ($2::bigint IS NULL OR nummeraanduiding_id = $2) ORDER BY id"};
static const sl_pg_query q_esc_open = {"termijnen_esc_open",
    "SELECT " ESC_COLUMNS " FROM escalatie WHERE nummeraanduiding_id = $1 AND aanleiding = $2"
    " AND status <> 'gesloten'"};
static const sl_pg_query q_esc_add = {"termijnen_esc_add",
    "INSERT INTO escalatie (nummeraanduiding_id, aanleiding, eigenaar, aangemeld_op)"
    " VALUES ($1, $2, $3, $4) RETURNING id, status, versie"};
static const sl_pg_query q_esc_get = {"termijnen_esc_get",
    "SELECT " ESC_COLUMNS " FROM escalatie WHERE id = $1"};
static const sl_pg_query q_esc_update = {"termijnen_esc_update",
    "UPDATE escalatie SET status = $3, eigenaar = $4, versie = versie + 1"
    " WHERE id = $1 AND versie = $2 RETURNING versie"};
static const sl_pg_query q_esc_scan = {"termijnen_esc_scan",
    "SELECT e.id, e.nummeraanduiding_id, e.aanleiding, e.eigenaar, e.status,"
    " iso_utc_ms(e.aangemeld_op), e.versie, coalesce(a.gemeentecode, '') FROM escalatie e"
    " LEFT JOIN adres a ON a.nummeraanduiding_id = e.nummeraanduiding_id"
    " WHERE ($1::text IS NULL OR e.status = $1) AND ($2::text IS NULL OR e.aanleiding = $2)"
    " AND ($3::text IS NULL OR a.gemeentecode = $3) ORDER BY e.id"};
static const sl_pg_query q_eg_add = {"termijnen_eg_add",
    "INSERT INTO escalatiegebeurtenis (escalatie_id, soort, status, eigenaar, mandaat, reden,"
    " door, tijdstip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"};
static const sl_pg_query q_eg_scan = {"termijnen_eg_scan",
    "SELECT " EG_COLUMNS " FROM escalatiegebeurtenis WHERE escalatie_id = $1 ORDER BY id"};

/* Runs q and reads the first row's first n integers into out; *got whether there was a row. */
static bool one_row(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p, const char *what,
                    int64_t *out, int n, bool *got)
{
    PGresult *res = pg_query(ps, q, p, what);
    if (!res)
        return false;
    *got = PQntuples(res) > 0;
    for (int i = 0; *got && i < n; i++)
        out[i] = sl_pg_col_int(res, 0, i);
    PQclear(res);
    return true;
}

/* An insert ... RETURNING: a row is required. */
static bool insert_returning(pg_store *ps, const sl_pg_query *q, const sl_pg_params *p,
                             const char *what, int64_t *out, int n)
{
    bool got;
    if (!one_row(ps, q, p, what, out, n, &got))
        return false;
    return got || sl_store_fail(&ps->base, "%s: geen rij", what);
}

/* ---- term definitions ------------------------------------------------------- */

/* The rules of the version in p, by kind. */
static bool each_regel(pg_store *ps, const sl_pg_params *p, sl_termijn_regel_cb cb, void *ctx)
{
    sl_termijn_scan scan = {.cb.regel = cb, .ctx = ctx};
    return pg_cols_all(ps, &q_regels, p, "termijnregels lezen mislukt", sl_termijn_regel_row,
                       &scan);
}

static bool pg_termijnregels_actief(sl_store *st, int32_t *versie, sl_termijn_regel_cb cb,
                                    void *ctx)
{
    pg_store *ps = PGS(st);
    int64_t v = 0;
    bool got;
    if (!one_row(ps, &q_actief, NULL, "termijnregels lezen mislukt", &v, 1, &got))
        return false;
    *versie = got ? (int32_t)v : 0;
    if (!got)
        return true;
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, v);
    return each_regel(ps, &p, cb, ctx);
}

static bool pg_termijnregels_versies(sl_store *st, sl_regelset_versie_cb cb, void *ctx)
{
    sl_termijn_scan scan = {.cb.versie = cb, .ctx = ctx};
    return pg_cols_all(PGS(st), &q_versies, NULL, "termijnversies lezen mislukt",
                       sl_regelset_versie_row, &scan);
}

static bool pg_termijnregels_versie(sl_store *st, int32_t versie, sl_termijn_regel_cb cb,
                                    void *ctx, bool *found)
{
    pg_store *ps = PGS(st);
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, versie);
    int64_t v = 0;
    if (!one_row(ps, &q_versie_bestaat, &p, "termijnregels lezen mislukt", &v, 1, found))
        return false;
    return !*found || each_regel(ps, &p, cb, ctx);
}

static bool pg_termijnregels_max(sl_store *st, int32_t *versie)
{
    int64_t v = 0;
    bool got;
    if (!one_row(PGS(st), &q_max, NULL, "termijnregels lezen mislukt", &v, 1, &got))
        return false;
    *versie = (int32_t)v;
    return true;
}

static bool pg_termijnregels_publiceer(sl_store *st, int32_t versie, const char *omschrijving,
                                       const char *door, const char *tijdstip,
                                       const sl_termijn_regel *r, size_t n)
{
    pg_store *ps = PGS(st);
    const char *what = "termijnregels vastleggen mislukt";
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, versie);
    sl_pg_param_text(&p, omschrijving);
    sl_pg_param_text(&p, door);
    sl_pg_param_text(&p, tijdstip);
    if (!pg_run(ps, &q_set_add, &p, what))
        return false;
    for (size_t i = 0; i < n; i++) {
        const sl_termijn_regel *g = &r[i];
        sl_pg_params_init(&p);
        sl_pg_param_int(&p, versie);
        sl_pg_param_text(&p, g->soort);
        sl_pg_param_text(&p, g->omschrijving);
        sl_pg_param_text(&p, g->organisatie);
        sl_pg_param_text(&p, g->start_gebeurtenis);
        sl_pg_param_text(&p, g->eind_gebeurtenis);
        sl_pg_param_int(&p, g->lengte);
        sl_pg_param_text(&p, sl_term_unit_name(g->eenheid));
        sl_pg_param_bool(&p, g->wettelijk);
        sl_pg_param_bool(&p, g->fataal);
        sl_pg_param_text(&p, sl_partij_name(g->verantwoordelijke));
        sl_pg_param_bool(&p, g->opschortbaar);
        sl_pg_param_int(&p, g->waarschuwing_dagen);
        sl_pg_param_bool(&p, g->aanname);
        sl_pg_param_int(&p, g->compensatie_per_dag);
        sl_pg_param_int(&p, g->compensatie_max);
        if (!pg_run(ps, &q_regel_add, &p, "termijndefinitie vastleggen mislukt"))
            return false;
    }
    if (!pg_run(ps, &q_set_off, NULL, what))
        return false;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, versie);
    return pg_run(ps, &q_set_on, &p, what);
}

/* ---- suspensions and extensions ------------------------------------------------ */

static void param_zaak(sl_pg_params *p, const sl_termijn_zaak *z)
{
    sl_pg_param_text(p, z->soort);
    pg_param_text_or_null(p, z->img_id);
    pg_param_text_or_null(p, z->ncg_id);
}

static void param_zaak_filter(sl_pg_params *p, const sl_termijn_zaak *z)
{
    sl_pg_param_text(p, z ? z->soort : NULL);
    sl_pg_param_text(p, z ? z->img_id : NULL);
    sl_pg_param_text(p, z ? z->ncg_id : NULL);
}

static bool pg_opschorting_add(sl_store *st, sl_termijn_opschorting_rij *rij)
{
    char van[11], tot[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    param_zaak(&p, &rij->zaak);
    pg_param_date(&p, rij->van, van);
    pg_param_date(&p, rij->tot, tot);
    sl_pg_param_text(&p, rij->reden);
    sl_pg_param_text(&p, rij->door);
    sl_pg_param_text(&p, rij->vastgelegd_op);
    pg_param_id_or_null(&p, rij->vervangt);
    return insert_returning(PGS(st), &q_ops_add, &p, "opschorting vastleggen mislukt", &rij->id,
                            1);
}

static bool pg_verlenging_add(sl_store *st, sl_termijn_verlenging_rij *rij)
{
    char einde[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    param_zaak(&p, &rij->zaak);
    pg_param_date(&p, rij->nieuw_einde, einde);
    sl_pg_param_text(&p, rij->reden);
    sl_pg_param_text(&p, rij->door);
    sl_pg_param_text(&p, rij->vastgelegd_op);
    return insert_returning(PGS(st), &q_verl_add, &p, "verlenging vastleggen mislukt", &rij->id,
                            1);
}

static bool pg_opschortingen_scan(sl_store *st, const sl_termijn_zaak *zaak, sl_opschorting_cb cb,
                                  void *ctx)
{
    sl_termijn_scan s = {.cb.ops = cb, .ctx = ctx};
    sl_pg_params p;
    sl_pg_params_init(&p);
    param_zaak_filter(&p, zaak);
    return pg_cols_scan_small(PGS(st), &q_ops_scan, &p, "opschortingen lezen mislukt",
                              sl_opschorting_row, &s);
}

static bool pg_verlengingen_scan(sl_store *st, const sl_termijn_zaak *zaak, sl_verlenging_cb cb,
                                 void *ctx)
{
    sl_termijn_scan s = {.cb.verl = cb, .ctx = ctx};
    sl_pg_params p;
    sl_pg_params_init(&p);
    param_zaak_filter(&p, zaak);
    return pg_cols_scan_small(PGS(st), &q_verl_scan, &p, "verlengingen lezen mislukt",
                              sl_verlenging_row, &s);
}

static bool pg_termijn_claims_scan(sl_store *st, sl_termijn_claim_cb cb, void *ctx)
{
    sl_termijn_scan s = {.cb.claim = cb, .ctx = ctx};
    return pg_cols_scan(PGS(st), &q_claims, NULL, "schades lezen mislukt",
                        sl_termijn_claim_row, &s);
}

static bool pg_termijn_trajecten_scan(sl_store *st, sl_termijn_traject_cb cb, void *ctx)
{
    sl_termijn_scan s = {.cb.traject = cb, .ctx = ctx};
    return pg_cols_scan(PGS(st), &q_trajecten, NULL, "trajecten lezen mislukt",
                        sl_termijn_traject_row, &s);
}

/* ---- notices of default ------------------------------------------------------ */

static bool pg_ingebrekestelling_add(sl_store *st, sl_ingebrekestelling *n)
{
    char ontv[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, n->address_id);
    sl_pg_param_text(&p, n->organisatie);
    pg_param_text_or_null(&p, n->img_id);
    pg_param_text_or_null(&p, n->ncg_id);
    pg_param_date(&p, n->ontvangen_op, ontv);
    sl_pg_param_text(&p, n->door);
    sl_pg_param_text(&p, n->vastgelegd_op);
    int64_t out[2] = {0, 0};
    if (!insert_returning(PGS(st), &q_ibs_add, &p, "ingebrekestelling vastleggen mislukt", out,
                          2))
        return false;
    n->id = out[0];
    n->versie = out[1];
    n->beslist_op = SL_DATE_NONE;
    return true;
}

static bool pg_ingebrekestelling_get(sl_store *st, int64_t id, sl_ingebrekestelling *out,
                                     bool *found)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    PGresult *res = pg_query(PGS(st), &q_ibs_get, &p, "ingebrekestelling lezen mislukt");
    if (!res)
        return false;
    *found = PQntuples(res) > 0;
    if (*found) {
        sl_cols c = pg_cols(res, 0);
        sl_ingebrekestelling_read(&c, out);
    }
    PQclear(res);
    return true;
}

static bool pg_ingebrekestelling_beslis(sl_store *st, sl_ingebrekestelling *n, sl_date beslist_op,
                                        int64_t expect_versie, bool *stale)
{
    char dag[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, n->id);
    sl_pg_param_int(&p, expect_versie);
    pg_param_date(&p, beslist_op, dag);
    int64_t v = 0;
    bool got;
    if (!one_row(PGS(st), &q_ibs_beslis, &p, "beslissing vastleggen mislukt", &v, 1, &got))
        return false;
    *stale = !got;
    if (got) {
        n->versie = v;
        n->beslist_op = beslist_op;
    }
    return true;
}

static bool pg_ingebrekestellingen_scan(sl_store *st, int64_t address_id,
                                        sl_ingebrekestelling_cb cb, void *ctx)
{
    sl_termijn_scan s = {.cb.ibs = cb, .ctx = ctx};
    sl_pg_params p;
    sl_pg_params_init(&p);
    pg_param_id_or_null(&p, address_id);
    /* one address's notices are a few rows; all of them may be many */
    return (address_id ? pg_cols_scan_small : pg_cols_scan)(PGS(st), &q_ibs_scan, &p,
                                                            "ingebrekestellingen lezen mislukt",
                                                            sl_ingebrekestelling_row, &s);
}

/* ---- the ledger ----------------------------------------------------------------- */

static bool pg_grootboekpost_add(sl_store *st, sl_grootboekpost *g)
{
    char dag[11];
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_text(&p, g->organisatie);
    sl_pg_param_int(&p, g->address_id);
    pg_param_id_or_null(&p, g->ingebrekestelling_id);
    sl_pg_param_text(&p, g->soort);
    sl_pg_param_int(&p, g->bedrag_centen);
    pg_param_date(&p, g->datum, dag);
    sl_pg_param_text(&p, g->reden);
    sl_pg_param_text(&p, g->door);
    sl_pg_param_text(&p, g->vastgelegd_op);
    return insert_returning(PGS(st), &q_gb_add, &p, "grootboekpost vastleggen mislukt", &g->id, 1);
}

static bool pg_grootboek_scan(sl_store *st, const char *organisatie, int64_t address_id,
                              sl_grootboekpost_cb cb, void *ctx)
{
    sl_termijn_scan s = {.cb.gb = cb, .ctx = ctx};
    sl_pg_params p;
    sl_pg_params_init(&p);
    pg_param_text_or_null(&p, organisatie);
    pg_param_id_or_null(&p, address_id);
    return pg_cols_scan(PGS(st), &q_gb_scan, &p, "grootboek lezen mislukt",
                        sl_grootboekpost_row, &s);
}

/* ---- escalations ------------------------------------------------------------------ */

static bool pg_escalatie_add(sl_store *st, sl_escalatie *e, bool *bestaat)
{
    pg_store *ps = PGS(st);
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, e->address_id);
    sl_pg_param_text(&p, e->aanleiding);
    PGresult *res = pg_query(ps, &q_esc_open, &p, "escalatie lezen mislukt");
    if (!res)
        return false;
    *bestaat = PQntuples(res) > 0;
    if (*bestaat) {
        sl_cols c = pg_cols(res, 0);
        sl_escalatie_read(&c, e);
    }
    PQclear(res);
    if (*bestaat)
        return true;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, e->address_id);
    sl_pg_param_text(&p, e->aanleiding);
    sl_pg_param_text(&p, e->eigenaar);
    sl_pg_param_text(&p, e->aangemeld_op);
    if (!(res = pg_query(ps, &q_esc_add, &p, "escalatie vastleggen mislukt")))
        return false;
    bool got = PQntuples(res) > 0;
    if (got) {
        e->id = sl_pg_col_int(res, 0, 0);
        pg_col_copy(res, 0, 1, e->status, sizeof e->status);
        e->versie = sl_pg_col_int(res, 0, 2);
    }
    PQclear(res);
    return got || sl_store_fail(st, "escalatie vastleggen mislukt: geen rij");
}

static bool pg_escalatie_get(sl_store *st, int64_t id, sl_escalatie *out, bool *found)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, id);
    PGresult *res = pg_query(PGS(st), &q_esc_get, &p, "escalatie lezen mislukt");
    if (!res)
        return false;
    *found = PQntuples(res) > 0;
    if (*found) {
        sl_cols c = pg_cols(res, 0);
        sl_escalatie_read(&c, out);
    }
    PQclear(res);
    return true;
}

static bool pg_escalatie_update(sl_store *st, sl_escalatie *e, int64_t expect_versie, bool *stale)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, e->id);
    sl_pg_param_int(&p, expect_versie);
    sl_pg_param_text(&p, e->status);
    sl_pg_param_text(&p, e->eigenaar);
    int64_t v = 0;
    bool got;
    if (!one_row(PGS(st), &q_esc_update, &p, "escalatie bijwerken mislukt", &v, 1, &got))
        return false;
    *stale = !got;
    if (got)
        e->versie = v;
    return true;
}

static bool pg_escalaties_scan(sl_store *st, const sl_escalatie_filter *f,
                               sl_escalatie_lijst_cb cb, void *ctx)
{
    sl_termijn_scan s = {.cb.esc = cb, .ctx = ctx};
    sl_pg_params p;
    sl_pg_params_init(&p);
    pg_param_text_or_null(&p, f->status);
    pg_param_text_or_null(&p, f->aanleiding);
    pg_param_text_or_null(&p, f->gemeente);
    /* escalation cases are people's work, a few hundred at most: every dossier
     * lookup reads them (service/dossier_termijnen.c) */
    return pg_cols_scan_small(PGS(st), &q_esc_scan, &p, "escalaties lezen mislukt",
                              sl_escalatie_row, &s);
}

static bool pg_escalatiegebeurtenis_add(sl_store *st, sl_escalatiegebeurtenis *g)
{
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, g->escalatie_id);
    sl_pg_param_text(&p, g->soort);
    sl_pg_param_text(&p, g->status);
    sl_pg_param_text(&p, g->eigenaar);
    sl_pg_param_text(&p, g->mandaat);
    sl_pg_param_text(&p, g->reden);
    sl_pg_param_text(&p, g->door);
    sl_pg_param_text(&p, g->tijdstip);
    return insert_returning(PGS(st), &q_eg_add, &p, "escalatiegebeurtenis vastleggen mislukt",
                            &g->id, 1);
}

static bool pg_escalatiegebeurtenissen(sl_store *st, int64_t escalatie_id,
                                       sl_escalatiegebeurtenis_cb cb, void *ctx)
{
    sl_termijn_scan s = {.cb.eg = cb, .ctx = ctx};
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, escalatie_id);
    return pg_cols_scan(PGS(st), &q_eg_scan, &p, "escalatiegebeurtenissen lezen mislukt",
                        sl_escalatiegebeurtenis_row, &s);
}

const sl_termijnen_ops pg_termijnen_ops = {
    .termijnregels_actief = pg_termijnregels_actief,
    .termijnregels_max = pg_termijnregels_max,
    .termijnregels_publiceer = pg_termijnregels_publiceer,
    .termijnregels_versies = pg_termijnregels_versies,
    .termijnregels_versie = pg_termijnregels_versie,
    .opschorting_add = pg_opschorting_add,
    .verlenging_add = pg_verlenging_add,
    .opschortingen_scan = pg_opschortingen_scan,
    .verlengingen_scan = pg_verlengingen_scan,
    .termijn_claims_scan = pg_termijn_claims_scan,
    .termijn_trajecten_scan = pg_termijn_trajecten_scan,
    .ingebrekestelling_add = pg_ingebrekestelling_add,
    .ingebrekestelling_get = pg_ingebrekestelling_get,
    .ingebrekestelling_beslis = pg_ingebrekestelling_beslis,
    .ingebrekestellingen_scan = pg_ingebrekestellingen_scan,
    .grootboekpost_add = pg_grootboekpost_add,
    .grootboek_scan = pg_grootboek_scan,
    .escalatie_add = pg_escalatie_add,
    .escalatie_get = pg_escalatie_get,
    .escalatie_update = pg_escalatie_update,
    .escalaties_scan = pg_escalaties_scan,
    .escalatiegebeurtenis_add = pg_escalatiegebeurtenis_add,
    .escalatiegebeurtenissen = pg_escalatiegebeurtenissen,
};
