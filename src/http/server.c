/*
 * server.c - the HTTP server (see server.h).
 *
 * libmicrohttpd calls the access handler several times per request: first
 * to announce it (the head is complete), then with body chunks, then once more
 * to answer. A request with a body is checked at the announcement, before a
 * byte of its body is read: an unknown route, a missing account, a wrong
 * transfer coding or a Content-Length over the route's limit is answered at
 * once and the connection closed. Bodies are then collected in memory up to a
 * small limit, except a data steward's delivery, which goes to a temporary file.
 * A request head must be complete within request_head_seconds (head_watch
 * below), and one client address may hold max_connections_per_ip connections.
 * Each worker thread opens its own store handle (SQLite connections are not
 * shared between threads) on first use.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "http/api.h"
#include "http/auth.h"
#include "http/metrics.h"
#include "http/negotiate.h"
#include "http/query_names.h"
#include "service/log.h"
#include "service/logboek_writer.h"
#include "http/static_files.h"

/* ---- per-thread store handles ------------------------------------------------ */

static pthread_key_t store_key;
static const sl_config *server_cfg;
static const sl_route *server_routes;

static void close_store(void *p)
{
    sl_store_close(p);
}

static sl_store *thread_store(char *err, size_t errcap)
{
    sl_store *st = pthread_getspecific(store_key);
    if (st)
        return st;
    if (!sl_store_open(server_cfg->db, &st, err, errcap))
        return NULL;
    pthread_setspecific(store_key, st);
    return st;
}

/* ---- the request head's deadline ---------------------------------------------------
 *
 * libmicrohttpd's connection timeout restarts with every byte, so a client that
 * sends a header line now and then keeps its connection (and a slot) forever,
 * and the access handler is not called before the head is complete. Every
 * connection is therefore on a list with the time its current request head
 * began (at the connection's start, or when its previous request ended); a
 * watchdog thread shuts down the socket of one whose head is not complete
 * within request_head_seconds, and libmicrohttpd then closes it. Entries leave
 * the list (under the lock) before libmicrohttpd closes the descriptor, so the
 * watchdog never touches a descriptor that is reused.
 */

typedef struct head_watch {
    struct head_watch *prev, *next;
    int fd;
    atomic_llong since_ms; /* when the current head began; 0 while a request is handled */
} head_watch;

static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t watch_wake = PTHREAD_COND_INITIALIZER;
static head_watch *watch_list;
static bool watch_stop;

static long long monotonic_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static head_watch *watch_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *i =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return i ? i->socket_context : NULL;
}

/* The head is complete: the request is being handled. */
static void head_watch_done(struct MHD_Connection *conn)
{
    head_watch *w = watch_of(conn);
    if (w)
        atomic_store(&w->since_ms, 0);
}

/* The request is answered: the next head, if any, starts now. */
static void head_watch_begin(struct MHD_Connection *conn)
{
    head_watch *w = watch_of(conn);
    if (w)
        atomic_store(&w->since_ms, monotonic_ms());
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    head_watch *w = *socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *i =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        w = i ? sl_calloc(1, sizeof *w) : NULL;
        if (!w)
            return; /* not watched: the idle timeout still applies */
        w->fd = i->connect_fd;
        atomic_store(&w->since_ms, monotonic_ms());
        pthread_mutex_lock(&watch_lock);
        w->next = watch_list;
        if (watch_list)
            watch_list->prev = w;
        watch_list = w;
        pthread_mutex_unlock(&watch_lock);
        *socket_context = w;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && w) {
        pthread_mutex_lock(&watch_lock);
        if (w->prev)
            w->prev->next = w->next;
        else
            watch_list = w->next;
        if (w->next)
            w->next->prev = w->prev;
        pthread_mutex_unlock(&watch_lock);
        sl_free(w);
        *socket_context = NULL;
    }
}

