/*
 * static_files.c - the web UI's files (see static_files.h).
 *
 * The walk: web_root is opened as a directory, then each component of the
 * request path with openat(O_NOFOLLOW) relative to the previous one, so the
 * kernel, not string handling, decides what is inside; a symbolic link
 * anywhere below web_root is never followed (ELOOP), and ".." never reaches
 * openat because the path check refuses it first. The file descriptor goes
 * to libmicrohttpd, which owns and closes it.
 */
#include "http/static_files.h"

#include "core/alloc.h"
#include "http/negotiate.h"
#include "service/log.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define COMPONENT_MAX 255 /* NAME_MAX on Linux */
#define REL_CAP 1024

bool sl_static_handles(const char *path)
{
    if (strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0)
        return false;
    return strcmp(path, "/healthz") != 0 && strcmp(path, "/readyz") != 0 &&
           strcmp(path, "/metrics") != 0;
}

/* A component is a plain name: not empty, no leading dot, nothing that means a path. */
static bool plain_name(const char *s, size_t n)
{
    if (n == 0 || n > COMPONENT_MAX || s[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || c == '\\' || c == '%')
            return false;
    }
    return true;
}

sl_static_kind sl_static_classify(const char *method, const char *path, char *rel, size_t relcap)
{
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return SL_STATIC_METHOD;
    if (path[0] != '/')
        return SL_STATIC_BAD_PATH;
    size_t len = strlen(path);
    if (len == 1)
        return SL_STATIC_INDEX;
    if (len >= relcap || len >= REL_CAP)
        return SL_STATIC_BAD_PATH;
    /* "/dossier/1/" is "/dossier/1": a trailing slash never names a file */
    size_t end = len;
    if (path[end - 1] == '/')
        end--;
    const char *p = path + 1, *stop = path + end;
    while (p < stop) {
        const char *slash = memchr(p, '/', (size_t)(stop - p));
        size_t n = slash ? (size_t)(slash - p) : (size_t)(stop - p);
        if (!plain_name(p, n))
            return SL_STATIC_BAD_PATH;
        p += n + (slash ? 1 : 0);
        if (slash && p == stop)
            return SL_STATIC_BAD_PATH; /* "a//" after stripping one slash */
    }
    memcpy(rel, path + 1, end - 1);
    rel[end - 1] = '\0';
    return SL_STATIC_FILE;
}

