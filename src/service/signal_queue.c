/*
 * signal_queue.c - signals composed per viewer through the disclosure gate
 * (see signal_queue.h).
 */
#include "service/signal_queue.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/disclosure.h"
#include "core/hashmap.h"
#include "service/address_search.h"
#include "service/disclosure.h"
#include "service/signal_json.h"
#include "service/signals.h"
#include "store/accounts_store.h"
#include "store/log_store.h"
#include "store/records_store.h"
#include "store/signals_store.h"

/* Signals are coordination work: they are shown for the purpose samenloop. */
#define SIGNAL_DOEL SL_DOEL_COORDINATIE

bool sl_signals_role_works(sl_role r)
{
    return r == SL_ROLE_ZAAKBEGELEIDER || r == SL_ROLE_BEWONERSBEGELEIDER || r == SL_ROLE_SVIP ||
           r == SL_ROLE_COORDINATOR || r == SL_ROLE_INTERVENTIETEAM;
}

/* ---- addressed to whom ------------------------------------------------------------- */

static bool org_matches(sl_account_org mine, sl_org org)
{
    return org == SL_ORG_BEIDE || (org == SL_ORG_IMG && mine == SL_ACCOUNT_ORG_IMG) ||
           (org == SL_ORG_NCG && mine == SL_ACCOUNT_ORG_NCG);
}

static bool addressee_matches(const sl_signal_reader *r, const sl_addressee *a,
                              sl_signal_scope sc)
{
    const sl_viewer *v = &r->by->viewer;
    /* the deliveries name the person ("H. Eemsens"); the account says which one it is */
    bool me = a->persoon[0] && (strcasecmp(a->persoon, r->by->gebruiker) == 0 ||
                                (r->weergavenaam && r->weergavenaam[0] &&
                                 strcasecmp(a->persoon, r->weergavenaam) == 0));
    bool role = strcmp(a->rol, sl_role_name(v->role)) == 0 && org_matches(v->org, a->org);
    switch (sc) {
    case SL_SIGNALEN_VOOR_MIJ: return me;
    case SL_SIGNALEN_VOOR_ROL: return role;
    case SL_SIGNALEN_VOOR_ORGANISATIE:
        /* coordinators and the interventieteam work across both bodies: their org is their role */
        if (v->role == SL_ROLE_COORDINATOR || v->role == SL_ROLE_INTERVENTIETEAM)
            return role || me;
        return me || (v->org != SL_ACCOUNT_ORG_NONE && org_matches(v->org, a->org) &&
                      a->org != SL_ORG_BEIDE);
    }
    return false;
}

static bool addressed(const sl_signal_reader *r, const sl_signal *s, sl_signal_scope sc)
{
    if (!sl_signals_role_works(r->by->viewer.role))
        return false;
    for (size_t i = 0; i < s->n_aan; i++)
        if (addressee_matches(r, &s->aan[i], sc))
            return true;
    return false;
}

/* ---- the gate, once per address ------------------------------------------------------ */

typedef struct decisions {
    sl_intmap *index; /* address id -> slot */
    sl_share_decision *d;
    size_t n, cap;
} decisions;

static void decisions_free(decisions *c)
{
    sl_intmap_free(c->index);
    sl_free(c->d);
}

static const sl_share_decision *decision_of(sl_store *st, const sl_signal_reader *r,
                                            decisions *c, int64_t address_id)
{
    int64_t slot;
    if (!c->index && !(c->index = sl_intmap_new(64))) {
        sl_store_fail(st, "onvoldoende geheugen");
        return NULL;
    }
    if (sl_intmap_get(c->index, address_id, &slot))
        return &c->d[slot];
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 64;
        sl_share_decision *n = sl_realloc(c->d, ncap * sizeof *n);
        if (!n) {
            sl_store_fail(st, "onvoldoende geheugen");
            return NULL;
        }
        c->d = n;
        c->cap = ncap;
    }
    sl_disclosure g;
    if (!sl_disclose(st, r->cfg, r->by, SIGNAL_DOEL, address_id, NULL, r->today, &g))
        return NULL;
    c->d[c->n] = g.dec;
    if (g.not_found) /* an address gone from the register shows nothing */
        c->d[c->n].not_found = true;
    if (!sl_intmap_put(c->index, address_id, (int64_t)c->n)) {
        sl_store_fail(st, "onvoldoende geheugen");
        return NULL;
    }
    return &c->d[c->n++];
}

