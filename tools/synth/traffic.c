/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * cors-synth: what a telescope sees. A pool of scanners probes random
 * darknet addresses (TCP SYN, UDP, ICMP echo); a few victims of spoofed
 * attacks answer into the darknet (backscatter): three attacks with many
 * packets, and a handful of packets from the others; plus a little IPv6,
 * ARP, fragments, GRE and IP options for readers to skip or handle.
 */
#include <stdlib.h>
#include <string.h>

#include "corsaro/io.h"
#include "synth.h"

enum tool { TOOL_ZMAP, TOOL_MASSCAN, TOOL_LINUX, TOOL_WINDOWS };

/* How a victim answers the attack traffic it receives. */
enum vkind { VK_SYNACK, VK_RST, VK_ECHO, VK_UNREACH, VK_TIMEX, VK_COUNT };

#define POOL_MAX 400
#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- addresses ---------------------------------------------------------- */

static int in_prefix(const struct gen *g, uint32_t a)
{
    return (a & g->opt->pfx_mask) == g->opt->pfx_addr;
}

/* Not a special-purpose range and not in the darknet: a believable
 * Internet source. */
static int is_public(const struct gen *g, uint32_t a)
{
    uint8_t o1 = (uint8_t)(a >> 24), o2 = (uint8_t)(a >> 16);
    if (o1 == 0 || o1 == 10 || o1 == 127 || o1 >= 224)
        return 0;
    if ((o1 == 100 && (o2 & 0xc0) == 64) || (o1 == 169 && o2 == 254) ||
        (o1 == 172 && (o2 & 0xf0) == 16) || (o1 == 192 && o2 == 168))
        return 0;
    return !in_prefix(g, a);
}

static uint32_t public_addr(struct gen *g)
{
    uint32_t a = rng_u32(&g->rng);
    /* A huge darknet (/0, /1) may leave nothing outside it: give up then. */
    for (int tries = 0; tries < 64 && !is_public(g, a); tries++)
        a = rng_u32(&g->rng);
    return a;
}

static uint32_t dark_addr(struct gen *g)
{
    return g->opt->pfx_addr | (rng_u32(&g->rng) & ~g->opt->pfx_mask);
}

/* ---- setup ------------------------------------------------------------- */

static const uint16_t tcp_ports[] = {23,   445,  22,   80,    8080,  3389,
                                     1433, 5555, 2323, 443,   81,    8443,
                                     6379, 3306, 5900, 21,    25,    7547,
                                     8081, 9200, 2375, 37215, 52869, 139};
#define N_TCP_PORTS COUNT_OF(tcp_ports)

static uint8_t hops_ttl(struct gen *g, uint8_t initial)
{
    return (uint8_t)(initial - rng_range(&g->rng, 4, 30));
}

static uint8_t tool_ttl(struct gen *g, uint8_t tool)
{
    static const uint8_t initial[] = {255, 255, 64, 128};
    return hops_ttl(g, initial[tool]);
}

static void random_scanner(struct gen *g, struct scanner *s)
{
    uint32_t r = rng_below(&g->rng, 100);
    s->tool = r < 35 ? TOOL_ZMAP
              : r < 60 ? TOOL_MASSCAN
              : r < 80 ? TOOL_LINUX
                       : TOOL_WINDOWS;
    s->ip = public_addr(g);
    s->ttl = tool_ttl(g, s->tool);
    s->port = tcp_ports[rng_skewed(&g->rng, N_TCP_PORTS)];
    s->sport = (uint16_t)rng_range(&g->rng, 40000, 65000);
    s->ipid = (uint16_t)rng_u32(&g->rng);
}

static void setup_scanners(struct gen *g)
{
    g->n_scanners = rng_range(&g->rng, 64, MAX_SCANNERS);
    for (uint32_t i = 0; i < g->n_scanners; i++)
        random_scanner(g, &g->scanners[i]);
}

static int victim_ip_taken(const struct gen *g, uint32_t ip, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (g->victims[i].ip == ip)
            return 1;
    return 0;
}

