/*
 * delivery_hold.c - holding a snapshot for a second confirmation (see
 * delivery_hold.h).
 */
#include "service/delivery_hold.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "service/delivery_log.h"
#include "store/deliveries_store.h"

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

bool sl_delivery_keep_dir(const char *register_path, const char *configured, char *out,
                          size_t cap)
{
    int n;
    if (configured && *configured)
        n = snprintf(out, cap, "%s", configured);
    else if (register_path && sl_store_target_is_file(register_path))
        n = snprintf(out, cap, "%s-leveringen", register_path);
    else
        return false; /* a database server's register: no directory of its own (decision 176) */
    return n > 0 && (size_t)n < cap;
}

/* <keep_dir>/<id>: a directory per delivery, so the file keeps its delivered name. */
static bool kept_dir(const char *keep_dir, int64_t id, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s/%lld", keep_dir, (long long)id);
    return n > 0 && (size_t)n < cap;
}

bool sl_delivery_kept_path(const char *keep_dir, int64_t id, const char *bestand, char *out,
                           size_t cap)
{
    int n = snprintf(out, cap, "%s/%lld/%s", keep_dir, (long long)id, base_name(bestand));
    return n > 0 && (size_t)n < cap;
}

void sl_delivery_kept_remove(const char *keep_dir, int64_t id, const char *bestand)
{
    char path[4096], dir[4096];
    if (sl_delivery_kept_path(keep_dir, id, bestand, path, sizeof path))
        unlink(path);
    if (kept_dir(keep_dir, id, dir, sizeof dir))
        rmdir(dir);
}

static bool fail(char *err, size_t errcap, const char *what, const char *why)
{
    snprintf(err, errcap, "levering aanhouden mislukt: %s: %s", what, why);
    return false;
}

/* Copies src to dst (created 0600) and makes it durable. */
static bool copy_durable(const char *src, const char *dst, char *err, size_t errcap)
{
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return fail(err, errcap, src, strerror(errno));
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) {
        close(in);
        return fail(err, errcap, dst, strerror(errno));
    }
    char buf[1 << 16];
    ssize_t r;
    bool ok = true;
    while (ok && (r = read(in, buf, sizeof buf)) != 0) {
        if (r < 0) {
            ok = errno == EINTR;
            continue;
        }
        for (ssize_t done = 0; ok && done < r;) {
            ssize_t w = write(out, buf + done, (size_t)(r - done));
            if (w < 0 && errno == EINTR)
                continue;
            ok = w > 0;
            done += w > 0 ? w : 0;
        }
    }
    int e = errno;
    ok = ok && fsync(out) == 0;
    ok = close(out) == 0 && ok;
    close(in);
    if (!ok) {
        unlink(dst);
        return fail(err, errcap, dst, strerror(e ? e : EIO));
    }
    return true;
}

static bool make_dir(const char *dir, char *err, size_t errcap)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return fail(err, errcap, dir, strerror(errno));
    return true;
}

/* Keeps the held file as <keep_dir>/<id>/<name>. */
static bool keep_file(const sl_held_delivery *h, int64_t id, char *err, size_t errcap)
{
    char dir[4096], path[4096];
    if (!h->keep_dir || !kept_dir(h->keep_dir, id, dir, sizeof dir) ||
        !sl_delivery_kept_path(h->keep_dir, id, h->file, path, sizeof path))
        return fail(err, errcap, "bewaren",
                    "geen map om het bestand te bewaren (stel leveringen_map in)");
    return make_dir(h->keep_dir, err, errcap) && make_dir(dir, err, errcap) &&
           copy_durable(h->file, path, err, errcap);
}

/* ---- rejects outlive the rollback in a temporary file ------------------- */

typedef struct reject_dump {
    FILE *f;
} reject_dump;

static bool put_text(FILE *f, const char *s)
{
    uint32_t n = (uint32_t)strlen(s ? s : "");
    return fwrite(&n, sizeof n, 1, f) == 1 && (n == 0 || fwrite(s, 1, n, f) == n);
}

