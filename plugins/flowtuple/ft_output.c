/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_output.c
 * @brief Counting and writing, on the plugin's worker thread.
 *
 * The packet thread parses each packet into a batch; the worker counts
 * batches into the class tables (ft_table.c) and, at an interval end,
 * sorts each class (unless -s), encodes it into one large buffer and
 * hands the buffer to the IO layer when full -- four corsaro_file_write
 * calls for a class of 200,000 tuples instead of 200,000.
 *
 * Why a thread: a telescope interval is nearly all new tuples, so each
 * packet costs a cache miss in the table, and each interval a sort; on
 * the packet thread that doubled the run time of libtrace alone. Here
 * the packet thread pays for parsing and a 24-byte store, and the worker
 * does the rest on another core. The worker touches only the tables,
 * its own buffers and the flowtuple file, and calls the IO layer with a
 * NULL run (as corsaro_file_write documents), so its failures are kept
 * here and reported by the packet thread at its next call.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corsaro/corsaro.h"
#include "ft_output.h"

/* Room for a class start or end line ("START flowtuple_backscatter 4294967295\n"). */
#define FT_CLASS_LINE_MAX 64

static void *ft_worker_main(void *arg);

/* Maps the batch pool, all on the spare list but the first, which
 * becomes the packet thread's. Mapped rather than malloc'd: allocated
 * during the run on the packet thread, each batch would pin a hole in
 * glibc's main heap, where libwandio regrows its megabyte read buffer, and
 * the heap then grows by a megabyte per regrowth (measured +12 MiB). */
static int ft_pool_init(ft_out_t *out)
{
    out->pool = corsaro__ft_map(FT_POOL * sizeof(ft_batch_t), 0);
    if (out->pool == NULL)
        return -1;
    for (int i = FT_POOL - 1; i >= 1; i--) {
        out->pool[i].next = out->spare;
        out->spare = &out->pool[i];
    }
    out->cur = &out->pool[0];
    return 0;
}

int corsaro__ft_out_init(ft_out_t *out, const ft_keyopts_t *opts, int sort)
{
    memset(out, 0, sizeof(*out));
    out->opts = *opts;
    out->sort = sort;
    out->magic = opts->sixt ? CORSARO_FLOWTUPLE_MAGIC_SIXT : CORSARO_FLOWTUPLE_MAGIC_SIXU;
    for (int c = 0; c <= CORSARO_FLOWTUPLE_CLASS_MAX; c++)
        if (corsaro__ft_table_init(&out->tables[c]) != 0)
            return -1;
    out->buf = malloc(FT_OUT_BUFSIZE);
    if (out->buf == NULL || ft_pool_init(out) != 0)
        return -1;

    if (pthread_mutex_init(&out->mu, NULL) != 0)
        return 0; /* no thread: the packet thread does the work */
    if (pthread_cond_init(&out->work, NULL) != 0) {
        pthread_mutex_destroy(&out->mu);
        return 0;
    }
    if (pthread_cond_init(&out->space, NULL) != 0) {
        pthread_cond_destroy(&out->work);
        pthread_mutex_destroy(&out->mu);
        return 0;
    }
    out->have_sync = 1;
    /* the worker takes no signals: they stay with the host's threads */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    out->have_thread = pthread_create(&out->thread, NULL, ft_worker_main, out) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return 0;
}

void corsaro__ft_out_free(ft_out_t *out)
{
    if (out->have_thread) {
        pthread_mutex_lock(&out->mu);
        out->quit = 1;
        pthread_cond_broadcast(&out->work);
        pthread_mutex_unlock(&out->mu);
        pthread_join(out->thread, NULL); /* after what is queued */
    }
    if (out->have_sync) {
        pthread_cond_destroy(&out->space);
        pthread_cond_destroy(&out->work);
        pthread_mutex_destroy(&out->mu);
    }
    corsaro__ft_unmap(out->pool, FT_POOL * sizeof(ft_batch_t));
    for (int c = 0; c <= CORSARO_FLOWTUPLE_CLASS_MAX; c++)
        corsaro__ft_table_free(&out->tables[c]);
    free(out->buf);
    memset(out, 0, sizeof(*out));
}

/* ---- the worker's side (or the packet thread's, without a worker) ---- */

/* Records the first failure; later batches are then only recycled. */
static void ft_fail(ft_out_t *out, const char *msg)
{
    out->wfailed = 1;
    if (out->have_thread)
        pthread_mutex_lock(&out->mu);
    if (!out->failed) {
        out->failed = 1;
        snprintf(out->err, sizeof(out->err), "%s", msg);
    }
    if (out->have_thread)
        pthread_mutex_unlock(&out->mu);
}

static int ft_flush(ft_out_t *out, corsaro_file_t *file)
{
    off_t len = (off_t)out->buf_len;
    if (len == 0)
        return 0;
    out->buf_len = 0;
    return corsaro_file_write(NULL, file, out->buf, len) == len ? 0 : -1;
}

