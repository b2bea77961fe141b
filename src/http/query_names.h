/*
 * query_names.h - the query keys renamed to lowerCamelCase (NL API Design
 * Rules, query-keys-camel-case) and their old snake_case names, which keep
 * working until the sunset date (decision 106). sl_req_query falls back to
 * the old name; the server marks an answer to a request that used one.
 */
#ifndef SL_HTTP_QUERY_NAMES_H
#define SL_HTTP_QUERY_NAMES_H

#include <stddef.h>

/* RFC 9745: deprecated since 2026-12-07 (a Structured Field Date). */
#define SL_QUERY_DEPRECATION "@1796601600"
/* RFC 8594: the old names stop working after 30 June 2027. */
#define SL_QUERY_SUNSET "Thu, 01 Jul 2027 00:00:00 GMT"
/* Where the renaming is described: the OpenAPI document the server serves. */
#define SL_QUERY_DEPRECATION_LINK \
    "</api/v1/openapi.json>; rel=\"deprecation\"; type=\"application/json\""

/* The old name of query key `name`, NULL when it was never renamed. */
const char *sl_query_old_name(const char *name);
/* The i-th old name, NULL past the last. */
const char *sl_query_old_name_at(size_t i);

#endif
