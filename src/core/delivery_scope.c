/*
 * delivery_scope.c - deliveries per body (see delivery_scope.h).
 */
#include "core/delivery_scope.h"

sl_account_org sl_kind_body(sl_kind kind)
{
    return kind == SL_KIND_IMG ? SL_ACCOUNT_ORG_IMG
           : kind == SL_KIND_NCG ? SL_ACCOUNT_ORG_NCG
                                 : SL_ACCOUNT_ORG_NONE;
}

bool sl_steward_may_deliver(const sl_steward *s, sl_kind kind, const char **why)
{
    const char *reason = NULL;
    if (s->rol != SL_ROLE_DATASTEWARD)
        reason = "leveringen laadt de datasteward";
    else if (kind == SL_KIND_UNKNOWN)
        reason = "onbekende soort levering";
    else if (kind == SL_KIND_BAG && !s->levert_adressen)
        reason = "BAG-adressen levert alleen een datasteward die de beheerder daarvoor heeft "
                 "aangewezen";
    else if (kind != SL_KIND_BAG && s->org == SL_ACCOUNT_ORG_NONE)
        reason = "uw account hoort bij geen organisatie; vraag de beheerder om een account van "
                 "IMG of NCG";
    else if (kind == SL_KIND_IMG && s->org != SL_ACCOUNT_ORG_IMG)
        reason = "schades (img_schades) zijn gegevens van IMG: alleen een datasteward van IMG "
                 "levert ze";
    else if (kind == SL_KIND_NCG && s->org != SL_ACCOUNT_ORG_NCG)
        reason = "trajecten (ncg_trajecten) zijn gegevens van NCG: alleen een datasteward van "
                 "NCG levert ze";
    if (why)
        *why = reason;
    return reason == NULL;
}

bool sl_steward_may_see(const sl_steward *s, sl_kind kind)
{
    if (s->rol != SL_ROLE_DATASTEWARD)
        return false;
    if (kind == SL_KIND_BAG)
        return true;
    return kind != SL_KIND_UNKNOWN && s->org != SL_ACCOUNT_ORG_NONE && sl_kind_body(kind) == s->org;
}

unsigned sl_steward_refused_kinds(const sl_steward *s)
{
    unsigned refused = 0;
    const sl_kind kinds[] = {SL_KIND_BAG, SL_KIND_NCG, SL_KIND_IMG};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!sl_steward_may_deliver(s, kinds[i], NULL))
            refused |= 1u << kinds[i];
    return refused;
}

bool sl_absent_share_exceeds(int64_t absent, int64_t current, int max_percent)
{
    if (absent <= 0 || max_percent >= 100)
        return false;
    if (current <= 0)
        return true;
    /* absent / current > max_percent / 100, in whole numbers */
    return absent * 100 > (int64_t)max_percent * current;
}
