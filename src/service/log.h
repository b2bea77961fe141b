/*
 * log.h - the server's operational log: one line per message on stderr,
 *
 *   2026-12-06T21:16:00.123Z samenloop error server: cannot listen on 127.0.0.1:8080
 *
 * (UTC timestamp with milliseconds, level, component, message). It lives in
 * the service layer because both the services and the HTTP face log, and the
 * core does no I/O. Never log a secret, a token or a request body: the log
 * is read by operators, not only by the privacy officer. See docs/operations.md.
 */
#ifndef SL_SERVICE_LOG_H
#define SL_SERVICE_LOG_H

#include <stdbool.h>

/* Ordered by severity: a threshold writes its own level and every one before it. */
typedef enum sl_log_level { SL_LOG_ERROR, SL_LOG_WARN, SL_LOG_INFO } sl_log_level;

/* "error", "warn" or "info". */
const char *sl_log_level_name(sl_log_level level);

/* Reads a level's name; false when it is none of them. */
bool sl_log_level_parse(const char *name, sl_log_level *out);

/* Messages above this level are dropped; default SL_LOG_INFO. Thread-safe. */
void sl_log_set_level(sl_log_level level);

/*
 * Writes one line with a single write(2), so lines of different threads never
 * interleave. Line breaks and other control characters in the message become
 * spaces (one message, one line, whatever an error text holds); a message too
 * long for one line is cut off.
 */
void sl_log_emit(sl_log_level level, const char *component, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define sl_log(level, component, ...) sl_log_emit((level), (component), __VA_ARGS__)

#endif
