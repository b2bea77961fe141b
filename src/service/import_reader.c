/*
 * import_reader.c - reading, tokenising and validating a delivery file on a
 * second thread (see import_reader.h).
 *
 * The queue is a ring of QUEUE_BATCHES preallocated batches under one mutex:
 * the reader fills the slot at `head` while fewer than all slots are in use,
 * publishes it, and waits when every slot is published or held; the importer
 * takes the slot at `tail` and gives it back on its next call. A few batches
 * in flight are enough to absorb the unevenness of the importer (a store
 * write that splits a page, a rejected row); more would only cost memory and
 * cache.
 *
 * The file's SHA-256 is computed beside this thread (service/file_digest.h),
 * from the same chunk buffers it reads into.
 */
#include "service/import_reader.h"

#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <sodium.h>
#include <string.h>

#include "core/alloc.h"
#include "service/file_digest.h"

#define CHUNK_SIZE (1u << 20)
#define FIELD_MAX SL_READ_FIELD_MAX
#define ROW_MAX SL_READ_ROW_MAX
#define ROW_FIELDS_MAX SL_READ_FIELDS_MAX
#define BATCH_ROWS 4096          /* rows per batch: one mutex round trip per 4096 rows */
#define QUEUE_BATCHES 4          /* batches in flight, including the one being filled */

struct sl_reader {
    FILE *f;                     /* borrowed */
    pthread_t thread;
    bool thread_started;
    bool sync_ready;             /* mutex and condition variables initialised */

    /* ---- shared: under mu ---- */
    pthread_mutex_t mu;
    pthread_cond_t not_empty;    /* the importer waits for a published batch */
    pthread_cond_t not_full;     /* the reader waits for a free slot */
    sl_read_batch batches[QUEUE_BATCHES];
    unsigned head;               /* slot the reader fills next */
    unsigned tail;               /* slot the importer takes next */
    unsigned used;               /* published and not yet given back (held one included) */
    bool holding;                /* the importer holds the slot at tail */
    bool finished;               /* the reader has stopped; nothing more will be published */
    bool cancel;                 /* the importer gave up: stop reading */

    /* ---- written by the reader before it publishes the header batch ---- */
    sl_header header;
    char unknown_columns[512];

    /* ---- written by the reader before it sets `finished` ---- */
    bool ok;                     /* the whole file was read */
    char error[512];
    char digest_hex[2 * crypto_hash_sha256_BYTES + 1];

    /* ---- the reader thread's own ---- */
    sl_digest *digest;           /* hashes the chunks read, beside this thread */
    sl_read_row *rows;           /* QUEUE_BATCHES * BATCH_ROWS, shared out to the batches */
    struct csv_parser parser;
    bool parser_ready;
    sl_read_batch *cur;          /* the slot being filled; NULL once the reader stops */
    bool failed;                 /* stop feeding: error set, or cancelled */
    bool have_header;
    bool peek;                   /* sl_reader_peek_kind: stop after the header */
    int64_t line;                /* physical line being fed to libcsv */
    int64_t record_line;         /* line the current record started on */
    uint64_t pos;                /* file offset of the next byte fed to libcsv */
    uint64_t piece_end;          /* file offset just after the piece being fed */
    uint64_t record_start;       /* file offset just after the record before */
    size_t nfields;
    size_t row_used;
    bool row_overflow;
    sl_field fields[ROW_FIELDS_MAX];
    char row[ROW_MAX];
};

/* ---- the queue ------------------------------------------------------------ */

static void batch_reset(sl_read_batch *b)
{
    b->header = false;
    b->has_progress = false;
    b->done = 0;
    b->nrows = 0;
}

/*
 * Publishes the slot being filled. With want_next, waits for a free slot to
 * fill next; returns false (and leaves no slot) when the importer cancelled.
 */
static bool publish(sl_reader *r, bool want_next)
{
    pthread_mutex_lock(&r->mu);
    r->used++;
    r->head = (r->head + 1) % QUEUE_BATCHES;
    pthread_cond_signal(&r->not_empty);
    while (want_next && r->used == QUEUE_BATCHES && !r->cancel)
        pthread_cond_wait(&r->not_full, &r->mu);
    bool cancelled = r->cancel;
    pthread_mutex_unlock(&r->mu);
    r->cur = NULL;
    if (cancelled || !want_next) {
        r->failed = r->failed || cancelled;
        return !cancelled;
    }
    /* the slot at head is free: used < QUEUE_BATCHES and only the importer lowers it */
    r->cur = &r->batches[r->head];
    batch_reset(r->cur);
    return true;
}

