/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * Output files.
 *
 * wandio compresses (gzip, bzip2, xz) on its own thread, but it drops
 * write errors: a write to a full disk "succeeds". So wandio writes into a
 * pipe, and a drain thread of ours copies the pipe to the real file and
 * keeps the first error. Every later write, and the close, report it with
 * the file name. Uncompressed files skip wandio and the pipe: two staging
 * buffers alternate, a writer thread write(2)s the full one while the
 * caller fills the other (one kernel copy instead of three). Either way the
 * calling thread only copies into a staging buffer, and the disk writes
 * happen on a thread of the file's own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <wandio.h>

#include "corsaro_int.h"

#define STAGING_SIZE (128u << 10) /* per buffer; two per file */
#define PIPE_SIZE (1 << 20)

struct corsaro_file {
    char *name;
    corsaro_file_mode_t mode;
    int fd;          /* the real file */
    int is_stdout;
    iow_t *iow;      /* wandio writer into the pipe, when compressing */
    int pipe_rd;
    pthread_t drain;
    int drain_running;
    /* uncompressed: the writer thread and its hand-over */
    pthread_t writer;
    int writer_running;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint8_t *pending;   /* a full buffer for the writer, or NULL */
    size_t pending_len;
    uint8_t *spare;     /* the buffer the writer gave back, or NULL */
    int closing;
    uint8_t *buf;    /* staging buffer */
    size_t used;
    int err;         /* first errno, set by either thread */
    int reported;
};

static void file_fail(corsaro_file_t *file, int err)
{
    int zero = 0;
    __atomic_compare_exchange_n(&file->err, &zero, err, 0, __ATOMIC_SEQ_CST,
                                __ATOMIC_SEQ_CST);
}

static int file_err(corsaro_file_t *file)
{
    return __atomic_load_n(&file->err, __ATOMIC_SEQ_CST);
}

static int write_all(int fd, const uint8_t *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        if (n == 0)
            return EIO;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Copies the pipe to the file. After an error it keeps reading (and
 * dropping) so that wandio never blocks on a full pipe. */
static void *drain_main(void *arg)
{
    corsaro_file_t *file = arg;
    uint8_t *chunk = malloc(PIPE_SIZE);
    if (chunk == NULL) {
        file_fail(file, ENOMEM);
        return NULL;
    }
    for (;;) {
        ssize_t n = read(file->pipe_rd, chunk, PIPE_SIZE);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n < 0)
                file_fail(file, errno);
            break;
        }
        if (file_err(file) == 0) {
            int e = write_all(file->fd, chunk, (size_t)n);
            if (e != 0)
                file_fail(file, e);
        }
    }
    free(chunk);
    return NULL;
}

/* Writes each full buffer handed over, then gives it back as the spare.
 * After an error it keeps taking buffers (and dropping them) so the caller
 * never waits forever. */
static void *writer_main(void *arg)
{
    corsaro_file_t *file = arg;
    pthread_mutex_lock(&file->mu);
    for (;;) {
        while (file->pending == NULL && !file->closing)
            pthread_cond_wait(&file->cv, &file->mu);
        if (file->pending == NULL)
            break; /* closing, nothing left */
        uint8_t *p = file->pending;
        size_t n = file->pending_len;
        pthread_mutex_unlock(&file->mu);
        if (file_err(file) == 0) {
            int e = write_all(file->fd, p, n);
            if (e != 0)
                file_fail(file, e);
        }
        pthread_mutex_lock(&file->mu);
        file->spare = p;
        file->pending = NULL;
        pthread_cond_broadcast(&file->cv);
    }
    pthread_mutex_unlock(&file->mu);
    return NULL;
}

static int start_writer(corsaro_file_t *file)
{
    file->spare = malloc(STAGING_SIZE);
    if (file->spare == NULL)
        return -1;
    if (pthread_mutex_init(&file->mu, NULL) != 0)
        goto fail;
    if (pthread_cond_init(&file->cv, NULL) != 0) {
        pthread_mutex_destroy(&file->mu);
        goto fail;
    }
    if (pthread_create(&file->writer, NULL, writer_main, file) != 0) {
        pthread_cond_destroy(&file->cv);
        pthread_mutex_destroy(&file->mu);
        goto fail;
    }
    file->writer_running = 1;
    return 0;
fail:
    free(file->spare);
    file->spare = NULL;
    errno = EAGAIN;
    return -1;
}

