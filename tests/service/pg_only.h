/*
 * pg_only.h - for the test programs that only mean something on PostgreSQL:
 * without SAMENLOOP_TEST_PG they skip, except in CI, where a missing cluster
 * must fail the run instead of passing it unseen.
 */
#ifndef SL_TESTS_PG_ONLY_H
#define SL_TESTS_PG_ONLY_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 0 to run; otherwise the exit code for main (77: skipped, 1: failed in CI). */
static inline int pg_only_skip(const char *prog)
{
    const char *admin = getenv("SAMENLOOP_TEST_PG");
    if (admin && *admin)
        return 0;
    const char *ci = getenv("CI");
    if (ci && strcmp(ci, "true") == 0) {
        fprintf(stderr, "%s: SAMENLOOP_TEST_PG is not set in CI: run make test-pg "
                        "(scripts/pg-cluster.sh)\n", prog);
        return 1;
    }
    printf("%s: skipped: SAMENLOOP_TEST_PG is not set (make test-pg)\n", prog);
    return 77;
}

#endif
