/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * Tests of cors-synth, run as a program (CORS_SYNTH is its path). The
 * traces are read back two ways: with libtrace, and with a small pcap
 * parser of this file that classifies packets from the raw bytes, so the
 * generator's own counting is never trusted.
 *
 * A test name given on the command line runs only the tests matching it
 * (cmocka pattern, e.g. `test_synth '*summary*'`).
 */
#define _GNU_SOURCE /* nftw() */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libtrace.h>

#ifndef CORS_SYNTH
#error "CORS_SYNTH must name the cors-synth program"
#endif

#define START 1320969600u

/* ---- per-test directory and running the tool ------------------------- */

struct ctx {
    char dir[64];
    char err[8192]; /* stderr of the last run */
};

static int setup(void **state)
{
    struct ctx *c = calloc(1, sizeof(*c));
    if (!c)
        return -1;
    snprintf(c->dir, sizeof(c->dir), "/tmp/cors-synth-test.XXXXXX");
    if (!mkdtemp(c->dir)) {
        free(c);
        return -1;
    }
    *state = c;
    return 0;
}

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    struct ctx *c = *state;
    nftw(c->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
    free(c);
    return 0;
}

/* A file name in the test's directory. The eight most recent names stay
 * valid (a ring of static buffers). */
static const char *tpath(const struct ctx *c, const char *name)
{
    static char bufs[8][256];
    static unsigned next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof(bufs[0]), "%s/%s", c->dir, name);
    return b;
}

static void read_stderr(struct ctx *c, const char *path)
{
    FILE *f = fopen(path, "r");
    size_t n = 0;
    if (f) {
        n = fread(c->err, 1, sizeof(c->err) - 1, f);
        fclose(f);
    }
    c->err[n] = '\0';
}

/* Runs cors-synth with the NULL-terminated arguments; its standard output
 * goes to @p out (NULL: /dev/null), its standard error to c->err.
 * @return the exit status, or 128 + signal */
static int run_synth_argv(struct ctx *c, const char *out, const char **args)
{
    const char *argv[40] = {CORS_SYNTH};
    int n = 1;
    while (args[n - 1] && n < 39) {
        argv[n] = args[n - 1];
        n++;
    }
    argv[n] = NULL;
    char errpath[128]; /* not tpath(): callers hold its buffers */
    snprintf(errpath, sizeof(errpath), "%s/stderr.txt", c->dir);

    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int o = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC,
                     0644);
        int e = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(126);
        execv(CORS_SYNTH, (char *const *)argv);
        _exit(127);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    read_stderr(c, errpath);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

#define run_synth(c, out, ...)                                                \
    run_synth_argv((c), (out), (const char *[]){__VA_ARGS__, NULL})

/* Runs and requires success. */
#define synth_ok(c, ...)                                                      \
    do {                                                                      \
        int rc_ = run_synth((c), NULL, __VA_ARGS__);                          \
        if (rc_ != 0)                                                         \
            fail_msg("cors-synth exited %d: %s", rc_, (c)->err);              \
    } while (0)

/* ---- reading files ---------------------------------------------------- */

struct blob {
    uint8_t *data;
    size_t len;
};

static struct blob slurp(const char *path)
{
    struct blob b = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s: %s", path, strerror(errno));
    size_t cap = 1 << 16;
    b.data = malloc(cap);
    assert_non_null(b.data);
    size_t n;
    while ((n = fread(b.data + b.len, 1, cap - b.len, f)) > 0) {
        b.len += n;
        if (b.len == cap) {
            cap *= 2;
            b.data = realloc(b.data, cap);
            assert_non_null(b.data);
        }
    }
    fclose(f);
    return b;
}

static int same_file(const char *a, const char *b)
{
    struct blob x = slurp(a), y = slurp(b);
    int same = x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
    free(x.data);
    free(y.data);
    return same;
}

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 |
           p[0];
}

/* ---- our own pcap reader ---------------------------------------------- */

struct rec {
    uint32_t sec, usec, caplen, wirelen;
    const uint8_t *pkt;
};

/* Checks the global header. @return the offset of the first record */
static size_t pcap_begin(const struct blob *b)
{
    assert_true(b->len >= 24);
    assert_int_equal(le32(b->data), 0xa1b2c3d4u);
    assert_int_equal(b->data[4] | b->data[5] << 8, 2);
    assert_int_equal(b->data[6] | b->data[7] << 8, 4);
    assert_int_equal(le32(b->data + 8), 0);
    assert_int_equal(le32(b->data + 12), 0);
    assert_int_equal(le32(b->data + 16), 65535);
    assert_int_equal(le32(b->data + 20), 1); /* DLT_EN10MB */
    return 24;
}

/* @return 1 and the record at *off (advanced), 0 at the end */
static int pcap_next(const struct blob *b, size_t *off, struct rec *r)
{
    if (*off == b->len)
        return 0;
    assert_true(*off + 16 <= b->len);
    const uint8_t *h = b->data + *off;
    r->sec = le32(h);
    r->usec = le32(h + 4);
    r->caplen = le32(h + 8);
    r->wirelen = le32(h + 12);
    assert_true(r->usec < 1000000);
    assert_int_equal(r->caplen, r->wirelen);
    assert_true(r->caplen >= 60 && r->caplen <= 65535);
    assert_true(*off + 16 + r->caplen <= b->len);
    r->pkt = h + 16;
    *off += 16 + r->caplen;
    return 1;
}

/* ---- classification from raw bytes ------------------------------------ */

