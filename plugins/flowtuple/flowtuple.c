/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file flowtuple.c
 * @brief The flowtuple plugin: its descriptor, options and the callbacks
 * that tie the pieces to the host.
 *
 * Per packet it builds the 8-field tuple of an IPv4 packet, classifies it
 * as backscatter, ICMP request or other (SPEC 4.2), marks backscatter in
 * the packet state for later plugins (dos), and counts the tuple in its
 * class. At each interval end it writes the three classes, sorted as v2
 * sorted them (SPEC 4.3), in v2's binary or ASCII layout (SPEC 4.5, 4.6).
 *
 * Options (`-p "flowtuple OPTIONS"`):
 *   -s         do not sort (tuples come out in first-seen order)
 *   -8 OCTET   write the /8 variant (magic SIXT): keep destination octets
 *              2-4 only; OCTET (0-255) is the first octet ASCII output
 *              prints. The default is SIXU (whole destination).
 *
 * The packet thread only parses (ft_packet.c, ft_tuple.c); counting,
 * sorting and writing run on the plugin's worker thread (ft_output.c).
 * Files are read back by ft_input.c. See README.md in this directory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corsaro/corsaro.h"
#include "ft_input.h"
#include "ft_internal.h"
#include "ft_output.h"

/** This plugin's output state. */
typedef struct ft_state {
    ft_out_t out;
    corsaro_file_t *file;          /**< open from an interval start to a rotation */
    corsaro_interval_t int_start;  /**< the current interval's start record */
    int current_class;             /**< re-processing: the class being replayed */
} ft_state_t;

CORSARO_PLUGIN_GENERATE_PROTOS_OUT(corsaro_flowtuple)
CORSARO_PLUGIN_GENERATE_PROTOS_FT(corsaro_flowtuple)

static const corsaro_plugin_t corsaro_flowtuple_plugin = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = "flowtuple",
    .version = "3.0.0",
    .description = "counts packets per 8-field flow tuple in three classes "
                   "(backscatter, ICMP request, other)",
    .license = "GPL-3.0-or-later",
    .id = 20,
    .magic = CORSARO_FLOWTUPLE_MAGIC_SIXU,
    .magic_alt = CORSARO_FLOWTUPLE_MAGIC_SIXT,
    .requires_plugins = NULL,
    .probe_filename = corsaro__ft_probe_filename,
    .probe_magic = corsaro__ft_probe_magic,
    .init_input = corsaro__ft_init_input,
    .close_input = corsaro__ft_close_input,
    .read_record = corsaro__ft_read_record,
    .read_global_data_record = corsaro__ft_read_global_data_record,
    CORSARO_PLUGIN_GENERATE_PTRS_OUT(corsaro_flowtuple),
    CORSARO_PLUGIN_GENERATE_PTRS_FT(corsaro_flowtuple),
    .print_record = corsaro__ft_print_record,
};
CORSARO_PLUGIN_EXPORT(corsaro_flowtuple_plugin);

static void ft_usage(const char *argv0)
{
    fprintf(stderr,
            "plugin usage: %s [-s] [-8 octet]\n"
            "       -s        disable flowtuple output sorting\n"
            "       -8 octet  write the /8 variant (SIXT): keep destination "
            "octets 2-4 only;\n"
            "                 octet (0-255) is the first octet printed in "
            "ASCII output\n",
            argv0);
}

/* Parses argv. @return 0, or -1 after printing usage and setting the error */
static int ft_parse_args(corsaro_t *corsaro, ft_keyopts_t *opts, int *sort)
{
    char **argv = NULL;
    int argc = corsaro_plugin_args(corsaro, &argv);
    const char *argv0 = argc > 0 && argv[0] != NULL ? argv[0] : "flowtuple";
    char *end;
    long v;
    int opt;

    memset(opts, 0, sizeof(*opts));
    *sort = 1;
    if (argc <= 1)
        return 0;
    /* v2 set optind = 1. glibc keeps a pointer into the previous argv it
     * scanned, which the host may have freed since (a second run in the
     * same process): optind = 0 makes glibc forget it and start at 1. */
#ifdef __GLIBC__
    optind = 0;
#else
    optind = 1;
#endif
    opterr = 0;
    while ((opt = getopt(argc, argv, ":s8:")) != -1) {
        switch (opt) {
        case 's':
            *sort = 0;
            break;
        case '8':
            errno = 0;
            v = strtol(optarg, &end, 10);
            if (errno != 0 || end == optarg || *end != '\0' || v < 0 || v > 255) {
                ft_usage(argv0);
                corsaro_set_error(corsaro, "flowtuple: -8 wants the first "
                                           "destination octet, 0-255, not '%s'",
                                  optarg);
                return -1;
            }
            opts->sixt = 1;
            opts->octet = (uint8_t)v;
            break;
        case ':':
            ft_usage(argv0);
            corsaro_set_error(corsaro, "flowtuple: option -%c needs an argument",
                              optopt);
            return -1;
        default:
            ft_usage(argv0);
            corsaro_set_error(corsaro, "flowtuple: unknown option -%c", optopt);
            return -1;
        }
    }
    if (optind < argc) {
        ft_usage(argv0);
        corsaro_set_error(corsaro, "flowtuple: unexpected argument '%s'",
                          argv[optind]);
        return -1;
    }
    return 0;
}

