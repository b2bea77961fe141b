/*
 * signal_rules.c - the signal rules of SPEC §4.3: their names, the default
 * table, checking a table an administrator wants to activate, and deciding
 * which rules a change to one address raises.
 *
 * The rules are data passed in, never a global, for the same reason as the
 * collaboration matrix: the store keeps several versions and every signal
 * names the version that raised it. Evaluation looks only at the edge
 * (before -> after) so that a delivery that repeats a known state raises
 * nothing; de-duplicating against open signals is the caller's job.
 */
#include "core/signal_rules.h"

#include <stdio.h>
#include <string.h>

#include "core/values.h"

/* Hard caps for a rule set an administrator activates. A due period over a
 * year or a "still" period over ten years is a typing error, not a policy. */
#define TERMIJN_MAX 365
#define PARAMETER_MAX 3650

/* ---- names --------------------------------------------------------------- */

static const char *const trigger_names[SL_TRIGGER_COUNT] = {
    [SL_TRIGGER_COMBINATIEDOSSIER] = "combinatiedossier",
    [SL_TRIGGER_SCHADE_NIEUW] = "schade_nieuw",
    [SL_TRIGGER_GROEP_B] = "groep_b",
    [SL_TRIGGER_STAP_4_1] = "stap_4_1",
    [SL_TRIGGER_AOS_GEGROND] = "aos_gegrond",
    [SL_TRIGGER_URGENT_BIJZONDER] = "urgent_bijzonder",
    [SL_TRIGGER_TOESTEMMING_INGETROKKEN] = "toestemming_ingetrokken",
    [SL_TRIGGER_AANNEMER_SCHADE] = "aannemer_schade",
    [SL_TRIGGER_STIL] = "stil",
    [SL_TRIGGER_OPNAME_GEPLAND] = "opname_gepland",
    [SL_TRIGGER_TERMIJN_NADERT] = "termijn_nadert",
    [SL_TRIGGER_TERMIJN_VERSTREKEN] = "termijn_verstreken",
    [SL_TRIGGER_DWANGSOM_LOOPT] = "dwangsom_loopt",
    [SL_TRIGGER_ESCALATIE] = "escalatie",
};

static const char *const condition_names[SL_COND_COUNT] = {
    [SL_COND_GEEN] = "",
    [SL_COND_MET_SCHADES] = "met_schades",
    [SL_COND_ZONDER_SCHADES] = "zonder_schades",
    [SL_COND_NIET_GEWEIGERD] = "niet_geweigerd",
};

/* Addressee words in bit order: the canonical list is this order. */
static const char *const aan_names[] = {
    "svip_img", "svip_ncg", "zaakbegeleider", "bewonersbegeleider", "coordinator",
    "interventieteam",
};
_Static_assert(sizeof aan_names / sizeof aan_names[0] == 6, "one name per SL_AAN_* bit");
_Static_assert(SL_AAN_ALL == (1u << 6) - 1, "SL_AAN_ALL covers exactly the named bits");

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/* ASCII case-insensitive comparison of (s, len) with a NUL-terminated word;
 * table words are lower case, so only the input is folded. */
static bool eq_word(const char *s, size_t len, const char *word)
{
    size_t wlen = strlen(word);
    if (len != wlen)
        return false;
    for (size_t i = 0; i < len; i++)
        if (lower((unsigned char)s[i]) != (unsigned char)word[i])
            return false;
    return true;
}

/* Finds (s, len), trimmed, among names[0..n); -1 when absent. */
static int find_name(const char *const *names, size_t n, const char *s, size_t len)
{
    if (!s)
        len = 0;
    sl_trim(&s, &len);
    for (size_t i = 0; i < n; i++)
        if (eq_word(s, len, names[i]))
            return (int)i;
    return -1;
}

const char *sl_trigger_name(sl_trigger t)
{
    return (unsigned)t < SL_TRIGGER_COUNT ? trigger_names[t] : NULL;
}

