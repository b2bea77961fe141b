/*
 * dossier_termijnen.c - a dossier's terms and escalation cases (decision 193).
 *
 * The terms are evaluated as the terms list does (service/termijnen.h), per
 * claim with only that claim's suspensions and extensions. What they are made
 * of comes with the address view (store/address_view_store.h, decision 251):
 * the rules in force, the rows, the notices and the escalation cases are
 * part of the dossier's one read, so they show the same state as the rest.
 */
#include "service/dossier_termijnen.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/dwangsom.h"
#include "service/termijnbeheer.h"
#include "service/termijnen.h"

/* A decided term stays in the dossier this long after its end event. */
#define RECENT_DAGEN 365
#define MAX_WIJZIGINGEN 64

typedef struct zaak_rows {
    sl_termijn_opschorting_rij os[MAX_WIJZIGINGEN];
    sl_termijn_verlenging_rij vs[MAX_WIJZIGINGEN];
    size_t n_os, n_vs;
    sl_ingebrekestelling ib; /* the claim's latest notice */
    bool has_ib;
    const char *img_id;
} zaak_rows;

static void keep_os(zaak_rows *z, const sl_termijn_opschorting_rij *r)
{
    if (z->n_os == MAX_WIJZIGINGEN) /* keep the newest, as the evaluation counts them */
        memmove(z->os, z->os + 1, (MAX_WIJZIGINGEN - 1) * sizeof *z->os), z->n_os--;
    z->os[z->n_os++] = *r;
}

static void keep_vs(zaak_rows *z, const sl_termijn_verlenging_rij *r)
{
    if (z->n_vs == MAX_WIJZIGINGEN)
        memmove(z->vs, z->vs + 1, (MAX_WIJZIGINGEN - 1) * sizeof *z->vs), z->n_vs--;
    z->vs[z->n_vs++] = *r;
}

static bool same_zaak(const sl_termijn_zaak *k, const char *soort, const char *img_id)
{
    return strcmp(k->soort, soort) == 0 && strcmp(k->img_id, img_id) == 0 && !k->ncg_id[0];
}

/* The claim's suspensions, extensions and latest notice, from the view's rows. */
static void claim_rows(const sl_address_view *av, const char *soort, zaak_rows *z)
{
    for (size_t i = 0; i < av->n_opschortingen; i++)
        if (same_zaak(&av->opschortingen[i].zaak, soort, z->img_id))
            keep_os(z, &av->opschortingen[i]);
    for (size_t i = 0; i < av->n_verlengingen; i++)
        if (same_zaak(&av->verlengingen[i].zaak, soort, z->img_id))
            keep_vs(z, &av->verlengingen[i]);
    for (size_t i = 0; i < av->n_notices; i++)
        if (strcmp(av->notices[i].img_id, z->img_id) == 0) {
            z->ib = av->notices[i]; /* oldest first: the last one is the latest */
            z->has_ib = true;
        }
}

static void jw_date(sl_jw *w, sl_date d)
{
    if (d == SL_DATE_NONE) {
        sl_jw_null(w);
        return;
    }
    char buf[11];
    sl_date_format(d, buf);
    sl_jw_string(w, buf);
}

static void jw_suspensions(sl_jw *w, const zaak_rows *z, bool eigen)
{
    sl_jw_key(w, "opschortingen");
    sl_jw_array(w);
    for (size_t i = 0; i < z->n_os; i++) {
        const sl_termijn_opschorting_rij *r = &z->os[i];
        sl_jw_object(w);
        sl_jw_key(w, "van"), jw_date(w, r->van);
        sl_jw_key(w, "tot"), jw_date(w, r->tot);
        if (r->vervangt)
            sl_jw_key(w, "beeindigt"), sl_jw_int(w, r->vervangt);
        sl_jw_key(w, "id"), sl_jw_int(w, r->id);
        if (eigen) {
            sl_jw_key(w, "reden"), sl_jw_string_or_null(w, r->reden);
            sl_jw_key(w, "door"), sl_jw_string(w, r->door);
        }
        sl_jw_object_end(w);
    }
    sl_jw_array_end(w);
    sl_jw_key(w, "verlengingen");
    sl_jw_array(w);
    for (size_t i = 0; i < z->n_vs; i++) {
        const sl_termijn_verlenging_rij *r = &z->vs[i];
        sl_jw_object(w);
        sl_jw_key(w, "nieuw_einde"), jw_date(w, r->nieuw_einde);
        if (eigen) {
            sl_jw_key(w, "reden"), sl_jw_string_or_null(w, r->reden);
            sl_jw_key(w, "door"), sl_jw_string(w, r->door);
        }
        sl_jw_object_end(w);
    }
    sl_jw_array_end(w);
}

