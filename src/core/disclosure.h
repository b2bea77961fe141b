/*
 * disclosure.h - the pure half of the disclosure gate (service/disclosure.h):
 * given a sharing decision (core/sharing.h), what of a piece of data that
 * mixes both bodies may be shown to one viewer, and which categories of the
 * other body's part that shows across the boundary (what the processing log
 * must name).
 *
 * Today that is signals: a signal's rule number, variant, text and
 * addressees say things about both bodies' cases. Each rule is described
 * once (sl_signal_reveals): the categories of each part that its number,
 * variant and text give away, and the neutral text a viewer may see without a
 * basis (NULL: nothing at all, because the rule's number alone would tell).
 * A viewer sees a signal
 *  - in full when every part the rule reveals is shown to them with those
 *    categories (their own organisation's part always is);
 *  - neutrally (the neutral text, no variant, no other-body person, no
 *    transition by others) when the rule has a neutral text and the viewer
 *    has an own part (a case worker or SVIP of one body);
 *  - not at all otherwise: a resident never (signals are staff work; the
 *    dossier explains in plain language instead), a coordinator or the
 *    interventieteam without a basis for the dossier.
 * Addressee person names are the other body's contact data: shown only when
 * that body's part is shown with SL_CAT_CONTACT.
 */
#ifndef SL_CORE_DISCLOSURE_H
#define SL_CORE_DISCLOSURE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/sharing.h"
#include "core/signal.h"

/* What the rule number, variant and text of a signal give away. */
typedef struct sl_signal_reveal {
    unsigned cats[SL_DEEL_COUNT]; /* SL_CAT_* of each part */
    const char *neutral;          /* the text without a basis; NULL: not shown then */
} sl_signal_reveal;

/* The neutral text of rules that only say "the other body has a case here". */
extern const char SL_SIGNAL_NEUTRAL_TEXT[];

/* Per rule (SPEC §4.3 numbers). An unknown rule reveals the id and status of
 * both tracks and has no neutral text: shown only with a basis for both. */
void sl_signal_reveals(int32_t regel, const char *variant, sl_signal_reveal *out);

typedef enum sl_signal_form {
    SL_SIGNAL_HIDDEN,  /* not shown at all */
    SL_SIGNAL_NEUTRAL, /* shown without the other body's facts */
    SL_SIGNAL_FULL,    /* shown as raised */
} sl_signal_form;

typedef struct sl_signal_cut {
    sl_signal_form form;
    /* Per part, the categories shown across the boundary (not the viewer's own
     * organisation's part): what the processing log names. 0 for none. */
    unsigned across[SL_DEEL_COUNT];
    /* Whether the person named in addressees of a part's body may be shown. */
    bool persoon[SL_DEEL_COUNT];
    /* The withheld reason (neutral form): the first withheld part's reason. */
    const char *reden;
} sl_signal_cut;

/*
 * Decides how `s` may be shown to `v`, given the sharing decision `d` for
 * s->address_id (made for purpose samenloop). Always fills *out.
 */
void sl_signal_cut_decide(const sl_viewer *v, const sl_share_decision *d, const sl_signal *s,
                          sl_signal_cut *out);

/*
 * Applies a cut to a copy of a signal: the neutral text and no variant in
 * the neutral form, addressee persons of a body whose contact is withheld
 * emptied, and (neutral form) who moved it and why left out unless it was
 * `self` (the viewer's account name). A hidden cut leaves *s as it was.
 */
void sl_signal_apply_cut(const sl_signal_cut *cut, const char *self, sl_signal *s);

/* The part whose body an addressee belongs to; -1 for both (coordinator, interventieteam). */
int sl_addressee_part(const sl_addressee *a);

#endif