const char *sl_static_content_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {"html", "text/html; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"webp", "image/webp"},
        {"ico", "image/x-icon"},
        {"woff2", "font/woff2"},
        {"woff", "font/woff"},
        {"json", "application/json"},
        {"map", "application/json"},
        {"webmanifest", "application/manifest+json"},
        {"txt", "text/plain; charset=utf-8"},
    };
    const char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcasecmp(dot + 1, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

bool sl_static_check_root(const char *web_root, bool *warn, char *err, size_t errcap)
{
    *warn = false;
    if (!*web_root)
        return true;
    int fd = open(web_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errcap, "web_root '%s': %s (expected the directory of the built web UI)",
                 web_root, strerror(errno));
        return false;
    }
    struct stat st;
    if (fstatat(fd, "index.html", &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
        *warn = true;
        snprintf(err, errcap, "web_root '%s' has no index.html (run `npm run build` in web/)",
                 web_root);
    }
    close(fd);
    return true;
}

/*
 * Opens rel (components separated by '/') below the directory rootfd without
 * following any symbolic link. Returns a descriptor of a regular file with
 * *st filled, or -1 (missing, a link, a directory, unreadable, or no memory
 * for descriptors: all mean "no such file here").
 */
static int open_below(int rootfd, const char *rel, struct stat *st)
{
    char comp[COMPONENT_MAX + 1];
    int dir = rootfd, fd = -1;
    const char *p = rel;
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 0 || n > COMPONENT_MAX)
            break;
        memcpy(comp, p, n);
        comp[n] = '\0';
        if (slash) {
            int next = openat(dir, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (dir != rootfd)
                close(dir);
            dir = next;
            if (dir < 0)
                return -1;
            p = slash + 1;
            continue;
        }
        /* O_NONBLOCK: a FIFO planted in web_root must not hang the worker */
        fd = openat(dir, comp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
        break;
    }
    if (dir != rootfd)
        close(dir);
    if (fd >= 0 && (fstat(fd, st) != 0 || !S_ISREG(st->st_mode))) {
        close(fd);
        fd = -1;
    }
    return fd;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t sl_http_unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    char *w = s;
    for (const char *r = s; *r;) {
        int hi, lo;
        if (r[0] == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 &&
            (hi | lo) != 0) {
            *w++ = (char)(hi * 16 + lo);
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

void sl_http_security_headers(struct MHD_Response *r, const char *csp, long hsts_seconds)
{
    MHD_add_response_header(r, "Content-Security-Policy", csp);
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    if (hsts_seconds > 0) {
        char v[48];
        snprintf(v, sizeof v, "max-age=%ld", hsts_seconds);
        MHD_add_response_header(r, "Strict-Transport-Security", v);
    }
}

static void security_headers(struct MHD_Response *r, const char *trace_id, long hsts_seconds)
{
    sl_http_security_headers(r, SL_STATIC_CSP, hsts_seconds);
    MHD_add_response_header(r, "Trace-Id", trace_id);
}

/* A problem+json answer, as the API's errors (RFC 9457). */
static enum MHD_Result problem(struct MHD_Connection *conn, int status, const char *title,
                               const char *detail, const char *trace_id, long hsts,
                               int *out_status)
{
    json_t *p = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", title,
                          "status", status, "detail", detail);
    char *text = p ? json_dumps(p, JSON_COMPACT) : NULL;
    json_decref(p);
    /* jansson allocates through core/alloc.h (cli/main.c): copy, then free it ourselves */
    struct MHD_Response *r = MHD_create_response_from_buffer(
        text ? strlen(text) : 0, text ? text : (char *)"", MHD_RESPMEM_MUST_COPY);
    sl_free(text);
    if (!r)
        return MHD_NO;
    security_headers(r, trace_id, hsts);
    MHD_add_response_header(r, "Content-Type", "application/problem+json");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (status == 405)
        MHD_add_response_header(r, "Allow", "GET, HEAD");
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, r);
    MHD_destroy_response(r);
    *out_status = status;
    return ret;
}

/* Whether If-None-Match names etag (or is "*"). */
static bool not_modified(struct MHD_Connection *conn, const char *etag)
{
    return sl_http_none_match(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match"),
                              etag);
}

/* The web UI's largest text file is well below this; a larger one goes as it is. */
#define GZIP_MAX_BYTES (8L << 20)

/* fd's whole content (size bytes) gzip-coded, or NULL; fd stays open. */
static char *gzip_file(int fd, off_t size, size_t *zlen)
{
    char *plain = sl_malloc((size_t)size);
    if (!plain)
        return NULL;
    size_t got = 0;
    while (got < (size_t)size) {
        ssize_t n = pread(fd, plain + got, (size_t)size - got, (off_t)got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    char *z = NULL;
    if (got != (size_t)size || !sl_http_gzip(plain, got, &z, zlen))
        z = NULL;
    sl_free(plain);
    return z;
}

enum MHD_Result sl_static_serve(struct MHD_Connection *conn, const sl_config *cfg,
                                const char *method, const char *path, const char *trace_id,
                                int *status)
{
    const char *web_root = cfg->web_root;
    long hsts = cfg->hsts_seconds;
    if (!*web_root)
        return problem(conn, 404, "Niet gevonden",
                       "De webapplicatie is op deze server niet ingesteld (web_root); "
                       "de API staat onder /api/v1/.", trace_id, hsts, status);
    char rel[REL_CAP];
    sl_static_kind kind = sl_static_classify(method, path, rel, sizeof rel);
    if (kind == SL_STATIC_METHOD)
        return problem(conn, 405, "Methode niet toegestaan",
                       "Bestanden van de webapplicatie worden alleen gelezen (GET, HEAD).",
                       trace_id, hsts, status);
    if (kind == SL_STATIC_BAD_PATH)
        return problem(conn, 400, "Ongeldig pad",
                       "Het pad bevat een onderdeel dat geen gewone bestandsnaam is.", trace_id,
                       hsts, status);
    int rootfd = open(web_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) {
        sl_log(SL_LOG_ERROR, "static", "web_root '%s': %s", web_root, strerror(errno));
        return problem(conn, 500, "Interne fout",
                       "De bestanden van de webapplicatie zijn niet bereikbaar.", trace_id, hsts,
                       status);
    }
    struct stat st;
    int fd = -1;
    bool asset = false;
    if (kind == SL_STATIC_FILE) {
        fd = open_below(rootfd, rel, &st);
        asset = strncmp(rel, "assets/", 7) == 0 || strcmp(rel, "assets") == 0;
        if (fd < 0 && asset) {
            close(rootfd);
            return problem(conn, 404, "Niet gevonden", "Dit bestand bestaat niet (meer).",
                           trace_id, hsts, status);
        }
    }
    const char *name = rel;
    if (fd < 0) { /* the root, or a route of the single-page application */
        name = "index.html";
        fd = open_below(rootfd, name, &st);
    }
    close(rootfd);
    if (fd < 0)
        return problem(conn, 404, "Niet gevonden",
                       "De webapplicatie is niet gebouwd (index.html ontbreekt).", trace_id,
                       hsts, status);

    const char *type = sl_static_content_type(name);
    bool compressible = sl_http_compressible(type);
    /* the gzip coding is its own representation: its own ETag (RFC 9110 §8.8.3) */
    bool gzip = compressible && st.st_size >= SL_GZIP_MIN_BYTES && st.st_size <= GZIP_MAX_BYTES &&
                sl_http_accepts_gzip(
                    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding"));
    char etag[72];
    snprintf(etag, sizeof etag, "\"%" PRIxMAX "-%" PRIxMAX "-%lx%s\"", (uintmax_t)st.st_size,
             (uintmax_t)st.st_mtim.tv_sec, (unsigned long)st.st_mtim.tv_nsec, gzip ? "-gz" : "");
    int code = 200;
    struct MHD_Response *r;
    char *z = NULL;
    size_t zlen = 0;
    if (not_modified(conn, etag)) {
        close(fd);
        code = 304;
        r = MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT);
    } else if (gzip && (z = gzip_file(fd, st.st_size, &zlen))) {
        close(fd);
        r = MHD_create_response_from_buffer(zlen, z, MHD_RESPMEM_MUST_FREE);
        if (!r)
            sl_free(z);
    } else {
        gzip = false;
        r = MHD_create_response_from_fd64((uint64_t)st.st_size, fd); /* takes fd */
        if (!r)
            close(fd);
    }
    if (!r)
        return MHD_NO;
    security_headers(r, trace_id, hsts);
    MHD_add_response_header(r, "Content-Type", type);
    if (compressible)
        MHD_add_response_header(r, "Vary", "Accept-Encoding");
    if (gzip && code == 200)
        MHD_add_response_header(r, "Content-Encoding", "gzip");
    /* hashed asset names change with their content; everything else is revalidated */
    MHD_add_response_header(r, "Cache-Control",
                            asset ? "public, max-age=31536000, immutable" : "no-cache");
    MHD_add_response_header(r, "ETag", etag);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)code, r);
    MHD_destroy_response(r);
    *status = code;
    return ret;
}
