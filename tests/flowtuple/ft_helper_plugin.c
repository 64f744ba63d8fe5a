/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Two tiny test-only plugins around flowtuple, built from this file:
 *  - fttest_before (FT_HELPER_BEFORE): marks packets from 9.9.9.9 IGNORE,
 *    the way a filter plugin does;
 *  - fttest_after: counts the packets flowtuple marked BACKSCATTER and
 *    writes "backscatter B of T" to its file at close.
 * They live in a test-only directory, never in the plugin directory. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libtrace.h>

#include "corsaro/corsaro.h"

#ifdef FT_HELPER_BEFORE
#define FT_HELPER_NAME "fttest_before"
#define FT_HELPER_MAGIC CORSARO_PLUGIN_MAGIC('F', 'T', 'T', 'B')
#else
#define FT_HELPER_NAME "fttest_after"
#define FT_HELPER_MAGIC CORSARO_PLUGIN_MAGIC('F', 'T', 'T', 'A')
#endif

typedef struct helper_state {
    uint64_t total, backscatter;
} helper_state_t;

CORSARO_PLUGIN_GENERATE_PROTOS_OUT(ft_helper)
#ifdef FT_HELPER_BEFORE
CORSARO_PLUGIN_GENERATE_PROTOS_FT(ft_helper)
#endif

static const corsaro_plugin_t ft_helper_plugin = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = FT_HELPER_NAME,
    .version = "0.0.1",
    .description = "flowtuple test helper",
    .license = "GPL-3.0-or-later",
    .magic = FT_HELPER_MAGIC,
    CORSARO_PLUGIN_GENERATE_PTRS_OUT(ft_helper),
#ifdef FT_HELPER_BEFORE
    CORSARO_PLUGIN_GENERATE_PTRS_FT(ft_helper),
#endif
};
CORSARO_PLUGIN_EXPORT(ft_helper_plugin);

static int ft_helper_init_output(corsaro_t *corsaro)
{
    helper_state_t *st = calloc(1, sizeof(*st));
    if (st == NULL)
        return -1;
    corsaro_plugin_register_state(corsaro, st);
    return 0;
}

static int ft_helper_close_output(corsaro_t *corsaro)
{
    helper_state_t *st = CORSARO_PLUGIN_STATE(corsaro, helper_state_t);
    int rc = 0;
#ifndef FT_HELPER_BEFORE
    corsaro_interval_t iv = {0, 0};
    corsaro_file_t *f = corsaro_io_prepare_file(corsaro, FT_HELPER_NAME, &iv);
    if (f == NULL)
        return -1;
    if (corsaro_file_printf(corsaro, f, "backscatter %llu of %llu\n",
                            (unsigned long long)st->backscatter,
                            (unsigned long long)st->total) < 0)
        rc = -1;
    if (corsaro_file_close(corsaro, f) != 0)
        rc = -1;
#endif
    (void)st;
    corsaro_plugin_free_state(corsaro);
    return rc;
}

static int ft_helper_start_interval(corsaro_t *corsaro, corsaro_interval_t *iv)
{
    (void)corsaro;
    (void)iv;
    return 0;
}

static int ft_helper_end_interval(corsaro_t *corsaro, corsaro_interval_t *iv)
{
    (void)corsaro;
    (void)iv;
    return 0;
}

static int ft_helper_process_packet(corsaro_t *corsaro, corsaro_packet_t *packet)
{
    helper_state_t *st = CORSARO_PLUGIN_STATE(corsaro, helper_state_t);
    st->total++;
#ifdef FT_HELPER_BEFORE
    libtrace_ip_t *ip = trace_get_ip(LT_PKT(packet));
    if (ip != NULL && memcmp(&ip->ip_src, "\x09\x09\x09\x09", 4) == 0)
        packet->state.flags |= CORSARO_PACKET_STATE_FLAG_IGNORE;
#else
    if (packet->state.flags & CORSARO_PACKET_STATE_FLAG_BACKSCATTER)
        st->backscatter++;
#endif
    return 0;
}

#ifdef FT_HELPER_BEFORE
/* re-processing: the same filter on replayed tuples */
static int ft_helper_process_flowtuple(corsaro_t *corsaro, corsaro_flowtuple_t *ft,
                                       corsaro_packet_state_t *state)
{
    (void)corsaro;
    if (memcmp(&ft->src_ip, "\x09\x09\x09\x09", 4) == 0)
        state->flags |= CORSARO_PACKET_STATE_FLAG_IGNORE;
    return 0;
}

static int ft_helper_process_flowtuple_class_start(corsaro_t *corsaro,
                                                   corsaro_flowtuple_class_start_t *c)
{
    (void)corsaro;
    (void)c;
    return 0;
}

static int ft_helper_process_flowtuple_class_end(corsaro_t *corsaro,
                                                 corsaro_flowtuple_class_end_t *c)
{
    (void)corsaro;
    (void)c;
    return 0;
}
#endif
