/*
 * server.h - `samenloop serve`: the HTTP server on libmicrohttpd (a thread
 * pool on epoll), routing to the handlers of http/routes.c, with health,
 * readiness and Prometheus metrics, and graceful shutdown on SIGTERM/SIGINT.
 */
#ifndef SL_HTTP_SERVER_H
#define SL_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/api.h"
#include "http/config.h"

/*
 * Serves until SIGTERM or SIGINT, then stops accepting, lets running
 * requests finish and returns 0; non-zero with a message on stderr when the
 * server cannot start. `routes` (sl_routes: the handlers) is what it serves,
 * terminated by a NULL method. `ready` (may be NULL) is called once listening.
 */
int sl_server_run(const sl_config *cfg, const sl_route *routes,
                  void (*ready)(const char *listen));

#endif