bool sl_trigger_parse(const char *s, size_t len, sl_trigger *out)
{
    int i = find_name(trigger_names, SL_TRIGGER_COUNT, s, len);
    if (i < 0)
        return false;
    if (out)
        *out = (sl_trigger)i;
    return true;
}

const char *sl_condition_name(sl_condition c)
{
    return (unsigned)c < SL_COND_COUNT ? condition_names[c] : NULL;
}

bool sl_condition_parse(const char *s, size_t len, sl_condition *out)
{
    /* The empty cell is the canonical "no condition" (its name is ""), so an
     * empty or blank cell parses; "geen" is accepted as a readable synonym. */
    if (!s)
        len = 0;
    sl_trim(&s, &len);
    int i = find_name(condition_names, SL_COND_COUNT, s, len);
    if (i < 0 && eq_word(s, len, "geen"))
        i = SL_COND_GEEN;
    if (i < 0)
        return false;
    if (out)
        *out = (sl_condition)i;
    return true;
}

bool sl_addressees_parse(const char *s, size_t len, unsigned *out)
{
    if (!s)
        len = 0;
    unsigned aan = 0;
    size_t start = 0;
    /* Every comma-separated item must be a known word: an empty item
     * ("a,,b", a trailing comma) is a typing error, not "nobody". */
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != ',')
            continue;
        int k = find_name(aan_names, sizeof aan_names / sizeof aan_names[0], s + start,
                          i - start);
        if (k < 0)
            return false;
        aan |= 1u << k;
        start = i + 1;
    }
    if (aan == 0)
        return false;
    if (out)
        *out = aan;
    return true;
}

void sl_addressees_format(unsigned aan, char *buf, size_t cap)
{
    if (!buf || cap == 0)
        return;
    buf[0] = '\0';
    size_t used = 0;
    for (size_t k = 0; k < sizeof aan_names / sizeof aan_names[0]; k++) {
        if (!(aan & (1u << k)))
            continue;
        /* snprintf truncates safely when cap is short; stop once full. */
        int w = snprintf(buf + used, cap - used, "%s%s", used ? "," : "", aan_names[k]);
        if (w < 0 || (size_t)w >= cap - used)
            return;
        used += (size_t)w;
    }
}

/* ---- defaults ------------------------------------------------------------ */

/* Both SVIPs and the staff assigned on either side. */
#define ALLE_VIER                                                                        \
    (SL_AAN_SVIP_IMG | SL_AAN_SVIP_NCG | SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER)

/* SPEC §4.3 rules 1-9, texts in plain Dutch (B1) to the professional. The
 * coordinator, where the resident has one, also gets the rules about working
 * together (3), a stuck dossier (8) and withdrawn consent (9): decision 164.
 * Rule 7 fires on the contractor's damage report (service/record_update.c),
 * rule 9 on the consent service's event (service/consent.c). */
