/*
 * views.c - the PostgreSQL backend of the address view
 * (store/address_view_store.h): what a dossier shows in one statement.
 *
 * One statement is one snapshot by itself (READ COMMITTED takes one per
 * statement), so the view needs no REPEATABLE READ transaction around its
 * parts, and it costs one round trip where the families' reads cost one each
 * (decision 245). The parts come as one row set: each part's columns as the
 * family's own query selects them, from column 0, as text (so that the
 * branches of the UNION ALL agree; a boolean's text starts with t or f as its
 * own output does), padded with NULLs to the widest part, then the part's
 * number and the row's place in the part's order. The families' row readers
 * (pg_int.h) read them, so a column means the same here as there;
 * tests/service/test_address_view.c compares the view with their reads.
 */
#include <stdio.h>
#include <string.h>

#include "core/bag.h"
#include "store/pg/pg_int.h"
#include "store/termijnen_rows.h"

enum part { P_ADDRESS, P_TRAJ, P_CLAIM, P_CLASS, P_DOSSIER, P_ELEMENT, P_SIGNAL, P_CONSENT,
            P_HISTORY, P_DELIVERY, P_REGELSET, P_REGEL, P_OPSCHORTING, P_VERLENGING, P_NOTICE,
            P_ESCALATIE };
/* the widest parts (the address, a term rule with its version) have 16 columns;
 * then the part and its order */
enum { COL_PART = 16, COL_ORDER = 17 };

#define N1 ", NULL"
#define N2 N1 N1
#define N4 N2 N2
#define N8 N4 N4

/* The status history of the address, its trajectories, claims and dossier, as
 * records.c reads it (HISTORY_COLUMNS), with names for the outer query. */
#define HISTORY_SELECT                                                                      \
    "SELECT h.onderwerp, h.sleutel, h.veld, coalesce(h.van, '') AS van,"                    \
    " coalesce(h.naar, '') AS naar, h.datum, iso_utc(h.vastgelegd_op) AS vastgelegd_op,"    \
    " coalesce(h.levering_id, 0) AS levering_id, coalesce(h.gebruiker, '') AS gebruiker,"   \
    " h.id"

/* The claims' terms' suspensions and extensions are read claim after claim in the
 * claims' order (as the view's claims), each claim's by id, as termijnen.c's scans. */
#define CLAIM_TERM_ORDER "row_number() OVER (ORDER BY s.afwezig, s.ontvangen_op NULLS FIRST, s.id, x.id)"
#define CLAIM_TERM_JOIN                                                                     \
    " JOIN schade s ON s.img_id = x.img_id AND s.nummeraanduiding_id = $1"                 \
    " WHERE x.soort = $3 AND coalesce(x.ncg_id, '') = ''"

