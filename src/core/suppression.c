/*
 * suppression.c - small-count and complementary suppression (see suppression.h).
 *
 * The exact check works per block: the hidden cells linked by sums that share
 * a hidden cell, with the sums that touch them as rows. Elimination is done
 * modulo two primes, so the numbers never grow; a cell counts as determined
 * when either prime says so (a rank can only drop modulo a prime, and then the
 * answer errs on the side of hiding more).
 */
#include "core/suppression.h"

#include <string.h>

#include "core/alloc.h"

#define NONE SIZE_MAX
/* Candidates tried for one determined cell before the best is hidden anyway
 * (the next round tries again): bounds the work on large tables. */
#define MAX_TRIALS 24

/* Mersenne primes 2^31 - 1 and 2^19 - 1: reduction is a shift and an add. */
static const unsigned PRIME_BITS[] = {31, 19};
#define N_PRIMES (sizeof PRIME_BITS / sizeof PRIME_BITS[0])

struct sl_suppression {
    int32_t onder;
    bool failed;
    size_t n_cells, cap_cells;
    int64_t *value;
    bool *hidden;
    size_t n_hidden;
    /* sum k: member[start[k] .. start[k] + len[k]), the total first */
    size_t n_sums, cap_sums;
    size_t *start, *len;
    size_t n_members, cap_members;
    size_t *member;
    /* during run: the sums of each cell (cell_sums[cell_start[c] ..]), and per
     * cell whether its block was found to give nothing away and has not grown
     * since (a block grows only by a newly hidden cell, which is never clean) */
    size_t *cell_start, *cell_sums;
    bool *clean;
};

/* Grows *p (of *cap elements of size sz) to hold at least need; false on failure. */
static bool grow(void **p, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *q = sl_realloc(*p, n * sz);
    if (!q)
        return false;
    *p = q;
    *cap = n;
    return true;
}

sl_suppression *sl_suppression_new(int32_t onder)
{
    sl_suppression *s = sl_calloc(1, sizeof *s);
    if (s)
        s->onder = onder < 1 ? 1 : onder;
    return s;
}

void sl_suppression_free(sl_suppression *s)
{
    if (!s)
        return;
    sl_free(s->value);
    sl_free(s->hidden);
    sl_free(s->start);
    sl_free(s->len);
    sl_free(s->member);
    sl_free(s->cell_start);
    sl_free(s->cell_sums);
    sl_free(s->clean);
    sl_free(s);
}

size_t sl_suppression_cell(sl_suppression *s, int64_t value)
{
    if (!s || s->failed)
        return NONE;
    size_t cap = s->cap_cells;
    if (!grow((void **)&s->value, &cap, s->n_cells + 1, sizeof *s->value)) {
        s->failed = true;
        return NONE;
    }
    cap = s->cap_cells;
    if (!grow((void **)&s->hidden, &cap, s->n_cells + 1, sizeof *s->hidden)) {
        s->failed = true;
        return NONE;
    }
    s->cap_cells = cap;
    s->value[s->n_cells] = value;
    s->hidden[s->n_cells] = false;
    return s->n_cells++;
}

