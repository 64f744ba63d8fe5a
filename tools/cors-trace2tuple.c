/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * cors-trace2tuple: prints one tab-separated line per IPv4 packet of one
 * or more traces (SPEC 8.3):
 *
 *   time(%f)  src_ip  dst_ip  src_port  dst_port  protocol  ip_id  ip_len
 *
 * With -f filters, only packets that match at least one are printed, and
 * stderr gets per trace (and, with several traces, for all of them) how
 * many packets and bytes each filter matched.
 *
 * Differences from v2, on purpose: a BPF filter that does not compile is
 * refused before any trace is read (exit 2); a trace that cannot be
 * opened or read is reported and skipped, and the run then exits 1 (v2
 * exited 0); -H exits 0.
 *
 * Uses libtrace only (no libcorsaro): it is a debugging companion to
 * flowtuple output, showing what libtrace sees in each packet.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <libtrace.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corsaro/corsaro.h"
#include "common/decimal.h"

#define PROG "cors-trace2tuple"
#define EXIT_USAGE 2

/** One -f filter and what it matched. */
typedef struct t2t_filter {
    const char *expr;
    libtrace_filter_t *compiled; /**< per trace: libtrace fixes the link
                                      type at the first packet */
    uint64_t count, bytes;       /**< this trace */
    uint64_t all_count, all_bytes; /**< every trace */
} t2t_filter_t;

/** Counters of one trace (or of all of them). */
typedef struct t2t_totals {
    uint64_t count, bytes;
} t2t_totals_t;

typedef struct t2t {
    t2t_filter_t *filters;
    int filter_cnt;
    t2t_totals_t all;
    int failed;    /**< a trace could not be opened or read */
    int write_err; /**< errno of the first failed write to stdout, or 0 */
    char *line; /**< the output buffer */
    size_t len;
} t2t_t;

#define T2T_OUT_SIZE (1 << 16)
#define T2T_LINE_MAX 160

static void usage(FILE *out)
{
    fprintf(out,
"usage: " PROG " [-H|--libtrace-help] [-f|--filter BPF]... URI...\n"
"\n"
"Prints one tab-separated line per IPv4 packet of each libtrace URI (a\n"
"file name, possibly compressed, or FORMAT:PATH):\n"
"\n"
"  seconds(6 decimals) src_ip dst_ip src_port dst_port protocol ip_id ip_len\n"
"\n"
"Ports are what libtrace gives: the first two 16-bit words after the IP\n"
"header (0 for ICMP, for non-first fragments and when too short); ip_id\n"
"and ip_len are the IP header's identification and total length fields.\n"
"\n"
"For each trace, standard error gets '<uri>:', a table of the packets and\n"
"bytes (wire lengths) each filter matched and their share of the trace,\n"
"libtrace's input/filtered/dropped/accepted counts when known, and\n"
"'Total <packets> <bytes>'; with several URIs, 'Grand total:' follows with\n"
"the same table for all of them.\n"
"\n"
"  -f, --filter BPF       print only packets that match at least one\n"
"                         filter (repeatable); a filter that does not\n"
"                         compile is refused before anything is read\n"
"  -H, --libtrace-help    list libtrace's input formats and exit\n"
"  -h, --help             this help\n"
"  -V, --version          print the version\n"
"\n"
"Exit status: 0 success; 1 a trace could not be opened or read (it is\n"
"reported and skipped; the others are still processed); 2 a usage error\n"
"or a filter that does not compile.\n");
}

