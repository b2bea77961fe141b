/*
 * termijn_signalen.c - the sweep's term signals and compensations (issue 13,
 * decisions 186-189; see termijnbeheer.h).
 *
 * Reads first, in the term listing's own snapshot: every term on the day
 * (service/termijnen.h) and every notice of default. What they call for is
 * decided by the core (core/termijn_signaal.h) and gathered as wanted signals,
 * one per rule, variant (the term kind; for a penalty the body) and address,
 * due on the earliest end. Then one write transaction compares that with the
 * unfinished signals of rules 11-13: what is wanted and missing is raised,
 * what stands and is no longer wanted is closed with the reason, the rest is
 * left alone, so a second run on the same day changes nothing. Compensations
 * that became final are booked once in the same transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/termijn_signaal.h"
#include "service/signals.h"
#include "service/termijnbeheer_int.h"
#include "service/termijnen.h"
#include "store/signals_store.h"

/* The three term rules of the active set, by trigger; NULL where switched off. */
typedef struct term_rules {
    sl_ruleset set;
    const sl_signal_rule *nadert, *verstreken, *dwangsom;
} term_rules;

typedef struct wanted {
    int64_t address_id;
    int32_t regel;
    char variant[SL_RULE_VARIANT_CAP];
    char org[SL_ORG_CAP];
    sl_date due;
} wanted;

/* A compensation that is final on the day (decision 189). */
typedef struct owed {
    int64_t address_id;
    char org[SL_ORG_CAP];
    char soort[SL_TERMIJN_SOORT_CAP];
    char zaak_id[SL_ID_CAP];
    sl_date einde, datum;
    int32_t dagen;
    int64_t centen;
} owed;

typedef struct sweep {
    sl_store *st;
    sl_date today;
    term_rules rules;
    sl_termijnregels *regels;
    wanted *w;
    size_t n_w, cap_w;
    owed *o;
    size_t n_o, cap_o;
    bool oom;
} sweep;

static bool grow(void **v, size_t *cap, size_t n, size_t size, bool *oom)
{
    if (n < *cap)
        return true;
    size_t ncap = *cap ? *cap * 2 : 64;
    void *g = sl_realloc(*v, ncap * size);
    if (!g) {
        *oom = true;
        return false;
    }
    *v = g;
    *cap = ncap;
    return true;
}

static bool want(sweep *s, const sl_signal_rule *rule, int64_t address_id, const char *variant,
                 const char *org, sl_date due)
{
    if (!rule)
        return true;
    if (!grow((void **)&s->w, &s->cap_w, s->n_w, sizeof *s->w, &s->oom))
        return false;
    wanted *w = &s->w[s->n_w++];
    memset(w, 0, sizeof *w);
    w->address_id = address_id;
    w->regel = rule->regel;
    snprintf(w->variant, sizeof w->variant, "%s", variant);
    snprintf(w->org, sizeof w->org, "%s", org);
    w->due = due;
    return true;
}

/*
 * Final on `today`: the end event came (the days up to it), or the scheme's
 * maximum is reached while it has not (booked on the day it was reached).
 * While it still grows it is not booked: one entry per term, never changed.
 */
static bool final_compensation(const sl_termijn_regel *r, const sl_termijn_item *it,
                               sl_date today, owed *out)
{
    sl_date einde = it->uitkomst.einde, eind = it->eind_gebeurtenis;
    int64_t centen = sl_termijn_compensatie(r, it->def, einde, eind, today);
    if (centen <= 0)
        return false;
    if (eind != SL_DATE_NONE) {
        out->datum = eind;
        out->dagen = (int32_t)(eind - einde);
    } else if (r->compensatie_max > 0 && centen >= r->compensatie_max) {
        int64_t days = (r->compensatie_max + r->compensatie_per_dag - 1) / r->compensatie_per_dag;
        out->datum = einde + (sl_date)days;
        out->dagen = (int32_t)days;
    } else {
        return false;
    }
    out->centen = centen;
    out->einde = einde;
    return true;
}

