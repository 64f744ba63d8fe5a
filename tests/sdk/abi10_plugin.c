/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * A plugin as the 1.0 SDK built it: its descriptor ends before
 * print_record (added in ABI 1.1), and says abi_minor 0. The current host
 * must load it, list it as ABI 1.0 and run it. It counts the packets of
 * each interval and writes `NUMBER START PACKETS` lines to a text file.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>

#include "corsaro/corsaro.h"

/* The ABI 1.0 descriptor: struct corsaro_plugin up to
 * process_flowtuple_class_end. */
struct corsaro_plugin_1_0 {
    uint32_t abi_major, abi_minor, struct_size;
    const char *name, *version, *description, *license;
    uint32_t id, magic, magic_alt;
    const char *const *requires_plugins;
    int (*probe_filename)(const char *);
    int (*probe_magic)(corsaro_in_t *, corsaro_file_in_t *);
    int (*init_input)(corsaro_in_t *);
    int (*init_output)(corsaro_t *);
    int (*close_input)(corsaro_in_t *);
    int (*close_output)(corsaro_t *);
    off_t (*read_record)(corsaro_in_t *, corsaro_in_record_type_t *,
                         corsaro_in_record_t *);
    off_t (*read_global_data_record)(corsaro_in_t *, corsaro_in_record_type_t *,
                                     corsaro_in_record_t *);
    int (*start_interval)(corsaro_t *, corsaro_interval_t *);
    int (*end_interval)(corsaro_t *, corsaro_interval_t *);
    int (*process_packet)(corsaro_t *, corsaro_packet_t *);
    int (*process_flowtuple)(corsaro_t *, corsaro_flowtuple_t *,
                             corsaro_packet_state_t *);
    int (*process_flowtuple_class_start)(corsaro_t *,
                                         corsaro_flowtuple_class_start_t *);
    int (*process_flowtuple_class_end)(corsaro_t *,
                                       corsaro_flowtuple_class_end_t *);
};

/* the 1.0 layout is a prefix of today's: if these fail, ABI 1.x broke */
_Static_assert(sizeof(struct corsaro_plugin_1_0) ==
                   offsetof(corsaro_plugin_t, print_record),
               "the 1.0 descriptor must end where print_record starts");
_Static_assert(offsetof(struct corsaro_plugin_1_0, process_packet) ==
                   offsetof(corsaro_plugin_t, process_packet),
               "1.0 fields must not move");

typedef struct abi10_state {
    corsaro_file_t *file;
    uint64_t packets;
} abi10_state_t;

static int abi10_init_output(corsaro_t *corsaro)
{
    abi10_state_t *s = calloc(1, sizeof(*s));
    if (s == NULL)
        return -1;
    corsaro_plugin_register_state(corsaro, s);
    return 0;
}

static int abi10_close_output(corsaro_t *corsaro)
{
    abi10_state_t *s = CORSARO_PLUGIN_STATE(corsaro, abi10_state_t);
    int rc = 0;
    if (s != NULL && s->file != NULL)
        rc = corsaro_file_close(corsaro, s->file);
    corsaro_plugin_free_state(corsaro);
    return rc;
}

static int abi10_start_interval(corsaro_t *corsaro, corsaro_interval_t *start)
{
    abi10_state_t *s = CORSARO_PLUGIN_STATE(corsaro, abi10_state_t);
    s->packets = 0;
    if (s->file == NULL)
        s->file = corsaro_io_prepare_file_full(corsaro, "abi10", start,
                                               CORSARO_FILE_MODE_ASCII,
                                               CORSARO_FILE_COMPRESS_NONE);
    return s->file != NULL ? 0 : -1;
}

static int abi10_end_interval(corsaro_t *corsaro, corsaro_interval_t *end)
{
    abi10_state_t *s = CORSARO_PLUGIN_STATE(corsaro, abi10_state_t);
    const corsaro_interval_t *start = corsaro_get_interval_start(corsaro);
    return corsaro_file_printf(corsaro, s->file, "%u %" PRIu32 " %" PRIu64 "\n",
                               end->number, start->time, s->packets) < 0
               ? -1
               : 0;
}

static int abi10_process_packet(corsaro_t *corsaro, corsaro_packet_t *packet)
{
    (void)packet;
    CORSARO_PLUGIN_STATE(corsaro, abi10_state_t)->packets++;
    return 0;
}

CORSARO_API const struct corsaro_plugin_1_0 corsaro_plugin = {
    .abi_major = 1,
    .abi_minor = 0,
    .struct_size = (uint32_t)sizeof(struct corsaro_plugin_1_0),
    .name = "abi10",
    .version = "1.0.0",
    .description = "a plugin with the ABI 1.0 descriptor",
    .license = "GPL-3.0-or-later",
    .init_output = abi10_init_output,
    .close_output = abi10_close_output,
    .start_interval = abi10_start_interval,
    .end_interval = abi10_end_interval,
    .process_packet = abi10_process_packet,
};
