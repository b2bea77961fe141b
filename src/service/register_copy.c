/*
 * register_copy.c - a register copied between stores and verified
 * (register_copy.h, decision 149).
 */
#include "service/register_copy.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "store/store.h"

/* Tables that hold nothing in a register nobody has used yet: every other row
 * hangs from a delivery, or is an account or a processing-log record. */
static const char *const must_be_empty[] = {"levering", "adres", "gebruiker", "logboek",
                                            "inzage.logboek"};

typedef struct table_list {
    size_t n;
    char naam[SL_COPY_TABLES_MAX][SL_ROWS_NAME_CAP + 8];
} table_list;

typedef struct copy_run {
    sl_rows *src, *dst;
    sl_copy_report *out;
    table_list src_tables;
    unsigned char digest[SL_COPY_TABLES_MAX][crypto_generichash_BYTES]; /* the source's */
    /* the table being copied or read */
    const char *table;
    crypto_generichash_state h;
    int64_t rows;
    bool writing;     /* insert_begin done for this table */
    bool dst_failed;  /* the target, not the source, stopped the scan */
    char *err;
    size_t errcap;
} copy_run;

static bool fail(copy_run *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(copy_run *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, c->errcap, fmt, ap);
    va_end(ap);
    return false;
}

/* ---- the registers as stores: versions, and the source's log ------------------------- */

static bool open_store(const char *target, const char *role, sl_store **st, char *err,
                       size_t errcap)
{
    char why[512];
    if (sl_store_open(target, st, why, sizeof why))
        return true;
    snprintf(err, errcap, "%s openen mislukt: %s", role, why);
    return false;
}

/* Both registers at one schema version (opening migrates them to this
 * binary's), and the source's chains intact; *log gets them. */
static bool stores_ready(const char *from, const char *to, sl_logboek_check *log, char *err,
                         size_t errcap)
{
    sl_store *src = NULL, *dst = NULL;
    bool ok = open_store(from, "bron", &src, err, errcap) &&
              open_store(to, "doel", &dst, err, errcap);
    if (ok && sl_store_schema_version(src) != sl_store_schema_version(dst)) {
        snprintf(err, errcap, "bron heeft schemaversie %d, doel %d",
                 sl_store_schema_version(src), sl_store_schema_version(dst));
        ok = false;
    }
    if (ok && !sl_logboek_verify(src, log)) {
        snprintf(err, errcap, "logboek van de bron lezen mislukt: %s", sl_store_errmsg(src));
        ok = false;
    }
    if (ok && log->first_broken) {
        snprintf(err, errcap,
                 "het logboek van de bron is beschadigd (keten %s, record %lld: %s); "
                 "er is niets gekopieerd",
                 sl_log_keten_name(log->broken), (long long)log->first_broken, log->reden);
        ok = false;
    }
    sl_store_close(src);
    sl_store_close(dst);
    return ok;
}

/* ---- tables ---------------------------------------------------------------------------- */

static bool add_table(void *ctx, const char *table)
{
    table_list *l = ctx;
    if (l->n == SL_COPY_TABLES_MAX)
        return false;
    snprintf(l->naam[l->n++], sizeof l->naam[0], "%s", table);
    return true;
}

static bool listed(const table_list *l, const char *table)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->naam[i], table) == 0)
            return true;
    return false;
}

/* The target's tables in its order (out->tables), the source's as a set;
 * both must name the same tables. */
static bool same_tables(copy_run *c)
{
    table_list *dst = sl_calloc(1, sizeof *dst);
    if (!dst)
        return fail(c, "onvoldoende geheugen");
    bool ok = true;
    if (!sl_rows_tables(c->src, add_table, &c->src_tables))
        ok = fail(c, "tabellen van de bron: %s",
                  *sl_rows_errmsg(c->src) ? sl_rows_errmsg(c->src) : "te veel tabellen");
    else if (!sl_rows_tables(c->dst, add_table, dst))
        ok = fail(c, "tabellen van het doel: %s",
                  *sl_rows_errmsg(c->dst) ? sl_rows_errmsg(c->dst) : "te veel tabellen");
    for (size_t i = 0; ok && i < c->src_tables.n; i++)
        if (!listed(dst, c->src_tables.naam[i]))
            ok = fail(c, "tabel %s van de bron bestaat niet in het doel", c->src_tables.naam[i]);
    for (size_t i = 0; ok && i < dst->n; i++)
        if (!listed(&c->src_tables, dst->naam[i]))
            ok = fail(c, "tabel %s van het doel bestaat niet in de bron", dst->naam[i]);
    for (size_t i = 0; ok && i < dst->n; i++)
        snprintf(c->out->tables[i].naam, sizeof c->out->tables[i].naam, "%s", dst->naam[i]);
    c->out->n_tables = ok ? dst->n : 0;
    sl_free(dst);
    return ok;
}

