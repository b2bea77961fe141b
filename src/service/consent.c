/*
 * consent.c - the GUO flow: request, give, withdraw, assess (see consent.h).
 *
 * Every change is one transaction holding the row, its processing-log record
 * and its outbox event, and for a withdrawal the rule-9 signal: a crash
 * leaves either all of them or none.
 */
#include "service/consent.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "service/signals.h"
#include "store/consent_store.h"
#include "store/log_store.h"
#include "store/records_store.h"
#include "store/signals_store.h"

/* The channels in the order the problem texts name them; the last is the resident's own. */
static const char *const kanalen[] = {"post", "balie", "telefoon", "digitaal", "mijn_woning"};
enum { N_KANALEN = sizeof kanalen / sizeof kanalen[0] };
static const char KANAAL_BEWONER[] = "mijn_woning";
static const char *const beoordeling_names[SL_BEOORDELING_COUNT] = {"", "akkoord", "afgewezen"};

bool sl_kanaal_valid(const char *kanaal)
{
    for (size_t i = 0; kanaal && i < N_KANALEN; i++)
        if (strcmp(kanaal, kanalen[i]) == 0)
            return true;
    return false;
}

bool sl_kanaal_staff(const char *kanaal)
{
    return sl_kanaal_valid(kanaal) && strcmp(kanaal, KANAAL_BEWONER) != 0;
}

const char *sl_beoordeling_name(sl_beoordeling b)
{
    return (unsigned)b < SL_BEOORDELING_COUNT ? beoordeling_names[b] : "";
}

bool sl_beoordeling_parse(const char *s, sl_beoordeling *out)
{
    for (int i = 1; s && i < SL_BEOORDELING_COUNT; i++)
        if (strcmp(s, beoordeling_names[i]) == 0) {
            *out = (sl_beoordeling)i;
            return true;
        }
    return false;
}

bool sl_consent_may_record(const sl_viewer *v)
{
    if (!v)
        return false;
    switch (v->role) {
    case SL_ROLE_SVIP: return v->org == SL_ACCOUNT_ORG_IMG || v->org == SL_ACCOUNT_ORG_NCG;
    case SL_ROLE_ZAAKBEGELEIDER: return v->org == SL_ACCOUNT_ORG_IMG;
    case SL_ROLE_BEWONERSBEGELEIDER: return v->org == SL_ACCOUNT_ORG_NCG;
    case SL_ROLE_BEWONER: return v->org == SL_ACCOUNT_ORG_NONE;
    default: return false;
    }
}

/* The reference of a form: 1..64 bytes, no control characters, not only blanks. */
static const char *kenmerk_problem(const char *k)
{
    if (!k || !*k)
        return "verplicht: het kenmerk van het getekende GUO-formulier";
    if (strlen(k) >= SL_KENMERK_CAP)
        return "te lang (hoogstens 64 tekens)";
    bool blank = true;
    for (const unsigned char *p = (const unsigned char *)k; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return "bevat een teken dat niet in een kenmerk hoort";
        blank = blank && *p == ' ';
    }
    return blank ? "verplicht: het kenmerk van het getekende GUO-formulier" : NULL;
}