static const sl_signal_rule default_rules[] = {
    {1, "", SL_TRIGGER_COMBINATIEDOSSIER, SL_COND_GEEN, ALLE_VIER, 10, 0,
     "Dit adres heeft nu een schademelding bij IMG én een versterkingstraject bij NCG. "
     "Neem contact op met uw buddy bij de andere organisatie."},
    {2, "", SL_TRIGGER_SCHADE_NIEUW, SL_COND_GEEN, SL_AAN_BEWONERSBEGELEIDER, 10, 0,
     "Er is een nieuwe schademelding gedaan op een adres in de werkvoorraad van NCG. "
     "Houd hier rekening mee in de planning en in het advies."},
    {3, "", SL_TRIGGER_GROEP_B, SL_COND_NIET_GEWEIGERD, ALLE_VIER | SL_AAN_COORDINATOR, 14, 0,
     "Een gezamenlijke opname is mogelijk: NCG plant de opname en de schademelding bij IMG "
     "is in voorbereiding of opname. Stel de bewoner één gezamenlijke opname voor."},
    {4, "met_schades", SL_TRIGGER_STAP_4_1, SL_COND_MET_SCHADES, SL_AAN_BEWONERSBEGELEIDER, 10,
     0,
     "Standaardcheck voor het versterkingsadvies: neemt u herstel van de schade mee? "
     "Bekijk de open en afgehandelde schademeldingen van dit adres."},
    {4, "zonder_schades", SL_TRIGGER_STAP_4_1, SL_COND_ZONDER_SCHADES,
     SL_AAN_BEWONERSBEGELEIDER, 10, 0,
     "Er is geen schademelding bekend op dit adres. Adviseer de bewoner om schade nu te "
     "melden, voordat het versterkingsadvies klaar is."},
    {5, "", SL_TRIGGER_AOS_GEGROND, SL_COND_GEEN, SL_AAN_SVIP_NCG, 10, 0,
     "Een acuut onveilige situatie (AOS) is gegrond verklaard. Meld het adres aan voor de "
     "werkvoorraad van NCG; dat kan alleen met een wettelijke grondslag of met toestemming "
     "van de bewoner."},
    {6, "", SL_TRIGGER_URGENT_BIJZONDER, SL_COND_GEEN,
     SL_AAN_SVIP_IMG | SL_AAN_SVIP_NCG | SL_AAN_COORDINATOR, 2, 0,
     "Urgent combinatiedossier: de schademelding is urgent bij IMG en NCG heeft een "
     "bijzondere situatie. Stem de aanpak nu samen af."},
    {7, "", SL_TRIGGER_AANNEMER_SCHADE, SL_COND_GEEN, SL_AAN_SVIP_IMG | SL_AAN_ZAAKBEGELEIDER, 5,
     0,
     "De aannemer heeft tijdens de versterking (stap 5.2) schade gevonden aan de woning. "
     "Meld deze schade voor de bewoner bij IMG, zodat de bewoner dat niet zelf hoeft te doen."},
    {8, "", SL_TRIGGER_STIL, SL_COND_GEEN, SL_AAN_INTERVENTIETEAM | SL_AAN_COORDINATOR, 20,
     365,
     "Beide processen lopen en er is al meer dan een jaar niets veranderd in de schademelding "
     "of het traject. Beoordeel of het interventieteam dit dossier oppakt."},
    {9, "", SL_TRIGGER_TOESTEMMING_INGETROKKEN, SL_COND_GEEN,
     SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER | SL_AAN_COORDINATOR, 2, 0,
     "De bewoner heeft de toestemming om gegevens te delen ingetrokken. U ziet de gegevens "
     "van de andere organisatie niet meer, tenzij de wettelijke taak geldt. Stem met uw "
     "buddy af hoe u de bewoner verder helpt."},
    /* issue 14, decision 157: the text is the one migration 0015 adds to older registers */
    {10, "", SL_TRIGGER_OPNAME_GEPLAND, SL_COND_GEEN,
     SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER, 5, 0,
     "De gezamenlijke opname is gepland: IMG en NCG komen op dezelfde dag of kort na elkaar. "
     "Stem de opname met elkaar en met de bewoner af."},
    /* issue 13, decisions 186-190: the texts are the ones migration 0017 adds to older
     * registers. The addressees are cut to the body whose term it is (termijn_signaal.h). */
    {11, "", SL_TRIGGER_TERMIJN_NADERT, SL_COND_GEEN,
     SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER, 7, 0,
     "Een termijn op dit adres loopt binnenkort af. Zorg dat het besluit of de stap op tijd "
     "klaar is. Is het een termijn van de bewoner, zoals de bezwaartermijn? Vertel de bewoner "
     "tot wanneer hij nog kan reageren."},
    {12, "", SL_TRIGGER_TERMIJN_VERSTREKEN, SL_COND_GEEN,
     SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER, 7, 0,
     "Een termijn van uw organisatie op dit adres is verstreken zonder dat het besluit of de "
     "stap er is. Rond het zo snel mogelijk af en laat de bewoner weten wanneer."},
    {13, "", SL_TRIGGER_DWANGSOM_LOOPT, SL_COND_GEEN,
     SL_AAN_ZAAKBEGELEIDER | SL_AAN_BEWONERSBEGELEIDER, 7, 0,
     "De bewoner heeft uw organisatie in gebreke gesteld en er is na twee weken nog niet "
     "beslist. Er loopt nu elke dag een dwangsom. Beslis zo snel mogelijk."},
    {14, "", SL_TRIGGER_ESCALATIE, SL_COND_GEEN, SL_AAN_INTERVENTIETEAM | SL_AAN_COORDINATOR,
     10, 0,
     "Dit dossier is aangemeld bij het interventieteam: het zit vast of een termijn is twee "
     "keer gemist. Neem de zaak in behandeling en spreek af wie wat doet."},
};
_Static_assert(sizeof default_rules / sizeof default_rules[0] <= SL_RULES_MAX,
               "the defaults fit a rule set");

