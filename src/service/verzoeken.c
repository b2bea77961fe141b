/*
 * verzoeken.c - SVIP information requests: register, answer, read, count
 * (see verzoeken.h). Every change is one transaction holding the row, its
 * processing-log record and its outbox event: a crash leaves all or none.
 */
#include "service/verzoeken.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "service/address_search.h"
#include "service/disclosure.h"
#include "service/sharing.h"
#include "service/suppression.h"
#include "store/dossiers_store.h"
#include "store/records_store.h"
#include "store/signals_store.h"
#include "store/verzoeken_store.h"

/* ---- who ---------------------------------------------------------------------- */

static bool staff_org(sl_account_org o)
{
    return o == SL_ACCOUNT_ORG_IMG || o == SL_ACCOUNT_ORG_NCG;
}

bool sl_verzoek_may_register(const sl_viewer *v)
{
    if (!v)
        return false;
    switch (v->role) {
    case SL_ROLE_SVIP: return staff_org(v->org);
    case SL_ROLE_ZAAKBEGELEIDER: return v->org == SL_ACCOUNT_ORG_IMG;
    case SL_ROLE_BEWONERSBEGELEIDER: return v->org == SL_ACCOUNT_ORG_NCG;
    default: return false;
    }
}

bool sl_verzoeken_may_list(const sl_viewer *v)
{
    return sl_verzoek_may_register(v);
}

bool sl_verzoek_may_read(const sl_viewer *v, const sl_verzoek *vz)
{
    if (!sl_verzoeken_may_list(v) || !vz)
        return false;
    return v->role == SL_ROLE_SVIP || v->org == vz->org;
}

bool sl_verzoek_may_answer(const sl_viewer *v, const sl_verzoek *vz)
{
    return v && vz && v->role == SL_ROLE_SVIP && staff_org(v->org) && staff_org(vz->org) &&
           v->org != vz->org;
}

bool sl_verzoeken_may_count(const sl_viewer *v)
{
    return sl_verzoeken_may_list(v) ||
           (v && v->role == SL_ROLE_MANAGEMENT && sl_share_may_see_aggregates(v, NULL));
}

/* ---- helpers -------------------------------------------------------------------- */

static sl_outcome failf(char *err, size_t cap, sl_outcome rc, const char *why)
{
    if (err && cap)
        snprintf(err, cap, "%s", why);
    return rc;
}

static void stamp(int64_t now, char out[SL_VZ_TIME_CAP])
{
    time_t t = (time_t)now;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(out, SL_VZ_TIME_CAP, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, SL_VZ_TIME_CAP, "1970-01-01T00:00:00Z");
}

/* A text is required, within max bytes, and not only white space. */
static const char *text_problem(const char *s, size_t max)
{
    if (!s)
        return "verplicht";
    size_t n = strlen(s);
    if (n > max)
        return "te lang";
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return NULL;
    return "mag niet leeg zijn";
}

/* The other body's part of an address, as the sharing rules name it. */
static sl_share_part_id other_part(sl_account_org requester)
{
    return requester == SL_ACCOUNT_ORG_IMG ? SL_DEEL_TRAJECT : SL_DEEL_SCHADES;
}

/* Decides the basis for the requester (role, org) to the other body's part. */
static bool decide_basis(sl_store *st, const sl_sharing_config *cfg, sl_role rol,
                         sl_account_org org, sl_doel doel, int64_t address_id, int64_t now,
                         sl_grondslag *out, bool *found)
{
    sl_viewer v = {.role = rol, .org = org};
    sl_share_decision d;
    *out = SL_GRONDSLAG_GEEN;
    if (!sl_sharing_decide(st, cfg, &v, doel, address_id, (sl_date)(now / 86400), &d, found))
        return false;
    const sl_share_part *p = &d.deel[other_part(org)];
    if (*found && p->shown &&
        (p->grondslag == SL_GRONDSLAG_WETTELIJKE_TAAK || p->grondslag == SL_GRONDSLAG_TOESTEMMING))
        *out = p->grondslag;
    return true;
}