/* Prints a usage error. @return EXIT_USAGE */
static int fail_usage(const char *msg, const char *arg)
{
    fprintf(stderr, PROG ": %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
    fprintf(stderr, "Try '" PROG " --help' for more information.\n");
    return EXIT_USAGE;
}

/* Compiles @p expr with libpcap for Ethernet, the way libtrace will, so a
 * typo is reported before any trace is opened. @return 0 or -1 */
static int check_filter(const char *expr)
{
    struct bpf_program prog;
    pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
    if (p == NULL) {
        fprintf(stderr, PROG ": cannot check filter '%s': out of memory\n", expr);
        return -1;
    }
    int rc = pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN);
    if (rc != 0)
        fprintf(stderr, PROG ": -f '%s': the BPF filter does not compile: %s\n",
                expr, pcap_geterr(p));
    else
        pcap_freecode(&prog);
    pcap_close(p);
    return rc == 0 ? 0 : -1;
}

/* Parses the command line into @p t. @return -1 to go on, else the exit
 * status */
static int parse_options(int argc, char **argv, t2t_t *t)
{
    static const struct option longopts[] = {
        {"libtrace-help", no_argument, NULL, 'H'},
        {"filter", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;

    /* at most one filter per argument: argc bounds the table */
    t->filters = calloc((size_t)argc, sizeof(*t->filters));
    if (t->filters == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        return EXIT_FAILURE;
    }
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":Hf:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'H':
            trace_help();
            return EXIT_SUCCESS;
        case 'f':
            t->filters[t->filter_cnt++].expr = optarg;
            break;
        case 'h':
            usage(stdout);
            return EXIT_SUCCESS;
        case 'V':
            printf(PROG " %s\n", CORSARO_VERSION_STRING);
            return EXIT_SUCCESS;
        case ':':
            return fail_usage("option needs an argument:", argv[optind - 1]);
        default:
            return fail_usage("unknown option", argv[optind - 1]);
        }
    }
    if (optind == argc)
        return fail_usage("give at least one trace URI", NULL);
    for (int i = 0; i < t->filter_cnt; i++)
        if (check_filter(t->filters[i].expr) != 0)
            return EXIT_USAGE;
    return -1;
}

/* ---- output: hand-formatted, as printf would cost more than libtrace's
 * read of the packet ---- */

/* "00".."99": two digits per division. */
static char *put_addr(char *p, struct in_addr a)
{
    const uint8_t *b = (const uint8_t *)&a.s_addr;
    p = tools_put_u8(p, b[0]);
    *p++ = '.';
    p = tools_put_u8(p, b[1]);
    *p++ = '.';
    p = tools_put_u8(p, b[2]);
    *p++ = '.';
    return tools_put_u8(p, b[3]);
}

/* Writes @p secs as printf's "%f" does. The quick path rounds to the
 * microsecond itself; when the value is within rounding noise of a
 * half microsecond (never for pcap's whole microseconds) printf decides. */
static char *put_seconds(char *p, double secs)
{
    double whole = (double)(uint64_t)secs;
    double micros = (secs - whole) * 1e6;
    double rounded = (double)(uint64_t)(micros + 0.5);
    double off = micros - (double)(uint64_t)micros;
    if (secs < 0 || secs >= 9e15 || (off > 0.499 && off < 0.501)) {
        int n = snprintf(p, 40, "%f", secs);
        return p + (n > 0 && n < 40 ? n : 0);
    }
    uint64_t s = (uint64_t)whole;
    unsigned us = (unsigned)rounded;
    if (us >= 1000000) {
        s++;
        us -= 1000000;
    }
    p = tools_put_u64(p, s);
    *p++ = '.';
    for (int i = 4; i >= 0; i -= 2) { /* six digits, zero-padded */
        tools_put_2digits(p + i, us % 100);
        us /= 100;
    }
    return p + 6;
}

static void out_drain(t2t_t *t)
{
    if (t->len > 0 && fwrite(t->line, 1, t->len, stdout) != t->len &&
        t->write_err == 0)
        t->write_err = errno != 0 ? errno : EIO; /* reported at the end */
    t->len = 0;
}