static void *head_watchdog(void *arg)
{
    long long limit_ms = (long long)server_cfg->request_head_seconds * 1000;
    (void)arg;
    pthread_mutex_lock(&watch_lock);
    while (!watch_stop) {
        long long now = monotonic_ms();
        for (head_watch *w = watch_list; w; w = w->next) {
            long long since = atomic_load(&w->since_ms);
            if (since && now - since > limit_ms) {
                shutdown(w->fd, SHUT_RDWR);
                atomic_store(&w->since_ms, 0);
            }
        }
        /* a quarter of the limit (at most a second) between checks */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        long long step = limit_ms / 4 < 1000 ? limit_ms / 4 : 1000;
        until.tv_nsec += (long)(step % 1000) * 1000000L;
        until.tv_sec += (time_t)(step / 1000) + until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&watch_wake, &watch_lock, &until);
    }
    pthread_mutex_unlock(&watch_lock);
    return NULL;
}

/* ---- requests ------------------------------------------------------------------ */

typedef struct conn_ctx {
    char *body;
    size_t len, cap;
    size_t limit;           /* the largest body this request may send */
    bool too_large;
    /* a delivery upload: streamed to upload_path in the private upload_dir */
    int upload_fd;          /* -1 when closed or none */
    bool upload_failed;     /* the disk refused a write */
    size_t upload_len;
    char upload_dir[400];   /* "" when none */
    char upload_path[420];
    struct timespec started;
    /* an answer held until its processing-log records are committed */
    struct MHD_Connection *conn;
    sl_response held;
    char held_trace[33];
    const char *method;     /* libmicrohttpd's, alive for the request */
    atomic_int log_state; /* LOG_NONE, LOG_WAITING, LOG_COMMITTED, LOG_FAILED */
} conn_ctx;

enum { LOG_NONE, LOG_WAITING, LOG_COMMITTED, LOG_FAILED };

/* The processing log's group committer, shared by the worker threads. */
static sl_log_writer *log_writer;

/* Opens the upload's file, 0600 in a new 0700 directory ($TMPDIR, else /tmp). */
static bool upload_open(conn_ctx *c)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    /* mkdtemp's template: it replaces the six trailing characters with a unique name */
    int n = snprintf(c->upload_dir, sizeof c->upload_dir, "%s/samenloop-levering-XXXXXX", tmp);
    if (n < 0 || (size_t)n >= sizeof c->upload_dir || !mkdtemp(c->upload_dir)) {
        c->upload_dir[0] = '\0';
        return false;
    }
    snprintf(c->upload_path, sizeof c->upload_path, "%s/upload", c->upload_dir);
    c->upload_fd = open(c->upload_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    return c->upload_fd >= 0;
}

/* Removes the upload's directory with whatever the handler left in it (it may have
 * renamed the file there); a file the handler means to keep, it moves elsewhere. */
static void upload_remove(conn_ctx *c)
{
    if (c->upload_fd >= 0)
        close(c->upload_fd);
    c->upload_fd = -1;
    if (!c->upload_dir[0])
        return;
    DIR *d = opendir(c->upload_dir);
    if (d) {
        for (struct dirent *e; (e = readdir(d));)
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                unlinkat(dirfd(d), e->d_name, 0);
        closedir(d);
    }
    rmdir(c->upload_dir);
    c->upload_dir[0] = '\0';
}

static void upload_append(conn_ctx *c, const char *data, size_t n)
{
    if (c->too_large || c->upload_len + n > c->limit) {
        c->too_large = true;
        return;
    }
    while (n && !c->upload_failed) {
        ssize_t w = write(c->upload_fd, data, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            c->upload_failed = true;
            break;
        }
        data += w;
        n -= (size_t)w;
        c->upload_len += (size_t)w;
    }
}

static bool append_body(conn_ctx *c, const char *data, size_t n, size_t limit)
{
    if (c->too_large || c->len + n > limit) {
        c->too_large = true;
        return true;
    }
    if (c->len + n + 1 > c->cap) {
        size_t ncap = c->cap ? c->cap : 4096;
        while (ncap < c->len + n + 1)
            ncap *= 2;
        /* not realloc: a body may hold a password, and realloc would leave the old
         * copy in freed memory; the old buffer is wiped before it is freed */
        char *nb = sl_malloc(ncap);
        if (!nb)
            return false;
        if (c->body) {
            memcpy(nb, c->body, c->len);
            sodium_memzero(c->body, c->cap);
            sl_free(c->body);
        }
        c->body = nb;
        c->cap = ncap;
    }
    memcpy(c->body + c->len, data, n);
    c->len += n;
    c->body[c->len] = '\0';
    return true;
}

