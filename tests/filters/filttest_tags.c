/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * A test-only plugin that runs after the filters and reports what they
 * set: `-p "filttest_tags TAG..."` counts, per named tag, the packets that
 * carry it, and the packets flagged IGNORE; at the end it prints
 *   tag <name> <count>      (count -1: no plugin registered that tag)
 *   ignored <count>
 *   packets <count>
 *   tuples <count> ignored <count>   (flowtuple re-processing)
 * on standard output for the end-to-end tests to compare.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corsaro/corsaro.h"

#define MAX_TAGS 32

typedef struct tags_state {
    int cnt;
    const char *names[MAX_TAGS];
    int ids[MAX_TAGS];
    uint64_t hits[MAX_TAGS];
    uint64_t ignored, packets, tuples, tuples_ignored;
} tags_state_t;

CORSARO_PLUGIN_GENERATE_PROTOS_OUT(filttest_tags)
static int filttest_tags_process_flowtuple(corsaro_t *corsaro,
                                           corsaro_flowtuple_t *flowtuple,
                                           corsaro_packet_state_t *state);

static const corsaro_plugin_t filttest_tags_plugin = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = "filttest_tags",
    .version = "0.0.1",
    .description = "test helper: counts tags and IGNORE flags",
    .license = "GPL-3.0-or-later",
    CORSARO_PLUGIN_GENERATE_PTRS_OUT(filttest_tags),
    .process_flowtuple = filttest_tags_process_flowtuple,
};
CORSARO_PLUGIN_EXPORT(filttest_tags_plugin);

static int filttest_tags_init_output(corsaro_t *corsaro)
{
    char **argv;
    int argc = corsaro_plugin_args(corsaro, &argv);
    tags_state_t *s = calloc(1, sizeof(*s));
    if (s == NULL)
        return -1;
    corsaro_plugin_register_state(corsaro, s);
    for (int i = 1; i < argc && s->cnt < MAX_TAGS; i++) {
        /* the filters ran their init first: their tags exist by now */
        s->names[s->cnt] = argv[i];
        s->ids[s->cnt] = corsaro_tag_lookup(corsaro, argv[i]);
        s->cnt++;
    }
    return 0;
}

static int filttest_tags_close_output(corsaro_t *corsaro)
{
    tags_state_t *s = CORSARO_PLUGIN_STATE(corsaro, tags_state_t);
    if (s == NULL)
        return 0;
    for (int i = 0; i < s->cnt; i++)
        printf("tag %s %lld\n", s->names[i],
               s->ids[i] < 0 ? -1LL : (long long)s->hits[i]);
    printf("ignored %llu\npackets %llu\ntuples %llu ignored %llu\n",
           (unsigned long long)s->ignored, (unsigned long long)s->packets,
           (unsigned long long)s->tuples, (unsigned long long)s->tuples_ignored);
    fflush(stdout);
    corsaro_plugin_free_state(corsaro);
    return 0;
}

static int filttest_tags_start_interval(corsaro_t *corsaro, corsaro_interval_t *i)
{
    (void)corsaro;
    (void)i;
    return 0;
}

static int filttest_tags_end_interval(corsaro_t *corsaro, corsaro_interval_t *i)
{
    (void)corsaro;
    (void)i;
    return 0;
}

static int filttest_tags_process_packet(corsaro_t *corsaro, corsaro_packet_t *packet)
{
    tags_state_t *s = CORSARO_PLUGIN_STATE(corsaro, tags_state_t);
    s->packets++;
    if (packet->state.flags & CORSARO_PACKET_STATE_FLAG_IGNORE)
        s->ignored++;
    for (int i = 0; i < s->cnt; i++)
        s->hits[i] += (uint64_t)corsaro_tag_is_set(&packet->state, s->ids[i]);
    return 0;
}

static int filttest_tags_process_flowtuple(corsaro_t *corsaro,
                                           corsaro_flowtuple_t *flowtuple,
                                           corsaro_packet_state_t *state)
{
    tags_state_t *s = CORSARO_PLUGIN_STATE(corsaro, tags_state_t);
    (void)flowtuple;
    s->tuples++;
    if (state->flags & CORSARO_PACKET_STATE_FLAG_IGNORE)
        s->tuples_ignored++;
    return 0;
}
