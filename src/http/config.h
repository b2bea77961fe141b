/*
 * config.h - the server's configuration: one typed table of settings, each
 * with its default and bounds, read from a file, then the environment, then
 * flags (each overriding the one before). See docs/operations.md and
 * samenloop.conf.example.
 */
#ifndef SL_HTTP_CONFIG_H
#define SL_HTTP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "service/log.h"

#define SL_CONFIG_STR_CAP 512

typedef struct sl_config {
    char listen[64];              /* listen: ADDR:PORT, default 127.0.0.1:8080 */
    char db[SL_CONFIG_STR_CAP];   /* db: the register */
    char web_root[SL_CONFIG_STR_CAP]; /* web_root: static files of the web UI ("" = none) */
    int threads;                  /* threads: worker threads, 1..64, default 4 */
    long max_body_bytes;          /* max_body_bytes: request bodies, default 1 MiB */
    long max_upload_bytes;        /* max_upload_bytes: delivery uploads, default 512 MiB */
    int max_connections_per_ip;   /* max_connections_per_ip: 0 = no limit, default 64 */
    int request_head_seconds;     /* request_head_seconds: whole request head, default 20 */
    long hsts_seconds;            /* hsts_seconds: Strict-Transport-Security max-age, 0 = off */
    int session_idle_minutes;     /* session_idle_minutes: default 30 */
    int session_absolute_hours;   /* session_absolute_hours: default 12 */
    char statutory_gemeenten[128];/* statutory_gemeenten: comma-separated codes */
    sl_date statutory_from;       /* statutory_from: YYYY-MM-DD, the AMvB's start */
    int suppress_below;           /* suppress_below: figures hide counts 1..N-1, default 10 */
    bool secure_cookies;          /* secure_cookies: mark cookies Secure (behind TLS) */
    char logboek_sleutel[SL_CONFIG_STR_CAP]; /* logboek_sleutel: the anchor key's file ("" = none) */
    int logboek_anker_interval;   /* logboek_anker_interval: seconds between anchors, default 60 */
    char leveringen_map[SL_CONFIG_STR_CAP]; /* leveringen_map: held files ("" = beside a SQLite register) */
    int max_afwezig_procent;      /* max_afwezig_procent: hold a snapshot marking more absent, default 5 */
    sl_log_level log_level;       /* log_level: error, warn or info (default): the least severe written */
} sl_config;

/* Fills c with the defaults. */
void sl_config_defaults(sl_config *c);

/* Applies one `key = value` setting; false with a message in err when unknown or out of bounds. */
bool sl_config_set(sl_config *c, const char *key, const char *value, char *err, size_t errcap);

/* Reads a file of `key = value` lines (# comments); err names file:line on failure. */
bool sl_config_load_file(sl_config *c, const char *path, char *err, size_t errcap);

/* Applies SAMENLOOP_<KEY> environment variables (upper-case key). */
bool sl_config_load_env(sl_config *c, char *err, size_t errcap);

/* Writes every setting with its current value (for `serve --print-config`). */
void sl_config_print(const sl_config *c, void (*emit)(void *ctx, const char *line), void *ctx);

#endif