/* The request module's view of the connection (sl_request.lookup). */
static const char *mhd_lookup(void *impl, sl_req_kind kind, const char *name)
{
    static const enum MHD_ValueKind mhd_kind[] = {
        [SL_REQ_QUERY] = MHD_GET_ARGUMENT_KIND,
        [SL_REQ_HEADER] = MHD_HEADER_KIND,
        [SL_REQ_COOKIE] = MHD_COOKIE_KIND,
    };
    return MHD_lookup_connection_value(impl, mhd_kind[kind], name);
}

/* A request that used an old query key is told it is deprecated (decision 106). */
static void add_deprecation(struct MHD_Connection *conn, struct MHD_Response *r)
{
    for (size_t i = 0; sl_query_old_name_at(i); i++)
        if (MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, sl_query_old_name_at(i))) {
            MHD_add_response_header(r, "Deprecation", SL_QUERY_DEPRECATION);
            MHD_add_response_header(r, "Sunset", SL_QUERY_SUNSET);
            MHD_add_response_header(r, "Link", SL_QUERY_DEPRECATION_LINK);
            return;
        }
}

/* ---- routing --------------------------------------------------------------------- */

/*
 * Matches path against a pattern segment by segment; {name} takes one
 * segment into params (pointing into the caller's copy of the path).
 */
static bool match(const char *pattern, char *path, sl_request *req)
{
    const char *p = pattern;
    char *s = path;
    req->nparams = 0;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            char *end = strchr(s, '/');
            if (!close || req->nparams >= 4)
                return false;
            if (end == s)
                return false;
            req->params[req->nparams++] = s;
            p = close + 1;
            if (!end) {
                s += strlen(s);
            } else {
                *end = '\0'; /* terminates the parameter; restored by the caller's copy */
                s = end + 1;
                if (*p != '/')
                    return false;
                p++;
            }
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    return *p == '\0' && *s == '\0';
}

static void new_trace_id(sl_request *req, struct MHD_Connection *conn)
{
    /* W3C traceparent: 00-<32 hex trace id>-<16 hex>-<2 hex> */
    const char *tp = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "traceparent");
    if (tp && strlen(tp) >= 35 && tp[2] == '-' && strspn(tp + 3, "0123456789abcdef") >= 32) {
        memcpy(req->trace_id, tp + 3, 32);
        req->trace_id[32] = '\0';
        return;
    }
    /* A random half per worker thread and a counter: unique without a system call
     * per request (a trace id ties log lines together; it guards nothing). */
    static _Thread_local unsigned char raw[16];
    static _Thread_local uint64_t counter;
    if (counter == 0)
        randombytes_buf(raw, 8);
    counter++;
    for (int i = 0; i < 8; i++)
        raw[8 + i] = (unsigned char)(counter >> (56 - 8 * i));
    sodium_bin2hex(req->trace_id, sizeof req->trace_id, raw, sizeof raw);
}

#define SL_PATH_CAP 1024

/*
 * The route for req's method and url (shorter than SL_PATH_CAP), or NULL with
 * the answer in resp: 405 with Allow when the path has other methods, else 404.
 */
static const sl_route *route_of(sl_request *req, sl_response *resp, const char *url)
{
    char path[SL_PATH_CAP];
    bool path_known = false;
    /* HEAD is GET without the body (RFC 9110 §9.3.2): libmicrohttpd leaves the body out */
    bool head = strcmp(req->method, "HEAD") == 0;
    char allow[128] = "";
    for (const sl_route *r = server_routes; r->method; r++) {
        memcpy(path, url, strlen(url) + 1);
        if (!match(r->pattern, path, req))
            continue;
        path_known = true;
        if (strcmp(r->method, req->method) == 0 || (head && strcmp(r->method, "GET") == 0))
            return r;
        size_t used = strlen(allow);
        snprintf(allow + used, sizeof allow - used, "%s%s%s", used ? ", " : "", r->method,
                 strcmp(r->method, "GET") == 0 ? ", HEAD" : "");
    }
    if (path_known) {
        sl_resp_header(resp, "Allow", allow);
        char detail[200];
        snprintf(detail, sizeof detail, "Op dit adres kan %s niet; wel: %s.", req->method, allow);
        sl_resp_problem(resp, 405, "Methode niet toegestaan", detail, NULL);
    } else {
        sl_resp_problem(resp, 404, "Niet gevonden",
                        "Op dit adres staat niets in de API; zie /api/v1/openapi.json voor "
                        "wat er is.", NULL);
    }
    return NULL;
}