static bool owe(sweep *s, const sl_termijn_item *it)
{
    const sl_termijn_regel *r = sl_termijnregels_regel(s->regels, it->def->soort);
    owed o;
    memset(&o, 0, sizeof o);
    if (!r || it->uitkomst.status != SL_TERMIJN_VERSTREKEN ||
        !final_compensation(r, it, s->today, &o))
        return true;
    if (!grow((void **)&s->o, &s->cap_o, s->n_o, sizeof *s->o, &s->oom))
        return false;
    o.address_id = it->nummeraanduiding_id;
    snprintf(o.org, sizeof o.org, "%s", it->def->organisatie);
    snprintf(o.soort, sizeof o.soort, "%s", it->def->soort);
    snprintf(o.zaak_id, sizeof o.zaak_id, "%s", it->img_id ? it->img_id : it->ncg_id);
    s->o[s->n_o++] = o;
    return true;
}

static bool term_cb(void *ctx, const sl_termijn_item *it)
{
    sweep *s = ctx;
    sl_trigger t;
    if (sl_termijn_signaal(it->def, &it->uitkomst, it->eind_gebeurtenis, &t) &&
        !want(s, t == SL_TRIGGER_TERMIJN_NADERT ? s->rules.nadert : s->rules.verstreken,
              it->nummeraanduiding_id, it->def->soort, it->def->organisatie, it->uitkomst.einde))
        return false;
    return owe(s, it);
}

static bool notice_cb(void *ctx, const sl_ingebrekestelling *n)
{
    sweep *s = ctx;
    sl_dwangsom d;
    if (n->beslist_op != SL_DATE_NONE ||
        !sl_dwangsom_bereken(n->ontvangen_op, SL_DATE_NONE, s->today, &d, NULL) ||
        !sl_dwangsom_signaal(n->beslist_op, &d))
        return true;
    /* one penalty signal per body and address: its variant is the body */
    char variant[SL_ORG_CAP];
    for (size_t i = 0; i < sizeof variant; i++)
        variant[i] = (char)(n->organisatie[i] >= 'A' && n->organisatie[i] <= 'Z'
                                ? n->organisatie[i] - 'A' + 'a'
                                : n->organisatie[i]);
    return want(s, s->rules.dwangsom, n->address_id, variant, n->organisatie, d.maximum_op);
}

static int key_cmp(int64_t a1, int32_t r1, const char *v1, int64_t a2, int32_t r2,
                   const char *v2)
{
    if (a1 != a2)
        return a1 < a2 ? -1 : 1;
    if (r1 != r2)
        return r1 < r2 ? -1 : 1;
    return strcmp(v1, v2);
}

static int by_key(const void *a, const void *b)
{
    const wanted *x = a, *y = b;
    int c = key_cmp(x->address_id, x->regel, x->variant, y->address_id, y->regel, y->variant);
    return c ? c : (x->due > y->due) - (x->due < y->due);
}

/* One wanted signal per key, due on its earliest end (the list sorted by key, then due). */
static void collapse(sweep *s)
{
    if (s->n_w > 1)
        qsort(s->w, s->n_w, sizeof *s->w, by_key);
    size_t out = 0;
    for (size_t i = 0; i < s->n_w; i++)
        if (!out || key_cmp(s->w[out - 1].address_id, s->w[out - 1].regel, s->w[out - 1].variant,
                            s->w[i].address_id, s->w[i].regel, s->w[i].variant) != 0)
            s->w[out++] = s->w[i];
    s->n_w = out;
}

/* ---- the unfinished term signals ------------------------------------------------- */

typedef struct standing {
    sl_signal *v;
    size_t n, cap;
    bool oom;
} standing;

static bool standing_cb(void *ctx, const sl_signal *sig)
{
    standing *l = ctx;
    if (!sl_signal_unfinished(sig->status))
        return true;
    if (!grow((void **)&l->v, &l->cap, l->n, sizeof *l->v, &l->oom))
        return false;
    l->v[l->n++] = *sig;
    return true;
}