/* Why a request without a basis is refused, and how to get one. */
static sl_outcome no_basis(char *err, size_t cap, sl_doel doel, bool answering)
{
    char msg[400];
    snprintf(msg, sizeof msg,
             "%s: dit adres valt niet onder de wettelijke taak en de bewoner heeft geen "
             "toestemming (die in werking is) gegeven voor het doel %s. Vraag de bewoner om "
             "toestemming met het GUO-formulier; een collega bevestigt die, of de bewoner geeft "
             "haar zelf in Mijn woning. Daarna kan het verzoek %s.",
             answering ? "Er is nu geen grondslag om dit verzoek te beantwoorden"
                       : "Er is geen grondslag voor dit verzoek",
             sl_doel_name(doel) ? sl_doel_name(doel) : "", answering ? "beantwoord worden"
                                                                      : "ingediend worden");
    return failf(err, cap, SL_UNPROCESSABLE, msg);
}

static bool log_change(sl_store *st, const sl_actor *by, const sl_verzoek *v, const char *cats)
{
    sl_log_entry e = {.actor = by, .doel = sl_doel_name(v->doel),
                      .grondslag = v->grondslag == SL_GRONDSLAG_GEEN
                                       ? "geen"
                                       : sl_grondslag_name(v->grondslag),
                      .categorieen = cats, .address_id = v->address_id, .actie = "wijziging"};
    return sl_logboek_append(st, &e, NULL);
}

/* The event carries no free text (the question and answer may hold personal data). */
static bool outbox_event(sl_store *st, const char *soort, const sl_verzoek *v)
{
    json_t *data = sl_verzoek_json(v);
    if (!data)
        return sl_store_fail(st, "onvoldoende geheugen");
    json_object_del(data, "vraag");
    json_object_del(data, "antwoord");
    char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(data);
    if (!text)
        return sl_store_fail(st, "onvoldoende geheugen");
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)v->id);
    bool ok = sl_store_outbox_add(st, soort, "verzoek", key, text);
    sl_free(text); /* jansson allocates through core/alloc.h */
    return ok;
}

static bool by_valid(const sl_actor *by, char *err, size_t cap)
{
    if (!by || !by->gebruiker || !*by->gebruiker) {
        failf(err, cap, SL_INVALID, "wie het verzoek vastlegt is verplicht");
        return false;
    }
    if (strlen(by->gebruiker) >= SL_NAME_CAP) {
        failf(err, cap, SL_INVALID, "de naam van de gebruiker is te lang");
        return false;
    }
    return true;
}

/* ---- registering ---------------------------------------------------------------- */

