/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * "fault": a plugin that fails, or signals its own process, where it is
 * told to, so the fault tests can check what the host does then. It writes
 * no file of its own. Options (-p "fault OPTIONS"):
 *   -i        init_output returns -1
 *   -s N      the Nth start_interval call (1-based) returns -1
 *   -e N      the Nth end_interval call returns -1
 *   -p N      process_packet returns -1 at packet N
 *   -c        close_output returns -1
 *   -l        logs a line at init and at every interval end (corsaro_log)
 *   -k SIG@WHERE  raises SIG (a number) at WHERE: init, start:N, end:N,
 *             packet:N, tuple:N (a re-processed flowtuple) or close; -n COUNT raises it COUNT times there
 *   -w MS@WHERE   sleeps MS milliseconds at WHERE (same places)
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "corsaro/corsaro.h"

typedef struct fault_at {
    char where[16]; /* "" = nowhere */
    unsigned long n;
} fault_at_t;

typedef struct fault_state {
    unsigned long fail_start, fail_end, fail_packet;
    int fail_init, fail_close, log;
    int sig, sig_count, sleep_ms;
    fault_at_t sig_at, sleep_at;
    unsigned long starts, ends, packets, tuples;
} fault_state_t;

CORSARO_PLUGIN_GENERATE_PROTOS_OUT(fault)
CORSARO_PLUGIN_GENERATE_PROTOS_FT(fault)

static const corsaro_plugin_t fault_plugin = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = "fault",
    .version = "1.0.0",
    .description = "fails or signals where told (tests only)",
    .license = "GPL-3.0-or-later",
    CORSARO_PLUGIN_GENERATE_PTRS_OUT(fault),
    CORSARO_PLUGIN_GENERATE_PTRS_FT(fault),
};
CORSARO_PLUGIN_EXPORT(fault_plugin);

#define STATE(c) CORSARO_PLUGIN_STATE(c, fault_state_t)

/* "VALUE@where[:N]" -> value, place. @return 0 or -1 */
static int parse_at(const char *arg, int *value, fault_at_t *at)
{
    char *rest;
    long v = strtol(arg, &rest, 10);
    if (rest == arg || *rest != '@')
        return -1;
    *value = (int)v;
    const char *colon = strchr(rest + 1, ':');
    size_t len = colon != NULL ? (size_t)(colon - rest - 1) : strlen(rest + 1);
    if (len == 0 || len >= sizeof(at->where))
        return -1;
    memcpy(at->where, rest + 1, len);
    at->where[len] = '\0';
    at->n = colon != NULL ? strtoul(colon + 1, NULL, 10) : 0;
    return 0;
}

/* Does the event `where` number `n` match @p at? */
static int at(const fault_at_t *a, const char *where, unsigned long n)
{
    return strcmp(a->where, where) == 0 && (a->n == 0 || a->n == n);
}

static void events(fault_state_t *s, const char *where, unsigned long n)
{
    if (s->sleep_ms > 0 && at(&s->sleep_at, where, n)) {
        struct timespec ts = {s->sleep_ms / 1000, (s->sleep_ms % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) != 0) {
        }
    }
    if (s->sig > 0 && at(&s->sig_at, where, n))
        for (int i = 0; i < s->sig_count; i++)
            kill(getpid(), s->sig);
}

static int fault_init_output(corsaro_t *corsaro)
{
    char **argv;
    int argc = corsaro_plugin_args(corsaro, &argv), c;
    fault_state_t *s = calloc(1, sizeof(*s));
    if (s == NULL)
        return -1;
    corsaro_plugin_register_state(corsaro, s);
    s->sig_count = 1;
    optind = 1;
    while ((c = getopt(argc, argv, "is:e:p:clk:n:w:")) != -1) {
        switch (c) {
        case 'i': s->fail_init = 1; break;
        case 's': s->fail_start = strtoul(optarg, NULL, 10); break;
        case 'e': s->fail_end = strtoul(optarg, NULL, 10); break;
        case 'p': s->fail_packet = strtoul(optarg, NULL, 10); break;
        case 'c': s->fail_close = 1; break;
        case 'l': s->log = 1; break;
        case 'n': s->sig_count = atoi(optarg); break;
        case 'k':
            if (parse_at(optarg, &s->sig, &s->sig_at) != 0)
                return -1;
            break;
        case 'w':
            if (parse_at(optarg, &s->sleep_ms, &s->sleep_at) != 0)
                return -1;
            break;
        default:
            return -1;
        }
    }
    if (s->log)
        corsaro_log(__func__, corsaro, "fault plugin ready");
    events(s, "init", 0);
    /* no corsaro_set_error(): the host must name the plugin itself */
    return s->fail_init ? -1 : 0;
}

static int fault_close_output(corsaro_t *corsaro)
{
    fault_state_t *s = STATE(corsaro);
    if (s == NULL)
        return 0;
    int fail = s->fail_close;
    events(s, "close", 0);
    corsaro_plugin_free_state(corsaro);
    return fail ? -1 : 0;
}

static int fault_start_interval(corsaro_t *corsaro, corsaro_interval_t *int_start)
{
    fault_state_t *s = STATE(corsaro);
    (void)int_start;
    s->starts++;
    events(s, "start", s->starts);
    return s->fail_start == s->starts ? -1 : 0;
}

static int fault_end_interval(corsaro_t *corsaro, corsaro_interval_t *int_end)
{
    fault_state_t *s = STATE(corsaro);
    s->ends++;
    if (s->log)
        corsaro_log(__func__, corsaro, "fault plugin: interval %u ends",
                    int_end->number);
    events(s, "end", s->ends);
    return s->fail_end == s->ends ? -1 : 0;
}

static int fault_process_packet(corsaro_t *corsaro, corsaro_packet_t *packet)
{
    fault_state_t *s = STATE(corsaro);
    (void)packet;
    s->packets++;
    events(s, "packet", s->packets);
    return s->fail_packet == s->packets ? -1 : 0;
}

static int fault_process_flowtuple(corsaro_t *corsaro, corsaro_flowtuple_t *flowtuple,
                                   corsaro_packet_state_t *state)
{
    fault_state_t *s = STATE(corsaro);
    (void)flowtuple;
    (void)state;
    s->tuples++;
    events(s, "tuple", s->tuples);
    return 0;
}

static int fault_process_flowtuple_class_start(corsaro_t *corsaro,
                                               corsaro_flowtuple_class_start_t *cls)
{
    (void)corsaro;
    (void)cls;
    return 0;
}

static int fault_process_flowtuple_class_end(corsaro_t *corsaro,
                                             corsaro_flowtuple_class_end_t *cls)
{
    (void)corsaro;
    (void)cls;
    return 0;
}
