/*
 * termijn.c - the default term table and the evaluation of one term.
 */
#include "core/termijn.h"

#include <string.h>

/*
 * The shipped defaults. IMG's 182 days is its own target, not a statutory
 * term; the Awb terms are statutory (decision 124); the NCG step terms are
 * assumptions NCG has to set (decision 125): not fatal, not statutory.
 */
static const sl_termijn_def defaults[] = {
    {"img_beslistermijn", "IMG beslist binnen 182 dagen na ontvangst van de schademelding",
     "IMG", "ontvangen_op", "beschikking", 182, SL_UNIT_DAYS, false, false, SL_PARTIJ_OVERHEID,
     true, 30, SL_TERMIJN_REGELVERSIE, false},
    {"awb_bezwaartermijn", "Bezwaar maken kan tot zes weken na de beslissing (Awb 6:7)", "IMG",
     "beschikking", "bezwaar", 6, SL_UNIT_WEEKS, true, true, SL_PARTIJ_BEWONER, false, 7,
     SL_TERMIJN_REGELVERSIE, false},
    {"awb_beslistermijn_bezwaar",
     "Beslissing op bezwaar binnen zes weken na afloop van de bezwaartermijn (Awb 7:10)", "IMG",
     "einde_bezwaartermijn", "beslissing_op_bezwaar", 6, SL_UNIT_WEEKS, true, true,
     SL_PARTIJ_OVERHEID, true, 14, SL_TERMIJN_REGELVERSIE, false},
    {"ncg_stap_2_1", "NCG neemt het huis op (stap 2.1)", "NCG", "stap_2.1", "stap_3.1", 91,
     SL_UNIT_DAYS, false, false, SL_PARTIJ_OVERHEID, true, 14, SL_TERMIJN_REGELVERSIE, true},
    {"ncg_stap_3_1", "NCG beoordeelt het huis (stap 3.1)", "NCG", "stap_3.1", "stap_4.1", 91,
     SL_UNIT_DAYS, false, false, SL_PARTIJ_OVERHEID, true, 14, SL_TERMIJN_REGELVERSIE, true},
    {"ncg_stap_4_1", "NCG maakt het versterkingsadvies (stap 4.1)", "NCG", "stap_4.1",
     "stap_4.2", 182, SL_UNIT_DAYS, false, false, SL_PARTIJ_OVERHEID, true, 30,
     SL_TERMIJN_REGELVERSIE, true},
    {"ncg_stap_4_2", "NCG maakt het uitvoeringsplan (stap 4.2)", "NCG", "stap_4.2", "stap_5.1",
     91, SL_UNIT_DAYS, false, false, SL_PARTIJ_OVERHEID, true, 14, SL_TERMIJN_REGELVERSIE, true},
    {"ncg_stap_5_1", "NCG bereidt de bouw voor (stap 5.1)", "NCG", "stap_5.1", "stap_5.2", 182,
     SL_UNIT_DAYS, false, false, SL_PARTIJ_OVERHEID, true, 30, SL_TERMIJN_REGELVERSIE, true},
};

const sl_termijn_def *sl_termijn_defaults(size_t *n)
{
    *n = sizeof defaults / sizeof defaults[0];
    return defaults;
}

const sl_termijn_def *sl_termijn_default(const char *soort)
{
    for (size_t i = 0; soort && i < sizeof defaults / sizeof defaults[0]; i++)
        if (strcmp(defaults[i].soort, soort) == 0)
            return &defaults[i];
    return NULL;
}

const char *sl_partij_name(sl_partij p)
{
    return p == SL_PARTIJ_BEWONER ? "bewoner" : "overheid";
}

const char *sl_termijn_status_name(sl_termijn_status s)
{
    switch (s) {
    case SL_TERMIJN_LOPEND: return "lopend";
    case SL_TERMIJN_VERSTREKEN: return "verstreken";
    case SL_TERMIJN_GEHAALD: return "gehaald";
    case SL_TERMIJN_OPGESCHORT: return "opgeschort";
    }
    return "?";
}

/* The day after a suspension's last day: its `tot`, or the day after today while it lasts. */
static sl_date suspension_stop(const sl_opschorting *o, sl_date vandaag)
{
    return o->tot != SL_DATE_NONE ? o->tot : vandaag + 1;
}

/*
 * Moves `end` on by the suspended days inside the term (start, end], taking
 * the suspensions by their start so that one that begins inside an already
 * lengthened term still counts, and overlapping ones count each day once.
 */
