/*
 * ingebrekestellingen.c - notices of default, the Awb 4:17 penalty booked at
 * the decision, and the ledger per body (decision 161).
 */
#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "service/termijnbeheer_int.h"
#include "service/termijnen.h"

/* Notices and ledgers are read by the body's own staff (decision 162). */
static bool reads_ledger(const sl_actor *by, const char *org)
{
    return sl_tb_acts_for(by, org);
}

static bool is_staff(const sl_actor *by)
{
    sl_role r = by->viewer.role;
    return r == SL_ROLE_SVIP || r == SL_ROLE_ZAAKBEGELEIDER || r == SL_ROLE_BEWONERSBEGELEIDER;
}

static bool count_claim_cb(void *ctx, const sl_claim *c, bool absent)
{
    (void)c;
    *(int *)ctx += !absent;
    return true;
}

static bool count_trajectory_cb(void *ctx, const sl_trajectory *t, bool absent)
{
    (void)t;
    *(int *)ctx += !absent;
    return true;
}

/* Does `org` have a current case at the address? A ledger entry belongs to one. */
static bool has_case(sl_store *st, const char *org, int64_t address_id, bool *yes)
{
    int n = 0;
    bool ok = strcmp(org, "IMG") == 0
                  ? sl_store_claims_of(st, address_id, count_claim_cb, &n)
                  : sl_store_trajectories_of(st, address_id, count_trajectory_cb, &n);
    *yes = n > 0;
    return ok;
}

sl_outcome sl_ingebrekestelling_registreren(sl_store *st, const sl_actor *by, const char *img_id,
                                            const char *ncg_id, sl_date ontvangen,
                                            sl_date vandaag, sl_ingebrekestelling *out,
                                            char *err, size_t cap)
{
    const char *org = img_id && *img_id ? "IMG" : "NCG";
    if (ontvangen == SL_DATE_NONE)
        return sl_tb_fail(err, cap, SL_INVALID, "ontvangen_op: ontbreekt");
    if (vandaag != SL_DATE_NONE && ontvangen > vandaag)
        return sl_tb_fail(err, cap, SL_INVALID, "ontvangen_op: ligt in de toekomst");
    int64_t address_id;
    sl_outcome rc = sl_tb_case(st, img_id, ncg_id, &address_id, NULL, err, cap);
    if (rc != SL_OK)
        return rc;
    if (!sl_tb_acts_for(by, org))
        return sl_tb_fail(err, cap, SL_FORBIDDEN,
                          "een ingebrekestelling legt %s vast voor zijn eigen zaken", org);
    sl_ingebrekestelling n = {.address_id = address_id, .ontvangen_op = ontvangen};
    snprintf(n.organisatie, sizeof n.organisatie, "%s", org);
    snprintf(n.img_id, sizeof n.img_id, "%s", img_id ? img_id : "");
    snprintf(n.ncg_id, sizeof n.ncg_id, "%s", ncg_id ? ncg_id : "");
    snprintf(n.door, sizeof n.door, "%s", by->gebruiker);
    char gegevens[64];
    if (!sl_store_begin(st) || !sl_logboek_now(st, n.vastgelegd_op) ||
        !sl_store_ingebrekestelling_add(st, &n))
        return sl_tb_store_fail(st, err, cap);
    snprintf(gegevens, sizeof gegevens, "{\"ingebrekestelling\":%lld}", (long long)n.id);
    if (!sl_tb_log(st, by, address_id, "termijn:ingebrekestelling", gegevens) ||
        !sl_store_commit(st))
        return sl_tb_store_fail(st, err, cap);
    *out = n;
    return SL_OK;
}

