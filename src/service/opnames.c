/*
 * opnames.c - the residents' requests for a joint inspection and each body's
 * capacity (service/opnames.h), and the helpers the plans share
 * (service/opnames_int.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "core/hashmap.h"
#include "service/opnames_int.h"
#include "store/dossiers_store.h"
#include "store/records_store.h"

/* ---- shared helpers --------------------------------------------------------------- */

void sl_opn_result_free(sl_opn_result *res)
{
    json_decref(res->data);
    json_decref(res->fouten);
    res->data = res->fouten = NULL;
}

void opn_fault(sl_opn_result *res, const char *veld, const char *fmt, ...)
{
    char reden[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reden, sizeof reden, fmt, ap);
    va_end(ap);
    if (!res->fouten)
        res->fouten = json_array();
    json_array_append_new(res->fouten, json_pack("{s:s, s:s}", "veld", veld, "reden", reden));
}

sl_outcome opn_fail(sl_opn_result *res, sl_outcome rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->detail, sizeof res->detail, fmt, ap);
    va_end(ap);
    return rc;
}

sl_outcome opn_store_fail(sl_store *st, sl_opn_result *res)
{
    snprintf(res->detail, sizeof res->detail, "%s", sl_store_errmsg(st));
    sl_store_rollback(st);
    return SL_ERROR;
}

