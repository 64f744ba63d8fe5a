/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * cors-synth: the --summary counters, taken from the frames as written
 * (not from what the generator meant), so they are exact.
 *
 * Definitions (IPv4 only unless said otherwise):
 *   packets     every frame; ipv4 + ipv6 + arp
 *   tcp, udp, icmp, gre   by the IP protocol field, fragments included
 *   fragments   MF set or a non-zero offset; ip_options: IHL > 5
 *   syn, synack, rst, rstack   TCP with a transport header (not a
 *               non-first fragment): SYN without ACK, SYN+ACK, RST without
 *               ACK, RST+ACK
 *   echo_request, echo_reply, icmp_unreach, icmp_timex   ICMP types 8, 0,
 *               3, 11, with a transport header
 *   backscatter, icmpreq, other   flowtuple's three classes; they add up
 *               to ipv4
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corsaro/io.h"
#include "synth.h"

static struct victim *victim_by_ip(struct gen *g, uint32_t ip)
{
    for (uint32_t k = 0; k < g->n_victims; k++)
        if (g->victims[k].ip == ip)
            return &g->victims[k];
    return NULL;
}

static int icmp_is_backscatter(uint8_t type)
{
    switch (type) {
    case 0: case 3: case 4: case 5: case 11: case 12: case 14: case 16:
    case 18:
        return 1;
    default:
        return 0;
    }
}

enum ft_class { FT_BACKSCATTER, FT_ICMPREQ, FT_OTHER };

/* Counts the transport header and classifies as flowtuple does. */
static enum ft_class count_transport(struct counts *c, uint8_t proto,
                                     const uint8_t *l4)
{
    if (proto == PROTO_TCP) {
        uint8_t fl = l4[13];
        int syn = fl & TH_SYN, ack = fl & TH_ACK, rst = fl & TH_RST;
        c->syn += syn && !ack;
        c->synack += syn && ack;
        c->rst += rst && !ack;
        c->rstack += rst && ack;
        return (syn && ack) || rst ? FT_BACKSCATTER : FT_OTHER;
    }
    if (proto == PROTO_ICMP) {
        c->echo_request += l4[0] == 8;
        c->echo_reply += l4[0] == 0;
        c->icmp_unreach += l4[0] == 3;
        c->icmp_timex += l4[0] == 11;
        return icmp_is_backscatter(l4[0]) ? FT_BACKSCATTER : FT_ICMPREQ;
    }
    return FT_OTHER;
}

static int count_ipv4(struct gen *g, const uint8_t *ip)
{
    struct counts *c = &g->c;
    size_t hlen = (size_t)(ip[0] & 0x0f) * 4;
    uint16_t frag = corsaro_get_u16(ip + 6);
    uint8_t proto = ip[9];

    c->ipv4++;
    c->tcp += proto == PROTO_TCP;
    c->udp += proto == PROTO_UDP;
    c->icmp += proto == PROTO_ICMP;
    c->gre += proto == PROTO_GRE;
    c->fragments += (frag & (IP_MF | IP_OFFMASK)) != 0;
    c->ip_options += hlen > 20;
    /* every generated IPv4 packet has bytes after its header, so only a
     * non-first fragment lacks a transport header */
    enum ft_class cls = (frag & IP_OFFMASK)
                            ? FT_OTHER
                            : count_transport(c, proto, ip + hlen);
    if (cls == FT_OTHER) {
        c->other++;
    } else if (cls == FT_ICMPREQ) {
        c->icmpreq++;
    } else {
        c->backscatter++;
        struct victim *v = victim_by_ip(g, corsaro_get_u32(ip + 12));
        if (!v)
            return -1;
        v->sent++;
    }
    return 0;
}

int synth_count_frame(struct gen *g, const struct frame *f, uint64_t ts_us)
{
    uint16_t type = corsaro_get_u16(f->b + 12);
    if (g->c.packets++ == 0)
        g->c.first_us = ts_us;
    g->c.last_us = ts_us;
    if (type == ETHERTYPE_IPV6)
        g->c.ipv6++;
    else if (type == ETHERTYPE_ARP)
        g->c.arp++;
    else
        return count_ipv4(g, f->b + ETH_LEN);
    return 0;
}

/* ---- summary lines ----------------------------------------------------- */

static int cmp_line(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

size_t synth_summary_lines(const struct gen *g,
                           char lines[SUMMARY_MAX][SUMMARY_LINE])
{
    const struct counts *c = &g->c;
    const struct {
        const char *key;
        uint64_t v;
    } kv[] = {
        {"packets", c->packets},           {"ipv4", c->ipv4},
        {"ipv6", c->ipv6},                 {"arp", c->arp},
        {"tcp", c->tcp},                   {"udp", c->udp},
        {"icmp", c->icmp},                 {"gre", c->gre},
        {"fragments", c->fragments},       {"ip_options", c->ip_options},
        {"syn", c->syn},                   {"synack", c->synack},
        {"rst", c->rst},                   {"rstack", c->rstack},
        {"echo_request", c->echo_request}, {"echo_reply", c->echo_reply},
        {"icmp_unreach", c->icmp_unreach}, {"icmp_timex", c->icmp_timex},
        {"backscatter", c->backscatter},   {"icmpreq", c->icmpreq},
        {"other", c->other},
    };
    size_t n = 0;

    for (size_t k = 0; k < sizeof(kv) / sizeof(kv[0]); k++)
        snprintf(lines[n++], SUMMARY_LINE, "%s %" PRIu64, kv[k].key, kv[k].v);
    snprintf(lines[n++], SUMMARY_LINE, "first_ts %" PRIu64 ".%06" PRIu64,
             c->first_us / 1000000, c->first_us % 1000000);
    snprintf(lines[n++], SUMMARY_LINE, "last_ts %" PRIu64 ".%06" PRIu64,
             c->last_us / 1000000, c->last_us % 1000000);
    for (uint32_t k = 0; k < g->n_victims; k++) {
        const struct victim *v = &g->victims[k];
        if (v->sent == 0)
            continue;
        snprintf(lines[n++], SUMMARY_LINE, "victim %u.%u.%u.%u %" PRIu64,
                 v->ip >> 24, (v->ip >> 16) & 0xff, (v->ip >> 8) & 0xff,
                 v->ip & 0xff, v->sent);
    }
    /* Sorting whole lines sorts by key, as ' ' sorts below every key
     * character; victim lines then sort by the address text. */
    qsort(lines, n, SUMMARY_LINE, cmp_line);
    return n;
}
