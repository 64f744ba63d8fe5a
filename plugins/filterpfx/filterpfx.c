/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file filterpfx.c
 * @brief The filterpfx plugin: marks packets IGNORE unless their source
 * (or, with -d, destination) IPv4 address is inside one of a set of
 * prefixes (SPEC 7). Writes no files.
 *
 * Options (`-p "filterpfx OPTIONS"`):
 *   -p CIDR   a prefix a.b.c.d/len; repeat it (no limit)
 *   -f FILE   a file of prefixes, one a line, `#` comments, plain or
 *             compressed; repeat it for several files
 *   -d        match the destination address (default: the source)
 *   -i        invert: ignore the packets that ARE inside a prefix
 *
 * Differences from v2, on purpose: -d no longer cancels -f; -p is not
 * limited to 100 prefixes; prefix files may hold blank lines and comments,
 * and a bad line is an error naming the file and line; every bad prefix is
 * refused at start-up, before any file is written.
 *
 * Packets that are not IPv4 are never flagged (as v2). In flowtuple
 * re-processing the same test is applied to each tuple.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libtrace.h>

#include "corsaro/corsaro.h"
#include "pfx_cidr.h"
#include "pfx_load.h"
#include "pfx_set.h"

typedef struct fpfx_state {
    pfx_set_t set;
    int use_dst; /**< -d */
    int invert;  /**< -i */
} fpfx_state_t;

CORSARO_PLUGIN_GENERATE_PROTOS_OUT(corsaro_filterpfx)
static int corsaro_filterpfx_process_flowtuple(corsaro_t *corsaro,
                                               corsaro_flowtuple_t *flowtuple,
                                               corsaro_packet_state_t *state);

static const corsaro_plugin_t corsaro_filterpfx_plugin = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = "filterpfx",
    .version = "3.0.0",
    .description = "ignores packets whose source (or destination) is outside "
                   "a set of IPv4 prefixes",
    .license = "GPL-3.0-or-later",
    .id = 7,
    .magic = CORSARO_PLUGIN_MAGIC('F', 'P', 'F', 'X'),
    CORSARO_PLUGIN_GENERATE_PTRS_OUT(corsaro_filterpfx),
    .process_flowtuple = corsaro_filterpfx_process_flowtuple,
};
CORSARO_PLUGIN_EXPORT(corsaro_filterpfx_plugin);

static void usage(const char *argv0)
{
    fprintf(stderr,
            "plugin usage: %s [-di] [-p CIDR]... [-f FILE]...\n"
            "       -p CIDR  an IPv4 prefix a.b.c.d/len (repeatable)\n"
            "       -f FILE  a file of prefixes, one a line, # comments "
            "allowed (repeatable)\n"
            "       -d       match the destination address (default: source)\n"
            "       -i       invert: ignore packets inside the prefixes\n"
            "       at least one -p or -f is needed\n",
            argv0);
}

/* Adds one -p prefix. @return 0, or -1 after setting the error */
static int add_option_prefix(corsaro_t *corsaro, fpfx_state_t *s,
                             const char *text, uint64_t *host_bits)
{
    pfx_cidr_t c;
    char why[160];
    if (pfx_cidr_parse(text, &c, why, sizeof(why)) != 0) {
        corsaro_set_error(corsaro, "filterpfx: -p '%s' is not an IPv4 prefix: %s",
                          text, why);
        return -1;
    }
    if (pfx_set_add(&s->set, c.addr, c.len) != 0) {
        corsaro_set_error(corsaro, "filterpfx: out of memory for -p '%s'", text);
        return -1;
    }
    *host_bits += c.host_bits;
    return 0;
}

