/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
#define _GNU_SOURCE
#include "fuzz_common.h"

#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char scratch[256];

/* Removes the scratch directory and what the harness left in it (one
 * level: the harnesses make no subdirectories). */
static void remove_scratch(void)
{
    DIR *d = opendir(scratch);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char path[512];
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", scratch, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(scratch);
}

const char *fuzz_scratch_dir(void)
{
    if (scratch[0] != '\0')
        return scratch;
    const char *base = "/dev/shm";
    if (access(base, W_OK) != 0)
        base = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";
    snprintf(scratch, sizeof(scratch), "%s/corsaro-fuzz.XXXXXX", base);
    if (mkdtemp(scratch) == NULL)
        fuzz_fail("cannot make a scratch directory", scratch);
    atexit(remove_scratch);
    return scratch;
}

void fuzz_pin_plugins(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        fuzz_fail("cannot read the plugin directory", dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".so") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) == NULL)
            fuzz_fail("cannot pin plugin", dlerror());
    }
    closedir(d);
}

void fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        fuzz_fail("cannot create the input file", path);
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n <= 0)
            fuzz_fail("cannot write the input file", path);
        data += n;
        size -= (size_t)n;
    }
    close(fd);
}

void fuzz_fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz harness: %s: %s\n", what, detail != NULL ? detail : "");
    abort();
}