/* The claim's notice of default with its penalty on `vandaag`; the amount only
 * when amounts may be shown, the notice's number only to the owning body. */
static void jw_notice(sl_jw *w, const zaak_rows *z, const sl_dossier_termijn_zicht *zicht,
                      sl_date vandaag)
{
    sl_jw_key(w, "ingebrekestelling");
    if (!z->has_ib) {
        sl_jw_null(w);
        return;
    }
    sl_dwangsom d;
    const char *why;
    bool ok = sl_dwangsom_bereken(z->ib.ontvangen_op, z->ib.beslist_op, vandaag, &d, &why);
    sl_jw_object(w);
    if (zicht->eigen)
        sl_jw_key(w, "id"), sl_jw_int(w, z->ib.id), sl_jw_key(w, "versie"),
            sl_jw_int(w, z->ib.versie);
    sl_jw_key(w, "ontvangen_op"), jw_date(w, z->ib.ontvangen_op);
    sl_jw_key(w, "beslist_op"), jw_date(w, z->ib.beslist_op);
    sl_jw_key(w, "dwangsom_loopt"), sl_jw_bool(w, ok && d.loopt);
    sl_jw_key(w, "dwangsom_dagen"), sl_jw_int(w, ok ? d.dagen : 0);
    if (zicht->cats & SL_CAT_BEDRAGEN)
        sl_jw_key(w, "dwangsom_centen"), sl_jw_int(w, ok ? d.bedrag_centen : 0);
    sl_jw_key(w, "dwangsom_eerste_dag"), jw_date(w, ok ? d.eerste_dag : SL_DATE_NONE);
    sl_jw_object_end(w);
}

static bool recent(const sl_termijn_uitkomst *u, sl_date gehaald, sl_date vandaag)
{
    if (u->status == SL_TERMIJN_LOPEND || u->status == SL_TERMIJN_OPGESCHORT)
        return true;
    sl_date end = gehaald != SL_DATE_NONE ? gehaald : vandaag;
    return vandaag - end <= RECENT_DAGEN;
}

