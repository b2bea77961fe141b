/*
 * regels_signaal.c - the signal rules as a rule table of service/regels.h: as
 * JSON and back, the preview, and re-judging the unfinished signals once a
 * new version is in force. The preview only reads: each unfinished signal's
 * rule is looked up in the draft and its condition tried on the address as
 * the register has it (core: sl_signal_rule_holds).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "service/regels_int.h"
#include "service/signals.h"
#include "store/dossiers_store.h"
#include "store/signals_store.h"

static const char *const aan_names[] = {"svip_img", "svip_ncg", "zaakbegeleider",
                                        "bewonersbegeleider", "coordinator", "interventieteam"};
#define N_AAN (sizeof aan_names / sizeof aan_names[0])

void sl_regels_error(json_t *errors, const char *veld, const char *fmt, ...)
{
    char reden[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reden, sizeof reden, fmt, ap);
    va_end(ap);
    json_array_append_new(errors, json_pack("{s:s, s:s}", "veld", veld, "reden", reden));
}

static json_t *aan_json(unsigned aan)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < N_AAN; i++)
        if (aan & (1u << i))
            json_array_append_new(list, json_string(aan_names[i]));
    return list;
}

json_t *sl_regels_signaal_json(const sl_ruleset *rs)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < rs->n; i++) {
        const sl_signal_rule *r = &rs->rules[i];
        json_array_append_new(
            list, json_pack("{s:i, s:s, s:s, s:s, s:o, s:i, s:i, s:s}", "regel", (int)r->regel,
                            "variant", r->variant, "trigger", sl_trigger_name(r->trigger),
                            "conditie", sl_condition_name(r->conditie), "aan", aan_json(r->aan),
                            "termijnDagen", (int)r->termijn_dagen, "parameterDagen",
                            (int)r->parameter_dagen, "tekst", r->tekst));
    }
    return list;
}

/* ---- the draft -------------------------------------------------------------------- */

static bool int_field(const json_t *o, const char *key, long lo, long hi, int32_t *out)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return false;
    *out = (int32_t)json_integer_value(v);
    return true;
}

static bool aan_field(const json_t *o, unsigned *out)
{
    const json_t *list = json_object_get(o, "aan");
    *out = 0;
    if (!json_is_array(list) || json_array_size(list) == 0)
        return false;
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v) {
        const char *s = json_string_value(v);
        size_t k = 0;
        while (s && k < N_AAN && strcmp(s, aan_names[k]) != 0)
            k++;
        if (k == N_AAN)
            return false;
        *out |= 1u << k;
    }
    return true;
}

/* One rule of the draft; each fault at its field regels[i].<key>. */
static void parse_rule(const json_t *o, size_t i, sl_signal_rule *r, json_t *errors)
{
    char veld[48];
#define FAULT(key, ...)                                                                      \
    do {                                                                                     \
        snprintf(veld, sizeof veld, "regels[%zu].%s", i, key);                               \
        sl_regels_error(errors, veld, __VA_ARGS__);                                          \
    } while (0)
    memset(r, 0, sizeof *r);
    const char *variant = json_string_value(json_object_get(o, "variant"));
    const char *trigger = json_string_value(json_object_get(o, "trigger"));
    const char *conditie = json_string_value(json_object_get(o, "conditie"));
    const char *tekst = json_string_value(json_object_get(o, "tekst"));
    if (!int_field(o, "regel", 1, 99, &r->regel))
        FAULT("regel", "een regelnummer van 1 tot en met 99");
    if (variant && strlen(variant) < sizeof r->variant)
        memcpy(r->variant, variant, strlen(variant) + 1);
    else if (variant)
        FAULT("variant", "te lang: ten hoogste %zu tekens", sizeof r->variant - 1);
    if (!trigger || !sl_trigger_parse(trigger, strlen(trigger), &r->trigger))
        FAULT("trigger", "onbekende aanleiding '%s'", trigger ? trigger : "");
    if (!sl_condition_parse(conditie ? conditie : "", conditie ? strlen(conditie) : 0,
                            &r->conditie))
        FAULT("conditie", "onbekende voorwaarde '%s'", conditie);
    if (!aan_field(o, &r->aan))
        FAULT("aan", "een lijst van één of meer van: svip_img, svip_ncg, zaakbegeleider, "
                     "bewonersbegeleider, coordinator, interventieteam");
    if (!int_field(o, "termijnDagen", 1, 365, &r->termijn_dagen))
        FAULT("termijnDagen", "een termijn van 1 tot en met 365 dagen");
    const json_t *pd = json_object_get(o, "parameterDagen");
    if (pd && !int_field(o, "parameterDagen", 0, 3650, &r->parameter_dagen))
        FAULT("parameterDagen", "een aantal dagen van 0 tot en met 3650");
    if (!tekst || !*tekst || strlen(tekst) >= sizeof r->tekst)
        FAULT("tekst", "een tekst van 1 tot en met %zu tekens", sizeof r->tekst - 1);
    else
        memcpy(r->tekst, tekst, strlen(tekst) + 1);
#undef FAULT
}

