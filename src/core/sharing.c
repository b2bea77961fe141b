/*
 * sharing.c - the lawful-sharing decision (see sharing.h): purposes and
 * their categories, the statutory test, and the per-role rules.
 *
 * Every path starts from "nothing shown" and opens a part only on a named
 * basis, so a role, purpose or organisation this file does not know falls
 * through to nothing.
 */
#include "core/sharing.h"

#include <stdio.h>
#include <string.h>

/* ---- names ----------------------------------------------------------------- */

static const char *const doel_names[SL_DOEL_COUNT] = {
    [SL_DOEL_COORDINATIE] = "samenloop",
    [SL_DOEL_STATUSUITWISSELING] = "statusuitwisseling",
    [SL_DOEL_SVIP_VERZOEK] = "svip_verzoek",
    [SL_DOEL_INTEGRAAL_PLAN] = "integraal_plan",
    [SL_DOEL_EIGEN_INZAGE] = "eigen_inzage",
};

static const char *const grondslag_names[SL_GRONDSLAG_COUNT] = {
    [SL_GRONDSLAG_GEEN] = "",
    [SL_GRONDSLAG_EIGEN_ORGANISATIE] = "eigen_organisatie",
    [SL_GRONDSLAG_WETTELIJKE_TAAK] = "wettelijke_taak_samenloop",
    [SL_GRONDSLAG_TOESTEMMING] = "toestemming",
    [SL_GRONDSLAG_EIGEN_ADRES] = "eigen_adres",
};

static const char *const category_names[] = {
    "id", "status", "datums", "contact", "kenmerken", "keuze", "bedragen",
};
_Static_assert(sizeof category_names / sizeof category_names[0] == 7, "one name per SL_CAT_ bit");
_Static_assert(SL_CAT_ALL == (1u << 7) - 1, "SL_CAT_ALL covers exactly the named bits");

const char *sl_doel_name(sl_doel d)
{
    return (unsigned)d < SL_DOEL_COUNT ? doel_names[d] : NULL;
}

bool sl_doel_parse(const char *s, size_t len, sl_doel *out)
{
    if (!s)
        return false;
    for (int i = 0; i < SL_DOEL_COUNT; i++)
        if (strlen(doel_names[i]) == len && memcmp(doel_names[i], s, len) == 0) {
            if (out)
                *out = (sl_doel)i;
            return true;
        }
    return false;
}

const char *sl_grondslag_name(sl_grondslag g)
{
    return (unsigned)g < SL_GRONDSLAG_COUNT ? grondslag_names[g] : "";
}

const char *sl_share_part_name(sl_share_part_id p)
{
    return p == SL_DEEL_SCHADES ? "schades" : p == SL_DEEL_TRAJECT ? "traject" : "";
}

/* ---- purposes, roles and categories ------------------------------------------ */

/* Which purposes each role works for (bit d set: doel d fits). Roles without
 * dossier access have none; a bewoner only looks at their own data. */
#define D(x) (1u << (x))
static const unsigned role_doelen[SL_ROLE_COUNT] = {
    [SL_ROLE_ZAAKBEGELEIDER] = D(SL_DOEL_COORDINATIE) | D(SL_DOEL_STATUSUITWISSELING) |
                               D(SL_DOEL_INTEGRAAL_PLAN),
    [SL_ROLE_BEWONERSBEGELEIDER] = D(SL_DOEL_COORDINATIE) | D(SL_DOEL_STATUSUITWISSELING) |
                                   D(SL_DOEL_INTEGRAAL_PLAN),
    [SL_ROLE_SVIP] = D(SL_DOEL_SVIP_VERZOEK) | D(SL_DOEL_STATUSUITWISSELING) |
                     D(SL_DOEL_COORDINATIE),
    [SL_ROLE_COORDINATOR] = D(SL_DOEL_COORDINATIE) | D(SL_DOEL_STATUSUITWISSELING) |
                            D(SL_DOEL_INTEGRAAL_PLAN),
    [SL_ROLE_INTERVENTIETEAM] = D(SL_DOEL_COORDINATIE) | D(SL_DOEL_STATUSUITWISSELING),
    [SL_ROLE_BEWONER] = D(SL_DOEL_EIGEN_INZAGE),
};
#undef D