sl_outcome sl_verzoek_register(sl_store *st, const sl_sharing_config *cfg,
                                  const sl_actor *by, int64_t address_id, sl_verzoek_type type,
                                  sl_doel doel, const char *vraag, int64_t now, sl_verzoek *out,
                                  char *err, size_t cap)
{
    if (!by_valid(by, err, cap))
        return SL_INVALID;
    const sl_viewer *vw = &by->viewer;
    if (!sl_verzoek_may_register(vw))
        return failf(err, cap, SL_FORBIDDEN,
                     "verzoeken leggen SVIP-medewerkers en zaak- en bewonersbegeleiders vast");
    if (!sl_verzoek_type_name(type))
        return failf(err, cap, SL_INVALID, "onbekend type");
    if (!sl_doel_name(doel) || !sl_doel_fits_role(doel, vw->role))
        return failf(err, cap, SL_INVALID, "dit doel past niet bij uw rol");
    const char *why = text_problem(vraag, SL_VRAAG_MAX);
    if (why) {
        char msg[80];
        snprintf(msg, sizeof msg, "vraag: %s (hoogstens %d bytes)", why, SL_VRAAG_MAX);
        return failf(err, cap, SL_INVALID, msg);
    }
    if (!cfg)
        return failf(err, cap, SL_ERROR, "geen configuratie voor het delen van gegevens");

    sl_verzoek v;
    memset(&v, 0, sizeof v);
    v.org = vw->org;
    snprintf(v.aanvrager, sizeof v.aanvrager, "%s", by->gebruiker);
    v.aanvrager_rol = vw->role;
    v.address_id = address_id;
    v.type = type;
    v.doel = doel;
    snprintf(v.vraag, sizeof v.vraag, "%s", vraag);
    stamp(now, v.ingediend_op);
    v.status = SL_VZ_OPEN;

    sl_outcome rc;
    if (!sl_store_begin(st))
        return failf(err, cap, SL_ERROR, sl_store_errmsg(st));
    bool found;
    if (!decide_basis(st, cfg, vw->role, vw->org, doel, address_id, now, &v.grondslag, &found))
        goto store_error;
    if (!found) {
        rc = failf(err, cap, SL_NOT_FOUND, "adres niet gevonden");
        goto out;
    }
    if (vw->role != SL_ROLE_SVIP) {
        /* a case worker asks about their own organisation's cases only */
        sl_dossier_facts f;
        if (!sl_store_dossier_facts(st, address_id, &f))
            goto store_error;
        bool own = vw->role == SL_ROLE_ZAAKBEGELEIDER ? f.view.claims_total > 0
                                                      : f.view.has_trajectory;
        if (!own) {
            rc = failf(err, cap, SL_FORBIDDEN,
                       "u kunt alleen een verzoek doen over een adres waar uw organisatie "
                       "een zaak heeft");
            goto out;
        }
    }
    if (v.grondslag == SL_GRONDSLAG_GEEN) {
        rc = no_basis(err, cap, doel, false);
        goto out;
    }
    if (!sl_store_verzoek_add(st, &v) || !log_change(st, by, &v, "verzoek") ||
        !outbox_event(st, "verzoek.ingediend", &v) || !sl_store_commit(st))
        goto store_error;
    if (out)
        *out = v;
    return SL_OK;
store_error:
    rc = failf(err, cap, SL_ERROR, sl_store_errmsg(st));
out:
    sl_store_rollback(st);
    return rc;
}

/* ---- answering ------------------------------------------------------------------ */

sl_outcome sl_verzoek_answer(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by,
                                int64_t id, const char *antwoord, int64_t expect_versie,
                                int64_t now, sl_verzoek *out, char *err, size_t cap)
{
    if (!by_valid(by, err, cap))
        return SL_INVALID;
    if (!cfg)
        return failf(err, cap, SL_ERROR, "geen configuratie voor het delen van gegevens");
    sl_outcome rc;
    sl_verzoek v;
    bool found, conflict = false;
    if (!sl_store_begin(st))
        return failf(err, cap, SL_ERROR, sl_store_errmsg(st));
    if (!sl_store_verzoek_get(st, id, &v, &found))
        goto store_error;
    if (!found || !sl_verzoek_may_read(&by->viewer, &v)) {
        rc = failf(err, cap, SL_NOT_FOUND, "verzoek niet gevonden");
        goto out;
    }
    if (!sl_verzoek_may_answer(&by->viewer, &v)) {
        rc = failf(err, cap, SL_FORBIDDEN,
                   "een verzoek wordt beantwoord door de SVIP-medewerkers van de andere "
                   "organisatie");
        goto out;
    }
    if (expect_versie > 0 && expect_versie != v.versie) {
        rc = failf(err, cap, SL_STALE,
                   "het verzoek is gewijzigd nadat u het zag; haal het opnieuw op");
        goto out;
    }
    if (v.status != SL_VZ_OPEN) {
        rc = failf(err, cap, SL_CONFLICT, "het verzoek is al beantwoord");
        goto out;
    }
    const char *why = text_problem(antwoord, SL_ANTWOORD_MAX);
    if (why) {
        char msg[80];
        snprintf(msg, sizeof msg, "antwoord: %s (hoogstens %d bytes)", why, SL_ANTWOORD_MAX);
        rc = failf(err, cap, SL_INVALID, msg);
        goto out;
    }
    /* the basis now: consent may have been given or withdrawn since registration */
    if (!decide_basis(st, cfg, v.aanvrager_rol, v.org, v.doel, v.address_id, now, &v.grondslag,
                      &found))
        goto store_error;
    if (v.grondslag == SL_GRONDSLAG_GEEN) {
        /* the answer carries the other body's data: none leaves without a basis */
        rc = no_basis(err, cap, v.doel, true);
        goto out;
    }
    snprintf(v.antwoord, sizeof v.antwoord, "%s", antwoord);
    snprintf(v.beantwoord_door, sizeof v.beantwoord_door, "%s", by->gebruiker);
    stamp(now, v.beantwoord_op);
    if (!sl_store_verzoek_answer(st, &v, &conflict))
        goto store_error;
    if (conflict) {
        rc = failf(err, cap, SL_CONFLICT, "het verzoek is intussen beantwoord");
        goto out;
    }
    if (!log_change(st, by, &v, "verzoek:antwoord") ||
        !outbox_event(st, "verzoek.beantwoord", &v) || !sl_store_commit(st))
        goto store_error;
    if (out)
        *out = v;
    return SL_OK;
store_error:
    rc = failf(err, cap, SL_ERROR, sl_store_errmsg(st));
out:
    sl_store_rollback(st);
    return rc;
}