static void print_packet(t2t_t *t, libtrace_packet_t *packet,
                         const libtrace_ip_t *ip)
{
    if (t->len + T2T_LINE_MAX > T2T_OUT_SIZE)
        out_drain(t);
    char *p = t->line + t->len;
    p = put_seconds(p, trace_get_seconds(packet));
    *p++ = '\t';
    p = put_addr(p, ip->ip_src);
    *p++ = '\t';
    p = put_addr(p, ip->ip_dst);
    *p++ = '\t';
    p = tools_put_u64(p, trace_get_source_port(packet));
    *p++ = '\t';
    p = tools_put_u64(p, trace_get_destination_port(packet));
    *p++ = '\t';
    p = tools_put_u8(p, ip->ip_p);
    *p++ = '\t';
    p = tools_put_u64(p, ntohs(ip->ip_id));
    *p++ = '\t';
    p = tools_put_u64(p, ntohs(ip->ip_len));
    *p++ = '\n';
    t->len = (size_t)(p - t->line);
}

/* ---- statistics on stderr ---- */

static void print_filter_table(const t2t_t *t, const t2t_totals_t *tot, int all)
{
    if (t->filter_cnt == 0)
        return;
    fprintf(stderr, "%-40s %12s %16s %8s\n", "filter", "count", "bytes", "%");
    for (int i = 0; i < t->filter_cnt; i++) {
        const t2t_filter_t *f = &t->filters[i];
        uint64_t c = all ? f->all_count : f->count;
        uint64_t b = all ? f->all_bytes : f->bytes;
        double pct = tot->count > 0 ? 100.0 * (double)c / (double)tot->count : 0.0;
        fprintf(stderr, "%-40s %12" PRIu64 " %16" PRIu64 " %7.2f%%\n", f->expr, c,
                b, pct);
    }
}

/* libtrace's own counters, each only when the format knows it. */
static void print_libtrace_counts(libtrace_t *trace)
{
    static const struct {
        const char *name;
        uint64_t (*get)(libtrace_t *);
    } counters[] = {
        {"Input packets", trace_get_received_packets},
        {"Filtered packets", trace_get_filtered_packets},
        {"Dropped packets", trace_get_dropped_packets},
        {"Accepted packets", trace_get_accepted_packets},
    };
    for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
        uint64_t v = counters[i].get(trace);
        if (v != UINT64_MAX)
            fprintf(stderr, "%s: %" PRIu64 "\n", counters[i].name, v);
    }
}

/* ---- the packet loop ---- */

/* Applies every filter to @p packet. @return 1 if the packet is to be
 * printed, 0 if not, -1 if a filter cannot run on this trace */
static int match_filters(t2t_t *t, libtrace_packet_t *packet, size_t wire)
{
    int any = t->filter_cnt == 0;
    for (int i = 0; i < t->filter_cnt; i++) {
        t2t_filter_t *f = &t->filters[i];
        int r = trace_apply_filter(f->compiled, packet);
        if (r < 0) {
            fprintf(stderr, PROG ": filter '%s' cannot be applied to this "
                            "trace's link type\n",
                    f->expr);
            return -1;
        }
        if (r > 0) {
            f->count++;
            f->bytes += wire;
            any = 1;
        }
    }
    return any;
}

/* Makes this trace's filters and zeroes its counters. @return 0 or -1 */
static int start_filters(t2t_t *t)
{
    for (int i = 0; i < t->filter_cnt; i++) {
        t2t_filter_t *f = &t->filters[i];
        f->count = f->bytes = 0;
        f->compiled = trace_create_filter(f->expr);
        if (f->compiled == NULL) {
            fprintf(stderr, PROG ": out of memory\n");
            return -1;
        }
    }
    return 0;
}

static void end_filters(t2t_t *t)
{
    for (int i = 0; i < t->filter_cnt; i++) {
        t2t_filter_t *f = &t->filters[i];
        f->all_count += f->count;
        f->all_bytes += f->bytes;
        if (f->compiled != NULL)
            trace_destroy_filter(f->compiled);
        f->compiled = NULL;
    }
}

