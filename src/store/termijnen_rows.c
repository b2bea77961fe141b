/*
 * termijnen_rows.c - the terms family's rows read once for both stores
 * (termijnen_rows.h).
 */
#include "store/termijnen_rows.h"

#include <string.h>

#include "core/vocab.h"

static void read_unit(const char *t, sl_term_unit *out)
{
    for (int u = SL_UNIT_DAYS; t && u <= SL_UNIT_MONTHS; u++)
        if (strcmp(t, sl_term_unit_name((sl_term_unit)u)) == 0)
            *out = (sl_term_unit)u; /* CHECKed; left as it was otherwise */
}

void sl_termijn_regel_read(const sl_cols *c, sl_termijn_regel *r)
{
    memset(r, 0, sizeof *r);
    sl_col_copy(c, 0, r->soort, sizeof r->soort);
    sl_col_copy(c, 1, r->omschrijving, sizeof r->omschrijving);
    sl_col_copy(c, 2, r->organisatie, sizeof r->organisatie);
    sl_col_copy(c, 3, r->start_gebeurtenis, sizeof r->start_gebeurtenis);
    sl_col_copy(c, 4, r->eind_gebeurtenis, sizeof r->eind_gebeurtenis);
    r->lengte = (int32_t)sl_col_num(c, 5);
    read_unit(sl_col_text(c, 6), &r->eenheid);
    r->wettelijk = sl_col_flag(c, 7);
    r->fataal = sl_col_flag(c, 8);
    const char *p = sl_col_text(c, 9);
    r->verantwoordelijke = p && strcmp(p, "bewoner") == 0 ? SL_PARTIJ_BEWONER
                                                           : SL_PARTIJ_OVERHEID;
    r->opschortbaar = sl_col_flag(c, 10);
    r->waarschuwing_dagen = (int32_t)sl_col_num(c, 11);
    r->aanname = sl_col_flag(c, 12);
    r->compensatie_per_dag = sl_col_num(c, 13);
    r->compensatie_max = sl_col_num(c, 14);
}

void sl_ingebrekestelling_read(const sl_cols *c, sl_ingebrekestelling *n)
{
    memset(n, 0, sizeof *n);
    n->id = sl_col_num(c, 0);
    n->address_id = sl_col_num(c, 1);
    sl_col_copy(c, 2, n->organisatie, sizeof n->organisatie);
    sl_col_copy(c, 3, n->img_id, sizeof n->img_id);
    sl_col_copy(c, 4, n->ncg_id, sizeof n->ncg_id);
    n->ontvangen_op = sl_col_date(c, 5);
    n->beslist_op = sl_col_date(c, 6);
    sl_col_copy(c, 7, n->door, sizeof n->door);
    sl_col_copy(c, 8, n->vastgelegd_op, sizeof n->vastgelegd_op);
    n->versie = sl_col_num(c, 9);
}

void sl_escalatie_read(const sl_cols *c, sl_escalatie *e)
{
    memset(e, 0, sizeof *e);
    e->id = sl_col_num(c, 0);
    e->address_id = sl_col_num(c, 1);
    sl_col_copy(c, 2, e->aanleiding, sizeof e->aanleiding);
    sl_col_copy(c, 3, e->eigenaar, sizeof e->eigenaar);
    sl_col_copy(c, 4, e->status, sizeof e->status);
    sl_col_copy(c, 5, e->aangemeld_op, sizeof e->aangemeld_op);
    e->versie = sl_col_num(c, 6);
}

bool sl_termijn_regel_row(void *scan, const sl_cols *c)
{
    const sl_termijn_scan *s = scan;
    sl_termijn_regel r;
    sl_termijn_regel_read(c, &r);
    return s->cb.regel(s->ctx, &r);
}

bool sl_regelset_versie_row(void *scan, const sl_cols *c)
{
    const sl_termijn_scan *s = scan;
    sl_regelset_versie v = {.versie = (int32_t)sl_col_num(c, 0), .actief = sl_col_flag(c, 1)};
    sl_col_copy(c, 2, v.omschrijving, sizeof v.omschrijving);
    sl_col_copy(c, 3, v.door, sizeof v.door);
    sl_col_copy(c, 4, v.ingevoerd_op, sizeof v.ingevoerd_op);
    return s->cb.versie(s->ctx, &v);
}

static void read_zaak(const sl_cols *c, int col, sl_termijn_zaak *z)
{
    sl_col_copy(c, col, z->soort, sizeof z->soort);
    sl_col_copy(c, col + 1, z->img_id, sizeof z->img_id);
    sl_col_copy(c, col + 2, z->ncg_id, sizeof z->ncg_id);
}

