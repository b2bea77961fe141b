/*
 * sharing_config.h - the lawful-sharing configuration (core/sharing.h) as
 * the server's settings say it (statutory_gemeenten, statutory_from).
 */
#ifndef SL_HTTP_SHARING_CONFIG_H
#define SL_HTTP_SHARING_CONFIG_H

#include "core/sharing.h"
#include "http/config.h"

void sl_http_sharing_config(const sl_config *cfg, sl_sharing_config *out);

#endif