const sl_read_batch *sl_reader_next(sl_reader *r)
{
    pthread_mutex_lock(&r->mu);
    if (r->holding) {
        r->holding = false;
        r->used--;
        r->tail = (r->tail + 1) % QUEUE_BATCHES;
        pthread_cond_signal(&r->not_full);
    }
    while (r->used == 0 && !r->finished)
        pthread_cond_wait(&r->not_empty, &r->mu);
    const sl_read_batch *b = NULL;
    if (r->used > 0) {
        r->holding = true;
        b = &r->batches[r->tail];
    }
    pthread_mutex_unlock(&r->mu);
    return b;
}

/* ---- tokenising ------------------------------------------------------------ */

static void fail(sl_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(sl_reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->error, sizeof r->error, fmt, ap);
    va_end(ap);
    r->failed = true;
}

static void note_unknown_columns(sl_reader *r)
{
    char *out = r->unknown_columns;
    size_t cap = sizeof r->unknown_columns, used = 0;
    for (size_t i = 0; i < r->header.n_unknown; i++) {
        const sl_field *f = &r->fields[r->header.unknown[i]];
        int n = snprintf(out + used, cap - used, "%s%.*s", used ? "," : "", (int)f->len,
                         f->s ? f->s : "");
        if (n < 0 || (size_t)n >= cap - used)
            break;
        used += (size_t)n;
    }
}

static void on_field(void *s, size_t len, void *ctx)
{
    sl_reader *r = ctx;
    if (r->nfields == 0)
        r->record_line = r->line;
    if (r->nfields >= ROW_FIELDS_MAX || len > FIELD_MAX || r->row_used + len + 1 > ROW_MAX) {
        r->row_overflow = true;
        r->nfields++;
        return;
    }
    char *dst = r->row + r->row_used;
    if (len)
        memcpy(dst, s, len);
    dst[len] = '\0';
    r->fields[r->nfields].s = dst;
    r->fields[r->nfields].len = len;
    r->nfields++;
    r->row_used += len + 1;
}

/* Validates the row just tokenised into the next slot of the current batch. */
static void emit_row(sl_reader *r)
{
    sl_read_batch *b = r->cur;
    sl_read_row *row = &b->rows[b->nrows];
    row->line = r->record_line;
    row->offset = r->record_start;
    row->len = r->piece_end - r->record_start;
    if (r->row_overflow) {
        row->status = SL_READ_TOO_LONG;
    } else {
        sl_row_error e;
        bool ok = false;
        switch (r->header.kind) {
        case SL_KIND_BAG:
            memset(&row->u.address, 0, sizeof row->u.address);
            ok = sl_row_address(&r->header, r->fields, r->nfields, &row->u.address, &e);
            break;
        case SL_KIND_NCG:
            memset(&row->u.trajectory, 0, sizeof row->u.trajectory);
            ok = sl_row_trajectory(&r->header, r->fields, r->nfields, &row->u.trajectory, &e);
            break;
        case SL_KIND_IMG:
            memset(&row->u.claim, 0, sizeof row->u.claim);
            ok = sl_row_claim(&r->header, r->fields, r->nfields, &row->u.claim, &e);
            break;
        case SL_KIND_UNKNOWN:
            break; /* a parsed header always has a kind */
        }
        row->status = ok ? SL_READ_OK : SL_READ_INVALID;
        if (!ok)
            row->u.error = e;
    }
    /* hand a full batch over at once, so the importer never waits for a chunk's end */
    if (++b->nrows == BATCH_ROWS)
        publish(r, true);
}

static void on_record(int term, void *ctx)
{
    sl_reader *r = ctx;
    (void)term;
    if (r->failed)
        goto next;
    if (!r->have_header) {
        char err[256];
        if (r->row_overflow) {
            fail(r, "de kopregel heeft te veel of te lange kolommen");
            goto next;
        }
        if (!sl_header_parse(r->fields, r->nfields, &r->header, err, sizeof err)) {
            fail(r, "kopregel: %s", err);
            goto next;
        }
        r->have_header = true;
        if (r->peek) { /* the header is all a peek wants: stop feeding */
            r->failed = true;
            goto next;
        }
        note_unknown_columns(r);
        /* At once, on its own: the importer starts its transaction and loads the
         * register while this thread reads on. No row precedes the header. */
        r->cur->header = true;
        publish(r, true);
        goto next;
    }
    emit_row(r);
next:
    r->record_start = r->piece_end;
    r->nfields = 0;
    r->row_used = 0;
    r->row_overflow = false;
}

