/*
 * planningen.c - plans of joint inspections from the register
 * (service/opnames.h): made by the core planner from the open requests and
 * the capacity, stored as a concept, adjusted by hand against the same rules
 * (sl_plan_check), confirmed into inspections of both bodies.
 */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "core/hashmap.h"
#include "service/address_search.h"
#include "service/opnames_int.h"
#include "service/planning.h"
#include "service/signals.h"
#include "store/dossiers_store.h"
#include "store/records_store.h"

/* ---- the planner's input from the register ------------------------------------------ */

/* A plan's input beside the core's: which stored request each of doc's requests is. */
typedef struct reg_input {
    sl_plan_doc doc;
    sl_opnameverzoek *req; /* per doc request */
    size_t cap;
    size_t n_unav;         /* used of doc.unavailable */
    size_t unav_cap;
} reg_input;

static void reg_input_free(reg_input *ri)
{
    sl_plan_doc_free(&ri->doc);
    sl_free(ri->req);
    memset(ri, 0, sizeof *ri);
}

/* Adds one stored request; false when memory runs out. */
static bool reg_input_add(reg_input *ri, const sl_opnameverzoek *v)
{
    size_t n = ri->doc.in.n_requests;
    if (n == ri->cap) {
        size_t ncap = ri->cap ? ri->cap * 2 : 64;
        sl_plan_request *r = sl_realloc(ri->doc.requests, ncap * sizeof *r);
        if (r)
            ri->doc.requests = r;
        sl_opnameverzoek *q = r ? sl_realloc(ri->req, ncap * sizeof *q) : NULL;
        if (q)
            ri->req = q;
        char(*ids)[17] = q ? sl_realloc(ri->doc.ids, ncap * sizeof *ids) : NULL;
        if (!ids)
            return false;
        ri->doc.ids = ids;
        ri->cap = ncap;
    }
    if (ri->n_unav + v->n_niet_beschikbaar > ri->unav_cap) {
        size_t ncap = (ri->unav_cap + v->n_niet_beschikbaar) * 2;
        sl_date *u = sl_realloc(ri->doc.unavailable, ncap * sizeof *u);
        if (!u)
            return false;
        ri->doc.unavailable = u;
        ri->unav_cap = ncap;
    }
    ri->req[n] = *v;
    if (v->n_niet_beschikbaar) /* the block is NULL until a request has dates */
        memcpy(ri->doc.unavailable + ri->n_unav, v->niet_beschikbaar,
               v->n_niet_beschikbaar * sizeof v->niet_beschikbaar[0]);
    ri->doc.requests[n] = (sl_plan_request){
        .gemeente = opn_gemeente_int(v->gemeentecode),
        .earliest = {v->vroegst[SL_PLAN_IMG], v->vroegst[SL_PLAN_NCG]},
        .n_unavailable = v->n_niet_beschikbaar, .weekdays = v->voorkeur_weekdagen};
    ri->n_unav += v->n_niet_beschikbaar;
    sl_bag_format(v->address_id, ri->doc.ids[n]);
    ri->doc.in.n_requests++;
    return true;
}

/* The unavailable dates move with realloc: point each request at its block last. */
static void reg_input_seal(reg_input *ri)
{
    size_t off = 0;
    for (size_t i = 0; i < ri->doc.in.n_requests; i++) {
        ri->doc.requests[i].unavailable = ri->doc.unavailable + off;
        off += ri->doc.requests[i].n_unavailable;
    }
    ri->doc.in.requests = ri->doc.requests;
    ri->doc.in.capacity = ri->doc.capacity;
}

static bool plannable_cb(void *ctx, const sl_opnameverzoek *v)
{
    reg_input *ri = ctx;
    if (!v->gezamenlijk || (v->status != SL_OV_OPEN && v->status != SL_OV_GEPLAND))
        return true;
    return reg_input_add(ri, v);
}

/* Capacity of the period (minus confirmed inspections) and the given requests. */
static bool reg_input_capacity(sl_store *st, const sl_opn_ctx *c, reg_input *ri)
{
    if (!sl_capaciteit_days(st, c->cal, ri->doc.in.from, ri->doc.in.to, &ri->doc.capacity,
                           &ri->doc.in.n_capacity))
        return false;
    ri->doc.in.capacity = ri->doc.capacity;
    return true;
}