/* Whether a read-only request's route reads one consistent statement (its
 * one_read): the route route_of would find for GET, with no answer composed. */
static bool one_read_route(sl_request *req, const char *url)
{
    char path[SL_PATH_CAP];
    size_t len = strlen(url);
    if (len >= SL_PATH_CAP)
        return false;
    for (const sl_route *r = server_routes; r->method; r++) {
        memcpy(path, url, len + 1);
        if (strcmp(r->method, "GET") == 0 && match(r->pattern, path, req))
            return r->one_read;
    }
    return false;
}

/* The media types a route answers in: JSON (and problem+json) always, plus its own. */
static bool accept_ok(const sl_route *r, const sl_request *req, sl_response *resp)
{
    const char *also = r->also_answers;
    const char *types[] = {"application/json", "application/problem+json", also, NULL};
    if (sl_http_accepts(sl_req_header(req, "Accept"), types))
        return true;
    char detail[200];
    snprintf(detail, sizeof detail, "Dit adres antwoordt in application/json%s%s; vraag daar "
             "om in Accept.", also ? " of " : "", also ? also : "");
    sl_resp_problem(resp, 406, "Niet in het gevraagde formaat", detail, NULL);
    return false;
}

/* False with the answer in resp when the route's account or CSRF token is missing. */
static bool access_ok(const sl_route *r, const sl_request *req, sl_response *resp)
{
    if (r->access == SL_ACCESS_AUTHENTICATED && !req->who.authenticated) {
        sl_resp_problem(resp, 401, "Niet ingelogd",
                        "Log in (POST /api/v1/sessies geeft de browser een sessiecookie), of "
                        "stuur een geldig token mee (Authorization: Bearer).", NULL);
        return false;
    }
    if (!sl_auth_csrf_ok(req)) {
        sl_resp_problem(resp, 403, "Verzoek geweigerd",
                        "Het CSRF-token ontbreekt of klopt niet (X-CSRF-Token).", NULL);
        return false;
    }
    return true;
}

static bool url_too_long(const char *url, sl_response *resp)
{
    if (strlen(url) < SL_PATH_CAP)
        return false;
    sl_resp_problem(resp, 414, "Adres van het verzoek is te lang",
                    "Het adres van het verzoek is langer dan deze server aanneemt.", NULL);
    return true;
}

static void dispatch(sl_request *req, sl_response *resp, const char *url)
{
    if (url_too_long(url, resp))
        return;
    const sl_route *r = route_of(req, resp, url);
    if (!r)
        return;
    /* params point into the matched path: an owned copy keeps them alive for the handler */
    char *owned = sl_strdup(url);
    if (!owned) {
        sl_resp_problem(resp, 503, "Onvoldoende geheugen", NULL, NULL);
        return;
    }
    match(r->pattern, owned, req);
    if (access_ok(r, req, resp) && accept_ok(r, req, resp))
        r->handler(req, resp);
    sl_free(owned);
}

/* ---- the announcement: refusing a body before it is read ----------------------------- */

static bool has_body(struct MHD_Connection *conn)
{
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    return (cl && strcmp(cl, "0") != 0) ||
           MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
}

/*
 * Decides, from the head alone, whether a request with a body may send it and
 * how much (c->limit, and c->upload_fd for a delivery); true with the answer in
 * resp when it may not. The account is looked up here and again when the
 * request is answered (it may end during a long upload).
 */