void sl_regels_signaal_parse(const json_t *concept, sl_ruleset *out, json_t *errors)
{
    memset(out, 0, sizeof *out);
    const json_t *list = json_object_get(concept, "regels");
    if (!json_is_array(list) || json_array_size(list) == 0 ||
        json_array_size(list) > SL_RULES_MAX) {
        sl_regels_error(errors, "regels", "een lijst van 1 tot en met %d regels", SL_RULES_MAX);
        return;
    }
    size_t before = json_array_size(errors);
    for (size_t i = 0; i < json_array_size(list); i++)
        parse_rule(json_array_get(list, i), i, &out->rules[i], errors);
    out->n = json_array_size(list);
    out->version = 1; /* sl_ruleset_valid wants one; the caller sets the real number */
    char reason[200];
    if (json_array_size(errors) == before && !sl_ruleset_valid(out, reason, sizeof reason))
        sl_regels_error(errors, "regels", "%s", reason);
}

/* ---- the preview ------------------------------------------------------------------ */

typedef struct rule_count {
    int32_t regel;
    char variant[SL_RULE_VARIANT_CAP];
    int64_t open, sluiten;
} rule_count;

typedef struct pending {
    int32_t regel;
    char variant[SL_RULE_VARIANT_CAP];
    int64_t address_id;
} pending;

typedef struct preview {
    sl_store *st;
    const sl_ruleset *draft, *active;
    rule_count c[SL_RULES_MAX * 2];
    size_t n;
    pending *queued; /* the unfinished signals, judged after the scan */
    size_t nqueued, capqueued;
} preview;

static rule_count *count_of(preview *p, int32_t regel, const char *variant)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->c[i].regel == regel && strcmp(p->c[i].variant, variant) == 0)
            return &p->c[i];
    if (p->n == sizeof p->c / sizeof p->c[0])
        return NULL;
    rule_count *c = &p->c[p->n++];
    *c = (rule_count){.regel = regel};
    snprintf(c->variant, sizeof c->variant, "%s", variant);
    return c;
}

static const sl_signal_rule *rule_in(const sl_ruleset *rs, int32_t regel, const char *variant)
{
    for (size_t i = 0; i < rs->n; i++)
        if (rs->rules[i].regel == regel && strcmp(rs->rules[i].variant, variant) == 0)
            return &rs->rules[i];
    return NULL;
}

static bool unfinished_cb(void *ctx, const sl_signal *s)
{
    preview *p = ctx;
    if (!sl_signal_unfinished(s->status))
        return true;
    if (p->nqueued == p->capqueued) {
        size_t ncap = p->capqueued ? p->capqueued * 2 : 64;
        pending *n = sl_realloc(p->queued, ncap * sizeof *n);
        if (!n)
            return sl_store_fail(p->st, "onvoldoende geheugen");
        p->queued = n;
        p->capqueued = ncap;
    }
    pending *t = &p->queued[p->nqueued++];
    t->regel = s->regel;
    memcpy(t->variant, s->variant, sizeof t->variant);
    /* a sweep's signal carries its key (term kind, body, cause) as its variant while
     * its rule has none (decision 186): it is counted and judged at that rule */
    const sl_signal_rule *r = sl_ruleset_rule_of(p->draft, t->regel, t->variant);
    if (!r)
        r = sl_ruleset_rule_of(p->active, t->regel, t->variant);
    if (r)
        memcpy(t->variant, r->variant, sizeof t->variant);
    t->address_id = s->address_id;
    return true;
}

/* Counts each unfinished signal at its rule, and those whose draft rule no longer holds. */
static bool judge(preview *p, const sl_ruleset *draft)
{
    for (size_t i = 0; i < p->nqueued; i++) {
        const pending *t = &p->queued[i];
        rule_count *c = count_of(p, t->regel, t->variant);
        const sl_signal_rule *r = rule_in(draft, t->regel, t->variant);
        sl_dossier_facts f;
        const char *reason;
        if (!c)
            continue;
        c->open++;
        if (!r)
            continue; /* a rule no longer in the table leaves its signals as they are */
        if (!sl_store_dossier_facts(p->st, t->address_id, &f))
            return false;
        if (!sl_signal_rule_holds(r, &f.view, &reason))
            c->sluiten++;
    }
    return true;
}

