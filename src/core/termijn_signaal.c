/*
 * termijn_signaal.c - the term signals a term or a notice calls for (see
 * termijn_signaal.h).
 */
#include "core/termijn_signaal.h"

#include <string.h>

bool sl_termijn_signaal(const sl_termijn_def *def, const sl_termijn_uitkomst *u,
                        sl_date eind_gebeurtenis, sl_trigger *out)
{
    if (!def || !u || eind_gebeurtenis != SL_DATE_NONE)
        return false;
    if (u->status == SL_TERMIJN_LOPEND && u->waarschuwing) {
        *out = SL_TRIGGER_TERMIJN_NADERT;
        return true;
    }
    if (u->status == SL_TERMIJN_VERSTREKEN && def->verantwoordelijke == SL_PARTIJ_OVERHEID) {
        *out = SL_TRIGGER_TERMIJN_VERSTREKEN;
        return true;
    }
    return false;
}

bool sl_dwangsom_signaal(sl_date beslist, const sl_dwangsom *d)
{
    return d && beslist == SL_DATE_NONE && d->dagen > 0;
}

unsigned sl_termijn_signaal_aan(unsigned aan, const char *organisatie)
{
    unsigned both = SL_AAN_COORDINATOR | SL_AAN_INTERVENTIETEAM;
    unsigned keep = both;
    if (organisatie && strcmp(organisatie, "IMG") == 0)
        keep |= SL_AAN_SVIP_IMG | SL_AAN_ZAAKBEGELEIDER;
    else if (organisatie && strcmp(organisatie, "NCG") == 0)
        keep |= SL_AAN_SVIP_NCG | SL_AAN_BEWONERSBEGELEIDER;
    return aan & keep;
}