static bool refuse_body(sl_request *req, sl_response *resp, conn_ctx *c, const char *url)
{
    /* libmicrohttpd takes any other coding for a body of unknown length that never ends */
    const char *te = sl_req_header(req, "Transfer-Encoding");
    if (te && strcasecmp(te, "chunked") != 0) {
        sl_resp_problem(resp, 501, "Overdrachtscodering niet ondersteund",
                        "Alleen Transfer-Encoding: chunked wordt aangenomen.", NULL);
        return true;
    }
    if (sl_static_handles(url)) /* the web UI's files take no body: 405 at the answer */
        return false;
    if (url_too_long(url, resp))
        return true;
    const sl_route *r = route_of(req, resp, url);
    if (!r)
        return true;
    if (r->access != SL_ACCESS_PUBLIC) {
        char err[256];
        if (!(req->st = thread_store(err, sizeof err))) {
            sl_resp_problem(resp, 503, "Register niet beschikbaar", err, NULL);
            return true;
        }
        if (!sl_store_read_begin(req->st)) {
            sl_resp_problem(resp, 503, "Register niet beschikbaar", sl_store_errmsg(req->st),
                            NULL);
            return true;
        }
        sl_auth_identify(req);
        bool refused = !access_ok(r, req, resp);
        sl_store_read_end(req->st);
        memset(&req->touch, 0, sizeof req->touch); /* written when the request is answered */
        if (refused)
            return true;
    }
    bool delivery = r->takes_file && req->who.rol == SL_ROLE_DATASTEWARD;
    c->limit = (size_t)(delivery ? server_cfg->max_upload_bytes : server_cfg->max_body_bytes);
    const char *cl = sl_req_header(req, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > c->limit) {
        sl_resp_problem(resp, 413, "Verzoek te groot", "De inhoud van het verzoek is groter "
                        "dan deze server aanneemt.", NULL);
        return true;
    }
    if (delivery && !upload_open(c)) {
        sl_resp_problem(resp, 503, "Tijdelijk niet beschikbaar",
                        "De levering kon niet tijdelijk worden opgeslagen.", NULL);
        upload_remove(c);
        return true;
    }
    return false;
}

static bool has_header(const sl_response *resp, const char *name)
{
    for (size_t i = 0; i < resp->nheaders; i++)
        if (strcmp(resp->header_name[i], name) == 0)
            return true;
    return false;
}

/* A 200 to a GET whose ETag the client holds already: 304 without the body (RFC 9110 §15.4.5). */
static bool not_modified(struct MHD_Connection *conn, const char *method, const sl_response *resp)
{
    if (resp->status != 200 || !method ||
        (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0))
        return false;
    for (size_t i = 0; i < resp->nheaders; i++)
        if (strcmp(resp->header_name[i], "ETag") == 0)
            return sl_http_none_match(
                MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match"),
                resp->header_value[i]);
    return false;
}

/* Whether the answer goes gzip-coded to this client (when its body is worth it). */
static bool takes_gzip(struct MHD_Connection *conn, const sl_response *resp)
{
    return sl_http_compressible(resp->content_type) &&
           sl_http_accepts_gzip(
               MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding"));
}

/* The body as gzip when it is worth it; *text is replaced. */
static bool gzip_body(char **text, size_t *len)
{
    if (*len < SL_GZIP_MIN_BYTES)
        return false;
    char *z;
    size_t zlen;
    if (!sl_http_gzip(*text, *len, &z, &zlen))
        return false; /* sent as it is */
    sl_free(*text);
    *text = z;
    *len = zlen;
    return true;
}

/* RFC 6750 §3: how to authenticate, and whether the token that came was the trouble. */
static void www_authenticate(struct MHD_Connection *conn, struct MHD_Response *r)
{
    const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    MHD_add_response_header(r, "WWW-Authenticate",
                            auth && strncasecmp(auth, "Bearer ", 7) == 0
                                ? "Bearer realm=\"samenloop\", error=\"invalid_token\""
                                : "Bearer realm=\"samenloop\"");
}

static enum MHD_Result send_response(struct MHD_Connection *conn, sl_request *req, sl_response *resp)
{
    char *text = NULL;
    size_t len = 0;
    bool unchanged = not_modified(conn, req->method, resp);
    if (unchanged) {
        resp->status = 304;
    } else if (resp->json) {
        text = json_dumps(resp->json, JSON_COMPACT);
        len = text ? strlen(text) : 0;
    } else if (resp->raw) {
        text = resp->raw;
        len = resp->raw_len;
        resp->raw = NULL;
    }
    /* A gzip client's tags are the coded ones, also on a 304 or a short body that goes
     * uncoded: one tag per client kind, never one tag for two representations. */
    bool coding = takes_gzip(conn, resp);
    bool gzipped = text && coding && gzip_body(&text, &len);
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, text ? text : (char *)"",
                                        text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        sl_free(text);
        return MHD_NO;
    }
    MHD_add_response_header(r, "API-Version", SL_API_VERSION);
    sl_http_security_headers(r, SL_API_CSP, server_cfg->hsts_seconds);
    /* no answer is cached unless its handler says how (the public vocabulary) */
    if (!has_header(resp, "Cache-Control"))
        MHD_add_response_header(r, "Cache-Control", "no-store");
    if (resp->content_type && !unchanged)
        MHD_add_response_header(r, "Content-Type", resp->content_type);
    if (sl_http_compressible(resp->content_type))
        MHD_add_response_header(r, "Vary", "Accept-Encoding");
    if (gzipped)
        MHD_add_response_header(r, "Content-Encoding", "gzip");
    if (resp->status == 401)
        www_authenticate(conn, r);
    MHD_add_response_header(r, "Trace-Id", req->trace_id);
    for (size_t i = 0; i < resp->nheaders; i++) {
        char coded[96];
        bool etag = coding && strcmp(resp->header_name[i], "ETag") == 0 &&
                    sl_http_etag_gzip(resp->header_value[i], coded, sizeof coded);
        MHD_add_response_header(r, resp->header_name[i], etag ? coded : resp->header_value[i]);
    }
    add_deprecation(conn, r);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ret;
}

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* From the log writer's thread: the held answer may go (or not); wake its connection.
 * c is not touched after the resume: the worker may finish and free it at once. */
