/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file filterbpf.c
 * @brief The filterbpf plugin: named BPF filters, each a tag in the packet
 * state; packets that fail the filters are marked IGNORE (SPEC 7). Writes
 * no files.
 *
 * Options (`-p "filterbpf OPTIONS"`; quote a filter holding spaces):
 *   -f [NAME:]BPF   a filter (1 to 100); its tag is "filterbpf:NAME", or
 *                   "filterbpf:BPF" without a name
 *   -m any|all      any (default): IGNORE a packet no filter matches;
 *                   all: IGNORE a packet unless every filter matches
 *
 * Every filter runs on every packet, so the tags are complete whatever the
 * mode. Differences from v2, on purpose: the tag name is the name only
 * (v2 kept the BPF text in it); v2's groups (`g1,g2|name:bpf`, whose names
 * swallowed the rest of the string) are refused; -m chooses between any
 * and all filters; every filter is compiled at start-up, so a bad one is
 * refused before any file is written (v2 aborted at the first packet).
 *
 * Flowtuple re-processing: BPF needs packet bytes, a tuple has none, so
 * this plugin has no process_flowtuple hook and tuples pass untouched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libtrace.h>
#include <pcap/pcap.h>

#include "corsaro/corsaro.h"
#include "fbpf_spec.h"

/** v2's limit on -f, kept: each filter costs a BPF run per packet. */
#define FBPF_MAX_FILTERS 100
#define TAG_PREFIX "filterbpf:"

typedef struct fbpf_filter {
    char *bpf;               /**< the BPF text */
    char *name;              /**< the name (the BPF text when unnamed) */
    libtrace_filter_t *lt;   /**< libtrace's compiled filter */
    int tag;                 /**< tag id of "filterbpf:<name>" */
} fbpf_filter_t;

typedef struct fbpf_state {
    fbpf_filter_t filters[FBPF_MAX_FILTERS];
    int cnt;
    int all; /**< -m all */
} fbpf_state_t;

CORSARO_PLUGIN_GENERATE_PROTOS_OUT(corsaro_filterbpf)

static const corsaro_plugin_t corsaro_filterbpf_plugin = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = "filterbpf",
    .version = "3.0.0",
    .description = "named BPF filters: tags packets per filter and ignores "
                   "those that fail (any or all)",
    .license = "GPL-3.0-or-later",
    .id = 8,
    .magic = CORSARO_PLUGIN_MAGIC('F', 'B', 'P', 'F'),
    CORSARO_PLUGIN_GENERATE_PTRS_OUT(corsaro_filterbpf),
};
CORSARO_PLUGIN_EXPORT(corsaro_filterbpf_plugin);

static void usage(const char *argv0)
{
    fprintf(stderr,
            "plugin usage: %s [-m any|all] -f [name:]bpf [-f [name:]bpf]...\n"
            "       -f [name:]bpf  a BPF filter, tagged filterbpf:name "
            "(1-%d filters;\n"
            "                      quote it: -p 'filterbpf -f \"web:tcp port "
            "80\"')\n"
            "       -m any|all     ignore packets matching no filter (any, "
            "default)\n"
            "                      or not matching every filter (all)\n",
            argv0, FBPF_MAX_FILTERS);
}

/* Compiles @p bpf with libpcap as libtrace will at the first packet, so a
 * bad filter is refused now. @return 0, or -1 with @p why set */
static int check_compiles(const char *bpf, char *why, size_t why_len)
{
    struct bpf_program prog;
    pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
    if (p == NULL) {
        snprintf(why, why_len, "libpcap cannot compile filters here");
        return -1;
    }
    int rc = pcap_compile(p, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN);
    if (rc != 0)
        snprintf(why, why_len, "%s", pcap_geterr(p));
    else
        pcap_freecode(&prog);
    pcap_close(p);
    return rc == 0 ? 0 : -1;
}

/* Adds the filter of one -f argument. @return 0 or -1 (error set) */
static int add_filter(corsaro_t *corsaro, fbpf_state_t *s, const char *arg)
{
    char why[512];
    size_t name_len;
    const char *bpf;

    if (s->cnt == FBPF_MAX_FILTERS) {
        corsaro_set_error(corsaro, "filterbpf: -f given more than %d times",
                          FBPF_MAX_FILTERS);
        return -1;
    }
    if (fbpf_spec_split(arg, &name_len, &bpf, why, sizeof(why)) != 0) {
        corsaro_set_error(corsaro, "filterbpf: -f '%s': %s", arg, why);
        return -1;
    }
    if (check_compiles(bpf, why, sizeof(why)) != 0) {
        corsaro_set_error(corsaro, "filterbpf: -f '%s': the BPF filter does "
                                   "not compile: %s",
                          arg, why);
        return -1;
    }
    fbpf_filter_t *f = &s->filters[s->cnt];
    f->bpf = strdup(bpf);
    f->name = name_len > 0 ? strndup(arg, name_len) : strdup(bpf);
    if (f->bpf == NULL || f->name == NULL) {
        corsaro_set_error(corsaro, "filterbpf: out of memory");
        return -1;
    }
    s->cnt++; /* from here on close_output frees it */
    for (int i = 0; i < s->cnt - 1; i++) {
        if (strcmp(s->filters[i].name, f->name) == 0) {
            corsaro_set_error(corsaro, "filterbpf: -f '%s': a filter named "
                                       "'%s' was given already (names must "
                                       "differ: each is a tag)",
                              arg, f->name);
            return -1;
        }
    }
    size_t tag_len = strlen(TAG_PREFIX) + strlen(f->name) + 1;
    char *tag = malloc(tag_len);
    if (tag == NULL) {
        corsaro_set_error(corsaro, "filterbpf: out of memory");
        return -1;
    }
    snprintf(tag, tag_len, "%s%s", TAG_PREFIX, f->name);
    f->tag = corsaro_tag_register(corsaro, tag);
    free(tag);
    if (f->tag < 0) {
        corsaro_set_error(corsaro, "filterbpf: -f '%s': no tag left for it "
                                   "(a run has at most %d tags)",
                          arg, CORSARO_TAG_MAX);
        return -1;
    }
    f->lt = trace_create_filter(f->bpf);
    if (f->lt == NULL) {
        corsaro_set_error(corsaro, "filterbpf: -f '%s': libtrace cannot create "
                                   "the filter",
                          arg);
        return -1;
    }
    return 0;
}

