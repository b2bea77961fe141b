/*
 * signal.c - the signal lifecycle and its addressees (see signal.h).
 */
#include "core/signal.h"

#include <string.h>

static const char *const status_names[SL_SIGNAAL_COUNT] = {"open", "bevestigd", "afgerond",
                                                           "afgewezen"};

const char *sl_signal_status_name(sl_signal_status s)
{
    return (unsigned)s < SL_SIGNAAL_COUNT ? status_names[s] : "";
}

bool sl_signal_status_parse(const char *s, size_t len, sl_signal_status *out)
{
    for (int i = 0; i < SL_SIGNAAL_COUNT; i++)
        if (strlen(status_names[i]) == len && memcmp(s, status_names[i], len) == 0) {
            *out = (sl_signal_status)i;
            return true;
        }
    return false;
}

bool sl_signal_transition_allowed(sl_signal_status from, sl_signal_status to)
{
    switch (to) {
    case SL_SIGNAAL_BEVESTIGD:
        return from == SL_SIGNAAL_OPEN;
    case SL_SIGNAAL_AFGEROND:
    case SL_SIGNAAL_AFGEWEZEN:
        return sl_signal_unfinished(from);
    default:
        return false; /* nothing goes back to open */
    }
}

const char *sl_org_name(sl_org o)
{
    static const char *const names[SL_ORG_COUNT] = {"IMG", "NCG", "IMG+NCG"};
    return (unsigned)o < SL_ORG_COUNT ? names[o] : "";
}

static void add(sl_addressee *out, size_t *n, sl_org org, const char *rol, const char *persoon)
{
    if (*n >= SL_ADDRESSEES_MAX)
        return;
    sl_addressee *a = &out[(*n)++];
    a->org = org;
    a->rol = rol;
    size_t len = persoon ? strnlen(persoon, sizeof a->persoon - 1) : 0;
    if (len)
        memcpy(a->persoon, persoon, len);
    a->persoon[len] = '\0';
}

size_t sl_signal_addressees(unsigned aan, const char *zaakbegeleider,
                            const char *bewonersbegeleider, const char *coordinator,
                            sl_addressee out[SL_ADDRESSEES_MAX])
{
    size_t n = 0;
    if (aan & SL_AAN_SVIP_IMG)
        add(out, &n, SL_ORG_IMG, "svip", NULL);
    if (aan & SL_AAN_SVIP_NCG)
        add(out, &n, SL_ORG_NCG, "svip", NULL);
    if (aan & SL_AAN_ZAAKBEGELEIDER)
        add(out, &n, SL_ORG_IMG, "zaakbegeleider", zaakbegeleider);
    if (aan & SL_AAN_BEWONERSBEGELEIDER)
        add(out, &n, SL_ORG_NCG, "bewonersbegeleider", bewonersbegeleider);
    if ((aan & SL_AAN_COORDINATOR) && coordinator && *coordinator)
        add(out, &n, SL_ORG_BEIDE, "coordinator", coordinator);
    if (aan & SL_AAN_INTERVENTIETEAM)
        add(out, &n, SL_ORG_BEIDE, "interventieteam", NULL);
    return n;
}
