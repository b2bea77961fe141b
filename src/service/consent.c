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

#include "core/alloc.h"
#include "core/bag.h"
#include "service/signals.h"

static const char *const kanalen[] = {"formulier", "digitaal", "telefonisch", "balie"};
static const char *const beoordeling_names[SL_BEOORDELING_COUNT] = {"", "akkoord", "afgewezen"};

bool sl_kanaal_valid(const char *kanaal)
{
    for (size_t i = 0; kanaal && i < sizeof kanalen / sizeof kanalen[0]; i++)
        if (strcmp(kanaal, kanalen[i]) == 0)
            return true;
    return false;
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

sl_consent_state sl_consent_state_of_row(const sl_toestemming *t)
{
    if (t->ingetrokken_op != SL_DATE_NONE)
        return SL_CONSENT_WITHDRAWN;
    if (t->beoordeling == SL_BEOORDELING_AFGEWEZEN || t->gegeven_op == SL_DATE_NONE)
        return SL_CONSENT_NONE;
    return SL_CONSENT_GIVEN;
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

static const char *status_name(const sl_toestemming *t)
{
    if (t->ingetrokken_op != SL_DATE_NONE)
        return "ingetrokken";
    if (t->beoordeling == SL_BEOORDELING_AFGEWEZEN)
        return "afgewezen";
    return t->gegeven_op != SL_DATE_NONE ? "gegeven" : "aangevraagd";
}

json_t *sl_consent_json(const sl_toestemming *t)
{
    char addr[17];
    sl_bag_format(t->address_id, addr);
    const char *doel = sl_doel_name(t->doel);
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:I}", "id",
                     (json_int_t)t->id, "nummeraanduiding_id", addr, "doel", doel ? doel : "",
                     "aangevraagd_op", date_or_null(t->aangevraagd_op), "gegeven_op",
                     date_or_null(t->gegeven_op), "kanaal",
                     t->kanaal[0] ? json_string(t->kanaal) : json_null(), "ingetrokken_op",
                     date_or_null(t->ingetrokken_op), "beoordeling",
                     t->beoordeling ? json_string(sl_beoordeling_name(t->beoordeling))
                                    : json_null(),
                     "status", status_name(t), "vastgelegd_door", t->vastgelegd_door, "versie",
                     (json_int_t)t->versie);
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

/* ---- changes -------------------------------------------------------------------- */

typedef enum op { OP_REQUEST, OP_GIVE, OP_WITHDRAW, OP_ASSESS } op;

static const char *const event_names[] = {
    [OP_REQUEST] = "toestemming.aangevraagd",
    [OP_GIVE] = "toestemming.gegeven",
    [OP_WITHDRAW] = "toestemming.ingetrokken",
    [OP_ASSESS] = "toestemming.beoordeeld",
};

/* What one change asks for. */
typedef struct change {
    op op;
    const sl_actor *by;
    int64_t address_id;
    sl_doel doel;
    sl_date datum;          /* request, give, withdraw */
    const char *kanaal;     /* give */
    sl_beoordeling beoordeling; /* assess */
    int64_t expect_versie;
    sl_date today;
} change;

static sl_consent_rc failf(char *err, size_t cap, sl_consent_rc rc, const char *why)
{
    if (err && cap)
        snprintf(err, cap, "%s", why);
    return rc;
}

static bool linked(const sl_viewer *v, int64_t address_id)
{
    for (size_t i = 0; v->adressen && i < v->n_adressen; i++)
        if (v->adressen[i] == address_id)
            return true;
    return false;
}

/* Checks what needs no store. */
static sl_consent_rc check_args(const change *c, char *err, size_t cap)
{
    if (!c->by || !c->by->gebruiker || !*c->by->gebruiker)
        return failf(err, cap, SL_TS_ONGELDIG, "wie de wijziging vastlegt is verplicht");
    if (strlen(c->by->gebruiker) >= SL_NAME_CAP)
        return failf(err, cap, SL_TS_ONGELDIG, "de naam van de gebruiker is te lang");
    if (!sl_doel_name(c->doel))
        return failf(err, cap, SL_TS_ONGELDIG, "onbekend doel");
    if (c->by->viewer.role == SL_ROLE_BEWONER && !linked(&c->by->viewer, c->address_id))
        return failf(err, cap, SL_TS_NIET_GEVONDEN, "adres niet gevonden");
    if (c->op != OP_ASSESS) {
        if (c->datum == SL_DATE_NONE)
            return failf(err, cap, SL_TS_ONGELDIG, "de datum is verplicht");
        if (c->today != SL_DATE_NONE && c->datum > c->today)
            return failf(err, cap, SL_TS_ONGELDIG, "de datum ligt in de toekomst");
    }
    if (c->op == OP_GIVE && !sl_kanaal_valid(c->kanaal))
        return failf(err, cap, SL_TS_ONGELDIG,
                     "kanaal is formulier, digitaal, telefonisch of balie");
    if (c->op == OP_ASSESS && c->beoordeling != SL_BEOORDELING_AKKOORD &&
        c->beoordeling != SL_BEOORDELING_AFGEWEZEN)
        return failf(err, cap, SL_TS_ONGELDIG, "beoordeling is akkoord of afgewezen");
    return SL_TS_OK;
}

/*
 * Applies c to the latest row (cur, when found) and says whether that means a
 * new row (*insert) or an update of cur. Returns the outcome; t is the row to write.
 */
static sl_consent_rc decide(const change *c, const sl_toestemming *cur, bool found,
                            sl_toestemming *t, bool *insert, char *err, size_t cap)
{
    bool run = found && running(cur);
    if (run && c->expect_versie && c->expect_versie != cur->versie)
        return failf(err, cap, SL_TS_CONFLICT,
                     "de toestemming is gewijzigd nadat u haar zag; laad haar opnieuw");
    *insert = false;
    switch (c->op) {
    case OP_REQUEST:
        if (run)
            return failf(err, cap, SL_TS_CONFLICT,
                         "er loopt al een aanvraag of toestemming voor dit doel");
        memset(t, 0, sizeof *t);
        t->aangevraagd_op = c->datum;
        t->gegeven_op = t->ingetrokken_op = SL_DATE_NONE;
        *insert = true;
        break;
    case OP_GIVE:
        if (run && cur->gegeven_op != SL_DATE_NONE)
            return failf(err, cap, SL_TS_CONFLICT, "de toestemming is al gegeven");
        if (run) {
            if (c->datum < cur->aangevraagd_op)
                return failf(err, cap, SL_TS_ONGELDIG,
                             "de toestemming kan niet eerder dan de aanvraag gegeven zijn");
            *t = *cur;
        } else {
            memset(t, 0, sizeof *t);
            t->aangevraagd_op = c->datum;
            t->ingetrokken_op = SL_DATE_NONE;
            *insert = true;
        }
        t->gegeven_op = c->datum;
        snprintf(t->kanaal, sizeof t->kanaal, "%s", c->kanaal);
        break;
    case OP_WITHDRAW:
        if (!run || cur->gegeven_op == SL_DATE_NONE)
            return failf(err, cap, SL_TS_CONFLICT,
                         "er is geen gegeven toestemming voor dit doel om in te trekken");
        if (c->datum < cur->gegeven_op)
            return failf(err, cap, SL_TS_ONGELDIG,
                         "intrekken kan niet eerder dan de toestemming gegeven is");
        *t = *cur;
        t->ingetrokken_op = c->datum;
        break;
    case OP_ASSESS:
        if (!run)
            return failf(err, cap, SL_TS_CONFLICT,
                         "er loopt geen aanvraag of toestemming voor dit doel");
        *t = *cur;
        t->beoordeling = c->beoordeling;
        break;
    }
    t->address_id = c->address_id;
    t->doel = c->doel;
    snprintf(t->vastgelegd_door, sizeof t->vastgelegd_door, "%s", c->by->gebruiker);
    return SL_TS_OK;
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

static sl_consent_rc apply(sl_store *st, const change *c, sl_toestemming *out, char *err,
                           size_t cap)
{
    sl_consent_rc rc = check_args(c, err, cap);
    if (rc != SL_TS_OK)
        return rc;
    if (!sl_store_begin(st))
        return failf(err, cap, SL_TS_FOUT, sl_store_errmsg(st));
    sl_address a;
    bool absent, found;
    sl_toestemming cur, t;
    bool insert, conflict = false;
    if (!sl_store_address_get(st, c->address_id, &a, &absent, &found))
        goto store_error;
    if (!found) {
        rc = failf(err, cap, SL_TS_NIET_GEVONDEN, "adres niet gevonden");
        goto out;
    }
    if (!sl_store_consent_latest(st, c->address_id, c->doel, &cur, &found))
        goto store_error;
    rc = decide(c, &cur, found, &t, &insert, err, cap);
    if (rc != SL_TS_OK)
        goto out;
    if (insert ? !sl_store_consent_add(st, &t) : !sl_store_consent_update(st, &t, &conflict))
        goto store_error;
    if (conflict) {
        rc = failf(err, cap, SL_TS_CONFLICT,
                   "de toestemming is gewijzigd nadat u haar zag; laad haar opnieuw");
        goto out;
    }
    sl_log_entry e = {.actor = c->by, .doel = sl_doel_name(c->doel), .grondslag = "toestemming",
                      .categorieen = "toestemming", .address_id = c->address_id,
                      .actie = "wijziging"};
    if (!sl_logboek_append(st, &e, NULL) || !outbox_event(st, c->op, &t) ||
        (c->op == OP_WITHDRAW && !tell_buddies(st, c)) || !sl_store_commit(st))
        goto store_error;
    if (out)
        *out = t;
    return SL_TS_OK;
store_error:
    rc = failf(err, cap, SL_TS_FOUT, sl_store_errmsg(st));
out:
    sl_store_rollback(st);
    return rc;
}

sl_consent_rc sl_consent_request(sl_store *st, const sl_actor *by, int64_t address_id,
                                 sl_doel doel, sl_date aangevraagd_op, sl_date today,
                                 sl_toestemming *out, char *err, size_t errcap)
{
    change c = {.op = OP_REQUEST, .by = by, .address_id = address_id, .doel = doel,
                .datum = aangevraagd_op, .today = today};
    return apply(st, &c, out, err, errcap);
}

sl_consent_rc sl_consent_give(sl_store *st, const sl_actor *by, int64_t address_id, sl_doel doel,
                              sl_date gegeven_op, const char *kanaal, int64_t expect_versie,
                              sl_date today, sl_toestemming *out, char *err, size_t errcap)
{
    change c = {.op = OP_GIVE, .by = by, .address_id = address_id, .doel = doel,
                .datum = gegeven_op, .kanaal = kanaal, .expect_versie = expect_versie,
                .today = today};
    return apply(st, &c, out, err, errcap);
}

sl_consent_rc sl_consent_withdraw(sl_store *st, const sl_actor *by, int64_t address_id,
                                  sl_doel doel, sl_date ingetrokken_op, int64_t expect_versie,
                                  sl_date today, sl_toestemming *out, char *err, size_t errcap)
{
    change c = {.op = OP_WITHDRAW, .by = by, .address_id = address_id, .doel = doel,
                .datum = ingetrokken_op, .expect_versie = expect_versie, .today = today};
    return apply(st, &c, out, err, errcap);
}

sl_consent_rc sl_consent_assess(sl_store *st, const sl_actor *by, int64_t address_id,
                                sl_doel doel, sl_beoordeling beoordeling, int64_t expect_versie,
                                sl_toestemming *out, char *err, size_t errcap)
{
    change c = {.op = OP_ASSESS, .by = by, .address_id = address_id, .doel = doel,
                .beoordeling = beoordeling, .expect_versie = expect_versie,
                .today = SL_DATE_NONE};
    return apply(st, &c, out, err, errcap);
}