/* Attacks: victim 0 is attacked all along; the others in windows that
 * overlap, so at any time one to three attacks are visible. */
static void setup_attack(struct gen *g, struct victim *v, uint32_t k)
{
    uint64_t n = g->opt->packets;
    if (k == 0) {
        v->lo = 0;
        v->hi = n;
        return;
    }
    uint32_t from = k == 1 ? rng_range(&g->rng, 5, 30)
                           : rng_range(&g->rng, 45, 60);
    uint32_t span = rng_range(&g->rng, 25, 40);
    v->lo = n * from / 100;
    v->hi = n * (from + span) / 100;
}

/* The other victims send a handful of packets spread over the trace. */
static void setup_handful(struct gen *g, struct victim *v)
{
    uint64_t n = g->opt->packets;
    uint64_t want = rng_range(&g->rng, 3, 12);
    v->budget = (uint32_t)(want < n / 50 ? want : n / 50);
    if (v->budget == 0)
        return;
    v->step = n / v->budget;
    v->next = rng_below(&g->rng, (uint32_t)(v->step < UINT32_MAX ? v->step
                                                               : UINT32_MAX));
}

static void setup_victims(struct gen *g)
{
    uint8_t kinds[VK_COUNT] = {VK_SYNACK, VK_RST, VK_ECHO, VK_UNREACH,
                               VK_TIMEX};
    static const uint16_t services[] = {80, 443, 53, 25, 22, 8080, 3074, 27015};
    static const uint8_t initial[] = {64, 128, 255};

    /* Shuffle so that every kind appears once and which is an attack
     * varies with the seed. */
    for (uint32_t i = VK_COUNT - 1; i > 0; i--) {
        uint32_t j = rng_below(&g->rng, i + 1);
        uint8_t t = kinds[i];
        kinds[i] = kinds[j];
        kinds[j] = t;
    }
    g->n_victims = rng_range(&g->rng, 5, MAX_VICTIMS);
    for (uint32_t i = 0; i < g->n_victims; i++) {
        struct victim *v = &g->victims[i];
        memset(v, 0, sizeof(*v));
        do
            v->ip = public_addr(g);
        while (victim_ip_taken(g, v->ip, i));
        v->kind = i < VK_COUNT ? kinds[i]
                               : (uint8_t)rng_below(&g->rng, VK_COUNT);
        v->ttl = hops_ttl(g, initial[rng_below(&g->rng, COUNT_OF(initial))]);
        v->port = services[rng_below(&g->rng, COUNT_OF(services))];
        v->ipid = (uint16_t)rng_u32(&g->rng);
        if (i < N_ATTACKS)
            setup_attack(g, v, i);
        else
            setup_handful(g, v);
    }
}

static void setup_macs(struct gen *g)
{
    /* Real vendor OUIs (a Cisco router facing an Intel capture NIC). */
    static const uint8_t router_oui[3] = {0x00, 0x1e, 0xf7};
    static const uint8_t sensor_oui[3] = {0x00, 0x1b, 0x21};
    uint32_t r = rng_u32(&g->rng), s = rng_u32(&g->rng);
    memcpy(g->mac_router, router_oui, 3);
    memcpy(g->mac_sensor, sensor_oui, 3);
    for (int i = 0; i < 3; i++) {
        g->mac_router[3 + i] = (uint8_t)(r >> (8 * i));
        g->mac_sensor[3 + i] = (uint8_t)(s >> (8 * i));
    }
}

/* ---- frame assembly ---------------------------------------------------- */

static void put_eth(const struct gen *g, uint8_t *p, const uint8_t *dst,
                    uint16_t type)
{
    memcpy(p, dst ? dst : g->mac_sensor, 6);
    memcpy(p + 6, g->mac_router, 6);
    corsaro_put_u16(p + 12, type);
}