/* ---- reading through the gate ------------------------------------------------------ */

sl_outcome sl_verzoek_get(sl_store *st, const sl_viewer *v, int64_t id, sl_verzoek *out)
{
    bool found;
    if (!sl_store_verzoek_get(st, id, out, &found))
        return SL_ERROR;
    if (!found || !sl_verzoek_may_read(v, out))
        return SL_NOT_FOUND;
    return SL_OK;
}

static json_t *text_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *sl_verzoek_json(const sl_verzoek *v)
{
    char addr[17];
    sl_bag_format(v->address_id, addr);
    const char *doel = sl_doel_name(v->doel), *type = sl_verzoek_type_name(v->type);
    const char *status = sl_verzoek_status_name(v->status);
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:s, s:o, s:s, s:I}", "id",
        (json_int_t)v->id, "org", sl_account_org_name(v->org), "aanvrager", v->aanvrager,
        "aanvrager_rol", sl_role_name(v->aanvrager_rol), "nummeraanduiding_id", addr, "type",
        type ? type : "", "doel", doel ? doel : "", "grondslag",
        v->grondslag == SL_GRONDSLAG_GEEN ? json_null()
                                          : json_string(sl_grondslag_name(v->grondslag)),
        "vraag", v->vraag, "antwoord", text_or_null(v->antwoord), "beantwoord_door",
        text_or_null(v->beantwoord_door), "ingediend_op", v->ingediend_op, "beantwoord_op",
        text_or_null(v->beantwoord_op), "status", status ? status : "", "versie",
        (json_int_t)v->versie);
}

/* What of a request's answer a reader sees, decided now. */
typedef struct answer_cut {
    const char *weerhouden;   /* why the answer is withheld; NULL when shown */
    sl_disclosure g;          /* g.n_log: the look to log (0 when nothing crosses) */
} answer_cut;

/*
 * The answer carries the answering desk's part of the address (the other body's, for
 * the requesting body's readers), so reading it is a new look at that part (decision
 * 104): the gate decides it again today, for the request's purpose, as for the dossier.
 * The answering body reads its own answer; an open request carries no answer.
 */
static bool cut_answer(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by,
                       const sl_verzoek *v, sl_date today, answer_cut *out)
{
    memset(out, 0, sizeof *out);
    if (v->status != SL_VZ_BEANTWOORD || by->viewer.org != v->org)
        return true;
    sl_share_part_id part = other_part(v->org);
    unsigned want[SL_DEEL_COUNT] = {0};
    want[part] = SL_CAT_ALL;
    if (!sl_disclose(st, cfg, by, v->doel, v->address_id, want, today, &out->g))
        return false;
    if (out->g.not_found || !out->g.shown[part]) {
        const char *why = out->g.dec.deel[part].reden;
        out->weerhouden = why && *why ? why : "geen grondslag om dit antwoord nu te tonen";
        out->g.n_log = 0;
    }
    return true;
}

