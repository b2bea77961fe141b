/*
 * disclosure.c - the disclosure gate (see disclosure.h).
 */
#include "service/disclosure.h"
#include "store/log_store.h"

#include <stdio.h>
#include <string.h>

#include "service/sharing.h"

size_t sl_disclosure_entries(const sl_actor *by, sl_doel doel, int64_t address_id,
                             const sl_share_decision *d, const unsigned shown[SL_DEEL_COUNT],
                             sl_log_entry out[SL_DEEL_COUNT],
                             char cats[SL_DEEL_COUNT][SL_LOG_CATS_CAP])
{
    size_t n = 0;
    if (!d->log && by->viewer.role != SL_ROLE_SVIP) {
        bool across = false;
        for (int p = 0; p < SL_DEEL_COUNT; p++)
            across |= d->deel[p].shown && shown[p] &&
                      d->deel[p].grondslag != SL_GRONDSLAG_EIGEN_ORGANISATIE &&
                      d->deel[p].grondslag != SL_GRONDSLAG_EIGEN_ADRES;
        if (!across)
            return 0;
    }
    for (int p = 0; p < SL_DEEL_COUNT; p++) {
        const sl_share_part *part = &d->deel[p];
        unsigned c = shown[p] & part->categories;
        /* the own organisation's part is no cross-boundary access, except at the
         * SVIP desk, where every look is logged; a resident's own address neither */
        if (!part->shown || !c || part->grondslag == SL_GRONDSLAG_EIGEN_ADRES ||
            (part->grondslag == SL_GRONDSLAG_EIGEN_ORGANISATIE &&
             by->viewer.role != SL_ROLE_SVIP))
            continue;
        char list[80];
        sl_share_categories_format(c, list, sizeof list);
        snprintf(cats[n], SL_LOG_CATS_CAP, "%s:%s", sl_share_part_name((sl_share_part_id)p),
                 list);
        out[n] = (sl_log_entry){.actor = by, .doel = sl_doel_name(doel),
                                .grondslag = sl_grondslag_name(part->grondslag),
                                .categorieen = cats[n], .address_id = address_id,
                                .actie = "inzage"};
        n++;
    }
    return n;
}

bool sl_disclose(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by, sl_doel doel,
                 int64_t address_id, const unsigned want[SL_DEEL_COUNT], sl_date today,
                 sl_disclosure *out)
{
    memset(out, 0, sizeof *out);
    if (!by)
        return sl_store_fail(st, "wie de gegevens inziet is onbekend");
    bool found;
    if (!sl_sharing_decide(st, cfg, &by->viewer, doel, address_id, today, &out->dec, &found))
        return false;
    out->found = found;
    out->not_found = !found || out->dec.not_found;
    if (out->not_found)
        return true;
    for (int p = 0; p < SL_DEEL_COUNT; p++)
        out->shown[p] = out->dec.deel[p].shown
                            ? out->dec.deel[p].categories & (want ? want[p] : SL_CAT_ALL)
                            : 0;
    out->n_log = sl_disclosure_entries(by, doel, address_id, &out->dec, out->shown, out->log,
                                       out->cats);
    return true;
}

bool sl_disclosure_write(sl_store *st, const sl_disclosure *d)
{
    if (d->n_log == 0)
        return true;
    if (!sl_store_begin(st))
        return false;
    for (size_t i = 0; i < d->n_log; i++)
        if (!sl_logboek_append(st, &d->log[i], NULL)) {
            sl_store_rollback(st);
            return false;
        }
    if (!sl_store_commit(st)) {
        sl_store_rollback(st);
        return false;
    }
    return true;
}
