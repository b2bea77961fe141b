/*
 * dossier_termijnen.h - the terms and escalation cases of one address in its
 * dossier (issue 13, decision 193): the cross-body view of a term, behind the
 * disclosure gate that already cut the dossier's parts.
 */
#ifndef SL_SERVICE_DOSSIER_TERMIJNEN_H
#define SL_SERVICE_DOSSIER_TERMIJNEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/records.h"
#include "core/sharing.h"
#include "service/jsonw.h"
#include "store/address_view_store.h"
#include "store/store.h"

/* What the gate let through of the claims part, as the terms need it. */
typedef struct sl_dossier_termijn_zicht {
    bool shown;         /* the claims part is shown at all */
    unsigned cats;      /* its categories (SL_CAT_*) */
    bool eigen;         /* the viewer works for the owning body (grondslag eigen_organisatie) */
} sl_dossier_termijn_zicht;

/*
 * Writes "termijnen": the claims' terms (IMG's decision target) that run or
 * ended in the last year, each with its suspensions, extensions and the
 * notice of default with its penalty, or null when the claims part is not
 * shown or lacks the status and dates a term is made of. Penalty amounts
 * only with SL_CAT_BEDRAGEN; reasons and who recorded them only for the
 * owning body. Everything comes from the address view av (its claims, the
 * rules in force, the rows): no read of its own. False (st's error) when out
 * of memory.
 */
bool sl_dossier_termijnen_jw(sl_store *st, const sl_dossier_termijn_zicht *z,
                             const sl_address_view *av, sl_date vandaag, sl_jw *w);

/*
 * Writes "escalaties": the address's open escalation cases (decision 163:
 * both buddies, the coordinator and the interventieteam see them), or null
 * for every other role; from the address view av.
 */
void sl_dossier_escalaties_jw(const sl_viewer *v, const sl_address_view *av, sl_jw *w);

#endif