void sl_signal_rules_default(sl_ruleset *rs)
{
    memset(rs, 0, sizeof *rs);
    rs->version = 1;
    rs->n = sizeof default_rules / sizeof default_rules[0];
    memcpy(rs->rules, default_rules, sizeof default_rules);
}

/* ---- validation ---------------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at p (at most n bytes), 0 when
 * malformed: overlong forms, surrogates and code points past U+10FFFF are
 * refused so that a text is safe for JSON, HTML and e-mail as it stands. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    size_t k;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        k = 2;
        cp = c & 0x1fu;
    } else if (c >= 0xe0 && c <= 0xef) {
        k = 3;
        cp = c & 0x0fu;
    } else if (c >= 0xf0 && c <= 0xf4) {
        k = 4;
        cp = c & 0x07u;
    } else {
        return 0;
    }
    if (n < k)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3fu);
    }
    if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return k;
}

/* A rule text: NUL-terminated within its field, valid UTF-8, no control
 * characters (a text ends up in single-line logs and CSV exports), and not
 * blank. Returns a Dutch reason or NULL. */
static const char *text_problem(const char *t, size_t cap)
{
    const char *end = memchr(t, '\0', cap);
    if (!end)
        return "tekst is te lang";
    size_t len = (size_t)(end - t);
    bool visible = false;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x20 || c == 0x7f)
            return "tekst bevat een stuurteken";
        size_t k = utf8_len((const unsigned char *)t + i, len - i);
        if (k == 0)
            return "tekst is geen geldige UTF-8";
        if (c != ' ')
            visible = true;
        i += k;
    }
    return visible ? NULL : "tekst is leeg";
}