sl_outcome sl_ingebrekestelling_lezen(sl_store *st, const sl_actor *by, int64_t id,
                                      sl_ingebrekestelling *out, char *err, size_t cap)
{
    bool found;
    if (!is_staff(by))
        return sl_tb_fail(err, cap, SL_FORBIDDEN, "ingebrekestellingen zijn voor de medewerkers"
                                                  " van IMG en NCG");
    if (!sl_store_ingebrekestelling_get(st, id, out, &found))
        return sl_tb_fail(err, cap, SL_ERROR, "%s", sl_store_errmsg(st));
    if (!found || !reads_ledger(by, out->organisatie))
        return sl_tb_fail(err, cap, SL_NOT_FOUND, "ingebrekestelling %lld bestaat niet",
                          (long long)id);
    return SL_OK;
}

sl_outcome sl_ingebrekestelling_beslissen(sl_store *st, const sl_actor *by, int64_t id,
                                          int64_t expect_versie, sl_date beslist,
                                          sl_ingebrekestelling *out, char *err, size_t cap)
{
    sl_ingebrekestelling n;
    sl_outcome rc = sl_ingebrekestelling_lezen(st, by, id, &n, err, cap);
    if (rc != SL_OK)
        return rc;
    if (!sl_tb_acts_for(by, n.organisatie))
        return sl_tb_fail(err, cap, SL_FORBIDDEN, "de beslissing legt %s zelf vast",
                          n.organisatie);
    if (beslist == SL_DATE_NONE)
        return sl_tb_fail(err, cap, SL_INVALID, "beslist_op: ontbreekt");
    if (beslist < n.ontvangen_op)
        return sl_tb_fail(err, cap, SL_INVALID,
                          "beslist_op: de beslissing ligt voor de ontvangst van de "
                          "ingebrekestelling");
    if (n.beslist_op != SL_DATE_NONE)
        return sl_tb_fail(err, cap, SL_CONFLICT, "op deze ingebrekestelling is al beslist");
    sl_dwangsom d;
    const char *why;
    if (!sl_dwangsom_bereken(n.ontvangen_op, beslist, SL_DATE_NONE, &d, &why))
        return sl_tb_fail(err, cap, SL_INVALID, "%s", why);
    bool stale;
    if (!sl_store_begin(st) ||
        !sl_store_ingebrekestelling_beslis(st, &n, beslist, expect_versie ? expect_versie
                                                                          : n.versie, &stale))
        return sl_tb_store_fail(st, err, cap);
    if (stale) {
        sl_store_rollback(st);
        return sl_tb_fail(err, cap, SL_STALE, "de ingebrekestelling is intussen gewijzigd");
    }
    if (d.bedrag_centen > 0) {
        sl_grootboekpost p = {.address_id = n.address_id, .ingebrekestelling_id = n.id,
                              .bedrag_centen = d.bedrag_centen, .datum = beslist};
        snprintf(p.organisatie, sizeof p.organisatie, "%s", n.organisatie);
        snprintf(p.soort, sizeof p.soort, "dwangsom");
        snprintf(p.reden, sizeof p.reden, "Dwangsom bij niet tijdig beslissen (Awb 4:17): %d dagen",
                 (int)d.dagen);
        snprintf(p.door, sizeof p.door, "%s", by->gebruiker);
        if (!sl_logboek_now(st, p.vastgelegd_op) || !sl_store_grootboekpost_add(st, &p))
            return sl_tb_store_fail(st, err, cap);
    }
    char gegevens[96];
    snprintf(gegevens, sizeof gegevens, "{\"ingebrekestelling\":%lld,\"dwangsom_centen\":%lld}",
             (long long)n.id, (long long)d.bedrag_centen);
    if (!sl_tb_log(st, by, n.address_id, "termijn:ingebrekestelling,grootboek", gegevens) ||
        !sl_store_commit(st))
        return sl_tb_store_fail(st, err, cap);
    *out = n;
    return SL_OK;
}