static void frame_finish(struct frame *f, size_t len)
{
    if (len < FRAME_MIN) {
        memset(f->b + len, 0, FRAME_MIN - len);
        len = FRAME_MIN;
    }
    f->len = len;
}

/* Where the transport header of an IPv4 frame with @p ip starts. */
static uint8_t *l4_of(struct frame *f, const struct l3 *ip)
{
    return f->b + ETH_LEN + 20 + ip->optlen;
}

/* Adds Ethernet and IPv4 headers around the @p l4len bytes at l4_of(). */
static void frame_ipv4(struct gen *g, struct frame *f, const struct l3 *ip,
                       uint8_t proto, size_t l4len)
{
    put_eth(g, f->b, NULL, ETHERTYPE_IP);
    size_t hlen = synth_put_ipv4(f->b + ETH_LEN, ip, proto, l4len);
    frame_finish(f, ETH_LEN + hlen + l4len);
}

static void frame_tcp(struct gen *g, struct frame *f, const struct l3 *ip,
                      const struct tcpspec *t)
{
    synth_put_tcp(l4_of(f, ip), ip, t);
    frame_ipv4(g, f, ip, PROTO_TCP, 20 + t->optlen);
}

static void frame_udp(struct gen *g, struct frame *f, const struct l3 *ip,
                      uint16_t sport, uint16_t dport, const uint8_t *data,
                      size_t dlen)
{
    synth_put_udp(l4_of(f, ip), ip->src, ip->dst, sport, dport, data, dlen);
    frame_ipv4(g, f, ip, PROTO_UDP, 8 + dlen);
}

static void frame_icmp(struct gen *g, struct frame *f, const struct l3 *ip,
                       uint8_t type, uint8_t code, uint32_t rest,
                       const uint8_t *data, size_t dlen)
{
    synth_put_icmp(l4_of(f, ip), type, code, rest, data, dlen);
    frame_ipv4(g, f, ip, PROTO_ICMP, 8 + dlen);
}

/* ---- scans and probes (traffic into the darknet) ----------------------- */

/* The TCP options each tool puts in its SYNs. */
static size_t syn_options(uint8_t tool, struct gen *g, uint8_t *o)
{
    /* MSS 1460, NOP, window scale 8, NOP, NOP, SACK permitted */
    static const uint8_t windows_opts[] = {2, 4, 0x05, 0xb4, 1, 3,
                                           3, 8, 1,    1,    4, 2};
    /* MSS 1460, SACK permitted, timestamps (value set below), NOP, WS 7 */
    static const uint8_t linux_opts[] = {2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0,
                                         0, 0, 0,    0,    0, 0, 1, 3,  3, 7};
    if (tool == TOOL_ZMAP || tool == TOOL_MASSCAN)
        return 0;
    if (tool == TOOL_WINDOWS) {
        memcpy(o, windows_opts, sizeof(windows_opts));
        return sizeof(windows_opts);
    }
    memcpy(o, linux_opts, sizeof(linux_opts));
    corsaro_put_u32(o + 8, rng_u32(&g->rng));
    return sizeof(linux_opts);
}

/* A scanner from the pool, or (unique mix) a fresh one per packet. */
static struct scanner *pick_scanner(struct gen *g, struct scanner *tmp)
{
    if (g->opt->mix == MIX_UNIQUE) {
        random_scanner(g, tmp);
        tmp->ttl = (uint8_t)rng_range(&g->rng, 20, 255);
        tmp->port = (uint16_t)rng_range(&g->rng, 1, 65535);
        return tmp;
    }
    return &g->scanners[rng_skewed(&g->rng, g->n_scanners)];
}

static void scanner_l3(struct gen *g, struct scanner *s, struct l3 *ip)
{
    memset(ip, 0, sizeof(*ip));
    ip->src = s->ip;
    ip->dst = dark_addr(g);
    ip->ttl = s->ttl;
    switch (s->tool) {
    case TOOL_ZMAP:
        ip->id = 54321; /* zmap's fixed IP ID */
        break;
    case TOOL_WINDOWS:
        ip->id = s->ipid++;
        ip->frag = IP_DF;
        break;
    case TOOL_LINUX:
        ip->frag = IP_DF;
        break;
    default:
        ip->id = (uint16_t)rng_u32(&g->rng);
    }
}

