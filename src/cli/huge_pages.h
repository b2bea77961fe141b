/*
 * huge_pages.h - running a memory-heavy command on transparent huge pages.
 */
#ifndef SL_CLI_HUGE_PAGES_H
#define SL_CLI_HUGE_PAGES_H

/*
 * Executes this program again, with the same arguments, with glibc's heap on
 * transparent huge pages (GLIBC_TUNABLES glibc.malloc.hugetlb=1). Returns
 * only when that is not done: the setting is already chosen (by this
 * function in the first run, or by the operator), the build has a sanitizer
 * allocator, or the execution fails. argv is main's, unchanged.
 */
void cli_exec_with_huge_pages(char *const argv[]);

#endif
