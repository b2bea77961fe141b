/*
 * import.h - loading one periodic delivery file into the register (SPEC §5).
 *
 * The kind is recognised from the header; rows are validated by the core,
 * matched to an address by nummeraanduiding id or else by the normalised
 * postcode + house number, compared with what the register holds, and
 * written in one transaction per file. A rejected row is reported (line,
 * column, reason) and the rest is kept. A record that the snapshot no longer
 * contains is marked absent, never deleted. Importing the same file again
 * changes nothing. In the same transaction the classification is refreshed
 * and, unless this is the first delivery of its kind (the baseline), the
 * signal rules run on what changed (service/signals.h).
 */
#ifndef SL_SERVICE_IMPORT_H
#define SL_SERVICE_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "store/deliveries_store.h"

/* What happened to one file. */
typedef struct sl_import_report {
    const char *file;          /* borrowed from the caller */
    sl_kind kind;              /* UNKNOWN when the header could not be read */
    bool processed;            /* false: nothing was written, see error */
    char error[512];           /* why the file could not be processed */
    int64_t delivery_id;
    sl_delivery_counts counts;
    bool absent_skipped;       /* no valid row: absent-marking was not applied */
    char unknown_columns[512]; /* comma-separated header names that were ignored */
    int64_t classified;        /* classifications added or changed */
    bool baseline;             /* first delivery of its kind: sets the baseline, no signals */
    int64_t signals;           /* signals raised by this delivery */
    bool refused;              /* the file's kind is one hooks->kinds_refused names: nothing written */
    bool held;                 /* held for a second confirmation (service/delivery_hold.h): the
                                  delivery, its rejects and what it would mark absent are stored,
                                  nothing else; delivery_id is the held delivery */
    int64_t would_absent;      /* held: records the snapshot would mark absent ... */
    int64_t current;           /* ... of this many current records of its kind */
} sl_import_report;

/* Receives every rejected row; column is "" when the row as a whole is wrong. */
typedef void (*sl_reject_cb)(void *ctx, const char *file, int64_t line, const char *column,
                             const char *reason);
/* Progress while reading: bytes done of total (total 0 when unknown). */
typedef void (*sl_progress_cb)(void *ctx, uint64_t done, uint64_t total);

struct sl_actor; /* service/logboek.h */

typedef struct sl_import_hooks {
    const struct sl_actor *by; /* who delivers, for the processing log; NULL: the command line */
    sl_reject_cb on_reject;
    sl_progress_cb on_progress;
    void *ctx;
    sl_date today;             /* dates raised signals; SL_DATE_NONE or 0 hooks: the clock */
    /* Deliveries belong to their body (docs/decisions.md 90, 91); all zero for the
     * operator's own `samenloop import` without a threshold. */
    unsigned kinds_refused;    /* 1u << kind: such a file is refused before anything is written */
    const char *door;          /* who delivers, recorded with the delivery; NULL: nobody named */
    bool hold_absent;          /* hold a snapshot that would mark more than ... */
    int max_absent_percent;    /* ... this share of its kind's current records absent */
    const char *keep_dir;      /* where a held file is kept (sl_delivery_keep_dir) */
    /* Runs inside the file's transaction just before it commits; false rolls the
     * file back (the store's message is the report's error). */
    bool (*before_commit)(void *ctx, sl_store *st, const sl_import_report *rep);
    void *commit_ctx;
} sl_import_hooks;

/* Reads only the header of `path` and says which kind of delivery it is. */
sl_kind sl_import_peek_kind(const char *path);

/*
 * Imports one file. Returns true when the file was processed (even with
 * rejected rows); false with report->error set when nothing was written.
 */
bool sl_import_file(sl_store *st, const char *path, const sl_import_hooks *hooks,
                    sl_import_report *report);

/*
 * A session: several files imported one after the other into one store, as
 * one run of `samenloop import` does. Every trajectory and claim file needs
 * the register's address index (each address id and match key); a session
 * keeps the index one file loaded or, for an address file, rebuilt from what
 * it read, for the next file, instead of loading it again. The index is
 * dropped when a file fails, and loaded again when another delivery was
 * committed in between (by another process).
 *
 * sl_import_session_new borrows st, which must outlive the session; it
 * returns NULL when out of memory. sl_import_session_free releases the
 * session (NULL is fine), not the store.
 */
typedef struct sl_import_session sl_import_session;
sl_import_session *sl_import_session_new(sl_store *st);
void sl_import_session_free(sl_import_session *ses);
/* Imports one file as sl_import_file does, within the session. */
bool sl_import_session_file(sl_import_session *ses, const char *path,
                            const sl_import_hooks *hooks, sl_import_report *report);

#endif
