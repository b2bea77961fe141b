/*
 * signals.c - raising signals on changes, their lifecycle, the sweep, and the
 * combination dossiers (see signals.h).
 *
 * Rules are evaluated by the core (core/signal_rules.h) on a before/after
 * picture of each touched address; this file gathers those pictures from the
 * store, applies "one unfinished signal per rule and address", resolves the
 * addressees, and writes signal, dossier and outbox rows.
 */
#include "service/signals.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "core/hashmap.h"
#include "service/signal_json.h"
#include "store/dossiers_store.h"
#include "store/records_store.h"
#include "store/signals_store.h"

typedef struct touched {
    int64_t address_id;
    sl_dossier_facts before;
    bool before_pending; /* deferred: read by the next sl_signal_run_settle */
    int32_t new_claims;
    bool consent_withdrawn;
    bool contractor_damage;
    bool joint_inspection;
} touched;

struct sl_signal_run {
    sl_store *st;
    int64_t delivery_id;
    const char *by;
    touched *items;
    size_t n, cap;
    sl_intmap *index; /* address id -> index in items */
    bool defer;       /* touches leave "before" to sl_signal_run_settle */
    size_t npending;  /* touched items whose "before" is not read yet */
};

sl_signal_run *sl_signal_run_new(sl_store *st, int64_t delivery_id, const char *by)
{
    sl_signal_run *r = sl_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->st = st;
    r->delivery_id = delivery_id;
    r->by = by;
    r->index = sl_intmap_new(256);
    if (!r->index) {
        sl_free(r);
        return NULL;
    }
    return r;
}

void sl_signal_run_free(sl_signal_run *r)
{
    if (!r)
        return;
    sl_free(r->items);
    sl_intmap_free(r->index);
    sl_free(r);
}

static touched *find_or_add(sl_signal_run *r, int64_t address_id)
{
    int64_t idx;
    if (sl_intmap_get(r->index, address_id, &idx))
        return &r->items[idx];
    if (r->n == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 64;
        touched *n = sl_realloc(r->items, ncap * sizeof *n);
        if (!n) {
            sl_store_fail(r->st, "onvoldoende geheugen");
            return NULL;
        }
        r->items = n;
        r->cap = ncap;
    }
    touched *t = &r->items[r->n];
    memset(t, 0, sizeof *t);
    t->address_id = address_id;
    /* the first touch comes before any change to this address: this is "before",
     * read now or, deferred, before the store sends the change */
    if (r->defer) {
        t->before_pending = true;
        r->npending++;
    } else if (!sl_store_dossier_facts(r->st, address_id, &t->before)) {
        return NULL;
    }
    if (!sl_intmap_put(r->index, address_id, (int64_t)r->n)) {
        sl_store_fail(r->st, "onvoldoende geheugen");
        return NULL;
    }
    r->n++;
    return t;
}

void sl_signal_run_defer(sl_signal_run *r, bool on)
{
    r->defer = on;
}

/* Addresses per batch of reads: what one statement reads, and the memory it takes. */
#define RUN_BATCH 1000

bool sl_signal_run_settle(sl_signal_run *r)
{
    int64_t ids[RUN_BATCH];
    size_t where[RUN_BATCH];
    sl_dossier_facts *facts = NULL;
    for (size_t i = 0; r->npending > 0 && i < r->n;) {
        size_t k = 0;
        for (; i < r->n && k < RUN_BATCH; i++)
            if (r->items[i].before_pending) {
                where[k] = i;
                ids[k++] = r->items[i].address_id;
            }
        if (!k)
            break;
        if (!facts && !(facts = sl_malloc(RUN_BATCH * sizeof *facts)))
            return sl_store_fail(r->st, "onvoldoende geheugen");
        if (!sl_store_dossier_facts_many(r->st, ids, k, facts)) {
            sl_free(facts);
            return false;
        }
        for (size_t j = 0; j < k; j++) {
            touched *t = &r->items[where[j]];
            t->before = facts[j];
            t->before_pending = false;
        }
        r->npending -= k;
    }
    sl_free(facts);
    return true;
}

