/*
 * register_copy.h - a whole register copied from one store to another
 * (SQLite <-> PostgreSQL, or within one kind), the processing log's chains
 * and the look log included, then verified (decision 149).
 *
 * The copy goes table by table (store/table_rows.h) into an empty register
 * in one transaction, and is then checked: every table has the source's
 * rows, row for row (a digest of each table's rows in key order on both
 * sides), and both chains of the processing log verify on the target with
 * the source's record counts and heads. The source's chains must verify
 * first: a copy does not launder a damaged log (decision 150).
 */
#ifndef SL_SERVICE_REGISTER_COPY_H
#define SL_SERVICE_REGISTER_COPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/logboek.h"
#include "store/table_rows.h"

#define SL_COPY_TABLES_MAX 64

typedef struct sl_copy_table {
    char naam[SL_ROWS_NAME_CAP + 8]; /* as the SQLite register names it; "inzage.logboek" */
    int64_t rijen;                   /* copied, and found again in the target */
} sl_copy_table;

typedef struct sl_copy_report {
    size_t n_tables; /* in the order they were written: parents first */
    sl_copy_table tables[SL_COPY_TABLES_MAX];
    int64_t rijen;   /* all tables */
    sl_logboek_check logboek; /* the target's chains, equal to the source's */
} sl_copy_report;

/*
 * Copies the register `from` into `to` (each a SQLite path or a PostgreSQL
 * URL, as --db takes them) and verifies the copy. `to` is created when it
 * does not exist; it must be empty: no delivery, address, account or
 * processing-log record (what opening a new register seeds, the rule sets
 * and counts, is replaced by the source's). On failure returns false with a
 * Dutch message in err; when the failure is in the verification the copy has
 * been written and err says not to use it.
 */
bool sl_register_copy(const char *from, const char *to, sl_copy_report *out, char *err,
                      size_t errcap);

#endif
