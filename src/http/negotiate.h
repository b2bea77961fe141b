/*
 * negotiate.h - the parts of HTTP content negotiation and conditional
 * requests the server and the static files share: which methods exist,
 * whether an Accept header allows a media type, whether the client takes
 * gzip, the gzip coding itself, and If-None-Match.
 *
 * Pure functions over header strings (no libmicrohttpd), so that unit tests
 * and fuzzers can call them directly. Thread-safe.
 */
#ifndef SL_HTTP_NEGOTIATE_H
#define SL_HTTP_NEGOTIATE_H

#include <stdbool.h>
#include <stddef.h>

/* Bodies smaller than this are sent as they are: gzip's header costs more than it saves. */
#define SL_GZIP_MIN_BYTES 1024

/* Whether method is one HTTP defines (RFC 9110 §9, plus PATCH); others get 501. */
bool sl_http_known_method(const char *method);

/*
 * Whether the Accept header (NULL = anything) allows one of the media types in
 * `types` (NULL-terminated, e.g. "application/json"): by the exact type, its
 * whole range (application/, text/ …) or any type at all, with q=0 meaning "not this one".
 */
bool sl_http_accepts(const char *accept, const char *const *types);

/* Whether Accept-Encoding (NULL = no) names gzip (or "*") with a q above 0. */
bool sl_http_accepts_gzip(const char *accept_encoding);

/* Whether a body of this Content-Type is worth compressing (text, JSON, JS, SVG). */
bool sl_http_compressible(const char *content_type);

/* in[0..n) gzip-coded into a new sl_malloc buffer (*out, *outlen); false on failure. */
bool sl_http_gzip(const char *in, size_t n, char **out, size_t *outlen);

/* Whether If-None-Match (NULL = no) is "*" or lists etag (weak or strong, RFC 9110 §13.1.2),
 * also in its gzip-coded form. */
bool sl_http_none_match(const char *if_none_match, const char *etag);

/*
 * A gzip-coded answer is another representation, so it gets another strong tag
 * (RFC 9110 §8.8.3): "3" becomes "3-gzip". SL_ETAG_GZIP is that suffix inside the
 * quotes; sl_http_etag_gzip writes the coded form of a strong tag into out (a weak
 * or malformed tag is copied as it is) and returns false when out is too small.
 */
#define SL_ETAG_GZIP "-gzip"
bool sl_http_etag_gzip(const char *etag, char *out, size_t cap);

#endif