void sl_suppression_sum(sl_suppression *s, size_t total, const size_t *parts, size_t n)
{
    if (!s || s->failed || n == 0)
        return;
    if (total >= s->n_cells) {
        s->failed = true;
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (parts[i] >= s->n_cells) {
            s->failed = true;
            return;
        }
    size_t cap = s->cap_sums;
    bool ok = grow((void **)&s->start, &cap, s->n_sums + 1, sizeof *s->start);
    cap = s->cap_sums;
    ok = ok && grow((void **)&s->len, &cap, s->n_sums + 1, sizeof *s->len);
    if (ok)
        s->cap_sums = cap;
    ok = ok && grow((void **)&s->member, &s->cap_members, s->n_members + n + 1,
                    sizeof *s->member);
    if (!ok) {
        s->failed = true;
        return;
    }
    s->start[s->n_sums] = s->n_members;
    s->len[s->n_sums] = n + 1;
    s->member[s->n_members++] = total;
    memcpy(s->member + s->n_members, parts, n * sizeof *parts);
    s->n_members += n;
    s->n_sums++;
}

bool sl_suppression_hidden(const sl_suppression *s, size_t cell)
{
    return !s || cell >= s->n_cells || s->hidden[cell];
}

size_t sl_suppression_n_hidden(const sl_suppression *s)
{
    return s ? s->n_hidden : 0;
}

int32_t sl_suppression_onder(const sl_suppression *s)
{
    return s ? s->onder : 1;
}

static void hide(sl_suppression *s, size_t c)
{
    if (!s->hidden[c]) {
        s->hidden[c] = true;
        s->n_hidden++;
    }
    if (s->clean)
        s->clean[c] = false;
}

static void unhide(sl_suppression *s, size_t c)
{
    if (s->hidden[c]) {
        s->hidden[c] = false;
        s->n_hidden--;
    }
}

/* The better complement of a and b: a non-zero count before zero, then the smaller, then the first. */
static bool better(const sl_suppression *s, size_t a, size_t b)
{
    if (b == NONE)
        return true;
    bool za = s->value[a] == 0, zb = s->value[b] == 0;
    if (za != zb)
        return zb;
    if (s->value[a] != s->value[b])
        return s->value[a] < s->value[b];
    return a < b;
}

/* ---- step 2: one hidden cell in a sum takes a partner ----------------------------- */

static size_t hidden_in_sum(const sl_suppression *s, size_t k)
{
    size_t n = 0;
    for (size_t m = s->start[k]; m < s->start[k] + s->len[k]; m++)
        n += s->hidden[s->member[m]];
    return n;
}

static size_t best_shown_in_sum(const sl_suppression *s, size_t k, size_t best)
{
    for (size_t m = s->start[k]; m < s->start[k] + s->len[k]; m++) {
        size_t c = s->member[m];
        if (!s->hidden[c] && c != best && better(s, c, best))
            best = c;
    }
    return best;
}

static void complement_fixpoint(sl_suppression *s)
{
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t k = 0; k < s->n_sums; k++) {
            if (hidden_in_sum(s, k) != 1)
                continue;
            size_t c = best_shown_in_sum(s, k, NONE);
            if (c != NONE) {
                hide(s, c);
                changed = true;
            }
        }
    }
}

/* ---- step 3: the exact check ------------------------------------------------------ */

/* Which sums each cell is in (CSR), built once per run. */
static bool index_cells(sl_suppression *s)
{
    s->cell_start = sl_calloc(s->n_cells + 1, sizeof *s->cell_start);
    s->cell_sums = sl_malloc((s->n_members ? s->n_members : 1) * sizeof *s->cell_sums);
    if (!s->cell_start || !s->cell_sums)
        return false;
    for (size_t m = 0; m < s->n_members; m++)
        s->cell_start[s->member[m] + 1]++;
    for (size_t c = 0; c < s->n_cells; c++)
        s->cell_start[c + 1] += s->cell_start[c];
    size_t *fill = sl_malloc((s->n_cells ? s->n_cells : 1) * sizeof *fill);
    if (!fill)
        return false;
    memcpy(fill, s->cell_start, s->n_cells * sizeof *fill);
    for (size_t k = 0; k < s->n_sums; k++)
        for (size_t m = s->start[k]; m < s->start[k] + s->len[k]; m++)
            s->cell_sums[fill[s->member[m]]++] = k;
    sl_free(fill);
    return true;
}

/* A block: hidden cells (columns) and the sums touching them (rows). */
typedef struct block {
    size_t *cols, n_cols;
    size_t *rows, n_rows;
    size_t *col_of;  /* per cell: its column, NONE when not in the block */
    bool *row_seen;  /* per sum */
    uint32_t *a;     /* n_rows x width: the columns, then (when tracked) the rows' factors */
    size_t width;
    size_t *pivot;   /* per column: its pivot row after reduction, or NONE */
    bool *det;       /* per column: determined */
} block;