static bool target_empty(copy_run *c)
{
    for (size_t i = 0; i < sizeof must_be_empty / sizeof must_be_empty[0]; i++) {
        int64_t n;
        if (!sl_rows_count(c->dst, must_be_empty[i], &n))
            return fail(c, "doel lezen mislukt: %s", sl_rows_errmsg(c->dst));
        if (n)
            return fail(c,
                        "het doel is geen leeg register: tabel %s heeft %lld rijen; een kopie "
                        "overschrijft niets",
                        must_be_empty[i], (long long)n);
    }
    return true;
}

/* A held delivery waits in files beside the source register (decision 151): a
 * copy would hold it without them, so that it could never be confirmed. */
static bool count_held(void *ctx, int ncols, const char *const *cols, const char *const *values)
{
    int64_t *held = ctx;
    for (int i = 0; i < ncols; i++)
        if (strcmp(cols[i], "status") == 0 && values[i] && strcmp(values[i], "aangehouden") == 0)
            (*held)++;
    return true;
}

static bool nothing_held(copy_run *c)
{
    int64_t held = 0;
    if (!sl_rows_scan(c->src, "levering", count_held, &held))
        return fail(c, "leveringen van de bron lezen mislukt: %s", sl_rows_errmsg(c->src));
    if (held)
        return fail(c,
                    "de bron heeft %lld aangehouden levering(en): bevestig of trek ze eerst in "
                    "(samenloop kopieert hun bestanden niet)",
                    (long long)held);
    return true;
}

/* ---- rows -------------------------------------------------------------------------------- */

static void hash_field(crypto_generichash_state *h, const char *v)
{
    unsigned char tag = v ? 1 : 0;
    crypto_generichash_update(h, &tag, 1);
    if (!v)
        return;
    size_t n = strlen(v);
    unsigned char len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)((uint64_t)n >> (56 - 8 * i));
    crypto_generichash_update(h, len, sizeof len);
    crypto_generichash_update(h, (const unsigned char *)v, n);
}

/* Each row, column names included, into the table's digest. */
static void hash_row(copy_run *c, int ncols, const char *const *cols, const char *const *values)
{
    for (int i = 0; i < ncols; i++) {
        hash_field(&c->h, cols[i]);
        hash_field(&c->h, values[i]);
    }
    c->rows++;
}

static bool copy_row(void *ctx, int ncols, const char *const *cols, const char *const *values)
{
    copy_run *c = ctx;
    if (!c->writing) {
        c->writing = sl_rows_insert_begin(c->dst, c->table, ncols, cols);
        if (!c->writing)
            return !(c->dst_failed = true);
    }
    hash_row(c, ncols, cols, values);
    if (!sl_rows_insert(c->dst, values))
        return !(c->dst_failed = true);
    return true;
}

static bool read_row(void *ctx, int ncols, const char *const *cols, const char *const *values)
{
    hash_row(ctx, ncols, cols, values);
    return true;
}

static void table_start(copy_run *c, const char *table)
{
    c->table = table;
    c->rows = 0;
    c->writing = c->dst_failed = false;
    crypto_generichash_init(&c->h, NULL, 0, crypto_generichash_BYTES);
}

static bool copy_table(copy_run *c, size_t i)
{
    sl_copy_table *t = &c->out->tables[i];
    table_start(c, t->naam);
    if (!sl_rows_scan(c->src, t->naam, copy_row, c))
        return fail(c, "tabel %s kopiëren mislukt: %s", t->naam,
                    sl_rows_errmsg(c->dst_failed ? c->dst : c->src));
    if (c->writing && !sl_rows_insert_end(c->dst))
        return fail(c, "tabel %s kopiëren mislukt: %s", t->naam, sl_rows_errmsg(c->dst));
    crypto_generichash_final(&c->h, c->digest[i], sizeof c->digest[i]);
    t->rijen = c->rows;
    c->out->rijen += c->rows;
    return true;
}

/* Everything in one transaction of the target: its seeded rows out, children
 * first, then the source's tables, parents first. */