bool sl_signal_run_touch(sl_signal_run *r, int64_t address_id)
{
    return find_or_add(r, address_id) != NULL;
}

bool sl_signal_run_new_claim(sl_signal_run *r, int64_t address_id)
{
    touched *t = find_or_add(r, address_id);
    if (!t)
        return false;
    t->new_claims++;
    return true;
}

bool sl_signal_run_consent_withdrawn(sl_signal_run *r, int64_t address_id)
{
    touched *t = find_or_add(r, address_id);
    if (!t)
        return false;
    t->consent_withdrawn = true;
    return true;
}

bool sl_signal_run_contractor_damage(sl_signal_run *r, int64_t address_id)
{
    touched *t = find_or_add(r, address_id);
    if (!t)
        return false;
    t->contractor_damage = true;
    return true;
}

bool sl_signal_run_joint_inspection(sl_signal_run *r, int64_t address_id)
{
    touched *t = find_or_add(r, address_id);
    if (!t)
        return false;
    t->joint_inspection = true;
    return true;
}

/* ---- outbox --------------------------------------------------------------- */

static bool outbox(sl_store *st, const char *soort, const char *onderwerp, const char *sleutel,
                   json_t *data)
{
    if (!data)
        return sl_store_fail(st, "onvoldoende geheugen");
    char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(data);
    if (!text)
        return sl_store_fail(st, "onvoldoende geheugen");
    bool ok = sl_store_outbox_add(st, soort, onderwerp, sleutel, text);
    sl_free(text); /* jansson allocates through core/alloc.h (see cli/main.c) */
    return ok;
}

/* ---- combination dossiers --------------------------------------------------- */

static bool is_combination(const sl_dossier_view *v)
{
    return v->has_trajectory && v->claims_total > 0;
}

static bool dossier_history(sl_store *st, const char *key, const char *veld, const char *van,
                            const char *naar, int64_t delivery_id, const char *by)
{
    sl_history h = {.onderwerp = "combinatiedossier", .sleutel = key, .veld = veld,
                    .van = van && *van ? van : NULL, .naar = naar && *naar ? naar : NULL,
                    .datum = SL_DATE_NONE, .delivery_id = delivery_id, .gebruiker = by};
    return sl_store_history_add(st, &h);
}

/*
 * Brings the dossier row of one address in line with its facts: created when
 * it becomes a combination, buddies kept current (a change is history, not an
 * overwrite), marked not current when it stops being one.
 */
static bool sync_dossier(sl_signal_run *r, const touched *t, const sl_dossier_facts *after,
                         const sl_dossier_row *stored, bool found)
{
    sl_store *st = r->st;
    sl_dossier_row row = *stored;
    char key[17];
    sl_bag_format(t->address_id, key);
    bool combi = is_combination(&after->view);
    if (!found && !combi)
        return true;
    if (!found) {
        memset(&row, 0, sizeof row);
        row.address_id = t->address_id;
        memcpy(row.zaakbegeleider, after->zaakbegeleider, sizeof row.zaakbegeleider);
        memcpy(row.bewonersbegeleider, after->bewonersbegeleider, sizeof row.bewonersbegeleider);
        snprintf(row.samenwerking, sizeof row.samenwerking, "geen");
        row.actueel = true;
        return sl_store_dossier_put(st, &row) &&
               outbox(st, "combinatiedossier.aangemaakt", "combinatiedossier", key,
                      sl_dossier_row_json(&row, &after->view));
    }
    bool changed = false;
    if (strcmp(row.zaakbegeleider, after->zaakbegeleider) != 0 && combi) {
        if (!dossier_history(st, key, "zaakbegeleider", row.zaakbegeleider,
                             after->zaakbegeleider, r->delivery_id, r->by))
            return false;
        memcpy(row.zaakbegeleider, after->zaakbegeleider, sizeof row.zaakbegeleider);
        changed = true;
    }
    if (strcmp(row.bewonersbegeleider, after->bewonersbegeleider) != 0 && combi) {
        if (!dossier_history(st, key, "bewonersbegeleider", row.bewonersbegeleider,
                             after->bewonersbegeleider, r->delivery_id, r->by))
            return false;
        memcpy(row.bewonersbegeleider, after->bewonersbegeleider, sizeof row.bewonersbegeleider);
        changed = true;
    }
    if (row.actueel != combi) {
        if (!dossier_history(st, key, "actueel", row.actueel ? "ja" : "nee",
                             combi ? "ja" : "nee", r->delivery_id, r->by))
            return false;
        row.actueel = combi;
        changed = true;
    }
    bool class_changed = t->before.view.potentieel != after->view.potentieel ||
                         t->before.view.groep != after->view.groep;
    if (changed && !sl_store_dossier_put(st, &row))
        return false;
    if (!changed && !class_changed)
        return true;
    return outbox(st, combi ? "combinatiedossier.gewijzigd" : "combinatiedossier.beeindigd",
                  "combinatiedossier", key, sl_dossier_row_json(&row, &after->view));
}

