/*
 * row_cols.h - one row of a result as columns, whichever store read it. A
 * family whose rows both stores select in the same column order reads them
 * into its structs once, through these accessors (store/termijnen_rows.c),
 * instead of once per backend; each backend only says how to take a column
 * (store/sqlite/row_cols.c, store/pg/row_cols.c).
 *
 * text is NULL for SQL NULL where the backend can tell it from "" (SQLite)
 * and "" where it cannot (PostgreSQL's PQgetvalue): the readers treat both
 * alike unless they say otherwise.
 */
#ifndef SL_STORE_ROW_COLS_H
#define SL_STORE_ROW_COLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/date.h"

typedef struct sl_cols sl_cols;

typedef struct sl_cols_ops {
    int64_t (*num)(const sl_cols *c, int col);       /* 0 for NULL */
    bool (*flag)(const sl_cols *c, int col);         /* false for NULL */
    const char *(*text)(const sl_cols *c, int col);  /* see above */
    sl_date (*date)(const sl_cols *c, int col);      /* SL_DATE_NONE for NULL or no day */
} sl_cols_ops;

struct sl_cols {
    const sl_cols_ops *ops;
    const void *res; /* the backend's statement or result */
    int row;         /* the row within res, where the backend's result holds several */
};

/* Reads one row; false stops the scan that called it. */
typedef bool (*sl_cols_row_fn)(void *ctx, const sl_cols *c);

static inline int64_t sl_col_num(const sl_cols *c, int col) { return c->ops->num(c, col); }
static inline bool sl_col_flag(const sl_cols *c, int col) { return c->ops->flag(c, col); }
static inline const char *sl_col_text(const sl_cols *c, int col) { return c->ops->text(c, col); }
static inline sl_date sl_col_date(const sl_cols *c, int col) { return c->ops->date(c, col); }

/* Copies a text column into a fixed buffer ("" for NULL), truncating at cap-1. */
static inline void sl_col_copy(const sl_cols *c, int col, char *dst, size_t cap)
{
    const char *t = sl_col_text(c, col);
    size_t n = t ? strlen(t) : 0;
    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(dst, t, n);
    dst[n] = '\0';
}

#endif
