/*
 * huge_pages.c - running a memory-heavy command on transparent huge pages
 * (see huge_pages.h).
 *
 * A first import touches about 500 MiB of heap within seconds: SQLite's page
 * cache and sorter, the importer's maps of a million ids. On 4 KiB pages
 * that is some 110,000 page faults, each zeroing a page in the kernel, and a
 * TLB miss on most lookups in those maps. glibc puts its heap on 2 MiB pages
 * when the tunable glibc.malloc.hugetlb=1 is set (it then advises the kernel
 * with madvise), which cuts the faults tenfold; on the 1M-claim benchmark the
 * import took 12% less time (decision 77). Tunables are read only when a
 * process starts, so the command sets it and executes itself once more; an
 * operator who sets glibc.malloc.hugetlb in GLIBC_TUNABLES keeps their choice.
 */
#include "cli/huge_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HUGETLB "glibc.malloc.hugetlb"

void cli_exec_with_huge_pages(char *const argv[])
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    (void)argv; /* the sanitizer's allocator replaces glibc's: nothing to tune */
#else
    const char *old = getenv("GLIBC_TUNABLES");
    if (old && strstr(old, HUGETLB))
        return;
    char value[1024];
    int n = old && *old ? snprintf(value, sizeof value, "%s:" HUGETLB "=1", old)
                        : snprintf(value, sizeof value, HUGETLB "=1");
    if (n < 0 || (size_t)n >= sizeof value || setenv("GLIBC_TUNABLES", value, 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    /* not executed: carry on as we are, and leave the environment as it was */
    if (old)
        setenv("GLIBC_TUNABLES", old, 1);
    else
        unsetenv("GLIBC_TUNABLES");
#endif
}
