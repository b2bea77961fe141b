/*
 * planning.c - the planner's JSON input read and checked, and its answer
 * written (service/planning.h). Strict: an unknown field is a fault, so a
 * misspelt `niet_beschikbaar` is not silently ignored (decision 130).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "core/hashmap.h"
#include "service/planning.h"

typedef struct reader {
    char *err;
    size_t cap, len;
    int faults;
} reader;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void fault(reader *rd, const char *path, const char *fmt, ...)
{
    rd->faults++;
    if (!rd->err || rd->len + 1 >= rd->cap)
        return;
    int n = snprintf(rd->err + rd->len, rd->cap - rd->len, "%s: ", path);
    if (n > 0 && (size_t)n < rd->cap - rd->len) {
        rd->len += (size_t)n;
        va_list ap;
        va_start(ap, fmt);
        n = vsnprintf(rd->err + rd->len, rd->cap - rd->len, fmt, ap);
        va_end(ap);
        if (n > 0)
            rd->len += (size_t)n < rd->cap - rd->len ? (size_t)n : rd->cap - rd->len - 1;
    }
    if (rd->len + 1 < rd->cap) {
        rd->err[rd->len++] = '\n';
        rd->err[rd->len] = '\0';
    }
}

/* Every key of `obj` must be one of `known` (NULL-terminated). */
static void only_known(reader *rd, const char *path, json_t *obj, const char *const *known)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        bool ok = false;
        for (const char *const *k = known; *k && !ok; k++)
            ok = strcmp(key, *k) == 0;
        if (!ok)
            fault(rd, path, "onbekend veld '%s'", key);
    }
}

static bool read_date(reader *rd, const char *path, json_t *v, sl_date *out)
{
    const char *why;
    if (!json_is_string(v)) {
        fault(rd, path, "verwacht %s", SL_DATE_ISO_FORM);
        return false;
    }
    if (!sl_date_parse_iso(json_string_value(v), json_string_length(v), out, &why)) {
        fault(rd, path, "'%s' is geen bestaande datum: %s", json_string_value(v), why);
        return false;
    }
    return true;
}

/* A CBS municipality code: four digits, not 0000. */
static bool read_gemeente(reader *rd, const char *path, json_t *v, int *out)
{
    const char *s = json_string_value(v);
    bool ok = s && strlen(s) == 4 && strspn(s, "0123456789") == 4 && strcmp(s, "0000") != 0;
    if (!ok) {
        fault(rd, path, "verwacht een gemeentecode van vier cijfers, zoals \"0014\"");
        return false;
    }
    *out = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    return true;
}

static json_t *member(reader *rd, const char *path, json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        fault(rd, path, "het veld '%s' ontbreekt", key);
    return v;
}

/* The most inspections one body can do in one municipality on one day. */
#define MAX_PER_DAY 10000

static void read_capacity(reader *rd, json_t *arr, sl_plan_doc *doc, sl_intmap *seen,
                          sl_intmap *gemeenten)
{
    static const char *const known[] = {"org", "gemeentecode", "datum", "opnames", NULL};
    char path[64];
    size_t i;
    json_t *c;
    json_array_foreach(arr, i, c) {
        snprintf(path, sizeof path, "capaciteit[%zu]", i);
        if (!json_is_object(c)) {
            fault(rd, path, "verwacht een object");
            continue;
        }
        only_known(rd, path, c, known);
        sl_plan_capacity *cap = &doc->capacity[doc->in.n_capacity];
        char p2[96];
        json_t *org = member(rd, path, c, "org"), *g = member(rd, path, c, "gemeentecode");
        json_t *d = member(rd, path, c, "datum"), *n = member(rd, path, c, "opnames");
        bool ok = org && g && d && n;
        if (org) {
            const char *s = json_string_value(org);
            if (s && strcmp(s, "IMG") == 0)
                cap->org = SL_PLAN_IMG;
            else if (s && strcmp(s, "NCG") == 0)
                cap->org = SL_PLAN_NCG;
            else {
                snprintf(p2, sizeof p2, "%s.org", path);
                fault(rd, p2, "verwacht \"IMG\" of \"NCG\"");
                ok = false;
            }
        }
        snprintf(p2, sizeof p2, "%s.gemeentecode", path);
        ok &= g && read_gemeente(rd, p2, g, &cap->gemeente);
        snprintf(p2, sizeof p2, "%s.datum", path);
        ok &= d && read_date(rd, p2, d, &cap->day);
        if (n) {
            snprintf(p2, sizeof p2, "%s.opnames", path);
            json_int_t v = json_is_integer(n) ? json_integer_value(n) : -1;
            if (!json_is_integer(n))
                fault(rd, p2, "verwacht een geheel aantal opnames");
            else if (v < 0)
                fault(rd, p2, "het aantal opnames is negatief (%lld)", (long long)v);
            else if (v > MAX_PER_DAY)
                fault(rd, p2, "meer dan %d opnames op een dag", MAX_PER_DAY);
            ok &= v >= 0 && v <= MAX_PER_DAY;
            cap->opnames = (int)v;
        }
        if (!ok)
            continue;
        int64_t key = ((int64_t)cap->org << 50) | ((int64_t)cap->gemeente << 32) |
                      (uint32_t)cap->day, first;
        if (sl_intmap_get(seen, key, &first)) {
            fault(rd, path, "dezelfde organisatie, gemeente en datum als capaciteit[%lld]",
                  (long long)first);
            continue;
        }
        if (!sl_intmap_put(seen, key, (int64_t)i) ||
            !sl_intmap_put(gemeenten, cap->gemeente, 1))
            fault(rd, path, "onvoldoende geheugen");
        doc->in.n_capacity++;
    }
}