/* The fields of rule a that differ from b, or ["nieuw"] when b is NULL. */
static json_t *changes(const sl_signal_rule *a, const sl_signal_rule *b)
{
    json_t *list = json_array();
    if (!b) {
        json_array_append_new(list, json_string("nieuw"));
        return list;
    }
    if (a->trigger != b->trigger)
        json_array_append_new(list, json_string("trigger"));
    if (a->conditie != b->conditie)
        json_array_append_new(list, json_string("conditie"));
    if (a->aan != b->aan)
        json_array_append_new(list, json_string("aan"));
    if (a->termijn_dagen != b->termijn_dagen)
        json_array_append_new(list, json_string("termijnDagen"));
    if (a->parameter_dagen != b->parameter_dagen)
        json_array_append_new(list, json_string("parameterDagen"));
    if (strcmp(a->tekst, b->tekst) != 0)
        json_array_append_new(list, json_string("tekst"));
    return list;
}

bool sl_regels_signaal_preview(sl_store *st, const sl_ruleset *draft, const sl_ruleset *active,
                               json_t **out)
{
    preview *p = sl_calloc(1, sizeof *p);
    if (!p)
        return sl_store_fail(st, "onvoldoende geheugen");
    p->st = st;
    p->draft = draft;
    p->active = active;
    for (size_t i = 0; i < draft->n; i++)
        count_of(p, draft->rules[i].regel, draft->rules[i].variant);
    for (size_t i = 0; i < active->n; i++)
        count_of(p, active->rules[i].regel, active->rules[i].variant);
    sl_signal_filter f = {.status = -1};
    if (!sl_store_signals_scan(st, &f, unfinished_cb, p) || !judge(p, draft)) {
        sl_free(p->queued);
        sl_free(p);
        return false;
    }
    json_t *regels = json_array();
    int64_t sluiten = 0;
    for (size_t i = 0; i < p->n; i++) {
        const rule_count *c = &p->c[i];
        const sl_signal_rule *now = rule_in(draft, c->regel, c->variant);
        const sl_signal_rule *was = rule_in(active, c->regel, c->variant);
        json_t *w = now ? changes(now, was) : json_pack("[s]", "vervallen");
        sluiten += c->sluiten;
        json_array_append_new(regels, json_pack("{s:i, s:s, s:o, s:I, s:I}", "regel",
                                                (int)c->regel, "variant", c->variant,
                                                "wijzigingen", w, "openSignalen",
                                                (json_int_t)c->open, "teSluiten",
                                                (json_int_t)c->sluiten));
    }
    sl_free(p->queued);
    sl_free(p);
    *out = json_pack("{s:s, s:i, s:I, s:o}", "soort", "signaal", "huidigeVersie",
                     (int)active->version, "signalenTeSluiten", (json_int_t)sluiten, "regels",
                     regels);
    return *out != NULL || sl_store_fail(st, "onvoldoende geheugen");
}

/* ---- after publishing ----------------------------------------------------------- */

typedef struct addresses {
    sl_store *st;
    int64_t *id;
    size_t n, cap;
} addresses;

static bool address_cb(void *ctx, const sl_signal *s)
{
    addresses *a = ctx;
    if (!sl_signal_unfinished(s->status) || (a->n && a->id[a->n - 1] == s->address_id))
        return true;
    if (a->n == a->cap) {
        size_t ncap = a->cap ? a->cap * 2 : 64;
        int64_t *n = sl_realloc(a->id, ncap * sizeof *n);
        if (!n)
            return sl_store_fail(a->st, "onvoldoende geheugen");
        a->id = n;
        a->cap = ncap;
    }
    a->id[a->n++] = s->address_id;
    return true;
}

bool sl_regels_signaal_herbeoordeel(sl_store *st, int64_t *closed)
{
    addresses a = {.st = st};
    sl_signal_filter f = {.status = -1};
    sl_ruleset *rules = sl_calloc(1, sizeof *rules);
    bool ok = rules && sl_store_signals_scan(st, &f, address_cb, &a) &&
              sl_store_signal_ruleset(st, rules);
    *closed = 0;
    /* an address appears once per run of its signals; closing twice finds nothing */
    for (size_t i = 0; ok && i < a.n; i++) {
        sl_dossier_facts now;
        ok = sl_store_dossier_facts(st, a.id[i], &now) &&
             sl_signals_close_lapsed(st, rules, a.id[i], &now.view, closed);
    }
    if (!rules)
        sl_store_fail(st, "onvoldoende geheugen");
    sl_free(rules);
    sl_free(a.id);
    return ok;
}