/* ---- answers --------------------------------------------------------------------------- */

static const char *plan_status_name(sl_planning_status s)
{
    return s == SL_PLANNING_BEVESTIGD ? "bevestigd" : "concept";
}

static json_t *plan_head_json(const sl_planning *p)
{
    json_t *o = json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:I}", "id", (json_int_t)p->id, "van",
                          opn_date_json(p->van), "tot", opn_date_json(p->tot), "status",
                          plan_status_name(p->status), "gemaakt_door", p->gemaakt_door,
                          "gemaakt_op", p->gemaakt_op, "versie", (json_int_t)p->versie);
    if (o && p->status == SL_PLANNING_BEVESTIGD) {
        json_object_set_new(o, "bevestigd_door", json_string(p->bevestigd_door));
        json_object_set_new(o, "bevestigd_op", json_string(p->bevestigd_op));
    }
    return o;
}

/* ---- making a plan ------------------------------------------------------------------------ */

static bool read_period(sl_opn_result *res, const char *van, const char *tot, sl_date *from,
                        sl_date *to)
{
    const char *why;
    bool ok = true;
    if (!van || !sl_date_parse_iso(van, strlen(van), from, &why)) {
        opn_fault(res, "van", "geen bestaande datum (JJJJ-MM-DD)");
        ok = false;
    }
    if (!tot || !sl_date_parse_iso(tot, strlen(tot), to, &why)) {
        opn_fault(res, "tot", "geen bestaande datum (JJJJ-MM-DD)");
        ok = false;
    }
    if (ok && *to < *from) {
        opn_fault(res, "tot", "%s ligt voor van (%s)", tot, van);
        ok = false;
    } else if (ok && *to - *from + 1 > SL_PLAN_MAX_DAYS) {
        opn_fault(res, "tot", "de periode is langer dan %d dagen", SL_PLAN_MAX_DAYS);
        ok = false;
    }
    return ok;
}

/* The quality part of an answer, kept with the plan. */
static void keep_quality(json_t *answer, sl_planning *p)
{
    json_t *q = json_pack("{s:O, s:O}", "kwaliteit", json_object_get(answer, "kwaliteit"),
                          "los_gepland", json_object_get(answer, "los_gepland"));
    char *text = q ? json_dumps(q, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(6)) : NULL;
    snprintf(p->kwaliteit, sizeof p->kwaliteit, "%s", text && strlen(text) < sizeof p->kwaliteit
                                                          ? text
                                                          : "{}");
    sl_free(text);
    json_decref(q);
}

/* The plan's lines, and each request's state following them. */
static bool store_lines(sl_store *st, const reg_input *ri, const sl_plan_result *pr,
                        int64_t planning_id)
{
    for (size_t i = 0; i < ri->doc.in.n_requests; i++) {
        const sl_plan_item *it = &pr->joint[i];
        sl_planningsregel l = {.opnameverzoek_id = ri->req[i].id,
                               .day = {it->day[SL_PLAN_IMG], it->day[SL_PLAN_NCG]}};
        snprintf(l.reden, sizeof l.reden, "%s", sl_plan_outcome_code(it->outcome));
        sl_ov_status to = it->outcome == SL_PLAN_PLANNED ? SL_OV_GEPLAND : SL_OV_OPEN;
        bool stale;
        if (!sl_store_planningsregel_put(st, planning_id, &l) ||
            (ri->req[i].status != to &&
             !sl_store_opnameverzoek_set_status(st, ri->req[i].id, ri->req[i].versie, to,
                                                &stale)))
            return false;
    }
    return true;
}

