/*
 * record_update.c - single-record updates and the contractor's damage report
 * (see record_update.h).
 *
 * The order inside the transaction is the importer's (service/import.c): the
 * signal run touches the address before the record changes, the record and
 * its status history are written, the classification is refreshed, and only
 * then does the run compare before and after. So a step to 4.1 through the
 * API raises rule 4 exactly as a delivery with that step would.
 */
#include "service/record_update.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/bag.h"
#include "core/fingerprint.h"
#include "service/classify_refresh.h"
#include "service/jsonw.h"
#include "service/signals.h"
#include "store/records_store.h"
#include "store/signals_store.h"

#define OMSCHRIJVING_MAX 2000 /* characters */

static sl_outcome failf(char *err, size_t cap, sl_outcome rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static sl_outcome failf(char *err, size_t cap, sl_outcome rc, const char *fmt, ...)
{
    if (err && cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, cap, fmt, ap);
        va_end(ap);
    }
    return rc;
}

bool sl_record_may_change(const sl_viewer *v, sl_kind kind)
{
    sl_account_org owner = kind == SL_KIND_IMG ? SL_ACCOUNT_ORG_IMG
                           : kind == SL_KIND_NCG ? SL_ACCOUNT_ORG_NCG
                                                 : SL_ACCOUNT_ORG_NONE;
    if (!v || owner == SL_ACCOUNT_ORG_NONE || v->org != owner)
        return false;
    sl_role staff = kind == SL_KIND_IMG ? SL_ROLE_ZAAKBEGELEIDER : SL_ROLE_BEWONERSBEGELEIDER;
    return v->role == staff || v->role == SL_ROLE_SVIP || v->role == SL_ROLE_DATASTEWARD;
}

/* ---- JSON ------------------------------------------------------------------------ */

static json_t *date_or_null(sl_date d)
{
    if (d == SL_DATE_NONE)
        return json_null();
    char buf[11];
    sl_date_format(d, buf);
    return json_string(buf);
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *flag_json(sl_flag f)
{
    return f == SL_FLAG_UNKNOWN ? json_null() : json_boolean(f == SL_FLAG_JA);
}

json_t *sl_claim_record_json(const sl_claim_record *r)
{
    const sl_claim *c = &r->claim;
    char id[17];
    sl_bag_format(r->address_id, id);
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:I}",
                     "img_id", c->img_id, "nummeraanduiding_id", id, "regeling",
                     sl_regeling_name(c->regeling), "fase", sl_fase_name(c->fase), "fase_sinds",
                     date_or_null(c->fase_sinds), "ontvangen_op", date_or_null(c->ontvangen_op),
                     "urgent", flag_json(c->urgent), "aos", flag_json(c->aos), "aos_gegrond",
                     flag_json(c->aos_gegrond), "zaakbegeleider", str_or_null(c->zaakbegeleider),
                     "besluit_bedrag",
                     c->has_bedrag ? sl_amount_json(c->besluit_bedrag) : json_null(),
                     "afwezig", r->absent, "versie", (json_int_t)r->versie);
}

json_t *sl_trajectory_record_json(const sl_trajectory_record *r)
{
    const sl_trajectory *t = &r->traject;
    char id[17];
    sl_bag_format(r->address_id, id);
    return json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:s, s:o, s:o, s:b, s:I}",
                     "ncg_id", t->ncg_id, "nummeraanduiding_id", id, "stap",
                     sl_stap_name(t->stap), "stap_sinds", date_or_null(t->stap_sinds),
                     "risicoprofiel", sl_risico_name(t->risicoprofiel), "batch",
                     str_or_null(t->batch), "programma", sl_programma_name(t->programma),
                     "bijzondere_situatie", flag_json(t->bijzondere_situatie), "keuze_bewoner",
                     sl_keuze_name(t->keuze_bewoner), "bewonersbegeleider",
                     str_or_null(t->bewonersbegeleider), "aannemersovereenkomst",
                     date_or_null(t->aannemersovereenkomst), "afwezig", r->absent, "versie",
                     (json_int_t)r->versie);
}

json_t *sl_contractor_damage_json(const sl_contractor_damage *d)
{
    char id[17];
    sl_bag_format(d->address_id, id);
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:s}", "id", (json_int_t)d->id, "ncg_id",
                     d->ncg_id, "nummeraanduiding_id", id, "omschrijving",
                     d->omschrijving ? d->omschrijving : "", "gemeld_op",
                     date_or_null(d->gemeld_op), "door", d->door, "aangemaakt_op",
                     d->aangemaakt_op);
}