unsigned char sl_csv_detect_delimiter(const char *buf, size_t len)
{
    size_t commas = 0, semis = 0;
    bool quoted = false;
    for (size_t i = 0; i < len && buf[i] != '\n'; i++) {
        if (buf[i] == '"')
            quoted = !quoted;
        else if (!quoted && buf[i] == ',')
            commas++;
        else if (!quoted && buf[i] == ';')
            semis++;
    }
    return semis > commas ? ';' : ',';
}

/* Feeds buf to libcsv one physical line at a time, counting lines. */
static bool feed(sl_reader *r, const char *buf, size_t len)
{
    while (len && !r->failed) {
        const char *nl = memchr(buf, '\n', len);
        size_t n = nl ? (size_t)(nl - buf) + 1 : len;
        r->piece_end = r->pos + n;
        if (csv_parse(&r->parser, buf, n, on_field, on_record, r) != n) {
            fail(r, "regel %lld: %s", (long long)r->line,
                 csv_strerror(csv_error(&r->parser)));
            return false;
        }
        if (nl)
            r->line++;
        r->pos += n;
        buf += n;
        len -= n;
    }
    return !r->failed;
}

/* The file's first bytes: skips a UTF-8 byte order mark and sets the delimiter
 * the header line uses. */
static void begin_file(sl_reader *r, const char **data, size_t *len)
{
    if (*len >= 3 && memcmp(*data, "\xEF\xBB\xBF", 3) == 0) {
        *data += 3;
        *len -= 3;
    }
    csv_set_delim(&r->parser, sl_csv_detect_delimiter(*data, *len));
}

/* ---- the thread -------------------------------------------------------------- */

static void *reader_main(void *arg)
{
    sl_reader *r = arg;
    uint64_t done = 0;
    bool first = true;
    size_t n = 0;
    char *chunk;

    while (!r->failed && (chunk = sl_digest_buffer(r->digest)) &&
           (n = fread(chunk, 1, CHUNK_SIZE, r->f)) > 0) {
        sl_digest_add(r->digest, n);
        const char *data = chunk;
        size_t len = n;
        if (first) {
            first = false;
            begin_file(r, &data, &len);
        }
        r->pos = done + (uint64_t)(data - chunk);
        if (!feed(r, data, len))
            goto finish;
        /* Progress is reported by the importer once it has written this chunk's
         * rows; a chunk's end also hands over its last, partial batch. */
        done += n;
        r->cur->has_progress = true;
        r->cur->done = done;
        if (!publish(r, true))
            goto finish;
    }
    if (r->failed)
        goto finish;
    if (ferror(r->f)) {
        char buf[128];
        fail(r, "lezen mislukt: %s", strerror_r(errno, buf, sizeof buf));
        goto finish;
    }
    if (csv_fini(&r->parser, on_field, on_record, r) != 0) {
        fail(r, "regel %lld: %s", (long long)r->line, csv_strerror(csv_error(&r->parser)));
        goto finish;
    }
    if (r->failed)
        goto finish;
    if (!r->have_header) {
        fail(r, "het bestand is leeg");
        goto finish;
    }
    sl_digest_finish(r->digest, r->digest_hex);
    r->ok = true;
finish:
    /* The rows before a failure are the importer's too: it reports their rejects
     * before the failure, as a reader on one thread would. */
    if (r->cur && r->cur->nrows > 0)
        publish(r, false);
    pthread_mutex_lock(&r->mu);
    r->finished = true;
    pthread_cond_signal(&r->not_empty);
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* ---- start and stop ------------------------------------------------------------ */

static void *csv_realloc(void *p, size_t n) { return sl_realloc(p, n); }

static bool parser_init(sl_reader *r)
{
    if (csv_init(&r->parser, CSV_APPEND_NULL) != 0)
        return false;
    r->parser_ready = true;
    csv_set_realloc_func(&r->parser, csv_realloc);
    csv_set_free_func(&r->parser, sl_free);
    return true;
}

static bool sync_init(sl_reader *r)
{
    if (pthread_mutex_init(&r->mu, NULL) != 0)
        return false;
    if (pthread_cond_init(&r->not_empty, NULL) != 0) {
        pthread_mutex_destroy(&r->mu);
        return false;
    }
    if (pthread_cond_init(&r->not_full, NULL) != 0) {
        pthread_cond_destroy(&r->not_empty);
        pthread_mutex_destroy(&r->mu);
        return false;
    }
    return true;
}

sl_reader *sl_reader_start(FILE *f, char *err, size_t errcap)
{
    sl_reader *r = sl_calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errcap, "onvoldoende geheugen");
        return NULL;
    }
    r->f = f;
    r->line = 1;
    r->rows = sl_malloc((size_t)QUEUE_BATCHES * BATCH_ROWS * sizeof *r->rows);
    if (!r->rows) {
        snprintf(err, errcap, "onvoldoende geheugen");
        goto fail;
    }
    if (!(r->digest = sl_digest_start(CHUNK_SIZE, err, errcap)))
        goto fail;
    for (unsigned i = 0; i < QUEUE_BATCHES; i++)
        r->batches[i].rows = r->rows + (size_t)i * BATCH_ROWS;
    r->cur = &r->batches[0];
    if (!parser_init(r)) {
        snprintf(err, errcap, "CSV-lezer starten mislukt");
        goto fail;
    }
    if (!sync_init(r)) {
        snprintf(err, errcap, "leesdraad starten mislukt");
        goto fail;
    }
    r->sync_ready = true;
    int rc = pthread_create(&r->thread, NULL, reader_main, r);
    if (rc != 0) {
        char buf[128];
        snprintf(err, errcap, "leesdraad starten mislukt: %s", strerror_r(rc, buf, sizeof buf));
        goto fail;
    }
    r->thread_started = true;
    /* a name for top -H and perf; failing to set it changes nothing */
    (void)pthread_setname_np(r->thread, "sl-import-read");
    return r;