static sl_outcome store_plan(sl_store *st, const sl_opn_ctx *c, const reg_input *ri,
                            const sl_plan_result *pr, json_t *answer, sl_opn_result *res)
{
    sl_planning p;
    memset(&p, 0, sizeof p);
    p.van = ri->doc.in.from;
    p.tot = ri->doc.in.to;
    keep_quality(answer, &p);
    snprintf(p.gemaakt_door, sizeof p.gemaakt_door, "%s", c->by->gebruiker);
    opn_now_text(c, p.gemaakt_op);
    char details[120];
    if (!sl_store_planning_add(st, &p) || !store_lines(st, ri, pr, p.id))
        return opn_store_fail(st, res);
    snprintf(details, sizeof details, "{\"planning\":%lld,\"verzoeken\":%zu,\"gepland\":%zu}",
             (long long)p.id, ri->doc.in.n_requests, pr->joint_quality.planned);
    if (!opn_log(st, c->by, 0, "planning:opnameverzoeken,capaciteit", "wijziging", details))
        return opn_store_fail(st, res);
    json_object_set_new(answer, "planning", plan_head_json(&p));
    res->versie = p.versie;
    return SL_OK;
}

sl_outcome sl_planning_make(sl_store *st, const sl_opn_ctx *c, const char *van, const char *tot,
                           bool store, sl_opn_result *res)
{
    if (!opn_is_planner(c->by))
        return opn_fail(res, SL_FORBIDDEN, "Alleen de planner maakt een planning.");
    reg_input ri;
    memset(&ri, 0, sizeof ri);
    if (!read_period(res, van, tot, &ri.doc.in.from, &ri.doc.in.to))
        return opn_fail(res, SL_INVALID, "Er is niets gepland: zie de velden.");
    /* one transaction, also for a plan not kept: requests and capacity from one moment */
    if (!sl_store_begin(st))
        return opn_store_fail(st, res);
    if (!sl_store_opnameverzoeken_scan(st, -1, 0, plannable_cb, &ri) ||
        !reg_input_capacity(st, c, &ri)) {
        reg_input_free(&ri);
        return opn_store_fail(st, res);
    }
    reg_input_seal(&ri);
    sl_plan_result pr;
    if (!sl_plan(&ri.doc.in, &pr)) {
        reg_input_free(&ri);
        sl_store_rollback(st);
        return opn_fail(res, SL_ERROR, "onvoldoende geheugen");
    }
    json_t *answer = sl_plan_doc_answer(&ri.doc, &pr);
    sl_outcome rc = answer ? SL_OK : opn_fail(res, SL_ERROR, "onvoldoende geheugen");
    if (rc == SL_OK && store)
        rc = store_plan(st, c, &ri, &pr, answer, res);
    if (rc == SL_OK && store && !sl_store_commit(st))
        rc = opn_store_fail(st, res);
    sl_store_rollback(st); /* after a commit nothing; else the plan not kept leaves no trace */
    sl_plan_result_free(&pr);
    reg_input_free(&ri);
    if (rc != SL_OK) {
        json_decref(answer);
        return rc;
    }
    res->data = answer;
    return SL_OK;
}

/* ---- a stored plan ------------------------------------------------------------------------- */

typedef struct lines {
    sl_planningsregel *l;
    size_t n, cap;
} lines;

static bool lines_cb(void *ctx, const sl_planningsregel *l)
{
    lines *ls = ctx;
    if (ls->n == ls->cap) {
        size_t ncap = ls->cap ? ls->cap * 2 : 64;
        sl_planningsregel *more = sl_realloc(ls->l, ncap * sizeof *more);
        if (!more)
            return false;
        ls->l = more;
        ls->cap = ncap;
    }
    ls->l[ls->n++] = *l;
    return true;
}

/* A stored plan with its lines and each line's request as it is now. */
typedef struct stored {
    sl_planning p;
    lines ls;
    reg_input ri; /* one request per line, in line order */
} stored;

static void stored_free(stored *s)
{
    sl_free(s->ls.l);
    reg_input_free(&s->ri);
}

static sl_outcome load_plan(sl_store *st, const sl_opn_ctx *c, int64_t id, stored *s,
                           sl_opn_result *res)
{
    memset(s, 0, sizeof *s);
    bool found;
    if (!sl_store_planning_get(st, id, &s->p, &found))
        return opn_store_fail(st, res);
    if (!found)
        return opn_fail(res, SL_NOT_FOUND, "Deze planning is niet gevonden.");
    if (!sl_store_planningsregels_of(st, id, lines_cb, &s->ls))
        return opn_store_fail(st, res);
    s->ri.doc.in.from = s->p.van;
    s->ri.doc.in.to = s->p.tot;
    for (size_t i = 0; i < s->ls.n; i++) {
        sl_opnameverzoek v;
        if (!sl_store_opnameverzoek_get(st, s->ls.l[i].opnameverzoek_id, &v, &found) || !found ||
            !reg_input_add(&s->ri, &v)) {
            if (found)
                sl_store_fail(st, "onvoldoende geheugen");
            return opn_store_fail(st, res);
        }
    }
    reg_input_seal(&s->ri);
    return SL_OK;
}

