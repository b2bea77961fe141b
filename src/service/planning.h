/*
 * planning.h - the planner's what-if contract (issue 14): the JSON input of
 * `samenloop plan opnames --input FILE` read into the core's plain structs,
 * every fault named at its item, and the plan written back as the JSON answer.
 * docs/planning.md describes both documents.
 */
#ifndef SL_SERVICE_PLANNING_H
#define SL_SERVICE_PLANNING_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/planner.h"

typedef struct sl_plan_doc {
    sl_plan_input in; /* points into the arrays below */
    sl_plan_capacity *capacity;
    sl_plan_request *requests;
    sl_date *unavailable; /* every request's dates, one block */
    char (*ids)[17];      /* each request's nummeraanduiding id */
} sl_plan_doc;

/*
 * Reads the input document `text` (`len` bytes). On success fills *doc (free
 * with sl_plan_doc_free) and returns true. Otherwise returns false, holds
 * nothing, and writes one Dutch line per fault into err ("verzoeken[3].vroegst:
 * 2027-02-30 bestaat niet"), as many as fit; *n_faults says how many there were.
 */
bool sl_plan_doc_read(const char *text, size_t len, sl_plan_doc *doc, char *err, size_t errcap,
                      int *n_faults);
void sl_plan_doc_free(sl_plan_doc *doc);

/* The answer: gepland, niet_gepland, kwaliteit, los_gepland. NULL when memory runs out. */
json_t *sl_plan_doc_answer(const sl_plan_doc *doc, const sl_plan_result *res);

#endif