/* The processing-log record of a transition, inside its transaction. */
static bool log_transition(sl_store *st, const sl_actor *by, const char *grondslag,
                           const sl_signal *s, sl_signal_status from)
{
    char details[160];
    snprintf(details, sizeof details, "{\"signaal\":%lld,\"regel\":%d,\"van\":\"%s\",\"naar\":\"%s\"}",
             (long long)s->id, (int)s->regel, sl_signal_status_name(from),
             sl_signal_status_name(s->status));
    sl_log_entry e = {.actor = by, .doel = "signaal", .grondslag = grondslag,
                      .categorieen = s->reden[0] ? "signaal:status,reden" : "signaal:status",
                      .address_id = s->address_id, .actie = "wijziging", .gegevens = details};
    return sl_logboek_append(st, &e, NULL);
}

/* ---- closing what no longer holds ------------------------------------------------ */

/* The system acts on its own account where a rule's condition lapsed (SPEC §4.3). */
static const sl_actor SYSTEM = {.gebruiker = "samenloop",
                                .viewer = {.role = SL_ROLE_BEHEERDER}};

typedef struct unfinished {
    sl_signal *s;
    size_t n, cap;
    sl_store *st;
} unfinished;

static bool collect_unfinished(void *ctx, const sl_signal *s)
{
    unfinished *u = ctx;
    if (!sl_signal_unfinished(s->status))
        return true;
    if (u->n == u->cap) {
        size_t ncap = u->cap ? u->cap * 2 : 4;
        sl_signal *n = sl_realloc(u->s, ncap * sizeof *n);
        if (!n)
            return sl_store_fail(u->st, "onvoldoende geheugen");
        u->s = n;
        u->cap = ncap;
    }
    u->s[u->n++] = *s;
    return true;
}

static const sl_signal_rule *rule_of(const sl_ruleset *rules, const sl_signal *s)
{
    return sl_ruleset_rule_of(rules, s->regel, s->variant);
}

/* Closes one lapsed signal: afgerond by the system, the reason kept, logged and announced. */
static bool close_lapsed(sl_store *st, sl_signal *s, const char *reason)
{
    sl_signal_status from = s->status;
    bool found;
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)s->id);
    s->status = SL_SIGNAAL_AFGEROND;
    snprintf(s->gewijzigd_door, sizeof s->gewijzigd_door, "%s", SYSTEM.gebruiker);
    snprintf(s->reden, sizeof s->reden, "%s", reason);
    return sl_store_signal_update(st, s) && sl_store_signal_get(st, s->id, s, &found) &&
           log_transition(st, &SYSTEM, "wettelijke_taak_samenloop", s, from) &&
           outbox(st, "signaal.afgerond", "signaal", key, sl_signal_json(s));
}

