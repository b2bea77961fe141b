/*
 * import_reader.h - the reading half of an import, on its own thread.
 *
 * Reading a delivery file is pure work that touches neither the store nor
 * the importer's maps: reading 1 MiB chunks, the file's SHA-256, tokenising
 * with libcsv one physical line at a time (so every record knows the line it
 * starts on), the header, and validating each row with the core. A reader
 * does all of that on a second thread and hands the results to the importer
 * (service/import.c) in file order, in batches of parsed records or rejects,
 * through a small bounded queue; the importer's thread does everything that
 * touches the store. On two cores the two halves overlap.
 *
 * Memory: every buffer (the chunk, the batches) is allocated by
 * sl_reader_start before the thread starts; while it runs, the reader
 * allocates only what libcsv needs to grow for a longer field (through
 * core/alloc.h, whose counters are atomic for that reason).
 *
 * Ownership: sl_reader_start returns a reader the caller releases with
 * sl_reader_free, which stops the thread if it is still running and joins
 * it, whatever state the import is in. A batch returned by sl_reader_next is
 * the reader's and stays valid until the next call to sl_reader_next or
 * sl_reader_free.
 *
 * Thread use: all functions here are called by one thread, the importer's.
 */
#ifndef SL_SERVICE_IMPORT_READER_H
#define SL_SERVICE_IMPORT_READER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/delivery.h"

/* Limits of one row; a row beyond them is handed over as SL_READ_TOO_LONG. */
#define SL_READ_FIELDS_MAX SL_HEADER_MAX_FIELDS /* fields */
#define SL_READ_FIELD_MAX 4096                  /* bytes of one field */
#define SL_READ_ROW_MAX (64u * 1024u)           /* bytes of all fields together */

/* What one data row turned out to be. */
typedef enum sl_read_status {
    SL_READ_OK,       /* u holds the record of the header's kind */
    SL_READ_INVALID,  /* the core rejected it: u.error */
    SL_READ_TOO_LONG, /* too many or too long fields: nothing parsed */
} sl_read_status;

/* One data row of the file. */
typedef struct sl_read_row {
    int64_t line;          /* the physical line the record starts on (1-based) */
    /* Where the record's text lies in the file: from the end of the record
     * before it (so blank lines before it included) to the end of its last
     * line. The importer reads it back from the file only when it rejects the
     * row (decision 229), so a row is not copied on the way. */
    uint64_t offset;
    uint64_t len;
    sl_read_status status;
    union {
        sl_address address;       /* bag_adressen */
        sl_trajectory trajectory; /* ncg_trajecten */
        sl_claim claim;           /* img_schades */
        sl_row_error error;       /* SL_READ_INVALID */
    } u;
} sl_read_row;

/* A run of consecutive rows, in file order. */
typedef struct sl_read_batch {
    bool header;           /* the header has just been read: sl_reader_header is set.
                              Only the first batch, and it has no rows. */
    bool has_progress;     /* a chunk ended with this batch's last row */
    uint64_t done;         /* when has_progress: bytes of the file read so far */
    size_t nrows;
    sl_read_row *rows;
} sl_read_batch;

typedef struct sl_reader sl_reader;

/*
 * Starts reading f (borrowed: the caller closes it after sl_reader_free) on
 * a new thread. Returns NULL with a message in err when memory or the thread
 * cannot be had; nothing then needs freeing.
 */
sl_reader *sl_reader_start(FILE *f, char *err, size_t errcap);

/*
 * The next batch, waiting for it when the reader is behind. Returns NULL
 * once the reader has stopped and every batch it made has been handed out;
 * sl_reader_result then says whether it read the whole file.
 */
const sl_read_batch *sl_reader_next(sl_reader *r);

/* The parsed header, once a batch with `header` set has been returned. */
const sl_header *sl_reader_header(const sl_reader *r);
/* The header's unrecognised column names, comma-separated (same moment). */
const char *sl_reader_unknown_columns(const sl_reader *r);

/*
 * After sl_reader_next returned NULL: true when the whole file was read, with
 * its SHA-256 as 64 hex digits and a NUL in digest_hex; false with the reason
 * (a CSV error with its line, a header that is not one, a read error, an
 * empty file, out of memory) in err.
 */
bool sl_reader_result(const sl_reader *r, char digest_hex[65], char *err, size_t errcap);

/* ',' or ';': whichever occurs more often outside quotes in the first line of buf. */
unsigned char sl_csv_detect_delimiter(const char *buf, size_t len);

/*
 * The kind the header of the file at f's position names, read as an import
 * reads it (byte order mark, delimiter, quoting), on this thread and without
 * reading further: SL_KIND_UNKNOWN when there is no valid header.
 */
sl_kind sl_reader_peek_kind(FILE *f);

/* Stops the thread if it still runs, waits for it and frees the reader. NULL is fine. */
void sl_reader_free(sl_reader *r);

#endif