static sl_date apply_suspensions(const sl_termijn_invoer *in, sl_date end, int32_t *added)
{
    sl_date covered = in->start + 1; /* days before this are not (or no longer) countable */
    sl_date last_van = SL_DATE_NONE;
    size_t last_idx = (size_t)-1;
    *added = 0;
    for (size_t done = 0; done < in->n_opschortingen; done++) {
        /* the next suspension by (van, index): n is small, no sort buffer needed */
        size_t pick = (size_t)-1;
        for (size_t i = 0; i < in->n_opschortingen; i++) {
            sl_date v = in->opschortingen[i].van;
            bool after_last = last_van == SL_DATE_NONE || v > last_van ||
                              (v == last_van && i > last_idx);
            if (after_last && (pick == (size_t)-1 || v < in->opschortingen[pick].van))
                pick = i;
        }
        const sl_opschorting *o = &in->opschortingen[pick];
        last_van = o->van;
        last_idx = pick;
        if (o->van > end)
            break;
        sl_date from = o->van > covered ? o->van : covered;
        sl_date stop = suspension_stop(o, in->vandaag);
        if (stop > from) {
            end += stop - from;
            *added += stop - from;
            covered = stop;
        }
    }
    return end;
}

static bool suspended_on(const sl_termijn_invoer *in, sl_date day)
{
    for (size_t i = 0; i < in->n_opschortingen; i++) {
        const sl_opschorting *o = &in->opschortingen[i];
        if (o->van <= day && day < suspension_stop(o, day))
            return true;
    }
    return false;
}

static bool check_input(const sl_termijn_invoer *in, const char **reason)
{
    if (in->start == SL_DATE_NONE || in->vandaag == SL_DATE_NONE) {
        *reason = in->start == SL_DATE_NONE ? "de startdatum van de termijn ontbreekt"
                                            : "de peildatum ontbreekt";
        return false;
    }
    for (size_t i = 0; i < in->n_opschortingen; i++) {
        const sl_opschorting *o = &in->opschortingen[i];
        if (o->van == SL_DATE_NONE || (o->tot != SL_DATE_NONE && o->tot < o->van)) {
            *reason = "een opschorting eindigt voordat zij begint";
            return false;
        }
    }
    for (size_t i = 0; i < in->n_verlengingen; i++)
        if (in->verlengingen[i] == SL_DATE_NONE || in->verlengingen[i] < in->start) {
            *reason = "een verlenging eindigt voor het begin van de termijn";
            return false;
        }
    return true;
}

bool sl_termijn_evalueer(const sl_calendar *cal, const sl_termijn_def *def,
                         const sl_termijn_invoer *in, sl_termijn_uitkomst *out,
                         const char **reason)
{
    const char *dummy;
    if (!reason)
        reason = &dummy;
    if (!check_input(in, reason))
        return false;
    sl_date end;
    if (in->n_verlengingen > 0) {
        end = in->verlengingen[in->n_verlengingen - 1];
    } else if (!sl_calendar_add(cal, in->start, def->lengte, def->eenheid, false, &end)) {
        *reason = "de lengte van de termijn is negatief of te groot";
        return false;
    }
    sl_termijn_uitkomst r = {0};
    if (def->opschortbaar && in->n_opschortingen > 0)
        end = apply_suspensions(in, end, &r.opgeschorte_dagen);
    if (def->wettelijk)
        end = sl_atw_stretch(cal, in->start, end, def->lengte, def->eenheid);
    r.einde = end;
    if (in->eind_gebeurtenis != SL_DATE_NONE)
        r.status = in->eind_gebeurtenis <= end ? SL_TERMIJN_GEHAALD : SL_TERMIJN_VERSTREKEN;
    else if (def->opschortbaar && suspended_on(in, in->vandaag))
        r.status = SL_TERMIJN_OPGESCHORT;
    else
        r.status = in->vandaag > end ? SL_TERMIJN_VERSTREKEN : SL_TERMIJN_LOPEND;
    r.dagen_resterend = (int32_t)((int64_t)end - in->vandaag);
    r.waarschuwing = r.status == SL_TERMIJN_LOPEND && r.dagen_resterend <= def->waarschuwing_dagen;
    *out = r;
    return true;
}

bool sl_termijn_claim(const sl_calendar *cal, const sl_termijn_def *def, const sl_claim *c,
                      sl_date vandaag, sl_date *eind_gebeurtenis, sl_termijn_uitkomst *out)
{
    if (c->ontvangen_op == SL_DATE_NONE)
        return false;
    sl_date decided = SL_DATE_NONE;
    if (c->fase == SL_FASE_BESCHIKKING || c->fase == SL_FASE_AFGEHANDELD)
        decided = c->fase_sinds != SL_DATE_NONE ? c->fase_sinds : vandaag;
    sl_termijn_invoer in = {.start = c->ontvangen_op, .eind_gebeurtenis = decided,
                            .vandaag = vandaag};
    if (eind_gebeurtenis)
        *eind_gebeurtenis = decided;
    return sl_termijn_evalueer(cal, def, &in, out, NULL);
}
