/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * cors-synth: a deterministic generator of telescope-like (darknet) traffic,
 * written as a classic pcap file (Ethernet, microsecond timestamps).
 *
 * Everything comes from one seeded PRNG, so the same seed and options give
 * the same bytes on every host. The summary (--summary) is computed by
 * classifying the frames actually written, so its counters are exact.
 * The traffic itself is made in synth/traffic.c; this file is the command
 * line, the clock and the pcap writer.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corsaro/corsaro.h"
#include "synth/synth.h"

#define PROG "cors-synth"
#define SNAPLEN 65535

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

/* ---- pcap output ------------------------------------------------------- */

#define OUTBUF_SIZE (4u << 20)

struct out {
    corsaro_file_t *file;
    const char *name;
    uint8_t *buf;
    size_t used;
};

static corsaro_file_compress_t compress_for(const char *name)
{
    size_t n = strlen(name);
    if (n > 3 && strcmp(name + n - 3, ".gz") == 0)
        return CORSARO_FILE_COMPRESS_ZLIB;
    if (n > 4 && strcmp(name + n - 4, ".bz2") == 0)
        return CORSARO_FILE_COMPRESS_BZ2;
    if (n > 3 && strcmp(name + n - 3, ".xz") == 0)
        return CORSARO_FILE_COMPRESS_LZMA;
    return CORSARO_FILE_COMPRESS_NONE;
}

static void write_error(const char *name, int err)
{
    if (err)
        fprintf(stderr, PROG ": writing %s failed: %s\n", name, strerror(err));
    else
        fprintf(stderr, PROG ": writing %s failed (disk full or I/O error)\n",
                name);
}

static int out_flush(struct out *o)
{
    if (o->used == 0)
        return 0;
    errno = 0;
    if (corsaro_file_write(NULL, o->file, o->buf, (off_t)o->used) !=
        (off_t)o->used) {
        write_error(o->name, errno);
        return -1;
    }
    o->used = 0;
    return 0;
}

static int out_open(struct out *o, const char *name)
{
    o->name = name;
    o->used = 0;
    o->buf = malloc(OUTBUF_SIZE);
    if (!o->buf) {
        fprintf(stderr, PROG ": out of memory\n");
        return -1;
    }
    errno = 0;
    o->file = corsaro_file_open(name, CORSARO_FILE_MODE_BINARY,
                                strcmp(name, "-") ? compress_for(name)
                                                  : CORSARO_FILE_COMPRESS_NONE);
    if (!o->file) {
        fprintf(stderr, PROG ": cannot open %s: %s\n", name,
                errno ? strerror(errno) : "unknown error");
        free(o->buf);
        return -1;
    }
    return 0;
}

/* Flushes and closes; reports data lost at close (e.g. a full disk). */
static int out_close(struct out *o, int ok)
{
    int rc = ok ? out_flush(o) : -1;
    errno = 0;
    if (corsaro_file_close(NULL, o->file) != 0 && rc == 0) {
        write_error(o->name, errno);
        rc = -1;
    }
    free(o->buf);
    return rc;
}

static void pcap_header(uint8_t *h)
{
    put_le32(h, 0xa1b2c3d4u);
    put_le16(h + 4, 2);
    put_le16(h + 6, 4);
    put_le32(h + 8, 0);  /* thiszone */
    put_le32(h + 12, 0); /* sigfigs */
    put_le32(h + 16, SNAPLEN);
    put_le32(h + 20, 1); /* DLT_EN10MB */
}

static int out_record(struct out *o, uint64_t ts_us, const struct frame *f)
{
    if (o->used + 16 + f->len > OUTBUF_SIZE && out_flush(o) != 0)
        return -1;
    uint8_t *p = o->buf + o->used;
    put_le32(p, (uint32_t)(ts_us / 1000000));
    put_le32(p + 4, (uint32_t)(ts_us % 1000000));
    put_le32(p + 8, (uint32_t)f->len);
    put_le32(p + 12, (uint32_t)f->len);
    memcpy(p + 16, f->b, f->len);
    o->used += 16 + f->len;
    return 0;
}