static bool block_init(block *b, const sl_suppression *s)
{
    memset(b, 0, sizeof *b);
    size_t nc = s->n_cells ? s->n_cells : 1, ns = s->n_sums ? s->n_sums : 1;
    b->cols = sl_malloc(nc * sizeof *b->cols);
    b->rows = sl_malloc(ns * sizeof *b->rows);
    b->col_of = sl_malloc(nc * sizeof *b->col_of);
    b->row_seen = sl_calloc(ns, sizeof *b->row_seen);
    b->det = sl_malloc(nc * sizeof *b->det);
    b->pivot = sl_malloc(nc * sizeof *b->pivot);
    if (!b->cols || !b->rows || !b->col_of || !b->row_seen || !b->det || !b->pivot)
        return false;
    for (size_t c = 0; c < s->n_cells; c++)
        b->col_of[c] = NONE;
    return true;
}

static void block_free(block *b)
{
    sl_free(b->cols);
    sl_free(b->rows);
    sl_free(b->col_of);
    sl_free(b->row_seen);
    sl_free(b->a);
    sl_free(b->det);
    sl_free(b->pivot);
}

/* Empties the block for the next one (the per-cell and per-sum marks only where set). */
static void block_clear(block *b)
{
    for (size_t i = 0; i < b->n_cols; i++)
        b->col_of[b->cols[i]] = NONE;
    for (size_t i = 0; i < b->n_rows; i++)
        b->row_seen[b->rows[i]] = false;
    b->n_cols = b->n_rows = 0;
}

/* Collects the block of hidden cell c (breadth first over the sums). */
static void block_collect(block *b, const sl_suppression *s, size_t c)
{
    b->col_of[c] = 0;
    b->cols[b->n_cols++] = c;
    for (size_t q = 0; q < b->n_cols; q++) {
        size_t cell = b->cols[q];
        for (size_t i = s->cell_start[cell]; i < s->cell_start[cell + 1]; i++) {
            size_t k = s->cell_sums[i];
            if (b->row_seen[k])
                continue;
            b->row_seen[k] = true;
            b->rows[b->n_rows++] = k;
            for (size_t m = s->start[k]; m < s->start[k] + s->len[k]; m++) {
                size_t d = s->member[m];
                if (s->hidden[d] && b->col_of[d] == NONE) {
                    b->col_of[d] = b->n_cols;
                    b->cols[b->n_cols++] = d;
                }
            }
        }
    }
}

/* x mod p for p = 2^bits - 1 and x < 2^62. */
static uint64_t mod_m(uint64_t x, unsigned bits)
{
    uint64_t p = (UINT64_C(1) << bits) - 1;
    x = (x & p) + (x >> bits);
    x = (x & p) + (x >> bits);
    return x >= p ? x - p : x;
}

static uint64_t pow_mod(uint64_t x, uint64_t e, unsigned bits)
{
    uint64_t r = 1;
    for (x = mod_m(x, bits); e; e >>= 1, x = mod_m(x * x, bits))
        if (e & 1)
            r = mod_m(r * x, bits);
    return r;
}

/*
 * Row-reduces the block modulo p = 2^bits - 1 and marks the determined columns
 * in b->det. With track, the reduced rows also carry the factors of the
 * original rows they are made of (an identity matrix reduced alongside), so
 * that a determined cell's derivation can be read back.
 */