static bool outbox(sl_store *st, const char *soort, const char *onderwerp, const char *key,
                   json_t *data)
{
    if (!data)
        return sl_store_fail(st, "onvoldoende geheugen");
    char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(data);
    if (!text)
        return sl_store_fail(st, "onvoldoende geheugen");
    bool ok = sl_store_outbox_add(st, soort, onderwerp, key, text);
    sl_free(text); /* jansson allocates through core/alloc.h */
    return ok;
}

/* ---- checks that need no store -------------------------------------------------- */

/* A person's name as a delivery carries it: shorter than the column, no control characters. */
static bool name_ok(const char *s)
{
    if (!s || strlen(s) >= SL_NAME_CAP)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

static sl_outcome check_actor(const sl_actor *by, char *err, size_t cap)
{
    if (!by || !by->gebruiker || !*by->gebruiker)
        return failf(err, cap, SL_INVALID, "wie de wijziging doet is verplicht");
    if (strlen(by->gebruiker) >= SL_NAME_CAP)
        return failf(err, cap, SL_INVALID, "de naam van de gebruiker is te lang");
    return SL_OK;
}

static sl_outcome check_change(const sl_record_change *ch, sl_date today, char *err,
                               size_t cap)
{
    unsigned allowed = ch->kind == SL_KIND_IMG   ? SL_SET_CLAIM_FIELDS
                       : ch->kind == SL_KIND_NCG ? SL_SET_TRAJECTORY_FIELDS
                                                 : 0;
    if (!allowed)
        return failf(err, cap, SL_INVALID, "onbekend soort record");
    if (!ch->id || !*ch->id || strlen(ch->id) >= SL_ID_CAP)
        return failf(err, cap, SL_INVALID, "ongeldig id");
    if (ch->set == 0 || (ch->set & ~allowed))
        return failf(err, cap, SL_INVALID, "geen of onbekende velden om te wijzigen");
    if ((ch->set & SL_SET_FASE) && (unsigned)ch->fase >= SL_FASE_COUNT)
        return failf(err, cap, SL_INVALID, "onbekende fase");
    if ((ch->set & SL_SET_STAP) && (unsigned)ch->stap >= SL_STAP_COUNT)
        return failf(err, cap, SL_INVALID, "onbekende stap");
    if ((ch->set & SL_SET_FASE_SINDS) &&
        (ch->fase_sinds == SL_DATE_NONE || (today != SL_DATE_NONE && ch->fase_sinds > today)))
        return failf(err, cap, SL_INVALID, "fase_sinds is een datum, niet in de toekomst");
    if ((ch->set & SL_SET_STAP_SINDS) &&
        (ch->stap_sinds == SL_DATE_NONE || (today != SL_DATE_NONE && ch->stap_sinds > today)))
        return failf(err, cap, SL_INVALID, "stap_sinds is een datum, niet in de toekomst");
    if ((ch->set & SL_SET_ZAAKBEGELEIDER) && !name_ok(ch->zaakbegeleider))
        return failf(err, cap, SL_INVALID,
                     "zaakbegeleider is een naam van ten hoogste 80 bytes");
    if ((ch->set & SL_SET_BEWONERSBEGELEIDER) && !name_ok(ch->bewonersbegeleider))
        return failf(err, cap, SL_INVALID,
                     "bewonersbegeleider is een naam van ten hoogste 80 bytes");
    if (ch->expect_versie <= 0 && ch->expect_versie != SL_VERSIE_ANY)
        return failf(err, cap, SL_INVALID, "de verwachte versie ontbreekt");
    return SL_OK;
}

/* ---- applying ------------------------------------------------------------------- */

/* The record after the change; whether anything differs, and the status before. */
typedef struct applied {
    bool differs;
    bool status_changed;
    const char *status_from, *status_to;
    sl_date status_date;
    sl_date status_from_since; /* since when it had status_from (decision 233) */
    unsigned fields; /* SL_SET_* that really differ */
} applied;

static void apply_claim(const sl_record_change *ch, sl_date today, sl_claim *c, applied *a)
{
    sl_claim old = *c;
    if (ch->set & SL_SET_FASE)
        c->fase = ch->fase;
    if (ch->set & SL_SET_FASE_SINDS)
        c->fase_sinds = ch->fase_sinds;
    else if (c->fase != old.fase)
        c->fase_sinds = today; /* a new phase starts today unless the caller says when */
    if (ch->set & SL_SET_URGENT)
        c->urgent = ch->urgent;
    if (ch->set & SL_SET_ZAAKBEGELEIDER)
        snprintf(c->zaakbegeleider, sizeof c->zaakbegeleider, "%s", ch->zaakbegeleider);
    a->fields = (c->fase != old.fase ? SL_SET_FASE : 0u) |
                (c->fase_sinds != old.fase_sinds ? SL_SET_FASE_SINDS : 0u) |
                (c->urgent != old.urgent ? SL_SET_URGENT : 0u) |
                (strcmp(c->zaakbegeleider, old.zaakbegeleider) ? SL_SET_ZAAKBEGELEIDER : 0u);
    a->differs = a->fields != 0;
    a->status_changed = c->fase != old.fase;
    a->status_from = sl_fase_name(old.fase);
    a->status_from_since = old.fase_sinds;
    a->status_to = sl_fase_name(c->fase);
    a->status_date = c->fase_sinds;
}

static void apply_trajectory(const sl_record_change *ch, sl_date today, sl_trajectory *t,
                             applied *a)
{
    sl_trajectory old = *t;
    if (ch->set & SL_SET_STAP)
        t->stap = ch->stap;
    if (ch->set & SL_SET_STAP_SINDS)
        t->stap_sinds = ch->stap_sinds;
    else if (t->stap != old.stap)
        t->stap_sinds = today;
    if (ch->set & SL_SET_BIJZONDERE_SITUATIE)
        t->bijzondere_situatie = ch->bijzondere_situatie;
    if (ch->set & SL_SET_BEWONERSBEGELEIDER)
        snprintf(t->bewonersbegeleider, sizeof t->bewonersbegeleider, "%s",
                 ch->bewonersbegeleider);
    if (ch->set & SL_SET_AANNEMERSOVEREENKOMST)
        t->aannemersovereenkomst = ch->aannemersovereenkomst;
    a->fields =
        (t->stap != old.stap ? SL_SET_STAP : 0u) |
        (t->stap_sinds != old.stap_sinds ? SL_SET_STAP_SINDS : 0u) |
        (t->bijzondere_situatie != old.bijzondere_situatie ? SL_SET_BIJZONDERE_SITUATIE : 0u) |
        (strcmp(t->bewonersbegeleider, old.bewonersbegeleider) ? SL_SET_BEWONERSBEGELEIDER
                                                                 : 0u) |
        (t->aannemersovereenkomst != old.aannemersovereenkomst ? SL_SET_AANNEMERSOVEREENKOMST
                                                                : 0u);
    a->differs = a->fields != 0;
    a->status_changed = t->stap != old.stap;
    a->status_from = sl_stap_name(old.stap);
    a->status_from_since = old.stap_sinds;
    a->status_to = sl_stap_name(t->stap);
    a->status_date = t->stap_sinds;
}

/* "schades:status,contact": the part and the categories of the changed fields. */
static void changed_categories(sl_kind kind, unsigned fields, char *buf, size_t cap)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        {SL_SET_FASE, "fase"}, {SL_SET_FASE_SINDS, "fase_sinds"}, {SL_SET_URGENT, "urgent"},
        {SL_SET_ZAAKBEGELEIDER, "zaakbegeleider"}, {SL_SET_STAP, "stap"},
        {SL_SET_STAP_SINDS, "stap_sinds"}, {SL_SET_BIJZONDERE_SITUATIE, "bijzondere_situatie"},
        {SL_SET_BEWONERSBEGELEIDER, "bewonersbegeleider"},
        {SL_SET_AANNEMERSOVEREENKOMST, "aannemersovereenkomst"},
    };
    sl_share_part_id part = kind == SL_KIND_IMG ? SL_DEEL_SCHADES : SL_DEEL_TRAJECT;
    unsigned cats = SL_CAT_ID;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (fields & names[i].bit)
            cats |= sl_share_field_category(part, names[i].name);
    char list[64];
    sl_share_categories_format(cats, list, sizeof list);
    snprintf(buf, cap, "%s:%s", sl_share_part_name(part), list);
}