static void log_done(void *ctx, bool ok)
{
    conn_ctx *c = ctx;
    struct MHD_Connection *conn = c->conn;
    atomic_store(&c->log_state, ok ? LOG_COMMITTED : LOG_FAILED);
    MHD_resume_connection(conn);
}

/* Sends the answer that waited for its log records, or 503 when they did not commit. */
static enum MHD_Result send_held(struct MHD_Connection *conn, conn_ctx *c)
{
    sl_request req = {.lookup = mhd_lookup, .impl = conn, .method = c->method};
    memcpy(req.trace_id, c->held_trace, sizeof req.trace_id);
    if (atomic_load(&c->log_state) != LOG_COMMITTED) {
        sl_resp_free(&c->held);
        memset(&c->held, 0, sizeof c->held);
        sl_resp_problem(&c->held, 503, "Register niet beschikbaar",
                        "De inzage kon niet in het verwerkingslogboek worden vastgelegd.", NULL);
    }
    atomic_store(&c->log_state, LOG_NONE);
    enum MHD_Result ret = send_response(conn, &req, &c->held);
    sl_metrics_request(c->held.status, seconds_since(&c->started));
    sl_resp_free(&c->held);
    memset(&c->held, 0, sizeof c->held);
    return ret;
}

/* The first call of a request with a body: answers at once when refuse_body says so. */
static enum MHD_Result announce(struct MHD_Connection *conn, conn_ctx *c, const char *url,
                                const char *method)
{
    sl_request req = {.method = method, .path = url, .body = "", .cfg = server_cfg,
                      .lookup = mhd_lookup, .impl = conn, .now = (int64_t)time(NULL)};
    sl_response resp = {.status = 500};
    if (!refuse_body(&req, &resp, c, url)) {
        sl_resp_free(&resp);
        return MHD_YES;
    }
    new_trace_id(&req, conn);
    /* queued before the body is read: libmicrohttpd then closes the connection */
    enum MHD_Result ret = send_response(conn, &req, &resp);
    sl_metrics_request(resp.status, seconds_since(&c->started));
    sl_resp_free(&resp);
    return ret;
}