static int standing_cmp(const void *a, const void *b)
{
    const sl_signal *x = a, *y = b;
    return key_cmp(x->address_id, x->regel, x->variant, y->address_id, y->regel, y->variant);
}

static bool read_standing(sl_store *st, const term_rules *r, standing *l)
{
    const sl_signal_rule *rules[] = {r->nadert, r->verstreken, r->dwangsom};
    for (size_t i = 0; i < 3; i++) {
        sl_signal_filter f = {.regel = rules[i] ? rules[i]->regel : 0, .status = -1};
        if (rules[i] && (!sl_store_signals_scan(st, &f, standing_cb, l) || l->oom))
            return false;
    }
    if (l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, standing_cmp);
    return true;
}

/* Why a term signal no longer stands (decision 186), in the words the system closes it with. */
static const char *lapse_reason(const term_rules *r, int32_t regel)
{
    if (r->dwangsom && regel == r->dwangsom->regel)
        return "Vervallen: er is beslist op de ingebrekestelling.";
    if (r->verstreken && regel == r->verstreken->regel)
        return "Vervallen: het besluit of de stap is er, of de termijn is verlengd of "
               "opgeschort.";
    return "Vervallen: de termijn is gehaald, verlengd of opgeschort, of inmiddels verstreken.";
}

static const sl_signal_rule *rule_numbered(const term_rules *r, int32_t regel)
{
    const sl_signal_rule *all[] = {r->nadert, r->verstreken, r->dwangsom};
    for (size_t i = 0; i < 3; i++)
        if (all[i] && all[i]->regel == regel)
            return all[i];
    return NULL;
}

/* Raises the wanted ones that do not stand, closes the standing ones no longer wanted. */
static bool reconcile(sweep *s, standing *l, sl_termijnsignalen_telling *tel)
{
    size_t i = 0, k = 0;
    while (i < s->n_w || k < l->n) {
        int c = i == s->n_w ? 1
                : k == l->n ? -1
                            : key_cmp(s->w[i].address_id, s->w[i].regel, s->w[i].variant,
                                      l->v[k].address_id, l->v[k].regel, l->v[k].variant);
        if (c < 0) {
            const wanted *w = &s->w[i++];
            const sl_signal_rule *rule = rule_numbered(&s->rules, w->regel);
            if (!sl_signal_raise_keyed(s->st, rule, s->rules.set.version, w->address_id,
                                       w->variant, sl_termijn_signaal_aan(rule->aan, w->org),
                                       w->due, &tel->aangemaakt))
                return false;
        } else if (c > 0) {
            sl_signal *sig = &l->v[k++];
            if (!sl_signal_close_lapsed(s->st, sig, lapse_reason(&s->rules, sig->regel)))
                return false;
            tel->vervallen++;
        } else {
            i++;
            k++;
        }
    }
    return true;
}

/* ---- compensation ---------------------------------------------------------------------- */

typedef struct booked {
    const char *prefix;
    bool found;
} booked;

static bool booked_cb(void *ctx, const sl_grootboekpost *p)
{
    booked *b = ctx;
    if (strcmp(p->soort, "compensatie") == 0 &&
        strncmp(p->reden, b->prefix, strlen(b->prefix)) == 0)
        b->found = true;
    return true; /* a stopped scan reads as a failure on PostgreSQL: read on */
}

/*
 * Books one final compensation unless the ledger holds it: the entry names the
 * term kind and case in a fixed prefix of its reason, which is what makes a
 * second run book nothing (the same transaction reads and writes).
 */