bool sl_opschorting_row(void *scan, const sl_cols *c)
{
    const sl_termijn_scan *s = scan;
    sl_termijn_opschorting_rij o;
    memset(&o, 0, sizeof o);
    o.id = sl_col_num(c, 0);
    read_zaak(c, 1, &o.zaak);
    o.van = sl_col_date(c, 4);
    o.tot = sl_col_date(c, 5);
    sl_col_copy(c, 6, o.reden, sizeof o.reden);
    sl_col_copy(c, 7, o.door, sizeof o.door);
    sl_col_copy(c, 8, o.vastgelegd_op, sizeof o.vastgelegd_op);
    o.vervangt = sl_col_num(c, 9);
    return s->cb.ops(s->ctx, &o);
}

bool sl_verlenging_row(void *scan, const sl_cols *c)
{
    const sl_termijn_scan *s = scan;
    sl_termijn_verlenging_rij v;
    memset(&v, 0, sizeof v);
    v.id = sl_col_num(c, 0);
    read_zaak(c, 1, &v.zaak);
    v.nieuw_einde = sl_col_date(c, 4);
    sl_col_copy(c, 5, v.reden, sizeof v.reden);
    sl_col_copy(c, 6, v.door, sizeof v.door);
    sl_col_copy(c, 7, v.vastgelegd_op, sizeof v.vastgelegd_op);
    return s->cb.verl(s->ctx, &v);
}

/* The text of a column that may be NULL, as "" (for the vocabulary's parsers). */
static const char *text_or_empty(const sl_cols *c, int col)
{
    const char *t = sl_col_text(c, col);
    return t ? t : "";
}

bool sl_termijn_claim_row(void *scan, const sl_cols *c)
{
    const sl_termijn_scan *s = scan;
    const char *fase = text_or_empty(c, 2);
    sl_termijn_claim_rij r = {.img_id = sl_col_text(c, 0), .address_id = sl_col_num(c, 1),
                              .fase_sinds = sl_col_date(c, 3),
                              .ontvangen_op = sl_col_date(c, 4)};
    if (!r.img_id || !sl_fase_parse(fase, strlen(fase), &r.fase))
        return true; /* CHECKed on import; a row it cannot read has no term */
    return s->cb.claim(s->ctx, &r);
}

bool sl_termijn_traject_row(void *scan, const sl_cols *c)
{
    const sl_termijn_scan *s = scan;
    const char *stap = text_or_empty(c, 2);
    sl_termijn_traject_rij t = {.ncg_id = sl_col_text(c, 0), .address_id = sl_col_num(c, 1),
                                .stap_sinds = sl_col_date(c, 3)};
    if (!t.ncg_id || !sl_stap_parse(stap, strlen(stap), &t.stap))
        return true; /* as for claims: a row it cannot read has no term */
    return s->cb.traject(s->ctx, &t);
}

bool sl_ingebrekestelling_row(void *scan, const sl_cols *c)
{
    const sl_termijn_scan *s = scan;
    sl_ingebrekestelling n;
    sl_ingebrekestelling_read(c, &n);
    return s->cb.ibs(s->ctx, &n);
}

bool sl_grootboekpost_row(void *scan, const sl_cols *c)
{
    const sl_termijn_scan *s = scan;
    sl_grootboekpost p;
    memset(&p, 0, sizeof p);
    p.id = sl_col_num(c, 0);
    sl_col_copy(c, 1, p.organisatie, sizeof p.organisatie);
    p.address_id = sl_col_num(c, 2);
    p.ingebrekestelling_id = sl_col_num(c, 3);
    sl_col_copy(c, 4, p.soort, sizeof p.soort);
    p.bedrag_centen = sl_col_num(c, 5);
    p.datum = sl_col_date(c, 6);
    sl_col_copy(c, 7, p.reden, sizeof p.reden);
    sl_col_copy(c, 8, p.door, sizeof p.door);
    sl_col_copy(c, 9, p.vastgelegd_op, sizeof p.vastgelegd_op);
    return s->cb.gb(s->ctx, &p);
}

bool sl_escalatie_row(void *scan, const sl_cols *c)
{
    const sl_termijn_scan *s = scan;
    sl_escalatie e;
    char gemeente[8];
    sl_escalatie_read(c, &e);
    sl_col_copy(c, 7, gemeente, sizeof gemeente);
    return s->cb.esc(s->ctx, &e, gemeente);
}

bool sl_escalatiegebeurtenis_row(void *scan, const sl_cols *c)
{
    const sl_termijn_scan *s = scan;
    sl_escalatiegebeurtenis g;
    memset(&g, 0, sizeof g);
    g.id = sl_col_num(c, 0);
    g.escalatie_id = sl_col_num(c, 1);
    sl_col_copy(c, 2, g.soort, sizeof g.soort);
    sl_col_copy(c, 3, g.status, sizeof g.status);
    sl_col_copy(c, 4, g.eigenaar, sizeof g.eigenaar);
    sl_col_copy(c, 5, g.mandaat, sizeof g.mandaat);
    sl_col_copy(c, 6, g.reden, sizeof g.reden);
    sl_col_copy(c, 7, g.door, sizeof g.door);
    sl_col_copy(c, 8, g.tijdstip, sizeof g.tijdstip);
    return s->cb.eg(s->ctx, &g);
}