size_t sl_consent_evidence_problems(const sl_viewer *by, const sl_consent_evidence *e,
                                    sl_date today, sl_consent_problem *out, size_t cap)
{
    size_t n = 0;
#define PROBLEM(v, r)                                                                        \
    do {                                                                                     \
        if (n < cap)                                                                         \
            out[n] = (sl_consent_problem){(v), (r)};                                         \
        n++;                                                                                 \
    } while (0)
    if (!e || e->gegeven_op == SL_DATE_NONE)
        PROBLEM("gegeven_op", "verplicht: de datum waarop de bewoner tekende");
    else if (today != SL_DATE_NONE && e->gegeven_op > today)
        PROBLEM("gegeven_op", "de datum ligt in de toekomst");
    const char *kanaal = e ? e->kanaal : NULL;
    const char *kenmerk = e ? e->formulier_kenmerk : NULL;
    if (by && by->role == SL_ROLE_BEWONER) {
        if (kanaal && *kanaal && strcmp(kanaal, KANAAL_BEWONER) != 0)
            PROBLEM("kanaal", "u geeft uw toestemming zelf, in Mijn woning: laat dit veld weg");
        if (kenmerk && *kenmerk)
            PROBLEM("formulier_kenmerk",
                    "u geeft uw toestemming zelf, in Mijn woning: laat dit veld weg");
    } else {
        if (!kanaal || !*kanaal)
            PROBLEM("kanaal", "verplicht: hoe het formulier binnenkwam (post, balie, telefoon "
                              "of digitaal)");
        else if (!sl_kanaal_staff(kanaal))
            PROBLEM("kanaal", "post, balie, telefoon of digitaal (mijn_woning is alleen voor "
                              "de bewoner zelf)");
        const char *why = kenmerk_problem(kenmerk);
        if (why)
            PROBLEM("formulier_kenmerk", why);
    }
#undef PROBLEM
    return n;
}

/* Whether a given consent takes effect: given by the resident, or confirmed. */
static bool in_effect(const sl_toestemming *t)
{
    return strcmp(t->kanaal, KANAAL_BEWONER) == 0 || t->bevestigd_op[0] != '\0';
}

sl_consent_state sl_consent_state_of_row(const sl_toestemming *t)
{
    if (t->ingetrokken_op != SL_DATE_NONE)
        return SL_CONSENT_WITHDRAWN;
    if (t->beoordeling == SL_BEOORDELING_AFGEWEZEN || t->gegeven_op == SL_DATE_NONE)
        return SL_CONSENT_NONE;
    return in_effect(t) ? SL_CONSENT_GIVEN : SL_CONSENT_PENDING;
}

/* Running: neither withdrawn nor refused (the unique index's condition). */
static bool running(const sl_toestemming *t)
{
    return t->ingetrokken_op == SL_DATE_NONE && t->beoordeling != SL_BEOORDELING_AFGEWEZEN;
}

bool sl_consent_lookup(sl_store *st, int64_t address_id, sl_doel doel, sl_consent_state *out)
{
    sl_toestemming t;
    bool found;
    *out = SL_CONSENT_NONE;
    if (!sl_store_consent_latest(st, address_id, doel, &t, &found))
        return false;
    if (found)
        *out = sl_consent_state_of_row(&t);
    return true;
}

/* ---- JSON ----------------------------------------------------------------------- */

static json_t *date_or_null(sl_date d)
{
    if (d == SL_DATE_NONE)
        return json_null();
    char buf[11];
    sl_date_format(d, buf);
    return json_string(buf);
}

static json_t *text_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static const char *status_name(const sl_toestemming *t)
{
    switch (sl_consent_state_of_row(t)) {
    case SL_CONSENT_WITHDRAWN: return "ingetrokken";
    case SL_CONSENT_GIVEN: return "gegeven";
    case SL_CONSENT_PENDING: return "wacht_op_bevestiging";
    case SL_CONSENT_NONE: break;
    }
    return t->beoordeling == SL_BEOORDELING_AFGEWEZEN ? "afgewezen" : "aangevraagd";
}

json_t *sl_consent_json(const sl_toestemming *t)
{
    char addr[17];
    sl_bag_format(t->address_id, addr);
    const char *doel = sl_doel_name(t->doel);
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:I}",
        "id", (json_int_t)t->id, "nummeraanduiding_id", addr, "doel", doel ? doel : "",
        "aangevraagd_op", date_or_null(t->aangevraagd_op), "gegeven_op",
        date_or_null(t->gegeven_op), "kanaal", text_or_null(t->kanaal), "formulier_kenmerk",
        text_or_null(t->formulier_kenmerk), "ingetrokken_op", date_or_null(t->ingetrokken_op),
        "ingetrokken_door", text_or_null(t->ingetrokken_door), "beoordeling",
        t->beoordeling ? json_string(sl_beoordeling_name(t->beoordeling)) : json_null(),
        "status", status_name(t), "vastgelegd_door", t->vastgelegd_door, "vastgelegd_org",
        text_or_null(sl_account_org_name(t->vastgelegd_org)), "bevestigd_door",
        text_or_null(t->bevestigd_door), "bevestigd_op", text_or_null(t->bevestigd_op),
        "versie", (json_int_t)t->versie);
    return o;
}

