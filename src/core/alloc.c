/*
 * alloc.c - heap wrappers with an injectable failure point (see alloc.h).
 */
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

static long alloc_attempts;
static long fail_from; /* attempt number from which allocations fail; 0 = never */

static int should_fail(void)
{
    alloc_attempts++;
    return fail_from > 0 && alloc_attempts >= fail_from;
}

void sl_alloc_fail_at(long nth)
{
    fail_from = nth > 0 ? alloc_attempts + nth : 0;
}

void sl_alloc_fail_reset(void)
{
    fail_from = 0;
}

long sl_alloc_count(void)
{
    return alloc_attempts;
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