static const char *const weekday_names[] = {"maandag", "dinsdag",  "woensdag", "donderdag",
                                            "vrijdag", "zaterdag", "zondag"};

static void read_weekdays(reader *rd, const char *path, json_t *arr, unsigned *out)
{
    char p2[128];
    size_t i;
    json_t *v;
    if (!json_is_array(arr)) {
        fault(rd, path, "verwacht een lijst van weekdagen, zoals [\"dinsdag\"]");
        return;
    }
    json_array_foreach(arr, i, v) {
        const char *s = json_string_value(v);
        int day = -1;
        for (int w = 0; w < 7 && s; w++)
            if (strcmp(s, weekday_names[w]) == 0)
                day = w;
        snprintf(p2, sizeof p2, "%.96s[%zu]", path, i);
        if (day < 0)
            fault(rd, p2, "verwacht een weekdag: maandag, dinsdag, ..., zondag");
        else
            *out |= 1u << day;
    }
}

static void read_request(reader *rd, size_t i, json_t *v, sl_plan_doc *doc, size_t *n_unav,
                         sl_intmap *ids, const sl_intmap *gemeenten)
{
    static const char *const known[] = {"nummeraanduiding_id", "gemeentecode", "vroegst",
                                        "niet_beschikbaar", "voorkeur_weekdagen", NULL};
    char path[64], p2[128];
    snprintf(path, sizeof path, "verzoeken[%zu]", i);
    if (!json_is_object(v)) {
        fault(rd, path, "verwacht een object");
        return;
    }
    only_known(rd, path, v, known);
    sl_plan_request *r = &doc->requests[doc->in.n_requests];
    memset(r, 0, sizeof *r);
    json_t *id = member(rd, path, v, "nummeraanduiding_id");
    json_t *g = member(rd, path, v, "gemeentecode"), *e = member(rd, path, v, "vroegst");
    bool ok = id && g && e;
    if (id) {
        int64_t num, first;
        const char *why = "verwacht een tekst van 16 cijfers";
        snprintf(p2, sizeof p2, "%s.nummeraanduiding_id", path);
        if (!json_is_string(id) || !sl_bag_parse(json_string_value(id), json_string_length(id),
                                                 SL_BAG_NUMMERAANDUIDING, &num, &why)) {
            fault(rd, p2, "geen nummeraanduiding-id: %s", why);
            ok = false;
        } else if (sl_intmap_get(ids, num, &first)) {
            fault(rd, p2, "%s staat ook in verzoeken[%lld]: een adres heeft één verzoek",
                  json_string_value(id), (long long)first);
            ok = false;
        } else {
            if (!sl_intmap_put(ids, num, (int64_t)i))
                fault(rd, p2, "onvoldoende geheugen");
            sl_bag_format(num, doc->ids[doc->in.n_requests]);
        }
    }
    snprintf(p2, sizeof p2, "%s.gemeentecode", path);
    if (g && read_gemeente(rd, p2, g, &r->gemeente)) {
        int64_t one;
        if (!sl_intmap_get(gemeenten, r->gemeente, &one)) {
            fault(rd, p2, "onbekende gemeente %s: geen capaciteitsregel noemt haar",
                  json_string_value(g));
            ok = false;
        }
    } else {
        ok = false;
    }
    snprintf(p2, sizeof p2, "%s.vroegst", path);
    ok &= e && read_date(rd, p2, e, &r->earliest[SL_PLAN_IMG]);
    r->earliest[SL_PLAN_NCG] = r->earliest[SL_PLAN_IMG];
    json_t *un = json_object_get(v, "niet_beschikbaar");
    snprintf(p2, sizeof p2, "%s.niet_beschikbaar", path);
    r->unavailable = doc->unavailable + *n_unav;
    if (un && !json_is_array(un)) {
        fault(rd, p2, "verwacht een lijst van datums");
        ok = false;
    } else if (un) {
        size_t j;
        json_t *d;
        json_array_foreach(un, j, d) {
            char p3[160];
            snprintf(p3, sizeof p3, "%s[%zu]", p2, j);
            if (read_date(rd, p3, d, &doc->unavailable[*n_unav + r->n_unavailable]))
                r->n_unavailable++;
            else
                ok = false;
        }
    }
    json_t *wd = json_object_get(v, "voorkeur_weekdagen");
    if (wd) {
        snprintf(p2, sizeof p2, "%s.voorkeur_weekdagen", path);
        int before = rd->faults;
        read_weekdays(rd, p2, wd, &r->weekdays);
        ok &= rd->faults == before;
    }
    if (ok) {
        *n_unav += r->n_unavailable;
        doc->in.n_requests++;
    }
}