static bool book(sweep *s, const owed *o, int64_t *geboekt)
{
    char prefix[128], einde[11];
    snprintf(prefix, sizeof prefix, "Compensatie %s %s:", o->soort, o->zaak_id);
    booked b = {.prefix = prefix};
    if (!sl_store_grootboek_scan(s->st, o->org, o->address_id, booked_cb, &b))
        return false;
    if (b.found)
        return true;
    sl_date_format(o->einde, einde);
    sl_grootboekpost p = {.address_id = o->address_id, .bedrag_centen = o->centen,
                          .datum = o->datum};
    snprintf(p.organisatie, sizeof p.organisatie, "%s", o->org);
    snprintf(p.soort, sizeof p.soort, "compensatie");
    snprintf(p.reden, sizeof p.reden,
             "%s %d dagen na het einde van de fatale termijn op %s (automatisch geboekt)",
             prefix, (int)o->dagen, einde);
    snprintf(p.door, sizeof p.door, "samenloop");
    char gegevens[160];
    if (!sl_logboek_now(s->st, p.vastgelegd_op) || !sl_store_grootboekpost_add(s->st, &p))
        return false;
    snprintf(gegevens, sizeof gegevens,
             "{\"grootboekpost\":%lld,\"termijn\":\"%s\",\"dagen\":%d,\"bedrag_centen\":%lld}",
             (long long)p.id, o->soort, (int)o->dagen, (long long)o->centen);
    if (!sl_tb_log(s->st, NULL, o->address_id, "grootboek,termijn:compensatie", gegevens))
        return false;
    (*geboekt)++;
    return true;
}

/* ---- the sweep -------------------------------------------------------------------------- */

/* A run that raised or closed term signals is one processing-log record (as rule 8's sweep). */
static bool log_run(sl_store *st, const sl_termijnsignalen_telling *t)
{
    if (!t->aangemaakt)
        return true;
    char details[96];
    snprintf(details, sizeof details, "{\"signalen\":%lld,\"vervallen\":%lld}",
             (long long)t->aangemaakt, (long long)t->vervallen);
    sl_actor by = {.gebruiker = "samenloop sweep", .viewer = {.role = SL_ROLE_BEHEERDER}};
    sl_log_entry e = {.actor = &by, .doel = "signaal", .grondslag = "wettelijke_taak_samenloop",
                      .categorieen = "signaal:termijn", .actie = "wijziging",
                      .gegevens = details};
    return sl_logboek_append(st, &e, NULL);
}

static bool load_rules(sl_store *st, term_rules *r)
{
    if (!sl_store_signal_ruleset(st, &r->set))
        return false;
    r->nadert = sl_signal_rule_for(&r->set, SL_TRIGGER_TERMIJN_NADERT);
    r->verstreken = sl_signal_rule_for(&r->set, SL_TRIGGER_TERMIJN_VERSTREKEN);
    r->dwangsom = sl_signal_rule_for(&r->set, SL_TRIGGER_DWANGSOM_LOOPT);
    return true;
}

bool sl_termijnsignalen_sweep(sl_store *st, const sl_calendar *cal, sl_date today,
                              sl_termijnsignalen_telling *out)
{
    sweep *s = sl_calloc(1, sizeof *s);
    sl_termijnregels *regels = sl_malloc(sizeof *regels);
    standing l = {0};
    sl_termijnsignalen_telling tel = {0};
    memset(out, 0, sizeof *out);
    if (!s || !regels) {
        sl_free(s);
        sl_free(regels);
        return sl_store_fail(st, "onvoldoende geheugen");
    }
    s->st = st;
    s->today = today;
    s->regels = regels;
    bool ok = load_rules(st, &s->rules) && sl_termijnregels_laden(st, regels) &&
              sl_termijnen_list(st, cal, today, term_cb, s, NULL) &&
              sl_store_ingebrekestellingen_scan(st, 0, notice_cb, s) && !s->oom;
    if (ok) {
        collapse(s);
        ok = sl_store_begin(st);
        if (ok) {
            ok = read_standing(st, &s->rules, &l) && reconcile(s, &l, &tel);
            for (size_t i = 0; ok && i < s->n_o; i++)
                ok = book(s, &s->o[i], &tel.compensaties);
            ok = ok && log_run(st, &tel) && sl_store_commit(st);
            if (!ok)
                sl_store_rollback(st);
        }
    }
    if (s->oom || l.oom)
        sl_store_fail(st, "onvoldoende geheugen");
    if (ok)
        *out = tel;
    sl_free(l.v);
    sl_free(s->w);
    sl_free(s->o);
    sl_free(s);
    sl_free(regels);
    return ok;
}