enum key {
    K_PACKETS, K_IPV4, K_IPV6, K_ARP, K_TCP, K_UDP, K_ICMP, K_GRE,
    K_FRAGMENTS, K_IP_OPTIONS, K_SYN, K_SYNACK, K_RST, K_RSTACK,
    K_ECHO_REQUEST, K_ECHO_REPLY, K_ICMP_UNREACH, K_ICMP_TIMEX,
    K_BACKSCATTER, K_ICMPREQ, K_OTHER, K_COUNT
};

static const char *const key_name[K_COUNT] = {
    "packets", "ipv4", "ipv6", "arp", "tcp", "udp", "icmp", "gre",
    "fragments", "ip_options", "syn", "synack", "rst", "rstack",
    "echo_request", "echo_reply", "icmp_unreach", "icmp_timex",
    "backscatter", "icmpreq", "other"};

#define MAX_SRC 64

struct tally {
    uint64_t k[K_COUNT];
    uint64_t first_us, last_us;
    uint32_t src[MAX_SRC]; /* sources of backscatter and their counts */
    uint64_t src_n[MAX_SRC];
    uint64_t *src_times[MAX_SRC]; /* seconds of each of their packets */
    size_t n_src;
};

static void add_backscatter(struct tally *t, uint32_t src, uint32_t sec)
{
    size_t i;
    for (i = 0; i < t->n_src && t->src[i] != src; i++)
        ;
    if (i == t->n_src) {
        assert_true(t->n_src < MAX_SRC);
        t->src[t->n_src++] = src;
    }
    uint64_t n = t->src_n[i]++;
    if ((n & (n - 1)) == 0) { /* grow at powers of two */
        t->src_times[i] = realloc(t->src_times[i], 2 * (n + 1) * 8);
        assert_non_null(t->src_times[i]);
    }
    t->src_times[i][n] = sec;
}

static void tally_free(struct tally *t)
{
    for (size_t i = 0; i < t->n_src; i++)
        free(t->src_times[i]);
}

static int backscatter_icmp_type(uint8_t type)
{
    static const uint8_t types[] = {0, 3, 4, 5, 11, 12, 14, 16, 18};
    for (size_t i = 0; i < sizeof(types); i++)
        if (types[i] == type)
            return 1;
    return 0;
}

static void tally_ipv4(struct tally *t, const uint8_t *ip, uint32_t sec)
{
    unsigned ihl = ip[0] & 0x0f, proto = ip[9];
    unsigned fragoff = be16(ip + 6) & 0x1fff, mf = ip[6] & 0x20;
    const uint8_t *l4 = ip + 4 * ihl;

    t->k[K_IPV4]++;
    if (proto == 6)
        t->k[K_TCP]++;
    if (proto == 17)
        t->k[K_UDP]++;
    if (proto == 1)
        t->k[K_ICMP]++;
    if (proto == 47)
        t->k[K_GRE]++;
    if (fragoff || mf)
        t->k[K_FRAGMENTS]++;
    if (ihl > 5)
        t->k[K_IP_OPTIONS]++;

    int bs = 0, req = 0;
    if (fragoff == 0 && proto == 6) {
        int syn = l4[13] & 0x02, rst = l4[13] & 0x04, ack = l4[13] & 0x10;
        if (syn)
            t->k[ack ? K_SYNACK : K_SYN]++;
        if (rst)
            t->k[ack ? K_RSTACK : K_RST]++;
        bs = (syn && ack) || rst;
    } else if (fragoff == 0 && proto == 1) {
        t->k[K_ECHO_REQUEST] += l4[0] == 8;
        t->k[K_ECHO_REPLY] += l4[0] == 0;
        t->k[K_ICMP_UNREACH] += l4[0] == 3;
        t->k[K_ICMP_TIMEX] += l4[0] == 11;
        bs = backscatter_icmp_type(l4[0]);
        req = !bs;
    }
    if (bs) {
        t->k[K_BACKSCATTER]++;
        add_backscatter(t, be32(ip + 12), sec);
    } else if (req) {
        t->k[K_ICMPREQ]++;
    } else {
        t->k[K_OTHER]++;
    }
}

static void tally_trace(struct tally *t, const char *path)
{
    struct blob b = slurp(path);
    size_t off = pcap_begin(&b);
    struct rec r;

    memset(t, 0, sizeof(*t));
    while (pcap_next(&b, &off, &r)) {
        uint64_t us = (uint64_t)r.sec * 1000000 + r.usec;
        if (t->k[K_PACKETS]++ == 0)
            t->first_us = us;
        t->last_us = us;
        uint16_t type = be16(r.pkt + 12);
        if (type == 0x86dd)
            t->k[K_IPV6]++;
        else if (type == 0x0806)
            t->k[K_ARP]++;
        else if (type == 0x0800)
            tally_ipv4(t, r.pkt + 14, r.sec);
        else
            fail_msg("unexpected ethertype 0x%04x", type);
    }
    free(b.data);
}

/* ---- the summary file ------------------------------------------------- */

struct summary {
    int64_t k[K_COUNT];
    char first_ts[32], last_ts[32];
    uint32_t victim[MAX_SRC];
    uint64_t victim_n[MAX_SRC];
    size_t n_victims;
};