bool sl_doel_fits_role(sl_doel d, sl_role r)
{
    return (unsigned)d < SL_DOEL_COUNT && (unsigned)r < SL_ROLE_COUNT &&
           (role_doelen[r] >> d) & 1u;
}

unsigned sl_share_part_categories(sl_share_part_id p)
{
    if (p == SL_DEEL_SCHADES)
        return SL_CAT_ALL & ~(unsigned)SL_CAT_KEUZE;
    if (p == SL_DEEL_TRAJECT)
        return SL_CAT_ALL & ~(unsigned)SL_CAT_BEDRAGEN;
    return 0;
}

/* Purpose limitation: phase, dates and the buddy for status and coordination;
 * the case's characteristics where coordinating needs them; amounts and the
 * resident's choice only for the integral plan. */
unsigned sl_doel_categories(sl_doel d)
{
    switch (d) {
    case SL_DOEL_STATUSUITWISSELING:
        return SL_CAT_ID | SL_CAT_STATUS | SL_CAT_DATUMS | SL_CAT_CONTACT;
    case SL_DOEL_COORDINATIE:
    case SL_DOEL_SVIP_VERZOEK:
        return SL_CAT_ID | SL_CAT_STATUS | SL_CAT_DATUMS | SL_CAT_CONTACT | SL_CAT_KENMERKEN;
    case SL_DOEL_INTEGRAAL_PLAN:
    case SL_DOEL_EIGEN_INZAGE:
        return SL_CAT_ALL;
    case SL_DOEL_COUNT:
        break;
    }
    return 0;
}

typedef struct field_cat {
    const char *field;
    unsigned cat;
} field_cat;

static const field_cat schade_fields[] = {
    {"img_id", SL_CAT_ID},           {"fase", SL_CAT_STATUS},
    {"fase_sinds", SL_CAT_STATUS},   {"ontvangen_op", SL_CAT_DATUMS},
    {"zaakbegeleider", SL_CAT_CONTACT}, {"regeling", SL_CAT_KENMERKEN},
    {"urgent", SL_CAT_KENMERKEN},    {"aos", SL_CAT_KENMERKEN},
    {"aos_gegrond", SL_CAT_KENMERKEN}, {"besluit_bedrag", SL_CAT_BEDRAGEN},
};

static const field_cat traject_fields[] = {
    {"ncg_id", SL_CAT_ID},
    {"stap", SL_CAT_STATUS},
    {"stap_sinds", SL_CAT_STATUS},
    {"aannemersovereenkomst", SL_CAT_DATUMS},
    {"bewonersbegeleider", SL_CAT_CONTACT},
    {"risicoprofiel", SL_CAT_KENMERKEN},
    {"batch", SL_CAT_KENMERKEN},
    {"programma", SL_CAT_KENMERKEN},
    {"bijzondere_situatie", SL_CAT_KENMERKEN},
    {"keuze_bewoner", SL_CAT_KEUZE},
};

unsigned sl_share_field_category(sl_share_part_id p, const char *field)
{
    const field_cat *t = p == SL_DEEL_SCHADES ? schade_fields : traject_fields;
    size_t n = p == SL_DEEL_SCHADES ? sizeof schade_fields / sizeof schade_fields[0]
                                    : sizeof traject_fields / sizeof traject_fields[0];
    if ((unsigned)p >= SL_DEEL_COUNT || !field)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].field, field) == 0)
            return t[i].cat;
    return 0;
}

void sl_share_categories_format(unsigned cats, char *buf, size_t cap)
{
    if (!buf || cap == 0)
        return;
    buf[0] = '\0';
    size_t used = 0;
    for (size_t k = 0; k < sizeof category_names / sizeof category_names[0]; k++) {
        if (!(cats & (1u << k)))
            continue;
        int w = snprintf(buf + used, cap - used, "%s%s", used ? "," : "", category_names[k]);
        if (w < 0 || (size_t)w >= cap - used)
            return;
        used += (size_t)w;
    }
}

