/*
 * record_view.h - one claim or trajectory as one caller may see it, through
 * the disclosure gate (service/disclosure.h): the owning body's staff always
 * (basis eigen_organisatie; a svip's look is logged), the other body's staff
 * only as the gate allows for the record's address, cut to the purpose's
 * categories and logged; a resident at their own address; the owning body's
 * source system (a datasteward of that body) without a decision.
 *
 * "May know it exists": a record the caller may not see is answered as one
 * that does not exist (SL_NOT_FOUND), so that a case number says nothing
 * about another body's cases (decision 99).
 */
#ifndef SL_SERVICE_RECORD_VIEW_H
#define SL_SERVICE_RECORD_VIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "core/sharing.h"
#include "service/logboek.h"
#include "service/outcome.h"
#include "store/store.h"

/*
 * The record `id` of `kind` for `by` and `doel`: *out gets its JSON cut to
 * what may be shown, with "grondslag" and "doel"; *versie its versie (ETag).
 * Writes the gate's log records (its own transaction) before returning SL_OK.
 * SL_FORBIDDEN: the role reads no records at all (whatever the id);
 * SL_NOT_FOUND: unknown, or not knowable for the caller.
 */
sl_outcome sl_record_view(sl_store *st, const sl_sharing_config *cfg, const sl_actor *by,
                          sl_kind kind, const char *id, sl_doel doel, sl_date today,
                          json_t **out, int64_t *versie);

#endif