fail:
    sl_reader_free(r);
    return NULL;
}

/* Enough of a file for its header: longer header lines are refused anyway. */
#define PEEK_BYTES 4096

sl_kind sl_reader_peek_kind(FILE *f)
{
    sl_reader *r = sl_calloc(1, sizeof *r);
    char *buf = sl_malloc(PEEK_BYTES);
    sl_kind kind = SL_KIND_UNKNOWN;
    if (!r || !buf || !parser_init(r))
        goto out;
    r->f = f;
    r->line = 1;
    r->peek = true;
    size_t len = fread(buf, 1, PEEK_BYTES, f);
    const char *data = buf;
    begin_file(r, &data, &len);
    /* a first line without its end (a short file) is the header too */
    if (feed(r, data, len) && !r->have_header)
        csv_fini(&r->parser, on_field, on_record, r);
    if (r->have_header)
        kind = r->header.kind;
out:
    sl_free(buf);
    sl_reader_free(r);
    return kind;
}

const sl_header *sl_reader_header(const sl_reader *r) { return &r->header; }

const char *sl_reader_unknown_columns(const sl_reader *r) { return r->unknown_columns; }

bool sl_reader_result(const sl_reader *r, char digest_hex[65], char *err, size_t errcap)
{
    if (!r->ok) {
        snprintf(err, errcap, "%s", r->error);
        return false;
    }
    memcpy(digest_hex, r->digest_hex, sizeof r->digest_hex);
    return true;
}

void sl_reader_free(sl_reader *r)
{
    if (!r)
        return;
    if (r->thread_started) {
        pthread_mutex_lock(&r->mu);
        r->cancel = true;
        pthread_cond_signal(&r->not_full);
        pthread_mutex_unlock(&r->mu);
        pthread_join(r->thread, NULL);
    }
    if (r->sync_ready) {
        pthread_cond_destroy(&r->not_full);
        pthread_cond_destroy(&r->not_empty);
        pthread_mutex_destroy(&r->mu);
    }
    if (r->parser_ready)
        csv_free(&r->parser);
    sl_digest_free(r->digest); /* after the reader thread: it uses the digest's buffers */
    sl_free(r->rows);
    sl_free(r);
}