/* The address in words (street and number), so the planner's screen need not show a BAG
 * id; an address no longer delivered still has its last known words. */
static bool add_address(sl_store *st, json_t *row, int64_t address_id)
{
    sl_address a;
    bool absent, found;
    if (!row || !sl_store_address_get(st, address_id, &a, &absent, &found))
        return false;
    return json_object_set_new(row, "adres", found ? sl_address_short_json(&a) : json_null()) == 0;
}

static json_t *plan_json(sl_store *st, const stored *s)
{
    json_t *o = plan_head_json(&s->p), *planned = json_array(), *not_planned = json_array();
    for (size_t i = 0; o && i < s->ls.n; i++) {
        const sl_planningsregel *l = &s->ls.l[i];
        const sl_opnameverzoek *v = &s->ri.req[i];
        bool in = l->day[SL_PLAN_IMG] != SL_DATE_NONE;
        json_t *row = in ? json_pack("{s:I, s:s, s:s, s:o, s:o, s:s}", "opnameverzoek_id",
                                     (json_int_t)v->id, "nummeraanduiding_id", s->ri.doc.ids[i],
                                     "gemeentecode", v->gemeentecode, "img",
                                     opn_date_json(l->day[SL_PLAN_IMG]), "ncg",
                                     opn_date_json(l->day[SL_PLAN_NCG]), "status",
                                     sl_ov_status_name(v->status))
                         : json_pack("{s:I, s:s, s:s, s:s}", "opnameverzoek_id",
                                     (json_int_t)v->id, "nummeraanduiding_id", s->ri.doc.ids[i],
                                     "gemeentecode", v->gemeentecode, "reden", l->reden);
        if (!add_address(st, row, v->address_id)) {
            json_decref(row);
            json_decref(o);
            o = NULL;
            break;
        }
        json_array_append_new(in ? planned : not_planned, row);
    }
    json_t *q = json_loads(s->p.kwaliteit, 0, NULL);
    if (o) {
        json_object_set_new(o, "gepland", planned);
        json_object_set_new(o, "niet_gepland", not_planned);
        json_object_set(o, "kwaliteit", json_object_get(q, "kwaliteit"));
        json_object_set(o, "los_gepland", json_object_get(q, "los_gepland"));
    } else {
        json_decref(planned);
        json_decref(not_planned);
    }
    json_decref(q);
    return o;
}

sl_outcome sl_planning_show(sl_store *st, const sl_opn_ctx *c, int64_t id, sl_opn_result *res)
{
    if (!opn_is_planner(c->by))
        return opn_fail(res, SL_FORBIDDEN, "Alleen de planner ziet de planningen.");
    stored s;
    sl_outcome rc = load_plan(st, c, id, &s, res);
    if (rc == SL_OK) {
        res->data = plan_json(st, &s);
        res->versie = s.p.versie;
    }
    stored_free(&s);
    return rc;
}

static bool plans_cb(void *ctx, const sl_planning *p)
{
    return json_array_append_new(ctx, plan_head_json(p)) == 0;
}

sl_outcome sl_planningen_list(sl_store *st, const sl_opn_ctx *c, sl_opn_result *res)
{
    if (!opn_is_planner(c->by))
        return opn_fail(res, SL_FORBIDDEN, "Alleen de planner ziet de planningen.");
    json_t *arr = json_array();
    if (!arr || !sl_store_planningen_scan(st, plans_cb, arr)) {
        json_decref(arr);
        return opn_store_fail(st, res);
    }
    res->data = json_pack("{s:o}", "planningen", arr);
    return SL_OK;
}

/* ---- adjusting and confirming ---------------------------------------------------------------- */