/* ---- the log of what was shown across ---------------------------------------------- */

typedef struct crossing {
    int64_t address_id;
    sl_share_decision dec;
    unsigned across[SL_DEEL_COUNT];
} crossing;

typedef struct crossings {
    crossing *c;
    size_t n, cap;
} crossings;

/* Adds the cut's crossing, merged with an earlier one of the same address. */
static bool cross(sl_store *st, crossings *x, int64_t address_id, const sl_share_decision *d,
                  const sl_signal_cut *cut)
{
    if (!cut->across[SL_DEEL_SCHADES] && !cut->across[SL_DEEL_TRAJECT])
        return true;
    for (size_t i = 0; i < x->n; i++)
        if (x->c[i].address_id == address_id) {
            for (int p = 0; p < SL_DEEL_COUNT; p++)
                x->c[i].across[p] |= cut->across[p];
            return true;
        }
    if (x->n == x->cap) {
        size_t ncap = x->cap ? x->cap * 2 : 16;
        crossing *n = sl_realloc(x->c, ncap * sizeof *n);
        if (!n)
            return sl_store_fail(st, "onvoldoende geheugen");
        x->c = n;
        x->cap = ncap;
    }
    x->c[x->n++] = (crossing){.address_id = address_id, .dec = *d,
                              .across = {cut->across[0], cut->across[1]}};
    return true;
}

/* One record per address and part shown across, all in one transaction. */
static bool write_crossings(sl_store *st, const sl_actor *by, const crossings *x)
{
    if (x->n == 0)
        return true;
    if (!sl_store_begin(st))
        return false;
    for (size_t i = 0; i < x->n; i++) {
        sl_log_entry e[SL_DEEL_COUNT];
        char cats[SL_DEEL_COUNT][SL_LOG_CATS_CAP];
        size_t n = sl_disclosure_entries(by, SIGNAL_DOEL, x->c[i].address_id, &x->c[i].dec,
                                         x->c[i].across, e, cats);
        for (size_t k = 0; k < n; k++)
            if (!sl_logboek_append(st, &e[k], NULL)) {
                sl_store_rollback(st);
                return false;
            }
    }
    if (!sl_store_commit(st)) {
        sl_store_rollback(st);
        return false;
    }
    return true;
}

/* Who made the last transition, as people know them: the account's weergavenaam (the
 * login name when it has none); the system's own closing says so. */
static bool actor_name(sl_store *st, const char *login, json_t *o)
{
    if (!login[0])
        return true;
    const char *name = login;
    sl_user u;
    bool found = false;
    if (strcmp(login, "samenloop") == 0)
        name = "samenloop (automatisch)";
    else if (!sl_store_user_get(st, login, &u, NULL, &found))
        return false;
    if (found && u.weergavenaam[0])
        name = u.weergavenaam;
    json_object_set_new(o, "gewijzigd_door_naam", json_string(name));
    return true;
}

/* The signal as the cut allows, with "weerhouden" naming why in the neutral form;
 * NULL on a store error or out of memory (the store says which). */