static uint32_t parse_ip(const char *s)
{
    unsigned a, b, c, d;
    if (sscanf(s, "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
        fail_msg("bad address '%s' in the summary", s);
    return a << 24 | b << 16 | c << 8 | d;
}

static void parse_summary_line(struct summary *s, char *line)
{
    char key[32], v1[40], v2[40];
    int n = sscanf(line, "%31s %39s %39s", key, v1, v2);
    if (strcmp(key, "victim") == 0) {
        assert_int_equal(n, 3);
        assert_true(s->n_victims < MAX_SRC);
        s->victim[s->n_victims] = parse_ip(v1);
        s->victim_n[s->n_victims++] = strtoull(v2, NULL, 10);
        return;
    }
    assert_int_equal(n, 2);
    if (strcmp(key, "first_ts") == 0) {
        snprintf(s->first_ts, sizeof(s->first_ts), "%s", v1);
        return;
    }
    if (strcmp(key, "last_ts") == 0) {
        snprintf(s->last_ts, sizeof(s->last_ts), "%s", v1);
        return;
    }
    for (int k = 0; k < K_COUNT; k++) {
        if (strcmp(key, key_name[k]) == 0) {
            assert_int_equal(s->k[k], -1); /* each key once */
            s->k[k] = (int64_t)strtoull(v1, NULL, 10);
            return;
        }
    }
    /* unknown keys are allowed (the format may grow) */
}

static void read_summary(struct summary *s, const char *path)
{
    struct blob b = slurp(path);
    char *prev = NULL;

    memset(s, 0, sizeof(*s));
    for (int k = 0; k < K_COUNT; k++)
        s->k[k] = -1;
    b.data = realloc(b.data, b.len + 1);
    assert_non_null(b.data);
    b.data[b.len] = '\0';
    assert_true(b.len > 0 && b.data[b.len - 1] == '\n');
    for (char *line = (char *)b.data, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        *nl = '\0';
        if (prev) /* lines sorted as by `LC_ALL=C sort` */
            assert_true(strcmp(prev, line) <= 0);
        parse_summary_line(s, line);
        prev = line;
    }
    free(b.data);
    for (int k = 0; k < K_COUNT; k++)
        if (s->k[k] < 0)
            fail_msg("summary %s lacks key %s", path, key_name[k]);
    assert_true(s->first_ts[0] && s->last_ts[0]);
}

static void fmt_ts(char *buf, size_t len, uint64_t us)
{
    snprintf(buf, len, "%llu.%06llu", (unsigned long long)(us / 1000000),
             (unsigned long long)(us % 1000000));
}

/* The summary equals what we count in the trace, key by key. */
static void check_summary(const char *pcap, const char *sum)
{
    struct tally t;
    struct summary s;
    char ts[32];

    tally_trace(&t, pcap);
    read_summary(&s, sum);
    for (int k = 0; k < K_COUNT; k++)
        if ((uint64_t)s.k[k] != t.k[k])
            fail_msg("%s: summary says %lld, the trace has %llu", key_name[k],
                     (long long)s.k[k], (unsigned long long)t.k[k]);
    fmt_ts(ts, sizeof(ts), t.first_us);
    assert_string_equal(s.first_ts, ts);
    fmt_ts(ts, sizeof(ts), t.last_us);
    assert_string_equal(s.last_ts, ts);
    assert_int_equal(s.n_victims, t.n_src);
    for (size_t i = 0; i < t.n_src; i++) {
        size_t j;
        for (j = 0; j < s.n_victims && s.victim[j] != t.src[i]; j++)
            ;
        assert_true(j < s.n_victims);
        assert_int_equal(s.victim_n[j], t.src_n[i]);
    }
    assert_int_equal(t.k[K_PACKETS], t.k[K_IPV4] + t.k[K_IPV6] + t.k[K_ARP]);
    assert_int_equal(t.k[K_IPV4],
                     t.k[K_BACKSCATTER] + t.k[K_ICMPREQ] + t.k[K_OTHER]);
    tally_free(&t);
}

/* ---- checksums --------------------------------------------------------- */

static uint32_t sum_words(const uint8_t *p, size_t len, uint32_t acc)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        acc += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (len & 1)
        acc += (uint32_t)(p[len - 1] << 8);
    return acc;
}

/* Folds; a region that includes its own checksum yields 0xffff. */
static uint16_t folded(uint32_t acc)
{
    while (acc > 0xffff)
        acc = (acc >> 16) + (acc & 0xffff);
    return (uint16_t)acc;
}

static void check_ipv4_header(const uint8_t *ip)
{
    unsigned ihl = ip[0] & 0x0f;
    assert_int_equal(ip[0] >> 4, 4);
    assert_true(ihl >= 5);
    assert_int_equal(folded(sum_words(ip, 4 * ihl, 0)), 0xffff);
}

/* TCP/UDP over IPv4: the pseudo-header plus the segment sum to 0xffff. */
static void check_l4_v4(const uint8_t *ip, const uint8_t *l4, size_t len)
{
    uint32_t acc = sum_words(ip + 12, 8, ip[9] + (uint32_t)len);
    assert_int_equal(folded(sum_words(l4, len, acc)), 0xffff);
}

/* The fragment (first half) of a datagram awaiting its second half. */
struct frag_hold {
    uint8_t hdr[60];
    uint8_t data[2048];
    size_t len;
    int have;
};

static void check_datagram(const uint8_t *ip, const uint8_t *l4, size_t len)
{
    if (ip[9] == 6 || ip[9] == 17)
        check_l4_v4(ip, l4, len);
    else if (ip[9] == 1)
        assert_int_equal(folded(sum_words(l4, len, 0)), 0xffff);
}

/* ICMP errors quote the spoofed packet: from the darknet address (our
 * destination) to the victim (our source), TCP or UDP. */
static void check_icmp_quote(const uint8_t *ip, const uint8_t *icmp,
                             size_t len)
{
    if (icmp[0] != 3 && icmp[0] != 11)
        return;
    assert_true(len >= 8 + 28);
    const uint8_t *q = icmp + 8;
    check_ipv4_header(q);
    assert_int_equal(q[0], 0x45);
    assert_int_equal(be32(q + 12), be32(ip + 16));
    assert_int_equal(be32(q + 16), be32(ip + 12));
    assert_true(q[9] == 6 || q[9] == 17);
}

static void check_ipv4_packet(const struct rec *r, struct frag_hold *h)
{
    const uint8_t *ip = r->pkt + 14;
    size_t ihl = 4u * (ip[0] & 0x0f), tot = be16(ip + 2);
    unsigned off = be16(ip + 6) & 0x1fff, mf = ip[6] & 0x20;

    check_ipv4_header(ip);
    assert_true(tot >= ihl && 14 + tot <= r->caplen);
    if (14 + tot < r->caplen) { /* only Ethernet padding may follow */
        assert_int_equal(r->caplen, 60);
        for (size_t i = 14 + tot; i < 60; i++)
            assert_int_equal(r->pkt[i], 0);
    }
    const uint8_t *l4 = ip + ihl;
    size_t l4len = tot - ihl;
    if (mf && off == 0) { /* hold the first fragment */
        memcpy(h->hdr, ip, ihl);
        memcpy(h->data, l4, l4len);
        h->len = l4len;
        h->have = 1;
        return;
    }
    if (off) { /* reassemble with the held first half */
        assert_true(h->have);
        assert_int_equal(be16(h->hdr + 4), be16(ip + 4)); /* same IP ID */
        assert_int_equal(off * 8, h->len);
        assert_true(h->len + l4len <= sizeof(h->data));
        memcpy(h->data + h->len, l4, l4len);
        check_datagram(h->hdr, h->data, h->len + l4len);
        h->have = 0;
        return;
    }
    check_datagram(ip, l4, l4len);
    if (ip[9] == 1)
        check_icmp_quote(ip, l4, l4len);
    if (ip[9] == 47) { /* GRE carrying IPv4 */
        assert_int_equal(be16(l4 + 2), 0x0800);
        check_ipv4_header(l4 + 4);
    }
}

static void check_ipv6_packet(const struct rec *r)
{
    const uint8_t *ip6 = r->pkt + 14, *udp = ip6 + 40;
    size_t plen = be16(ip6 + 4);
    assert_int_equal(ip6[0] >> 4, 6);
    assert_int_equal(ip6[6], 17);
    assert_true(14 + 40 + plen <= r->caplen);
    uint32_t acc = sum_words(ip6 + 8, 32, 17 + (uint32_t)plen);
    assert_int_equal(folded(sum_words(udp, plen, acc)), 0xffff);
}

/* Every checksum and length in the trace is right. */
static void check_packets(const char *path)
{
    struct blob b = slurp(path);
    size_t off = pcap_begin(&b);
    struct rec r;
    static struct frag_hold hold;

    hold.have = 0;
    while (pcap_next(&b, &off, &r)) {
        uint16_t type = be16(r.pkt + 12);
        if (type == 0x0800)
            check_ipv4_packet(&r, &hold);
        else if (type == 0x86dd)
            check_ipv6_packet(&r);
        else
            assert_int_equal(type, 0x0806);
    }
    free(b.data);
}

/* ---- libtrace ---------------------------------------------------------- */

/* Reads @p path with libtrace: the packet count, and timestamps in
 * [start, end] and non-decreasing. @return the count */
static uint64_t libtrace_count(const char *path, uint64_t start_us,
                               uint64_t end_us)
{
    char uri[512];
    snprintf(uri, sizeof(uri), "pcapfile:%s", path);
    libtrace_t *t = trace_create(uri);
    assert_non_null(t);
    if (trace_is_err(t) || trace_start(t) != 0) {
        libtrace_err_t e = trace_get_err(t);
        fail_msg("libtrace cannot read %s: %s", path, e.problem);
    }
    libtrace_packet_t *p = trace_create_packet();
    uint64_t n = 0, prev = 0;
    int rc;
    while ((rc = trace_read_packet(t, p)) > 0) {
        struct timeval tv = trace_get_timeval(p);
        uint64_t us = (uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec;
        assert_true(us >= start_us && us <= end_us);
        assert_true(us >= prev);
        assert_int_equal(trace_get_link_type(p), TRACE_TYPE_ETH);
        prev = us;
        n++;
    }
    assert_int_equal(rc, 0); /* a clean end, not an error */
    assert_false(trace_is_err(t));
    trace_destroy_packet(p);
    trace_destroy(t);
    return n;
}

/* flowtuple's three classes as libtrace sees them (SPEC 4.2): no IPv4
 * header → not counted; no transport → other; TCP with SYN+ACK or RST, or
 * ICMP types 0,3,4,5,11,12,14,16,18 → backscatter; other ICMP → icmpreq. */
static void libtrace_classes(const char *path, uint64_t cls[3])
{
    char uri[512];
    snprintf(uri, sizeof(uri), "pcapfile:%s", path);
    libtrace_t *t = trace_create(uri);
    assert_false(trace_is_err(t));
    assert_int_equal(trace_start(t), 0);
    libtrace_packet_t *p = trace_create_packet();
    cls[0] = cls[1] = cls[2] = 0;
    while (trace_read_packet(t, p) > 0) {
        uint8_t proto;
        uint32_t rem;
        if (!trace_get_ip(p))
            continue;
        const uint8_t *l4 = trace_get_transport(p, &proto, &rem);
        if (!l4)
            cls[2]++;
        else if (proto == 6 && rem >= 4)
            cls[((l4[13] & 0x12) == 0x12 || (l4[13] & 0x04)) ? 0 : 2]++;
        else if (proto == 1 && rem >= 2)
            cls[backscatter_icmp_type(l4[0]) ? 0 : 1]++;
        else
            cls[2]++;
    }
    assert_false(trace_is_err(t));
    trace_destroy_packet(p);
    trace_destroy(t);
}

/* ---- flowtuple keys (for the unique and repeat mixes) ------------------ */

struct tuple_set {
    uint8_t (*keys)[17];
    uint8_t *used;
    size_t cap, n;
};

static void tuple_key(const uint8_t *ip, uint8_t key[17])
{
    unsigned ihl = ip[0] & 0x0f, off = be16(ip + 6) & 0x1fff;
    const uint8_t *l4 = ip + 4 * ihl;
    memset(key, 0, 17);
    memcpy(key, ip + 12, 8);         /* src, dst */
    key[8] = ip[9];                  /* proto */
    key[9] = ip[8];                  /* ttl */
    memcpy(key + 10, ip + 2, 2);     /* ip_len */
    if (off == 0) {
        memcpy(key + 12, l4, 4); /* ports, or ICMP type+code+checksum */
        if (ip[9] == 1)
            key[14] = key[15] = 0; /* ICMP: type and code only */
        if (ip[9] == 6)
            key[16] = l4[13];
    }
}

static void tuple_add(struct tuple_set *s, const uint8_t key[17])
{
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < 17; i++)
        h = (h ^ key[i]) * 1099511628211ull;
    size_t i = h & (s->cap - 1);
    while (s->used[i]) {
        if (memcmp(s->keys[i], key, 17) == 0)
            return;
        i = (i + 1) & (s->cap - 1);
    }
    s->used[i] = 1;
    memcpy(s->keys[i], key, 17);
    s->n++;
}

/* The number of distinct flowtuples among the IPv4 packets. */
static size_t distinct_tuples(const char *path, uint64_t *ipv4)
{
    struct blob b = slurp(path);
    size_t off = pcap_begin(&b);
    struct rec r;
    struct tuple_set s = {0};
    for (s.cap = 1024; s.cap < 2 * b.len / 60; s.cap *= 2)
        ;
    s.keys = calloc(s.cap, 17);
    s.used = calloc(s.cap, 1);
    assert_true(s.keys && s.used);
    *ipv4 = 0;
    while (pcap_next(&b, &off, &r)) {
        uint8_t key[17];
        if (be16(r.pkt + 12) != 0x0800)
            continue;
        (*ipv4)++;
        tuple_key(r.pkt + 14, key);
        tuple_add(&s, key);
    }
    free(s.keys);
    free(s.used);
    free(b.data);
    return s.n;
}

/* ==== the tests ========================================================= */

static const char *const mixes[] = {"telescope", "unique", "repeat"};

static void test_same_seed_identical(void **state)
{
    struct ctx *c = *state;
    for (int m = 0; m < 3; m++) {
        synth_ok(c, "-s", "7", "-n", "3000", "-m", mixes[m], "-o",
                 tpath(c, "a.pcap"), "--summary", tpath(c, "a.sum"));
        synth_ok(c, "-m", mixes[m], "--seed", "7", "--packets", "3000",
                 "--output", tpath(c, "b.pcap"), "--summary",
                 tpath(c, "b.sum"));
        assert_true(same_file(tpath(c, "a.pcap"), tpath(c, "b.pcap")));
        assert_true(same_file(tpath(c, "a.sum"), tpath(c, "b.sum")));
    }
}

static void test_different_seed_differs(void **state)
{
    struct ctx *c = *state;
    for (int m = 0; m < 3; m++) {
        synth_ok(c, "-s", "1", "-n", "2000", "-m", mixes[m], "-o",
                 tpath(c, "a.pcap"));
        synth_ok(c, "-s", "2", "-n", "2000", "-m", mixes[m], "-o",
                 tpath(c, "b.pcap"));
        assert_false(same_file(tpath(c, "a.pcap"), tpath(c, "b.pcap")));
    }
    /* the default seed is 1 */
    synth_ok(c, "-n", "2000", "-o", tpath(c, "d.pcap"));
    synth_ok(c, "-s", "1", "-n", "2000", "-o", tpath(c, "a.pcap"));
    assert_true(same_file(tpath(c, "a.pcap"), tpath(c, "d.pcap")));
}

static void test_packet_count_libtrace(void **state)
{
    struct ctx *c = *state;
    static const char *const counts[] = {"0", "1", "2", "999", "10000"};
    uint64_t lo = (uint64_t)START * 1000000, hi = lo + 600000000ull;

    for (int m = 0; m < 3; m++) {
        for (size_t k = 0; k < sizeof(counts) / sizeof(counts[0]); k++) {
            const char *out = tpath(c, "n.pcap");
            synth_ok(c, "-n", counts[k], "-m", mixes[m], "-o", out);
            assert_int_equal(libtrace_count(out, lo, hi),
                             strtoull(counts[k], NULL, 10));
        }
    }
    /* the default is 10000 packets */
    synth_ok(c, "-o", tpath(c, "d.pcap"));
    assert_int_equal(libtrace_count(tpath(c, "d.pcap"), lo, hi), 10000);
}

static void check_times(const char *path, uint64_t start, uint64_t dur,
                        uint64_t n)
{
    struct blob b = slurp(path);
    size_t off = pcap_begin(&b);
    struct rec r;
    uint64_t prev = 0, k = 0, lo = start * 1000000, hi = lo + dur * 1000000;
    while (pcap_next(&b, &off, &r)) {
        uint64_t us = (uint64_t)r.sec * 1000000 + r.usec;
        assert_true(us >= lo && us <= hi);
        assert_true(us >= prev);
        if (k == 0)
            assert_int_equal(us, lo); /* the first packet is at --start */
        if (k == n - 1 && n > 1)
            assert_int_equal(us, hi); /* the last at start + duration */
        prev = us;
        k++;
    }
    assert_int_equal(k, n);
    free(b.data);
    assert_int_equal(libtrace_count(path, lo, hi), n);
}

static void test_timestamps(void **state)
{
    struct ctx *c = *state;
    const char *out = tpath(c, "t.pcap");

    synth_ok(c, "-o", out, "-n", "5000");
    check_times(out, START, 600, 5000);
    synth_ok(c, "-o", out, "-n", "4000", "-t", "1000000000", "-d", "100",
             "-m", "unique");
    check_times(out, 1000000000, 100, 4000);
    synth_ok(c, "-o", out, "-n", "300", "-t", "5", "-d", "0");
    check_times(out, 5, 0, 300);
    /* more packets than microseconds: many equal stamps, still ordered */
    synth_ok(c, "-o", out, "-n", "3000", "-d", "0", "-m", "repeat");
    check_times(out, START, 0, 3000);
    synth_ok(c, "-o", out, "-n", "1", "-d", "50");
    check_times(out, START, 50, 1);
}

static void test_checksums_valid(void **state)
{
    struct ctx *c = *state;
    for (int m = 0; m < 3; m++) {
        for (int seed = 1; seed <= 3; seed++) {
            char s[8];
            snprintf(s, sizeof(s), "%d", seed);
            synth_ok(c, "-s", s, "-n", "20000", "-m", mixes[m], "-o",
                     tpath(c, "c.pcap"));
            check_packets(tpath(c, "c.pcap"));
        }
    }
}

static void test_summary_matches_trace(void **state)
{
    struct ctx *c = *state;
    static const char *const seeds[] = {"1", "2", "42", "18446744073709551615"};
    for (int m = 0; m < 3; m++) {
        for (size_t k = 0; k < 4; k++) {
            synth_ok(c, "-s", seeds[k], "-n", "20000", "-m", mixes[m], "-o",
                     tpath(c, "s.pcap"), "--summary", tpath(c, "s.sum"));
            check_summary(tpath(c, "s.pcap"), tpath(c, "s.sum"));
        }
    }
    synth_ok(c, "-n", "0", "-o", tpath(c, "e.pcap"), "--summary",
             tpath(c, "e.sum"));
    struct summary s;
    read_summary(&s, tpath(c, "e.sum"));
    assert_int_equal(s.k[K_PACKETS], 0);
    assert_int_equal(s.n_victims, 0);
}

static void test_libtrace_classes(void **state)
{
    struct ctx *c = *state;
    struct summary s;
    uint64_t cls[3];
    for (int m = 0; m < 3; m++) {
        synth_ok(c, "-s", "5", "-n", "20000", "-m", mixes[m], "-o",
                 tpath(c, "l.pcap"), "--summary", tpath(c, "l.sum"));
        libtrace_classes(tpath(c, "l.pcap"), cls);
        read_summary(&s, tpath(c, "l.sum"));
        assert_int_equal(cls[0], s.k[K_BACKSCATTER]);
        assert_int_equal(cls[1], s.k[K_ICMPREQ]);
        assert_int_equal(cls[2], s.k[K_OTHER]);
    }
}

/* Max packets within any 60 s (inclusive) of a sorted list of seconds. */
static uint64_t max_per_minute(const uint64_t *t, uint64_t n)
{
    uint64_t best = 0, lo = 0;
    for (uint64_t hi = 0; hi < n; hi++) {
        while (t[hi] - t[lo] >= 60)
            lo++;
        if (hi - lo + 1 > best)
            best = hi - lo + 1;
    }
    return best;
}

static void test_telescope_shape(void **state)
{
    struct ctx *c = *state;
    struct tally t;
    const char *out = tpath(c, "tel.pcap");

    synth_ok(c, "-o", out);
    tally_trace(&t, out);
    uint64_t n = t.k[K_PACKETS];
    assert_int_equal(n, 10000);
    /* the shares the help promises, loosely */
    assert_in_range(t.k[K_SYN] * 100 / n, 40, 50);
    assert_in_range(t.k[K_UDP] * 100 / n, 11, 19);
    assert_in_range(t.k[K_ECHO_REQUEST] * 100 / n, 8, 13);
    assert_in_range(t.k[K_BACKSCATTER] * 100 / n, 20, 30);
    assert_in_range(t.k[K_IPV6] * 1000 / n, 5, 20);
    assert_in_range(t.k[K_ARP] * 1000 / n, 5, 20);
    assert_in_range(t.k[K_GRE] * 1000 / n, 5, 20);
    assert_in_range(t.k[K_IP_OPTIONS] * 1000 / n, 5, 20);
    assert_in_range(t.k[K_FRAGMENTS] * 1000 / n, 5, 25);
    /* 5-7 victims: some attacks a DoS detector flags, some a handful */
    assert_in_range(t.n_src, 5, 7);
    int attacks = 0, handful = 0;
    for (size_t i = 0; i < t.n_src; i++) {
        uint64_t cnt = t.src_n[i], *ts = t.src_times[i];
        if (cnt >= 25 && ts[cnt - 1] - ts[0] > 60 &&
            max_per_minute(ts, cnt) >= 30)
            attacks++;
        if (cnt < 25)
            handful++;
    }
    assert_true(attacks >= 2);
    assert_true(handful >= 2);
    tally_free(&t);

    /* over several seeds every kind of backscatter shows up */
    uint64_t seen[K_COUNT] = {0};
    for (int seed = 1; seed <= 5; seed++) {
        char s[8];
        snprintf(s, sizeof(s), "%d", seed);
        synth_ok(c, "-s", s, "-o", out);
        tally_trace(&t, out);
        for (int k = 0; k < K_COUNT; k++)
            seen[k] += t.k[k];
        tally_free(&t);
    }
    for (int k = 0; k < K_COUNT; k++)
        if (seen[k] == 0)
            fail_msg("no %s packet in five telescope traces", key_name[k]);
}

static void check_prefix(const char *path, uint32_t net, uint32_t mask)
{
    struct blob b = slurp(path);
    size_t off = pcap_begin(&b);
    struct rec r;
    while (pcap_next(&b, &off, &r)) {
        const uint8_t *p = r.pkt + 14;
        uint16_t type = be16(r.pkt + 12);
        if (type == 0x0800) { /* into the darknet, from outside it */
            assert_int_equal(be32(p + 16) & mask, net);
            assert_int_not_equal(be32(p + 12) & mask, net);
        } else if (type == 0x0806) {
            assert_int_equal(be32(p + 24) & mask, net);
        }
    }
    free(b.data);
}

static void test_prefix_option(void **state)
{
    struct ctx *c = *state;
    const char *out = tpath(c, "p.pcap");
    synth_ok(c, "-o", out, "-n", "5000");
    check_prefix(out, 44u << 24, 0xff000000u);
    synth_ok(c, "-o", out, "-n", "5000", "-p", "192.0.2.0/24");
    check_prefix(out, 0xc0000200u, 0xffffff00u);
    synth_ok(c, "-o", out, "-n", "5000", "-p", "198.51.100.7/32", "-m",
             "unique");
    check_prefix(out, 0xc6336407u, 0xffffffffu);
    synth_ok(c, "-o", out, "-n", "2000", "--prefix", "10.0.0.0/8", "-m",
             "repeat");
    check_prefix(out, 10u << 24, 0xff000000u);
}

static void test_unique_mix(void **state)
{
    struct ctx *c = *state;
    uint64_t ipv4;
    synth_ok(c, "-o", tpath(c, "u.pcap"), "-n", "50000", "-m", "unique");
    size_t d = distinct_tuples(tpath(c, "u.pcap"), &ipv4);
    assert_int_equal(ipv4, 50000);
    assert_true(d >= 50000 * 99 / 100);
    /* the telescope mix repeats tuples much more */
    synth_ok(c, "-o", tpath(c, "t.pcap"), "-n", "50000");
    size_t dt = distinct_tuples(tpath(c, "t.pcap"), &ipv4);
    assert_true(dt < d);
}

static void test_repeat_mix(void **state)
{
    struct ctx *c = *state;
    uint64_t ipv4;
    for (int seed = 1; seed <= 3; seed++) {
        char s[8];
        snprintf(s, sizeof(s), "%d", seed);
        synth_ok(c, "-o", tpath(c, "r.pcap"), "-n", "30000", "-m", "repeat",
                 "-s", s);
        size_t d = distinct_tuples(tpath(c, "r.pcap"), &ipv4);
        assert_in_range(d, 100, 600);
    }
}

/* The compressed trace holds exactly the uncompressed one's packets. */
static void check_compressed(struct ctx *c, const char *name)
{
    const char *plain = tpath(c, "plain.pcap"), *comp = tpath(c, name);
    char uri[512];
    synth_ok(c, "-s", "3", "-n", "4000", "-o", plain);
    synth_ok(c, "-s", "3", "-n", "4000", "-o", comp);

    struct blob b = slurp(plain);
    size_t off = pcap_begin(&b);
    struct rec r;
    snprintf(uri, sizeof(uri), "pcapfile:%s", comp);
    libtrace_t *t = trace_create(uri);
    assert_false(trace_is_err(t));
    assert_int_equal(trace_start(t), 0);
    libtrace_packet_t *p = trace_create_packet();
    uint64_t n = 0;
    while (trace_read_packet(t, p) > 0) {
        libtrace_linktype_t lt;
        uint32_t rem;
        assert_true(pcap_next(&b, &off, &r));
        void *buf = trace_get_packet_buffer(p, &lt, &rem);
        struct timeval tv = trace_get_timeval(p);
        assert_int_equal(rem, r.caplen);
        assert_memory_equal(buf, r.pkt, r.caplen);
        assert_int_equal(tv.tv_sec, r.sec);
        assert_int_equal(tv.tv_usec, r.usec);
        n++;
    }
    assert_false(trace_is_err(t));
    assert_int_equal(n, 4000);
    assert_int_equal(off, b.len);
    trace_destroy_packet(p);
    trace_destroy(t);
    free(b.data);

    /* and it is really compressed */
    struct blob z = slurp(comp);
    assert_true(z.len < b.len / 2);
    assert_false(z.len >= 4 && le32(z.data) == 0xa1b2c3d4u);
    free(z.data);
}

static void test_compressed_output(void **state)
{
    struct ctx *c = *state;
    check_compressed(c, "z.pcap.gz");
    check_compressed(c, "z.pcap.bz2");
    check_compressed(c, "z.pcap.xz");
}

static void test_stdout_output(void **state)
{
    struct ctx *c = *state;
    const char *file = tpath(c, "f.pcap"), *piped = tpath(c, "p.pcap");
    synth_ok(c, "-n", "3000", "-o", file);
    assert_int_equal(run_synth(c, piped, "-n", "3000", "-o", "-"), 0);
    assert_true(same_file(file, piped));
}

static void test_write_failure(void **state)
{
    struct ctx *c = *state;
    if (access("/dev/full", W_OK) != 0)
        skip();
    int rc = run_synth(c, NULL, "-o", "/dev/full");
    assert_int_not_equal(rc, 0);
    assert_true(rc < 128); /* an error exit, not a crash */
    assert_non_null(strstr(c->err, "/dev/full"));

    rc = run_synth(c, NULL, "-n", "10", "-o", tpath(c, "ok.pcap"),
                   "--summary", "/dev/full");
    assert_int_not_equal(rc, 0);
    assert_true(rc < 128);
    assert_non_null(strstr(c->err, "/dev/full"));

    /* an output in a missing directory is an error too */
    rc = run_synth(c, NULL, "-o", tpath(c, "missing/x.pcap"));
    assert_int_not_equal(rc, 0);
    assert_true(rc < 128);
    assert_non_null(strstr(c->err, "missing/x.pcap"));
}

static void test_bad_options(void **state)
{
    struct ctx *c = *state;
    const char *out = tpath(c, "never.pcap");
    static const struct {
        const char *args[6];
        const char *says; /* the message names the cause */
    } cases[] = {
        {{"-n", "abc"}, "abc"},
        {{"-n", "-5"}, "-5"},
        {{"-n", "12x"}, "12x"},
        {{"-n", "4294967296"}, "4294967296"},
        {{"-s", "18446744073709551616"}, "18446744073709551616"},
        {{"-s", ""}, "seed"},
        {{"-d", "ten"}, "ten"},
        {{"-t", "1e9"}, "1e9"},
        {{"-t", "4294967295", "-d", "10"}, "duration"},
        {{"-p", "44.0.0.0/33"}, "44.0.0.0/33"},
        {{"-p", "44.1.0.0/8"}, "host bits"},
        {{"-p", "foo"}, "foo"},
        {{"-p", "44.0.0.0"}, "44.0.0.0"},
        {{"-p", "256.0.0.0/8"}, "256.0.0.0/8"},
        {{"-p", "44.0.0.0/ 8"}, "44.0.0.0/ 8"},
        {{"-m", "nosuch"}, "nosuch"},
        {{"--bogus"}, "bogus"},
        {{"-x"}, "x"},
        {{"extra"}, "extra"},
        {{"--summary", "SAME"}, "summary"},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const char *args[10];
        int n = 0;
        for (int a = 0; a < 6 && cases[k].args[a]; a++)
            args[n++] = strcmp(cases[k].args[a], "SAME") ? cases[k].args[a]
                                                          : out;
        args[n++] = "-o";
        args[n++] = out;
        args[n] = NULL;
        int rc = run_synth_argv(c, NULL, args);
        if (rc != 2 || !strstr(c->err, cases[k].says))
            fail_msg("case %zu (%s): exit %d, stderr: %s", k, cases[k].says,
                     rc, c->err);
        assert_int_not_equal(access(out, F_OK), 0); /* nothing written */
    }
    /* the trace and the summary both on standard output */
    assert_int_equal(run_synth(c, NULL, "-o", "-", "--summary", "-"), 2);
    assert_non_null(strstr(c->err, "summary"));
    /* an option without its value, and no output at all */
    assert_int_equal(run_synth(c, NULL, "-o", out, "-n"), 2);
    assert_non_null(strstr(c->err, "requires an argument"));
    assert_int_equal(run_synth(c, NULL, "-n", "5"), 2);
    assert_non_null(strstr(c->err, "-o"));
}

static void test_help_and_version(void **state)
{
    struct ctx *c = *state;
    const char *txt = tpath(c, "out.txt");
    static const char *const words[] = {"--output", "--seed", "--packets",
                                        "--duration", "--start", "--prefix",
                                        "--mix", "--summary", "telescope",
                                        "unique", "repeat", "--version"};

    assert_int_equal(run_synth(c, txt, "--help"), 0);
    struct blob b = slurp(txt);
    b.data = realloc(b.data, b.len + 1);
    b.data[b.len] = '\0';
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
        if (!strstr((char *)b.data, words[k]))
            fail_msg("--help does not mention %s", words[k]);
    free(b.data);
    assert_int_equal(run_synth(c, txt, "-h"), 0);

    assert_int_equal(run_synth(c, txt, "--version"), 0);
    b = slurp(txt);
    assert_true(b.len > 0 && memcmp(b.data, "cors-synth", 10) == 0);
    free(b.data);
    assert_int_equal(run_synth(c, txt, "-V"), 0);
}

int main(int argc, char **argv)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_same_seed_identical),   T(test_different_seed_differs),
        T(test_packet_count_libtrace), T(test_timestamps),
        T(test_checksums_valid),       T(test_summary_matches_trace),
        T(test_libtrace_classes),
        T(test_telescope_shape),       T(test_prefix_option),
        T(test_unique_mix),            T(test_repeat_mix),
        T(test_compressed_output),     T(test_stdout_output),
        T(test_write_failure),         T(test_bad_options),
        T(test_help_and_version),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
