/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * The interval clock (SPEC 2.1-2.4). Packet time cuts the run into
 * intervals of the configured length; gaps give empty intervals that start
 * and end normally.
 *
 * Fix over v2: v2 forgot the final interval when the run's last packet
 * opened it (its "end needed" flag was reset after the packet set it). Here
 * a packet always leaves its interval marked as needing an end, so
 * finalisation ends and writes it.
 */
#include <stdio.h>

#include "corsaro_int.h"

int corsaro__interval_start(corsaro_t *corsaro, uint16_t number, uint32_t time)
{
    corsaro->interval_start.number = number;
    corsaro->interval_start.time = time;

    if (corsaro->log_enabled && corsaro->log_file == NULL &&
        corsaro__log_open(corsaro, time) != 0)
        return -1;
    if (corsaro__global_open(corsaro) != 0)
        return -1;
    for (int i = 0; i < corsaro->instance_cnt; i++) {
        corsaro__instance_t *inst = &corsaro->instances[i];
        if (CORSARO__CALL(corsaro, inst,
                          inst->desc->start_interval(corsaro,
                                                     &corsaro->interval_start)) != 0) {
            corsaro_set_error(corsaro, "plugin %s failed to start interval %u",
                              inst->desc->name, number);
            return -1;
        }
    }
    corsaro->current = NULL;
    return 0;
}

int corsaro__interval_end(corsaro_t *corsaro, uint32_t end_time)
{
    corsaro_interval_t end = {corsaro->interval_start.number, end_time};

    corsaro->interval_end_needed = 0;
    corsaro->intervals_ended++; /* for the log's summary */
    /* v2 writes the global interval-start record when the interval ends */
    if (corsaro->global_file != NULL &&
        corsaro_io_write_interval_start(corsaro, corsaro->global_file,
                                        &corsaro->interval_start) != 0)
        return -1;
    /* A plugin that fails here still lets the others end the interval and
     * the global file get its end record: the run stops, but every file
     * stays whole and readable. */
    int failed = 0;
    for (int i = 0; i < corsaro->instance_cnt; i++) {
        corsaro__instance_t *inst = &corsaro->instances[i];
        if (CORSARO__CALL(corsaro, inst,
                          inst->desc->end_interval(corsaro, &end)) != 0) {
            corsaro_set_error(corsaro, "plugin %s failed to end interval %u",
                              inst->desc->name, end.number);
            failed = 1;
        }
    }
    corsaro->current = NULL;
    if (corsaro->global_file != NULL &&
        corsaro_io_write_interval_end(corsaro, corsaro->global_file, &end) != 0)
        return -1;
    if (failed)
        return -1;
    if (corsaro__is_meta_rotate_interval(corsaro)) {
        if (corsaro__global_close(corsaro) != 0)
            return -1;
        corsaro__global_rebase_counts(corsaro);
        if (corsaro__log_rotate(corsaro) != 0)
            return -1;
    }
    return corsaro->failed ? -1 : 0;
}

const char *corsaro__input_name(corsaro_t *corsaro)
{
    if (corsaro->input_name != NULL)
        return corsaro->input_name;
    return corsaro->traceuri != NULL ? corsaro->traceuri : "the input";
}

uint64_t corsaro__input_packet_number(corsaro_t *corsaro)
{
    /* libtrace counts every packet read, -f's skipped ones too: that is
     * the number tcpdump and the user see */
    if (corsaro->trace != NULL) {
        uint64_t read = trace_get_accepted_packets(corsaro->trace);
        if (read != UINT64_MAX && read > 0)
            return read;
    }
    return corsaro->input_packet_cnt;
}

/* v2's formats hold seconds in 32 bits (1970 to 2106). */
static int check_time_fits(corsaro_t *corsaro, const struct timeval *ts)
{
    if (ts->tv_sec >= 0 && (int64_t)ts->tv_sec <= (int64_t)UINT32_MAX)
        return 0;
    corsaro_set_error(corsaro,
                      "%s: packet %llu: its time %lld.%06ld s is outside what "
                      "the v2 file formats can hold (32-bit seconds, 1970 to "
                      "2106): a corrupt record?",
                      corsaro__input_name(corsaro),
                      (unsigned long long)corsaro__input_packet_number(corsaro),
                      (long long)ts->tv_sec, (long)ts->tv_usec);
    return -1;
}