void opn_now_text(const sl_opn_ctx *c, char out[SL_OV_TIME_CAP])
{
    time_t t = (time_t)c->now;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, SL_OV_TIME_CAP, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

sl_date opn_today(const sl_opn_ctx *c)
{
    return (sl_date)(c->now / 86400);
}

bool opn_date_field(sl_opn_result *res, json_t *obj, const char *veld, sl_date *out,
                    bool *present)
{
    json_t *v = json_object_get(obj, veld);
    *present = v && !json_is_null(v);
    if (!*present)
        return true;
    const char *why = "verwacht een datum als JJJJ-MM-DD";
    if (!json_is_string(v) ||
        !sl_date_parse_iso(json_string_value(v), json_string_length(v), out, &why)) {
        opn_fault(res, veld, "geen bestaande datum: %s", why);
        return false;
    }
    return true;
}

bool opn_is_planner(const sl_actor *by)
{
    return by && by->viewer.role == SL_ROLE_PLANNER;
}

bool opn_log(sl_store *st, const sl_actor *by, int64_t address_id, const char *categorieen,
             const char *actie, const char *gegevens)
{
    bool own = by->viewer.role == SL_ROLE_BEWONER;
    sl_log_entry e = {.actor = by,
                      .doel = sl_doel_name(own ? SL_DOEL_EIGEN_INZAGE : SL_DOEL_COORDINATIE),
                      .grondslag = sl_grondslag_name(own ? SL_GRONDSLAG_EIGEN_ADRES
                                                         : SL_GRONDSLAG_WETTELIJKE_TAAK),
                      .categorieen = categorieen, .address_id = address_id, .actie = actie,
                      .gegevens = gegevens};
    return sl_logboek_append(st, &e, NULL);
}

const char *opn_org_name(sl_plan_org o)
{
    return o == SL_PLAN_IMG ? "IMG" : "NCG";
}

int opn_gemeente_int(const char *s)
{
    if (!s || strlen(s) != 4 || strspn(s, "0123456789") != 4 || strcmp(s, "0000") == 0)
        return 0;
    return (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
}

static const char *const weekday_names[7] = {"maandag", "dinsdag",  "woensdag", "donderdag",
                                             "vrijdag", "zaterdag", "zondag"};

static int weekday_parse(const char *s)
{
    for (int w = 0; s && w < 7; w++)
        if (strcmp(s, weekday_names[w]) == 0)
            return w + 1;
    return 0;
}

static const char NOT_RECORDED[] = "Het verzoek is niet vastgelegd: zie de velden.";
static const char NOT_SET[] = "De capaciteit is niet gewijzigd: zie de velden.";

/* ---- who may ------------------------------------------------------------------------ */

static bool is_staff(const sl_viewer *v)
{
    return (v->role == SL_ROLE_ZAAKBEGELEIDER && v->org == SL_ACCOUNT_ORG_IMG) ||
           (v->role == SL_ROLE_BEWONERSBEGELEIDER && v->org == SL_ACCOUNT_ORG_NCG) ||
           (v->role == SL_ROLE_SVIP && v->org != SL_ACCOUNT_ORG_NONE);
}

static bool owns(const sl_viewer *v, int64_t address_id)
{
    for (size_t i = 0; v->role == SL_ROLE_BEWONER && i < v->n_adressen; i++)
        if (v->adressen[i] == address_id)
            return true;
    return false;
}

/* Requests: staff of both bodies and the planner see all; a resident their own. */
static bool may_see_requests(const sl_viewer *v)
{
    return is_staff(v) || v->role == SL_ROLE_PLANNER || v->role == SL_ROLE_BEWONER;
}

static bool may_see_request(const sl_viewer *v, int64_t address_id)
{
    return is_staff(v) || v->role == SL_ROLE_PLANNER || owns(v, address_id);
}

/* ---- requests ------------------------------------------------------------------- */

static bool totaalopname_cb(void *ctx, const sl_element_row *e)
{
    if (e->element == SL_ELEMENT_TOTAALOPNAME && e->status != SL_ELEMENT_AFGEWEZEN)
        *(bool *)ctx = true;
    return true;
}

static bool active_cb(void *ctx, const sl_opnameverzoek *v)
{
    if (v->status != SL_OV_INGETROKKEN)
        *(bool *)ctx = true;
    return true;
}

/* Rule 3 (group B) or an asked-for totaalopname; not when the resident declined. */
static bool is_candidate(sl_store *st, int64_t address_id, bool *candidate)
{
    sl_dossier_facts f;
    bool totaal = false;
    if (!sl_store_dossier_facts(st, address_id, &f) ||
        !sl_store_elements_of(st, address_id, totaalopname_cb, &totaal))
        return false;
    *candidate = !f.view.opname_geweigerd && (f.view.groep == SL_GROEP_B || totaal);
    return true;
}

static void read_unavailable(sl_opn_result *res, json_t *arr, sl_opnameverzoek *v)
{
    size_t i;
    json_t *d;
    if (!arr || json_is_null(arr))
        return;
    if (!json_is_array(arr)) {
        opn_fault(res, "niet_beschikbaar", "verwacht een lijst van datums");
        return;
    }
    if (json_array_size(arr) > SL_OV_UNAVAILABLE_MAX) {
        opn_fault(res, "niet_beschikbaar", "hoogstens %d datums", SL_OV_UNAVAILABLE_MAX);
        return;
    }
    json_array_foreach(arr, i, d) {
        char veld[40];
        const char *why = "verwacht een datum als JJJJ-MM-DD";
        sl_date day;
        snprintf(veld, sizeof veld, "niet_beschikbaar[%zu]", i);
        if (!json_is_string(d) ||
            !sl_date_parse_iso(json_string_value(d), json_string_length(d), &day, &why)) {
            opn_fault(res, veld, "geen bestaande datum: %s", why);
            continue;
        }
        /* kept ascending without repeats, as the column promises */
        size_t k = 0;
        while (k < v->n_niet_beschikbaar && v->niet_beschikbaar[k] < day)
            k++;
        if (k < v->n_niet_beschikbaar && v->niet_beschikbaar[k] == day)
            continue;
        memmove(&v->niet_beschikbaar[k + 1], &v->niet_beschikbaar[k],
                (v->n_niet_beschikbaar - k) * sizeof v->niet_beschikbaar[0]);
        v->niet_beschikbaar[k] = day;
        v->n_niet_beschikbaar++;
    }
}

static void read_weekdays(sl_opn_result *res, json_t *arr, unsigned *out)
{
    size_t i;
    json_t *d;
    if (!arr || json_is_null(arr))
        return;
    if (!json_is_array(arr)) {
        opn_fault(res, "voorkeur_weekdagen", "verwacht een lijst van weekdagen");
        return;
    }
    json_array_foreach(arr, i, d) {
        int w = weekday_parse(json_string_value(d));
        char veld[48];
        snprintf(veld, sizeof veld, "voorkeur_weekdagen[%zu]", i);
        if (!w)
            opn_fault(res, veld, "verwacht een weekdag: maandag, dinsdag, ..., zondag");
        else
            *out |= 1u << (w - 1);
    }
}

static bool only_known(sl_opn_result *res, json_t *obj, const char *const *known)
{
    const char *key;
    json_t *v;
    bool ok = true;
    json_object_foreach(obj, key, v) {
        bool hit = false;
        for (const char *const *k = known; *k && !hit; k++)
            hit = strcmp(key, *k) == 0;
        if (!hit) {
            opn_fault(res, key, "onbekend veld");
            ok = false;
        }
    }
    return ok;
}

/* The fields of a request body into *v; faults at their fields. */
static void read_request_body(sl_opn_result *res, const sl_opn_ctx *c, json_t *body,
                              sl_opnameverzoek *v)
{
    static const char *const known[] = {"nummeraanduiding_id", "gezamenlijk", "niet_beschikbaar",
                                        "voorkeur_weekdagen", "vroegst_img", "vroegst_ncg", NULL};
    memset(v, 0, sizeof *v);
    if (!json_is_object(body)) {
        opn_fault(res, "$", "verwacht een object");
        return;
    }
    only_known(res, body, known);
    json_t *id = json_object_get(body, "nummeraanduiding_id");
    const char *why = "verwacht een tekst van 16 cijfers";
    if (!id)
        opn_fault(res, "nummeraanduiding_id", "ontbreekt");
    else if (!json_is_string(id) || !sl_bag_parse(json_string_value(id), json_string_length(id),
                                                  SL_BAG_NUMMERAANDUIDING, &v->address_id, &why))
        opn_fault(res, "nummeraanduiding_id", "geen nummeraanduiding-id: %s", why);
    json_t *g = json_object_get(body, "gezamenlijk");
    if (!json_is_boolean(g))
        opn_fault(res, "gezamenlijk", "verwacht true (de bewoner wil een gezamenlijke opname) of "
                                      "false");
    else
        v->gezamenlijk = json_is_true(g);
    read_unavailable(res, json_object_get(body, "niet_beschikbaar"), v);
    read_weekdays(res, json_object_get(body, "voorkeur_weekdagen"), &v->voorkeur_weekdagen);
    /* without a date from the body, the first working day after today */
    sl_date first = sl_calendar_next_working_day(c->cal, opn_today(c) + 1);
    static const char *const names[SL_PLAN_ORGS] = {"vroegst_img", "vroegst_ncg"};
    for (int o = 0; o < SL_PLAN_ORGS; o++) {
        bool present;
        if (opn_date_field(res, body, names[o], &v->vroegst[o], &present) && !present)
            v->vroegst[o] = first;
    }
}

json_t *opn_date_json(sl_date d)
{
    if (d == SL_DATE_NONE)
        return json_null();
    char buf[11];
    sl_date_format(d, buf);
    return json_string(buf);
}

static json_t *request_json(const sl_opnameverzoek *v)
{
    char key[17];
    sl_bag_format(v->address_id, key);
    json_t *unav = json_array(), *days = json_array();
    for (size_t i = 0; i < v->n_niet_beschikbaar; i++)
        json_array_append_new(unav, opn_date_json(v->niet_beschikbaar[i]));
    for (int w = 0; w < 7; w++)
        if (v->voorkeur_weekdagen & (1u << w))
            json_array_append_new(days, json_string(weekday_names[w]));
    return json_pack("{s:I, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:I}", "id",
                     (json_int_t)v->id, "nummeraanduiding_id", key, "gemeentecode",
                     v->gemeentecode, "gezamenlijk", v->gezamenlijk, "niet_beschikbaar", unav,
                     "voorkeur_weekdagen", days, "vroegst_img", opn_date_json(v->vroegst[SL_PLAN_IMG]),
                     "vroegst_ncg", opn_date_json(v->vroegst[SL_PLAN_NCG]), "status",
                     sl_ov_status_name(v->status), "vastgelegd_door", v->vastgelegd_door,
                     "vastgelegd_rol", sl_role_name(v->vastgelegd_rol), "vastgelegd_op",
                     v->vastgelegd_op, "versie", (json_int_t)v->versie);
}

sl_outcome sl_opnameverzoek_record(sl_store *st, const sl_opn_ctx *c, json_t *body,
                                  sl_opn_result *res)
{
    const sl_viewer *vw = &c->by->viewer;
    if (!is_staff(vw) && vw->role != SL_ROLE_PLANNER && vw->role != SL_ROLE_BEWONER)
        return opn_fail(res, SL_FORBIDDEN,
                        "Uw rol mag geen verzoek om een gezamenlijke opname vastleggen.");
    sl_opnameverzoek v;
    read_request_body(res, c, body, &v);
    if (res->fouten)
        return opn_fail(res, SL_INVALID, NOT_RECORDED);
    if (vw->role == SL_ROLE_BEWONER && !owns(vw, v.address_id))
        return opn_fail(res, SL_NOT_FOUND, "Dit adres is niet gevonden.");
    if (!sl_store_begin(st))
        return opn_store_fail(st, res);
    sl_address a;
    bool absent, found, candidate = false, dup = false;
    if (!sl_store_address_get(st, v.address_id, &a, &absent, &found) ||
        (found && !is_candidate(st, v.address_id, &candidate)))
        return opn_store_fail(st, res);
    if (!found || absent) {
        sl_store_rollback(st);
        opn_fault(res, "nummeraanduiding_id", "onbekend adres");
        return opn_fail(res, SL_INVALID, NOT_RECORDED);
    }
    if (!candidate) {
        sl_store_rollback(st);
        opn_fault(res, "nummeraanduiding_id",
                  "geen kandidaat voor een gezamenlijke opname: niet in groep B en geen "
                  "totaalopname gevraagd");
        return opn_fail(res, SL_INVALID, NOT_RECORDED);
    }
    /* one request per address at a time; the unique index would refuse it too */
    if (!sl_store_opnameverzoeken_scan(st, -1, v.address_id, active_cb, &dup))
        return opn_store_fail(st, res);
    if (dup) {
        sl_store_rollback(st);
        return opn_fail(res, SL_CONFLICT,
                        "Dit adres heeft al een verzoek om een opname; trek dat eerst in.");
    }
    snprintf(v.gemeentecode, sizeof v.gemeentecode, "%s", a.gemeentecode);
    snprintf(v.vastgelegd_door, sizeof v.vastgelegd_door, "%s", c->by->gebruiker);
    v.vastgelegd_rol = vw->role;
    opn_now_text(c, v.vastgelegd_op);
    if (!sl_store_opnameverzoek_add(st, &v) ||
        !opn_log(st, c->by, v.address_id, "opnameverzoek:wens,datums", "wijziging", NULL) ||
        !sl_store_commit(st))
        return opn_store_fail(st, res);
    res->data = request_json(&v);
    res->versie = v.versie;
    return SL_OK;
}

/* Loads request id for the viewer: 404 when unknown or not theirs to see. */
static sl_outcome load_request(sl_store *st, const sl_opn_ctx *c, int64_t id,
                              sl_opnameverzoek *v, sl_opn_result *res)
{
    bool found;
    if (!sl_store_opnameverzoek_get(st, id, v, &found))
        return opn_store_fail(st, res);
    if (!found || !may_see_request(&c->by->viewer, v->address_id))
        return opn_fail(res, SL_NOT_FOUND, "Dit verzoek is niet gevonden.");
    return SL_OK;
}

sl_outcome sl_opnameverzoek_withdraw(sl_store *st, const sl_opn_ctx *c, int64_t id,
                                    int64_t expect_versie, sl_opn_result *res)
{
    const sl_viewer *vw = &c->by->viewer;
    if (!may_see_requests(vw))
        return opn_fail(res, SL_FORBIDDEN, "Uw rol mag geen verzoek intrekken.");
    if (!sl_store_begin(st))
        return opn_store_fail(st, res);
    sl_opnameverzoek v;
    sl_outcome rc = load_request(st, c, id, &v, res);
    if (rc != SL_OK) {
        sl_store_rollback(st);
        return rc;
    }
    if (expect_versie != SL_VERSIE_ANY && expect_versie != v.versie) {
        sl_store_rollback(st);
        return opn_fail(res, SL_STALE,
                        "Het verzoek is intussen gewijzigd (versie %lld); haal het opnieuw op.",
                        (long long)v.versie);
    }
    if (v.status == SL_OV_BEVESTIGD || v.status == SL_OV_INGETROKKEN) {
        sl_store_rollback(st);
        return opn_fail(res, SL_CONFLICT, v.status == SL_OV_BEVESTIGD
                                                  ? "De opnames zijn al afgesproken; neem "
                                                    "contact op met de planner."
                                                  : "Het verzoek is al ingetrokken.");
    }
    bool stale;
    if (!sl_store_opnameverzoek_set_status(st, id, v.versie, SL_OV_INGETROKKEN, &stale) ||
        (!stale && !opn_log(st, c->by, v.address_id, "opnameverzoek:status", "wijziging", NULL)))
        return opn_store_fail(st, res);
    if (stale) {
        sl_store_rollback(st);
        return opn_fail(res, SL_STALE, "Het verzoek is intussen gewijzigd.");
    }
    if (!sl_store_commit(st))
        return opn_store_fail(st, res);
    v.status = SL_OV_INGETROKKEN;
    v.versie++;
    res->data = request_json(&v);
    res->versie = v.versie;
    return SL_OK;
}

static const char *const dutch_months[12] = {"januari", "februari", "maart",     "april",
                                             "mei",     "juni",     "juli",      "augustus",
                                             "september", "oktober", "november", "december"};

/* "dinsdag 13 april 2027" */
static void dutch_date(sl_date d, char *buf, size_t cap)
{
    int y, m, day;
    sl_date_to_ymd(d, &y, &m, &day);
    snprintf(buf, cap, "%s %d %s %d", weekday_names[sl_date_weekday(d)], day, dutch_months[m - 1],
             y);
}

typedef struct inspections {
    json_t *list;
    sl_date day[SL_PLAN_ORGS];
    int64_t request_id;
} inspections;

static bool inspection_cb(void *ctx, const sl_opname *o)
{
    inspections *in = ctx;
    if (o->opnameverzoek_id != in->request_id)
        return true;
    in->day[o->org] = o->datum;
    return json_array_append_new(in->list, json_pack("{s:s, s:o}", "org", opn_org_name(o->org),
                                                     "datum", opn_date_json(o->datum))) == 0;
}

/* Both dates in plain Dutch, for the resident (Mijn woning) and the staff alike. */
static json_t *dates_text(const sl_date day[SL_PLAN_ORGS])
{
    char a[40], b[40], text[200];
    dutch_date(day[SL_PLAN_IMG], a, sizeof a);
    dutch_date(day[SL_PLAN_NCG], b, sizeof b);
    if (day[SL_PLAN_IMG] == day[SL_PLAN_NCG])
        snprintf(text, sizeof text, "IMG en NCG komen samen op %s voor de opname van uw woning.",
                 a);
    else
        snprintf(text, sizeof text, "IMG komt op %s voor de schade-opname en NCG op %s voor de "
                                    "opname voor de versterking.", a, b);
    return json_string(text);
}

sl_outcome sl_opnameverzoek_show(sl_store *st, const sl_opn_ctx *c, int64_t id,
                                sl_opn_result *res)
{
    if (!may_see_requests(&c->by->viewer))
        return opn_fail(res, SL_FORBIDDEN, "Uw rol mag geen opnameverzoeken inzien.");
    sl_opnameverzoek v;
    sl_outcome rc = load_request(st, c, id, &v, res);
    if (rc != SL_OK)
        return rc;
    inspections in = {.list = json_array(), .day = {SL_DATE_NONE, SL_DATE_NONE},
                      .request_id = id};
    if (!in.list || !sl_store_opnames_scan(st, SL_DATE_NONE, SL_DATE_NONE, v.address_id,
                                           inspection_cb, &in)) {
        json_decref(in.list);
        return opn_store_fail(st, res);
    }
    res->data = request_json(&v);
    json_object_set_new(res->data, "opnames", in.list);
    if (in.day[SL_PLAN_IMG] != SL_DATE_NONE && in.day[SL_PLAN_NCG] != SL_DATE_NONE)
        json_object_set_new(res->data, "tekst", dates_text(in.day));
    res->versie = v.versie;
    return SL_OK;
}

typedef struct list_ctx {
    const sl_viewer *vw;
    json_t *arr;
} list_ctx;

static bool list_cb(void *ctx, const sl_opnameverzoek *v)
{
    list_ctx *l = ctx;
    if (!may_see_request(l->vw, v->address_id))
        return true;
    return json_array_append_new(l->arr, request_json(v)) == 0;
}

sl_outcome sl_opnameverzoeken_list(sl_store *st, const sl_opn_ctx *c, const char *status,
                                  sl_opn_result *res)
{
    return sl_opnameverzoeken_of(st, c, status, 0, res);
}

sl_outcome sl_opnameverzoeken_of(sl_store *st, const sl_opn_ctx *c, const char *status,
                                int64_t address_id, sl_opn_result *res)
{
    const sl_viewer *vw = &c->by->viewer;
    if (!may_see_requests(vw))
        return opn_fail(res, SL_FORBIDDEN, "Uw rol mag geen opnameverzoeken inzien.");
    sl_ov_status s = SL_OV_OPEN;
    if (status && *status && !sl_ov_status_parse(status, &s)) {
        opn_fault(res, "status", "verwacht open, gepland, bevestigd of ingetrokken");
        return opn_fail(res, SL_INVALID, "Onbekende status.");
    }
    list_ctx l = {vw, json_array()};
    /* a resident's list is read per own address, never the whole table */
    bool ok = l.arr != NULL;
    int filter = status && *status ? (int)s : -1;
    if (vw->role == SL_ROLE_BEWONER) {
        for (size_t i = 0; ok && i < vw->n_adressen; i++)
            if (!address_id || address_id == vw->adressen[i])
                ok = sl_store_opnameverzoeken_scan(st, filter, vw->adressen[i], list_cb, &l);
    } else {
        ok = ok && sl_store_opnameverzoeken_scan(st, filter, address_id, list_cb, &l);
    }
    if (!ok) {
        json_decref(l.arr);
        return opn_store_fail(st, res);
    }
    res->data = json_pack("{s:o}", "opnameverzoeken", l.arr);
    return SL_OK;
}

/* ---- capacity -------------------------------------------------------------------- */

#define CAPACITY_MAX 10000

typedef struct cap_list {
    json_t *rota, *exceptions;
    uint64_t hash;
} cap_list;

/* Capacity has no versie column: its versie is a hash of the lines (decision 198), so a
 * change made since the planner loaded them is noticed without a migration. */
static uint64_t cap_hash_row(uint64_t h, const sl_capaciteit_row *r)
{
    const int64_t k[4] = {(int64_t)r->org, r->weekdag, (int64_t)r->datum, r->opnames};
    h = sl_hash_bytes(h, k, sizeof k);
    return sl_hash_bytes(h, r->gemeentecode, strlen(r->gemeentecode) + 1);
}

static int64_t cap_versie(uint64_t h)
{
    return (int64_t)(h >> 12) + 1; /* positive, and exact in a JavaScript number */
}

static bool cap_hash_cb(void *ctx, const sl_capaciteit_row *r)
{
    uint64_t *h = ctx;
    *h = cap_hash_row(*h, r);
    return true;
}

/* The versie of one municipality's capacity (NULL: all of it) as the store has it now. */
static bool cap_current(sl_store *st, const char *gemeentecode, int64_t *versie)
{
    uint64_t h = SL_HASH_INIT;
    if (!sl_store_capaciteit_scan(st, gemeentecode, cap_hash_cb, &h))
        return false;
    *versie = cap_versie(h);
    return true;
}

sl_outcome sl_capaciteit_set(sl_store *st, const sl_opn_ctx *c, json_t *body,
                            sl_opn_result *res)
{
    return sl_capaciteit_set_if(st, c, body, SL_VERSIE_ANY, res);
}

sl_outcome sl_capaciteit_set_if(sl_store *st, const sl_opn_ctx *c, json_t *body,
                               int64_t expect_versie, sl_opn_result *res)
{
    static const char *const known[] = {"org", "gemeentecode", "weekdag", "datum", "opnames",
                                        NULL};
    if (!opn_is_planner(c->by))
        return opn_fail(res, SL_FORBIDDEN, "Alleen de planner wijzigt de capaciteit.");
    sl_capaciteit_row r;
    memset(&r, 0, sizeof r);
    r.datum = SL_DATE_NONE;
    if (!json_is_object(body)) {
        opn_fault(res, "$", "verwacht een object");
        return opn_fail(res, SL_INVALID, NOT_SET);
    }
    only_known(res, body, known);
    const char *org = json_string_value(json_object_get(body, "org"));
    if (org && strcmp(org, "IMG") == 0)
        r.org = SL_PLAN_IMG;
    else if (org && strcmp(org, "NCG") == 0)
        r.org = SL_PLAN_NCG;
    else
        opn_fault(res, "org", "verwacht \"IMG\" of \"NCG\"");
    const char *g = json_string_value(json_object_get(body, "gemeentecode"));
    if (!opn_gemeente_int(g))
        opn_fault(res, "gemeentecode", "verwacht een gemeentecode van vier cijfers, zoals \"0014\"");
    else
        snprintf(r.gemeentecode, sizeof r.gemeentecode, "%s", g);
    json_t *wd = json_object_get(body, "weekdag");
    bool has_date;
    bool date_ok = opn_date_field(res, body, "datum", &r.datum, &has_date);
    if (wd && has_date)
        opn_fault(res, "datum", "geef een weekdag (rooster) of een datum (uitzondering), niet "
                                "allebei");
    else if (wd && !(r.weekdag = weekday_parse(json_string_value(wd))))
        opn_fault(res, "weekdag", "verwacht een weekdag: maandag, dinsdag, ..., zondag");
    else if (!wd && !has_date && date_ok)
        opn_fault(res, "weekdag", "geef een weekdag (rooster) of een datum (uitzondering)");
    json_t *n = json_object_get(body, "opnames");
    if (!json_is_integer(n))
        opn_fault(res, "opnames", "verwacht een geheel aantal opnames");
    else if (json_integer_value(n) < 0)
        opn_fault(res, "opnames", "het aantal opnames is negatief");
    else if (json_integer_value(n) > CAPACITY_MAX)
        opn_fault(res, "opnames", "meer dan %d opnames op een dag", CAPACITY_MAX);
    else
        r.opnames = (int)json_integer_value(n);
    if (res->fouten)
        return opn_fail(res, SL_INVALID, NOT_SET);
    snprintf(r.gewijzigd_door, sizeof r.gewijzigd_door, "%s", c->by->gebruiker);
    opn_now_text(c, r.gewijzigd_op);
    char details[160];
    snprintf(details, sizeof details, "{\"org\":\"%s\",\"gemeentecode\":\"%s\",\"opnames\":%d}",
             opn_org_name(r.org), r.gemeentecode, r.opnames);
    int64_t now_versie;
    if (!sl_store_begin(st) || !cap_current(st, r.gemeentecode, &now_versie))
        return opn_store_fail(st, res);
    if (expect_versie != SL_VERSIE_ANY && expect_versie != now_versie) {
        sl_store_rollback(st);
        return opn_fail(res, SL_STALE, "De capaciteit van deze gemeente is intussen gewijzigd. "
                                       "Laad de pagina opnieuw en kijk of uw wijziging nog klopt.");
    }
    if (!sl_store_capaciteit_put(st, &r) ||
        !opn_log(st, c->by, 0, "capaciteit", "wijziging", details) ||
        !cap_current(st, r.gemeentecode, &res->versie) || !sl_store_commit(st))
        return opn_store_fail(st, res);
    res->data = json_pack("{s:s, s:s, s:o, s:o, s:i}", "org", opn_org_name(r.org), "gemeentecode",
                          r.gemeentecode, "weekdag",
                          r.weekdag ? json_string(weekday_names[r.weekdag - 1]) : json_null(),
                          "datum", opn_date_json(r.datum), "opnames", r.opnames);
    return SL_OK;
}

static bool cap_list_cb(void *ctx, const sl_capaciteit_row *r)
{
    cap_list *l = ctx;
    l->hash = cap_hash_row(l->hash, r);
    json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s}", "org", opn_org_name(r->org),
                          "gemeentecode", r->gemeentecode, "opnames", r->opnames,
                          "gewijzigd_door", r->gewijzigd_door, "gewijzigd_op", r->gewijzigd_op);
    if (!o)
        return false;
    if (r->weekdag)
        json_object_set_new(o, "weekdag", json_string(weekday_names[r->weekdag - 1]));
    else
        json_object_set_new(o, "datum", opn_date_json(r->datum));
    return json_array_append_new(r->weekdag ? l->rota : l->exceptions, o) == 0;
}