static bool append_json(void *ctx, const sl_toestemming *t)
{
    json_t *o = sl_consent_json(t);
    return o && json_array_append_new(ctx, o) == 0;
}

bool sl_consents_json(sl_store *st, int64_t address_id, json_t **out)
{
    *out = json_array();
    if (!*out)
        return sl_store_fail(st, "onvoldoende geheugen");
    if (!sl_store_consents_of(st, address_id, append_json, *out)) {
        json_decref(*out);
        *out = NULL;
        return false;
    }
    return true;
}

static bool linked(const sl_viewer *v, int64_t address_id)
{
    for (size_t i = 0; v->adressen && i < v->n_adressen; i++)
        if (v->adressen[i] == address_id)
            return true;
    return false;
}

/* Whether the viewer may know that consent for this address exists: staff
 * who work with consent for any address, a bewoner for their own. */
static bool visible(const sl_viewer *v, int64_t address_id)
{
    return sl_consent_may_record(v) && (v->role != SL_ROLE_BEWONER || linked(v, address_id));
}

sl_outcome sl_consents_list_json(sl_store *st, const sl_viewer *v, int64_t address_id,
                                 json_t **out)
{
    *out = NULL;
    if (!sl_consent_may_record(v))
        return SL_FORBIDDEN;
    if (!visible(v, address_id))
        return SL_NOT_FOUND;
    return sl_consents_json(st, address_id, out) ? SL_OK : SL_ERROR;
}

/* ---- changes -------------------------------------------------------------------- */

typedef enum op { OP_REQUEST, OP_GIVE, OP_CONFIRM, OP_WITHDRAW, OP_ASSESS } op;

static const char *const event_names[] = {
    [OP_REQUEST] = "toestemming.aangevraagd",
    [OP_GIVE] = "toestemming.gegeven",
    [OP_CONFIRM] = "toestemming.bevestigd",
    [OP_WITHDRAW] = "toestemming.ingetrokken",
    [OP_ASSESS] = "toestemming.beoordeeld",
};

/* The processing log's categories per change: the confirmation names itself. */
static const char *const log_categories[] = {
    [OP_REQUEST] = "toestemming",
    [OP_GIVE] = "toestemming",
    [OP_CONFIRM] = "toestemming:bevestiging",
    [OP_WITHDRAW] = "toestemming",
    [OP_ASSESS] = "toestemming",
};

/* What one change asks for. */
typedef struct change {
    op op;
    const sl_actor *by;
    int64_t id;             /* confirm, withdraw by id: the row meant; 0 for (address, doel) */
    int64_t address_id;
    sl_doel doel;
    sl_date datum;          /* request, withdraw */
    const sl_consent_evidence *ev; /* give */
    const char *kenmerk;    /* confirm: the form's reference when the row has none */
    sl_beoordeling beoordeling; /* assess */
    int64_t expect_versie;
    sl_date today;
    int64_t now;            /* confirm: UNIX seconds */
} change;

static sl_outcome failf(char *err, size_t cap, sl_outcome rc, const char *why)
{
    if (err && cap)
        snprintf(err, cap, "%s", why);
    return rc;
}

static const char STALE[] = "de toestemming is gewijzigd nadat u haar zag; laad haar opnieuw";