static int parse_args(corsaro_t *corsaro, fbpf_state_t *s)
{
    char **argv = NULL;
    int argc = corsaro_plugin_args(corsaro, &argv);
    const char *argv0 = argc > 0 && argv[0] != NULL ? argv[0] : "filterbpf";
    int opt;

    optind = 1;
    opterr = 0;
    while ((opt = getopt(argc, argv, ":f:m:")) != -1) {
        switch (opt) {
        case 'f':
            if (add_filter(corsaro, s, optarg) != 0)
                return -1;
            break;
        case 'm':
            if (strcasecmp(optarg, "any") == 0) {
                s->all = 0;
            } else if (strcasecmp(optarg, "all") == 0) {
                s->all = 1;
            } else {
                usage(argv0);
                corsaro_set_error(corsaro, "filterbpf: -m must be 'any' or "
                                           "'all', not '%s'",
                                  optarg);
                return -1;
            }
            break;
        case ':':
            usage(argv0);
            corsaro_set_error(corsaro, "filterbpf: option -%c needs an argument",
                              optopt);
            return -1;
        default:
            usage(argv0);
            corsaro_set_error(corsaro, "filterbpf: unknown option -%c", optopt);
            return -1;
        }
    }
    if (optind < argc) {
        usage(argv0);
        corsaro_set_error(corsaro, "filterbpf: unexpected argument '%s' (a "
                                   "filter with spaces must be quoted: -f "
                                   "\"tcp port 80\")",
                          argv[optind]);
        return -1;
    }
    if (s->cnt == 0) {
        usage(argv0);
        corsaro_set_error(corsaro, "filterbpf: no filter: give at least one -f");
        return -1;
    }
    return 0;
}

static int corsaro_filterbpf_init_output(corsaro_t *corsaro)
{
    fbpf_state_t *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        corsaro_set_error(corsaro, "filterbpf: out of memory");
        return -1;
    }
    corsaro_plugin_register_state(corsaro, s);
    if (parse_args(corsaro, s) != 0)
        return -1;
    for (int i = 0; i < s->cnt; i++)
        corsaro_log(__func__, corsaro, "filterbpf: filter '%s' (tag %s%s): %s",
                    s->filters[i].name, TAG_PREFIX, s->filters[i].name,
                    s->filters[i].bpf);
    corsaro_log(__func__, corsaro, "filterbpf: ignoring packets that match %s",
                s->all ? "not every filter" : "no filter");
    return 0;
}

static int corsaro_filterbpf_close_output(corsaro_t *corsaro)
{
    fbpf_state_t *s = CORSARO_PLUGIN_STATE(corsaro, fbpf_state_t);
    if (s == NULL)
        return 0;
    for (int i = 0; i < s->cnt; i++) {
        if (s->filters[i].lt != NULL)
            trace_destroy_filter(s->filters[i].lt);
        free(s->filters[i].bpf);
        free(s->filters[i].name);
    }
    corsaro_plugin_free_state(corsaro);
    return 0;
}

static int corsaro_filterbpf_start_interval(corsaro_t *corsaro,
                                            corsaro_interval_t *int_start)
{
    (void)corsaro;
    (void)int_start;
    return 0;
}

static int corsaro_filterbpf_end_interval(corsaro_t *corsaro,
                                          corsaro_interval_t *int_end)
{
    (void)corsaro;
    (void)int_end;
    return 0;
}

static int corsaro_filterbpf_process_packet(corsaro_t *corsaro,
                                            corsaro_packet_t *packet)
{
    fbpf_state_t *s = CORSARO_PLUGIN_STATE(corsaro, fbpf_state_t);
    int matched = 0;

    for (int i = 0; i < s->cnt; i++) {
        fbpf_filter_t *f = &s->filters[i];
        int m = trace_apply_filter(f->lt, LT_PKT(packet));
        if (m < 0) {
            corsaro_set_error(corsaro, "filterbpf: filter '%s' (%s) cannot be "
                                       "applied to a packet of link type %d",
                              f->name, f->bpf,
                              (int)trace_get_link_type(LT_PKT(packet)));
            return -1;
        }
        if (m > 0) {
            corsaro_tag_set(&packet->state, f->tag);
            matched++;
        }
    }
    if (s->all ? matched < s->cnt : matched == 0)
        packet->state.flags |= CORSARO_PACKET_STATE_FLAG_IGNORE;
    return 0;
}
