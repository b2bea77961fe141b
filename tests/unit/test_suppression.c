/* test_suppression.c - small-count and complementary suppression: the issue's
 * Veendam example, a table with margins, linked tables that share totals, a
 * case the row/column rule alone leaves open, and running out of memory. Each
 * result is checked by an independent test of determinacy (a hidden cell is
 * given away when its column is independent of the other hidden columns of
 * the published sums). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/alloc.h"
#include "core/suppression.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MAXC 64
#define MAXS 64

/* The sums a test registered, kept on the side for the independent check. */
typedef struct model {
    sl_suppression *s;
    size_t n_cells;
    size_t n_sums;
    size_t sum[MAXS][MAXC]; /* member 0 the total */
    size_t len[MAXS];
} model;

static void model_init(model *m, int32_t onder)
{
    memset(m, 0, sizeof *m);
    m->s = sl_suppression_new(onder);
    assert_non_null(m->s);
}

static size_t cell(model *m, int64_t v)
{
    size_t c = sl_suppression_cell(m->s, v);
    assert_int_equal(c, m->n_cells);
    m->n_cells++;
    return c;
}

static void sum(model *m, size_t total, const size_t *parts, size_t n)
{
    sl_suppression_sum(m->s, total, parts, n);
    m->sum[m->n_sums][0] = total;
    memcpy(&m->sum[m->n_sums][1], parts, n * sizeof *parts);
    m->len[m->n_sums++] = n + 1;
}

/* The rank of the sums restricted to the hidden cells, leaving out column `skip`. */
static int rank_without(const model *m, size_t skip)
{
    static double a[MAXS][MAXC];
    size_t cols[MAXC], nc = 0;
    for (size_t c = 0; c < m->n_cells; c++)
        if (c != skip && sl_suppression_hidden(m->s, c))
            cols[nc++] = c;
    for (size_t k = 0; k < m->n_sums; k++)
        for (size_t j = 0; j < nc; j++) {
            a[k][j] = 0;
            for (size_t i = 0; i < m->len[k]; i++)
                if (m->sum[k][i] == cols[j])
                    a[k][j] += i == 0 ? 1 : -1;
        }
    int rank = 0;
    for (size_t j = 0; j < nc && (size_t)rank < m->n_sums; j++) {
        size_t best = (size_t)rank;
        for (size_t k = (size_t)rank; k < m->n_sums; k++)
            if (fabs(a[k][j]) > fabs(a[best][j]))
                best = k;
        if (fabs(a[best][j]) < 1e-9)
            continue;
        for (size_t i = 0; i < nc; i++) {
            double t = a[best][i];
            a[best][i] = a[rank][i];
            a[rank][i] = t;
        }
        for (size_t k = 0; k < m->n_sums; k++) {
            if (k == (size_t)rank)
                continue;
            double f = a[k][j] / a[rank][j];
            for (size_t i = 0; i < nc; i++)
                a[k][i] -= f * a[rank][i];
        }
        rank++;
    }
    return rank;
}

/* No hidden cell can be computed from the shown cells and the sums. */
static void assert_nothing_given_away(const model *m)
{
    int full = rank_without(m, SIZE_MAX);
    for (size_t c = 0; c < m->n_cells; c++)
        if (sl_suppression_hidden(m->s, c) && rank_without(m, c) < full)
            fail_msg("hidden cell %zu can be computed", c);
}

static void run(model *m)
{
    assert_true(sl_suppression_run(m->s));
    assert_nothing_given_away(m);
}

/* The issue: Veendam 860 - 567 - 248 - 40 = 5. */
static void veendam(void **state)
{
    (void)state;
    model m;
    model_init(&m, 10);
    size_t total = cell(&m, 860);
    size_t parts[] = {cell(&m, 567), cell(&m, 248), cell(&m, 40), cell(&m, 5)};
    sum(&m, total, parts, N(parts));
    run(&m);
    assert_true(sl_suppression_hidden(m.s, parts[3]));
    assert_true(sl_suppression_hidden(m.s, parts[2])); /* the smallest other */
    assert_false(sl_suppression_hidden(m.s, total));
    assert_false(sl_suppression_hidden(m.s, parts[0]));
    assert_false(sl_suppression_hidden(m.s, parts[1]));
    assert_int_equal(sl_suppression_n_hidden(m.s), 2);
    assert_int_equal(sl_suppression_onder(m.s), 10);
    sl_suppression_free(m.s);
}

