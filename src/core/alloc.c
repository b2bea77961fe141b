/*
 * alloc.c - heap wrappers with an injectable failure point (see alloc.h).
 */
#include "core/alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/*
 * Atomic because the import reads its file on a second thread, which may
 * allocate (libcsv growing its field buffer) while the importer does.
 * Relaxed order is enough: the counters order nothing else, and which of two
 * racing allocations is "the Nth" does not matter to a test that fails every
 * allocation from one point on.
 */
static atomic_long alloc_attempts;
static atomic_long fail_from; /* attempt number from which allocations fail; 0 = never */

static int should_fail(void)
{
    long n = atomic_fetch_add_explicit(&alloc_attempts, 1, memory_order_relaxed) + 1;
    long from = atomic_load_explicit(&fail_from, memory_order_relaxed);
    return from > 0 && n >= from;
}

void sl_alloc_fail_at(long nth)
{
    long now = atomic_load_explicit(&alloc_attempts, memory_order_relaxed);
    atomic_store_explicit(&fail_from, nth > 0 ? now + nth : 0, memory_order_relaxed);
}

void sl_alloc_fail_reset(void)
{
    atomic_store_explicit(&fail_from, 0, memory_order_relaxed);
}

long sl_alloc_count(void)
{
    return atomic_load_explicit(&alloc_attempts, memory_order_relaxed);
}

void *sl_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *sl_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *sl_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

char *sl_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = sl_malloc(len + 1);
    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *sl_strdup(const char *s)
{
    return sl_strndup(s, strlen(s));
}

void sl_free(void *p)
{
    free(p);
}
