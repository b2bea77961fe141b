/*
 * metrics.c - the server's counters (see metrics.h).
 */
#include "http/metrics.h"

#include <stdatomic.h>
#include <stdio.h>

#include "core/alloc.h"

/* Latency buckets (seconds), the usual Prometheus ladder cut to what an API needs. */
static const double bucket_le[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
#define NBUCKETS (sizeof bucket_le / sizeof bucket_le[0])

static atomic_llong by_class[6]; /* 1xx..5xx, index by status / 100 */
static atomic_llong buckets[NBUCKETS];
static atomic_llong count;
static atomic_llong micros_sum;
static atomic_llong import_files, import_signals;
static atomic_llong log_commits, log_records;
static atomic_bool ready;

void sl_metrics_request(int status, double seconds)
{
    int cls = status / 100;
    if (cls >= 1 && cls <= 5)
        atomic_fetch_add(&by_class[cls], 1);
    for (size_t i = 0; i < NBUCKETS; i++)
        if (seconds <= bucket_le[i])
            atomic_fetch_add(&buckets[i], 1);
    atomic_fetch_add(&count, 1);
    atomic_fetch_add(&micros_sum, (long long)(seconds * 1e6));
}

void sl_metrics_imports(int64_t files, int64_t signals)
{
    atomic_fetch_add(&import_files, files);
    atomic_fetch_add(&import_signals, signals);
}

void sl_metrics_log_commit(size_t records)
{
    atomic_fetch_add(&log_commits, 1);
    atomic_fetch_add(&log_records, (long long)records);
}

void sl_metrics_ready(bool r) { atomic_store(&ready, r); }
bool sl_metrics_is_ready(void) { return atomic_load(&ready); }

char *sl_metrics_text(size_t *len)
{
    size_t cap = 4096;
    char *out = sl_malloc(cap);
    if (!out)
        return NULL;
    size_t n = 0;
#define EMIT(...)                                                                          \
    do {                                                                                   \
        int w = snprintf(out + n, cap - n, __VA_ARGS__);                                   \
        if (w > 0 && (size_t)w < cap - n)                                                  \
            n += (size_t)w;                                                                \
    } while (0)
    EMIT("# HELP samenloop_http_requests_total HTTP requests answered, by status class.\n"
         "# TYPE samenloop_http_requests_total counter\n");
    for (int c = 1; c <= 5; c++)
        EMIT("samenloop_http_requests_total{class=\"%dxx\"} %lld\n", c,
             atomic_load(&by_class[c]));
    EMIT("# HELP samenloop_http_errors_total HTTP requests answered with a 5xx status.\n"
         "# TYPE samenloop_http_errors_total counter\nsamenloop_http_errors_total %lld\n",
         atomic_load(&by_class[5]));
    EMIT("# HELP samenloop_http_request_duration_seconds Time to answer a request.\n"
         "# TYPE samenloop_http_request_duration_seconds histogram\n");
    for (size_t i = 0; i < NBUCKETS; i++)
        EMIT("samenloop_http_request_duration_seconds_bucket{le=\"%g\"} %lld\n", bucket_le[i],
             atomic_load(&buckets[i]));
    long long total = atomic_load(&count);
    EMIT("samenloop_http_request_duration_seconds_bucket{le=\"+Inf\"} %lld\n", total);
    EMIT("samenloop_http_request_duration_seconds_sum %.6f\n",
         (double)atomic_load(&micros_sum) / 1e6);
    EMIT("samenloop_http_request_duration_seconds_count %lld\n", total);
    EMIT("# HELP samenloop_imported_files_total Delivery files imported through the API.\n"
         "# TYPE samenloop_imported_files_total counter\nsamenloop_imported_files_total %lld\n",
         atomic_load(&import_files));
    EMIT("# HELP samenloop_signals_raised_total Signals raised by API imports.\n"
         "# TYPE samenloop_signals_raised_total counter\nsamenloop_signals_raised_total %lld\n",
         atomic_load(&import_signals));
    EMIT("# HELP samenloop_logboek_commits_total Group commits of looks to the processing"
         " log.\n# TYPE samenloop_logboek_commits_total counter\n"
         "samenloop_logboek_commits_total %lld\n", atomic_load(&log_commits));
    EMIT("# HELP samenloop_logboek_records_total Processing-log records of looks committed by"
         " group commit.\n# TYPE samenloop_logboek_records_total counter\n"
         "samenloop_logboek_records_total %lld\n", atomic_load(&log_records));
    EMIT("# HELP samenloop_ready Whether the server accepts requests.\n"
         "# TYPE samenloop_ready gauge\nsamenloop_ready %d\n", atomic_load(&ready) ? 1 : 0);
#undef EMIT
    *len = n;
    return out;
}
