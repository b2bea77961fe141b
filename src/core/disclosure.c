/*
 * disclosure.c - what a signal gives away, and how much of it one viewer may
 * see (see disclosure.h).
 */
#include "core/disclosure.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const char SL_SIGNAL_NEUTRAL_TEXT[] =
    "Er is ook een traject bij de andere organisatie. Vraag de bewoner om toestemming om "
    "samen te werken; zonder toestemming of wettelijke grondslag ziet u daarvan niets.";

static const char NEUTRAL_STANDAARDCHECK[] =
    "Standaardcheck voor het versterkingsadvies: vraag de bewoner of er schade is gemeld bij "
    "IMG, en om toestemming om die gegevens samen te bekijken.";

static const char NEUTRAL_AANNEMER[] =
    "Bij werk aan de woning is schade gevonden. Neem contact op met de bewoner om de schade "
    "bij IMG te melden, zodat de bewoner dat niet zelf hoeft te doen.";

static const char NEUTRAL_INGETROKKEN[] =
    "De bewoner heeft de toestemming om gegevens te delen ingetrokken. U ziet de gegevens van "
    "de andere organisatie niet meer, tenzij de wettelijke taak geldt.";

#define S SL_DEEL_SCHADES
#define T SL_DEEL_TRAJECT

/*
 * Rules 1, 2, 4 and 9 say, without a basis, no more than that the other body
 * has a case here (rule 4's number is NCG's own step): they have a neutral
 * text. Rule 7 is the contractor's damage report, made to be handed to IMG:
 * its neutral text names the damage and not the construction. The numbers of
 * rules 3, 5, 6 and 8 give away a phase, an AOS, an urgency or a standstill
 * of the other body: without a basis they are not shown.
 */
void sl_signal_reveals(int32_t regel, const char *variant, sl_signal_reveal *out)
{
    memset(out, 0, sizeof *out);
    switch (regel) {
    case 1: /* a claim and a trajectory now both exist */
        out->cats[S] = SL_CAT_ID;
        out->cats[T] = SL_CAT_ID;
        out->neutral = SL_SIGNAL_NEUTRAL_TEXT;
        return;
    case 2: /* a new claim on an address in NCG's work stock */
        out->cats[S] = SL_CAT_ID | SL_CAT_DATUMS;
        out->cats[T] = SL_CAT_STATUS;
        out->neutral = SL_SIGNAL_NEUTRAL_TEXT;
        return;
    case 3: /* group B: NCG plans the inspection, IMG's claim is being prepared */
        out->cats[S] = SL_CAT_STATUS;
        out->cats[T] = SL_CAT_STATUS;
        return;
    case 4: /* step 4.1, with or without claims */
        out->cats[S] = SL_CAT_ID | (variant && strcmp(variant, "zonder_schades") == 0
                                        ? 0u
                                        : (unsigned)SL_CAT_STATUS);
        out->cats[T] = SL_CAT_STATUS;
        out->neutral = NEUTRAL_STANDAARDCHECK;
        return;
    case 5: /* an AOS claim found justified */
        out->cats[S] = SL_CAT_STATUS | SL_CAT_KENMERKEN;
        return;
    case 6: /* IMG urgent and NCG special situation */
        out->cats[S] = SL_CAT_STATUS | SL_CAT_KENMERKEN;
        out->cats[T] = SL_CAT_STATUS | SL_CAT_KENMERKEN;
        return;
    case 7: /* the contractor found damage during construction (step 5.2); the report is
             * made for IMG, so its neutral form says only that damage was found */
        out->cats[T] = SL_CAT_STATUS;
        out->neutral = NEUTRAL_AANNEMER;
        return;
    case 8: /* both open and nothing changed for a year */
        out->cats[S] = SL_CAT_STATUS | SL_CAT_DATUMS;
        out->cats[T] = SL_CAT_STATUS | SL_CAT_DATUMS;
        return;
    case 9: /* the resident withdrew a consent: the resident's act, no case facts */
        out->neutral = NEUTRAL_INGETROKKEN;
        return;
    case 11: /* a term nearing its end, missed, a penalty running: one body's dates */
    case 12: /* (the signal itself narrows this to its addressees' body: signal_reveals) */
    case 13:
    case 14: /* an escalation: a standstill or missed terms, like rule 8 */
        out->cats[S] = SL_CAT_STATUS | SL_CAT_DATUMS;
        out->cats[T] = SL_CAT_STATUS | SL_CAT_DATUMS;
        return;
    default: /* a rule this table does not know: about both tracks, never neutral */
        out->cats[S] = SL_CAT_ID | SL_CAT_STATUS;
        out->cats[T] = SL_CAT_ID | SL_CAT_STATUS;
        return;
    }
}