/* ---- timestamps -------------------------------------------------------- */

/* Packet i sits at start + i*D/(n-1) (so the first is at start and the last
 * at start + duration), plus jitter below half the gap to the next one,
 * which keeps the sequence non-decreasing. */
struct clock {
    uint64_t start_us, q, r, n1;
};

static void clock_init(struct clock *k, const struct synth_options *o)
{
    uint64_t d = o->duration * 1000000;
    k->start_us = o->start * 1000000;
    k->n1 = o->packets > 1 ? o->packets - 1 : 1;
    k->q = d / k->n1;
    k->r = d % k->n1;
}

static uint64_t clock_base(const struct clock *k, uint64_t i)
{
    return k->start_us + i * k->q + (i * k->r) / k->n1; /* i*r < 2^64 */
}

static uint64_t clock_at(const struct clock *k, rng_t *rng, uint64_t i)
{
    uint64_t t = clock_base(k, i);
    if (i == 0 || i >= k->n1)
        return t;
    uint64_t gap = clock_base(k, i + 1) - t;
    if (gap >= 2)
        t += rng_below(rng, (uint32_t)(gap / 2 < UINT32_MAX ? gap / 2
                                                            : UINT32_MAX));
    return t;
}

/* ---- summary ----------------------------------------------------------- */

/* Opened before generating, so a bad summary path fails fast. */
static corsaro_file_t *summary_open(const char *name)
{
    errno = 0;
    corsaro_file_t *f = corsaro_file_open(name, CORSARO_FILE_MODE_ASCII,
                                          CORSARO_FILE_COMPRESS_NONE);
    if (!f)
        fprintf(stderr, PROG ": cannot open %s: %s\n", name,
                errno ? strerror(errno) : "unknown error");
    return f;
}

/* Writes (if @p ok) and closes the summary. @return 0 or -1 */
static int summary_close(corsaro_file_t *f, const char *name,
                         const struct gen *g, int ok)
{
    static char lines[SUMMARY_MAX][SUMMARY_LINE];
    size_t n = ok ? synth_summary_lines(g, lines) : 0;
    int rc = ok ? 0 : -1;

    for (size_t k = 0; k < n && rc == 0; k++)
        if (corsaro_file_printf(NULL, f, "%s\n", lines[k]) < 0)
            rc = -1;
    errno = 0;
    if (corsaro_file_close(NULL, f) != 0 && rc == 0)
        rc = -1;
    if (rc != 0 && ok)
        write_error(name, errno);
    return rc;
}

/* ---- the run ----------------------------------------------------------- */

static int generate(struct gen *g, struct out *o)
{
    static struct frame scratch;
    struct clock k;

    pcap_header(o->buf);
    o->used = 24;
    clock_init(&k, g->opt);
    for (uint64_t i = 0; i < g->opt->packets; i++) {
        uint64_t ts = clock_at(&k, &g->rng, i);
        const struct frame *f = synth_next_frame(g, &scratch, i);
        if (synth_count_frame(g, f, ts) != 0) {
            fprintf(stderr, PROG ": internal error: backscatter from a "
                            "non-victim at packet %" PRIu64 "\n", i);
            return -1;
        }
        if (out_record(o, ts, f) != 0)
            return -1;
    }
    return 0;
}

static int run(const struct synth_options *opt)
{
    static struct gen g; /* large: keep it off the stack */
    corsaro_file_t *summary = NULL;
    struct out o;
    int rc = -1;

    if (synth_setup(&g, opt) != 0) {
        fprintf(stderr, PROG ": out of memory\n");
        goto done;
    }
    if (opt->summary && !(summary = summary_open(opt->summary)))
        goto done;
    if (out_open(&o, opt->output) != 0)
        goto done;
    rc = generate(&g, &o);
    rc = out_close(&o, rc == 0);
done:
    if (summary && summary_close(summary, opt->summary, &g, rc == 0) != 0)
        rc = -1;
    synth_free(&g);
    return rc == 0 ? 0 : 1;
}