/* 501 for a method HTTP does not define (BREW, PROPFIND): no route has it (RFC 9110 §9.1). */
static enum MHD_Result unknown_method(struct MHD_Connection *conn, conn_ctx *c,
                                      const char *method)
{
    sl_request req = {.method = method, .lookup = mhd_lookup, .impl = conn};
    sl_response resp = {.status = 500};
    new_trace_id(&req, conn);
    sl_resp_problem(&resp, 501, "Methode onbekend",
                    "Deze server kent alleen de methoden GET, HEAD, POST, PUT, PATCH en DELETE.",
                    NULL);
    enum MHD_Result ret = send_response(conn, &req, &resp);
    sl_metrics_request(resp.status, seconds_since(&c->started));
    sl_resp_free(&resp);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)cls;
    (void)version;
    conn_ctx *c = *con_cls;
    if (!c) {
        head_watch_done(conn);
        c = sl_calloc(1, sizeof *c);
        if (!c)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &c->started);
        c->limit = (size_t)server_cfg->max_body_bytes;
        c->upload_fd = -1;
        c->method = method;
        *con_cls = c;
        if (!sl_http_known_method(method))
            return unknown_method(conn, c, method);
        return has_body(conn) ? announce(conn, c, url, method) : MHD_YES;
    }
    if (atomic_load(&c->log_state) == LOG_WAITING)
        return MHD_YES; /* not yet resumed by the writer; nothing to do */
    if (atomic_load(&c->log_state) != LOG_NONE)
        return send_held(conn, c);
    if (*upload_data_size) {
        if (c->upload_fd >= 0)
            upload_append(c, upload_data, *upload_data_size);
        else if (!append_body(c, upload_data, *upload_data_size, c->limit))
            return MHD_NO;
        *upload_data_size = 0;
        return MHD_YES;
    }
    sl_request req = {.method = method, .path = url, .body = c->body ? c->body : "",
                      .body_len = c->len, .cfg = server_cfg, .lookup = mhd_lookup, .impl = conn,
                      .now = (int64_t)time(NULL)};
    if (c->upload_fd >= 0) {
        close(c->upload_fd);
        c->upload_fd = -1;
        req.upload_path = c->upload_path;
        req.upload_len = c->upload_len;
    }
    sl_response resp = {.status = 500};
    new_trace_id(&req, conn);
    if (sl_static_handles(url)) { /* the web UI's files: no store, no account */
        int status = 500;
        enum MHD_Result sret = sl_static_serve(conn, server_cfg, method, url, req.trace_id,
                                               &status);
        sl_metrics_request(status, seconds_since(&c->started));
        return sret;
    }
    char err[256];
    if (c->too_large) {
        sl_resp_problem(&resp, 413, "Verzoek te groot", "De inhoud van het verzoek is groter "
                        "dan deze server aanneemt.", NULL);
    } else if (c->upload_failed) {
        sl_resp_problem(&resp, 503, "Tijdelijk niet beschikbaar",
                        "De levering kon niet tijdelijk worden opgeslagen.", NULL);
    } else if (!(req.st = thread_store(err, sizeof err))) {
        sl_resp_problem(&resp, 503, "Register niet beschikbaar", err, NULL);
    } else {
        /* A read-only request sees one snapshot, its account included: one read
         * lock instead of one per check and per query. A route whose reads are
         * one statement is consistent without it, and on PostgreSQL the
         * snapshot's BEGIN and COMMIT would be two of its four statements. */
        bool read_only = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
        bool snapshot = read_only && !one_read_route(&req, url);
        if (snapshot && !sl_store_read_begin(req.st)) {
            sl_resp_problem(&resp, 503, "Register niet beschikbaar", sl_store_errmsg(req.st),
                            NULL);
        } else {
            sl_auth_identify(&req);
            if (read_only) {
                dispatch(&req, &resp, url);
                if (snapshot)
                    sl_store_read_end(req.st);
                sl_auth_touch_pending(&req);
            } else {
                /* a write's own transaction comes after the touch */
                sl_auth_touch_pending(&req);
                dispatch(&req, &resp, url);
            }
        }
    }
    if (resp.nlog) {
        /* hold the answer and the connection, not the thread, until the log commits */
        c->conn = conn;
        c->held = resp;
        memcpy(c->held_trace, req.trace_id, sizeof c->held_trace);
        atomic_store(&c->log_state, LOG_WAITING);
        MHD_suspend_connection(conn);
        if (!sl_log_writer_submit(log_writer, resp.log, resp.nlog, log_done, c)) {
            atomic_store(&c->log_state, LOG_FAILED);
            MHD_resume_connection(conn);
        }
        return MHD_YES;
    }
    enum MHD_Result ret = send_response(conn, &req, &resp);
    sl_metrics_request(resp.status, seconds_since(&c->started));
    sl_resp_free(&resp);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)toe;
    head_watch_begin(conn); /* a kept-alive connection's next request head starts now */
    conn_ctx *c = *con_cls;
    if (c) {
        upload_remove(c);
        if (c->body)
            sodium_memzero(c->body, c->cap); /* a login or account body holds a password */
        sl_free(c->body);
        sl_free(c);
        *con_cls = NULL;
    }
}