/* A variant is a short identifier ("", "met_schades"): it keys open signals. */
static const char *variant_problem(const char *v, size_t cap)
{
    const char *end = memchr(v, '\0', cap);
    if (!end)
        return "variant is te lang";
    for (const char *p = v; p < end; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return "variant mag alleen kleine letters, cijfers en '_' bevatten";
    return NULL;
}

/* Writes "regel N[/variant]: why" into reason; the variant is printed only
 * after it has been found NUL-terminated. */
static bool fail_rule(char *reason, size_t cap, const sl_signal_rule *r, bool variant_ok,
                      const char *why)
{
    if (reason && cap > 0) {
        if (variant_ok && r->variant[0])
            snprintf(reason, cap, "regel %d/%s: %s", (int)r->regel, r->variant, why);
        else
            snprintf(reason, cap, "regel %d: %s", (int)r->regel, why);
    }
    return false;
}

static bool fail(char *reason, size_t cap, const char *why)
{
    if (reason && cap > 0)
        snprintf(reason, cap, "%s", why);
    return false;
}

bool sl_ruleset_valid(const sl_ruleset *rs, char *reason, size_t cap)
{
    if (reason && cap > 0)
        reason[0] = '\0';
    if (!rs)
        return fail(reason, cap, "geen regelset");
    if (rs->version < 1)
        return fail(reason, cap, "versie moet 1 of hoger zijn");
    if (rs->n > SL_RULES_MAX) {
        if (reason && cap > 0)
            snprintf(reason, cap, "te veel regels: %zu, hoogstens %d", rs->n, SL_RULES_MAX);
        return false;
    }
    /* An empty set would silently stop every signal; that is never what an
     * administrator means by activating a table. */
    if (rs->n == 0)
        return fail(reason, cap, "de regelset bevat geen regels");
    for (size_t i = 0; i < rs->n; i++) {
        const sl_signal_rule *r = &rs->rules[i];
        const char *why;
        if (r->regel < 1)
            return fail_rule(reason, cap, r, false, "regelnummer moet 1 of hoger zijn");
        if ((why = variant_problem(r->variant, sizeof r->variant)) != NULL)
            return fail_rule(reason, cap, r, false, why);
        if ((unsigned)r->trigger >= SL_TRIGGER_COUNT)
            return fail_rule(reason, cap, r, true, "onbekende trigger");
        if ((unsigned)r->conditie >= SL_COND_COUNT)
            return fail_rule(reason, cap, r, true, "onbekende conditie");
        if (r->aan == 0)
            return fail_rule(reason, cap, r, true, "geen geadresseerden");
        if (r->aan & ~(unsigned)SL_AAN_ALL)
            return fail_rule(reason, cap, r, true, "onbekende geadresseerde");
        if (r->termijn_dagen <= 0 || r->termijn_dagen > TERMIJN_MAX)
            return fail_rule(reason, cap, r, true,
                             "termijn_dagen moet van 1 tot en met 365 zijn");
        if (r->trigger == SL_TRIGGER_STIL) {
            if (r->parameter_dagen <= 0 || r->parameter_dagen > PARAMETER_MAX)
                return fail_rule(reason, cap, r, true,
                                 "parameter_dagen moet van 1 tot en met 3650 zijn");
        } else if (r->parameter_dagen != 0) {
            return fail_rule(reason, cap, r, true,
                             "parameter_dagen geldt alleen voor trigger stil en moet 0 zijn");
        }
        if ((why = text_problem(r->tekst, sizeof r->tekst)) != NULL)
            return fail_rule(reason, cap, r, true, why);
        /* (regel, variant) names the rule in open signals: it must be unique. */
        for (size_t j = 0; j < i; j++)
            if (rs->rules[j].regel == r->regel && strcmp(rs->rules[j].variant, r->variant) == 0)
                return fail_rule(reason, cap, r, true, "komt twee keer voor");
    }
    return true;
}

/* ---- evaluation ---------------------------------------------------------- */

/* A claim counted open is a claim, whatever the total says (as in classify.c). */
static bool has_claim(const sl_dossier_view *v)
{
    return v->claims_total > 0 || v->claims_open > 0;
}

static bool is_combinatiedossier(const sl_dossier_view *v)
{
    return v->has_trajectory && has_claim(v);
}

static bool open_trajectory(const sl_dossier_view *v)
{
    return v->has_trajectory && sl_stap_open(v->stap);
}

static bool at_4_1(const sl_dossier_view *v)
{
    return v->has_trajectory && v->stap == SL_STAP_4_1;
}

/* "bijzondere situatie" is a property of the trajectory: without one the
 * flag means nothing, so both halves need a trajectory to be present. */
static bool urgent_bijzonder(const sl_dossier_view *v)
{
    return v->claims_open_urgent > 0 && v->has_trajectory &&
           v->bijzondere_situatie == SL_FLAG_JA;
}

static bool triggered(sl_trigger t, const sl_dossier_change *ch)
{
    const sl_dossier_view *b = &ch->before, *a = &ch->after;
    switch (t) {
    case SL_TRIGGER_COMBINATIEDOSSIER:
        return is_combinatiedossier(a) && !is_combinatiedossier(b);
    case SL_TRIGGER_SCHADE_NIEUW:
        return ch->new_claims > 0 && open_trajectory(a);
    case SL_TRIGGER_GROEP_B:
        return a->groep == SL_GROEP_B && b->groep != SL_GROEP_B;
    case SL_TRIGGER_STAP_4_1:
        return at_4_1(a) && !at_4_1(b);
    case SL_TRIGGER_AOS_GEGROND:
        return a->claims_aos_gegrond > b->claims_aos_gegrond;
    case SL_TRIGGER_URGENT_BIJZONDER:
        return urgent_bijzonder(a) && !urgent_bijzonder(b);
    case SL_TRIGGER_TOESTEMMING_INGETROKKEN:
        return ch->consent_withdrawn;
    case SL_TRIGGER_AANNEMER_SCHADE:
        /* construction is step 5.2: a report about any other step is not rule 7 */
        return ch->contractor_damage && a->has_trajectory && a->stap == SL_STAP_5_2;
    case SL_TRIGGER_OPNAME_GEPLAND:
        return ch->joint_inspection;
    case SL_TRIGGER_STIL: /* a state over time, tested by sl_dossier_still */
    case SL_TRIGGER_TERMIJN_NADERT: /* the terms' sweep raises 11-14 (termijn_signaal.h) */
    case SL_TRIGGER_TERMIJN_VERSTREKEN:
    case SL_TRIGGER_DWANGSOM_LOOPT:
    case SL_TRIGGER_ESCALATIE:
    case SL_TRIGGER_COUNT:
        break;
    }
    return false;
}

static bool condition_holds(sl_condition c, const sl_dossier_view *a)
{
    switch (c) {
    case SL_COND_GEEN:
        return true;
    case SL_COND_MET_SCHADES:
        return has_claim(a);
    case SL_COND_ZONDER_SCHADES:
        return !has_claim(a);
    case SL_COND_NIET_GEWEIGERD:
        return !a->opname_geweigerd;
    case SL_COND_COUNT:
        break;
    }
    /* An unknown condition never holds: better no signal than a wrong one. */
    return false;
}

size_t sl_signals_fire(const sl_ruleset *rs, const sl_dossier_change *ch,
                       const sl_signal_rule **fired, size_t cap)
{
    if (!rs || !ch)
        return 0;
    if (!fired)
        cap = 0;
    size_t n = rs->n < SL_RULES_MAX ? rs->n : SL_RULES_MAX;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        const sl_signal_rule *r = &rs->rules[i];
        if (!triggered(r->trigger, ch) || !condition_holds(r->conditie, &ch->after))
            continue;
        /* Count past cap so the caller can tell it missed some. */
        if (count < cap)
            fired[count] = r;
        count++;
    }
    return count;
}