/* Checks what needs no store. */
static sl_outcome check_args(const change *c, char *err, size_t cap)
{
    if (!c->by || !c->by->gebruiker || !*c->by->gebruiker)
        return failf(err, cap, SL_INVALID, "wie de wijziging vastlegt is verplicht");
    if (strlen(c->by->gebruiker) >= SL_NAME_CAP)
        return failf(err, cap, SL_INVALID, "de naam van de gebruiker is te lang");
    if (c->id)
        return SL_OK; /* the row names address and purpose; checked once it is read */
    if (!sl_doel_name(c->doel))
        return failf(err, cap, SL_INVALID, "onbekend doel");
    if (c->by->viewer.role == SL_ROLE_BEWONER && !linked(&c->by->viewer, c->address_id))
        return failf(err, cap, SL_NOT_FOUND, "adres niet gevonden");
    if (c->op == OP_REQUEST || c->op == OP_WITHDRAW) {
        if (c->datum == SL_DATE_NONE)
            return failf(err, cap, SL_INVALID, "de datum is verplicht");
        if (c->today != SL_DATE_NONE && c->datum > c->today)
            return failf(err, cap, SL_INVALID, "de datum ligt in de toekomst");
    }
    if (c->op == OP_GIVE) {
        if (!sl_consent_may_record(&c->by->viewer))
            return failf(err, cap, SL_FORBIDDEN,
                         "toestemming leggen SVIP, zaak- en bewonersbegeleiders en de bewoner "
                         "zelf vast");
        sl_consent_problem p;
        if (sl_consent_evidence_problems(&c->by->viewer, c->ev, c->today, &p, 1)) {
            char msg[200];
            snprintf(msg, sizeof msg, "%s: %s", p.veld, p.reden);
            return failf(err, cap, SL_INVALID, msg);
        }
    }
    if (c->op == OP_ASSESS && c->beoordeling != SL_BEOORDELING_AKKOORD &&
        c->beoordeling != SL_BEOORDELING_AFGEWEZEN)
        return failf(err, cap, SL_INVALID, "beoordeling is akkoord of afgewezen");
    return SL_OK;
}

/*
 * A change by id: the row must be one the actor may know of (else
 * NIET_GEVONDEN, whatever else is wrong), and the versie the actor saw
 * (else GEWIJZIGD). Fills in the address and purpose the row is about.
 */
static sl_outcome check_row(change *c, const sl_toestemming *row, bool found, char *err,
                            size_t cap)
{
    if (!found || !visible(&c->by->viewer, row->address_id))
        return failf(err, cap, SL_NOT_FOUND, "toestemming niet gevonden");
    if (c->expect_versie > 0 && c->expect_versie != row->versie)
        return failf(err, cap, SL_STALE, STALE);
    c->address_id = row->address_id;
    c->doel = row->doel;
    if (c->op == OP_WITHDRAW) {
        if (c->datum == SL_DATE_NONE)
            return failf(err, cap, SL_INVALID, "de datum is verplicht");
        if (c->today != SL_DATE_NONE && c->datum > c->today)
            return failf(err, cap, SL_INVALID, "de datum ligt in de toekomst");
    }
    return SL_OK;
}

/* Four eyes: another account of the body that recorded the consent. */
static sl_outcome may_confirm(const change *c, const sl_toestemming *cur, char *err,
                              size_t cap)
{
    const sl_viewer *v = &c->by->viewer;
    if (v->role == SL_ROLE_BEWONER)
        return failf(err, cap, SL_FORBIDDEN,
                     "een toestemming bevestigt een tweede medewerker, niet de bewoner");
    if (sl_consent_state_of_row(cur) != SL_CONSENT_PENDING)
        return failf(err, cap, SL_CONFLICT, "deze toestemming wacht niet op bevestiging");
    if (strcasecmp(cur->vastgelegd_door, c->by->gebruiker) == 0)
        return failf(err, cap, SL_FORBIDDEN,
                     "u hebt deze toestemming zelf vastgelegd; een collega van uw organisatie "
                     "moet haar bevestigen (vier ogen)");
    if (v->org != cur->vastgelegd_org)
        return failf(err, cap, SL_FORBIDDEN,
                     "een collega van de organisatie die de toestemming vastlegde, bevestigt "
                     "haar");
    bool has = cur->formulier_kenmerk[0] != '\0';
    bool gives = c->kenmerk && *c->kenmerk;
    if (has && gives)
        return failf(err, cap, SL_INVALID,
                     "formulier_kenmerk: het kenmerk staat al vast; laat dit veld weg");
    if (!has) {
        const char *why = kenmerk_problem(c->kenmerk);
        if (why) {
            char msg[160];
            snprintf(msg, sizeof msg, "formulier_kenmerk: %s", why);
            return failf(err, cap, SL_INVALID, msg);
        }
    }
    return SL_OK;
}