/* The plan's items as the core checks them; lines whose request left the plan are out. */
static sl_plan_item *plan_items(const stored *s)
{
    sl_plan_item *items = sl_calloc(s->ls.n + 1, sizeof *items);
    for (size_t i = 0; items && i < s->ls.n; i++) {
        const sl_planningsregel *l = &s->ls.l[i];
        bool live = s->ri.req[i].status == SL_OV_OPEN || s->ri.req[i].status == SL_OV_GEPLAND;
        bool in = live && l->day[SL_PLAN_IMG] != SL_DATE_NONE && l->day[SL_PLAN_NCG] != SL_DATE_NONE;
        items[i].outcome = in ? SL_PLAN_PLANNED : SL_PLAN_CAPACITY_TAKEN;
        items[i].day[SL_PLAN_IMG] = in ? l->day[SL_PLAN_IMG] : SL_DATE_NONE;
        items[i].day[SL_PLAN_NCG] = in ? l->day[SL_PLAN_NCG] : SL_DATE_NONE;
    }
    return items;
}

/* Loads a concept for a change at expect_versie, inside the open transaction. */
static sl_outcome load_concept(sl_store *st, const sl_opn_ctx *c, int64_t id,
                              int64_t expect_versie, stored *s, sl_opn_result *res)
{
    sl_outcome rc = load_plan(st, c, id, s, res);
    if (rc != SL_OK)
        return rc;
    if (expect_versie != SL_VERSIE_ANY && expect_versie != s->p.versie)
        return opn_fail(res, SL_STALE,
                        "De planning is intussen gewijzigd (versie %lld); haal haar opnieuw op.",
                        (long long)s->p.versie);
    if (s->p.status != SL_PLANNING_CONCEPT)
        return opn_fail(res, SL_CONFLICT, "Deze planning is al bevestigd.");
    return reg_input_capacity(st, c, &s->ri) ? SL_OK : opn_store_fail(st, res);
}

/* The core's verdict on items; a fault as text naming the request. */
static sl_outcome check_items(const stored *s, const sl_plan_item *items, size_t *bad,
                             sl_plan_org *org, sl_opn_result *res)
{
    bool ok;
    sl_plan_fault f = sl_plan_check(&s->ri.doc.in, items, bad, org, &ok);
    if (!ok)
        return opn_fail(res, SL_ERROR, "onvoldoende geheugen");
    if (f == SL_PLAN_VALID)
        return SL_OK;
    return opn_fail(res, SL_CONFLICT, "Adres %s (%s): %s.", s->ri.doc.ids[*bad],
                    opn_org_name(*org), sl_plan_fault_text(f));
}

static sl_outcome bump(sl_store *st, sl_planning *p, sl_opn_result *res)
{
    int64_t expect = p->versie;
    bool stale;
    if (!sl_store_planning_update(st, p, expect, &stale))
        return opn_store_fail(st, res);
    if (stale) {
        sl_store_rollback(st);
        return opn_fail(res, SL_STALE, "De planning is intussen gewijzigd.");
    }
    return SL_OK;
}

/* The move's fields; *line the plan line of the request. */
static bool read_move(sl_opn_result *res, json_t *body, const stored *s, size_t *line,
                      sl_date day[SL_PLAN_ORGS])
{
    json_t *id = json_object_get(body, "opnameverzoek_id");
    bool present, ok = true;
    if (!json_is_object(body)) {
        opn_fault(res, "$", "verwacht een object met opnameverzoek_id, img en ncg");
        return false;
    }
    *line = s->ls.n;
    for (size_t i = 0; json_is_integer(id) && i < s->ls.n; i++)
        if (s->ls.l[i].opnameverzoek_id == json_integer_value(id))
            *line = i;
    if (*line == s->ls.n) {
        opn_fault(res, "opnameverzoek_id", "geen verzoek van deze planning");
        ok = false;
    }
    static const char *const names[SL_PLAN_ORGS] = {"img", "ncg"};
    for (int o = 0; o < SL_PLAN_ORGS; o++)
        if (!opn_date_field(res, body, names[o], &day[o], &present) || !present) {
            if (!present)
                opn_fault(res, names[o], "ontbreekt");
            ok = false;
        }
    return ok;
}

