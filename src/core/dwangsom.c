/*
 * dwangsom.c - Awb 4:17 in day numbers: three bands of 14 days.
 */
#include "core/dwangsom.h"

/* EUR per day in each band of 14 days (Awb 4:17 lid 2), in cents. */
static const int64_t band_centen[3] = {2300, 3500, 4500};

int64_t sl_dwangsom_bedrag(int32_t dagen)
{
    if (dagen <= 0)
        return 0;
    if (dagen > SL_DWANGSOM_MAX_DAGEN)
        dagen = SL_DWANGSOM_MAX_DAGEN;
    int64_t total = 0;
    for (int band = 0; band < 3 && dagen > 0; band++) {
        int32_t in_band = dagen < 14 ? dagen : 14;
        total += in_band * band_centen[band];
        dagen -= in_band;
    }
    return total;
}

bool sl_dwangsom_bereken(sl_date ontvangen, sl_date beslist, sl_date vandaag, sl_dwangsom *out,
                         const char **reason)
{
    const char *dummy;
    if (!reason)
        reason = &dummy;
    if (ontvangen == SL_DATE_NONE) {
        *reason = "de datum van ontvangst van de ingebrekestelling ontbreekt";
        return false;
    }
    if (beslist != SL_DATE_NONE && beslist < ontvangen) {
        *reason = "de beslissing ligt voor de ontvangst van de ingebrekestelling";
        return false;
    }
    sl_date tot = beslist != SL_DATE_NONE ? beslist : vandaag;
    if (tot == SL_DATE_NONE) {
        *reason = "geef de datum van de beslissing of de peildatum";
        return false;
    }
    sl_dwangsom r = {0};
    r.eerste_dag = ontvangen + SL_DWANGSOM_WACHTDAGEN + 1;
    r.maximum_op = ontvangen + SL_DWANGSOM_WACHTDAGEN + SL_DWANGSOM_MAX_DAGEN;
    int64_t days = (int64_t)tot - ontvangen - SL_DWANGSOM_WACHTDAGEN;
    if (days < 0)
        days = 0;
    r.dagen = (int32_t)(days < SL_DWANGSOM_MAX_DAGEN ? days : SL_DWANGSOM_MAX_DAGEN);
    r.bedrag_centen = sl_dwangsom_bedrag(r.dagen);
    r.laatste_dag = r.dagen > 0 ? r.eerste_dag + r.dagen - 1 : SL_DATE_NONE;
    r.maximum_bereikt = r.dagen == SL_DWANGSOM_MAX_DAGEN;
    /* an undecided case before the first penalty day is not running yet */
    r.loopt = beslist == SL_DATE_NONE && r.dagen > 0 && !r.maximum_bereikt;
    *out = r;
    return true;
}