bool sl_signals_close_lapsed(sl_store *st, const sl_ruleset *rules, int64_t address_id,
                             const sl_dossier_view *now, int64_t *closed)
{
    sl_signal_filter f = {.status = -1, .address_id = address_id};
    unfinished u = {.st = st};
    bool ok = sl_store_signals_scan(st, &f, collect_unfinished, &u);
    for (size_t i = 0; ok && i < u.n; i++) {
        const sl_signal_rule *rule = rule_of(rules, &u.s[i]);
        const char *reason;
        if (!rule || sl_signal_rule_holds(rule, now, &reason))
            continue;
        ok = close_lapsed(st, &u.s[i], reason);
        if (ok && closed)
            (*closed)++;
    }
    sl_free(u.s);
    return ok;
}

bool sl_signals_close_lapsed_now(sl_store *st, int64_t address_id)
{
    sl_ruleset rules;
    sl_dossier_facts now;
    return sl_store_signal_ruleset(st, &rules) && sl_store_dossier_facts(st, address_id, &now) &&
           sl_signals_close_lapsed(st, &rules, address_id, &now.view, NULL);
}

/* ---- a coordinator assigned later ------------------------------------------------ */

static bool names_coordinator(const sl_signal *s, const char *coordinator)
{
    for (size_t i = 0; i < s->n_aan; i++)
        if (strcmp(s->aan[i].rol, "coordinator") == 0 &&
            strcasecmp(s->aan[i].persoon, coordinator) == 0)
            return true;
    return false;
}

/* The processing-log record of an addressee added to a signal. */
static bool log_addressee(sl_store *st, const sl_actor *by, const sl_signal *s,
                          const char *persoon)
{
    json_t *d = json_pack("{s:I, s:i, s:s, s:s}", "signaal", (json_int_t)s->id, "regel",
                          (int)s->regel, "adressaat", "coordinator", "persoon", persoon);
    char *details = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    if (!details)
        return sl_store_fail(st, "onvoldoende geheugen");
    sl_log_entry e = {.actor = by, .doel = "signaal", .grondslag = "wettelijke_taak_samenloop",
                      .categorieen = "signaal:adressaat", .address_id = s->address_id,
                      .actie = "wijziging", .gegevens = details};
    bool ok = sl_logboek_append(st, &e, NULL);
    sl_free(details);
    return ok;
}

bool sl_signals_address_coordinator(sl_store *st, int64_t address_id, const char *coordinator,
                                    const sl_actor *by, int64_t *added)
{
    if (added)
        *added = 0;
    if (!coordinator || !*coordinator)
        return true;
    sl_ruleset rules;
    if (!sl_store_signal_ruleset(st, &rules))
        return false;
    sl_signal_filter f = {.status = -1, .address_id = address_id};
    unfinished u = {.st = st};
    bool ok = sl_store_signals_scan(st, &f, collect_unfinished, &u);
    for (size_t i = 0; ok && i < u.n; i++) {
        sl_signal *s = &u.s[i];
        const sl_signal_rule *rule = rule_of(&rules, s);
        if (!rule || !(rule->aan & SL_AAN_COORDINATOR) || names_coordinator(s, coordinator) ||
            s->n_aan >= SL_ADDRESSEES_MAX)
            continue;
        sl_addressee a[SL_ADDRESSEES_MAX];
        if (sl_signal_addressees(SL_AAN_COORDINATOR, "", "", coordinator, a) != 1)
            continue;
        ok = sl_store_signal_addressee_add(st, s->id, (int)s->n_aan, &a[0]) &&
             log_addressee(st, by, s, coordinator);
        if (ok && added)
            (*added)++;
    }
    sl_free(u.s);
    return ok;
}

/* ---- raising ----------------------------------------------------------------- */