json_t *sl_ingebrekestelling_json(const sl_ingebrekestelling *n, sl_date vandaag)
{
    char id[17];
    sl_bag_format(n->address_id, id);
    sl_dwangsom d;
    const char *why;
    json_t *ds = sl_dwangsom_bereken(n->ontvangen_op, n->beslist_op, vandaag, &d, &why)
                     ? sl_dwangsom_json(n->ontvangen_op, n->beslist_op, &d)
                     : json_null();
    json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:s, s:I, s:o}", "id",
                          (json_int_t)n->id, "nummeraanduiding_id", id, "organisatie",
                          n->organisatie, "ontvangen_op", sl_tb_date_json(n->ontvangen_op),
                          "beslist_op", sl_tb_date_json(n->beslist_op), "vastgelegd_door",
                          n->door, "vastgelegd_op", n->vastgelegd_op, "versie",
                          (json_int_t)n->versie, "dwangsom", ds);
    const char *key = n->img_id[0] ? "img_id" : "ncg_id";
    if (o && json_object_set_new(o, key, json_string(n->img_id[0] ? n->img_id : n->ncg_id)))
        json_decref(o), o = NULL;
    return o;
}

typedef struct ibs_list {
    const sl_actor *by;
    sl_date vandaag;
    json_t *items;
    bool oom;
} ibs_list;

static bool ibs_cb(void *ctx, const sl_ingebrekestelling *n)
{
    ibs_list *l = ctx;
    if (!reads_ledger(l->by, n->organisatie))
        return true;
    json_t *o = sl_ingebrekestelling_json(n, l->vandaag);
    if (!o || json_array_append_new(l->items, o) != 0) {
        l->oom = true;
        return false;
    }
    return true;
}

sl_outcome sl_ingebrekestellingen_json(sl_store *st, const sl_actor *by, int64_t address_id,
                                       sl_date vandaag, json_t **out, char *err, size_t cap)
{
    if (!is_staff(by))
        return sl_tb_fail(err, cap, SL_FORBIDDEN, "ingebrekestellingen zijn voor de medewerkers"
                                                  " van IMG en NCG");
    ibs_list l = {.by = by, .vandaag = vandaag, .items = json_array()};
    if (!l.items)
        return sl_tb_fail(err, cap, SL_ERROR, "onvoldoende geheugen");
    if (!sl_store_ingebrekestellingen_scan(st, address_id, ibs_cb, &l) || l.oom) {
        json_decref(l.items);
        return sl_tb_fail(err, cap, SL_ERROR, "%s",
                          l.oom ? "onvoldoende geheugen" : sl_store_errmsg(st));
    }
    *out = json_pack("{s:o}", "items", l.items);
    return *out ? SL_OK : sl_tb_fail(err, cap, SL_ERROR, "onvoldoende geheugen");
}

sl_outcome sl_grootboek_boeken(sl_store *st, const sl_actor *by, sl_grootboekpost *p, char *err,
                               size_t cap)
{
    if (strcmp(p->soort, "betaling") != 0 && strcmp(p->soort, "compensatie") != 0)
        return sl_tb_fail(err, cap, SL_INVALID, "soort: betaling of compensatie");
    if (strcmp(p->organisatie, "IMG") != 0 && strcmp(p->organisatie, "NCG") != 0)
        return sl_tb_fail(err, cap, SL_INVALID, "organisatie: IMG of NCG");
    if (!sl_tb_acts_for(by, p->organisatie))
        return sl_tb_fail(err, cap, SL_FORBIDDEN, "alleen %s boekt in zijn eigen grootboek",
                          p->organisatie);
    if (p->bedrag_centen <= 0)
        return sl_tb_fail(err, cap, SL_INVALID, "bedrag_centen: groter dan 0");
    if (p->datum == SL_DATE_NONE)
        return sl_tb_fail(err, cap, SL_INVALID, "datum: ontbreekt");
    const char *why = sl_tb_text_problem(p->reden, SL_TERMIJN_TEKST_CAP - 1);
    if (why)
        return sl_tb_fail(err, cap, SL_INVALID, "reden: %s", why);
    bool yes;
    if (!has_case(st, p->organisatie, p->address_id, &yes))
        return sl_tb_fail(err, cap, SL_ERROR, "%s", sl_store_errmsg(st));
    if (!yes)
        return sl_tb_fail(err, cap, SL_NOT_FOUND, "op dit adres heeft %s geen zaak",
                          p->organisatie);
    if (p->ingebrekestelling_id) {
        sl_ingebrekestelling n;
        sl_outcome rc = sl_ingebrekestelling_lezen(st, by, p->ingebrekestelling_id, &n, err, cap);
        if (rc != SL_OK)
            return rc;
        if (strcmp(n.organisatie, p->organisatie) != 0 || n.address_id != p->address_id)
            return sl_tb_fail(err, cap, SL_INVALID,
                              "ingebrekestelling_id: hoort niet bij dit adres en deze organisatie");
    }
    snprintf(p->door, sizeof p->door, "%s", by->gebruiker);
    char gegevens[96];
    if (!sl_store_begin(st) || !sl_logboek_now(st, p->vastgelegd_op) ||
        !sl_store_grootboekpost_add(st, p))
        return sl_tb_store_fail(st, err, cap);
    snprintf(gegevens, sizeof gegevens, "{\"grootboekpost\":%lld,\"bedrag_centen\":%lld}",
             (long long)p->id, (long long)p->bedrag_centen);
    if (!sl_tb_log(st, by, p->address_id, "grootboek", gegevens) || !sl_store_commit(st))
        return sl_tb_store_fail(st, err, cap);
    return SL_OK;
}