/* Arrays sized from the document, so that reading never grows them. */
static bool allocate(sl_plan_doc *doc, json_t *caps, json_t *reqs)
{
    size_t nc = json_array_size(caps), nr = json_array_size(reqs), nu = 0;
    for (size_t i = 0; i < nr; i++)
        nu += json_array_size(json_object_get(json_array_get(reqs, i), "niet_beschikbaar"));
    doc->capacity = sl_calloc(nc + 1, sizeof *doc->capacity);
    doc->requests = sl_calloc(nr + 1, sizeof *doc->requests);
    doc->unavailable = sl_calloc(nu + 1, sizeof *doc->unavailable);
    doc->ids = sl_calloc(nr + 1, sizeof *doc->ids);
    return doc->capacity && doc->requests && doc->unavailable && doc->ids;
}

static void read_period(reader *rd, json_t *root, sl_plan_doc *doc)
{
    json_t *van = member(rd, "$", root, "van"), *tot = member(rd, "$", root, "tot");
    bool ok = van && read_date(rd, "van", van, &doc->in.from);
    ok &= tot && read_date(rd, "tot", tot, &doc->in.to);
    if (!ok)
        return;
    if (doc->in.to < doc->in.from)
        fault(rd, "tot", "%s ligt voor van (%s)", json_string_value(tot), json_string_value(van));
    else if (doc->in.to - doc->in.from + 1 > SL_PLAN_MAX_DAYS)
        fault(rd, "tot", "de periode is langer dan %d dagen", SL_PLAN_MAX_DAYS);
}

