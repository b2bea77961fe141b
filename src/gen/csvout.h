/*
 * csvout.h - a small buffered CSV row writer for the generator.
 *
 * Fields are written as given, separated by the file's delimiter; a field is
 * quoted (RFC 4180, inner quotes doubled) when it contains the delimiter, a
 * quote or a line break, or when the caller asks for quoting to make a row
 * "messy". Output goes through one fixed buffer, so writing a row costs no
 * allocation and about one memcpy per field.
 *
 * Ownership: the caller owns the FILE and closes it after sl_csvout_flush().
 */
#ifndef SL_GEN_CSVOUT_H
#define SL_GEN_CSVOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Decorations of one field (bit flags). */
enum {
    SL_CSV_PLAIN = 0,
    SL_CSV_QUOTE = 1, /* always wrap in quotes */
    SL_CSV_PAD = 2,   /* surround with one space each side (inside quotes if quoted) */
};

#define SL_CSVOUT_BUF (1u << 16)

typedef struct sl_csvout {
    FILE *f;           /* destination, not owned */
    char delim;        /* ',' or ';' */
    const char *eol;   /* "\n" or "\r\n" */
    bool row_open;     /* a field has been written in the current row */
    bool failed;       /* a write to f failed; later writes are dropped */
    size_t n;          /* bytes pending in buf */
    char buf[SL_CSVOUT_BUF];
} sl_csvout;

void sl_csvout_init(sl_csvout *w, FILE *f, char delim, const char *eol);

/* Raw bytes, no quoting (used for the BOM). */
void sl_csvout_raw(sl_csvout *w, const char *s, size_t len);

/* One field of the current row. */
void sl_csvout_field(sl_csvout *w, const char *s, size_t len, unsigned deco);

/* Ends the current row. */
void sl_csvout_end(sl_csvout *w);

/* Writes what is pending; returns 0, or -1 when any write failed. */
int sl_csvout_flush(sl_csvout *w);

#endif