/* Writes one signal of `rule` with its addressees (SL_AAN_* bits `aan`) and announces it. */
static bool add_signal(sl_store *st, const sl_signal_rule *rule, int32_t version,
                       int64_t address_id, const char *variant, unsigned aan,
                       const sl_dossier_facts *facts, const char *coordinator, sl_date vervalt_op,
                       int64_t delivery_id, int64_t *raised)
{
    sl_signal s;
    memset(&s, 0, sizeof s);
    s.regel = rule->regel;
    snprintf(s.variant, sizeof s.variant, "%s", variant);
    s.regelversie = version;
    s.address_id = address_id;
    s.status = SL_SIGNAAL_OPEN;
    memcpy(s.tekst, rule->tekst, sizeof s.tekst);
    s.vervalt_op = vervalt_op;
    s.n_aan = sl_signal_addressees(aan, facts->zaakbegeleider, facts->bewonersbegeleider,
                                   coordinator, s.aan);
    if (!sl_store_signal_add(st, &s, delivery_id))
        return false;
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)s.id);
    (*raised)++;
    return outbox(st, "signaal.aangemaakt", "signaal", key, sl_signal_json(&s));
}

static bool raise(sl_store *st, const sl_signal_rule *rule, int32_t version, int64_t address_id,
                  const sl_dossier_facts *facts, const char *coordinator, sl_date today,
                  int64_t delivery_id, int64_t *raised)
{
    bool exists;
    if (!sl_store_signal_unfinished(st, rule->regel, address_id, &exists))
        return false;
    if (exists)
        return true;
    return add_signal(st, rule, version, address_id, rule->variant, rule->aan, facts, coordinator,
                      today + rule->termijn_dagen, delivery_id, raised);
}

const sl_signal_rule *sl_signal_rule_for(const sl_ruleset *rules, sl_trigger t)
{
    for (size_t i = 0; i < rules->n && i < SL_RULES_MAX; i++)
        if (rules->rules[i].trigger == t)
            return &rules->rules[i];
    return NULL;
}

bool sl_signal_raise_keyed(sl_store *st, const sl_signal_rule *rule, int32_t version,
                           int64_t address_id, const char *variant, unsigned aan,
                           sl_date vervalt_op, int64_t *raised)
{
    sl_dossier_facts facts;
    sl_dossier_row row;
    bool found;
    return sl_store_dossier_facts(st, address_id, &facts) &&
           sl_store_dossier_get(st, address_id, &row, &found) &&
           add_signal(st, rule, version, address_id, variant, aan, &facts,
                      found ? row.coordinator : "", vervalt_op, 0, raised);
}

bool sl_signal_close_lapsed(sl_store *st, sl_signal *s, const char *reason)
{
    return close_lapsed(st, s, reason);
}

/* Touched addresses from which on a run reads which addresses have an unfinished
 * signal in one scan, rather than each address's signals in a statement of its own. */
#define RUN_SCAN_ALL 256

typedef struct address_set {
    sl_store *st;
    sl_intmap *m;
} address_set;

static bool note_address(void *ctx, const sl_signal *s)
{
    address_set *a = ctx;
    return sl_intmap_put(a->m, s->address_id, 1) || sl_store_fail(a->st, "onvoldoende geheugen");
}

/* Every address with an unfinished signal; NULL on failure (the message on st). */
static sl_intmap *addresses_unfinished(sl_store *st)
{
    address_set a = {st, sl_intmap_new(1024)};
    if (!a.m) {
        sl_store_fail(st, "onvoldoende geheugen");
        return NULL;
    }
    sl_signal_filter open = {.status = SL_SIGNAAL_OPEN}, ack = {.status = SL_SIGNAAL_BEVESTIGD};
    if (!sl_store_signals_scan(st, &open, note_address, &a) ||
        !sl_store_signals_scan(st, &ack, note_address, &a)) {
        sl_intmap_free(a.m);
        return NULL;
    }
    return a.m;
}

/*
 * One touched address after the changes: its dossier, lapsed signals and new
 * ones. with_unfinished (NULL: not known) lists the addresses with an unfinished
 * signal as the run began finishing; only finishing this address changes its
 * own signals, so one not listed has none to close.
 */