/* Parses the options, loading every prefix. @return 0 or -1 */
static int parse_args(corsaro_t *corsaro, fpfx_state_t *s)
{
    char **argv = NULL;
    int argc = corsaro_plugin_args(corsaro, &argv);
    const char *argv0 = argc > 0 && argv[0] != NULL ? argv[0] : "filterpfx";
    char err[1024];
    pfx_load_stats_t files = {0, 0};
    uint64_t opt_prefixes = 0, opt_host_bits = 0;
    int file_cnt = 0, opt;

    optind = 1;
    opterr = 0;
    while ((opt = getopt(argc, argv, ":p:f:di")) != -1) {
        switch (opt) {
        case 'p':
            if (add_option_prefix(corsaro, s, optarg, &opt_host_bits) != 0)
                return -1;
            opt_prefixes++;
            break;
        case 'f':
            if (pfx_load_file(&s->set, optarg, &files, err, sizeof(err)) != 0) {
                corsaro_set_error(corsaro, "filterpfx: -f: %s", err);
                return -1;
            }
            file_cnt++;
            break;
        case 'd':
            s->use_dst = 1;
            break;
        case 'i':
            s->invert = 1;
            break;
        case ':':
            usage(argv0);
            corsaro_set_error(corsaro, "filterpfx: option -%c needs an argument",
                              optopt);
            return -1;
        default:
            usage(argv0);
            corsaro_set_error(corsaro, "filterpfx: unknown option -%c", optopt);
            return -1;
        }
    }
    if (optind < argc) {
        usage(argv0);
        corsaro_set_error(corsaro, "filterpfx: unexpected argument '%s' (give "
                                   "prefixes with -p)",
                          argv[optind]);
        return -1;
    }
    if (opt_prefixes == 0 && file_cnt == 0) {
        usage(argv0);
        corsaro_set_error(corsaro, "filterpfx: no prefixes: give at least one "
                                   "-p CIDR or -f FILE");
        return -1;
    }
    if (opt_prefixes + files.prefixes == 0)
        corsaro_log(__func__, corsaro, "filterpfx: warning: the prefix files "
                                       "hold no prefix: every IPv4 packet "
                                       "will be %s",
                    s->invert ? "kept" : "ignored");
    if (opt_host_bits + files.host_bits > 0)
        corsaro_log(__func__, corsaro, "filterpfx: %llu prefixes had host bits "
                                       "set; they were masked off (10.1.2.3/8 "
                                       "means 10.0.0.0/8)",
                    (unsigned long long)(opt_host_bits + files.host_bits));
    corsaro_log(__func__, corsaro, "filterpfx: %llu prefix(es) from -p and "
                                   "%llu from %d file(s), matching the %s "
                                   "address%s",
                (unsigned long long)opt_prefixes,
                (unsigned long long)files.prefixes, file_cnt,
                s->use_dst ? "destination" : "source",
                s->invert ? ", inverted" : "");
    return 0;
}

static int corsaro_filterpfx_init_output(corsaro_t *corsaro)
{
    fpfx_state_t *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        corsaro_set_error(corsaro, "filterpfx: out of memory");
        return -1;
    }
    pfx_set_init(&s->set);
    corsaro_plugin_register_state(corsaro, s);
    if (parse_args(corsaro, s) != 0)
        return -1;
    if (pfx_set_build(&s->set) != 0) {
        corsaro_set_error(corsaro, "filterpfx: out of memory indexing %zu "
                                   "prefixes",
                          s->set.added);
        return -1;
    }
    return 0;
}

static int corsaro_filterpfx_close_output(corsaro_t *corsaro)
{
    fpfx_state_t *s = CORSARO_PLUGIN_STATE(corsaro, fpfx_state_t);
    if (s != NULL) {
        pfx_set_free(&s->set);
        corsaro_plugin_free_state(corsaro);
    }
    return 0;
}

static int corsaro_filterpfx_start_interval(corsaro_t *corsaro,
                                            corsaro_interval_t *int_start)
{
    (void)corsaro;
    (void)int_start;
    return 0;
}

static int corsaro_filterpfx_end_interval(corsaro_t *corsaro,
                                          corsaro_interval_t *int_end)
{
    (void)corsaro;
    (void)int_end;
    return 0;
}

/* Flags @p state IGNORE unless @p addr (network order) passes. */
static void judge(const fpfx_state_t *s, uint32_t addr_net,
                  corsaro_packet_state_t *state)
{
    int inside = pfx_set_contains(&s->set, ntohl(addr_net));
    if (inside == s->invert)
        state->flags |= CORSARO_PACKET_STATE_FLAG_IGNORE;
}

static int corsaro_filterpfx_process_packet(corsaro_t *corsaro,
                                            corsaro_packet_t *packet)
{
    const fpfx_state_t *s = CORSARO_PLUGIN_STATE(corsaro, fpfx_state_t);
    libtrace_ip_t *ip = trace_get_ip(LT_PKT(packet));
    if (ip == NULL)
        return 0; /* not IPv4: never flagged */
    judge(s, s->use_dst ? ip->ip_dst.s_addr : ip->ip_src.s_addr, &packet->state);
    return 0;
}

static int corsaro_filterpfx_process_flowtuple(corsaro_t *corsaro,
                                               corsaro_flowtuple_t *flowtuple,
                                               corsaro_packet_state_t *state)
{
    const fpfx_state_t *s = CORSARO_PLUGIN_STATE(corsaro, fpfx_state_t);
    judge(s, s->use_dst ? flowtuple->dst_ip : flowtuple->src_ip, state);
    return 0;
}