static json_t *composed_json(sl_store *st, const sl_signal_reader *r, const sl_signal *s,
                             const sl_signal_cut *cut)
{
    if (cut->form == SL_SIGNAL_HIDDEN) /* never the signal itself */
        return json_pack("{s:I}", "id", (json_int_t)s->id);
    sl_signal copy = *s;
    sl_signal_apply_cut(cut, r->by->gebruiker, &copy);
    json_t *o = sl_signal_json(&copy);
    if (!o) {
        sl_store_fail(st, "onvoldoende geheugen");
        return NULL;
    }
    if (cut->form == SL_SIGNAL_NEUTRAL)
        json_object_set_new(o, "weerhouden", json_string(cut->reden));
    if (!actor_name(st, copy.gewijzigd_door, o)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ---- the work queue --------------------------------------------------------------- */

/* One signal the reader may see, with what the order needs; the page is read again by id. */
typedef struct queued {
    int64_t id;
    sl_date vervalt_op;
    char woonplaats[SL_NAME_CAP];
    char straat[SL_NAME_CAP];
    sl_housenr nr;
} queued;

typedef struct queue_ctx {
    sl_store *st;
    const sl_signal_reader *r;
    const sl_signal_query *q;
    decisions dec;
    crossings x;
    queued *rows;
    size_t n, cap;
    /* the last address read: a work queue often has several signals for one address */
    int64_t addr_id;
    sl_address addr;
    bool addr_found;
} queue_ctx;

static bool read_address(queue_ctx *c, int64_t address_id)
{
    bool absent;
    if (c->addr_id == address_id)
        return true;
    if (!sl_store_address_get(c->st, address_id, &c->addr, &absent, &c->addr_found))
        return false;
    c->addr_id = address_id;
    return true;
}

static bool keep(queue_ctx *c, const sl_signal *s)
{
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 64;
        queued *n = sl_realloc(c->rows, ncap * sizeof *n);
        if (!n)
            return sl_store_fail(c->st, "onvoldoende geheugen");
        c->rows = n;
        c->cap = ncap;
    }
    queued *k = &c->rows[c->n++];
    memset(k, 0, sizeof *k);
    k->id = s->id;
    k->vervalt_op = s->vervalt_op;
    if (c->addr_found) {
        memcpy(k->woonplaats, c->addr.woonplaats, sizeof k->woonplaats);
        memcpy(k->straat, c->addr.straat, sizeof k->straat);
        k->nr = c->addr.nr;
    }
    return true;
}

static bool queue_cb(void *ctx, const sl_signal *s)
{
    queue_ctx *c = ctx;
    const sl_signal_query *q = c->q;
    if (!addressed(c->r, s, q->scope))
        return true;
    if (q->lopend && !sl_signal_unfinished(s->status))
        return true;
    /* "due before": signals without a due date never match */
    if (q->vervalt_voor != SL_DATE_NONE &&
        (s->vervalt_op == SL_DATE_NONE || s->vervalt_op >= q->vervalt_voor))
        return true;
    if (!read_address(c, s->address_id))
        return false;
    if (q->gemeente && (!c->addr_found || strcmp(c->addr.gemeentecode, q->gemeente) != 0))
        return true;
    const sl_share_decision *d = decision_of(c->st, c->r, &c->dec, s->address_id);
    if (!d)
        return false;
    sl_signal_cut cut;
    sl_signal_cut_decide(&c->r->by->viewer, d, s, &cut);
    if (cut.form == SL_SIGNAL_HIDDEN)
        return true;
    if (q->per_regel && s->regel >= 0 && s->regel < SL_SIGNAL_RULE_SLOTS)
        q->per_regel[s->regel]++;
    if (q->f.regel && s->regel != q->f.regel)
        return true;
    return keep(c, s);
}

static int by_due(const queued *a, const queued *b)
{
    /* no due date sorts last */
    sl_date da = a->vervalt_op == SL_DATE_NONE ? INT32_MAX : a->vervalt_op;
    sl_date db = b->vervalt_op == SL_DATE_NONE ? INT32_MAX : b->vervalt_op;
    return (da > db) - (da < db);
}

static int by_address(const queued *a, const queued *b)
{
    int d = strcoll(a->woonplaats, b->woonplaats);
    if (!d)
        d = strcoll(a->straat, b->straat);
    if (!d)
        d = (a->nr.huisnummer > b->nr.huisnummer) - (a->nr.huisnummer < b->nr.huisnummer);
    if (!d)
        d = strcmp(a->nr.huisletter, b->nr.huisletter);
    if (!d)
        d = strcmp(a->nr.toevoeging, b->nr.toevoeging);
    return d;
}

/* The chosen order, ties by age (id) so that a page is stable. qsort_r, not a
 * file-scope order: the server answers several requests at once. */
static int compare_queued(const void *pa, const void *pb, void *ctx)
{
    const sl_signal_query *q = ctx;
    const queued *a = pa, *b = pb;
    int d = q->order == SL_SIGNALEN_OP_VERVALDATUM ? by_due(a, b)
            : q->order == SL_SIGNALEN_OP_ADRES     ? by_address(a, b)
                                                   : 0;
    if (!d)
        d = (a->id > b->id) - (a->id < b->id);
    return q->descending ? -d : d;
}

/* The signals of the page, read again by id, composed and their crossings noted. */
static bool compose_page(queue_ctx *c, json_t *items)
{
    const sl_signal_query *q = c->q;
    for (size_t i = q->offset; i < c->n && i - q->offset < q->limit; i++) {
        sl_signal s;
        bool found;
        if (!sl_store_signal_get(c->st, c->rows[i].id, &s, &found))
            return false;
        if (!found || !read_address(c, s.address_id))
            continue;
        const sl_share_decision *d = decision_of(c->st, c->r, &c->dec, s.address_id);
        if (!d)
            return false;
        sl_signal_cut cut;
        sl_signal_cut_decide(&c->r->by->viewer, d, &s, &cut);
        json_t *o = composed_json(c->st, c->r, &s, &cut);
        if (!o)
            return false;
        if (c->addr_found)
            json_object_set_new(o, "adres", sl_address_short_json(&c->addr));
        if (json_array_append_new(items, o) != 0)
            return sl_store_fail(c->st, "onvoldoende geheugen");
        if (!cross(c->st, &c->x, s.address_id, d, &cut))
            return false;
    }
    return true;
}

bool sl_signal_queue(sl_store *st, const sl_signal_reader *r, const sl_signal_query *q,
                     json_t **items, size_t *total)
{
    queue_ctx c = {.st = st, .r = r, .q = q};
    json_t *out = json_array();
    *items = NULL;
    *total = 0;
    /* the rule filter is applied while counting, so that every rule's count is known */
    sl_signal_filter f = q->f;
    f.regel = 0;
    if (q->lopend)
        f.status = -1;
    bool ok = out && sl_store_signals_scan(st, &f, queue_cb, &c);
    if (ok && c.n > 1 && (q->order != SL_SIGNALEN_OUDSTE_EERST || q->descending))
        qsort_r(c.rows, c.n, sizeof *c.rows, compare_queued, (void *)q);
    ok = ok && compose_page(&c, out) && write_crossings(st, r->by, &c.x);
    if (!out)
        sl_store_fail(st, "onvoldoende geheugen");
    decisions_free(&c.dec);
    sl_free(c.x.c);
    sl_free(c.rows);
    if (!ok) {
        json_decref(out);
        return false;
    }
    *items = out;
    *total = c.n;
    return true;
}

/* ---- one signal -------------------------------------------------------------------- */

/* Reads signal id and cuts it for the reader; *cut HIDDEN when it is not theirs. */
static bool load_cut(sl_store *st, const sl_signal_reader *r, int64_t id, sl_signal *s,
                     sl_share_decision *dec, sl_signal_cut *cut)
{
    bool found;
    memset(cut, 0, sizeof *cut);
    cut->form = SL_SIGNAL_HIDDEN;
    if (!sl_store_signal_get(st, id, s, &found))
        return false;
    if (!found || !addressed(r, s, SL_SIGNALEN_VOOR_ORGANISATIE))
        return true;
    sl_disclosure g;
    if (!sl_disclose(st, r->cfg, r->by, SIGNAL_DOEL, s->address_id, NULL, r->today, &g))
        return false;
    *dec = g.dec;
    if (!g.not_found)
        sl_signal_cut_decide(&r->by->viewer, dec, s, cut);
    return true;
}

static bool answer(sl_store *st, const sl_signal_reader *r, const sl_signal *s,
                   const sl_share_decision *dec, const sl_signal_cut *cut, json_t **out)
{
    crossings x = {0};
    bool ok = cross(st, &x, s->address_id, dec, cut) && write_crossings(st, r->by, &x);
    sl_free(x.c);
    if (!ok)
        return false;
    *out = composed_json(st, r, s, cut);
    return *out != NULL;
}

bool sl_signal_shown(sl_store *st, const sl_signal_reader *r, int64_t id, json_t **out,
                     bool *found)
{
    sl_signal s;
    sl_share_decision dec;
    sl_signal_cut cut;
    *out = NULL;
    *found = false;
    if (!load_cut(st, r, id, &s, &dec, &cut))
        return false;
    if (cut.form == SL_SIGNAL_HIDDEN)
        return true;
    *found = true;
    return answer(st, r, &s, &dec, &cut, out);
}

bool sl_signal_move(sl_store *st, const sl_signal_reader *r, int64_t id, sl_signal_status to,
                    const char *reason, json_t **out, bool *not_found, char *err, size_t errcap)
{
    sl_signal s;
    sl_share_decision dec;
    sl_signal_cut cut;
    *out = NULL;
    *not_found = false;
    if (!load_cut(st, r, id, &s, &dec, &cut)) {
        snprintf(err, errcap, "%s", sl_store_errmsg(st));
        return false;
    }
    if (cut.form == SL_SIGNAL_HIDDEN) {
        *not_found = true;
        snprintf(err, errcap, "signaal %lld bestaat niet", (long long)id);
        return false;
    }
    if (!sl_signal_transition(st, id, to, r->by, reason, not_found, err, errcap))
        return false;
    if (!load_cut(st, r, id, &s, &dec, &cut) || !answer(st, r, &s, &dec, &cut, out)) {
        snprintf(err, errcap, "%s", sl_store_errmsg(st));
        return false;
    }
    return true;
}

/* One item's answer: the signal as the reader sees it now, or why not. */
static json_t *move_result(sl_store *st, const sl_signal_reader *r, int64_t id,
                           sl_signal_status to, const char *reason)
{
    char err[512];
    bool not_found;
    json_t *o;
    if (sl_signal_move(st, r, id, to, reason, &o, &not_found, err, sizeof err))
        return json_pack("{s:I, s:i, s:o}", "id", (json_int_t)id, "status", 200, "signaal", o);
    /* not yours says the same as not there (404), as for one signal */
    int status = not_found ? 404 : (to == SL_SIGNAAL_AFGEWEZEN && (!reason || !*reason)) ? 400
                                                                                       : 409;
    return json_pack("{s:I, s:i, s:s}", "id", (json_int_t)id, "status", status, "fout",
                     not_found ? "Niet gevonden" : err);
}

bool sl_signal_move_many(sl_store *st, const sl_signal_reader *r, const int64_t *ids, size_t n,
                         sl_signal_status to, const char *reason, json_t **out, size_t *moved)
{
    json_t *a = json_array();
    *moved = 0;
    *out = NULL;
    if (!a)
        return sl_store_fail(st, "onvoldoende geheugen");
    for (size_t i = 0; i < n; i++) {
        json_t *o = move_result(st, r, ids[i], to, reason);
        if (!o || json_array_append_new(a, o) != 0) {
            json_decref(a);
            return sl_store_fail(st, "onvoldoende geheugen");
        }
        if (json_integer_value(json_object_get(o, "status")) == 200)
            (*moved)++;
    }
    *out = a;
    return true;
}