sl_outcome sl_record_update(sl_store *st, const sl_actor *by, const sl_record_change *ch,
                            sl_date today, sl_record_result *out, char *err, size_t errcap)
{
    sl_outcome rc = check_actor(by, err, errcap);
    if (rc == SL_OK)
        rc = check_change(ch, today, err, errcap);
    if (rc != SL_OK)
        return rc;
    if (!sl_record_may_change(&by->viewer, ch->kind))
        return failf(err, errcap, SL_FORBIDDEN,
                     "alleen de organisatie die dit record bijhoudt mag het wijzigen");
    bool claim = ch->kind == SL_KIND_IMG;
    sl_record_result res;
    memset(&res, 0, sizeof res);
    sl_signal_run *run = NULL;
    bool found, stale = false;
    if (!sl_store_begin(st))
        return failf(err, errcap, SL_ERROR, "%s", sl_store_errmsg(st));
    if (claim ? !sl_store_claim_get(st, ch->id, &res.claim, &found)
              : !sl_store_trajectory_get(st, ch->id, &res.traject, &found))
        goto store_error;
    if (!found) {
        rc = failf(err, errcap, SL_NOT_FOUND, "%s bestaat niet", ch->id);
        goto out;
    }
    int64_t versie = claim ? res.claim.versie : res.traject.versie;
    int64_t address_id = claim ? res.claim.address_id : res.traject.address_id;
    bool absent = claim ? res.claim.absent : res.traject.absent;
    int64_t expect = ch->expect_versie == SL_VERSIE_ANY ? versie : ch->expect_versie;
    if (versie != expect) {
        rc = failf(err, errcap, SL_STALE,
                   "%s is intussen gewijzigd; haal het opnieuw op en probeer het nog eens",
                   ch->id);
        goto out;
    }
    if (absent) {
        rc = failf(err, errcap, SL_CONFLICT,
                   "%s staat niet meer in de laatste levering en kan niet gewijzigd worden",
                   ch->id);
        goto out;
    }
    applied a;
    memset(&a, 0, sizeof a);
    if (claim)
        apply_claim(ch, today, &res.claim.claim, &a);
    else
        apply_trajectory(ch, today, &res.traject.traject, &a);
    if (!a.differs) { /* nothing to write: the caller gets the record as it is */
        sl_store_rollback(st);
        if (out)
            *out = res;
        return SL_OK;
    }
    res.changed = true;
    run = sl_signal_run_new(st, 0, by->gebruiker);
    if (!run) {
        sl_store_fail(st, "onvoldoende geheugen");
        goto store_error;
    }
    if (!sl_signal_run_touch(run, address_id))
        goto store_error;
    bool ok = claim ? sl_store_claim_update(st, &res.claim,
                                            sl_claim_fingerprint(&res.claim.claim, address_id),
                                            expect, &stale)
                    : sl_store_trajectory_update(
                          st, &res.traject,
                          sl_trajectory_fingerprint(&res.traject.traject, address_id),
                          expect, &stale);
    if (!ok)
        goto store_error;
    if (stale) { /* cannot happen inside the write lock; kept as the store's guarantee */
        rc = failf(err, errcap, SL_STALE, "%s is intussen gewijzigd", ch->id);
        goto out;
    }
    if (a.status_changed) {
        sl_history h = {.onderwerp = claim ? "schade" : "traject", .sleutel = ch->id,
                        .veld = claim ? "fase" : "stap", .van = a.status_from,
                        .naar = a.status_to, .datum = a.status_date,
                        .gebruiker = by->gebruiker, .van_sinds = a.status_from_since};
        if (!sl_store_history_add(st, &h))
            goto store_error;
    }
    int64_t classified;
    char cats[96];
    changed_categories(ch->kind, a.fields, cats, sizeof cats);
    sl_log_entry e = {.actor = by, .doel = sl_doel_name(SL_DOEL_STATUSUITWISSELING),
                      .grondslag = sl_grondslag_name(SL_GRONDSLAG_EIGEN_ORGANISATIE),
                      .categorieen = cats, .address_id = address_id, .actie = "wijziging"};
    if (!sl_classify_refresh_address(st, address_id, 0, by->gebruiker, &classified) ||
        !sl_signal_run_finish(run, today, &res.raised) || !sl_logboek_append(st, &e, NULL) ||
        !outbox(st, claim ? "schade.gewijzigd" : "traject.gewijzigd",
                claim ? "schade" : "traject", ch->id,
                claim ? sl_claim_record_json(&res.claim)
                      : sl_trajectory_record_json(&res.traject)) ||
        !sl_store_commit(st))
        goto store_error;
    sl_signal_run_free(run);
    if (out)
        *out = res;
    return SL_OK;
store_error:
    rc = failf(err, errcap, SL_ERROR, "%s", sl_store_errmsg(st));
out:
    sl_signal_run_free(run);
    sl_store_rollback(st);
    return rc;
}