sl_outcome sl_capaciteit_list(sl_store *st, const sl_opn_ctx *c, const char *gemeentecode,
                             sl_opn_result *res)
{
    if (!opn_is_planner(c->by))
        return opn_fail(res, SL_FORBIDDEN, "Alleen de planner ziet de capaciteit.");
    if (gemeentecode && *gemeentecode && !opn_gemeente_int(gemeentecode)) {
        opn_fault(res, "gemeentecode", "verwacht een gemeentecode van vier cijfers");
        return opn_fail(res, SL_INVALID, "Onbekende gemeentecode.");
    }
    cap_list l = {json_array(), json_array(), SL_HASH_INIT};
    if (!l.rota || !l.exceptions ||
        !sl_store_capaciteit_scan(st, gemeentecode, cap_list_cb, &l)) {
        json_decref(l.rota);
        json_decref(l.exceptions);
        return opn_store_fail(st, res);
    }
    res->data = json_pack("{s:o, s:o}", "rooster", l.rota, "uitzonderingen", l.exceptions);
    res->versie = cap_versie(l.hash);
    return SL_OK;
}

/* ---- capacity expanded to days ----------------------------------------------------- */

typedef struct expand {
    const sl_calendar *cal;
    sl_date van, tot;
    sl_intmap *slot; /* (org, gemeente, day) -> index in caps */
    sl_plan_capacity *caps;
    size_t n, cap;
    bool oom;
} expand;