static int corsaro_flowtuple_init_output(corsaro_t *corsaro)
{
    ft_keyopts_t opts;
    int sort;

    if (ft_parse_args(corsaro, &opts, &sort) != 0)
        return -1;
    if (opts.sixt &&
        corsaro_plugin_set_output_magic(corsaro, CORSARO_FLOWTUPLE_MAGIC_SIXT) != 0) {
        corsaro_set_error(corsaro, "flowtuple: the host refused the SIXT magic");
        return -1;
    }
    ft_state_t *st = calloc(1, sizeof(*st));
    if (st == NULL) {
        corsaro_set_error(corsaro, "flowtuple: out of memory");
        return -1;
    }
    st->current_class = CORSARO_FLOWTUPLE_CLASS_OTHER;
    /* registered first, so close_output frees it whatever happens next */
    corsaro_plugin_register_state(corsaro, st);
    if (corsaro__ft_out_init(&st->out, &opts, sort) != 0) {
        corsaro_set_error(corsaro, "flowtuple: out of memory");
        return -1;
    }
    return 0;
}

static int corsaro_flowtuple_close_output(corsaro_t *corsaro)
{
    ft_state_t *st = CORSARO_PLUGIN_STATE(corsaro, ft_state_t);
    int rc = 0;

    if (st == NULL)
        return 0;
    /* the last interval may still be with the writer thread */
    if (corsaro__ft_out_sync(&st->out, corsaro) != 0)
        rc = -1;
    if (st->file != NULL) {
        if (corsaro_file_close(corsaro, st->file) != 0)
            rc = -1;
        st->file = NULL;
    }
    corsaro__ft_out_free(&st->out);
    corsaro_plugin_free_state(corsaro);
    return rc;
}

static int corsaro_flowtuple_start_interval(corsaro_t *corsaro,
                                            corsaro_interval_t *int_start)
{
    ft_state_t *st = CORSARO_PLUGIN_STATE(corsaro, ft_state_t);

    st->int_start = *int_start;
    if (st->file == NULL) {
        st->file = corsaro_io_prepare_file(corsaro, "flowtuple", int_start);
        if (st->file == NULL)
            return -1; /* the IO layer has set the error */
    }
    return 0;
}

static int corsaro_flowtuple_end_interval(corsaro_t *corsaro,
                                          corsaro_interval_t *int_end)
{
    ft_state_t *st = CORSARO_PLUGIN_STATE(corsaro, ft_state_t);

    if (st->file == NULL) {
        corsaro_set_error(corsaro, "flowtuple: interval %u ended but no output "
                                   "file is open",
                          (unsigned)int_end->number);
        return -1;
    }
    /* v2 kept a rotated file open for one more rotation; closing it once
     * its last interval is written gives the same bytes. */
    corsaro_file_t *file = st->file;
    int rotate = corsaro_is_rotate_interval(corsaro);
    if (rotate)
        st->file = NULL; /* the writer closes it after this interval */
    return corsaro__ft_out_end_interval(&st->out, corsaro, file, &st->int_start,
                                        int_end, rotate);
}

static int corsaro_flowtuple_process_packet(corsaro_t *corsaro,
                                            corsaro_packet_t *packet)
{
    ft_state_t *st = CORSARO_PLUGIN_STATE(corsaro, ft_state_t);

    if (packet->state.flags & CORSARO_PACKET_STATE_FLAG_IGNORE)
        return 0;
    /* parsed straight into the worker's next batch slot */
    int cls = corsaro__ft_packet_tuple(LT_PKT(packet), &st->out.opts,
                                       ft_out_slot(&st->out));
    if (cls < 0)
        return 0; /* not IPv4 */
    if (cls == CORSARO_FLOWTUPLE_CLASS_BACKSCATTER)
        packet->state.flags |= CORSARO_PACKET_STATE_FLAG_BACKSCATTER;
    return corsaro__ft_out_push(&st->out, corsaro, cls, 1);
}

/* ---- re-processing a flowtuple file (SPEC 2.5) ---- */

static int corsaro_flowtuple_process_flowtuple_class_start(
    corsaro_t *corsaro, corsaro_flowtuple_class_start_t *cls)
{
    ft_state_t *st = CORSARO_PLUGIN_STATE(corsaro, ft_state_t);

    if (cls->class_type > CORSARO_FLOWTUPLE_CLASS_MAX) {
        corsaro_set_error(corsaro, "flowtuple: class %u is not a flowtuple "
                                   "class (0-2)",
                          (unsigned)cls->class_type);
        return -1;
    }
    st->current_class = cls->class_type;
    return 0;
}

static int corsaro_flowtuple_process_flowtuple_class_end(
    corsaro_t *corsaro, corsaro_flowtuple_class_end_t *cls)
{
    (void)corsaro;
    (void)cls;
    return 0;
}

static int corsaro_flowtuple_process_flowtuple(corsaro_t *corsaro,
                                               corsaro_flowtuple_t *flowtuple,
                                               corsaro_packet_state_t *state)
{
    ft_state_t *st = CORSARO_PLUGIN_STATE(corsaro, ft_state_t);
    uint8_t cnt[4];

    if (state->flags & CORSARO_PACKET_STATE_FLAG_IGNORE)
        return 0;
    corsaro__ft_key_from_flowtuple(flowtuple, &st->out.opts, ft_out_slot(&st->out));
    memcpy(cnt, &flowtuple->packet_cnt, sizeof(cnt));
    return corsaro__ft_out_push(&st->out, corsaro, st->current_class,
                                corsaro_get_u32(cnt));
}
