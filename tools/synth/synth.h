/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * cors-synth internals: the PRNG, frame layout, the generator state and
 * the functions the pieces of the tool share.
 *
 *   packet.c   IPv4/TCP/UDP/ICMP header writers and checksums
 *   traffic.c  the scanners, victims and mixes; one frame per packet
 *   count.c    classifies written frames for the --summary counters
 */
#ifndef CORS_SYNTH_H
#define CORS_SYNTH_H

#include <stddef.h>
#include <stdint.h>

/* ---- options ---------------------------------------------------------- */

enum synth_mix { MIX_TELESCOPE, MIX_UNIQUE, MIX_REPEAT };

struct synth_options {
    const char *output;
    const char *summary;
    uint64_t seed;
    uint64_t packets;  /* at most UINT32_MAX */
    uint64_t duration; /* seconds */
    uint64_t start;    /* epoch seconds */
    uint32_t pfx_addr; /* darknet prefix, host order */
    uint32_t pfx_mask;
    enum synth_mix mix;
};

/* ---- PRNG: splitmix64 seeds an xorshift64* stream ---------------------- */

typedef struct {
    uint64_t s;
} rng_t;

static inline uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline void rng_seed(rng_t *r, uint64_t seed)
{
    uint64_t x = seed;
    r->s = splitmix64(&x);
    if (r->s == 0) /* xorshift must never hold 0 */
        r->s = 0x9E3779B97F4A7C15ull;
}

static inline uint64_t rng_next(rng_t *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static inline uint32_t rng_u32(rng_t *r)
{
    return (uint32_t)(rng_next(r) >> 32);
}

/* Uniform in [0, n) by multiply-shift (no modulo bias worth caring about). */
static inline uint32_t rng_below(rng_t *r, uint32_t n)
{
    return (uint32_t)(((uint64_t)rng_u32(r) * n) >> 32);
}

/* Uniform in [lo, hi]. */
static inline uint32_t rng_range(rng_t *r, uint32_t lo, uint32_t hi)
{
    return lo + rng_below(r, hi - lo + 1);
}

/* In [0, n), skewed towards 0: a few entries of a pool get most picks. */
static inline uint32_t rng_skewed(rng_t *r, uint32_t n)
{
    uint64_t u = rng_u32(r);
    uint64_t sq = (u * u) >> 32;
    return (uint32_t)((sq * n) >> 32);
}

/* Random bytes, taken by shifts so the output is the same on any host. */
static inline void rng_fill(rng_t *r, uint8_t *p, size_t len)
{
    while (len > 0) {
        uint64_t v = rng_next(r);
        for (int k = 0; k < 8 && len > 0; k++, len--) {
            *p++ = (uint8_t)v;
            v >>= 8;
        }
    }
}

/* ---- frames ------------------------------------------------------------ */

#define ETH_LEN 14
#define FRAME_MAX 1600
#define FRAME_MIN 60 /* Ethernet minimum without FCS: short frames padded */

#define ETHERTYPE_IP 0x0800
#define ETHERTYPE_ARP 0x0806
#define ETHERTYPE_IPV6 0x86dd

#define PROTO_ICMP 1
#define PROTO_IGMP 2
#define PROTO_TCP 6
#define PROTO_UDP 17
#define PROTO_GRE 47

#define IP_DF 0x4000
#define IP_MF 0x2000
#define IP_OFFMASK 0x1fff

#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_ACK 0x10

struct frame {
    uint8_t b[FRAME_MAX];
    size_t len;
};

/* What goes into an IPv4 header besides lengths and the checksum. */
struct l3 {
    uint32_t src, dst; /* host order */
    uint8_t ttl;
    uint16_t id;
    uint16_t frag; /* DF/MF flags and offset, as on the wire */
    const uint8_t *opt;
    size_t optlen; /* a multiple of 4, at most 40 */
};

struct tcpspec {
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t flags;
    uint16_t win;
    const uint8_t *opt;
    size_t optlen; /* a multiple of 4 */
};

/* packet.c */
uint32_t synth_sum16(const uint8_t *p, size_t len, uint32_t acc);
uint16_t synth_sum_fold(uint32_t acc);
size_t synth_put_ipv4(uint8_t *p, const struct l3 *ip, uint8_t proto,
                      size_t payload_len);
void synth_put_tcp(uint8_t *p, const struct l3 *ip, const struct tcpspec *t);
void synth_put_udp(uint8_t *p, uint32_t src, uint32_t dst, uint16_t sport,
                   uint16_t dport, const uint8_t *data, size_t dlen);
void synth_put_icmp(uint8_t *p, uint8_t type, uint8_t code, uint32_t rest,
                    const uint8_t *data, size_t dlen);

/* ---- generator state --------------------------------------------------- */

struct scanner {
    uint32_t ip;
    uint8_t ttl;
    uint8_t tool;   /* enum tool in traffic.c */
    uint16_t port;  /* the service it scans for */
    uint16_t sport; /* masscan keeps one source port */
    uint16_t ipid;  /* Windows increments it */
};

struct victim {
    uint32_t ip;
    uint8_t kind; /* how it answers: enum vkind in traffic.c */
    uint8_t ttl;
    uint16_t port; /* the attacked service */
    uint16_t ipid;
    /* victims 0..N_ATTACKS-1 are attacks (many packets), the rest send
     * a handful */
    uint64_t lo, hi;     /* attack: packet-index window it is active in */
    uint64_t next, step; /* handful: next scheduled index and spacing */
    uint32_t budget;     /* handful: packets left to send */
    uint64_t sent;       /* counted from the written frames (count.c) */
};

#define MAX_SCANNERS 256
#define MAX_VICTIMS 7
#define N_ATTACKS 3

/* The --summary counters; see count.c for the definitions. */
struct counts {
    uint64_t packets, ipv4, ipv6, arp, tcp, udp, icmp, gre, fragments,
        ip_options, syn, synack, rst, rstack, echo_request, echo_reply,
        icmp_unreach, icmp_timex, backscatter, icmpreq, other;
    uint64_t first_us, last_us;
};

struct gen {
    rng_t rng;
    const struct synth_options *opt;
    uint8_t mac_router[6], mac_sensor[6];
    struct scanner scanners[MAX_SCANNERS];
    uint32_t n_scanners;
    struct victim victims[MAX_VICTIMS];
    uint32_t n_victims;
    struct frame pending; /* second fragment, sent right after the first */
    int have_pending;
    struct frame *pool; /* repeat mix: the frames repeated */
    uint32_t pool_len;
    struct counts c;
};

/* traffic.c */
/** Seeds and sets up the scanners, victims (and the repeat pool).
 * @return 0, or -1 when out of memory */
int synth_setup(struct gen *g, const struct synth_options *opt);
/** The frame of packet @p i (built in @p scratch or taken from the pool). */
const struct frame *synth_next_frame(struct gen *g, struct frame *scratch,
                                     uint64_t i);
void synth_free(struct gen *g);

/* count.c */
/** Counts a written frame stamped @p ts_us.
 * @return 0, or -1 if backscatter came from a non-victim (a bug) */
int synth_count_frame(struct gen *g, const struct frame *f, uint64_t ts_us);

#define SUMMARY_LINE 96
#define SUMMARY_MAX (32 + MAX_VICTIMS)
/** Fills @p lines with the sorted summary lines (no '\n').
 * @return the number of lines */
size_t synth_summary_lines(const struct gen *g,
                           char lines[SUMMARY_MAX][SUMMARY_LINE]);

#endif /* CORS_SYNTH_H */