/* The request as JSON, its answer withheld when the cut says so. */
static json_t *cut_json(const sl_verzoek *v, const answer_cut *c)
{
    json_t *o = sl_verzoek_json(v);
    if (o && c->weerhouden) {
        json_object_set_new(o, "antwoord", json_null());
        json_object_set_new(o, "weerhouden", json_string(c->weerhouden));
    }
    return o;
}

sl_outcome sl_verzoek_read(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by,
                              int64_t id, sl_date today, json_t **out, int64_t *versie)
{
    *out = NULL;
    sl_verzoek v;
    sl_outcome rc = sl_verzoek_get(st, &by->viewer, id, &v);
    if (rc != SL_OK)
        return rc;
    answer_cut c;
    if (!cut_answer(st, cfg, by, &v, today, &c) || !sl_disclosure_write(st, &c.g))
        return SL_ERROR;
    if (!(*out = cut_json(&v, &c))) {
        sl_store_fail(st, "onvoldoende geheugen");
        return SL_ERROR;
    }
    if (versie)
        *versie = v.versie;
    return SL_OK;
}

/* A page's request, kept until the page's looks are logged. */
typedef struct page_row {
    int64_t address_id;
    sl_account_org org;
    sl_doel doel;
    sl_verzoek_status status;
    json_t *json;
} page_row;

typedef struct list_ctx {
    sl_store *st;
    const sl_viewer *viewer;
    size_t seen, first, limit, n;
    page_row *rows;
} list_ctx;

static bool collect_row(void *ctx, const sl_verzoek *v)
{
    list_ctx *c = ctx;
    if (!sl_verzoek_may_read(c->viewer, v))
        return true;
    size_t i = c->seen++;
    if (i < c->first || i - c->first >= c->limit)
        return true;
    page_row *r = &c->rows[c->n];
    *r = (page_row){.address_id = v->address_id, .org = v->org, .doel = v->doel,
                    .status = v->status, .json = sl_verzoek_json(v)};
    if (!r->json)
        return sl_store_fail(c->st, "onvoldoende geheugen");
    c->n++;
    return true;
}

/* Whether an earlier request of the page already logged this look. */
static bool logged_before(const page_row *rows, const answer_cut *cuts, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (cuts[j].g.n_log && rows[j].address_id == rows[i].address_id &&
            rows[j].doel == rows[i].doel &&
            strcmp(cuts[j].g.cats[0], cuts[i].g.cats[0]) == 0)
            return true;
    return false;
}

/* Logs the page's looks, once per address, purpose and part, in one transaction (none
 * when nothing crosses: a page of the own body's requests takes no write lock). */
static bool log_page(sl_store *st, const page_row *rows, const answer_cut *cuts, size_t n)
{
    size_t looks = 0;
    for (size_t i = 0; i < n; i++)
        looks += cuts[i].g.n_log;
    if (!looks)
        return true;
    if (!sl_store_begin(st))
        return false;
    for (size_t i = 0; i < n; i++)
        if (cuts[i].g.n_log && !logged_before(rows, cuts, i) &&
            !sl_logboek_append(st, &cuts[i].g.log[0], NULL)) {
            sl_store_rollback(st);
            return false;
        }
    if (!sl_store_commit(st)) {
        sl_store_rollback(st);
        return false;
    }
    return true;
}

/* Cuts each answer on the page and logs the looks; the items are built only when the
 * log holds them. */