static bool block_reduce(block *b, const sl_suppression *s, unsigned bits, bool track)
{
    uint64_t p = (UINT64_C(1) << bits) - 1;
    size_t R = b->n_rows, C = b->n_cols, W = C + (track ? R : 0);
    b->width = W;
    sl_free(b->a);
    b->a = sl_calloc(R * W > 0 ? R * W : 1, sizeof *b->a);
    if (!b->a)
        return false;
    for (size_t r = 0; r < R; r++) {
        size_t k = b->rows[r];
        for (size_t m = s->start[k]; m < s->start[k] + s->len[k]; m++) {
            size_t col = b->col_of[s->member[m]];
            if (col == NONE)
                continue;
            uint32_t *x = &b->a[r * W + col];
            *x = (uint32_t)mod_m(*x + (m == s->start[k] ? 1 : p - 1), bits);
        }
        if (track)
            b->a[r * W + C + r] = 1;
    }
    for (size_t col = 0; col < C; col++)
        b->pivot[col] = NONE;
    size_t rank = 0;
    for (size_t col = 0; col < C && rank < R; col++) {
        size_t r = rank;
        while (r < R && b->a[r * W + col] == 0)
            r++;
        if (r == R)
            continue;
        if (r != rank)
            for (size_t j = 0; j < W; j++) {
                uint32_t t = b->a[r * W + j];
                b->a[r * W + j] = b->a[rank * W + j];
                b->a[rank * W + j] = t;
            }
        uint64_t inv = pow_mod(b->a[rank * W + col], p - 2, bits);
        for (size_t j = col; j < W; j++)
            b->a[rank * W + j] = (uint32_t)mod_m(b->a[rank * W + j] * inv, bits);
        for (size_t o = 0; o < R; o++) {
            uint64_t f = b->a[o * W + col];
            if (o == rank || f == 0)
                continue;
            for (size_t j = col; j < W; j++)
                b->a[o * W + j] =
                    (uint32_t)mod_m(b->a[o * W + j] + (p - f) * b->a[rank * W + j], bits);
        }
        b->pivot[col] = rank++;
    }
    /* determined: a pivot column whose reduced row is its unit vector */
    for (size_t col = 0; col < C; col++) {
        size_t r = b->pivot[col];
        bool det = r != NONE;
        for (size_t j = col + 1; det && j < C; j++)
            det = b->a[r * W + j] == 0;
        b->det[col] = b->det[col] || det;
    }
    return true;
}

/* Collects the block of c and marks which of its cells are determined. */
static bool block_check(block *b, const sl_suppression *s, size_t c)
{
    block_clear(b);
    block_collect(b, s, c);
    for (size_t i = 0; i < b->n_cols; i++)
        b->det[i] = false;
    for (size_t i = 0; i < N_PRIMES; i++)
        if (!block_reduce(b, s, PRIME_BITS[i], false))
            return false;
    return true;
}

/* The first determined hidden cell not given up on, or NONE; *err on memory. */
static size_t first_determined(sl_suppression *s, block *b, const bool *given_up, bool *err)
{
    bool *done = sl_calloc(s->n_cells ? s->n_cells : 1, sizeof *done);
    if (!done) {
        *err = true;
        return NONE;
    }
    size_t found = NONE;
    for (size_t c = 0; c < s->n_cells && found == NONE; c++) {
        if (!s->hidden[c] || done[c])
            continue;
        block_clear(b);
        block_collect(b, s, c);
        bool dirty = false;
        for (size_t i = 0; i < b->n_cols; i++) {
            done[b->cols[i]] = true;
            dirty = dirty || !s->clean[b->cols[i]];
        }
        if (!dirty)
            continue;
        if (!block_check(b, s, c)) {
            *err = true;
            break;
        }
        for (size_t i = 0; i < b->n_cols; i++)
            if (b->det[i] && !given_up[b->cols[i]] && (found == NONE || b->cols[i] < found))
                found = b->cols[i];
        for (size_t i = 0; found == NONE && i < b->n_cols; i++)
            s->clean[b->cols[i]] = true;
    }
    sl_free(done);
    return found;
}

/*
 * The shown cells a reader combines to compute c: the original sums behind
 * c's reduced row, added up with their factors; a shown cell whose factors do
 * not cancel is used. Writes them to cand (best first) and returns how many.
 */