static void build_syn_scan(struct gen *g, struct frame *f)
{
    struct scanner tmp, *s = pick_scanner(g, &tmp);
    struct l3 ip;
    uint8_t opt[20];
    struct tcpspec t = {0};
    /* window by tool: zmap, masscan, Linux, Windows */
    static const uint16_t wins[] = {65535, 1024, 29200, 64240};

    scanner_l3(g, s, &ip);
    t.dport = s->port;
    if (s->tool == TOOL_MASSCAN && g->opt->mix != MIX_UNIQUE) {
        t.sport = s->sport;
        if (rng_below(&g->rng, 2)) /* masscan sweeps many ports */
            t.dport = tcp_ports[rng_below(&g->rng, N_TCP_PORTS)];
    } else {
        t.sport = (uint16_t)rng_range(&g->rng, 32768, 61000);
    }
    t.seq = rng_u32(&g->rng);
    t.flags = TH_SYN;
    t.win = wins[s->tool];
    t.opt = opt;
    t.optlen = syn_options(s->tool, g, opt);
    frame_tcp(g, f, &ip, &t);
}

/* A payload that looks like what scanners send to that UDP port. */
static size_t udp_payload(struct gen *g, uint16_t port, uint8_t *p)
{
    static const uint8_t dns_q[] = {0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0,
                                    7, 'v', 'e', 'r', 's', 'i', 'o', 'n', 4,
                                    'b', 'i', 'n', 'd', 0, 0x00, 0x10, 0x00,
                                    0x03};
    static const char ssdp[] = "M-SEARCH * HTTP/1.1\r\n"
                               "HOST: 239.255.255.250:1900\r\n"
                               "MAN: \"ssdp:discover\"\r\nMX: 1\r\n"
                               "ST: ssdp:all\r\n\r\n";
    static const uint8_t memcached[] = {0, 1, 0, 0, 0, 1, 0, 0, 's',
                                        't', 'a', 't', 's', '\r', '\n'};
    switch (port) {
    case 53:
        corsaro_put_u16(p, (uint16_t)rng_u32(&g->rng)); /* query id */
        memcpy(p + 2, dns_q, sizeof(dns_q));
        return 2 + sizeof(dns_q);
    case 123: /* NTP mode 3 client request */
        memset(p, 0, 48);
        p[0] = 0xe3;
        return 48;
    case 1900:
        memcpy(p, ssdp, sizeof(ssdp) - 1);
        return sizeof(ssdp) - 1;
    case 11211:
        memcpy(p, memcached, sizeof(memcached));
        return sizeof(memcached);
    default: {
        size_t len = rng_range(&g->rng, 0, 64);
        rng_fill(&g->rng, p, len);
        return len;
    }
    }
}

static void build_udp_probe(struct gen *g, struct frame *f)
{
    static const uint16_t ports[] = {53,  123,  1900, 11211, 161,  137,
                                     5060, 19, 389, 5353, 500, 623};
    struct scanner tmp, *s = pick_scanner(g, &tmp);
    struct l3 ip;
    uint8_t data[128];
    uint16_t dport = g->opt->mix == MIX_UNIQUE
                         ? s->port
                         : ports[rng_skewed(&g->rng, COUNT_OF(ports))];
    uint16_t sport = (uint16_t)rng_range(&g->rng, 1024, 65535);

    scanner_l3(g, s, &ip);
    size_t dlen = udp_payload(g, dport, data);
    frame_udp(g, f, &ip, sport, dport, data, dlen);
}