/* ---- command line ------------------------------------------------------ */

#define EXIT_USAGE 2

static void usage(FILE *out)
{
    fprintf(out,
"Usage: " PROG " [options] -o OUT.pcap\n"
"Writes deterministic telescope-like (darknet) traffic as a pcap file\n"
"(Ethernet, microsecond timestamps).\n"
"\n"
"  -o, --output FILE     output file (required); a .gz, .bz2 or .xz suffix\n"
"                        compresses it; - writes to standard output\n"
"  -s, --seed N          PRNG seed (default 1); same seed and options give\n"
"                        byte-identical output\n"
"  -n, --packets N       number of packets (default 10000)\n"
"  -d, --duration SECS   seconds from the first to the last packet\n"
"                        (default 600)\n"
"  -t, --start EPOCH     time of the first packet (default 1320969600,\n"
"                        2011-11-11 00:00 UTC)\n"
"  -p, --prefix CIDR     darknet prefix the traffic is sent into\n"
"                        (default 44.0.0.0/8)\n"
"  -m, --mix NAME        traffic mix:\n"
"                          telescope  scans, probes, backscatter from a few\n"
"                                     victims, and ~1%% each of IPv6, ARP,\n"
"                                     fragments, GRE, IP options (default)\n"
"                          unique     IPv4 only, nearly every packet its own\n"
"                                     flowtuple (benchmarks)\n"
"                          repeat     a few hundred tuples, repeated\n"
"      --summary FILE    write `key value` lines counting what was generated\n"
"                        (- for standard output); see below\n"
"  -h, --help            show this help and exit\n"
"  -V, --version         show the version and exit\n"
"\n"
"The summary has one `key value` line per counter, sorted: packets, ipv4,\n"
"ipv6, arp; by IPv4 protocol tcp, udp, icmp, gre; fragments, ip_options;\n"
"syn, synack, rst, rstack; echo_request, echo_reply, icmp_unreach,\n"
"icmp_timex; flowtuple's classes backscatter, icmpreq, other; first_ts and\n"
"last_ts (seconds.microseconds); and `victim ADDRESS PACKETS` for each\n"
"source of backscatter.\n"
"\n"
"Exit status: 0 on success, 1 if writing failed, 2 on a usage error.\n");
}

/* Parses a decimal number in [0, max]. @return 0, or -1 after a message */
static int parse_u64(const char *s, uint64_t max, const char *what,
                     uint64_t *out)
{
    char *end;
    if (s[0] < '0' || s[0] > '9') {
        fprintf(stderr, PROG ": %s '%s' is not a non-negative number\n", what,
                s);
        return -1;
    }
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0') {
        fprintf(stderr, PROG ": %s '%s' is not a number\n", what, s);
        return -1;
    }
    if (errno == ERANGE || v > max) {
        fprintf(stderr, PROG ": %s '%s' is too large (at most %" PRIu64 ")\n",
                what, s, max);
        return -1;
    }
    *out = v;
    return 0;
}

/* Parses a.b.c.d/len with no host bits set. */
static int parse_prefix(const char *s, struct synth_options *o)
{
    unsigned a[4], len;
    char tail;
    /* sscanf also takes signs and spaces: allow only digits, '.', '/' */
    if (s[strspn(s, "0123456789./")] != '\0' ||
        sscanf(s, "%3u.%3u.%3u.%3u/%2u%c", &a[0], &a[1], &a[2], &a[3], &len,
               &tail) != 5 ||
        a[0] > 255 || a[1] > 255 || a[2] > 255 || a[3] > 255 || len > 32) {
        fprintf(stderr, PROG ": bad prefix '%s': expected a.b.c.d/len with "
                        "len 0-32, e.g. 44.0.0.0/8\n", s);
        return -1;
    }
    uint32_t addr = (a[0] << 24) | (a[1] << 16) | (a[2] << 8) | a[3];
    uint32_t mask = len ? 0xffffffffu << (32 - len) : 0;
    if (addr & ~mask) {
        fprintf(stderr, PROG ": bad prefix '%s': host bits are set\n", s);
        return -1;
    }
    o->pfx_addr = addr;
    o->pfx_mask = mask;
    return 0;
}