static void stamp(int64_t now, char out[SL_LOG_TIME_CAP])
{
    time_t t = (time_t)now;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(out, SL_LOG_TIME_CAP, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, SL_LOG_TIME_CAP, "1970-01-01T00:00:00Z");
}

/* The giving's fields, with its evidence, on t. */
static void record_given(const change *c, sl_toestemming *t)
{
    const sl_viewer *v = &c->by->viewer;
    bool resident = v->role == SL_ROLE_BEWONER;
    t->gegeven_op = c->ev->gegeven_op;
    snprintf(t->kanaal, sizeof t->kanaal, "%s", resident ? KANAAL_BEWONER : c->ev->kanaal);
    snprintf(t->formulier_kenmerk, sizeof t->formulier_kenmerk, "%s",
             resident ? "" : c->ev->formulier_kenmerk);
    snprintf(t->vastgelegd_door, sizeof t->vastgelegd_door, "%s", c->by->gebruiker);
    t->vastgelegd_org = resident ? SL_ACCOUNT_ORG_NONE : v->org;
    t->bevestigd_door[0] = t->bevestigd_op[0] = '\0';
}

static void new_row(sl_toestemming *t, sl_date aangevraagd_op)
{
    memset(t, 0, sizeof *t);
    t->aangevraagd_op = aangevraagd_op;
    t->gegeven_op = t->ingetrokken_op = SL_DATE_NONE;
}

/*
 * Applies c to the latest row (cur, when found) and says whether that means a
 * new row (*insert) or an update of cur. Returns the outcome; t is the row to write.
 */
static sl_outcome decide(const change *c, const sl_toestemming *cur, bool found,
                         sl_toestemming *t, bool *insert, char *err, size_t cap)
{
    bool run = found && running(cur);
    if (c->id && (!run || cur->id != c->id))
        return failf(err, cap, SL_CONFLICT,
                     "deze toestemming loopt niet meer; bekijk de nieuwste");
    if (run && c->expect_versie > 0 && c->expect_versie != cur->versie)
        return failf(err, cap, SL_CONFLICT, STALE);
    *insert = false;
    sl_outcome rc;
    switch (c->op) {
    case OP_REQUEST:
        if (run)
            return failf(err, cap, SL_CONFLICT,
                         "er loopt al een aanvraag of toestemming voor dit doel");
        new_row(t, c->datum);
        snprintf(t->vastgelegd_door, sizeof t->vastgelegd_door, "%s", c->by->gebruiker);
        t->vastgelegd_org = c->by->viewer.org;
        *insert = true;
        break;
    case OP_GIVE:
        if (run && cur->gegeven_op != SL_DATE_NONE)
            return failf(err, cap, SL_CONFLICT,
                         sl_consent_state_of_row(cur) == SL_CONSENT_PENDING
                             ? "de toestemming is al vastgelegd en wacht op bevestiging"
                             : "de toestemming is al gegeven");
        if (run) {
            if (c->ev->gegeven_op < cur->aangevraagd_op)
                return failf(err, cap, SL_INVALID,
                             "de toestemming kan niet eerder dan de aanvraag gegeven zijn");
            *t = *cur;
        } else {
            new_row(t, c->ev->gegeven_op);
            *insert = true;
        }
        record_given(c, t);
        break;
    case OP_CONFIRM:
        if (!run)
            return failf(err, cap, SL_CONFLICT, "deze toestemming wacht niet op bevestiging");
        rc = may_confirm(c, cur, err, cap);
        if (rc != SL_OK)
            return rc;
        *t = *cur;
        if (!t->formulier_kenmerk[0])
            snprintf(t->formulier_kenmerk, sizeof t->formulier_kenmerk, "%s", c->kenmerk);
        snprintf(t->bevestigd_door, sizeof t->bevestigd_door, "%s", c->by->gebruiker);
        stamp(c->now, t->bevestigd_op);
        break;
    case OP_WITHDRAW:
        if (!run || cur->gegeven_op == SL_DATE_NONE)
            return failf(err, cap, SL_CONFLICT,
                         "er is geen gegeven toestemming voor dit doel om in te trekken");
        if (c->datum < cur->gegeven_op)
            return failf(err, cap, SL_INVALID,
                         "intrekken kan niet eerder dan de toestemming gegeven is");
        *t = *cur;
        t->ingetrokken_op = c->datum;
        snprintf(t->ingetrokken_door, sizeof t->ingetrokken_door, "%s", c->by->gebruiker);
        break;
    case OP_ASSESS:
        if (!run)
            return failf(err, cap, SL_CONFLICT,
                         "er loopt geen aanvraag of toestemming voor dit doel");
        *t = *cur;
        t->beoordeling = c->beoordeling;
        break;
    }
    t->address_id = c->address_id;
    t->doel = c->doel;
    return SL_OK;
}