static bool dump_reject(void *ctx, int64_t line, const char *column, const char *reason,
                        const char *row)
{
    FILE *f = ((reject_dump *)ctx)->f;
    return fwrite(&line, sizeof line, 1, f) == 1 && put_text(f, column) && put_text(f, reason) &&
           put_text(f, row);
}

/* A text written by put_text into *buf (grown as needed); false at the end or on error. */
static bool get_text(FILE *f, char **buf, size_t *cap)
{
    uint32_t n;
    if (fread(&n, sizeof n, 1, f) != 1)
        return false;
    if ((size_t)n + 1 > *cap) {
        char *b = sl_realloc(*buf, (size_t)n + 1);
        if (!b)
            return false;
        *buf = b;
        *cap = (size_t)n + 1;
    }
    if (n && fread(*buf, 1, n, f) != n)
        return false;
    (*buf)[n] = '\0';
    return true;
}

static bool restore_rejects(sl_store *st, FILE *f, int64_t id)
{
    char *column = NULL, *reason = NULL, *row = NULL;
    size_t ccap = 0, rcap = 0, wcap = 0;
    int64_t line;
    bool ok = true;
    rewind(f);
    while (ok && fread(&line, sizeof line, 1, f) == 1) {
        ok = get_text(f, &column, &ccap) && get_text(f, &reason, &rcap) &&
             get_text(f, &row, &wcap);
        if (!ok)
            sl_store_fail(st, "afgewezen rijen terugzetten mislukt");
        else
            ok = sl_store_reject_add(st, id, line, column, reason, row);
    }
    sl_free(column);
    sl_free(reason);
    sl_free(row);
    return ok;
}

typedef struct absent_add {
    sl_store *st;
    int64_t id;
} absent_add;

static bool add_absent(void *ctx, const char *sleutel)
{
    absent_add *a = ctx;
    return sl_store_delivery_absent_add(a->st, a->id, sleutel);
}

bool sl_delivery_hold(sl_store *st, const sl_held_delivery *h, int64_t *id, char *err,
                      size_t errcap)
{
    FILE *tmp = tmpfile();
    if (!tmp) {
        sl_store_rollback(st);
        return fail(err, errcap, "tijdelijk bestand", strerror(errno));
    }
    reject_dump d = {tmp};
    bool dumped = sl_store_rejects_of(st, h->rejects_of, dump_reject, &d) && fflush(tmp) == 0;
    sl_store_rollback(st);
    if (!dumped) {
        fclose(tmp);
        return fail(err, errcap, "afgewezen rijen", sl_store_errmsg(st));
    }
    /* what the processing log says of it: the counts, nothing marked absent yet */
    sl_import_report held = {.kind = h->kind, .counts = *h->counts, .held = true,
                             .would_absent = h->would_absent, .current = h->current};
    held.counts.absent = 0;
    bool kept = false;
    bool ok = sl_store_begin(st) && sl_store_delivery_add(st, h->file, h->kind, id);
    held.delivery_id = ok ? *id : 0;
    ok = ok && (!h->door || sl_store_delivery_set_door(st, *id, h->door)) &&
              restore_rejects(st, tmp, *id) &&
              h->each_key(h->keys_ctx, add_absent, &(absent_add){st, *id}) &&
              sl_delivery_finish_logged(st, &held, h->sha256_hex, h->by) &&
              sl_store_delivery_hold(st, *id, h->would_absent, h->current);
    fclose(tmp);
    if (!ok) {
        snprintf(err, errcap, "levering aanhouden mislukt: %s", sl_store_errmsg(st));
    } else {
        kept = keep_file(h, *id, err, errcap);
        ok = kept && sl_store_commit(st);
        if (kept && !ok)
            snprintf(err, errcap, "levering aanhouden mislukt: %s", sl_store_errmsg(st));
    }
    if (!ok) {
        sl_store_rollback(st);
        if (kept)
            sl_delivery_kept_remove(h->keep_dir, *id, h->file);
        *id = 0;
    }
    return ok;
}