/* Echo data as Linux ping (56 bytes) or Windows ping (32 bytes) sends. */
static size_t echo_data(struct gen *g, uint8_t *p)
{
    static const char win[] = "abcdefghijklmnopqrstuvwabcdefghi";
    uint32_t r = rng_below(&g->rng, 3);
    if (r == 0) {
        memcpy(p, win, 32);
        return 32;
    }
    if (r == 1)
        return 0; /* zmap's ICMP module sends no data */
    rng_fill(&g->rng, p, 8); /* struct timeval of the sender */
    for (uint8_t i = 0; i < 48; i++)
        p[8 + i] = (uint8_t)(0x10 + i);
    return 56;
}

static void build_echo_request(struct gen *g, struct frame *f)
{
    struct scanner tmp, *s = pick_scanner(g, &tmp);
    struct l3 ip;
    uint8_t data[64];

    scanner_l3(g, s, &ip);
    size_t dlen = echo_data(g, data);
    frame_icmp(g, f, &ip, 8, 0, rng_u32(&g->rng), data, dlen);
}

/* ---- backscatter (a victim answering packets spoofed from us) ---------- */

/* The header + 8 bytes of the spoofed packet an ICMP error quotes: from
 * the darknet address @p dark to the victim. */
static size_t quote_original(struct gen *g, const struct victim *v,
                             uint32_t dark, uint8_t ttl, uint8_t *p)
{
    struct l3 ip = {.src = dark, .dst = v->ip, .ttl = ttl,
                    .id = (uint16_t)rng_u32(&g->rng)};
    uint16_t sport = (uint16_t)rng_range(&g->rng, 1024, 65535);

    if (rng_below(&g->rng, 2)) {
        synth_put_ipv4(p, &ip, PROTO_UDP, 8 + rng_range(&g->rng, 0, 512));
        corsaro_put_u16(p + 20, sport);
        corsaro_put_u16(p + 22, v->port);
        corsaro_put_u16(p + 24, corsaro_get_u16(p + 2) - 20);
        corsaro_put_u16(p + 26, (uint16_t)(rng_u32(&g->rng) | 1));
    } else {
        synth_put_ipv4(p, &ip, PROTO_TCP, 20);
        corsaro_put_u16(p + 20, sport);
        corsaro_put_u16(p + 22, v->port);
        corsaro_put_u32(p + 24, rng_u32(&g->rng));
    }
    return 28;
}

static void backscatter_tcp(struct gen *g, struct frame *f, struct victim *v,
                            const struct l3 *ip)
{
    static const uint8_t mss[] = {2, 4, 0x05, 0xb4};
    struct tcpspec t = {0};
    uint32_t r = rng_below(&g->rng, 100);

    t.sport = v->port;
    t.dport = (uint16_t)rng_range(&g->rng, 1024, 65535);
    t.seq = rng_u32(&g->rng);
    t.ack = rng_u32(&g->rng);
    if (v->kind == VK_SYNACK && r < 85) {
        t.flags = TH_SYN | TH_ACK;
        t.win = 29200;
        t.opt = mss;
        t.optlen = sizeof(mss);
    } else if (v->kind == VK_RST && r < 80) {
        t.flags = TH_RST; /* answer to a spoofed ACK: seq = its ack */
        t.ack = 0;
    } else {
        t.flags = TH_RST | TH_ACK; /* SYN to a closed port */
        t.seq = 0;
    }
    frame_tcp(g, f, ip, &t);
}

static void build_backscatter(struct gen *g, struct frame *f, struct victim *v)
{
    struct l3 ip = {.src = v->ip, .dst = dark_addr(g), .ttl = v->ttl,
                    .id = v->ipid++};
    uint8_t data[64];
    size_t dlen;

    switch (v->kind) {
    case VK_SYNACK:
    case VK_RST:
        backscatter_tcp(g, f, v, &ip);
        break;
    case VK_ECHO:
        dlen = echo_data(g, data);
        frame_icmp(g, f, &ip, 0, 0, rng_u32(&g->rng), data, dlen);
        break;
    case VK_UNREACH: {
        static const uint8_t codes[] = {3, 3, 3, 1, 13};
        uint8_t ttl = (uint8_t)rng_range(&g->rng, 30, 250);
        dlen = quote_original(g, v, ip.dst, ttl, data);
        frame_icmp(g, f, &ip, 3, codes[rng_below(&g->rng, COUNT_OF(codes))], 0,
                   data, dlen);
        break;
    }
    default: /* VK_TIMEX: the spoofed packet's TTL ran out at the victim */
        dlen = quote_original(g, v, ip.dst, 1, data);
        frame_icmp(g, f, &ip, 11, 0, 0, data, dlen);
        break;
    }
}