static bool finish_one(sl_signal_run *r, const sl_ruleset *rules, const touched *t,
                       const sl_dossier_facts *after, const sl_dossier_row *row, bool found,
                       const sl_intmap *with_unfinished, sl_date today, int64_t *raised)
{
    int64_t dummy;
    sl_dossier_change ch = {.before = t->before.view, .after = after->view,
                            .new_claims = t->new_claims,
                            .consent_withdrawn = t->consent_withdrawn,
                            .contractor_damage = t->contractor_damage,
                            .joint_inspection = t->joint_inspection};
    const sl_signal_rule *fired[SL_RULES_MAX];
    size_t n = sl_signals_fire(rules, &ch, fired, SL_RULES_MAX);
    if (!sync_dossier(r, t, after, row, found))
        return false;
    if ((!with_unfinished || sl_intmap_get(with_unfinished, t->address_id, &dummy)) &&
        !sl_signals_close_lapsed(r->st, rules, t->address_id, &after->view, NULL))
        return false;
    /* syncing never changes the coordinator, nor makes one for a new dossier */
    const char *coordinator = found ? row->coordinator : "";
    for (size_t k = 0; k < n; k++)
        if (!raise(r->st, fired[k], rules->version, t->address_id, after, coordinator, today,
                   r->delivery_id, raised))
            return false;
    return true;
}

/*
 * Every touched address's facts after the changes and its dossier row are read
 * RUN_BATCH addresses at a time (decision 242): what finishing one address
 * writes (its dossier, signals, outbox) is no part of another's facts or row.
 */
bool sl_signal_run_finish(sl_signal_run *r, sl_date today, int64_t *raised)
{
    sl_ruleset rules;
    *raised = 0;
    if (r->n == 0)
        return true;
    if (!sl_signal_run_settle(r) || !sl_store_signal_ruleset(r->st, &rules))
        return false;
    size_t batch = r->n < RUN_BATCH ? r->n : RUN_BATCH;
    int64_t *ids = sl_malloc(batch * sizeof *ids);
    sl_dossier_facts *after = sl_malloc(batch * sizeof *after);
    sl_dossier_row *rows = sl_malloc(batch * sizeof *rows);
    bool *found = sl_malloc(batch * sizeof *found);
    bool ok = ids && after && rows && found;
    if (!ok)
        sl_store_fail(r->st, "onvoldoende geheugen");
    sl_intmap *with_unfinished = NULL;
    if (ok && r->n >= RUN_SCAN_ALL)
        ok = (with_unfinished = addresses_unfinished(r->st)) != NULL;
    for (size_t from = 0; ok && from < r->n; from += batch) {
        size_t k = r->n - from < batch ? r->n - from : batch;
        for (size_t j = 0; j < k; j++)
            ids[j] = r->items[from + j].address_id;
        ok = sl_store_dossier_facts_many(r->st, ids, k, after) &&
             sl_store_dossier_get_many(r->st, ids, k, rows, found);
        for (size_t j = 0; ok && j < k; j++)
            ok = finish_one(r, &rules, &r->items[from + j], &after[j], &rows[j], found[j],
                            with_unfinished, today, raised);
    }
    sl_intmap_free(with_unfinished);
    sl_free(ids);
    sl_free(after);
    sl_free(rows);
    sl_free(found);
    return ok;
}

bool sl_dossiers_baseline(sl_store *st)
{
    return sl_store_dossiers_baseline(st);
}

/* ---- lifecycle ------------------------------------------------------------------ */