/* Gives the full staging buffer to the writer and takes the spare. */
static void hand_off(corsaro_file_t *file)
{
    pthread_mutex_lock(&file->mu);
    while (file->pending != NULL || file->spare == NULL)
        pthread_cond_wait(&file->cv, &file->mu);
    file->pending = file->buf;
    file->pending_len = file->used;
    file->buf = file->spare;
    file->spare = NULL;
    pthread_cond_broadcast(&file->cv);
    pthread_mutex_unlock(&file->mu);
}

static void stop_writer(corsaro_file_t *file)
{
    pthread_mutex_lock(&file->mu);
    file->closing = 1;
    pthread_cond_broadcast(&file->cv);
    pthread_mutex_unlock(&file->mu);
    pthread_join(file->writer, NULL);
    pthread_cond_destroy(&file->cv);
    pthread_mutex_destroy(&file->mu);
    free(file->spare);
    file->spare = NULL;
    file->writer_running = 0;
}

static int start_wandio(corsaro_file_t *file, corsaro_file_compress_t compress)
{
    int fds[2];
    char path[64];

    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    (void)fcntl(fds[1], F_SETPIPE_SZ, PIPE_SIZE);
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[1]);
    file->iow = wandio_wcreate(path, (int)compress, 6, 0);
    close(fds[1]); /* wandio opened its own descriptor of the pipe */
    if (file->iow == NULL) {
        close(fds[0]);
        errno = EIO;
        return -1;
    }
    file->pipe_rd = fds[0];
    if (pthread_create(&file->drain, NULL, drain_main, file) != 0) {
        wandio_wdestroy(file->iow);
        file->iow = NULL;
        close(fds[0]);
        errno = EAGAIN;
        return -1;
    }
    file->drain_running = 1;
    return 0;
}

static void file_discard(corsaro_file_t *file)
{
    int saved = errno;
    if (file->fd >= 0 && !file->is_stdout)
        close(file->fd);
    free(file->name);
    free(file->buf);
    free(file);
    errno = saved;
}

static corsaro_file_t *file_alloc(const char *filename, corsaro_file_mode_t mode)
{
    corsaro_file_t *file = calloc(1, sizeof(*file));
    if (file == NULL)
        return NULL;
    file->mode = mode;
    file->fd = -1;
    file->pipe_rd = -1;
    file->name = strdup(filename);
    file->buf = malloc(STAGING_SIZE);
    if (file->name == NULL || file->buf == NULL) {
        file_discard(file);
        errno = ENOMEM;
        return NULL;
    }
    return file;
}

/* Starts the thread that writes the open descriptor. @return 0 or -1 */
static int file_start(corsaro_file_t *file, corsaro_file_compress_t compress)
{
    return compress == CORSARO_FILE_COMPRESS_NONE ? start_writer(file)
                                                  : start_wandio(file, compress);
}

