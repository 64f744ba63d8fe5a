/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Input files: wandio detects gzip, bzip2 and xz. We count the bytes
 * consumed ourselves so errors can name the offset in the decompressed
 * stream. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <wandio.h>

#include "corsaro_int.h"

struct corsaro_file_in {
    io_t *io;
    off_t offset;
};

corsaro_file_in_t *corsaro_file_ropen(const char *filename)
{
    struct stat st;
    /* wandio says nothing useful when a file is missing; check first. */
    if (strcmp(filename, "-") != 0) {
        int fd = open(filename, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return NULL;
        if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            close(fd);
            errno = EISDIR;
            return NULL;
        }
        close(fd);
    }
    corsaro_file_in_t *file = calloc(1, sizeof(*file));
    if (file == NULL)
        return NULL;
    file->io = wandio_create(filename);
    if (file->io == NULL) {
        free(file);
        errno = EIO;
        return NULL;
    }
    return file;
}

void corsaro_file_rclose(corsaro_file_in_t *file)
{
    if (file == NULL)
        return;
    wandio_destroy(file->io);
    free(file);
}

off_t corsaro_file_rread(corsaro_file_in_t *file, void *buffer, off_t len)
{
    off_t got = 0;
    while (got < len) {
        off_t n = wandio_read(file->io, (char *)buffer + got, len - got);
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += n;
    }
    file->offset += got;
    return got;
}

off_t corsaro_file_rpeek(corsaro_file_in_t *file, void *buffer, off_t len)
{
    return wandio_peek(file->io, buffer, len);
}

off_t corsaro_file_rgets(corsaro_file_in_t *file, char *buf, off_t len)
{
    off_t i = 0;
    if (len <= 0)
        return -1;
    while (i < len - 1) {
        char c;
        off_t n = corsaro_file_rread(file, &c, 1);
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        buf[i++] = c;
        if (c == '\n')
            break;
    }
    buf[i] = '\0';
    return i;
}

off_t corsaro_file_rtell(corsaro_file_in_t *file)
{
    return file->offset;
}
