/*
 * suppression.h - the one place that says how a published aggregate hides a
 * count (issue 12, decisions 93-95). The figures services (stats.c,
 * signal_stats.c, verzoeken.c) register every count of every view that can be
 * asked for, and the sums a reader can combine, with the core's algorithm
 * (core/suppression.h); this module gives the threshold of the configuration
 * and the one JSON shape:
 *
 *   a shown count:  123
 *   a hidden count: {"onderdrukt": true, "onder": 10}
 *
 * and, beside the figures, "onderdrukkingsgrens": 10 and "aantal_onderdrukt": N,
 * so that a client reads the threshold from the answer, not from a sentence.
 */
#ifndef SL_SERVICE_SUPPRESSION_H
#define SL_SERVICE_SUPPRESSION_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/sharing.h"
#include "core/suppression.h"

/* The configured threshold: counts from 1 to this minus 1 are hidden (at least 1). */
int32_t sl_suppression_threshold(const sl_sharing_config *cfg);

/* A count as published: the number, or the hidden shape when s hides the cell.
 * s NULL: always the number (an exact view, such as the operator's CLI). */
json_t *sl_suppressed_count_json(const sl_suppression *s, size_t cell, int64_t n);

/* Whether a JSON value is a hidden count. */
bool sl_suppressed_is_hidden(const json_t *v);

/* Adds "onderdrukkingsgrens" and "aantal_onderdrukt" (the hidden counts in o). */
bool sl_suppressed_summary(json_t *o, int32_t onder);

#endif
