/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The global file's header and trailer, binary and ASCII (SPEC 3). The
 * interval records between them come from interval.c, and plugins add
 * their data blocks through io_records.c. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corsaro_int.h"

#define UNKNOWN_COUNT UINT64_MAX

static int header_ascii(corsaro_t *corsaro, corsaro_file_t *file)
{
    if (corsaro_file_printf(corsaro, file,
                            "# CORSARO_VERSION %d.%d\n"
                            "# CORSARO_INITTIME %" PRIu32 "\n"
                            "# CORSARO_INTERVAL %u\n",
                            CORSARO_FORMAT_VERSION_MAJOR,
                            CORSARO_FORMAT_VERSION_MINOR, corsaro->init_time,
                            (unsigned)(uint16_t)corsaro->interval) < 0)
        return -1;
    if (corsaro->traceuri != NULL &&
        corsaro_file_printf(corsaro, file, "# CORSARO_TRACEURI %s\n",
                            corsaro->traceuri) < 0)
        return -1;
    for (int i = 0; i < corsaro->instance_cnt; i++)
        if (corsaro_file_printf(corsaro, file, "# CORSARO_PLUGIN %s\n",
                                corsaro->instances[i].desc->name) < 0)
            return -1;
    return 0;
}

int corsaro__global_write_header(corsaro_t *corsaro, corsaro_file_t *file)
{
    if (corsaro_file_get_mode(file) == CORSARO_FILE_MODE_ASCII)
        return header_ascii(corsaro, file);

    size_t uri_len = corsaro->traceuri != NULL ? strlen(corsaro->traceuri) : 0;
    /* v2 truncates the lengths to 16 bits; keep the bytes consistent */
    uint16_t uri_len16 = (uint16_t)uri_len;
    size_t len = 8 + 2 + 4 + 2 + 2 + uri_len16 + 2 + 4 * (size_t)corsaro->instance_cnt;
    uint8_t *buf = malloc(len);
    if (buf == NULL) {
        corsaro_set_error(corsaro, "out of memory writing the global header");
        return -1;
    }
    uint8_t *p = buf;
    corsaro_put_u32(p, CORSARO_MAGIC);
    corsaro_put_u32(p + 4, CORSARO_MAGIC_HEADER);
    p[8] = CORSARO_FORMAT_VERSION_MAJOR;
    p[9] = CORSARO_FORMAT_VERSION_MINOR;
    corsaro_put_u32(p + 10, corsaro->init_time);
    corsaro_put_u16(p + 14, (uint16_t)corsaro->interval);
    corsaro_put_u16(p + 16, uri_len16);
    p += 18;
    if (uri_len16 > 0)
        memcpy(p, corsaro->traceuri, uri_len16);
    p += uri_len16;
    corsaro_put_u16(p, (uint16_t)corsaro->instance_cnt);
    p += 2;
    for (int i = 0; i < corsaro->instance_cnt; i++, p += 4)
        corsaro_put_u32(p, corsaro->instances[i].output_magic);
    off_t rc = corsaro_file_write(corsaro, file, buf, (off_t)len);
    free(buf);
    return rc < 0 ? -1 : 0;
}

/* libtrace's accepted count up to the end of the current interval. When a
 * packet ends the interval, libtrace has already counted it, but it
 * belongs to the next interval (and the next file after a rotation). */
static uint64_t accepted_now(corsaro_t *corsaro)
{
    uint64_t a = trace_get_accepted_packets(corsaro->trace);
    if (a != UNKNOWN_COUNT && corsaro->packet_in_hand && a > 0)
        a--;
    return a;
}

static void trace_counts(corsaro_t *corsaro, uint64_t *accepted,
                         uint64_t *dropped)
{
    *accepted = *dropped = UNKNOWN_COUNT;
    if (corsaro->trace == NULL)
        return;
    uint64_t a = accepted_now(corsaro);
    uint64_t d = trace_get_dropped_packets(corsaro->trace);
    if (a != UNKNOWN_COUNT)
        *accepted = a - corsaro->accepted_base;
    if (d != UNKNOWN_COUNT)
        *dropped = d - corsaro->dropped_base;
}

void corsaro__global_rebase_counts(corsaro_t *corsaro)
{
    if (corsaro->trace == NULL)
        return;
    corsaro->accepted_base = accepted_now(corsaro);
    corsaro->dropped_base = trace_get_dropped_packets(corsaro->trace);
}

int corsaro__global_write_trailer(corsaro_t *corsaro, corsaro_file_t *file)
{
    uint64_t accepted, dropped;
    uint32_t now = (uint32_t)time(NULL);
    uint32_t runtime = now - corsaro->init_time;
    uint32_t first = (uint32_t)corsaro->first_ts.tv_sec;
    uint32_t last = (uint32_t)corsaro->last_ts.tv_sec;

    trace_counts(corsaro, &accepted, &dropped);
    if (corsaro_file_get_mode(file) == CORSARO_FILE_MODE_ASCII) {
        if (corsaro_file_printf(corsaro, file, "# CORSARO_PACKETCNT %" PRIu64 "\n",
                                corsaro->packet_cnt) < 0 ||
            (accepted != UNKNOWN_COUNT &&
             corsaro_file_printf(corsaro, file, "# CORSARO_ACCEPTEDCNT %" PRIu64 "\n",
                                 accepted) < 0) ||
            (dropped != UNKNOWN_COUNT &&
             corsaro_file_printf(corsaro, file, "# CORSARO_DROPPEDCNT %" PRIu64 "\n",
                                 dropped) < 0) ||
            corsaro_file_printf(corsaro, file,
                                "# CORSARO_FIRSTPKT %" PRIu32 "\n"
                                "# CORSARO_LASTPKT %" PRIu32 "\n"
                                "# CORSARO_FINALTIME %" PRIu32 "\n"
                                "# CORSARO_RUNTIME %" PRIu32 "\n",
                                first, last, now, runtime) < 0)
            return -1;
        return 0;
    }
    uint8_t t[48];
    corsaro_put_u32(t, CORSARO_MAGIC);
    corsaro_put_u32(t + 4, CORSARO_MAGIC_TRAILER);
    corsaro_put_u64(t + 8, corsaro->packet_cnt);
    corsaro_put_u64(t + 16, accepted);
    corsaro_put_u64(t + 24, dropped);
    corsaro_put_u32(t + 32, first);
    corsaro_put_u32(t + 36, last);
    corsaro_put_u32(t + 40, now);
    corsaro_put_u32(t + 44, runtime);
    return corsaro_file_write(corsaro, file, t, sizeof(t)) < 0 ? -1 : 0;
}

int corsaro__global_open(corsaro_t *corsaro)
{
    if (!corsaro->global_enabled || corsaro->global_file != NULL)
        return 0;
    corsaro->global_file =
        corsaro_io_prepare_file(corsaro, "global", &corsaro->interval_start);
    if (corsaro->global_file == NULL)
        return -1;
    return corsaro__global_write_header(corsaro, corsaro->global_file);
}

int corsaro__global_close(corsaro_t *corsaro)
{
    if (corsaro->global_file == NULL)
        return 0;
    int rc = corsaro__global_write_trailer(corsaro, corsaro->global_file);
    if (corsaro_file_close(corsaro, corsaro->global_file) != 0)
        rc = -1;
    corsaro->global_file = NULL;
    return rc;
}