static int parse_mix(const char *s, struct synth_options *o)
{
    if (strcmp(s, "telescope") == 0)
        o->mix = MIX_TELESCOPE;
    else if (strcmp(s, "unique") == 0)
        o->mix = MIX_UNIQUE;
    else if (strcmp(s, "repeat") == 0)
        o->mix = MIX_REPEAT;
    else {
        fprintf(stderr, PROG ": unknown mix '%s' (telescope, unique or "
                        "repeat)\n", s);
        return -1;
    }
    return 0;
}

enum { OPT_SUMMARY = 256 };

/* @return -1 to continue, else the exit status */
static int parse_args(int argc, char **argv, struct synth_options *o)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"seed", required_argument, NULL, 's'},
        {"packets", required_argument, NULL, 'n'},
        {"duration", required_argument, NULL, 'd'},
        {"start", required_argument, NULL, 't'},
        {"prefix", required_argument, NULL, 'p'},
        {"mix", required_argument, NULL, 'm'},
        {"summary", required_argument, NULL, OPT_SUMMARY},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    int c, bad = 0;

    while ((c = getopt_long(argc, argv, "o:s:n:d:t:p:m:hV", longopts, NULL)) !=
           -1) {
        switch (c) {
        case 'o': o->output = optarg; break;
        case 's': bad |= parse_u64(optarg, UINT64_MAX, "seed", &o->seed); break;
        case 'n':
            bad |= parse_u64(optarg, UINT32_MAX, "packet count", &o->packets);
            break;
        case 'd':
            bad |= parse_u64(optarg, UINT32_MAX, "duration", &o->duration);
            break;
        case 't':
            bad |= parse_u64(optarg, UINT32_MAX, "start time", &o->start);
            break;
        case 'p': bad |= parse_prefix(optarg, o); break;
        case 'm': bad |= parse_mix(optarg, o); break;
        case OPT_SUMMARY: o->summary = optarg; break;
        case 'h': usage(stdout); return 0;
        case 'V':
            printf(PROG " (Corsaro) " CORSARO_VERSION_STRING "\n");
            return 0;
        default: bad = 1; /* getopt named the option */
        }
        if (bad)
            break;
    }
    if (!bad && optind < argc) {
        fprintf(stderr, PROG ": unexpected argument '%s'\n", argv[optind]);
        bad = 1;
    }
    if (!bad && !o->output) {
        fprintf(stderr, PROG ": no output file: give -o FILE (- for standard "
                        "output)\n");
        bad = 1;
    }
    if (!bad && o->start + o->duration > UINT32_MAX) {
        fprintf(stderr, PROG ": start + duration is past 2106 (pcap stores "
                        "32-bit seconds)\n");
        bad = 1;
    }
    if (!bad && o->summary && strcmp(o->summary, o->output) == 0) {
        fprintf(stderr, PROG ": the summary must not go where the trace goes "
                        "(%s)\n", o->output);
        bad = 1;
    }
    if (!bad && strcmp(o->output, "-") == 0 && isatty(STDOUT_FILENO)) {
        fprintf(stderr, PROG ": refusing to write a binary trace to a "
                        "terminal\n");
        bad = 1;
    }
    if (bad) {
        fprintf(stderr, "Try '" PROG " --help' for more information.\n");
        return EXIT_USAGE;
    }
    return -1;
}

int main(int argc, char **argv)
{
    struct synth_options opt = {
        .seed = 1,
        .packets = 10000,
        .duration = 600,
        .start = 1320969600,
        .pfx_addr = 44u << 24,
        .pfx_mask = 0xff000000u,
        .mix = MIX_TELESCOPE,
    };
    int rc = parse_args(argc, argv, &opt);
    if (rc >= 0)
        return rc;
    return run(&opt);
}
