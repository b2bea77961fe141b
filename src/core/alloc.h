/*
 * alloc.h - the one place heap memory comes from.
 *
 * Every allocation in samenloop goes through these wrappers so that a test
 * can make the Nth allocation fail (fault injection, in the spirit of
 * SQLite's faultsim and curl's torture mode) and prove that each caller
 * handles out-of-memory by returning an error, never by crashing.
 *
 * Ownership: memory from sl_malloc/sl_calloc/sl_realloc/sl_strdup/sl_strndup
 * belongs to the caller and is released with sl_free. sl_realloc leaves the
 * old block untouched when it fails, like realloc(3).
 */
#ifndef SL_CORE_ALLOC_H
#define SL_CORE_ALLOC_H

#include <stddef.h>

void *sl_malloc(size_t n);
void *sl_calloc(size_t count, size_t size);
void *sl_realloc(void *p, size_t n);
char *sl_strdup(const char *s);
char *sl_strndup(const char *s, size_t n);
void sl_free(void *p);

/*
 * Test hook: make the allocation that is `nth` from now (1 = the next one)
 * fail, and every one after it until sl_alloc_fail_reset(). 0 disables.
 * The counters are atomic (the import reads on a second thread), but a test that
 * injects a failure should not run other threads that allocate meanwhile.
 */
void sl_alloc_fail_at(long nth);
void sl_alloc_fail_reset(void);
/* How many allocations have been attempted since the process started. */
long sl_alloc_count(void);

#endif