/* ---- lifecycle --------------------------------------------------------------------- */

static bool parse_listen(const char *listen, struct sockaddr_in *addr)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof host)
        return false;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    /* port 0: the kernel picks a free one, which ready() then names (for test launchers) */
    if (*end || end == colon + 1 || port < 0 || port > 65535)
        return false;
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_port = htons((uint16_t)port);
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof host, "127.0.0.1");
    return inet_pton(AF_INET, *host ? host : "0.0.0.0", &addr->sin_addr) == 1;
}

static void stop_watchdog(pthread_t t)
{
    pthread_mutex_lock(&watch_lock);
    watch_stop = true;
    pthread_cond_signal(&watch_wake);
    pthread_mutex_unlock(&watch_lock);
    pthread_join(t, NULL);
}

int sl_server_run(const sl_config *cfg, const sl_route *routes,
                  void (*ready)(const char *listen))
{
    sl_log_set_level(cfg->log_level);
    struct sockaddr_in addr;
    if (!parse_listen(cfg->listen, &addr)) {
        sl_log(SL_LOG_ERROR, "server", "listen: expected IPv4-ADDRESS:PORT, got '%s'", cfg->listen);
        return 2;
    }
    if (sodium_init() < 0) {
        sl_log(SL_LOG_ERROR, "server", "libsodium could not start");
        return 1;
    }
    /* the register must open (and migrate) before we accept anyone */
    sl_store *probe;
    char err[512];
    if (!sl_store_open(cfg->db, &probe, err, sizeof err)) {
        sl_log(SL_LOG_ERROR, "server", "%s", err);
        return 1;
    }
    sl_store_close(probe);
    bool warn;
    if (!sl_static_check_root(cfg->web_root, &warn, err, sizeof err)) {
        sl_log(SL_LOG_ERROR, "server", "%s", err);
        return 1;
    }
    if (warn)
        sl_log(SL_LOG_WARN, "server", "%s", err);
    server_cfg = cfg;
    server_routes = routes;
    pthread_key_create(&store_key, close_store);

    /* the signals we wait for must be blocked before MHD starts its threads */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* Worker threads allocate and free a response's buffers on every request; by
     * default glibc hands the top of each thread's heap back (an mprotect call)
     * every time and grows it again on the next request. */
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    /* after the signal mask: the writer's thread inherits it */
    if (!sl_log_writer_start(cfg->db, sl_metrics_log_commit, &log_writer, err, sizeof err)) {
        sl_log(SL_LOG_ERROR, "server", "%s", err);
        return 1;
    }
    pthread_t watchdog;
    watch_stop = false;
    if (pthread_create(&watchdog, NULL, head_watchdog, NULL) != 0) {
        sl_log(SL_LOG_ERROR, "server", "cannot start the request-head watchdog");
        sl_log_writer_stop(log_writer);
        return 1;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
            MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL,
        on_request, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)cfg->threads, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
        MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)cfg->max_connections_per_ip, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
        NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_UNESCAPE_CALLBACK, sl_http_unescape, NULL, MHD_OPTION_END);
    if (!d) {
        sl_log(SL_LOG_ERROR, "server", "cannot listen on %s (in use, or not allowed)", cfg->listen);
        stop_watchdog(watchdog);
        sl_log_writer_stop(log_writer);
        return 1;
    }
    sl_metrics_ready(true);
    if (ready) {
        /* the address actually bound: with port 0 only the daemon knows the port */
        char bound[80];
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        char ip[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &addr.sin_addr, ip, sizeof ip);
        snprintf(bound, sizeof bound, "%s:%u", ip,
                 info ? (unsigned)info->port : (unsigned)ntohs(addr.sin_port));
        ready(bound);
    }
    int sig;
    sigwait(&set, &sig);
    /* stop accepting, let requests in flight finish, then stop the workers */
    sl_metrics_ready(false);
    MHD_quiesce_daemon(d);
    /* answers waiting for the log are committed and resumed before the workers stop;
     * a look asked for after this gets 503, never an unlogged answer */
    sl_log_writer_stop(log_writer);
    log_writer = NULL;
    MHD_stop_daemon(d);
    stop_watchdog(watchdog);
    return 0;
}