/* ---- configuration --------------------------------------------------------------- */

void sl_sharing_config_default(sl_sharing_config *c)
{
    static const char *const codes[] = {"1979", "0014", "1966", "1952", "1895"};
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        memcpy(c->gemeenten[c->n_gemeenten++], codes[i], SL_GEMEENTE_CAP);
    sl_date_from_ymd(2023, 7, 1, &c->amvb_vanaf);
    c->min_aantal = 10; /* issue "HTTP API": counts under 10 are suppressed */
}

static bool four_digits(const char *s, size_t cap)
{
    if (!s || !memchr(s, '\0', cap) || strlen(s) != 4)
        return false;
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool sl_sharing_config_valid(const sl_sharing_config *c, char *reason, size_t cap)
{
    const char *why = NULL;
    if (!c)
        why = "geen configuratie";
    else if (c->n_gemeenten > SL_SHARING_GEMEENTEN_MAX)
        why = "te veel gemeenten";
    else if (c->amvb_vanaf == SL_DATE_NONE)
        why = "de datum waarop de AMvB ingaat ontbreekt";
    else if (c->min_aantal < 1)
        why = "het kleinste getoonde aantal moet 1 of meer zijn";
    for (size_t i = 0; !why && i < c->n_gemeenten; i++)
        if (!four_digits(c->gemeenten[i], sizeof c->gemeenten[i]))
            why = "een gemeentecode heeft 4 cijfers";
    if (reason && cap)
        snprintf(reason, cap, "%s", why ? why : "");
    return why == NULL;
}

/* ---- the decision -------------------------------------------------------------------- */

static bool in_gemeenten(const sl_sharing_config *c, const char *code)
{
    if (!code)
        return false;
    size_t n = c->n_gemeenten < SL_SHARING_GEMEENTEN_MAX ? c->n_gemeenten
                                                         : SL_SHARING_GEMEENTEN_MAX;
    for (size_t i = 0; i < n; i++)
        if (strncmp(c->gemeenten[i], code, SL_GEMEENTE_CAP) == 0)
            return true;
    return false;
}

bool sl_doel_statutory(sl_doel d)
{
    return d == SL_DOEL_COORDINATIE || d == SL_DOEL_STATUSUITWISSELING ||
           d == SL_DOEL_SVIP_VERZOEK;
}

bool sl_share_statutory(const sl_sharing_config *c, const sl_share_subject *s, sl_date today)
{
    if (!c || !s || today == SL_DATE_NONE || c->amvb_vanaf == SL_DATE_NONE)
        return false;
    return s->open_trajectory && s->undecided_claim && in_gemeenten(c, s->gemeentecode) &&
           today >= c->amvb_vanaf;
}

/* Withheld-part texts: plain Dutch, read by staff and residents. */
static const char R_NIETS[] = "u heeft geen toegang tot dossiers";
static const char R_ROL_ORG[] = "uw rol en organisatie passen niet bij elkaar";
static const char R_DOEL[] = "dit doel is onbekend of hoort niet bij uw rol";
static const char R_TOTALEN[] = "u ziet alleen totalen, geen persoonsgegevens";
static const char R_LOGBOEK[] = "u ziet alleen het logboek, geen dossierinhoud";
static const char R_NIET_GEVONDEN[] = "dit adres hoort niet bij uw account";
static const char R_NIET_TOEGEWEZEN[] =
    "dit dossier is niet aan u toegewezen: u ziet alleen de dossiers die u coördineert of "
    "die bij het interventieteam zijn aangemeld";
static const char R_INGETROKKEN[] = "de bewoner heeft de toestemming ingetrokken";
static const char R_WACHT_OP_BEVESTIGING[] =
    "de toestemming is vastgelegd, maar een tweede medewerker moet haar nog bevestigen; "
    "tot dan wordt niets gedeeld";
static const char R_GEEN_GRONDSLAG_BUITEN[] =
    "geen grondslag: dit adres valt niet onder de wettelijke taak en de bewoner heeft "
    "geen toestemming gegeven voor dit doel";
static const char R_GEEN_GRONDSLAG_DOEL[] =
    "geen grondslag: de wettelijke taak dekt dit doel niet en de bewoner heeft geen "
    "toestemming gegeven voor dit doel";

static void withhold_all(sl_share_decision *out, const char *why)
{
    for (int p = 0; p < SL_DEEL_COUNT; p++)
        out->deel[p] = (sl_share_part){.shown = false, .grondslag = SL_GRONDSLAG_GEEN,
                                       .categories = 0, .reden = why};
}

static void show(sl_share_part *part, sl_share_part_id p, sl_grondslag g, unsigned cats)
{
    part->shown = true;
    part->grondslag = g;
    part->categories = cats & sl_share_part_categories(p);
    part->reden = "";
}

/* The other organisation's part, or any part for coordinator and
 * interventieteam: statutory first, then consent for this purpose. */
static void by_basis(sl_share_part *part, sl_share_part_id p, bool statutory, sl_doel doel,
                     sl_consent_state consent)
{
    if (statutory && sl_doel_statutory(doel)) {
        show(part, p, SL_GRONDSLAG_WETTELIJKE_TAAK, sl_doel_categories(doel));
        return;
    }
    if (consent == SL_CONSENT_GIVEN) {
        show(part, p, SL_GRONDSLAG_TOESTEMMING, sl_doel_categories(doel));
        return;
    }
    part->shown = false;
    part->grondslag = SL_GRONDSLAG_GEEN;
    part->categories = 0;
    if (consent == SL_CONSENT_WITHDRAWN)
        part->reden = R_INGETROKKEN;
    else if (consent == SL_CONSENT_PENDING)
        part->reden = R_WACHT_OP_BEVESTIGING;
    else if (statutory)
        part->reden = R_GEEN_GRONDSLAG_DOEL;
    else
        part->reden = R_GEEN_GRONDSLAG_BUITEN;
}

static bool linked(const sl_viewer *v, int64_t address_id)
{
    if (!v->adressen || address_id <= 0)
        return false;
    for (size_t i = 0; i < v->n_adressen; i++)
        if (v->adressen[i] == address_id)
            return true;
    return false;
}

/* The organisation whose part is the viewer's own, or -1 when the role's
 * organisation does not fit (deny). */
static int own_part(const sl_viewer *v)
{
    switch (v->role) {
    case SL_ROLE_ZAAKBEGELEIDER:
        return v->org == SL_ACCOUNT_ORG_IMG ? SL_DEEL_SCHADES : -1;
    case SL_ROLE_BEWONERSBEGELEIDER:
        return v->org == SL_ACCOUNT_ORG_NCG ? SL_DEEL_TRAJECT : -1;
    case SL_ROLE_SVIP:
        return v->org == SL_ACCOUNT_ORG_IMG   ? SL_DEEL_SCHADES
               : v->org == SL_ACCOUNT_ORG_NCG ? SL_DEEL_TRAJECT
                                              : -1;
    default:
        return -1;
    }
}

bool sl_share_decide(const sl_sharing_config *c, const sl_viewer *v, sl_doel doel,
                     const sl_share_subject *s, sl_consent_state consent, sl_date today,
                     sl_share_decision *out)
{
    if (!out)
        return false;
    memset(out, 0, sizeof *out);
    withhold_all(out, R_NIETS);
    if (!c || !v || !s || (unsigned)v->role >= SL_ROLE_COUNT)
        return false;
    if (consent != SL_CONSENT_GIVEN && consent != SL_CONSENT_WITHDRAWN &&
        consent != SL_CONSENT_PENDING)
        consent = SL_CONSENT_NONE;

    switch (v->role) {
    case SL_ROLE_MANAGEMENT:
    case SL_ROLE_GEMEENTE:
        withhold_all(out, R_TOTALEN);
        return false;
    case SL_ROLE_BEHEERDER:
        withhold_all(out, R_LOGBOEK);
        return false;
    case SL_ROLE_DATASTEWARD:
    case SL_ROLE_PLANNER:
    case SL_ROLE_COUNT:
        return false;
    case SL_ROLE_BEWONER:
        if (v->org != SL_ACCOUNT_ORG_NONE) {
            withhold_all(out, R_ROL_ORG);
            return false;
        }
        /* Existence of someone else's address is not told, whatever the purpose. */
        if (!linked(v, s->address_id)) {
            out->not_found = true;
            withhold_all(out, R_NIET_GEVONDEN);
            return false;
        }
        if (!sl_doel_fits_role(doel, v->role)) {
            withhold_all(out, R_DOEL);
            return false;
        }
        for (int p = 0; p < SL_DEEL_COUNT; p++)
            show(&out->deel[p], (sl_share_part_id)p, SL_GRONDSLAG_EIGEN_ADRES, SL_CAT_ALL);
        return true;
    case SL_ROLE_COORDINATOR:
    case SL_ROLE_INTERVENTIETEAM: {
        if (!sl_doel_fits_role(doel, v->role)) {
            withhold_all(out, R_DOEL);
            return false;
        }
        if (!s->assigned) {
            withhold_all(out, R_NIET_TOEGEWEZEN);
            return false;
        }
        bool statutory = sl_share_statutory(c, s, today);
        bool any = false;
        for (int p = 0; p < SL_DEEL_COUNT; p++) {
            by_basis(&out->deel[p], (sl_share_part_id)p, statutory, doel, consent);
            any |= out->deel[p].shown;
        }
        out->log = any;
        return any;
    }
    case SL_ROLE_ZAAKBEGELEIDER:
    case SL_ROLE_BEWONERSBEGELEIDER:
    case SL_ROLE_SVIP: {
        int own = own_part(v);
        if (own < 0) {
            withhold_all(out, R_ROL_ORG);
            return false;
        }
        if (!sl_doel_fits_role(doel, v->role)) {
            withhold_all(out, R_DOEL);
            return false;
        }
        int other = own == SL_DEEL_SCHADES ? SL_DEEL_TRAJECT : SL_DEEL_SCHADES;
        show(&out->deel[own], (sl_share_part_id)own, SL_GRONDSLAG_EIGEN_ORGANISATIE, SL_CAT_ALL);
        by_basis(&out->deel[other], (sl_share_part_id)other, sl_share_statutory(c, s, today),
                 doel, consent);
        out->log = v->role == SL_ROLE_SVIP || out->deel[other].shown;
        return true;
    }
    }
    return false;
}

/* ---- aggregates and the log --------------------------------------------------------- */

bool sl_share_may_see_aggregates(const sl_viewer *v, const char *gemeentecode)
{
    if (!v)
        return false;
    if (v->role == SL_ROLE_MANAGEMENT)
        return v->org == SL_ACCOUNT_ORG_NONE;
    if (v->role == SL_ROLE_GEMEENTE)
        return v->org == SL_ACCOUNT_ORG_NONE && gemeentecode && v->gemeentecode &&
               four_digits(v->gemeentecode, SL_GEMEENTE_CAP) &&
               strcmp(v->gemeentecode, gemeentecode) == 0;
    return false;
}

int64_t sl_share_count_shown(const sl_sharing_config *c, int64_t n)
{
    int32_t min = c && c->min_aantal > 0 ? c->min_aantal : 1;
    return n > 0 && n < min ? -1 : n;
}

bool sl_share_may_read_log(const sl_viewer *v, int64_t address_id)
{
    if (!v)
        return false;
    if (v->role == SL_ROLE_BEHEERDER)
        return v->org == SL_ACCOUNT_ORG_NONE;
    if (v->role == SL_ROLE_BEWONER)
        return v->org == SL_ACCOUNT_ORG_NONE && linked(v, address_id);
    return false;
}
