/*
 * dossier.h - one address's whole picture (both tracks, classification,
 * buddy pair, coordination elements, signals, history), and the changes
 * people make to a combination dossier (coordinator, AMvB elements).
 */
#ifndef SL_SERVICE_DOSSIER_H
#define SL_SERVICE_DOSSIER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/dossier.h"
#include "core/records.h"
#include "core/sharing.h"
#include "service/logboek.h"
#include "store/dossiers_store.h"
#include "service/outcome.h"

/*
 * The dossier of one address as JSON (a new reference in *out), with keys
 * "adres", "classificatie", "traject", "schades", "combinatiedossier",
 * "elementen", "signalen", "historie". *found is false for an unknown address.
 */
bool sl_dossier_json(sl_store *st, int64_t address_id, json_t **out, bool *found);

/*
 * One address's dossier as viewer `v` may see it for `doel` on `today`: the
 * sharing decision (*dec, as sl_sharing_decide makes it) and the dossier cut
 * to it, as JSON text (*body, *body_len bytes, NUL-terminated; sl_free it),
 * both from one read of the register (the address view: one statement on
 * PostgreSQL), so it needs no snapshot around it. A part that may not be shown is null and
 * named in "afgeschermd" with the reason; a part that may be shown keeps
 * only the fields its purpose allows; what mixes both tracks
 * (classification, combination dossier, elements, signals) is shown, and
 * read, only when both parts are. Keys: "adres", "schades", "traject",
 * "classificatie", "combinatiedossier", "elementen", "signalen", "historie",
 * "afgeschermd", "grondslag", "doel".
 * *found false (unknown address) or dec->not_found (the viewer may not know
 * it exists): *body is NULL and the caller answers 404. Writes nothing: when
 * dec->log the caller must log the look (sl_disclosure_entries) and may show
 * it only once that record is committed.
 */
bool sl_dossier_shown(sl_store *st, const sl_sharing_config *cfg, const sl_viewer *v,
                      sl_doel doel, int64_t address_id, sl_date today, char **body,
                      size_t *body_len, sl_share_decision *dec, bool *found);

/*
 * A read snapshot for a request that reads a dossier and more (its past, with
 * a peildatum): the lookup alone is one read and takes none (decision 251).
 * Nests; end it once for each begin that succeeded.
 */
bool sl_dossier_snapshot_begin(sl_store *st);
void sl_dossier_snapshot_end(sl_store *st);

/*
 * The combination dossier of one address as the API shows it (buddy pair,
 * coordinator, collaboration state, classification, the six AMvB elements)
 * in *out (a new reference), and its versie for the ETag. *found false when
 * the address is no combination dossier. The caller has passed the gate
 * (sl_combination_dossier_access).
 */
bool sl_combination_dossier_json(sl_store *st, int64_t address_id, json_t **out,
                                 int64_t *versie, bool *found);
/* The same for a row the caller has (after a change). */
bool sl_combination_dossier_row_json(sl_store *st, const sl_dossier_row *row, json_t **out);

/*
 * The gate for a combination dossier (service/disclosure.h): it joins both
 * bodies' data, so it is shown only when both parts are (the buddies are
 * contact data, the classification status), for purpose samenloop (a resident:
 * eigen_inzage); what crosses the boundary is logged here, before anything is
 * shown. *not_found: answer 404; else when !*shown, *reden says why (403).
 */
bool sl_combination_dossier_access(sl_store *st, const sl_sharing_config *cfg,
                                   const sl_actor *by, int64_t address_id, sl_date today,
                                   bool *shown, bool *not_found, const char **reden);

/*
 * Sets the coordinator (empty to remove) of a combination dossier on behalf
 * of `by`, with history, a processing-log record and an outbox event, in its
 * own transaction. The
 * coordinator is an account: `name` is the login name of an active account
 * of role coordinator (else false, with the reason in err).
 */
bool sl_dossier_set_coordinator(sl_store *st, int64_t address_id, const char *name,
                                const sl_actor *by, char *err, size_t errcap);

/* Records the state of one AMvB element on `datum` (its own transaction, history,
 * processing log, outbox). */
bool sl_dossier_set_element(sl_store *st, int64_t address_id, sl_element element,
                            sl_element_status status, sl_date datum, const sl_actor *by,
                            char *err, size_t errcap);

/* A change to a combination dossier as one request makes it (NULL/0 fields stay). */
#define SL_PATCH_ELEMENTS_MAX SL_ELEMENT_COUNT
typedef struct sl_dossier_patch {
    const char *coordinator;      /* NULL: unchanged; "": removed; else a coordinator
                                     account's login name */
    const char *samenwerking;     /* NULL: unchanged; else geen, gezamenlijke_opname_gepland,
                                     integraal_plan, afgerond, afgewezen_door_bewoner */
    size_t n_elements;
    sl_element element[SL_PATCH_ELEMENTS_MAX];
    sl_element_status status[SL_PATCH_ELEMENTS_MAX];
    sl_date datum[SL_PATCH_ELEMENTS_MAX];
} sl_dossier_patch;

/* Whether a samenwerking (collaboration state) word is known. */
bool sl_samenwerking_valid(const char *s);

/*
 * Applies a patch in one transaction, only if the dossier's versie is still
 * expect_versie (optimistic concurrency; SL_STALE otherwise; SL_VERSIE_ANY
 * matches any): each
 * change is history, the dossier's versie goes up by one, one processing-log
 * record names the fields changed, one outbox event.
 * *row (may be NULL) gets the dossier as stored afterwards. SL_INVALID with err
 * "coordinator: …" when coordinator names no active account of role coordinator.
 */
sl_outcome sl_dossier_patch_apply(sl_store *st, int64_t address_id, int64_t expect_versie,
                                  const sl_dossier_patch *p, const sl_actor *by,
                                  sl_dossier_row *row, char *err, size_t errcap);

#endif