static size_t derivation(sl_suppression *s, block *b, size_t c, size_t *cand, uint64_t *coef,
                         bool *err)
{
    const unsigned bits = PRIME_BITS[0];
    const uint64_t p = (UINT64_C(1) << bits) - 1;
    block_clear(b);
    block_collect(b, s, c);
    for (size_t i = 0; i < b->n_cols; i++)
        b->det[i] = false;
    if (!block_reduce(b, s, bits, true)) {
        *err = true;
        return 0;
    }
    size_t n = 0, r = b->pivot[b->col_of[c]];
    for (size_t i = 0; i < b->n_rows; i++) {
        uint64_t y = r == NONE ? 1 : b->a[r * b->width + b->n_cols + i];
        size_t k = b->rows[i];
        for (size_t m = s->start[k]; y && m < s->start[k] + s->len[k]; m++) {
            size_t d = s->member[m];
            if (s->hidden[d])
                continue;
            if (coef[d] == UINT64_MAX) {
                coef[d] = 0;
                cand[n++] = d;
            }
            /* without a derivation modulo this prime (the other one found it): any cell */
            coef[d] = r == NONE ? 1 : mod_m(coef[d] + y * (m == s->start[k] ? 1 : p - 1), bits);
        }
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (coef[cand[i]] != 0)
            cand[kept++] = cand[i];
        coef[cand[i]] = UINT64_MAX;
    }
    for (size_t i = kept; i < n; i++)
        coef[cand[i]] = UINT64_MAX;
    for (size_t i = 1; i < kept; i++)
        for (size_t j = i; j > 0 && better(s, cand[j], cand[j - 1]); j--) {
            size_t t = cand[j];
            cand[j] = cand[j - 1];
            cand[j - 1] = t;
        }
    return kept;
}

/*
 * Hides one more cell so that c is no longer determined: of the shown cells
 * its derivation uses, the best that frees c, else the best (the next round
 * looks again). False when there is none: c follows from hidden cells alone.
 */
static bool protect(sl_suppression *s, block *b, size_t c, bool *err)
{
    size_t *cand = sl_malloc((s->n_cells ? s->n_cells : 1) * sizeof *cand);
    uint64_t *coef = sl_malloc((s->n_cells ? s->n_cells : 1) * sizeof *coef);
    if (!cand || !coef) {
        sl_free(cand);
        sl_free(coef);
        *err = true;
        return false;
    }
    for (size_t i = 0; i < s->n_cells; i++)
        coef[i] = UINT64_MAX;
    size_t n = derivation(s, b, c, cand, coef, err);
    size_t chosen = NONE;
    for (size_t i = 0; i < n && i < MAX_TRIALS && chosen == NONE && !*err; i++) {
        hide(s, cand[i]);
        if (!block_check(b, s, c)) {
            *err = true;
            break;
        }
        if (!b->det[b->col_of[c]])
            chosen = cand[i];
        else
            unhide(s, cand[i]);
    }
    if (chosen == NONE && n > 0 && !*err)
        hide(s, cand[0]);
    sl_free(cand);
    sl_free(coef);
    return n > 0;
}

bool sl_suppression_run(sl_suppression *s)
{
    if (!s || s->failed)
        return false;
    for (size_t c = 0; c < s->n_cells; c++)
        if (s->value[c] > 0 && s->value[c] < s->onder)
            hide(s, c);
    if (s->n_hidden == 0)
        return true;
    block b;
    bool *given_up = sl_calloc(s->n_cells, sizeof *given_up);
    s->clean = sl_calloc(s->n_cells, sizeof *s->clean);
    bool err = !given_up || !s->clean || !index_cells(s);
    err = !block_init(&b, s) || err;
    if (!err) {
        for (;;) {
            complement_fixpoint(s);
            size_t c = first_determined(s, &b, given_up, &err);
            if (err || c == NONE)
                break;
            /* a block with every cell hidden that still gives c away cannot be helped */
            if (!protect(s, &b, c, &err))
                given_up[c] = true;
            if (err)
                break;
        }
    }
    block_free(&b);
    sl_free(given_up);
    sl_free(s->cell_start);
    sl_free(s->cell_sums);
    sl_free(s->clean);
    s->cell_start = s->cell_sums = NULL;
    s->clean = NULL;
    if (err)
        s->failed = true;
    return !err;
}