sl_outcome sl_planning_move(sl_store *st, const sl_opn_ctx *c, int64_t id, int64_t expect_versie,
                           json_t *body, sl_opn_result *res)
{
    if (!opn_is_planner(c->by))
        return opn_fail(res, SL_FORBIDDEN, "Alleen de planner wijzigt een planning.");
    if (!sl_store_begin(st))
        return opn_store_fail(st, res);
    stored s;
    sl_outcome rc = load_concept(st, c, id, expect_versie, &s, res);
    size_t line = 0, bad;
    sl_date day[SL_PLAN_ORGS];
    sl_plan_org org;
    sl_plan_item *items = NULL;
    if (rc == SL_OK && !read_move(res, body, &s, &line, day))
        rc = opn_fail(res, SL_INVALID, "De planning is niet gewijzigd: zie de velden.");
    if (rc == SL_OK && !(items = plan_items(&s)))
        rc = opn_fail(res, SL_ERROR, "onvoldoende geheugen");
    if (rc == SL_OK) {
        sl_ov_status now = s.ri.req[line].status;
        if (now != SL_OV_OPEN && now != SL_OV_GEPLAND)
            rc = opn_fail(res, SL_CONFLICT, "Dit verzoek is %s; het hoort niet meer in de "
                                                "planning.", sl_ov_status_name(now));
    }
    if (rc == SL_OK) {
        items[line] = (sl_plan_item){SL_PLAN_PLANNED, {day[SL_PLAN_IMG], day[SL_PLAN_NCG]}};
        rc = check_items(&s, items, &bad, &org, res);
        /* the fault is the moved pair's when the core names it: show it at the field */
        if (rc == SL_CONFLICT && bad == line) {
            opn_fault(res, org == SL_PLAN_IMG ? "img" : "ncg", "%s", res->detail);
            rc = SL_INVALID;
        }
    }
    bool stale = false;
    if (rc == SL_OK) {
        sl_planningsregel l = {.opnameverzoek_id = s.ls.l[line].opnameverzoek_id,
                               .day = {day[SL_PLAN_IMG], day[SL_PLAN_NCG]}, .reden = "gepland"};
        const sl_opnameverzoek *v = &s.ri.req[line];
        s.ls.l[line] = l;
        if (!sl_store_planningsregel_put(st, id, &l) ||
            (v->status != SL_OV_GEPLAND &&
             !sl_store_opnameverzoek_set_status(st, v->id, v->versie, SL_OV_GEPLAND, &stale)) ||
            !opn_log(st, c->by, v->address_id, "planning:opnamedatums", "wijziging", NULL))
            rc = opn_store_fail(st, res);
        else if ((rc = bump(st, &s.p, res)) == SL_OK && !sl_store_commit(st))
            rc = opn_store_fail(st, res);
        if (rc == SL_OK && v->status != SL_OV_GEPLAND)
            s.ri.req[line].status = SL_OV_GEPLAND;
    }
    if (rc != SL_OK)
        sl_store_rollback(st); /* rolling back twice is harmless */
    if (rc == SL_OK) {
        res->data = plan_json(st, &s);
        res->versie = s.p.versie;
    }
    sl_free(items);
    stored_free(&s);
    return rc;
}

/* The combination dossier's collaboration state, with history, when there is a dossier. */
static bool mark_dossier(sl_store *st, const sl_opn_ctx *c, int64_t address_id)
{
    static const char *const state = "gezamenlijke_opname_gepland";
    sl_dossier_row row;
    bool found;
    if (!sl_store_dossier_get(st, address_id, &row, &found))
        return false;
    if (!found || strcmp(row.samenwerking, state) == 0)
        return true;
    char key[17];
    sl_bag_format(address_id, key);
    sl_history h = {.onderwerp = "combinatiedossier", .sleutel = key, .veld = "samenwerking",
                    .van = row.samenwerking[0] ? row.samenwerking : NULL, .naar = state,
                    .datum = opn_today(c), .gebruiker = c->by->gebruiker};
    snprintf(row.samenwerking, sizeof row.samenwerking, "%s", state);
    return sl_store_history_add(st, &h) && sl_store_dossier_put(st, &row);
}

