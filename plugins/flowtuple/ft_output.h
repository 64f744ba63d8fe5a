/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_output.h
 * @brief The flowtuple plugin's counting and writing engine (ft_output.c).
 *
 * The packet thread only parses: it writes each packet's key, class and
 * increment into a batch (ft_out_slot() + corsaro__ft_out_push()) and
 * hands full batches to the plugin's worker thread. The worker counts
 * them in the class tables and, at each interval-end marker, sorts,
 * encodes and writes the interval, then empties the tables. Batches and
 * markers are handled strictly in order, so the file is exactly what a
 * single-threaded writer produces. At most FT_QUEUE_MAX batches wait; the
 * packet thread blocks beyond that. Without a thread (pthread_create
 * failed) the same work is done inline.
 */
#ifndef CORSARO_FT_OUTPUT_H
#define CORSARO_FT_OUTPUT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "corsaro/types.h"
#include "ft_internal.h"

/** Size of the serialisation buffer: tuples are encoded into it and it is
 * handed to corsaro_file_write() when full (about 3,000 tuples; larger
 * buffers measured no faster, and cost resident memory). */
#define FT_OUT_BUFSIZE (64u << 10)
/** Items per batch (96 KiB). */
#define FT_BATCH 4096
/** Batches that may wait for the worker: 96k packets, enough for the
 * packet thread to keep reading while the worker sorts and writes an
 * interval of 200,000 tuples (about 7 ms). Measured on unique-2M: 16
 * made the run 6-10% slower (the packet thread waited), 32 cost 0.9 MiB
 * more at the peak than 24 and saved no time. Batches are touched
 * (resident) only when the queue grows that long. */
#define FT_QUEUE_MAX 24
/** Batches in all: the one being filled, the queue, the worker's. */
#define FT_POOL (FT_QUEUE_MAX + 2)

/** What to write at an interval end. */
typedef struct ft_job {
    corsaro_file_t *file;        /**< where it goes */
    corsaro_interval_t start;    /**< the interval start record */
    corsaro_interval_t end;      /**< the interval end record */
    int close_after;             /**< rotation: close the file afterwards */
} ft_job_t;

/** Packets (or replayed tuples) in arrival order, maybe ending an
 * interval. An item's pad[0] holds its class, its count the increment. */
typedef struct ft_batch {
    struct ft_batch *next;
    size_t n;
    int is_end;                  /**< the interval ends after these items */
    ft_job_t job;                /**< with is_end */
    ft_item_t items[FT_BATCH];
} ft_batch_t;

/** The engine of one run. */
typedef struct ft_out {
    ft_keyopts_t opts;      /**< SIXT or not, and the /8 octet */
    int sort;               /**< 0 with -s */
    uint32_t magic;         /**< SIXU or SIXT */
    ft_batch_t *cur;        /**< packet thread: the batch being filled */

    /* 64 bytes apart from what the worker writes for every packet: a
     * shared cache line cost the packet thread a miss per packet (5% of
     * its time in perf) */
    char packet_thread_end[64];

    /* the worker's (or, without a thread, the packet thread's) */
    ft_table_t tables[CORSARO_FLOWTUPLE_CLASS_MAX + 1];
    uint8_t *buf;           /**< FT_OUT_BUFSIZE bytes */
    size_t buf_len;
    int wfailed;            /**< the worker's view of failed */
    char worker_end[64];    /**< see packet_thread_end */

    /* shared; guarded by mu */
    pthread_t thread;
    int have_thread;
    int have_sync;          /**< mu and the conds are initialised */
    pthread_mutex_t mu;
    pthread_cond_t work;    /**< the worker waits for batches */
    pthread_cond_t space;   /**< the packet thread waits for the worker */
    ft_batch_t *head, *tail; /**< queued batches */
    int queued;
    int busy;               /**< the worker holds a batch */
    ft_batch_t *spare;      /**< batches to reuse */
    ft_batch_t *pool;       /**< all FT_POOL batches (mapped) */
    int quit;
    int failed;             /**< something failed: the run must stop */
    char err[512];          /**< what */
} ft_out_t;

/** Prepares the engine and starts the worker.
 * @return 0 or -1 (out of memory) */
int corsaro__ft_out_init(ft_out_t *out, const ft_keyopts_t *opts, int sort);
/** Stops the worker (after what is queued) and frees everything; safe on
 * a zeroed or half-initialised ft_out_t. */
void corsaro__ft_out_free(ft_out_t *out);

/** Where the packet thread builds its next item. */
static inline ft_item_t *ft_out_slot(ft_out_t *out)
{
    return &out->cur->items[out->cur->n];
}

/** Queues the batch (when full); see corsaro__ft_out_push. */
int corsaro__ft_out_submit(ft_out_t *out, corsaro_t *corsaro);

/** Commits the item built in ft_out_slot() with its class and increment.
 * @return 0, or -1 with the run's error set (the worker failed) */
static inline int corsaro__ft_out_push(ft_out_t *out, corsaro_t *corsaro, int cls,
                                       uint32_t inc)
{
    ft_item_t *it = &out->cur->items[out->cur->n];
    it->pad[0] = (uint8_t)cls;
    it->count = inc;
    if (++out->cur->n < FT_BATCH)
        return 0;
    return corsaro__ft_out_submit(out, corsaro);
}

/** Ends an interval: after what was pushed, the worker writes to @p file
 * (binary SPEC 4.5 or ASCII SPEC 4.6, as the file's mode says) the
 * interval start, the three classes and the interval end, then closes the
 * file if @p close_after. With @p close_after the file is no longer the
 * caller's, whatever the result.
 * @return 0, or -1 with the run's error set (something failed earlier) */
int corsaro__ft_out_end_interval(ft_out_t *out, corsaro_t *corsaro,
                                 corsaro_file_t *file,
                                 const corsaro_interval_t *int_start,
                                 const corsaro_interval_t *int_end,
                                 int close_after);
/** Waits until everything pushed is counted and written.
 * @return 0, or -1 with the run's error set if anything failed */
int corsaro__ft_out_sync(ft_out_t *out, corsaro_t *corsaro);

#endif /* CORSARO_FT_OUTPUT_H */