/* One of the attacks going on at packet index @p i. */
static struct victim *pick_attack(struct gen *g, uint64_t i)
{
    struct victim *active[N_ATTACKS];
    uint32_t n = 0;
    for (uint32_t k = 0; k < N_ATTACKS; k++)
        if (g->victims[k].lo <= i && i < g->victims[k].hi)
            active[n++] = &g->victims[k];
    if (n == 0) /* only if windows are empty (tiny traces) */
        return &g->victims[0];
    return active[rng_below(&g->rng, n)];
}

/* A handful victim whose next packet is due at index @p i, or NULL. */
static struct victim *handful_due(struct gen *g, uint64_t i)
{
    for (uint32_t k = N_ATTACKS; k < g->n_victims; k++) {
        struct victim *v = &g->victims[k];
        if (v->budget > 0 && v->next <= i) {
            v->budget--;
            v->next += v->step;
            return v;
        }
    }
    return NULL;
}

/* ---- what a reader must skip or handle --------------------------------- */

static void build_ipv6(struct gen *g, struct frame *f)
{
    static const uint8_t doc_prefix[4] = {0x20, 0x01, 0x0d, 0xb8};
    uint8_t *ip6 = f->b + ETH_LEN, *udp = ip6 + 40, data[64];
    size_t dlen = rng_range(&g->rng, 8, 48);
    uint16_t dport = rng_below(&g->rng, 2) ? 53 : 123;

    rng_fill(&g->rng, data, dlen);
    put_eth(g, f->b, NULL, ETHERTYPE_IPV6);
    corsaro_put_u32(ip6, 0x60000000u);
    corsaro_put_u16(ip6 + 4, (uint16_t)(8 + dlen));
    ip6[6] = PROTO_UDP;
    ip6[7] = hops_ttl(g, 64);
    for (int a = 0; a < 2; a++) { /* 2001:db8::/32, documentation space */
        memcpy(ip6 + 8 + 16 * a, doc_prefix, 4);
        rng_fill(&g->rng, ip6 + 12 + 16 * a, 12);
    }
    ip6[28] = 0xff; /* destinations in 2001:db8:ff00::/40, the "darknet" */
    corsaro_put_u16(udp, (uint16_t)rng_range(&g->rng, 1024, 65535));
    corsaro_put_u16(udp + 2, dport);
    corsaro_put_u16(udp + 4, (uint16_t)(8 + dlen));
    corsaro_put_u16(udp + 6, 0);
    memcpy(udp + 8, data, dlen);
    uint32_t acc = synth_sum16(ip6 + 8, 32, PROTO_UDP + (uint32_t)(8 + dlen));
    uint16_t ck = synth_sum_fold(synth_sum16(udp, 8 + dlen, acc));
    corsaro_put_u16(udp + 6, ck ? ck : 0xffff);
    frame_finish(f, ETH_LEN + 40 + 8 + dlen);
}

/* The router asking for a darknet address (who-has X tell gateway). */
static void build_arp(struct gen *g, struct frame *f)
{
    static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    uint8_t *a = f->b + ETH_LEN;
    uint32_t gw = g->opt->pfx_addr | (~g->opt->pfx_mask & 1u);

    put_eth(g, f->b, bcast, ETHERTYPE_ARP);
    corsaro_put_u16(a, 1);
    corsaro_put_u16(a + 2, ETHERTYPE_IP);
    a[4] = 6;
    a[5] = 4;
    corsaro_put_u16(a + 6, 1); /* request */
    memcpy(a + 8, g->mac_router, 6);
    corsaro_put_u32(a + 14, gw);
    memset(a + 18, 0, 6);
    corsaro_put_u32(a + 24, dark_addr(g));
    frame_finish(f, ETH_LEN + 28);
}

