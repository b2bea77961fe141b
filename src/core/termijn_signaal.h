/*
 * termijn_signaal.h - which term signal (rules 11-13, core/signal_rules.h) a
 * computed term or a notice of default calls for on a day, and to whom.
 *
 * Pure: the sweep (service/termijn_signalen.c) evaluates the terms
 * (core/termijn.h) and the notices (core/dwangsom.h) and asks here, so the
 * same answer serves a unit test, the sweep and a benchmark. Decisions 186-188.
 */
#ifndef SL_CORE_TERMIJN_SIGNAAL_H
#define SL_CORE_TERMIJN_SIGNAAL_H

#include <stdbool.h>

#include "core/dwangsom.h"
#include "core/signal_rules.h"
#include "core/termijn.h"

/*
 * The term signal a term calls for on its evaluation day, in *out:
 *  - SL_TRIGGER_TERMIJN_NADERT while it runs within its warning lead (either
 *    party's term: a resident's term goes to the buddy who helps the resident);
 *  - SL_TRIGGER_TERMIJN_VERSTREKEN once a term the government must keep has
 *    passed without its end event. A resident's term that passed raises
 *    nothing: the register cannot tell "did not object" from "chose not to".
 * False when it calls for none (met, suspended, running outside its lead, or
 * met late: nothing is left to act on). eind_gebeurtenis is SL_DATE_NONE
 * while the end event has not happened.
 */
bool sl_termijn_signaal(const sl_termijn_def *def, const sl_termijn_uitkomst *u,
                        sl_date eind_gebeurtenis, sl_trigger *out);

/* Whether a notice of default calls for rule 13 on a day: not decided (beslist
 * SL_DATE_NONE) and at least one penalty day counted (d from sl_dwangsom_bereken
 * up to that day). It stands after the maximum too: the decision is still owed. */
bool sl_dwangsom_signaal(sl_date beslist, const sl_dwangsom *d);

/*
 * A term signal's addressees: the rule's own (SL_AAN_* bits) cut to the body
 * whose term it is ("IMG": its SVIP and zaakbegeleider, "NCG": its SVIP and
 * bewonersbegeleider); the coordinator and the interventieteam, who work for
 * both, stay. An unknown body keeps only those two.
 */
unsigned sl_termijn_signaal_aan(unsigned aan, const char *organisatie);

#endif