/* Zero is shown; nothing small means nothing hidden; a threshold of 1 hides nothing. */
static void zero_and_nothing_small(void **state)
{
    (void)state;
    model m;
    model_init(&m, 10);
    size_t total = cell(&m, 30);
    size_t parts[] = {cell(&m, 0), cell(&m, 30)};
    sum(&m, total, parts, N(parts));
    run(&m);
    assert_int_equal(sl_suppression_n_hidden(m.s), 0);
    sl_suppression_free(m.s);

    model_init(&m, 0);
    total = cell(&m, 3);
    size_t one[] = {cell(&m, 1), cell(&m, 2)};
    sum(&m, total, one, N(one));
    run(&m);
    assert_int_equal(sl_suppression_n_hidden(m.s), 0);
    assert_int_equal(sl_suppression_onder(m.s), 1);
    sl_suppression_free(m.s);
}

/* A 3 x 3 table with row, column and grand totals: each row and column with a
 * single hidden cell gets a partner, to a fixpoint. */
static void table_with_margins(void **state)
{
    (void)state;
    static const int64_t v[3][3] = {{20, 3, 40}, {15, 25, 35}, {50, 60, 12}};
    model m;
    model_init(&m, 10);
    size_t c[3][3], row[3], col[3];
    int64_t rs[3] = {0}, cs[3] = {0}, all = 0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            c[i][j] = cell(&m, v[i][j]);
            rs[i] += v[i][j];
            cs[j] += v[i][j];
            all += v[i][j];
        }
    for (int i = 0; i < 3; i++)
        row[i] = cell(&m, rs[i]);
    for (int j = 0; j < 3; j++)
        col[j] = cell(&m, cs[j]);
    size_t grand = cell(&m, all);
    for (int i = 0; i < 3; i++) {
        size_t r[3] = {c[i][0], c[i][1], c[i][2]}, k[3] = {c[0][i], c[1][i], c[2][i]};
        sum(&m, row[i], r, 3);
        sum(&m, col[i], k, 3);
    }
    sum(&m, grand, row, 3);
    sum(&m, grand, col, 3);
    run(&m);
    assert_true(sl_suppression_hidden(m.s, c[0][1]));
    /* row 0's partner is its smallest other cell (20), column 1's (25) */
    assert_true(sl_suppression_hidden(m.s, c[0][0]));
    assert_true(sl_suppression_hidden(m.s, c[1][1]));
    /* no row or column has exactly one hidden cell */
    for (size_t k = 0; k < m.n_sums; k++) {
        size_t n = 0;
        for (size_t i = 0; i < m.len[k]; i++)
            n += sl_suppression_hidden(m.s, m.sum[k][i]);
        assert_int_not_equal(n, 1);
    }
    assert_false(sl_suppression_hidden(m.s, grand));
    sl_suppression_free(m.s);
}

/* Two municipalities and their whole area share totals: a cell hidden in one
 * is protected across the tables, not only inside its own. */
static void linked_tables(void **state)
{
    (void)state;
    model m;
    model_init(&m, 10);
    /* per table: total = a + b + c */
    static const int64_t g1[3] = {4, 50, 30}, g2[3] = {40, 45, 70};
    size_t t[3], p[3][3];
    for (int j = 0; j < 3; j++) {
        p[1][j] = cell(&m, g1[j]);
        p[2][j] = cell(&m, g2[j]);
        p[0][j] = cell(&m, g1[j] + g2[j]);
    }
    for (int g = 0; g < 3; g++) {
        int64_t tot = 0;
        for (int j = 0; j < 3; j++)
            tot += g == 0 ? g1[j] + g2[j] : g == 1 ? g1[j] : g2[j];
        t[g] = cell(&m, tot);
        sum(&m, t[g], p[g], 3);
    }
    for (int j = 0; j < 3; j++) {
        size_t parts[2] = {p[1][j], p[2][j]};
        sum(&m, p[0][j], parts, 2);
    }
    size_t tparts[2] = {t[1], t[2]};
    sum(&m, t[0], tparts, 2);
    run(&m);
    assert_true(sl_suppression_hidden(m.s, p[1][0]));
    /* the area's first cell minus the other municipality's would give it back */
    assert_true(sl_suppression_hidden(m.s, p[0][0]) || sl_suppression_hidden(m.s, p[2][0]));
    sl_suppression_free(m.s);
}