/* One confirmed pair: both inspections, the request, the dossier, the log. */
static bool confirm_pair(sl_store *st, const sl_opn_ctx *c, const stored *s, size_t i,
                         sl_signal_run *run)
{
    const sl_opnameverzoek *v = &s->ri.req[i];
    bool stale;
    for (int o = 0; o < SL_PLAN_ORGS; o++) {
        sl_opname op = {.opnameverzoek_id = v->id, .address_id = v->address_id,
                        .org = (sl_plan_org)o, .datum = s->ls.l[i].day[o],
                        .planning_id = s->p.id};
        snprintf(op.gemeentecode, sizeof op.gemeentecode, "%s", v->gemeentecode);
        opn_now_text(c, op.vastgelegd_op);
        if (!sl_store_opname_add(st, &op))
            return false;
    }
    char details[80];
    snprintf(details, sizeof details, "{\"planning\":%lld}", (long long)s->p.id);
    return sl_store_opnameverzoek_set_status(st, v->id, v->versie, SL_OV_BEVESTIGD, &stale) &&
           !stale && mark_dossier(st, c, v->address_id) &&
           sl_signal_run_joint_inspection(run, v->address_id) &&
           opn_log(st, c->by, v->address_id, "opname:org,datum;combinatiedossier:samenwerking",
                   "wijziging", details);
}

static sl_outcome confirm_all(sl_store *st, const sl_opn_ctx *c, stored *s,
                             const sl_plan_item *items, sl_opn_result *res)
{
    sl_signal_run *run = sl_signal_run_new(st, 0, c->by->gebruiker);
    bool ok = run != NULL;
    for (size_t i = 0; ok && i < s->ls.n; i++) {
        sl_opnameverzoek *v = &s->ri.req[i];
        bool stale = false;
        if (items[i].outcome == SL_PLAN_PLANNED) {
            ok = confirm_pair(st, c, s, i, run);
            v->status = SL_OV_BEVESTIGD;
        } else if (v->status == SL_OV_GEPLAND) {
            /* left out of the confirmed plan: waits for the next one */
            ok = sl_store_opnameverzoek_set_status(st, v->id, v->versie, SL_OV_OPEN, &stale) &&
                 !stale;
            v->status = SL_OV_OPEN;
        }
    }
    int64_t raised;
    ok = ok && sl_signal_run_finish(run, opn_today(c), &raised);
    sl_signal_run_free(run);
    if (!ok) {
        if (!run)
            sl_store_fail(st, "onvoldoende geheugen");
        return opn_store_fail(st, res);
    }
    s->p.status = SL_PLANNING_BEVESTIGD;
    snprintf(s->p.bevestigd_door, sizeof s->p.bevestigd_door, "%s", c->by->gebruiker);
    opn_now_text(c, s->p.bevestigd_op);
    sl_outcome rc = bump(st, &s->p, res);
    if (rc == SL_OK && !sl_store_commit(st))
        rc = opn_store_fail(st, res);
    return rc;
}

sl_outcome sl_planning_confirm(sl_store *st, const sl_opn_ctx *c, int64_t id,
                              int64_t expect_versie, sl_opn_result *res)
{
    if (!opn_is_planner(c->by))
        return opn_fail(res, SL_FORBIDDEN, "Alleen de planner bevestigt een planning.");
    if (!sl_store_begin(st))
        return opn_store_fail(st, res);
    stored s;
    sl_outcome rc = load_concept(st, c, id, expect_versie, &s, res);
    sl_plan_item *items = NULL;
    size_t bad;
    sl_plan_org org;
    if (rc == SL_OK && !(items = plan_items(&s)))
        rc = opn_fail(res, SL_ERROR, "onvoldoende geheugen");
    /* capacity may have changed since the plan was made: check it all again */
    if (rc == SL_OK)
        rc = check_items(&s, items, &bad, &org, res);
    if (rc == SL_OK)
        rc = confirm_all(st, c, &s, items, res);
    if (rc != SL_OK)
        sl_store_rollback(st); /* rolling back twice is harmless */
    if (rc == SL_OK) {
        res->data = plan_json(st, &s);
        res->versie = s.p.versie;
    }
    sl_free(items);
    stored_free(&s);
    return rc;
}