static bool copy_tables(copy_run *c)
{
    if (!sl_rows_begin(c->dst))
        return fail(c, "doel: %s", sl_rows_errmsg(c->dst));
    bool ok = true;
    for (size_t i = c->out->n_tables; ok && i-- > 0;)
        if (!sl_rows_clear(c->dst, c->out->tables[i].naam))
            ok = fail(c, "doel leegmaken mislukt: %s", sl_rows_errmsg(c->dst));
    for (size_t i = 0; ok && i < c->out->n_tables; i++)
        ok = copy_table(c, i);
    if (ok && !sl_rows_commit(c->dst))
        ok = fail(c, "kopie vastleggen mislukt: %s", sl_rows_errmsg(c->dst));
    if (!ok)
        sl_rows_rollback(c->dst);
    return ok;
}

/* ---- verification --------------------------------------------------------------------- */

#define NOT_USABLE "; de kopie in het doel klopt niet: gebruik haar niet"

/* Every table of the target, read back: the source's row count and digest. */
static bool tables_equal(copy_run *c)
{
    for (size_t i = 0; i < c->out->n_tables; i++) {
        const sl_copy_table *t = &c->out->tables[i];
        int64_t n;
        if (!sl_rows_count(c->dst, t->naam, &n))
            return fail(c, "doel tellen mislukt: %s" NOT_USABLE, sl_rows_errmsg(c->dst));
        if (n != t->rijen)
            return fail(c, "tabel %s: %lld rijen in de bron, %lld in het doel" NOT_USABLE,
                        t->naam, (long long)t->rijen, (long long)n);
        unsigned char digest[crypto_generichash_BYTES];
        table_start(c, t->naam);
        if (!sl_rows_scan(c->dst, t->naam, read_row, c))
            return fail(c, "doel lezen mislukt: %s" NOT_USABLE, sl_rows_errmsg(c->dst));
        crypto_generichash_final(&c->h, digest, sizeof digest);
        if (sodium_memcmp(digest, c->digest[i], sizeof digest) != 0)
            return fail(c, "tabel %s: de rijen in het doel verschillen van de bron" NOT_USABLE,
                        t->naam);
    }
    return true;
}

/* The target's chains verify, with the source's counts and heads. */
static bool log_equal(copy_run *c, const char *to, const sl_logboek_check *src)
{
    sl_store *dst = NULL;
    if (!open_store(to, "doel", &dst, c->err, c->errcap))
        return false;
    sl_logboek_check *log = &c->out->logboek;
    bool ok = sl_logboek_verify(dst, log) ||
              fail(c, "logboek van het doel lezen mislukt: %s" NOT_USABLE, sl_store_errmsg(dst));
    sl_store_close(dst);
    if (ok && log->first_broken)
        return fail(c, "logboek van het doel: keten %s, record %lld: %s" NOT_USABLE,
                    sl_log_keten_name(log->broken), (long long)log->first_broken, log->reden);
    for (int k = 0; ok && k < SL_KETEN_COUNT; k++)
        if (log->chain_records[k] != src->chain_records[k] ||
            strcmp(log->head[k], src->head[k]) != 0)
            return fail(c,
                        "logboek van het doel: keten %s eindigt anders dan in de bron" NOT_USABLE,
                        sl_log_keten_name((sl_log_keten)k));
    return ok;
}

bool sl_register_copy(const char *from, const char *to, sl_copy_report *out, char *err,
                      size_t errcap)
{
    memset(out, 0, sizeof *out);
    if (strcmp(from, to) == 0) {
        snprintf(err, errcap, "bron en doel zijn hetzelfde register");
        return false;
    }
    sl_logboek_check src_log;
    if (!stores_ready(from, to, &src_log, err, errcap))
        return false;
    copy_run *c = sl_calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errcap, "onvoldoende geheugen");
        return false;
    }
    c->out = out;
    c->err = err;
    c->errcap = errcap;
    char why[512];
    bool ok = sl_rows_open(from, &c->src, why, sizeof why) ||
              fail(c, "bron openen mislukt: %s", why);
    ok = ok && (sl_rows_open(to, &c->dst, why, sizeof why) ||
                fail(c, "doel openen mislukt: %s", why));
    /* the source in one snapshot: a row written meanwhile is in no table or in all */
    ok = ok && (sl_rows_snapshot(c->src) ||
                fail(c, "bron lezen mislukt: %s", sl_rows_errmsg(c->src)));
    ok = ok && same_tables(c) && target_empty(c) && nothing_held(c) && copy_tables(c) &&
         tables_equal(c) && log_equal(c, to, &src_log);
    if (c->src)
        sl_rows_rollback(c->src);
    sl_rows_close(c->src);
    sl_rows_close(c->dst);
    sl_free(c);
    return ok;
}
