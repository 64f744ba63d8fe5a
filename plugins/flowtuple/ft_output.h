/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_output.h
 * @brief The flowtuple plugin's output side: the class tables being
 * filled, and writing finished intervals out (ft_output.c).
 *
 * Writing an interval (sort, encode, hand to the IO layer) runs on a
 * writer thread of the plugin while the packet thread fills the other of
 * two table sets with the next interval. Only one interval is in flight:
 * the next interval end waits for it. The file content is exactly what a
 * synchronous writer produces; if the thread cannot be started, intervals
 * are written synchronously.
 */
#ifndef CORSARO_FT_OUTPUT_H
#define CORSARO_FT_OUTPUT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "corsaro/types.h"
#include "ft_internal.h"

/** Size of the serialisation buffer: tuples are encoded into it and it is
 * handed to corsaro_file_write() when full (about 50,000 tuples). */
#define FT_OUT_BUFSIZE (1u << 20)

/** An interval handed to the writer. */
typedef struct ft_job {
    ft_table_t *tables;          /**< the interval's three class tables */
    corsaro_file_t *file;        /**< where it goes */
    corsaro_interval_t start;    /**< its interval start record */
    corsaro_interval_t end;      /**< its interval end record */
    int close_after;             /**< rotation: close the file afterwards */
} ft_job_t;

/** What one run of the plugin accumulates and writes. */
typedef struct ft_out {
    ft_keyopts_t opts;      /**< SIXT or not, and the /8 octet */
    int sort;               /**< 0 with -s */
    uint32_t magic;         /**< SIXU or SIXT */
    ft_table_t *tables;     /**< the set being filled (one of sets[]) */
    ft_table_t sets[2][CORSARO_FLOWTUPLE_CLASS_MAX + 1];
    int cur;                /**< index of the set being filled */

    /* owned by whoever runs the job (the writer thread, if any) */
    ft_item_t *tmp;         /**< sort scratch, kept across intervals */
    size_t tmp_cap;
    uint8_t *buf;           /**< FT_OUT_BUFSIZE bytes */
    size_t buf_len;

    /* the writer thread; everything below is guarded by mu */
    pthread_t thread;
    int have_thread;
    int have_sync;          /**< mu and cv are initialised */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int busy;               /**< a job is queued or running */
    int quit;               /**< the thread must exit */
    ft_job_t job;
    int failed;             /**< a job failed: the run must stop */
    char err[512];          /**< why */
} ft_out_t;

/** Prepares the tables and buffers and starts the writer thread.
 * @return 0 or -1 (out of memory) */
int corsaro__ft_out_init(ft_out_t *out, const ft_keyopts_t *opts, int sort);
/** Stops the writer (after its job) and frees everything; safe on a
 * zeroed or half-initialised ft_out_t. */
void corsaro__ft_out_free(ft_out_t *out);
/** Ends an interval: its tables go to the writer, which writes to @p file
 * (binary SPEC 4.5 or ASCII SPEC 4.6, as the file's mode says) the
 * interval start, the three classes and the interval end, then closes the
 * file if @p close_after. The packet thread continues with empty tables.
 * With @p close_after the file is no longer the caller's, whatever the
 * result (it is closed even when the interval cannot be written).
 * @return 0, or -1 with the run's error set (this interval could not be
 * handed over, or an earlier one failed to be written) */
int corsaro__ft_out_end_interval(ft_out_t *out, corsaro_t *corsaro,
                                 corsaro_file_t *file,
                                 const corsaro_interval_t *int_start,
                                 const corsaro_interval_t *int_end,
                                 int close_after);
/** Waits until the writer is idle. @return 0, or -1 with the run's error
 * set if a job failed */
int corsaro__ft_out_sync(ft_out_t *out, corsaro_t *corsaro);

#endif /* CORSARO_FT_OUTPUT_H */