/* One statement of some 7,000 characters: longer than the 4,095 that ISO C asks
 * every compiler to take in one literal, which gcc and clang both exceed. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
static const sl_pg_query q_view = {
    "views_address",
    "WITH hist AS (" HISTORY_SELECT " FROM statushistorie h"
    "  WHERE h.onderwerp = 'adres' AND h.sleutel = $2"
    " UNION ALL " HISTORY_SELECT " FROM statushistorie h"
    "  WHERE h.onderwerp = 'combinatiedossier' AND h.sleutel = $2"
    " UNION ALL " HISTORY_SELECT " FROM traject t JOIN statushistorie h"
    "  ON h.onderwerp = 'traject' AND h.sleutel = t.ncg_id WHERE t.nummeraanduiding_id = $1"
    " UNION ALL " HISTORY_SELECT " FROM schade s JOIN statushistorie h"
    "  ON h.onderwerp = 'schade' AND h.sleutel = s.img_id WHERE s.nummeraanduiding_id = $1)"
    /* the address: records.c ADDRESS_COLUMNS and the id */
    " SELECT verblijfsobject_id::text, pand_id::text, coalesce(straat, ''),"
    "  huisnummer::text, huisletter::text, toevoeging::text, postcode::text,"
    "  coalesce(woonplaats, ''), gemeentecode::text, x::text, y::text,"
    "  coalesce(bouwjaar, 0)::text, kern::text, sleutel::text, afwezig::text,"
    "  nummeraanduiding_id::text, 0, 0::bigint"
    " FROM adres WHERE nummeraanduiding_id = $1"
    /* trajectories and claims: TRAJ_COLUMNS / CLAIM_COLUMNS, afwezig; records.c's order */
    " UNION ALL SELECT ncg_id::text, stap::text, stap_sinds::text, risicoprofiel::text,"
    "  batch::text, programma::text, bijzondere_situatie::text, keuze_bewoner::text,"
    "  bewonersbegeleider::text, aannemersovereenkomst::text, afwezig::text" N4 N1 ", 1,"
    "  row_number() OVER (ORDER BY afwezig, id)"
    " FROM traject WHERE nummeraanduiding_id = $1"
    " UNION ALL SELECT img_id::text, regeling::text, fase::text, fase_sinds::text,"
    "  ontvangen_op::text, urgent::text, aos::text, aos_gegrond::text, zaakbegeleider::text,"
    "  besluit_bedrag::text, afwezig::text" N4 N1 ", 2,"
    "  row_number() OVER (ORDER BY afwezig, ontvangen_op NULLS FIRST, id)"
    " FROM schade WHERE nummeraanduiding_id = $1"
    /* classification.c's q_get */
    " UNION ALL SELECT stap::text, fase::text, potentieel::text, groep::text,"
    "  matrixversie::text" N8 N2 N1 ", 3, 0"
    " FROM classificatie WHERE nummeraanduiding_id = $1"
    /* dossiers.c's q_get and q_elements_of */
    " UNION ALL SELECT zaakbegeleider::text, bewonersbegeleider::text, coordinator::text,"
    "  samenwerking::text, actueel::text, versie::text, iso_utc(aangemaakt_op),"
    "  iso_utc(gewijzigd_op), coordinator_id::text" N4 N2 N1 ", 4, 0"
    " FROM combinatiedossier WHERE nummeraanduiding_id = $1"
    " UNION ALL SELECT element::text, status::text, gevraagd_op::text, geregeld_op::text,"
    "  afgewezen_op::text, door::text" N8 N2 ", 5,"
    "  row_number() OVER (ORDER BY element COLLATE \"C\")"
    " FROM dossierelement WHERE nummeraanduiding_id = $1"
    /* signals.c's SIGNAL_COLUMNS, one row per addressee */
    " UNION ALL SELECT s.id::text, s.regel::text, s.variant::text, s.regelversie::text,"
    "  s.nummeraanduiding_id::text, s.status::text, s.tekst::text, iso_utc(s.aangemaakt_op),"
    "  s.vervalt_op::text,"
    "  coalesce(s.afgewezen_door, s.afgerond_door, s.bevestigd_door, '')::text,"
    "  coalesce(iso_utc(s.afgewezen_op), iso_utc(s.afgerond_op), iso_utc(s.bevestigd_op), ''),"
    "  coalesce(s.reden, '')::text, a.org::text, a.rol::text, a.persoon::text" N1 ", 6,"
    "  row_number() OVER (ORDER BY s.id, a.volgorde)"
    " FROM signaal s LEFT JOIN signaal_adressaat a ON a.signaal_id = s.id"
    " WHERE s.nummeraanduiding_id = $1"
    /* consent.c's CONSENT_COLUMNS, the latest row per purpose */
    " UNION ALL (SELECT DISTINCT ON (doel) id::text, nummeraanduiding_id::text, doel::text,"
    "  aangevraagd_op::text, gegeven_op::text, coalesce(kanaal, '')::text,"
    "  ingetrokken_op::text, beoordeling::text, vastgelegd_door::text, versie::text,"
    "  formulier_kenmerk::text, ingetrokken_door::text, vastgelegd_org::text,"
    "  bevestigd_door::text, coalesce(iso_utc(bevestigd_op), '')" N1 ", 7, 0"
    " FROM toestemming WHERE nummeraanduiding_id = $1 ORDER BY doel, id DESC)"
    " UNION ALL SELECT onderwerp::text, sleutel::text, veld::text, van::text, naar::text,"
    "  datum::text, vastgelegd_op, levering_id::text, gebruiker::text, id::text" N4 N2 ", 8,"
    "  row_number() OVER (ORDER BY id)"
    " FROM hist"
    /* the deliveries the history names */
    " UNION ALL SELECT l.id::text, l.bestand::text, l.soort::text" N8 N4 N1 ", 9, l.id"
    " FROM levering l WHERE l.id IN (SELECT levering_id FROM hist)"
    /* termijnen.c's q_actief and q_regels: the rule set in force and its rules */
    " UNION ALL SELECT versie::text" N8 N4 N2 N1 ", 10, 0 FROM termijnregelset WHERE actief"
    " UNION ALL SELECT d.soort::text, d.omschrijving::text, d.organisatie::text,"
    "  d.start_gebeurtenis::text, d.eind_gebeurtenis::text, d.lengte::text, d.eenheid::text,"
    "  d.wettelijk::text, d.fataal::text, d.verantwoordelijke::text, d.opschortbaar::text,"
    "  d.waarschuwing_dagen::text, d.aanname::text, d.compensatie_per_dag::text,"
    "  d.compensatie_max::text" N1 ", 11, row_number() OVER (ORDER BY d.soort COLLATE \"C\")"
    " FROM termijndefinitie d JOIN termijnregelset r ON r.versie = d.versie AND r.actief"
    /* termijnen.c's OPS_COLUMNS and VERL_COLUMNS of the claims' terms */
    " UNION ALL SELECT x.id::text, x.soort::text, coalesce(x.img_id, '')::text,"
    "  coalesce(x.ncg_id, '')::text, x.van::text, x.tot::text, x.reden::text, x.door::text,"
    "  iso_utc_ms(x.vastgelegd_op), coalesce(x.vervangt, 0)::text" N4 N2 ", 12,"
    "  " CLAIM_TERM_ORDER " FROM termijnopschorting x" CLAIM_TERM_JOIN
    " UNION ALL SELECT x.id::text, x.soort::text, coalesce(x.img_id, '')::text,"
    "  coalesce(x.ncg_id, '')::text, x.nieuw_einde::text, x.reden::text, x.door::text,"
    "  iso_utc_ms(x.vastgelegd_op)" N8 ", 13,"
    "  " CLAIM_TERM_ORDER " FROM termijnverlenging x" CLAIM_TERM_JOIN
    /* termijnen.c's IBS_COLUMNS and ESC_COLUMNS of the address, by id */
    " UNION ALL SELECT id::text, nummeraanduiding_id::text, organisatie::text,"
    "  coalesce(img_id, '')::text, coalesce(ncg_id, '')::text, ontvangen_op::text,"
    "  beslist_op::text, door::text, iso_utc_ms(vastgelegd_op), versie::text" N4 N2 ", 14, id"
    " FROM ingebrekestelling WHERE nummeraanduiding_id = $1"
    " UNION ALL SELECT id::text, nummeraanduiding_id::text, aanleiding::text, eigenaar::text,"
    "  status::text, iso_utc_ms(aangemeld_op), versie::text" N8 N1 ", 15, id"
    " FROM escalatie WHERE nummeraanduiding_id = $1"
    " ORDER BY 17, 18"};