/* Makes room for @p need more bytes. */
static inline int ft_room(ft_out_t *out, corsaro_file_t *file, size_t need)
{
    return out->buf_len + need <= FT_OUT_BUFSIZE ? 0 : ft_flush(out, file);
}

/* The items of table @p t in output order (sorted in place). */
static const ft_item_t *ft_ordered(ft_out_t *out, ft_table_t *t)
{
    if (out->sort && t->n > 1)
        corsaro__ft_sort(t->items, t->n);
    return t->items;
}

static int ft_write_binary(ft_out_t *out, corsaro_file_t *file, int cls,
                           const ft_item_t *items, size_t n)
{
    int sixt = out->opts.sixt;
    size_t tlen = ft_tuple_len(sixt);

    if (ft_room(out, file, CORSARO_FLOWTUPLE_CLASS_START_LEN) != 0)
        return -1;
    corsaro__ft_encode_class_start(out->buf + out->buf_len, out->magic,
                                   (uint16_t)cls, (uint32_t)n);
    out->buf_len += CORSARO_FLOWTUPLE_CLASS_START_LEN;
    for (size_t i = 0; i < n; i++) {
        if (out->buf_len + tlen > FT_OUT_BUFSIZE && ft_flush(out, file) != 0)
            return -1;
        out->buf_len += corsaro__ft_encode_item(out->buf + out->buf_len, &items[i], sixt);
    }
    if (ft_room(out, file, CORSARO_FLOWTUPLE_CLASS_END_LEN) != 0)
        return -1;
    corsaro__ft_encode_class_end(out->buf + out->buf_len, out->magic, (uint16_t)cls);
    out->buf_len += CORSARO_FLOWTUPLE_CLASS_END_LEN;
    return 0;
}

static int ft_write_ascii(ft_out_t *out, corsaro_file_t *file, int cls,
                          const ft_item_t *items, size_t n)
{
    const char *name = corsaro__ft_class_name((unsigned)cls);
    corsaro_flowtuple_t ft;

    if (ft_room(out, file, FT_CLASS_LINE_MAX) != 0)
        return -1;
    out->buf_len += (size_t)snprintf((char *)out->buf + out->buf_len, FT_CLASS_LINE_MAX,
                                     "START %s %lu\n", name, (unsigned long)n);
    for (size_t i = 0; i < n; i++) {
        if (ft_room(out, file, FT_TEXT_MAX) != 0)
            return -1;
        corsaro__ft_flowtuple_from_item(&items[i], &ft);
        out->buf_len += corsaro__ft_tuple_to_text(&ft, (char *)out->buf + out->buf_len);
    }
    if (ft_room(out, file, FT_CLASS_LINE_MAX) != 0)
        return -1;
    out->buf_len += (size_t)snprintf((char *)out->buf + out->buf_len, FT_CLASS_LINE_MAX,
                                     "END %s\n", name);
    return 0;
}

/* Writes the interval whose tuples the tables hold.
 * @return 0, or -1 with @p err saying why */
static int ft_write_interval(ft_out_t *out, ft_job_t *job, char *err, size_t errlen)
{
    corsaro_file_t *file = job->file;
    int binary = corsaro_file_get_mode(file) != CORSARO_FILE_MODE_ASCII;
    int rc = 0;

    snprintf(err, errlen, "flowtuple: writing %s failed", corsaro_file_get_name(file));
    out->buf_len = 0;
    if (corsaro_io_write_interval_start(NULL, file, &job->start) != 0)
        rc = -1;
    for (int c = 0; rc == 0 && c <= CORSARO_FLOWTUPLE_CLASS_MAX; c++) {
        ft_table_t *t = &out->tables[c];
        const ft_item_t *items = ft_ordered(out, t);
        if (binary) {
            rc = ft_write_binary(out, file, c, items, t->n);
        } else {
            rc = ft_write_ascii(out, file, c, items, t->n);
        }
    }
    if (rc == 0)
        rc = ft_flush(out, file);
    if (rc == 0 && corsaro_io_write_interval_end(NULL, file, &job->end) != 0)
        rc = -1;
    out->buf_len = 0;
    return rc;
}

/* An interval ends: write it (unless something failed before), empty the
 * tables, close the file at a rotation. */