bool sl_plan_doc_read(const char *text, size_t len, sl_plan_doc *doc, char *err, size_t errcap,
                      int *n_faults)
{
    static const char *const known[] = {"van", "tot", "capaciteit", "verzoeken", NULL};
    memset(doc, 0, sizeof *doc);
    reader rd = {err, errcap, 0, 0};
    if (err && errcap)
        err[0] = '\0';
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    sl_intmap *seen = sl_intmap_new(64), *gemeenten = sl_intmap_new(64), *ids = sl_intmap_new(64);
    if (!root) {
        char where[64];
        snprintf(where, sizeof where, "regel %d, kolom %d", jerr.line, jerr.column);
        fault(&rd, where, "geen geldige JSON: %s", jerr.text);
        goto done;
    }
    if (!json_is_object(root)) {
        fault(&rd, "$", "verwacht een object met van, tot, capaciteit en verzoeken");
        goto done;
    }
    only_known(&rd, "$", root, known);
    read_period(&rd, root, doc);
    json_t *caps = member(&rd, "$", root, "capaciteit");
    json_t *reqs = member(&rd, "$", root, "verzoeken");
    if (caps && !json_is_array(caps))
        fault(&rd, "capaciteit", "verwacht een lijst");
    if (reqs && !json_is_array(reqs))
        fault(&rd, "verzoeken", "verwacht een lijst");
    if (rd.faults)
        goto done;
    if (!seen || !gemeenten || !ids || !allocate(doc, caps, reqs)) {
        fault(&rd, "$", "onvoldoende geheugen");
        goto done;
    }
    read_capacity(&rd, caps, doc, seen, gemeenten);
    size_t i, n_unav = 0;
    json_t *v;
    json_array_foreach(reqs, i, v)
        read_request(&rd, i, v, doc, &n_unav, ids, gemeenten);
done:
    json_decref(root);
    sl_intmap_free(seen);
    sl_intmap_free(gemeenten);
    sl_intmap_free(ids);
    if (n_faults)
        *n_faults = rd.faults;
    if (rd.faults) {
        sl_plan_doc_free(doc);
        return false;
    }
    doc->in.capacity = doc->capacity;
    doc->in.requests = doc->requests;
    return true;
}

void sl_plan_doc_free(sl_plan_doc *doc)
{
    sl_free(doc->capacity);
    sl_free(doc->requests);
    sl_free(doc->unavailable);
    sl_free(doc->ids);
    memset(doc, 0, sizeof *doc);
}

/* Four decimals are enough for a share or a mean of days, and read back the same. */
static json_t *rounded(double x)
{
    return json_real(round(x * 10000.0) / 10000.0);
}

static json_t *date_value(sl_date d)
{
    char buf[11];
    sl_date_format(d, buf);
    return json_string(buf);
}

static json_t *quality(const sl_plan_quality *q, bool joint, const sl_plan_result *res)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    bool ok = true;
    if (joint)
        ok &= json_object_set_new(o, "verzoeken", json_integer((json_int_t)q->requests)) == 0;
    ok &= json_object_set_new(o, "gepland", json_integer((json_int_t)q->planned)) == 0;
    ok &= json_object_set_new(o, "binnen_2_dagen", rounded(q->share_within_two)) == 0;
    ok &= json_object_set_new(o, "gemiddeld_verschil_dagen", rounded(q->mean_gap)) == 0;
    ok &= json_object_set_new(o, "gemiddelde_wachttijd_dagen", rounded(q->mean_wait)) == 0;
    if (joint) {
        ok &= json_object_set_new(o, "bovengrens", json_integer((json_int_t)res->upper_bound)) == 0;
        ok &= json_object_set_new(o, "bewezen_optimaal", json_boolean(res->proven_optimal)) == 0;
    }
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *sl_plan_doc_answer(const sl_plan_doc *doc, const sl_plan_result *res)
{
    json_t *out = json_object(), *planned = json_array(), *not_planned = json_array();
    bool ok = out && planned && not_planned;
    for (size_t i = 0; ok && i < doc->in.n_requests; i++) {
        const sl_plan_item *it = &res->joint[i];
        json_t *row = it->outcome == SL_PLAN_PLANNED
                          ? json_pack("{s:s, s:o, s:o}", "nummeraanduiding_id", doc->ids[i], "img",
                                      date_value(it->day[SL_PLAN_IMG]), "ncg",
                                      date_value(it->day[SL_PLAN_NCG]))
                          : json_pack("{s:s, s:s}", "nummeraanduiding_id", doc->ids[i], "reden",
                                      sl_plan_outcome_code(it->outcome));
        ok = row && json_array_append_new(it->outcome == SL_PLAN_PLANNED ? planned : not_planned,
                                          row) == 0;
    }
    if (ok) {
        ok = json_object_set(out, "gepland", planned) == 0 &&
             json_object_set(out, "niet_gepland", not_planned) == 0 &&
             json_object_set_new(out, "kwaliteit", quality(&res->joint_quality, true, res)) == 0 &&
             json_object_set_new(out, "los_gepland", quality(&res->apart_quality, false, res)) == 0;
    }
    json_decref(planned);
    json_decref(not_planned);
    if (!ok) {
        json_decref(out);
        return NULL;
    }
    return out;
}