/* ---- rule 7 ---------------------------------------------------------------------- */

/* Characters of well-formed UTF-8 text (jansson hands over only such text). */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xc0) != 0x80;
    return n;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

sl_outcome sl_contractor_damage_report(sl_store *st, const sl_actor *by, const char *ncg_id,
                                       const char *omschrijving, sl_date gemeld_op,
                                       sl_date today, sl_contractor_damage *out,
                                       int64_t *raised, char *err, size_t errcap)
{
    sl_outcome rc = check_actor(by, err, errcap);
    if (rc != SL_OK)
        return rc;
    if (!(by->viewer.org == SL_ACCOUNT_ORG_NCG && (by->viewer.role == SL_ROLE_BEWONERSBEGELEIDER ||
                                                    by->viewer.role == SL_ROLE_SVIP)))
        return failf(err, errcap, SL_FORBIDDEN,
                     "een schademelding van de aannemer leggen medewerkers van NCG vast");
    if (!ncg_id || !*ncg_id || strlen(ncg_id) >= SL_ID_CAP)
        return failf(err, errcap, SL_INVALID, "ongeldig ncg_id");
    if (!omschrijving || blank(omschrijving) || utf8_chars(omschrijving) > OMSCHRIJVING_MAX)
        return failf(err, errcap, SL_INVALID,
                     "omschrijving is een tekst van 1 tot en met 2000 tekens");
    if (gemeld_op == SL_DATE_NONE || (today != SL_DATE_NONE && gemeld_op > today))
        return failf(err, errcap, SL_INVALID, "gemeld_op is een datum, niet in de toekomst");
    sl_trajectory_record tr;
    sl_contractor_damage d;
    memset(&d, 0, sizeof d);
    sl_signal_run *run = NULL;
    bool found;
    int64_t n = 0;
    if (!sl_store_begin(st))
        return failf(err, errcap, SL_ERROR, "%s", sl_store_errmsg(st));
    if (!sl_store_trajectory_get(st, ncg_id, &tr, &found))
        goto store_error;
    if (!found) {
        rc = failf(err, errcap, SL_NOT_FOUND, "%s bestaat niet", ncg_id);
        goto out;
    }
    if (tr.absent || tr.traject.stap != SL_STAP_5_2) {
        rc = failf(err, errcap, SL_CONFLICT,
                   "een schademelding van de aannemer kan alleen tijdens de bouw (stap 5.2); "
                   "het traject is in stap %s",
                   tr.absent ? "(afwezig)" : sl_stap_name(tr.traject.stap));
        goto out;
    }
    snprintf(d.ncg_id, sizeof d.ncg_id, "%s", ncg_id);
    d.address_id = tr.address_id;
    d.omschrijving = omschrijving;
    d.gemeld_op = gemeld_op;
    snprintf(d.door, sizeof d.door, "%s", by->gebruiker);
    run = sl_signal_run_new(st, 0, by->gebruiker);
    if (!run) {
        sl_store_fail(st, "onvoldoende geheugen");
        goto store_error;
    }
    char key[24];
    sl_log_entry e = {.actor = by, .doel = sl_doel_name(SL_DOEL_COORDINATIE),
                      .grondslag = sl_grondslag_name(SL_GRONDSLAG_EIGEN_ORGANISATIE),
                      .categorieen = "traject:id,status",
                      .address_id = tr.address_id, .actie = "wijziging"};
    if (!sl_signal_run_contractor_damage(run, tr.address_id) ||
        !sl_store_contractor_damage_add(st, &d) || !sl_logboek_append(st, &e, NULL) ||
        !sl_signal_run_finish(run, today != SL_DATE_NONE ? today : gemeld_op, &n))
        goto store_error;
    snprintf(key, sizeof key, "%lld", (long long)d.id);
    /* the event leaves the free text out (it may hold personal data; decision 38) */
    json_t *event = sl_contractor_damage_json(&d);
    if (event)
        json_object_del(event, "omschrijving");
    if (!outbox(st, "schademelding_aannemer.aangemaakt", "schademelding_aannemer", key, event) ||
        !sl_store_commit(st))
        goto store_error;
    sl_signal_run_free(run);
    if (out)
        *out = d;
    if (raised)
        *raised = n;
    return SL_OK;
store_error:
    rc = failf(err, errcap, SL_ERROR, "%s", sl_store_errmsg(st));
out:
    sl_signal_run_free(run);
    sl_store_rollback(st);
    return rc;
}