static bool outbox_event(sl_store *st, op o, const sl_toestemming *t)
{
    json_t *data = sl_consent_json(t);
    if (!data)
        return sl_store_fail(st, "onvoldoende geheugen");
    char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(data);
    if (!text)
        return sl_store_fail(st, "onvoldoende geheugen");
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)t->id);
    bool ok = sl_store_outbox_add(st, event_names[o], "toestemming", key, text);
    sl_free(text); /* jansson allocates through core/alloc.h */
    return ok;
}

/* Rule 9: a signal run of one address with the consent event, finished now. */
static bool tell_buddies(sl_store *st, const change *c)
{
    sl_signal_run *run = sl_signal_run_new(st, 0, c->by->gebruiker);
    if (!run)
        return sl_store_fail(st, "onvoldoende geheugen");
    int64_t raised;
    bool ok = sl_signal_run_consent_withdrawn(run, c->address_id) &&
              sl_signal_run_finish(run, c->today != SL_DATE_NONE ? c->today : c->datum,
                                   &raised);
    sl_signal_run_free(run);
    return ok;
}

static sl_outcome apply(sl_store *st, change *c, sl_toestemming *out, char *err, size_t cap)
{
    sl_outcome rc = check_args(c, err, cap);
    if (rc != SL_OK)
        return rc;
    if (!sl_store_begin(st))
        return failf(err, cap, SL_ERROR, sl_store_errmsg(st));
    sl_address a;
    bool absent, found;
    sl_toestemming cur, t;
    bool insert, conflict = false;
    if (c->id) {
        if (!sl_store_consent_get(st, c->id, &cur, &found))
            goto store_error;
        rc = check_row(c, &cur, found, err, cap);
        if (rc != SL_OK)
            goto out;
    }
    if (!sl_store_address_get(st, c->address_id, &a, &absent, &found))
        goto store_error;
    if (!found) {
        rc = failf(err, cap, SL_NOT_FOUND, "adres niet gevonden");
        goto out;
    }
    if (!sl_store_consent_latest(st, c->address_id, c->doel, &cur, &found))
        goto store_error;
    /* a withdrawal tells the buddies only when the consent had opened something */
    bool was_in_effect = found && sl_consent_state_of_row(&cur) == SL_CONSENT_GIVEN;
    rc = decide(c, &cur, found, &t, &insert, err, cap);
    if (rc != SL_OK)
        goto out;
    if (insert ? !sl_store_consent_add(st, &t) : !sl_store_consent_update(st, &t, &conflict))
        goto store_error;
    if (conflict) {
        rc = failf(err, cap, SL_CONFLICT, STALE);
        goto out;
    }
    sl_log_entry e = {.actor = c->by, .doel = sl_doel_name(c->doel), .grondslag = "toestemming",
                      .categorieen = log_categories[c->op], .address_id = c->address_id,
                      .actie = "wijziging"};
    if (!sl_logboek_append(st, &e, NULL) || !outbox_event(st, c->op, &t) ||
        (c->op == OP_WITHDRAW && was_in_effect && !tell_buddies(st, c)) ||
        !sl_store_commit(st))
        goto store_error;
    if (out)
        *out = t;
    return SL_OK;
store_error:
    rc = failf(err, cap, SL_ERROR, sl_store_errmsg(st));
out:
    sl_store_rollback(st);
    return rc;
}