corsaro_file_t *corsaro_file_open(const char *filename, corsaro_file_mode_t mode,
                                  corsaro_file_compress_t compress)
{
    corsaro_file_t *file = file_alloc(filename, mode);
    if (file == NULL)
        return NULL;
    if (strcmp(filename, "-") == 0) {
        file->is_stdout = 1;
        file->fd = STDOUT_FILENO;
        return file;
    }
    file->fd = open(filename, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (file->fd < 0 || file_start(file, compress) != 0) {
        file_discard(file);
        return NULL;
    }
    return file;
}

/* Opened without O_TRUNC, so a refused file keeps its bytes. */
corsaro_file_t *corsaro__file_open_output(corsaro_t *corsaro, const char *filename,
                                          corsaro_file_mode_t mode,
                                          corsaro_file_compress_t compress)
{
    struct stat st;
    if (corsaro__outputs_check_name(corsaro, filename) != 0) {
        errno = EEXIST;
        return NULL;
    }
    corsaro_file_t *file = file_alloc(filename, mode);
    if (file == NULL)
        return NULL;
    file->fd = open(filename, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (file->fd < 0 || fstat(file->fd, &st) != 0)
        goto fail;
    if (corsaro__outputs_claim(corsaro, filename, &st) != 0) {
        errno = EEXIST;
        goto fail;
    }
    /* O_TRUNC leaves other kinds of file alone; so does this */
    if (S_ISREG(st.st_mode) && st.st_size > 0 && ftruncate(file->fd, 0) != 0)
        goto fail;
    if (file_start(file, compress) != 0)
        goto fail;
    return file;
fail:
    file_discard(file);
    return NULL;
}

/* Reports the file's error once through the run, naming the file. A closed
 * pipe on standard output is the reader's choice (`cors2ascii | head`),
 * not a failure to report. */
static off_t report(corsaro_t *corsaro, corsaro_file_t *file)
{
    if (file->is_stdout && file_err(file) == EPIPE)
        file->reported = 1;
    if (!file->reported) {
        file->reported = 1;
        /* ENOENT comes from the close-time check below, not from a write */
        const char *why = file_err(file) == ENOENT
                              ? "the file (or its directory) was removed while "
                                "corsaro wrote it; what was written to it is lost"
                              : strerror(file_err(file));
        if (corsaro != NULL)
            corsaro_set_error(corsaro, "writing %s failed: %s%s", file->name, why,
                              file_err(file) == ENOENT
                                  ? ""
                                  : " (check free space and permissions of "
                                    "the output directory)");
        else
            fprintf(stderr, "corsaro: writing %s failed: %s\n", file->name, why);
    }
    return -1;
}

static void flush_staging(corsaro_file_t *file)
{
    if (file->used == 0)
        return;
    if (file->writer_running) {
        hand_off(file);
    } else if (file->is_stdout) {
        int e = write_all(file->fd, file->buf, file->used);
        if (e != 0)
            file_fail(file, e);
    } else if (wandio_wwrite(file->iow, file->buf, (off_t)file->used) !=
               (off_t)file->used) {
        file_fail(file, EIO);
    }
    file->used = 0;
}

off_t corsaro_file_write(corsaro_t *corsaro, corsaro_file_t *file,
                         const void *buffer, off_t len)
{
    const uint8_t *p = buffer;
    size_t left = (size_t)len;

    if (len < 0)
        return -1;
    if (file_err(file) != 0)
        return report(corsaro, file);
    while (left > 0) {
        size_t room = STAGING_SIZE - file->used;
        size_t n = left < room ? left : room;
        memcpy(file->buf + file->used, p, n);
        file->used += n;
        p += n;
        left -= n;
        if (file->used == STAGING_SIZE)
            flush_staging(file);
    }
    if (file_err(file) != 0)
        return report(corsaro, file);
    return len;
}

off_t corsaro_file_vprintf(corsaro_t *corsaro, corsaro_file_t *file,
                           const char *format, va_list args)
{
    char small[1024];
    va_list copy;
    int n;

    va_copy(copy, args);
    n = vsnprintf(small, sizeof(small), format, copy);
    va_end(copy);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof(small))
        return corsaro_file_write(corsaro, file, small, n);

    char *big = malloc((size_t)n + 1);
    if (big == NULL)
        return -1;
    vsnprintf(big, (size_t)n + 1, format, args);
    off_t rc = corsaro_file_write(corsaro, file, big, n);
    free(big);
    return rc;
}

off_t corsaro_file_printf(corsaro_t *corsaro, corsaro_file_t *file,
                          const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    off_t rc = corsaro_file_vprintf(corsaro, file, format, ap);
    va_end(ap);
    return rc;
}

int corsaro_file_close(corsaro_t *corsaro, corsaro_file_t *file)
{
    int rc = 0;
    if (file == NULL)
        return 0;
    flush_staging(file);
    if (file->iow != NULL)
        wandio_wdestroy(file->iow); /* flushes the compressor, ends the pipe */
    if (file->writer_running)
        stop_writer(file); /* after the last buffer is written */
    if (file->drain_running)
        pthread_join(file->drain, NULL);
    if (file->pipe_rd >= 0)
        close(file->pipe_rd);
    /* Writes to a file whose directory was removed still succeed on Linux,
     * into a file nobody can open any more: say so rather than exit 0. */
    struct stat st;
    long long size = -1; /* for the log */
    if (!file->is_stdout && file->fd >= 0 && fstat(file->fd, &st) == 0) {
        size = (long long)st.st_size;
        if (S_ISREG(st.st_mode) && st.st_nlink == 0)
            file_fail(file, ENOENT);
    }
    if (!file->is_stdout && file->fd >= 0 && close(file->fd) != 0)
        file_fail(file, errno);
    int err = file_err(file);
    if (err != 0)
        rc = (int)report(corsaro, file);
    if (corsaro != NULL && !file->is_stdout)
        corsaro__log_file_closed(corsaro, file->name, size, err != 0);
    free(file->name);
    free(file->buf);
    free(file);
    errno = err; /* the cause, for callers that treat EPIPE differently */
    return rc;
}

int corsaro_file_error(corsaro_file_t *file)
{
    return file_err(file);
}

corsaro_file_mode_t corsaro_file_get_mode(corsaro_file_t *file)
{
    return file->mode;
}

const char *corsaro_file_get_name(corsaro_file_t *file)
{
    return file->name;
}

int corsaro__file_failed(corsaro_file_t *file, char *why, size_t len)
{
    int e = file_err(file);
    if (e != 0 && why != NULL)
        snprintf(why, len, "writing %s failed: %s", file->name, strerror(e));
    return e != 0;
}