bool sl_signal_rule_holds(const sl_signal_rule *r, const sl_dossier_view *now,
                          const char **reason)
{
    static const char *const lapsed[SL_COND_COUNT] = {
        [SL_COND_GEEN] = "",
        [SL_COND_MET_SCHADES] = "Vervallen: er is geen schademelding meer op dit adres.",
        [SL_COND_ZONDER_SCHADES] = "Vervallen: er is nu een schademelding bekend op dit adres.",
        [SL_COND_NIET_GEWEIGERD] =
            "Vervallen: de bewoner heeft de gezamenlijke opname afgewezen.",
    };
    if (!r || !now || (unsigned)r->conditie >= SL_COND_COUNT || condition_holds(r->conditie, now))
        return true;
    if (reason)
        *reason = lapsed[r->conditie];
    return false;
}

bool sl_dossier_still(const sl_dossier_view *v, sl_date last_change, sl_date today,
                      int32_t period_days)
{
    if (!v || last_change == SL_DATE_NONE || today == SL_DATE_NONE)
        return false;
    if (!open_trajectory(v) || v->claims_open <= 0)
        return false;
    /* 64-bit: two far-apart int32 day numbers must not overflow. */
    return (int64_t)today - (int64_t)last_change > (int64_t)period_days;
}

const sl_signal_rule *sl_ruleset_rule_of(const sl_ruleset *rs, int32_t regel, const char *variant)
{
    const sl_signal_rule *plain = NULL;
    for (size_t i = 0; i < rs->n && i < SL_RULES_MAX; i++) {
        const sl_signal_rule *r = &rs->rules[i];
        if (r->regel != regel)
            continue;
        if (strcmp(r->variant, variant) == 0)
            return r;
        if (!r->variant[0])
            plain = r;
    }
    return plain;
}