/* One claim's term; nothing when it has none (no start) or it ended long ago. */
static void jw_claim_term(const sl_dossier_termijn_zicht *zicht, const sl_termijn_def *def,
                          const sl_claim *c, const sl_address_view *av, sl_date vandaag,
                          zaak_rows *z, sl_jw *w)
{
    static const sl_calendar none = {0};
    sl_date gehaald;
    sl_termijn_uitkomst u;
    if (!sl_termijn_claim(&none, def, c, vandaag, &gehaald, &u))
        return;
    memset(z, 0, sizeof *z);
    z->img_id = c->img_id;
    claim_rows(av, def->soort, z);
    if (z->n_os || z->n_vs) {
        sl_termijn_wijziging wo[MAX_WIJZIGINGEN], wv[MAX_WIJZIGINGEN];
        for (size_t i = 0; i < z->n_os; i++)
            wo[i] = (sl_termijn_wijziging){.id = z->os[i].id, .vervangt = z->os[i].vervangt,
                                           .van = z->os[i].van, .tot = z->os[i].tot};
        for (size_t i = 0; i < z->n_vs; i++)
            wv[i] = (sl_termijn_wijziging){.id = z->vs[i].id, .van = SL_DATE_NONE,
                                           .tot = z->vs[i].nieuw_einde};
        if (!sl_termijn_met_wijzigingen(&none, def, c->ontvangen_op, gehaald, vandaag, wo,
                                        z->n_os, wv, z->n_vs, &u))
            return; /* a change the evaluation refuses: as the terms list, not shown */
    }
    if (!recent(&u, gehaald, vandaag))
        return;
    sl_jw_object(w);
    sl_jw_key(w, "soort"), sl_jw_string(w, def->soort);
    sl_jw_key(w, "organisatie"), sl_jw_string(w, def->organisatie);
    sl_jw_key(w, "verantwoordelijke"), sl_jw_string(w, sl_partij_name(def->verantwoordelijke));
    sl_jw_key(w, "img_id"), sl_jw_string(w, c->img_id);
    sl_jw_key(w, "start"), jw_date(w, c->ontvangen_op);
    sl_jw_key(w, "einde"), jw_date(w, u.einde);
    sl_jw_key(w, "status"), sl_jw_string(w, sl_termijn_status_name(u.status));
    sl_jw_key(w, "waarschuwing"), sl_jw_bool(w, u.waarschuwing);
    sl_jw_key(w, "dagen_resterend"), sl_jw_int(w, u.dagen_resterend);
    sl_jw_key(w, "gehaald_op"), jw_date(w, gehaald);
    sl_jw_key(w, "opgeschorte_dagen"), sl_jw_int(w, u.opgeschorte_dagen);
    sl_jw_key(w, "wettelijk"), sl_jw_bool(w, def->wettelijk);
    sl_jw_key(w, "fataal"), sl_jw_bool(w, def->fataal);
    jw_suspensions(w, z, zicht->eigen);
    jw_notice(w, z, zicht, vandaag);
    sl_jw_object_end(w);
}

bool sl_dossier_termijnen_jw(sl_store *st, const sl_dossier_termijn_zicht *z,
                             const sl_address_view *av, sl_date vandaag, sl_jw *w)
{
    sl_jw_key(w, "termijnen");
    unsigned need = SL_CAT_STATUS | SL_CAT_DATUMS;
    if (!z->shown || (z->cats & need) != need) {
        sl_jw_null(w);
        return true;
    }
    sl_termijnregels *regels = sl_malloc(sizeof *regels);
    zaak_rows *rows = sl_malloc(sizeof *rows);
    bool ok = regels && rows;
    if (ok) {
        sl_termijnregels_uit(av->regelversie, av->regels, av->n_regels, regels);
        const sl_termijn_def *def = sl_termijnregels_def(regels, SL_VIEW_TERMIJN_SOORT);
        sl_jw_array(w);
        for (size_t i = 0; def && i < av->n_claims; i++)
            if (!av->claim_absent[i])
                jw_claim_term(z, def, &av->claims[i], av, vandaag, rows, w);
        sl_jw_array_end(w);
    }
    sl_free(rows);
    sl_free(regels);
    return ok || sl_store_fail(st, "onvoldoende geheugen");
}

static void jw_escalatie(sl_jw *w, const sl_escalatie *e)
{
    sl_jw_object(w);
    sl_jw_key(w, "id"), sl_jw_int(w, e->id);
    sl_jw_key(w, "aanleiding"), sl_jw_string(w, e->aanleiding);
    sl_jw_key(w, "status"), sl_jw_string(w, e->status);
    sl_jw_key(w, "eigenaar"), sl_jw_string_or_null(w, e->eigenaar);
    sl_jw_key(w, "aangemeld_op"), sl_jw_string(w, e->aangemeld_op);
    sl_jw_object_end(w);
}

void sl_dossier_escalaties_jw(const sl_viewer *v, const sl_address_view *av, sl_jw *w)
{
    sl_jw_key(w, "escalaties");
    switch (v->role) {
    case SL_ROLE_ZAAKBEGELEIDER: case SL_ROLE_BEWONERSBEGELEIDER: case SL_ROLE_COORDINATOR:
    case SL_ROLE_INTERVENTIETEAM:
        break;
    default:
        sl_jw_null(w);
        return;
    }
    sl_jw_array(w);
    for (size_t i = 0; i < av->n_escalaties; i++)
        if (strcmp(av->escalaties[i].status, "gesloten") != 0)
            jw_escalatie(w, &av->escalaties[i]);
    sl_jw_array_end(w);
}