/* A UDP datagram or ping split in two: the first fragment (MF, offset 0,
 * holds the transport header) now, the rest queued as the next packet. */
static void build_fragments(struct gen *g, struct frame *f)
{
    struct scanner *s = &g->scanners[rng_skewed(&g->rng, g->n_scanners)];
    uint8_t msg[8 + 72 + 200];
    size_t first = 8 * rng_range(&g->rng, 3, 9);   /* multiple of 8 */
    size_t total = first + rng_range(&g->rng, 8, 200);
    struct l3 ip = {.src = s->ip, .dst = dark_addr(g), .ttl = s->ttl,
                    .id = (uint16_t)rng_u32(&g->rng)};
    uint8_t proto;

    rng_fill(&g->rng, msg + 8, total - 8);
    if (rng_below(&g->rng, 10) < 7) {
        proto = PROTO_UDP;
        uint16_t sport = (uint16_t)rng_range(&g->rng, 1024, 65535);
        synth_put_udp(msg, ip.src, ip.dst, sport, 53, msg + 8, total - 8);
    } else {
        proto = PROTO_ICMP;
        synth_put_icmp(msg, 8, 0, rng_u32(&g->rng), msg + 8, total - 8);
    }
    ip.frag = IP_MF;
    memcpy(l4_of(f, &ip), msg, first);
    frame_ipv4(g, f, &ip, proto, first);

    ip.frag = (uint16_t)(first / 8);
    memcpy(l4_of(&g->pending, &ip), msg + first, total - first);
    frame_ipv4(g, &g->pending, &ip, proto, total - first);
    g->have_pending = 1;
}

/* GRE (no key, no checksum) carrying an IPv4 TCP SYN. */
static void build_gre(struct gen *g, struct frame *f)
{
    struct scanner *s = &g->scanners[rng_skewed(&g->rng, g->n_scanners)];
    struct l3 outer = {.src = s->ip, .dst = dark_addr(g), .ttl = s->ttl,
                       .id = (uint16_t)rng_u32(&g->rng)};
    struct l3 inner = {.src = 0xc0a80000u | rng_below(&g->rng, 65536),
                       .dst = public_addr(g), .ttl = 64, .frag = IP_DF,
                       .id = (uint16_t)rng_u32(&g->rng)};
    struct tcpspec t = {.sport = (uint16_t)rng_range(&g->rng, 32768, 61000),
                        .dport = 80, .seq = rng_u32(&g->rng), .flags = TH_SYN,
                        .win = 29200};
    uint8_t *gre = l4_of(f, &outer);

    corsaro_put_u16(gre, 0);
    corsaro_put_u16(gre + 2, ETHERTYPE_IP);
    synth_put_tcp(gre + 4 + 20, &inner, &t);
    synth_put_ipv4(gre + 4, &inner, PROTO_TCP, 20);
    frame_ipv4(g, f, &outer, PROTO_GRE, 4 + 20 + 20);
}

/* IHL > 5: a `ping -R` (Record Route, IHL 15) or an IGMP report with
 * Router Alert (IHL 6). */
