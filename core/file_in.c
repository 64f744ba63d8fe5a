/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Input files: wandio detects gzip, bzip2 and xz. We count the bytes
 * consumed ourselves so errors can name the offset in the decompressed
 * stream.
 *
 * We buffer (and peek) ourselves instead of using wandio's peek layer,
 * which libwandio 3.0.22 gets wrong: after its child fails (corrupt
 * compressed data) it keeps a buffer length of -1, and the next read or
 * peek memcpy()s -1 bytes and crashes; and a peek that meets the end of
 * the file returns 0 even when it holds some of the bytes asked for. We
 * only ever ask wandio for whole CHUNKs into a 4096-aligned buffer: its
 * peek layer then hands them straight through without buffering anything,
 * so it never gets into that state. After an error we never call wandio
 * again. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <wandio.h>

#include "corsaro_int.h"

/* What one wandio read asks for: a multiple of wandio's 4096-byte block. */
#define CHUNK (1u << 20)
/* Room before the chunk for unread bytes kept across a refill; the
 * largest peek. */
#define CARRY (64u << 10)

struct corsaro_file_in {
    io_t *io;
    off_t offset;  /* bytes consumed */
    uint8_t *buf;  /* CARRY + CHUNK bytes; the chunk starts 4096-aligned */
    size_t pos;    /* unread bytes are buf[pos, end) */
    size_t end;
    int state;     /* 0 more may come, 1 end of file, -1 error */
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
    void *buf = NULL;
    if (posix_memalign(&buf, 4096, CARRY + CHUNK) != 0) {
        free(file);
        errno = ENOMEM;
        return NULL;
    }
    file->buf = buf;
    file->pos = file->end = CARRY;
    file->io = wandio_create(filename);
    if (file->io == NULL) {
        free(file->buf);
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
    free(file->buf);
    free(file);
}

/* Reads the next chunk, keeping the unread bytes (at most CARRY) just
 * before it. @return bytes added, 0 at end of file, -1 on error */
static off_t fill(corsaro_file_in_t *file)
{
    size_t left = file->end - file->pos;
    if (file->state != 0)
        return file->state < 0 ? -1 : 0;
    if (left > CARRY)
        return 0; /* callers never need more than CARRY unread bytes */
    memmove(file->buf + CARRY - left, file->buf + file->pos, left);
    file->pos = CARRY - left;
    file->end = CARRY;
    off_t n = wandio_read(file->io, file->buf + CARRY, CHUNK);
    if (n < 0)
        file->state = -1;
    else if (n == 0)
        file->state = 1;
    else
        file->end += (size_t)n;
    return n;
}

off_t corsaro_file_rread(corsaro_file_in_t *file, void *buffer, off_t len)
{
    off_t got = 0;
    while (got < len) {
        size_t avail = file->end - file->pos;
        if (avail == 0) {
            off_t n = fill(file);
            if (n < 0)
                return -1;
            if (n == 0)
                break;
            continue;
        }
        size_t n = (size_t)(len - got) < avail ? (size_t)(len - got) : avail;
        memcpy((uint8_t *)buffer + got, file->buf + file->pos, n);
        file->pos += n;
        got += (off_t)n;
    }
    file->offset += got;
    return got;
}

off_t corsaro_file_rpeek(corsaro_file_in_t *file, void *buffer, off_t len)
{
    if (len < 0)
        return -1;
    if ((size_t)len > CARRY)
        len = CARRY;
    while (file->end - file->pos < (size_t)len) {
        off_t n = fill(file);
        if (n < 0)
            return -1;
        if (n == 0)
            break;
    }
    size_t avail = file->end - file->pos;
    size_t n = (size_t)len < avail ? (size_t)len : avail;
    memcpy(buffer, file->buf + file->pos, n);
    return (off_t)n;
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