/* Reads the packets of an open trace. @return 0, or -1 on a read or
 * filter error (reported) */
static int read_packets(t2t_t *t, libtrace_t *trace, const char *uri,
                        t2t_totals_t *tot)
{
    libtrace_packet_t *packet = trace_create_packet();
    if (packet == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        return -1;
    }
    int rc = 0, n;
    while ((n = trace_read_packet(trace, packet)) > 0) {
        size_t wire = trace_get_wire_length(packet);
        tot->count++;
        tot->bytes += wire;
        int m = match_filters(t, packet, wire);
        if (m < 0) {
            rc = -1;
            break;
        }
        libtrace_ip_t *ip = m ? trace_get_ip(packet) : NULL;
        if (ip != NULL)
            print_packet(t, packet, ip);
    }
    if (n < 0 && trace_is_err(trace)) {
        libtrace_err_t e = trace_get_err(trace);
        fprintf(stderr, PROG ": %s: reading packets failed after %" PRIu64
                        " packets: %s\n",
                uri, tot->count, e.problem);
        rc = -1;
    }
    trace_destroy_packet(packet);
    return rc;
}

/* Processes one URI; what fails is reported and marks the run failed. */
static void process_trace(t2t_t *t, const char *uri)
{
    t2t_totals_t tot = {0, 0};
    /* A plain path that cannot be read: say why (libtrace would only say
     * it cannot guess the format) and do not call libtrace at all. */
    if (strchr(uri, ':') == NULL && strcmp(uri, "-") != 0 && access(uri, R_OK) != 0) {
        fprintf(stderr, PROG ": %s: cannot open: %s (skipped)\n", uri,
                strerror(errno));
        t->failed = 1;
        return;
    }
    libtrace_t *trace = trace_create(uri);
    if (trace == NULL || trace_is_err(trace) || trace_start(trace) == -1) {
        fprintf(stderr, PROG ": %s: cannot open: %s (skipped)\n", uri,
                trace != NULL ? trace_get_err(trace).problem : "out of memory");
        t->failed = 1;
        if (trace != NULL)
            trace_destroy(trace);
        return;
    }
    if (start_filters(t) != 0 || read_packets(t, trace, uri, &tot) != 0)
        t->failed = 1;
    end_filters(t);
    /* the packets go out before their trace's statistics */
    out_drain(t);
    fflush(stdout);
    fprintf(stderr, "%s:\n", uri);
    print_filter_table(t, &tot, 0);
    print_libtrace_counts(trace);
    fprintf(stderr, "Total %" PRIu64 " %" PRIu64 "\n", tot.count, tot.bytes);
    t->all.count += tot.count;
    t->all.bytes += tot.bytes;
    trace_destroy(trace);
}

int main(int argc, char **argv)
{
    t2t_t t;
    memset(&t, 0, sizeof(t));
    int rc = parse_options(argc, argv, &t);
    if (rc >= 0) {
        free(t.filters);
        return rc;
    }
    t.line = malloc(T2T_OUT_SIZE);
    if (t.line == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        free(t.filters);
        return EXIT_FAILURE;
    }
    int uri_cnt = argc - optind;
    for (int i = optind; i < argc; i++)
        process_trace(&t, argv[i]);
    if (uri_cnt > 1) {
        fprintf(stderr, "Grand total:\n");
        print_filter_table(&t, &t.all, 1);
        fprintf(stderr, "Total %" PRIu64 " %" PRIu64 "\n", t.all.count, t.all.bytes);
    }
    out_drain(&t);
    if (fflush(stdout) != 0 && t.write_err == 0)
        t.write_err = errno != 0 ? errno : EIO;
    if (t.write_err != 0 || ferror(stdout)) {
        fprintf(stderr, PROG ": writing the output failed: %s\n",
                strerror(t.write_err != 0 ? t.write_err : EIO));
        t.failed = 1;
    }
    free(t.line);
    free(t.filters);
    return t.failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