#undef S
#undef T

int sl_addressee_part(const sl_addressee *a)
{
    return a->org == SL_ORG_IMG ? SL_DEEL_SCHADES : a->org == SL_ORG_NCG ? SL_DEEL_TRAJECT : -1;
}

/*
 * What one raised signal gives away. A term signal (rules 11-13) is about the
 * term of the body it is addressed to (decision 186): it tells nothing of the
 * other body's part, so only its addressees' body counts.
 */
static void signal_reveals(const sl_signal *s, sl_signal_reveal *out)
{
    sl_signal_reveals(s->regel, s->variant, out);
    if (s->regel < 11 || s->regel > 13)
        return;
    bool body[SL_DEEL_COUNT] = {false};
    bool any = false;
    for (size_t i = 0; i < s->n_aan; i++) {
        int p = sl_addressee_part(&s->aan[i]);
        if (p >= 0)
            body[p] = any = true;
    }
    for (int p = 0; any && p < SL_DEEL_COUNT; p++)
        if (!body[p])
            out->cats[p] = 0;
}

static bool own_basis(sl_grondslag g)
{
    return g == SL_GRONDSLAG_EIGEN_ORGANISATIE;
}

void sl_signal_cut_decide(const sl_viewer *v, const sl_share_decision *d, const sl_signal *s,
                          sl_signal_cut *out)
{
    memset(out, 0, sizeof *out);
    out->form = SL_SIGNAL_HIDDEN;
    out->reden = "";
    if (!v || !d || !s || v->role == SL_ROLE_BEWONER || d->not_found)
        return;
    sl_signal_reveal rv;
    signal_reveals(s, &rv);
    bool own = false, any = false, full = true;
    for (int p = 0; p < SL_DEEL_COUNT; p++) {
        const sl_share_part *part = &d->deel[p];
        own |= part->shown && own_basis(part->grondslag);
        any |= part->shown;
        out->persoon[p] = part->shown && (part->categories & SL_CAT_CONTACT);
        if (rv.cats[p] && (!part->shown || (rv.cats[p] & ~part->categories))) {
            full = false;
            if (!out->reden[0])
                out->reden = part->reden && part->reden[0] ? part->reden
                                                           : "geen grondslag voor dit doel";
        }
    }
    if (!any)
        return;
    if (full)
        out->form = SL_SIGNAL_FULL;
    else if (own && rv.neutral)
        out->form = SL_SIGNAL_NEUTRAL;
    else
        return;
    if (out->form == SL_SIGNAL_FULL)
        out->reden = "";
    /* what crosses the boundary: the rule's facts (in full) and any person shown */
    for (int p = 0; p < SL_DEEL_COUNT; p++) {
        if (!d->deel[p].shown || own_basis(d->deel[p].grondslag))
            continue;
        unsigned cats = out->form == SL_SIGNAL_FULL ? rv.cats[p] : 0;
        for (size_t i = 0; i < s->n_aan; i++)
            if (sl_addressee_part(&s->aan[i]) == p && s->aan[i].persoon[0] && out->persoon[p])
                cats |= SL_CAT_CONTACT;
        out->across[p] = cats;
    }
}

void sl_signal_apply_cut(const sl_signal_cut *cut, const char *self, sl_signal *s)
{
    if (cut->form == SL_SIGNAL_HIDDEN)
        return;
    for (size_t i = 0; i < s->n_aan; i++) {
        int p = sl_addressee_part(&s->aan[i]);
        if (p >= 0 && !cut->persoon[p])
            s->aan[i].persoon[0] = '\0';
    }
    if (cut->form != SL_SIGNAL_NEUTRAL)
        return;
    sl_signal_reveal rv;
    signal_reveals(s, &rv);
    snprintf(s->tekst, sizeof s->tekst, "%s", rv.neutral ? rv.neutral : "");
    s->variant[0] = '\0';
    if (!self || strcasecmp(s->gewijzigd_door, self) != 0) {
        s->gewijzigd_door[0] = '\0';
        s->gewijzigd_op[0] = '\0';
        s->reden[0] = '\0';
    }
}