#pragma GCC diagnostic pop

static bool oom(pg_store *ps) { return sl_store_fail(&ps->base, "onvoldoende geheugen"); }

#define PUSH(v, arr, n) sl_address_view_push((void **)&(v)->arr, &(v)->n, sizeof *(v)->arr)

static sl_kind kind_named(const char *name)
{
    static const sl_kind kinds[] = {SL_KIND_BAG, SL_KIND_NCG, SL_KIND_IMG};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(name, sl_kind_name(kinds[i])) == 0)
            return kinds[i];
    return SL_KIND_UNKNOWN;
}

/* A trajectory or claim row with its absent flag (column 10). */
static bool push_record(pg_store *ps, const PGresult *res, int r, sl_address_view *v,
                        bool claim)
{
    size_t n = claim ? v->n_claims : v->n_traj;
    void *item = claim ? PUSH(v, claims, n_claims) : PUSH(v, traj, n_traj);
    bool *flag = item ? sl_address_view_push(claim ? (void **)&v->claim_absent
                                                   : (void **)&v->traj_absent,
                                             &n, sizeof *flag)
                      : NULL;
    if (!flag)
        return oom(ps);
    if (claim)
        pg_read_claim(res, r, v->address.nummeraanduiding_id, item);
    else
        pg_read_trajectory(res, r, v->address.nummeraanduiding_id, item);
    *flag = sl_pg_col_bool(res, r, 10);
    return true;
}

/* A signal's first row starts it; the next rows of the same signal add addressees. */
static bool signal_row(pg_store *ps, const PGresult *res, int r, sl_address_view *v)
{
    if (v->n_signals && v->signals[v->n_signals - 1].id == sl_pg_col_int(res, r, 0)) {
        pg_read_addressee(res, r, &v->signals[v->n_signals - 1]);
        return true;
    }
    sl_signal *s = PUSH(v, signals, n_signals);
    if (!s)
        return oom(ps);
    pg_read_signal(res, r, s);
    pg_read_addressee(res, r, s);
    return true;
}

static bool opschorting_cb(void *ctx, const sl_termijn_opschorting_rij *o)
{
    sl_address_view *v = ctx;
    sl_termijn_opschorting_rij *item = PUSH(v, opschortingen, n_opschortingen);
    return item && (*item = *o, true);
}

static bool verlenging_cb(void *ctx, const sl_termijn_verlenging_rij *r)
{
    sl_address_view *v = ctx;
    sl_termijn_verlenging_rij *item = PUSH(v, verlengingen, n_verlengingen);
    return item && (*item = *r, true);
}

