/*
 * import_json.h - an import report as JSON, the same for the CLI
 * (`samenloop import --json`) and the API (POST /api/v1/leveringen).
 */
#ifndef SL_SERVICE_IMPORT_JSON_H
#define SL_SERVICE_IMPORT_JSON_H

#include <jansson.h>

#include "service/import.h"

/* {"file","kind","rows","imported","rejected","absent","nieuw","gewijzigd","ongewijzigd",
 *  "signalen","nulmeting","onbekende_kolommen":[…]} plus "error" when not processed and
 * "afwezig_overgeslagen" when absent-marking was skipped. A new reference, NULL on OOM. */
json_t *sl_import_report_json(const sl_import_report *r);

#endif