sl_outcome sl_consent_request(sl_store *st, const sl_actor *by, int64_t address_id,
                              sl_doel doel, sl_date aangevraagd_op, sl_date today,
                              sl_toestemming *out, char *err, size_t errcap)
{
    change c = {.op = OP_REQUEST, .by = by, .address_id = address_id, .doel = doel,
                .datum = aangevraagd_op, .today = today};
    return apply(st, &c, out, err, errcap);
}

sl_outcome sl_consent_give(sl_store *st, const sl_actor *by, int64_t address_id, sl_doel doel,
                           const sl_consent_evidence *ev, int64_t expect_versie,
                           sl_date today, sl_toestemming *out, char *err, size_t errcap)
{
    change c = {.op = OP_GIVE, .by = by, .address_id = address_id, .doel = doel, .ev = ev,
                .expect_versie = expect_versie, .today = today};
    return apply(st, &c, out, err, errcap);
}

sl_outcome sl_consent_confirm(sl_store *st, const sl_actor *by, int64_t id,
                              const char *formulier_kenmerk, int64_t expect_versie,
                              int64_t now, sl_toestemming *out, char *err, size_t errcap)
{
    if (id <= 0)
        return failf(err, errcap, SL_NOT_FOUND, "toestemming niet gevonden");
    change c = {.op = OP_CONFIRM, .by = by, .id = id, .kenmerk = formulier_kenmerk,
                .expect_versie = expect_versie, .today = SL_DATE_NONE, .now = now};
    return apply(st, &c, out, err, errcap);
}

sl_outcome sl_consent_withdraw(sl_store *st, const sl_actor *by, int64_t address_id,
                               sl_doel doel, sl_date ingetrokken_op, int64_t expect_versie,
                               sl_date today, sl_toestemming *out, char *err, size_t errcap)
{
    change c = {.op = OP_WITHDRAW, .by = by, .address_id = address_id, .doel = doel,
                .datum = ingetrokken_op, .expect_versie = expect_versie, .today = today};
    return apply(st, &c, out, err, errcap);
}

sl_outcome sl_consent_withdraw_id(sl_store *st, const sl_actor *by, int64_t id,
                                  sl_date ingetrokken_op, int64_t expect_versie,
                                  sl_date today, sl_toestemming *out, char *err,
                                  size_t errcap)
{
    if (id <= 0)
        return failf(err, errcap, SL_NOT_FOUND, "toestemming niet gevonden");
    change c = {.op = OP_WITHDRAW, .by = by, .id = id, .datum = ingetrokken_op,
                .expect_versie = expect_versie, .today = today};
    return apply(st, &c, out, err, errcap);
}

sl_outcome sl_consent_assess(sl_store *st, const sl_actor *by, int64_t address_id,
                             sl_doel doel, sl_beoordeling beoordeling, int64_t expect_versie,
                             sl_toestemming *out, char *err, size_t errcap)
{
    change c = {.op = OP_ASSESS, .by = by, .address_id = address_id, .doel = doel,
                .beoordeling = beoordeling, .expect_versie = expect_versie,
                .today = SL_DATE_NONE};
    return apply(st, &c, out, err, errcap);
}