static bool cut_page(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by,
                     sl_date today, page_row *rows, size_t n, answer_cut *cuts, json_t *items)
{
    for (size_t i = 0; i < n; i++) {
        sl_verzoek v = {.address_id = rows[i].address_id, .org = rows[i].org,
                        .doel = rows[i].doel, .status = rows[i].status};
        if (!cut_answer(st, cfg, by, &v, today, &cuts[i]))
            return false;
    }
    if (!log_page(st, rows, cuts, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (cuts[i].weerhouden) {
            json_object_set_new(rows[i].json, "antwoord", json_null());
            json_object_set_new(rows[i].json, "weerhouden", json_string(cuts[i].weerhouden));
        }
        /* the street and number, not only the BAG id: the log is read by people */
        sl_address a;
        bool absent, found;
        if (!sl_store_address_get(st, rows[i].address_id, &a, &absent, &found))
            return false;
        if (found)
            json_object_set_new(rows[i].json, "adres", sl_address_short_json(&a));
        if (json_array_append(items, rows[i].json) != 0)
            return sl_store_fail(st, "onvoldoende geheugen");
    }
    return true;
}

bool sl_verzoeken_page_json(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by,
                            const sl_verzoek_filter *f, sl_date today, long page, long per_page,
                            json_t **items, size_t *total)
{
    *items = json_array();
    *total = 0;
    if (!*items)
        return sl_store_fail(st, "onvoldoende geheugen");
    const sl_viewer *v = &by->viewer;
    if (!sl_verzoeken_may_list(v) || page < 1 || per_page < 1)
        return true;
    sl_verzoek_filter own = *f;
    if (v->role != SL_ROLE_SVIP)
        own.org = v->org; /* a case worker: their own body's requests */
    list_ctx c = {.st = st, .viewer = v, .first = (size_t)(page - 1) * (size_t)per_page,
                  .limit = (size_t)per_page};
    c.rows = sl_calloc(c.limit, sizeof *c.rows);
    answer_cut *cuts = sl_calloc(c.limit, sizeof *cuts);
    bool ok = c.rows && cuts;
    if (!ok)
        sl_store_fail(st, "onvoldoende geheugen");
    ok = ok && sl_store_verzoeken_scan(st, &own, collect_row, &c) &&
         cut_page(st, cfg, by, today, c.rows, c.n, cuts, *items);
    for (size_t i = 0; c.rows && i < c.n; i++)
        json_decref(c.rows[i].json);
    sl_free(c.rows);
    sl_free(cuts);
    if (!ok) {
        json_decref(*items);
        *items = NULL;
        return false;
    }
    *total = c.seen;
    return true;
}

/* The cells of the counts' suppression model: type x status, the type totals,
 * the status totals, the grand total. */
#define VZ_CELL(t, s) ((size_t)(t) * SL_VZ_STATUS_COUNT + (size_t)(s))
#define VZ_TYPE_TOTAL(t) (VZ_CELL(SL_VZ_TYPE_COUNT, 0) + (size_t)(t))
#define VZ_STATUS_TOTAL(s) (VZ_TYPE_TOTAL(SL_VZ_TYPE_COUNT) + (size_t)(s))
#define VZ_TOTAL VZ_STATUS_TOTAL(SL_VZ_STATUS_COUNT)

/* For management, an aggregate: small counts and their complements hidden
 * (service/suppression.h) in the table with its margins. */
static sl_suppression *suppress_counts(int64_t n[SL_VZ_TYPE_COUNT][SL_VZ_STATUS_COUNT],
                                       const int64_t *type_total, const int64_t *status_total,
                                       int64_t total, int32_t onder)
{
    sl_suppression *sup = sl_suppression_new(onder);
    for (int t = 0; t < SL_VZ_TYPE_COUNT; t++)
        for (int s = 0; s < SL_VZ_STATUS_COUNT; s++)
            sl_suppression_cell(sup, n[t][s]);
    for (int t = 0; t < SL_VZ_TYPE_COUNT; t++)
        sl_suppression_cell(sup, type_total[t]);
    for (int s = 0; s < SL_VZ_STATUS_COUNT; s++)
        sl_suppression_cell(sup, status_total[s]);
    sl_suppression_cell(sup, total);
    size_t parts[(int)SL_VZ_TYPE_COUNT + (int)SL_VZ_STATUS_COUNT];
    for (int t = 0; t < SL_VZ_TYPE_COUNT; t++) {
        for (int s = 0; s < SL_VZ_STATUS_COUNT; s++)
            parts[s] = VZ_CELL(t, s);
        sl_suppression_sum(sup, VZ_TYPE_TOTAL(t), parts, SL_VZ_STATUS_COUNT);
    }
    for (int s = 0; s < SL_VZ_STATUS_COUNT; s++) {
        for (int t = 0; t < SL_VZ_TYPE_COUNT; t++)
            parts[t] = VZ_CELL(t, s);
        sl_suppression_sum(sup, VZ_STATUS_TOTAL(s), parts, SL_VZ_TYPE_COUNT);
    }
    for (int s = 0; s < SL_VZ_STATUS_COUNT; s++)
        parts[s] = VZ_STATUS_TOTAL(s);
    sl_suppression_sum(sup, VZ_TOTAL, parts, SL_VZ_STATUS_COUNT);
    for (int t = 0; t < SL_VZ_TYPE_COUNT; t++)
        parts[t] = VZ_TYPE_TOTAL(t);
    sl_suppression_sum(sup, VZ_TOTAL, parts, SL_VZ_TYPE_COUNT);
    if (!sl_suppression_run(sup)) {
        sl_suppression_free(sup);
        return NULL;
    }
    return sup;
}

bool sl_verzoeken_tellingen_json(sl_store *st, const sl_sharing_config *cfg, const sl_viewer *v,
                                 json_t **out)
{
    *out = NULL;
    if (!sl_verzoeken_may_count(v))
        return sl_store_fail(st, "geen toegang tot de tellingen");
    bool aggregate = v->role == SL_ROLE_MANAGEMENT;
    int64_t n[SL_VZ_TYPE_COUNT][SL_VZ_STATUS_COUNT];
    sl_account_org org = v->role == SL_ROLE_SVIP || aggregate ? SL_ACCOUNT_ORG_NONE : v->org;
    if (!sl_store_verzoeken_count(st, org, n))
        return false;
    int64_t per_type_total[SL_VZ_TYPE_COUNT] = {0}, per_status[SL_VZ_STATUS_COUNT] = {0};
    int64_t total = 0;
    for (int t = 0; t < SL_VZ_TYPE_COUNT; t++)
        for (int s = 0; s < SL_VZ_STATUS_COUNT; s++) {
            per_type_total[t] += n[t][s];
            per_status[s] += n[t][s];
            total += n[t][s];
        }
    sl_suppression *sup = NULL;
    if (aggregate) {
        sup = suppress_counts(n, per_type_total, per_status, total,
                              sl_suppression_threshold(cfg));
        if (!sup)
            return sl_store_fail(st, "onvoldoende geheugen");
    }
    json_t *per_type = json_array();
    /* the enum's order is SPEC §6's: the top three first, then anders */
    for (int t = 0; t < SL_VZ_TYPE_COUNT; t++)
        json_array_append_new(
            per_type,
            json_pack("{s:s, s:o, s:o, s:o}", "type", sl_verzoek_type_name((sl_verzoek_type)t),
                      "open", sl_suppressed_count_json(sup, VZ_CELL(t, SL_VZ_OPEN), n[t][SL_VZ_OPEN]),
                      "beantwoord",
                      sl_suppressed_count_json(sup, VZ_CELL(t, SL_VZ_BEANTWOORD),
                                               n[t][SL_VZ_BEANTWOORD]),
                      "totaal",
                      sl_suppressed_count_json(sup, VZ_TYPE_TOTAL(t), per_type_total[t])));
    json_t *status = json_pack(
        "{s:o, s:o}", "open",
        sl_suppressed_count_json(sup, VZ_STATUS_TOTAL(SL_VZ_OPEN), per_status[SL_VZ_OPEN]),
        "beantwoord",
        sl_suppressed_count_json(sup, VZ_STATUS_TOTAL(SL_VZ_BEANTWOORD),
                                 per_status[SL_VZ_BEANTWOORD]));
    *out = json_pack("{s:o, s:o, s:o}", "per_type", per_type, "per_status", status, "totaal",
                     sl_suppressed_count_json(sup, VZ_TOTAL, total));
    if (*out && sup && !sl_suppressed_summary(*out, sl_suppression_onder(sup))) {
        json_decref(*out);
        *out = NULL;
    }
    sl_suppression_free(sup);
    if (!*out)
        return sl_store_fail(st, "onvoldoende geheugen");
    return true;
}
