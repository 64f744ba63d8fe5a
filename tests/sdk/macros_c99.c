/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * Compiled, not run: a plugin written with every descriptor macro of
 * plugin.h must build with -std=c99 -pedantic -Wall -Wextra -Werror, so
 * authors may use strict flags in their own projects.
 */
#include "corsaro/corsaro.h"

CORSARO_PLUGIN_GENERATE_PROTOS(corsaro_strict)
CORSARO_PLUGIN_GENERATE_PROTOS_FT(corsaro_strict)

static int corsaro_strict_probe_filename(const char *fname)
{
    return fname != NULL;
}
static int corsaro_strict_probe_magic(corsaro_in_t *c, corsaro_file_in_t *f)
{
    (void)c;
    (void)f;
    return 0;
}
static int corsaro_strict_init_input(corsaro_in_t *c) { (void)c; return 0; }
static int corsaro_strict_close_input(corsaro_in_t *c) { (void)c; return 0; }
static int corsaro_strict_init_output(corsaro_t *c) { (void)c; return 0; }
static int corsaro_strict_close_output(corsaro_t *c) { (void)c; return 0; }
static off_t corsaro_strict_read_record(corsaro_in_t *c,
                                        corsaro_in_record_type_t *t,
                                        corsaro_in_record_t *r)
{
    (void)c;
    (void)r;
    *t = (corsaro_in_record_type_t)(CORSARO_IN_RECORD_TYPE_PLUGIN_FIRST + 1);
    return 0;
}
static off_t corsaro_strict_read_global_data_record(corsaro_in_t *c,
                                                    corsaro_in_record_type_t *t,
                                                    corsaro_in_record_t *r)
{
    return corsaro_strict_read_record(c, t, r);
}
static int corsaro_strict_start_interval(corsaro_t *c, corsaro_interval_t *i)
{
    (void)c;
    (void)i;
    return 0;
}
static int corsaro_strict_end_interval(corsaro_t *c, corsaro_interval_t *i)
{
    return corsaro_strict_start_interval(c, i);
}
static int corsaro_strict_process_packet(corsaro_t *c, corsaro_packet_t *p)
{
    (void)c;
    if (corsaro_tag_is_set(&p->state, 3))
        p->state.flags |= CORSARO_PACKET_STATE_FLAG_IGNORE;
    return LT_PKT(p) != NULL ? 0 : -1;
}
static int corsaro_strict_process_flowtuple(corsaro_t *c, corsaro_flowtuple_t *f,
                                            corsaro_packet_state_t *s)
{
    (void)c;
    (void)f;
    corsaro_tag_set(s, 1);
    return 0;
}
static int corsaro_strict_process_flowtuple_class_start(
    corsaro_t *c, corsaro_flowtuple_class_start_t *cls)
{
    (void)c;
    (void)cls;
    return 0;
}
static int corsaro_strict_process_flowtuple_class_end(
    corsaro_t *c, corsaro_flowtuple_class_end_t *cls)
{
    (void)c;
    (void)cls;
    return 0;
}

static const char *const strict_requires[] = {"flowtuple", NULL};

static const corsaro_plugin_t corsaro_strict_plugin = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = "strict",
    .version = "1.0.0",
    .magic = CORSARO_PLUGIN_MAGIC('S', 'T', 'R', 'C'),
    .requires_plugins = strict_requires,
    CORSARO_PLUGIN_GENERATE_PTRS(corsaro_strict),
    CORSARO_PLUGIN_GENERATE_PTRS_FT(corsaro_strict),
};
CORSARO_PLUGIN_EXPORT(corsaro_strict_plugin);