bool sl_signal_transition(sl_store *st, int64_t id, sl_signal_status to, const sl_actor *by,
                          const char *reason, bool *not_found, char *err, size_t errcap)
{
    *not_found = false;
    if (!by || !by->gebruiker || !*by->gebruiker) {
        snprintf(err, errcap, "wie de actie uitvoert is verplicht");
        return false;
    }
    if (to == SL_SIGNAAL_AFGEWEZEN && (!reason || !*reason)) {
        snprintf(err, errcap, "afwijzen vraagt een reden");
        return false;
    }
    if (!sl_store_begin(st)) {
        snprintf(err, errcap, "%s", sl_store_errmsg(st));
        return false;
    }
    sl_signal s;
    bool found;
    if (!sl_store_signal_get(st, id, &s, &found))
        goto store_error;
    if (!found) {
        *not_found = true;
        snprintf(err, errcap, "signaal %lld bestaat niet", (long long)id);
        goto fail;
    }
    if (!sl_signal_transition_allowed(s.status, to)) {
        snprintf(err, errcap, "signaal %lld is %s en kan niet naar %s", (long long)id,
                 sl_signal_status_name(s.status), sl_signal_status_name(to));
        goto fail;
    }
    sl_signal_status from = s.status;
    s.status = to;
    snprintf(s.gewijzigd_door, sizeof s.gewijzigd_door, "%s", by->gebruiker);
    snprintf(s.reden, sizeof s.reden, "%s", reason ? reason : "");
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)id);
    char soort[48];
    snprintf(soort, sizeof soort, "signaal.%s", sl_signal_status_name(to));
    if (!sl_store_signal_update(st, &s) || !sl_store_signal_get(st, id, &s, &found) ||
        !log_transition(st, by, "signaal_geadresseerde", &s, from) ||
        !outbox(st, soort, "signaal", key, sl_signal_json(&s)) || !sl_store_commit(st))
        goto store_error;
    return true;
store_error:
    snprintf(err, errcap, "%s", sl_store_errmsg(st));
fail:
    sl_store_rollback(st);
    return false;
}

/* ---- the sweep (rule 8) --------------------------------------------------------- */

typedef struct sweep_ctx {
    int64_t *ids;
    size_t n, cap;
    sl_store *st;
} sweep_ctx;

static bool collect(void *ctx, int64_t address_id)
{
    sweep_ctx *c = ctx;
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 256;
        int64_t *n = sl_realloc(c->ids, ncap * sizeof *n);
        if (!n)
            return sl_store_fail(c->st, "onvoldoende geheugen");
        c->ids = n;
        c->cap = ncap;
    }
    c->ids[c->n++] = address_id;
    return true;
}

/* A sweep that raised signals is a change: one processing-log record for the run. */
static bool log_sweep(sl_store *st, int64_t raised)
{
    char details[64];
    snprintf(details, sizeof details, "{\"signalen\":%lld}", (long long)raised);
    sl_actor sweep = {.gebruiker = "samenloop sweep", .viewer = {.role = SL_ROLE_BEHEERDER}};
    sl_log_entry e = {.actor = &sweep, .doel = "signaal", .grondslag = "wettelijke_taak_samenloop",
                      .categorieen = "signaal:regel8", .actie = "wijziging", .gegevens = details};
    return sl_logboek_append(st, &e, NULL);
}

bool sl_signals_sweep(sl_store *st, sl_date today, int64_t *raised)
{
    sl_ruleset rules;
    sweep_ctx c = {.st = st};
    *raised = 0;
    if (!sl_store_begin(st))
        return false;
    if (!sl_store_signal_ruleset(st, &rules) ||
        !sl_store_scan_still_candidates(st, collect, &c))
        goto fail;
    for (size_t i = 0; i < rules.n; i++) {
        const sl_signal_rule *rule = &rules.rules[i];
        if (rule->trigger != SL_TRIGGER_STIL)
            continue;
        for (size_t k = 0; k < c.n; k++) {
            sl_dossier_facts f;
            if (!sl_store_dossier_facts(st, c.ids[k], &f))
                goto fail;
            if (!sl_dossier_still(&f.view, f.last_change, today, rule->parameter_dagen))
                continue;
            sl_dossier_row row;
            bool found;
            if (!sl_store_dossier_get(st, c.ids[k], &row, &found) ||
                !raise(st, rule, rules.version, c.ids[k], &f, found ? row.coordinator : "",
                       today, 0, raised))
                goto fail;
        }
    }
    if ((*raised && !log_sweep(st, *raised)) || !sl_store_commit(st))
        goto fail;
    sl_free(c.ids);
    return true;
fail:
    sl_store_rollback(st);
    sl_free(c.ids);
    *raised = 0;
    return false;
}
