/*
 * suppression.h - small-count suppression with complementary suppression for
 * published aggregates (issue 12, decision 93).
 *
 * A reader who has every published figure can combine them: a total minus its
 * shown parts gives a hidden part back (Veendam: 860 - 567 - 248 - 40 = 5).
 * The caller registers every count it may publish (of every view that can be
 * fetched: per municipality, all municipalities, per week...) as a cell, and
 * every relation a reader can use as a sum: total = parts + a difference the
 * reader is assumed to know (the worst case). Run then hides:
 *   1. every count from 1 to onder - 1 (the primary cells);
 *   2. for every sum with exactly one hidden cell, the smallest other cell
 *      (non-zero first), repeated to a fixpoint across all sums (the classic
 *      complementary suppression, also across tables that share a total);
 *   3. until no hidden cell is determined by all sums together (checked
 *      exactly: a cell is determined when its unit vector lies in the row
 *      space of the sums restricted to the hidden cells), one more cell for
 *      each determined one: of the shown cells a reader would combine to
 *      compute it, the smallest that makes it undetermined.
 * Pure: no I/O. Deterministic: the same figures give the same hidden cells,
 * whichever view of them is asked.
 */
#ifndef SL_CORE_SUPPRESSION_H
#define SL_CORE_SUPPRESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sl_suppression sl_suppression;

/* onder: the suppression threshold (counts 1 .. onder - 1 are hidden); < 1 counts as 1. */
sl_suppression *sl_suppression_new(int32_t onder);
void sl_suppression_free(sl_suppression *s);

/*
 * Adds a published count; returns its cell number. When memory runs out the
 * failure is remembered (run returns false) and the number is still safe to
 * pass to the other functions.
 */
size_t sl_suppression_cell(sl_suppression *s, int64_t value);

/* A relation a reader can use: total = the sum of parts (plus a known difference). */
void sl_suppression_sum(sl_suppression *s, size_t total, const size_t *parts, size_t n);

/* Decides the hidden cells; false when memory ran out at any step. */
bool sl_suppression_run(sl_suppression *s);

/* Whether a cell is hidden (after run). */
bool sl_suppression_hidden(const sl_suppression *s, size_t cell);
/* How many cells are hidden (after run). */
size_t sl_suppression_n_hidden(const sl_suppression *s);
int32_t sl_suppression_onder(const sl_suppression *s);

#endif