static int64_t slot_key(sl_plan_org org, int gemeente, sl_date day)
{
    return ((int64_t)org << 50) | ((int64_t)gemeente << 32) | (uint32_t)day;
}

/* Sets (or replaces) the capacity of one slot. */
static bool set_slot(expand *e, sl_plan_org org, int gemeente, sl_date day, int n)
{
    int64_t key = slot_key(org, gemeente, day), idx;
    if (sl_intmap_get(e->slot, key, &idx)) {
        e->caps[idx].opnames = n;
        return true;
    }
    if (e->n == e->cap) {
        size_t ncap = e->cap ? e->cap * 2 : 256;
        sl_plan_capacity *more = sl_realloc(e->caps, ncap * sizeof *more);
        if (!more)
            return !(e->oom = true);
        e->caps = more;
        e->cap = ncap;
    }
    e->caps[e->n] = (sl_plan_capacity){.org = org, .gemeente = gemeente, .day = day, .opnames = n};
    if (!sl_intmap_put(e->slot, key, (int64_t)e->n))
        return !(e->oom = true);
    e->n++;
    return true;
}

/* The rota comes before the exceptions (store order), so an exception replaces it. */
static bool expand_cb(void *ctx, const sl_capaciteit_row *r)
{
    expand *e = ctx;
    int g = opn_gemeente_int(r->gemeentecode);
    if (!r->weekdag)
        return r->datum < e->van || r->datum > e->tot ||
               set_slot(e, r->org, g, r->datum, r->opnames);
    for (sl_date d = e->van; d <= e->tot; d++)
        if (sl_date_weekday(d) + 1 == r->weekdag && sl_calendar_is_working_day(e->cal, d) &&
            !set_slot(e, r->org, g, d, r->opnames))
            return false;
    return true;
}

static bool confirmed_cb(void *ctx, const sl_opname *o)
{
    expand *e = ctx;
    int64_t idx;
    if (sl_intmap_get(e->slot, slot_key(o->org, opn_gemeente_int(o->gemeentecode), o->datum),
                      &idx) &&
        e->caps[idx].opnames > 0)
        e->caps[idx].opnames--;
    return true;
}

bool sl_capaciteit_days(sl_store *st, const sl_calendar *cal, sl_date van, sl_date tot,
                       sl_plan_capacity **out, size_t *n)
{
    expand e = {.cal = cal, .van = van, .tot = tot, .slot = sl_intmap_new(1024)};
    bool ok = e.slot && sl_store_capaciteit_scan(st, NULL, expand_cb, &e) && !e.oom &&
              sl_store_opnames_scan(st, van, tot, 0, confirmed_cb, &e);
    sl_intmap_free(e.slot);
    if (!ok) {
        if (!e.slot || e.oom)
            sl_store_fail(st, "onvoldoende geheugen");
        sl_free(e.caps);
        return false;
    }
    *out = e.caps;
    *n = e.n;
    return true;
}