/* The first packet starts interval 0 at its second (SPEC 2.1). */
static int start_clock(corsaro_t *corsaro, int64_t sec)
{
    int64_t len = corsaro->interval;
    corsaro->first_ts = corsaro->last_ts;
    corsaro->started = 1;
    corsaro->next_report = sec + len;
    if (corsaro->interval_align && len > 0)
        corsaro->next_report = corsaro->next_report / len * len;
    return corsaro__interval_start(corsaro, 0, (uint32_t)sec);
}

/* Days of empty intervals are a corrupt time, not traffic: refuse a jump
 * that needs more than the limit before writing any of them. */
static int check_jump(corsaro_t *corsaro, int64_t sec)
{
    int64_t len = corsaro->interval;
    int64_t empty = (sec - corsaro->next_report) / len;
    int64_t max = corsaro->max_empty_intervals;
    if (max < 0)
        max = 86400 / len > 0 ? 86400 / len : 1;
    if (empty <= max)
        return 0;
    corsaro_set_error(corsaro,
                      "%s: packet %llu at %lld s jumps %lld s past the latest "
                      "packet (%lld s): it would write %lld empty intervals of "
                      "%lld s, more than the limit of %lld "
                      "(--max-empty-intervals; default one day's worth). A "
                      "corrupt time? Else raise the limit",
                      corsaro__input_name(corsaro),
                      (unsigned long long)corsaro__input_packet_number(corsaro),
                      (long long)sec, (long long)(sec - corsaro->latest_sec),
                      (long long)corsaro->latest_sec, (long long)empty,
                      (long long)len, (long long)max);
    return -1;
}

/* Ends intervals up to the one holding @p sec; those between are empty.
 * A stop requested meanwhile ends the empty interval open and returns 1:
 * the packet is left out, and nothing stays open. */
static int advance_clock(corsaro_t *corsaro, int64_t sec)
{
    int64_t len = corsaro->interval;
    for (int first = 1; sec >= corsaro->next_report; first = 0) {
        if (!first && corsaro->stop_requested) {
            if (corsaro__interval_end(corsaro, (uint32_t)(corsaro->next_report - 1)) != 0)
                return -1;
            return 1;
        }
        if (corsaro__interval_end(corsaro, (uint32_t)(corsaro->next_report - 1)) != 0)
            return -1;
        if (corsaro__interval_start(corsaro,
                                    (uint16_t)(corsaro->interval_start.number + 1),
                                    (uint32_t)corsaro->next_report) != 0)
            return -1;
        corsaro->next_report += len;
    }
    return 0;
}

int corsaro__interval_per_packet(corsaro_t *corsaro, const struct timeval *ts)
{
    int64_t sec = (int64_t)ts->tv_sec;
    struct timeval before = corsaro->last_ts;

    if (check_time_fits(corsaro, ts) != 0)
        return -1;
    /* set first: a trailer written by a rotation in the loop names this
     * packet as the last one, as in v2 */
    corsaro->last_ts = *ts;
    if (corsaro->packet_cnt == 0 && !corsaro->started) {
        corsaro->latest_sec = sec;
        if (start_clock(corsaro, sec) != 0)
            return -1;
    }
    if (corsaro->interval > 0 && sec >= corsaro->next_report) {
        if (check_jump(corsaro, sec) != 0) {
            corsaro->last_ts = before;
            return -1;
        }
        int rc = advance_clock(corsaro, sec);
        if (rc == 1) /* stopped: the packet is not the run's */
            corsaro->last_ts = before;
        if (rc != 0)
            return rc;
    }
    if (sec > corsaro->latest_sec)
        corsaro->latest_sec = sec;
    corsaro->interval_end_needed = 1;
    return 0;
}

int corsaro__interval_finalize(corsaro_t *corsaro)
{
    int rc = 0;
    if (!corsaro->started)
        return 0;
    if (corsaro->interval_end_needed &&
        corsaro__interval_end(corsaro, (uint32_t)corsaro->last_ts.tv_sec) != 0)
        rc = -1;
    if (corsaro__global_close(corsaro) != 0)
        rc = -1;
    return rc;
}
