/*
 * tmp_register.h - a register file in a fresh temporary directory, shared by
 * the store and service tests: tmp_register_create() in the group setup
 * (it fills `db`), tmp_register_clear() when a test wants an empty register
 * (it removes the database and its WAL companions), rmdir(db_dir) after a
 * final clear in the group teardown.
 */
#ifndef SL_TESTS_TMP_REGISTER_H
#define SL_TESTS_TMP_REGISTER_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char db_dir[64];
static char db[128]; /* the register file inside db_dir */

static inline int tmp_register_create(void)
{
    snprintf(db_dir, sizeof db_dir, "/tmp/samenloop-test-XXXXXX");
    if (!mkdtemp(db_dir))
        return -1;
    snprintf(db, sizeof db, "%s/register.db", db_dir);
    return 0;
}

static inline void tmp_register_clear(void)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-inzage", "-inzage-wal",
                                         "-inzage-shm"};
    char path[160];
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        snprintf(path, sizeof path, "%s%s", db, suffix[i]);
        unlink(path);
    }
}

#endif
