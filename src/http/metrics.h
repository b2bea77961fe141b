/*
 * metrics.h - counters for Prometheus (`GET /metrics`): requests by status
 * class, request latency as a histogram, readiness. Lock-free (atomics):
 * every worker thread updates them on every request.
 */
#ifndef SL_HTTP_METRICS_H
#define SL_HTTP_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void sl_metrics_request(int status, double seconds);
void sl_metrics_imports(int64_t files, int64_t signals);
/* One group commit of the processing log and its records (logboek_writer.h). */
void sl_metrics_log_commit(size_t records);
void sl_metrics_ready(bool ready);
bool sl_metrics_is_ready(void);

/* The Prometheus text exposition of all counters, as a new sl_malloc'd string. */
char *sl_metrics_text(size_t *len);

#endif
