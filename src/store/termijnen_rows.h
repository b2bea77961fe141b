/*
 * termijnen_rows.h - the rows of the terms family (termijnen_store.h) read
 * into their structs once for both stores, through row_cols.h. Each
 * backend selects the columns in the order given at each reader; it keeps
 * its own SQL, parameters and writes.
 */
#ifndef SL_STORE_TERMIJNEN_ROWS_H
#define SL_STORE_TERMIJNEN_ROWS_H

#include "store/row_cols.h"
#include "store/termijnen_store.h"

/* soort, omschrijving, organisatie, start_gebeurtenis, eind_gebeurtenis,
 * lengte, eenheid, wettelijk, fataal, verantwoordelijke, opschortbaar,
 * waarschuwing_dagen, aanname, compensatie_per_dag, compensatie_max */
void sl_termijn_regel_read(const sl_cols *c, sl_termijn_regel *r);
/* id, nummeraanduiding_id, organisatie, img_id, ncg_id, ontvangen_op,
 * beslist_op, door, vastgelegd_op, versie */
void sl_ingebrekestelling_read(const sl_cols *c, sl_ingebrekestelling *n);
/* id, nummeraanduiding_id, aanleiding, eigenaar, status, aangemeld_op, versie */
void sl_escalatie_read(const sl_cols *c, sl_escalatie *e);

/*
 * A scan's callback and its context; each *_row below reads one row (the
 * columns as its reader or comment gives them) and hands it to the callback
 * of its kind, returning what that returns.
 */
typedef struct sl_termijn_scan {
    union {
        sl_termijn_regel_cb regel;
        sl_regelset_versie_cb versie;
        sl_opschorting_cb ops;
        sl_verlenging_cb verl;
        sl_termijn_claim_cb claim;
        sl_termijn_traject_cb traject;
        sl_ingebrekestelling_cb ibs;
        sl_grootboekpost_cb gb;
        sl_escalatie_lijst_cb esc;
        sl_escalatiegebeurtenis_cb eg;
    } cb;
    void *ctx;
} sl_termijn_scan;

bool sl_termijn_regel_row(void *scan, const sl_cols *c);
/* versie, actief, omschrijving, door, ingevoerd_op */
bool sl_regelset_versie_row(void *scan, const sl_cols *c);
/* id, soort, img_id, ncg_id, van, tot, reden, door, vastgelegd_op, vervangt */
bool sl_opschorting_row(void *scan, const sl_cols *c);
/* id, soort, img_id, ncg_id, nieuw_einde, reden, door, vastgelegd_op */
bool sl_verlenging_row(void *scan, const sl_cols *c);
/* img_id, nummeraanduiding_id, fase, fase_sinds, ontvangen_op; a row without
 * an id or with a phase it cannot read is passed over (it has no term) */
bool sl_termijn_claim_row(void *scan, const sl_cols *c);
/* ncg_id, nummeraanduiding_id, stap, stap_sinds; passed over as claims are */
bool sl_termijn_traject_row(void *scan, const sl_cols *c);
bool sl_ingebrekestelling_row(void *scan, const sl_cols *c);
/* id, organisatie, nummeraanduiding_id, ingebrekestelling_id, soort,
 * bedrag_centen, datum, reden, door, vastgelegd_op */
bool sl_grootboekpost_row(void *scan, const sl_cols *c);
/* sl_escalatie_read's columns, then the address's gemeentecode ('' when unknown) */
bool sl_escalatie_row(void *scan, const sl_cols *c);
/* id, escalatie_id, soort, status, eigenaar, mandaat, reden, door, tijdstip */
bool sl_escalatiegebeurtenis_row(void *scan, const sl_cols *c);

#endif