static void build_ip_options(struct gen *g, struct frame *f)
{
    struct scanner *s = &g->scanners[rng_skewed(&g->rng, g->n_scanners)];
    struct l3 ip = {.src = s->ip, .dst = dark_addr(g), .ttl = s->ttl,
                    .id = (uint16_t)rng_u32(&g->rng)};
    uint8_t opt[40] = {0}, data[64];

    if (rng_below(&g->rng, 2)) {
        opt[0] = 7;  /* Record Route */
        opt[1] = 39; /* 9 slots */
        opt[2] = 4;  /* pointer to the first free slot */
        ip.opt = opt;
        ip.optlen = 40; /* the last byte is End of Options */
        size_t dlen = echo_data(g, data);
        frame_icmp(g, f, &ip, 8, 0, rng_u32(&g->rng), data, dlen);
        return;
    }
    opt[0] = 0x94; /* Router Alert */
    opt[1] = 4;
    ip.opt = opt;
    ip.optlen = 4;
    ip.ttl = 1;
    uint8_t *igmp = l4_of(f, &ip);
    igmp[0] = 0x16; /* IGMPv2 membership report */
    igmp[1] = 0;
    corsaro_put_u16(igmp + 2, 0);
    corsaro_put_u32(igmp + 4, 0xe0000000u | rng_below(&g->rng, 1u << 20));
    corsaro_put_u16(igmp + 2, synth_sum_fold(synth_sum16(igmp, 8, 0)));
    frame_ipv4(g, f, &ip, PROTO_IGMP, 8);
}

/* ---- the mixes --------------------------------------------------------- */

/* Telescope shares in per mille; fragments come in pairs (5 draws ~ 1%). */
static void build_telescope(struct gen *g, struct frame *f, uint64_t i,
                            int allow_pairs)
{
    uint32_t r = rng_below(&g->rng, 1000);
    if (r < 455)
        build_syn_scan(g, f);
    else if (r < 605)
        build_udp_probe(g, f);
    else if (r < 705)
        build_echo_request(g, f);
    else if (r < 955)
        build_backscatter(g, f, pick_attack(g, i));
    else if (r < 965)
        build_ipv6(g, f);
    else if (r < 975)
        build_arp(g, f);
    else if (r < 985)
        build_gre(g, f);
    else if (r < 995)
        build_ip_options(g, f);
    else if (allow_pairs)
        build_fragments(g, f);
    else
        build_syn_scan(g, f);
}

/* The benchmark workload: IPv4 only, nearly every tuple new. */
static void build_unique(struct gen *g, struct frame *f, uint64_t i)
{
    uint32_t r = rng_below(&g->rng, 100);
    if (r < 55)
        build_syn_scan(g, f);
    else if (r < 70)
        build_udp_probe(g, f);
    else if (r < 80)
        build_echo_request(g, f);
    else
        build_backscatter(g, f, pick_attack(g, i));
}

static int setup_pool(struct gen *g)
{
    g->pool_len = rng_range(&g->rng, 200, POOL_MAX);
    g->pool = calloc(g->pool_len, sizeof(*g->pool));
    if (!g->pool)
        return -1;
    for (uint32_t k = 0; k < g->pool_len; k++) {
        /* spread the frames' index over the trace so every attack
         * window contributes */
        uint64_t i = g->opt->packets * k / g->pool_len;
        build_telescope(g, &g->pool[k], i, 0);
    }
    return 0;
}

const struct frame *synth_next_frame(struct gen *g, struct frame *scratch,
                                     uint64_t i)
{
    struct victim *v;
    if (g->have_pending) {
        g->have_pending = 0;
        return &g->pending;
    }
    if ((v = handful_due(g, i)) != NULL) {
        build_backscatter(g, scratch, v);
        return scratch;
    }
    switch (g->opt->mix) {
    case MIX_UNIQUE:
        build_unique(g, scratch, i);
        return scratch;
    case MIX_REPEAT:
        return &g->pool[rng_skewed(&g->rng, g->pool_len)];
    default:
        build_telescope(g, scratch, i, 1);
        return scratch;
    }
}

int synth_setup(struct gen *g, const struct synth_options *opt)
{
    memset(g, 0, sizeof(*g));
    g->opt = opt;
    rng_seed(&g->rng, opt->seed);
    setup_macs(g);
    setup_scanners(g);
    setup_victims(g);
    if (opt->mix == MIX_REPEAT)
        return setup_pool(g);
    return 0;
}

void synth_free(struct gen *g)
{
    free(g->pool);
    g->pool = NULL;
}
