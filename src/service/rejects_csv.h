/*
 * rejects_csv.h - the one writer of a delivery's CSV reports (decisions 167,
 * 229): the rejects download (GET /leveringen/{id}/afwijzingen?formaat=csv)
 * and `samenloop import --rejects FILE` write their bytes here, so the two
 * never drift. The dashboard's export is the model: a UTF-8 byte order mark,
 * ';' between cells, CRLF after each row, a cell quoted when it holds ';', '"'
 * or a line break. Columns: bestand;regel;kolom;reden;rij (rij: the rejected
 * row's original text, decision 229).
 */
#ifndef SL_SERVICE_REJECTS_CSV_H
#define SL_SERVICE_REJECTS_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/deliveries.h"
#include "store/deliveries_store.h"

/* A CSV being written into memory; nomem once a write found no memory. */
typedef struct sl_csv {
    char *data;
    size_t len, cap;
    bool nomem;
} sl_csv;

void sl_csv_free(sl_csv *c);
/* One cell; last ends the row with CRLF, else ';' follows. */
void sl_csv_cell(sl_csv *c, const char *s, bool last);

/* A delivery's file name without the directory it was read from (a CLI import
 * records the path it was given; no reader needs the machine's directories). */
const char *sl_delivery_base_name(const char *path);

/* The head of a rejects report: the byte order mark and the column names. */
void sl_rejects_csv_head(sl_csv *c);
/* One rejected row of the delivery whose file is bestand. */
void sl_rejects_csv_row(sl_csv *c, const char *bestand, int64_t line, const char *column,
                        const char *reason, const char *row);
/* Every rejected row of delivery id, in line order, without the head; false on a store
 * error (c->nomem: out of memory, true returned). No caller is checked: the download
 * checks first, and the operator's `samenloop import` writes its own deliveries'. */
bool sl_rejects_csv_rows(sl_store *st, int64_t id, sl_csv *c);

/* The download: the whole report of delivery id (*out) when the caller may see it
 * (service/deliveries.h), head and rows. */
sl_outcome sl_delivery_rejects_csv(sl_store *st, const sl_delivery_caller *who, int64_t id,
                                   sl_delivery_row *out, sl_csv *c, char *err, size_t errcap);

#endif
