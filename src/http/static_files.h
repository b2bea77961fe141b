/*
 * static_files.h - the web UI's files (web_root), served by `samenloop serve`
 * from the same origin as the API.
 *
 * Every path outside the API (/api/, /healthz, /readyz, /metrics) is a static
 * file: the exact file under web_root when it exists, else index.html (the
 * single-page application routes on the client, e.g. /dossier/0014...),
 * except under /assets/, where a missing file is 404 (a stale hashed asset
 * must not turn into an HTML page). GET and HEAD only (405 otherwise).
 *
 * Paths are resolved without trusting the file system's view of "..": the
 * URL path is split into components, each must be a plain name (no "." or
 * "..", no leading dot, no backslash, percent sign or control character),
 * and every component is opened with openat(..., O_NOFOLLOW) relative to
 * web_root, so neither a traversal nor a symbolic link leaves web_root.
 * Files are handed to libmicrohttpd as file descriptors (sendfile where the
 * platform has it), never read into memory. Every answer carries the
 * security headers (Content-Security-Policy, X-Content-Type-Options,
 * Referrer-Policy); hashed assets are cacheable for a year, index.html must be
 * revalidated (no-cache, with an ETag).
 *
 * This file is part of the server (it speaks libmicrohttpd); handlers never
 * see it. Thread-safety: no shared state; each call opens what it needs.
 */
#ifndef SL_HTTP_STATIC_FILES_H
#define SL_HTTP_STATIC_FILES_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/config.h"

/* The Content-Security-Policy of every static answer. */
#define SL_STATIC_CSP                                                                        \
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "        \
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

/* The Content-Security-Policy of every API answer: JSON loads nothing and is never framed. */
#define SL_API_CSP "default-src 'none'; frame-ancestors 'none'"

/*
 * The security headers every answer carries, the web UI's and the API's alike:
 * csp, X-Frame-Options (for browsers without frame-ancestors), X-Content-Type-Options
 * and Referrer-Policy, and Strict-Transport-Security when hsts_seconds > 0 (the
 * server is reached over TLS only).
 */
void sl_http_security_headers(struct MHD_Response *r, const char *csp, long hsts_seconds);

/* Whether a URL path is the web UI's (true) or the API's and operations' (false). */
bool sl_static_handles(const char *path);

/* What a request for a static path comes to (the pure part, for tests). */
typedef enum sl_static_kind {
    SL_STATIC_FILE,          /* rel names a file to serve */
    SL_STATIC_INDEX,         /* serve index.html (the root, or the SPA fallback) */
    SL_STATIC_BAD_PATH,      /* 400: a component that is not a plain name */
    SL_STATIC_METHOD,        /* 405: not GET or HEAD */
} sl_static_kind;

/*
 * Checks method and path. On SL_STATIC_FILE, rel (relcap bytes) holds the
 * path without its leading slash, components separated by '/'.
 */
sl_static_kind sl_static_classify(const char *method, const char *path, char *rel, size_t relcap);

/* The Content-Type for a file name, by its extension; application/octet-stream if unknown. */
const char *sl_static_content_type(const char *name);

/*
 * Checks web_root at start-up: "" (no web UI) is fine; otherwise it must be a
 * directory. false with a message in err when it is not. A missing
 * index.html is only worth a warning (*warn set, message in err).
 */
bool sl_static_check_root(const char *web_root, bool *warn, char *err, size_t errcap);

/*
 * libmicrohttpd's unescape callback (MHD_OPTION_UNESCAPE_CALLBACK) for the
 * whole server: decodes %XX like the default, except that %00 stays as it is,
 * so a NUL byte can never cut a path or a query value short behind a check's
 * back (a static path with '%' is refused; an API parameter fails validation).
 */
size_t sl_http_unescape(void *cls, struct MHD_Connection *conn, char *s);

/*
 * Answers a static request on conn from cfg->web_root: the file, index.html, or
 * a small problem+json error (400, 404, 405, 500), all with the security headers
 * and the trace id. A text file of 1 KiB or more goes gzip-coded to a client that
 * takes it (with its own ETag). *status gets the HTTP status sent (for the metrics).
 */
enum MHD_Result sl_static_serve(struct MHD_Connection *conn, const sl_config *cfg,
                                const char *method, const char *path, const char *trace_id,
                                int *status);

#endif