/* A part of the terms (termijnen.c's columns), read by termijnen_rows.c's readers. */
static bool term_row(pg_store *ps, const PGresult *res, int r, enum part part,
                     sl_address_view *v)
{
    sl_cols c = pg_cols(res, r);
    bool ok = true;
    switch (part) {
    case P_REGELSET:
        v->regelversie = (int32_t)sl_pg_col_int(res, r, 0);
        return true;
    case P_REGEL: {
        sl_termijn_regel *g = PUSH(v, regels, n_regels);
        if (g)
            sl_termijn_regel_read(&c, g);
        ok = g != NULL;
        break;
    }
    case P_OPSCHORTING:
        ok = sl_opschorting_row(&(sl_termijn_scan){.cb.ops = opschorting_cb, .ctx = v}, &c);
        break;
    case P_VERLENGING:
        ok = sl_verlenging_row(&(sl_termijn_scan){.cb.verl = verlenging_cb, .ctx = v}, &c);
        break;
    case P_NOTICE: {
        sl_ingebrekestelling *n = PUSH(v, notices, n_notices);
        if (n)
            sl_ingebrekestelling_read(&c, n);
        ok = n != NULL;
        break;
    }
    default: {
        sl_escalatie *e = PUSH(v, escalaties, n_escalaties);
        if (e)
            sl_escalatie_read(&c, e);
        ok = e != NULL;
        break;
    }
    }
    return ok || oom(ps);
}

static bool part_row(pg_store *ps, const PGresult *res, int r, enum part part,
                     sl_address_view *v)
{
    int64_t id = v->address.nummeraanduiding_id;
    switch (part) {
    case P_ADDRESS:
        pg_read_address(res, r, &v->address, &v->absent);
        v->found = true;
        return true;
    case P_TRAJ:
    case P_CLAIM:
        return push_record(ps, res, r, v, part == P_CLAIM);
    case P_CLASS:
        if (!pg_read_class(res, r, 0, &v->cls))
            return sl_store_fail(&ps->base, "onleesbare classificatie in register");
        v->cls.address_id = id;
        v->has_class = true;
        return true;
    case P_DOSSIER:
        pg_read_dossier_row(res, r, id, &v->dossier);
        v->has_dossier = true;
        return true;
    case P_ELEMENT: {
        sl_element_row e;
        if (!pg_read_element(res, r, &e))
            return true; /* an element this binary does not know, as elements_of */
        sl_element_row *item = PUSH(v, elements, n_elements);
        return item ? (*item = e, true) : oom(ps);
    }
    case P_SIGNAL:
        return signal_row(ps, res, r, v);
    case P_CONSENT: {
        sl_toestemming t;
        if (!pg_read_consent(res, r, &t))
            return sl_store_fail(&ps->base, "onleesbare toestemming in register");
        if (t.doel < SL_DOEL_COUNT) {
            v->consent[t.doel] = t;
            v->has_consent[t.doel] = true;
        }
        return true;
    }
    case P_HISTORY: {
        sl_history_row *h = PUSH(v, history, n_history);
        if (!h)
            return oom(ps);
        pg_read_history(res, r, h);
        return true;
    }
    case P_DELIVERY: {
        sl_view_delivery *d = PUSH(v, deliveries, n_deliveries);
        if (!d)
            return oom(ps);
        d->id = sl_pg_col_int(res, r, 0);
        pg_col_copy(res, r, 1, d->bestand, sizeof d->bestand);
        d->kind = kind_named(sl_pg_col_text(res, r, 2));
        return true;
    }
    default:
        return term_row(ps, res, r, part, v);
    }
}

static bool pg_address_view(sl_store *st, int64_t address_id, sl_address_view *out)
{
    pg_store *ps = PGS(st);
    char key[17];
    sl_bag_format(address_id, key);
    sl_pg_params p;
    sl_pg_params_init(&p);
    sl_pg_param_int(&p, address_id);
    sl_pg_param_text(&p, key);
    sl_pg_param_text(&p, SL_VIEW_TERMIJN_SOORT);
    PGresult *res = pg_query(ps, &q_view, &p, "adresdossier lezen mislukt");
    if (!res)
        return false;
    bool ok = true;
    /* the address comes first (part 0): without it there is no view */
    for (int r = 0; ok && r < PQntuples(res); r++) {
        enum part part = (enum part)sl_pg_col_int(res, r, COL_PART);
        if (part != P_ADDRESS && !out->found)
            break;
        ok = part_row(ps, res, r, part, out);
    }
    PQclear(res);
    return ok;
}

const sl_views_ops pg_views_ops = {
    .address_view = pg_address_view,
};
