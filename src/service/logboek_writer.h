/*
 * logboek_writer.h - group commit for the processing log.
 *
 * A look at a dossier across the organisation boundary may be shown only
 * once its processing-log record is durable. Committing each record in its
 * own transaction costs one fsync per request, serialised by SQLite's single
 * writer. The writer instead has one thread with its own store handle take
 * every record handed over since its last commit and append them to the hash
 * chain in one store operation (sl_store_log_append_durable: it chains them
 * with sl_logboek_link under the chain's lock, ids and hashes exactly as one
 * by one, and commits them with one fsync; decision 120); only then does it
 * tell each submitter, who only then answers. Its records go to the look
 * log beside the register (sl_store_open_looks), a chain of their own: its
 * commits leave the register, and with it every reader's page cache, as it
 * was (docs/decisions.md 82).
 *
 * A request's records commit together or not at all. When a batch fails, each
 * request's records are tried again in a transaction of their own, so that one
 * request cannot fail another's. A submitter told "failed" must not show what
 * it would have logged.
 */
#ifndef SL_SERVICE_LOGBOEK_WRITER_H
#define SL_SERVICE_LOGBOEK_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/log_store.h"

typedef struct sl_log_writer sl_log_writer;

/* Told, on the writer's thread, of each committed transaction and its records
 * (for metrics); it must not block. */
typedef void (*sl_log_commit_cb)(size_t records);

/* Opens its own handle on the look log of the register `db` and starts the
 * thread; on_commit may be NULL. */
bool sl_log_writer_start(const char *db, sl_log_commit_cb on_commit, sl_log_writer **out,
                         char *err, size_t errcap);

/*
 * Called once per submission, from the writer's thread, after the
 * transaction holding its records committed (ok) or failed. It must not block
 * for long: the next batch waits for it.
 */
typedef void (*sl_log_done_cb)(void *ctx, bool ok);

/*
 * Hands over n (1..16) prepared records (sl_logboek_prepare; they are copied).
 * Returns false, and never calls done, when the writer is stopping or memory
 * runs out; else done(ctx, ok) follows exactly once.
 */
bool sl_log_writer_submit(sl_log_writer *w, const sl_log_record *recs, size_t n,
                          sl_log_done_cb done, void *ctx);

/* Refuses new submissions, commits (and reports) every one handed over, stops. */
void sl_log_writer_stop(sl_log_writer *w);

/* Transactions committed and records written so far (for tests and figures). */
void sl_log_writer_counts(sl_log_writer *w, int64_t *batches, int64_t *records);

#endif
