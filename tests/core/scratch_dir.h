/* A scratch directory per test file, made in a cmocka setup and removed in
 * its teardown: `scratch_dir` holds its path. Include in one file only. */
#ifndef SCRATCH_DIR_H
#define SCRATCH_DIR_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char scratch_dir[64];

/* mkdtemp of /tmp/corsaro-test-NAME-XXXXXX. @return 0 or -1 */
static inline int scratch_dir_make(const char *name)
{
    snprintf(scratch_dir, sizeof(scratch_dir), "/tmp/corsaro-test-%s-XXXXXX", name);
    return mkdtemp(scratch_dir) == NULL ? -1 : 0;
}

/* Removes the directory and everything in it. @return 0 or -1 */
static inline int scratch_dir_remove(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", scratch_dir);
    return system(cmd) == 0 ? 0 : -1;
}

#endif