typedef struct ledger {
    json_t *posten;
    int64_t owed, paid;
    bool oom;
} ledger;

static bool ledger_cb(void *ctx, const sl_grootboekpost *p)
{
    ledger *l = ctx;
    if (strcmp(p->soort, "betaling") == 0)
        l->paid += p->bedrag_centen;
    else
        l->owed += p->bedrag_centen;
    char id[17];
    sl_bag_format(p->address_id, id);
    json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:o, s:s, s:s, s:s}", "id", (json_int_t)p->id,
                          "nummeraanduiding_id", id, "soort", p->soort, "bedrag_centen",
                          (json_int_t)p->bedrag_centen, "datum", sl_tb_date_json(p->datum),
                          "reden", p->reden, "vastgelegd_door", p->door, "vastgelegd_op",
                          p->vastgelegd_op);
    if (o && p->ingebrekestelling_id &&
        json_object_set_new(o, "ingebrekestelling_id", json_integer(p->ingebrekestelling_id)))
        json_decref(o), o = NULL;
    if (!o || json_array_append_new(l->posten, o) != 0) {
        l->oom = true;
        return false;
    }
    return true;
}

sl_outcome sl_grootboek_json(sl_store *st, const sl_actor *by, const char *organisatie,
                             json_t **out, char *err, size_t cap)
{
    if (!organisatie || (strcmp(organisatie, "IMG") != 0 && strcmp(organisatie, "NCG") != 0))
        return sl_tb_fail(err, cap, SL_INVALID, "organisatie: IMG of NCG");
    if (!reads_ledger(by, organisatie))
        return sl_tb_fail(err, cap, SL_FORBIDDEN, "dit grootboek is van %s", organisatie);
    ledger l = {.posten = json_array()};
    if (!l.posten || !sl_store_grootboek_scan(st, organisatie, 0, ledger_cb, &l) || l.oom) {
        json_decref(l.posten);
        return sl_tb_fail(err, cap, SL_ERROR, "%s",
                          l.oom || !l.posten ? "onvoldoende geheugen" : sl_store_errmsg(st));
    }
    *out = json_pack("{s:s, s:I, s:I, s:I, s:o}", "organisatie", organisatie,
                     "verschuldigd_centen", (json_int_t)l.owed, "betaald_centen",
                     (json_int_t)l.paid, "saldo_centen", (json_int_t)(l.owed - l.paid),
                     "posten", l.posten);
    return *out ? SL_OK : sl_tb_fail(err, cap, SL_ERROR, "onvoldoende geheugen");
}