static void ft_end_job(ft_out_t *out, ft_job_t *job)
{
    char err[sizeof(out->err)];

    for (int c = 0; c <= CORSARO_FLOWTUPLE_CLASS_MAX; c++) {
        if (corsaro__ft_table_flush(&out->tables[c]) != 0 && !out->wfailed)
            ft_fail(out, "flowtuple: out of memory for the tuple tables");
        /* the interval is complete: its index is no longer needed, and
         * giving it back now makes room for the batches that queue up
         * while the worker sorts and writes */
        corsaro__ft_table_release_index(&out->tables[c]);
    }
    if (!out->wfailed && ft_write_interval(out, job, err, sizeof(err)) != 0)
        ft_fail(out, err);

    for (int c = 0; c <= CORSARO_FLOWTUPLE_CLASS_MAX; c++)
        corsaro__ft_table_reset(&out->tables[c]);
    if (job->close_after) {
        char name[256];
        snprintf(name, sizeof(name), "%s", corsaro_file_get_name(job->file));
        if (corsaro_file_close(NULL, job->file) != 0 && !out->wfailed) {
            snprintf(err, sizeof(err), "flowtuple: closing %s failed", name);
            ft_fail(out, err);
        }
    }
}

/* Counts a batch, and ends the interval if it says so. */
static void ft_process(ft_out_t *out, ft_batch_t *b)
{
    if (!out->wfailed) {
        for (size_t i = 0; i < b->n; i++) {
            const ft_item_t *it = &b->items[i];
            if (corsaro__ft_table_add_later(&out->tables[it->pad[0]], it, it->count) != 0) {
                ft_fail(out, "flowtuple: out of memory for the tuple tables");
                break;
            }
        }
    }
    if (b->is_end)
        ft_end_job(out, &b->job);
    b->n = 0;
    b->is_end = 0;
}

static void *ft_worker_main(void *arg)
{
    ft_out_t *out = arg;

    pthread_mutex_lock(&out->mu);
    for (;;) {
        while (out->head == NULL && !out->quit)
            pthread_cond_wait(&out->work, &out->mu);
        if (out->head == NULL)
            break; /* quit, and nothing left */
        ft_batch_t *b = out->head;
        out->head = b->next;
        if (out->head == NULL)
            out->tail = NULL;
        out->queued--;
        out->busy = 1;
        pthread_mutex_unlock(&out->mu);

        ft_process(out, b);

        pthread_mutex_lock(&out->mu);
        b->next = out->spare;
        out->spare = b;
        out->busy = 0;
        pthread_cond_broadcast(&out->space);
    }
    pthread_mutex_unlock(&out->mu);
    return NULL;
}

/* ---- the packet thread's side ---- */

/* @return -1 after setting the run's error if anything failed, else 0 */
static int ft_report(ft_out_t *out, corsaro_t *corsaro, int failed, const char *err)
{
    (void)out;
    if (!failed)
        return 0;
    corsaro_set_error(corsaro, "%s", err);
    return -1;
}

int corsaro__ft_out_submit(ft_out_t *out, corsaro_t *corsaro)
{
    ft_batch_t *b = out->cur;
    char err[sizeof(out->err)];
    int failed;

    if (!out->have_thread) {
        ft_process(out, b);
        return ft_report(out, corsaro, out->failed, out->err);
    }

    pthread_mutex_lock(&out->mu);
    while (out->queued >= FT_QUEUE_MAX)
        pthread_cond_wait(&out->space, &out->mu);
    b->next = NULL;
    if (out->tail != NULL)
        out->tail->next = b;
    else
        out->head = b;
    out->tail = b;
    out->queued++;
    pthread_cond_broadcast(&out->work);
    /* the next batch: the pool has one more than can be queued or held by
     * the worker, so one is free (the wait is only a safeguard) */
    while (out->spare == NULL)
        pthread_cond_wait(&out->space, &out->mu);
    ft_batch_t *nb = out->spare;
    out->spare = nb->next;
    pthread_mutex_unlock(&out->mu);
    nb->next = NULL;
    nb->n = 0;
    nb->is_end = 0;
    out->cur = nb;

    pthread_mutex_lock(&out->mu);
    failed = out->failed;
    memcpy(err, out->err, sizeof(err));
    pthread_mutex_unlock(&out->mu);
    return ft_report(out, corsaro, failed, err);
}

int corsaro__ft_out_end_interval(ft_out_t *out, corsaro_t *corsaro,
                                 corsaro_file_t *file,
                                 const corsaro_interval_t *int_start,
                                 const corsaro_interval_t *int_end,
                                 int close_after)
{
    ft_batch_t *b = out->cur;
    b->is_end = 1;
    b->job.file = file;
    b->job.start = *int_start;
    b->job.end = *int_end;
    b->job.close_after = close_after;
    return corsaro__ft_out_submit(out, corsaro);
}

int corsaro__ft_out_sync(ft_out_t *out, corsaro_t *corsaro)
{
    char err[sizeof(out->err)];
    int failed;

    if (!out->have_thread)
        return ft_report(out, corsaro, out->failed, out->err);
    pthread_mutex_lock(&out->mu);
    while (out->queued > 0 || out->busy)
        pthread_cond_wait(&out->space, &out->mu);
    failed = out->failed;
    memcpy(err, out->err, sizeof(err));
    pthread_mutex_unlock(&out->mu);
    return ft_report(out, corsaro, failed, err);
}