/*
 * The row rule alone is not enough here: trajecten = p0 + p1 + p2 + p3 and
 * combinatiedossiers = p1 + p2 + p3. With p0 small the rule hides p1, then p2
 * for the second sum, and the difference of the two totals still gives p0.
 */
static void difference_of_two_totals(void **state)
{
    (void)state;
    model m;
    model_init(&m, 10);
    size_t p[4] = {cell(&m, 5), cell(&m, 40), cell(&m, 248), cell(&m, 567)};
    size_t trajecten = cell(&m, 860), combi = cell(&m, 855);
    sum(&m, trajecten, p, 4);
    sum(&m, combi, p + 1, 3);
    run(&m);
    assert_true(sl_suppression_hidden(m.s, p[0]));
    assert_true(sl_suppression_hidden(m.s, trajecten) || sl_suppression_hidden(m.s, combi));
    assert_true(sl_suppression_n_hidden(m.s) < 6);
    sl_suppression_free(m.s);
}

/* Three small parts, two totals over them: the difference of the totals would
 * give the third part, so a total goes too. */
static void two_totals_over_small_parts(void **state)
{
    (void)state;
    model m;
    model_init(&m, 10);
    size_t x = cell(&m, 3), y = cell(&m, 4), z = cell(&m, 5);
    size_t a = cell(&m, 7), b = cell(&m, 12);
    size_t ab[2] = {x, y}, abc[3] = {x, y, z};
    sum(&m, a, ab, 2);
    sum(&m, b, abc, 3);
    assert_true(sl_suppression_run(m.s));
    assert_true(sl_suppression_hidden(m.s, z));
    assert_true(sl_suppression_hidden(m.s, a) || sl_suppression_hidden(m.s, b));
    sl_suppression_free(m.s);
}

/* Groups that partition a table's cells: a group made of small cells is the
 * total minus the other groups, though its own sum is all hidden. */
static void groups_partition_a_total(void **state)
{
    (void)state;
    model m;
    model_init(&m, 10);
    size_t cells[4] = {cell(&m, 3), cell(&m, 4), cell(&m, 30), cell(&m, 40)};
    size_t total = cell(&m, 77), g1 = cell(&m, 7), g2 = cell(&m, 70);
    sum(&m, total, cells, 4);
    sum(&m, g1, cells, 2);
    sum(&m, g2, cells + 2, 2);
    run(&m);
    assert_true(sl_suppression_hidden(m.s, g1));
    assert_true(sl_suppression_hidden(m.s, total) || sl_suppression_hidden(m.s, g2));
    sl_suppression_free(m.s);
}

static void out_of_memory(void **state)
{
    (void)state;
    for (long nth = 1; nth < 120; nth++) {
        sl_suppression *s = sl_suppression_new(10);
        sl_alloc_fail_at(nth);
        size_t t = sl_suppression_cell(s, 860);
        size_t parts[] = {sl_suppression_cell(s, 855), sl_suppression_cell(s, 5)};
        sl_suppression_sum(s, t, parts, 2);
        bool ok = sl_suppression_run(s);
        sl_alloc_fail_reset();
        if (ok)
            assert_true(sl_suppression_hidden(s, parts[1]));
        /* a failed run hides everything it is asked about */
        else if (s)
            assert_true(sl_suppression_hidden(s, SIZE_MAX));
        sl_suppression_free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(veendam),
        cmocka_unit_test(zero_and_nothing_small),
        cmocka_unit_test(table_with_margins),
        cmocka_unit_test(linked_tables),
        cmocka_unit_test(difference_of_two_totals),
        cmocka_unit_test(two_totals_over_small_parts),
        cmocka_unit_test(groups_partition_a_total),
        cmocka_unit_test(out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
